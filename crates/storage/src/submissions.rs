//! Submissions: every version of every return, never overwritten, with its values and issues.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult, corrupt};
use crate::models::submission::{
    DecisionRow, IssueRow, NewDecisionRow, NewIssueRow, NewSubmissionRow, NewValueRow,
    SubmissionRow,
};
use crate::registry::{codes_by_id, institution_id};
use crate::schema::{
    institutions, source_files, submission_decisions, submission_issues, submission_values,
    submissions,
};
use mizan_core::{Code, Decimal, InstitutionCode, Issue, ItemValues, Period, Severity};

/// Where a submission stands with staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubmissionStatus {
    /// Received and stored, not yet reviewed.
    Received,
    /// Accepted by staff.
    Accepted,
    /// Rejected by staff (with a comment the institution sees).
    Rejected,
}

impl SubmissionStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }
}

impl fmt::Display for SubmissionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SubmissionStatus {
    type Err = StorageError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "received" => Ok(Self::Received),
            "accepted" => Ok(Self::Accepted),
            "rejected" => Ok(Self::Rejected),
            other => Err(corrupt("submission status", other)),
        }
    }
}

/// What the caller knows about a new submission.
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    /// The reporting institution.
    pub institution: &'a InstitutionCode,
    /// The period reported.
    pub period: Period,
    /// Framework id.
    pub framework: &'a str,
    /// Framework version it was validated against.
    pub framework_version: &'a str,
    /// When it was received (naive UTC).
    pub received_at: NaiveDateTime,
    /// Who submitted it (user name, or `cli:<login>`).
    pub submitted_by: &'a str,
    /// The user account, when submitted through the web.
    pub user_id: Option<i64>,
    /// `cli` or `web`.
    pub channel: &'a str,
    /// The uploaded file's name.
    pub source_name: &'a str,
    /// `csv` or `xlsx`.
    pub source_format: &'a str,
    /// SHA-256 of the uploaded file (hex).
    pub source_sha256: &'a str,
    /// SHA-256 of the canonical values (hex): equal for equal content.
    pub content_sha256: &'a str,
    /// The version it becomes, as the caller decided it from the versions it read in the same
    /// transaction (one more than the latest): if a simultaneous writer stored that version
    /// first, the insert is a [`StorageError::Conflict`] — never a version the caller did not
    /// compare against. `None`: one more than the latest at the moment of the insert.
    pub version: Option<i32>,
    /// The original file, byte for byte, kept in the same transaction under `source_sha256`
    /// (which must be its SHA-256: a file already kept under it is not stored again). `None`:
    /// nothing to keep, as for a return fed by a loan tape.
    pub file: Option<&'a [u8]>,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionRecord {
    /// Database id.
    pub id: i64,
    /// The reporting institution.
    pub institution: InstitutionCode,
    /// The period reported.
    pub period: Period,
    /// 1 for the first submission of (institution, period), then 2, 3, …
    pub version: i32,
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// Review status.
    pub status: SubmissionStatus,
    /// Staff comment on acceptance or rejection.
    pub status_comment: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<NaiveDateTime>,
    /// When received.
    pub received_at: NaiveDateTime,
    /// Who submitted.
    pub submitted_by: String,
    /// The submitting user account.
    pub user_id: Option<i64>,
    /// `cli` or `web`.
    pub channel: String,
    /// File name.
    pub source_name: String,
    /// `csv` or `xlsx`.
    pub source_format: String,
    /// SHA-256 of the file.
    pub source_sha256: String,
    /// SHA-256 of the canonical values.
    pub content_sha256: String,
    /// Number of warnings stored with it.
    pub warnings: i64,
}

/// One staff decision on a submission (decisions are appended; the latest is the status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    /// The submission decided on.
    pub submission_id: i64,
    /// Accepted or rejected.
    pub status: SubmissionStatus,
    /// The comment (required for a rejection).
    pub comment: Option<String>,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: NaiveDateTime,
}

/// A stored issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredIssue {
    /// The issue as found.
    pub issue: Issue,
    /// Its message as rendered when stored.
    pub message: String,
}

/// The latest decision of each submission (its current status).
type Decisions = HashMap<i64, DecisionRow>;

