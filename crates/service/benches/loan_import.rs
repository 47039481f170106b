//! The whole import of a loan tape through `mizan_service::loans::import_loans`: registry and
//! licence checks, SHA-256, the previous quarter-end rebuilt from the stored tape, reading and
//! classifying every loan, and storing the tape, the results of every loan (in chunks) and the
//! return version it feeds, in one transaction — on SQLite and on PostgreSQL.
//!
//! Two synthetic tapes of the same loans (`write_synthetic_tape`, seed 42) at 2023-03-31 (the
//! institution's first quarter-end: no previous classification) and 2023-06-30 (classified
//! against the stored first one), for a credit institution (every article applies). Each run
//! uses a fresh database. Phases are timed from the progress callbacks.
//!
//! ```sh
//! cargo bench -p mizan-service --bench loan_import
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p mizan-service --bench loan_import
//! ```
//! `MIZAN_BENCH_ROWS` (default 1,000,000), `MIZAN_BENCH_RUNS` (default 3).

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use mizan_core::{InstitutionCode, Period};
use mizan_ingest::loans::write_synthetic_tape;
use mizan_service::loans::{LoanOutcome, LoanProgress, import_loans, write_loans};
use mizan_service::settings::Settings;
use mizan_service::{Actor, App};
use mizan_storage::testing::{self, TestDb};

type Res<T> = Result<T, Box<dyn Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1;
            let f: Vec<&str> = after.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn tape(rows: u64, as_of: NaiveDate) -> Res<Vec<u8>> {
    let mut out = Vec::with_capacity(usize::try_from(rows)? * 101 + 256);
    write_synthetic_tape(&mut out, rows, 42, as_of)?;
    Ok(out)
}

