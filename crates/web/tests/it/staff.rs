//! The staff back office over HTTP: signing in, the collection of Q1 2016 with its review
//! forms, publication from the web, the registry upload, accounts and grants, the audit log,
//! CSRF tokens on every form and the refusal of everyone but staff.

use mizan_service::accounts::{NewAccount, create_user};
use mizan_service::collection::collection;
use mizan_service::publication::published_quarters;
use mizan_service::{Actor, App};
use mizan_storage::testing;
use mizan_storage::users::Role;

use crate::session::Client as Browser;
use crate::{Platform, Res, Resp, Site, TestResult, platform, q1};

const STAFF: (&str, &str) = ("chef.collecte", "mot-de-passe-du-chef");

/// `text` as the templates escape it.
fn esc(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The part of a page from `id="…"` to the end of its element's line block (for checking one
/// version's or one row's text).
fn block<'h>(html: &'h str, id: &str, end: &str) -> Res<&'h str> {
    let start = html
        .find(&format!("id=\"{id}\""))
        .ok_or_else(|| format!("no element {id}"))?;
    let rest = &html[start..];
    let stop = rest.find(end).unwrap_or(rest.len());
    Ok(&rest[..stop])
}

fn location(r: &Resp) -> &str {
    r.header("location").unwrap_or_default()
}

/// A platform with the Q1 2016 registry and returns, not published, on 13 June 2016 (after
/// the deadline), and a staff account.
fn collected(db: testing::TestDb) -> Res<Platform> {
    let p = platform(db)?;
    p.load()?;
    p.set_time("2016-06-13 10:00")?;
    account(&p.app, STAFF.0, Role::Staff, None, STAFF.1)?;
    Ok(p)
}

fn account(
    app: &App,
    username: &str,
    role: Role,
    institution: Option<&str>,
    password: &str,
) -> Res<i64> {
    let code = institution
        .map(mizan_core::InstitutionCode::parse)
        .transpose()?;
    Ok(create_user(
        app,
        &Actor::system(),
        &NewAccount {
            email: "",
            lang: mizan_core::Lang::Fr,
            username,
            display_name: username,
            role,
            institution: code.as_ref(),
            password,
        },
    )?
    .id)
}

/// Runs `body` on every test backend with a collected (unpublished) quarter and the site.
fn on_each_backend(body: impl Fn(&Platform, &Site) -> TestResult) -> TestResult {
    for db in testing::databases()? {
        let p = collected(db)?;
        let site = Site::start(&p.app)?;
        body(&p, &site).map_err(|e| format!("on {}: {e}", p.backend))?;
    }
    Ok(())
}

/// Submission ids of the first two institutions received in the first group.
fn two_submissions(app: &App) -> Res<(i64, i64, String)> {
    let c = collection(app, &Actor::system(), "apsfd-ci", q1()?)?;
    let g = c.groups.first().ok_or("no group")?;
    let first = g.institutions.first().ok_or("no institution")?;
    let second = g.institutions.get(1).ok_or("one institution")?;
    Ok((
        first.versions.first().ok_or("no version")?.id,
        second.versions.first().ok_or("no version")?.id,
        second.code.to_string(),
    ))
}