fn to_record(
    row: SubmissionRow,
    codes: &BTreeMap<i64, InstitutionCode>,
    warnings: &HashMap<i64, i64>,
    decisions: &mut Decisions,
) -> StorageResult<SubmissionRecord> {
    let decision = decisions.remove(&row.id);
    let status = match &decision {
        Some(d) => d.status.parse()?,
        None => SubmissionStatus::Received,
    };
    let (status_comment, decided_by, decided_at) = match decision {
        Some(d) => (d.comment, Some(d.decided_by), Some(d.decided_at)),
        None => (None, None, None),
    };
    Ok(SubmissionRecord {
        institution: codes
            .get(&row.institution_id)
            .cloned()
            .ok_or_else(|| corrupt("institution id", row.institution_id.to_string()))?,
        period: Period::parse(&row.period).map_err(|_| corrupt("period", &row.period))?,
        status,
        status_comment,
        decided_by,
        decided_at,
        warnings: warnings.get(&row.id).copied().unwrap_or(0),
        id: row.id,
        version: row.version,
        framework: row.framework,
        framework_version: row.framework_version,
        received_at: row.received_at,
        submitted_by: row.submitted_by,
        user_id: row.user_id,
        channel: row.channel,
        source_name: row.source_name,
        source_format: row.source_format,
        source_sha256: row.source_sha256,
        content_sha256: row.content_sha256,
    })
}

/// Ids per query of the `IN (…)` lists below: far under both backends' limits on bound
/// parameters.
const IDS_PER_QUERY: usize = 1000;

fn warning_counts(conn: &mut DbConnection, ids: &[i64]) -> StorageResult<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<(i64, i64)> = submission_issues::table
            .filter(submission_issues::severity.eq(Severity::Warning.code()))
            .filter(submission_issues::submission_id.eq_any(chunk))
            .group_by(submission_issues::submission_id)
            .select((submission_issues::submission_id, diesel::dsl::count_star()))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The latest decision of each of `ids` (decisions are appended, never changed).
fn latest_decisions(conn: &mut DbConnection, ids: &[i64]) -> StorageResult<Decisions> {
    let mut out = Decisions::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<DecisionRow> = submission_decisions::table
            .filter(submission_decisions::submission_id.eq_any(chunk))
            .order(submission_decisions::id)
            .select(DecisionRow::as_select())
            .load(conn)?;
        // In id order: a later decision replaces an earlier one.
        out.extend(rows.into_iter().map(|r| (r.submission_id, r)));
    }
    Ok(out)
}

fn records(
    conn: &mut DbConnection,
    rows: Vec<SubmissionRow>,
) -> StorageResult<Vec<SubmissionRecord>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let codes = codes_by_id(conn)?;
    records_with_codes(conn, rows, &codes)
}

/// [`records`] when the caller knows the codes of the rows' institutions (the versions of one
/// institution): the registry is not read again for every call.
fn records_with_codes(
    conn: &mut DbConnection,
    rows: Vec<SubmissionRow>,
    codes: &BTreeMap<i64, InstitutionCode>,
) -> StorageResult<Vec<SubmissionRecord>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let warnings = warning_counts(conn, &ids)?;
    let mut decisions = latest_decisions(conn, &ids)?;
    rows.into_iter()
        .map(|r| to_record(r, codes, &warnings, &mut decisions))
        .collect()
}

/// A return to store in a batch: the submission, its values and its issues.
#[derive(Debug, Clone)]
pub struct NewReturn<'a> {
    /// The submission.
    pub submission: NewSubmission<'a>,
    /// Its values.
    pub values: &'a ItemValues,
    /// Its issues (warnings: a blocking issue is never stored with a submission).
    pub issues: &'a [Issue],
}

/// Stores a new version of (institution, period) with its values and warnings, in one
/// transaction: everything or nothing. The version number is one more than the latest; if a
/// concurrent writer took it first, the error is [`StorageError::Conflict`] and nothing is stored.
pub fn insert_submission(
    conn: &mut DbConnection,
    new: &NewSubmission<'_>,
    values: &ItemValues,
    issues: &[Issue],
) -> StorageResult<SubmissionRecord> {
    let mut stored = insert_submissions(
        conn,
        &[NewReturn {
            submission: new.clone(),
            values,
            issues,
        }],
    )?;
    stored
        .pop()
        .ok_or_else(|| corrupt("submission", "not stored"))
}

