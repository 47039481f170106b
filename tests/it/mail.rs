//! `mizan remind` and the decisions of the command line, sending to an SMTP server on the
//! loopback: who is reminded, in their language, once per run asked.

use std::path::Path;
use std::process::{Command, Output};

use crate::smtp::SmtpSink;
use crate::{TestResult, data, mizan, stderr, stdout};

/// The fixture's registry and returns of 2016-Q1 (33 institutions expected, 21 returns).
fn fixture(dir: &Path, db: &str) -> TestResult {
    for args in [
        ["import", "institutions", "apsfd-ci-2016q1/institutions.csv"],
        ["import", "returns", "apsfd-ci-2016q1/returns.csv"],
    ] {
        let file = data(args[2]).display().to_string();
        let out = mizan(dir, db, &[args[0], args[1], &file])?;
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    }
    Ok(())
}

/// An institution of the registry without a return in the fixture.
fn missing_institution() -> Result<String, Box<dyn std::error::Error>> {
    let registry = String::from_utf8(std::fs::read(data("apsfd-ci-2016q1/institutions.csv"))?)?;
    let returns = String::from_utf8(std::fs::read(data("apsfd-ci-2016q1/returns.csv"))?)?;
    registry
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .find(|code| !returns.lines().any(|r| r.starts_with(&format!("{code},"))))
        .map(str::to_owned)
        .ok_or_else(|| "every institution reported".into())
}

/// `mizan` with the mail settings of the sink.
fn mizan_mail(dir: &Path, db: &str, sink: &SmtpSink, args: &[&str]) -> std::io::Result<Output> {
    Command::new(crate::mizan_bin())
        .current_dir(dir)
        .env("MIZAN_DATABASE_URL", db)
        .env("MIZAN_CONFIG_DIR", crate::root().join("config"))
        .env_remove("MIZAN_CONFIG_FILE")
        .env("MIZAN__MAIL__SMTP_URL", sink.url())
        .env(
            "MIZAN__MAIL__FROM",
            "Collecte APSFD <collecte@apsfd.example>",
        )
        .env("MIZAN_PASSWORD", "un mot de passe assez long")
        .args(args)
        .output()
}

#[test]
fn reminders_and_decisions_are_mailed_from_the_command_line_in_the_accounts_language() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("mizan.sqlite").display().to_string();
    fixture(dir.path(), &db)?;
    let sink = SmtpSink::start()?;
    let run = |args: &[&str]| -> Result<Output, Box<dyn std::error::Error>> {
        let out = mizan_mail(dir.path(), &db, &sink, args)?;
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        Ok(out)
    };
    let missing = missing_institution()?;
    run(&[
        "user",
        "add",
        "responsable",
        "--role",
        "member",
        "--institution",
        &missing,
        "--email",
        "responsable@sfd.example",
        "--mail-lang",
        "ar",
    ])?;
    run(&[
        "user",
        "add",
        "caissier",
        "--role",
        "member",
        "--institution",
        "SA04",
        "--email",
        "caissier@sa04.example",
    ])?;
    let refused = mizan_mail(
        dir.path(),
        &db,
        &sink,
        &[
            "user",
            "add",
            "x",
            "--role",
            "staff",
            "--email",
            "pas une adresse",
        ],
    )?;
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("n’est pas une adresse électronique"),
        "{}",
        stderr(&refused)
    );

    // A dry run lists and sends nothing.
    let dry = stdout(&run(&[
        "--lang",
        "en",
        "remind",
        "--period",
        "2016-Q1",
        "--dry-run",
    ])?);
    assert!(dry.contains("12 institution(s) without a return"), "{dry}");
    assert!(
        dry.contains(&format!("{missing} ")) && dry.contains("responsable"),
        "{dry}"
    );
    assert!(sink.messages().is_empty());

    // Now: one message, in Arabic, to the one account with an address.
    let now = stdout(&run(&["--lang", "en", "remind", "--period", "2016-Q1"])?);
    assert!(
        now.contains("mail: 1 sent, 0 to try again, 0 given up"),
        "{now}"
    );
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, ["<responsable@sfd.example>"]);
    assert_eq!(got[0].from, "<collecte@apsfd.example>");
    let subject = got[0].header("Subject").ok_or("no subject")?;
    assert!(subject.starts_with("تذكير: التصريح عن"), "{subject}");
    let body = got[0].body();
    assert!(body.contains(&format!("({missing})")), "{body}");
    assert!(body.contains("http://127.0.0.1:8080/space"), "{body}");

    // A rejection from the command line reaches SA04's member, in French, with the comment.
    let out = stdout(&run(&[
        "--lang",
        "en",
        "returns",
        "reject",
        "--period",
        "2016-Q1",
        "--institution",
        "SA04",
        "--comment",
        "Total des dépôts incohérent",
    ])?);
    assert!(out.contains("mail: 1 sent"), "{out}");
    let got = sink.messages();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].to, ["<caissier@sa04.example>"]);
    assert_eq!(
        got[1].header("Subject").as_deref(),
        Some("Déclaration T1 2016 rejetée (SA04, version 1)")
    );
    assert!(
        got[1].body().contains("« Total des dépôts incohérent »"),
        "{}",
        got[1].body()
    );

    // The schedule of today (long after 2016): nothing is due, nothing is sent.
    let due = stdout(&run(&["--lang", "en", "remind", "--due"])?);
    assert!(due.contains("no reminder is due today"), "{due}");
    assert_eq!(sink.messages().len(), 2);
    Ok(())
}
