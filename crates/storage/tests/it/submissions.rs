use std::str::FromStr;

use mizan_core::{
    Attributes, Code, Decimal, InstitutionCode, Issue, IssueKind, ItemValues, LegalForm, Period,
    Place, Structure,
};
use mizan_storage::periods::{ensure_period, list_periods};
use mizan_storage::registry::record_institution;
use mizan_storage::submissions::{
    NewReturn, NewSubmission, SubmissionStatus, decisions_of, effective_returns,
    has_submission_file, insert_submission, insert_submissions, set_status, submission_file,
    submission_issues, submission_values, submissions_for_period, submissions_of_institution,
    versions, versions_of,
};
use mizan_storage::{DbConnection, StorageError};

use crate::{TestResult, at, on_each_backend};

fn setup(conn: &mut DbConnection, codes: &[&str]) -> TestResult {
    for code in codes {
        record_institution(
            conn,
            &InstitutionCode::parse(code)?,
            None,
            &Attributes {
                name: format!("Institution {code}"),
                legal_form: LegalForm::Sa,
                structure: Structure::DirectCredit,
                network_affiliated: false,
                collects_deposits: false,
                framework: "apsfd-ci".into(),
                owner_group: None,
                country: None,
                art44: false,
            },
            "staff",
            at("2016-04-01 08:00:00")?,
        )?;
    }
    ensure_period(
        conn,
        Period::parse("2016-Q1")?,
        "staff",
        at("2016-04-01 08:00:00")?,
    )?;
    Ok(())
}

fn values(pairs: &[(&str, &str)]) -> Result<ItemValues, Box<dyn std::error::Error>> {
    pairs
        .iter()
        .map(|(c, v)| Ok((Code::parse(c)?, Decimal::from_str(v)?)))
        .collect()
}

fn new<'a>(
    inst: &'a InstitutionCode,
    received: &str,
    sha: &'a str,
) -> Result<NewSubmission<'a>, Box<dyn std::error::Error>> {
    Ok(NewSubmission {
        institution: inst,
        period: Period::parse("2016-Q1")?,
        framework: "apsfd-ci",
        framework_version: "2016.1",
        received_at: at(received)?,
        submitted_by: "cli:test",
        user_id: None,
        channel: "cli",
        source_name: "returns.csv",
        source_format: "csv",
        source_sha256: sha,
        content_sha256: sha,
        version: None,
        file: None,
    })
}

#[test]
fn values_are_stored_exactly_and_resubmissions_are_new_versions() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SA01"])?;
        let sa01 = InstitutionCode::parse("SA01")?;
        let v1 = values(&[
            ("loans.outstanding", "1850679.25"),
            ("income.net", "-32.8300000000000000000000001"),
            ("loans.par30", "0.1"),
            ("equity", "79228162514264337593543950335"),
        ])?;
        let warning = Issue::warning(
            Place::line(3),
            IssueKind::Rule {
                rule: "par30_ge_par90".into(),
                message: "PAR 30 below PAR 90".into(),
                text: None,
                args: std::collections::BTreeMap::new(),
            },
        )
        .about("loans.par30");
        let first = insert_submission(
            &mut conn,
            &new(&sa01, "2016-04-10 09:00:00", "aaa")?,
            &v1,
            std::slice::from_ref(&warning),
        )?;
        assert_eq!((first.version, first.warnings), (1, 1));
        assert_eq!(first.status, SubmissionStatus::Received);
        assert_eq!(submission_values(&mut conn, first.id)?, v1);
        let issues = submission_issues(&mut conn, first.id)?;
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].issue, warning);
        assert_eq!(
            issues[0].message,
            "line 3: item loans.par30: PAR 30 below PAR 90 [par30_ge_par90]"
        );

        let v2 = values(&[("loans.outstanding", "2000000")])?;
        let second = insert_submission(
            &mut conn,
            &new(&sa01, "2016-04-12 09:00:00", "bbb")?,
            &v2,
            &[],
        )?;
        assert_eq!(second.version, 2);
        // The first version is kept as it was.
        assert_eq!(submission_values(&mut conn, first.id)?, v1);
        let all = versions(&mut conn, &sa01, Period::parse("2016-Q1")?)?;
        assert_eq!(all.iter().map(|s| s.version).collect::<Vec<_>>(), [1, 2]);
        Ok(())
    })
}

