//! The publication's preview (`GET /staff/publication`: the public table as it would be
//! published, the withheld figures and why, coverage per group, the returns awaiting review
//! and the late institutions), and publishing a quarter (a new revision of its bulletin), with
//! the confirmation step when the guard refuses it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::{Lang, Period};
use mizan_ratios::SECTOR;
use mizan_service::ServiceError;
use mizan_service::accounts::Session;
use mizan_service::backoffice::{self, PublishRefusal};
use mizan_service::publication::{Guard, Preview, Withheld, preview, publish};
use serde::Deserialize;

use super::collection::collection_refusal;
use super::{Notice, collected_quarter, collection_href, framework_of, period_of};
use crate::account::see_other;
use crate::auth::StaffForm;
use crate::error::AppError;
use crate::format;
use crate::i18n::I18n;
use crate::private::blocking as run;
use crate::space_views::{Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{GroupView, Layout, Link, NoteView, SectionView};

/// The publish form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    csrf: String,
    period: String,
    framework: String,
    note: String,
    /// `on` when staff confirm a publication the guard refuses.
    confirm: String,
}

/// What publishing gave.
enum Publishing {
    Done(i32),
    Refused(PublishRefusal),
    /// Refused by the use case for another reason (disclosure control, a concurrent
    /// publication), translated for the page.
    Other(mizan_service::Refusal),
    /// Refused by the guard (coverage, returns awaiting review) or a confirmation without its
    /// note: the preview again, with the confirmation step.
    Confirm(mizan_service::Refusal, Box<Preview>),
}

/// Whether a refusal of `publish` is the guard's (or the confirmation's), which the
/// confirmation step answers.
fn confirmable(code: &str) -> bool {
    matches!(
        code,
        "publish.awaiting-review"
            | "publish.low-coverage"
            | "publish.awaiting-review-and-low-coverage"
            | "publish.confirmation-needs-note"
    )
}

/// `POST /staff/publish`: a new revision of the quarter's bulletin, or the collection page
/// again with why not.
pub(super) async fn publish_quarter(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<PublishForm>,
) -> Result<HttpResponse, AppError> {
    let framework = framework_of(&state, Some(&form.framework))?;
    let period = period_of(Some(&form.period))?
        .ok_or_else(|| AppError::BadRequest("no period to publish".into()))?;
    let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
    let guard = if form.confirm == "on" {
        Guard::Confirmed
    } else {
        Guard::Check
    };
    let actor = session.principal.actor();
    let fw = framework.clone();
    let outcome = run(&state, move |app| {
        if let Some(refusal) =
            backoffice::publish_refusal(app, &actor, &fw, period, note.as_deref())?
        {
            return Ok(Publishing::Refused(refusal));
        }
        match publish(app, &fw, period, note.as_deref(), guard, &actor) {
            Ok(rec) => Ok(Publishing::Done(rec.revision)),
            Err(ServiceError::Invalid(why)) if confirmable(why.code()) => {
                let seen = preview(app, &actor, &fw, period, note.as_deref())?;
                Ok(Publishing::Confirm(why, Box::new(seen)))
            }
            Err(ServiceError::Invalid(why)) => Ok(Publishing::Other(why)),
            Err(e) => Err(e),
        }
    })
    .await?;
    let text = match outcome {
        Publishing::Done(revision) => {
            return Ok(see_other(&format!(
                "{}&published={revision}",
                collection_href(&state, &framework, period)
            )));
        }
        Publishing::Refused(refusal) => refusal_text(state.i18n(), lang, period, refusal),
        Publishing::Confirm(why, seen) => {
            // The guard's refusal is a conflict with the quarter's state (409); a confirmation
            // without its note is a bad form (400).
            let status = if why.code() == "publish.confirmation-needs-note" {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::CONFLICT
            };
            let text = crate::refusal::refusal_text(state.i18n(), lang, &why);
            return render_preview(
                &state,
                lang,
                &session,
                &seen,
                Some(Notice::refused(text)),
                true,
                &form.note,
                status,
            );
        }
        Publishing::Other(why) => {
            let i18n = state.i18n();
            let why = crate::refusal::refusal_text(i18n, lang, &why);
            i18n.message(lang, "staff-publish-refused", &[("reason", why)])
        }
    };
    collection_refusal(&state, lang, &session, &framework, Some(period), text).await
}

