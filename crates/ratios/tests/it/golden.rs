//! The published Q1 2016 table (seed 002), reproduced from the fixture returns with the
//! published method, figure by figure.

use std::collections::BTreeMap;

use mizan_core::number::round_half_away;
use mizan_core::{Decimal, Period};
use mizan_ratios::{ConsolidatedTable, Method, consolidate, ratio};

use crate::TestResult;
use crate::fixture::{Error, apsfd, dec, returns, root};

const GROUPS: [&str; 3] = ["sa", "mutual", "sector"];

pub(crate) fn q1_2016() -> Result<(Period, ConsolidatedTable), Error> {
    let period = Period::parse("2016-Q1")?;
    let fw = apsfd()?;
    Ok((period, consolidate(&fw, period, &returns(period)?)?))
}

/// A published figure: `S/O` is no value.
fn figure(text: &str) -> Result<Option<Decimal>, Error> {
    Ok(if text == "S/O" {
        None
    } else {
        Some(dec(text)?)
    })
}

/// `(indicator, [sa, mutual, sector])` in the order of the published table. Labels may not
/// contain commas safely, so the code is the first field and the figures the last three.
fn published() -> Result<Vec<(String, [String; 3])>, Error> {
    let path = root().join("tests/data/golden/apsfd-ci-2016q1-published.csv");
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    if lines.next() != Some("indicator,label_fr,norm,sa,mutual,sector") {
        return Err("unexpected header of the golden file".into());
    }
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let code = l.split(',').next().unwrap_or_default().to_owned();
            let mut last: Vec<String> = l.rsplitn(4, ',').take(3).map(str::to_owned).collect();
            last.reverse();
            let [sa, mutual, sector]: [String; 3] = last
                .try_into()
                .map_err(|v| format!("golden line has too few fields: {v:?}"))?;
            Ok((code, [sa, mutual, sector]))
        })
        .collect()
}

/// `(indicator, group) → (published, expected)`.
type Deviations = BTreeMap<(String, String), (String, String)>;

/// The known deviations of the published table.
fn deviations() -> Result<Deviations, Error> {
    let text = std::fs::read_to_string(root().join("tests/data/golden/known-deviations.csv"))?;
    let mut lines = text.lines();
    if lines.next() != Some("indicator,group,published,expected,reason") {
        return Err("unexpected header of known-deviations.csv".into());
    }
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, ',').collect();
            let [ind, group, published, expected, _reason] = f.as_slice() else {
                return Err(format!("bad deviation line {l}").into());
            };
            Ok((
                ((*ind).to_owned(), (*group).to_owned()),
                ((*published).to_owned(), (*expected).to_owned()),
            ))
        })
        .collect()
}

#[test]
fn every_published_figure_is_reproduced() -> TestResult {
    let (_, table) = q1_2016()?;
    check_golden(&table)
}

