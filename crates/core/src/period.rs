//! Reporting periods: calendar quarters written `YYYY-Qn` and calendar months written `YYYY-Mmm`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A reporting period: a calendar quarter (`2016-Q1`), the unit of reporting of most
/// institutions, or a calendar month (`2024-M03`), the unit of the institutions that report
/// monthly (BCEAO, Instruction n° 020-12-2010: the SFD of art. 44 of the uniform law).
///
/// Periods are written `YYYY-Qn` or `YYYY-Mmm` everywhere (files, database, URLs). They order
/// chronologically by their last day; a month and the quarter that end on the same day (2024-M03
/// and 2024-Q1) order **the month first**, then the quarter, so that a list of periods shows a
/// quarter after the months it closes. Use [`Period::starts_at_or_after`] and
/// [`Period::ends_at_or_before`] to ask whether a period lies within a span given by other
/// periods (a framework's dates, a registry version): the order alone would put 2024-M01 before
/// 2024-Q1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    kind: Kind,
}

/// Which kind of period, with its number within the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    /// Quarter 1–4.
    Quarter(u8),
    /// Month 1–12.
    Month(u8),
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{text}\" is not a period: write it YYYY-Qn or YYYY-Mmm, for example 2016-Q1 or 2016-M03"
)]
pub struct PeriodError {
    /// The text that was read.
    pub text: String,
}

const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

impl Period {
    /// The quarter `quarter` (1–4) of `year` (1900–9999).
    pub fn new(year: i32, quarter: u8) -> Option<Self> {
        (YEARS.contains(&year) && (1..=4).contains(&quarter)).then_some(Self {
            year,
            kind: Kind::Quarter(quarter),
        })
    }

    /// The month `month` (1–12) of `year` (1900–9999).
    pub fn month_of(year: i32, month: u8) -> Option<Self> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Self {
            year,
            kind: Kind::Month(month),
        })
    }

    /// Reads `YYYY-Qn` or `YYYY-Mmm` (two digits: `2024-M03`); the letter may be lower case;
    /// surrounding blanks are ignored.
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let err = || PeriodError {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let (year, rest) = trimmed.split_once('-').ok_or_else(err)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        let digits = |s: &str, len: usize| -> Result<u8, PeriodError> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            s.parse().map_err(|_| err())
        };
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            Self::new(year, digits(q, 1)?).ok_or_else(err)
        } else if let Some(m) = rest.strip_prefix('M').or_else(|| rest.strip_prefix('m')) {
            Self::month_of(year, digits(m, 2)?).ok_or_else(err)
        } else {
            Err(err())
        }
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The quarter within the year, 1 to 4, of a quarter; `None` for a month (its quarter is
    /// [`Period::quarter_of`]'s).
    pub fn quarter(self) -> Option<u8> {
        match self.kind {
            Kind::Quarter(q) => Some(q),
            Kind::Month(_) => None,
        }
    }

    /// The month within the year, 1 to 12, of a month; `None` for a quarter.
    pub fn month(self) -> Option<u8> {
        match self.kind {
            Kind::Month(m) => Some(m),
            Kind::Quarter(_) => None,
        }
    }

    /// Whether this period is a month.
    pub fn is_month(self) -> bool {
        matches!(self.kind, Kind::Month(_))
    }

    /// Whether this period is a month that closes a quarter (March, June, September, December).
    pub fn is_quarter_end_month(self) -> bool {
        matches!(self.kind, Kind::Month(m) if m % 3 == 0)
    }

    /// The first and last calendar months (1–12) the period covers.
    fn months(self) -> (u32, u32) {
        match self.kind {
            Kind::Quarter(q) => (u32::from(q) * 3 - 2, u32::from(q) * 3),
            Kind::Month(m) => (u32::from(m), u32::from(m)),
        }
    }

    /// First day of the period.
    pub fn start_date(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.months().0, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the period: its reporting date (`as_of`).
    pub fn end_date(self) -> NaiveDate {
        let last = self.months().1;
        let first_after = if last == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, last + 1, 1)
        };
        first_after
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// The period before this one, of the same kind (the quarter before a quarter, the month
    /// before a month).
    pub fn previous(self) -> Self {
        let (kind, year) = match self.kind {
            Kind::Quarter(1) => (Kind::Quarter(4), self.year - 1),
            Kind::Quarter(q) => (Kind::Quarter(q - 1), self.year),
            Kind::Month(1) => (Kind::Month(12), self.year - 1),
            Kind::Month(m) => (Kind::Month(m - 1), self.year),
        };
        Self { year, kind }
    }

    /// The period after this one, of the same kind.
    pub fn next(self) -> Self {
        let (kind, year) = match self.kind {
            Kind::Quarter(4) => (Kind::Quarter(1), self.year + 1),
            Kind::Quarter(q) => (Kind::Quarter(q + 1), self.year),
            Kind::Month(12) => (Kind::Month(1), self.year + 1),
            Kind::Month(m) => (Kind::Month(m + 1), self.year),
        };
        Self { year, kind }
    }

    /// The quarter that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        let quarter = u8::try_from((date.month() - 1) / 3 + 1).unwrap_or(1);
        Self {
            year: date.year(),
            kind: Kind::Quarter(quarter),
        }
    }

    /// The month that contains `date`.
    pub fn month_containing(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            kind: Kind::Month(u8::try_from(date.month()).unwrap_or(1)),
        }
    }

    /// The quarter this period lies in: a month's quarter, a quarter itself.
    pub fn quarter_of(self) -> Self {
        Self::containing(self.start_date())
    }

    /// The month that closes this period's quarter: `2024-M03` for `2024-Q1`, for `2024-M02`
    /// and for `2024-M03`.
    pub fn quarter_end_month(self) -> Self {
        Self::month_containing(self.quarter_of().end_date())
    }

    /// Whether this period starts on or after the first day of `from` (a registry version or a
    /// framework applying from `from` applies to it).
    pub fn starts_at_or_after(self, from: Period) -> bool {
        from.start_date() <= self.start_date()
    }

    /// Whether this period ends on or before the last day of `until`.
    pub fn ends_at_or_before(self, until: Period) -> bool {
        self.end_date() <= until.end_date()
    }
}

