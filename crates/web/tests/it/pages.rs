//! Pages and downloads in the three languages, 404s, entity tags, security headers, the
//! language switch, revisions, suppressed cells and counts of compliance.

use mizan_core::Lang;
use mizan_service::publication::load_public_table;
use mizan_storage::publications::{NewPublication, insert_publication};

use crate::{Res, Resp, Site, TestResult, get, get_with, on_each_backend, q1};

/// Every HTML page of the site once the fixture is published.
pub const PAGES: [&str; 12] = [
    "/",
    "/periods/2016-Q1",
    "/periods/2016-Q1?method=pooled",
    "/periods/2016-Q1?method=median",
    "/periods/2016-Q1?revision=1",
    "/periods/2016-Q1/revisions",
    "/indicators",
    "/indicators/fin.par30",
    "/indicators/prud.capitalization.a?method=pooled",
    "/indicators/nf.loans_by_purpose.housing?method=median",
    "/methodology",
    "/lang/en?next=/",
];

/// Every download of the Q1 bulletin.
pub const DOWNLOADS: [(&str, &str); 5] = [
    ("/periods/2016-Q1/bulletin.csv", "text/csv; charset=utf-8"),
    (
        "/periods/2016-Q1/bulletin.csv?method=pooled",
        "text/csv; charset=utf-8",
    ),
    (
        "/periods/2016-Q1/bulletin.json?method=median",
        "application/json",
    ),
    (
        "/periods/2016-Q1/bulletin.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("/indicators/fin.par30/chart.svg", "image/svg+xml"),
];

pub fn cookie(lang: Lang) -> String {
    format!("mizan_lang={}", lang.tag())
}

pub fn get_lang(site: &Site, path: &str, lang: Lang) -> Res<Resp> {
    get_with(&site.url(path), &[("Cookie", &cookie(lang))])
}

/// A text of each language that the page must show (from the messages, so that a test of a
/// language really reads that language).
fn nav_home(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Bulletins publiés",
        Lang::En => "Published bulletins",
        Lang::Ar => "النشرات المنشورة",
    }
}

#[test]
fn every_page_and_download_in_three_languages() -> TestResult {
    on_each_backend(|_, site| {
        for lang in Lang::ALL {
            for path in PAGES.iter().filter(|p| !p.starts_with("/lang/")) {
                let r = get_lang(site, path, lang)?;
                assert_eq!(r.status, 200, "{path} {lang}");
                assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
                assert_eq!(r.header("content-language"), Some(lang.tag()), "{path}");
                let html = r.text()?;
                let dir = if lang == Lang::Ar { "rtl" } else { "ltr" };
                assert!(
                    html.contains(&format!("<html lang=\"{}\" dir=\"{dir}\">", lang.tag())),
                    "{path} {lang}"
                );
                assert!(html.contains(nav_home(lang)), "{path} {lang}");
                // The other languages' navigation is absent: the page is really translated.
                for other in Lang::ALL.iter().filter(|l| **l != lang) {
                    assert!(
                        !html.contains(nav_home(*other)),
                        "{path} {lang} shows {other}"
                    );
                }
            }
            for (path, ty) in DOWNLOADS {
                let r = get_lang(site, path, lang)?;
                assert_eq!(r.status, 200, "{path} {lang}");
                assert_eq!(r.header("content-type"), Some(ty), "{path}");
                assert!(!r.body.is_empty());
                if path.contains("/bulletin.") {
                    let d = r.header("content-disposition").unwrap_or_default();
                    assert!(
                        d.starts_with("attachment; filename=\"apsfd-ci-2016-Q1-r1-"),
                        "{d}"
                    );
                }
            }
        }
        Ok(())
    })
}

