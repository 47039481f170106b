use diesel::connection::SimpleConnection;
use mizan_storage::registry::load_registry;
use mizan_storage::submissions::submission_values;
use mizan_storage::{DbConnection, migrate, revert_all, revert_latest};

use crate::{TestResult, on_each_backend};

/// Reverts the latest migrations down to the one whose name holds `number`, included.
fn revert_through(conn: &mut DbConnection, number: &str) -> TestResult {
    for _ in 0..100 {
        if revert_latest(conn)?.contains(number) {
            return Ok(());
        }
    }
    Err(format!("migration {number} was never reverted").into())
}

#[test]
fn migrations_apply_revert_and_apply_again() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        // Already migrated by the harness: nothing pending.
        assert!(migrate(&mut conn)?.is_empty());
        let reverted = revert_all(&mut conn)?;
        assert!(reverted >= 1);
        let applied = migrate(&mut conn)?;
        assert_eq!(applied.len(), reverted);
        Ok(())
    })
}

#[test]
fn both_trees_have_the_same_migrations() -> TestResult {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let names = |tree: &str| -> Result<Vec<String>, std::io::Error> {
        let mut v: Vec<String> = std::fs::read_dir(root.join(tree))?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        Ok(v)
    };
    let sqlite = names("sqlite")?;
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres")?);
    for name in &sqlite {
        for tree in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = root.join(tree).join(name).join(file);
                assert!(path.is_file(), "{} is missing", path.display());
            }
        }
    }
    Ok(())
}

#[test]
fn sqlite_connections_enforce_foreign_keys() -> TestResult {
    let t = mizan_storage::testing::sqlite()?;
    let mut conn = t.db.conn()?;
    let conn: &mut DbConnection = &mut conn;
    let refused = conn.batch_execute(
        "INSERT INTO submission_values (submission_id, item_values) VALUES (424242, '{}')",
    );
    assert!(
        refused.is_err(),
        "a value of a missing submission was accepted"
    );
    Ok(())
}

/// The values of submissions stored a row per item before migration 000011 are read back the
/// same from its one row per submission, and are rows per item again, the same text, when it
/// is reverted: the change of layout moves every value as written.
#[test]
fn values_survive_the_change_to_one_row_per_submission() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let conn: &mut DbConnection = &mut conn;
        revert_through(conn, "000011")?;
        conn.batch_execute(
            "INSERT INTO institutions (id, code, created_at) VALUES (1, 'SA01', '2016-04-01 08:00:00');
             INSERT INTO periods (code, opened_at, opened_by) VALUES ('2016-Q1', '2016-04-01 08:00:00', 'cli');
             INSERT INTO submissions (id, institution_id, period, version, framework, framework_version,
                 received_at, submitted_by, channel, source_name, source_format, source_sha256, content_sha256)
                 VALUES (1, 1, '2016-Q1', 1, 'apsfd-ci', '2016', '2016-04-02 08:00:00', 'cli', 'cli',
                 'r.csv', 'csv', 'aa', 'bb'),
                 (2, 1, '2016-Q1', 2, 'apsfd-ci', '2016', '2016-04-03 08:00:00', 'cli', 'cli',
                 'r.csv', 'csv', 'cc', 'dd');
             INSERT INTO submission_values (submission_id, item, value) VALUES
                 (1, 'loans.outstanding', '1850679'), (1, 'equity', '-12.50'),
                 (1, 'par30', '0.0441000'), (2, 'equity', '7');",
        )?;
        migrate(conn)?;
        let first = submission_values(conn, 1)?;
        let text: Vec<(String, String)> = first
            .iter()
            .map(|(item, value)| (item.to_string(), value.to_string()))
            .collect();
        assert_eq!(
            text,
            [
                ("equity", "-12.50"),
                ("loans.outstanding", "1850679"),
                ("par30", "0.0441000"),
            ]
            .map(|(i, v)| (i.to_owned(), v.to_owned()))
        );
        assert_eq!(submission_values(conn, 2)?.len(), 1);

        revert_through(conn, "000011")?;
        #[derive(diesel::QueryableByName, Debug, PartialEq)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            submission_id: i64,
            #[diesel(sql_type = diesel::sql_types::Text)]
            item: String,
            #[diesel(sql_type = diesel::sql_types::Text)]
            value: String,
        }
        let rows: Vec<Row> = diesel::RunQueryDsl::load(
            diesel::sql_query(
                "SELECT submission_id, item, value FROM submission_values \
                 ORDER BY submission_id, item",
            ),
            conn,
        )?;
        let row = |submission_id, item: &str, value: &str| Row {
            submission_id,
            item: item.to_owned(),
            value: value.to_owned(),
        };
        assert_eq!(
            rows,
            [
                row(1, "equity", "-12.50"),
                row(1, "loans.outstanding", "1850679"),
                row(1, "par30", "0.0441000"),
                row(2, "equity", "7"),
            ]
        );
        migrate(conn)?;
        Ok(())
    })
}

