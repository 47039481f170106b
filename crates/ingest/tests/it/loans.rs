//! Loan tapes: the worked tapes read cleanly in both locales, every kind of bad row is reported
//! at its line and column, and the reader streams.

use std::io::Read;
use std::path::PathBuf;

use chrono::NaiveDate;
use mizan_core::loan::Loan;
use mizan_core::{Checked, Issue};
use mizan_ingest::loans::{COLUMNS, TapeOptions, TapeReport, read_tape};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/bam-mfi-examples")
        .join(name)
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 3, 31).unwrap_or(NaiveDate::MIN)
}

fn read(bytes: &[u8], parallel: bool) -> (Checked<TapeReport>, Vec<Loan>) {
    read_at(bytes, parallel, as_of())
}

fn read_at(bytes: &[u8], parallel: bool, as_of: NaiveDate) -> (Checked<TapeReport>, Vec<Loan>) {
    let mut loans = Vec::new();
    let mut options = TapeOptions::new(as_of, 4);
    options.parallel = parallel;
    options.batch_rows = 3;
    let report = read_tape(
        bytes,
        &options,
        |_| {},
        |_, loan, _| loans.push(loan.clone()),
    );
    (report, loans)
}

#[test]
fn the_worked_tape_reads_cleanly() -> TestResult {
    let bytes = std::fs::read(fixture("tape-2023q1.csv"))?;
    let (report, loans) = read(&bytes, true);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!((report.data.loans, report.data.rows), (27, 27));
    assert_eq!(report.data.delimiter, b',');
    let ex09 = loans.iter().find(|l| l.loan_id == "EX09").ok_or("EX09")?;
    assert_eq!(ex09.guarantee_covered.to_string(), "10000.00");
    assert_eq!(
        ex09.oldest_unpaid_due_date,
        NaiveDate::from_ymd_opt(2022, 12, 1)
    );
    let ex27 = loans.iter().find(|l| l.loan_id == "EX27").ok_or("EX27")?;
    assert_eq!(ex27.zone, None);
    let ex12 = loans.iter().find(|l| l.loan_id == "EX12").ok_or("EX12")?;
    assert_eq!(ex12.unlikely_to_pay_class, Some(2));
    let (_, single) = read(&bytes, false);
    assert_eq!(single, loans);
    Ok(())
}

/// The tape as French-locale spreadsheet software writes it: BOM, `;`, decimal comma,
/// non-breaking and thin spaces in thousands, dates DD/MM/YYYY, CRLF.
fn french(text: &str) -> String {
    let mut out = String::from("\u{FEFF}");
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<String> = line
            .split(',')
            .map(|f| {
                if n > 0 && f.len() == 10 && f.as_bytes()[4] == b'-' {
                    format!("{}/{}/{}", &f[8..10], &f[5..7], &f[0..4])
                } else if n > 0
                    && f.contains('.')
                    && f.chars().all(|c| c.is_ascii_digit() || c == '.')
                {
                    let (int, frac) = f.split_once('.').unwrap_or((f, ""));
                    let grouped = if int.len() > 3 {
                        format!("{}\u{00A0}{}", &int[..int.len() - 3], &int[int.len() - 3..])
                    } else {
                        int.to_owned()
                    };
                    format!("{grouped},{frac}")
                } else {
                    f.to_owned()
                }
            })
            .collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    out
}

#[test]
fn french_locale_tapes_read_the_same() -> TestResult {
    let text = std::fs::read_to_string(fixture("tape-2023q2.csv"))?;
    let fr = french(&text);
    assert!(
        fr.contains("15/09/2022") && fr.contains("40\u{00A0}000,00"),
        "{fr}"
    );
    let q2 = NaiveDate::from_ymd_opt(2023, 6, 30).ok_or("date")?;
    let (plain, a) = read_at(text.as_bytes(), true, q2);
    let (report, b) = read_at(fr.as_bytes(), false, q2);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(report.data.delimiter, b';');
    assert_eq!(plain.data.loans, report.data.loans);
    assert_eq!(a, b);
    Ok(())
}

const HEADER: &str = "loan_id,borrower_id,borrower_kind,zone,disbursement_date,principal_disbursed,outstanding_principal,accrued_interest,reserved_interest,guarantee_covered,oldest_unpaid_due_date,restructure_count,first_due_after_restructure,unpaid_during_observation,difficulties_resolved,unlikely_to_pay_class,recovery_compromised";
const GOOD: &str = "L1,B1,woman,urban,2022-09-15,12000.00,8400.00,105.00,0.00,0.00,2023-03-01,0,,false,false,,false";

