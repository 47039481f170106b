//! Who may reach what: every route and export of the signed-in side against anonymous
//! visitors, members whose institution reported (return accepted), did not report, or was
//! rejected, partners with and without a grant, and staff; the reciprocity cases; CSRF,
//! session fixation, throttling and the session cookie.

use mizan_core::InstitutionCode;
use mizan_service::Actor;
use mizan_service::accounts::grant;
use mizan_service::collection::{Decision, collection, decide};
use mizan_storage::users::Role;
use mizan_web::Method;

use crate::session::{Client, PASSWORD, account, csrf_of};
use crate::{Platform, Res, Site, TestResult, on_each_backend, q1};

/// The fixture's cast: who reported, who did not, and the accounts.
struct Cast {
    /// Reported, return accepted.
    ok: String,
    ok_submission: i64,
    /// Reported, return rejected.
    rejected: String,
    rejected_submission: i64,
    /// Expected, did not report.
    missing: String,
}

fn cast(p: &Platform) -> Res<Cast> {
    let c = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
    let all: Vec<_> = c
        .groups
        .iter()
        .flat_map(|g| g.institutions.iter())
        .collect();
    let reported: Vec<_> = all.iter().filter(|i| i.received()).collect();
    let missing = all
        .iter()
        .find(|i| i.versions.is_empty())
        .ok_or("every institution reported")?;
    let ok = reported.first().ok_or("no return")?;
    let rejected = reported.get(1).ok_or("one return only")?;
    let cast = Cast {
        ok: ok.code.to_string(),
        ok_submission: ok.versions[0].id,
        rejected: rejected.code.to_string(),
        rejected_submission: rejected.versions[0].id,
        missing: missing.code.to_string(),
    };
    decide(
        &p.app,
        &Actor::system(),
        cast.ok_submission,
        &Decision::Accept,
    )?;
    decide(
        &p.app,
        &Actor::system(),
        cast.rejected_submission,
        &Decision::Reject("Total des dépôts incohérent".into()),
    )?;
    account(&p.app, "staff", Role::Staff, None)?;
    account(&p.app, "m-ok", Role::Member, Some(&cast.ok))?;
    account(&p.app, "m-none", Role::Member, Some(&cast.missing))?;
    account(&p.app, "m-rej", Role::Member, Some(&cast.rejected))?;
    let granted = account(&p.app, "p-yes", Role::Partner, None)?;
    account(&p.app, "p-no", Role::Partner, None)?;
    grant(&p.app, &Actor::system(), granted.id, "apsfd-ci", q1()?)?;
    Ok(cast)
}

/// The people of the matrix, in the order of the expected statuses.
const WHO: [&str; 7] = [
    "anonymous",
    "m-ok",
    "m-none",
    "m-rej",
    "p-yes",
    "p-no",
    "staff",
];

fn clients(site: &Site) -> Res<Vec<Client>> {
    WHO.iter()
        .map(|w| {
            if *w == "anonymous" {
                Ok(Client::new(site))
            } else {
                Client::login(site, w)
            }
        })
        .collect()
}

