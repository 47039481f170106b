//! The upload of a loan tape (`POST /space/institutions/{code}/loans`) and its import report.

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::accounts::Session;
use mizan_service::loans::{LoanImportReport, LoanOutcome, ReturnFeed, import_loans};
use mizan_service::member;

use super::portfolio::{PortfolioView, portfolio_view};
use super::{InForce, count_u64, in_force, issue_headings, issue_row, licence_label, menu_path};
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::I18n;
use crate::pages::parse_period;
use crate::private::{SignedUpload, TAPE_UPLOAD, blocking, parse_code};
use crate::space_views::{Frame, IssueRow, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// What the report page needs besides the import's report.
struct Imported {
    name: String,
    framework: Option<String>,
    report: LoanImportReport,
    in_force: Option<InForce>,
}

/// `POST /space/institutions/{code}/loans` (multipart: `csrf`, `period`, `file`): the tape is
/// read within the tape limit, its form parsed and the tape imported off the request thread;
/// the answer is the import report (outcome, every issue by line, the portfolio when a tape is
/// stored). All or nothing: with a blocking issue nothing is stored (422).
pub async fn upload(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let SignedUpload {
        session,
        state,
        lang,
        form,
    } = SignedUpload::read(&req, data, session, payload, &TAPE_UPLOAD).await?;
    let code = parse_code(&path)?;
    let period = form
        .field("period")
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| AppError::BadRequest("no period chosen".into()))
        .and_then(|p| parse_period(p.trim()))?;
    let file = form
        .file
        .filter(|f| !f.name.is_empty())
        .ok_or_else(|| AppError::BadRequest("no file chosen".into()))?;
    let who = session.principal.actor();
    let c = code.clone();
    let imported = blocking(&state, move |app| {
        let (name, framework) = match member::institution(app, &c, Some(period))? {
            Some((n, f)) => (n, Some(f)),
            None => (c.to_string(), None),
        };
        // Streamed from the temporary file, deleted when `file` is dropped.
        let report = import_loans(app, &c, period, file.path(), &file.name, &who, &mut |_| {})?;
        drop(file);
        let in_force = if report.refused() {
            None
        } else {
            in_force(app, &who, &c, period)?
        };
        Ok(Imported {
            name,
            framework,
            report,
            in_force,
        })
    })
    .await;
    state.metrics().upload(
        crate::metrics::UploadKind::Tape,
        matches!(&imported, Ok(i) if !i.report.refused()),
    );
    let imported = imported?;
    if !imported.report.refused() {
        state.send_mail();
    }
    render_report(&state, lang, &session, &code, period, &imported)
}

/// The import report of a tape: 422 when refused (nothing stored).
fn render_report(
    state: &WebState,
    lang: Lang,
    session: &Session,
    code: &InstitutionCode,
    period: Period,
    imported: &Imported,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let r = &imported.report;
    let label = format::period(period, lang, i18n);
    let (outcome, outcome_class) = outcome_text(i18n, lang, r);
    let summary = i18n.message(
        lang,
        "loans-report-summary",
        &[
            ("file", r.source_name.clone()),
            ("institution", format!("{} ({code})", imported.name)),
            ("period", label.clone()),
        ],
    );
    let mut links = vec![Link::new(
        format!("/space/institutions/{code}/loans?period={period}"),
        t("loans-action-tapes"),
        false,
    )];
    if let LoanOutcome::Stored(s) = &r.outcome {
        links.push(Link::new(
            format!("/space/submissions/{}", s.feed.submission().id),
            t("loans-action-return-report"),
            false,
        ));
    }
    let page = TapeReportPage {
        page: layout(
            state,
            lang,
            &i18n.message(lang, "loans-report-title", &[("period", label)]),
            "/space",
        ),
        frame: Frame::new(state, lang, session, menu_path(session)),
        summary,
        outcome,
        outcome_class,
        facts: report_facts(state, lang, period, imported),
        issues_heading: t("loans-issues"),
        issues: r.issues.iter().map(|i| issue_row(i18n, lang, i)).collect(),
        issue_headings: issue_headings(i18n, lang),
        issues_more: (r.read.issues_not_listed > 0).then(|| {
            i18n.message(
                lang,
                "loans-issues-not-listed",
                &[("n", count_u64(r.read.issues_not_listed, lang))],
            )
        }),
        no_issue: t("loans-no-issue"),
        portfolio: imported
            .in_force
            .as_ref()
            .map(|f| portfolio_view(state, lang, f, period, session)),
        links,
    };
    let status = if r.refused() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    private_page(&page, lang, status)
}

