//! Loan tapes: every imported tape of an institution and quarter as a version, never
//! overwritten, with the classification of each of its loans stored in chunks of text lines.
//!
//! A tape holds up to a million loans; nothing queries one loan in SQL and the platform always
//! reads a tape's results whole (the next quarter-end's previous classification, the per-loan
//! export), so the results are kept as a few dozen rows ([`ResultChunk`]) rather than a row per
//! loan: text lines (chunks stored before migration 000014) or a packed binary form. What a
//! chunk holds is the caller's business: this module stores and returns it as given, chunk by
//! chunk, and checks that every chunk is there when reading.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult, corrupt};
use crate::models::loan_tape::{LoanTapeRow, NewLoanResultRow, NewLoanTapeRow};
use crate::registry::{codes_by_id, institution_id};
use crate::schema::{institutions, loan_results, loan_tapes};
use mizan_core::{Code, Decimal, InstitutionCode, Issue, ItemValues, Period};

/// What the caller knows about a new tape.
#[derive(Debug, Clone)]
pub struct NewLoanTape<'a> {
    /// The reporting institution.
    pub institution: &'a InstitutionCode,
    /// The period (quarter) of the tape.
    pub period: Period,
    /// The quarter-end the loans were classified at.
    pub as_of: NaiveDate,
    /// The tape whose classification served as the previous quarter-end's, if any.
    pub previous_tape_id: Option<i64>,
    /// Framework id.
    pub framework: &'a str,
    /// Framework version the loans were classified under.
    pub framework_version: &'a str,
    /// The licence the rules were applied for (`credit_institution`, `association`).
    pub licence: &'a str,
    /// When it was received (naive UTC).
    pub received_at: NaiveDateTime,
    /// Who submitted it.
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
    /// Number of loans classified.
    pub loans: u64,
    /// The portfolio outputs (`metric,value` CSV).
    pub metrics: &'a str,
    /// The return items the tape feeds.
    pub items: &'a ItemValues,
    /// The tape's non-blocking issues.
    pub warnings: &'a [Issue],
    /// The version of the institution's return the tape fed, if it changed any value.
    pub submission_id: Option<i64>,
}

/// A chunk of a tape's per-loan results: consecutive loans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultChunk {
    /// Number of loans in the chunk.
    pub loans: u32,
    /// Their results.
    pub body: ResultBody,
}

/// How a chunk's results are written (the caller's encoding either way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultBody {
    /// One text line a loan, each ended by `\n` (column `body`; every chunk stored before
    /// migration 000014).
    Lines(String),
    /// A binary form (column `packed`, `body` empty).
    Packed(Vec<u8>),
}

impl Default for ResultBody {
    fn default() -> Self {
        Self::Packed(Vec::new())
    }
}

impl ResultBody {
    /// Bytes held.
    pub fn len(&self) -> usize {
        match self {
            Self::Lines(text) => text.len(),
            Self::Packed(bytes) => bytes.len(),
        }
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Empties it, keeping its kind and its memory.
    pub fn clear(&mut self) {
        match self {
            Self::Lines(text) => text.clear(),
            Self::Packed(bytes) => bytes.clear(),
        }
    }
}

/// A stored tape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanTapeRecord {
    /// Database id.
    pub id: i64,
    /// The reporting institution.
    pub institution: InstitutionCode,
    /// The period.
    pub period: Period,
    /// 1 for the first tape of (institution, period), then 2, 3, …
    pub version: i32,
    /// The quarter-end of the classification.
    pub as_of: NaiveDate,
    /// The tape used as the previous quarter-end's classification.
    pub previous_tape_id: Option<i64>,
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// Licence the rules were applied for.
    pub licence: String,
    /// When received.
    pub received_at: NaiveDateTime,
    /// Who submitted it.
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
    /// Number of loans.
    pub loans: u64,
    /// Number of result chunks.
    pub chunks: u32,
    /// Portfolio outputs (`metric,value` CSV).
    pub metrics: String,
    /// The return items the tape feeds.
    pub items: ItemValues,
    /// Non-blocking issues of the tape.
    pub warnings: Vec<Issue>,
    /// The return version it fed.
    pub submission_id: Option<i64>,
}

