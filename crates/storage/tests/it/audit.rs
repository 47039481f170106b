use diesel::connection::SimpleConnection;
use mizan_storage::DbConnection;
use mizan_storage::audit::{AuditFilter, NewAudit, actions, append, count, list};

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

#[test]
fn events_are_paged_and_filtered_in_the_query() -> TestResult {
    on_each_backend(|t| {
        let mut conn = t.db.conn()?;
        // 120 events: SA01 and SA02 in turn, two quarters, imports and decisions.
        for i in 0..120u32 {
            let institution = if i % 2 == 0 { "SA01" } else { "SA02" };
            let period = if i < 60 { "2016-Q1" } else { "2016-Q2" };
            let action = if i % 3 == 0 {
                "submission.accepted"
            } else {
                "import.stored"
            };
            append(
                &mut conn,
                &NewAudit {
                    actor: "chef",
                    action,
                    institution: Some(institution),
                    period: Some(period),
                    detail: &i.to_string(),
                    ..NewAudit::default()
                },
                at("2016-04-01 08:00:00")? + chrono::Duration::minutes(i64::from(i)),
            )?;
        }
        let page = |conn: &mut DbConnection,
                    filter: AuditFilter<'_>|
         -> Result<Vec<String>, Box<dyn std::error::Error>> {
            Ok(list(conn, &filter)?.into_iter().map(|e| e.detail).collect())
        };
        // Newest first, 50 a page.
        let first = page(
            &mut conn,
            AuditFilter {
                limit: 50,
                ..AuditFilter::default()
            },
        )?;
        assert_eq!(first.len(), 50);
        assert_eq!((first[0].as_str(), first[49].as_str()), ("119", "70"));
        let third = page(
            &mut conn,
            AuditFilter {
                limit: 50,
                offset: 100,
                ..AuditFilter::default()
            },
        )?;
        assert_eq!(third.len(), 20);
        assert_eq!((third[0].as_str(), third[19].as_str()), ("19", "0"));
        assert_eq!(
            count(
                &mut conn,
                &AuditFilter {
                    limit: 50,
                    offset: 100,
                    ..AuditFilter::default()
                }
            )?,
            120
        );
        // By institution, period and action together: SA02 (odd), 2016-Q2 (60..120), accepted
        // (multiples of 3): 63, 69, …, 117 — ten events.
        let filter = AuditFilter {
            institution: Some("SA02"),
            period: Some("2016-Q2"),
            action_prefix: Some("submission.accepted"),
            limit: 4,
            offset: 4,
            ..AuditFilter::default()
        };
        assert_eq!(count(&mut conn, &filter)?, 10);
        assert_eq!(page(&mut conn, filter)?, ["93", "87", "81", "75"]);
        assert_eq!(
            actions(&mut conn)?,
            ["import.stored", "submission.accepted"]
        );
        let none = AuditFilter {
            institution: Some("SA03"),
            ..AuditFilter::default()
        };
        assert_eq!(count(&mut conn, &none)?, 0);
        assert!(page(&mut conn, none)?.is_empty());
        Ok(())
    })
}
