//! The xlsx loan tape against calamine's own streaming cell reader: the same 1,000,000-row
//! synthetic tape as the CSV benchmark, written as a workbook (dates as date cells, amounts as
//! numbers, flags as booleans), read (a) by calamine's `worksheet_cells_reader` alone, touching
//! every cell, and (b) by `read_tape_xlsx` with every check. Target: (b) within 1.2 × (a),
//! bounded memory. Then (c) the checks the service runs before opening the workbook
//! (`check_xlsx_reader`: shared strings, styles, the sheet's texts and tags, streamed).
//!
//! `cargo bench -p mizan-ingest --bench xlsx_tape` (rows: `MIZAN_BENCH_ROWS`).

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use mizan_ingest::loans::{TapeOptions, read_tape_xlsx, write_synthetic_tape};

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

fn write_xlsx(csv: &[u8], path: &Path) -> Result<(), Box<dyn Error>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Prêts")?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("epoch")?;
    let mut names: Vec<String> = Vec::new();
    let text = std::str::from_utf8(csv)?;
    for (r, line) in text.lines().enumerate() {
        let row = u32::try_from(r)?;
        for (c, f) in line.split(',').enumerate() {
            let col = u16::try_from(c)?;
            if r == 0 {
                names.push(f.to_owned());
                ws.write_string(row, col, f)?;
                continue;
            }
            if f.is_empty() {
                continue;
            }
            let name = names.get(c).map_or("", String::as_str);
            if name.ends_with("date") || name.starts_with("first_due") {
                let d = NaiveDate::parse_from_str(f, "%Y-%m-%d")?;
                ws.write_number_with_format(row, col, (d - epoch).num_days() as f64, &date)?;
            } else if f == "true" || f == "false" {
                ws.write_boolean(row, col, f == "true")?;
            } else if !name.ends_with("_id")
                && let Ok(x) = f.parse::<f64>()
            {
                ws.write_number(row, col, x)?;
            } else {
                ws.write_string(row, col, f)?;
            }
        }
    }
    wb.save(path)?;
    Ok(())
}

fn calamine_only(path: &Path) -> Result<(u64, usize), Box<dyn Error>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path)?;
    let name = wb.sheet_names().into_iter().next().ok_or("no sheet")?;
    let mut cells = wb.worksheet_cells_reader(&name)?;
    let (mut n, mut bytes) = (0u64, 0usize);
    while let Some(c) = cells.next_cell()? {
        n += 1;
        bytes += match c.get_value() {
            DataRef::String(s) => s.len(),
            DataRef::SharedString(s) => s.len(),
            DataRef::Float(f) => usize::from(*f > 0.0),
            _ => 1,
        };
    }
    Ok((n, bytes))
}

fn main() -> Result<(), Box<dyn Error>> {
    let rows: u64 = std::env::var("MIZAN_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let as_of = NaiveDate::from_ymd_opt(2023, 6, 30).ok_or("date")?;
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bam-tape-{rows}.xlsx"));
    if !path.exists() {
        let start = Instant::now();
        let mut csv = Vec::new();
        write_synthetic_tape(&mut csv, rows, 42, as_of)?;
        write_xlsx(&csv, &path)?;
        println!(
            "generated {} in {:.1} s",
            path.display(),
            start.elapsed().as_secs_f64()
        );
    }
    println!(
        "workbook: {} ({:.1} MB)",
        path.display(),
        std::fs::metadata(&path)?.len() as f64 / 1e6
    );
    let mut base = f64::MAX;
    reset_peak();
    for _ in 0..3 {
        let start = Instant::now();
        let (cells, _) = calamine_only(&path)?;
        let t = start.elapsed().as_secs_f64();
        base = base.min(t);
        println!("calamine cell reader alone: {t:.3} s ({cells} cells)");
    }
    println!("  peak RSS {:.1} MB", peak_rss_mb());
    let mut ours = f64::MAX;
    reset_peak();
    for _ in 0..3 {
        let start = Instant::now();
        let mut options = TapeOptions::new(as_of, 4);
        options.expected_rows = rows as usize;
        let file = std::fs::File::open(&path)?;
        let mut outstanding = mizan_core::Decimal::ZERO;
        let report = read_tape_xlsx(
            file,
            None,
            &options,
            |_| {},
            |_, loan, _| {
                outstanding += loan.outstanding_principal;
            },
        );
        let t = start.elapsed().as_secs_f64();
        ours = ours.min(t);
        if report.is_blocked() {
            return Err(format!("refused: {:?}", report.issues.first()).into());
        }
        println!(
            "read_tape_xlsx (every check): {t:.3} s ({} loans, outstanding {outstanding})",
            report.data.loans
        );
    }
    println!("  peak RSS {:.1} MB", peak_rss_mb());
    println!(
        "ratio {:.2} (target ≤ 1.20 → {})",
        ours / base,
        if ours / base <= 1.2 { "met" } else { "NOT met" }
    );
    // What the service does first: the archive's directory, then the parts read whole and the
    // sheet's texts and tags, streamed (`check_xlsx_reader` with the tape limits).
    let limits = mizan_ingest::Limits {
        max_file_bytes: 300_000_000,
        max_uncompressed_bytes: 2_000_000_000,
        max_shared_strings: 2_000_000,
        max_shared_strings_bytes: 80_000_000,
        ..mizan_ingest::Limits::default()
    };
    let mut check = f64::MAX;
    reset_peak();
    for _ in 0..3 {
        let start = Instant::now();
        let file = std::io::BufReader::new(std::fs::File::open(&path)?);
        let size = std::fs::metadata(&path)?.len();
        if let Some(issue) = mizan_ingest::check_xlsx_reader(file, size, &limits) {
            return Err(format!("refused: {issue}").into());
        }
        let t = start.elapsed().as_secs_f64();
        check = check.min(t);
        println!("check_xlsx_reader (before opening): {t:.3} s");
    }
    println!("  peak RSS {:.1} MB", peak_rss_mb());
    println!(
        "check + read: {:.2} × the cell reader alone",
        (check + ours) / base
    );
    Ok(())
}
