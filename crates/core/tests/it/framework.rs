use std::path::PathBuf;

use mizan_core::framework::{Consolidation, Formula, FrameworkError};
use mizan_core::{Code, Decimal, Framework, Frameworks, ItemValues, Period, Values};

type TestResult = Result<(), Box<dyn std::error::Error>>;

pub(crate) fn config_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/frameworks")
}

fn apsfd() -> Result<Framework, FrameworkError> {
    Framework::from_file(&config_dir().join("apsfd-ci.toml"))
}

#[test]
fn shipped_frameworks_load() -> TestResult {
    let set = Frameworks::load_dir(&config_dir())?;
    let fw = set.get("apsfd-ci", Period::parse("2016-Q1")?)?;
    assert_eq!(fw.currency, "XOF");
    assert_eq!(fw.peer_groups.len(), 2);
    assert_eq!(fw.sections.len(), 3);
    Ok(())
}

#[test]
fn apsfd_has_every_item_of_the_spec() -> TestResult {
    let fw = apsfd()?;
    // 62 items of the spec table + 9 prudential ratios × (A, B), and 10 totals.
    let plain = fw.items.iter().filter(|i| !i.is_total()).count();
    let totals = fw.items.iter().filter(|i| i.is_total()).count();
    assert_eq!((plain, totals), (62 + 18, 10));
    for code in [
        "loans.par30",
        "expenses.provisions",
        "prud.liquidity.b",
        "pricing.lending_rate_max",
    ] {
        assert!(fw.item(code).is_some(), "{code}");
    }
    assert!(fw.item("income.net").is_some_and(|i| i.signed));
    assert!(fw.item("loans.outstanding").is_some_and(|i| !i.signed));
    Ok(())
}

#[test]
fn apsfd_indicators_match_the_published_rows() -> TestResult {
    let fw = apsfd()?;
    let golden = include_str!("../../../../tests/data/golden/apsfd-ci-2016q1-published.csv");
    let mut rows = 0;
    for line in golden.lines().skip(1) {
        let code = line.split(',').next().unwrap_or_default();
        let base = code.trim_end_matches(".a").trim_end_matches(".b");
        let ind = fw.indicator(code).or_else(|| fw.indicator(base));
        assert!(
            ind.is_some(),
            "indicator {code} of the published table is not configured"
        );
        if code != base {
            assert!(ind.is_some_and(|i| i.components.is_some()), "{code}");
        }
        rows += 1;
    }
    assert_eq!(rows, 95);
    let cap = fw.indicator("prud.capitalization").map(|i| i.consolidation);
    assert_eq!(cap, Some(Consolidation::RatioOfSums));
    Ok(())
}

#[test]
fn totals_and_derived_values_resolve() -> TestResult {
    let fw = apsfd()?;
    let mut v = ItemValues::new();
    let mut put = |c: &str, d: &str| -> TestResult {
        v.insert(Code::parse(c)?, Decimal::from_str_exact(d)?);
        Ok(())
    };
    put("clients.persons.men", "10")?;
    put("clients.persons.women", "5")?;
    put("clients.legal_entities", "2")?;
    put("loans.outstanding", "300")?;
    put("loans.outstanding_open", "100")?;
    put("staff.managers", "1")?;
    let values = Values::new(&fw, &v);
    let get = |c: &str| -> Result<Option<Decimal>, Box<dyn std::error::Error>> {
        Ok(values.get(&Code::parse(c)?))
    };
    assert_eq!(get("clients.total")?, Some(Decimal::from(17)));
    assert_eq!(get("avg_outstanding")?, Some(Decimal::from(200)));
    // A part missing: the total is unknown, never a partial sum.
    assert_eq!(get("staff.total")?, None);
    Ok(())
}

