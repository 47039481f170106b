//! Importing returns: reading, checking against the registry and the framework, and storing
//! each submission as a new version — or refusing it whole.

use std::collections::BTreeMap;

use crate::audit::{Detail, Entry, record, record_many};
use mizan_core::{
    Institution, InstitutionCode, Issue, IssueKind, ItemValues, Period, Place, Severity,
};
use mizan_ingest::{RawReturn, SourceKind};
use mizan_storage::DbConnection;
use mizan_storage::periods::ensure_period;
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::{
    NewReturn, NewSubmission, SubmissionRecord, SubmissionStatus, effective_returns,
    insert_submissions, submission_values, versions, versions_of,
};

use crate::app::{Actor, App};
use crate::error::{ServiceError, ServiceResult};
use crate::upload::Upload;

pub use crate::access::Scope;
pub use crate::digest::{content_sha256, sha256_hex};

/// What happened to one submission of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored as a new version (with its warnings).
    Stored(SubmissionRecord),
    /// Refused: nothing of it was stored (the issues say why).
    Refused,
    /// The same file was already imported for this institution and period: no new version.
    AlreadyImported(SubmissionRecord),
    /// The latest version already holds exactly these values: no new version.
    Unchanged(SubmissionRecord),
}

/// One submission of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionReport {
    /// The institution as written in the file.
    pub institution: String,
    /// The period as written in the file.
    pub period: String,
    /// Where it starts in the file.
    pub place: Place,
    /// What happened.
    pub outcome: Outcome,
    /// Every issue of it (blocking ones when refused; warnings otherwise).
    pub issues: Vec<Issue>,
}

/// What importing a returns file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// The file's name.
    pub source_name: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// `csv`, `xlsx` or `ods` (`unknown` when unreadable).
    pub format: &'static str,
    /// Issues of the file as a whole (a blocking one refuses every submission).
    pub file_issues: Vec<Issue>,
    /// Each submission of the file, in file order.
    pub submissions: Vec<SubmissionReport>,
}

impl ImportReport {
    /// Whether anything was refused (the command line then exits with a non-zero code).
    pub fn has_refusals(&self) -> bool {
        self.file_issues.iter().any(Issue::is_blocking)
            || self
                .submissions
                .iter()
                .any(|s| matches!(s.outcome, Outcome::Refused))
            || (self.submissions.is_empty() && !self.file_issues.is_empty())
    }

    /// Submissions stored as new versions.
    pub fn stored(&self) -> impl Iterator<Item = &SubmissionRecord> {
        self.submissions.iter().filter_map(|s| match &s.outcome {
            Outcome::Stored(r) => Some(r),
            _ => None,
        })
    }
}

/// The effective values of each institution for `period` (latest version not rejected).
pub(crate) fn effective_values(
    conn: &mut DbConnection,
    period: Period,
) -> ServiceResult<BTreeMap<InstitutionCode, ItemValues>> {
    Ok(effective_returns(conn, period)?
        .into_iter()
        .map(|(s, v)| (s.institution, v))
        .collect())
}

struct Context<'a> {
    app: &'a App,
    registry: &'a [Institution],
    scope: &'a Scope,
    /// The effective returns of whole periods, for a file of many returns
    /// ([`FEW_RETURNS`] or more).
    previous: BTreeMap<Period, BTreeMap<InstitutionCode, ItemValues>>,
    /// One institution's effective return of a period, for a file of a few returns.
    own_previous: BTreeMap<(InstitutionCode, Period), Option<ItemValues>>,
    /// Whether the file has [`FEW_RETURNS`] returns or more.
    many: bool,
}

/// From this number of returns in one file, the previous periods are read whole (one query
/// each) rather than institution by institution (two queries each): a return sent on its own —
/// an upload, a form — reads its own institution's previous return, not every institution's.
const FEW_RETURNS: usize = 8;

impl Context<'_> {
    /// The effective return (latest version not rejected) of `code` for `period`, the one its
    /// next period's return is checked against.
    fn previous(
        &mut self,
        conn: &mut DbConnection,
        code: &InstitutionCode,
        period: Period,
    ) -> ServiceResult<Option<&ItemValues>> {
        if self.many {
            if let std::collections::btree_map::Entry::Vacant(e) = self.previous.entry(period) {
                e.insert(effective_values(conn, period)?);
            }
            return Ok(self.previous.get(&period).and_then(|m| m.get(code)));
        }
        let key = (code.clone(), period);
        if !self.own_previous.contains_key(&key) {
            let effective = versions(conn, code, period)?
                .into_iter()
                .rev()
                .find(|s| s.status != SubmissionStatus::Rejected);
            let values = match effective {
                Some(s) => Some(submission_values(conn, s.id)?),
                None => None,
            };
            self.own_previous.insert(key.clone(), values);
        }
        Ok(self.own_previous.get(&key).and_then(Option::as_ref))
    }
}

