use diesel::connection::SimpleConnection;
use mizan_storage::{DbConnection, migrate, revert_all};

use crate::{TestResult, on_each_backend};

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
        "INSERT INTO submission_values (submission_id, item, value) VALUES (424242, 'x', '1')",
    );
    assert!(
        refused.is_err(),
        "a value of a missing submission was accepted"
    );
    Ok(())
}
