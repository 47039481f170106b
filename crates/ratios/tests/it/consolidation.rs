//! Consolidation of hand-made returns: published, pooled and median figures, n, compliance,
//! institutions outside every peer group, empty cells, exports, determinism.

use mizan_core::{Attributes, LegalForm, Period, Structure};
use mizan_ratios::{
    ConsolidateError, ConsolidatedTable, InstitutionReturn, Method, SECTOR, consolidate,
};

use crate::TestResult;
use crate::fixture::{Error, apsfd, attrs, dec, ret};

fn period() -> Result<Period, Error> {
    Ok(Period::parse("2016-Q1")?)
}

/// Five institutions, by hand:
///
/// | code | group  | par30 / outstanding | PAR30 | cap. A / B | cap.  |
/// |------|--------|---------------------|-------|------------|-------|
/// | SA01 | sa     | 4 / 100             | 4     | 10 / 100   | 10    |
/// | SA02 | sa     | 60 / 300            | 20    | 30 / 100   | 30    |
/// | SA03 | sa     | — / 50              | —     | 5 / —      | —     |
/// | MU01 | mutual | 1 / 0               | —     | 0 / 0      | —     |
/// | AS01 | none   | 12 / 100            | 12    | 20 / 100   | 20    |
fn returns() -> Result<Vec<InstitutionReturn>, Error> {
    let sa = || attrs(LegalForm::Sa, Structure::DirectCredit);
    let association = Attributes {
        owner_group: Some("network-1".into()),
        ..attrs(LegalForm::Association, Structure::SavingsCredit)
    };
    let sarl = attrs(LegalForm::Sarl, Structure::SavingsCredit);
    let mutual = attrs(LegalForm::Mutual, Structure::SavingsCredit);
    let cap = |a: &str, b: &str| format!("prud.capitalization.a={a} prud.capitalization.b={b}");
    let par = |a: &str, b: &str| format!("loans.par30={a} loans.outstanding={b}");
    let sa02 = "loans.purpose.housing=19570501 clients.groups=3";
    let sa01 = "loans.purpose.housing=19570499 clients.groups=4";
    Ok(vec![
        ret(
            "SA02",
            sarl,
            &format!("{} {} {sa02}", par("60", "300"), cap("30", "100")),
        )?,
        ret(
            "SA01",
            sa(),
            &format!("{} {} {sa01}", par("4", "100"), cap("10", "100")),
        )?,
        ret("SA03", sa(), "loans.outstanding=50 prud.capitalization.a=5")?,
        ret(
            "MU01",
            mutual,
            &format!("{} {}", par("1", "0"), cap("0", "0")),
        )?,
        ret(
            "AS01",
            association,
            &format!("{} {}", par("12", "100"), cap("20", "100")),
        )?,
    ])
}

fn table() -> Result<ConsolidatedTable, Error> {
    Ok(consolidate(&apsfd()?, period()?, &returns()?)?)
}

/// `(n, published, pooled n, pooled, median, n_compliant)` of a cell, values as text.
#[rustfmt::skip]
type Expected<'a> = (usize, Option<&'a str>, usize, Option<&'a str>, Option<&'a str>, Option<usize>);

#[track_caller]
fn check(table: &ConsolidatedTable, code: &str, group: &str, expected: Expected<'_>) {
    let text = |v: Option<mizan_core::Decimal>| v.map(|d| d.normalize().to_string());
    let got = table.cell(code, group).map(|c| {
        (
            c.n,
            text(c.value),
            c.pooled.n,
            text(c.pooled.value),
            text(c.figure(Method::Median).value),
            c.n_compliant(),
        )
    });
    let expected = (
        expected.0,
        expected.1.map(str::to_owned),
        expected.2,
        expected.3.map(str::to_owned),
        expected.4.map(str::to_owned),
        expected.5,
    );
    assert_eq!(got, Some(expected), "{code} {group}");
}

