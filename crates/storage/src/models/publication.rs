use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{publication_submissions, publications};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub(crate) struct PublicationRow {
    pub id: i64,
    pub framework: String,
    pub period: String,
    pub revision: i32,
    pub framework_version: String,
    pub published_at: NaiveDateTime,
    pub published_by: String,
    pub note: Option<String>,
    pub public_sha256: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = publications)]
pub(crate) struct NewPublicationRow<'a> {
    pub framework: &'a str,
    pub period: &'a str,
    pub revision: i32,
    pub framework_version: &'a str,
    pub published_at: NaiveDateTime,
    pub published_by: &'a str,
    pub note: Option<&'a str>,
    pub public_table: &'a str,
    pub staff_table: &'a str,
    pub disclosure: &'a str,
    pub public_sha256: &'a str,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = publication_submissions)]
pub(crate) struct NewPublicationSubmissionRow {
    pub publication_id: i64,
    pub submission_id: i64,
}
