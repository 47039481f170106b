//! E-mail over HTTP: staff see who a reminder of a quarter reaches, remind them now (the server
//! sends at once, in each account's language), see the quarter's messages; set an account's
//! address and language, a wrong address refused in the page's language.

use mizan_core::Lang;
use mizan_service::Actor;
use mizan_service::accounts::{NewAccount, create_user};
use mizan_storage::testing;
use mizan_storage::users::Role;

use crate::session::{Client, PASSWORD, csrf_of};
use crate::smtp::SmtpSink;
use crate::{Res, Site, TestResult, platform_with};

/// Waits (up to 20 s) until the sink holds `n` messages.
fn wait_for(sink: &SmtpSink, n: usize) -> Res<()> {
    for _ in 0..200 {
        if sink.messages().len() >= n {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(format!("{} message(s) received, {n} awaited", sink.messages().len()).into())
}

#[test]
fn staff_remind_a_quarter_from_the_web_and_each_account_is_written_in_its_language() -> TestResult {
    let sink = SmtpSink::start()?;
    for db in testing::databases()? {
        let start = sink.messages().len();
        let p = platform_with(db, &[("MIZAN__MAIL__SMTP_URL", &sink.url())])?;
        p.load()?;
        p.set_time("2016-06-13 10:00")?;
        let account =
            |username: &str, role, institution: Option<&str>, email: &str, lang| -> Res<i64> {
                let code = institution
                    .map(mizan_core::InstitutionCode::parse)
                    .transpose()?;
                Ok(create_user(
                    &p.app,
                    &Actor::system(),
                    &NewAccount {
                        username,
                        display_name: username,
                        role,
                        institution: code.as_ref(),
                        password: PASSWORD,
                        email,
                        lang,
                    },
                )?
                .id)
            };
        account("secretariat", Role::Staff, None, "", Lang::Fr)?;
        // An institution without a return in the fixture.
        let c = mizan_service::collection::collection(
            &p.app,
            &Actor::system(),
            "apsfd-ci",
            crate::q1()?,
        )?;
        let missing = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .find(|i| !i.received())
            .ok_or("every institution reported")?
            .code
            .to_string();
        let member = account(
            "tresorier",
            Role::Member,
            Some(&missing),
            "tresorier@sfd.example",
            Lang::En,
        )?;
        let site = Site::start(&p.app)?;
        let mut staff = Client::login(&site, "secretariat")?;

        let page = staff.get("/staff/reminders?period=2016-Q1")?;
        assert_eq!(page.status, 200);
        let html = page.text()?;
        assert!(html.contains("Rappels — T1 2016"), "{html}");
        assert!(
            html.contains(&missing) && html.contains("tresorier"),
            "{html}"
        );
        assert!(html.contains("Aucun message pour ce trimestre."), "{html}");
        let collection = staff.get("/staff?period=2016-Q1")?.text()?;
        assert!(
            collection.contains("/staff/reminders?period=2016-Q1"),
            "linked from the collection"
        );

        let token = csrf_of(&html)?;
        let r = staff.post_form(
            "/staff/reminders",
            &[
                ("csrf", &token),
                ("framework", "apsfd-ci"),
                ("period", "2016-Q1"),
            ],
        )?;
        assert_eq!(r.status, 303);
        let back = r.header("location").unwrap_or_default().to_owned();
        assert_eq!(back, "/staff/reminders?period=2016-Q1&queued=1");
        wait_for(&sink, start + 1)?;
        let got = sink.messages();
        let m = got.last().ok_or("no message")?;
        assert_eq!(m.to, ["<tresorier@sfd.example>"]);
        let subject = m.header("Subject").ok_or("no subject")?;
        assert!(
            subject.starts_with("Reminder: return for Q1 2016"),
            "{subject}"
        );
        assert!(
            m.body().contains("Upload it from your space"),
            "{}",
            m.body()
        );
        let html = staff.get(&back)?.text()?;
        assert!(html.contains("1 rappel(s) mis en file d’envoi."), "{html}");
        assert!(html.contains("tresorier@sfd.example"), "{html}");

        // The address and language of an account, a wrong address refused in French.
        let wrong = staff.post_form(
            &format!("/staff/users/{member}/contact"),
            &[("csrf", &token), ("email", "tresorier@"), ("lang", "ar")],
        )?;
        assert_eq!(wrong.status, 400);
        assert!(wrong.text()?.contains("n’est pas une adresse électronique"));
        let ok = staff.post_form(
            &format!("/staff/users/{member}/contact"),
            &[
                ("csrf", &token),
                ("email", "t2@sfd.example"),
                ("lang", "ar"),
            ],
        )?;
        assert_eq!(ok.status, 303);
        let users = staff
            .get(ok.header("location").unwrap_or_default())?
            .text()?;
        assert!(users.contains("t2@sfd.example"), "{users}");
        let user = mizan_service::accounts::list_users(&p.app, &Actor::system())?
            .into_iter()
            .find(|u| u.id == member)
            .ok_or("no member")?;
        assert_eq!(
            (user.email.as_deref(), user.lang),
            (Some("t2@sfd.example"), Lang::Ar)
        );
    }
    Ok(())
}

/// A monthly reporter (art. 44 SFD) is reminded of a month, named as a month in each language,
/// and told its accepted month opens its peers' detail "for that period", not a quarter.
#[test]
fn a_monthly_reporters_messages_name_its_month() -> TestResult {
    use mizan_service::mail::{MailTexts, Message, Timing};
    use mizan_web::mail_texts::MailWords;
    let i18n = mizan_web::i18n::I18n::load()?;
    let words = MailWords(&i18n);
    let period = mizan_core::Period::parse("2025-M12")?;
    let institution = mizan_core::InstitutionCode::parse("SN01")?;
    let reminder = Message::Reminder {
        framework: "bceao-sfd".into(),
        period,
        institution: institution.clone(),
        name: "Caisse de Dakar".into(),
        deadline: chrono::NaiveDate::from_ymd_opt(2026, 1, 30).ok_or("date")?,
        timing: Timing::Before(5),
    };
    for (lang, subject, body) in [
        (
            Lang::En,
            "Reminder: return for December 2025 due by 30 January 2026",
            "The return of Caisse de Dakar (SN01) for December 2025 has not been received yet. The deadline is 30 January 2026, in 5 day(s).",
        ),
        (
            Lang::Fr,
            "Rappel : déclaration décembre 2025 attendue au plus tard le 30 janvier 2026",
            "L’institution Caisse de Dakar (SN01) n’a pas encore envoyé sa déclaration de décembre 2025.",
        ),
    ] {
        let written = words.write(lang, &reminder, "https://mizan.example/space");
        assert!(
            written.subject.contains(subject),
            "{lang:?}: {}",
            written.subject
        );
        assert!(written.body.contains(body), "{lang:?}: {}", written.body);
        assert!(!written.body.contains("Q4"), "{}", written.body);
    }
    let accepted = Message::Decided {
        period,
        institution,
        version: 1,
        submission: 1,
        accepted: true,
        comment: None,
    };
    let written = words.write(Lang::En, &accepted, "https://mizan.example/space");
    assert!(
        written
            .body
            .contains("your return for December 2025. Your peers' detail for that period"),
        "{}",
        written.body
    );
    Ok(())
}
