//! Each indicator of the APSFD framework on hand-made returns, with hand-computed decimals:
//! zero denominators, negative equity, missing items, totals, derived values, norms and trends.
//! Returns are written `item=value item=value`.

use mizan_core::framework::Compliance;
use mizan_core::{Attributes, Decimal, InstitutionCode, LegalForm, Structure};
use mizan_ratios::{IndicatorValue, InstitutionReturn, institution_indicators};

use crate::TestResult;
use crate::fixture::{Error, apsfd, attrs, dec, items};

fn indicator_of(
    code: &str,
    attributes: Attributes,
    values: &str,
    previous: Option<&str>,
) -> Result<IndicatorValue, Error> {
    let fw = apsfd()?;
    let r = InstitutionReturn {
        code: InstitutionCode::parse("T01")?,
        attributes,
        values: items(values)?,
        previous: previous.map(items).transpose()?,
    };
    institution_indicators(&fw, &r)
        .into_iter()
        .find(|v| v.indicator.as_str() == code)
        .ok_or_else(|| format!("no indicator {code}").into())
}

/// `"<indicator> <item>=<value>… → <expected>"`: the indicator on a return of those items gives
/// `expected` (`none`: no value). The institution is an SA of direct credit.
#[track_caller]
fn check(case: &str) {
    let run = || -> Result<_, Error> {
        let (input, expected) = case.split_once(" → ").ok_or("no → in the case")?;
        let (code, values) = input.split_once(' ').unwrap_or((input, ""));
        let sa = attrs(LegalForm::Sa, Structure::DirectCredit);
        let got = indicator_of(code, sa, values, None)?
            .value()
            .map(|d| d.normalize());
        let expected = match expected.trim() {
            "none" => None,
            e => Some(dec(e)?.normalize()),
        };
        Ok((got, expected))
    };
    match run() {
        Ok((got, expected)) => assert_eq!(got, expected, "{case}"),
        Err(e) => panic!("{case}: {e}"),
    }
}

#[test]
fn portfolio_quality() {
    check("fin.par30 loans.par30=5 loans.outstanding=100 → 5");
    // One rounding, at the 29th significant digit: 100 / 3.
    check("fin.par30 loans.par30=1 loans.outstanding=3 → 33.333333333333333333333333333");
    check("fin.par30 loans.par30=0 loans.outstanding=100 → 0");
    check("fin.par30 loans.par30=5 loans.outstanding=0 → none");
    check("fin.par30 loans.outstanding=100 → none");
    check("fin.par30 loans.par30=5 → none");
    check("fin.par90 loans.par90=3 loans.outstanding=200 → 1.5");
    check("fin.par180 loans.par180=1 loans.outstanding=8 → 12.5");
    check("fin.provision_rate loans.doubtful_provisions=40 loans.doubtful=160 → 25");
    check("fin.provision_rate loans.doubtful_provisions=40 loans.doubtful=0 → none");
    // avg_outstanding = (100 + 200) / 2 = 150; 3 / 150 = 2 %.
    check("fin.loss_rate loans.written_off=3 loans.outstanding_open=100 loans.outstanding=200 → 2");
    check("fin.loss_rate loans.written_off=3 loans.outstanding=200 → none");
    check("fin.loss_rate loans.written_off=3 loans.outstanding_open=0 loans.outstanding=0 → none");
}

#[test]
fn activity_and_productivity() {
    check("fin.avg_loan_disbursed loans.disbursed_amount=1000 loans.disbursed_count=4 → 250");
    let third = "333.33333333333333333333333333";
    check(&format!(
        "fin.avg_loan_disbursed loans.disbursed_amount=1000 loans.disbursed_count=3 → {third}"
    ));
    check("fin.avg_loan_disbursed loans.disbursed_amount=1000 loans.disbursed_count=0 → none");
    // depositors.total = (3 + 4) + 3 = 10, from its parts.
    check(
        "fin.avg_savings_per_depositor deposits.outstanding=1000 depositors.persons.men=3 depositors.persons.women=4 depositors.legal_entities=3 → 100",
    );
    // A total reported as such is used as reported.
    check("fin.avg_savings_per_depositor deposits.outstanding=1000 depositors.total=8 → 125");
    // One part missing: no total, no value (missing is never zero).
    check(
        "fin.avg_savings_per_depositor deposits.outstanding=1000 depositors.persons.men=3 depositors.legal_entities=3 → none",
    );
    check(
        "fin.avg_outstanding_per_borrower loans.outstanding=1397310 borrowers.active=1 → 1397310",
    );
    check("fin.loan_officer_productivity borrowers.active=398 staff.loan_officers=2 → 199");
    check("fin.loan_officer_productivity borrowers.active=398 staff.loan_officers=0 → none");
    // clients.total = (100 + 120) + 10 = 230; staff.total = 1 + 1 = 2.
    check(
        "fin.staff_productivity clients.persons.men=100 clients.persons.women=120 clients.legal_entities=10 staff.managers=1 staff.others=1 → 115",
    );
    check("fin.staff_productivity clients.total=230 staff.others=1 → none");
}

