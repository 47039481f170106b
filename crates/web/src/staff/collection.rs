//! The collection of a quarter (`GET /staff`): who was expected, who sent what and when, each
//! version with its status, the data-quality flags and the publish form; the page is shown
//! again with a refusal by the review and publication forms.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use mizan_core::{Framework, InstitutionCode, Lang, Period};
use mizan_ratios::QualityFlag;
use mizan_service::accounts::Session;
use mizan_service::backoffice;
use mizan_service::collection::{Collection, InstitutionStatus, collection};
use mizan_service::consolidation::period_quality_flags;
use mizan_service::publication::{Published, published_quarters};
use mizan_service::{Actor, App, ServiceResult};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};
use serde::Deserialize;

use super::{Choice, Notice, collected_quarter, date_of, framework_of, period_of};
use crate::auth::Staff;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::severity_text;
use crate::private::blocking as run;
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link, encode_query};

/// `?period=&framework=&published=` of the collection page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CollectionQuery {
    period: Option<String>,
    framework: Option<String>,
    published: Option<i32>,
}

/// What the collection page shows, read in one blocking call.
struct CollectionData {
    periods: Vec<Period>,
    period: Period,
    today: NaiveDate,
    collection: Option<Collection>,
    flags: Vec<QualityFlag>,
    published: Option<Published>,
}

fn load_collection(
    app: &App,
    who: &Actor,
    framework: &str,
    asked: Option<Period>,
) -> ServiceResult<CollectionData> {
    let periods = backoffice::periods_with_returns(app, who, framework)?;
    let today = app.today();
    let period = asked
        .or_else(|| periods.first().copied())
        .unwrap_or_else(|| collected_quarter(today));
    let published = published_quarters(app, framework)?
        .into_iter()
        .find(|q| q.latest.period == period);
    let (collection, flags) = if app.framework(framework, period).is_ok() {
        (
            Some(collection(app, who, framework, period)?),
            period_quality_flags(app, who, framework, period)?,
        )
    } else {
        (None, Vec::new())
    };
    Ok(CollectionData {
        periods,
        period,
        today,
        collection,
        flags,
        published,
    })
}

/// `GET /staff`.
pub(super) async fn collection_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    query: web::Query<CollectionQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let framework = framework_of(&state, query.framework.as_deref())?;
    let asked = period_of(query.period.as_deref())?;
    let fw = framework.clone();
    let who = session.principal.actor();
    let loaded = run(&state, move |app| load_collection(app, &who, &fw, asked)).await?;
    let notice = query
        .published
        .and_then(|rev| published_notice(&state, lang, &loaded, rev));
    render_collection(
        &state,
        lang,
        &session,
        &framework,
        &loaded,
        notice,
        StatusCode::OK,
    )
}

/// "Revision `rev` published", when the quarter shown has that revision.
fn published_notice(state: &WebState, lang: Lang, d: &CollectionData, rev: i32) -> Option<Notice> {
    let published = d.published.as_ref()?;
    if !published.revisions.iter().any(|r| r.revision == rev) {
        return None;
    }
    let i18n = state.i18n();
    Some(Notice {
        ok: true,
        text: i18n.message(
            lang,
            "staff-published-notice",
            &[
                ("revision", rev.to_string()),
                ("period", format::period(d.period, lang, i18n)),
            ],
        ),
        link: Some(Link::new(
            format!("/periods/{}", d.period),
            i18n.text(lang, "staff-bulletin-link"),
            false,
        )),
    })
}

/// Shows the collection page again with a refusal, for `period` (the default one when the
/// form's is unusable).
pub(super) async fn collection_refusal(
    state: &Arc<WebState>,
    lang: Lang,
    session: &Session,
    framework: &str,
    period: Option<Period>,
    text: String,
) -> Result<HttpResponse, AppError> {
    let fw = framework.to_owned();
    let who = session.principal.actor();
    let loaded = run(state, move |app| load_collection(app, &who, &fw, period)).await?;
    render_collection(
        state,
        lang,
        session,
        framework,
        &loaded,
        Some(Notice::refused(text)),
        StatusCode::BAD_REQUEST,
    )
}