fn minimal(extra: &str) -> String {
    format!(
        r#"
[framework]
id = "t"
version = "1"
currency = "XOF"
label.fr = "T"
label.en = "T"
label.ar = "T"
sector_label.fr = "Secteur"
sector_label.en = "Sector"
sector_label.ar = "القطاع"
[[sections]]
code = "s"
sheet.fr = "S"
sheet.en = "S"
sheet.ar = "S"
label.fr = "S"
label.en = "S"
label.ar = "S"
[[items]]
code = "a"
unit = "amount"
section = "s"
label.fr = "A"
label.en = "A"
label.ar = "A"
[[items]]
code = "b"
unit = "count"
section = "s"
label.fr = "B"
label.en = "B"
label.ar = "B"
[[bulletin]]
code = "one"
number = "I"
label.fr = "Un"
label.en = "One"
label.ar = "واحد"
[[bulletin.headings]]
code = "h"
number = "1"
label.fr = "H"
label.en = "H"
label.ar = "H"
{extra}
"#
    )
}

#[track_caller]
fn refused(extra: &str, expected: &str) {
    match Framework::from_toml(&minimal(extra), "test.toml") {
        Ok(_) => panic!("accepted a framework that should fail with {expected:?}"),
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains(expected),
                "{msg:?} does not mention {expected:?}"
            );
            assert!(
                msg.starts_with("test.toml"),
                "{msg:?} does not name the file"
            );
        }
    }
}

#[test]
fn the_minimal_framework_is_valid() -> TestResult {
    let fw = Framework::from_toml(&minimal(""), "test.toml")?;
    assert_eq!(fw.items.len(), 2);
    Ok(())
}

#[test]
fn broken_frameworks_are_refused_with_clear_errors() {
    refused(
        "[[items]]\ncode = \"a\"\nunit = \"amount\"\nsection = \"s\"\nlabel.fr = \"A again\"",
        "item or derived value \"a\" is defined twice",
    );
    refused(
        "[[rules]]\ncode = \"r\"\nseverity = \"warning\"\nmessage.fr = \"m\"\ncheck = \"a >= zz\"",
        "rule r: unknown item \"zz\"",
    );
    refused(
        "[[indicators]]\ncode = \"x\"\nheading = \"h\"\nlabel.fr = \"X\"\nvalue = \"a + nope\"\ndisplay = \"integer\"",
        "indicator x: unknown code \"nope\"",
    );
    refused(
        "[[indicators]]\ncode = \"x\"\nheading = \"nowhere\"\nlabel.fr = \"X\"\nvalue = \"a\"\ndisplay = \"integer\"",
        "unknown heading \"nowhere\"",
    );
    refused(
        "[[indicators]]\ncode = \"x\"\nheading = \"h\"\nlabel.fr = \"X\"\nnumerator = \"a\"\ndenominator = \"(b\"\ndisplay = \"percent\"",
        "missing ')'",
    );
    refused(
        "[[items]]\ncode = \"t1\"\nsection = \"s\"\nlabel.fr = \"T1\"\nparts = [\"t2\"]\n[[items]]\ncode = \"t2\"\nsection = \"s\"\nlabel.fr = \"T2\"\nparts = [\"t1\"]",
        "cycle",
    );
    refused(
        "[[indicators]]\ncode = \"x\"\nheading = \"h\"\nlabel.fr = \"X\"\nvalue = \"a\"\ndisplay = \"integer\"\nnorm = [{ test = \"about 5\" }]",
        "norm \"about 5\" is not understood",
    );
    refused(
        "[[peer_groups]]\ncode = \"g1\"\nlegal_forms = [\"sa\"]\nlabel.fr = \"G1\"\n[[peer_groups]]\ncode = \"g2\"\nlegal_forms = [\"sa\"]\nlabel.fr = \"G2\"",
        "legal form sa is in two peer groups",
    );
    refused(
        "[[items]]\ncode = \"c\"\nunit = \"amount\"\nsection = \"s\"\nlabel.fr = \"C\"\ncolour = \"red\"",
        "unknown field `colour`",
    );
}

