//! The exact fraction of the disclosure simplex: a pair of machine integers while it fits, a
//! big-integer fraction when it does not.
//!
//! Almost every number of an attacker's system is small: coefficients 0 and ±1, right-hand
//! sides that are amounts with a few decimals, pivots that keep them so. A big-integer fraction
//! allocates and reduces by a big-integer gcd at every operation, and that was most of the time
//! of disclosure control. Here a fraction whose reduced numerator and denominator fit an `i64`
//! is held as two `i64`; every operation on two of them is computed in `i128`, where it cannot
//! overflow (a product of two `i64` is below 2¹²⁶, a sum of two such products below 2¹²⁷), then
//! reduced; a result that does not fit `i64` becomes a big-integer fraction, and one that fits
//! again comes back. Nothing is ever rounded or wrapped: the value is the same as the
//! big-integer fraction's at every step, so a bound is still a proof.
//!
//! The representation is canonical — `Small` exactly when the reduced fraction fits — so the
//! derived equality and hash are those of the numbers.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact fraction (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Q {
    /// `numerator / denominator`, reduced, the denominator positive.
    Small(i64, i64),
    /// A reduced fraction that does not fit two `i64`.
    Big(BigRational),
}

/// The greatest common divisor (binary: shifts and subtractions only), in 64 bits when both
/// fit (most of the time, and faster).
fn gcd(a: u128, b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(x), Ok(y)) => u128::from(binary_gcd64(x, y)),
        _ => binary_gcd128(a, b),
    }
}

/// Stein's algorithm for two non-zero integers of one width.
macro_rules! binary_gcd {
    ($name:ident, $t:ty) => {
        fn $name(mut a: $t, mut b: $t) -> $t {
            let shift = (a | b).trailing_zeros();
            a >>= a.trailing_zeros();
            loop {
                b >>= b.trailing_zeros();
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                b -= a;
                if b == 0 {
                    return a << shift;
                }
            }
        }
    };
}

binary_gcd!(binary_gcd64, u64);
binary_gcd!(binary_gcd128, u128);

impl Q {
    pub(super) fn zero() -> Self {
        Self::Small(0, 1)
    }

    pub(super) fn one() -> Self {
        Self::Small(1, 1)
    }

    pub(super) fn from_integer(n: i64) -> Self {
        Self::Small(n, 1)
    }

    /// `n / d` (`d` not zero, neither `i128::MIN`), reduced; `Small` when it fits.
    pub(super) fn ratio(n: i128, d: i128) -> Self {
        debug_assert!(d != 0, "a fraction with a zero denominator");
        if n == 0 {
            return Self::zero();
        }
        let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
        let (n, d) = if d == 1 {
            (n, d)
        } else {
            // Both below 2¹²⁷ in magnitude: their absolute values fit u128, the quotients i128.
            let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128;
            (n / g, d / g)
        };
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Self::Small(n, d),
            _ => Self::Big(BigRational::new_raw(BigInt::from(n), BigInt::from(d))),
        }
    }

    /// A big-integer fraction, held small when it fits.
    pub(super) fn from_big(q: BigRational) -> Self {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) => Self::Small(n, d),
            _ => Self::Big(q),
        }
    }

    /// The same number as a big-integer fraction.
    pub(super) fn to_big(&self) -> BigRational {
        match self {
            Self::Small(n, d) => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Self::Big(q) => q.clone(),
        }
    }

    pub(super) fn is_zero(&self) -> bool {
        matches!(self, Self::Small(0, _))
    }

    pub(super) fn is_one(&self) -> bool {
        matches!(self, Self::Small(1, 1))
    }

    pub(super) fn is_negative(&self) -> bool {
        match self {
            Self::Small(n, _) => *n < 0,
            Self::Big(q) => q.is_negative(),
        }
    }

    pub(super) fn is_positive(&self) -> bool {
        match self {
            Self::Small(n, _) => *n > 0,
            Self::Big(q) => q.is_positive(),
        }
    }

    pub(super) fn abs(&self) -> Self {
        if self.is_negative() {
            -self
        } else {
            self.clone()
        }
    }

    /// The numerator and the (positive) denominator.
    pub(super) fn parts(&self) -> (BigInt, BigInt) {
        match self {
            Self::Small(n, d) => (BigInt::from(*n), BigInt::from(*d)),
            Self::Big(q) => (q.numer().clone(), q.denom().clone()),
        }
    }

    /// Both as big-integer fractions, when one of them is big.
    fn big_op(
        a: &Self,
        b: &Self,
        op: impl FnOnce(BigRational, BigRational) -> BigRational,
    ) -> Self {
        Self::from_big(op(a.to_big(), b.to_big()))
    }
}

