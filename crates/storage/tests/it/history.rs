//! History is immutable in the database itself: whatever the code does, the registry, periods,
//! submissions with their values, issues and decisions, the audit log, publications and their
//! links, and loan tapes with their results refuse `UPDATE` and `DELETE` — and, on PostgreSQL,
//! `TRUNCATE`. Staff decisions are rows of their own; the status is the latest decision.

use diesel::connection::SimpleConnection;
use mizan_storage::testing::TestDb;
use mizan_storage::{Backend, DbConnection};

use crate::{TestResult, on_each_backend};

/// One row in every table of history, written as raw SQL (portable to both backends).
const ROWS: &str = "
INSERT INTO institutions (id, code, created_at) VALUES (1, 'SA01', '2016-04-01 08:00:00');
INSERT INTO institution_versions (institution_id, valid_from, name, legal_form, structure,
    network_affiliated, collects_deposits, framework, owner_group, recorded_at, recorded_by)
    VALUES (1, NULL, 'Sassandra', 'sa', 'credit', 0, 0, 'apsfd-ci', NULL, '2016-04-01 08:00:00', 'cli');
INSERT INTO periods (code, opened_at, opened_by) VALUES ('2016-Q1', '2016-04-01 08:00:00', 'cli');
INSERT INTO submissions (id, institution_id, period, version, framework, framework_version,
    received_at, submitted_by, channel, source_name, source_format, source_sha256, content_sha256)
    VALUES (1, 1, '2016-Q1', 1, 'apsfd-ci', '2016', '2016-04-02 08:00:00', 'cli', 'cli',
    'r.csv', 'csv', 'aa', 'bb');
INSERT INTO submission_values (submission_id, item_values) VALUES (1, '{\"equity\":\"100.50\"}');
INSERT INTO submission_issues (submission_id, severity, place, item, kind, message, detail)
    VALUES (1, 'warning', 'line 2', 'equity', 'rule', 'm', '{}');
INSERT INTO submission_decisions (submission_id, status, comment, decided_by, decided_at)
    VALUES (1, 'accepted', NULL, 'chef', '2016-04-03 08:00:00');
INSERT INTO audit_log (at, actor, action, submission_id, institution, period, detail)
    VALUES ('2016-04-03 08:00:00', 'chef', 'submission.accepted', 1, 'SA01', '2016-Q1', 'v1');
INSERT INTO publications (id, framework, period, revision, framework_version, published_at,
    published_by, note, public_table, staff_table, disclosure, public_sha256)
    VALUES (1, 'apsfd-ci', '2016-Q1', 1, '2016', '2016-06-13 03:28:00', 'chef', NULL, '{}', '{}', '{}', 'cc');
INSERT INTO publication_submissions (publication_id, submission_id) VALUES (1, 1);
INSERT INTO loan_tapes (id, institution_id, period, version, as_of, previous_tape_id, framework,
    framework_version, licence, received_at, submitted_by, channel, source_name, source_format,
    source_sha256, loans, chunks, metrics, items, warnings, submission_id)
    VALUES (1, 1, '2016-Q1', 1, '2016-03-31', NULL, 'bam-mfi', '2023', 'association',
    '2016-04-02 08:00:00', 'cli', 'cli', 't.csv', 'csv', 'dd', 1, 1, '', '', '', 1);
INSERT INTO loan_results (tape_id, chunk, loans, body) VALUES (1, 0, 1, 'L1,1,0,0,0,,0,0');
INSERT INTO source_files (sha256, bytes) VALUES ('aa', '\\x6161');
";

/// Each statement, and the table it must not change.
const REFUSED: &[(&str, &str)] = &[
    ("institutions", "UPDATE institutions SET code = 'XX01'"),
    ("institutions", "DELETE FROM institutions"),
    (
        "institution_versions",
        "UPDATE institution_versions SET name = 'Autre'",
    ),
    ("institution_versions", "DELETE FROM institution_versions"),
    ("periods", "UPDATE periods SET opened_by = 'mallory'"),
    ("periods", "DELETE FROM periods"),
    ("submissions", "UPDATE submissions SET source_sha256 = 'ff'"),
    ("submissions", "UPDATE submissions SET version = 2"),
    (
        "submissions",
        "UPDATE submissions SET received_at = '2016-05-30 08:00:00'",
    ),
    ("submissions", "DELETE FROM submissions"),
    (
        "submission_values",
        "UPDATE submission_values SET item_values = '{\"equity\":\"999\"}'",
    ),
    ("submission_values", "DELETE FROM submission_values"),
    (
        "submission_issues",
        "UPDATE submission_issues SET severity = 'blocking'",
    ),
    ("submission_issues", "DELETE FROM submission_issues"),
    (
        "submission_decisions",
        "UPDATE submission_decisions SET status = 'rejected'",
    ),
    ("submission_decisions", "DELETE FROM submission_decisions"),
    ("audit_log", "UPDATE audit_log SET actor = 'mallory'"),
    ("audit_log", "DELETE FROM audit_log"),
    (
        "publications",
        "UPDATE publications SET public_table = '[]'",
    ),
    ("publications", "DELETE FROM publications"),
    (
        "publication_submissions",
        "UPDATE publication_submissions SET submission_id = 2",
    ),
    (
        "publication_submissions",
        "DELETE FROM publication_submissions",
    ),
    ("loan_tapes", "UPDATE loan_tapes SET loans = 2"),
    ("loan_tapes", "DELETE FROM loan_tapes"),
    ("loan_results", "UPDATE loan_results SET body = ''"),
    ("loan_results", "UPDATE loan_results SET packed = NULL"),
    ("loan_results", "DELETE FROM loan_results"),
    ("source_files", "UPDATE source_files SET sha256 = 'bb'"),
    ("source_files", "DELETE FROM source_files"),
];

