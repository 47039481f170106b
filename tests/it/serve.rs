//! `mizan serve` as an operator runs it: JSON log lines, the metrics on their own private
//! address (not on the site's), and a clean exit on SIGTERM (`systemctl stop`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{TestResult, mizan_bin, root};

/// Kills the server if the test ends before it stopped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GET `path` of `addr` (`127.0.0.1:port`): (status, body).
fn get(addr: &str, path: &str) -> Result<(u16, String), Box<dyn std::error::Error>> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    let status = answer
        .split(' ')
        .nth(1)
        .ok_or("no status")?
        .parse::<u16>()?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// The address after `marker` in `line` (up to a space or a slash).
fn address_after(line: &str, marker: &str) -> Option<String> {
    let (_, rest) = line.split_once(marker)?;
    Some(
        rest.split([' ', '/'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
    )
}

#[test]
fn serve_logs_json_keeps_its_metrics_private_and_stops_cleanly_on_sigterm() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("mizan.sqlite").display().to_string();
    let child = Command::new(mizan_bin())
        .current_dir(dir.path())
        .env("MIZAN_DATABASE_URL", &db)
        .env("MIZAN_CONFIG_DIR", root().join("config"))
        .env_remove("MIZAN_CONFIG_FILE")
        .env_remove("MIZAN_LOG")
        .env("MIZAN_LOG_FORMAT", "json")
        .env("MIZAN__SERVER__METRICS_BIND", "127.0.0.1:0")
        .args(["--lang", "en", "serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut server = Server(child);
    let stdout = server.0.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let (mut site, mut metrics) = (None, None);
    while site.is_none() || metrics.is_none() {
        let line = lines
            .next()
            .ok_or("the server stopped before it listened")??;
        if let Some(a) = address_after(&line, "listening on ") {
            site = Some(a);
        }
        if let Some(a) = address_after(&line, "metrics at http://") {
            metrics = Some(a);
        }
    }
    let (site, metrics) = (site.ok_or("no site")?, metrics.ok_or("no metrics")?);
    assert_ne!(site, metrics);

    assert_eq!(get(&site, "/healthz")?, (200, "ok\n".to_owned()));
    assert_eq!(get(&site, "/readyz")?, (200, "ready\n".to_owned()));
    // The metrics are not on the site's address; they are on their own.
    assert_eq!(get(&site, "/metrics")?.0, 404);
    let (status, text) = get(&metrics, "/metrics")?;
    assert_eq!(status, 200);
    assert!(
        text.contains(
            "mizan_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert_eq!(get(&metrics, "/healthz")?.0, 404, "only /metrics there");

    // SIGTERM, as `systemctl stop` sends it: a clean exit.
    let pid = server.0.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status()?;
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(40);
    let status = loop {
        if let Some(s) = server.0.try_wait()? {
            break s;
        }
        if Instant::now() > deadline {
            return Err("the server did not stop on SIGTERM".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut log = String::new();
    server
        .0
        .stderr
        .take()
        .ok_or("no stderr")?
        .read_to_string(&mut log)?;
    // Every log line is a JSON object; the request log's lines carry the request's id,
    // method, path, status and latency.
    let mut requests = 0;
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))?;
        if v["target"] == "mizan_web::request" {
            let f = &v["fields"];
            assert!(
                f["request_id"].as_str().is_some_and(|id| id.len() == 16),
                "{line}"
            );
            assert!(f["latency_ms"].as_f64().is_some(), "{line}");
            if f["path"] == "/healthz" {
                assert_eq!(f["status"], 200, "{line}");
                assert_eq!(f["method"], "GET", "{line}");
            }
            requests += 1;
        }
    }
    // /healthz, /readyz and /metrics on the site (the metrics server does not log them).
    assert_eq!(requests, 3, "{log}");
    Ok(())
}

/// The binary carries its database clients: SQLite, PostgreSQL's libpq and the TLS it uses are
/// built into it, so a machine needs nothing installed to run it (`ldd` lists the C library
/// and its companions only).
#[test]
fn the_binary_links_no_database_or_tls_library_of_the_system() -> TestResult {
    let out = Command::new("ldd").arg(mizan_bin()).output()?;
    assert!(out.status.success(), "ldd failed");
    let libs = String::from_utf8_lossy(&out.stdout).into_owned();
    for lib in [
        "libpq",
        "libssl",
        "libcrypto",
        "libsqlite",
        "libgssapi",
        "libldap",
        "libkrb5",
        "libgnutls",
    ] {
        assert!(!libs.contains(lib), "{lib} is linked:\n{libs}");
    }
    assert!(libs.contains("libc.so"), "{libs}");
    Ok(())
}
