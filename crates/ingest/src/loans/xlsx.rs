//! Loan tapes as xlsx workbooks, read with calamine's streaming cell reader (the sheet is never
//! held whole): cells become the same text fields as a CSV row and go through the same checks.
//!
//! Numbers come from the workbook as `f64`; they are turned into text deliberately by the
//! shortest representation that reads back as the same `f64` (Rust's `Display`), then read as
//! exact decimals like any CSV field. Date cells (serial numbers with a date format, 1900 or
//! 1904 system) become `YYYY-MM-DD`.
//!
//! The reading thread (calamine's, the slower one) only copies each cell's value as it comes
//! (a number as its 8 bytes); the thread that parses the rows turns the cells into text and
//! looks for duplicate loan ids before parsing each row.

use std::fmt::Write as _;
use std::io::{Read, Seek};
use std::sync::mpsc;

use calamine::{CellErrorType, DataRef, ExcelDateTime, Reader, Xlsx};
use mizan_core::issue::cell_ref;
use mizan_core::loan::Loan;
use mizan_core::number::DecimalMark;
use mizan_core::{Checked, Issue, IssueKind, Place, WorkbookMeasure};

use super::duplicates::Duplicates;
use super::fields::{Columns, RowParser, trim};
use super::split::Record;
use super::{IssueLog, TapeOptions, TapeReport, finish};

/// What the reading thread hands over: the sheet's name, then batches of rows (the header
/// first), or why the workbook cannot be read.
enum Message {
    Sheet(String),
    Rows(RawBatch),
    Failed(String),
}

/// One cell as calamine gives it, copied without turning it into text (the reading thread is
/// the slower one: the text is made by the thread that parses the rows).
#[derive(Debug, Clone)]
enum RawValue {
    Empty,
    Int(i64),
    /// The number's 8 bytes, never computed with.
    Float(f64),
    Bool(bool),
    Date(ExcelDateTime),
    Error(CellErrorType),
    /// Text, up to this end in [`RawRow::text`] (from the end of the previous text cell).
    Text(usize),
}

/// One row of cells as read: each cell's column and value, the texts one after the other.
#[derive(Debug, Default)]
struct RawRow {
    cells: Vec<(u32, RawValue)>,
    text: Vec<u8>,
    /// Fields the row has so far once turned into a record (gaps filled with empty fields),
    /// for the column limit.
    fields: usize,
}

impl RawRow {
    fn clear(&mut self) {
        self.cells.clear();
        self.text.clear();
        self.fields = 0;
    }

    /// Adds the cell at column `col`.
    fn push(&mut self, col: u32, value: &DataRef<'_>) {
        let value = match value {
            DataRef::Int(i) => RawValue::Int(*i),
            DataRef::Float(f) => RawValue::Float(*f),
            DataRef::String(s) => self.push_text(s),
            DataRef::SharedString(s) => self.push_text(s),
            DataRef::Bool(b) => RawValue::Bool(*b),
            DataRef::DateTime(d) => RawValue::Date(*d),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                self.push_text(s.get(..10).filter(|_| s.len() > 10).unwrap_or(s))
            }
            DataRef::Error(e) => RawValue::Error(e.clone()),
            DataRef::Empty => RawValue::Empty,
        };
        self.cells.push((col, value));
        self.fields = usize::try_from(col).unwrap_or(usize::MAX).max(self.fields) + 1;
    }

    fn push_text(&mut self, s: &str) -> RawValue {
        self.text.extend_from_slice(s.as_bytes());
        RawValue::Text(self.text.len())
    }

    /// The row as a record of field texts, like a CSV row: a gap in the columns is an empty
    /// field.
    fn to_record(&self, rec: &mut Record, scratch: &mut String) {
        rec.clear();
        let mut start = 0;
        for (col, value) in &self.cells {
            let field = match value {
                RawValue::Text(end) => {
                    let field = &self.text[start..*end];
                    start = *end;
                    field
                }
                other => {
                    cell_text(other, scratch);
                    scratch.as_bytes()
                }
            };
            while (rec.len() as u64) < u64::from(*col) {
                rec.push_field(b"");
            }
            rec.push_field(field);
        }
    }
}

/// Rows travelling from the reading thread to the parsing one, recycled.
#[derive(Debug, Default)]
struct RawBatch {
    rows: Vec<RawRow>,
    lines: Vec<u64>,
    len: usize,
    /// Rows read so far (for progress).
    read: u64,
    /// The issue that stopped the reading, with the row it comes before (`len`: after them all).
    issue: Option<(usize, Box<Issue>)>,
}

