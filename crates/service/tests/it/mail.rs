//! E-mail: messages queued with the event that calls for them, sent once to an SMTP server on
//! the loopback ([`SmtpSink`]), each to the right accounts in their language; the reminder
//! schedule; retries and giving up; two senders at once.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use mizan_core::{InstitutionCode, Lang, Period};
use mizan_service::collection::{Decision, decide};
use mizan_service::mail::{self, MailTexts, Message, Timing, Written};
use mizan_service::returns::submit_returns;
use mizan_service::settings::Settings;
use mizan_service::{Actor, ServiceError};
use mizan_storage::audit::{AuditFilter, list};
use mizan_storage::mail::{MailStatus, recent};
use mizan_storage::users::{NewUser, Role, insert_user};

use crate::authz::returns_of;
use crate::smtp::SmtpSink;
use crate::{Platform, TestResult, data, on_each_backend_with, principal, root};

const FW: &str = "apsfd-ci";

/// Words that say the language, the kind and every fact of a message.
pub struct TestWords;

impl MailTexts for TestWords {
    fn write(&self, lang: Lang, message: &Message, link: &str) -> Written {
        Written {
            subject: format!("[{lang}] {}", message.kind()),
            body: format!(
                "{}\n{link}\n",
                serde_json::to_string(message).unwrap_or_default()
            ),
        }
    }
}

fn code(c: &str) -> Result<InstitutionCode, Box<dyn std::error::Error>> {
    Ok(InstitutionCode::parse(c)?)
}

/// An account with an address (or none), enabled or not; its actor.
fn account(
    p: &Platform,
    username: &str,
    role: Role,
    institution: Option<&str>,
    email: Option<&str>,
    lang: Lang,
) -> Result<Actor, Box<dyn std::error::Error>> {
    let institution = institution.map(code).transpose()?;
    let mut conn = p.app.conn()?;
    let user = insert_user(
        &mut conn,
        &NewUser {
            username,
            display_name: username,
            password_hash: "not used here",
            role,
            institution: institution.as_ref(),
            email,
            lang,
        },
        p.app.now(),
    )?;
    Ok(principal(&user).actor())
}

fn load_registry(p: &Platform) -> TestResult {
    let reg = mizan_service::registry::import_institutions(
        &p.app,
        &data("apsfd-ci-2016q1/institutions.csv")?,
        "institutions.csv",
        &Actor::system(),
    )?;
    assert!(!reg.refused(), "{:?}", reg.issues);
    Ok(())
}

/// The registry, and a member account of SA02 (which reports nothing) with an address.
fn registry_and_member_of_sa02(p: &Platform) -> TestResult {
    load_registry(p)?;
    account(
        p,
        "m.b",
        Role::Member,
        Some("SA02"),
        Some("b@sa02.example"),
        Lang::Fr,
    )?;
    Ok(())
}

fn audited(p: &Platform, action: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let mut conn = p.app.conn()?;
    Ok(list(
        &mut conn,
        &AuditFilter {
            action_prefix: Some(action),
            limit: i64::MAX,
            ..AuditFilter::default()
        },
    )?
    .iter()
    .filter(|e| e.action == action)
    .count())
}

fn outbox_len(p: &Platform) -> Result<usize, Box<dyn std::error::Error>> {
    let mut conn = p.app.conn()?;
    Ok(recent(&mut conn, None, i64::MAX)?.len())
}

fn with_sink(body: impl Fn(&Platform, &SmtpSink) -> TestResult) -> TestResult {
    let sink = SmtpSink::start()?;
    on_each_backend_with(
        &[
            ("MIZAN__MAIL__SMTP_URL", &sink.url()),
            (
                "MIZAN__MAIL__FROM",
                "Collecte <collecte@federation.example>",
            ),
            ("MIZAN__MAIL__SITE_URL", "https://mizan.example/"),
        ],
        |p| {
            let before = sink.messages().len();
            body(p, &sink).map_err(|e| format!("(sink had {before} messages before) {e}").into())
        },
    )
}

