//! `mizan import …`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use mizan_core::Issue;
use mizan_service::returns::{Outcome, Scope, import_returns};
use mizan_service::{Actor, App};

use super::say;

/// Fails with the path when the file cannot be opened; the use cases then read it themselves
/// (never whole for a loan tape).
pub(crate) fn readable(path: &Path) -> anyhow::Result<&Path> {
    std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(path)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn print_issues(indent: &str, issues: &[Issue]) {
    for issue in issues {
        println!("{indent}{}", say::issue(issue));
    }
}

/// `mizan import institutions FILE`
pub fn institutions(app: &App, file: &Path) -> anyhow::Result<ExitCode> {
    let report = mizan_service::registry::import_institutions(
        app,
        readable(file)?,
        &file_name(file),
        &Actor::cli(),
    )?;
    if report.refused() {
        println!(
            "{}",
            say::text("cli-registry-refused", &[("file", &file.display())])
        );
        print_issues("  ", &report.issues);
        return Ok(ExitCode::FAILURE);
    }
    let (created, changed, unchanged) = report.counts();
    println!(
        "{}",
        say::text(
            "cli-registry-imported",
            &[
                ("file", &file.display()),
                ("lines", &say::count(report.changes.len())),
                ("created", &say::count(created)),
                ("changed", &say::count(changed)),
                ("unchanged", &say::count(unchanged)),
            ],
        )
    );
    print_issues("  ", &report.issues);
    Ok(ExitCode::SUCCESS)
}

/// `mizan import returns FILE…`
pub fn returns(app: &App, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut refused = false;
    let actor = Actor::cli();
    for file in files {
        let report = import_returns(app, readable(file)?, &file_name(file), &actor, &Scope::Any)?;
        println!(
            "{}",
            say::text(
                "cli-returns-file",
                &[("file", &file.display()), ("format", &report.format)],
            )
        );
        if !report.file_issues.is_empty() {
            print_issues("  ", &report.file_issues);
        }
        let (mut stored, mut refusals, mut same) = (0_usize, 0_usize, 0_usize);
        for sub in &report.submissions {
            let at: [(&str, &dyn std::fmt::Display); 2] =
                [("institution", &sub.institution), ("period", &sub.period)];
            let line = match &sub.outcome {
                Outcome::Stored(r) => {
                    stored += 1;
                    say::text(
                        "cli-return-stored",
                        &[
                            at[0],
                            at[1],
                            ("version", &r.version),
                            ("warnings", &say::count(r.warnings)),
                        ],
                    )
                }
                Outcome::Refused => {
                    refusals += 1;
                    say::text(
                        "cli-return-refused",
                        &[at[0], at[1], ("place", &say::place(&sub.place))],
                    )
                }
                Outcome::AlreadyImported(r) => {
                    same += 1;
                    say::text(
                        "cli-return-already-imported",
                        &[
                            at[0],
                            at[1],
                            ("version", &r.version),
                            ("date", &say::datetime(r.received_at)),
                        ],
                    )
                }
                Outcome::Unchanged(r) => {
                    same += 1;
                    say::text(
                        "cli-return-unchanged",
                        &[at[0], at[1], ("version", &r.version)],
                    )
                }
            };
            println!("  {line}");
            print_issues("    ", &sub.issues);
        }
        println!(
            "  {}",
            say::text(
                "cli-returns-summary",
                &[
                    ("submissions", &say::count(report.submissions.len())),
                    ("stored", &say::count(stored)),
                    ("refused", &say::count(refusals)),
                    ("unchanged", &say::count(same)),
                ],
            )
        );
        refused |= report.has_refusals();
    }
    Ok(if refused {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