/// Why publishing `period` is refused, in the reader's language.
fn refusal_text(i18n: &I18n, lang: Lang, period: Period, refusal: PublishRefusal) -> String {
    match refusal {
        PublishRefusal::NoReturns => i18n.message(
            lang,
            "staff-publish-no-returns",
            &[("period", format::period(period, lang, i18n))],
        ),
        PublishRefusal::Unchanged {
            revision,
            published_at,
        } => i18n.message(
            lang,
            "staff-publish-unchanged",
            &[
                ("period", format::period(period, lang, i18n)),
                ("revision", revision.to_string()),
                ("date", format::datetime(published_at, lang, i18n)),
            ],
        ),
        PublishRefusal::NoteRequired { revision } => i18n.message(
            lang,
            "staff-publish-note-required",
            &[
                ("period", format::period(period, lang, i18n)),
                ("revision", revision.to_string()),
            ],
        ),
    }
}

crate::auth::csrf_forms!(PublishForm);

/// The query of the preview page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PreviewQuery {
    framework: Option<String>,
    period: Option<String>,
}

/// `GET /staff/publication?framework=&period=`: what publishing the quarter now would give.
pub(super) async fn preview_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    crate::auth::Staff(session): crate::auth::Staff,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = crate::i18n::request_lang(&req);
    let framework = framework_of(&state, query.framework.as_deref())?;
    let period = period_of(query.period.as_deref())?
        .unwrap_or_else(|| collected_quarter(state.app().today()));
    let actor = session.principal.actor();
    let fw = framework.clone();
    let seen = run(&state, move |app| preview(app, &actor, &fw, period, None)).await?;
    render_preview(
        &state,
        lang,
        &session,
        &seen,
        None,
        false,
        "",
        StatusCode::OK,
    )
}

/// A row of the coverage table.
pub struct CoverageView {
    /// The column.
    pub group: String,
    /// Accepted returns.
    pub accepted: String,
    /// Expected institutions.
    pub expected: String,
    /// The share, in percent.
    pub share: String,
    /// Below the minimum (said in words).
    pub below: Option<String>,
}

/// A withheld figure.
pub struct WithheldView {
    /// Indicator (row label).
    pub indicator: String,
    /// Column.
    pub group: String,
    /// Method.
    pub method: String,
    /// Why.
    pub reason: String,
}

/// The preview page.
#[derive(Template)]
#[template(path = "staff/publication.html")]
pub struct PreviewPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Page texts by name.
    pub labels: crate::space_views::FormLabels,
    /// Back to the collection.
    pub back: Link,
    /// What publishing now would do (refused and why, or possible).
    pub verdict: String,
    /// Whether publishing now would be refused.
    pub refused: bool,
    /// The minimum coverage, said.
    pub min_coverage: String,
    /// Coverage per column.
    pub coverage: Vec<CoverageView>,
    /// Returns awaiting review.
    pub awaiting: Vec<String>,
    /// Late institutions.
    pub late: Vec<String>,
    /// Withheld figures.
    pub withheld: Vec<WithheldView>,
    /// Whether there is a table to show.
    pub has_table: bool,
    /// The table's revision note line, when any.
    pub published: String,
    /// Who reported, per column.
    pub groups: Vec<GroupView>,
    /// The bulletin's sections.
    pub sections: Vec<SectionView>,
    /// Its notes.
    pub notes: Vec<NoteView>,
    /// Its legend.
    pub legend: Vec<String>,
    /// Column headers.
    pub columns: Vec<String>,
    /// Header of the number column.
    pub col_number: String,
    /// Header of the indicator column.
    pub col_indicator: String,
    /// Header of the norms column.
    pub col_norms: String,
    /// The quarter, said.
    pub period_label: String,
    /// The symbol of a withheld figure.
    pub suppressed_symbol: String,
    /// Its title.
    pub suppressed_title: String,
    /// The form: period.
    pub period: String,
    /// The form: framework.
    pub framework: String,
    /// The note typed before (kept on the confirmation step).
    pub note: String,
    /// Whether the confirmation step is shown (a required note and the checkbox).
    pub confirm_step: bool,
    /// Whether a note is required.
    pub note_required: bool,
    /// The submit button.
    pub submit: String,
}

