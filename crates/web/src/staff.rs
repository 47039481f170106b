//! The staff back office: collection, review, publication, institutions, accounts and
//! grants, the audit log.
//!
//! Every route is behind the [`Staff`] extractor (403 for members and partners, the sign-in
//! page for anonymous requests); every form carries the session's CSRF token, checked before
//! anything else; all database and Argon2id work runs in `web::block`; every state change is
//! made by a service use case, which writes it to the audit log. An action that succeeds
//! redirects (303) to the page that shows its result; a refused one shows the page again with
//! the reason, in the reader's language, and a 400.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use mizan_core::{
    Attributes, Framework, InstitutionCode, Issue, Lang, LegalForm, Period, Structure,
};
use mizan_ratios::QualityFlag;
use mizan_service::accounts::{self, MIN_PASSWORD_CHARS, NewAccount};
use mizan_service::backoffice::{self, PublishRefusal, RegistryEntry};
use mizan_service::collection::{Collection, Decision, InstitutionStatus, collection, decide};
use mizan_service::consolidation::period_quality_flags;
use mizan_service::publication::{Published, publish, published_quarters};
use mizan_service::registry::{RegistryImport, import_institutions};
use mizan_service::{Actor, App, ServiceError, ServiceResult};

use crate::refusal::refusal_text;
use mizan_storage::accounts::GrantRecord;
use mizan_storage::audit::{AuditFilter, AuditRecord};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};
use mizan_storage::users::{Role, UserRecord};
use serde::Deserialize;

use crate::account::see_other;
use crate::auth::{Staff, check_csrf};
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::{place_text, severity_text};
use crate::multipart;
use crate::private::blocking as run;
use crate::space_views::{FormLabels, Frame, layout, private_page, role_name};
use crate::staff_pages::{
    AuditPage, AuditRowView, ChangeChoices, Choice, CollectionPage, FlagView, GrantFormView,
    GrantView, GroupCollectionView, HistoryRowView, InstitutionRowView, InstitutionsPage,
    IssueView, NewAccountView, Notice, PickerView, PublishView, RegistryRowView, UserView,
    UsersPage, VersionView,
};
use crate::state::WebState;
use crate::views::{Link, encode_query};

/// Most events the audit page shows.
pub const AUDIT_LIMIT: usize = 500;

/// Registers the staff routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff", crate::get().to(collection_page))
        .route(
            "/staff/submissions/{id}/accept",
            web::post().to(accept_submission),
        )
        .route(
            "/staff/submissions/{id}/reject",
            web::post().to(reject_submission),
        )
        .route("/staff/publish", web::post().to(publish_quarter))
        .route("/staff/institutions", crate::get().to(institutions_page))
        .route("/staff/institutions", web::post().to(upload_registry))
        .route("/staff/institutions/change", web::post().to(record_change))
        .route("/staff/users", crate::get().to(users_page))
        .route("/staff/users", web::post().to(create_account))
        .route("/staff/users/{id}/disable", web::post().to(disable_account))
        .route("/staff/users/{id}/enable", web::post().to(enable_account))
        .route("/staff/users/{id}/password", web::post().to(reset_password))
        .route("/staff/grants", web::post().to(grant_access))
        .route("/staff/grants/{id}/revoke", web::post().to(revoke_access))
        .route("/staff/audit", crate::get().to(audit_page));
}

// ---------------------------------------------------------------- shared helpers

/// A framework asked for by a form or query (the site's framework when none).
fn framework_of(state: &WebState, asked: Option<&str>) -> Result<String, AppError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(state.options().framework.clone()),
        Some(id) if state.app().frameworks.latest(id).is_some() => Ok(id.to_owned()),
        Some(id) => Err(AppError::NotFound(format!("framework {id}"))),
    }
}

/// A period typed in a form or a query; empty is none.
fn period_of(asked: Option<&str>) -> Result<Option<Period>, AppError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(p) => Period::parse(p)
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("period {p}"))),
    }
}

/// The collection page of a quarter.
fn collection_href(state: &WebState, framework: &str, period: Period) -> String {
    if framework == state.options().framework {
        format!("/staff?period={period}")
    } else {
        format!(
            "/staff?period={period}&framework={}",
            encode_query(framework)
        )
    }
}

/// The quarter being collected on `today`: the last one that has ended.
fn collected_quarter(today: NaiveDate) -> Period {
    Period::containing(today).previous()
}

