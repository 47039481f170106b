//! The authorization matrix: every use case that is not public, run by every kind of person,
//! is allowed or refused by the use case itself — the web passes who is asking and decides
//! nothing. A refusal is [`ServiceError::Forbidden`] (or the use case's own way of saying no:
//! peer detail's [`Refusal`], a validation report of another institution "not found"), and a
//! refused use case writes nothing: no audit event, account, grant, publication, submission,
//! registry version or loan tape.
//!
//! A new use case cannot be forgotten: [`every_use_case_is_in_the_matrix_or_said_public`] reads
//! the service's sources, finds every top-level `pub fn` that takes the `&App`, and requires
//! each to be a row of [`use_cases`] — or, when it takes no `&Actor`, to be listed as public,
//! as the person's own session, or as the operator's — and every row to name one of them.

use std::collections::BTreeSet;

use mizan_core::{Attributes, InstitutionCode, Period};
use mizan_service::access::{Refusal, peer_detail};
use mizan_service::accounts::{self, NewAccount};
use mizan_service::collection::{self, Decision};
use mizan_service::returns::{self, Scope};
use mizan_service::{
    Actor, ServiceError, backoffice, consolidation, loans, mail, member, publication, registry,
    review,
};
use mizan_storage::audit::AuditFilter;
use mizan_storage::users::{NewUser, Role, insert_user};

use crate::{Platform, TestResult, data, on_each_backend, principal, root};

const FW: &str = "apsfd-ci";

/// Every kind of person a use case may be asked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The command line, the demo loader.
    Operator,
    /// Federation staff.
    Staff,
    /// A member of institution A (SA01), whose 2016-Q1 return staff accepted.
    MemberOfA,
    /// A member of institution B (SA02), whose 2016-Q1 return awaits review.
    MemberOfB,
    /// A member account without an institution.
    MemberWithoutInstitution,
    /// A partner granted the peer detail of 2016-Q1.
    PartnerWithGrant,
    /// A partner without a grant.
    PartnerWithoutGrant,
}

const KINDS: [Kind; 7] = [
    Kind::Operator,
    Kind::Staff,
    Kind::MemberOfA,
    Kind::MemberOfB,
    Kind::MemberWithoutInstitution,
    Kind::PartnerWithGrant,
    Kind::PartnerWithoutGrant,
];

/// Who a use case lets through: the rules of `mizan_service::access` and `Actor`.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Staff and the operator (`Actor::require_staff`).
    Staff,
    /// Those who may act for institution A (`Actor::require_act_for`): staff, the operator, A's
    /// members.
    ActForA,
    /// Those who may see 2016-Q1's peer detail (`access::peer_detail`): staff, the operator,
    /// A's members (accepted), the partner granted it.
    PeerDetail,
    /// Everyone: the answer is the asker's own (their institutions, their grants).
    Own,
}

impl Rule {
    fn allows(self, kind: Kind) -> bool {
        use Kind::*;
        match self {
            Self::Staff => matches!(kind, Operator | Staff),
            Self::ActForA => matches!(kind, Operator | Staff | MemberOfA),
            Self::PeerDetail => matches!(kind, Operator | Staff | MemberOfA | PartnerWithGrant),
            Self::Own => true,
        }
    }
}

/// What a use case answered, once it decided who asks.
enum Answer {
    /// It ran (its answer, or an error about the request rather than the person).
    Given,
    /// It said no in its own terms (peer detail's [`Refusal`], a hidden "not found").
    Refused,
}

fn given<T>(r: Result<T, ServiceError>) -> Result<Answer, ServiceError> {
    r.map(|_| Answer::Given)
}

/// What the rows act on, made once per backend.
struct Fixture {
    a: InstitutionCode,
    q1: Period,
    /// Institution A's 2016-Q1 submission (accepted).
    submission_of_a: i64,
    /// The 2016-Q1 publication.
    publication: i64,
    /// An account staff may disable, enable, reset.
    target_user: i64,
    /// A partner staff may grant.
    target_partner: i64,
    /// A grant staff may revoke.
    target_grant: i64,
    attributes_of_a: Attributes,
    registry_csv: Vec<u8>,
    returns_of_a: String,
    tape: Vec<u8>,
}

type Run = fn(&Platform, &Fixture, &Actor, usize) -> Result<Answer, ServiceError>;

fn row(name: &'static str, rule: Rule, run: Run) -> (&'static str, Rule, Run) {
    (name, rule, run)
}

