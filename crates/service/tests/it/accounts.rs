//! Accounts: Argon2id hashes, sign-in with throttling, sessions, account management and their
//! audit trail. Every Argon2 hash or verification costs tens of milliseconds in a debug build:
//! the tests make as few as the behaviour needs (failures from an address are made with
//! unknown user names, each verified once against the dummy hash).

use mizan_core::{InstitutionCode, Period};
use mizan_service::accounts::{
    ARGON2_PARAMS, LoginFailure, NewAccount, PasswordChange, Session, SignedIn, change_password,
    create_user, grant, hash_password, list_users, login, logout, session, session_record,
    set_disabled, verify_password,
};
use mizan_service::{Actor, ServiceError};
use mizan_storage::accounts::session_by_token;
use mizan_storage::audit::{AuditFilter, AuditRecord, list};
use mizan_storage::users::{Role, UserRecord};

use crate::{Platform, TestResult, data, on_each_backend};

const PASSWORD: &str = "correct horse battery";
const ADDRESS: &str = "192.0.2.10";

fn staff() -> Actor {
    Actor::web("chef", 999, Role::Staff, None)
}

fn account(
    p: &Platform,
    username: &str,
    role: Role,
    institution: Option<&InstitutionCode>,
) -> Result<UserRecord, ServiceError> {
    create_user(
        &p.app,
        &staff(),
        &NewAccount {
            email: "",
            lang: mizan_core::Lang::Fr,
            username,
            display_name: "",
            role,
            institution,
            password: PASSWORD,
        },
    )
}

fn signed_in(
    p: &Platform,
    username: &str,
    password: &str,
) -> Result<SignedIn, Box<dyn std::error::Error>> {
    login(&p.app, username, password, ADDRESS)?.map_err(|f| format!("{username}: {f:?}").into())
}

fn refused(
    p: &Platform,
    username: &str,
    password: &str,
    address: &str,
) -> Result<LoginFailure, Box<dyn std::error::Error>> {
    match login(&p.app, username, password, address)? {
        Ok(s) => Err(format!("{username} signed in: {:?}", s.session).into()),
        Err(f) => Ok(f),
    }
}

const THROTTLED: LoginFailure = LoginFailure::Throttled {
    retry_after_minutes: 15,
};

fn audit_log(p: &Platform) -> Result<Vec<AuditRecord>, Box<dyn std::error::Error>> {
    let mut conn = p.app.conn()?;
    Ok(list(
        &mut conn,
        &AuditFilter {
            limit: 10_000,
            ..AuditFilter::default()
        },
    )?)
}

fn actions(p: &Platform) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    Ok(audit_log(p)?.into_iter().rev().map(|e| e.action).collect())
}

fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(s.as_bytes()))
}

#[test]
fn passwords_are_argon2id_phc_strings_with_the_configured_parameters() -> TestResult {
    let (m, t, par) = ARGON2_PARAMS;
    assert_eq!((m, t, par), (19_456, 2, 1));
    let a = hash_password(PASSWORD)?;
    let b = hash_password(PASSWORD)?;
    let prefix = format!("$argon2id$v=19$m={m},t={t},p={par}$");
    assert!(a.starts_with(&prefix), "{a}");
    assert_eq!(prefix, "$argon2id$v=19$m=19456,t=2,p=1$");
    // PHC: prefix, then salt and hash in unpadded base64 (a 128-bit salt, a 256-bit hash).
    let rest: Vec<&str> = a[prefix.len()..].split('$').collect();
    assert_eq!(rest.iter().map(|s| s.len()).collect::<Vec<_>>(), [22, 43]);
    // A fresh salt every time: two hashes of one password differ, and both verify.
    assert_ne!(a, b);
    assert_ne!(
        rest[0],
        b[prefix.len()..].split('$').next().unwrap_or_default()
    );
    assert!(verify_password(&a, PASSWORD));
    assert!(verify_password(&b, PASSWORD));
    assert!(!verify_password(&a, "correct horse battery "));
    assert!(!verify_password(&a, ""));
    // A malformed or foreign hash never verifies, whatever the password.
    for bad in [
        "",
        PASSWORD,
        "$argon2id$v=19$m=19456,t=2,p=1$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        &a[..a.len() - 4],
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ] {
        assert!(!verify_password(bad, PASSWORD), "{bad}");
        assert!(!verify_password(bad, bad), "{bad}");
    }
    Ok(())
}

