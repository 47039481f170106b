//! Indicators and consolidated tables of Mizan: pure computation over exact decimals.
//!
//! Given a [`Framework`](mizan_core::Framework) (items, formulas, norms, peer groups, rules —
//! all configuration) and the returns of one period, this crate computes:
//!
//! - every indicator of one institution ([`institution_indicators`]): value, numerator,
//!   denominator, the norm the institution is held to and whether it meets it (trend norms
//!   compare with the previous quarter). A ratio with a missing input or a zero denominator
//!   has no value: never an error, never zero;
//! - the consolidated table of a period ([`consolidate`]) for each peer group and the whole
//!   sector, with, for every cell, the **published** figure (mean of the institution values,
//!   or Σ A ÷ Σ B for prudential ratios, whose A and B rows show Σ A ÷ n and Σ B ÷ n), the
//!   **pooled** figure (Σ numerator ÷ Σ denominator, or the total), the distribution (min,
//!   type-7 quartiles, median, max; see [`Distribution`]), n, and the number of institutions
//!   meeting their own norm;
//! - the data-quality flags of the returns ([`quality_flags`]), from the framework's rules;
//! - the rows of the export for a chosen [`Method`] ([`ConsolidatedTable::export_rows`])
//!   and the display-rounded view ([`ConsolidatedTable::display_rows`]);
//! - disclosure control of the public tables ([`protect`], module [`disclosure`]): primary and
//!   secondary cell suppression, proved by solving the attacker's problem exactly, carried
//!   across revisions; [`DisclosureResult::public_rows`] is the public export, at public
//!   precision ([`public_value`]: as the bulletin shows the figure, never finer);
//! - loan classification and provisioning ([`classification`], with the portfolio outputs): one
//!   engine for every regime, driven by the framework's `[classification]` rule file — Bank
//!   Al-Maghrib's circular C N° 5/W/2023 (`bam-mfi`) and the BCEAO's RCSFD (`bceao-sfd`) are
//!   two such files — and the solvency coefficient of circular 4/G/2001 ([`solvency`]).
//!
//! Nothing here reads files, talks to a database or knows about HTTP or spreadsheets; rounding
//! happens only in the display view (half away from zero). The table is `serde`-serializable
//! and deterministic: the same returns, in any order, give byte-identical JSON.
//!
//! ```
//! use mizan_core::{Attributes, Code, Decimal, Framework, InstitutionCode, ItemValues, LegalForm,
//!                  Period, Structure};
//! use mizan_ratios::{InstitutionReturn, Method, consolidate, institution_indicators};
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
//!     [[peer_groups]]
//!     code = "sa"
//!     legal_forms = ["sa", "sarl"]
//!     label.fr = "Sociétés anonymes"
//!     label.en = "Public limited companies"
//!     label.ar = "شركات المساهمة"
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
//!
//! let institution = |code: &str, form, par30: i64, outstanding: i64| -> Result<_, Box<dyn std::error::Error>> {
//!     let mut values = ItemValues::new();
//!     values.insert(Code::parse("loans.par30")?, Decimal::from(par30));
//!     values.insert(Code::parse("loans.outstanding")?, Decimal::from(outstanding));
//!     Ok(InstitutionReturn {
//!         code: InstitutionCode::parse(code)?,
//!         attributes: Attributes {
//!             name: code.into(),
//!             legal_form: form,
//!             structure: Structure::DirectCredit,
//!             network_affiliated: false,
//!             collects_deposits: false,
//!             framework: "demo".into(),
//!             owner_group: None,
//!             country: None,
//!             art44: false,
//!         },
//!         values,
//!         previous: None,
//!     })
//! };
//! let returns = [
//!     institution("SA01", LegalForm::Sa, 4, 100)?,      // PAR30 4 %
//!     institution("SA02", LegalForm::Sarl, 60, 300)?,   // PAR30 20 %
//!     institution("MU01", LegalForm::Mutual, 1, 0)?,    // no portfolio: no value; no group
//! ];
//!
//! let indicators = institution_indicators(&fw, &returns[0]);
//! let par30 = indicators.first().ok_or("no indicator")?;
//! assert_eq!(par30.value(), Some(Decimal::from(4)));
//! assert!(par30.meets_norm());
//!
//! let table = consolidate(&fw, Period::parse("2016-Q1")?, &returns)?;
//! let sa = table.cell("fin.par30", "sa").ok_or("no cell")?;
//! assert_eq!((sa.value, sa.n), (Some(Decimal::from(12)), 2));              // (4 + 20) / 2
//! assert_eq!(sa.figure(Method::Pooled).value, Some(Decimal::from(16)));    // 64 / 400
//! assert_eq!(sa.n_compliant(), Some(1));
//! let csv: Vec<_> = table.export_rows(Method::Published).iter().map(|r| r.fields().join(",")).collect();
//! assert_eq!(csv, ["2016-Q1,fin.par30,sa,12,2,1", "2016-Q1,fin.par30,sector,12,2,1"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod classification;
mod consolidate;
pub mod disclosure;
mod export;
mod indicators;
mod quality;
pub mod solvency;
mod stats;

pub use consolidate::{
    Cell, ConsolidateError, ConsolidatedTable, Contribution, Figure, GroupSummary,
    InstitutionEntry, Membership, Method, MethodError, NormCount, Pooled, Row, RowKind, SECTOR,
    consolidate,
};
pub use disclosure::{DisclosureResult, PublicRow, Publication, protect};
pub use export::{ExportRow, display_value, public_value};
pub use indicators::{
    Evaluation, IndicatorValue, InstitutionReturn, evaluate, institution_indicators, ratio,
};
pub use quality::{QualityFlag, quality_flags};
pub use stats::{Distribution, quantile};