#[test]
fn a_members_return_and_staffs_decision_are_mailed_once_to_the_right_accounts() -> TestResult {
    with_sink(|p, sink| {
        let start = sink.messages().len();
        load_registry(p)?;
        let staff = account(
            p,
            "sec",
            Role::Staff,
            None,
            Some("sec@federation.example"),
            Lang::Fr,
        )?;
        account(p, "staff.sans.adresse", Role::Staff, None, None, Lang::Fr)?;
        let member = account(
            p,
            "m.a",
            Role::Member,
            Some("SA01"),
            Some("a@sa01.example"),
            Lang::En,
        )?;
        account(p, "m.a2", Role::Member, Some("SA01"), None, Lang::Fr)?;
        account(
            p,
            "m.b",
            Role::Member,
            Some("SA02"),
            Some("b@sa02.example"),
            Lang::Ar,
        )?;
        let disabled = {
            account(
                p,
                "m.ancien",
                Role::Member,
                Some("SA01"),
                Some("old@sa01.example"),
                Lang::Fr,
            )?;
            let mut conn = p.app.conn()?;
            let id = mizan_storage::users::find_user(&mut conn, "m.ancien")?
                .ok_or("no m.ancien")?
                .id;
            mizan_storage::users::set_disabled(&mut conn, id, true)?;
            id
        };
        assert!(disabled > 0);

        // The member sends the return: staff with an address are told, nobody else.
        let returns = returns_of("SA01")?;
        let report = submit_returns(
            &p.app,
            &member,
            Some(&code("SA01")?),
            None,
            returns.as_bytes(),
            "sa01.csv",
        )?;
        let stored = report.stored().next().ok_or("not stored")?.clone();
        assert_eq!(outbox_len(p)?, 1);
        // A file imported by staff tells no one.
        submit_returns(
            &p.app,
            &staff,
            Some(&code("SA02")?),
            None,
            returns_of("SA02")?.as_bytes(),
            "sa02.csv",
        )?;
        assert_eq!(outbox_len(p)?, 1);

        // Staff reject it: the institution's enabled members with an address are told.
        decide(
            &p.app,
            &staff,
            stored.id,
            &Decision::Reject("Total du bilan différent de l’actif".into()),
        )?;
        assert_eq!(outbox_len(p)?, 2);
        assert_eq!(audited(p, "mail.queued")?, 2);
        assert!(
            sink.messages().len() == start,
            "nothing is sent before deliver"
        );

        let d = mail::deliver(&p.app, &Actor::system(), &TestWords)?;
        assert_eq!((d.sent, d.retried, d.failed, d.configured), (2, 0, 0, true));
        let got = &sink.messages()[start..];
        assert_eq!(got.len(), 2);
        let to_staff = got
            .iter()
            .find(|m| m.to == ["<sec@federation.example>"])
            .ok_or("staff not mailed")?;
        assert_eq!(
            to_staff.header("Subject").as_deref(),
            Some("[fr] return.arrived")
        );
        assert_eq!(to_staff.from, "<collecte@federation.example>");
        assert!(
            to_staff.body().contains(&format!(
                "https://mizan.example/staff/submissions/{}",
                stored.id
            )),
            "{}",
            to_staff.body()
        );
        let to_member = got
            .iter()
            .find(|m| m.to == ["<a@sa01.example>"])
            .ok_or("member not mailed")?;
        assert_eq!(
            to_member.header("Subject").as_deref(),
            Some("[en] decision.rejected")
        );
        let body = to_member.body();
        assert!(
            body.contains("Total du bilan différent de l’actif"),
            "{body}"
        );
        assert!(
            body.contains(&format!(
                "https://mizan.example/space/submissions/{}",
                stored.id
            )),
            "{body}"
        );
        assert_eq!(audited(p, "mail.sent")?, 2);

        // Sent once: a second run finds nothing.
        let again = mail::deliver(&p.app, &Actor::system(), &TestWords)?;
        assert_eq!(again.sent, 0);
        assert_eq!(sink.messages().len(), start + 2);
        let mut conn = p.app.conn()?;
        assert!(
            recent(&mut conn, None, 10)?
                .iter()
                .all(|m| m.status == MailStatus::Sent && m.sent_at.is_some())
        );
        Ok(())
    })
}

/// The deadline of 2016-Q1 under the association's framework, and the clock set `days` from it
/// (negative: before) at 08:00.
fn at_deadline(p: &Platform, days: i64) -> Result<NaiveDate, Box<dyn std::error::Error>> {
    let q1 = Period::parse("2016-Q1")?;
    let deadline = p.app.deadline(p.app.framework(FW, q1)?, q1);
    let day = if days >= 0 {
        deadline + Days::new(days.unsigned_abs())
    } else {
        deadline - Days::new(days.unsigned_abs())
    };
    p.set_time(&format!("{day} 08:00"))?;
    Ok(deadline)
}

