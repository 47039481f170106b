//! The loan-tape pages through HTTP: a Bank Al-Maghrib institution sends the worked examples of
//! tests/data/bam-mfi-examples through the upload form, reads its portfolio (by class with the
//! provision base, PAR, migration from the previous quarter-end), the solvency coefficient of
//! its return and the downloads; a tape with a blocking error is refused at its line; only the
//! institution and staff reach its loan pages.

use std::collections::BTreeMap;
use std::str::FromStr;

use mizan_core::{Decimal, InstitutionCode, Lang, Period};
use mizan_service::Actor;
use mizan_service::loans::{export_loans, export_portfolio, import_loans, loan_tapes};
use mizan_service::returns::{Scope, import_returns};
use mizan_storage::testing;
use mizan_storage::users::Role;

use crate::session::{Client, account, csrf_of};
use crate::{Platform, Res, Site, TestResult, data};

const REGISTRY: &str = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,framework,owner_group,country
CI01,Crédit Solidaire SA,sa,direct_credit,false,false,,bam-mfi,,
AS01,Association Al Amal,association,direct_credit,false,false,,bam-mfi,,
AP01,Caisse d'Abidjan,sa,direct_credit,false,false,,apsfd-ci,,
BF01,Caisse Populaire du Kadiogo,mutual,savings_credit,true,true,,bceao-sfd,,BF
";

/// Runs `body` on every test backend over a platform holding the BAM registry on 20 July
/// 2023, with the accounts: `staff`, `m-ci` (CI01), `m-as` (AS01), `m-ap` (AP01, under a
/// framework without loan classification), `m-bf` (BF01, a mutual under the BCEAO's
/// `bceao-sfd`) and the partner `p`.
fn on_bam(body: impl Fn(&Platform, &Site) -> TestResult) -> TestResult {
    for db in testing::databases()? {
        let p = crate::platform(db)?;
        p.set_time("2023-07-20 09:00")?;
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            REGISTRY.as_bytes(),
            "registry.csv",
            &Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        account(&p.app, "staff", Role::Staff, None)?;
        account(&p.app, "m-ci", Role::Member, Some("CI01"))?;
        account(&p.app, "m-as", Role::Member, Some("AS01"))?;
        account(&p.app, "m-ap", Role::Member, Some("AP01"))?;
        account(&p.app, "m-bf", Role::Member, Some("BF01"))?;
        account(&p.app, "p", Role::Partner, None)?;
        let site = Site::start(&p.app)?;
        body(&p, &site).map_err(|e| format!("on {}: {e}", p.backend))?;
    }
    Ok(())
}

fn code(s: &str) -> Res<InstitutionCode> {
    Ok(InstitutionCode::parse(s)?)
}

fn period(s: &str) -> Res<Period> {
    Ok(Period::parse(s)?)
}

fn tape(name: &str) -> Res<Vec<u8>> {
    Ok(data(&format!("bam-mfi-examples/{name}"))?)
}

/// An amount as the English pages write it: groups of three, at least two decimals, and the
/// framework's currency.
fn en(d: Decimal) -> String {
    let mut d = d.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    format!("{}\u{A0}MAD", mizan_web::format::decimal(d, Lang::En))
}

/// The figures (`<bdi dir="ltr">…</bdi>`) of the row headed `label` in the table of class
/// `table` of a page.
fn row(html: &str, table: &str, label: &str) -> Res<Vec<String>> {
    let start = html
        .find(&format!("class=\"list figures {table}\""))
        .ok_or_else(|| format!("no table {table}"))?;
    let body = &html[start..];
    let body = &body[..body.find("</table>").ok_or("table not closed")?];
    let head = format!("<th scope=\"row\">{label}</th>");
    let at = body
        .find(&head)
        .ok_or_else(|| format!("no row {label} in table {table}"))?;
    let tr = &body[at..];
    let tr = &tr[..tr.find("</tr>").ok_or("row not closed")?];
    Ok(tr
        .split("<bdi dir=\"ltr\">")
        .skip(1)
        .filter_map(|c| c.split("</bdi>").next())
        .map(str::to_owned)
        .collect())
}

