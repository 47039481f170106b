//! An indicator's series for people (issue 14): the chart (the norm drawn at its level, the
//! axis from zero, every point above the legend), the quartile band only where disclosure
//! control allows it, the tidy CSV of the series, and the latest quarter in words.

use mizan_core::{Decimal, Lang, Period};
use mizan_ratios::Method;
use mizan_service::Actor;
use mizan_service::publication::{Guard, PublicCell, load_public_table, published_quarters};

use crate::pages::get_lang;
use crate::{Platform, Res, TestResult, data, get, on_each_backend, q1};

/// The value of attribute `name` in an element's tag.
fn attr(tag: &str, name: &str) -> Option<f64> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()?.parse().ok()
}

/// Every `<text>` of an SVG: (x, y, content trimmed).
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let (tag, rest) = t.split_once('>')?;
            let content = rest.split("</text").next()?.trim().to_owned();
            Some((attr(tag, "x")?, attr(tag, "y")?, content))
        })
        .collect()
}

/// The y of the first point of every polyline stroked with `colour`.
fn polyline_ys(svg: &str, colour: &str) -> Vec<f64> {
    svg.split("<polyline")
        .skip(1)
        .filter(|el| el.contains(&format!("stroke=\"{colour}\"")))
        .filter_map(|el| {
            let pts = el.split("points=\"").nth(1)?.split('"').next()?;
            pts.split_whitespace()
                .next()?
                .split_once(',')?
                .1
                .parse()
                .ok()
        })
        .collect()
}

/// A French axis label (`4,5 %`, `0 %`) as a number.
fn axis_value(label: &str) -> Option<f64> {
    let n = label.strip_suffix("\u{202F}%")?.replace(',', ".");
    n.parse().ok()
}

#[test]
fn the_chart_draws_the_norm_at_its_level_from_zero_and_every_point_above_the_legend() -> TestResult
{
    on_each_backend(|_, site| {
        let r = get_lang(site, "/indicators/fin.par30/chart.svg", Lang::Fr)?;
        assert_eq!(r.status, 200);
        let svg = r.text()?;
        let texts = texts(&svg);
        // The y axis: its labels (x left of the plot) from which the scale is read.
        let axis: Vec<(f64, f64)> = texts
            .iter()
            .filter(|(x, _, _)| *x < 90.0)
            .filter_map(|(_, y, t)| Some((axis_value(t)?, *y)))
            .collect();
        assert!(axis.len() >= 3, "{axis:?}");
        let (lowest, y_lowest) = axis
            .iter()
            .copied()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .ok_or("no axis")?;
        assert!(
            lowest.abs() < f64::EPSILON,
            "a rate's axis starts at 0: {axis:?}"
        );
        let (highest, y_highest) = axis
            .iter()
            .copied()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .ok_or("no axis")?;
        let y_of = |v: f64| y_lowest + (y_highest - y_lowest) * (v - lowest) / (highest - lowest);
        // The norm (< 5 %) is a dashed red line at 5 % on that scale.
        let norm = polyline_ys(&svg, "#B71C1C");
        assert!(
            norm.iter().filter(|y| (*y - y_of(5.0)).abs() < 2.0).count() > 5,
            "{norm:?} vs {}",
            y_of(5.0)
        );
        // The legend (the columns and the norm) is below the plot; every point's marker is
        // above it, the last one included, and inside the plot.
        let legend_top = texts
            .iter()
            .filter(|(_, _, t)| t == "SFD du secteur" || t == "Norme : &lt; 5 %")
            .map(|(_, y, _)| *y)
            .fold(f64::INFINITY, f64::min);
        assert!(legend_top.is_finite(), "no legend in {svg}");
        let circles: Vec<(f64, f64)> = svg
            .split("<circle")
            .skip(1)
            .filter_map(|c| {
                let tag = c.split('>').next()?;
                Some((attr(tag, "cx")?, attr(tag, "cy")?))
            })
            .collect();
        // One quarter, three columns (two peer groups and the sector).
        assert_eq!(circles.len(), 3, "{svg}");
        for (x, y) in circles {
            assert!(
                y + 4.0 < legend_top - 8.0,
                "marker at {y}, legend at {legend_top}"
            );
            assert!(y < y_of(0.0) && x > 90.0 && x < 750.0, "({x}, {y})");
        }
        Ok(())
    })
}

