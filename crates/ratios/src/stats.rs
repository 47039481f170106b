//! Order statistics on exact decimals: minimum, quartiles, median, maximum.

use mizan_core::Decimal;
use serde::{Deserialize, Serialize};

/// The spread of the institution values of one cell.
///
/// Quartiles use linear interpolation between order statistics (Hyndman & Fan type 7, the
/// default of R, NumPy and spreadsheet `QUARTILE.INC`): for `n` sorted values
/// `x[0] ≤ … ≤ x[n−1]` and a probability `p`, let `h = (n − 1) · p`; the quantile is
/// `x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋])`. So the median of an even count is the mean
/// of the two middle values, `q1`/`q3` of `[1, 2, 3, 4]` are 1.75 and 3.25, and one value is
/// its own minimum, quartiles and maximum. With `p` a multiple of ¼ every step is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    /// Number of values.
    pub n: usize,
    /// Smallest value.
    pub min: Decimal,
    /// First quartile (p = ¼).
    pub q1: Decimal,
    /// Median (p = ½).
    pub median: Decimal,
    /// Third quartile (p = ¾).
    pub q3: Decimal,
    /// Largest value.
    pub max: Decimal,
}

impl Distribution {
    /// The distribution of `values` (sorted in place); `None` when there are none.
    pub fn of(values: &mut [Decimal]) -> Option<Self> {
        values.sort_unstable();
        let q = |k| quantile(values, k, 4);
        Some(Self {
            n: values.len(),
            min: *values.first()?,
            q1: q(1)?,
            median: q(2)?,
            q3: q(3)?,
            max: *values.last()?,
        })
    }
}

/// The type-7 quantile at `p = numerator / denominator` of `sorted` (ascending) values;
/// `None` when there are no values, `p` is outside `[0, 1]` or the arithmetic overflows.
pub fn quantile(sorted: &[Decimal], numerator: u32, denominator: u32) -> Option<Decimal> {
    if sorted.is_empty() || denominator == 0 || numerator > denominator {
        return None;
    }
    // h = (n − 1) · p = (n − 1) · numerator / denominator, split into ⌊h⌋ and a remainder.
    let scaled = (sorted.len() - 1).checked_mul(numerator as usize)?;
    let den = denominator as usize;
    let (lo, rem) = (scaled / den, scaled % den);
    let low = *sorted.get(lo)?;
    if rem == 0 {
        return Some(low.normalize());
    }
    let high = *sorted.get(lo + 1)?;
    let step = high
        .checked_sub(low)?
        .checked_mul(Decimal::from(rem))?
        .checked_div(Decimal::from(den))?;
    low.checked_add(step).map(|d| d.normalize())
}
