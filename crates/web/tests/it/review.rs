//! The review page with the figures, the original file, the collection's filters and pages,
//! the audit log's pages, the picker's quarters — over HTTP, as staff.

use mizan_service::Actor;
use mizan_service::backoffice::audit_count;
use mizan_service::collection::collection;
use mizan_service::returns::{Scope, import_returns};
use mizan_storage::audit::AuditFilter;
use mizan_storage::submissions::SubmissionRecord;
use mizan_storage::testing;
use mizan_storage::users::Role;

use crate::session::{Client as Browser, account};
use crate::{Platform, Res, Site, TestResult, data, platform, q1};

/// The second quarter: SA01, three of its peers (10, 20, 30), and an institution of another
/// group whose figure must not count.
const Q2: &str = "institution,period,item,value
SA01,2016-Q2,loans.outstanding,1900000000
SA01,2016-Q2,equity,370000000
SA02,2016-Q2,loans.outstanding,10
SA04,2016-Q2,loans.outstanding,30
SA05,2016-Q2,loans.outstanding,20
SA05,2016-Q2,equity,7
MU01,2016-Q2,loans.outstanding,999999
";

fn on_each_backend(body: impl Fn(&Platform, &Site) -> TestResult) -> TestResult {
    for db in testing::databases()? {
        let p = platform(db)?;
        p.load()?;
        p.set_time("2016-06-13 10:00")?;
        account(&p.app, "chef", Role::Staff, None)?;
        let site = Site::start(&p.app)?;
        body(&p, &site).map_err(|e| format!("on {}: {e}", p.backend))?;
    }
    Ok(())
}

fn import(p: &Platform, file: &[u8], name: &str) -> Res<Vec<SubmissionRecord>> {
    let rep = import_returns(&p.app, file, name, &Actor::system(), &Scope::Any)?;
    assert!(!rep.has_refusals(), "{rep:?}");
    Ok(rep.stored().cloned().collect())
}

fn of<'a>(subs: &'a [SubmissionRecord], code: &str) -> Res<&'a SubmissionRecord> {
    Ok(subs
        .iter()
        .find(|s| s.institution.as_str() == code)
        .ok_or_else(|| format!("no return of {code}"))?)
}

/// The row of an item in the review page.
fn item_row<'h>(html: &'h str, item: &str) -> Res<&'h str> {
    let start = html
        .find(&format!("id=\"item-{item}\""))
        .ok_or_else(|| format!("no row {item}"))?;
    let rest = &html[start..];
    Ok(&rest[..rest.find("</tr>").unwrap_or(rest.len())])
}

#[test]
fn the_review_page_shows_each_value_beside_the_previous_quarter_and_the_peer_median() -> TestResult
{
    on_each_backend(|p, site| {
        p.set_time("2016-07-20 09:00")?;
        let q2 = import(p, Q2.as_bytes(), "q2.csv")?;
        let sa01 = of(&q2, "SA01")?.id;
        let mut b = Browser::login(site, "chef")?;
        let r = b.get(&format!("/staff/submissions/{sa01}?lang=en"))?;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let html = r.text()?;
        assert!(
            html.contains("Review: Sassandra Finance SA (SA01), Q2 2016, version 1"),
            "{html}"
        );
        // Submitted, SA01's 2016-Q1 (tests/data), the median of 10, 20, 30 (MU01 left out).
        let row = item_row(&html, "loans.outstanding")?;
        assert!(row.contains("Gross loan portfolio, end of period"), "{row}");
        assert!(row.contains(">1,900,000,000<"), "{row}");
        assert!(row.contains(">1,889,907,598<"), "{row}");
        assert!(row.contains(">20 (n = 3)<"), "{row}");
        let row = item_row(&html, "equity")?;
        assert!(row.contains(">370,000,000<"), "{row}");
        assert!(row.contains(">364,168,461<"), "{row}");
        assert!(row.contains(">7 (n = 1)<"), "{row}");
        // An item SA01 gave only in the previous quarter is shown, with a dash for now.
        let row = item_row(&html, "loans.par30")?;
        assert!(row.contains(">—<"), "{row}");
        assert!(
            html.contains("the return that counts for the institution"),
            "{html}"
        );
        assert!(html.contains("version 1, received, to review"), "{html}");
        assert!(
            html.contains("Median over the 3 other institutions of the group"),
            "{html}"
        );
        assert!(html.contains("For staff only: never published."));
        assert!(html.contains(&format!("href=\"/staff/submissions/{sa01}/file\"")));
        assert!(html.contains("No decision was taken yet"));
        // The other languages: every text of the page is theirs.
        let fr = b.get(&format!("/staff/submissions/{sa01}"))?.text()?;
        assert!(
            fr.contains("Médiane des 3 autres institutions du groupe"),
            "{fr}"
        );
        let ar = b
            .get(&format!("/staff/submissions/{sa01}?lang=ar"))?
            .text()?;
        assert!(ar.contains("dir=\"rtl\""));
        // An unknown version is not found.
        assert_eq!(b.get("/staff/submissions/999999")?.status, 404);
        assert_eq!(b.get("/staff/submissions/abc")?.status, 404);
        Ok(())
    })
}

