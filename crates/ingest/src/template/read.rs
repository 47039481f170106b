//! Reading a filled-in template back, defensively: the archive is checked before the workbook is
//! opened, and sheets are streamed cell by cell, never expanded into a range.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, Reader, Xlsx};
use mizan_core::{Checked, Framework, Frameworks, Issue, IssueKind, Lang, Period, Place};
use rust_decimal::Decimal;

use super::{
    CODE_COL, COVER_KEY_COL, COVER_ROWS, COVER_SHEET, Column, CoverField, HEADER_ROW, KEY_ROW,
    VALUE_COL,
};
use crate::limits::Limits;
use crate::numbers::{decimal_from_f64, f64_text, parse_any_mark};
use crate::returns::{RawEntry, RawReturn, RawValue, SourceKind, check_keys};

/// A cell as kept from the stream: its value, owned, whether it holds a formula, and its
/// number format when the cell has one of its own.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SheetCell {
    pub(super) value: CellValue,
    pub(super) formula: bool,
    pub(super) format: Option<Format>,
}

/// The cells of a sheet that a reader kept, by (row, column) from 0.
pub(super) type Cells = BTreeMap<(u32, u32), SheetCell>;

/// A workbook's sheets, read within the limits: an xlsx workbook streamed cell by cell, or an
/// OpenDocument spreadsheet checked whole before it is read ([`super::ods`]).
pub(super) trait Sheets {
    /// The sheets' names, in order.
    fn names(&self) -> Vec<String>;
    /// The cells of `sheet` for which `keep(row, col)` holds.
    fn cells(
        &mut self,
        sheet: &str,
        limits: &Limits,
        keep: &dyn Fn(u32, u32) -> bool,
    ) -> Result<Cells, Box<Issue>>;
}

/// What a cell's number format says about how the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Format {
    /// A percentage (`0 %`, `0.00 %`): the value is the fraction.
    Percent,
    /// A date, with the format's code (`DD/MM/YY`) when it has one of its own.
    Date(Option<String>),
    /// Anything else.
    Other,
}

impl Format {
    fn of(format: &calamine::NumberFormat) -> Self {
        let code = format.format_code.as_str();
        // The code without its quoted text, escaped characters and [colour]/[locale] blocks.
        let mut bare = String::new();
        let mut quoted = false;
        let mut bracket = false;
        let mut escaped = false;
        for c in code.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = !quoted,
                '[' if !quoted => bracket = true,
                ']' if !quoted => bracket = false,
                _ if quoted || bracket => {}
                c => bare.push(c.to_ascii_lowercase()),
            }
        }
        match format.format_id {
            Some(9 | 10) => return Self::Percent,
            Some(14..=17 | 22) => return Self::Date(None),
            _ => {}
        }
        if bare.contains('%') {
            Self::Percent
        } else if bare.contains('y') || (bare.contains('d') && bare.contains('m')) {
            Self::Date(Some(code.to_owned()))
        } else {
            Self::Other
        }
    }
}

/// A date serial of the 1900 date system as the spreadsheet shows it: in the order of its
/// format's day, month and year (day/month/year when it has no format of its own, as in the
/// French and Arabic locales of the platform's users).
pub(super) fn date_shown(serial: f64, format: Option<&str>) -> String {
    let days = serial.floor();
    let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|base| {
        let n = format!("{days:.0}").parse::<i64>().ok()?;
        base.checked_add_signed(chrono::Duration::days(n))
    });
    let Some(date) = date else {
        return f64_text(serial);
    };
    let code = format.unwrap_or("dd/mm/yyyy").to_ascii_lowercase();
    let sep = code
        .chars()
        .find(|c| matches!(c, '/' | '-' | '.'))
        .unwrap_or('/');
    let long_year = code.contains("yyy") || !code.contains('y');
    let position = |c: char| code.find(c).unwrap_or(usize::MAX);
    let mut parts = [
        (
            position('d'),
            format!("{:02}", chrono::Datelike::day(&date)),
        ),
        (
            position('m'),
            format!("{:02}", chrono::Datelike::month(&date)),
        ),
        (
            position('y'),
            if long_year {
                format!("{:04}", chrono::Datelike::year(&date))
            } else {
                format!("{:02}", chrono::Datelike::year(&date).rem_euclid(100))
            },
        ),
    ];
    if parts.iter().all(|p| p.0 == usize::MAX) {
        parts[0].0 = 0;
        parts[1].0 = 1;
        parts[2].0 = 2;
    }
    parts.sort_by_key(|p| p.0);
    parts
        .iter()
        .map(|p| p.1.as_str())
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum CellValue {
    Float(f64),
    /// A date as an OpenDocument spreadsheet stores it (`2016-03-12`).
    IsoDate(String),
    Int(i64),
    Text(String),
    Bool(bool),
    Date(f64),
    Error(String),
    Empty,
}

