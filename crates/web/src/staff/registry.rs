//! The registry of institutions (`/staff/institutions`): current attributes and history, a
//! registry CSV uploaded all or nothing, and one institution's attributes recorded from a
//! quarter on.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use mizan_core::institution::EnumError;
use mizan_core::{
    Attributes, CountryCode, InstitutionCode, Issue, Lang, LegalForm, Period, Structure,
};
use mizan_service::ServiceError;
use mizan_service::accounts::Session;
use mizan_service::backoffice::{self, RegistryEntry};
use mizan_service::registry::{self, RegistryImport, import_institutions};
use mizan_storage::registry::RegistryChange;
use serde::Deserialize;

use super::{Notice, dash_if_empty, legal_form_text, structure_text, yes_no};
use crate::auth::{Staff, StaffForm};
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::issues::{place_text, severity_text};
use crate::private::{REGISTRY_UPLOAD, SignedUpload, blocking as run};
use crate::refusal::refusal_text;
use crate::space_views::{FormLabels, Frame, layout, private_page};
use crate::state::WebState;
use crate::views::Layout;

fn attribute_cells(i18n: &I18n, lang: Lang, a: &Attributes) -> Vec<String> {
    vec![
        a.name.clone(),
        legal_form_text(i18n, lang, a.legal_form),
        structure_text(i18n, lang, a.structure),
        yes_no(i18n, lang, a.network_affiliated),
        yes_no(i18n, lang, a.collects_deposits),
        yes_no(i18n, lang, a.art44),
        a.framework.clone(),
        dash_if_empty(a.country.map(|c| c.to_string()).unwrap_or_default()),
        dash_if_empty(a.owner_group.clone().unwrap_or_default()),
    ]
}

fn issue_view(i18n: &I18n, lang: Lang, issue: &Issue) -> IssueView {
    let text = crate::issues::issue_text(i18n, lang, &issue.kind);
    let message = match &issue.item {
        Some(item) => format!("{item}: {text}"),
        None => text,
    };
    IssueView {
        place: place_text(i18n, lang, &issue.place),
        severity: severity_text(i18n, lang, issue.severity),
        message,
    }
}

/// The registry as it stands this quarter.
async fn registry_now(
    state: &Arc<WebState>,
    session: &Session,
) -> Result<Vec<RegistryEntry>, AppError> {
    let period = Period::containing(state.app().today());
    let who = session.principal.actor();
    run(state, move |app| backoffice::registry(app, &who, period)).await
}

/// The registry page with `notice` and the `issues` of a refused file, answered with
/// `status`.
fn render_institutions(
    state: &WebState,
    lang: Lang,
    session: &Session,
    registry: &[RegistryEntry],
    notice: Option<Notice>,
    issues: &[Issue],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let attribute_headers = [
        t("staff-col-name"),
        t("staff-col-legal-form"),
        t("staff-col-structure"),
        t("staff-col-network"),
        t("staff-col-deposits"),
        t("staff-col-art44"),
        t("staff-col-framework"),
        t("staff-col-country"),
        t("staff-col-owner-group"),
    ];
    let mut headers = vec![t("staff-col-code")];
    headers.extend(attribute_headers.iter().cloned());
    headers.push(t("staff-col-history"));
    let mut history_headers = vec![t("staff-col-code"), t("staff-col-valid-from")];
    history_headers.extend(attribute_headers.iter().cloned());
    history_headers.push(t("staff-col-recorded-at"));
    history_headers.push(t("staff-col-recorded-by"));
    let title = t("staff-institutions-title");
    let page = InstitutionsPage {
        change: change_choices(state, lang, registry),
        page: layout(state, lang, &title, "/staff/institutions"),
        frame: Frame::new(state, lang, session, "/staff/institutions"),
        notice,
        issues: issues.iter().map(|i| issue_view(i18n, lang, i)).collect(),
        issue_headers: vec![
            t("staff-col-place"),
            t("staff-col-severity"),
            t("staff-col-problem"),
        ],
        headers,
        rows: registry_rows(i18n, lang, registry),
        history_headers,
        history: history_rows(i18n, lang, registry),
        labels: institutions_labels(state, lang),
    };
    private_page(&page, lang, status)
}