#[test]
fn decisions_taken_on_the_review_page_come_back_to_it_with_the_history() -> TestResult {
    on_each_backend(|p, site| {
        let c = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
        let id = c.groups[0].institutions[0].versions[0].id;
        let mut b = Browser::login(site, "chef")?;
        let page = format!("/staff/submissions/{id}");
        let csrf = b.csrf()?;
        // A rejection without a comment: the review page again, saying why.
        let r = b.post_form(
            &format!("{page}/reject"),
            &[("csrf", &csrf), ("back", "2016-Q1"), ("from", "review")],
        )?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(html.contains("id=\"figures\""), "the review page");
        assert!(html.contains("role=\"alert\""), "{html}");
        let r = b.post_form(
            &format!("{page}/reject"),
            &[
                ("csrf", &csrf),
                ("from", "review"),
                ("comment", "Encours incohérent avec le PAR."),
            ],
        )?;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location"), Some(page.as_str()));
        let r = b.post_form(
            &format!("{page}/accept"),
            &[("csrf", &csrf), ("from", "review")],
        )?;
        assert_eq!(r.header("location"), Some(page.as_str()));
        let html = b.get(&format!("{page}?lang=en"))?.text()?;
        let history = &html[html.find("id=\"history\"").ok_or("no history")?..];
        let rejected = history
            .find("Encours incohérent avec le PAR.")
            .ok_or("no comment")?;
        let accepted = history.find(">accepted<").ok_or("no acceptance")?;
        assert!(rejected < accepted, "oldest first");
        assert_eq!(history.matches(">chef<").count(), 2, "{history}");
        // From the collection, the decision goes back to the collection.
        let r = b.post_form(
            &format!("{page}/reject"),
            &[("csrf", &csrf), ("back", "2016-Q1"), ("comment", "Non.")],
        )?;
        assert_eq!(
            r.header("location"),
            Some(format!("/staff?period=2016-Q1#v{id}").as_str())
        );
        // The collection links each version to its review.
        let html = b.get("/staff?period=2016-Q1")?.text()?;
        assert!(html.contains(&format!("href=\"/staff/submissions/{id}\"")));
        Ok(())
    })
}

#[test]
fn the_original_file_is_downloaded_as_it_was_sent_with_a_safe_name() -> TestResult {
    on_each_backend(|p, site| {
        let c = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
        let id = c.groups[0].institutions[0].versions[0].id;
        let mut b = Browser::login(site, "chef")?;
        let r = b.get(&format!("/staff/submissions/{id}/file"))?;
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body,
            data("apsfd-ci-2016q1/returns.csv")?,
            "byte for byte"
        );
        assert_eq!(r.header("content-type"), Some("text/csv"));
        assert_eq!(r.header("cache-control"), Some("private, no-store"));
        assert_eq!(
            r.header("content-disposition"),
            Some("attachment; filename=\"returns.csv\"; filename*=UTF-8''returns.csv")
        );
        // A name chosen by the sender cannot break out of the header.
        p.set_time("2016-07-20 09:00")?;
        let name = "Bilan \"T2\"; x=y é.csv";
        let q2 = import(p, Q2.as_bytes(), name)?;
        // Five weeks later: a new session.
        let mut b = Browser::login(site, "chef")?;
        let r = b.get(&format!("/staff/submissions/{}/file", of(&q2, "SA02")?.id))?;
        assert_eq!(r.body, Q2.as_bytes());
        assert_eq!(
            r.header("content-disposition"),
            Some(
                "attachment; filename=\"Bilan__T2___x_y__.csv\"; \
                 filename*=UTF-8''Bilan%20%22T2%22%3B%20x%3Dy%20%C3%A9.csv"
            )
        );
        Ok(())
    })
}

