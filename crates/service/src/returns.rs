//! Importing returns: reading, checking against the registry and the framework, and storing
//! each submission as a new version — or refusing it whole.

use std::collections::BTreeMap;

use mizan_core::{
    Institution, InstitutionCode, Issue, IssueKind, ItemValues, Period, Place, Severity,
};
use mizan_ingest::{RawReturn, SourceKind};
use mizan_storage::audit::{self, NewAudit};
use mizan_storage::periods::ensure_period;
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::{
    NewSubmission, SubmissionRecord, effective_returns, insert_submission, versions,
};
use mizan_storage::{DbConnection, StorageError};
use sha2::{Digest, Sha256};

use crate::app::{Actor, App};
use crate::error::{ServiceError, ServiceResult};
use crate::upload::Upload;

/// Which submissions a caller may make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Any institution and period (staff, command line).
    Any,
    /// Only this institution (a member's account), and this period when given (an upload on the
    /// page of one quarter).
    Institution(InstitutionCode, Option<Period>),
}

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
    /// `csv` or `xlsx` (`unknown` when unreadable).
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

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 of a return's values in a canonical form (`item=value` lines sorted by item, values
/// normalized): equal for equal content whatever the file looked like.
pub fn content_sha256(values: &ItemValues) -> String {
    let mut hasher = Sha256::new();
    for (item, value) in values {
        hasher.update(item.as_str().as_bytes());
        hasher.update(b"=");
        hasher.update(value.normalize().to_string().as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
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
    previous: BTreeMap<Period, BTreeMap<InstitutionCode, ItemValues>>,
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
        issues.push(raw.unknown_period(format!(
            "the quarter ends on {}; its returns are accepted from the next day",
            period.end_date()
        )));
    }
    let Some(attrs) = institution.attributes_at(period) else {
        let from = institution
            .history
            .first()
            .and_then(|v| v.valid_from)
            .map_or_else(String::new, |p| p.to_string());
        issues.push(raw.unknown_period(format!(
            "institution {code} is in the registry from {from} only"
        )));
        return Err(issues);
    };
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
        Err(e) => {
            issues.push(raw.unknown_period(e.to_string()));
            Err(issues)
        }
    }
}

