//! Consolidation of a framework of several countries (no `[framework] country`): columns per
//! country and per peer group in each country, numbers worked by hand.

use mizan_core::institution::CountryCode;
use mizan_ratios::{ConsolidatedTable, GroupSummary, InstitutionReturn, Method, SECTOR};

use crate::TestResult;
use crate::disclosure::{inst, mini, table};
use crate::fixture::{Error, apsfd};

/// An institution of the mini framework (`SA…` sa, `MU…` mutual, `AS…` no group) in a country.
pub fn in_country(
    code: &str,
    country: Option<&str>,
    values: &str,
) -> Result<InstitutionReturn, Error> {
    let mut r = inst(code, None, values)?;
    r.attributes.country = country.map(CountryCode::parse).transpose()?;
    Ok(r)
}

/// | code | group  | country | loans | late / book (PAR %) |
/// |------|--------|---------|-------|---------------------|
/// | SA01 | sa     | BF      | 100   | 1 / 10 (10)         |
/// | MU01 | mutual | BF      | 200   | 2 / 40 (5)          |
/// | MU02 | mutual | BF      | 300   | 3 / 100 (3)         |
/// | SA02 | sa     | SN      | 400   | 4 / 200 (2)         |
/// | AS01 | none   | SN      | 50    | —                   |
/// | MU03 | mutual | none    | 1000  | —                   |
fn zone() -> Result<ConsolidatedTable, Error> {
    let fw = mini()?;
    table(
        &fw,
        &[
            in_country("SA01", Some("bf"), "loans=100 late=1 book=10")?,
            in_country("MU01", Some("BF"), "loans=200 late=2 book=40")?,
            in_country("MU02", Some("BF"), "loans=300 late=3 book=100")?,
            in_country("SA02", Some("SN"), "loans=400 late=4 book=200")?,
            in_country("AS01", Some("SN"), "loans=50")?,
            in_country("MU03", None, "loans=1000")?,
        ],
    )
}

fn figure(t: &ConsolidatedTable, row: &str, col: &str, m: Method) -> Option<String> {
    t.cell(row, col)
        .and_then(|c| c.figure(m).value)
        .map(|d| d.normalize().to_string())
}