#[test]
fn authorization_matrix_of_every_route_and_export() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        let mut people = clients(site)?;
        let (ok, rej, sub_ok, sub_rej) =
            (&c.ok, &c.rejected, c.ok_submission, c.rejected_submission);
        // Expected status for: anonymous, m-ok, m-none, m-rej, p-yes, p-no, staff.
        let gets: Vec<(String, [u16; 7])> = vec![
            ("/".into(), [200; 7]),
            ("/periods/2016-Q1".into(), [200; 7]),
            ("/periods/2016-Q1/bulletin.csv".into(), [200; 7]),
            ("/periods/2016-Q1/bulletin.sdmx.csv".into(), [200; 7]),
            ("/api/v1/periods/2016-Q1/sdmx".into(), [200; 7]),
            ("/api/v1/sdmx/structure".into(), [200; 7]),
            ("/api/v1/periods".into(), [200; 7]),
            ("/space".into(), [303, 200, 200, 200, 200, 200, 303]),
            ("/account".into(), [303, 200, 200, 200, 200, 200, 200]),
            ("/space/upload".into(), [303, 200, 200, 200, 403, 403, 200]),
            (
                format!("/space/form?institution={ok}&period=2016-Q1"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/upload?institution={ok}"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/template?period=2016-Q1&institution={ok}"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{rej}"),
                [303, 403, 403, 200, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/periods/2016-Q1"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/periods/2016-Q1/indicators.csv"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/history"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/history?indicator=fin.par30"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/history.csv"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/submissions/{sub_ok}"),
                [303, 200, 404, 404, 404, 404, 200],
            ),
            (
                format!("/space/submissions/{sub_rej}"),
                [303, 404, 404, 200, 404, 404, 200],
            ),
            (
                "/space/periods/2016-Q1/peers".into(),
                [303, 200, 403, 403, 200, 403, 200],
            ),
            (
                "/space/periods/2016-Q1/peers.csv".into(),
                [303, 200, 403, 403, 200, 403, 200],
            ),
            (
                "/space/periods/2016-Q1/peers?section=prudential".into(),
                [303, 200, 403, 403, 200, 403, 200],
            ),
            ("/staff".into(), [303, 403, 403, 403, 403, 403, 200]),
            (
                "/staff?period=2016-Q1".into(),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                "/staff/institutions".into(),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            ("/staff/users".into(), [303, 403, 403, 403, 403, 403, 200]),
            ("/staff/audit".into(), [303, 403, 403, 403, 403, 403, 200]),
            (
                "/staff/reminders?period=2016-Q1".into(),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                "/staff/audit?page=2&action=import.".into(),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                format!("/staff/submissions/{sub_ok}"),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                format!("/staff/submissions/{sub_ok}/file"),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                "/staff?period=2016-Q1&show=late&page=2".into(),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                "/staff/publication?period=2016-Q1".into(),
                [303, 403, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/loans"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
            (
                format!("/space/institutions/{ok}/loans/2016-Q1/loans.csv"),
                [303, 404, 403, 403, 403, 403, 404],
            ),
            (
                format!("/space/institutions/{ok}/loans/2016-Q1/portfolio.csv"),
                [303, 404, 403, 403, 403, 403, 404],
            ),
            (
                format!("/space/institutions/{ok}/loans/2016-Q1/sample.csv"),
                [303, 200, 403, 403, 403, 403, 200],
            ),
        ];
        every_get_route_is_in(&gets)?;
        let mut failures = Vec::new();
        for (path, expected) in &gets {
            for (i, client) in people.iter_mut().enumerate() {
                let r = client.get(path)?;
                if r.status != expected[i] {
                    failures.push(format!(
                        "GET {path} as {}: {} (expected {})",
                        WHO[i], r.status, expected[i]
                    ));
                }
                if r.status == 303 && expected[i] == 303 && WHO[i] == "anonymous" {
                    let to = r.header("location").unwrap_or_default();
                    if !to.starts_with("/login?next=") {
                        failures.push(format!("GET {path} as anonymous goes to {to}"));
                    }
                }
                if path.starts_with("/space") && r.status == 200 {
                    let cc = r.header("cache-control").unwrap_or_default();
                    if !cc.contains("no-store") {
                        failures.push(format!("GET {path} as {}: cacheable ({cc})", WHO[i]));
                    }
                }
            }
        }
        // Forms: every POST with the person's own valid token.
        let csv = format!("institution,period,item,value\n{ok},2016-Q1,loans.par3O,1\n");
        for (i, client) in people.iter_mut().enumerate() {
            let token = if WHO[i] == "anonymous" {
                "none".to_owned()
            } else {
                client.csrf()?
            };
            let upload = client.post_multipart(
                "/space/upload",
                &[("csrf", &token), ("institution", ok), ("period", "2016-Q1")],
                ("file", "r.csv", csv.as_bytes()),
            )?;
            // A blocking error: refused (422) for those who may upload for the institution.
            let expected = [303, 422, 403, 403, 403, 403, 422][i];
            if upload.status != expected {
                failures.push(format!(
                    "POST /space/upload for {ok} as {}: {} (expected {expected})",
                    WHO[i], upload.status
                ));
            }
            let decision = client.post_form(
                &format!("/staff/submissions/{sub_rej}/accept"),
                &[("csrf", &token), ("back", "2016-Q1")],
            )?;
            let expected = [303, 403, 403, 403, 403, 403, 303][i];
            if decision.status != expected {
                failures.push(format!(
                    "POST accept as {}: {} (expected {expected})",
                    WHO[i], decision.status
                ));
            }
            if WHO[i] == "staff" {
                // Undo, for the rest of the matrix.
                decide(
                    &p.app,
                    &Actor::system(),
                    sub_rej,
                    &Decision::Reject("again".into()),
                )?;
            }
            let publish = client.post_form(
                "/staff/publish",
                &[("csrf", &token), ("period", "2016-Q1"), ("note", "test")],
            )?;
            let expected = [303, 403, 403, 403, 403, 403, 303][i];
            if publish.status != expected {
                failures.push(format!(
                    "POST publish as {}: {} (expected {expected})",
                    WHO[i], publish.status
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        Ok(())
    })
}

/// The `GET` routes open to everyone, the same for everyone: the public site, its API, the
/// sign-in page. Every other `GET` route must be in the authorization matrix.
const PUBLIC: [&str; 18] = [
    "/healthz",
    "/readyz",
    "/periods/{period}/revisions",
    "/indicators",
    "/indicators/{code}",
    "/indicators/{code}/chart.svg",
    "/indicators/{code}/series.csv",
    "/methodology",
    "/api/docs",
    "/lang/{lang}",
    "/static/mizan.css",
    "/robots.txt",
    "/login",
    "/api/v1/openapi.json",
    "/api/v1/periods/{period}",
    "/api/v1/periods/{period}/cells",
    "/api/v1/indicators",
    "/api/v1/indicators/{code}/series",
];

/// Whether the path `path` (a query left out) is one that the route pattern `pattern`
/// (`/space/institutions/{code}`) answers.
fn answers(pattern: &str, path: &str) -> bool {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let (pattern, path): (Vec<_>, Vec<_>) =
        (pattern.split('/').collect(), path.split('/').collect());
    pattern.len() == path.len()
        && pattern
            .iter()
            .zip(&path)
            .all(|(a, b)| a == b || (a.starts_with('{') && !b.is_empty()))
}

/// Every `GET` route the site registers ([`mizan_web::routes`]) is tried by the matrix `gets`
/// or listed in [`PUBLIC`]: a new route cannot be left out of the matrix.
fn every_get_route_is_in(gets: &[(String, [u16; 7])]) -> TestResult {
    let routes: Vec<&str> = mizan_web::routes()
        .into_iter()
        .filter(|r| r.method == Method::Get)
        .map(|r| r.path)
        .collect();
    let left_out: Vec<&str> = routes
        .iter()
        .copied()
        .filter(|r| !PUBLIC.contains(r) && !gets.iter().any(|(path, _)| answers(r, path)))
        .collect();
    assert!(
        left_out.is_empty(),
        "GET routes neither in the matrix nor public: {left_out:?}"
    );
    for public in PUBLIC {
        assert!(routes.contains(&public), "{public} is not a GET route");
        assert!(
            !["/space", "/staff", "/account"]
                .iter()
                .any(|private| public.starts_with(private)),
            "{public} is signed-in"
        );
    }
    Ok(())
}

/// Every form of the staff back office, as the router registers it (from the route table that
/// both registers and lists the routes, so that a new one cannot be left out), refuses everyone but staff:
/// anonymous visitors are sent to sign in, members and partners get 403, with their own valid
/// token, and nothing changes.
#[test]
fn every_staff_form_refuses_everyone_but_staff() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        let mut people = clients(site)?;
        let routes: Vec<&str> = mizan_web::routes()
            .into_iter()
            .filter(|r| r.method == Method::Post && r.path.starts_with("/staff"))
            .map(|r| r.path)
            .collect();
        assert!(
            routes.len() >= 10 && routes.contains(&"/staff/institutions/change"),
            "{routes:?}"
        );
        let audit = || -> Res<Vec<mizan_storage::audit::AuditRecord>> {
            let mut conn = p.app.conn()?;
            Ok(mizan_storage::audit::list(
                &mut conn,
                &mizan_storage::audit::AuditFilter::default(),
            )?)
        };
        let before = audit()?.len();
        let mut failures = Vec::new();
        for (i, client) in people.iter_mut().enumerate() {
            if WHO[i] == "staff" {
                continue;
            }
            let token = if WHO[i] == "anonymous" {
                "none".to_owned()
            } else {
                client.csrf()?
            };
            for route in &routes {
                let path = route
                    .replace("{id}", &c.rejected_submission.to_string())
                    .replace("{decision}", "accept");
                let r = client.post_form(
                    &path,
                    &[
                        ("csrf", &token),
                        ("code", &c.ok),
                        ("period", "2016-Q1"),
                        ("valid_from", "2016-Q1"),
                        ("name", "Renommée"),
                        ("legal_form", "sa"),
                        ("structure", "direct_credit"),
                        ("framework", "apsfd-ci"),
                        ("username", "intrus"),
                        ("role", "staff"),
                        ("password", "un mot de passe assez long"),
                    ],
                )?;
                let expected = if WHO[i] == "anonymous" { 303 } else { 403 };
                if r.status != expected {
                    failures.push(format!(
                        "POST {path} as {}: {} (expected {expected})",
                        WHO[i], r.status
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let after = audit()?;
        assert!(
            after
                .iter()
                .take(after.len() - before)
                .all(|e| e.action.starts_with("login")),
            "something changed: {:?}",
            after.iter().take(after.len() - before).collect::<Vec<_>>()
        );
        Ok(())
    })
}

#[test]
fn a_member_never_reaches_another_institutions_pages() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        let mut m = Client::login(site, "m-ok")?;
        let token = m.csrf()?;
        // Its own institution is forced, whatever the form says.
        let csv = format!(
            "institution,period,item,value\n{},2016-Q1,loans.par30,1\n",
            c.rejected
        );
        let r = m.post_multipart(
            "/space/upload",
            &[("csrf", &token), ("institution", ""), ("period", "2016-Q1")],
            ("file", "other.csv", csv.as_bytes()),
        )?;
        assert_eq!(r.status, 422, "{}", r.text()?);
        assert!(
            r.text()?.contains(&c.rejected),
            "the refusal names the institution of the file"
        );
        let versions = mizan_service::member::versions_of(
            &p.app,
            &mizan_service::accounts::login(&p.app, "staff", PASSWORD, "t")?
                .map_err(|e| format!("{e:?}"))?
                .session
                .principal
                .actor(),
            &InstitutionCode::parse(&c.rejected)?,
        )?;
        assert_eq!(
            versions.len(),
            1,
            "nothing was stored for the other institution"
        );
        for path in [
            format!("/space/institutions/{}", c.rejected),
            format!("/space/institutions/{}/periods/2016-Q1", c.rejected),
            format!("/space/upload?institution={}", c.rejected),
            format!("/space/template?period=2016-Q1&institution={}", c.rejected),
        ] {
            assert_eq!(m.get(&path)?.status, 403, "{path}");
        }
        assert_eq!(
            m.get(&format!("/space/submissions/{}", c.rejected_submission))?
                .status,
            404
        );
        Ok(())
    })
}

#[test]
fn reciprocity_opens_peer_detail_once_the_return_is_accepted() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        let mut m = Client::login(site, "m-rej")?;
        // Rejected: refused, with the reason and staff's comment, on the page and the download.
        let page = m.get("/space/periods/2016-Q1/peers")?;
        assert_eq!(page.status, 403);
        let text = page.text()?;
        assert!(text.contains("rejeté"), "{text}");
        assert!(text.contains("Total des dépôts incohérent"), "{text}");
        assert_eq!(m.get("/space/periods/2016-Q1/peers.csv")?.status, 403);
        // A corrected version: received, not yet accepted — still refused, saying so.
        let returns = String::from_utf8(crate::data("apsfd-ci-2016q1/returns.csv")?)?;
        let mut mine = String::from("institution,period,item,value\n");
        for line in returns
            .lines()
            .filter(|l| l.starts_with(&format!("{},", c.rejected)))
        {
            if line.contains(",loans.written_off,") {
                let (head, _) = line.rsplit_once(',').ok_or("bad line")?;
                mine.push_str(&format!("{head},0\n"));
            } else {
                mine.push_str(line);
                mine.push('\n');
            }
        }
        let token = m.csrf()?;
        let up = m.post_multipart(
            "/space/upload",
            &[("csrf", &token), ("period", "2016-Q1")],
            ("file", "corrected.csv", mine.as_bytes()),
        )?;
        assert_eq!(up.status, 200, "{}", up.text()?);
        assert!(
            up.text()?.contains("version 2"),
            "a resubmission is a new version"
        );
        let page = m.get("/space/periods/2016-Q1/peers")?;
        assert_eq!(page.status, 403);
        assert!(page.text()?.contains("pas encore accepté"));
        // Staff accept the new version: the detail opens, HTML and CSV.
        let mut staff = Client::login(site, "staff")?;
        let token = staff.csrf()?;
        let versions = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
        let v2 = versions
            .groups
            .iter()
            .flat_map(|g| g.institutions.iter())
            .find(|i| i.code.as_str() == c.rejected)
            .and_then(|i| i.versions.iter().find(|v| v.version == 2))
            .ok_or("no version 2")?
            .id;
        let r = staff.post_form(
            &format!("/staff/submissions/{v2}/accept"),
            &[("csrf", &token), ("back", "2016-Q1")],
        )?;
        assert_eq!(r.status, 303);
        let page = m.get("/space/periods/2016-Q1/peers")?;
        assert_eq!(page.status, 200);
        assert!(page.text()?.contains(&c.ok), "named peers");
        let csv = m.get("/space/periods/2016-Q1/peers.csv")?;
        assert_eq!(csv.status, 200);
        assert!(
            csv.text()?
                .starts_with("period,institution,name,group,indicator")
        );
        // The member who did not report is still refused, and told why.
        let mut none = Client::login(site, "m-none")?;
        let page = none.get("/space/periods/2016-Q1/peers")?;
        assert_eq!(page.status, 403);
        assert!(
            page.text()?.contains("ne l&#39;a pas transmis"),
            "{}",
            page.text()?
        );
        Ok(())
    })
}

#[test]
fn forms_without_the_right_csrf_token_are_refused() -> TestResult {
    on_each_backend(|p, site| {
        cast(p)?;
        // Sign-in without the token of the form's cookie.
        let mut anon = Client::new(site);
        let r = anon.post_form(
            "/login",
            &[
                ("csrf", "forged"),
                ("username", "staff"),
                ("password", PASSWORD),
            ],
        )?;
        assert_eq!(r.status, 403);
        let page = anon.get("/login")?;
        let good = csrf_of(&page.text()?)?;
        let r = anon.post_form(
            "/login",
            &[
                ("csrf", &format!("{good}0")),
                ("username", "staff"),
                ("password", PASSWORD),
            ],
        )?;
        assert_eq!(r.status, 403, "a token that differs from the cookie's");
        // Signed-in forms: missing and wrong tokens.
        let mut staff = Client::login(site, "staff")?;
        let token = staff.csrf()?;
        for (path, fields) in [
            ("/logout", vec![]),
            ("/logout", vec![("csrf", "0".repeat(64))]),
            (
                "/account/password",
                vec![
                    ("current", PASSWORD.to_owned()),
                    ("new", "x".repeat(12)),
                    ("confirm", "x".repeat(12)),
                    ("csrf", "f".repeat(64)),
                ],
            ),
            (
                "/staff/publish",
                vec![
                    ("period", "2016-Q1".to_owned()),
                    ("note", "n".to_owned()),
                    ("csrf", String::new()),
                ],
            ),
        ] {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = staff.post_form(path, &f)?;
            assert!(r.status == 403 || r.status == 400, "{path}: {}", r.status);
        }
        let r = staff.post_multipart(
            "/space/upload",
            &[("csrf", "nope")],
            ("file", "r.csv", b"institution,period,item,value\n"),
        )?;
        assert_eq!(r.status, 403);
        // Still signed in (nothing above took effect), and the right token works.
        assert_eq!(staff.get("/account")?.status, 200);
        let r = staff.post_form("/logout", &[("csrf", &token)])?;
        assert_eq!(r.status, 303);
        assert_eq!(staff.get("/account")?.status, 303, "logged out");
        Ok(())
    })
}

#[test]
fn a_planted_session_cookie_never_becomes_a_signed_in_session() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        // An attacker's session (signed in as the member) planted in the victim's browser…
        let attacker = Client::login(site, "m-none")?;
        let planted = attacker
            .cookies
            .get("mizan_session")
            .cloned()
            .ok_or("no session cookie")?;
        let mut victim = Client::new(site);
        let form = victim.get("/login")?;
        let token = csrf_of(&form.text()?)?;
        victim
            .cookies
            .insert("mizan_session".into(), planted.clone());
        // …is replaced by a new one when the victim signs in…
        let r = victim.post_form(
            "/login",
            &[
                ("csrf", &token),
                ("username", "m-ok"),
                ("password", PASSWORD),
            ],
        )?;
        assert_eq!(r.status, 303);
        let fresh = victim.cookies.get("mizan_session").ok_or("no new cookie")?;
        assert_ne!(fresh, &planted, "sign-in issues a new session");
        // …and the planted token did not become the victim's session.
        let mut holder = Client::new(site);
        holder
            .cookies
            .insert("mizan_session".into(), planted.clone());
        let home = holder.get("/space")?.text()?;
        assert!(home.contains(&c.missing) && !home.contains(&c.ok), "{home}");
        // And a forged or tampered cookie is no session at all.
        let mut forged = Client::new(site);
        forged
            .cookies
            .insert("mizan_session".into(), format!("{planted}x"));
        assert_eq!(forged.get("/space")?.status, 303);
        // The cookie: encrypted value, HttpOnly, SameSite=Lax, whole site, no Secure over
        // plain HTTP.
        let r = Client::new(site).try_login("m-ok", PASSWORD)?;
        let set = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.clone())
            .find(|v| v.starts_with("mizan_session="))
            .ok_or("no Set-Cookie")?;
        assert!(set.contains("HttpOnly"), "{set}");
        assert!(set.contains("SameSite=Lax"), "{set}");
        assert!(set.contains("Path=/"), "{set}");
        assert!(!set.contains("Secure"), "{set}");
        let value = set
            .trim_start_matches("mizan_session=")
            .split(';')
            .next()
            .unwrap_or_default();
        assert!(
            !value.chars().all(|ch| ch.is_ascii_hexdigit()),
            "the token is not sent in clear"
        );
        assert!(mizan_service::accounts::session(&p.app, value)?.is_none());
        Ok(())
    })
}

