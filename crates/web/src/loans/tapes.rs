//! The page of a quarter (`GET /space/institutions/{code}/loans?period=`): its stored tapes,
//! the upload form, the portfolio of the tape in force, the solvency coefficient.

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::accounts::Session;
use mizan_service::loans::{SolvencyReport, loan_tapes, solvency_of};
use mizan_service::{Actor, App, ServiceResult};
use mizan_service::{ServiceError, member};
use mizan_storage::loan_tapes::LoanTapeRecord;
use serde::Deserialize;

use super::portfolio::{PortfolioView, portfolio_view};
use super::solvency::{SolvencyView, reports_no_solvency_item, solvency_view};
use super::{InForce, count_u64, in_force, menu_path, quarters};
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::pages::parse_period;
use crate::private::{blocking, collecting, parse_code};
use crate::space_views::{FormLabels, Frame, MessagePage, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// `?period=` of the loan-tape page.
#[derive(Debug, Default, Deserialize)]
pub struct TapesQuery {
    period: Option<String>,
}

/// What the page of a quarter needs, read off the request thread.
struct Quarter {
    name: String,
    framework: String,
    period: Period,
    periods: Vec<(Period, usize)>,
    tapes: Vec<LoanTapeRecord>,
    in_force: Option<InForce>,
    solvency: Option<SolvencyReport>,
}

/// Whether the framework `id` classifies loans at `period`.
fn classifies(app: &App, id: &str, period: Period) -> bool {
    app.framework(id, period)
        .is_ok_and(|f| f.classification.is_some())
}

/// Reads the page of a quarter: the institution, the quarters of the picker with their
/// number of tapes, the quarter shown (the one asked for, else the latest with a tape, else
/// the one being collected), its tapes, the tape in force and the return's solvency.
fn load_quarter(
    app: &App,
    who: &Actor,
    c: &InstitutionCode,
    asked: Option<Period>,
) -> ServiceResult<Quarter> {
    let monthly = member::reports_monthly(app, std::slice::from_ref(c))?;
    let list = quarters(app.today(), asked, monthly);
    let latest = list
        .first()
        .copied()
        .unwrap_or_else(|| collecting(app.today()));
    let (name, framework) = member::institution(app, c, Some(asked.unwrap_or(latest)))?
        .ok_or_else(|| ServiceError::NotFound(format!("institution {c}")))?;
    let mut periods = Vec::new();
    let mut all = Vec::new();
    if classifies(app, &framework, asked.unwrap_or(latest)) {
        for p in &list {
            let versions = loan_tapes(app, who, c, *p)?;
            periods.push((*p, versions.len()));
            all.push((*p, versions));
        }
    } else {
        periods = list.iter().map(|p| (*p, 0)).collect();
    }
    let period = asked
        .or_else(|| periods.iter().find(|(_, n)| *n > 0).map(|(p, _)| *p))
        .unwrap_or(latest);
    let tapes = all
        .into_iter()
        .find(|(p, _)| *p == period)
        .map(|(_, v)| v)
        .unwrap_or_default();
    let in_force = if tapes.is_empty() {
        None
    } else {
        in_force(app, who, c, period)?
    };
    let solvency = match solvency_of(app, who, c, period) {
        Ok(r) => Some(r),
        Err(ServiceError::NotFound(_) | ServiceError::Invalid(_)) => None,
        Err(e) => return Err(e),
    };
    Ok(Quarter {
        name,
        framework,
        period,
        periods,
        tapes,
        in_force,
        solvency,
    })
}

/// `GET /space/institutions/{code}/loans?period=P`: the quarter's stored tapes, the upload
/// form, the portfolio of the tape in force, the solvency coefficient of the return.
pub async fn tapes(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<TapesQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let code = parse_code(&path)?;
    // Who may see the tapes is the use cases' decision: each refuses anyone else.
    let who = session.principal.actor();
    let asked = query
        .period
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_period(p.trim()))
        .transpose()?;
    let c = code.clone();
    let quarter = blocking(&state, move |app| load_quarter(app, &who, &c, asked)).await?;
    if !classifies(state.app(), &quarter.framework, quarter.period) {
        return no_classification(&state, lang, &session, &code, &quarter);
    }
    let page = tapes_view(&state, lang, &session, &code, &quarter);
    private_page(&page, lang, StatusCode::OK)
}

