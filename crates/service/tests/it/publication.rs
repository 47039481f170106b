use mizan_core::Decimal;
use mizan_core::Period;
use mizan_ratios::Method;
use mizan_service::Actor;
use mizan_service::collection::{Decision, collection, decide};
use mizan_service::export::public_csv;
use mizan_service::publication::{
    Guard, PublicTable, Withheld, load_public_table, preview, publish, published_quarters,
    staff_publication, staff_view,
};
use mizan_service::returns::{Scope, import_returns};
use mizan_service::{Refusal, ServiceError};

use crate::{TestResult, on_each_backend};

#[test]
fn publishing_freezes_a_protected_public_table_and_keeps_the_full_one_for_staff() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let rec = publish(
            &p.app,
            "apsfd-ci",
            period,
            None,
            Guard::Check,
            &Actor::system(),
        )?;
        assert_eq!(rec.revision, 1);
        let public = load_public_table(&p.app, rec.id)?;
        // Disclosure control withholds 39 figures of the 855: 26 under the published and
        // pooled methods, and the medians of the 13 cells failing a primary rule (a cell at
        // risk is withheld under every method).
        assert_eq!(public.suppressed_cells, 39);
        let staff_median = public
            .row("fin.staff_productivity")
            .and_then(|r| r.cells.iter().find(|c| c.group == "sa"))
            .ok_or("no cell")?
            .median;
        assert!(staff_median.suppressed && staff_median.value.is_none());
        let staff = fin_staff_productivity(&public)?;
        assert!(staff.suppressed && staff.value.is_none());
        assert_eq!(staff.withheld, Some(Withheld::Dominance));
        // The staff table keeps every figure, with the reasons.
        let (table, decisions) = staff_publication(&p.app, &Actor::system(), rec.id)?;
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
        let csv = String::from_utf8(public_csv(&public, Method::Published)?)?;
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
    t: &PublicTable,
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
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let first = publish(
            &p.app,
            "apsfd-ci",
            period,
            None,
            Guard::Check,
            &Actor::system(),
        )?;
        // Republishing from the same returns is refused, and so is a revision without a note.
        assert!(
            publish(
                &p.app,
                "apsfd-ci",
                period,
                None,
                Guard::Check,
                &Actor::system()
            )
            .is_err()
        );
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
        // Not yet reviewed: the publication would take the same returns.
        assert!(
            publish(
                &p.app,
                "apsfd-ci",
                period,
                Some("Retour tardif de SA03"),
                Guard::Check,
                &Actor::system()
            )
            .is_err()
        );
        p.accept_all("2016-Q1")?;
        assert!(
            publish(
                &p.app,
                "apsfd-ci",
                period,
                None,
                Guard::Check,
                &Actor::system()
            )
            .is_err()
        );
        let second = publish(
            &p.app,
            "apsfd-ci",
            period,
            Some("Retour tardif de SA03"),
            Guard::Check,
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

/// Every figure of a public table at the precision the bulletin shows it (two decimals for
/// percentages and rates, whole units for counts and amounts, whole thousands for amounts in
/// thousands), under every method; staff keep full precision.
fn at_public_precision(t: &PublicTable) -> Result<usize, Box<dyn std::error::Error>> {
    let mut checked = 0;
    for row in &t.rows {
        for cell in &row.cells {
            for m in Method::ALL {
                let Some(v) = cell.figure(m).value else {
                    continue;
                };
                let unit = row.display.divisor() / Decimal::from(10u64.pow(row.display.decimals()));
                if (v / unit).fract() != Decimal::ZERO {
                    return Err(format!(
                        "{} {} {m}: {v} is finer than {unit}",
                        row.code, cell.group
                    )
                    .into());
                }
                checked += 1;
            }
        }
    }
    Ok(checked)
}

#[test]
fn public_figures_are_at_published_precision_and_old_snapshots_are_rounded_on_read() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let rec = publish(
            &p.app,
            "apsfd-ci",
            period,
            None,
            Guard::Check,
            &Actor::system(),
        )?;
        let public = load_public_table(&p.app, rec.id)?;
        let figures = at_public_precision(&public)?;
        assert!(figures > 700, "{figures}");
        // The median of SA PAR 180 (the example) is shown to two decimals.
        let median = public
            .row("fin.par180")
            .and_then(|r| r.cells.iter().find(|c| c.group == "sa"))
            .ok_or("no cell")?
            .median;
        if let Some(v) = median.value {
            assert!(v.scale() <= 2, "{v}");
        }
        // Staff see every figure in full.
        let staff = staff_view(&p.app, &Actor::system(), "apsfd-ci", period)?;
        assert!(at_public_precision(&staff).is_err());

        // A snapshot stored before figures were rounded at publication (exact values in its
        // JSON) never reaches the public finer than the bulletin: rounded on read, the stored
        // row untouched.
        // It also showed, under another method, a cell withheld under the published one: here
        // today's pattern except the median of the SA staff productivity, and every figure
        // shown exact.
        let mut staff = staff;
        for row in &mut staff.rows {
            let published = public.row(&row.code).ok_or("no row")?;
            let dominated = row.code == "fin.staff_productivity";
            for (cell, public_cell) in row.cells.iter_mut().zip(&published.cells) {
                let keep_median = dominated && cell.group == "sa";
                if public_cell.published.suppressed {
                    cell.published = public_cell.published;
                }
                if public_cell.pooled.suppressed {
                    cell.pooled = public_cell.pooled;
                }
                if public_cell.median.suppressed && !keep_median {
                    cell.median = public_cell.median;
                }
                if keep_median {
                    assert!(cell.median.value.is_some());
                }
                cell.n_compliant = public_cell.n_compliant;
            }
        }
        let (table, decisions) = staff_publication(&p.app, &Actor::system(), rec.id)?;
        let old_json = serde_json::to_string(&PublicTable {
            revision: 2,
            ..staff
        })?;
        let staff_json = serde_json::to_string(&table)?;
        let disclosure_json = serde_json::to_string(&decisions)?;
        let mut conn = p.app.conn()?;
        let old = mizan_storage::publications::insert_publication(
            &mut conn,
            &mizan_storage::publications::NewPublication {
                framework: "apsfd-ci",
                period,
                framework_version: &rec.framework_version,
                published_at: rec.published_at,
                published_by: "test",
                note: Some("published before rounding"),
                public_table: &old_json,
                staff_table: &staff_json,
                disclosure: &disclosure_json,
                public_sha256: "0",
                submissions: &[],
            },
        )?;
        let stored = mizan_storage::publications::public_table(&mut conn, old.id)?.ok_or("none")?;
        assert_eq!(stored, old_json);
        let read = load_public_table(&p.app, old.id)?;
        assert_eq!(at_public_precision(&read)?, figures);
        let median = read
            .row("fin.staff_productivity")
            .and_then(|r| r.cells.iter().find(|c| c.group == "sa"))
            .ok_or("no cell")?
            .median;
        assert!(median.suppressed && median.value.is_none(), "{median:?}");
        // Served exactly as the same quarter published today, but for the quartiles, which a
        // snapshot published before them does not hold (and which are not made up on read).
        for (a, b) in read.rows.iter().zip(&public.rows) {
            assert!(a.cells.iter().all(|c| c.quartiles.is_none()), "{}", a.code);
            let today: Vec<_> = b
                .cells
                .iter()
                .cloned()
                .map(|mut c| {
                    c.quartiles = None;
                    c
                })
                .collect();
            assert_eq!(a.cells, today, "{}", a.code);
        }
        assert_eq!(read.suppressed_cells, public.suppressed_cells);
        let csv = String::from_utf8(public_csv(&read, Method::Median)?)?;
        for line in csv.lines().skip(1) {
            let value = line.split(',').nth(3).unwrap_or_default();
            if let Some((_, decimals)) = value.split_once('.') {
                assert!(decimals.len() <= 2, "{line}");
            }
        }
        Ok(())
    })
}

