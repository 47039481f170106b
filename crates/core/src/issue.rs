//! Issues found in submitted files: what is wrong, where, and whether it blocks the submission.
//!
//! Every reader and validator returns the data it could read together with every issue it found,
//! so that an institution fixes everything in one upload. An issue names its place (a spreadsheet
//! cell such as `Financier!D14`, a line of a CSV file, or the file as a whole) and, where there is
//! one, the item it concerns.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Whether an issue refuses the submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The submission is refused and nothing of it is stored.
    Blocking,
    /// Stored with the submission and shown to the institution and to staff.
    Warning,
}

impl Severity {
    /// Stable code (`blocking`, `warning`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Blocking => "blocking",
            Self::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where an issue is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Place {
    /// The file as a whole (empty file, wrong format, missing columns).
    File,
    /// A line of a text file, counted from 1 with the header as line 1.
    Line {
        /// Line number.
        line: u64,
        /// The column concerned, when there is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// A cell of a workbook (`Financier!D14`).
    Cell {
        /// Sheet name.
        sheet: String,
        /// A1-style reference.
        cell: String,
    },
    /// A sheet of a workbook as a whole.
    Sheet {
        /// Sheet name.
        sheet: String,
    },
    /// Something computed from several places (a derived total, a rule over several items).
    Return,
}

impl Place {
    /// A line, without column.
    pub fn line(line: u64) -> Self {
        Self::Line { line, column: None }
    }

    /// A line and one of its columns.
    pub fn line_column(line: u64, column: impl Into<String>) -> Self {
        Self::Line {
            line,
            column: Some(column.into()),
        }
    }

    /// A cell, from a zero-based row and column.
    pub fn cell(sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Self::Cell {
            sheet: sheet.into(),
            cell: cell_ref(row, col),
        }
    }
}

/// `A1`-style reference of a zero-based (row, column).
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = u8::try_from((c - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

fn sheet_ref(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File => f.write_str("file"),
            Self::Line { line, column: None } => write!(f, "line {line}"),
            Self::Line {
                line,
                column: Some(column),
            } => write!(f, "line {line}, column {column}"),
            Self::Cell { sheet, cell } => write!(f, "{}!{cell}", sheet_ref(sheet)),
            Self::Sheet { sheet } => write!(f, "sheet {}", sheet_ref(sheet)),
            Self::Return => f.write_str("return"),
        }
    }
}

/// What a workbook limit counts ([`IssueKind::WorkbookTooLarge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkbookMeasure {
    /// Entries of the shared-strings table (`<si>`), or the count it declares.
    SharedStrings,
    /// Bytes of the shared-strings table, or of one of its strings.
    SharedStringsBytes,
    /// Style records (`<xf>`, `<font>`, `<fill>`, `<border>`, `<numFmt>`).
    Styles,
    /// Bytes of a part the workbook reader reads whole (styles, workbook, relationships, theme).
    PartBytes,
    /// Rows of a sheet.
    Rows,
    /// Columns of a sheet.
    Columns,
    /// Cells of a sheet.
    Cells,
    /// Bytes of one text or tag of a sheet (the reader holds it whole).
    CellBytes,
}

impl WorkbookMeasure {
    /// Stable code (`shared_strings`, `rows`, …), also the suffix of the message's translation.
    pub fn code(self) -> &'static str {
        match self {
            Self::SharedStrings => "shared_strings",
            Self::SharedStringsBytes => "shared_strings_bytes",
            Self::Styles => "styles",
            Self::PartBytes => "part_bytes",
            Self::Rows => "rows",
            Self::Columns => "columns",
            Self::Cells => "cells",
            Self::CellBytes => "cell_bytes",
        }
    }

    /// What is counted, in English (`shared strings`, `bytes in the shared strings`, …).
    pub fn noun(self) -> &'static str {
        match self {
            Self::SharedStrings => "shared strings",
            Self::SharedStringsBytes => "bytes in the shared strings",
            Self::Styles => "style records",
            Self::PartBytes => "bytes in a part read whole",
            Self::Rows => "rows",
            Self::Columns => "columns",
            Self::Cells => "cells",
            Self::CellBytes => "bytes in one cell or tag of a sheet",
        }
    }
}

