//! Staff's review of a version of a return (`GET /staff/submissions/{id}`): every submitted
//! value beside the institution's previous quarter and its peer group's median, the warnings
//! by item, every decision on the quarter's versions, the original file
//! (`GET /staff/submissions/{id}/file`), and the decisions: accept, or reject with a comment the
//! member sees.

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::{Framework, Lang, Period};
use mizan_service::accounts::Session;
use mizan_service::collection::{Decision, decide};
use mizan_service::review::{Review, original_file, review};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};
use serde::Deserialize;

use super::collection::collection_refusal;
use super::{Notice, collection_href, framework_of};
use crate::account::see_other;
use crate::auth::{Staff, StaffForm};
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::issue_line;
use crate::private::blocking as run;
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// The accept and reject forms.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    csrf: String,
    comment: String,
    back: String,
    framework: String,
    /// `review` when the form was on the review page (the decision goes back there).
    from: String,
}

impl DecisionForm {
    fn on_review_page(&self) -> bool {
        self.from == "review"
    }
}

/// Where to go back after a decision: the review page it was taken on, or the version in the
/// collection page.
fn after_decision(state: &WebState, form: &DecisionForm, sub: &SubmissionRecord) -> String {
    if form.on_review_page() {
        return format!("/staff/submissions/{}", sub.id);
    }
    let framework = if form.framework.is_empty() {
        sub.framework.as_str()
    } else {
        form.framework.as_str()
    };
    let framework = if state.app().frameworks.latest(framework).is_some() {
        framework
    } else {
        state.options().framework.as_str()
    };
    format!(
        "{}#v{}",
        collection_href(state, framework, sub.period),
        sub.id
    )
}

fn submission_id(id: &str) -> Result<i64, AppError> {
    id.parse()
        .map_err(|_| AppError::NotFound(format!("submission {id}")))
}

/// Accepts or rejects the version `id` (a rejection needs a comment: without one the page the
/// form was on is shown again with the reason).
async fn decide_on(
    form: StaffForm<DecisionForm>,
    id: &str,
    accept: bool,
) -> Result<HttpResponse, AppError> {
    let StaffForm {
        session,
        state,
        lang,
        form,
    } = form;
    let id = submission_id(id)?;
    let decision = if accept {
        Decision::Accept
    } else {
        let comment = form.comment.trim();
        if comment.is_empty() {
            let text = state.i18n().text(lang, "staff-reject-needs-comment");
            if form.on_review_page() {
                return review_refusal(&state, lang, &session, id, text).await;
            }
            let framework = framework_of(&state, Some(&form.framework))?;
            let period = Period::parse(form.back.trim()).ok();
            return collection_refusal(&state, lang, &session, &framework, period, text).await;
        }
        Decision::Reject(comment.to_owned())
    };
    let actor = session.principal.actor();
    let sub = run(&state, move |app| decide(app, &actor, id, &decision)).await?;
    state.send_mail();
    Ok(see_other(&after_decision(&state, &form, &sub)))
}

/// `POST /staff/submissions/{id}/accept`.
pub(super) async fn accept_submission(
    form: StaffForm<DecisionForm>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide_on(form, &path, true).await
}

/// `POST /staff/submissions/{id}/reject`: the comment is required.
pub(super) async fn reject_submission(
    form: StaffForm<DecisionForm>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide_on(form, &path, false).await
}

crate::auth::csrf_forms!(DecisionForm);

/// `GET /staff/submissions/{id}`: the review page.
pub(super) async fn review_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let id = submission_id(&path)?;
    let who = session.principal.actor();
    let r = run(&state, move |app| review(app, &who, id)).await?;
    let page = review_view(&state, lang, &session, &r, None);
    private_page(&page, lang, StatusCode::OK)
}

/// The review page again with a refusal (400).
async fn review_refusal(
    state: &Arc<WebState>,
    lang: Lang,
    session: &Session,
    id: i64,
    text: String,
) -> Result<HttpResponse, AppError> {
    let who = session.principal.actor();
    let r = run(state, move |app| review(app, &who, id)).await?;
    let page = review_view(state, lang, session, &r, Some(Notice::refused(text)));
    private_page(&page, lang, StatusCode::BAD_REQUEST)
}