impl CellValue {
    /// A cell of a spreadsheet read whole (an OpenDocument spreadsheet).
    pub(super) fn from_data(data: &calamine::Data) -> Self {
        use calamine::Data;
        match data {
            Data::Int(i) => Self::Int(*i),
            Data::Float(f) => Self::Float(*f),
            Data::String(s) => Self::Text(s.clone()),
            Data::Bool(b) => Self::Bool(*b),
            Data::DateTime(d) => Self::Date(d.as_f64()),
            Data::DateTimeIso(s) => Self::IsoDate(s.clone()),
            Data::DurationIso(s) => Self::Text(s.clone()),
            Data::Error(e) => Self::Error(e.to_string()),
            Data::Empty => Self::Empty,
        }
    }

    fn from_ref(data: &DataRef<'_>) -> Self {
        match data {
            DataRef::Int(i) => Self::Int(*i),
            DataRef::Float(f) => Self::Float(*f),
            DataRef::String(s) => Self::Text(s.clone()),
            DataRef::SharedString(s) => Self::Text((*s).to_owned()),
            DataRef::Bool(b) => Self::Bool(*b),
            DataRef::DateTime(d) => Self::Date(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Self::Text(s.clone()),
            DataRef::Error(e) => Self::Error(e.to_string()),
            DataRef::Empty => Self::Empty,
        }
    }

    /// The cell as text (for codes and cover fields).
    fn text(&self) -> String {
        match self {
            Self::Float(f) | Self::Date(f) => f64_text(*f),
            Self::Int(i) => i.to_string(),
            Self::Text(s) | Self::IsoDate(s) => s.trim().to_owned(),
            Self::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Self::Error(e) => e.clone(),
            Self::Empty => String::new(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a value of the return, with the cell's number format.
    fn value(&self, format: Option<&Format>) -> RawValue {
        let result = match self {
            Self::Float(f) | Self::Date(f) if matches!(format, Some(Format::Date(_))) => {
                let code = match format {
                    Some(Format::Date(code)) => code.as_deref(),
                    _ => None,
                };
                Err(IssueKind::DateInsteadOfNumber {
                    shown: date_shown(*f, code),
                })
            }
            Self::Float(f) => decimal_from_f64(*f),
            Self::Int(i) => Ok(Decimal::from(*i)),
            Self::Text(s) if s.trim().is_empty() => return RawValue::Blank,
            Self::Text(s) => parse_any_mark(s),
            Self::Bool(_) => Err(IssueKind::NotANumber { value: self.text() }),
            Self::Date(f) => Err(IssueKind::DateInsteadOfNumber {
                shown: date_shown(*f, None),
            }),
            Self::IsoDate(s) => Err(IssueKind::DateInsteadOfNumber {
                shown: chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                    .map_or_else(|_| s.clone(), |d| d.format("%d/%m/%Y").to_string()),
            }),
            Self::Error(e) => Err(IssueKind::ExcelError { error: e.clone() }),
            Self::Empty => return RawValue::Blank,
        };
        match result {
            Ok(d) => RawValue::Number(d),
            Err(kind) => RawValue::Invalid(kind),
        }
    }
}

/// Reads a filled-in return template (see [`crate::write_template`]).
///
/// Before the workbook is opened, the file's size is checked, then the zip archive: a file that
/// is not a zip archive, a truncated or damaged one, or one without `xl/workbook.xml` is
/// [`IssueKind::NotAWorkbook`]; too many members, or members whose declared uncompressed sizes
/// exceed [`Limits::max_uncompressed_bytes`], is [`IssueKind::TooLarge`] (the zip reader refuses
/// a member that inflates beyond its declared size, so declared sizes bound what is inflated).
/// Sheets are then streamed cell by cell and never expanded into a range: a sheet whose declared
/// dimension or any cell lies beyond [`Limits::max_rows`] or [`Limits::max_columns`], or with
/// more than [`Limits::max_cells`] cells, is [`IssueKind::TooLarge`]; only the code and value
/// columns are kept. A workbook without the cover or a section sheet of its framework is
/// [`IssueKind::NotATemplate`] naming the missing sheets.
///
/// The template may be in French, English or Arabic: the cover is the first sheet that is no
/// section's sheet and carries the fields' keys (hidden column C; in a French template written
/// before the keys, the fields' French labels); the section sheets are looked for under their
/// names in the language most of them have (French on a tie), and their value column is
/// checked by its key in the hidden row above the headings. These file-level issues are in the
/// returned [`Checked::issues`]; problems of the cover (no institution, a malformed period) are
/// in the return's own `issues`, and each value's problem is in its entry, for
/// [`crate::validate_return`] to report.
///
/// The framework, period and institution are read from the cover. Values are read from column
/// D of each section sheet, for every row whose column A holds an item code: numbers through
/// the shortest text of their binary double (so `0.1` typed is `0.1` read, exactly); text
/// through the locale-tolerant parser (`1 850 679,25` or `1850679.25`; `1,234` is ambiguous);
/// an Excel error (`#DIV/0!`) as [`IssueKind::ExcelError`] naming the cell; a formula's computed
/// result with `formula: true`. An empty cell is an item not reported (missing is never zero).
///
/// The same template saved as an OpenDocument spreadsheet (`.ods`, LibreOffice) is read the same
/// way, after `content.xml` was streamed once to refuse a sheet that would expand beyond the
/// limits (repeated rows and cells) and to note percentages, dates and errors.
///
/// The third-party workbook reader is run under `catch_unwind`: should it panic on a crafted
/// file, the file is refused as [`IssueKind::NotAWorkbook`] instead.
pub fn read_template(bytes: &[u8], frameworks: &Frameworks, limits: &Limits) -> Checked<RawReturn> {
    let mut raw = RawReturn::new(
        SourceKind::Xlsx,
        Place::Sheet {
            sheet: COVER_SHEET.into(),
        },
    );
    let mut issues = Vec::new();
    if let Some(issue) = limits.check_size(bytes) {
        issues.push(issue);
    } else if super::ods::is_ods(bytes) {
        raw.source = SourceKind::Ods;
        let outcome = catch_unwind(AssertUnwindSafe(|| match super::ods::open(bytes, limits) {
            Ok(mut book) => read_workbook(&mut book, frameworks, limits, &mut raw, &mut issues),
            Err(issue) => issues.push(*issue),
        }));
        if outcome.is_err() {
            issues.push(*not_a_workbook(
                "the spreadsheet reader failed on its content",
            ));
        }
    } else if let Err(issue) = check_archive(Cursor::new(bytes), limits) {
        issues.push(*issue);
    } else {
        let outcome = catch_unwind(AssertUnwindSafe(|| match Xlsx::new(Cursor::new(bytes)) {
            Ok(book) => read_workbook(
                &mut XlsxSheets(book),
                frameworks,
                limits,
                &mut raw,
                &mut issues,
            ),
            Err(e) => issues.push(*not_a_workbook(e.to_string())),
        }));
        if outcome.is_err() {
            issues.push(*not_a_workbook("the workbook reader failed on its content"));
        }
    }
    Checked { data: raw, issues }
}

pub(super) fn not_a_workbook(reason: impl Into<String>) -> Box<Issue> {
    Box::new(Issue::blocking(
        Place::File,
        IssueKind::NotAWorkbook {
            reason: reason.into(),
        },
    ))
}

pub(super) fn too_large(what: impl Into<String>, limit: u64) -> Box<Issue> {
    Box::new(Issue::blocking(
        Place::File,
        IssueKind::TooLarge {
            what: what.into(),
            limit,
        },
    ))
}

/// Checks an xlsx file before anything of it is inflated: its size, then the zip archive's
/// directory (a workbook, at most [`Limits::max_zip_entries`] members whose declared sizes add
/// up to at most [`Limits::max_uncompressed_bytes`]). `None` when it may be read; otherwise the
/// blocking issue ([`IssueKind::FileTooLarge`], [`IssueKind::NotAWorkbook`] or
/// [`IssueKind::TooLarge`]). [`read_template`] does it itself; a caller of a streaming reader
/// such as [`crate::loans::read_tape_xlsx`] does it first.
pub fn check_xlsx(bytes: &[u8], limits: &Limits) -> Option<Issue> {
    limits
        .check_size(bytes)
        .or_else(|| check_archive(Cursor::new(bytes), limits).err().map(|i| *i))
}

/// [`check_xlsx`] of a file not read into memory: `reader` is read from its start; `size` is
/// the file's length. The shared strings and styles are streamed through with a fixed buffer.
pub fn check_xlsx_reader<R: Read + Seek>(reader: R, size: u64, limits: &Limits) -> Option<Issue> {
    limits
        .check_len(size)
        .or_else(|| check_archive(reader, limits).err().map(|i| *i))
}

/// Checks a zip archive's directory, nothing inflated: at most [`Limits::max_zip_entries`]
/// members whose declared sizes, each and together, stay within
/// [`Limits::max_uncompressed_bytes`] (the zip reader refuses a member that inflates beyond its
/// declared size, so declared sizes bound what is inflated). Gives the members' names and
/// declared sizes.
pub(super) fn check_directory<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: &Limits,
    what: &str,
) -> Result<Vec<(String, u64)>, Box<Issue>> {
    let entries = u64::try_from(archive.len()).unwrap_or(u64::MAX);
    if entries > limits.max_zip_entries {
        return Err(too_large(
            format!("the number of members of the archive ({entries})"),
            limits.max_zip_entries,
        ));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| not_a_workbook(format!("the archive is damaged or truncated ({e})")))?;
        let size = member.size();
        let name = member.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > limits.max_uncompressed_bytes {
            return Err(too_large(
                format!("member {name} of the archive ({size} bytes uncompressed)"),
                limits.max_uncompressed_bytes,
            ));
        }
        total = total.saturating_add(size);
        if total > limits.max_uncompressed_bytes {
            return Err(too_large(
                format!("the uncompressed size of the {what}"),
                limits.max_uncompressed_bytes,
            ));
        }
        names.push((name, size));
    }
    Ok(names)
}

/// Checks the zip archive's directory before anything is inflated, then streams the parts that
/// the workbook reader would read whole ([`crate::workbook::check_parts`]).
fn check_archive<R: Read + Seek>(mut reader: R, limits: &Limits) -> Result<(), Box<Issue>> {
    let mut magic = [0u8; 4];
    let is_zip = reader.rewind().is_ok() && reader.read_exact(&mut magic).is_ok();
    if !is_zip || &magic != b"PK\x03\x04" {
        return Err(not_a_workbook(
            "it is not a zip archive, as every .xlsx file is",
        ));
    }
    let mut archive = zip::ZipArchive::new(reader)
        .map_err(|e| not_a_workbook(format!("the archive is damaged or truncated ({e})")))?;
    let has_workbook = check_directory(&mut archive, limits, "workbook")?
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("xl/workbook.xml"));
    if !has_workbook {
        return Err(not_a_workbook(
            "the archive has no xl/workbook.xml: it is not an Excel workbook",
        ));
    }
    crate::workbook::check_parts(&mut archive, limits)
}

type Book<'a> = Xlsx<Cursor<&'a [u8]>>;

/// Streams a sheet, keeping the cells for which `keep(row, col)` holds; refuses a sheet that
/// extends beyond the limits.
fn read_cells(
    book: &mut Book<'_>,
    sheet: &str,
    limits: &Limits,
    keep: &dyn Fn(u32, u32) -> bool,
) -> Result<Cells, Box<Issue>> {
    let unreadable = |e: calamine::XlsxError| not_a_workbook(format!("sheet {sheet}: {e}"));
    let mut reader = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let dims = reader.dimensions();
    check_position(sheet, dims.end, limits, "declares a size")?;
    let mut cells = BTreeMap::new();
    let mut count: u64 = 0;
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(unreadable)?
    {
        count += 1;
        if count > limits.max_cells {
            return Err(too_large(
                format!("the number of cells of sheet {sheet}"),
                limits.max_cells,
            ));
        }
        let (row, col) = cell.pos;
        check_position(sheet, cell.pos, limits, "has a cell")?;
        if keep(row, col) {
            cells.insert(
                (row, col),
                SheetCell {
                    value: CellValue::from_ref(&cell.value),
                    formula: cell.formula.is_some(),
                    format: None,
                },
            );
        }
    }
    drop(reader);
    // A second pass over the same sheet for the number formats of the cells kept (a
    // percentage, a date): the stream gives a cell's value and formula, or its style, not both.
    let mut styles = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    while let Some((row, col, style)) = styles.next_style_id().map_err(unreadable)? {
        if let Some(cell) = cells.get_mut(&(row, col))
            && let Some(format) = styles
                .styles()
                .get(style)
                .and_then(|s| s.number_format.as_ref())
        {
            cell.format = Some(Format::of(format));
        }
    }
    Ok(cells)
}

fn check_position(
    sheet: &str,
    (row, col): (u32, u32),
    limits: &Limits,
    what: &str,
) -> Result<(), Box<Issue>> {
    let at = Place::cell(sheet, row, col);
    if u64::from(row) >= limits.max_rows {
        return Err(too_large(
            format!("sheet {sheet} {what} at {at}: the number of rows"),
            limits.max_rows,
        ));
    }
    if u64::from(col) >= limits.max_columns {
        return Err(too_large(
            format!("sheet {sheet} {what} at {at}: the number of columns"),
            limits.max_columns,
        ));
    }
    Ok(())
}

/// An xlsx workbook, streamed sheet by sheet.
struct XlsxSheets<'a>(Book<'a>);

