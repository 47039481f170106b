use mizan_core::{Attributes, CountryCode, InstitutionCode, LegalForm, Period, Structure};
use mizan_storage::registry::{
    RegistryChange, institution_history, load_registry, record_institution,
};

use crate::{TestResult, at, on_each_backend};

fn attrs(name: &str, legal_form: LegalForm) -> Attributes {
    Attributes {
        name: name.into(),
        legal_form,
        structure: Structure::SavingsCredit,
        network_affiliated: true,
        collects_deposits: true,
        framework: "apsfd-ci".into(),
        owner_group: None,
        country: CountryCode::parse("CI").ok(),
        art44: false,
    }
}

#[test]
fn attributes_change_from_a_period_on_and_earlier_periods_keep_theirs() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let code = InstitutionCode::parse("MU01")?;
        let now = at("2016-04-01 10:00:00")?;
        let mutual = attrs("Mutuelle d'Épargne", LegalForm::Mutual);
        assert_eq!(
            record_institution(&mut conn, &code, None, &mutual, "staff", now)?,
            RegistryChange::Created
        );
        assert_eq!(
            record_institution(&mut conn, &code, None, &mutual, "staff", now)?,
            RegistryChange::Unchanged
        );
        let sa = attrs("Mutuelle devenue SA", LegalForm::Sa);
        let from = Period::parse("2017-Q1")?;
        assert_eq!(
            record_institution(&mut conn, &code, Some(from), &sa, "staff", now)?,
            RegistryChange::Changed
        );
        let registry = load_registry(&mut conn)?;
        assert_eq!(registry.len(), 1);
        let inst = &registry[0];
        let form = |p: &str| -> Result<Option<LegalForm>, Box<dyn std::error::Error>> {
            Ok(inst.attributes_at(Period::parse(p)?).map(|a| a.legal_form))
        };
        assert_eq!(form("2016-Q4")?, Some(LegalForm::Mutual));
        assert_eq!(form("2017-Q1")?, Some(LegalForm::Sa));
        Ok(())
    })
}

#[test]
fn a_correction_of_the_same_period_is_kept_in_the_history() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let code = InstitutionCode::parse("SA01")?;
        record_institution(
            &mut conn,
            &code,
            None,
            &attrs("Nom", LegalForm::Sa),
            "a",
            at("2016-04-01 10:00:00")?,
        )?;
        let corrected = Attributes {
            collects_deposits: false,
            ..attrs("Nom corrigé", LegalForm::Sa)
        };
        assert_eq!(
            record_institution(
                &mut conn,
                &code,
                None,
                &corrected,
                "b",
                at("2016-04-02 10:00:00")?
            )?,
            RegistryChange::Changed
        );
        let registry = load_registry(&mut conn)?;
        assert_eq!(registry[0].current(), Some(&corrected));
        let history = institution_history(&mut conn, &code)?;
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].recorded_by, "a");
        assert_eq!(history[1].attributes.name, "Nom corrigé");
        Ok(())
    })
}

#[test]
fn names_with_quotes_and_accents_round_trip() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let code = InstitutionCode::parse("MU07")?;
        let a = Attributes {
            owner_group: Some("Réseau « Faîtière »".into()),
            ..attrs(
                "Coopérative des Producteurs d'Issia; \"test\"",
                LegalForm::Cooperative,
            )
        };
        record_institution(
            &mut conn,
            &code,
            None,
            &a,
            "staff",
            at("2016-04-01 10:00:00")?,
        )?;
        assert_eq!(load_registry(&mut conn)?[0].current(), Some(&a));
        Ok(())
    })
}

#[test]
fn the_country_is_stored_with_each_version_and_read_back() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let code = InstitutionCode::parse("SN01")?;
        let now = at("2016-04-01 10:00:00")?;
        let dakar = Attributes {
            framework: "bceao-sfd".into(),
            country: Some(CountryCode::parse("SN")?),
            ..attrs("Caisse de Dakar", LegalForm::Mutual)
        };
        record_institution(&mut conn, &code, None, &dakar, "staff", now)?;
        // The same attributes in another country are a change, from the period it applies.
        let bamako = Attributes {
            country: Some(CountryCode::parse("ml")?),
            ..dakar.clone()
        };
        let from = Period::parse("2018-Q1")?;
        assert_eq!(
            record_institution(&mut conn, &code, Some(from), &bamako, "staff", now)?,
            RegistryChange::Changed
        );
        // A version without a country (recorded before the registry knew them) reads as none.
        let none = InstitutionCode::parse("XX01")?;
        let unknown = Attributes {
            country: None,
            ..dakar.clone()
        };
        record_institution(&mut conn, &none, None, &unknown, "staff", now)?;
        let registry = load_registry(&mut conn)?;
        let country = |i: usize, p: &str| -> Result<Option<String>, Box<dyn std::error::Error>> {
            Ok(registry[i]
                .attributes_at(Period::parse(p)?)
                .and_then(|a| a.country)
                .map(|c| c.to_string()))
        };
        assert_eq!(registry[0].code.as_str(), "SN01");
        assert_eq!(country(0, "2017-Q4")?.as_deref(), Some("SN"));
        assert_eq!(country(0, "2018-Q1")?.as_deref(), Some("ML"));
        assert_eq!(country(1, "2018-Q1")?, None);
        assert_eq!(registry[0].current(), Some(&bamako));
        let history = institution_history(&mut conn, &code)?;
        assert_eq!(history[0].attributes.country, dakar.country);
        Ok(())
    })
}

#[test]
fn the_art44_flag_is_stored_with_each_version_and_read_back() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let code = InstitutionCode::parse("SN01")?;
        let now = at("2016-04-01 10:00:00")?;
        let quarterly = attrs("Caisse de Dakar", LegalForm::Mutual);
        record_institution(&mut conn, &code, None, &quarterly, "staff", now)?;
        // Becoming an art. 44 SFD is a change, from the period it applies.
        let monthly = Attributes {
            art44: true,
            ..quarterly.clone()
        };
        let from = Period::parse("2018-Q1")?;
        assert_eq!(
            record_institution(&mut conn, &code, Some(from), &monthly, "staff", now)?,
            RegistryChange::Changed
        );
        let registry = load_registry(&mut conn)?;
        let art44 = |p: &str| -> Result<Option<bool>, Box<dyn std::error::Error>> {
            Ok(registry[0]
                .attributes_at(Period::parse(p)?)
                .map(|a| a.art44))
        };
        assert_eq!(art44("2017-Q4")?, Some(false));
        assert_eq!(art44("2018-Q1")?, Some(true));
        // The months of the quarter a version starts in have its attributes.
        assert_eq!(art44("2018-M01")?, Some(true));
        assert_eq!(art44("2017-M12")?, Some(false));
        Ok(())
    })
}
