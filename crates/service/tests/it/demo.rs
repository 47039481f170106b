use mizan_core::Period;
use mizan_service::access::{Refusal, peer_detail};
use mizan_service::accounts::{list_users, login};
use mizan_service::collection::collection;
use mizan_service::demo::{DEMO_PASSWORD, QUARTER_COUNT, load, quarters};
use mizan_service::publication::published_quarters;
use mizan_storage::users::Role;

use crate::{TestResult, on_each_backend, principal};

/// Whether an account may see the peer detail of a quarter (or why not).
type Standing = Result<Result<(), Refusal>, Box<dyn std::error::Error>>;

#[test]
fn the_demo_dataset_loads_through_the_real_use_cases() -> TestResult {
    on_each_backend(|p| {
        // The demo's history ends today: on 1 March 2026, its last quarter is 2025-Q4, being
        // collected (past its deadline, reviewed, not published), after seven quarters published.
        p.set_time("2026-03-01 09:00")?;
        let summary = load(&p.app)?;
        // 25 under the association's framework, 2 under Bank Al-Maghrib's, 2 under the BCEAO's
        // (one of them an art. 44 SFD reporting monthly).
        assert_eq!(summary.institutions, 29);
        assert_eq!(summary.tapes, 6);
        assert_eq!(summary.quarters.len(), QUARTER_COUNT - 1);
        assert_eq!(summary.refused, 1);
        assert_eq!(summary.publications, 8);
        let published = published_quarters(&p.app, "apsfd-ci")?;
        assert_eq!(published.len(), 7);
        assert!(
            published
                .iter()
                .all(|q| q.latest.period.to_string() != "2025-Q4")
        );
        let revised: Vec<_> = published.iter().filter(|q| q.revisions.len() > 1).collect();
        assert_eq!(revised.len(), 1);
        assert_eq!(revised[0].latest.period.to_string(), "2025-Q3");
        // The example (`bulletin.csv?method=median`, row `fin.par180,sa`): every
        // public figure of every published quarter, under every method, at published
        // precision — at most two decimals, none for counts and amounts.
        for q in &published {
            let table = mizan_service::publication::load_public_table(&p.app, q.latest.id)?;
            for m in mizan_ratios::Method::ALL {
                let csv = String::from_utf8(mizan_service::export::public_csv(&table, m)?)?;
                for line in csv.lines().skip(1) {
                    let value = line.split(',').nth(3).unwrap_or_default();
                    let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
                    assert!(decimals <= 2, "{} {m}: {line}", q.latest.period);
                }
            }
        }
        // Some returns are late, some missing; the converted mutual is an SA from 2025-Q1.
        let c = collection(
            &p.app,
            &mizan_service::Actor::system(),
            "apsfd-ci",
            Period::parse("2024-Q3")?,
        )?;
        let late = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|i| i.late.is_late())
            .count();
        let missing = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|i| !i.received())
            .count();
        assert!(late > 0 && missing > 0, "late {late}, missing {missing}");
        let sa_2025 = collection(
            &p.app,
            &mizan_service::Actor::system(),
            "apsfd-ci",
            Period::parse("2025-Q1")?,
        )?;
        assert!(
            sa_2025.groups[0]
                .institutions
                .iter()
                .any(|i| i.code.as_str() == "DMU14")
        );
        // The last quarter's collection is under way: five institutions have sent nothing and
        // are late; the one member account among them was reminded at each step of the
        // schedule (5 and 1 days before the deadline, 1 and 7 after), and the members were told
        // of each decision; nothing is sent (no mail server in the tests): it waits.
        let q4 = Period::parse("2025-Q4")?;
        let c = collection(&p.app, &mizan_service::Actor::system(), "apsfd-ci", q4)?;
        let missing: Vec<&str> = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|i| !i.received() && !i.rejected())
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(missing.len(), 5, "{missing:?}");
        assert!(c.today > c.deadline);
        let outbox =
            mizan_service::mail::outbox(&p.app, &mizan_service::Actor::system(), Some(q4))?;
        let reminders: Vec<_> = outbox.iter().filter(|m| m.kind == "reminder").collect();
        assert_eq!(reminders.len(), 4, "{outbox:?}");
        assert!(
            reminders
                .iter()
                .all(|m| m.recipient == "contact@dmu11.example")
        );
        assert!(
            outbox
                .iter()
                .any(|m| m.kind == "decision.rejected" && m.recipient == "contact@dsa08.example")
        );
        // Staff reviewed every return but two of the last quarter: one rejected, one waiting.
        assert_eq!(summary.reviewed, (summary.submissions - 2, 1));
        // The demo accounts, and where each stands for the peer detail.
        let names: Vec<&str> = summary
            .accounts
            .iter()
            .map(|a| a.username.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "staff",
                "partner",
                "member.dsa01",
                "member.dsa08",
                "member.dmu02",
                "member.dmu11",
                "member.mas01",
                "member.bf01",
            ]
        );
        let users = list_users(&p.app, &mizan_service::Actor::system())?;
        assert_eq!(users.len(), summary.accounts.len());
        let who = |name: &str| {
            users
                .iter()
                .find(|u| u.username == name)
                .map(principal)
                .ok_or_else(|| format!("no demo account {name}"))
        };
        let q3 = Period::parse("2025-Q3")?;
        let detail = |name: &str, period: Period| -> Standing {
            Ok(peer_detail(
                &p.app,
                Some(&who(name)?.actor()),
                "apsfd-ci",
                period,
            )?)
        };
        assert_eq!(who("staff")?.role, Role::Staff);
        assert_eq!(detail("staff", q4)?, Ok(()));
        assert_eq!(
            who("member.dsa01")?.institution.map(|c| c.to_string()),
            Some("DSA01".into())
        );
        assert_eq!(detail("member.dsa01", q4)?, Ok(()));
        assert_eq!(detail("member.dsa01", q3)?, Ok(()));
        match detail("member.dsa08", q4)? {
            Err(Refusal::Rejected(Some(comment))) => {
                assert!(comment.contains("dépôts"), "{comment}");
            }
            other => return Err(format!("member.dsa08: {other:?}").into()),
        }
        assert_eq!(detail("member.dsa08", q3)?, Ok(()));
        assert_eq!(detail("member.dmu02", q4)?, Err(Refusal::AwaitingReview));
        assert_eq!(detail("member.dmu11", q4)?, Err(Refusal::NotReported));
        assert_eq!(detail("member.dmu11", q3)?, Ok(()));
        assert_eq!(who("partner")?.role, Role::Partner);
        assert_eq!(detail("partner", q3)?, Ok(()));
        let all = quarters(chrono::NaiveDate::from_ymd_opt(2026, 1, 20).ok_or("date")?);
        assert_eq!(
            all.first().map(ToString::to_string).as_deref(),
            Some("2024-Q1")
        );
        for q in all.iter().filter(|q| **q != q3) {
            assert_eq!(detail("partner", *q)?, Err(Refusal::NotGranted), "{q}");
        }
        // The Bank Al-Maghrib association: a tape per quarter, the second classified against
        // the first, each feeding an accepted return version.
        let mas01 = mizan_core::InstitutionCode::parse("MAS01")?;
        let tapes =
            mizan_service::loans::loan_tapes(&p.app, &mizan_service::Actor::system(), &mas01, q4)?;
        assert_eq!(tapes.len(), 1);
        let versions =
            mizan_service::member::versions_of(&p.app, &mizan_service::Actor::system(), &mas01)?;
        assert_eq!(
            mizan_service::access::standing(
                versions
                    .iter()
                    .filter(|v| v.period == q4 && v.framework == "bam-mfi")
            ),
            Ok(())
        );
        // The BCEAO zone's mutual: its tape classified under the RCSFD (in calendar months,
        // whole francs), feeding an accepted return version of bceao-sfd with no warning.
        let bf01 = mizan_core::InstitutionCode::parse("BF01")?;
        let tapes =
            mizan_service::loans::loan_tapes(&p.app, &mizan_service::Actor::system(), &bf01, q4)?;
        assert_eq!(tapes.len(), 1);
        assert_eq!(
            (tapes[0].framework.as_str(), tapes[0].licence.as_str()),
            ("bceao-sfd", "sfd")
        );
        let versions =
            mizan_service::member::versions_of(&p.app, &mizan_service::Actor::system(), &bf01)?;
        let q4_versions: Vec<_> = versions.iter().filter(|v| v.period == q4).collect();
        assert!(q4_versions.iter().all(|v| v.framework == "bceao-sfd"));
        assert_eq!(
            mizan_service::access::standing(q4_versions.iter().copied()),
            Ok(())
        );
        // Its statements and its tape in one return: the postes it sent (1,160 million francs ×
        // 1.07 in the last quarter) and the portfolio the tape fed.
        let latest = q4_versions
            .iter()
            .max_by_key(|v| v.version)
            .ok_or("no BF01 return")?;
        assert_eq!(latest.version, 2, "the statements, then the tape's version");
        let mut conn = p.app.conn()?;
        let values = mizan_storage::submissions::submission_values(&mut conn, latest.id)?;
        let get = |c: &str| -> Result<Option<mizan_core::Decimal>, Box<dyn std::error::Error>> {
            Ok(values.get(&mizan_core::Code::parse(c)?).copied())
        };
        assert_eq!(
            get("bilan.e90")?,
            Some(mizan_core::Decimal::from(1_241_200_000_i64))
        );
        assert_eq!(get("bilan.l90")?, get("bilan.e90")?);
        assert_eq!(get("loans.count")?, Some(mizan_core::Decimal::from(2_500)));
        // The art. 44 network reports months: the six of the last two quarters whose day has
        // come (1 March 2026: December's was due on 12 January), each accepted; the collection
        // of its quarter-end month expects it alone and has it.
        let sn01 = mizan_core::InstitutionCode::parse("SN01")?;
        let months: Vec<String> =
            mizan_service::member::versions_of(&p.app, &mizan_service::Actor::system(), &sn01)?
                .iter()
                .map(|v| v.period.to_string())
                .collect();
        let mut sorted = months.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "2025-M07", "2025-M08", "2025-M09", "2025-M10", "2025-M11", "2025-M12"
            ]
        );
        let december = collection(
            &p.app,
            &mizan_service::Actor::system(),
            "bceao-sfd",
            Period::parse("2025-M12")?,
        )?;
        assert_eq!(december.totals(), (1, 1));
        // The demo password opens the accounts.
        let signed = login(&p.app, "member.dsa08", DEMO_PASSWORD, "127.0.0.1")?
            .map_err(|f| format!("member.dsa08: {f:?}"))?;
        assert_eq!(signed.session.principal.username, "member.dsa08");
        // Loading twice is refused.
        assert!(load(&p.app).is_err());
        Ok(())
    })
}
