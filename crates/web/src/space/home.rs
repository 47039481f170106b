//! The member's home page (`GET /space`): the quarters, what was sent for each and its
//! status, what to do next.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::access::{Refusal, standing};
use mizan_service::accounts::Principal;
use mizan_service::member;
use mizan_service::{App, ServiceError, ServiceResult};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};
use mizan_storage::users::Role;

use super::{refusal_text, status_of};
use crate::account::see_other;
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::private::{blocking, collecting, collecting_month};
use crate::space_views::{Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// What a member's home page shows, read in one blocking call.
struct MemberHome {
    name: String,
    framework: String,
    versions: Vec<SubmissionRecord>,
    /// The quarters shown, newest first, each with where the return stands (whether peer
    /// detail is open) and its deadline.
    quarters: Vec<(Period, Result<(), Refusal>, Option<NaiveDate>)>,
}

/// Reads a member's home page: the institution, its versions, the last quarters (the one being
/// collected among them).
fn load_member_home(
    app: &App,
    who: &mizan_service::Actor,
    c: &InstitutionCode,
) -> ServiceResult<MemberHome> {
    let (name, framework) = member::institution(app, c, None)?
        .ok_or_else(|| ServiceError::NotFound(format!("institution {c}")))?;
    let versions = member::versions_of(app, who, c)?;
    let periods = if member::reports_monthly(app, std::slice::from_ref(c))? {
        // A monthly reporter (art. 44 SFD): its last eight months, the one being collected
        // first.
        std::iter::successors(Some(collecting_month(app.today())), |p| Some(p.previous()))
            .take(8)
            .collect()
    } else {
        let mut periods = member::periods(app)?;
        let current = collecting(app.today());
        if !periods.contains(&current) {
            periods.insert(0, current);
        }
        periods.truncate(8);
        periods
    };
    // Where it stands each quarter, from the versions already read.
    let quarters = periods
        .into_iter()
        .map(|period| {
            let standing = standing(
                versions
                    .iter()
                    .filter(|v| v.period == period && v.framework == framework),
            );
            let deadline = app
                .framework(&framework, period)
                .map(|fw| app.deadline(fw, period))
                .ok();
            (period, standing, deadline)
        })
        .collect();
    Ok(MemberHome {
        name,
        framework,
        versions,
        quarters,
    })
}

/// The title, introduction, notices, quarters and links of a home page.
type Home = (String, String, Vec<Notice>, Vec<QuarterRow>, Vec<Link>);

/// `GET /space`: a member's quarters (where its return stands, whether peer detail is open
/// and why not), a partner's granted periods; staff go to the back office.
pub async fn home(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let t = |id: &str| state.i18n().text(lang, id);
    let p = session.principal.clone();
    let (title, intro, notices, quarters, links) = match (p.role, p.institution.clone()) {
        (Role::Staff, _) => return Ok(see_other("/staff")),
        (Role::Member, Some(code)) => member_home(&state, lang, p, code).await?,
        _ => partner_home(&state, lang, p).await?,
    };
    let page = HomePage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        intro,
        notices,
        headings: vec![
            t("col-quarter"),
            t("col-deadline"),
            t("col-return"),
            t("col-peer-detail"),
            t("col-actions"),
        ],
        quarters,
        links,
    };
    private_page(&page, lang, StatusCode::OK)
}

/// A member's home page: its institution's quarters, its versions, its loan tapes.
async fn member_home(
    state: &Arc<WebState>,
    lang: Lang,
    who: Principal,
    code: InstitutionCode,
) -> Result<Home, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let c = code.clone();
    let who = who.actor();
    let d = blocking(state, move |app| load_member_home(app, &who, &c)).await?;
    let quarters = d
        .quarters
        .iter()
        .map(|(period, standing, deadline)| {
            quarter_row(i18n, lang, &code, &d.versions, *period, standing, *deadline)
        })
        .collect();
    let mut links = vec![
        Link::new(
            format!("/space/institutions/{code}"),
            t("action-versions"),
            false,
        ),
        Link::new(
            format!("/space/institutions/{code}/history"),
            t("action-history"),
            false,
        ),
    ];
    // Institutions under a framework with loan classification send loan tapes.
    if state
        .app()
        .framework(&d.framework, collecting(state.app().today()))
        .is_ok_and(|f| f.classification.is_some())
    {
        links.push(Link::new(
            format!("/space/institutions/{code}/loans"),
            t("loans-home-link"),
            false,
        ));
    }
    let title = format!("{} ({code})", d.name);
    let notices = notices(i18n, lang, state.app().today(), &d);
    Ok((title, t("member-home-intro"), notices, quarters, links))
}