impl RawBatch {
    fn with_rows(n: usize) -> Self {
        Self {
            rows: (0..n).map(|_| RawRow::default()).collect(),
            lines: vec![0; n],
            len: 0,
            read: 0,
            issue: None,
        }
    }
}

/// Turns one cell (not a text one) into field text.
fn cell_text(value: &RawValue, out: &mut String) {
    out.clear();
    match value {
        RawValue::Int(i) => {
            if *i < 0 {
                out.push('-');
            }
            push_digits(i.unsigned_abs(), out);
        }
        RawValue::Float(f) => float_text(*f, out),
        RawValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        RawValue::Date(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            push_padded(u64::from(y), 4, out);
            out.push('-');
            push_padded(u64::from(m), 2, out);
            out.push('-');
            push_padded(u64::from(day), 2, out);
        }
        RawValue::Date(d) => float_text(d.as_f64(), out),
        RawValue::Error(e) => {
            let _ = write!(out, "{e}");
        }
        RawValue::Empty | RawValue::Text(_) => {}
    }
}

/// Appends `f` exactly as Rust's `Display` writes it (the shortest text that reads back as the
/// same `f64`, never an exponent), computing only with integers from its bits:
/// - integral values below 2^53 in magnitude (counts, classes, zeros) are that integer;
/// - values from 1 with one to three decimals (amounts in cents) are found by
///   [`short_decimal`];
/// - anything else goes through `Display` itself.
fn float_text(f: f64, out: &mut String) {
    let bits = f.to_bits();
    let negative = bits >> 63 == 1;
    let exponent = (bits >> 52) & 0x7ff;
    let fraction = bits & ((1 << 52) - 1);
    if exponent == 0 && fraction == 0 {
        out.push_str(if negative { "-0" } else { "0" });
        return;
    }
    // The value is (2^52 + fraction) × 2^(exponent − 1075): from 1 to below 2^53 for these
    // exponents, integral when the bits shifted out are zero.
    if (1023..1076).contains(&exponent) {
        let shift = 1075 - exponent;
        let mantissa = fraction | 1 << 52;
        if mantissa & ((1 << shift) - 1) == 0 {
            if negative {
                out.push('-');
            }
            push_digits(mantissa >> shift, out);
            return;
        }
        if let Some((digits, decimals)) = short_decimal(mantissa, shift) {
            if negative {
                out.push('-');
            }
            let unit = 10u64.pow(decimals);
            push_digits(digits / unit, out);
            out.push('.');
            push_padded(digits % unit, decimals as usize, out);
            return;
        }
    }
    let _ = write!(out, "{f}");
}

/// The shortest decimal with one to three decimals that reads back as `mantissa / 2^shift`
/// (`mantissa` from 2^52 to below 2^53, not integral), as its digits and number of decimals;
/// `None` when it needs more decimals.
///
/// A decimal reads back as the number when it lies within half a unit of the last place
/// (`2^-shift`) of it (never exactly at that distance: `10^k` has fewer factors 2 than
/// `2^(shift+1)`). With `k` decimals, the nearest such decimal is the one to check, and when
/// the unit of the last place is below `10^-k` at most one can lie that close, so the first
/// `k` that works gives `Display`'s text: the fewest digits, and the closest. No integer lies
/// that close to a number that is not one.
fn short_decimal(mantissa: u64, shift: u64) -> Option<(u64, u32)> {
    let exact = u128::from(mantissa);
    for decimals in 1..=3u32 {
        let scale = 10u128.pow(decimals);
        // One decimal at most within a unit of the last place.
        if (1u128 << shift) <= scale {
            return None;
        }
        let scaled = exact * scale;
        let nearest = (scaled + (1u128 << (shift - 1))) >> shift;
        let gap = (nearest << shift).abs_diff(scaled);
        if 2 * gap < scale {
            return u64::try_from(nearest).ok().map(|n| (n, decimals));
        }
    }
    None
}

/// Appends `n` in decimal.
fn push_digits(n: u64, out: &mut String) {
    push_padded(n, 1, out);
}

