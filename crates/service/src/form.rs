//! A return entered in the web form: opened with the draft kept between visits (or the values
//! of the latest version), saved as a draft, and sent — then it is a file like any other: the
//! form's values are written as a CSV return and go through [`crate::returns::submit_returns`]
//! (the same checks, the same storage as a new version, the same audit, the same mail), with
//! the person's channel (`web`). Who may open, save and send is [`crate::access::upload_scope`]'s
//! rule: a member for their own institution, staff for any, a partner never.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDateTime;
use mizan_core::number::DecimalMark;
use mizan_core::{Framework, InstitutionCode, Issue, Period};
use mizan_ingest::form::{FIELD_MAX_CHARS, read_form};
use mizan_storage::drafts;
use mizan_storage::submissions::versions;
use rust_decimal::Decimal;

use crate::app::{Actor, App};
use crate::error::{ServiceError, ServiceResult};
use crate::returns::{ImportReport, submit_returns};

/// Where the form's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Nothing yet.
    Empty,
    /// The draft saved then, by that person.
    Draft {
        /// When.
        saved_at: NaiveDateTime,
        /// Who.
        saved_by: String,
    },
    /// The latest version sent (its number).
    Version(i32),
}

/// The form of an institution's return for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The framework in force for the period.
    pub framework: String,
    /// The institution.
    pub institution: InstitutionCode,
    /// Its name.
    pub name: String,
    /// The period.
    pub period: Period,
    /// The draft's fields as typed (item code → text).
    pub typed: BTreeMap<String, String>,
    /// The latest version's values (when there is no draft).
    pub sent: BTreeMap<String, Decimal>,
    /// Where they come from.
    pub source: Source,
}

/// What sending the form did.
#[derive(Debug, Clone)]
pub enum Sent {
    /// Fields that are not numbers, by item: nothing was sent (the draft is kept).
    Unreadable(Vec<Issue>),
    /// The return went through the file's way: stored, unchanged or refused, with its issues.
    Report(ImportReport),
}

/// The framework of `institution` for `period`, after the asker's scope is checked.
fn scope<'a>(
    app: &'a App,
    who: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<(&'a Framework, String)> {
    crate::access::upload_scope(who, Some(institution), Some(period))?;
    let (name, framework) = crate::member::institution(app, institution, Some(period))?
        .ok_or_else(|| ServiceError::NotFound(format!("institution {institution}")))?;
    Ok((app.reporting_framework(&framework, period)?, name))
}

/// The form of `institution`'s return for `period`: its draft, else its latest version's
/// values, else empty.
pub fn open_form(
    app: &App,
    who: &Actor,
    institution: &InstitutionCode,
    period: Period,
) -> ServiceResult<Form> {
    let (fw, name) = scope(app, who, institution, period)?;
    let mut conn = app.conn()?;
    let mut form = Form {
        framework: fw.id.clone(),
        institution: institution.clone(),
        name,
        period,
        typed: BTreeMap::new(),
        sent: BTreeMap::new(),
        source: Source::Empty,
    };
    if let Some(d) = drafts::draft(&mut conn, institution, period)? {
        form.typed = serde_json::from_str(&d.values)
            .map_err(|e| ServiceError::Internal(format!("draft of {institution}: {e}")))?;
        form.source = Source::Draft {
            saved_at: d.saved_at,
            saved_by: d.saved_by,
        };
    } else if let Some(latest) = versions(&mut conn, institution, period)?.last() {
        form.sent = mizan_storage::submissions::submission_values(&mut conn, latest.id)?
            .into_iter()
            .map(|(code, v)| (code.to_string(), v))
            .collect();
        form.source = Source::Version(latest.version);
    }
    Ok(form)
}

/// The fields of the framework's typed items, each at most [`FIELD_MAX_CHARS`] characters.
fn kept_fields(fw: &Framework, typed: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    fw.items
        .iter()
        .filter(|i| !i.is_total())
        .filter_map(|i| {
            let text = typed.get(i.code.as_str())?.trim();
            (!text.is_empty()).then(|| {
                (
                    i.code.to_string(),
                    text.chars().take(FIELD_MAX_CHARS * 2).collect(),
                )
            })
        })
        .collect()
}

/// Saves the fields `typed` as the draft of `institution`'s return for `period`.
pub fn save_draft(
    app: &App,
    who: &Actor,
    institution: &InstitutionCode,
    period: Period,
    typed: &BTreeMap<String, String>,
) -> ServiceResult<()> {
    let (fw, _) = scope(app, who, institution, period)?;
    keep_draft(app, who, fw, institution, period, typed)
}

/// Writes the draft, once the asker's scope is checked.
fn keep_draft(
    app: &App,
    who: &Actor,
    fw: &Framework,
    institution: &InstitutionCode,
    period: Period,
    typed: &BTreeMap<String, String>,
) -> ServiceResult<()> {
    let json = serde_json::to_string(&kept_fields(fw, typed))
        .map_err(|e| ServiceError::Internal(format!("draft: {e}")))?;
    let mut conn = app.conn()?;
    drafts::save_draft(&mut conn, institution, period, &json, &who.name, app.now())?;
    Ok(())
}

/// Sends the form: the fields are read with `mark` (the decimal mark of the person's
/// language) and saved as the draft; when every field is a number, the return is written as a
/// CSV file (`formulaire-web.csv`) and sent as a file is, and the draft is removed once the
/// return is stored (or found unchanged).
pub fn send_form(
    app: &App,
    who: &Actor,
    institution: &InstitutionCode,
    period: Period,
    typed: &BTreeMap<String, String>,
    mark: DecimalMark,
) -> ServiceResult<Sent> {
    let (fw, _) = scope(app, who, institution, period)?;
    keep_draft(app, who, fw, institution, period, typed)?;
    let read = read_form(fw, &kept_fields(fw, typed), mark);
    if !read.issues.is_empty() {
        return Ok(Sent::Unreadable(read.issues));
    }
    let mut csv = String::from("institution,period,item,value\n");
    for (code, value) in &read.values {
        let _ = writeln!(csv, "{institution},{period},{code},{value}");
    }
    let report = submit_returns(
        app,
        who,
        Some(institution),
        Some(period),
        csv.as_bytes(),
        "formulaire-web.csv",
    )?;
    if !report.has_refusals() {
        let mut conn = app.conn()?;
        drafts::delete_draft(&mut conn, institution, period)?;
    }
    Ok(Sent::Report(report))
}

/// The totals of the fields `typed` (item code → value), each the sum of its typed parts, read
/// with `mark`: what the form shows in place of the totals.
pub fn form_totals(
    fw: &Framework,
    typed: &BTreeMap<String, String>,
    mark: DecimalMark,
) -> BTreeMap<String, Decimal> {
    let read = read_form(fw, &kept_fields(fw, typed), mark);
    fw.items
        .iter()
        .filter(|i| i.is_total())
        .filter_map(|i| Some((i.code.to_string(), *read.values.get(&i.code)?)))
        .collect()
}