/// The publication's audit entries of the quarter, newest first: action and detail.
fn publish_entries(
    p: &crate::Platform,
) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let log = mizan_service::backoffice::audit_log(
        &p.app,
        &Actor::system(),
        &mizan_storage::audit::AuditFilter {
            limit: 100,
            ..Default::default()
        },
    )?;
    Ok(log
        .into_iter()
        .filter(|e| e.action.starts_with("publish"))
        .map(|e| (e.action, e.detail))
        .collect())
}

#[test]
fn the_preview_is_what_publish_then_stores() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let preview = preview(&p.app, &Actor::system(), "apsfd-ci", period, None)?;
        assert_eq!(preview.refusal, None);
        let table = preview.table.ok_or("no preview table")?;
        assert_eq!(table.revision, 1);
        assert_eq!(table.suppressed_cells, 39);
        assert_eq!(preview.withheld.len(), 39);
        assert!(
            preview
                .withheld
                .iter()
                .any(|w| w.row == "fin.staff_productivity"
                    && w.group == "sa"
                    && w.withheld == Withheld::Dominance
                    && !w.reasons.is_empty())
        );
        let sector = preview
            .coverage
            .iter()
            .find(|c| c.group == "sector")
            .ok_or("no sector")?;
        assert_eq!((sector.accepted, sector.below), (21, false));
        assert!(preview.awaiting.is_empty());
        // Nothing stored by the preview.
        assert!(published_quarters(&p.app, "apsfd-ci")?.is_empty());
        let rec = publish(
            &p.app,
            "apsfd-ci",
            period,
            None,
            Guard::Check,
            &Actor::system(),
        )?;
        let stored = load_public_table(&p.app, rec.id)?;
        assert_eq!(stored.rows, table.rows);
        assert_eq!(stored.groups, table.groups);
        assert_eq!(stored.suppressed_cells, table.suppressed_cells);
        assert_eq!(stored.revision, table.revision);
        assert_eq!(
            publish_entries(p)?.first().map(|e| e.0.as_str()),
            Some("publish")
        );
        Ok(())
    })
}

