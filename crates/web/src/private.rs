//! What the signed-in handlers share: running a use case off the request threads, private
//! downloads, and a few parameters (uploads are read by [`crate::multipart`]).

use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::{self, Bytes};
use mizan_core::{InstitutionCode, Period};
use mizan_service::{App, ServiceError};

use crate::error::AppError;
use crate::request_log::in_current_span;
use crate::state::WebState;

/// Runs a use case on the blocking pool (diesel, Argon2id, spreadsheets); a
/// [`ServiceError::Forbidden`] becomes a 403. The use case runs inside the request's span, so
/// that what it logs carries the request id.
pub(crate) async fn blocking<T, F>(state: &Arc<WebState>, f: F) -> Result<T, AppError>
where
    F: FnOnce(&App) -> Result<T, ServiceError> + Send + 'static,
    T: Send + 'static,
{
    let st = state.clone();
    Ok(web::block(in_current_span(move || f(st.app()))).await??)
}

/// A private download: never kept by a shared cache, varies with the session.
pub(crate) fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::VARY, "Cookie"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(Bytes::from(bytes))
}

/// An institution code of a path (a malformed one is "not found").
pub(crate) fn parse_code(s: &str) -> Result<InstitutionCode, AppError> {
    InstitutionCode::parse(s).map_err(|_| AppError::NotFound(format!("institution {s}")))
}

/// The quarter being collected on `today`: the last one that has ended.
pub(crate) fn collecting(today: chrono::NaiveDate) -> Period {
    Period::containing(today).previous()
}
