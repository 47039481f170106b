//! Loan tapes (frameworks with a `[classification]`, such as `bam-mfi`): importing a tape —
//! every loan classified and provisioned against the institution's previous quarter-end, the
//! results of every loan stored with the tape —, feeding the institution's return with the
//! tape's portfolio items, the per-loan and portfolio exports, and the solvency coefficient of
//! a return.
//!
//! A tape is a version of (institution, period), like a return: never overwritten, a re-import
//! is a new version, a byte-identical file is reported and stores nothing. Its per-loan results
//! are stored in chunks of [`CHUNK_LOANS`] loans, packed ([`crate::loan_results`]; chunks stored
//! before migration 000014 hold a text line a loan, and are read as before).
//!
//! **Tape and return.** A stored tape makes a new version of the institution's return for the
//! period: the values of the latest version not rejected, with every item the tape feeds
//! ([`portfolio_items`]) replaced by the tape's — so PAR and provisions consolidate per peer
//! group and sector like any item. The other way round, a returns file imported later for the
//! same institution and period carries the latest tape's items it does not give; an item the
//! file gives keeps the file's value (the latest statement wins, as between two tapes), with a
//! [`IssueKind::DiffersFromTape`] warning when the values differ.

use std::borrow::Cow;
use std::io::Write;
use std::sync::mpsc;

use crate::audit::{Detail, Entry, record};
use chrono::{NaiveDate, NaiveDateTime};
use mizan_core::framework::{ClassificationDef, LicenceDef};
use mizan_core::loan::{Loan, PreviousBook, PreviousClassification};
use mizan_core::{
    Decimal, Framework, InstitutionCode, Issue, IssueKind, ItemValues, Period, Place, Severity,
};
use mizan_ingest::loans::{TapeOptions, TapeReport, read_tape, read_tape_xlsx};
use mizan_ingest::{FileFormat, Limits, RawReturn};
use mizan_ratios::classification::{
    Classifier, EXPORT_HEADER, ImposedClasses, LoanResult, Portfolio, portfolio_items,
};
use mizan_ratios::solvency::{SolvencyBreakdown, solvency, solvency_items};
use mizan_storage::imposed_classes::{
    ImposedClass, imposed_classes, imposed_classes_in_force, insert_imposed_class,
};
use mizan_storage::loan_tapes::{
    LoanTapeRecord, NewLoanTape, ResultBody, ResultChunk, ResultsWriter, finish_loan_tape,
    for_each_result_chunk, latest_loan_tape, loan_tape_versions,
};
use mizan_storage::periods::ensure_period;
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::{
    NewSubmission, SubmissionRecord, SubmissionStatus, insert_submission, submission_values,
    versions,
};
use mizan_storage::{DbConnection, StorageError};

use crate::app::{Actor, App};
use crate::digest::content_sha256;
use crate::error::{ServiceError, ServiceResult};
use crate::loan_results::{Damage, Packer, for_each_unpacked};
use crate::refusal::LoanRefusal;
use crate::upload::Upload;

/// Loans per stored chunk of results: about 300 kB packed, fifty rows for a million loans.
pub const CHUNK_LOANS: u32 = 20_000;

/// How far an import is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoanProgress {
    /// Loading the previous quarter-end's classification: loans loaded, of `total`.
    Previous {
        /// Loans loaded so far.
        loans: u64,
        /// Loans of the previous tape.
        total: u64,
    },
    /// Reading a CSV tape: bytes read, of `total`.
    Bytes {
        /// Bytes read so far.
        read: u64,
        /// Size of the file.
        total: u64,
    },
    /// Reading an xlsx tape: rows read (an xlsx is compressed: its size does not tell how far).
    Rows {
        /// Rows read so far.
        read: u64,
    },
    /// Storing the tape and the results of its loans.
    Storing {
        /// Loans classified.
        loans: u64,
    },
}

/// The version of the institution's return that a stored tape feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnFeed {
    /// A new version of the return, with the tape's items.
    NewVersion(SubmissionRecord),
    /// The latest version already holds exactly these values: no new version.
    Unchanged(SubmissionRecord),
}

impl ReturnFeed {
    /// The return version holding the tape's items.
    pub fn submission(&self) -> &SubmissionRecord {
        match self {
            Self::NewVersion(s) | Self::Unchanged(s) => s,
        }
    }
}

/// What happened to an imported tape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoanOutcome {
    /// Stored as a new version, with the return version it feeds.
    Stored(Box<StoredTape>),
    /// Refused: nothing was stored (the issues say why).
    Refused,
    /// The same file was already imported for this institution and period: no new version.
    AlreadyImported(Box<LoanTapeRecord>),
}

/// A stored tape and the return version holding its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTape {
    /// The stored tape.
    pub tape: LoanTapeRecord,
    /// The return version holding its items.
    pub feed: ReturnFeed,
}

/// The tape whose classification served as the previous quarter-end's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousTape {
    /// Its id.
    pub id: i64,
    /// Its period.
    pub period: Period,
    /// Its version.
    pub version: i32,
    /// Its quarter-end.
    pub as_of: NaiveDate,
    /// Its loans.
    pub loans: u64,
}

/// What importing a loan tape did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanImportReport {
    /// The institution.
    pub institution: InstitutionCode,
    /// The period.
    pub period: Period,
    /// The quarter-end the loans were classified at.
    pub as_of: NaiveDate,
    /// The file's name.
    pub source_name: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// `csv` or `xlsx` (`unknown` when neither).
    pub format: &'static str,
    /// The licence the rules were applied for (`credit_institution`, `association`).
    pub licence: Option<String>,
    /// The previous quarter-end's tape (none: the institution's first quarter-end on the
    /// platform, so the rules comparing with it do not apply).
    pub previous: Option<PreviousTape>,
    /// What the reading found (rows, loans, bytes, issues not listed).
    pub read: TapeReport,
    /// The portfolio outputs (when the tape was stored).
    pub portfolio: Option<Portfolio>,
    /// Every issue (capped at the reader's `max_issues`; `read.issues_not_listed` counts the
    /// rest).
    pub issues: Vec<Issue>,
    /// What happened.
    pub outcome: LoanOutcome,
}

impl LoanImportReport {
    /// Whether the tape was refused (the command line then exits with a non-zero code).
    pub fn refused(&self) -> bool {
        matches!(self.outcome, LoanOutcome::Refused)
    }

    /// The blocking issues.
    pub fn blocking(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.is_blocking())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| !i.is_blocking())
    }
}

/// The limits on a loan tape (its own, larger than a return's: a tape lists every loan).
fn tape_limits(app: &App) -> Limits {
    let u = &app.settings.upload;
    Limits {
        max_file_bytes: u.max_tape_bytes,
        max_uncompressed_bytes: u.max_tape_uncompressed_bytes,
        max_rows: u.max_tape_rows,
        max_shared_strings: u.max_tape_shared_strings,
        max_shared_strings_bytes: u.max_tape_shared_strings_bytes,
        ..app.limits()
    }
}

/// What the registry and the framework say about the institution at the period.
struct Context<'a> {
    framework: &'a Framework,
    def: &'a ClassificationDef,
    licence: &'a LicenceDef,
}

