use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{institution_versions, institutions};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = institutions)]
pub(crate) struct InstitutionRow {
    pub id: i64,
    pub code: String,
    #[expect(dead_code, reason = "read with the row; kept to mirror the table")]
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = institutions)]
pub(crate) struct NewInstitutionRow<'a> {
    pub code: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = institution_versions)]
pub(crate) struct VersionRow {
    #[expect(
        dead_code,
        reason = "read with the row; versions are ordered by it in SQL"
    )]
    pub id: i64,
    pub institution_id: i64,
    pub valid_from: Option<String>,
    pub name: String,
    pub legal_form: String,
    pub structure: String,
    pub network_affiliated: i32,
    pub collects_deposits: i32,
    pub framework: String,
    pub owner_group: Option<String>,
    pub recorded_at: NaiveDateTime,
    pub recorded_by: String,
    pub country: Option<String>,
    pub art44: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = institution_versions)]
pub(crate) struct NewVersionRow<'a> {
    pub institution_id: i64,
    pub valid_from: Option<String>,
    pub name: &'a str,
    pub legal_form: &'a str,
    pub structure: &'a str,
    pub network_affiliated: i32,
    pub collects_deposits: i32,
    pub framework: &'a str,
    pub owner_group: Option<&'a str>,
    pub recorded_at: NaiveDateTime,
    pub recorded_by: &'a str,
    pub country: Option<&'a str>,
    pub art44: i32,
}
