//! Reciprocity: who sees the peer detail of a quarter, and staff's review that decides it for
//! members. Accounts are made in storage directly (no Argon2 needed to decide access).

use mizan_core::{InstitutionCode, Period};
use mizan_service::access::{Refusal, peer_detail};
use mizan_service::accounts::{Principal, grant, list_grants, revoke_grant};
use mizan_service::collection::{Decision, decide};
use mizan_service::consolidation::period_returns;
use mizan_service::returns::{Scope, import_returns};
use mizan_service::{Actor, ServiceError};
use mizan_storage::audit::{AuditFilter, list};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus, versions};
use mizan_storage::users::{NewUser, Role, insert_user};

use crate::{Platform, TestResult, data, on_each_backend, principal};

const FW: &str = "apsfd-ci";

fn reviewer() -> Actor {
    Actor::web("chef", 999, Role::Staff, None)
}

fn person(
    p: &Platform,
    username: &str,
    role: Role,
    institution: Option<&str>,
) -> Result<Principal, Box<dyn std::error::Error>> {
    let code = institution.map(InstitutionCode::parse).transpose()?;
    let mut conn = p.app.conn()?;
    let user = insert_user(
        &mut conn,
        &NewUser {
            email: None,
            lang: mizan_core::Lang::Fr,
            username,
            display_name: username,
            password_hash: "not used here",
            role,
            institution: code.as_ref(),
        },
        p.app.now(),
    )?;
    Ok(principal(&user))
}

fn latest(
    p: &Platform,
    institution: &str,
    period: Period,
) -> Result<SubmissionRecord, Box<dyn std::error::Error>> {
    let mut conn = p.app.conn()?;
    Ok(
        versions(&mut conn, &InstitutionCode::parse(institution)?, period)?
            .pop()
            .ok_or_else(|| format!("no version of {institution}"))?,
    )
}

/// Stores a new version of `institution`'s 2016-Q1 return: its fixture lines with PAR30 at 0.
fn resubmit(
    p: &Platform,
    institution: &str,
) -> Result<SubmissionRecord, Box<dyn std::error::Error>> {
    let fixture = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
    let mut csv = String::from("institution,period,item,value\n");
    for line in fixture
        .lines()
        .filter(|l| l.starts_with(&format!("{institution},")))
    {
        if line.contains(",loans.par30,") {
            csv.push_str(&format!("{institution},2016-Q1,loans.par30,0\n"));
        } else {
            csv.push_str(line);
            csv.push('\n');
        }
    }
    let rep = import_returns(
        &p.app,
        csv.as_bytes(),
        &format!("{institution}-v2.csv"),
        &Actor::system(),
        &Scope::Any,
    )?;
    Ok(rep.stored().next().cloned().ok_or("not stored")?)
}

/// The version of each institution that counts in the consolidation of 2016-Q1.
fn counted(p: &Platform, institution: &str) -> Result<Option<i32>, Box<dyn std::error::Error>> {
    Ok(
        period_returns(&p.app, &Actor::system(), FW, Period::parse("2016-Q1")?)?
            .into_iter()
            .find(|(r, _)| r.institution.as_str() == institution)
            .map(|(r, _)| r.version),
    )
}