fn version_view(state: &WebState, lang: Lang, v: &SubmissionRecord) -> VersionView {
    let i18n = state.i18n();
    let (status, status_class) = match v.status {
        SubmissionStatus::Received => (i18n.text(lang, "staff-status-received"), "received"),
        SubmissionStatus::Accepted => (i18n.text(lang, "staff-status-accepted"), "accepted"),
        SubmissionStatus::Rejected => (i18n.text(lang, "staff-status-rejected"), "rejected"),
    };
    let decided = match (&v.decided_by, v.decided_at) {
        (Some(who), Some(at)) => Some(i18n.message(
            lang,
            "staff-decided",
            &[
                ("who", who.clone()),
                ("date", format::datetime(at, lang, i18n)),
            ],
        )),
        _ => None,
    };
    let warnings = match v.warnings {
        0 => i18n.text(lang, "staff-warnings-none"),
        1 => i18n.text(lang, "staff-warnings-one"),
        n => i18n.message(
            lang,
            "staff-warnings-many",
            &[("n", format::count(usize::try_from(n).unwrap_or(0), lang))],
        ),
    };
    VersionView {
        id: v.id,
        label: i18n.message(lang, "staff-version", &[("n", v.version.to_string())]),
        received: i18n.message(
            lang,
            "staff-version-received",
            &[
                ("date", format::datetime(v.received_at, lang, i18n)),
                ("file", v.source_name.clone()),
                ("who", v.submitted_by.clone()),
            ],
        ),
        status,
        status_class,
        decided,
        comment: v.status_comment.clone().filter(|c| !c.trim().is_empty()),
        warnings,
        report: Link::new(
            format!("/space/submissions/{}", v.id),
            i18n.text(lang, "staff-report"),
            false,
        ),
        can_accept: v.status != SubmissionStatus::Accepted,
        can_reject: v.status != SubmissionStatus::Rejected,
    }
}

fn timeliness(
    i18n: &I18n,
    lang: Lang,
    s: &InstitutionStatus,
    past_deadline: bool,
) -> (String, &'static str) {
    let days = s.late_working_days;
    let n = [("days", days.to_string())];
    if s.versions.is_empty() {
        if !past_deadline {
            return (i18n.text(lang, "staff-pending"), "pending");
        }
        let text = if days == 1 {
            i18n.message(lang, "staff-missing-late-one", &n)
        } else {
            i18n.message(lang, "staff-missing-late-many", &n)
        };
        return (text, "missing");
    }
    match days {
        0 => (i18n.text(lang, "staff-on-time"), "ontime"),
        1 => (i18n.message(lang, "staff-late-one", &n), "late"),
        _ => (i18n.message(lang, "staff-late-many", &n), "late"),
    }
}

fn group_title(
    fw: Option<&Framework>,
    code: &str,
    french: &str,
    lang: Lang,
    i18n: &I18n,
) -> String {
    if code == "other" {
        return i18n.text(lang, "staff-group-other");
    }
    fw.and_then(|f| f.peer_group(code))
        .map_or_else(|| french.to_owned(), |g| g.label.get(lang).to_owned())
}

fn counts(i18n: &I18n, lang: Lang, received: usize, expected: usize) -> String {
    i18n.message(
        lang,
        "staff-counts",
        &[
            ("received", format::count(received, lang)),
            ("expected", format::count(expected, lang)),
        ],
    )
}

/// The collection page of `d` with `notice`, answered with `status`.
fn render_collection(
    state: &WebState,
    lang: Lang,
    session: &Session,
    framework: &str,
    d: &CollectionData,
    notice: Option<Notice>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(d.period, lang, i18n);
    let fw = state.app().framework(framework, d.period).ok();
    let (facts, groups, unavailable) = match (&d.collection, fw) {
        (Some(c), Some(fw)) => {
            let (facts, groups) = collection_tables(state, lang, fw, c, d.period);
            (facts, groups, None)
        }
        _ => {
            let text = i18n.message(
                lang,
                "staff-framework-not-in-force",
                &[
                    ("framework", framework.to_owned()),
                    ("period", period_label.clone()),
                ],
            );
            (Vec::new(), Vec::new(), Some(text))
        }
    };
    let title = i18n.message(lang, "staff-collection-title", &[("period", period_label)]);
    let page = CollectionPage {
        page: layout(state, lang, &title, "/staff"),
        frame: Frame::new(state, lang, session, "/staff"),
        notice,
        picker: picker_view(state, lang, framework, d),
        facts,
        unavailable,
        groups,
        headers: vec![
            t("staff-col-order"),
            t("staff-col-institution"),
            t("staff-col-first-received"),
            t("staff-col-timeliness"),
            t("staff-col-versions"),
        ],
        flags: flag_views(state, lang, fw, d),
        flag_headers: vec![
            t("staff-col-institution"),
            t("staff-col-severity"),
            t("staff-col-finding"),
        ],
        publish: publish_view(state, lang, framework, d),
        period: d.period.to_string(),
        framework: framework.to_owned(),
        labels: collection_labels(i18n, lang),
    };
    private_page(&page, lang, status)
}

