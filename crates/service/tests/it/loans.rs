//! Loan tapes through the use cases, on every backend: the worked examples of
//! tests/data/bam-mfi-examples stored and read back (the second quarter-end classified against
//! the stored first), versions and duplicates, refusals that store nothing, the return fed by
//! the tape and the tape's items carried into a later returns file, the solvency coefficient.

use std::str::FromStr;

use mizan_core::{Code, Decimal, InstitutionCode, IssueKind, Period, Place};
use mizan_service::digest::sha256_hex;
use mizan_service::loans::{
    LoanImportReport, LoanOutcome, ReturnFeed, StoredTape, export_loans, export_portfolio,
    import_loans, impose_class, imposed_classes_of, loan_tapes, solvency_of,
};
use mizan_service::refusal::LoanRefusal;
use mizan_service::returns::{Outcome, Scope, import_returns};
use mizan_service::{Actor, ServiceError};
use mizan_storage::audit::{AuditFilter, list};
use mizan_storage::submissions::{submission_issues, submission_values, versions};
use mizan_storage::users::Role;

use crate::{Platform, TestResult, data, on_each_backend, on_each_backend_with};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const REGISTRY: &str = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group
CI01,Crédit Solidaire SA,sa,direct_credit,false,false,,bam-mfi,
AS01,Association Al Amal,association,direct_credit,false,false,,bam-mfi,
AP01,Caisse d'Abidjan,sa,direct_credit,false,false,,apsfd-ci,
SR01,Micro SARL,sarl,direct_credit,false,false,,bam-mfi,
";

fn setup(p: &Platform) -> TestResult {
    p.set_time("2023-07-20 09:00")?;
    let reg = mizan_service::registry::import_institutions(
        &p.app,
        REGISTRY.as_bytes(),
        "registry.csv",
        &Actor::system(),
    )?;
    assert!(!reg.refused(), "{:?}", reg.issues);
    Ok(())
}

fn code(s: &str) -> Res<InstitutionCode> {
    Ok(InstitutionCode::parse(s)?)
}

fn period(s: &str) -> Res<Period> {
    Ok(Period::parse(s)?)
}

fn import(p: &Platform, inst: &str, per: &str, bytes: &[u8], name: &str) -> Res<LoanImportReport> {
    let mut steps = 0u32;
    let report = import_loans(
        &p.app,
        &code(inst)?,
        period(per)?,
        bytes,
        name,
        &Actor::system(),
        &mut |_| steps += 1,
    )?;
    if matches!(report.outcome, LoanOutcome::Stored(_)) {
        assert!(steps > 0, "no progress reported");
    }
    Ok(report)
}

fn stored(r: &LoanImportReport) -> Res<&StoredTape> {
    match &r.outcome {
        LoanOutcome::Stored(s) => Ok(s),
        other => Err(format!("not stored: {other:?}; issues {:?}", r.issues).into()),
    }
}

fn text(bytes: &[u8]) -> Res<String> {
    Ok(String::from_utf8(bytes.to_vec())?)
}

/// The portfolio export split in two: the spec's summary (as `expected-summary-*.csv`), then
/// the supervisory lines from `not_written_off.count` on (art. 17, 19).
fn split_summary(export: &str) -> (&str, &str) {
    export
        .find("not_written_off.count,")
        .map_or((export, ""), |i| export.split_at(i))
}

/// Every loan's class, base, provision and irrecoverable flag against the expected file.
fn compare_loans(export: &str, expected: &str) -> TestResult {
    let want = text(&data(&format!("bam-mfi-examples/{expected}"))?)?;
    let got: Vec<String> = export
        .lines()
        .map(|l| {
            l.rsplit_once(',')
                .map_or(l, |(head, _reasons)| head)
                .to_owned()
        })
        .collect();
    let want: Vec<&str> = want.lines().collect();
    assert_eq!(got.len(), want.len(), "{expected}: number of lines");
    for (g, w) in got.iter().zip(&want).skip(1) {
        assert_eq!(g, w, "{expected}");
    }
    Ok(())
}

fn both_quarters(p: &Platform, inst: &str, prefix: &str, licence: &str) -> TestResult {
    for (per, q) in [("2023-Q1", "2023q1"), ("2023-Q2", "2023q2")] {
        let tape = format!("tape-{prefix}{q}.csv");
        let report = import(
            p,
            inst,
            per,
            &data(&format!("bam-mfi-examples/{tape}"))?,
            &tape,
        )?;
        let s = stored(&report)?;
        assert!(report.issues.is_empty(), "{:?}", report.issues);
        assert_eq!(report.licence.as_deref(), Some(licence));
        assert_eq!((s.tape.version, s.tape.licence.as_str()), (1, licence));
        assert_eq!(s.tape.loans, 27);
        assert!(matches!(s.feed, ReturnFeed::NewVersion(_)), "{:?}", s.feed);
        assert_eq!(report.previous.is_some(), q == "2023q2");
        let export = text(&export_loans(
            &p.app,
            &Actor::system(),
            &code(inst)?,
            period(per)?,
        )?)?;
        assert!(
            export.starts_with("loan_id,class,provision_base,provision,irrecoverable,reasons\n")
        );
        compare_loans(&export, &format!("expected-{prefix}{q}.csv"))?;
        let summary = text(&export_portfolio(
            &p.app,
            &Actor::system(),
            &code(inst)?,
            period(per)?,
        )?)?;
        let (summary, supervisory) = split_summary(&summary);
        assert!(
            supervisory.starts_with("not_written_off.count,0\nnot_written_off.amount,0.00\n"),
            "{supervisory}"
        );
        assert_eq!(
            summary,
            text(&data(&format!(
                "bam-mfi-examples/expected-summary-{prefix}{q}.csv"
            ))?)?,
            "{inst} {per}"
        );
    }
    Ok(())
}