#[test]
fn a_member_sees_peer_detail_only_once_staff_accepted_its_return() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let q1 = Period::parse("2016-Q1")?;
        let q2 = Period::parse("2016-Q2")?;
        let sa01 = person(p, "agent.sa01", Role::Member, Some("SA01"))?;
        let sa03 = person(p, "agent.sa03", Role::Member, Some("SA03"))?;
        let mu01 = person(p, "agent.mu01", Role::Member, Some("MU01"))?;
        let detail =
            |who: &Principal, period: Period| peer_detail(&p.app, Some(&who.actor()), FW, period);

        // Received, not reviewed: no peer detail yet.
        assert_eq!(detail(&sa01, q1)?, Err(Refusal::AwaitingReview));
        // SA03 and MU01 did not report the quarter; nobody reported the next one.
        assert_eq!(detail(&sa03, q1)?, Err(Refusal::NotReported));
        assert_eq!(detail(&mu01, q1)?, Err(Refusal::NotReported));
        assert_eq!(detail(&sa01, q2)?, Err(Refusal::NotReported));
        // Under another framework, SA01 reported nothing.
        assert_eq!(
            peer_detail(&p.app, Some(&sa01.actor()), "bam-mfi", q1)?,
            Err(Refusal::NotReported)
        );

        // Rejected: the member is told why, and the version no longer counts.
        let v1 = latest(p, "SA01", q1)?;
        assert_eq!(counted(p, "SA01")?, Some(1));
        let comment = "Le total des dépôts ne correspond pas à l'état certifié.";
        let rejected = decide(
            &p.app,
            &reviewer(),
            v1.id,
            &Decision::Reject(format!("  {comment} ")),
        )?;
        assert_eq!(rejected.status, SubmissionStatus::Rejected);
        assert_eq!(rejected.status_comment.as_deref(), Some(comment));
        assert_eq!(rejected.decided_by.as_deref(), Some("chef"));
        assert_eq!(rejected.decided_at, Some(p.app.now()));
        assert_eq!(
            detail(&sa01, q1)?,
            Err(Refusal::Rejected(Some(comment.into())))
        );
        assert_eq!(Refusal::Rejected(None).code(), "rejected");
        assert_eq!(counted(p, "SA01")?, None);

        // A corrected version: received, it counts, and awaits review…
        p.set_time("2016-04-25 10:00")?;
        let v2 = resubmit(p, "SA01")?;
        assert_eq!(v2.version, 2);
        assert_eq!(v2.status, SubmissionStatus::Received);
        assert_eq!(counted(p, "SA01")?, Some(2));
        assert_eq!(detail(&sa01, q1)?, Err(Refusal::AwaitingReview));
        // …until staff accept it.
        let accepted = decide(&p.app, &reviewer(), v2.id, &Decision::Accept)?;
        assert_eq!(accepted.status, SubmissionStatus::Accepted);
        assert_eq!(accepted.status_comment, None);
        assert_eq!(detail(&sa01, q1)?, Ok(()));
        assert_eq!(detail(&sa01, q2)?, Err(Refusal::NotReported));

        // Rejecting a later version: the previous one that is not rejected counts.
        let sa02_v2 = resubmit(p, "SA02")?;
        assert_eq!(counted(p, "SA02")?, Some(2));
        decide(
            &p.app,
            &reviewer(),
            sa02_v2.id,
            &Decision::Reject("PAR30 à zéro : invraisemblable.".into()),
        )?;
        assert_eq!(counted(p, "SA02")?, Some(1));
        let sa02 = person(p, "agent.sa02", Role::Member, Some("SA02"))?;
        assert_eq!(detail(&sa02, q1)?, Err(Refusal::AwaitingReview));

        // Every version rejected: the latest rejection's comment is the one shown.
        let sa04 = person(p, "agent.sa04", Role::Member, Some("SA04"))?;
        let sa04_v1 = latest(p, "SA04", q1)?;
        decide(
            &p.app,
            &reviewer(),
            sa04_v1.id,
            &Decision::Reject("first".into()),
        )?;
        let sa04_v2 = resubmit(p, "SA04")?;
        decide(
            &p.app,
            &reviewer(),
            sa04_v2.id,
            &Decision::Reject("second".into()),
        )?;
        assert_eq!(
            detail(&sa04, q1)?,
            Err(Refusal::Rejected(Some("second".into())))
        );
        assert_eq!(counted(p, "SA04")?, None);

        // Every decision is audited, with the submission, institution, period and comment.
        let mut conn = p.app.conn()?;
        let log = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("submission."),
                limit: 100,
                ..AuditFilter::default()
            },
        )?;
        let decisions: Vec<(&str, Option<i64>, Option<&str>)> = log
            .iter()
            .rev()
            .map(|e| (e.action.as_str(), e.submission_id, e.institution.as_deref()))
            .collect();
        assert_eq!(
            decisions,
            [
                ("submission.rejected", Some(v1.id), Some("SA01")),
                ("submission.accepted", Some(v2.id), Some("SA01")),
                ("submission.rejected", Some(sa02_v2.id), Some("SA02")),
                ("submission.rejected", Some(sa04_v1.id), Some("SA04")),
                ("submission.rejected", Some(sa04_v2.id), Some("SA04")),
            ]
        );
        assert!(log.iter().all(|e| e.period.as_deref() == Some("2016-Q1")));
        assert!(log.iter().all(|e| e.actor == "chef"));
        // The entries keep their parameters, not sentences.
        let params = |i: usize| -> Result<
            serde_json::Map<String, serde_json::Value>,
            Box<dyn std::error::Error>,
        > {
            Ok(mizan_service::audit::Detail::read(&log[i].detail)
                .ok_or("a detail without parameters")?
                .params()
                .clone())
        };
        assert_eq!(params(log.len() - 1)?["comment"], comment, "{log:?}");
        let second = params(log.len() - 2)?;
        assert_eq!(
            (&second["version"], &second["file"]),
            (&serde_json::json!(2), &serde_json::json!("SA01-v2.csv")),
            "{log:?}"
        );
        Ok(())
    })
}