#[test]
fn the_effective_return_is_the_latest_version_not_rejected() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SA01", "SA02"])?;
        let (a, b) = (
            InstitutionCode::parse("SA01")?,
            InstitutionCode::parse("SA02")?,
        );
        let p = Period::parse("2016-Q1")?;
        let a1 = insert_submission(
            &mut conn,
            &new(&b, "2016-04-05 09:00:00", "b1")?,
            &values(&[("equity", "5")])?,
            &[],
        )?;
        insert_submission(
            &mut conn,
            &new(&a, "2016-04-06 09:00:00", "a1")?,
            &values(&[("equity", "1")])?,
            &[],
        )?;
        let a2 = insert_submission(
            &mut conn,
            &new(&a, "2016-04-07 09:00:00", "a2")?,
            &values(&[("equity", "2")])?,
            &[],
        )?;
        set_status(
            &mut conn,
            a2.id,
            SubmissionStatus::Rejected,
            Some("équité fausse"),
            "staff",
            at("2016-04-08 09:00:00")?,
        )?;
        let eff = effective_returns(&mut conn, p)?;
        let got: Vec<(String, i32, String)> = eff
            .iter()
            .map(|(s, v)| {
                (
                    s.institution.to_string(),
                    s.version,
                    v.values().map(ToString::to_string).collect(),
                )
            })
            .collect();
        // In order of first reception: SA02 first; SA01's rejected version 2 does not count.
        assert_eq!(
            got,
            [
                ("SA02".into(), 1, "5".into()),
                ("SA01".into(), 1, "1".into())
            ]
        );
        assert_eq!(eff[0].0.id, a1.id);
        let all = submissions_for_period(&mut conn, p)?;
        assert_eq!(all.len(), 3);
        let rejected = all.iter().find(|s| s.id == a2.id);
        assert_eq!(
            rejected.and_then(|s| s.status_comment.as_deref()),
            Some("équité fausse")
        );
        Ok(())
    })
}

#[test]
fn a_submission_for_an_unknown_institution_stores_nothing() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &[])?;
        let ghost = InstitutionCode::parse("GHOST")?;
        let err = insert_submission(
            &mut conn,
            &new(&ghost, "2016-04-05 09:00:00", "x")?,
            &values(&[("equity", "1")])?,
            &[],
        );
        assert!(matches!(err, Err(StorageError::NotFound(_))), "{err:?}");
        assert!(submissions_for_period(&mut conn, Period::parse("2016-Q1")?)?.is_empty());
        Ok(())
    })
}

#[test]
fn periods_are_opened_once() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let p = Period::parse("2016-Q2")?;
        assert!(ensure_period(
            &mut conn,
            p,
            "staff",
            at("2016-07-01 00:00:00")?
        )?);
        assert!(!ensure_period(
            &mut conn,
            p,
            "staff",
            at("2016-07-02 00:00:00")?
        )?);
        assert_eq!(list_periods(&mut conn)?.len(), 1);
        Ok(())
    })
}

/// Rows of a table.
fn rows_of(conn: &mut DbConnection, table: &str) -> Result<i64, Box<dyn std::error::Error>> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: Vec<N> = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).load(conn)?;
    Ok(n.first().map_or(0, |r| r.n))
}

