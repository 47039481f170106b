//! Loan classification and provisioning (C N° 5/W/2023): one-line cases per article with
//! hand-computed figures, then every worked example of tests/data/bam-mfi-examples (both
//! licences, both quarter-ends) read from the tapes through `mizan_ingest::loans`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use mizan_core::framework::ClassificationDef;
use mizan_core::loan::{Loan, PreviousBook, PreviousClassification};
use mizan_core::{Decimal, Framework, Issue};
use mizan_ingest::loans::{TapeOptions, read_tape};
use mizan_ratios::classification::{
    Classifier, EXPORT_HEADER, ImposedClasses, LoanResult, Portfolio, Rules, amount_text,
    classify_loan, portfolio_items,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn framework() -> Result<Framework, Box<dyn std::error::Error>> {
    Ok(Framework::from_file(
        &root().join("config/frameworks/bam-mfi.toml"),
    )?)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap_or(Decimal::MIN)
}

// ---------------------------------------------------------------- one-line cases per article

/// A loan of 1,000.00 outstanding, nothing else, at Q2 2023 (as_of 2023-06-30).
fn loan(due: &str) -> Loan {
    Loan {
        loan_id: "L".into(),
        principal_disbursed: dec("2000"),
        outstanding_principal: dec("1000.00"),
        oldest_unpaid_due_date: (!due.is_empty()).then(|| date(due)),
        ..Loan::default()
    }
}

/// Builders for the cases.
trait With: Sized {
    fn with(self, f: impl FnOnce(&mut Loan)) -> Self;
    fn rc(self, n: u32, first_due: &str) -> Self;
}

impl With for Loan {
    fn with(mut self, f: impl FnOnce(&mut Loan)) -> Self {
        f(&mut self);
        self
    }
    fn rc(self, n: u32, first_due: &str) -> Self {
        self.with(|l| {
            l.restructure_count = n;
            l.first_due_after_restructure = (!first_due.is_empty()).then(|| date(first_due));
        })
    }
}

/// Previous quarter-end (2023-03-31) classification: class, provision, restructure count.
fn prev(class: u8, provision: &str, rc: u32) -> Option<PreviousClassification> {
    Some(PreviousClassification {
        class,
        provision: dec(provision),
        restructure_count: rc,
        art11_applied: false,
        principal: None,
        capitalised_arrears: false,
    })
}

/// The same with the outstanding principal kept at the previous quarter-end (or, when
/// `capitalised`, the level before arrears were capitalised).
fn prev_principal(
    class: u8,
    provision: &str,
    rc: u32,
    principal: &str,
    capitalised: bool,
) -> Option<PreviousClassification> {
    prev(class, provision, rc).map(|p| PreviousClassification {
        principal: Some(dec(principal)),
        capitalised_arrears: capitalised,
        ..p
    })
}

/// Classifies `loan` at 2023-06-30 (previous quarter-end 2023-03-31) under `licence`, with the
/// bam-mfi rule file changed by `edit`.
#[track_caller]
fn classify_with(
    edit: impl FnOnce(&mut ClassificationDef),
    licence: &str,
    loan: &Loan,
    previous: Option<&PreviousClassification>,
) -> LoanResult {
    let fw = framework().ok();
    let def = fw.as_ref().and_then(|f| f.classification.clone());
    let Some(mut def) = def else {
        panic!("bam-mfi classification missing");
    };
    edit(&mut def);
    let Some(lic) = def.licence(licence) else {
        panic!("licence {licence} missing");
    };
    let rules = Rules::new(&def, lic, date("2023-06-30"), Some(date("2023-03-31")));
    let Ok(rules) = rules else {
        panic!("{rules:?}");
    };
    classify_loan(&rules, loan, previous)
}

/// (class, provision, reasons, irrecoverable) of a result.
fn outcome(r: &LoanResult) -> (u8, String, String, bool) {
    (
        r.class,
        amount_text(r.provision),
        r.reasons.to_string(),
        r.irrecoverable,
    )
}

/// Classifies `loan` at 2023-06-30 under `licence` and compares (class, provision, reasons,
/// irrecoverable).
#[track_caller]
fn check(
    licence: &str,
    loan: Loan,
    previous: Option<PreviousClassification>,
    expected: (u8, &str, &str, bool),
) {
    let r = classify_with(|_| {}, licence, &loan, previous.as_ref());
    let got = outcome(&r);
    let want = (
        expected.0,
        expected.1.to_owned(),
        expected.2.to_owned(),
        expected.3,
    );
    assert_eq!(got, want, "{loan:?} {previous:?}");
}

const CI: &str = "credit_institution";
const AS: &str = "association";

#[test]
fn days_past_due_bands_art_3_4_6() {
    // as_of 2023-06-30; base 1,000.00; rates 0/25/50/75/100 %.
    check(CI, loan(""), None, (0, "0.00", "dpd", false));
    check(CI, loan("2023-06-30"), None, (0, "0.00", "dpd", false)); // due today: 0 days
    check(CI, loan("2023-05-31"), None, (0, "0.00", "dpd", false)); // 30 days
    check(CI, loan("2023-05-30"), None, (1, "250.00", "dpd", false)); // 31
    check(CI, loan("2023-05-01"), None, (1, "250.00", "dpd", false)); // 60
    check(CI, loan("2023-04-30"), None, (2, "500.00", "dpd", false)); // 61
    check(CI, loan("2023-04-01"), None, (2, "500.00", "dpd", false)); // 90
    check(CI, loan("2023-03-31"), None, (3, "750.00", "dpd", false)); // 91
    check(CI, loan("2023-01-01"), None, (3, "750.00", "dpd", false)); // 180
    check(CI, loan("2022-12-31"), None, (4, "1000.00", "dpd", false)); // 181
    check(AS, loan("2022-12-31"), None, (4, "1000.00", "dpd", false));
}

#[test]
fn irrecoverable_after_360_days_art_17() {
    check(CI, loan("2022-07-05"), None, (4, "1000.00", "dpd", false)); // 360 days
    check(CI, loan("2022-07-04"), None, (4, "1000.00", "dpd", true)); // 361 days
    // Compromised loans are irrecoverable whatever their days.
    let c = loan("2023-06-01").with(|l| l.recovery_compromised = true);
    check(CI, c, None, (4, "1000.00", "compromised", true));
}

#[test]
fn provisioning_base_and_rounding_art_6_7() {
    // 1,000 + 100 accrued − 50 reserved − 200 guaranteed = 850; class 1: 212.50.
    let l = loan("2023-05-15").with(|l| {
        l.accrued_interest = dec("100");
        l.reserved_interest = dec("50");
        l.guarantee_covered = dec("200");
    });
    check(CI, l, None, (1, "212.50", "dpd", false));
    // The guarantee exceeds the receivable: base 0, no provision even in class 4.
    let l = loan("2022-12-01").with(|l| l.guarantee_covered = dec("2000"));
    check(CI, l, None, (4, "0.00", "dpd", false));
    // 25 % × 1,000.02 = 250.005 → 250.01 (half away from zero).
    let l = loan("2023-05-15").with(|l| l.outstanding_principal = dec("1000.02"));
    check(CI, l, None, (1, "250.01", "dpd", false));
    // 75 % × 333.33 = 249.9975 → 250.00.
    let l = loan("2023-03-01").with(|l| l.outstanding_principal = dec("333.33"));
    check(CI, l, None, (3, "250.00", "dpd", false));
}

#[test]
fn judgment_and_compromise_art_3_6_17() {
    let j = |k| loan("").with(|l| l.unlikely_to_pay_class = Some(k));
    check(CI, j(2), None, (2, "500.00", "judgment", false));
    // 40 days (class 1) and judgment 1: both set the class.
    let l = loan("2023-05-21").with(|l| l.unlikely_to_pay_class = Some(1));
    check(CI, l, None, (1, "250.00", "dpd|judgment", false));
    // 40 days and judgment 3: class 3 by judgment.
    let l = loan("2023-05-21").with(|l| l.unlikely_to_pay_class = Some(3));
    check(CI, l, None, (3, "750.00", "judgment", false));
    let c = loan("").with(|l| l.recovery_compromised = true);
    check(CI, c.clone(), None, (4, "1000.00", "compromised", true));
    check(AS, c, None, (4, "1000.00", "compromised", true));
    let c = loan("2022-10-01").with(|l| l.recovery_compromised = true);
    check(CI, c, None, (4, "1000.00", "dpd|compromised", true));
}

#[test]
fn return_to_healthy_art_5() {
    // Doubtful before, 10 days late now: stays in class 1.
    check(
        CI,
        loan("2023-06-20"),
        prev(2, "500", 0),
        (1, "250.00", "art5_hold", false),
    );
    check(
        AS,
        loan("2023-06-20"),
        prev(2, "500", 0),
        (1, "250.00", "art5_hold", false),
    );
    // Every arrear paid: healthy.
    check(CI, loan(""), prev(2, "500", 0), (0, "0.00", "dpd", false));
    // Healthy before: no hold.
    check(
        CI,
        loan("2023-06-20"),
        prev(0, "0", 0),
        (0, "0.00", "dpd", false),
    );
    // Moving down between doubtful classes follows the days (90 days: class 2 after class 3).
    check(
        CI,
        loan("2023-04-01"),
        prev(3, "750", 0),
        (2, "500.00", "dpd", false),
    );
    // No previous classification: art. 5 cannot apply.
    check(CI, loan("2023-06-20"), None, (0, "0.00", "dpd", false));
}

#[test]
fn beyond_the_second_restructuring_art_13() {
    check(
        CI,
        loan("").rc(3, "2022-11-30"),
        None,
        (4, "1000.00", "art13", false),
    );
    check(
        CI,
        loan("").rc(3, "2023-07-05"),
        prev(1, "250", 2),
        (4, "1000.00", "art13", false),
    );
    // Associations do not apply chapter III (art. 22).
    check(
        AS,
        loan("").rc(3, "2022-11-30"),
        None,
        (0, "0.00", "dpd", false),
    );
}

#[test]
fn second_restructuring_art_12() {
    // Healthy restructured loan restructured again: class 1.
    check(
        CI,
        loan("").rc(2, "2023-07-20"),
        prev(0, "0", 1),
        (1, "250.00", "art12", false),
    );
    // Doubtful (class 1) restructured again: one class higher, 2; art. 10 holds class 1 too.
    check(
        CI,
        loan("").rc(2, "2023-07-10"),
        prev(1, "250", 1),
        (2, "500.00", "art12", false),
    );
    // Class 4 cannot go higher.
    check(
        CI,
        loan("").rc(2, "2023-07-10"),
        prev(4, "1000", 1),
        (4, "1000.00", "art10_hold|art12", false),
    );
    // Count already 2 at the previous quarter-end: not a new restructuring.
    check(
        CI,
        loan("").rc(2, "2022-07-10"),
        prev(0, "0", 2),
        (0, "0.00", "dpd", false),
    );
    // Without a previous classification the second restructuring cannot be dated.
    check(
        CI,
        loan("2023-05-21").rc(2, "2022-12-20"),
        None,
        (1, "250.00", "dpd", false),
    );
    check(
        AS,
        loan("").rc(2, "2023-07-20"),
        prev(0, "0", 1),
        (0, "0.00", "dpd", false),
    );
}

#[test]
fn observation_hold_and_provision_floor_art_10() {
    // Class 3 (provision 750.00) restructured, observation running: kept in class 3, and the
    // provision may not fall below 750.00 although 75 % of the new base 600.00 is 450.00.
    let l = loan("")
        .rc(1, "2023-06-15")
        .with(|l| l.guarantee_covered = dec("400"));
    check(
        CI,
        l.clone(),
        prev(3, "750.00", 0),
        (3, "750.00", "art10_hold", false),
    );
    // ... but never above the receivable net of reserved interest (500.00): EX25's cap.
    let small = l.with(|l| {
        l.outstanding_principal = dec("500");
        l.guarantee_covered = Decimal::ZERO;
    });
    check(
        CI,
        small,
        prev(3, "750.00", 0),
        (3, "500.00", "art10_hold", false),
    );
    // Observation not started (first instalment after the quarter-end): held as well.
    check(
        CI,
        loan("").rc(1, "2023-07-05"),
        prev(2, "400.00", 0),
        (2, "500.00", "art10_hold", false),
    );
    // No date for the first instalment: counts as in observation.
    check(
        CI,
        loan("").rc(1, ""),
        prev(2, "400.00", 0),
        (2, "500.00", "art10_hold", false),
    );
    // A healthy loan restructured is classified by the ordinary criteria (art. 9).
    check(
        CI,
        loan("").rc(1, "2023-07-31"),
        prev(0, "0", 0),
        (0, "0.00", "dpd", false),
    );
    // Associations: art. 5 instead (no arrears → healthy).
    check(
        AS,
        loan("").rc(1, "2023-06-15"),
        prev(3, "750.00", 0),
        (0, "0.00", "dpd", false),
    );
    // Held class but higher arrears: the days win (class 4 over the held class 2).
    check(
        CI,
        loan("2022-12-01").rc(1, "2023-06-15"),
        prev(2, "400.00", 0),
        (4, "1000.00", "dpd", false),
    );
}

#[test]
fn unpaid_during_observation_art_11() {
    let unpaid = |l: Loan| l.with(|l| l.unpaid_during_observation = true);
    // Class 1 restructured in April (observation from 2023-05-01), instalment unpaid: class 2.
    check(
        CI,
        unpaid(loan("2023-06-20").rc(1, "2023-05-01")),
        prev(1, "250", 0),
        (2, "500.00", "art11", false),
    );
    // A healthy restructured loan too: class 1.
    check(
        CI,
        unpaid(loan("").rc(1, "2023-05-01")),
        prev(0, "0", 0),
        (1, "250.00", "art11", false),
    );
    // Already applied for this restructuring: only the art. 10 hold of the raised class.
    let applied = prev(2, "500", 1).map(|p| PreviousClassification {
        art11_applied: true,
        ..p
    });
    check(
        CI,
        unpaid(loan("").rc(1, "2023-05-01")),
        applied,
        (2, "500.00", "art10_hold", false),
    );
    // Observation ended before the previous quarter-end (2022-12-01 + 90 days ≤ 2023-03-31):
    // not applied again; art. 14 keeps the loan doubtful (class 1) as it was unpaid.
    check(
        CI,
        unpaid(loan("").rc(1, "2022-12-01")),
        prev(2, "500", 1),
        (1, "250.00", "art10_hold", false),
    );
    // Second restructuring and unpaid in the same quarter: art. 12 class 2, then art. 11 class 3.
    check(
        CI,
        unpaid(loan("").rc(2, "2023-05-01")),
        prev(1, "250", 1),
        (3, "750.00", "art11", false),
    );
    // Class 4 stays 4.
    check(
        CI,
        unpaid(loan("").rc(1, "2023-05-01")),
        prev(4, "1000", 0),
        (4, "1000.00", "art10_hold|art11", false),
    );
    // No previous classification: not applied.
    check(
        CI,
        unpaid(loan("").rc(1, "2023-05-01")),
        None,
        (0, "0.00", "dpd", false),
    );
    // Associations: ignored; art. 5 with 10 days late keeps class 1.
    check(
        AS,
        unpaid(loan("2023-06-20").rc(1, "2023-05-01")),
        prev(1, "250", 0),
        (1, "250.00", "art5_hold", false),
    );
}

#[test]
fn raises_come_from_the_rule_file_art_11_12() {
    // A regime raising two classes instead of one (`unpaid_raise = 2`): class 1 restructured,
    // instalment unpaid during the observation → class 3, base 1,000.00 × 75 % = 750.00.
    let unpaid = loan("2023-06-20")
        .rc(1, "2023-05-01")
        .with(|l| l.unpaid_during_observation = true);
    let r = classify_with(
        |d| {
            if let Some(r) = d.restructuring.as_mut() {
                r.unpaid_raise = 2;
            }
        },
        CI,
        &unpaid,
        prev(1, "250", 0).as_ref(),
    );
    assert_eq!(outcome(&r), (3, "750.00".into(), "art11".into(), false));
    // `further_restructuring_raise = 2`: class 1 restructured a second time → class 3 (750.00);
    // a healthy one → class 1 ("au niveau des créances en souffrance"), 250.00.
    let two = |d: &mut ClassificationDef| {
        if let Some(r) = d.restructuring.as_mut() {
            r.further_restructuring_raise = 2;
        }
    };
    let again = loan("").rc(2, "2023-07-10");
    let r = classify_with(two, CI, &again, prev(1, "250", 1).as_ref());
    assert_eq!(outcome(&r), (3, "750.00".into(), "art12".into(), false));
    let r = classify_with(two, CI, &again, prev(0, "0", 1).as_ref());
    assert_eq!(outcome(&r), (1, "250.00".into(), "art12".into(), false));
}

#[test]
fn return_to_healthy_after_observation_art_14() {
    // Observation elapsed (2022-12-15 + 90 ≤ 2023-06-30), no arrears, no unpaid, resolved.
    let resolved = |l: Loan| l.with(|l| l.difficulties_resolved = true);
    check(
        CI,
        resolved(loan("").rc(1, "2022-12-15")),
        prev(1, "250", 1),
        (0, "0.00", "dpd", false),
    );
    // Not resolved: kept doubtful, class 1 (reported as art10_hold).
    check(
        CI,
        loan("").rc(1, "2022-12-15"),
        prev(2, "500", 1),
        (1, "250.00", "art10_hold", false),
    );
    // Resolved but 10 days late: class 1.
    check(
        CI,
        resolved(loan("2023-06-20").rc(1, "2022-12-15")),
        prev(2, "500", 1),
        (1, "250.00", "art10_hold", false),
    );
    // Resolved but 45 days late: class 1 by its days as well.
    check(
        CI,
        resolved(loan("2023-05-16").rc(1, "2022-12-15")),
        prev(2, "500", 1),
        (1, "250.00", "dpd|art10_hold", false),
    );
    // Resolved but a judgmental class: that class.
    let judged = resolved(loan("").rc(1, "2022-12-15")).with(|l| l.unlikely_to_pay_class = Some(2));
    check(
        CI,
        judged,
        prev(2, "500", 1),
        (2, "500.00", "judgment", false),
    );
    // Elapsed exactly at the quarter-end: 2023-04-01 + 90 days = 2023-06-30.
    check(
        CI,
        resolved(loan("").rc(1, "2023-04-01")),
        prev(2, "500", 1),
        (0, "0.00", "dpd", false),
    );
    // One day short: still in observation, held in class 2.
    check(
        CI,
        resolved(loan("").rc(1, "2023-04-02")),
        prev(2, "500", 1),
        (2, "500.00", "art10_hold", false),
    );
}

#[test]
fn arrears_of_interest_keep_the_loan_doubtful_art_5_14() -> TestResult {
    // Art. 5: back to healthy only once "l'intégralité des impayés, principal et intérêts" is
    // repaid. Every instalment's principal is paid (no unpaid due date) but 40.00 of interest is
    // due and unpaid: base 1,000.00 + 40.00 = 1,040.00, class 1 at 25 % = 260.00.
    let interest = |l: Loan| l.with(|l| l.accrued_interest = dec("40.00"));
    check(
        CI,
        interest(loan("")),
        prev(3, "750", 0),
        (1, "260.00", "art5_hold", false),
    );
    check(
        AS,
        interest(loan("")),
        prev(3, "750", 0),
        (1, "260.00", "art5_hold", false),
    );
    // The interest reserved (art. 18) is still due: base 1,040.00 − 40.00 = 1,000.00 → 250.00.
    let reserved = interest(loan("")).with(|l| l.reserved_interest = dec("40.00"));
    check(
        CI,
        reserved,
        prev(2, "500", 0),
        (1, "250.00", "art5_hold", false),
    );
    // Healthy before: interest due alone does not make it doubtful (art. 3, 4 count days).
    check(
        CI,
        interest(loan("")),
        prev(0, "0", 0),
        (0, "0.00", "dpd", false),
    );
    // Art. 14, second dash ("aucun impayé"): restructured doubtful, observation elapsed
    // (2022-12-15 + 90 days), resolved, no unpaid instalment but 40.00 interest due: class 1,
    // base 1,040.00 → 260.00 (the art. 14 hold is reported as art10_hold).
    let resolved = interest(loan("").rc(1, "2022-12-15")).with(|l| l.difficulties_resolved = true);
    check(
        CI,
        resolved.clone(),
        prev(2, "500", 1),
        (1, "260.00", "art10_hold", false),
    );
    // The interest paid: healthy, base 1,000.00, no provision.
    let paid = resolved.with(|l| l.accrued_interest = Decimal::ZERO);
    check(CI, paid, prev(2, "500", 1), (0, "0.00", "dpd", false));
    // A regime whose rule file leaves interest out (`arrears_include_interest = false`): healthy,
    // base 1,040.00 at 0 %.
    let off = |d: &mut ClassificationDef| d.arrears_include_interest = false;
    let r = classify_with(off, AS, &interest(loan("")), prev(3, "750", 0).as_ref());
    assert_eq!(outcome(&r), (0, "0.00".into(), "dpd".into(), false));
    assert_eq!(amount_text(r.provision_base), "1040.00");
    Ok(())
}

#[test]
fn capitalised_arrears_are_not_repayment_art_5_8_10() -> TestResult {
    // An association's loan in class 3 at 2023-03-31 (outstanding 1,000.00, provision 750.00),
    // restructured in the quarter (count 0 → 1) with its arrears added to the principal:
    // outstanding 1,060.00, no unpaid due date, no interest due. Nothing was repaid (art. 8 second
    // dash: financing that paid the unpaid receivable is a restructuring), so art. 5 keeps it
    // doubtful: class 1, base 1,060.00, 25 % = 265.00.
    let capitalised = loan("")
        .rc(1, "2023-07-15")
        .with(|l| l.outstanding_principal = dec("1060.00"));
    let before = prev_principal(3, "750.00", 0, "1000.00", false);
    let q2 = classify_with(|_| {}, AS, &capitalised, before.as_ref());
    assert_eq!(
        outcome(&q2),
        (1, "265.00".into(), "art5_hold".into(), false)
    );
    // Kept for the next quarter-end: the level to come back to, not the new outstanding.
    let kept = q2.to_previous(&capitalised);
    assert_eq!(
        (kept.principal, kept.capitalised_arrears),
        (Some(dec("1000.00")), true)
    );
    // Next quarter-end: 1,020.00 still outstanding (above 1,000.00), no arrears: still class 1,
    // base 1,020.00 → 255.00.
    let next = capitalised
        .clone()
        .with(|l| l.outstanding_principal = dec("1020.00"));
    let q3 = classify_with(|_| {}, AS, &next, Some(&kept));
    assert_eq!(
        outcome(&q3),
        (1, "255.00".into(), "art5_hold".into(), false)
    );
    assert_eq!(q3.to_previous(&next).principal, Some(dec("1000.00")));
    // Back to 980.00 (the capitalised 60.00 and 20.00 more repaid): healthy, and the next
    // quarter-end compares with 980.00.
    let repaid = next.with(|l| l.outstanding_principal = dec("980.00"));
    let q4 = classify_with(|_| {}, AS, &repaid, Some(&kept));
    assert_eq!(outcome(&q4), (0, "0.00".into(), "dpd".into(), false));
    let after = q4.to_previous(&repaid);
    assert_eq!(
        (after.principal, after.capitalised_arrears),
        (Some(dec("980.00")), false)
    );
    // Restructured with a repayment (outstanding down to 900.00): the arrears were repaid, healthy.
    let repayment = loan("")
        .rc(1, "2023-07-15")
        .with(|l| l.outstanding_principal = dec("900.00"));
    check(AS, repayment, before, (0, "0.00", "dpd", false));
    // Grown without a restructuring since the previous quarter-end (count unchanged), healthy
    // before, or no principal stored at the previous quarter-end: not this rule.
    let grown = |rc| {
        loan("")
            .rc(rc, "2023-07-15")
            .with(|l| l.outstanding_principal = dec("1060.00"))
    };
    check(
        AS,
        grown(1),
        prev_principal(3, "750.00", 1, "1000.00", false),
        (0, "0.00", "dpd", false),
    );
    check(
        AS,
        grown(1),
        prev_principal(0, "0", 0, "1000.00", false),
        (0, "0.00", "dpd", false),
    );
    check(
        AS,
        grown(1),
        prev(3, "750.00", 0),
        (0, "0.00", "dpd", false),
    );
    // A regime whose rule file does not hold capitalised arrears: healthy.
    let off = |d: &mut ClassificationDef| d.capitalised_arrears_hold = false;
    let r = classify_with(off, AS, &capitalised, before.as_ref());
    assert_eq!(outcome(&r), (0, "0.00".into(), "dpd".into(), false));
    // A credit institution: the restructuring of a doubtful loan is held by art. 10 in its
    // class 3 during the observation (not started: first instalment 2023-07-15); base 1,060.00,
    // 75 % = 795.00, above the 750.00 it may not fall below.
    check(
        CI,
        capitalised.clone(),
        before,
        (3, "795.00", "art10_hold", false),
    );
    // After the observation (2022-12-15 + 90 days) with no arrears and difficulties resolved,
    // art. 14 lets it return to healthy: the capitalised principal is the new schedule's.
    let elapsed = capitalised
        .rc(1, "2022-12-15")
        .with(|l| l.difficulties_resolved = true);
    check(
        CI,
        elapsed,
        prev_principal(1, "265.00", 1, "1060.00", false),
        (0, "0.00", "dpd", false),
    );
    Ok(())
}

/// Results, issues and migration metrics of a tape.
type Classified = (Vec<LoanResult>, Vec<String>, Vec<String>);

/// Classifies `tape` (line numbers from 2) at 2023-06-30 with `book` as the 2023-03-31
/// classification: the results, the issues rendered with their severity, the migration metrics.
fn classify_tape(
    edit: impl FnOnce(&mut ClassificationDef),
    licence: &str,
    book: &PreviousBook,
    tape: &[Loan],
) -> Result<Classified, Box<dyn std::error::Error>> {
    let fw = framework()?;
    let mut def = fw.classification.clone().ok_or("no classification")?;
    edit(&mut def);
    let lic = def.licence(licence).ok_or("no licence")?;
    let mut classifier = Classifier::new(&def, lic, date("2023-06-30"), Some(book))?;
    let mut issues = Vec::new();
    let mut results = Vec::new();
    for (i, loan) in tape.iter().enumerate() {
        results.push(classifier.add(i as u64 + 2, loan, &mut issues));
    }
    let issues = issues
        .iter()
        .map(|i| {
            format!(
                "{} {i}",
                if i.is_blocking() {
                    "blocking"
                } else {
                    "warning"
                }
            )
        })
        .collect();
    let migration = classifier
        .finish()
        .metrics()
        .into_iter()
        .filter(|(k, _)| k.starts_with("migration."))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    Ok((results, issues, migration))
}

#[test]
fn refinancing_is_restructuring_art_8() -> TestResult {
    // At 2023-03-31: OLD in class 3 (outstanding 1,000.00, provision 750.00, never restructured),
    // GOOD healthy. At 2023-06-30 OLD is gone: NEW (outstanding 1,060.00, its arrears included,
    // no unpaid date) paid it off and names it in `refinances_loan_id`.
    let mut book = PreviousBook::new(date("2023-03-31"));
    book.insert(
        "GOOD",
        prev_principal(0, "0", 0, "1000.00", false).ok_or("prev")?,
    );
    book.insert(
        "OLD",
        prev_principal(3, "750.00", 0, "1000.00", false).ok_or("prev")?,
    );
    let good = loan("").with(|l| l.loan_id = "GOOD".into());
    let new = |rc: u32, refinances: &str| {
        loan("").rc(rc, "2023-07-15").with(|l| {
            l.loan_id = "NEW".into();
            l.outstanding_principal = dec("1060.00");
            l.refinances_loan_id = Some(refinances.into());
        })
    };
    // Credit institution, counted as a restructuring (1): art. 10 holds OLD's class 3 during the
    // observation (first instalment 2023-07-15, not started); base 1,060.00 × 75 % = 795.00,
    // above OLD's 750.00. The migration reads 3 → 3, OLD no exit.
    let (r, issues, migration) = classify_tape(|_| {}, CI, &book, &[good.clone(), new(1, "OLD")])?;
    assert_eq!(
        outcome(&r[1]),
        (3, "795.00".into(), "art10_hold".into(), false)
    );
    assert_eq!(r[1].previous_class, Some(3));
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(migration, ["migration.0.0=1", "migration.3.3=1"]);
    // Not counted as a restructuring (0): refused for a credit institution, at its line (3);
    // classified as counted.
    let (r, issues, _) = classify_tape(|_| {}, CI, &book, &[good.clone(), new(0, "OLD")])?;
    assert_eq!(
        issues,
        [
            "blocking line 3, column restructure_count: refinances loan \"OLD\", doubtful at the \
             previous quarter-end: a restructuring of it, restructure_count at least 1 (found 0)"
        ]
    );
    assert_eq!(
        outcome(&r[1]),
        (3, "795.00".into(), "art10_hold".into(), false)
    );
    // Association: a warning; art. 5 and 8 hold it in class 1 as its principal grew (1,000.00
    // → 1,060.00): base 1,060.00 × 25 % = 265.00.
    let (r, issues, _) = classify_tape(|_| {}, AS, &book, &[good.clone(), new(0, "OLD")])?;
    assert_eq!(issues.len(), 1);
    assert!(issues[0].starts_with("warning line 3"), "{issues:?}");
    assert_eq!(
        outcome(&r[1]),
        (1, "265.00".into(), "art5_hold".into(), false)
    );
    // A regime whose rule file does not read refinancing as restructuring: a new loan, healthy.
    let off = |d: &mut ClassificationDef| d.refinancing_is_restructuring = false;
    let (r, issues, migration) = classify_tape(off, CI, &book, &[new(0, "OLD")])?;
    assert_eq!(outcome(&r[0]), (0, "0.00".into(), "dpd".into(), false));
    assert!(issues.is_empty(), "{issues:?}");
    assert!(migration.contains(&"migration.new.0=1".to_owned()));
    // Refinancing a healthy loan, or a loan unknown at the previous quarter-end: a new loan,
    // classified by the ordinary criteria (art. 9), healthy.
    for refinanced in ["GOOD", "ELSEWHERE"] {
        let (r, issues, migration) = classify_tape(|_| {}, CI, &book, &[new(0, refinanced)])?;
        assert_eq!(outcome(&r[0]), (0, "0.00".into(), "dpd".into(), false));
        assert!(issues.is_empty(), "{issues:?}");
        assert!(migration.contains(&"migration.new.0=1".to_owned()));
    }
    Ok(())
}

/// Results, issues and portfolio of a tape.
type FirstRun = (Vec<LoanResult>, Vec<String>, Portfolio);

/// Classifies `tape` (line numbers from 2) at `as_of` with no previous classification, for a
/// credit institution: the results, the issues as text, the portfolio.
fn classify_first(as_of: &str, tape: &[Loan]) -> Result<FirstRun, Box<dyn std::error::Error>> {
    let fw = framework()?;
    let def = fw.classification.clone().ok_or("no classification")?;
    let lic = def.licence(CI).ok_or("no licence")?;
    let mut classifier = Classifier::new(&def, lic, date(as_of), None)?;
    let mut issues = Vec::new();
    let mut results = Vec::new();
    for (i, loan) in tape.iter().enumerate() {
        results.push(classifier.add(i as u64 + 2, loan, &mut issues));
    }
    let issues = issues
        .iter()
        .map(|i| {
            format!(
                "{} {i}",
                if i.is_blocking() {
                    "blocking"
                } else {
                    "warning"
                }
            )
        })
        .collect();
    Ok((results, issues, classifier.finish()))
}

/// The four loans of the art. 17 and 19 cases, each 1,000.00 outstanding with nothing else
/// (base 1,000.00), at 2023-06-30: A unpaid since 2022-01-04, B since 2022-01-05, C compromised
/// with nothing unpaid, D healthy, E unpaid since 2023-04-30.
fn year_end_tape() -> Vec<Loan> {
    let at = |id: &str, disbursed: &str, due: &str| {
        loan(due).with(|l| {
            l.loan_id = id.into();
            l.disbursement_date = date(disbursed);
        })
    };
    vec![
        at("A", "2021-06-01", "2022-01-04"),
        at("B", "2021-09-01", "2022-01-05"),
        at("C", "2022-03-01", "").with(|l| l.recovery_compromised = true),
        at("D", "2020-05-05", ""),
        at("E", "2023-01-10", "2023-04-30"),
    ]
}

#[test]
fn irrecoverable_at_a_past_year_end_is_told_art_17() -> TestResult {
    // Art. 17: more than 360 days past due is irrecoverable, written off at the latest at the
    // year end. At 2023-06-30 the past year end is 2022-12-31, whose cut-off is 2022-12-31 − 360
    // days = 2022-01-05.
    // A (unpaid since 2022-01-04): 361 days past due on 2022-12-31, irrecoverable then and still
    // unpaid — should have been written off: a warning at its line (2) and counted
    // (1 loan, 1,000.00). Now 542 days: class 4, provision 100 % × 1,000.00 = 1,000.00.
    // B (since 2022-01-05): exactly 360 days on 2022-12-31, not more: irrecoverable only since
    // (541 days now), to be written off at 2023-12-31: not told.
    // C: compromised, irrecoverable now (art. 17) but with no date: not told. D, E: not
    // irrecoverable.
    let (r, issues, portfolio) = classify_first("2023-06-30", &year_end_tape())?;
    assert_eq!(
        r.iter().map(outcome).collect::<Vec<_>>(),
        [
            (4, "1000.00".into(), "dpd".into(), true),
            (4, "1000.00".into(), "dpd".into(), true),
            (4, "1000.00".into(), "compromised".into(), true),
            (0, "0.00".into(), "dpd".into(), false),
            (2, "500.00".into(), "dpd".into(), false),
        ]
    );
    assert_eq!(
        issues,
        [
            "warning line 2, column oldest_unpaid_due_date: loan \"A\" was irrecoverable on \
             2022-12-31 (unpaid since 2022-01-04) and is still on the tape"
        ]
    );
    let rows = |p: &Portfolio, prefix: &str| -> Vec<String> {
        p.supervisory_metrics()
            .into_iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    };
    assert_eq!(
        rows(&portfolio, "not_written_off."),
        ["not_written_off.count=1", "not_written_off.amount=1000.00"]
    );
    // Irrecoverable now: A, B, C (3 loans, 3,000.00), in the spec's outputs as before.
    assert_eq!(portfolio.irrecoverable.count, 3);
    // The spec's summary is unchanged; the export adds the supervisory lines after it.
    let all = portfolio.outputs_csv();
    assert!(all.starts_with(&portfolio.metrics_csv()));
    assert!(all.ends_with(&format!(
        "not_written_off.count,1\nnot_written_off.amount,1000.00\n{}",
        rows(&portfolio, "vintage.")
            .iter()
            .map(|r| format!("{}\n", r.replace('=', ",")))
            .collect::<String>()
    )));
    // At 2023-12-31 the past year end is still 2022-12-31 (the year's own end is the tape's):
    // B is still not told. At 2024-03-31 it is 2023-12-31 (cut-off 2023-01-05): B, unpaid since
    // 2022-01-05, is told too.
    let (_, issues, portfolio) = classify_first("2023-12-31", &year_end_tape())?;
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(portfolio.not_written_off.count, 1);
    let (_, issues, portfolio) = classify_first("2024-03-31", &year_end_tape())?;
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues[1].contains("loan \"B\" was irrecoverable on 2023-12-31"));
    assert_eq!(
        (
            portfolio.not_written_off.count,
            amount_text(portfolio.not_written_off.outstanding)
        ),
        (2, "2000.00".into())
    );
    // A rule set without `irrecoverable_after` tells nothing.
    let fw = framework()?;
    let mut def = fw.classification.clone().ok_or("no classification")?;
    def.irrecoverable_after = None;
    let lic = def.licence(CI).ok_or("no licence")?;
    let rules = Rules::new(&def, lic, date("2023-06-30"), None)?;
    assert_eq!(
        rules.irrecoverable_at_past_year_end(Some(date("2020-01-01"))),
        None
    );
    Ok(())
}