impl Sheets for XlsxSheets<'_> {
    fn names(&self) -> Vec<String> {
        self.0.sheet_names()
    }

    fn cells(
        &mut self,
        sheet: &str,
        limits: &Limits,
        keep: &dyn Fn(u32, u32) -> bool,
    ) -> Result<Cells, Box<Issue>> {
        read_cells(&mut self.0, sheet, limits, keep)
    }
}

fn read_workbook(
    book: &mut dyn Sheets,
    frameworks: &Frameworks,
    limits: &Limits,
    raw: &mut RawReturn,
    issues: &mut Vec<Issue>,
) {
    let names = book.names();
    // The cover is the first sheet that is no section's sheet, in any language, of any
    // framework; it is the cover if it carries the fields' keys.
    let sections: std::collections::HashSet<&str> = frameworks
        .ids()
        .filter_map(|id| frameworks.latest(id))
        .flat_map(|fw| fw.sections.iter())
        .flat_map(|s| Lang::ALL.map(|lang| s.sheet.get(lang)))
        .collect();
    let not_a_template = |issues: &mut Vec<Issue>| {
        issues.push(Issue::blocking(
            Place::File,
            IssueKind::NotATemplate {
                missing_sheets: missing_without_cover(&names, frameworks),
            },
        ));
    };
    let Some(cover_name) = names.iter().find(|n| !sections.contains(n.as_str())) else {
        not_a_template(issues);
        return;
    };
    let cover = match book.cells(cover_name, limits, &|r, c| {
        r < COVER_ROWS && c <= u32::from(COVER_KEY_COL)
    }) {
        Ok(cells) => cells,
        Err(issue) => {
            issues.push(*issue);
            return;
        }
    };
    if key_row(&cover, CoverField::Framework).is_none() {
        not_a_template(issues);
        return;
    }
    raw.place = Place::Sheet {
        sheet: cover_name.clone(),
    };
    let Some(framework) = read_cover(cover_name, &cover, frameworks, raw, issues) else {
        return;
    };
    let lang = language(framework, &names);
    let missing: Vec<String> = framework
        .sections
        .iter()
        .map(|s| s.sheet.get(lang))
        .filter(|sheet| !names.iter().any(|n| n == sheet))
        .map(str::to_owned)
        .collect();
    if !missing.is_empty() {
        issues.push(Issue::blocking(
            Place::File,
            IssueKind::NotATemplate {
                missing_sheets: missing,
            },
        ));
    }
    for section in &framework.sections {
        let sheet = section.sheet.get(lang);
        if !names.iter().any(|n| n == sheet) {
            continue;
        }
        let cells = match book.cells(sheet, limits, &|r, c| {
            r >= KEY_ROW && (c == u32::from(CODE_COL) || c == u32::from(VALUE_COL))
        }) {
            Ok(cells) => cells,
            Err(issue) => {
                issues.push(*issue);
                return;
            }
        };
        if let Some(issue) = check_layout(framework, section, sheet, &cells) {
            raw.issues.push(issue);
            continue;
        }
        read_entries(sheet, &cells, raw);
    }
}