/// What the import did (stored, with the return it fed; refused; already imported), and its
/// class.
fn outcome_text(i18n: &I18n, lang: Lang, r: &LoanImportReport) -> (String, &'static str) {
    match &r.outcome {
        LoanOutcome::Stored(s) => {
            let feed = match &s.feed {
                ReturnFeed::NewVersion(v) => i18n.message(
                    lang,
                    "loans-outcome-return-new",
                    &[("version", v.version.to_string())],
                ),
                ReturnFeed::Unchanged(v) => i18n.message(
                    lang,
                    "loans-outcome-return-unchanged",
                    &[("version", v.version.to_string())],
                ),
            };
            let stored = i18n.message(
                lang,
                "loans-outcome-stored",
                &[
                    ("version", s.tape.version.to_string()),
                    ("loans", count_u64(s.tape.loans, lang)),
                ],
            );
            (format!("{stored} {feed}"), "stored")
        }
        LoanOutcome::Refused => (
            i18n.message(
                lang,
                "loans-outcome-refused",
                &[("blocking", format::count(r.blocking().count(), lang))],
            ),
            "refused",
        ),
        LoanOutcome::AlreadyImported(tape) => (
            i18n.message(
                lang,
                "loans-outcome-already-imported",
                &[
                    ("version", tape.version.to_string()),
                    ("received", format::datetime(tape.received_at, lang, i18n)),
                ],
            ),
            "unchanged",
        ),
    }
}

/// The facts of an import: the file, its hash and date, the licence, what was read, the
/// previous quarter-end it was classified against, the issues found.
fn report_facts(
    state: &WebState,
    lang: Lang,
    period: Period,
    imported: &Imported,
) -> Vec<(String, String)> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let r = &imported.report;
    let mut facts = vec![
        (
            t("loans-col-file"),
            format!("{} ({})", r.source_name, r.format),
        ),
        (t("loans-col-sha256"), r.sha256.clone()),
        (
            t("loans-fact-as-of"),
            format::date(r.as_of.and_time(chrono::NaiveTime::MIN), lang, i18n),
        ),
    ];
    let def = imported
        .framework
        .as_deref()
        .and_then(|f| state.app().framework(f, period).ok())
        .and_then(|f| f.classification.as_ref());
    if let Some(l) = &r.licence {
        facts.push((t("loans-fact-licence"), licence_label(i18n, lang, l, def)));
    }
    if r.read.rows > 0 || r.read.loans > 0 {
        facts.push((t("loans-fact-rows"), count_u64(r.read.rows, lang)));
        facts.push((t("loans-fact-classified"), count_u64(r.read.loans, lang)));
    }
    // The portfolio, when shown, says which previous quarter-end it was classified against.
    if matches!(r.outcome, LoanOutcome::Stored(_)) && imported.in_force.is_none() {
        facts.push((
            t("loans-fact-previous"),
            match &r.previous {
                Some(p) => i18n.message(
                    lang,
                    "loans-portfolio-previous",
                    &[
                        ("version", p.version.to_string()),
                        ("period", format::period(p.period, lang, i18n)),
                    ],
                ),
                None => t("loans-portfolio-no-previous"),
            },
        ));
    }
    facts.push((
        t("loans-fact-issues"),
        i18n.message(
            lang,
            "loans-issue-counts",
            &[
                ("blocking", format::count(r.blocking().count(), lang)),
                ("warnings", format::count(r.warnings().count(), lang)),
            ],
        ),
    ));
    facts
}

// ---------------------------------------------------------------- views

/// The report of a tape just uploaded.
#[derive(Template)]
#[template(path = "loans/report.html")]
pub struct TapeReportPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Summary sentence.
    pub summary: String,
    /// What happened.
    pub outcome: String,
    /// `stored`, `refused`, `unchanged`.
    pub outcome_class: &'static str,
    /// Facts (label, value).
    pub facts: Vec<(String, String)>,
    /// Heading of the issues.
    pub issues_heading: String,
    /// Every issue, by line.
    pub issues: Vec<IssueRow>,
    /// Column headings of the issues.
    pub issue_headings: Vec<String>,
    /// Issues found but not listed.
    pub issues_more: Option<String>,
    /// "No issue".
    pub no_issue: String,
    /// The portfolio of the tape in force, when a tape is stored.
    pub portfolio: Option<PortfolioView>,
    /// Links to go on.
    pub links: Vec<Link>,
}
