//! Validation of one return against the shipped `apsfd-ci` framework.

use std::str::FromStr;

use mizan_core::{Code, Decimal, Framework, ItemValues};
use mizan_ingest::{Limits, RawReturn, read_returns_csv, validate_return};

use crate::{TestResult, apsfd, apsfd_exact, render};

/// The single return of a CSV body (`item,value` lines for SA01, 2016-Q1).
fn one_return(body: &str) -> Result<RawReturn, Box<dyn std::error::Error>> {
    let csv: String = std::iter::once("institution,period,item,value".to_owned())
        .chain(body.lines().map(|l| format!("SA01,2016-Q1,{l}")))
        .collect::<Vec<_>>()
        .join("\n");
    let read = read_returns_csv(csv.as_bytes(), &Limits::default());
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    read.data
        .into_iter()
        .next()
        .ok_or_else(|| "no return".into())
}

fn values(pairs: &[(&str, &str)]) -> Result<ItemValues, Box<dyn std::error::Error>> {
    pairs
        .iter()
        .map(|(c, v)| Ok((Code::parse(c)?, Decimal::from_str(v)?)))
        .collect()
}

/// Checks the issues of a return (lines 2… of the CSV are `body`'s lines) and the values kept.
#[track_caller]
fn check(
    fw: &Framework,
    body: &str,
    expected_issues: &[&str],
    expected_values: &[(&str, &str)],
) -> TestResult {
    let checked = validate_return(&one_return(body)?, fw, None);
    assert_eq!(render(&checked.issues), expected_issues, "{body:?}");
    let kept: Vec<(String, String)> = checked
        .data
        .iter()
        .map(|(c, v)| (c.to_string(), v.to_string()))
        .collect();
    let expected: Vec<(String, String)> = expected_values
        .iter()
        .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(kept, expected, "{body:?}");
    Ok(())
}

#[test]
fn units_and_signs() -> TestResult {
    let fw = apsfd()?;
    check(
        &fw,
        "borrowers.active,791",
        &[],
        &[("borrowers.active", "791")],
    )?;
    check(
        &fw,
        "borrowers.active,-5",
        &[
            "blocking line 2, column value: item borrowers.active: a count cannot be negative (found -5)",
        ],
        &[],
    )?;
    check(
        &fw,
        "borrowers.active,12.5",
        &[
            "blocking line 2, column value: item borrowers.active: a count must be a whole number (found 12.5)",
        ],
        &[],
    )?;
    // 12.0 is whole.
    check(
        &fw,
        "borrowers.active,12.0",
        &[],
        &[("borrowers.active", "12")],
    )?;
    check(
        &fw,
        "loans.outstanding,-1",
        &[
            "blocking line 2, column value: item loans.outstanding: this amount cannot be negative (found -1)",
        ],
        &[],
    )?;
    // Signed amounts (±) may be negative; rates are free; -0 is 0. Francs CFA have no
    // subunit: an amount with decimals is kept but warned about at its line.
    check(
        &fw,
        "income.net,-32.83\nequity,1000\npricing.lending_rate_max,-0\nexpenses.provisions,-1038991",
        &[
            "warning line 2, column value: item income.net: the amount -32.83 has decimals, but XOF has no subunit: check the decimal separator and the unit (amounts are in XOF, not thousands)",
        ],
        &[
            ("equity", "1000"),
            ("expenses.provisions", "-1038991"),
            ("income.net", "-32.83"),
            ("pricing.lending_rate_max", "0"),
        ],
    )?;
    Ok(())
}

#[test]
fn unknown_and_duplicated_items() -> TestResult {
    let fw = apsfd()?;
    check(
        &fw,
        "loans.par31,5\nLoans.Par30,5\navg_outstanding,5",
        &[
            "blocking line 2, column item: item loans.par31: item \"loans.par31\" is not part of the framework",
            "blocking line 3, column item: item Loans.Par30: item \"Loans.Par30\" is not part of the framework",
            "blocking line 4, column item: item avg_outstanding: item \"avg_outstanding\" is not part of the framework",
        ],
        &[],
    )?;
    check(
        &fw,
        "loans.par30,5\nloans.outstanding,100\nloans.par30,6",
        &[
            "blocking line 4, column item: item loans.par30: the item is given twice in this return (first at line 2, column item)",
        ],
        &[("loans.outstanding", "100"), ("loans.par30", "5")],
    )?;
    Ok(())
}

