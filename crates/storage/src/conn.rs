//! Connections and the pool: one code path over SQLite (embedded default) and PostgreSQL.

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::StorageError;

/// A connection to either backend. Queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL (production, several app servers).
    Postgres(PgConnection),
    /// SQLite (embedded default).
    Sqlite(SqliteConnection),
}

impl DbConnection {
    /// The most bound parameters one statement may carry on this backend: PostgreSQL's protocol
    /// counts them in 16 bits (65,535); the SQLite that libsqlite3-sys bundles (3.50) is built
    /// with `SQLITE_MAX_VARIABLE_NUMBER` = 32,766.
    pub(crate) fn max_bind_params(&self) -> usize {
        match self {
            Self::Postgres(_) => 65_535,
            Self::Sqlite(_) => 32_766,
        }
    }

    /// Rows of `columns` bound values each that one multi-row `INSERT … VALUES (…), (…)` may
    /// carry on this backend (at least 1).
    pub(crate) fn rows_per_insert(&self, columns: usize) -> usize {
        (self.max_bind_params() / columns.max(1)).max(1)
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// Anything else: a file path, optionally prefixed with `sqlite://`.
    Sqlite,
}

impl Backend {
    /// The backend a database URL names.
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }

    /// Short name (`sqlite`, `postgres`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
        }
    }
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Opens the variant the URL names; never falls back to another backend (a mistyped
/// PostgreSQL URL must not silently create an SQLite file).
pub fn establish(url: &str) -> Result<DbConnection, StorageError> {
    let conn = match Backend::of_url(url) {
        Backend::Postgres => DbConnection::Postgres(
            PgConnection::establish(url).map_err(|e| StorageError::Connection(e.to_string()))?,
        ),
        Backend::Sqlite => DbConnection::Sqlite(
            SqliteConnection::establish(sqlite_path(url))
                .map_err(|e| StorageError::Connection(e.to_string()))?,
        ),
    };
    Ok(conn)
}

/// Settings applied to every connection when the pool hands it out.
///
/// `page_size` only takes effect on a database not created yet (it must come before WAL is
/// set, which writes the header); a database made before keeps its pages, and every setting
/// here works with either. 16 KiB rather than SQLite's 4 KiB: a loan tape's results are
/// blobs of a few hundred kilobytes, which take a quarter of the overflow pages, and the
/// checkpoint that copies them from the WAL into the database a quarter of the reads and
/// writes (a million loans: about 30 ms less of a 0.39 s import, docs/benchmarks.md); the
/// file is 4 % larger (17.2 MB instead of 16.6).
#[derive(Debug, Clone, Copy)]
struct OnAcquire;

impl CustomizeConnection<DbConnection, r2d2::Error> for OnAcquire {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                 PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
            )
            .map_err(r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The r2d2 manager: establishes the backend the URL names.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        establish(&self.url).map_err(|e| {
            r2d2::Error::ConnectionError(ConnectionError::BadConnection(e.to_string()))
        })
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// A pooled connection.
pub type Conn = PooledConnection<Manager>;

/// The connections of the pool at one moment (for the metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open (in use or idle).
    pub connections: u32,
    /// Connections open and idle.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// The database: a pool of connections to one backend.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .field("state", &self.pool.state())
            .finish()
    }
}

impl Db {
    /// Connects to `url` (SQLite path or `postgres://…`) with a pool of at most `max_size`
    /// connections. SQLite gets foreign keys, WAL and a busy timeout on every connection.
    pub fn connect(url: &str, max_size: u32) -> Result<Self, StorageError> {
        let backend = Backend::of_url(url);
        let manager = Manager {
            url: url.to_owned(),
        };
        let pool = Pool::builder()
            .max_size(max_size.max(1))
            .connection_timeout(Duration::from_secs(30))
            .connection_customizer(Box::new(OnAcquire))
            .build(manager)
            .map_err(|e| StorageError::Connection(format!("{}: {e}", redact(url))))?;
        Ok(Self { pool, backend })
    }

