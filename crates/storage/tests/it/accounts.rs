use chrono::{Duration, NaiveDateTime};
use mizan_storage::DbConnection;
use mizan_storage::accounts::{
    NewSession, failures_for_user, failures_from_address, grant, has_grant, insert_grant,
    insert_session, list_grants, record_attempt, revoke_grant, revoke_session,
    revoke_user_sessions, session_by_token, touch_session,
};
use mizan_storage::users::{NewUser, Role, UserRecord, insert_user};

use crate::{TestResult, at, on_each_backend};

fn account(
    conn: &mut DbConnection,
    username: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<UserRecord, Box<dyn std::error::Error>> {
    Ok(insert_user(
        conn,
        &NewUser {
            email: None,
            lang: mizan_core::Lang::Fr,
            username,
            display_name: username,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            role,
            institution: None,
        },
        now,
    )?)
}

/// A SHA-256 in hex, as the service stores it (any 64 hex digits will do here).
fn digest(c: char) -> String {
    std::iter::repeat_n(c, 64).collect()
}

fn open(
    conn: &mut DbConnection,
    token: &str,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<mizan_storage::accounts::SessionRecord, Box<dyn std::error::Error>> {
    Ok(insert_session(
        conn,
        &NewSession {
            token_sha256: token,
            user_id,
            csrf_token: &format!("csrf-{token}"),
            expires_at: now + Duration::minutes(120),
            address: "10.0.0.1",
        },
        now,
    )?)
}

#[test]
fn sessions_are_found_by_token_digest_touched_and_revoked() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let now = at("2016-04-01 08:00:00")?;
        let ana = account(&mut conn, "ana", Role::Staff, now)?;
        let bob = account(&mut conn, "bob", Role::Partner, now)?;
        let first = open(&mut conn, &digest('a'), ana.id, now)?;
        assert_eq!(first.user_id, ana.id);
        assert_eq!(first.csrf_token, format!("csrf-{}", digest('a')));
        assert_eq!(first.created_at, now);
        assert_eq!(first.last_seen_at, now);
        assert_eq!(first.expires_at, at("2016-04-01 10:00:00")?);
        assert_eq!(first.revoked_at, None);
        assert_eq!(first.address, "10.0.0.1");
        assert!(first.is_live(now));
        assert!(!first.is_live(first.expires_at));
        assert_eq!(
            session_by_token(&mut conn, &digest('a'))?,
            Some(first.clone())
        );
        assert_eq!(session_by_token(&mut conn, &digest('f'))?, None);
        // A token digest opens one session only.
        assert!(open(&mut conn, &digest('a'), bob.id, now).is_err());

        // Activity moves the last request and the expiry.
        let later = at("2016-04-01 09:30:00")?;
        touch_session(&mut conn, first.id, later, at("2016-04-01 11:30:00")?)?;
        let touched = session_by_token(&mut conn, &digest('a'))?.ok_or("session vanished")?;
        assert_eq!(touched.last_seen_at, later);
        assert_eq!(touched.expires_at, at("2016-04-01 11:30:00")?);
        assert_eq!(touched.created_at, now);

        // Revoked, not deleted; a second revocation keeps the first time.
        revoke_session(&mut conn, first.id, later)?;
        revoke_session(&mut conn, first.id, at("2016-04-01 09:45:00")?)?;
        let revoked = session_by_token(&mut conn, &digest('a'))?.ok_or("session deleted")?;
        assert_eq!(revoked.revoked_at, Some(later));
        assert!(!revoked.is_live(later));

        // Closing an account's sessions spares the kept one and the other accounts'.
        let second = open(&mut conn, &digest('b'), ana.id, now)?;
        open(&mut conn, &digest('c'), ana.id, now)?;
        open(&mut conn, &digest('d'), bob.id, now)?;
        assert_eq!(
            revoke_user_sessions(&mut conn, ana.id, Some(second.id), later)?,
            1
        );
        let live = |conn: &mut DbConnection, d: char| -> Result<bool, Box<dyn std::error::Error>> {
            Ok(session_by_token(conn, &digest(d))?
                .ok_or("session deleted")?
                .is_live(later))
        };
        assert!(live(&mut conn, 'b')?);
        assert!(!live(&mut conn, 'c')?);
        assert!(live(&mut conn, 'd')?);
        assert_eq!(
            session_by_token(&mut conn, &digest('c'))?
                .ok_or("session deleted")?
                .revoked_at,
            Some(later)
        );
        // Without `keep`, every open session of the account; revoked ones are not counted again.
        assert_eq!(revoke_user_sessions(&mut conn, ana.id, None, later)?, 1);
        assert!(!live(&mut conn, 'b')?);
        assert_eq!(revoke_user_sessions(&mut conn, ana.id, None, later)?, 0);
        assert!(live(&mut conn, 'd')?);
        Ok(())
    })
}

