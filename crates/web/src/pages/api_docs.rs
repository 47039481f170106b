//! `GET /api/docs`: the open API described for people, in the reader's language, generated
//! from the OpenAPI document the API serves ([`crate::api::OPENAPI`]), read once. Nothing comes
//! from outside the platform: no viewer from a CDN, only this page and its live examples.
//!
//! Each operation is titled by the message `api-op-<operationId>` of the reader's language
//! (a test checks that every operation has one in each language); an operation without one
//! shows the document's English summary, marked `lang="en"`. Parameters are described by
//! `api-param-<name>` where the messages have it, else in English, marked too.

use std::sync::OnceLock;

use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use mizan_core::Lang;
use serde_json::Value;

use super::{html, serve};
use crate::error::AppError;
use crate::http::{Caching, Meta};
use crate::i18n::{I18n, request_lang};
use crate::state::WebState;
use crate::views::Layout;

/// A parameter of an operation, as the OpenAPI document gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Its name (`period`).
    pub name: String,
    /// `path` or `query`.
    pub place: String,
    /// Whether it must be given.
    pub required: bool,
    /// The document's (English) description.
    pub description: String,
    /// Its allowed values, when the document lists them.
    pub values: Vec<String>,
    /// Its default, if any.
    pub default: Option<String>,
    /// The document's example, if any.
    pub example: Option<String>,
}

/// An operation of the OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// `GET`, …
    pub method: String,
    /// The path as documented (`/api/v1/periods/{period}`).
    pub path: String,
    /// The document's (English) summary.
    pub summary: String,
    /// Its parameters, in the document's order.
    pub params: Vec<Param>,
}

/// A JSON value written as text (`"2016-Q1"` → `2016-Q1`, `1` → `1`).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A parameter object, following a `$ref` to `#/components/parameters/…`.
fn param<'a>(doc: &'a Value, p: &'a Value) -> &'a Value {
    match p.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/")
            .map(|path| path.split('/').fold(doc, |v, k| &v[k]))
            .unwrap_or(p),
        None => p,
    }
}

/// Every operation of an OpenAPI document, in the document's order of paths.
pub fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for method in ["get", "post", "put", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let shared = item.get("parameters").and_then(Value::as_array);
            let own = op.get("parameters").and_then(Value::as_array);
            let params = shared
                .into_iter()
                .chain(own)
                .flatten()
                .map(|p| param(doc, p))
                .map(|p| {
                    let schema = &p["schema"];
                    Param {
                        name: text(&p["name"]),
                        place: text(&p["in"]),
                        required: p["required"].as_bool().unwrap_or(false),
                        description: p["description"].as_str().unwrap_or_default().to_owned(),
                        values: schema["enum"]
                            .as_array()
                            .map(|e| e.iter().map(text).collect())
                            .unwrap_or_default(),
                        default: schema.get("default").map(text),
                        example: p.get("example").or_else(|| schema.get("example")).map(text),
                    }
                })
                .collect();
            out.push(Operation {
                id: op["operationId"].as_str().unwrap_or_default().to_owned(),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or_default().to_owned(),
                params,
            });
        }
    }
    out
}

/// The operations of [`crate::api::OPENAPI`], read once (an unreadable document is an error of
/// the build, caught by the tests; it then lists nothing).
pub fn documented() -> &'static [Operation] {
    static OPS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPS.get_or_init(|| {
        serde_json::from_str::<Value>(crate::api::OPENAPI)
            .map(|doc| operations(&doc))
            .unwrap_or_default()
    })
}

impl Operation {
    /// A URL of this site that calls the operation: each path parameter filled in (`period`
    /// with `latest`, the latest published quarter, when there is one; otherwise the
    /// document's example, else its first allowed value or default), and each required query
    /// parameter likewise.
    pub fn example(&self, latest: Option<&str>) -> String {
        let value = |p: &Param| -> String {
            if p.name == "period"
                && let Some(l) = latest
            {
                return l.to_owned();
            }
            p.example
                .clone()
                .or_else(|| p.values.first().cloned())
                .or_else(|| p.default.clone())
                .unwrap_or_else(|| format!("{{{}}}", p.name))
        };
        let mut url = self.path.clone();
        let mut query = Vec::new();
        for p in &self.params {
            match p.place.as_str() {
                "path" => url = url.replace(&format!("{{{}}}", p.name), &value(p)),
                "query" if p.required => query.push(format!("{}={}", p.name, value(p))),
                _ => {}
            }
        }
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.join("&"));
        }
        url
    }
}

/// A parameter on the page.
pub struct ParamView {
    /// Name.
    pub name: String,
    /// Path or query, in words.
    pub place: String,
    /// Required or optional, in words.
    pub required: String,
    /// Description.
    pub description: String,
    /// Whether the description is in the reader's language (else English, marked).
    pub translated: bool,
    /// Allowed values and default, as text (`published, pooled, median`).
    pub values: String,
}

/// An operation on the page.
pub struct OperationView {
    /// `operationId` (the section's anchor).
    pub id: String,
    /// `GET /api/v1/periods/{period}`.
    pub call: String,
    /// Summary.
    pub summary: String,
    /// Whether the summary is in the reader's language (else English, marked).
    pub translated: bool,
    /// Parameters.
    pub params: Vec<ParamView>,
    /// A live example on this site.
    pub example: String,
}

