//! E-mail: reminders to institutions whose return is missing, staff's decision to the members of
//! the institution, a member's return to staff.
//!
//! A message is put in the outbox ([`mizan_storage::mail`]) inside the transaction of the event
//! that calls for it, and audited there (`mail.queued`); [`deliver`] then sends what the outbox
//! holds — over SMTP, or into a folder as `.eml` files — and audits each message sent
//! (`mail.sent`) or given up (`mail.failed`). A message's words are not stored and not made here:
//! the outbox keeps the [`Message`] (its facts) and the recipient's language, and the caller's
//! [`MailTexts`] writes it when it is sent.

use std::time::Duration;

use chrono::{Days, NaiveDate, NaiveDateTime};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message as Email};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, FileTransport, SmtpTransport, Transport as _};
use mizan_core::{Framework, InstitutionCode, Lang, Period};
use mizan_storage::DbConnection;
use mizan_storage::mail::{MailRecord, NewMail, claim, enqueue, mark_failed, mark_sent};
use mizan_storage::submissions::SubmissionRecord;
use mizan_storage::users::{UserRecord, mail_recipients};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};

use crate::app::{Actor, App};
use crate::audit::{Detail, Entry, record};
use crate::collection::collection_of;
use crate::error::{ServiceError, ServiceResult};
use crate::settings::MailSettings;

/// Attempts before a message is given up (`failed`, with its last error).
pub const MAX_ATTEMPTS: i32 = 5;

/// A claim older than this is taken over (its sender stopped mid-way).
const STALE_CLAIM_MINUTES: i64 = 10;

/// Messages sent by one [`deliver`] at most (the next run sends the rest), claimed this many at
/// a time (so that a slow server cannot hold a claim until it goes stale).
const BATCH: usize = 200;
const CLAIM: i64 = 20;

/// A message whose attempt failed is tried again this long after it.
const RETRY_MINUTES: i64 = 1;

/// When a reminder is sent, relative to the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "at", content = "days")]
pub enum Timing {
    /// These many days before the deadline (0: on the day).
    Before(u32),
    /// These many days after it.
    After(u32),
    /// Asked for by staff, whatever the day.
    Now,
}

impl Timing {
    /// Stable code (`b5`, `a1`, `now`), part of a reminder's dedupe key.
    pub fn code(self) -> String {
        match self {
            Self::Before(d) => format!("b{d}"),
            Self::After(d) => format!("a{d}"),
            Self::Now => "now".into(),
        }
    }
}

/// What a message is about, with its facts: the words are the caller's ([`MailTexts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Message {
    /// The institution's return of the period has not been received (or every version was
    /// rejected).
    Reminder {
        /// The framework's id.
        framework: String,
        /// The period.
        period: Period,
        /// The institution.
        institution: InstitutionCode,
        /// Its name.
        name: String,
        /// The deadline.
        deadline: NaiveDate,
        /// When, relative to the deadline.
        timing: Timing,
    },
    /// Staff accepted or rejected a version of the institution's return.
    Decided {
        /// The period.
        period: Period,
        /// The institution.
        institution: InstitutionCode,
        /// The version decided on.
        version: i32,
        /// The submission's id.
        submission: i64,
        /// Accepted (else rejected).
        accepted: bool,
        /// Staff's comment (required for a rejection).
        comment: Option<String>,
    },
    /// A member sent a return (to staff).
    Arrived {
        /// The framework's id.
        framework: String,
        /// The period.
        period: Period,
        /// The institution.
        institution: InstitutionCode,
        /// Its version.
        version: i32,
        /// The submission's id.
        submission: i64,
        /// Its warnings.
        warnings: i64,
        /// Who sent it.
        by: String,
    },
}

impl Message {
    /// Stable code of the kind of message (the outbox's `kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Reminder { .. } => "reminder",
            Self::Decided { accepted: true, .. } => "decision.accepted",
            Self::Decided {
                accepted: false, ..
            } => "decision.rejected",
            Self::Arrived { .. } => "return.arrived",
        }
    }

    /// The period it is about.
    pub fn period(&self) -> Period {
        match self {
            Self::Reminder { period, .. }
            | Self::Decided { period, .. }
            | Self::Arrived { period, .. } => *period,
        }
    }

    /// The institution it is about.
    pub fn institution(&self) -> &InstitutionCode {
        match self {
            Self::Reminder { institution, .. }
            | Self::Decided { institution, .. }
            | Self::Arrived { institution, .. } => institution,
        }
    }

    /// Where the platform shows what the message is about (a path, from the site's root).
    pub fn path(&self) -> String {
        match self {
            Self::Reminder { .. } => "/space".into(),
            Self::Decided { submission, .. } => format!("/space/submissions/{submission}"),
            Self::Arrived { submission, .. } => format!("/staff/submissions/{submission}"),
        }
    }
}

