//! Errors of the use cases.

use mizan_core::Issue;
use mizan_core::framework::FrameworkError;
use mizan_storage::StorageError;

/// Why a use case could not run. Problems in submitted files are not errors: they are issues in
/// the use case's report.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The database.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A framework file.
    #[error(transparent)]
    Framework(#[from] FrameworkError),
    /// Settings or other configuration.
    #[error("configuration: {0}")]
    Config(String),
    /// Something asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The person asking may not do or see this (the text says what, for the log).
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// What was asked is refused (a typed code with its parameters, translated by the web and
    /// the command line; HTTP 400).
    #[error("refused: {0}")]
    Invalid(crate::Refusal),
    /// Something that should not happen: a stored record that cannot be read back, a result
    /// that was not computed, the demo's own data (for the log; HTTP 500).
    #[error("internal: {0}")]
    Internal(String),
    /// A simultaneous change won: nothing was done, and the same request sent again will be
    /// decided against the new state (HTTP 409).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A file the platform writes could not be produced.
    #[error("could not write {what}: {message}")]
    Write {
        /// What was being written.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// An uploaded file could not be read from where it was kept.
    #[error("reading the uploaded file: {0}")]
    Upload(#[from] std::io::Error),
    /// A file was refused (the issues say why).
    #[error("the file is refused: {}", issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Refused {
        /// Every issue found.
        issues: Vec<Issue>,
    },
}

/// Result of a use case.
pub type ServiceResult<T> = Result<T, ServiceError>;