impl Ord for Period {
    /// By last day; at the same last day the month comes before its quarter.
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |p: &Period| (p.end_date(), !p.is_month(), p.start_date());
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Quarter(q) => write!(f, "{:04}-Q{q}", self.year),
            Kind::Month(m) => write!(f, "{:04}-M{m:02}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: Option<&str>) {
        let got = Period::parse(text).ok().map(|p| p.to_string());
        assert_eq!(got.as_deref(), expected, "{text}");
    }

    #[test]
    fn parses_quarters_and_months() {
        check("2016-Q1", Some("2016-Q1"));
        check(" 2023-q4 ", Some("2023-Q4"));
        check("2016-Q0", None);
        check("2016-Q5", None);
        check("2016Q1", None);
        check("16-Q1", None);
        check("2016-Q12", None);
        check("", None);
        check("2016-T1", None);
        check("2024-M03", Some("2024-M03"));
        check(" 2024-m12 ", Some("2024-M12"));
        check("2024-M3", None);
        check("2024-M00", None);
        check("2024-M13", None);
        check("2024-M003", None);
        check("2024-M+3", None);
        check("2024-Q+", None);
    }

    #[test]
    fn display_reads_back() -> Result<(), PeriodError> {
        for text in ["1900-Q1", "2016-Q4", "2024-M01", "2024-M10", "9999-M12"] {
            assert_eq!(Period::parse(text)?.to_string(), text);
        }
        Ok(())
    }

    #[test]
    fn dates_and_neighbours() -> Result<(), PeriodError> {
        let p = Period::parse("2016-Q1")?;
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(Some(p.start_date()), d(2016, 1, 1));
        assert_eq!(Some(p.end_date()), d(2016, 3, 31));
        assert_eq!(p.previous().to_string(), "2015-Q4");
        assert_eq!(p.next().to_string(), "2016-Q2");
        assert_eq!(Some(Period::parse("2023-Q4")?.end_date()), d(2023, 12, 31));
        assert_eq!(Some(Period::parse("2023-Q2")?.end_date()), d(2023, 6, 30));
        Ok(())
    }

