//! Validation rules of a framework beyond the built-in checks, and their evaluation.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Cmp, Expr, Framework, Unit};
use crate::codes::Code;
use crate::issue::Severity;
use crate::labels::{Labels, Lang};

/// Gives the value of an item, total or derived value of one return.
pub type Lookup<'a> = &'a dyn Fn(&Code) -> Option<Decimal>;

/// What a rule checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RuleCheck {
    /// `left cmp right`; not checked when an input is missing.
    Compare {
        /// Left side.
        left: Expr,
        /// Comparison.
        cmp: Cmp,
        /// Right side.
        right: Expr,
    },
    /// The items are not all negative at once (`income.net` and `equity`: ROE would show a
    /// misleading positive sign).
    NotAllNegative {
        /// The items.
        items: Vec<Code>,
    },
    /// The items, when present, are equal (the several own-funds figures of one return).
    AllEqual {
        /// The items.
        items: Vec<Code>,
    },
    /// No item of these units moves by more than `factor` against the same institution's
    /// previous quarter (in either direction).
    Jump {
        /// The factor (3 = more than tripled or divided by more than 3).
        factor: Decimal,
        /// Units of the items watched.
        units: Vec<Unit>,
    },
}

/// A validation rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDef {
    /// Stable code.
    pub code: String,
    /// Blocking or warning.
    pub severity: Severity,
    /// Message template; `{left}`, `{right}`, `{item}`, `{previous}`, `{current}`, `{factor}`,
    /// `{values}` are replaced by the figures that broke the rule.
    pub message: Labels,
    /// What it checks.
    pub check: RuleCheck,
}

/// A rule that a return breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleFinding {
    /// The rule's code.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// The items concerned (the first one names the issue).
    pub items: Vec<Code>,
    /// The figures, by placeholder name.
    pub values: BTreeMap<String, String>,
}

impl RuleFinding {
    /// The message in `lang`, with its figures.
    pub fn message(&self, rule: &RuleDef, lang: Lang) -> String {
        let mut text = rule.message.get(lang).to_owned();
        for (k, v) in &self.values {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }
}

fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

impl RuleDef {
    /// Every code the rule reads (jump rules read every item of their units).
    pub fn inputs(&self) -> Vec<&Code> {
        match &self.check {
            RuleCheck::Compare { left, right, .. } => {
                let mut v = left.refs();
                v.extend(right.refs());
                v
            }
            RuleCheck::NotAllNegative { items } | RuleCheck::AllEqual { items } => {
                items.iter().collect()
            }
            RuleCheck::Jump { .. } => Vec::new(),
        }
    }

    /// Checks the rule on a return: `current` gives the return's values (items, totals and
    /// derived values), `previous` the same institution's previous quarter when known.
    pub fn evaluate(
        &self,
        framework: &Framework,
        current: Lookup<'_>,
        previous: Option<Lookup<'_>>,
    ) -> Vec<RuleFinding> {
        let finding = |items: Vec<Code>, values: Vec<(&str, String)>| RuleFinding {
            rule: self.code.clone(),
            severity: self.severity,
            items,
            values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        };
        match &self.check {
            RuleCheck::Compare { left, cmp, right } => {
                let l = left.eval(&mut |c| current(c));
                let r = right.eval(&mut |c| current(c));
                match (l, r) {
                    (Some(l), Some(r)) if !cmp.holds(l, r) => {
                        let items = left
                            .refs()
                            .into_iter()
                            .chain(right.refs())
                            .cloned()
                            .collect();
                        vec![finding(items, vec![("left", show(l)), ("right", show(r))])]
                    }
                    _ => vec![],
                }
            }
            RuleCheck::NotAllNegative { items } => {
                let vals: Option<Vec<Decimal>> = items.iter().map(current).collect();
                match vals {
                    Some(v)
                        if !v.is_empty()
                            && v.iter().all(|d| d.is_sign_negative() && !d.is_zero()) =>
                    {
                        let listed = items
                            .iter()
                            .zip(&v)
                            .map(|(c, d)| format!("{c} = {}", show(*d)))
                            .collect::<Vec<_>>()
                            .join(", ");
                        vec![finding(items.clone(), vec![("values", listed)])]
                    }
                    _ => vec![],
                }
            }
            RuleCheck::AllEqual { items } => {
                let present: Vec<(&Code, Decimal)> = items
                    .iter()
                    .filter_map(|c| current(c).map(|d| (c, d)))
                    .collect();
                let differ = present.windows(2).any(|w| w[0].1 != w[1].1);
                if differ {
                    let listed = present
                        .iter()
                        .map(|(c, d)| format!("{c} = {}", show(*d)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    vec![finding(
                        present.iter().map(|(c, _)| (*c).clone()).collect(),
                        vec![("values", listed)],
                    )]
                } else {
                    vec![]
                }
            }
            RuleCheck::Jump { factor, units } => {
                let Some(previous) = previous else {
                    return vec![];
                };
                framework
                    .items
                    .iter()
                    .filter(|i| !i.is_total() && units.contains(&i.unit))
                    .filter_map(|i| {
                        let now = current(&i.code)?;
                        let before = previous(&i.code)?;
                        if now.is_zero() || before.is_zero() {
                            return None;
                        }
                        // A quotient too large for a decimal is far beyond any factor.
                        let jumped = now.checked_div(before).is_none_or(|q| {
                            let ratio = q.abs();
                            ratio > *factor
                                || ratio.checked_mul(*factor).is_some_and(|p| p < Decimal::ONE)
                        });
                        jumped.then(|| {
                            finding(
                                vec![i.code.clone()],
                                vec![
                                    ("item", i.code.to_string()),
                                    ("previous", show(before)),
                                    ("current", show(now)),
                                    ("factor", show(*factor)),
                                ],
                            )
                        })
                    })
                    .collect()
            }
        }
    }
}
