//! Publishing the Q1 2016 fixture under disclosure control.
//!
//! The association published every cell of this table (each with n ≥ 9 in the groups, 5 for
//! the SA pricing rows). The rules suppress a few, and say where its own table was at risk:
//! - `fin.staff_productivity`: one SA reports about 29 000 clients per employee, 96 % of the SA
//!   sum of productivities (86 % of the sector's): the SA mean, 2 990, is essentially that
//!   institution's figure ÷ 10;
//!   (SA04: 86 389 clients for 3 employees);
//! - `nf.governance.supervisory_board`: two SA (SA02, SA11) have a supervisory board (14
//!   members each), the others none: each of the two learns the other's exactly (p % rule);
//!   the mutual total goes too, or SA = sector − mutual;
//! - `nf.supervision.affiliates` and `…affiliates_controlled`: a single network head (MU04)
//!   reports affiliates (23, of which 15 controlled); the mutual (and sector) mean is 23 ÷ 11;
//!
//! Each of these cells is withheld under every method (its median too), and medians are public
//! from n = 5 (the SA pricing medians, n = 5, are each one SA's rate — which one, the public
//! cannot tell — shown to two decimals).
//! - `prud.other_activities`: only two SA (SA10, SA11) have activities other than savings and
//!   credit: the A row is their sum ÷ 10, so each learns the other's amount (p % rule on the
//!   numerators); the ratio and the B row go with it.

use mizan_core::Period;
use mizan_ratios::{Method, consolidate, protect};

use super::pattern;
use crate::TestResult;
use crate::fixture::{apsfd, returns};
use crate::golden::check_golden;

