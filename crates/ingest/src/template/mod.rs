//! The Excel template of a return: its layout, shared by the writer and the reader.
//!
//! The template is written in the person's language (French, English or Arabic, the Arabic
//! sheets right to left) and read back whatever its language:
//!
//! - A cover sheet, first, named and worded by the caller ([`TemplateText::CoverSheet`]): in
//!   column A the labels of the [`CoverField`]s, next to each in column B the framework id and
//!   version, the period, the institution's code and name, and in the hidden column C each
//!   field's [`CoverField::key`], by which the reader finds the fields in any language; then the
//!   instructions.
//! - One sheet per section of the framework, named after `section.sheet` in the template's
//!   language, in framework order: a title, a hidden row of column keys ([`Column::key`]), a
//!   header row (`Code | Libellé | Unité | Valeur | Remarque`) and one row per item: A = item
//!   code, B = label, C = unit, D = value, E = a remark for totals.
//!
//! `ingest` words none of this: the framework gives the labels of sections and items in the
//! three languages, and the caller the template's own texts ([`TemplateTexts`], from the
//! platform's messages).

mod ods;
mod read;
mod write;

use mizan_core::Lang;

pub use read::{check_xlsx, check_xlsx_reader, read_template};
pub use write::{TemplateError, write_template};

/// The name under which a workbook without a cover is said to miss it (the French template's
/// cover).
pub const COVER_SHEET: &str = "Couverture";

/// A field of the cover sheet: label in column A, value in column B, key in column C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverField {
    /// The framework's id.
    Framework,
    /// The framework's version.
    Version,
    /// The period.
    Period,
    /// The institution's code.
    Institution,
    /// The institution's name.
    Name,
}

impl CoverField {
    /// Every field, in the cover's order.
    pub const ALL: [CoverField; 5] = [
        Self::Framework,
        Self::Version,
        Self::Period,
        Self::Institution,
        Self::Name,
    ];

    /// The language-independent key written next to the field (hidden column C).
    pub fn key(self) -> &'static str {
        match self {
            Self::Framework => "framework",
            Self::Version => "version",
            Self::Period => "period",
            Self::Institution => "institution",
            Self::Name => "name",
        }
    }

    /// Zero-based row of the field on the cover.
    pub(crate) fn row(self) -> u32 {
        match self {
            Self::Framework => 2,
            Self::Version => 3,
            Self::Period => 4,
            Self::Institution => 5,
            Self::Name => 6,
        }
    }

    /// Whether the reader requires a value.
    pub(crate) fn required(self) -> bool {
        !matches!(self, Self::Version | Self::Name)
    }
}

/// A column of a section sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A: the item code.
    Code,
    /// B: the item's label.
    Label,
    /// C: the unit.
    Unit,
    /// D: the value.
    Value,
    /// E: a remark (how a total is computed).
    Remark,
}

impl Column {
    /// Every column, from A.
    pub const ALL: [Column; 5] = [
        Self::Code,
        Self::Label,
        Self::Unit,
        Self::Value,
        Self::Remark,
    ];

    /// The language-independent key in the hidden row above the headings.
    pub fn key(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Label => "label",
            Self::Unit => "unit",
            Self::Value => "value",
            Self::Remark => "remark",
        }
    }

    /// Zero-based column index.
    pub(crate) fn index(self) -> u16 {
        match self {
            Self::Code => CODE_COL,
            Self::Label => LABEL_COL,
            Self::Unit => UNIT_COL,
            Self::Value => VALUE_COL,
            Self::Remark => NOTE_COL,
        }
    }
}

/// A text of the template for people, which the caller words in the template's language.
/// The framework's own texts (its name, sections, items) are not among them: they come from
/// its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateText<'a> {
    /// The cover sheet's name: at most 31 characters, none of `[ ] : * ? / \`, not the name
    /// of a section's sheet.
    CoverSheet,
    /// The cover's title, with the framework's name.
    Title {
        /// The framework's name in the template's language.
        framework: &'a str,
    },
    /// The label of a field of the cover.
    Field(CoverField),
    /// The heading of the instructions.
    HowTo,
    /// Instruction: type the values into column D of the section sheets.
    StepFill {
        /// The section sheets' names, separated by commas.
        sheets: &'a str,
    },
    /// Instruction: an empty cell is not zero.
    StepBlank,
    /// Instruction: amounts, counts and rates.
    StepUnits {
        /// The currency as the template shows it (`FCFA`, `MAD`).
        currency: &'a str,
    },
    /// Instruction: totals are computed.
    StepTotals,
    /// Instruction: keep the sheets' names and column A.
    StepLayout,
    /// Instruction: upload the file; every problem is shown with its cell.
    StepUpload {
        /// A cell of the first section sheet, as problems name it (`Financier!D14`).
        example: &'a str,
    },
    /// The line under a section sheet's title.
    Context {
        /// The period (`2016-Q1`).
        period: &'a str,
        /// The framework's id.
        framework: &'a str,
        /// The framework's version.
        version: &'a str,
    },
    /// A column heading of a section sheet.
    Heading(Column),
    /// The remark on a total's row.
    TotalOf {
        /// The codes of its parts, joined by ` + `.
        parts: &'a str,
    },
    /// The unit of counts (`nombre`).
    UnitCount,
    /// The title of the message shown when a typed value is refused.
    Refused,
    /// The message for counts.
    EnterWhole,
    /// The message for amounts that may not be negative.
    EnterNonNegative,
    /// The message for signed amounts and rates.
    EnterNumber,
}

/// The template's language and its own texts, worded by the caller.
pub struct TemplateTexts<'a> {
    lang: Lang,
    text: Box<dyn Fn(TemplateText<'_>) -> String + 'a>,
}

impl<'a> TemplateTexts<'a> {
    /// The texts of a template in `lang`, each given by `text`.
    pub fn new(lang: Lang, text: impl Fn(TemplateText<'_>) -> String + 'a) -> Self {
        Self {
            lang,
            text: Box::new(text),
        }
    }

    /// The template's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// One text.
    pub fn text(&self, which: TemplateText<'_>) -> String {
        (self.text)(which)
    }
}

impl std::fmt::Debug for TemplateTexts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemplateTexts")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

/// Rows of the cover searched for its fields.
pub(crate) const COVER_ROWS: u32 = 60;
/// Column of the cover's field keys (hidden).
pub(crate) const COVER_KEY_COL: u16 = 2;

/// Zero-based row of the header of a section sheet; items start on the next row.
pub(crate) const HEADER_ROW: u32 = 3;
/// Zero-based row of the column keys of a section sheet (hidden), above the header.
pub(crate) const KEY_ROW: u32 = HEADER_ROW - 1;
/// Column of item codes.
pub(crate) const CODE_COL: u16 = 0;
/// Column of labels.
pub(crate) const LABEL_COL: u16 = 1;
/// Column of units.
pub(crate) const UNIT_COL: u16 = 2;
/// Column of values.
pub(crate) const VALUE_COL: u16 = 3;
/// Column of remarks.
pub(crate) const NOTE_COL: u16 = 4;