/// Appends `n` in decimal with at least `width` digits (zeros in front), as `{n:0width$}`.
fn push_padded(mut n: u64, width: usize, out: &mut String) {
    let mut buf = [b'0'; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    at = at.min(buf.len().saturating_sub(width));
    out.extend(buf[at..].iter().map(|b| char::from(*b)));
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
    let (empty_tx, empty_rx) = mpsc::channel::<RawBatch>();
    for _ in 0..6 {
        let _ = empty_tx.send(RawBatch::with_rows(batch_rows));
    }
    let wanted = sheet.map(str::to_owned);
    let capacity = options.expected_rows.clamp(1 << 12, 1 << 26);

    let mut header: Option<(Vec<String>, RowParser)> = None;
    let mut sheet_name = String::new();
    let mut loan = Loan::default();
    // Issues of the reading and of the duplicate check (`side`), and of the rows, each kept
    // up to `max_issues` in line order.
    let mut side = IssueLog::new(options.max_issues);
    let mut row_issues = IssueLog::new(options.max_issues);
    let mut scratch: Vec<Issue> = Vec::new();
    let (max_rows, max_columns) = (options.max_rows, options.max_columns);
    let mut loans = 0u64;
    let mut rows_seen = 0u64;
    let mut failed = None;
    let mut dups = Duplicates::with_capacity(capacity);
    let mut loan_id_at = None;
    let mut rec = Record::default();
    let mut text = String::new();

    let outcome = std::thread::scope(|scope| {
        let (full_rx, empty_tx) = (full_rx, empty_tx);
        let handle = scope.spawn(move || -> u64 {
            let fail = |e: String| {
                let _ = full_tx.send(Message::Failed(e));
                0
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
            let unreadable = |e: calamine::XlsxError| {
                Issue::blocking(
                    Place::File,
                    IssueKind::NotAWorkbook {
                        reason: e.to_string(),
                    },
                )
            };
            if full_tx.send(Message::Sheet(name)).is_err() {
                return 0;
            }
            let mut rows = 0u64;
            // The first cell of the next row, read with the last one of the previous row.
            let mut pending: Option<(u32, u32)> = None;
            let mut pending_row = RawRow::default();
            let mut done = false;
            let mut eof = false;
            while !done {
                let Ok(mut batch) = empty_rx.recv() else {
                    break;
                };
                batch.len = 0;
                batch.issue = None;
                while batch.len < batch.rows.len() {
                    // One row: the cell left over from the previous row, then cells until the
                    // row changes.
                    let slot = batch.len;
                    let row_cells = &mut batch.rows[slot];
                    let first = match pending.take() {
                        Some(at) => {
                            std::mem::swap(row_cells, &mut pending_row);
                            Some(at)
                        }
                        None if eof => None,
                        None => match cells.next_cell() {
                            Ok(Some(c)) => {
                                let (r, k) = c.get_position();
                                row_cells.clear();
                                row_cells.push(k, c.get_value());
                                Some((r, k))
                            }
                            Ok(None) => None,
                            Err(e) => {
                                batch.issue = Some((slot, Box::new(unreadable(e))));
                                None
                            }
                        },
                    };
                    let Some((row, col)) = first else {
                        done = true;
                        break;
                    };
                    if let Some(limit) = over(row, col, 0) {
                        batch.issue = Some((slot, Box::new(refuse(limit))));
                        done = true;
                        break;
                    }
                    loop {
                        match cells.next_cell() {
                            Ok(Some(c)) => {
                                let (r, k) = c.get_position();
                                if r == row
                                    && let Some(limit) = over(r, k, row_cells.fields)
                                {
                                    batch.issue = Some((slot, Box::new(refuse(limit))));
                                    eof = true;
                                    break;
                                }
                                if r != row {
                                    pending_row.clear();
                                    pending_row.push(k, c.get_value());
                                    pending = Some((r, k));
                                    break;
                                }
                                row_cells.push(k, c.get_value());
                            }
                            Ok(None) => {
                                eof = true;
                                break;
                            }
                            Err(e) => {
                                eof = true;
                                batch.issue = Some((slot, Box::new(unreadable(e))));
                                break;
                            }
                        }
                    }
                    rows += 1;
                    batch.lines[slot] = u64::from(row) + 1;
                    batch.len += 1;
                }
                batch.read = rows;
                if full_tx.send(Message::Rows(batch)).is_err() {
                    break;
                }
            }
            rows
        });

        for message in full_rx.iter() {
            let mut batch = match message {
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
            // Missing columns in this batch's header: only duplicates are still looked for.
            let mut unreadable_header = false;
            for i in 0..=batch.len {
                if batch.issue.as_ref().is_some_and(|(at, _)| *at == i)
                    && let Some((_, issue)) = batch.issue.take()
                {
                    side.push(*issue);
                }
                if i == batch.len {
                    break;
                }
                let line = batch.lines[i];
                batch.rows[i].to_record(&mut rec, &mut text);
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
                            side.push(Issue::blocking(
                                Place::line_column(line, "loan_id"),
                                IssueKind::DuplicateLoan {
                                    loan_id: String::from_utf8_lossy(id).into_owned(),
                                    first_line,
                                },
                            ));
                        }
                    }
                }
                if unreadable_header {
                    continue;
                }
                match &mut header {
                    None => {
                        let names = rec
                            .iter()
                            .map(|f| String::from_utf8_lossy(trim(f)).to_ascii_lowercase())
                            .collect();
                        let mut header_issues = Vec::new();
                        header =
                            Columns::from_header(&rec, &mut |i| header_issues.push(i)).map(|c| {
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
                            unreadable_header = true;
                        }
                    }
                    Some((_, parser)) => {
                        rows_seen += 1;
                        let ok = parser.parse(&rec, line, &mut loan, &mut |issue| {
                            row_issues.push(issue);
                        });
                        if ok && !duplicate {
                            loans += 1;
                            sink(line, &loan, &mut scratch);
                            scratch.drain(..).for_each(|issue| row_issues.push(issue));
                        }
                    }
                }
            }
            progress(batch.read);
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
        (Ok(rows), None) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: f64) -> Result<(), String> {
        let mut got = String::from("stale");
        cell_text(&RawValue::Float(f), &mut got);
        let want = format!("{f}");
        if got == want {
            Ok(())
        } else {
            Err(format!("{:#x}: {got} instead of {want}", f.to_bits()))
        }
    }

    /// Dates and integers are written as `format!` would.
    #[test]
    fn padded_digits_are_format() -> Result<(), String> {
        let mut r = mizan_core::rng::XorShift64Star::new(19);
        for _ in 0..100_000 {
            let n = r.next_u64() >> r.below(64);
            let width = r.below(6) as usize;
            let mut got = String::from("x");
            push_padded(n, width, &mut got);
            let want = format!("x{n:0width$}");
            if got != want {
                return Err(format!("{got} instead of {want}"));
            }
        }
        Ok(())
    }

    /// Amounts in cents take the integer path, not `Display`.
    #[test]
    fn cents_are_found_from_the_bits() -> Result<(), String> {
        for (text, want) in [
            ("1234.56", (123_456, 2)),
            ("1.0001", (0, 0)),
            ("7.1", (71, 1)),
        ] {
            let bits = text.parse::<f64>().map_err(|e| e.to_string())?.to_bits();
            let shift = 1075 - (bits >> 52 & 0x7ff);
            let mantissa = bits & ((1 << 52) - 1) | 1 << 52;
            let got = short_decimal(mantissa, shift).unwrap_or((0, 0));
            if got != want {
                return Err(format!("{text}: {got:?} instead of {want:?}"));
            }
        }
        Ok(())
    }

    /// Property: the text of a number is `Display`'s, for random bits (subnormal, huge, tiny,
    /// not a number), integers around every power of two up to beyond 2^53, both signs, and
    /// amounts with cents.
    #[test]
    fn float_text_is_display() -> Result<(), String> {
        let mut r = mizan_core::rng::XorShift64Star::new(18);
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
        ] {
            check(f)?;
        }
        for f in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
            1e16,
            1e21,
        ] {
            check(f)?;
        }
        for _ in 0..300_000 {
            check(f64::from_bits(r.next_u64()))?;
            // Subnormal.
            check(f64::from_bits(r.below(1 << 52) | (r.next_u64() & 1 << 63)))?;
            let power = r.below(64);
            let n = (1u64 << power)
                .wrapping_add(r.below(2048))
                .wrapping_sub(1024);
            let text = format!("{}{n}", if r.chance(1, 2) { "-" } else { "" });
            check(text.parse::<f64>().map_err(|e| e.to_string())?)?;
            let digits = r.below(60);
            let cents = format!("{}.{:02}", r.below(1 << digits), r.below(100));
            check(cents.parse::<f64>().map_err(|e| e.to_string())?)?;
            let decimals = r.below(6) as usize;
            let tail = r.below(1_000_000);
            let short = format!("{}.{tail:0decimals$}", r.below(1 << digits));
            check(short.parse::<f64>().map_err(|e| e.to_string())?)?;
            // Any number from 1 to 2^53 with a fractional part.
            let exponent = 1023 + r.below(53);
            check(f64::from_bits(exponent << 52 | r.below(1 << 52)))?;
        }
        Ok(())
    }
}
