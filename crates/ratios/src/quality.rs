//! Data-quality flags: the framework's validation rules evaluated on the returns of a period.

use std::collections::BTreeMap;

use mizan_core::framework::RuleFinding;
use mizan_core::{Code, Decimal, Framework, InstitutionCode, Lang, Period, Severity, Values};
use serde::{Deserialize, Serialize};

use crate::indicators::InstitutionReturn;

/// A rule of the framework that an institution's return breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityFlag {
    /// The period.
    pub period: Period,
    /// The institution.
    pub institution: InstitutionCode,
    /// The rule's code (`roe_sign`, `par30_ge_par90`, `quarter_jump`, `own_funds_consistent`…).
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The items concerned.
    pub items: Vec<Code>,
    /// The figures, by placeholder of the message (`left`, `right`, `values`, `previous`…).
    pub values: BTreeMap<String, String>,
    /// The message in French (the platform's default language).
    pub message: String,
}

impl QualityFlag {
    /// The message in another language (`None` if the rule is not in `fw`).
    pub fn message_in(&self, fw: &Framework, lang: Lang) -> Option<String> {
        let rule = fw.rules.iter().find(|r| r.code == self.rule)?;
        Some(self.finding().message(rule, lang))
    }

    fn finding(&self) -> RuleFinding {
        RuleFinding {
            rule: self.rule.clone(),
            severity: self.severity,
            items: self.items.clone(),
            values: self.values.clone(),
        }
    }
}

/// Every rule of the framework ([`RuleDef::evaluate`](mizan_core::framework::RuleDef::evaluate))
/// on every return of `period`: for the APSFD framework, PAR ordering, PAR above the portfolio,
/// provisions above doubtful loans, rates, the ROE sign (negative income and negative equity),
/// own-funds figures that disagree, and quarter-on-quarter jumps against `previous`.
/// Ordered by institution, then rule (framework order), then item.
pub fn quality_flags(
    fw: &Framework,
    period: Period,
    returns: &[InstitutionReturn],
) -> Vec<QualityFlag> {
    let mut order: Vec<&InstitutionReturn> = returns.iter().collect();
    order.sort_by(|a, b| a.code.cmp(&b.code));
    let mut flags = Vec::new();
    for r in order {
        let values = Values::new(fw, &r.values);
        let current = |c: &Code| -> Option<Decimal> { values.get(c) };
        let previous = r.previous.as_ref().map(|p| Values::new(fw, p));
        let before = |c: &Code| -> Option<Decimal> { previous.as_ref().and_then(|p| p.get(c)) };
        for rule in &fw.rules {
            let found = rule.evaluate(fw, &current, previous.is_some().then_some(&before));
            flags.extend(found.into_iter().map(|f| QualityFlag {
                period,
                institution: r.code.clone(),
                message: f.message(rule, Lang::Fr),
                rule: f.rule,
                severity: f.severity,
                items: f.items,
                values: f.values,
            }));
        }
    }
    flags
}
