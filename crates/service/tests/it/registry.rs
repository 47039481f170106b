//! The registry import: each institution's country, from its line or its framework.

use mizan_core::{Attributes, CountryCode, InstitutionCode, LegalForm, Period, Structure};
use mizan_service::Actor;
use mizan_service::backoffice::registry;
use mizan_service::registry::{RegistryImport, import_institutions, record_change};

use crate::{Platform, TestResult, data, on_each_backend, on_each_backend_with, root};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn import(p: &Platform, csv: &[u8]) -> Res<RegistryImport> {
    Ok(import_institutions(
        &p.app,
        csv,
        "institutions.csv",
        &Actor::system(),
    )?)
}

/// Each institution's current country, by code (`-` for none).
fn countries(p: &Platform) -> Res<Vec<String>> {
    Ok(
        registry(&p.app, &Actor::system(), Period::parse("2016-Q1")?)?
            .iter()
            .map(|e| {
                let country = e.current.as_ref().and_then(|a| a.country);
                format!(
                    "{} {}",
                    e.code,
                    country.map_or_else(|| "-".to_owned(), |c| c.to_string())
                )
            })
            .collect(),
    )
}

#[test]
fn a_registry_without_the_country_column_takes_the_frameworks() -> TestResult {
    on_each_backend(|p| {
        let reg = import(p, &data("apsfd-ci-2016q1/institutions.csv")?)?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        let all = countries(p)?;
        assert!(!all.is_empty());
        assert!(all.iter().all(|c| c.ends_with(" CI")), "{all:?}");
        Ok(())
    })
}

#[test]
fn a_registry_with_the_country_column_keeps_each_lines() -> TestResult {
    on_each_backend(|p| {
        let csv = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework,country\n\
                   CI01,Abidjan,sa,direct_credit,false,false,,\n\
                   BF01,Ouagadougou,mutual,savings_credit,true,true,apsfd-ci,bf\n\
                   MA01,Amana,association,direct_credit,false,false,bam-mfi,\n\
                   MA02,Casablanca,sa,direct_credit,false,false,bam-mfi,MA\n";
        let reg = import(p, csv.as_bytes())?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        assert_eq!(countries(p)?, ["BF01 BF", "CI01 CI", "MA01 MA", "MA02 MA"]);
        // The same file again changes nothing; another country is a new version.
        assert_eq!(import(p, csv.as_bytes())?.counts(), (0, 0, 4));
        let moved = csv.replace("apsfd-ci,bf", "apsfd-ci,NE");
        assert_eq!(import(p, moved.as_bytes())?.counts(), (0, 1, 3));
        Ok(())
    })
}

#[test]
fn a_bad_country_refuses_the_file_naming_its_line() -> TestResult {
    on_each_backend(|p| {
        let csv = "code,name,legal_form,structure,network_affiliated,collects_deposits,country\n\
                   CI01,Abidjan,sa,direct_credit,false,false,CI\n\
                   CI02,Bouaké,sa,direct_credit,false,false,CIV\n";
        let reg = import(p, csv.as_bytes())?;
        assert!(reg.refused());
        let places: Vec<String> = reg
            .issues
            .iter()
            .map(|i| format!("{}@{}", i.code(), i.place))
            .collect();
        assert_eq!(places, ["bad_country@line 3, column country"]);
        assert!(countries(p)?.is_empty());
        Ok(())
    })
}

#[test]
fn an_unknown_framework_is_refused_once_without_a_country_issue() -> TestResult {
    on_each_backend(|p| {
        let csv = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework\n\
                   XX01,Nowhere,sa,direct_credit,false,false,nowhere\n";
        let reg = import(p, csv.as_bytes())?;
        let codes: Vec<&str> = reg.issues.iter().map(|i| i.code()).collect();
        assert_eq!(codes, ["invalid_value"]);
        Ok(())
    })
}

/// A directory with the association's framework and a copy of it for a monetary union: no
/// country of its own.
fn frameworks_with_a_zone() -> Res<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("mizan-zone-frameworks-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let apsfd = std::fs::read_to_string(root().join("config/frameworks/apsfd-ci.toml"))?;
    std::fs::write(dir.join("apsfd-ci.toml"), &apsfd)?;
    let zone = apsfd
        .replace("id = \"apsfd-ci\"", "id = \"zone-sfd\"")
        .replace("country = \"CI\"\n", "");
    assert_ne!(zone, apsfd);
    std::fs::write(dir.join("zone-sfd.toml"), zone)?;
    Ok(dir)
}

#[test]
fn a_framework_of_several_countries_needs_each_institutions_country() -> TestResult {
    let dir = frameworks_with_a_zone()?;
    let dir_text = dir.to_string_lossy().into_owned();
    let result = on_each_backend_with(&[("MIZAN__FRAMEWORKS__DIR", &dir_text)], |p| {
        let csv = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework\n\
                   CI01,Abidjan,sa,direct_credit,false,false,apsfd-ci\n\
                   SN01,Dakar,mutual,savings_credit,true,true,zone-sfd\n";
        let reg = import(p, csv.as_bytes())?;
        let places: Vec<String> = reg
            .issues
            .iter()
            .map(|i| format!("{}@{}", i.code(), i.place))
            .collect();
        assert_eq!(places, ["missing_country@line 3, column country"]);
        assert!(reg.refused());
        let with = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework,country\n\
                    CI01,Abidjan,sa,direct_credit,false,false,apsfd-ci,\n\
                    SN01,Dakar,mutual,savings_credit,true,true,zone-sfd,SN\n";
        let reg = import(p, with.as_bytes())?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        assert_eq!(countries(p)?, ["CI01 CI", "SN01 SN"]);

        // Staff's form: the framework's country by default, refused for the zone's.
        let attrs = |framework: &str, country: Option<&str>| -> Res<Attributes> {
            Ok(Attributes {
                name: "Caisse".into(),
                legal_form: LegalForm::Mutual,
                structure: Structure::SavingsCredit,
                network_affiliated: false,
                collects_deposits: true,
                framework: framework.into(),
                owner_group: None,
                country: country.map(CountryCode::parse).transpose()?,
                art44: false,
            })
        };
        let ml01 = InstitutionCode::parse("ML01")?;
        let refused = record_change(
            &p.app,
            &Actor::system(),
            &ml01,
            None,
            &attrs("zone-sfd", None)?,
        );
        match refused {
            Err(mizan_service::ServiceError::Invalid(r)) => {
                assert_eq!(r.code(), "registry.no-country");
            }
            other => return Err(format!("expected a refusal, got {other:?}").into()),
        }
        record_change(
            &p.app,
            &Actor::system(),
            &ml01,
            None,
            &attrs("zone-sfd", Some("ml"))?,
        )?;
        let ci02 = InstitutionCode::parse("CI02")?;
        record_change(
            &p.app,
            &Actor::system(),
            &ci02,
            None,
            &attrs("apsfd-ci", None)?,
        )?;
        assert_eq!(countries(p)?, ["CI01 CI", "CI02 CI", "ML01 ML", "SN01 SN"]);
        Ok(())
    });
    std::fs::remove_dir_all(&dir)?;
    result
}
