//! `mizan user …`: accounts from the command line (the first staff account of an instance is
//! made here; afterwards staff manage accounts on the web as well).

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::accounts::{self, NewAccount};
use mizan_service::mail;
use mizan_service::{Actor, App};
use mizan_storage::users::Role;

use super::say;

/// Reads the password: the environment variable `MIZAN_PASSWORD` when set, else the first
/// line of standard input (asked for on the terminal).
fn read_password() -> anyhow::Result<String> {
    if let Ok(pw) = std::env::var("MIZAN_PASSWORD") {
        return Ok(pw);
    }
    #[expect(
        clippy::print_stderr,
        reason = "the prompt goes to the terminal, not to stdout"
    )]
    {
        eprint!(
            "{} ",
            say::text(
                "cli-password-prompt",
                &[("min", &say::count(accounts::MIN_PASSWORD_CHARS))],
            )
        );
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// `mizan user add`.
pub fn add(
    app: &App,
    username: &str,
    role: Role,
    institution: Option<&InstitutionCode>,
    display_name: Option<&str>,
    (email, lang): (&str, Lang),
) -> anyhow::Result<ExitCode> {
    let password = read_password()?;
    let user = accounts::create_user(
        app,
        &Actor::cli(),
        &NewAccount {
            username,
            display_name: display_name.unwrap_or(""),
            role,
            institution,
            password: &password,
            email,
            lang,
        },
    )?;
    let role = say::text(&format!("role-{}", user.role.code()), &[]);
    let line = match &user.institution {
        Some(code) => say::text(
            "cli-user-created-member",
            &[
                ("username", &user.username),
                ("role", &role),
                ("institution", code),
            ],
        ),
        None => say::text(
            "cli-user-created",
            &[("username", &user.username), ("role", &role)],
        ),
    };
    println!("{line}");
    Ok(ExitCode::SUCCESS)
}

fn find(app: &App, username: &str) -> anyhow::Result<mizan_storage::users::UserRecord> {
    accounts::list_users(app, &Actor::cli())?
        .into_iter()
        .find(|u| u.username == username)
        .with_context(|| say::text("cli-no-account", &[("username", &username)]))
}

/// `mizan user list`.
pub fn list(app: &App) -> anyhow::Result<ExitCode> {
    println!("username,role,institution,disabled,created_at");
    for u in accounts::list_users(app, &Actor::cli())? {
        println!(
            "{},{},{},{},{}",
            u.username,
            u.role,
            u.institution.map(|c| c.to_string()).unwrap_or_default(),
            u.disabled,
            u.created_at.format("%Y-%m-%dT%H:%M:%SZ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan user contact`.
pub fn contact(app: &App, username: &str, email: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    let user = find(app, username)?;
    let user = accounts::set_contact(app, &Actor::cli(), user.id, email, lang)?;
    let line = match user.email.as_deref() {
        Some(email) => say::text(
            "cli-user-contact",
            &[
                ("username", &user.username),
                ("email", &email),
                ("lang", &user.lang),
            ],
        ),
        None => say::text(
            "cli-user-contact-none",
            &[("username", &user.username), ("lang", &user.lang)],
        ),
    };
    println!("{line}");
    Ok(ExitCode::SUCCESS)
}

/// `mizan remind`: the reminders of `period` now, or those the schedule calls for today; then
/// what the outbox holds is sent (unless `dry_run`).
pub fn remind(
    app: &App,
    period: Option<(&str, Period)>,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let actor = Actor::cli();
    let runs = match period {
        Some((framework, p)) => vec![mail::remind(app, &actor, framework, p, dry_run)?],
        None => mail::remind_due(app, &actor, dry_run)?,
    };
    if runs.is_empty() {
        println!("{}", say::text("cli-remind-none-due", &[]));
    }
    for r in &runs {
        println!(
            "{}",
            say::text(
                "cli-remind-run",
                &[
                    ("framework", &r.framework),
                    ("period", &r.period),
                    ("deadline", &say::date(r.deadline)),
                    ("timing", &r.timing.code()),
                    ("count", &say::count(r.institutions.len())),
                    ("dry", &say::yes(dry_run)),
                ],
            )
        );
        for i in &r.institutions {
            let to = if i.accounts.is_empty() {
                say::text("cli-remind-no-account", &[])
            } else {
                i.accounts.join(", ")
            };
            println!(
                "  {}",
                say::text(
                    "cli-remind-institution",
                    &[
                        ("institution", &i.code),
                        ("name", &i.name),
                        ("to", &to),
                        ("queued", &say::count(i.queued)),
                    ],
                )
            );
        }
    }
    if dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(match send_mail(app)? {
        Some(d) if d.failed > 0 || d.retried > 0 => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    })
}

/// Sends what the outbox holds (after reminders or decisions) and says what was sent; `None`
/// when no mail server or folder is set (the messages wait in the outbox).
pub fn send_mail(app: &App) -> anyhow::Result<Option<mail::Delivery>> {
    if !app.settings.mail.configured() {
        println!("{}", say::text("cli-mail-not-configured", &[]));
        return Ok(None);
    }
    let i18n = mizan_web::i18n::I18n::load()?;
    let sent = mail::deliver(app, &Actor::cli(), &mizan_web::mail_texts::MailWords(&i18n))?;
    if sent.sent + sent.retried + sent.failed > 0 {
        println!(
            "{}",
            say::text(
                "cli-mail-sent",
                &[
                    ("sent", &say::count(sent.sent)),
                    ("retried", &say::count(sent.retried)),
                    ("failed", &say::count(sent.failed)),
                ],
            )
        );
    }
    Ok(Some(sent))
}

/// `mizan user disable|enable`.
pub fn set_disabled(app: &App, username: &str, disabled: bool) -> anyhow::Result<ExitCode> {
    let user = find(app, username)?;
    accounts::set_disabled(app, &Actor::cli(), user.id, disabled)?;
    println!(
        "{}",
        say::text(
            if disabled {
                "cli-user-disabled"
            } else {
                "cli-user-enabled"
            },
            &[("username", &user.username)],
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `mizan user grant`.
pub fn grant(
    app: &App,
    username: &str,
    framework: &str,
    period: Period,
) -> anyhow::Result<ExitCode> {
    let user = find(app, username)?;
    let new = accounts::grant(app, &Actor::cli(), user.id, framework, period)?;
    println!(
        "{}",
        say::text(
            if new {
                "cli-user-granted"
            } else {
                "cli-user-already-granted"
            },
            &[
                ("username", &user.username),
                ("framework", &framework),
                ("period", &period),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `mizan user password`: a new password for an account (its sessions are closed).
pub fn reset_password(app: &App, username: &str) -> anyhow::Result<ExitCode> {
    let user = find(app, username)?;
    let password = read_password()?;
    match accounts::reset_password(app, &Actor::cli(), user.id, &password)? {
        Ok(u) => {
            println!(
                "{}",
                say::text("cli-password-set", &[("username", &u.username)])
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => Err(mizan_service::ServiceError::Invalid(why.into()).into()),
    }
}
