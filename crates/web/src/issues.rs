//! Validation issues in the page's language.
//!
//! Each [`IssueKind`] has its message `issue-…` in `locales/<lang>/issues.ftl`. The `match`
//! below has no catch-all arm: a new kind does not compile until it is given its message.
//! Decimal values computed by the platform (totals, amounts, counts) are written with the
//! language's separators; the text read from a file (`"12,5,0"`) is shown as it was read.
//! Explanations produced by the readers (`reason`, `what`, `expected`, a rule's message) come
//! in English from the core and are passed through as they are.

use mizan_core::{Decimal, IssueKind, Lang};

use crate::format::{self, decimal_text as number};
use crate::i18n::I18n;

/// A list of names (sheets, columns, items), with the language's comma.
fn list(items: &[String], lang: Lang) -> String {
    let sep = match lang {
        Lang::Ar => "، ",
        Lang::Fr | Lang::En => ", ",
    };
    items.join(sep)
}

/// A whole number (a size in bytes, a limit, a count of fields), grouped by thousands.
fn whole(n: u64, lang: Lang) -> String {
    format::decimal(Decimal::from(n), lang)
}

/// What is wrong, in `lang`.
pub fn issue_text(i18n: &I18n, lang: Lang, kind: &IssueKind) -> String {
    match kind {
        IssueKind::EmptyFile => i18n.text(lang, "issue-empty-file"),
        IssueKind::HeaderOnly => i18n.text(lang, "issue-header-only"),
        IssueKind::NotUtf8 => i18n.text(lang, "issue-not-utf8"),
        IssueKind::FileTooLarge { size, limit } => i18n.message(
            lang,
            "issue-file-too-large",
            &[("size", whole(*size, lang)), ("limit", whole(*limit, lang))],
        ),
        IssueKind::UnknownFormat => i18n.text(lang, "issue-unknown-format"),
        IssueKind::NotAWorkbook { reason } => {
            i18n.message(lang, "issue-not-a-workbook", &[("reason", reason.clone())])
        }
        IssueKind::NotATemplate { missing_sheets } => i18n.message(
            lang,
            "issue-not-a-template",
            &[("sheets", list(missing_sheets, lang))],
        ),
        IssueKind::TooLarge { what, limit } => i18n.message(
            lang,
            "issue-too-large",
            &[("what", what.clone()), ("limit", whole(*limit, lang))],
        ),
        IssueKind::WorkbookTooLarge { what, limit } => i18n.message(
            lang,
            &format!("issue-workbook-too-large-{}", what.code().replace('_', "-")),
            &[("limit", whole(*limit, lang))],
        ),
        IssueKind::MissingColumns { missing, found } => i18n.message(
            lang,
            "issue-missing-columns",
            &[
                ("missing", list(missing, lang)),
                ("found", list(found, lang)),
            ],
        ),
        IssueKind::UnknownColumn { column } => {
            i18n.message(lang, "issue-unknown-column", &[("column", column.clone())])
        }
        IssueKind::DuplicateColumn { column } => i18n.message(
            lang,
            "issue-duplicate-column",
            &[("column", column.clone())],
        ),
        IssueKind::FieldCount { expected, found } => i18n.message(
            lang,
            "issue-field-count",
            &[
                ("expected", whole(*expected, lang)),
                ("found", whole(*found, lang)),
            ],
        ),
        IssueKind::Syntax { reason } => {
            i18n.message(lang, "issue-syntax", &[("reason", reason.clone())])
        }
        IssueKind::MissingValue { field } => {
            i18n.message(lang, "issue-missing-value", &[("field", field.clone())])
        }
        IssueKind::NotANumber { value } => {
            i18n.message(lang, "issue-not-a-number", &[("value", value.clone())])
        }
        IssueKind::AmbiguousNumber { value } => {
            i18n.message(lang, "issue-ambiguous-number", &[("value", value.clone())])
        }
        IssueKind::BadGrouping { value } => {
            i18n.message(lang, "issue-bad-grouping", &[("value", value.clone())])
        }
        IssueKind::NumberOutOfRange { value } => i18n.message(
            lang,
            "issue-number-out-of-range",
            &[("value", value.clone())],
        ),
        IssueKind::EmptyValue => i18n.text(lang, "issue-empty-value"),
        IssueKind::FormulaWithoutValue => i18n.text(lang, "issue-formula-without-value"),
        IssueKind::ExcelError { error } => {
            i18n.message(lang, "issue-excel-error", &[("error", error.clone())])
        }
        IssueKind::NegativeCount { value } => i18n.message(
            lang,
            "issue-negative-count",
            &[("value", number(value, lang))],
        ),
        IssueKind::FractionalCount { value } => i18n.message(
            lang,
            "issue-fractional-count",
            &[("value", number(value, lang))],
        ),
        IssueKind::NegativeAmount { value } => i18n.message(
            lang,
            "issue-negative-amount",
            &[("value", number(value, lang))],
        ),
        IssueKind::NotABoolean { field, value } => i18n.message(
            lang,
            "issue-not-a-boolean",
            &[("field", field.clone()), ("value", value.clone())],
        ),
        IssueKind::ClassOutOfRange { field, value, max } => i18n.message(
            lang,
            "issue-class-out-of-range",
            &[
                ("field", field.clone()),
                ("value", value.clone()),
                ("max", max.to_string()),
            ],
        ),
        IssueKind::NotUtf8Text { field } => {
            i18n.message(lang, "issue-not-utf8-text", &[("field", field.clone())])
        }
        IssueKind::InvalidValue {
            field,
            value,
            expected,
        } => i18n.message(
            lang,
            "issue-invalid-value",
            &[
                ("field", field.clone()),
                ("value", value.clone()),
                ("expected", expected.clone()),
            ],
        ),
        IssueKind::BadCountry { field, value } => i18n.message(
            lang,
            "issue-bad-country",
            &[("field", field.clone()), ("value", value.clone())],
        ),
        IssueKind::MissingCountry { field, framework } => i18n.message(
            lang,
            "issue-missing-country",
            &[("field", field.clone()), ("framework", framework.clone())],
        ),
        IssueKind::InvalidCode { value, reason } => i18n.message(
            lang,
            "issue-invalid-code",
            &[("value", value.clone()), ("reason", reason.clone())],
        ),
        IssueKind::UnknownItem { item } => {
            i18n.message(lang, "issue-unknown-item", &[("item", item.clone())])
        }
        IssueKind::DuplicateItem { first } => i18n.message(
            lang,
            "issue-duplicate-item",
            &[("first", place_text(i18n, lang, first))],
        ),
        IssueKind::UnknownInstitution { institution } => i18n.message(
            lang,
            "issue-unknown-institution",
            &[("institution", institution.clone())],
        ),
        IssueKind::BadPeriod { period } => {
            i18n.message(lang, "issue-bad-period", &[("period", period.clone())])
        }
        IssueKind::PeriodNotEnded { period, ends } => i18n.message(
            lang,
            "issue-period-not-ended",
            &[
                ("period", format::period_text(i18n, lang, period)),
                ("ends", format::date_text(i18n, lang, ends)),
            ],
        ),
        IssueKind::ReportsMonthly {
            institution,
            period,
            instead,
        } => i18n.message(
            lang,
            "issue-reports-monthly",
            &[
                ("institution", institution.clone()),
                ("period", format::period_text(i18n, lang, period)),
                ("instead", format::period_text(i18n, lang, instead)),
                ("instead-code", instead.clone()),
            ],
        ),
        IssueKind::ReportsQuarterly {
            institution,
            period,
            instead,
        } => i18n.message(
            lang,
            "issue-reports-quarterly",
            &[
                ("institution", institution.clone()),
                ("period", format::period_text(i18n, lang, period)),
                ("instead", format::period_text(i18n, lang, instead)),
                ("instead-code", instead.clone()),
            ],
        ),
        IssueKind::ValidFromMonth { period, quarter } => i18n.message(
            lang,
            "issue-valid-from-month",
            &[("period", period.clone()), ("quarter", quarter.clone())],
        ),
        IssueKind::NotRegisteredFor {
            institution,
            period,
            from,
        } => i18n.message(
            lang,
            "issue-not-registered-for",
            &[
                ("institution", institution.clone()),
                ("period", format::period_text(i18n, lang, period)),
                ("from", format::period_text(i18n, lang, from)),
            ],
        ),
        IssueKind::NoFrameworkFor {
            framework,
            period,
            versions,
        } if versions.is_empty() => i18n.message(
            lang,
            "issue-no-framework-for",
            &[
                ("framework", framework.clone()),
                ("period", format::period_text(i18n, lang, period)),
            ],
        ),
        IssueKind::NoFrameworkFor {
            framework,
            period,
            versions,
        } => {
            let spans: Vec<String> = versions
                .iter()
                .map(|v| {
                    let p = |t: &Option<String>| {
                        t.as_deref()
                            .map(|t| format::period_text(i18n, lang, t))
                            .unwrap_or_default()
                    };
                    let key = match (&v.from, &v.until) {
                        (Some(_), Some(_)) => "framework-version-from-until",
                        (Some(_), None) => "framework-version-from",
                        (None, Some(_)) => "framework-version-until",
                        (None, None) => "framework-version-always",
                    };
                    i18n.message(
                        lang,
                        key,
                        &[
                            ("version", v.version.clone()),
                            ("from", p(&v.from)),
                            ("until", p(&v.until)),
                        ],
                    )
                })
                .collect();
            i18n.message(
                lang,
                "issue-no-framework-for-versions",
                &[
                    ("framework", framework.clone()),
                    ("period", format::period_text(i18n, lang, period)),
                    ("versions", spans.join(&i18n.text(lang, "list-separator"))),
                ],
            )
        }
        IssueKind::UnknownPeriod { period, reason } => i18n.message(
            lang,
            "issue-unknown-period",
            &[("period", period.clone()), ("reason", reason.clone())],
        ),
        IssueKind::ContextMismatch {
            field,
            in_file,
            expected,
        } => {
            let what = match field.as_str() {
                "institution" => i18n.text(lang, "issue-context-institution"),
                "period" => i18n.text(lang, "issue-context-period"),
                "framework" => i18n.text(lang, "issue-context-framework"),
                other => other.to_owned(),
            };
            i18n.message(
                lang,
                "issue-context-mismatch",
                &[
                    ("field", what),
                    ("in_file", in_file.clone()),
                    ("expected", expected.clone()),
                ],
            )
        }
        IssueKind::TotalMismatch {
            supplied,
            sum_of_parts,
            parts,
        } => i18n.message(
            lang,
            "issue-total-mismatch",
            &[
                ("supplied", number(supplied, lang)),
                ("sum", number(sum_of_parts, lang)),
                ("parts", parts.join(" + ")),
            ],
        ),
        IssueKind::LegacyExcel => i18n.text(lang, "issue-legacy-excel"),
        IssueKind::TemplateAltered {
            missing,
            expected,
            value_column_moved,
        } => {
            if *value_column_moved {
                i18n.text(lang, "issue-template-value-column-moved")
            } else {
                i18n.message(
                    lang,
                    "issue-template-altered",
                    &[
                        ("count", missing.len().to_string()),
                        ("expected", expected.to_string()),
                        (
                            "codes",
                            missing
                                .iter()
                                .take(5)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                )
            }
        }
        IssueKind::PercentageFormat { shown } => {
            i18n.message(lang, "issue-percentage-format", &[("shown", shown.clone())])
        }
        IssueKind::DateInsteadOfNumber { shown } => i18n.message(
            lang,
            "issue-date-instead-of-number",
            &[("shown", shown.clone())],
        ),
        IssueKind::TextTooLong { field, max, found } => i18n.message(
            lang,
            "issue-text-too-long",
            &[
                ("field", field.clone()),
                ("max", max.to_string()),
                ("found", found.to_string()),
            ],
        ),
        IssueKind::AmountBelowCurrencyUnit {
            value,
            currency,
            decimals,
        } => i18n.message(
            lang,
            if *decimals == 0 {
                "issue-amount-without-subunit"
            } else {
                "issue-amount-below-currency-unit"
            },
            &[
                ("value", number(value, lang)),
                ("currency", currency.clone()),
                ("decimals", decimals.to_string()),
            ],
        ),
        IssueKind::RefusedWithFile { refused } => i18n.message(
            lang,
            "issue-refused-with-file",
            &[("refused", refused.to_string())],
        ),
        IssueKind::EmptyReturn => i18n.text(lang, "issue-empty-return"),
        IssueKind::TotalWithoutParts { parts } => i18n.message(
            lang,
            "issue-total-without-parts",
            &[("parts", list(parts, lang))],
        ),
        IssueKind::DuplicateInstitution { first } => i18n.message(
            lang,
            "issue-duplicate-institution",
            &[("first", place_text(i18n, lang, first))],
        ),
        IssueKind::InvalidDate { field, value } => i18n.message(
            lang,
            "issue-invalid-date",
            &[("field", field.clone()), ("value", value.clone())],
        ),
        IssueKind::DateAfterAsOf { field, date, as_of } => i18n.message(
            lang,
            "issue-date-after-as-of",
            &[
                ("field", field.clone()),
                ("date", date.clone()),
                ("as_of", as_of.clone()),
            ],
        ),
        IssueKind::DuplicateLoan {
            loan_id,
            first_line,
        } => i18n.message(
            lang,
            "issue-duplicate-loan",
            &[("loan", loan_id.clone()), ("line", first_line.to_string())],
        ),
        IssueKind::ReservedAboveReceivable {
            reserved,
            receivable,
        } => i18n.message(
            lang,
            "issue-reserved-above-receivable",
            &[
                ("reserved", number(reserved, lang)),
                ("receivable", number(receivable, lang)),
            ],
        ),
        IssueKind::NoRuleForColumn { column, source } => i18n.message(
            lang,
            "issue-no-rule-for-column",
            &[("column", column.clone()), ("source", source.clone())],
        ),
        IssueKind::RestructureCountDecreased { previous, current } => i18n.message(
            lang,
            "issue-restructure-count-decreased",
            &[
                ("previous", previous.to_string()),
                ("current", current.to_string()),
            ],
        ),
        IssueKind::InterestDueWithoutUnpaidDate { interest } => i18n.message(
            lang,
            "issue-interest-due-without-unpaid-date",
            &[("interest", number(interest, lang))],
        ),
        IssueKind::RefinancingNotCounted {
            refinanced,
            least,
            current,
        } => i18n.message(
            lang,
            "issue-refinancing-not-counted",
            &[
                ("loan", refinanced.clone()),
                ("least", least.to_string()),
                ("current", current.to_string()),
            ],
        ),
        IssueKind::IrrecoverableNotWrittenOff {
            loan,
            year_end,
            due,
        } => i18n.message(
            lang,
            "issue-irrecoverable-not-written-off",
            &[
                ("loan", loan.clone()),
                ("year_end", format::date_text(i18n, lang, year_end)),
                ("due", format::date_text(i18n, lang, due)),
            ],
        ),
        IssueKind::RulesNotInForce {
            source,
            period,
            from,
        } => i18n.message(
            lang,
            "issue-rules-not-in-force",
            &[
                ("source", source.clone()),
                ("period", format::period_text(i18n, lang, period)),
                ("from", format::date_text(i18n, lang, from)),
            ],
        ),
        IssueKind::ReservedAboveAccrued { reserved, accrued } => i18n.message(
            lang,
            "issue-reserved-above-accrued",
            &[
                ("reserved", number(reserved, lang)),
                ("accrued", number(accrued, lang)),
            ],
        ),
        IssueKind::OutstandingAboveDisbursed {
            outstanding,
            disbursed,
        } => i18n.message(
            lang,
            "issue-outstanding-above-disbursed",
            &[
                ("outstanding", number(outstanding, lang)),
                ("disbursed", number(disbursed, lang)),
            ],
        ),
        IssueKind::GivenWithoutRestructuring { field } => i18n.message(
            lang,
            "issue-given-without-restructuring",
            &[("field", field.clone())],
        ),
        IssueKind::Inconsistent { field, reason } => i18n.message(
            lang,
            "issue-inconsistent",
            &[("field", field.clone()), ("reason", reason.clone())],
        ),
        IssueKind::DiffersFromTape {
            value,
            tape_value,
            tape_version,
        } => i18n.message(
            lang,
            "issue-differs-from-tape",
            &[
                ("value", number(value, lang)),
                ("tape_value", number(tape_value, lang)),
                ("version", tape_version.to_string()),
            ],
        ),
        IssueKind::Rule {
            rule,
            message,
            text,
            args,
        } => {
            // The framework's own words in the reader's language, the figures written as the
            // language writes numbers; issues stored before the words were kept show the
            // English message they were stored with.
            let message = match text {
                Some(text) => args.iter().fold(text.get(lang).to_owned(), |t, (k, v)| {
                    t.replace(&format!("{{{k}}}"), &number(v, lang))
                }),
                None => message.clone(),
            };
            i18n.message(
                lang,
                "issue-rule",
                &[("rule", rule.clone()), ("message", message)],
            )
        }
    }
}

/// Where an issue is, in the page's language (`Financier!D14`, `ligne 12`, `feuille X`).
pub fn place_text(i18n: &I18n, lang: Lang, place: &mizan_core::Place) -> String {
    use mizan_core::Place;
    match place {
        Place::Line { line, column: None } => {
            i18n.message(lang, "place-line", &[("line", line.to_string())])
        }
        Place::Line {
            line,
            column: Some(c),
        } => i18n.message(
            lang,
            "place-line-column",
            &[("line", line.to_string()), ("column", c.clone())],
        ),
        Place::Sheet { sheet } => i18n.message(lang, "place-sheet", &[("sheet", sheet.clone())]),
        Place::File => i18n.text(lang, "place-file"),
        Place::Return => i18n.text(lang, "place-return"),
        // `'Non financier'!D18`: the spreadsheet's own notation, the same in every language.
        Place::Cell { .. } => place.to_string(),
    }
}

/// Blocking or warning, in the page's language.
pub(crate) fn severity_text(i18n: &I18n, lang: Lang, s: mizan_core::Severity) -> String {
    match s {
        mizan_core::Severity::Blocking => i18n.text(lang, "severity-blocking"),
        mizan_core::Severity::Warning => i18n.text(lang, "severity-warning"),
    }
}

/// One issue on one line, in `lang` (`bloquant — Financier!D14 — loans.par30 : …`): what the
/// command line prints.
pub fn issue_line(i18n: &I18n, lang: Lang, issue: &mizan_core::Issue) -> String {
    let severity = i18n.text(
        lang,
        match issue.severity {
            mizan_core::Severity::Blocking => "severity-blocking",
            mizan_core::Severity::Warning => "severity-warning",
        },
    );
    let mut line = format!("{severity} — {}", place_text(i18n, lang, &issue.place));
    if let Some(item) = &issue.item {
        line.push_str(" — ");
        line.push_str(item);
    }
    line.push_str(" — ");
    line.push_str(&issue_text(i18n, lang, &issue.kind));
    line
}
