//! What an operator and a load balancer ask of the process: `/healthz` (the process answers;
//! it touches nothing else) and `/readyz` (the database answers within two seconds and its
//! schema is current: a proxy stops sending requests to a server that says 503). Both are
//! plain text, never cached, and say nothing of any institution. The metrics are served on a
//! listener of their own ([`crate::metrics_server`]), not here.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use mizan_service::health::{Readiness, readiness};

use crate::error::OwnBody;
use crate::request_log::in_current_span;
use crate::state::WebState;

crate::routing::route_table! {
    GET "/healthz" => healthz,
    GET "/readyz" => readyz,
}

/// A plain-text answer, never cached, kept as it is by the error pages ([`OwnBody`]).
fn plain(mut res: actix_web::HttpResponseBuilder, body: String) -> HttpResponse {
    let mut res = res
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body);
    res.extensions_mut().insert(OwnBody);
    res
}

/// `GET /healthz`: `ok` while the process answers.
pub async fn healthz() -> HttpResponse {
    plain(HttpResponse::Ok(), "ok\n".to_owned())
}

/// `GET /readyz`: `ready`, or 503 with `database_unreachable` or `migrations_pending` (the
/// cause goes to the log, not to the answer).
pub async fn readyz(data: web::Data<WebState>) -> HttpResponse {
    let state = data.into_inner();
    let asked = web::block(in_current_span(move || readiness(state.app()))).await;
    let ready = match asked {
        Ok(r) => r,
        Err(e) => Readiness::DatabaseUnreachable(e.to_string()),
    };
    match &ready {
        Readiness::Ready => plain(HttpResponse::Ok(), "ready\n".to_owned()),
        Readiness::MigrationsPending(names) => {
            tracing::warn!(pending = names.join(", "), "not ready: migrations pending");
            plain(
                HttpResponse::ServiceUnavailable(),
                format!("{}\n", ready.code()),
            )
        }
        Readiness::DatabaseUnreachable(cause) => {
            tracing::warn!(%cause, "not ready: the database does not answer");
            plain(
                HttpResponse::ServiceUnavailable(),
                format!("{}\n", ready.code()),
            )
        }
    }
}

/// `GET /metrics` on the metrics listener: the process's counters and the pool now.
pub async fn metrics(data: web::Data<WebState>) -> HttpResponse {
    let state = data.into_inner();
    let pool = mizan_service::health::pool_state(state.app());
    match state.metrics().render(pool) {
        Ok(text) => HttpResponse::Ok()
            .content_type(crate::metrics::CONTENT_TYPE)
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(text),
        Err(e) => {
            tracing::error!(error = %e, "the metrics could not be written");
            HttpResponse::InternalServerError().finish()
        }
    }
}
