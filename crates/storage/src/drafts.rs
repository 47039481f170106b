//! Drafts of returns entered in the web form: one per institution and period, replaced at each
//! save and removed once the return is sent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult};
use crate::registry::institution_id;
use crate::schema::return_drafts;
use mizan_core::{InstitutionCode, Period};

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The values as typed, by item (JSON object).
    pub values: String,
    /// When it was saved.
    pub saved_at: NaiveDateTime,
    /// Who saved it.
    pub saved_by: String,
}

fn id_of(conn: &mut DbConnection, institution: &InstitutionCode) -> StorageResult<i64> {
    institution_id(conn, institution)?
        .ok_or_else(|| StorageError::NotFound(format!("institution {institution}")))
}

/// Saves (or replaces) the draft of `institution` for `period`.
pub fn save_draft(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
    values: &str,
    by: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    let id = id_of(conn, institution)?;
    let period = period.to_string();
    on_backend!(conn, |c| diesel::insert_into(return_drafts::table)
        .values((
            return_drafts::institution_id.eq(id),
            return_drafts::period.eq(&period),
            return_drafts::form_values.eq(values),
            return_drafts::saved_at.eq(now),
            return_drafts::saved_by.eq(by),
        ))
        .on_conflict((return_drafts::institution_id, return_drafts::period))
        .do_update()
        .set((
            return_drafts::form_values.eq(values),
            return_drafts::saved_at.eq(now),
            return_drafts::saved_by.eq(by),
        ))
        .execute(c))?;
    Ok(())
}

/// The draft of `institution` for `period`, if any.
pub fn draft(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<Option<Draft>> {
    let id = id_of(conn, institution)?;
    let row: Option<(String, NaiveDateTime, String)> = return_drafts::table
        .find((id, period.to_string()))
        .select((
            return_drafts::form_values,
            return_drafts::saved_at,
            return_drafts::saved_by,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(values, saved_at, saved_by)| Draft {
        values,
        saved_at,
        saved_by,
    }))
}

/// Removes the draft of `institution` for `period` (once its return is sent).
pub fn delete_draft(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<()> {
    let id = id_of(conn, institution)?;
    diesel::delete(return_drafts::table.find((id, period.to_string()))).execute(conn)?;
    Ok(())
}
