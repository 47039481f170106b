use mizan_core::{Attributes, InstitutionCode, LegalForm, Period, Structure};
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