#[test]
fn the_original_file_is_kept_byte_for_byte_once_for_its_returns() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SA01", "SA02", "SA03"])?;
        let sa01 = InstitutionCode::parse("SA01")?;
        let sa02 = InstitutionCode::parse("SA02")?;
        let sa03 = InstitutionCode::parse("SA03")?;
        // Every byte value, a NUL, invalid UTF-8, an xlsx signature.
        let mut bytes: Vec<u8> = b"PK\x03\x04".to_vec();
        bytes.extend((0..=255u8).cycle().take(70_000));
        // One file holding the returns of two institutions.
        let mut kept = Vec::new();
        for inst in [&sa01, &sa02] {
            kept.push(insert_submission(
                &mut conn,
                &NewSubmission {
                    file: Some(&bytes),
                    ..new(inst, "2016-04-10 09:00:00", "aaa")?
                },
                &values(&[("equity", "1")])?,
                &[],
            )?);
        }
        for k in &kept {
            assert_eq!(
                submission_file(&mut conn, k.id)?.as_deref(),
                Some(&bytes[..])
            );
            assert!(has_submission_file(&mut conn, k.id)?);
        }
        assert_eq!(rows_of(&mut conn, "source_files")?, 1, "kept once");
        // Without a file (stored before files were kept, or fed by a loan tape): none.
        let without = insert_submission(
            &mut conn,
            &new(&sa03, "2016-04-10 09:00:00", "bbb")?,
            &values(&[("equity", "1")])?,
            &[],
        )?;
        assert_eq!(submission_file(&mut conn, without.id)?, None);
        assert!(!has_submission_file(&mut conn, without.id)?);
        // The file is history: neither changed nor removed.
        use diesel::connection::SimpleConnection;
        let raw: &mut DbConnection = &mut conn;
        assert!(raw.batch_execute("DELETE FROM source_files").is_err());
        assert!(
            raw.batch_execute("UPDATE source_files SET sha256 = 'ccc'")
                .is_err()
        );
        assert_eq!(
            submission_file(raw, kept[0].id)?.map(|b| b.len()),
            Some(bytes.len())
        );
        Ok(())
    })
}

#[test]
fn a_refused_insert_keeps_no_file() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SA01"])?;
        let sa01 = InstitutionCode::parse("SA01")?;
        let first = insert_submission(
            &mut conn,
            &NewSubmission {
                file: Some(b"a;b"),
                version: Some(1),
                ..new(&sa01, "2016-04-10 09:00:00", "aaa")?
            },
            &values(&[("equity", "1")])?,
            &[],
        )?;
        // The same version again: a conflict, and nothing of it stored (its file neither).
        let again = insert_submission(
            &mut conn,
            &NewSubmission {
                file: Some(b"c;d"),
                version: Some(1),
                ..new(&sa01, "2016-04-11 09:00:00", "ccc")?
            },
            &values(&[("equity", "2")])?,
            &[],
        );
        assert!(matches!(again, Err(StorageError::Conflict(_))), "{again:?}");
        assert_eq!(
            submission_file(&mut conn, first.id)?.as_deref(),
            Some(&b"a;b"[..])
        );
        assert_eq!(rows_of(&mut conn, "source_files")?, 1);
        Ok(())
    })
}

#[test]
fn every_decision_on_a_submission_is_listed_oldest_first() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SA01"])?;
        let sa01 = InstitutionCode::parse("SA01")?;
        let sub = insert_submission(
            &mut conn,
            &new(&sa01, "2016-04-10 09:00:00", "aaa")?,
            &values(&[("equity", "1")])?,
            &[],
        )?;
        assert!(decisions_of(&mut conn, sub.id)?.is_empty());
        set_status(
            &mut conn,
            sub.id,
            SubmissionStatus::Rejected,
            Some("PAR faux"),
            "chef",
            at("2016-04-11 09:00:00")?,
        )?;
        set_status(
            &mut conn,
            sub.id,
            SubmissionStatus::Accepted,
            None,
            "cheffe",
            at("2016-04-12 09:00:00")?,
        )?;
        let all = decisions_of(&mut conn, sub.id)?;
        assert_eq!(
            all.iter()
                .map(|d| (d.status, d.comment.as_deref(), d.decided_by.as_str()))
                .collect::<Vec<_>>(),
            [
                (SubmissionStatus::Rejected, Some("PAR faux"), "chef"),
                (SubmissionStatus::Accepted, None, "cheffe"),
            ]
        );
        assert_eq!(all[1].decided_at, at("2016-04-12 09:00:00")?);
        Ok(())
    })
}

