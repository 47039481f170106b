//! Reading what institutions submit — the registry CSV, returns in CSV long form, the filled-in
//! Excel template, loan tapes ([`loans`], streamed) — into typed data together with **every** issue found, and writing that
//! template.
//!
//! The crate is pure: no database, no HTTP, no file system. Readers take bytes and return a
//! [`Checked`] value (data and issues, each issue with its place — `line 12, column value`,
//! `Financier!D14` — and its item); they never stop at the first error and never panic,
//! whatever the bytes. Limits ([`Limits`]) are checked before anything is expanded in memory.
//!
//! The flow of a return:
//! 1. [`read_returns`] (or [`read_returns_csv`], [`read_template`]) reads the file into
//!    [`RawReturn`]s, one per (institution, period). A blocking issue in the file-level
//!    [`Checked::issues`] refuses the whole file.
//! 2. The caller looks up each return's institution and period in the registry (and builds the
//!    issue with [`RawReturn::unknown_institution`] / [`RawReturn::unknown_period`] if needed)
//!    and picks the framework in force.
//! 3. [`validate_return`] checks the return against its framework and gives its
//!    [`ItemValues`](mizan_core::ItemValues): units, signs, duplicates, totals, the framework's rules. A submission is
//!    all-or-nothing: with any blocking issue, nothing of it is stored.
//!
//! ```
//! use mizan_core::{Framework, Frameworks, Lang, Period, Severity};
//! use mizan_ingest::{
//!     Limits, TemplateTexts, read_returns, read_returns_csv, validate_return, write_template,
//! };
//!
//! let fw = Framework::from_toml(r#"
//!     [framework]
//!     id = "demo"
//!     version = "1"
//!     currency = "XOF"
//!     label.fr = "Démo"
//!     label.en = "Demo"
//!     label.ar = "عرض"
//!     sector_label.fr = "Secteur"
//!     sector_label.en = "Sector"
//!     sector_label.ar = "القطاع"
//!     [[sections]]
//!     code = "fin"
//!     sheet = { fr = "Financier", en = "Financial", ar = "مالي" }
//!     label.fr = "Financier"
//!     label.en = "Financial"
//!     label.ar = "مالي"
//!     [[items]]
//!     code = "loans.outstanding"
//!     unit = "amount"
//!     section = "fin"
//!     label.fr = "Encours"
//!     label.en = "Outstanding"
//!     label.ar = "الجاري"
//!     [[items]]
//!     code = "loans.par30"
//!     unit = "amount"
//!     section = "fin"
//!     label.fr = "PAR30"
//!     label.en = "PAR30"
//!     label.ar = "المحفظة المعرضة للمخاطر 30"
//!     [[rules]]
//!     code = "par30_le_outstanding"
//!     severity = "warning"
//!     check = "loans.par30 <= loans.outstanding"
//!     message.fr = "PAR30 {left} > encours {right}"
//!     message.ar = "المحفظة المعرضة للمخاطر 30 {left} > الجاري {right}"
//!     message.en = "PAR30 {left} exceeds the portfolio {right}"
//! "#, "demo.toml")?;
//!
//! // A French-locale CSV: `;` separator, decimal comma, narrow no-break spaces in thousands.
//! let csv = "institution;period;item;value\n\
//!            SA01;2016-Q1;loans.outstanding;1\u{202F}850\u{202F}679,25\n\
//!            SA01;2016-Q1;loans.par30;2000000\n\
//!            SA02;2016-Q1;loans.par30;12,5,0\n";
//! let read = read_returns_csv(csv.as_bytes(), &Limits::default());
//! assert!(!read.is_blocked());
//! assert_eq!(read.data.len(), 2);
//!
//! let sa01 = validate_return(&read.data[0], &fw, None);
//! assert!(!sa01.is_blocked());
//! assert_eq!(sa01.data.len(), 2);
//! let warning = sa01.warnings().next().map(ToString::to_string);
//! assert_eq!(
//!     warning.as_deref(),
//!     Some("line 3, column value: item loans.par30: PAR30 2000000 exceeds the portfolio \
//!           1850679.25 [par30_le_outstanding]")
//! );
//!
//! let sa02 = validate_return(&read.data[1], &fw, None);
//! let refused: Vec<String> = sa02.blocking().map(ToString::to_string).collect();
//! assert_eq!(refused, ["line 4, column value: item loans.par30: value \"12,5,0\" is not a number"]);
//!
//! // The Excel template, pre-filled with SA01's values, reads back to the same values.
//! // The template's own texts are the caller's (the platform's messages, in the person's
//! // language); the framework gives its labels.
//! let texts = TemplateTexts::new(Lang::Fr, |text| format!("{text:?}"));
//! let xlsx = write_template(&fw, Period::parse("2016-Q1")?, None, Some(&sa01.data), &texts)?;
//! let mut frameworks = Frameworks::default();
//! frameworks.insert(fw.clone());
//! let back = read_returns(&xlsx, &frameworks, &Limits::default());
//! let again = validate_return(&back.data[0], &fw, None);
//! assert_eq!(again.data, sa01.data);
//! assert!(again.issues.iter().any(|i| i.severity == Severity::Blocking)); // no institution on the cover
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod csvfile;
pub mod form;
mod limits;
pub mod loans;
mod numbers;
mod registry;
mod returns;
mod template;
mod validate;
mod workbook;

pub use csvfile::Dialect;
pub use limits::{FileFormat, Limits, sniff};
pub use registry::{RegistryDefaults, RegistryRow, parse_bool, read_registry};
pub use returns::{RawEntry, RawReturn, RawValue, SourceKind, read_returns_csv};
pub use template::{
    COVER_SHEET, Column, CoverField, TemplateError, TemplateText, TemplateTexts, check_xlsx,
    check_xlsx_reader, read_template, write_template,
};
pub use validate::validate_return;

use mizan_core::{Checked, Frameworks, Issue, IssueKind, Place};

/// Whether `bytes` is an Excel 97-2003 workbook (`.xls`, an OLE2 compound file): not read, but
/// recognised, so that the person is told to save it as `.xlsx`.
pub fn is_legacy_excel(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Reads a returns file of either kind, recognised by its content ([`sniff`]): CSV long form
/// ([`read_returns_csv`]) or a filled-in template ([`read_template`], one return, saved as
/// `.xlsx` or as `.ods`). An `.xls` file is [`IssueKind::LegacyExcel`] (saying how to save it as
/// `.xlsx`); anything else is a blocking [`IssueKind::UnknownFormat`].
pub fn read_returns(
    bytes: &[u8],
    frameworks: &Frameworks,
    limits: &Limits,
) -> Checked<Vec<RawReturn>> {
    if let Some(issue) = limits.check_size(bytes) {
        return Checked {
            data: Vec::new(),
            issues: vec![issue],
        };
    }
    match sniff(bytes) {
        FileFormat::Csv => read_returns_csv(bytes, limits),
        FileFormat::Xlsx => {
            let read = read_template(bytes, frameworks, limits);
            let data = if read.is_blocked() {
                Vec::new()
            } else {
                vec![read.data]
            };
            Checked {
                data,
                issues: read.issues,
            }
        }
        FileFormat::Unknown if is_legacy_excel(bytes) => Checked {
            data: Vec::new(),
            issues: vec![Issue::blocking(Place::File, IssueKind::LegacyExcel)],
        },
        FileFormat::Unknown => Checked {
            data: Vec::new(),
            issues: vec![Issue::blocking(Place::File, IssueKind::UnknownFormat)],
        },
    }
}
