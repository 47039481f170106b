//! Storage errors.

/// What went wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database cannot be reached or opened.
    #[error("cannot connect to the database: {0}")]
    Connection(String),
    /// No connection could be had from the pool.
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migration(String),
    /// A query failed.
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    /// A stored value that cannot be read back (a bad decimal, an unknown enum code).
    #[error("stored {what} \"{value}\" cannot be read")]
    Corrupt {
        /// What was being read.
        what: &'static str,
        /// The stored text.
        value: String,
    },
    /// Something the caller asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// A concurrent writer took the same version number; the caller may retry.
    #[error("conflict: {0}")]
    Conflict(String),
}

impl StorageError {
    /// Whether a simultaneous writer caused it, so that running the same transaction again may
    /// succeed: a version or unique key taken first, a serialization failure or a deadlock
    /// (PostgreSQL; SQLite writers wait for each other).
    pub fn is_conflict(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            Self::Conflict(_) => true,
            Self::Query(Error::DatabaseError(
                DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::SerializationFailure,
                _,
            )) => true,
            Self::Query(Error::DatabaseError(_, info)) => {
                info.message().contains("deadlock detected")
            }
            _ => false,
        }
    }
}

/// Result of a storage call.
pub type StorageResult<T> = Result<T, StorageError>;

pub(crate) fn corrupt(what: &'static str, value: impl Into<String>) -> StorageError {
    StorageError::Corrupt {
        what,
        value: value.into(),
    }
}
