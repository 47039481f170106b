use std::str::FromStr;

use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use mizan_core::{
    Attributes, Code, Decimal, InstitutionCode, Issue, IssueKind, ItemValues, LegalForm, Period,
    Place, Structure,
};
use mizan_storage::loan_tapes::{
    LoanTapeRecord, NewLoanTape, ResultBody, ResultChunk, ResultsWriter, finish_loan_tape,
    for_each_result_chunk, insert_loan_tape, latest_loan_tape, loan_tape, loan_tape_versions,
    loan_tapes_for_period,
};
use mizan_storage::periods::ensure_period;
use mizan_storage::registry::record_institution;
use mizan_storage::{DbConnection, StorageError};

use crate::{TestResult, at, on_each_backend};

fn setup(conn: &mut DbConnection) -> TestResult {
    for (code, form) in [("CI01", LegalForm::Sa), ("AS01", LegalForm::Association)] {
        record_institution(
            conn,
            &InstitutionCode::parse(code)?,
            None,
            &Attributes {
                name: format!("Institution {code}"),
                legal_form: form,
                structure: Structure::DirectCredit,
                network_affiliated: false,
                collects_deposits: false,
                framework: "bam-mfi".into(),
                owner_group: None,
                country: None,
                art44: false,
            },
            "staff",
            at("2023-04-01 08:00:00")?,
        )?;
    }
    for p in ["2023-Q1", "2023-Q2"] {
        ensure_period(conn, Period::parse(p)?, "staff", at("2023-04-01 08:00:00")?)?;
    }
    Ok(())
}

fn items(pairs: &[(&str, &str)]) -> Result<ItemValues, Box<dyn std::error::Error>> {
    pairs
        .iter()
        .map(|(c, v)| Ok((Code::parse(c)?, Decimal::from_str(v)?)))
        .collect()
}

fn chunk(lines: &[&str]) -> Result<ResultChunk, Box<dyn std::error::Error>> {
    Ok(ResultChunk {
        loans: u32::try_from(lines.len())?,
        body: ResultBody::Lines(lines.iter().map(|l| format!("{l}\n")).collect()),
    })
}

/// A tape as the tests store it: what varies is given, the rest fixed.
fn new_tape<'a>(
    code: &'a InstitutionCode,
    period: Period,
    sha: &'a str,
    loans: u64,
    values: &'a ItemValues,
    warnings: &'a [Issue],
) -> NewLoanTape<'a> {
    NewLoanTape {
        institution: code,
        period,
        as_of: period.end_date(),
        previous_tape_id: None,
        framework: "bam-mfi",
        framework_version: "2023.1",
        licence: "credit_institution",
        received_at: NaiveDate::from_ymd_opt(2023, 4, 10)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap_or_default(),
        submitted_by: "cli:test",
        user_id: None,
        channel: "cli",
        source_name: "tape.csv",
        source_format: "csv",
        source_sha256: sha,
        loans,
        metrics: "metric,value\ncount.total,3\n",
        items: values,
        warnings,
        submission_id: None,
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a test helper spelling out what varies between tapes"
)]
fn store(
    conn: &mut DbConnection,
    inst: &str,
    period: &str,
    sha: &str,
    loans: u64,
    chunks: &[ResultChunk],
    values: &ItemValues,
    warnings: &[Issue],
) -> Result<LoanTapeRecord, StorageError> {
    let code = InstitutionCode::parse(inst).map_err(|e| StorageError::NotFound(e.to_string()))?;
    let period = Period::parse(period).map_err(|e| StorageError::NotFound(e.to_string()))?;
    insert_loan_tape(
        conn,
        &new_tape(&code, period, sha, loans, values, warnings),
        chunks,
    )
}

fn read_back(
    conn: &mut DbConnection,
    tape: &LoanTapeRecord,
) -> Result<Vec<ResultChunk>, StorageError> {
    let mut out = Vec::new();
    for_each_result_chunk(conn, tape, |c| -> Result<(), StorageError> {
        out.push(c.clone());
        Ok(())
    })?;
    Ok(out)
}