/// The language of a workbook's section sheets: the one in which most of them are named
/// (French on a tie).
fn language(framework: &Framework, names: &[String]) -> Lang {
    let present = |lang: Lang| {
        framework
            .sections
            .iter()
            .filter(|s| names.iter().any(|n| n == s.sheet.get(lang)))
            .count()
    };
    Lang::ALL
        .into_iter()
        .rev()
        .max_by_key(|lang| present(*lang))
        .unwrap_or_default()
}

/// The labels of the cover's fields in the French template written before the fields carried
/// keys: such a template, downloaded before and sent after, is read by them. (Recognised, never
/// written.)
const LEGACY_COVER: [(CoverField, &str); 5] = [
    (CoverField::Framework, "Référentiel"),
    (CoverField::Version, "Version du référentiel"),
    (CoverField::Period, "Période"),
    (CoverField::Institution, "Code de l'institution"),
    (CoverField::Name, "Nom de l'institution"),
];

/// The heading of the value column in the French template written before the columns carried
/// keys.
const LEGACY_VALUE_HEADING: &str = "Valeur";

/// Text of a label for comparison: trimmed, lower case, typographic apostrophe as plain.
fn label_key(text: &str) -> String {
    text.trim().to_lowercase().replace('\u{2019}', "'")
}