#[test]
fn values_that_are_not_numbers_name_item_and_line() -> TestResult {
    let fw = apsfd()?;
    check(
        &fw,
        "loans.par30,\"12,5,0\"\nloans.par90,abc\nloans.par180,\"1,234\"\nloans.doubtful,",
        &[
            "blocking line 2, column value: item loans.par30: value \"12,5,0\" is not a number",
            "blocking line 3, column value: item loans.par90: value \"abc\" is not a number",
            "blocking line 4, column value: item loans.par180: value \"1,234\" is ambiguous (decimal mark or thousands separator?); write it without thousands separators, with the file's decimal mark",
            "warning line 5, column value: item loans.doubtful: the value is empty: the item is taken as not reported (write 0 if the value is zero)",
        ],
        &[],
    )?;
    Ok(())
}

#[test]
fn totals_given_in_the_file() -> TestResult {
    let fw = apsfd()?;
    // Consistent: kept.
    check(
        &fw,
        "staff.total,9\nstaff.managers,3\nstaff.others,6",
        &[],
        &[
            ("staff.managers", "3"),
            ("staff.others", "6"),
            ("staff.total", "9"),
        ],
    )?;
    // Disagreeing with its parts: blocking.
    check(
        &fw,
        "staff.total,10\nstaff.managers,3\nstaff.others,6",
        &[
            "blocking line 2, column value: item staff.total: the total 10 differs from the sum of its parts 9 (staff.managers + staff.others)",
        ],
        &[
            ("staff.managers", "3"),
            ("staff.others", "6"),
            ("staff.total", "10"),
        ],
    )?;
    // Nested: clients.persons is computed from its own parts (40 + 50), + 10 legal entities.
    check(
        &fw,
        "clients.total,100\nclients.persons.men,40\nclients.persons.women,50\nclients.legal_entities,10",
        &[],
        &[
            ("clients.legal_entities", "10"),
            ("clients.persons.men", "40"),
            ("clients.persons.women", "50"),
            ("clients.total", "100"),
        ],
    )?;
    check(
        &fw,
        "clients.total,101\nclients.persons.men,40\nclients.persons.women,50\nclients.legal_entities,10",
        &[
            "blocking line 2, column value: item clients.total: the total 101 differs from the sum of its parts 100 (clients.persons + clients.legal_entities)",
        ],
        &[
            ("clients.legal_entities", "10"),
            ("clients.persons.men", "40"),
            ("clients.persons.women", "50"),
            ("clients.total", "101"),
        ],
    )?;
    // A sub-total given and disagreeing is reported at its own line, and the total above it
    // is checked against the sub-total as given.
    check(
        &fw,
        "clients.total,100\nclients.persons,91\nclients.persons.men,40\nclients.persons.women,50\nclients.legal_entities,9",
        &[
            "blocking line 3, column value: item clients.persons: the total 91 differs from the sum of its parts 90 (clients.persons.men + clients.persons.women)",
        ],
        &[
            ("clients.legal_entities", "9"),
            ("clients.persons", "91"),
            ("clients.persons.men", "40"),
            ("clients.persons.women", "50"),
            ("clients.total", "100"),
        ],
    )?;
    // Without any of its parts: kept, with a warning asking for the breakdown.
    check(
        &fw,
        "staff.total,9",
        &[
            "warning line 2, column value: item staff.total: a total is given without its parts; report staff.managers, staff.others instead",
        ],
        &[("staff.total", "9")],
    )?;
    // With only some of its parts: kept, cannot be checked.
    check(
        &fw,
        "staff.total,9\nstaff.managers,3",
        &[],
        &[("staff.managers", "3"), ("staff.total", "9")],
    )?;
    Ok(())
}

