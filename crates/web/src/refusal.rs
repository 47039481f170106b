//! The service's refusals in the reader's language.
//!
//! A refusal is a code with typed parameters ([`mizan_service::Refusal`]); its words are the
//! Fluent message `refusal-<code>` (dots become dashes) of `locales/*/refusals.ftl`, its
//! parameters written as the language writes numbers, quarters and dates. The command line uses
//! the same function, so a person reads the same sentence on the page and in the terminal.

use mizan_core::Lang;
use mizan_service::Refusal;
use mizan_service::refusal::Arg;

use crate::format;
use crate::i18n::I18n;

/// The Fluent message id of a refusal's code (`publish.nothing` → `refusal-publish-nothing`).
pub fn message_id(code: &str) -> String {
    format!("refusal-{}", code.replace('.', "-"))
}

/// One parameter in `lang`.
fn arg(i18n: &I18n, lang: Lang, name: &str, value: &Arg) -> String {
    match value {
        // A field's name is itself a word to translate.
        Arg::Text(t) if name == "field" => i18n.text(lang, &format!("refusal-field-{t}")),
        Arg::Count(n) => format::count(usize::try_from(*n).unwrap_or(usize::MAX), lang),
        Arg::Period(p) => format::period(*p, lang, i18n),
        Arg::At(t) => format::datetime(*t, lang, i18n),
        Arg::List(items) => items.join(if lang == Lang::Ar { "، " } else { ", " }),
        other => other.to_string(),
    }
}

/// What was refused and why, in `lang`.
pub fn refusal_text(i18n: &I18n, lang: Lang, refusal: &Refusal) -> String {
    let args: Vec<(&str, String)> = refusal
        .args()
        .iter()
        .map(|(name, value)| (*name, arg(i18n, lang, name, value)))
        .collect();
    i18n.message(lang, &message_id(refusal.code()), &args)
}
