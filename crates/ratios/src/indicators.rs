//! Indicators of one institution's return: value, numerator, denominator, norm and compliance.

use mizan_core::framework::{Compliance, Formula, IndicatorDef, NormTest};
use mizan_core::{Attributes, Code, Decimal, Framework, InstitutionCode, ItemValues, Values};
use serde::{Deserialize, Serialize};

/// One institution's return for a period, as the consolidation reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionReturn {
    /// The institution.
    pub code: InstitutionCode,
    /// Its attributes valid at the period (legal form → peer group, structure → norms, …).
    pub attributes: Attributes,
    /// The reported items (missing is never zero).
    pub values: ItemValues,
    /// The same institution's reported items for the previous quarter, when it reported then
    /// (used by trend norms such as "rising").
    pub previous: Option<ItemValues>,
}

/// What a formula gives for one return.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The indicator's value: for a ratio, `numerator ÷ denominator × scale`; `None` when an
    /// input is missing or the denominator is zero.
    pub value: Option<Decimal>,
    /// For a ratio: the numerator, when it can be computed.
    pub numerator: Option<Decimal>,
    /// For a ratio: the denominator, when it can be computed (it may be zero).
    pub denominator: Option<Decimal>,
}

impl Evaluation {
    /// Whether the return contributes to a pooled figure (Σ numerator ÷ Σ denominator):
    /// both parts are known (a zero denominator included). For a plain value: a value is known.
    pub fn pools(&self, formula: &Formula) -> bool {
        match formula {
            Formula::Value(_) => self.value.is_some(),
            Formula::Ratio { .. } => self.numerator.is_some() && self.denominator.is_some(),
        }
    }
}

/// Evaluates an indicator's formula on a return's values (items, totals and derived values).
pub fn evaluate(indicator: &IndicatorDef, values: &Values<'_>) -> Evaluation {
    match &indicator.formula {
        Formula::Value(expr) => Evaluation {
            value: expr.eval(&mut |c| values.get(c)),
            numerator: None,
            denominator: None,
        },
        Formula::Ratio {
            numerator,
            denominator,
            scale,
        } => {
            let num = numerator.eval(&mut |c| values.get(c));
            let den = denominator.eval(&mut |c| values.get(c));
            Evaluation {
                value: num.zip(den).and_then(|(n, d)| ratio(n, d, *scale)),
                numerator: num,
                denominator: den,
            }
        }
    }
}

/// `numerator ÷ denominator × scale` on exact decimals; `None` when the denominator is zero
/// or the result does not fit. The multiplication comes first so that there is one rounding
/// (at the 28th significant digit) rather than two.
pub fn ratio(numerator: Decimal, denominator: Decimal, scale: Decimal) -> Option<Decimal> {
    if denominator.is_zero() {
        return None;
    }
    match numerator.checked_mul(scale) {
        Some(scaled) => scaled.checked_div(denominator),
        None => numerator.checked_div(denominator)?.checked_mul(scale),
    }
}

/// One indicator of one institution in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The indicator's code (`fin.par30`).
    pub indicator: Code,
    /// Value, numerator and denominator.
    #[serde(flatten)]
    pub eval: Evaluation,
    /// The same indicator on the previous quarter's return, when there is one and it has a value.
    pub previous: Option<Decimal>,
    /// The norm the institution is held to (`None`: the indicator has no norm for it).
    pub norm: Option<NormTest>,
    /// Whether it meets that norm (`None` exactly when `norm` is `None`; `Unknown` when there is
    /// no value, or no previous value for a trend norm).
    pub compliance: Option<Compliance>,
}

impl IndicatorValue {
    /// The value (`None`: missing input or zero denominator).
    pub fn value(&self) -> Option<Decimal> {
        self.eval.value
    }

    /// Whether the institution meets its norm.
    pub fn meets_norm(&self) -> bool {
        self.compliance == Some(Compliance::Meets)
    }
}

/// Every indicator of the framework for one institution's return, in framework order.
///
/// A ratio has no value when an input is missing or its denominator is zero (never an error,
/// never zero). The norm is the one the institution's attributes select
/// ([`Norm::for_institution`](mizan_core::framework::Norm::for_institution)); a trend norm
/// compares with the same indicator computed on `previous`.
pub fn institution_indicators(fw: &Framework, r: &InstitutionReturn) -> Vec<IndicatorValue> {
    let values = Values::new(fw, &r.values);
    let previous = r.previous.as_ref().map(|p| Values::new(fw, p));
    fw.indicators
        .iter()
        .map(|ind| indicator_value(ind, &r.attributes, &values, previous.as_ref()))
        .collect()
}

pub(crate) fn indicator_value(
    ind: &IndicatorDef,
    attributes: &Attributes,
    values: &Values<'_>,
    previous: Option<&Values<'_>>,
) -> IndicatorValue {
    let eval = evaluate(ind, values);
    let norm = ind.norm.for_institution(attributes).cloned();
    // The previous value is only needed by trend norms, but it is cheap and useful to show.
    let previous = previous.and_then(|p| evaluate(ind, p).value);
    let compliance = norm.as_ref().map(|t| t.judge(eval.value, previous));
    IndicatorValue {
        indicator: ind.code.clone(),
        eval,
        previous,
        norm,
        compliance,
    }
}