/// `GET /staff/submissions/{id}/file`: the original file as it was sent (404 when it was not
/// kept).
pub(super) async fn download_file(
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let id = submission_id(&path)?;
    let who = session.principal.actor();
    let Some((sub, bytes)) = run(&state, move |app| original_file(app, &who, id)).await? else {
        return Err(AppError::NotFound(format!("file of submission {id}")));
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type(&sub.source_format))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::VARY, "Cookie"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&sub.source_name, &sub.source_format),
        ))
        .body(Bytes::from(bytes)))
}

/// The media type of a stored file's format (as recognised by content when it was read).
pub fn content_type(format: &str) -> &'static str {
    match format {
        "csv" => "text/csv",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// `attachment` with the file's own name: an ASCII `filename` (anything but letters, digits,
/// `.`, `-` and `_` becomes `_`) for old clients, and the exact name as `filename*` (RFC 5987,
/// UTF-8 percent-encoded), so that no quote, semicolon, line break or path in a name chosen by
/// the sender can change the header. An empty name becomes `return.<format>`.
pub fn content_disposition(name: &str, format: &str) -> String {
    // Only the last part of a path some browsers send.
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches('.');
    let fallback_ext = match format {
        "csv" | "xlsx" | "ods" => format,
        _ => "bin",
    };
    let name = if name.is_empty() {
        format!("return.{fallback_ext}")
    } else {
        name.to_owned()
    };
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn status_text(i18n: &I18n, lang: Lang, s: SubmissionStatus) -> (String, &'static str) {
    match s {
        SubmissionStatus::Received => (i18n.text(lang, "staff-status-received"), "received"),
        SubmissionStatus::Accepted => (i18n.text(lang, "staff-status-accepted"), "accepted"),
        SubmissionStatus::Rejected => (i18n.text(lang, "staff-status-rejected"), "rejected"),
    }
}

/// The review page of `r`.
fn review_view(
    state: &WebState,
    lang: Lang,
    session: &Session,
    r: &Review,
    notice: Option<Notice>,
) -> ReviewPage {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let sub = &r.submission;
    let period = format::period(sub.period, lang, i18n);
    let title = i18n.message(
        lang,
        "staff-review-title",
        &[
            ("name", r.name.clone()),
            ("code", sub.institution.to_string()),
            ("period", period.clone()),
            ("version", sub.version.to_string()),
        ],
    );
    let fw = state.app().framework(&sub.framework, sub.period).ok();
    let (status, status_class) = status_text(i18n, lang, sub.status);
    let mut facts = vec![
        (t("staff-review-status"), status.clone()),
        (
            t("staff-review-received"),
            i18n.message(
                lang,
                "staff-version-received",
                &[
                    ("date", format::datetime(sub.received_at, lang, i18n)),
                    ("file", sub.source_name.clone()),
                    ("who", sub.submitted_by.clone()),
                ],
            ),
        ),
        (
            t("staff-fact-framework"),
            fw.map_or_else(
                || format!("{} ({})", sub.framework, sub.framework_version),
                |f| format!("{} ({})", f.label.get(lang), sub.framework_version),
            ),
        ),
    ];
    if let (Some(who), Some(at)) = (&sub.decided_by, sub.decided_at) {
        facts.push((
            t("staff-review-decided"),
            i18n.message(
                lang,
                "staff-decided",
                &[
                    ("who", who.clone()),
                    ("date", format::datetime(at, lang, i18n)),
                ],
            ),
        ));
    }
    let file = r.file_kept.then(|| {
        Link::new(
            format!("/staff/submissions/{}/file", sub.id),
            i18n.message(
                lang,
                "staff-review-download",
                &[("file", sub.source_name.clone())],
            ),
            false,
        )
    });
    ReviewPage {
        page: layout(state, lang, &title, "/staff"),
        frame: Frame::new(state, lang, session, "/staff"),
        notice,
        id: sub.id,
        facts,
        status,
        status_class,
        file,
        no_file: t("staff-review-no-file"),
        back: Link::new(
            format!(
                "{}#v{}",
                collection_href(state, &sub.framework, sub.period),
                sub.id
            ),
            i18n.message(lang, "staff-review-back", &[("period", period)]),
            false,
        ),
        report: Link::new(
            format!("/space/submissions/{}", sub.id),
            t("staff-report"),
            false,
        ),
        previous_note: previous_note(i18n, lang, r),
        median_note: median_note(i18n, lang, fw, r),
        headers: vec![
            t("staff-review-col-item"),
            t("staff-review-col-value"),
            i18n.message(
                lang,
                "staff-review-col-previous",
                &[("period", format::period(sub.period.previous(), lang, i18n))],
            ),
            t("staff-review-col-median"),
        ],
        sections: figure_sections(lang, fw, r),
        issue_groups: issue_groups(i18n, lang, fw, r),
        no_issues: t("staff-warnings-none"),
        versions: r
            .versions
            .iter()
            .map(|v| {
                let (status, _) = status_text(i18n, lang, v.status);
                Link::new(
                    format!("/staff/submissions/{}", v.id),
                    format!(
                        "{} — {status}",
                        i18n.message(lang, "staff-version", &[("n", v.version.to_string())])
                    ),
                    v.id == sub.id,
                )
            })
            .collect(),
        history: r
            .history
            .iter()
            .map(|h| HistoryView {
                version: i18n.message(lang, "staff-version", &[("n", h.version.to_string())]),
                decision: status_text(i18n, lang, h.decision.status).0,
                who: h.decision.decided_by.clone(),
                at: format::datetime(h.decision.decided_at, lang, i18n),
                comment: h.decision.comment.clone().unwrap_or_default(),
            })
            .collect(),
        history_headers: vec![
            t("staff-review-col-version"),
            t("staff-review-col-decision"),
            t("staff-col-actor"),
            t("staff-col-at"),
            t("staff-review-col-comment"),
        ],
        can_accept: sub.status != SubmissionStatus::Accepted,
        can_reject: sub.status != SubmissionStatus::Rejected,
        period: sub.period.to_string(),
        framework: sub.framework.clone(),
        labels: review_labels(i18n, lang),
    }
}

/// Which return the previous quarter's column shows.
fn previous_note(i18n: &I18n, lang: Lang, r: &Review) -> String {
    let previous = r.submission.period.previous();
    match &r.previous {
        Some(p) => i18n.message(
            lang,
            "staff-review-previous",
            &[
                ("period", format::period(previous, lang, i18n)),
                ("version", p.submission.version.to_string()),
                ("status", status_text(i18n, lang, p.submission.status).0),
            ],
        ),
        None => i18n.message(
            lang,
            "staff-review-no-previous",
            &[("period", format::period(previous, lang, i18n))],
        ),
    }
}

/// What the median column is computed over.
fn median_note(i18n: &I18n, lang: Lang, fw: Option<&Framework>, r: &Review) -> String {
    let group = r.peer_group.as_deref().map(|g| {
        fw.and_then(|f| f.peer_group(g))
            .map_or_else(|| g.to_owned(), |p| p.label.get(lang).to_owned())
    });
    match group {
        Some(group) => i18n.message(
            lang,
            "staff-review-median",
            &[("group", group), ("n", format::count(r.peers, lang))],
        ),
        None => i18n.text(lang, "staff-review-no-group"),
    }
}

/// The figures by section of the template, in its order; items the framework does not know
/// (none should be stored) at the end.
fn figure_sections(lang: Lang, fw: Option<&Framework>, r: &Review) -> Vec<FigureSection> {
    let dash = || "—".to_owned();
    let value =
        |v: Option<&mizan_core::Decimal>| v.map_or_else(dash, |d| format::decimal(*d, lang));
    let row = |code: &mizan_core::Code, label: String| FigureRow {
        code: code.to_string(),
        label,
        value: value(r.values.get(code)),
        previous: value(r.previous.as_ref().and_then(|p| p.values.get(code))),
        median: r.peer_medians.get(code).map_or_else(dash, |m| {
            format!(
                "{} (n = {})",
                format::decimal(m.median, lang),
                format::count(m.n, lang)
            )
        }),
    };
    let shown = |code: &mizan_core::Code| {
        r.values.contains_key(code)
            || r.previous
                .as_ref()
                .is_some_and(|p| p.values.contains_key(code))
    };
    let mut out = Vec::new();
    let mut known = std::collections::BTreeSet::new();
    if let Some(fw) = fw {
        for section in &fw.sections {
            let rows: Vec<FigureRow> = fw
                .items
                .iter()
                .filter(|i| i.section == section.code)
                .inspect(|i| {
                    known.insert(i.code.clone());
                })
                .filter(|i| shown(&i.code))
                .map(|i| row(&i.code, i.label.get(lang).to_owned()))
                .collect();
            if !rows.is_empty() {
                out.push(FigureSection {
                    title: section.label.get(lang).to_owned(),
                    rows,
                });
            }
        }
    }
    let others: Vec<FigureRow> = r
        .values
        .keys()
        .filter(|c| !known.contains(*c))
        .map(|c| row(c, c.to_string()))
        .collect();
    if !others.is_empty() {
        out.push(FigureSection {
            title: "—".into(),
            rows: others,
        });
    }
    out
}

/// The warnings grouped by item (the item's label), those about the whole return first.
fn issue_groups(i18n: &I18n, lang: Lang, fw: Option<&Framework>, r: &Review) -> Vec<IssueGroup> {
    let mut by_item: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    for stored in &r.issues {
        by_item
            .entry(stored.issue.item.clone())
            .or_default()
            .push(issue_line(i18n, lang, &stored.issue));
    }
    let order = |item: &Option<String>| {
        item.as_deref()
            .and_then(|i| fw.and_then(|f| f.items.iter().position(|d| d.code.as_str() == i)))
            .unwrap_or(usize::MAX)
    };
    let mut groups: Vec<(Option<String>, Vec<String>)> = by_item.into_iter().collect();
    groups.sort_by_key(|(item, _)| (item.is_some(), order(item)));
    groups
        .into_iter()
        .map(|(item, lines)| IssueGroup {
            title: match &item {
                None => i18n.text(lang, "staff-review-whole-return"),
                Some(code) => fw.and_then(|f| f.item(code)).map_or_else(
                    || code.clone(),
                    |d| format!("{} ({code})", d.label.get(lang)),
                ),
            },
            lines,
        })
        .collect()
}

fn review_labels(i18n: &I18n, lang: Lang) -> FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    FormLabels(vec![
        ("figures", t("staff-review-figures")),
        ("warnings", t("staff-review-warnings")),
        ("versions", t("staff-review-versions")),
        ("history", t("staff-review-history")),
        ("no-history", t("staff-review-no-history")),
        ("decide", t("staff-review-decide")),
        ("accept", t("staff-accept")),
        ("reject", t("staff-reject")),
        ("comment", t("staff-field-comment")),
        ("staff-only", t("staff-review-staff-only")),
    ])
}

// ---------------------------------------------------------------- views

/// One item's figures.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// Item code.
    pub code: String,
    /// Label in the reader's language.
    pub label: String,
    /// The value submitted, or "—".
    pub value: String,
    /// The previous quarter's value, or "—".
    pub previous: String,
    /// The peer median with its n, or "—".
    pub median: String,
}