#[test]
fn the_collection_review_and_publication() -> TestResult {
    on_each_backend(|p, site| {
        let mut b = Browser::new(site);
        let r = b.try_login(STAFF.0, STAFF.1)?;
        assert_eq!(r.status, 303);
        assert_eq!(location(&r), "/staff", "staff land on the collection");

        // The collection of the quarter with submissions, by default.
        let r = b.get("/staff")?;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let html = r.text()?;
        let c = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
        for g in &c.groups {
            let counts = format!("{} reçus / {} attendus", g.received(), g.expected());
            assert!(html.contains(&counts), "{counts}");
        }
        assert!(html.contains("10 reçus / 11 attendus"), "{html}");
        assert!(html.contains("Collecte T1 2016"));
        assert!(html.contains("jours ouvrés après la fin du trimestre"));
        assert!(html.contains("Date limite"));
        // Missing institutions are flagged once the deadline has passed.
        let missing = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .find(|s| s.versions.is_empty())
            .ok_or("the fixture has a missing institution")?;
        let row = block(&html, &format!("inst-{}", missing.code), "</tr>")?;
        assert!(row.contains("manquant — en retard de"), "{row}");
        assert!(row.contains("jours ouvrés"), "{row}");
        assert!(
            row.contains(&esc(&format!(
                "/space/upload?institution={}&period=2016-Q1",
                missing.code
            ))),
            "{row}"
        );
        assert!(html.contains("/space/submissions/"), "links to the reports");
        assert!(html.contains("Contrôles de qualité des données"));
        assert!(html.contains(&esc("Ce trimestre n'est pas encore publié.")));
        assert_eq!(b.get("/staff?period=2016-Q1")?.text()?, html);
        // In English and Arabic too.
        let en = b.get("/staff?period=2016-Q1&lang=en")?.text()?;
        assert!(en.contains("10 received / 11 expected"));
        let ar = b.get("/staff?period=2016-Q1&lang=ar")?.text()?;
        assert!(ar.contains("10 واردة / 11 متوقعة"));
        assert!(ar.contains("dir=\"rtl\""));
        // A quarter without returns, and a period that is not one.
        let empty = b.get("/staff?period=2015-Q4")?;
        assert_eq!(empty.status, 200);
        let first = c.groups.first().ok_or("no group")?;
        assert!(
            empty
                .text()?
                .contains(&format!("0 reçus / {} attendus", first.expected()))
        );
        assert_eq!(b.get("/staff?period=2016-Q9")?.status, 400);

        // Accept one version, reject another with a comment.
        let (accept_id, reject_id, rejected_code) = two_submissions(&p.app)?;
        let csrf = b.csrf()?;
        let r = b.post_form(
            &format!("/staff/submissions/{accept_id}/accept"),
            &[("csrf", &csrf), ("back", "2016-Q1")],
        )?;
        assert_eq!(r.status, 303);
        assert_eq!(location(&r), format!("/staff?period=2016-Q1#v{accept_id}"));
        let r = b.post_form(
            &format!("/staff/submissions/{reject_id}/reject"),
            &[
                ("csrf", &csrf),
                ("back", "2016-Q1"),
                (
                    "comment",
                    "Le PAR 30 dépasse l'encours : corrigez la ligne.",
                ),
            ],
        )?;
        assert_eq!(r.status, 303);
        let html = b.get("/staff?period=2016-Q1")?.text()?;
        let accepted = block(&html, &format!("v{accept_id}"), "</li>")?;
        assert!(accepted.contains("acceptée"), "{accepted}");
        assert!(accepted.contains(&format!("par {}", STAFF.0)), "{accepted}");
        let rejected = block(&html, &format!("v{reject_id}"), "</li>")?;
        assert!(rejected.contains("rejetée"), "{rejected}");
        assert!(
            rejected.contains(&esc("Le PAR 30 dépasse l'encours : corrigez la ligne.")),
            "{rejected}"
        );
        let after_rejection = format!(
            "{} reçus / {} attendus",
            first.received() - 1,
            first.expected()
        );
        assert!(
            html.contains(&after_rejection),
            "a rejected return no longer counts"
        );

        // A rejection without a comment is refused, with the page saying why.
        let r = b.post_form(
            &format!("/staff/submissions/{accept_id}/reject"),
            &[("csrf", &csrf), ("back", "2016-Q1"), ("comment", "  ")],
        )?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(html.contains("Un rejet doit être motivé"), "{html}");
        assert!(html.contains("Collecte T1 2016"));
        assert!(block(&html, &format!("v{accept_id}"), "</li>")?.contains("acceptée"));
        assert_eq!(
            b.post_form(
                "/staff/submissions/999999/accept",
                &[("csrf", &csrf), ("back", "2016-Q1")]
            )?
            .status,
            404
        );

        // The preview, linked from the collection page: the table as it would be published,
        // coverage per group, the returns awaiting review; publishing would be refused.
        assert!(html.contains(&esc("/staff/publication?period=2016-Q1&framework=apsfd-ci")));
        let r = b.get("/staff/publication?period=2016-Q1")?;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let html = r.text()?;
        assert!(
            html.contains("Aperçu de la publication — T1 2016"),
            "{html}"
        );
        assert!(html.contains("Couverture par groupe"));
        assert!(html.contains("Déclarations à examiner (absentes de la publication)"));
        assert!(html.contains("attendent encore l’examen"), "{html}");
        assert!(html.contains("Chiffres retenus par le contrôle de divulgation"));
        assert!(html.contains("class=\"bulletin\""), "the public table");
        assert!(html.contains("name=\"confirm\""), "the confirmation step");
        // Publishing without confirming: refused (409), the confirmation step shown, nothing
        // published.
        let r = b.post_form(
            "/staff/publish",
            &[("csrf", &csrf), ("period", "2016-Q1"), ("note", "")],
        )?;
        assert_eq!(r.status, 409);
        let html = r.text()?;
        assert!(html.contains("attendent encore l’examen"), "{html}");
        assert!(html.contains("Confirmer et publier T1 2016"), "{html}");
        assert!(published_quarters(&p.app, "apsfd-ci")?.is_empty());
        // Confirming without a note: refused (400).
        let r = b.post_form(
            "/staff/publish",
            &[
                ("csrf", &csrf),
                ("period", "2016-Q1"),
                ("note", " "),
                ("confirm", "on"),
            ],
        )?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(
            html.contains("demande une note qui en dit la raison"),
            "{html}"
        );
        assert!(published_quarters(&p.app, "apsfd-ci")?.is_empty());
        // Staff review the other returns: every one awaiting review is accepted.
        let c = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?;
        for inst in c.groups.iter().flat_map(|g| &g.institutions) {
            if let Some(v) = inst.versions.last().filter(|_| inst.awaiting_review()) {
                let r = b.post_form(
                    &format!("/staff/submissions/{}/accept", v.id),
                    &[("csrf", &csrf), ("back", "2016-Q1")],
                )?;
                assert_eq!(r.status, 303);
            }
        }
        let html = b.get("/staff/publication?period=2016-Q1")?.text()?;
        assert!(html.contains("Le trimestre peut être publié."), "{html}");
        assert!(html.contains("Aucune déclaration à examiner."));
        assert!(!html.contains("name=\"confirm\""));

        // Publish from the web.
        let r = b.post_form(
            "/staff/publish",
            &[("csrf", &csrf), ("period", "2016-Q1"), ("note", "")],
        )?;
        assert_eq!(r.status, 303, "{}", r.text()?);
        assert_eq!(location(&r), "/staff?period=2016-Q1&published=1");
        let html = b.get(location(&r))?.text()?;
        assert!(html.contains("Révision 1 de T1 2016 publiée."), "{html}");
        assert!(html.contains("href=\"/periods/2016-Q1\""));
        assert!(html.contains(&format!(
            "Publié : révision 1 du 13 juin 2016 à 10:00 (par {})",
            STAFF.0
        )));
        let forged = b.get("/staff?period=2016-Q1&published=7")?.text()?;
        assert!(
            !forged.contains("Révision 7"),
            "only a real revision is announced"
        );
        let quarters = published_quarters(&p.app, "apsfd-ci")?;
        assert_eq!(quarters.len(), 1);
        assert_eq!(quarters[0].latest.published_by, STAFF.0);
        let public = crate::get(&site.url("/periods/2016-Q1"))?;
        assert_eq!(public.status, 200);
        assert!(public.text()?.contains(&after_rejection));

        // Publishing again from the same returns is refused, and says so.
        let r = b.post_form(
            "/staff/publish",
            &[("csrf", &csrf), ("period", "2016-Q1"), ("note", "")],
        )?;
        assert_eq!(r.status, 400);
        assert!(
            r.text()?
                .contains("est déjà publié (révision 1 du 13 juin 2016")
        );
        // Once the returns change, a new revision needs its note.
        let r = b.post_form(
            &format!("/staff/submissions/{reject_id}/accept"),
            &[("csrf", &csrf), ("back", "2016-Q1")],
        )?;
        assert_eq!(r.status, 303);
        let r = b.post_form(
            "/staff/publish",
            &[("csrf", &csrf), ("period", "2016-Q1"), ("note", " ")],
        )?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(
            html.contains(&esc(
                "une nouvelle révision doit être accompagnée d'une note"
            )),
            "{html}"
        );
        assert_eq!(
            published_quarters(&p.app, "apsfd-ci")?[0].revisions.len(),
            1
        );
        p.set_time("2016-06-13 11:30")?;
        let r = b.post_form(
            "/staff/publish",
            &[
                ("csrf", &csrf),
                ("period", "2016-Q1"),
                ("note", "Déclaration corrigée d'une institution"),
            ],
        )?;
        assert_eq!(r.status, 303);
        assert_eq!(location(&r), "/staff?period=2016-Q1&published=2");
        let html = b.get(location(&r))?.text()?;
        assert!(html.contains("Publié : révision 2 du 13 juin 2016 à 11:30"));
        assert!(html.contains(&esc(
            "Note de la révision actuelle : Déclaration corrigée d'une institution"
        )));
        let audit = b
            .get(&format!("/staff/audit?institution={rejected_code}"))?
            .text()?;
        assert!(audit.contains("<code>submission.rejected</code>"));
        assert!(audit.contains("<code>submission.accepted</code>"));
        assert!(audit.contains(&format!("href=\"/staff/submissions/{reject_id}\"")));
        assert!(
            audit.contains("<option value=\"submission.rejected\">"),
            "the actions offered"
        );
        let audit = b.get("/staff/audit?action=publish")?.text()?;
        assert_eq!(audit.matches("<code>publish</code>").count(), 2);
        Ok(())
    })
}

