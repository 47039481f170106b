//! The signed-in side's plumbing: the session cookie, who is asking, CSRF tokens, the client
//! address.
//!
//! - The session cookie (`mizan_session`) is a *private* cookie: encrypted and authenticated
//!   (AES-256-GCM) with the key of the settings (`server.session_key`, the same on every app
//!   server), `HttpOnly`, `SameSite=Lax`, `Secure` behind TLS, no `Max-Age` (it ends with the
//!   browser; the server ends it after 2 hours idle or 12 hours in all). It holds a random
//!   token whose SHA-256 the database knows ([`mizan_service::accounts`]).
//! - Every form of a signed-in page carries the session's CSRF token, checked before the handler
//!   runs by the [`SignedForm`] and [`StaffForm`] extractors; the sign-in form, before
//!   there is a session, carries a token that must equal the one in a private `mizan_csrf`
//!   cookie. Tokens are compared in constant time.
//! - A sign-in always issues a new token, whatever cookie the browser had: a token planted
//!   before sign-in never becomes a signed-in session (no session fixation).

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::cookie::{Cookie, CookieJar, Key, SameSite};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use mizan_core::Lang;
use mizan_service::accounts::{self, Session};
use sha2::{Digest, Sha512};

use crate::error::AppError;
use crate::i18n::request_lang;
use crate::request_log::in_current_span;
use crate::state::WebState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "mizan_session";
/// The cookie holding the CSRF token of the sign-in form.
pub const LOGIN_CSRF_COOKIE: &str = "mizan_csrf";

/// The key of private cookies, from the configured secret (any length; hashed to 512 bits),
/// or random when none is configured (sessions then end with the process).
pub fn cookie_key(secret: &str) -> Key {
    if secret.is_empty() {
        tracing::warn!(
            "server.session_key is empty: a random key is used, sessions end when the server \
             stops and do not work across several app servers"
        );
        return Key::generate();
    }
    if secret.len() < 32 {
        tracing::warn!("server.session_key is shorter than 32 characters: use 64 random bytes");
    }
    Key::from(Sha512::digest(secret.as_bytes()).as_slice())
}

/// Equality that takes the same time wherever the strings differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads a private cookie.
pub fn private_value(req: &HttpRequest, key: &Key, name: &str) -> Option<String> {
    let cookie = req.cookie(name)?;
    let mut jar = CookieJar::new();
    jar.add_original(cookie.into_owned());
    jar.private(key).get(name).map(|c| c.value().to_owned())
}

/// Makes a private cookie (encrypted), `HttpOnly`, `SameSite=Lax`, for the whole site.
pub fn private_cookie(
    state: &WebState,
    name: &'static str,
    value: String,
    max_age: Option<actix_web::cookie::time::Duration>,
) -> Cookie<'static> {
    let mut jar = CookieJar::new();
    let mut builder = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.options().secure_cookies);
    if let Some(age) = max_age {
        builder = builder.max_age(age);
    }
    jar.private_mut(state.cookie_key()).add(builder.finish());
    jar.get(name)
        .cloned()
        .unwrap_or_else(|| Cookie::new(name, ""))
}

/// A cookie that removes `name` from the browser.
pub fn removal(state: &WebState, name: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build(name, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.options().secure_cookies)
        .finish();
    c.make_removal();
    c
}

/// The client's address (sign-in throttle, audit log): the connection's peer — or, when the peer
/// is one of the `server.trusted_proxies`, the last address of the header they are configured to
/// write (`server.proxy_header`). Every other forwarding header (`Forwarded`, `X-Forwarded-For`,
/// `X-Real-IP`) is ignored: a client cannot choose the address it is counted under.
pub fn client_address(req: &HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let Some(peer) = peer else {
        return "unknown".into();
    };
    let Ok(state) = state_of(req) else {
        return peer.to_string();
    };
    let server = &state.app().settings.server;
    forwarded_client(
        peer,
        &server.trusted_proxies,
        req.headers()
            .get_all(server.proxy_header.as_str())
            .filter_map(|v| v.to_str().ok()),
    )
    .to_string()
}

/// The client behind `peer`: the last address of the forwarding header when `peer` is a trusted
/// proxy and the header holds one, else `peer` itself.
pub fn forwarded_client<'a>(
    peer: IpAddr,
    trusted: &[ipnet::IpNet],
    header_values: impl Iterator<Item = &'a str>,
) -> IpAddr {
    if !trusted.iter().any(|net| net.contains(&peer)) {
        return peer;
    }
    header_values
        .flat_map(|v| v.split(','))
        .last()
        .and_then(|a| {
            let a = a.trim();
            a.parse::<IpAddr>()
                .or_else(|_| a.parse::<std::net::SocketAddr>().map(|s| s.ip()))
                .or_else(|_| a.trim_matches(['[', ']']).parse::<IpAddr>())
                .ok()
        })
        .unwrap_or(peer)
}

