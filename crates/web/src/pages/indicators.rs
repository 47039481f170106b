//! The indicators (`/indicators`), an indicator's time series and its chart.

use std::sync::Arc;

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::framework::{Consolidation, DisplayKind, Formula, IndicatorDef, NormTest};
use mizan_core::{Decimal, Framework, Lang, Period};
use mizan_ratios::{Method, RowKind};
use mizan_service::publication::{PublicCell, PublicFigure};
use rust_decimal::prelude::ToPrimitive;

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
            if *scale == Decimal::ONE {
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
///
/// `view`: every column (`None`, for the downloads), or the columns of one view of a zone's
/// tables (`Some(None)` the zone's peer groups and sector, `Some(Some(BF))` a country's; every
/// column of a one-country framework's). Also gives the countries of the tables.
pub(crate) async fn series_points(
    state: &Arc<WebState>,
    index: &Index,
    code: &str,
    view: Option<Option<mizan_core::institution::CountryCode>>,
) -> Result<
    (
        Vec<Point>,
        Vec<String>,
        Vec<mizan_core::institution::CountryCode>,
    ),
    AppError,
> {
    let mut points = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut countries = Vec::new();
    for q in index.quarters.iter().rev() {
        let full = state.table(q.latest.id).await?;
        for c in full.countries() {
            if !countries.contains(&c) {
                countries.push(c);
            }
        }
        let table = match view {
            Some(country) => full.for_country(country),
            None => (*full).clone(),
        };
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
    countries.sort();
    Ok((points, groups, countries))
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
    let country = super::parse_country(query.country.as_deref())?;
    let country_q = country.map(|c| format!("&country={c}")).unwrap_or_default();
    let code = path.into_inner();
    let SeriesAsk {
        fw,
        ind,
        kind,
        display,
        index,
        etag,
        meta,
    } = series_ask(
        &state,
        &code,
        &format!("indicator{country_q}"),
        method,
        lang,
    )
    .await?;
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let (points, groups, countries) = series_points(&st, &index, &code, Some(country)).await?;
        if let Some(c) = country
            && !countries.contains(&c)
        {
            return Err(AppError::NotFound(format!("country {c}")));
        }
        let i18n = st.i18n();
        let t = |id: &str| i18n.text(lang, id);
        let label = code_label(ind, kind, lang);
        let mut headers = vec![t("col-quarter")];
        headers.extend(groups.iter().map(|g| group_label(i18n, fw, g, lang)));
        let rows = points
            .iter()
            .map(|p| series_row(&st, lang, method, display, &groups, p))
            .collect();
        let facts = indicator_facts(i18n, lang, &code, ind, kind);
        let said = said(
            i18n,
            &Said {
                fw,
                ind,
                kind,
                display,
                method,
                lang,
            },
            &groups,
            &points,
        );
        let page = IndicatorPage {
            page: Layout::new(&st, lang, &label, req.path(), req.query_string()),
            heading: label.clone(),
            facts,
            method_label: t("method-label"),
            methods: Method::ALL
                .iter()
                .map(|&m| {
                    Link::new(
                        format!("/indicators/{code}?method={}{country_q}", m.code()),
                        t(method_key(m)),
                        m == method,
                    )
                })
                .collect(),
            country_label: t("country-label"),
            countries: super::country_links(
                i18n,
                fw,
                lang,
                &countries,
                country,
                &format!("/indicators/{code}"),
                &format!("method={}", method.code()),
            ),
            chart: format!(
                "/indicators/{code}/chart.svg?method={}&lang={}{country_q}",
                method.code(),
                lang.tag()
            ),
            chart_alt: i18n.message(lang, "chart-alt", &[("indicator", label)]),
            headers,
            rows,
            empty: t("series-empty"),
            said_title: t("series-said-title"),
            said,
            downloads: vec![
                Link::new(
                    format!("/indicators/{code}/series.csv"),
                    t("download-series-csv"),
                    false,
                ),
                Link::new(
                    format!("/api/v1/indicators/{code}/series?method={}", method.code()),
                    t("download-series-json"),
                    false,
                ),
            ],
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
    let country = super::parse_country(query.country.as_deref())?;
    let country_q = country.map(|c| format!("&country={c}")).unwrap_or_default();
    let code = path.into_inner();
    let SeriesAsk {
        fw,
        ind,
        kind,
        display,
        index,
        etag,
        meta,
    } = series_ask(&state, &code, &format!("chart{country_q}"), method, lang).await?;
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let (points, groups, _) = series_points(&st, &index, &code, Some(country)).await?;
        let i18n = st.i18n();
        let series: Vec<crate::chart::Series> = groups
            .iter()
            .map(|g| crate::chart::Series {
                label: group_label(i18n, fw, g, lang),
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
        let levels = if kind == RowKind::Indicator {
            chart_levels(i18n, fw, ind, display, lang, &groups)
        } else {
            Vec::new()
        };
        let bands = groups
            .iter()
            .enumerate()
            .map(|(k, g)| crate::chart::Band {
                label: i18n.message(
                    lang,
                    "series-band",
                    &[("group", group_label(i18n, fw, g, lang))],
                ),
                series: k,
                points: points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let q = p.cells.iter().find(|c| &c.group == g)?.quartiles?;
                        let shown = |v| mizan_ratios::display_value(display, v);
                        Some((i, shown(q.q1), shown(q.q3)))
                    })
                    .collect(),
            })
            .filter(|b| !b.points.is_empty())
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
            levels,
            bands,
        };
        let svg = web::block(move || crate::chart::render(&chart)).await??;
        Ok(Cached {
            body: Bytes::from(svg),
            content_type: "image/svg+xml",
        })
    })
    .await
}