/// Every use case that is not public, with the rule it must apply. A use case's name is
/// `module::function`; a second row of one use case adds a word after a space.
fn use_cases() -> Vec<(&'static str, Rule, Run)> {
    vec![
        // ---- staff: the back office's reads ----
        row("collection::collection", Rule::Staff, |p, f, who, _| {
            given(collection::collection(&p.app, who, FW, f.q1))
        }),
        row(
            "consolidation::period_returns",
            Rule::Staff,
            |p, f, who, _| given(consolidation::period_returns(&p.app, who, FW, f.q1)),
        ),
        row(
            "consolidation::consolidated_table",
            Rule::Staff,
            |p, f, who, _| given(consolidation::consolidated_table(&p.app, who, FW, f.q1)),
        ),
        row(
            "consolidation::institution_indicators",
            Rule::Staff,
            |p, f, who, _| given(consolidation::institution_indicators(&p.app, who, FW, f.q1)),
        ),
        row(
            "consolidation::period_quality_flags",
            Rule::Staff,
            |p, f, who, _| given(consolidation::period_quality_flags(&p.app, who, FW, f.q1)),
        ),
        row("publication::preview", Rule::Staff, |p, f, who, _| {
            given(publication::preview(&p.app, who, FW, f.q1, None))
        }),
        row("publication::staff_view", Rule::Staff, |p, f, who, _| {
            given(publication::staff_view(&p.app, who, FW, f.q1))
        }),
        row(
            "publication::staff_publication",
            Rule::Staff,
            |p, f, who, _| given(publication::staff_publication(&p.app, who, f.publication)),
        ),
        row(
            "backoffice::periods_with_returns",
            Rule::Staff,
            |p, _, who, _| given(backoffice::periods_with_returns(&p.app, who, FW)),
        ),
        row("backoffice::registry", Rule::Staff, |p, f, who, _| {
            given(backoffice::registry(&p.app, who, f.q1))
        }),
        row("backoffice::audit_log", Rule::Staff, |p, _, who, _| {
            given(backoffice::audit_log(
                &p.app,
                who,
                &AuditFilter {
                    limit: 10,
                    ..AuditFilter::default()
                },
            ))
        }),
        row("review::review", Rule::Staff, |p, f, who, _| {
            given(review::review(&p.app, who, f.submission_of_a))
        }),
        row("review::original_file", Rule::Staff, |p, f, who, _| {
            given(review::original_file(&p.app, who, f.submission_of_a))
        }),
        row("review::framework_quarters", Rule::Staff, |p, _, who, _| {
            given(review::framework_quarters(&p.app, who, FW))
        }),
        row("backoffice::audit_actions", Rule::Staff, |p, _, who, _| {
            given(backoffice::audit_actions(&p.app, who))
        }),
        row("backoffice::audit_count", Rule::Staff, |p, _, who, _| {
            given(backoffice::audit_count(
                &p.app,
                who,
                &AuditFilter::default(),
            ))
        }),
        row(
            "backoffice::publish_refusal",
            Rule::Staff,
            |p, f, who, _| given(backoffice::publish_refusal(&p.app, who, FW, f.q1, None)),
        ),
        row("accounts::list_users", Rule::Staff, |p, _, who, _| {
            given(accounts::list_users(&p.app, who))
        }),
        row("accounts::list_grants", Rule::Staff, |p, _, who, _| {
            given(accounts::list_grants(&p.app, who))
        }),
        // ---- staff: the back office's writes ----
        row("collection::decide", Rule::Staff, |p, f, who, _| {
            given(collection::decide(
                &p.app,
                who,
                f.submission_of_a,
                &Decision::Accept,
            ))
        }),
        row("publication::publish", Rule::Staff, |p, f, who, _| {
            given(publication::publish(
                &p.app,
                FW,
                f.q1,
                Some("matrice"),
                publication::Guard::Confirmed,
                who,
            ))
        }),
        row(
            "registry::import_institutions",
            Rule::Staff,
            |p, f, who, _| {
                given(registry::import_institutions(
                    &p.app,
                    &f.registry_csv,
                    "institutions.csv",
                    who,
                ))
            },
        ),
        row("registry::record_change", Rule::Staff, |p, f, who, _| {
            given(registry::record_change(
                &p.app,
                who,
                &f.a,
                None,
                &f.attributes_of_a,
            ))
        }),
        row("accounts::create_user", Rule::Staff, |p, f, who, i| {
            let username = format!("nouveau.{i}");
            given(accounts::create_user(
                &p.app,
                who,
                &NewAccount {
                    email: "",
                    lang: mizan_core::Lang::Fr,
                    username: &username,
                    display_name: &username,
                    role: Role::Member,
                    institution: Some(&f.a),
                    password: "un mot de passe assez long",
                },
            ))
        }),
        row("accounts::set_contact", Rule::Staff, |p, f, who, _| {
            given(accounts::set_contact(
                &p.app,
                who,
                f.target_user,
                "cible@sa01.example",
                mizan_core::Lang::En,
            ))
        }),
        row("mail::remind", Rule::Staff, |p, f, who, _| {
            given(mail::remind(&p.app, who, FW, f.q1, false))
        }),
        row("mail::remind_due", Rule::Staff, |p, _, who, _| {
            given(mail::remind_due(&p.app, who, false))
        }),
        row("mail::deliver", Rule::Staff, |p, _, who, _| {
            given(mail::deliver(&p.app, who, &crate::mail::TestWords))
        }),
        row("mail::outbox", Rule::Staff, |p, f, who, _| {
            given(mail::outbox(&p.app, who, Some(f.q1)))
        }),
        row("accounts::set_disabled", Rule::Staff, |p, f, who, _| {
            given(accounts::set_disabled(&p.app, who, f.target_user, false))
        }),
        row("accounts::reset_password", Rule::Staff, |p, f, who, _| {
            given(accounts::reset_password(
                &p.app,
                who,
                f.target_user,
                "un autre mot de passe long",
            ))
        }),
        row("accounts::grant", Rule::Staff, |p, f, who, _| {
            given(accounts::grant(&p.app, who, f.target_partner, FW, f.q1))
        }),
        row("accounts::revoke_grant", Rule::Staff, |p, f, who, _| {
            given(accounts::revoke_grant(&p.app, who, f.target_grant))
        }),
        row(
            "returns::import_returns any-institution",
            Rule::Staff,
            |p, f, who, _| {
                given(returns::import_returns(
                    &p.app,
                    f.returns_of_a.as_bytes(),
                    "returns.csv",
                    who,
                    &Scope::Any,
                ))
            },
        ),
        // ---- one institution's data: those who may act for it ----
        row("returns::import_returns", Rule::ActForA, |p, f, who, _| {
            given(returns::import_returns(
                &p.app,
                f.returns_of_a.as_bytes(),
                "returns.csv",
                who,
                &Scope::Institution(f.a.clone(), None),
            ))
        }),
        row("returns::submit_returns", Rule::ActForA, |p, f, who, _| {
            given(returns::submit_returns(
                &p.app,
                who,
                Some(&f.a),
                None,
                f.returns_of_a.as_bytes(),
                "returns.csv",
            ))
        }),
        row("form::open_form", Rule::ActForA, |p, f, who, _| {
            given(mizan_service::form::open_form(&p.app, who, &f.a, f.q1))
        }),
        row("form::save_draft", Rule::ActForA, |p, f, who, _| {
            given(mizan_service::form::save_draft(
                &p.app,
                who,
                &f.a,
                f.q1,
                &std::collections::BTreeMap::new(),
            ))
        }),
        row("form::send_form", Rule::ActForA, |p, f, who, _| {
            given(mizan_service::form::send_form(
                &p.app,
                who,
                &f.a,
                f.q1,
                &std::collections::BTreeMap::new(),
                mizan_core::number::DecimalMark::Comma,
            ))
        }),
        row("member::versions_of", Rule::ActForA, |p, f, who, _| {
            given(member::versions_of(&p.app, who, &f.a))
        }),
        row(
            "member::report",
            Rule::ActForA,
            |p, f, who, _| match member::report(&p.app, who, f.submission_of_a) {
                Err(ServiceError::NotFound(_)) => Ok(Answer::Refused),
                r => given(r),
            },
        ),
        row("member::own_indicators", Rule::ActForA, |p, f, who, _| {
            given(member::own_indicators(&p.app, who, FW, f.q1, &f.a))
        }),
        row("member::own_position", Rule::ActForA, |p, f, who, _| {
            given(member::own_position(&p.app, who, FW, f.q1, &f.a))
        }),
        row("member::history", Rule::ActForA, |p, f, who, _| {
            given(member::history(&p.app, who, &f.a))
        }),
        row("loans::import_loans", Rule::ActForA, |p, f, who, _| {
            given(loans::import_loans(
                &p.app,
                &f.a,
                f.q1,
                &f.tape[..],
                "tape.csv",
                who,
                &mut |_| {},
            ))
        }),
        row("loans::sample_tape", Rule::ActForA, |p, f, who, _| {
            given(loans::sample_tape(&p.app, who, &f.a, f.q1))
        }),
        row("loans::loan_tapes", Rule::ActForA, |p, f, who, _| {
            given(loans::loan_tapes(&p.app, who, &f.a, f.q1))
        }),
        row("loans::latest_tape", Rule::ActForA, |p, f, who, _| {
            given(loans::latest_tape(&p.app, who, &f.a, f.q1))
        }),
        row("loans::write_loans", Rule::ActForA, |p, f, who, _| {
            given(loans::write_loans(&p.app, who, &f.a, f.q1, &mut Vec::new()))
        }),
        row("loans::export_loans", Rule::ActForA, |p, f, who, _| {
            given(loans::export_loans(&p.app, who, &f.a, f.q1))
        }),
        row("loans::export_portfolio", Rule::ActForA, |p, f, who, _| {
            given(loans::export_portfolio(&p.app, who, &f.a, f.q1))
        }),
        row("loans::solvency_of", Rule::ActForA, |p, f, who, _| {
            given(loans::solvency_of(&p.app, who, &f.a, f.q1))
        }),
        row(
            "loans::imposed_classes_of",
            Rule::ActForA,
            |p, f, who, _| given(loans::imposed_classes_of(&p.app, who, &f.a, f.q1)),
        ),
        // Staff only (art. 21); A's framework classifies no loans: a refusal, nothing stored.
        row("loans::impose_class", Rule::Staff, |p, f, who, _| {
            given(loans::impose_class(
                &p.app,
                who,
                &f.a,
                f.q1,
                "L-1",
                2,
                "inspection sur place",
            ))
        }),
        // ---- a quarter's peer detail: reciprocity ----
        row("access::peer_detail", Rule::PeerDetail, |p, f, who, _| {
            Ok(match peer_detail(&p.app, Some(who), FW, f.q1)? {
                Ok(()) => Answer::Given,
                Err(_) => Answer::Refused,
            })
        }),
        row(
            "member::peer_indicators",
            Rule::PeerDetail,
            |p, f, who, _| {
                Ok(match member::peer_indicators(&p.app, who, FW, f.q1)? {
                    Ok(_) => Answer::Given,
                    Err(_) => Answer::Refused,
                })
            },
        ),
        // ---- the asker's own ----
        row("member::institutions", Rule::Own, |p, _, who, _| {
            given(member::institutions(&p.app, who))
        }),
        row("member::granted_periods", Rule::Own, |p, _, who, _| {
            given(member::granted_periods(&p.app, who))
        }),
    ]
}

