//! The one error type of the web layer, and the error pages.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError, web};
use askama::Template;
use mizan_core::framework::FrameworkError;
use mizan_service::{Refusal, ServiceError};

use crate::i18n::request_lang;
use crate::refusal::refusal_text;
use crate::request_log::RequestId;
use crate::state::WebState;
use crate::views::{ErrorPage, Layout};

/// Why a request failed. Its text is for the log; people see a page in their language that
/// says only what kind of problem it is.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page, quarter, revision or indicator.
    #[error("not found: {0}")]
    NotFound(String),
    /// A parameter that cannot be understood (`?method=best`).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The use cases (database, stored snapshot).
    #[error("service")]
    Service(#[from] ServiceError),
    /// A page could not be rendered.
    #[error("template")]
    Render(#[from] askama::Error),
    /// A chart could not be drawn.
    #[error("chart: {0}")]
    Chart(String),
    /// The page needs a signed-in person: sent to the sign-in page, to come back to this path.
    #[error("sign in required for {0}")]
    SignIn(String),
    /// Signed in, but not allowed (the text says what, for the log).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A form without the right CSRF token.
    #[error("missing or wrong CSRF token")]
    Csrf,
    /// An upload larger than allowed.
    #[error("upload too large: {0}")]
    TooLarge(String),
    /// The blocking thread pool failed or was shut down.
    #[error("blocking task")]
    Blocking(#[from] actix_web::error::BlockingError),
}

impl AppError {
    fn kind(&self) -> &'static str {
        match self.status_code() {
            StatusCode::NOT_FOUND => "404",
            StatusCode::BAD_REQUEST => "400",
            StatusCode::FORBIDDEN => "403",
            StatusCode::PAYLOAD_TOO_LARGE => "413",
            StatusCode::CONFLICT => "409",
            _ => "500",
        }
    }
}

/// The whole chain of an error, for the log.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_)
            | Self::Service(
                ServiceError::NotFound(_)
                | ServiceError::Framework(FrameworkError::NotFound { .. }),
            ) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) | Self::Service(ServiceError::Invalid(_)) => {
                StatusCode::BAD_REQUEST
            }
            Self::SignIn(_) => StatusCode::SEE_OTHER,
            Self::Forbidden(_) | Self::Csrf | Self::Service(ServiceError::Forbidden(_)) => {
                StatusCode::FORBIDDEN
            }
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Service(ServiceError::Conflict(_)) => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let status = self.status_code();
        if let Self::SignIn(next) = self {
            return HttpResponse::SeeOther()
                .insert_header((
                    header::LOCATION,
                    format!("/login?next={}", crate::views::encode_query(next)),
                ))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish();
        }
        if status.is_server_error() {
            tracing::error!(error = %chain(self), "request failed");
        } else {
            tracing::debug!(error = %self, "request refused");
        }
        // The body is replaced by the error page (or the JSON error of the API) in
        // `render_error`, which knows the request and so its language; a refusal travels
        // with the response to be said there.
        let mut response = HttpResponse::build(status)
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(self.kind());
        if let Self::Service(ServiceError::Invalid(refusal)) = self {
            response.extensions_mut().insert(refusal.clone());
        }
        response
    }
}

/// Marks an error answer whose body is its own (plain text for a machine): [`render_error`]
/// leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub struct OwnBody;

/// Replaces the body of every error response (4xx, 5xx, from a handler, an extractor or an
/// unknown route) by the error page in the request's language, or by a JSON error under
/// `/api/`, both giving the request id (what a person reads to support, found in the log).
/// Never shows the error's text: it may name internals.
pub fn render_error<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    // A handler that rendered its own page for an error status (a refusal that says why, a
    // validation report) keeps it; so does an answer marked [`OwnBody`] (the readiness probe's
    // plain text, read by machines).
    if res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
        || res.response().extensions().get::<OwnBody>().is_some()
    {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let refusal = res.response().extensions().get::<Refusal>().cloned();
    let (req, _old) = res.into_parts();
    let lang = request_lang(&req);
    let request_id = RequestId::of(&req).map(|id| id.to_string());
    let key = match status {
        StatusCode::NOT_FOUND => "404",
        StatusCode::BAD_REQUEST => "400",
        StatusCode::FORBIDDEN => "403",
        StatusCode::PAYLOAD_TOO_LARGE => "413",
        StatusCode::CONFLICT => "409",
        StatusCode::TOO_MANY_REQUESTS => "429",
        s if s.is_client_error() => "400",
        _ => "500",
    };
    let response = match req.app_data::<web::Data<WebState>>() {
        Some(state) if !req.path().starts_with("/api/") => {
            let i18n = state.i18n();
            let page = ErrorPage {
                page: Layout::new(
                    state,
                    lang,
                    &i18n.text(lang, &format!("error-title-{key}")),
                    req.path(),
                    req.query_string(),
                ),
                title: i18n.text(lang, &format!("error-title-{key}")),
                // A refusal says what was refused and why; other errors only their kind.
                text: refusal.as_ref().map_or_else(
                    || i18n.text(lang, &format!("error-text-{key}")),
                    |r| refusal_text(i18n, lang, r),
                ),
                back: i18n.text(lang, "error-back"),
                status: status.as_u16(),
                request_label: i18n.text(lang, "error-request-id"),
                request_id: request_id.unwrap_or_default(),
            };
            match page.render() {
                Ok(html) => HttpResponse::build(status)
                    .content_type("text/html; charset=utf-8")
                    .insert_header((header::CACHE_CONTROL, "no-store"))
                    .insert_header((header::CONTENT_LANGUAGE, lang.tag()))
                    .body(html),
                Err(e) => {
                    tracing::error!(error = %e, "the error page could not be rendered");
                    HttpResponse::build(status)
                        .content_type("text/plain; charset=utf-8")
                        .body(status.canonical_reason().unwrap_or("error"))
                }
            }
        }
        _ => {
            let mut body = serde_json::json!({
                "status": status.as_u16(),
                "error": status.canonical_reason().unwrap_or("error"),
                "request_id": request_id,
            });
            if let Some(r) = &refusal {
                // The code for programs, its parameters, and the sentence in the request's
                // language.
                body["refusal"] = serde_json::json!({
                    "code": r.code(),
                    "params": r.args().iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.to_string())))
                        .collect::<serde_json::Map<String, serde_json::Value>>(),
                    "message": req.app_data::<web::Data<WebState>>()
                        .map(|s| refusal_text(s.i18n(), lang, r)),
                });
            }
            let mut r = HttpResponse::build(status)
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .json(body);
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
    };
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}