/// The distinct tests of an indicator's norm that can apply to an institution of `group` (a
/// peer group: the alternatives whose legal forms meet the group's, up to one that catches
/// every institution of it; the sector: every alternative).
fn group_tests<'a>(fw: &Framework, ind: &'a IndicatorDef, group: &str) -> Vec<&'a NormTest> {
    let forms = fw.peer_group(group).map(|g| &g.legal_forms);
    let mut out: Vec<&NormTest> = Vec::new();
    for rule in &ind.norm.rules {
        let w = &rule.when;
        let possible = match (forms, &w.legal_form) {
            (Some(forms), Some(allowed)) => forms.iter().any(|f| allowed.contains(f)),
            _ => true,
        };
        if !possible {
            continue;
        }
        if !out.contains(&&rule.test) {
            out.push(&rule.test);
        }
        let catches_all = w.structure.is_none()
            && w.network_affiliated.is_none()
            && w.collects_deposits.is_none()
            && match (&w.legal_form, forms) {
                (None, _) => true,
                (Some(allowed), Some(forms)) => forms.iter().all(|f| allowed.contains(f)),
                (Some(_), None) => false,
            };
        if catches_all {
            break;
        }
    }
    out
}

/// A percentage sign after a number, as the language writes it.
fn percent(text: String, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{text}%"),
        Lang::Fr => format!("{text}\u{202F}%"),
        Lang::Ar => format!("{text}\u{A0}%"),
    }
}

/// A norm test for people in `lang` (`< 15 %`, `5 % – 10 %`), from its exact bounds.
fn test_text(ind: &IndicatorDef, test: &NormTest, lang: Lang) -> String {
    let num = |b: &Decimal| {
        let t = format::decimal(b.normalize(), lang);
        if matches!(ind.display, DisplayKind::Percent | DisplayKind::Rate) {
            percent(t, lang)
        } else {
            t
        }
    };
    match test {
        NormTest::Compare(cmp, b) => format!("{} {}", cmp.symbol(), num(b)),
        NormTest::Between(a, b) => format!("{} – {}", num(a), num(b)),
        NormTest::Trend(_) => ind.norm_label(lang),
    }
}

/// The norm of a column as people read it: the framework's norm text when the indicator has
/// one test for everyone, else the test that applies to the column.
fn norm_text(ind: &IndicatorDef, test: &NormTest, lang: Lang) -> String {
    if ind.norm.rules.len() == 1 {
        ind.norm_label(lang)
    } else {
        test_text(ind, test, lang)
    }
}