/// More warnings than one multi-row insert carries on either backend (PostgreSQL: 65,535 bound
/// parameters, 9,362 issues a statement; SQLite: 32,766, 4,680), and tens of thousands of
/// values (one row, whatever their number): everything comes back exactly, in order, and a
/// later version leaves them as they were.
#[test]
fn a_submission_larger_than_one_insert_is_stored_and_read_back_whole() -> TestResult {
    const VALUES: usize = 40_000;
    const WARNINGS: usize = 10_000;
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SA01"])?;
        let sa01 = InstitutionCode::parse("SA01")?;
        let many: ItemValues = (0..VALUES)
            .map(|i| {
                let sign = if i % 7 == 1 { "-" } else { "" };
                Ok((
                    Code::parse(&format!("bulk.item_{i:05}"))?,
                    Decimal::from_str(&format!("{sign}{i}.{:03}", i % 1000))?,
                ))
            })
            .collect::<Result<_, Box<dyn std::error::Error>>>()?;
        assert_eq!(many.len(), VALUES);
        let warnings: Vec<Issue> = (0..WARNINGS)
            .zip(2_u64..)
            .map(|(i, line)| {
                let issue = Issue::warning(
                    Place::line(line),
                    IssueKind::Rule {
                        rule: format!("rule_{i}"),
                        message: format!("warning {i}"),
                        text: None,
                        args: std::collections::BTreeMap::new(),
                    },
                );
                // Half name an item (bound text), half none (bound NULL).
                if i % 2 == 0 {
                    issue.about(format!("bulk.item_{i:05}"))
                } else {
                    issue
                }
            })
            .collect();
        let stored = insert_submission(
            &mut conn,
            &new(&sa01, "2016-04-10 09:00:00", "big")?,
            &many,
            &warnings,
        )?;
        assert_eq!(stored.warnings, i64::try_from(WARNINGS)?);
        // One row a submission, whatever its number of values.
        assert_eq!(rows_of(&mut conn, "submission_values")?, 1);
        assert_eq!(submission_values(&mut conn, stored.id)?, many);
        let back = submission_issues(&mut conn, stored.id)?;
        assert_eq!(back.len(), WARNINGS);
        for (got, sent) in back.iter().zip(&warnings) {
            assert_eq!(&got.issue, sent);
            assert_eq!(got.message, sent.to_string());
        }

        let small = values(&[("loans.outstanding", "1")])?;
        let second = insert_submission(
            &mut conn,
            &new(&sa01, "2016-04-11 09:00:00", "small")?,
            &small,
            &[],
        )?;
        assert_eq!(second.version, 2);
        assert_eq!(submission_values(&mut conn, second.id)?, small);
        assert_eq!(submission_values(&mut conn, stored.id)?, many);
        assert_eq!(rows_of(&mut conn, "submission_values")?, 2);
        Ok(())
    })
}

