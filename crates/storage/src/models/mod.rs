//! Rows as diesel reads and writes them. Private to the crate: the query modules convert them
//! into domain types and records, so no caller ever sees a diesel model.

pub(crate) mod account;
pub(crate) mod audit_log;
pub(crate) mod imposed_class;
pub(crate) mod institution;
pub(crate) mod loan_tape;
pub(crate) mod period;
pub(crate) mod publication;
pub(crate) mod submission;
pub(crate) mod user;

pub(crate) fn flag(b: bool) -> i32 {
    i32::from(b)
}
