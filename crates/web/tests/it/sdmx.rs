//! SDMX: the SDMX-CSV 2.0 data of a published quarter and its SDMX-ML 2.1 structure, checked
//! here and read back by an SDMX library written elsewhere (the BIS's `pysdmx`, through
//! `scripts/sdmx/check.py`).
//!
//! The Python with `pysdmx` is named by `MIZAN_PYSDMX_PYTHON` (`.ci/run` makes the venv and sets
//! it). When it is not set the pysdmx part says SKIPPED, unless `MIZAN_REQUIRE_PYSDMX=1`, which
//! makes it a failure.

use std::collections::BTreeSet;
use std::process::Command;

use mizan_ratios::Method;
use mizan_service::publication::{PublicTable, load_public_table, published_quarters};
use mizan_service::sdmx;

use crate::{Res, TestResult, get, get_with, on_each_backend, root};

const DATA_TYPE: &str = "application/vnd.sdmx.data+csv;version=2.0.0";
const STRUCTURE_TYPE: &str = "application/vnd.sdmx.structure+xml;version=2.1";

/// The observations of an SDMX-CSV body (no field of ours is quoted), header first.
fn rows(csv: &str) -> Vec<Vec<&str>> {
    csv.lines().map(|l| l.split(',').collect()).collect()
}

/// The row of `indicator`, `group`, `method` (SDMX ids).
fn find<'a>(rows: &'a [Vec<&'a str>], key: [&str; 3]) -> Res<&'a Vec<&'a str>> {
    rows.iter()
        .find(|r| r.len() > 6 && r[3] == key[0] && r[4] == key[1] && r[5] == key[2])
        .ok_or_else(|| format!("no observation {key:?}").into())
}

