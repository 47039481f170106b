//! Each rule on a small hand-made table, with the expected pattern.

use mizan_ratios::disclosure::Reason;
use mizan_ratios::{Method, Publication, protect};

use super::{inst, mini, pattern, row_pattern, table};
use crate::TestResult;
use crate::fixture::dec;

#[track_caller]
fn check(got: Vec<String>, expected: &[&str]) {
    assert_eq!(got, expected, "\ngot:\n  {}", got.join("\n  "));
}

/// Threshold: two SA, three mutuals. The SA figure is suppressed (n = 2), and so must be a
/// second figure of the sector relation (sector = sa + mutual, n published): the cheaper one,
/// the mutual total (180 < 480). Medians need 5 contributors: only the sector's is public.
#[test]
fn threshold_and_its_complement_in_the_sector_relation() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "loans=100")?,
            inst("SA02", None, "loans=200")?,
            inst("MU01", None, "loans=50")?,
            inst("MU02", None, "loans=60")?,
            inst("MU03", None, "loans=70")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    check(
        row_pattern(&r, "nf.loans", Method::Published),
        &[
            "sa: threshold: n = 2 contributors (minimum 3)",
            "mutual: secondary: protects SA02 in nf.loans (sa)",
        ],
    );
    check(
        row_pattern(&r, "nf.loans", Method::Pooled),
        &[
            "sa: threshold: n = 2 contributors (minimum 3)",
            "mutual: secondary: protects SA02 in nf.loans (sa)",
        ],
    );
    check(
        row_pattern(&r, "nf.loans", Method::Median),
        &[
            "sa: median: n = 2 contributors (minimum 5)",
            "mutual: median: n = 3 contributors (minimum 5)",
        ],
    );
    // The proof: what the public can derive about the suppressed totals (300 and 180) is
    // [0, 480] for both, at least 10 % of the largest contributor (20) away on each side.
    let intervals: Vec<_> = r
        .intervals
        .iter()
        .map(|i| (i.row.as_str(), i.group.as_str(), i.total, i.lower, i.upper))
        .collect();
    assert_eq!(
        intervals,
        [
            (
                "nf.loans",
                "sa",
                dec("300")?,
                Some(dec("0")?),
                Some(dec("480")?)
            ),
            (
                "nf.loans",
                "mutual",
                dec("180")?,
                Some(dec("0")?),
                Some(dec("480")?)
            ),
        ]
    );
    assert!(r.unprotected.is_empty());
    Ok(())
}

/// (1, 85) dominance alone: 1000 of 1170 is 85.47 %; the others (170) minus the second (60)
/// make 110 ≥ 10 % of 1000, so the p % rule passes.
#[test]
fn dominance() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("MU01", None, "loans=1000")?,
            inst("MU02", None, "loans=60")?,
            inst("MU03", None, "loans=60")?,
            inst("MU04", None, "loans=50")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    // Every institution is a mutual: the sector is the same figure and is suppressed too.
    check(
        row_pattern(&r, "nf.loans", Method::Published),
        &[
            "mutual: dominance: the largest contributor makes 85.47 % of the values",
            "sector: dominance: the largest contributor makes 85.47 % of the values",
        ],
    );
    assert!(matches!(
        r.cell("nf.loans", "mutual", Method::Published)
            .map(|c| c.reasons.as_slice()),
        Some([Reason::Dominance { .. }])
    ));
    Ok(())
}

/// p % rule alone: 1000, 900, 50: the second largest (900) learns the largest within 50,
/// 5 % < 10 %; the largest makes only 51 % (no dominance).
#[test]
fn p_percent_rule() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "loans=1000")?,
            inst("SA02", None, "loans=900")?,
            inst("SA03", None, "loans=50")?,
            inst("MU01", None, "loans=500")?,
            inst("MU02", None, "loans=600")?,
            inst("MU03", None, "loans=700")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    let got = row_pattern(&r, "nf.loans", Method::Published);
    assert_eq!(
        got.first().map(String::as_str),
        Some("sa: p % rule: the other contributors make 5 % of the largest (values)")
    );
    // sector = sa + mutual: one more figure goes, the cheaper mutual total (1800 < 3750).
    check(
        got,
        &[
            "sa: p % rule: the other contributors make 5 % of the largest (values)",
            "mutual: secondary: protects SA01 in nf.loans (sa)",
        ],
    );
    Ok(())
}