#[test]
#[rustfmt::skip] // one cell a line: (n, published, pooled n, pooled, median, n_compliant)
fn cells_by_every_method() -> TestResult {
    let t = table()?;
    // Mean of 4 and 20; pooled (4 + 60) / (100 + 300); SA03 lacks par30; SA01 meets < 5.
    check(&t, "fin.par30", "sa", (2, Some("12"), 2, Some("16"), Some("12"), Some(1)));
    // MU01 has no value (zero portfolio): n = 0, no figure; it still pools 1 / 0 → none.
    // Nobody could be judged against the norm: no count (not "0 compliant").
    check(&t, "fin.par30", "mutual", (0, None, 1, None, None, None));
    // Sector over all institutions (AS01 too): mean (4 + 20 + 12) / 3; pooled 77 / 500.
    check(&t, "fin.par30", SECTOR, (3, Some("12"), 4, Some("15.4"), Some("12"), Some(1)));
    // Ratio of sums over those reporting both: (10 + 30) / (100 + 100); SA02 meets ≥ 15.
    check(&t, "prud.capitalization", "sa", (2, Some("20"), 2, Some("20"), Some("20"), Some(1)));
    check(&t, "prud.capitalization.a", "sa", (2, Some("20"), 2, Some("40"), Some("20"), None));
    check(&t, "prud.capitalization.b", "sa", (2, Some("100"), 2, Some("200"), Some("100"), None));
    // MU01 reports both, but Σ B = 0: n = 1 and no ratio (so not judged); its A and B rows
    // are 0.
    check(&t, "prud.capitalization", "mutual", (1, None, 1, None, None, None));
    check(&t, "prud.capitalization.a", "mutual", (1, Some("0"), 1, Some("0"), Some("0"), None));
    // Sector: (10 + 30 + 0 + 20) / (100 + 100 + 0 + 100) = 20; A = 60 / 4, B = 300 / 4.
    // Median of the ratios 10, 20, 30 (MU01 has none); of B: 0, 100, 100, 100.
    check(&t, "prud.capitalization", SECTOR, (4, Some("20"), 4, Some("20"), Some("20"), Some(2)));
    check(&t, "prud.capitalization.a", SECTOR, (4, Some("15"), 4, Some("60"), Some("15"), None));
    check(&t, "prud.capitalization.b", SECTOR, (4, Some("75"), 4, Some("300"), Some("100"), None));
    // Values: mean, total and median; no norm.
    check(&t, "nf.clients.groups", "sa", (2, Some("3.5"), 2, Some("7"), Some("3.5"), None));
    check(&t, "nf.clients.groups", "mutual", (0, None, 0, None, None, None));
    // Nobody reports the general reserve: nobody judged, no count.
    check(&t, "prud.general_reserve", SECTOR, (0, None, 0, None, None, None));
    Ok(())
}

#[test]
fn columns_and_distribution() -> TestResult {
    let t = table()?;
    let columns: Vec<(&str, usize)> = t
        .groups
        .iter()
        .map(|g| (g.code.as_str(), g.institutions))
        .collect();
    assert_eq!(columns, [("sa", 3), ("mutual", 1), ("sector", 5)]);
    let d = t
        .cell("fin.par30", SECTOR)
        .and_then(|c| c.distribution)
        .ok_or("no distribution")?;
    // 4, 12, 20: q1 = 4 + ½ × 8, q3 = 12 + ½ × 8.
    assert_eq!(
        (d.n, d.min, d.q1, d.median, d.q3, d.max),
        (3, dec("4")?, dec("8")?, dec("12")?, dec("16")?, dec("20")?)
    );
    let cell = t.cell("fin.par30", "sa").ok_or("no cell")?;
    assert_eq!(cell.norm.map(|c| (c.judged, c.compliant)), Some((2, 1)));
    assert_eq!(
        (cell.pooled.numerator, cell.pooled.denominator),
        (Some(dec("64")?), Some(dec("400")?))
    );
    Ok(())
}

