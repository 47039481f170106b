//! Command-line arguments and dispatch.

mod imports;
mod loans;
mod reports;
pub mod say;
mod serve;
mod users;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::App;
use mizan_service::settings::Settings;

/// Mizan: supervisory consolidation of microfinance returns.
#[derive(Debug, Parser)]
#[command(name = "mizan", version, about, long_about = None)]
pub struct Cli {
    /// Database: an SQLite file path (default `mizan.sqlite` in the working directory) or a
    /// `postgres://` URL.
    #[arg(long, global = true, env = "MIZAN_DATABASE_URL")]
    database_url: Option<String>,
    /// Configuration directory (settings, frameworks, calendars).
    #[arg(
        long,
        global = true,
        env = "MIZAN_CONFIG_DIR",
        default_value = "config"
    )]
    config: PathBuf,
    /// Language of messages and of the files written (the template, spreadsheets): fr, en or
    /// ar (Arabic sheets run right to left).
    #[arg(
        long,
        global = true,
        env = "MIZAN_LANG",
        default_value = "fr",
        value_parser = parse_lang
    )]
    pub lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create or upgrade the database schema.
    Migrate,
    /// Import the registry, returns or loan tapes.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Returns received for a period.
    #[command(subcommand)]
    Returns(ReturnsCommand),
    /// Write the Excel return template of a framework and period.
    Template(TemplateArgs),
    /// Export consolidated tables or per-institution indicators.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Data-quality flags of a period's returns.
    Quality(PeriodArgs),
    /// Accounts: create, list, disable, enable, reset a password, grant.
    #[command(subcommand)]
    User(UserCommand),
    /// Publish a quarter: freeze its tables as an immutable public snapshot (a new revision
    /// when it was published before).
    Publish {
        #[command(flatten)]
        period: PeriodArgs,
        /// Why this revision (required when republishing, and with `--confirm`).
        #[arg(long)]
        note: Option<String>,
        /// Publish even though coverage is below the framework's minimum or returns await
        /// review (recorded in the audit log with the note).
        #[arg(long, requires = "note")]
        confirm: bool,
    },
    /// The solvency coefficient of an institution's return (circular 4/G/2001), with every cap
    /// applied.
    Solvency(InstitutionPeriodArgs),
    /// Remind by e-mail the accounts of institutions whose return is missing, then send what
    /// the outbox holds. `--period P`: every such institution of P, now. `--due`: what each
    /// framework's schedule (`[reminders]`) calls for today (run daily by deploy/mizan-remind.timer).
    #[command(group(clap::ArgGroup::new("which").required(true).args(["period", "due"])))]
    Remind {
        /// The period whose missing returns are reminded now (`2026-Q3`).
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// The framework (default: the instance's default framework).
        #[arg(long, requires = "period")]
        framework: Option<String>,
        /// Remind what the schedule calls for today.
        #[arg(long)]
        due: bool,
        /// List who would be reminded; queue and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the published quarters and their revisions.
    Publications {
        /// The framework (default: the instance's default framework).
        #[arg(long)]
        framework: Option<String>,
    },
    /// Run the platform with a generated demo dataset (a synthetic federation over eight
    /// quarters) on a fresh embedded database (`mizan-demo.sqlite`, remade at each start).
    Demo {
        /// Address to listen on (default: the settings' server.bind, 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
        /// Load the data and stop (do not start the web server).
        #[arg(long)]
        no_serve: bool,
    },
    /// Run the web platform: the public statistics site (published bulletins, series,
    /// downloads, open API) and the signed-in side (members, partners, staff).
    Serve {
        /// Address to listen on (default: the settings' server.bind).
        #[arg(long)]
        bind: Option<String>,
        /// How long, in milliseconds, the list of publications is trusted before it is read
        /// again (default 2000).
        #[arg(long)]
        index_ttl_ms: Option<u64>,
    },
}