/// Each institution with its current attributes.
fn registry_rows(i18n: &I18n, lang: Lang, registry: &[RegistryEntry]) -> Vec<RegistryRowView> {
    registry
        .iter()
        .map(|e| {
            let cells = e.current.as_ref().map_or_else(
                || vec!["—".to_owned(); 8],
                |a| attribute_cells(i18n, lang, a),
            );
            let versions = if e.versions.len() == 1 {
                i18n.text(lang, "staff-versions-one")
            } else {
                i18n.message(
                    lang,
                    "staff-versions-many",
                    &[("n", format::count(e.versions.len(), lang))],
                )
            };
            RegistryRowView {
                code: e.code.to_string(),
                cells,
                versions,
            }
        })
        .collect()
}

/// Every recorded version of every institution's attributes.
fn history_rows(i18n: &I18n, lang: Lang, registry: &[RegistryEntry]) -> Vec<HistoryRowView> {
    registry
        .iter()
        .flat_map(|e| {
            e.versions.iter().enumerate().map(|(i, v)| HistoryRowView {
                code: e.code.to_string(),
                valid_from: v.valid_from.map_or_else(
                    || i18n.text(lang, "staff-valid-always"),
                    |p| format::period(p, lang, i18n),
                ),
                cells: attribute_cells(i18n, lang, &v.attributes),
                recorded_at: format::datetime(v.recorded_at, lang, i18n),
                recorded_by: v.recorded_by.clone(),
                first: i == 0,
            })
        })
        .collect()
}

/// The choices of the form recording an institution's attributes.
fn change_choices(state: &WebState, lang: Lang, registry: &[RegistryEntry]) -> ChangeChoices {
    let i18n = state.i18n();
    let today_period = Period::containing(state.app().today());
    ChangeChoices {
        codes: registry.iter().map(|e| e.code.to_string()).collect(),
        periods: std::iter::once((String::new(), i18n.text(lang, "staff-valid-always")))
            .chain(
                std::iter::successors(Some(today_period.next()), |p| Some(p.previous()))
                    .take(12)
                    .map(|p| (p.to_string(), format::period(p, lang, i18n))),
            )
            .collect(),
        legal_forms: LegalForm::ALL
            .iter()
            .map(|f| (f.code().to_owned(), legal_form_text(i18n, lang, *f)))
            .collect(),
        structures: Structure::ALL
            .iter()
            .map(|s| (s.code().to_owned(), structure_text(i18n, lang, *s)))
            .collect(),
        frameworks: {
            let site = state.options().framework.clone();
            let mut ids: Vec<String> = state.app().frameworks.ids().map(str::to_owned).collect();
            // The site's framework first: the default choice.
            ids.sort_by_key(|id| (id != &site, id.clone()));
            ids.into_iter()
                .map(|id| {
                    let label = state
                        .app()
                        .frameworks
                        .latest(&id)
                        .map_or_else(|| id.clone(), |f| format!("{} ({id})", f.label.get(lang)));
                    (id, label)
                })
                .collect()
        },
    }
}

/// The labels of the registry page.
fn institutions_labels(state: &WebState, lang: Lang) -> FormLabels {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let today_period = Period::containing(state.app().today());
    let max_mb = state
        .app()
        .settings
        .upload
        .max_file_bytes
        .div_ceil(1_000_000);
    FormLabels(vec![
        (
            "intro",
            i18n.message(
                lang,
                "staff-institutions-intro",
                &[("period", format::period(today_period, lang, i18n))],
            ),
        ),
        ("empty", t("staff-registry-empty")),
        ("history", t("staff-history-title")),
        ("upload", t("staff-registry-upload-title")),
        ("upload-help", t("staff-registry-upload-help")),
        (
            "max-size",
            i18n.message(
                lang,
                "staff-max-size",
                &[(
                    "mb",
                    format::count(usize::try_from(max_mb).unwrap_or(0), lang),
                )],
            ),
        ),
        ("file", t("staff-field-file")),
        ("submit", t("staff-registry-upload-submit")),
        ("issues", t("staff-registry-issues")),
        ("change", t("staff-change-title")),
        ("change-help", t("staff-change-help")),
        ("code", t("staff-col-code")),
        ("valid-from", t("staff-col-valid-from")),
        ("name", t("staff-col-name")),
        ("legal-form", t("staff-col-legal-form")),
        ("structure", t("staff-col-structure")),
        ("network", t("staff-col-network")),
        ("deposits", t("staff-col-deposits")),
        ("art44", t("staff-col-art44")),
        ("framework", t("staff-col-framework")),
        ("country", t("staff-col-country")),
        ("country-help", t("staff-change-country-help")),
        ("owner-group", t("staff-col-owner-group")),
        ("change-submit", t("staff-change-submit")),
    ])
}

