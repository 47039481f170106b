//! Consolidation and disclosure control speed: synthetic institutions (both peer groups and
//! some outside them, every item of the APSFD return, previous quarter attached), one quarter
//! and several quarters.
//!
//! Run with `cargo bench -p mizan-ratios --bench consolidate`. Target: one quarter of 1,000
//! institutions < 100 ms; `protect` of 1,000 institutions ≤ 1 s, of 4,000 ≤ 4 s.
//!
//! Parameters (environment):
//! - `MIZAN_BENCH_INSTITUTIONS`: the number of institutions (default 1,000);
//! - `MIZAN_BENCH_QUARTERS`: quarters generated and consolidated in the last step (default 40,
//!   at least 2: the last quarter is the one protected, with its previous quarter);
//! - `MIZAN_BENCH_RUNS`: runs of each `protect` (default 3), best and median reported;
//! - `MIZAN_BENCH_DUMP`: a file to write both disclosure results to, as JSON (to compare the
//!   answers of two versions of the code byte for byte).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mizan_core::framework::Unit;
use mizan_core::rng::XorShift64Star;
use mizan_core::{
    Attributes, Decimal, Framework, InstitutionCode, ItemValues, LegalForm, Period, Structure,
};
use mizan_ratios::{InstitutionReturn, Method, consolidate, quality_flags};

type Error = Box<dyn std::error::Error>;

/// A parameter from the environment, or its default.
fn param(name: &str, default: usize) -> Result<usize, Error> {
    match std::env::var(name) {
        Ok(v) => Ok(v.trim().replace(['_', ','], "").parse()?),
        Err(_) => Ok(default),
    }
}

fn attributes(i: usize) -> Attributes {
    let legal_form = match i % 10 {
        0..=3 => LegalForm::Sa,
        4 => LegalForm::Sarl,
        5..=7 => LegalForm::Mutual,
        8 => LegalForm::Cooperative,
        _ => LegalForm::Association,
    };
    Attributes {
        name: format!("Institution {i}"),
        legal_form,
        structure: if i.is_multiple_of(3) {
            Structure::DirectCredit
        } else {
            Structure::SavingsCredit
        },
        network_affiliated: i.is_multiple_of(4),
        collects_deposits: !i.is_multiple_of(5),
        framework: "apsfd-ci".into(),
        owner_group: i.is_multiple_of(50).then(|| format!("owner-{}", i / 50)),
        country: None,
        art44: false,
    }
}

/// Every plain item (not the totals, which are computed) with a plausible value.
fn values(fw: &Framework, rng: &mut XorShift64Star) -> ItemValues {
    fw.items
        .iter()
        .filter(|item| !item.is_total())
        .map(|item| {
            let value = match item.unit {
                Unit::Amount if item.signed => Decimal::from(rng.range(-50_000_000, 4_999_999_999)),
                Unit::Amount => Decimal::from(rng.range(0, 9_999_999_999)),
                Unit::Count => Decimal::from(rng.range(0, 19_999)),
                Unit::Rate => Decimal::new(rng.range(0, 2_999), 2),
            };
            (item.code.clone(), value)
        })
        .collect()
}

