use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::periods;

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = periods)]
pub(crate) struct PeriodRow {
    pub code: String,
    pub opened_at: NaiveDateTime,
    pub opened_by: String,
}