#[test]
fn a_quartile_of_a_small_group_is_never_served() -> TestResult {
    on_each_backend(|p, site| {
        let fw = p.app.framework("apsfd-ci", q1()?)?;
        let min = mizan_ratios::disclosure::quartile_min_contributors(&fw.disclosure);
        assert_eq!(min, 10, "twice the median's threshold");
        let (mut open, mut small) = (0, 0);
        for q in published_quarters(&p.app, "apsfd-ci")? {
            let table = load_public_table(&p.app, q.latest.id)?;
            for row in &table.rows {
                for cell in &row.cells {
                    let withheld = Method::ALL.iter().any(|m| cell.figure(*m).suppressed);
                    match cell.quartiles {
                        Some(q) => {
                            open += 1;
                            assert!(cell.median.n >= min && !withheld, "{} {cell:?}", row.code);
                            assert!(q.q1 <= q.q3, "{} {cell:?}", row.code);
                        }
                        None if cell.median.n > 0 && cell.median.n < min => small += 1,
                        None => {}
                    }
                }
            }
        }
        assert!(open > 0, "no quartile published at all");
        assert!(small > 0, "the fixture has no small cell to test");
        // A row whose peer-group cells are small shows no band for them on its chart.
        let table = load_public_table(
            &p.app,
            published_quarters(&p.app, "apsfd-ci")?
                .first()
                .ok_or("nothing published")?
                .latest
                .id,
        )?;
        let row = table
            .rows
            .iter()
            .find(|r| {
                r.cells
                    .iter()
                    .any(|c| c.quartiles.is_none() && c.median.n > 0 && c.median.n < min)
                    && r.cells.iter().any(|c| c.quartiles.is_some())
            })
            .ok_or("no row with both a small and a large cell")?;
        let svg = get_lang(
            site,
            &format!("/indicators/{}/chart.svg", row.code),
            Lang::En,
        )?
        .text()?;
        for c in &row.cells {
            let label = match c.group.as_str() {
                "sa" => "Limited companies",
                "mutual" => "Cooperatives and mutuals",
                _ => "Whole sector",
            };
            let band = format!("{label}: first to third quartile");
            assert_eq!(
                svg.contains(&band),
                c.quartiles.is_some(),
                "{} {}: {svg}",
                row.code,
                c.group
            );
        }
        // Snapshots published before quartiles existed still load: the field is optional.
        let old = r#"{"group":"sector","published":{"value":"4.41","n":21,"suppressed":false},
            "pooled":{"value":null,"n":21,"suppressed":false},
            "median":{"value":null,"n":21,"suppressed":false},"n_compliant":3}"#;
        let cell: PublicCell = serde_json::from_str(old)?;
        assert_eq!(cell.quartiles, None);
        Ok(())
    })
}

#[test]
fn the_series_downloads_as_a_tidy_csv() -> TestResult {
    on_each_backend(|p, site| {
        let page = get_lang(site, "/indicators/fin.par30", Lang::Fr)?.text()?;
        assert!(
            page.contains("<a href=\"/indicators/fin.par30/series.csv\">Série en CSV</a>"),
            "{page}"
        );
        for (lang, label) in [(Lang::En, "Series as CSV"), (Lang::Ar, "السلسلة بصيغة CSV")]
        {
            assert!(
                get_lang(site, "/indicators/fin.par30", lang)?
                    .text()?
                    .contains(label)
            );
        }
        let r = get(&site.url("/indicators/fin.par30/series.csv"))?;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(
            r.header("content-disposition")
                .is_some_and(|d| d.contains("fin.par30-series.csv")),
            "{:?}",
            r.headers
        );
        let text = r.text()?;
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("period,group,method,value,n,n_compliant,suppressed")
        );
        // One line per quarter, column and method.
        let table = load_public_table(
            &p.app,
            published_quarters(&p.app, "apsfd-ci")?
                .first()
                .ok_or("nothing published")?
                .latest
                .id,
        )?;
        let row = table.row("fin.par30").ok_or("no PAR 30")?;
        assert_eq!(lines.count(), row.cells.len() * 3);
        // The limited companies' published PAR 30, as the bulletin shows it (4,41 %).
        let sector = row
            .cells
            .iter()
            .find(|c| c.group == "sa")
            .ok_or("no column sa")?;
        let line = format!(
            "2016-Q1,sa,published,4.41,{},{},false",
            sector.published.n,
            sector
                .n_compliant
                .map(|k| k.to_string())
                .unwrap_or_default()
        );
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
        // A withheld figure is empty and flagged, never written.
        for l in text.lines().skip(1).filter(|l| l.ends_with(",true")) {
            let fields: Vec<&str> = l.split(',').collect();
            assert_eq!(fields.get(3), Some(&""), "{l}");
        }
        let nope = get(&site.url("/indicators/fin.nope/series.csv"))?;
        assert_eq!(nope.status, 404);
        Ok(())
    })
}