fn check_context<'a>(
    app: &'a App,
    conn: &mut DbConnection,
    code: &InstitutionCode,
    period: Period,
) -> ServiceResult<Result<Context<'a>, Vec<Issue>>> {
    let mut issues = Vec::new();
    let blocking = |kind| Issue::blocking(Place::File, kind);
    if period.end_date() >= app.today() {
        issues.push(blocking(IssueKind::PeriodNotEnded {
            period: period.to_string(),
            ends: period.end_date().to_string(),
        }));
    }
    let registry = load_registry(conn)?;
    let Some(institution) = registry.iter().find(|i| &i.code == code) else {
        issues.push(blocking(IssueKind::UnknownInstitution {
            institution: code.to_string(),
        }));
        return Ok(Err(issues));
    };
    let Some(attrs) = institution.attributes_at(period) else {
        let from = institution
            .history
            .first()
            .and_then(|v| v.valid_from)
            .map_or_else(String::new, |p| p.to_string());
        issues.push(blocking(IssueKind::NotRegisteredFor {
            institution: code.to_string(),
            period: period.to_string(),
            from,
        }));
        return Ok(Err(issues));
    };
    if let Some(kind) = attrs.period_kind_issue(code.as_str(), period) {
        issues.push(blocking(kind));
    }
    let framework = match app.frameworks.get(&attrs.framework, period) {
        Ok(fw) => fw,
        Err(_) => {
            issues.push(blocking(IssueKind::NoFrameworkFor {
                framework: attrs.framework.clone(),
                period: period.to_string(),
                versions: app.frameworks.spans(&attrs.framework),
            }));
            return Ok(Err(issues));
        }
    };
    let Some(def) = framework.classification.as_ref() else {
        let with_tapes: Vec<&str> = app
            .frameworks
            .ids()
            .filter(|id| {
                app.frameworks
                    .get(id, period)
                    .is_ok_and(|f| f.classification.is_some())
            })
            .collect();
        issues.push(blocking(IssueKind::ContextMismatch {
            field: "framework".into(),
            in_file: if with_tapes.is_empty() {
                "loan tapes".into()
            } else {
                with_tapes.join(" or ")
            },
            expected: format!("{} (institution {code} at {period})", framework.id),
        }));
        return Ok(Err(issues));
    };
    // Art. 24 of C N° 5/W/2023: in force from its signature; an earlier quarter-end is not
    // classified under it.
    if let Some(from) = def.in_force_from
        && period.end_date() < from
    {
        issues.push(blocking(IssueKind::RulesNotInForce {
            source: def.source.clone(),
            period: period.to_string(),
            from: from.to_string(),
        }));
        return Ok(Err(issues));
    }
    let Some(licence) = def.licence_for(attrs.legal_form) else {
        let forms: Vec<&str> = def
            .licences
            .iter()
            .flat_map(|l| l.legal_forms.iter().map(|f| f.code()))
            .collect();
        issues.push(blocking(IssueKind::InvalidValue {
            field: "legal_form".into(),
            value: attrs.legal_form.code().into(),
            expected: format!(
                "a legal form with a licence under {} ({})",
                def.source,
                forms.join(", ")
            ),
        }));
        return Ok(Err(issues));
    };
    if issues.iter().any(Issue::is_blocking) {
        return Ok(Err(issues));
    }
    Ok(Ok(Context {
        framework,
        def,
        licence,
    }))
}

/// Appends a loan's line as chunks stored before migration 000014 hold it (they are still
/// read; the tests write such lines): the per-loan export's fields (as
/// [`LoanResult::export_line`] writes them) then what the next quarter-end needs,
/// `restructure_count`, `art11_applied`, `principal` (the outstanding principal the next
/// quarter-end compares with, [`PreviousClassification::principal`]) and `capitalised_arrears`.
#[cfg(test)]
fn push_line(buf: &mut String, loan: &Loan, r: &LoanResult) {
    push_export_fields(
        buf,
        &loan.loan_id,
        r.class,
        r.provision_base,
        r.provision,
        r.irrecoverable,
        &r.reasons.to_string(),
    );
    buf.push(',');
    push_u64(buf, u64::from(loan.restructure_count));
    buf.push(',');
    buf.push_str(if r.art11_applied { "true" } else { "false" });
    buf.push(',');
    push_amount(
        buf,
        r.capitalised_from.unwrap_or(loan.outstanding_principal),
    );
    buf.push(',');
    buf.push_str(if r.capitalised_from.is_some() {
        "true"
    } else {
        "false"
    });
    buf.push('\n');
}