fn encode_items(items: &ItemValues) -> StorageResult<String> {
    let map: BTreeMap<&str, String> = items
        .iter()
        .map(|(c, v)| (c.as_str(), v.to_string()))
        .collect();
    serde_json::to_string(&map).map_err(|e| corrupt("loan tape items", e.to_string()))
}

fn decode_items(text: &str) -> StorageResult<ItemValues> {
    let map: BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|_| corrupt("loan tape items", text))?;
    map.into_iter()
        .map(|(item, value)| {
            Ok((
                Code::parse(&item).map_err(|_| corrupt("item code", &item))?,
                Decimal::from_str_exact(&value).map_err(|_| corrupt("decimal value", &value))?,
            ))
        })
        .collect()
}

fn to_record(
    row: LoanTapeRow,
    codes: &BTreeMap<i64, InstitutionCode>,
) -> StorageResult<LoanTapeRecord> {
    Ok(LoanTapeRecord {
        institution: codes
            .get(&row.institution_id)
            .cloned()
            .ok_or_else(|| corrupt("institution id", row.institution_id.to_string()))?,
        period: Period::parse(&row.period).map_err(|_| corrupt("period", &row.period))?,
        loans: u64::try_from(row.loans)
            .map_err(|_| corrupt("loan count", row.loans.to_string()))?,
        chunks: u32::try_from(row.chunks)
            .map_err(|_| corrupt("chunk count", row.chunks.to_string()))?,
        items: decode_items(&row.items)?,
        warnings: serde_json::from_str(&row.warnings)
            .map_err(|_| corrupt("loan tape warnings", &row.warnings))?,
        id: row.id,
        version: row.version,
        as_of: row.as_of,
        previous_tape_id: row.previous_tape_id,
        framework: row.framework,
        framework_version: row.framework_version,
        licence: row.licence,
        received_at: row.received_at,
        submitted_by: row.submitted_by,
        user_id: row.user_id,
        channel: row.channel,
        source_name: row.source_name,
        source_format: row.source_format,
        source_sha256: row.source_sha256,
        metrics: row.metrics,
        submission_id: row.submission_id,
    })
}

fn records(conn: &mut DbConnection, rows: Vec<LoanTapeRow>) -> StorageResult<Vec<LoanTapeRecord>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let codes = codes_by_id(conn)?;
    rows.into_iter().map(|r| to_record(r, &codes)).collect()
}

/// Stores a tape as the next version of (institution, period) with its result chunks, in one
/// transaction (a savepoint inside the caller's): everything or nothing. If a concurrent writer
/// took the same version number, the error is [`StorageError::Conflict`] and nothing is stored.
///
/// For results too many to hold in memory, write them as they are made with a
/// [`ResultsWriter`] and store the tape with [`finish_loan_tape`], in the caller's transaction.
pub fn insert_loan_tape(
    conn: &mut DbConnection,
    new: &NewLoanTape<'_>,
    chunks: &[ResultChunk],
) -> StorageResult<LoanTapeRecord> {
    crate::transaction(conn, |conn| {
        let mut results = ResultsWriter::begin(conn)?;
        results.write(conn, chunks)?;
        finish_loan_tape(conn, new, results)
    })
}

/// The result chunks of a tape being written as they are made, before the tape itself (whose
/// loan count, portfolio and return version are known only once every loan is read): a million
/// loans' results (≈ 57 MB of text) then never sit in memory.
///
/// [`ResultsWriter::begin`] reserves the tape's id and defers the check that every chunk belongs
/// to a stored tape to the commit of the caller's transaction, [`ResultsWriter::write`] inserts
/// chunks, and [`finish_loan_tape`] stores the tape under the reserved id. All of it in one
/// transaction ([`crate::transaction`]): a failure anywhere rolls everything back, and a
/// transaction that would commit chunks without their tape is refused by the database (the
/// deferred foreign key), so no chunk is ever kept or seen without its tape.
#[derive(Debug)]
pub struct ResultsWriter {
    tape_id: i64,
    chunks: u32,
    loans: u64,
}

#[derive(QueryableByName)]
struct ReservedId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