#[test]
fn two_quarter_ends_of_both_licences_give_the_worked_examples() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        both_quarters(p, "CI01", "", "credit_institution")?;
        both_quarters(p, "AS01", "association-", "association")?;
        // The Q2 tape was classified against the stored Q1 one.
        let q1 = loan_tapes(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q1")?)?;
        let q2 = loan_tapes(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q2")?)?;
        assert_eq!(q2[0].previous_tape_id, Some(q1[0].id));
        // The tape fed the return: the portfolio items, as the tape's outputs give them.
        let mut conn = p.app.conn()?;
        let ret = versions(&mut conn, &code("CI01")?, period("2023-Q2")?)?;
        assert_eq!(ret.len(), 1);
        assert_eq!(ret[0].source_format, "tape");
        let values = submission_values(&mut conn, ret[0].id)?;
        let item = |c: &str| -> Res<Option<Decimal>> { Ok(values.get(&Code::parse(c)?).copied()) };
        assert_eq!(item("loans.count")?, Some(Decimal::from(27)));
        assert_eq!(
            item("loans.outstanding")?,
            Some(Decimal::from_str("222833.34")?)
        );
        assert_eq!(item("loans.par30")?, Some(Decimal::from_str("130533.34")?));
        assert_eq!(
            item("loans.provisions")?,
            Some(Decimal::from_str("123425.01")?)
        );
        assert_eq!(item("loans.class4.count")?, Some(Decimal::from(8)));
        assert_eq!(q2[0].items, values);
        Ok(())
    })
}

/// One tape sent eight times at once (a double click, a retry): stored once, the others told it
/// is already there — on each backend, never an error.
#[test]
fn the_same_tape_sent_at_once_is_stored_once() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let bytes = data("bam-mfi-examples/tape-2023q1.csv")?;
        let outcomes: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let bytes = &bytes;
                    s.spawn(move || {
                        import(p, "CI01", "2023-Q1", bytes, &format!("q1-{i}.csv"))
                            .map(|r| match r.outcome {
                                LoanOutcome::Stored(_) => "stored".to_owned(),
                                LoanOutcome::AlreadyImported(_) => "already".to_owned(),
                                other => format!("{other:?}"),
                            })
                            .map_err(|e| e.to_string())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| "panicked".to_owned())?)
                .collect::<Result<Vec<_>, String>>()
        })?;
        assert_eq!(
            outcomes.iter().filter(|o| *o == "stored").count(),
            1,
            "{outcomes:?}"
        );
        assert_eq!(
            outcomes.iter().filter(|o| *o == "already").count(),
            7,
            "{outcomes:?}"
        );
        assert_eq!(
            loan_tapes(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q1")?)?.len(),
            1
        );
        Ok(())
    })
}

/// A CSV tape is read once: hashed as it is read, its results written a chunk of 20,000 loans at
/// a time inside the importing transaction. A tape of 45,000 loans is stored in three chunks
/// under the SHA-256 of its bytes and read back whole (the export, the next quarter-end); the
/// same loans with a duplicate id after the second chunk was written store nothing (the written
/// chunks roll back with the rest), and a refusal that stopped reading early (a line over
/// 1 MiB) still names the hash of the whole file.
#[test]
fn a_tape_is_hashed_and_stored_as_it_is_read_all_or_nothing() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let ci = code("CI01")?;
        let (q1, q2) = (period("2023-Q1")?, period("2023-Q2")?);
        let tape = |as_of: &str| -> Res<Vec<u8>> {
            let mut out = Vec::new();
            mizan_ingest::loans::write_synthetic_tape(
                &mut out,
                45_000,
                7,
                chrono::NaiveDate::from_str(as_of)?,
            )?;
            Ok(out)
        };
        let first = tape("2023-03-31")?;

        let mut twice = text(&first)?;
        let again = twice.lines().nth(1).ok_or("no loan")?.to_owned();
        twice.push_str(&again);
        twice.push('\n');
        let refused = import(p, "CI01", "2023-Q1", twice.as_bytes(), "twice.csv")?;
        assert!(refused.refused());
        assert_eq!(refused.read.loans, 45_000);
        assert_eq!(refused.sha256, sha256_hex(twice.as_bytes()));
        assert!(
            refused
                .blocking()
                .any(|i| matches!(i.kind, IssueKind::DuplicateLoan { .. })),
            "{:?}",
            refused.issues
        );
        assert!(loan_tapes(&p.app, &Actor::system(), &ci, q1)?.is_empty());

        let mut long = text(&first)?;
        long.push_str(&"x".repeat(2 << 20));
        long.push_str("\nafter,the,long,line\n");
        let cut = import(p, "CI01", "2023-Q1", long.as_bytes(), "long.csv")?;
        assert!(cut.refused());
        assert_eq!(cut.sha256, sha256_hex(long.as_bytes()));
        assert!(loan_tapes(&p.app, &Actor::system(), &ci, q1)?.is_empty());

        let report = import(p, "CI01", "2023-Q1", &first, "q1.csv")?;
        let tape1 = stored(&report)?.tape.clone();
        assert_eq!(report.sha256, sha256_hex(&first));
        assert_eq!(tape1.source_sha256, report.sha256);
        assert_eq!((tape1.version, tape1.loans, tape1.chunks), (1, 45_000, 3));
        let export = text(&export_loans(&p.app, &Actor::system(), &ci, q1)?)?;
        assert_eq!(export.lines().count(), 45_001);
        let same = import(p, "CI01", "2023-Q1", &first, "q1-again.csv")?;
        assert!(
            matches!(&same.outcome, LoanOutcome::AlreadyImported(t) if t.id == tape1.id),
            "{:?}",
            same.outcome
        );
        assert!(same.issues.is_empty() && same.portfolio.is_none());

        let next = import(p, "CI01", "2023-Q2", &tape("2023-06-30")?, "q2.csv")?;
        let tape2 = stored(&next)?.tape.clone();
        assert_eq!(next.previous.as_ref().map(|t| t.id), Some(tape1.id));
        assert_eq!((tape2.loans, tape2.chunks), (45_000, 3));
        assert_eq!(
            text(&export_loans(&p.app, &Actor::system(), &ci, q2)?)?
                .lines()
                .count(),
            45_001
        );
        Ok(())
    })
}

