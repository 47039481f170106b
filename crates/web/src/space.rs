//! The member space: uploads and validation reports, versions, own indicators against the
//! norms and the peer group, peer detail under reciprocity, downloads. Staff use the same
//! pages for any institution (upload on behalf, reports); partners see peer detail of the
//! periods granted to them.
//!
//! Every handler asks the service, which checks who asks ([`mizan_service::access`]): a
//! member reaching for another institution's upload, versions or report gets 403 (or 404 for
//! a submission id, which must not reveal that it exists).

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::framework::{Compliance, DisplayKind};
use mizan_core::{Framework, InstitutionCode, Issue, Lang, Period, Severity};
use mizan_ratios::{Method, RowKind};
use mizan_service::access::upload_scope;
use mizan_service::access::{Refusal, standing};
use mizan_service::accounts::{Principal, Session};
use mizan_service::member;
use mizan_service::returns::{ImportReport, Outcome, Scope, submit_returns};
use mizan_service::{ServiceError, export};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};
use mizan_storage::users::Role;
use serde::Deserialize;

use crate::account::see_other;
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::{issue_text, place_text, severity_text};
use crate::pages::parse_period;
use crate::private::{RETURN_UPLOAD, SignedUpload, blocking, collecting, download, parse_code};
use crate::space_views::{
    FormLabels, Frame, HomePage, IssueRow, MessagePage, OwnIndicatorsPage, OwnRow, PeersPage,
    QuarterRow, ReportBlock, ReportPage, UploadPage, VersionRow, VersionsPage, layout,
    private_page,
};
use crate::state::WebState;
use crate::views::{Link, encode_query};

crate::routing::route_table! {
    GET "/space" => home,
    GET "/space/upload" => upload_form,
    POST "/space/upload" => upload,
    GET "/space/template" => template,
    GET "/space/submissions/{id}" => report,
    GET "/space/institutions/{code}" => versions,
    GET "/space/institutions/{code}/periods/{period}" => own_indicators,
    GET "/space/institutions/{code}/periods/{period}/indicators.csv" => own_indicators_csv,
    GET "/space/periods/{period}/peers" => peers,
    GET "/space/periods/{period}/peers.csv" => peers_csv,
}

/// The text of a refusal of peer detail.
pub(crate) fn refusal_text(i18n: &I18n, lang: Lang, why: &Refusal, period: &str) -> String {
    let args = [("period", period.to_owned())];
    match why {
        Refusal::SignInRequired => i18n.message(lang, "refusal-sign-in", &args),
        Refusal::NotReported => i18n.message(lang, "refusal-not-reported", &args),
        Refusal::AwaitingReview => i18n.message(lang, "refusal-awaiting-review", &args),
        Refusal::Rejected(comment) => {
            let mut t = i18n.message(lang, "refusal-rejected", &args);
            if let Some(c) = comment {
                t.push(' ');
                t.push_str(&i18n.message(lang, "staff-comment", &[("comment", c.clone())]));
            }
            t
        }
        Refusal::NotGranted => i18n.message(lang, "refusal-not-granted", &args),
    }
}

fn status_of(i18n: &I18n, lang: Lang, s: SubmissionStatus) -> (String, &'static str) {
    match s {
        SubmissionStatus::Received => (i18n.text(lang, "status-received"), "received"),
        SubmissionStatus::Accepted => (i18n.text(lang, "status-accepted"), "accepted"),
        SubmissionStatus::Rejected => (i18n.text(lang, "status-rejected"), "rejected"),
    }
}

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
    Ok(match upload_scope(p, asked.as_ref(), None)? {
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
    let who = session.principal.clone();
    let (institutions, periods, max) = blocking(&state, move |app| {
        let institutions = member::institutions(app, &who)?;
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
        periods.sort_by(|a, b| b.cmp(a));
        Ok((institutions, periods, app.settings.upload.max_file_bytes))
    })
    .await?;
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
        labels: FormLabels(vec![
            ("intro", t("upload-intro")),
            ("institution", t("field-institution")),
            ("period", t("field-period")),
            ("file", t("field-file")),
            ("submit", t("upload-submit")),
            ("template-heading", t("template-heading")),
            ("template-intro", t("template-intro")),
            ("template-submit", t("template-submit")),
        ]),
    };
    private_page(&page, lang, StatusCode::OK)
}

