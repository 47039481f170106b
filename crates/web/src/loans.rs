//! Loan tapes (Bank Al-Maghrib framework): upload, classification and portfolio pages for an
//! institution and for staff.

use actix_web::web;

/// Registers the loan-tape routes.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
