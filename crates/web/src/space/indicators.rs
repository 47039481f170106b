//! An institution's own indicators for a quarter, against the norms and its peer group (page
//! and CSV).

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::framework::IndicatorDef;
use mizan_core::framework::{Compliance, DisplayKind};
use mizan_core::{Code, Framework, InstitutionCode, Lang, Period};
use mizan_ratios::ConsolidatedTable;
use mizan_ratios::{Method, RowKind};
use mizan_service::access::Refusal;
use mizan_service::accounts::Session;
use mizan_service::consolidation::InstitutionIndicators;
use mizan_service::export;
use mizan_service::member;
use mizan_service::publication::{PublicFigure, PublicTable};
use mizan_service::{App, ServiceResult};

use super::refusal_text;
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::pages::parse_period;
use crate::private::{blocking, download, parse_code};
use crate::space_views::{Frame, MessagePage, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

fn compliance_text(i18n: &I18n, lang: Lang, c: Option<Compliance>) -> (String, &'static str) {
    match c {
        Some(Compliance::Meets) => (i18n.text(lang, "norm-meets"), "meets"),
        Some(Compliance::Fails) => (i18n.text(lang, "norm-fails"), "fails"),
        Some(Compliance::Unknown) => (i18n.text(lang, "norm-unknown"), "unknown"),
        None => (String::new(), ""),
    }
}

pub(super) fn figure_or_na(
    i18n: &I18n,
    lang: Lang,
    display: DisplayKind,
    v: Option<rust_decimal::Decimal>,
) -> String {
    v.map_or_else(
        || i18n.text(lang, "not-applicable"),
        |v| format::figure(display, v, lang),
    )
}

/// An institution's own position in a period, as the page shows it.
struct Position<'a> {
    fw: &'a Framework,
    own: &'a InstitutionIndicators,
    /// The peer group's consolidated table, when the peer detail is open.
    table: Option<&'a ConsolidatedTable>,
    /// Else the published bulletin, if any.
    public: Option<&'a PublicTable>,
    /// The institution's peer group (the sector when it has none).
    group: String,
}

/// What the own-position page shows, read in one blocking call.
struct OwnData {
    framework: String,
    name: String,
    own: Option<InstitutionIndicators>,
    /// The peer group's table, or why the peer detail is refused.
    stats: Result<ConsolidatedTable, Refusal>,
    /// The published bulletin, when the peer detail is refused.
    public: Option<PublicTable>,
}

/// Reads an institution's own position in `period` (under its framework, else `site`).
fn load_own(
    app: &App,
    who: &mizan_service::Actor,
    c: &InstitutionCode,
    period: Period,
    site: String,
) -> ServiceResult<OwnData> {
    let (name, framework) =
        member::institution(app, c, Some(period))?.unwrap_or_else(|| (c.to_string(), site));
    let position = member::own_position(app, who, &framework, period, c)?;
    let (own, stats) = (position.own, position.peers);
    // Without the peer detail, the position is taken against the published bulletin.
    let public = match &stats {
        Ok(_) => None,
        Err(_) => member::published_table(app, &framework, period)?,
    };
    Ok(OwnData {
        framework,
        name,
        own,
        stats,
        public,
    })
}

/// `GET /space/institutions/{code}/periods/{period}`: an institution's own indicators against
/// the norms, and its place in its peer group (or the published bulletin when the peer detail
/// is not open).
pub async fn own_indicators(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let period = parse_period(&period)?;
    let who = session.principal.actor();
    let c = code.clone();
    let site = state.options().framework.clone();
    let OwnData {
        framework,
        name,
        own,
        stats,
        public,
    } = blocking(&state, move |app| load_own(app, &who, &c, period, site)).await?;
    let fw: &Framework = state.app().framework(&framework, period)?;
    let label = format::period(period, lang, i18n);
    let title = i18n.message(
        lang,
        "own-title",
        &[
            ("institution", format!("{name} ({code})")),
            ("period", label.clone()),
        ],
    );
    let Some(own) = own else {
        return no_return(&state, lang, &session, &code, period, title);
    };
    let pos = Position {
        fw,
        own: &own,
        table: stats.as_ref().ok(),
        public: public.as_ref(),
        group: own
            .group
            .clone()
            .unwrap_or_else(|| mizan_ratios::SECTOR.to_owned()),
    };
    let refusal = stats.as_ref().err().map(|why| {
        let mut text = refusal_text(i18n, lang, why, &label);
        text.push(' ');
        text.push_str(&if public.is_some() {
            i18n.text(lang, "own-position-published")
        } else {
            i18n.text(lang, "own-position-none")
        });
        text
    });
    let mut page = own_view(&state, lang, &session, &pos, &title);
    page.refusal = refusal;
    page.links = own_links(i18n, lang, &pos, &code, period, &framework);
    private_page(&page, lang, StatusCode::OK)
}