/// A message's subject and body, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The subject line.
    pub subject: String,
    /// The body, plain text.
    pub body: String,
}

/// Writes messages in a language: the web's messages (`mail.ftl`) for the web and the command
/// line alike.
pub trait MailTexts: Send + Sync {
    /// `message` in `lang`; `link` is the address where the platform shows what it is about.
    fn write(&self, lang: Lang, message: &Message, link: &str) -> Written;
}

/// Puts `message` to `to` in the outbox (inside the caller's transaction), audited as
/// `mail.queued`. With a `dedupe` key already in the outbox nothing is added: false.
pub(crate) fn queue(
    conn: &mut DbConnection,
    message: &Message,
    to: &UserRecord,
    dedupe: Option<&str>,
    actor: &Actor,
    now: NaiveDateTime,
) -> ServiceResult<bool> {
    let Some(address) = to.email.as_deref().filter(|a| !a.is_empty()) else {
        return Ok(false);
    };
    let args = serde_json::to_string(message)
        .map_err(|e| ServiceError::Internal(format!("mail arguments: {e}")))?;
    let period = message.period().to_string();
    let institution = message.institution().as_str();
    let added = enqueue(
        conn,
        &NewMail {
            kind: message.kind(),
            dedupe_key: dedupe,
            user_id: Some(to.id),
            recipient: address,
            lang: to.lang,
            institution: Some(institution),
            period: Some(&period),
            args: &args,
        },
        now,
    )?;
    if added {
        record(
            conn,
            Entry {
                institution: Some(institution),
                period: Some(&period),
                ..Entry::new(&actor.name, "mail.queued")
            },
            &Detail::new()
                .text("kind", message.kind())
                .text("to", &to.username),
            now,
        )?;
    }
    Ok(added)
}

/// Staff's decision on `sub`, to the members of its institution (inside the decision's
/// transaction).
pub(crate) fn queue_decision(
    conn: &mut DbConnection,
    sub: &SubmissionRecord,
    accepted: bool,
    comment: Option<&str>,
    actor: &Actor,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    let message = Message::Decided {
        period: sub.period,
        institution: sub.institution.clone(),
        version: sub.version,
        submission: sub.id,
        accepted,
        comment: comment.map(str::to_owned),
    };
    for to in mail_recipients(conn, Some(&sub.institution))? {
        queue(conn, &message, &to, None, actor, now)?;
    }
    Ok(())
}

/// A return sent by a member, to staff (inside the upload's transaction). Files imported by
/// staff or the operator tell no one: they know.
pub(crate) fn queue_arrival(
    conn: &mut DbConnection,
    sub: &SubmissionRecord,
    actor: &Actor,
    now: NaiveDateTime,
) -> ServiceResult<()> {
    if actor.is_staff() {
        return Ok(());
    }
    let message = Message::Arrived {
        framework: sub.framework.clone(),
        period: sub.period,
        institution: sub.institution.clone(),
        version: sub.version,
        submission: sub.id,
        warnings: sub.warnings,
        by: actor.name.clone(),
    };
    for to in mail_recipients(conn, None)? {
        queue(conn, &message, &to, None, actor, now)?;
    }
    Ok(())
}

/// One institution a reminder run is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminded {
    /// The institution.
    pub code: InstitutionCode,
    /// Its name.
    pub name: String,
    /// The user names of the accounts reminded (or that would be, on a dry run).
    pub accounts: Vec<String>,
    /// Messages put in the outbox (0 on a dry run, and for an account already reminded at
    /// this step of the schedule).
    pub queued: usize,
}

/// What a reminder run did for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders {
    /// The framework's id.
    pub framework: String,
    /// The period.
    pub period: Period,
    /// Its deadline.
    pub deadline: NaiveDate,
    /// The step of the schedule.
    pub timing: Timing,
    /// Every institution whose return is missing, with its accounts (none: nobody to write to).
    pub institutions: Vec<Reminded>,
    /// Whether nothing was written (`--dry-run`).
    pub dry_run: bool,
}