/// The page saying that the institution's framework does not classify loans in the quarter.
fn no_classification(
    state: &WebState,
    lang: Lang,
    session: &Session,
    code: &InstitutionCode,
    quarter: &Quarter,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let who = format!("{} ({code})", quarter.name);
    let title = i18n.message(lang, "loans-title", &[("institution", who.clone())]);
    let page = MessagePage {
        page: layout(state, lang, &title, "/space"),
        frame: Some(Frame::new(state, lang, session, menu_path(session))),
        title,
        text: vec![i18n.message(
            lang,
            "loans-no-classification",
            &[
                ("institution", who),
                ("framework", quarter.framework.clone()),
                ("period", format::period(quarter.period, lang, i18n)),
            ],
        )],
        links: vec![Link::new(
            format!("/space/institutions/{code}"),
            i18n.text(lang, "loans-action-returns"),
            false,
        )],
    };
    private_page(&page, lang, StatusCode::OK)
}

/// The page of a quarter that classifies loans.
fn tapes_view(
    state: &WebState,
    lang: Lang,
    session: &Session,
    code: &InstitutionCode,
    quarter: &Quarter,
) -> TapesPage {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period = quarter.period;
    let label = format::period(period, lang, i18n);
    let who = format!("{} ({code})", quarter.name);
    let (solvency, solvency_none) = match &quarter.solvency {
        None => (None, Some(t("loans-solvency-no-return"))),
        Some(r) if reports_no_solvency_item(state, r, period) => (
            None,
            Some(i18n.message(
                lang,
                "loans-solvency-no-items",
                &[("version", r.submission.version.to_string())],
            )),
        ),
        Some(r) => (Some(solvency_view(state, lang, r, period)), None),
    };
    let max = state.app().settings.upload.max_tape_bytes;
    let title = i18n.message(
        lang,
        "loans-page-title",
        &[("institution", who), ("period", label.clone())],
    );
    TapesPage {
        page: layout(state, lang, &title, "/space"),
        frame: Frame::new(state, lang, session, menu_path(session)),
        intro: t("loans-intro"),
        periods: period_choices(i18n, lang, quarter),
        action: format!("/space/institutions/{code}/loans"),
        version_headings: vec![
            t("loans-col-version"),
            t("loans-col-received"),
            t("loans-col-by"),
            t("loans-col-file"),
            t("loans-col-loans"),
            t("loans-col-warnings"),
            t("loans-col-status"),
            t("loans-col-return"),
        ],
        versions: tape_rows(i18n, lang, &quarter.tapes),
        no_tape: quarter
            .tapes
            .is_empty()
            .then(|| i18n.message(lang, "loans-no-tape", &[("period", label)])),
        max_size: i18n.message(
            lang,
            "loans-max-size",
            &[("size", format::count((max / (1024 * 1024)) as usize, lang))],
        ),
        portfolio: quarter
            .in_force
            .as_ref()
            .map(|f| portfolio_view(state, lang, f, period, session)),
        solvency,
        solvency_none,
        links: vec![Link::new(
            format!("/space/institutions/{code}"),
            t("loans-action-returns"),
            false,
        )],
        sample: Link::new(
            format!("/space/institutions/{code}/loans/{period}/sample.csv"),
            t("loans-download-sample"),
            false,
        ),
        labels: tapes_labels(i18n, lang),
    }
}

