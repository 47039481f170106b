//! Fresh, isolated databases for tests, on both backends: an SQLite file in a temporary
//! directory always, and a PostgreSQL schema (dropped afterwards) when `TEST_DATABASE_URL`
//! names a PostgreSQL database. The same test bodies run on each, so the two migration trees
//! cannot drift apart.

use std::sync::atomic::{AtomicU32, Ordering};

use diesel::Connection;
use diesel::PgConnection;
use diesel::connection::SimpleConnection;

use crate::conn::{Backend, Db};
use crate::error::{StorageError, StorageResult};

/// A migrated database that is removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    /// The database.
    pub db: Db,
    /// The URL it was opened with.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_schema: Option<(String, String)>,
}

impl TestDb {
    /// The backend.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = self.pg_schema.take()
            && let Ok(mut conn) = PgConnection::establish(&base)
        {
            // Best effort: a leftover schema only costs space in the test database.
            let _ignored = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh migrated SQLite database in a temporary directory.
pub fn sqlite() -> StorageResult<TestDb> {
    let dir = tempfile::tempdir().map_err(|e| StorageError::Connection(e.to_string()))?;
    let url = dir.path().join("test.sqlite").display().to_string();
    let db = Db::connect(&url, 4)?;
    db.migrate()?;
    Ok(TestDb {
        db,
        url,
        _dir: Some(dir),
        pg_schema: None,
    })
}

/// A fresh migrated PostgreSQL schema in the database `base_url` names.
pub fn postgres(base_url: &str) -> StorageResult<TestDb> {
    let schema = format!(
        "mizan_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros()
    );
    let mut admin =
        PgConnection::establish(base_url).map_err(|e| StorageError::Connection(e.to_string()))?;
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .map_err(StorageError::Query)?;
    let sep = if base_url.contains('?') { '&' } else { '?' };
    let url = format!("{base_url}{sep}options=-csearch_path%3D{schema}");
    let db = Db::connect(&url, 4)?;
    let test = TestDb {
        db,
        url,
        _dir: None,
        pg_schema: Some((base_url.to_owned(), schema)),
    };
    test.db.migrate()?;
    Ok(test)
}

/// The databases every storage test runs on: SQLite, plus PostgreSQL when
/// `TEST_DATABASE_URL` is set. A `TEST_DATABASE_URL` that does not name a PostgreSQL
/// database (`postgres://` or `postgresql://`) is an error, not a silent run on SQLite only.
pub fn databases() -> StorageResult<Vec<TestDb>> {
    let mut dbs = vec![sqlite()?];
    if let Some(url) = postgres_url()? {
        dbs.push(postgres(&url)?);
    }
    Ok(dbs)
}

/// `TEST_DATABASE_URL`, when set (empty counts as unset); an error when it is not a
/// PostgreSQL URL.
pub fn postgres_url() -> StorageResult<Option<String>> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.trim().is_empty() => Ok(None),
        Ok(url) if Backend::of_url(&url) == Backend::Postgres => Ok(Some(url)),
        Ok(url) => Err(StorageError::Connection(format!(
            "TEST_DATABASE_URL must name a PostgreSQL database (postgres://…), not {}",
            crate::conn::redact(&url)
        ))),
        Err(_) => Ok(None),
    }
}

/// Forgets that the latest migration was applied (its row in diesel's table, not its
/// tables): the schema then looks older than the binary's, as when another version of the
/// binary is deployed before it migrated. For the readiness test.
pub fn forget_latest_migration(db: &Db) -> StorageResult<()> {
    let mut conn = db.conn()?;
    conn.batch_execute(
        "DELETE FROM __diesel_schema_migrations WHERE version = \
         (SELECT MAX(version) FROM __diesel_schema_migrations)",
    )
    .map_err(StorageError::Query)
}