/// The picker: periods with returns, the one shown, the one being collected; the frameworks
/// when there are several.
fn picker_view(state: &WebState, lang: Lang, framework: &str, d: &CollectionData) -> PickerView {
    let i18n = state.i18n();
    let mut periods = d.periods.clone();
    periods.push(d.period);
    periods.push(collected_quarter(d.today));
    periods.sort_unstable_by(|a, b| b.cmp(a));
    periods.dedup();
    let frameworks: Vec<Choice> = if state.app().frameworks.ids().count() > 1 {
        state
            .app()
            .frameworks
            .ids()
            .map(|id| {
                let label = state
                    .app()
                    .frameworks
                    .latest(id)
                    .map_or_else(|| id.to_owned(), |f| f.label.get(lang).to_owned());
                Choice::new(id, label, id == framework)
            })
            .collect()
    } else {
        Vec::new()
    };
    PickerView {
        periods: periods
            .iter()
            .map(|p| {
                Choice::new(
                    p.to_string(),
                    format::period(*p, lang, i18n),
                    *p == d.period,
                )
            })
            .collect(),
        frameworks,
    }
}

/// The facts of a collection (framework, deadline, totals) and its table per peer group.
fn collection_tables(
    state: &WebState,
    lang: Lang,
    fw: &Framework,
    c: &Collection,
    period: Period,
) -> (Vec<(String, String)>, Vec<GroupCollectionView>) {
    let i18n = state.i18n();
    let past_deadline = c.today > c.deadline;
    let groups = c
        .groups
        .iter()
        .map(|g| {
            let mut rank = 0;
            let rows = g
                .institutions
                .iter()
                .map(|s| {
                    let order = if s.versions.is_empty() {
                        String::new()
                    } else {
                        rank += 1;
                        format::count(rank, lang)
                    };
                    institution_row(state, lang, fw, s, period, past_deadline, order)
                })
                .collect();
            GroupCollectionView {
                title: group_title(Some(fw), &g.code, &g.label, lang, i18n),
                counts: counts(i18n, lang, g.received(), g.expected()),
                rows,
            }
        })
        .collect();
    (collection_facts(i18n, lang, fw, c), groups)
}

/// The facts of a collection: framework, deadline, today, totals, and the missing returns
/// once past the deadline.
fn collection_facts(
    i18n: &I18n,
    lang: Lang,
    fw: &Framework,
    c: &Collection,
) -> Vec<(String, String)> {
    let t = |id: &str| i18n.text(lang, id);
    let past_deadline = c.today > c.deadline;
    let mut facts = vec![
        (
            t("staff-fact-framework"),
            format!("{} ({})", fw.label.get(lang), fw.version),
        ),
        (
            t("staff-fact-deadline"),
            i18n.message(
                lang,
                "staff-deadline-value",
                &[
                    ("date", format::date(date_of(c.deadline), lang, i18n)),
                    ("days", fw.collection.deadline_working_days.to_string()),
                ],
            ),
        ),
        (
            t("staff-fact-today"),
            format::date(date_of(c.today), lang, i18n),
        ),
    ];
    let (received, expected) = c.totals();
    facts.push((
        t("staff-fact-totals"),
        counts(i18n, lang, received, expected),
    ));
    if past_deadline {
        let missing = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|s| s.versions.is_empty())
            .count();
        facts.push((t("staff-fact-missing"), format::count(missing, lang)));
    }
    facts
}

