//! Peer detail of a period under reciprocity (page and CSV), or why it is refused.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::{Framework, Lang, Period};
use mizan_service::access::Refusal;
use mizan_service::accounts::Session;
use mizan_service::consolidation::InstitutionIndicators;
use mizan_service::export;
use mizan_service::member;

use super::indicators::figure_or_na;
use super::{PeerQuery, framework_for, refusal_text};
use crate::auth::Signed;
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::pages::parse_period;
use crate::private::{blocking, download};
use crate::space_views::{Frame, MessagePage, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link, encode_query};

async fn refused_page(
    state: &WebState,
    lang: Lang,
    session: &Session,
    why: &Refusal,
    period: Period,
) -> Result<HttpResponse, AppError> {
    let i18n = state.i18n();
    let label = format::period(period, lang, i18n);
    let title = i18n.message(lang, "peers-title", &[("period", label.clone())]);
    let page = MessagePage {
        page: layout(state, lang, &title, "/space"),
        frame: Some(Frame::new(state, lang, session, "/space")),
        title,
        text: vec![
            refusal_text(i18n, lang, why, &label),
            i18n.text(lang, "reciprocity-rule"),
        ],
        links: vec![
            Link::new("/space", i18n.text(lang, "menu-my-institution"), false),
            Link::new(
                format!("/periods/{period}"),
                i18n.text(lang, "action-public-bulletin"),
                false,
            ),
        ],
    };
    private_page(&page, lang, StatusCode::FORBIDDEN)
}

/// The framework a peer page reads, and its peer detail (or why it is refused).
async fn peer_list(
    state: &Arc<WebState>,
    session: &Session,
    period: Period,
    query: &PeerQuery,
) -> Result<(String, Result<Vec<InstitutionIndicators>, Refusal>), AppError> {
    let p = session.principal.clone();
    let who = p.actor();
    let asked = query.framework.clone();
    let site = state.options().framework.clone();
    blocking(state, move |app| {
        let framework = framework_for(app, &p, asked.as_deref(), period, &site)?;
        let list = member::peer_indicators(app, &who, &framework, period)?;
        Ok((framework, list))
    })
    .await
}

/// `GET /space/periods/{period}/peers`: every reporting institution's indicators, named —
/// for staff, partners granted the period, and members whose return for it was accepted.
/// Anyone else gets a page saying why not (403).
pub async fn peers(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<PeerQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period = parse_period(&path)?;
    let (framework, list) = peer_list(&state, &session, period, &query).await?;
    let list = match list {
        Ok(l) => l,
        Err(why) => return refused_page(&state, lang, &session, &why, period).await,
    };
    let fw: &Framework = state.app().framework(&framework, period)?;
    let section = query
        .section
        .clone()
        .filter(|s| fw.bulletin.iter().any(|b| &b.code == s))
        .or_else(|| fw.bulletin.first().map(|b| b.code.clone()))
        .unwrap_or_default();
    let sections = section_links(lang, fw, &framework, period, &section);
    let group_label = |g: &Option<String>| {
        g.as_deref().and_then(|g| fw.peer_group(g)).map_or_else(
            || fw.sector_label.get(lang).to_owned(),
            |g| g.label.get(lang).to_owned(),
        )
    };
    let label = format::period(period, lang, i18n);
    let title = i18n.message(lang, "peers-title", &[("period", label)]);
    let page = PeersPage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        intro: i18n.message(
            lang,
            "peers-intro",
            &[("n", format::count(list.len(), lang))],
        ),
        sections,
        institutions: list
            .iter()
            .map(|i| (i.code.to_string(), i.name.clone(), group_label(&i.group)))
            .collect(),
        indicator_heading: t("col-indicator"),
        rows: section_rows(i18n, lang, fw, &section, &list),
        legend: t("peers-legend"),
        links: vec![Link::new(
            format!("/space/periods/{period}/peers.csv?framework={framework}"),
            t("download-peers-csv"),
            false,
        )],
    };
    private_page(&page, lang, StatusCode::OK)
}

/// A link to each bulletin section of the peer page, the one shown chosen.
fn section_links(
    lang: Lang,
    fw: &Framework,
    framework: &str,
    period: Period,
    section: &str,
) -> Vec<Link> {
    fw.bulletin
        .iter()
        .map(|b| {
            Link::new(
                format!(
                    "/space/periods/{period}/peers?framework={framework}&section={}",
                    encode_query(&b.code)
                ),
                format!("{}. {}", b.number, b.label.get(lang)),
                b.code == section,
            )
        })
        .collect()
}

/// The rows of a bulletin section: (label, whether it is a heading, every institution's
/// value).
fn section_rows(
    i18n: &I18n,
    lang: Lang,
    fw: &Framework,
    section: &str,
    list: &[InstitutionIndicators],
) -> Vec<(String, bool, Vec<String>)> {
    let mut rows = Vec::new();
    let Some(sec) = fw.bulletin.iter().find(|b| b.code == section) else {
        return rows;
    };
    for heading in &sec.headings {
        if !heading.label.get(lang).is_empty() {
            rows.push((
                format!("{} {}", heading.number, heading.label.get(lang)),
                true,
                Vec::new(),
            ));
        }
        for ind in fw.heading_indicators(&heading.code) {
            let values = list
                .iter()
                .map(|inst| {
                    let v = inst.indicators.iter().find(|v| v.indicator == ind.code);
                    figure_or_na(i18n, lang, ind.display, v.and_then(|v| v.value()))
                })
                .collect();
            rows.push((ind.label.get(lang).to_owned(), false, values));
        }
    }
    rows
}

/// `GET /space/periods/{period}/peers.csv`: the peer detail as CSV, under the same rule.
pub async fn peers_csv(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<PeerQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let period = parse_period(&path)?;
    let (_, list) = peer_list(&state, &session, period, &query).await?;
    match list {
        Ok(list) => Ok(download(
            export::institutions_csv(period, &list)?,
            "text/csv; charset=utf-8",
            &format!("mizan-{period}-peers.csv"),
        )),
        Err(why) => refused_page(&state, lang, &session, &why, period).await,
    }
}

// ---------------------------------------------------------------- views

/// The peer detail of a period.
#[derive(Template)]
#[template(path = "space/peers.html")]
pub struct PeersPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Introduction (the reciprocity rule).
    pub intro: String,
    /// Sections of the bulletin (tabs).
    pub sections: Vec<Link>,
    /// Institutions: (code, name, group).
    pub institutions: Vec<(String, String, String)>,
    /// Heading of the first column.
    pub indicator_heading: String,
    /// Rows: (label, is heading, one value per institution).
    pub rows: Vec<(String, bool, Vec<String>)>,
    /// Legend heading.
    pub legend: String,
    /// Downloads.
    pub links: Vec<Link>,
}