#[test]
fn the_latest_quarter_is_said_in_words_in_three_languages() -> TestResult {
    on_each_backend(|_, site| {
        let fr = get_lang(site, "/indicators/fin.par30", Lang::Fr)?.text()?;
        assert!(fr.contains("Le dernier trimestre en bref"), "{fr}");
        // HTML-escaped as askama writes it (`'` as `&#39;`, `<` as `&#60;`).
        for said in [
            "<strong>Sociétés anonymes</strong> — Au T1 2016, le chiffre est de \
             4,41\u{202F}%. C&#39;est en dessous de la norme (&#60; 5 %), qui est donc \
             respectée.",
            "<strong>SFD du secteur</strong> — Au T1 2016, le chiffre est de 14,34\u{202F}%. \
             C&#39;est au-dessus de la norme (&#60; 5 %), qui n&#39;est donc pas respectée.",
        ] {
            assert!(fr.contains(said), "{said} not in {fr}");
        }
        // One quarter only: no comparison with a previous one.
        assert!(!fr.contains("par rapport au"), "{fr}");
        let en = get_lang(site, "/indicators/fin.par30", Lang::En)?.text()?;
        assert!(
            en.contains(
                "In Q1 2016, the figure is 4.41%. That is below the norm (&#60; 5%), which is \
                 therefore met."
            ),
            "{en}"
        );
        let ar = get_lang(site, "/indicators/fin.par30", Lang::Ar)?.text()?;
        assert!(ar.contains("الفصل الأخير باختصار"), "{ar}");
        assert!(ar.contains("فالمعيار مستوفى"), "{ar}");
        Ok(())
    })
}

/// Publishes 2016-Q2: the Q1 returns again, each institution's PAR 30 raised by 2 % of its
/// outstanding loans.
fn publish_q2(p: &Platform) -> Res<Period> {
    let q2 = Period::parse("2016-Q2")?;
    let text = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
    let outstanding: std::collections::HashMap<String, i64> = text
        .lines()
        .filter(|l| l.contains(",loans.outstanding,"))
        .filter_map(|l| {
            let (inst, rest) = l.split_once(',')?;
            Some((inst.to_owned(), rest.rsplit_once(',')?.1.parse().ok()?))
        })
        .collect();
    let mut out = String::from("institution,period,item,value\n");
    for line in text.lines().skip(1) {
        let line = line.replace(",2016-Q1,", ",2016-Q2,");
        if line.contains(",loans.par30,") {
            let (head, v) = line.rsplit_once(',').ok_or("bad line")?;
            let inst = head.split(',').next().ok_or("bad line")?;
            let v: i64 = v.parse()?;
            let more = outstanding.get(inst).copied().unwrap_or_default() / 50;
            out.push_str(&format!("{head},{}\n", v + more));
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    p.set_time("2016-08-20 10:00")?;
    let rep = mizan_service::returns::import_returns(
        &p.app,
        out.as_bytes(),
        "q2.csv",
        &Actor::system(),
        &mizan_service::returns::Scope::Any,
    )?;
    assert!(!rep.has_refusals(), "{rep:?}");
    let coll = mizan_service::collection::collection(&p.app, &Actor::system(), "apsfd-ci", q2)?;
    for inst in coll.groups.iter().flat_map(|g| &g.institutions) {
        if let Some(v) = inst.versions.last().filter(|_| inst.awaiting_review()) {
            mizan_service::collection::decide(
                &p.app,
                &Actor::system(),
                v.id,
                &mizan_service::collection::Decision::Accept,
            )?;
        }
    }
    // Staff confirm: the guard would stop a quarter published before its deadline.
    mizan_service::publication::publish(
        &p.app,
        "apsfd-ci",
        q2,
        Some("Deuxième trimestre du test"),
        Guard::Confirmed,
        &Actor::system(),
    )?;
    Ok(q2)
}

#[test]
fn the_change_since_the_previous_quarter_is_exact_in_points() -> TestResult {
    on_each_backend(|p, site| {
        publish_q2(p)?;
        let quarters = published_quarters(&p.app, "apsfd-ci")?;
        let figure = |i: usize| -> Res<Decimal> {
            let t = load_public_table(&p.app, quarters.get(i).ok_or("quarter")?.latest.id)?;
            let row = t.row("fin.par30").ok_or("no PAR 30")?;
            let c = row
                .cells
                .iter()
                .find(|c| c.group == "sector")
                .ok_or("no sector")?;
            Ok(c.published.value.ok_or("withheld")?)
        };
        // Newest first.
        let (now, before) = (figure(0)?, figure(1)?);
        assert!(now > before, "{now} {before}");
        let mut diff = now - before;
        diff.rescale(2);
        let whole = diff.trunc();
        let points = if whole < Decimal::TWO {
            "point"
        } else {
            "points"
        };
        let said = format!(
            "En hausse de {} {points} par rapport au T1 2016.",
            mizan_web::format::decimal(diff, Lang::Fr)
        );
        let fr = get_lang(site, "/indicators/fin.par30", Lang::Fr)?.text()?;
        assert!(fr.contains("Au T2 2016, le chiffre est de"), "{fr}");
        assert!(fr.contains(&said), "{said} not in {fr}");
        let en = get_lang(site, "/indicators/fin.par30", Lang::En)?.text()?;
        assert!(
            en.contains(&format!("Up {diff} percentage points from Q1 2016.")),
            "{en}"
        );
        // Two quarters on the chart: a marker on each point of each line.
        let svg = get_lang(site, "/indicators/fin.par30/chart.svg", Lang::Fr)?.text()?;
        assert_eq!(svg.matches("<circle").count(), 6, "{svg}");
        Ok(())
    })
}