/// Per class of an expected file (`loan_id,class,provision_base,provision,irrecoverable`):
/// number of loans, provision base, provision.
fn expected_classes(name: &str) -> Res<BTreeMap<usize, (usize, Decimal, Decimal)>> {
    let text = String::from_utf8(tape(name)?)?;
    let mut out: BTreeMap<usize, (usize, Decimal, Decimal)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let class: usize = f.get(1).ok_or("no class")?.parse()?;
        let base = Decimal::from_str(f.get(2).ok_or("no base")?)?;
        let provision = Decimal::from_str(f.get(3).ok_or("no provision")?)?;
        let e = out.entry(class).or_default();
        e.0 += 1;
        e.1 += base;
        e.2 += provision;
    }
    Ok(out)
}

fn class_label(class: usize) -> String {
    if class == 0 {
        "Healthy loans".to_owned()
    } else {
        format!("Class {class}")
    }
}

fn upload(c: &mut Client, inst: &str, per: &str, name: &str, bytes: &[u8]) -> Res<crate::Resp> {
    let token = c.csrf()?;
    c.post_multipart(
        &format!("/space/institutions/{inst}/loans?lang=en"),
        &[("csrf", &token), ("period", per)],
        ("file", name, bytes),
    )
}

#[test]
fn an_institution_sends_its_tapes_and_reads_its_portfolio() -> TestResult {
    on_bam(|p, site| {
        // The solvency return first (as in the service's tests): core 1,200,000, general
        // provisions 50,000 (cap 1.25 % × 9,200,000 = 115,000: not binding), RWA
        // 9,000,000 + 20 % × 1,000,000 = 9,200,000 → 1,250,000 / 9,200,000 = 13.59 %.
        let solv = import_returns(
            &p.app,
            b"institution,period,item,value\n\
              CI01,2023-Q1,solv.core.capital,1000000\n\
              CI01,2023-Q1,solv.core.reserves,200000\n\
              CI01,2023-Q1,solv.supp.general_provisions,50000\n\
              CI01,2023-Q1,solv.bs.w100,9000000\n\
              CI01,2023-Q1,solv.bs.w20,1000000\n",
            "solv.csv",
            &Actor::system(),
            &Scope::Any,
        )?;
        assert!(!solv.has_refusals(), "{solv:?}");

        let mut m = Client::login(site, "m-ci")?;
        let empty = m.get("/space/institutions/CI01/loans?period=2023-Q1&lang=en")?;
        assert_eq!(empty.status, 200);
        let html = empty.text()?;
        assert!(
            html.contains("No loan tape is stored for Q1 2023."),
            "{html}"
        );
        assert!(html.contains("enctype=\"multipart/form-data\""));
        assert!(!html.contains("style="), "no inline style (CSP)");

        // Q1 through the form.
        let r = upload(
            &mut m,
            "CI01",
            "2023-Q1",
            "tape-2023q1.csv",
            &tape("tape-2023q1.csv")?,
        )?;
        let report = r.text()?;
        assert_eq!(r.status, 200, "{report}");
        assert!(
            report.contains("Stored: loan tape version 1, 27 loans classified."),
            "{report}"
        );
        assert!(report.contains("The quarterly return is now version 2"));
        assert!(report.contains("Portfolio at 31 March 2023"));

        // The portfolio page: every class as the expected file gives it (count, provision
        // base, provision), and the case checked by hand: class 3 at Q1 holds EX06, EX07,
        // EX09 (art. 7: 40,000 + 2,400 − 1,800 − 10,000 = 30,600) and EX16, 58,000.00 of base
        // provisioned at 75 %.
        let html = m
            .get("/space/institutions/CI01/loans?period=2023-Q1&lang=en")?
            .text()?;
        let classes = expected_classes("expected-2023q1.csv")?;
        assert_eq!(classes.len(), 5);
        for (class, (count, base, provision)) in &classes {
            let cells = row(&html, "classes", &class_label(*class))?;
            assert_eq!(cells.len(), 6, "{cells:?}");
            assert_eq!(cells[1], count.to_string(), "class {class}");
            assert_eq!(cells[3], en(*base), "class {class}");
            assert_eq!(cells[4], en(*provision), "class {class}");
        }
        assert_eq!(
            row(&html, "classes", "Class 3")?,
            [
                "75.00%",
                "4",
                "67,400.00\u{A0}MAD",
                "58,000.00\u{A0}MAD",
                "43,500.00\u{A0}MAD",
                "75.00%"
            ]
        );
        let total = row(&html, "classes", "Total")?;
        assert_eq!(total[0], "27");
        assert_eq!(
            total[3], "117,737.51\u{A0}MAD",
            "provision.total of the summary"
        );
        assert_eq!(
            row(&html, "par", "Unpaid for more than 30 days (PAR 30)")?,
            ["174,750.02\u{A0}MAD", "75.99%"]
        );
        assert_eq!(
            row(&html, "split", "Legal entities")?[2..4],
            ["69,000.00\u{A0}MAD".to_owned(), "82.14%".to_owned()]
        );
        assert!(html.contains("No migration matrix: no classification of the previous"));
        // The solvency coefficient of the return the tape fed (version 2, solvency items
        // carried), with its caps.
        assert!(
            html.contains("Coefficient: 13.59% — meets the minimum of 8.00%"),
            "{html}"
        );
        assert_eq!(
            row(
                &html,
                "caps",
                "General provisions (1.25% of risk-weighted exposures)"
            )?,
            [
                "50,000.00\u{A0}MAD",
                "115,000.00\u{A0}MAD",
                "50,000.00\u{A0}MAD"
            ]
        );

        // Q2 by staff, on behalf: classified against the stored Q1, with the migration.
        let mut staff = Client::login(site, "staff")?;
        let r = upload(
            &mut staff,
            "CI01",
            "2023-Q2",
            "tape-2023q2.csv",
            &tape("tape-2023q2.csv")?,
        )?;
        assert_eq!(r.status, 200, "{}", r.text()?);
        // Without ?period=, the latest quarter with a tape; in French by default.
        let fr = m.get("/space/institutions/CI01/loans")?.text()?;
        assert!(fr.contains("Portefeuille au 30 juin 2023"), "{fr}");
        assert!(
            fr.contains("62\u{202F}400,00\u{A0}MAD"),
            "class 4 provision in French"
        );
        let html = m
            .get("/space/institutions/CI01/loans?period=2023-Q2&lang=en")?
            .text()?;
        for (class, (count, base, provision)) in &expected_classes("expected-2023q2.csv")? {
            let cells = row(&html, "classes", &class_label(*class))?;
            assert_eq!(
                (&cells[1], &cells[3], &cells[4]),
                (&count.to_string(), &en(*base), &en(*provision)),
                "Q2 class {class}"
            );
        }
        // Rows: from; columns: class 0…4, exit, total (expected-summary-2023q2.csv).
        assert_eq!(
            row(&html, "migration", "Class 1")?,
            ["1", "3", "2", "1", "1", "0", "8"]
        );
        assert_eq!(
            row(&html, "migration", "New loans")?,
            ["1", "0", "0", "0", "0", "0", "1"]
        );
        assert_eq!(
            row(&html, "migration", "Healthy loans")?,
            ["2", "1", "0", "0", "0", "1", "4"]
        );
        // Art. 19: doubtful loans by year of disbursement at 2023-06-30 (expected-2023q2.csv by
        // the tape's disbursement dates): 2020 1 loan 14,000.00 provisioned 14,000.00; 2021 6
        // loans 62,600.00, 44,900.00; 2022 15 loans 112,933.34, 64,525.01; together 22 loans,
        // 189,533.34, 123,425.01.
        let vintage = |y: &str| row(&html, "vintages", y);
        assert_eq!(
            vintage("2020")?,
            ["1", &en(Decimal::from(14_000)), &en(Decimal::from(14_000))]
        );
        assert_eq!(
            vintage("2021")?,
            ["6", &en(Decimal::from(62_600)), &en(Decimal::from(44_900))]
        );
        assert_eq!(
            vintage("2022")?,
            [
                "15",
                &en(Decimal::new(11_293_334, 2)),
                &en(Decimal::new(6_452_501, 2))
            ]
        );
        assert_eq!(
            vintage("Total")?,
            [
                "22",
                &en(Decimal::new(18_953_334, 2)),
                &en(Decimal::new(12_342_501, 2))
            ]
        );
        assert!(html.contains("Doubtful loans by year of disbursement"));
        // Art. 17: no loan of the tape was irrecoverable at 2022-12-31 (none unpaid since before
        // 2022-01-05).
        assert!(html.contains("Irrecoverable at a past year end, still on the tape"));
        assert!(html.contains("loan tape version 1 of Q1 2023"));
        // Q2's return is the tape's alone: no solvency item, no breakdown of zeros.
        assert!(
            html.contains("(version 1) gives no solvency item"),
            "{html}"
        );
        assert!(!html.contains("class=\"list figures caps\""));

        // The downloads are the use cases' bytes, private.
        let (ci, q2) = (code("CI01")?, period("2023-Q2")?);
        let loans = m.get("/space/institutions/CI01/loans/2023-Q2/loans.csv")?;
        assert_eq!(loans.status, 200);
        assert_eq!(loans.body, export_loans(&p.app, &Actor::system(), &ci, q2)?);
        assert_eq!(loans.header("cache-control"), Some("private, no-store"));
        assert!(
            loans
                .header("content-disposition")
                .is_some_and(|d| d.contains("mizan-CI01-2023-Q2-loans.csv"))
        );
        let portfolio = m.get("/space/institutions/CI01/loans/2023-Q2/portfolio.csv")?;
        assert_eq!(portfolio.status, 200);
        assert_eq!(
            portfolio.body,
            export_portfolio(&p.app, &Actor::system(), &ci, q2)?
        );
        // The spec's summary, then the supervisory lines (art. 17, 19).
        let summary = tape("expected-summary-2023q2.csv")?;
        assert!(portfolio.body.starts_with(&summary));
        assert!(
            portfolio.body[summary.len()..].starts_with(
                b"not_written_off.count,0\nnot_written_off.amount,0.00\nvintage.2020."
            )
        );
        assert_eq!(portfolio.header("cache-control"), Some("private, no-store"));
        // Nothing stored for a quarter without a tape: 404, not an empty file.
        let none = m.get("/space/institutions/CI01/loans/2023-Q3/loans.csv")?;
        assert_eq!(none.status, 404);

        // The same file again: reported, no new version.
        let again = upload(
            &mut m,
            "CI01",
            "2023-Q2",
            "again.csv",
            &tape("tape-2023q2.csv")?,
        )?;
        assert_eq!(again.status, 200);
        assert!(again.text()?.contains("This file was already sent"));
        assert_eq!(loan_tapes(&p.app, &Actor::system(), &ci, q2)?.len(), 1);
        Ok(())
    })
}