impl Reminders {
    /// Messages put in the outbox.
    pub fn queued(&self) -> usize {
        self.institutions.iter().map(|i| i.queued).sum()
    }
}

/// Reminds now, whatever the schedule, the accounts of every institution whose return of
/// `period` under `framework_id` is missing (staff only). `dry_run` lists them and writes
/// nothing.
pub fn remind(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
    dry_run: bool,
) -> ServiceResult<Reminders> {
    actor.require_staff()?;
    remind_at(app, actor, framework_id, period, Timing::Now, dry_run)
}

/// Reminds what each framework's schedule (`[reminders]`) calls for today (staff only; the
/// daily timer runs it): for every period whose deadline is near or just past, the latest step
/// of the schedule that has come, to the accounts not yet reminded at that step. Running it
/// twice on one day sends nothing more; a day that was missed is caught up once.
pub fn remind_due(app: &App, actor: &Actor, dry_run: bool) -> ServiceResult<Vec<Reminders>> {
    actor.require_staff()?;
    let today = app.today();
    let mut out = Vec::new();
    for id in app.frameworks.ids().map(str::to_owned).collect::<Vec<_>>() {
        for (period, timing) in due_steps(app, &id, today, Period::containing(today)) {
            out.push(remind_at(app, actor, &id, period, timing, dry_run)?);
        }
        // The months of the monthly reporters (art. 44 SFD), listed when some are expected.
        for (period, timing) in due_steps(app, &id, today, Period::month_containing(today)) {
            let r = remind_at(app, actor, &id, period, timing, dry_run)?;
            if !r.institutions.is_empty() {
                out.push(r);
            }
        }
    }
    Ok(out)
}

/// The periods of `framework_id` of the kind of `current` (today's quarter or today's month)
/// with a step of the reminder schedule due `today`, and that step (the latest one come, as
/// long as the last step is at most a week old).
fn due_steps(
    app: &App,
    framework_id: &str,
    today: NaiveDate,
    current: Period,
) -> Vec<(Period, Timing)> {
    let mut out = Vec::new();
    let mut period = current.previous();
    // Deadlines fall after their period's end: walk back until a period's last step is over.
    for _ in 0..8 {
        let Ok(fw) = app.framework(framework_id, period) else {
            break;
        };
        let deadline = app.deadline(fw, period);
        if let Some(step) = step_due(fw, deadline, today) {
            out.push((period, step));
        }
        let last = fw
            .collection
            .reminders
            .days_after
            .last()
            .copied()
            .unwrap_or(0);
        if deadline + Days::new(u64::from(last) + 7) < today {
            break;
        }
        period = period.previous();
    }
    out.reverse();
    out
}

/// The latest step of `fw`'s schedule that has come by `today` for a period due on `deadline`,
/// if the schedule is not over by more than a week.
fn step_due(fw: &Framework, deadline: NaiveDate, today: NaiveDate) -> Option<Timing> {
    let r = &fw.collection.reminders;
    let steps = r
        .days_before
        .iter()
        .map(|&d| (deadline - Days::new(u64::from(d)), Timing::Before(d)))
        .chain(
            r.days_after
                .iter()
                .map(|&d| (deadline + Days::new(u64::from(d)), Timing::After(d))),
        );
    let (day, step) = steps
        .filter(|(day, _)| *day <= today)
        .max_by_key(|(day, _)| *day)?;
    (today <= day + Days::new(7)).then_some(step)
}

