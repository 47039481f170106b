use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{grants, login_attempts, sessions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub address: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub(crate) struct NewSessionRow<'a> {
    pub token_sha256: &'a str,
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub address: &'a str,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = login_attempts)]
pub(crate) struct NewAttemptRow<'a> {
    pub at: NaiveDateTime,
    pub username: &'a str,
    pub address: &'a str,
    pub success: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = grants)]
pub(crate) struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub framework: String,
    pub period: String,
    pub granted_by: String,
    pub granted_at: NaiveDateTime,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = grants)]
pub(crate) struct NewGrantRow<'a> {
    pub user_id: i64,
    pub framework: &'a str,
    pub period: &'a str,
    pub granted_by: &'a str,
    pub granted_at: NaiveDateTime,
}