#[test]
fn a_bceao_sfd_sends_its_tape_and_reads_its_portfolio_in_months() -> TestResult {
    on_bam(|p, site| {
        // At 30 June 2023, in calendar months (RCSFD): A due 30 March is exactly three months
        // late (healthy); B due 29 March more (class 1, 40 % × 100,000 = 40,000); C nothing
        // unpaid, its recovery flagged compromised — a column the RCSFD has no rule for.
        let tape = "loan_id,borrower_id,borrower_kind,zone,disbursement_date,principal_disbursed,\
outstanding_principal,accrued_interest,reserved_interest,guarantee_covered,oldest_unpaid_due_date,\
restructure_count,first_due_after_restructure,unpaid_during_observation,difficulties_resolved,\
unlikely_to_pay_class,recovery_compromised\n\
A,B1,woman,rural,2022-10-03,150000,80000,0,0,0,2023-03-30,0,,false,false,,false\n\
B,B2,man,urban,2022-09-12,150000,100000,0,0,0,2023-03-29,0,,false,false,,false\n\
C,B3,woman,rural,2023-01-16,90000,60000,0,0,0,,0,,false,false,,true\n";
        let mut m = Client::login(site, "m-bf")?;
        let r = upload(&mut m, "BF01", "2023-Q2", "kadiogo.csv", tape.as_bytes())?;
        let report = r.text()?;
        assert_eq!(r.status, 200, "{report}");
        assert!(
            report.contains("Stored: loan tape version 1, 3 loans classified."),
            "{report}"
        );
        assert!(
            report.contains(
                "RCSFD has no rule for the column recovery_compromised: the loan is classified \
                 without it"
            ),
            "{report}"
        );
        assert!(
            report.contains("line 4, column recovery_compromised"),
            "{report}"
        );
        let html = m
            .get("/space/institutions/BF01/loans?period=2023-Q2&lang=en")?
            .text()?;
        let healthy = row(&html, "classes", "Healthy loans")?;
        assert_eq!(healthy[1], "2", "{healthy:?}");
        let class1 = row(&html, "classes", "Class 1")?;
        assert_eq!(class1[1], "1", "{class1:?}");
        assert!(
            class1[4].starts_with("40,000") && class1[4].ends_with("XOF"),
            "{class1:?}"
        );
        assert!(class1[0].starts_with("40"), "{class1:?}");
        // The rules in force, read from the rule file for people.
        assert!(
            html.contains(
                "Classes under RCSFD: class 1, arrears of more than 3 calendar months, at least \
                 40.00% of the provisioning base; class 2, arrears of more than 6 calendar \
                 months, at least 80.00% of the provisioning base; class 3, arrears of more \
                 than 12 calendar months, at least 100.00% of the provisioning base; \
                 irrecoverable beyond 24 calendar months."
            ),
            "{html}"
        );
        // Its return carries the tape's items, in its own framework.
        let (bf, q2) = (code("BF01")?, period("2023-Q2")?);
        let mut conn = p.app.conn()?;
        let versions = mizan_storage::submissions::versions(&mut conn, &bf, q2)?;
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0].framework, "bceao-sfd");
        // Only the institution and staff: the Bank Al-Maghrib member is refused.
        let mut other = Client::login(site, "m-ci")?;
        let refused = other.get("/space/institutions/BF01/loans?period=2023-Q2&lang=en")?;
        assert!(matches!(refused.status, 403 | 404), "{}", refused.status);
        Ok(())
    })
}

