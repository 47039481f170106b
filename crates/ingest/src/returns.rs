//! Quarterly returns as read from a file, before they are checked against their framework.

use std::collections::HashMap;

use mizan_core::{Checked, InstitutionCode, Issue, IssueKind, Period, Place};
use rust_decimal::Decimal;

use crate::csvfile::{BadLine, read_table};
use crate::limits::Limits;
use crate::numbers::parse_in_dialect;

/// Where a return was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A `returns.csv` file in long form.
    Csv,
    /// A filled-in Excel template.
    Xlsx,
    /// A filled-in template saved as an OpenDocument spreadsheet (`.ods`, LibreOffice).
    Ods,
}

/// The value of one entry as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawValue {
    /// A number, exact.
    Number(Decimal),
    /// Nothing: an empty CSV value, or a formula cell without a computed result.
    Blank,
    /// Not a number: why ([`IssueKind::NotANumber`], [`IssueKind::AmbiguousNumber`],
    /// [`IssueKind::ExcelError`], …).
    Invalid(IssueKind),
}

/// One item of a return as read: a CSV line or a row of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// The item code as written (trimmed; it may not be a valid code).
    pub item: String,
    /// The value.
    pub value: RawValue,
    /// The value as written (for messages): the CSV field, or the cell's text.
    pub text: String,
    /// Where the value is (`line 12, column value`, `Financier!D14`).
    pub place: Place,
    /// Where the item code is (`line 12, column item`, `Financier!A14`).
    pub item_place: Place,
    /// Whether the value is a formula's computed result (a total of the template).
    pub formula: bool,
    /// Whether the spreadsheet shows the value as a percentage (a cell formatted `0.00 %`):
    /// the value read is then the fraction (`0.1889` for 18,89 %), which
    /// [`crate::validate_return`] turns into the percentage a rate item holds, and refuses for
    /// an amount or a count.
    pub percent: bool,
}

/// One submission as read from a file: an (institution, period) and its entries.
///
/// A submission is all-or-nothing: when any of its issues (here or from
/// [`crate::validate_return`]) is blocking, nothing of it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawReturn {
    /// The institution code as written (trimmed).
    pub institution: String,
    /// The period as written (`2016-Q1`; normalised when it is a valid period).
    pub period: String,
    /// The framework id the file names (the template's cover); `None` for CSV.
    pub framework: Option<String>,
    /// Where the submission starts (its first line, or the template's cover).
    pub place: Place,
    /// Where the institution code is written.
    pub institution_place: Place,
    /// Where the period is written.
    pub period_place: Place,
    /// CSV or xlsx.
    pub source: SourceKind,
    /// The entries, in file order.
    pub entries: Vec<RawEntry>,
    /// Issues of this submission found while reading (the lines of it that could not be read).
    pub issues: Vec<Issue>,
}

