//! From stored returns to indicators and consolidated tables.

use mizan_core::{Framework, InstitutionCode, Period};
use mizan_ratios::{
    ConsolidatedTable, IndicatorValue, InstitutionReturn, QualityFlag, consolidate, quality_flags,
};
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::{SubmissionRecord, accepted_returns, effective_returns};

use crate::app::{Actor, App};
use crate::error::{ServiceError, ServiceResult};
use crate::loans::derive_solvency_items;
use crate::returns::effective_values;

/// The returns that count for a period under a framework, as the indicator engine reads them:
/// each institution's latest version not rejected, its attributes at the period, and its
/// previous period's values (trend norms, jump checks). In order of first reception, the
/// monthly reporters of a quarter after the others. A quarter takes the institutions flagged
/// `art44` (monthly reporters) at their return of the quarter's last month, with the previous
/// quarter's last month as their previous values; a month takes the monthly reporters' returns
/// of that month. Staff only (every institution's values).
pub fn period_returns(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Vec<(SubmissionRecord, InstitutionReturn)>> {
    actor.require_staff()?;
    returns_of_period(app, framework_id, period)
}

/// [`period_returns`] for the use cases that decided access themselves.
pub(crate) fn returns_of_period(
    app: &App,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Vec<(SubmissionRecord, InstitutionReturn)>> {
    returns_counting(app, framework_id, period, false)
}

/// The returns a publication takes: each institution's latest version *accepted* by staff
/// (returns awaiting review do not count), read as [`returns_of_period`] reads them.
pub(crate) fn accepted_returns_of_period(
    app: &App,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Vec<(SubmissionRecord, InstitutionReturn)>> {
    returns_counting(app, framework_id, period, true)
}

fn returns_counting(
    app: &App,
    framework_id: &str,
    period: Period,
    accepted_only: bool,
) -> ServiceResult<Vec<(SubmissionRecord, InstitutionReturn)>> {
    let mut conn = app.conn()?;
    let registry = load_registry(&mut conn)?;
    let read = |conn: &mut _, p| {
        if accepted_only {
            accepted_returns(conn, p)
        } else {
            effective_returns(conn, p)
        }
    };
    let mut current = read(&mut conn, period)?;
    let mut previous = effective_values(&mut conn, period.previous())?;
    // A quarter takes the monthly reporters (art. 44 SFD) at their quarter-end month, compared
    // with the previous quarter's last month; they come after the quarterly reporters.
    let mut previous_monthly = if period.is_month() {
        Default::default()
    } else {
        current.extend(read(&mut conn, period.quarter_end_month())?);
        effective_values(&mut conn, period.previous().quarter_end_month())?
    };
    // Items the platform computes from the return (the solvency coefficient's own funds and
    // risk-weighted assets), derived here, never stored.
    if let Ok(fw) = app.framework(framework_id, period.previous()) {
        previous
            .values_mut()
            .chain(previous_monthly.values_mut())
            .for_each(|v| derive_solvency_items(fw, v));
    }
    let fw = app.framework(framework_id, period).ok();
    let mut out = Vec::with_capacity(current.len());
    for (record, mut values) in current {
        if let Some(fw) = fw {
            derive_solvency_items(fw, &mut values);
        }
        let Some(attrs) = registry
            .iter()
            .find(|i| i.code == record.institution)
            .and_then(|i| i.attributes_at(period))
        else {
            continue;
        };
        if attrs.framework != framework_id {
            continue;
        }
        // Each institution counts by the kind of period it reports (imports refuse the other
        // kind; a version stored before the registry changed the flag does not count twice).
        if !attrs.reports_for(record.period) {
            continue;
        }
        let previous = if record.period == period {
            previous.remove(&record.institution)
        } else {
            previous_monthly.remove(&record.institution)
        };
        let ret = InstitutionReturn {
            code: record.institution.clone(),
            attributes: attrs.clone(),
            values,
            previous,
        };
        out.push((record, ret));
    }
    Ok(out)
}

/// The consolidated table of a period (every method; unsuppressed: for staff and for
/// publication, which applies disclosure control before anything is public). Staff only.
pub fn consolidated_table(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
) -> ServiceResult<ConsolidatedTable> {
    actor.require_staff()?;
    App::require_quarter(period)?;
    let fw = app.framework(framework_id, period)?;
    let returns: Vec<InstitutionReturn> = returns_of_period(app, framework_id, period)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    consolidate(fw, period, &returns).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// One institution's indicators in a period (staff, and the institution itself).
#[derive(Debug, Clone)]
pub struct InstitutionIndicators {
    /// The institution.
    pub code: InstitutionCode,
    /// Its name.
    pub name: String,
    /// Its peer group, if any.
    pub group: Option<String>,
    /// The version they come from.
    pub submission: SubmissionRecord,
    /// Every indicator, in framework order.
    pub indicators: Vec<IndicatorValue>,
}

impl InstitutionIndicators {
    /// The indicators of one institution's return that counts.
    pub fn of(fw: &Framework, submission: SubmissionRecord, ret: &InstitutionReturn) -> Self {
        Self {
            indicators: mizan_ratios::institution_indicators(fw, ret),
            group: fw.peer_group_of(&ret.attributes).map(|g| g.code.clone()),
            name: ret.attributes.name.clone(),
            code: ret.code.clone(),
            submission,
        }
    }
}

/// Every reporting institution's indicators in a period (never public): staff only — members
/// and partners see them as peer detail ([`crate::member::peer_indicators`]).
pub fn institution_indicators(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Vec<InstitutionIndicators>> {
    actor.require_staff()?;
    indicators_of_period(app, framework_id, period)
}

/// [`institution_indicators`] for the use cases that decided access themselves.
pub(crate) fn indicators_of_period(
    app: &App,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Vec<InstitutionIndicators>> {
    let fw: &Framework = app.framework(framework_id, period)?;
    let mut out: Vec<InstitutionIndicators> = returns_of_period(app, framework_id, period)?
        .into_iter()
        .map(|(record, ret)| InstitutionIndicators::of(fw, record, &ret))
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// The data-quality flags of a period's returns (per institution): staff only.
pub fn period_quality_flags(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Vec<QualityFlag>> {
    actor.require_staff()?;
    let fw = app.framework(framework_id, period)?;
    let returns: Vec<InstitutionReturn> = returns_of_period(app, framework_id, period)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    Ok(quality_flags(fw, period, &returns))
}
