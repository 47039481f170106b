//! The return typed in the browser (`/space/form`): the template's sections with their labels
//! in the reader's language, totals computed, a draft kept between visits, and on sending the
//! same checks as a file, the issues shown beside their fields. It works without script.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::framework::Unit;
use mizan_core::number::DecimalMark;
use mizan_core::{Framework, InstitutionCode, Issue, Lang};
use mizan_service::accounts::Session;
use mizan_service::form::{Form, Sent, Source, form_totals, open_form, save_draft, send_form};
use mizan_service::returns::Outcome;
use serde::Deserialize;

use crate::account::see_other;
use crate::auth::{Signed, SignedForm};
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::issue_text;
use crate::pages::parse_period;
use crate::private::{blocking, collecting, parse_code};
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::Layout;

/// `?institution=&period=&saved=` of the form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormQuery {
    institution: Option<String>,
    period: Option<String>,
    saved: Option<u8>,
}

/// The form's fields: the item codes with what was typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormFields {
    csrf: String,
    institution: String,
    period: String,
    action: String,
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

crate::auth::csrf_forms!(FormFields);

/// The decimal mark people type in `lang`.
fn mark(lang: Lang) -> DecimalMark {
    match lang {
        Lang::En => DecimalMark::Point,
        Lang::Fr | Lang::Ar => DecimalMark::Comma,
    }
}

/// A value as it is typed in `lang` (no grouping, the language's decimal mark).
fn typed_text(v: rust_decimal::Decimal, lang: Lang) -> String {
    let text = v.normalize().to_string();
    match mark(lang) {
        DecimalMark::Comma => text.replace('.', ","),
        DecimalMark::Point => text,
    }
}

/// The institution of the form: asked for (staff), or the member's own.
fn institution_of(session: &Session, asked: Option<&str>) -> Result<InstitutionCode, AppError> {
    match asked.filter(|s| !s.trim().is_empty()) {
        Some(code) => parse_code(code.trim()),
        None => session
            .principal
            .institution
            .clone()
            .ok_or_else(|| AppError::BadRequest("institution".into())),
    }
}

/// `GET /space/form?institution=&period=`.
pub async fn form_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    query: web::Query<FormQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let institution = institution_of(&session, query.institution.as_deref())?;
    let period = match query.period.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => parse_period(p.trim())?,
        None => collecting(state.app().today()),
    };
    let who = session.principal.actor();
    let form = blocking(&state, move |app| {
        open_form(app, &who, &institution, period)
    })
    .await?;
    let typed = if form.typed.is_empty() {
        form.sent
            .iter()
            .map(|(k, v)| (k.clone(), typed_text(*v, lang)))
            .collect()
    } else {
        form.typed.clone()
    };
    let notice = (query.saved == Some(1)).then(|| state.i18n().text(lang, "form-saved"));
    render(
        &state,
        lang,
        &session,
        &form,
        &typed,
        &[],
        notice,
        StatusCode::OK,
    )
}