/// `GET /staff/institutions`.
pub(super) async fn institutions_page(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let registry = registry_now(&state, &session).await?;
    render_institutions(&state, lang, &session, &registry, None, &[], StatusCode::OK)
}

/// The form recording an institution's attributes from a quarter on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    csrf: String,
    code: String,
    valid_from: String,
    name: String,
    legal_form: String,
    structure: String,
    network: Option<String>,
    deposits: Option<String>,
    art44: Option<String>,
    framework: String,
    country: String,
    owner_group: String,
}

impl ChangeForm {
    /// The institution, the quarter from which and the attributes the form records, or why
    /// they cannot be read, in `lang`. A field the form's own controls cannot produce (a
    /// hand-made request) is named with the value received.
    fn parse(
        &self,
        i18n: &I18n,
        lang: Lang,
    ) -> Result<(InstitutionCode, Option<Period>, Attributes), String> {
        let bad = |field: &str, value: &str| {
            i18n.message(
                lang,
                "staff-change-bad-field",
                &[
                    ("field", i18n.text(lang, field)),
                    ("value", value.to_owned()),
                ],
            )
        };
        let code = InstitutionCode::parse(self.code.trim())
            .map_err(|_| bad("staff-col-code", self.code.trim()))?;
        let valid_from = match self.valid_from.trim() {
            "" => None,
            p => Some(Period::parse(p).map_err(|_| bad("staff-col-valid-from", p))?),
        };
        let attributes = Attributes {
            name: self.name.trim().to_owned(),
            legal_form: self
                .legal_form
                .parse()
                .map_err(|_: EnumError| bad("staff-col-legal-form", &self.legal_form))?,
            structure: self
                .structure
                .parse()
                .map_err(|_: EnumError| bad("staff-col-structure", &self.structure))?,
            network_affiliated: self.network.is_some(),
            collects_deposits: self.deposits.is_some(),
            framework: self.framework.trim().to_owned(),
            owner_group: Some(self.owner_group.trim().to_owned()).filter(|g| !g.is_empty()),
            // Empty: the framework's country.
            country: match self.country.trim() {
                "" => None,
                c => Some(CountryCode::parse(c).map_err(|_| bad("staff-col-country", c))?),
            },
            art44: self.art44.is_some(),
        };
        Ok((code, valid_from, attributes))
    }
}

/// `POST /staff/institutions/change`: records an institution's attributes from a quarter on
/// (a new institution when the code is new); earlier quarters keep theirs.
pub(super) async fn record_change(
    StaffForm {
        session,
        state,
        lang,
        form,
    }: StaffForm<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    let actor = session.principal.actor();
    let i18n = state.i18n();
    let outcome = match form.parse(i18n, lang) {
        Ok((code, valid_from, attributes)) => {
            let c = code.clone();
            run(&state, move |app| {
                match registry::record_change(app, &actor, &c, valid_from, &attributes) {
                    Ok(change) => Ok(Ok(change)),
                    Err(ServiceError::Invalid(m)) => Ok(Err(m)),
                    Err(e) => Err(e),
                }
            })
            .await?
            .map(|change| (code, change))
            .map_err(|refusal| refusal_text(i18n, lang, &refusal))
        }
        Err(m) => Err(m),
    };
    let registry = registry_now(&state, &session).await?;
    let (notice, status) = match outcome {
        Ok((code, change)) => {
            let id = match change {
                RegistryChange::Created => "staff-change-created",
                RegistryChange::Changed => "staff-change-recorded",
                RegistryChange::Unchanged => "staff-change-unchanged",
            };
            let text = i18n.message(lang, id, &[("code", code.to_string())]);
            (Notice::ok(text), StatusCode::OK)
        }
        Err(why) => {
            let text = i18n.message(lang, "staff-change-refused", &[("why", why)]);
            (Notice::refused(text), StatusCode::BAD_REQUEST)
        }
    };
    render_institutions(&state, lang, &session, &registry, Some(notice), &[], status)
}