/// A section of the template with its items' figures.
#[derive(Debug, Clone)]
pub struct FigureSection {
    /// Section title.
    pub title: String,
    /// Its items, in template order.
    pub rows: Vec<FigureRow>,
}

/// The warnings about one item.
#[derive(Debug, Clone)]
pub struct IssueGroup {
    /// The item (label and code), or the whole return.
    pub title: String,
    /// Each warning, with its place.
    pub lines: Vec<String>,
}

/// A decision of the history.
#[derive(Debug, Clone)]
pub struct HistoryView {
    /// "Version 2".
    pub version: String,
    /// "acceptée".
    pub decision: String,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
    /// The comment (empty when none).
    pub comment: String,
}

/// `GET /staff/submissions/{id}`.
#[derive(Template)]
#[template(path = "staff/review.html")]
pub struct ReviewPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Submission id (forms).
    pub id: i64,
    /// Status, reception, framework, decision (label, value).
    pub facts: Vec<(String, String)>,
    /// Status.
    pub status: String,
    /// `received`, `accepted`, `rejected` (style).
    pub status_class: &'static str,
    /// The original file, when kept.
    pub file: Option<Link>,
    /// "The original file was not kept".
    pub no_file: String,
    /// The collection page.
    pub back: Link,
    /// The validation report.
    pub report: Link,
    /// Which return the previous quarter is.
    pub previous_note: String,
    /// What the median is computed over.
    pub median_note: String,
    /// Column headers of the figures.
    pub headers: Vec<String>,
    /// Figures by section.
    pub sections: Vec<FigureSection>,
    /// Warnings by item.
    pub issue_groups: Vec<IssueGroup>,
    /// "No warnings".
    pub no_issues: String,
    /// Every version of the quarter (the one shown is current).
    pub versions: Vec<Link>,
    /// Every decision on those versions.
    pub history: Vec<HistoryView>,
    /// Headers of the history.
    pub history_headers: Vec<String>,
    /// Whether the accept button is shown.
    pub can_accept: bool,
    /// Whether the reject form is shown.
    pub can_reject: bool,
    /// `2016-Q1`.
    pub period: String,
    /// Framework id.
    pub framework: String,
    /// Labels.
    pub labels: FormLabels,
}
