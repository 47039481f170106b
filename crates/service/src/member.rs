//! The member space's use cases, each taking the [`Actor`] asking and deciding with the rules
//! of [`crate::access`] before reading: an institution's versions and validation reports, its
//! own indicators and its position in its peer group, and the peer detail of a period.

use std::collections::BTreeMap;

use mizan_core::{Code, Decimal, InstitutionCode, Period};
use mizan_ratios::{ConsolidatedTable, RowKind, consolidate};
use mizan_storage::periods::list_periods;
use mizan_storage::submissions::{
    StoredIssue, SubmissionRecord, submission, submission_issues, submissions_of_institution,
};

use crate::access::{Refusal, peer_detail};
use crate::app::{Actor, App};
use crate::consolidation::{InstitutionIndicators, indicators_of_period, returns_of_period};
use crate::error::{ServiceError, ServiceResult};

/// Every version an institution submitted, newest period first (staff, or its own members).
pub fn versions_of(
    app: &App,
    who: &Actor,
    code: &InstitutionCode,
) -> ServiceResult<Vec<SubmissionRecord>> {
    who.require_act_for(code)?;
    let mut conn = app.conn()?;
    Ok(submissions_of_institution(&mut conn, code)?)
}

/// A stored version and its validation report (staff, or its institution's members). Another
/// institution's submission is "not found", so that its existence is not revealed.
pub fn report(
    app: &App,
    who: &Actor,
    submission_id: i64,
) -> ServiceResult<(SubmissionRecord, Vec<StoredIssue>)> {
    let mut conn = app.conn()?;
    let sub = submission(&mut conn, submission_id)?
        .filter(|s| who.may_act_for(&s.institution))
        .ok_or_else(|| ServiceError::NotFound(format!("submission {submission_id}")))?;
    let issues = submission_issues(&mut conn, submission_id)?;
    Ok((sub, issues))
}

/// Whether any of `codes` reports monthly (flagged `art44` in the registry, in its latest
/// version): pages offer them months rather than quarters. Public, as the registry's names are.
pub fn reports_monthly(app: &App, codes: &[InstitutionCode]) -> ServiceResult<bool> {
    let mut conn = app.conn()?;
    let registry = mizan_storage::registry::load_registry(&mut conn)?;
    Ok(registry
        .iter()
        .filter(|i| codes.contains(&i.code))
        .filter_map(|i| i.current())
        .any(|a| a.art44))
}

/// The periods open on the platform, newest first.
pub fn periods(app: &App) -> ServiceResult<Vec<Period>> {
    let mut conn = app.conn()?;
    let mut out: Vec<Period> = list_periods(&mut conn)?
        .into_iter()
        .map(|p| p.period)
        .collect();
    out.reverse();
    Ok(out)
}

/// An institution's own indicators in a period (from its version that counts, with the norm
/// each is held to; `None` when no version counts), and — for those who may see the period's
/// peer detail — the unsuppressed consolidated table to place them in their peer group. The
/// period's returns are read once; only this institution's indicators are computed when the
/// peer detail is refused.
#[derive(Debug, Clone)]
pub struct OwnPosition {
    /// The institution's indicators.
    pub own: Option<InstitutionIndicators>,
    /// The period's consolidated table, or why it is refused.
    pub peers: Result<ConsolidatedTable, Refusal>,
}

fn own_of(
    fw: &mizan_core::Framework,
    returns: &[(SubmissionRecord, mizan_ratios::InstitutionReturn)],
    code: &InstitutionCode,
) -> Option<InstitutionIndicators> {
    returns
        .iter()
        .find(|(_, r)| &r.code == code)
        .map(|(record, r)| InstitutionIndicators::of(fw, record.clone(), r))
}

/// An institution's own indicators in a period (see [`OwnPosition::own`]), without its
/// peers; staff, or the institution's members.
pub fn own_indicators(
    app: &App,
    who: &Actor,
    framework: &str,
    period: Period,
    code: &InstitutionCode,
) -> ServiceResult<Option<InstitutionIndicators>> {
    who.require_act_for(code)?;
    let fw = app.framework(framework, period)?;
    Ok(own_of(
        fw,
        &returns_of_period(app, framework, period)?,
        code,
    ))
}