/// Appends the per-loan export's fields ([`EXPORT_HEADER`]) exactly as
/// [`LoanResult::export_line`] writes them, the id quoted when CSV needs it; written by hand
/// rather than through `format!`, as it runs once per loan of an export.
fn push_export_fields(
    buf: &mut String,
    id: &str,
    class: u8,
    provision_base: Decimal,
    provision: Decimal,
    irrecoverable: bool,
    reasons: &str,
) {
    if id.contains([',', '"', '\n', '\r']) {
        buf.push('"');
        buf.push_str(&id.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(id);
    }
    buf.push(',');
    push_u64(buf, u64::from(class));
    buf.push(',');
    push_amount(buf, provision_base);
    buf.push(',');
    push_amount(buf, provision);
    buf.push(',');
    buf.push_str(if irrecoverable { "true" } else { "false" });
    buf.push(',');
    buf.push_str(reasons);
}

/// Appends a packed loan's line of the per-loan export, with its line end.
fn push_export_line(buf: &mut String, loan: &crate::loan_results::Unpacked<'_>) {
    push_export_fields(
        buf,
        loan.id,
        loan.class,
        loan.provision_base,
        loan.provision,
        loan.irrecoverable,
        loan.reasons,
    );
    buf.push('\n');
}

/// Appends the decimal digits of `n`.
fn push_u64(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: one append rather than a char at a time.
    buf.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// Appends an amount as the export writes it ([`mizan_ratios::classification::amount_text`]): exact, with
/// at least two decimals. Non-negative amounts of at most two decimals (every provision, nearly
/// every base) take a fast path; anything else goes through `Decimal`'s own formatting.
fn push_amount(buf: &mut String, d: Decimal) {
    let scale = d.scale();
    if scale <= 2 && !d.is_sign_negative() {
        let cents = d.mantissa() * if scale == 2 { 1 } else { 10i128.pow(2 - scale) };
        if let Ok(cents) = u64::try_from(cents) {
            push_u64(buf, cents / 100);
            buf.push('.');
            let c = cents % 100;
            buf.push(char::from(b'0' + (c / 10) as u8));
            buf.push(char::from(b'0' + (c % 10) as u8));
            return;
        }
    }
    buf.push_str(&mizan_ratios::classification::amount_text(d));
}

/// Splits the loan id (unquoted) off a stored line; the rest follows its comma.
fn split_id(line: &str) -> Option<(Cow<'_, str>, &str)> {
    let Some(quoted) = line.strip_prefix('"') else {
        let (id, rest) = line.split_once(',')?;
        return Some((Cow::Borrowed(id), rest));
    };
    let mut id = String::new();
    let mut rest = quoted;
    loop {
        let at = rest.find('"')?;
        id.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match rest.strip_prefix('"') {
            Some(more) => {
                id.push('"');
                rest = more;
            }
            None => return Some((Cow::Owned(id), rest.strip_prefix(',')?)),
        }
    }
}

/// Reads what the next quarter-end needs back from a stored line.
fn parse_previous(line: &str) -> Option<(Cow<'_, str>, PreviousClassification)> {
    let (id, rest) = split_id(line)?;
    let mut f = rest.split(',');
    let class = f.next()?.parse().ok()?;
    let _base = f.next()?;
    let provision = Decimal::from_str_exact(f.next()?).ok()?;
    let _irrecoverable = f.next()?;
    let _reasons = f.next()?;
    let restructure_count = f.next()?.parse().ok()?;
    let art11_applied = f.next()?.parse().ok()?;
    // Lines stored before the principal was kept end here: the rules comparing principals do
    // not apply to their loans.
    let (principal, capitalised_arrears) = match f.next() {
        None => (None, false),
        Some(p) => (
            Some(Decimal::from_str_exact(p).ok()?),
            f.next()?.parse().ok()?,
        ),
    };
    if f.next().is_some() {
        return None;
    }
    Some((
        id,
        PreviousClassification {
            class,
            provision,
            restructure_count,
            art11_applied,
            principal,
            capitalised_arrears,
        },
    ))
}

/// The per-loan export's part of a stored line (without the last four fields, or the last two
/// of a line stored before the principal was kept).
fn export_part(line: &str) -> Option<&str> {
    let (_, rest) = split_id(line)?;
    let kept = match rest.matches(',').count() {
        6 => 2,
        8 => 4,
        _ => return None,
    };
    let mut head = line;
    for _ in 0..kept {
        head = head.rsplit_once(',')?.0;
    }
    Some(head)
}

/// Why a packed chunk could not be read.
enum Unreadable {
    Damaged(Damage),
    /// A loan id a second time in the tape.
    Twice(String),
}

impl From<Damage> for Unreadable {
    fn from(d: Damage) -> Self {
        Self::Damaged(d)
    }
}

impl Unreadable {
    fn into_error(self, tape: &LoanTapeRecord) -> ServiceError {
        ServiceError::Storage(StorageError::Corrupt {
            what: "packed loan results",
            value: match self {
                Self::Damaged(d) => format!("tape {}: {} at byte {}", tape.id, d.what, d.at),
                Self::Twice(id) => format!("tape {}: loan {id} twice", tape.id),
            },
        })
    }
}

fn corrupt_line(tape: &LoanTapeRecord, line: &str) -> ServiceError {
    ServiceError::Storage(StorageError::Corrupt {
        what: "loan result line",
        value: format!("tape {}: {line}", tape.id),
    })
}

/// Rebuilds the classification of a stored tape, in its order (so that a next tape in the same
/// order looks its loans up sequentially).
fn load_book(
    conn: &mut DbConnection,
    tape: &LoanTapeRecord,
    progress: &mut dyn FnMut(LoanProgress),
) -> ServiceResult<PreviousBook> {
    let mut book =
        PreviousBook::with_capacity(tape.as_of, usize::try_from(tape.loans).unwrap_or(0));
    let mut loaded = 0u64;
    for_each_result_chunk(conn, tape, |chunk| -> ServiceResult<()> {
        match &chunk.body {
            ResultBody::Lines(text) => {
                for line in text.lines() {
                    let (id, previous) =
                        parse_previous(line).ok_or_else(|| corrupt_line(tape, line))?;
                    if !book.insert_sorted(&id, previous) {
                        return Err(corrupt_line(tape, line));
                    }
                }
            }
            ResultBody::Packed(bytes) => {
                for_each_unpacked(bytes, chunk.loans, |loan| -> Result<(), Unreadable> {
                    if book.insert_sorted(loan.id, loan.to_previous()) {
                        Ok(())
                    } else {
                        Err(Unreadable::Twice(loan.id.to_owned()))
                    }
                })
                .map_err(|e| e.into_error(tape))?;
            }
        }
        loaded += u64::from(chunk.loans);
        progress(LoanProgress::Previous {
            loans: loaded,
            total: tape.loans,
        });
        Ok(())
    })?;
    Ok(book)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one audit event, spelled out at each call"
)]
fn audit_event(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    submission_id: Option<i64>,
    code: &InstitutionCode,
    period: Period,
    detail: &Detail,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    record(
        conn,
        Entry {
            submission_id,
            institution: Some(code.as_str()),
            period: Some(&period.to_string()),
            ..Entry::new(&actor.name, action)
        },
        detail,
        now,
    )
}

fn refuse(
    conn: &mut DbConnection,
    report: &LoanImportReport,
    actor: &Actor,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    audit_event(
        conn,
        actor,
        "import.loans.refused",
        None,
        &report.institution,
        report.period,
        &Detail::new()
            .text("file", &report.source_name)
            .text("format", report.format)
            .text("sha256", &report.sha256)
            .issues(
                report.blocking(),
                usize::try_from(report.read.issues_not_listed).unwrap_or(usize::MAX),
            ),
        now,
    )
}

/// Why the transaction that stores a tape rolled back (nothing of it is kept).
enum Stop {
    /// The tape has blocking issues.
    Refused,
    /// The same file is already stored for the institution and period.
    Duplicate(Box<LoanTapeRecord>),
    /// Anything else.
    Failed(ServiceError),
}

impl Stop {
    /// Outside the storing transaction only a failure can stop an import.
    fn into_error(self) -> ServiceError {
        match self {
            Self::Failed(e) => e,
            Self::Refused | Self::Duplicate(_) => {
                ServiceError::Internal("an import stopped before storing".into())
            }
        }
    }
}

impl From<StorageError> for Stop {
    fn from(e: StorageError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<ServiceError> for Stop {
    fn from(e: ServiceError) -> Self {
        Self::Failed(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Self::Failed(e.into())
    }
}

/// The results of the loans as they are classified, packed ([`Packer`]) into a chunk of
/// [`CHUNK_LOANS`] loans; a full chunk goes to the thread that writes it to storage
/// ([`write_chunks`]) while the next one fills, and comes back empty to be filled again — a
/// tape's results never sit in memory beyond a few chunks.
struct ChunkSink {
    packer: Packer,
    bytes: Vec<u8>,
    loans: u32,
    full: mpsc::SyncSender<ResultChunk>,
    empty: mpsc::Receiver<ResultChunk>,
    chunk_bytes: usize,
}

impl ChunkSink {
    fn push(&mut self, loan: &Loan, result: &LoanResult) {
        self.packer.push(&mut self.bytes, loan, result);
        self.loans += 1;
        if self.loans == CHUNK_LOANS {
            self.send();
        }
    }

    fn send(&mut self) {
        if self.loans == 0 {
            return;
        }
        // Waits for a chunk written (memory stays at a few chunks); a new buffer if the writing
        // thread is gone (its error is then reported when it is joined).
        let next = match self.empty.recv().map(|c| c.body) {
            Ok(ResultBody::Packed(bytes)) => bytes,
            Ok(ResultBody::Lines(_)) | Err(_) => Vec::with_capacity(self.chunk_bytes),
        };
        let full = ResultChunk {
            loans: std::mem::take(&mut self.loans),
            body: ResultBody::Packed(std::mem::replace(&mut self.bytes, next)),
        };
        let _gone = self.full.send(full);
    }

    /// Sends the last chunk; the writing thread ends once it is written.
    fn finish(mut self) {
        self.send();
    }
}

/// Where the chunks of results go while a tape is read.
enum Results<'c> {
    /// Written to storage at once, in the importing transaction (a CSV tape).
    Store(&'c mut DbConnection, ResultsWriter),
    /// Kept in a temporary file and written in the storing transaction once the tape is read (an
    /// xlsx tape: reading it takes about ten seconds for a million loans, and SQLite's write lock
    /// would be held meanwhile). Each chunk: its loans (`u32`), its length in bytes (`u64`),
    /// little-endian, then its packed bytes.
    Spill(std::fs::File),
}

impl Results<'_> {
    fn into_writer(self) -> Result<ResultsWriter, Stop> {
        match self {
            Self::Store(_, writer) => Ok(writer),
            Self::Spill(_) => Err(Stop::Failed(ServiceError::Internal(
                "loan results were spilled where they were to be stored".into(),
            ))),
        }
    }

    fn into_file(self) -> Result<std::fs::File, Stop> {
        match self {
            Self::Spill(file) => Ok(file),
            Self::Store(..) => Err(Stop::Failed(ServiceError::Internal(
                "loan results were stored where they were to be spilled".into(),
            ))),
        }
    }

    fn write(&mut self, chunk: &ResultChunk) -> Result<(), Stop> {
        match self {
            Self::Store(conn, writer) => Ok(writer.write(conn, std::slice::from_ref(chunk))?),
            Self::Spill(file) => {
                let ResultBody::Packed(bytes) = &chunk.body else {
                    return Err(Stop::Failed(ServiceError::Internal(
                        "loan results to spill were not packed".into(),
                    )));
                };
                let mut head = [0u8; 12];
                head[..4].copy_from_slice(&chunk.loans.to_le_bytes());
                head[4..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
                file.write_all(&head)
                    .and_then(|()| file.write_all(bytes))
                    .map_err(spill_error)
            }
        }
    }
}

fn spill_error(e: std::io::Error) -> Stop {
    Stop::Failed(ServiceError::Internal(format!(
        "the temporary file of the loan results: {e}"
    )))
}

/// Writes the spilled chunks of `file` ([`Results::Spill`]) to storage, in order.
fn store_spilled(
    conn: &mut DbConnection,
    writer: &mut ResultsWriter,
    mut file: std::fs::File,
) -> Result<(), Stop> {
    use std::io::{BufReader, Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(0)).map_err(spill_error)?;
    let mut file = BufReader::with_capacity(1 << 20, file);
    let mut body = Vec::new();
    loop {
        let mut head = [0u8; 12];
        match file.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(spill_error(e)),
        }
        let mut loans = [0u8; 4];
        loans.copy_from_slice(&head[..4]);
        let mut len = [0u8; 8];
        len.copy_from_slice(&head[4..]);
        body.clear();
        (&mut file)
            .take(u64::from_le_bytes(len))
            .read_to_end(&mut body)
            .map_err(spill_error)?;
        let chunk = ResultChunk {
            loans: u32::from_le_bytes(loans),
            body: ResultBody::Packed(std::mem::take(&mut body)),
        };
        writer.write(conn, std::slice::from_ref(&chunk))?;
        if let ResultBody::Packed(bytes) = chunk.body {
            body = bytes;
        }
    }
}

/// Writes the chunks `full` brings, in order, and hands each back through `empty`; after a
/// failure, the rest are only handed back (the transaction rolls back). Where they went, or the
/// first failure.
fn write_chunks<'c>(
    mut out: Results<'c>,
    full: mpsc::Receiver<ResultChunk>,
    empty: mpsc::Sender<ResultChunk>,
) -> Result<Results<'c>, Stop> {
    let mut failed = None;
    for mut chunk in full {
        if failed.is_none()
            && let Err(e) = out.write(&chunk)
        {
            failed = Some(e);
        }
        chunk.body.clear();
        chunk.loans = 0;
        let _gone = empty.send(chunk);
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Reads the tape and classifies its loans, the chunks of results going to `out` from a thread
/// of their own. Three threads: the reader's (bytes, hash, CSV records, duplicate ids), the
/// caller's (fields, classification, result lines) and the one writing the full chunks. A CSV
/// read with `hash_as_read` sets `sha256` to the SHA-256 of the whole file.
#[expect(
    clippy::too_many_arguments,
    reason = "the state of one import, passed rather than captured so that the classifier can be finished after"
)]
fn read_loans<'c>(
    upload: Upload<'_>,
    kind: FileFormat,
    hash_as_read: bool,
    options: &TapeOptions,
    classifier: &mut Classifier<'_>,
    sha256: &mut String,
    progress: &mut dyn FnMut(LoanProgress),
    chunk_bytes: usize,
    out: Results<'c>,
) -> Result<(mizan_core::Checked<TapeReport>, Results<'c>), Stop> {
    let size = upload.len()?;
    let (full_tx, full_rx) = mpsc::sync_channel::<ResultChunk>(1);
    let (empty_tx, empty_rx) = mpsc::channel::<ResultChunk>();
    let chunk = || ResultChunk {
        loans: 0,
        body: ResultBody::Packed(Vec::with_capacity(chunk_bytes)),
    };
    for _ in 0..2 {
        let _ = empty_tx.send(chunk());
    }
    std::thread::scope(|scope| {
        let store = std::thread::Builder::new()
            .name("tape-results".into())
            .spawn_scoped(scope, move || write_chunks(out, full_rx, empty_tx))?;
        let mut chunks = ChunkSink {
            packer: Packer::default(),
            bytes: Vec::with_capacity(chunk_bytes),
            loans: 0,
            full: full_tx,
            empty: empty_rx,
            chunk_bytes,
        };
        let sink = |line: u64, loan: &Loan, issues: &mut Vec<Issue>| {
            let result = classifier.add(line, loan, issues);
            chunks.push(loan, &result);
        };
        let checked = match kind {
            FileFormat::Xlsx => read_tape_xlsx(
                upload.reader()?,
                None,
                options,
                |read| progress(LoanProgress::Rows { read }),
                sink,
            ),
            FileFormat::Csv | FileFormat::Unknown if !hash_as_read => read_tape(
                upload.reader()?,
                options,
                |read| progress(LoanProgress::Bytes { read, total: size }),
                sink,
            ),
            FileFormat::Csv | FileFormat::Unknown => {
                let mut file = upload.hashing_reader()?;
                let checked = read_tape(
                    &mut file,
                    options,
                    |read| progress(LoanProgress::Bytes { read, total: size }),
                    sink,
                );
                *sha256 = file.finish()?;
                checked
            }
        };
        chunks.finish();
        let out = store.join().map_err(|_| {
            ServiceError::Internal("the thread writing the loan results failed".into())
        })??;
        Ok((checked, out))
    })
}