/// A file's returns stored in one batch: every version, value and warning as if stored one by
/// one, the records in the order given, the file kept once, and the versions of every
/// (institution, period) read back at once. A batch in which one version was already taken
/// stores nothing at all.
#[test]
fn a_batch_is_stored_whole_in_order_or_not_at_all() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let codes = ["SA03", "SA01", "MU02"];
        setup(&mut conn, &codes)?;
        let codes: Vec<InstitutionCode> = codes
            .iter()
            .map(|c| InstitutionCode::parse(c))
            .collect::<Result<_, _>>()?;
        // SA01 already has a version 1 of the quarter.
        let earlier = insert_submission(
            &mut conn,
            &new(&codes[1], "2016-04-09 09:00:00", "old")?,
            &values(&[("equity", "1")])?,
            &[],
        )?;
        let warning = Issue::warning(
            Place::line(2),
            IssueKind::Rule {
                rule: "jump".into(),
                message: "jump".into(),
                text: None,
                args: std::collections::BTreeMap::new(),
            },
        )
        .about("equity");
        let file = b"institution,period,item,value\n".as_slice();
        let sets = [
            values(&[("equity", "-12.50"), ("loans.outstanding", "1850679")])?,
            values(&[("equity", "2.000")])?,
            values(&[("loans.par30", "0.0441")])?,
        ];
        let warnings = [vec![], vec![warning.clone(), warning], vec![]];
        let batch = |versions: [i32; 3]| -> Result<Vec<NewReturn<'_>>, Box<dyn std::error::Error>> {
            codes
                .iter()
                .zip(&sets)
                .zip(&warnings)
                .zip(versions)
                .map(|(((code, v), w), version)| {
                    Ok(NewReturn {
                        submission: NewSubmission {
                            version: Some(version),
                            file: Some(file),
                            ..new(code, "2016-04-10 09:00:00", "file")?
                        },
                        values: v,
                        issues: w,
                    })
                })
                .collect()
        };
        // SA01's version 1 is taken: nothing of the batch is stored.
        let refused = insert_submissions(&mut conn, &batch([1, 1, 1])?);
        assert!(
            matches!(refused, Err(StorageError::Conflict(_))),
            "{refused:?}"
        );
        assert_eq!(rows_of(&mut conn, "submissions")?, 1);
        assert_eq!(rows_of(&mut conn, "submission_values")?, 1);
        assert_eq!(rows_of(&mut conn, "source_files")?, 0);

        let stored = insert_submissions(&mut conn, &batch([1, 2, 1])?)?;
        let got: Vec<(&str, i32, i64)> = stored
            .iter()
            .map(|r| (r.institution.as_str(), r.version, r.warnings))
            .collect();
        assert_eq!(got, [("SA03", 1, 0), ("SA01", 2, 2), ("MU02", 1, 0)]);
        for (record, sent) in stored.iter().zip(&sets) {
            assert_eq!(&submission_values(&mut conn, record.id)?, sent);
            assert_eq!(
                submission_file(&mut conn, record.id)?.as_deref(),
                Some(file)
            );
        }
        assert_eq!(submission_issues(&mut conn, stored[1].id)?.len(), 2);
        assert_eq!(rows_of(&mut conn, "source_files")?, 1);

        let q1 = Period::parse("2016-Q1")?;
        let q2 = Period::parse("2016-Q2")?;
        let keys: Vec<(&InstitutionCode, Period)> =
            vec![(&codes[0], q1), (&codes[1], q1), (&codes[2], q2)];
        let found = versions_of(&mut conn, &keys)?;
        let sa01: Vec<(i64, i32)> = found
            .get(&(codes[1].clone(), q1))
            .map(|v| v.iter().map(|r| (r.id, r.version)).collect())
            .unwrap_or_default();
        assert_eq!(sa01, [(earlier.id, 1), (stored[1].id, 2)]);
        assert_eq!(found.get(&(codes[0].clone(), q1)).map(Vec::len), Some(1));
        // MU02 was asked for another quarter: its 2016-Q1 version is not in the answer.
        assert!(!found.contains_key(&(codes[2].clone(), q2)));
        assert!(!found.contains_key(&(codes[2].clone(), q1)));
        assert_eq!(
            versions(&mut conn, &codes[1], q1)?,
            versions_in(&found, &codes[1], q1)
        );
        Ok(())
    })
}

fn versions_in(
    found: &std::collections::HashMap<
        (InstitutionCode, Period),
        Vec<mizan_storage::submissions::SubmissionRecord>,
    >,
    code: &InstitutionCode,
    period: Period,
) -> Vec<mizan_storage::submissions::SubmissionRecord> {
    found
        .get(&(code.clone(), period))
        .cloned()
        .unwrap_or_default()
}

/// An institution that became a monthly reporter has quarters and months: its history is in
/// the order of the periods (by their last day), not of their text (`2016-M06` sorts before
/// `2016-Q1` as text but ends three months after it).
#[test]
fn an_institutions_history_is_in_the_order_of_its_periods() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn, &["SN01"])?;
        let sn01 = InstitutionCode::parse("SN01")?;
        let mut send = |period: &str, received: &str, sha: &str| -> TestResult {
            let period = Period::parse(period)?;
            ensure_period(&mut conn, period, "staff", at("2016-04-01 08:00:00")?)?;
            let sub = NewSubmission {
                period,
                ..new(&sn01, received, sha)?
            };
            insert_submission(&mut conn, &sub, &values(&[("loans.count", "1")])?, &[])?;
            Ok(())
        };
        send("2016-Q1", "2016-04-10 09:00:00", "q1a")?;
        send("2016-M06", "2016-07-10 09:00:00", "m06")?;
        send("2016-Q1", "2016-04-12 09:00:00", "q1b")?;
        send("2015-M12", "2016-01-10 09:00:00", "m12")?;
        let history: Vec<String> = submissions_of_institution(&mut conn, &sn01)?
            .iter()
            .map(|s| format!("{} v{}", s.period, s.version))
            .collect();
        assert_eq!(
            history,
            ["2016-M06 v1", "2016-Q1 v2", "2016-Q1 v1", "2015-M12 v1"]
        );
        Ok(())
    })
}