/// A tape of the good row then the good row with `column` set to `value` (loan id L2), and the
/// issues expected, rendered.
#[track_caller]
fn check(column: &str, value: &str, expected: &[&str]) {
    let at = COLUMNS
        .iter()
        .position(|c| *c == column)
        .unwrap_or(usize::MAX);
    let mut fields: Vec<String> = GOOD.split(',').map(str::to_owned).collect();
    fields[0] = "L2".into();
    if let Some(f) = fields.get_mut(at) {
        *f = if value.contains(',') {
            format!("\"{value}\"")
        } else {
            value.to_owned()
        };
    }
    let tape = format!("{HEADER}\n{GOOD}\n{}\n", fields.join(","));
    let (report, loans) = read(tape.as_bytes(), true);
    let got: Vec<String> = report.issues.iter().map(ToString::to_string).collect();
    assert_eq!(got, expected, "{column}={value:?}");
    let blocked = report.issues.iter().any(Issue::is_blocking);
    assert_eq!(
        loans.len(),
        if blocked { 1 } else { 2 },
        "{column}={value:?}"
    );
}

#[test]
fn bad_values_are_reported_at_their_line_and_column() {
    check(
        "loan_id",
        "L1",
        &["line 3, column loan_id: loan \"L1\" is given twice (first at line 2)"],
    );
    check(
        "loan_id",
        "",
        &["line 3, column loan_id: loan_id: a value is required"],
    );
    check(
        "borrower_kind",
        "child",
        &[
            "line 3, column borrower_kind: borrower_kind: \"child\" is not valid; expected man, woman or legal_entity",
        ],
    );
    check("borrower_kind", "Woman", &[]);
    check("zone", "", &[]);
    check(
        "zone",
        "suburb",
        &[
            "line 3, column zone: zone: \"suburb\" is not valid; expected urban, periurban, rural, mobile or empty",
        ],
    );
    check(
        "disbursement_date",
        "2023-04-01",
        &[
            "line 3, column disbursement_date: disbursement_date: 2023-04-01 is after the quarter-end 2023-03-31",
        ],
    );
    check(
        "disbursement_date",
        "31/02/2023",
        &[
            "line 3, column disbursement_date: disbursement_date: \"31/02/2023\" is not a date; write YYYY-MM-DD or DD/MM/YYYY",
        ],
    );
    check("disbursement_date", "15/09/2022", &[]);
    check(
        "oldest_unpaid_due_date",
        "2023-04-15",
        &[
            "line 3, column oldest_unpaid_due_date: oldest_unpaid_due_date: 2023-04-15 is after the quarter-end 2023-03-31",
        ],
    );
    check("oldest_unpaid_due_date", "2023-03-31", &[]);
    // Interest due and unpaid (105.00) but no unpaid due date: a warning naming line 3.
    check(
        "oldest_unpaid_due_date",
        "",
        &[
            "line 3, column oldest_unpaid_due_date: interest due and unpaid 105.00 but no oldest_unpaid_due_date",
        ],
    );
    check(
        "outstanding_principal",
        "-5.00",
        &["line 3, column outstanding_principal: this amount cannot be negative (found -5)"],
    );
    check(
        "outstanding_principal",
        "12.5.0",
        &["line 3, column outstanding_principal: value \"12.5.0\" is not a number"],
    );
    check(
        "outstanding_principal",
        "1,234",
        &[
            "line 3, column outstanding_principal: value \"1,234\" is ambiguous (decimal mark or thousands separator?); write it without thousands separators, with the file's decimal mark",
        ],
    );
    check("outstanding_principal", "8 400.00", &[]);
    check(
        "outstanding_principal",
        "",
        &["line 3, column outstanding_principal: outstanding_principal: a value is required"],
    );
    check(
        "outstanding_principal",
        "13000",
        &[
            "line 3, column outstanding_principal: outstanding principal 13000 exceeds the principal disbursed 12000.00",
        ],
    );
    check(
        "reserved_interest",
        "9000.00",
        &[
            "line 3, column reserved_interest: reserved interest 9000.00 exceeds the receivable 8505.00 (outstanding principal + accrued interest)",
        ],
    );
    check(
        "reserved_interest",
        "200.00",
        &[
            "line 3, column reserved_interest: reserved interest 200.00 exceeds the accrued interest 105.00",
        ],
    );
    check(
        "restructure_count",
        "1.5",
        &["line 3, column restructure_count: a count must be a whole number (found 1.5)"],
    );
    check(
        "restructure_count",
        "-1",
        &["line 3, column restructure_count: a count cannot be negative (found -1)"],
    );
    check("restructure_count", "2.0", &[]);
    check(
        "first_due_after_restructure",
        "2023-05-01",
        &[
            "line 3, column first_due_after_restructure: first_due_after_restructure given for a loan that was never restructured (restructure_count is 0)",
        ],
    );
    check(
        "unpaid_during_observation",
        "maybe",
        &[
            "line 3, column unpaid_during_observation: unpaid_during_observation: \"maybe\" is not valid; expected true or false",
        ],
    );
    check(
        "recovery_compromised",
        "",
        &["line 3, column recovery_compromised: recovery_compromised: a value is required"],
    );
    check("recovery_compromised", "VRAI", &[]);
    check(
        "unlikely_to_pay_class",
        "5",
        &[
            "line 3, column unlikely_to_pay_class: unlikely_to_pay_class: \"5\" is not valid; expected empty or a class from 1 to 4",
        ],
    );
    check(
        "unlikely_to_pay_class",
        "0",
        &[
            "line 3, column unlikely_to_pay_class: unlikely_to_pay_class: \"0\" is not valid; expected empty or a class from 1 to 4",
        ],
    );
}