#[test]
fn several_problems_are_reported_at_once() {
    let extra = "[[rules]]\ncode = \"r1\"\nseverity = \"warning\"\nmessage.fr = \"m\"\ncheck = \"x >= 1\"\n\
                 [[rules]]\ncode = \"r2\"\nseverity = \"warning\"\nmessage.fr = \"m\"\ncheck = \"y >= 1\"";
    let msg = Framework::from_toml(&minimal(extra), "t.toml")
        .err()
        .map(|e| e.to_string());
    let msg = msg.unwrap_or_default();
    assert!(msg.contains("\"x\"") && msg.contains("\"y\""), "{msg}");
}

#[test]
fn a_later_version_applies_from_its_effective_period() -> TestResult {
    let mut set = Frameworks::default();
    set.insert(Framework::from_toml(&minimal(""), "v1.toml")?);
    let v2 = minimal("").replace(
        "version = \"1\"",
        "version = \"2\"\neffective_from = \"2020-Q1\"",
    );
    set.insert(Framework::from_toml(&v2, "v2.toml")?);
    assert_eq!(set.get("t", Period::parse("2019-Q4")?)?.version, "1");
    assert_eq!(set.get("t", Period::parse("2020-Q1")?)?.version, "2");
    assert!(set.get("other", Period::parse("2020-Q1")?).is_err());
    Ok(())
}