fn date_of(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn dash_if_empty(s: String) -> String {
    if s.trim().is_empty() { "—".into() } else { s }
}

fn legal_form_text(i18n: &I18n, lang: Lang, f: LegalForm) -> String {
    match f {
        LegalForm::Sa => i18n.text(lang, "legal-form-sa"),
        LegalForm::Sarl => i18n.text(lang, "legal-form-sarl"),
        LegalForm::Mutual => i18n.text(lang, "legal-form-mutual"),
        LegalForm::Cooperative => i18n.text(lang, "legal-form-cooperative"),
        LegalForm::Association => i18n.text(lang, "legal-form-association"),
    }
}

fn structure_text(i18n: &I18n, lang: Lang, s: Structure) -> String {
    match s {
        Structure::DirectCredit => i18n.text(lang, "staff-structure-direct-credit"),
        Structure::SavingsCredit => i18n.text(lang, "staff-structure-savings-credit"),
    }
}

fn yes_no(i18n: &I18n, lang: Lang, b: bool) -> String {
    if b {
        i18n.text(lang, "staff-yes")
    } else {
        i18n.text(lang, "staff-no")
    }
}

/// A form field that may be missing (so that a form without its CSRF token is refused with a
/// 403, never with a 400 about another field).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

// ---------------------------------------------------------------- collection

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
async fn collection_page(
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
    let notice = match query.published {
        Some(rev)
            if loaded
                .published
                .as_ref()
                .is_some_and(|p| p.revisions.iter().any(|r| r.revision == rev)) =>
        {
            let i18n = state.i18n();
            Some(Notice {
                ok: true,
                text: i18n.message(
                    lang,
                    "staff-published-notice",
                    &[
                        ("revision", rev.to_string()),
                        ("period", format::period(loaded.period, lang, i18n)),
                    ],
                ),
                link: Some(Link::new(
                    format!("/periods/{}", loaded.period),
                    i18n.text(lang, "staff-bulletin-link"),
                    false,
                )),
            })
        }
        _ => None,
    };
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

/// Shows the collection page again with a refusal, for `period` (the default one when the
/// form's is unusable).
async fn collection_refusal(
    state: &Arc<WebState>,
    lang: Lang,
    session: &accounts::Session,
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

fn render_collection(
    state: &WebState,
    lang: Lang,
    session: &accounts::Session,
    framework: &str,
    d: &CollectionData,
    notice: Option<Notice>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(d.period, lang, i18n);
    let fw = state.app().framework(framework, d.period).ok();

    // The picker: periods with returns, the one shown, the one being collected.
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
    let picker = PickerView {
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
    };

    let mut facts = Vec::new();
    let mut groups = Vec::new();
    let mut unavailable = None;
    match (&d.collection, fw) {
        (Some(c), Some(fw)) => {
            let past_deadline = c.today > c.deadline;
            facts.push((
                t("staff-fact-framework"),
                format!("{} ({})", fw.label.get(lang), fw.version),
            ));
            facts.push((
                t("staff-fact-deadline"),
                i18n.message(
                    lang,
                    "staff-deadline-value",
                    &[
                        ("date", format::date(date_of(c.deadline), lang, i18n)),
                        ("days", fw.collection.deadline_working_days.to_string()),
                    ],
                ),
            ));
            facts.push((
                t("staff-fact-today"),
                format::date(date_of(c.today), lang, i18n),
            ));
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
            for g in &c.groups {
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
                        let (timeliness, timeliness_class) =
                            timeliness(i18n, lang, s, past_deadline);
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
                                    format!(
                                        "/space/institutions/{}/loans?period={}",
                                        encode_query(s.code.as_str()),
                                        d.period
                                    ),
                                    t("loans-action-tapes"),
                                    false,
                                )
                            } else {
                                Link::new(
                                    format!(
                                        "/space/upload?institution={}&period={}",
                                        encode_query(s.code.as_str()),
                                        d.period
                                    ),
                                    t("staff-upload-for"),
                                    false,
                                )
                            },
                        }
                    })
                    .collect();
                groups.push(GroupCollectionView {
                    title: group_title(Some(fw), &g.code, &g.label, lang, i18n),
                    counts: counts(i18n, lang, g.received(), g.expected()),
                    rows,
                });
            }
        }
        _ => {
            unavailable = Some(i18n.message(
                lang,
                "staff-framework-not-in-force",
                &[
                    ("framework", framework.to_owned()),
                    ("period", period_label.clone()),
                ],
            ));
        }
    }

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
    let flags = d
        .flags
        .iter()
        .map(|f| FlagView {
            institution: name_of(&f.institution),
            severity: severity_text(i18n, lang, f.severity),
            message: fw
                .and_then(|fw| f.message_in(fw, lang))
                .unwrap_or_else(|| f.message.clone()),
        })
        .collect();

    let publish = match &d.published {
        Some(p) => PublishView {
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
            submit: i18n.message(
                lang,
                "staff-publish-again",
                &[("period", period_label.clone())],
            ),
            period: d.period.to_string(),
            framework: framework.to_owned(),
        },
        None => PublishView {
            status: t("staff-not-published"),
            current_note: None,
            bulletin: None,
            note_required: false,
            note_help: t("staff-note-help-first"),
            submit: i18n.message(
                lang,
                "staff-publish-first",
                &[("period", period_label.clone())],
            ),
            period: d.period.to_string(),
            framework: framework.to_owned(),
        },
    };

    let title = i18n.message(
        lang,
        "staff-collection-title",
        &[("period", period_label.clone())],
    );
    let page = CollectionPage {
        page: layout(state, lang, &title, "/staff"),
        frame: Frame::new(state, lang, session, "/staff"),
        notice,
        picker,
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
        flags,
        flag_headers: vec![
            t("staff-col-institution"),
            t("staff-col-severity"),
            t("staff-col-finding"),
        ],
        publish,
        period: d.period.to_string(),
        framework: framework.to_owned(),
        labels: FormLabels(vec![
            ("field-period", t("staff-field-period")),
            ("field-framework", t("staff-field-framework")),
            ("show", t("staff-show")),
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
        ]),
    };
    private_page(&page, lang, status)
}

// ---------------------------------------------------------------- decisions

/// The accept and reject forms.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    csrf: String,
    comment: String,
    back: String,
    framework: String,
}

/// Where to go back after a decision.
fn after_decision(state: &WebState, form: &DecisionForm, sub: &SubmissionRecord) -> String {
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

async fn decide_on(
    req: HttpRequest,
    data: web::Data<WebState>,
    session: accounts::Session,
    id: &str,
    form: DecisionForm,
    accept: bool,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("submission {id}")))?;
    let decision = if accept {
        Decision::Accept
    } else {
        let comment = form.comment.trim();
        if comment.is_empty() {
            let framework = framework_of(&state, Some(&form.framework))?;
            let period = Period::parse(form.back.trim()).ok();
            let text = state.i18n().text(lang, "staff-reject-needs-comment");
            return collection_refusal(&state, lang, &session, &framework, period, text).await;
        }
        Decision::Reject(comment.to_owned())
    };
    let actor = session.principal.actor();
    let sub = run(&state, move |app| decide(app, &actor, id, &decision)).await?;
    Ok(see_other(&after_decision(&state, &form, &sub)))
}

