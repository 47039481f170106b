//! Loan classification under the BCEAO's RCSFD (spec bceao-sfd §2) with the rule file
//! `config/frameworks/bceao-sfd.toml` and the same engine as Bank Al-Maghrib's: calendar-month
//! bands (exactly three months is not more than three, month ends, 29 February), 40 / 80 /
//! 100 %, the base net of reserved interest and guarantee deposits, irrecoverable beyond 24
//! months, no holding rules, and the tape columns the RCSFD has no rule for.

use std::path::PathBuf;

use chrono::NaiveDate;
use mizan_core::framework::ClassificationDef;
use mizan_core::loan::{Loan, PreviousBook, PreviousClassification};
use mizan_core::{Decimal, Framework, Issue, LegalForm};
use mizan_ingest::loans::{TapeOptions, read_tape};
use mizan_ratios::classification::{Classifier, LoanResult, Rules, classify_loan, portfolio_items};

use crate::TestResult;

fn framework() -> Result<Framework, Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    Ok(Framework::from_file(
        &root.join("config/frameworks/bceao-sfd.toml"),
    )?)
}

fn rules_def() -> Result<ClassificationDef, Box<dyn std::error::Error>> {
    Ok(framework()?
        .classification
        .ok_or("bceao-sfd has no [classification]")?)
}

fn date(s: &str) -> Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
}

fn dec(s: &str) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str_exact(s)
}

/// A loan of 100,000 francs outstanding whose oldest unpaid instalment fell due on `due`.
fn loan(due: &str) -> Result<Loan, Box<dyn std::error::Error>> {
    Ok(Loan {
        loan_id: "L".into(),
        principal_disbursed: dec("150000")?,
        outstanding_principal: dec("100000")?,
        oldest_unpaid_due_date: if due.is_empty() {
            None
        } else {
            Some(date(due)?)
        },
        ..Loan::default()
    })
}

/// Classifies `loan` at `as_of` with no previous classification.
fn classify(as_of: &str, loan: &Loan) -> Result<LoanResult, Box<dyn std::error::Error>> {
    classify_after(as_of, loan, None)
}

fn classify_after(
    as_of: &str,
    loan: &Loan,
    previous: Option<(&str, &PreviousClassification)>,
) -> Result<LoanResult, Box<dyn std::error::Error>> {
    let def = rules_def()?;
    let licence = def.licence_for(LegalForm::Mutual).ok_or("no licence")?;
    let rules = Rules::new(
        &def,
        licence,
        date(as_of)?,
        previous.map(|(d, _)| date(d)).transpose()?,
    )?;
    Ok(classify_loan(&rules, loan, previous.map(|(_, p)| p)))
}

/// (class, provision, irrecoverable) of a 100,000-franc loan due on `due`, at `as_of`.
fn outcome(as_of: &str, due: &str) -> Result<(u8, Decimal, bool), Box<dyn std::error::Error>> {
    let r = classify(as_of, &loan(due)?)?;
    Ok((r.class, r.provision, r.irrecoverable))
}

#[test]
fn the_rule_file_is_the_rcsfd() -> TestResult {
    let def = rules_def()?;
    let pct: Vec<String> = def
        .classes
        .iter()
        .map(|c| c.provision_pct.to_string())
        .collect();
    assert_eq!(pct, ["0", "40", "80", "100"]);
    let bands: Vec<String> = def
        .classes
        .iter()
        .filter_map(|c| c.more_than.map(|s| s.to_string()))
        .collect();
    assert_eq!(bands, ["3 months", "6 months", "12 months"]);
    assert_eq!(
        def.irrecoverable_after.map(|s| s.to_string()).as_deref(),
        Some("24 months")
    );
    // No holding rule, no restructuring chapter, no judgment, no compromised rule.
    assert!(def.restructuring.is_none() && def.compromised.is_none() && !def.judgment);
    assert!(!def.healthy_requires_no_arrears && !def.refinancing_is_restructuring);
    // Every legal form of the registry has the one licence.
    for form in LegalForm::ALL {
        assert_eq!(def.licence_for(*form).map(|l| l.code.as_str()), Some("sfd"));
    }
    Ok(())
}

