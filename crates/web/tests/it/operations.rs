//! What an operator asks of a running server: `/healthz` and `/readyz` (503 while a migration
//! is pending), the metrics on their own listener and never on the site, and a graceful stop
//! that lets an upload in flight finish and be stored once.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use mizan_core::{InstitutionCode, Period};
use mizan_storage::submissions::versions;
use mizan_storage::testing;
use mizan_storage::users::Role;

use crate::concurrency::return_csv;
use crate::session::{Client, account};
use crate::{Platform, Res, Site, TestResult, get, platform};

fn member(p: &Platform, site: &Site, code: &str) -> Res<(Client, String)> {
    account(&p.app, &format!("membre.{code}"), Role::Member, Some(code))?;
    let mut c = Client::login(site, &format!("membre.{code}"))?;
    let csrf = c.csrf()?;
    Ok((c, csrf))
}

/// The value of the first metric line starting with `head` (name and labels).
fn metric(text: &str, head: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(head))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

fn health_and_metrics(p: &Platform, site: &Site) -> TestResult {
    let h = get(&site.url("/healthz"))?;
    assert_eq!((h.status, h.text()?.as_str()), (200, "ok\n"));
    assert_eq!(h.header("cache-control"), Some("no-store"));
    let r = get(&site.url("/readyz"))?;
    assert_eq!((r.status, r.text()?.as_str()), (200, "ready\n"));

    // Requests of the site, a page not found, and the metrics asked of the site (not there).
    assert_eq!(get(&site.url("/periods/2016-Q1"))?.status, 200);
    assert_eq!(get(&site.url("/periods/2016-Q1"))?.status, 200);
    assert_eq!(get(&site.url("/no/such/page"))?.status, 404);
    assert_eq!(get(&site.url("/metrics"))?.status, 404);
    // A member's refused file and a stored one.
    p.set_time("2016-10-03 09:00")?;
    let (mut c, csrf) = member(p, site, "SA01")?;
    let refused = c.post_multipart(
        "/space/upload",
        &[("csrf", &csrf)],
        ("file", "vide.csv", b"institution,period,item,value\n"),
    )?;
    assert_ne!(refused.status, 200, "{}", refused.text()?);
    let stored = c.post_multipart(
        "/space/upload",
        &[("csrf", &csrf)],
        (
            "file",
            "SA01-T3.csv",
            return_csv("SA01", "2016-Q3", 2_000_000).as_bytes(),
        ),
    )?;
    assert_eq!(stored.status, 200, "{}", stored.text()?);

    let base = site.metrics.as_deref().ok_or("no metrics listener")?;
    let m = get(&format!("{base}/metrics"))?;
    assert_eq!(m.status, 200);
    assert!(
        m.header("content-type")
            .is_some_and(|t| t.starts_with("application/openmetrics-text")),
        "{:?}",
        m.header("content-type")
    );
    let text = m.text()?;
    assert!(text.ends_with("# EOF\n"), "{text}");
    let pages = metric(
        &text,
        "mizan_http_requests_total{route=\"/periods/{period}\",method=\"GET\",status=\"200\"}",
    );
    assert_eq!(pages, Some(2.0), "{text}");
    let missing = metric(
        &text,
        "mizan_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}",
    );
    assert_eq!(
        missing,
        Some(2.0),
        "the page not found and /metrics: {text}"
    );
    assert!(
        text.contains(
            "mizan_http_request_duration_seconds_bucket{le=\"0.001\",route=\"/healthz\"}"
        ) || text.contains(
            "mizan_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.001\"}"
        ),
        "{text}"
    );
    assert_eq!(
        metric(
            &text,
            "mizan_uploads_total{kind=\"returns\",outcome=\"refused\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        metric(
            &text,
            "mizan_uploads_total{kind=\"returns\",outcome=\"stored\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert!(metric(&text, "mizan_db_pool_max_connections").is_some_and(|n| n >= 1.0));
    assert!(metric(&text, "mizan_db_pool_connections").is_some_and(|n| n >= 1.0));
    // Route patterns only: no period, no institution, no path asked for.
    for leak in ["2016-Q1", "SA01", "/no/such/page"] {
        assert!(!text.contains(leak), "{leak} in the metrics: {text}");
    }
    Ok(())
}

#[test]
fn health_readiness_and_metrics_on_their_own_listener() -> TestResult {
    for db in testing::databases()? {
        let p = platform(db)?;
        p.load_and_publish()?;
        let site = Site::start_with_metrics(&p.app)?;
        health_and_metrics(&p, &site).map_err(|e| format!("on {}: {e}", p.backend))?;
    }
    Ok(())
}

#[test]
fn not_ready_while_a_migration_is_pending() -> TestResult {
    for db in testing::databases()? {
        let p = platform(db)?;
        let site = Site::start(&p.app)?;
        assert_eq!(get(&site.url("/readyz"))?.status, 200);
        testing::forget_latest_migration(&p.app.db)?;
        let r = get(&site.url("/readyz"))?;
        assert_eq!(
            (r.status, r.text()?.as_str()),
            (503, "migrations_pending\n"),
            "on {}",
            p.backend
        );
        // The process itself still answers.
        assert_eq!(get(&site.url("/healthz"))?.status, 200);
    }
    Ok(())
}

/// An upload whose body is still arriving when the server is told to stop: it is answered and
/// stored once; the server then takes no new connection.
#[test]
fn a_graceful_stop_lets_the_upload_in_flight_finish() -> TestResult {
    let p = platform(testing::sqlite()?)?;
    p.load_and_publish()?;
    p.set_time("2016-10-03 09:00")?;
    let site = Site::start(&p.app)?;
    let (c, csrf) = member(&p, &site, "SA02")?;
    let boundary = "mizanGracefulStop";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"SA02-T3.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{}\r\n--{boundary}--\r\n",
        return_csv("SA02", "2016-Q3", 3_000_000)
    );
    let addr = site.base.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let head = format!(
        "POST /space/upload HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        c.cookie_header(),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    stream.write_all(first)?;
    stream.flush()?;
    std::thread::sleep(Duration::from_millis(300));
    // Stop (as on SIGTERM) while half of the body has arrived, and send the rest meanwhile.
    let stopping = std::thread::spawn(move || site.stop_gracefully().map_err(|e| e.to_string()));
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(rest)?;
    stream.flush()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        answer.lines().next().unwrap_or_default()
    );
    stopping.join().map_err(|_| "the stop panicked")??;
    // Stored once.
    let mut conn = p.app.conn()?;
    let stored = versions(
        &mut conn,
        &InstitutionCode::parse("SA02")?,
        Period::parse("2016-Q3")?,
    )?;
    assert_eq!(stored.len(), 1, "{stored:?}");
    // And the server is gone.
    assert!(TcpStream::connect(&addr).is_err(), "still listening");
    Ok(())
}
