//! Loan tapes as xlsx workbooks, read with calamine's streaming cell reader (the sheet is never
//! held whole): cells become the same text fields as a CSV row and go through the same checks.
//!
//! Numbers come from the workbook as `f64`; they are turned into text deliberately by the
//! shortest representation that reads back as the same `f64` (Rust's `Display`), then read as
//! exact decimals like any CSV field. Date cells (serial numbers with a date format, 1900 or
//! 1904 system) become `YYYY-MM-DD`.

use std::fmt::Write as _;
use std::io::{Read, Seek};
use std::sync::mpsc;

use calamine::{DataRef, Reader, Xlsx};
use mizan_core::issue::cell_ref;
use mizan_core::loan::Loan;
use mizan_core::number::DecimalMark;
use mizan_core::{Checked, Issue, IssueKind, Place, WorkbookMeasure};

use super::duplicates::Duplicates;
use super::fields::{Columns, RowParser, trim};
use super::split::Record;
use super::{Batch, IssueLog, TapeOptions, TapeReport, finish};

/// What the reading thread hands over: the sheet's name, then batches of rows (the header
/// first), or why the workbook cannot be read.
enum Message {
    Sheet(String),
    Rows(Batch),
    Failed(String),
}

/// Turns one cell into field text.
fn cell_text(value: &DataRef<'_>, out: &mut String) {
    out.clear();
    match value {
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => {
            let _ = write!(out, "{f}");
        }
        DataRef::String(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{m:02}-{day:02}");
        }
        DataRef::DateTime(d) => {
            let _ = write!(out, "{}", d.as_f64());
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            out.push_str(s.get(..10).filter(|_| s.len() > 10).unwrap_or(s));
        }
        DataRef::Error(e) => {
            let _ = write!(out, "{e}");
        }
        DataRef::Empty => {}
    }
}

