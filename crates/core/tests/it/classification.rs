//! The `[classification]` and `[solvency]` tables of a framework: the shipped bam-mfi file loads
//! with the circulars' figures, and inconsistent tables are refused with clear messages.

use std::path::PathBuf;

use mizan_core::framework::{FrameworkError, SolvencyRole, Span};
use mizan_core::{Decimal, Framework, LegalForm};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn bam_text() -> Result<String, std::io::Error> {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks/bam-mfi.toml"),
    )
}

#[test]
fn bam_mfi_has_the_circulars_figures() -> TestResult {
    let fw = Framework::from_toml(&bam_text()?, "bam-mfi.toml")?;
    assert_eq!((fw.id.as_str(), fw.currency.as_str()), ("bam-mfi", "MAD"));
    let c = fw.classification.as_ref().ok_or("no [classification]")?;
    // Art. 24: in force on its signature, Rabat, 1 February 2023.
    assert_eq!(c.in_force_from, chrono::NaiveDate::from_ymd_opt(2023, 2, 1));
    let days: Vec<Option<Span>> = c.classes.iter().map(|k| k.more_than).collect();
    assert_eq!(
        days,
        [
            None,
            Some(Span::Days(30)),
            Some(Span::Days(60)),
            Some(Span::Days(90)),
            Some(Span::Days(180))
        ]
    );
    let rates: Vec<String> = c
        .classes
        .iter()
        .map(|k| k.provision_pct.to_string())
        .collect();
    assert_eq!(rates, ["0", "25", "50", "75", "100"]);
    assert_eq!(c.irrecoverable_after, Some(Span::Days(360)));
    assert_eq!(c.par_days, [30, 60, 90, 180]);
    let r = c.restructuring.as_ref().ok_or("no restructuring chapter")?;
    assert_eq!(
        (r.observation, r.max_restructurings, r.beyond_max_class),
        (Span::Days(90), 2, 4)
    );
    assert_eq!(
        c.licence_for(LegalForm::Sa).map(|l| l.restructuring),
        Some(true)
    );
    assert_eq!(
        c.licence_for(LegalForm::Association)
            .map(|l| l.restructuring),
        Some(false)
    );
    assert_eq!(c.licence_for(LegalForm::Mutual), None);

    let s = fw.solvency.as_ref().ok_or("no [solvency]")?;
    assert_eq!(s.minimum_pct, Decimal::from(8));
    assert_eq!(s.general_provisions_max_pct_of_rwa.to_string(), "1.25");
    let sub: Vec<String> = s
        .items
        .iter()
        .filter(|i| i.role == SolvencyRole::Subordinated)
        .map(|i| i.count_pct.to_string())
        .collect();
    assert_eq!(sub, ["100", "80", "60", "40", "20", "0"]);
    let off: Vec<String> = s
        .items
        .iter()
        .filter(|i| i.off_balance)
        .map(|i| i.weight_pct.to_string())
        .collect();
    assert_eq!(off, ["0", "4", "20", "50", "100"]);
    for i in &s.items {
        assert!(fw.item(i.item.as_str()).is_some(), "{}", i.item);
        assert!(i.article.starts_with("art."), "{}", i.item);
    }
    Ok(())
}

/// The bam-mfi file with one piece of text replaced must be refused with a message containing
/// `expected`.
#[track_caller]
fn refused(from: &str, to: &str, expected: &str) {
    let text = bam_text().unwrap_or_default();
    assert!(
        text.contains(from),
        "the fixture text {from:?} is not in the file"
    );
    let broken = text.replacen(from, to, 1);
    match Framework::from_toml(&broken, "broken.toml") {
        Err(FrameworkError::Invalid { problems, .. }) => assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected:?} not in {problems:#?}"
        ),
        Err(other) => assert!(other.to_string().contains(expected), "{other}"),
        Ok(_) => panic!("accepted with {to:?} instead of {from:?}"),
    }
}

