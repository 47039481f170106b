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
        // The workbook and the spreadsheet CSV mark it with the page's symbol, its n, and the
        // page's legend of the symbol.
        let xlsx = get_lang(site, "/periods/2016-Q2/bulletin.xlsx", Lang::Fr)?.body;
        let book = read_workbook(&xlsx)?;
        let (_, rows) = book.first().ok_or("no sheet")?;
        let row = sheet_row(rows, par30_label(Lang::Fr))?;
        assert_eq!(text_of(row.get(3)), "c");
        assert_eq!(row.get(4), Some(&calamine::Data::Float(10.0)));
        assert!(
            matches!(row.get(6), Some(calamine::Data::Float(_))),
            "sector shown"
        );
        assert!(
            rows.iter()
                .any(|r| text_of(r.first()).starts_with("c : Secret statistique")),
            "the legend"
        );
        let sheet_csv = get_lang(site, "/periods/2016-Q2/bulletin-sheet.csv", Lang::Fr)?.text()?;
        assert!(
            sheet_csv.contains(
                "1.1;Portefeuille à risque ≥ 30 jours;< 5 %;Sociétés anonymes;c;%;10;;Secret statistique"
            ),
            "{sheet_csv}"
        );
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

/// A bulletin page's download link to `file` (`bulletin.xlsx`), as the page writes it.
fn download_link(html: &str, file: &str) -> Res<String> {
    let at = html
        .find(&format!("/{file}?"))
        .ok_or_else(|| format!("no link to {file}"))?;
    let start = html[..at].rfind("href=\"").ok_or("no href")? + "href=\"".len();
    let end = start + html[start..].find('"').ok_or("an unterminated href")?;
    Ok(html[start..end].replace("&#38;", "&"))
}

/// The texts between `open` and `close` in `html`, in order.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .filter_map(|part| part.split_once(close).map(|(inside, _)| inside))
        .collect()
}

/// One figure of a bulletin row as the page shows it: value (the withheld symbol's `<abbr>`
/// reduced to the symbol), `n = …`, the count of compliance.
#[derive(Debug)]
struct PageCell {
    value: String,
    n: String,
    compliant: Option<String>,
}

/// The figures of the bulletin row labelled `label` on a page.
fn page_row(html: &str, label: &str) -> Res<Vec<PageCell>> {
    let at = html
        .find(&format!(">{}</a>", askama_escape(label)))
        .ok_or_else(|| format!("no row {label}"))?;
    let row = html[at..].split("</tr>").next().unwrap_or_default();
    Ok(row
        .split("<td class=\"fig\">")
        .skip(1)
        .map(|td| PageCell {
            value: between(td, "dir=\"ltr\">", "</bdi>")
                .first()
                .map(|v| (*v).to_owned())
                .or_else(|| {
                    td.split_once("</abbr>")
                        .and_then(|(a, _)| a.rsplit_once('>'))
                        .map(|(_, symbol)| symbol.to_owned())
                })
                .unwrap_or_default(),
            n: between(td, "<span class=\"n\">", "</span>")
                .first()
                .map(|v| (*v).to_owned())
                .unwrap_or_default(),
            compliant: between(td, "<span class=\"k\">", "</span>")
                .first()
                .map(|v| (*v).to_owned()),
        })
        .collect())
}

/// A workbook's sheets, read back with calamine: names and cells.
type Sheets = Vec<(String, Vec<Vec<calamine::Data>>)>;

fn read_workbook(bytes: &[u8]) -> Res<Sheets> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name)?;
        if range.start() != Some((0, 0)) {
            return Err(format!("{name} starts at {:?}", range.start()).into());
        }
        sheets.push((name, range.rows().map(<[_]>::to_vec).collect()));
    }
    Ok(sheets)
}

/// A part of a workbook (`xl/styles.xml`) as text.
fn workbook_part(bytes: &[u8], name: &str) -> Res<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut text = String::new();
    zip.by_name(name)?.read_to_string(&mut text)?;
    Ok(text)
}