/// Stores every return of `batch` (a file's returns) in one transaction: everything or
/// nothing, in a few statements whatever the number of returns — one multi-row insert per
/// table, sized by the backend's limit on bound parameters. Each submission's version is the
/// one its caller decided (or one more than the latest); a version a concurrent writer took
/// first is a [`StorageError::Conflict`] and nothing is stored. Each original file is kept once.
/// The records come back in the order of `batch`.
pub fn insert_submissions(
    conn: &mut DbConnection,
    batch: &[NewReturn<'_>],
) -> StorageResult<Vec<SubmissionRecord>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let periods: Vec<String> = batch
        .iter()
        .map(|n| n.submission.period.to_string())
        .collect();
    let result = crate::transaction(conn, |conn| -> StorageResult<_> {
        let ids = institution_ids(conn, batch.iter().map(|n| n.submission.institution))?;
        let mut new_rows = Vec::with_capacity(batch.len());
        for (n, period) in batch.iter().zip(&periods) {
            let new = &n.submission;
            let inst = *ids.get(new.institution.as_str()).ok_or_else(|| {
                StorageError::NotFound(format!("institution {}", new.institution))
            })?;
            let version = match new.version {
                Some(v) => v,
                None => {
                    let latest: Option<i32> = submissions::table
                        .filter(submissions::institution_id.eq(inst))
                        .filter(submissions::period.eq(period))
                        .select(diesel::dsl::max(submissions::version))
                        .first(conn)?;
                    latest.unwrap_or(0) + 1
                }
            };
            new_rows.push(NewSubmissionRow {
                institution_id: inst,
                period,
                version,
                framework: new.framework,
                framework_version: new.framework_version,
                received_at: new.received_at,
                submitted_by: new.submitted_by,
                user_id: new.user_id,
                channel: new.channel,
                source_name: new.source_name,
                source_format: new.source_format,
                source_sha256: new.source_sha256,
                content_sha256: new.content_sha256,
            });
        }
        let rows = insert_submission_rows(conn, &new_rows)?;
        let value_rows = batch
            .iter()
            .zip(&rows)
            .map(|(n, row)| {
                Ok(NewValueRow {
                    submission_id: row.id,
                    item_values: encode_values(n.values)?,
                })
            })
            .collect::<StorageResult<Vec<_>>>()?;
        insert_values(conn, &value_rows)?;
        let issue_rows = batch
            .iter()
            .zip(&rows)
            .flat_map(|(n, row)| n.issues.iter().map(move |issue| issue_row(row.id, issue)))
            .collect::<StorageResult<Vec<_>>>()?;
        insert_issues(conn, &issue_rows)?;
        let mut kept = std::collections::BTreeSet::new();
        for n in batch {
            if let Some(bytes) = n.submission.file
                && kept.insert(n.submission.source_sha256)
            {
                keep_file(conn, n.submission.source_sha256, bytes)?;
            }
        }
        let codes: BTreeMap<i64, InstitutionCode> = batch
            .iter()
            .zip(&rows)
            .map(|(n, row)| (row.institution_id, n.submission.institution.clone()))
            .collect();
        let warnings: HashMap<i64, i64> = batch
            .iter()
            .zip(&rows)
            .map(|(n, row)| {
                let count = n.issues.iter().filter(|i| !i.is_blocking()).count();
                (row.id, i64::try_from(count).unwrap_or(i64::MAX))
            })
            .collect();
        rows.into_iter()
            .map(|row| to_record(row, &codes, &warnings, &mut Decisions::new()))
            .collect::<StorageResult<Vec<_>>>()
    });
    result.map_err(|e| match e {
        StorageError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            info,
        )) => StorageError::Conflict(match batch {
            [one] => format!(
                "another version of {} {} was stored at the same time ({})",
                one.submission.institution,
                one.submission.period,
                info.message()
            ),
            _ => format!(
                "another version of one of these {} returns was stored at the same time ({})",
                batch.len(),
                info.message()
            ),
        }),
        other => other,
    })
}

