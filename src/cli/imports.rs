//! `mizan import …`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use mizan_core::Issue;
use mizan_service::returns::{Outcome, Scope, import_returns};
use mizan_service::{Actor, App};

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
        println!("{indent}{}", super::say::issue(issue));
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
        println!("{}: refused, nothing stored:", file.display());
        print_issues("  ", &report.issues);
        return Ok(ExitCode::FAILURE);
    }
    let (created, changed, unchanged) = report.counts();
    println!(
        "{}: {} institution line(s): {created} new, {changed} changed, {unchanged} unchanged",
        file.display(),
        report.changes.len()
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
        println!("{} ({}):", file.display(), report.format);
        if !report.file_issues.is_empty() {
            print_issues("  ", &report.file_issues);
        }
        let (mut stored, mut refusals, mut same) = (0, 0, 0);
        for sub in &report.submissions {
            let what = format!("{} {}", sub.institution, sub.period);
            match &sub.outcome {
                Outcome::Stored(r) => {
                    stored += 1;
                    println!(
                        "  {what}: stored as version {} ({} warning(s))",
                        r.version, r.warnings
                    );
                }
                Outcome::Refused => {
                    refusals += 1;
                    println!("  {what}: refused, nothing stored ({}):", sub.place);
                }
                Outcome::AlreadyImported(r) => {
                    same += 1;
                    println!(
                        "  {what}: this file was already imported as version {} on {}; no new version",
                        r.version,
                        r.received_at.format("%Y-%m-%d %H:%M")
                    );
                }
                Outcome::Unchanged(r) => {
                    same += 1;
                    println!(
                        "  {what}: same values as version {}; no new version",
                        r.version
                    );
                }
            }
            print_issues("    ", &sub.issues);
        }
        println!(
            "  {} submission(s): {stored} stored, {refusals} refused, {same} unchanged",
            report.submissions.len()
        );
        refused |= report.has_refusals();
    }
    Ok(if refused {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
