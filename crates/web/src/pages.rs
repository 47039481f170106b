//! The HTML pages and the downloads of the public site. Every handler reads published
//! snapshots only ([`PublicTable`]s), through the caches of [`WebState`].

use std::future::Future;
use std::sync::Arc;

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse, cookie::Cookie, cookie::SameSite};
use askama::Template;
use mizan_core::framework::{Consolidation, DisplayKind, Formula, IndicatorDef};
use mizan_core::{Framework, Lang, Period};
use mizan_ratios::{Method, RowKind, SECTOR};
use mizan_service::bulletin::{Line, lines, row_label, row_norm};
use mizan_service::export;
use mizan_service::publication::{PublicCell, PublicTable};
use serde::Deserialize;

use crate::error::AppError;
use crate::format;
use crate::http::{self, Caching, Meta};
use crate::i18n::{LANG_COOKIE, request_lang};
use crate::state::{Cached, Index, WebState};
use crate::views::{
    BulletinPage, CellView, GroupView, IndexPage, IndicatorGroup, IndicatorPage, IndicatorsPage,
    Layout, LineView, Link, MethodRow, MethodologyPage, NoteView, Para, QuarterView, RevisionView,
    RevisionsPage, SectionView, SeriesRow,
};

crate::routing::route_table! {
    GET "/" => home,
    GET "/periods/{period}" => bulletin,
    GET "/periods/{period}/revisions" => revisions,
    GET "/periods/{period}/{file}" => download,
    GET "/indicators" => indicators,
    GET "/indicators/{code}" => indicator,
    GET "/indicators/{code}/chart.svg" => chart,
    GET "/methodology" => methodology,
    GET "/lang/{lang}" => set_lang,
    GET "/static/mizan.css" => css,
    GET "/robots.txt" => robots,
}

/// Query parameters of the pages.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// `published` (default), `pooled`, `median`.
    pub method: Option<String>,
    /// A revision of the quarter (default: the current one).
    pub revision: Option<i32>,
}

pub(crate) const HTML: &str = "text/html; charset=utf-8";

pub(crate) fn parse_method(m: Option<&str>) -> Result<Method, AppError> {
    m.map_or(Ok(Method::Published), |m| {
        m.parse()
            .map_err(|e: mizan_ratios::MethodError| AppError::BadRequest(e.to_string()))
    })
}

pub(crate) fn parse_period(s: &str) -> Result<Period, AppError> {
    Period::parse(s).map_err(|_| AppError::NotFound(format!("period {s}")))
}

/// Serves a body from the cache, or renders it: 304 when the client has it already.
pub(crate) async fn serve<F>(
    req: &HttpRequest,
    state: &Arc<WebState>,
    etag: String,
    caching: Caching,
    meta: Meta,
    render: F,
) -> Result<HttpResponse, AppError>
where
    F: Future<Output = Result<Cached, AppError>>,
{
    if http::not_modified(req, &etag) {
        return Ok(http::not_modified_response(&etag, caching, &meta));
    }
    if let Some(c) = state.cached(&etag) {
        return Ok(http::ok(&c, &etag, caching, &meta));
    }
    let cached = render.await?;
    state.keep(etag.clone(), cached.clone());
    Ok(http::ok(&cached, &etag, caching, &meta))
}

fn html(page: &impl Template) -> Result<Cached, AppError> {
    Ok(Cached {
        body: Bytes::from(page.render()?),
        content_type: HTML,
    })
}

fn method_key(m: Method) -> &'static str {
    match m {
        Method::Published => "method-published",
        Method::Pooled => "method-pooled",
        Method::Median => "method-median",
    }
}

fn group_label(fw: &Framework, code: &str, lang: Lang) -> String {
    fw.peer_group(code).map_or_else(
        || fw.sector_label.get(lang).to_owned(),
        |g| g.label.get(lang).to_owned(),
    )
}

/// A figure of a cell for the chosen method, formatted for `lang`.
pub(crate) fn cell_view(
    state: &WebState,
    cell: &PublicCell,
    method: Method,
    display: DisplayKind,
    lang: Lang,
) -> CellView {
    let i18n = state.i18n();
    let f = cell.figure(method);
    let value = if f.suppressed {
        String::new()
    } else {
        match f.value.filter(|_| f.n > 0) {
            Some(v) => format::figure(display, v, lang),
            None => i18n.text(lang, "not-applicable"),
        }
    };
    CellView {
        value,
        suppressed: f.suppressed,
        n: i18n.message(lang, "cell-n", &[("n", format::count(f.n, lang))]),
        compliant: cell
            .n_compliant
            .filter(|_| !f.suppressed)
            .map(|k| i18n.message(lang, "cell-compliant", &[("k", format::count(k, lang))])),
    }
}