/// Owner groups: two institutions of one owner are one contributor, for the threshold and for
/// dominance.
#[test]
fn owner_groups_are_one_contributor() -> TestResult {
    let fw = mini()?;
    let three = |owner: Option<&str>| -> Result<_, crate::fixture::Error> {
        Ok(vec![
            inst("SA01", owner, "loans=100")?,
            inst("SA02", owner, "loans=100")?,
            inst("SA03", None, "loans=100")?,
            inst("MU01", None, "loans=100")?,
            inst("MU02", None, "loans=100")?,
            inst("MU03", None, "loans=100")?,
        ])
    };
    let alone = protect(&fw, &table(&fw, &three(None)?)?, &[])?;
    check(
        pattern(&alone)
            .into_iter()
            .filter(|l| !l.contains("median"))
            .collect(),
        &[],
    );
    let owned = protect(&fw, &table(&fw, &three(Some("X"))?)?, &[])?;
    check(
        row_pattern(&owned, "nf.loans", Method::Published),
        &[
            "sa: threshold: n = 2 contributors (minimum 3)",
            "mutual: secondary: protects X in nf.loans (sa)",
        ],
    );
    // Dominance over owner sums: X has 1000 of 1160 (86.2 %), each of its institutions 43 %;
    // the others than X and the second (60) make 100, exactly 10 % of X: the p % rule passes.
    let four = |owner: Option<&str>| -> Result<_, crate::fixture::Error> {
        Ok(vec![
            inst("MU01", owner, "loans=500")?,
            inst("MU02", owner, "loans=500")?,
            inst("MU03", None, "loans=60")?,
            inst("MU04", None, "loans=50")?,
            inst("MU05", None, "loans=50")?,
        ])
    };
    let alone = protect(&fw, &table(&fw, &four(None)?)?, &[])?;
    check(row_pattern(&alone, "nf.loans", Method::Published), &[]);
    let owned = protect(&fw, &table(&fw, &four(Some("X"))?)?, &[])?;
    check(
        row_pattern(&owned, "nf.loans", Method::Published),
        &[
            "mutual: dominance: the largest contributor makes 86.21 % of the values",
            "sector: dominance: the largest contributor makes 86.21 % of the values",
        ],
    );
    Ok(())
}

fn published(r: &mizan_ratios::DisclosureResult) -> Vec<String> {
    pattern(r)
        .into_iter()
        .filter(|l| l.split(' ').nth(2) == Some("published:"))
        .collect()
}

/// An institution outside every peer group counts in the sector only: with both groups
/// published, sector − sa − mutual would be its value. The cheapest figure that hides it goes.
#[test]
fn an_institution_outside_the_groups_is_protected() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "loans=100")?,
            inst("SA02", None, "loans=110")?,
            inst("SA03", None, "loans=120")?,
            inst("MU01", None, "loans=100")?,
            inst("MU02", None, "loans=110")?,
            inst("MU03", None, "loans=125")?,
            inst("AS01", None, "loans=500")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    check(
        published(&r),
        &["nf.loans sa published: secondary: protects AS01 in nf.loans (sector)"],
    );
    // What the public can derive about the SA total (330): [0, 830] (sector 1165 − mutual 335).
    let sa = r.intervals.first().map(|i| (i.total, i.lower, i.upper));
    assert_eq!(sa, Some((dec("330")?, Some(dec("0")?), Some(dec("830")?))));
    Ok(())
}

/// Totals of parts: persons = men + women, per institution. SA01 dominates the SA men
/// (1000 of 1030). Hiding the SA men and one other men figure is not enough, since SA men =
/// SA persons − SA women; the pattern found is the 2 × 2 rectangle men/women × sa/mutual, and
/// the public can then only say that the SA men are between 630 and 1430.
#[test]
fn secondary_through_totals_of_parts() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "men=1000 women=100")?,
            inst("SA02", None, "men=10 women=100")?,
            inst("SA03", None, "men=10 women=100")?,
            inst("SA04", None, "men=10 women=100")?,
            inst("MU01", None, "men=100 women=100")?,
            inst("MU02", None, "men=100 women=100")?,
            inst("MU03", None, "men=100 women=100")?,
            inst("MU04", None, "men=100 women=100")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    check(
        published(&r),
        &[
            "nf.men sa published: dominance: the largest contributor makes 97.09 % of the values; \
             p % rule: the other contributors make 2 % of the largest (values)",
            "nf.men mutual published: secondary: protects SA01 in nf.men (sa)",
            "nf.women sa published: secondary: protects SA01 in nf.men (sa)",
            "nf.women mutual published: secondary: protects SA01 in nf.men (sa)",
        ],
    );
    let men = r
        .intervals
        .iter()
        .find(|i| i.row == "nf.men" && i.group == "sa")
        .map(|i| (i.total, i.lower, i.upper));
    assert_eq!(
        men,
        Some((dec("1030")?, Some(dec("630")?), Some(dec("1430")?)))
    );
    Ok(())
}