#[test]
fn tapes_are_versions_and_their_chunks_read_back_in_order() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn)?;
        let values = items(&[("loans.outstanding", "1850679.25"), ("loans.count", "3")])?;
        let warning = Issue::warning(
            Place::line_column(3, "reserved_interest"),
            IssueKind::Inconsistent {
                field: "reserved_interest".into(),
                reason: "above accrued interest".into(),
            },
        );
        let chunks = vec![
            chunk(&[
                "L1,0,100.00,0.00,false,,0,false",
                "L2,1,10.10,2.53,false,dpd,0,false",
            ])?,
            chunk(&["\"L,3\",4,5.00,5.00,true,compromised,3,false"])?,
        ];
        let v1 = store(
            &mut conn,
            "CI01",
            "2023-Q1",
            "aaa",
            3,
            &chunks,
            &values,
            std::slice::from_ref(&warning),
        )?;
        assert_eq!((v1.version, v1.loans, v1.chunks), (1, 3, 2));
        assert_eq!(
            v1.as_of,
            NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?
        );
        assert_eq!(v1.items, values);
        assert_eq!(v1.warnings, vec![warning]);
        assert_eq!(read_back(&mut conn, &v1)?, chunks);
        // A re-import is a new version; the first stays as it was.
        let v2 = store(
            &mut conn,
            "CI01",
            "2023-Q1",
            "bbb",
            1,
            &[chunk(&["L1,0,100.00,0.00,false,,0,false"])?],
            &values,
            &[],
        )?;
        assert_eq!(v2.version, 2);
        let other = store(&mut conn, "AS01", "2023-Q1", "aaa", 0, &[], &values, &[])?;
        assert_eq!((other.version, other.chunks), (1, 0));
        assert!(read_back(&mut conn, &other)?.is_empty());
        let ci01 = InstitutionCode::parse("CI01")?;
        let q1 = Period::parse("2023-Q1")?;
        let versions = loan_tape_versions(&mut conn, &ci01, q1)?;
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(versions[0], v1);
        assert_eq!(latest_loan_tape(&mut conn, &ci01, q1)?, Some(v2.clone()));
        assert_eq!(
            latest_loan_tape(&mut conn, &ci01, Period::parse("2023-Q2")?)?,
            None
        );
        assert_eq!(loan_tape(&mut conn, v1.id)?, Some(v1.clone()));
        assert_eq!(loan_tapes_for_period(&mut conn, q1)?.len(), 3);
        Ok(())
    })
}

#[test]
fn a_tape_is_stored_whole_or_not_at_all() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn)?;
        let values = items(&[("loans.count", "2")])?;
        // Chunks that do not hold the loans counted: refused before anything is written.
        let wrong = store(
            &mut conn,
            "CI01",
            "2023-Q1",
            "aaa",
            3,
            &[chunk(&["L1,0,1.00,0.00,false,,0,false"])?],
            &values,
            &[],
        );
        assert!(
            matches!(wrong, Err(StorageError::Corrupt { .. })),
            "{wrong:?}"
        );
        // Inside the caller's transaction, a failure after the tape rolls everything back.
        let one = [chunk(&["L1,0,1.00,0.00,false,,0,false"])?];
        let outcome = mizan_storage::transaction(&mut conn, |c| -> Result<(), StorageError> {
            store(c, "CI01", "2023-Q1", "aaa", 1, &one, &values, &[])?;
            Err(StorageError::NotFound("something after the tape".into()))
        });
        assert!(outcome.is_err());
        let ci01 = InstitutionCode::parse("CI01")?;
        let q1 = Period::parse("2023-Q1")?;
        assert!(loan_tape_versions(&mut conn, &ci01, q1)?.is_empty());
        let unknown = InstitutionCode::parse("ZZ99")?;
        let missing = insert_loan_tape(
            &mut conn,
            &NewLoanTape {
                institution: &unknown,
                period: q1,
                as_of: q1.end_date(),
                previous_tape_id: None,
                framework: "bam-mfi",
                framework_version: "2023.1",
                licence: "association",
                received_at: at("2023-04-10 09:00:00")?,
                submitted_by: "cli:test",
                user_id: None,
                channel: "cli",
                source_name: "t.csv",
                source_format: "csv",
                source_sha256: "x",
                loans: 0,
                metrics: "",
                items: &values,
                warnings: &[],
                submission_id: None,
            },
            &[],
        );
        assert!(
            matches!(missing, Err(StorageError::NotFound(_))),
            "{missing:?}"
        );
        Ok(())
    })
}

