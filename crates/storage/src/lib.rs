//! Storage for Mizan: the only crate that names diesel.
//!
//! One code path runs on SQLite (the embedded default: a file, nothing to install) and on
//! PostgreSQL (production: many users, several app servers), through diesel's
//! `MultiConnection`; the backend is chosen from the URL (`postgres://…` or a file path).
//! Migrations live in `migrations/sqlite` and `migrations/postgres` with the same names and are
//! embedded in the binary.
//!
//! Conventions: query functions take the connection (`&mut DbConnection`) so that the caller
//! owns the transaction; decimals are stored as text and never pass through floating point;
//! timestamps are naive UTC passed in by the caller; submissions are never overwritten (a
//! resubmission is a new version); the audit log is append-only.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let db = mizan_storage::Db::connect(&dir.path().join("doc.sqlite").display().to_string(), 2)?;
//! db.migrate()?;
//! let mut conn = db.conn()?;
//! assert!(mizan_storage::registry::load_registry(&mut conn)?.is_empty());
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

/// Runs the same diesel statement on the inner connection of either backend, for the few
/// statements the multi-connection cannot express (multi-row inserts).
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::conn::DbConnection::Postgres($c) => $body,
            $crate::conn::DbConnection::Sqlite($c) => $body,
        }
    };
}

mod conn;
mod error;
mod models;
mod schema;

pub mod accounts;
pub mod audit;
pub mod drafts;
pub mod imposed_classes;
pub mod loan_tapes;
pub mod mail;
pub mod periods;
pub mod publications;
pub mod registry;
pub mod submissions;
pub mod users;

#[cfg(feature = "testing")]
pub mod testing;

pub use conn::{
    Backend, Conn, Db, DbConnection, PoolState, establish, migrate, redact, revert_all,
    revert_latest, transaction,
};
pub use error::{StorageError, StorageResult};