/// The page saying that the institution has no return for `period`, with the upload link.
fn no_return(
    state: &WebState,
    lang: Lang,
    session: &Session,
    code: &InstitutionCode,
    period: Period,
    title: String,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let label = format::period(period, lang, i18n);
    let page = MessagePage {
        page: layout(state, lang, &title, "/space"),
        frame: Some(Frame::new(state, lang, session, "/space")),
        title,
        text: vec![i18n.message(lang, "own-none", &[("period", label)])],
        links: vec![Link::new(
            format!("/space/upload?institution={code}&period={period}"),
            i18n.text(lang, "action-upload"),
            false,
        )],
    };
    private_page(&page, lang, StatusCode::OK)
}

/// The page of an institution's own position (its refusal and links left empty).
fn own_view(
    state: &WebState,
    lang: Lang,
    session: &Session,
    pos: &Position<'_>,
    title: &str,
) -> OwnIndicatorsPage {
    let i18n = state.i18n();
    let group_label = pos.fw.peer_group(&pos.group).map_or_else(
        || pos.fw.sector_label.get(lang).to_owned(),
        |g| g.label.get(lang).to_owned(),
    );
    let mut headings: Vec<String> = ["col-indicator", "col-value", "col-norm", "col-compliance"]
        .iter()
        .map(|id| i18n.text(lang, id))
        .collect();
    let columns: &[&str] = if pos.table.is_some() {
        &["col-mean", "col-q1", "col-median", "col-q3", "col-n"]
    } else if pos.public.is_some() {
        &["col-mean-published", "col-median-published", "col-n"]
    } else {
        &[]
    };
    for id in columns {
        headings.push(i18n.message(lang, id, &[("group", group_label.clone())]));
    }
    OwnIndicatorsPage {
        page: layout(state, lang, title, "/space"),
        frame: Frame::new(state, lang, session, "/space"),
        intro: i18n.message(
            lang,
            "own-intro",
            &[
                ("version", pos.own.submission.version.to_string()),
                ("group", group_label),
            ],
        ),
        refusal: None,
        headings,
        rows: own_rows(i18n, lang, pos),
        links: Vec::new(),
    }
}

/// A row per bulletin section, then one per indicator: the institution's value, its norm and
/// compliance, and the peer group's figures.
fn own_rows(i18n: &I18n, lang: Lang, pos: &Position<'_>) -> Vec<OwnRow> {
    let mut rows = Vec::new();
    for section in &pos.fw.bulletin {
        rows.push(OwnRow {
            heading: true,
            label: format!("{}. {}", section.number, section.label.get(lang)),
            value: String::new(),
            norm: String::new(),
            compliance: String::new(),
            compliance_class: "",
            peers: Vec::new(),
        });
        for heading in &section.headings {
            for ind in pos.fw.heading_indicators(&heading.code) {
                let v = pos.own.indicators.iter().find(|v| v.indicator == ind.code);
                let (compliance, compliance_class) =
                    compliance_text(i18n, lang, v.and_then(|v| v.compliance));
                rows.push(OwnRow {
                    heading: false,
                    label: ind.label.get(lang).to_owned(),
                    value: figure_or_na(i18n, lang, ind.display, v.and_then(|v| v.value())),
                    norm: if v.is_some_and(|v| v.norm.is_some()) {
                        ind.norm_label(lang)
                    } else {
                        String::new()
                    },
                    compliance,
                    compliance_class,
                    peers: peer_figures(i18n, lang, pos, ind),
                });
            }
        }
    }
    rows
}

