//! The staff back office: collection, review, publication, institutions, accounts and
//! grants, the audit log.

use actix_web::web;

/// Registers the staff routes.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