#[test]
fn expense_ratios() {
    // avg_outstanding = (800 + 1200) / 2 = 1000
    check(
        "fin.operating_expense_ratio expenses.operating=159.9 loans.outstanding_open=800 loans.outstanding=1200 → 15.99",
    );
    check(
        "fin.general_expense_ratio expenses.general=147.8 loans.outstanding_open=800 loans.outstanding=1200 → 14.78",
    );
    check(
        "fin.personnel_expense_ratio expenses.personnel=72.2 loans.outstanding_open=800 loans.outstanding=1200 → 7.22",
    );
    check("fin.personnel_expense_ratio expenses.personnel=72.2 → none");
}

#[test]
fn profitability_with_negative_figures() {
    check("fin.roe income.net=10 equity=50 → 20");
    check("fin.roe income.net=10 equity=-50 → -20");
    // Negative income and negative equity: a misleading positive ROE (flagged by roe_sign).
    check("fin.roe income.net=-10 equity=-50 → 20");
    check("fin.roe income.net=-10 equity=0 → none");
    check("fin.roe income.net=-10 → none");
    check("fin.roa income.net=-218 assets.total=10000 → -2.18");
    // 130 / (10 − 5 + 95) × 100; net provisions may be negative.
    check(
        "fin.oss income.operating=130 expenses.financial=10 expenses.provisions=-5 expenses.operating=95 → 130",
    );
    check(
        "fin.oss income.operating=130 expenses.financial=10 expenses.provisions=-10 expenses.operating=0 → none",
    );
    check("fin.oss income.operating=130 expenses.financial=10 expenses.operating=95 → none");
    check("fin.profit_margin income.net=-696 income.operating=1000 → -69.6");
    // 60 / (110 − 10) × 100
    check("fin.cost_income expenses.operating=60 income.operating=110 expenses.financial=10 → 60");
    check("fin.cost_income expenses.operating=60 income.operating=10 expenses.financial=10 → none");
    // Financial expenses above operating income: a negative denominator, a negative ratio.
    check("fin.cost_income expenses.operating=60 income.operating=10 expenses.financial=40 → -200");
}

#[test]
fn balance_sheet() {
    check("fin.asset_yield income.operating=478 assets.total=10000 → 4.78");
    check("fin.asset_liquidity assets.liquid=2230 assets.total=10000 → 22.3");
    check("fin.capitalization equity=-20 assets.total=200 → -10");
    check("fin.capitalization equity=20 assets.total=0 → none");
}

#[test]
fn non_financial_values_and_totals() {
    check(
        "nf.clients.total clients.persons.men=3 clients.persons.women=4 clients.legal_entities=1 → 8",
    );
    check("nf.clients.total clients.persons.men=3 clients.legal_entities=1 → none");
    check("nf.clients.persons clients.persons.men=0 clients.persons.women=0 → 0");
    check("nf.clients.groups clients.groups=0 → 0");
    check("nf.clients.groups → none");
    check("nf.staff.total staff.managers=6 staff.others=96 → 102");
    check(
        "nf.loans.total loans.count.persons.men=4027 loans.count.persons.women=1744 loans.count.legal_entities=2029 → 7800",
    );
    check("nf.loans.persons.men loans.count.persons.men=4027 → 4027");
    check(
        "nf.doubtful.total doubtful.count.persons.men=58 doubtful.count.persons.women=34 doubtful.count.legal_entities=128 → 220",
    );
    // Amounts stay in currency units; only the display divides by 1000.
    check("nf.loans_by_purpose.housing loans.purpose.housing=19570000 → 19570000");
    check("nf.pricing.lending_rate_max pricing.lending_rate_max=22.22 → 22.22");
}

#[test]
fn prudential_ratios() {
    check("prud.capitalization prud.capitalization.a=15 prud.capitalization.b=100 → 15");
    check("prud.capitalization prud.capitalization.a=-15 prud.capitalization.b=100 → -15");
    check("prud.capitalization prud.capitalization.a=15 prud.capitalization.b=0 → none");
    check("prud.capitalization prud.capitalization.a=15 → none");
    check("prud.liquidity prud.liquidity.a=11149 prud.liquidity.b=10000 → 111.49");
    check("prud.general_reserve → none");
}

