//! Numbers at the boundary: text in a file's dialect, text of unknown dialect, and the binary
//! floating-point numbers of spreadsheets, all into exact decimals.

use std::str::FromStr;

use mizan_core::IssueKind;
use mizan_core::number::{DecimalMark, NumberError, parse_decimal};
use rust_decimal::Decimal;

/// The issue for a text that is not a number.
pub(crate) fn number_issue(err: NumberError) -> IssueKind {
    match err {
        NumberError::Empty => IssueKind::EmptyValue,
        NumberError::NotANumber(value) => IssueKind::NotANumber { value },
        NumberError::Ambiguous(value) => IssueKind::AmbiguousNumber { value },
        NumberError::BadGrouping(value) => IssueKind::BadGrouping { value },
        NumberError::OutOfRange(value) => IssueKind::NumberOutOfRange { value },
    }
}

/// Reads a number written in a file whose decimal mark is known.
pub(crate) fn parse_in_dialect(text: &str, mark: DecimalMark) -> Result<Decimal, IssueKind> {
    parse_decimal(text, mark).map(tidy).map_err(number_issue)
}

/// Reads a number typed as text where the decimal mark is not known (a text cell of a
/// workbook): it must read the same with either mark, else it is ambiguous. `4,41`, `4.41`,
/// `1 850 679,25` and `1850679` are accepted; `1,234` and `1.234` are refused as ambiguous.
pub(crate) fn parse_any_mark(text: &str) -> Result<Decimal, IssueKind> {
    let comma = parse_decimal(text, DecimalMark::Comma);
    let point = parse_decimal(text, DecimalMark::Point);
    match (comma, point) {
        (Ok(a), Ok(b)) if a == b => Ok(tidy(a)),
        (Ok(_), Ok(_))
        | (Err(NumberError::Ambiguous(_)), _)
        | (_, Err(NumberError::Ambiguous(_))) => Err(IssueKind::AmbiguousNumber {
            value: text.trim().to_owned(),
        }),
        (Err(e), _) | (_, Err(e)) => Err(number_issue(e)),
    }
}

/// Converts a spreadsheet's binary number into an exact decimal, deliberately.
///
/// A spreadsheet stores the number a person typed as the nearest binary double. The shortest
/// decimal text that converts back to the same double (what Rust's `Display` for `f64` writes)
/// is, for every number typed with at most 15 significant digits, exactly the number typed:
/// `0.1` comes back as `0.1`, not as the double's binary expansion
/// `0.1000000000000000055511151231257827…` that a numeric conversion would give. That text is
/// then read exactly. Infinite and NaN values cannot come from a cell and are refused.
pub(crate) fn decimal_from_f64(value: f64) -> Result<Decimal, IssueKind> {
    if !value.is_finite() {
        return Err(IssueKind::NotANumber {
            value: value.to_string(),
        });
    }
    let text = format!("{value}");
    Decimal::from_str_exact(&text)
        .map(tidy)
        .map_err(|_| IssueKind::NumberOutOfRange { value: text })
}

/// The binary double nearest to an exact decimal (correctly rounded by the standard parser),
/// and whether it reads back as the same decimal through [`decimal_from_f64`].
pub(crate) fn f64_from_decimal(value: Decimal) -> (f64, bool) {
    let f = f64::from_str(&value.to_string()).unwrap_or(f64::NAN);
    let exact = decimal_from_f64(f).is_ok_and(|back| back == value);
    (f, exact)
}

/// Normalised: no trailing zeros, and no negative zero.
pub(crate) fn tidy(value: Decimal) -> Decimal {
    if value.is_zero() {
        Decimal::ZERO
    } else {
        value.normalize()
    }
}

/// Shortest text of a double, for messages and identifiers read from number cells.
pub(crate) fn f64_text(value: f64) -> String {
    match decimal_from_f64(value) {
        Ok(d) => d.to_string(),
        Err(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn any(text: &str, expected: Result<&str, &str>) {
        let got = parse_any_mark(text)
            .map(|d| d.to_string())
            .map_err(|k| k.code());
        assert_eq!(got.as_deref().map_err(|e| *e), expected, "{text:?}");
    }

    #[test]
    fn text_of_unknown_dialect() {
        any("4,41", Ok("4.41"));
        any("4.41", Ok("4.41"));
        any("1 850 679,25", Ok("1850679.25"));
        any("1\u{202F}850\u{202F}679.25", Ok("1850679.25"));
        any("1850679", Ok("1850679"));
        any("-32,83", Ok("-32.83"));
        any("1,234", Err("ambiguous_number"));
        any("1.234", Err("ambiguous_number"));
        any("1.234,56", Err("ambiguous_number"));
        any("abc", Err("not_a_number"));
        any("  ", Err("empty_value"));
    }

    #[track_caller]
    fn f(value: f64, expected: &str) {
        assert_eq!(
            decimal_from_f64(value)
                .map(|d| d.to_string())
                .ok()
                .as_deref(),
            Some(expected)
        );
    }

    #[test]
    fn doubles_convert_through_their_shortest_text() {
        f(0.1, "0.1");
        f(1850679.25, "1850679.25");
        f(-32.83, "-32.83");
        f(12345678901234.56, "12345678901234.56");
        f(0.1 + 0.2, "0.30000000000000004");
        f(1e20, "100000000000000000000");
        f(-0.0, "0");
        f(4.0, "4");
        assert!(decimal_from_f64(f64::NAN).is_err());
        assert!(decimal_from_f64(1e300).is_err());
    }

    #[test]
    fn decimals_round_trip_through_doubles_when_they_can() -> Result<(), rust_decimal::Error> {
        for text in [
            "0.1",
            "1850679.25",
            "-32.83",
            "12345678901234.56",
            "0",
            "999999999999999",
        ] {
            let d = Decimal::from_str(text)?;
            assert!(f64_from_decimal(d).1, "{text}");
        }
        assert!(!f64_from_decimal(Decimal::from_str("12345678901234567.891")?).1);
        Ok(())
    }
}
