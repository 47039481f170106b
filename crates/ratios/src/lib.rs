//! Pure computations of Mizan over exact decimals: no IO, no files, nothing of diesel, actix or
//! Excel. Loan classification and provisioning under circular C N° 5/W/2023 ([`bam`]) and the
//! solvency coefficient of circular 4/G/2001 ([`solvency`]) read their rules from the framework
//! configuration.
//!
//! ```
//! use mizan_core::loan::Loan;
//! use mizan_core::{Decimal, Framework};
//! use mizan_ratios::bam::Classifier;
//!
//! let fw = Framework::from_file(std::path::Path::new(concat!(
//!     env!("CARGO_MANIFEST_DIR"), "/../../config/frameworks/bam-mfi.toml")))?;
//! let rules = fw.classification.as_ref().ok_or("no classification")?;
//! let licence = rules.licence("credit_institution").ok_or("no licence")?;
//! let as_of = chrono::NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
//! let mut classifier = Classifier::new(rules, licence, as_of, None)?;
//! let loan = Loan {
//!     loan_id: "L1".into(),
//!     outstanding_principal: Decimal::new(100_002, 2),
//!     oldest_unpaid_due_date: chrono::NaiveDate::from_ymd_opt(2023, 2, 14),
//!     ..Loan::default()
//! };
//! let mut issues = Vec::new();
//! let result = classifier.add(2, &loan, &mut issues);
//! assert_eq!((result.class, result.provision.to_string()), (1, "250.01".to_string()));
//! let portfolio = classifier.finish();
//! assert_eq!(portfolio.total.count, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod bam;
pub mod solvency;
