//! The registry of institutions: `institutions.csv`.

use mizan_core::{CountryCode, LegalForm, Structure};
use mizan_ingest::{Limits, RegistryDefaults, parse_bool, read_registry};

use crate::{TestResult, codes};

const H: &str = "code,name,legal_form,structure,network_affiliated,collects_deposits";

#[track_caller]
fn check(input: &str, expected_rows: &[&str], expected_issues: &[&str]) {
    let read = read_registry(
        input.as_bytes(),
        &RegistryDefaults::new("apsfd-ci"),
        &Limits::default(),
    );
    let rows: Vec<String> = read
        .data
        .iter()
        .map(|r| {
            let a = &r.attributes;
            format!(
                "{}@{} from {} {} {} {} net={} dep={} fw={} group={}",
                r.code,
                r.line,
                r.valid_from.map_or_else(|| "-".into(), |p| p.to_string()),
                a.name,
                a.legal_form,
                a.structure,
                a.network_affiliated,
                a.collects_deposits,
                a.framework,
                a.owner_group.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(rows, expected_rows, "{input:?}");
    assert_eq!(codes(&read.issues), expected_issues, "{input:?}");
}

#[test]
fn booleans_in_several_languages() {
    for (text, expected) in [
        ("true", Some(true)),
        ("FALSE", Some(false)),
        ("Vrai", Some(true)),
        ("faux", Some(false)),
        ("yes", Some(true)),
        ("No", Some(false)),
        ("OUI", Some(true)),
        ("non", Some(false)),
        ("1", Some(true)),
        ("0", Some(false)),
        (" true ", Some(true)),
        ("y", None),
        ("", None),
        ("2", None),
    ] {
        assert_eq!(parse_bool(text), expected, "{text:?}");
    }
}

#[test]
fn plain_registry() {
    check(
        &format!(
            "{H}\nMU01,Mutuelle d'Épargne,mutual,savings_credit,true,true\nSA01,Crédit SA,SA,direct_credit,Non,faux\n"
        ),
        &[
            "MU01@2 from - Mutuelle d'Épargne mutual savings_credit net=true dep=true fw=apsfd-ci group=-",
            "SA01@3 from - Crédit SA sa direct_credit net=false dep=false fw=apsfd-ci group=-",
        ],
        &[],
    );
}

#[test]
fn optional_columns_and_history() {
    check(
        &format!(
            "{H},valid_from,framework,owner_group\n\
             MU01,Mutuelle,mutual,savings_credit,true,true,,,\n\
             MU01,Mutuelle SA,sa,savings_credit,false,true,2017-Q1,,\n\
             MA01,Association,association,direct_credit,0,0,2023-q2,bam-mfi,G1\n"
        ),
        &[
            "MU01@2 from - Mutuelle mutual savings_credit net=true dep=true fw=apsfd-ci group=-",
            "MU01@3 from 2017-Q1 Mutuelle SA sa savings_credit net=false dep=true fw=apsfd-ci group=-",
            "MA01@4 from 2023-Q2 Association association direct_credit net=false dep=false fw=bam-mfi group=G1",
        ],
        &[],
    );
}

#[test]
fn french_locale_registry() {
    check(
        "\u{FEFF}code;name;legal_form;structure;network_affiliated;collects_deposits\r\n\
         MU01;Mutuelle, dite « la Caisse »;mutual;savings_credit;oui;oui\r\n",
        &[
            "MU01@2 from - Mutuelle, dite « la Caisse » mutual savings_credit net=true dep=true fw=apsfd-ci group=-",
        ],
        &[],
    );
}

#[test]
fn every_bad_field_is_reported_with_its_line_and_column() {
    check(
        &format!(
            "{H},valid_from\n\
             MU 01,,bank,both,peut-être,,2016Q1\n\
             MU02,Mutuelle,mutual,savings_credit,true,true,\n"
        ),
        &["MU02@3 from - Mutuelle mutual savings_credit net=true dep=true fw=apsfd-ci group=-"],
        &[
            "invalid_code@line 2, column code",
            "missing_value@line 2, column name",
            "invalid_value@line 2, column legal_form",
            "invalid_value@line 2, column structure",
            "not_a_boolean@line 2, column network_affiliated",
            "missing_value@line 2, column collects_deposits",
            "bad_period@line 2, column valid_from",
        ],
    );
}

#[test]
fn the_same_code_twice_from_the_same_period_is_refused() {
    check(
        &format!(
            "{H},valid_from\n\
             MU01,A,mutual,savings_credit,true,true,\n\
             MU01,B,mutual,savings_credit,true,true,\n\
             MU01,C,mutual,savings_credit,true,true,2017-Q1\n\
             MU01,D,mutual,savings_credit,true,true,2017-Q1\n"
        ),
        &[
            "MU01@2 from - A mutual savings_credit net=true dep=true fw=apsfd-ci group=-",
            "MU01@4 from 2017-Q1 C mutual savings_credit net=true dep=true fw=apsfd-ci group=-",
        ],
        &[
            "duplicate_institution@line 3, column code",
            "duplicate_institution@line 5, column code",
        ],
    );
    let read = read_registry(
        format!(
            "{H}\nMU01,A,mutual,savings_credit,true,true\nMU01,B,mutual,savings_credit,true,true\n"
        )
        .as_bytes(),
        &RegistryDefaults::new("apsfd-ci"),
        &Limits::default(),
    );
    let messages: Vec<String> = read.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["line 3, column code: the institution is given twice (first at line 2)"]
    );
}

#[test]
fn fixture_registry_reads_into_33_rows() -> TestResult {
    let bytes = std::fs::read(crate::repo_path(
        "tests/data/apsfd-ci-2016q1/institutions.csv",
    ))?;
    let read = read_registry(
        &bytes,
        &RegistryDefaults::new("apsfd-ci"),
        &Limits::default(),
    );
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(read.data.len(), 33);
    let mu03 = read.data.iter().find(|r| r.code.as_str() == "MU03");
    assert_eq!(
        mu03.map(|r| r.attributes.legal_form),
        Some(LegalForm::Mutual)
    );
    assert_eq!(
        mu03.map(|r| r.attributes.structure),
        Some(Structure::SavingsCredit)
    );
    assert_eq!(mu03.map(|r| r.attributes.network_affiliated), Some(true));
    assert!(read.data.iter().all(|r| r.valid_from.is_none()));
    let count = |forms: &[LegalForm]| {
        read.data
            .iter()
            .filter(|r| forms.contains(&r.attributes.legal_form))
            .count()
    };
    // 11 SA expected and 22 mutuals (spec: 10 of 11 SA and 11 of 22 mutuals reported).
    assert_eq!(count(&[LegalForm::Sa, LegalForm::Sarl]), 11);
    assert_eq!(count(&[LegalForm::Mutual, LegalForm::Cooperative]), 22);
    Ok(())
}

#[test]
fn a_name_longer_than_200_characters_is_refused_at_its_line() {
    let ok = "م".repeat(200);
    let long = "x".repeat(201);
    check(
        &format!(
            "{H}\nSA01,{ok},sa,direct_credit,false,false\nSA02,{long},sa,direct_credit,false,false\n"
        ),
        &[&format!(
            "SA01@2 from - {ok} sa direct_credit net=false dep=false fw=apsfd-ci group=-"
        )],
        &["text_too_long@line 3, column name"],
    );
}

/// The frameworks of the platform as the service gives them: two with a country, one of a
/// monetary union without.
fn with_countries() -> Result<RegistryDefaults, Box<dyn std::error::Error>> {
    Ok(RegistryDefaults::new("apsfd-ci")
        .with_framework("apsfd-ci", Some(CountryCode::parse("CI")?))
        .with_framework("bam-mfi", Some(CountryCode::parse("MA")?))
        .with_framework("bceao-sfd", None))
}

/// Reads `input` with [`with_countries`]: each line read as `code@line country`, and the issues.
#[track_caller]
fn check_country(input: &str, expected_rows: &[&str], expected_issues: &[&str]) -> TestResult {
    let read = read_registry(input.as_bytes(), &with_countries()?, &Limits::default());
    let rows: Vec<String> = read
        .data
        .iter()
        .map(|r| {
            let country = r.attributes.country.map(|c| c.to_string());
            format!(
                "{}@{} {}",
                r.code,
                r.line,
                country.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(rows, expected_rows, "{input:?}");
    assert_eq!(codes(&read.issues), expected_issues, "{input:?}");
    Ok(())
}

#[test]
fn the_country_column_is_read_in_either_case() -> TestResult {
    check_country(
        &format!(
            "{H},framework,country\n\
             CI01,A,sa,direct_credit,false,false,apsfd-ci,CI\n\
             SN01,B,mutual,savings_credit,true,true,bceao-sfd,sn\n\
             MA01,C,association,direct_credit,false,false,bam-mfi, Ma \n\
             BF01,D,mutual,savings_credit,true,true,apsfd-ci,BF\n"
        ),
        &["CI01@2 CI", "SN01@3 SN", "MA01@4 MA", "BF01@5 BF"],
        &[],
    )
}

#[test]
fn without_the_column_the_country_is_the_frameworks() -> TestResult {
    check_country(
        &format!(
            "{H},framework\n\
             CI01,A,sa,direct_credit,false,false,\n\
             MA01,C,association,direct_credit,false,false,bam-mfi\n"
        ),
        &["CI01@2 CI", "MA01@3 MA"],
        &[],
    )?;
    // An empty cell of the column is the same.
    check_country(
        &format!("{H},country\nCI01,A,sa,direct_credit,false,false,\n"),
        &["CI01@2 CI"],
        &[],
    )
}

#[test]
fn a_country_that_is_not_two_letters_is_refused_on_its_line() -> TestResult {
    check_country(
        &format!(
            "{H},country\n\
             CI01,A,sa,direct_credit,false,false,CIV\n\
             CI02,B,sa,direct_credit,false,false,C1\n\
             CI03,C,sa,direct_credit,false,false,ci\n"
        ),
        &["CI03@4 CI"],
        &[
            "bad_country@line 2, column country",
            "bad_country@line 3, column country",
        ],
    )
}

#[test]
fn a_framework_of_several_countries_needs_the_country_on_each_line() -> TestResult {
    check_country(
        &format!(
            "{H},framework,country\n\
             SN01,B,mutual,savings_credit,true,true,bceao-sfd,SN\n\
             ML01,B,mutual,savings_credit,true,true,bceao-sfd,\n"
        ),
        &["SN01@2 SN"],
        &["missing_country@line 3, column country"],
    )?;
    // The same without the column: every line of the zone's framework is refused.
    let read = read_registry(
        format!("{H},framework\nSN01,B,mutual,savings_credit,true,true,bceao-sfd\n").as_bytes(),
        &with_countries()?,
        &Limits::default(),
    );
    assert!(read.data.is_empty());
    assert_eq!(
        read.issues.iter().map(|i| &i.kind).collect::<Vec<_>>(),
        [&mizan_core::IssueKind::MissingCountry {
            field: "country".into(),
            framework: "bceao-sfd".into(),
        }]
    );
    assert!(read.issues.iter().all(mizan_core::Issue::is_blocking));
    Ok(())
}

#[test]
fn a_framework_the_reader_does_not_know_gets_no_country() -> TestResult {
    // The caller refuses the unknown framework; the reader adds no second issue.
    check_country(
        &format!("{H},framework\nXX01,A,sa,direct_credit,false,false,nowhere\n"),
        &["XX01@2 -"],
        &[],
    )
}

/// Reads `input` and gives each line as `code@line art44`, and the issues.
#[track_caller]
fn check_art44(input: &str, expected_rows: &[&str], expected_issues: &[&str]) {
    let read = read_registry(
        input.as_bytes(),
        &RegistryDefaults::new("apsfd-ci"),
        &Limits::default(),
    );
    let rows: Vec<String> = read
        .data
        .iter()
        .map(|r| format!("{}@{} {}", r.code, r.line, r.attributes.art44))
        .collect();
    assert_eq!(rows, expected_rows, "{input:?}");
    assert_eq!(codes(&read.issues), expected_issues, "{input:?}");
}

#[test]
fn the_art44_column_flags_monthly_reporters_and_may_be_absent() {
    check_art44(
        &format!(
            "{H},art44\n\
             SN01,A,mutual,savings_credit,true,true,true\n\
             SN02,B,mutual,savings_credit,true,true,non\n\
             SN03,C,mutual,savings_credit,true,true,\n\
             SN04,D,mutual,savings_credit,true,true,peut-être\n"
        ),
        &["SN01@2 true", "SN02@3 false", "SN03@4 false"],
        &["not_a_boolean@line 5, column art44"],
    );
    // A file without the column keeps working: every institution reports quarterly.
    check_art44(
        &format!("{H}\nSN01,A,mutual,savings_credit,true,true\n"),
        &["SN01@2 false"],
        &[],
    );
}