/// What `remind_due` queued for 2016-Q1 of the association: (step, queued).
fn due_now(p: &Platform) -> Result<Vec<(Timing, usize)>, Box<dyn std::error::Error>> {
    Ok(mail::remind_due(&p.app, &Actor::system(), false)?
        .into_iter()
        .filter(|r| r.framework == FW)
        .map(|r| (r.timing, r.queued()))
        .collect())
}

#[test]
fn reminders_follow_the_schedule_each_step_once_and_only_to_missing_returns() -> TestResult {
    crate::on_each_backend(|p| {
        load_registry(p)?;
        // SA01 reported; SA02 did not.
        mizan_service::returns::import_returns(
            &p.app,
            returns_of("SA01")?.as_bytes(),
            "sa01.csv",
            &Actor::system(),
            &mizan_service::returns::Scope::Any,
        )?;
        account(
            p,
            "m.a",
            Role::Member,
            Some("SA01"),
            Some("a@sa01.example"),
            Lang::Fr,
        )?;
        account(
            p,
            "m.b",
            Role::Member,
            Some("SA02"),
            Some("b@sa02.example"),
            Lang::Fr,
        )?;
        account(p, "m.b2", Role::Member, Some("SA02"), None, Lang::Fr)?;

        at_deadline(p, -6)?;
        assert_eq!(due_now(p)?, vec![], "nothing before the first step");
        at_deadline(p, -5)?;
        assert_eq!(due_now(p)?, vec![(Timing::Before(5), 1)]);
        assert_eq!(
            due_now(p)?,
            vec![(Timing::Before(5), 0)],
            "twice on one day: once"
        );
        at_deadline(p, -3)?;
        assert_eq!(
            due_now(p)?,
            vec![(Timing::Before(5), 0)],
            "the same step until the next"
        );
        at_deadline(p, -1)?;
        assert_eq!(due_now(p)?, vec![(Timing::Before(1), 1)]);
        at_deadline(p, 1)?;
        assert_eq!(due_now(p)?, vec![(Timing::After(1), 1)]);
        // The daily run missed day 7: day 10 catches it up, once.
        at_deadline(p, 10)?;
        assert_eq!(due_now(p)?, vec![(Timing::After(7), 1)]);
        assert_eq!(due_now(p)?, vec![(Timing::After(7), 0)]);
        at_deadline(p, 15)?;
        assert_eq!(due_now(p)?, vec![], "the schedule is over");

        // Staff's reminder now: each time it is asked; the dry run lists and writes nothing.
        let before = outbox_len(p)?;
        let dry = mail::remind(
            &p.app,
            &Actor::system(),
            FW,
            Period::parse("2016-Q1")?,
            true,
        )?;
        assert_eq!(dry.queued(), 0);
        assert_eq!(outbox_len(p)?, before);
        let sa02 = dry
            .institutions
            .iter()
            .find(|i| i.code.as_str() == "SA02")
            .ok_or("SA02 not listed")?;
        assert_eq!(sa02.accounts, vec!["m.b".to_owned()]);
        assert!(
            dry.institutions.iter().all(|i| i.code.as_str() != "SA01"),
            "SA01 reported"
        );
        for _ in 0..2 {
            let now = mail::remind(
                &p.app,
                &Actor::system(),
                FW,
                Period::parse("2016-Q1")?,
                false,
            )?;
            assert_eq!((now.timing, now.queued()), (Timing::Now, 1));
        }
        let mut conn = p.app.conn()?;
        let messages = recent(&mut conn, None, i64::MAX)?;
        assert_eq!(messages.len(), 6);
        assert!(
            messages
                .iter()
                .all(|m| m.recipient == "b@sa02.example" && m.kind == "reminder")
        );
        Ok(())
    })
}