/// `GET /space/template?institution=&period=`: the Excel template, filled with the
/// institution and the quarter.
pub async fn template(
    data: web::Data<WebState>,
    Signed(session): Signed,
    query: web::Query<UploadQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let code = acting_for(&session.principal, query.institution.as_deref())?;
    let period = match query.period.as_deref() {
        Some(p) => parse_period(p)?,
        None => return Err(AppError::BadRequest("period is required".into())),
    };
    let c = code.clone();
    let bytes = blocking(&state, move |app| {
        let framework = match &c {
            Some(code) => member::institution(app, code, Some(period))?
                .map(|(_, fw)| fw)
                .unwrap_or_else(|| app.settings.frameworks.default.clone()),
            None => app.settings.frameworks.default.clone(),
        };
        mizan_service::template::template(app, &framework, period, c.as_ref())
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
    let who = session.principal.clone();
    // Who may send returns for which institution is the service's decision. Read from the
    // temporary file, which is deleted when `file` is dropped after the import.
    let report = blocking(&state, move |app| {
        submit_returns(app, &who, asked.as_ref(), period, file.path(), &file.name)
    })
    .await?;
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
    let mut blocks = Vec::new();
    for sub in &report.submissions {
        let (outcome, class, record) = match &sub.outcome {
            Outcome::Stored(r) => (
                i18n.message(
                    lang,
                    "outcome-stored",
                    &[("version", r.version.to_string())],
                ),
                "stored",
                Some(r),
            ),
            Outcome::Refused => (t("outcome-refused"), "refused", None),
            Outcome::AlreadyImported(r) => (
                i18n.message(
                    lang,
                    "outcome-already-imported",
                    &[("version", r.version.to_string())],
                ),
                "unchanged",
                Some(r),
            ),
            Outcome::Unchanged(r) => (
                i18n.message(
                    lang,
                    "outcome-unchanged",
                    &[("version", r.version.to_string())],
                ),
                "unchanged",
                Some(r),
            ),
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
        blocks.push(ReportBlock {
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
        });
    }
    let page = ReportPage {
        page: layout(state, lang, &t("report-title"), "/space/upload"),
        frame: Frame::new(state, lang, session, "/space/upload"),
        summary,
        file_issues: report
            .file_issues
            .iter()
            .map(|i| issue_row(i18n, lang, i, issue_text(i18n, lang, &i.kind)))
            .collect(),
        blocks,
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
    let who = session.principal.clone();
    let (sub, issues) = blocking(&state, move |app| member::report(app, &who, id)).await?;
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
    let who = session.principal.clone();
    let c = code.clone();
    let (list, name) = blocking(&state, move |app| {
        let list = member::versions_of(app, &who, &c)?;
        let name = member::institution(app, &c, None)?.map(|(n, _)| n);
        Ok((list, name))
    })
    .await?;
    let rows = list
        .iter()
        .map(|v| {
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
        })
        .collect();
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
    };
    private_page(&page, lang, StatusCode::OK)
}

/// `?framework=&section=` of the peer pages.
#[derive(Debug, Default, Deserialize)]
pub struct PeerQuery {
    framework: Option<String>,
    section: Option<String>,
}

/// The framework a person reads a period under: the one asked for, a member's institution's,
/// else the site's.
fn framework_for(
    app: &mizan_service::App,
    p: &Principal,
    asked: Option<&str>,
    period: Period,
    site: &str,
) -> Result<String, ServiceError> {
    if let Some(f) = asked.filter(|f| !f.is_empty()) {
        app.framework(f, period)?;
        return Ok(f.to_owned());
    }
    if let Some(code) = &p.institution
        && let Some((_, fw)) = member::institution(app, code, Some(period))?
    {
        return Ok(fw);
    }
    Ok(site.to_owned())
}

fn compliance_text(i18n: &I18n, lang: Lang, c: Option<Compliance>) -> (String, &'static str) {
    match c {
        Some(Compliance::Meets) => (i18n.text(lang, "norm-meets"), "meets"),
        Some(Compliance::Fails) => (i18n.text(lang, "norm-fails"), "fails"),
        Some(Compliance::Unknown) => (i18n.text(lang, "norm-unknown"), "unknown"),
        None => (String::new(), ""),
    }
}

fn figure_or_na(
    i18n: &I18n,
    lang: Lang,
    display: DisplayKind,
    v: Option<rust_decimal::Decimal>,
) -> String {
    v.map_or_else(
        || i18n.text(lang, "not-applicable"),
        |v| format::figure(display, v, lang),
    )
}

/// `GET /space/institutions/{code}/periods/{period}`: the institution's own indicators with
/// the norm each is held to and whether it meets it, and — when the period's peer detail is
/// open to the person — its peer group's mean, quartiles and median.
pub async fn own_indicators(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let period = parse_period(&period)?;
    let who = session.principal.clone();
    let c = code.clone();
    let site = state.options().framework.clone();
    let (framework, name, own, stats, public) = blocking(&state, move |app| {
        let (name, framework) =
            member::institution(app, &c, Some(period))?.unwrap_or_else(|| (c.to_string(), site));
        let position = member::own_position(app, &who, &framework, period, &c)?;
        let (own, stats) = (position.own, position.peers);
        // Without the peer detail, the position is taken against the published bulletin.
        let public = match &stats {
            Ok(_) => None,
            Err(_) => member::published_table(app, &framework, period)?,
        };
        Ok((framework, name, own, stats, public))
    })
    .await?;
    let fw: &Framework = state.app().framework(&framework, period)?;
    let label = format::period(period, lang, i18n);
    let title = i18n.message(
        lang,
        "own-title",
        &[
            ("institution", format!("{name} ({code})")),
            ("period", label.clone()),
        ],
    );
    let Some(own) = own else {
        let page = MessagePage {
            page: layout(&state, lang, &title, "/space"),
            frame: Some(Frame::new(&state, lang, &session, "/space")),
            title: title.clone(),
            text: vec![i18n.message(lang, "own-none", &[("period", label)])],
            links: vec![Link::new(
                format!("/space/upload?institution={code}&period={period}"),
                t("action-upload"),
                false,
            )],
        };
        return private_page(&page, lang, StatusCode::OK);
    };
    let group = own
        .group
        .clone()
        .unwrap_or_else(|| mizan_ratios::SECTOR.to_owned());
    let group_label = fw.peer_group(&group).map_or_else(
        || fw.sector_label.get(lang).to_owned(),
        |g| g.label.get(lang).to_owned(),
    );
    let (table, refusal) = match stats {
        Ok(table) => (Some(table), None),
        Err(why) => {
            let mut text = refusal_text(i18n, lang, &why, &label);
            text.push(' ');
            text.push_str(&if public.is_some() {
                t("own-position-published")
            } else {
                t("own-position-none")
            });
            (None, Some(text))
        }
    };
    let mut headings = vec![
        t("col-indicator"),
        t("col-value"),
        t("col-norm"),
        t("col-compliance"),
    ];
    let columns: &[&str] = if table.is_some() {
        &["col-mean", "col-q1", "col-median", "col-q3", "col-n"]
    } else if public.is_some() {
        &["col-mean-published", "col-median-published", "col-n"]
    } else {
        &[]
    };
    for id in columns {
        headings.push(i18n.message(lang, id, &[("group", group_label.clone())]));
    }
    let mut rows = Vec::new();
    for section in &fw.bulletin {
        rows.push(OwnRow {
            heading: true,
            label: format!("{}. {}", section.number, section.label.get(lang)),
            value: String::new(),
            norm: String::new(),
            compliance: String::new(),
            compliance_class: "",
            peers: Vec::new(),
        });
        for heading in &section.headings {
            for ind in fw.heading_indicators(&heading.code) {
                let v = own.indicators.iter().find(|v| v.indicator == ind.code);
                let (compliance, compliance_class) =
                    compliance_text(i18n, lang, v.and_then(|v| v.compliance));
                let peers =
                    table
                        .as_ref()
                        .and_then(|tb| {
                            let row = tb.rows.iter().find(|r| {
                                r.indicator == ind.code && r.kind == RowKind::Indicator
                            })?;
                            let cell = row.cell(&group)?;
                            let d = cell.distribution;
                            Some(vec![
                                figure_or_na(
                                    i18n,
                                    lang,
                                    ind.display,
                                    cell.figure(Method::Published).value,
                                ),
                                figure_or_na(i18n, lang, ind.display, d.map(|d| d.q1)),
                                figure_or_na(i18n, lang, ind.display, d.map(|d| d.median)),
                                figure_or_na(i18n, lang, ind.display, d.map(|d| d.q3)),
                                format::count(cell.n, lang),
                            ])
                        })
                        .or_else(|| {
                            // The published bulletin: its figures, a withheld one stays withheld.
                            let row = public.as_ref()?.rows.iter().find(|r| {
                                r.indicator == ind.code && r.kind == RowKind::Indicator
                            })?;
                            let cell = row.cells.iter().find(|c| c.group == group)?;
                            let shown = |f: mizan_service::publication::PublicFigure| {
                                if f.suppressed {
                                    i18n.text(lang, "suppressed-symbol")
                                } else {
                                    figure_or_na(i18n, lang, ind.display, f.value)
                                }
                            };
                            Some(vec![
                                shown(cell.published),
                                shown(cell.median),
                                format::count(cell.published.n, lang),
                            ])
                        })
                        .unwrap_or_default();
                rows.push(OwnRow {
                    heading: false,
                    label: ind.label.get(lang).to_owned(),
                    value: figure_or_na(i18n, lang, ind.display, v.and_then(|v| v.value())),
                    norm: if v.is_some_and(|v| v.norm.is_some()) {
                        ind.norm_label(lang)
                    } else {
                        String::new()
                    },
                    compliance,
                    compliance_class,
                    peers,
                });
            }
        }
    }
    let mut links = vec![Link::new(
        format!("/space/institutions/{code}/periods/{period}/indicators.csv"),
        t("download-own-csv"),
        false,
    )];
    if table.is_some() {
        links.push(Link::new(
            format!("/space/periods/{period}/peers?framework={framework}"),
            t("action-peer-detail"),
            false,
        ));
    }
    links.push(Link::new(
        format!("/space/submissions/{}", own.submission.id),
        t("action-report"),
        false,
    ));
    let page = OwnIndicatorsPage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        intro: i18n.message(
            lang,
            "own-intro",
            &[
                ("version", own.submission.version.to_string()),
                ("group", group_label),
            ],
        ),
        refusal,
        headings,
        rows,
        links,
    };
    private_page(&page, lang, StatusCode::OK)
}

/// `GET /space/institutions/{code}/periods/{period}/indicators.csv`: the institution's own
/// indicators (the institution itself and staff only).
pub async fn own_indicators_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let period = parse_period(&period)?;
    let who = session.principal.clone();
    let c = code.clone();
    let site = state.options().framework.clone();
    let bytes = blocking(&state, move |app| {
        // The institution's framework, as on its page (not the person's).
        let framework = member::institution(app, &c, Some(period))?.map_or(site, |(_, fw)| fw);
        let own = member::own_indicators(app, &who, &framework, period, &c)?;
        export::institutions_csv(period, own.as_slice())
    })
    .await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("mizan-{code}-{period}-indicators.csv"),
    ))
}

