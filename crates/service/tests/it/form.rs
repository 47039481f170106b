//! The return typed in the web form: drafts kept between visits, fields that are not numbers
//! refused by item with nothing stored, a complete form stored as a new version with the
//! person's channel, and nobody but the institution's members (and staff) opening it.

use std::collections::BTreeMap;

use mizan_core::number::DecimalMark;
use mizan_core::{InstitutionCode, Period};
use mizan_service::ServiceError;
use mizan_service::form::{Sent, Source, form_totals, open_form, save_draft, send_form};
use mizan_service::returns::Outcome;
use mizan_storage::users::{NewUser, Role, insert_user};

use crate::authz::returns_of;
use crate::{Platform, TestResult, data, on_each_backend, principal};

fn member(
    p: &Platform,
    username: &str,
    institution: &str,
) -> Result<mizan_service::Actor, Box<dyn std::error::Error>> {
    let code = InstitutionCode::parse(institution)?;
    let mut conn = p.app.conn()?;
    let user = insert_user(
        &mut conn,
        &NewUser {
            username,
            display_name: username,
            password_hash: "not used here",
            role: Role::Member,
            institution: Some(&code),
            email: None,
            lang: mizan_core::Lang::Fr,
        },
        p.app.now(),
    )?;
    Ok(principal(&user).actor())
}

/// SA01's values of the fixture, typed the French way (decimal comma).
fn typed_sa01() -> Result<BTreeMap<String, String>, Box<dyn std::error::Error>> {
    Ok(returns_of("SA01")?
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            let (_, _, item, value) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some((item.to_owned(), value.replace('.', ",")))
        })
        .collect())
}

#[test]
fn a_return_typed_in_the_form_is_kept_as_a_draft_then_stored_as_a_version() -> TestResult {
    on_each_backend(|p| {
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            &data("apsfd-ci-2016q1/institutions.csv")?,
            "institutions.csv",
            &mizan_service::Actor::system(),
        )?;
        assert!(!reg.refused());
        let sa01 = InstitutionCode::parse("SA01")?;
        let q1 = Period::parse("2016-Q1")?;
        let who = member(p, "m.sa01", "SA01")?;
        let other = member(p, "m.sa02", "SA02")?;

        let empty = open_form(&p.app, &who, &sa01, q1)?;
        assert_eq!(empty.source, Source::Empty);
        assert_eq!(empty.framework, "apsfd-ci");

        // A draft keeps the framework's fields only, as typed.
        let mut typed = BTreeMap::new();
        typed.insert("loans.outstanding".to_owned(), "1 234,5".to_owned());
        typed.insert("pas.un.poste".to_owned(), "9".to_owned());
        save_draft(&p.app, &who, &sa01, q1, &typed)?;
        let draft = open_form(&p.app, &who, &sa01, q1)?;
        assert!(matches!(draft.source, Source::Draft { ref saved_by, .. } if saved_by == "m.sa01"));
        assert_eq!(
            draft.typed.into_iter().collect::<Vec<_>>(),
            vec![("loans.outstanding".to_owned(), "1 234,5".to_owned())]
        );

        // A field that is not a number: refused by its item, nothing stored, the draft kept.
        let mut bad = typed_sa01()?;
        bad.insert("loans.outstanding".to_owned(), "douze".to_owned());
        match send_form(&p.app, &who, &sa01, q1, &bad, DecimalMark::Comma)? {
            Sent::Unreadable(issues) => {
                assert_eq!(issues.len(), 1, "{issues:?}");
                assert_eq!(issues[0].item.as_deref(), Some("loans.outstanding"));
            }
            other => return Err(format!("not refused: {other:?}").into()),
        }
        let versions = mizan_service::member::versions_of(&p.app, &who, &sa01)?;
        assert!(versions.is_empty());
        assert!(matches!(
            open_form(&p.app, &who, &sa01, q1)?.source,
            Source::Draft { .. }
        ));

        // The whole return: stored as version 1, in the member's name and channel.
        let Sent::Report(report) =
            send_form(&p.app, &who, &sa01, q1, &typed_sa01()?, DecimalMark::Comma)?
        else {
            return Err("the form was not sent".into());
        };
        let stored = report
            .submissions
            .iter()
            .find_map(|s| match &s.outcome {
                Outcome::Stored(r) => Some(r.clone()),
                _ => None,
            })
            .ok_or_else(|| format!("not stored: {report:?}"))?;
        assert_eq!((stored.version, stored.channel.as_str()), (1, "web"));
        assert_eq!(stored.submitted_by, "m.sa01");
        assert_eq!(stored.source_name, "formulaire-web.csv");
        let after = open_form(&p.app, &who, &sa01, q1)?;
        assert_eq!(after.source, Source::Version(1), "the draft is gone");
        let outstanding = typed_sa01()?
            .get("loans.outstanding")
            .ok_or("no outstanding")?
            .replace(',', ".")
            .parse::<rust_decimal::Decimal>()?;
        assert_eq!(after.sent.get("loans.outstanding"), Some(&outstanding));

        // Totals are computed from their parts, never typed.
        let fw = p.app.framework("apsfd-ci", q1)?;
        let totals = form_totals(fw, &typed_sa01()?, DecimalMark::Comma);
        assert!(totals.keys().all(|code| {
            fw.items
                .iter()
                .any(|i| i.code.as_str() == code && i.is_total())
        }));

        // Another institution's member may not open, save or send it.
        for refused in [
            open_form(&p.app, &other, &sa01, q1).map(drop),
            save_draft(&p.app, &other, &sa01, q1, &typed),
            send_form(&p.app, &other, &sa01, q1, &typed, DecimalMark::Comma).map(drop),
        ] {
            assert!(
                matches!(refused, Err(ServiceError::Forbidden(_))),
                "{refused:?}"
            );
        }
        Ok(())
    })
}
