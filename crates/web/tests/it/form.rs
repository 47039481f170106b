//! The return typed in the browser, over HTTP: the form of the template's sections in the
//! reader's language, a draft saved, a field that is not a number refused beside it with
//! nothing stored, the whole return stored as a new version from the web, then reviewed by
//! staff with its figures and accepted.

use mizan_storage::testing;
use mizan_storage::users::Role;

use crate::session::{Client, account, csrf_of};
use crate::{Res, Site, TestResult, data, platform};

/// SA01's values of the fixture as form fields (`v.<item>`), typed the French way.
fn fields_of_sa01() -> Res<Vec<(String, String)>> {
    let text = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
    Ok(text
        .lines()
        .filter(|l| l.starts_with("SA01,"))
        .filter_map(|l| {
            let mut f = l.split(',');
            let (_, _, item, value) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some((format!("v.{item}"), value.replace('.', ",")))
        })
        .collect())
}

#[test]
fn a_member_fills_the_return_in_the_browser() -> TestResult {
    for db in testing::databases()? {
        let p = platform(db)?;
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            &data("apsfd-ci-2016q1/institutions.csv")?,
            "institutions.csv",
            &mizan_service::Actor::system(),
        )?;
        assert!(!reg.refused());
        account(&p.app, "saisie", Role::Member, Some("SA01"))?;
        let site = Site::start(&p.app)?;
        let mut m = Client::login(&site, "saisie")?;

        let page = m.get("/space/form?period=2016-Q1")?;
        assert_eq!(page.status, 200);
        let html = page.text()?;
        assert!(html.contains("Saisie en ligne"), "{html}");
        assert!(html.contains("name=\"v.loans.outstanding\""), "{html}");
        assert!(
            html.contains("Données financières"),
            "the template's sections"
        );
        assert!(html.contains("Aucune saisie pour ce trimestre"));
        let token = csrf_of(&html)?;
        let base = [
            ("csrf", token.as_str()),
            ("institution", "SA01"),
            ("period", "2016-Q1"),
        ];

        // A draft, kept between visits.
        let mut draft: Vec<(&str, &str)> = base.to_vec();
        draft.extend([("action", "save"), ("v.loans.outstanding", "1 234 567")]);
        let r = m.post_form("/space/form", &draft)?;
        assert_eq!(r.status, 303);
        let html = m.get(r.header("location").unwrap_or_default())?.text()?;
        assert!(html.contains("Brouillon enregistré."), "{html}");
        assert!(html.contains("value=\"1 234 567\""), "{html}");

        // A field that is not a number: refused beside it, nothing stored.
        let fields = fields_of_sa01()?;
        let mut send: Vec<(&str, &str)> = base.to_vec();
        send.push(("action", "send"));
        for (k, v) in &fields {
            if k == "v.loans.par30" {
                send.push((k, "trente"));
            } else {
                send.push((k, v));
            }
        }
        let r = m.post_form("/space/form", &send)?;
        assert_eq!(r.status, 422);
        let html = r.text()?;
        assert!(html.contains("L’état n’a pas été enregistré"), "{html}");
        let row = html
            .split("id=\"f-loans.par30\"")
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .ok_or("no row of loans.par30")?;
        assert!(
            row.contains("aria-invalid=\"true\"") && row.contains("trente"),
            "{row}"
        );
        let versions = mizan_service::member::versions_of(
            &p.app,
            &mizan_service::Actor::system(),
            &mizan_core::InstitutionCode::parse("SA01")?,
        )?;
        assert!(versions.is_empty());

        // The whole return: a new version from the web, its report shown.
        let mut send: Vec<(&str, &str)> = base.to_vec();
        send.push(("action", "send"));
        send.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let r = m.post_form("/space/form", &send)?;
        assert_eq!(r.status, 303, "{}", r.text()?);
        assert!(
            r.header("location")
                .unwrap_or_default()
                .starts_with("/space/submissions/")
        );
        let versions = mizan_service::member::versions_of(
            &p.app,
            &mizan_service::Actor::system(),
            &mizan_core::InstitutionCode::parse("SA01")?,
        )?;
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0].channel, "web");
        let html = m.get("/space/form?period=2016-Q1")?.text()?;
        assert!(html.contains("Valeurs de la version 1 envoyée"), "{html}");

        // Staff review it with its figures, and accept it: the member's version is accepted.
        account(&p.app, "revue", Role::Staff, None)?;
        let mut staff = Client::login(&site, "revue")?;
        let review = format!("/staff/submissions/{}", versions[0].id);
        let html = staff.get(&review)?.text()?;
        assert!(html.contains("formulaire-web.csv"), "{html}");
        let token = csrf_of(&html)?;
        let r = staff.post_form(
            &format!("{review}/accept"),
            &[("csrf", token.as_str()), ("from", "review")],
        )?;
        assert_eq!(r.status, 303);
        let after = mizan_service::member::versions_of(
            &p.app,
            &mizan_service::Actor::system(),
            &mizan_core::InstitutionCode::parse("SA01")?,
        )?;
        assert_eq!(
            after[0].status,
            mizan_storage::submissions::SubmissionStatus::Accepted
        );
    }
    Ok(())
}