/// A figure suppressed in revision 1 stays suppressed in revision 2, even when the late
/// returns (three of them: no revision-difference rule) would now let it pass.
#[test]
fn revision_carries_the_pattern_forward() -> TestResult {
    let fw = mini()?;
    let mut returns = vec![
        inst("SA01", None, "loans=1000")?,
        inst("SA02", None, "loans=50")?,
        inst("SA03", None, "loans=50")?,
        inst("MU01", None, "loans=100")?,
        inst("MU02", None, "loans=100")?,
        inst("MU03", None, "loans=100")?,
    ];
    let t1 = table(&fw, &returns)?;
    let r1 = protect(&fw, &t1, &[])?;
    check(
        published(&r1),
        &[
            "nf.loans sa published: dominance: the largest contributor makes 90.91 % of the values; \
             p % rule: the other contributors make 5 % of the largest (values)",
            "nf.loans mutual published: secondary: protects SA01 in nf.loans (sa)",
        ],
    );
    returns.push(inst("SA04", None, "loans=400")?);
    returns.push(inst("SA05", None, "loans=400")?);
    returns.push(inst("SA06", None, "loans=400")?);
    let t2 = table(&fw, &returns)?;
    let r2 = protect(
        &fw,
        &t2,
        &[Publication {
            table: &t1,
            result: &r1,
        }],
    )?;
    assert_eq!(r2.revision, 2);
    check(
        published(&r2),
        &[
            "nf.loans sa published: carried forward from revision 1",
            "nf.loans mutual published: carried forward from revision 1",
        ],
    );
    Ok(())
}

/// A late return (or a corrected value) of one institution: the republished SA and sector
/// figures would give its value by difference; they are suppressed, the unchanged mutual
/// figure stays public, and the late institution's value cannot be bounded from above.
#[test]
fn revision_difference_of_one_institution() -> TestResult {
    let fw = mini()?;
    let mut returns = vec![
        inst("SA01", None, "loans=100")?,
        inst("SA02", None, "loans=200")?,
        inst("SA03", None, "loans=300")?,
        inst("SA04", None, "loans=400")?,
        inst("MU01", None, "loans=100")?,
        inst("MU02", None, "loans=200")?,
        inst("MU03", None, "loans=300")?,
        inst("MU04", None, "loans=400")?,
    ];
    let t1 = table(&fw, &returns)?;
    let r1 = protect(&fw, &t1, &[])?;
    check(published(&r1), &[]);
    let earlier = [Publication {
        table: &t1,
        result: &r1,
    }];

    let mut late = returns.clone();
    late.push(inst("SA05", None, "loans=250")?);
    let t2 = table(&fw, &late)?;
    let r2 = protect(&fw, &t2, &earlier)?;
    let difference = [
        "nf.loans sa published: revision difference: the change since revision 1 is due to 1 contributor(s)",
        "nf.loans sector published: revision difference: the change since revision 1 is due to 1 contributor(s)",
    ];
    check(published(&r2), &difference);
    let sa = r2.intervals.first().map(|i| (i.total, i.lower, i.upper));
    assert_eq!(sa, Some((dec("1250")?, Some(dec("1000")?), None)));

    returns[1] = inst("SA02", None, "loans=260")?;
    let t3 = table(&fw, &returns)?;
    let r3 = protect(&fw, &t3, &earlier)?;
    check(published(&r3), &difference);
    Ok(())
}