/// The same tape with its rows in a scrambled order (i ↦ i × P mod n), the loans unchanged.
fn scrambled(tape: &[u8]) -> Res<Vec<u8>> {
    let text = std::str::from_utf8(tape)?;
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty tape")?;
    let rows: Vec<&str> = lines.collect();
    let n = rows.len().max(1);
    const P: usize = 1_000_003;
    let step = if n.is_multiple_of(P) { 1 } else { P % n };
    let mut out = Vec::with_capacity(tape.len());
    out.extend_from_slice(header.as_bytes());
    out.push(b'\n');
    for k in 0..rows.len() {
        out.extend_from_slice(rows[(k * step) % n].as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}

fn platform(db: &TestDb) -> Res<App> {
    let settings = Settings::load(&root().join("config"), &BTreeMap::new())?;
    let app = App::with_db(db.db.clone(), settings)?;
    let registry = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group\n\
                    CI01,Crédit Solidaire SA,sa,direct_credit,false,false,,bam-mfi,\n";
    let reg = mizan_service::registry::import_institutions(
        &app,
        registry.as_bytes(),
        "registry.csv",
        &Actor::system(),
    )?;
    if reg.refused() {
        return Err(format!("registry refused: {:?}", reg.issues).into());
    }
    Ok(app)
}

#[derive(Debug, Default, Clone, Copy)]
struct Phases {
    total: Duration,
    previous: Duration,
    read: Duration,
    store: Duration,
    cpu: f64,
    rss: f64,
}

fn import(app: &App, period: &str, bytes: &[u8]) -> Res<Phases> {
    let code = InstitutionCode::parse("CI01")?;
    let period = Period::parse(period)?;
    reset_peak();
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let mut book_done: Option<Instant> = None;
    let mut storing: Option<Instant> = None;
    let report = import_loans(
        app,
        &code,
        period,
        bytes,
        "tape.csv",
        &Actor::system(),
        &mut |p| match p {
            LoanProgress::Bytes { .. } | LoanProgress::Rows { .. } => {}
            LoanProgress::Storing { .. } => {
                storing = Some(Instant::now());
            }
            LoanProgress::Previous { .. } => book_done = Some(Instant::now()),
        },
    )?;
    let end = Instant::now();
    if !matches!(report.outcome, LoanOutcome::Stored(_)) {
        return Err(format!(
            "not stored: {:?}; {} issue(s), first {:?}",
            report.outcome,
            report.issues.len(),
            report.issues.first()
        )
        .into());
    }
    // "before" is the checks, the hash and the previous book; "read" the reading and
    // classification of every loan; "store" the return version, the tape and its results.
    let book_done = book_done.unwrap_or(start);
    let storing = storing.unwrap_or(end);
    Ok(Phases {
        total: end - start,
        previous: book_done - start,
        read: storing - book_done,
        store: end - storing,
        cpu: cpu_seconds() - cpu0,
        rss: peak_rss_mb(),
    })
}

fn show(label: &str, runs: &[Phases]) {
    let best = runs
        .iter()
        .min_by_key(|p| p.total)
        .copied()
        .unwrap_or_default();
    let all: Vec<String> = runs
        .iter()
        .map(|p| format!("{:.3}", p.total.as_secs_f64()))
        .collect();
    let median = |of: fn(&Phases) -> Duration| {
        let mut v: Vec<Duration> = runs.iter().map(of).collect();
        v.sort();
        v.get(v.len() / 2)
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
    };
    println!(
        "{label}: best {:.3} s, median {:.3} s (runs: {} s; store phase median {:.3} s) — best run: checks + hash + previous book {:.3} s, read + classify {:.3} s, store {:.3} s; CPU {:.2} s; peak RSS {:.0} MB",
        best.total.as_secs_f64(),
        median(|p| p.total),
        all.join(", "),
        median(|p| p.store),
        best.previous.as_secs_f64(),
        best.read.as_secs_f64(),
        best.store.as_secs_f64(),
        best.cpu,
        best.rss
    );
}

fn bench_backend(
    name: &str,
    make: &dyn Fn() -> Res<TestDb>,
    q1: &[u8],
    q2: &[u8],
    q2_scrambled: &[u8],
    runs: u64,
) -> Res<()> {
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut third = Vec::new();
    let mut export = Vec::new();
    let mut reads = Vec::new();
    for _ in 0..runs {
        let db = make()?;
        let app = platform(&db)?;
        first.push(import(&app, "2023-Q1", q1)?);
        let start = Instant::now();
        let mut conn = app.conn()?;
        let tape = mizan_storage::loan_tapes::latest_loan_tape(
            &mut conn,
            &InstitutionCode::parse("CI01")?,
            Period::parse("2023-Q1")?,
        )?
        .ok_or("no tape")?;
        let mut bytes = 0usize;
        mizan_storage::loan_tapes::for_each_result_chunk(
            &mut conn,
            &tape,
            |c| -> Result<(), mizan_storage::StorageError> {
                bytes += c.body.len();
                Ok(())
            },
        )?;
        drop(conn);
        reads.push((start.elapsed(), bytes));
        second.push(import(&app, "2023-Q2", q2)?);
        third.push(import(&app, "2023-Q2", q2_scrambled)?);
        let start = Instant::now();
        let mut sink = std::io::sink();
        let tape = write_loans(
            &app,
            &Actor::system(),
            &InstitutionCode::parse("CI01")?,
            Period::parse("2023-Q2")?,
            &mut sink,
        )?;
        export.push((start.elapsed(), tape.loans));
    }
    show(&format!("{name}: first quarter-end (no previous)"), &first);
    show(
        &format!("{name}: next quarter-end (previous book from storage)"),
        &second,
    );
    show(
        &format!("{name}: the same, tape rows in another order than the book"),
        &third,
    );
    if let Some((best, bytes)) = reads.iter().min_by_key(|e| e.0) {
        println!(
            "{name}: reading the stored results back ({:.1} MB of text, no parsing): best {:.3} s",
            *bytes as f64 / 1e6,
            best.as_secs_f64()
        );
    }
    if let Some((best, loans)) = export.iter().min_by_key(|e| e.0) {
        println!(
            "{name}: export of the {loans} loans' results: best {:.3} s",
            best.as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> Res<()> {
    let rows = env_num("MIZAN_BENCH_ROWS", 1_000_000);
    let runs = env_num("MIZAN_BENCH_RUNS", 3).max(1);
    let q1 = tape(rows, NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?)?;
    let q2 = tape(rows, NaiveDate::from_ymd_opt(2023, 6, 30).ok_or("date")?)?;
    let q2_scrambled = scrambled(&q2)?;
    println!(
        "loan tape import with storage: {rows} loans, {:.1} MB of CSV, {runs} run(s) per backend",
        q1.len() as f64 / 1e6
    );
    bench_backend(
        "sqlite",
        &|| Ok(testing::sqlite()?),
        &q1,
        &q2,
        &q2_scrambled,
        runs,
    )?;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            bench_backend(
                "postgres",
                &|| Ok(testing::postgres(&url)?),
                &q1,
                &q2,
                &q2_scrambled,
                runs,
            )?;
        }
        _ => println!("postgres: skipped (set TEST_DATABASE_URL=postgres://…)"),
    }
    Ok(())
}