/// The row of the cover holding `field`'s key in the hidden column; in a template written
/// before the keys, the row of its French label in column A.
fn key_row(cells: &Cells, field: CoverField) -> Option<u32> {
    let key_col = u32::from(COVER_KEY_COL);
    let by_key = cells
        .iter()
        .find(|((_, c), cell)| *c == key_col && cell.value.text() == field.key())
        .map(|((r, _), _)| *r);
    let has_keys = cells
        .iter()
        .any(|((_, c), cell)| *c == key_col && !cell.value.is_blank());
    by_key.or_else(|| {
        let legacy = LEGACY_COVER.iter().find(|(f, _)| *f == field)?;
        let label = label_key(legacy.1);
        (!has_keys)
            .then(|| {
                cells
                    .iter()
                    .find(|((_, c), cell)| *c == 0 && label_key(&cell.value.text()) == label)
                    .map(|((r, _), _)| *r)
            })
            .flatten()
    })
}

/// Whether a section sheet still has the template's layout: every item code of the section in
/// column A, and the column of values in D (its key in the hidden row above the headings). A
/// sheet whose columns or rows were deleted or moved would otherwise lose its items silently
/// (values read from the wrong column, or not at all).
fn check_layout(
    framework: &Framework,
    section: &mizan_core::framework::ReturnSection,
    sheet: &str,
    cells: &BTreeMap<(u32, u32), SheetCell>,
) -> Option<Issue> {
    let code_col = u32::from(CODE_COL);
    let found: std::collections::HashSet<String> = cells
        .iter()
        .filter(|((r, c), _)| *r > HEADER_ROW && *c == code_col)
        .map(|(_, cell)| cell.value.text())
        .collect();
    let expected: Vec<&str> = framework
        .section_items(&section.code)
        .map(|i| i.code.as_str())
        .collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|c| !found.contains(**c))
        .map(|c| (*c).to_owned())
        .collect();
    let text_at = |row: u32| {
        cells
            .get(&(row, u32::from(VALUE_COL)))
            .map(|c| c.value.text())
            .unwrap_or_default()
    };
    // A template written before the keys has nothing in their row: its French heading says.
    let has_keys = cells
        .iter()
        .any(|((r, _), cell)| *r == KEY_ROW && !cell.value.is_blank());
    let value_in_d = if has_keys {
        text_at(KEY_ROW) == Column::Value.key()
    } else {
        label_key(&text_at(HEADER_ROW)) == label_key(LEGACY_VALUE_HEADING)
    };
    let value_column_moved = missing.is_empty() && !value_in_d;
    (!missing.is_empty() || value_column_moved).then(|| {
        Issue::blocking(
            Place::Sheet {
                sheet: sheet.to_owned(),
            },
            IssueKind::TemplateAltered {
                missing,
                expected: expected.len(),
                value_column_moved,
            },
        )
    })
}

