//! Signing in and out, and one's own account (password change).

use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use mizan_service::accounts::{self, LoginFailure, PasswordChange};
use serde::Deserialize;

use crate::auth::{
    self, LOGIN_CSRF_COOKIE, SESSION_COOKIE, Signed, SignedForm, client_address, constant_time_eq,
    private_cookie, private_value, removal,
};
use crate::error::AppError;
use crate::i18n::request_lang;
use crate::pages::safe_next;
use crate::request_log::in_current_span;
use crate::space_views::{
    AccountPage, FormLabels, Frame, LoginPage, layout, private_page, role_name,
};
use crate::state::WebState;

crate::routing::route_table! {
    GET "/login" => login_form,
    POST "/login" => login,
    POST "/logout" => logout,
    GET "/account" => account,
    POST "/account/password" => change_password,
}

/// `?next=` of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    /// Where to go after signing in.
    pub next: Option<String>,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    csrf: String,
    username: String,
    password: String,
    next: Option<String>,
}

/// Where a person lands after signing in when nothing else was asked for.
fn home_of(session: &accounts::Session) -> &'static str {
    if session.principal.is_staff() {
        "/staff"
    } else {
        "/space"
    }
}

fn login_page(
    state: &WebState,
    req: &HttpRequest,
    next: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = request_lang(req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    // The form's token: the one of the browser's cookie when it has a valid one, else new.
    let token = match private_value(req, state.cookie_key(), LOGIN_CSRF_COOKIE) {
        Some(t) if t.len() == 64 => t,
        _ => accounts::random_hex(32)?,
    };
    let page = LoginPage {
        page: layout(state, lang, &t("login-title"), "/login"),
        csrf: token.clone(),
        next: next.to_owned(),
        username: username.to_owned(),
        error,
        labels: FormLabels(vec![
            ("intro", t("login-intro")),
            ("username", t("field-username")),
            ("password", t("field-password")),
            ("submit", t("login-submit")),
            ("help", t("login-help")),
        ]),
    };
    let mut res = private_page(&page, lang, status)?;
    res.add_cookie(&private_cookie(state, LOGIN_CSRF_COOKIE, token, None))
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(res)
}

/// `GET /login`.
pub async fn login_form(
    req: HttpRequest,
    data: web::Data<WebState>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let next = safe_next(query.next.as_deref());
    if let Some(s) = auth::current(&req, &state).await? {
        let to = if next == "/" {
            home_of(&s).to_owned()
        } else {
            next
        };
        return Ok(see_other(&to));
    }
    login_page(&state, &req, &next, "", None, StatusCode::OK)
}

/// A `303 See Other` to `to`.
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// `POST /login`: checks the form's token, then the password (off the request thread); on
/// success a new session cookie replaces whatever the browser had.
pub async fn login(
    req: HttpRequest,
    data: web::Data<WebState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref());
    let expected = private_value(&req, state.cookie_key(), LOGIN_CSRF_COOKIE);
    if !expected.is_some_and(|e| constant_time_eq(&e, &form.csrf)) {
        return Err(AppError::Csrf);
    }
    let lang = request_lang(&req);
    let address = client_address(&req);
    let st = state.clone();
    let (username, password) = (form.username.clone(), form.password);
    let outcome = web::block(in_current_span(move || {
        accounts::login(st.app(), &username, &password, &address)
    }))
    .await??;
    let i18n = state.i18n();
    match outcome {
        Ok(signed) => {
            let to = if next == "/" {
                home_of(&signed.session).to_owned()
            } else {
                next
            };
            let mut res = see_other(&to);
            res.add_cookie(&private_cookie(&state, SESSION_COOKIE, signed.token, None))
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            res.add_cookie(&removal(&state, LOGIN_CSRF_COOKIE))
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            Ok(res)
        }
        Err(LoginFailure::Invalid) => login_page(
            &state,
            &req,
            &next,
            &form.username,
            Some(i18n.text(lang, "login-invalid")),
            StatusCode::UNAUTHORIZED,
        ),
        Err(LoginFailure::Throttled {
            retry_after_minutes,
        }) => {
            let mut res = login_page(
                &state,
                &req,
                &next,
                &form.username,
                Some(i18n.message(
                    lang,
                    "login-throttled",
                    &[("minutes", retry_after_minutes.to_string())],
                )),
                StatusCode::TOO_MANY_REQUESTS,
            )?;
            res.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_minutes * 60),
            );
            Ok(res)
        }
    }
}

/// A form that carries only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    /// The session's token.
    pub csrf: String,
}

/// `POST /logout`.
pub async fn logout(
    SignedForm { session, state, .. }: SignedForm<CsrfForm>,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    web::block(in_current_span(move || {
        accounts::logout(st.app(), &session)
    }))
    .await??;
    let mut res = see_other("/");
    res.add_cookie(&removal(&state, SESSION_COOKIE))
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(res)
}

fn account_page(
    state: &WebState,
    req: &HttpRequest,
    session: &accounts::Session,
    notice: Option<(bool, String)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = request_lang(req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let p = &session.principal;
    let mut facts = vec![
        (t("field-username"), p.username.clone()),
        (t("field-display-name"), p.display_name.clone()),
        (t("field-role"), role_name(state, lang, p.role)),
    ];
    if let Some(code) = &p.institution {
        facts.push((t("field-institution"), code.to_string()));
    }
    let page = AccountPage {
        page: layout(state, lang, &t("account-title"), "/account"),
        frame: Frame::new(state, lang, session, "/account"),
        facts,
        notice,
        labels: FormLabels(vec![
            ("heading", t("password-heading")),
            ("current", t("field-current-password")),
            ("new", t("field-new-password")),
            ("confirm", t("field-confirm-password")),
            ("submit", t("password-submit")),
        ]),
    };
    private_page(&page, lang, status)
}

/// `GET /account`.
pub async fn account(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
) -> Result<HttpResponse, AppError> {
    account_page(&data, &req, &session, None, StatusCode::OK)
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    confirm: String,
}

/// `POST /account/password`: Argon2id off the request thread; other sessions are closed.
pub async fn change_password(
    req: HttpRequest,
    SignedForm {
        session,
        state,
        lang,
        form,
    }: SignedForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    if form.new != form.confirm {
        let text = i18n.text(lang, "password-mismatch");
        return account_page(
            &state,
            &req,
            &session,
            Some((false, text)),
            StatusCode::BAD_REQUEST,
        );
    }
    let st = state.clone();
    let s = session.clone();
    let outcome = web::block(in_current_span(move || {
        accounts::change_password(st.app(), &s, &form.current, &form.new)
    }))
    .await??;
    let (notice, status) = match outcome {
        PasswordChange::Changed => ((true, i18n.text(lang, "password-changed")), StatusCode::OK),
        PasswordChange::WrongCurrent => (
            (false, i18n.text(lang, "password-wrong-current")),
            StatusCode::BAD_REQUEST,
        ),
        PasswordChange::Throttled => (
            (false, i18n.text(lang, "error-text-429")),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        PasswordChange::Rejected(_) => (
            (
                false,
                i18n.message(
                    lang,
                    "password-rules",
                    &[("min", accounts::MIN_PASSWORD_CHARS.to_string())],
                ),
            ),
            StatusCode::BAD_REQUEST,
        ),
    };
    account_page(&state, &req, &session, Some(notice), status)
}

crate::auth::csrf_forms!(CsrfForm, PasswordForm);