/// Imports a returns file (CSV long form or a filled-in template, recognised by content).
///
/// Each (institution, period) of the file is one submission, checked on its own and stored
/// all or nothing as a new version: earlier versions stay. A blocking issue in the file as a
/// whole refuses every submission. Re-importing a byte-identical file, or values identical to
/// the latest version, is reported and creates no version. Every outcome goes to the audit log.
pub fn import_returns<'u>(
    app: &App,
    upload: impl Into<Upload<'u>>,
    source_name: &str,
    actor: &Actor,
    scope: &Scope,
) -> ServiceResult<ImportReport> {
    let limits = app.limits();
    let upload = upload.into();
    let sha = upload.sha256_hex()?;
    let format = match mizan_ingest::sniff(&upload.head()?) {
        mizan_ingest::FileFormat::Csv => "csv",
        mizan_ingest::FileFormat::Xlsx => "xlsx",
        mizan_ingest::FileFormat::Unknown => "unknown",
    };
    // A return is at most `max_file_bytes` (20 MB): read whole once, unless it is larger.
    let read = match limits.check_len(upload.len()?) {
        Some(issue) => mizan_core::Checked {
            data: Vec::new(),
            issues: vec![issue],
        },
        None => mizan_ingest::read_returns(&upload.bytes()?, &app.frameworks, &limits),
    };
    let mut conn = app.conn()?;
    let mut report = ImportReport {
        source_name: source_name.to_owned(),
        sha256: sha.clone(),
        format,
        file_issues: read.issues.clone(),
        submissions: Vec::new(),
    };
    let file_blocked = read.is_blocked();
    let registry = load_registry(&mut conn)?;
    let mut cx = Context {
        app,
        registry: &registry,
        scope,
        previous: BTreeMap::new(),
    };
    for raw in &read.data {
        let sub = if file_blocked {
            SubmissionReport {
                institution: raw.institution.clone(),
                period: raw.period.clone(),
                place: raw.place.clone(),
                outcome: Outcome::Refused,
                issues: raw.issues.clone(),
            }
        } else {
            import_one(&mut conn, &mut cx, raw, &report, actor)?
        };
        report.submissions.push(sub);
    }
    if report.submissions.is_empty() || file_blocked {
        audit::append(
            &mut conn,
            &NewAudit {
                actor: &actor.name,
                action: "import.refused",
                detail: &format!(
                    "{source_name} ({format}, sha256 {sha}): {}",
                    report
                        .file_issues
                        .iter()
                        .filter(|i| i.is_blocking())
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                ..NewAudit::default()
            },
            app.now(),
        )?;
    }
    Ok(report)
}

fn import_one(
    conn: &mut DbConnection,
    cx: &mut Context<'_>,
    raw: &RawReturn,
    report: &ImportReport,
    actor: &Actor,
) -> ServiceResult<SubmissionReport> {
    let mut sub = SubmissionReport {
        institution: raw.institution.clone(),
        period: raw.period.clone(),
        place: raw.place.clone(),
        outcome: Outcome::Refused,
        issues: Vec::new(),
    };
    let now = cx.app.now();
    let refuse = |conn: &mut DbConnection, sub: &SubmissionReport| -> ServiceResult<()> {
        audit::append(
            conn,
            &NewAudit {
                actor: &actor.name,
                action: "import.refused",
                institution: Some(&sub.institution),
                period: Some(&sub.period),
                detail: &format!(
                    "{} ({}): {} blocking issue(s): {}",
                    report.source_name,
                    report.format,
                    sub.issues.iter().filter(|i| i.is_blocking()).count(),
                    sub.issues
                        .iter()
                        .filter(|i| i.is_blocking())
                        .take(5)
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                ..NewAudit::default()
            },
            now,
        )?;
        Ok(())
    };
    let (code, period, fw) = match check_context(cx, raw) {
        Ok(ok) => ok,
        Err(issues) => {
            sub.issues = raw.issues.iter().cloned().chain(issues).collect();
            refuse(conn, &sub)?;
            return Ok(sub);
        }
    };
    let prev_period = period.previous();
    if let std::collections::btree_map::Entry::Vacant(e) = cx.previous.entry(prev_period) {
        e.insert(effective_values(conn, prev_period)?);
    }
    let previous = cx.previous.get(&prev_period).and_then(|m| m.get(&code));
    let checked = mizan_ingest::validate_return(raw, fw, previous);
    sub.issues = checked.issues.clone();
    if checked.is_blocked() {
        refuse(conn, &sub)?;
        return Ok(sub);
    }
    let mut values = checked.data;
    crate::loans::carry_tape_items(conn, fw, raw, &code, period, &mut values, &mut sub.issues)?;
    let content = content_sha256(&values);
    let existing = versions(conn, &code, period)?;
    if let Some(same) = existing.iter().find(|v| v.source_sha256 == report.sha256) {
        sub.outcome = Outcome::AlreadyImported(same.clone());
        audit_event(
            conn,
            actor,
            "import.duplicate",
            Some(same),
            &code,
            period,
            &format!(
                "{}: the same file was imported as version {} on {}; no new version",
                report.source_name, same.version, same.received_at
            ),
            now,
        )?;
        return Ok(sub);
    }
    if let Some(latest) = existing.last()
        && latest.content_sha256 == content
    {
        sub.outcome = Outcome::Unchanged(latest.clone());
        audit_event(
            conn,
            actor,
            "import.unchanged",
            Some(latest),
            &code,
            period,
            &format!(
                "{}: same values as version {}; no new version",
                report.source_name, latest.version
            ),
            now,
        )?;
        return Ok(sub);
    }
    let warnings: Vec<Issue> = sub
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .cloned()
        .collect();
    let source_format = match raw.source {
        SourceKind::Csv => "csv",
        SourceKind::Xlsx => "xlsx",
    };
    let stored = mizan_storage::transaction(conn, |conn| -> ServiceResult<SubmissionRecord> {
        ensure_period(conn, period, &actor.name, now)?;
        let record = insert_submission(
            conn,
            &NewSubmission {
                institution: &code,
                period,
                framework: &fw.id,
                framework_version: &fw.version,
                received_at: now,
                submitted_by: &actor.name,
                user_id: actor.user_id,
                channel: actor.channel,
                source_name: &report.source_name,
                source_format,
                source_sha256: &report.sha256,
                content_sha256: &content,
            },
            &values,
            &warnings,
        )?;
        audit_event(
            conn,
            actor,
            "import.stored",
            Some(&record),
            &code,
            period,
            &format!(
                "{}: version {} with {} value(s) and {} warning(s)",
                report.source_name,
                record.version,
                values.len(),
                warnings.len()
            ),
            now,
        )?;
        Ok(record)
    });
    match stored {
        Ok(record) => sub.outcome = Outcome::Stored(record),
        Err(ServiceError::Storage(StorageError::Conflict(message))) => {
            return Err(ServiceError::Invalid(format!(
                "{message}; import the file again to store it as the next version"
            )));
        }
        Err(e) => return Err(e),
    }
    Ok(sub)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one audit event, spelled out at each call"
)]
fn audit_event(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    submission: Option<&SubmissionRecord>,
    code: &InstitutionCode,
    period: Period,
    detail: &str,
    now: chrono::NaiveDateTime,
) -> ServiceResult<()> {
    audit::append(
        conn,
        &NewAudit {
            actor: &actor.name,
            action,
            submission_id: submission.map(|s| s.id),
            institution: Some(code.as_str()),
            period: Some(&period.to_string()),
            detail,
        },
        now,
    )?;
    Ok(())
}