#[test]
fn sign_in_is_throttled_per_account() -> TestResult {
    on_each_backend(|p, site| {
        cast(p)?;
        let mut c = Client::new(site);
        for _ in 0..5 {
            let r = c.try_login("m-ok", "wrong password!")?;
            assert_eq!(r.status, 401);
            assert!(r.text()?.contains("incorrect"));
        }
        let r = c.try_login("m-ok", PASSWORD)?;
        assert_eq!(
            r.status, 429,
            "the right password is refused while throttled"
        );
        assert_eq!(r.header("retry-after"), Some("900"));
        assert!(r.text()?.contains("Trop de tentatives"));
        // Another account from the same address is not locked by these five.
        let r = c.try_login("m-rej", PASSWORD)?;
        assert_eq!(r.status, 303);
        // After the window, the account signs in again.
        p.set_time("2016-06-13 03:50")?;
        let r = Client::new(site).try_login("m-ok", PASSWORD)?;
        assert_eq!(r.status, 303);
        Ok(())
    })
}

/// The addresses failed sign-ins were audited from, newest first.
fn failed_from(p: &Platform) -> Res<Vec<String>> {
    let mut conn = p.app.conn()?;
    Ok(mizan_storage::audit::list(
        &mut conn,
        &mizan_storage::audit::AuditFilter {
            action_prefix: Some("login.failed"),
            ..Default::default()
        },
    )?
    .into_iter()
    .map(|e| e.detail)
    .collect())
}

