//! Loan tapes (spec bam-mfi §1): one CSV per institution and quarter-end, one row per loan,
//! read as a stream.
//!
//! [`read_tape`] reads from any [`Read`], row by row, and hands every valid row to a sink as a
//! [`Loan`] while it collects every issue (each addressed by line and column). It never holds
//! the file: memory stays bounded by a few batches of rows and a compact index of the loan ids
//! (for duplicates), whatever the size of the tape. The same locale tolerance as interchange
//! files applies: `,` or `;` separator (a `;` file reads `,` as its decimal mark), UTF-8
//! byte-order mark, thin or non-breaking spaces as thousands separators; dates `YYYY-MM-DD` or
//! `DD/MM/YYYY`.
//!
//! All or nothing: the sink sees every row that could be read, including when other rows have
//! blocking issues, so that every issue (also those the sink finds, such as a restructure count
//! that went down since the previous quarter-end) is reported in one pass; a caller that stores
//! rows as they come does so inside a transaction that it rolls back when the result
//! [`is_blocked`](mizan_core::Checked::is_blocked).
//!
//! By default three threads share the work, in batches of rows that travel from one to the next
//! and come back to be filled again, so that no row allocates: one reads, hashes what it reads
//! (the caller's reader), splits the records and finds duplicate ids; one reads each row's
//! fields into a loan; the caller's runs the sink (read ∥ parse ∥ classify).

mod duplicates;
mod fields;
mod split;
mod synthetic;
mod xlsx;

use std::io::Read;
use std::sync::mpsc;

use chrono::NaiveDate;
use mizan_core::loan::Loan;

use mizan_core::number::DecimalMark;
use mizan_core::{Checked, Issue, IssueKind, Place};

use duplicates::Duplicates;
use fields::{Col, Columns, RowParser};
use split::{Record, Splitter};
pub use synthetic::{write_synthetic_tape, write_synthetic_tape_unsorted};
pub use xlsx::read_tape_xlsx;

/// Settings of one tape read.
#[derive(Debug, Clone)]
pub struct TapeOptions {
    /// The quarter-end the tape is for (dates after it are refused where they cannot be).
    pub as_of: NaiveDate,
    /// The highest class a judgmental `unlikely_to_pay_class` may give.
    pub max_class: u8,
    /// Read and parse on two threads of their own while the sink runs on the caller's thread
    /// (else everything on the caller's).
    pub parallel: bool,
    /// Issues kept in full; beyond, they are counted (a blocking one still blocks).
    pub max_issues: usize,
    /// Rows per batch handed between the threads.
    pub batch_rows: usize,
    /// Rows expected (e.g. the file size ÷ 100), to size the duplicate index at once.
    pub expected_rows: usize,
    /// Data rows read at most: beyond, the tape is refused (the duplicate index grows with the
    /// rows).
    pub max_rows: u64,
    /// Columns of a row at most (an xlsx row is refused beyond, before it grows).
    pub max_columns: u64,
}

impl TapeOptions {
    /// Defaults: parallel, 1,000 issues kept, batches of 1,024 rows, at most 2,000,000 rows of
    /// 200 columns.
    pub fn new(as_of: NaiveDate, max_class: u8) -> Self {
        Self {
            as_of,
            max_class,
            parallel: true,
            max_issues: 1000,
            batch_rows: 1024,
            expected_rows: 0,
            max_rows: 2_000_000,
            max_columns: 200,
        }
    }
}

/// What a tape read found, besides the rows handed to the sink.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TapeReport {
    /// Rows handed to the sink.
    pub loans: u64,
    /// Data rows read (including refused ones).
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// The field separator found (`b','` or `b';'`).
    pub delimiter: u8,
    /// Issues found but not listed (beyond [`TapeOptions::max_issues`]).
    pub issues_not_listed: u64,
}

/// Collects issues up to a limit.
#[derive(Debug)]
struct IssueLog {
    issues: Vec<Issue>,
    max: usize,
    omitted: u64,
    blocking_omitted: u64,
}

impl IssueLog {
    fn new(max: usize) -> Self {
        Self {
            issues: Vec::new(),
            max,
            omitted: 0,
            blocking_omitted: 0,
        }
    }