/// The peer group's figures for `ind`: from the consolidated table (mean, quartiles, n), else
/// from the published bulletin (its figures; a withheld one stays withheld).
fn peer_figures(i18n: &I18n, lang: Lang, pos: &Position<'_>, ind: &IndicatorDef) -> Vec<String> {
    let is_row =
        |indicator: &Code, kind: RowKind| *indicator == ind.code && kind == RowKind::Indicator;
    let from_table = || {
        let row = pos
            .table?
            .rows
            .iter()
            .find(|r| is_row(&r.indicator, r.kind))?;
        let cell = row.cell(&pos.group)?;
        let d = cell.distribution;
        Some(vec![
            figure_or_na(
                i18n,
                lang,
                ind.display,
                cell.figure(Method::Published).value,
            ),
            figure_or_na(i18n, lang, ind.display, d.map(|d| d.q1)),
            figure_or_na(i18n, lang, ind.display, d.map(|d| d.median)),
            figure_or_na(i18n, lang, ind.display, d.map(|d| d.q3)),
            format::count(cell.n, lang),
        ])
    };
    let from_public = || {
        let row = pos
            .public?
            .rows
            .iter()
            .find(|r| is_row(&r.indicator, r.kind))?;
        let cell = row.cells.iter().find(|c| c.group == pos.group)?;
        let shown = |f: PublicFigure| {
            if f.suppressed {
                i18n.text(lang, "suppressed-symbol")
            } else {
                figure_or_na(i18n, lang, ind.display, f.value)
            }
        };
        Some(vec![
            shown(cell.published),
            shown(cell.median),
            format::count(cell.published.n, lang),
        ])
    };
    from_table().or_else(from_public).unwrap_or_default()
}

/// The own-position page's links: the CSV, the peer detail when open, the version's report.
fn own_links(
    i18n: &I18n,
    lang: Lang,
    pos: &Position<'_>,
    code: &InstitutionCode,
    period: Period,
    framework: &str,
) -> Vec<Link> {
    let t = |id: &str| i18n.text(lang, id);
    let mut links = vec![Link::new(
        format!("/space/institutions/{code}/periods/{period}/indicators.csv"),
        t("download-own-csv"),
        false,
    )];
    if pos.table.is_some() {
        links.push(Link::new(
            format!("/space/periods/{period}/peers?framework={framework}"),
            t("action-peer-detail"),
            false,
        ));
    }
    links.push(Link::new(
        format!("/space/submissions/{}", pos.own.submission.id),
        t("action-report"),
        false,
    ));
    links.push(Link::new(
        format!("/space/institutions/{code}/history"),
        t("action-history"),
        false,
    ));
    links
}

/// `GET /space/institutions/{code}/periods/{period}/indicators.csv`: the institution's own
/// indicators (the institution itself and staff only).
pub async fn own_indicators_csv(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (code, period) = path.into_inner();
    let code = parse_code(&code)?;
    let period = parse_period(&period)?;
    let who = session.principal.actor();
    let c = code.clone();
    let site = state.options().framework.clone();
    let bytes = blocking(&state, move |app| {
        // The institution's framework, as on its page (not the person's).
        let framework = member::institution(app, &c, Some(period))?.map_or(site, |(_, fw)| fw);
        let own = member::own_indicators(app, &who, &framework, period, &c)?;
        export::institutions_csv(period, own.as_slice())
    })
    .await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("mizan-{code}-{period}-indicators.csv"),
    ))
}

// ---------------------------------------------------------------- views

/// An indicator row of the own-indicators page.
#[derive(Debug, Clone)]
pub struct OwnRow {
    /// A heading row (no figures) or an indicator.
    pub heading: bool,
    /// Label.
    pub label: String,
    /// The institution's value.
    pub value: String,
    /// The norm it is held to.
    pub norm: String,
    /// Meets, fails, cannot be judged.
    pub compliance: String,
    /// `meets`, `fails`, `unknown`, ``.
    pub compliance_class: &'static str,
    /// Peer group: mean, first quartile, median, third quartile, n (empty when not shown).
    pub peers: Vec<String>,
}

/// The institution's own indicators in a period.
#[derive(Template)]
#[template(path = "space/indicators.html")]
pub struct OwnIndicatorsPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Introduction (which version, which group).
    pub intro: String,
    /// Why peer position is not shown, when it is not.
    pub refusal: Option<String>,
    /// Column headings.
    pub headings: Vec<String>,
    /// Rows.
    pub rows: Vec<OwnRow>,
    /// Downloads and further links.
    pub links: Vec<Link>,
}