#[test]
fn doubtful_loans_by_year_of_disbursement_art_19() -> TestResult {
    // Art. 19: doubtful loans by the year (exercice) their credit was disbursed in, at
    // 2023-06-30, each 1,000.00 outstanding:
    //   2020: D healthy — no line;
    //   2021: A and B, class 4 by days past due: 2 loans, 2,000.00, provisions 2 × 1,000.00;
    //   2022: C compromised, class 4: 1 loan, 1,000.00, provision 1,000.00;
    //   2023: E unpaid since 2023-04-30, 61 days: class 2, provision 50 % × 1,000.00 = 500.00.
    // Together 4 loans, 4,000.00 = the doubtful outstanding, provisions 3,500.00 = the total.
    let (_, _, portfolio) = classify_first("2023-06-30", &year_end_tape())?;
    let vintages: Vec<String> = portfolio
        .supervisory_metrics()
        .into_iter()
        .filter(|(k, _)| k.starts_with("vintage."))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        vintages,
        [
            "vintage.2021.doubtful.count=2",
            "vintage.2021.doubtful.outstanding=2000.00",
            "vintage.2021.doubtful.provision=2000.00",
            "vintage.2022.doubtful.count=1",
            "vintage.2022.doubtful.outstanding=1000.00",
            "vintage.2022.doubtful.provision=1000.00",
            "vintage.2023.doubtful.count=1",
            "vintage.2023.doubtful.outstanding=1000.00",
            "vintage.2023.doubtful.provision=500.00",
        ]
    );
    let sum = |f: fn(&mizan_ratios::classification::Totals) -> Decimal| -> Decimal {
        portfolio
            .doubtful_by_vintage
            .iter()
            .map(|(_, t)| f(t))
            .sum()
    };
    assert_eq!(sum(|t| t.outstanding), portfolio.doubtful_outstanding);
    assert_eq!(sum(|t| t.provision), portfolio.total.provision);
    assert_eq!(amount_text(portfolio.total.provision), "3500.00");
    Ok(())
}

