//! Peak memory of refusing workbook bombs and of reading a large legitimate tape, measured by the
//! counting global allocator of this test binary (`main.rs`).
//!
//! The allocator counts every thread of the binary: the measured sections hold a lock against
//! each other, but other tests may run at the same time, so a figure is an upper bound. For the
//! figures of docs/benchmarks.md run them alone:
//! `cargo test -p mizan-ingest --test it memory -- --test-threads=1 --nocapture`
//! (`MIZAN_MEMORY_LOANS` sets the rows of the legitimate tape, 200,000 by default).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::sync::Mutex;

use chrono::NaiveDate;
use mizan_core::{Issue, IssueKind, Place, WorkbookMeasure};
use mizan_ingest::loans::{TapeOptions, read_tape_xlsx, write_synthetic_tape};
use mizan_ingest::{Limits, check_xlsx_reader, read_returns, write_template};
use zip::write::SimpleFileOptions;

use super::{ALLOC, TestResult, apsfd, codes, frameworks};

type Error = Box<dyn std::error::Error>;

/// What any upload may cost to refuse or read.
const BUDGET: usize = 300 * 1024 * 1024;

/// What refusing a bomb may cost here. Refusing one allocates a few hundred kB to a few MB
/// (docs/benchmarks.md, measured with `--test-threads=1`); the counter is the whole process's,
/// and the other tests of this binary run at the same time, so their allocations count too.
/// The bound is set above that noise and far below what the bombs ask for (hundreds of MB to
/// gigabytes): any regression towards reading them fails.
pub(crate) const REFUSAL_BUDGET: usize = 64 * 1024 * 1024;

static MEASURING: Mutex<()> = Mutex::new(());