#[test]
fn a_forwarding_header_counts_only_from_a_trusted_proxy() -> TestResult {
    on_each_backend(|p, site| {
        cast(p)?;
        let forged = |c: &mut Client| {
            c.headers = vec![
                ("X-Forwarded-For".into(), "203.0.113.7".into()),
                ("Forwarded".into(), "for=198.51.100.9".into()),
                ("X-Real-IP".into(), "192.0.2.1".into()),
            ];
        };
        // By default no proxy is trusted: the address is the peer's, whatever the client writes.
        let mut c = Client::new(site);
        forged(&mut c);
        assert_eq!(c.try_login("m-ok", "wrong password!")?.status, 401);
        assert_eq!(
            failed_from(p)?.first().map(String::as_str),
            Some(r#"{"address":"127.0.0.1"}"#)
        );
        // Twenty failures from one address lock it, whatever address each request claims.
        for i in 0..20 {
            let mut c = Client::new(site);
            c.headers = vec![
                ("X-Forwarded-For".into(), format!("203.0.113.{i}")),
                ("Forwarded".into(), format!("for=198.51.100.{i}")),
            ];
            c.try_login(&format!("nobody{i}"), "wrong password!")?;
        }
        let r = Client::new(site).try_login("m-rej", PASSWORD)?;
        assert_eq!(r.status, 429, "the address is throttled");
        // Behind a trusted proxy (loopback here), its one configured header is believed — its
        // last entry, the one the proxy wrote — and `Forwarded` is still ignored.
        let mut settings = (*p.app.settings).clone();
        settings.server.trusted_proxies = vec!["127.0.0.1/32".parse()?];
        let mut app = p.app.clone();
        app.settings = std::sync::Arc::new(settings);
        let proxied = Site::start(&app)?;
        let mut c = Client::new(&proxied);
        c.headers = vec![
            ("X-Forwarded-For".into(), "10.9.9.9, 203.0.113.50".into()),
            ("Forwarded".into(), "for=198.51.100.9".into()),
        ];
        assert_eq!(c.try_login("m-ok", "wrong password!")?.status, 401);
        assert_eq!(
            failed_from(p)?.first().map(String::as_str),
            Some(r#"{"address":"203.0.113.50"}"#)
        );
        Ok(())
    })
}

#[test]
fn behind_tls_the_session_cookie_is_secure() -> TestResult {
    on_each_backend(|p, _| {
        cast(p)?;
        let site = Site::start_behind_tls(&p.app)?;
        let mut c = Client::new(&site);
        let form = c.get("/login")?;
        let csrf_cookie = form
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.clone())
            .find(|v| v.starts_with("mizan_csrf="))
            .ok_or("no CSRF cookie")?;
        assert!(
            csrf_cookie.contains("Secure") && csrf_cookie.contains("HttpOnly"),
            "{csrf_cookie}"
        );
        let token = csrf_of(&form.text()?)?;
        let r = c.post_form(
            "/login",
            &[
                ("csrf", &token),
                ("username", "m-ok"),
                ("password", PASSWORD),
            ],
        )?;
        assert_eq!(r.status, 303);
        let set = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.clone())
            .find(|v| v.starts_with("mizan_session="))
            .ok_or("no session cookie")?;
        for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(set.contains(attr), "{attr} missing: {set}");
        }
        Ok(())
    })
}