#[test]
fn the_supervisors_class_takes_precedence_art_21() -> TestResult {
    // Art. 21: Bank Al-Maghrib may have a loan classified and provisioned. The year-end tape at
    // 2023-06-30 (each loan 1,000.00, base 1,000.00), credit institution, with imposed classes:
    //   D (healthy by its dates) → 2: provision 50 % × 1,000.00 = 500.00;
    //   E (class 2, 61 days) → 3: 75 % × 1,000.00 = 750.00;
    //   A (class 4) → 9, capped at the highest class 4: 1,000.00.
    // B and C keep their computed class 4 (1,000.00 each). Provisions 1,000.00 × 3 + 500.00 +
    // 750.00 = 4,250.00 (3,500.00 computed); doubtful 5 loans, 5,000.00.
    let fw = framework()?;
    let def = fw.classification.clone().ok_or("no classification")?;
    let lic = def.licence(CI).ok_or("no licence")?;
    let imposed: ImposedClasses = [("D", 2), ("E", 3), ("A", 9), ("Z", 1)]
        .into_iter()
        .map(|(id, c)| (id.to_owned(), c))
        .collect();
    let mut classifier =
        Classifier::new(&def, lic, date("2023-06-30"), None)?.with_imposed(&imposed);
    let mut issues = Vec::new();
    let results: Vec<LoanResult> = year_end_tape()
        .iter()
        .enumerate()
        .map(|(i, l)| classifier.add(i as u64 + 2, l, &mut issues))
        .collect();
    assert_eq!(
        results.iter().map(outcome).collect::<Vec<_>>(),
        [
            (4, "1000.00".into(), "imposed".into(), true),
            (4, "1000.00".into(), "dpd".into(), true),
            (4, "1000.00".into(), "compromised".into(), true),
            (2, "500.00".into(), "imposed".into(), false),
            (3, "750.00".into(), "imposed".into(), false),
        ]
    );
    // Shown as imposed in the per-loan export, and read back.
    assert_eq!(
        results[3].export_line("D"),
        "D,2,1000.00,500.00,false,imposed"
    );
    // The portfolio and the return's items follow the imposed classes (Z, not on the tape,
    // changes nothing).
    let portfolio = classifier.finish();
    assert_eq!(amount_text(portfolio.total.provision), "4250.00");
    assert_eq!(amount_text(portfolio.doubtful_outstanding), "5000.00");
    let counts: Vec<u64> = portfolio.by_class.iter().map(|t| t.count).collect();
    assert_eq!(counts, [0, 0, 1, 1, 3]);
    let items = portfolio_items(&portfolio, &fw);
    let get = |c: &str| items.get(c).map(|d| amount_text(*d));
    assert_eq!(get("loans.class2.provisions").as_deref(), Some("500.00"));
    assert_eq!(get("loans.class3.provisions").as_deref(), Some("750.00"));
    assert_eq!(get("loans.provisions").as_deref(), Some("4250.00"));
    Ok(())
}

