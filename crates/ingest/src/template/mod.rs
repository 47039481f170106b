//! The Excel template of a return: its layout, shared by the writer and the reader.
//!
//! - A cover sheet [`COVER_SHEET`] with, in column A, the labels of [`COVER_FIELDS`] and, next
//!   to each in column B, the framework id and version, the period, the institution's code and
//!   name; then instructions in French.
//! - One sheet per section of the framework, named after `section.sheet`, in framework order:
//!   a title, a header row (`Code | Libellé | Unité | Valeur | Remarque`) and one row per item:
//!   A = item code, B = French label, C = unit, D = value, E = a remark for totals.

mod ods;
mod read;
mod write;

pub use read::{check_xlsx, check_xlsx_reader, read_template};
pub use write::{TemplateError, write_template};

/// Name of the cover sheet.
pub const COVER_SHEET: &str = "Couverture";

/// A field of the cover sheet: label in column A, value in column B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoverField {
    Framework,
    Version,
    Period,
    Institution,
    Name,
}

/// The cover's fields with their labels and zero-based rows, in order.
pub(crate) const COVER_FIELDS: [(CoverField, &str, u32); 5] = [
    (CoverField::Framework, "Référentiel", 2),
    (CoverField::Version, "Version du référentiel", 3),
    (CoverField::Period, "Période", 4),
    (CoverField::Institution, "Code de l'institution", 5),
    (CoverField::Name, "Nom de l'institution", 6),
];

/// Rows of the cover searched for its labels.
pub(crate) const COVER_ROWS: u32 = 60;

/// Zero-based row of the header of a section sheet; items start on the next row.
pub(crate) const HEADER_ROW: u32 = 3;
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

/// Text of a label for comparison: trimmed, lower case, typographic apostrophe as plain.
pub(crate) fn label_key(text: &str) -> String {
    text.trim().to_lowercase().replace('\u{2019}', "'")
}
