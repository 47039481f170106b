//! What the staff back office reads besides the other use cases: the periods that have
//! returns, the registry with every recorded version, the audit log. Read-only: every state
//! change goes through the use cases of [`accounts`](crate::accounts),
//! [`collection`](crate::collection), [`publication`](crate::publication) and
//! [`registry`](crate::registry), which audit it. Every read here is staff's only: each takes
//! the [`Actor`] asking and begins with [`Actor::require_staff`].

use mizan_core::{Attributes, InstitutionCode, Period};
use mizan_storage::audit::{self, AuditFilter, AuditRecord};
use mizan_storage::registry::{VersionRecord, institution_history, load_registry};
use mizan_storage::submissions::submitted_periods;

use crate::app::{Actor, App};
use crate::error::ServiceResult;

/// The periods with at least one submission under `framework`, newest first.
pub fn periods_with_returns(
    app: &App,
    actor: &Actor,
    framework: &str,
) -> ServiceResult<Vec<Period>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    Ok(submitted_periods(&mut conn, framework)?)
}

/// One institution of the registry, as staff review it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntry {
    /// The institution.
    pub code: InstitutionCode,
    /// The attributes in force at `period` (the latest version when none is yet in force).
    pub current: Option<Attributes>,
    /// Every recorded version, oldest first, corrections included.
    pub versions: Vec<VersionRecord>,
}

/// The whole registry with every recorded version, by code; `current` is taken at `period`.
pub fn registry(app: &App, actor: &Actor, period: Period) -> ServiceResult<Vec<RegistryEntry>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    let institutions = load_registry(&mut conn)?;
    let mut out = Vec::with_capacity(institutions.len());
    for inst in institutions {
        let versions = institution_history(&mut conn, &inst.code)?;
        out.push(RegistryEntry {
            current: inst
                .attributes_at(period)
                .or_else(|| inst.current())
                .cloned(),
            code: inst.code,
            versions,
        });
    }
    Ok(out)
}

/// The actions the audit log holds, each once, in order (the audit page's filter offers them).
pub fn audit_actions(app: &App, actor: &Actor) -> ServiceResult<Vec<String>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    Ok(audit::actions(&mut conn)?)
}

/// How many events of the audit log `filter` matches (its limit and offset aside).
pub fn audit_count(app: &App, actor: &Actor, filter: &AuditFilter<'_>) -> ServiceResult<i64> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    Ok(audit::count(&mut conn, filter)?)
}

/// The audit log, newest first, filtered (at most `filter.limit` events after `filter.offset`).
pub fn audit_log(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter<'_>,
) -> ServiceResult<Vec<AuditRecord>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    Ok(audit::list(&mut conn, filter)?)
}

/// Why [`publish`](crate::publication::publish) would refuse a quarter, known before trying
/// (the same checks, in the same order, so that the web can say it in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishRefusal {
    /// No return counts for the quarter.
    NoReturns,
    /// The latest revision was made from exactly the returns that count now.
    Unchanged {
        /// That revision.
        revision: i32,
        /// When it was published.
        published_at: chrono::NaiveDateTime,
    },
    /// The quarter was published before and no note says why it is published again.
    NoteRequired {
        /// The current revision.
        revision: i32,
    },
}

/// Whether publishing `period` now with `note` would be refused, and why (`None`: it may be
/// published; disclosure control can still refuse it).
pub fn publish_refusal(
    app: &App,
    actor: &Actor,
    framework: &str,
    period: Period,
    note: Option<&str>,
) -> ServiceResult<Option<PublishRefusal>> {
    use mizan_storage::publications::{publication_submissions, revisions};

    actor.require_staff()?;
    let returns = crate::consolidation::accepted_returns_of_period(app, framework, period)?;
    if returns.is_empty() {
        return Ok(Some(PublishRefusal::NoReturns));
    }
    let mut ids: Vec<i64> = returns.iter().map(|(s, _)| s.id).collect();
    ids.sort_unstable();
    let mut conn = app.conn()?;
    let earlier = revisions(&mut conn, framework, period)?;
    let Some(last) = earlier.last() else {
        return Ok(None);
    };
    if publication_submissions(&mut conn, last.id)? == ids {
        return Ok(Some(PublishRefusal::Unchanged {
            revision: last.revision,
            published_at: last.published_at,
        }));
    }
    if note.is_none_or(|n| n.trim().is_empty()) {
        return Ok(Some(PublishRefusal::NoteRequired {
            revision: last.revision,
        }));
    }
    Ok(None)
}
