//! Mizan's web frontend: the public statistics site.
//!
//! Server-rendered pages (actix-web, askama) that work without JavaScript, on a phone and on
//! paper: the list of published quarters, each quarter's bulletin laid out like the
//! association's (sections, norms, one column per peer group and the sector, n in every cell,
//! who reported, a switch between the published, pooled and median methods), an indicator's
//! time series with a chart drawn on the server, the methodology generated from the
//! framework, the revision history; downloads (CSV, XLSX, JSON) and an open JSON API under
//! `/api/v1/` described by OpenAPI 3. In French, Arabic (right to left) and English.
//!
//! The public side reads **only published snapshots** ([`PublicTable`]s): never live data,
//! never a table with one institution's figures. Snapshots never change, so every rendered
//! body is cached in memory and served with an entity tag; see [`state`] for how the current
//! revision is found cheaply on several app servers.
//!
//! This is the only crate that knows HTTP, actix-web and templates.
//!
//! ```
//! use mizan_core::Lang;
//! use mizan_core::framework::DisplayKind;
//! use mizan_web::format;
//!
//! let v = "1850679.4".parse()?;
//! assert_eq!(format::figure(DisplayKind::Integer, v, Lang::Fr), "1\u{202F}850\u{202F}679");
//! assert_eq!(format::figure(DisplayKind::Integer, v, Lang::En), "1,850,679");
//! assert_eq!(format::figure(DisplayKind::Percent, "4.4112".parse()?, Lang::Fr), "4,41\u{202F}%");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`PublicTable`]: mizan_service::publication::PublicTable
#![deny(missing_docs)]

mod account;
pub mod api;
pub mod audit;
pub mod auth;
mod chart;
mod error;
pub mod file_texts;
pub mod format;
mod http;
pub mod i18n;
mod issues;
mod loans;
pub mod mail_texts;
pub mod metrics;
pub mod multipart;
mod ops;
mod pages;
mod private;
pub mod refusal;
mod request_log;
pub mod routing;
mod space;
mod space_views;
mod staff;
pub mod state;
mod views;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{HttpServer, guard, web};

pub use chart::{Chart, SIZE as CHART_SIZE, Series, render as render_chart};
pub use error::AppError;
pub use issues::{issue_line, issue_text};
pub use pages::{Operation as ApiOperation, Param as ApiParam, documented_operations, safe_next};
pub use routing::{Method, Route};
pub use state::{Options, WebState};

/// The Content-Security-Policy of every response: nothing inline, nothing from elsewhere, no
/// framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The security headers added to every response.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// A route answering `GET` and `HEAD` (the body of a `HEAD` answer is left out).
pub(crate) fn get() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// An area's route table: what registers its routes, and their list.
type Area = (fn(&mut web::ServiceConfig), &'static [Route]);

/// The route tables of every area, in the order they are registered.
const AREAS: [Area; 7] = [
    (ops::configure, ops::ROUTES),
    (pages::configure, pages::ROUTES),
    (account::configure, account::ROUTES),
    (space::configure, space::ROUTES),
    (staff::configure, staff::ROUTES),
    (loans::configure, loans::ROUTES),
    (api::configure, api::ROUTES),
];

/// Registers every route of the site: exactly [`routes`].
pub fn configure(cfg: &mut web::ServiceConfig) {
    for (configure, _) in AREAS {
        cfg.configure(configure);
    }
}

/// Every route of the site, (method, path pattern), in the order they are registered: the
/// public pages, sign-in and account, the member space, the back office, loan tapes, the API.
pub fn routes() -> Vec<Route> {
    AREAS
        .iter()
        .flat_map(|(_, routes)| routes.iter().copied())
        .collect()
}

/// The HTTP server of the public site on `listener` (bind port 0 in tests), with `workers`
/// worker threads (0: one per core). Run it with `.await`, or [`run_blocking`].
pub fn server(state: WebState, listener: TcpListener, workers: usize) -> std::io::Result<Server> {
    shared_server(web::Data::new(state), listener, workers)
}

/// [`server`] over a state shared with another server (the metrics'). On `SIGTERM` or
/// `SIGINT` it stops accepting connections and lets the requests in flight (an upload being
/// stored) finish, for at most the settings' `server.shutdown_timeout_secs`.
pub fn shared_server(
    data: web::Data<WebState>,
    listener: TcpListener,
    workers: usize,
) -> std::io::Result<Server> {
    let shutdown = data.app().settings.server.shutdown_timeout_secs;
    mail_ticker(std::sync::Arc::downgrade(&data.clone().into_inner()));
    let mut http = HttpServer::new(move || {
        let mut headers = DefaultHeaders::new();
        for h in SECURITY_HEADERS {
            headers = headers.add(h);
        }
        actix_web::App::new()
            .app_data(data.clone())
            .app_data(web::QueryConfig::default())
            .wrap(ErrorHandlers::new().default_handler(error::render_error))
            .wrap(headers)
            // Outermost: it sees the final response (error pages included) and times it all.
            .wrap(from_fn(request_log::middleware))
            .configure(configure)
            .default_service(web::to(pages::not_found))
    })
    .shutdown_timeout(shutdown)
    .listen(listener)?;
    if workers > 0 {
        http = http.workers(workers);
    }
    Ok(http.run())
}

/// The metrics server on `listener` (the settings' `server.metrics_bind`, an address the
/// public cannot reach): `GET /metrics` only, in the OpenMetrics text format, one worker.
pub fn metrics_server(
    state: web::Data<WebState>,
    listener: TcpListener,
) -> std::io::Result<Server> {
    Ok(HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .route("/metrics", get().to(ops::metrics))
    })
    .workers(1)
    .listen(listener)?
    .run())
}

/// Every minute while the server's state lives, sends what the outbox holds (messages queued by
/// the command line or another server, and the retries of failed attempts).
fn mail_ticker(state: std::sync::Weak<WebState>) {
    let spawned = std::thread::Builder::new()
        .name("mizan-mail-ticker".into())
        .spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
                match state.upgrade() {
                    Some(s) => s.send_mail(),
                    None => break,
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "the mail ticker could not start");
    }
}

/// Runs the server, and the metrics server when `metrics` is given, until they are stopped
/// (Ctrl-C, `SIGTERM`), on their own runtime: for the command line.
pub fn run_blocking(
    state: WebState,
    listener: TcpListener,
    metrics: Option<TcpListener>,
    workers: usize,
) -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let data = web::Data::new(state);
        let site = shared_server(data.clone(), listener, workers)?;
        match metrics {
            Some(m) => {
                let metrics = metrics_server(data, m)?;
                let (a, b) = futures_util::future::join(site, metrics).await;
                a.and(b)
            }
            None => site.await,
        }
    })
}
