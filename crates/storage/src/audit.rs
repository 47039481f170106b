//! The append-only audit log: who did what, when, to which submission. The database refuses
//! updates and deletes on it (a trigger on both backends).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::StorageResult;
use crate::models::audit_log::{AuditRow, NewAuditRow};
use crate::schema::audit_log;

/// An event to record.
#[derive(Debug, Clone, Default)]
pub struct NewAudit<'a> {
    /// Who (user name, `cli:<login>`, `system`).
    pub actor: &'a str,
    /// What (`import.accepted`, `login`, `publish`, …).
    pub action: &'a str,
    /// The submission concerned.
    pub submission_id: Option<i64>,
    /// The institution concerned.
    pub institution: Option<&'a str>,
    /// The period concerned.
    pub period: Option<&'a str>,
    /// Free detail (a sentence, or JSON).
    pub detail: &'a str,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Sequence number.
    pub id: i64,
    /// When (naive UTC).
    pub at: NaiveDateTime,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Submission concerned.
    pub submission_id: Option<i64>,
    /// Institution concerned.
    pub institution: Option<String>,
    /// Period concerned.
    pub period: Option<String>,
    /// Detail.
    pub detail: String,
}

/// Which events to list (every given field must match; `action_prefix` matches the start).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter<'a> {
    /// Actor.
    pub actor: Option<&'a str>,
    /// Start of the action (`import.` matches every import event).
    pub action_prefix: Option<&'a str>,
    /// Institution.
    pub institution: Option<&'a str>,
    /// Period.
    pub period: Option<&'a str>,
    /// At most this many, newest first (200 when 0).
    pub limit: i64,
    /// Skip this many of the newest first (a page: `offset = page × limit`).
    pub offset: i64,
}

/// Appends an event.
pub fn append(
    conn: &mut DbConnection,
    event: &NewAudit<'_>,
    at: NaiveDateTime,
) -> StorageResult<()> {
    append_many(conn, std::slice::from_ref(event), at)
}

/// Appends events in order, in as few multi-row inserts as the backend's limit on bound
/// parameters allows (seven a row): a file of a thousand returns is a thousand events.
pub fn append_many(
    conn: &mut DbConnection,
    events: &[NewAudit<'_>],
    at: NaiveDateTime,
) -> StorageResult<()> {
    let rows: Vec<NewAuditRow<'_>> = events
        .iter()
        .map(|event| NewAuditRow {
            at,
            actor: event.actor,
            action: event.action,
            submission_id: event.submission_id,
            institution: event.institution,
            period: event.period,
            detail: event.detail,
        })
        .collect();
    for chunk in rows.chunks(conn.rows_per_insert(7)) {
        on_backend!(conn, |c| diesel::insert_into(audit_log::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The events `filter` matches, as a query (every condition in SQL).
fn matching<'a>(
    filter: &AuditFilter<'_>,
) -> audit_log::BoxedQuery<'a, <DbConnection as Connection>::Backend> {
    let mut q = audit_log::table.into_boxed();
    if let Some(a) = filter.actor {
        q = q.filter(audit_log::actor.eq(a.to_owned()));
    }
    if let Some(p) = filter.action_prefix {
        q = q.filter(
            audit_log::action
                .like(format!("{}%", escape_like(p)))
                .escape('\\'),
        );
    }
    if let Some(i) = filter.institution {
        q = q.filter(audit_log::institution.eq(i.to_owned()));
    }
    if let Some(p) = filter.period {
        q = q.filter(audit_log::period.eq(p.to_owned()));
    }
    q
}

/// The actions recorded in the log, each once, in order (for the audit page's filter).
pub fn actions(conn: &mut DbConnection) -> StorageResult<Vec<String>> {
    Ok(audit_log::table
        .select(audit_log::action)
        .distinct()
        .order(audit_log::action)
        .load(conn)?)
}

/// How many events `filter` matches (its `limit` and `offset` aside).
pub fn count(conn: &mut DbConnection, filter: &AuditFilter<'_>) -> StorageResult<i64> {
    Ok(matching(filter).count().get_result(conn)?)
}

/// Lists events, newest first: at most `filter.limit` after skipping `filter.offset`.
pub fn list(conn: &mut DbConnection, filter: &AuditFilter<'_>) -> StorageResult<Vec<AuditRecord>> {
    let q = matching(filter);
    let limit = if filter.limit > 0 { filter.limit } else { 200 };
    let rows: Vec<AuditRow> = q
        .order(audit_log::id.desc())
        .limit(limit)
        .offset(filter.offset.max(0))
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            submission_id: r.submission_id,
            institution: r.institution,
            period: r.period,
            detail: r.detail,
        })
        .collect())
}
