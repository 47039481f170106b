//! Numbers and dates as each language writes them.
//!
//! Figures are exact decimals rounded for display first ([`mizan_ratios::display_value`]: half
//! away from zero, two decimals for percentages and rates, whole numbers for counts and
//! amounts, thousands ÷ 1000); only then are they written out here, digit by digit from the
//! decimal's own text — never through floating point.
//!
//! | language | grouping | decimal mark | percent | example |
//! |---|---|---|---|---|
//! | French | U+202F narrow no-break space | `,` | U+202F then `%` | `1 850 679`, `4,41 %` |
//! | English | `,` | `.` | `%` directly | `1,850,679`, `4.41%` |
//! | Arabic (Maghreb) | `.` | `,` | U+00A0 no-break space then `%` | `1.850.679`, `4,41 %` |
//!
//! Arabic follows the usage of the Maghreb (CLDR `ar-MA`, `ar-DZ`, `ar-TN`): Western Arabic
//! digits 0–9 (not the Eastern ٠–٩ of the Mashriq), a decimal comma and a dot between groups
//! of three. A minus sign is the ASCII hyphen-minus in every language, so that a copied figure
//! pastes into a spreadsheet as a number. In right-to-left pages every figure is wrapped in a
//! left-to-right isolate by the templates, so the sign and the percent stay where they belong.
//!
//! Dates are written with the month's name from the language's messages (`month-1` …
//! `month-12`; Moroccan month names in Arabic: يناير … دجنبر).

use chrono::{Datelike, NaiveDateTime, Timelike};
use mizan_core::framework::DisplayKind;
use mizan_core::{Decimal, Lang, Period};
use mizan_ratios::display_value;

use crate::i18n::I18n;

/// French digit-group separator and the space before `%`: U+202F NARROW NO-BREAK SPACE.
pub const NNBSP: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE (before `%` in Arabic).
pub const NBSP: char = '\u{00A0}';

/// The separators of a language: (group, decimal mark, text before `%`).
fn marks(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Fr => ("\u{202F}", ",", "\u{202F}"),
        Lang::En => (",", ".", ""),
        Lang::Ar => (".", ",", "\u{00A0}"),
    }
}

/// Writes a decimal as it is (no rounding) with the language's separators: digit groups of
/// three in the whole part, the language's decimal mark, and every decimal the value has.
pub fn decimal(value: Decimal, lang: Lang) -> String {
    let (group, mark, _) = marks(lang);
    let text = value.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(sign);
    let len = whole.len();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push_str(mark);
        out.push_str(f);
    }
    out
}

/// A figure as the bulletin shows it: rounded for its display kind (half away from zero),
/// then written in `lang`, with the percent sign for percentages and rates.
pub fn figure(display: DisplayKind, value: Decimal, lang: Lang) -> String {
    let shown = decimal(display_value(display, value), lang);
    match display {
        DisplayKind::Percent | DisplayKind::Rate => {
            let (_, _, before) = marks(lang);
            format!("{shown}{before}%")
        }
        DisplayKind::Integer | DisplayKind::Thousands => shown,
    }
}

/// A whole count (`n = 10`) in `lang`.
pub fn count(n: usize, lang: Lang) -> String {
    decimal(Decimal::from(n), lang)
}

/// A date and time (`13 juin 2016 à 03:28`, `13 June 2016, 03:28`, `13 يونيو 2016، 03:28`).
pub fn datetime(at: NaiveDateTime, lang: Lang, i18n: &I18n) -> String {
    i18n.message(
        lang,
        "datetime-long",
        &[
            ("day", at.day().to_string()),
            ("month", i18n.text(lang, &format!("month-{}", at.month()))),
            ("year", at.year().to_string()),
            ("time", format!("{:02}:{:02}", at.hour(), at.minute())),
        ],
    )
}

/// A date (`13 juin 2016`).
pub fn date(at: NaiveDateTime, lang: Lang, i18n: &I18n) -> String {
    i18n.message(
        lang,
        "date-long",
        &[
            ("day", at.day().to_string()),
            ("month", i18n.text(lang, &format!("month-{}", at.month()))),
            ("year", at.year().to_string()),
        ],
    )
}

/// A period as people write it: a quarter `T1 2016`, `Q1 2016`, `ف1 2016`; a month with the
/// language's month name (`mars 2024`, `March 2024`, `مارس 2024`).
pub fn period(p: Period, lang: Lang, i18n: &I18n) -> String {
    match (p.quarter(), p.month()) {
        (Some(quarter), _) => i18n.message(
            lang,
            "period-short",
            &[
                ("quarter", quarter.to_string()),
                ("year", p.year().to_string()),
            ],
        ),
        (None, month) => i18n.message(
            lang,
            "period-month-short",
            &[
                (
                    "month",
                    i18n.text(lang, &format!("month-{}", month.unwrap_or(1))),
                ),
                ("year", p.year().to_string()),
            ],
        ),
    }
}

/// A decimal stored as text (`4381.5`) with the language's separators (`4 381,5`); any other
/// text as it is.
pub fn decimal_text(text: &str, lang: Lang) -> String {
    text.parse::<Decimal>()
        .map_or_else(|_| text.to_owned(), |d| decimal(d, lang))
}

/// A quarter stored as text (`2025-Q4`) as the language writes it (`T4 2025`); any other
/// text as it is.
pub fn period_text(i18n: &I18n, lang: Lang, text: &str) -> String {
    Period::parse(text).map_or_else(|_| text.to_owned(), |p| period(p, lang, i18n))
}

/// A date stored as text (`YYYY-MM-DD`) as the language writes it (`31 décembre 2026`); any
/// other text as it is.
pub fn date_text(i18n: &I18n, lang: Lang, text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(
        |_| text.to_owned(),
        |d| date(d.and_time(chrono::NaiveTime::MIN), lang, i18n),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[track_caller]
    fn check(display: DisplayKind, value: &str, lang: Lang, expected: &str) {
        let got = Decimal::from_str(value).map(|v| figure(display, v, lang));
        assert_eq!(got.as_deref(), Ok(expected), "{value} {lang}");
    }

    #[test]
    fn figures_per_language() {
        use DisplayKind::*;
        check(Integer, "1850679.4", Lang::Fr, "1\u{202F}850\u{202F}679");
        check(Integer, "1850679.5", Lang::En, "1,850,680");
        check(Integer, "1850679", Lang::Ar, "1.850.679");
        check(Percent, "4.41123", Lang::Fr, "4,41\u{202F}%");
        check(Percent, "4.41123", Lang::En, "4.41%");
        check(Percent, "4.41123", Lang::Ar, "4,41\u{A0}%");
        check(Percent, "-1.035", Lang::Fr, "-1,04\u{202F}%");
        check(Percent, "-0.004", Lang::En, "0.00%");
        check(Rate, "2.9", Lang::En, "2.90%");
        check(Thousands, "19570499.99", Lang::Fr, "19\u{202F}570");
        check(Thousands, "999.5", Lang::En, "1");
        check(Integer, "999", Lang::Fr, "999");
        check(Integer, "1000", Lang::Fr, "1\u{202F}000");
        check(Integer, "-100000", Lang::En, "-100,000");
        check(
            Integer,
            "9275363305",
            Lang::Fr,
            "9\u{202F}275\u{202F}363\u{202F}305",
        );
    }

    #[test]
    fn exact_decimals_keep_every_digit() {
        let v = Decimal::from_str("1234.5678");
        assert_eq!(
            v.map(|v| decimal(v, Lang::Fr)).as_deref(),
            Ok("1\u{202F}234,5678")
        );
    }
}
