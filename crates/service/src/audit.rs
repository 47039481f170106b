//! The audit log's entries as the use cases write them: an action code (`import.stored`,
//! `submission.rejected`, …) and its parameters, never a sentence. The parameters are stored
//! as a JSON object in the entry's `detail`; the web and the command line say the entry in the
//! reader's language (Fluent message `audit-<action, dots as dashes>`). Entries written before
//! parameters were kept hold a sentence in English; [`Detail::read`] tells them apart.

use chrono::NaiveDateTime;
use mizan_core::Issue;
use mizan_storage::DbConnection;
use mizan_storage::audit::{self, NewAudit};
use serde_json::{Map, Value};

use crate::error::ServiceResult;

/// Every action the use cases record (a new one is added here and given its sentence in the
/// web's `audit.ftl`, which a test checks), with the ways (`via`) it can come.
pub const ACTIONS: &[(&str, &[&str])] = &[
    ("login", &[]),
    ("login.failed", &[]),
    ("login.throttled", &[]),
    ("logout", &[]),
    ("account.password", &[]),
    ("account.create", &[]),
    ("account.contact", &[]),
    ("account.disable", &[]),
    ("account.enable", &[]),
    ("account.password-reset", &[]),
    ("grant", &[]),
    ("grant.revoke", &[]),
    ("submission.accepted", &[]),
    ("submission.rejected", &[]),
    ("publish", &[]),
    ("publish.confirmed", &[]),
    ("registry.refused", &[]),
    ("registry.imported", &[]),
    ("registry.changed", &[]),
    ("import.stored", &["tape"]),
    ("import.duplicate", &[]),
    ("import.unchanged", &[]),
    ("import.refused", &[]),
    ("import.loans.refused", &[]),
    ("import.loans.duplicate", &[]),
    ("import.loans.stored", &[]),
    ("loan.class-imposed", &[]),
    ("mail.queued", &[]),
    ("mail.sent", &[]),
    ("mail.failed", &[]),
];

/// At most this many issues are kept with a refusal (the count says how many there were).
pub const ISSUES_KEPT: usize = 5;

/// The parameters of one entry, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail(Map<String, Value>);

impl Detail {
    /// No parameter.
    pub fn new() -> Self {
        Self::default()
    }

    /// A name, a code, a file name: shown as is.
    #[must_use]
    pub fn text(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.0
            .insert(name.to_owned(), Value::String(value.to_string()));
        self
    }

    /// A whole number.
    #[must_use]
    pub fn count(mut self, name: &str, n: impl Into<i64>) -> Self {
        self.0.insert(name.to_owned(), Value::from(n.into()));
        self
    }

    /// A whole number from a `usize`.
    #[must_use]
    pub fn size(self, name: &str, n: usize) -> Self {
        self.count(name, i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// Issues (the first [`ISSUES_KEPT`]), kept whole so that they can be said in any
    /// language; `issues_count` says how many there were, `unlisted` more found but not
    /// listed by the reader included.
    #[must_use]
    pub fn issues<'a>(
        mut self,
        issues: impl IntoIterator<Item = &'a Issue>,
        unlisted: usize,
    ) -> Self {
        let mut count = unlisted;
        let mut kept = Vec::new();
        for issue in issues {
            count += 1;
            if kept.len() < ISSUES_KEPT {
                kept.extend(serde_json::to_value(issue).ok());
            }
        }
        self.0.insert("issues".into(), Value::Array(kept));
        self.size("issues_count", count)
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }

    /// A stored detail: its parameters, or `None` for an entry written as a sentence.
    pub fn read(stored: &str) -> Option<Self> {
        match serde_json::from_str::<Value>(stored) {
            Ok(Value::Object(map)) => Some(Self(map)),
            _ => None,
        }
    }

    /// The parameters.
    pub fn params(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The issues kept with the entry.
    pub fn kept_issues(&self) -> Vec<Issue> {
        self.0
            .get("issues")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
}

/// One entry to write.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Who (a user name, `cli:…`, `demo:…`).
    pub actor: &'a str,
    /// The action's code.
    pub action: &'a str,
    /// The submission concerned.
    pub submission_id: Option<i64>,
    /// The institution concerned.
    pub institution: Option<&'a str>,
    /// The quarter concerned (`2025-Q4`).
    pub period: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// An entry of `action` by `actor`, about nothing in particular yet.
    pub fn new(actor: &'a str, action: &'a str) -> Self {
        Self {
            actor,
            action,
            submission_id: None,
            institution: None,
            period: None,
        }
    }
}

/// Appends entries in order, in a few statements whatever their number (inside the caller's
/// transaction when there is one): a file of a thousand returns is a thousand entries.
pub fn record_many(
    conn: &mut DbConnection,
    entries: &[(Entry<'_>, Detail)],
    at: NaiveDateTime,
) -> ServiceResult<()> {
    let details: Vec<String> = entries.iter().map(|(_, d)| d.to_json()).collect();
    let events: Vec<NewAudit<'_>> = entries
        .iter()
        .zip(&details)
        .map(|((entry, _), detail)| new_audit(entry, detail))
        .collect();
    audit::append_many(conn, &events, at)?;
    Ok(())
}

/// The storage event of an entry, its action checked against [`ACTIONS`] in debug builds.
fn new_audit<'a>(entry: &Entry<'a>, detail: &'a str) -> NewAudit<'a> {
    debug_assert!(
        ACTIONS.iter().any(|(a, _)| *a == entry.action),
        "audit action {} is not in audit::ACTIONS",
        entry.action
    );
    NewAudit {
        actor: entry.actor,
        action: entry.action,
        submission_id: entry.submission_id,
        institution: entry.institution,
        period: entry.period,
        detail,
    }
}

/// Appends an entry (inside the caller's transaction when there is one).
pub fn record(
    conn: &mut DbConnection,
    entry: Entry<'_>,
    detail: &Detail,
    at: NaiveDateTime,
) -> ServiceResult<()> {
    let detail = detail.to_json();
    audit::append(conn, &new_audit(&entry, &detail), at)?;
    Ok(())
}