#[test]
fn the_refinanced_loan_is_read_when_its_column_is_given() -> TestResult {
    // Optional column (art. 8): absent, every loan refinances nothing; given, empty or an id.
    let (report, loans) = read(format!("{HEADER}\n{GOOD}\n").as_bytes(), true);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(
        loans.first().map(|l| l.refinances_loan_id.clone()),
        Some(None)
    );
    let tape = format!(
        "{HEADER},refinances_loan_id\n{GOOD},\n{},OLD-7\n",
        GOOD.replacen("L1", "L2", 1)
    );
    let (report, loans) = read(tape.as_bytes(), true);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    let refinanced: Vec<Option<&str>> = loans
        .iter()
        .map(|l| l.refinances_loan_id.as_deref())
        .collect();
    assert_eq!(refinanced, [None, Some("OLD-7")]);
    Ok(())
}

#[test]
fn every_issue_of_a_row_is_reported() {
    let tape = format!("{HEADER}\nL1,,robot,urban,2024-01-01,x,-1,0,0,0,,a,,false,false,,false\n");
    let (report, loans) = read(tape.as_bytes(), false);
    let got: Vec<String> = report.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "line 2, column borrower_id: borrower_id: a value is required",
            "line 2, column borrower_kind: borrower_kind: \"robot\" is not valid; expected man, woman or legal_entity",
            "line 2, column disbursement_date: disbursement_date: 2024-01-01 is after the quarter-end 2023-03-31",
            "line 2, column principal_disbursed: value \"x\" is not a number",
            "line 2, column outstanding_principal: this amount cannot be negative (found -1)",
            "line 2, column restructure_count: value \"a\" is not a number",
        ]
    );
    assert!(loans.is_empty());
}