#[test]
fn sdmx_data_and_structure_of_a_published_quarter() -> TestResult {
    on_each_backend(|p, site| {
        let data = get(&site.url("/periods/2016-Q1/bulletin.sdmx.csv"))?;
        assert_eq!(data.status, 200);
        assert_eq!(data.header("content-type"), Some(DATA_TYPE));
        assert!(
            data.header("content-disposition")
                .is_some_and(|d| d.contains("apsfd-ci-2016-Q1-r1.sdmx.csv")),
            "{:?}",
            data.header("content-disposition")
        );
        let csv = data.text()?;
        // The same file under the API, and for the revision asked for.
        assert_eq!(get(&site.url("/api/v1/periods/2016-Q1/sdmx"))?.text()?, csv);
        assert_eq!(
            get(&site.url("/periods/2016-Q1/bulletin.sdmx.csv?revision=1"))?.text()?,
            csv
        );
        assert_eq!(
            get(&site.url("/periods/2016-Q1/bulletin.sdmx.csv?revision=9"))?.status,
            404
        );
        assert_eq!(
            get(&site.url("/periods/2099-Q1/bulletin.sdmx.csv"))?.status,
            404
        );
        // Cached like the other downloads.
        let etag = data.header("etag").ok_or("no ETag")?;
        assert_eq!(
            get_with(
                &site.url("/periods/2016-Q1/bulletin.sdmx.csv"),
                &[("If-None-Match", etag)]
            )?
            .status,
            304
        );
        // Linked from the bulletin's downloads and from the methodology, with the structure.
        let bulletin = get(&site.url("/periods/2016-Q1"))?.text()?;
        assert!(bulletin.contains("href=\"/periods/2016-Q1/bulletin.sdmx.csv\""));
        let methodology = get(&site.url("/methodology"))?.text()?;
        assert!(methodology.contains("href=\"/api/v1/sdmx/structure\""));
        assert!(methodology.contains("href=\"/periods/2016-Q1/bulletin.sdmx.csv\""));

        let structure = get(&site.url("/api/v1/sdmx/structure"))?;
        assert_eq!(structure.status, 200);
        assert_eq!(structure.header("content-type"), Some(STRUCTURE_TYPE));
        let xml = structure.text()?;

        let all = rows(&csv);
        assert_eq!(
            all.first().map(|h| h.join(",")).as_deref(),
            Some(
                "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,PEER_GROUP,METHOD,REF_AREA,TIME_PERIOD,\
                 OBS_VALUE,OBS_STATUS,CONF_STATUS,N_INSTITUTIONS,N_COMPLIANT"
            )
        );
        let obs = &all[1..];
        assert!(obs.iter().all(|r| r.len() == 13), "a row of another width");
        assert!(
            obs.iter().all(|r| r[0] == "dataflow"
                && r[1] == "MIZAN:DF_APSFD_CI(1.0)"
                && r[2] == "I"
                && r[6] == "CI"
                && r[7] == "2016-Q1"),
            "{csv}"
        );

        // One observation per row, column and method of the published table, each with the
        // figure the public CSV has (public precision), withheld ones empty and confidential.
        let quarter = published_quarters(&p.app, "apsfd-ci")?
            .into_iter()
            .next()
            .ok_or("nothing published")?;
        let withheld = same_as_published(obs, &load_public_table(&p.app, quarter.latest.id)?)?;
        // Known figures of the Q1 2016 bulletin (tests/data/golden).
        assert_eq!(find(obs, ["FIN_PAR30", "SA", "PUBLISHED"])?[8], "4.41");
        assert_eq!(find(obs, ["FIN_PAR30", "MUTUAL", "PUBLISHED"])?[8], "24.28");
        assert_eq!(find(obs, ["FIN_PAR30", "_T", "PUBLISHED"])?[8], "14.34");

        // Every code of the data is in its code list, which keeps the row code.
        let indicators: BTreeSet<&str> = obs.iter().map(|r| r[3]).collect();
        for id in &indicators {
            assert!(xml.contains(&format!("<str:Code id=\"{id}\">")), "{id}");
        }
        assert!(xml.contains("<com:AnnotationTitle>prud.capitalization.a</com:AnnotationTitle>"));
        for id in [
            "str:Codelist id=\"CL_APSFD_CI_INDICATOR\"",
            "str:Codelist id=\"CL_APSFD_CI_PEER_GROUP\"",
            "str:Codelist id=\"CL_METHOD\"",
            "str:Codelist id=\"CL_APSFD_CI_REF_AREA\"",
            "<com:Name xml:lang=\"fr\">Côte d&apos;Ivoire</com:Name>",
            "str:Codelist id=\"CL_OBS_STATUS\"",
            "str:Codelist id=\"CL_CONF_STATUS\"",
            "str:DataStructure id=\"DSD_APSFD_CI\"",
            "str:Dataflow id=\"DF_APSFD_CI\"",
            "<com:Name xml:lang=\"ar\">المحفظة المعرضة للخطر ≥ 30 يوما</com:Name>",
            "<com:Name xml:lang=\"en\">Portfolio at risk ≥ 30 days</com:Name>",
        ] {
            assert!(xml.contains(id), "{id} not in the structure");
        }

        pysdmx_check(&csv, &xml, obs.len(), withheld, indicators.len())
    })
}

/// Checks that `obs` holds one observation per row, column and method of `table`, each with
/// the figure the public CSV has (public precision), withheld ones empty and confidential;
/// returns the number withheld.
fn same_as_published(obs: &[Vec<&str>], table: &PublicTable) -> Res<usize> {
    let mut expected = 0;
    let mut withheld = 0;
    for method in Method::ALL {
        for row in table.export_rows(method) {
            expected += 1;
            let key = [
                sdmx::sdmx_id(&row.indicator),
                sdmx::peer_group_id(&row.group),
                sdmx::method_id(method),
            ];
            let o = find(obs, [&key[0], &key[1], &key[2]])?;
            assert_eq!(o[7], row.period.to_string(), "{key:?}");
            assert_eq!(o[11], row.n.to_string(), "{key:?}");
            if row.suppressed {
                withheld += 1;
                assert_eq!(&o[8..11], ["", "Q", "C"], "{key:?}");
                assert_eq!(o[12], "", "{key:?}");
            } else {
                let value = row.value.map(|v| v.normalize().to_string());
                assert_eq!(o[8], value.as_deref().unwrap_or(""), "{key:?}");
                assert_eq!(o[9], if value.is_some() { "A" } else { "M" }, "{key:?}");
                assert_eq!(o[10], "F", "{key:?}");
            }
        }
    }
    assert_eq!(obs.len(), expected);
    assert!(withheld > 0, "the fixture quarter has withheld figures");
    assert_eq!(
        obs.iter().filter(|r| r[10] == "C").count(),
        withheld,
        "every confidential observation is a withheld figure"
    );
    Ok(withheld)
}