/// Use cases anyone may run (published tables, the registry's names, blank templates).
const PUBLIC: &[&str] = &[
    "health::readiness",
    "health::pool_state",
    "member::periods",
    "member::institution",
    "member::reports_monthly",
    "member::published_table",
    "publication::published_quarters",
    "publication::load_public_table",
    "publication::series",
    "template::template",
];

/// The person's own session: decided by the password or the session's token.
const SESSION: &[&str] = &[
    "accounts::login",
    "accounts::session",
    "accounts::session_record",
    "accounts::logout",
    "accounts::change_password",
];

/// The operator's only: the binary calls them, the web never does.
const OPERATOR: &[&str] = &["demo::load"];

/// Everything a use case could write, as one comparable text.
fn footprint(p: &Platform, f: &Fixture) -> Result<String, Box<dyn std::error::Error>> {
    use mizan_storage::{accounts, audit, loan_tapes, publications, registry, submissions, users};
    let mut conn = p.app.conn()?;
    let audit = audit::list(
        &mut conn,
        &AuditFilter {
            limit: i64::MAX,
            ..AuditFilter::default()
        },
    )?
    .len();
    let users: Vec<(String, bool)> = users::list_users(&mut conn)?
        .into_iter()
        .map(|u| (u.username, u.disabled))
        .collect();
    let grants: Vec<(i64, bool)> = accounts::list_grants(&mut conn, None)?
        .into_iter()
        .map(|g| (g.id, g.revoked_at.is_some()))
        .collect();
    let publications = publications::list_publications(&mut conn)?.len();
    let submissions: Vec<(i64, String)> = submissions::submissions_for_period(&mut conn, f.q1)?
        .into_iter()
        .map(|s| (s.id, format!("{:?}", s.status)))
        .collect();
    let registry = registry::institution_history(&mut conn, &f.a)?.len();
    let tapes = loan_tapes::loan_tapes_for_period(&mut conn, f.q1)?.len();
    let outbox = mizan_storage::mail::recent(&mut conn, None, i64::MAX)?.len();
    Ok(format!(
        "audit {audit}; users {users:?}; grants {grants:?}; publications {publications}; \
         submissions {submissions:?}; registry {registry}; tapes {tapes}; outbox {outbox}"
    ))
}

