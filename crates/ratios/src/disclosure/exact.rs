//! Exact rational numbers and a small exact simplex: the attacker's problem of disclosure
//! control, solved without rounding.
//!
//! The systems are small (a few dozen variables once institutions that appear in exactly the
//! same published cells are merged), the coefficients are 0 and ±1, and the right-hand sides are
//! exact decimals of up to 28 significant digits: big-integer fractions keep every pivot exact,
//! so a bound is a proof, not an estimate.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

use mizan_core::Decimal;
use num_bigint::BigInt;
use num_rational::BigRational;

use super::rational::Q;
use num_traits::ToPrimitive;

/// An exact rational number (a big-integer fraction), for bounds that must not be rounded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(Q);

impl Exact {
    /// Zero.
    pub fn zero() -> Self {
        Self(Q::zero())
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// The absolute value.
    pub fn abs(&self) -> Self {
        Self(self.0.abs())
    }

    /// `self × percent ÷ 100`.
    pub fn percent(&self, percent: Decimal) -> Self {
        Self(&(&self.0 * &Self::from(percent).0) / &Q::from_integer(100))
    }

    /// The nearest decimal at up to 12 decimals (truncated toward zero), for display and
    /// reports; `None` when it does not fit a decimal.
    pub fn to_decimal(&self) -> Option<Decimal> {
        for scale in (0..=12u32).rev() {
            let factor = BigInt::from(10u8).pow(scale);
            let (numer, denom) = self.0.parts();
            let scaled = (numer * &factor) / denom;
            if let Some(m) = scaled.to_i128()
                && let Ok(d) = Decimal::try_from_i128_with_scale(m, scale)
            {
                return Some(d.normalize());
            }
        }
        None
    }
}

/// Powers of ten up to 10²⁸, the finest scale of a decimal.
fn power_of_ten(exp: u32) -> BigInt {
    static POWERS: std::sync::OnceLock<Vec<BigInt>> = std::sync::OnceLock::new();
    let powers = POWERS.get_or_init(|| (0..=28u32).map(|e| BigInt::from(10u8).pow(e)).collect());
    powers
        .get(exp as usize)
        .cloned()
        .unwrap_or_else(|| BigInt::from(10u8).pow(exp))
}

/// 10²⁸, the denominator of [`scaled`] numbers.
const TEN_TO_28: i128 = 10i128.pow(28);

/// A decimal as an integer number of 10⁻²⁸ (exact: a decimal has at most 28 decimals).
pub(super) fn scaled(d: Decimal) -> BigInt {
    BigInt::from(d.mantissa()) * power_of_ten(28 - d.scale().min(28))
}

impl Exact {
    /// An integer number of 10⁻²⁸ as an exact number.
    pub(super) fn from_scaled(n: BigInt) -> Self {
        match n.to_i128() {
            Some(n) => Self(Q::ratio(n, TEN_TO_28)),
            None => Self(Q::from_big(BigRational::new(n, power_of_ten(28)))),
        }
    }

