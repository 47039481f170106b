//! Collection of a quarter or a month: who was expected, who reported (in order of reception), the
//! deadline and who is late.

use chrono::NaiveDate;
use mizan_core::{Framework, InstitutionCode, Period};
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus, submissions_for_period};

use crate::app::{Actor, App};
use crate::error::ServiceResult;

/// One expected institution and where its return stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionStatus {
    /// The institution.
    pub code: InstitutionCode,
    /// Its name.
    pub name: String,
    /// Every version it submitted, oldest first.
    pub versions: Vec<SubmissionRecord>,
    /// The version that counts (latest not rejected).
    pub effective: Option<SubmissionRecord>,
    /// How late, counted as the framework counts its deadline (working days of its calendar
    /// or calendar days): the first reception when received late, today when still missing
    /// after the deadline; not late otherwise.
    pub late: mizan_core::calendar::Lateness,
    /// A monthly reporter (`art44` at the period): in a quarter's collection, its versions are
    /// those of the quarter's last month.
    pub monthly: bool,
    /// Its country at the period (the registry's).
    pub country: Option<mizan_core::institution::CountryCode>,
}

impl InstitutionStatus {
    /// Whether a return counts for the period.
    pub fn received(&self) -> bool {
        self.effective.is_some()
    }

    /// When the first version arrived.
    pub fn first_received(&self) -> Option<chrono::NaiveDateTime> {
        self.versions.first().map(|v| v.received_at)
    }

    /// Whether its latest version awaits staff's review.
    pub fn awaiting_review(&self) -> bool {
        self.versions
            .last()
            .is_some_and(|v| v.status == SubmissionStatus::Received)
    }

    /// Whether every version was rejected.
    pub fn rejected(&self) -> bool {
        !self.versions.is_empty() && self.effective.is_none()
    }
}

/// A peer group's column of the collection table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCollection {
    /// Peer group code (`other` for institutions of no group).
    pub code: String,
    /// Its label (French).
    pub label: String,
    /// Expected institutions: those who reported first, in order of reception, then the others
    /// by code.
    pub institutions: Vec<InstitutionStatus>,
}

impl GroupCollection {
    /// Institutions whose return counts.
    pub fn received(&self) -> usize {
        self.institutions.iter().filter(|i| i.received()).count()
    }

    /// Institutions expected.
    pub fn expected(&self) -> usize {
        self.institutions.len()
    }
}

/// The collection of one period under one framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// The framework.
    pub framework: String,
    /// The period.
    pub period: Period,
    /// The deadline (working days after the quarter end, per the framework's calendar).
    pub deadline: NaiveDate,
    /// The date the report was made.
    pub today: NaiveDate,
    /// One entry per peer group of the framework, then `other` when some institutions belong
    /// to none.
    pub groups: Vec<GroupCollection>,
}

impl Collection {
    /// The collection as a publication counts it: each institution's return is its latest
    /// version accepted by staff (none when no version is accepted yet).
    pub fn accepted_only(&self) -> Self {
        let mut out = self.clone();
        for inst in out
            .groups
            .iter_mut()
            .flat_map(|g| g.institutions.iter_mut())
        {
            inst.effective = inst
                .versions
                .iter()
                .rev()
                .find(|s| s.status == SubmissionStatus::Accepted)
                .cloned();
        }
        out
    }

    /// Received and expected over every group.
    pub fn totals(&self) -> (usize, usize) {
        self.groups
            .iter()
            .fold((0, 0), |(r, e), g| (r + g.received(), e + g.expected()))
    }
}

