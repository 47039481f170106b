//! The indicators (`/indicators`), an indicator's time series and its chart.

use std::sync::Arc;

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::framework::{Consolidation, DisplayKind, Formula, IndicatorDef};
use mizan_core::{Framework, Lang, Period};
use mizan_ratios::{Method, RowKind};
use mizan_service::publication::PublicCell;

use super::{PageQuery, cell_view, group_label, html, method_key, parse_method, serve};
use crate::error::AppError;
use crate::format;
use crate::http::{Caching, Meta};
use crate::i18n::{I18n, request_lang};
use crate::state::{Cached, Index, WebState};
use crate::views::{
    CellView, IndicatorGroup, IndicatorPage, IndicatorsPage, Layout, Link, SeriesRow,
};

/// The framework indicator of a row code (`fin.par30`, `prud.capitalization.a`) and the
/// row's kind, when the framework has it.
fn indicator_of<'a>(fw: &'a Framework, code: &str) -> Option<(&'a IndicatorDef, RowKind)> {
    if let Some(i) = fw.indicator(code) {
        return Some((i, RowKind::Indicator));
    }
    for (suffix, kind) in [(".a", RowKind::ComponentA), (".b", RowKind::ComponentB)] {
        if let Some(i) = code
            .strip_suffix(suffix)
            .and_then(|base| fw.indicator(base))
            .filter(|i| i.components.is_some())
        {
            return Some((i, kind));
        }
    }
    None
}

/// The label of a row code in `lang`.
pub(crate) fn code_label(ind: &IndicatorDef, kind: RowKind, lang: Lang) -> String {
    match (kind, &ind.components) {
        (RowKind::ComponentA, Some(c)) => format!("{} — {}", ind.label.get(lang), c.a.get(lang)),
        (RowKind::ComponentB, Some(c)) => format!("{} — {}", ind.label.get(lang), c.b.get(lang)),
        _ => ind.label.get(lang).to_owned(),
    }
}

/// The formula of an indicator for people.
pub(crate) fn formula_text(ind: &IndicatorDef, kind: RowKind) -> String {
    let wrap = |e: &dyn std::fmt::Display| {
        let s = e.to_string();
        if s.contains(' ') { format!("({s})") } else { s }
    };
    match (&ind.formula, kind) {
        (Formula::Value(e), _) => e.to_string(),
        (Formula::Ratio { numerator, .. }, RowKind::ComponentA) => numerator.to_string(),
        (Formula::Ratio { denominator, .. }, RowKind::ComponentB) => denominator.to_string(),
        (
            Formula::Ratio {
                numerator,
                denominator,
                scale,
            },
            RowKind::Indicator,
        ) => {
            if *scale == mizan_core::Decimal::ONE {
                format!("{} ÷ {}", wrap(numerator), wrap(denominator))
            } else {
                format!(
                    "{} ÷ {} × {}",
                    wrap(numerator),
                    wrap(denominator),
                    scale.normalize()
                )
            }
        }
    }
}

