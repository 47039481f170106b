//! End-to-end tests: the `mizan` binary as a user runs it, on a fresh SQLite database (and on a
//! fresh PostgreSQL database when `TEST_DATABASE_URL` is set, for the CLI tests that say so).

mod cli;
mod loans;
mod mail;
mod serve;
#[expect(
    dead_code,
    reason = "the command line tests do not make the server refuse"
)]
#[path = "../../crates/service/tests/it/smtp.rs"]
mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn data(path: &str) -> PathBuf {
    root().join("tests/data").join(path)
}

/// The `mizan` binary built for these tests.
pub fn mizan_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mizan"))
}

/// Runs `mizan` with `args` in `dir` on the database `db`.
pub fn mizan(dir: &Path, db: &str, args: &[&str]) -> Result<Output, std::io::Error> {
    Command::new(mizan_bin())
        .current_dir(dir)
        .env("MIZAN_DATABASE_URL", db)
        .env("MIZAN_CONFIG_DIR", root().join("config"))
        .env_remove("MIZAN_CONFIG_FILE")
        .args(args)
        .output()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