/// One expected institution of the collection table, `order` its rank among those received.
fn institution_row(
    state: &WebState,
    lang: Lang,
    fw: &Framework,
    s: &InstitutionStatus,
    period: Period,
    past_deadline: bool,
    order: String,
) -> InstitutionRowView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let (timeliness, timeliness_class) = timeliness(i18n, lang, s, past_deadline);
    let code = encode_query(s.code.as_str());
    InstitutionRowView {
        order,
        name: s.name.clone(),
        code: s.code.to_string(),
        first_received: s
            .first_received()
            .map_or_else(|| "—".into(), |at| format::datetime(at, lang, i18n)),
        timeliness,
        timeliness_class,
        versions: s
            .versions
            .iter()
            .map(|v| version_view(state, lang, v))
            .collect(),
        // Under loan classification the return comes from the tape.
        upload: if fw.classification.is_some() {
            Link::new(
                format!("/space/institutions/{code}/loans?period={period}"),
                t("loans-action-tapes"),
                false,
            )
        } else {
            Link::new(
                format!("/space/upload?institution={code}&period={period}"),
                t("staff-upload-for"),
                false,
            )
        },
    }
}

/// The quarter's data-quality flags, each with the institution's name.
fn flag_views(
    state: &WebState,
    lang: Lang,
    fw: Option<&Framework>,
    d: &CollectionData,
) -> Vec<FlagView> {
    let i18n = state.i18n();
    let name_of = |code: &InstitutionCode| {
        d.collection
            .as_ref()
            .and_then(|c| {
                c.groups
                    .iter()
                    .flat_map(|g| &g.institutions)
                    .find(|s| &s.code == code)
            })
            .map_or_else(|| code.to_string(), |s| format!("{} ({code})", s.name))
    };
    d.flags
        .iter()
        .map(|f| FlagView {
            institution: name_of(&f.institution),
            severity: severity_text(i18n, lang, f.severity),
            message: fw
                .and_then(|fw| f.message_in(fw, lang))
                .unwrap_or_else(|| f.message.clone()),
        })
        .collect()
}

/// The publish form, with the quarter's publication status.
fn publish_view(state: &WebState, lang: Lang, framework: &str, d: &CollectionData) -> PublishView {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(d.period, lang, i18n);
    let preview = Link::new(
        format!(
            "/staff/publication?period={}&framework={}",
            d.period,
            encode_query(framework)
        ),
        t("staff-preview-link"),
        false,
    );
    match &d.published {
        Some(p) => PublishView {
            preview,
            status: i18n.message(
                lang,
                "staff-published-status",
                &[
                    ("revision", p.latest.revision.to_string()),
                    ("date", format::datetime(p.latest.published_at, lang, i18n)),
                    ("who", p.latest.published_by.clone()),
                ],
            ),
            current_note: p.latest.note.clone(),
            bulletin: Some(Link::new(
                format!("/periods/{}", d.period),
                t("staff-bulletin-link"),
                false,
            )),
            note_required: true,
            note_help: t("staff-note-help-required"),
            submit: i18n.message(lang, "staff-publish-again", &[("period", period_label)]),
            period: d.period.to_string(),
            framework: framework.to_owned(),
        },
        None => PublishView {
            preview,
            status: t("staff-not-published"),
            current_note: None,
            bulletin: None,
            note_required: false,
            note_help: t("staff-note-help-first"),
            submit: i18n.message(lang, "staff-publish-first", &[("period", period_label)]),
            period: d.period.to_string(),
            framework: framework.to_owned(),
        },
    }
}

/// The labels of the collection page.
fn collection_labels(i18n: &I18n, lang: Lang) -> FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    FormLabels(vec![
        ("field-period", t("staff-field-period")),
        ("field-framework", t("staff-field-framework")),
        ("show", t("staff-show")),
        ("reminders", t("staff-reminders-link")),
        ("groups", t("staff-groups-title")),
        ("accept", t("staff-accept")),
        ("reject", t("staff-reject")),
        ("reject-open", t("staff-reject-open")),
        ("comment", t("staff-field-comment")),
        ("flags", t("staff-flags-title")),
        ("no-flags", t("staff-flags-none")),
        ("publish", t("staff-publish-title")),
        ("note", t("staff-field-note")),
        ("current-note", t("staff-current-note")),
        ("no-versions", t("staff-no-versions")),
    ])
}