/// The ids of the institutions with these codes (one statement per thousand codes); a code
/// not in the registry is absent from the answer.
fn institution_ids<'c>(
    conn: &mut DbConnection,
    codes: impl Iterator<Item = &'c InstitutionCode>,
) -> StorageResult<HashMap<String, i64>> {
    let codes: std::collections::BTreeSet<&str> = codes.map(InstitutionCode::as_str).collect();
    let codes: Vec<&str> = codes.into_iter().collect();
    let mut out = HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(IDS_PER_QUERY) {
        let rows: Vec<(String, i64)> = institutions::table
            .filter(institutions::code.eq_any(chunk))
            .select((institutions::code, institutions::id))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Inserts the submission rows in as few statements as the backend allows and returns them,
/// with their ids, in the order given.
fn insert_submission_rows(
    conn: &mut DbConnection,
    new_rows: &[NewSubmissionRow<'_>],
) -> StorageResult<Vec<SubmissionRow>> {
    // Thirteen bound values a row.
    let per_insert = conn.rows_per_insert(13);
    let mut stored: HashMap<(i64, String, i32), SubmissionRow> =
        HashMap::with_capacity(new_rows.len());
    if let DbConnection::Postgres(c) = &mut *conn {
        // The rows come back with the insert: no second statement.
        for chunk in new_rows.chunks(per_insert) {
            let rows: Vec<SubmissionRow> = diesel::insert_into(submissions::table)
                .values(chunk)
                .returning(SubmissionRow::as_returning())
                .get_results(c)?;
            stored.extend(
                rows.into_iter()
                    .map(|r| ((r.institution_id, r.period.clone(), r.version), r)),
            );
        }
    } else {
        // No round trip to save on an embedded database (and no `RETURNING` in diesel's
        // SQLite build without the `returning_clauses_for_sqlite_3_35` feature): the rows are
        // read back by their key (institution, period, version).
        for chunk in new_rows.chunks(per_insert) {
            on_backend!(conn, |c| diesel::insert_into(submissions::table)
                .values(chunk)
                .execute(c))?;
        }
        let institutions: std::collections::BTreeSet<i64> =
            new_rows.iter().map(|r| r.institution_id).collect();
        let institutions: Vec<i64> = institutions.into_iter().collect();
        let periods: std::collections::BTreeSet<&str> = new_rows.iter().map(|r| r.period).collect();
        let periods: Vec<&str> = periods.into_iter().collect();
        for chunk in institutions.chunks(IDS_PER_QUERY) {
            let rows: Vec<SubmissionRow> = submissions::table
                .filter(submissions::institution_id.eq_any(chunk))
                .filter(submissions::period.eq_any(&periods))
                .select(SubmissionRow::as_select())
                .load(conn)?;
            stored.extend(
                rows.into_iter()
                    .map(|r| ((r.institution_id, r.period.clone(), r.version), r)),
            );
        }
    }
    new_rows
        .iter()
        .map(|n| {
            stored
                .remove(&(n.institution_id, n.period.to_owned(), n.version))
                .ok_or_else(|| corrupt("submission", format!("{} {}", n.period, n.version)))
        })
        .collect()
}

/// The values of a submission as they are stored: one JSON object, item code to the exact
/// decimal as text (`"12.50"`), in item order.
fn encode_values(values: &ItemValues) -> StorageResult<String> {
    let text: BTreeMap<&str, String> = values
        .iter()
        .map(|(item, value)| (item.as_str(), value.to_string()))
        .collect();
    serde_json::to_string(&text).map_err(|e| corrupt("values", e.to_string()))
}

/// The values of a submission from their stored text ([`encode_values`]).
fn decode_values(id: i64, text: &str) -> StorageResult<ItemValues> {
    let map: BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|e| corrupt("values", format!("{id}: {e}")))?;
    map.into_iter()
        .map(|(item, value)| {
            let code = Code::parse(&item).map_err(|_| corrupt("item code", &item))?;
            let value = Decimal::from_str_exact(&value)
                .map_err(|_| corrupt("value", format!("{id} {item}: {value}")))?;
            Ok((code, value))
        })
        .collect()
}

fn issue_row(submission_id: i64, issue: &Issue) -> StorageResult<NewIssueRow<'_>> {
    Ok(NewIssueRow {
        submission_id,
        severity: issue.severity.code(),
        place: issue.place.to_string(),
        item: issue.item.as_deref(),
        kind: issue.code(),
        message: issue.to_string(),
        detail: serde_json::to_string(issue).map_err(|e| corrupt("issue", e.to_string()))?,
    })
}

/// Issue rows in as few multi-row inserts as the backend's limit on bound parameters allows
/// (seven a row).
fn insert_issues(conn: &mut DbConnection, rows: &[NewIssueRow<'_>]) -> StorageResult<()> {
    for chunk in rows.chunks(conn.rows_per_insert(7)) {
        on_backend!(conn, |c| diesel::insert_into(submission_issues::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// The values rows (one a submission) in as few multi-row inserts as the backend's limit on
/// bound parameters allows (two a row).
fn insert_values(conn: &mut DbConnection, rows: &[NewValueRow]) -> StorageResult<()> {
    for chunk in rows.chunks(conn.rows_per_insert(2)) {
        on_backend!(conn, |c| diesel::insert_into(submission_values::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// One submission by id.
pub fn submission(conn: &mut DbConnection, id: i64) -> StorageResult<Option<SubmissionRecord>> {
    let row = submissions::table
        .find(id)
        .select(SubmissionRow::as_select())
        .first(conn)
        .optional()?;
    Ok(records(conn, row.into_iter().collect())?.pop())
}

/// Keeps a file under its SHA-256 unless it is kept already (a file of several returns is kept
/// once). Two writers keeping the same new file at once meet on the primary key: the later one
/// is a [`StorageError::Conflict`] to run again, and then finds the file kept.
fn keep_file(conn: &mut DbConnection, sha256: &str, bytes: &[u8]) -> StorageResult<()> {
    let kept: i64 = source_files::table
        .filter(source_files::sha256.eq(sha256))
        .count()
        .get_result(conn)?;
    if kept == 0 {
        diesel::insert_into(source_files::table)
            .values((
                source_files::sha256.eq(sha256),
                source_files::bytes.eq(bytes),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The original file of a submission, byte for byte (`None` for a submission stored before
/// files were kept, or fed by a loan tape).
pub fn submission_file(conn: &mut DbConnection, id: i64) -> StorageResult<Option<Vec<u8>>> {
    Ok(submissions::table
        .inner_join(source_files::table.on(source_files::sha256.eq(submissions::source_sha256)))
        .filter(submissions::id.eq(id))
        .select(source_files::bytes)
        .first(conn)
        .optional()?)
}

/// Whether the original file of a submission is kept (without reading it).
pub fn has_submission_file(conn: &mut DbConnection, id: i64) -> StorageResult<bool> {
    let n: i64 = submissions::table
        .inner_join(source_files::table.on(source_files::sha256.eq(submissions::source_sha256)))
        .filter(submissions::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every decision on a submission, oldest first (who, when, status, comment).
pub fn decisions_of(conn: &mut DbConnection, id: i64) -> StorageResult<Vec<DecisionRecord>> {
    let rows: Vec<DecisionRow> = submission_decisions::table
        .filter(submission_decisions::submission_id.eq(id))
        .order(submission_decisions::id)
        .select(DecisionRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|d| {
            Ok(DecisionRecord {
                submission_id: d.submission_id,
                status: d.status.parse()?,
                comment: d.comment,
                decided_by: d.decided_by,
                decided_at: d.decided_at,
            })
        })
        .collect()
}

/// Every version of every submission of a period, in order of reception.
pub fn submissions_for_period(
    conn: &mut DbConnection,
    period: Period,
) -> StorageResult<Vec<SubmissionRecord>> {
    let rows = submissions::table
        .filter(submissions::period.eq(period.to_string()))
        .order((submissions::received_at, submissions::id))
        .select(SubmissionRow::as_select())
        .load(conn)?;
    records(conn, rows)
}

/// The periods that have at least one submission under `framework`, newest first.
pub fn submitted_periods(conn: &mut DbConnection, framework: &str) -> StorageResult<Vec<Period>> {
    let codes: Vec<String> = submissions::table
        .filter(submissions::framework.eq(framework))
        .select(submissions::period)
        .distinct()
        .order(submissions::period.desc())
        .load(conn)?;
    let mut periods = codes
        .iter()
        .map(|c| Period::parse(c).map_err(|_| corrupt("period", c)))
        .collect::<StorageResult<Vec<Period>>>()?;
    // Newest first by the periods' own order: as text, `2025-Q1` would come after `2025-M12`.
    periods.sort_unstable_by(|a, b| b.cmp(a));
    Ok(periods)
}

/// Every version submitted by one institution (all periods), newest first.
pub fn submissions_of_institution(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
) -> StorageResult<Vec<SubmissionRecord>> {
    let Some(inst) = institution_id(conn, institution)? else {
        return Ok(Vec::new());
    };
    let rows = submissions::table
        .filter(submissions::institution_id.eq(inst))
        .select(SubmissionRow::as_select())
        .load(conn)?;
    let mut records = records_with_codes(conn, rows, &[(inst, institution.clone())].into())?;
    // In the order of periods, not of their text: `2024-M12` ends after `2024-Q1` although it
    // sorts before it as text (an institution that became an art. 44 reporter has both).
    records.sort_by(|a, b| {
        b.period
            .cmp(&a.period)
            .then_with(|| b.version.cmp(&a.version))
    });
    Ok(records)
}

/// The versions of (institution, period), oldest first.
pub fn versions(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<Vec<SubmissionRecord>> {
    // One statement (the institution's id by code in a sub-select): it runs for every return
    // imported. Not a join: PostgreSQL's generic plan for the join scans the period's index,
    // every return of the quarter for each return stored; the sub-select keeps the
    // (institution, period, version) key.
    let inst = institutions::table
        .filter(institutions::code.eq(institution.as_str()))
        .select(institutions::id)
        .single_value();
    let rows = submissions::table
        .filter(submissions::institution_id.nullable().eq(inst))
        .filter(submissions::period.eq(period.to_string()))
        .order(submissions::version)
        .select(SubmissionRow::as_select())
        .load(conn)?;
    let codes = rows
        .first()
        .map(|r| (r.institution_id, institution.clone()))
        .into_iter()
        .collect();
    records_with_codes(conn, rows, &codes)
}

/// The versions of each (institution, period) of `keys`, in version order, read in a few
/// statements whatever their number (a file of returns reads them all at once). A key with no
/// submission, or whose institution is not in the registry, has no entry.
pub fn versions_of(
    conn: &mut DbConnection,
    keys: &[(&InstitutionCode, Period)],
) -> StorageResult<HashMap<(InstitutionCode, Period), Vec<SubmissionRecord>>> {
    let mut out: HashMap<(InstitutionCode, Period), Vec<SubmissionRecord>> = HashMap::new();
    if keys.is_empty() {
        return Ok(out);
    }
    let ids = institution_ids(conn, keys.iter().map(|(code, _)| *code))?;
    let codes: BTreeMap<i64, InstitutionCode> = keys
        .iter()
        .filter_map(|(code, _)| ids.get(code.as_str()).map(|id| (*id, (*code).clone())))
        .collect();
    let institutions: Vec<i64> = codes.keys().copied().collect();
    let periods: std::collections::BTreeSet<String> =
        keys.iter().map(|(_, p)| p.to_string()).collect();
    let periods: Vec<String> = periods.into_iter().collect();
    let wanted: std::collections::HashSet<(i64, String)> = keys
        .iter()
        .filter_map(|(code, p)| ids.get(code.as_str()).map(|id| (*id, p.to_string())))
        .collect();
    let mut rows = Vec::new();
    for chunk in institutions.chunks(IDS_PER_QUERY) {
        let found: Vec<SubmissionRow> = submissions::table
            .filter(submissions::institution_id.eq_any(chunk))
            .filter(submissions::period.eq_any(&periods))
            .order((
                submissions::institution_id,
                submissions::period,
                submissions::version,
            ))
            .select(SubmissionRow::as_select())
            .load(conn)?;
        // Only the pairs asked for (a file of two periods does not ask every pair).
        rows.extend(
            found
                .into_iter()
                .filter(|r| wanted.contains(&(r.institution_id, r.period.clone()))),
        );
    }
    for record in records_with_codes(conn, rows, &codes)? {
        out.entry((record.institution.clone(), record.period))
            .or_default()
            .push(record);
    }
    Ok(out)
}

/// The values of a submission.
pub fn submission_values(conn: &mut DbConnection, id: i64) -> StorageResult<ItemValues> {
    let text: Option<String> = submission_values::table
        .filter(submission_values::submission_id.eq(id))
        .select(submission_values::item_values)
        .first(conn)
        .optional()?;
    text.map_or_else(|| Ok(ItemValues::new()), |t| decode_values(id, &t))
}

/// The issues stored with a submission (warnings), in the order found.
pub fn submission_issues(conn: &mut DbConnection, id: i64) -> StorageResult<Vec<StoredIssue>> {
    let rows: Vec<IssueRow> = submission_issues::table
        .filter(submission_issues::submission_id.eq(id))
        .order(submission_issues::id)
        .select(IssueRow::as_select())
        .load(conn)?;
    rows.into_iter().map(decode_issue).collect()
}

fn decode_issue(row: IssueRow) -> StorageResult<StoredIssue> {
    let issue: Issue =
        serde_json::from_str(&row.detail).map_err(|_| corrupt("issue", row.detail.clone()))?;
    if issue.severity.code() != row.severity {
        return Err(corrupt("issue severity", row.severity));
    }
    Ok(StoredIssue {
        issue,
        message: row.message,
    })
}

/// The issues of every submission of a period, by submission id.
pub fn issues_for_period(
    conn: &mut DbConnection,
    period: Period,
) -> StorageResult<BTreeMap<i64, Vec<StoredIssue>>> {
    let rows: Vec<IssueRow> = submission_issues::table
        .inner_join(submissions::table)
        .filter(submissions::period.eq(period.to_string()))
        .order(submission_issues::id)
        .select(IssueRow::as_select())
        .load(conn)?;
    let mut out: BTreeMap<i64, Vec<StoredIssue>> = BTreeMap::new();
    for row in rows {
        let id = row.submission_id;
        out.entry(id).or_default().push(decode_issue(row)?);
    }
    Ok(out)
}

/// The return that counts for each institution in a period: its latest version that staff
/// have not rejected, with its values; in order of first reception of the institution.
pub fn effective_returns(
    conn: &mut DbConnection,
    period: Period,
) -> StorageResult<Vec<(SubmissionRecord, ItemValues)>> {
    latest_returns(conn, period, |s| s != SubmissionStatus::Rejected)
}

/// The return a publication takes for each institution in a period: its latest version that
/// staff accepted (a later version awaiting review does not count yet), with its values; in
/// order of first reception of the institution.
pub fn accepted_returns(
    conn: &mut DbConnection,
    period: Period,
) -> StorageResult<Vec<(SubmissionRecord, ItemValues)>> {
    latest_returns(conn, period, |s| s == SubmissionStatus::Accepted)
}

fn latest_returns(
    conn: &mut DbConnection,
    period: Period,
    counts: fn(SubmissionStatus) -> bool,
) -> StorageResult<Vec<(SubmissionRecord, ItemValues)>> {
    let all = submissions_for_period(conn, period)?;
    let mut first_seen: Vec<InstitutionCode> = Vec::new();
    let mut chosen: HashMap<InstitutionCode, SubmissionRecord> = HashMap::new();
    for rec in all {
        if !first_seen.contains(&rec.institution) {
            first_seen.push(rec.institution.clone());
        }
        if !counts(rec.status) {
            continue;
        }
        let replace = chosen
            .get(&rec.institution)
            .is_none_or(|c| c.version < rec.version);
        if replace {
            chosen.insert(rec.institution.clone(), rec);
        }
    }
    let ids: Vec<i64> = chosen.values().map(|r| r.id).collect();
    let mut values: HashMap<i64, ItemValues> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<(i64, String)> = submission_values::table
            .filter(submission_values::submission_id.eq_any(chunk))
            .select((
                submission_values::submission_id,
                submission_values::item_values,
            ))
            .load(conn)?;
        for (id, text) in rows {
            values.insert(id, decode_values(id, &text)?);
        }
    }
    Ok(first_seen
        .into_iter()
        .filter_map(|code| chosen.remove(&code))
        .map(|rec| {
            let v = values.remove(&rec.id).unwrap_or_default();
            (rec, v)
        })
        .collect())
}

/// Records staff's decision on a submission: a new row, never a change to an earlier one (the
/// current status is the latest decision; the database refuses updates and deletes).
pub fn set_status(
    conn: &mut DbConnection,
    id: i64,
    status: SubmissionStatus,
    comment: Option<&str>,
    by: &str,
    now: NaiveDateTime,
) -> StorageResult<()> {
    if status == SubmissionStatus::Received {
        return Err(StorageError::Conflict(format!(
            "submission {id}: a decision accepts or rejects; it cannot make a return unreviewed again"
        )));
    }
    let exists = submissions::table
        .find(id)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !exists {
        return Err(StorageError::NotFound(format!("submission {id}")));
    }
    diesel::insert_into(submission_decisions::table)
        .values(NewDecisionRow {
            submission_id: id,
            status: status.code(),
            comment,
            decided_by: by,
            decided_at: now,
        })
        .execute(conn)?;
    Ok(())
}
