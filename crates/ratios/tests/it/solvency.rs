//! The solvency coefficient of circular 4/G/2001 on worked returns, every figure checked by hand
//! in the comments.

use std::path::PathBuf;

use mizan_core::{Code, Decimal, Framework, ItemValues};
use mizan_ratios::solvency::{solvency, solvency_items};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn framework() -> Result<Framework, Box<dyn std::error::Error>> {
    Ok(Framework::from_file(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks/bam-mfi.toml"),
    )?)
}

fn values(pairs: &[(&str, i64)]) -> Result<ItemValues, Box<dyn std::error::Error>> {
    let mut v = ItemValues::new();
    for (c, n) in pairs {
        v.insert(Code::parse(c)?, Decimal::from(*n));
    }
    Ok(v)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap_or(Decimal::MIN)
}

#[test]
fn worked_example_with_every_cap() -> TestResult {
    let fw = framework()?;
    let def = fw.solvency.as_ref().ok_or("no [solvency]")?;
    let v = values(&[
        // Core (art. 2 a): 10,000,000 + 1,000,000 + 2,000,000 + 500,000 = 13,500,000
        ("solv.core.capital", 10_000_000),
        ("solv.core.premiums", 1_000_000),
        ("solv.core.reserves", 2_000_000),
        ("solv.core.retained_earnings", 500_000),
        // Profit net of planned dividends (art. 7): 1,500,000 − 600,000 = 900,000
        ("solv.core.profit", 1_500_000),
        ("solv.core.planned_dividends", 600_000),
        // Deducted (art. 2 b): 300,000 + 200,000 = 500,000
        // → core = 13,500,000 + 900,000 − 500,000 = 13,900,000
        ("solv.core.intangibles", 300_000),
        ("solv.core.unpaid_capital", 200_000),
        // Supplementary (art. 3): revaluation on participations at 35 % (art. 9):
        // 2,000,000 × 0.35 = 700,000; other revaluation 100,000; housing 40,000;
        // perpetual debt 1,000,000.
        ("solv.supp.revaluation_participations", 2_000_000),
        ("solv.supp.revaluation_other", 100_000),
        ("solv.supp.housing_provisions", 40_000),
        ("solv.supp.perpetual_debt", 1_000_000),
        // Public + guarantee funds 1,500,000, capped at 8 % × 12,000,000 = 960,000 (art. 10).
        ("solv.supp.public_funds", 1_000_000),
        ("solv.supp.guarantee_funds", 500_000),
        ("solv.supp.covered_risks", 12_000_000),
        // General provisions 1,500,000, capped at 1.25 % × 86,000,000 = 1,075,000 (art. 11).
        ("solv.supp.general_provisions", 1_500_000),
        // Other supplementary = 700,000 + 100,000 + 40,000 + 1,000,000 + 960,000 + 1,075,000
        //                     = 3,875,000.
        // Subordinated by remaining maturity (art. 14): 3,000,000 × 100 % + 1,000,000 × 80 %
        // + 500,000 × 40 % + 700,000 × 0 % = 4,000,000; at most 50 % of the total
        // supplementary (3,875,000 + D) ⇒ D ≤ 3,875,000 → 3,875,000.
        ("solv.supp.subordinated.5y", 3_000_000),
        ("solv.supp.subordinated.4y", 1_000_000),
        ("solv.supp.subordinated.2y", 500_000),
        ("solv.supp.subordinated.0y", 700_000),
        // Supplementary = 7,750,000 ≤ core 13,900,000 (art. 6, not binding).
        // Deductions (art. 4): 400,000 + 150,000 = 550,000.
        ("solv.ded.bank_shares", 400_000),
        ("solv.ded.bank_subordinated_claims", 150_000),
        // RWA (art. 15): 5,000,000 × 0 + 10,000,000 × 20 % + 4,000,000 × 50 %
        // + 80,000,000 × 100 % + 5,000,000 × 4 % + 1,000,000 × 20 % + 2,000,000 × 50 %
        // + 600,000 × 100 % = 0 + 2,000,000 + 2,000,000 + 80,000,000 + 200,000 + 200,000
        // + 1,000,000 + 600,000 = 86,000,000.
        ("solv.bs.w0", 5_000_000),
        ("solv.bs.w20", 10_000_000),
        ("solv.bs.w50", 4_000_000),
        ("solv.bs.w100", 80_000_000),
        ("solv.obs.w4", 5_000_000),
        ("solv.obs.w20", 1_000_000),
        ("solv.obs.w50", 2_000_000),
        ("solv.obs.w100", 600_000),
    ])?;
    let b = solvency(def, &v);
    assert_eq!(b.profit_counted, d("900000"));
    assert_eq!(b.core, d("13900000"));
    assert_eq!(b.rwa, d("86000000"));
    let revaluation = b
        .supplementary_items
        .iter()
        .find(|l| l.item.as_str() == "solv.supp.revaluation_participations");
    assert_eq!(
        revaluation.map(|l| (l.pct, l.counted)),
        Some((d("35"), d("700000")))
    );
    assert_eq!(
        (
            b.guarantee_funds.before,
            b.guarantee_funds.limit,
            b.guarantee_funds.after
        ),
        (d("1500000"), d("960000"), d("960000"))
    );
    assert!(b.guarantee_funds.binding());
    assert_eq!(
        (b.general_provisions.limit, b.general_provisions.after),
        (d("1075000"), d("1075000"))
    );
    assert_eq!(
        (
            b.subordinated.before,
            b.subordinated.limit,
            b.subordinated.after
        ),
        (d("4000000"), d("3875000"), d("3875000"))
    );
    assert_eq!(
        (
            b.supplementary.before,
            b.supplementary.limit,
            b.supplementary.after
        ),
        (d("7750000"), d("13900000"), d("7750000"))
    );
    assert!(!b.supplementary.binding());
    assert_eq!(b.deducted, d("550000"));
    // Own funds = 13,900,000 + 7,750,000 − 550,000 = 21,100,000;
    // coefficient = 21,100,000 ÷ 86,000,000 × 100 = 24.534883720930…%.
    assert_eq!(b.own_funds, d("21100000"));
    let coef = b.coefficient_pct.ok_or("no coefficient")?;
    assert_eq!(mizan_core::number::round_half_away(coef, 6), d("24.534884"));
    assert_eq!(b.meets_minimum, Some(true));
    // Items not given count as zero and are listed.
    assert!(
        b.missing
            .iter()
            .any(|c| c.as_str() == "solv.core.own_shares")
    );
    assert!(!b.missing.iter().any(|c| c.as_str() == "solv.core.capital"));
    // The rows show each cap.
    let rows = b.rows();
    let row = |k: &str| {
        rows.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(row("cap.guarantee_funds.before"), Some("1500000"));
    assert_eq!(row("cap.guarantee_funds.limit"), Some("960000"));
    assert_eq!(row("cap.subordinated.after"), Some("3875000"));
    assert_eq!(
        row("supplementary.solv.supp.subordinated.4y.counted"),
        Some("800000")
    );
    assert_eq!(row("rwa.solv.obs.w4"), Some("200000"));
    assert_eq!(row("own_funds"), Some("21100000"));
    assert_eq!(row("meets_minimum"), Some("true"));
    // The computed items feed the prudential indicator as a ratio of sums.
    let items = solvency_items(&b, &fw);
    assert_eq!(items.get("solv.own_funds"), Some(&d("21100000")));
    assert_eq!(items.get("solv.rwa"), Some(&d("86000000")));
    Ok(())
}

#[track_caller]
fn check(pairs: &[(&str, i64)], own_funds: &str, coefficient: Option<&str>, meets: Option<bool>) {
    let fw = framework().ok();
    let Some(def) = fw.as_ref().and_then(|f| f.solvency.as_ref()) else {
        panic!("no [solvency] in bam-mfi");
    };
    let Ok(v) = values(pairs) else {
        panic!("bad item codes in {pairs:?}");
    };
    let b = solvency(def, &v);
    assert_eq!(b.own_funds, d(own_funds), "{pairs:?}");
    assert_eq!(
        b.coefficient_pct
            .map(|c| c.normalize().to_string())
            .as_deref(),
        coefficient,
        "{pairs:?}"
    );
    assert_eq!(b.meets_minimum, meets, "{pairs:?}");
}

#[test]
fn caps_one_by_one() {
    // Supplementary at most core (art. 6): 1,000,000 + min(3,000,000, 1,000,000) = 2,000,000;
    // 2,000,000 ÷ 20,000,000 = 10 %.
    check(
        &[
            ("solv.core.capital", 1_000_000),
            ("solv.supp.perpetual_debt", 3_000_000),
            ("solv.bs.w100", 20_000_000),
        ],
        "2000000",
        Some("10"),
        Some(true),
    );
    // Exactly 8 %: 1,600,000 ÷ 20,000,000.
    check(
        &[
            ("solv.core.capital", 1_600_000),
            ("solv.bs.w100", 20_000_000),
        ],
        "1600000",
        Some("8"),
        Some(true),
    );
    // 7.99 %: 1,598,000 ÷ 20,000,000.
    check(
        &[
            ("solv.core.capital", 1_598_000),
            ("solv.bs.w100", 20_000_000),
        ],
        "1598000",
        Some("7.99"),
        Some(false),
    );
    // Dividends above profit: profit counts 0 (art. 7).
    check(
        &[
            ("solv.core.capital", 1_000_000),
            ("solv.core.profit", 100),
            ("solv.core.planned_dividends", 500),
            ("solv.bs.w100", 10_000_000),
        ],
        "1000000",
        Some("10"),
        Some(true),
    );
    // Negative core: no supplementary counted (art. 6): 1,000,000 − 1,500,000 = −500,000;
    // −500,000 ÷ 10,000,000 = −5 %.
    check(
        &[
            ("solv.core.capital", 1_000_000),
            ("solv.core.losses", 1_500_000),
            ("solv.supp.perpetual_debt", 800_000),
            ("solv.bs.w100", 10_000_000),
        ],
        "-500000",
        Some("-5"),
        Some(false),
    );
    // Subordinated debt alone counts nothing (50 % of a total made only of itself is itself,
    // but the other supplementary funds are 0 ⇒ D ≤ 0).
    check(
        &[
            ("solv.core.capital", 1_000_000),
            ("solv.supp.subordinated.5y", 500_000),
            ("solv.bs.w100", 10_000_000),
        ],
        "1000000",
        Some("10"),
        Some(true),
    );
    // Maturity haircut: 1,000,000 at 3 to 4 years counts 60 % = 600,000 ≤ other 700,000.
    check(
        &[
            ("solv.core.capital", 2_000_000),
            ("solv.supp.perpetual_debt", 700_000),
            ("solv.supp.subordinated.3y", 1_000_000),
            ("solv.bs.w100", 10_000_000),
        ],
        "3300000",
        Some("33"),
        Some(true),
    );
    // 0-weighted exposures only: no coefficient.
    check(
        &[("solv.core.capital", 1_000_000), ("solv.bs.w0", 10_000_000)],
        "1000000",
        None,
        None,
    );
}
