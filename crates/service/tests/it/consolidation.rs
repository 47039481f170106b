use std::collections::BTreeMap;

use mizan_core::Period;
use mizan_ratios::Method;
use mizan_service::Actor;
use mizan_service::consolidation::consolidated_table;
use mizan_service::export::{consolidated_csv, table_xlsx};
use mizan_service::publication::staff_view;
use mizan_service::returns::{Scope, import_returns};

use crate::{TestResult, data, on_each_backend};

/// The published table, as data: (indicator, group) → figure or `S/O`.
fn golden() -> Result<BTreeMap<(String, String), String>, Box<dyn std::error::Error>> {
    let text = String::from_utf8(data("golden/apsfd-ci-2016q1-published.csv")?)?;
    let deviations = String::from_utf8(data("golden/known-deviations.csv")?)?;
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let n = f.len();
        for (i, g) in ["sa", "mutual", "sector"].iter().enumerate() {
            out.insert((f[0].to_owned(), (*g).to_owned()), f[n - 3 + i].to_owned());
        }
    }
    for line in deviations.lines().skip(1) {
        let f: Vec<&str> = line.splitn(5, ',').collect();
        out.insert((f[0].to_owned(), f[1].to_owned()), f[3].to_owned());
    }
    Ok(out)
}

#[test]
fn the_stored_fixture_reproduces_the_published_table() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let table = consolidated_table(
            &p.app,
            &Actor::system(),
            "apsfd-ci",
            Period::parse("2016-Q1")?,
        )?;
        let shown: BTreeMap<(String, String), String> = table
            .display_rows(Method::Published)
            .into_iter()
            .map(|r| {
                (
                    (r.indicator, r.group),
                    r.value.map_or_else(|| "S/O".to_owned(), |v| v.to_string()),
                )
            })
            .collect();
        let mut mismatches = Vec::new();
        for (key, expected) in golden()? {
            let got = shown
                .get(&key)
                .cloned()
                .unwrap_or_else(|| "(missing)".into());
            let same = match (
                expected.parse::<mizan_core::Decimal>(),
                got.parse::<mizan_core::Decimal>(),
            ) {
                (Ok(a), Ok(b)) => a == b,
                _ => expected == got,
            };
            if !same {
                mismatches.push(format!(
                    "{} {}: expected {expected}, got {got}",
                    key.0, key.1
                ));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} mismatches:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        assert_eq!(shown.len(), 285);
        Ok(())
    })
}

#[test]
fn a_new_version_changes_the_figures_and_exports_are_reproducible() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let period = Period::parse("2016-Q1")?;
        let fw = p.app.framework("apsfd-ci", period)?;
        let before = consolidated_table(&p.app, &Actor::system(), "apsfd-ci", period)?;
        let again = consolidated_table(&p.app, &Actor::system(), "apsfd-ci", period)?;
        let csv = consolidated_csv(&before.export_rows(Method::Published))?;
        assert_eq!(
            csv,
            consolidated_csv(&again.export_rows(Method::Published))?
        );
        let view = staff_view(&p.app, &Actor::system(), "apsfd-ci", period)?;
        let first = table_xlsx(fw, &view, Method::Published, &texts())?;
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(first, table_xlsx(fw, &view, Method::Published, &texts())?);
        // SA01 corrects its PAR30: version 2 holds its whole return with one figure changed.
        let fixture = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
        let mut corrected = String::from("institution,period,item,value\n");
        for line in fixture.lines().filter(|l| l.starts_with("SA01,")) {
            if line.starts_with("SA01,2016-Q1,loans.par30,") {
                corrected.push_str("SA01,2016-Q1,loans.par30,0\n");
            } else {
                corrected.push_str(line);
                corrected.push('\n');
            }
        }
        let rep = import_returns(
            &p.app,
            corrected.as_bytes(),
            "sa01-v2.csv",
            &Actor::system(),
            &Scope::Any,
        )?;
        assert_eq!(rep.stored().next().map(|r| r.version), Some(2));
        let after = consolidated_table(&p.app, &Actor::system(), "apsfd-ci", period)?;
        let par30 = |t: &mizan_ratios::ConsolidatedTable, g: &str| {
            t.cell("fin.par30", g).and_then(|c| c.value)
        };
        assert_ne!(par30(&before, "sa"), par30(&after, "sa"));
        assert_eq!(par30(&before, "mutual"), par30(&after, "mutual"));
        assert_eq!(after.cell("fin.par30", "sa").map(|c| c.n), Some(10));
        Ok(())
    })
}

/// The workbook's own texts, as a caller gives them.
fn texts() -> mizan_service::export::TableTexts<'static> {
    mizan_service::export::TableTexts {
        lang: mizan_core::Lang::Fr,
        method: "méthode publiée".into(),
        number: "N°".into(),
        norms: "Normes".into(),
        not_applicable: "S/O".into(),
        suppressed: "Secret statistique".into(),
        cell_note: Box::new(|n, _| format!("n = {n}")),
    }
}
