//! Staff's review of a version with the figures: the previous quarter, the peer median, the
//! decisions on every version, the original file, the quarters of the picker.

use std::str::FromStr;

use mizan_core::{Code, Decimal, Period};
use mizan_service::Actor;
use mizan_service::collection::{Decision, decide};
use mizan_service::returns::{Scope, import_returns};
use mizan_service::review::{framework_quarters, original_file, review};
use mizan_storage::submissions::{SubmissionRecord, SubmissionStatus};

use crate::{Platform, TestResult, on_each_backend};

/// The second quarter: SA01 (reviewed), three of its peers, and an institution of another
/// group whose figure must not count.
const Q2: &str = "institution,period,item,value
SA01,2016-Q2,loans.outstanding,1900000000
SA01,2016-Q2,equity,370000000
SA02,2016-Q2,loans.outstanding,10
SA04,2016-Q2,loans.outstanding,30
SA05,2016-Q2,loans.outstanding,20
SA05,2016-Q2,equity,7
MU01,2016-Q2,loans.outstanding,999999
";

fn stored(
    p: &Platform,
    file: &[u8],
    name: &str,
) -> Result<Vec<SubmissionRecord>, Box<dyn std::error::Error>> {
    let rep = import_returns(&p.app, file, name, &Actor::system(), &Scope::Any)?;
    assert!(!rep.has_refusals(), "{rep:?}");
    Ok(rep.stored().cloned().collect())
}

fn of<'a>(subs: &'a [SubmissionRecord], code: &str) -> Result<&'a SubmissionRecord, String> {
    subs.iter()
        .find(|s| s.institution.as_str() == code)
        .ok_or_else(|| format!("no return of {code}"))
}

fn d(s: &str) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str(s)
}

#[test]
fn the_review_shows_the_previous_quarter_and_the_peer_median() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.set_time("2016-07-20 09:00")?;
        let q2 = stored(p, Q2.as_bytes(), "q2.csv")?;
        let sa01 = of(&q2, "SA01")?;
        let staff = Actor::system();
        let r = review(&p.app, &staff, sa01.id)?;
        assert_eq!(r.name, "Sassandra Finance SA");
        assert_eq!(r.peer_group.as_deref(), Some("sa"));
        let outstanding = Code::parse("loans.outstanding")?;
        let equity = Code::parse("equity")?;
        assert_eq!(r.values.get(&outstanding), Some(&d("1900000000")?));
        // The previous quarter: SA01's 2016-Q1 return (tests/data), not yet reviewed.
        let prev = r.previous.as_ref().ok_or("no previous quarter")?;
        assert_eq!(prev.submission.period, Period::parse("2016-Q1")?);
        assert_eq!(prev.submission.status, SubmissionStatus::Received);
        assert_eq!(prev.values.get(&outstanding), Some(&d("1889907598")?));
        assert_eq!(prev.values.get(&equity), Some(&d("364168461")?));
        // The median of the other institutions of the group (10, 20, 30), MU01 left out.
        assert_eq!(r.peers, 3);
        let m = r.peer_medians.get(&outstanding).ok_or("no median")?;
        assert_eq!((m.median, m.n), (d("20")?, 3));
        let m = r.peer_medians.get(&equity).ok_or("no median of equity")?;
        assert_eq!((m.median, m.n), (d("7")?, 1));
        assert!(r.file_kept);
        assert!(r.history.is_empty());

        // A rejected return no longer counts: the median of (10, 20) is their mean.
        decide(
            &p.app,
            &staff,
            of(&q2, "SA04")?.id,
            &Decision::Reject("faux".into()),
        )?;
        let r = review(&p.app, &staff, sa01.id)?;
        let m = r.peer_medians.get(&outstanding).ok_or("no median")?;
        assert_eq!((m.median, m.n), (d("15")?, 2));
        assert_eq!(r.peers, 2);
        Ok(())
    })
}

#[test]
fn the_history_lists_every_decision_on_every_version() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.set_time("2016-07-20 09:00")?;
        let staff = Actor::system();
        let v1 = of(&stored(p, Q2.as_bytes(), "q2.csv")?, "SA01")?.clone();
        decide(
            &p.app,
            &staff,
            v1.id,
            &Decision::Reject("encours faux".into()),
        )?;
        p.set_time("2016-07-21 09:00")?;
        let fixed = "institution,period,item,value\nSA01,2016-Q2,loans.outstanding,1910000000\n";
        let v2 = of(&stored(p, fixed.as_bytes(), "q2-bis.csv")?, "SA01")?.clone();
        assert_eq!(v2.version, 2);
        p.set_time("2016-07-22 09:00")?;
        decide(&p.app, &staff, v2.id, &Decision::Accept)?;
        // The same history from either version.
        for id in [v1.id, v2.id] {
            let r = review(&p.app, &staff, id)?;
            assert_eq!(r.versions.len(), 2);
            let history: Vec<_> = r
                .history
                .iter()
                .map(|h| (h.version, h.decision.status, h.decision.comment.as_deref()))
                .collect();
            assert_eq!(
                history,
                [
                    (1, SubmissionStatus::Rejected, Some("encours faux")),
                    (2, SubmissionStatus::Accepted, None),
                ]
            );
        }
        // Each version keeps its own file, byte for byte.
        let (sub, bytes) = original_file(&p.app, &staff, v2.id)?.ok_or("no file")?;
        assert_eq!(
            (sub.source_name.as_str(), bytes.as_slice()),
            ("q2-bis.csv", fixed.as_bytes())
        );
        let (_, bytes) = original_file(&p.app, &staff, v1.id)?.ok_or("no file")?;
        assert_eq!(bytes, Q2.as_bytes());
        Ok(())
    })
}

#[test]
fn the_picker_has_every_quarter_from_the_first_to_the_last_ended() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.set_time("2017-02-10 09:00")?;
        let quarters: Vec<String> = framework_quarters(&p.app, &Actor::system(), "apsfd-ci")?
            .iter()
            .map(ToString::to_string)
            .collect();
        // Returns only for 2016-Q1; the last quarter ended is 2016-Q4.
        assert_eq!(quarters, ["2016-Q4", "2016-Q3", "2016-Q2", "2016-Q1"]);
        Ok(())
    })
}