/// Imports the loan tape of `institution` for `period` (CSV or xlsx, recognised by content).
///
/// The institution must be in the registry at that period under a framework with loan
/// classification (`bam-mfi`); its legal form gives its licence. The loans are classified at
/// the quarter-end against the institution's latest tape of the previous quarter (none: its
/// first quarter-end). With any blocking issue nothing is stored and the refusal is audited;
/// otherwise the tape, the results of every loan and the return version it feeds are stored in
/// one transaction. `progress` is called as the work advances (for a progress bar).
///
/// A CSV tape is streamed once: hashed as it is read, its loans classified as they come and
/// their results written to storage a chunk at a time, all inside the transaction that then
/// stores the tape — which rolls everything back if the tape is refused, is a file already
/// stored, or anything fails. Memory holds the reader's batches, a few chunks of results and the
/// previous quarter-end's classification, never the file or its results. An xlsx tape (a zip
/// archive, read out of order) is hashed in a pass of its own before, and so is a CSV tape for a
/// quarter that has tapes already, so that a file sent again is found before it is read. An xlsx
/// tape takes long to read (about ten seconds for a million loans): it is read before the
/// transaction, its results spilled to a temporary file and stored once it is read, so that
/// SQLite's write lock is not held meanwhile.
pub fn import_loans<'u>(
    app: &App,
    institution: &InstitutionCode,
    period: Period,
    upload: impl Into<Upload<'u>>,
    source_name: &str,
    actor: &Actor,
    progress: &mut dyn FnMut(LoanProgress),
) -> ServiceResult<LoanImportReport> {
    actor.require_act_for(institution)?;
    let now = app.now();
    // The tape is read from where it is (a file: streamed, never whole in memory).
    let upload = upload.into();
    let size = upload.len()?;
    let kind = mizan_ingest::sniff(&upload.head()?);
    // An xlsx is read through its zip directory, out of order: hashed in a pass of its own. A
    // CSV is hashed as it is read (unless the quarter has tapes already, below).
    let mut hashed_before = match kind {
        FileFormat::Xlsx => Some(upload.sha256_hex()?),
        FileFormat::Csv | FileFormat::Unknown => None,
    };
    let mut report = LoanImportReport {
        institution: institution.clone(),
        period,
        as_of: period.end_date(),
        source_name: source_name.to_owned(),
        sha256: hashed_before.clone().unwrap_or_default(),
        format: match kind {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
            FileFormat::Unknown => "unknown",
        },
        licence: None,
        previous: None,
        read: TapeReport::default(),
        portfolio: None,
        issues: Vec::new(),
        outcome: LoanOutcome::Refused,
    };
    let mut conn = app.conn()?;
    let context = check_context(app, &mut conn, institution, period)?;
    let limits = tape_limits(app);
    let file_issue = match kind {
        FileFormat::Csv => limits.check_len(size),
        FileFormat::Xlsx => mizan_ingest::check_xlsx_reader(upload.reader()?, size, &limits),
        FileFormat::Unknown => Some(Issue::blocking(Place::File, IssueKind::UnknownFormat)),
    };
    let cx = match context {
        Ok(cx) if file_issue.is_none() => cx,
        context => {
            report.issues = context.err().unwrap_or_default();
            report.issues.extend(file_issue);
            if hashed_before.is_none() {
                // Refused unread: hashed for the audit only.
                report.sha256 = upload.sha256_hex()?;
            }
            refuse(&mut conn, &report, actor, now)?;
            return Ok(report);
        }
    };
    report.licence = Some(cx.licence.code.clone());

    // Art. 21: the classes staff imposed for the quarter take precedence over the computed
    // ones. (A file already stored for the quarter stays a duplicate — a file is stored once —
    // so the imposed classes apply from the quarter's next different file.)
    let imposed: ImposedClasses = imposed_classes_in_force(&mut conn, institution, period)?
        .into_iter()
        .map(|(loan, c)| (loan, c.class))
        .collect();
    // A file sent again is found before anything is read: hashed first when the quarter has
    // tapes already (a CSV is otherwise hashed as it is read; a file stored meanwhile is found
    // in the storing transaction).
    let stored_tapes = loan_tape_versions(&mut conn, institution, period)?;
    if hashed_before.is_none() && !stored_tapes.is_empty() {
        hashed_before = Some(upload.sha256_hex()?);
    }
    if let Some(sha) = &hashed_before {
        report.sha256.clone_from(sha);
        if let Some(same) = stored_tapes.into_iter().find(|t| &t.source_sha256 == sha) {
            return already_imported(&mut conn, report, same, actor, now);
        }
    }

    let previous_tape = latest_loan_tape(&mut conn, institution, period.previous())?
        .filter(|t| t.as_of < report.as_of);
    let book = previous_tape
        .as_ref()
        .map(|t| load_book(&mut conn, t, progress))
        .transpose()?;
    report.previous = previous_tape.as_ref().map(|t| PreviousTape {
        id: t.id,
        period: t.period,
        version: t.version,
        as_of: t.as_of,
        loans: t.loans,
    });

    let mut classifier = Classifier::new(cx.def, cx.licence, report.as_of, book.as_ref())
        .map_err(|e| ServiceError::Config(e.to_string()))?
        .with_imposed(&imposed);
    let mut options = TapeOptions::new(report.as_of, cx.def.max_class());
    let size_hint = usize::try_from(size).unwrap_or(usize::MAX);
    options.expected_rows = size_hint / 100;
    options.max_rows = limits.max_rows;
    options.max_columns = limits.max_columns;
    let chunk_bytes = (CHUNK_LOANS as usize * 24).min(size_hint / 4 + 64);

    // An xlsx tape is read before the storing transaction (its results spilled to a temporary
    // file): SQLite's write lock is then held only while they are stored. A CSV tape is read
    // inside it, its results stored as they are made.
    let spilled = match kind {
        FileFormat::Xlsx => {
            let file = tempfile::tempfile()?;
            let (checked, out) = read_loans(
                upload,
                kind,
                false,
                &options,
                &mut classifier,
                &mut report.sha256,
                progress,
                chunk_bytes,
                Results::Spill(file),
            )
            .map_err(Stop::into_error)?;
            Some((checked, out.into_file().map_err(Stop::into_error)?))
        }
        FileFormat::Csv | FileFormat::Unknown => None,
    };
    let fw = cx.framework;
    let stored = mizan_storage::transaction(
        &mut conn,
        |conn| -> Result<(LoanTapeRecord, ReturnFeed), Stop> {
            let mut writer = ResultsWriter::begin(conn)?;
            let checked = match spilled {
                Some((checked, file)) => {
                    if !checked.is_blocked() {
                        store_spilled(conn, &mut writer, file)?;
                    }
                    checked
                }
                None => {
                    let (checked, out) = read_loans(
                        upload,
                        kind,
                        hashed_before.is_none(),
                        &options,
                        &mut classifier,
                        &mut report.sha256,
                        progress,
                        chunk_bytes,
                        Results::Store(&mut *conn, writer),
                    )?;
                    writer = out.into_writer()?;
                    checked
                }
            };
            if let Some(same) = loan_tape_versions(conn, institution, period)?
                .into_iter()
                .find(|t| t.source_sha256 == report.sha256)
            {
                return Err(Stop::Duplicate(Box::new(same)));
            }
            let portfolio = classifier.finish();
            let blocked = checked.is_blocked();
            report.read = checked.data;
            report.issues = checked.issues;
            if blocked {
                return Err(Stop::Refused);
            }
            progress(LoanProgress::Storing {
                loans: report.read.loans,
            });
            let portfolio = &*report.portfolio.insert(portfolio);
            let items = portfolio_items(portfolio, fw);
            let metrics = portfolio.outputs_csv();
            let warnings: Vec<Issue> = report
                .issues
                .iter()
                .filter(|i| i.severity == Severity::Warning)
                .cloned()
                .collect();

            // The return version the tape feeds: the latest version not rejected, with the
            // tape's items.
            let existing = versions(conn, institution, period)?;
            let mut values = match existing
                .iter()
                .rev()
                .find(|s| s.status != SubmissionStatus::Rejected)
            {
                Some(base) => submission_values(conn, base.id)?,
                None => ItemValues::new(),
            };
            values.extend(items.iter().map(|(c, v)| (c.clone(), *v)));
            let content = content_sha256(&values);
            let unchanged = existing
                .last()
                .filter(|l| l.content_sha256 == content)
                .cloned();

            ensure_period(conn, period, &actor.name, now)?;
            let feed = match unchanged {
                Some(latest) => ReturnFeed::Unchanged(latest),
                None => ReturnFeed::NewVersion(insert_submission(
                    conn,
                    &NewSubmission {
                        institution,
                        period,
                        framework: &fw.id,
                        framework_version: &fw.version,
                        received_at: now,
                        submitted_by: &actor.name,
                        user_id: actor.user_id,
                        channel: actor.channel,
                        source_name,
                        source_format: "tape",
                        source_sha256: &report.sha256,
                        content_sha256: &content,
                        // Decided from the versions read above: a return stored meanwhile
                        // makes this a conflict rather than a version built on an older one.
                        version: Some(existing.last().map_or(1, |l| l.version + 1)),
                        // The tape is the loan tapes' (up to a million loans): not copied here.
                        file: None,
                    },
                    &values,
                    &warnings,
                )?),
            };
            let tape = finish_loan_tape(
                conn,
                &NewLoanTape {
                    institution,
                    period,
                    as_of: report.as_of,
                    previous_tape_id: report.previous.as_ref().map(|p| p.id),
                    framework: &fw.id,
                    framework_version: &fw.version,
                    licence: &cx.licence.code,
                    received_at: now,
                    submitted_by: &actor.name,
                    user_id: actor.user_id,
                    channel: actor.channel,
                    source_name,
                    source_format: report.format,
                    source_sha256: &report.sha256,
                    loans: report.read.loans,
                    metrics: &metrics,
                    items: &items,
                    warnings: &warnings,
                    submission_id: Some(feed.submission().id),
                },
                writer,
            )?;
            let return_note = match &feed {
                ReturnFeed::NewVersion(s) => {
                    audit_event(
                        conn,
                        actor,
                        "import.stored",
                        Some(s.id),
                        institution,
                        period,
                        &Detail::new()
                            .text("file", source_name)
                            .count("version", s.version)
                            .text("via", "tape")
                            .count("tape_version", tape.version)
                            .size("values", values.len())
                            .size("warnings", warnings.len()),
                        now,
                    )?;
                    crate::mail::queue_arrival(conn, s, actor, now)?;
                    ("new", s.version)
                }
                ReturnFeed::Unchanged(s) => ("unchanged", s.version),
            };
            audit_event(
                conn,
                actor,
                "import.loans.stored",
                Some(feed.submission().id),
                institution,
                period,
                &Detail::new()
                    .text("file", source_name)
                    .text("format", report.format)
                    .text("sha256", &report.sha256)
                    .count("version", tape.version)
                    .count("loans", i64::try_from(tape.loans).unwrap_or(i64::MAX))
                    .text("as_of", report.as_of)
                    .text("licence", &cx.licence.code)
                    .text("provisions", portfolio.total.provision)
                    .size("warnings", warnings.len())
                    .text("return", return_note.0)
                    .count("return_version", return_note.1),
                now,
            )?;
            Ok((tape, feed))
        },
    );
    match stored {
        Ok((tape, feed)) => {
            report.outcome = LoanOutcome::Stored(Box::new(StoredTape { tape, feed }));
        }
        Err(Stop::Refused) => {
            report.portfolio = None;
            refuse(&mut conn, &report, actor, now)?;
        }
        Err(Stop::Duplicate(same)) => {
            return already_imported(&mut conn, report, *same, actor, now);
        }
        Err(Stop::Failed(ServiceError::Storage(e))) if e.is_conflict() => {
            // The same tape sent twice at once: the other upload stored it.
            if let Some(same) = loan_tape_versions(&mut conn, institution, period)?
                .into_iter()
                .find(|t| t.source_sha256 == report.sha256)
            {
                report.outcome = LoanOutcome::AlreadyImported(Box::new(same));
                return Ok(report);
            }
            return Err(ServiceError::Conflict(format!(
                "{e}; nothing of the tape is stored: send it again to store it after the other"
            )));
        }
        Err(Stop::Failed(e)) => return Err(e),
    }
    Ok(report)
}