#[test]
fn a_tape_with_a_blocking_error_is_refused_at_its_line() -> TestResult {
    on_bam(|p, site| {
        let good = String::from_utf8(tape("tape-2023q1.csv")?)?;
        let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
        // Line 5: a negative outstanding amount; line 29: EX01 again.
        lines[4] = lines[4].replacen(",20000.00,", ",-20000.00,", 1);
        lines.push(lines[1].clone());
        let bad = lines.join("\n") + "\n";
        let mut m = Client::login(site, "m-ci")?;
        let r = upload(&mut m, "CI01", "2023-Q1", "bad.csv", bad.as_bytes())?;
        let html = r.text()?;
        assert_eq!(r.status, 422, "{html}");
        assert!(html.contains("Refused: "), "{html}");
        assert!(
            html.contains("blocking error(s), nothing was stored"),
            "{html}"
        );
        assert!(html.contains("line 5, column"), "{html}");
        assert!(html.contains("line 29, column loan_id"), "{html}");
        assert!(!html.contains("Portfolio at"));
        let (ci, q1) = (code("CI01")?, period("2023-Q1")?);
        assert!(loan_tapes(&p.app, &Actor::system(), &ci, q1)?.is_empty());
        let mut conn = p.app.conn()?;
        assert!(mizan_storage::submissions::versions(&mut conn, &ci, q1)?.is_empty());
        let page = m
            .get("/space/institutions/CI01/loans?period=2023-Q1&lang=en")?
            .text()?;
        assert!(page.contains("No loan tape is stored for Q1 2023."));
        assert_eq!(
            m.get("/space/institutions/CI01/loans/2023-Q1/loans.csv")?
                .status,
            404
        );
        Ok(())
    })
}

