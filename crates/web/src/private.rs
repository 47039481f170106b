//! What the signed-in handlers share: running a use case off the request threads, private
//! downloads, and a few parameters (uploads are read by [`crate::multipart`]).

use std::sync::Arc;

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::accounts::Session;
use mizan_service::{App, ServiceError};

use crate::auth::check_csrf;
use crate::error::AppError;
use crate::i18n::request_lang;
use crate::multipart::{self, FormError};
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

/// The month being collected on `today` from the monthly reporters: the last one that has
/// ended.
pub(crate) fn collecting_month(today: chrono::NaiveDate) -> Period {
    Period::month_containing(today).previous()
}

/// The rules of an upload form: the limit of its file, and what a form that cannot be read
/// is.
pub(crate) struct UploadRules {
    /// The most bytes its file may have.
    limit: fn(&App) -> u64,
    /// A form that cannot be read carries no token either: refused like a forged form (403)
    /// rather than as a bad request (400). Too large is 413 either way.
    unreadable_is_forged: bool,
}

/// A quarterly return (CSV or workbook): within `upload.max_file_bytes`.
pub(crate) const RETURN_UPLOAD: UploadRules = UploadRules {
    limit: |app| app.settings.upload.max_file_bytes,
    unreadable_is_forged: false,
};

/// A loan tape: within `upload.max_tape_bytes`.
pub(crate) const TAPE_UPLOAD: UploadRules = UploadRules {
    limit: |app| app.settings.upload.max_tape_bytes,
    unreadable_is_forged: false,
};

/// The registry CSV of the back office: within `upload.max_file_bytes`; an unreadable form is
/// refused like a forged one.
pub(crate) const REGISTRY_UPLOAD: UploadRules = UploadRules {
    limit: |app| app.settings.upload.max_file_bytes,
    unreadable_is_forged: true,
};

/// An upload form (multipart, with its file in the field `file`) posted from a signed-in page:
/// read within its limit, CSRF token checked — the prelude every upload handler shares.
pub(crate) struct SignedUpload {
    /// The session of the person posting.
    pub session: Session,
    /// The application state.
    pub state: Arc<WebState>,
    /// The language of the page to answer with.
    pub lang: Lang,
    /// The form, its file in a temporary file.
    pub form: multipart::Form,
}

impl SignedUpload {
    /// Reads the form of `req` under `rules` and checks its CSRF token against `session`.
    pub(crate) async fn read(
        req: &HttpRequest,
        data: web::Data<WebState>,
        session: Session,
        payload: web::Payload,
        rules: &UploadRules,
    ) -> Result<Self, AppError> {
        let state = data.into_inner();
        let lang = request_lang(req);
        let max = (rules.limit)(state.app());
        let form = match multipart::read_form(req, payload, "file", max).await {
            Ok(form) => form,
            Err(e @ FormError::TooLarge(_)) => return Err(e.into()),
            Err(_) if rules.unreadable_is_forged => return Err(AppError::Csrf),
            Err(e) => return Err(e.into()),
        };
        check_csrf(&session, form.field("csrf").unwrap_or_default())?;
        Ok(Self {
            session,
            state,
            lang,
            form,
        })
    }
}