#[test]
fn a_version_stored_before_files_were_kept_says_so() -> TestResult {
    on_each_backend(|p, site| {
        use mizan_storage::submissions::{NewSubmission, insert_submission};
        let sa03 = mizan_core::InstitutionCode::parse("SA03")?;
        let values = [(
            mizan_core::Code::parse("equity")?,
            mizan_core::Decimal::from(5),
        )]
        .into_iter()
        .collect();
        let mut conn = p.app.conn()?;
        let old = insert_submission(
            &mut conn,
            &NewSubmission {
                institution: &sa03,
                period: q1()?,
                framework: "apsfd-ci",
                framework_version: "2016.1",
                received_at: chrono::NaiveDate::from_ymd_opt(2016, 5, 2)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .ok_or("date")?,
                submitted_by: "cli:ancien",
                user_id: None,
                channel: "cli",
                source_name: "ancien.csv",
                source_format: "csv",
                source_sha256: "00",
                content_sha256: "00",
                version: None,
                file: None,
            },
            &values,
            &[],
        )?;
        drop(conn);
        let mut b = Browser::login(site, "chef")?;
        let html = b
            .get(&format!("/staff/submissions/{}?lang=en", old.id))?
            .text()?;
        assert!(html.contains("The original file was not kept"), "{html}");
        assert!(!html.contains("/file\""), "no download link");
        assert_eq!(
            b.get(&format!("/staff/submissions/{}/file", old.id))?
                .status,
            404
        );
        Ok(())
    })
}

/// The number of institution rows of a collection page.
fn rows(html: &str) -> usize {
    html.matches("<tr id=\"inst-").count()
}

#[test]
fn the_collection_is_filtered_and_paged() -> TestResult {
    on_each_backend(|p, site| {
        let c = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
        let all: Vec<_> = c.groups.iter().flat_map(|g| &g.institutions).collect();
        let missing = all.iter().filter(|s| s.versions.is_empty()).count();
        let late = all.iter().filter(|s| s.late.is_late()).count();
        assert_eq!((all.len(), missing), (33, 12), "the fixture");
        let mut b = Browser::login(site, "chef")?;
        // 25 a page.
        let first = b.get("/staff?period=2016-Q1")?.text()?;
        assert_eq!(rows(&first), 25);
        assert!(
            first.contains("/staff?period=2016-Q1&#38;page=2"),
            "{first}"
        );
        let second = b.get("/staff?period=2016-Q1&page=2")?.text()?;
        assert_eq!(rows(&second), 8);
        // Past the last page: the last page.
        assert_eq!(rows(&b.get("/staff?period=2016-Q1&page=9")?.text()?), 8);
        // Every institution once over the pages.
        for s in &all {
            let id = format!("<tr id=\"inst-{}\"", s.code);
            assert_eq!(
                first.matches(&id).count() + second.matches(&id).count(),
                1,
                "{}",
                s.code
            );
        }
        // The filters, each with its count.
        let html = b.get("/staff?period=2016-Q1&show=missing")?.text()?;
        assert_eq!(rows(&html), missing);
        assert!(
            all.iter()
                .filter(|s| s.versions.is_empty())
                .all(|s| html.contains(&format!("inst-{}\"", s.code)))
        );
        let late_page = b.get("/staff?period=2016-Q1&show=late")?.text()?;
        assert_eq!(rows(&late_page), late);
        // Late by working days: apsfd-ci's deadline counts them.
        assert!(late > 0);
        assert!(late_page.contains("jours ouvrés"), "{late_page}");
        assert_eq!(
            rows(&b.get("/staff?period=2016-Q1&show=awaiting")?.text()?),
            21
        );
        assert_eq!(
            rows(&b.get("/staff?period=2016-Q1&show=accepted")?.text()?),
            0
        );
        // Accept one return and reject another: they move between the filters.
        let (a, r) = (all[0], all[1]);
        let csrf = b.csrf()?;
        b.post_form(
            &format!("/staff/submissions/{}/accept", a.versions[0].id),
            &[("csrf", &csrf)],
        )?;
        b.post_form(
            &format!("/staff/submissions/{}/reject", r.versions[0].id),
            &[("csrf", &csrf), ("comment", "Non.")],
        )?;
        let html = b.get("/staff?period=2016-Q1&show=accepted")?.text()?;
        assert_eq!(rows(&html), 1);
        assert!(html.contains(&format!("inst-{}\"", a.code)));
        let html = b
            .get("/staff?period=2016-Q1&show=rejected&lang=en")?
            .text()?;
        assert_eq!(rows(&html), 1);
        assert!(html.contains(&format!("inst-{}\"", r.code)));
        assert!(html.contains("awaiting review (19)"), "{html}");
        assert!(html.contains("rejected (1)"), "{html}");
        let html = b
            .get("/staff?period=2016-Q1&show=accepted&page=2")?
            .text()?;
        assert_eq!(rows(&html), 1, "the last page of one");
        // An unknown filter shows everything.
        assert_eq!(
            rows(&b.get("/staff?period=2016-Q1&show=nonsense")?.text()?),
            25
        );
        Ok(())
    })
}