#[test]
fn versions_carry_their_dates_and_a_period_outside_them_names_the_rules() -> TestResult {
    use mizan_core::framework::VersionSpan;
    // Version 1 from 2016-Q1 until 2019-Q4; nothing for 2020; version 2 from 2021-Q1.
    let v1 = minimal("").replace(
        "version = \"1\"",
        "version = \"1\"\neffective_from = \"2016-Q1\"\neffective_until = \"2019-Q4\"",
    );
    let v2 = minimal("").replace(
        "version = \"1\"",
        "version = \"2\"\neffective_from = \"2021-Q1\"",
    );
    let dir = std::env::temp_dir().join(format!("mizan-fw-versions-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("t-2016.toml"), &v1)?;
    std::fs::write(dir.join("t-2021.toml"), &v2)?;
    let set = Frameworks::load_dir(&dir);
    let p = |s: &str| Period::parse(s);
    let set = set?;
    assert_eq!(set.get("t", p("2016-Q1")?)?.version, "1");
    assert_eq!(set.get("t", p("2019-Q4")?)?.version, "1");
    assert_eq!(set.get("t", p("2021-Q1")?)?.version, "2");
    assert_eq!(set.get("t", p("2030-Q4")?)?.version, "2");
    // A month is within a version by its days: the months of the first and the last quarter.
    assert_eq!(set.get("t", p("2016-M01")?)?.version, "1");
    assert_eq!(set.get("t", p("2019-M12")?)?.version, "1");
    assert_eq!(set.get("t", p("2021-M01")?)?.version, "2");
    assert!(set.get("t", p("2015-M12")?).is_err());
    assert!(set.get("t", p("2020-M01")?).is_err());
    assert!(set.get("t", p("2020-M12")?).is_err());
    let spans = vec![
        VersionSpan {
            version: "1".into(),
            from: Some("2016-Q1".into()),
            until: Some("2019-Q4".into()),
        },
        VersionSpan {
            version: "2".into(),
            from: Some("2021-Q1".into()),
            until: None,
        },
    ];
    assert_eq!(set.spans("t"), spans);
    for outside in ["2015-Q4", "2020-Q1", "2020-Q4"] {
        match set.get("t", p(outside)?) {
            Err(e @ FrameworkError::NotFound { .. }) => assert_eq!(
                e.to_string(),
                format!(
                    "no framework \"t\" applies to {outside} (its rules: version 1 from 2016-Q1 \
                     until 2019-Q4; version 2 from 2021-Q1)"
                )
            ),
            other => panic!("{outside}: {other:?}"),
        }
    }
    // Without `effective_until`, a version runs until the next starts.
    let v1_open = minimal("").replace(
        "version = \"1\"",
        "version = \"1\"\neffective_from = \"2016-Q1\"",
    );
    std::fs::write(dir.join("t-2016.toml"), &v1_open)?;
    let set = Frameworks::load_dir(&dir)?;
    assert_eq!(set.get("t", p("2020-Q4")?)?.version, "1");
    assert_eq!(set.spans("t")[0].until.as_deref(), Some("2020-Q4"));
    // Two versions claiming the same period are refused at load, naming both files.
    let v1_long = v1.replace(
        "effective_until = \"2019-Q4\"",
        "effective_until = \"2021-Q2\"",
    );
    std::fs::write(dir.join("t-2016.toml"), &v1_long)?;
    let err = Frameworks::load_dir(&dir).err().map(|e| e.to_string());
    std::fs::remove_dir_all(&dir)?;
    let err = err.ok_or("overlapping versions accepted")?;
    assert!(
        err.contains("version 1")
            && err.contains("t-2016.toml")
            && err.contains("until 2021-Q2")
            && err.contains("t-2021.toml")
            && err.contains("starts at 2021-Q1"),
        "{err}"
    );
    // An end before the start is refused in the file itself.
    let backwards = minimal("").replace(
        "version = \"1\"",
        "version = \"1\"\neffective_from = \"2016-Q1\"\neffective_until = \"2015-Q4\"",
    );
    let err = Framework::from_toml(&backwards, "b.toml")
        .err()
        .map(|e| e.to_string());
    assert!(
        err.is_some_and(|e| e.contains("effective_until 2015-Q4 is before effective_from 2016-Q1"))
    );
    Ok(())
}

#[test]
fn deadlines_in_working_days_or_in_calendar_days() -> TestResult {
    use mizan_core::calendar::Calendar;
    use mizan_core::framework::Deadline;
    let q1 = Period::parse("2024-Q1")?;
    let plain = Calendar::weekends_only();
    // Working days by default (30: Friday 10 May 2024 from Sunday 31 March).
    let fw = Framework::from_toml(&minimal(""), "t.toml")?;
    assert_eq!(fw.collection.deadline, Deadline::WorkingDays(30));
    assert_eq!(
        plain.deadline_of(q1, fw.collection.deadline),
        chrono::NaiveDate::from_ymd_opt(2024, 5, 10).ok_or("date")?
    );
    // BCEAO (Instruction n° 020-12-2010): 30 calendar days, 30 April 2024 (a Tuesday); for
    // 2024-Q3, 30 October.
    let bceao = Framework::from_file(&config_dir().join("bceao-sfd.toml"))?;
    assert_eq!(bceao.collection.deadline, Deadline::Days(30));
    assert_eq!(
        plain.deadline_of(q1, bceao.collection.deadline),
        chrono::NaiveDate::from_ymd_opt(2024, 4, 30).ok_or("date")?
    );
    assert_eq!(
        plain.deadline_of(Period::parse("2024-Q3")?, bceao.collection.deadline),
        chrono::NaiveDate::from_ymd_opt(2024, 10, 30).ok_or("date")?
    );
    let both = minimal("").replace(
        "version = \"1\"",
        "version = \"1\"\ndeadline_days = 30\ndeadline_working_days = 30",
    );
    let err = Framework::from_toml(&both, "b.toml")
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("not both")));
    Ok(())
}

#[test]
fn ratio_formulas_keep_numerator_and_denominator() -> TestResult {
    let fw = apsfd()?;
    let oss = fw.indicator("fin.oss").map(|i| &i.formula);
    match oss {
        Some(Formula::Ratio {
            denominator, scale, ..
        }) => {
            assert_eq!(
                denominator.to_string(),
                "expenses.financial + expenses.provisions + expenses.operating"
            );
            assert_eq!(*scale, Decimal::ONE_HUNDRED);
        }
        other => panic!("unexpected formula {other:?}"),
    }
    Ok(())
}

#[test]
fn shipped_calendars_load() -> TestResult {
    let dir = config_dir().join("../calendars");
    for id in ["ci", "ma"] {
        let path = dir.join(format!("{id}.toml"));
        let text = std::fs::read_to_string(&path)?;
        let cal = mizan_core::calendar::Calendar::from_toml(&text, &path.display().to_string())?;
        assert_eq!(cal.id, id);
    }
    Ok(())
}

