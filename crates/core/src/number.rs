//! Reading numbers written by people and spreadsheets, and rounding them for display.
//!
//! Values are exact decimals ([`Decimal`]) from the file to the published table; nothing here
//! goes through floating point. Rounding happens only for display, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// The decimal mark a file uses: `.` (plain CSV) or `,` (French-locale CSV, separated by `;`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1850679.25`
    Point,
    /// `1 850 679,25`
    Comma,
}

impl DecimalMark {
    fn char(self) -> char {
        match self {
            Self::Point => '.',
            Self::Comma => ',',
        }
    }
}

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing but blanks.
    #[error("the value is empty")]
    Empty,
    /// Not a decimal number at all.
    #[error("\"{0}\" is not a number")]
    NotANumber(String),
    /// Could be read two ways (`1.234` in a file whose decimal mark is the comma).
    #[error(
        "\"{0}\" is ambiguous: it could be a decimal or a thousands separator; \
         write the number without thousands separators and with the file's decimal mark"
    )]
    Ambiguous(String),
    /// Thousands separators in the wrong places (`18 50`).
    #[error("\"{0}\" has misplaced thousands separators")]
    BadGrouping(String),
    /// Too large or too precise for an exact decimal of 28 digits.
    #[error("\"{0}\" is too large or has too many digits")]
    OutOfRange(String),
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}')
}

/// Reads a decimal number as a person or a spreadsheet writes it.
///
/// Accepted: an optional sign (`-`, `+` or `−`), digits grouped by spaces (plain, non-breaking,
/// narrow or thin) in threes, and one decimal mark. The file's own `mark` is always a decimal
/// mark; the other mark is read as a decimal mark only when it cannot be a thousands separator
/// (`4.41` in a comma file), and refused as ambiguous when it could (`1.234`). A number that
/// contains both marks (`1.234,56`, `1,234.56`) is refused as ambiguous.
pub fn parse_decimal(text: &str, mark: DecimalMark) -> Result<Decimal, NumberError> {
    let original = text;
    let text = text.trim_matches(|c: char| c.is_whitespace() || is_group_space(c));
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let not_a_number = || NumberError::NotANumber(original.trim().to_owned());

    let (negative, body) = match text.chars().next() {
        Some('-') | Some('\u{2212}') => {
            (true, &text[text.chars().next().map_or(1, char::len_utf8)..])
        }
        Some('+') => (false, &text[1..]),
        _ => (false, text),
    };
    let body = body.trim_start_matches(is_group_space);
    if body.is_empty() {
        return Err(not_a_number());
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c))
    {
        return Err(not_a_number());
    }
    let points = body.matches('.').count();
    let commas = body.matches(',').count();
    if points > 0 && commas > 0 {
        return Err(NumberError::Ambiguous(original.trim().to_owned()));
    }
    let (mark_char, count) = if points > 0 {
        ('.', points)
    } else {
        (',', commas)
    };
    if count > 1 {
        // `1.234.567` could be thousands grouped by the other mark (ambiguous: thousands must be
        // spaces); `12,5,0` cannot be read at all.
        let parts: Vec<&str> = body.split(mark_char).collect();
        let grouped = parts[0].len() <= 3 && parts[1..].iter().all(|g| g.len() == 3);
        return Err(if mark_char != mark.char() && grouped {
            NumberError::Ambiguous(original.trim().to_owned())
        } else {
            not_a_number()
        });
    }
    let (int_part, frac_part) = match body.split_once(mark_char) {
        Some((i, f)) if count == 1 => (i, Some(f)),
        _ => (body, None),
    };
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_a_number());
        }
        if mark_char != mark.char() && frac.len() == 3 {
            return Err(NumberError::Ambiguous(original.trim().to_owned()));
        }
    }
    // Integer part: digits, optionally grouped by spaces in threes.
    let groups: Vec<&str> = int_part.split(is_group_space).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(
            if groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit())) {
                NumberError::BadGrouping(original.trim().to_owned())
            } else {
                not_a_number()
            },
        );
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(NumberError::BadGrouping(original.trim().to_owned()));
    }
    let mut normalized = String::with_capacity(body.len() + 1);
    if negative {
        normalized.push('-');
    }
    groups.iter().for_each(|g| normalized.push_str(g));
    if let Some(frac) = frac_part {
        normalized.push('.');
        normalized.push_str(frac);
    }
    Decimal::from_str_exact(&normalized)
        .map(|d| d.normalize())
        .map_err(|_| NumberError::OutOfRange(original.trim().to_owned()))
}

