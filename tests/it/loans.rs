//! Loan tapes through the command line: the two institutions of
//! tests/data/bam-mfi-examples/institutions.txt registered under `bam-mfi`, both quarter-ends
//! imported, and every exported loan and portfolio metric compared with the expected files —
//! on SQLite, and on PostgreSQL too when `TEST_DATABASE_URL` names one.

use std::path::Path;

use mizan_storage::testing;

use crate::{TestResult, data, mizan, stderr, stdout};

/// The registry: which licence each set of files belongs to (institutions.txt), as legal forms.
const REGISTRY: &str = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group
CI01,Crédit Solidaire SA,sa,direct_credit,false,false,,bam-mfi,
AS01,Association Al Amal,association,direct_credit,false,false,,bam-mfi,
";

/// (institution, file prefix, licence as institutions.txt names it)
const SETS: [(&str, &str, &str); 2] = [
    ("CI01", "", "credit_institution"),
    ("AS01", "association-", "association"),
];

fn run(dir: &Path, db: &str, args: &[&str]) -> Result<std::process::Output, std::io::Error> {
    mizan(dir, db, args)
}

fn ok(dir: &Path, db: &str, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let out = run(dir, db, args)?;
    if !out.status.success() {
        return Err(format!("{args:?}: {}{}", stdout(&out), stderr(&out)).into());
    }
    Ok(stdout(&out))
}

fn read(path: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(std::fs::read_to_string(data(path))?)
}

fn licences_match_institutions_txt() -> TestResult {
    let txt = read("bam-mfi-examples/institutions.txt")?;
    for (_, prefix, licence) in SETS {
        let line = txt
            .lines()
            .find(|l| l.starts_with(&format!("tape-{prefix}2023q1.csv")))
            .ok_or("institutions.txt: no line")?;
        assert!(line.ends_with(licence), "{line}");
    }
    Ok(())
}

fn worked_examples(dir: &Path, db: &str) -> TestResult {
    let registry = dir.join("registry.csv");
    std::fs::write(&registry, REGISTRY)?;
    let out = ok(
        dir,
        db,
        &[
            "--lang",
            "en",
            "import",
            "institutions",
            &registry.display().to_string(),
        ],
    )?;
    assert!(out.contains("2 new"), "{out}");
    for (inst, prefix, licence) in SETS {
        for (period, q) in [("2023-Q1", "2023q1"), ("2023-Q2", "2023q2")] {
            let tape = data(&format!("bam-mfi-examples/tape-{prefix}{q}.csv"));
            let at = ["--institution", inst, "--period", period];
            let args: Vec<&str> = ["--lang", "en", "import", "loans"]
                .into_iter()
                .chain(at)
                .chain([tape.to_str().ok_or("path")?])
                .collect();
            let out = ok(dir, db, &args)?;
            assert!(out.contains(&format!("licence {licence}")), "{out}");
            assert!(out.contains("stored as loan tape version 1"), "{out}");
            assert!(out.contains("27 loan(s) classified"), "{out}");
            if q == "2023q2" {
                assert!(
                    out.contains("previous quarter-end: loan tape version 1 of 2023-Q1"),
                    "{out}"
                );
            }
            // Every loan: class, provision base, provision, irrecoverable — exact.
            let file = dir.join(format!("loans-{inst}-{q}.csv"));
            let file_arg = file.display().to_string();
            let args: Vec<&str> = ["export", "loans"]
                .into_iter()
                .chain(at)
                .chain(["-o", &file_arg])
                .collect();
            ok(dir, db, &args)?;
            let export = std::fs::read_to_string(&file)?;
            let expected = read(&format!("bam-mfi-examples/expected-{prefix}{q}.csv"))?;
            let mut lines = export.lines();
            assert_eq!(
                lines.next(),
                Some("loan_id,class,provision_base,provision,irrecoverable,reasons")
            );
            let got: Vec<&str> = lines
                .map(|l| l.rsplit_once(',').map_or(l, |(head, _reasons)| head))
                .collect();
            let want: Vec<&str> = expected.lines().skip(1).collect();
            assert_eq!(got, want, "{inst} {period}");
            // Every summary metric, in order and exact: the same file, then the supervisory
            // lines (art. 17 from `not_written_off.count`, art. 19 `vintage.*`).
            let args: Vec<&str> = ["export", "portfolio"].into_iter().chain(at).collect();
            let summary = ok(dir, db, &args)?;
            let expected = read(&format!(
                "bam-mfi-examples/expected-summary-{prefix}{q}.csv"
            ))?;
            let (spec, supervisory) = summary.split_at(
                summary
                    .find("not_written_off.count,")
                    .unwrap_or(summary.len()),
            );
            assert_eq!(spec, expected, "{inst} {period}");
            assert!(
                supervisory.starts_with("not_written_off.count,0\n"),
                "{inst} {period}: {supervisory}"
            );
            assert!(supervisory.contains("\nvintage.2022.doubtful.count,"));
        }
    }
    // The tapes fed the returns: the quarter is collected like any other.
    let list = ok(
        dir,
        db,
        &[
            "returns",
            "list",
            "--period",
            "2023-Q2",
            "--framework",
            "bam-mfi",
        ],
    )?;
    assert!(list.contains("CI01") && list.contains("AS01"), "{list}");
    Ok(())
}