// ---------------------------------------------------------------- worked examples (fixtures)

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/bam-mfi-examples").join(name)
}

/// Results of one tape: per loan (class, base, provision, irrecoverable, reasons), the
/// portfolio, the book to keep for the next quarter-end, the issues and the export.
struct Run {
    results: BTreeMap<String, LoanResult>,
    portfolio: Portfolio,
    book: PreviousBook,
    issues: Vec<Issue>,
    export: String,
}

fn run(
    tape: &str,
    licence: &str,
    as_of: &str,
    previous: Option<&PreviousBook>,
    parallel: bool,
) -> Result<Run, Box<dyn std::error::Error>> {
    let fw = framework()?;
    let def = fw.classification.as_ref().ok_or("no classification")?;
    let lic = def.licence(licence).ok_or("no licence")?;
    let as_of = date(as_of);
    let mut classifier = Classifier::new(def, lic, as_of, previous)?;
    let mut results = BTreeMap::new();
    let mut book = PreviousBook::new(as_of);
    let mut export = format!("{EXPORT_HEADER}\n");
    let file = std::fs::File::open(fixture(tape))?;
    let mut options = TapeOptions::new(as_of, def.max_class());
    options.parallel = parallel;
    options.batch_rows = 5; // several batches even on a small tape
    let mut last_progress = 0;
    let report = read_tape(
        file,
        &options,
        |bytes| last_progress = bytes,
        |line, loan, issues| {
            let r = classifier.add(line, loan, issues);
            book.insert(&loan.loan_id, r.to_previous(loan));
            export.push_str(&r.export_line(&loan.loan_id));
            export.push('\n');
            results.insert(loan.loan_id.clone(), r);
        },
    );
    assert_eq!(last_progress, report.data.bytes);
    assert_eq!(report.data.bytes, std::fs::metadata(fixture(tape))?.len());
    Ok(Run {
        results,
        portfolio: classifier.finish(),
        book,
        issues: report.issues,
        export,
    })
}