    /// The exact sum of decimals (one common scale, one fraction at the end: much faster
    /// than adding fractions one by one). Summed in `i128` at the largest scale met so far
    /// while it fits, in big integers at 10⁻²⁸ from the first value that would overflow.
    pub fn sum_decimals<I: IntoIterator<Item = Decimal>>(values: I) -> Self {
        let mut small = Some((0i128, 0u32));
        let mut big = BigInt::default();
        for d in values {
            if let Some((sum, scale)) = small {
                let (m, s) = (d.mantissa(), d.scale());
                let next = if s <= scale {
                    10i128
                        .checked_pow(scale - s)
                        .and_then(|f| m.checked_mul(f))
                        .and_then(|m| sum.checked_add(m))
                        .map(|v| (v, scale))
                } else {
                    10i128
                        .checked_pow(s - scale)
                        .and_then(|f| sum.checked_mul(f))
                        .and_then(|v| v.checked_add(m))
                        .map(|v| (v, s))
                };
                if next.is_some() {
                    small = next;
                    continue;
                }
                big = BigInt::from(sum) * power_of_ten(28 - scale.min(28));
                small = None;
            }
            big += scaled(d);
        }
        match small {
            Some((sum, scale)) => Self(Q::ratio(sum, 10i128.pow(scale))),
            None => Self::from_scaled(big),
        }
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Self {
        // A mantissa below 2⁹⁶ over at most 10²⁸: both fit i128.
        Self(Q::ratio(d.mantissa(), 10i128.pow(d.scale())))
    }
}

impl From<i64> for Exact {
    fn from(v: i64) -> Self {
        Self(Q::from_integer(v))
    }
}

impl Add for Exact {
    type Output = Exact;
    fn add(self, rhs: Exact) -> Exact {
        Exact(self.0 + rhs.0)
    }
}

impl Add<&Exact> for &Exact {
    type Output = Exact;
    fn add(self, rhs: &Exact) -> Exact {
        Exact(&self.0 + &rhs.0)
    }
}

impl Sub for Exact {
    type Output = Exact;
    fn sub(self, rhs: Exact) -> Exact {
        Exact(self.0 - rhs.0)
    }
}

impl Sub<&Exact> for &Exact {
    type Output = Exact;
    fn sub(self, rhs: &Exact) -> Exact {
        Exact(&self.0 - &rhs.0)
    }
}

impl Mul for Exact {
    type Output = Exact;
    fn mul(self, rhs: Exact) -> Exact {
        Exact(self.0 * rhs.0)
    }
}

impl Neg for Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        Exact(-self.0)
    }
}

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_decimal() {
            Some(d) => write!(f, "{d}"),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A system of linear equations over variables that are free or non-negative:
/// what an attacker knows (published sums, relations, signs).
#[derive(Debug, Clone, Default)]
pub struct LinearSystem {
    nonneg: Vec<bool>,
    equations: Vec<(Vec<(usize, Exact)>, Exact)>,
}

/// The system has no solution: the published figures contradict the stated relations
/// (a programming error or inconsistent data, never an attacker's success).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the linear system has no solution")]
pub struct Infeasible;

/// The smallest and largest values of an objective over every solution of a system;
/// `None` on a side where it is unbounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The smallest value (`None`: no lower bound).
    pub min: Option<Exact>,
    /// The largest value (`None`: no upper bound).
    pub max: Option<Exact>,
}

impl LinearSystem {
    /// An empty system.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a variable, non-negative or free; returns its index.
    pub fn variable(&mut self, nonneg: bool) -> usize {
        self.nonneg.push(nonneg);
        self.nonneg.len() - 1
    }

    /// The number of variables.
    pub fn variables(&self) -> usize {
        self.nonneg.len()
    }

    /// The number of equations.
    pub fn equations(&self) -> usize {
        self.equations.len()
    }

    /// Adds the equation `Σ coefficient × variable = rhs` (terms on one variable are added up).
    pub fn equation(&mut self, terms: &[(usize, Exact)], rhs: Exact) {
        let mut merged: Vec<(usize, Exact)> = Vec::with_capacity(terms.len());
        for (v, c) in terms {
            match merged.iter_mut().find(|(w, _)| w == v) {
                Some((_, acc)) => *acc = &*acc + c,
                None => merged.push((*v, c.clone())),
            }
        }
        merged.retain(|(_, c)| !c.is_zero());
        self.equations.push((merged, rhs));
    }

    /// Adds the constraint `lower ≤ Σ coefficient × variable ≤ upper` (`None`: no bound on that
    /// side), with non-negative slack variables: what a figure published rounded tells the
    /// attacker (the shown value ± half a unit of its last decimal).
    pub fn interval(
        &mut self,
        terms: &[(usize, Exact)],
        lower: Option<Exact>,
        upper: Option<Exact>,
    ) {
        match (lower, upper) {
            (Some(lo), Some(hi)) if lo == hi => self.equation(terms, lo),
            (Some(lo), upper) => {
                // Σ − s = lo, and s + t = hi − lo.
                let s = self.variable(true);
                let mut with_s = terms.to_vec();
                with_s.push((s, Exact::from(-1)));
                if let Some(hi) = upper {
                    let t = self.variable(true);
                    self.equation(&[(s, Exact::from(1)), (t, Exact::from(1))], &hi - &lo);
                }
                self.equation(&with_s, lo);
            }
            (None, Some(hi)) => {
                let t = self.variable(true);
                let mut with_t = terms.to_vec();
                with_t.push((t, Exact::from(1)));
                self.equation(&with_t, hi);
            }
            (None, None) => {}
        }
    }

