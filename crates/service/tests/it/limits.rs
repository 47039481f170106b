//! Bad input found on the way: quarters outside what a framework and the calendar allow,
//! texts longer than their field, frameworks that do not apply.

use mizan_core::{Attributes, InstitutionCode, LegalForm, Period, Structure};
use mizan_service::ServiceError;
use mizan_service::collection::{Decision, collection, decide};
use mizan_service::registry::record_change;
use mizan_service::template::{TemplateTexts, template};
use mizan_service::{Actor, ServiceResult};

use crate::{TestResult, on_each_backend};

fn invalid<T: std::fmt::Debug>(r: ServiceResult<T>, says: &str) -> TestResult {
    match r {
        Err(ServiceError::Invalid(m)) if m.to_string().contains(says) => Ok(()),
        other => Err(format!("expected a refusal saying {says:?}, got {other:?}").into()),
    }
}

#[test]
fn quarters_too_far_ahead_or_before_the_framework_are_refused() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        // Today is 20 April 2016 (2016-Q2): a template of the next quarter may be prepared.
        let sa01 = InstitutionCode::parse("SA01")?;
        let texts = TemplateTexts::new(mizan_core::Lang::Fr, |t| format!("{t:?}"));
        template(
            &p.app,
            "apsfd-ci",
            Period::parse("2016-Q3")?,
            Some(&sa01),
            &texts,
        )?;
        invalid(
            template(
                &p.app,
                "apsfd-ci",
                Period::parse("2016-Q4")?,
                Some(&sa01),
                &texts,
            ),
            "period.too-far-ahead period=2016-Q4",
        )?;
        invalid(
            collection(
                &p.app,
                &Actor::system(),
                "apsfd-ci",
                Period::parse("2099-Q1")?,
            ),
            "latest=2016-Q3",
        )?;
        // A framework that does not apply (unknown, or before its effective date) is "not
        // found" (a 404 on the web), never an internal error.
        assert!(matches!(
            collection(&p.app, &Actor::system(), "nope", Period::parse("2016-Q1")?),
            Err(ServiceError::Framework(
                mizan_core::framework::FrameworkError::NotFound { .. }
            ))
        ));
        Ok(())
    })
}

#[test]
fn texts_longer_than_their_field_are_refused() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let staff = Actor::system();
        let attrs = |name: String| Attributes {
            name,
            legal_form: LegalForm::Sa,
            structure: Structure::DirectCredit,
            network_affiliated: false,
            collects_deposits: false,
            framework: "apsfd-ci".into(),
            owner_group: None,
            country: None,
            art44: false,
        };
        let code = InstitutionCode::parse("SA77")?;
        // 200 characters (Arabic letters count as characters, not bytes) are accepted.
        record_change(&p.app, &staff, &code, None, &attrs("م".repeat(200)))?;
        invalid(
            record_change(&p.app, &staff, &code, None, &attrs("x".repeat(201))),
            "too-long field=institution-name chars=201 max=200",
        )?;
        invalid(
            record_change(
                &p.app,
                &staff,
                &code,
                Some(Period::parse("2030-Q1")?),
                &attrs("Nouveau nom".into()),
            ),
            "period.too-far-ahead period=2030-Q1",
        )?;
        let mut conn = p.app.conn()?;
        let first = mizan_storage::submissions::submissions_for_period(
            &mut conn,
            Period::parse("2016-Q1")?,
        )?
        .first()
        .map(|s| s.id)
        .ok_or("no submission")?;
        drop(conn);
        invalid(
            decide(&p.app, &staff, first, &Decision::Reject("é".repeat(2001))),
            "too-long field=comment chars=2001 max=2000",
        )?;
        decide(&p.app, &staff, first, &Decision::Reject("é".repeat(2000)))?;
        Ok(())
    })
}