#[track_caller]
fn compare_loans(run: &Run, expected: &str) -> TestResult {
    let text = std::fs::read_to_string(fixture(expected))?;
    let mut n = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let r = run
            .results
            .get(f[0])
            .ok_or_else(|| format!("{} not classified", f[0]))?;
        let got = (
            r.class.to_string(),
            amount_text(r.provision_base),
            amount_text(r.provision),
            r.irrecoverable.to_string(),
        );
        assert_eq!(
            got,
            (
                f[1].to_owned(),
                f[2].to_owned(),
                f[3].to_owned(),
                f[4].to_owned()
            ),
            "{expected}: {} (reasons {})",
            f[0],
            r.reasons
        );
        n += 1;
    }
    assert_eq!(n, run.results.len(), "{expected}: loan count");
    Ok(())
}

#[track_caller]
fn compare_summary(portfolio: &Portfolio, expected: &str) -> TestResult {
    let text = std::fs::read_to_string(fixture(expected))?;
    let want: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let got = portfolio.metrics();
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "{expected}");
    }
    assert_eq!(got.len(), want.len(), "{expected}: number of metrics");
    assert_eq!(portfolio.metrics_csv(), text, "{expected}");
    Ok(())
}

fn both_quarters(prefix: &str, licence: &str, parallel: bool) -> TestResult {
    let q1 = run(
        &format!("tape-{prefix}2023q1.csv"),
        licence,
        "2023-03-31",
        None,
        parallel,
    )?;
    assert!(q1.issues.is_empty(), "{:?}", q1.issues);
    compare_loans(&q1, &format!("expected-{prefix}2023q1.csv"))?;
    compare_summary(
        &q1.portfolio,
        &format!("expected-summary-{prefix}2023q1.csv"),
    )?;
    let q2 = run(
        &format!("tape-{prefix}2023q2.csv"),
        licence,
        "2023-06-30",
        Some(&q1.book),
        parallel,
    )?;
    assert!(q2.issues.is_empty(), "{:?}", q2.issues);
    compare_loans(&q2, &format!("expected-{prefix}2023q2.csv"))?;
    compare_summary(
        &q2.portfolio,
        &format!("expected-summary-{prefix}2023q2.csv"),
    )?;
    Ok(())
}

