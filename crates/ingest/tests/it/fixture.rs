//! The Q1 2016 fixture: 21 returns that pass validation against the shipped framework.

use std::str::FromStr;

use mizan_core::{Code, Decimal};
use mizan_ingest::{Limits, SourceKind, read_returns, read_returns_csv, validate_return};

use crate::{TestResult, apsfd, codes, frameworks, render};

#[test]
fn fixture_returns_read_and_validate_without_blocking_issues() -> TestResult {
    let fw = apsfd()?;
    let bytes = std::fs::read(crate::repo_path("tests/data/apsfd-ci-2016q1/returns.csv"))?;
    let read = read_returns_csv(&bytes, &Limits::default());
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(read.data.len(), 21);
    let mut entries = 0;
    for raw in &read.data {
        assert_eq!(raw.source, SourceKind::Csv);
        assert_eq!(raw.period, "2016-Q1");
        assert!(
            raw.issues.is_empty(),
            "{}: {:?}",
            raw.institution,
            raw.issues
        );
        let checked = validate_return(raw, &fw, None);
        let blocking: Vec<String> = render(&checked.blocking().cloned().collect::<Vec<_>>());
        assert_eq!(blocking, Vec::<String>::new(), "{}", raw.institution);
        assert_eq!(checked.data.len(), raw.entries.len(), "{}", raw.institution);
        entries += raw.entries.len();
    }
    // 1 580 data lines in the file.
    assert_eq!(entries, 1580);
    let mu03 = read.data.first().ok_or("no return")?;
    assert_eq!(mu03.institution, "MU03");
    let checked = validate_return(mu03, &fw, None);
    let get = |c: &str| -> Result<Option<Decimal>, Box<dyn std::error::Error>> {
        Ok(checked.data.get(&Code::parse(c)?).copied())
    };
    assert_eq!(get("loans.outstanding")?, Some(Decimal::from(189_085_843)));
    assert_eq!(get("borrowers.active")?, Some(Decimal::from(791)));
    let sa01 = read
        .data
        .iter()
        .find(|r| r.institution == "SA01")
        .ok_or("no SA01")?;
    let sa01 = validate_return(sa01, &fw, None);
    assert_eq!(
        sa01.data.get(&Code::parse("income.net")?).copied(),
        Some(Decimal::from_str("-40649123")?)
    );
    Ok(())
}

#[test]
fn the_dispatcher_reads_the_fixture_as_csv() -> TestResult {
    let bytes = std::fs::read(crate::repo_path("tests/data/apsfd-ci-2016q1/returns.csv"))?;
    let read = read_returns(&bytes, &frameworks()?, &Limits::default());
    assert!(!read.is_blocked());
    assert_eq!(read.data.len(), 21);
    Ok(())
}
