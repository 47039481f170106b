//! A deterministic synthetic loan tape, for benchmarks and demonstrations: the seeded generator
//! of synthetic data ([`XorShift64Star`], xorshift64*) writes `n` plausible loans (about 100
//! bytes a row) at a quarter-end.

use std::io::{self, Write};

use chrono::{Days, NaiveDate};

use mizan_core::rng::XorShift64Star;

use super::COLUMNS;

fn cents(w: &mut impl Write, c: u64) -> io::Result<()> {
    write!(w, "{}.{:02}", c / 100, c % 100)
}

fn day(as_of: NaiveDate, back: u64) -> NaiveDate {
    as_of.checked_sub_days(Days::new(back)).unwrap_or(as_of)
}

/// Writes a tape of `n` loans at `as_of` (comma-separated, ISO dates, point decimals), sorted
/// by loan id.
pub fn write_synthetic_tape(
    w: &mut impl Write,
    n: u64,
    seed: u64,
    as_of: NaiveDate,
) -> io::Result<()> {
    write_tape(w, n, seed, as_of, false)
}

/// The same tape with its loan ids in a scrambled order (still unique), as an export that is
/// not sorted by id would be.
pub fn write_synthetic_tape_unsorted(
    w: &mut impl Write,
    n: u64,
    seed: u64,
    as_of: NaiveDate,
) -> io::Result<()> {
    write_tape(w, n, seed, as_of, true)
}

fn write_tape(
    w: &mut impl Write,
    n: u64,
    seed: u64,
    as_of: NaiveDate,
    scrambled: bool,
) -> io::Result<()> {
    // i ↦ i × P mod n is a permutation of 0..n when P is a prime that does not divide n.
    const P: u64 = 1_000_003;
    let step = if n.is_multiple_of(P) { 1 } else { P % n.max(1) };
    let mut r = XorShift64Star::new(seed);
    // Without the optional refinancing column (the last): no synthetic loan refinances another.
    writeln!(w, "{}", COLUMNS[..COLUMNS.len() - 1].join(","))?;
    const KINDS: [&str; 3] = ["woman", "man", "legal_entity"];
    const ZONES: [&str; 5] = ["urban", "periurban", "rural", "mobile", ""];
    for k in 0..n {
        let i = if scrambled { (k * step) % n + 1 } else { k + 1 };
        let kind = match r.below(100) {
            0..=47 => KINDS[0],
            48..=91 => KINDS[1],
            _ => KINDS[2],
        };
        let zone = ZONES[match r.below(100) {
            0..=44 => 0,
            45..=59 => 1,
            60..=89 => 2,
            90..=95 => 3,
            _ => 4,
        }];
        let age = 30 + r.below(1000);
        let principal = 100_000 + r.below(4_900_000); // 1,000.00 – 50,000.00
        let outstanding = principal * (5 + r.below(95)) / 100;
        let arrears = r.below(100);
        // 72 % up to date, then a tail of days past due up to ~600.
        let dpd = match arrears {
            0..=71 => None,
            72..=84 => Some(r.below(31)),
            85..=91 => Some(31 + r.below(60)),
            92..=96 => Some(91 + r.below(90)),
            _ => Some(181 + r.below(420)),
        };
        let accrued = if dpd.is_some() {
            outstanding * r.below(6) / 100
        } else {
            0
        };
        let reserved = if dpd.is_some_and(|d| d > 90) {
            accrued
        } else {
            0
        };
        let guarantee = if r.chance(100, 1000) {
            outstanding / 2
        } else {
            0
        };
        let restructured = match r.below(1000) {
            0..=49 => 1,
            50..=59 => 2,
            60..=62 => 3,
            _ => 0,
        };
        write!(
            w,
            "L{i:07},B{:07},{kind},{zone},{},",
            r.below(900_000),
            day(as_of, age)
        )?;
        cents(w, principal)?;
        w.write_all(b",")?;
        cents(w, outstanding)?;
        w.write_all(b",")?;
        cents(w, accrued)?;
        w.write_all(b",")?;
        cents(w, reserved)?;
        w.write_all(b",")?;
        cents(w, guarantee)?;
        w.write_all(b",")?;
        if let Some(d) = dpd {
            write!(w, "{}", day(as_of, d.min(age)))?;
        }
        write!(w, ",{restructured},")?;
        if restructured > 0 {
            let first_due = day(as_of, r.below(200)).max(day(as_of, age));
            write!(w, "{first_due}")?;
        }
        let unpaid = restructured > 0 && r.chance(200, 1000);
        let resolved = restructured > 0 && r.chance(500, 1000);
        write!(w, ",{unpaid},{resolved},")?;
        if r.chance(10, 1000) {
            write!(w, "{}", 1 + r.below(4))?;
        }
        writeln!(w, ",{}", r.chance(5, 1000))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first loans of the seed-42 tape, pinned: benchmarks and demonstrations rely on the
    /// same tape on every machine (it depends on the sequence of [`XorShift64Star`]).
    #[test]
    fn the_tape_is_pinned() -> Result<(), Box<dyn std::error::Error>> {
        let as_of = NaiveDate::from_ymd_opt(2023, 6, 30).ok_or("date")?;
        let mut out = Vec::new();
        write_synthetic_tape(&mut out, 3, 42, as_of)?;
        let text = String::from_utf8(out)?;
        let loans: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(
            loans,
            [
                "L0000001,B0335117,woman,,2021-02-04,33287.35,17642.29,882.11,0.00,0.00,2023-06-03,0,,false,false,,false",
                "L0000002,B0800742,man,urban,2021-10-12,5319.20,5212.81,0.00,0.00,0.00,,0,,false,false,,false",
                "L0000003,B0755075,woman,urban,2020-09-26,4503.52,4188.27,41.88,0.00,0.00,2023-04-21,0,,false,false,,false",
            ]
        );
        Ok(())
    }
}