#[test]
fn tapes_and_results_are_never_overwritten_and_gaps_are_corruption() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn)?;
        let values = items(&[("loans.count", "1")])?;
        let tape = store(
            &mut conn,
            "CI01",
            "2023-Q1",
            "aaa",
            1,
            &[chunk(&["L1,0,1.00,0.00,false,,0,false"])?],
            &values,
            &[],
        )?;
        let c: &mut DbConnection = &mut conn;
        for sql in [
            format!("UPDATE loan_tapes SET loans = 5 WHERE id = {}", tape.id),
            format!("DELETE FROM loan_tapes WHERE id = {}", tape.id),
            format!(
                "UPDATE loan_results SET body = 'x' WHERE tape_id = {}",
                tape.id
            ),
            format!("DELETE FROM loan_results WHERE tape_id = {}", tape.id),
        ] {
            assert!(c.batch_execute(&sql).is_err(), "{sql} was accepted");
        }
        assert_eq!(loan_tape(c, tape.id)?, Some(tape.clone()));
        // A tape whose chunks are not all there is reported, not read partially.
        let claims_two = LoanTapeRecord {
            chunks: 2,
            loans: 2,
            ..tape.clone()
        };
        let read = read_back(c, &claims_two);
        assert!(
            matches!(read, Err(StorageError::Corrupt { .. })),
            "{read:?}"
        );
        let claims_more = LoanTapeRecord { loans: 7, ..tape };
        let read = read_back(c, &claims_more);
        assert!(
            matches!(read, Err(StorageError::Corrupt { .. })),
            "{read:?}"
        );
        Ok(())
    })
}

/// Result chunks of more text than one insert carries (8 MiB) and more chunks than one
/// statement's rows: every chunk comes back exactly, in order.
#[test]
fn results_larger_than_one_insert_read_back_whole_and_in_order() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn)?;
        let values = items(&[("loans.count", "1")])?;
        // Three chunks of 3.5 MB (two statements), then 300 one-line chunks, every other one
        // packed (the bytes, any bytes, come back as they were given, in their column).
        let line = |n: usize| format!("L{n},0,{n}.00,0.00,false,,0,false");
        let big: Vec<ResultChunk> = (0..3)
            .map(|c| {
                let lines: Vec<String> = (0..100_000).map(|n| line(c * 100_000 + n)).collect();
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                chunk(&refs)
            })
            .collect::<Result<_, _>>()?;
        assert!(big.iter().all(|c| c.body.len() > 3 << 20));
        let small: Vec<ResultChunk> = (0..300)
            .map(|n| {
                let mut c = chunk(&[line(300_000 + n).as_str()])?;
                if n % 2 == 1 {
                    let mut bytes = line(n).into_bytes();
                    bytes.extend([0, 0xff, 0x80, b'\n']);
                    c.body = ResultBody::Packed(bytes);
                }
                Ok::<_, Box<dyn std::error::Error>>(c)
            })
            .collect::<Result<_, _>>()?;
        let chunks: Vec<ResultChunk> = big.into_iter().chain(small).collect();
        let loans: u64 = chunks.iter().map(|c| u64::from(c.loans)).sum();
        let tape = store(
            &mut conn,
            "CI01",
            "2023-Q1",
            "big",
            loans,
            &chunks,
            &values,
            &[],
        )?;
        assert_eq!((tape.loans, tape.chunks), (300_300, 303));
        assert_eq!(read_back(&mut conn, &tape)?, chunks);
        Ok(())
    })
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows of `loan_results`, whatever their tape.
fn result_rows(conn: &mut DbConnection) -> Result<i64, StorageError> {
    use diesel::RunQueryDsl;
    let query = diesel::sql_query("SELECT COUNT(*) AS n FROM loan_results");
    let count: Count = match conn {
        DbConnection::Postgres(c) => query.get_result(c),
        DbConnection::Sqlite(c) => query.get_result(c),
    }?;
    Ok(count.n)
}

