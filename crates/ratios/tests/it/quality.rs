//! Data-quality flags: the framework's rules on the fixture and on hand-made returns.

use mizan_core::{Lang, LegalForm, Period, Structure};
use mizan_ratios::{InstitutionReturn, quality_flags};

use crate::TestResult;
use crate::fixture::{Error, apsfd, attrs, items, ret, returns};

fn flags(returns: &[InstitutionReturn]) -> Result<Vec<(String, String, Vec<String>)>, Error> {
    Ok(quality_flags(&apsfd()?, Period::parse("2016-Q1")?, returns)
        .into_iter()
        .map(|f| {
            let items = f.items.iter().map(|i| i.to_string()).collect();
            (f.institution.to_string(), f.rule, items)
        })
        .collect())
}

#[track_caller]
fn check(values: &str, previous: Option<&str>, expected: &[(&str, &str)]) {
    let run = || -> Result<_, Error> {
        let mut r = ret("T01", attrs(LegalForm::Sa, Structure::DirectCredit), values)?;
        r.previous = previous.map(items).transpose()?;
        flags(&[r])
    };
    let expected: Vec<(String, String, Vec<String>)> = expected
        .iter()
        .map(|(rule, items)| {
            let items = items.split_whitespace().map(str::to_owned).collect();
            ("T01".to_owned(), (*rule).to_owned(), items)
        })
        .collect();
    match run() {
        Ok(got) => assert_eq!(got, expected, "{values} (previous {previous:?})"),
        Err(e) => panic!("{e}"),
    }
}

/// Each rule's expected findings are `(rule, "item item")`.
#[test]
#[rustfmt::skip] // one case a line
fn rules_on_hand_made_returns() {
    check("loans.par30=10 loans.par90=8 loans.par180=5", None, &[]);
    check("loans.par30=10 loans.par90=10 loans.par180=10", None, &[]);
    check("loans.par30=7 loans.par90=8 loans.par180=9", None, &[("par30_ge_par90", "loans.par30 loans.par90"), ("par90_ge_par180", "loans.par90 loans.par180")]);
    // Missing items are not checked.
    check("loans.par30=7", None, &[]);
    check("loans.par30=120 loans.outstanding=100", None, &[("par30_le_outstanding", "loans.par30 loans.outstanding")]);
    check("income.net=-1 equity=-1", None, &[("roe_sign", "income.net equity")]);
    check("income.net=-1 equity=0", None, &[]);
    check("income.net=1 equity=-1", None, &[]);
    check("prud.insider_loans.b=5 prud.capitalization.a=5", None, &[]);
    check("prud.insider_loans.b=5 prud.capitalization.a=6", None, &[("own_funds_consistent", "prud.insider_loans.b prud.capitalization.a")]);
    check("pricing.lending_rate_min=12 pricing.lending_rate_max=27", None, &[("usury_ceiling", "pricing.lending_rate_max")]);
}

#[test]
#[rustfmt::skip] // one case a line
fn quarter_on_quarter_jumps() {
    // Factor 3: 100 → 301 jumps, 100 → 300 does not; 90 → 29 jumps (divided by more than 3),
    // 90 → 30 does not.
    let previous = Some("loans.outstanding=100 equity=90 borrowers.active=10");
    check("loans.outstanding=300 equity=30 borrowers.active=31", previous, &[("quarter_jump", "borrowers.active")]);
    check("loans.outstanding=301 equity=29 borrowers.active=10", previous, &[("quarter_jump", "loans.outstanding"), ("quarter_jump", "equity")]);
    // A zero on either side is not a jump (nothing to compare with a factor).
    check("loans.outstanding=0", Some("loans.outstanding=5"), &[]);
    // No previous quarter: nothing to compare.
    check("loans.outstanding=301", None, &[]);
}

/// In the fixture: footnote 2's two institutions with negative income and negative equity, and
/// two institutions whose own-funds figures disagree; no PAR ordering problem.
#[test]
fn fixture_flags() -> TestResult {
    let fw = apsfd()?;
    let period = Period::parse("2016-Q1")?;
    let all = returns(period)?;
    let got = flags(&all)?;
    let own_funds = [
        "prud.insider_loans.b",
        "prud.single_borrower.b",
        "prud.participations.b",
        "prud.capitalization.a",
    ];
    let expected: Vec<(String, String, Vec<String>)> = [
        ("MU04", "own_funds_consistent", own_funds.as_slice()),
        ("MU16", "roe_sign", &["income.net", "equity"]),
        ("SA05", "roe_sign", &["income.net", "equity"]),
        ("SA11", "own_funds_consistent", own_funds.as_slice()),
    ]
    .iter()
    .map(|(i, r, items)| {
        (
            (*i).to_owned(),
            (*r).to_owned(),
            items.iter().map(|s| (*s).to_owned()).collect(),
        )
    })
    .collect();
    assert_eq!(got, expected);

    let flags = quality_flags(&fw, period, &all);
    let sa05 = flags
        .iter()
        .find(|f| f.institution.as_str() == "SA05")
        .ok_or("no SA05 flag")?;
    assert_eq!(sa05.period, period);
    assert_eq!(
        sa05.values.get("values").map(String::as_str),
        Some("income.net = -68871869, equity = -2881604702")
    );
    assert!(
        sa05.message.starts_with(
            "Résultat net et fonds propres sont tous deux négatifs (income.net = -68871869"
        ),
        "{}",
        sa05.message
    );
    let en = sa05.message_in(&fw, Lang::En).ok_or("no rule")?;
    assert!(
        en.starts_with("Net income and equity are both negative"),
        "{en}"
    );
    Ok(())
}