#[test]
fn a_zone_table_has_a_column_per_country_and_per_group_in_each() -> TestResult {
    let t = zone()?;
    let columns: Vec<(&str, usize)> = t
        .groups
        .iter()
        .map(|g| (g.code.as_str(), g.institutions))
        .collect();
    // Peer groups and the zone first (as in a one-country table), then each country with
    // institutions, in code order: its total, then its peer groups in framework order (SN has
    // no mutual: the column is there, empty). MU03 has no country: peer group and zone only.
    assert_eq!(
        columns,
        [
            ("sa", 2),
            ("mutual", 3),
            (SECTOR, 6),
            ("BF", 3),
            ("BF.sa", 1),
            ("BF.mutual", 2),
            ("SN", 2),
            ("SN.sa", 1),
            ("SN.mutual", 0),
        ]
    );
    let bf = CountryCode::parse("BF")?;
    let col = |code: &str| t.groups.iter().find(|g| g.code == code);
    assert_eq!(col("BF").and_then(|g| g.country), Some(bf));
    assert_eq!(col("BF").and_then(|g| g.peer_group.clone()), None);
    assert_eq!(
        col("BF.mutual").map(|g| (g.country, g.peer_group.clone())),
        Some((Some(bf), Some("mutual".to_owned())))
    );
    assert_eq!(
        col("sa").map(|g| (g.country, g.peer_group.clone())),
        Some((None, None))
    );
    assert_eq!(GroupSummary::country_group_code(bf, "sa"), "BF.sa");

    // Totals (pooled) of loans: sa 100 + 400; mutual 200 + 300 + 1000; zone all six = 2050;
    // BF 100 + 200 + 300; BF.mutual 200 + 300; SN 400 + 50 (AS01 of no group counts in its
    // country); SN.mutual none.
    let pooled = |col: &str| figure(&t, "nf.loans", col, Method::Pooled);
    assert_eq!(pooled("sa").as_deref(), Some("500"));
    assert_eq!(pooled("mutual").as_deref(), Some("1500"));
    assert_eq!(pooled(SECTOR).as_deref(), Some("2050"));
    assert_eq!(pooled("BF").as_deref(), Some("600"));
    assert_eq!(pooled("BF.sa").as_deref(), Some("100"));
    assert_eq!(pooled("BF.mutual").as_deref(), Some("500"));
    assert_eq!(pooled("SN").as_deref(), Some("450"));
    assert_eq!(pooled("SN.sa").as_deref(), Some("400"));
    assert_eq!(pooled("SN.mutual"), None);
    // Means: BF 600 / 3 = 200; SN 450 / 2 = 225.
    assert_eq!(
        figure(&t, "nf.loans", "BF", Method::Published).as_deref(),
        Some("200")
    );
    assert_eq!(
        figure(&t, "nf.loans", "SN", Method::Published).as_deref(),
        Some("225")
    );
    // PAR: BF mean (10 + 5 + 3) / 3 = 6, pooled (1 + 2 + 3) / (10 + 40 + 100) = 4 %, median 5;
    // BF.mutual mean (5 + 3) / 2 = 4, pooled 5 / 140 = 3.571428…
    assert_eq!(
        figure(&t, "fin.par", "BF", Method::Published).as_deref(),
        Some("6")
    );
    assert_eq!(
        figure(&t, "fin.par", "BF", Method::Pooled).as_deref(),
        Some("4")
    );
    assert_eq!(
        figure(&t, "fin.par", "BF", Method::Median).as_deref(),
        Some("5")
    );
    assert_eq!(
        figure(&t, "fin.par", "BF.mutual", Method::Published).as_deref(),
        Some("4")
    );
    // Norm "< 5": BF judges 3, of which MU02 (3) meets; the zone 4, of which MU02 and SA02.
    let norm = |col: &str| {
        t.cell("fin.par", col)
            .and_then(|c| c.norm)
            .map(|n| (n.judged, n.compliant))
    };
    assert_eq!(norm("BF"), Some((3, 1)));
    assert_eq!(norm(SECTOR), Some((4, 2)));

    // Who is behind a figure: one membership rule.
    let who = |col: &str| -> Vec<String> {
        t.contributions("nf.loans", col, Method::Pooled)
            .iter()
            .map(|c| c.institution.to_string())
            .collect()
    };
    assert_eq!(who("SN"), ["AS01", "SA02"]);
    assert_eq!(who("BF.mutual"), ["MU01", "MU02"]);
    assert_eq!(who("mutual"), ["MU01", "MU02", "MU03"]);
    assert_eq!(who(SECTOR).len(), 6);
    Ok(())
}

/// A one-country framework's table has no country columns and no country in its JSON, even
/// when the registry gives institutions a country (the table stored before issue 16 is the
/// same); such a stored table reads back.
#[test]
fn a_one_country_table_is_unchanged() -> TestResult {
    let fw = apsfd()?;
    assert!(fw.country.is_some());
    let rs = vec![
        in_country("SA01", Some("CI"), "")?,
        in_country("MU01", Some("SN"), "")?,
    ];
    let t = mizan_ratios::consolidate(&fw, crate::disclosure::q1()?, &rs)?;
    let codes: Vec<&str> = t.groups.iter().map(|g| g.code.as_str()).collect();
    assert!(
        codes
            .iter()
            .all(|c| !c.chars().any(|ch| ch.is_ascii_uppercase())),
        "{codes:?}"
    );
    let json = serde_json::to_string(&t)?;
    assert!(!json.contains("\"country\"") && !json.contains("\"peer_group\""));
    let back: ConsolidatedTable = serde_json::from_str(&json)?;
    assert_eq!(back, t);
    // A zone table reads back with its columns' countries.
    let z = zone()?;
    let back: ConsolidatedTable = serde_json::from_str(&serde_json::to_string(&z)?)?;
    assert_eq!(back, z);
    Ok(())
}