#[test]
fn three_months_exactly_is_not_more_than_three() -> TestResult {
    let z = Decimal::ZERO;
    // Quarter-end 31 March 2024: three months back is 31 December 2023.
    assert_eq!(outcome("2024-03-31", "2023-12-31")?, (0, z, false));
    // 30 December + 3 months = 30 March < 31 March: more than three months, 40 % of 100,000.
    assert_eq!(
        outcome("2024-03-31", "2023-12-30")?,
        (1, dec("40000")?, false)
    );
    // Quarter-end 30 June: 30 March + 3 months = 30 June, exactly three.
    assert_eq!(outcome("2024-06-30", "2024-03-30")?, (0, z, false));
    // 31 March + 3 months = 30 June (the day clamped to the shorter month): exactly three too.
    assert_eq!(outcome("2024-06-30", "2024-03-31")?, (0, z, false));
    // 29 March + 3 months = 29 June < 30 June: more.
    assert_eq!(
        outcome("2024-06-30", "2024-03-29")?,
        (1, dec("40000")?, false)
    );
    // Nothing unpaid, or due after the period's end: healthy.
    assert_eq!(outcome("2024-06-30", "")?, (0, z, false));
    assert_eq!(outcome("2024-06-30", "2024-07-05")?, (0, z, false));
    Ok(())
}

#[test]
fn six_and_twelve_months_at_month_ends() -> TestResult {
    // 31 March 2024 − 6 months would be "31 September": 30 September + 6 months = 30 March <
    // 31 March, so 30 September is more than six months; 1 October + 6 = 1 April is not.
    assert_eq!(
        outcome("2024-03-31", "2023-09-30")?,
        (2, dec("80000")?, false)
    );
    assert_eq!(
        outcome("2024-03-31", "2023-10-01")?,
        (1, dec("40000")?, false)
    );
    // 30 September 2024: 30 March + 6 months = 30 September, exactly six: class 1.
    assert_eq!(
        outcome("2024-09-30", "2024-03-30")?,
        (1, dec("40000")?, false)
    );
    assert_eq!(
        outcome("2024-09-30", "2024-03-29")?,
        (2, dec("80000")?, false)
    );
    // 31 December 2024: twelve months back is 31 December 2023, exactly twelve: class 2.
    assert_eq!(
        outcome("2024-12-31", "2023-12-31")?,
        (2, dec("80000")?, false)
    );
    assert_eq!(
        outcome("2024-12-31", "2023-12-30")?,
        (3, dec("100000")?, false)
    );
    Ok(())
}

#[test]
fn the_29th_of_february() -> TestResult {
    // 29 February 2024 + 12 months = 28 February 2025 (clamped): at the end of February 2025
    // the arrears are exactly twelve months, not more — class 2; one day earlier is more.
    assert_eq!(
        outcome("2025-02-28", "2024-02-29")?,
        (2, dec("80000")?, false)
    );
    assert_eq!(
        outcome("2025-02-28", "2024-02-28")?,
        (2, dec("80000")?, false)
    );
    assert_eq!(
        outcome("2025-02-28", "2024-02-27")?,
        (3, dec("100000")?, false)
    );
    // 29 February 2024 + 3 months = 29 May < 31 May: more than three months at 31 May 2024.
    assert_eq!(
        outcome("2024-05-31", "2024-02-29")?,
        (1, dec("40000")?, false)
    );
    // At 29 February 2024 itself (a month-end of a leap year): 29 November + 3 = 29 February.
    assert_eq!(
        outcome("2024-02-29", "2023-11-29")?,
        (0, Decimal::ZERO, false)
    );
    assert_eq!(
        outcome("2024-02-29", "2023-11-28")?,
        (1, dec("40000")?, false)
    );
    // 30 November + 3 months = 29 February (clamped): exactly three.
    assert_eq!(
        outcome("2024-02-29", "2023-11-30")?,
        (0, Decimal::ZERO, false)
    );
    Ok(())
}

