//! No public response holds a single institution's figures.
//!
//! After the Q1 2016 fixture is imported and published, every institution's own figures are
//! computed the way staff see them: each indicator's value, numerator and denominator
//! (`institution_indicators`), each reported item, and each total and derived value of its
//! return. Each figure is rendered in every way it could appear in a response: the exact
//! decimal, the display-rounded decimal for its display kind, and that figure written in
//! French, English and Arabic (and, for amounts and counts, as a whole number).
//!
//! The rule for what is looked for — a rendering is **dropped** when:
//! 1. it coincides with a rendering (any display kind, any language) of a published figure:
//!    any row, column and method of any published revision — it is then the aggregate, and
//!    finding it proves nothing (a median is one institution's value by construction; a
//!    column of one institution is disclosure control's business); or
//! 2. it is too short to mean anything: fewer than 4 significant digits (leading zeros and
//!    separators not counted), except a percentage written with its `%` sign, which needs 3
//!    (`3,27 %` is specific; `327` or `0.18` are everywhere: n, years, coordinates); or
//! 3. it is a round figure: a whole multiple of 100 once rounded for display (`1 200`), the
//!    kind of value chart axes are labelled with.
//!
//! Every remaining rendering is searched in every public body (HTML pages in three
//! languages and three methods, CSV, JSON, the XML of every XLSX part, the SVG charts, every
//! API answer, the SDMX data and structure) — in the text content only for XML and SVG, whose attributes are drawing
//! coordinates and shape ids, not figures — as a whole number: not preceded by a digit or a digit separator, not followed
//! by a digit or by a separator and a digit (so `4,41` is not found inside `14,41` nor
//! `4,412`).

use std::collections::BTreeSet;
use std::io::Read;

use mizan_core::framework::{DisplayKind, Unit};
use mizan_core::{Decimal, Lang, Values};
use mizan_ratios::{Method, display_value};
use mizan_service::consolidation::{institution_indicators, period_returns};
use mizan_service::publication::{load_public_table, published_quarters};
use mizan_web::format;

use crate::pages::get_lang;
use crate::{Res, Site, TestResult, get, on_each_backend, q1};

const KINDS: [DisplayKind; 4] = [
    DisplayKind::Percent,
    DisplayKind::Integer,
    DisplayKind::Thousands,
    DisplayKind::Rate,
];

/// Every way a figure shown as `display` could be written.
fn renderings(value: Decimal, display: DisplayKind) -> Vec<String> {
    let mut out = vec![
        value.normalize().to_string(),
        display_value(display, value).to_string(),
    ];
    for lang in Lang::ALL {
        out.push(format::figure(display, value, lang));
        out.push(format::decimal(display_value(display, value), lang));
    }
    out
}

fn significant_digits(s: &str) -> usize {
    s.chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count()
}

fn meaningful(r: &str) -> bool {
    let d = significant_digits(r);
    d >= 4 || (r.ends_with('%') && d >= 3)
}

fn is_sep(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{202F}' | '\u{A0}')
}

/// The numbers written in a text, as whole numbers: a run of digits and of separators between
/// digits, with a leading minus sign, not preceded by a digit or a separator; `%` is appended
/// when the number is followed by a percent sign (directly or after a no-break space).
fn numbers(text: &str, out: &mut std::collections::HashMap<String, usize>, body: usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let digit_start = c.is_ascii_digit();
        let minus_start = c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(digit_start || minus_start) || prev.is_some_and(|p| p.is_ascii_digit() || is_sep(p)) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit()
                || (is_sep(c) && chars.get(i + 1).is_some_and(char::is_ascii_digit))
            {
                i += 1;
            } else {
                break;
            }
        }
        let mut token: String = chars[start..i].iter().collect();
        let pct = matches!(
            (chars.get(i), chars.get(i + 1)),
            (Some('%'), _) | (Some('\u{202F}' | '\u{A0}'), Some('%'))
        );
        out.entry(token.clone()).or_insert(body);
        if pct {
            token.push('%');
            out.entry(token).or_insert(body);
        }
    }
}

/// The token a rendering must equal to be found: its number, with `%` when it is a percentage.
fn token_of(rendering: &str) -> String {
    match rendering.strip_suffix('%') {
        Some(n) => format!("{}%", n.trim_end_matches(['\u{202F}', '\u{A0}'])),
        None => rendering.to_owned(),
    }
}

