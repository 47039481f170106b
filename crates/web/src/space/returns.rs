//! Returns: the upload form and the upload (with its validation report), the Excel template,
//! a version's report, an institution's versions.

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::{InstitutionCode, Issue, Lang, Period, Severity};
use mizan_service::access::upload_scope;
use mizan_service::accounts::{Principal, Session};
use mizan_service::member;
use mizan_service::returns::{ImportReport, Outcome, Scope, SubmissionReport, submit_returns};
use mizan_service::{App, ServiceResult};
use mizan_storage::submissions::SubmissionRecord;
use serde::Deserialize;

use super::status_of;
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::{issue_text, place_text, severity_text};
use crate::pages::parse_period;
use crate::private::{
    RETURN_UPLOAD, SignedUpload, blocking, collecting, collecting_month, download, parse_code,
};
use crate::space_views::{FormLabels, Frame, IssueRow, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// `?institution=&period=` of the upload and template pages.
#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    institution: Option<String>,
    period: Option<String>,
}

/// The institution a person's upload page or template is for: the one asked for, if the
/// service's rule lets them send returns for it ([`upload_scope`]; a member's own institution
/// whatever was asked).
fn acting_for(p: &Principal, asked: Option<&str>) -> Result<Option<InstitutionCode>, AppError> {
    let asked = asked
        .filter(|s| !s.trim().is_empty())
        .map(parse_code)
        .transpose()?;
    Ok(match upload_scope(&p.actor(), asked.as_ref(), None)? {
        Scope::Institution(code, _) => Some(code),
        Scope::Any => None,
    })
}

/// `GET /space/upload`: the upload form, with the template to download for the same
/// institution and quarter.
pub async fn upload_form(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    query: web::Query<UploadQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let chosen = acting_for(&session.principal, query.institution.as_deref())?;
    let asked_period = query.period.as_deref().map(parse_period).transpose()?;
    let who = session.principal.actor();
    let (institutions, periods, max) =
        blocking(&state, move |app| load_upload_choices(app, &who)).await?;
    let selected_period = asked_period.or_else(|| periods.first().copied());
    let page = UploadPage {
        page: layout(&state, lang, &t("upload-title"), "/space/upload"),
        frame: Frame::new(&state, lang, &session, "/space/upload"),
        institutions: institutions
            .into_iter()
            .map(|(code, name)| {
                let selected = chosen.as_ref() == Some(&code);
                (code.to_string(), format!("{code} — {name}"), selected)
            })
            .collect(),
        periods: periods
            .into_iter()
            .map(|p| {
                (
                    p.to_string(),
                    format::period(p, lang, i18n),
                    Some(p) == selected_period,
                )
            })
            .collect(),
        max_size: i18n.message(
            lang,
            "upload-max-size",
            &[("size", format::count((max / (1024 * 1024)) as usize, lang))],
        ),
        labels: upload_labels(i18n, lang),
    };
    private_page(&page, lang, StatusCode::OK)
}

/// The choices of the upload form: the institutions (code, name) the person may send returns
/// for, the quarters, the file size limit.
type UploadChoices = (Vec<(InstitutionCode, String)>, Vec<Period>, u64);

/// Reads the choices of the upload form: the institutions the person may send returns for,
/// the quarters (the last eight and every one with returns, newest first), the file size limit.
fn load_upload_choices(app: &App, who: &mizan_service::Actor) -> ServiceResult<UploadChoices> {
    let institutions = member::institutions(app, who)?;
    let current = collecting(app.today());
    let mut periods: Vec<Period> = (0..8)
        .scan(current.next(), |p, _| {
            *p = p.previous();
            Some(*p)
        })
        .collect();
    for p in member::periods(app)? {
        if !periods.contains(&p) {
            periods.push(p);
        }
    }
    // The monthly reporters (art. 44 SFD) send months: their last eight are offered too.
    let codes: Vec<InstitutionCode> = institutions.iter().map(|(c, _)| c.clone()).collect();
    if member::reports_monthly(app, &codes)? {
        periods.extend(
            std::iter::successors(Some(collecting_month(app.today())), |p| Some(p.previous()))
                .take(8),
        );
    }
    periods.sort_by(|a, b| b.cmp(a));
    Ok((institutions, periods, app.settings.upload.max_file_bytes))
}