/// An xlsx tape is read before the storing transaction, its results spilled to a temporary file
/// and written once it is read (SQLite's write lock is not held during the read): 45,000 loans
/// in an xlsx give the same three chunks, loan for loan, as the same loans in CSV.
#[test]
fn an_xlsx_tape_of_several_chunks_is_stored_like_its_csv() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let ci = code("CI01")?;
        let q1 = period("2023-Q1")?;
        let mut csv = Vec::new();
        mizan_ingest::loans::write_synthetic_tape(
            &mut csv,
            45_000,
            7,
            chrono::NaiveDate::from_str("2023-03-31")?,
        )?;
        let first = import(p, "CI01", "2023-Q1", &csv, "q1.csv")?;
        assert_eq!(stored(&first)?.tape.chunks, 3);
        let from_csv = text(&export_loans(&p.app, &Actor::system(), &ci, q1)?)?;

        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let csv = text(&csv)?;
        let mut names: Vec<&str> = Vec::new();
        for (r, line) in csv.lines().enumerate() {
            let row = u32::try_from(r)?;
            for (c, field) in line.split(',').enumerate() {
                let col = u16::try_from(c)?;
                if r == 0 {
                    names.push(field);
                }
                let name = names.get(c).copied().unwrap_or("");
                match field.parse::<f64>() {
                    _ if r > 0 && field.is_empty() => {}
                    Ok(x) if r > 0 && !name.ends_with("_id") => {
                        ws.write_number(row, col, x)?;
                    }
                    _ => {
                        ws.write_string(row, col, field)?;
                    }
                }
            }
        }
        let xlsx = wb.save_to_buffer()?;
        let report = import(p, "CI01", "2023-Q1", &xlsx, "q1.xlsx")?;
        let tape = &stored(&report)?.tape;
        assert_eq!(report.sha256, sha256_hex(&xlsx));
        assert_eq!(
            (
                tape.version,
                tape.loans,
                tape.chunks,
                tape.source_format.as_str()
            ),
            (2, 45_000, 3, "xlsx")
        );
        let from_xlsx = text(&export_loans(&p.app, &Actor::system(), &ci, q1)?)?;
        assert!(from_xlsx == from_csv, "the xlsx tape's results differ");
        Ok(())
    })
}

#[test]
fn the_same_file_stores_nothing_and_a_reimport_is_a_new_version() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let bytes = data("bam-mfi-examples/tape-2023q1.csv")?;
        let first = import(p, "CI01", "2023-Q1", &bytes, "q1.csv")?;
        let first = stored(&first)?.clone();
        let again = import(p, "CI01", "2023-Q1", &bytes, "q1-again.csv")?;
        match &again.outcome {
            LoanOutcome::AlreadyImported(t) => assert_eq!(t.id, first.tape.id),
            other => return Err(format!("{other:?}").into()),
        }
        // The same loans in another file: a new tape version; the return's values are the same.
        let crlf = text(&bytes)?.replace('\n', "\r\n");
        let second = import(p, "CI01", "2023-Q1", crlf.as_bytes(), "q1-crlf.csv")?;
        let second = stored(&second)?;
        assert_eq!(second.tape.version, 2);
        assert_eq!(
            second.feed,
            ReturnFeed::Unchanged(first.feed.submission().clone())
        );
        assert_eq!(second.tape.submission_id, Some(first.feed.submission().id));
        assert_eq!(
            loan_tapes(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q1")?)?.len(),
            2
        );
        let mut conn = p.app.conn()?;
        let events = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("import.loans."),
                ..AuditFilter::default()
            },
        )?;
        let actions: Vec<&str> = events.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "import.loans.stored",
                "import.loans.duplicate",
                "import.loans.stored"
            ]
        );
        Ok(())
    })
}

#[test]
fn a_tape_with_blocking_issues_stores_nothing_and_says_where() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let good = text(&data("bam-mfi-examples/tape-2023q1.csv")?)?;
        let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
        // Line 5: a negative outstanding amount; line 29: EX01 again.
        lines[4] = lines[4].replacen(",20000.00,", ",-20000.00,", 1);
        lines.push(lines[1].clone());
        let bad = lines.join("\n") + "\n";
        let report = import(p, "CI01", "2023-Q1", bad.as_bytes(), "bad.csv")?;
        assert!(report.refused());
        let places: Vec<String> = report.blocking().map(|i| i.place.to_string()).collect();
        assert!(
            places
                .iter()
                .any(|p| p.contains("line 29") && p.contains("loan_id")),
            "{places:?}"
        );
        assert!(places.iter().any(|p| p.contains("line 5")), "{places:?}");
        assert!(
            loan_tapes(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q1")?)?.is_empty()
        );
        let mut conn = p.app.conn()?;
        assert!(versions(&mut conn, &code("CI01")?, period("2023-Q1")?)?.is_empty());
        let refusals = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("import.loans.refused"),
                ..AuditFilter::default()
            },
        )?;
        assert_eq!(refusals.len(), 1);
        assert!(
            refusals[0].detail.contains("bad.csv"),
            "{}",
            refusals[0].detail
        );
        // Exports of what was never stored are "not found", not empty files.
        assert!(matches!(
            export_loans(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q1")?),
            Err(ServiceError::NotFound(_))
        ));
        Ok(())
    })
}

