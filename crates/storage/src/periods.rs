//! Reporting periods open for collection.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageResult, corrupt};
use crate::models::period::PeriodRow;
use crate::schema::periods;
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
pub fn ensure_period(
    conn: &mut DbConnection,
    period: Period,
    by: &str,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    conn.transaction(|conn| {
        let code = period.to_string();
        let exists = periods::table
            .filter(periods::code.eq(&code))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if exists {
            return Ok(false);
        }
        diesel::insert_into(periods::table)
            .values(PeriodRow {
                code,
                opened_at: now,
                opened_by: by.to_owned(),
            })
            .execute(conn)?;
        Ok(true)
    })
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
