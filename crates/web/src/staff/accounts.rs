//! Accounts and partners' grants (`/staff/users`): create, disable, enable, reset a
//! password; grant a partner a period's peer detail, revoke it.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::accounts::{self, MIN_PASSWORD_CHARS, NewAccount, Session};
use mizan_service::backoffice::{self, RegistryEntry};
use mizan_service::{Actor, App, ServiceError, ServiceResult};
use mizan_storage::accounts::GrantRecord;
use mizan_storage::users::{Role, UserRecord};
use serde::Deserialize;

use super::{Choice, CsrfOnly, Notice};
use crate::account::see_other;
use crate::auth::{Staff, StaffForm};
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::private::blocking as run;
use crate::refusal::refusal_text;
use crate::space_views::{FormLabels, Frame, layout, private_page, role_name};
use crate::state::WebState;
use crate::views::Layout;

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
    contact: Option<i64>,
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
    email: String,
    lang: String,
}

/// An account's address and language.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    csrf: String,
    email: String,
    lang: String,
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

async fn users_data(state: &Arc<WebState>, session: &Session) -> Result<UsersData, AppError> {
    let fw = state.options().framework.clone();
    let who = session.principal.actor();
    run(state, move |app| load_users(app, &who, &fw)).await
}

/// The accounts page of `d` with `notice` and the values `typed` in a refused account form,
/// answered with `status`.
fn render_users(
    state: &WebState,
    lang: Lang,
    session: &Session,
    d: &UsersData,
    notice: Option<Notice>,
    typed: Option<&AccountForm>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
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
            t("field-email"),
            t("staff-col-status"),
            t("staff-col-created"),
            t("staff-col-actions"),
        ],
        users: d
            .users
            .iter()
            .map(|u| user_view(state, lang, session, u))
            .collect(),
        new_account: new_account_view(state, lang, d, typed),
        grant_headers: vec![
            t("staff-col-partner"),
            t("staff-col-framework"),
            t("staff-col-period"),
            t("staff-col-granted"),
            t("staff-col-revoked"),
            t("staff-col-actions"),
        ],
        grants: d.grants.iter().map(|g| grant_view(i18n, lang, g)).collect(),
        grant_form: grant_form_view(state, lang, d),
        labels: users_labels(i18n, lang),
    };
    private_page(&page, lang, status)
}

/// An account of the list.
fn user_view(state: &WebState, lang: Lang, session: &Session, u: &UserRecord) -> UserView {
    let i18n = state.i18n();
    UserView {
        email: u.email.clone().unwrap_or_default(),
        langs: lang_choices(i18n, u.lang),
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: role_name(state, lang, u.role),
        institution: u
            .institution
            .as_ref()
            .map_or_else(|| "—".into(), ToString::to_string),
        status: if u.disabled {
            i18n.text(lang, "staff-account-disabled")
        } else {
            i18n.text(lang, "staff-account-active")
        },
        disabled: u.disabled,
        created: format::datetime(u.created_at, lang, i18n),
        own: u.id == session.principal.user_id,
    }
}

/// The languages of the platform, each in its own name, `chosen` selected.
fn lang_choices(i18n: &I18n, chosen: Lang) -> Vec<Choice> {
    Lang::ALL
        .iter()
        .map(|l| Choice::new(l.tag(), i18n.text(*l, "lang-name"), *l == chosen))
        .collect()
}

/// A partner's grant of the list.
fn grant_view(i18n: &I18n, lang: Lang, g: &GrantRecord) -> GrantView {
    GrantView {
        id: g.id,
        partner: g.username.clone(),
        framework: g.framework.clone(),
        period: grant_period(i18n, lang, g),
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
            _ => i18n.text(lang, "staff-in-force"),
        },
        live: g.revoked_at.is_none(),
    }
}

/// The period of a grant, in the reader's language (as stored when it cannot be read).
fn grant_period(i18n: &I18n, lang: Lang, g: &GrantRecord) -> String {
    Period::parse(&g.period).map_or_else(|_| g.period.clone(), |p| format::period(p, lang, i18n))
}

