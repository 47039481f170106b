//! The member's home page (`GET /space`): the quarters, what was sent for each and its
//! status, what to do next.

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_service::ServiceError;
use mizan_service::access::standing;
use mizan_service::member;
use mizan_storage::submissions::SubmissionRecord;
use mizan_storage::users::Role;

use super::{refusal_text, status_of};
use crate::account::see_other;
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::request_lang;
use crate::private::{blocking, collecting};
use crate::space_views::{Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// `GET /space`: a member's quarters (where its return stands, whether peer detail is open
/// and why not), a partner's granted periods; staff go to the back office.
pub async fn home(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let p = session.principal.clone();
    let headings = vec![
        t("col-quarter"),
        t("col-deadline"),
        t("col-return"),
        t("col-peer-detail"),
        t("col-actions"),
    ];
    let mut quarters = Vec::new();
    let mut links = Vec::new();
    let title;
    let intro;
    match (p.role, p.institution.clone()) {
        (Role::Staff, _) => return Ok(see_other("/staff")),
        (Role::Member, Some(code)) => {
            let c = code.clone();
            let who = p.clone();
            let (name, framework, versions, periods, rows) = blocking(&state, move |app| {
                let (name, framework) = member::institution(app, &c, None)?
                    .ok_or_else(|| ServiceError::NotFound(format!("institution {c}")))?;
                let versions = member::versions_of(app, &who, &c)?;
                let mut periods = member::periods(app)?;
                let current = collecting(app.today());
                if !periods.contains(&current) {
                    periods.insert(0, current);
                }
                periods.truncate(8);
                // Where it stands each quarter, from the versions already read.
                let rows: Vec<_> = periods
                    .iter()
                    .map(|period| {
                        let standing = standing(
                            versions
                                .iter()
                                .filter(|v| v.period == *period && v.framework == framework),
                        );
                        let deadline = app
                            .framework(&framework, *period)
                            .map(|fw| app.deadline(fw, *period))
                            .ok();
                        (standing, deadline)
                    })
                    .collect();
                Ok((name, framework, versions, periods, rows))
            })
            .await?;
            title = format!("{name} ({code})");
            intro = t("member-home-intro");
            for (period, (standing, deadline)) in periods.iter().zip(rows) {
                let label = format::period(*period, lang, i18n);
                let mine: Vec<&SubmissionRecord> =
                    versions.iter().filter(|v| v.period == *period).collect();
                let latest = mine.iter().max_by_key(|v| v.version);
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
                let detail = match &standing {
                    Ok(()) => (true, t("peer-detail-open")),
                    Err(why) => (false, refusal_text(i18n, lang, why, &label)),
                };
                let mut qlinks = vec![Link::new(
                    format!("/space/upload?period={period}"),
                    t("action-upload"),
                    false,
                )];
                if latest.is_some() {
                    qlinks.push(Link::new(
                        format!("/space/institutions/{code}/periods/{period}"),
                        t("action-own-indicators"),
                        false,
                    ));
                }
                if detail.0 {
                    qlinks.push(Link::new(
                        format!("/space/periods/{period}/peers"),
                        t("action-peer-detail"),
                        false,
                    ));
                }
                quarters.push(QuarterRow {
                    label,
                    deadline: deadline
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|d| format::date(d, lang, i18n))
                        .unwrap_or_default(),
                    status,
                    status_class,
                    comment,
                    detail,
                    links: qlinks,
                });
            }
            links.push(Link::new(
                format!("/space/institutions/{code}"),
                t("action-versions"),
                false,
            ));
            // Institutions under a framework with loan classification send loan tapes.
            if state
                .app()
                .framework(&framework, collecting(state.app().today()))
                .is_ok_and(|f| f.classification.is_some())
            {
                links.push(Link::new(
                    format!("/space/institutions/{code}/loans"),
                    t("loans-home-link"),
                    false,
                ));
            }
        }
        _ => {
            let who = p.clone();
            let granted = blocking(&state, move |app| member::granted_periods(app, &who)).await?;
            title = t("partner-home-title");
            intro = if granted.is_empty() {
                t("partner-no-grant")
            } else {
                t("partner-home-intro")
            };
            for (fw, period) in granted {
                let label = format::period(period, lang, i18n);
                quarters.push(QuarterRow {
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
                });
            }
        }
    }
    let page = HomePage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        intro,
        headings,
        quarters,
        links,
    };
    private_page(&page, lang, StatusCode::OK)
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
    /// Column headings.
    pub headings: Vec<String>,
    /// One row per quarter.
    pub quarters: Vec<QuarterRow>,
    /// Further links (versions, downloads).
    pub links: Vec<Link>,
}