#[test]
fn staff_reset_a_forgotten_password_and_close_its_sessions() -> TestResult {
    on_each_backend(|p, site| {
        cast(p)?;
        let mut member = Client::login(site, "m-ok")?;
        let users = mizan_service::accounts::list_users(&p.app, &Actor::system())?;
        let id = users
            .iter()
            .find(|u| u.username == "m-ok")
            .ok_or("no m-ok")?
            .id;
        let mut staff = Client::login(site, "staff")?;
        let token = staff.csrf()?;
        let path = format!("/staff/users/{id}/password");
        let short = staff.post_form(&path, &[("csrf", &token), ("password", "short")])?;
        assert_eq!(short.status, 400);
        assert_eq!(
            member.get("/account")?.status,
            200,
            "a refused reset changes nothing"
        );
        let r = staff.post_form(
            &path,
            &[("csrf", &token), ("password", "a new long secret")],
        )?;
        assert_eq!(r.status, 303);
        let page = staff.get(r.header("location").ok_or("no location")?)?;
        assert!(page.text()?.contains("m-ok"));
        assert_eq!(
            member.get("/account")?.status,
            303,
            "the member's session is closed"
        );
        assert_eq!(Client::new(site).try_login("m-ok", PASSWORD)?.status, 401);
        assert_eq!(
            Client::new(site)
                .try_login("m-ok", "a new long secret")?
                .status,
            303
        );
        // Members cannot reset anyone's password.
        let mut other = Client::login(site, "m-rej")?;
        let t = other.csrf()?;
        let r = other.post_form(&path, &[("csrf", &t), ("password", "hijacked password")])?;
        assert_eq!(r.status, 403);
        let audit = mizan_service::backoffice::audit_log(
            &p.app,
            &Actor::system(),
            &mizan_storage::audit::AuditFilter {
                action_prefix: Some("account.password-reset"),
                limit: 10,
                ..Default::default()
            },
        )?;
        assert_eq!(audit.len(), 1);
        Ok(())
    })
}

