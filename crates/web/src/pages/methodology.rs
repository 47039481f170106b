//! The methodology, generated from the framework, with the SDMX structure and latest data.

use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use mizan_core::framework::{Consolidation, DisplayKind, IndicatorDef};
use mizan_core::{Framework, Lang, Period};
use mizan_ratios::{Method, RowKind};

use super::indicators::formula_text;
use super::{html, method_key, serve};
use crate::error::AppError;
use crate::http::{Caching, Meta};
use crate::i18n::{I18n, request_lang};
use crate::state::WebState;
use crate::views::{Layout, Link, MethodRow, MethodologyPage, Para};

/// `GET /methodology`: formulas, norms, peer groups and methods, from the framework.
pub async fn methodology(
    req: HttpRequest,
    data: web::Data<WebState>,
) -> Result<HttpResponse, AppError> {
    let state = data.into_inner();
    let lang = request_lang(&req);
    let fw = state.framework(None)?;
    let index = state.index().await?;
    let latest = index.quarters.first().map(|q| q.latest.period);
    let etag = state.etag(
        &format!("{}-{}", fw.version, index.fingerprint),
        "methodology",
        "-",
        Some(lang),
    );
    let meta = Meta {
        lang: Some(lang),
        by_lang: true,
        ..Meta::default()
    };
    let rendered = html(&methodology_page(&state, &req, lang, fw, latest));
    serve(&req, &state, etag, Caching::Public, meta, async {
        rendered
    })
    .await
}

/// The methodology of the framework `fw`: the methods, peer groups, derived items, every
/// indicator's formula and norm, the publication rules.
fn methodology_page(
    state: &WebState,
    req: &HttpRequest,
    lang: Lang,
    fw: &Framework,
    latest: Option<Period>,
) -> MethodologyPage {
    let i18n = state.i18n();
    let t = |id: &str| i18n.text(lang, id);
    let para = |k: &&str| Para {
        title: t(&format!("{k}-title")),
        text: t(k),
    };
    let rules = [
        "rule-rounding",
        "rule-numbers",
        "rule-n",
        "rule-suppression",
        "rule-revisions",
    ];
    MethodologyPage {
        page: Layout::new(
            state,
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
        methods: Method::ALL
            .iter()
            .map(|&m| Para {
                title: t(method_key(m)),
                text: t(&format!("{}-help", method_key(m))),
            })
            .collect(),
        groups_title: t("methodology-groups"),
        groups: group_paras(i18n, lang, fw),
        derived_title: t("methodology-derived"),
        derived: fw
            .derived
            .iter()
            .map(|d| Para {
                title: format!("{} ({})", d.label.get(lang), d.code),
                text: d.formula.to_string(),
            })
            .collect(),
        indicators_title: t("methodology-indicators"),
        headers: vec![
            t("col-number"),
            t("col-indicator"),
            t("col-formula"),
            t("col-norms"),
            t("col-consolidation"),
            t("col-display"),
        ],
        sections: fw
            .bulletin
            .iter()
            .map(|s| {
                let rows = s
                    .headings
                    .iter()
                    .flat_map(|h| fw.heading_indicators(&h.code))
                    .map(|i| method_row(i18n, lang, i))
                    .collect();
                (format!("{}. {}", s.number, s.label.get(lang)), rows)
            })
            .collect(),
        rules: rules.iter().map(para).collect(),
        api: (
            t("methodology-api-title"),
            t("methodology-api"),
            Link::new("/api/docs", t("api-docs-title"), false),
        ),
        sdmx: (
            para(&"methodology-sdmx"),
            std::iter::once(Link::new(
                "/api/v1/sdmx/structure",
                t("methodology-sdmx-structure"),
                false,
            ))
            .chain(latest.map(|p| {
                Link::new(
                    format!("/periods/{p}/bulletin.sdmx.csv"),
                    i18n.message(lang, "methodology-sdmx-data", &[("period", p.to_string())]),
                    false,
                )
            }))
            .collect(),
        ),
    }
}

/// Each peer group with the legal forms it gathers, then the sector.
fn group_paras(i18n: &I18n, lang: Lang, fw: &Framework) -> Vec<Para> {
    let t = |id: &str| i18n.text(lang, id);
    fw.peer_groups
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
        .collect()
}

/// An indicator of the methodology: its formula, norm, consolidation and display.
fn method_row(i18n: &I18n, lang: Lang, i: &IndicatorDef) -> MethodRow {
    let t = |id: &str| i18n.text(lang, id);
    MethodRow {
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
    }
}
