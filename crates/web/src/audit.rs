//! The audit log's entries in the reader's language.
//!
//! The use cases write an action code and its parameters ([`mizan_service::audit::Detail`]);
//! this module says them with the Fluent message `audit-<action, dots as dashes>` (and
//! `audit-<action>-via-<via>` when the entry names the way it came, e.g. a return made from a
//! loan tape). Parameters are written the language's way: counts grouped, quarters and dates
//! in words, amounts with the language's separators, roles and yes/no translated, issues with
//! their place. Entries written before parameters were kept are shown as they were stored.

use chrono::NaiveDateTime;
use mizan_core::{Decimal, Issue, Lang};
use mizan_service::audit::Detail;
use serde_json::Value;

use crate::format;
use crate::i18n::I18n;
use crate::issues::issue_line;

/// The Fluent message id of an entry.
pub fn message_id(action: &str, detail: &Detail) -> String {
    let base = format!("audit-{}", action.replace('.', "-"));
    match detail.params().get("via").and_then(Value::as_str) {
        Some(via) => format!("{base}-via-{via}"),
        None => base,
    }
}

/// One parameter in `lang`.
fn param(i18n: &I18n, lang: Lang, name: &str, value: &Value) -> String {
    let text = match value {
        Value::Number(n) => {
            return n.as_i64().map_or_else(
                || n.to_string(),
                |n| format::decimal(Decimal::from(n), lang),
            );
        }
        Value::String(s) => s.as_str(),
        Value::Bool(b) => return i18n.text(lang, if *b { "staff-yes" } else { "staff-no" }),
        other => return other.to_string(),
    };
    match name {
        "period" => format::period_text(i18n, lang, text),
        "received_at" => NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
            .map_or_else(|_| text.to_owned(), |t| format::datetime(t, lang, i18n)),
        "as_of" => format::date_text(i18n, lang, text),
        "provisions" => format::decimal_text(text, lang),
        "role" => i18n.text(lang, &format!("role-{text}")),
        "network" | "deposits" => i18n.text(
            lang,
            if text == "true" {
                "staff-yes"
            } else {
                "staff-no"
            },
        ),
        "change" | "return" => i18n.text(lang, &format!("audit-word-{text}")),
        _ => text.to_owned(),
    }
}

/// What an entry says, in `lang`: the sentence of its action with its parameters, followed by
/// the issues it kept; a sentence stored before parameters were kept, as it is.
pub fn detail_text(i18n: &I18n, lang: Lang, action: &str, stored: &str) -> String {
    let Some(detail) = Detail::read(stored) else {
        return stored.to_owned();
    };
    let args: Vec<(&str, String)> = detail
        .params()
        .iter()
        .filter(|(name, _)| name.as_str() != "issues")
        .map(|(name, value)| (name.as_str(), param(i18n, lang, name, value)))
        .collect();
    let mut text = i18n.message(lang, &message_id(action, &detail), &args);
    let issues: Vec<Issue> = detail.kept_issues();
    if !issues.is_empty() {
        let sep = if lang == Lang::Ar { "؛ " } else { " ; " };
        text.push_str(if lang == Lang::Fr { " : " } else { ": " });
        text.push_str(
            &issues
                .iter()
                .map(|i| issue_line(i18n, lang, i))
                .collect::<Vec<_>>()
                .join(sep),
        );
    }
    text
}