#[test]
fn both_licences_and_both_quarter_ends_give_every_expected_figure() -> TestResult {
    licences_match_institutions_txt()?;
    for t in testing::databases()? {
        let dir = tempfile::tempdir()?;
        worked_examples(dir.path(), &t.url)
            .map_err(|e| format!("on {}: {e}", t.backend().name()))?;
    }
    Ok(())
}

#[test]
fn a_refused_tape_exits_1_and_says_where_and_a_duplicate_stores_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("mizan.sqlite").display().to_string();
    let registry = dir.path().join("registry.csv");
    std::fs::write(&registry, REGISTRY)?;
    ok(
        dir.path(),
        &db,
        &["import", "institutions", &registry.display().to_string()],
    )?;
    let tape = read("bam-mfi-examples/tape-2023q1.csv")?;
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        tape.replacen(",30000.00,20000.00,", ",30000.00,-20000.00,", 1)
            .replacen(",2023-01-30,", ",2023-13-30,", 1),
    )?;
    let args = [
        "import",
        "loans",
        "--institution",
        "CI01",
        "--period",
        "2023-Q1",
    ];
    let bad_arg = bad.display().to_string();
    let out = run(
        dir.path(),
        &db,
        &args
            .iter()
            .copied()
            .chain([bad_arg.as_str()])
            .collect::<Vec<_>>(),
    )?;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("refusée, rien n’est enregistré : 2 problème(s) bloquant(s)"),
        "{text}"
    );
    assert!(
        text.contains("ligne 4, colonne oldest_unpaid_due_date") && text.contains("2023-13-30"),
        "{text}"
    );
    assert!(
        text.contains("ligne 5, colonne outstanding_principal"),
        "{text}"
    );
    let none = run(
        dir.path(),
        &db,
        &[
            "export",
            "loans",
            "--institution",
            "CI01",
            "--period",
            "2023-Q1",
        ],
    )?;
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("no loan tape of CI01 for 2023-Q1"),
        "{}",
        stderr(&none)
    );
    // Stored once; the same file again is reported and stores nothing.
    let good = data("bam-mfi-examples/tape-2023q1.csv")
        .display()
        .to_string();
    let with_good: Vec<&str> = args.iter().copied().chain([good.as_str()]).collect();
    ok(dir.path(), &db, &with_good)?;
    let again = ok(dir.path(), &db, &with_good)?;
    assert!(
        again.contains("déjà été importé en version 1 de la bande de prêts"),
        "{again}"
    );
    Ok(())
}

#[test]
fn solvency_prints_every_cap() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("mizan.sqlite").display().to_string();
    let registry = dir.path().join("registry.csv");
    std::fs::write(&registry, REGISTRY)?;
    ok(
        dir.path(),
        &db,
        &["import", "institutions", &registry.display().to_string()],
    )?;
    // Core 1,000,000; general provisions 200,000 against 1.25 % × 8,000,000 = 100,000;
    // subordinated debt with 3 years left, 600,000 counted at 60 % = 360,000, then at most the
    // other supplementary funds (100,000); own funds 1,200,000; RWA 8,000,000: 15 %.
    let csv = dir.path().join("solv.csv");
    std::fs::write(
        &csv,
        "institution,period,item,value\n\
         CI01,2023-Q1,solv.core.capital,1000000\n\
         CI01,2023-Q1,solv.supp.general_provisions,200000\n\
         CI01,2023-Q1,solv.supp.subordinated.3y,600000\n\
         CI01,2023-Q1,solv.bs.w100,8000000\n",
    )?;
    ok(
        dir.path(),
        &db,
        &["import", "returns", &csv.display().to_string()],
    )?;
    let out = ok(
        dir.path(),
        &db,
        &[
            "solvency",
            "--lang",
            "en",
            "--institution",
            "CI01",
            "--period",
            "2023-Q1",
        ],
    )?;
    assert!(out.contains("= core funds 1,000,000.00"), "{out}");
    assert!(
        out.contains(
            "general provisions (art. 11): 200,000.00 against a limit of 100,000.00 → counted 100,000.00  [cap applied]"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "subordinated debt (art. 14): 360,000.00 against a limit of 100,000.00 → counted 100,000.00  [cap applied]"
        ),
        "{out}"
    );
    assert!(
        out.contains("Own funds = 1,000,000.00 + 200,000.00 - 0.00 = 1,200,000.00"),
        "{out}"
    );
    assert!(
        out.contains(
            "Coefficient = 1,200,000.00 / 8,000,000.00 = 15.00% (minimum 8.00%): meets the minimum"
        ),
        "{out}"
    );
    Ok(())
}
