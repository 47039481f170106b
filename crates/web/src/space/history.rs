//! An institution's own history (`GET /space/institutions/{code}/history`): each indicator
//! over its quarters, as a table (cells out of norm marked, a quarter without a return a gap)
//! and a chart of one indicator with its norm and, for the quarters whose peer detail is open
//! to the reader, the peer group's median; the table as CSV.

use actix_web::http::StatusCode;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::framework::{Compliance, IndicatorDef, NormTest};
use mizan_core::{Code, Decimal, Framework, InstitutionCode, Lang};
use mizan_ratios::IndicatorValue;
use mizan_service::member::{self, History, HistoryQuarter};
use serde::Deserialize;

use crate::auth::Signed;
use crate::chart::{Chart, Series};
use crate::error::AppError;
use crate::format;
use crate::i18n::{I18n, request_lang};
use crate::private::{blocking, download, parse_code};
use crate::space_views::{Frame, layout, private_page};
use crate::state::WebState;
use crate::views::{Layout, Link};

/// `?indicator=` of the history page: the indicator charted.
#[derive(Debug, Default, Deserialize)]
pub struct HistoryQuery {
    indicator: Option<String>,
}

/// The value of `code` in a quarter, if the quarter has a return and the value exists.
fn value_in<'a>(q: &'a HistoryQuarter, code: &Code) -> Option<&'a IndicatorValue> {
    q.own
        .as_ref()?
        .indicators
        .iter()
        .find(|v| &v.indicator == code)
}

/// The framework's indicators in the bulletin's order, under their sections.
fn sections(fw: &Framework) -> Vec<(String, Vec<&IndicatorDef>)> {
    fw.bulletin
        .iter()
        .map(|section| {
            let inds = section
                .headings
                .iter()
                .flat_map(|h| fw.heading_indicators(&h.code))
                .collect();
            (section.number.to_string(), inds)
        })
        .collect()
}

/// The framework the history is read under: its version at the latest quarter.
fn framework_of<'a>(state: &'a WebState, h: &History) -> Result<Option<&'a Framework>, AppError> {
    match h.quarters.last() {
        Some(q) => Ok(Some(state.app().framework(&h.framework, q.period)?)),
        None => Ok(None),
    }
}

/// `GET /space/institutions/{code}/history`: the institution's indicators over its quarters
/// (staff, or the institution's members).
pub async fn history(
    req: HttpRequest,
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let i18n = state.i18n();
    let code = parse_code(&path.into_inner())?;
    let who = session.principal.actor();
    let c = code.clone();
    let h = blocking(&state, move |app| member::history(app, &who, &c)).await?;
    let title = i18n.message(
        lang,
        "history-title",
        &[("institution", format!("{} ({code})", h.name))],
    );
    let mut page = HistoryPage {
        page: layout(&state, lang, &title, "/space"),
        frame: Frame::new(&state, lang, &session, "/space"),
        intro: i18n.text(lang, "history-intro"),
        empty: None,
        headings: Vec::new(),
        rows: Vec::new(),
        chart_title: String::new(),
        chart: String::new(),
        median_note: None,
        links: vec![
            Link::new(
                format!("/space/institutions/{code}/history.csv"),
                i18n.text(lang, "history-download-csv"),
                false,
            ),
            Link::new("/space", i18n.text(lang, "history-back-home"), false),
        ],
    };
    let Some(fw) = framework_of(&state, &h)? else {
        page.empty = Some(i18n.text(lang, "history-none"));
        page.links.remove(0);
        return private_page(&page, lang, StatusCode::OK);
    };
    page.headings = std::iter::once(i18n.text(lang, "col-indicator"))
        .chain(std::iter::once(i18n.text(lang, "col-norm")))
        .chain(h.quarters.iter().map(|q| {
            let label = format::period(q.period, lang, i18n);
            if q.own.is_some() {
                label
            } else {
                i18n.message(lang, "history-quarter-gap", &[("period", label)])
            }
        }))
        .collect();
    page.rows = table_rows(i18n, lang, fw, &h, &code);
    let all: Vec<&IndicatorDef> = sections(fw).into_iter().flat_map(|(_, v)| v).collect();
    let chosen = query
        .indicator
        .as_deref()
        .and_then(|asked| all.iter().find(|i| i.code.as_str() == asked))
        .or_else(|| all.first())
        .copied();
    if let Some(ind) = chosen {
        page.chart_title = ind.label.get(lang).to_owned();
        let chart = chart_of(i18n, lang, ind, &h, &code);
        page.chart = web::block(move || crate::chart::render(&chart)).await??;
        let closed: Vec<String> = h
            .quarters
            .iter()
            .filter(|q| q.own.is_some() && q.medians.is_err())
            .map(|q| format::period(q.period, lang, i18n))
            .collect();
        if !closed.is_empty() {
            page.median_note = Some(i18n.message(
                lang,
                "history-median-closed",
                &[("periods", closed.join(", "))],
            ));
        }
    }
    private_page(&page, lang, StatusCode::OK)
}

