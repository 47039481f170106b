//! The outbox of e-mail messages. A message is added in the transaction of the event that calls
//! for it, so it exists exactly when the event does; a sender then claims it with one `UPDATE`
//! that only one process wins, sends it, and marks it sent (or pending again, with the error,
//! until its attempts run out). A message whose sender stopped mid-way is claimed again once its
//! claim is stale. What a message says is not stored: its kind and arguments are, and the sender
//! writes it in the recipient's language.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageResult, corrupt};
use crate::schema::mail_outbox;
use mizan_core::Lang;

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailStatus {
    /// Waiting for a sender.
    Pending,
    /// Claimed by a sender (at `claimed_at`).
    Sending,
    /// Handed to the mail server (or written to the mail folder).
    Sent,
    /// Every attempt failed; `last_error` says why.
    Failed,
}

impl MailStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }
}

impl fmt::Display for MailStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for MailStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(Self::Pending),
            "sending" => Ok(Self::Sending),
            "sent" => Ok(Self::Sent),
            "failed" => Ok(Self::Failed),
            other => Err(format!("unknown mail status \"{other}\"")),
        }
    }
}

/// A message to add to the outbox.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    /// What the message is (`reminder.before`, `decision.rejected`…).
    pub kind: &'a str,
    /// A message with a key already in the outbox is not added again.
    pub dedupe_key: Option<&'a str>,
    /// The account written to.
    pub user_id: Option<i64>,
    /// The address.
    pub recipient: &'a str,
    /// The language the message is written in.
    pub lang: Lang,
    /// The institution it is about.
    pub institution: Option<&'a str>,
    /// The period it is about.
    pub period: Option<&'a str>,
    /// The message's arguments (JSON object).
    pub args: &'a str,
}

/// A message of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
struct MailRow {
    id: i64,
    created_at: NaiveDateTime,
    kind: String,
    dedupe_key: Option<String>,
    user_id: Option<i64>,
    recipient: String,
    lang: String,
    institution: Option<String>,
    period: Option<String>,
    args: String,
    status: String,
    attempts: i32,
    claimed_at: Option<NaiveDateTime>,
    sent_at: Option<NaiveDateTime>,
    last_error: Option<String>,
}

/// A message of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRecord {
    /// Id.
    pub id: i64,
    /// When it was added.
    pub created_at: NaiveDateTime,
    /// What it is.
    pub kind: String,
    /// Its dedupe key.
    pub dedupe_key: Option<String>,
    /// The account written to.
    pub user_id: Option<i64>,
    /// The address.
    pub recipient: String,
    /// Its language.
    pub lang: Lang,
    /// The institution it is about.
    pub institution: Option<String>,
    /// The period it is about.
    pub period: Option<String>,
    /// Its arguments (JSON object).
    pub args: String,
    /// Where it is.
    pub status: MailStatus,
    /// Attempts to send it so far.
    pub attempts: i32,
    /// When a sender last claimed it.
    pub claimed_at: Option<NaiveDateTime>,
    /// When it was sent.
    pub sent_at: Option<NaiveDateTime>,
    /// The last attempt's error.
    pub last_error: Option<String>,
}