impl RawReturn {
    /// An empty return read from `source`, starting at `place`.
    pub fn new(source: SourceKind, place: Place) -> Self {
        Self {
            institution: String::new(),
            period: String::new(),
            framework: None,
            place: place.clone(),
            institution_place: place.clone(),
            period_place: place,
            source,
            entries: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// The institution code, when it is well formed.
    pub fn institution_code(&self) -> Option<InstitutionCode> {
        InstitutionCode::parse(&self.institution).ok()
    }

    /// The period, when it is well formed.
    pub fn period(&self) -> Option<Period> {
        Period::parse(&self.period).ok()
    }

    /// A blocking [`IssueKind::UnknownInstitution`] at the place of the institution code, for
    /// the caller that looked it up in the registry and did not find it.
    pub fn unknown_institution(&self) -> Issue {
        Issue::blocking(
            self.institution_place.clone(),
            IssueKind::UnknownInstitution {
                institution: self.institution.clone(),
            },
        )
    }

    /// Blocking [`IssueKind::ContextMismatch`] issues when the file is for another institution
    /// or period than the one it is submitted for (an upload on an institution's own page).
    pub fn check_context(&self, institution: &InstitutionCode, period: Period) -> Vec<Issue> {
        let mut issues = Vec::new();
        if self.institution_code().as_ref() != Some(institution) {
            issues.push(Issue::blocking(
                self.institution_place.clone(),
                IssueKind::ContextMismatch {
                    field: "institution".into(),
                    in_file: self.institution.clone(),
                    expected: institution.to_string(),
                },
            ));
        }
        if self.period() != Some(period) {
            issues.push(Issue::blocking(
                self.period_place.clone(),
                IssueKind::ContextMismatch {
                    field: "period".into(),
                    in_file: self.period.clone(),
                    expected: period.to_string(),
                },
            ));
        }
        issues
    }

    /// Whether any issue found while reading refuses the submission.
    pub fn is_blocked(&self) -> bool {
        self.issues.iter().any(Issue::is_blocking)
    }
}

/// Checks the form of the institution code and the period of a return being read, adding the
/// issues to it; returns the normalised period text.
pub(crate) fn check_keys(raw: &mut RawReturn) {
    if !raw.institution.is_empty()
        && let Err(e) = InstitutionCode::parse(&raw.institution)
    {
        raw.issues.push(Issue::blocking(
            raw.institution_place.clone(),
            IssueKind::InvalidCode {
                value: raw.institution.clone(),
                reason: e.to_string(),
            },
        ));
    }
    if !raw.period.is_empty() {
        match Period::parse(&raw.period) {
            Ok(p) => raw.period = p.to_string(),
            Err(_) => raw.issues.push(Issue::blocking(
                raw.period_place.clone(),
                IssueKind::BadPeriod {
                    period: raw.period.clone(),
                },
            )),
        }
    }
}

const RETURN_COLUMNS: [&str; 4] = ["institution", "period", "item", "value"];

/// Reads a `returns.csv` file in long form (`institution,period,item,value`).
///
/// Lines are grouped into one [`RawReturn`] per (institution, period), in order of first
/// appearance. A problem of one line of a submission (a value that is not a number, a wrong
/// number of fields, an empty item) is in that submission's `issues` or entries; a problem
/// that belongs to no submission (the file is empty, a column is missing, a line without
/// institution or period) is in the returned [`Checked::issues`], and a blocking one there
/// means the file as a whole must be refused. Values are not checked against a framework
/// here: see [`crate::validate_return`].
///
/// The dialect (`,` with `.`, or `;` with `,`) is detected from the header line; a UTF-8
/// byte-order mark is skipped; thousands may be grouped with plain, non-breaking, narrow or
/// thin spaces; blank lines are skipped; lines are numbered from 1, the header being line 1.
pub fn read_returns_csv(bytes: &[u8], limits: &Limits) -> Checked<Vec<RawReturn>> {
    let mut issues = Vec::new();
    let mut bad_lines = Vec::new();
    let Some(table) = read_table(
        bytes,
        limits,
        &RETURN_COLUMNS,
        &[],
        &mut issues,
        &mut bad_lines,
    ) else {
        return Checked {
            data: Vec::new(),
            issues,
        };
    };
    let [inst_col, period_col, item_col, value_col] = RETURN_COLUMNS.map(|c| table.column(c));
    let mut returns: Vec<RawReturn> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();

    // Finds or opens the submission of a line; `None` when the line names no submission
    // (the issue is then file-level).
    let mut submission = |returns: &mut Vec<RawReturn>,
                          issues: &mut Vec<Issue>,
                          line: u64,
                          institution: &str,
                          period: &str|
     -> Option<usize> {
        let mut missing = false;
        for (field, value) in [("institution", institution), ("period", period)] {
            if value.is_empty() {
                issues.push(Issue::blocking(
                    Place::line_column(line, field),
                    IssueKind::MissingValue {
                        field: field.into(),
                    },
                ));
                missing = true;
            }
        }
        if missing {
            return None;
        }
        let period_key =
            Period::parse(period).map_or_else(|_| period.to_owned(), |p| p.to_string());
        let key = (institution.to_owned(), period_key);
        if let Some(&i) = index.get(&key) {
            return Some(i);
        }
        let mut raw = RawReturn::new(SourceKind::Csv, Place::line(line));
        raw.institution = institution.to_owned();
        raw.period = period.to_owned();
        raw.institution_place = Place::line_column(line, "institution");
        raw.period_place = Place::line_column(line, "period");
        check_keys(&mut raw);
        returns.push(raw);
        index.insert(key, returns.len() - 1);
        Some(returns.len() - 1)
    };

    // Lines are handled in file order, the bad ones (wrong field count) among the good ones.
    let mut bad = bad_lines.into_iter().peekable();
    let mut good = table.lines.iter().peekable();
    loop {
        let take_bad = match (good.peek(), bad.peek()) {
            (None, None) => break,
            (Some(g), Some(b)) => b.line.number < g.number,
            (None, Some(_)) => true,
            (Some(_), None) => false,
        };
        if take_bad {
            let Some(BadLine { line, issue }) = bad.next() else {
                break;
            };
            let institution = line.get(inst_col);
            let period = line.get(period_col);
            if institution.is_empty() || period.is_empty() {
                issues.push(issue);
                continue;
            }
            if let Some(i) = submission(&mut returns, &mut issues, line.number, institution, period)
            {
                let item = line.get(item_col);
                let issue = if item.is_empty() {
                    issue
                } else {
                    issue.about(item)
                };
                returns[i].issues.push(issue);
            }
            continue;
        }
        let Some(line) = good.next() else {
            break;
        };
        let Some(i) = submission(
            &mut returns,
            &mut issues,
            line.number,
            line.get(inst_col),
            line.get(period_col),
        ) else {
            continue;
        };
        let item = line.get(item_col);
        if item.is_empty() {
            returns[i].issues.push(Issue::blocking(
                Place::line_column(line.number, "item"),
                IssueKind::MissingValue {
                    field: "item".into(),
                },
            ));
            continue;
        }
        let text = line.get(value_col);
        let value = if text.is_empty() {
            RawValue::Blank
        } else {
            match parse_in_dialect(text, table.dialect.decimal_mark) {
                Ok(d) => RawValue::Number(d),
                Err(kind) => RawValue::Invalid(kind),
            }
        };
        returns[i].entries.push(RawEntry {
            item: item.to_owned(),
            value,
            text: text.to_owned(),
            place: Place::line_column(line.number, "value"),
            item_place: Place::line_column(line.number, "item"),
            formula: false,
            percent: false,
        });
    }
    Checked {
        data: returns,
        issues,
    }
}