#[test]
fn accounts_grants_and_the_audit_log() -> TestResult {
    on_each_backend(|p, site| {
        let mut b = Browser::new(site);
        assert_eq!(b.try_login(STAFF.0, STAFF.1)?.status, 303);
        let csrf = b.csrf()?;
        let r = b.get("/staff/users")?;
        assert_eq!(r.status, 200);
        let html = r.text()?;
        assert!(html.contains(STAFF.0));
        assert!(
            html.contains("votre compte"),
            "no disable button for oneself"
        );

        // A member account through the form; it signs in.
        let code = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?
            .groups
            .first()
            .and_then(|g| g.institutions.first())
            .map(|s| s.code.to_string())
            .ok_or("no institution")?;
        let member = [
            ("csrf", csrf.as_str()),
            ("username", "agent.sa"),
            ("display_name", "Agent de l'institution"),
            ("role", "member"),
            ("institution", code.as_str()),
            ("password", "un-mot-de-passe-long"),
        ];
        let r = b.post_form("/staff/users", &member)?;
        assert_eq!(r.status, 303, "{}", r.text()?);
        let created = location(&r).to_owned();
        assert!(created.starts_with("/staff/users?created="), "{created}");
        let html = b.get(&created)?.text()?;
        assert!(
            html.contains("Compte agent.sa créé (institution membre)."),
            "{html}"
        );
        assert!(html.contains(&code));
        let mut m = Browser::new(site);
        let r = m.try_login("agent.sa", "un-mot-de-passe-long")?;
        assert_eq!(r.status, 303);
        assert_eq!(location(&r), "/space");
        assert_eq!(m.get("/account")?.status, 200);

        // Refusals say why, and keep what was typed (not the password).
        let r = b.post_form("/staff/users", &member)?;
        assert_eq!(r.status, 400);
        assert!(
            r.text()?
                .contains(&esc("Le nom d'utilisateur « agent.sa » est déjà pris."))
        );
        let mut short = member;
        short[1] = ("username", "agent.court");
        short[5] = ("password", "court");
        let r = b.post_form("/staff/users", &short)?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(html.contains("au moins 10 caractères"), "{html}");
        assert!(html.contains("value=\"agent.court\""));
        assert!(!html.contains("value=\"court\""));
        let mut orphan = member;
        orphan[1] = ("username", "agent.sans");
        orphan[4] = ("institution", "");
        let r = b.post_form("/staff/users", &orphan)?;
        assert_eq!(r.status, 400);
        assert!(r.text()?.contains("doit être rattaché à son institution"));

        // Disabling closes its session and its sign-in fails; enabling restores it.
        let member_id: i64 = created
            .trim_start_matches("/staff/users?created=")
            .parse()?;
        let r = b.post_form(
            &format!("/staff/users/{member_id}/disable"),
            &[("csrf", &csrf)],
        )?;
        assert_eq!(r.status, 303);
        assert_eq!(location(&r), format!("/staff/users?disabled={member_id}"));
        let html = b.get(location(&r))?.text()?;
        assert!(html.contains("Compte agent.sa désactivé"));
        assert!(block(&html, &format!("user-{member_id}"), "</tr>")?.contains("désactivé"));
        assert_eq!(m.get("/account")?.status, 303, "the session is closed");
        let mut again = Browser::new(site);
        assert_eq!(
            again.try_login("agent.sa", "un-mot-de-passe-long")?.status,
            401
        );
        let r = b.post_form(
            &format!("/staff/users/{member_id}/enable"),
            &[("csrf", &csrf)],
        )?;
        assert_eq!(r.status, 303);
        assert_eq!(
            again.try_login("agent.sa", "un-mot-de-passe-long")?.status,
            303
        );
        // One's own account cannot be disabled.
        let own = b.get("/staff/users")?.text()?;
        let staff_id = own
            .split("id=\"user-")
            .skip(1)
            .find(|s| s.contains(STAFF.0))
            .and_then(|s| s.split('"').next())
            .ok_or("own row")?
            .to_owned();
        let r = b.post_form(
            &format!("/staff/users/{staff_id}/disable"),
            &[("csrf", &csrf)],
        )?;
        assert_eq!(r.status, 400);
        assert!(
            r.text()?
                .contains("Vous ne pouvez pas désactiver votre propre compte.")
        );

        // A partner, a grant, its revocation.
        let r = b.post_form(
            "/staff/users",
            &[
                ("csrf", &csrf),
                ("username", "bailleur"),
                ("display_name", "Bailleur de fonds"),
                ("role", "partner"),
                ("institution", ""),
                ("password", "un-autre-mot-de-passe"),
            ],
        )?;
        assert_eq!(r.status, 303, "{}", r.text()?);
        let partner_id: i64 = location(&r)
            .trim_start_matches("/staff/users?created=")
            .parse()?;
        let html = b.get("/staff/users")?.text()?;
        assert!(html.contains("Aucun accès accordé."));
        assert!(html.contains("value=\"apsfd-ci/2016-Q1\""));
        let r = b.post_form(
            "/staff/grants",
            &[
                ("csrf", &csrf),
                ("partner", &partner_id.to_string()),
                ("period", "apsfd-ci/2016-Q1"),
            ],
        )?;
        assert_eq!(r.status, 303);
        assert!(
            location(&r).starts_with("/staff/users?granted="),
            "{}",
            location(&r)
        );
        let html = b.get(location(&r))?.text()?;
        assert!(html.contains("bailleur peut voir le détail par groupe de T1 2016."));
        let grant_id = html
            .split("id=\"grant-")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .ok_or("no grant row")?
            .to_owned();
        let row = block(&html, &format!("grant-{grant_id}"), "</tr>")?;
        assert!(
            row.contains("en vigueur") && row.contains("Révoquer"),
            "{row}"
        );
        // A member cannot be given a grant.
        let r = b.post_form(
            "/staff/grants",
            &[
                ("csrf", &csrf),
                ("partner", &member_id.to_string()),
                ("period", "apsfd-ci/2016-Q1"),
            ],
        )?;
        assert_eq!(r.status, 400);
        assert!(
            r.text()?
                .contains(&esc("agent.sa n'est pas un compte partenaire"))
        );
        let r = b.post_form(
            &format!("/staff/grants/{grant_id}/revoke"),
            &[("csrf", &csrf)],
        )?;
        assert_eq!(r.status, 303);
        let html = b.get(location(&r))?.text()?;
        assert!(html.contains("Accès de bailleur à T1 2016 révoqué."));
        let row = block(&html, &format!("grant-{grant_id}"), "</tr>")?;
        assert!(row.contains(&format!("révoqué par {}", STAFF.0)), "{row}");
        assert!(!row.contains("Révoquer"));

        // The audit log lists it all, newest first, and its filters work.
        let r = b.get("/staff/audit")?;
        assert_eq!(r.status, 200);
        let html = r.text()?;
        for action in [
            "account.create",
            "account.disable",
            "account.enable",
            "grant.revoke",
            "login.failed",
        ] {
            assert!(html.contains(&format!("<code>{action}</code>")), "{action}");
        }
        let newest = html.find("<code>grant.revoke</code>").ok_or("revoke")?;
        let older = html.find("<code>account.create</code>").ok_or("create")?;
        assert!(newest < older, "newest first");
        let html = b.get("/staff/audit?action=grant")?.text()?;
        assert!(html.contains("<code>grant</code>") && html.contains("<code>grant.revoke</code>"));
        assert!(!html.contains("<code>account.create</code>"));
        assert!(html.contains("value=\"grant\""), "the filter is kept");
        let html = b.get("/staff/audit?actor=agent.sa")?.text()?;
        assert!(html.contains("<code>login</code>"));
        assert!(!html.contains("<code>account.create</code>"));
        let html = b.get(&format!("/staff/audit?institution={code}"))?.text()?;
        assert!(html.contains("<code>account.disable</code>"));
        assert!(!html.contains("<code>grant.revoke</code>"));
        let html = b.get("/staff/audit?period=2016-Q1&action=grant.")?.text()?;
        assert!(html.contains("<code>grant.revoke</code>"));
        assert!(!html.contains("<code>grant</code>"));
        let html = b.get("/staff/audit?actor=nobody")?.text()?;
        assert!(html.contains("Aucun événement ne correspond à ce filtre."));
        Ok(())
    })
}

