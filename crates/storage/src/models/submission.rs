use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{submission_decisions, submission_issues, submission_values, submissions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submissions)]
pub(crate) struct SubmissionRow {
    pub id: i64,
    pub institution_id: i64,
    pub period: String,
    pub version: i32,
    pub framework: String,
    pub framework_version: String,
    pub received_at: NaiveDateTime,
    pub submitted_by: String,
    pub user_id: Option<i64>,
    pub channel: String,
    pub source_name: String,
    pub source_format: String,
    pub source_sha256: String,
    pub content_sha256: String,
}

/// `None` binds `NULL` rather than writing `DEFAULT` (a batch with `DEFAULT` is inserted row by
/// row by diesel's SQLite backend).
#[derive(Debug, Insertable)]
#[diesel(table_name = submissions)]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewSubmissionRow<'a> {
    pub institution_id: i64,
    pub period: &'a str,
    pub version: i32,
    pub framework: &'a str,
    pub framework_version: &'a str,
    pub received_at: NaiveDateTime,
    pub submitted_by: &'a str,
    pub user_id: Option<i64>,
    pub channel: &'a str,
    pub source_name: &'a str,
    pub source_format: &'a str,
    pub source_sha256: &'a str,
    pub content_sha256: &'a str,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = submission_values)]
pub(crate) struct NewValueRow {
    pub submission_id: i64,
    /// Every value of the submission: a JSON object, item code to exact decimal text.
    pub item_values: String,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = submission_issues)]
pub(crate) struct IssueRow {
    #[expect(dead_code, reason = "read with the row; kept to mirror the table")]
    pub id: i64,
    pub submission_id: i64,
    pub severity: String,
    #[expect(
        dead_code,
        reason = "the place is decoded from `detail`; kept for SQL readers"
    )]
    pub place: String,
    #[expect(
        dead_code,
        reason = "the item is decoded from `detail`; kept for SQL readers"
    )]
    pub item: Option<String>,
    #[expect(
        dead_code,
        reason = "the kind is decoded from `detail`; kept for SQL readers"
    )]
    pub kind: String,
    pub message: String,
    pub detail: String,
}

/// `None` binds `NULL` (the column's default) rather than writing `DEFAULT`: a row with
/// `DEFAULT` makes diesel's SQLite backend insert a batch row by row.
#[derive(Debug, Insertable)]
#[diesel(table_name = submission_issues)]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewIssueRow<'a> {
    pub submission_id: i64,
    pub severity: &'a str,
    pub place: String,
    pub item: Option<&'a str>,
    pub kind: &'a str,
    pub message: String,
    pub detail: String,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = submission_decisions)]
pub(crate) struct DecisionRow {
    pub submission_id: i64,
    pub status: String,
    pub comment: Option<String>,
    pub decided_by: String,
    pub decided_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = submission_decisions)]
pub(crate) struct NewDecisionRow<'a> {
    pub submission_id: i64,
    pub status: &'a str,
    pub comment: Option<&'a str>,
    pub decided_by: &'a str,
    pub decided_at: NaiveDateTime,
}