/// The registry and period checks of one submission; the framework's checks come after.
fn check_context<'f>(
    cx: &Context<'f>,
    raw: &RawReturn,
) -> Result<(InstitutionCode, Period, &'f mizan_core::Framework), Vec<Issue>> {
    let mut issues = Vec::new();
    let code = raw.institution_code();
    let period = raw.period();
    let institution = code
        .as_ref()
        .and_then(|c| cx.registry.iter().find(|i| &i.code == c));
    if code.is_some() && institution.is_none() {
        issues.push(raw.unknown_institution());
    }
    if let Scope::Institution(own, own_period) = cx.scope
        && let Some(expected) = own_period.or(period)
    {
        issues.extend(raw.check_context(own, expected));
    }
    let (Some(code), Some(period), Some(institution)) = (code, period, institution) else {
        return Err(issues);
    };
    let today = cx.app.today();
    if period.end_date() >= today {
        issues.push(Issue::blocking(
            raw.period_place.clone(),
            IssueKind::PeriodNotEnded {
                period: period.to_string(),
                ends: period.end_date().to_string(),
            },
        ));
    }
    let Some(attrs) = institution.attributes_at(period) else {
        let from = institution
            .history
            .first()
            .and_then(|v| v.valid_from)
            .map_or_else(String::new, |p| p.to_string());
        issues.push(Issue::blocking(
            raw.period_place.clone(),
            IssueKind::NotRegisteredFor {
                institution: code.to_string(),
                period: period.to_string(),
                from,
            },
        ));
        return Err(issues);
    };
    if let Some(kind) = attrs.period_kind_issue(code.as_str(), period) {
        issues.push(Issue::blocking(raw.period_place.clone(), kind));
    }
    if let Some(in_file) = &raw.framework
        && in_file != &attrs.framework
    {
        issues.push(Issue::blocking(
            raw.place.clone(),
            IssueKind::ContextMismatch {
                field: "framework".into(),
                in_file: in_file.clone(),
                expected: attrs.framework.clone(),
            },
        ));
    }
    match cx.app.frameworks.get(&attrs.framework, period) {
        Ok(fw) if issues.iter().all(|i| !i.is_blocking()) => Ok((code, period, fw)),
        Ok(_) => Err(issues),
        Err(_) => {
            issues.push(Issue::blocking(
                raw.period_place.clone(),
                IssueKind::NoFrameworkFor {
                    framework: attrs.framework.clone(),
                    period: period.to_string(),
                    versions: cx.app.frameworks.spans(&attrs.framework),
                },
            ));
            Err(issues)
        }
    }
}

/// How many times a file's transaction is tried again when a simultaneous writer took the
/// version it was about to store (PostgreSQL; SQLite serialises writers with `BEGIN IMMEDIATE`).
const STORE_ATTEMPTS: u32 = 8;

/// A return of the file that passed every check, waiting to be stored with the others.
struct Ready<'f> {
    /// Its index in the file's returns.
    index: usize,
    code: InstitutionCode,
    period: Period,
    fw: &'f mizan_core::Framework,
    values: ItemValues,
    content: String,
    warnings: Vec<Issue>,
    source_format: &'static str,
}

