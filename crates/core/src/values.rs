//! The values of one return, with its totals and derived values computed on demand.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::codes::Code;
use crate::framework::{CodeKind, Framework};

/// The items reported in one return: exact decimals by item code. Missing is never zero.
pub type ItemValues = BTreeMap<Code, Decimal>;

/// A return's values seen through its framework: reported items, totals (the value reported,
/// else the sum of the parts when every part is reported) and derived values (their formula,
/// when every input is available).
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    framework: &'a Framework,
    reported: &'a ItemValues,
}

const MAX_DEPTH: u32 = 32;

impl<'a> Values<'a> {
    /// Wraps reported values.
    pub fn new(framework: &'a Framework, reported: &'a ItemValues) -> Self {
        Self {
            framework,
            reported,
        }
    }

    /// The reported values.
    pub fn reported(&self) -> &'a ItemValues {
        self.reported
    }

    /// The value of an item, total or derived value, if it can be known.
    pub fn get(&self, code: &Code) -> Option<Decimal> {
        self.get_depth(code, 0)
    }

    fn get_depth(&self, code: &Code, depth: u32) -> Option<Decimal> {
        if let Some(v) = self.reported.get(code) {
            return Some(*v);
        }
        if depth > MAX_DEPTH {
            return None;
        }
        match self.framework.lookup(code.as_str())? {
            CodeKind::Item(item) => {
                let parts = item.parts.as_ref()?;
                parts.iter().try_fold(Decimal::ZERO, |acc, p| {
                    acc.checked_add(self.get_depth(p, depth + 1)?)
                })
            }
            CodeKind::Derived(d) => d.formula.eval(&mut |c| self.get_depth(c, depth + 1)),
        }
    }

    /// The sum of the parts of a total that are reported or computable, and how many were.
    /// A part whose addition would overflow is not counted (the sum is then not complete).
    pub fn parts_sum(&self, parts: &[Code]) -> (Decimal, usize) {
        parts.iter().fold((Decimal::ZERO, 0), |(sum, n), p| {
            match self.get(p).and_then(|v| sum.checked_add(v)) {
                Some(total) => (total, n + 1),
                None => (sum, n),
            }
        })
    }
}
