use mizan_core::{IssueKind, Period};
use mizan_service::returns::{Outcome, Scope, import_returns};
use mizan_service::{Actor, ServiceError};
use mizan_storage::audit::{AuditFilter, list};
use mizan_storage::submissions::{submission_values, submissions_for_period};

use crate::{Platform, TestResult, data, on_each_backend};

fn import(
    p: &Platform,
    bytes: &[u8],
    name: &str,
) -> Result<mizan_service::returns::ImportReport, ServiceError> {
    import_returns(&p.app, bytes, name, &Actor::system(), &Scope::Any)
}

fn stored_count(p: &Platform) -> Result<usize, Box<dyn std::error::Error>> {
    let mut conn = p.app.conn()?;
    Ok(submissions_for_period(&mut conn, Period::parse("2016-Q1")?)?.len())
}

#[test]
fn the_fixture_stores_21_submissions_and_a_second_import_stores_none() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        assert_eq!(stored_count(p)?, 21);
        let again = import(p, &data("apsfd-ci-2016q1/returns.csv")?, "returns.csv")?;
        assert_eq!(again.submissions.len(), 21);
        assert!(
            again
                .submissions
                .iter()
                .all(|s| matches!(s.outcome, Outcome::AlreadyImported(_)))
        );
        assert!(!again.has_refusals());
        assert_eq!(stored_count(p)?, 21);
        Ok(())
    })
}

#[test]
fn a_resubmission_is_a_new_version_and_the_first_stays() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let csv = "institution,period,item,value\nSA01,2016-Q1,loans.outstanding,1000\nSA01,2016-Q1,loans.par30,10\n";
        let first = import(p, csv.as_bytes(), "sa01.csv")?;
        let v2 = first
            .stored()
            .next()
            .map(|r| (r.version, r.id))
            .ok_or("not stored")?;
        assert_eq!(v2.0, 2);
        // The same values from another file: reported, no version.
        let same = import(p, csv.replace('\n', "\r\n").as_bytes(), "sa01-crlf.csv")?;
        assert!(
            matches!(same.submissions[0].outcome, Outcome::Unchanged(_)),
            "{same:?}"
        );
        let mut conn = p.app.conn()?;
        let all = submissions_for_period(&mut conn, Period::parse("2016-Q1")?)?;
        let sa01: Vec<_> = all
            .iter()
            .filter(|s| s.institution.as_str() == "SA01")
            .collect();
        assert_eq!(sa01.len(), 2);
        // Version 1 keeps every value of the fixture; version 2 holds exactly what was sent.
        let fixture = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
        let sa01_lines = fixture.lines().filter(|l| l.starts_with("SA01,")).count();
        assert_eq!(submission_values(&mut conn, sa01[0].id)?.len(), sa01_lines);
        assert_eq!(submission_values(&mut conn, v2.1)?.len(), 2);
        Ok(())
    })
}