/// What is wrong. Each kind renders an English message; the web layer translates by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueKind {
    // ---- the file as a whole
    /// No bytes, or only blanks.
    EmptyFile,
    /// A header and no data.
    HeaderOnly,
    /// Bytes that are not UTF-8 text.
    NotUtf8,
    /// Larger than the configured limit.
    FileTooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Neither CSV nor an xlsx workbook.
    UnknownFormat,
    /// Named `.xlsx` (or sent as one) but not a readable workbook, or a truncated one.
    NotAWorkbook {
        /// What the reader said.
        reason: String,
    },
    /// A workbook that is not the platform's template.
    NotATemplate {
        /// The sheets that are missing.
        missing_sheets: Vec<String>,
    },
    /// A sheet or archive member that expands beyond the configured limits.
    TooLarge {
        /// What exceeded the limit.
        what: String,
        /// The limit.
        limit: u64,
    },
    /// A workbook that would take more memory to open or read than the limits allow: counted
    /// while streaming its parts, before anything of them is kept (shared strings, styles, rows,
    /// columns or cells of a sheet, the size of a part read whole).
    WorkbookTooLarge {
        /// What is over its limit.
        what: WorkbookMeasure,
        /// The limit (a count, or bytes for [`WorkbookMeasure::SharedStringsBytes`] and
        /// [`WorkbookMeasure::PartBytes`]).
        limit: u64,
    },
    /// Required columns are missing from the header.
    MissingColumns {
        /// The missing columns.
        missing: Vec<String>,
        /// The columns found.
        found: Vec<String>,
    },
    /// A column the format does not know (ignored).
    UnknownColumn {
        /// Its name.
        column: String,
    },
    /// A column named twice in the header.
    DuplicateColumn {
        /// Its name.
        column: String,
    },
    /// A line with the wrong number of fields.
    FieldCount {
        /// Fields expected (from the header).
        expected: u64,
        /// Fields found.
        found: u64,
    },
    /// A CSV syntax error (an unclosed quote, …).
    Syntax {
        /// What the reader said.
        reason: String,
    },

    // ---- values
    /// A required value is empty.
    MissingValue {
        /// The column or field.
        field: String,
    },
    /// Not a number.
    NotANumber {
        /// The text read.
        value: String,
    },
    /// A number that could be read two ways.
    AmbiguousNumber {
        /// The text read.
        value: String,
    },
    /// Thousands separators in the wrong places.
    BadGrouping {
        /// The text read.
        value: String,
    },
    /// Too many digits for an exact decimal.
    NumberOutOfRange {
        /// The text read.
        value: String,
    },
    /// A line or cell that names an item but leaves its value empty: the item is taken as not
    /// reported (missing is never zero).
    EmptyValue,
    /// A spreadsheet cell with a formula but no computed result (the file was written by a
    /// program that does not calculate): the value cannot be known.
    FormulaWithoutValue,
    /// A cell holding an Excel error such as `#DIV/0!`.
    ExcelError {
        /// The error as Excel shows it.
        error: String,
    },
    /// A count below zero.
    NegativeCount {
        /// The value.
        value: String,
    },
    /// A count with a fractional part.
    FractionalCount {
        /// The value.
        value: String,
    },
    /// An amount below zero where the item may not be negative.
    NegativeAmount {
        /// The value.
        value: String,
    },
    /// A yes/no column that holds neither (`true`/`false`, `1`/`0`, `oui`/`non`, …).
    NotABoolean {
        /// The column.
        field: String,
        /// The text read.
        value: String,
    },
    /// A class outside 1 to `max` where a class may be given (or nothing).
    ClassOutOfRange {
        /// The column.
        field: String,
        /// The class read.
        value: String,
        /// The highest class.
        max: u8,
    },
    /// Bytes of a text column that are not UTF-8.
    NotUtf8Text {
        /// The column.
        field: String,
    },
    /// A value that is not one of those accepted (`expected` lists them, as codes).
    InvalidValue {
        /// The column or field.
        field: String,
        /// The text read.
        value: String,
        /// What is accepted.
        expected: String,
    },
    /// A country that is not an ISO 3166-1 alpha-2 code (two letters).
    BadCountry {
        /// The column.
        field: String,
        /// The text read.
        value: String,
    },
    /// No country for an institution: its line gives none and its framework names no default
    /// country (a framework of several countries, `[framework] country` absent).
    MissingCountry {
        /// The column that should give it.
        field: String,
        /// The institution's framework.
        framework: String,
    },
    /// A code that is not well formed.
    InvalidCode {
        /// The text read.
        value: String,
        /// Why.
        reason: String,
    },

    // ---- the return against the framework and the registry
    /// An item code the framework does not define.
    UnknownItem {
        /// The code read.
        item: String,
    },
    /// The same item twice in one return.
    DuplicateItem {
        /// Where it was first given.
        first: Place,
    },
    /// An institution the registry does not know (or not for this framework).
    UnknownInstitution {
        /// The code read.
        institution: String,
    },
    /// A period that is not written `YYYY-Qn`.
    BadPeriod {
        /// The text read.
        period: String,
    },
    /// A quarter not ended yet: its files are accepted from the day after `ends`.
    PeriodNotEnded {
        /// The quarter.
        period: String,
        /// Its last day (`YYYY-MM-DD`).
        ends: String,
    },
    /// An institution that reports monthly (art. 44 SFD at the period) sent a quarter: it sends
    /// its months, `instead` (the quarter's last month) for the quarter.
    ReportsMonthly {
        /// The institution.
        institution: String,
        /// The quarter sent.
        period: String,
        /// The month to send for that quarter (`2024-M03` for `2024-Q1`).
        instead: String,
    },
    /// An institution that reports quarterly (not art. 44 at the period) sent a month: it sends
    /// `instead`, the quarter of that month.
    ReportsQuarterly {
        /// The institution.
        institution: String,
        /// The month sent.
        period: String,
        /// The quarter to send (`2024-Q1` for `2024-M02`).
        instead: String,
    },
    /// A registry version from a month: a version applies from a quarter (`quarter`, the one
    /// of the month read).
    ValidFromMonth {
        /// The month read.
        period: String,
        /// The quarter to write instead.
        quarter: String,
    },
    /// An institution not in the registry for the quarter (it is from `from` on).
    NotRegisteredFor {
        /// The institution.
        institution: String,
        /// The quarter.
        period: String,
        /// The first quarter it is registered for (empty when none).
        from: String,
    },
    /// The institution's framework does not apply to the period (outside every version's
    /// dates, or unknown): `versions` names the rules there are.
    NoFrameworkFor {
        /// The framework.
        framework: String,
        /// The period.
        period: String,
        /// The versions of the framework and the periods each applies to (empty for an unknown
        /// framework, and in issues stored before they were named).
        #[serde(default)]
        versions: Vec<crate::framework::VersionSpan>,
    },
    /// A period not accepted, said in English (issues stored before the typed kinds above, and
    /// the caller's own reasons).
    UnknownPeriod {
        /// The text read.
        period: String,
        /// Why it is not accepted.
        reason: String,
    },
    /// The workbook is for another institution or period than the one it is submitted for.
    ContextMismatch {
        /// What differs (`institution`, `period`).
        field: String,
        /// The value in the file.
        in_file: String,
        /// The value expected.
        expected: String,
    },
    /// A total supplied in the file that differs from the sum of its parts.
    TotalMismatch {
        /// The total as supplied.
        supplied: String,
        /// The sum of the parts.
        sum_of_parts: String,
        /// The parts.
        parts: Vec<String>,
    },
    /// An Excel 97-2003 workbook (`.xls`): to be saved as `.xlsx` first.
    LegacyExcel,
    /// A section sheet of the template whose item codes are not where the template put them in
    /// column A (a column or rows deleted or moved): its values cannot be matched to items.
    TemplateAltered {
        /// The codes of the sheet's items not found in column A.
        missing: Vec<String>,
        /// How many the sheet should hold.
        expected: usize,
        /// Whether the column of values («Valeur») is no longer column D.
        value_column_moved: bool,
    },
    /// A percentage format on a cell whose item is an amount or a count.
    PercentageFormat {
        /// The value as the cell shows it.
        shown: String,
    },
    /// A date where a number is expected, as the cell shows it.
    DateInsteadOfNumber {
        /// The date as the spreadsheet shows it.
        shown: String,
    },
    /// A text longer than its field allows.
    TextTooLong {
        /// The column or field.
        field: String,
        /// Most characters allowed.
        max: usize,
        /// Characters found.
        found: usize,
    },
    /// An amount with more decimals than the currency has (francs CFA have none).
    AmountBelowCurrencyUnit {
        /// The value as read.
        value: String,
        /// The currency.
        currency: String,
        /// Its decimals.
        decimals: u32,
    },
    /// A return without issues of its own, refused because another return of the same file is:
    /// a file is stored whole or not at all.
    RefusedWithFile {
        /// How many returns of the file have blocking issues.
        refused: usize,
    },
    /// A return that holds no value at all.
    EmptyReturn,
    /// A total supplied without any of its parts.
    TotalWithoutParts {
        /// The parts to report instead.
        parts: Vec<String>,
    },
    /// An institution code twice in one registry file.
    DuplicateInstitution {
        /// Where it was first given.
        first: Place,
    },
    // ---- loan tapes
    /// A date that cannot be read (`YYYY-MM-DD` or `DD/MM/YYYY` expected).
    InvalidDate {
        /// The column or field.
        field: String,
        /// The text read.
        value: String,
    },
    /// A date after the quarter-end the tape is for.
    DateAfterAsOf {
        /// The column.
        field: String,
        /// The date read.
        date: String,
        /// The quarter-end.
        as_of: String,
    },
    /// A loan identifier given twice in one tape.
    DuplicateLoan {
        /// The identifier.
        loan_id: String,
        /// The line where it was first given.
        first_line: u64,
    },
    /// Reserved interest larger than the receivable it is reserved on.
    ReservedAboveReceivable {
        /// Reserved interest.
        reserved: String,
        /// Outstanding principal plus accrued interest.
        receivable: String,
    },
    /// Fewer restructurings than the same loan had at the previous quarter-end.
    RestructureCountDecreased {
        /// Count at the previous quarter-end.
        previous: u32,
        /// Count now.
        current: u32,
    },
    /// Interest due and unpaid (`accrued_interest` above zero) on a loan whose tape row gives no
    /// unpaid due date: an instalment's interest is unpaid, so some due date is (circular
    /// C N° 5/W/2023 art. 5: arrears are principal and interest). A warning: the loan is still
    /// held doubtful by its interest arrears where the rules say so.
    InterestDueWithoutUnpaidDate {
        /// The interest due and unpaid, as read.
        interest: String,
    },
    /// A new loan that refinances a loan doubtful at the previous quarter-end is a restructuring
    /// of it (art. 8 second dash) and must count one restructuring more than it had.
    RefinancingNotCounted {
        /// The loan paid off by this one.
        refinanced: String,
        /// The least `restructure_count` of this loan: the refinanced loan's, plus one.
        least: u32,
        /// The count given.
        current: u32,
    },
    /// A loan irrecoverable at a past year end (its oldest unpaid instalment was already more than
    /// the rules' `irrecoverable_after` late on 31 December `year`) still on the tape: art. 17
    /// of C N° 5/W/2023 writes irrecoverable loans off at the latest at the year end.
    IrrecoverableNotWrittenOff {
        /// The loan.
        loan: String,
        /// The year end it was irrecoverable at (`YYYY-12-31`).
        year_end: String,
        /// Its oldest unpaid due date (`YYYY-MM-DD`).
        due: String,
    },
    /// A loan tape whose quarter-end is before the date the classification rules came into force
    /// (C N° 5/W/2023 art. 24: on its signature, 1 February 2023).
    RulesNotInForce {
        /// The rules' source (`C N° 5/W/2023`).
        source: String,
        /// The quarter.
        period: String,
        /// The date in force (`YYYY-MM-DD`).
        from: String,
    },
    /// A tape column that no rule of the institution's regime reads (a judgmental class where
    /// the rules have no judgment, a compromised recovery where they have no such rule): the
    /// loan is classified without it.
    NoRuleForColumn {
        /// The column (`unlikely_to_pay_class`, `recovery_compromised`).
        column: String,
        /// The rules' source (`RCSFD`).
        source: String,
    },
    /// Reserved interest above the interest due and unpaid it is reserved from.
    ReservedAboveAccrued {
        /// `reserved_interest`, as read.
        reserved: String,
        /// `accrued_interest`, as read.
        accrued: String,
    },
    /// Outstanding principal above the principal disbursed.
    OutstandingAboveDisbursed {
        /// `outstanding_principal`, as read.
        outstanding: String,
        /// `principal_disbursed`, as read.
        disbursed: String,
    },
    /// A restructuring's column given for a loan never restructured (`restructure_count` 0).
    GivenWithoutRestructuring {
        /// The column.
        field: String,
    },
    /// Values of one line that contradict each other, said in English (issues stored before
    /// the typed kinds above; nothing writes it any more).
    Inconsistent {
        /// The column concerned.
        field: String,
        /// What contradicts what.
        reason: String,
    },
    /// A return's value that differs from the value the institution's latest loan tape of the
    /// same period gives for the item (the return's value is kept).
    DiffersFromTape {
        /// The value in the return.
        value: String,
        /// The value from the tape.
        tape_value: String,
        /// The tape's version.
        tape_version: i32,
    },
    /// A framework rule (blocking or warning) that the return does not satisfy.
    Rule {
        /// The rule's code in the framework.
        rule: String,
        /// The rule's message in English with the values that broke it (for the log and the
        /// issues stored before `text` and `args` were kept).
        message: String,
        /// The rule's message as the framework words it in its three languages, placeholders
        /// (`{item}`, `{previous}`…) not filled: a page fills them in the reader's language.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<Box<crate::Labels>>,
        /// The figures that broke the rule, by placeholder name.
        #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        args: std::collections::BTreeMap<String, String>,
    },
}

