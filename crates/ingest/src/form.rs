//! A return typed in the web form: each field's text, in the decimal mark of the person's
//! language, read into an exact value — or the issue of that field, addressed by its item. The
//! totals are not typed: they are the sums of their parts.

use std::collections::BTreeMap;

use mizan_core::framework::Unit;
use mizan_core::number::DecimalMark;
use mizan_core::{Code, Framework, Issue, IssueKind, ItemValues, Place};
use rust_decimal::Decimal;

use crate::numbers::parse_in_dialect;

/// The longest text a field may hold.
pub const FIELD_MAX_CHARS: usize = 40;

/// What a form's fields read as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadForm {
    /// The items typed, totals included (each the sum of its typed parts).
    pub values: ItemValues,
    /// A field that is not a number of its unit, addressed by its item.
    pub issues: Vec<Issue>,
}

/// Reads the fields `typed` (item code → text; empty fields and unknown codes are left out)
/// with the decimal mark `mark`. A total is the sum of those of its parts that were typed.
pub fn read_form(fw: &Framework, typed: &BTreeMap<String, String>, mark: DecimalMark) -> ReadForm {
    let mut out = ReadForm::default();
    for item in fw.items.iter().filter(|i| !i.is_total()) {
        let Some(text) = typed.get(item.code.as_str()).map(|t| t.trim()) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let issue = |kind| Issue::blocking(Place::Return, kind).about(item.code.as_str());
        if text.chars().count() > FIELD_MAX_CHARS {
            out.issues.push(issue(IssueKind::NotANumber {
                value: text.chars().take(FIELD_MAX_CHARS).collect(),
            }));
            continue;
        }
        match parse_in_dialect(text, mark) {
            Ok(v) if item.unit == Unit::Count && !v.fract().is_zero() => {
                out.issues.push(issue(IssueKind::NotANumber {
                    value: text.to_owned(),
                }));
            }
            Ok(v) => {
                out.values.insert(item.code.clone(), v);
            }
            Err(kind) => out.issues.push(issue(kind)),
        }
    }
    // A total may count another total among its parts: as many passes as totals, at most.
    let totals: Vec<_> = fw.items.iter().filter(|i| i.is_total()).collect();
    for _ in 0..totals.len() {
        for total in &totals {
            let parts: Vec<Decimal> = total
                .parts
                .iter()
                .flatten()
                .filter_map(|p: &Code| out.values.get(p).copied())
                .collect();
            if !parts.is_empty() {
                out.values.insert(total.code.clone(), parts.iter().sum());
            }
        }
    }
    out
}