/// Expected and received returns of `period` under `framework_id`, per institution: staff only.
/// A quarter expects every institution of the framework, the monthly reporters (`art44`) by
/// their return of the quarter's last month; a month expects the monthly reporters only.
pub fn collection(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Collection> {
    actor.require_staff()?;
    collection_of(app, framework_id, period)
}

/// [`collection`] for the use cases that decided access themselves (publication).
pub(crate) fn collection_of(
    app: &App,
    framework_id: &str,
    period: Period,
) -> ServiceResult<Collection> {
    let fw: &Framework = app.reporting_framework(framework_id, period)?;
    let mut conn = app.conn()?;
    let registry = load_registry(&mut conn)?;
    let submissions = submissions_for_period(&mut conn, period)?;
    // A quarter expects the monthly reporters (art. 44 SFD) too, by their quarter-end month,
    // whose deadline is the quarter's (the same last day); a month expects only them.
    let monthly = if period.is_month() {
        Vec::new()
    } else {
        submissions_for_period(&mut conn, period.quarter_end_month())?
    };
    let calendar = app.calendar_of(fw);
    let deadline = app.deadline(fw, period);
    let today = app.today();
    let mut groups: Vec<GroupCollection> = fw
        .peer_groups
        .iter()
        .map(|g| GroupCollection {
            code: g.code.clone(),
            label: g.label.fr.clone(),
            institutions: Vec::new(),
        })
        .collect();
    let mut other = GroupCollection {
        code: "other".into(),
        label: "Autres".into(),
        institutions: Vec::new(),
    };
    for inst in &registry {
        let Some(attrs) = inst.attributes_at(period) else {
            continue;
        };
        if attrs.framework != fw.id || (period.is_month() && !attrs.art44) {
            continue;
        }
        let sent = if attrs.art44 && !period.is_month() {
            &monthly
        } else {
            &submissions
        };
        let versions: Vec<SubmissionRecord> = sent
            .iter()
            .filter(|s| s.institution == inst.code)
            .cloned()
            .collect();
        let effective = versions
            .iter()
            .rev()
            .find(|s| s.status != SubmissionStatus::Rejected)
            .cloned();
        let first = versions.first().map(|v| v.received_at.date());
        // Late from the first reception, or from today while nothing was received.
        let late = calendar.lateness(fw.collection.deadline, deadline, first.unwrap_or(today));
        let status = InstitutionStatus {
            code: inst.code.clone(),
            name: attrs.name.clone(),
            versions,
            effective,
            late,
            monthly: attrs.art44,
            country: attrs.country,
        };
        match fw
            .peer_group_of(attrs)
            .and_then(|g| groups.iter_mut().find(|c| c.code == g.code))
        {
            Some(group) => group.institutions.push(status),
            None => other.institutions.push(status),
        }
    }
    if !other.institutions.is_empty() {
        groups.push(other);
    }
    for g in &mut groups {
        g.institutions.sort_by(|a, b| {
            let key = |s: &InstitutionStatus| {
                (
                    s.first_received().is_none(),
                    s.first_received(),
                    s.versions.first().map(|v| v.id),
                    s.code.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
    }
    Ok(Collection {
        framework: fw.id.clone(),
        period,
        deadline,
        today,
        groups,
    })
}

/// Staff's decision on a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The return is accepted (it opens the quarter's peer detail to its institution).
    Accept,
    /// The return is rejected, with a comment the member sees (required).
    Reject(String),
}

/// Records staff's decision on a submission, audited as `submission.accepted` or
/// `submission.rejected`. A rejected version no longer counts in the consolidation (the
/// institution's previous version that is not rejected counts instead, if any).
pub fn decide(
    app: &App,
    actor: &Actor,
    submission_id: i64,
    decision: &Decision,
) -> ServiceResult<SubmissionRecord> {
    actor.require_staff()?;
    use mizan_storage::submissions::{set_status, submission};

    let (status, comment, action) = match decision {
        Decision::Accept => (SubmissionStatus::Accepted, None, "submission.accepted"),
        Decision::Reject(c) => {
            let c = c.trim();
            if c.is_empty() {
                return Err(crate::ServiceError::Invalid(
                    crate::refusal::ReviewRefusal::RejectionNeedsComment.into(),
                ));
            }
            if mizan_core::limits::too_long(c, mizan_core::limits::COMMENT_MAX_CHARS) {
                return Err(crate::ServiceError::Invalid(crate::Refusal::TooLong {
                    field: crate::refusal::Field::Comment,
                    chars: c.chars().count(),
                    max: mizan_core::limits::COMMENT_MAX_CHARS,
                }));
            }
            (SubmissionStatus::Rejected, Some(c), "submission.rejected")
        }
    };
    let now = app.now();
    let mut conn = app.conn()?;
    mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<SubmissionRecord> {
        let sub = submission(conn, submission_id)?
            .ok_or_else(|| crate::ServiceError::NotFound(format!("submission {submission_id}")))?;
        set_status(conn, submission_id, status, comment, &actor.name, now)?;
        let mut detail = crate::audit::Detail::new()
            .count("version", sub.version)
            .text("file", &sub.source_name);
        if let Some(c) = comment {
            detail = detail.text("comment", c);
        }
        crate::audit::record(
            conn,
            crate::audit::Entry {
                submission_id: Some(submission_id),
                institution: Some(sub.institution.as_str()),
                period: Some(&sub.period.to_string()),
                ..crate::audit::Entry::new(&actor.name, action)
            },
            &detail,
            now,
        )?;
        crate::mail::queue_decision(
            conn,
            &sub,
            matches!(decision, Decision::Accept),
            comment,
            actor,
            now,
        )?;
        submission(conn, submission_id)?
            .ok_or_else(|| crate::ServiceError::NotFound(format!("submission {submission_id}")))
    })
}