#[test]
fn the_q1_2016_table_under_disclosure_control() -> TestResult {
    let period = Period::parse("2016-Q1")?;
    let fw = apsfd()?;
    let table = consolidate(&fw, period, &returns(period)?)?;
    let before = table.clone();
    let started = std::time::Instant::now();
    let result = protect(&fw, &table, &[])?;
    println!(
        "protect: {:?} for {} figures",
        started.elapsed(),
        result.cells.len()
    );
    for c in result.suppressed() {
        println!("{}", super::line(c));
    }
    let expected = [
        "fin.staff_productivity sa published: dominance: the largest contributor makes 96.32 % of the values; p % rule: the other contributors make 3.22 % of the largest (values)",
        "fin.staff_productivity sa pooled: same cell: withheld under the published method",
        "fin.staff_productivity sa median: same cell: withheld under the published method",
        "fin.staff_productivity sector published: dominance: the largest contributor makes 85.92 % of the values",
        "fin.staff_productivity sector pooled: same cell: withheld under the published method",
        "fin.staff_productivity sector median: same cell: withheld under the published method",
        "nf.governance.supervisory_board sa published: p % rule: the other contributors make 0 % of the largest (values)",
        "nf.governance.supervisory_board sa pooled: p % rule: the other contributors make 0 % of the largest (values)",
        "nf.governance.supervisory_board sa median: same cell: withheld under the published method",
        "nf.governance.supervisory_board mutual published: secondary: protects SA11 in nf.governance.supervisory_board (sa)",
        "nf.governance.supervisory_board mutual pooled: secondary: protects SA11 in nf.governance.supervisory_board (sa)",
        "nf.supervision.affiliates mutual published: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates mutual pooled: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates mutual median: same cell: withheld under the published method",
        "nf.supervision.affiliates sector published: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates sector pooled: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates sector median: same cell: withheld under the published method",
        "nf.supervision.affiliates_controlled mutual published: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates_controlled mutual pooled: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates_controlled mutual median: same cell: withheld under the published method",
        "nf.supervision.affiliates_controlled sector published: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates_controlled sector pooled: dominance: the largest contributor makes 100 % of the values; p % rule: the other contributors make 0 % of the largest (values)",
        "nf.supervision.affiliates_controlled sector median: same cell: withheld under the published method",
        "prud.other_activities sa published: p % rule: the other contributors make 0 % of the largest (numerators)",
        "prud.other_activities sa pooled: p % rule: the other contributors make 0 % of the largest (numerators)",
        "prud.other_activities sa median: same cell: withheld under the published method",
        "prud.other_activities sector published: p % rule: the other contributors make 0 % of the largest (numerators)",
        "prud.other_activities sector pooled: p % rule: the other contributors make 0 % of the largest (numerators)",
        "prud.other_activities sector median: same cell: withheld under the published method",
        "prud.other_activities.a sa published: p % rule: the other contributors make 0 % of the largest (values)",
        "prud.other_activities.a sa pooled: p % rule: the other contributors make 0 % of the largest (values)",
        "prud.other_activities.a sa median: same cell: withheld under the published method",
        "prud.other_activities.a sector published: p % rule: the other contributors make 0 % of the largest (values)",
        "prud.other_activities.a sector pooled: p % rule: the other contributors make 0 % of the largest (values)",
        "prud.other_activities.a sector median: same cell: withheld under the published method",
        "prud.other_activities.b sa published: linked: suppressed with prud.other_activities",
        "prud.other_activities.b sa pooled: linked: suppressed with prud.other_activities",
        "prud.other_activities.b sector published: linked: suppressed with prud.other_activities",
        "prud.other_activities.b sector pooled: linked: suppressed with prud.other_activities",
    ];
    assert_eq!(pattern(&result), expected);
    assert!(result.unprotected.is_empty());
    // 95 rows × 3 columns × 3 methods.
    assert_eq!(result.cells.len(), 95 * 3 * 3);
    // Every method at once: a cell failing a primary rule under one method is withheld under
    // every method (its median too: the median of a dominated cell is not shown under another
    // method). A cell withheld only as a secondary suppression keeps its median, which enters
    // no relation between cells.
    for c in result.suppressed() {
        if c.reasons.iter().any(|r| r.is_primary()) {
            for m in Method::ALL {
                assert!(
                    result.is_suppressed(&c.row, &c.group, m),
                    "{} {} {m}",
                    c.row,
                    c.group
                );
            }
        }
    }
    // Medians are public from n = 5 (`median_min_contributors`): the SA pricing rows, n = 5,
    // are each one of the five SA's rates (which one, the public cannot tell), shown to two
    // decimals like every public figure; a median of 4 would be withheld.
    assert_eq!(fw.disclosure.median_min_contributors, 5);
    let mut pricing = 0;
    for row in table
        .rows
        .iter()
        .filter(|r| r.indicator.as_str().starts_with("nf.pricing."))
    {
        let code = row.code();
        let Some(cell) = row.cell("sa") else { continue };
        let median = cell.figure(Method::Median);
        assert_eq!(median.n, 5, "{code}");
        assert!(!result.is_suppressed(&code, "sa", Method::Median), "{code}");
        let public = result
            .public_rows(&table, Method::Median)
            .into_iter()
            .find(|p| p.row.indicator == code && p.row.group == "sa")
            .and_then(|p| p.row.value)
            .ok_or(format!("{code}: no public median"))?;
        assert!(public.scale() <= 2, "{code}: {public}");
        pricing += 1;
    }
    assert_eq!(pricing, 4);
    for c in result.cells.iter().filter(|c| c.method == Method::Median) {
        let n = table
            .cell(&c.row, &c.group)
            .map_or(0, |cell| cell.figure(Method::Median).n);
        if (1..5).contains(&n) {
            assert!(c.suppressed(), "{} {}: median of {n}", c.row, c.group);
        }
    }
    // The compliance counts of none or all that, with the row's public sums, would bound a
    // judged institution's value within 10 % (0 of the 10 mutuals meet the PAR 90 norm, and
    // their mean bounds the highest; every SA meets the loss-rate norm…) are withheld.
    let withheld: Vec<String> = result
        .compliance_withheld
        .iter()
        .map(|c| format!("{} {}", c.row, c.group))
        .collect();
    assert_eq!(
        withheld,
        [
            "fin.par90 mutual",
            "fin.par180 mutual",
            "fin.loss_rate sa",
            "fin.loss_rate mutual",
            "fin.loss_rate sector",
            "fin.operating_expense_ratio mutual",
            "fin.asset_yield sa",
            "fin.asset_yield mutual",
            "fin.asset_yield sector",
            "fin.asset_liquidity sa",
            "fin.asset_liquidity mutual",
            "fin.asset_liquidity sector",
        ]
    );
    for c in &result.compliance_withheld {
        assert!(!result.compliance_public(&c.row, &c.group));
    }

    // The unsuppressed consolidation is untouched: the golden figures still come out of it.
    assert_eq!(table, before);
    check_golden(&table)?;

    // The public export carries exactly these suppressions, for each method.
    for method in Method::ALL {
        let flagged: Vec<String> = result
            .public_rows(&table, method)
            .into_iter()
            .filter(|p| p.suppressed)
            .map(|p| {
                assert_eq!((p.row.value, p.row.n_compliant), (None, None));
                format!("{} {}", p.row.indicator, p.row.group)
            })
            .collect();
        let expected_here: Vec<String> = result
            .suppressed()
            .filter(|c| c.method == method)
            .map(|c| format!("{} {}", c.row, c.group))
            .collect();
        assert_eq!(flagged, expected_here);
    }
    Ok(())
}