/// Imports a returns file (CSV long form or a filled-in template, recognised by content).
///
/// One file, one decision: every return of the file (one per institution and period) is
/// checked first, and the file is stored whole in one transaction or not at all — a blocking
/// issue in any return refuses them all, each report saying why. Each stored return is a new
/// version: earlier versions stay. A byte-identical file, or values identical to the latest
/// version, is recognised inside the storing transaction (so simultaneous uploads of one return
/// store it once) and creates no version. Every outcome goes to the audit log. The actor must
/// be allowed the scope (see [`crate::access::upload_scope`]): [`Scope::Any`] is staff's and
/// the operator's, one institution's is for those who may act for it; others are refused
/// ([`ServiceError::Forbidden`]) before the file is read.
pub fn import_returns<'u>(
    app: &App,
    upload: impl Into<Upload<'u>>,
    source_name: &str,
    actor: &Actor,
    scope: &Scope,
) -> ServiceResult<ImportReport> {
    crate::access::require_scope(actor, scope)?;
    let limits = app.limits();
    let upload = upload.into();
    let sha = upload.sha256_hex()?;
    let format = match mizan_ingest::sniff(&upload.head()?) {
        mizan_ingest::FileFormat::Csv => "csv",
        mizan_ingest::FileFormat::Xlsx => "xlsx",
        mizan_ingest::FileFormat::Unknown => "unknown",
    };
    // A return is at most `max_file_bytes` (20 MB): read whole once, unless it is larger.
    // The bytes read are the ones kept with each stored return (the original file).
    let (read, bytes) = match limits.check_len(upload.len()?) {
        Some(issue) => (
            mizan_core::Checked {
                data: Vec::new(),
                issues: vec![issue],
            },
            None,
        ),
        None => {
            let bytes = upload.bytes()?;
            (
                mizan_ingest::read_returns(&bytes, &app.frameworks, &limits),
                Some(bytes),
            )
        }
    };
    // An OpenDocument spreadsheet is a zip archive like an xlsx workbook: the reader knows.
    let format = if read
        .data
        .first()
        .is_some_and(|r| r.source == SourceKind::Ods)
    {
        "ods"
    } else {
        format
    };
    let mut conn = app.conn()?;
    let mut report = ImportReport {
        // A file's name is the person's; only its first characters are kept.
        source_name: source_name
            .chars()
            .take(mizan_core::limits::FILE_NAME_MAX_CHARS)
            .collect(),
        sha256: sha.clone(),
        format,
        file_issues: read.issues.clone(),
        submissions: read
            .data
            .iter()
            .map(|raw| SubmissionReport {
                institution: raw.institution.clone(),
                period: raw.period.clone(),
                place: raw.place.clone(),
                outcome: Outcome::Refused,
                issues: raw.issues.clone(),
            })
            .collect(),
    };
    let now = app.now();
    if read.is_blocked() || read.data.is_empty() {
        audit_file_refused(&mut conn, &report, actor, now)?;
        return Ok(report);
    }
    let registry = load_registry(&mut conn)?;
    let mut cx = Context {
        app,
        registry: &registry,
        scope,
        previous: BTreeMap::new(),
        own_previous: BTreeMap::new(),
        many: read.data.len() >= FEW_RETURNS,
    };
    // Every return is checked before anything is stored.
    let mut ready = Vec::new();
    for (index, raw) in read.data.iter().enumerate() {
        match check_one(&mut conn, &mut cx, raw)? {
            Ok(mut r) => {
                report.submissions[index].issues.clone_from(&r.warnings);
                r.index = index;
                ready.push(r);
            }
            Err(issues) => report.submissions[index].issues = issues,
        }
    }
    let refused = read.data.len() - ready.len();
    if refused > 0 {
        for r in &ready {
            report.submissions[r.index].issues.push(Issue::blocking(
                Place::Return,
                IssueKind::RefusedWithFile { refused },
            ));
        }
        for sub in report.submissions.iter() {
            audit_refused(&mut conn, &report, sub, actor, now)?;
        }
        return Ok(report);
    }
    // The same order of (institution, period) in every transaction: simultaneous files that
    // share returns wait for each other rather than deadlock.
    ready.sort_by(|a, b| (&a.code, a.period).cmp(&(&b.code, b.period)));
    let outcomes = store_all(&mut conn, &report, &ready, actor, now, bytes.as_deref())?;
    for (r, outcome) in ready.iter().zip(outcomes) {
        report.submissions[r.index].outcome = outcome;
    }
    Ok(report)
}

/// A person's upload of a returns file: who may send returns for which institution is decided
/// here ([`crate::access::upload_scope`]: a member its own institution's only, staff any, a
/// partner none), then the file is imported as [`import_returns`] does, in their name. The web
/// passes who is asking and what they asked for, and decides nothing itself.
pub fn submit_returns<'u>(
    app: &App,
    who: &Actor,
    institution: Option<&InstitutionCode>,
    period: Option<Period>,
    upload: impl Into<Upload<'u>>,
    source_name: &str,
) -> ServiceResult<ImportReport> {
    let scope = crate::access::upload_scope(who, institution, period)?;
    import_returns(app, upload, source_name, who, &scope)
}