/// Where an account's messages go.
#[derive(Debug, Args)]
struct ContactArgs {
    /// The e-mail address reminders, decisions and returns received are sent to.
    #[arg(long, default_value = "")]
    email: String,
    /// The language of the messages: fr, en or ar.
    #[arg(long, value_parser = parse_lang, default_value = "fr")]
    mail_lang: Lang,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from `MIZAN_PASSWORD` or from standard input.
    Add {
        /// The user name (letters, digits, `.`, `-`, `_`, `@`).
        username: String,
        /// What the account may do.
        #[arg(long, value_parser = parse_role)]
        role: mizan_storage::users::Role,
        /// The institution of a member account (required for members).
        #[arg(long, value_parser = parse_institution)]
        institution: Option<InstitutionCode>,
        /// The name shown (default: the user name).
        #[arg(long)]
        display_name: Option<String>,
        #[command(flatten)]
        contact: ContactArgs,
    },
    /// Set an account's e-mail address (empty: no messages) and the language of its messages.
    Contact {
        /// The user name.
        username: String,
        #[command(flatten)]
        contact: ContactArgs,
    },
    /// List the accounts (CSV).
    List,
    /// Disable an account (it can no longer sign in; its sessions are closed).
    Disable {
        /// The user name.
        username: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// The user name.
        username: String,
    },
    /// Set a new password for an account (forgotten password); its sessions are closed. The
    /// password is read from `MIZAN_PASSWORD` or from standard input.
    Password {
        /// The user name.
        username: String,
    },
    /// Give a partner account the peer detail of a period.
    Grant {
        /// The partner's user name.
        username: String,
        #[command(flatten)]
        period: PeriodArgs,
    },
}