// ---------------------------------------------------------------- views

/// One version of a return in the collection table.
#[derive(Debug, Clone)]
pub struct VersionView {
    /// Submission id (forms, anchors).
    pub id: i64,
    /// "Version 2".
    pub label: String,
    /// "reçue le 3 mai 2016 à 10:12 (fichier.csv, par x)".
    pub received: String,
    /// "reçue", "acceptée", "rejetée".
    pub status: String,
    /// `received`, `accepted`, `rejected` (style).
    pub status_class: &'static str,
    /// Who decided and when.
    pub decided: Option<String>,
    /// The rejection's comment.
    pub comment: Option<String>,
    /// "3 avertissements".
    pub warnings: String,
    /// The validation report.
    pub report: Link,
    /// Whether the accept button is shown.
    pub can_accept: bool,
    /// Whether the reject form is shown.
    pub can_reject: bool,
}

/// One expected institution in the collection table.
#[derive(Debug, Clone)]
pub struct InstitutionRowView {
    /// Rank of reception ("1"), empty when nothing was received.
    pub order: String,
    /// Name.
    pub name: String,
    /// Code.
    pub code: String,
    /// First reception ("3 mai 2016 à 10:12"), or "—".
    pub first_received: String,
    /// "dans les délais", "en retard de 12 jours ouvrés", "manquant — …".
    pub timeliness: String,
    /// `ontime`, `late`, `missing`, `pending` (style).
    pub timeliness_class: &'static str,
    /// Every version, oldest first.
    pub versions: Vec<VersionView>,
    /// Upload for this institution.
    pub upload: Link,
}

/// A peer group of the collection.
#[derive(Debug, Clone)]
pub struct GroupCollectionView {
    /// Group label.
    pub title: String,
    /// "10 reçus / 11 attendus".
    pub counts: String,
    /// Expected institutions, in order of reception then by code.
    pub rows: Vec<InstitutionRowView>,
}

/// A data-quality flag.
#[derive(Debug, Clone)]
pub struct FlagView {
    /// Institution (name and code).
    pub institution: String,
    /// "bloquant", "avertissement".
    pub severity: String,
    /// What is odd.
    pub message: String,
}

/// The publish form and the quarter's publication status.
#[derive(Debug, Clone)]
pub struct PublishView {
    /// "Publié : révision 1 du 13 juin 2016" or "Pas encore publié".
    pub status: String,
    /// The current revision's note.
    pub current_note: Option<String>,
    /// The public bulletin, once published.
    pub bulletin: Option<Link>,
    /// Whether the note is required (the quarter was published before).
    pub note_required: bool,
    /// The help under the note field.
    pub note_help: String,
    /// The button.
    pub submit: String,
    /// `2016-Q1`.
    pub period: String,
    /// Framework id.
    pub framework: String,
    /// The publication's preview.
    pub preview: Link,
}

/// The period (and framework) picker: a GET form.
#[derive(Debug, Clone)]
pub struct PickerView {
    /// Periods, newest first.
    pub periods: Vec<Choice>,
    /// Frameworks (empty when there is only one).
    pub frameworks: Vec<Choice>,
}

/// `GET /staff`: the collection of a quarter.
#[derive(Template)]
#[template(path = "staff/collection.html")]
pub struct CollectionPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Period picker.
    pub picker: PickerView,
    /// Deadline, totals, today (label, value).
    pub facts: Vec<(String, String)>,
    /// Shown instead of the table when the framework is not in force for the period.
    pub unavailable: Option<String>,
    /// Peer groups.
    pub groups: Vec<GroupCollectionView>,
    /// Column headers of the groups' tables.
    pub headers: Vec<String>,
    /// Data-quality flags.
    pub flags: Vec<FlagView>,
    /// Column headers of the flags.
    pub flag_headers: Vec<String>,
    /// Publication.
    pub publish: PublishView,
    /// The period shown (`2016-Q1`), for the forms' way back.
    pub period: String,
    /// The framework shown.
    pub framework: String,
    /// Labels.
    pub labels: FormLabels,
}