#[test]
fn irrecoverable_beyond_twenty_four_months_kept_in_class_3() -> TestResult {
    let hundred = dec("100000")?;
    // 31 March 2022 + 24 months = 31 March 2024: exactly 24 months, class 3 but not yet
    // irrecoverable; 30 March 2022 is more than 24 months: irrecoverable, still class 3 at 100 %.
    assert_eq!(outcome("2024-03-31", "2022-03-31")?, (3, hundred, false));
    assert_eq!(outcome("2024-03-31", "2022-03-30")?, (3, hundred, true));
    Ok(())
}

#[test]
fn the_base_is_net_of_reserved_interest_and_guarantee_deposits() -> TestResult {
    // 100,000 principal + 7,500 interest accrued − 2,500 reserved − 30,000 guarantee deposits =
    // 75,000; class 1 (more than three months): 40 % = 30,000. Class 2: 80 % = 60,000.
    let with = |due: &str| -> Result<Loan, Box<dyn std::error::Error>> {
        Ok(Loan {
            accrued_interest: dec("7500")?,
            reserved_interest: dec("2500")?,
            guarantee_covered: dec("30000")?,
            ..loan(due)?
        })
    };
    let r = classify("2024-03-31", &with("2023-12-01")?)?;
    assert_eq!(
        (r.class, r.provision_base, r.provision),
        (1, dec("75000")?, dec("30000")?)
    );
    let r = classify("2024-03-31", &with("2023-09-01")?)?;
    assert_eq!((r.class, r.provision), (2, dec("60000")?));
    // Deposits above what is due: base 0, no provision, the class unchanged.
    let covered = Loan {
        guarantee_covered: dec("200000")?,
        ..with("2023-09-01")?
    };
    let r = classify("2024-03-31", &covered)?;
    assert_eq!(
        (r.class, r.provision_base, r.provision),
        (2, Decimal::ZERO, Decimal::ZERO)
    );
    // Rounded to the franc, half away from zero: 40 % of 1,001.25 = 400.5 → 401.
    let odd = Loan {
        outstanding_principal: dec("1001.25")?,
        ..loan("2023-12-01")?
    };
    assert_eq!(classify("2024-03-31", &odd)?.provision, dec("401")?);
    Ok(())
}

#[test]
fn each_period_is_classified_on_its_own() -> TestResult {
    // A loan in class 2 at the previous quarter-end whose arrears are repaid but for interest
    // still due: the RCSFD has no holding rule, so it is healthy now (under Bank Al-Maghrib's
    // art. 5 it would be held in class 1).
    let previous = PreviousClassification {
        class: 2,
        provision: dec("80000")?,
        restructure_count: 0,
        art11_applied: false,
        principal: Some(dec("100000")?),
        capitalised_arrears: false,
    };
    let mut l = loan("")?;
    l.accrued_interest = dec("1200")?;
    l.restructure_count = 1;
    l.outstanding_principal = dec("110000")?;
    let r = classify_after("2024-06-30", &l, Some(("2024-03-31", &previous)))?;
    assert_eq!(
        (r.class, r.provision, r.reasons.to_string()),
        (0, Decimal::ZERO, "dpd".into())
    );
    assert_eq!(r.previous_class, Some(2));
    Ok(())
}

#[test]
fn columns_without_a_rule_are_warned_about_and_not_used() -> TestResult {
    let fw = framework()?;
    let def = fw.classification.as_ref().ok_or("no classification")?;
    let licence = def.licence_for(LegalForm::Sa).ok_or("no licence")?;
    let as_of = date("2024-03-31")?;
    let mut classifier = Classifier::new(def, licence, as_of, None::<&PreviousBook>)?;
    let mut issues: Vec<Issue> = Vec::new();
    let mut flagged = loan("2024-02-15")?;
    flagged.recovery_compromised = true;
    flagged.unlikely_to_pay_class = Some(2);
    let r = classifier.add(7, &flagged, &mut issues);
    // Healthy by its arrears (one and a half months), neither flag used.
    assert_eq!(
        (r.class, r.provision, r.irrecoverable),
        (0, Decimal::ZERO, false)
    );
    let said: Vec<(String, bool)> = issues
        .iter()
        .map(|i| (format!("{} {}", i.place, i.kind.code()), i.is_blocking()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "line 7, column recovery_compromised no_rule_for_column".into(),
                false
            ),
            (
                "line 7, column unlikely_to_pay_class no_rule_for_column".into(),
                false
            ),
        ]
    );
    Ok(())
}

