//! The HTML pages and the downloads of the public site. Every handler reads published
//! snapshots only ([`PublicTable`]s), through the caches of [`WebState`].
//!
//! One module per kind of page: `bulletin` (the quarters, a quarter's bulletin, revisions and
//! downloads), `indicators` (an indicator's series and chart), `methodology`, `sdmx` (the
//! SDMX data and structure, also served under the API), `api_docs` (the open API described
//! for people, from its OpenAPI document).

mod api_docs;
pub(crate) mod bulletin;
mod indicators;
mod methodology;
pub(crate) mod sdmx;

use std::future::Future;
use std::sync::Arc;

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse, cookie::Cookie, cookie::SameSite};
use askama::Template;
use mizan_core::framework::DisplayKind;
use mizan_core::{Framework, Lang, Period};
use mizan_ratios::Method;
use mizan_service::publication::PublicCell;
use serde::Deserialize;

use crate::error::AppError;
use crate::http::{self, Caching, Meta};
use crate::i18n::{I18n, LANG_COOKIE};
use crate::state::{Cached, WebState};
use crate::views::{CellView, Link};

pub use api_docs::{Operation, Param, documented as documented_operations};
pub(crate) use indicators::{SeriesAsk, code_label, formula_text, series_ask, series_points};

crate::routing::route_table! {
    GET "/" => bulletin::home,
    GET "/periods/{period}" => bulletin::bulletin,
    GET "/periods/{period}/revisions" => bulletin::revisions,
    GET "/periods/{period}/bulletin.sdmx.csv" => sdmx::data,
    GET "/periods/{period}/{file}" => bulletin::download,
    GET "/indicators" => indicators::indicators,
    GET "/indicators/{code}" => indicators::indicator,
    GET "/indicators/{code}/chart.svg" => indicators::chart,
    GET "/indicators/{code}/series.csv" => indicators::series_csv,
    GET "/methodology" => methodology::methodology,
    GET "/api/docs" => api_docs::api_docs,
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
    /// A country of a zone's table (`BF`): its columns instead of the zone's.
    pub country: Option<String>,
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

pub(crate) fn method_key(m: Method) -> &'static str {
    match m {
        Method::Published => "method-published",
        Method::Pooled => "method-pooled",
        Method::Median => "method-median",
    }
}

pub(crate) fn group_label(i18n: &I18n, fw: &Framework, code: &str, lang: Lang) -> String {
    if let Some(g) = fw.peer_group(code) {
        return g.label.get(lang).to_owned();
    }
    // A country's column (`BF`) or a peer group in a country (`BF.sa`).
    let (country, group) = code
        .split_once('.')
        .map_or((code, None), |(c, g)| (c, Some(g)));
    let is_country = country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase());
    match mizan_core::institution::CountryCode::parse(country) {
        Ok(c) if is_country => {
            let name = country_name(i18n, c, lang);
            match group.and_then(|g| fw.peer_group(g)) {
                Some(g) => i18n.message(
                    lang,
                    "column-group-in-country",
                    &[("group", g.label.get(lang).to_owned()), ("country", name)],
                ),
                None => name,
            }
        }
        _ => fw.sector_label.get(lang).to_owned(),
    }
}

/// A country's name in `lang` (`country-bf`); its code when the texts have no name for it.
pub(crate) fn country_name(
    i18n: &I18n,
    country: mizan_core::institution::CountryCode,
    lang: Lang,
) -> String {
    let id = format!("country-{}", country.as_str().to_ascii_lowercase());
    if i18n.has(lang, &id) {
        i18n.text(lang, &id)
    } else {
        country.to_string()
    }
}

/// The `?country=` of a page: `None` for the zone (or a one-country framework's only view).
pub(crate) fn parse_country(
    c: Option<&str>,
) -> Result<Option<mizan_core::institution::CountryCode>, AppError> {
    c.filter(|c| !c.trim().is_empty())
        .map(|c| {
            mizan_core::institution::CountryCode::parse(c)
                .map_err(|e| AppError::BadRequest(e.to_string()))
        })
        .transpose()
}

/// The country selector of a page over a zone's table: the zone, then each country, each a
/// plain link (no script) to `base` with `query` and `country=`; empty for a one-country table.
pub(crate) fn country_links(
    i18n: &I18n,
    fw: &Framework,
    lang: Lang,
    countries: &[mizan_core::institution::CountryCode],
    chosen: Option<mizan_core::institution::CountryCode>,
    base: &str,
    query: &str,
) -> Vec<Link> {
    if countries.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Link::new(
        format!("{base}?{query}"),
        fw.sector_label.get(lang).to_owned(),
        chosen.is_none(),
    )];
    for c in countries {
        out.push(Link::new(
            format!("{base}?{query}&country={c}"),
            country_name(i18n, *c, lang),
            chosen == Some(*c),
        ));
    }
    out
}

/// A figure of a cell for the chosen method, formatted for `lang`.
pub(crate) fn cell_view(
    state: &WebState,
    cell: &PublicCell,
    method: Method,
    display: DisplayKind,
    lang: Lang,
) -> CellView {
    sheet_cell_view(&crate::file_texts::sheet_cell(
        state.i18n(),
        cell,
        method,
        display,
        lang,
    ))
}

/// A figure of the bulletin's sheet as the page lays it out.
pub(crate) fn sheet_cell_view(c: &mizan_service::sheet::SheetCell) -> CellView {
    CellView {
        value: c.text.clone(),
        suppressed: c.suppressed,
        n: c.n_text.clone(),
        compliant: c.compliant_text.clone(),
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
    // The spreadsheet CSV and the workbook are in the page's language (`&lang=`); the CSV
    // for programs and the JSON are the same in every language.
    [
        ("bulletin-sheet.csv", "download-sheet-csv", true),
        ("bulletin.xlsx", "download-xlsx", true),
        ("bulletin.csv", "download-csv", false),
        ("bulletin.json", "download-json", false),
    ]
    .into_iter()
    .map(|(file, label, by_lang)| {
        let lang_q = if by_lang {
            format!("&lang={}", lang.tag())
        } else {
            String::new()
        };
        Link::new(
            format!(
                "/periods/{period}/{file}?method={}{rev}{lang_q}",
                method.code()
            ),
            i18n.text(lang, label),
            false,
        )
    })
    .chain(std::iter::once(Link::new(
        format!(
            "/periods/{period}/bulletin.sdmx.csv{}",
            revision
                .map(|r| format!("?revision={r}"))
                .unwrap_or_default()
        ),
        i18n.text(lang, "download-sdmx"),
        false,
    )))
    .collect()
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
pub const CSS: &str = include_str!("../../../../static/mizan.css");

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
