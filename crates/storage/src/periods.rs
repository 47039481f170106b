//! Reporting periods open for collection.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult, corrupt};
use crate::models::period::PeriodRow;
use crate::schema::periods;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use mizan_core::Period;

/// A period open for collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRecord {
    /// The quarter.
    pub period: Period,
    /// When it was opened.
    pub opened_at: NaiveDateTime,
    /// Who opened it.
    pub opened_by: String,
}

/// Opens `period` for collection if it is not open yet; returns whether it was created.
///
/// Safe under concurrent first returns of a new quarter: the insert runs in its own savepoint,
/// and a writer that loses the race to the primary key finds the period opened by the other.
pub fn ensure_period(
    conn: &mut DbConnection,
    period: Period,
    by: &str,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    let code = period.to_string();
    let exists = |conn: &mut DbConnection| -> StorageResult<bool> {
        Ok(periods::table
            .filter(periods::code.eq(&code))
            .count()
            .get_result::<i64>(conn)?
            > 0)
    };
    if exists(conn)? {
        return Ok(false);
    }
    let inserted = crate::transaction(conn, |conn| -> StorageResult<usize> {
        Ok(diesel::insert_into(periods::table)
            .values(PeriodRow {
                code: code.clone(),
                opened_at: now,
                opened_by: by.to_owned(),
            })
            .execute(conn)?)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(StorageError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Every open period, oldest first.
pub fn list_periods(conn: &mut DbConnection) -> StorageResult<Vec<PeriodRecord>> {
    let rows: Vec<PeriodRow> = periods::table
        .order(periods::code)
        .select(PeriodRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(PeriodRecord {
                period: Period::parse(&r.code).map_err(|_| corrupt("period", &r.code))?,
                opened_at: r.opened_at,
                opened_by: r.opened_by,
            })
        })
        .collect()
}
