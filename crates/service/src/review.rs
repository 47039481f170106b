//! Staff's review of one version of a return, with the figures: every submitted value beside
//! the institution's previous quarter and its peer group's median, the warnings, the decisions
//! taken on every version of the quarter, and the original file. Staff only: the peer median is
//! computed on live, unpublished returns and is never shown to anyone else.

use std::collections::BTreeMap;

use mizan_core::{Code, Decimal, InstitutionCode, ItemValues, Period};
use mizan_ratios::Distribution;
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::{
    DecisionRecord, StoredIssue, SubmissionRecord, decisions_of, effective_returns,
    has_submission_file, submission, submission_file, submission_issues, submission_values,
    versions,
};

use crate::app::{Actor, App};
use crate::error::{ServiceError, ServiceResult};

/// The previous quarter's return the review compares with: the one that counts for the
/// institution (its latest version that staff have not rejected — the one the validation rules
/// compared the new return with), whether or not staff accepted it yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    /// That version (its status says whether it was accepted).
    pub submission: SubmissionRecord,
    /// Its values.
    pub values: ItemValues,
}

/// The median of one item over the other institutions of the peer group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerMedian {
    /// The median (type 7: the mean of the two middle values for an even count).
    pub median: Decimal,
    /// How many institutions gave the item.
    pub n: usize,
}

/// One decision on a version of the quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The version decided on.
    pub version: i32,
    /// The decision.
    pub decision: DecisionRecord,
}

/// What staff review for one version of a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The version reviewed.
    pub submission: SubmissionRecord,
    /// The institution's name at the period (its code when it has none then).
    pub name: String,
    /// The institution's peer group at the period (`None`: outside every group).
    pub peer_group: Option<String>,
    /// The values submitted.
    pub values: ItemValues,
    /// The previous quarter's return that counts, if any.
    pub previous: Option<Previous>,
    /// Per item, the median over the other institutions of the peer group, each taken at its
    /// return that counts for the period (latest version not rejected).
    pub peer_medians: BTreeMap<Code, PeerMedian>,
    /// How many other institutions of the group have a return that counts for the period.
    pub peers: usize,
    /// The warnings stored with the version, in the order found.
    pub issues: Vec<StoredIssue>,
    /// Every version of (institution, period), oldest first.
    pub versions: Vec<SubmissionRecord>,
    /// Every decision on every version of (institution, period), oldest first.
    pub history: Vec<HistoryEntry>,
    /// Whether the original file was kept (not for returns stored before files were, nor for
    /// those fed by a loan tape).
    pub file_kept: bool,
}

/// The review of the version `submission_id`: staff only.
pub fn review(app: &App, actor: &Actor, submission_id: i64) -> ServiceResult<Review> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    let sub = submission(&mut conn, submission_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("submission {submission_id}")))?;
    let values = submission_values(&mut conn, submission_id)?;
    let issues = submission_issues(&mut conn, submission_id)?;
    let all = versions(&mut conn, &sub.institution, sub.period)?;
    let mut history = Vec::new();
    for v in &all {
        history.extend(
            decisions_of(&mut conn, v.id)?
                .into_iter()
                .map(|decision| HistoryEntry {
                    version: v.version,
                    decision,
                }),
        );
    }
    history.sort_by_key(|h| (h.decision.decided_at, h.version));
    let previous = effective_returns(&mut conn, sub.period.previous())?
        .into_iter()
        .find(|(s, _)| s.institution == sub.institution)
        .map(|(submission, values)| Previous { submission, values });
    let registry = load_registry(&mut conn)?;
    let attrs_of = |code: &InstitutionCode| {
        registry
            .iter()
            .find(|i| &i.code == code)
            .and_then(|i| i.attributes_at(sub.period))
    };
    let attrs = attrs_of(&sub.institution);
    let fw = app.framework(&sub.framework, sub.period).ok();
    let group = match (fw, attrs) {
        (Some(fw), Some(a)) => fw.peer_group_of(a).map(|g| g.code.clone()),
        _ => None,
    };
    let (peer_medians, peers) = match (fw, &group) {
        (Some(fw), Some(group)) => {
            let others: Vec<ItemValues> = effective_returns(&mut conn, sub.period)?
                .into_iter()
                .filter(|(s, _)| s.institution != sub.institution && s.framework == fw.id)
                .filter(|(s, _)| {
                    attrs_of(&s.institution)
                        .and_then(|a| fw.peer_group_of(a))
                        .is_some_and(|g| &g.code == group)
                })
                .map(|(_, v)| v)
                .collect();
            (medians(&others), others.len())
        }
        _ => (BTreeMap::new(), 0),
    };
    let file_kept = has_submission_file(&mut conn, submission_id)?;
    Ok(Review {
        name: attrs.map_or_else(|| sub.institution.to_string(), |a| a.name.clone()),
        peer_group: group,
        values,
        previous,
        peer_medians,
        peers,
        issues,
        versions: all,
        history,
        file_kept,
        submission: sub,
    })
}

