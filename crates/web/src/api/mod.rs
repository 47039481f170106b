//! The open JSON API under `/api/v1/`: published quarters, indicators, consolidated cells of a
//! quarter by method, time series. Described by the OpenAPI 3 document served at
//! `/api/v1/openapi.json` (kept by hand in `openapi.json`; a test checks that every route of
//! [`ROUTES`] is in it and answers).

use std::sync::Arc;

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::framework::{Consolidation, DisplayKind};
use mizan_ratios::{Method, RowKind};
use mizan_service::export;
use serde::Serialize;

use crate::error::AppError;
use crate::http::{self, Caching, Meta};
use crate::i18n::request_lang;
use crate::pages::{
    PageQuery, SeriesAsk, code_label, formula_text, parse_method, parse_period, series_ask,
    series_points, serve,
};
use crate::state::{Cached, WebState};

/// The OpenAPI 3 document.
pub const OPENAPI: &str = include_str!("openapi.json");

crate::routing::route_table! {
    GET "/api/v1/openapi.json" => openapi,
    GET "/api/v1/periods" => periods,
    GET "/api/v1/periods/{period}" => period,
    GET "/api/v1/periods/{period}/cells" => cells,
    GET "/api/v1/indicators" => indicators,
    GET "/api/v1/indicators/{code}/series" => series,
    GET "/api/v1/periods/{period}/sdmx" => crate::pages::sdmx::data,
    GET "/api/v1/sdmx/structure" => crate::pages::sdmx::structure,
}

const JSON: &str = "application/json";

fn json(value: &impl Serialize) -> Result<Cached, AppError> {
    let body = serde_json::to_vec_pretty(value).map_err(|e| {
        AppError::Service(mizan_service::ServiceError::Write {
            what: "JSON",
            message: e.to_string(),
        })
    })?;
    Ok(Cached {
        body: Bytes::from(body),
        content_type: JSON,
    })
}