#[test]
fn a_refused_submission_stores_nothing_and_says_where() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let before = stored_count(p)?;
        let csv = "institution,period,item,value\n\
                   SA01,2016-Q1,loans.outstanding,1000\n\
                   SA01,2016-Q1,loans.par30,\"12,5,0\"\n\
                   SA01,2016-Q1,staff.loan_officers,-3\n\
                   SA01,2016-Q1,no.such.item,1\n\
                   XX99,2016-Q1,equity,5\n\
                   SA02,2030-Q1,equity,5\n\
                   MU01,2016-Q1,equity,5\n";
        let rep = import(p, csv.as_bytes(), "bad.csv")?;
        assert!(rep.has_refusals());
        let by = |inst: &str| rep.submissions.iter().find(|s| s.institution == inst);
        let sa01 = by("SA01").ok_or("SA01 missing")?;
        assert_eq!(sa01.outcome, Outcome::Refused);
        let kinds: Vec<(String, &str)> = sa01
            .issues
            .iter()
            .filter(|i| i.is_blocking())
            .map(|i| (i.place.to_string(), i.code()))
            .collect();
        assert!(
            kinds
                .iter()
                .any(|(p, k)| p.starts_with("line 3") && *k == "not_a_number"),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|(p, k)| p.starts_with("line 4") && *k == "negative_count"),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|(p, k)| p.starts_with("line 5") && *k == "unknown_item"),
            "{kinds:?}"
        );
        let xx = by("XX99").ok_or("XX99 missing")?;
        assert!(
            xx.issues
                .iter()
                .any(|i| matches!(i.kind, IssueKind::UnknownInstitution { .. }))
        );
        let future = by("SA02").ok_or("SA02 missing")?;
        assert!(future.issues.iter().any(|i| matches!(&i.kind, IssueKind::PeriodNotEnded { ends, .. } if ends == "2030-03-31")), "{future:?}");
        // One file, one decision: MU01's return has no issue of its own, but it is refused with
        // the file, and says why; nothing of the file is stored.
        let mu01 = by("MU01").ok_or("MU01 missing")?;
        assert_eq!(mu01.outcome, Outcome::Refused);
        assert_eq!(
            mu01.issues.iter().map(|i| i.code()).collect::<Vec<_>>(),
            ["refused_with_file"],
            "{mu01:?}"
        );
        assert!(matches!(
            mu01.issues[0].kind,
            IssueKind::RefusedWithFile { refused: 3 }
        ));
        assert_eq!(stored_count(p)?, before);
        let mut conn = p.app.conn()?;
        let refusals = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("import.refused"),
                ..AuditFilter::default()
            },
        )?;
        // One refusal per return of the file, each naming the file.
        assert_eq!(refusals.len(), 4);
        assert!(refusals.iter().all(|r| r.detail.contains("bad.csv")));
        drop(conn);
        // The corrected file, sent again: what is new is stored, and a return identical to the
        // one already stored (SA01's values here are those of a second file) is recognised.
        let sa01_only = "institution,period,item,value\nSA01,2016-Q1,loans.outstanding,1000\n";
        let first = import(p, sa01_only.as_bytes(), "sa01.csv")?;
        assert_eq!(first.stored().count(), 1);
        let corrected = "institution,period,item,value\n\
                   MU01,2016-Q1,equity,5\n\
                   SA01,2016-Q1,loans.outstanding,1000\n";
        let again = import(p, corrected.as_bytes(), "corrected.csv")?;
        assert!(!again.has_refusals(), "{again:?}");
        let by = |inst: &str| again.submissions.iter().find(|s| s.institution == inst);
        assert!(matches!(
            by("MU01").ok_or("MU01 missing")?.outcome,
            Outcome::Stored(_)
        ));
        assert!(matches!(
            by("SA01").ok_or("SA01 missing")?.outcome,
            Outcome::Unchanged(_)
        ));
        assert_eq!(stored_count(p)?, before + 2);
        Ok(())
    })
}

#[test]
fn a_file_that_is_not_a_return_is_refused_whole() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        for (bytes, kind) in [
            (b"".to_vec(), "empty_file"),
            (b"institution,period,item,value\n".to_vec(), "header_only"),
            (b"code,name\nSA01,x\n".to_vec(), "missing_columns"),
            (b"PK\x03\x04garbage".to_vec(), "not_a_workbook"),
            (vec![0u8, 159, 146, 150, 0, 1], "unknown_format"),
        ] {
            let rep = import(p, &bytes, "bad")?;
            assert!(rep.has_refusals(), "{kind}");
            assert!(
                rep.file_issues.iter().any(|i| i.code() == kind),
                "{kind}: {:?}",
                rep.file_issues
            );
        }
        assert_eq!(stored_count(p)?, 21);
        Ok(())
    })
}