fn state_of(req: &HttpRequest) -> Result<Arc<WebState>, AppError> {
    req.app_data::<web::Data<WebState>>()
        .map(|d| d.clone().into_inner())
        .ok_or_else(|| AppError::BadRequest("no application state".into()))
}

/// The session of a request, if it carries a live one.
pub async fn current(
    req: &HttpRequest,
    state: &Arc<WebState>,
) -> Result<Option<Session>, AppError> {
    let Some(token) = private_value(req, state.cookie_key(), SESSION_COOKIE) else {
        return Ok(None);
    };
    let st = state.clone();
    Ok(web::block(in_current_span(move || accounts::session(st.app(), &token))).await??)
}

/// Where to come back after signing in: the request's path and query.
fn here(req: &HttpRequest) -> String {
    match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// A signed-in person (any role); anonymous requests are sent to the sign-in page.
#[derive(Debug, Clone)]
pub struct Signed(pub Session);

/// The session of a request for a page that needs one: anonymous requests are sent to sign in,
/// and `staff_only` asks the service's rule ([`mizan_service::Actor::require_staff`]), whose
/// refusal is a 403. The use cases the page calls decide again, with the same rule.
fn require(req: HttpRequest, staff_only: bool) -> Fut<Session> {
    Box::pin(async move {
        let state = state_of(&req)?;
        match current(&req, &state).await? {
            Some(s) => {
                if staff_only {
                    s.principal.actor().require_staff()?;
                }
                Ok(s)
            }
            None => Err(AppError::SignIn(here(&req))),
        }
    })
}

impl FromRequest for Signed {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = require(req.clone(), false);
        Box::pin(async move { session.await.map(Signed) })
    }
}

/// Federation staff; others are refused (403), anonymous requests sent to sign in.
#[derive(Debug, Clone)]
pub struct Staff(pub Session);

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = require(req.clone(), true);
        Box::pin(async move { session.await.map(Staff) })
    }
}

/// A form that carries the session's CSRF token in its `csrf` field.
pub trait WithCsrf {
    /// The token the form carries (empty when it has none).
    fn csrf(&self) -> &str;
}

/// Implements [`WithCsrf`] for form structs that have a `csrf: String` field.
macro_rules! csrf_forms {
    ($($form:ty),+ $(,)?) => {
        $(impl $crate::auth::WithCsrf for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })+
    };
}
pub(crate) use csrf_forms;

/// A form posted from a signed-in page, checked: who is asking (any signed-in person, or staff
/// only when `STAFF`), the form, its CSRF token already checked against the session, the
/// application state and the page's language. It replaces the prelude every form handler
/// would otherwise repeat.
///
/// The session and the form are read together, as when they were two extractors (anonymous
/// requests are sent to sign in, others than staff refused on a staff form; an unreadable form
/// is the same 400 as [`web::Form`]'s); the token is checked once both are read, before the
/// handler runs (a wrong or missing token: [`AppError::Csrf`]).
#[derive(Debug)]
pub struct FormOf<T, const STAFF: bool> {
    /// The session of the person posting.
    pub session: Session,
    /// The application state.
    pub state: Arc<WebState>,
    /// The language of the page to answer with.
    pub lang: Lang,
    /// The form's fields.
    pub form: T,
}

/// A form of any signed-in person, CSRF token checked.
pub type SignedForm<T> = FormOf<T, false>;
/// A form of the staff back office (others refused with 403), CSRF token checked.
pub type StaffForm<T> = FormOf<T, true>;

impl<T, const STAFF: bool> FromRequest for FormOf<T, STAFF>
where
    T: WithCsrf + serde::de::DeserializeOwned + 'static,
{
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = require(req.clone(), STAFF);
        let form = web::Form::<T>::from_request(req, payload);
        let (state, lang) = (state_of(req), request_lang(req));
        Box::pin(async move {
            // Polled together, the first error wins: as the two extractors did.
            let (session, web::Form(form)) =
                futures_util::future::try_join(async { session.await.map_err(Into::into) }, form)
                    .await?;
            check_csrf(&session, form.csrf())?;
            Ok(Self {
                session,
                state: state?,
                lang,
                form,
            })
        })
    }
}

/// Checks the CSRF token of a signed-in form.
pub fn check_csrf(session: &Session, token: &str) -> Result<(), AppError> {
    if constant_time_eq(&session.csrf_token, token) {
        Ok(())
    } else {
        Err(AppError::Csrf)
    }
}
