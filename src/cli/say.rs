//! What the command line says, in the operator's language (`--lang`, French by default): the
//! issues of a file, the refusals of the use cases and the commands' own lines
//! (`crates/web/locales/<lang>/cli.ftl`), with the web's own translations and its way of
//! writing numbers and dates.

use std::fmt::Display;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use mizan_core::number::round_half_away;
use mizan_core::{Decimal, Issue, Lang, Place};
use mizan_service::ServiceError;
use mizan_web::format;
use mizan_web::i18n::I18n;

static LANG: OnceLock<Lang> = OnceLock::new();
static I18N: OnceLock<Option<I18n>> = OnceLock::new();

/// Sets the language of this run (once, at start).
pub fn init(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of this run.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::Fr)
}

fn i18n() -> Option<&'static I18n> {
    I18N.get_or_init(|| I18n::load().ok()).as_ref()
}

/// The message `id` in the run's language with its arguments (figures and codes already
/// written as they should read: see [`count`], [`amount`], [`date`]). Without the messages
/// (they failed to load), the id and its arguments, so that nothing is lost.
pub fn text(id: &str, args: &[(&str, &dyn Display)]) -> String {
    let args: Vec<(&str, String)> = args
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    match i18n() {
        Some(i18n) => i18n.message(lang(), id, &args),
        None => {
            let mut line = id.to_owned();
            for (name, value) in &args {
                line.push_str(&format!(" {name}={value}"));
            }
            line
        }
    }
}

/// `yes` or `no`, for a message that chooses its words by it (`{ $late -> [yes] … *[no] … }`).
pub fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A whole count (`1 850` in French, `1,850` in English).
pub fn count(n: impl Into<Decimal>) -> String {
    format::decimal(n.into(), lang())
}

/// A decimal as it is, with the language's separators (`12,5` in French).
pub fn number(d: Decimal) -> String {
    format::decimal(d, lang())
}

/// An amount for reading: two decimals, half away from zero (stored figures stay exact),
/// with the language's separators.
pub fn amount(d: Decimal) -> String {
    let mut d = round_half_away(d, 2);
    d.rescale(2);
    format::decimal(d, lang())
}

/// A percentage for reading: two decimals and the language's percent sign.
pub fn percent(d: Decimal) -> String {
    format::figure(mizan_core::framework::DisplayKind::Percent, d, lang())
}

/// A quarter as the language writes it (`T1 2016`, `Q1 2016`).
pub fn period(p: mizan_core::Period) -> String {
    match i18n() {
        Some(i18n) => format::period(p, lang(), i18n),
        None => p.to_string(),
    }
}

/// A date (`31 mars 2016`).
pub fn date(d: NaiveDate) -> String {
    match i18n() {
        Some(i18n) => format::date(d.and_time(chrono::NaiveTime::MIN), lang(), i18n),
        None => d.to_string(),
    }
}

/// A date and time (`13 juin 2016 à 03:28`).
pub fn datetime(at: NaiveDateTime) -> String {
    match i18n() {
        Some(i18n) => format::datetime(at, lang(), i18n),
        None => at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Where something is in a file (`ligne 12`, `Financier!D14`), as the web says it.
pub fn place(place: &Place) -> String {
    match place {
        Place::Line { line, column: None } => text("place-line", &[("line", line)]),
        Place::Line {
            line,
            column: Some(c),
        } => text("place-line-column", &[("line", line), ("column", c)]),
        Place::Sheet { sheet } => text("place-sheet", &[("sheet", sheet)]),
        Place::File => text("place-file", &[]),
        Place::Return => text("place-return", &[]),
        Place::Cell { .. } => place.to_string(),
    }
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
