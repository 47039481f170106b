use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::users;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub institution_id: Option<i64>,
    pub disabled: i32,
    pub created_at: NaiveDateTime,
    pub password_changed_at: NaiveDateTime,
    pub email: Option<String>,
    pub lang: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub(crate) struct NewUserRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub institution_id: Option<i64>,
    pub disabled: i32,
    pub created_at: NaiveDateTime,
    pub password_changed_at: NaiveDateTime,
    pub email: Option<&'a str>,
    pub lang: &'a str,
}
