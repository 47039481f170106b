//! Publications: immutable snapshots of a quarter's tables, one row per revision.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::conn::DbConnection;
use crate::error::{StorageError, StorageResult, corrupt};
use crate::models::publication::{NewPublicationRow, NewPublicationSubmissionRow, PublicationRow};
use crate::schema::{publication_submissions, publications};
use mizan_core::Period;

/// A publication's metadata (the tables are read separately: they are large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationRecord {
    /// Database id.
    pub id: i64,
    /// Framework id.
    pub framework: String,
    /// The quarter.
    pub period: Period,
    /// 1 for the first publication of the quarter, then 2, 3, …
    pub revision: i32,
    /// Framework version used.
    pub framework_version: String,
    /// When.
    pub published_at: NaiveDateTime,
    /// By whom.
    pub published_by: String,
    /// The dated note of a revision (why it was republished).
    pub note: Option<String>,
    /// SHA-256 of the public table (the HTTP entity tag of everything served from it).
    pub public_sha256: String,
}

/// A new publication.
#[derive(Debug, Clone)]
pub struct NewPublication<'a> {
    /// Framework id.
    pub framework: &'a str,
    /// The quarter.
    pub period: Period,
    /// Framework version used.
    pub framework_version: &'a str,
    /// When.
    pub published_at: NaiveDateTime,
    /// By whom.
    pub published_by: &'a str,
    /// Why (for a revision).
    pub note: Option<&'a str>,
    /// The public table (JSON).
    pub public_table: &'a str,
    /// The full table (JSON), never public.
    pub staff_table: &'a str,
    /// The disclosure-control decisions (JSON), never public.
    pub disclosure: &'a str,
    /// SHA-256 of `public_table`.
    pub public_sha256: &'a str,
    /// The submissions it was computed from.
    pub submissions: &'a [i64],
}

fn to_record(row: PublicationRow) -> StorageResult<PublicationRecord> {
    Ok(PublicationRecord {
        period: Period::parse(&row.period).map_err(|_| corrupt("period", &row.period))?,
        id: row.id,
        framework: row.framework,
        revision: row.revision,
        framework_version: row.framework_version,
        published_at: row.published_at,
        published_by: row.published_by,
        note: row.note,
        public_sha256: row.public_sha256,
    })
}

/// Stores a publication as the next revision of its quarter, with its submissions.
pub fn insert_publication(
    conn: &mut DbConnection,
    new: &NewPublication<'_>,
) -> StorageResult<PublicationRecord> {
    let period = new.period.to_string();
    crate::transaction(conn, |conn| -> StorageResult<_> {
        let latest: Option<i32> = publications::table
            .filter(publications::framework.eq(new.framework))
            .filter(publications::period.eq(&period))
            .select(diesel::dsl::max(publications::revision))
            .first(conn)?;
        let revision = latest.unwrap_or(0) + 1;
        diesel::insert_into(publications::table)
            .values(NewPublicationRow {
                framework: new.framework,
                period: &period,
                revision,
                framework_version: new.framework_version,
                published_at: new.published_at,
                published_by: new.published_by,
                note: new.note,
                public_table: new.public_table,
                staff_table: new.staff_table,
                disclosure: new.disclosure,
                public_sha256: new.public_sha256,
            })
            .execute(conn)
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    StorageError::Conflict(format!(
                        "{} {period} was published at the same time",
                        new.framework
                    ))
                }
                other => StorageError::Query(other),
            })?;
        let row: PublicationRow = publications::table
            .filter(publications::framework.eq(new.framework))
            .filter(publications::period.eq(&period))
            .filter(publications::revision.eq(revision))
            .select(PublicationRow::as_select())
            .first(conn)?;
        let links: Vec<NewPublicationSubmissionRow> = new
            .submissions
            .iter()
            .map(|&submission_id| NewPublicationSubmissionRow {
                publication_id: row.id,
                submission_id,
            })
            .collect();
        for chunk in links.chunks(500) {
            on_backend!(conn, |c| diesel::insert_into(
                publication_submissions::table
            )
            .values(chunk)
            .execute(c))?;
        }
        to_record(row)
    })
}

/// Every publication (all revisions), by framework, period and revision.
pub fn list_publications(conn: &mut DbConnection) -> StorageResult<Vec<PublicationRecord>> {
    let rows: Vec<PublicationRow> = publications::table
        .order((
            publications::framework,
            publications::period,
            publications::revision,
        ))
        .select(PublicationRow::as_select())
        .load(conn)?;
    rows.into_iter().map(to_record).collect()
}

/// The revisions of one quarter, oldest first.
pub fn revisions(
    conn: &mut DbConnection,
    framework: &str,
    period: Period,
) -> StorageResult<Vec<PublicationRecord>> {
    let rows: Vec<PublicationRow> = publications::table
        .filter(publications::framework.eq(framework))
        .filter(publications::period.eq(period.to_string()))
        .order(publications::revision)
        .select(PublicationRow::as_select())
        .load(conn)?;
    rows.into_iter().map(to_record).collect()
}

/// One publication's metadata.
pub fn publication(conn: &mut DbConnection, id: i64) -> StorageResult<Option<PublicationRecord>> {
    publications::table
        .find(id)
        .select(PublicationRow::as_select())
        .first(conn)
        .optional()?
        .map(to_record)
        .transpose()
}

/// The public table (JSON) of a publication: the only table the public side may read.
pub fn public_table(conn: &mut DbConnection, id: i64) -> StorageResult<Option<String>> {
    Ok(publications::table
        .find(id)
        .select(publications::public_table)
        .first(conn)
        .optional()?)
}

/// The full table (JSON) of a publication: staff only.
pub fn staff_table(conn: &mut DbConnection, id: i64) -> StorageResult<Option<String>> {
    Ok(publications::table
        .find(id)
        .select(publications::staff_table)
        .first(conn)
        .optional()?)
}

/// The disclosure-control decisions (JSON) of a publication: staff only.
pub fn disclosure(conn: &mut DbConnection, id: i64) -> StorageResult<Option<String>> {
    Ok(publications::table
        .find(id)
        .select(publications::disclosure)
        .first(conn)
        .optional()?)
}

/// The submissions a publication was computed from.
pub fn publication_submissions(conn: &mut DbConnection, id: i64) -> StorageResult<Vec<i64>> {
    Ok(publication_submissions::table
        .filter(publication_submissions::publication_id.eq(id))
        .order(publication_submissions::submission_id)
        .select(publication_submissions::submission_id)
        .load(conn)?)
}