impl TryFrom<MailRow> for MailRecord {
    type Error = crate::StorageError;
    fn try_from(r: MailRow) -> StorageResult<Self> {
        Ok(Self {
            lang: r.lang.parse().map_err(|_| corrupt("mail lang", &r.lang))?,
            status: r
                .status
                .parse()
                .map_err(|_| corrupt("mail status", &r.status))?,
            id: r.id,
            created_at: r.created_at,
            kind: r.kind,
            dedupe_key: r.dedupe_key,
            user_id: r.user_id,
            recipient: r.recipient,
            institution: r.institution,
            period: r.period,
            args: r.args,
            attempts: r.attempts,
            claimed_at: r.claimed_at,
            sent_at: r.sent_at,
            last_error: r.last_error,
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = mail_outbox)]
struct NewMailRow<'a> {
    created_at: NaiveDateTime,
    kind: &'a str,
    dedupe_key: Option<&'a str>,
    user_id: Option<i64>,
    recipient: &'a str,
    lang: &'a str,
    institution: Option<&'a str>,
    period: Option<&'a str>,
    args: &'a str,
    status: &'a str,
    attempts: i32,
}

/// Adds a message to the outbox. Returns false, adding nothing, when its dedupe key is already
/// there (also when a simultaneous writer added it first: the unique key decides).
pub fn enqueue(
    conn: &mut DbConnection,
    new: &NewMail<'_>,
    now: NaiveDateTime,
) -> StorageResult<bool> {
    let row = NewMailRow {
        created_at: now,
        kind: new.kind,
        dedupe_key: new.dedupe_key,
        user_id: new.user_id,
        recipient: new.recipient,
        lang: new.lang.tag(),
        institution: new.institution,
        period: new.period,
        args: new.args,
        status: MailStatus::Pending.code(),
        attempts: 0,
    };
    let n = on_backend!(conn, |c| diesel::insert_into(mail_outbox::table)
        .values(&row)
        .on_conflict(mail_outbox::dedupe_key)
        .do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

/// Claims up to `limit` messages to send: the pending ones never tried or last tried before
/// `retry_before`, and those whose sender claimed them before `stale_before` without finishing.
/// Each is claimed by one `UPDATE` guarded by the same condition, so of two simultaneous senders
/// only one gets a message. Its attempts are counted at the claim.
pub fn claim(
    conn: &mut DbConnection,
    limit: i64,
    now: NaiveDateTime,
    (retry_before, stale_before): (NaiveDateTime, NaiveDateTime),
) -> StorageResult<Vec<MailRecord>> {
    use mail_outbox::{claimed_at, status};
    let pending = MailStatus::Pending.code();
    let sending = MailStatus::Sending.code();
    let candidates: Vec<i64> = mail_outbox::table
        .filter(
            status
                .eq(pending)
                .and(claimed_at.is_null().or(claimed_at.lt(retry_before)))
                .or(status.eq(sending).and(claimed_at.lt(stale_before))),
        )
        .order(mail_outbox::id)
        .limit(limit)
        .select(mail_outbox::id)
        .load(conn)?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let n = diesel::update(
            mail_outbox::table.find(id).filter(
                status
                    .eq(pending)
                    .and(claimed_at.is_null().or(claimed_at.lt(retry_before)))
                    .or(status.eq(sending).and(claimed_at.lt(stale_before))),
            ),
        )
        .set((
            status.eq(sending),
            claimed_at.eq(now),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        ))
        .execute(conn)?;
        if n == 1
            && let Some(m) = message(conn, id)?
        {
            claimed.push(m);
        }
    }
    Ok(claimed)
}

/// Marks a claimed message sent.
pub fn mark_sent(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StorageResult<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::status.eq(MailStatus::Sent.code()),
            mail_outbox::sent_at.eq(now),
            mail_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: the message waits for the next sender, or is `failed` for good
/// when `give_up`.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: i64,
    error: &str,
    give_up: bool,
) -> StorageResult<()> {
    let status = if give_up {
        MailStatus::Failed
    } else {
        MailStatus::Pending
    };
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::status.eq(status.code()),
            mail_outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// One message.
pub fn message(conn: &mut DbConnection, id: i64) -> StorageResult<Option<MailRecord>> {
    mail_outbox::table
        .find(id)
        .select(MailRow::as_select())
        .first(conn)
        .optional()?
        .map(MailRecord::try_from)
        .transpose()
}

/// The latest `limit` messages, newest first, optionally of one period only.
pub fn recent(
    conn: &mut DbConnection,
    period: Option<&str>,
    limit: i64,
) -> StorageResult<Vec<MailRecord>> {
    let rows: Vec<MailRow> = match period {
        Some(p) => mail_outbox::table
            .filter(mail_outbox::period.eq(p))
            .order(mail_outbox::id.desc())
            .limit(limit)
            .select(MailRow::as_select())
            .load(conn)?,
        None => mail_outbox::table
            .order(mail_outbox::id.desc())
            .limit(limit)
            .select(MailRow::as_select())
            .load(conn)?,
    };
    rows.into_iter().map(MailRecord::try_from).collect()
}
