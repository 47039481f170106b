//! `mizan returns list`, `mizan export …`, `mizan quality`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_ratios::Method;
use mizan_service::collection::{Decision, collection, decide};
use mizan_service::consolidation::{
    consolidated_table, institution_indicators, period_quality_flags,
};
use mizan_service::export;
use mizan_service::{Actor, App};

use super::{say, write_out};

/// A return's status in the run's language (`accepté`), as the web says it.
fn status_text(status: mizan_storage::submissions::SubmissionStatus) -> String {
    say::text(&format!("status-{}", status.code()), &[])
}

/// Output formats of `export consolidated`.
#[derive(Debug, Clone, Copy)]
pub enum OutFormat {
    /// CSV (interchange format).
    Csv,
    /// JSON.
    Json,
    /// Spreadsheet laid out like the bulletin.
    Xlsx,
}

/// `mizan returns list --period P`
pub fn returns_list(app: &App, framework: &str, period: Period) -> anyhow::Result<ExitCode> {
    let c = collection(app, &Actor::cli(), framework, period)?;
    let (received, expected) = c.totals();
    let fw = app.framework(framework, period)?;
    let rule = match fw.collection.deadline {
        mizan_core::framework::Deadline::WorkingDays(n) => {
            say::text("cli-deadline-working-days", &[("days", &say::count(n))])
        }
        mizan_core::framework::Deadline::Days(n) => {
            say::text("cli-deadline-days", &[("days", &say::count(n))])
        }
    };
    println!(
        "{}",
        say::text(
            "cli-collection-head",
            &[
                ("period", &period),
                ("framework", &framework),
                ("received", &say::count(received)),
                ("expected", &say::count(expected)),
                ("deadline", &say::date(c.deadline)),
                ("rule", &rule),
                ("passed", &say::yes(c.today > c.deadline)),
            ],
        )
    );
    for g in &c.groups {
        // The group's name in the run's language (the collection carries the French one).
        let label = match fw.peer_groups.iter().find(|p| p.code == g.code) {
            Some(p) => p.label.get(say::lang()).to_owned(),
            None if g.code == "other" => say::text("staff-group-other", &[]),
            None => g.label.clone(),
        };
        println!();
        println!(
            "{}",
            say::text(
                "cli-collection-group",
                &[
                    ("group", &label),
                    ("code", &g.code),
                    ("received", &say::count(g.received())),
                    ("expected", &say::count(g.expected())),
                ],
            )
        );
        let mut rank = 0;
        for inst in &g.institutions {
            let late: [(&str, &dyn std::fmt::Display); 3] = [
                ("late", &say::yes(inst.late.is_late())),
                ("days", &say::count(inst.late.days)),
                ("working", &say::yes(inst.late.working_days)),
            ];
            let who = format!("{:<8} {:<45}", inst.code.as_str(), truncate(&inst.name, 45));
            if let Some(eff) = &inst.effective {
                rank += 1;
                let first = inst.first_received().map(say::datetime).unwrap_or_default();
                let status = status_text(eff.status);
                let mut what = say::text(
                    "cli-collection-received",
                    &[
                        ("date", &first),
                        late[0],
                        late[1],
                        late[2],
                        ("versions", &say::count(inst.versions.len())),
                        ("version", &eff.version),
                        ("status", &status),
                        ("warnings", &say::count(eff.warnings)),
                    ],
                );
                // A monthly reporter counts in a quarter by its quarter-end month: say which.
                if inst.monthly && eff.period != period {
                    what.push_str(&say::text(
                        "cli-collection-monthly",
                        &[("month", &say::period(eff.period))],
                    ));
                }
                println!("  {rank:>3}. {who} {what}");
            } else if inst.rejected() {
                let what = say::text("cli-collection-rejected", &late);
                println!("     - {who} {what}");
            } else {
                let what = say::text("cli-collection-missing", &late);
                println!("     - {who} {what}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `mizan export consolidated`
pub fn export_consolidated(
    app: &App,
    framework: &str,
    period: Period,
    method: Method,
    format: OutFormat,
    lang: Lang,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let table = consolidated_table(app, &Actor::cli(), framework, period)?;
    let fw = app.framework(framework, period)?;
    let rows = table.export_rows(method);
    let bytes = match format {
        OutFormat::Csv => export::consolidated_csv(&rows)?,
        OutFormat::Json => export::consolidated_json(&table, method, &rows)?,
        OutFormat::Xlsx => {
            let view =
                mizan_service::publication::staff_view(app, &Actor::cli(), framework, period)?;
            let i18n = mizan_web::i18n::I18n::load()?;
            let texts = mizan_web::file_texts::table_texts(&i18n, lang, method);
            export::table_xlsx(fw, &view, method, &texts)?
        }
    };
    write_out(output, &bytes)?;
    if let Some(path) = output {
        println!(
            "{}",
            say::text(
                "cli-table-written",
                &[
                    ("period", &period),
                    ("method", &method),
                    ("file", &path.display()),
                ],
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan publish --period P [--note TEXT] [--confirm]`: refused (exit 2, the reason in the
/// run's language) when coverage is below the framework's minimum or returns await review,
/// unless `--confirm` with a note.
pub fn publish(
    app: &App,
    framework: &str,
    period: Period,
    note: Option<&str>,
    confirm: bool,
) -> anyhow::Result<ExitCode> {
    use mizan_service::publication::Guard;

    let guard = if confirm {
        Guard::Confirmed
    } else {
        Guard::Check
    };
    let preview = mizan_service::publication::preview(app, &Actor::cli(), framework, period, note)?;
    for c in &preview.coverage {
        println!(
            "  {}",
            say::text(
                "cli-publish-coverage",
                &[
                    ("group", &c.group),
                    ("accepted", &say::count(c.accepted)),
                    ("expected", &say::count(c.expected)),
                    ("below", &say::yes(c.below)),
                ],
            )
        );
    }
    for a in &preview.awaiting {
        println!(
            "  {}",
            say::text(
                "cli-publish-awaiting",
                &[
                    ("institution", &a.code),
                    ("version", &a.submission.version),
                    ("file", &a.submission.source_name),
                ],
            )
        );
    }
    let rec =
        mizan_service::publication::publish(app, framework, period, note, guard, &Actor::cli())?;
    let table = mizan_service::publication::load_public_table(app, rec.id)?;
    println!(
        "{}",
        say::text(
            "cli-published",
            &[
                ("framework", &framework),
                ("period", &period),
                ("confirmed", &say::yes(confirm && preview.confirmable)),
                ("revision", &rec.revision),
                ("withheld", &say::count(table.suppressed_cells)),
                ("etag", &rec.public_sha256.get(..16).unwrap_or_default()),
            ],
        )
    );
    for g in &table.groups {
        println!(
            "  {}",
            say::text(
                "cli-published-group",
                &[
                    ("group", &g.code),
                    ("received", &say::count(g.received)),
                    ("expected", &say::count(g.expected)),
                ],
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan returns accept --period P [--institution CODE]…`: accepts the latest version of each
/// institution named (every return of the period awaiting review when none is named).
pub fn accept(
    app: &App,
    framework: &str,
    period: Period,
    institutions: &[InstitutionCode],
) -> anyhow::Result<ExitCode> {
    let actor = Actor::cli();
    let c = collection(app, &actor, framework, period)?;
    let all: Vec<_> = c.groups.iter().flat_map(|g| &g.institutions).collect();
    let mut chosen = Vec::new();
    if institutions.is_empty() {
        chosen.extend(all.iter().filter(|i| i.awaiting_review()));
    } else {
        for code in institutions {
            let inst = all.iter().find(|i| &i.code == code).with_context(|| {
                say::text(
                    "cli-not-expected",
                    &[
                        ("institution", code),
                        ("framework", &framework),
                        ("period", &period),
                    ],
                )
            })?;
            if !inst.awaiting_review() {
                anyhow::bail!(say::text(
                    "cli-not-awaiting",
                    &[("institution", code), ("period", &period)],
                ));
            }
            chosen.push(inst);
        }
    }
    if chosen.is_empty() {
        println!(
            "{}",
            say::text(
                "cli-accept-none",
                &[("framework", &framework), ("period", &period)],
            )
        );
    }
    for inst in chosen {
        let Some(v) = inst.versions.last() else {
            continue;
        };
        let rec = decide(app, &actor, v.id, &Decision::Accept)?;
        println!(
            "{}",
            say::text(
                "cli-decided",
                &[
                    ("institution", &inst.code),
                    ("period", &period),
                    ("version", &rec.version),
                    ("file", &rec.source_name),
                    ("status", &status_text(rec.status)),
                ],
            )
        );
    }
    crate::cli::users::send_mail(app)?;
    Ok(ExitCode::SUCCESS)
}

/// `mizan returns reject --period P --institution CODE --comment TEXT`: rejects the
/// institution's latest version, with the comment its members see.
pub fn reject(
    app: &App,
    framework: &str,
    period: Period,
    institution: &InstitutionCode,
    comment: &str,
) -> anyhow::Result<ExitCode> {
    let actor = Actor::cli();
    let c = collection(app, &actor, framework, period)?;
    let v = c
        .groups
        .iter()
        .flat_map(|g| &g.institutions)
        .find(|i| &i.code == institution)
        .and_then(|i| i.versions.last())
        .with_context(|| {
            say::text(
                "cli-no-return",
                &[
                    ("institution", institution),
                    ("framework", &framework),
                    ("period", &period),
                ],
            )
        })?;
    let rec = decide(app, &actor, v.id, &Decision::Reject(comment.to_owned()))?;
    println!(
        "{}",
        say::text(
            "cli-decided-comment",
            &[
                ("institution", institution),
                ("period", &period),
                ("version", &rec.version),
                ("file", &rec.source_name),
                ("status", &status_text(rec.status)),
                ("comment", &comment.trim()),
            ],
        )
    );
    crate::cli::users::send_mail(app)?;
    Ok(ExitCode::SUCCESS)
}

/// `mizan publications`
pub fn publications(app: &App, framework: &str) -> anyhow::Result<ExitCode> {
    let list = mizan_service::publication::published_quarters(app, framework)?;
    if list.is_empty() {
        println!(
            "{}",
            say::text("cli-nothing-published", &[("framework", &framework)])
        );
    }
    for p in &list {
        for r in p.revisions.iter().rev() {
            let state = say::text(
                if r.id == p.latest.id {
                    "status-current"
                } else {
                    "status-superseded"
                },
                &[],
            );
            println!(
                "{}",
                say::text(
                    "cli-publication",
                    &[
                        ("period", &r.period),
                        ("revision", &r.revision),
                        ("state", &state),
                        ("date", &say::datetime(r.published_at)),
                        ("by", &r.published_by),
                        ("noted", &say::yes(r.note.is_some())),
                        ("note", &r.note.as_deref().unwrap_or_default()),
                    ],
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan export institutions`
pub fn export_institutions(
    app: &App,
    framework: &str,
    period: Period,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let list = institution_indicators(app, &Actor::cli(), framework, period)?;
    write_out(output, &export::institutions_csv(period, &list)?)?;
    if let Some(path) = output {
        println!(
            "{}",
            say::text(
                "cli-indicators-written",
                &[
                    ("count", &say::count(list.len())),
                    ("file", &path.display())
                ],
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan quality --period P`
pub fn quality(app: &App, framework: &str, period: Period) -> anyhow::Result<ExitCode> {
    let flags = period_quality_flags(app, &Actor::cli(), framework, period)?;
    if flags.is_empty() {
        println!("{}", say::text("cli-quality-none", &[("period", &period)]));
    }
    let fw = app.framework(framework, period)?;
    for f in &flags {
        // The rule's own words in the run's language (the flag carries the French ones).
        let message = f
            .message_in(fw, say::lang())
            .unwrap_or_else(|| f.message.clone());
        let severity = say::text(
            match f.severity {
                mizan_core::Severity::Blocking => "severity-blocking",
                mizan_core::Severity::Warning => "severity-warning",
            },
            &[],
        );
        println!("{} {severity} [{}] {message}", f.institution, f.rule);
    }
    Ok(ExitCode::SUCCESS)
}