fn parse_role(s: &str) -> Result<mizan_storage::users::Role, String> {
    s.parse()
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// The institution registry (CSV: code,name,legal_form,structure,network_affiliated,collects_deposits[,valid_from,framework,owner_group,country]).
    Institutions {
        /// The CSV file.
        file: PathBuf,
    },
    /// Returns: a long-form CSV (institution,period,item,value) or a filled-in template, by content.
    Returns {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// A loan tape (CSV or xlsx, by content): every loan classified and provisioned, stored, and
    /// its portfolio items fed into the institution's return.
    Loans {
        #[command(flatten)]
        at: InstitutionPeriodArgs,
        /// The tape.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
struct InstitutionPeriodArgs {
    /// The institution's code.
    #[arg(long, value_parser = parse_institution)]
    institution: InstitutionCode,
    /// The period (`2023-Q1`).
    #[arg(long, value_parser = parse_period)]
    period: Period,
}

#[derive(Debug, Subcommand)]
enum ReturnsCommand {
    /// Received and expected returns per peer group, in order of reception.
    List(PeriodArgs),
    /// Accept returns awaiting review: every one of the period, or those of the institutions
    /// named.
    Accept {
        #[command(flatten)]
        period: PeriodArgs,
        /// An institution whose latest return to accept (repeatable; default: every return
        /// of the period awaiting review).
        #[arg(long = "institution", value_parser = parse_institution)]
        institutions: Vec<InstitutionCode>,
    },
    /// Reject an institution's latest return, with a comment its members see.
    Reject {
        #[command(flatten)]
        period: PeriodArgs,
        /// The institution.
        #[arg(long, value_parser = parse_institution)]
        institution: InstitutionCode,
        /// Why (the members read it).
        #[arg(long)]
        comment: String,
    },
}

#[derive(Debug, Args)]
struct PeriodArgs {
    /// The period (`2016-Q1`).
    #[arg(long, value_parser = parse_period)]
    period: Period,
    /// The framework (default: the instance's default framework).
    #[arg(long)]
    framework: Option<String>,
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// The framework.
    #[arg(long)]
    framework: Option<String>,
    /// The period.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    /// Pre-fill the cover with this institution.
    #[arg(long, value_parser = parse_institution)]
    institution: Option<InstitutionCode>,
    /// Where to write the workbook.
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodArg {
    Published,
    Pooled,
    Median,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Subcommand)]
enum ExportCommand {
    /// The consolidated table of a period (staff view: unsuppressed).
    Consolidated {
        #[command(flatten)]
        period: PeriodArgs,
        /// Which figure of each cell.
        #[arg(long, value_enum, default_value = "published")]
        method: MethodArg,
        /// File format.
        #[arg(long, value_enum, default_value = "csv")]
        format: FormatArg,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Every reporting institution's indicators (for staff; never public).
    Institutions {
        #[command(flatten)]
        period: PeriodArgs,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The classification of every loan of an institution's latest tape for a period
    /// (loan_id,class,provision_base,provision,irrecoverable,reasons).
    Loans {
        #[command(flatten)]
        at: InstitutionPeriodArgs,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The portfolio outputs of an institution's latest tape for a period (metric,value).
    Portfolio {
        #[command(flatten)]
        at: InstitutionPeriodArgs,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).map_err(|e| e.to_string())
}

fn parse_institution(s: &str) -> Result<InstitutionCode, String> {
    InstitutionCode::parse(s).map_err(|e| e.to_string())
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// Loads the settings from `config` with the database URL override.
pub fn settings(config: &Path, database_url: Option<&str>) -> anyhow::Result<Settings> {
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let mut settings = Settings::load(config, &env)
        .with_context(|| format!("reading settings from {}", config.display()))?;
    if let Some(url) = database_url {
        settings.database.url = url.to_owned();
    }
    Ok(settings)
}

fn open(cli: &Cli) -> anyhow::Result<App> {
    let mut settings = settings(&cli.config, cli.database_url.as_deref())?;
    if !matches!(cli.command, Command::Serve { .. }) {
        // A one-shot command does one thing at a time: one connection, not a pool (twenty
        // imports started together must not take twenty pools of the server's connections).
        settings.database.pool_size = 1;
    }
    let url = mizan_storage::redact(&settings.database.url);
    App::open(settings).with_context(|| format!("opening the platform on {url}"))
}

fn framework_or_default(app: &App, framework: &Option<String>) -> String {
    framework
        .clone()
        .unwrap_or_else(|| app.settings.frameworks.default.clone())
}

/// The demo's own database file, remade at each `mizan demo`.
const DEMO_DATABASE: &str = "mizan-demo.sqlite";
/// The folder of the demo's e-mail (when no mail server or folder is set).
const DEMO_MAIL: &str = "mizan-demo-mail";

/// Runs a command; the exit code is 1 when something was refused.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Demo { bind, no_serve } = &cli.command {
        return demo(&cli, bind.as_deref(), *no_serve);
    }
    let app = open(&cli)?;
    match &cli.command {
        Command::Migrate => {
            // `open` has applied the pending migrations.
            println!(
                "{}",
                say::text(
                    "cli-database-ready",
                    &[
                        ("backend", &app.db.backend().name()),
                        ("url", &mizan_storage::redact(&app.settings.database.url)),
                    ],
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(ImportCommand::Institutions { file }) => imports::institutions(&app, file),
        Command::Import(ImportCommand::Returns { files }) => imports::returns(&app, files),
        Command::Import(ImportCommand::Loans { at, file }) => {
            loans::import(&app, &at.institution, at.period, file)
        }
        Command::Export(ExportCommand::Loans { at, output }) => {
            loans::export_loans(&app, &at.institution, at.period, output.as_deref())
        }
        Command::Export(ExportCommand::Portfolio { at, output }) => {
            loans::export_portfolio_cmd(&app, &at.institution, at.period, output.as_deref())
        }
        Command::Solvency(at) => loans::solvency(&app, &at.institution, at.period),
        Command::Returns(ReturnsCommand::List(p)) => {
            reports::returns_list(&app, &framework_or_default(&app, &p.framework), p.period)
        }
        Command::Returns(ReturnsCommand::Accept {
            period,
            institutions,
        }) => reports::accept(
            &app,
            &framework_or_default(&app, &period.framework),
            period.period,
            institutions,
        ),
        Command::Returns(ReturnsCommand::Reject {
            period,
            institution,
            comment,
        }) => reports::reject(
            &app,
            &framework_or_default(&app, &period.framework),
            period.period,
            institution,
            comment,
        ),
        Command::Template(t) => {
            let fw = framework_or_default(&app, &t.framework);
            let i18n = mizan_web::i18n::I18n::load()?;
            let texts = mizan_web::file_texts::template_texts(&i18n, cli.lang);
            let bytes = mizan_service::template::template(
                &app,
                &fw,
                t.period,
                t.institution.as_ref(),
                &texts,
            )?;
            std::fs::write(&t.output, bytes)
                .with_context(|| format!("writing {}", t.output.display()))?;
            println!(
                "{}",
                say::text(
                    "cli-template-written",
                    &[
                        ("framework", &fw),
                        ("period", &t.period),
                        ("file", &t.output.display()),
                    ],
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportCommand::Consolidated {
            period,
            method,
            format,
            output,
        }) => reports::export_consolidated(
            &app,
            &framework_or_default(&app, &period.framework),
            period.period,
            match method {
                MethodArg::Published => mizan_ratios::Method::Published,
                MethodArg::Pooled => mizan_ratios::Method::Pooled,
                MethodArg::Median => mizan_ratios::Method::Median,
            },
            match format {
                FormatArg::Csv => reports::OutFormat::Csv,
                FormatArg::Json => reports::OutFormat::Json,
                FormatArg::Xlsx => reports::OutFormat::Xlsx,
            },
            cli.lang,
            output.as_deref(),
        ),
        Command::Export(ExportCommand::Institutions { period, output }) => {
            reports::export_institutions(
                &app,
                &framework_or_default(&app, &period.framework),
                period.period,
                output.as_deref(),
            )
        }
        Command::Publish {
            period,
            note,
            confirm,
        } => reports::publish(
            &app,
            &framework_or_default(&app, &period.framework),
            period.period,
            note.as_deref(),
            *confirm,
        ),
        Command::Remind {
            period,
            framework,
            due,
            dry_run,
        } => match period {
            Some(p) if !*due => users::remind(
                &app,
                Some((&framework_or_default(&app, framework), *p)),
                *dry_run,
            ),
            _ => users::remind(&app, None, *dry_run),
        },
        Command::Publications { framework } => {
            reports::publications(&app, &framework_or_default(&app, framework))
        }
        Command::Demo { .. } => Ok(ExitCode::SUCCESS),
        Command::User(u) => match u {
            UserCommand::Add {
                username,
                role,
                institution,
                display_name,
                contact,
            } => users::add(
                &app,
                username,
                *role,
                institution.as_ref(),
                display_name.as_deref(),
                (&contact.email, contact.mail_lang),
            ),
            UserCommand::Contact { username, contact } => {
                users::contact(&app, username, &contact.email, contact.mail_lang)
            }
            UserCommand::List => users::list(&app),
            UserCommand::Disable { username } => users::set_disabled(&app, username, true),
            UserCommand::Enable { username } => users::set_disabled(&app, username, false),
            UserCommand::Password { username } => users::reset_password(&app, username),
            UserCommand::Grant { username, period } => users::grant(
                &app,
                username,
                &framework_or_default(&app, &period.framework),
                period.period,
            ),
        },
        Command::Serve { bind, index_ttl_ms } => serve::serve(app, bind.as_deref(), *index_ttl_ms),
        Command::Quality(p) => {
            reports::quality(&app, &framework_or_default(&app, &p.framework), p.period)
        }
    }
}

/// `mizan demo`: a fresh database with the demo dataset, then the web platform.
///
/// The dataset is loaded by a child process (this program, `demo --no-serve`), and the server
/// opens the database it wrote: loading (seven publications with disclosure control, loan
/// tapes, e-mail) needs many times the memory of serving, and a process gives all of it back
/// to the system when it ends, which the allocator of a long-lived process does not promise.
/// An in-memory SQLite database cannot outlive its process: it is loaded in this one.
fn demo(cli: &Cli, bind: Option<&str>, no_serve: bool) -> anyhow::Result<ExitCode> {
    let (settings, own_mail) = demo_settings(cli)?;
    let in_memory =
        settings.database.url.contains(":memory:") || settings.database.url.contains("mode=memory");
    if no_serve || in_memory {
        let app = demo_load(cli, settings, own_mail)?;
        if no_serve {
            return Ok(ExitCode::SUCCESS);
        }
        return serve::serve(app, bind, None);
    }
    let exe = std::env::current_exe().context("finding this program to load the demo")?;
    let status = std::process::Command::new(&exe)
        .args(std::env::args_os().skip(1))
        .arg("--no-serve")
        .status()
        .with_context(|| format!("running {} demo --no-serve", exe.display()))?;
    if !status.success() {
        anyhow::bail!("loading the demo failed ({status})");
    }
    let url = mizan_storage::redact(&settings.database.url);
    let app = App::open(settings).with_context(|| format!("opening the demo database {url}"))?;
    serve::serve(app, bind, None)
}

/// The demo's settings: its own database and e-mail folder unless others are configured
/// (and whether the e-mail folder is the demo's own).
fn demo_settings(cli: &Cli) -> anyhow::Result<(Settings, bool)> {
    let mut settings = settings(&cli.config, None)?;
    settings.database.url = match &cli.database_url {
        Some(url) => url.clone(),
        None => DEMO_DATABASE.to_owned(),
    };
    let own_mail = !settings.mail.configured();
    if own_mail {
        settings.mail.folder = DEMO_MAIL.to_owned();
    }
    Ok((settings, own_mail))
}

/// Loads the demo dataset into a fresh database (our own file and mail folder are remade),
/// delivers its e-mail and says what it holds.
fn demo_load(cli: &Cli, settings: Settings, own_mail: bool) -> anyhow::Result<App> {
    if cli.database_url.is_none() {
        // Our own file only: remade so that the demo always starts the same.
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{DEMO_DATABASE}{suffix}");
            if Path::new(&path).exists() {
                std::fs::remove_file(&path).with_context(|| format!("removing {path}"))?;
            }
        }
    }
    if own_mail && Path::new(DEMO_MAIL).is_dir() {
        // The demo's messages go to a folder a newcomer can open (remade at each start).
        std::fs::remove_dir_all(DEMO_MAIL).with_context(|| format!("removing {DEMO_MAIL}"))?;
    }
    let mail_folder = settings.mail.folder.clone();
    let url = mizan_storage::redact(&settings.database.url);
    let app = App::open(settings).with_context(|| format!("opening the demo database {url}"))?;
    println!("{}", say::text("cli-demo-loading", &[("url", &url)]));
    let started = std::time::Instant::now();
    let summary = mizan_service::demo::load(&app)?;
    // Tenths of a second, as the language writes a decimal.
    let tenths = i64::try_from(started.elapsed().as_millis() / 100).unwrap_or(i64::MAX);
    println!(
        "  {}",
        say::text(
            "cli-demo-loaded",
            &[
                ("institutions", &say::count(summary.institutions)),
                ("returns", &say::count(summary.submissions)),
                ("refused", &say::count(summary.refused)),
                ("tapes", &say::count(summary.tapes)),
                ("quarters", &say::count(summary.quarters.len())),
                ("publications", &say::count(summary.publications)),
                ("seconds", &say::number(mizan_core::Decimal::new(tenths, 1)),),
            ],
        )
    );
    println!(
        "  {}",
        say::text(
            "cli-demo-reviewed",
            &[
                ("accepted", &say::count(summary.reviewed.0)),
                ("rejected", &say::count(summary.reviewed.1)),
                ("password", &mizan_service::demo::DEMO_PASSWORD),
            ],
        )
    );
    for account in &summary.accounts {
        let (role, what) = demo_account_text(&account.shows);
        println!("    {:<16} {role:<18} {what}", account.username);
    }
    let i18n = mizan_web::i18n::I18n::load()?;
    let mail = mizan_service::mail::deliver(
        &app,
        &mizan_service::Actor::system(),
        &mizan_web::mail_texts::MailWords(&i18n),
    )?;
    if !mail_folder.is_empty() {
        println!(
            "  {}",
            say::text(
                "cli-demo-mail",
                &[("sent", &say::count(mail.sent)), ("folder", &mail_folder)],
            )
        );
    }
    Ok(app)
}

/// Writes `bytes` to `output`, or to standard output.
pub fn write_out(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// What a demo account is and shows, in the run's language: (role, what it shows).
fn demo_account_text(shows: &mizan_service::demo::Shows) -> (String, String) {
    use mizan_service::demo::Shows;
    let member =
        |institution: &str| say::text("cli-demo-role-member", &[("institution", &institution)]);
    match shows {
        Shows::Staff { collecting } => (
            say::text("cli-demo-role-staff", &[]),
            say::text(
                "cli-demo-shows-staff",
                &[("period", &say::period(*collecting))],
            ),
        ),
        Shows::Partner { granted } => (
            say::text("cli-demo-role-partner", &[]),
            say::text(
                "cli-demo-shows-partner",
                &[("period", &say::period(*granted))],
            ),
        ),
        Shows::MemberAccepted { institution } => (
            member(institution),
            say::text("cli-demo-shows-accepted", &[]),
        ),
        Shows::MemberRejected {
            institution,
            period,
        } => (
            member(institution),
            say::text(
                "cli-demo-shows-rejected",
                &[("period", &say::period(*period))],
            ),
        ),
        Shows::MemberWaiting {
            institution,
            period,
        } => (
            member(institution),
            say::text(
                "cli-demo-shows-waiting",
                &[("period", &say::period(*period))],
            ),
        ),
        Shows::MemberMissing {
            institution,
            period,
        } => (
            member(institution),
            say::text(
                "cli-demo-shows-missing",
                &[("period", &say::period(*period))],
            ),
        ),
        Shows::MemberTapes {
            institution,
            framework,
            periods,
        } => (
            member(institution),
            say::text(
                "cli-demo-shows-tapes",
                &[
                    ("framework", framework),
                    ("first", &say::period(periods.0)),
                    ("second", &say::period(periods.1)),
                ],
            ),
        ),
    }
}