/// The labels of the upload form.
fn upload_labels(i18n: &I18n, lang: Lang) -> FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    FormLabels(vec![
        ("intro", t("upload-intro")),
        ("institution", t("field-institution")),
        ("period", t("field-period")),
        ("file", t("field-file")),
        ("submit", t("upload-submit")),
        ("template-heading", t("template-heading")),
        ("template-intro", t("template-intro")),
        ("template-submit", t("template-submit")),
        ("form-heading", t("upload-form-heading")),
        ("form-intro", t("upload-form-intro")),
        ("form-submit", t("upload-form-submit")),
    ])
}

/// `GET /space/template?institution=&period=`: the Excel template, filled with the
/// institution and the quarter.
pub async fn template(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    query: web::Query<UploadQuery>,
) -> Result<HttpResponse, AppError> {
    let (state, lang) = (data.into_inner(), request_lang(&req));
    let code = acting_for(&session.principal, query.institution.as_deref())?;
    let period = match query.period.as_deref() {
        Some(p) => parse_period(p)?,
        None => return Err(AppError::BadRequest("period is required".into())),
    };
    let (c, st) = (code.clone(), state.clone());
    let bytes = blocking(&state, move |app| {
        let texts = crate::file_texts::template_texts(st.i18n(), lang);
        let framework = match &c {
            Some(code) => member::institution(app, code, Some(period))?
                .map(|(_, fw)| fw)
                .unwrap_or_else(|| app.settings.frameworks.default.clone()),
            None => app.settings.frameworks.default.clone(),
        };
        mizan_service::template::template(app, &framework, period, c.as_ref(), &texts)
    })
    .await?;
    let name = match code {
        Some(c) => format!("mizan-{c}-{period}.xlsx"),
        None => format!("mizan-{period}.xlsx"),
    };
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}

fn issue_row(i18n: &I18n, lang: Lang, issue: &Issue, message: String) -> IssueRow {
    let severity = severity_text(i18n, lang, issue.severity);
    let class = match issue.severity {
        Severity::Blocking => "blocking",
        Severity::Warning => "warning",
    };
    IssueRow {
        severity_class: class,
        severity,
        place: place_text(i18n, lang, &issue.place),
        item: issue.item.clone().unwrap_or_default(),
        message,
    }
}

fn issue_headings(i18n: &I18n, lang: Lang) -> Vec<String> {
    ["col-severity", "col-place", "col-item", "col-problem"]
        .iter()
        .map(|id| i18n.text(lang, id))
        .collect()
}

/// `POST /space/upload` (multipart: `csrf`, `institution`, `period`, `file`): the file is
/// read (size-limited), checked and stored off the request thread; the answer is the
/// validation report, pointing at sheets and cells or lines. Nothing is stored when a blocking
/// issue is found (422).
pub async fn upload(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let SignedUpload {
        session,
        state,
        lang,
        form,
    } = SignedUpload::read(&req, data, session, payload, &RETURN_UPLOAD).await?;
    let asked = form
        .field("institution")
        .filter(|s| !s.trim().is_empty())
        .map(parse_code)
        .transpose()?;
    let period = form
        .field("period")
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_period(p.trim()))
        .transpose()?;
    let file = form
        .file
        .filter(|f| !f.name.is_empty())
        .ok_or_else(|| AppError::BadRequest("no file chosen".into()))?;
    let who = session.principal.actor();
    // Who may send returns for which institution is the service's decision. Read from the
    // temporary file, which is deleted when `file` is dropped after the import.
    let report = blocking(&state, move |app| {
        submit_returns(app, &who, asked.as_ref(), period, file.path(), &file.name)
    })
    .await;
    state.metrics().upload(
        crate::metrics::UploadKind::Returns,
        matches!(&report, Ok(r) if r.stored().next().is_some()),
    );
    let report = report?;
    if report.stored().next().is_some() {
        state.send_mail();
    }
    render_import(&state, lang, &session, &report)
}

fn render_import(
    state: &WebState,
    lang: Lang,
    session: &Session,
    report: &ImportReport,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let stored = report.stored().count();
    let refused = report
        .submissions
        .iter()
        .filter(|s| s.outcome == Outcome::Refused)
        .count();
    let summary = if report.submissions.is_empty() || (stored == 0 && refused > 0) {
        i18n.message(
            lang,
            "report-refused",
            &[("file", report.source_name.clone())],
        )
    } else {
        i18n.message(
            lang,
            "report-summary",
            &[
                ("file", report.source_name.clone()),
                ("stored", stored.to_string()),
                ("refused", refused.to_string()),
            ],
        )
    };
    let page = ReportPage {
        page: layout(state, lang, &t("report-title"), "/space/upload"),
        frame: Frame::new(state, lang, session, "/space/upload"),
        summary,
        file_issues: report
            .file_issues
            .iter()
            .map(|i| issue_row(i18n, lang, i, issue_text(i18n, lang, &i.kind)))
            .collect(),
        blocks: report
            .submissions
            .iter()
            .map(|sub| report_block(i18n, lang, sub))
            .collect(),
        headings: issue_headings(i18n, lang),
        no_issue: t("report-no-issue"),
        links: vec![Link::new("/space/upload", t("action-upload-again"), false)],
    };
    let status = if stored == 0 && (refused > 0 || report.submissions.is_empty()) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    private_page(&page, lang, status)
}

