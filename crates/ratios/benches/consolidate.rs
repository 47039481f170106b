//! Consolidation speed: 1,000 synthetic institutions (both peer groups and some outside them,
//! every item of the APSFD return, previous quarter attached), one quarter and 40 quarters.
//!
//! Run with `cargo bench -p mizan-ratios --bench consolidate`. Target: one quarter < 100 ms.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mizan_core::framework::Unit;
use mizan_core::rng::XorShift64Star;
use mizan_core::{
    Attributes, Decimal, Framework, InstitutionCode, ItemValues, LegalForm, Period, Structure,
};
use mizan_ratios::{InstitutionReturn, Method, consolidate, quality_flags};

type Error = Box<dyn std::error::Error>;

const INSTITUTIONS: usize = 1_000;
const QUARTERS: usize = 40;

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

fn quarters(fw: &Framework, first: Period) -> Result<Vec<(Period, Vec<InstitutionReturn>)>, Error> {
    let mut rng = XorShift64Star::new(0x9E37_79B9_7F4A_7C15);
    let codes: Vec<InstitutionCode> = (0..INSTITUTIONS)
        .map(|i| InstitutionCode::parse(&format!("I{i:04}")))
        .collect::<Result<_, _>>()?;
    let mut previous: Vec<Option<ItemValues>> = vec![None; INSTITUTIONS];
    let mut period = first;
    let mut out = Vec::with_capacity(QUARTERS);
    for _ in 0..QUARTERS {
        let mut returns = Vec::with_capacity(INSTITUTIONS);
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

fn main() -> Result<(), Error> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks/apsfd-ci.toml");
    let fw = Framework::from_file(&path)?;
    let items = fw.items.iter().filter(|i| !i.is_total()).count();

    let started = Instant::now();
    let data = quarters(&fw, Period::parse("2010-Q1")?)?;
    let generated = started.elapsed();
    println!(
        "generated {QUARTERS} quarters × {INSTITUTIONS} institutions × {items} items in {}",
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
        "consolidate 1 quarter ({INSTITUTIONS} institutions, {} rows × {} columns): best {}, median {}",
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
    let t = Instant::now();
    let first = mizan_ratios::protect(&fw, &table, &[])?;
    let protect_first = t.elapsed();
    let late = returns.len() - 1;
    let partial = consolidate(&fw, *period, &returns[..late])?;
    let earlier = mizan_ratios::protect(&fw, &partial, &[])?;
    let t = Instant::now();
    let second = mizan_ratios::protect(
        &fw,
        &table,
        &[mizan_ratios::Publication {
            table: &partial,
            result: &earlier,
        }],
    )?;
    println!(
        "disclosure control: {} ({} of {} figures suppressed); republication after 1 late return: {} ({} suppressed)",
        ms(protect_first),
        first.suppressed().count(),
        first.cells.len(),
        ms(t.elapsed()),
        second.suppressed().count()
    );

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
        "consolidate {QUARTERS} quarters: {} ({} per quarter, {cells} cells)",
        ms(all),
        ms(all / u32::try_from(QUARTERS)?)
    );
    Ok(())
}