#[test]
fn worked_examples_credit_institution() -> TestResult {
    both_quarters("", "credit_institution", true)
}

#[test]
fn worked_examples_association() -> TestResult {
    both_quarters("association-", "association", true)
}

#[test]
fn worked_examples_on_one_thread_give_the_same_results() -> TestResult {
    both_quarters("", "credit_institution", false)?;
    both_quarters("association-", "association", false)
}

#[test]
fn reasons_of_the_worked_examples() -> TestResult {
    let q1 = run("tape-2023q1.csv", CI, "2023-03-31", None, true)?;
    let q2 = run("tape-2023q2.csv", CI, "2023-06-30", Some(&q1.book), true)?;
    let reasons = |r: &Run, id: &str| r.results.get(id).map(|x| x.reasons.to_string());
    for (id, want) in [
        ("EX12", "judgment"),
        ("EX13", "compromised"),
        ("EX14", "art5_hold"),
        ("EX16", "art10_hold"),
        ("EX18", "art12"),
        ("EX19", "art12"),
        ("EX20", "art11"),
        ("EX21", "art13"),
        ("EX24", "dpd"),
        ("EX25", "art10_hold"),
        ("EX28", "art13"),
    ] {
        assert_eq!(reasons(&q2, id).as_deref(), Some(want), "{id}");
    }
    assert_eq!(reasons(&q1, "EX24").as_deref(), Some("judgment"));
    // EX20 carries art. 11 to the next quarter-end.
    assert!(q2.book.get("EX20").is_some_and(|p| p.art11_applied));
    // As an association, EX16's capitalised arrears (10,000.00 → 10,600.00) hold it in class 1
    // (art. 5, 8), and the next quarter-end compares with the 10,000.00 before them.
    let a1 = run("tape-association-2023q1.csv", AS, "2023-03-31", None, true)?;
    let a2 = run(
        "tape-association-2023q2.csv",
        AS,
        "2023-06-30",
        Some(&a1.book),
        true,
    )?;
    assert_eq!(reasons(&a2, "EX16").as_deref(), Some("art5_hold"));
    let kept = a2
        .book
        .get("EX16")
        .map(|p| (p.principal, p.capitalised_arrears));
    assert_eq!(kept, Some((Some(dec("10000.00")), true)));
    assert_eq!(
        a2.book
            .get("EX15")
            .map(|p| (p.principal, p.capitalised_arrears)),
        Some((Some(dec("6500.00")), false))
    );
    assert!(q2.export.starts_with(EXPORT_HEADER));
    assert!(
        q2.export
            .contains("\nEX16,3,6600.00,7500.00,false,art10_hold\n"),
        "{}",
        q2.export
    );
    Ok(())
}