async fn refused_page(
    state: &WebState,
    lang: Lang,
    session: &Session,
    why: &Refusal,
    period: Period,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let label = format::period(period, lang, i18n);
    let title = i18n.message(lang, "peers-title", &[("period", label.clone())]);
    let page = MessagePage {
        page: layout(state, lang, &title, "/space"),
        frame: Some(Frame::new(state, lang, session, "/space")),
        title,
        text: vec![
            refusal_text(i18n, lang, why, &label),
            i18n.text(lang, "reciprocity-rule"),
        ],
        links: vec![
            Link::new("/space", i18n.text(lang, "menu-my-institution"), false),
            Link::new(
                format!("/periods/{period}"),
                i18n.text(lang, "action-public-bulletin"),
                false,
            ),
        ],
    };
    private_page(&page, lang, StatusCode::FORBIDDEN)
}

/// The framework a peer page reads, and its peer detail (or why it is refused).
async fn peer_list(
    state: &Arc<WebState>,
    session: &Session,
    period: Period,
    query: &PeerQuery,
) -> Result<
    (
        String,
        Result<Vec<mizan_service::consolidation::InstitutionIndicators>, Refusal>,
    ),
    AppError,
> {
    let who = session.principal.clone();
    let asked = query.framework.clone();
    let site = state.options().framework.clone();
    blocking(state, move |app| {
        let framework = framework_for(app, &who, asked.as_deref(), period, &site)?;
        let list = member::peer_indicators(app, &who, &framework, period)?;
        Ok((framework, list))
    })
    .await
}

