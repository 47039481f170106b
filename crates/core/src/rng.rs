//! One small deterministic generator for synthetic data and tests: the demo dataset, the
//! synthetic loan tapes, benchmarks and property tests.
//!
//! **Not for anything secret.** [`XorShift64Star`] is predictable by design (its whole state
//! is the last 64 bits it produced, up to a multiplication): never use it for passwords,
//! tokens, salts, session identifiers or anything an adversary must not guess — those come
//! from the operating system (`getrandom`). It is not meant for statistics either: its
//! ranges are taken modulo the span, with the small bias that implies.
//!
//! What it is for: the same seed gives the same sequence on every machine and every release,
//! so a demo, a synthetic tape or a benchmark is reproducible byte for byte.
//!
//! ```
//! use mizan_core::rng::XorShift64Star;
//!
//! let mut rng = XorShift64Star::new(42);
//! let die = rng.range(1, 6);
//! assert!((1..=6).contains(&die));
//! assert_eq!(XorShift64Star::new(42).range(1, 6), die);
//! ```

/// xorshift64* (Vigna's xorshift with shifts 12, 25, 27 and a multiplicative scrambler):
/// small, fast, and the same sequence on every machine. See the [module](self) documentation:
/// for synthetic data and tests only, never for secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XorShift64Star(u64);

impl XorShift64Star {
    /// The state used for a seed of 0 (xorshift never leaves the all-zero state).
    const ZERO_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

    /// A generator from a seed (0 is replaced by a fixed odd constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 { Self::ZERO_SEED } else { seed })
    }

    /// The next 64 random bits (never 0).
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`0` when `n` is 0). Always draws one value.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A whole number in `lo..=hi` (`lo` when `hi < lo`). Always draws one value.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let x = self.next_u64();
        let span = i128::from(hi) - i128::from(lo) + 1;
        if span <= 0 {
            return lo;
        }
        // A span of 2⁶⁴ (the whole of i64) takes every draw as it is.
        let offset = u64::try_from(span).map_or(x, |s| x % s);
        i64::try_from(i128::from(lo) + i128::from(offset)).unwrap_or(lo)
    }

    /// True with probability `k / n` (`below(n) < k`): `chance(15, 100)` is 15 %,
    /// `chance(100, 1000)` is 10 %.
    pub fn chance(&mut self, k: u64, n: u64) -> bool {
        self.below(n) < k
    }

    /// One of `items`, uniformly (`None` when it is empty). Always draws one value.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.below(u64::try_from(items.len()).unwrap_or(u64::MAX));
        items.get(usize::try_from(i).ok()?)
    }
}
