//! Loan-tape benchmark: a 1,000,000-row synthetic tape (about 100 MB of CSV) parsed, validated,
//! classified and provisioned, with the time of each run and the peak memory (VmHWM).
//!
//! `cargo bench -p mizan-ratios --bench loans` (rows: `MIZAN_BENCH_ROWS`, default 1,000,000).
//! Targets: under 0.5 s and 150 MB for the whole pipeline.

use std::error::Error;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use mizan_core::Framework;
use mizan_core::framework::{ClassificationDef, LicenceDef};
use mizan_core::loan::PreviousBook;
use mizan_ingest::loans::{
    TapeOptions, read_tape, write_synthetic_tape, write_synthetic_tape_unsorted,
};
use mizan_ratios::classification::{Classifier, Portfolio};

/// User + system CPU seconds of the process so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the line (utime, stime), in clock ticks of 1/100 s.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak (Linux ≥ 4.0), so each stage is measured on its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

struct Outcome {
    time: Duration,
    cpu: f64,
    loans: u64,
    portfolio: Option<Portfolio>,
}

fn run(
    path: &PathBuf,
    rules: Option<(&ClassificationDef, &LicenceDef)>,
    previous: Option<&PreviousBook>,
    as_of: NaiveDate,
    parallel: bool,
    keep: Option<&mut PreviousBook>,
) -> Result<Outcome, Box<dyn Error>> {
    let start = Instant::now();
    let cpu = cpu_seconds();
    let file = std::fs::File::open(path)?;
    let mut options = TapeOptions::new(as_of, 4);
    options.parallel = parallel;
    options.expected_rows = (std::fs::metadata(path)?.len() / 100) as usize;
    let mut classifier = match rules {
        Some((def, lic)) => Some(Classifier::new(def, lic, as_of, previous)?),
        None => None,
    };
    let mut keep = keep;
    let mut issues_seen = 0usize;
    let report = read_tape(
        file,
        &options,
        |_| {},
        |line, loan, issues| {
            if let Some(c) = classifier.as_mut() {
                let r = c.add(line, loan, issues);
                if let Some(book) = keep.as_deref_mut() {
                    book.insert(&loan.loan_id, r.to_previous(loan));
                }
            }
            issues_seen += issues.len();
        },
    );
    let portfolio = classifier.map(Classifier::finish);
    let time = start.elapsed();
    let cpu = cpu_seconds() - cpu;
    if report.is_blocked() {
        return Err(format!("tape refused: {:?}", report.issues.first()).into());
    }
    Ok(Outcome {
        time,
        cpu,
        loans: report.data.loans,
        portfolio,
    })
}

fn best(
    label: &str,
    runs: usize,
    mut f: impl FnMut() -> Result<Outcome, Box<dyn Error>>,
) -> Result<Outcome, Box<dyn Error>> {
    reset_peak();
    let mut best: Option<Outcome> = None;
    let mut times = Vec::new();
    let mut cpu = f64::MAX;
    for _ in 0..runs {
        let o = f()?;
        times.push(format!("{:.3}", o.time.as_secs_f64()));
        cpu = cpu.min(o.cpu);
        if best.as_ref().is_none_or(|b| o.time < b.time) {
            best = Some(o);
        }
    }
    let best = best.ok_or("no run")?;
    println!(
        "{label:<58} best {:>6.3} s  (runs: {})  CPU {:.2} s  peak RSS {:>6.1} MB  {} loans",
        best.time.as_secs_f64(),
        times.join(", "),
        cpu,
        peak_rss_mb().unwrap_or(f64::NAN),
        best.loans
    );
    Ok(best)
}

fn main() -> Result<(), Box<dyn Error>> {
    let rows: u64 = std::env::var("MIZAN_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let as_of = NaiveDate::from_ymd_opt(2023, 6, 30).ok_or("date")?;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("bam-tape-{rows}.csv"));
    if !path.exists() {
        let start = Instant::now();
        let mut w = BufWriter::new(std::fs::File::create(&path)?);
        write_synthetic_tape(&mut w, rows, 42, as_of)?;
        w.flush()?;
        println!(
            "generated {} in {:.2} s",
            path.display(),
            start.elapsed().as_secs_f64()
        );
    }
    let unsorted = dir.join(format!("bam-tape-{rows}-unsorted.csv"));
    if !unsorted.exists() {
        let mut w = BufWriter::new(std::fs::File::create(&unsorted)?);
        write_synthetic_tape_unsorted(&mut w, rows, 42, as_of)?;
        w.flush()?;
    }
    let size = std::fs::metadata(&path)?.len();
    println!(
        "tape: {} ({:.1} MB, {rows} rows)",
        path.display(),
        size as f64 / 1e6
    );
    // Warm the page cache, as a file just uploaded would be.
    let _ = std::fs::read(&path)?;

    let fw = Framework::from_file(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks/bam-mfi.toml"),
    )?;
    let def = fw.classification.as_ref().ok_or("no classification")?;
    let ci = def.licence("credit_institution").ok_or("no licence")?;

    best("parse + validate only (2 threads)", 5, || {
        run(&path, None, None, as_of, true, None)
    })?;
    let full = best(
        "parse + validate + classify + provision + portfolio (2 threads)",
        5,
        || run(&path, Some((def, ci)), None, as_of, true, None),
    )?;
    best("the same on one thread", 3, || {
        run(&path, Some((def, ci)), None, as_of, false, None)
    })?;
    let _ = std::fs::read(&unsorted)?;
    best("the same, loan ids not sorted (2 threads)", 3, || {
        run(&unsorted, Some((def, ci)), None, as_of, true, None)
    })?;

    // Next quarter: the same tape classified against a stored book of 1,000,000 loans.
    let q1 = NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
    reset_peak();
    let start = Instant::now();
    let mut book = PreviousBook::with_capacity(q1, rows as usize);
    run(&path, Some((def, ci)), None, as_of, true, Some(&mut book))?;
    println!(
        "{:<58} {:>11.3} s  peak RSS {:>6.1} MB",
        "classify and build a previous book of every loan",
        start.elapsed().as_secs_f64(),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    let with_previous = best(
        "Q2 against a previous book of every loan (2 threads)",
        3,
        || run(&path, Some((def, ci)), Some(&book), as_of, true, None),
    )?;

    if let Some(p) = &full.portfolio {
        println!(
            "portfolio: outstanding {}  PAR30 {:?} %  provisions {}  classes {:?}",
            p.total.outstanding,
            p.par_ratio_pct(0)
                .map(|r| mizan_core::number::round_half_away(r, 2)),
            p.total.provision,
            p.by_class.iter().map(|c| c.count).collect::<Vec<_>>()
        );
    }
    // Cross-check with scripts/bench/classify_tape.py (no chapter III there): the association
    // licence applies the same rules, so the class counts and PAR30 must agree.
    let assoc = def.licence("association").ok_or("no licence")?;
    if let Some(p) = run(&path, Some((def, assoc)), None, as_of, true, None)?.portfolio {
        println!(
            "association licence (compare with classify_tape.py): classes {:?}  PAR30 {}",
            p.by_class.iter().map(|c| c.count).collect::<Vec<_>>(),
            p.par.first().copied().unwrap_or_default()
        );
    }
    if let Some(p) = &with_previous.portfolio {
        let moved = p.migration.as_ref().map(|m| m.cells().len());
        println!(
            "with previous: migration cells {moved:?}, provisions {}",
            p.total.provision
        );
    }
    let t = full.time.as_secs_f64();
    println!(
        "target: < 0.5 s → {}",
        if t < 0.5 { "met" } else { "NOT met" }
    );
    Ok(())
}