fn at(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi(req: HttpRequest) -> HttpResponse {
    let etag = http::etag("openapi", "openapi", "-", None);
    let meta = Meta::default();
    if http::not_modified(&req, &etag) {
        return http::not_modified_response(&etag, Caching::Public, &meta);
    }
    http::ok(
        &Cached {
            body: Bytes::from_static(OPENAPI.as_bytes()),
            content_type: JSON,
        },
        &etag,
        Caching::Public,
        &meta,
    )
}

#[derive(Serialize)]
struct RevisionJson {
    revision: i32,
    published_at: String,
    note: Option<String>,
    current: bool,
    sha256: String,
}

#[derive(Serialize)]
struct PeriodJson {
    period: String,
    revision: i32,
    published_at: String,
    revisions: Vec<RevisionJson>,
    links: serde_json::Value,
}

/// `GET /api/v1/periods`: the published quarters, newest first, with their revisions.
pub async fn periods(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let index = state.index().await?;
    let etag = state.etag(&index.fingerprint, "api-periods", "-", None);
    let framework = state.options().framework.clone();
    serve(
        &req,
        &state,
        etag,
        Caching::Public,
        Meta::default(),
        async {
            let list: Vec<PeriodJson> = index
                .quarters
                .iter()
                .map(|q| {
                    let p = q.latest.period;
                    PeriodJson {
                        period: p.to_string(),
                        revision: q.latest.revision,
                        published_at: at(q.latest.published_at),
                        revisions: q
                            .revisions
                            .iter()
                            .map(|r| RevisionJson {
                                revision: r.revision,
                                published_at: at(r.published_at),
                                note: r.note.clone(),
                                current: r.id == q.latest.id,
                                sha256: r.public_sha256.clone(),
                            })
                            .collect(),
                        links: serde_json::json!({
                            "self": format!("/api/v1/periods/{p}"),
                            "cells": format!("/api/v1/periods/{p}/cells"),
                            "bulletin": format!("/periods/{p}"),
                        }),
                    }
                })
                .collect();
            json(&serde_json::json!({ "framework": framework, "periods": list }))
        },
    )
    .await
}

/// `GET /api/v1/periods/{period}`: a quarter's revision, its columns with who reported.
pub async fn period(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let p = parse_period(&path)?;
    let index = state.index().await?;
    let rec = index
        .revision(p, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{p} revision {:?}", query.revision)))?
        .clone();
    let latest = index.quarter(p).map_or(0, |q| q.latest.revision);
    let etag = state.etag(
        &rec.public_sha256,
        &format!("api-period{}-{latest}", rec.id),
        "-",
        None,
    );
    let st = state.clone();
    serve(
        &req,
        &state,
        etag,
        Caching::Public,
        Meta::default(),
        async {
            let table = st.table(rec.id).await?;
            json(&serde_json::json!({
                "framework": table.framework,
                "framework_version": table.framework_version,
                "period": table.period.to_string(),
                "revision": table.revision,
                "current": table.revision == latest,
                "published_at": at(table.published_at),
                "note": table.note,
                "sha256": rec.public_sha256,
                "suppressed_cells": table.suppressed_cells,
                "groups": table.groups,
                "methods": Method::ALL.iter().map(|m| m.code()).collect::<Vec<_>>(),
                "links": {
                    "cells": format!("/api/v1/periods/{p}/cells?revision={}", table.revision),
                    "csv": format!("/periods/{p}/bulletin.csv?revision={}", table.revision),
                    "xlsx": format!("/periods/{p}/bulletin.xlsx?revision={}", table.revision),
                },
            }))
        },
    )
    .await
}

/// `GET /api/v1/periods/{period}/cells?method=&revision=`: every consolidated cell (figures
/// at published precision, n, compliance, suppressed flag), as the JSON download.
pub async fn cells(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let method = parse_method(query.method.as_deref())?;
    let p = parse_period(&path)?;
    let index = state.index().await?;
    let rec = index
        .revision(p, query.revision)
        .ok_or_else(|| AppError::NotFound(format!("{p} revision {:?}", query.revision)))?
        .clone();
    let etag = state.etag(
        &rec.public_sha256,
        &format!("api-cells{}", rec.id),
        method.code(),
        None,
    );
    let st = state.clone();
    serve(
        &req,
        &state,
        etag,
        Caching::Public,
        Meta::default(),
        async {
            let table = st.table(rec.id).await?;
            let body = web::block(move || export::public_json(&table, method)).await??;
            Ok(Cached {
                body: Bytes::from(body),
                content_type: JSON,
            })
        },
    )
    .await
}

#[derive(Serialize)]
struct IndicatorJson {
    code: String,
    number: Option<String>,
    label: String,
    section: String,
    heading: String,
    formula: String,
    norm: Option<String>,
    consolidation: &'static str,
    display: DisplayKind,
    rows: Vec<String>,
    links: serde_json::Value,
}

/// `GET /api/v1/indicators?lang=`: the indicators of the framework, labels in `lang`.
pub async fn indicators(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let lang = request_lang(&req);
    let fw = state.framework(None)?;
    let etag = state.etag(&fw.version, "api-indicators", "-", Some(lang));
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let list: Vec<IndicatorJson> = fw
        .indicators
        .iter()
        .map(|i| {
            let (section, heading) = fw
                .heading(&i.heading)
                .map(|(s, h)| (s.code.clone(), h.code.clone()))
                .unwrap_or_default();
            let mut rows = vec![i.code.to_string()];
            if i.components.is_some() {
                rows.push(format!("{}.a", i.code));
                rows.push(format!("{}.b", i.code));
            }
            IndicatorJson {
                code: i.code.to_string(),
                number: i.number.clone(),
                label: i.label.get(lang).to_owned(),
                section,
                heading,
                formula: formula_text(i, RowKind::Indicator),
                norm: (!i.norm.is_empty()).then(|| i.norm_label(lang)),
                consolidation: match i.consolidation {
                    Consolidation::Mean => "mean",
                    Consolidation::RatioOfSums => "ratio_of_sums",
                },
                display: i.display,
                rows,
                links: serde_json::json!({
                    "series": format!("/api/v1/indicators/{}/series", i.code),
                    "page": format!("/indicators/{}", i.code),
                }),
            }
        })
        .collect();
    let body = json(&serde_json::json!({
        "framework": fw.id,
        "framework_version": fw.version,
        "lang": lang.tag(),
        "indicators": list,
    }));
    serve(&req, &state, etag, Caching::Public, meta, async { body }).await
}

#[derive(Serialize)]
struct SeriesCell {
    group: String,
    value: Option<String>,
    n: usize,
    n_compliant: Option<usize>,
    suppressed: bool,
}

#[derive(Serialize)]
struct SeriesPointJson {
    period: String,
    cells: Vec<SeriesCell>,
}

/// `GET /api/v1/indicators/{code}/series?method=`: a row's figures over every published
/// quarter (current revisions), oldest first.
pub async fn series(
    req: HttpRequest,
    data: web::Data<WebState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let state: Arc<WebState> = data.into_inner();
    let lang = request_lang(&req);
    let method = parse_method(query.method.as_deref())?;
    let code = path.into_inner();
    let SeriesAsk {
        fw,
        ind,
        kind,
        index,
        etag,
        meta,
        ..
    } = series_ask(&state, &code, "api-series", method, lang).await?;
    let st = state.clone();
    serve(&req, &state, etag, Caching::Public, meta, async {
        let (points, _, _) = series_points(&st, &index, &code, None).await?;
        let points: Vec<SeriesPointJson> = points
            .iter()
            .map(|p| SeriesPointJson {
                period: p.period.to_string(),
                cells: p
                    .cells
                    .iter()
                    .map(|c| {
                        let f = c.figure(method);
                        SeriesCell {
                            group: c.group.clone(),
                            value: f.value.map(|v| v.normalize().to_string()),
                            n: f.n,
                            n_compliant: if f.suppressed { None } else { c.n_compliant },
                            suppressed: f.suppressed,
                        }
                    })
                    .collect(),
            })
            .collect();
        json(&serde_json::json!({
            "framework": fw.id,
            "indicator": code,
            "label": code_label(ind, kind, lang),
            "method": method.code(),
            "points": points,
        }))
    })
    .await
}
