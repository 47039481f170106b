//! Reminders of a quarter (`/staff/reminders`): the institutions whose return is missing with
//! the accounts a reminder reaches, the action that reminds them now, and the messages of the
//! quarter in the outbox with where each one is.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::{Lang, Period};
use mizan_service::accounts::Session;
use mizan_service::mail::{Reminders, outbox, remind};
use mizan_service::{Actor, App, ServiceResult};
use mizan_storage::mail::{MailRecord, MailStatus};
use serde::Deserialize;

use super::{Notice, collected_quarter, collection_href, framework_of, period_of};
use crate::account::see_other;
use crate::auth::{Staff, StaffForm};
use crate::error::AppError;
use crate::format;
use crate::i18n::request_lang;
use crate::private::blocking as run;
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link, encode_query};

/// `?framework=&period=&queued=` of the reminders page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemindersQuery {
    framework: Option<String>,
    period: Option<String>,
    queued: Option<usize>,
}

/// The reminder form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemindForm {
    csrf: String,
    framework: String,
    period: String,
}

crate::auth::csrf_forms!(RemindForm);

/// The reminders page of a quarter.
fn reminders_href(state: &WebState, framework: &str, period: Period) -> String {
    let mut href = format!("/staff/reminders?period={period}");
    if framework != state.options().framework {
        href.push_str("&framework=");
        href.push_str(&encode_query(framework));
    }
    href
}

fn load(
    app: &App,
    who: &Actor,
    framework: &str,
    period: Period,
) -> ServiceResult<(Reminders, Vec<MailRecord>)> {
    Ok((
        remind(app, who, framework, period, true)?,
        outbox(app, who, Some(period))?,
    ))
}

/// `GET /staff/reminders?framework=&period=`.
pub(super) async fn reminders_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    query: web::Query<RemindersQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let framework = framework_of(&state, query.framework.as_deref())?;
    let period = period_of(query.period.as_deref())?
        .unwrap_or_else(|| collected_quarter(state.app().today()));
    let (fw, who) = (framework.clone(), session.principal.actor());
    let (reminders, messages) = run(&state, move |app| load(app, &who, &fw, period)).await?;
    let i18n = state.i18n();
    let notice = query.queued.map(|n| {
        Notice::ok(i18n.message(lang, "staff-reminded-notice", &[("count", n.to_string())]))
    });
    let page = page_view(&state, lang, &session, &reminders, &messages, notice);
    private_page(&page, lang, StatusCode::OK)
}

/// `POST /staff/reminders`: reminds now every institution whose return is missing, then sends.
pub(super) async fn remind_now(
    StaffForm {
        session,
        state,
        form,
        ..
    }: StaffForm<RemindForm>,
) -> Result<HttpResponse, AppError> {
    let framework = framework_of(&state, Some(&form.framework))?;
    let period =
        period_of(Some(&form.period))?.ok_or_else(|| AppError::BadRequest("period".into()))?;
    let (fw, who) = (framework.clone(), session.principal.actor());
    let done = run(&state, move |app| remind(app, &who, &fw, period, false)).await?;
    state.send_mail();
    Ok(see_other(&format!(
        "{}&queued={}",
        reminders_href(&state, &framework, period),
        done.queued()
    )))
}

fn status_text(state: &WebState, lang: Lang, m: &MailRecord) -> String {
    let i18n = state.i18n();
    match m.status {
        MailStatus::Sent => i18n.message(
            lang,
            "staff-mail-sent",
            &[(
                "date",
                m.sent_at
                    .map(|at| format::datetime(at, lang, i18n))
                    .unwrap_or_default(),
            )],
        ),
        MailStatus::Pending | MailStatus::Sending => i18n.message(
            lang,
            "staff-mail-pending",
            &[("attempts", m.attempts.to_string())],
        ),
        MailStatus::Failed => i18n.message(
            lang,
            "staff-mail-failed",
            &[("error", m.last_error.clone().unwrap_or_default())],
        ),
    }
}