/// The median of each item over `returns` (each return giving the item counts once).
pub fn medians(returns: &[ItemValues]) -> BTreeMap<Code, PeerMedian> {
    let mut by_item: BTreeMap<Code, Vec<Decimal>> = BTreeMap::new();
    for r in returns {
        for (code, value) in r {
            by_item.entry(code.clone()).or_default().push(*value);
        }
    }
    by_item
        .into_iter()
        .filter_map(|(code, mut values)| {
            Distribution::of(&mut values).map(|d| {
                (
                    code,
                    PeerMedian {
                        median: d.median,
                        n: d.n,
                    },
                )
            })
        })
        .collect()
}

/// The original file of a submission as it was sent, with the submission (its `source_name`
/// and `source_format` name the download): staff only. `Ok(None)` when the file was not kept.
pub fn original_file(
    app: &App,
    actor: &Actor,
    submission_id: i64,
) -> ServiceResult<Option<(SubmissionRecord, Vec<u8>)>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    let sub = submission(&mut conn, submission_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("submission {submission_id}")))?;
    Ok(submission_file(&mut conn, submission_id)?.map(|bytes| (sub, bytes)))
}

/// At most this many quarters in [`framework_quarters`] (a hundred years).
const MAX_QUARTERS: usize = 400;

/// The quarters a framework collects, newest first: from its first registered quarter — the
/// earliest of the quarters with a submission under it, the periods registered (opened) on the
/// platform and the quarters from which institutions were registered under it — up to the last
/// quarter ended today, with or without returns; under a framework with monthly reporters
/// (`art44`), every month ended since the first quarter's first month too (a quarter before its
/// last month). Staff only (the collection page's picker).
pub fn framework_quarters(app: &App, actor: &Actor, framework: &str) -> ServiceResult<Vec<Period>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    let submitted = mizan_storage::submissions::submitted_periods(&mut conn, framework)?;
    let opened = mizan_storage::periods::list_periods(&mut conn)?;
    let registry = load_registry(&mut conn)?;
    let registered = registry
        .iter()
        .flat_map(|i| &i.history)
        .filter(|v| v.attributes.framework == framework)
        .filter_map(|v| v.valid_from);
    let monthly = registry
        .iter()
        .flat_map(|i| &i.history)
        .any(|v| v.attributes.framework == framework && v.attributes.art44);
    let last = Period::containing(app.today()).previous();
    // A month counts by its quarter for the first quarter.
    let first = submitted
        .iter()
        .map(|p| p.quarter_of())
        .chain(opened.iter().map(|p| p.period))
        .chain(registered)
        .min()
        .unwrap_or(last);
    let mut out: Vec<Period> = submitted
        .iter()
        .copied()
        .filter(|s| !s.is_month() && *s > last)
        .collect();
    let mut p = last;
    while p >= first && out.len() < MAX_QUARTERS {
        out.push(p);
        p = p.previous();
    }
    // A framework with monthly reporters (art. 44 SFD) collects their months too: every month
    // ended since its first quarter's first month.
    if monthly {
        let first_month = first.quarter_of().quarter_end_month().previous().previous();
        let mut m = Period::month_containing(app.today()).previous();
        while m >= first_month && out.len() < MAX_QUARTERS * 4 {
            out.push(m);
            m = m.previous();
        }
    }
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    Ok(out)
}
