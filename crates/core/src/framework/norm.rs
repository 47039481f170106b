//! Norms: the test an indicator value must pass, possibly depending on the institution.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::institution::{Attributes, LegalForm, Structure};

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
}

impl Cmp {
    /// Whether `a cmp b` holds.
    pub fn holds(self, a: Decimal, b: Decimal) -> bool {
        match self {
            Self::Lt => a < b,
            Self::Le => a <= b,
            Self::Gt => a > b,
            Self::Ge => a >= b,
            Self::Eq => a == b,
        }
    }

    /// The symbol for people (`≤`).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Lt => "<",
            Self::Le => "≤",
            Self::Gt => ">",
            Self::Ge => "≥",
            Self::Eq => "=",
        }
    }

    /// Splits `text` at its first comparison operator: (left, cmp, right).
    pub fn split(text: &str) -> Option<(&str, Cmp, &str)> {
        const OPS: [(&str, Cmp); 8] = [
            ("<=", Cmp::Le),
            (">=", Cmp::Ge),
            ("≤", Cmp::Le),
            ("≥", Cmp::Ge),
            ("==", Cmp::Eq),
            ("<", Cmp::Lt),
            (">", Cmp::Gt),
            ("=", Cmp::Eq),
        ];
        let (pos, len, cmp) = OPS
            .iter()
            .filter_map(|(s, c)| text.find(s).map(|p| (p, s.len(), *c)))
            .min_by_key(|(p, len, _)| (*p, usize::MAX - len))?;
        Some((&text[..pos], cmp, &text[pos + len..]))
    }
}

/// The direction a "trend" norm asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Higher than the same institution's previous quarter.
    Rising,
    /// Lower than the same institution's previous quarter.
    Falling,
}

/// What a value must satisfy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormTest {
    /// `value cmp bound` (`< 5`, `>= 130`).
    Compare(Cmp, Decimal),
    /// `min <= value <= max`.
    Between(Decimal, Decimal),
    /// Compared with the previous quarter's value.
    Trend(Trend),
}

/// A norm test that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "norm \"{0}\" is not understood; write \"< 5\", \"<= 35\", \"> 115\", \">= 40\", \
     \"between 5 and 10\", \"rising\" or \"falling\""
)]
pub struct NormTestError(pub String);

impl FromStr for NormTest {
    type Err = NormTestError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || NormTestError(text.to_owned());
        let t = text.trim();
        match t {
            "rising" => return Ok(Self::Trend(Trend::Rising)),
            "falling" => return Ok(Self::Trend(Trend::Falling)),
            _ => {}
        }
        if let Some(rest) = t.strip_prefix("between ") {
            let (a, b) = rest.split_once(" and ").ok_or_else(err)?;
            let a = Decimal::from_str_exact(a.trim()).map_err(|_| err())?;
            let b = Decimal::from_str_exact(b.trim()).map_err(|_| err())?;
            return if a <= b {
                Ok(Self::Between(a, b))
            } else {
                Err(err())
            };
        }
        let (left, cmp, right) = Cmp::split(t).ok_or_else(err)?;
        if !left.trim().is_empty() {
            return Err(err());
        }
        let bound = Decimal::from_str_exact(right.trim()).map_err(|_| err())?;
        Ok(Self::Compare(cmp, bound))
    }
}

impl fmt::Display for NormTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compare(c, b) => write!(f, "{} {}", c.symbol(), b.normalize()),
            Self::Between(a, b) => write!(f, "[{}, {}]", a.normalize(), b.normalize()),
            Self::Trend(Trend::Rising) => f.write_str("↗"),
            Self::Trend(Trend::Falling) => f.write_str("↘"),
        }
    }
}

/// Whether a value meets its norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// Meets the norm.
    Meets,
    /// Does not meet it.
    Fails,
    /// Cannot be judged (no value, or no previous value for a trend).
    Unknown,
}

