//! Ingestion benchmark: parse and validate 1,000 returns from one CSV file, and read 100
//! filled-in Excel templates. Synthetic data, generated deterministically.
//!
//! Run with `cargo bench -p mizan-ingest --bench ingest`. Targets: the 1,000 CSV returns well
//! under 2 s in total (parse + validate; storage comes later), under 50 ms per template.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::{Duration, Instant};

use mizan_core::framework::Unit;
use mizan_core::{Decimal, Framework, Frameworks, InstitutionCode, ItemValues, Period};
use mizan_ingest::{Limits, read_returns_csv, read_template, validate_return, write_template};

type Error = Box<dyn std::error::Error>;

/// A small deterministic generator (64-bit LCG, high bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A plausible value for an item: amounts with cents (some negative where allowed), whole
/// counts, rates with two decimals.
fn value(rng: &mut Lcg, unit: Unit, signed: bool) -> Decimal {
    match unit {
        Unit::Amount => {
            let cents = i64::try_from(rng.below(500_000_000_000)).unwrap_or(0);
            let v = Decimal::new(cents, 2);
            if signed && rng.below(5) == 0 { -v } else { v }
        }
        Unit::Count => Decimal::from(rng.below(20_000)),
        Unit::Rate => Decimal::new(i64::try_from(rng.below(3_000)).unwrap_or(0), 2),
    }
}

/// One return's values: every plain item (totals are left to their parts).
fn return_values(fw: &Framework, rng: &mut Lcg) -> Result<ItemValues, Error> {
    let mut values = ItemValues::new();
    for item in fw.items.iter().filter(|i| !i.is_total()) {
        values.insert(item.code.clone(), value(rng, item.unit, item.signed));
    }
    Ok(values)
}

fn csv_of(fw: &Framework, returns: usize, rng: &mut Lcg) -> Result<String, Error> {
    let mut out = String::from("institution,period,item,value\n");
    for r in 0..returns {
        let values = return_values(fw, rng)?;
        for (code, v) in &values {
            writeln!(out, "INST{r:04},2016-Q1,{code},{v}")?;
        }
    }
    Ok(out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Error> {
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks");
    let frameworks = Frameworks::load_dir(&config)?;
    let period = Period::from_str("2016-Q1")?;
    let fw = frameworks.get("apsfd-ci", period)?.clone();
    let limits = Limits::default();
    let mut rng = Lcg(0x4d49_5a41_4e21);

    // ---- 1,000 returns in one CSV file
    let csv = csv_of(&fw, 1_000, &mut rng)?;
    let lines = csv.lines().count() - 1;
    println!(
        "CSV: 1,000 returns, {lines} lines, {:.1} MB",
        csv.len() as f64 / 1e6
    );
    let mut parse_times = Vec::new();
    let mut validate_times = Vec::new();
    let mut blocked = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let read = read_returns_csv(csv.as_bytes(), &limits);
        let parsed = t.elapsed();
        if read.data.len() != 1_000 || read.is_blocked() {
            return Err(
                format!("read {} returns, issues {:?}", read.data.len(), read.issues).into(),
            );
        }
        let t = Instant::now();
        blocked = 0;
        for raw in &read.data {
            let checked = validate_return(raw, &fw, None);
            blocked += usize::from(checked.is_blocked());
        }
        validate_times.push(t.elapsed());
        parse_times.push(parsed);
    }
    if blocked != 0 {
        return Err(format!("{blocked} synthetic returns were refused").into());
    }
    let (parse, validate) = (median(parse_times), median(validate_times));
    println!(
        "CSV: parse {:.1} ms + validate {:.1} ms = {:.1} ms for 1,000 returns (median of 5)",
        ms(parse),
        ms(validate),
        ms(parse + validate)
    );

    // ---- 100 filled-in templates
    let mut templates = Vec::new();
    let t = Instant::now();
    for i in 0..100 {
        let code = InstitutionCode::parse(&format!("INST{i:04}"))?;
        let values = return_values(&fw, &mut rng)?;
        templates.push((
            write_template(
                &fw,
                period,
                Some((&code, "Institution")),
                Some(&values),
                &mizan_ingest::TemplateTexts::new(mizan_core::Lang::Fr, |t| format!("{t:?}")),
            )?,
            values,
        ));
    }
    let written = t.elapsed();
    let size = templates.iter().map(|(b, _)| b.len()).sum::<usize>() / templates.len();
    println!(
        "xlsx: wrote 100 pre-filled templates in {:.1} ms ({:.2} ms each, {size} bytes each)",
        ms(written),
        ms(written) / 100.0
    );
    let mut per_template = Vec::new();
    for (bytes, values) in &templates {
        let t = Instant::now();
        let read = read_template(bytes, &frameworks, &limits);
        let checked = validate_return(&read.data, &fw, None);
        per_template.push(t.elapsed());
        if read.is_blocked() || checked.is_blocked() || &checked.data != values {
            return Err(format!("template did not round-trip: {:?}", read.issues).into());
        }
    }
    let total: Duration = per_template.iter().sum();
    let worst = per_template.iter().max().copied().unwrap_or_default();
    println!(
        "xlsx: read + validate 100 templates in {:.1} ms: median {:.2} ms, worst {:.2} ms per template",
        ms(total),
        ms(median(per_template.clone())),
        ms(worst)
    );

    // ---- refusing a zip bomb: a template whose sheet holds 150,000 rows behind a small
    // dimension (refused at row 100,000 while streaming)
    let bomb = bomb(&templates.first().ok_or("no template")?.0)?;
    let t = Instant::now();
    let read = read_template(&bomb, &frameworks, &limits);
    let refused = t.elapsed();
    if !read.is_blocked() {
        return Err("the bomb was not refused".into());
    }
    println!(
        "xlsx: refused a {} KB zip bomb (150,000 rows, {:.1} MB inflated) in {:.1} ms",
        bomb.len() / 1024,
        "<row><c><v>1</v></c></row>".len() as f64 * 150_000.0 / 1e6,
        ms(refused)
    );
    if let Some(rss) = peak_rss_mb() {
        println!("peak resident memory of the whole run: {rss:.0} MB");
    }
    Ok(())
}

/// The template with its first section sheet replaced by 150,000 implied rows.
fn bomb(template: &[u8]) -> Result<Vec<u8>, Error> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(template))?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut member = archive.by_index(i)?;
        let name = member.name()?.into_owned();
        let mut data = Vec::new();
        member.read_to_end(&mut data)?;
        if name == "xl/worksheets/sheet2.xml" {
            data = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \
                 xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
                 <dimension ref=\"A1:D5\"/><sheetData>{}</sheetData></worksheet>",
                "<row><c><v>1</v></c></row>".repeat(150_000)
            )
            .into_bytes();
        }
        writer.start_file(name, options)?;
        writer.write_all(&data)?;
    }
    Ok(writer.finish()?.into_inner())
}