    fn push(&mut self, issue: Issue) {
        if self.issues.len() < self.max {
            self.issues.push(issue);
        } else {
            self.omitted += 1;
            if issue.is_blocking() {
                self.blocking_omitted += 1;
            }
        }
    }

    fn extend(&mut self, issues: impl IntoIterator<Item = Issue>) {
        issues.into_iter().for_each(|i| self.push(i));
    }
}

/// A batch of rows travelling from the reading thread (records, lines, duplicates) to the
/// parsing one (loans and their issues) and then to the sink's.
#[derive(Debug, Default)]
struct Batch {
    records: Vec<Record>,
    lines: Vec<u64>,
    duplicate: Vec<bool>,
    len: usize,
    bytes: u64,
    /// Each row's loan, and whether it was read without a blocking issue.
    loans: Vec<Loan>,
    ok: Vec<bool>,
    /// The rows' issues in order; row `i`'s end at `issue_end[i]`.
    issues: Vec<Issue>,
    issue_end: Vec<usize>,
    /// Issues found beyond the parsing side's budget: counted, not kept.
    omitted: u64,
    blocking_omitted: u64,
}

impl Batch {
    fn with_rows(n: usize) -> Self {
        Self {
            records: vec![Record::default(); n],
            lines: vec![0; n],
            duplicate: vec![false; n],
            len: 0,
            bytes: 0,
            loans: vec![Loan::default(); n],
            ok: vec![false; n],
            issues: Vec::new(),
            issue_end: vec![0; n],
            omitted: 0,
            blocking_omitted: 0,
        }
    }
}

/// The parsing side: each row's fields into the batch's loan for it.
struct Parsing {
    parser: RowParser,
    /// Issues the parsing side may still keep. The sink's side keeps the first
    /// [`TapeOptions::max_issues`] of the parsing side's and its own, in line order; once the
    /// parsing side alone has found that many, the sink's side is full, so the rest are only
    /// counted (and a batch of hostile rows holds no more than its budget).
    budget: usize,
}

impl Parsing {
    fn parse(&mut self, batch: &mut Batch) {
        batch.issues.clear();
        batch.omitted = 0;
        batch.blocking_omitted = 0;
        for i in 0..batch.len {
            let budget = &mut self.budget;
            let (issues, omitted, blocking) = (
                &mut batch.issues,
                &mut batch.omitted,
                &mut batch.blocking_omitted,
            );
            batch.ok[i] = self.parser.parse(
                &batch.records[i],
                batch.lines[i],
                &mut batch.loans[i],
                &mut |issue| {
                    if *budget > 0 {
                        *budget -= 1;
                        issues.push(issue);
                    } else {
                        *omitted += 1;
                        *blocking += u64::from(issue.is_blocking());
                    }
                },
            );
            batch.issue_end[i] = batch.issues.len();
        }
    }
}

/// The reading side: splits the CSV into records, numbers their lines and finds duplicate loan
/// ids (the one check that needs every row).
struct RowSource<R: Read> {
    split: Splitter<R>,
    loan_id_at: usize,
    ids: Duplicates,
    issues: IssueLog,
    rows: u64,
    max_rows: u64,
    over: bool,
    error: Option<std::io::Error>,
}

impl<R: Read> RowSource<R> {
    /// Fills `batch` with the next records; `true` at the end of the input.
    fn fill(&mut self, batch: &mut Batch) -> bool {
        batch.len = 0;
        let mut done = false;
        while batch.len < batch.records.len() {
            let slot = batch.len;
            let rec = &mut batch.records[slot];
            let line = match self.split.next(rec) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    done = true;
                    break;
                }
                Err(e) => {
                    self.error = Some(e);
                    done = true;
                    break;
                }
            };
            if self.rows >= self.max_rows {
                self.over = true;
                done = true;
                break;
            }
            self.rows += 1;
            let id = rec.get(self.loan_id_at).map_or(&b""[..], fields::trim);
            let mut duplicate = false;
            if !id.is_empty()
                && let Some(first_line) = self.ids.check(id, line)
            {
                duplicate = true;
                self.issues.push(Issue::blocking(
                    Place::line_column(line, "loan_id"),
                    IssueKind::DuplicateLoan {
                        loan_id: String::from_utf8_lossy(id).into_owned(),
                        first_line,
                    },
                ));
            }
            batch.lines[slot] = line;
            batch.duplicate[slot] = duplicate;
            batch.len += 1;
        }
        batch.bytes = self.split.position();
        done
    }
}