/// The file is already stored for (institution, period): audited, and reported as it was before
/// anything was read (no issues, no portfolio: nothing new is made of it).
fn already_imported(
    conn: &mut DbConnection,
    mut report: LoanImportReport,
    same: LoanTapeRecord,
    actor: &Actor,
    now: NaiveDateTime,
) -> ServiceResult<LoanImportReport> {
    audit_event(
        conn,
        actor,
        "import.loans.duplicate",
        same.submission_id,
        &report.institution,
        report.period,
        &Detail::new()
            .text("file", &report.source_name)
            .count("version", same.version)
            .text("received_at", same.received_at.format("%Y-%m-%d %H:%M")),
        now,
    )?;
    report.previous = None;
    report.read = TapeReport::default();
    report.portfolio = None;
    report.issues = Vec::new();
    report.outcome = LoanOutcome::AlreadyImported(Box::new(same));
    Ok(report)
}

/// For a return of an institution whose framework takes loan tapes: adds the items of the latest
/// tape of (institution, period) that the return does not give; an item the return gives keeps
/// the return's value, with a [`IssueKind::DiffersFromTape`] warning when it differs from the
/// tape's. Returns under other frameworks are left as they are.
pub(crate) fn carry_tape_items(
    conn: &mut DbConnection,
    framework: &Framework,
    raw: &RawReturn,
    code: &InstitutionCode,
    period: Period,
    values: &mut ItemValues,
    issues: &mut Vec<Issue>,
) -> ServiceResult<()> {
    if framework.classification.is_none() {
        return Ok(());
    }
    let Some(tape) = latest_loan_tape(conn, code, period)? else {
        return Ok(());
    };
    for (item, tape_value) in &tape.items {
        match values.get(item) {
            None => {
                values.insert(item.clone(), *tape_value);
            }
            Some(value) if value != tape_value => {
                let place = raw
                    .entries
                    .iter()
                    .find(|e| e.item == item.as_str())
                    .map_or(Place::Return, |e| e.place.clone());
                issues.push(
                    Issue::warning(
                        place,
                        IssueKind::DiffersFromTape {
                            value: value.to_string(),
                            tape_value: tape_value.to_string(),
                            tape_version: tape.version,
                        },
                    )
                    .about(item.as_str()),
                );
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Every tape of (institution, period), oldest version first.
pub fn loan_tapes(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<Vec<LoanTapeRecord>> {
    actor.require_act_for(institution)?;
    let mut conn = app.conn()?;
    Ok(loan_tape_versions(&mut conn, institution, period)?)
}

/// The tape that counts for (institution, period): its latest version.
pub fn latest_tape(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<LoanTapeRecord> {
    actor.require_act_for(institution)?;
    let mut conn = app.conn()?;
    latest_loan_tape(&mut conn, institution, period)?.ok_or_else(|| {
        ServiceError::NotFound(format!("no loan tape of {institution} for {period}"))
    })
}

/// Writes the per-loan results of the latest tape of (institution, period) as CSV
/// (`loan_id,class,provision_base,provision,irrecoverable,reasons`, [`EXPORT_HEADER`]), in the
/// order of the tape, chunk by chunk; returns the tape.
pub fn write_loans(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
    out: &mut dyn Write,
) -> ServiceResult<LoanTapeRecord> {
    actor.require_act_for(institution)?;
    let mut conn = app.conn()?;
    let tape = latest_loan_tape(&mut conn, institution, period)?.ok_or_else(|| {
        ServiceError::NotFound(format!("no loan tape of {institution} for {period}"))
    })?;
    let write_err = |e: std::io::Error| ServiceError::Write {
        what: "the loan export",
        message: e.to_string(),
    };
    writeln!(out, "{EXPORT_HEADER}").map_err(write_err)?;
    let mut buf = String::new();
    for_each_result_chunk(&mut conn, &tape, |chunk| -> ServiceResult<()> {
        buf.clear();
        match &chunk.body {
            ResultBody::Lines(text) => {
                for line in text.lines() {
                    buf.push_str(export_part(line).ok_or_else(|| corrupt_line(&tape, line))?);
                    buf.push('\n');
                }
            }
            ResultBody::Packed(bytes) => {
                for_each_unpacked(bytes, chunk.loans, |loan| -> Result<(), Damage> {
                    push_export_line(&mut buf, loan);
                    Ok(())
                })
                .map_err(|d| Unreadable::Damaged(d).into_error(&tape))?;
            }
        }
        out.write_all(buf.as_bytes()).map_err(write_err)
    })?;
    Ok(tape)
}

/// The per-loan results of the latest tape of (institution, period) as CSV bytes
/// ([`write_loans`]).
pub fn export_loans(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<Vec<u8>> {
    actor.require_act_for(institution)?;
    let mut out = Vec::new();
    write_loans(app, actor, institution, period, &mut out)?;
    Ok(out)
}

/// The portfolio outputs of the latest tape of (institution, period) as CSV (`metric,value`,
/// as in the `expected-summary-*.csv` files).
pub fn export_portfolio(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<Vec<u8>> {
    actor.require_act_for(institution)?;
    Ok(latest_tape(app, actor, institution, period)?
        .metrics
        .into_bytes())
}

/// The solvency coefficient of an institution's return, with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolvencyReport {
    /// The return version it is computed from (the latest not rejected).
    pub submission: SubmissionRecord,
    /// Framework id.
    pub framework: String,
    /// The regulation it applies (`Circulaire 4/G/2001`).
    pub source: String,
    /// The breakdown: every item as reported and counted, each cap, the coefficient.
    pub breakdown: SolvencyBreakdown,
}

/// The solvency coefficient of the return of `institution` for `period` (its latest version not
/// rejected), from its `solv.*` items under the framework's `[solvency]` definition.
pub fn solvency_of(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<SolvencyReport> {
    actor.require_act_for(institution)?;
    let mut conn = app.conn()?;
    let submission = versions(&mut conn, institution, period)?
        .into_iter()
        .rev()
        .find(|s| s.status != SubmissionStatus::Rejected)
        .ok_or_else(|| {
            ServiceError::NotFound(format!("no return of {institution} for {period}"))
        })?;
    let fw = app.framework(&submission.framework, period)?;
    let def = fw.solvency.as_ref().ok_or_else(|| {
        ServiceError::Invalid(
            LoanRefusal::NoSolvency {
                framework: fw.id.clone(),
            }
            .into(),
        )
    })?;
    let values = submission_values(&mut conn, submission.id)?;
    Ok(SolvencyReport {
        framework: fw.id.clone(),
        source: def.source.clone(),
        breakdown: solvency(def, &values),
        submission,
    })
}

/// Art. 21 of C N° 5/W/2023: staff impose a class on a loan of an institution for a quarter,
/// with the reason. The decision is kept (append-only: a later one on the same loan and quarter
/// replaces it) and takes precedence over the computed class — class, provision at the imposed
/// class's rate, portfolio outputs and the return's items — in every tape of the quarter
/// classified from then on (`import_loans`); a tape stored before keeps its results (tapes are
/// never overwritten, and a file is stored once): the institution sends the quarter's tape
/// again, as art. 21 has it ("demander aux institutions de microfinance de procéder à la
/// classification"). Staff only;
/// audited as `loan.class-imposed`. Refused (nothing stored) without a loan id or a reason,
/// above the rules' highest class, or where the institution's framework classifies no loans.
pub fn impose_class(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
    loan_id: &str,
    class: u8,
    reason: &str,
) -> ServiceResult<Result<ImposedClass, LoanRefusal>> {
    actor.require_staff()?;
    let (loan_id, reason) = (loan_id.trim(), reason.trim());
    if loan_id.is_empty() || reason.is_empty() {
        return Ok(Err(LoanRefusal::ImposedClassIncomplete));
    }
    let mut conn = app.conn()?;
    let registry = load_registry(&mut conn)?;
    let attrs = registry
        .iter()
        .find(|i| &i.code == institution)
        .and_then(|i| i.attributes_at(period))
        .ok_or_else(|| ServiceError::NotFound(format!("institution {institution} at {period}")))?;
    let Some(def) = app
        .frameworks
        .get(&attrs.framework, period)
        .ok()
        .and_then(|f| f.classification.as_ref())
    else {
        return Ok(Err(LoanRefusal::NoClassification {
            institution: institution.to_string(),
            period,
        }));
    };
    if class > def.max_class() {
        return Ok(Err(LoanRefusal::ClassAboveHighest {
            class: usize::from(class),
            max: usize::from(def.max_class()),
        }));
    }
    let now = app.now();
    let imposed = ImposedClass {
        institution: institution.clone(),
        period,
        loan_id: loan_id.to_owned(),
        class,
        reason: reason.to_owned(),
        set_by: actor.name.clone(),
        set_at: now,
    };
    mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<()> {
        insert_imposed_class(conn, &imposed)?;
        audit_event(
            conn,
            actor,
            "loan.class-imposed",
            None,
            institution,
            period,
            &Detail::new()
                .text("loan", loan_id)
                .count("class", class)
                .text("reason", reason),
            now,
        )
    })?;
    Ok(Ok(imposed))
}

/// The classes imposed on the loans of an institution for a quarter (art. 21), in the order
/// staff set them; the latest of a loan is in force. For those who may act for the institution.
pub fn imposed_classes_of(
    app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<Vec<ImposedClass>> {
    actor.require_act_for(institution)?;
    let mut conn = app.conn()?;
    Ok(imposed_classes(&mut conn, institution, period)?)
}

/// Adds to a return the items its framework computes from the `solv.*` items of its
/// `[solvency]` (`solv.own_funds`, `solv.rwa`: the inputs of `prud.solvency`), when the return
/// gives at least one of their inputs; they replace any reported value (the platform computes
/// them). Returns under a framework without `[solvency]` are left as they are.
pub(crate) fn derive_solvency_items(framework: &Framework, values: &mut ItemValues) {
    let Some(def) = framework.solvency.as_ref() else {
        return;
    };
    if !def.items.iter().any(|i| values.contains_key(&i.item)) {
        return;
    }
    let breakdown = solvency(def, values);
    values.extend(solvency_items(&breakdown, framework));
}

/// Loans in a [`sample_tape`].
const SAMPLE_LOANS: u64 = 6;

/// A sample loan tape for (institution, period), to show the file expected: the tape's
/// documented columns and a few synthetic loans at the quarter's end (made by the one
/// deterministic generator, [`mizan_ingest::loans::write_synthetic_tape`]; no real loan).
/// The institution's members and staff.
pub fn sample_tape(
    _app: &App,
    actor: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<Vec<u8>> {
    actor.require_act_for(institution)?;
    let mut out = Vec::new();
    mizan_ingest::loans::write_synthetic_tape(&mut out, SAMPLE_LOANS, 1, period.end_date())
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mizan_ratios::classification::Reasons;

    fn result(class: u8, base: &str, provision: &str, reasons: &str) -> Option<LoanResult> {
        Some(LoanResult {
            class,
            dpd: 0,
            provision_base: Decimal::from_str_exact(base).ok()?,
            provision: Decimal::from_str_exact(provision).ok()?,
            irrecoverable: class == 4,
            reasons: Reasons::parse(reasons)?,
            art11_applied: class == 2,
            previous_class: None,
            capitalised_from: (class == 1).then(|| Decimal::from(700)),
        })
    }

    #[track_caller]
    fn check(id: &str, r: &LoanResult, restructure_count: u32, expected: &str) {
        let loan = Loan {
            loan_id: id.to_owned(),
            restructure_count,
            ..Loan::default()
        };
        let mut line = String::new();
        push_line(&mut line, &loan, r);
        assert_eq!(line, format!("{expected}\n"));
        let line = line.trim_end();
        // The export's part is exactly what LoanResult::export_line writes.
        assert_eq!(export_part(line), Some(r.export_line(id).as_str()));
        let back = parse_previous(line).map(|(i, p)| (i.into_owned(), p));
        assert_eq!(back, Some((id.to_owned(), r.to_previous(&loan))));
        // Packed, the loan reads back to the same export line and the same previous
        // classification as its text line.
        let mut packed = Vec::new();
        Packer::default().push(&mut packed, &loan, r);
        let mut unpacked = Vec::new();
        let read = for_each_unpacked(&packed, 1, |u| -> Result<(), Damage> {
            let mut export = String::new();
            push_export_line(&mut export, u);
            unpacked.push((export, u.id.to_owned(), u.to_previous()));
            Ok(())
        });
        assert_eq!(read, Ok(()));
        assert_eq!(
            unpacked,
            [(
                format!("{}\n", export_part(line).unwrap_or_default()),
                id.to_owned(),
                r.to_previous(&loan)
            )]
        );
    }

    #[test]
    fn stored_lines_read_back() -> Result<(), &'static str> {
        let healthy = result(0, "8505", "0", "").ok_or("result")?;
        let doubtful = result(2, "1000.025", "500.01", "dpd|art10_hold").ok_or("result")?;
        let lost = result(4, "4500.00", "4500.00", "compromised").ok_or("result")?;
        check(
            "EX01",
            &healthy,
            0,
            "EX01,0,8505.00,0.00,false,,0,false,0.00,false",
        );
        check(
            "EX20",
            &doubtful,
            1,
            "EX20,2,1000.025,500.01,false,dpd|art10_hold,1,true,0.00,false",
        );
        check(
            "a,\"b\"",
            &lost,
            3,
            "\"a,\"\"b\"\"\",4,4500.00,4500.00,true,compromised,3,false,0.00,false",
        );
        check(
            "\"",
            &lost,
            0,
            "\"\"\"\",4,4500.00,4500.00,true,compromised,0,false,0.00,false",
        );
        check("", &healthy, 0, ",0,8505.00,0.00,false,,0,false,0.00,false");
        let tenth = result(1, "12.5", "3.13", "dpd|judgment").ok_or("result")?;
        check(
            "T",
            &tenth,
            2,
            "T,1,12.50,3.13,false,dpd|judgment,2,false,700.00,true",
        );
        let big = result(3, "98765432109876.5", "74074074082407.38", "art13").ok_or("result")?;
        check(
            "B",
            &big,
            3,
            "B,3,98765432109876.50,74074074082407.38,false,art13,3,false,0.00,false",
        );
        // A line stored before the principal was kept: read without it, exported alike.
        let old = "EX20,2,1000.025,500.01,false,dpd|art10_hold,1,true";
        assert_eq!(
            export_part(old),
            Some("EX20,2,1000.025,500.01,false,dpd|art10_hold")
        );
        let back = parse_previous(old).map(|(_, p)| (p.class, p.principal, p.capitalised_arrears));
        assert_eq!(back, Some((2, None, false)));
        Ok(())
    }

    #[test]
    fn damaged_lines_are_not_read() {
        for line in [
            "",
            "EX01",
            "EX01,0,1.00,0.00,false,,0",
            "EX01,0,1.00,0.00,false,,0,false,extra",
            "EX01,0,1.00,0.00,false,,0,false,1.00",
            "EX01,0,1.00,0.00,false,,0,false,one,false",
            "EX01,0,1.00,0.00,false,,0,false,1.00,false,x",
            "EX01,x,1.00,0.00,false,,0,false",
            "EX01,0,1.00,zero,false,,0,false",
            "EX01,0,1.00,0.00,false,,-1,false",
            "EX01,0,1.00,0.00,false,,0,maybe",
            "\"EX01,0,1.00,0.00,false,,0,false",
            "\"EX01\"0,1.00,0.00,false,,0,false",
        ] {
            assert!(parse_previous(line).is_none(), "{line:?} was read");
        }
    }
}