fn account(
    p: &Platform,
    username: &str,
    role: Role,
    institution: Option<&InstitutionCode>,
) -> Result<(i64, Actor), Box<dyn std::error::Error>> {
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
            institution,
        },
        p.app.now(),
    )?;
    Ok((user.id, principal(&user).actor()))
}

/// Institution A's lines of the fixture's returns file.
pub fn returns_of(code: &str) -> Result<String, Box<dyn std::error::Error>> {
    let fixture = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
    let mut csv = String::from("institution,period,item,value\n");
    for line in fixture
        .lines()
        .filter(|l| l.starts_with(&format!("{code},")))
    {
        csv.push_str(line);
        csv.push('\n');
    }
    Ok(csv)
}

#[test]
fn every_use_case_decides_who_may_run_it_and_a_refusal_writes_nothing() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.set_time("2016-06-13 03:28")?;
        let operator = Actor::system();
        let q1 = Period::parse("2016-Q1")?;
        let a = InstitutionCode::parse("SA01")?;
        let b = InstitutionCode::parse("SA02")?;
        let submission_of_a = member::versions_of(&p.app, &operator, &a)?
            .first()
            .map(|s| s.id)
            .ok_or("no submission of A")?;
        collection::decide(&p.app, &operator, submission_of_a, &Decision::Accept)?;
        // One return of 21 accepted: staff publish it only by confirming, with a note.
        let publication = publication::publish(
            &p.app,
            FW,
            q1,
            Some("Publication de la matrice"),
            publication::Guard::Confirmed,
            &operator,
        )?
        .id;
        let (_, staff) = account(p, "chef", Role::Staff, None)?;
        let (_, member_of_a) = account(p, "agent.sa01", Role::Member, Some(&a))?;
        let (_, member_of_b) = account(p, "agent.sa02", Role::Member, Some(&b))?;
        let without_institution = Actor::web("sans.institution", 9001, Role::Member, None);
        let (granted_id, granted) = account(p, "bailleur", Role::Partner, None)?;
        accounts::grant(&p.app, &operator, granted_id, FW, q1)?;
        let (_, not_granted) = account(p, "curieux", Role::Partner, None)?;
        let (target_user, _) = account(p, "cible", Role::Member, Some(&a))?;
        let (target_partner, _) = account(p, "cible.partenaire", Role::Partner, None)?;
        accounts::grant(&p.app, &operator, target_partner, FW, q1)?;
        let target_grant = accounts::list_grants(&p.app, &operator)?
            .iter()
            .find(|g| g.user_id == target_partner)
            .map(|g| g.id)
            .ok_or("no grant")?;
        let attributes_of_a = backoffice::registry(&p.app, &operator, q1)?
            .into_iter()
            .find(|e| e.code == a)
            .and_then(|e| e.current)
            .ok_or("A is not in the registry")?;
        let f = Fixture {
            a,
            q1,
            submission_of_a,
            publication,
            target_user,
            target_partner,
            target_grant,
            attributes_of_a,
            registry_csv: data("apsfd-ci-2016q1/institutions.csv")?,
            returns_of_a: returns_of("SA01")?,
            tape: data("bam-mfi-examples/tape-2023q1.csv")?,
        };
        let people: [(Kind, &Actor); 7] = [
            (Kind::Operator, &operator),
            (Kind::Staff, &staff),
            (Kind::MemberOfA, &member_of_a),
            (Kind::MemberOfB, &member_of_b),
            (Kind::MemberWithoutInstitution, &without_institution),
            (Kind::PartnerWithGrant, &granted),
            (Kind::PartnerWithoutGrant, &not_granted),
        ];
        assert_eq!(people.map(|(k, _)| k), KINDS);

        let mut wrong = Vec::new();
        for (name, rule, run) in use_cases() {
            for (i, (kind, who)) in people.iter().enumerate() {
                let before = footprint(p, &f)?;
                let outcome = run(p, &f, who, i);
                let refused = matches!(
                    outcome,
                    Err(ServiceError::Forbidden(_)) | Ok(Answer::Refused)
                );
                match (rule.allows(*kind), refused, &outcome) {
                    (true, true, _) => wrong.push(format!("{name}: {kind:?} was refused")),
                    // Allowed: it answered, or found fault with the request, not the person.
                    (
                        true,
                        false,
                        Ok(_)
                        | Err(
                            ServiceError::Invalid(_)
                            | ServiceError::NotFound(_)
                            | ServiceError::Refused { .. },
                        ),
                    ) => {}
                    (true, false, Err(e)) => wrong.push(format!("{name}: {kind:?} failed: {e}")),
                    (false, false, _) => wrong.push(format!("{name}: {kind:?} was allowed")),
                    (false, true, _) => {
                        if footprint(p, &f)? != before {
                            wrong.push(format!("{name}: refusing {kind:?} wrote something"));
                        }
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));

        // The asker's own: a member's institutions are its own, a partner's periods its grants.
        let own = |who: &Actor| -> Result<Vec<String>, Box<dyn std::error::Error>> {
            Ok(member::institutions(&p.app, who)?
                .into_iter()
                .map(|(c, _)| c.to_string())
                .collect())
        };
        assert_eq!(own(&member_of_a)?, ["SA01"]);
        assert!(own(&granted)?.is_empty());
        assert!(own(&without_institution)?.is_empty());
        assert!(own(&staff)?.len() > 1);
        assert_eq!(
            member::granted_periods(&p.app, &granted)?,
            [(FW.to_owned(), q1)]
        );
        assert!(member::granted_periods(&p.app, &not_granted)?.is_empty());
        assert!(member::granted_periods(&p.app, &operator)?.is_empty());
        // Peer detail's refusal says why.
        assert_eq!(
            peer_detail(&p.app, Some(&member_of_b), FW, q1)?,
            Err(Refusal::AwaitingReview)
        );
        assert_eq!(
            peer_detail(&p.app, Some(&not_granted), FW, q1)?,
            Err(Refusal::NotGranted)
        );
        Ok(())
    })
}