/// The norm's lines on an indicator's chart: every bound of every test that applies to one of
/// the columns, as displayed, labelled with its norm (one legend entry per test).
fn chart_levels(
    i18n: &I18n,
    fw: &Framework,
    ind: &IndicatorDef,
    display: DisplayKind,
    lang: Lang,
    groups: &[String],
) -> Vec<(String, Decimal)> {
    let mut tests: Vec<&NormTest> = Vec::new();
    for g in groups {
        for t in group_tests(fw, ind, g) {
            if !tests.contains(&t) {
                tests.push(t);
            }
        }
    }
    tests
        .into_iter()
        .flat_map(|t| {
            let label = i18n.message(lang, "history-norm", &[("norm", norm_text(ind, t, lang))]);
            crate::chart::norm_levels(t)
                .into_iter()
                .map(move |b| (label.clone(), b / display.divisor()))
        })
        .collect()
}

/// What the summary in words of a series needs.
struct Said<'a> {
    fw: &'a Framework,
    ind: &'a IndicatorDef,
    kind: RowKind,
    display: DisplayKind,
    method: Method,
    lang: Lang,
}

/// Where a figure stands against a norm's test: the variant of `series-said-norm`.
fn position(test: &NormTest, v: Decimal) -> Option<&'static str> {
    Some(match test {
        NormTest::Compare(cmp, b) => {
            let meets = cmp.holds(v, *b);
            match (v.cmp(b), meets) {
                (std::cmp::Ordering::Greater, true) => "above-meets",
                (std::cmp::Ordering::Greater, false) => "above-fails",
                (std::cmp::Ordering::Less, true) => "below-meets",
                (std::cmp::Ordering::Less, false) => "below-fails",
                (std::cmp::Ordering::Equal, true) => "at-meets",
                (std::cmp::Ordering::Equal, false) => "at-fails",
            }
        }
        NormTest::Between(a, b) if v < *a => "below-fails",
        NormTest::Between(_, b) if v > *b => "above-fails",
        NormTest::Between(..) => "within-meets",
        NormTest::Trend(_) => return None,
    })
}