fn text_of(cell: Option<&calamine::Data>) -> String {
    match cell {
        Some(calamine::Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The row of a sheet whose indicator column (B) is `label`.
fn sheet_row<'a>(rows: &'a [Vec<calamine::Data>], label: &str) -> Res<&'a [calamine::Data]> {
    rows.iter()
        .find(|r| text_of(r.get(1)) == label)
        .map(Vec::as_slice)
        .ok_or_else(|| format!("no row {label} in the workbook").into())
}

fn par30_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Portefeuille à risque ≥ 30 jours",
        Lang::En => "Portfolio at risk ≥ 30 days",
        Lang::Ar => "المحفظة المعرضة للخطر ≥ 30 يوما",
    }
}

/// The percent sign as each language writes it after a figure.
fn percent(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Fr => (",", "\u{202F}%"),
        Lang::En => (".", "%"),
        Lang::Ar => (",", "\u{A0}%"),
    }
}

/// The bulletin workbook, downloaded from the page's own link in each language, says what the
/// page says: the heading with the quarter in words, the column headings, each figure of a
/// row (a percentage is the fraction with a percentage format, shown by the page as the
/// percent), its n and count of compliance in cells of their own, the footnotes, the legend,
/// the reporting institutions in order of reception; A4 landscape one page wide with the
/// header rows repeated, right to left in Arabic.
#[test]
fn the_workbook_says_what_the_page_says() -> TestResult {
    on_each_backend(|_, site| {
        for lang in Lang::ALL {
            let html = get_lang(site, "/periods/2016-Q1", lang)?.text()?;
            let link = download_link(&html, "bulletin.xlsx")?;
            assert!(link.ends_with(&format!("&lang={}", lang.tag())), "{link}");
            let r = get(&site.url(&link))?;
            assert_eq!(r.status, 200, "{link}");
            let d = r.header("content-disposition").unwrap_or_default();
            assert!(d.contains(&format!("-{}.xlsx", lang.tag())), "{d}");
            let sheets = read_workbook(&r.body)?;
            let [(name, table), (_, reporting)] = sheets.as_slice() else {
                return Err(format!("{} sheets", sheets.len()).into());
            };
            // The title is the page's heading, with the quarter in words.
            let title = text_of(table.first().and_then(|r| r.first()));
            assert!(
                html.contains(&format!("<h1>{}</h1>", askama_escape(&title))),
                "{lang}: {title}"
            );
            let words = match lang {
                Lang::Fr => "T1 2016",
                Lang::En => "Q1 2016",
                Lang::Ar => "ف1 2016",
            };
            assert_eq!(name, words);
            assert!(
                title.ends_with(words) && !title.contains("2016-Q1"),
                "{title}"
            );
            // No empty heading: number, indicator, norms, then each group over 3 columns.
            let head = table.get(3).ok_or("no header row")?;
            for c in 0..3 {
                let h = text_of(head.get(c));
                assert!(
                    !h.is_empty() && html.contains(&format!(">{}</th>", askama_escape(&h))),
                    "{lang}: heading {c} {h:?}"
                );
            }
            // PAR 30: every figure, n and count of compliance as on the page.
            let label = par30_label(lang);
            let row = sheet_row(table, label)?;
            let cells = page_row(&html, label)?;
            assert_eq!(cells.len(), 3, "{lang}: {cells:?}");
            let (mark, sign) = percent(lang);
            for (i, page) in cells.iter().enumerate() {
                let at = 3 + 3 * i;
                let Some(calamine::Data::Float(fraction)) = row.get(at) else {
                    return Err(format!("{lang}: not a number: {:?}", row.get(at)).into());
                };
                assert!(*fraction > 0.0 && *fraction < 1.0, "{fraction}");
                let shown = format!("{:.2}", fraction * 100.0).replace('.', mark);
                assert_eq!(page.value, format!("{shown}{sign}"), "{lang} column {i}");
                let Some(calamine::Data::Float(n)) = row.get(at + 1) else {
                    return Err(format!("{lang}: no n: {:?}", row.get(at + 1)).into());
                };
                assert_eq!(page.n, format!("n = {n}"), "{lang} column {i}");
                match (row.get(at + 2), &page.compliant) {
                    (Some(calamine::Data::Float(k)), Some(text)) => {
                        assert!(text.starts_with(&format!("{k} ")), "{lang}: {k} {text}");
                    }
                    (Some(calamine::Data::Empty) | None, None) => {}
                    (cell, page) => return Err(format!("{lang}: {cell:?} {page:?}").into()),
                }
            }
            // Number formats: percentages as percentages, counts with thousands separators.
            let styles = workbook_part(&r.body, "xl/styles.xml")?;
            assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
            assert!(styles.contains("formatCode=\"#,##0\""), "{styles}");
            // Footnotes and legend: the page's.
            let texts: Vec<String> = table.iter().map(|r| text_of(r.first())).collect();
            let notes: Vec<&String> = texts.iter().filter(|t| t.starts_with("[1] ")).collect();
            assert_eq!(notes.len(), 1, "{lang}: {notes:?}");
            for n in notes {
                assert!(
                    html.contains(&format!("id=\"note-1\">{}</p>", askama_escape(n))),
                    "{lang}: {n}"
                );
            }
            let legend = between(&html, "<ul class=\"legend\">", "</ul>");
            let items = between(legend.first().ok_or("no legend")?, "<li>", "</li>");
            assert!(items.len() >= 3, "{items:?}");
            for item in items {
                assert!(
                    texts.iter().any(|t| askama_escape(t) == item),
                    "{lang}: legend {item}"
                );
            }
            // The reporting institutions, group by group in order of reception.
            let section = between(&html, "<section class=\"reporting\">", "</section>");
            let section = section.first().ok_or("no reporting section")?;
            let page_names: Vec<&str> = between(section, "<li><bdi>", "</bdi></li>");
            let book_names: Vec<String> = reporting
                .iter()
                .filter(|r| matches!(r.first(), Some(calamine::Data::Float(_))))
                .map(|r| askama_escape(&text_of(r.get(1))))
                .collect();
            assert!(page_names.len() >= 21, "{page_names:?}");
            assert_eq!(book_names, page_names, "{lang}");
            for title in between(section, "<h2 class=\"group\">", "</h2>") {
                assert!(
                    reporting
                        .iter()
                        .any(|r| askama_escape(&text_of(r.first())) == title),
                    "{lang}: {title}"
                );
            }
            // Printing and reading direction.
            let sheet1 = workbook_part(&r.body, "xl/worksheets/sheet1.xml")?;
            assert!(sheet1.contains("paperSize=\"9\""), "{sheet1}");
            assert!(sheet1.contains("orientation=\"landscape\""));
            assert!(sheet1.contains("fitToHeight=\"0\""));
            assert_eq!(sheet1.contains("rightToLeft=\"1\""), lang == Lang::Ar);
            let workbook = workbook_part(&r.body, "xl/workbook.xml")?;
            assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
        }
        Ok(())
    })
}