    /// The range of `Σ coefficient × variable` over every solution.
    pub fn range(&self, objective: &[(usize, Exact)]) -> Result<Range, Infeasible> {
        let feasible = Tableau::feasible(self)?;
        let min = feasible.optimize(self, objective, false);
        let max = feasible.optimize(self, objective, true);
        Ok(Range { min, max })
    }

    /// Finds a solution once (phase 1), so that many objectives can then be bounded from it.
    pub fn prepare(&self) -> Result<Prepared<'_>, Infeasible> {
        Ok(Prepared {
            system: self,
            tableau: Tableau::feasible(self)?,
        })
    }
}

/// A system with a solution found, ready to bound objectives.
#[derive(Debug, Clone)]
pub struct Prepared<'s> {
    system: &'s LinearSystem,
    tableau: Tableau,
}

impl Prepared<'_> {
    /// The range of an objective.
    pub fn range(&self, objective: &[(usize, Exact)]) -> Range {
        Range {
            min: self.min(objective),
            max: self.max(objective),
        }
    }

    /// The smallest value of an objective (`None`: unbounded below).
    pub fn min(&self, objective: &[(usize, Exact)]) -> Option<Exact> {
        self.tableau.optimize(self.system, objective, false)
    }

    /// The largest value of an objective (`None`: unbounded above).
    pub fn max(&self, objective: &[(usize, Exact)]) -> Option<Exact> {
        self.tableau.optimize(self.system, objective, true)
    }
}

/// One row of a tableau: its non-zero coefficients by column (in column order) and its
/// right-hand side. The systems are sparse (each equation names a few unknowns, coefficients
/// 0 and ±1), so a row holds only what is not zero: copying a tableau, pivoting and pricing
/// cost what the non-zero entries cost, not rows × columns fractions.
#[derive(Debug, Clone, Default)]
struct Row {
    entries: Vec<(usize, Q)>,
    rhs: Q,
}

impl Row {
    /// The coefficient in column `c`, when not zero.
    fn get(&self, c: usize) -> Option<&Q> {
        self.entries
            .binary_search_by_key(&c, |(j, _)| *j)
            .ok()
            .and_then(|k| self.entries.get(k))
            .map(|(_, v)| v)
    }

    /// `self − f × pivot` (zeros dropped).
    fn subtract(&mut self, f: &Q, pivot: &Row) {
        let mut out = Vec::with_capacity(self.entries.len() + pivot.entries.len());
        let mut mine = std::mem::take(&mut self.entries).into_iter().peekable();
        for (j, p) in &pivot.entries {
            while let Some((k, v)) = mine.next_if(|(k, _)| k < j) {
                out.push((k, v));
            }
            // Coefficients are mostly ±1: no product then.
            let x = match (mine.next_if(|(k, _)| k == j), f.is_one()) {
                (Some((_, v)), true) => v - p,
                (Some((_, v)), false) => v - f * p,
                (None, true) => -p.clone(),
                (None, false) => -(f * p),
            };
            if !x.is_zero() {
                out.push((*j, x));
            }
        }
        out.extend(mine);
        self.entries = out;
        self.rhs = if f.is_one() {
            &self.rhs - &pivot.rhs
        } else {
            &self.rhs - f * &pivot.rhs
        };
    }
}

/// What one iteration of the simplex finds.
enum Step {
    /// No entering column: the optimum of the cost.
    Optimal(Q),
    /// An entering column without a leaving row: unbounded below.
    Unbounded,
    /// Pivot on (row, column).
    Pivot(usize, usize),
}

/// A simplex tableau in standard form: every column non-negative (a free variable is split
/// into x⁺ − x⁻), one row per equation, stored sparse. Bland's rule (smallest entering index,
/// smallest leaving basis index) rules out cycling.
#[derive(Debug, Clone)]
struct Tableau {
    rows: Vec<Row>,
    basis: Vec<usize>,
    /// Whether each column is in the basis.
    in_basis: Vec<bool>,
    /// Column of each variable's x⁺ (and x⁺ + 1 is x⁻ for free variables).
    columns: Vec<usize>,
    width: usize,
}