/// Reads a loan tape and hands every valid row to `sink(line, loan, issues)`, which may add
/// issues of its own; `progress(bytes_read)` is called after each batch (for a progress bar).
pub fn read_tape<R, P, S>(
    reader: R,
    options: &TapeOptions,
    mut progress: P,
    mut sink: S,
) -> Checked<TapeReport>
where
    R: Read + Send,
    P: FnMut(u64),
    S: FnMut(u64, &Loan, &mut Vec<Issue>),
{
    let mut log = IssueLog::new(options.max_issues);
    let mut report = TapeReport::default();
    let mut split = Splitter::new(reader);
    // Byte-order mark and separator, from the first line.
    let delimiter = match sniff(&mut split) {
        Ok(Some(found)) => found,
        Ok(None) => {
            log.push(Issue::blocking(Place::File, IssueKind::EmptyFile));
            return finish(report, log);
        }
        Err(e) => {
            log.push(Issue::blocking(
                Place::File,
                IssueKind::Syntax {
                    reason: e.to_string(),
                },
            ));
            return finish(report, log);
        }
    };
    split.set_delimiter(delimiter);
    report.delimiter = delimiter;
    let mark = if delimiter == b';' {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    };
    let mut header = Record::default();
    match split.next(&mut header) {
        Ok(Some(_)) => {}
        Ok(None) => {
            log.push(Issue::blocking(Place::File, IssueKind::EmptyFile));
            return finish(report, log);
        }
        Err(e) => {
            log.push(Issue::blocking(
                Place::line(1),
                IssueKind::Syntax {
                    reason: e.to_string(),
                },
            ));
            return finish(report, log);
        }
    }
    let columns = match Columns::from_header(&header, &mut |i| log.push(i)) {
        Some(c) => c,
        None => return finish(report, log),
    };
    let Some(loan_id_at) = columns.loan_id() else {
        return finish(report, log);
    };
    let mut parsing = Parsing {
        parser: RowParser::new(columns, options.as_of, options.max_class, mark),
        budget: options.max_issues,
    };
    let batch_rows = options.batch_rows.max(1);
    let mut source = RowSource {
        split,
        loan_id_at,
        ids: Duplicates::with_capacity(options.expected_rows.clamp(1 << 12, 1 << 26)),
        issues: IssueLog::new(options.max_issues),
        rows: 0,
        max_rows: options.max_rows,
        over: false,
        error: None,
    };

    // The sink's side: each row's issues, then the sink for a loan read whole. It keeps at
    // most `max_issues` (in line order) and the reading side as many, so that a file of a
    // million bad rows cannot fill the memory with issues.
    let mut row_issues = IssueLog::new(options.max_issues);
    let mut scratch: Vec<Issue> = Vec::new();
    let mut loans = 0u64;
    let mut consume = |batch: &Batch| {
        let mut from = 0;
        for i in 0..batch.len {
            let line = batch.lines[i];
            let to = batch.issue_end[i];
            row_issues.extend(batch.issues[from..to].iter().cloned());
            from = to;
            if batch.ok[i] && !batch.duplicate[i] {
                loans += 1;
                sink(line, &batch.loans[i], &mut scratch);
                scratch.drain(..).for_each(|issue| row_issues.push(issue));
            }
        }
        row_issues.omitted += batch.omitted;
        row_issues.blocking_omitted += batch.blocking_omitted;
        progress(batch.bytes);
    };

    let outcome = if options.parallel {
        let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(8);
        let (parsed_tx, parsed_rx) = mpsc::sync_channel::<Batch>(8);
        let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
        for _ in 0..12 {
            // Batches circulate; a send fails only when the other side is gone.
            let _ = empty_tx.send(Batch::with_rows(batch_rows));
        }
        std::thread::scope(|scope| {
            // Owned here so that they are dropped (and the other threads stop) if the sink
            // panics.
            let (parsed_rx, empty_tx) = (parsed_rx, empty_tx);
            let reader = std::thread::Builder::new()
                .name("tape-reader".into())
                .spawn_scoped(scope, move || {
                    while let Ok(mut batch) = empty_rx.recv() {
                        let done = source.fill(&mut batch);
                        if full_tx.send(batch).is_err() || done {
                            break;
                        }
                    }
                    source
                })
                .map_err(|_| "the tape reading thread could not start")?;
            let parser = std::thread::Builder::new()
                .name("tape-parser".into())
                .spawn_scoped(scope, move || {
                    for mut batch in full_rx {
                        parsing.parse(&mut batch);
                        if parsed_tx.send(batch).is_err() {
                            break;
                        }
                    }
                })
                .map_err(|_| "the tape parsing thread could not start")?;
            for batch in parsed_rx.iter() {
                consume(&batch);
                let _ = empty_tx.send(batch);
            }
            drop(empty_tx);
            parser
                .join()
                .map_err(|_| "the tape parsing thread failed")?;
            reader.join().map_err(|_| "the tape reading thread failed")
        })
    } else {
        let mut batch = Batch::with_rows(batch_rows);
        loop {
            let done = source.fill(&mut batch);
            parsing.parse(&mut batch);
            consume(&batch);
            if done {
                break;
            }
        }
        Ok(source)
    };

    match outcome {
        Ok(source) => {
            let rows = source.rows;
            report.loans = loans;
            report.rows = rows;
            report.bytes = source.split.position();
            let error = source.error;
            for side in [&source.issues, &row_issues] {
                log.omitted += side.omitted;
                log.blocking_omitted += side.blocking_omitted;
            }
            let mut all = source.issues.issues;
            all.append(&mut row_issues.issues);
            if source.over {
                all.push(Issue::blocking(
                    Place::File,
                    IssueKind::TooLarge {
                        what: "the number of loans of the tape".into(),
                        limit: options.max_rows,
                    },
                ));
            }
            if let Some(e) = error {
                all.push(Issue::blocking(
                    Place::line(rows + 2),
                    IssueKind::Syntax {
                        reason: e.to_string(),
                    },
                ));
            }
            // Parser issues and sink issues interleave by line.
            all.sort_by_key(|i| match &i.place {
                Place::Line { line, .. } => *line,
                _ => 0,
            });
            log.extend(all);
            if rows == 0 {
                log.push(Issue::blocking(Place::File, IssueKind::HeaderOnly));
            }
        }
        Err(reason) => log.push(Issue::blocking(
            Place::File,
            IssueKind::Syntax {
                reason: reason.into(),
            },
        )),
    }
    finish(report, log)
}

fn finish(mut report: TapeReport, mut log: IssueLog) -> Checked<TapeReport> {
    report.issues_not_listed = log.omitted;
    if log.blocking_omitted > 0 {
        log.issues.push(Issue::blocking(
            Place::File,
            IssueKind::TooLarge {
                what: format!(
                    "{} further issues, {} of them blocking, are not listed",
                    log.omitted, log.blocking_omitted
                ),
                limit: log.max as u64,
            },
        ));
    }
    Checked {
        data: report,
        issues: log.issues,
    }
}

/// Skips a UTF-8 byte-order mark and finds the separator on the header line: `;` when it has
/// more semicolons than commas, else `,`. `None` for an empty or blank input.
fn sniff<R: Read>(split: &mut Splitter<R>) -> std::io::Result<Option<u8>> {
    let data = split.peek()?;
    let bom = if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let data = &data[bom..];
    if data.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let line = data.split(|b| *b == b'\n').next().unwrap_or(data);
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    split.skip(bom);
    Ok(Some(delimiter))
}

/// The tape's columns, in the order of spec §1, then `refinances_loan_id` (optional, like
/// `zone`: the loan a new loan paid off, art. 8).
pub const COLUMNS: [&str; 18] = Col::NAMES;
