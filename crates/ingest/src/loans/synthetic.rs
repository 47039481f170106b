//! A deterministic synthetic loan tape, for benchmarks and demonstrations: a seeded xorshift
//! generator writes `n` plausible loans (about 100 bytes a row) at a quarter-end.

use std::io::{self, Write};

use chrono::{Days, NaiveDate};

use super::COLUMNS;

/// xorshift64* — small, fast, and the same sequence on every machine.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (0 is replaced by a fixed odd constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

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
    let mut r = XorShift::new(seed);
    writeln!(w, "{}", COLUMNS.join(","))?;
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
        let guarantee = if r.chance(100) { outstanding / 2 } else { 0 };
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
        let unpaid = restructured > 0 && r.chance(200);
        let resolved = restructured > 0 && r.chance(500);
        write!(w, ",{unpaid},{resolved},")?;
        if r.chance(10) {
            write!(w, "{}", 1 + r.below(4))?;
        }
        writeln!(w, ",{}", r.chance(5))?;
    }
    Ok(())
}
