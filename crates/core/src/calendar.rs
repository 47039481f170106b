//! Working-day calendars and collection deadlines ("30 jours ouvrables à partir de la fin du
//! trimestre").
//!
//! A calendar is configuration (`config/calendars/<country>.toml`): weekend days, fixed-date
//! holidays, holidays at a fixed offset from Easter, and dated holidays (Islamic holidays are
//! set each year by decree: their dates are listed explicitly and must be kept up to date).

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

use crate::period::Period;

/// A country's working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Identifier (`ci`, `ma`).
    pub id: String,
    /// Name.
    pub name: String,
    weekend: Vec<Weekday>,
    fixed: Vec<(u32, u32)>,
    easter_offsets: Vec<i64>,
    dates: BTreeSet<NaiveDate>,
    /// First and last years the dated holidays cover.
    pub covered_years: Option<(i32, i32)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    id: String,
    name: String,
    #[serde(default = "default_weekend")]
    weekend: Vec<String>,
    #[serde(default)]
    fixed: Vec<String>,
    #[serde(default)]
    easter_offsets: Vec<i64>,
    #[serde(default)]
    dates: Vec<NaiveDate>,
}

fn default_weekend() -> Vec<String> {
    vec!["sat".into(), "sun".into()]
}

/// A calendar file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct CalendarError {
    /// The file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Calendar {
    /// Reads a calendar from TOML; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &str) -> Result<Self, CalendarError> {
        let err = |message: String| CalendarError {
            path: path.to_owned(),
            message,
        };
        let raw: RawCalendar = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let weekend = raw
            .weekend
            .iter()
            .map(|d| {
                d.parse::<Weekday>()
                    .map_err(|_| err(format!("\"{d}\" is not a weekday")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let fixed = raw
            .fixed
            .iter()
            .map(|md| {
                let bad = || err(format!("fixed holiday \"{md}\" must be MM-DD"));
                let (m, d) = md.split_once('-').ok_or_else(bad)?;
                let (m, d): (u32, u32) =
                    (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
                NaiveDate::from_ymd_opt(2000, m, d).ok_or_else(bad)?;
                Ok((m, d))
            })
            .collect::<Result<Vec<_>, CalendarError>>()?;
        let dates: BTreeSet<NaiveDate> = raw.dates.into_iter().collect();
        let covered_years = dates
            .first()
            .zip(dates.last())
            .map(|(a, b)| (a.year(), b.year()));
        Ok(Self {
            id: raw.id,
            name: raw.name,
            weekend,
            fixed,
            easter_offsets: raw.easter_offsets,
            dates,
            covered_years,
        })
    }

    /// A calendar with weekends only (when no calendar is configured).
    pub fn weekends_only() -> Self {
        Self {
            id: "weekends".into(),
            name: "Weekends only".into(),
            weekend: vec![Weekday::Sat, Weekday::Sun],
            fixed: vec![],
            easter_offsets: vec![],
            dates: BTreeSet::new(),
            covered_years: None,
        }
    }

    /// Whether `date` is a holiday (not counting weekends).
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        if self.dates.contains(&date) || self.fixed.contains(&(date.month(), date.day())) {
            return true;
        }
        let easter = easter_sunday(date.year());
        self.easter_offsets.iter().any(|off| {
            easter
                .and_then(|e| {
                    if *off >= 0 {
                        e.checked_add_days(Days::new(off.unsigned_abs()))
                    } else {
                        e.checked_sub_days(Days::new(off.unsigned_abs()))
                    }
                })
                .is_some_and(|d| d == date)
        })
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.weekend.contains(&date.weekday()) && !self.is_holiday(date)
    }

    /// The `n`-th working day after `date` (`date` itself not counted).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to ≤ from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.succ_opt().unwrap_or(to);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }

    /// The deadline of a period: `working_days` working days after the quarter's last day.
    pub fn deadline(&self, period: Period, working_days: u32) -> NaiveDate {
        self.add_working_days(period.end_date(), working_days)
    }

    /// How late `date` is after `deadline`, counted as the framework's `rule` counts its
    /// deadline: working days of this calendar, or calendar days (0 when not after it).
    pub fn lateness(
        &self,
        rule: crate::framework::Deadline,
        deadline: NaiveDate,
        date: NaiveDate,
    ) -> Lateness {
        match rule {
            crate::framework::Deadline::WorkingDays(_) => Lateness {
                days: self.working_days_between(deadline, date),
                working_days: true,
            },
            crate::framework::Deadline::Days(_) => Lateness {
                days: u32::try_from((date - deadline).num_days().max(0)).unwrap_or(u32::MAX),
                working_days: false,
            },
        }
    }

    /// The deadline of `period` under a framework's rule: working days of this calendar, or
    /// calendar days from the period's last day.
    pub fn deadline_of(&self, period: Period, rule: crate::framework::Deadline) -> NaiveDate {
        match rule {
            crate::framework::Deadline::WorkingDays(n) => self.deadline(period, n),
            crate::framework::Deadline::Days(n) => {
                let end = period.end_date();
                end.checked_add_days(Days::new(u64::from(n))).unwrap_or(end)
            }
        }
    }
}

/// How late a return is, in the unit of its framework's deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lateness {
    /// Days after the deadline (0: not late).
    pub days: u32,
    /// Whether they are working days of the framework's calendar (else calendar days).
    pub working_days: bool,
}

impl Lateness {
    /// Whether it is late at all.
    pub fn is_late(&self) -> bool {
        self.days > 0
    }
}

/// Easter Sunday of `year` (Gregorian; anonymous algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2016), d(2016, 3, 27));
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
    }

    #[test]
    fn deadlines_skip_weekends_and_holidays() -> Result<(), Box<dyn std::error::Error>> {
        let cal = Calendar::from_toml(
            "id = \"t\"\nname = \"T\"\nfixed = [\"05-01\"]\neaster_offsets = [1]\ndates = [\"2016-05-05\"]",
            "t.toml",
        )?;
        let q1 = Period::parse("2016-Q1")?;
        // 2016-03-31 is a Thursday; Easter Monday (28 March) is before it.
        // April 2016 has 21 weekdays; then 2 May (1 May is a Sunday), 3, 4, (5 is a holiday), 6, 9, 10.
        let expected = d(2016, 5, 13);
        assert_eq!(Some(cal.deadline(q1, 30)), expected);
        let plain = Calendar::weekends_only();
        assert_eq!(Some(plain.deadline(q1, 30)), d(2016, 5, 12));
        assert!(!cal.is_working_day(d(2016, 3, 28).ok_or("date")?));
        assert_eq!(
            cal.working_days_between(q1.end_date(), cal.deadline(q1, 30)),
            30
        );
        Ok(())
    }

    #[test]
    fn calendar_day_deadlines_of_months() -> Result<(), Box<dyn std::error::Error>> {
        // bceao-sfd: 30 calendar days after the period's last day, weekends included.
        let rule = crate::framework::Deadline::Days(30);
        let cal = Calendar::weekends_only();
        let at = |p: &str| Period::parse(p).map(|p| cal.deadline_of(p, rule));
        // 31 March + 30 days = 30 April; the quarter that ends the same day has the same.
        assert_eq!(Some(at("2024-M03")?), d(2024, 4, 30));
        assert_eq!(Some(at("2024-Q1")?), d(2024, 4, 30));
        // 29 February 2024 (leap year) + 30 days = 30 March; 28 February 2023 → 30 March.
        assert_eq!(Some(at("2024-M02")?), d(2024, 3, 30));
        assert_eq!(Some(at("2023-M02")?), d(2023, 3, 30));
        // 31 December 2024 + 30 days = 30 January 2025.
        assert_eq!(Some(at("2024-M12")?), d(2025, 1, 30));
        Ok(())
    }

    #[test]
    fn bad_calendars_are_refused() {
        assert!(Calendar::from_toml("id = \"t\"\nname = \"T\"\nfixed = [\"13-01\"]", "t").is_err());
        assert!(
            Calendar::from_toml("id = \"t\"\nname = \"T\"\nweekend = [\"someday\"]", "t").is_err()
        );
        assert!(Calendar::from_toml("id = \"t\"\nname = \"T\"\nextra = 1", "t").is_err());
    }
}