/// The versions of the registry recorded before migration 000012 are all kept, with the
/// country of their framework where the migration knows it (apsfd-ci: CI, bam-mfi: MA) and
/// none otherwise; the table still refuses UPDATE after it, and reverting it keeps every row.
#[test]
fn the_registry_keeps_its_versions_and_gets_its_frameworks_countries() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        let conn: &mut DbConnection = &mut conn;
        revert_through(conn, "000012")?;
        conn.batch_execute(
            "INSERT INTO institutions (id, code, created_at) VALUES
                 (1, 'CI01', '2016-04-01 08:00:00'), (2, 'MA01', '2016-04-01 08:00:00'),
                 (3, 'SN01', '2016-04-01 08:00:00');
             INSERT INTO institution_versions (institution_id, valid_from, name, legal_form,
                 structure, network_affiliated, collects_deposits, framework, owner_group,
                 recorded_at, recorded_by) VALUES
                 (1, NULL, 'Caisse', 'mutual', 'savings_credit', 1, 1, 'apsfd-ci', NULL,
                  '2016-04-01 08:00:00', 'cli'),
                 (1, '2017-Q1', 'Caisse SA', 'sa', 'savings_credit', 1, 1, 'apsfd-ci', 'g',
                  '2016-04-02 08:00:00', 'cli'),
                 (2, NULL, 'Amana', 'association', 'direct_credit', 0, 0, 'bam-mfi', NULL,
                  '2016-04-01 08:00:00', 'cli'),
                 (3, NULL, 'Dakar', 'mutual', 'savings_credit', 0, 1, 'bceao-sfd', NULL,
                  '2016-04-01 08:00:00', 'cli');",
        )?;
        migrate(conn)?;
        let registry = load_registry(conn)?;
        let seen: Vec<(String, Option<String>, Option<String>, String)> = registry
            .iter()
            .flat_map(|i| {
                i.history.iter().map(|v| {
                    (
                        i.code.to_string(),
                        v.valid_from.map(|p| p.to_string()),
                        v.attributes.country.map(|c| c.to_string()),
                        v.attributes.name.clone(),
                    )
                })
            })
            .collect();
        let row = |code: &str, from: Option<&str>, country: Option<&str>, name: &str| {
            (
                code.to_owned(),
                from.map(str::to_owned),
                country.map(str::to_owned),
                name.to_owned(),
            )
        };
        assert_eq!(
            seen,
            [
                row("CI01", None, Some("CI"), "Caisse"),
                row("CI01", Some("2017-Q1"), Some("CI"), "Caisse SA"),
                row("MA01", None, Some("MA"), "Amana"),
                row("SN01", None, None, "Dakar"),
            ]
        );
        // History is still refused an UPDATE after the migration.
        assert!(
            conn.batch_execute("UPDATE institution_versions SET country = 'FR'")
                .is_err()
        );
        assert!(
            conn.batch_execute("UPDATE institution_versions SET name = 'x'")
                .is_err()
        );
        // A code that is not two capital letters is refused by the database too.
        assert!(
            conn.batch_execute(
                "INSERT INTO institution_versions (institution_id, name, legal_form, structure,
                     network_affiliated, collects_deposits, framework, recorded_at, recorded_by,
                     country)
                 VALUES (3, 'Dakar', 'mutual', 'savings_credit', 0, 1, 'bceao-sfd',
                     '2016-04-03 08:00:00', 'cli', 'sn')"
            )
            .is_err()
        );
        revert_through(conn, "000012")?;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let count: Vec<Count> = diesel::RunQueryDsl::load(
            diesel::sql_query("SELECT COUNT(*) AS n FROM institution_versions"),
            conn,
        )?;
        assert_eq!(count.first().map(|c| c.n), Some(4));
        migrate(conn)?;
        Ok(())
    })
}

#[derive(diesel::QueryableByName)]
struct PageSize {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    page_size: i64,
}

fn page_size(conn: &mut DbConnection) -> Result<i64, Box<dyn std::error::Error>> {
    use diesel::RunQueryDsl;

    let DbConnection::Sqlite(c) = conn else {
        return Err("not an SQLite connection".into());
    };
    Ok(diesel::sql_query("PRAGMA page_size")
        .get_result::<PageSize>(c)?
        .page_size)
}

/// A new SQLite database gets pages of 16 KiB; one created before with SQLite's 4 KiB keeps
/// them, is migrated and used the same (the setting only applies to a database not made yet).
#[test]
fn new_sqlite_databases_have_16_kib_pages_and_older_ones_keep_theirs() -> TestResult {
    use diesel::RunQueryDsl;

    let t = mizan_storage::testing::sqlite()?;
    assert_eq!(page_size(&mut *t.db.conn()?)?, 16_384);

    let dir = tempfile::tempdir()?;
    let url = dir.path().join("older.sqlite").display().to_string();
    {
        let mut conn = mizan_storage::establish(&url)?;
        conn.batch_execute("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;")?;
        assert_eq!(page_size(&mut conn)?, 4_096);
    }
    let db = mizan_storage::Db::connect(&url, 2)?;
    assert!(!db.migrate()?.is_empty());
    let mut conn = db.conn()?;
    let conn: &mut DbConnection = &mut conn;
    assert_eq!(page_size(conn)?, 4_096);
    // Used as any other: the foreign keys hold on it too.
    assert!(
        conn.batch_execute(
            "INSERT INTO submission_values (submission_id, item_values) VALUES (424242, '{}')"
        )
        .is_err()
    );
    let DbConnection::Sqlite(c) = conn else {
        return Err("not an SQLite connection".into());
    };
    let tables: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT COUNT(*) FROM sqlite_master WHERE name = 'loan_results')",
    ))
    .get_result(c)?;
    assert_eq!(tables, 1);
    Ok(())
}
