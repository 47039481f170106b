use mizan_core::Period;
use mizan_service::collection::collection;

use crate::{TestResult, data, on_each_backend};

#[test]
fn received_and_expected_per_peer_group_as_in_the_seed() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let c = collection(
            &p.app,
            &mizan_service::Actor::system(),
            "apsfd-ci",
            Period::parse("2016-Q1")?,
        )?;
        let counts: Vec<(&str, usize, usize)> = c
            .groups
            .iter()
            .map(|g| (g.code.as_str(), g.received(), g.expected()))
            .collect();
        assert_eq!(counts, [("sa", 10, 11), ("mutual", 11, 22)]);
        // 30 working days after 31 March 2016 in Côte d'Ivoire: Easter Monday (28 March) is
        // before; Labour Day falls on a Sunday; Ascension (5 May) is a holiday.
        assert_eq!(c.deadline.to_string(), "2016-05-13");
        // Received in file order (one import), before the deadline: nobody late but the missing.
        let sa = &c.groups[0];
        assert_eq!(sa.institutions[0].code.as_str(), "SA01");
        assert_eq!(
            sa.institutions.last().map(|i| i.code.as_str()),
            Some("SA03")
        );
        assert!(sa.institutions.iter().all(|i| !i.late.is_late()));
        Ok(())
    })
}

#[test]
fn lateness_is_counted_in_working_days() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.set_time("2016-05-20 12:00")?;
        let c = collection(
            &p.app,
            &mizan_service::Actor::system(),
            "apsfd-ci",
            Period::parse("2016-Q1")?,
        )?;
        let sa03 = c.groups[0]
            .institutions
            .iter()
            .find(|i| i.code.as_str() == "SA03")
            .ok_or("SA03")?;
        // 16, 17 (Whit Monday is 16 May 2016: a holiday), 18, 19, 20 May → 4 working days.
        assert!(!sa03.received());
        assert_eq!(sa03.late.days, 4);
        assert!(sa03.late.working_days);
        Ok(())
    })
}

/// Where the deadline is in calendar days (`bceao-sfd`: 30 days after the period's end), so is
/// the lateness: weekends and holidays count.
#[test]
fn lateness_is_counted_in_calendar_days_where_the_deadline_is() -> TestResult {
    on_each_backend(|p| {
        // 2025-Q4 ends on 31 December: the deadline is Friday 30 January 2026. On Monday
        // 9 February a missing return is 10 days late (6 working days).
        p.set_time("2026-02-09 12:00")?;
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            &data("bceao-sfd/institutions.csv")?,
            "institutions.csv",
            &mizan_service::Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        let c = collection(
            &p.app,
            &mizan_service::Actor::system(),
            "bceao-sfd",
            Period::parse("2025-Q4")?,
        )?;
        assert_eq!(c.deadline.to_string(), "2026-01-30");
        let all: Vec<_> = c.groups.iter().flat_map(|g| &g.institutions).collect();
        assert!(!all.is_empty());
        for i in all {
            assert!(!i.received());
            assert_eq!(i.late.days, 10, "{}", i.code.as_str());
            assert!(!i.late.working_days);
        }
        Ok(())
    })
}