#[test]
fn the_registry_and_the_calendar_decide_who_may_send_a_tape() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let bytes = data("bam-mfi-examples/tape-2023q1.csv")?;
        let kinds = |r: &LoanImportReport| -> Vec<&'static str> {
            r.issues.iter().map(|i| i.code()).collect()
        };
        let unknown = import(p, "ZZ01", "2023-Q1", &bytes, "t.csv")?;
        assert_eq!(kinds(&unknown), ["unknown_institution"]);
        let apsfd = import(p, "AP01", "2023-Q1", &bytes, "t.csv")?;
        assert_eq!(kinds(&apsfd), ["context_mismatch"]);
        assert!(
            apsfd.issues[0].to_string().contains("bam-mfi"),
            "{:?}",
            apsfd.issues
        );
        let sarl = import(p, "SR01", "2023-Q1", &bytes, "t.csv")?;
        assert_eq!(kinds(&sarl), ["invalid_value"]);
        assert!(sarl.issues[0].to_string().contains("sarl"));
        // The quarter has not ended on 2023-07-20.
        let early = import(p, "CI01", "2023-Q3", &bytes, "t.csv")?;
        assert_eq!(kinds(&early), ["period_not_ended"]);
        let binary = import(p, "CI01", "2023-Q1", b"\x00\x01\x02garbage", "t.bin")?;
        assert_eq!(kinds(&binary), ["unknown_format"]);
        for r in [&unknown, &apsfd, &sarl, &early, &binary] {
            assert!(r.refused());
            assert!(r.issues.iter().all(|i| i.place == Place::File));
        }
        // Art. 24: C N° 5/W/2023 is in force from its signature, 1 February 2023 (the rule
        // file's `in_force_from`): the quarter-end of 2022-Q4, 2022-12-31, is before, so its tape
        // is refused, with the date, before anything is read; 2023-Q1 (2023-03-31) is after.
        let before = import(
            p,
            "CI01",
            "2022-Q4",
            &data("bam-mfi-examples/tape-2023q1.csv")?,
            "t.csv",
        )?;
        assert!(before.refused());
        assert_eq!(kinds(&before), ["rules_not_in_force"]);
        assert_eq!(
            before.issues[0].kind,
            IssueKind::RulesNotInForce {
                source: "C N° 5/W/2023".into(),
                period: "2022-Q4".into(),
                from: "2023-02-01".into(),
            }
        );
        assert_eq!(before.issues[0].place, Place::File);
        // A tape of the wrong quarter-end: its dates are after the quarter-end of Q1 2023.
        let wrong = import(
            p,
            "CI01",
            "2023-Q1",
            &data("bam-mfi-examples/tape-2023q2.csv")?,
            "t.csv",
        )?;
        assert!(wrong.refused());
        assert!(
            wrong.issues.iter().any(|i| i.code() == "date_after_as_of"),
            "{:?}",
            wrong.issues
        );
        Ok(())
    })
}

#[test]
fn the_tape_feeds_the_return_and_a_later_returns_file_carries_its_items() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let returns = |csv: &str, name: &str| {
            import_returns(&p.app, csv.as_bytes(), name, &Actor::system(), &Scope::Any)
        };
        // v1: the solvency return and the financial data, from a returns file.
        let v1 = returns(
            "institution,period,item,value\n\
             CI01,2023-Q1,solv.core.capital,1000000\n\
             CI01,2023-Q1,solv.core.reserves,200000\n\
             CI01,2023-Q1,solv.supp.general_provisions,50000\n\
             CI01,2023-Q1,solv.bs.w100,9000000\n\
             CI01,2023-Q1,solv.bs.w20,1000000\n\
             CI01,2023-Q1,assets.total,12000000\n",
            "solv.csv",
        )?;
        assert!(!v1.has_refusals(), "{v1:?}");
        // v2: the tape's items join them.
        let tape = import(
            p,
            "CI01",
            "2023-Q1",
            &data("bam-mfi-examples/tape-2023q1.csv")?,
            "q1.csv",
        )?;
        let v2 = match &stored(&tape)?.feed {
            ReturnFeed::NewVersion(s) => s.clone(),
            other => return Err(format!("{other:?}").into()),
        };
        assert_eq!(v2.version, 2);
        let mut conn = p.app.conn()?;
        let values = submission_values(&mut conn, v2.id)?;
        let get = |v: &mizan_core::ItemValues, c: &str| -> Res<Option<Decimal>> {
            Ok(v.get(&Code::parse(c)?).copied())
        };
        assert_eq!(
            get(&values, "solv.core.capital")?,
            Some(Decimal::from(1_000_000))
        );
        assert_eq!(
            get(&values, "assets.total")?,
            Some(Decimal::from(12_000_000))
        );
        assert_eq!(get(&values, "loans.count")?, Some(Decimal::from(27)));
        let par30 = get(&values, "loans.par30")?.ok_or("no par30")?;
        // v3: a corrected solvency return that also states its own PAR30: the file's value is
        // kept with a warning; the tape's other items are carried.
        let v3 = returns(
            "institution,period,item,value\n\
             CI01,2023-Q1,solv.core.capital,1000000\n\
             CI01,2023-Q1,solv.core.reserves,250000\n\
             CI01,2023-Q1,solv.supp.general_provisions,50000\n\
             CI01,2023-Q1,solv.bs.w100,9000000\n\
             CI01,2023-Q1,solv.bs.w20,1000000\n\
             CI01,2023-Q1,loans.par30,1\n",
            "solv-v3.csv",
        )?;
        let sub = &v3.submissions[0];
        let rec = match &sub.outcome {
            Outcome::Stored(r) => r.clone(),
            other => return Err(format!("{other:?} {:?}", sub.issues).into()),
        };
        assert_eq!(rec.version, 3);
        let warning = sub
            .issues
            .iter()
            .find(|i| matches!(i.kind, IssueKind::DiffersFromTape { .. }))
            .ok_or("no warning")?;
        assert_eq!(warning.item.as_deref(), Some("loans.par30"));
        assert!(warning.place.to_string().contains("line 7"), "{warning}");
        assert!(
            warning.to_string().contains(&par30.to_string()),
            "{warning}"
        );
        let stored_issues = submission_issues(&mut conn, rec.id)?;
        assert!(stored_issues.iter().any(|i| i.issue == *warning));
        let values = submission_values(&mut conn, rec.id)?;
        assert_eq!(get(&values, "loans.par30")?, Some(Decimal::ONE));
        assert_eq!(get(&values, "loans.count")?, Some(Decimal::from(27)));
        assert_eq!(
            get(&values, "assets.total")?,
            None,
            "not in the file, not in the tape"
        );
        // The solvency coefficient of the return that counts (v3): core 1,250,000; general
        // provisions capped at 1.25 % of RWA = 1.25 % × (9,000,000 + 20 % × 1,000,000)
        // = 115,000, so counted whole (50,000); own funds 1,300,000; RWA 9,200,000;
        // 1,300,000 / 9,200,000 = 14.1304…%.
        let s = solvency_of(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q1")?)?;
        assert_eq!(s.submission.id, rec.id);
        assert_eq!(s.breakdown.core, Decimal::from(1_250_000));
        assert_eq!(s.breakdown.general_provisions.limit, Decimal::from(115_000));
        assert_eq!(s.breakdown.own_funds, Decimal::from(1_300_000));
        assert_eq!(s.breakdown.rwa, Decimal::from(9_200_000));
        let pct = s.breakdown.coefficient_pct.ok_or("no coefficient")?;
        assert_eq!(
            mizan_core::number::round_half_away(pct, 4),
            Decimal::from_str("14.1304")?
        );
        assert_eq!(s.breakdown.meets_minimum, Some(true));
        // The consolidation derives the coefficient's inputs from the same items: prud.solvency
        // and the tape's PAR for the institution, against its norm.
        let indicators = mizan_service::consolidation::institution_indicators(
            &p.app,
            &Actor::system(),
            "bam-mfi",
            period("2023-Q1")?,
        )?;
        let ci01 = indicators
            .iter()
            .find(|i| i.code.as_str() == "CI01")
            .ok_or("no CI01")?;
        let value = |code: &str| {
            ci01.indicators
                .iter()
                .find(|v| v.indicator.as_str() == code)
                .and_then(|v| v.value())
        };
        assert_eq!(
            value("prud.solvency").map(|v| mizan_core::number::round_half_away(v, 4)),
            Some(Decimal::from_str("14.1304")?)
        );
        assert!(
            ci01.indicators
                .iter()
                .any(|v| v.indicator.as_str() == "prud.solvency" && v.meets_norm())
        );
        // fin.par30 = loans.par30 / loans.outstanding: the file's 1 over the tape's outstanding.
        assert!(value("fin.par30").is_some_and(|v| v > Decimal::ZERO && v < Decimal::ONE));
        Ok(())
    })
}