#[test]
fn each_revision_has_its_sdmx_data() -> TestResult {
    on_each_backend(|p, site| {
        let first = get(&site.url("/periods/2016-Q1/bulletin.sdmx.csv"))?.text()?;
        p.republish()?;
        let current = get(&site.url("/periods/2016-Q1/bulletin.sdmx.csv"))?;
        assert!(
            current
                .header("content-disposition")
                .is_some_and(|d| d.contains("apsfd-ci-2016-Q1-r2.sdmx.csv"))
        );
        let current = current.text()?;
        assert_ne!(current, first, "the corrected return changes figures");
        assert_eq!(
            get(&site.url("/periods/2016-Q1/bulletin.sdmx.csv?revision=2"))?.text()?,
            current
        );
        assert_eq!(
            get(&site.url("/api/v1/periods/2016-Q1/sdmx?revision=1"))?.text()?,
            first,
            "an earlier revision stays as it was published"
        );
        let quarter = published_quarters(&p.app, "apsfd-ci")?
            .into_iter()
            .next()
            .ok_or("nothing published")?;
        assert_eq!(quarter.latest.revision, 2);
        let all = rows(&current);
        let withheld =
            same_as_published(&all[1..], &load_public_table(&p.app, quarter.latest.id)?)?;
        let xml = get(&site.url("/api/v1/sdmx/structure"))?.text()?;
        let indicators: BTreeSet<&str> = all[1..].iter().map(|r| r[3]).collect();
        pysdmx_check(&current, &xml, all.len() - 1, withheld, indicators.len())
    })
}

/// Reads the data and the structure back with `pysdmx` (`scripts/sdmx/check.py`).
fn pysdmx_check(
    csv: &str,
    xml: &str,
    observations: usize,
    withheld: usize,
    indicators: usize,
) -> TestResult {
    let Some(python) = std::env::var_os("MIZAN_PYSDMX_PYTHON").filter(|p| !p.is_empty()) else {
        if std::env::var("MIZAN_REQUIRE_PYSDMX").is_ok_and(|v| v == "1") {
            return Err("MIZAN_REQUIRE_PYSDMX=1 but MIZAN_PYSDMX_PYTHON is not set".into());
        }
        println!(
            "SKIPPED: pysdmx not configured (set MIZAN_PYSDMX_PYTHON to a Python with pysdmx[data,xml])"
        );
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let (data_path, structure_path) = (dir.path().join("data.csv"), dir.path().join("dsd.xml"));
    std::fs::write(&data_path, csv)?;
    std::fs::write(&structure_path, xml)?;
    let out = Command::new(python)
        .arg(root().join("scripts/sdmx/check.py"))
        .arg(&data_path)
        .arg(&structure_path)
        .args(["--observations", &observations.to_string()])
        .args(["--withheld", &withheld.to_string()])
        .args(["--indicators", &indicators.to_string()])
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "pysdmx check failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("OK"), "{stdout}");
    println!("pysdmx:\n{stdout}");
    if let Some(keep) = std::env::var_os("MIZAN_SDMX_KEEP") {
        // For a look by hand: the two files the check read.
        std::fs::copy(&data_path, std::path::Path::new(&keep).join("data.csv"))?;
        std::fs::copy(&structure_path, std::path::Path::new(&keep).join("dsd.xml"))?;
    }
    Ok(())
}
