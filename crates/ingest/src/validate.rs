//! Checking one return against its framework: items, units, signs, duplicates, totals and the
//! framework's rules.

use std::collections::HashMap;

use mizan_core::framework::{ItemDef, Lookup, Unit};
use mizan_core::{Checked, Code, Framework, Issue, IssueKind, ItemValues, Lang, Place, Values};
use rust_decimal::Decimal;

use crate::returns::{RawReturn, RawValue};

/// Significant digits to which a spreadsheet's computed total is compared with the exact sum of
/// its parts: a spreadsheet adds binary doubles (`0.1 + 0.2` gives `0.30000000000000004`), and
/// 15 significant digits is the precision Excel itself promises.
const FORMULA_DIGITS: u32 = 15;

/// Checks a return against its framework and gives its values with every issue found.
///
/// The issues are the return's own (found while reading) followed by, in order:
/// - each entry: an empty item code; an item the framework does not define
///   ([`IssueKind::UnknownItem`]); the same item a second time ([`IssueKind::DuplicateItem`]
///   naming the first place; the first value is kept); a value that is not a number (the
///   reader's kind: [`IssueKind::NotANumber`], [`IssueKind::AmbiguousNumber`],
///   [`IssueKind::ExcelError`], …); a count negative or not whole; an amount negative where the
///   item is not `signed`. All blocking. An empty value is a warning
///   ([`IssueKind::EmptyValue`]): the item is not reported (missing is never zero).
/// - each total (an item with `parts`) given in the file: when all its parts are known
///   (reported, or computable from their own parts) and their sum differs, a blocking
///   [`IssueKind::TotalMismatch`]. A total given without any of its parts is kept (it is
///   information, and indicators may use it) with a warning
///   [`IssueKind::TotalWithoutParts`] asking for the breakdown. A total with only some of its
///   parts is kept unchecked.
/// - the template's totals are formulas: their computed result is never taken as a reported
///   value (a formula over empty cells gives 0, and missing is never zero); the parts are the
///   data. When all parts are known, the result must agree with their sum to 15 significant
///   digits, else [`IssueKind::TotalMismatch`] (the formula was altered or its result is
///   stale). A formula in an input cell is the person's own calculation: its result is the
///   value ([`IssueKind::FormulaWithoutValue`] when there is none).
/// - the framework's rules, on the values above (totals and derived values computed as
///   [`Values`] does), with `previous` (the same institution's previous quarter) for the
///   quarter-on-quarter rule; severity from the rule, message in English, at the place of the
///   first item involved that the file gives — a value, or a template's total formula, the
///   cell where the total is seen — ([`Place::Return`] when the rule reads only values
///   computed from others).
///
/// The institution and the period are not looked up here (see
/// [`RawReturn::unknown_institution`] and [`RawReturn::unknown_period`]).
pub fn validate_return(
    raw: &RawReturn,
    framework: &Framework,
    previous: Option<&ItemValues>,
) -> Checked<ItemValues> {
    let mut issues = raw.issues.clone();
    let mut values = ItemValues::new();
    let mut places: HashMap<Code, Place> = HashMap::new();
    let mut first_seen: HashMap<&str, &Place> = HashMap::new();
    let mut supplied_totals: Vec<(&ItemDef, Decimal, Place)> = Vec::new();
    let mut formula_totals: Vec<(&ItemDef, Decimal, Place)> = Vec::new();

    for entry in &raw.entries {
        let item = entry.item.trim();
        if item.is_empty() {
            issues.push(Issue::blocking(
                entry.item_place.clone(),
                IssueKind::MissingValue {
                    field: "item".into(),
                },
            ));
            continue;
        }
        let Some(def) = framework.item(item) else {
            issues.push(
                Issue::blocking(
                    entry.item_place.clone(),
                    IssueKind::UnknownItem {
                        item: item.to_owned(),
                    },
                )
                .about(item),
            );
            continue;
        };
        if let Some(first) = first_seen.get(item) {
            issues.push(
                Issue::blocking(
                    entry.item_place.clone(),
                    IssueKind::DuplicateItem {
                        first: (*first).clone(),
                    },
                )
                .about(item),
            );
            continue;
        }
        first_seen.insert(def.code.as_str(), &entry.item_place);
        let value = match &entry.value {
            RawValue::Number(v) => *v,
            // A total's formula that the spreadsheet could not compute because a part holds
            // text (`=D10+D11` with "1 000" typed in D10 shows #VALUE!): the platform computes
            // totals from their parts, which it reads, text or not.
            RawValue::Invalid(IssueKind::ExcelError { error })
                if entry.formula && def.is_total() && error.trim() == "#VALUE!" =>
            {
                continue;
            }
            RawValue::Invalid(kind) => {
                issues.push(Issue::blocking(entry.place.clone(), kind.clone()).about(item));
                continue;
            }
            RawValue::Blank if entry.formula && def.is_total() => continue,
            RawValue::Blank if entry.formula => {
                issues.push(
                    Issue::blocking(entry.place.clone(), IssueKind::FormulaWithoutValue)
                        .about(item),
                );
                continue;
            }
            RawValue::Blank => {
                issues.push(Issue::warning(entry.place.clone(), IssueKind::EmptyValue).about(item));
                continue;
            }
        };
        // A cell the spreadsheet shows as a percentage holds the fraction: 0.1889 shown as
        // 18,89 % is the rate 18.89; an amount or a count has no business being a percentage.
        let value = if entry.percent {
            let shown = value.checked_mul(Decimal::ONE_HUNDRED);
            match (def.unit, shown) {
                (Unit::Rate, Some(rate)) => rate.normalize(),
                (_, shown) => {
                    issues.push(
                        Issue::blocking(
                            entry.place.clone(),
                            IssueKind::PercentageFormat {
                                shown: shown.map_or_else(
                                    || format!("{value} × 100 %"),
                                    |v| format!("{} %", v.normalize()),
                                ),
                            },
                        )
                        .about(item),
                    );
                    continue;
                }
            }
        } else {
            value
        };
        if entry.formula && def.is_total() {
            formula_totals.push((def, value, entry.place.clone()));
            // Not a reported value, but the cell where the person sees the total: a rule on
            // the total (assets = liabilities) is addressed to it.
            places.insert(def.code.clone(), entry.place.clone());
            continue;
        }
        if let Some(kind) = unit_issue(def, value) {
            issues.push(Issue::blocking(entry.place.clone(), kind).about(item));
            continue;
        }
        if def.unit == Unit::Amount
            && let Some(decimals) = framework.currency_decimals
            && value.normalize().scale() > decimals
        {
            issues.push(
                Issue::warning(
                    entry.place.clone(),
                    IssueKind::AmountBelowCurrencyUnit {
                        value: value.to_string(),
                        currency: framework.currency.clone(),
                        decimals,
                    },
                )
                .about(item),
            );
        }
        values.insert(def.code.clone(), value);
        places.insert(def.code.clone(), entry.place.clone());
        if def.is_total() {
            supplied_totals.push((def, value, entry.place.clone()));
        }
    }

    let current = Values::new(framework, &values);
    for (def, supplied, place) in &supplied_totals {
        let parts = def.parts.as_deref().unwrap_or_default();
        let (sum, known) = current.parts_sum(parts);
        if known == 0 {
            issues.push(
                Issue::warning(
                    place.clone(),
                    IssueKind::TotalWithoutParts {
                        parts: parts.iter().map(ToString::to_string).collect(),
                    },
                )
                .about(def.code.as_str()),
            );
        } else if known == parts.len() && sum != *supplied {
            issues.push(total_mismatch(def, *supplied, sum, place));
        }
    }
    for (def, result, place) in &formula_totals {
        let parts = def.parts.as_deref().unwrap_or_default();
        let (sum, known) = current.parts_sum(parts);
        if known == parts.len() && !agree_to_digits(*result, sum) {
            issues.push(total_mismatch(def, *result, sum, place));
        }
    }

    let before = previous.map(|p| Values::new(framework, p));
    let now = |c: &Code| current.get(c);
    let then = |c: &Code| before.as_ref().and_then(|v| v.get(c));
    for rule in &framework.rules {
        let previous_lookup: Option<Lookup<'_>> = before.as_ref().map(|_| &then as Lookup<'_>);
        for finding in rule.evaluate(framework, &now, previous_lookup) {
            let place = finding
                .items
                .iter()
                .find_map(|c| places.get(c))
                .cloned()
                .unwrap_or(Place::Return);
            let mut issue = Issue {
                severity: finding.severity,
                place,
                item: None,
                kind: IssueKind::Rule {
                    rule: rule.code.clone(),
                    message: finding.message(rule, Lang::En),
                    text: Some(Box::new(rule.message.clone())),
                    args: finding.values.clone(),
                },
            };
            if let Some(first) = finding.items.first() {
                issue = issue.about(first.as_str());
            }
            issues.push(issue);
        }
    }

    if values.is_empty() && !issues.iter().any(Issue::is_blocking) {
        // A return without a single value (an empty template, a file of blanks) would replace
        // the institution's return by nothing: refused.
        issues.push(Issue::blocking(raw.place.clone(), IssueKind::EmptyReturn));
    }

    Checked {
        data: values,
        issues,
    }
}

/// What is wrong with a value given the unit and sign of its item, if anything.
fn unit_issue(def: &ItemDef, value: Decimal) -> Option<IssueKind> {
    let text = || value.to_string();
    match def.unit {
        Unit::Count if value < Decimal::ZERO => Some(IssueKind::NegativeCount { value: text() }),
        Unit::Count if !value.fract().is_zero() => {
            Some(IssueKind::FractionalCount { value: text() })
        }
        Unit::Amount if !def.signed && value < Decimal::ZERO => {
            Some(IssueKind::NegativeAmount { value: text() })
        }
        _ => None,
    }
}

fn total_mismatch(def: &ItemDef, supplied: Decimal, sum: Decimal, place: &Place) -> Issue {
    Issue::blocking(
        place.clone(),
        IssueKind::TotalMismatch {
            supplied: supplied.normalize().to_string(),
            sum_of_parts: sum.normalize().to_string(),
            parts: def
                .parts
                .iter()
                .flatten()
                .map(ToString::to_string)
                .collect(),
        },
    )
    .about(def.code.as_str())
}

fn agree_to_digits(a: Decimal, b: Decimal) -> bool {
    a == b || a.round_sf(FORMULA_DIGITS) == b.round_sf(FORMULA_DIGITS)
}