/// Reads the cover's fields into `raw`, each found by its key in the hidden column, and finds
/// the framework the workbook is for. A field is named in issues by its label on the cover.
fn read_cover<'f>(
    cover: &str,
    cells: &Cells,
    frameworks: &'f Frameworks,
    raw: &mut RawReturn,
    issues: &mut Vec<Issue>,
) -> Option<&'f Framework> {
    let mut framework_id = None;
    let mut framework_row = CoverField::Framework.row();
    for field in CoverField::ALL {
        let Some(row) = key_row(cells, field) else {
            if field.required() {
                raw.issues.push(Issue::blocking(
                    Place::Sheet {
                        sheet: cover.to_owned(),
                    },
                    IssueKind::MissingValue {
                        field: field.key().into(),
                    },
                ));
            }
            continue;
        };
        let label = cells
            .get(&(row, 0))
            .map(|c| c.value.text())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| field.key().to_owned());
        let place = Place::cell(cover, row, 1);
        let value = cells.get(&(row, 1)).map(|c| &c.value);
        if let Some(CellValue::Error(error)) = value {
            raw.issues.push(Issue::blocking(
                place,
                IssueKind::ExcelError {
                    error: error.clone(),
                },
            ));
            continue;
        }
        let text = value.map(CellValue::text).unwrap_or_default();
        if text.is_empty() && field.required() {
            raw.issues.push(Issue::blocking(
                place.clone(),
                IssueKind::MissingValue { field: label },
            ));
        }
        match field {
            CoverField::Framework => {
                framework_id = Some(text);
                framework_row = row;
            }
            CoverField::Period => {
                raw.period = text;
                raw.period_place = place;
            }
            CoverField::Institution => {
                raw.institution = text;
                raw.institution_place = place.clone();
                raw.place = place;
            }
            CoverField::Version | CoverField::Name => {}
        }
    }
    check_keys(raw);
    let id = framework_id.filter(|id| !id.is_empty())?;
    raw.framework = Some(id.clone());
    let found = raw
        .period()
        .and_then(|p: Period| frameworks.get(&id, p).ok())
        .or_else(|| frameworks.latest(&id));
    if found.is_none() {
        issues.push(Issue::blocking(
            Place::cell(cover, framework_row, 1),
            IssueKind::InvalidValue {
                field: "framework".into(),
                value: id,
                expected: frameworks.ids().collect::<Vec<_>>().join(", "),
            },
        ));
    }
    found
}