fn downloads(
    state: &WebState,
    lang: Lang,
    period: Period,
    method: Method,
    revision: Option<i32>,
) -> Vec<Link> {
    let i18n = state.i18n();
    let rev = revision
        .map(|r| format!("&revision={r}"))
        .unwrap_or_default();
    ["csv", "xlsx", "json"]
        .into_iter()
        .map(|ext| {
            let lang_q = if ext == "xlsx" {
                format!("&lang={}", lang.tag())
            } else {
                String::new()
            };
            Link::new(
                format!(
                    "/periods/{period}/bulletin.{ext}?method={}{rev}{lang_q}",
                    method.code()
                ),
                i18n.text(lang, &format!("download-{ext}")),
                false,
            )
        })
        .collect()
}

/// `GET /`: the published quarters.
pub async fn home(req: HttpRequest, data: web::Data<WebState>) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let index = state.index().await?;
    let etag = state.etag(&index.fingerprint, "home", "-", Some(lang));
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let i18n = st.i18n();
        let t = |id: &str| i18n.text(lang, id);
        let quarters = index
            .quarters
            .iter()
            .map(|q| QuarterView {
                label: format::period(q.latest.period, lang, i18n),
                href: format!("/periods/{}", q.latest.period),
                revision: i18n.message(lang, "revision-n", &[("n", q.latest.revision.to_string())]),
                published: format::datetime(q.latest.published_at, lang, i18n),
                note: q.latest.note.clone(),
                revisions_href: (q.revisions.len() > 1)
                    .then(|| format!("/periods/{}/revisions", q.latest.period)),
                downloads: downloads(&st, lang, q.latest.period, Method::Published, None),
            })
            .collect();
        html(&IndexPage {
            page: Layout::new(&st, lang, &t("home-title"), req.path(), req.query_string()),
            intro: t("home-intro"),
            quarters,
            empty: t("home-empty"),
            headers: vec![
                t("col-quarter"),
                t("col-revisions"),
                t("col-published"),
                t("col-downloads"),
            ],
        })
    })
    .await
}

