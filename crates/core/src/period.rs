//! Reporting periods: calendar quarters written `YYYY-Qn`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar quarter, the unit of reporting (`2016-Q1`).
///
/// Periods order chronologically and are written `YYYY-Qn` everywhere (files, database, URLs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    quarter: u8,
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a period: write it YYYY-Qn, for example 2016-Q1")]
pub struct PeriodError {
    /// The text that was read.
    pub text: String,
}

impl Period {
    /// The quarter `quarter` (1–4) of `year` (1900–9999).
    pub fn new(year: i32, quarter: u8) -> Option<Self> {
        ((1900..=9999).contains(&year) && (1..=4).contains(&quarter))
            .then_some(Self { year, quarter })
    }

    /// Reads `YYYY-Qn` (the `Q` may be lower case; surrounding blanks are ignored).
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let err = || PeriodError {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let (year, quarter) = trimmed.split_once('-').ok_or_else(err)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let quarter = quarter
            .strip_prefix('Q')
            .or_else(|| quarter.strip_prefix('q'))
            .ok_or_else(err)?;
        if quarter.len() != 1 {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        let quarter: u8 = quarter.parse().map_err(|_| err())?;
        Self::new(year, quarter).ok_or_else(err)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The quarter within the year, 1 to 4.
    pub fn quarter(self) -> u8 {
        self.quarter
    }

    /// First day of the quarter.
    pub fn start_date(self) -> NaiveDate {
        let month = u32::from(self.quarter) * 3 - 2;
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the quarter: the reporting date (`as_of`) of the period.
    pub fn end_date(self) -> NaiveDate {
        self.next()
            .start_date()
            .pred_opt()
            .unwrap_or(NaiveDate::MAX)
    }

    /// The quarter before this one.
    pub fn previous(self) -> Self {
        if self.quarter == 1 {
            Self {
                year: self.year - 1,
                quarter: 4,
            }
        } else {
            Self {
                year: self.year,
                quarter: self.quarter - 1,
            }
        }
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        if self.quarter == 4 {
            Self {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Self {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// The quarter that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        use chrono::Datelike;
        let quarter = u8::try_from((date.month() - 1) / 3 + 1).unwrap_or(1);
        Self {
            year: date.year(),
            quarter,
        }
    }

    /// A dense index (`year × 4 + quarter − 1`), handy for sorting and for series.
    pub fn index(self) -> i32 {
        self.year * 4 + i32::from(self.quarter) - 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.quarter)
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
    fn check(text: &str, expected: Option<(i32, u8)>) {
        let got = Period::parse(text).ok().map(|p| (p.year(), p.quarter()));
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn parses_quarters() {
        check("2016-Q1", Some((2016, 1)));
        check(" 2023-q4 ", Some((2023, 4)));
        check("2016-Q0", None);
        check("2016-Q5", None);
        check("2016Q1", None);
        check("16-Q1", None);
        check("2016-Q12", None);
        check("", None);
        check("2016-T1", None);
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
    fn orders_chronologically() -> Result<(), PeriodError> {
        let a = Period::parse("2015-Q4")?;
        let b = Period::parse("2016-Q1")?;
        assert!(a < b);
        assert_eq!(b.index() - a.index(), 1);
        assert_eq!(
            NaiveDate::from_ymd_opt(2016, 5, 17).map(Period::containing),
            Period::new(2016, 2)
        );
        Ok(())
    }
}