/// The API's page.
#[derive(Template)]
#[template(path = "api_docs.html")]
pub struct ApiDocsPage {
    /// Frame.
    pub page: Layout,
    /// Introduction.
    pub intro: String,
    /// "The machine-readable description:".
    pub document: String,
    /// Column headers: name, where, required, description.
    pub headers: [String; 4],
    /// Said of an operation without parameters.
    pub no_params: String,
    /// "Allowed values:".
    pub values_label: String,
    /// "Example:".
    pub example_label: String,
    /// The operations.
    pub operations: Vec<OperationView>,
}

fn view(i18n: &I18n, lang: Lang, op: &Operation, latest: Option<&str>) -> OperationView {
    let t = |id: &str| i18n.text(lang, id);
    let op_key = format!("api-op-{}", op.id);
    let translated = i18n.has(lang, &op_key);
    OperationView {
        id: op.id.clone(),
        call: format!("{} {}", op.method, op.path),
        summary: if translated {
            t(&op_key)
        } else {
            op.summary.clone()
        },
        translated,
        params: op
            .params
            .iter()
            .map(|p| {
                let key = format!("api-param-{}", p.name);
                let translated = i18n.has(lang, &key);
                let mut values = p.values.join(", ");
                if let Some(d) = &p.default {
                    let d = i18n.message(lang, "api-docs-default", &[("value", d.clone())]);
                    values = if values.is_empty() {
                        d
                    } else {
                        format!("{values} — {d}")
                    };
                }
                ParamView {
                    name: p.name.clone(),
                    place: t(if p.place == "path" {
                        "api-docs-in-path"
                    } else {
                        "api-docs-in-query"
                    }),
                    required: t(if p.required {
                        "api-docs-required"
                    } else {
                        "api-docs-optional"
                    }),
                    description: if translated {
                        t(&key)
                    } else {
                        p.description.clone()
                    },
                    translated,
                    values,
                }
            })
            .collect(),
        example: op.example(latest),
    }
}

/// `GET /api/docs`: the API for people.
pub async fn api_docs(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let index = state.index().await?;
    let etag = state.etag(&index.fingerprint, "api-docs", "-", Some(lang));
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let latest = index
        .quarters
        .iter()
        .map(|q| q.latest.period)
        .max()
        .map(|p| p.to_string());
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let page = ApiDocsPage {
        page: Layout::new(
            &state,
            lang,
            &t("api-docs-title"),
            req.path(),
            req.query_string(),
        ),
        intro: t("api-docs-intro"),
        document: t("api-docs-document"),
        headers: [
            t("api-docs-name"),
            t("api-docs-in"),
            t("api-docs-required-header"),
            t("api-docs-description"),
        ],
        no_params: t("api-docs-no-params"),
        values_label: t("api-docs-values"),
        example_label: t("api-docs-example"),
        operations: documented()
            .iter()
            .map(|op| view(i18n, lang, op, latest.as_deref()))
            .collect(),
    };
    let rendered = html(&page);
    serve(&req, &state, etag, Caching::Public, meta, async {
        rendered
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_follow_references_and_examples_fill_every_parameter() -> Result<(), String> {
        let doc: Value = serde_json::from_str(
            r##"{"paths": {"/api/v1/data/{flow}/{period}": {"get": {
                "operationId": "getData", "summary": "Data.",
                "parameters": [
                  {"$ref": "#/components/parameters/Flow"},
                  {"name": "period", "in": "path", "required": true,
                   "schema": {"type": "string", "example": "2016-Q1"}},
                  {"name": "format", "in": "query", "required": true,
                   "schema": {"enum": ["json", "xml"]}},
                  {"name": "detail", "in": "query", "schema": {"default": "full"}}
                ]}}},
              "components": {"parameters": {"Flow": {"name": "flow", "in": "path",
                "required": true, "description": "A dataflow.",
                "schema": {"type": "string", "example": "MFI"}}}}}"##,
        )
        .map_err(|e| e.to_string())?;
        let ops = operations(&doc);
        let [op] = ops.as_slice() else {
            return Err(format!("{ops:?}"));
        };
        assert_eq!((op.id.as_str(), op.method.as_str()), ("getData", "GET"));
        assert_eq!(op.params[0].description, "A dataflow.");
        assert_eq!(op.params[3].default.as_deref(), Some("full"));
        // The latest quarter where given, else the example; required query parameters only.
        assert_eq!(
            op.example(Some("2025-Q4")),
            "/api/v1/data/MFI/2025-Q4?format=json"
        );
        assert_eq!(op.example(None), "/api/v1/data/MFI/2016-Q1?format=json");
        Ok(())
    }

    #[test]
    fn an_operation_without_its_message_shows_the_english_summary() -> Result<(), String> {
        let i18n = I18n::load().map_err(|e| format!("{e:?}"))?;
        let op = Operation {
            id: "notTranslated".into(),
            method: "GET".into(),
            path: "/api/v1/x".into(),
            summary: "English summary.".into(),
            params: vec![],
        };
        let v = view(&i18n, Lang::Ar, &op, None);
        assert!(!v.translated);
        assert_eq!(v.summary, "English summary.");
        let ops = documented();
        let series = ops
            .iter()
            .find(|o| o.id == "getSeries")
            .ok_or("no getSeries")?;
        let v = view(&i18n, Lang::Fr, series, Some("2016-Q1"));
        assert!(v.translated && v.summary.starts_with("Les chiffres d'un indicateur"));
        assert_eq!(v.example, "/api/v1/indicators/fin.par30/series");
        Ok(())
    }

    #[test]
    fn the_platforms_document_is_read() {
        assert!(documented().iter().any(|op| op.id == "getSeries"));
    }
}
