//! The member space: uploads and validation reports, versions, own indicators against the
//! norms and the peer group, peer detail under reciprocity, downloads. Staff use the same
//! pages for any institution (upload on behalf, reports); partners see peer detail of the
//! periods granted to them.
//!
//! Every handler asks the service, which checks who asks ([`mizan_service::access`]): a
//! member reaching for another institution's upload, versions or report gets 403 (or 404 for
//! a submission id, which must not reveal that it exists).
//!
//! One module per thing the member does: `home` (the quarters), `returns` (upload, template,
//! reports, versions), `indicators` (own indicators), `history` (own indicators over the
//! quarters, with the norm and the peer median where open), `peers` (peer detail); each holds its
//! handlers and the view structs of its pages.

mod form;
mod history;
mod home;
mod indicators;
mod peers;
mod returns;

use mizan_core::{Lang, Period};
use mizan_service::ServiceError;
use mizan_service::access::Refusal;
use mizan_service::accounts::Principal;
use mizan_service::member;
use mizan_storage::submissions::SubmissionStatus;
use serde::Deserialize;

use crate::i18n::I18n;

crate::routing::route_table! {
    GET "/space" => home::home,
    GET "/space/upload" => returns::upload_form,
    GET "/space/form" => form::form_page,
    POST "/space/form" => form::form_post,
    POST "/space/upload" => returns::upload,
    GET "/space/template" => returns::template,
    GET "/space/submissions/{id}" => returns::report,
    GET "/space/institutions/{code}" => returns::versions,
    GET "/space/institutions/{code}/history" => history::history,
    GET "/space/institutions/{code}/history.csv" => history::history_csv_download,
    GET "/space/institutions/{code}/periods/{period}" => indicators::own_indicators,
    GET "/space/institutions/{code}/periods/{period}/indicators.csv" => indicators::own_indicators_csv,
    GET "/space/periods/{period}/peers" => peers::peers,
    GET "/space/periods/{period}/peers.csv" => peers::peers_csv,
}

/// The text of a refusal of peer detail.
pub(crate) fn refusal_text(i18n: &I18n, lang: Lang, why: &Refusal, period: &str) -> String {
    let args = [("period", period.to_owned())];
    match why {
        Refusal::SignInRequired => i18n.message(lang, "refusal-sign-in", &args),
        Refusal::NotReported => i18n.message(lang, "refusal-not-reported", &args),
        Refusal::AwaitingReview => i18n.message(lang, "refusal-awaiting-review", &args),
        Refusal::Rejected(comment) => {
            let mut t = i18n.message(lang, "refusal-rejected", &args);
            if let Some(c) = comment {
                t.push(' ');
                t.push_str(&i18n.message(lang, "staff-comment", &[("comment", c.clone())]));
            }
            t
        }
        Refusal::NotGranted => i18n.message(lang, "refusal-not-granted", &args),
    }
}

fn status_of(i18n: &I18n, lang: Lang, s: SubmissionStatus) -> (String, &'static str) {
    match s {
        SubmissionStatus::Received => (i18n.text(lang, "status-received"), "received"),
        SubmissionStatus::Accepted => (i18n.text(lang, "status-accepted"), "accepted"),
        SubmissionStatus::Rejected => (i18n.text(lang, "status-rejected"), "rejected"),
    }
}

/// `?framework=&section=` of the peer pages.
#[derive(Debug, Default, Deserialize)]
pub struct PeerQuery {
    framework: Option<String>,
    section: Option<String>,
}

/// The framework a person reads a period under: the one asked for, a member's institution's,
/// else the site's.
fn framework_for(
    app: &mizan_service::App,
    p: &Principal,
    asked: Option<&str>,
    period: Period,
    site: &str,
) -> Result<String, ServiceError> {
    if let Some(f) = asked.filter(|f| !f.is_empty()) {
        app.framework(f, period)?;
        return Ok(f.to_owned());
    }
    if let Some(code) = &p.institution
        && let Some((_, fw)) = member::institution(app, code, Some(period))?
    {
        return Ok(fw);
    }
    Ok(site.to_owned())
}