/// The golden figures of Q1 2016 in each language's way of writing numbers.
#[test]
fn the_bulletin_shows_the_published_figures_per_locale() -> TestResult {
    on_each_backend(|_, site| {
        let cases: [(Lang, [&str; 4]); 3] = [
            (
                Lang::Fr,
                [
                    "4,41\u{202F}%",
                    "1\u{202F}850\u{202F}679",
                    "-69,60\u{202F}%",
                    "9\u{202F}275\u{202F}363\u{202F}305",
                ],
            ),
            (Lang::En, ["4.41%", "1,850,679", "-69.60%", "9,275,363,305"]),
            (
                Lang::Ar,
                ["4,41\u{A0}%", "1.850.679", "-69,60\u{A0}%", "9.275.363.305"],
            ),
        ];
        for (lang, figures) in cases {
            let html = get_lang(site, "/periods/2016-Q1", lang)?.text()?;
            for f in figures {
                assert!(
                    html.contains(&format!("<bdi class=\"v\" dir=\"ltr\">{f}</bdi>")),
                    "{lang}: {f}"
                );
            }
            assert!(html.contains("n = 10"), "{lang}: n per cell");
        }
        let fr = get_lang(site, "/periods/2016-Q1", Lang::Fr)?.text()?;
        assert!(fr.contains("Au niveau des Sociétés anonymes (10 reçus / 11 attendus) :"));
        assert!(fr.contains("Au niveau des Coopératives ou mutuelles (11 reçus / 22 attendus) :"));
        assert!(fr.contains("SFD du secteur : 21 reçus / 33 attendus."));
        assert!(fr.contains("I. Indicateurs financiers"));
        assert!(fr.contains("II. Indicateurs non financiers"));
        assert!(fr.contains("III. Ratios prudentiels"));
        assert!(fr.contains("<td class=\"norm\"><bdi>&#60; 5 %</bdi></td>"));
        // The method switch, and a figure that differs by method (capitalisation, sector:
        // −32.83 % as a mean of ratios, a positive pooled ratio).
        assert!(fr.contains("?method=pooled"));
        assert!(fr.contains("-32,83\u{202F}%"));
        let pooled = get_lang(site, "/periods/2016-Q1?method=pooled", Lang::Fr)?.text()?;
        assert!(!pooled.contains("-32,83\u{202F}%"));
        assert!(pooled.contains("aria-current=\"page\">Ratios agrégés"));
        let ar = get_lang(site, "/periods/2016-Q1", Lang::Ar)?.text()?;
        assert!(ar.contains("شركات المساهمة"));
        assert!(ar.contains("المحفظة المعرضة للخطر ≥ 30 يوما"));
        assert!(ar.contains("10 واردة / 11 متوقعة"));
        Ok(())
    })
}

/// A norm nobody could be judged against — a trend ("Tendance haussière") on the first
/// published quarter, with no previous values — shows no count of compliance (not
/// "0 conforme(s)", which would read as "nobody meets the norm"); other norms keep theirs.
#[test]
fn a_trend_on_a_first_quarter_shows_no_compliance_count() -> TestResult {
    on_each_backend(|_, site| {
        let html = get_lang(site, "/periods/2016-Q1", Lang::Fr)?.text()?;
        let row = |label: &str| -> Res<&str> {
            let at = html
                .find(&format!(">{label}<"))
                .ok_or_else(|| format!("no row {label}"))?;
            let start = html
                .get(..at)
                .and_then(|h| h.rfind("<tr"))
                .ok_or("no <tr")?;
            let end = html
                .get(at..)
                .and_then(|h| h.find("</tr>"))
                .ok_or("no </tr>")?;
            Ok(html.get(start..at + end).unwrap_or_default())
        };
        let trend = row("Montant moyen des crédits décaissés")?;
        assert!(trend.contains("Tendance haussière"), "{trend}");
        assert!(trend.contains("<span class=\"n\">n = "), "{trend}");
        assert!(!trend.contains("class=\"k\""), "{trend}");
        let capitalisation = row("Norme de capitalisation")?;
        assert!(
            capitalisation.contains("<span class=\"k\">1 conforme(s)</span>"),
            "{capitalisation}"
        );
        Ok(())
    })
}