/// `POST /staff/submissions/{id}/accept`.
async fn accept_submission(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide_on(req, data, session, &path, form.into_inner(), true).await
}

/// `POST /staff/submissions/{id}/reject`: the comment is required.
async fn reject_submission(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    decide_on(req, data, session, &path, form.into_inner(), false).await
}

// ---------------------------------------------------------------- publication

/// The publish form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    csrf: String,
    period: String,
    framework: String,
    note: String,
}

/// What publishing gave.
enum Publishing {
    Done(i32),
    Refused(PublishRefusal),
    /// Refused by the use case for another reason (disclosure control, a concurrent
    /// publication), translated for the page.
    Other(mizan_service::Refusal),
}

/// `POST /staff/publish`.
async fn publish_quarter(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    form: web::Form<PublishForm>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let form = form.into_inner();
    let framework = framework_of(&state, Some(&form.framework))?;
    let period = period_of(Some(&form.period))?
        .ok_or_else(|| AppError::BadRequest("no period to publish".into()))?;
    let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
    let actor = session.principal.actor();
    let fw = framework.clone();
    let outcome = run(&state, move |app| {
        if let Some(refusal) =
            backoffice::publish_refusal(app, &actor, &fw, period, note.as_deref())?
        {
            return Ok(Publishing::Refused(refusal));
        }
        match publish(app, &fw, period, note.as_deref(), &actor) {
            Ok(rec) => Ok(Publishing::Done(rec.revision)),
            Err(ServiceError::Invalid(why)) => Ok(Publishing::Other(why)),
            Err(e) => Err(e),
        }
    })
    .await?;
    let i18n = state.i18n();
    let text = match outcome {
        Publishing::Done(revision) => {
            return Ok(see_other(&format!(
                "{}&published={revision}",
                collection_href(&state, &framework, period)
            )));
        }
        Publishing::Refused(PublishRefusal::NoReturns) => i18n.message(
            lang,
            "staff-publish-no-returns",
            &[("period", format::period(period, lang, i18n))],
        ),
        Publishing::Refused(PublishRefusal::Unchanged {
            revision,
            published_at,
        }) => i18n.message(
            lang,
            "staff-publish-unchanged",
            &[
                ("period", format::period(period, lang, i18n)),
                ("revision", revision.to_string()),
                ("date", format::datetime(published_at, lang, i18n)),
            ],
        ),
        Publishing::Refused(PublishRefusal::NoteRequired { revision }) => i18n.message(
            lang,
            "staff-publish-note-required",
            &[
                ("period", format::period(period, lang, i18n)),
                ("revision", revision.to_string()),
            ],
        ),
        Publishing::Other(why) => i18n.message(
            lang,
            "staff-publish-refused",
            &[("reason", refusal_text(i18n, lang, &why))],
        ),
    };
    collection_refusal(&state, lang, &session, &framework, Some(period), text).await
}

// ---------------------------------------------------------------- institutions

fn attribute_cells(i18n: &I18n, lang: Lang, a: &Attributes) -> Vec<String> {
    vec![
        a.name.clone(),
        legal_form_text(i18n, lang, a.legal_form),
        structure_text(i18n, lang, a.structure),
        yes_no(i18n, lang, a.network_affiliated),
        yes_no(i18n, lang, a.collects_deposits),
        a.framework.clone(),
        dash_if_empty(a.owner_group.clone().unwrap_or_default()),
    ]
}

fn issue_view(i18n: &I18n, lang: Lang, issue: &Issue) -> IssueView {
    let text = crate::issues::issue_text(i18n, lang, &issue.kind);
    let message = match &issue.item {
        Some(item) => format!("{item}: {text}"),
        None => text,
    };
    IssueView {
        place: place_text(i18n, lang, &issue.place),
        severity: severity_text(i18n, lang, issue.severity),
        message,
    }
}