/// The preview of `seen` (with the confirmation step when `confirm_step`, or when the guard
/// would refuse).
#[expect(clippy::too_many_arguments, reason = "one page, all of its parts")]
fn render_preview(
    state: &WebState,
    lang: Lang,
    session: &Session,
    seen: &Preview,
    notice: Option<Notice>,
    confirm_step: bool,
    note: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let fw = state.app().framework(&seen.framework, seen.period)?;
    let period_label = format::period(seen.period, lang, i18n);
    let confirm_step = confirm_step || seen.confirmable;
    let verdict = match &seen.refusal {
        Some(r) => i18n.message(
            lang,
            "staff-preview-refused",
            &[("reason", crate::refusal::refusal_text(i18n, lang, r))],
        ),
        None => t("staff-preview-ready"),
    };
    let (sections, notes, groups, legend_lines, columns) = table_parts(state, lang, fw, seen);
    let revision = seen.table.as_ref().map_or(1, |t| t.revision);
    let title = i18n.message(
        lang,
        "staff-preview-title",
        &[("period", period_label.clone())],
    );
    let page = PreviewPage {
        page: layout(state, lang, &title, "/staff/publication"),
        frame: Frame::new(state, lang, session, "/staff"),
        notice,
        labels: preview_labels(i18n, lang),
        back: Link::new(
            collection_href(state, &seen.framework, seen.period),
            t("staff-preview-back"),
            false,
        ),
        verdict,
        refused: seen.refusal.is_some(),
        min_coverage: i18n.message(
            lang,
            "staff-preview-min",
            &[("min", percent(seen.min_coverage, lang))],
        ),
        coverage: coverage_views(i18n, lang, fw, seen),
        awaiting: awaiting_lines(i18n, lang, seen),
        late: late_lines(i18n, lang, seen),
        withheld: withheld_views(i18n, lang, fw, seen),
        has_table: seen.table.is_some(),
        published: i18n.message(
            lang,
            "staff-preview-revision",
            &[("n", revision.to_string())],
        ),
        groups,
        sections,
        notes,
        legend: legend_lines,
        columns,
        col_number: t("col-number"),
        col_indicator: t("col-indicator"),
        col_norms: t("col-norms"),
        period_label: period_label.clone(),
        suppressed_symbol: t("suppressed-symbol"),
        suppressed_title: t("table-xlsx-suppressed"),
        period: seen.period.to_string(),
        framework: seen.framework.clone(),
        note: note.to_owned(),
        confirm_step,
        note_required: confirm_step || revision > 1,
        submit: if confirm_step {
            i18n.message(
                lang,
                "staff-preview-confirm-submit",
                &[("period", period_label)],
            )
        } else {
            i18n.message(lang, "staff-publish-first", &[("period", period_label)])
        },
    };
    private_page(&page, lang, status)
}

/// A share as a percentage with one decimal (`52,4 %`).
fn percent(d: mizan_core::Decimal, lang: Lang) -> String {
    format::decimal((d * mizan_core::Decimal::ONE_HUNDRED).round_dp(1), lang) + " %"
}

/// The preview page's fixed words.
fn preview_labels(i18n: &I18n, lang: Lang) -> crate::space_views::FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    crate::space_views::FormLabels(vec![
        ("intro", t("staff-preview-intro")),
        ("coverage", t("staff-preview-coverage")),
        ("col-group", t("staff-preview-col-group")),
        ("col-accepted", t("staff-preview-col-accepted")),
        ("col-expected", t("staff-preview-col-expected")),
        ("col-share", t("staff-preview-col-share")),
        ("awaiting", t("staff-preview-awaiting")),
        ("awaiting-none", t("staff-preview-awaiting-none")),
        ("late", t("staff-preview-late")),
        ("late-none", t("staff-preview-late-none")),
        ("withheld", t("staff-preview-withheld")),
        ("withheld-none", t("staff-preview-withheld-none")),
        ("col-indicator", t("staff-preview-col-indicator")),
        ("col-method", t("staff-preview-col-method")),
        ("col-reason", t("staff-preview-col-reason")),
        ("table", t("staff-preview-table")),
        ("no-table", t("staff-preview-no-table")),
        ("publish", t("staff-publish-title")),
        ("note", t("staff-field-note")),
        ("confirm", t("staff-preview-confirm")),
    ])
}