/// Results written as the loans are classified, before their tape: kept only with it. A
/// transaction that rolls back keeps none; one that would commit chunks without their tape is
/// refused at its commit; outside a transaction the writer does not start.
#[test]
fn results_written_before_their_tape_are_kept_only_with_it() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        setup(&mut conn)?;
        let code = InstitutionCode::parse("CI01")?;
        let q1 = Period::parse("2023-Q1")?;
        let values = items(&[("loans.count", "3")])?;
        let one = chunk(&["L1,0,100.00,0.00,false,,0,false,100.00,false"])?;
        assert!(ResultsWriter::begin(&mut conn).is_err());

        let rolled_back = mizan_storage::transaction(&mut conn, |c| {
            let mut w = ResultsWriter::begin(c)?;
            w.write(c, std::slice::from_ref(&one))?;
            w.write(c, std::slice::from_ref(&one))?;
            assert_eq!((w.chunks(), w.loans()), (2, 2));
            Err::<(), _>(StorageError::NotFound("the tape was refused".into()))
        });
        assert!(rolled_back.is_err());
        assert_eq!(result_rows(&mut conn)?, 0);

        let without_tape = mizan_storage::transaction(&mut conn, |c| {
            let mut w = ResultsWriter::begin(c)?;
            w.write(c, std::slice::from_ref(&one))?;
            Ok::<_, StorageError>(w.tape_id())
        });
        assert!(without_tape.is_err(), "{without_tape:?}");
        assert_eq!(result_rows(&mut conn)?, 0);

        // A loan count that is not the chunks': refused, nothing kept.
        let miscounted = mizan_storage::transaction(&mut conn, |c| {
            let mut w = ResultsWriter::begin(c)?;
            w.write(c, std::slice::from_ref(&one))?;
            finish_loan_tape(c, &new_tape(&code, q1, "x", 2, &values, &[]), w)
        });
        assert!(matches!(miscounted, Err(StorageError::Corrupt { .. })));
        assert_eq!(result_rows(&mut conn)?, 0);

        let tape = mizan_storage::transaction(&mut conn, |c| {
            let mut w = ResultsWriter::begin(c)?;
            let id = w.tape_id();
            for _ in 0..3 {
                w.write(c, std::slice::from_ref(&one))?;
            }
            let tape = finish_loan_tape(c, &new_tape(&code, q1, "sha", 3, &values, &[]), w)?;
            assert_eq!(tape.id, id);
            Ok::<_, StorageError>(tape)
        })?;
        assert_eq!((tape.version, tape.loans, tape.chunks), (1, 3, 3));
        assert_eq!(read_back(&mut conn, &tape)?, vec![one.clone(); 3]);
        assert_eq!(loan_tape(&mut conn, tape.id)?.as_ref(), Some(&tape));
        // The next tape gets the next id and version, through either way of storing.
        let next = store(
            &mut conn,
            "CI01",
            "2023-Q1",
            "other",
            1,
            std::slice::from_ref(&one),
            &values,
            &[],
        )?;
        assert!(next.id > tape.id);
        assert_eq!(next.version, 2);
        assert_eq!(result_rows(&mut conn)?, 4);
        Ok(())
    })
}