#[test]
fn portfolio_feeds_the_return_items() -> TestResult {
    let fw = framework()?;
    let q1 = run("tape-2023q1.csv", CI, "2023-03-31", None, true)?;
    let items = portfolio_items(&q1.portfolio, &fw);
    let get = |c: &str| items.get(c).map(|d| amount_text(*d));
    assert_eq!(get("loans.outstanding").as_deref(), Some("229950.02"));
    assert_eq!(get("loans.par30").as_deref(), Some("174750.02"));
    assert_eq!(get("loans.par180").as_deref(), Some("17700.00"));
    assert_eq!(get("loans.doubtful").as_deref(), Some("209750.02"));
    assert_eq!(get("loans.provisions").as_deref(), Some("117737.51"));
    assert_eq!(get("loans.class4.provisions").as_deref(), Some("34200.00"));
    assert_eq!(get("loans.women.count").as_deref(), Some("12.00"));
    assert_eq!(get("loans.irrecoverable").as_deref(), Some("4500.00"));
    // Every value maps to a defined item, and the totals agree with their parts.
    for code in items.keys() {
        assert!(fw.item(code.as_str()).is_some(), "{code}");
    }
    let values = mizan_core::Values::new(&fw, &items);
    let parts = fw
        .item("loans.provisions")
        .and_then(|i| i.parts.clone())
        .ok_or("parts")?;
    assert_eq!(values.parts_sum(&parts), (dec("117737.51"), 4));
    // The sector PAR30 indicator is a ratio of sums over these items.
    assert!(fw.indicator("fin.par30").is_some());
    Ok(())
}