#[test]
fn a_refused_message_is_tried_again_then_given_up_and_audited() -> TestResult {
    with_sink(|p, sink| {
        let start = sink.messages().len();
        registry_and_member_of_sa02(p)?;
        let q1 = Period::parse("2016-Q1")?;
        mail::remind(&p.app, &Actor::system(), FW, q1, false)?;
        // Refused once; not tried again within the minute; sent by a run a minute later.
        sink.refuse_next(1);
        let first = mail::deliver(&p.app, &Actor::system(), &TestWords)?;
        assert_eq!((first.sent, first.retried), (0, 1));
        let soon = mail::deliver(&p.app, &Actor::system(), &TestWords)?;
        assert_eq!((soon.sent, soon.retried), (0, 0));
        p.set_time("2016-04-20 09:02")?;
        let second = mail::deliver(&p.app, &Actor::system(), &TestWords)?;
        assert_eq!((second.sent, second.retried), (1, 0));
        assert_eq!(sink.messages().len(), start + 1);

        // Refused every time: given up after MAX_ATTEMPTS, with the error, audited.
        mail::remind(&p.app, &Actor::system(), FW, q1, false)?;
        sink.refuse_next(usize::MAX);
        let mut failed = 0;
        for minute in 0..mail::MAX_ATTEMPTS {
            p.set_time(&format!("2016-04-20 09:{:02}", 10 + 2 * minute))?;
            failed += mail::deliver(&p.app, &Actor::system(), &TestWords)?.failed;
        }
        sink.refuse_next(0);
        p.set_time("2016-04-20 10:00")?;
        assert_eq!(failed, 1);
        assert_eq!(
            mail::deliver(&p.app, &Actor::system(), &TestWords)?.sent,
            0,
            "given up for good"
        );
        assert_eq!(audited(p, "mail.failed")?, 1);
        let mut conn = p.app.conn()?;
        let latest = recent(&mut conn, None, 1)?.pop().ok_or("no message")?;
        assert_eq!(latest.status, MailStatus::Failed);
        assert_eq!(latest.attempts, mail::MAX_ATTEMPTS);
        assert!(
            latest.last_error.as_deref().unwrap_or("").contains("451"),
            "{:?}",
            latest.last_error
        );
        Ok(())
    })
}

#[test]
fn two_senders_at_once_send_each_message_once() -> TestResult {
    with_sink(|p, sink| {
        let start = sink.messages().len();
        load_registry(p)?;
        for i in 0..30 {
            account(
                p,
                &format!("m.b{i}"),
                Role::Member,
                Some("SA02"),
                Some(&format!("b{i}@sa02.example")),
                Lang::Fr,
            )?;
        }
        let q1 = Period::parse("2016-Q1")?;
        assert_eq!(
            mail::remind(&p.app, &Actor::system(), FW, q1, false)?.queued(),
            30
        );
        let sent = std::thread::scope(|s| {
            let runs: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| mail::deliver(&p.app, &Actor::system(), &TestWords).map(|d| d.sent))
                })
                .collect();
            runs.into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| ServiceError::Internal("sender panicked".into()))?
                })
                .sum::<Result<usize, ServiceError>>()
        })?;
        assert_eq!(sent, 30);
        let mut to: Vec<String> = sink.messages()[start..]
            .iter()
            .flat_map(|m| m.to.clone())
            .collect();
        assert_eq!(to.len(), 30);
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 30, "a message was sent twice");
        Ok(())
    })
}

#[test]
fn mail_settings_come_from_the_environment_and_a_bad_server_is_said() -> TestResult {
    let env: BTreeMap<String, String> = [
        (
            "MIZAN__MAIL__SMTP_URL",
            "smtps://collecte%40f.example:s3cr%C3%A9t@mail.f.example",
        ),
        ("MIZAN__MAIL__FROM", "Collecte <collecte@f.example>"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let s = Settings::load(&root().join("config"), &env)?;
    assert_eq!(
        s.mail.smtp_url.expose(),
        "smtps://collecte%40f.example:s3cr%C3%A9t@mail.f.example"
    );
    assert_eq!(s.mail.from, "Collecte <collecte@f.example>");
    assert!(
        !format!("{s:?}").contains("s3cr"),
        "the password is never printed"
    );
    assert!(s.mail.configured());
    let defaults = Settings::load(&root().join("config"), &BTreeMap::new())?;
    assert!(!defaults.mail.configured(), "no server by default");

    on_each_backend_with(&[("MIZAN__MAIL__SMTP_URL", "imap://mail.example")], |p| {
        registry_and_member_of_sa02(p)?;
        mail::remind(
            &p.app,
            &Actor::system(),
            FW,
            Period::parse("2016-Q1")?,
            false,
        )?;
        match mail::deliver(&p.app, &Actor::system(), &TestWords) {
            Err(ServiceError::Internal(why)) => assert!(why.contains("mail.smtp_url"), "{why}"),
            other => return Err(format!("a bad URL must be said: {other:?}").into()),
        }
        assert_eq!(outbox_len(p)?, 1, "the message waits");
        Ok(())
    })
}