    #[test]
    fn months_start_and_end() -> Result<(), PeriodError> {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let ends =
            |text: &str| Period::parse(text).map(|p| (Some(p.start_date()), Some(p.end_date())));
        assert_eq!(ends("2024-M02")?, (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(ends("2023-M02")?, (d(2023, 2, 1), d(2023, 2, 28)));
        assert_eq!(ends("2000-M02")?, (d(2000, 2, 1), d(2000, 2, 29)));
        assert_eq!(ends("1900-M02")?, (d(1900, 2, 1), d(1900, 2, 28)));
        assert_eq!(ends("2024-M04")?, (d(2024, 4, 1), d(2024, 4, 30)));
        assert_eq!(ends("2024-M12")?, (d(2024, 12, 1), d(2024, 12, 31)));
        Ok(())
    }

    #[test]
    fn months_neighbours_across_years() -> Result<(), PeriodError> {
        let m = Period::parse("2024-M01")?;
        assert_eq!(m.previous().to_string(), "2023-M12");
        assert_eq!(m.previous().next(), m);
        assert_eq!(Period::parse("2023-M12")?.next().to_string(), "2024-M01");
        assert_eq!(Period::parse("2024-M06")?.next().to_string(), "2024-M07");
        assert_eq!(Period::parse("2024-Q4")?.next().to_string(), "2025-Q1");
        Ok(())
    }

    #[test]
    fn quarters_and_their_months() -> Result<(), PeriodError> {
        let p = |t: &str| Period::parse(t);
        assert_eq!(p("2024-M02")?.quarter_of(), p("2024-Q1")?);
        assert_eq!(p("2024-M03")?.quarter_of(), p("2024-Q1")?);
        assert_eq!(p("2024-M10")?.quarter_of(), p("2024-Q4")?);
        assert_eq!(p("2024-Q2")?.quarter_of(), p("2024-Q2")?);
        assert_eq!(p("2024-Q1")?.quarter_end_month(), p("2024-M03")?);
        assert_eq!(p("2024-Q4")?.quarter_end_month(), p("2024-M12")?);
        assert_eq!(p("2024-M05")?.quarter_end_month(), p("2024-M06")?);
        assert!(p("2024-M06")?.is_quarter_end_month());
        assert!(!p("2024-M05")?.is_quarter_end_month());
        assert!(!p("2024-Q2")?.is_quarter_end_month());
        assert!(p("2024-M05")?.is_month() && !p("2024-Q2")?.is_month());
        assert_eq!(p("2024-M05")?.quarter(), None);
        assert_eq!(p("2024-M05")?.month(), Some(5));
        assert_eq!(p("2024-Q2")?.quarter(), Some(2));
        assert_eq!(p("2024-Q2")?.month(), None);
        assert_eq!(
            NaiveDate::from_ymd_opt(2024, 2, 29).map(Period::month_containing),
            Period::month_of(2024, 2)
        );
        // within a span of quarters, by dates
        assert!(p("2024-M01")?.starts_at_or_after(p("2024-Q1")?));
        assert!(!p("2023-M12")?.starts_at_or_after(p("2024-Q1")?));
        assert!(p("2024-M03")?.ends_at_or_before(p("2024-Q1")?));
        assert!(!p("2024-M04")?.ends_at_or_before(p("2024-Q1")?));
        Ok(())
    }

    #[test]
    fn orders_chronologically() -> Result<(), PeriodError> {
        let a = Period::parse("2015-Q4")?;
        let b = Period::parse("2016-Q1")?;
        assert!(a < b);
        assert_eq!(
            NaiveDate::from_ymd_opt(2016, 5, 17).map(Period::containing),
            Period::new(2016, 2)
        );
        // by last day; the month before the quarter it closes
        let mut all: Vec<Period> = [
            "2024-Q1", "2024-M04", "2024-M03", "2023-M12", "2023-Q4", "2024-M01",
        ]
        .iter()
        .map(|t| Period::parse(t))
        .collect::<Result<_, _>>()?;
        all.sort();
        let texts: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "2023-M12", "2023-Q4", "2024-M01", "2024-M03", "2024-Q1", "2024-M04"
            ]
        );
        assert!(Period::parse("2024-M03")? < Period::parse("2024-Q1")?);
        assert!(Period::parse("2024-M02")? < Period::parse("2024-Q1")?);
        assert!(Period::parse("2024-Q1")? < Period::parse("2024-M04")?);
        Ok(())
    }
}