#[test]
fn a_tape_read_and_classified_feeds_the_return_items() -> TestResult {
    // Four loans at 31 March 2024 (amounts in francs), classified by hand:
    // A 50,000 nothing unpaid                 → healthy
    // B 80,000 due 2023-12-31 (exactly 3 m)   → healthy
    // C 60,000 due 2023-12-30, guarantee 10,000 → class 1: 40 % × 50,000 = 20,000
    // D 40,000 due 2022-01-15 (26 months)     → class 3, 100 % = 40,000, irrecoverable
    let tape = "loan_id,borrower_id,borrower_kind,zone,disbursement_date,principal_disbursed,\
outstanding_principal,accrued_interest,reserved_interest,guarantee_covered,oldest_unpaid_due_date,\
restructure_count,first_due_after_restructure,unpaid_during_observation,difficulties_resolved,\
unlikely_to_pay_class,recovery_compromised\n\
A,B1,woman,urban,2023-06-01,60000,50000,0,0,0,,0,,false,false,,false\n\
B,B2,man,rural,2023-01-10,100000,80000,0,0,0,2023-12-31,0,,false,false,,false\n\
C,B3,woman,rural,2023-02-01,90000,60000,0,0,10000,2023-12-30,0,,false,false,,false\n\
D,B4,legal_entity,urban,2021-03-01,70000,40000,0,0,0,2022-01-15,0,,false,false,,false\n";
    let fw = framework()?;
    let def = fw.classification.as_ref().ok_or("no classification")?;
    let licence = def
        .licence_for(LegalForm::Cooperative)
        .ok_or("no licence")?;
    let as_of = date("2024-03-31")?;
    let mut classifier = Classifier::new(def, licence, as_of, None)?;
    let options = TapeOptions::new(as_of, def.max_class());
    let mut results = Vec::new();
    let checked = read_tape(
        tape.as_bytes(),
        &options,
        |_| {},
        |line, loan, issues| {
            let r = classifier.add(line, loan, issues);
            results.push((loan.loan_id.clone(), r.class, r.provision, r.irrecoverable));
        },
    );
    assert!(!checked.is_blocked(), "{:?}", checked.issues);
    let portfolio = classifier.finish();
    let d = |s: &str| dec(s).unwrap_or(Decimal::MIN);
    assert_eq!(
        results,
        [
            ("A".into(), 0, Decimal::ZERO, false),
            ("B".into(), 0, Decimal::ZERO, false),
            ("C".into(), 1, d("20000"), false),
            ("D".into(), 3, d("40000"), true),
        ]
    );
    let items = portfolio_items(&portfolio, &fw);
    let item = |code: &str| {
        items
            .iter()
            .find(|(c, _)| c.as_str() == code)
            .map(|(_, v)| v.normalize().to_string())
    };
    assert_eq!(item("loans.outstanding").as_deref(), Some("230000"));
    assert_eq!(item("loans.doubtful").as_deref(), Some("100000"));
    assert_eq!(item("loans.provisions").as_deref(), Some("60000"));
    assert_eq!(item("loans.class1.provisions").as_deref(), Some("20000"));
    assert_eq!(item("loans.class3.outstanding").as_deref(), Some("40000"));
    assert_eq!(item("loans.irrecoverable").as_deref(), Some("40000"));
    // PAR 90 days: B (91 days late at 31 March: 31 December + 90 days = 30 March) counts, as C
    // and D do; PAR 180: only D.
    assert_eq!(item("loans.par90").as_deref(), Some("180000"));
    assert_eq!(item("loans.par180").as_deref(), Some("40000"));
    Ok(())
}