/// Rounds for display, half away from zero (`107.5` → `108`, `-0.005` → `-0.01`).
pub fn round_half_away(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// The amount in cents when it has exactly two decimals, as nearly every amount of a loan tape
/// has, and is below 2⁶⁰ cents in magnitude (so that eight of them add up in an `i64` without
/// overflow): the fast paths of the loan pipeline compute in it and leave every other amount
/// to `Decimal`.
#[inline]
pub fn cents(d: Decimal) -> Option<i64> {
    if d.scale() != 2 {
        return None;
    }
    i64::try_from(d.mantissa())
        .ok()
        .filter(|c| c.unsigned_abs() < 1 << 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[track_caller]
    fn ok(text: &str, mark: DecimalMark, expected: &str) {
        let expected = Decimal::from_str(expected).map(|d| d.normalize());
        assert_eq!(parse_decimal(text, mark).ok(), expected.ok(), "{text:?}");
    }

    #[track_caller]
    fn err(text: &str, mark: DecimalMark, expected: fn(String) -> NumberError) {
        let got = parse_decimal(text, mark);
        assert_eq!(got, Err(expected(text.trim().to_owned())), "{text:?}");
    }

    use DecimalMark::{Comma, Point};

    #[test]
    fn plain_numbers() {
        ok("1850679", Point, "1850679");
        ok("4.4112", Point, "4.4112");
        ok("-2.18", Point, "-2.18");
        ok("+3", Point, "3");
        ok("\u{2212}3,5", Comma, "-3.5");
        ok("0", Point, "0");
        ok("  12  ", Point, "12");
        ok("0.10", Point, "0.1");
    }

    #[test]
    fn french_locale() {
        ok("1 850 679", Comma, "1850679");
        ok("1\u{00A0}850\u{00A0}679,25", Comma, "1850679.25");
        ok("1\u{202F}850\u{202F}679", Comma, "1850679");
        ok("1\u{2009}850", Comma, "1850");
        ok("4,41", Comma, "4.41");
        ok("4.41", Comma, "4.41");
        ok("4,41", Point, "4.41");
        ok("- 12", Comma, "-12");
    }

    #[test]
    fn ambiguous_numbers_are_refused() {
        err("1.234,56", Comma, NumberError::Ambiguous);
        err("1,234.56", Point, NumberError::Ambiguous);
        err("1.234", Comma, NumberError::Ambiguous);
        err("1,234", Point, NumberError::Ambiguous);
        err("1.234.567", Comma, NumberError::Ambiguous);
        err("1,234,567", Point, NumberError::Ambiguous);
    }

    #[test]
    fn garbage_is_refused() {
        err("12,5,0", Comma, NumberError::NotANumber);
        err("12,5,0", Point, NumberError::NotANumber);
        err("abc", Point, NumberError::NotANumber);
        err("1e5", Point, NumberError::NotANumber);
        err("12.", Point, NumberError::NotANumber);
        err("-", Point, NumberError::NotANumber);
        err("4,41 %", Comma, NumberError::NotANumber);
        err("18 50", Comma, NumberError::BadGrouping);
        err("1850 679", Comma, NumberError::BadGrouping);
        err(
            "99999999999999999999999999999999",
            Point,
            NumberError::OutOfRange,
        );
        assert_eq!(parse_decimal("   ", Point), Err(NumberError::Empty));
    }

    #[test]
    fn rounding_is_half_away_from_zero() -> Result<(), rust_decimal::Error> {
        let r = |s: &str, dp| -> Result<String, rust_decimal::Error> {
            Ok(round_half_away(Decimal::from_str(s)?, dp).to_string())
        };
        assert_eq!(r("107.5", 0)?, "108");
        assert_eq!(r("-107.5", 0)?, "-108");
        assert_eq!(r("250.005", 2)?, "250.01");
        assert_eq!(r("4.41499", 2)?, "4.41");
        Ok(())
    }
}
