//! The request log: every request gets a random id, is run inside a `request` span carrying
//! it, and ends with one `tracing` event (target `mizan_web::request`) giving the id, method,
//! path (never the query string, cookies or body), status and latency; the id is sent back in
//! `X-Request-Id` and shown on error pages, so that what a person reads to support is found
//! in the log.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest};
use tracing::Instrument;

/// The response header carrying the request id.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The target of the one event logged per request.
pub const TARGET: &str = "mizan_web::request";

/// A request's id: 64 random bits, shown as 16 hexadecimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestId(u64);

impl RequestId {
    /// A new random id (from the operating system; should it fail, from the clock and a
    /// counter, still different for every request of the process).
    fn new() -> Self {
        let mut bytes = [0u8; 8];
        if getrandom::fill(&mut bytes).is_ok() {
            return Self(u64::from_le_bytes(bytes));
        }
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Self(nanos ^ COUNTER.fetch_add(1, Ordering::Relaxed).rotate_left(48))
    }

    /// The id of `req` (set by [`middleware`]); `None` outside it.
    pub fn of(req: &HttpRequest) -> Option<Self> {
        req.extensions().get::<Self>().copied()
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The middleware (outermost, so that it sees the final response, error pages included).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = RequestId::new();
    req.extensions_mut().insert(id);
    let method = req.method().clone();
    let path = req.path().to_owned();
    let state = req
        .app_data::<actix_web::web::Data<crate::state::WebState>>()
        .cloned();
    let span = tracing::info_span!("request", request_id = %id);
    let start = Instant::now();
    let outcome = next.call(req).instrument(span).await;
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    let status = match &outcome {
        Ok(res) => res.status(),
        Err(e) => e.as_response_error().status_code(),
    };
    let code = status.as_u16();
    if let Some(state) = state {
        // The route's pattern, never the path asked for (bounded, and no period or code).
        let route = match &outcome {
            Ok(res) => res.request().match_pattern(),
            Err(_) => None,
        };
        state.metrics().request(
            route.as_deref().unwrap_or("unmatched"),
            method.as_str(),
            code,
            latency_ms / 1000.0,
        );
    }
    if status.is_server_error() {
        tracing::error!(target: TARGET, request_id = %id, method = %method, path = %path,
            status = code, latency_ms, "request");
    } else {
        tracing::info!(target: TARGET, request_id = %id, method = %method, path = %path,
            status = code, latency_ms, "request");
    }
    let header = HeaderValue::from_str(&id.to_string()).ok();
    match outcome {
        Ok(mut res) => {
            if let Some(v) = header {
                res.headers_mut().insert(HEADER, v);
            }
            Ok(res.map_into_boxed_body())
        }
        // An error that no inner layer turned into a response (the request is no longer ours
        // to build one): its response, with the id.
        Err(e) => {
            let mut res = e.error_response();
            if let Some(v) = header {
                res.headers_mut().insert(HEADER, v);
            }
            Err(InternalError::from_response(e.to_string(), res).into())
        }
    }
}

/// `f` made to run inside the current span (the request's): for work sent to the blocking
/// pool, whose threads do not inherit it, so that what a use case logs carries the request id.
pub fn in_current_span<T>(f: impl FnOnce() -> T) -> impl FnOnce() -> T {
    let span = tracing::Span::current();
    move || span.in_scope(f)
}