#[test]
fn an_xlsx_tape_gives_the_same_results_as_its_csv() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let csv = text(&data("bam-mfi-examples/tape-2023q1.csv")?)?;
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Prêts")?;
        let mut names: Vec<&str> = Vec::new();
        for (r, line) in csv.lines().enumerate() {
            let row = u32::try_from(r)?;
            for (c, field) in line.split(',').enumerate() {
                let col = u16::try_from(c)?;
                if r == 0 {
                    names.push(field);
                }
                let name = names.get(c).copied().unwrap_or("");
                if r > 0 && field.is_empty() {
                    continue;
                }
                match field.parse::<f64>() {
                    Ok(x) if r > 0 && !name.ends_with("_id") => {
                        ws.write_number(row, col, x)?;
                    }
                    _ => {
                        ws.write_string(row, col, field)?;
                    }
                }
            }
        }
        let bytes = wb.save_to_buffer()?;
        let report = import(p, "CI01", "2023-Q1", &bytes, "q1.xlsx")?;
        let s = stored(&report)?;
        assert_eq!(
            (report.format, s.tape.source_format.as_str()),
            ("xlsx", "xlsx")
        );
        let export = text(&export_loans(
            &p.app,
            &Actor::system(),
            &code("CI01")?,
            period("2023-Q1")?,
        )?)?;
        compare_loans(&export, "expected-2023q1.csv")?;
        let export = text(&export_portfolio(
            &p.app,
            &Actor::system(),
            &code("CI01")?,
            period("2023-Q1")?,
        )?)?;
        let (summary, supervisory) = split_summary(&export);
        assert_eq!(
            summary,
            text(&data("bam-mfi-examples/expected-summary-2023q1.csv")?)?
        );
        // After the spec's summary, the supervisory lines of the worked examples at 2023-03-31
        // (expected-2023q1.csv by the tape's disbursement dates):
        // art. 17: no loan unpaid since before 2022-01-05 (2022-12-31 − 360 days): 0;
        // art. 19: doubtful loans by year of disbursement, 1 + 5 + 17 = 23 loans,
        // 15,000.00 + 56,700.00 + 138,050.02 = 209,750.02 (doubtful.outstanding), provisions
        // 15,000.00 + 31,400.00 + 71,337.51 = 117,737.51 (provision.total).
        assert_eq!(
            supervisory,
            "not_written_off.count,0\n\
             not_written_off.amount,0.00\n\
             vintage.2020.doubtful.count,1\n\
             vintage.2020.doubtful.outstanding,15000.00\n\
             vintage.2020.doubtful.provision,15000.00\n\
             vintage.2021.doubtful.count,5\n\
             vintage.2021.doubtful.outstanding,56700.00\n\
             vintage.2021.doubtful.provision,31400.00\n\
             vintage.2022.doubtful.count,17\n\
             vintage.2022.doubtful.outstanding,138050.02\n\
             vintage.2022.doubtful.provision,71337.51\n"
        );
        // An xlsx with an unreadable cell is refused at that cell.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, line) in csv.lines().take(3).enumerate() {
            for (c, field) in line.split(',').enumerate() {
                let field = if r == 2 && c == 6 { "lots" } else { field };
                ws.write_string(u32::try_from(r)?, u16::try_from(c)?, field)?;
            }
        }
        let bad = import(p, "AS01", "2023-Q1", &wb.save_to_buffer()?, "bad.xlsx")?;
        assert!(bad.refused());
        assert!(
            bad.blocking().any(|i| i.place.to_string().contains("G3")),
            "{:?}",
            bad.issues
        );
        Ok(())
    })
}

