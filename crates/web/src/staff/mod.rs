//! The staff back office: collection, review, publication, institutions, accounts and
//! grants, the audit log.
//!
//! Every route is behind the [`Staff`](crate::auth::Staff) extractor, or for a form
//! [`StaffForm`](crate::auth::StaffForm) (403 for members and partners, the sign-in page for
//! anonymous requests); every form carries the session's CSRF token, checked before anything
//! else; all database and Argon2id work runs in `web::block`; every state change is
//! made by a service use case, which writes it to the audit log. An action that succeeds
//! redirects (303) to the page that shows its result; a refused one shows the page again with
//! the reason, in the reader's language, and a 400.
//!
//! One module per area of the back office: `collection` (the quarter's collection page),
//! `review` (the review page with the figures, the original file, accept, reject), `publication`, `registry` (institutions), `accounts` (accounts and
//! grants), `audit` (the audit log); each holds its handlers and the view structs of its pages.

mod accounts;
mod audit;
mod collection;
mod publication;
mod registry;
mod reminders;
mod review;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use mizan_core::{Lang, LegalForm, Period, Structure};
use serde::Deserialize;

use crate::error::AppError;
use crate::i18n::I18n;
use crate::routing::route_table;
use crate::state::WebState;
use crate::views::{Link, encode_query};

route_table! {
    GET "/staff" => collection::collection_page,
    GET "/staff/submissions/{id}" => review::review_page,
    GET "/staff/submissions/{id}/file" => review::download_file,
    POST "/staff/submissions/{id}/accept" => review::accept_submission,
    POST "/staff/submissions/{id}/reject" => review::reject_submission,
    POST "/staff/publish" => publication::publish_quarter,
    GET "/staff/publication" => publication::preview_page,
    GET "/staff/institutions" => registry::institutions_page,
    POST "/staff/institutions" => registry::upload_registry,
    POST "/staff/institutions/change" => registry::record_change,
    GET "/staff/users" => accounts::users_page,
    POST "/staff/users" => accounts::create_account,
    POST "/staff/users/{id}/disable" => accounts::disable_account,
    POST "/staff/users/{id}/enable" => accounts::enable_account,
    POST "/staff/users/{id}/password" => accounts::reset_password,
    POST "/staff/users/{id}/contact" => accounts::set_contact,
    POST "/staff/grants" => accounts::grant_access,
    POST "/staff/grants/{id}/revoke" => accounts::revoke_access,
    GET "/staff/audit" => audit::audit_page,
    GET "/staff/reminders" => reminders::reminders_page,
    POST "/staff/reminders" => reminders::remind_now,
}

/// The outcome of an action, shown at the top of a page.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Success (or a refusal).
    pub ok: bool,
    /// What happened.
    pub text: String,
    /// Where to go on (the published bulletin).
    pub link: Option<Link>,
}

impl Notice {
    /// A success.
    pub fn ok(text: String) -> Self {
        Self {
            ok: true,
            text,
            link: None,
        }
    }

    /// A refusal.
    pub fn refused(text: String) -> Self {
        Self {
            ok: false,
            text,
            link: None,
        }
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

impl Choice {
    /// An option.
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

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

crate::auth::csrf_forms!(CsrfOnly);
