//! The supervisor's class (C N° 5/W/2023 art. 21): staff impose a loan's class for a quarter,
//! with the reason (`POST /staff/institutions/{code}/loans/{period}/imposed`), from the form of
//! the portfolio; the use case decides who may (staff only) and audits it.

use actix_web::{HttpResponse, web};
use mizan_service::ServiceError;
use mizan_service::loans::impose_class;
use serde::Deserialize;

use crate::account::see_other;
use crate::auth::{StaffForm, csrf_forms};
use crate::error::AppError;
use crate::pages::parse_period;
use crate::private::{blocking, parse_code};

/// The form: the loan, the class, the reason (each may be missing: the form is read before
/// the person is known to be staff, and the use case says what is missing).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImposeForm {
    csrf: String,
    loan_id: String,
    class: String,
    reason: String,
}

csrf_forms!(ImposeForm);

/// `POST /staff/institutions/{code}/loans/{period}/imposed` (`csrf`, `loan_id`, `class`,
/// `reason`): records the class and goes back to the quarter's page; a refusal (no loan id or
/// reason, a class above the highest, a framework without classification) is a 400 saying why.
pub async fn impose(
    StaffForm {
        session,
        state,
        form,
        ..
    }: StaffForm<ImposeForm>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let period = parse_period(&period)?;
    let class: u8 = form
        .class
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("class".into()))?;
    let who = session.principal.actor();
    let c = code.clone();
    blocking(&state, move |app| {
        impose_class(app, &who, &c, period, &form.loan_id, class, &form.reason)?
            .map_err(|r| ServiceError::Invalid(r.into()))
    })
    .await?;
    Ok(see_other(&format!(
        "/space/institutions/{code}/loans?period={period}"
    )))
}
