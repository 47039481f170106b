//! Storage tests. Every test body runs on a fresh SQLite database and, when
//! `TEST_DATABASE_URL` names a PostgreSQL database, on a fresh PostgreSQL schema too.

mod accounts;
mod audit;
mod history;
mod loan_tapes;
mod migrations;
mod registry;
mod submissions;
mod users;

use chrono::NaiveDateTime;
use mizan_storage::testing::{self, TestDb};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs `body` on every test database, naming the backend when it fails.
pub fn on_each_backend(body: impl Fn(&TestDb) -> TestResult) -> TestResult {
    for db in testing::databases()? {
        body(&db).map_err(|e| format!("on {}: {e}", db.backend().name()))?;
    }
    Ok(())
}

pub fn at(text: &str) -> Result<NaiveDateTime, chrono::ParseError> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
}