fn bulletin_page(
    state: &WebState,
    req: &HttpRequest,
    lang: Lang,
    method: Method,
    table: &PublicTable,
    index: &Index,
    explicit_revision: Option<i32>,
) -> Result<Cached, AppError> {
    let fw = state.framework(Some(table.period))?;
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(table.period, lang, i18n);
    let latest = index
        .quarter(table.period)
        .map(|q| q.latest.clone())
        .ok_or_else(|| AppError::NotFound(format!("period {}", table.period)))?;
    let base = format!("/periods/{}", table.period);
    let rev_q = explicit_revision
        .map(|r| format!("&revision={r}"))
        .unwrap_or_default();
    let methods = Method::ALL
        .iter()
        .map(|&m| {
            Link::new(
                format!("{base}?method={}{rev_q}", m.code()),
                t(method_key(m)),
                m == method,
            )
        })
        .collect();
    let columns: Vec<String> = table
        .groups
        .iter()
        .map(|g| group_label(fw, &g.code, lang))
        .collect();

    let mut sections: Vec<SectionView> = Vec::new();
    let mut notes: Vec<NoteView> = Vec::new();
    for line in lines(fw, table) {
        match line {
            Line::Section(s) => sections.push(SectionView {
                number: s.number.clone(),
                label: s.label.get(lang).to_owned(),
                has_norms: false,
                lines: Vec::new(),
                span: 0,
            }),
            Line::Heading(h) => {
                if let Some(s) = sections.last_mut() {
                    s.lines.push(LineView {
                        heading: true,
                        class: "heading",
                        number: h.number.clone(),
                        label: h.label.get(lang).to_owned(),
                        href: None,
                        norm: String::new(),
                        note: None,
                        cells: Vec::new(),
                    });
                }
            }
            Line::Row { indicator, row } => {
                let note = match (&indicator.note, row.kind) {
                    (Some(n), RowKind::Indicator) => {
                        let number = notes.len() + 1;
                        notes.push(NoteView {
                            number,
                            text: n.get(lang).to_owned(),
                        });
                        Some(number)
                    }
                    _ => None,
                };
                let norm = row_norm(indicator, row, lang);
                if let Some(s) = sections.last_mut() {
                    s.has_norms |= !norm.is_empty();
                    s.lines.push(LineView {
                        heading: false,
                        class: if row.kind == RowKind::Indicator {
                            "indicator"
                        } else {
                            "component"
                        },
                        number: if row.kind == RowKind::Indicator {
                            indicator.number.clone().unwrap_or_default()
                        } else {
                            String::new()
                        },
                        label: row_label(indicator, row, lang),
                        href: Some(format!("/indicators/{}?method={}", row.code, method.code())),
                        norm,
                        note,
                        cells: row
                            .cells
                            .iter()
                            .map(|c| cell_view(state, c, method, row.display, lang))
                            .collect(),
                    });
                }
            }
        }
    }
    for s in &mut sections {
        s.span = 1 + usize::from(s.has_norms) + columns.len();
    }

    let groups = table
        .groups
        .iter()
        .map(|g| GroupView {
            title: i18n.message(
                lang,
                if g.code == SECTOR {
                    "group-footnote-sector"
                } else {
                    "group-footnote"
                },
                &[
                    ("group", group_label(fw, &g.code, lang)),
                    ("received", format::count(g.received, lang)),
                    ("expected", format::count(g.expected, lang)),
                ],
            ),
            names: if g.code == SECTOR {
                Vec::new()
            } else {
                g.reporting.clone()
            },
        })
        .collect();

    let superseded = (table.revision != latest.revision).then(|| {
        Link::new(
            format!("{base}?method={}", method.code()),
            i18n.message(
                lang,
                "superseded",
                &[
                    ("n", latest.revision.to_string()),
                    ("date", format::datetime(latest.published_at, lang, i18n)),
                ],
            ),
            false,
        )
    });
    let mut legend = vec![t("legend-n"), t("legend-compliant"), t("legend-na")];
    if table.suppressed_cells > 0 {
        legend.push(format!(
            "{} : {}",
            t("suppressed-symbol"),
            export::suppressed_note(lang)
        ));
    }
    let page = BulletinPage {
        page: Layout::new(
            state,
            lang,
            &i18n.message(lang, "bulletin-title", &[("period", period_label.clone())]),
            req.path(),
            req.query_string(),
        ),
        heading: i18n.message(lang, "bulletin-title", &[("period", period_label.clone())]),
        period_label,
        published: i18n.message(
            lang,
            "published-revision",
            &[
                ("date", format::datetime(table.published_at, lang, i18n)),
                ("n", table.revision.to_string()),
            ],
        ),
        note: table.note.clone(),
        note_label: t("revision-note"),
        superseded,
        revisions: Link::new(format!("{base}/revisions"), t("link-revisions"), false),
        method_label: t("method-label"),
        methods,
        method_help: t(&format!("{}-help", method_key(method))),
        col_number: t("col-number"),
        col_indicator: t("col-indicator"),
        col_norms: t("col-norms"),
        columns,
        sections,
        groups,
        groups_intro: t("reporting-intro"),
        notes,
        legend,
        suppressed_symbol: t("suppressed-symbol"),
        suppressed_title: export::suppressed_note(lang).to_owned(),
        downloads_label: t("downloads"),
        downloads: downloads(state, lang, table.period, method, explicit_revision),
    };
    html(&page)
}