fn quarters(
    fw: &Framework,
    first: Period,
    institutions: usize,
    quarters: usize,
) -> Result<Vec<(Period, Vec<InstitutionReturn>)>, Error> {
    let mut rng = XorShift64Star::new(0x9E37_79B9_7F4A_7C15);
    let codes: Vec<InstitutionCode> = (0..institutions)
        .map(|i| InstitutionCode::parse(&format!("I{i:04}")))
        .collect::<Result<_, _>>()?;
    let mut previous: Vec<Option<ItemValues>> = vec![None; institutions];
    let mut period = first;
    let mut out = Vec::with_capacity(quarters);
    for _ in 0..quarters {
        let mut returns = Vec::with_capacity(institutions);
        for (i, code) in codes.iter().enumerate() {
            let now = values(fw, &mut rng);
            returns.push(InstitutionReturn {
                code: code.clone(),
                attributes: attributes(i),
                values: now.clone(),
                previous: previous[i].replace(now),
            });
        }
        out.push((period, returns));
        period = period.next();
    }
    Ok(out)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The processor time this thread has used so far (Linux: `/proc/thread-self/schedstat`, in
/// nanoseconds), so that a run on a machine shared with other work still says what the work
/// itself cost; `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Best and median of a series of durations.
fn best_median(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (
        times.first().copied().unwrap_or_default(),
        times.get(times.len() / 2).copied().unwrap_or_default(),
    )
}

/// Runs `f` `runs` times: its last result, and the best and median wall and processor times.
fn timed<T>(runs: usize, mut f: impl FnMut() -> Result<T, Error>) -> Result<(T, String), Error> {
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    let mut out = None;
    for _ in 0..runs.max(1) {
        let (t, c) = (Instant::now(), cpu_time());
        out = Some(f()?);
        wall.push(t.elapsed());
        if let (Some(before), Some(after)) = (c, cpu_time()) {
            cpu.push(after.saturating_sub(before));
        }
    }
    let out = out.ok_or("no run")?;
    let n = wall.len();
    let (best, median) = best_median(wall);
    let mut said = format!("wall best {}, median {} of {n}", ms(best), ms(median));
    if !cpu.is_empty() {
        let (best, median) = best_median(cpu);
        said.push_str(&format!(
            "; processor best {}, median {}",
            ms(best),
            ms(median)
        ));
    }
    Ok((out, said))
}

fn main() -> Result<(), Error> {
    let institutions = param("MIZAN_BENCH_INSTITUTIONS", 1_000)?;
    let quarter_count = param("MIZAN_BENCH_QUARTERS", 40)?.max(2);
    let protect_runs = param("MIZAN_BENCH_RUNS", 3)?;
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks/apsfd-ci.toml");
    let fw = Framework::from_file(&path)?;
    let items = fw.items.iter().filter(|i| !i.is_total()).count();

    let started = Instant::now();
    let data = quarters(&fw, Period::parse("2010-Q1")?, institutions, quarter_count)?;
    let generated = started.elapsed();
    println!(
        "generated {quarter_count} quarters × {institutions} institutions × {items} items in {}",
        ms(generated)
    );

    // One quarter (the last, which has a previous quarter for trends): best and median of 7.
    let (period, returns) = data.last().ok_or("no data")?;
    let mut runs = Vec::new();
    let mut table = None;
    for _ in 0..7 {
        let t = Instant::now();
        table = Some(consolidate(&fw, *period, returns)?);
        runs.push(t.elapsed());
    }
    runs.sort();
    let table = table.ok_or("no table")?;
    println!(
        "consolidate 1 quarter ({institutions} institutions, {} rows × {} columns): best {}, median {}",
        table.rows.len(),
        table.groups.len(),
        ms(runs[0]),
        ms(runs[runs.len() / 2])
    );

    let t = Instant::now();
    let json = serde_json::to_string(&table)?;
    println!(
        "serialize the table to JSON: {} ({:.1} MB, of which per-institution values are most)",
        ms(t.elapsed()),
        json.len() as f64 / 1e6
    );
    let t = Instant::now();
    let rows =
        table.export_rows(Method::Pooled).len() + table.display_rows(Method::Published).len();
    println!(
        "export rows (pooled) + display rows (published), {rows} rows: {}",
        ms(t.elapsed())
    );

    // Disclosure control of that table, then of a republication with one late return.
    let (first, said) = timed(protect_runs, || {
        Ok(mizan_ratios::protect(&fw, &table, &[])?)
    })?;
    println!(
        "disclosure control, {institutions} institutions: {said} ({} of {} figures suppressed)",
        first.suppressed().count(),
        first.cells.len(),
    );
    let late = returns.len() - 1;
    let partial = consolidate(&fw, *period, &returns[..late])?;
    let earlier = mizan_ratios::protect(&fw, &partial, &[])?;
    let (second, said) = timed(protect_runs, || {
        Ok(mizan_ratios::protect(
            &fw,
            &table,
            &[mizan_ratios::Publication {
                table: &partial,
                result: &earlier,
            }],
        )?)
    })?;
    println!(
        "republication after 1 late return: {said} ({} suppressed)",
        second.suppressed().count()
    );
    if let Ok(dump) = std::env::var("MIZAN_BENCH_DUMP") {
        std::fs::write(
            &dump,
            serde_json::to_string_pretty(&[&earlier, &first, &second])?,
        )?;
        println!("disclosure results written to {dump}");
    }

    let t = Instant::now();
    let flags = quality_flags(&fw, *period, returns);
    println!(
        "quality flags of 1 quarter: {} ({} flags)",
        ms(t.elapsed()),
        flags.len()
    );

    let t = Instant::now();
    let mut cells = 0;
    for (period, returns) in &data {
        let table = consolidate(&fw, *period, returns)?;
        cells += table.rows.iter().map(|r| r.cells.len()).sum::<usize>();
    }
    let all = t.elapsed();
    println!(
        "consolidate {quarter_count} quarters: {} ({} per quarter, {cells} cells)",
        ms(all),
        ms(all / u32::try_from(quarter_count)?)
    );
    Ok(())
}