#[test]
fn a_restructure_count_going_down_is_blocking_for_credit_institutions() -> TestResult {
    let q1 = run("tape-2023q1.csv", CI, "2023-03-31", None, true)?;
    // EX21 had 2 restructurings at Q1; a Q2 tape saying 1 is refused.
    let mut book = PreviousBook::new(date("2023-03-31"));
    for (id, p) in q1.book.iter() {
        let p = if id == "EX21" {
            PreviousClassification {
                restructure_count: 4,
                ..p
            }
        } else {
            p
        };
        book.insert(id, p);
    }
    let q2 = run("tape-2023q2.csv", CI, "2023-06-30", Some(&book), true)?;
    let found: Vec<String> = q2.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "line 22, column restructure_count: restructure_count went down from 4 at the previous quarter-end to 3"
        ]
    );
    assert!(q2.issues.iter().all(Issue::is_blocking));
    let q2 = run(
        "tape-association-2023q2.csv",
        AS,
        "2023-06-30",
        Some(&book),
        true,
    )?;
    assert!(q2.issues.iter().all(|i| !i.is_blocking()) && q2.issues.len() == 1);
    Ok(())
}

#[test]
fn the_previous_classification_must_be_earlier() -> TestResult {
    let fw = framework()?;
    let def = fw.classification.as_ref().ok_or("no classification")?;
    let lic = def.licence(CI).ok_or("no licence")?;
    let book = PreviousBook::new(date("2023-06-30"));
    let err = Classifier::new(def, lic, date("2023-06-30"), Some(&book)).err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("the previous classification is at 2023-06-30, not before 2023-06-30")
    );
    Ok(())
}
