use diesel::connection::SimpleConnection;
use mizan_storage::DbConnection;
use mizan_storage::audit::{AuditFilter, NewAudit, append, list};

use crate::{TestResult, at, on_each_backend};

#[test]
fn events_are_listed_newest_first_and_filtered() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        for (i, action) in ["login", "import.accepted", "import.refused", "publish"]
            .iter()
            .enumerate()
        {
            append(
                &mut conn,
                &NewAudit {
                    actor: if i % 2 == 0 { "alice" } else { "bob" },
                    action,
                    period: Some("2016-Q1"),
                    detail: "d",
                    ..NewAudit::default()
                },
                at(&format!("2016-04-0{} 08:00:00", i + 1))?,
            )?;
        }
        let all = list(&mut conn, &AuditFilter::default())?;
        assert_eq!(
            all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["publish", "import.refused", "import.accepted", "login"]
        );
        let imports = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("import."),
                ..AuditFilter::default()
            },
        )?;
        assert_eq!(imports.len(), 2);
        let bob = list(
            &mut conn,
            &AuditFilter {
                actor: Some("bob"),
                ..AuditFilter::default()
            },
        )?;
        assert_eq!(bob.len(), 2);
        // `_` is not a wildcard in the prefix.
        let none = list(
            &mut conn,
            &AuditFilter {
                action_prefix: Some("import_"),
                ..AuditFilter::default()
            },
        )?;
        assert!(none.is_empty());
        Ok(())
    })
}

#[test]
fn the_audit_log_is_append_only() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        append(
            &mut conn,
            &NewAudit {
                actor: "alice",
                action: "login",
                detail: "",
                ..NewAudit::default()
            },
            at("2016-04-01 08:00:00")?,
        )?;
        let conn: &mut DbConnection = &mut conn;
        assert!(
            conn.batch_execute("UPDATE audit_log SET actor = 'mallory'")
                .is_err()
        );
        assert!(conn.batch_execute("DELETE FROM audit_log").is_err());
        assert_eq!(list(conn, &AuditFilter::default())?[0].actor, "alice");
        Ok(())
    })
}