/// `GET /periods/{period}`: a quarter's bulletin (`?method=`, `?revision=`).
pub async fn bulletin(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let period = parse_period(&path)?;
    let index = state.index().await?;
    let rec = index
        .revision(period, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{period} revision {:?}", query.revision)))?
        .clone();
    let latest_id = index.quarter(period).map_or(0, |q| q.latest.id);
    let etag = state.etag(
        &rec.public_sha256,
        &format!(
            "bulletin{}-{latest_id}-{}",
            rec.id,
            query.revision.is_some()
        ),
        method.code(),
        Some(lang),
    );
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let st = state.clone();
    let explicit = query.revision;
    serve(&req, &state, etag, Caching::Public, meta, async {
        let table = st.table(rec.id).await?;
        bulletin_page(&st, &req, lang, method, &table, &index, explicit)
    })
    .await
}

/// `GET /periods/{period}/revisions`: the revision history of a quarter.
pub async fn revisions(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let period = parse_period(&path)?;
    let index = state.index().await?;
    let q = index
        .quarter(period)
        .ok_or_else(|| AppError::NotFound(format!("period {period}")))?;
    let etag = state.etag(
        &q.latest.public_sha256,
        &format!("revisions{}", q.latest.id),
        "-",
        Some(lang),
    );
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let period_label = format::period(period, lang, i18n);
    let mut list: Vec<RevisionView> = q
        .revisions
        .iter()
        .map(|r| RevisionView {
            label: i18n.message(lang, "revision-n", &[("n", r.revision.to_string())]),
            href: format!("/periods/{period}?revision={}", r.revision),
            published: format::datetime(r.published_at, lang, i18n),
            status: t(if r.id == q.latest.id {
                "status-current"
            } else {
                "status-superseded"
            }),
            current: r.id == q.latest.id,
            note: r.note.clone().unwrap_or_default(),
        })
        .collect();
    list.reverse();
    let title = i18n.message(lang, "revisions-title", &[("period", period_label.clone())]);
    let page = RevisionsPage {
        page: Layout::new(&state, lang, &title, req.path(), req.query_string()),
        heading: title,
        headers: vec![
            t("col-revision"),
            t("col-published"),
            t("col-status"),
            t("col-note"),
        ],
        revisions: list,
        back: Link::new(
            format!("/periods/{period}"),
            i18n.message(lang, "back-to-bulletin", &[("period", period_label)]),
            false,
        ),
    };
    let rendered = html(&page);
    serve(&req, &state, etag, Caching::Public, meta, async {
        rendered
    })
    .await
}

/// `GET /periods/{period}/bulletin.{csv,xlsx,json}`: a bulletin as a file (`?method=`,
/// `?revision=`; the spreadsheet in the page's language).
pub async fn download(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<(String, String)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let (period_text, file) = path.into_inner();
    let ext = match file.as_str() {
        "bulletin.csv" => "csv",
        "bulletin.xlsx" => "xlsx",
        "bulletin.json" => "json",
        _ => return Err(AppError::NotFound(format!("file {file}"))),
    };
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let period = parse_period(&period_text)?;
    let index = state.index().await?;
    let rec = index
        .revision(period, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{period} revision {:?}", query.revision)))?
        .clone();
    let by_lang = ext == "xlsx";
    let etag = state.etag(
        &rec.public_sha256,
        &format!("file{}-{ext}", rec.id),
        method.code(),
        by_lang.then_some(lang),
    );
    let meta = Meta {
        lang: by_lang.then_some(lang),
        by_lang,
        download: Some(format!(
            "{}-{period}-r{}-{}{}.{ext}",
            rec.framework,
            rec.revision,
            method.code(),
            if by_lang {
                format!("-{}", lang.tag())
            } else {
                String::new()
            }
        )),
    };
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async move {
        let table = st.table(rec.id).await?;
        let st2 = st.clone();
        web::block(move || -> Result<Cached, AppError> {
            Ok(match ext {
                "csv" => Cached {
                    body: Bytes::from(export::public_csv(&table, method)?),
                    content_type: "text/csv; charset=utf-8",
                },
                "json" => Cached {
                    body: Bytes::from(export::public_json(&table, method)?),
                    content_type: "application/json",
                },
                _ => {
                    let fw = st2.framework(Some(table.period))?;
                    Cached {
                        body: Bytes::from(export::table_xlsx(fw, &table, method, lang)?),
                        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    }
                }
            })
        })
        .await?
    })
    .await
}

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
            .map(|p| SeriesRow {
                period: format::period(p.period, lang, i18n),
                href: format!("/periods/{}?method={}", p.period, method.code()),
                cells: groups
                    .iter()
                    .map(|g| {
                        p.cells.iter().find(|c| &c.group == g).map_or_else(
                            || CellView {
                                value: t("not-applicable"),
                                suppressed: false,
                                n: String::new(),
                                compliant: None,
                            },
                            |c| cell_view(&st, c, method, display, lang),
                        )
                    })
                    .collect(),
            })
            .collect();
        let norm = if kind == RowKind::Indicator {
            ind.norm_label(lang)
        } else {
            String::new()
        };
        let mut facts = vec![
            (t("col-code"), code.clone()),
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
            suppressed_title: export::suppressed_note(lang).to_owned(),
        };
        html(&page)
    })
    .await
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
        };
        let svg = web::block(move || crate::chart::render(&chart)).await??;
        Ok(Cached {
            body: Bytes::from(svg),
            content_type: "image/svg+xml",
        })
    })
    .await
}