impl Zero for Q {
    fn zero() -> Self {
        Q::zero()
    }

    fn is_zero(&self) -> bool {
        Q::is_zero(self)
    }
}

impl One for Q {
    fn one() -> Self {
        Q::one()
    }
}

impl Default for Q {
    fn default() -> Self {
        Self::zero()
    }
}

impl Ord for Q {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Small(a, b), Self::Small(c, d)) => {
                if b == d {
                    a.cmp(c)
                } else {
                    (i128::from(*a) * i128::from(*d)).cmp(&(i128::from(*c) * i128::from(*b)))
                }
            }
            _ => self.to_big().cmp(&other.to_big()),
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Q {
    /// `self + rhs`, or `self − rhs` when `subtract`.
    fn plus(&self, rhs: &Q, subtract: bool) -> Q {
        match (self, rhs) {
            (Q::Small(a, b), Q::Small(c, d)) => {
                let (a, b, c, d) = (
                    i128::from(*a),
                    i128::from(*b),
                    i128::from(*c),
                    i128::from(*d),
                );
                let c = if subtract { -c } else { c };
                if b == d {
                    Q::ratio(a + c, b)
                } else {
                    Q::ratio(a * d + c * b, b * d)
                }
            }
            _ if subtract => Q::big_op(self, rhs, |x, y| x - y),
            _ => Q::big_op(self, rhs, |x, y| x + y),
        }
    }
}

impl Add<&Q> for &Q {
    type Output = Q;
    fn add(self, rhs: &Q) -> Q {
        self.plus(rhs, false)
    }
}

impl Sub<&Q> for &Q {
    type Output = Q;
    fn sub(self, rhs: &Q) -> Q {
        self.plus(rhs, true)
    }
}

impl Mul<&Q> for &Q {
    type Output = Q;
    fn mul(self, rhs: &Q) -> Q {
        match (self, rhs) {
            (Q::Small(a, b), Q::Small(c, d)) => Q::ratio(
                i128::from(*a) * i128::from(*c),
                i128::from(*b) * i128::from(*d),
            ),
            _ => Q::big_op(self, rhs, |x, y| x * y),
        }
    }
}

impl Div<&Q> for &Q {
    type Output = Q;
    /// Panics on a division by zero, as a big-integer fraction does.
    fn div(self, rhs: &Q) -> Q {
        match (self, rhs) {
            (Q::Small(a, b), Q::Small(c, d)) => {
                assert!(*c != 0, "division of a fraction by zero");
                Q::ratio(
                    i128::from(*a) * i128::from(*d),
                    i128::from(*b) * i128::from(*c),
                )
            }
            _ => Q::big_op(self, rhs, |x, y| x / y),
        }
    }
}

impl Neg for &Q {
    type Output = Q;
    fn neg(self) -> Q {
        match self {
            Q::Small(n, d) => Q::ratio(-i128::from(*n), i128::from(*d)),
            Q::Big(q) => Q::from_big(-q),
        }
    }
}

impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        -&self
    }
}

