//! Publishing a quarter (a new revision of its bulletin), or why it is refused.

use actix_web::HttpResponse;
use mizan_core::{Lang, Period};
use mizan_service::ServiceError;
use mizan_service::backoffice::{self, PublishRefusal};
use mizan_service::publication::publish;
use serde::Deserialize;

use super::collection::collection_refusal;
use super::{collection_href, framework_of, period_of};
use crate::account::see_other;
use crate::auth::StaffForm;
use crate::error::AppError;
use crate::format;
use crate::i18n::I18n;
use crate::private::blocking as run;

/// The publish form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    csrf: String,
    period: String,
    framework: String,
    note: String,
}

/// What publishing gave.
enum Publishing {
    Done(i32),
    Refused(PublishRefusal),
    /// Refused by the use case for another reason (disclosure control, a concurrent
    /// publication), translated for the page.
    Other(mizan_service::Refusal),
}

/// `POST /staff/publish`: a new revision of the quarter's bulletin, or the collection page
/// again with why not.
pub(super) async fn publish_quarter(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<PublishForm>,
) -> Result<HttpResponse, AppError> {
    let framework = framework_of(&state, Some(&form.framework))?;
    let period = period_of(Some(&form.period))?
        .ok_or_else(|| AppError::BadRequest("no period to publish".into()))?;
    let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
    let actor = session.principal.actor();
    let fw = framework.clone();
    let outcome = run(&state, move |app| {
        if let Some(refusal) =
            backoffice::publish_refusal(app, &actor, &fw, period, note.as_deref())?
        {
            return Ok(Publishing::Refused(refusal));
        }
        match publish(app, &fw, period, note.as_deref(), &actor) {
            Ok(rec) => Ok(Publishing::Done(rec.revision)),
            Err(ServiceError::Invalid(why)) => Ok(Publishing::Other(why)),
            Err(e) => Err(e),
        }
    })
    .await?;
    let text = match outcome {
        Publishing::Done(revision) => {
            return Ok(see_other(&format!(
                "{}&published={revision}",
                collection_href(&state, &framework, period)
            )));
        }
        Publishing::Refused(refusal) => refusal_text(state.i18n(), lang, period, refusal),
        Publishing::Other(why) => {
            let i18n = state.i18n();
            let why = crate::refusal::refusal_text(i18n, lang, &why);
            i18n.message(lang, "staff-publish-refused", &[("reason", why)])
        }
    };
    collection_refusal(&state, lang, &session, &framework, Some(period), text).await
}

/// Why publishing `period` is refused, in the reader's language.
fn refusal_text(i18n: &I18n, lang: Lang, period: Period, refusal: PublishRefusal) -> String {
    match refusal {
        PublishRefusal::NoReturns => i18n.message(
            lang,
            "staff-publish-no-returns",
            &[("period", format::period(period, lang, i18n))],
        ),
        PublishRefusal::Unchanged {
            revision,
            published_at,
        } => i18n.message(
            lang,
            "staff-publish-unchanged",
            &[
                ("period", format::period(period, lang, i18n)),
                ("revision", revision.to_string()),
                ("date", format::datetime(published_at, lang, i18n)),
            ],
        ),
        PublishRefusal::NoteRequired { revision } => i18n.message(
            lang,
            "staff-publish-note-required",
            &[
                ("period", format::period(period, lang, i18n)),
                ("revision", revision.to_string()),
            ],
        ),
    }
}

crate::auth::csrf_forms!(PublishForm);