/// One return of an uploaded file: what became of it, its issues, where to see it.
fn report_block(i18n: &I18n, lang: Lang, sub: &SubmissionReport) -> ReportBlock {
    let t = |id: &str| i18n.text(lang, id);
    let version = |id: &str, r: &SubmissionRecord| {
        i18n.message(lang, id, &[("version", r.version.to_string())])
    };
    let (outcome, class, record) = match &sub.outcome {
        Outcome::Stored(r) => (version("outcome-stored", r), "stored", Some(r)),
        Outcome::Refused => (t("outcome-refused"), "refused", None),
        Outcome::AlreadyImported(r) => {
            (version("outcome-already-imported", r), "unchanged", Some(r))
        }
        Outcome::Unchanged(r) => (version("outcome-unchanged", r), "unchanged", Some(r)),
    };
    let mut links = Vec::new();
    if let Some(r) = record {
        links.push(Link::new(
            format!("/space/submissions/{}", r.id),
            t("action-report"),
            false,
        ));
        links.push(Link::new(
            format!("/space/institutions/{}", r.institution),
            t("action-versions"),
            false,
        ));
    }
    let period = Period::parse(&sub.period)
        .map_or_else(|_| sub.period.clone(), |p| format::period(p, lang, i18n));
    ReportBlock {
        title: format!("{} — {period}", sub.institution),
        outcome,
        outcome_class: class,
        facts: Vec::new(),
        issues: sub
            .issues
            .iter()
            .map(|i| issue_row(i18n, lang, i, issue_text(i18n, lang, &i.kind)))
            .collect(),
        links,
    }
}

/// `GET /space/submissions/{id}`: a stored version's validation report (its warnings),
/// status and staff's comment.
pub async fn report(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let id = path.into_inner();
    let who = session.principal.actor();
    let (sub, issues) = blocking(&state, move |app| member::report(app, &who, id)).await?;
    let facts = version_facts(i18n, lang, &sub);
    let period_label = format::period(sub.period, lang, i18n);
    let block = ReportBlock {
        title: format!("{} — {period_label}", sub.institution),
        outcome: i18n.message(
            lang,
            "outcome-stored",
            &[("version", sub.version.to_string())],
        ),
        outcome_class: "stored",
        facts,
        issues: issues
            .iter()
            .map(|s| issue_row(i18n, lang, &s.issue, issue_text(i18n, lang, &s.issue.kind)))
            .collect(),
        links: vec![
            Link::new(
                format!(
                    "/space/institutions/{}/periods/{}",
                    sub.institution, sub.period
                ),
                t("action-own-indicators"),
                false,
            ),
            Link::new(
                format!("/space/institutions/{}", sub.institution),
                t("action-versions"),
                false,
            ),
        ],
    };
    let page = ReportPage {
        page: layout(&state, lang, &t("report-title"), "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        summary: i18n.message(
            lang,
            "report-stored-summary",
            &[("warnings", issues.len().to_string())],
        ),
        file_issues: Vec::new(),
        blocks: vec![block],
        headings: issue_headings(i18n, lang),
        no_issue: t("report-no-issue"),
        links: Vec::new(),
    };
    private_page(&page, lang, StatusCode::OK)
}

/// The facts of a stored version: number, when and by whom received, the file, its status and
/// the staff's decision.
fn version_facts(i18n: &I18n, lang: Lang, sub: &SubmissionRecord) -> Vec<(String, String)> {
    let t = |id: &str| i18n.text(lang, id);
    let (status, _) = status_of(i18n, lang, sub.status);
    let mut facts = vec![
        (t("col-version"), sub.version.to_string()),
        (
            t("col-received"),
            format::datetime(sub.received_at, lang, i18n),
        ),
        (
            t("col-by"),
            format!("{} ({})", sub.submitted_by, sub.channel),
        ),
        (t("col-file"), sub.source_name.clone()),
        (t("col-sha256"), sub.source_sha256.clone()),
        (t("col-status"), status),
    ];
    if let Some(c) = &sub.status_comment {
        facts.push((t("col-comment"), c.clone()));
    }
    if let (Some(by), Some(at)) = (&sub.decided_by, sub.decided_at) {
        facts.push((
            t("col-decided"),
            format!("{by}, {}", format::datetime(at, lang, i18n)),
        ));
    }
    facts
}