macro_rules! owned_ops {
    ($($trait:ident $method:ident),*) => {$(
        impl $trait<Q> for Q {
            type Output = Q;
            fn $method(self, rhs: Q) -> Q {
                (&self).$method(&rhs)
            }
        }
        impl $trait<&Q> for Q {
            type Output = Q;
            fn $method(self, rhs: &Q) -> Q {
                (&self).$method(rhs)
            }
        }
        impl $trait<Q> for &Q {
            type Output = Q;
            fn $method(self, rhs: Q) -> Q {
                self.$method(&rhs)
            }
        }
    )*};
}

owned_ops!(Add add, Sub sub, Mul mul, Div div);

impl AddAssign<&Q> for Q {
    fn add_assign(&mut self, rhs: &Q) {
        *self = &*self + rhs;
    }
}

impl AddAssign<Q> for Q {
    fn add_assign(&mut self, rhs: Q) {
        *self = &*self + &rhs;
    }
}

impl SubAssign<&Q> for Q {
    fn sub_assign(&mut self, rhs: &Q) {
        *self = &*self - rhs;
    }
}

impl SubAssign<Q> for Q {
    fn sub_assign(&mut self, rhs: Q) {
        *self = &*self - &rhs;
    }
}

impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Small(n, 1) => write!(f, "{n}"),
            Self::Small(n, d) => write!(f, "{n}/{d}"),
            Self::Big(q) => write!(f, "{q}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mizan_core::rng::XorShift64Star;

    /// Numbers near the edges of `i64` and small ones, as fractions.
    fn sample(rng: &mut XorShift64Star) -> BigRational {
        let edge = |rng: &mut XorShift64Star| -> BigInt {
            match rng.next_u64() % 6 {
                0 => BigInt::from(i64::MAX) - BigInt::from(rng.next_u64() % 3),
                1 => BigInt::from(i64::MIN) + BigInt::from(rng.next_u64() % 3),
                2 => BigInt::from(rng.next_u64() % 7) - BigInt::from(3),
                3 => BigInt::from(rng.next_u64() as i64) * BigInt::from(rng.next_u64() % 5 + 1),
                _ => BigInt::from(rng.next_u64() as i64 % 1_000_000_000),
            }
        };
        let n = edge(rng);
        let mut d = edge(rng);
        if d.is_zero() {
            d = BigInt::one();
        }
        BigRational::new(n, d)
    }

    #[test]
    fn every_operation_agrees_with_big_integer_fractions() -> Result<(), String> {
        let mut rng = XorShift64Star::new(7);
        for i in 0..200_000 {
            let (x, y) = (sample(&mut rng), sample(&mut rng));
            let (a, b) = (Q::from_big(x.clone()), Q::from_big(y.clone()));
            let check = |what: &str, got: Q, want: BigRational| -> Result<(), String> {
                // Canonical: small exactly when it fits.
                if got != Q::from_big(want.clone()) || got.to_big() != want {
                    return Err(format!("{i}: {x} {what} {y} = {got}, want {want}"));
                }
                Ok(())
            };
            check("+", &a + &b, &x + &y)?;
            check("-", &a - &b, &x - &y)?;
            check("×", &a * &b, &x * &y)?;
            if !y.is_zero() {
                check("÷", &a / &b, &x / &y)?;
            }
            check("neg", -&a, -x.clone())?;
            check("abs", a.abs(), x.abs())?;
            if a.cmp(&b) != x.cmp(&y) {
                return Err(format!("{i}: {x} cmp {y}"));
            }
            if a.is_negative() != x.is_negative() || a.is_positive() != x.is_positive() {
                return Err(format!("{i}: sign of {x}"));
            }
        }
        Ok(())
    }

    #[test]
    fn results_too_large_become_big_and_come_back() {
        let max = Q::from_integer(i64::MAX);
        let two = &max + &max;
        assert!(matches!(two, Q::Big(_)));
        assert_eq!(&two - &max, max);
        assert_eq!(
            -&Q::from_integer(i64::MIN),
            Q::from_big(BigRational::from_integer(-BigInt::from(i64::MIN)))
        );
        assert_eq!(gcd(0, 12), 12);
        assert_eq!(gcd(u128::MAX - 1, 6), 2);
    }
}