#[test]
fn the_audit_log_is_read_50_events_a_page_newest_first() -> TestResult {
    let p = collected(testing::sqlite()?)?;
    let mut conn = p.app.conn()?;
    for i in 0..520 {
        mizan_storage::audit::append(
            &mut conn,
            &mizan_storage::audit::NewAudit {
                actor: "robot",
                action: "test.event",
                detail: &format!("event {i}"),
                ..Default::default()
            },
            p.app.now(),
        )?;
    }
    drop(conn);
    let site = Site::start(&p.app)?;
    let mut b = Browser::new(&site);
    assert_eq!(b.try_login(STAFF.0, STAFF.1)?.status, 303);
    let html = b.get("/staff/audit?actor=robot")?.text()?;
    assert_eq!(html.matches("<code>test.event</code>").count(), 50);
    assert!(html.contains("520 événements — page 1 sur 11"), "{html}");
    assert!(
        html.contains("event 519<") && html.contains("event 470<") && !html.contains("event 469<")
    );
    // Every event is reachable: the last page holds the 20 oldest.
    assert!(
        html.contains(&esc("/staff/audit?page=11&actor=robot")),
        "{html}"
    );
    let last = b.get("/staff/audit?actor=robot&page=11")?.text()?;
    assert_eq!(last.matches("<code>test.event</code>").count(), 20);
    assert!(last.contains("event 19<") && last.contains("event 0<"));
    Ok(())
}