#[test]
fn failures_count_after_the_last_success_and_per_address_within_the_window() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let t0 = at("2016-04-01 08:00:00")?;
        let min = Duration::minutes;
        let window = t0 - min(15);
        record_attempt(&mut conn, "ana", "10.0.0.1", false, t0)?;
        record_attempt(&mut conn, "ana", "10.0.0.1", false, t0 + min(1))?;
        assert_eq!(failures_for_user(&mut conn, "ana", window)?, 2);
        // A success starts the count again for the account…
        record_attempt(&mut conn, "ana", "10.0.0.1", true, t0 + min(2))?;
        assert_eq!(failures_for_user(&mut conn, "ana", window)?, 0);
        record_attempt(&mut conn, "ana", "10.0.0.1", false, t0 + min(3))?;
        record_attempt(&mut conn, "ana", "10.0.0.2", false, t0 + min(4))?;
        record_attempt(&mut conn, "bob", "10.0.0.1", false, t0 + min(5))?;
        assert_eq!(failures_for_user(&mut conn, "ana", window)?, 2);
        assert_eq!(failures_for_user(&mut conn, "bob", window)?, 1);
        assert_eq!(failures_for_user(&mut conn, "nobody", window)?, 0);
        // …but not for the address, which counts every user name's failures.
        assert_eq!(failures_from_address(&mut conn, "10.0.0.1", window)?, 4);
        assert_eq!(failures_from_address(&mut conn, "10.0.0.2", window)?, 1);
        assert_eq!(failures_from_address(&mut conn, "10.0.0.3", window)?, 0);
        // The window: attempts strictly after `since` count.
        assert_eq!(failures_for_user(&mut conn, "ana", t0 + min(3))?, 1);
        assert_eq!(failures_from_address(&mut conn, "10.0.0.1", t0)?, 3);
        assert_eq!(
            failures_from_address(&mut conn, "10.0.0.1", t0 + min(5))?,
            0
        );
        // User names are counted as given (exactly).
        assert_eq!(failures_for_user(&mut conn, "ANA", window)?, 0);
        Ok(())
    })
}

#[test]
fn grants_are_idempotent_checked_listed_and_revoked() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let now = at("2016-04-01 08:00:00")?;
        let later = at("2016-05-01 08:00:00")?;
        let partner = account(&mut conn, "bailleur", Role::Partner, now)?;
        let other = account(&mut conn, "autre", Role::Partner, now)?;
        assert!(!has_grant(&mut conn, partner.id, "apsfd-ci", "2016-Q1")?);
        assert!(insert_grant(
            &mut conn, partner.id, "apsfd-ci", "2016-Q1", "staff", now
        )?);
        // A live grant is not granted twice.
        assert!(!insert_grant(
            &mut conn, partner.id, "apsfd-ci", "2016-Q1", "staff2", later
        )?);
        assert!(has_grant(&mut conn, partner.id, "apsfd-ci", "2016-Q1")?);
        assert!(!has_grant(&mut conn, partner.id, "apsfd-ci", "2016-Q2")?);
        assert!(!has_grant(&mut conn, partner.id, "bam-mfi", "2016-Q1")?);
        assert!(!has_grant(&mut conn, other.id, "apsfd-ci", "2016-Q1")?);
        assert!(insert_grant(
            &mut conn, other.id, "apsfd-ci", "2016-Q2", "staff", now
        )?);

        let mine = list_grants(&mut conn, Some(partner.id))?;
        assert_eq!(mine.len(), 1);
        let g = &mine[0];
        assert_eq!(g.user_id, partner.id);
        assert_eq!(g.username, "bailleur");
        assert_eq!(g.framework, "apsfd-ci");
        assert_eq!(g.period, "2016-Q1");
        assert_eq!(g.granted_by, "staff");
        assert_eq!(g.granted_at, now);
        assert_eq!((g.revoked_by.as_deref(), g.revoked_at), (None, None));
        assert_eq!(grant(&mut conn, g.id)?.as_ref(), Some(g));
        assert_eq!(grant(&mut conn, g.id + 1000)?, None);

        assert!(revoke_grant(&mut conn, g.id, "staff2", later)?);
        assert!(!revoke_grant(&mut conn, g.id, "staff3", later)?);
        assert!(!has_grant(&mut conn, partner.id, "apsfd-ci", "2016-Q1")?);
        let revoked = grant(&mut conn, g.id)?.ok_or("grant deleted")?;
        assert_eq!(revoked.revoked_by.as_deref(), Some("staff2"));
        assert_eq!(revoked.revoked_at, Some(later));
        assert!(!revoke_grant(&mut conn, g.id + 1000, "staff", later)?);

        // Granted again after the revocation: a new row, the old one kept; newest first.
        assert!(insert_grant(
            &mut conn, partner.id, "apsfd-ci", "2016-Q1", "staff", later
        )?);
        assert!(has_grant(&mut conn, partner.id, "apsfd-ci", "2016-Q1")?);
        let mine = list_grants(&mut conn, Some(partner.id))?;
        assert_eq!(mine.len(), 2);
        assert!(mine[0].id > mine[1].id);
        assert_eq!(mine[0].revoked_at, None);
        assert_eq!(mine[1].id, g.id);
        let all = list_grants(&mut conn, None)?;
        let names: Vec<&str> = all.iter().map(|g| g.username.as_str()).collect();
        assert_eq!(names, ["bailleur", "autre", "bailleur"]);
        Ok(())
    })
}
