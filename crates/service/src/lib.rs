//! Mizan's use cases: what the command line and the web call.
//!
//! Each use case takes the [`App`] (database pool, frameworks, calendars, settings), the
//! [`Actor`] asking when it is not public (it decides itself whether the actor may run it; see
//! [`access`]), and plain inputs, and returns a report: importing the registry and returns (all
//! or nothing per submission, a resubmission is a new version), the collection status of a
//! quarter, the consolidated tables and per-institution indicators, and the exports. Problems in submitted
//! files are not errors but issues in the report, each with its place; errors
//! ([`ServiceError`]) are for the platform itself (database, configuration).
//!
//! This crate joins the pure crates (`mizan-ingest`, `mizan-ratios`) and the storage; it knows
//! nothing of HTTP or of the command line.
#![deny(missing_docs)]

mod app;
mod error;

pub mod access;
pub mod accounts;
pub mod audit;
pub mod backoffice;
pub mod bulletin;
pub mod collection;
pub mod consolidation;
pub mod demo;
pub mod digest;
pub mod export;
pub mod form;
pub mod health;
mod loan_results;
pub mod loans;
pub mod mail;
pub mod member;
pub mod publication;
pub mod refusal;
pub mod registry;
pub mod returns;
pub mod review;
pub mod sdmx;
pub mod settings;
pub mod sheet;
pub mod template;
pub mod upload;

pub use app::{Actor, App, Clock};
pub use error::{ServiceError, ServiceResult};
pub use refusal::Refusal;
pub use upload::Upload;