#[test]
fn reporting_institutions_are_listed_in_order_of_reception() -> TestResult {
    on_each_backend(|p, site| {
        let index = mizan_service::publication::published_quarters(&p.app, "apsfd-ci")?;
        let table = load_public_table(&p.app, index.first().ok_or("none")?.latest.id)?;
        let html = get_lang(site, "/periods/2016-Q1", Lang::Fr)?.text()?;
        for g in table.groups.iter().filter(|g| g.code != "sector") {
            let list: String = g
                .reporting
                .iter()
                .map(|n| format!("<li><bdi>{}</bdi></li>", askama_escape(n)))
                .collect();
            assert!(html.contains(&list), "{}: {list}", g.code);
        }
        Ok(())
    })
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[test]
fn unknown_periods_indicators_and_pages_are_404_in_the_users_language() -> TestResult {
    on_each_backend(|_, site| {
        let html_404 = [
            "/periods/2017-Q1",
            "/periods/garbage",
            "/periods/2016-Q1?revision=9",
            "/periods/2017-Q1/revisions",
            "/periods/2017-Q1/bulletin.csv",
            "/periods/2016-Q1/bulletin.pdf",
            "/indicators/fin.nope",
            "/indicators/fin.nope/chart.svg",
            "/indicators/fin.par30.a",
            "/lang/de?next=/",
            "/nowhere",
        ];
        for path in html_404 {
            for lang in Lang::ALL {
                let r = get_lang(site, path, lang)?;
                assert_eq!(r.status, 404, "{path}");
                let html = r.text()?;
                let title = match lang {
                    Lang::Fr => "Page introuvable",
                    Lang::En => "Page not found",
                    Lang::Ar => "الصفحة غير موجودة",
                };
                assert!(html.contains(title), "{path} {lang}");
                assert!(html.contains(&format!("lang=\"{}\"", lang.tag())));
                assert!(!html.contains("not found:"), "internals shown: {path}");
            }
        }
        for path in [
            "/api/v1/periods/2017-Q1",
            "/api/v1/periods/2017-Q1/cells",
            "/api/v1/indicators/fin.nope/series",
            "/api/v1/nothing",
        ] {
            let r = get(&site.url(path))?;
            assert_eq!(r.status, 404, "{path}");
            assert_eq!(r.header("content-type"), Some("application/json"));
            let v: serde_json::Value = serde_json::from_slice(&r.body)?;
            assert_eq!(v["status"], 404);
        }
        for path in [
            "/periods/2016-Q1?method=best",
            "/periods/2016-Q1?revision=first",
            "/api/v1/periods/2016-Q1/cells?method=mean",
        ] {
            assert_eq!(get(&site.url(path))?.status, 400, "{path}");
        }
        Ok(())
    })
}

#[test]
fn entity_tags_give_304_and_differ_by_method_and_language() -> TestResult {
    on_each_backend(|_, site| {
        let mut tags = Vec::new();
        let paths = [
            "/",
            "/periods/2016-Q1",
            "/periods/2016-Q1?method=median",
            "/periods/2016-Q1/bulletin.csv",
            "/periods/2016-Q1/bulletin.xlsx",
            "/periods/2016-Q1/bulletin.json",
            "/indicators/fin.roe",
            "/indicators/fin.roe/chart.svg",
            "/methodology",
            "/api/v1/periods",
            "/api/v1/periods/2016-Q1",
            "/api/v1/periods/2016-Q1/cells?method=pooled",
            "/api/v1/indicators",
            "/api/v1/indicators/fin.roe/series",
            "/api/v1/openapi.json",
            "/static/mizan.css",
        ];
        for path in paths {
            for lang in [Lang::Fr, Lang::Ar] {
                let r = get_lang(site, path, lang)?;
                assert_eq!(r.status, 200, "{path}");
                let etag = r
                    .header("etag")
                    .ok_or(format!("no ETag on {path}"))?
                    .to_owned();
                assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
                let cc = r.header("cache-control").unwrap_or_default();
                assert!(cc.starts_with("public, max-age="), "{path}: {cc}");
                let again = get_with(
                    &site.url(path),
                    &[("Cookie", &cookie(lang)), ("If-None-Match", &etag)],
                )?;
                assert_eq!(again.status, 304, "{path}");
                assert!(again.body.is_empty());
                assert_eq!(again.header("etag"), Some(etag.as_str()));
                let weak = format!("W/{etag}, \"other\"");
                let again = get_with(
                    &site.url(path),
                    &[("Cookie", &cookie(lang)), ("If-None-Match", &weak)],
                )?;
                assert_eq!(again.status, 304, "{path} weak");
                let other = get_with(
                    &site.url(path),
                    &[("Cookie", &cookie(lang)), ("If-None-Match", "\"stale\"")],
                )?;
                assert_eq!(other.status, 200, "{path}");
                assert_eq!(other.body, r.body, "{path}: cached body differs");
                tags.push((path, lang, etag));
            }
        }
        let tag = |p: &str, l: Lang| {
            tags.iter()
                .find(|(path, lang, _)| *path == p && *lang == l)
                .map(|t| t.2.clone())
        };
        assert_ne!(
            tag("/periods/2016-Q1", Lang::Fr),
            tag("/periods/2016-Q1", Lang::Ar)
        );
        assert_ne!(
            tag("/periods/2016-Q1", Lang::Fr),
            tag("/periods/2016-Q1?method=median", Lang::Fr)
        );
        // The CSV does not depend on the language, the spreadsheet does.
        assert_eq!(
            tag("/periods/2016-Q1/bulletin.csv", Lang::Fr),
            tag("/periods/2016-Q1/bulletin.csv", Lang::Ar)
        );
        assert_ne!(
            tag("/periods/2016-Q1/bulletin.xlsx", Lang::Fr),
            tag("/periods/2016-Q1/bulletin.xlsx", Lang::Ar)
        );
        Ok(())
    })
}

pub fn assert_security_headers(r: &Resp, what: &str) {
    let csp = r.header("content-security-policy").unwrap_or_default();
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{what}: CSP {csp:?} lacks {part}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        r.header("referrer-policy"),
        Some("strict-origin-when-cross-origin"),
        "{what}"
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
}

#[test]
fn security_headers_on_every_response() -> TestResult {
    on_each_backend(|_, site| {
        let mut seen = std::collections::BTreeSet::new();
        let mut paths: Vec<&str> = PAGES.to_vec();
        paths.extend(DOWNLOADS.iter().map(|(p, _)| *p));
        paths.extend(crate::api::CALLS);
        paths.extend([
            "/static/mizan.css",
            "/robots.txt",
            "/nowhere",
            "/periods/2016-Q1?method=best",
            "/api/v1/periods/2030-Q4",
            "/lang/ar?next=//elsewhere.example",
        ]);
        for path in paths {
            let r = get(&site.url(path))?;
            assert_security_headers(&r, path);
            seen.insert(r.status);
            if let Some(etag) = r.header("etag") {
                let r304 = get_with(&site.url(path), &[("If-None-Match", etag)])?;
                assert_eq!(r304.status, 304);
                assert_security_headers(&r304, &format!("{path} (304)"));
                seen.insert(r304.status);
            }
        }
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            [200, 303, 304, 400, 404],
            "every kind of response was checked"
        );
        Ok(())
    })
}