/// `"CODE=value"` for each contribution to a cell (`-` for no value).
fn who(t: &ConsolidatedTable, code: &str, group: &str, method: Method) -> Vec<String> {
    t.contributions(code, group, method)
        .iter()
        .map(|c| {
            let v = c.value.map_or("-".into(), |v| v.normalize().to_string());
            format!("{}={v}", c.institution)
        })
        .collect()
}

#[test]
#[rustfmt::skip] // one case a line
fn institutions_outside_every_group_count_in_the_sector_only() -> TestResult {
    use Method::{Median, Pooled, Published};
    let t = table()?;
    assert_eq!(who(&t, "fin.par30", "sa", Published), ["SA01=4", "SA02=20"]);
    assert_eq!(who(&t, "fin.par30", SECTOR, Published), ["AS01=12", "SA01=4", "SA02=20"]);
    assert_eq!(who(&t, "fin.par30", "mutual", Published), Vec::<String>::new());
    // MU01 pools 1 / 0 (both parts reported) although it has no ratio.
    assert_eq!(who(&t, "fin.par30", "mutual", Pooled), ["MU01=-"]);
    assert_eq!(who(&t, "fin.par30", SECTOR, Pooled), ["AS01=12", "MU01=-", "SA01=4", "SA02=20"]);
    assert_eq!(who(&t, "prud.capitalization", "mutual", Published), ["MU01=-"]);
    assert_eq!(who(&t, "prud.capitalization", "mutual", Median), Vec::<String>::new());
    assert_eq!(who(&t, "prud.capitalization.a", "mutual", Published), ["MU01=0"]);
    assert_eq!(who(&t, "prud.capitalization.b", "sa", Pooled), ["SA01=100", "SA02=100"]);
    assert_eq!(who(&t, "nf.clients.groups", "sa", Pooled), ["SA01=4", "SA02=3"]);
    assert!(who(&t, "no.such", SECTOR, Published).is_empty());
    let mu01 = t.contributions("prud.capitalization", "mutual", Published);
    assert_eq!(mu01.first().map(|c| (c.numerator, c.denominator)), Some((Some(dec("0")?), Some(dec("0")?))));
    let owners: Vec<Option<&str>> = t.contributions("fin.par30", SECTOR, Published).iter().map(|c| c.owner_group).collect();
    assert_eq!(owners, [Some("network-1"), None, None]);
    let groups: Vec<(&str, Option<&str>)> = t.institutions.iter().map(|e| (e.code.as_str(), e.group.as_deref())).collect();
    assert_eq!(groups, [("AS01", None), ("MU01", Some("mutual")), ("SA01", Some("sa")), ("SA02", Some("sa")), ("SA03", Some("sa"))]);
    Ok(())
}

/// The contributions of every cell, by every method, are exactly the n institutions behind
/// its figure — on the hand-made returns and on the Q1 2016 fixture.
#[test]
fn contributions_match_n_in_every_cell() -> TestResult {
    let fixture = consolidate(&apsfd()?, period()?, &crate::fixture::returns(period()?)?)?;
    for t in [table()?, fixture] {
        for row in &t.rows {
            for cell in &row.cells {
                for method in Method::ALL {
                    let listed = t.contributions(&row.code(), &cell.group, method).len();
                    let n = cell.figure(method).n;
                    assert_eq!(listed, n, "{} {} {method}", row.code(), cell.group);
                }
            }
        }
    }
    Ok(())
}

fn lines(t: &ConsolidatedTable, method: Method, display: bool, codes: &[&str]) -> Vec<String> {
    let rows = if display {
        t.display_rows(method)
    } else {
        t.export_rows(method)
    };
    rows.iter()
        .filter(|r| codes.contains(&r.indicator.as_str()))
        .map(|r| r.fields().join(","))
        .collect()
}

