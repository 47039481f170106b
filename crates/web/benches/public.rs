//! In-process figures of the public site: the cost of a first (uncached) rendering and of a
//! cached answer, over real HTTP on loopback, on a fresh SQLite database holding the Q1 2016
//! fixture. The load test with many connections is done with `wrk` (docs/benchmarks.md).
//!
//! `cargo bench -p mizan-web --bench public`

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use mizan_core::Period;
use mizan_service::settings::Settings;
use mizan_service::{Actor, App};
use mizan_web::{Options, WebState};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn get(agent: &ureq::Agent, url: &str) -> Res<usize> {
    let resp = agent.get(url).call()?;
    let body = resp
        .into_body()
        .with_config()
        .limit(50_000_000)
        .read_to_vec()?;
    Ok(body.len())
}

fn time(label: &str, n: usize, mut f: impl FnMut(usize) -> Res<usize>) -> Res<()> {
    let mut times = Vec::with_capacity(n);
    let mut bytes = 0;
    for i in 0..n {
        let t = Instant::now();
        bytes = f(i)?;
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let worst = times.last().copied().unwrap_or_default();
    println!(
        "{label:<58} n={n:<5} median {:>9.3} ms  worst {:>9.3} ms  ({bytes} bytes)",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
    Ok(())
}

fn main() -> Res<()> {
    let test_db = mizan_storage::testing::sqlite()?;
    let settings = Settings::load(&root().join("config"), &BTreeMap::new())?;
    let app = App::with_db(test_db.db.clone(), settings)?;
    let data = |p: &str| std::fs::read(root().join("tests/data").join(p));
    mizan_service::registry::import_institutions(
        &app,
        &data("apsfd-ci-2016q1/institutions.csv")?,
        "institutions.csv",
        &Actor::system(),
    )?;
    mizan_service::returns::import_returns(
        &app,
        &data("apsfd-ci-2016q1/returns.csv")?,
        "returns.csv",
        &Actor::system(),
        &mizan_service::returns::Scope::Any,
    )?;
    let q1 = Period::parse("2016-Q1")?;
    let coll = mizan_service::collection::collection(&app, &Actor::system(), "apsfd-ci", q1)?;
    for inst in coll.groups.iter().flat_map(|g| &g.institutions) {
        if let Some(v) = inst.versions.last().filter(|_| inst.awaiting_review()) {
            mizan_service::collection::decide(
                &app,
                &Actor::system(),
                v.id,
                &mizan_service::collection::Decision::Accept,
            )?;
        }
    }
    mizan_service::publication::publish(
        &app,
        "apsfd-ci",
        q1,
        None,
        mizan_service::publication::Guard::Check,
        &Actor::system(),
    )?;

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = WebState::new(
        app.clone(),
        Options {
            index_ttl: Duration::from_secs(2),
            ..Options::for_app(&app)
        },
    )?;
    std::thread::spawn(move || {
        let _ = mizan_web::run_blocking(state, listener, None, 2);
    });
    std::thread::sleep(Duration::from_millis(300));
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();

    let langs = ["fr", "en", "ar"];
    let methods = ["published", "pooled", "median"];
    time("bulletin, first rendering (lang × method)", 9, |i| {
        get(
            &agent,
            &format!(
                "{base}/periods/2016-Q1?method={}&lang={}",
                methods[i % 3],
                langs[i / 3]
            ),
        )
    })?;
    time("bulletin, cached", 2000, |_| {
        get(&agent, &format!("{base}/periods/2016-Q1"))
    })?;
    time("chart SVG, first rendering (one per indicator)", 20, |i| {
        let fw = app.framework("apsfd-ci", q1)?;
        let code = &fw.indicators[i].code;
        get(&agent, &format!("{base}/indicators/{code}/chart.svg"))
    })?;
    time("spreadsheet, first rendering (lang × method)", 9, |i| {
        get(
            &agent,
            &format!(
                "{base}/periods/2016-Q1/bulletin.xlsx?method={}&lang={}",
                methods[i % 3],
                langs[i / 3]
            ),
        )
    })?;
    time("API cells, first rendering (method)", 3, |i| {
        get(
            &agent,
            &format!("{base}/api/v1/periods/2016-Q1/cells?method={}", methods[i]),
        )
    })?;
    time("API cells, cached", 2000, |_| {
        get(&agent, &format!("{base}/api/v1/periods/2016-Q1/cells"))
    })?;
    Ok(())
}