fn remind_at(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
    timing: Timing,
    dry_run: bool,
) -> ServiceResult<Reminders> {
    let collection = collection_of(app, framework_id, period)?;
    let now = app.now();
    // Staff's reminders are each their own: a nonce keeps them apart in the outbox's keys.
    let nonce = crate::accounts::random_hex(8)?;
    let mut conn = app.conn()?;
    let mut institutions = Vec::new();
    for inst in collection.groups.iter().flat_map(|g| &g.institutions) {
        // A monthly reporter is reminded of its months, not of the quarter they close.
        if inst.received() || inst.monthly != period.is_month() {
            continue;
        }
        let message = Message::Reminder {
            framework: collection.framework.clone(),
            period,
            institution: inst.code.clone(),
            name: inst.name.clone(),
            deadline: collection.deadline,
            timing,
        };
        let accounts = mail_recipients(&mut conn, Some(&inst.code))?;
        let mut queued = 0;
        if !dry_run {
            // One transaction per institution: a reminder run that stops half-way has queued
            // whole institutions, and the dedupe keys let the next run finish the rest.
            queued = mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<usize> {
                let mut n = 0;
                for to in &accounts {
                    let key = match timing {
                        Timing::Now => format!(
                            "reminder:{framework_id}:{period}:{}:{}:now:{nonce}",
                            inst.code, to.id
                        ),
                        step => format!(
                            "reminder:{framework_id}:{period}:{}:{}:{}",
                            inst.code,
                            to.id,
                            step.code()
                        ),
                    };
                    n += usize::from(queue(conn, &message, to, Some(&key), actor, now)?);
                }
                Ok(n)
            })?;
        }
        institutions.push(Reminded {
            code: inst.code.clone(),
            name: inst.name.clone(),
            accounts: accounts.into_iter().map(|a| a.username).collect(),
            queued,
        });
    }
    Ok(Reminders {
        framework: collection.framework,
        period,
        deadline: collection.deadline,
        timing,
        institutions,
        dry_run,
    })
}

/// How the platform sends mail, from `[mail]`.
enum Sender {
    /// An SMTP server.
    Smtp(Box<SmtpTransport>),
    /// A folder of `.eml` files.
    Folder(FileTransport),
}

/// Why mail cannot be sent at all (the settings), as the operator reads it.
fn sender(settings: &MailSettings) -> ServiceResult<Option<Sender>> {
    let url = settings.smtp_url.expose().trim();
    if !url.is_empty() {
        return smtp(url).map(|t| Some(Sender::Smtp(Box::new(t))));
    }
    let folder = settings.folder.trim();
    if folder.is_empty() {
        return Ok(None);
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| ServiceError::Internal(format!("mail.folder {folder}: {e}")))?;
    Ok(Some(Sender::Folder(FileTransport::new(folder))))
}

/// The SMTP transport of `smtp://` (STARTTLS when the server offers it, or always with
/// `?tls=required`) or `smtps://` (TLS at once), with the URL's credentials.
fn smtp(url: &str) -> ServiceResult<SmtpTransport> {
    let bad = |why: &str| ServiceError::Internal(format!("mail.smtp_url: {why}"));
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("not smtp://… or smtps://…"))?;
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (credentials, hostport) = match rest.rsplit_once('@') {
        Some((c, h)) => (Some(c), h),
        None => (None, rest),
    };
    let hostport = hostport.trim_end_matches('/');
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h,
            Some(
                p.parse::<u16>()
                    .map_err(|_| bad("the port is not a number"))?,
            ),
        ),
        None => (hostport, None),
    };
    if host.is_empty() {
        return Err(bad("no host"));
    }
    let tls_params = || TlsParameters::new(host.to_owned()).map_err(|e| bad(&format!("TLS: {e}")));
    let required = query.split('&').any(|kv| kv == "tls=required");
    let (tls, default_port) = match scheme {
        "smtp" if required => (Tls::Required(tls_params()?), 587),
        "smtp" => (Tls::Opportunistic(tls_params()?), 587),
        "smtps" => (Tls::Wrapper(tls_params()?), 465),
        _ => return Err(bad("the scheme is neither smtp nor smtps")),
    };
    let mut builder = SmtpTransport::builder_dangerous(host)
        .port(port.unwrap_or(default_port))
        .tls(tls)
        .timeout(Some(Duration::from_secs(20)));
    if let Some(c) = credentials {
        let (user, password) = c.split_once(':').unwrap_or((c, ""));
        builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
            percent_decode_str(user).decode_utf8_lossy().into_owned(),
            percent_decode_str(password)
                .decode_utf8_lossy()
                .into_owned(),
        ));
    }
    Ok(builder.build())
}

/// What one [`deliver`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Messages sent.
    pub sent: usize,
    /// Attempts that failed (the message waits for another attempt).
    pub retried: usize,
    /// Messages given up after their last attempt.
    pub failed: usize,
    /// Whether mail is configured at all (`[mail] smtp_url` or `folder`): without it the
    /// messages wait in the outbox.
    pub configured: bool,
}

