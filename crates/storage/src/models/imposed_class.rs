use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::imposed_classes;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = imposed_classes)]
pub(crate) struct ImposedClassRow {
    pub loan_id: String,
    pub class: i32,
    pub reason: String,
    pub set_by: String,
    pub set_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = imposed_classes)]
pub(crate) struct NewImposedClassRow<'a> {
    pub institution_id: i64,
    pub period: &'a str,
    pub loan_id: &'a str,
    pub class: i32,
    pub reason: &'a str,
    pub set_by: &'a str,
    pub set_at: NaiveDateTime,
}