/// Who may do what with an institution's loan tapes and returns is decided by the use cases
/// themselves, for every kind of person: staff and the institution's own members may, members
/// of another institution and partners may not (403 on the web), whatever page asks.
#[test]
fn the_use_cases_decide_who_may_act_for_an_institution() -> TestResult {
    use mizan_service::access::upload_scope;
    use mizan_service::accounts::Principal;
    use mizan_service::returns::submit_returns;
    use mizan_storage::users::Role;
    on_each_backend(|p| {
        setup(p)?;
        let bytes = data("bam-mfi-examples/tape-2023q1.csv")?;
        let ci = code("CI01")?;
        let q1 = period("2023-Q1")?;
        import(p, "CI01", "2023-Q1", &bytes, "q1.csv")?;
        let person = |id: i64, name: &str, role: Role, inst: Option<&str>| -> Res<Principal> {
            Ok(Principal {
                user_id: id,
                username: name.into(),
                display_name: name.into(),
                role,
                institution: inst.map(code).transpose()?,
            })
        };
        let staff = person(1, "chef", Role::Staff, None)?;
        let member = person(2, "ci01", Role::Member, Some("CI01"))?;
        let other = person(3, "as01", Role::Member, Some("AS01"))?;
        let partner = person(4, "bailleur", Role::Partner, None)?;
        let people = [
            ("staff", staff.actor(), true),
            ("own member", member.actor(), true),
            ("other member", other.actor(), false),
            ("partner", partner.actor(), false),
            ("operator", Actor::system(), true),
        ];
        let refused = |r: &Result<(), ServiceError>| matches!(r, Err(ServiceError::Forbidden(_)));
        for (who_is, who, allowed) in &people {
            let mut sink = Vec::new();
            let outcomes: [(&str, Result<(), ServiceError>); 7] = [
                ("loan_tapes", loan_tapes(&p.app, who, &ci, q1).map(drop)),
                (
                    "latest_tape",
                    mizan_service::loans::latest_tape(&p.app, who, &ci, q1).map(drop),
                ),
                ("export_loans", export_loans(&p.app, who, &ci, q1).map(drop)),
                (
                    "export_portfolio",
                    export_portfolio(&p.app, who, &ci, q1).map(drop),
                ),
                ("solvency_of", solvency_of(&p.app, who, &ci, q1).map(drop)),
                (
                    "write_loans",
                    mizan_service::loans::write_loans(&p.app, who, &ci, q1, &mut sink).map(drop),
                ),
                (
                    "import_loans",
                    import_loans(&p.app, &ci, q1, &bytes[..], "again.csv", who, &mut |_| {})
                        .map(drop),
                ),
            ];
            for (use_case, outcome) in &outcomes {
                if *allowed {
                    // Allowed: any other answer (a return without solvency items is "invalid")
                    // but a refusal of the person.
                    assert!(
                        !refused(outcome),
                        "{who_is} refused {use_case}: {outcome:?}"
                    );
                } else {
                    assert!(refused(outcome), "{who_is} allowed {use_case}: {outcome:?}");
                }
            }
        }
        // Returns: which institution a person may send returns for.
        assert_eq!(
            upload_scope(&member.actor(), None, Some(q1))?,
            Scope::Institution(ci.clone(), Some(q1))
        );
        assert!(matches!(
            upload_scope(&member.actor(), Some(&code("AS01")?), None),
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(
            upload_scope(&partner.actor(), None, None),
            Err(ServiceError::Forbidden(_))
        ));
        assert_eq!(upload_scope(&staff.actor(), None, None)?, Scope::Any);
        // A member's file holding another institution's return is refused, nothing stored.
        let csv = "institution,period,item,value\nCI01,2023-Q1,loans.outstanding,1000\n";
        let report = submit_returns(&p.app, &other.actor(), None, None, csv.as_bytes(), "x.csv")?;
        assert!(report.has_refusals(), "{report:?}");
        assert_eq!(report.stored().count(), 0);
        assert!(matches!(
            submit_returns(
                &p.app,
                &partner.actor(),
                None,
                None,
                csv.as_bytes(),
                "x.csv"
            ),
            Err(ServiceError::Forbidden(_))
        ));
        Ok(())
    })
}

#[test]
fn the_supervisors_class_takes_precedence_from_the_next_tape_art_21() -> TestResult {
    on_each_backend(|p| {
        setup(p)?;
        let (ci, q1) = (code("CI01")?, period("2023-Q1")?);
        let bytes = data("bam-mfi-examples/tape-2023q1.csv")?;
        let first = import(p, "CI01", "2023-Q1", &bytes, "q1.csv")?;
        let first = stored(&first)?.tape.clone();
        let line = |export: &str, id: &str| -> Option<String> {
            export
                .lines()
                .find(|l| l.starts_with(&format!("{id},")))
                .map(str::to_owned)
        };
        let loans = text(&export_loans(&p.app, &Actor::system(), &ci, q1)?)?;
        // Computed: EX11 in class 1 by its days past due, base 1,000.02 × 25 % = 250.01.
        assert_eq!(
            line(&loans, "EX11").as_deref(),
            Some("EX11,1,1000.02,250.01,false,dpd")
        );
        let staff = Actor::web("chef", 999, Role::Staff, None);
        let impose = |who: &Actor, inst: &InstitutionCode, loan: &str, class: u8, why: &str| {
            impose_class(&p.app, who, inst, q1, loan, class, why)
        };
        // Only staff; refusals store nothing.
        let member = Actor::web("membre", 998, Role::Member, Some(ci.clone()));
        assert!(matches!(
            impose(&member, &ci, "EX11", 3, "x"),
            Err(ServiceError::Forbidden(_))
        ));
        assert_eq!(
            impose(&staff, &ci, "EX11", 5, "x")?,
            Err(LoanRefusal::ClassAboveHighest { class: 5, max: 4 })
        );
        assert_eq!(
            impose(&staff, &ci, "EX11", 3, "  ")?,
            Err(LoanRefusal::ImposedClassIncomplete)
        );
        assert_eq!(
            impose(&staff, &code("AP01")?, "EX11", 3, "x")?,
            Err(LoanRefusal::NoClassification {
                institution: "AP01".into(),
                period: q1
            })
        );
        assert!(imposed_classes_of(&p.app, &staff, &ci, q1)?.is_empty());
        // Staff impose class 2, then change their mind: class 3 is in force.
        impose(&staff, &ci, "EX11", 2, "contrôle sur documents")?.map_err(|r| format!("{r:?}"))?;
        let set = impose(
            &staff,
            &ci,
            "EX11",
            3,
            "contrôle sur place : débiteur en difficulté",
        )?
        .map_err(|r| format!("{r:?}"))?;
        assert_eq!((set.class, set.set_by.as_str()), (3, "chef"));
        let listed = imposed_classes_of(&p.app, &Actor::system(), &ci, q1)?;
        assert_eq!(listed.iter().map(|c| c.class).collect::<Vec<_>>(), [2, 3]);
        // The stored tape is unchanged, and the same file is a duplicate (a file is stored
        // once).
        let same = import(p, "CI01", "2023-Q1", &bytes, "q1.csv")?;
        assert!(
            matches!(&same.outcome, LoanOutcome::AlreadyImported(t) if t.version == 1),
            "{:?}",
            same.outcome
        );
        // The quarter's tape sent again (extracted again: one line more at its end) is version
        // 2, classified with the decision: EX11 in class 3 imposed, 1,000.02 × 75 % = 750.015 →
        // 750.02. Provisions 117,737.51 − 250.01 + 750.02 = 118,237.52, in the export and the
        // return.
        let mut resent = bytes.clone();
        resent.extend_from_slice(b"\n");
        let again = import(p, "CI01", "2023-Q1", &resent, "q1-bis.csv")?;
        let again = stored(&again)?;
        assert_eq!(again.tape.version, 2);
        assert_ne!(again.tape.id, first.id);
        let loans = text(&export_loans(&p.app, &Actor::system(), &ci, q1)?)?;
        assert_eq!(
            line(&loans, "EX11").as_deref(),
            Some("EX11,3,1000.02,750.02,false,imposed")
        );
        let summary = text(&export_portfolio(&p.app, &Actor::system(), &ci, q1)?)?;
        assert!(
            summary.contains("\nprovision.total,118237.52\n"),
            "{summary}"
        );
        assert_eq!(
            again.tape.items.get(&Code::parse("loans.provisions")?),
            Some(&Decimal::from_str("118237.52")?)
        );
        // Audited with the loan, the class and the reason.
        let mut conn = p.app.conn()?;
        let events = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("loan.class-imposed"),
                ..AuditFilter::default()
            },
        )?;
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].actor, "chef");
        assert!(
            events[0].detail.contains("\"class\":3"),
            "{}",
            events[0].detail
        );
        assert!(events[0].detail.contains("débiteur en difficulté"));
        Ok(())
    })
}