/// The spreadsheet CSV, from the page's own link: for a French or Arabic spreadsheet UTF-8
/// with a byte-order mark, `;` between fields and a decimal comma; for an English one `,` and
/// a decimal point; headings and labels in the reader's language; each figure of a row as the
/// page shows it, with its unit, n and count of compliance.
#[test]
fn the_spreadsheet_csv_opens_as_numbers_in_the_readers_spreadsheet() -> TestResult {
    on_each_backend(|_, site| {
        let mut etags = Vec::new();
        for lang in Lang::ALL {
            let html = get_lang(site, "/periods/2016-Q1", lang)?.text()?;
            let link = download_link(&html, "bulletin-sheet.csv")?;
            assert!(link.ends_with(&format!("&lang={}", lang.tag())), "{link}");
            let r = get(&site.url(&link))?;
            assert_eq!(r.status, 200);
            assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
            let body = r
                .body
                .strip_prefix(b"\xEF\xBB\xBF")
                .ok_or("no byte-order mark")?;
            let (delimiter, mark) = match lang {
                Lang::En => (b',', "."),
                Lang::Fr | Lang::Ar => (b';', ","),
            };
            let header = std::str::from_utf8(body)?
                .lines()
                .next()
                .unwrap_or_default();
            let expected_header = match lang {
                Lang::Fr => "N°;Indicateur;Normes;Catégorie;Valeur;Unité;n;Conformes;Remarque",
                Lang::En => "No.,Indicator,Norms,Group,Value,Unit,n,Meeting the norm,Remark",
                Lang::Ar => "الرقم;المؤشر;المعايير;الفئة;القيمة;الوحدة;n;مطابقة للمعيار;ملاحظة",
            };
            assert_eq!(header, expected_header, "{lang}");
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .from_reader(body);
            let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
            let label = par30_label(lang);
            let par30: Vec<&csv::StringRecord> =
                records.iter().filter(|r| r.get(1) == Some(label)).collect();
            let cells = page_row(&html, label)?;
            assert_eq!(par30.len(), cells.len(), "{lang}");
            let (_, sign) = percent(lang);
            for (record, page) in par30.iter().zip(&cells) {
                let value = record.get(4).unwrap_or_default();
                assert!(value.contains(mark), "{lang}: {value}");
                assert_eq!(record.get(5), Some("%"));
                assert_eq!(page.value, format!("{value}{sign}"), "{lang}");
                assert_eq!(page.n, format!("n = {}", record.get(6).unwrap_or_default()));
                match (record.get(7), &page.compliant) {
                    (Some(""), None) => {}
                    (Some(k), Some(text)) => assert!(text.starts_with(&format!("{k} "))),
                    other => return Err(format!("{lang}: {other:?}").into()),
                }
            }
            // A known figure of the golden Q1, and a negative one, as the spreadsheet reads them.
            let values: Vec<&str> = records.iter().filter_map(|r| r.get(4)).collect();
            assert!(values.contains(&format!("4{mark}41").as_str()), "{lang}");
            assert!(values.contains(&format!("-69{mark}60").as_str()), "{lang}");
            assert!(values.contains(&"1850679"), "{lang}: no digit grouping");
            etags.push(r.header("etag").unwrap_or_default().to_owned());
        }
        // One file per language: their entity tags differ.
        etags.sort();
        etags.dedup();
        assert_eq!(etags.len(), 3, "{etags:?}");
        let fr = get_lang(site, "/periods/2016-Q1", Lang::Fr)?.text()?;
        let body = get(&site.url(&download_link(&fr, "bulletin-sheet.csv")?))?.body;
        assert!(body.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&body)?;
        assert!(
            text.contains("1.1;Portefeuille à risque ≥ 30 jours;< 5 %;Sociétés anonymes;"),
            "{text}"
        );
        Ok(())
    })
}

