//! `mizan import loans`, `mizan export loans|portfolio`, `mizan solvency`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mizan_core::number::round_half_away;
use mizan_core::{Decimal, InstitutionCode, Issue, Period};
use mizan_ratios::classification::Portfolio;
use mizan_ratios::solvency::{Cap, Line};
use mizan_service::loans::{
    LoanImportReport, LoanOutcome, LoanProgress, ReturnFeed, export_portfolio, import_loans,
    solvency_of, write_loans,
};
use mizan_service::{Actor, App};

/// An amount for reading: two decimals, half away from zero (stored figures stay exact).
fn amount(d: Decimal) -> String {
    let mut d = round_half_away(d, 2);
    d.rescale(2);
    d.to_string()
}

/// A percentage for reading: two decimals.
fn pct(d: Decimal) -> String {
    format!("{} %", amount(d))
}

/// The progress bar on stderr, drawn only when stderr is a terminal.
struct Bar {
    bar: ProgressBar,
    stage: Option<&'static str>,
}

impl Bar {
    fn new() -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        Self { bar, stage: None }
    }

    fn enter(&mut self, stage: &'static str, template: &str, len: Option<u64>) {
        if self.stage == Some(stage) {
            return;
        }
        self.stage = Some(stage);
        self.bar.reset();
        self.bar.set_length(len.unwrap_or(0));
        if len.is_none() {
            self.bar.unset_length();
        }
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(stage);
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }

    fn update(&mut self, p: LoanProgress) {
        match p {
            LoanProgress::Previous { loans, total } => {
                self.enter(
                    "previous quarter-end",
                    "{msg:22} [{bar:40}] {human_pos}/{human_len} loans",
                    Some(total),
                );
                self.bar.set_position(loans);
            }
            LoanProgress::Bytes { read, total } => {
                self.enter(
                    "reading",
                    "{msg:22} [{bar:40}] {binary_bytes}/{binary_total_bytes} ({eta})",
                    Some(total),
                );
                self.bar.set_position(read);
            }
            LoanProgress::Rows { read } => {
                self.enter("reading", "{spinner} {msg:20} {human_pos} rows", None);
                self.bar.set_position(read);
            }
            LoanProgress::Storing { loans } => {
                self.enter("storing", "{spinner} {msg:20} {human_pos} loans", None);
                self.bar.set_position(loans);
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn print_issues(indent: &str, issues: &[Issue]) {
    for issue in issues {
        println!("{indent}{}", super::say::issue(issue));
    }
}

fn print_portfolio(p: &Portfolio) {
    println!(
        "  {} loan(s), outstanding {}",
        p.total.count,
        amount(p.total.outstanding)
    );
    for (class, t) in p.by_class.iter().enumerate() {
        println!(
            "    class {class}: {:>8} loan(s), outstanding {:>18}, provisions {:>18}",
            t.count,
            amount(t.outstanding),
            amount(t.provision)
        );
    }
    let par: Vec<String> = p
        .par_days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let ratio = p
                .par_ratio_pct(i)
                .map_or_else(String::new, |r| format!(" ({})", pct(r)));
            format!("PAR{d} {}{ratio}", amount(p.par[i]))
        })
        .collect();
    println!("  {}", par.join(", "));
    let coverage = p.coverage_pct().map_or_else(String::new, |c| {
        format!(", coverage of doubtful loans {}", pct(c))
    });
    println!(
        "  provisions required {}{coverage}",
        amount(p.total.provision)
    );
    println!(
        "  irrecoverable (to be written off at year end): {} loan(s), {}",
        p.irrecoverable.count,
        amount(p.irrecoverable.outstanding)
    );
}

fn print_report(r: &LoanImportReport) {
    let licence = r.licence.as_deref().unwrap_or("?");
    println!(
        "{} ({}) for {} {}, as of {}, licence {licence}:",
        r.source_name, r.format, r.institution, r.period, r.as_of
    );
    if matches!(r.outcome, LoanOutcome::Stored(_)) {
        match &r.previous {
            Some(p) => println!(
                "  previous quarter-end: loan tape version {} of {} ({} loan(s) as of {})",
                p.version, p.period, p.loans, p.as_of
            ),
            None => println!(
                "  previous quarter-end: none stored (first quarter-end on the platform: the \
                 rules comparing with it do not apply)"
            ),
        }
    }
    match &r.outcome {
        LoanOutcome::Refused => {
            let blocking = r.blocking().count();
            println!(
                "  refused, nothing stored: {blocking} blocking issue(s), {} warning(s){}",
                r.warnings().count(),
                if r.read.issues_not_listed > 0 {
                    format!(", {} more issue(s) not listed", r.read.issues_not_listed)
                } else {
                    String::new()
                }
            );
            print_issues("    ", &r.issues);
        }
        LoanOutcome::AlreadyImported(t) => println!(
            "  this file was already imported as loan tape version {} on {}; no new version",
            t.version,
            t.received_at.format("%Y-%m-%d %H:%M")
        ),
        LoanOutcome::Stored(s) => {
            println!(
                "  stored as loan tape version {} ({} row(s) read, {} loan(s) classified)",
                s.tape.version, r.read.rows, s.tape.loans
            );
            match &s.feed {
                ReturnFeed::NewVersion(v) => println!(
                    "  the return of {} {} is now version {} with the tape's items",
                    r.institution, r.period, v.version
                ),
                ReturnFeed::Unchanged(v) => println!(
                    "  the return of {} {} already holds these items (version {}); no new version",
                    r.institution, r.period, v.version
                ),
            }
            if let Some(p) = &r.portfolio {
                print_portfolio(p);
            }
            let warnings: Vec<Issue> = r.warnings().cloned().collect();
            if !warnings.is_empty() {
                let more = if r.read.issues_not_listed > 0 {
                    format!(", {} more not listed", r.read.issues_not_listed)
                } else {
                    String::new()
                };
                println!("  {} warning(s){more}:", warnings.len());
                print_issues("    ", &warnings);
            }
        }
    }
}

/// `mizan import loans --institution CODE --period P FILE`
pub fn import(
    app: &App,
    institution: &InstitutionCode,
    period: Period,
    file: &Path,
) -> anyhow::Result<ExitCode> {
    let file = super::imports::readable(file)?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut bar = Bar::new();
    let report = import_loans(
        app,
        institution,
        period,
        file,
        &name,
        &Actor::cli(),
        &mut |p| bar.update(p),
    );
    bar.finish();
    let report = report?;
    print_report(&report);
    Ok(if report.refused() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `mizan export loans --institution CODE --period P [-o FILE]`
pub fn export_loans(
    app: &App,
    institution: &InstitutionCode,
    period: Period,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    match output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("writing {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let tape = write_loans(app, &Actor::cli(), institution, period, &mut out)?;
            std::io::Write::flush(&mut out)
                .with_context(|| format!("writing {}", path.display()))?;
            #[expect(
                clippy::print_stderr,
                reason = "a note for the user; stdout may be the export"
            )]
            {
                eprintln!(
                    "{} loans of {institution} {period} (loan tape version {}) written to {}",
                    tape.loans,
                    tape.version,
                    path.display()
                );
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write_loans(app, &Actor::cli(), institution, period, &mut out)?;
            std::io::Write::flush(&mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan export portfolio --institution CODE --period P [-o FILE]`
pub fn export_portfolio_cmd(
    app: &App,
    institution: &InstitutionCode,
    period: Period,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let bytes = export_portfolio(app, &Actor::cli(), institution, period)?;
    super::write_out(output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn print_lines(sign: &str, lines: &[Line], show_pct: bool) {
    for l in lines {
        let share = if show_pct {
            format!(" × {} = {}", pct(l.pct), amount(l.counted))
        } else {
            String::new()
        };
        println!(
            "    {sign} {:<44} {:>18}{share}   [{}]",
            l.item.as_str(),
            amount(l.reported),
            l.article
        );
    }
}

fn print_cap(what: &str, cap: &Cap) {
    println!(
        "    {what} ({}): {} against a limit of {} → counted {}{}",
        cap.article,
        amount(cap.before),
        amount(cap.limit),
        amount(cap.after),
        if cap.binding() { "  [cap applied]" } else { "" }
    );
}

/// `mizan solvency --institution CODE --period P`
pub fn solvency(
    app: &App,
    institution: &InstitutionCode,
    period: Period,
) -> anyhow::Result<ExitCode> {
    let r = solvency_of(app, &Actor::cli(), institution, period)?;
    let b = &r.breakdown;
    println!(
        "Solvency coefficient of {institution} for {period} ({}, framework {}), from return version {}:",
        r.source, r.framework, r.submission.version
    );
    println!("  Core funds:");
    print_lines("+", &b.core_items, false);
    println!(
        "    + profit {} less planned dividends {} = {} (art. 7, at least 0)",
        amount(b.profit),
        amount(b.planned_dividends),
        amount(b.profit_counted)
    );
    print_lines("-", &b.core_deductions, false);
    println!("    = core funds {}", amount(b.core));
    println!("  Supplementary funds:");
    print_lines("+", &b.supplementary_items, true);
    print_cap("public and special guarantee funds", &b.guarantee_funds);
    print_cap("general provisions", &b.general_provisions);
    print_lines("+", &b.subordinated_items, true);
    print_cap("subordinated debt", &b.subordinated);
    print_cap(
        "supplementary funds, at most the core funds",
        &b.supplementary,
    );
    println!("  Deductions:");
    print_lines("-", &b.deductions, false);
    println!("    = deductions {}", amount(b.deducted));
    println!(
        "  Own funds = {} + {} - {} = {}",
        amount(b.core),
        amount(b.supplementary.after),
        amount(b.deducted),
        amount(b.own_funds)
    );
    println!("  Risk-weighted assets:");
    print_lines("+", &b.exposures, true);
    println!("    = risk-weighted assets {}", amount(b.rwa));
    match (b.coefficient_pct, b.meets_minimum) {
        (Some(c), Some(meets)) => println!(
            "  Coefficient = {} / {} = {} (minimum {}): {}",
            amount(b.own_funds),
            amount(b.rwa),
            pct(c),
            pct(b.minimum_pct),
            if meets {
                "meets the minimum"
            } else {
                "BELOW THE MINIMUM"
            }
        ),
        _ => println!(
            "  Coefficient: none (no risk-weighted assets); minimum {}",
            pct(b.minimum_pct)
        ),
    }
    if !b.missing.is_empty() {
        let missing: Vec<&str> = b.missing.iter().map(|c| c.as_str()).collect();
        println!(
            "  Not in the return (counted as zero): {}",
            missing.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