#[test]
fn numerator_and_denominator_are_kept() -> TestResult {
    let sa = || attrs(LegalForm::Sa, Structure::DirectCredit);
    let v = indicator_of("fin.roe", sa(), "income.net=7 equity=0", None)?;
    let parts = |v: &IndicatorValue| (v.value(), v.eval.numerator, v.eval.denominator);
    assert_eq!(parts(&v), (None, Some(dec("7")?), Some(Decimal::ZERO)));
    let v = indicator_of("nf.clients.groups", sa(), "clients.groups=3", None)?;
    assert_eq!(parts(&v), (Some(dec("3")?), None, None));
    Ok(())
}

/// The norm an institution is held to, and the verdict (`None`: the indicator has no norm).
#[track_caller]
fn check_norm(
    code: &str,
    attributes: Attributes,
    values: &str,
    previous: Option<&str>,
    expected: Option<(&str, Compliance)>,
) {
    let got = indicator_of(code, attributes, values, previous)
        .map(|v| v.norm.map(|n| n.to_string()).zip(v.compliance));
    let expected = expected.map(|(n, c)| (n.to_owned(), c));
    match got {
        Ok(got) => assert_eq!(got, expected, "{code} {values} (previous {previous:?})"),
        Err(e) => panic!("{code}: {e}"),
    }
}

#[test]
#[rustfmt::skip] // one case a line
fn norms_follow_the_institution() {
    use Compliance::{Fails, Meets, Unknown};
    let direct = || attrs(LegalForm::Sa, Structure::DirectCredit);
    let savings = || attrs(LegalForm::Sa, Structure::SavingsCredit);
    let mutual = |network: bool| Attributes {
        network_affiliated: network,
        ..attrs(LegalForm::Mutual, Structure::SavingsCredit)
    };
    let no_deposits = || Attributes { collects_deposits: false, ..direct() };
    // avg_outstanding = 100; general expenses 16 → 16 %.
    let ge = "expenses.general=16 loans.outstanding_open=100 loans.outstanding=100";
    check_norm("fin.general_expense_ratio", direct(), ge, None, Some(("< 15", Fails)));
    check_norm("fin.general_expense_ratio", savings(), ge, None, Some(("< 20", Meets)));
    let liq = "prud.liquidity.a=85 prud.liquidity.b=100";
    check_norm("prud.liquidity", mutual(true), liq, None, Some(("≥ 80", Meets)));
    check_norm("prud.liquidity", mutual(false), liq, None, Some(("≥ 100", Fails)));
    check_norm("prud.liquidity", savings(), liq, None, Some(("≥ 100", Fails)));
    check_norm("prud.liquidity", no_deposits(), liq, None, Some(("≥ 60", Meets)));
    // Boundaries: "≥ 15" includes 15, "> 15" does not.
    let cap = "prud.capitalization.a=15 prud.capitalization.b=100";
    check_norm("prud.capitalization", direct(), cap, None, Some(("≥ 15", Meets)));
    check_norm("fin.capitalization", direct(), "equity=15 assets.total=100", None, Some(("> 15", Fails)));
    // No value: the norm applies but cannot be judged.
    check_norm("fin.capitalization", direct(), "equity=15", None, Some(("> 15", Unknown)));
    // No norm at all.
    check_norm("nf.clients.groups", direct(), "clients.groups=3", None, None);
}

#[test]
#[rustfmt::skip] // one case a line
fn trend_norms_compare_with_the_previous_quarter() {
    use Compliance::{Fails, Meets, Unknown};
    let sa = || attrs(LegalForm::Sa, Structure::DirectCredit);
    let now = "loans.disbursed_amount=1000 loans.disbursed_count=4"; // 250
    let code = "fin.avg_loan_disbursed";
    check_norm(code, sa(), now, Some("loans.disbursed_amount=900 loans.disbursed_count=4"), Some(("↗", Meets))); // 225
    check_norm(code, sa(), now, Some("loans.disbursed_amount=900 loans.disbursed_count=3"), Some(("↗", Fails))); // 300
    check_norm(code, sa(), now, Some("loans.disbursed_amount=500 loans.disbursed_count=2"), Some(("↗", Fails))); // 250
    check_norm(code, sa(), now, Some("loans.disbursed_amount=900 loans.disbursed_count=0"), Some(("↗", Unknown)));
    check_norm(code, sa(), now, None, Some(("↗", Unknown)));
}

#[test]
fn previous_value_is_kept() -> TestResult {
    let sa = attrs(LegalForm::Sa, Structure::DirectCredit);
    let now = "loans.par30=5 loans.outstanding=100";
    let v = indicator_of(
        "fin.par30",
        sa,
        now,
        Some("loans.par30=2 loans.outstanding=100"),
    )?;
    assert_eq!((v.value(), v.previous), (Some(dec("5")?), Some(dec("2")?)));
    Ok(())
}