/// `GET /indicators`: every indicator, by section and heading.
pub async fn indicators(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let fw = state.framework(None)?;
    let etag = state.etag(&fw.version, "indicators", "-", Some(lang));
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let i18n = state.i18n();
    let mut groups = Vec::new();
    for s in &fw.bulletin {
        for h in &s.headings {
            let items: Vec<Link> = fw
                .heading_indicators(&h.code)
                .map(|i| {
                    let label = match &i.number {
                        Some(n) => format!("{n} {}", i.label.get(lang)),
                        None => i.label.get(lang).to_owned(),
                    };
                    Link::new(format!("/indicators/{}", i.code), label, false)
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            let title = if h.label.get(lang).is_empty() {
                format!("{}. {}", s.number, s.label.get(lang))
            } else {
                format!(
                    "{}. {} — {}",
                    s.number,
                    s.label.get(lang),
                    h.label.get(lang)
                )
            };
            groups.push(IndicatorGroup { title, items });
        }
    }
    let page = IndicatorsPage {
        page: Layout::new(
            &state,
            lang,
            &i18n.text(lang, "indicators-title"),
            req.path(),
            req.query_string(),
        ),
        intro: i18n.text(lang, "indicators-intro"),
        groups,
    };
    let rendered = html(&page);
    serve(&req, &state, etag, Caching::Public, meta, async {
        rendered
    })
    .await
}

/// One quarter of a series: the period, the revision and the row's cells.
pub(crate) struct Point {
    pub period: Period,
    pub cells: Vec<PublicCell>,
}

/// The series of a row over every published quarter (current revisions), oldest first,
/// from the cached snapshots.
pub(crate) async fn series_points(
    state: &Arc<WebState>,
    index: &Index,
    code: &str,
) -> Result<(Vec<Point>, Vec<String>), AppError> {
    let mut points = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for q in index.quarters.iter().rev() {
        let table = state.table(q.latest.id).await?;
        if let Some(row) = table.row(code) {
            for c in &row.cells {
                if !groups.contains(&c.group) {
                    groups.push(c.group.clone());
                }
            }
            points.push(Point {
                period: q.latest.period,
                cells: row.cells.clone(),
            });
        }
    }
    points.sort_by_key(|p| p.period);
    Ok((points, groups))
}

/// What the series routes (page, chart, API) share: the row their path names (404 when the
/// framework has none), how its figures are shown (A and B rows: whole units), the index, and
/// the entity tag and metadata of a body that depends on every current revision.
pub(crate) struct SeriesAsk<'a> {
    /// The framework shown.
    pub fw: &'a Framework,
    /// The indicator (for A and B rows: their ratio).
    pub ind: &'a IndicatorDef,
    /// Indicator, A row or B row.
    pub kind: RowKind,
    /// How figures are shown.
    pub display: DisplayKind,
    /// The publications.
    pub index: Arc<Index>,
    /// The body's entity tag.
    pub etag: String,
    /// The body's metadata.
    pub meta: Meta,
}

/// See [`SeriesAsk`]; `what` names the body in its entity tag (`indicator`, `chart`, …).
pub(crate) async fn series_ask<'a>(
    state: &'a Arc<WebState>,
    code: &str,
    what: &str,
    method: Method,
    lang: Lang,
) -> Result<SeriesAsk<'a>, AppError> {
    let fw = state.framework(None)?;
    let (ind, kind) =
        indicator_of(fw, code).ok_or_else(|| AppError::NotFound(format!("indicator {code}")))?;
    let display = if kind == RowKind::Indicator {
        ind.display
    } else {
        DisplayKind::Integer
    };
    let index = state.index().await?;
    let etag = state.etag(
        &index.fingerprint,
        &format!("{what}-{code}"),
        method.code(),
        Some(lang),
    );
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    Ok(SeriesAsk {
        fw,
        ind,
        kind,
        display,
        index,
        etag,
        meta,
    })
}

/// `GET /indicators/{code}`: an indicator's time series, as a table and a chart.
pub async fn indicator(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let code = path.into_inner();
    let SeriesAsk {
        fw,
        ind,
        kind,
        display,
        index,
        etag,
        meta,
    } = series_ask(&state, &code, "indicator", method, lang).await?;
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let (points, groups) = series_points(&st, &index, &code).await?;
        let i18n = st.i18n();
        let t = |id: &str| i18n.text(lang, id);
        let label = code_label(ind, kind, lang);
        let mut headers = vec![t("col-quarter")];
        headers.extend(groups.iter().map(|g| group_label(fw, g, lang)));
        let rows = points
            .iter()
            .map(|p| series_row(&st, lang, method, display, &groups, p))
            .collect();
        let facts = indicator_facts(i18n, lang, &code, ind, kind);
        let page = IndicatorPage {
            page: Layout::new(&st, lang, &label, req.path(), req.query_string()),
            heading: label.clone(),
            facts,
            method_label: t("method-label"),
            methods: Method::ALL
                .iter()
                .map(|&m| {
                    Link::new(
                        format!("/indicators/{code}?method={}", m.code()),
                        t(method_key(m)),
                        m == method,
                    )
                })
                .collect(),
            chart: format!(
                "/indicators/{code}/chart.svg?method={}&lang={}",
                method.code(),
                lang.tag()
            ),
            chart_alt: i18n.message(lang, "chart-alt", &[("indicator", label)]),
            headers,
            rows,
            empty: t("series-empty"),
            downloads: vec![Link::new(
                format!("/api/v1/indicators/{code}/series?method={}", method.code()),
                t("download-series-json"),
                false,
            )],
            suppressed_symbol: t("suppressed-symbol"),
            suppressed_title: t("table-xlsx-suppressed"),
        };
        html(&page)
    })
    .await
}