#[test]
fn head_answers_like_get_without_a_body() -> TestResult {
    on_each_backend(|_, site| {
        for path in [
            "/",
            "/periods/2016-Q1",
            "/api/v1/periods",
            "/periods/2016-Q1/bulletin.csv",
        ] {
            let resp = crate::agent().head(&site.url(path)).call()?;
            assert_eq!(resp.status().as_u16(), 200, "{path}");
            assert!(resp.headers().contains_key("etag"), "{path}");
            let body = resp.into_body().read_to_vec()?;
            assert!(body.is_empty(), "{path}");
        }
        let post = crate::agent()
            .post(&site.url("/periods/2016-Q1"))
            .send("")?;
        assert_eq!(post.status().as_u16(), 404);
        Ok(())
    })
}

#[test]
fn no_inline_script_or_style_and_data_is_escaped() -> TestResult {
    on_each_backend(|_, site| {
        for lang in Lang::ALL {
            for path in PAGES.iter().filter(|p| !p.starts_with("/lang/")) {
                let html = get_lang(site, path, lang)?.text()?;
                assert!(!html.contains("<script"), "{path}");
                assert!(!html.contains("<style"), "{path}");
                assert!(!html.contains(" style="), "{path}");
            }
        }
        // A hostile query is escaped (it comes back only inside the language links).
        let r = get(&site.url("/methodology?x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"))?;
        let html = r.text()?;
        assert!(!html.contains("<script>alert"));
        Ok(())
    })
}