/// Sends what the outbox holds (operator or staff), each message written by `texts` in its
/// recipient's language, and audits each one sent (`mail.sent`) or given up (`mail.failed`).
/// Simultaneous senders (two app servers, the daily timer) never send one message twice: each
/// claims its messages first. A failed attempt is tried again by a run a minute later or more.
pub fn deliver(app: &App, actor: &Actor, texts: &dyn MailTexts) -> ServiceResult<Delivery> {
    actor.require_staff()?;
    let settings = &app.settings.mail;
    let Some(sender) = sender(settings)? else {
        return Ok(Delivery::default());
    };
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|e| ServiceError::Internal(format!("mail.from \"{}\": {e}", settings.from)))?;
    let site = settings.site_url.trim_end_matches('/');
    let mut conn = app.conn()?;
    let mut out = Delivery {
        configured: true,
        ..Delivery::default()
    };
    let mut handled = 0;
    while handled < BATCH {
        let now = app.now();
        let before = (
            now - chrono::Duration::minutes(RETRY_MINUTES),
            now - chrono::Duration::minutes(STALE_CLAIM_MINUTES),
        );
        let claimed = mizan_storage::transaction(&mut conn, |c| claim(c, CLAIM, now, before))?;
        if claimed.is_empty() {
            break;
        }
        handled += claimed.len();
        for mail in claimed {
            let outcome = compose(&mail, &from, site, texts).and_then(|email| match &sender {
                Sender::Smtp(t) => t.send(&email).map(drop).map_err(|e| e.to_string()),
                Sender::Folder(t) => t.send(&email).map(drop).map_err(|e| e.to_string()),
            });
            settle(&mut conn, app, actor, &mail, &outcome, &mut out)?;
        }
    }
    Ok(out)
}

/// Records what became of one attempt: sent, tried again later, or given up after
/// [`MAX_ATTEMPTS`], audited.
fn settle(
    conn: &mut DbConnection,
    app: &App,
    actor: &Actor,
    mail: &MailRecord,
    outcome: &Result<(), String>,
    out: &mut Delivery,
) -> ServiceResult<()> {
    let now = app.now();
    let entry = |action| Entry {
        institution: mail.institution.as_deref(),
        period: mail.period.as_deref(),
        ..Entry::new(&actor.name, action)
    };
    let detail = Detail::new()
        .text("kind", &mail.kind)
        .text("to", &mail.recipient);
    mizan_storage::transaction(conn, |c| -> ServiceResult<()> {
        match outcome {
            Ok(()) => {
                mark_sent(c, mail.id, now)?;
                record(c, entry("mail.sent"), &detail, now)?;
                out.sent += 1;
            }
            Err(e) => {
                let give_up = mail.attempts >= MAX_ATTEMPTS;
                mark_failed(c, mail.id, e, give_up)?;
                tracing::warn!(mail = mail.id, to = %mail.recipient, error = %e, give_up, "mail not sent");
                if give_up {
                    let detail = detail.clone().text("error", e);
                    record(c, entry("mail.failed"), &detail, now)?;
                    out.failed += 1;
                } else {
                    out.retried += 1;
                }
            }
        }
        Ok(())
    })
}

/// The e-mail of an outbox message, or why it cannot be made (a bad address: given up after
/// its attempts like any failure).
fn compose(
    mail: &MailRecord,
    from: &Mailbox,
    site: &str,
    texts: &dyn MailTexts,
) -> Result<Email, String> {
    let message: Message =
        serde_json::from_str(&mail.args).map_err(|e| format!("message arguments: {e}"))?;
    let to: Address = mail
        .recipient
        .parse()
        .map_err(|e| format!("address \"{}\": {e}", mail.recipient))?;
    let link = format!("{site}{}", message.path());
    let written = texts.write(mail.lang, &message, &link);
    Email::builder()
        .from(from.clone())
        .to(Mailbox::new(None, to))
        .subject(written.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(written.body)
        .map_err(|e| e.to_string())
}

/// Whether `address` is an e-mail address the platform can write to.
pub fn valid_address(address: &str) -> bool {
    address.parse::<Address>().is_ok()
}

/// The outbox's latest messages (staff only), newest first, for the collection page.
pub fn outbox(app: &App, actor: &Actor, period: Option<Period>) -> ServiceResult<Vec<MailRecord>> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    let period = period.map(|p| p.to_string());
    Ok(mizan_storage::mail::recent(
        &mut conn,
        period.as_deref(),
        100,
    )?)
}