/// Coverage per peer group and for the sector.
fn coverage_views(
    i18n: &I18n,
    lang: Lang,
    fw: &mizan_core::Framework,
    seen: &Preview,
) -> Vec<CoverageView> {
    seen.coverage
        .iter()
        .map(|c| CoverageView {
            group: if c.group == "other" {
                i18n.text(lang, "staff-preview-other")
            } else {
                crate::pages::group_label(i18n, fw, &c.group, lang)
            },
            accepted: format::count(c.accepted, lang),
            expected: format::count(c.expected, lang),
            share: c
                .share()
                .map(|d| percent(d, lang))
                .unwrap_or_else(|| "—".into()),
            below: c.below.then(|| i18n.text(lang, "staff-preview-below")),
        })
        .collect()
}

/// The returns awaiting review, one line each.
fn awaiting_lines(i18n: &I18n, lang: Lang, seen: &Preview) -> Vec<String> {
    seen.awaiting
        .iter()
        .map(|a| {
            i18n.message(
                lang,
                "staff-preview-awaiting-line",
                &[
                    ("institution", format!("{} ({})", a.name, a.code.as_str())),
                    ("version", a.submission.version.to_string()),
                    (
                        "date",
                        format::datetime(a.submission.received_at, lang, i18n),
                    ),
                ],
            )
        })
        .collect()
}

/// The institutions late or missing, one line each.
fn late_lines(i18n: &I18n, lang: Lang, seen: &Preview) -> Vec<String> {
    seen.late
        .iter()
        .map(|l| {
            i18n.message(
                lang,
                if l.missing {
                    "staff-preview-late-missing"
                } else {
                    "staff-preview-late-received"
                },
                &[
                    ("institution", format!("{} ({})", l.name, l.code.as_str())),
                    ("days", l.late.days.to_string()),
                    (
                        "working",
                        super::collection::working_selector(l.late).to_owned(),
                    ),
                ],
            )
        })
        .collect()
}

/// Every withheld figure with its reason.
fn withheld_views(
    i18n: &I18n,
    lang: Lang,
    fw: &mizan_core::Framework,
    seen: &Preview,
) -> Vec<WithheldView> {
    let t = |id: &str| i18n.text(lang, id);
    let label_of = |code: &str| {
        if code == SECTOR || code == "other" {
            code.to_owned()
        } else {
            crate::pages::group_label(i18n, fw, code, lang)
        }
    };
    seen.withheld
        .iter()
        .map(|w| WithheldView {
            indicator: seen
                .table
                .as_ref()
                .and_then(|t| t.row(&w.row))
                .and_then(|row| {
                    fw.indicator(w.indicator.as_str())
                        .map(|i| mizan_service::bulletin::row_label(i, row, lang))
                })
                .unwrap_or_else(|| w.row.clone()),
            group: label_of(&w.group),
            method: t(crate::pages::method_key(w.method)),
            reason: t(match w.withheld {
                Withheld::Threshold => "staff-withheld-threshold",
                Withheld::Dominance => "staff-withheld-dominance",
                Withheld::PRule => "staff-withheld-p-rule",
                Withheld::Median => "staff-withheld-median",
                Withheld::Secondary => "staff-withheld-secondary",
                Withheld::Revision => "staff-withheld-revision",
            }),
        })
        .collect()
}

/// The parts of the table as the public will see it: sections, footnotes, groups, legend and
/// columns (all empty without a table).
type TableParts = (
    Vec<SectionView>,
    Vec<NoteView>,
    Vec<GroupView>,
    Vec<String>,
    Vec<String>,
);

fn table_parts(
    state: &WebState,
    lang: Lang,
    fw: &mizan_core::Framework,
    seen: &Preview,
) -> TableParts {
    use crate::pages::bulletin::{group_views, section_views};
    let Some(table) = &seen.table else {
        return Default::default();
    };
    let method = mizan_ratios::Method::Published;
    let sheet = crate::file_texts::bulletin_sheet(state.i18n(), lang, fw, table, method);
    let (sections, notes) = section_views(&sheet, method);
    (
        sections,
        notes,
        group_views(&sheet),
        sheet.legend.clone(),
        sheet.columns.iter().map(|c| c.label.clone()).collect(),
    )
}