impl ResultsWriter {
    /// Reserves the id of a new tape and defers the foreign key of its chunks to the commit.
    /// Must be called inside [`crate::transaction`] (refused otherwise): on SQLite its
    /// `BEGIN IMMEDIATE` holds the write lock, so the next id is the table's; on PostgreSQL the
    /// id comes from the table's sequence.
    pub fn begin(conn: &mut DbConnection) -> StorageResult<Self> {
        let in_transaction = on_backend!(&mut *conn, |c| {
            AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()?
                .is_some()
        });
        if !in_transaction {
            return Err(StorageError::Connection(
                "loan results are written inside a transaction".into(),
            ));
        }
        let reserved: ReservedId = match conn {
            DbConnection::Sqlite(c) => {
                // Deferred to the commit; SQLite resets it at the end of the transaction.
                c.batch_execute("PRAGMA defer_foreign_keys = ON")?;
                // AUTOINCREMENT: never an id used before (rows are never deleted, and a rolled
                // back insert rolls its sequence back too).
                diesel::sql_query(
                    "SELECT COALESCE(MAX(id), 0) + 1 AS id FROM (\
                     SELECT MAX(id) AS id FROM loan_tapes \
                     UNION ALL SELECT seq AS id FROM sqlite_sequence WHERE name = 'loan_tapes')",
                )
                .get_result(c)?
            }
            DbConnection::Postgres(c) => {
                // DEFERRABLE since migration 000010; for this transaction only.
                c.batch_execute("SET CONSTRAINTS loan_results_tape_id_fkey DEFERRED")?;
                diesel::sql_query(
                    "SELECT nextval(pg_get_serial_sequence('loan_tapes', 'id')) AS id",
                )
                .get_result(c)?
            }
        };
        Ok(Self {
            tape_id: reserved.id,
            chunks: 0,
            loans: 0,
        })
    }

    /// Inserts the next chunks of results, in order (on PostgreSQL in multi-row inserts when
    /// there are several; see `insert_results`).
    pub fn write(&mut self, conn: &mut DbConnection, chunks: &[ResultChunk]) -> StorageResult<()> {
        let rows = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let n = u64::from(self.chunks) + i as u64;
                Ok(NewLoanResultRow {
                    tape_id: self.tape_id,
                    chunk: i32::try_from(n).map_err(|_| corrupt("chunk", n.to_string()))?,
                    loans: i32::try_from(chunk.loans)
                        .map_err(|_| corrupt("chunk size", chunk.loans.to_string()))?,
                    body: match &chunk.body {
                        ResultBody::Lines(text) => text,
                        ResultBody::Packed(_) => "",
                    },
                    packed: match &chunk.body {
                        ResultBody::Lines(_) => None,
                        ResultBody::Packed(bytes) => Some(bytes),
                    },
                })
            })
            .collect::<StorageResult<Vec<_>>>()?;
        insert_results(conn, &rows)?;
        self.chunks = u32::try_from(u64::from(self.chunks) + chunks.len() as u64)
            .map_err(|_| corrupt("chunk count", chunks.len().to_string()))?;
        self.loans += chunks.iter().map(|c| u64::from(c.loans)).sum::<u64>();
        Ok(())
    }

    /// The id the tape will have.
    pub fn tape_id(&self) -> i64 {
        self.tape_id
    }

    /// Loans written so far.
    pub fn loans(&self) -> u64 {
        self.loans
    }

    /// Chunks written so far.
    pub fn chunks(&self) -> u32 {
        self.chunks
    }
}

