//! The downloads of a stored tape: every loan's result, the portfolio outputs (CSV).

use actix_web::HttpResponse;
use actix_web::web;
use mizan_core::{InstitutionCode, Period};
use mizan_service::loans::{export_loans, export_portfolio, sample_tape};
use mizan_service::{Actor, App, ServiceResult};

use crate::auth::Signed;
use crate::error::AppError;
use crate::pages::parse_period;
use crate::private::{blocking, download, parse_code};
use crate::state::WebState;

/// A use case writing one CSV of the tape in force (the service decides who may read it).
type Export = fn(&App, &Actor, &InstitutionCode, Period) -> ServiceResult<Vec<u8>>;

/// The CSV `export` of the institution and quarter of `path`, named `mizan-{code}-{period}-{what}.csv`.
async fn tape_csv(
    data: web::Data<WebState>,
    session: &mizan_service::accounts::Session,
    path: web::Path<(String, String)>,
    export: Export,
    what: &str,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let who = session.principal.actor();
    let period = parse_period(&period)?;
    let c = code.clone();
    let bytes = blocking(&state, move |app| export(app, &who, &c, period)).await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("mizan-{code}-{period}-{what}.csv"),
    ))
}

/// `GET /space/institutions/{code}/loans/{period}/loans.csv`: every loan of the tape in force
/// with its class, provision base, provision, irrecoverable flag and reasons.
pub async fn loans_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    tape_csv(data, &session, path, export_loans, "loans").await
}

/// `GET /space/institutions/{code}/loans/{period}/portfolio.csv`: the portfolio outputs of
/// the tape in force (`metric,value`).
pub async fn portfolio_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    tape_csv(data, &session, path, export_portfolio, "portfolio").await
}

/// `GET /space/institutions/{code}/loans/{period}/sample.csv`: a sample tape of the quarter
/// (the documented columns and a few synthetic loans), to show the file expected.
pub async fn sample_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    tape_csv(data, &session, path, sample_tape, "sample-tape").await
}