#[test]
fn the_picker_offers_every_quarter_up_to_the_last_ended_one() -> TestResult {
    on_each_backend(|p, site| {
        p.set_time("2017-02-10 09:00")?;
        let mut b = Browser::login(site, "chef")?;
        let html = b.get("/staff?period=2016-Q1")?.text()?;
        for q in ["2016-Q4", "2016-Q3", "2016-Q2", "2016-Q1"] {
            assert!(html.contains(&format!("<option value=\"{q}\"")), "{q}");
        }
        assert!(!html.contains("<option value=\"2017-Q1\""), "not ended");
        assert!(
            !html.contains("<option value=\"2015-Q4\""),
            "before the first"
        );
        // A quarter without any return is a collection of its own.
        let q3 = b.get("/staff?period=2016-Q3")?;
        assert_eq!(q3.status, 200);
        assert!(q3.text()?.contains("0 reçus"));
        Ok(())
    })
}

#[test]
fn the_audit_log_is_paged_with_its_filter() -> TestResult {
    on_each_backend(|p, site| {
        let total = usize::try_from(audit_count(
            &p.app,
            &Actor::system(),
            &AuditFilter::default(),
        )?)?;
        let imports = usize::try_from(audit_count(
            &p.app,
            &Actor::system(),
            &AuditFilter {
                action_prefix: Some("import."),
                ..AuditFilter::default()
            },
        )?)?;
        let mut b = Browser::login(site, "chef")?;
        let count = |html: &str| html.matches("<td class=\"at\">").count();
        let first = b.get("/staff/audit?lang=en")?.text()?;
        // The sign-in of the browser is an event too.
        let total = total + 1;
        assert_eq!(count(&first), total.min(50));
        assert!(
            first.contains(&format!(
                "{total} events — page 1 of {}",
                total.div_ceil(50)
            )),
            "{first}"
        );
        let html = b.get("/staff/audit?action=import.&lang=en")?.text()?;
        assert_eq!(count(&html), imports.min(50));
        assert!(html.contains(&format!("{imports} events")), "{html}");
        if imports > 50 {
            let second = b.get("/staff/audit?action=import.&page=2")?.text()?;
            assert_eq!(count(&second), (imports - 50).min(50));
        }
        let none = b.get("/staff/audit?institution=ZZ99&lang=en")?.text()?;
        assert_eq!(count(&none), 0);
        assert!(none.contains("No event matches this filter."));
        Ok(())
    })
}

#[test]
fn a_review_status_is_printed_at_the_size_of_the_text() -> TestResult {
    let css = std::fs::read_to_string(crate::root().join("static/mizan.css"))?;
    assert!(
        !css.contains("\n.status {"),
        "a bare .status rule sizes every status"
    );
    assert!(css.contains("p.http-status { font-size: 3rem"));
    Ok(())
}

#[test]
fn the_warnings_are_grouped_by_item() -> TestResult {
    on_each_backend(|p, site| {
        p.set_time("2016-07-20 09:00")?;
        // An empty value is a warning about its item; the rest is stored.
        let file = "institution,period,item,value\n\
                    SA01,2016-Q2,loans.outstanding,1900000000\n\
                    SA01,2016-Q2,loans.par30,\n";
        let sub = of(&import(p, file.as_bytes(), "q2.csv")?, "SA01")?.clone();
        assert!(sub.warnings >= 1, "{sub:?}");
        let mut b = Browser::login(site, "chef")?;
        let html = b
            .get(&format!("/staff/submissions/{}?lang=en", sub.id))?
            .text()?;
        let warnings = &html[html.find("id=\"warnings\"").ok_or("no warnings")?..];
        let warnings = &warnings[..warnings.find("</section>").unwrap_or(warnings.len())];
        let heading = warnings
            .find("(loans.par30)</h3>")
            .ok_or(warnings.to_owned())?;
        assert!(warnings[heading..].contains("<li>"), "{warnings}");
        assert!(!warnings.contains("no warnings"), "{warnings}");
        Ok(())
    })
}