/// Stores a tape whose results `results` wrote, as the next version of (institution, period),
/// in the caller's transaction (the one [`ResultsWriter::begin`] ran in). The loans written must
/// be the tape's ([`StorageError::Corrupt`] otherwise). If a concurrent writer took the same
/// version number (or stored the same file), the error is [`StorageError::Conflict`]: the caller
/// rolls back and nothing is stored.
pub fn finish_loan_tape(
    conn: &mut DbConnection,
    new: &NewLoanTape<'_>,
    results: ResultsWriter,
) -> StorageResult<LoanTapeRecord> {
    let period = new.period.to_string();
    let items = encode_items(new.items)?;
    let warnings =
        serde_json::to_string(new.warnings).map_err(|e| corrupt("issue", e.to_string()))?;
    if results.loans != new.loans {
        return Err(corrupt(
            "loan results",
            format!(
                "the tape has {} loans but its result chunks hold {}",
                new.loans, results.loans
            ),
        ));
    }
    let result = crate::transaction(conn, |conn| -> StorageResult<_> {
        let inst = institution_id(conn, new.institution)?
            .ok_or_else(|| StorageError::NotFound(format!("institution {}", new.institution)))?;
        let latest: Option<i32> = loan_tapes::table
            .filter(loan_tapes::institution_id.eq(inst))
            .filter(loan_tapes::period.eq(&period))
            .select(diesel::dsl::max(loan_tapes::version))
            .first(conn)?;
        let version = latest.unwrap_or(0) + 1;
        diesel::insert_into(loan_tapes::table)
            .values(NewLoanTapeRow {
                id: results.tape_id,
                institution_id: inst,
                period: &period,
                version,
                as_of: new.as_of,
                previous_tape_id: new.previous_tape_id,
                framework: new.framework,
                framework_version: new.framework_version,
                licence: new.licence,
                received_at: new.received_at,
                submitted_by: new.submitted_by,
                user_id: new.user_id,
                channel: new.channel,
                source_name: new.source_name,
                source_format: new.source_format,
                source_sha256: new.source_sha256,
                loans: i64::try_from(new.loans)
                    .map_err(|_| corrupt("loan count", new.loans.to_string()))?,
                chunks: i32::try_from(results.chunks)
                    .map_err(|_| corrupt("chunk count", results.chunks.to_string()))?,
                metrics: new.metrics,
                items: &items,
                warnings: &warnings,
                submission_id: new.submission_id,
            })
            .execute(conn)?;
        let row: LoanTapeRow = loan_tapes::table
            .find(results.tape_id)
            .select(LoanTapeRow::as_select())
            .first(conn)?;
        let codes: BTreeMap<i64, InstitutionCode> = [(inst, new.institution.clone())].into();
        to_record(row, &codes)
    });
    result.map_err(|e| match e {
        StorageError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            info,
        )) => StorageError::Conflict(format!(
            "another loan tape of {} {} was stored at the same time ({})",
            new.institution,
            new.period,
            info.message()
        )),
        other => other,
    })
}

/// Text of result chunks one insert carries at most: the statement holds a copy of its bound
/// values, so a million loans' results (≈ 57 MB) go in a few statements of this size rather
/// than one.
const RESULT_BYTES_PER_INSERT: usize = 8 << 20;