/// A cost vector, sparse: (column, coefficient) in column order, no zeros.
type Cost = Vec<(usize, Q)>;

fn sparse(map: BTreeMap<usize, Q>) -> Cost {
    map.into_iter().filter(|(_, v)| !v.is_zero()).collect()
}

impl Tableau {
    /// A tableau with a feasible basis of the system (phase 1), artificial columns removed.
    fn feasible(system: &LinearSystem) -> Result<Self, Infeasible> {
        let mut columns = Vec::with_capacity(system.nonneg.len());
        let mut width = 0;
        for &nonneg in &system.nonneg {
            columns.push(width);
            width += if nonneg { 1 } else { 2 };
        }
        let m = system.equations.len();
        let total = width + m;
        let mut rows = Vec::with_capacity(m);
        for (i, (terms, rhs)) in system.equations.iter().enumerate() {
            let mut entries: BTreeMap<usize, Q> = BTreeMap::new();
            for (v, c) in terms {
                let col = columns[*v];
                let e = entries.entry(col).or_insert_with(Q::zero);
                *e = &*e + &c.0;
                if !system.nonneg[*v] {
                    let e = entries.entry(col + 1).or_insert_with(Q::zero);
                    *e = &*e - &c.0;
                }
            }
            let mut row = Row {
                entries: sparse(entries),
                rhs: rhs.0.clone(),
            };
            if row.rhs.is_negative() {
                for (_, x) in &mut row.entries {
                    *x = -&*x;
                }
                row.rhs = -&row.rhs;
            }
            row.entries.push((width + i, Q::one()));
            rows.push(row);
        }
        let mut in_basis = vec![false; total];
        for b in in_basis.iter_mut().skip(width) {
            *b = true;
        }
        let mut t = Tableau {
            rows,
            basis: (width..width + m).collect(),
            in_basis,
            columns,
            width: total,
        };
        // Phase 1: minimise the sum of the artificial variables.
        let cost: Cost = (width..total).map(|c| (c, Q::one())).collect();
        let z = t.run(&cost, total);
        if z.is_some_and(|z| z.is_positive()) {
            return Err(Infeasible);
        }
        // Drive the artificial variables out of the basis; a row where that is impossible is
        // a redundant equation and is dropped.
        let mut i = 0;
        while i < t.rows.len() {
            if t.basis[i] >= width {
                match t.rows[i].entries.iter().find(|(j, _)| *j < width) {
                    Some(&(j, _)) => t.pivot(i, j),
                    None => {
                        t.rows.remove(i);
                        let b = t.basis.remove(i);
                        t.in_basis[b] = false;
                        continue;
                    }
                }
            }
            i += 1;
        }
        for row in &mut t.rows {
            row.entries.retain(|(j, _)| *j < width);
        }
        t.in_basis.truncate(width);
        t.width = width;
        Ok(t)
    }

    fn pivot(&mut self, r: usize, c: usize) {
        let Some(p) = self.rows[r].get(c).cloned() else {
            return;
        };
        let pivot_row = {
            let row = &mut self.rows[r];
            if !p.is_one() {
                for (_, x) in &mut row.entries {
                    *x = &*x / &p;
                }
                row.rhs = &row.rhs / &p;
            }
            std::mem::take(row)
        };
        for row in &mut self.rows {
            if let Some(f) = row.get(c).cloned() {
                row.subtract(&f, &pivot_row);
            }
        }
        self.rows[r] = pivot_row;
        if let Some(old) = self.basis.get(r).copied() {
            self.in_basis[old] = false;
        }
        self.basis[r] = c;
        self.in_basis[c] = true;
    }