/// See [`OwnPosition`]; staff, or the institution's members (others: `Forbidden`).
pub fn own_position(
    app: &App,
    who: &Actor,
    framework: &str,
    period: Period,
    code: &InstitutionCode,
) -> ServiceResult<OwnPosition> {
    who.require_act_for(code)?;
    let fw = app.framework(framework, period)?;
    let returns = returns_of_period(app, framework, period)?;
    let own = own_of(fw, &returns, code);
    let peers = match peer_detail(app, Some(who), framework, period)? {
        Err(why) => Err(why),
        Ok(()) => {
            let all: Vec<_> = returns.into_iter().map(|(_, r)| r).collect();
            Ok(consolidate(fw, period, &all).map_err(|e| ServiceError::Internal(e.to_string()))?)
        }
    };
    Ok(OwnPosition { own, peers })
}

/// Every reporting institution's indicators, named (peer detail), for those who may see it.
pub fn peer_indicators(
    app: &App,
    who: &Actor,
    framework: &str,
    period: Period,
) -> ServiceResult<Result<Vec<InstitutionIndicators>, Refusal>> {
    if let Err(why) = peer_detail(app, Some(who), framework, period)? {
        return Ok(Err(why));
    }
    Ok(Ok(indicators_of_period(app, framework, period)?))
}

/// An institution's name and the framework it reports under (its attributes at `period`, or
/// its current ones).
pub fn institution(
    app: &App,
    code: &InstitutionCode,
    period: Option<Period>,
) -> ServiceResult<Option<(String, String)>> {
    let mut conn = app.conn()?;
    let registry = mizan_storage::registry::load_registry(&mut conn)?;
    Ok(registry.iter().find(|i| &i.code == code).and_then(|i| {
        let attrs = match period {
            Some(p) => i.attributes_at(p).or_else(|| i.current()),
            None => i.current(),
        }?;
        Some((attrs.name.clone(), attrs.framework.clone()))
    }))
}

/// Every institution of the registry: code and current name, by code (staff's upload form).
pub fn institutions(app: &App, who: &Actor) -> ServiceResult<Vec<(InstitutionCode, String)>> {
    let mut conn = app.conn()?;
    let mut out: Vec<(InstitutionCode, String)> =
        mizan_storage::registry::load_registry(&mut conn)?
            .into_iter()
            .filter(|i| who.may_act_for(&i.code))
            .filter_map(|i| {
                let name = i.current()?.name.clone();
                Some((i.code, name))
            })
            .collect();
    out.sort();
    Ok(out)
}

/// The periods a partner was granted (live grants), newest first: the asker's own grants only
/// (none for an actor without an account).
pub fn granted_periods(app: &App, who: &Actor) -> ServiceResult<Vec<(String, Period)>> {
    let Some(user_id) = who.user_id else {
        return Ok(Vec::new());
    };
    let mut conn = app.conn()?;
    let mut out: Vec<(String, Period)> =
        mizan_storage::accounts::list_grants(&mut conn, Some(user_id))?
            .into_iter()
            .filter(|g| g.revoked_at.is_none())
            .filter_map(|g| Some((g.framework, Period::parse(&g.period).ok()?)))
            .collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.1));
    out.dedup();
    Ok(out)
}

/// The current published revision's public table of a period, if the period is published
/// (what anyone may see: the position of an institution against it needs no reciprocity).
pub fn published_table(
    app: &App,
    framework: &str,
    period: Period,
) -> ServiceResult<Option<crate::publication::PublicTable>> {
    let quarters = crate::publication::published_quarters(app, framework)?;
    match quarters.iter().find(|q| q.latest.period == period) {
        Some(q) => Ok(Some(crate::publication::load_public_table(
            app,
            q.latest.id,
        )?)),
        None => Ok(None),
    }
}

/// At most this many quarters in an institution's [`History`] (ten years).
const MAX_HISTORY: usize = 40;

/// One quarter of an institution's [`History`].
#[derive(Debug, Clone)]
pub struct HistoryQuarter {
    /// The quarter.
    pub period: Period,
    /// The institution's indicators from its return that counts for the quarter (its latest
    /// version not rejected), with the norm each is held to; `None` when no return counts (a
    /// gap in the history).
    pub own: Option<InstitutionIndicators>,
    /// Its peer group's median of each indicator (unsuppressed, every return that counts),
    /// when the asker may see the quarter's peer detail ([`peer_detail`]); else why not.
    pub medians: Result<BTreeMap<Code, Decimal>, Refusal>,
}

