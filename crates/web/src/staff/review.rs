//! Staff decisions on a version of a return: accept, or reject with a comment the member sees.

use actix_web::{HttpResponse, web};
use mizan_core::Period;
use mizan_service::collection::{Decision, decide};
use mizan_storage::submissions::SubmissionRecord;
use serde::Deserialize;

use super::collection::collection_refusal;
use super::{collection_href, framework_of};
use crate::account::see_other;
use crate::auth::StaffForm;
use crate::error::AppError;
use crate::private::blocking as run;
use crate::state::WebState;

/// The accept and reject forms.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    csrf: String,
    comment: String,
    back: String,
    framework: String,
}

/// Where to go back after a decision.
fn after_decision(state: &WebState, form: &DecisionForm, sub: &SubmissionRecord) -> String {
    let framework = if form.framework.is_empty() {
        sub.framework.as_str()
    } else {
        form.framework.as_str()
    };
    let framework = if state.app().frameworks.latest(framework).is_some() {
        framework
    } else {
        state.options().framework.as_str()
    };
    format!(
        "{}#v{}",
        collection_href(state, framework, sub.period),
        sub.id
    )
}

/// Accepts or rejects the version `id` (a rejection needs a comment: without one the
/// collection page is shown again with the reason).
async fn decide_on(
    form: StaffForm<DecisionForm>,
    id: &str,
    accept: bool,
) -> Result<HttpResponse, AppError> {
    let StaffForm {
        session,
        state,
        lang,
        form,
    } = form;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("submission {id}")))?;
    let decision = if accept {
        Decision::Accept
    } else {
        let comment = form.comment.trim();
        if comment.is_empty() {
            let framework = framework_of(&state, Some(&form.framework))?;
            let period = Period::parse(form.back.trim()).ok();
            let text = state.i18n().text(lang, "staff-reject-needs-comment");
            return collection_refusal(&state, lang, &session, &framework, period, text).await;
        }
        Decision::Reject(comment.to_owned())
    };
    let actor = session.principal.actor();
    let sub = run(&state, move |app| decide(app, &actor, id, &decision)).await?;
    state.send_mail();
    Ok(see_other(&after_decision(&state, &form, &sub)))
}

/// `POST /staff/submissions/{id}/accept`.
pub(super) async fn accept_submission(
    form: StaffForm<DecisionForm>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide_on(form, &path, true).await
}

/// `POST /staff/submissions/{id}/reject`: the comment is required.
pub(super) async fn reject_submission(
    form: StaffForm<DecisionForm>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide_on(form, &path, false).await
}

crate::auth::csrf_forms!(DecisionForm);