#[test]
fn the_language_switch_remembers_the_choice_in_a_cookie() -> TestResult {
    on_each_backend(|_, site| {
        let r = get(&site.url("/lang/ar?next=/periods/2016-Q1%3Fmethod%3Dpooled"))?;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), Some("/periods/2016-Q1?method=pooled"));
        let set = r.header("set-cookie").unwrap_or_default();
        assert!(set.starts_with("mizan_lang=ar;"), "{set}");
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"));
        assert_eq!(r.header("cache-control"), Some("no-store"));
        for evil in [
            "//elsewhere.example/x",
            "https://elsewhere.example/",
            "/\\elsewhere",
            "x",
        ] {
            let r = get(&site.url(&format!("/lang/en?next={}", evil.replace('/', "%2F"))))?;
            assert_eq!(r.header("location"), Some("/"), "{evil}");
        }
        // The page's links switch language and come back to the same page.
        let html = get_lang(site, "/periods/2016-Q1?method=median", Lang::Fr)?.text()?;
        assert!(html.contains("href=\"/lang/ar?next=/periods/2016-Q1%3Fmethod%3Dmedian\""));
        // Without a cookie: Accept-Language, then French.
        let en = get_with(
            &site.url("/"),
            &[("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")],
        )?;
        assert_eq!(en.header("content-language"), Some("en"));
        let other = get_with(&site.url("/"), &[("Accept-Language", "de-DE")])?;
        assert_eq!(other.header("content-language"), Some("fr"));
        let q = get_with(&site.url("/?lang=ar"), &[("Cookie", "mizan_lang=en")])?;
        assert_eq!(q.header("content-language"), Some("ar"));
        assert!(q.header("vary").unwrap_or_default().contains("Cookie"));
        Ok(())
    })
}

#[test]
fn a_revision_supersedes_the_earlier_one_which_stays_readable() -> TestResult {
    on_each_backend(|p, site| {
        let before = get_lang(site, "/periods/2016-Q1", Lang::Fr)?;
        p.republish()?;
        let current = get_lang(site, "/periods/2016-Q1", Lang::Fr)?;
        assert_ne!(before.header("etag"), current.header("etag"));
        let html = current.text()?;
        assert!(
            html.contains("Publié le 5 août 2016 à 05:37 (révision 2)"),
            "{html}"
        );
        assert!(html.contains("Déclaration corrigée d&#39;une institution"));
        assert!(!html.contains("Cette révision est remplacée"));
        let old = get_lang(site, "/periods/2016-Q1?revision=1", Lang::Fr)?.text()?;
        assert!(old.contains("Publié le 13 juin 2016 à 03:28 (révision 1)"));
        assert!(old.contains(
            "Cette révision est remplacée par la révision 2, publiée le 5 août 2016 à 05:37."
        ));
        let list = get_lang(site, "/periods/2016-Q1/revisions", Lang::En)?.text()?;
        assert!(list.contains("revision 2") && list.contains("revision 1"));
        assert!(list.contains("current") && list.contains("superseded"));
        assert!(list.contains("Déclaration corrigée"));
        let home = get_lang(site, "/", Lang::Fr)?.text()?;
        assert!(home.contains("révision 2"));
        // Downloads of either revision.
        let r1 = get(&site.url("/periods/2016-Q1/bulletin.csv?revision=1"))?;
        let r2 = get(&site.url("/periods/2016-Q1/bulletin.csv"))?;
        assert_eq!((r1.status, r2.status), (200, 200));
        assert_ne!(r1.body, r2.body);
        let api: serde_json::Value =
            serde_json::from_slice(&get(&site.url("/api/v1/periods"))?.body)?;
        assert_eq!(api["periods"][0]["revision"], 2);
        assert_eq!(api["periods"][0]["revisions"][0]["current"], false);
        Ok(())
    })
}