/// Every top-level `pub fn` of the service's sources that takes the `&App`, as
/// `(module::name, takes an &Actor)`.
fn service_use_cases() -> Result<Vec<(String, bool)>, Box<dyn std::error::Error>> {
    let dir = root().join("crates/service/src");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for path in files {
        let module = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("file name")?
            .to_owned();
        let text = std::fs::read_to_string(&path)?;
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(rest) = line.strip_prefix("pub fn ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // The signature: up to the line that opens the body.
            let mut signature = String::new();
            for l in &lines[i..] {
                signature.push_str(l);
                if l.trim_end().ends_with('{') {
                    break;
                }
            }
            if signature.contains("&App") {
                out.push((format!("{module}::{name}"), signature.contains("&Actor")));
            }
        }
    }
    Ok(out)
}

#[test]
fn every_use_case_is_in_the_matrix_or_said_public() -> TestResult {
    let found = service_use_cases()?;
    assert!(
        found.len() > 40,
        "the scan of the sources found too little: {found:?}"
    );
    let rows = use_cases();
    let in_matrix: BTreeSet<&str> = rows
        .iter()
        .map(|(name, _, _)| name.split(' ').next().unwrap_or(name))
        .collect();
    let mut problems = Vec::new();
    for (name, takes_actor) in &found {
        let lists = [
            in_matrix.contains(name.as_str()),
            PUBLIC.contains(&name.as_str()),
            SESSION.contains(&name.as_str()),
            OPERATOR.contains(&name.as_str()),
        ];
        match lists.iter().filter(|l| **l).count() {
            0 => problems.push(format!(
                "{name} is in no list: add it to the matrix (with its rule), or say it is public"
            )),
            1 => {}
            _ => problems.push(format!("{name} is in more than one list")),
        }
        if *takes_actor && !lists[0] {
            problems.push(format!("{name} takes the actor: it belongs in the matrix"));
        }
    }
    let names: BTreeSet<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    for listed in in_matrix
        .iter()
        .chain(PUBLIC)
        .chain(SESSION)
        .chain(OPERATOR)
    {
        if !names.contains(listed) {
            problems.push(format!(
                "{listed} is listed but is no use case of the service"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