/// A tape of one 100,000-franc loan whose oldest unpaid instalment fell due on `due`.
fn rcsfd_tape(due: &str) -> String {
    format!(
        "loan_id,borrower_id,borrower_kind,zone,disbursement_date,principal_disbursed,\
outstanding_principal,accrued_interest,reserved_interest,guarantee_covered,oldest_unpaid_due_date,\
restructure_count,first_due_after_restructure,unpaid_during_observation,difficulties_resolved,\
unlikely_to_pay_class,recovery_compromised\n\
K1,B1,woman,rural,2023-05-02,150000,100000,0,0,0,{due},0,,false,false,,false\n"
    )
}

#[test]
fn bceao_tapes_are_classified_by_the_rules_of_their_period() -> TestResult {
    // A new circular is a new file with a later date: here the shipped bceao-sfd (version
    // 2010.1, from 2010-Q4) and a made-up version 2025.1 from 2025-Q1 raising class 1 from 40 %
    // to 50 %. Each quarter-end is classified by the version of its period; a period before
    // every version is refused, naming the versions and their periods.
    let dir = tempfile::tempdir()?;
    for entry in std::fs::read_dir(crate::root().join("config/frameworks"))? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, dir.path().join(name))?;
        }
    }
    let v1 = std::fs::read_to_string(dir.path().join("bceao-sfd.toml"))?;
    let v2 = v1
        .replacen("version = \"2010.1\"", "version = \"2025.1\"", 1)
        .replacen(
            "effective_from = \"2010-Q4\"",
            "effective_from = \"2025-Q1\"",
            1,
        )
        .replacen("provision_pct = \"40\"", "provision_pct = \"50\"", 1);
    assert_ne!(v1, v2);
    std::fs::write(dir.path().join("bceao-sfd-2025.toml"), v2)?;
    let frameworks_dir = dir.path().display().to_string();
    on_each_backend_with(&[("MIZAN__FRAMEWORKS__DIR", &frameworks_dir)], |p| {
        p.set_time("2025-05-10 09:00")?;
        let registry = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group,country\n\
BF01,Caisse de Ouagadougou,mutual,savings_credit,true,true,,bceao-sfd,,BF\n";
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            registry.as_bytes(),
            "registry.csv",
            &Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        // 2024-Q4: due 15 September, 3.5 months before 31 December → class 1 at 40 % (2010.1).
        // 2025-Q1: due 15 December, 3.5 months before 31 March → class 1 at 50 % (2025.1).
        for (per, due, version, provision) in [
            ("2024-Q4", "2024-09-15", "2010.1", 40_000),
            ("2025-Q1", "2024-12-15", "2025.1", 50_000),
        ] {
            let report = import(p, "BF01", per, rcsfd_tape(due).as_bytes(), "tape.csv")?;
            let s = stored(&report)?;
            assert!(report.issues.is_empty(), "{per}: {:?}", report.issues);
            assert_eq!(report.licence.as_deref(), Some("sfd"));
            assert_eq!(
                (s.tape.framework.as_str(), s.tape.framework_version.as_str()),
                ("bceao-sfd", version)
            );
            let sub = s.feed.submission();
            assert_eq!(sub.framework_version, version);
            let mut conn = p.app.conn()?;
            let values = submission_values(&mut conn, sub.id)?;
            let get =
                |c: &str| -> Res<Option<Decimal>> { Ok(values.get(&Code::parse(c)?).copied()) };
            assert_eq!(
                get("loans.class1.provisions")?,
                Some(Decimal::from(provision))
            );
            assert_eq!(get("loans.doubtful")?, Some(Decimal::from(100_000)));
            // An item of bam-mfi's return is not invented for a bceao-sfd institution.
            assert_eq!(get("loans.par60")?, None);
        }
        // 2010-Q2 is before the first version: refused before anything is read, naming both.
        let before = import(
            p,
            "BF01",
            "2010-Q2",
            rcsfd_tape("2010-01-15").as_bytes(),
            "t.csv",
        )?;
        assert!(before.refused());
        let kinds: Vec<&str> = before.issues.iter().map(|i| i.code()).collect();
        assert_eq!(kinds, ["no_framework_for"]);
        let IssueKind::NoFrameworkFor { versions, .. } = &before.issues[0].kind else {
            return Err(format!("{:?}", before.issues).into());
        };
        let spans: Vec<String> = versions.iter().map(ToString::to_string).collect();
        assert_eq!(
            spans,
            [
                "version 2010.1 from 2010-Q4 until 2024-Q4",
                "version 2025.1 from 2025-Q1"
            ]
        );
        for per in ["2024-Q4", "2025-Q1"] {
            let tapes = loan_tapes(&p.app, &Actor::system(), &code("BF01")?, period(per)?)?;
            assert_eq!(tapes.len(), 1, "{per}");
        }
        let none = loan_tapes(&p.app, &Actor::system(), &code("BF01")?, period("2010-Q2")?)?;
        assert!(none.is_empty());
        Ok(())
    })
}