#[test]
fn own_indicators_are_placed_against_the_peers_or_the_published_bulletin() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        // Accepted: the position against the live peer group (quartiles).
        let mut ok = Client::login(site, "m-ok")?;
        let page = ok.get(&format!("/space/institutions/{}/periods/2016-Q1", c.ok))?;
        assert_eq!(page.status, 200);
        let text = page.text()?;
        assert!(
            text.contains("1er quartile") && text.contains("Médiane"),
            "{text}"
        );
        // Awaiting review: its own figures, and its position against the published bulletin
        // only (no quartiles, nothing unpublished).
        // (The published quarter took accepted returns only: the institution that had none
        // sends its return now, with another's figures.)
        let waiting = c.missing.clone();
        let fixture = String::from_utf8(crate::data("apsfd-ci-2016q1/returns.csv")?)?;
        let mut csv = String::from("institution,period,item,value\n");
        for line in fixture
            .lines()
            .filter(|l| l.starts_with(&format!("{},", c.ok)))
        {
            csv.push_str(&line.replacen(&c.ok, &waiting, 1));
            csv.push('\n');
        }
        let rep = mizan_service::returns::import_returns(
            &p.app,
            csv.as_bytes(),
            "late.csv",
            &Actor::system(),
            &mizan_service::returns::Scope::Any,
        )?;
        assert_eq!(rep.stored().count(), 1, "{rep:?}");
        account(&p.app, "m-wait", Role::Member, Some(&waiting))?;
        let mut w = Client::login(site, "m-wait")?;
        let page = w.get(&format!("/space/institutions/{waiting}/periods/2016-Q1"))?;
        assert_eq!(page.status, 200);
        let text = page.text()?;
        assert!(text.contains("Moyenne publiée"), "{text}");
        assert!(text.contains("bulletin publié"), "{text}");
        assert!(!text.contains("1er quartile"), "{text}");
        Ok(())
    })
}