#[test]
fn export_rows_by_method() -> TestResult {
    let t = table()?;
    let codes = [
        "fin.par30",
        "prud.capitalization",
        "prud.capitalization.a",
        "nf.clients.groups",
    ];
    assert_eq!(
        lines(&t, Method::Published, false, &codes),
        [
            "2016-Q1,fin.par30,sa,12,2,1",
            "2016-Q1,fin.par30,mutual,,0,",
            "2016-Q1,fin.par30,sector,12,3,1",
            "2016-Q1,nf.clients.groups,sa,3.5,2,",
            "2016-Q1,nf.clients.groups,mutual,,0,",
            "2016-Q1,nf.clients.groups,sector,3.5,2,",
            "2016-Q1,prud.capitalization,sa,20,2,1",
            "2016-Q1,prud.capitalization,mutual,,1,",
            "2016-Q1,prud.capitalization,sector,20,4,2",
            "2016-Q1,prud.capitalization.a,sa,20,2,",
            "2016-Q1,prud.capitalization.a,mutual,0,1,",
            "2016-Q1,prud.capitalization.a,sector,15,4,",
        ]
    );
    assert_eq!(
        lines(
            &t,
            Method::Pooled,
            false,
            &["fin.par30", "prud.capitalization.a"]
        ),
        [
            "2016-Q1,fin.par30,sa,16,2,1",
            "2016-Q1,fin.par30,mutual,,1,",
            "2016-Q1,fin.par30,sector,15.4,4,1",
            "2016-Q1,prud.capitalization.a,sa,40,2,",
            "2016-Q1,prud.capitalization.a,mutual,0,1,",
            "2016-Q1,prud.capitalization.a,sector,60,4,",
        ]
    );
    assert_eq!(
        lines(&t, Method::Median, false, &["prud.capitalization"]),
        [
            "2016-Q1,prud.capitalization,sa,20,2,1",
            "2016-Q1,prud.capitalization,mutual,,0,",
            "2016-Q1,prud.capitalization,sector,20,3,2",
        ]
    );
    assert_eq!(
        mizan_ratios::ExportRow::HEADER.join(","),
        "period,indicator,group,value,n,n_compliant"
    );
    // Every row of the table, every column.
    assert_eq!(t.export_rows(Method::Published).len(), t.rows.len() * 3);
    Ok(())
}

#[test]
fn display_rows_round_half_away_from_zero() -> TestResult {
    let t = table()?;
    // (19 570 499 + 19 570 501) / 2 = 19 570 500 → 19 570.5 thousands → 19 571.
    assert_eq!(
        lines(
            &t,
            Method::Published,
            true,
            &[
                "nf.loans_by_purpose.housing",
                "fin.par30",
                "nf.clients.groups"
            ]
        ),
        [
            "2016-Q1,fin.par30,sa,12.00,2,1",
            "2016-Q1,fin.par30,mutual,,0,",
            "2016-Q1,fin.par30,sector,12.00,3,1",
            "2016-Q1,nf.clients.groups,sa,4,2,",
            "2016-Q1,nf.clients.groups,mutual,,0,",
            "2016-Q1,nf.clients.groups,sector,4,2,",
            "2016-Q1,nf.loans_by_purpose.housing,sa,19571,2,",
            "2016-Q1,nf.loans_by_purpose.housing,mutual,,0,",
            "2016-Q1,nf.loans_by_purpose.housing,sector,19571,2,",
        ]
    );
    use mizan_core::framework::DisplayKind::{Integer, Percent, Rate, Thousands};
    use mizan_ratios::display_value;
    let shown = |k, v: &str| dec(v).map(|d| display_value(k, d).to_string());
    assert_eq!(shown(Percent, "4.4112")?, "4.41");
    assert_eq!(shown(Percent, "-0.005")?, "-0.01");
    assert_eq!(shown(Percent, "18.1")?, "18.10");
    assert_eq!(shown(Rate, "2.895")?, "2.90");
    assert_eq!(shown(Integer, "-107.5")?, "-108");
    assert_eq!(shown(Thousands, "1048348500")?, "1048349");
    Ok(())
}