#[test]
fn disclosure_settings_default_and_are_read() -> TestResult {
    use mizan_core::framework::Disclosure;
    let fw = Framework::from_toml(&minimal(""), "test.toml")?;
    assert_eq!(fw.disclosure, Disclosure::default());
    assert_eq!(
        (
            fw.disclosure.min_contributors,
            fw.disclosure.dominance_n,
            fw.disclosure.dominance_k,
            fw.disclosure.p_percent,
            fw.disclosure.protection_percent,
            fw.disclosure.median_min_contributors,
            fw.disclosure.revision_min_contributors,
        ),
        (3, 1, Decimal::from(85), Decimal::TEN, Decimal::TEN, 5, 3)
    );
    let fw = Framework::from_toml(
        &minimal(
            "[disclosure]\nmin_contributors = 4\ndominance_k = \"75.5\"\nmedian_min_contributors = 7",
        ),
        "test.toml",
    )?;
    assert_eq!(fw.disclosure.min_contributors, 4);
    assert_eq!(fw.disclosure.dominance_k, Decimal::new(755, 1));
    assert_eq!(fw.disclosure.median_min_contributors, 7);
    assert_eq!(fw.disclosure.p_percent, Decimal::TEN);
    // The shipped framework states the defaults explicitly.
    assert_eq!(apsfd()?.disclosure, Disclosure::default());
    Ok(())
}

#[test]
fn broken_disclosure_settings_are_refused() {
    refused(
        "[disclosure]\nmin_contributors = 0",
        "disclosure: min_contributors must be at least 1",
    );
    refused(
        "[disclosure]\nmin_contributors = 4\nmedian_min_contributors = 3",
        "disclosure: median_min_contributors (3) must be at least min_contributors (4)",
    );
    refused(
        "[disclosure]\ndominance_k = \"0\"",
        "disclosure: dominance_k (0) must be a percentage",
    );
    refused(
        "[disclosure]\ndominance_k = \"120\"",
        "disclosure: dominance_k (120)",
    );
    refused(
        "[disclosure]\np_percent = \"100\"",
        "disclosure: p_percent (100)",
    );
    refused(
        "[disclosure]\nprotection_percent = \"-1\"",
        "disclosure: protection_percent (-1)",
    );
    refused("[disclosure]\nthreshold = 3", "unknown field `threshold`");
}

#[test]
fn an_entry_without_its_three_texts_is_refused_naming_it_and_the_language() -> TestResult {
    // An item without Arabic, a rule message with French only, a section's sheet without
    // English, an indicator whose Arabic is blank: one error listing all of them.
    let extra = "[[items]]\ncode = \"c\"\nunit = \"amount\"\nsection = \"s\"\n\
                 label = { fr = \"C\", en = \"C\" }\n\
                 [[rules]]\ncode = \"r\"\nseverity = \"warning\"\nmessage.fr = \"{item} m\"\n\
                 check = \"a >= 0\"\n\
                 [[indicators]]\ncode = \"x\"\nheading = \"h\"\n\
                 label = { fr = \"X\", en = \"X\", ar = \"  \" }\nvalue = \"a\"\ndisplay = \"integer\"";
    let text = minimal(extra).replacen("sheet.en = \"S\"\n", "", 1);
    let problems = match Framework::from_toml(&text, "test.toml") {
        Err(FrameworkError::Invalid { problems, .. }) => problems,
        other => return Err(format!("not refused as inconsistent: {other:?}").into()),
    };
    assert_eq!(
        problems,
        [
            "sheet of section s: no text in en (English)",
            "item c: no text in ar (Arabic)",
            "indicator x: no text in ar (Arabic)",
            "message of rule r: no text in en (English), ar (Arabic)",
        ]
    );
    // The same entries complete: accepted.
    let complete = minimal(
        &extra
            .replace(
                "{ fr = \"C\", en = \"C\" }",
                "{ fr = \"C\", en = \"C\", ar = \"ج\" }",
            )
            .replace(
                "message.fr = \"{item} m\"",
                "message = { fr = \"{item} m\", en = \"{item} m\", ar = \"{item} م\" }",
            )
            .replace("ar = \"  \"", "ar = \"س\""),
    );
    Framework::from_toml(&complete, "test.toml")?;
    Ok(())
}