#[test]
fn a_filled_template_imports_exactly() -> TestResult {
    on_each_backend(|p| {
        p.load_fixture()?;
        let period = Period::parse("2016-Q1")?;
        let fw = p.app.framework("apsfd-ci", period)?;
        let sa03 = mizan_core::InstitutionCode::parse("SA03")?;
        let mut values = mizan_core::ItemValues::new();
        for (c, v) in [
            ("loans.outstanding", "1850679.25"),
            ("income.net", "-32.83"),
            ("loans.par30", "0.1"),
            ("clients.persons.men", "12"),
            ("clients.persons.women", "30"),
        ] {
            values.insert(
                mizan_core::Code::parse(c)?,
                mizan_core::Decimal::from_str_exact(v)?,
            );
        }
        let bytes = mizan_ingest::write_template(
            fw,
            period,
            Some((&sa03, "Nanan Crédit Solidaire SA")),
            Some(&values),
            &mizan_ingest::TemplateTexts::new(mizan_core::Lang::Fr, |t| format!("{t:?}")),
        )?;
        let rep = import(p, &bytes, "sa03.xlsx")?;
        assert_eq!(rep.format, "xlsx");
        let stored = rep
            .stored()
            .next()
            .ok_or_else(|| format!("not stored: {rep:?}"))?;
        let mut conn = p.app.conn()?;
        assert_eq!(submission_values(&mut conn, stored.id)?, values);
        Ok(())
    })
}

/// A return is checked against its institution's previous quarter — the latest version staff did
/// not reject — whether it comes alone (its own previous return is read) or in a file of many
/// (the whole previous quarter is read at once).
#[test]
fn a_return_is_checked_against_the_previous_quarter_alone_or_in_a_file_of_many() -> TestResult {
    use mizan_core::IssueKind;
    use mizan_service::collection::{Decision, decide};

    on_each_backend(|p| {
        p.load_fixture()?;
        let fixture = String::from_utf8(data("apsfd-ci-2016q1/returns.csv")?)?;
        // The first nine institutions' outstanding loans in 2016-Q1 (version 1).
        let outstanding: Vec<(String, u64)> = fixture
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f.get(2) == Some(&"loans.outstanding"))
                    .then(|| Some((f.first()?.to_string(), f.get(3)?.parse().ok()?)))
                    .flatten()
            })
            .take(9)
            .collect();
        assert_eq!(outstanding.len(), 9);
        let (first, v) = outstanding[0].clone();
        // A version 2 at ten times, rejected: the previous quarter is version 1 again.
        let v2 = import(
            p,
            format!(
                "institution,period,item,value\n{first},2016-Q1,loans.outstanding,{}\n",
                v * 10
            )
            .as_bytes(),
            "v2.csv",
        )?;
        let v2 = v2.stored().next().ok_or("version 2 not stored")?.id;
        decide(
            &p.app,
            &Actor::web("chef", 999, mizan_storage::users::Role::Staff, None),
            v2,
            &Decision::Reject("Encours erroné.".into()),
        )?;
        let jumps = |report: &mizan_service::returns::ImportReport, i: usize| {
            report.submissions[i]
                .issues
                .iter()
                .filter(|issue| matches!(&issue.kind, IssueKind::Rule { rule, .. } if rule == "quarter_jump"))
                .count()
        };

        p.set_time("2016-07-15 09:00")?;
        // Alone: five times version 1 is a jump (half of the rejected version 2 would not be).
        let alone = import(
            p,
            format!(
                "institution,period,item,value\n{first},2016-Q2,loans.outstanding,{}\n",
                v * 5
            )
            .as_bytes(),
            "alone.csv",
        )?;
        assert_eq!(alone.submissions.len(), 1);
        assert_eq!(jumps(&alone, 0), 1, "{alone:?}");

        // In a file of nine: the same for it, none for the others (their Q1 figure again).
        let mut csv = String::from("institution,period,item,value\n");
        for (i, (code, value)) in outstanding.iter().enumerate() {
            let value = if i == 0 { value * 6 } else { *value };
            csv.push_str(&format!("{code},2016-Q2,loans.outstanding,{value}\n"));
        }
        let many = import(p, csv.as_bytes(), "many.csv")?;
        assert_eq!(many.submissions.len(), 9);
        assert_eq!(jumps(&many, 0), 1, "{many:?}");
        assert!((1..9).all(|i| jumps(&many, i) == 0), "{many:?}");
        Ok(())
    })
}
