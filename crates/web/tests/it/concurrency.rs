//! Simultaneous uploads: every return sent is kept exactly once, whatever arrives at the same
//! moment — 100 uploads at once of distinct returns, of one file, and of one return's values in
//! different bytes, on each backend. No answer is a 5xx; each return is stored exactly once.

use std::collections::BTreeMap;

use mizan_core::{InstitutionCode, Period};
use mizan_storage::submissions::{submissions_for_period, versions};
use mizan_storage::users::Role;

use crate::session::{Client, account};
use crate::{Platform, Res, Resp, Site, TestResult, on_each_backend};

const UPLOADS: usize = 100;

/// Sends every file at once, each from its own thread and connection; returns the answers.
fn upload_all(client: &Client, csrf: &str, files: &[(String, Vec<u8>)]) -> Res<Vec<Resp>> {
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .map(|(name, bytes)| {
                let mut c = client.clone();
                s.spawn(move || {
                    c.post_multipart("/space/upload", &[("csrf", csrf)], ("file", name, bytes))
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| "an upload thread panicked")?
                    .map_err(Into::into)
            })
            .collect()
    })
}

fn statuses(answers: &[Resp]) -> BTreeMap<u16, usize> {
    let mut out = BTreeMap::new();
    for a in answers {
        *out.entry(a.status).or_insert(0) += 1;
    }
    out
}

/// Sends `files` at once, each a version of `institution`'s 2016-Q3 return with the same
/// values: every answer is a 200 and one version is stored.
fn sent_at_once_stored_once(
    p: &Platform,
    client: &Client,
    csrf: &str,
    files: &[(String, Vec<u8>)],
    institution: &str,
) -> TestResult {
    let answers = upload_all(client, csrf, files)?;
    let by_status = statuses(&answers);
    assert!(
        answers.iter().all(|a| a.status == 200),
        "no 5xx, no conflict left: {by_status:?}"
    );
    let mut conn = p.app.conn()?;
    let v = versions(
        &mut conn,
        &InstitutionCode::parse(institution)?,
        Period::parse("2016-Q3")?,
    )?;
    assert_eq!(v.len(), 1, "stored once: {v:?}");
    Ok(())
}

fn staff(p: &Platform, site: &Site) -> Res<(Client, String)> {
    account(&p.app, "chef", Role::Staff, None)?;
    let mut c = Client::login(site, "chef")?;
    let csrf = c.csrf()?;
    Ok((c, csrf))
}

/// A return of two items as the interchange CSV (also sent by the operations tests).
pub(crate) fn return_csv(institution: &str, period: &str, outstanding: u64) -> String {
    format!(
        "institution,period,item,value\n{institution},{period},loans.outstanding,{outstanding}\n\
         {institution},{period},loans.par30,{}\n",
        outstanding / 20
    )
}

#[test]
fn a_hundred_distinct_returns_at_once_are_each_stored_once() -> TestResult {
    on_each_backend(|p, site| {
        // 2016-Q2 is a new quarter: the first returns of it open it at the same moment.
        p.set_time("2016-08-01 09:00")?;
        let (client, csrf) = staff(p, site)?;
        let institutions: Vec<String> = p
            .app
            .conn()
            .map_err(|e| e.to_string())
            .and_then(|mut c| {
                mizan_storage::registry::load_registry(&mut c).map_err(|e| e.to_string())
            })?
            .into_iter()
            .map(|i| i.code.as_str().to_owned())
            .collect();
        let files: Vec<(String, Vec<u8>)> = (0..UPLOADS)
            .map(|i| {
                let inst = &institutions[i % institutions.len()];
                let csv = return_csv(inst, "2016-Q2", 1_000_000 + i as u64);
                (format!("r{i}.csv"), csv.into_bytes())
            })
            .collect();
        let answers = upload_all(&client, &csrf, &files)?;
        let by_status = statuses(&answers);
        assert!(
            answers.iter().all(|a| a.status == 200),
            "every distinct return is stored: {by_status:?}"
        );
        let mut conn = p.app.conn()?;
        let stored = submissions_for_period(&mut conn, Period::parse("2016-Q2")?)?;
        assert_eq!(stored.len(), UPLOADS, "each return once");
        // Versions of each institution are 1..=n, none lost, none doubled.
        for inst in &institutions {
            let mut v: Vec<i32> = stored
                .iter()
                .filter(|s| s.institution.as_str() == inst)
                .map(|s| s.version)
                .collect();
            v.sort_unstable();
            let expected: Vec<i32> = (1..=i32::try_from(v.len())?).collect();
            assert_eq!(v, expected, "{inst}");
        }
        let mut hashes: Vec<&str> = stored.iter().map(|s| s.source_sha256.as_str()).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), UPLOADS);
        Ok(())
    })
}

#[test]
fn one_file_sent_a_hundred_times_at_once_is_stored_once() -> TestResult {
    on_each_backend(|p, site| {
        p.set_time("2016-10-15 09:00")?;
        let (client, csrf) = staff(p, site)?;
        let csv = return_csv("SA01", "2016-Q3", 2_500_000);
        let files: Vec<(String, Vec<u8>)> = (0..UPLOADS)
            .map(|i| (format!("same-{i}.csv"), csv.clone().into_bytes()))
            .collect();
        sent_at_once_stored_once(p, &client, &csrf, &files, "SA01")
    })
}

#[test]
fn one_return_in_a_hundred_different_files_at_once_is_stored_once() -> TestResult {
    on_each_backend(|p, site| {
        p.set_time("2016-10-15 09:00")?;
        let (client, csrf) = staff(p, site)?;
        // The same values, written differently: line endings, decimal zeros, line order.
        let files: Vec<(String, Vec<u8>)> = (0..UPLOADS)
            .map(|i| {
                let zeros = "0".repeat(i % 10);
                let dot = if zeros.is_empty() { "" } else { "." };
                let a = format!("MU01,2016-Q3,loans.outstanding,800000{dot}{zeros}");
                let b = format!("MU01,2016-Q3,loans.par30,40000{dot}{zeros}");
                let (first, second) = if (i / 10) % 2 == 0 { (a, b) } else { (b, a) };
                let eol = if (i / 20) % 2 == 0 { "\n" } else { "\r\n" };
                let csv = format!("institution,period,item,value{eol}{first}{eol}{second}{eol}");
                (format!("mu01-{i}.csv"), csv.into_bytes())
            })
            .collect();
        let distinct: std::collections::BTreeSet<&Vec<u8>> = files.iter().map(|(_, b)| b).collect();
        assert!(distinct.len() >= 40, "{} distinct files", distinct.len());
        sent_at_once_stored_once(p, &client, &csrf, &files, "MU01")
    })
}