#[test]
fn shipped_frameworks_have_every_text_in_three_languages() -> TestResult {
    for file in ["apsfd-ci.toml", "bam-mfi.toml"] {
        let fw = Framework::from_file(&config_dir().join(file))?;
        assert_eq!(fw.untranslated(), Vec::<String>::new(), "{file}");
        // Translated, not copied: the Arabic of a label with words is not its French.
        for (what, labels) in fw.labelled() {
            if !labels.fr.chars().any(char::is_alphabetic) {
                continue;
            }
            assert_ne!(
                labels.ar.as_deref(),
                Some(labels.fr.as_str()),
                "{file}: {what}"
            );
        }
        // Placeholders of rule messages are the same in every language.
        for rule in &fw.rules {
            let holes = |t: &str| {
                let mut v: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split('}').next())
                    .map(str::to_owned)
                    .collect();
                v.sort();
                v
            };
            let fr = holes(&rule.message.fr);
            for lang in [mizan_core::Lang::En, mizan_core::Lang::Ar] {
                assert_eq!(
                    holes(rule.message.get(lang)),
                    fr,
                    "{file}: rule {}",
                    rule.code
                );
            }
        }
    }
    Ok(())
}

#[test]
fn the_minimum_coverage_of_a_publication_is_a_share_above_0_and_at_most_1() -> TestResult {
    let fw = Framework::from_toml(&minimal(""), "test.toml")?;
    assert_eq!(fw.publication.min_coverage, Decimal::new(5, 1));
    let fw = Framework::from_toml(&minimal("[publication]\nmin_coverage = \"1\""), "test.toml")?;
    assert_eq!(fw.publication.min_coverage, Decimal::ONE);
    assert_eq!(apsfd()?.publication.min_coverage, Decimal::new(5, 1));
    refused(
        "[publication]\nmin_coverage = \"0\"",
        "publication: min_coverage (0) must be a share above 0 and at most 1",
    );
    refused(
        "[publication]\nmin_coverage = \"1.5\"",
        "publication: min_coverage (1.5)",
    );
    refused(
        "[publication]\nminimum = \"0.5\"",
        "unknown field `minimum`",
    );
    Ok(())
}

#[test]
fn a_framework_may_name_the_country_of_its_institutions() -> TestResult {
    let set = Frameworks::load_dir(&config_dir())?;
    let country = |id: &str| {
        set.latest(id)
            .and_then(|f| f.country)
            .map(|c| c.to_string())
    };
    assert_eq!(country("apsfd-ci").as_deref(), Some("CI"));
    assert_eq!(country("bam-mfi").as_deref(), Some("MA"));
    // A framework of several countries names none.
    assert_eq!(Framework::from_toml(&minimal(""), "t.toml")?.country, None);
    let lower = minimal("").replace("currency = \"XOF\"", "currency = \"XOF\"\ncountry = \"sn\"");
    let fw = Framework::from_toml(&lower, "t.toml")?;
    assert_eq!(fw.country.map(|c| c.to_string()).as_deref(), Some("SN"));
    for bad in ["SEN", "S1", ""] {
        let text = minimal("").replace(
            "currency = \"XOF\"",
            &format!("currency = \"XOF\"\ncountry = \"{bad}\""),
        );
        let msg = Framework::from_toml(&text, "t.toml")
            .err()
            .map(|e| e.to_string());
        assert!(
            msg.as_deref()
                .is_some_and(|m| m.contains("not a country code")),
            "{bad:?}: {msg:?}"
        );
    }
    Ok(())
}