/// The template's sheets missing from a workbook without a cover: the cover and the sections
/// of the framework, in the language, whose sheets the workbook has most of.
fn missing_without_cover(names: &[String], frameworks: &Frameworks) -> Vec<String> {
    let present = |fw: &Framework, lang: Lang| {
        fw.sections
            .iter()
            .filter(|s| names.iter().any(|n| n == s.sheet.get(lang)))
            .count()
    };
    let best = frameworks
        .ids()
        .filter_map(|id| frameworks.latest(id))
        .flat_map(|fw| Lang::ALL.map(|lang| (fw, lang)))
        .max_by_key(|(fw, lang)| {
            (
                present(fw, *lang),
                std::cmp::Reverse(fw.id.clone()),
                std::cmp::Reverse(Lang::ALL.iter().position(|l| l == lang)),
            )
        });
    std::iter::once(COVER_SHEET.to_owned())
        .chain(best.into_iter().flat_map(|(fw, lang)| {
            fw.sections
                .iter()
                .map(move |s| s.sheet.get(lang))
                .filter(|sheet| !names.iter().any(|n| n == sheet))
                .map(str::to_owned)
        }))
        .collect()
}

/// The entries of one section sheet: each row with a code in A and something in D.
fn read_entries(sheet: &str, cells: &BTreeMap<(u32, u32), SheetCell>, raw: &mut RawReturn) {
    let code_col = u32::from(CODE_COL);
    let value_col = u32::from(VALUE_COL);
    for ((row, col), code_cell) in cells {
        if *col != code_col || *row <= HEADER_ROW {
            continue;
        }
        let item = code_cell.value.text();
        if item.is_empty() {
            continue;
        }
        let Some(cell) = cells.get(&(*row, value_col)) else {
            continue;
        };
        if cell.value.is_blank() && !cell.formula {
            continue;
        }
        let percent = matches!(cell.format, Some(Format::Percent))
            && matches!(cell.value, CellValue::Float(_) | CellValue::Int(_));
        raw.entries.push(RawEntry {
            item,
            value: cell.value.value(cell.format.as_ref()),
            text: cell.value.text(),
            place: Place::cell(sheet, *row, value_col),
            item_place: Place::cell(sheet, *row, code_col),
            formula: cell.formula,
            percent,
        });
    }
}