/// `POST /space/form`: `action=save` keeps a draft; `action=send` sends the return.
pub async fn form_post(
    SignedForm {
        session,
        state,
        lang,
        form: fields,
    }: SignedForm<FormFields>,
) -> Result<HttpResponse, AppError> {
    let institution = institution_of(&session, Some(&fields.institution))?;
    let period = parse_period(fields.period.trim())?;
    let typed: BTreeMap<String, String> = fields
        .fields
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("v.").map(|code| (code.to_owned(), v)))
        .collect();
    let who = session.principal.actor();
    let (inst, t) = (institution.clone(), typed.clone());
    if fields.action != "send" {
        blocking(&state, move |app| save_draft(app, &who, &inst, period, &t)).await?;
        return Ok(see_other(&format!(
            "/space/form?institution={institution}&period={period}&saved=1"
        )));
    }
    let sent = blocking(&state, move |app| {
        let sent = send_form(app, &who, &inst, period, &t, mark(lang))?;
        Ok((sent, open_form(app, &who, &inst, period)?))
    })
    .await;
    state.metrics().upload(
        crate::metrics::UploadKind::Form,
        matches!(&sent, Ok((Sent::Report(r), _)) if r.stored().next().is_some()),
    );
    let (sent, form) = sent?;
    let issues = match sent {
        Sent::Unreadable(issues) => issues,
        Sent::Report(report) => {
            let done = report.submissions.iter().find_map(|s| match &s.outcome {
                Outcome::Stored(r) | Outcome::AlreadyImported(r) | Outcome::Unchanged(r) => {
                    Some(r.id)
                }
                _ => None,
            });
            if let Some(id) = done {
                state.send_mail();
                return Ok(see_other(&format!("/space/submissions/{id}")));
            }
            report
                .file_issues
                .into_iter()
                .chain(report.submissions.into_iter().flat_map(|s| s.issues))
                .collect()
        }
    };
    let i18n = state.i18n();
    let notice = Some(i18n.text(lang, "form-refused"));
    render(
        &state,
        lang,
        &session,
        &form,
        &typed,
        &issues,
        notice,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// The unit of an item as the template says it.
fn unit_text(i18n: &I18n, lang: Lang, fw: &Framework, unit: Unit, signed: bool) -> String {
    match unit {
        Unit::Amount if signed => format!("{} ±", fw.currency),
        Unit::Amount => fw.currency.clone(),
        Unit::Count => i18n.text(lang, "xlsx-unit-count"),
        Unit::Rate => "%".into(),
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "the page of one form: its state, the reader, what was typed and what was found"
)]
fn render(
    state: &WebState,
    lang: Lang,
    session: &Session,
    form: &Form,
    typed: &BTreeMap<String, String>,
    issues: &[Issue],
    notice: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let fw = state.app().framework(&form.framework, form.period)?;
    let totals = form_totals(fw, typed, mark(lang));
    let text_of = |i: &Issue| issue_text(i18n, lang, &i.kind);
    let sections = fw
        .sections
        .iter()
        .map(|s| SectionView {
            title: s.label.get(lang).to_owned(),
            fields: fw
                .items
                .iter()
                .filter(|i| i.section == s.code)
                .map(|i| FieldView {
                    code: i.code.to_string(),
                    label: i.label.get(lang).to_owned(),
                    unit: unit_text(i18n, lang, fw, i.unit, i.signed),
                    value: typed.get(i.code.as_str()).cloned().unwrap_or_default(),
                    total: i.is_total().then(|| {
                        totals
                            .get(i.code.as_str())
                            .map_or_else(|| "—".to_owned(), |v| format::decimal(*v, lang))
                    }),
                    issues: issues
                        .iter()
                        .filter(|x| x.item.as_deref() == Some(i.code.as_str()))
                        .map(text_of)
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let period = format::period(form.period, lang, i18n);
    let title = i18n.message(
        lang,
        "form-title",
        &[("name", form.name.clone()), ("period", period.clone())],
    );
    let source = match &form.source {
        Source::Empty => t("form-source-empty"),
        Source::Draft { saved_at, saved_by } => i18n.message(
            lang,
            "form-source-draft",
            &[
                ("date", format::datetime(*saved_at, lang, i18n)),
                ("who", saved_by.clone()),
            ],
        ),
        Source::Version(v) => {
            i18n.message(lang, "form-source-version", &[("version", v.to_string())])
        }
    };
    let page = FormPage {
        page: layout(state, lang, &title, "/space/upload"),
        frame: Frame::new(state, lang, session, "/space/upload"),
        notice,
        refused: status != StatusCode::OK,
        source,
        general: issues
            .iter()
            .filter(|x| {
                x.item
                    .as_deref()
                    .is_none_or(|code| fw.items.iter().all(|i| i.code.as_str() != code))
            })
            .map(text_of)
            .collect(),
        institution: form.institution.to_string(),
        period: form.period.to_string(),
        sections,
        labels: FormLabels(vec![
            ("intro", t("form-intro")),
            ("col-item", t("xlsx-heading-label")),
            ("col-unit", t("xlsx-heading-unit")),
            ("col-value", t("xlsx-heading-value")),
            ("computed", t("form-computed")),
            ("save", t("form-save")),
            ("send", t("form-send")),
        ]),
    };
    private_page(&page, lang, status)
}

/// A field of the form.
#[derive(Debug, Clone)]
pub struct FieldView {
    /// Item code (the field's name is `v.<code>`).
    pub code: String,
    /// Label.
    pub label: String,
    /// Unit.
    pub unit: String,
    /// What was typed.
    pub value: String,
    /// For a total: its computed value (not typed).
    pub total: Option<String>,
    /// What is wrong with it.
    pub issues: Vec<String>,
}

/// A section of the form.
#[derive(Debug, Clone)]
pub struct SectionView {
    /// Title.
    pub title: String,
    /// Its fields, in the template's order.
    pub fields: Vec<FieldView>,
}

/// `GET /space/form`.
#[derive(Template)]
#[template(path = "space/form.html")]
pub struct FormPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Saved, or refused.
    pub notice: Option<String>,
    /// Whether the return was refused.
    pub refused: bool,
    /// Where the values come from.
    pub source: String,
    /// Issues about the return as a whole.
    pub general: Vec<String>,
    /// Institution code (form).
    pub institution: String,
    /// Period code (form).
    pub period: String,
    /// Sections.
    pub sections: Vec<SectionView>,
    /// Labels.
    pub labels: FormLabels,
}