#[test]
fn inconsistent_classification_is_refused() {
    refused(
        "class = 2\ncode",
        "class = 7\ncode",
        "classes must be numbered 0, 1, 2",
    );
    refused(
        "more_than = { days = 60 }",
        "more_than = { days = 20 }",
        "longer than",
    );
    refused(
        "more_than = { days = 60 }",
        "more_than = { months = 3 }",
        "same unit",
    );
    refused(
        "more_than = { days = 60 }",
        "more_than = { days = 60, months = 2 }",
        "either days or months",
    );
    refused(
        "provision_pct = \"50\"",
        "provision_pct = \"10\"",
        "below class 1",
    );
    refused(
        "provision_pct = \"100\"\narticle",
        "provision_pct = \"120\"\narticle",
        "not between 0 and 100",
    );
    refused(
        "compromised_class = 4 ",
        "compromised_class = 5 ",
        "compromised_class 5 is not a class",
    );
    refused(
        "compromised_provision_pct = \"100\"",
        "",
        "give both compromised_class and compromised_provision_pct, or neither",
    );
    refused(
        "compromised_class = 4 ",
        "",
        "give both compromised_class and compromised_provision_pct, or neither",
    );
    refused(
        "par_days = [30, 60, 90, 180]",
        "par_days = [30, 90, 60]",
        "increasing",
    );
    refused(
        "beyond_max_class = 4",
        "beyond_max_class = 9",
        "beyond_max_class 9",
    );
    refused(
        "legal_forms = [\"association\"]\nchapters",
        "legal_forms = [\"sa\"]\nchapters",
        "legal form sa is in two licences",
    );
    refused(
        "chapters = [\"I\", \"II\", \"IV\", \"V\"]",
        "chapters = []",
        "applies no chapter",
    );
    refused(
        "unpaid_raise = 1 ",
        "unpaid_raise = 0 ",
        "must be at least 1",
    );
    // The art. 5 readings are refused where the art. 5 rule they read is off.
    refused(
        "healthy_requires_no_arrears = true ",
        "healthy_requires_no_arrears = false ",
        "capitalised_arrears_hold is a reading of healthy_requires_no_arrears",
    );
    refused(
        "healthy_requires_no_arrears = true ",
        "healthy_requires_no_arrears = false\nbogus_key = 1 ",
        "bogus_key",
    );
}

#[test]
fn arrears_of_interest_need_a_rule_to_apply_to() -> TestResult {
    let text = bam_text()?;
    let fw = Framework::from_toml(&text, "bam-mfi.toml")?;
    let c = fw.classification.ok_or("no classification")?;
    // Art. 5 "principal et intérêts", art. 5 and 8 on capitalised arrears.
    assert!(c.arrears_include_interest && c.capitalised_arrears_hold);
    assert!(c.refinancing_is_restructuring);
    // Without art. 5 nor the restructuring chapter, arrears of interest would be read by nothing.
    let start = text
        .find("\n[classification.restructuring]")
        .ok_or("no table")?
        + 1;
    let end = text[start..].find("\n\n").ok_or("no end")? + start;
    let text = format!("{}{}", &text[..start], &text[end..])
        .replace(
            "healthy_requires_no_arrears = true ",
            "healthy_requires_no_arrears = false ",
        )
        .replace(
            "capitalised_arrears_hold = true ",
            "capitalised_arrears_hold = false ",
        );
    match Framework::from_toml(&text, "x.toml") {
        Err(e) => {
            let e = e.to_string();
            assert!(
                e.contains("arrears_include_interest needs healthy_requires_no_arrears"),
                "{e}"
            );
            assert!(
                e.contains("refinancing_is_restructuring needs healthy_requires_no_arrears"),
                "{e}"
            );
        }
        Ok(_) => return Err("arrears_include_interest accepted with nothing to apply to".into()),
    }
    Ok(())
}