const TABLES: &[&str] = &[
    "institutions",
    "institution_versions",
    "periods",
    "submissions",
    "submission_values",
    "submission_issues",
    "submission_decisions",
    "audit_log",
    "publications",
    "publication_submissions",
    "loan_tapes",
    "loan_results",
    "source_files",
];

fn count(conn: &mut DbConnection, table: &str) -> Result<i64, Box<dyn std::error::Error>> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<N> =
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).load(conn)?;
    Ok(rows.first().map_or(0, |r| r.n))
}

fn refused_everywhere(t: &TestDb) -> TestResult {
    let mut pooled = t.db.conn()?;
    let conn: &mut DbConnection = &mut pooled;
    conn.batch_execute(ROWS)?;
    for table in TABLES {
        assert_eq!(count(conn, table)?, 1, "{table} holds its row");
    }
    for (table, statement) in REFUSED {
        let result = conn.batch_execute(statement);
        assert!(result.is_err(), "{statement} was accepted");
        assert_eq!(count(conn, table)?, 1, "{table} after {statement}");
    }
    if t.backend() == Backend::Postgres {
        for table in TABLES {
            let statement = format!("TRUNCATE {table} CASCADE");
            assert!(
                conn.batch_execute(&statement).is_err(),
                "{statement} was accepted"
            );
            assert_eq!(count(conn, table)?, 1, "{table} after {statement}");
        }
    }
    // Appending stays possible: a second decision, a second version.
    conn.batch_execute(
        "INSERT INTO submission_decisions (submission_id, status, comment, decided_by, decided_at)
         VALUES (1, 'rejected', 'chiffres faux', 'chef', '2016-04-04 08:00:00')",
    )?;
    Ok(())
}

#[test]
fn history_refuses_update_delete_and_truncate() -> TestResult {
    on_each_backend(refused_everywhere)
}

#[test]
fn the_status_is_the_latest_decision_and_decisions_are_kept() -> TestResult {
    on_each_backend(|t| {
        let mut pooled = t.db.conn()?;
        let conn: &mut DbConnection = &mut pooled;
        conn.batch_execute(ROWS)?;
        let sub = |conn: &mut DbConnection| -> Result<_, Box<dyn std::error::Error>> {
            Ok(mizan_storage::submissions::submission(conn, 1)?.ok_or("no submission 1")?)
        };
        let first = sub(conn)?;
        assert_eq!(
            first.status,
            mizan_storage::submissions::SubmissionStatus::Accepted
        );
        assert_eq!(first.decided_by.as_deref(), Some("chef"));
        mizan_storage::submissions::set_status(
            conn,
            1,
            mizan_storage::submissions::SubmissionStatus::Rejected,
            Some("PAR 30 faux"),
            "cheffe",
            crate::at("2016-04-05 10:00:00")?,
        )?;
        let second = sub(conn)?;
        assert_eq!(
            second.status,
            mizan_storage::submissions::SubmissionStatus::Rejected
        );
        assert_eq!(second.status_comment.as_deref(), Some("PAR 30 faux"));
        assert_eq!(second.decided_by.as_deref(), Some("cheffe"));
        assert_eq!(
            count(conn, "submission_decisions")?,
            2,
            "both decisions kept"
        );
        // A decision cannot make a return unreviewed again.
        assert!(
            mizan_storage::submissions::set_status(
                conn,
                1,
                mizan_storage::submissions::SubmissionStatus::Received,
                None,
                "chef",
                crate::at("2016-04-06 10:00:00")?,
            )
            .is_err()
        );
        Ok(())
    })
}