/// The upload limit of the registry test (a larger body is refused with a 413).
const SMALL_LIMIT: u64 = 4_000;

#[test]
fn the_registry_and_its_upload() -> TestResult {
    for db in testing::databases()? {
        let mut p = collected(db)?;
        let mut settings = (*p.app.settings).clone();
        settings.upload.max_file_bytes = SMALL_LIMIT;
        p.app.settings = std::sync::Arc::new(settings);
        let site = Site::start(&p.app)?;
        registry_upload(&site).map_err(|e| format!("on {}: {e}", p.backend))?;
    }
    Ok(())
}

fn registry_upload(site: &Site) -> TestResult {
    {
        let mut b = Browser::new(site);
        assert_eq!(b.try_login(STAFF.0, STAFF.1)?.status, 303);
        let r = b.get("/staff/institutions")?;
        assert_eq!(r.status, 200);
        let html = r.text()?;
        assert!(html.contains("Registre des institutions"));
        assert!(html.contains(&esc("Mutuelle d'Épargne de Bondoukou")));
        assert!(html.contains("épargne et crédit"));
        assert!(html.contains("Historique des attributs"));
        assert!(html.contains(&esc("depuis l'origine")));
        assert!(html.contains("system"), "who recorded it");
        // The country, the framework's when the file gave none.
        assert!(html.contains("<th scope=\"col\">Pays</th>"), "{html}");
        assert!(block(&html, "inst-MU01", "</tr>")?.contains("<td>CI</td>"));
        let csrf = b.csrf()?;

        // A bad line: the whole file is refused, the line is named.
        let bad = "code,name,legal_form,structure,network_affiliated,collects_deposits\n\
                   ZZ01,Nouvelle Institution,sa,direct_credit,false,false\n\
                   ZZ02,Mauvaise Forme,banque,direct_credit,false,false\n";
        let r = b.post_multipart(
            "/staff/institutions",
            &[("csrf", &csrf)],
            ("file", "registre.csv", bad.as_bytes()),
        )?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(
            html.contains("Le fichier registre.csv est refusé"),
            "{html}"
        );
        assert!(html.contains("ligne 3, colonne legal_form"), "{html}");
        assert!(!html.contains("Nouvelle Institution"), "nothing stored");

        // A good file is stored, with its counts, and shows in the registry with its history.
        let good = "code,name,legal_form,structure,network_affiliated,collects_deposits,valid_from,country\n\
                    ZZ01,Nouvelle Institution,sa,direct_credit,false,false,,\n\
                    ZZ01,Nouvelle Institution SA,sa,direct_credit,false,true,2016-Q2,bf\n";
        let r = b.post_multipart(
            "/staff/institutions",
            &[("csrf", &csrf)],
            ("file", "registre.csv", good.as_bytes()),
        )?;
        assert_eq!(r.status, 200);
        let html = r.text()?;
        assert!(
            html.contains("registre.csv importé — nouvelles institutions : 1, modifiées : 1"),
            "{html}"
        );
        assert!(html.contains("Nouvelle Institution SA"));
        assert!(block(&html, "inst-ZZ01", "</tr>")?.contains("2 versions"));
        assert!(block(&html, "inst-ZZ01", "</tr>")?.contains("<td>BF</td>"));
        assert!(html.contains(STAFF.0), "recorded by the staff member");

        // No file: said so.
        let r = b.post_multipart(
            "/staff/institutions",
            &[("csrf", &csrf)],
            ("other", "x.csv", b"x"),
        )?;
        assert_eq!(r.status, 400);
        assert!(r.text()?.contains("Choisissez un fichier CSV à importer."));
        // Too large: 413.
        let huge = vec![b'a'; usize::try_from(SMALL_LIMIT)? + 70 * 1024];
        let r = b.post_multipart(
            "/staff/institutions",
            &[("csrf", &csrf)],
            ("file", "huge.csv", &huge),
        )?;
        assert_eq!(r.status, 413);
        // One byte over the limit is over the limit; the limit itself is read (and refused
        // for its content, not its size).
        for (size, too_large) in [(SMALL_LIMIT + 1, true), (SMALL_LIMIT, false)] {
            let file = vec![b'a'; usize::try_from(size)?];
            let r = b.post_multipart(
                "/staff/institutions",
                &[("csrf", &csrf)],
                ("file", "edge.csv", &file),
            )?;
            assert_eq!(r.status == 413, too_large, "{size} bytes: {}", r.status);
        }

        // The change form: MU01 becomes an SA from 2016-Q3 on; earlier quarters keep the
        // mutual (the history shows both), and a nonsense legal form is refused.
        let change = |form: &str, name: &str| -> Vec<(&'static str, String)> {
            vec![
                ("code", "MU01".into()),
                ("valid_from", "2016-Q3".into()),
                ("name", name.into()),
                ("legal_form", form.into()),
                ("structure", "savings_credit".into()),
                ("deposits", "true".into()),
                ("framework", "apsfd-ci".into()),
                ("owner_group", String::new()),
            ]
        };
        let mut fields = change("sa", "Bondoukou Finance SA");
        fields.push(("csrf", csrf.clone()));
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = b.post_form("/staff/institutions/change", &f)?;
        assert_eq!(r.status, 200, "{}", r.text()?);
        let html = r.text()?;
        assert!(html.contains("Changement enregistré pour MU01"), "{html}");
        let history = block(&html, "history", "</table>")?;
        assert!(history.contains("Bondoukou Finance SA"), "{history}");
        assert!(
            history.contains(&esc("Mutuelle d'Épargne de Bondoukou")),
            "{history}"
        );
        let mut fields = change("banque", "X");
        fields.push(("csrf", csrf.clone()));
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = b.post_form("/staff/institutions/change", &f)?;
        assert_eq!(r.status, 400);
        assert!(r.text()?.contains("Changement refusé"));
        // A country that is not two letters is refused, naming the field.
        let mut bad_country = change("sa", "X");
        bad_country.push(("country", "C1".into()));
        bad_country.push(("csrf", csrf.clone()));
        let f: Vec<(&str, &str)> = bad_country.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = b.post_form("/staff/institutions/change", &f)?;
        assert_eq!(r.status, 400);
        let html = r.text()?;
        assert!(html.contains("Changement refusé"), "{html}");
        assert!(html.contains("C1"), "{html}");
        // Without the form's token: refused, nothing recorded.
        let f: Vec<(&str, &str)> = fields
            .iter()
            .filter(|(k, _)| *k != "csrf")
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        assert_eq!(b.post_form("/staff/institutions/change", &f)?.status, 403);
        Ok(())
    }
}