/// Stores every ready return of the file in one transaction, tried again when a simultaneous
/// writer took a version first. A conflict that remains after every attempt is
/// [`ServiceError::Conflict`]: nothing of the file is stored.
fn store_all(
    conn: &mut DbConnection,
    report: &ImportReport,
    ready: &[Ready<'_>],
    actor: &Actor,
    now: chrono::NaiveDateTime,
    file: Option<&[u8]>,
) -> ServiceResult<Vec<Outcome>> {
    let mut attempt = 1;
    loop {
        let result = mizan_storage::transaction(conn, |conn| {
            store_batch(conn, report, ready, actor, now, file)
        });
        match result {
            Err(ServiceError::Storage(e)) if e.is_conflict() => {
                if attempt >= STORE_ATTEMPTS {
                    return Err(ServiceError::Conflict(format!(
                        "{}: other returns of the same institutions and quarters were being \
                         stored at the same moment ({e}); nothing of the file is stored",
                        report.source_name
                    )));
                }
                tracing::debug!(attempt, error = %e, "conflict storing a returns file; trying again");
                // A short wait that grows and differs between writers.
                let jitter = u64::from(now.and_utc().timestamp_subsec_micros() % 7);
                std::thread::sleep(std::time::Duration::from_millis(
                    5 * u64::from(attempt) + jitter,
                ));
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// What becomes of one ready return, decided from the versions read in the file's transaction.
enum Decision {
    /// The same file was stored before as this version.
    Duplicate(SubmissionRecord),
    /// The latest version holds the same values.
    Unchanged(SubmissionRecord),
    /// Stored as this version.
    New(i32),
}

/// Inside the file's transaction, in a few statements whatever the number of returns: the
/// versions of every (institution, period) of the file are read at once; each return is
/// recognised as already stored (same file, or the latest version's values) or stored as the
/// next version, every new one in one batch ([`mizan_storage::submissions::insert_submissions`]);
/// one audit entry per return, in the file's order.
fn store_batch(
    conn: &mut DbConnection,
    report: &ImportReport,
    ready: &[Ready<'_>],
    actor: &Actor,
    now: chrono::NaiveDateTime,
    file: Option<&[u8]>,
) -> ServiceResult<Vec<Outcome>> {
    let keys: Vec<(&InstitutionCode, Period)> = ready.iter().map(|r| (&r.code, r.period)).collect();
    // The readers make one return per (institution, period) of a file; two would take the same
    // version number.
    if let Some(twice) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(ServiceError::Internal(format!(
            "{}: two returns of {} {} in one file",
            report.source_name, twice[0].0, twice[0].1
        )));
    }
    let mut existing = versions_of(conn, &keys)?;
    let decisions: Vec<Decision> = ready
        .iter()
        .map(|r| {
            let versions = existing
                .remove(&(r.code.clone(), r.period))
                .unwrap_or_default();
            if let Some(same) = versions.iter().find(|v| v.source_sha256 == report.sha256) {
                Decision::Duplicate(same.clone())
            } else {
                match versions.last() {
                    Some(latest) if latest.content_sha256 == r.content => {
                        Decision::Unchanged(latest.clone())
                    }
                    latest => Decision::New(latest.map_or(1, |l| l.version + 1)),
                }
            }
        })
        .collect();
    let new_periods: std::collections::BTreeSet<Period> = ready
        .iter()
        .zip(&decisions)
        .filter(|(_, d)| matches!(d, Decision::New(_)))
        .map(|(r, _)| r.period)
        .collect();
    for period in new_periods {
        ensure_period(conn, period, &actor.name, now)?;
    }
    let batch: Vec<NewReturn<'_>> = ready
        .iter()
        .zip(&decisions)
        .filter_map(|(r, d)| match d {
            Decision::New(version) => Some(NewReturn {
                submission: NewSubmission {
                    institution: &r.code,
                    period: r.period,
                    framework: &r.fw.id,
                    framework_version: &r.fw.version,
                    received_at: now,
                    submitted_by: &actor.name,
                    user_id: actor.user_id,
                    channel: actor.channel,
                    source_name: &report.source_name,
                    source_format: r.source_format,
                    source_sha256: &report.sha256,
                    content_sha256: &r.content,
                    version: Some(*version),
                    file,
                },
                values: &r.values,
                issues: &r.warnings,
            }),
            _ => None,
        })
        .collect();
    let mut stored = insert_submissions(conn, &batch)?.into_iter();
    let periods: Vec<String> = ready.iter().map(|r| r.period.to_string()).collect();
    let mut outcomes = Vec::with_capacity(ready.len());
    let mut entries: Vec<(Entry<'_>, Detail)> = Vec::with_capacity(ready.len());
    for ((r, decision), period) in ready.iter().zip(decisions).zip(&periods) {
        let file_detail = Detail::new().text("file", &report.source_name);
        let (outcome, action, id, detail) = match decision {
            Decision::Duplicate(same) => {
                let detail = file_detail
                    .count("version", same.version)
                    .text("received_at", same.received_at.format("%Y-%m-%d %H:%M"));
                let id = same.id;
                (
                    Outcome::AlreadyImported(same),
                    "import.duplicate",
                    id,
                    detail,
                )
            }
            Decision::Unchanged(latest) => {
                let detail = file_detail.count("version", latest.version);
                let id = latest.id;
                (Outcome::Unchanged(latest), "import.unchanged", id, detail)
            }
            Decision::New(_) => {
                let record = stored.next().ok_or_else(|| {
                    ServiceError::Internal("a return of the batch came back unstored".into())
                })?;
                let detail = file_detail
                    .count("version", record.version)
                    .size("values", r.values.len())
                    .size("warnings", r.warnings.len());
                let id = record.id;
                (Outcome::Stored(record), "import.stored", id, detail)
            }
        };
        entries.push((
            Entry {
                submission_id: Some(id),
                institution: Some(r.code.as_str()),
                period: Some(period),
                ..Entry::new(&actor.name, action)
            },
            detail,
        ));
        outcomes.push(outcome);
    }
    record_many(conn, &entries, now)?;
    for outcome in &outcomes {
        if let Outcome::Stored(record) = outcome {
            crate::mail::queue_arrival(conn, record, actor, now)?;
        }
    }
    Ok(outcomes)
}

fn audit_file_refused(
    conn: &mut DbConnection,
    report: &ImportReport,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> ServiceResult<()> {
    record(
        conn,
        Entry::new(&actor.name, "import.refused"),
        &file_detail(report).issues(report.file_issues.iter().filter(|i| i.is_blocking()), 0),
        now,
    )
}

/// The file's name, format and digest.
fn file_detail(report: &ImportReport) -> Detail {
    Detail::new()
        .text("file", &report.source_name)
        .text("format", report.format)
        .text("sha256", &report.sha256)
}

fn audit_refused(
    conn: &mut DbConnection,
    report: &ImportReport,
    sub: &SubmissionReport,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> ServiceResult<()> {
    record(
        conn,
        Entry {
            institution: Some(&sub.institution),
            period: Some(&sub.period),
            ..Entry::new(&actor.name, "import.refused")
        },
        &file_detail(report).issues(sub.issues.iter().filter(|i| i.is_blocking()), 0),
        now,
    )
}

/// Every check of one return, without writing: the registry and period, the framework's
/// validation with the previous quarter, and the items a loan tape feeds. `Err` holds every
/// issue (at least one blocking) when the return is refused.
fn check_one<'f>(
    conn: &mut DbConnection,
    cx: &mut Context<'f>,
    raw: &RawReturn,
) -> ServiceResult<Result<Ready<'f>, Vec<Issue>>> {
    let (code, period, fw) = match check_context(cx, raw) {
        Ok(ok) => ok,
        Err(issues) => return Ok(Err(raw.issues.iter().cloned().chain(issues).collect())),
    };
    let previous = cx.previous(conn, &code, period.previous())?;
    let checked = mizan_ingest::validate_return(raw, fw, previous);
    let mut issues = checked.issues.clone();
    if checked.is_blocked() {
        return Ok(Err(issues));
    }
    let mut values = checked.data;
    crate::loans::carry_tape_items(conn, fw, raw, &code, period, &mut values, &mut issues)?;
    if issues.iter().any(Issue::is_blocking) {
        return Ok(Err(issues));
    }
    let content = content_sha256(&values);
    Ok(Ok(Ready {
        index: 0,
        code,
        period,
        fw,
        values,
        content,
        warnings: issues
            .into_iter()
            .filter(|i| i.severity == Severity::Warning)
            .collect(),
        source_format: match raw.source {
            SourceKind::Csv => "csv",
            SourceKind::Xlsx => "xlsx",
            SourceKind::Ods => "ods",
        },
    }))
}