/// `GET /methodology`: formulas, norms, peer groups and methods, from the framework.
pub async fn methodology(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let fw = state.framework(None)?;
    let etag = state.etag(&fw.version, "methodology", "-", Some(lang));
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let methods = Method::ALL
        .iter()
        .map(|&m| Para {
            title: t(method_key(m)),
            text: t(&format!("{}-help", method_key(m))),
        })
        .collect();
    let groups = fw
        .peer_groups
        .iter()
        .map(|g| Para {
            title: g.label.get(lang).to_owned(),
            text: g
                .legal_forms
                .iter()
                .map(|f| t(&format!("legal-form-{}", f.code())))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .chain(std::iter::once(Para {
            title: fw.sector_label.get(lang).to_owned(),
            text: t("sector-help"),
        }))
        .collect();
    let derived = fw
        .derived
        .iter()
        .map(|d| Para {
            title: format!("{} ({})", d.label.get(lang), d.code),
            text: d.formula.to_string(),
        })
        .collect();
    let sections = fw
        .bulletin
        .iter()
        .map(|s| {
            let rows = s
                .headings
                .iter()
                .flat_map(|h| fw.heading_indicators(&h.code))
                .map(|i| MethodRow {
                    number: i.number.clone().unwrap_or_default(),
                    label: i.label.get(lang).to_owned(),
                    href: format!("/indicators/{}", i.code),
                    code: i.code.to_string(),
                    formula: formula_text(i, RowKind::Indicator),
                    norm: i.norm_label(lang),
                    method: t(match i.consolidation {
                        Consolidation::Mean => "consolidation-mean",
                        Consolidation::RatioOfSums => "consolidation-ratio-of-sums",
                    }),
                    display: t(match i.display {
                        DisplayKind::Percent => "display-percent",
                        DisplayKind::Integer => "display-integer",
                        DisplayKind::Thousands => "display-thousands",
                        DisplayKind::Rate => "display-rate",
                    }),
                })
                .collect();
            (format!("{}. {}", s.number, s.label.get(lang)), rows)
        })
        .collect();
    let rules = [
        "rule-rounding",
        "rule-numbers",
        "rule-n",
        "rule-suppression",
        "rule-revisions",
    ]
    .iter()
    .map(|k| Para {
        title: t(&format!("{k}-title")),
        text: t(k),
    })
    .collect();
    let page = MethodologyPage {
        page: Layout::new(
            &state,
            lang,
            &t("methodology-title"),
            req.path(),
            req.query_string(),
        ),
        intro: i18n.message(
            lang,
            "methodology-intro",
            &[
                ("framework", fw.label.get(lang).to_owned()),
                ("version", fw.version.clone()),
            ],
        ),
        methods_title: t("methodology-methods"),
        methods,
        groups_title: t("methodology-groups"),
        groups,
        derived_title: t("methodology-derived"),
        derived,
        indicators_title: t("methodology-indicators"),
        headers: vec![
            t("col-number"),
            t("col-indicator"),
            t("col-formula"),
            t("col-norms"),
            t("col-consolidation"),
            t("col-display"),
        ],
        sections,
        rules,
    };
    let rendered = html(&page);
    serve(&req, &state, etag, Caching::Public, meta, async {
        rendered
    })
    .await
}

/// Query of the language switch.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    /// Where to go back to (a path of this site).
    pub next: Option<String>,
}

/// A local path to go back to: `/…` but not `//…` nor `/\…` (which browsers take for another
/// site); `/` otherwise.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// `GET /lang/{code}?next=/…`: remembers the language in a cookie and goes back.
pub async fn set_lang(
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let lang: Lang = path
        .parse()
        .map_err(|_| AppError::NotFound(format!("language {path}")))?;
    let cookie = Cookie::build(LANG_COOKIE, lang.tag())
        .path("/")
        .max_age(actix_web::cookie::time::Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(data.options().secure_cookies)
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, safe_next(query.next.as_deref())))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish())
}

/// The style sheet, compiled in.
pub const CSS: &str = include_str!("../../../static/mizan.css");

/// `GET /static/mizan.css`.
pub async fn css(req: HttpRequest) -> HttpResponse {
    let etag = http::etag("static", "css", "-", None);
    let meta = Meta::default();
    if http::not_modified(&req, &etag) {
        return http::not_modified_response(&etag, Caching::Immutable, &meta);
    }
    http::ok(
        &Cached {
            body: Bytes::from_static(CSS.as_bytes()),
            content_type: "text/css; charset=utf-8",
        },
        &etag,
        Caching::Immutable,
        &meta,
    )
}

/// `GET /robots.txt`: everything public may be indexed.
pub async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body("User-agent: *\nAllow: /\n")
}

/// Unknown routes.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound(req.path().to_owned()))
}
