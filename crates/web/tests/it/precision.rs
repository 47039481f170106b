//! Every public output carries figures at the precision the bulletin shows them, under every
//! method: the CSV, JSON and XLSX downloads, the API's cells and series. A figure given to 28
//! digits is, for a median or a column of one institution, that institution's exact value.

use std::io::Read;
use std::str::FromStr;

use mizan_core::Decimal;
use mizan_core::framework::DisplayKind;
use mizan_ratios::Method;

use crate::{Res, Site, TestResult, get, on_sqlite, q1};

/// Whether `value` is no finer than the display rule of its row (in the row's unit: hundredths
/// for percentages and rates, units for counts and amounts, thousands for amounts shown in
/// thousands).
fn check(display: DisplayKind, code: &str, value: &str, what: &str) -> TestResult {
    let v = Decimal::from_str(value)?;
    let unit = display.divisor() / Decimal::from(10u64.pow(display.decimals()));
    if (v / unit).fract() != Decimal::ZERO {
        return Err(format!("{what}: {code} = {value}, finer than {unit}").into());
    }
    Ok(())
}

fn display_of(fw: &mizan_core::Framework, code: &str) -> Res<DisplayKind> {
    if code.ends_with(".a") || code.ends_with(".b") {
        return Ok(DisplayKind::Integer);
    }
    Ok(fw
        .indicator(code)
        .ok_or(format!("unknown row {code}"))?
        .display)
}

fn json(site: &Site, path: &str) -> Res<serde_json::Value> {
    let resp = get(&site.url(path))?;
    assert_eq!(resp.status, 200, "{path}");
    Ok(serde_json::from_slice(&resp.body)?)
}

#[test]
fn every_public_output_is_at_published_precision_under_every_method() -> TestResult {
    on_sqlite(|p, site| {
        let fw = p.app.framework("apsfd-ci", q1()?)?;
        let mut checked = 0;
        for m in Method::ALL {
            // The bulletin as CSV (the example: `?method=median`).
            let path = format!("/periods/2016-Q1/bulletin.csv?method={m}");
            let csv = get(&site.url(&path))?;
            assert_eq!(csv.status, 200, "{path}");
            for line in csv.text()?.lines().skip(1) {
                let f: Vec<&str> = line.split(',').collect();
                let (code, value) = (f[1], f[3]);
                if !value.is_empty() {
                    check(display_of(fw, code)?, code, value, &path)?;
                    checked += 1;
                }
            }
            // The bulletin as JSON, and the API's cells.
            for path in [
                format!("/periods/2016-Q1/bulletin.json?method={m}"),
                format!("/api/v1/periods/2016-Q1/cells?method={m}"),
            ] {
                let doc = json(site, &path)?;
                for row in doc["rows"].as_array().ok_or("no rows")? {
                    let code = row["indicator"].as_str().ok_or("no indicator")?;
                    if let Some(value) = row["value"].as_str() {
                        check(display_of(fw, code)?, code, value, &path)?;
                        checked += 1;
                    }
                }
            }
            // The API's series, for a percentage, a rate, a count and an amount in thousands.
            for code in [
                "fin.par180",
                "fin.par30",
                "nf.pricing.lending_rate_max",
                "nf.clients.total",
                "nf.loans_by_purpose.housing",
                "prud.capitalization",
            ] {
                let path = format!("/api/v1/indicators/{code}/series?method={m}");
                let doc = json(site, &path)?;
                let text = doc.to_string();
                let mut found = 0;
                for point in doc["points"].as_array().ok_or("no points")? {
                    for cell in point["cells"].as_array().ok_or(format!("{path}: {text}"))? {
                        if let Some(value) = cell["value"].as_str() {
                            check(display_of(fw, code)?, code, value, &path)?;
                            found += 1;
                        }
                    }
                }
                assert!(found > 0 || m == Method::Median, "{path}: {text}");
                checked += found;
            }
            // The spreadsheet: every number written at most two decimals as shown — a
            // percentage is its fraction (4.41 % is 0.0441) in a cell with a percentage format.
            let path = format!("/periods/2016-Q1/bulletin.xlsx?method={m}");
            let xlsx = get(&site.url(&path))?;
            assert_eq!(xlsx.status, 200, "{path}");
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.body))?;
            let mut styles = String::new();
            zip.by_name("xl/styles.xml")?.read_to_string(&mut styles)?;
            let percent_styles = percent_styles(&styles);
            let mut numbers = 0;
            let mut fractions = 0;
            for i in 0..zip.len() {
                let mut f = zip.by_index(i)?;
                let name = f.name()?.to_string();
                if !name.starts_with("xl/worksheets/") {
                    continue;
                }
                let mut xml = String::new();
                f.read_to_string(&mut xml)?;
                for cell in xml.split("<c ").skip(1) {
                    let Some((_, rest)) = cell.split_once("<v>") else {
                        continue;
                    };
                    let v = rest.split("</v>").next().unwrap_or_default();
                    let style = cell
                        .split_once(" s=\"")
                        .and_then(|(_, s)| s.split('"').next())
                        .and_then(|s| s.parse::<usize>().ok());
                    let shown = if style.is_some_and(|s| percent_styles.contains(&s)) {
                        fractions += 1;
                        (v.parse::<Decimal>()? * Decimal::ONE_HUNDRED)
                            .normalize()
                            .to_string()
                    } else {
                        v.to_owned()
                    };
                    if let Some((_, decimals)) = shown.split_once('.') {
                        assert!(decimals.len() <= 2, "{path} {name}: {v}");
                    }
                    numbers += 1;
                }
            }
            assert!(fractions > 50, "{path}: {fractions} percentages");
            assert!(numbers > 200, "{path}: {numbers} numbers");
        }
        assert!(checked > 2000, "{checked} figures checked");
        Ok(())
    })
}

/// The indices of the cell formats (`cellXfs`) of a workbook's styles whose number format is a
/// percentage (a custom format with `%`, or the built-in 9 and 10).
fn percent_styles(styles: &str) -> Vec<usize> {
    let mut percent_ids = vec!["9".to_owned(), "10".to_owned()];
    for fmt in styles.split("<numFmt ").skip(1) {
        let attr = |name: &str| {
            fmt.split_once(&format!("{name}=\""))
                .and_then(|(_, s)| s.split('"').next())
                .map(str::to_owned)
        };
        if let (Some(id), Some(code)) = (attr("numFmtId"), attr("formatCode"))
            && code.contains('%')
        {
            percent_ids.push(id);
        }
    }
    let xfs = styles
        .split_once("<cellXfs")
        .and_then(|(_, s)| s.split_once("</cellXfs>"))
        .map(|(s, _)| s)
        .unwrap_or_default();
    xfs.split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| {
            xf.split_once("numFmtId=\"")
                .and_then(|(_, s)| s.split('"').next())
                .is_some_and(|id| percent_ids.iter().any(|p| p == id))
        })
        .map(|(i, _)| i)
        .collect()
}