/// One issue found in a submitted file or return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Blocking or warning.
    pub severity: Severity,
    /// Where it is.
    pub place: Place,
    /// The item concerned, as written in the file (it may not be a valid code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: IssueKind,
}

impl Issue {
    /// A blocking issue.
    pub fn blocking(place: Place, kind: IssueKind) -> Self {
        Self {
            severity: Severity::Blocking,
            place,
            item: None,
            kind,
        }
    }

    /// A warning.
    pub fn warning(place: Place, kind: IssueKind) -> Self {
        Self {
            severity: Severity::Warning,
            place,
            item: None,
            kind,
        }
    }

    /// The same issue, about `item`.
    #[must_use]
    pub fn about(mut self, item: impl Into<String>) -> Self {
        self.item = Some(item.into());
        self
    }

    /// Whether it refuses the submission.
    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Blocking
    }

    /// The kind's stable code (`not_a_number`, `total_mismatch`, …).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl IssueKind {
    /// Stable machine-readable code of the kind.
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmptyFile => "empty_file",
            Self::HeaderOnly => "header_only",
            Self::NotUtf8 => "not_utf8",
            Self::FileTooLarge { .. } => "file_too_large",
            Self::UnknownFormat => "unknown_format",
            Self::NotAWorkbook { .. } => "not_a_workbook",
            Self::NotATemplate { .. } => "not_a_template",
            Self::TooLarge { .. } => "too_large",
            Self::WorkbookTooLarge { .. } => "workbook_too_large",
            Self::MissingColumns { .. } => "missing_columns",
            Self::UnknownColumn { .. } => "unknown_column",
            Self::DuplicateColumn { .. } => "duplicate_column",
            Self::FieldCount { .. } => "field_count",
            Self::Syntax { .. } => "syntax",
            Self::MissingValue { .. } => "missing_value",
            Self::NotANumber { .. } => "not_a_number",
            Self::AmbiguousNumber { .. } => "ambiguous_number",
            Self::BadGrouping { .. } => "bad_grouping",
            Self::NumberOutOfRange { .. } => "number_out_of_range",
            Self::EmptyValue => "empty_value",
            Self::FormulaWithoutValue => "formula_without_value",
            Self::ExcelError { .. } => "excel_error",
            Self::NegativeCount { .. } => "negative_count",
            Self::FractionalCount { .. } => "fractional_count",
            Self::NegativeAmount { .. } => "negative_amount",
            Self::NotABoolean { .. } => "not_a_boolean",
            Self::ClassOutOfRange { .. } => "class_out_of_range",
            Self::NotUtf8Text { .. } => "not_utf8_text",
            Self::InvalidValue { .. } => "invalid_value",
            Self::BadCountry { .. } => "bad_country",
            Self::MissingCountry { .. } => "missing_country",
            Self::InvalidCode { .. } => "invalid_code",
            Self::UnknownItem { .. } => "unknown_item",
            Self::DuplicateItem { .. } => "duplicate_item",
            Self::UnknownInstitution { .. } => "unknown_institution",
            Self::BadPeriod { .. } => "bad_period",
            Self::PeriodNotEnded { .. } => "period_not_ended",
            Self::ReportsMonthly { .. } => "reports_monthly",
            Self::ReportsQuarterly { .. } => "reports_quarterly",
            Self::ValidFromMonth { .. } => "valid_from_month",
            Self::NotRegisteredFor { .. } => "not_registered_for",
            Self::NoFrameworkFor { .. } => "no_framework_for",
            Self::UnknownPeriod { .. } => "unknown_period",
            Self::ContextMismatch { .. } => "context_mismatch",
            Self::TotalMismatch { .. } => "total_mismatch",
            Self::LegacyExcel => "legacy_excel",
            Self::TemplateAltered { .. } => "template_altered",
            Self::PercentageFormat { .. } => "percentage_format",
            Self::DateInsteadOfNumber { .. } => "date_instead_of_number",
            Self::TextTooLong { .. } => "text_too_long",
            Self::AmountBelowCurrencyUnit { .. } => "amount_below_currency_unit",
            Self::RefusedWithFile { .. } => "refused_with_file",
            Self::EmptyReturn => "empty_return",
            Self::TotalWithoutParts { .. } => "total_without_parts",
            Self::DuplicateInstitution { .. } => "duplicate_institution",
            Self::InvalidDate { .. } => "invalid_date",
            Self::DateAfterAsOf { .. } => "date_after_as_of",
            Self::DuplicateLoan { .. } => "duplicate_loan",
            Self::ReservedAboveReceivable { .. } => "reserved_above_receivable",
            Self::RestructureCountDecreased { .. } => "restructure_count_decreased",
            Self::InterestDueWithoutUnpaidDate { .. } => "interest_due_without_unpaid_date",
            Self::RefinancingNotCounted { .. } => "refinancing_not_counted",
            Self::IrrecoverableNotWrittenOff { .. } => "irrecoverable_not_written_off",
            Self::RulesNotInForce { .. } => "rules_not_in_force",
            Self::NoRuleForColumn { .. } => "no_rule_for_column",
            Self::ReservedAboveAccrued { .. } => "reserved_above_accrued",
            Self::OutstandingAboveDisbursed { .. } => "outstanding_above_disbursed",
            Self::GivenWithoutRestructuring { .. } => "given_without_restructuring",
            Self::Inconsistent { .. } => "inconsistent",
            Self::DiffersFromTape { .. } => "differs_from_tape",
            Self::Rule { .. } => "rule",
        }
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyFile => f.write_str("the file is empty"),
            Self::HeaderOnly => f.write_str("the file has a header but no data"),
            Self::NotUtf8 => f.write_str("the file is not UTF-8 text"),
            Self::FileTooLarge { size, limit } => {
                write!(
                    f,
                    "the file is {size} bytes, over the limit of {limit} bytes"
                )
            }
            Self::UnknownFormat => {
                f.write_str("the file is neither a CSV file nor an Excel workbook (.xlsx)")
            }
            Self::NotAWorkbook { reason } => {
                write!(
                    f,
                    "the file is not a readable Excel workbook (.xlsx): {reason}"
                )
            }
            Self::NotATemplate { missing_sheets } => write!(
                f,
                "the workbook is not the return template: sheet(s) {} missing; \
                 download the template and fill it in",
                missing_sheets.join(", ")
            ),
            Self::TooLarge { what, limit } => {
                write!(
                    f,
                    "{what} exceeds the limit of {limit}; the file is refused"
                )
            }
            Self::WorkbookTooLarge { what, limit } => write!(
                f,
                "the workbook has more {} than the limit of {limit}; the file is refused",
                what.noun()
            ),
            Self::MissingColumns { missing, found } => write!(
                f,
                "missing column(s) {}; the header has: {}",
                missing.join(", "),
                found.join(", ")
            ),
            Self::UnknownColumn { column } => {
                write!(
                    f,
                    "column \"{column}\" is not part of the format and is ignored"
                )
            }
            Self::DuplicateColumn { column } => write!(f, "column \"{column}\" appears twice"),
            Self::FieldCount { expected, found } => {
                write!(f, "{found} field(s) where the header has {expected}")
            }
            Self::Syntax { reason } => write!(f, "unreadable CSV: {reason}"),
            Self::MissingValue { field } => write!(f, "{field}: a value is required"),
            Self::NotANumber { value } => write!(f, "value \"{value}\" is not a number"),
            Self::AmbiguousNumber { value } => write!(
                f,
                "value \"{value}\" is ambiguous (decimal mark or thousands separator?); \
                 write it without thousands separators, with the file's decimal mark"
            ),
            Self::BadGrouping { value } => {
                write!(f, "value \"{value}\" has misplaced thousands separators")
            }
            Self::NumberOutOfRange { value } => {
                write!(f, "value \"{value}\" is too large or has too many digits")
            }
            Self::EmptyValue => f.write_str(
                "the value is empty: the item is taken as not reported \
                 (write 0 if the value is zero)",
            ),
            Self::FormulaWithoutValue => f.write_str(
                "the cell holds a formula without a computed result; open the file in a \
                 spreadsheet program, let it calculate and save it again",
            ),
            Self::ExcelError { error } => {
                write!(
                    f,
                    "the cell holds the Excel error {error}; correct the formula or value"
                )
            }
            Self::NegativeCount { value } => {
                write!(f, "a count cannot be negative (found {value})")
            }
            Self::FractionalCount { value } => {
                write!(f, "a count must be a whole number (found {value})")
            }
            Self::NegativeAmount { value } => {
                write!(f, "this amount cannot be negative (found {value})")
            }
            Self::NotABoolean { field, value } => {
                write!(
                    f,
                    "{field}: \"{value}\" is not valid; expected true or false"
                )
            }
            Self::ClassOutOfRange { field, value, max } => write!(
                f,
                "{field}: \"{value}\" is not valid; expected empty or a class from 1 to {max}"
            ),
            Self::NotUtf8Text { field } => write!(f, "{field}: the text is not UTF-8"),
            Self::InvalidValue {
                field,
                value,
                expected,
            } => write!(f, "{field}: \"{value}\" is not valid; expected {expected}"),
            Self::BadCountry { field, value } => write!(
                f,
                "{field}: \"{value}\" is not a country code; expected the two letters of ISO \
                 3166-1 (CI, MA, SN)"
            ),
            Self::MissingCountry { field, framework } => write!(
                f,
                "{field}: a value is required, because the framework {framework} covers several \
                 countries"
            ),
            Self::InvalidCode { value, reason } => {
                write!(f, "\"{value}\" is not a valid code: {reason}")
            }
            Self::UnknownItem { item } => {
                write!(f, "item \"{item}\" is not part of the framework")
            }
            Self::DuplicateItem { first } => {
                write!(
                    f,
                    "the item is given twice in this return (first at {first})"
                )
            }
            Self::UnknownInstitution { institution } => write!(
                f,
                "institution \"{institution}\" is not in the registry; import the registry first"
            ),
            Self::BadPeriod { period } => write!(
                f,
                "the period \"{period}\" is not accepted: a period is written YYYY-Qn, for \
                 example 2016-Q1"
            ),
            Self::PeriodNotEnded { period, ends } => write!(
                f,
                "the period \"{period}\" is not accepted: the quarter ends on {ends}; its files \
                 are accepted from the next day"
            ),
            Self::ReportsMonthly {
                institution,
                period,
                instead,
            } => write!(
                f,
                "{institution} reports monthly: send {instead} for the quarter {period}"
            ),
            Self::ReportsQuarterly {
                institution,
                period,
                instead,
            } => write!(
                f,
                "{institution} reports quarterly: send {instead}, not the month {period}"
            ),
            Self::ValidFromMonth { period, quarter } => write!(
                f,
                "a registry version applies from a quarter: write {quarter}, not {period}"
            ),
            Self::NotRegisteredFor {
                institution,
                period,
                from,
            } => write!(
                f,
                "institution {institution} is not in the registry for {period} (from {from} only)"
            ),
            Self::NoFrameworkFor {
                framework,
                period,
                versions,
            } => {
                write!(f, "the framework {framework} does not apply to {period}")?;
                if !versions.is_empty() {
                    let list = crate::framework::VersionSpan::list(versions);
                    write!(f, "; its rules: {list}")?;
                }
                Ok(())
            }
            Self::UnknownPeriod { period, reason } => {
                write!(f, "period \"{period}\" is not accepted: {reason}")
            }
            Self::ContextMismatch {
                field,
                in_file,
                expected,
            } => write!(f, "the file is for {field} {in_file}, not {expected}"),
            Self::TotalMismatch {
                supplied,
                sum_of_parts,
                parts,
            } => write!(
                f,
                "the total {supplied} differs from the sum of its parts {sum_of_parts} ({})",
                parts.join(" + ")
            ),
            Self::LegacyExcel => f.write_str(
                "this is an Excel 97-2003 workbook (.xls): open it in Excel or LibreOffice and \
                 save it as an Excel workbook (.xlsx), then send that file",
            ),
            Self::TemplateAltered {
                missing,
                expected,
                value_column_moved,
            } => {
                if *value_column_moved {
                    f.write_str(
                        "the column of values («Valeur») is no longer column D: columns were \
                         deleted or moved",
                    )?;
                } else {
                    write!(
                        f,
                        "the item codes of this sheet are not in column A where the template \
                         puts them ({} of {expected} missing: {}): columns or rows were deleted \
                         or moved",
                        missing.len(),
                        missing
                            .iter()
                            .take(5)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )?;
                }
                f.write_str("; fill in a fresh template without changing its layout")
            }
            Self::PercentageFormat { shown } => write!(
                f,
                "the cell is formatted as a percentage ({shown}) but the item is an amount or a \
                 count: remove the percentage format and type the figure"
            ),
            Self::DateInsteadOfNumber { shown } => write!(
                f,
                "the cell holds a date ({shown}) where a number is expected: type the figure in \
                 a cell formatted as a number"
            ),
            Self::TextTooLong { field, max, found } => write!(
                f,
                "the {field} has {found} characters; at most {max} are accepted"
            ),
            Self::AmountBelowCurrencyUnit {
                value,
                currency,
                decimals: 0,
            } => write!(
                f,
                "the amount {value} has decimals, but {currency} has no subunit: check the \
                 decimal separator and the unit (amounts are in {currency}, not thousands)"
            ),
            Self::AmountBelowCurrencyUnit {
                value,
                currency,
                decimals,
            } => write!(
                f,
                "the amount {value} has more than {decimals} decimal(s), the smallest unit of \
                 {currency}"
            ),
            Self::RefusedWithFile { refused } => write!(
                f,
                "nothing of this file is stored: {refused} other return(s) of it have blocking \
                 issues; correct them and send the whole file again"
            ),
            Self::EmptyReturn => f.write_str(
                "the return holds no value: fill in the figures (an empty cell means not reported)",
            ),
            Self::TotalWithoutParts { parts } => write!(
                f,
                "a total is given without its parts; report {} instead",
                parts.join(", ")
            ),
            Self::DuplicateInstitution { first } => {
                write!(f, "the institution is given twice (first at {first})")
            }
            Self::InvalidDate { field, value } => write!(
                f,
                "{field}: \"{value}\" is not a date; write YYYY-MM-DD or DD/MM/YYYY"
            ),
            Self::DateAfterAsOf { field, date, as_of } => {
                write!(f, "{field}: {date} is after the quarter-end {as_of}")
            }
            Self::DuplicateLoan {
                loan_id,
                first_line,
            } => write!(
                f,
                "loan \"{loan_id}\" is given twice (first at line {first_line})"
            ),
            Self::ReservedAboveReceivable {
                reserved,
                receivable,
            } => write!(
                f,
                "reserved interest {reserved} exceeds the receivable {receivable} \
                 (outstanding principal + accrued interest)"
            ),
            Self::RestructureCountDecreased { previous, current } => write!(
                f,
                "restructure_count went down from {previous} at the previous quarter-end to {current}"
            ),
            Self::InterestDueWithoutUnpaidDate { interest } => write!(
                f,
                "interest due and unpaid {interest} but no oldest_unpaid_due_date"
            ),
            Self::RefinancingNotCounted {
                refinanced,
                least,
                current,
            } => write!(
                f,
                "refinances loan \"{refinanced}\", doubtful at the previous quarter-end: a \
                 restructuring of it, restructure_count at least {least} (found {current})"
            ),
            Self::IrrecoverableNotWrittenOff {
                loan,
                year_end,
                due,
            } => write!(
                f,
                "loan \"{loan}\" was irrecoverable on {year_end} (unpaid since {due}) and is \
                 still on the tape"
            ),
            Self::NoRuleForColumn { column, source } => write!(
                f,
                "{source} has no rule for the column {column}: the loan is classified without it"
            ),
            Self::RulesNotInForce {
                source,
                period,
                from,
            } => write!(
                f,
                "{source} is in force from {from}: the quarter {period} ends before"
            ),
            Self::ReservedAboveAccrued { reserved, accrued } => write!(
                f,
                "reserved interest {reserved} exceeds the accrued interest {accrued}"
            ),
            Self::OutstandingAboveDisbursed {
                outstanding,
                disbursed,
            } => write!(
                f,
                "outstanding principal {outstanding} exceeds the principal disbursed {disbursed}"
            ),
            Self::GivenWithoutRestructuring { field } => write!(
                f,
                "{field} given for a loan that was never restructured (restructure_count is 0)"
            ),
            Self::Inconsistent { field, reason } => write!(f, "{field}: {reason}"),
            Self::DiffersFromTape {
                value,
                tape_value,
                tape_version,
            } => write!(
                f,
                "the return gives {value} where the loan tape (version {tape_version}) gives \
                 {tape_value}; the return's value is kept"
            ),
            Self::Rule { rule, message, .. } => write!(f, "{message} [{rule}]"),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.place)?;
        if let Some(item) = &self.item {
            write!(f, "item {item}: ")?;
        }
        write!(f, "{}", self.kind)
    }
}