/// Every form of the back office: (path, fields besides the token).
fn forms(submission: i64, user: i64) -> Vec<(String, Vec<(&'static str, String)>)> {
    vec![
        (
            format!("/staff/submissions/{submission}/accept"),
            vec![("back", "2016-Q1".into())],
        ),
        (
            format!("/staff/submissions/{submission}/reject"),
            vec![("back", "2016-Q1".into()), ("comment", "non".into())],
        ),
        (
            "/staff/publish".into(),
            vec![("period", "2016-Q1".into()), ("note", String::new())],
        ),
        (
            "/staff/users".into(),
            vec![
                ("username", "intrus".into()),
                ("role", "staff".into()),
                ("password", "un-mot-de-passe-long".into()),
            ],
        ),
        (format!("/staff/users/{user}/disable"), Vec::new()),
        (format!("/staff/users/{user}/enable"), Vec::new()),
        (
            "/staff/grants".into(),
            vec![
                ("partner", user.to_string()),
                ("period", "apsfd-ci/2016-Q1".into()),
            ],
        ),
        ("/staff/grants/1/revoke".into(), Vec::new()),
    ]
}

const PAGES: [&str; 5] = [
    "/staff",
    "/staff?period=2016-Q1",
    "/staff/institutions",
    "/staff/users",
    "/staff/audit?action=login",
];

#[test]
fn only_staff_with_the_right_token() -> TestResult {
    on_each_backend(|p, site| {
        let (submission, _, _) = two_submissions(&p.app)?;
        let code = collection(&p.app, &Actor::system(), "apsfd-ci", q1()?)?
            .groups
            .first()
            .and_then(|g| g.institutions.first())
            .map(|s| s.code.to_string())
            .ok_or("no institution")?;
        let member = account(
            &p.app,
            "membre",
            Role::Member,
            Some(&code),
            "mot-de-passe-membre",
        )?;
        account(
            &p.app,
            "partenaire",
            Role::Partner,
            None,
            "mot-de-passe-partenaire",
        )?;
        let forms = forms(submission, member);

        // Anonymous: sent to sign in, for pages and forms alike.
        let mut anon = Browser::new(site);
        for path in PAGES {
            let r = anon.get(path)?;
            assert_eq!(r.status, 303, "{path}");
            assert!(location(&r).starts_with("/login?next=/staff"), "{path}");
        }
        for (path, fields) in &forms {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = anon.post_form(path, &fields)?;
            assert_eq!(r.status, 303, "{path}");
            assert!(location(&r).starts_with("/login"), "{path}");
        }

        // Members and partners: 403 everywhere, even with their own valid token.
        for (user, password) in [
            ("membre", "mot-de-passe-membre"),
            ("partenaire", "mot-de-passe-partenaire"),
        ] {
            let mut b = Browser::new(site);
            assert_eq!(b.try_login(user, password)?.status, 303);
            let csrf = b.csrf()?;
            for path in PAGES {
                assert_eq!(b.get(path)?.status, 403, "{user} {path}");
            }
            for (path, fields) in &forms {
                let mut fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                fields.push(("csrf", &csrf));
                assert_eq!(b.post_form(path, &fields)?.status, 403, "{user} {path}");
            }
            let r = b.post_multipart(
                "/staff/institutions",
                &[("csrf", &csrf)],
                ("file", "r.csv", b"code\n"),
            )?;
            assert_eq!(r.status, 403, "{user} upload");
        }

        // Staff: every form without its token, or with another, is refused (403) and
        // changes nothing.
        let mut b = Browser::new(site);
        assert_eq!(b.try_login(STAFF.0, STAFF.1)?.status, 303);
        let csrf = b.csrf()?;
        let before = mizan_service::backoffice::audit_log(
            &p.app,
            &Actor::system(),
            &mizan_storage::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            },
        )?
        .len();
        for (path, fields) in &forms {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(
                b.post_form(path, &fields)?.status,
                403,
                "{path} without a token"
            );
            let mut wrong = fields.clone();
            wrong.push(("csrf", "0000"));
            assert_eq!(
                b.post_form(path, &wrong)?.status,
                403,
                "{path} with a wrong token"
            );
            let mut other = fields.clone();
            let forged = csrf.chars().rev().collect::<String>();
            other.push(("csrf", &forged));
            assert_eq!(
                b.post_form(path, &other)?.status,
                403,
                "{path} with a forged token"
            );
        }
        let good = "code,name,legal_form,structure,network_affiliated,collects_deposits\n\
                    ZZ09,Intruse,sa,direct_credit,false,false\n";
        let r = b.post_multipart(
            "/staff/institutions",
            &[],
            ("file", "r.csv", good.as_bytes()),
        )?;
        assert_eq!(r.status, 403, "upload without a token");
        let r = b.post_multipart(
            "/staff/institutions",
            &[("csrf", "0000")],
            ("file", "r.csv", good.as_bytes()),
        )?;
        assert_eq!(r.status, 403, "upload with a wrong token");
        let r = b.post_raw("/staff/institutions", "text/csv", good.as_bytes())?;
        assert_eq!(r.status, 403, "not a form");
        let after = mizan_service::backoffice::audit_log(
            &p.app,
            &Actor::system(),
            &mizan_storage::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            },
        )?
        .len();
        assert_eq!(after, before, "nothing was done");
        assert!(published_quarters(&p.app, "apsfd-ci")?.is_empty());
        // And with the token, the pages answer.
        for path in PAGES {
            assert_eq!(b.get(path)?.status, 200, "{path}");
        }
        Ok(())
    })
}