/// The latest quarter of a series in words, per column: its figure, where it stands against
/// the column's norm, and its change since the previous published quarter — from the public
/// figures only (at their published precision; a withheld figure is said to be withheld and
/// nothing is computed around it).
fn said(i18n: &I18n, s: &Said<'_>, groups: &[String], points: &[Point]) -> Vec<(String, String)> {
    let Some((last, before)) = points.split_last() else {
        return Vec::new();
    };
    let lang = s.lang;
    let previous = before.last();
    let period = format::period(last.period, lang, i18n);
    let public = |f: &PublicFigure| f.value.filter(|_| !f.suppressed && f.n > 0);
    let mut out = Vec::new();
    for g in groups {
        let Some(cell) = last.cells.iter().find(|c| &c.group == g) else {
            continue;
        };
        let group = group_label(i18n, s.fw, g, lang);
        let f = cell.figure(s.method);
        let mut sentences = Vec::new();
        let args = |extra: &[(&'static str, String)]| {
            let mut a = vec![("period", period.clone()), ("group", group.clone())];
            a.extend(extra.iter().cloned());
            a
        };
        let Some(v) = public(&f) else {
            let id = if f.suppressed {
                "series-said-withheld"
            } else {
                "series-said-none"
            };
            out.push((group.clone(), i18n.message(lang, id, &args(&[]))));
            continue;
        };
        sentences.push(i18n.message(
            lang,
            "series-said-value",
            &args(&[("value", format::figure(s.display, v, lang))]),
        ));
        if s.kind == RowKind::Indicator && !s.ind.norm.is_empty() {
            match group_tests(s.fw, s.ind, g).as_slice() {
                [test] => {
                    let norm = norm_text(s.ind, test, lang);
                    match position(test, v) {
                        Some(pos) => sentences.push(i18n.message(
                            lang,
                            "series-said-norm",
                            &[("position", pos.to_owned()), ("norm", norm)],
                        )),
                        None => sentences.push(i18n.message(
                            lang,
                            "series-said-norm-trend",
                            &[("norm", norm)],
                        )),
                    }
                }
                [] => {}
                _ => sentences.push(i18n.message(
                    lang,
                    "series-said-norm-varies",
                    &[("norm", s.ind.norm_label(lang))],
                )),
            }
        }
        if let Some(prev) = previous {
            let prev_period = format::period(prev.period, lang, i18n);
            let before = prev
                .cells
                .iter()
                .find(|c| &c.group == g)
                .map(|c| c.figure(s.method));
            match before {
                Some(p) if p.suppressed => sentences.push(i18n.message(
                    lang,
                    "series-said-previous-withheld",
                    &[("previous", prev_period)],
                )),
                Some(p) if public(&p).is_some() => {
                    let diff = v - public(&p).unwrap_or_default();
                    let direction = match diff.cmp(&Decimal::ZERO) {
                        std::cmp::Ordering::Greater => "up",
                        std::cmp::Ordering::Less => "down",
                        std::cmp::Ordering::Equal => "same",
                    };
                    let size = diff.abs();
                    let rate = matches!(s.display, DisplayKind::Percent | DisplayKind::Rate);
                    let (id, change) = if rate {
                        let mut points = size;
                        points.rescale(s.display.decimals());
                        ("series-said-change-points", format::decimal(points, lang))
                    } else {
                        ("series-said-change", format::figure(s.display, size, lang))
                    };
                    let whole = size.trunc().to_i64().unwrap_or(i64::MAX);
                    sentences.push(i18n.message_counted(
                        lang,
                        id,
                        &[
                            ("direction", direction.to_owned()),
                            ("change", change),
                            ("previous", prev_period),
                        ],
                        Some(("whole", whole)),
                    ));
                }
                _ => sentences.push(i18n.message(
                    lang,
                    "series-said-previous-none",
                    &[("previous", prev_period)],
                )),
            }
        }
        out.push((group, sentences.join(" ")));
    }
    out
}

/// `GET /indicators/{code}/series.csv`: a row's series as a tidy CSV file, one line per
/// quarter, column and method: `period,group,method,value,n,n_compliant,suppressed`, figures
/// at their published precision, a withheld figure empty with `suppressed` true.
pub async fn series_csv(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let code = path.into_inner();
    let SeriesAsk { index, etag, .. } =
        series_ask(&state, &code, "series-csv", Method::Published, Lang::Fr).await?;
    let meta = Meta {
        download: Some(format!("{code}-series.csv")),
        ..Meta::default()
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let (points, _, _) = series_points(&st, &index, &code, None).await?;
        Ok(Cached {
            body: Bytes::from(series_csv_body(&points)?),
            content_type: "text/csv; charset=utf-8",
        })
    })
    .await
}

/// The series CSV of [`series_csv`].
fn series_csv_body(points: &[Point]) -> Result<Vec<u8>, AppError> {
    let bad = |e: csv::Error| {
        AppError::Service(mizan_service::ServiceError::Write {
            what: "CSV",
            message: e.to_string(),
        })
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "period",
        "group",
        "method",
        "value",
        "n",
        "n_compliant",
        "suppressed",
    ])
    .map_err(bad)?;
    for p in points {
        for c in &p.cells {
            for m in Method::ALL {
                let f = c.figure(m);
                let value = f
                    .value
                    .filter(|_| !f.suppressed && f.n > 0)
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                // As in the bulletin's exports: the count goes with every figure not withheld.
                let compliant = c
                    .n_compliant
                    .filter(|_| !f.suppressed)
                    .map(|k| k.to_string())
                    .unwrap_or_default();
                w.write_record([
                    p.period.to_string(),
                    c.group.clone(),
                    m.code().to_owned(),
                    value,
                    f.n.to_string(),
                    compliant,
                    f.suppressed.to_string(),
                ])
                .map_err(bad)?;
            }
        }
    }
    w.into_inner().map_err(|e| {
        AppError::Service(mizan_service::ServiceError::Write {
            what: "CSV",
            message: e.to_string(),
        })
    })
}