fn render_institutions(
    state: &WebState,
    lang: Lang,
    session: &accounts::Session,
    registry: &[RegistryEntry],
    notice: Option<Notice>,
    issues: &[Issue],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let today_period = Period::containing(state.app().today());
    let rows = registry
        .iter()
        .map(|e| {
            let cells = e.current.as_ref().map_or_else(
                || vec!["—".to_owned(); 7],
                |a| attribute_cells(i18n, lang, a),
            );
            let versions = if e.versions.len() == 1 {
                t("staff-versions-one")
            } else {
                i18n.message(
                    lang,
                    "staff-versions-many",
                    &[("n", format::count(e.versions.len(), lang))],
                )
            };
            RegistryRowView {
                code: e.code.to_string(),
                cells,
                versions,
            }
        })
        .collect();
    let history = registry
        .iter()
        .flat_map(|e| {
            e.versions.iter().enumerate().map(|(i, v)| HistoryRowView {
                code: e.code.to_string(),
                valid_from: v.valid_from.map_or_else(
                    || t("staff-valid-always"),
                    |p| format::period(p, lang, i18n),
                ),
                cells: attribute_cells(i18n, lang, &v.attributes),
                recorded_at: format::datetime(v.recorded_at, lang, i18n),
                recorded_by: v.recorded_by.clone(),
                first: i == 0,
            })
        })
        .collect();
    let attribute_headers = [
        t("staff-col-name"),
        t("staff-col-legal-form"),
        t("staff-col-structure"),
        t("staff-col-network"),
        t("staff-col-deposits"),
        t("staff-col-framework"),
        t("staff-col-owner-group"),
    ];
    let mut headers = vec![t("staff-col-code")];
    headers.extend(attribute_headers.iter().cloned());
    headers.push(t("staff-col-history"));
    let mut history_headers = vec![t("staff-col-code"), t("staff-col-valid-from")];
    history_headers.extend(attribute_headers.iter().cloned());
    history_headers.push(t("staff-col-recorded-at"));
    history_headers.push(t("staff-col-recorded-by"));
    let max_mb = state
        .app()
        .settings
        .upload
        .max_file_bytes
        .div_ceil(1_000_000);
    let change = ChangeChoices {
        codes: registry.iter().map(|e| e.code.to_string()).collect(),
        periods: std::iter::once((String::new(), t("staff-valid-always")))
            .chain(
                std::iter::successors(Some(today_period.next()), |p| Some(p.previous()))
                    .take(12)
                    .map(|p| (p.to_string(), format::period(p, lang, i18n))),
            )
            .collect(),
        legal_forms: LegalForm::ALL
            .iter()
            .map(|f| (f.code().to_owned(), legal_form_text(i18n, lang, *f)))
            .collect(),
        structures: Structure::ALL
            .iter()
            .map(|s| (s.code().to_owned(), structure_text(i18n, lang, *s)))
            .collect(),
        frameworks: {
            let site = state.options().framework.clone();
            let mut ids: Vec<String> = state.app().frameworks.ids().map(str::to_owned).collect();
            // The site's framework first: the default choice.
            ids.sort_by_key(|id| (id != &site, id.clone()));
            ids.into_iter()
                .map(|id| {
                    let label = state
                        .app()
                        .frameworks
                        .latest(&id)
                        .map_or_else(|| id.clone(), |f| format!("{} ({id})", f.label.get(lang)));
                    (id, label)
                })
                .collect()
        },
    };
    let title = t("staff-institutions-title");
    let page = InstitutionsPage {
        change,
        page: layout(state, lang, &title, "/staff/institutions"),
        frame: Frame::new(state, lang, session, "/staff/institutions"),
        notice,
        issues: issues.iter().map(|i| issue_view(i18n, lang, i)).collect(),
        issue_headers: vec![
            t("staff-col-place"),
            t("staff-col-severity"),
            t("staff-col-problem"),
        ],
        headers,
        rows,
        history_headers,
        history,
        labels: FormLabels(vec![
            (
                "intro",
                i18n.message(
                    lang,
                    "staff-institutions-intro",
                    &[("period", format::period(today_period, lang, i18n))],
                ),
            ),
            ("empty", t("staff-registry-empty")),
            ("history", t("staff-history-title")),
            ("upload", t("staff-registry-upload-title")),
            ("upload-help", t("staff-registry-upload-help")),
            (
                "max-size",
                i18n.message(
                    lang,
                    "staff-max-size",
                    &[(
                        "mb",
                        format::count(usize::try_from(max_mb).unwrap_or(0), lang),
                    )],
                ),
            ),
            ("file", t("staff-field-file")),
            ("submit", t("staff-registry-upload-submit")),
            ("issues", t("staff-registry-issues")),
            ("change", t("staff-change-title")),
            ("change-help", t("staff-change-help")),
            ("code", t("staff-col-code")),
            ("valid-from", t("staff-col-valid-from")),
            ("name", t("staff-col-name")),
            ("legal-form", t("staff-col-legal-form")),
            ("structure", t("staff-col-structure")),
            ("network", t("staff-col-network")),
            ("deposits", t("staff-col-deposits")),
            ("framework", t("staff-col-framework")),
            ("owner-group", t("staff-col-owner-group")),
            ("change-submit", t("staff-change-submit")),
        ]),
    };
    private_page(&page, lang, status)
}

/// `GET /staff/institutions`.
async fn institutions_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let period = Period::containing(state.app().today());
    let who = session.principal.actor();
    let registry = run(&state, move |app| backoffice::registry(app, &who, period)).await?;
    render_institutions(&state, lang, &session, &registry, None, &[], StatusCode::OK)
}

/// The form recording an institution's attributes from a quarter on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    csrf: String,
    code: String,
    valid_from: String,
    name: String,
    legal_form: String,
    structure: String,
    network: Option<String>,
    deposits: Option<String>,
    framework: String,
    owner_group: String,
}