#[test]
fn same_returns_in_any_order_give_identical_json() -> TestResult {
    let fw = apsfd()?;
    let mut r = returns()?;
    let a = serde_json::to_string(&consolidate(&fw, period()?, &r)?)?;
    r.reverse();
    let b = serde_json::to_string(&consolidate(&fw, period()?, &r)?)?;
    assert_eq!(a, b);
    // The snapshot reads back as the same table.
    let back: ConsolidatedTable = serde_json::from_str(&a)?;
    assert_eq!(back, consolidate(&fw, period()?, &r)?);
    Ok(())
}

#[test]
fn returns_that_cannot_be_consolidated_together() -> TestResult {
    let fw = apsfd()?;
    let mut r = returns()?;
    r.push(ret(
        "SA01",
        attrs(LegalForm::Sa, Structure::DirectCredit),
        "",
    )?);
    let err = consolidate(&fw, period()?, &r).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("2016-Q1: institution SA01 has more than one return")
    );

    let other = Attributes {
        framework: "bam-mfi".into(),
        ..attrs(LegalForm::Sa, Structure::DirectCredit)
    };
    let r = [ret("X1", other, "")?];
    let err = consolidate(&fw, period()?, &r).err();
    assert!(
        matches!(err, Some(ConsolidateError::WrongFramework { ref its, .. }) if its == "bam-mfi"),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn no_returns_give_an_empty_table() -> TestResult {
    let t = consolidate(&apsfd()?, period()?, &[])?;
    assert!(
        t.rows
            .iter()
            .flat_map(|r| &r.cells)
            .all(|c| c.n == 0 && c.value.is_none())
    );
    assert!(
        t.export_rows(Method::Pooled)
            .iter()
            .all(|r| r.value.is_none() && r.n == 0)
    );
    Ok(())
}

#[test]
fn methods_are_read_by_code() {
    let read = |s: &str| s.parse::<Method>().ok();
    assert_eq!(read("published"), Some(Method::Published));
    assert_eq!(read(" pooled"), Some(Method::Pooled));
    assert_eq!(read("median"), Some(Method::Median));
    assert_eq!(read("mean"), None);
    assert_eq!(Method::Pooled.to_string(), "pooled");
}

/// A trend norm ("rising") can only judge an institution with a previous quarter: on a first
/// quarter nobody is judged, and the count of institutions meeting it is no count at all
/// (not "0 compliant"); with previous values it counts those whose value rose.
#[test]
fn a_trend_norm_is_counted_only_where_it_can_judge() -> TestResult {
    let loans = |amount: &str, count: &str| {
        format!("loans.disbursed_amount={amount} loans.disbursed_count={count}")
    };
    let sa = || attrs(LegalForm::Sa, Structure::DirectCredit);
    let first = vec![
        ret("SA01", sa(), &loans("1000", "10"))?,
        ret("SA02", sa(), &loans("3000", "10"))?,
    ];
    let t = consolidate(&apsfd()?, period()?, &first)?;
    let cell = t
        .cell("fin.avg_loan_disbursed", "sa")
        .ok_or("no avg_loan_disbursed sa")?;
    assert_eq!((cell.n, cell.value), (2, Some(dec("200")?)));
    // The row has a norm (kept in the table), but nobody could be judged.
    assert_eq!(cell.norm.map(|c| (c.judged, c.compliant)), Some((0, 0)));
    assert_eq!(cell.n_compliant(), None);
    let csv = lines(&t, Method::Published, false, &["fin.avg_loan_disbursed"]);
    assert_eq!(
        csv.first().map(String::as_str),
        Some("2016-Q1,fin.avg_loan_disbursed,sa,200,2,")
    );

    // The next quarter: SA01 rose from 100 to 120, SA02 fell from 300 to 250.
    let mut second = vec![
        ret("SA01", sa(), &loans("1200", "10"))?,
        ret("SA02", sa(), &loans("2500", "10"))?,
    ];
    for (r, before) in second.iter_mut().zip(&first) {
        r.previous = Some(before.values.clone());
    }
    let t = consolidate(&apsfd()?, Period::parse("2016-Q2")?, &second)?;
    let cell = t
        .cell("fin.avg_loan_disbursed", "sa")
        .ok_or("no avg_loan_disbursed sa")?;
    assert_eq!(cell.norm.map(|c| (c.judged, c.compliant)), Some((2, 1)));
    assert_eq!(cell.n_compliant(), Some(1));
    Ok(())
}

/// A ratio of sums whose A and B are derived values (as in `bceao-sfd`, where they are sums of
/// postes): each institution's A and B are computed by their formulas, then summed.
#[test]
fn derived_numerators_and_denominators_are_summed() -> TestResult {
    let fw = mizan_core::Framework::from_toml(
        r#"
[framework]
id = "derived"
version = "1"
currency = "XOF"
label = { fr = "d", en = "d", ar = "d" }
sector_label = { fr = "s", en = "s", ar = "s" }

[[sections]]
code = "s"
sheet = { fr = "S", en = "S", ar = "S" }
label = { fr = "s", en = "s", ar = "s" }

[[peer_groups]]
code = "sa"
legal_forms = ["sa"]
label = { fr = "sa", en = "sa", ar = "sa" }

[[items]]
code = "p.one"
section = "s"
unit = "amount"
label = { fr = "1", en = "1", ar = "1" }

[[items]]
code = "p.signed"
section = "s"
unit = "amount"
signed = true
label = { fr = "2", en = "2", ar = "2" }

[[items]]
code = "p.base"
section = "s"
unit = "amount"
label = { fr = "3", en = "3", ar = "3" }

[[derived]]
code = "num"
formula = "p.one + max(p.signed, 0)"
label = { fr = "A", en = "A", ar = "A" }

[[derived]]
code = "den"
formula = "p.base - min(p.signed, 0)"
label = { fr = "B", en = "B", ar = "B" }

[[bulletin]]
code = "b"
number = "I"
label = { fr = "b", en = "b", ar = "b" }

[[bulletin.headings]]
code = "h"
number = ""
label = { fr = "h", en = "h", ar = "h" }

[[indicators]]
code = "r"
heading = "h"
label = { fr = "r", en = "r", ar = "r" }
numerator = "num"
denominator = "den"
scale = "100"
display = "percent"
consolidation = "ratio_of_sums"
components.a = { fr = "A", en = "A", ar = "A" }
components.b = { fr = "B", en = "B", ar = "B" }
"#,
        "inline",
    )?;
    let sa = || Attributes {
        framework: "derived".into(),
        ..attrs(LegalForm::Sa, Structure::DirectCredit)
    };
    // X: A = 10 + max(5, 0) = 15, B = 100 − min(5, 0) = 100 (15 %);
    // Y: A = 20 + max(−30, 0) = 20, B = 170 − min(−30, 0) = 200 (10 %);
    // Z: no p.base: no B, so it is left out of the sums.
    let returns = vec![
        ret("X", sa(), "p.one=10 p.signed=5 p.base=100")?,
        ret("Y", sa(), "p.one=20 p.signed=-30 p.base=170")?,
        ret("Z", sa(), "p.one=1 p.signed=1")?,
    ];
    let table = consolidate(&fw, period()?, &returns)?;
    let cell = table.cell("r", "sa").ok_or("no cell")?;
    // Σ A = 35, Σ B = 300, Σ A ÷ Σ B × 100 = 11.666…; the mean of the ratios would be 12.5.
    assert_eq!(cell.n, 2);
    assert_eq!(cell.pooled.numerator, Some(dec("35")?));
    assert_eq!(cell.pooled.denominator, Some(dec("300")?));
    assert_eq!(cell.value.map(|v| v.round_dp(4)), Some(dec("11.6667")?));
    let a = table.cell("r.a", "sa").ok_or("no A row")?;
    let b = table.cell("r.b", "sa").ok_or("no B row")?;
    assert_eq!(
        (a.pooled.value, b.pooled.value),
        (Some(dec("35")?), Some(dec("300")?))
    );
    Ok(())
}