/// The CSV for programs keeps its header and codes: no byte-order mark, `,` and a decimal
/// point, no figure finer than the page shows it, the same in every language.
#[test]
fn the_csv_for_programs_is_stable_and_at_published_precision() -> TestResult {
    on_each_backend(|_, site| {
        let fr = get_lang(site, "/periods/2016-Q1", Lang::Fr)?.text()?;
        let link = download_link(&fr, "bulletin.csv")?;
        assert!(!link.contains("lang="), "{link}");
        let body = get(&site.url(&link))?.body;
        assert!(!body.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&body)?;
        assert_eq!(
            text.lines().next(),
            Some("period,indicator,group,value,n,n_compliant,suppressed")
        );
        let mut reader = csv::Reader::from_reader(body.as_slice());
        let mut figures = 0;
        for record in reader.records() {
            let record = record?;
            let value = record.get(3).unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            let decimal: rust_decimal::Decimal = value.parse()?;
            assert!(decimal.scale() <= 2, "{value} is finer than the page");
            figures += 1;
        }
        assert!(figures > 100, "{figures}");
        assert!(text.contains("2016-Q1,fin.par30,"), "codes");
        assert!(text.contains(",4.41,"), "a decimal point");
        let en = get_lang(site, "/periods/2016-Q1/bulletin.csv", Lang::Ar)?.body;
        assert_eq!(en, body, "the same in every language");
        Ok(())
    })
}
