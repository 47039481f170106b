//! What the command line says, in the operator's language (`--lang`, French by default): the
//! issues of a file and the refusals of the use cases, with the web's own translations.

use std::sync::OnceLock;

use mizan_core::{Issue, Lang};
use mizan_service::ServiceError;
use mizan_web::i18n::I18n;

static LANG: OnceLock<Lang> = OnceLock::new();
static I18N: OnceLock<Option<I18n>> = OnceLock::new();

/// Sets the language of this run (once, at start).
pub fn init(lang: Lang) {
    let _ = LANG.set(lang);
}

fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::Fr)
}

fn i18n() -> Option<&'static I18n> {
    I18N.get_or_init(|| I18n::load().ok()).as_ref()
}

/// One issue on one line.
pub fn issue(issue: &Issue) -> String {
    match i18n() {
        Some(i18n) => mizan_web::issue_line(i18n, lang(), issue),
        None => issue.to_string(),
    }
}

/// An error as the operator reads it: a refusal or a refused file in the language of the run,
/// anything else with its whole chain (for the log, in English).
pub fn error(e: &anyhow::Error) -> String {
    let Some(i18n) = i18n() else {
        return format!("{e:#}");
    };
    match e.downcast_ref::<ServiceError>() {
        Some(ServiceError::Invalid(refusal)) => {
            mizan_web::refusal::refusal_text(i18n, lang(), refusal)
        }
        Some(ServiceError::Refused { issues }) => issues
            .iter()
            .map(|i| mizan_web::issue_line(i18n, lang(), i))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => format!("{e:#}"),
    }
}