/// Every figure of the published table (up to the known deviations), from `table`.
pub(crate) fn check_golden(table: &ConsolidatedTable) -> TestResult {
    let shown: BTreeMap<(String, String), Option<Decimal>> = table
        .display_rows(Method::Published)
        .into_iter()
        .map(|r| ((r.indicator, r.group), r.value))
        .collect();
    let deviations = deviations()?;
    let golden = published()?;

    let mut mismatches = Vec::new();
    let mut compared = 0;
    let mut deviations_used = 0;
    for (code, figures) in &golden {
        for (group, text) in GROUPS.iter().zip(figures) {
            let key = (code.clone(), (*group).to_owned());
            let expected_text = match deviations.get(&key) {
                Some((published, expected)) => {
                    if published != text {
                        mismatches.push(format!(
                            "{code} {group}: known-deviations.csv says published {published}, the table says {text}"
                        ));
                    }
                    deviations_used += 1;
                    expected
                }
                None => text,
            };
            let expected = figure(expected_text)?;
            let got = shown.get(&key).copied();
            compared += 1;
            if got != Some(expected) {
                let got = match got {
                    None => "no such cell".to_owned(),
                    Some(None) => "S/O".to_owned(),
                    Some(Some(v)) => v.to_string(),
                };
                mismatches.push(format!(
                    "{code} {group}: expected {expected_text}, got {got}"
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared} published figures differ:\n  {}",
        mismatches.len(),
        mismatches.join("\n  ")
    );
    assert_eq!(
        (golden.len(), compared, deviations_used),
        (95, 285, deviations.len())
    );
    Ok(())
}

#[test]
fn rows_are_in_the_published_order() -> TestResult {
    let (_, table) = q1_2016()?;
    let ours: Vec<String> = table.rows.iter().map(|r| r.code()).collect();
    let theirs: Vec<String> = published()?.into_iter().map(|(c, _)| c).collect();
    assert_eq!(ours, theirs);
    Ok(())
}

/// The liquidity deviation: the platform shows Σ A ÷ Σ B of its own A and B rows.
#[test]
fn the_known_deviation_is_the_ratio_of_the_published_rows() -> TestResult {
    let (_, table) = q1_2016()?;
    let cell = |code: &str| {
        table
            .cell(code, "sector")
            .ok_or(format!("no {code} sector"))
    };
    let (value, a, b) = (
        cell("prud.liquidity")?.value,
        cell("prud.liquidity.a")?.value,
        cell("prud.liquidity.b")?.value,
    );
    // Means over the same n, so (Σ A / n) / (Σ B / n) = Σ A / Σ B (up to the 28th digit).
    let from_rows = a
        .zip(b)
        .and_then(|(a, b)| ratio(a, b, Decimal::ONE_HUNDRED));
    let two = |v: Option<Decimal>| v.map(|v| round_half_away(v, 2));
    assert_eq!(two(value), Some(dec("112.05")?));
    assert_eq!(two(value), two(from_rows));
    assert_ne!(two(value), Some(dec("114.78")?));
    Ok(())
}

/// n per cell as the seed and golden/README.md give it.
#[test]
fn n_per_cell_is_as_published() -> TestResult {
    let (_, table) = q1_2016()?;
    let mut wrong = Vec::new();
    for row in &table.rows {
        let code = row.code();
        let (sa, mutual) = match code.as_str() {
            "fin.par30" | "fin.par90" | "fin.par180" | "fin.provision_rate" | "fin.loss_rate" => {
                (10, 10)
            }
            c if c.starts_with("nf.pricing.") => (5, 11),
            "prud.general_reserve" => (0, 0),
            c if c.starts_with("prud.") => (10, 9),
            _ => (10, 11),
        };
        for (group, n) in [("sa", sa), ("mutual", mutual), ("sector", sa + mutual)] {
            let got = row.cell(group).map(|c| c.n);
            if got != Some(n) {
                wrong.push(format!("{code} {group}: n expected {n}, got {got:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let columns: Vec<(&str, usize)> = table
        .groups
        .iter()
        .map(|g| (g.code.as_str(), g.institutions))
        .collect();
    assert_eq!(columns, [("sa", 10), ("mutual", 11), ("sector", 21)]);
    Ok(())
}

/// Footnote 5: "1 seul SFD sur les 10 du groupe des S.A. présente un ratio de 15 %. Au niveau
/// des Coopératives 3 SFD sur les 9 ayant reporté pour ce ratio respectent la norme de 15 %."
#[test]
fn capitalization_compliance_is_as_in_footnote_5() -> TestResult {
    let (_, table) = q1_2016()?;
    let count = |group: &str| {
        table
            .cell("prud.capitalization", group)
            .map(|c| (c.n, c.n_compliant()))
    };
    assert_eq!(count("sa"), Some((10, Some(1))));
    assert_eq!(count("mutual"), Some((9, Some(3))));
    assert_eq!(count("sector"), Some((19, Some(4))));
    // The general reserve: nobody reports it, no value, and nobody meets or fails its norm —
    // so no count of compliance at all (the bulletin shows "S/O", not "0 conforme(s)").
    let reserve = table
        .cell("prud.general_reserve", "sector")
        .ok_or("no cell")?;
    assert_eq!(
        (reserve.n, reserve.value, reserve.n_compliant()),
        (0, None, None)
    );
    assert_eq!(reserve.norm.map(|c| (c.judged, c.compliant)), Some((0, 0)));
    Ok(())
}

/// Exactly one published figure of the fixture is a rounding tie: the SA mean of
/// `nf.clients.groups` is 107.5, published 108 (half away from zero).
#[test]
fn the_only_rounding_tie_rounds_away_from_zero() -> TestResult {
    let (_, table) = q1_2016()?;
    let mut ties = Vec::new();
    for row in &table.rows {
        for cell in &row.cells {
            let Some(v) = cell.value else { continue };
            // A tie at d decimals: v × 10^d (after the display's divisor) ends in exactly .5.
            let scaled =
                v / row.display.divisor() * Decimal::from(10_i64.pow(row.display.decimals()));
            if (scaled - scaled.trunc()).abs() == dec("0.5")? {
                ties.push((row.code(), cell.group.clone(), v));
            }
        }
    }
    assert_eq!(
        ties,
        [(
            "nf.clients.groups".to_owned(),
            "sa".to_owned(),
            dec("107.5")?
        )]
    );
    let shown = table
        .display_rows(Method::Published)
        .into_iter()
        .find(|r| r.indicator == "nf.clients.groups" && r.group == "sa")
        .and_then(|r| r.value);
    assert_eq!(shown, Some(dec("108")?));
    Ok(())
}

/// The two methods disagree where the seed says: the capitalization ratio is −32.83 % as a mean
/// of the institution ratios, because of outliers, while the pooled ratio equity ÷ assets is
/// positive.
///
/// Pooled by hand from `returns.csv` (equity / assets.total, all 21 institutions report both):
/// - SA (10), equity: 364 168 461 + 1 225 950 861 + 380 032 128 − 2 881 604 702
///   + 240 339 954 + 1 753 139 850 + 237 269 084 + 104 790 779 + 4 446 338 111
///   + 6 857 762 892, that is 12 728 187 418;
/// - SA (10), assets: 5 088 851 634 + 8 895 784 965 + 2 922 161 247 + 542 777 317
///   + 1 852 994 371 + 12 696 034 287 + 8 826 764 725 + 4 619 516 279 + 34 297 779 633
///   + 25 821 820 852, that is 105 564 485 310;
/// - mutuals (11), equity: 53 571 026 + 1 759 897 241 + 47 743 572 + 18 169 616
///   + 31 266 696 + 127 792 020 − 215 736 833 + 75 054 896 + 39 269 104 + 80 466 855
///   + 570 307 653, that is 2 587 801 846;
/// - mutuals (11), assets: 407 362 686 + 7 150 952 737 + 263 470 031 + 183 492 747
///   + 141 316 311 + 1 303 517 527 + 52 361 845 + 574 838 408 + 470 248 356
///   + 939 699 064 + 2 761 868 468, that is 14 249 128 180;
/// - sector: 15 315 989 264 / 119 813 613 490 × 100 = 12.7831794884… %.
///
/// That is positive, like the prudential capitalization (Σ own funds ÷ Σ assets of the 19
/// prudential returns: 15.39 %). It is lower than 15.39 mainly because SA05 reports equity of
/// −2 881 604 702 in its financial data but own funds of 27 292 182 in its prudential data
/// (and MU16, with negative equity, has no prudential return).
#[test]
fn mean_of_ratios_and_pooled_ratio_disagree_as_the_seed_says() -> TestResult {
    let (_, table) = q1_2016()?;
    let cap = table
        .cell("fin.capitalization", "sector")
        .ok_or("no cell")?;
    let two = |v: Option<Decimal>| v.map(|v| round_half_away(v, 2));

    assert_eq!(
        two(cap.figure(Method::Published).value),
        Some(dec("-32.83")?)
    );
    let pooled = cap.figure(Method::Pooled);
    assert_eq!(pooled.n, 21);
    assert_eq!(cap.pooled.numerator, Some(dec("15315989264")?));
    assert_eq!(cap.pooled.denominator, Some(dec("119813613490")?));
    let by_hand = dec("1531598926400")? / dec("119813613490")?;
    assert_eq!(pooled.value, Some(by_hand.normalize()));
    assert_eq!(two(pooled.value), Some(dec("12.78")?));
    assert!(pooled.value.is_some_and(|v| v > Decimal::ZERO));

    let group = |g: &str| {
        table
            .cell("fin.capitalization", g)
            .and_then(|c| two(c.pooled.value))
    };
    // 12 728 187 418 / 105 564 485 310 and 2 587 801 846 / 14 249 128 180.
    assert_eq!(group("sa"), Some(dec("12.06")?));
    assert_eq!(group("mutual"), Some(dec("18.16")?));

    let prudential = table
        .cell("prud.capitalization", "sector")
        .ok_or("no cell")?;
    assert_eq!(two(prudential.value), Some(dec("15.39")?));
    Ok(())
}
