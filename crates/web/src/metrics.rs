//! The process's metrics for an operator, in the OpenMetrics text format that Prometheus
//! scrapes (the `prometheus-client` crate of the Prometheus project): requests by route
//! pattern, method and status, their latency by route, uploads stored and refused, and the
//! database pool. Served by [`crate::metrics_server`] on the listener of the settings'
//! `server.metrics_bind` only — never on the public site — and holding no figure of any
//! institution: a route is its pattern (`/periods/{period}`), never the path asked for.

use std::sync::Mutex;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The content type of [`Metrics::render`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UploadLabels {
    kind: String,
    outcome: String,
}

/// What is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// A file of returns (a member's or staff's).
    Returns,
    /// A return typed in the web form.
    Form,
    /// A loan tape.
    Tape,
    /// The registry of institutions.
    Registry,
}

impl UploadKind {
    fn code(self) -> &'static str {
        match self {
            Self::Returns => "returns",
            Self::Form => "form",
            Self::Tape => "tape",
            Self::Registry => "registry",
        }
    }
}

/// The counters of one process.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    uploads: Family<UploadLabels, Counter>,
    pool_connections: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    /// Rendering sets the pool gauges then encodes: one scrape at a time.
    render: Mutex<()>,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Empty counters, registered under `mizan_`.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("mizan");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let uploads = Family::<UploadLabels, Counter>::default();
        let pool_connections = Gauge::default();
        let pool_idle = Gauge::default();
        let pool_max = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route pattern",
            latency.clone(),
        );
        registry.register(
            "uploads",
            "Files and forms received, by kind and outcome (stored: at least one new version or tape kept; refused: nothing kept)",
            uploads.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections open",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections open and idle",
            pool_idle.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "Most database connections the pool opens",
            pool_max.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            uploads,
            pool_connections,
            pool_idle,
            pool_max,
            render: Mutex::new(()),
        }
    }

    /// Counts one answered request: `route` is the matched pattern (`unmatched` when none).
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    /// Counts one upload: `stored` when something was kept.
    pub fn upload(&self, kind: UploadKind, stored: bool) {
        self.uploads
            .get_or_create(&UploadLabels {
                kind: kind.code().to_owned(),
                outcome: if stored { "stored" } else { "refused" }.to_owned(),
            })
            .inc();
    }

    /// The metrics as OpenMetrics text, with the pool as it is now.
    pub fn render(&self, pool: mizan_storage::PoolState) -> Result<String, std::fmt::Error> {
        let _one = self
            .render
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.pool_connections.set(i64::from(pool.connections));
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}
