//! `mizan import loans`, `mizan export loans|portfolio`, `mizan solvency`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mizan_core::{InstitutionCode, Issue, Period};
use mizan_ratios::classification::Portfolio;
use mizan_ratios::solvency::{Cap, Line};
use mizan_service::loans::{
    LoanImportReport, LoanOutcome, LoanProgress, ReturnFeed, export_portfolio, import_loans,
    solvency_of, write_loans,
};
use mizan_service::{Actor, App};

use super::say::{self, amount, count, percent as pct};

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

    /// Enters `stage` (a message id, said in the run's language) with an indicatif template
    /// (`{noun}`: the message `noun`, the unit counted).
    fn enter(&mut self, stage: &'static str, template: &str, noun: &str, len: Option<u64>) {
        if self.stage == Some(stage) {
            return;
        }
        self.stage = Some(stage);
        self.bar.reset();
        self.bar.set_length(len.unwrap_or(0));
        if len.is_none() {
            self.bar.unset_length();
        }
        let template = template.replace("{noun}", &say::text(noun, &[]));
        if let Ok(style) = ProgressStyle::with_template(&template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(say::text(stage, &[]));
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }

    fn update(&mut self, p: LoanProgress) {
        match p {
            LoanProgress::Previous { loans, total } => {
                self.enter(
                    "cli-progress-previous",
                    "{msg:22} [{bar:40}] {human_pos}/{human_len} {noun}",
                    "cli-progress-loans",
                    Some(total),
                );
                self.bar.set_position(loans);
            }
            LoanProgress::Bytes { read, total } => {
                self.enter(
                    "cli-progress-reading",
                    "{msg:22} [{bar:40}] {binary_bytes}/{binary_total_bytes} ({eta})",
                    "cli-progress-rows",
                    Some(total),
                );
                self.bar.set_position(read);
            }
            LoanProgress::Rows { read } => {
                self.enter(
                    "cli-progress-reading",
                    "{spinner} {msg:20} {human_pos} {noun}",
                    "cli-progress-rows",
                    None,
                );
                self.bar.set_position(read);
            }
            LoanProgress::Storing { loans } => {
                self.enter(
                    "cli-progress-storing",
                    "{spinner} {msg:20} {human_pos} {noun}",
                    "cli-progress-loans",
                    None,
                );
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
        println!("{indent}{}", say::issue(issue));
    }
}

fn print_portfolio(p: &Portfolio) {
    println!(
        "  {}",
        say::text(
            "cli-portfolio-total",
            &[
                ("count", &count(p.total.count)),
                ("outstanding", &amount(p.total.outstanding)),
            ],
        )
    );
    for (class, t) in p.by_class.iter().enumerate() {
        println!(
            "    {}",
            say::text(
                "cli-portfolio-class",
                &[
                    ("class", &class),
                    ("count", &format!("{:>8}", count(t.count))),
                    ("outstanding", &format!("{:>18}", amount(t.outstanding))),
                    ("provisions", &format!("{:>18}", amount(t.provision))),
                ],
            )
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
    let provisions = amount(p.total.provision);
    let line = match p.coverage_pct() {
        Some(c) => say::text(
            "cli-portfolio-provisions-coverage",
            &[("provisions", &provisions), ("coverage", &pct(c))],
        ),
        None => say::text("cli-portfolio-provisions", &[("provisions", &provisions)]),
    };
    println!("  {line}");
    println!(
        "  {}",
        say::text(
            "cli-portfolio-irrecoverable",
            &[
                ("count", &count(p.irrecoverable.count)),
                ("outstanding", &amount(p.irrecoverable.outstanding)),
            ],
        )
    );
}

fn print_report(r: &LoanImportReport) {
    let licence = r.licence.as_deref().unwrap_or("?");
    println!(
        "{}",
        say::text(
            "cli-tape-head",
            &[
                ("file", &r.source_name),
                ("format", &r.format),
                ("institution", &r.institution),
                ("period", &r.period),
                ("date", &say::date(r.as_of)),
                ("licence", &licence),
            ],
        )
    );
    if matches!(r.outcome, LoanOutcome::Stored(_)) {
        let line = match &r.previous {
            Some(p) => say::text(
                "cli-tape-previous",
                &[
                    ("version", &p.version),
                    ("period", &p.period),
                    ("loans", &count(p.loans)),
                    ("date", &say::date(p.as_of)),
                ],
            ),
            None => say::text("cli-tape-previous-none", &[]),
        };
        println!("  {line}");
    }
    let unlisted: [(&str, &dyn std::fmt::Display); 2] = [
        ("more", &say::yes(r.read.issues_not_listed > 0)),
        ("unlisted", &count(r.read.issues_not_listed)),
    ];
    match &r.outcome {
        LoanOutcome::Refused => {
            println!(
                "  {}",
                say::text(
                    "cli-tape-refused",
                    &[
                        ("blocking", &count(r.blocking().count())),
                        ("warnings", &count(r.warnings().count())),
                        unlisted[0],
                        unlisted[1],
                    ],
                )
            );
            print_issues("    ", &r.issues);
        }
        LoanOutcome::AlreadyImported(t) => println!(
            "  {}",
            say::text(
                "cli-tape-already-imported",
                &[
                    ("version", &t.version),
                    ("date", &say::datetime(t.received_at)),
                ],
            )
        ),
        LoanOutcome::Stored(s) => {
            println!(
                "  {}",
                say::text(
                    "cli-tape-stored",
                    &[
                        ("version", &s.tape.version),
                        ("rows", &count(r.read.rows)),
                        ("loans", &count(s.tape.loans)),
                    ],
                )
            );
            let (id, version) = match &s.feed {
                ReturnFeed::NewVersion(v) => ("cli-tape-return-new", v.version),
                ReturnFeed::Unchanged(v) => ("cli-tape-return-unchanged", v.version),
            };
            println!(
                "  {}",
                say::text(
                    id,
                    &[
                        ("institution", &r.institution),
                        ("period", &r.period),
                        ("version", &version),
                    ],
                )
            );
            if let Some(p) = &r.portfolio {
                print_portfolio(p);
            }
            let warnings: Vec<Issue> = r.warnings().cloned().collect();
            if !warnings.is_empty() {
                println!(
                    "  {}",
                    say::text(
                        "cli-tape-warnings",
                        &[("count", &count(warnings.len())), unlisted[0], unlisted[1]],
                    )
                );
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
                    "{}",
                    say::text(
                        "cli-loans-written",
                        &[
                            ("count", &count(tape.loans)),
                            ("institution", institution),
                            ("period", &period),
                            ("version", &tape.version),
                            ("file", &path.display()),
                        ],
                    )
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

/// A cap's line; `what` is the id of the message naming it.
fn print_cap(what: &str, cap: &Cap) {
    println!(
        "    {}",
        say::text(
            "cli-solvency-cap",
            &[
                ("what", &say::text(what, &[])),
                ("article", &cap.article),
                ("before", &amount(cap.before)),
                ("limit", &amount(cap.limit)),
                ("after", &amount(cap.after)),
                ("binding", &say::yes(cap.binding())),
            ],
        )
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
        "{}",
        say::text(
            "cli-solvency-head",
            &[
                ("institution", institution),
                ("period", &period),
                ("source", &r.source),
                ("framework", &r.framework),
                ("version", &r.submission.version),
            ],
        )
    );
    let line = |indent: &str, id: &str, amount_of: mizan_core::Decimal| {
        println!(
            "{indent}{}",
            say::text(id, &[("amount", &amount(amount_of))])
        );
    };
    println!("  {}", say::text("cli-solvency-core-head", &[]));
    print_lines("+", &b.core_items, false);
    println!(
        "    {}",
        say::text(
            "cli-solvency-profit",
            &[
                ("profit", &amount(b.profit)),
                ("dividends", &amount(b.planned_dividends)),
                ("counted", &amount(b.profit_counted)),
            ],
        )
    );
    print_lines("-", &b.core_deductions, false);
    line("    ", "cli-solvency-core", b.core);
    println!("  {}", say::text("cli-solvency-supplementary-head", &[]));
    print_lines("+", &b.supplementary_items, true);
    print_cap("cli-cap-guarantee-funds", &b.guarantee_funds);
    print_cap("cli-cap-general-provisions", &b.general_provisions);
    print_lines("+", &b.subordinated_items, true);
    print_cap("cli-cap-subordinated", &b.subordinated);
    print_cap("cli-cap-supplementary", &b.supplementary);
    println!("  {}", say::text("cli-solvency-deductions-head", &[]));
    print_lines("-", &b.deductions, false);
    line("    ", "cli-solvency-deductions", b.deducted);
    println!(
        "  {}",
        say::text(
            "cli-solvency-own-funds",
            &[
                ("core", &amount(b.core)),
                ("supplementary", &amount(b.supplementary.after)),
                ("deducted", &amount(b.deducted)),
                ("own", &amount(b.own_funds)),
            ],
        )
    );
    println!("  {}", say::text("cli-solvency-rwa-head", &[]));
    print_lines("+", &b.exposures, true);
    line("    ", "cli-solvency-rwa", b.rwa);
    let coefficient = match (b.coefficient_pct, b.meets_minimum) {
        (Some(c), Some(meets)) => say::text(
            "cli-solvency-coefficient",
            &[
                ("own", &amount(b.own_funds)),
                ("rwa", &amount(b.rwa)),
                ("coefficient", &pct(c)),
                ("minimum", &pct(b.minimum_pct)),
                ("meets", &say::yes(meets)),
            ],
        ),
        _ => say::text(
            "cli-solvency-no-coefficient",
            &[("minimum", &pct(b.minimum_pct))],
        ),
    };
    println!("  {coefficient}");
    if !b.missing.is_empty() {
        let missing: Vec<&str> = b.missing.iter().map(|c| c.as_str()).collect();
        println!(
            "  {}",
            say::text("cli-solvency-missing", &[("items", &missing.join(", "))])
        );
    }
    Ok(ExitCode::SUCCESS)
}
