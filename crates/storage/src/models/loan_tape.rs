use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::{loan_results, loan_tapes};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = loan_tapes)]
pub(crate) struct LoanTapeRow {
    pub id: i64,
    pub institution_id: i64,
    pub period: String,
    pub version: i32,
    pub as_of: NaiveDate,
    pub previous_tape_id: Option<i64>,
    pub framework: String,
    pub framework_version: String,
    pub licence: String,
    pub received_at: NaiveDateTime,
    pub submitted_by: String,
    pub user_id: Option<i64>,
    pub channel: String,
    pub source_name: String,
    pub source_format: String,
    pub source_sha256: String,
    pub loans: i64,
    pub chunks: i32,
    pub metrics: String,
    pub items: String,
    pub warnings: String,
    pub submission_id: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = loan_tapes)]
pub(crate) struct NewLoanTapeRow<'a> {
    /// Reserved before its results were written ([`crate::loan_tapes::ResultsWriter`]).
    pub id: i64,
    pub institution_id: i64,
    pub period: &'a str,
    pub version: i32,
    pub as_of: NaiveDate,
    pub previous_tape_id: Option<i64>,
    pub framework: &'a str,
    pub framework_version: &'a str,
    pub licence: &'a str,
    pub received_at: NaiveDateTime,
    pub submitted_by: &'a str,
    pub user_id: Option<i64>,
    pub channel: &'a str,
    pub source_name: &'a str,
    pub source_format: &'a str,
    pub source_sha256: &'a str,
    pub loans: i64,
    pub chunks: i32,
    pub metrics: &'a str,
    pub items: &'a str,
    pub warnings: &'a str,
    pub submission_id: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = loan_results)]
pub(crate) struct NewLoanResultRow<'a> {
    pub tape_id: i64,
    pub chunk: i32,
    pub loans: i32,
    pub body: &'a str,
    pub packed: Option<&'a [u8]>,
}