#[test]
fn awaiting_review_or_low_coverage_is_refused_unless_confirmed_with_a_note() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let period = Period::parse("2016-Q1")?;
        let staff = Actor::system();
        // Nothing accepted: nothing to publish, even confirmed.
        let nothing = publish(
            &p.app,
            "apsfd-ci",
            period,
            Some("x"),
            Guard::Confirmed,
            &staff,
        );
        assert!(
            matches!(&nothing, Err(ServiceError::Invalid(r)) if r.code() == "publish.nothing"),
            "{nothing:?}"
        );
        // Accept three SA returns: everything else awaits review, coverage is low.
        let coll = collection(&p.app, &staff, "apsfd-ci", period)?;
        let sa = coll.groups.iter().find(|g| g.code == "sa").ok_or("sa")?;
        for inst in sa.institutions.iter().take(3) {
            let id = inst.versions.last().ok_or("no version")?.id;
            decide(&p.app, &staff, id, &Decision::Accept)?;
        }
        let seen = preview(&p.app, &staff, "apsfd-ci", period, None)?;
        assert!(seen.confirmable);
        assert_eq!(seen.awaiting.len(), 18);
        let code = seen.refusal.as_ref().map(Refusal::code);
        assert_eq!(code, Some("publish.awaiting-review-and-low-coverage"));
        let sa_cov = seen.coverage.iter().find(|c| c.group == "sa").ok_or("sa")?;
        assert_eq!(
            (sa_cov.accepted, sa_cov.expected, sa_cov.below),
            (3, 11, true)
        );
        // Only the accepted returns are in the table.
        let table = seen.table.ok_or("no table")?;
        assert_eq!(table.groups.last().map(|g| g.received), Some(3));
        let refused = publish(&p.app, "apsfd-ci", period, None, Guard::Check, &staff);
        assert!(
            matches!(&refused, Err(ServiceError::Invalid(r)) if r.code() == "publish.awaiting-review-and-low-coverage"),
            "{refused:?}"
        );
        // Confirming needs a note.
        let bare = publish(
            &p.app,
            "apsfd-ci",
            period,
            Some("  "),
            Guard::Confirmed,
            &staff,
        );
        assert!(
            matches!(&bare, Err(ServiceError::Invalid(r)) if r.code() == "publish.confirmation-needs-note"),
            "{bare:?}"
        );
        assert!(published_quarters(&p.app, "apsfd-ci")?.is_empty());
        assert!(publish_entries(p)?.is_empty());
        let rec = publish(
            &p.app,
            "apsfd-ci",
            period,
            Some("Bulletin dû : trois déclarations examinées"),
            Guard::Confirmed,
            &staff,
        )?;
        let stored = load_public_table(&p.app, rec.id)?;
        assert_eq!(
            stored.groups.last().map(|g| (g.received, g.expected)),
            Some((3, 33))
        );
        let entries = publish_entries(p)?;
        let (action, detail) = entries.first().ok_or("no audit entry")?;
        assert_eq!(action, "publish.confirmed");
        assert!(
            detail.contains("Bulletin dû : trois déclarations examinées"),
            "{detail}"
        );
        assert!(detail.contains("\"awaiting\":18"), "{detail}");
        Ok(())
    })
}

#[test]
fn a_later_version_awaiting_review_does_not_replace_the_accepted_one() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        p.accept_all("2016-Q1")?;
        let period = Period::parse("2016-Q1")?;
        let before = preview(&p.app, &Actor::system(), "apsfd-ci", period, None)?
            .table
            .ok_or("no table")?;
        p.set_time("2016-06-01 10:00")?;
        let v2 = "institution,period,item,value\nSA01,2016-Q1,loans.outstanding,1\n";
        let rep = import_returns(
            &p.app,
            v2.as_bytes(),
            "sa01.csv",
            &Actor::system(),
            &Scope::Any,
        )?;
        assert_eq!(rep.stored().count(), 1);
        let seen = preview(&p.app, &Actor::system(), "apsfd-ci", period, None)?;
        assert_eq!(
            seen.refusal.as_ref().map(Refusal::code),
            Some("publish.awaiting-review")
        );
        let after = seen.table.ok_or("no table")?;
        assert_eq!(after.rows, before.rows);
        Ok(())
    })
}