/// A workbook whose shared-strings table holds hundreds of thousands of empty entries (a few
/// kB uploaded, gigabytes once opened when the table is larger): refused before it is opened,
/// with the reason in the page's language; the upload went to a temporary file, not memory.
#[test]
fn a_workbook_bomb_is_refused_before_it_is_opened() -> TestResult {
    use std::io::{Cursor, Read, Write};
    on_each_backend(|p, site| {
        cast(p)?;
        let fw = p.app.framework("apsfd-ci", q1()?)?;
        let template = mizan_ingest::write_template(
            fw,
            q1()?,
            None,
            None,
            &mizan_web::file_texts::template_texts(
                &mizan_web::i18n::I18n::load()?,
                mizan_core::Lang::Fr,
            ),
        )?;
        let mut archive = zip::ZipArchive::new(Cursor::new(template))?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..archive.len() {
            let mut member = archive.by_index(i)?;
            let name = member.name()?.into_owned();
            let mut data = Vec::new();
            member.read_to_end(&mut data)?;
            if name == "xl/sharedStrings.xml" {
                data = format!(
                    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{}</sst>",
                    "<si/>".repeat(200_000)
                )
                .into_bytes();
            }
            out.start_file(name, options)?;
            out.write_all(&data)?;
        }
        let bomb = out.finish()?.into_inner();
        let mut m = Client::login(site, "m-ok")?;
        let token = m.csrf()?;
        let r = m.post_multipart(
            "/space/upload",
            &[("csrf", &token), ("period", "2016-Q1")],
            ("file", "bomb.xlsx", &bomb),
        )?;
        assert_eq!(r.status, 422);
        let html = r.text()?;
        assert!(
            html.contains("textes distincts (chaînes partagées)"),
            "{html}"
        );
        Ok(())
    })
}

#[test]
fn a_members_history_shows_its_figures_the_norm_and_the_chart() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        // Two quarters later: Q2 and Q3 without a return are gaps.
        p.set_time("2016-10-20 09:00")?;
        let own = mizan_service::member::own_indicators(
            &p.app,
            &Actor::system(),
            "apsfd-ci",
            q1()?,
            &InstitutionCode::parse(&c.ok)?,
        )?
        .ok_or("no own indicators")?;
        let par30 = own
            .indicators
            .iter()
            .find(|v| v.indicator.as_str() == "fin.par30")
            .and_then(|v| v.value())
            .ok_or("no PAR 30")?;
        let shown = mizan_ratios::display_value(mizan_core::framework::DisplayKind::Percent, par30)
            .to_string()
            .replace('.', ",");
        let mut ok = Client::login(site, "m-ok")?;
        let link = format!("/space/institutions/{}/history", c.ok);
        for page in ["/space".to_owned(), format!("/space/institutions/{}", c.ok)] {
            assert!(ok.get(&page)?.text()?.contains(&link), "{page}");
        }
        let page = ok.get(&format!("/space/institutions/{}/history", c.ok))?;
        assert_eq!(page.status, 200);
        let text = page.text()?;
        for expected in [
            "Portefeuille à risque ≥ 30 jours",
            "<td class=\"norm\"><bdi>&#60; 5 %</bdi></td>",
            &format!("{shown}\u{202F}%"),
            "T2 2016 (non transmis)",
            "<svg",
            "Médiane du groupe de pairs",
            "Norme : &lt; 5",
        ] {
            assert!(text.contains(expected), "{expected} missing in {text}");
        }
        // The cells out of norm are marked, as many as the quarter's own indicators fail.
        let fails = own
            .indicators
            .iter()
            .filter(|v| v.compliance == Some(mizan_core::framework::Compliance::Fails))
            .count();
        assert_eq!(text.matches("<span class=\"badge fails\">").count(), fails);
        // A chosen indicator is charted.
        let chosen = ok.get(&format!(
            "/space/institutions/{}/history?indicator=fin.par90",
            c.ok
        ))?;
        assert!(
            chosen
                .text()?
                .contains("<h2 id=\"chart\">Portefeuille à risque ≥ 90 jours")
        );
        let csv = ok.get(&format!("/space/institutions/{}/history.csv", c.ok))?;
        assert_eq!(csv.status, 200);
        let csv = csv.text()?;
        assert!(
            csv.contains(&format!("fin.par30,2016-Q1,1,{par30},< 5,")),
            "{csv}"
        );
        // Another institution's member, and anonymous visitors.
        let mut other = Client::login(site, "m-rej")?;
        assert_eq!(
            other
                .get(&format!("/space/institutions/{}/history", c.ok))?
                .status,
            403
        );
        let anonymous = Client::new(site).get(&format!("/space/institutions/{}/history", c.ok))?;
        assert_eq!(anonymous.status, 303);
        assert!(
            anonymous
                .header("location")
                .is_some_and(|l| l.starts_with("/login?next="))
        );
        Ok(())
    })
}

