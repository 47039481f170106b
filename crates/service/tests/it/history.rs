//! A member's own history: each quarter's indicators from the return that counts, gaps where
//! no return counts, and the peer group's median only for the quarters whose peer detail is
//! open to the asker (reciprocity).

use mizan_core::{Code, Decimal, InstitutionCode, Period};
use mizan_service::Actor;
use mizan_service::ServiceError;
use mizan_service::access::Refusal;
use mizan_service::collection::{Decision, decide};
use mizan_service::member::{History, history, own_position};
use mizan_service::returns::{Scope, import_returns};
use mizan_storage::users::{NewUser, Role, insert_user};

use crate::{Platform, TestResult, data, on_each_backend, principal};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn member_of(p: &Platform, username: &str, institution: &str) -> Res<Actor> {
    let code = InstitutionCode::parse(institution)?;
    let mut conn = p.app.conn()?;
    let user = insert_user(
        &mut conn,
        &NewUser {
            email: None,
            lang: mizan_core::Lang::Fr,
            username,
            display_name: username,
            password_hash: "not used here",
            role: Role::Member,
            institution: Some(&code),
        },
        p.app.now(),
    )?;
    Ok(principal(&user).actor())
}

/// MU03's 2016-Q1 fixture lines as its 2016-Q3 return, PAR 30 at a fifth of its portfolio.
fn mu03_q3(p: &Platform) -> Res<i64> {
    let fixture = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
    let mut csv = String::from("institution,period,item,value\n");
    for line in fixture.lines().filter(|l| l.starts_with("MU03,")) {
        let line = line.replace(",2016-Q1,", ",2016-Q3,");
        if line.contains(",loans.par30,") {
            // 189,085,843 outstanding: PAR 30 at exactly 20 %.
            csv.push_str("MU03,2016-Q3,loans.par30,37817168.6\n");
        } else {
            csv.push_str(&line);
            csv.push('\n');
        }
    }
    let rep = import_returns(
        &p.app,
        csv.as_bytes(),
        "mu03-q3.csv",
        &Actor::system(),
        &Scope::Any,
    )?;
    Ok(rep.stored().next().ok_or("not stored")?.id)
}

fn par30() -> Res<Code> {
    Ok(Code::parse("fin.par30")?)
}

/// The quarters of a history with MU03's PAR 30 in each (`None`: a gap).
fn par30_by_quarter(h: &History) -> Res<Vec<(String, Option<Decimal>)>> {
    let code = par30()?;
    Ok(h.quarters
        .iter()
        .map(|q| {
            let v = q.own.as_ref().and_then(|o| {
                o.indicators
                    .iter()
                    .find(|i| i.indicator == code)
                    .and_then(|i| i.value())
            });
            (q.period.to_string(), v)
        })
        .collect())
}

#[test]
fn a_members_history_has_its_figures_gaps_and_medians_only_where_open() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.set_time("2016-10-20 09:00")?;
        let q3_return = mu03_q3(p)?;
        let member = member_of(p, "m-mu03", "MU03")?;
        let other = member_of(p, "m-mu01", "MU01")?;
        let mu03 = InstitutionCode::parse("MU03")?;

        let h = history(&p.app, &member, &mu03)?;
        assert_eq!(h.framework, "apsfd-ci");
        assert_eq!(h.name, "Mutuelle des Maraîchers de Korhogo");
        let figures = par30_by_quarter(&h)?;
        let periods: Vec<&str> = figures.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(periods, ["2016-Q1", "2016-Q2", "2016-Q3"]);
        // 46,937,284 ÷ 189,085,843 × 100 = 24.8232… %; Q2 has no return; Q3 exactly 20 %.
        let q1 = figures[0].1.ok_or("no Q1 value")?;
        assert!(
            q1 > Decimal::new(248232, 4) && q1 < Decimal::new(248233, 4),
            "{q1}"
        );
        assert_eq!(figures[1].1, None);
        assert_eq!(figures[2].1, Some(Decimal::from(20)));
        // Its norm and compliance come with each value: PAR 30 < 5 fails.
        let q3 = h.quarters[2].own.as_ref().ok_or("no Q3")?;
        let v = q3
            .indicators
            .iter()
            .find(|i| i.indicator.as_str() == "fin.par30")
            .ok_or("no PAR 30")?;
        assert_eq!(
            v.norm.as_ref().map(ToString::to_string).as_deref(),
            Some("< 5")
        );
        assert!(!v.meets_norm());
        // Nothing accepted yet: no median anywhere, each with its reason.
        assert_eq!(h.quarters[0].medians, Err(Refusal::AwaitingReview));
        assert_eq!(h.quarters[1].medians, Err(Refusal::NotReported));
        assert_eq!(h.quarters[2].medians, Err(Refusal::AwaitingReview));

        // Staff accept its Q1 return: the Q1 median opens, Q3 stays closed.
        let q1_return = h.quarters[0].own.as_ref().ok_or("no Q1")?.submission.id;
        decide(&p.app, &Actor::system(), q1_return, &Decision::Accept)?;
        let h = history(&p.app, &member, &mu03)?;
        let medians = h.quarters[0]
            .medians
            .as_ref()
            .map_err(|e| format!("{e:?}"))?;
        let group = h.quarters[0].own.as_ref().and_then(|o| o.group.clone());
        assert_eq!(group.as_deref(), Some("mutual"));
        let q1 = Period::parse("2016-Q1")?;
        let expected = own_position(&p.app, &Actor::system(), "apsfd-ci", q1, &mu03)?
            .peers
            .map_err(|e| format!("{e:?}"))?
            .cell("fin.par30", "mutual")
            .and_then(|c| c.distribution)
            .map(|d| d.median)
            .ok_or("no median")?;
        assert_eq!(medians.get(&par30()?), Some(&expected));
        assert_eq!(h.quarters[2].medians, Err(Refusal::AwaitingReview));

        // A rejected return no longer counts: Q3 becomes a gap.
        decide(
            &p.app,
            &Actor::system(),
            q3_return,
            &Decision::Reject("PAR 30 à revoir".into()),
        )?;
        let h = history(&p.app, &member, &mu03)?;
        assert_eq!(par30_by_quarter(&h)?[2].1, None);
        assert!(matches!(h.quarters[2].medians, Err(Refusal::Rejected(_))));

        // Staff see every quarter's median; another institution's member nothing.
        let h = history(&p.app, &Actor::system(), &mu03)?;
        assert!(h.quarters.iter().all(|q| q.medians.is_ok()));
        assert!(matches!(
            history(&p.app, &other, &mu03),
            Err(ServiceError::Forbidden(_))
        ));
        Ok(())
    })
}