#[test]
fn a_sign_in_opens_a_session_stored_by_the_digest_of_its_token() -> TestResult {
    on_each_backend(|p| {
        let ana = account(p, "ana", Role::Staff, None)?;
        let first = signed_in(p, "ana", PASSWORD)?;
        assert_eq!(first.session.principal.user_id, ana.id);
        assert_eq!(first.session.principal.username, "ana");
        assert_eq!(first.session.principal.role, Role::Staff);
        assert!(first.session.principal.is_staff());
        // 256 random bits, in hex; the CSRF token likewise.
        assert_eq!(first.token.len(), 64);
        assert!(first.token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(first.session.csrf_token.len(), 64);
        assert_ne!(first.session.csrf_token, first.token);
        // The database holds the SHA-256 of the token, never the token itself.
        let mut conn = p.app.conn()?;
        let stored = session_by_token(&mut conn, &sha256_hex(&first.token))?
            .ok_or("no session under the token's digest")?;
        assert_eq!(session_by_token(&mut conn, &first.token)?, None);
        assert_eq!(stored.id, first.session.id);
        assert_eq!(stored.user_id, ana.id);
        assert_eq!(stored.csrf_token, first.session.csrf_token);
        assert_eq!(stored.address, ADDRESS);
        assert_eq!(stored.revoked_at, None);
        assert_eq!(
            session_record(&p.app, &first.token)?.as_ref(),
            Some(&stored)
        );
        assert_eq!(session(&p.app, &first.token)?, Some(first.session.clone()));
        // No session fixation: every sign-in opens a new session with new tokens.
        let second = signed_in(p, "ana", PASSWORD)?;
        assert_ne!(second.token, first.token);
        assert_ne!(second.session.id, first.session.id);
        assert_ne!(second.session.csrf_token, first.session.csrf_token);
        // Unknown tokens, and the stored digest itself, open nothing.
        assert_eq!(session(&p.app, "")?, None);
        assert_eq!(session(&p.app, &"0".repeat(64))?, None);
        assert_eq!(session(&p.app, &sha256_hex(&first.token))?, None);
        // Logging out closes that session only.
        logout(&p.app, &first.session)?;
        assert_eq!(session(&p.app, &first.token)?, None);
        assert!(
            session_record(&p.app, &first.token)?
                .ok_or("the session was deleted")?
                .revoked_at
                .is_some()
        );
        assert!(session(&p.app, &second.token)?.is_some());
        let log = audit_log(p)?;
        let logins: Vec<&AuditRecord> = log.iter().filter(|e| e.action == "login").collect();
        assert_eq!(logins.len(), 2);
        assert!(logins.iter().all(|e| e.actor == "ana"));
        assert!(logins[0].detail.contains(ADDRESS), "{:?}", logins[0]);
        let out = log
            .iter()
            .find(|e| e.action == "logout")
            .ok_or("no logout")?;
        assert_eq!(out.actor, "ana");
        Ok(())
    })
}

#[test]
fn wrong_password_unknown_user_and_disabled_account_get_one_answer() -> TestResult {
    on_each_backend(|p| {
        let ana = account(p, "ana", Role::Staff, None)?;
        assert_eq!(
            refused(p, "ana", "wrong password", ADDRESS)?,
            LoginFailure::Invalid
        );
        assert_eq!(
            refused(p, "nobody", PASSWORD, ADDRESS)?,
            LoginFailure::Invalid
        );
        let open = signed_in(p, " ana ", PASSWORD)?;
        assert_eq!(open.session.principal.username, "ana");
        let closed = set_disabled(&p.app, &staff(), ana.id, true)?;
        assert!(closed.disabled);
        assert_eq!(refused(p, "ana", PASSWORD, ADDRESS)?, LoginFailure::Invalid);
        // Disabling closed the open session, for good.
        assert_eq!(session(&p.app, &open.token)?, None);
        assert!(
            session_record(&p.app, &open.token)?
                .ok_or("the session was deleted")?
                .revoked_at
                .is_some()
        );
        set_disabled(&p.app, &staff(), ana.id, false)?;
        assert_eq!(session(&p.app, &open.token)?, None);
        // One cannot disable one's own account.
        let own = set_disabled(
            &p.app,
            &Actor::web("ana", ana.id, Role::Staff, None),
            ana.id,
            true,
        );
        assert!(matches!(own, Err(ServiceError::Invalid(_))), "{own:?}");
        // Nor may anyone but staff, whatever called the use case.
        for role in [Role::Member, Role::Partner] {
            let other = set_disabled(
                &p.app,
                &Actor::web("intrus", 4242, role, None),
                ana.id,
                true,
            );
            assert!(
                matches!(other, Err(ServiceError::Forbidden(_))),
                "{other:?}"
            );
        }
        let acts = actions(p)?;
        assert_eq!(
            acts,
            [
                "account.create",
                "login.failed",
                "login.failed",
                "login",
                "account.disable",
                "login.failed",
                "account.enable",
            ]
        );
        let log = audit_log(p)?;
        let failed: Vec<&str> = log
            .iter()
            .filter(|e| e.action == "login.failed")
            .map(|e| e.actor.as_str())
            .collect();
        assert_eq!(failed, ["ana", "nobody", "ana"]);
        let disable = log
            .iter()
            .find(|e| e.action == "account.disable")
            .ok_or("no account.disable")?;
        assert_eq!(
            (disable.actor.as_str(), disable.detail.as_str()),
            ("chef", r#"{"username":"ana"}"#)
        );
        Ok(())
    })
}

#[test]
fn five_failures_throttle_the_account_for_the_window_and_a_success_resets_the_count() -> TestResult
{
    on_each_backend(|p| {
        account(p, "ana", Role::Staff, None)?;
        p.set_time("2016-04-20 09:00")?;
        for _ in 0..5 {
            assert_eq!(refused(p, "ana", "guess", ADDRESS)?, LoginFailure::Invalid);
        }
        // The sixth attempt is refused without looking at the password, even the right one,
        // from any address.
        assert_eq!(refused(p, "ana", PASSWORD, ADDRESS)?, THROTTLED);
        assert_eq!(refused(p, "ana", PASSWORD, "198.51.100.7")?, THROTTLED);
        p.set_time("2016-04-20 09:14")?;
        assert_eq!(refused(p, "ana", PASSWORD, ADDRESS)?, THROTTLED);
        // After the window the right password works again.
        p.set_time("2016-04-20 09:16")?;
        signed_in(p, "ana", PASSWORD)?;

        // A success starts the account's count again: 3 failures, a success, 3 failures —
        // six in the window, three since the success — and the right password still works.
        p.set_time("2016-04-20 09:17")?;
        for _ in 0..3 {
            refused(p, "ana", "guess", ADDRESS)?;
        }
        p.set_time("2016-04-20 09:18")?;
        signed_in(p, "ana", PASSWORD)?;
        p.set_time("2016-04-20 09:19")?;
        for _ in 0..3 {
            refused(p, "ana", "guess", ADDRESS)?;
        }
        p.set_time("2016-04-20 09:20")?;
        signed_in(p, "ana", PASSWORD)?;
        // Five failures since that success throttle again.
        p.set_time("2016-04-20 09:21")?;
        for _ in 0..5 {
            refused(p, "ana", "guess", ADDRESS)?;
        }
        assert_eq!(refused(p, "ana", PASSWORD, ADDRESS)?, THROTTLED);
        let acts = actions(p)?;
        let count = |a: &str| acts.iter().filter(|x| *x == a).count();
        assert_eq!(count("login.throttled"), 4);
        assert_eq!(count("login.failed"), 16);
        assert_eq!(count("login"), 3);
        Ok(())
    })
}

#[test]
fn twenty_failures_from_one_address_throttle_every_user_name_from_it() -> TestResult {
    on_each_backend(|p| {
        account(p, "ana", Role::Staff, None)?;
        p.set_time("2016-04-20 09:00")?;
        // Twenty user names, one failure each: no account reaches its own limit.
        for i in 0..20 {
            let name = format!("ghost{i:02}");
            assert_eq!(refused(p, &name, PASSWORD, ADDRESS)?, LoginFailure::Invalid);
        }
        p.set_time("2016-04-20 09:01")?;
        assert_eq!(refused(p, "ana", PASSWORD, ADDRESS)?, THROTTLED);
        // Another address is not concerned.
        signed_in_from(p, "ana", "198.51.100.7")?;
        // After the window, the address may try again.
        p.set_time("2016-04-20 09:16")?;
        signed_in_from(p, "ana", ADDRESS)?;
        Ok(())
    })
}

fn signed_in_from(p: &Platform, username: &str, address: &str) -> TestResult {
    match login(&p.app, username, PASSWORD, address)? {
        Ok(_) => Ok(()),
        Err(f) => Err(format!("{username} from {address}: {f:?}").into()),
    }
}

#[test]
fn changing_the_password_closes_the_other_sessions_and_keeps_this_one() -> TestResult {
    on_each_backend(|p| {
        account(p, "ana", Role::Staff, None)?;
        let here = signed_in(p, "ana", PASSWORD)?;
        let elsewhere = signed_in(p, "ana", PASSWORD)?;
        let s: &Session = &here.session;
        assert_eq!(
            change_password(&p.app, s, "not the password", "a brand new secret")?,
            PasswordChange::WrongCurrent
        );
        assert!(matches!(
            change_password(&p.app, s, PASSWORD, "short")?,
            PasswordChange::Rejected(mizan_service::refusal::AccountRefusal::PasswordTooShort {
                min: 10
            })
        ));
        // Nothing changed yet: both sessions live, the old password works.
        assert!(session(&p.app, &elsewhere.token)?.is_some());
        assert_eq!(
            change_password(&p.app, s, PASSWORD, "a brand new secret")?,
            PasswordChange::Changed
        );
        assert_eq!(session(&p.app, &here.token)?.map(|x| x.id), Some(s.id));
        assert_eq!(session(&p.app, &elsewhere.token)?, None);
        assert_eq!(refused(p, "ana", PASSWORD, ADDRESS)?, LoginFailure::Invalid);
        signed_in(p, "ana", "a brand new secret")?;
        let log = audit_log(p)?;
        let change = log
            .iter()
            .find(|e| e.action == "account.password")
            .ok_or("no account.password")?;
        assert_eq!(change.actor, "ana");
        assert_eq!(change.detail, r#"{"closed":1}"#, "{change:?}");
        Ok(())
    })
}

#[test]
fn sessions_expire_when_idle_and_twelve_hours_after_sign_in() -> TestResult {
    on_each_backend(|p| {
        account(p, "ana", Role::Staff, None)?;
        p.set_time("2016-04-20 09:00")?;
        let idle = signed_in(p, "ana", PASSWORD)?;
        let busy = signed_in(p, "ana", PASSWORD)?;
        // Two hours without a request end a session; each request moves the end.
        p.set_time("2016-04-20 10:59")?;
        assert!(session(&p.app, &busy.token)?.is_some());
        p.set_time("2016-04-20 11:00")?;
        assert_eq!(session(&p.app, &idle.token)?, None);
        for t in ["12:58", "14:57", "16:56", "18:55", "20:54", "20:59"] {
            p.set_time(&format!("2016-04-20 {t}"))?;
            assert!(session(&p.app, &busy.token)?.is_some(), "at {t}");
        }
        // …but never beyond twelve hours after the sign-in.
        p.set_time("2016-04-20 21:00")?;
        assert_eq!(session(&p.app, &busy.token)?, None);
        Ok(())
    })
}

#[test]
fn accounts_are_validated_before_they_are_created() -> TestResult {
    on_each_backend(|p| {
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            &data("apsfd-ci-2016q1/institutions.csv")?,
            "institutions.csv",
            &Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        let sa01 = InstitutionCode::parse("SA01")?;
        let zz99 = InstitutionCode::parse("ZZ99")?;
        let invalid = |r: Result<UserRecord, ServiceError>, needle: &str| -> TestResult {
            match r {
                Err(ServiceError::Invalid(m)) if m.to_string().contains(needle) => Ok(()),
                other => Err(format!("expected Invalid(…{needle}…), got {other:?}").into()),
            }
        };
        invalid(
            account(p, "member.x", Role::Member, None),
            "account.member-needs-institution",
        )?;
        invalid(
            account(p, "staff.x", Role::Staff, Some(&sa01)),
            "account.institution-only-for-members institution=SA01",
        )?;
        invalid(
            account(p, "partner.x", Role::Partner, Some(&sa01)),
            "account.institution-only-for-members",
        )?;
        for bad in ["", "   ", "ana lopez", "anaïs", "ana;drop", &"a".repeat(65)] {
            invalid(account(p, bad, Role::Staff, None), "account.user-name ")?;
        }
        invalid(
            create_user(
                &p.app,
                &staff(),
                &NewAccount {
                    email: "",
                    lang: mizan_core::Lang::Fr,
                    username: "ana",
                    display_name: "",
                    role: Role::Staff,
                    institution: None,
                    password: "too short",
                },
            ),
            "account.password-too-short min=10",
        )?;
        invalid(
            create_user(
                &p.app,
                &staff(),
                &NewAccount {
                    email: "",
                    lang: mizan_core::Lang::Fr,
                    username: "Ana.Lopez-Ortiz",
                    display_name: "",
                    role: Role::Staff,
                    institution: None,
                    password: "ana.lopez-ortiz",
                },
            ),
            "account.password-is-user-name",
        )?;
        invalid(
            account(p, "member.zz99", Role::Member, Some(&zz99)),
            "account.unknown-institution institution=ZZ99",
        )?;
        let member = create_user(
            &p.app,
            &staff(),
            &NewAccount {
                email: "",
                lang: mizan_core::Lang::Fr,
                username: " agent_sa01@fed.ci ",
                display_name: " Agent SA01 ",
                role: Role::Member,
                institution: Some(&sa01),
                password: PASSWORD,
            },
        )?;
        assert_eq!(member.username, "agent_sa01@fed.ci");
        assert_eq!(member.display_name, "Agent SA01");
        assert_eq!(member.institution.as_ref(), Some(&sa01));
        assert!(!member.disabled);
        assert!(
            member
                .password_hash
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
        );
        let staff_account = account(p, "ana", Role::Staff, None)?;
        assert_eq!(staff_account.display_name, "ana");
        invalid(
            account(p, "ana", Role::Partner, None),
            "account.user-name-taken username=ana",
        )?;
        let names: Vec<String> = list_users(&p.app, &Actor::system())?
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert_eq!(names, ["agent_sa01@fed.ci", "ana"]);
        // Only the two accounts made were audited.
        let log = audit_log(p)?;
        let created: Vec<(&str, &str, Option<&str>)> = log
            .iter()
            .rev()
            .filter(|e| e.action == "account.create")
            .map(|e| {
                (
                    e.actor.as_str(),
                    e.detail.as_str(),
                    e.institution.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            created,
            [
                (
                    "chef",
                    r#"{"role":"member","username":"agent_sa01@fed.ci"}"#,
                    Some("SA01")
                ),
                ("chef", r#"{"role":"staff","username":"ana"}"#, None),
            ]
        );
        // Grants go to partners only.
        let period = Period::parse("2016-Q1")?;
        let g = grant(&p.app, &staff(), member.id, "apsfd-ci", period);
        assert!(
            matches!(&g, Err(ServiceError::Invalid(m)) if m.code() == "account.grant-only-for-partners"),
            "{g:?}"
        );
        Ok(())
    })
}