/// `GET /space/periods/{period}/peers`: every reporting institution's indicators, named —
/// for staff, partners granted the period, and members whose return for it was accepted.
/// Anyone else gets a page saying why not (403).
pub async fn peers(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<PeerQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period = parse_period(&path)?;
    let (framework, list) = peer_list(&state, &session, period, &query).await?;
    let list = match list {
        Ok(l) => l,
        Err(why) => return refused_page(&state, lang, &session, &why, period).await,
    };
    let fw: &Framework = state.app().framework(&framework, period)?;
    let section = query
        .section
        .clone()
        .filter(|s| fw.bulletin.iter().any(|b| &b.code == s))
        .or_else(|| fw.bulletin.first().map(|b| b.code.clone()))
        .unwrap_or_default();
    let sections = fw
        .bulletin
        .iter()
        .map(|b| {
            Link::new(
                format!(
                    "/space/periods/{period}/peers?framework={framework}&section={}",
                    encode_query(&b.code)
                ),
                format!("{}. {}", b.number, b.label.get(lang)),
                b.code == section,
            )
        })
        .collect();
    let group_label = |g: &Option<String>| {
        g.as_deref().and_then(|g| fw.peer_group(g)).map_or_else(
            || fw.sector_label.get(lang).to_owned(),
            |g| g.label.get(lang).to_owned(),
        )
    };
    let mut rows = Vec::new();
    if let Some(sec) = fw.bulletin.iter().find(|b| b.code == section) {
        for heading in &sec.headings {
            if !heading.label.get(lang).is_empty() {
                rows.push((
                    format!("{} {}", heading.number, heading.label.get(lang)),
                    true,
                    Vec::new(),
                ));
            }
            for ind in fw.heading_indicators(&heading.code) {
                let values = list
                    .iter()
                    .map(|inst| {
                        figure_or_na(
                            i18n,
                            lang,
                            ind.display,
                            inst.indicators
                                .iter()
                                .find(|v| v.indicator == ind.code)
                                .and_then(|v| v.value()),
                        )
                    })
                    .collect();
                rows.push((ind.label.get(lang).to_owned(), false, values));
            }
        }
    }
    let label = format::period(period, lang, i18n);
    let title = i18n.message(lang, "peers-title", &[("period", label)]);
    let page = PeersPage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        intro: i18n.message(
            lang,
            "peers-intro",
            &[("n", format::count(list.len(), lang))],
        ),
        sections,
        institutions: list
            .iter()
            .map(|i| (i.code.to_string(), i.name.clone(), group_label(&i.group)))
            .collect(),
        indicator_heading: t("col-indicator"),
        rows,
        legend: t("peers-legend"),
        links: vec![Link::new(
            format!("/space/periods/{period}/peers.csv?framework={framework}"),
            t("download-peers-csv"),
            false,
        )],
    };
    private_page(&page, lang, StatusCode::OK)
}

/// `GET /space/periods/{period}/peers.csv`: the peer detail as CSV, under the same rule.
pub async fn peers_csv(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<PeerQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let period = parse_period(&path)?;
    let (_, list) = peer_list(&state, &session, period, &query).await?;
    match list {
        Ok(list) => Ok(download(
            export::institutions_csv(period, &list)?,
            "text/csv; charset=utf-8",
            &format!("mizan-{period}-peers.csv"),
        )),
        Err(why) => refused_page(&state, lang, &session, &why, period).await,
    }
}
