//! The member space: uploads and validation reports, versions, own indicators against the
//! norms and the peer group, peer detail under reciprocity, downloads.

use actix_web::web;

/// Registers the member space's routes.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
