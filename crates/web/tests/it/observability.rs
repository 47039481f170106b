//! The request log: a request id on every response and on error pages, one log event per
//! request, and use cases run inside the request's span (read with a capturing subscriber,
//! installed once for the whole test binary).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::{Mutex, Once};
use std::thread::ThreadId;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::Registry;

use crate::{Res, Resp, TestResult, agent, get, get_with, on_sqlite, read};

/// The events of the request log, as their fields.
static EVENTS: Mutex<Vec<BTreeMap<String, String>>> = Mutex::new(Vec::new());
/// The `request` spans: span id → request id.
static SPANS: Mutex<Option<HashMap<u64, String>>> = Mutex::new(None);
/// Each time a `request` span is entered: its request id and the thread.
static ENTERS: Mutex<Vec<(String, ThreadId)>> = Mutex::new(Vec::new());

#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// Keeps the request log's events, and where `request` spans are entered.
struct Capture;

impl<S: Subscriber> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if attrs.metadata().name() == "request" {
            let mut fields = Fields::default();
            attrs.record(&mut fields);
            if let (Some(rid), Ok(mut spans)) = (fields.0.remove("request_id"), SPANS.lock()) {
                spans
                    .get_or_insert_with(HashMap::new)
                    .insert(id.into_u64(), rid);
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "mizan_web::request" {
            let mut fields = Fields::default();
            event.record(&mut fields);
            fields
                .0
                .insert("level".to_owned(), event.metadata().level().to_string());
            if let Ok(mut events) = EVENTS.lock() {
                events.push(fields.0);
            }
        }
    }

    fn on_enter(&self, span: &Id, _: Context<'_, S>) {
        let rid = SPANS
            .lock()
            .ok()
            .and_then(|s| s.as_ref().and_then(|s| s.get(&span.into_u64()).cloned()));
        if let (Some(rid), Ok(mut enters)) = (rid, ENTERS.lock()) {
            enters.push((rid, std::thread::current().id()));
        }
    }
}

fn capture() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // Only this module sets one; should another ever do, these tests would say so.
        let _ = tracing::subscriber::set_global_default(
            Registry::default()
                .with(Capture.with_filter(filter_fn(|m| m.target().starts_with("mizan")))),
        );
    });
}

fn request_id(r: &Resp) -> Res<String> {
    let id = r
        .header("x-request-id")
        .ok_or("no X-Request-Id")?
        .to_owned();
    assert_eq!(id.len(), 16, "{id}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    Ok(id)
}

/// The logged event of request `id`.
fn logged(id: &str) -> Res<BTreeMap<String, String>> {
    let events = EVENTS.lock().map_err(|_| "poisoned")?;
    let mut of_id = events
        .iter()
        .filter(|e| e.get("request_id").map(String::as_str) == Some(id));
    let event = of_id
        .next()
        .ok_or(format!("no log event for {id}"))?
        .clone();
    assert!(of_id.next().is_none(), "{id} logged twice");
    Ok(event)
}

#[test]
fn every_response_carries_a_request_id_different_for_each_request() -> TestResult {
    on_sqlite(|_, site| {
        let mut ids = HashSet::new();
        for path in [
            "/",
            "/",
            "/static/mizan.css",
            "/periods/2016-Q1",
            "/no/such/page",
            "/api/v1/periods",
            "/api/v1/no-such-route",
            "/account",
        ] {
            let r = get(&site.url(path))?;
            assert!(ids.insert(request_id(&r)?), "{path}: the same id twice");
        }
        // A refused form (no CSRF token) and a method that is not routed.
        let r = read(
            agent()
                .post(&site.url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send(&b"username=a&password=b"[..])?,
        )?;
        assert!(r.status >= 400, "{}", r.status);
        assert!(ids.insert(request_id(&r)?));
        let r = read(agent().delete(&site.url("/")).call()?)?;
        assert!(ids.insert(request_id(&r)?));
        Ok(())
    })
}

#[test]
fn error_pages_show_the_request_id_of_their_header() -> TestResult {
    on_sqlite(|_, site| {
        for (query, label) in [
            ("", "Référence de la demande :"),
            ("?lang=en", "Request reference:"),
            ("?lang=ar", "مرجع الطلب:"),
        ] {
            let r = get(&site.url(&format!("/no/such/page{query}")))?;
            assert_eq!(r.status, 404);
            let id = request_id(&r)?;
            let html = r.text()?;
            assert!(
                html.contains(&format!("{label} <bdi><code>{id}</code></bdi>")),
                "{query}: {html}"
            );
        }
        let r = get_with(&site.url("/periods/1999-Q9"), &[("Accept-Language", "en")])?;
        assert!(r.status >= 400);
        assert!(r.text()?.contains(&request_id(&r)?));
        // The API's JSON error.
        let r = get(&site.url("/api/v1/no-such-route"))?;
        assert_eq!(r.status, 404);
        let body: serde_json::Value = serde_json::from_slice(&r.body)?;
        assert_eq!(body["status"], 404);
        assert_eq!(body["request_id"], request_id(&r)?.as_str());
        Ok(())
    })
}

#[test]
fn each_request_is_logged_once_with_method_path_status_and_latency() -> TestResult {
    capture();
    on_sqlite(|_, site| {
        let r = get_with(
            &site.url("/no/such/page?token=s3cret"),
            &[("Cookie", "mizan_session=c00kie")],
        )?;
        let id = request_id(&r)?;
        let event = logged(&id)?;
        assert_eq!(event.get("method").map(String::as_str), Some("GET"));
        assert_eq!(event.get("path").map(String::as_str), Some("/no/such/page"));
        assert_eq!(event.get("status").map(String::as_str), Some("404"));
        assert_eq!(event.get("level").map(String::as_str), Some("INFO"));
        let latency: f64 = event.get("latency_ms").ok_or("no latency")?.parse()?;
        assert!(latency >= 0.0);
        // Neither the query string nor the cookie.
        for value in event.values() {
            assert!(
                !value.contains("s3cret") && !value.contains("c00kie"),
                "{value}"
            );
        }

        let r = get(&site.url("/api/v1/periods"))?;
        let event = logged(&request_id(&r)?)?;
        assert_eq!(event.get("status").map(String::as_str), Some("200"));
        assert_eq!(
            event.get("path").map(String::as_str),
            Some("/api/v1/periods")
        );
        Ok(())
    })
}

#[test]
fn use_cases_run_inside_the_request_span_on_the_blocking_thread() -> TestResult {
    capture();
    on_sqlite(|_, site| {
        // The home page reads the published quarters (a use case, in `web::block`) on every
        // request in tests.
        let r = get(&site.url("/"))?;
        assert_eq!(r.status, 200);
        let id = request_id(&r)?;
        let threads: HashSet<ThreadId> = ENTERS
            .lock()
            .map_err(|_| "poisoned")?
            .iter()
            .filter(|(rid, _)| *rid == id)
            .map(|(_, t)| *t)
            .collect();
        assert!(
            threads.len() >= 2,
            "the request span was entered on {} thread(s): not on the blocking one",
            threads.len()
        );
        Ok(())
    })
}