#[test]
fn an_art44_sfd_sends_monthly_tapes_and_the_others_quarterly_ones() -> TestResult {
    on_each_backend(|p| {
        p.set_time("2025-05-10 09:00")?;
        let registry = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework,country,art44\n\
BF01,Caisse de Ouagadougou,mutual,savings_credit,true,true,bceao-sfd,BF,true\n\
BF02,Caisse de Bobo,mutual,savings_credit,true,true,bceao-sfd,BF,false\n";
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            registry.as_bytes(),
            "registry.csv",
            &Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        // BF01's March: due 15 December, 3.5 months before 31 March → class 1 at 40 %.
        let report = import(
            p,
            "BF01",
            "2025-M03",
            rcsfd_tape("2024-12-15").as_bytes(),
            "m.csv",
        )?;
        let s = stored(&report)?;
        assert_eq!(report.as_of.to_string(), "2025-03-31");
        assert_eq!(s.feed.submission().period.to_string(), "2025-M03");
        let mut conn = p.app.conn()?;
        let values = submission_values(&mut conn, s.feed.submission().id)?;
        assert_eq!(
            values
                .get(&Code::parse("loans.class1.provisions")?)
                .copied(),
            Some(Decimal::from(40_000))
        );
        // Its quarter is refused, naming the month to send; BF02's month names its quarter.
        for (inst, per, expected) in [
            (
                "BF01",
                "2025-Q1",
                IssueKind::ReportsMonthly {
                    institution: "BF01".into(),
                    period: "2025-Q1".into(),
                    instead: "2025-M03".into(),
                },
            ),
            (
                "BF02",
                "2025-M02",
                IssueKind::ReportsQuarterly {
                    institution: "BF02".into(),
                    period: "2025-M02".into(),
                    instead: "2025-Q1".into(),
                },
            ),
        ] {
            let refused = import(p, inst, per, rcsfd_tape("2024-12-15").as_bytes(), "t.csv")?;
            assert!(refused.refused(), "{per}");
            let kinds: Vec<&IssueKind> = refused.issues.iter().map(|i| &i.kind).collect();
            assert_eq!(kinds, [&expected], "{per}");
        }
        Ok(())
    })
}

#[test]
fn a_tape_stored_as_text_before_migration_14_is_read_as_before() -> TestResult {
    use mizan_core::ItemValues;
    use mizan_storage::loan_tapes::{NewLoanTape, ResultBody, ResultChunk, insert_loan_tape};
    on_each_backend(|p| {
        setup(p)?;
        // CI01's 2023-Q1 tape as a platform stored it before migration 000014, a text line a
        // loan: the first three loans of the worked example, EX02 restructured twice.
        let ci01 = code("CI01")?;
        let q1 = period("2023-Q1")?;
        let lines = "EX01,0,8505.00,0.00,false,,0,false,8400.00,false\n\
                     EX02,1,9800.00,2450.00,false,dpd,2,false,9800.00,false\n\
                     EX03,1,7350.00,1837.50,false,dpd,0,false,7350.00,false\n";
        let old = {
            let mut conn = p.app.conn()?;
            mizan_storage::periods::ensure_period(&mut conn, q1, "test", p.app.now())?;
            insert_loan_tape(
                &mut conn,
                &NewLoanTape {
                    institution: &ci01,
                    period: q1,
                    as_of: q1.end_date(),
                    previous_tape_id: None,
                    framework: "bam-mfi",
                    framework_version: "2023.1",
                    licence: "credit_institution",
                    received_at: p.app.now(),
                    submitted_by: "cli:test",
                    user_id: None,
                    channel: "cli",
                    source_name: "q1.csv",
                    source_format: "csv",
                    source_sha256: "text",
                    loans: 3,
                    metrics: "metric,value\n",
                    items: &ItemValues::new(),
                    warnings: &[],
                    submission_id: None,
                },
                &[ResultChunk {
                    loans: 3,
                    body: ResultBody::Lines(lines.into()),
                }],
            )?
        };
        // Exported as before.
        let export = text(&export_loans(&p.app, &Actor::system(), &ci01, q1)?)?;
        assert_eq!(
            export,
            "loan_id,class,provision_base,provision,irrecoverable,reasons\n\
             EX01,0,8505.00,0.00,false,\n\
             EX02,1,9800.00,2450.00,false,dpd\n\
             EX03,1,7350.00,1837.50,false,dpd\n"
        );
        // The next quarter-end is classified against it: EX02's count went down (2, then 0).
        let tape = text(&data("bam-mfi-examples/tape-2023q2.csv")?)?;
        let head: Vec<&str> = tape.lines().take(4).collect();
        let report = import(p, "CI01", "2023-Q2", head.join("\n").as_bytes(), "q2.csv")?;
        assert_eq!(report.previous.as_ref().map(|t| t.id), Some(old.id));
        assert!(
            report
                .issues
                .iter()
                .any(|i| i.place == Place::line_column(3, "restructure_count")
                    && i.kind
                        == IssueKind::RestructureCountDecreased {
                            previous: 2,
                            current: 0
                        }),
            "{:?}",
            report.issues
        );
        Ok(())
    })
}