/// Reads a loan tape from the first sheet of an xlsx workbook (or the sheet named `sheet`) and
/// hands every valid row to `sink`, like [`super::read_tape`]; issues are placed at their cell
/// (`Prêts!G12`). `progress` receives the number of rows read so far (an xlsx is compressed,
/// so bytes would not tell how far the reading is).
pub fn read_tape_xlsx<RS, P, S>(
    reader: RS,
    sheet: Option<&str>,
    options: &TapeOptions,
    mut progress: P,
    mut sink: S,
) -> Checked<TapeReport>
where
    RS: Read + Seek + Send,
    P: FnMut(u64),
    S: FnMut(u64, &Loan, &mut Vec<Issue>),
{
    let mut log = IssueLog::new(options.max_issues);
    let mut report = TapeReport::default();
    let batch_rows = options.batch_rows.max(1);
    let (full_tx, full_rx) = mpsc::sync_channel::<Message>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    for _ in 0..6 {
        let _ = empty_tx.send(Batch::with_rows(batch_rows));
    }
    let wanted = sheet.map(str::to_owned);
    let capacity = options.expected_rows.clamp(1 << 12, 1 << 26);

    let mut header: Option<(Vec<String>, RowParser)> = None;
    let mut sheet_name = String::new();
    let mut loan = Loan::default();
    let mut row_issues = IssueLog::new(options.max_issues);
    let mut scratch: Vec<Issue> = Vec::new();
    let max_issues = options.max_issues;
    let (max_rows, max_columns) = (options.max_rows, options.max_columns);
    let mut loans = 0u64;
    let mut rows_seen = 0u64;
    let mut failed = None;

    let outcome = std::thread::scope(|scope| {
        let (full_rx, empty_tx) = (full_rx, empty_tx);
        let handle = scope.spawn(move || -> (u64, IssueLog) {
            let fail = |e: String| {
                let _ = full_tx.send(Message::Failed(e));
                (0, IssueLog::new(0))
            };
            let mut workbook: Xlsx<RS> = match Xlsx::new(reader) {
                Ok(w) => w,
                Err(e) => return fail(e.to_string()),
            };
            let name = match wanted.or_else(|| workbook.sheet_names().into_iter().next()) {
                Some(n) => n,
                None => return fail("the workbook has no sheet".into()),
            };
            let mut cells = match workbook.worksheet_cells_reader(&name) {
                Ok(c) => c,
                Err(e) => return fail(e.to_string()),
            };
            // Rows and columns are checked as the cells stream, before a row grows: the header
            // and `max_rows` data rows, `max_columns` fields a row.
            let sheet_place = Place::Sheet {
                sheet: name.clone(),
            };
            let over = |row: u32, col: u32, fields: usize| {
                if u64::from(row) > max_rows {
                    Some((WorkbookMeasure::Rows, max_rows))
                } else if u64::from(col) >= max_columns
                    || u64::try_from(fields).unwrap_or(u64::MAX) >= max_columns
                {
                    Some((WorkbookMeasure::Columns, max_columns))
                } else {
                    None
                }
            };
            let refuse = |(what, limit): (WorkbookMeasure, u64)| {
                Issue::blocking(
                    sheet_place.clone(),
                    IssueKind::WorkbookTooLarge { what, limit },
                )
            };
            if full_tx.send(Message::Sheet(name)).is_err() {
                return (0, IssueLog::new(0));
            }
            let mut dups = Duplicates::with_capacity(capacity);
            let mut issues = IssueLog::new(max_issues);
            let mut text = String::new();
            let mut loan_id_at = None;
            let mut rows = 0u64;
            let mut pending: Option<(u32, u32)> = None;
            let mut pending_text = String::new();
            let mut done = false;
            let mut eof = false;
            while !done {
                let Ok(mut batch) = empty_rx.recv() else {
                    break;
                };
                batch.len = 0;
                while batch.len < batch.records.len() {
                    // One row: the cell left over from the previous row, then cells until the
                    // row changes.
                    let first = match pending.take() {
                        Some(at) => {
                            std::mem::swap(&mut text, &mut pending_text);
                            Some(at)
                        }
                        None if eof => None,
                        None => match cells.next_cell() {
                            Ok(Some(c)) => {
                                cell_text(c.get_value(), &mut text);
                                Some(c.get_position())
                            }
                            Ok(None) => None,
                            Err(e) => {
                                issues.push(Issue::blocking(
                                    Place::File,
                                    IssueKind::NotAWorkbook {
                                        reason: e.to_string(),
                                    },
                                ));
                                None
                            }
                        },
                    };
                    let Some((row, col)) = first else {
                        done = true;
                        break;
                    };
                    if let Some(limit) = over(row, col, 0) {
                        issues.push(refuse(limit));
                        done = true;
                        break;
                    }
                    let slot = batch.len;
                    let rec = &mut batch.records[slot];
                    rec.clear();
                    let put = |rec: &mut Record, col: u32, value: &[u8]| {
                        while (rec.len() as u64) < u64::from(col) {
                            rec.push_field(b"");
                        }
                        rec.push_field(value);
                    };
                    put(rec, col, text.as_bytes());
                    loop {
                        match cells.next_cell() {
                            Ok(Some(c)) => {
                                let (r, k) = c.get_position();
                                if r == row
                                    && let Some(limit) = over(r, k, rec.len())
                                {
                                    issues.push(refuse(limit));
                                    eof = true;
                                    break;
                                }
                                cell_text(c.get_value(), &mut text);
                                if r != row {
                                    std::mem::swap(&mut text, &mut pending_text);
                                    pending = Some((r, k));
                                    break;
                                }
                                put(rec, k, text.as_bytes());
                            }
                            Ok(None) => {
                                eof = true;
                                break;
                            }
                            Err(e) => {
                                eof = true;
                                issues.push(Issue::blocking(
                                    Place::File,
                                    IssueKind::NotAWorkbook {
                                        reason: e.to_string(),
                                    },
                                ));
                                break;
                            }
                        }
                    }
                    let line = u64::from(row) + 1;
                    rows += 1;
                    let mut duplicate = false;
                    match loan_id_at {
                        None => {
                            loan_id_at = rec
                                .iter()
                                .position(|f| trim(f).eq_ignore_ascii_case(b"loan_id"));
                        }
                        Some(at) => {
                            let id = rec.get(at).map_or(&b""[..], trim);
                            if !id.is_empty()
                                && let Some(first_line) = dups.check(id, line)
                            {
                                duplicate = true;
                                issues.push(Issue::blocking(
                                    Place::line_column(line, "loan_id"),
                                    IssueKind::DuplicateLoan {
                                        loan_id: String::from_utf8_lossy(id).into_owned(),
                                        first_line,
                                    },
                                ));
                            }
                        }
                    }
                    batch.lines[slot] = line;
                    batch.duplicate[slot] = duplicate;
                    batch.len += 1;
                }
                batch.bytes = rows;
                if full_tx.send(Message::Rows(batch)).is_err() {
                    break;
                }
            }
            (rows, issues)
        });

        for message in full_rx.iter() {
            let batch = match message {
                Message::Sheet(name) => {
                    sheet_name = name;
                    continue;
                }
                Message::Failed(reason) => {
                    failed = Some(reason);
                    continue;
                }
                Message::Rows(batch) => batch,
            };
            for i in 0..batch.len {
                let line = batch.lines[i];
                let rec = &batch.records[i];
                match &mut header {
                    None => {
                        let names = rec
                            .iter()
                            .map(|f| String::from_utf8_lossy(trim(f)).to_ascii_lowercase())
                            .collect();
                        let mut header_issues = Vec::new();
                        header =
                            Columns::from_header(rec, &mut |i| header_issues.push(i)).map(|c| {
                                (
                                    names,
                                    RowParser::new(
                                        c,
                                        options.as_of,
                                        options.max_class,
                                        DecimalMark::Point,
                                    ),
                                )
                            });
                        header_issues.into_iter().for_each(|i| row_issues.push(i));
                        if header.is_none() {
                            // Missing columns: nothing else can be read.
                            break;
                        }
                    }
                    Some((_, parser)) => {
                        rows_seen += 1;
                        let ok = parser.parse(rec, line, &mut loan, &mut |issue| {
                            row_issues.push(issue);
                        });
                        if ok && !batch.duplicate[i] {
                            loans += 1;
                            sink(line, &loan, &mut scratch);
                            scratch.drain(..).for_each(|issue| row_issues.push(issue));
                        }
                    }
                }
            }
            progress(batch.bytes);
            let _ = empty_tx.send(batch);
            if header.is_none() && rows_seen == 0 && !row_issues.issues.is_empty() {
                break;
            }
        }
        drop(empty_tx);
        drop(full_rx);
        handle
            .join()
            .map_err(|_| "the workbook reading thread failed")
    });

    match (outcome, failed) {
        (_, Some(reason)) => {
            log.push(Issue::blocking(
                Place::File,
                IssueKind::NotAWorkbook { reason },
            ));
        }
        (Err(reason), None) => log.push(Issue::blocking(
            Place::File,
            IssueKind::Syntax {
                reason: reason.into(),
            },
        )),
        (Ok((rows, side)), None) => {
            report.loans = loans;
            report.rows = rows.saturating_sub(1);
            for s in [&side, &row_issues] {
                log.omitted += s.omitted;
                log.blocking_omitted += s.blocking_omitted;
            }
            let mut issues = side.issues;
            issues.append(&mut row_issues.issues);
            issues.sort_by_key(|i| match &i.place {
                Place::Line { line, .. } => *line,
                _ => 0,
            });
            let names = header.as_ref().map(|(n, _)| n.as_slice()).unwrap_or(&[]);
            let at_cell = |mut issue: Issue| {
                if let Place::Line { line, column } = &issue.place {
                    let row = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
                    let col = column
                        .as_ref()
                        .and_then(|c| names.iter().position(|n| n == c))
                        .and_then(|c| u32::try_from(c).ok())
                        .unwrap_or(0);
                    issue.place = Place::Cell {
                        sheet: sheet_name.clone(),
                        cell: cell_ref(row, col),
                    };
                }
                issue
            };
            log.extend(issues.into_iter().map(at_cell));
            if rows == 0 {
                log.push(Issue::blocking(Place::File, IssueKind::EmptyFile));
            } else if header.is_some() && rows_seen == 0 {
                log.push(Issue::blocking(Place::File, IssueKind::HeaderOnly));
            }
        }
    }
    finish(report, log)
}