fn page_view(
    state: &WebState,
    lang: Lang,
    session: &Session,
    r: &Reminders,
    messages: &[MailRecord],
    notice: Option<Notice>,
) -> RemindersPage {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period = format::period(r.period, lang, i18n);
    let title = i18n.message(lang, "staff-reminders-title", &[("period", period.clone())]);
    let missing: Vec<MissingView> = r
        .institutions
        .iter()
        .map(|i| MissingView {
            code: i.code.to_string(),
            name: i.name.clone(),
            accounts: if i.accounts.is_empty() {
                t("staff-reminders-nobody")
            } else {
                i.accounts.join(", ")
            },
        })
        .collect();
    let reachable = r
        .institutions
        .iter()
        .filter(|i| !i.accounts.is_empty())
        .count();
    RemindersPage {
        page: layout(state, lang, &title, "/staff"),
        frame: Frame::new(state, lang, session, "/staff"),
        notice,
        intro: i18n.message(
            lang,
            "staff-reminders-intro",
            &[
                ("period", period),
                (
                    "deadline",
                    format::date(r.deadline.and_time(chrono::NaiveTime::MIN), lang, i18n),
                ),
                ("missing", r.institutions.len().to_string()),
                ("reachable", reachable.to_string()),
            ],
        ),
        unconfigured: (!state.app().settings.mail.configured())
            .then(|| t("staff-mail-unconfigured")),
        missing,
        framework: r.framework.clone(),
        period_code: r.period.to_string(),
        can_remind: reachable > 0,
        messages: messages
            .iter()
            .map(|m| MessageView {
                created: format::datetime(m.created_at, lang, i18n),
                kind: i18n.text(
                    lang,
                    &format!("staff-mail-kind-{}", m.kind.replace('.', "-")),
                ),
                institution: m.institution.clone().unwrap_or_default(),
                to: m.recipient.clone(),
                status: status_text(state, lang, m),
                failed: m.status == MailStatus::Failed,
            })
            .collect(),
        back: Link::new(
            collection_href(state, &r.framework, r.period),
            t("staff-reminders-back"),
            false,
        ),
        labels: FormLabels(vec![
            ("missing", t("staff-reminders-missing")),
            ("all-in", t("staff-reminders-all-in")),
            ("code", t("staff-col-institution")),
            ("name", t("field-display-name")),
            ("accounts", t("staff-reminders-accounts")),
            ("remind", t("staff-reminders-submit")),
            ("outbox", t("staff-reminders-outbox")),
            ("outbox-empty", t("staff-reminders-outbox-empty")),
            ("created", t("staff-col-at")),
            ("kind", t("staff-mail-kind")),
            ("to", t("staff-mail-to")),
            ("status", t("staff-col-status")),
        ]),
    }
}

// ---------------------------------------------------------------- views

/// An institution whose return is missing.
#[derive(Debug, Clone)]
pub struct MissingView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The accounts a reminder reaches (or "nobody").
    pub accounts: String,
}

/// A message of the outbox.
#[derive(Debug, Clone)]
pub struct MessageView {
    /// When it was queued.
    pub created: String,
    /// What it is.
    pub kind: String,
    /// The institution it is about.
    pub institution: String,
    /// The address.
    pub to: String,
    /// Where it is.
    pub status: String,
    /// Whether it was given up.
    pub failed: bool,
}

/// `GET /staff/reminders`.
#[derive(Template)]
#[template(path = "staff/reminders.html")]
pub struct RemindersPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// The deadline and counts.
    pub intro: String,
    /// Said when no mail server or folder is set.
    pub unconfigured: Option<String>,
    /// Institutions whose return is missing.
    pub missing: Vec<MissingView>,
    /// The framework (form).
    pub framework: String,
    /// The period (form).
    pub period_code: String,
    /// Whether anyone can be reminded.
    pub can_remind: bool,
    /// The quarter's messages, newest first.
    pub messages: Vec<MessageView>,
    /// Back to the collection.
    pub back: Link,
    /// Labels.
    pub labels: FormLabels,
}