/// The quarters of the picker, with their number of tapes; the one shown chosen.
fn period_choices(i18n: &I18n, lang: Lang, quarter: &Quarter) -> Vec<(String, String, bool)> {
    quarter
        .periods
        .iter()
        .map(|(p, n)| {
            let l = format::period(*p, lang, i18n);
            let text = if *n > 0 {
                i18n.message(
                    lang,
                    "loans-period-with-tapes",
                    &[("period", l), ("n", format::count(*n, lang))],
                )
            } else {
                l
            };
            (p.to_string(), text, *p == quarter.period)
        })
        .collect()
}

/// The quarter's tapes, newest first; the last one is in force.
fn tape_rows(i18n: &I18n, lang: Lang, tapes: &[LoanTapeRecord]) -> Vec<TapeRow> {
    let t = |id: &str| i18n.text(lang, id);
    let last = tapes.last().map(|t| t.version);
    tapes
        .iter()
        .rev()
        .map(|tape| {
            let latest = Some(tape.version) == last;
            TapeRow {
                version: format!("v{}", tape.version),
                received: format::datetime(tape.received_at, lang, i18n),
                by: format!("{} ({})", tape.submitted_by, tape.channel),
                file: format!("{} ({})", tape.source_name, tape.source_format),
                loans: count_u64(tape.loans, lang),
                warnings: format::count(tape.warnings.len(), lang),
                status: if latest {
                    t("loans-status-in-force")
                } else {
                    t("loans-status-replaced")
                },
                status_class: if latest { "stored" } else { "unchanged" },
                feed: tape.submission_id.map(|id| {
                    Link::new(
                        format!("/space/submissions/{id}"),
                        t("loans-action-return-report"),
                        false,
                    )
                }),
            }
        })
        .collect()
}

/// The labels of the page of a quarter.
fn tapes_labels(i18n: &I18n, lang: Lang) -> FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    FormLabels(vec![
        ("picker", t("loans-picker")),
        ("period", t("loans-field-period")),
        ("show", t("loans-show")),
        ("versions", t("loans-versions")),
        ("upload", t("loans-upload")),
        ("upload-intro", t("loans-upload-intro")),
        ("file", t("loans-field-file")),
        ("submit", t("loans-upload-submit")),
    ])
}

// ---------------------------------------------------------------- views

/// A stored version of a tape, in the list of the quarter's versions.
#[derive(Debug, Clone)]
pub struct TapeRow {
    /// `v2`.
    pub version: String,
    /// Received at.
    pub received: String,
    /// Who, how (`officer (web)`).
    pub by: String,
    /// File name and format.
    pub file: String,
    /// Loans classified.
    pub loans: String,
    /// Warnings stored with it.
    pub warnings: String,
    /// The version in force, or replaced.
    pub status: String,
    /// `stored` (in force) or `unchanged` (replaced): a class for the badge.
    pub status_class: &'static str,
    /// The version of the return it fed (its report).
    pub feed: Option<Link>,
}

/// The loan-tape page of an institution and quarter.
#[derive(Template)]
#[template(path = "loans/tapes.html")]
pub struct TapesPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Introduction.
    pub intro: String,
    /// The period picker's action (`/space/institutions/CI01/loans`) and the upload's.
    pub action: String,
    /// Periods to choose from (code, label, selected).
    pub periods: Vec<(String, String, bool)>,
    /// Column headings of the versions.
    pub version_headings: Vec<String>,
    /// The quarter's stored tapes, newest first.
    pub versions: Vec<TapeRow>,
    /// "No tape stored for this quarter".
    pub no_tape: Option<String>,
    /// The largest tape, formatted.
    pub max_size: String,
    /// The portfolio of the tape in force.
    pub portfolio: Option<PortfolioView>,
    /// The solvency coefficient of the return.
    pub solvency: Option<SolvencyView>,
    /// Why no coefficient is shown.
    pub solvency_none: Option<String>,
    /// Further links.
    pub links: Vec<Link>,
    /// The sample tape of the quarter.
    pub sample: Link,
    /// Labels.
    pub labels: FormLabels,
}