/// Data read from a file together with every issue found while reading and checking it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    /// What could be read (possibly partial when there are blocking issues).
    pub data: T,
    /// Every issue, in the order found.
    pub issues: Vec<Issue>,
}

impl<T> Checked<T> {
    /// Whether any issue refuses the data.
    pub fn is_blocked(&self) -> bool {
        self.issues.iter().any(Issue::is_blocking)
    }

    /// The blocking issues.
    pub fn blocking(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.is_blocking())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| !i.is_blocking())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_render_like_spreadsheets() {
        assert_eq!(Place::cell("Financier", 13, 3).to_string(), "Financier!D14");
        assert_eq!(
            Place::cell("Non financier", 0, 0).to_string(),
            "'Non financier'!A1"
        );
        assert_eq!(cell_ref(0, 25), "Z1");
        assert_eq!(cell_ref(9, 26), "AA10");
        assert_eq!(cell_ref(0, 701), "ZZ1");
        assert_eq!(cell_ref(0, 702), "AAA1");
        assert_eq!(Place::line(12).to_string(), "line 12");
    }

    #[test]
    fn issues_render_with_place_and_item() {
        let issue = Issue::blocking(
            Place::line(12),
            IssueKind::NotANumber {
                value: "12,5,0".into(),
            },
        )
        .about("loans.par30");
        assert_eq!(
            issue.to_string(),
            "line 12: item loans.par30: value \"12,5,0\" is not a number"
        );
    }

    #[test]
    fn issues_round_trip_through_json() -> Result<(), serde_json::Error> {
        let issue = Issue::blocking(
            Place::cell("Financier", 13, 3),
            IssueKind::TotalMismatch {
                supplied: "10".into(),
                sum_of_parts: "9".into(),
                parts: vec!["a".into(), "b".into()],
            },
        )
        .about("clients.total");
        let json = serde_json::to_string(&issue)?;
        assert!(json.contains("\"kind\":\"total_mismatch\""), "{json}");
        assert!(json.contains("\"at\":\"cell\""), "{json}");
        let back: Issue = serde_json::from_str(&json)?;
        assert_eq!(back, issue);
        Ok(())
    }
}