/// An institution's own indicators over its quarters, under the framework it reports under
/// now.
#[derive(Debug, Clone)]
pub struct History {
    /// The institution's current name.
    pub name: String,
    /// The framework it reports under.
    pub framework: String,
    /// Its quarters, oldest first: from its first return under the framework to the last
    /// quarter ended (or its latest return, if later), gaps included.
    pub quarters: Vec<HistoryQuarter>,
}

/// The peer group's median of every indicator of `table` (the sector's when the institution
/// has no group).
fn group_medians(table: &ConsolidatedTable, group: &str) -> BTreeMap<Code, Decimal> {
    table
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Indicator)
        .filter_map(|r| {
            let median = r.cell(group)?.distribution?.median;
            Some((r.indicator.clone(), median))
        })
        .collect()
}

/// An institution's history: each quarter's indicators from its return that counts, and the
/// peer group's medians of the quarters whose peer detail the asker may see (reciprocity: a
/// member's institution had a return accepted for the quarter). Staff, or the institution's
/// members (others: `Forbidden`).
pub fn history(app: &App, who: &Actor, code: &InstitutionCode) -> ServiceResult<History> {
    who.require_act_for(code)?;
    let mut conn = app.conn()?;
    let registry = mizan_storage::registry::load_registry(&mut conn)?;
    let institution = registry
        .iter()
        .find(|i| &i.code == code)
        .ok_or_else(|| ServiceError::NotFound(format!("institution {code}")))?;
    let attrs = institution
        .current()
        .ok_or_else(|| ServiceError::NotFound(format!("institution {code}")))?;
    let framework = attrs.framework.clone();
    let versions = submissions_of_institution(&mut conn, code)?;
    drop(conn);
    let mine: Vec<&SubmissionRecord> = versions
        .iter()
        .filter(|v| v.framework == framework)
        .collect();
    let mut quarters = Vec::new();
    let (Some(first), Some(latest)) = (
        // A monthly reporter's history is by quarter too, each from its quarter-end month.
        mine.iter().map(|v| v.period.quarter_of()).min(),
        mine.iter().map(|v| v.period.quarter_of()).max(),
    ) else {
        return Ok(History {
            name: attrs.name.clone(),
            framework,
            quarters,
        });
    };
    let mut period = latest.max(Period::containing(app.today()).previous());
    while period >= first && quarters.len() < MAX_HISTORY {
        quarters.push(history_quarter(app, who, institution, &framework, period)?);
        period = period.previous();
    }
    quarters.reverse();
    Ok(History {
        name: attrs.name.clone(),
        framework,
        quarters,
    })
}

/// One quarter of [`history`] (who asks was checked).
fn history_quarter(
    app: &App,
    who: &Actor,
    institution: &mizan_core::Institution,
    framework: &str,
    period: Period,
) -> ServiceResult<HistoryQuarter> {
    let under = institution
        .attributes_at(period)
        .filter(|a| a.framework == framework);
    let (Some(attrs), Ok(fw)) = (under, app.framework(framework, period)) else {
        return Ok(HistoryQuarter {
            period,
            own: None,
            medians: Err(Refusal::NotReported),
        });
    };
    let open = peer_detail(app, Some(who), framework, period)?;
    let returns = returns_of_period(app, framework, period)?;
    let own = own_of(fw, &returns, &institution.code);
    let medians = match open {
        Err(why) => Err(why),
        Ok(()) => {
            let all: Vec<_> = returns.into_iter().map(|(_, r)| r).collect();
            let table =
                consolidate(fw, period, &all).map_err(|e| ServiceError::Internal(e.to_string()))?;
            let group = fw
                .peer_group_of(attrs)
                .map_or_else(|| mizan_ratios::SECTOR.to_owned(), |g| g.code.clone());
            Ok(group_medians(&table, &group))
        }
    };
    Ok(HistoryQuarter {
        period,
        own,
        medians,
    })
}