#[test]
fn licences_apply_the_restructuring_chapter_by_its_number() -> TestResult {
    // Art. 22: chapter III only for credit institutions.
    let text = bam_text()?;
    let fw = Framework::from_toml(&text, "bam-mfi.toml")?;
    let c = fw.classification.ok_or("no classification")?;
    let chapters = |code: &str| {
        c.licence(code)
            .map(|l| (l.chapters.join(","), l.restructuring))
    };
    assert_eq!(
        chapters("credit_institution"),
        Some(("I,II,III,IV,V".into(), true))
    );
    assert_eq!(chapters("association"), Some(("I,II,IV,V".into(), false)));
    // Without the restructuring table, no licence applies it.
    let start = text
        .find("\n[classification.restructuring]")
        .ok_or("no table")?
        + 1;
    let end = text[start..].find("\n\n").ok_or("no end")? + start;
    let fw = Framework::from_toml(&format!("{}{}", &text[..start], &text[end..]), "x.toml")?;
    let c = fw.classification.ok_or("no classification")?;
    assert!(c.licences.iter().all(|l| !l.restructuring));
    Ok(())
}

#[test]
fn inconsistent_solvency_is_refused() {
    refused(
        "item = \"solv.bs.w20\"",
        "item = \"solv.bs.w25\"",
        "not an item of the framework",
    );
    refused(
        "weight_pct = \"50\"\narticle = \"art. 15 I",
        "weight_pct = \"35\"\narticle = \"art. 15 I",
        "weight 35 % is not one of the allowed weights",
    );
    refused(
        "role = \"subordinated\"\ncount_pct = \"80\"",
        "role = \"subordinated\"",
        "needs its count_pct",
    );
    refused(
        "role = \"covered_risks\"",
        "role = \"core\"",
        "exactly one covered_risks item",
    );
    refused(
        "subordinated_max_pct_of_supplementary = \"50\"",
        "subordinated_max_pct_of_supplementary = \"100\"",
        "below 100",
    );
}

#[test]
fn a_uemoa_style_rule_set_needs_no_code() -> TestResult {
    let text = bam_text()?;
    let start = text
        .find("\n[classification]\n")
        .ok_or("no [classification]")?
        + 1;
    let end = text
        .find("# ---- Solvency coefficient")
        .ok_or("no solvency")?;
    let uemoa = r#"[classification]
source = "UEMOA"
compromised_class = 3
compromised_provision_pct = "100"
irrecoverable_after = { months = 24 }
par_days = [30, 90, 180]

[[classification.classes]]
class = 0
code = "healthy"
label = { fr = "Saines", en = "Healthy", ar = "سليمة" }
provision_pct = "0"

[[classification.classes]]
class = 1
code = "m3"
label = { fr = "Plus de 3 mois", en = "More than 3 months", ar = "أكثر من 3 أشهر" }
more_than = { months = 3 }
provision_pct = "40"

[[classification.classes]]
class = 2
code = "m6"
label = { fr = "Plus de 6 mois", en = "More than 6 months", ar = "أكثر من 6 أشهر" }
more_than = { months = 6 }
provision_pct = "80"

[[classification.classes]]
class = 3
code = "m12"
label = { fr = "Plus de 12 mois", en = "More than 12 months", ar = "أكثر من 12 شهرا" }
more_than = { months = 12 }
provision_pct = "100"

[[classification.licences]]
code = "all"
legal_forms = ["sa", "sarl", "mutual", "cooperative", "association"]
chapters = ["I", "II", "IV"]
label = { fr = "Tous les SFD", en = "All DFS", ar = "جميع الأنظمة المالية اللامركزية" }

"#;
    let fw = Framework::from_toml(
        &format!("{}{uemoa}{}", &text[..start], &text[end..]),
        "u.toml",
    )?;
    let c = fw.classification.ok_or("no classification")?;
    assert_eq!(c.max_class(), 3);
    assert_eq!(c.irrecoverable_after, Some(Span::Months(24)));
    assert!(c.restructuring.is_none());
    Ok(())
}

/// Every date from 800 days before `as_of` to `as_of`.
fn dates_before(as_of: chrono::NaiveDate) -> impl Iterator<Item = chrono::NaiveDate> {
    (0..=800).filter_map(move |n| as_of.checked_sub_days(chrono::Days::new(n)))
}