#[test]
fn framework_rules_with_english_messages_at_the_first_item() -> TestResult {
    let fw = apsfd()?;
    check(
        &fw,
        "loans.outstanding,1000\nloans.par90,50\nloans.par30,40",
        &[
            "warning line 4, column value: item loans.par30: PAR 30 (40) is below PAR 90 (50): a loan 90 days late is also 30 days late. [par30_ge_par90]",
        ],
        &[
            ("loans.outstanding", "1000"),
            ("loans.par30", "40"),
            ("loans.par90", "50"),
        ],
    )?;
    check(
        &fw,
        "pricing.lending_rate_max,27.5\npricing.lending_rate_min,28",
        &[
            "warning line 3, column value: item pricing.lending_rate_min: The minimum lending rate (28) is above the maximum (27.5). [lending_rate_min_le_max]",
            "warning line 2, column value: item pricing.lending_rate_max: The maximum lending rate (27.5%) is above the usury ceiling (24%, BCEAO for microfinance institutions). [usury_ceiling]",
        ],
        &[
            ("pricing.lending_rate_max", "27.5"),
            ("pricing.lending_rate_min", "28"),
        ],
    )?;
    check(
        &fw,
        "income.net,-5\nequity,-10",
        &[
            "warning line 2, column value: item income.net: Net income and equity are both negative (income.net = -5, equity = -10): return on equity shows a misleading positive sign. [roe_sign]",
        ],
        &[("equity", "-10"), ("income.net", "-5")],
    )?;
    Ok(())
}

#[test]
fn quarter_jump_needs_the_previous_quarter() -> TestResult {
    let fw = apsfd()?;
    let raw = one_return("loans.outstanding,400\nborrowers.active,100")?;
    let none = validate_return(&raw, &fw, None);
    assert_eq!(render(&none.issues), Vec::<String>::new());
    let previous = values(&[("loans.outstanding", "100"), ("borrowers.active", "90")])?;
    let with = validate_return(&raw, &fw, Some(&previous));
    assert_eq!(
        render(&with.issues),
        [
            "warning line 2, column value: item loans.outstanding: loans.outstanding moves from 100 last quarter to 400 (more than 3 times): check the figure. [quarter_jump]"
        ]
    );
    Ok(())
}

#[test]
fn every_issue_is_found_in_one_pass() -> TestResult {
    let fw = apsfd()?;
    let raw = one_return(
        "loans.outstanding,-1\nborrowers.active,1.5\nfoo,1\nloans.par30,x\nloans.par30,2\nstaff.total,5\nstaff.managers,1\nstaff.others,1",
    )?;
    let checked = validate_return(&raw, &fw, None);
    let kinds: Vec<&str> = checked.issues.iter().map(|i| i.code()).collect();
    assert_eq!(
        kinds,
        [
            "negative_amount",
            "fractional_count",
            "unknown_item",
            "not_a_number",
            "duplicate_item",
            "total_mismatch"
        ]
    );
    assert!(checked.is_blocked());
    Ok(())
}

#[test]
fn extreme_values_are_checked_without_overflow() -> TestResult {
    let fw = apsfd_exact()?;
    let max = "79228162514264337593543950335";
    // The parts cannot be added within an exact decimal: the total cannot be checked, and
    // nothing panics.
    check(
        &fw,
        &format!("staff.total,5\nstaff.managers,{max}\nstaff.others,1"),
        &[],
        &[
            ("staff.managers", max),
            ("staff.others", "1"),
            ("staff.total", "5"),
        ],
    )?;
    // A quotient beyond any decimal is a jump.
    let raw = one_return(&format!("loans.outstanding,{max}"))?;
    let previous = values(&[("loans.outstanding", "0.0000000000000000000000000001")])?;
    let checked = validate_return(&raw, &fw, Some(&previous));
    assert_eq!(
        checked.issues.iter().map(|i| i.code()).collect::<Vec<_>>(),
        ["rule"]
    );
    let raw = one_return("loans.outstanding,0.0000000000000000000000000001")?;
    let previous = values(&[("loans.outstanding", max)])?;
    let checked = validate_return(&raw, &fw, Some(&previous));
    assert_eq!(
        checked.issues.iter().map(|i| i.code()).collect::<Vec<_>>(),
        ["rule"]
    );
    Ok(())
}
