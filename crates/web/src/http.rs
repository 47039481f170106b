//! Conditional, cacheable responses: entity tags from the snapshot, `If-None-Match` → 304.

use std::sync::LazyLock;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::Lang;
use sha2::{Digest, Sha256};

use crate::state::Cached;

/// Everything compiled into the site that shapes a response (templates, messages, styles,
/// the API document): part of every entity tag, so that a new release never answers 304 for
/// a body it would now render differently.
const ASSETS: [&str; 14] = [
    env!("CARGO_PKG_VERSION"),
    include_str!("../../../templates/base.html"),
    include_str!("../../../templates/index.html"),
    include_str!("../../../templates/bulletin.html"),
    include_str!("../../../templates/revisions.html"),
    include_str!("../../../templates/indicators.html"),
    include_str!("../../../templates/indicator.html"),
    include_str!("../../../templates/methodology.html"),
    include_str!("../../../static/mizan.css"),
    include_str!("../locales/fr/main.ftl"),
    include_str!("../locales/en/main.ftl"),
    include_str!("../locales/ar/main.ftl"),
    include_str!("api/openapi.json"),
    include_str!("chart.rs"),
];

/// A short digest of [`ASSETS`].
pub static BUILD_TAG: LazyLock<String> = LazyLock::new(|| {
    let mut h = Sha256::new();
    for a in ASSETS {
        h.update(a.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..6])
});

/// How a body may be cached.
#[derive(Debug, Clone, Copy)]
pub enum Caching {
    /// Depends on the published snapshots (and on the language, which may come from the
    /// cookie): a minute in any cache, revalidated with the entity tag.
    Public,
    /// Never changes for this URL (static files carry the build tag in their URL).
    Immutable,
}

/// The entity tag of a body: the snapshot (or set of snapshots), what, method, language and
/// build.
pub fn etag(source: &str, what: &str, method: &str, lang: Option<Lang>) -> String {
    let source = source.get(..20).unwrap_or(source);
    format!(
        "\"{source}-{what}-{method}-{}-{}\"",
        lang.map_or("any", Lang::tag),
        *BUILD_TAG
    )
    .replace(['/', ' '], "_")
}

/// Whether the request's `If-None-Match` names `etag` (or `*`).
pub fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// Options of one response.
#[derive(Debug, Default)]
pub struct Meta {
    /// `Content-Language`.
    pub lang: Option<Lang>,
    /// A file name for `Content-Disposition: attachment`.
    pub download: Option<String>,
    /// Whether the body depends on the language (then it varies with the cookie).
    pub by_lang: bool,
}

fn headers(b: &mut actix_web::HttpResponseBuilder, etag: &str, caching: Caching, meta: &Meta) {
    b.insert_header((header::ETAG, etag.to_owned()));
    b.insert_header((
        header::CACHE_CONTROL,
        match caching {
            Caching::Public => "public, max-age=60",
            Caching::Immutable => "public, max-age=31536000, immutable",
        },
    ));
    if meta.by_lang {
        b.insert_header((header::VARY, "Cookie, Accept-Language"));
    }
    if let Some(lang) = meta.lang {
        b.insert_header((header::CONTENT_LANGUAGE, lang.tag()));
    }
    if let Some(name) = &meta.download {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        b.insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{safe}\""),
        ));
    }
}

/// 304 Not Modified for `etag`.
pub fn not_modified_response(etag: &str, caching: Caching, meta: &Meta) -> HttpResponse {
    let mut b = HttpResponse::build(StatusCode::NOT_MODIFIED);
    headers(&mut b, etag, caching, meta);
    b.finish()
}

/// 200 with a cached body.
pub fn ok(cached: &Cached, etag: &str, caching: Caching, meta: &Meta) -> HttpResponse {
    let mut b = HttpResponse::Ok();
    headers(&mut b, etag, caching, meta);
    let mut r = b.body(cached.body.clone());
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(cached.content_type),
    );
    r
}