/// `POST /staff/institutions/change`: records an institution's attributes from a quarter on
/// (a new institution when the code is new); earlier quarters keep theirs.
async fn record_change(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let form = form.into_inner();
    let i18n = state.i18n();
    // A field the form's own controls cannot produce (a hand-made request): named, in the
    // page's language, with the value received.
    let bad = |field: &str, value: &str| {
        i18n.message(
            lang,
            "staff-change-bad-field",
            &[
                ("field", i18n.text(lang, field)),
                ("value", value.to_owned()),
            ],
        )
    };
    let parsed = (|| -> Result<_, String> {
        let code = InstitutionCode::parse(form.code.trim())
            .map_err(|_| bad("staff-col-code", form.code.trim()))?;
        let valid_from = match form.valid_from.trim() {
            "" => None,
            p => Some(Period::parse(p).map_err(|_| bad("staff-col-valid-from", p))?),
        };
        let attributes = Attributes {
            name: form.name.trim().to_owned(),
            legal_form: form.legal_form.parse().map_err(
                |_: mizan_core::institution::EnumError| {
                    bad("staff-col-legal-form", &form.legal_form)
                },
            )?,
            structure: form.structure.parse().map_err(
                |_: mizan_core::institution::EnumError| bad("staff-col-structure", &form.structure),
            )?,
            network_affiliated: form.network.is_some(),
            collects_deposits: form.deposits.is_some(),
            framework: form.framework.trim().to_owned(),
            owner_group: Some(form.owner_group.trim().to_owned()).filter(|g| !g.is_empty()),
        };
        Ok((code, valid_from, attributes))
    })();
    let actor = session.principal.actor();
    let outcome = match parsed {
        Ok((code, valid_from, attributes)) => {
            let c = code.clone();
            run(
                &state,
                move |app| match mizan_service::registry::record_change(
                    app,
                    &actor,
                    &c,
                    valid_from,
                    &attributes,
                ) {
                    Ok(change) => Ok(Ok(change)),
                    Err(ServiceError::Invalid(m)) => Ok(Err(m)),
                    Err(e) => Err(e),
                },
            )
            .await?
            .map(|change| (code, change))
            .map_err(|refusal| refusal_text(i18n, lang, &refusal))
        }
        Err(m) => Err(m),
    };
    let period = Period::containing(state.app().today());
    let who = session.principal.actor();
    let registry = run(&state, move |app| backoffice::registry(app, &who, period)).await?;
    let i18n = state.i18n();
    match outcome {
        Ok((code, change)) => {
            let id = match change {
                mizan_storage::registry::RegistryChange::Created => "staff-change-created",
                mizan_storage::registry::RegistryChange::Changed => "staff-change-recorded",
                mizan_storage::registry::RegistryChange::Unchanged => "staff-change-unchanged",
            };
            let notice = Notice::ok(i18n.message(lang, id, &[("code", code.to_string())]));
            render_institutions(
                &state,
                lang,
                &session,
                &registry,
                Some(notice),
                &[],
                StatusCode::OK,
            )
        }
        Err(why) => {
            let notice =
                Notice::refused(i18n.message(lang, "staff-change-refused", &[("why", why)]));
            render_institutions(
                &state,
                lang,
                &session,
                &registry,
                Some(notice),
                &[],
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

/// `POST /staff/institutions`: a registry CSV (multipart: `csrf`, `file`), all or nothing.
async fn upload_registry(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let max = state.app().settings.upload.max_file_bytes;
    // Without a readable form there is no token either: refused like a forged form.
    let form = match multipart::read_form(&req, payload, "file", max).await {
        Ok(form) => form,
        Err(e @ multipart::FormError::TooLarge(_)) => return Err(e.into()),
        Err(_) => return Err(AppError::Csrf),
    };
    check_csrf(&session, form.field("csrf").unwrap_or_default())?;
    let file = form.file.filter(|f| f.size > 0);
    let i18n = state.i18n();
    let actor = session.principal.actor();
    let period = Period::containing(state.app().today());
    let Some(file) = file else {
        let who = session.principal.actor();
        let registry = run(&state, move |app| backoffice::registry(app, &who, period)).await?;
        return render_institutions(
            &state,
            lang,
            &session,
            &registry,
            Some(Notice::refused(i18n.text(lang, "staff-registry-no-file"))),
            &[],
            StatusCode::BAD_REQUEST,
        );
    };
    let name = Some(file.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "institutions.csv".into());
    let source = name.clone();
    let (report, registry): (RegistryImport, Vec<RegistryEntry>) = run(&state, move |app| {
        let report = import_institutions(app, file.path(), &source, &actor)?;
        Ok((report, backoffice::registry(app, &actor, period)?))
    })
    .await?;
    let (notice, status) = if report.refused() {
        (
            Notice::refused(i18n.message(lang, "staff-registry-refused", &[("file", name)])),
            StatusCode::BAD_REQUEST,
        )
    } else {
        let (created, changed, unchanged) = report.counts();
        (
            Notice::ok(i18n.message(
                lang,
                "staff-registry-stored",
                &[
                    ("file", name),
                    ("created", format::count(created, lang)),
                    ("changed", format::count(changed, lang)),
                    ("unchanged", format::count(unchanged, lang)),
                ],
            )),
            StatusCode::OK,
        )
    };
    render_institutions(
        &state,
        lang,
        &session,
        &registry,
        Some(notice),
        &report.issues,
        status,
    )
}

// ---------------------------------------------------------------- accounts and grants

/// `?created=&disabled=&enabled=&granted=&revoked=` of the accounts page: the result of the
/// action just done (ids, so that the page says only what the database holds).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UsersQuery {
    created: Option<i64>,
    disabled: Option<i64>,
    enabled: Option<i64>,
    reset: Option<i64>,
    granted: Option<i64>,
    revoked: Option<i64>,
}

/// The account form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    csrf: String,
    username: String,
    display_name: String,
    role: String,
    institution: String,
    password: String,
}

/// What the accounts page shows, read in one blocking call.
struct UsersData {
    users: Vec<UserRecord>,
    grants: Vec<GrantRecord>,
    institutions: Vec<RegistryEntry>,
    periods: Vec<(String, Period)>,
}

fn load_users(app: &App, who: &Actor, framework: &str) -> ServiceResult<UsersData> {
    let period = Period::containing(app.today());
    let mut periods = Vec::new();
    for id in app.frameworks.ids() {
        for p in backoffice::periods_with_returns(app, who, id)? {
            periods.push((id.to_owned(), p));
        }
    }
    if periods.is_empty() {
        periods.push((framework.to_owned(), period.previous()));
    }
    Ok(UsersData {
        users: accounts::list_users(app, who)?,
        grants: accounts::list_grants(app, who)?,
        institutions: backoffice::registry(app, who, period)?,
        periods,
    })
}

fn render_users(
    state: &WebState,
    lang: Lang,
    session: &accounts::Session,
    d: &UsersData,
    notice: Option<Notice>,
    typed: Option<&AccountForm>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let users = d
        .users
        .iter()
        .map(|u| UserView {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: role_name(state, lang, u.role),
            institution: u
                .institution
                .as_ref()
                .map_or_else(|| "—".into(), ToString::to_string),
            status: if u.disabled {
                t("staff-account-disabled")
            } else {
                t("staff-account-active")
            },
            disabled: u.disabled,
            created: format::datetime(u.created_at, lang, i18n),
            own: u.id == session.principal.user_id,
        })
        .collect();
    let grants = d
        .grants
        .iter()
        .map(|g| GrantView {
            id: g.id,
            partner: g.username.clone(),
            framework: g.framework.clone(),
            period: Period::parse(&g.period)
                .map_or_else(|_| g.period.clone(), |p| format::period(p, lang, i18n)),
            granted: i18n.message(
                lang,
                "staff-granted-by",
                &[
                    ("who", g.granted_by.clone()),
                    ("date", format::datetime(g.granted_at, lang, i18n)),
                ],
            ),
            revoked: match (&g.revoked_by, g.revoked_at) {
                (Some(who), Some(at)) => i18n.message(
                    lang,
                    "staff-revoked-by",
                    &[
                        ("who", who.clone()),
                        ("date", format::datetime(at, lang, i18n)),
                    ],
                ),
                _ => t("staff-in-force"),
            },
            live: g.revoked_at.is_none(),
        })
        .collect();
    let typed_role = typed.map_or("member", |f| f.role.as_str());
    let typed_inst = typed.map_or("", |f| f.institution.as_str());
    let mut institutions = vec![Choice::new(
        "",
        t("staff-no-institution"),
        typed_inst.is_empty(),
    )];
    institutions.extend(d.institutions.iter().map(|e| {
        let code = e.code.as_str();
        let label = e
            .current
            .as_ref()
            .map_or_else(|| code.to_owned(), |a| format!("{code} — {}", a.name));
        Choice::new(code, label, code == typed_inst)
    }));
    let new_account = NewAccountView {
        username: typed.map(|f| f.username.clone()).unwrap_or_default(),
        display_name: typed.map(|f| f.display_name.clone()).unwrap_or_default(),
        roles: [Role::Member, Role::Partner, Role::Staff]
            .iter()
            .map(|r| Choice::new(r.code(), role_name(state, lang, *r), r.code() == typed_role))
            .collect(),
        institutions,
    };
    let several = state.app().frameworks.ids().count() > 1;
    let mut periods: Vec<Choice> = d
        .periods
        .iter()
        .map(|(fw, p)| {
            let label = if several {
                format!("{} — {fw}", format::period(*p, lang, i18n))
            } else {
                format::period(*p, lang, i18n)
            };
            Choice::new(format!("{fw}/{p}"), label, false)
        })
        .collect();
    if let Some(first) = periods.first_mut() {
        first.selected = true;
    }
    let grant_form = GrantFormView {
        partners: d
            .users
            .iter()
            .filter(|u| u.role == Role::Partner && !u.disabled)
            .map(|u| {
                Choice::new(
                    u.id.to_string(),
                    format!("{} ({})", u.display_name, u.username),
                    false,
                )
            })
            .collect(),
        periods,
    };
    let title = t("staff-users-title");
    let page = UsersPage {
        page: layout(state, lang, &title, "/staff/users"),
        frame: Frame::new(state, lang, session, "/staff/users"),
        notice,
        user_headers: vec![
            t("field-username"),
            t("field-display-name"),
            t("field-role"),
            t("field-institution"),
            t("staff-col-status"),
            t("staff-col-created"),
            t("staff-col-actions"),
        ],
        users,
        new_account,
        grant_headers: vec![
            t("staff-col-partner"),
            t("staff-col-framework"),
            t("staff-col-period"),
            t("staff-col-granted"),
            t("staff-col-revoked"),
            t("staff-col-actions"),
        ],
        grants,
        grant_form,
        labels: FormLabels(vec![
            ("accounts", t("staff-accounts-title")),
            ("disable", t("staff-disable")),
            ("enable", t("staff-enable")),
            ("reset", t("staff-reset-password")),
            ("new-password", t("staff-new-password")),
            ("own", t("staff-own-account")),
            ("create", t("staff-create-title")),
            ("username", t("field-username")),
            ("display-name", t("field-display-name")),
            ("role", t("field-role")),
            ("institution", t("field-institution")),
            ("institution-help", t("staff-institution-help")),
            ("password", t("staff-field-initial-password")),
            (
                "password-help",
                i18n.message(
                    lang,
                    "staff-password-help",
                    &[("min", MIN_PASSWORD_CHARS.to_string())],
                ),
            ),
            ("create-submit", t("staff-create-submit")),
            ("grants", t("staff-grants-title")),
            ("grants-help", t("staff-grants-help")),
            ("no-grants", t("staff-no-grants")),
            ("revoke", t("staff-revoke")),
            ("grant", t("staff-grant-title")),
            ("partner", t("staff-field-partner")),
            ("period", t("staff-field-period")),
            ("grant-submit", t("staff-grant-submit")),
            ("no-partner", t("staff-no-partner")),
        ]),
    };
    private_page(&page, lang, status)
}

async fn users_data(
    state: &Arc<WebState>,
    session: &accounts::Session,
) -> Result<UsersData, AppError> {
    let fw = state.options().framework.clone();
    let who = session.principal.actor();
    run(state, move |app| load_users(app, &who, &fw)).await
}

/// `GET /staff/users`.
async fn users_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let d = users_data(&state, &session).await?;
    let i18n = state.i18n();
    let user = |id: i64| d.users.iter().find(|u| u.id == id);
    let grant = |id: i64| d.grants.iter().find(|g| g.id == id);
    let grant_args = |g: &GrantRecord| {
        [
            ("partner", g.username.clone()),
            (
                "period",
                Period::parse(&g.period)
                    .map_or_else(|_| g.period.clone(), |p| format::period(p, lang, i18n)),
            ),
        ]
    };
    let notice = if let Some(u) = query.created.and_then(user) {
        Some(Notice::ok(i18n.message(
            lang,
            "staff-created-notice",
            &[
                ("username", u.username.clone()),
                ("role", role_name(&state, lang, u.role)),
            ],
        )))
    } else if let Some(u) = query.disabled.and_then(user) {
        Some(Notice::ok(i18n.message(
            lang,
            "staff-disabled-notice",
            &[("username", u.username.clone())],
        )))
    } else if let Some(u) = query.enabled.and_then(user) {
        Some(Notice::ok(i18n.message(
            lang,
            "staff-enabled-notice",
            &[("username", u.username.clone())],
        )))
    } else if let Some(u) = query.reset.and_then(user) {
        Some(Notice::ok(i18n.message(
            lang,
            "staff-reset-notice",
            &[("username", u.username.clone())],
        )))
    } else if let Some(g) = query.granted.and_then(grant) {
        Some(Notice::ok(i18n.message(
            lang,
            "staff-granted-notice",
            &grant_args(g),
        )))
    } else {
        query
            .revoked
            .and_then(grant)
            .map(|g| Notice::ok(i18n.message(lang, "staff-revoked-notice", &grant_args(g))))
    };
    render_users(&state, lang, &session, &d, notice, None, StatusCode::OK)
}

/// The role and institution of an account form, or why it is refused, in the reader's
/// language (the use case's own checks, said before Argon2id runs).
fn account_choice(
    i18n: &I18n,
    lang: Lang,
    form: &AccountForm,
    d: &UsersData,
) -> Result<(Role, Option<InstitutionCode>), String> {
    let username = form.username.trim();
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
    {
        return Err(i18n.message(
            lang,
            "staff-username-invalid",
            &[("username", username.to_owned())],
        ));
    }
    if d.users.iter().any(|u| u.username == username) {
        return Err(i18n.message(
            lang,
            "staff-username-taken",
            &[("username", username.to_owned())],
        ));
    }
    let role: Role = form
        .role
        .parse()
        .map_err(|_| i18n.text(lang, "staff-role-invalid"))?;
    let institution = match form.institution.trim() {
        "" => None,
        code => match InstitutionCode::parse(code) {
            Ok(c) if d.institutions.iter().any(|e| e.code == c) => Some(c),
            _ => {
                return Err(i18n.message(
                    lang,
                    "staff-institution-unknown",
                    &[("code", code.to_owned())],
                ));
            }
        },
    };
    match (role, &institution) {
        (Role::Member, None) => return Err(i18n.text(lang, "staff-member-needs-institution")),
        (Role::Staff | Role::Partner, Some(_)) => {
            return Err(i18n.text(lang, "staff-only-members-institution"));
        }
        _ => {}
    }
    if accounts::check_password_rules(&form.password, username).is_err() {
        return Err(i18n.message(
            lang,
            "staff-password-invalid",
            &[("min", MIN_PASSWORD_CHARS.to_string())],
        ));
    }
    Ok((role, institution))
}

/// `POST /staff/users`: creates an account (Argon2id off the request threads).
async fn create_account(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    form: web::Form<AccountForm>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let form = form.into_inner();
    let d = users_data(&state, &session).await?;
    let i18n = state.i18n();
    let (role, institution) = match account_choice(i18n, lang, &form, &d) {
        Ok(choice) => choice,
        Err(why) => {
            return render_users(
                &state,
                lang,
                &session,
                &d,
                Some(Notice::refused(why)),
                Some(&form),
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let actor = session.principal.actor();
    let (username, display, password) = (
        form.username.trim().to_owned(),
        form.display_name.trim().to_owned(),
        form.password.clone(),
    );
    let created = run(&state, move |app| {
        match accounts::create_user(
            app,
            &actor,
            &NewAccount {
                username: &username,
                display_name: &display,
                role,
                institution: institution.as_ref(),
                password: &password,
            },
        ) {
            Ok(user) => Ok(Ok(user.id)),
            Err(ServiceError::Invalid(why)) => Ok(Err(why)),
            Err(e) => Err(e),
        }
    })
    .await?;
    match created {
        Ok(id) => Ok(see_other(&format!("/staff/users?created={id}"))),
        Err(why) => {
            let d = users_data(&state, &session).await?;
            render_users(
                &state,
                lang,
                &session,
                &d,
                Some(Notice::refused(i18n.message(
                    lang,
                    "staff-refused",
                    &[("reason", refusal_text(i18n, lang, &why))],
                ))),
                Some(&form),
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

async fn set_disabled(
    req: HttpRequest,
    data: web::Data<WebState>,
    session: accounts::Session,
    id: &str,
    csrf: &str,
    disabled: bool,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("account {id}")))?;
    if disabled && id == session.principal.user_id {
        let d = users_data(&state, &session).await?;
        let text = state.i18n().text(lang, "staff-cannot-disable-self");
        return render_users(
            &state,
            lang,
            &session,
            &d,
            Some(Notice::refused(text)),
            None,
            StatusCode::BAD_REQUEST,
        );
    }
    let actor = session.principal.actor();
    let user = run(&state, move |app| {
        accounts::set_disabled(app, &actor, id, disabled)
    })
    .await?;
    let what = if disabled { "disabled" } else { "enabled" };
    Ok(see_other(&format!("/staff/users?{what}={}", user.id)))
}

/// `POST /staff/users/{id}/disable`: the account's sessions are closed.
async fn disable_account(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    set_disabled(req, data, session, &path, &form.csrf, true).await
}

/// `POST /staff/users/{id}/enable`.
async fn enable_account(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    set_disabled(req, data, session, &path, &form.csrf, false).await
}

/// The password reset form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    csrf: String,
    password: String,
}

/// `POST /staff/users/{id}/password`: a new password for someone else's account (Argon2id off
/// the request threads); its sessions are closed.
async fn reset_password(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
    form: web::Form<ResetForm>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let id: i64 = path
        .parse()
        .map_err(|_| AppError::NotFound(format!("account {path}")))?;
    let actor = session.principal.actor();
    let password = form.into_inner().password;
    let outcome = run(&state, move |app| {
        accounts::reset_password(app, &actor, id, &password)
    })
    .await?;
    match outcome {
        Ok(user) => Ok(see_other(&format!("/staff/users?reset={}", user.id))),
        Err(_) => {
            let d = users_data(&state, &session).await?;
            let text = state.i18n().message(
                lang,
                "password-rules",
                &[("min", MIN_PASSWORD_CHARS.to_string())],
            );
            render_users(
                &state,
                lang,
                &session,
                &d,
                Some(Notice::refused(text)),
                None,
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

/// The grant form: a partner and `framework/period`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GrantForm {
    csrf: String,
    partner: String,
    period: String,
}

/// `POST /staff/grants`.
async fn grant_access(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    form: web::Form<GrantForm>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let d = users_data(&state, &session).await?;
    let refuse = |text: String| {
        render_users(
            &state,
            lang,
            &session,
            &d,
            Some(Notice::refused(text)),
            None,
            StatusCode::BAD_REQUEST,
        )
    };
    // `framework/period`, or a bare period of the site's framework.
    let (framework, period) = match form.period.trim().split_once('/') {
        Some((fw, p)) => (fw.to_owned(), p.to_owned()),
        None => (
            state.options().framework.clone(),
            form.period.trim().to_owned(),
        ),
    };
    let partner = form
        .partner
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| d.users.iter().find(|u| u.id == id));
    let (Some(partner), Ok(period)) = (partner, Period::parse(&period)) else {
        return refuse(i18n.text(lang, "staff-grant-invalid"));
    };
    if partner.role != Role::Partner {
        return refuse(i18n.message(
            lang,
            "staff-grant-not-partner",
            &[("username", partner.username.clone())],
        ));
    }
    if state.app().framework(&framework, period).is_err() {
        return refuse(i18n.message(
            lang,
            "staff-framework-not-in-force",
            &[
                ("framework", framework.clone()),
                ("period", format::period(period, lang, i18n)),
            ],
        ));
    }
    let actor = session.principal.actor();
    let user_id = partner.id;
    let fw = framework.clone();
    let granted = run(&state, move |app| {
        accounts::grant(app, &actor, user_id, &fw, period)?;
        let p = period.to_string();
        Ok(accounts::list_grants(app, &actor)?
            .into_iter()
            .find(|g| {
                g.user_id == user_id && g.framework == fw && g.period == p && g.revoked_at.is_none()
            })
            .map(|g| g.id))
    })
    .await?;
    Ok(see_other(&match granted {
        Some(id) => format!("/staff/users?granted={id}#grants"),
        None => "/staff/users#grants".to_owned(),
    }))
}

/// `POST /staff/grants/{id}/revoke`.
async fn revoke_access(
    data: web::Data<WebState>,
    Staff(session): Staff,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&session, &form.csrf)?;
    let state = data.into_inner();
    let id: i64 = path
        .parse()
        .map_err(|_| AppError::NotFound(format!("grant {path}")))?;
    let actor = session.principal.actor();
    let g = run(&state, move |app| accounts::revoke_grant(app, &actor, id)).await?;
    Ok(see_other(&format!("/staff/users?revoked={}#grants", g.id)))
}

// ---------------------------------------------------------------- audit log

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
async fn audit_page(
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
    let mut rows = run(&state, move |app| {
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
    let page = AuditPage {
        page: layout(state.as_ref(), lang, &title, "/staff/audit"),
        frame: Frame::new(&state, lang, &session, "/staff/audit"),
        filters: vec![
            ("actor", t("staff-filter-actor"), q.actor.trim().to_owned()),
            (
                "action",
                t("staff-filter-action"),
                q.action.trim().to_owned(),
            ),
            (
                "institution",
                t("staff-filter-institution"),
                q.institution.trim().to_owned(),
            ),
            (
                "period",
                t("staff-filter-period"),
                q.period.trim().to_owned(),
            ),
        ],
        headers: vec![
            t("staff-col-at"),
            t("staff-col-actor"),
            t("staff-col-action"),
            t("staff-col-institution"),
            t("staff-col-period"),
            t("staff-col-detail"),
        ],
        rows: rows.iter().map(|r| audit_row(&state, lang, r)).collect(),
        limit_note,
        empty: t("staff-audit-empty"),
        labels: FormLabels(vec![
            ("filter", t("staff-filter-title")),
            ("submit", t("staff-filter-submit")),
            ("reset", t("staff-filter-reset")),
        ]),
    };
    private_page(&page, lang, StatusCode::OK)
}