    /// The cost of the basic variable of each row (zero ones skipped).
    fn basic_costs<'c>(&self, cost: &'c Cost) -> Vec<(usize, &'c Q)> {
        self.basis
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                cost.binary_search_by_key(b, |(j, _)| *j)
                    .ok()
                    .and_then(|k| cost.get(k))
                    .map(|(_, c)| (i, c))
            })
            .collect()
    }

    /// One iteration: the entering column by Bland's rule (the first negative reduced cost
    /// d_j = c_j − Σ_i c_{basis i} a_ij among the first `allowed` columns) and its leaving row.
    fn step(&self, cost: &Cost, allowed: usize) -> Step {
        let basic = self.basic_costs(cost);
        let mut reduced: BTreeMap<usize, Q> =
            cost.iter().filter(|(j, _)| *j < allowed).cloned().collect();
        for (i, cb) in &basic {
            for (j, a) in &self.rows[*i].entries {
                if *j < allowed {
                    let d = reduced.entry(*j).or_insert_with(Q::zero);
                    if cb.is_one() {
                        *d -= a;
                    } else {
                        *d -= *cb * a;
                    }
                }
            }
        }
        let entering = reduced
            .iter()
            .find(|(j, d)| !self.in_basis.get(**j).copied().unwrap_or(false) && d.is_negative())
            .map(|(j, _)| *j);
        let Some(j) = entering else {
            let mut z = Q::zero();
            for (i, cb) in &basic {
                z += *cb * &self.rows[*i].rhs;
            }
            return Step::Optimal(z);
        };
        let mut leave: Option<(usize, Q)> = None;
        for (i, row) in self.rows.iter().enumerate() {
            let Some(a) = row.get(j) else { continue };
            if a.is_positive() {
                let ratio = if a.is_one() {
                    row.rhs.clone()
                } else {
                    &row.rhs / a
                };
                let better = match &leave {
                    None => true,
                    Some((k, best)) => match ratio.cmp(best) {
                        Ordering::Less => true,
                        Ordering::Equal => self.basis[i] < self.basis[*k],
                        Ordering::Greater => false,
                    },
                };
                if better {
                    leave = Some((i, ratio));
                }
            }
        }
        match leave {
            Some((i, _)) => Step::Pivot(i, j),
            None => Step::Unbounded,
        }
    }

    /// Minimises `cost · x` over the first `allowed` columns; the optimum, or `None` when it
    /// is unbounded below.
    fn run(&mut self, cost: &Cost, allowed: usize) -> Option<Q> {
        loop {
            match self.step(cost, allowed) {
                Step::Optimal(z) => return Some(z),
                Step::Unbounded => return None,
                Step::Pivot(i, j) => self.pivot(i, j),
            }
        }
    }

    /// The optimum of the objective (maximised or minimised) from this feasible basis; the
    /// tableau is copied only when the basis is not already optimal.
    fn optimize(
        &self,
        system: &LinearSystem,
        objective: &[(usize, Exact)],
        maximize: bool,
    ) -> Option<Exact> {
        let mut cost: BTreeMap<usize, Q> = BTreeMap::new();
        for (v, c) in objective {
            let c = if maximize { -c.0.clone() } else { c.0.clone() };
            let col = self.columns[*v];
            let e = cost.entry(col).or_insert_with(Q::zero);
            *e = &*e + &c;
            if !system.nonneg[*v] {
                let e = cost.entry(col + 1).or_insert_with(Q::zero);
                *e = &*e - &c;
            }
        }
        let cost = sparse(cost);
        let width = self.width;
        let z = match self.step(&cost, width) {
            Step::Optimal(z) => z,
            Step::Unbounded => return None,
            Step::Pivot(i, j) => {
                let mut t = self.clone();
                t.pivot(i, j);
                t.run(&cost, width)?
            }
        };
        Some(Exact(if maximize { -z } else { z }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mizan_core::rng::XorShift64Star;
    use num_traits::{One, Signed, Zero};

    fn e(v: i64) -> Exact {
        Exact::from(v)
    }

    #[test]
    fn bounds_of_a_group_from_a_sector_and_signs() -> Result<(), Infeasible> {
        // a + b = 10, b + c = 4, all ≥ 0: a ∈ [6, 10], b ∈ [0, 4].
        let mut s = LinearSystem::new();
        let (a, b, c) = (s.variable(true), s.variable(true), s.variable(true));
        s.equation(&[(a, e(1)), (b, e(1))], e(10));
        s.equation(&[(b, e(1)), (c, e(1))], e(4));
        let r = s.range(&[(a, e(1))])?;
        assert_eq!((r.min, r.max), (Some(e(6)), Some(e(10))));
        let r = s.range(&[(b, e(1))])?;
        assert_eq!((r.min, r.max), (Some(e(0)), Some(e(4))));
        // A free variable is unbounded on both sides.
        let d = s.variable(false);
        s.equation(&[(d, e(1)), (a, e(-1))], e(0));
        let r = s.range(&[(d, e(1)), (c, e(1))])?;
        assert_eq!((r.min, r.max), (Some(e(6)), Some(e(14))));
        let f = s.variable(false);
        let g = s.variable(false);
        s.equation(&[(f, e(1)), (g, e(1))], e(3));
        assert_eq!(
            s.range(&[(f, e(1))])?,
            Range {
                min: None,
                max: None
            }
        );
        assert_eq!(s.range(&[(f, e(2)), (g, e(2))])?.max, Some(e(6)));
        Ok(())
    }

    #[test]
    fn infeasible_and_redundant_systems() {
        let mut s = LinearSystem::new();
        let a = s.variable(true);
        s.equation(&[(a, e(1))], e(-1));
        assert_eq!(s.range(&[(a, e(1))]), Err(Infeasible));
        let mut s = LinearSystem::new();
        let (a, b) = (s.variable(true), s.variable(true));
        s.equation(&[(a, e(1)), (b, e(1))], e(5));
        s.equation(&[(a, e(2)), (b, e(2))], e(10));
        assert_eq!(
            s.range(&[(a, e(1))]).map(|r| (r.min, r.max)),
            Ok((Some(e(0)), Some(e(5))))
        );
    }

    #[test]
    fn sums_of_decimals_are_exact_past_the_machine_integers() {
        // Scales 0 to 28 mixed, sums far beyond i128 at 10⁻²⁸: the same as big integers.
        let mut rng = XorShift64Star::new(11);
        for _ in 0..2_000 {
            let n = rng.below(40) as usize;
            let values: Vec<Decimal> = (0..n)
                .map(|_| {
                    let scale = rng.below(29) as u32;
                    let m = i128::from(rng.next_u64() as i64) * i128::from(rng.below(1 << 30));
                    Decimal::from_i128_with_scale(m % 79_228_162_514_264_337_593_543_950_335, scale)
                })
                .collect();
            let want = Exact(Q::from_big(BigRational::new(
                values.iter().map(|d| scaled(*d)).sum(),
                power_of_ten(28),
            )));
            assert_eq!(
                Exact::sum_decimals(values.iter().copied()),
                want,
                "{values:?}"
            );
        }
    }

    #[test]
    fn decimals_are_exact() {
        let third = Exact::from(Decimal::ONE).percent(Decimal::from(100));
        assert_eq!(third, e(1));
        let d = Decimal::from_i128_with_scale(4_411_234_567_890_123_456_789_012_345, 27);
        assert_eq!(
            Exact::from(d).to_decimal(),
            Some(Decimal::new(4411234567890, 12))
        );
        assert_eq!(
            Exact::from(Decimal::new(-15, 1)).to_decimal(),
            Some(Decimal::new(-15, 1))
        );
    }

    // The simplex as it was before its tableau was stored sparse (dense rows of fractions, the
    // right-hand side last), kept as the reference the sparse tableau must agree with.
    #[derive(Debug, Clone)]
    struct DenseTableau {
        rows: Vec<Vec<BigRational>>,
        basis: Vec<usize>,
        /// Column of each variable's x⁺ (and x⁺ + 1 is x⁻ for free variables).
        columns: Vec<usize>,
        width: usize,
    }

    impl DenseTableau {
        /// A tableau with a feasible basis of the system (phase 1), artificial columns removed.
        fn feasible(system: &LinearSystem) -> Result<Self, Infeasible> {
            let mut columns = Vec::with_capacity(system.nonneg.len());
            let mut width = 0;
            for &nonneg in &system.nonneg {
                columns.push(width);
                width += if nonneg { 1 } else { 2 };
            }
            let m = system.equations.len();
            let total = width + m;
            let mut rows = Vec::with_capacity(m);
            for (i, (terms, rhs)) in system.equations.iter().enumerate() {
                let mut row = vec![BigRational::zero(); total + 1];
                for (v, c) in terms {
                    let col = columns[*v];
                    row[col] = &row[col] + c.0.to_big();
                    if !system.nonneg[*v] {
                        row[col + 1] = &row[col + 1] - c.0.to_big();
                    }
                }
                row[total] = rhs.0.to_big();
                if row[total].is_negative() {
                    for x in row.iter_mut() {
                        *x = -&*x;
                    }
                }
                row[width + i] = BigRational::one();
                rows.push(row);
            }
            let mut t = DenseTableau {
                rows,
                basis: (width..width + m).collect(),
                columns,
                width: total,
            };
            // Phase 1: minimise the sum of the artificial variables.
            let mut cost = vec![BigRational::zero(); total + 1];
            for c in cost.iter_mut().take(total).skip(width) {
                *c = BigRational::one();
            }
            let z = t.run(&cost, total);
            if z.is_some_and(|z| z.is_positive()) {
                return Err(Infeasible);
            }
            // Drive the artificial variables out of the basis; a row where that is impossible is
            // a redundant equation and is dropped.
            let mut i = 0;
            while i < t.rows.len() {
                if t.basis[i] >= width {
                    match (0..width).find(|&j| !t.rows[i][j].is_zero()) {
                        Some(j) => t.pivot(i, j),
                        None => {
                            t.rows.remove(i);
                            t.basis.remove(i);
                            continue;
                        }
                    }
                }
                i += 1;
            }
            for row in &mut t.rows {
                row.drain(width..total);
            }
            t.width = width;
            Ok(t)
        }

        fn pivot(&mut self, r: usize, c: usize) {
            let p = self.rows[r][c].clone();
            for x in self.rows[r].iter_mut() {
                *x = &*x / &p;
            }
            let pivot_row = self.rows[r].clone();
            for (i, row) in self.rows.iter_mut().enumerate() {
                if i == r || row[c].is_zero() {
                    continue;
                }
                let f = row[c].clone();
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    if !p.is_zero() {
                        *x = &*x - &f * p;
                    }
                }
            }
            self.basis[r] = c;
        }

        /// Minimises `cost · x` over the first `allowed` columns; the optimum, or `None` when it
        /// is unbounded below.
        fn run(&mut self, cost: &[BigRational], allowed: usize) -> Option<BigRational> {
            let rhs = self.width;
            loop {
                // Reduced costs d_j = c_j − Σ_i c_{basis i} a_ij; Bland: first negative.
                let entering = (0..allowed).find(|&j| {
                    if self.basis.contains(&j) {
                        return false;
                    }
                    let mut d = cost[j].clone();
                    for (row, &b) in self.rows.iter().zip(&self.basis) {
                        if !row[j].is_zero() && !cost[b].is_zero() {
                            d -= &cost[b] * &row[j];
                        }
                    }
                    d.is_negative()
                });
                let Some(j) = entering else {
                    let mut z = BigRational::zero();
                    for (row, &b) in self.rows.iter().zip(&self.basis) {
                        z += &cost[b] * &row[rhs];
                    }
                    return Some(z);
                };
                let mut leave: Option<(usize, BigRational)> = None;
                for (i, row) in self.rows.iter().enumerate() {
                    if row[j].is_positive() {
                        let ratio = &row[rhs] / &row[j];
                        let better = match &leave {
                            None => true,
                            Some((k, best)) => match ratio.cmp(best) {
                                Ordering::Less => true,
                                Ordering::Equal => self.basis[i] < self.basis[*k],
                                Ordering::Greater => false,
                            },
                        };
                        if better {
                            leave = Some((i, ratio));
                        }
                    }
                }
                let (i, _) = leave?;
                self.pivot(i, j);
            }
        }

        /// The optimum of the objective (maximised or minimised) from this feasible basis.
        fn optimize(
            mut self,
            system: &LinearSystem,
            objective: &[(usize, Exact)],
            maximize: bool,
        ) -> Option<Exact> {
            let mut cost = vec![BigRational::zero(); self.width + 1];
            for (v, c) in objective {
                let c = if maximize {
                    -c.0.to_big()
                } else {
                    c.0.to_big()
                };
                let col = self.columns[*v];
                cost[col] = &cost[col] + &c;
                if !system.nonneg[*v] {
                    cost[col + 1] = &cost[col + 1] - &c;
                }
            }
            let width = self.width;
            let z = self.run(&cost, width)?;
            Some(Exact(Q::from_big(if maximize { -z } else { z })))
        }
    }

    /// The range of an objective by the dense reference.
    fn dense_range(
        system: &LinearSystem,
        objective: &[(usize, Exact)],
    ) -> Result<Range, Infeasible> {
        let feasible = DenseTableau::feasible(system)?;
        let min = feasible.clone().optimize(system, objective, false);
        let max = feasible.optimize(system, objective, true);
        Ok(Range { min, max })
    }

    /// A coefficient among 0, ±1 (mostly) and ±2.
    fn coefficient(rng: &mut XorShift64Star) -> i64 {
        match rng.below(10) {
            0..=3 => 0,
            4..=6 => 1,
            7 | 8 => -1,
            _ => 2 * rng.range(-1, 1),
        }
    }

    #[test]
    fn the_sparse_tableau_agrees_with_the_dense_reference() -> Result<(), Infeasible> {
        let mut rng = XorShift64Star::new(0x0005_EED0_F7AB_1EA0);
        let (mut feasible, mut bounded) = (0, 0);
        for _ in 0..400 {
            let n = usize::try_from(rng.range(1, 9)).unwrap_or(1);
            let mut s = LinearSystem::new();
            // A true solution (non-negative where the variable is), in cents.
            let mut truth = Vec::new();
            for _ in 0..n {
                let nonneg = rng.below(3) != 0;
                s.variable(nonneg);
                let lo = if nonneg { 0 } else { -5_000 };
                truth.push(Decimal::new(rng.range(lo, 5_000), 2));
            }
            let equations = rng.range(0, 7);
            for _ in 0..equations {
                let terms: Vec<(usize, Exact)> = (0..n)
                    .map(|v| (v, coefficient(&mut rng)))
                    .filter(|(_, c)| *c != 0)
                    .map(|(v, c)| (v, e(c)))
                    .collect();
                let rhs = if rng.below(12) == 0 {
                    // Sometimes a right-hand side that no solution may meet.
                    Exact::from(Decimal::new(rng.range(-9_000, 9_000), 1))
                } else {
                    terms
                        .iter()
                        .map(|(v, c)| c.clone() * Exact::from(truth[*v]))
                        .sum()
                };
                s.equation(&terms, rhs.clone());
                if rng.below(6) == 0 {
                    // A redundant copy, scaled.
                    let twice: Vec<(usize, Exact)> =
                        terms.iter().map(|(v, c)| (*v, c.clone() * e(2))).collect();
                    s.equation(&twice, rhs * e(2));
                }
            }
            if rng.below(4) == 0 {
                let v = usize::try_from(rng.below(n as u64)).unwrap_or(0);
                let lo = Exact::from(truth[v]) - e(rng.range(0, 3));
                let hi = Exact::from(truth[v]) + e(rng.range(0, 3));
                s.interval(&[(v, e(1))], Some(lo), (rng.below(2) == 0).then_some(hi));
            }
            for _ in 0..4 {
                let objective: Vec<(usize, Exact)> = (0..s.variables())
                    .map(|v| (v, coefficient(&mut rng)))
                    .filter(|(_, c)| *c != 0)
                    .map(|(v, c)| (v, e(c)))
                    .collect();
                let expected = dense_range(&s, &objective);
                assert_eq!(s.range(&objective), expected);
                if let Ok(range) = &expected {
                    feasible += 1;
                    bounded += usize::from(range.min.is_some() && range.max.is_some());
                    let prepared = s.prepare()?;
                    assert_eq!(&prepared.range(&objective), range);
                    assert_eq!(prepared.max(&objective), range.max);
                }
            }
        }
        // The draw exercises every case: infeasible, bounded and unbounded systems.
        assert!(feasible > 800 && feasible < 1_600, "{feasible} feasible");
        assert!(bounded > 200 && bounded < feasible, "{bounded} bounded");
        Ok(())
    }
}