impl NormTest {
    /// Judges `value` (and, for trends, `previous`, the same institution's previous quarter).
    pub fn judge(&self, value: Option<Decimal>, previous: Option<Decimal>) -> Compliance {
        let Some(v) = value else {
            return Compliance::Unknown;
        };
        let ok = match self {
            Self::Compare(cmp, bound) => cmp.holds(v, *bound),
            Self::Between(a, b) => *a <= v && v <= *b,
            Self::Trend(trend) => {
                let Some(p) = previous else {
                    return Compliance::Unknown;
                };
                match trend {
                    Trend::Rising => v > p,
                    Trend::Falling => v < p,
                }
            }
        };
        if ok {
            Compliance::Meets
        } else {
            Compliance::Fails
        }
    }
}

/// Which institutions a norm applies to. Every field given must match; an empty condition
/// matches every institution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// One of these legal forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<Vec<LegalForm>>,
    /// This structure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<Structure>,
    /// Affiliated to a network or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_affiliated: Option<bool>,
    /// Collecting deposits or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collects_deposits: Option<bool>,
}

impl Condition {
    /// Whether an institution with `attrs` matches.
    pub fn matches(&self, attrs: &Attributes) -> bool {
        self.legal_form
            .as_ref()
            .is_none_or(|forms| forms.contains(&attrs.legal_form))
            && self.structure.is_none_or(|s| s == attrs.structure)
            && self
                .network_affiliated
                .is_none_or(|n| n == attrs.network_affiliated)
            && self
                .collects_deposits
                .is_none_or(|c| c == attrs.collects_deposits)
    }

    /// Whether the condition is empty (applies to everyone).
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// One alternative of a norm: the first whose condition matches the institution applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NormRule {
    /// Which institutions it applies to.
    pub when: Condition,
    /// The test.
    pub test: NormTest,
}

/// An indicator's norm: alternatives tried in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Norm {
    /// The alternatives; the first matching one applies.
    pub rules: Vec<NormRule>,
}

impl Norm {
    /// The test an institution with `attrs` is held to, if any.
    pub fn for_institution(&self, attrs: &Attributes) -> Option<&NormTest> {
        self.rules
            .iter()
            .find(|r| r.when.matches(attrs))
            .map(|r| &r.test)
    }

    /// Whether the indicator has a norm at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parses(text: &str, shown: &str) {
        let got = text.parse::<NormTest>().map(|t| t.to_string());
        assert_eq!(got.as_deref(), Ok(shown), "{text}");
    }

    #[test]
    fn norm_tests_parse() {
        parses("< 5", "< 5");
        parses("<=35", "≤ 35");
        parses(">= 40", "≥ 40");
        parses("> 115", "> 115");
        parses("≥ 100", "≥ 100");
        parses("between 5 and 10", "[5, 10]");
        parses("rising", "↗");
        assert!("5".parse::<NormTest>().is_err());
        assert!("x < 5".parse::<NormTest>().is_err());
        assert!("between 10 and 5".parse::<NormTest>().is_err());
        assert!("< five".parse::<NormTest>().is_err());
    }

    #[track_caller]
    fn judge(test: &str, value: Option<&str>, previous: Option<&str>, expected: Compliance) {
        let d = |s: Option<&str>| s.and_then(|s| Decimal::from_str_exact(s).ok());
        let got = test
            .parse::<NormTest>()
            .map(|t| t.judge(d(value), d(previous)));
        assert_eq!(got, Ok(expected), "{test} {value:?} {previous:?}");
    }

    #[test]
    fn judges_values() {
        use Compliance::*;
        judge("< 5", Some("4.99"), None, Meets);
        judge("< 5", Some("5"), None, Fails);
        judge("<= 5", Some("5"), None, Meets);
        judge(">= 15", Some("14.81"), None, Fails);
        judge("between 1 and 2", Some("2"), None, Meets);
        judge("rising", Some("10"), Some("9"), Meets);
        judge("rising", Some("9"), Some("9"), Fails);
        judge("rising", Some("9"), None, Unknown);
        judge("< 5", None, None, Unknown);
    }
}
