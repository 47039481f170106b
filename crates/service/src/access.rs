//! Who may see what: the reciprocity promise of the federation, enforced on the server.
//!
//! > « les données détaillées seront transmises prioritairement et uniquement aux SFD ayant
//! > transmis des données » (and possibly to partners).
//!
//! - The **public** (and anyone signed in) sees published, disclosure-controlled snapshots.
//! - A **member** acts only for its own institution (uploads, versions, validation reports, its
//!   own indicators), and sees **peer detail** of a period (every institution's indicators,
//!   named, and the unsuppressed group statistics) only when its institution has a return
//!   *accepted by staff* for that period. Received-but-not-reviewed and rejected returns do not
//!   open it.
//! - A **partner** sees peer detail of the periods staff granted it, nothing else beyond the
//!   public.
//! - **Staff** see everything.
//!
//! The rules are decided here and in [`Actor`] ([`Actor::may_act_for`],
//! [`Actor::require_staff`]), and applied by the use cases themselves: each use case on one
//! institution's data, or on the back office, takes the [`Actor`] asking and refuses
//! ([`ServiceError::Forbidden`]) whom the rule refuses. The web passes who is asking and renders
//! the answer; it decides none of this. The peer detail's decision carries the reason, so that a
//! refusal can say why.

use mizan_core::{InstitutionCode, Period};
use mizan_storage::accounts::has_grant;
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus, submissions_of_institution};
use mizan_storage::users::Role;

use crate::app::{Actor, App};
use crate::error::{ServiceError, ServiceResult};

/// Which submissions a caller may make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Any institution and period (staff, command line).
    Any,
    /// Only this institution (a member's account), and this period when given (an upload on the
    /// page of one quarter).
    Institution(InstitutionCode, Option<Period>),
}

/// Which returns a person may send: a member only its own institution's (the one asked for
/// must be it), staff and the operator any institution (or the one asked for), a partner none.
/// `period` limits the upload to one quarter (the page of that quarter).
pub fn upload_scope(
    who: &Actor,
    asked: Option<&InstitutionCode>,
    period: Option<Period>,
) -> ServiceResult<Scope> {
    match who.person() {
        Some((Role::Member, own)) => match (own, asked) {
            (Some(own), Some(a)) if a != own => Err(ServiceError::Forbidden(format!(
                "{} may not send returns for {a}",
                who.name
            ))),
            (Some(own), _) => Ok(Scope::Institution(own.clone(), period)),
            (None, _) => Err(ServiceError::Forbidden(format!(
                "member {} has no institution",
                who.name
            ))),
        },
        None | Some((Role::Staff, _)) => Ok(match asked {
            Some(a) => Scope::Institution(a.clone(), period),
            None => Scope::Any,
        }),
        Some((Role::Partner, _)) => Err(ServiceError::Forbidden(format!(
            "partner {} may not send returns",
            who.name
        ))),
    }
}

/// Refuses an import whose scope the actor may not use: [`Scope::Any`] is for staff and the
/// operator, one institution's scope for those who may act for it ([`Actor::require_act_for`]).
pub(crate) fn require_scope(who: &Actor, scope: &Scope) -> ServiceResult<()> {
    match scope {
        Scope::Any => who.require_staff(),
        Scope::Institution(code, _) => who.require_act_for(code),
    }
}

/// Why peer detail of a period is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not signed in.
    SignInRequired,
    /// The member's institution has no return for the period.
    NotReported,
    /// Its return was received but staff have not accepted it yet.
    AwaitingReview,
    /// Every version of its return was rejected; the latest rejection's comment.
    Rejected(Option<String>),
    /// A partner without a grant for the period.
    NotGranted,
}

impl Refusal {
    /// A stable code for messages and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::SignInRequired => "sign-in-required",
            Self::NotReported => "not-reported",
            Self::AwaitingReview => "awaiting-review",
            Self::Rejected(_) => "rejected",
            Self::NotGranted => "not-granted",
        }
    }
}

/// Where an institution stands for a period, from its versions of that period (what
/// reciprocity looks at): any version accepted opens the peer detail.
pub fn standing<'a>(
    versions: impl IntoIterator<Item = &'a SubmissionRecord>,
) -> Result<(), Refusal> {
    let mut latest: Option<&SubmissionRecord> = None;
    let mut received = false;
    for s in versions {
        match s.status {
            SubmissionStatus::Accepted => return Ok(()),
            SubmissionStatus::Received => received = true,
            SubmissionStatus::Rejected => {}
        }
        if latest.is_none_or(|l| l.version < s.version) {
            latest = Some(s);
        }
    }
    if received {
        return Err(Refusal::AwaitingReview);
    }
    Err(match latest {
        Some(l) => Refusal::Rejected(l.status_comment.clone()),
        None => Refusal::NotReported,
    })
}

/// Where a member's institution stands for a period (reads its versions, then [`standing`]);
/// [`peer_detail`] asks it for a member.
pub(crate) fn member_standing(
    app: &App,
    institution: &InstitutionCode,
    framework: &str,
    period: Period,
) -> ServiceResult<Result<(), Refusal>> {
    let mut conn = app.conn()?;
    let subs = submissions_of_institution(&mut conn, institution)?;
    // A monthly reporter (art. 44 SFD) stands in a quarter by its return of the quarter's last
    // month, the one the quarter's tables take.
    let counting =
        |p: Period| p == period || (!period.is_month() && p == period.quarter_end_month());
    Ok(standing(subs.iter().filter(|s| {
        counting(s.period) && s.framework == framework
    })))
}

/// Whether `who` may see the peer detail (named institutions' indicators and figures, and
/// unsuppressed group statistics) of `period` under `framework`: staff and the operator always,
/// a partner with a live grant for it, a member whose institution has a version accepted for it.
pub fn peer_detail(
    app: &App,
    who: Option<&Actor>,
    framework: &str,
    period: Period,
) -> ServiceResult<Result<(), Refusal>> {
    let Some(who) = who else {
        return Ok(Err(Refusal::SignInRequired));
    };
    match who.person() {
        None | Some((Role::Staff, _)) => Ok(Ok(())),
        Some((Role::Partner, _)) => {
            let Some(user_id) = who.user_id else {
                return Ok(Err(Refusal::NotGranted));
            };
            let mut conn = app.conn()?;
            Ok(
                if has_grant(&mut conn, user_id, framework, &period.to_string())? {
                    Ok(())
                } else {
                    Err(Refusal::NotGranted)
                },
            )
        }
        Some((Role::Member, own)) => match own {
            Some(code) => member_standing(app, code, framework, period),
            None => Ok(Err(Refusal::NotReported)),
        },
    }
}