#[test]
fn spans_count_calendar_months_from_a_day_to_the_same_day() -> TestResult {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d");
    let three = Span::Months(3);
    // Exactly three months is not more than three; the day is clamped to shorter months.
    assert!(!three.exceeded(d("2023-12-31")?, d("2024-03-31")?));
    assert!(three.exceeded(d("2023-12-30")?, d("2024-03-31")?));
    assert!(!three.exceeded(d("2024-03-31")?, d("2024-06-30")?));
    assert!(three.elapsed(d("2024-03-31")?, d("2024-06-30")?));
    assert!(three.exceeded(d("2024-02-29")?, d("2024-05-31")?));
    // 31 March − 1 month is "31 February": 29 February + 1 month = 29 March < 31 March.
    assert!(Span::Months(1).exceeded(d("2024-02-29")?, d("2024-03-31")?));
    assert_eq!(
        Span::Months(1).exceeded_before(d("2024-03-31")?),
        d("2024-03-01")?
    );
    // At 29 February: 29, 30 and 31 January + 1 month all give 29 February.
    assert_eq!(
        Span::Months(1).exceeded_before(d("2024-02-29")?),
        d("2024-01-29")?
    );
    assert_eq!(
        Span::Months(1).elapsed_until(d("2024-02-29")?),
        d("2024-01-31")?
    );
    assert_eq!(
        Span::Days(90).exceeded_before(d("2024-03-31")?),
        d("2024-01-01")?
    );
    Ok(())
}

#[test]
fn span_cut_offs_agree_with_adding_the_span_to_every_date() -> TestResult {
    // The engine compares due dates with one cut-off per period; for every period-end of three
    // years and every date of the 800 days before it, the cut-off says what adding the span says.
    let spans = [
        Span::Months(1),
        Span::Months(3),
        Span::Months(6),
        Span::Months(12),
        Span::Months(24),
        Span::Days(30),
        Span::Days(90),
        Span::Days(360),
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).ok_or("date")?;
    let mut checked = 0_u64;
    for as_of in start.iter_days().take(3 * 365 + 1) {
        for span in spans {
            let (e, l) = (span.exceeded_before(as_of), span.elapsed_until(as_of));
            // Every week of the 800 days before, and around both cut-offs.
            let around = [e, l, e.pred_opt().unwrap_or(e), l.succ_opt().unwrap_or(l)];
            for date in dates_before(as_of)
                .step_by(7)
                .chain(dates_before(e).take(5))
                .chain(around)
            {
                let got = (span.exceeded(date, as_of), span.elapsed(date, as_of));
                assert_eq!((date < e, date <= l), got, "{span} {date} {as_of}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000_000, "{checked}");
    Ok(())
}

#[test]
fn bceao_sfd_counts_months_and_has_no_holding_rules() -> TestResult {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks/bceao-sfd.toml"),
    )?;
    let fw = Framework::from_toml(&text, "bceao-sfd.toml")?;
    let c = fw.classification.as_ref().ok_or("no [classification]")?;
    let bands: Vec<Option<Span>> = c.classes.iter().map(|k| k.more_than).collect();
    assert_eq!(
        bands,
        [
            None,
            Some(Span::Months(3)),
            Some(Span::Months(6)),
            Some(Span::Months(12))
        ]
    );
    assert_eq!(c.irrecoverable_after, Some(Span::Months(24)));
    assert!(c.compromised.is_none() && c.restructuring.is_none());
    assert_eq!(c.provision_decimals, 0);
    // A compromised-recovery flag without its rate, or made irrecoverable without a rule.
    let broken = text.replacen(
        "provision_decimals = 0",
        "provision_decimals = 0\ncompromised_class = 3",
        1,
    );
    let err = Framework::from_toml(&broken, "b.toml")
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("or neither")));
    let broken = text.replacen(
        "provision_decimals = 0",
        "provision_decimals = 0\ncompromised_irrecoverable = true",
        1,
    );
    let err = Framework::from_toml(&broken, "b.toml")
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("compromised_irrecoverable needs")));
    Ok(())
}