#[test]
fn numbers_are_read_whole() {
    let mut found = std::collections::HashMap::new();
    numbers(
        "<td>14,41\u{202F}%</td><v>4.412</v> 1\u{202F}850\u{202F}679 x-2.5 18506790 3.27%",
        &mut found,
        0,
    );
    let has = |r: &str| found.contains_key(&token_of(r));
    assert!(has("14,41\u{202F}%") && !has("4,41\u{202F}%"));
    assert!(has("4.412") && !has("4.41"));
    assert!(has("1\u{202F}850\u{202F}679") && !has("850\u{202F}679"));
    assert!(has("-2.5") && has("18506790") && !has("1850679"));
    assert!(has("3.27%") && has("3.27"));
    assert!(meaningful("3,27\u{202F}%") && !meaningful("327") && !meaningful("0.18"));
    assert!(meaningful("1\u{202F}850") && meaningful("0.001234"));
}

/// Every institution's figures that the rule keeps, with where each comes from.
fn secrets(p: &crate::Platform) -> Res<Vec<(String, String)>> {
    let app = &p.app;
    let period = q1()?;
    let fw = app.framework("apsfd-ci", period)?;
    // Published figures, every revision, row, column, method, display kind.
    let mut published: BTreeSet<String> = BTreeSet::new();
    for q in published_quarters(app, "apsfd-ci")? {
        for rec in &q.revisions {
            let table = load_public_table(app, rec.id)?;
            for row in &table.rows {
                for cell in &row.cells {
                    for m in Method::ALL {
                        if let Some(v) = cell.figure(m).value {
                            for k in KINDS {
                                published.extend(renderings(v, k));
                            }
                        }
                    }
                }
            }
        }
    }
    let mut figures: Vec<(String, Decimal, DisplayKind)> = Vec::new();
    for inst in institution_indicators(app, &mizan_service::Actor::system(), "apsfd-ci", period)? {
        for v in &inst.indicators {
            let display = fw
                .indicator(v.indicator.as_str())
                .map_or(DisplayKind::Integer, |i| i.display);
            let who = format!("{} {}", inst.code, v.indicator);
            if let Some(x) = v.eval.value {
                figures.push((who.clone(), x, display));
            }
            for part in [v.eval.numerator, v.eval.denominator].into_iter().flatten() {
                figures.push((format!("{who} (part)"), part, DisplayKind::Integer));
            }
        }
    }
    for (_, ret) in period_returns(app, &mizan_service::Actor::system(), "apsfd-ci", period)? {
        let values = Values::new(fw, &ret.values);
        for item in &fw.items {
            if let Some(x) = values.get(&item.code) {
                let display = if item.unit == Unit::Rate {
                    DisplayKind::Rate
                } else {
                    DisplayKind::Integer
                };
                figures.push((format!("{} {}", ret.code, item.code), x, display));
            }
        }
        for d in &fw.derived {
            if let Some(x) = values.get(&d.code) {
                figures.push((format!("{} {}", ret.code, d.code), x, DisplayKind::Integer));
            }
        }
    }
    let mut out = BTreeSet::new();
    for (who, x, display) in figures {
        let mut kinds = vec![display];
        if display == DisplayKind::Integer {
            kinds.push(DisplayKind::Thousands);
        }
        for k in kinds {
            let shown = display_value(k, x);
            if shown.fract().is_zero() && (shown % Decimal::ONE_HUNDRED).is_zero() {
                continue;
            }
            for r in renderings(x, k) {
                if meaningful(&r) && !published.contains(&r) {
                    out.insert((r, who.clone()));
                }
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// The text of an XML document without its markup (tags and attributes).
fn text_content(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 2);
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every public body of the site: pages, downloads (spreadsheets as their XML), charts, API.
fn public_bodies(site: &Site, codes: &[String]) -> Res<Vec<(String, String)>> {
    let mut bodies = Vec::new();
    let mut add = |what: String, body: String| bodies.push((what, body));
    for lang in Lang::ALL {
        for path in [
            "/",
            "/periods/2016-Q1/revisions",
            "/indicators",
            "/methodology",
        ] {
            add(
                format!("{path} {lang}"),
                get_lang(site, path, lang)?.text()?,
            );
        }
        for m in Method::ALL {
            let m = m.code();
            for path in [
                format!("/periods/2016-Q1?method={m}"),
                format!("/periods/2016-Q1?method={m}&revision=1"),
            ] {
                add(
                    format!("{path} {lang}"),
                    get_lang(site, &path, lang)?.text()?,
                );
            }
            let xlsx = get_lang(
                site,
                &format!("/periods/2016-Q1/bulletin.xlsx?method={m}"),
                lang,
            )?;
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.body))?;
            let mut xml = String::new();
            for i in 0..zip.len() {
                let mut f = zip.by_index(i)?;
                let name = f.name()?.to_string();
                if name.ends_with(".xml") || name.ends_with(".vml") {
                    f.read_to_string(&mut xml)?;
                }
            }
            add(format!("xlsx {m} {lang}"), text_content(&xml));
            for code in codes {
                let page = format!("/indicators/{code}?method={m}");
                add(
                    format!("{page} {lang}"),
                    get_lang(site, &page, lang)?.text()?,
                );
                let svg = format!("/indicators/{code}/chart.svg?method={m}");
                add(
                    format!("{svg} {lang}"),
                    text_content(&get_lang(site, &svg, lang)?.text()?),
                );
                if lang == Lang::Fr {
                    let path = format!("/api/v1/indicators/{code}/series?method={m}");
                    add(path.clone(), get(&site.url(&path))?.text()?);
                }
            }
        }
        add(
            format!("/api/v1/indicators {lang}"),
            get_lang(site, "/api/v1/indicators", lang)?.text()?,
        );
    }
    for m in Method::ALL {
        let m = m.code();
        for path in [
            format!("/periods/2016-Q1/bulletin.csv?method={m}"),
            format!("/periods/2016-Q1/bulletin.json?method={m}"),
            format!("/api/v1/periods/2016-Q1/cells?method={m}"),
        ] {
            add(path.clone(), get(&site.url(&path))?.text()?);
        }
    }
    for path in [
        "/api/v1/periods",
        "/api/v1/periods/2016-Q1",
        "/api/v1/openapi.json",
        "/api/v1/sdmx/structure",
    ] {
        add(path.to_owned(), get(&site.url(path))?.text()?);
    }
    // The SDMX-CSV data, field by field: its numbers sit side by side (the quarter, the figure,
    // n and the compliant count), and `2016-Q1,109` is the quarter and 109, not `1,109`.
    for path in [
        "/periods/2016-Q1/bulletin.sdmx.csv",
        "/periods/2016-Q1/bulletin.sdmx.csv?revision=1",
        "/api/v1/periods/2016-Q1/sdmx",
    ] {
        add(
            path.to_owned(),
            get(&site.url(path))?.text()?.replace(',', " ; "),
        );
    }
    Ok(bodies)
}

#[test]
fn no_public_response_contains_an_institutions_figures() -> TestResult {
    on_each_backend(|p, site| {
        let secrets = secrets(p)?;
        assert!(
            secrets.len() > 1000,
            "only {} renderings to look for",
            secrets.len()
        );
        let fw = p.app.framework("apsfd-ci", q1()?)?;
        let mut codes: Vec<String> = Vec::new();
        for ind in &fw.indicators {
            codes.push(ind.code.to_string());
            if ind.components.is_some() {
                codes.push(format!("{}.a", ind.code));
                codes.push(format!("{}.b", ind.code));
            }
        }
        let bodies = public_bodies(site, &codes)?;
        assert!(bodies.len() > 1000, "{} bodies", bodies.len());
        let mut found = std::collections::HashMap::new();
        for (i, (_, body)) in bodies.iter().enumerate() {
            numbers(body, &mut found, i);
        }
        // The search would find them: the published figures themselves are there, in each
        // way of writing.
        for published in [
            "1\u{202F}850\u{202F}679",
            "1,850,679",
            "1.850.679",
            "1850679",
            "4,41\u{202F}%",
            "4.41%",
        ] {
            assert!(found.contains_key(&token_of(published)), "{published}");
        }
        // And would find an institution's figure written into a page.
        for (needle, _) in secrets.iter().step_by(97) {
            let mut probe = std::collections::HashMap::new();
            numbers(&format!("<td class=\"fig\">{needle}</td>"), &mut probe, 0);
            assert!(probe.contains_key(&token_of(needle)), "{needle:?}");
        }
        println!(
            "leak test on {}: {} renderings of institutions' figures searched in {} bodies",
            p.backend,
            secrets.len(),
            bodies.len()
        );
        let mut leaks = Vec::new();
        for (needle, who) in &secrets {
            if let Some(&i) = found.get(&token_of(needle)) {
                leaks.push(format!("{who}: {needle:?} in {}", bodies[i].0));
            }
        }
        assert!(
            leaks.is_empty(),
            "{} leak(s):\n{}",
            leaks.len(),
            leaks.join("\n")
        );
        Ok(())
    })
}
