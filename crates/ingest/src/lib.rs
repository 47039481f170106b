//! Reading submitted files into typed data with every issue found (no database, no HTTP).
//!
//! [`loans`] reads loan tapes (spec bam-mfi §1) as a stream.
//!
//! ```
//! use mizan_ingest::loans::{TapeOptions, read_tape};
//!
//! let csv = "loan_id;borrower_id;borrower_kind;zone;disbursement_date;principal_disbursed;\
//! outstanding_principal;accrued_interest;reserved_interest;guarantee_covered;oldest_unpaid_due_date;\
//! restructure_count;first_due_after_restructure;unpaid_during_observation;difficulties_resolved;\
//! unlikely_to_pay_class;recovery_compromised\n\
//! L1;B1;woman;rural;15/09/2022;12 000,00;8 400,50;0;0;0;;0;;false;false;;false\n";
//! let as_of = chrono::NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
//! let mut total = mizan_core::Decimal::ZERO;
//! let report = read_tape(csv.as_bytes(), &TapeOptions::new(as_of, 4), |_| {}, |_line, loan, _issues| {
//!     total += loan.outstanding_principal;
//! });
//! assert!(!report.is_blocked(), "{:?}", report.issues);
//! assert_eq!((report.data.loans, total.to_string()), (1, "8400.5".to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod loans;