/// A heading row per bulletin section, then a row per indicator: its norm and its value each
/// quarter (out of norm marked, a gap where no return counts).
fn table_rows(
    i18n: &I18n,
    lang: Lang,
    fw: &Framework,
    h: &History,
    code: &InstitutionCode,
) -> Vec<HistoryRow> {
    let mut rows = Vec::new();
    for (section, inds) in fw.bulletin.iter().zip(sections(fw)) {
        rows.push(HistoryRow {
            heading: true,
            label: format!("{}. {}", section.number, section.label.get(lang)),
            href: String::new(),
            norm: String::new(),
            cells: Vec::new(),
        });
        for ind in inds.1 {
            let has_norm = h
                .quarters
                .iter()
                .any(|q| value_in(q, &ind.code).is_some_and(|v| v.norm.is_some()));
            let cells = h
                .quarters
                .iter()
                .map(|q| {
                    if q.own.is_none() {
                        return HistoryCell {
                            text: String::new(),
                            class: "gap",
                            note: i18n.text(lang, "history-gap"),
                        };
                    }
                    let v = value_in(q, &ind.code);
                    let text = v.and_then(IndicatorValue::value).map_or_else(
                        || i18n.text(lang, "not-applicable"),
                        |v| format::figure(ind.display, v, lang),
                    );
                    let fails = v.is_some_and(|v| v.compliance == Some(Compliance::Fails));
                    HistoryCell {
                        text,
                        class: if fails { "fails" } else { "" },
                        note: if fails {
                            i18n.text(lang, "norm-fails")
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            rows.push(HistoryRow {
                heading: false,
                label: ind.label.get(lang).to_owned(),
                href: format!(
                    "/space/institutions/{code}/history?indicator={}#chart",
                    ind.code
                ),
                norm: if has_norm {
                    ind.norm_label(lang)
                } else {
                    String::new()
                },
                cells,
            });
        }
    }
    rows
}

/// The chart of one indicator: the institution's line, the peer group's median where open,
/// and the norm (the one its latest return is held to).
fn chart_of(
    i18n: &I18n,
    lang: Lang,
    ind: &IndicatorDef,
    h: &History,
    code: &InstitutionCode,
) -> Chart {
    let shown = |v: Decimal| mizan_ratios::display_value(ind.display, v);
    let own = Series {
        label: format!("{} ({code})", h.name),
        points: h
            .quarters
            .iter()
            .enumerate()
            .filter_map(|(i, q)| Some((i, shown(value_in(q, &ind.code)?.value()?))))
            .collect(),
    };
    let median = Series {
        label: i18n.text(lang, "history-median"),
        points: h
            .quarters
            .iter()
            .enumerate()
            .filter_map(|(i, q)| Some((i, shown(*q.medians.as_ref().ok()?.get(&ind.code)?))))
            .collect(),
    };
    let norm = h
        .quarters
        .iter()
        .rev()
        .find_map(|q| value_in(q, &ind.code)?.norm.clone());
    // The norm it is held to (one of the framework's rules, by its attributes), in `lang`.
    let held = |norm: &NormTest| match norm {
        NormTest::Compare(cmp, b) => {
            format!("{} {}", cmp.symbol(), format::decimal(b.normalize(), lang))
        }
        NormTest::Between(a, b) => format!(
            "{} – {}",
            format::decimal(a.normalize(), lang),
            format::decimal(b.normalize(), lang)
        ),
        NormTest::Trend(_) => ind.norm_label(lang),
    };
    let label = i18n.message(
        lang,
        "history-norm",
        &[(
            "norm",
            norm.as_ref().map_or_else(|| ind.norm_label(lang), held),
        )],
    );
    let levels = norm
        .as_ref()
        .map(crate::chart::norm_levels)
        .unwrap_or_default()
        .into_iter()
        .map(|l| (label.clone(), l))
        .collect();
    let mut series = vec![own];
    if !median.points.is_empty() {
        series.push(median);
    }
    Chart {
        title: ind.label.get(lang).to_owned(),
        x_labels: h
            .quarters
            .iter()
            .map(|q| format::period(q.period, lang, i18n))
            .collect(),
        series,
        display: ind.display,
        lang,
        empty: i18n.text(lang, "history-chart-empty"),
        levels,
        bands: Vec::new(),
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The history as CSV, one line per indicator and quarter with a return: codes and exact
/// values, the norm, the compliance and the peer group's median where open to the reader.
fn history_csv(fw: &Framework, h: &History) -> Vec<u8> {
    let mut out =
        String::from("indicator,period,version,value,norm,compliance,peer_group_median\n");
    for ind in sections(fw).into_iter().flat_map(|(_, v)| v) {
        for q in &h.quarters {
            let Some(own) = &q.own else { continue };
            let v = value_in(q, &ind.code);
            let compliance = match v.and_then(|v| v.compliance) {
                Some(Compliance::Meets) => "meets",
                Some(Compliance::Fails) => "fails",
                Some(Compliance::Unknown) => "unknown",
                None => "",
            };
            let median = q
                .medians
                .as_ref()
                .ok()
                .and_then(|m| m.get(&ind.code))
                .map(ToString::to_string)
                .unwrap_or_default();
            out.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                ind.code,
                q.period,
                own.submission.version,
                v.and_then(IndicatorValue::value)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                field(
                    &v.and_then(|v| v.norm.as_ref())
                        .map(ToString::to_string)
                        .unwrap_or_default()
                ),
                compliance,
                median,
            ));
        }
    }
    out.into_bytes()
}

/// `GET /space/institutions/{code}/history.csv`: the history's table (staff, or the
/// institution's members).
pub async fn history_csv_download(
    data: web::Data<WebState>,
    Signed(session): Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let code = parse_code(&path.into_inner())?;
    let who = session.principal.actor();
    let c = code.clone();
    let h = blocking(&state, move |app| member::history(app, &who, &c)).await?;
    let bytes = match framework_of(&state, &h)? {
        Some(fw) => history_csv(fw, &h),
        None => b"indicator,period,version,value,norm,compliance,peer_group_median\n".to_vec(),
    };
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("mizan-{code}-history.csv"),
    ))
}

// ---------------------------------------------------------------- views

/// One quarter's cell of an indicator.
#[derive(Debug, Clone)]
pub struct HistoryCell {
    /// The value, formatted (empty in a gap).
    pub text: String,
    /// `fails` (out of norm), `gap` (no return), or empty.
    pub class: &'static str,
    /// What the mark means (a title for the cell).
    pub note: String,
}

/// A row of the history table.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// A section heading (no figures) or an indicator.
    pub heading: bool,
    /// Label.
    pub label: String,
    /// The page charting this indicator.
    pub href: String,
    /// The norm.
    pub norm: String,
    /// One cell per quarter.
    pub cells: Vec<HistoryCell>,
}

/// The institution's own history.
#[derive(Template)]
#[template(path = "space/history.html")]
pub struct HistoryPage {
    /// Site frame.
    pub page: Layout,
    /// Space frame.
    pub frame: Frame,
    /// Introduction.
    pub intro: String,
    /// Said when the institution has no return yet.
    pub empty: Option<String>,
    /// Column headings: indicator, norm, the quarters.
    pub headings: Vec<String>,
    /// Rows.
    pub rows: Vec<HistoryRow>,
    /// The charted indicator.
    pub chart_title: String,
    /// The chart (an SVG document drawn by [`crate::chart::render`], its texts escaped).
    pub chart: String,
    /// The quarters with a return whose peer median is not open to the reader.
    pub median_note: Option<String>,
    /// Downloads and further links.
    pub links: Vec<Link>,
}
