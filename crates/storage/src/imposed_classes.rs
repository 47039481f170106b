//! Classes imposed by the supervisor on loans for a quarter (C N° 5/W/2023 art. 21), kept as an
//! append-only list: a new decision on the same loan and quarter is a new row, and the latest is
//! in force ([`imposed_classes_in_force`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult, corrupt};
use crate::models::imposed_class::{ImposedClassRow, NewImposedClassRow};
use crate::registry::institution_id;
use crate::schema::imposed_classes;
use mizan_core::{InstitutionCode, Period};

/// A class imposed on one loan for one quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImposedClass {
    /// The institution.
    pub institution: InstitutionCode,
    /// The quarter.
    pub period: Period,
    /// The loan id, as on the tape.
    pub loan_id: String,
    /// The class imposed.
    pub class: u8,
    /// Why (the staff's words).
    pub reason: String,
    /// Who set it.
    pub set_by: String,
    /// When (naive UTC).
    pub set_at: NaiveDateTime,
}

/// Records a class imposed on a loan for a quarter; returns its id.
pub fn insert_imposed_class(conn: &mut DbConnection, new: &ImposedClass) -> StorageResult<i64> {
    let period = new.period.to_string();
    crate::transaction(conn, |conn| -> StorageResult<i64> {
        let inst = institution_id(conn, &new.institution)?
            .ok_or_else(|| StorageError::NotFound(format!("institution {}", new.institution)))?;
        diesel::insert_into(imposed_classes::table)
            .values(NewImposedClassRow {
                institution_id: inst,
                period: &period,
                loan_id: &new.loan_id,
                class: i32::from(new.class),
                reason: &new.reason,
                set_by: &new.set_by,
                set_at: new.set_at,
            })
            .execute(conn)?;
        Ok(imposed_classes::table
            .filter(imposed_classes::institution_id.eq(inst))
            .select(diesel::dsl::max(imposed_classes::id))
            .first::<Option<i64>>(conn)?
            .unwrap_or(0))
    })
}

/// Every class imposed on the loans of (institution, period), in the order they were set.
pub fn imposed_classes(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<Vec<ImposedClass>> {
    let Some(inst) = institution_id(conn, institution)? else {
        return Ok(Vec::new());
    };
    let rows = imposed_classes::table
        .filter(imposed_classes::institution_id.eq(inst))
        .filter(imposed_classes::period.eq(period.to_string()))
        .order(imposed_classes::id)
        .select(ImposedClassRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(ImposedClass {
                institution: institution.clone(),
                period,
                class: u8::try_from(r.class).map_err(|_| corrupt("class", r.class.to_string()))?,
                loan_id: r.loan_id,
                reason: r.reason,
                set_by: r.set_by,
                set_at: r.set_at,
            })
        })
        .collect()
}

/// The class in force for each loan of (institution, period): the latest one set.
pub fn imposed_classes_in_force(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<BTreeMap<String, ImposedClass>> {
    Ok(imposed_classes(conn, institution, period)?
        .into_iter()
        .map(|c| (c.loan_id.clone(), c))
        .collect())
}
