//! The audit log (`/staff/audit`), filtered and paged in the database, newest first.

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
use crate::views::{Layout, Link, encode_query};

/// Events per page of the audit log.
pub const AUDIT_PAGE: usize = 50;

/// The audit page's filter.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    actor: String,
    action: String,
    institution: String,
    period: String,
    /// 1 for the newest events.
    page: Option<String>,
}

impl AuditQuery {
    /// The page asked for (1 when none or unreadable).
    fn page(&self) -> usize {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<usize>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    /// The query of page `page` with the same filter.
    fn href(&self, page: usize) -> String {
        let mut out = format!("/staff/audit?page={page}");
        for (name, value) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("institution", &self.institution),
            ("period", &self.period),
        ] {
            let value = value.trim();
            if !value.is_empty() {
                out.push_str(&format!("&{name}={}", encode_query(value)));
            }
        }
        out
    }
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
        // The version's review page (this page is staff's).
        submission: r.submission_id.map(|id| {
            Link::new(
                format!("/staff/submissions/{id}"),
                i18n.message(lang, "staff-audit-submission", &[("id", id.to_string())]),
                false,
            )
        }),
    }
}

/// `GET /staff/audit?actor=&action=&institution=&period=&page=`: newest first,
/// [`AUDIT_PAGE`] events a page; the filter and the page are the database's query.
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
    let page = q.page();
    let per_page = i64::try_from(AUDIT_PAGE).unwrap_or(50);
    let offset = i64::try_from(page - 1)
        .unwrap_or(i64::MAX / per_page)
        .saturating_mul(per_page);
    let who = session.principal.actor();
    let (rows, total, actions) = run(&state, move |app| {
        let filter = AuditFilter {
            actor: actor.as_deref(),
            action_prefix: action.as_deref(),
            institution: institution.as_deref(),
            period: period.as_deref(),
            limit: per_page,
            offset,
        };
        Ok((
            backoffice::audit_log(app, &who, &filter)?,
            backoffice::audit_count(app, &who, &filter)?,
            backoffice::audit_actions(app, &who)?,
        ))
    })
    .await?;
    let total = usize::try_from(total).unwrap_or(0);
    let mut page = audit_view(&state, lang, &session, &q, rows, total);
    page.actions = actions;
    private_page(&page, lang, StatusCode::OK)
}

/// Links to the pages of `total` items, `per_page` a page, page `page` being shown: the first,
/// the last, and two on either side of the current one.
pub(super) fn page_links(
    i18n: &crate::i18n::I18n,
    lang: Lang,
    page: usize,
    total: usize,
    per_page: usize,
    href: impl Fn(usize) -> String,
) -> Pages {
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages);
    let mut links = Vec::new();
    let mut last_shown = 0;
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(page) <= 2 {
            if last_shown + 1 < p {
                links.push(None);
            }
            links.push(Some(Link::new(href(p), format::count(p, lang), p == page)));
            last_shown = p;
        }
    }
    Pages {
        summary: i18n.message(
            lang,
            "staff-page-of",
            &[
                ("page", format::count(page, lang)),
                ("pages", format::count(pages, lang)),
                ("n", format::count(total, lang)),
            ],
        ),
        previous: (page > 1).then(|| {
            Link::new(
                href(page - 1),
                i18n.text(lang, "staff-page-previous"),
                false,
            )
        }),
        next: (page < pages)
            .then(|| Link::new(href(page + 1), i18n.text(lang, "staff-page-next"), false)),
        links: if pages > 1 { links } else { Vec::new() },
        label: i18n.text(lang, "staff-pages"),
    }
}

/// The audit page of `rows` (one page of the `total` events found with the filter `q`).
fn audit_view(
    state: &WebState,
    lang: Lang,
    session: &Session,
    q: &AuditQuery,
    rows: Vec<AuditRecord>,
    total: usize,
) -> AuditPage {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let title = t("staff-audit-title");
    let filter = |name, label: &str, value: &str| (name, t(label), value.trim().to_owned());
    let mut pages = page_links(i18n, lang, q.page(), total, AUDIT_PAGE, |p| q.href(p));
    pages.summary = i18n.message(
        lang,
        "staff-audit-page",
        &[
            ("n", format::count(total, lang)),
            (
                "page",
                format::count(q.page().min(total.div_ceil(AUDIT_PAGE).max(1)), lang),
            ),
            (
                "pages",
                format::count(total.div_ceil(AUDIT_PAGE).max(1), lang),
            ),
        ],
    );
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
        pages,
        actions: Vec::new(),
        empty: t("staff-audit-empty"),
        labels: FormLabels(vec![
            ("filter", t("staff-filter-title")),
            ("submit", t("staff-filter-submit")),
            ("reset", t("staff-filter-reset")),
        ]),
    }
}

// ---------------------------------------------------------------- views

/// Links to the pages of a long list.
#[derive(Debug, Clone)]
pub struct Pages {
    /// "Page 2 of 7 (312 institutions)".
    pub summary: String,
    /// The page before.
    pub previous: Option<Link>,
    /// The page after.
    pub next: Option<Link>,
    /// The pages (`None`: a gap), empty when there is one page.
    pub links: Vec<Option<Link>>,
    /// The navigation's label.
    pub label: String,
}

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
    /// The submission's review page.
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
    /// The pages.
    pub pages: Pages,
    /// The actions the log holds (offered by the action field).
    pub actions: Vec<String>,
    /// Shown when nothing matches.
    pub empty: String,
    /// Labels.
    pub labels: FormLabels,
}