/// `GET /space/institutions/{code}`: every version of an institution, newest period first.
pub async fn versions(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let code = parse_code(&path)?;
    let who = session.principal.actor();
    let c = code.clone();
    let (list, name) = blocking(&state, move |app| {
        let list = member::versions_of(app, &who, &c)?;
        let name = member::institution(app, &c, None)?.map(|(n, _)| n);
        Ok((list, name))
    })
    .await?;
    let rows = list.iter().map(|v| version_row(i18n, lang, v)).collect();
    let title = i18n.message(
        lang,
        "versions-title",
        &[(
            "institution",
            name.map_or_else(|| code.to_string(), |n| format!("{n} ({code})")),
        )],
    );
    let page = VersionsPage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        headings: [
            "col-quarter",
            "col-version",
            "col-received",
            "col-by",
            "col-file",
            "col-status",
            "col-warnings",
        ]
        .iter()
        .map(|id| t(id))
        .collect(),
        rows,
        empty: t("versions-empty"),
        history: Link::new(
            format!("/space/institutions/{code}/history"),
            t("action-history"),
            false,
        ),
    };
    private_page(&page, lang, StatusCode::OK)
}

/// A version in an institution's list of versions.
fn version_row(i18n: &I18n, lang: Lang, v: &SubmissionRecord) -> VersionRow {
    let (status, status_class) = status_of(i18n, lang, v.status);
    VersionRow {
        period: format::period(v.period, lang, i18n),
        version: format!("v{}", v.version),
        received: format::datetime(v.received_at, lang, i18n),
        by: format!("{} ({})", v.submitted_by, v.channel),
        file: v.source_name.clone(),
        status,
        status_class,
        comment: v.status_comment.clone(),
        warnings: format::count(usize::try_from(v.warnings).unwrap_or(0), lang),
        href: format!("/space/submissions/{}", v.id),
    }
}

// ---------------------------------------------------------------- views

/// One submission of a file in a report.
#[derive(Debug, Clone)]
pub struct ReportBlock {
    /// `DSA01 — T1 2016`.
    pub title: String,
    /// What happened (stored as version 2, refused, …).
    pub outcome: String,
    /// `stored`, `refused`, `unchanged`.
    pub outcome_class: &'static str,
    /// Facts (label, value).
    pub facts: Vec<(String, String)>,
    /// Its issues.
    pub issues: Vec<IssueRow>,
    /// Links.
    pub links: Vec<Link>,
}

/// A validation report: of an upload just made, or of a stored version.
#[derive(Template)]
#[template(path = "space/report.html")]
pub struct ReportPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Summary sentence.
    pub summary: String,
    /// Issues of the file as a whole.
    pub file_issues: Vec<IssueRow>,
    /// One block per (institution, period) of the file.
    pub blocks: Vec<ReportBlock>,
    /// Column headings of issue tables.
    pub headings: Vec<String>,
    /// "No issue".
    pub no_issue: String,
    /// Links to go on.
    pub links: Vec<Link>,
}

/// The upload page.
#[derive(Template)]
#[template(path = "space/upload.html")]
pub struct UploadPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Institutions to choose from (code, label, selected).
    pub institutions: Vec<(String, String, bool)>,
    /// Periods to choose from (code, label, selected).
    pub periods: Vec<(String, String, bool)>,
    /// Largest file, formatted.
    pub max_size: String,
    /// Labels.
    pub labels: FormLabels,
}

/// A version in the list of an institution's submissions.
#[derive(Debug, Clone)]
pub struct VersionRow {
    /// Period label.
    pub period: String,
    /// `v2`.
    pub version: String,
    /// Received at.
    pub received: String,
    /// Who, how.
    pub by: String,
    /// File name.
    pub file: String,
    /// Status text.
    pub status: String,
    /// Class.
    pub status_class: &'static str,
    /// Staff's comment.
    pub comment: Option<String>,
    /// Warnings stored.
    pub warnings: String,
    /// The report.
    pub href: String,
}

/// An institution's versions.
#[derive(Template)]
#[template(path = "space/versions.html")]
pub struct VersionsPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Headings.
    pub headings: Vec<String>,
    /// Rows, newest first.
    pub rows: Vec<VersionRow>,
    /// "No return yet".
    pub empty: String,
    /// The institution's indicators over time.
    pub history: Link,
}