/// The account form, with what was `typed` in a refused one (never the password).
fn new_account_view(
    state: &WebState,
    lang: Lang,
    d: &UsersData,
    typed: Option<&AccountForm>,
) -> NewAccountView {
    let typed_role = typed.map_or("member", |f| f.role.as_str());
    let typed_inst = typed.map_or("", |f| f.institution.as_str());
    let mut institutions = vec![Choice::new(
        "",
        state.i18n().text(lang, "staff-no-institution"),
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
    let typed_lang = typed.and_then(|f| f.lang.parse().ok()).unwrap_or(lang);
    NewAccountView {
        email: typed.map(|f| f.email.clone()).unwrap_or_default(),
        langs: lang_choices(state.i18n(), typed_lang),
        username: typed.map(|f| f.username.clone()).unwrap_or_default(),
        display_name: typed.map(|f| f.display_name.clone()).unwrap_or_default(),
        roles: [Role::Member, Role::Partner, Role::Staff]
            .iter()
            .map(|r| Choice::new(r.code(), role_name(state, lang, *r), r.code() == typed_role))
            .collect(),
        institutions,
    }
}

/// The grant form: live partners, and the periods with returns (the first chosen).
fn grant_form_view(state: &WebState, lang: Lang, d: &UsersData) -> GrantFormView {
    let i18n = state.i18n();
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
    GrantFormView {
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
    }
}

/// The labels of the accounts page.
fn users_labels(i18n: &I18n, lang: Lang) -> FormLabels {
    let t = |id: &str| i18n.text(lang, id);
    FormLabels(vec![
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
        ("email", t("field-email")),
        ("email-help", t("staff-email-help")),
        ("lang", t("field-mail-lang")),
        ("contact", t("staff-contact")),
        ("contact-submit", t("staff-contact-submit")),
    ])
}

/// `GET /staff/users`.
pub(super) async fn users_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let d = users_data(&state, &session).await?;
    let notice = done_notice(&state, lang, &d, &query);
    render_users(&state, lang, &session, &d, notice, None, StatusCode::OK)
}

/// What the action just done did, from the ids of `query` (nothing when none is known).
fn done_notice(state: &WebState, lang: Lang, d: &UsersData, query: &UsersQuery) -> Option<Notice> {
    let i18n = state.i18n();
    let user = |id: i64| d.users.iter().find(|u| u.id == id);
    let grant = |id: i64| d.grants.iter().find(|g| g.id == id);
    let grant_args = |g: &GrantRecord| {
        [
            ("partner", g.username.clone()),
            ("period", grant_period(i18n, lang, g)),
        ]
    };
    let name = |u: &UserRecord| [("username", u.username.clone())];
    let text = if let Some(u) = query.created.and_then(user) {
        i18n.message(
            lang,
            "staff-created-notice",
            &[
                ("username", u.username.clone()),
                ("role", role_name(state, lang, u.role)),
            ],
        )
    } else if let Some(u) = query.disabled.and_then(user) {
        i18n.message(lang, "staff-disabled-notice", &name(u))
    } else if let Some(u) = query.enabled.and_then(user) {
        i18n.message(lang, "staff-enabled-notice", &name(u))
    } else if let Some(u) = query.reset.and_then(user) {
        i18n.message(lang, "staff-reset-notice", &name(u))
    } else if let Some(u) = query.contact.and_then(user) {
        i18n.message(lang, "staff-contact-notice", &name(u))
    } else if let Some(g) = query.granted.and_then(grant) {
        i18n.message(lang, "staff-granted-notice", &grant_args(g))
    } else {
        let g = query.revoked.and_then(grant)?;
        i18n.message(lang, "staff-revoked-notice", &grant_args(g))
    };
    Some(Notice::ok(text))
}

/// Why a user name cannot be taken, in the reader's language (`None`: it can).
fn username_refusal(i18n: &I18n, lang: Lang, username: &str, d: &UsersData) -> Option<String> {
    let args = [("username", username.to_owned())];
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
    {
        return Some(i18n.message(lang, "staff-username-invalid", &args));
    }
    d.users
        .iter()
        .any(|u| u.username == username)
        .then(|| i18n.message(lang, "staff-username-taken", &args))
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
    if let Some(why) = username_refusal(i18n, lang, username, d) {
        return Err(why);
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
pub(super) async fn create_account(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<AccountForm>,
) -> Result<HttpResponse, AppError> {
    let d = users_data(&state, &session).await?;
    let i18n = state.i18n();
    let refuse = |d: &UsersData, why: String| {
        let notice = Some(Notice::refused(why));
        render_users(
            &state,
            lang,
            &session,
            d,
            notice,
            Some(&form),
            StatusCode::BAD_REQUEST,
        )
    };
    let (role, institution) = match account_choice(i18n, lang, &form, &d) {
        Ok(choice) => choice,
        Err(why) => return refuse(&d, why),
    };
    let actor = session.principal.actor();
    let (username, display, password, email) = (
        form.username.trim().to_owned(),
        form.display_name.trim().to_owned(),
        form.password.clone(),
        form.email.trim().to_owned(),
    );
    let mail_lang = form.lang.parse().unwrap_or(lang);
    let created = run(&state, move |app| {
        let account = NewAccount {
            username: &username,
            display_name: &display,
            role,
            institution: institution.as_ref(),
            password: &password,
            email: &email,
            lang: mail_lang,
        };
        match accounts::create_user(app, &actor, &account) {
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
            let why = refusal_text(i18n, lang, &why);
            refuse(&d, i18n.message(lang, "staff-refused", &[("reason", why)]))
        }
    }
}

/// `POST /staff/users/{id}/contact`: the account's e-mail address and the language of its
/// messages.
pub(super) async fn set_contact(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<ContactForm>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = path
        .parse()
        .map_err(|_| AppError::NotFound(format!("account {path}")))?;
    let actor = session.principal.actor();
    let mail_lang = form.lang.parse().unwrap_or(lang);
    let email = form.email.trim().to_owned();
    let done = run(&state, move |app| {
        match accounts::set_contact(app, &actor, id, &email, mail_lang) {
            Ok(user) => Ok(Ok(user.id)),
            Err(ServiceError::Invalid(why)) => Ok(Err(why)),
            Err(e) => Err(e),
        }
    })
    .await?;
    match done {
        Ok(id) => Ok(see_other(&format!("/staff/users?contact={id}#user-{id}"))),
        Err(why) => {
            let d = users_data(&state, &session).await?;
            let i18n = state.i18n();
            let why = refusal_text(i18n, lang, &why);
            let notice = Notice::refused(i18n.message(lang, "staff-refused", &[("reason", why)]));
            render_users(
                &state,
                lang,
                &session,
                &d,
                Some(notice),
                None,
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

/// Disables or enables the account `id` (staff cannot disable their own).
async fn set_disabled(
    form: StaffForm<CsrfOnly>,
    id: &str,
    disabled: bool,
) -> Result<HttpResponse, AppError> {
    let StaffForm {
        session,
        state,
        lang,
        ..
    } = form;
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
pub(super) async fn disable_account(
    form: StaffForm<CsrfOnly>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_disabled(form, &path, true).await
}

/// `POST /staff/users/{id}/enable`.
pub(super) async fn enable_account(
    form: StaffForm<CsrfOnly>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_disabled(form, &path, false).await
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
pub(super) async fn reset_password(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<ResetForm>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = path
        .parse()
        .map_err(|_| AppError::NotFound(format!("account {path}")))?;
    let actor = session.principal.actor();
    let password = form.password;
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

/// The partner, framework and period of a grant form, or why it is refused, in the reader's
/// language.
fn grant_choice<'d>(
    state: &WebState,
    lang: Lang,
    form: &GrantForm,
    d: &'d UsersData,
) -> Result<(&'d UserRecord, String, Period), String> {
    let i18n = state.i18n();
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
        return Err(i18n.text(lang, "staff-grant-invalid"));
    };
    if partner.role != Role::Partner {
        return Err(i18n.message(
            lang,
            "staff-grant-not-partner",
            &[("username", partner.username.clone())],
        ));
    }
    if state.app().framework(&framework, period).is_err() {
        return Err(i18n.message(
            lang,
            "staff-framework-not-in-force",
            &[
                ("framework", framework.clone()),
                ("period", format::period(period, lang, i18n)),
            ],
        ));
    }
    Ok((partner, framework, period))
}

/// `POST /staff/grants`.
pub(super) async fn grant_access(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<GrantForm>,
) -> Result<HttpResponse, AppError> {
    let d = users_data(&state, &session).await?;
    let (user_id, fw, period) = match grant_choice(&state, lang, &form, &d) {
        Ok((partner, framework, period)) => (partner.id, framework, period),
        Err(why) => {
            return render_users(
                &state,
                lang,
                &session,
                &d,
                Some(Notice::refused(why)),
                None,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let actor = session.principal.actor();
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
pub(super) async fn revoke_access(
    StaffForm { session, state, .. }: StaffForm<CsrfOnly>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = path
        .parse()
        .map_err(|_| AppError::NotFound(format!("grant {path}")))?;
    let actor = session.principal.actor();
    let g = run(&state, move |app| accounts::revoke_grant(app, &actor, id)).await?;
    Ok(see_other(&format!("/staff/users?revoked={}#grants", g.id)))
}

crate::auth::csrf_forms!(AccountForm, ContactForm, ResetForm, GrantForm);

// ---------------------------------------------------------------- views

/// An account in the list.
#[derive(Debug, Clone)]
pub struct UserView {
    /// Id (forms).
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: String,
    /// A member's institution.
    pub institution: String,
    /// "actif" / "désactivé".
    pub status: String,
    /// Whether disabled.
    pub disabled: bool,
    /// Created.
    pub created: String,
    /// The signed-in person's own account (no disable button).
    pub own: bool,
    /// Its e-mail address (empty: none).
    pub email: String,
    /// The languages, its own selected.
    pub langs: Vec<Choice>,
}

/// A partner's grant in the list.
#[derive(Debug, Clone)]
pub struct GrantView {
    /// Id (forms).
    pub id: i64,
    /// Partner's user name.
    pub partner: String,
    /// Framework.
    pub framework: String,
    /// "T1 2016".
    pub period: String,
    /// "x, 3 mai 2016 à 10:12".
    pub granted: String,
    /// "révoqué par x le …", or empty while in force.
    pub revoked: String,
    /// Whether it is in force.
    pub live: bool,
}

/// The values typed in the account form (kept after a refusal; never the password).
#[derive(Debug, Clone, Default)]
pub struct NewAccountView {
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Choice>,
    /// Institutions (for members).
    pub institutions: Vec<Choice>,
    /// E-mail address.
    pub email: String,
    /// Languages of the messages.
    pub langs: Vec<Choice>,
}

/// The grant form's choices.
#[derive(Debug, Clone, Default)]
pub struct GrantFormView {
    /// Partners.
    pub partners: Vec<Choice>,
    /// Periods, as `framework/period`.
    pub periods: Vec<Choice>,
}

/// `GET /staff/users`: accounts and grants.
#[derive(Template)]
#[template(path = "staff/users.html")]
pub struct UsersPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of the last action.
    pub notice: Option<Notice>,
    /// Headers of the accounts.
    pub user_headers: Vec<String>,
    /// Accounts.
    pub users: Vec<UserView>,
    /// The account form.
    pub new_account: NewAccountView,
    /// Headers of the grants.
    pub grant_headers: Vec<String>,
    /// Grants, newest first.
    pub grants: Vec<GrantView>,
    /// The grant form.
    pub grant_form: GrantFormView,
    /// Labels.
    pub labels: FormLabels,
}