#[test]
fn the_members_home_says_when_its_return_is_late_and_when_it_awaits_review() -> TestResult {
    on_each_backend(|p, site| {
        let c = cast(p)?;
        let deadline = p.app.deadline(p.app.framework("apsfd-ci", q1()?)?, q1()?);
        // After the deadline, nothing received from the institution that did not report.
        p.set_time(&format!("{} 10:00", deadline + chrono::Days::new(3)))?;
        let mut none = Client::login(site, "m-none")?;
        let home = none.get("/space")?.text()?;
        assert!(
            home.contains("Votre état de T1 2016 est en retard : la date limite était le "),
            "{home}"
        );
        assert!(!home.contains("attend maintenant"), "{home}");
        // In English and Arabic too.
        none.get("/lang/en?next=/space")?;
        let home = none.get("/space")?.text()?;
        assert!(
            home.contains("Your return for Q1 2016 is late: the deadline was"),
            "{home}"
        );
        none.get("/lang/ar?next=/space")?;
        assert!(none.get("/space")?.text()?.contains("متأخر"));
        // The institution whose return was accepted is not late.
        let mut ok = Client::login(site, "m-ok")?;
        let home = ok.get("/space")?.text()?;
        assert!(!home.contains("en retard") && !home.contains("attend maintenant"));
        // Once it sends its return, the home says that it awaits review.
        let fixture = String::from_utf8(crate::data("apsfd-ci-2016q1/returns.csv")?)?;
        let mut csv = String::from("institution,period,item,value\n");
        for line in fixture
            .lines()
            .filter(|l| l.starts_with(&format!("{},", c.ok)))
        {
            csv.push_str(&line.replacen(&c.ok, &c.missing, 1));
            csv.push('\n');
        }
        let rep = mizan_service::returns::import_returns(
            &p.app,
            csv.as_bytes(),
            "late.csv",
            &Actor::system(),
            &mizan_service::returns::Scope::Any,
        )?;
        assert_eq!(rep.stored().count(), 1, "{rep:?}");
        none.get("/lang/fr?next=/space")?;
        let home = none.get("/space")?.text()?;
        assert!(
            home.contains("Votre état de T1 2016 (version 1, reçu le")
                && home.contains("attend maintenant d&#39;être examiné"),
            "{home}"
        );
        assert!(!home.contains("en retard"), "{home}");
        none.get("/lang/en?next=/space")?;
        assert!(none.get("/space")?.text()?.contains("now awaits review."));
        Ok(())
    })
}

#[test]
fn a_monthly_reporters_home_lists_its_months_and_the_registry_shows_the_flag() -> TestResult {
    on_each_backend(|p, site| {
        p.set_time("2026-01-20 10:00")?;
        let registry = "code,name,legal_form,structure,network_affiliated,collects_deposits,framework,country,art44\n\
BF01,Caisse de Ouagadougou,mutual,savings_credit,true,true,bceao-sfd,BF,true\n\
BF02,Caisse de Bobo,mutual,savings_credit,true,true,bceao-sfd,BF,false\n";
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            registry.as_bytes(),
            "registry.csv",
            &Actor::system(),
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        account(&p.app, "m-monthly", Role::Member, Some("BF01"))?;
        account(&p.app, "m-quarterly", Role::Member, Some("BF02"))?;
        account(&p.app, "staff", Role::Staff, None)?;
        // BF01 reports monthly: December 2025 is being collected, then November…
        let mut monthly = Client::login(site, "m-monthly")?;
        let home = monthly.get("/space")?.text()?;
        assert!(
            home.contains("décembre 2025") && home.contains("mai 2025"),
            "{home}"
        );
        assert!(
            !home.contains("T4 2025") && !home.contains("avril 2025"),
            "{home}"
        );
        // … and its upload form offers the months.
        let upload = monthly.get("/space/upload")?.text()?;
        assert!(upload.contains("2025-M12"), "{upload}");
        // Its loan tapes' picker too (bceao-sfd classifies loans).
        let tapes = monthly.get("/space/institutions/BF01/loans")?.text()?;
        assert!(
            tapes.contains("décembre 2025") && !tapes.contains("T4 2025"),
            "{tapes}"
        );
        // BF02 reports quarterly: the quarter being collected.
        let mut quarterly = Client::login(site, "m-quarterly")?;
        let home = quarterly.get("/space")?.text()?;
        assert!(
            home.contains("T4 2025") && !home.contains("décembre 2025"),
            "{home}"
        );
        assert!(!quarterly.get("/space/upload")?.text()?.contains("2025-M12"));
        // Staff's registry page says who reports monthly.
        let mut staff = Client::login(site, "staff")?;
        let page = staff.get("/staff/institutions")?.text()?;
        assert!(page.contains("Mensuel (art. 44)"), "{page}");
        // The collection of a month: BF01 alone is expected.
        let page = staff
            .get("/staff?framework=bceao-sfd&period=2025-M12")?
            .text()?;
        assert!(
            page.contains("décembre 2025") && page.contains("BF01") && !page.contains("BF02"),
            "{page}"
        );
        Ok(())
    })
}