/// A quarter of an indicator's series: a cell per peer group (not applicable where the group
/// has none).
fn series_row(
    state: &WebState,
    lang: Lang,
    method: Method,
    display: DisplayKind,
    groups: &[String],
    p: &Point,
) -> SeriesRow {
    let i18n = state.i18n();
    SeriesRow {
        period: format::period(p.period, lang, i18n),
        href: format!("/periods/{}?method={}", p.period, method.code()),
        cells: groups
            .iter()
            .map(|g| {
                p.cells.iter().find(|c| &c.group == g).map_or_else(
                    || CellView {
                        value: i18n.text(lang, "not-applicable"),
                        suppressed: false,
                        n: String::new(),
                        compliant: None,
                    },
                    |c| cell_view(state, c, method, display, lang),
                )
            })
            .collect(),
    }
}

/// The facts of an indicator: its code, formula, norm (indicators only) and consolidation.
fn indicator_facts(
    i18n: &I18n,
    lang: Lang,
    code: &str,
    ind: &IndicatorDef,
    kind: RowKind,
) -> Vec<(String, String)> {
    let t = |id: &str| i18n.text(lang, id);
    let norm = if kind == RowKind::Indicator {
        ind.norm_label(lang)
    } else {
        String::new()
    };
    let mut facts = vec![
        (t("col-code"), code.to_owned()),
        (t("col-formula"), formula_text(ind, kind)),
    ];
    if !norm.is_empty() {
        facts.push((t("col-norms"), norm));
    }
    facts.push((
        t("col-consolidation"),
        t(match ind.consolidation {
            Consolidation::Mean => "consolidation-mean",
            Consolidation::RatioOfSums => "consolidation-ratio-of-sums",
        }),
    ));
    facts
}

/// `GET /indicators/{code}/chart.svg`: the chart of a series (`?method=`, `?lang=`), drawn on
/// the server.
pub async fn chart(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let code = path.into_inner();
    let SeriesAsk {
        fw,
        ind,
        kind,
        display,
        index,
        etag,
        meta,
    } = series_ask(&state, &code, "chart", method, lang).await?;
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let (points, groups) = series_points(&st, &index, &code).await?;
        let i18n = st.i18n();
        let series: Vec<crate::chart::Series> = groups
            .iter()
            .map(|g| crate::chart::Series {
                label: group_label(fw, g, lang),
                points: points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let f = p.cells.iter().find(|c| &c.group == g)?.figure(method);
                        let v = f.value.filter(|_| !f.suppressed && f.n > 0)?;
                        Some((i, mizan_ratios::display_value(display, v)))
                    })
                    .collect(),
            })
            .collect();
        let chart = crate::chart::Chart {
            title: code_label(ind, kind, lang),
            x_labels: points
                .iter()
                .map(|p| format::period(p.period, lang, i18n))
                .collect(),
            series,
            display,
            lang,
            empty: i18n.text(lang, "series-empty"),
            levels: Vec::new(),
        };
        let svg = web::block(move || crate::chart::render(&chart)).await??;
        Ok(Cached {
            body: Bytes::from(svg),
            content_type: "image/svg+xml",
        })
    })
    .await
}