/// Held for the whole of a test that measures: the bombs and tapes another measuring test
/// builds (outside its own measure) would otherwise count in this one's.
pub(crate) fn alone() -> std::sync::MutexGuard<'static, ()> {
    MEASURING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` and gives its result with the peak of bytes allocated during it, above what was
/// allocated before (call it while holding [`alone`]).
pub(crate) fn peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let out = f();
    (out, ALLOC.peak_usage().saturating_sub(base))
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The limits the service puts on a loan tape (config/default.toml).
fn tape_limits() -> Limits {
    Limits {
        max_file_bytes: 300_000_000,
        max_uncompressed_bytes: 2_000_000_000,
        max_rows: 2_000_000,
        max_shared_strings: 2_000_000,
        max_shared_strings_bytes: 80_000_000,
        ..Limits::default()
    }
}

/// An archive of `members`, with `part` (added or replacing one) written as `head`, `unit`
/// `times` times, then `tail` — streamed, so that building a bomb does not hold it inflated.
fn bomb(
    members: &[(String, Vec<u8>)],
    part: &str,
    head: &str,
    unit: &str,
    times: usize,
    tail: &str,
) -> Result<Vec<u8>, Error> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    for (name, data) in members.iter().filter(|(n, _)| n != part) {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(data)?;
    }
    writer.start_file(part, options)?;
    writer.write_all(head.as_bytes())?;
    let per_chunk = (1 << 20) / unit.len().max(1);
    let chunk = unit.repeat(per_chunk);
    let mut left = times;
    while left > 0 {
        let n = left.min(per_chunk);
        writer.write_all(&chunk.as_bytes()[..n * unit.len()])?;
        left -= n;
    }
    writer.write_all(tail.as_bytes())?;
    Ok(writer.finish()?.into_inner())
}

const SST_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
    <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";

fn over(what: WorkbookMeasure, limit: u64) -> Issue {
    Issue::blocking(Place::File, IssueKind::WorkbookTooLarge { what, limit })
}

/// The return template, as members.
fn template_members() -> Result<Vec<(String, Vec<u8>)>, Error> {
    let fw = apsfd()?;
    let bytes = write_template(
        &fw,
        mizan_core::Period::parse("2016-Q1")?,
        None,
        None,
        &crate::french(),
    )?;
    super::xlsx::unzip(&bytes)
}

#[test]
fn a_returns_workbook_with_millions_of_empty_shared_strings_is_refused_in_little_memory()
-> TestResult {
    let _alone = alone();
    // 30 million `<si/>`: 150 MB uncompressed, under the 200 MB archive limit.
    let bytes = bomb(
        &template_members()?,
        "xl/sharedStrings.xml",
        SST_HEAD,
        "<si/>",
        30_000_000,
        "</sst>",
    )?;
    let frameworks = frameworks()?;
    let limits = Limits::default();
    let (read, used) = peak(|| read_returns(&bytes, &frameworks, &limits));
    println!(
        "returns bomb ({} kB, 30,000,000 <si/>): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    assert_eq!(
        read.issues,
        [over(
            WorkbookMeasure::SharedStringsBytes,
            limits.max_shared_strings_bytes
        )]
    );
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));

    // 3 million (15 MB, under the size limit): counted while streaming, refused at 100,001.
    let bytes = bomb(
        &template_members()?,
        "xl/sharedStrings.xml",
        SST_HEAD,
        "<si/>",
        3_000_000,
        "</sst>",
    )?;
    let (read, used) = peak(|| read_returns(&bytes, &frameworks, &limits));
    println!(
        "returns bomb ({} kB, 3,000,000 <si/>): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert_eq!(
        read.issues,
        [over(
            WorkbookMeasure::SharedStrings,
            limits.max_shared_strings
        )]
    );
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));
    Ok(())
}

/// What the same bomb costs the workbook reader alone (no checks before it): run with
/// `--ignored` for the figure of docs/benchmarks.md.
#[test]
#[ignore = "allocates about a gigabyte, for the comparison in docs/benchmarks.md"]
fn the_workbook_reader_alone_on_the_returns_bomb() -> TestResult {
    let _alone = alone();
    use calamine::{Reader, Xlsx};
    let bytes = bomb(
        &template_members()?,
        "xl/sharedStrings.xml",
        SST_HEAD,
        "<si/>",
        30_000_000,
        "</sst>",
    )?;
    let (opened, used) = peak(|| Xlsx::new(Cursor::new(&bytes)).map(|b| b.sheet_names().len()));
    println!(
        "returns bomb ({} kB), calamine alone: opened {:?}, peak {}",
        bytes.len() / 1000,
        opened.ok(),
        mb(used)
    );
    Ok(())
}

#[test]
fn a_declared_count_of_shared_strings_is_not_trusted() -> TestResult {
    let _alone = alone();
    // The workbook reader reserves room for `uniqueCount` entries at once: 4e9 × 24 bytes.
    let head = SST_HEAD.replace("<sst ", "<sst uniqueCount=\"4000000000\" ");
    let fws = frameworks()?;
    let bytes = bomb(
        &template_members()?,
        "xl/sharedStrings.xml",
        &head,
        "<si><t>x</t></si>",
        3,
        "</sst>",
    )?;
    let (read, used) = peak(|| read_returns(&bytes, &fws, &Limits::default()));
    assert_eq!(codes(&read.issues), ["workbook_too_large@file"]);
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));
    Ok(())
}

#[test]
fn a_styles_bomb_is_refused() -> TestResult {
    let _alone = alone();
    let members = template_members()?;
    let fws = frameworks()?;
    // 1.5 million style records in 7.5 MB: under the part limit, over the count.
    let head = "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs>";
    let bytes = bomb(
        &members,
        "xl/styles.xml",
        head,
        "<xf/>",
        1_500_000,
        "</cellXfs></styleSheet>",
    )?;
    let (read, used) = peak(|| read_returns(&bytes, &fws, &Limits::default()));
    assert_eq!(read.issues, [over(WorkbookMeasure::Styles, 100_000)]);
    println!(
        "styles bomb ({} kB): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));
    // 40 million records (200 MB): refused from the archive's directory, nothing inflated.
    let bytes = bomb(
        &members,
        "xl/styles.xml",
        head,
        "<xf/>",
        40_000_000,
        "</cellXfs></styleSheet>",
    )?;
    let (read, used) = peak(|| read_returns(&bytes, &fws, &Limits::default()));
    assert_eq!(
        read.issues,
        [over(WorkbookMeasure::PartBytes, 8 * 1024 * 1024)]
    );
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));
    Ok(())
}

/// The parts of a one-sheet workbook around a sheet and a shared-strings table.
fn workbook_members(sheet: Vec<u8>, strings: Option<Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut members = vec![
        (
            "[Content_Types].xml".to_owned(),
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
                .as_bytes()
                .to_vec(),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            )
            .into_bytes(),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(
                "<?xml version=\"1.0\"?><workbook xmlns=\"{ns}\" xmlns:r=\"{rel}\"><sheets>\
                 <sheet name=\"Prêts\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            )
            .into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                 <Relationship Id=\"rId2\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
            )
            .into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml".to_owned(), sheet),
    ];
    if let Some(strings) = strings {
        members.push(("xl/sharedStrings.xml".to_owned(), strings));
    }
    members
}

fn sheet_head() -> String {
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>".to_owned()
}

const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// What the service does with an xlsx tape: check the archive, then stream the sheet.
fn refuse_or_read(bytes: &[u8]) -> (Vec<Issue>, u64) {
    let limits = tape_limits();
    let size = bytes.len() as u64;
    if let Some(issue) = check_xlsx_reader(Cursor::new(bytes), size, &limits) {
        return (vec![issue], 0);
    }
    let as_of = NaiveDate::from_ymd_opt(2023, 3, 31).unwrap_or(NaiveDate::MIN);
    let mut options = TapeOptions::new(as_of, 4);
    options.max_rows = limits.max_rows;
    options.max_columns = limits.max_columns;
    let mut loans = 0;
    let read = read_tape_xlsx(
        Cursor::new(bytes),
        None,
        &options,
        |_| {},
        |_, _, _| {
            loans += 1;
        },
    );
    let blocking = read.issues.into_iter().filter(Issue::is_blocking).collect();
    (blocking, loans)
}

#[test]
fn loan_tape_bombs_are_refused_in_little_memory() -> TestResult {
    let _alone = alone();
    let header = sheet_head() + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + SHEET_TAIL;
    let members = workbook_members(header.into_bytes(), None);

    // ≈ 440 kB: 90 million `<si/>`, 450 MB uncompressed (under the 2 GB tape archive limit).
    let bytes = bomb(
        &members,
        "xl/sharedStrings.xml",
        SST_HEAD,
        "<si/>",
        90_000_000,
        "</sst>",
    )?;
    let ((issues, _), used) = peak(|| refuse_or_read(&bytes));
    println!(
        "tape bomb ({} kB, 90,000,000 <si/>, 450 MB of XML): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert_eq!(
        issues,
        [over(WorkbookMeasure::SharedStringsBytes, 80_000_000)]
    );
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));

    // 15 million (75 MB, under the size limit): counted while streaming, refused at 2,000,001.
    let bytes = bomb(
        &members,
        "xl/sharedStrings.xml",
        SST_HEAD,
        "<si/>",
        15_000_000,
        "</sst>",
    )?;
    let ((issues, _), used) = peak(|| refuse_or_read(&bytes));
    println!(
        "tape bomb ({} kB, 15,000,000 <si/>, 75 MB of XML): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert_eq!(issues, [over(WorkbookMeasure::SharedStrings, 2_000_000)]);
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));

    // One row of 10 million cells: refused at the 200th column, before the row grows.
    let strings = format!("{SST_HEAD}<si><t>loan_id</t></si></sst>").into_bytes();
    let members = workbook_members(Vec::new(), Some(strings));
    let bytes = bomb(
        &members,
        "xl/worksheets/sheet1.xml",
        &(sheet_head() + "<row r=\"1\">"),
        "<c t=\"s\"><v>0</v></c>",
        10_000_000,
        &format!("</row>{SHEET_TAIL}"),
    )?;
    let ((issues, _), used) = peak(|| refuse_or_read(&bytes));
    println!(
        "tape bomb ({} kB, one row of 10,000,000 cells): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    let wide = Issue::blocking(
        Place::Sheet {
            sheet: "Prêts".into(),
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::Columns,
            limit: 200,
        },
    );
    assert!(issues.contains(&wide), "{issues:?}");
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));

    // One cell of 500 MB of text, which the sheet reader would hold whole (three times).
    let bytes = bomb(
        &members,
        "xl/worksheets/sheet1.xml",
        &(sheet_head() + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"),
        "a",
        500_000_000,
        &format!("</t></is></c></row>{SHEET_TAIL}"),
    )?;
    let ((issues, _), used) = peak(|| refuse_or_read(&bytes));
    println!(
        "tape bomb ({} kB, one cell of 500,000,000 characters): refused, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert_eq!(issues, [over(WorkbookMeasure::CellBytes, 2 * 1024 * 1024)]);
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));
    Ok(())
}

#[test]
fn a_csv_tape_of_one_endless_line_is_refused_in_little_memory() -> TestResult {
    let _alone = alone();
    use mizan_ingest::loans::read_tape;
    let mut tape = mizan_ingest::loans::COLUMNS.join(",").into_bytes();
    tape.push(b'\n');
    tape.resize(tape.len() + 100_000_000, b'7');
    let as_of = NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
    let options = TapeOptions::new(as_of, 4);
    let (read, used) = peak(|| read_tape(Cursor::new(&tape), &options, |_| {}, |_, _, _| {}));
    println!("CSV tape of one 100 MB line: refused, peak {}", mb(used));
    assert_eq!(codes(&read.issues), ["syntax@line 2", "header_only@file"]);
    assert!(used < REFUSAL_BUDGET, "{}", mb(used));
    Ok(())
}

/// Column letters of a 0-based index (A, …, Z, AA, …).
fn column(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A synthetic tape as Excel saves one: text (ids, dates, classes) in the shared-strings table,
/// numbers as numbers.
fn tape_xlsx(loans: u64) -> Result<Vec<u8>, Error> {
    let as_of = NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
    let mut csv = Vec::new();
    write_synthetic_tape(&mut csv, loans, 42, as_of)?;
    let csv = String::from_utf8(csv)?;
    let mut strings: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut sheet = sheet_head();
    let mut names: Vec<&str> = Vec::new();
    for (r, line) in csv.lines().enumerate() {
        write!(sheet, "<row r=\"{}\">", r + 1)?;
        for (c, field) in line.split(',').enumerate() {
            if r == 0 {
                names.push(field);
            }
            if field.is_empty() {
                continue;
            }
            let name = names.get(c).copied().unwrap_or("");
            let at = format!("{}{}", column(c), r + 1);
            if r > 0 && !name.ends_with("_id") && field.parse::<f64>().is_ok() {
                write!(sheet, "<c r=\"{at}\"><v>{field}</v></c>")?;
            } else {
                let next = order.len();
                let i = *strings.entry(field).or_insert(next);
                if i == next {
                    order.push(field);
                }
                write!(sheet, "<c r=\"{at}\" t=\"s\"><v>{i}</v></c>")?;
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str(SHEET_TAIL);
    let mut sst = SST_HEAD.replace("<sst ", &format!("<sst uniqueCount=\"{}\" ", order.len()));
    for s in &order {
        write!(sst, "<si><t>{s}</t></si>")?;
    }
    sst.push_str("</sst>");
    println!(
        "legitimate tape: {loans} loans, {} distinct strings ({} of table, {} of sheet XML)",
        order.len(),
        mb(sst.len()),
        mb(sheet.len())
    );
    let members = workbook_members(sheet.into_bytes(), Some(sst.into_bytes()));
    super::xlsx::zip(&members)
}

#[test]
fn a_large_legitimate_tape_is_read_within_the_budget() -> TestResult {
    let _alone = alone();
    let loans: u64 = std::env::var("MIZAN_MEMORY_LOANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let bytes = tape_xlsx(loans)?;
    let ((issues, read), used) = peak(|| refuse_or_read(&bytes));
    println!(
        "legitimate tape ({} kB, {loans} loans): {read} loans read, peak {}",
        bytes.len() / 1000,
        mb(used)
    );
    assert_eq!(issues, []);
    assert_eq!(read, loans);
    assert!(used < BUDGET, "{}", mb(used));
    Ok(())
}