/// A prudential ratio goes with its A and B rows; its pooled ratio is also checked on the
/// numerators and denominators themselves.
#[test]
fn prudential_ratio_and_its_rows_are_linked() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "cap.a=1000 cap.b=5000")?,
            inst("SA02", None, "cap.a=10 cap.b=5000")?,
            inst("SA03", None, "cap.a=10 cap.b=5000")?,
            inst("SA04", None, "cap.a=-10 cap.b=5000")?,
            inst("MU01", None, "cap.a=100 cap.b=1000")?,
            inst("MU02", None, "cap.a=100 cap.b=1000")?,
            inst("MU03", None, "cap.a=100 cap.b=1000")?,
            inst("MU04", None, "cap.a=100 cap.b=1000")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    check(
        published(&r),
        &[
            "prud.cap sa published: dominance: the largest contributor makes 97.09 % of the numerators; \
             p % rule: the other contributors make 2 % of the largest (numerators)",
            "prud.cap mutual published: linked: suppressed with prud.cap.a",
            "prud.cap.a sa published: dominance: the largest contributor makes 97.09 % of the values; \
             p % rule: the other contributors make 2 % of the largest (values)",
            "prud.cap.a mutual published: secondary: protects SA01 in prud.cap.a (sa)",
            "prud.cap.b sa published: linked: suppressed with prud.cap",
            "prud.cap.b mutual published: linked: suppressed with prud.cap.a",
        ],
    );
    Ok(())
}

/// A mean of non-negative ratios is a sum with its n: SA01's 90 % makes 99.78 % of the SA sum
/// of ratios (90.2), the third makes 0.1, 0.11 % of it. Its pooled ratio is suppressed too (numerators), and never alone: the mutual
/// pooled ratio, with the fewest contributors, goes with it.
#[test]
fn mean_of_ratios_and_pooled_ratio() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "late=900 book=1000")?,
            inst("SA02", None, "late=1 book=1000")?,
            inst("SA03", None, "late=1 book=1000")?,
            inst("MU01", None, "late=300 book=1000")?,
            inst("MU02", None, "late=300 book=1000")?,
            inst("MU03", None, "late=300 book=1000")?,
        ],
    )?;
    let r = protect(&fw, &t, &[])?;
    check(
        pattern(&r)
            .into_iter()
            .filter(|l| !l.contains("median"))
            .collect(),
        &[
            "fin.par sa published: dominance: the largest contributor makes 99.78 % of the values; \
             p % rule: the other contributors make 0.11 % of the largest (values)",
            "fin.par sa pooled: dominance: the largest contributor makes 99.78 % of the numerators; \
             p % rule: the other contributors make 0.11 % of the largest (numerators)",
            "fin.par mutual published: secondary: protects SA01 in fin.par (sa)",
            "fin.par mutual pooled: secondary: complement of the suppressed sa ratio",
        ],
    );
    Ok(())
}

/// The public export: a suppressed figure has no value, no n_compliant, and the flag; n stays.
#[test]
fn public_rows_empty_and_flag_suppressed_figures() -> TestResult {
    let fw = mini()?;
    let t = table(
        &fw,
        &[
            inst("SA01", None, "late=1 book=100")?,
            inst("SA02", None, "late=2 book=100")?,
            inst("MU01", None, "late=3 book=100")?,
            inst("MU02", None, "late=4 book=100")?,
            inst("MU03", None, "late=5 book=100")?,
            inst("MU04", None, "late=6 book=100")?,
        ],
    )?;
    let before = t.clone();
    let r = protect(&fw, &t, &[])?;
    assert_eq!(t, before, "protect never changes the consolidation");
    let csv: Vec<String> = r
        .public_rows(&t, Method::Published)
        .iter()
        .filter(|p| p.row.indicator == "fin.par")
        .map(|p| p.fields().join(","))
        .collect();
    assert_eq!(
        csv,
        [
            "2016-Q1,fin.par,sa,,2,,true",
            "2016-Q1,fin.par,mutual,,4,,true",
            // At public precision: two decimals, as the bulletin shows it.
            "2016-Q1,fin.par,sector,3.50,6,4,false",
        ]
    );
    let shown: Vec<String> = r
        .public_display_rows(&t, Method::Median)
        .iter()
        .filter(|p| p.row.indicator == "fin.par")
        .map(|p| p.fields().join(","))
        .collect();
    assert_eq!(
        shown,
        [
            "2016-Q1,fin.par,sa,,2,,true",
            "2016-Q1,fin.par,mutual,,4,,true",
            "2016-Q1,fin.par,sector,3.50,6,4,false",
        ]
    );
    assert_eq!(
        mizan_ratios::PublicRow::HEADER.join(","),
        "period,indicator,group,value,n,n_compliant,suppressed"
    );
    Ok(())
}
