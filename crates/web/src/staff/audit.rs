//! The audit log (`/staff/audit`), filtered, newest first.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::Lang;
use mizan_service::accounts::Session;
use mizan_service::backoffice;
use mizan_storage::audit::{AuditFilter, AuditRecord};
use serde::Deserialize;

use crate::auth::Staff;
use crate::error::AppError;
use crate::format;
use crate::i18n::request_lang;
use crate::private::blocking as run;
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// Most events the audit page shows.
pub const AUDIT_LIMIT: usize = 500;

/// The audit page's filter.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    actor: String,
    action: String,
    institution: String,
    period: String,
}

fn audit_row(state: &WebState, lang: Lang, r: &AuditRecord) -> AuditRowView {
    let i18n = state.i18n();
    AuditRowView {
        at: format::datetime(r.at, lang, i18n),
        actor: r.actor.clone(),
        action: r.action.clone(),
        institution: r.institution.clone().unwrap_or_default(),
        period: r.period.clone().unwrap_or_default(),
        detail: crate::audit::detail_text(i18n, lang, &r.action, &r.detail),
        submission: r.submission_id.map(|id| {
            Link::new(
                format!("/space/submissions/{id}"),
                i18n.message(lang, "staff-audit-submission", &[("id", id.to_string())]),
                false,
            )
        }),
    }
}

/// `GET /staff/audit?actor=&action=&institution=&period=`: newest first, at most
/// [`AUDIT_LIMIT`] events.
pub(super) async fn audit_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let q = query.into_inner();
    let filter_of = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let (actor, action, institution, period) = (
        filter_of(&q.actor),
        filter_of(&q.action),
        filter_of(&q.institution),
        filter_of(&q.period),
    );
    let who = session.principal.actor();
    let rows = run(&state, move |app| {
        backoffice::audit_log(
            app,
            &who,
            &AuditFilter {
                actor: actor.as_deref(),
                action_prefix: action.as_deref(),
                institution: institution.as_deref(),
                period: period.as_deref(),
                limit: i64::try_from(AUDIT_LIMIT + 1).unwrap_or(i64::MAX),
            },
        )
    })
    .await?;
    let page = audit_view(&state, lang, &session, &q, rows);
    private_page(&page, lang, StatusCode::OK)
}

/// The audit page of `rows` (one more than [`AUDIT_LIMIT`] says that some were left out)
/// found with the filter `q`.
fn audit_view(
    state: &WebState,
    lang: Lang,
    session: &Session,
    q: &AuditQuery,
    mut rows: Vec<AuditRecord>,
) -> AuditPage {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let limit_note = (rows.len() > AUDIT_LIMIT).then(|| {
        rows.truncate(AUDIT_LIMIT);
        i18n.message(
            lang,
            "staff-audit-limit",
            &[("limit", format::count(AUDIT_LIMIT, lang))],
        )
    });
    let title = t("staff-audit-title");
    let filter = |name, label: &str, value: &str| (name, t(label), value.trim().to_owned());
    AuditPage {
        page: layout(state, lang, &title, "/staff/audit"),
        frame: Frame::new(state, lang, session, "/staff/audit"),
        filters: vec![
            filter("actor", "staff-filter-actor", &q.actor),
            filter("action", "staff-filter-action", &q.action),
            filter("institution", "staff-filter-institution", &q.institution),
            filter("period", "staff-filter-period", &q.period),
        ],
        headers: vec![
            t("staff-col-at"),
            t("staff-col-actor"),
            t("staff-col-action"),
            t("staff-col-institution"),
            t("staff-col-period"),
            t("staff-col-detail"),
        ],
        rows: rows.iter().map(|r| audit_row(state, lang, r)).collect(),
        limit_note,
        empty: t("staff-audit-empty"),
        labels: FormLabels(vec![
            ("filter", t("staff-filter-title")),
            ("submit", t("staff-filter-submit")),
            ("reset", t("staff-filter-reset")),
        ]),
    }
}

// ---------------------------------------------------------------- views

/// An event of the audit log.
#[derive(Debug, Clone)]
pub struct AuditRowView {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Institution.
    pub institution: String,
    /// Period.
    pub period: String,
    /// Detail.
    pub detail: String,
    /// The submission's validation report.
    pub submission: Option<Link>,
}

/// `GET /staff/audit`.
#[derive(Template)]
#[template(path = "staff/audit.html")]
pub struct AuditPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// The filter's values: (field name, label, value).
    pub filters: Vec<(&'static str, String, String)>,
    /// Headers.
    pub headers: Vec<String>,
    /// Events, newest first.
    pub rows: Vec<AuditRowView>,
    /// "Only the 500 most recent events are shown".
    pub limit_note: Option<String>,
    /// Shown when nothing matches.
    pub empty: String,
    /// Labels.
    pub labels: FormLabels,
}
