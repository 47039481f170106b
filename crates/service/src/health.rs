//! What an operator asks of a running process: is the database there and its schema current
//! (`/readyz`), and how busy is the pool of connections (the metrics). Neither says anything
//! of any institution.

use std::time::Duration;

use mizan_storage::PoolState;

use crate::app::App;

/// How long readiness waits for a connection before saying the database is not reachable.
pub const READY_WAIT: Duration = Duration::from_secs(2);

/// Whether the process can serve: the database answered and no migration is pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// The database answered and its schema is the one this binary expects.
    Ready,
    /// The database answered, but these migrations are not applied (another version of the
    /// binary is migrating it, or this one is older than the schema's).
    MigrationsPending(Vec<String>),
    /// No connection within [`READY_WAIT`], or the database did not answer (the cause, for the
    /// operator's log; never shown to the public).
    DatabaseUnreachable(String),
}

impl Readiness {
    /// Ready to serve.
    pub fn is_ready(&self) -> bool {
        matches!(self, Self::Ready)
    }

    /// Stable code: `ready`, `migrations_pending`, `database_unreachable`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::MigrationsPending(_) => "migrations_pending",
            Self::DatabaseUnreachable(_) => "database_unreachable",
        }
    }
}

/// Asks the database (public: says only whether the process can serve).
pub fn readiness(app: &App) -> Readiness {
    match app.db.pending_migrations(READY_WAIT) {
        Ok(pending) if pending.is_empty() => Readiness::Ready,
        Ok(pending) => Readiness::MigrationsPending(pending),
        Err(e) => Readiness::DatabaseUnreachable(e.to_string()),
    }
}

/// The pool's connections now (public to the metrics listener only, which the settings keep
/// private).
pub fn pool_state(app: &App) -> PoolState {
    app.db.pool_state()
}