/// Parameters that name nothing, or a quarter out of reach, are a 400 or 404 with the error page
/// — never a 500.
#[test]
fn unknown_frameworks_and_far_quarters_are_refused_not_errors() -> TestResult {
    on_each_backend(|_, site| {
        let mut staff = crate::session::Client::new(site);
        let r = staff.try_login(STAFF.0, STAFF.1)?;
        assert_eq!(r.status, 303);
        for (path, status) in [
            ("/staff?framework=nope", 404),
            ("/staff?framework=nope&period=2016-Q1", 404),
            ("/space/periods/2016-Q1/peers?framework=nope", 404),
            ("/space/periods/2016-Q1/peers.csv?framework=nope", 404),
            ("/staff?period=2099-Q1", 400),
            ("/space/template?period=2099-Q1", 400),
            ("/space/template?period=2016-Q3", 200),
            ("/staff?period=9999-Q9", 400),
        ] {
            let r = staff.get(path)?;
            assert_eq!(r.status, status, "{path}: {}", r.text().unwrap_or_default());
        }
        // A refusal says what was refused and why, in the page's language, on the page and in
        // the API's error.
        for (lang, says) in [
            (
                "fr",
                "est à plus d’un trimestre d’aujourd’hui : le dernier trimestre ouvert est T3 2016",
            ),
            ("ar", "آخر فصل مفتوح هو"),
        ] {
            let r = staff.get(&format!("/space/template?period=2099-Q1&lang={lang}"))?;
            let page = r.text()?;
            assert_eq!(r.status, 400);
            assert!(page.contains(says), "{lang}: {page}");
        }
        Ok(())
    })
}