#[test]
fn file_level_issues() {
    let render = |tape: &str| -> Vec<String> {
        read(tape.as_bytes(), true)
            .0
            .issues
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(render(""), ["file: the file is empty"]);
    assert_eq!(render("\u{FEFF}  \n"), ["file: the file is empty"]);
    assert_eq!(
        render(&format!("{HEADER}\n")),
        ["file: the file has a header but no data"]
    );
    let no_zone = HEADER.replace(",zone", "");
    let row = GOOD.replace(",urban", "");
    assert_eq!(render(&format!("{no_zone}\n{row}\n")), Vec::<String>::new());
    let missing = render(&format!(
        "{}\n{GOOD}\n",
        HEADER.replace("reserved_interest,", "")
    ));
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0].starts_with("file: missing column(s) reserved_interest;"),
        "{missing:?}"
    );
    let extra = render(&format!("{HEADER},branch\n{GOOD},Fès\n"));
    assert_eq!(
        extra,
        ["line 1, column branch: column \"branch\" is not part of the format and is ignored"]
    );
    let short = render(&format!("{HEADER}\n{GOOD}\nL2,B2\n"));
    assert_eq!(short, ["line 3: 2 field(s) where the header has 17"]);
    // Blank lines and CRLF terminators do not shift the line numbers.
    let crlf = format!(
        "{HEADER}\r\n{GOOD}\r\n\r\n{}\r\n",
        GOOD.replace("L1", "L2").replace(",woman,", ",girl,")
    );
    assert_eq!(
        render(&crlf),
        [
            "line 4, column borrower_kind: borrower_kind: \"girl\" is not valid; expected man, woman or legal_entity"
        ]
    );
    let quoted = format!(
        "{HEADER}\n{}\n{}\n",
        GOOD.replace("B1", "\"B\n1\""),
        GOOD.replace("L1", "L1 ")
    );
    assert_eq!(
        render(&quoted),
        ["line 4, column loan_id: loan \"L1\" is given twice (first at line 2)"]
    );
    let twice = render(&format!("{HEADER},zone\n{GOOD},urban\n"));
    assert_eq!(
        twice,
        ["line 1, column zone: column \"zone\" appears twice"]
    );
}

#[test]
fn issues_beyond_the_limit_are_counted_and_still_block() {
    let mut tape = format!("{HEADER}\n");
    for i in 0..50 {
        tape.push_str(
            &GOOD
                .replace("L1", &format!("L{i}"))
                .replace("0,,false", "x,,false"),
        );
        tape.push('\n');
    }
    let mut options = TapeOptions::new(as_of(), 4);
    options.max_issues = 10;
    let report = read_tape(tape.as_bytes(), &options, |_| {}, |_, _, _| {});
    assert_eq!(report.issues.len(), 11);
    assert_eq!(report.data.issues_not_listed, 40);
    assert!(report.is_blocked());
    assert_eq!(
        report.issues[10].to_string(),
        "file: 40 further issues, 40 of them blocking, are not listed exceeds the limit (10)"
            .replace(
                " exceeds the limit (10)",
                &format!(" {}", report.issues[10].kind)
                    .split_once("listed")
                    .map_or(String::new(), |x| x.1.to_owned())
            )
    );
}

/// The issues kept are the first ones in line order, the parsing side's and the sink's
/// interleaved, however the rows are batched and whether parsing has a thread of its own; the
/// rest are counted alike.
#[test]
fn the_issues_kept_are_the_first_in_line_order_however_the_rows_travel() {
    let mut tape = format!("{HEADER}\n");
    for i in 0..40 {
        let row = GOOD.replace("L1", &format!("L{i:02}"));
        // Every third row unreadable (the parser's issue), the others the sink's warning.
        tape.push_str(&if i % 3 == 0 {
            row.replace("0,,false", "x,,false")
        } else {
            row
        });
        tape.push('\n');
    }
    let read = |parallel: bool, batch_rows: usize| {
        let mut options = TapeOptions::new(as_of(), 4);
        options.max_issues = 10;
        options.parallel = parallel;
        options.batch_rows = batch_rows;
        let report = read_tape(
            tape.as_bytes(),
            &options,
            |_| {},
            |line, _, issues: &mut Vec<Issue>| {
                issues.push(Issue::warning(
                    mizan_core::Place::line_column(line, "loan_id"),
                    mizan_core::IssueKind::HeaderOnly,
                ));
            },
        );
        let kept: Vec<String> = report.issues.iter().map(ToString::to_string).collect();
        (kept, report.data.issues_not_listed)
    };
    let (first, omitted) = read(false, 4096);
    assert_eq!(omitted, 30);
    assert_eq!(first.len(), 11, "{first:?}");
    // Lines 2 (unreadable), 3, 4 (the sink's), 5 (unreadable), … up to the tenth issue.
    assert!(
        first[0].starts_with("line 2, column restructure_count"),
        "{first:?}"
    );
    assert!(first[1].starts_with("line 3, column loan_id"), "{first:?}");
    assert!(
        first[9].starts_with("line 11, column restructure_count"),
        "{first:?}"
    );
    for parallel in [true, false] {
        for batch_rows in [1, 2, 3, 7, 4096] {
            assert_eq!(
                read(parallel, batch_rows),
                (first.clone(), omitted),
                "{parallel} {batch_rows}"
            );
        }
    }
}

