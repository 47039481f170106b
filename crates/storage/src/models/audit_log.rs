use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::audit_log;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub(crate) struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub submission_id: Option<i64>,
    pub institution: Option<String>,
    pub period: Option<String>,
    pub detail: String,
}

/// `None` binds `NULL` rather than writing `DEFAULT` (a batch with `DEFAULT` is inserted row by
/// row by diesel's SQLite backend).
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewAuditRow<'a> {
    pub at: NaiveDateTime,
    pub actor: &'a str,
    pub action: &'a str,
    pub submission_id: Option<i64>,
    pub institution: Option<&'a str>,
    pub period: Option<&'a str>,
    pub detail: &'a str,
}
