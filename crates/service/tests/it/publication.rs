use mizan_core::Period;
use mizan_ratios::Method;
use mizan_service::Actor;
use mizan_service::export::public_csv;
use mizan_service::publication::{
    Withheld, load_public_table, publish, published_quarters, staff_publication,
};
use mizan_service::returns::{Scope, import_returns};

use crate::{TestResult, on_each_backend};

#[test]
fn publishing_freezes_a_protected_public_table_and_keeps_the_full_one_for_staff() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let period = Period::parse("2016-Q1")?;
        let rec = publish(&p.app, "apsfd-ci", period, None, &Actor::system())?;
        assert_eq!(rec.revision, 1);
        let public = load_public_table(&p.app, rec.id)?;
        // Disclosure control withholds 26 figures of the 855 (no median: each cell has n ≥ 9).
        assert_eq!(public.suppressed_cells, 26);
        let staff = fin_staff_productivity(&public)?;
        assert!(staff.suppressed && staff.value.is_none());
        assert_eq!(staff.withheld, Some(Withheld::Dominance));
        // The staff table keeps every figure, with the reasons.
        let (table, decisions) = staff_publication(&p.app, rec.id)?;
        assert!(
            table
                .cell("fin.staff_productivity", "sa")
                .and_then(|c| c.value)
                .is_some()
        );
        let reasons = decisions
            .cell("fin.staff_productivity", "sa", Method::Published)
            .map(|d| {
                d.reasons
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        assert!(reasons.iter().any(|r| r.contains("96.32")), "{reasons:?}");
        // The public CSV has the flag and an empty value.
        let csv = String::from_utf8(public_csv(&public, Method::Published))?;
        assert!(
            csv.contains("2016-Q1,fin.staff_productivity,sa,,10,,true"),
            "{csv}"
        );
        assert!(
            csv.lines()
                .next()
                .is_some_and(|h| h.ends_with(",suppressed"))
        );
        // Footnote data: who reported, in order of reception.
        assert_eq!(
            (public.groups[0].received, public.groups[0].expected),
            (10, 11)
        );
        assert_eq!(public.groups[2].reporting.len(), 21);
        Ok(())
    })
}

fn fin_staff_productivity(
    t: &mizan_service::publication::PublicTable,
) -> Result<mizan_service::publication::PublicFigure, Box<dyn std::error::Error>> {
    Ok(t.row("fin.staff_productivity")
        .and_then(|r| r.cells.iter().find(|c| c.group == "sa"))
        .ok_or("no cell")?
        .published)
}

#[test]
fn a_late_return_makes_a_new_revision_and_the_first_stays_readable() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let period = Period::parse("2016-Q1")?;
        let first = publish(&p.app, "apsfd-ci", period, None, &Actor::system())?;
        // Republishing from the same returns is refused, and so is a revision without a note.
        assert!(publish(&p.app, "apsfd-ci", period, None, &Actor::system()).is_err());
        let late = "institution,period,item,value\nSA03,2016-Q1,loans.outstanding,5000000\nSA03,2016-Q1,loans.par30,100000\n";
        p.set_time("2016-06-01 10:00")?;
        let rep = import_returns(
            &p.app,
            late.as_bytes(),
            "sa03.csv",
            &Actor::system(),
            &Scope::Any,
        )?;
        assert_eq!(rep.stored().count(), 1);
        assert!(publish(&p.app, "apsfd-ci", period, None, &Actor::system()).is_err());
        let second = publish(
            &p.app,
            "apsfd-ci",
            period,
            Some("Retour tardif de SA03"),
            &Actor::system(),
        )?;
        assert_eq!(second.revision, 2);
        let list = published_quarters(&p.app, "apsfd-ci")?;
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].latest.id, second.id);
        assert_eq!(list[0].revisions.len(), 2);
        let old = load_public_table(&p.app, first.id)?;
        let new = load_public_table(&p.app, second.id)?;
        assert_eq!(new.note.as_deref(), Some("Retour tardif de SA03"));
        assert_eq!(old.groups[0].received, 10);
        assert_eq!(new.groups[0].received, 11);
        // The difference between revisions is due to one institution: its effect is withheld.
        let par30 = new
            .row("fin.par30")
            .and_then(|r| r.cells.iter().find(|c| c.group == "sa"))
            .ok_or("cell")?;
        assert!(par30.published.suppressed, "{par30:?}");
        // What was withheld before stays withheld.
        assert!(fin_staff_productivity(&new)?.suppressed);
        assert!(new.suppressed_cells > old.suppressed_cells);
        Ok(())
    })
}
