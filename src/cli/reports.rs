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

use super::write_out;

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
    println!(
        "{period} — {framework}: {received} reçus / {expected} attendus; deadline {} ({}){}",
        c.deadline,
        match app.framework(framework, period)?.collection.deadline {
            mizan_core::framework::Deadline::WorkingDays(n) =>
                format!("{n} working days after the period's end"),
            mizan_core::framework::Deadline::Days(n) => format!("{n} days after the period's end"),
        },
        if c.today > c.deadline { ", passed" } else { "" }
    );
    for g in &c.groups {
        println!();
        println!(
            "{} ({}): {} reçus / {} attendus",
            g.label,
            g.code,
            g.received(),
            g.expected()
        );
        let mut rank = 0;
        for inst in &g.institutions {
            let late = if inst.late_working_days > 0 {
                format!(", {} working day(s) late", inst.late_working_days)
            } else {
                String::new()
            };
            if let Some(eff) = &inst.effective {
                rank += 1;
                let first = inst
                    .first_received()
                    .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                println!(
                    "  {rank:>3}. {:<8} {:<45} received {first}{late}; {} version(s), counted v{} ({}), {} warning(s)",
                    inst.code.as_str(),
                    truncate(&inst.name, 45),
                    inst.versions.len(),
                    eff.version,
                    eff.status,
                    eff.warnings
                );
            } else if inst.rejected() {
                println!(
                    "     - {:<8} {:<45} every version rejected{late}",
                    inst.code.as_str(),
                    truncate(&inst.name, 45)
                );
            } else {
                println!(
                    "     - {:<8} {:<45} missing{late}",
                    inst.code.as_str(),
                    truncate(&inst.name, 45)
                );
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
        println!("{period} ({method}) written to {}", path.display());
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
            "  {}: {} accepted / {} expected{}",
            c.group,
            c.accepted,
            c.expected,
            if c.below { " (below the minimum)" } else { "" }
        );
    }
    for a in &preview.awaiting {
        println!(
            "  awaiting review: {} v{} ({})",
            a.code.as_str(),
            a.submission.version,
            a.submission.source_name
        );
    }
    let rec =
        mizan_service::publication::publish(app, framework, period, note, guard, &Actor::cli())?;
    let table = mizan_service::publication::load_public_table(app, rec.id)?;
    println!(
        "{framework} {period} published{}: revision {} ({} cell(s) withheld by disclosure control), entity tag {}",
        if confirm && preview.confirmable {
            " on confirmation"
        } else {
            ""
        },
        rec.revision,
        table.suppressed_cells,
        &rec.public_sha256[..16]
    );
    for g in &table.groups {
        println!(
            "  {}: {} reçus / {} attendus",
            g.code, g.received, g.expected
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
            let inst = all
                .iter()
                .find(|i| &i.code == code)
                .with_context(|| format!("{code} is not expected for {framework} {period}"))?;
            if !inst.awaiting_review() {
                anyhow::bail!("{code} has no return awaiting review for {period}");
            }
            chosen.push(inst);
        }
    }
    if chosen.is_empty() {
        println!("{framework} {period}: no return awaits review");
    }
    for inst in chosen {
        let Some(v) = inst.versions.last() else {
            continue;
        };
        let rec = decide(app, &actor, v.id, &Decision::Accept)?;
        println!(
            "{} {period} v{} ({}): {}",
            inst.code.as_str(),
            rec.version,
            rec.source_name,
            rec.status
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
        .with_context(|| format!("{institution} has no return for {framework} {period}"))?;
    let rec = decide(app, &actor, v.id, &Decision::Reject(comment.to_owned()))?;
    println!(
        "{} {period} v{} ({}): {} — {}",
        institution.as_str(),
        rec.version,
        rec.source_name,
        rec.status,
        comment.trim()
    );
    crate::cli::users::send_mail(app)?;
    Ok(ExitCode::SUCCESS)
}

/// `mizan publications`
pub fn publications(app: &App, framework: &str) -> anyhow::Result<ExitCode> {
    let list = mizan_service::publication::published_quarters(app, framework)?;
    if list.is_empty() {
        println!("{framework}: nothing published yet");
    }
    for p in &list {
        for r in p.revisions.iter().rev() {
            let state = if r.id == p.latest.id {
                "current"
            } else {
                "superseded"
            };
            println!(
                "{} revision {} ({state}) published {} by {}{}",
                r.period,
                r.revision,
                r.published_at.format("%Y-%m-%d %H:%M"),
                r.published_by,
                r.note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
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
            "indicators of {} institution(s) written to {}",
            list.len(),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan quality --period P`
pub fn quality(app: &App, framework: &str, period: Period) -> anyhow::Result<ExitCode> {
    let flags = period_quality_flags(app, &Actor::cli(), framework, period)?;
    if flags.is_empty() {
        println!("{period}: no data-quality flag");
    }
    for f in &flags {
        println!(
            "{} {} [{}] {}",
            f.institution, f.severity, f.rule, f.message
        );
    }
    Ok(ExitCode::SUCCESS)
}