/// `POST /staff/institutions`: a registry CSV (multipart: `csrf`, `file`), all or nothing.
pub(super) async fn upload_registry(
    req: HttpRequest,
    data: web::Data<WebState>,
    Staff(session): Staff,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let SignedUpload {
        session,
        state,
        lang,
        form,
    } = SignedUpload::read(&req, data, session, payload, &REGISTRY_UPLOAD).await?;
    let i18n = state.i18n();
    let Some(file) = form.file.filter(|f| f.size > 0) else {
        let registry = registry_now(&state, &session).await?;
        return render_institutions(
            &state,
            lang,
            &session,
            &registry,
            Some(Notice::refused(i18n.text(lang, "staff-registry-no-file"))),
            &[],
            StatusCode::BAD_REQUEST,
        );
    };
    let name = Some(file.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "institutions.csv".into());
    let (source, actor) = (name.clone(), session.principal.actor());
    let period = Period::containing(state.app().today());
    let imported: Result<(RegistryImport, Vec<RegistryEntry>), AppError> =
        run(&state, move |app| {
            let report = import_institutions(app, file.path(), &source, &actor)?;
            Ok((report, backoffice::registry(app, &actor, period)?))
        })
        .await;
    state.metrics().upload(
        crate::metrics::UploadKind::Registry,
        matches!(&imported, Ok((r, _)) if !r.refused()),
    );
    let (report, registry) = imported?;
    let (notice, status) = import_notice(i18n, lang, &report, name);
    render_institutions(
        &state,
        lang,
        &session,
        &registry,
        Some(notice),
        &report.issues,
        status,
    )
}

/// What the import of the registry file `name` did, and the status to answer with.
fn import_notice(
    i18n: &I18n,
    lang: Lang,
    report: &RegistryImport,
    name: String,
) -> (Notice, StatusCode) {
    if report.refused() {
        return (
            Notice::refused(i18n.message(lang, "staff-registry-refused", &[("file", name)])),
            StatusCode::BAD_REQUEST,
        );
    }
    let (created, changed, unchanged) = report.counts();
    let text = i18n.message(
        lang,
        "staff-registry-stored",
        &[
            ("file", name),
            ("created", format::count(created, lang)),
            ("changed", format::count(changed, lang)),
            ("unchanged", format::count(unchanged, lang)),
        ],
    );
    (Notice::ok(text), StatusCode::OK)
}

crate::auth::csrf_forms!(ChangeForm);

// ---------------------------------------------------------------- views

/// One institution of the registry with its current attributes.
#[derive(Debug, Clone)]
pub struct RegistryRowView {
    /// Code.
    pub code: String,
    /// Attributes in column order (name first).
    pub cells: Vec<String>,
    /// "3 versions".
    pub versions: String,
}

/// One recorded version of an institution's attributes.
#[derive(Debug, Clone)]
pub struct HistoryRowView {
    /// Code.
    pub code: String,
    /// "T1 2016", or "depuis l'origine".
    pub valid_from: String,
    /// Attributes in column order.
    pub cells: Vec<String>,
    /// When recorded.
    pub recorded_at: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// The first version of its institution (starts a group of rows).
    pub first: bool,
}

/// An issue of a refused registry file.
#[derive(Debug, Clone)]
pub struct IssueView {
    /// "ligne 4, colonne legal_form".
    pub place: String,
    /// "bloquant", "avertissement".
    pub severity: String,
    /// What is wrong.
    pub message: String,
}

/// `GET /staff/institutions`: the registry.
#[derive(Template)]
#[template(path = "staff/institutions.html")]
pub struct InstitutionsPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Outcome of an upload.
    pub notice: Option<Notice>,
    /// Issues of a refused (or accepted with warnings) file.
    pub issues: Vec<IssueView>,
    /// Headers of the issues.
    pub issue_headers: Vec<String>,
    /// Headers of the registry table.
    pub headers: Vec<String>,
    /// Institutions.
    pub rows: Vec<RegistryRowView>,
    /// Headers of the history table.
    pub history_headers: Vec<String>,
    /// Every recorded version.
    pub history: Vec<HistoryRowView>,
    /// The choices of the form recording a change: (code, label).
    pub change: ChangeChoices,
    /// Labels.
    pub labels: FormLabels,
}

/// The choices of the form that records an institution's attributes from a quarter on.
#[derive(Debug, Clone, Default)]
pub struct ChangeChoices {
    /// Institutions of the registry (for the code's suggestions).
    pub codes: Vec<String>,
    /// Quarters from which a change may apply (the first: from the beginning).
    pub periods: Vec<(String, String)>,
    /// Legal forms.
    pub legal_forms: Vec<(String, String)>,
    /// Structures.
    pub structures: Vec<(String, String)>,
    /// Frameworks.
    pub frameworks: Vec<(String, String)>,
}