/// One quarter of a member's home page: the latest version's status, whether peer detail is
/// open (or why not), what to do.
fn quarter_row(
    i18n: &I18n,
    lang: Lang,
    code: &InstitutionCode,
    versions: &[SubmissionRecord],
    period: Period,
    standing: &Result<(), Refusal>,
    deadline: Option<NaiveDate>,
) -> QuarterRow {
    let t = |id: &str| i18n.text(lang, id);
    let label = format::period(period, lang, i18n);
    let latest = versions
        .iter()
        .filter(|v| v.period == period)
        .max_by_key(|v| v.version);
    let (status, status_class, comment) = match latest {
        Some(v) => {
            let (s, class) = status_of(i18n, lang, v.status);
            (
                i18n.message(
                    lang,
                    "version-status",
                    &[("version", v.version.to_string()), ("status", s)],
                ),
                class,
                v.status_comment.clone(),
            )
        }
        None => (t("status-missing"), "missing", None),
    };
    let detail = match standing {
        Ok(()) => (true, t("peer-detail-open")),
        Err(why) => (false, refusal_text(i18n, lang, why, &label)),
    };
    let mut links = vec![Link::new(
        format!("/space/upload?period={period}"),
        t("action-upload"),
        false,
    )];
    if latest.is_some() {
        links.push(Link::new(
            format!("/space/institutions/{code}/periods/{period}"),
            t("action-own-indicators"),
            false,
        ));
    }
    if detail.0 {
        links.push(Link::new(
            format!("/space/periods/{period}/peers"),
            t("action-peer-detail"),
            false,
        ));
    }
    QuarterRow {
        label,
        deadline: deadline
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| format::date(d, lang, i18n))
            .unwrap_or_default(),
        status,
        status_class,
        comment,
        detail,
        links,
    }
}

/// What a member's home says first: the quarter being collected when its return is late (past
/// the deadline, nothing received), and each quarter whose latest version awaits staff's review.
fn notices(i18n: &I18n, lang: Lang, today: NaiveDate, d: &MemberHome) -> Vec<Notice> {
    let current = collecting(today);
    let mut out = Vec::new();
    for (period, _, deadline) in &d.quarters {
        let label = format::period(*period, lang, i18n);
        let latest = d
            .versions
            .iter()
            .filter(|v| v.period == *period && v.framework == d.framework)
            .max_by_key(|v| v.version);
        match (latest, deadline) {
            (None, Some(deadline)) if *period == current && today > *deadline => {
                let deadline = deadline
                    .and_hms_opt(0, 0, 0)
                    .map(|d| format::date(d, lang, i18n))
                    .unwrap_or_default();
                out.push(Notice {
                    text: i18n.message(
                        lang,
                        "home-late",
                        &[("period", label), ("deadline", deadline)],
                    ),
                    class: "refusal late",
                    link: Some(Link::new(
                        format!("/space/upload?period={period}"),
                        i18n.text(lang, "action-upload"),
                        false,
                    )),
                });
            }
            (Some(v), _) if v.status == SubmissionStatus::Received => out.push(Notice {
                text: i18n.message(
                    lang,
                    "home-awaiting-review",
                    &[
                        ("period", label),
                        ("version", v.version.to_string()),
                        ("date", format::datetime(v.received_at, lang, i18n)),
                    ],
                ),
                class: "notice awaiting",
                link: Some(Link::new(
                    format!("/space/submissions/{}", v.id),
                    i18n.text(lang, "action-report"),
                    false,
                )),
            }),
            _ => {}
        }
    }
    out
}

/// A partner's home page: the periods granted.
async fn partner_home(state: &Arc<WebState>, lang: Lang, who: Principal) -> Result<Home, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let who = who.actor();
    let granted = blocking(state, move |app| member::granted_periods(app, &who)).await?;
    let intro = if granted.is_empty() {
        t("partner-no-grant")
    } else {
        t("partner-home-intro")
    };
    let quarters = granted
        .into_iter()
        .map(|(fw, period)| {
            let label = format::period(period, lang, i18n);
            QuarterRow {
                label: format!("{label} ({fw})"),
                deadline: String::new(),
                status: t("status-granted"),
                status_class: "accepted",
                comment: None,
                detail: (true, t("peer-detail-open")),
                links: vec![Link::new(
                    format!("/space/periods/{period}/peers?framework={fw}"),
                    t("action-peer-detail"),
                    false,
                )],
            }
        })
        .collect();
    Ok((
        t("partner-home-title"),
        intro,
        Vec::new(),
        quarters,
        Vec::new(),
    ))
}

// ---------------------------------------------------------------- views

/// One quarter of a member's home page.
#[derive(Debug, Clone)]
pub struct QuarterRow {
    /// `T1 2016`.
    pub label: String,
    /// The deadline, formatted.
    pub deadline: String,
    /// Where its return stands (text).
    pub status: String,
    /// `accepted`, `received`, `rejected`, `missing`: a class for the badge.
    pub status_class: &'static str,
    /// Staff's comment on a rejection.
    pub comment: Option<String>,
    /// Whether peer detail is open, and the text saying so or why not.
    pub detail: (bool, String),
    /// Links: upload, indicators, peer detail.
    pub links: Vec<Link>,
}

/// A notice at the top of a member's home (a late return, a return awaiting review).
#[derive(Debug, Clone)]
pub struct Notice {
    /// What it says.
    pub text: String,
    /// `refusal late` or `notice awaiting`: its classes.
    pub class: &'static str,
    /// What to do about it.
    pub link: Option<Link>,
}

/// The member's (or partner's) home page.
#[derive(Template)]
#[template(path = "space/home.html")]
pub struct HomePage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Introduction.
    pub intro: String,
    /// Notices: a late return, returns awaiting review.
    pub notices: Vec<Notice>,
    /// Column headings.
    pub headings: Vec<String>,
    /// One row per quarter.
    pub quarters: Vec<QuarterRow>,
    /// Further links (versions, downloads).
    pub links: Vec<Link>,
}