    /// A connection from the pool.
    pub fn conn(&self) -> Result<Conn, StorageError> {
        self.pool.get().map_err(StorageError::from)
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool's connections now: open, idle, and the most it may open.
    pub fn pool_state(&self) -> PoolState {
        let state = self.pool.state();
        PoolState {
            connections: state.connections,
            idle: state.idle_connections,
            max: self.pool.max_size(),
        }
    }

    /// Whether the database answers within `wait` and its schema is current: the names of the
    /// migrations not applied yet (empty when current). An error when no connection could be
    /// had in time or the database did not answer.
    pub fn pending_migrations(&self, wait: Duration) -> Result<Vec<String>, StorageError> {
        let mut conn = self.pool.get_timeout(wait).map_err(StorageError::from)?;
        let err =
            |e: Box<dyn std::error::Error + Send + Sync>| StorageError::Migration(e.to_string());
        Ok(match &mut *conn {
            DbConnection::Postgres(c) => c
                .pending_migrations(POSTGRES_MIGRATIONS)
                .map_err(err)?
                .iter()
                .map(|m| m.name().to_string())
                .collect(),
            DbConnection::Sqlite(c) => c
                .pending_migrations(SQLITE_MIGRATIONS)
                .map_err(err)?
                .iter()
                .map(|m| m.name().to_string())
                .collect(),
        })
    }

    /// Runs the pending migrations of the backend; returns the names applied.
    pub fn migrate(&self) -> Result<Vec<String>, StorageError> {
        let mut conn = self.conn()?;
        migrate(&mut conn)
    }
}

/// Runs the pending migrations on one connection; returns the names applied.
pub fn migrate(conn: &mut DbConnection) -> Result<Vec<String>, StorageError> {
    let applied = match conn {
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
    }
    .map_err(|e| StorageError::Migration(e.to_string()))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Reverts every migration (used by the test that proves each `down.sql`).
pub fn revert_all(conn: &mut DbConnection) -> Result<usize, StorageError> {
    let reverted = match conn {
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS),
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS),
    }
    .map_err(|e| StorageError::Migration(e.to_string()))?;
    Ok(reverted.len())
}

/// Reverts the latest migration applied; returns its name (used by the tests that prove a
/// migration carries the data written before it, and back).
pub fn revert_latest(conn: &mut DbConnection) -> Result<String, StorageError> {
    let reverted = match conn {
        DbConnection::Postgres(c) => c.revert_last_migration(POSTGRES_MIGRATIONS),
        DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS),
    }
    .map_err(|e| StorageError::Migration(e.to_string()))?;
    Ok(reverted.to_string())
}

/// A URL with its password hidden, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

enum TxError<E> {
    Inner(E),
    Db(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for TxError<E> {
    fn from(e: diesel::result::Error) -> Self {
        Self::Db(e)
    }
}

/// Runs `f` in a transaction (a savepoint when already inside one): committed when `f`
/// returns `Ok`, rolled back when it returns `Err` — so callers outside this crate get
/// all-or-nothing work without naming diesel.
///
/// On SQLite the outermost transaction is `BEGIN IMMEDIATE`: it takes the write lock at its
/// start, waiting up to the busy timeout for it. A deferred transaction that reads first and
/// writes later cannot wait (SQLite refuses the upgrade at once with "database is locked", since
/// waiting could deadlock), so every write transaction must declare itself at its start.
/// PostgreSQL runs `BEGIN` (read committed); its writers meet on unique constraints.
pub fn transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<StorageError>,
{
    if let DbConnection::Sqlite(c) = conn
        && sqlite_outside_transaction(c).map_err(|e| E::from(StorageError::Query(e)))?
    {
        return sqlite_immediate(conn, f);
    }
    conn.transaction::<T, TxError<E>, _>(|c| f(c).map_err(TxError::Inner))
        .map_err(|e| match e {
            TxError::Inner(e) => e,
            TxError::Db(d) => E::from(StorageError::Query(d)),
        })
}

fn sqlite_outside_transaction(c: &mut SqliteConnection) -> QueryResult<bool> {
    Ok(AnsiTransactionManager::transaction_manager_status_mut(c)
        .transaction_depth()?
        .is_none())
}

/// `BEGIN IMMEDIATE` on the inner SQLite connection, so that transactions nested in `f`
/// (through the multi-connection) become savepoints of this one.
fn sqlite_immediate<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<StorageError>,
{
    let query = |e| E::from(StorageError::Query(e));
    if let DbConnection::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE").map_err(query)?;
    }
    let result = f(conn);
    let DbConnection::Sqlite(c) = conn else {
        return Err(E::from(StorageError::Connection(
            "the connection changed backend inside a transaction".into(),
        )));
    };
    match result {
        Ok(value) => {
            if let Err(e) =
                <AnsiTransactionManager as TransactionManager<SqliteConnection>>::commit_transaction(
                    c,
                )
            {
                // A failed commit leaves the transaction open: roll it back so the connection
                // goes back to the pool clean.
                let _rolled_back = <AnsiTransactionManager as TransactionManager<
                    SqliteConnection,
                >>::rollback_transaction(c);
                return Err(query(e));
            }
            Ok(value)
        }
        Err(e) => {
            <AnsiTransactionManager as TransactionManager<SqliteConnection>>::rollback_transaction(
                c,
            )
            .map_err(query)?;
            Err(e)
        }
    }
}
