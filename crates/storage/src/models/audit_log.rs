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

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub(crate) struct NewAuditRow<'a> {
    pub at: NaiveDateTime,
    pub actor: &'a str,
    pub action: &'a str,
    pub submission_id: Option<i64>,
    pub institution: Option<&'a str>,
    pub period: Option<&'a str>,
    pub detail: &'a str,
}