#[test]
fn only_the_institution_and_staff_reach_its_loan_pages() -> TestResult {
    on_bam(|p, site| {
        let (ci, q1, q2) = (code("CI01")?, period("2023-Q1")?, period("2023-Q2")?);
        let stored = import_loans(
            &p.app,
            &ci,
            q1,
            &tape("tape-2023q1.csv")?,
            "q1.csv",
            &Actor::system(),
            &mut |_| {},
        )?;
        assert!(!stored.refused(), "{:?}", stored.issues);
        let q2_tape = tape("tape-2023q2.csv")?;
        let gets = [
            "/space/institutions/CI01/loans",
            "/space/institutions/CI01/loans?period=2023-Q1",
            "/space/institutions/CI01/loans/2023-Q1/loans.csv",
            "/space/institutions/CI01/loans/2023-Q1/portfolio.csv",
            "/space/institutions/CI01/loans/2023-Q1/sample.csv",
        ];
        let who = ["anonymous", "m-as", "m-ap", "p", "m-ci", "staff"];
        let expected = [303, 403, 403, 403, 200, 200];
        let mut failures = Vec::new();
        for (w, want) in who.iter().zip(expected) {
            let mut c = if *w == "anonymous" {
                Client::new(site)
            } else {
                Client::login(site, w)?
            };
            for path in gets {
                let r = c.get(path)?;
                if r.status != want {
                    failures.push(format!("GET {path} as {w}: {} (expected {want})", r.status));
                }
                if want == 303
                    && !r
                        .header("location")
                        .is_some_and(|l| l.starts_with("/login?next="))
                {
                    failures.push(format!("GET {path} as {w}: not sent to sign in"));
                }
            }
            // Those who may not send CI01's tape cannot, even with their own valid token.
            if want != 200 {
                let token = if *w == "anonymous" {
                    "none".to_owned()
                } else {
                    c.csrf()?
                };
                let r = c.post_multipart(
                    "/space/institutions/CI01/loans",
                    &[("csrf", &token), ("period", "2023-Q2")],
                    ("file", "q2.csv", &q2_tape),
                )?;
                if r.status != want {
                    failures.push(format!("POST as {w}: {} (expected {want})", r.status));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(
            loan_tapes(&p.app, &Actor::system(), &ci, q2)?.is_empty(),
            "a refused POST stored"
        );

        // The institution's own member, without a valid CSRF token: 403, nothing stored.
        let mut m = Client::login(site, "m-ci")?;
        for token in ["", "forged-token"] {
            let r = m.post_multipart(
                "/space/institutions/CI01/loans",
                &[("csrf", token), ("period", "2023-Q2")],
                ("file", "q2.csv", &q2_tape),
            )?;
            assert_eq!(r.status, 403, "token {token:?}");
        }
        assert!(loan_tapes(&p.app, &Actor::system(), &ci, q2)?.is_empty());
        // With the page's own token, it goes through.
        let page = m
            .get("/space/institutions/CI01/loans?period=2023-Q2")?
            .text()?;
        let r = m.post_multipart(
            "/space/institutions/CI01/loans",
            &[("csrf", &csrf_of(&page)?), ("period", "2023-Q2")],
            ("file", "q2.csv", &q2_tape),
        )?;
        assert_eq!(r.status, 200, "{}", r.text()?);
        assert_eq!(loan_tapes(&p.app, &Actor::system(), &ci, q2)?.len(), 1);
        Ok(())
    })
}

#[test]
fn an_institution_without_loan_classification_gets_a_message() -> TestResult {
    on_bam(|_, site| {
        for w in ["m-ap", "staff"] {
            let mut c = Client::login(site, w)?;
            let r = c.get("/space/institutions/AP01/loans?lang=en")?;
            let html = r.text()?;
            assert_eq!(r.status, 200, "{w}: {html}");
            assert!(
                html.contains("which has no loan classification"),
                "{w}: {html}"
            );
            assert!(!html.contains("multipart/form-data"));
        }
        // Unknown institution (staff): 404.
        let mut staff = Client::login(site, "staff")?;
        assert_eq!(staff.get("/space/institutions/ZZ99/loans")?.status, 404);
        Ok(())
    })
}

#[test]
fn staff_impose_a_class_from_the_portfolio_art_21() -> TestResult {
    on_bam(|_p, site| {
        let q1 = "/space/institutions/CI01/loans?period=2023-Q1&lang=en";
        let mut m = Client::login(site, "m-ci")?;
        let r = upload(
            &mut m,
            "CI01",
            "2023-Q1",
            "q1.csv",
            &tape("tape-2023q1.csv")?,
        )?;
        assert_eq!(r.status, 200, "{}", r.text()?);
        let action = "/staff/institutions/CI01/loans/2023-Q1/imposed";
        // The form is staff's: the member's page has none, and the member's post is refused.
        assert!(!m.get(q1)?.text()?.contains(action));
        let token = m.csrf()?;
        let fields = |token: &str, reason: &str| -> Vec<(String, String)> {
            [
                ("csrf", token),
                ("loan_id", "EX11"),
                ("class", "3"),
                ("reason", reason),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
        };
        let post = |c: &mut Client, f: &[(String, String)]| {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.post_form(action, &f)
        };
        assert_eq!(post(&mut m, &fields(&token, "x"))?.status, 403);
        let mut staff = Client::login(site, "staff")?;
        let page = staff.get(q1)?.text()?;
        assert!(page.contains(action), "{page}");
        assert!(page.contains("Impose the class"));
        let token = staff.csrf()?;
        // Without a reason: refused, saying why.
        let refused = post(&mut staff, &fields(&token, " "))?;
        assert_eq!(refused.status, 400);
        // EX11, class 1 computed (base 1,000.02), imposed class 3 on inspection.
        let done = post(&mut staff, &fields(&token, "on-site inspection"))?;
        assert_eq!(done.status, 303);
        assert_eq!(
            done.header("location"),
            Some("/space/institutions/CI01/loans?period=2023-Q1")
        );
        // Listed for the institution too.
        let page = m.get(q1)?.text()?;
        assert!(page.contains("Classes imposed by the supervisor"));
        assert!(page.contains("on-site inspection"));
        // The quarter's tape sent again (one line more at its end): EX11 in class 3, imposed,
        // 1,000.02 × 75 % = 750.015 → 750.02.
        let mut resent = tape("tape-2023q1.csv")?;
        resent.extend_from_slice(b"\n");
        let r = upload(&mut m, "CI01", "2023-Q1", "q1-bis.csv", &resent)?;
        assert_eq!(r.status, 200, "{}", r.text()?);
        let loans = m
            .get("/space/institutions/CI01/loans/2023-Q1/loans.csv")?
            .text()?;
        assert!(
            loans.contains("\nEX11,3,1000.02,750.02,false,imposed\n"),
            "{loans}"
        );
        Ok(())
    })
}

#[test]
fn a_member_downloads_a_sample_tape_that_the_platform_reads() -> TestResult {
    on_bam(|p, site| {
        let mut m = Client::login(site, "m-ci")?;
        let page = m
            .get("/space/institutions/CI01/loans?period=2023-Q2")?
            .text()?;
        assert!(page.contains("/space/institutions/CI01/loans/2023-Q2/sample.csv"));
        let sample = m.get("/space/institutions/CI01/loans/2023-Q2/sample.csv")?;
        assert_eq!(sample.status, 200);
        assert!(
            sample
                .header("content-disposition")
                .is_some_and(|d| d.contains("mizan-CI01-2023-Q2-sample-tape.csv"))
        );
        let text = sample.text()?;
        assert!(text.starts_with("loan_id,"), "{text}");
        assert_eq!(text.lines().count(), 7, "{text}");
        // The sample is a tape the platform reads.
        let r = m.post_multipart(
            "/space/institutions/CI01/loans",
            &[("csrf", &csrf_of(&page)?), ("period", "2023-Q2")],
            ("file", "sample.csv", text.as_bytes()),
        )?;
        assert_eq!(r.status, 200, "{}", r.text()?);
        assert_eq!(
            loan_tapes(&p.app, &Actor::system(), &code("CI01")?, period("2023-Q2")?)?.len(),
            1
        );
        Ok(())
    })
}