/// The result chunks of a tape: on PostgreSQL in multi-row inserts, as many rows as the limit on
/// bound parameters (five a row) and [`RESULT_BYTES_PER_INSERT`] allow, at least one (one round
/// trip for several chunks). On SQLite one row a statement: a multi-row `INSERT … VALUES` is
/// compiled as a select whose rows SQLite first copies into a temporary table, a file under
/// `/var/tmp` — the whole of the results written once more (3,701 pages of 4 kB for a million
/// loans, seen with `strace`), where a statement of one row writes them only into the database.
fn insert_results(conn: &mut DbConnection, rows: &[NewLoanResultRow<'_>]) -> StorageResult<()> {
    let max_rows = match conn {
        DbConnection::Postgres(_) => conn.rows_per_insert(5),
        DbConnection::Sqlite(_) => 1,
    };
    let mut rest = rows;
    while !rest.is_empty() {
        let mut n = 0;
        let mut bytes = 0;
        while let Some(r) = rest.get(n) {
            let size = r.body.len() + r.packed.map_or(0, <[u8]>::len);
            if n > 0 && (n == max_rows || bytes + size > RESULT_BYTES_PER_INSERT) {
                break;
            }
            bytes += size;
            n += 1;
        }
        let (batch, tail) = rest.split_at(n);
        on_backend!(conn, |c| diesel::insert_into(loan_results::table)
            .values(batch)
            .execute(c))?;
        rest = tail;
    }
    Ok(())
}

/// One tape by id.
pub fn loan_tape(conn: &mut DbConnection, id: i64) -> StorageResult<Option<LoanTapeRecord>> {
    let row = loan_tapes::table
        .find(id)
        .select(LoanTapeRow::as_select())
        .first(conn)
        .optional()?;
    Ok(records(conn, row.into_iter().collect())?.pop())
}

/// The tapes of (institution, period), oldest version first.
pub fn loan_tape_versions(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<Vec<LoanTapeRecord>> {
    let Some(inst) = institution_id(conn, institution)? else {
        return Ok(Vec::new());
    };
    let rows = loan_tapes::table
        .filter(loan_tapes::institution_id.eq(inst))
        .filter(loan_tapes::period.eq(period.to_string()))
        .order(loan_tapes::version)
        .select(LoanTapeRow::as_select())
        .load(conn)?;
    records(conn, rows)
}

/// The latest tape of (institution, period): the one that counts.
pub fn latest_loan_tape(
    conn: &mut DbConnection,
    institution: &InstitutionCode,
    period: Period,
) -> StorageResult<Option<LoanTapeRecord>> {
    // One statement (the institution's id by code in a sub-select, which keeps the
    // (institution, period, version) key in PostgreSQL's generic plan where a join scans the
    // period), and the registry is not read: it runs for every return imported.
    let inst = institutions::table
        .filter(institutions::code.eq(institution.as_str()))
        .select(institutions::id)
        .single_value();
    let row = loan_tapes::table
        .filter(loan_tapes::institution_id.nullable().eq(inst))
        .filter(loan_tapes::period.eq(period.to_string()))
        .order(loan_tapes::version.desc())
        .select(LoanTapeRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|r| {
        let codes: BTreeMap<i64, InstitutionCode> =
            [(r.institution_id, institution.clone())].into();
        to_record(r, &codes)
    })
    .transpose()
}

/// Every tape of a period (all institutions, all versions), in order of reception.
pub fn loan_tapes_for_period(
    conn: &mut DbConnection,
    period: Period,
) -> StorageResult<Vec<LoanTapeRecord>> {
    let rows = loan_tapes::table
        .filter(loan_tapes::period.eq(period.to_string()))
        .order((loan_tapes::received_at, loan_tapes::id))
        .select(LoanTapeRow::as_select())
        .load(conn)?;
    records(conn, rows)
}

/// Hands the result chunks of a tape to `f` in order, one at a time (memory stays at one chunk),
/// after checking that the stored chunks are exactly those the tape counts; a missing chunk or a
/// wrong loan count is [`StorageError::Corrupt`].
pub fn for_each_result_chunk<E>(
    conn: &mut DbConnection,
    tape: &LoanTapeRecord,
    mut f: impl FnMut(&ResultChunk) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<StorageError>,
{
    let sizes: Vec<(i32, i32)> = loan_results::table
        .filter(loan_results::tape_id.eq(tape.id))
        .order(loan_results::chunk)
        .select((loan_results::chunk, loan_results::loans))
        .load(conn)
        .map_err(StorageError::from)?;
    let chunks_ok = sizes.len() == tape.chunks as usize
        && sizes
            .iter()
            .enumerate()
            .all(|(i, (n, _))| usize::try_from(*n).is_ok_and(|n| n == i));
    let loans: i64 = sizes.iter().map(|(_, l)| i64::from(*l)).sum();
    if !chunks_ok || u64::try_from(loans).ok() != Some(tape.loans) {
        return Err(E::from(corrupt(
            "loan results",
            format!(
                "tape {}: {} chunk(s) of {loans} loans stored, {} chunk(s) of {} loans expected",
                tape.id,
                sizes.len(),
                tape.chunks,
                tape.loans
            ),
        )));
    }
    for (n, count) in sizes {
        let (text, packed): (String, Option<Vec<u8>>) = loan_results::table
            .filter(loan_results::tape_id.eq(tape.id))
            .filter(loan_results::chunk.eq(n))
            .select((loan_results::body, loan_results::packed))
            .first(conn)
            .map_err(StorageError::from)?;
        let body = match packed {
            None => ResultBody::Lines(text),
            Some(bytes) if text.is_empty() => ResultBody::Packed(bytes),
            Some(_) => {
                return Err(E::from(corrupt(
                    "loan results",
                    format!(
                        "tape {}: chunk {n} holds both text and packed results",
                        tape.id
                    ),
                )));
            }
        };
        f(&ResultChunk {
            loans: u32::try_from(count)
                .map_err(|_| E::from(corrupt("chunk size", count.to_string())))?,
            body,
        })?;
    }
    Ok(())
}