#[test]
fn a_rejection_needs_a_comment() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let q1 = Period::parse("2016-Q1")?;
        let v1 = latest(p, "SA01", q1)?;
        for empty in ["", "  \n "] {
            let r = decide(&p.app, &reviewer(), v1.id, &Decision::Reject(empty.into()));
            assert!(
                matches!(&r, Err(ServiceError::Invalid(m)) if m.code() == "review.rejection-needs-comment"),
                "{r:?}"
            );
        }
        assert_eq!(latest(p, "SA01", q1)?.status, SubmissionStatus::Received);
        let unknown = decide(&p.app, &reviewer(), v1.id + 10_000, &Decision::Accept);
        assert!(
            matches!(unknown, Err(ServiceError::NotFound(_))),
            "{unknown:?}"
        );
        let mut conn = p.app.conn()?;
        let decided = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("submission."),
                ..AuditFilter::default()
            },
        )?;
        assert!(decided.is_empty(), "{decided:?}");
        Ok(())
    })
}

#[test]
fn partners_see_the_granted_periods_and_staff_everything() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let q1 = Period::parse("2016-Q1")?;
        let q2 = Period::parse("2016-Q2")?;
        let partner = person(p, "bailleur", Role::Partner, None)?;
        let staff = person(p, "chef", Role::Staff, None)?;
        let detail = |who: Option<&Principal>, period: Period| {
            peer_detail(&p.app, who.map(Principal::actor).as_ref(), FW, period)
        };

        assert_eq!(detail(None, q1)?, Err(Refusal::SignInRequired));
        assert_eq!(Refusal::SignInRequired.code(), "sign-in-required");
        assert_eq!(detail(Some(&staff), q1)?, Ok(()));
        assert_eq!(detail(Some(&staff), q2)?, Ok(()));

        assert_eq!(detail(Some(&partner), q1)?, Err(Refusal::NotGranted));
        assert_eq!(Refusal::NotGranted.code(), "not-granted");
        let by = staff.actor();
        assert!(grant(&p.app, &by, partner.user_id, FW, q1)?);
        // Granting again changes nothing.
        assert!(!grant(&p.app, &by, partner.user_id, FW, q1)?);
        assert_eq!(detail(Some(&partner), q1)?, Ok(()));
        assert_eq!(detail(Some(&partner), q2)?, Err(Refusal::NotGranted));
        assert_eq!(
            peer_detail(&p.app, Some(&partner.actor()), "bam-mfi", q1)?,
            Err(Refusal::NotGranted)
        );
        // A grant names a framework that exists.
        assert!(grant(&p.app, &by, partner.user_id, "nope", q1).is_err());

        let grants = list_grants(&p.app, &Actor::system())?;
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].username, "bailleur");
        assert_eq!(grants[0].granted_by, "chef");
        let revoked = revoke_grant(&p.app, &by, grants[0].id)?;
        assert_eq!(revoked.period, "2016-Q1");
        assert_eq!(detail(Some(&partner), q1)?, Err(Refusal::NotGranted));
        // Revoking twice is harmless and audited once.
        revoke_grant(&p.app, &by, grants[0].id)?;
        let missing = revoke_grant(&p.app, &by, grants[0].id + 1000);
        assert!(
            matches!(missing, Err(ServiceError::NotFound(_))),
            "{missing:?}"
        );

        let mut conn = p.app.conn()?;
        let log = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("grant"),
                ..AuditFilter::default()
            },
        )?;
        let events: Vec<(&str, &str, Option<&str>)> = log
            .iter()
            .rev()
            .map(|e| (e.action.as_str(), e.actor.as_str(), e.period.as_deref()))
            .collect();
        assert_eq!(
            events,
            [
                ("grant", "chef", Some("2016-Q1")),
                ("grant.revoke", "chef", Some("2016-Q1")),
            ]
        );
        assert!(log[1].detail.contains("bailleur"), "{log:?}");
        Ok(())
    })
}
