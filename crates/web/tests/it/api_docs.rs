//! The open API described for people (`/api/docs`, issue 14): generated from the OpenAPI
//! document, every documented route served and every API route documented, each operation
//! titled in the three languages, and each live example answering.

use std::collections::BTreeSet;

use mizan_core::Lang;
use mizan_web::routing::Method;

use crate::pages::get_lang;
use crate::{TestResult, get, on_each_backend, root};

/// An actix path pattern written as OpenAPI writes paths: `{name}` stays, a pattern's regular
/// expression (`{name:[a-z]+}`, `{tail:.*}`) is left out.
fn openapi_path(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &rest[open + 1..open + close];
        let name = inner.split(':').next().unwrap_or(inner);
        out.push('{');
        out.push_str(name);
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn paths_are_converted_consistently() {
    assert_eq!(
        openapi_path("/api/v1/periods/{period}"),
        "/api/v1/periods/{period}"
    );
    assert_eq!(
        openapi_path("/api/v1/data/{flow:[A-Z_]+}/{key:.*}"),
        "/api/v1/data/{flow}/{key}"
    );
    assert_eq!(openapi_path("/api/v1/periods"), "/api/v1/periods");
}

#[test]
fn every_documented_route_exists_and_every_route_is_documented() -> TestResult {
    let documented: BTreeSet<(String, String)> = mizan_web::documented_operations()
        .iter()
        .map(|op| (op.method.clone(), op.path.clone()))
        .collect();
    assert!(documented.len() >= 6, "{documented:?}");
    let routed: BTreeSet<(String, String)> = mizan_web::api::ROUTES
        .iter()
        .map(|r| (r.method.as_str().to_owned(), openapi_path(r.path)))
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routed, not in openapi.json: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "in openapi.json, not routed: {unrouted:?}"
    );
    assert!(
        mizan_web::api::ROUTES
            .iter()
            .all(|r| r.method == Method::Get),
        "the open API only reads"
    );
    // Every operation has an id and a summary, the page's titles and anchors.
    for op in mizan_web::documented_operations() {
        assert!(!op.id.is_empty() && !op.summary.is_empty(), "{op:?}");
    }
    Ok(())
}

#[test]
fn every_operation_has_its_title_in_each_language() -> TestResult {
    for lang in ["fr", "en", "ar"] {
        let mut ids = BTreeSet::new();
        for entry in std::fs::read_dir(root().join("crates/web/locales").join(lang))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                ids.extend(mizan_web::i18n::message_ids(&std::fs::read_to_string(
                    &path,
                )?)?);
            }
        }
        for op in mizan_web::documented_operations() {
            let key = format!("api-op-{}", op.id);
            assert!(ids.contains(&key), "{key} missing in {lang}");
        }
    }
    Ok(())
}

#[test]
fn the_api_page_lists_every_operation_and_each_live_example_answers() -> TestResult {
    on_each_backend(|_, site| {
        let ops = mizan_web::documented_operations();
        for (lang, title, intro) in [
            (
                Lang::Fr,
                "L&#39;API ouverte",
                "Toutes les cellules consolidées",
            ),
            (Lang::En, "The open API", "Every consolidated cell"),
            (Lang::Ar, "واجهة البرمجة المفتوحة", "جميع الخلايا الموحدة"),
        ] {
            let r = get_lang(site, "/api/docs", lang)?;
            assert_eq!(r.status, 200, "{lang}");
            assert_eq!(r.header("content-language"), Some(lang.tag()));
            let html = r.text()?;
            assert!(
                html.contains(title) && html.contains(intro),
                "{lang}: {html}"
            );
            // Translated: no operation falls back to the English summary.
            assert!(!html.contains("<span lang=\"en\""), "{lang}: {html}");
            // The site's navigation leads here, not to the raw document.
            assert!(
                html.contains("<a href=\"/api/docs\" aria-current=\"page\">"),
                "{html}"
            );
            let examples: Vec<String> = html
                .match_indices("class=\"api-example\" href=\"")
                .filter_map(|(i, m)| {
                    let href = html[i + m.len()..].split('"').next()?;
                    Some(href.replace("&#38;", "&").replace("&amp;", "&"))
                })
                .collect();
            assert_eq!(examples.len(), ops.len(), "{examples:?}");
            for op in ops {
                assert!(html.contains(&format!("id=\"{}\"", op.id)), "{}", op.id);
                assert!(
                    html.contains(&format!("{} {}", op.method, op.path)),
                    "{} {}",
                    op.method,
                    op.path
                );
            }
            // The latest published quarter fills the examples in.
            assert!(
                examples
                    .iter()
                    .any(|e| e == "/api/v1/periods/2016-Q1/cells"),
                "{examples:?}"
            );
            for e in &examples {
                assert!(e.starts_with("/api/") && !e.contains('{'), "{e}");
                let answer = get(&site.url(e))?;
                assert_eq!(answer.status, 200, "{e}");
            }
        }
        // The methodology links to the page instead of the raw document.
        let m = get_lang(site, "/methodology", Lang::Fr)?.text()?;
        assert!(
            m.contains("<a href=\"/api/docs\">L&#39;API ouverte</a>"),
            "{m}"
        );
        Ok(())
    })
}