/// A snapshot whose cells disclosure control withheld (made here by hand: the disclosure
/// rules belong to another module) is shown with the symbol and the note, exported empty with
/// the flag, and left out of the chart.
#[test]
fn suppressed_cells_are_a_symbol_with_a_note() -> TestResult {
    on_each_backend(|p, site| {
        let index = mizan_service::publication::published_quarters(&p.app, "apsfd-ci")?;
        let mut table = load_public_table(&p.app, index.first().ok_or("none")?.latest.id)?;
        let q2 = mizan_core::Period::parse("2016-Q2")?;
        table.period = q2;
        let mut hidden = 0;
        for row in table.rows.iter_mut().filter(|r| r.code == "fin.par30") {
            for cell in row.cells.iter_mut().filter(|c| c.group == "sa") {
                for f in [&mut cell.published, &mut cell.pooled, &mut cell.median] {
                    f.value = None;
                    f.suppressed = true;
                    hidden += 1;
                }
                cell.n_compliant = None;
            }
        }
        table.suppressed_cells = hidden;
        let json = serde_json::to_string(&table)?;
        let mut conn = p.app.conn()?;
        mizan_storage::periods::ensure_period(&mut conn, q2, "test", table.published_at)?;
        insert_publication(
            &mut conn,
            &NewPublication {
                framework: "apsfd-ci",
                period: q2,
                framework_version: &table.framework_version,
                published_at: table.published_at,
                published_by: "test",
                note: None,
                public_table: &json,
                staff_table: "{}",
                disclosure: "{}",
                public_sha256: &mizan_service::returns::sha256_hex(json.as_bytes()),
                submissions: &[],
            },
        )?;
        let html = get_lang(site, "/periods/2016-Q2", Lang::Fr)?.text()?;
        assert!(html.contains("<abbr class=\"supp\" title=\"Secret statistique"));
        assert!(html.contains("<li>c : Secret statistique"));
        // The sector cell of the same row is still shown.
        assert!(html.contains("14,34\u{202F}%"));
        let csv = get(&site.url("/periods/2016-Q2/bulletin.csv"))?.text()?;
        assert!(csv.contains("2016-Q2,fin.par30,sa,,10,,true"), "{csv}");
        let series: serde_json::Value =
            serde_json::from_slice(&get(&site.url("/api/v1/indicators/fin.par30/series"))?.body)?;
        assert_eq!(series["points"].as_array().map(Vec::len), Some(2));
        assert_eq!(series["points"][1]["cells"][0]["suppressed"], true);
        assert!(series["points"][1]["cells"][0]["value"].is_null());
        let page = get_lang(site, "/indicators/fin.par30", Lang::En)?.text()?;
        assert!(page.contains("Q1 2016") && page.contains("Q2 2016"));
        assert!(page.contains("<abbr class=\"supp\""));
        let _ = q1()?;
        Ok(())
    })
}

/// The public side reads published snapshots only: its code never names the live or staff
/// tables, nor the per-institution use cases.
#[test]
fn the_web_code_names_no_live_or_staff_table() -> TestResult {
    let src = crate::root().join("crates/web/src");
    let mut files = vec![];
    // The public side: its modules and the API. The signed-in modules (space, staff, loans)
    // read per-institution data only through `mizan_service::member` and the back office,
    // which apply the access rule themselves.
    let public = [
        "lib.rs",
        "views.rs",
        "state.rs",
        "chart.rs",
        "http.rs",
        "format.rs",
        "error.rs",
        "i18n.rs",
    ];
    for name in public {
        files.push(src.join(name));
    }
    for folder in ["api", "pages"] {
        for entry in std::fs::read_dir(src.join(folder))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 13);
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        for banned in [
            "ConsolidatedTable",
            "consolidated_table",
            "staff_view",
            "staff_table",
            "institution_indicators",
            "period_returns",
            "institutions_csv",
        ] {
            assert!(!text.contains(banned), "{} names {banned}", path.display());
        }
    }
    Ok(())
}