#[test]
fn a_tape_beyond_the_row_limit_is_refused_while_streaming() {
    let mut tape = format!("{HEADER}\n");
    for i in 0..50 {
        tape.push_str(&GOOD.replace("L1", &format!("L{i:03}")));
        tape.push('\n');
    }
    for parallel in [true, false] {
        let mut options = TapeOptions::new(as_of(), 4);
        options.parallel = parallel;
        options.max_rows = 20;
        let mut seen = 0;
        let report = read_tape(tape.as_bytes(), &options, |_| {}, |_, _, _| seen += 1);
        assert!(report.is_blocked());
        assert!(seen <= 20, "{seen}");
        assert_eq!(
            report.issues.iter().map(|i| i.code()).collect::<Vec<_>>(),
            ["too_large"],
            "{:?}",
            report.issues
        );
    }
}

/// A reader that hands out its bytes a few at a time, like a slow upload.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(buf.len()).min(7);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn the_reader_streams_and_reports_progress() -> TestResult {
    let bytes = std::fs::read(fixture("tape-2023q2.csv"))?;
    let mut seen = Vec::new();
    let mut lines = Vec::new();
    let mut options = TapeOptions::new(NaiveDate::from_ymd_opt(2023, 6, 30).ok_or("date")?, 4);
    options.batch_rows = 4;
    let report = read_tape(
        Trickle(&bytes),
        &options,
        |b| seen.push(b),
        |line, _, _| lines.push(line),
    );
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last().copied(), Some(bytes.len() as u64));
    assert!(seen.len() >= 7, "{seen:?}");
    assert_eq!(lines, (2..=28).collect::<Vec<u64>>());
    Ok(())
}

// ---------------------------------------------------------------- xlsx

/// The tape as a workbook: dates as date cells, amounts and counts as numbers, flags as
/// booleans, empty fields as no cell.
fn to_xlsx(csv: &str, sheet: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("epoch")?;
    let mut names: Vec<String> = Vec::new();
    for (r, line) in csv.lines().enumerate() {
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
            } else if let Ok(x) = f.parse::<f64>()
                && !name.ends_with("_id")
            {
                ws.write_number(row, col, x)?;
            } else {
                ws.write_string(row, col, f)?;
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

#[test]
fn xlsx_tapes_read_like_csv() -> TestResult {
    use mizan_ingest::loans::read_tape_xlsx;
    let text = std::fs::read_to_string(fixture("tape-2023q1.csv"))?;
    let (_, from_csv) = read(text.as_bytes(), true);
    let book = to_xlsx(&text, "Prêts")?;
    let mut loans = Vec::new();
    let mut progress = Vec::new();
    let mut options = TapeOptions::new(as_of(), 4);
    options.batch_rows = 5;
    let report = read_tape_xlsx(
        std::io::Cursor::new(book),
        None,
        &options,
        |rows| progress.push(rows),
        |_, loan, _| loans.push(loan.clone()),
    );
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(report.data.loans, 27);
    assert_eq!(loans, from_csv);
    assert_eq!(progress.last(), Some(&28));
    Ok(())
}

#[test]
fn xlsx_issues_are_placed_at_their_cell() -> TestResult {
    use mizan_ingest::loans::read_tape_xlsx;
    let tape = format!(
        "{HEADER}\n{GOOD}\n{}\n{}\n",
        GOOD.replace("L1", "L2").replace("8400.00", "-3"),
        GOOD.replace(",urban,", ",city,")
    );
    let book = to_xlsx(&tape, "Tape")?;
    let report = read_tape_xlsx(
        std::io::Cursor::new(book),
        Some("Tape"),
        &TapeOptions::new(as_of(), 4),
        |_| {},
        |_, _, _| {},
    );
    let got: Vec<String> = report.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "Tape!G3: this amount cannot be negative (found -3)",
            "Tape!A4: loan \"L1\" is given twice (first at line 2)",
            "Tape!D4: zone: \"city\" is not valid; expected urban, periurban, rural, mobile or empty",
        ]
    );
    let bad = read_tape_xlsx(
        std::io::Cursor::new(b"not a zip".to_vec()),
        None,
        &TapeOptions::new(as_of(), 4),
        |_| {},
        |_, _, _| {},
    );
    assert_eq!(bad.issues.len(), 1);
    assert_eq!(bad.issues[0].code(), "not_a_workbook");
    Ok(())
}
