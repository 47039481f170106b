//! Domain types of Mizan, the supervisory consolidation platform for microfinance.
//!
//! Everything here is pure data and rules, shared by every other crate: reporting
//! [`Period`]s, institution and item [`codes`], the [`institution`] registry with the history
//! of attributes, locale-tolerant [`number`] reading, the [`Issue`]s a file can have, and
//! [`framework`]s — the items, totals, formulas, norms, peer groups and rules of a reporting
//! framework, read from configuration and checked as a whole; and [`rng`], one small
//! deterministic generator for synthetic data and tests (never for secrets).
//!
//! ```
//! use mizan_core::{Period, framework::Framework};
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
//!     [[bulletin]]
//!     code = "financial"
//!     number = "I"
//!     label.fr = "Indicateurs financiers"
//!     label.en = "Financial indicators"
//!     label.ar = "المؤشرات المالية"
//!     [[bulletin.headings]]
//!     code = "quality"
//!     number = "1"
//!     label.fr = "Qualité du portefeuille"
//!     label.en = "Portfolio quality"
//!     label.ar = "جودة المحفظة"
//!     [[indicators]]
//!     code = "fin.par30"
//!     heading = "quality"
//!     label.fr = "PAR30"
//!     label.en = "PAR30"
//!     label.ar = "المحفظة المعرضة للمخاطر 30"
//!     numerator = "loans.par30"
//!     denominator = "loans.outstanding"
//!     scale = "100"
//!     display = "percent"
//!     norm = [{ test = "< 5" }]
//! "#, "demo.toml")?;
//! assert_eq!(fw.indicator("fin.par30").map(|i| i.norm_label(Default::default())).as_deref(), Some("< 5 %"));
//! assert_eq!(Period::parse("2016-Q1")?.to_string(), "2016-Q1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod calendar;
pub mod codes;
pub mod framework;
pub mod institution;
pub mod issue;
pub mod labels;
pub mod limits;
pub mod loan;
pub mod number;
pub mod period;
pub mod rng;
pub mod values;

pub use codes::{Code, InstitutionCode};
pub use framework::{Framework, Frameworks};
pub use institution::{Attributes, CountryCode, Institution, LegalForm, Structure};
pub use issue::{Checked, Issue, IssueKind, Place, Severity, WorkbookMeasure};
pub use labels::{Labels, Lang};
pub use period::Period;
pub use rust_decimal::Decimal;
pub use values::{ItemValues, Values};
