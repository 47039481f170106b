use std::path::Path;

use crate::{TestResult, data, mizan, stderr, stdout};

/// Runs `body` (in a fresh folder) on a fresh SQLite database, and on a fresh PostgreSQL one when
/// `TEST_DATABASE_URL` names one: the command line works the same on both.
fn on_each_database(body: impl Fn(&Path, &str) -> TestResult) -> TestResult {
    for t in mizan_storage::testing::databases()? {
        let dir = tempfile::tempdir()?;
        body(dir.path(), &t.url).map_err(|e| format!("on {:?}: {e}", t.backend()))?;
    }
    Ok(())
}

fn import_fixture(dir: &Path, db: &str) -> TestResult {
    let reg = mizan(
        dir,
        db,
        &[
            "--lang",
            "en",
            "import",
            "institutions",
            &data("apsfd-ci-2016q1/institutions.csv")
                .display()
                .to_string(),
        ],
    )?;
    assert!(reg.status.success(), "{}{}", stdout(&reg), stderr(&reg));
    assert!(
        stdout(&reg).contains("33 institution line(s): 33 new"),
        "{}",
        stdout(&reg)
    );
    let ret = mizan(
        dir,
        db,
        &[
            "--lang",
            "en",
            "import",
            "returns",
            &data("apsfd-ci-2016q1/returns.csv").display().to_string(),
        ],
    )?;
    assert!(ret.status.success(), "{}{}", stdout(&ret), stderr(&ret));
    assert!(
        stdout(&ret).contains("21 submission(s): 21 stored, 0 refused, 0 unchanged"),
        "{}",
        stdout(&ret)
    );
    Ok(())
}

#[test]
fn the_fixture_imports_and_the_list_shows_received_over_expected() -> TestResult {
    on_each_database(|dir, db| {
        let m = mizan(dir, db, &["migrate"])?;
        assert!(m.status.success(), "{}", stderr(&m));
        import_fixture(dir, db)?;
        let list = mizan(dir, db, &["returns", "list", "--period", "2016-Q1"])?;
        let out = stdout(&list);
        assert!(list.status.success(), "{}", stderr(&list));
        assert!(
            out.contains("Sociétés anonymes (sa) : 10 reçus / 11 attendus"),
            "{out}"
        );
        assert!(
            out.contains("Coopératives ou mutuelles (mutual) : 11 reçus / 22 attendus"),
            "{out}"
        );
        assert!(
            out.lines()
                .any(|l| l.contains("SA03") && l.contains("manquante")),
            "{out}"
        );
        // Importing the same file again creates no version.
        let again = mizan(
            dir,
            db,
            &[
                "--lang",
                "en",
                "import",
                "returns",
                &data("apsfd-ci-2016q1/returns.csv").display().to_string(),
            ],
        )?;
        assert!(again.status.success());
        assert!(
            stdout(&again).contains("0 stored, 0 refused, 21 unchanged"),
            "{}",
            stdout(&again)
        );
        assert!(
            stdout(&again).contains("already imported as version 1"),
            "{}",
            stdout(&again)
        );
        Ok(())
    })
}

#[test]
fn a_refused_file_exits_non_zero_with_a_readable_report() -> TestResult {
    on_each_database(|dir, db| {
        import_fixture(dir, db)?;
        let bad = dir.join("bad.csv");
        std::fs::write(
            &bad,
            "institution;period;item;value\nSA03;2016-Q1;loans.outstanding;1 850 679,25\nSA03;2016-Q1;loans.par30;1.234,56\nSA03;2016-Q1;borrowers.active;12,5\n",
        )?;
        let out = mizan(dir, db, &["import", "returns", &bad.display().to_string()])?;
        assert_eq!(out.status.code(), Some(1));
        let text = stdout(&out);
        assert!(
            text.contains("SA03 2016-Q1 : refusée, rien n’est enregistré (ligne 2) :"),
            "{text}"
        );
        assert!(
            text.contains("ligne 3") && text.contains("loans.par30") && text.contains("ambiguë"),
            "{text}"
        );
        // The issues in the operator's language: French by default, `--lang` for another.
        let english = mizan(
            dir,
            db,
            &[
                "import",
                "returns",
                "--lang",
                "en",
                &bad.display().to_string(),
            ],
        )?;
        let arabic = mizan(
            dir,
            db,
            &[
                "--lang",
                "ar",
                "import",
                "returns",
                &bad.display().to_string(),
            ],
        )?;
        assert!(
            stdout(&english).contains("line 3") && stdout(&english).contains("ambiguous"),
            "{}",
            stdout(&english)
        );
        assert!(
            stdout(&arabic).contains("loans.par30") && stdout(&arabic).contains("السطر"),
            "{}",
            stdout(&arabic)
        );
        assert!(
            text.contains("ligne 4") && text.contains("nombre entier"),
            "{text}"
        );
        let list = stdout(&mizan(
            dir,
            db,
            &["returns", "list", "--period", "2016-Q1"],
        )?);
        assert!(list.contains("10 reçus / 11 attendus"), "{list}");
        Ok(())
    })
}

#[test]
fn the_published_table_is_exported_and_published() -> TestResult {
    on_each_database(|dir, db| {
        import_fixture(dir, db)?;
        let csv = mizan(dir, db, &["export", "consolidated", "--period", "2016-Q1"])?;
        assert!(csv.status.success(), "{}", stderr(&csv));
        let text = stdout(&csv);
        assert!(
            text.starts_with("period,indicator,group,value,n,n_compliant\n"),
            "{text}"
        );
        // The liquidity ratio of the sector: Σ A / Σ B = 112.05 % (the published 114.78 is wrong).
        let liquidity = text
            .lines()
            .find(|l| l.starts_with("2016-Q1,prud.liquidity,sector,"))
            .ok_or("no liquidity row")?;
        assert!(liquidity.contains(",112.0499"), "{liquidity}");
        let pooled = stdout(&mizan(
            dir,
            db,
            &[
                "export",
                "consolidated",
                "--period",
                "2016-Q1",
                "--method",
                "pooled",
            ],
        )?);
        assert_ne!(pooled, text);
        let xlsx = dir.join("table.xlsx");
        let x = mizan(
            dir,
            db,
            &[
                "export",
                "consolidated",
                "--period",
                "2016-Q1",
                "--format",
                "xlsx",
                "-o",
                &xlsx.display().to_string(),
            ],
        )?;
        assert!(x.status.success(), "{}", stderr(&x));
        assert_eq!(std::fs::read(&xlsx)?.get(..4), Some(&b"PK\x03\x04"[..]));
        let accept = mizan(
            dir,
            db,
            &["--lang", "en", "returns", "accept", "--period", "2016-Q1"],
        )?;
        assert!(accept.status.success(), "{}", stderr(&accept));
        assert_eq!(stdout(&accept).matches(": accepted").count(), 21);
        let publish = mizan(dir, db, &["--lang", "en", "publish", "--period", "2016-Q1"])?;
        assert!(publish.status.success(), "{}", stderr(&publish));
        assert!(
            stdout(&publish).contains("revision 1"),
            "{}",
            stdout(&publish)
        );
        let again = mizan(dir, db, &["publish", "--period", "2016-Q1"])?;
        assert!(!again.status.success());
        assert!(
            stderr(&again).contains("est déjà publié (révision 1,"),
            "{}",
            stderr(&again)
        );
        Ok(())
    })
}

#[test]
fn the_template_is_written_in_the_language_asked_and_read_back() -> TestResult {
    on_each_database(|dir, db| {
        import_fixture(dir, db)?;
        // A blank template, in each language, is read back as the template (not refused as another
        // workbook) and refused for holding no value, said in the run's language.
        let empty = [
            ("fr", "l'état ne contient aucune valeur"),
            ("ar", "لا يتضمن التقرير أي قيمة"),
            ("en", "the return holds no value"),
        ];
        for (lang, says) in empty {
            let tpl = dir.join(format!("sa03-{lang}.xlsx"));
            let t = mizan(
                dir,
                db,
                &[
                    "template",
                    "--period",
                    "2016-Q1",
                    "--institution",
                    "SA03",
                    "--lang",
                    lang,
                    "-o",
                    &tpl.display().to_string(),
                ],
            )?;
            assert!(t.status.success(), "{}", stderr(&t));
            let imported = mizan(
                dir,
                db,
                &[
                    "import",
                    "returns",
                    "--lang",
                    lang,
                    &tpl.display().to_string(),
                ],
            )?;
            let text = stdout(&imported);
            assert_eq!(imported.status.code(), Some(1), "{lang}: {text}");
            assert!(
                text.contains("(xlsx)") && text.contains(says),
                "{lang}: {text}"
            );
        }
        let bad = mizan(
            dir,
            db,
            &[
                "template", "--period", "2016-Q1", "--lang", "de", "-o", "x.xlsx",
            ],
        )?;
        assert!(!bad.status.success());
        assert!(
            stderr(&bad).contains("use fr, en or ar"),
            "{}",
            stderr(&bad)
        );
        Ok(())
    })
}

#[test]
fn bad_arguments_are_explained() -> TestResult {
    on_each_database(|dir, db| {
        let out = mizan(dir, db, &["returns", "list", "--period", "2016-T1"])?;
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("write it YYYY-Qn"),
            "{}",
            stderr(&out)
        );
        let missing = mizan(dir, db, &["import", "returns", "/nonexistent/file.csv"])?;
        assert!(!missing.status.success());
        assert!(
            stderr(&missing).contains("/nonexistent/file.csv"),
            "{}",
            stderr(&missing)
        );
        Ok(())
    })
}

/// Runs `mizan` with the password given in `MIZAN_PASSWORD` (`Ok`) or on standard input
/// (`Err`).
fn mizan_with_password(
    dir: &Path,
    db: &str,
    password: Result<&str, &str>,
    args: &[&str],
) -> Result<std::process::Output, Box<dyn std::error::Error>> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    let mut cmd = Command::new(crate::mizan_bin());
    cmd.current_dir(dir)
        .env("MIZAN_DATABASE_URL", db)
        .env("MIZAN_CONFIG_DIR", crate::root().join("config"))
        .env_remove("MIZAN_CONFIG_FILE")
        .env_remove("MIZAN_PASSWORD")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Ok(pw) = password {
        cmd.env("MIZAN_PASSWORD", pw);
    }
    let mut child = cmd.spawn()?;
    {
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        if let Err(line) = password {
            writeln!(stdin, "{line}")?;
        }
    }
    Ok(child.wait_with_output()?)
}

fn accounts_from_the_command_line(dir: &Path, db: &str) -> TestResult {
    let ok = |args: &[&str]| -> Result<String, Box<dyn std::error::Error>> {
        let out = mizan(dir, db, args)?;
        if !out.status.success() {
            return Err(format!("{args:?}: {}{}", stdout(&out), stderr(&out)).into());
        }
        Ok(stdout(&out))
    };
    let fails = |out: &std::process::Output, needle: &str| -> TestResult {
        assert!(!out.status.success(), "{}", stdout(out));
        assert_ne!(out.status.code(), Some(0));
        assert!(stderr(out).contains(needle), "{}", stderr(out));
        Ok(())
    };
    ok(&[
        "import",
        "institutions",
        &data("apsfd-ci-2016q1/institutions.csv")
            .display()
            .to_string(),
    ])?;
    let pw = "mot-de-passe-sa01";
    let add = mizan_with_password(
        dir,
        db,
        Ok(pw),
        &[
            "--lang",
            "en",
            "user",
            "add",
            "--role",
            "member",
            "--institution",
            "SA01",
            "--display-name",
            "Agent SA01",
            "agent.sa01",
        ],
    )?;
    assert!(add.status.success(), "{}{}", stdout(&add), stderr(&add));
    assert_eq!(
        stdout(&add),
        "created account \"agent.sa01\" (member institution) for institution SA01\n"
    );
    // The password from standard input when MIZAN_PASSWORD is not set.
    let partner = mizan_with_password(
        dir,
        db,
        Err("mot-de-passe-bailleur"),
        &[
            "--lang", "en", "user", "add", "--role", "partner", "bailleur",
        ],
    )?;
    assert!(
        partner.status.success(),
        "{}{}",
        stdout(&partner),
        stderr(&partner)
    );
    assert_eq!(stdout(&partner), "created account \"bailleur\" (partner)\n");
    assert!(
        stderr(&partner).contains("Password"),
        "{}",
        stderr(&partner)
    );

    // Refusals say why and exit non-zero.
    fails(
        &mizan_with_password(dir, db, Ok(pw), &["user", "add", "--role", "member", "x"])?,
        "Un compte de membre doit être rattaché à son institution.",
    )?;
    fails(
        &mizan_with_password(
            dir,
            db,
            Ok(pw),
            &[
                "user",
                "add",
                "--role",
                "staff",
                "--institution",
                "SA01",
                "x",
            ],
        )?,
        "Seul un compte de membre est rattaché à une institution",
    )?;
    fails(
        &mizan_with_password(
            dir,
            db,
            Ok(pw),
            &[
                "user",
                "add",
                "--role",
                "member",
                "--institution",
                "ZZ99",
                "x",
            ],
        )?,
        "L’institution ZZ99 n’est pas au registre.",
    )?;
    fails(
        &mizan_with_password(dir, db, Ok(pw), &["user", "add", "--role", "admin", "x"])?,
        "unknown role \"admin\"; use staff, member or partner",
    )?;
    fails(
        &mizan_with_password(
            dir,
            db,
            Ok("short"),
            &["user", "add", "--role", "staff", "x"],
        )?,
        "au moins 10 caractères",
    )?;
    fails(
        &mizan_with_password(
            dir,
            db,
            Ok(pw),
            &["user", "add", "--role", "partner", "bailleur"],
        )?,
        "L’identifiant « bailleur » est déjà pris.",
    )?;

    let list = ok(&["user", "list"])?;
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert_eq!(lines[0], "username,role,institution,disabled,created_at");
    assert!(
        lines[1].starts_with("agent.sa01,member,SA01,false,"),
        "{list}"
    );
    assert!(lines[2].starts_with("bailleur,partner,,false,"), "{list}");

    // The passwords were stored as Argon2id hashes of what was given.
    {
        let store = mizan_storage::Db::connect(db, 1)?;
        let mut conn = store.conn()?;
        let member = mizan_storage::users::find_user(&mut conn, "agent.sa01")?
            .ok_or("agent.sa01 not stored")?;
        assert_eq!(member.display_name, "Agent SA01");
        assert!(member.password_hash.starts_with("$argon2id$"));
        assert!(mizan_service::accounts::verify_password(
            &member.password_hash,
            pw
        ));
        let partner =
            mizan_storage::users::find_user(&mut conn, "bailleur")?.ok_or("bailleur not stored")?;
        assert!(mizan_service::accounts::verify_password(
            &partner.password_hash,
            "mot-de-passe-bailleur"
        ));
    }

    // Grants go to partners.
    assert_eq!(
        ok(&[
            "--lang", "en", "user", "grant", "bailleur", "--period", "2016-Q1"
        ])?,
        "bailleur may see the peer detail of apsfd-ci 2016-Q1\n"
    );
    assert_eq!(
        ok(&[
            "--lang", "en", "user", "grant", "bailleur", "--period", "2016-Q1"
        ])?,
        "bailleur may see the peer detail of apsfd-ci 2016-Q1 (already granted)\n"
    );
    fails(
        &mizan(
            dir,
            db,
            &["user", "grant", "agent.sa01", "--period", "2016-Q1"],
        )?,
        "seuls les partenaires reçoivent un accès",
    )?;
    fails(
        &mizan(
            dir,
            db,
            &[
                "--lang", "en", "user", "grant", "nobody", "--period", "2016-Q1",
            ],
        )?,
        "no account \"nobody\"",
    )?;

    // Disabled, then enabled again.
    assert_eq!(
        ok(&["--lang", "en", "user", "disable", "agent.sa01"])?,
        "disabled \"agent.sa01\"\n"
    );
    let list = ok(&["user", "list"])?;
    assert!(list.contains("\nagent.sa01,member,SA01,true,"), "{list}");
    assert!(list.contains("\nbailleur,partner,,false,"), "{list}");
    assert_eq!(
        ok(&["--lang", "en", "user", "enable", "agent.sa01"])?,
        "enabled \"agent.sa01\"\n"
    );
    assert!(ok(&["user", "list"])?.contains("\nagent.sa01,member,SA01,false,"));
    fails(
        &mizan(dir, db, &["user", "disable", "nobody"])?,
        "Aucun compte « nobody »",
    )?;

    // A forgotten password: staff set a new one (from standard input), the old one stops working.
    let out = mizan_with_password(
        dir,
        db,
        Err("a brand new secret"),
        &["--lang", "en", "user", "password", "agent.sa01"],
    )?;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("new password set for \"agent.sa01\""),
        "{}",
        stdout(&out)
    );
    let out = mizan_with_password(dir, db, Ok("short"), &["user", "password", "agent.sa01"])?;
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Le mot de passe doit compter au moins 10 caractères."),
        "{}",
        stderr(&out)
    );
    Ok(())
}

#[test]
fn accounts_are_made_listed_granted_and_disabled_from_the_command_line() -> TestResult {
    for t in mizan_storage::testing::databases()? {
        let dir = tempfile::tempdir()?;
        accounts_from_the_command_line(dir.path(), &t.url)
            .map_err(|e| format!("on {}: {e}", t.backend().name()))?;
    }
    Ok(())
}

/// Imports started at the same moment by separate processes (each a one-shot command with one
/// connection) all store their return, on each backend: none fails on a locked database, a
/// period created twice or a server out of connections.
#[test]
fn simultaneous_imports_from_the_command_line_are_all_stored() -> TestResult {
    for test_db in mizan_storage::testing::databases()? {
        let dir = tempfile::tempdir()?;
        let db = test_db.url.clone();
        let reg = mizan(
            dir.path(),
            &db,
            &[
                "import",
                "institutions",
                &data("apsfd-ci-2016q1/institutions.csv")
                    .display()
                    .to_string(),
            ],
        )?;
        assert!(reg.status.success(), "{}", stderr(&reg));
        let codes: Vec<String> = std::fs::read_to_string(data("apsfd-ci-2016q1/institutions.csv"))?
            .lines()
            .skip(1)
            .filter_map(|l| l.split([',', ';']).next().map(str::to_owned))
            .take(21)
            .collect();
        let files: Vec<std::path::PathBuf> = codes
            .iter()
            .map(|code| {
                let path = dir.path().join(format!("{code}.csv"));
                std::fs::write(
                    &path,
                    format!(
                        "institution,period,item,value\n{code},2016-Q2,loans.outstanding,1000000\n"
                    ),
                )
                .map(|()| path)
            })
            .collect::<Result<_, _>>()?;
        let children: Vec<std::process::Child> = files
            .iter()
            .map(|f| {
                std::process::Command::new(crate::mizan_bin())
                    .current_dir(dir.path())
                    .env("MIZAN_DATABASE_URL", &db)
                    .env("MIZAN_CONFIG_DIR", crate::root().join("config"))
                    .env_remove("MIZAN_CONFIG_FILE")
                    .args(["import", "returns", &f.display().to_string()])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
            })
            .collect::<Result<_, _>>()?;
        for child in children {
            let out = child.wait_with_output()?;
            assert!(
                out.status.success(),
                "on {}: {}{}",
                test_db.backend().name(),
                stdout(&out),
                stderr(&out)
            );
        }
        let list = mizan(dir.path(), &db, &["returns", "list", "--period", "2016-Q2"])?;
        assert!(list.status.success(), "{}", stderr(&list));
        let out = stdout(&list);
        assert!(
            out.contains(&format!("apsfd-ci : {} reçus / 33 attendus", codes.len())),
            "on {}: {out}",
            test_db.backend().name()
        );
    }
    Ok(())
}

#[test]
fn returns_are_reviewed_and_an_unguarded_publication_needs_confirmation() -> TestResult {
    on_each_database(|dir, db| {
        import_fixture(dir, db)?;
        let run = |args: &[&str]| mizan(dir, db, args);
        // Nothing accepted yet: nothing to publish, even confirmed.
        let nothing = run(&["publish", "--period", "2016-Q1", "--confirm", "--note", "x"])?;
        assert!(!nothing.status.success());
        assert!(
            stderr(&nothing).contains("Aucune déclaration retenue"),
            "{}",
            stderr(&nothing)
        );
        let accept = run(&[
            "returns",
            "accept",
            "--period",
            "2016-Q1",
            "--institution",
            "SA01",
            "--institution",
            "SA02",
        ])?;
        assert!(accept.status.success(), "{}", stderr(&accept));
        let out = stdout(&accept);
        assert!(
            out.contains("SA01 2016-Q1 v1") && out.contains("SA02 2016-Q1 v1"),
            "{out}"
        );
        // Accepting it again: nothing awaits review.
        let again = run(&[
            "returns",
            "accept",
            "--period",
            "2016-Q1",
            "--institution",
            "SA01",
        ])?;
        assert!(!again.status.success());
        let reject = run(&[
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
        ])?;
        assert!(reject.status.success(), "{}", stderr(&reject));
        assert!(
            stdout(&reject).contains("SA04 2016-Q1 v1"),
            "{}",
            stdout(&reject)
        );
        assert!(stdout(&reject).contains("rejected"), "{}", stdout(&reject));
        // 2 of 33 accepted, 18 awaiting review: refused, in French, nothing published.
        let refused = run(&["publish", "--period", "2016-Q1"])?;
        assert!(!refused.status.success());
        let why = stderr(&refused);
        assert!(why.contains("attendent encore l’examen"), "{why}");
        assert!(why.contains("inférieure au minimum de 50 %"), "{why}");
        assert!(
            stdout(&refused).contains("sa : 2 acceptée(s) / 11 attendue(s) (sous le minimum)"),
            "{}",
            stdout(&refused)
        );
        let none = run(&["--lang", "en", "publications"])?;
        assert!(
            stdout(&none).contains("nothing published yet"),
            "{}",
            stdout(&none)
        );
        // `--confirm` needs a note.
        let bare = run(&["publish", "--period", "2016-Q1", "--confirm"])?;
        assert!(!bare.status.success());
        let confirmed = run(&[
            "--lang",
            "en",
            "publish",
            "--period",
            "2016-Q1",
            "--confirm",
            "--note",
            "Bulletin dû : deux déclarations examinées",
        ])?;
        assert!(confirmed.status.success(), "{}", stderr(&confirmed));
        let out = stdout(&confirmed);
        assert!(
            out.contains("published on confirmation: revision 1"),
            "{out}"
        );
        assert!(out.contains("sector: 2 received / 33 expected"), "{out}");
        Ok(())
    })
}

/// The command line's own sentences (not only the issues and refusals) are said in the run's
/// language: a refused import, the collection list and the list of publications, in French
/// (the default), English and Arabic.
#[test]
fn the_command_lines_own_sentences_are_said_in_the_run_language() -> TestResult {
    on_each_database(|dir, db| {
        import_fixture(dir, db)?;
        let bad = dir.join("bad.csv");
        std::fs::write(
            &bad,
            "institution;period;item;value\nSA03;2016-Q1;loans.par30;1.234,56\n",
        )?;
        let bad = bad.display().to_string();
        let said = |lang: &str, args: &[&str]| -> Result<String, Box<dyn std::error::Error>> {
            let args: Vec<&str> = ["--lang", lang].iter().chain(args).copied().collect();
            Ok(stdout(&mizan(dir, db, &args)?))
        };
        // (language, the refusal, its summary, the head of the list, a group, nothing published)
        let cases = [
            (
                "fr",
                "SA03 2016-Q1 : refusée, rien n’est enregistré (ligne 2) :",
                "1 déclaration(s) : 0 enregistrée(s), 1 refusée(s), 0 inchangée(s)",
                "apsfd-ci : 21 reçus / 33 attendus ; échéance le 13 mai 2016 (30 jours ouvrés après la fin de la période), dépassée",
                "Sociétés anonymes (sa) : 10 reçus / 11 attendus",
                "apsfd-ci : rien n’est encore publié",
            ),
            (
                "en",
                "SA03 2016-Q1: refused, nothing stored (line 2):",
                "1 submission(s): 0 stored, 1 refused, 0 unchanged",
                "apsfd-ci: 21 received / 33 expected; deadline 13 May 2016 (30 working days after the period's end), passed",
                "Limited companies (sa): 10 received / 11 expected",
                "apsfd-ci: nothing published yet",
            ),
            (
                "ar",
                // The quarter, a figure with a hyphen, is isolated left to right in Arabic.
                "SA03 \u{2066}2016-Q1\u{2069}: مرفوض، لم يُحفظ أي شيء (السطر 2):",
                "عدد التقارير: 1 — محفوظة: 0، مرفوضة: 1، دون تغيير: 0",
                "apsfd-ci: 21 واردة / 33 متوقعة؛ الأجل 13 ماي 2016 (عدد أيام العمل بعد نهاية الفترة: 30)، انقضى",
                "شركات المساهمة (sa): 10 واردة / 11 متوقعة",
                "apsfd-ci: لم يُنشر شيء بعد",
            ),
        ];
        for (lang, refused, summary, head, group, nothing) in cases {
            let import = said(lang, &["import", "returns", &bad])?;
            assert!(import.contains(refused), "{lang}: {import}");
            assert!(import.contains(summary), "{lang}: {import}");
            let list = said(lang, &["returns", "list", "--period", "2016-Q1"])?;
            assert!(list.contains(head), "{lang}: {list}");
            assert!(list.contains(group), "{lang}: {list}");
            // Returns received after the deadline: late in working days, the framework's unit.
            let received_late = match lang {
                "fr" => "jour(s) ouvré(s) de retard ; 1 version(s)",
                "en" => "working day(s) late; 1 version(s)",
                _ => "؛ عدد النسخ: 1",
            };
            assert!(list.contains(received_late), "{lang}: {list}");
            let publications = said(lang, &["publications"])?;
            assert!(publications.contains(nothing), "{lang}: {publications}");
            if lang != "en" {
                // No English word of the old lines is left.
                let all = format!("{import}{list}{publications}");
                for english in [
                    "refused",
                    "stored",
                    "submission",
                    "received",
                    "expected",
                    "deadline",
                    "missing",
                    "warning",
                    "nothing",
                ] {
                    assert!(!all.contains(english), "{lang}: {english} in {all}");
                }
            }
        }
        Ok(())
    })
}

/// Every message the command line asks for (`cli-…`, and the web's `status-…`, `place-…`,
/// `staff-…` and `role-…` it borrows) exists in French, English and Arabic: the ids are found
/// in `src/cli` by their quoting; the statuses and roles it names by code are listed.
#[test]
fn every_message_the_command_line_says_exists_in_the_three_languages() -> TestResult {
    use mizan_web::i18n::{SOURCES, message_ids};

    let mut used = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(crate::root().join("src/cli"))? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        for prefix in ["\"cli-", "\"status-", "\"place-", "\"staff-", "\"role-"] {
            for (i, _) in text.match_indices(prefix) {
                let id = text[i + 1..].split('"').next().unwrap_or_default();
                if id.ends_with('-') || id.contains('{') {
                    continue; // built with `format!` (the codes below)
                }
                used.insert(id.to_owned());
            }
        }
    }
    for code in ["received", "accepted", "rejected"] {
        used.insert(format!("status-{code}"));
    }
    for code in ["staff", "member", "partner"] {
        used.insert(format!("role-{code}"));
    }
    assert!(used.len() > 80, "{used:?}");
    for (lang, source) in SOURCES {
        let defined = message_ids(source)?;
        let missing: Vec<_> = used.iter().filter(|id| !defined.contains(*id)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
    }
    Ok(())
}

/// A monthly reporter (art. 44 SFD of the BCEAO zone) from the command line: its month is
/// listed, accepted, reminded and templated by `--period 2025-M12`, and the quarter counts it by
/// its quarter-end month; a quarter from it is refused naming the month to send.
#[test]
fn the_command_line_takes_months_for_a_monthly_reporter() -> TestResult {
    on_each_database(|dir, db| {
        let run = |args: &[&str]| {
            let mut all = vec!["--lang", "en"];
            all.extend_from_slice(args);
            mizan(dir, db, &all)
        };
        let registry = dir.join("institutions.csv");
        std::fs::write(
            &registry,
            "code,name,legal_form,structure,network_affiliated,collects_deposits,framework,country,art44\n\
             SA01,Crédit Solidaire du Plateau SA,sa,savings_credit,false,true,bceao-sfd,CI,false\n\
             MU01,Mutuelle d'Épargne de Bouaké,mutual,savings_credit,true,true,bceao-sfd,SN,true\n",
        )?;
        let reg = run(&["import", "institutions", &registry.display().to_string()])?;
        assert!(reg.status.success(), "{}{}", stdout(&reg), stderr(&reg));
        let base = std::fs::read_to_string(data("bceao-sfd/returns-2025q4.csv"))?;
        let lines = |who: &str, period: &str| -> String {
            let mut out = String::from("institution,period,item,value\n");
            for l in base.lines().filter(|l| l.starts_with(&format!("{who},"))) {
                out.push_str(&l.replacen(",2025-Q4,", &format!(",{period},"), 1));
                out.push('\n');
            }
            out
        };
        let send = |name: &str,
                    text: String|
         -> Result<std::process::Output, Box<dyn std::error::Error>> {
            let path = dir.join(name);
            std::fs::write(&path, text)?;
            Ok(run(&["import", "returns", &path.display().to_string()])?)
        };
        // MU01's quarter is refused, naming the month.
        let quarter = send("mu01-q4.csv", lines("MU01", "2025-Q4"))?;
        assert!(!quarter.status.success());
        let said = format!("{}{}", stdout(&quarter), stderr(&quarter));
        assert!(
            said.contains("2025-M12") || said.contains("December 2025"),
            "{said}"
        );
        // Its December is stored.
        let month = send("mu01-m12.csv", lines("MU01", "2025-M12"))?;
        assert!(
            month.status.success(),
            "{}{}",
            stdout(&month),
            stderr(&month)
        );
        let list = run(&[
            "returns",
            "list",
            "--period",
            "2025-M12",
            "--framework",
            "bceao-sfd",
        ])?;
        assert!(list.status.success(), "{}", stderr(&list));
        let out = stdout(&list);
        assert!(out.contains("MU01") && !out.contains("SA01"), "{out}");
        let accept = run(&[
            "returns",
            "accept",
            "--period",
            "2025-M12",
            "--framework",
            "bceao-sfd",
        ])?;
        assert!(
            accept.status.success(),
            "{}{}",
            stdout(&accept),
            stderr(&accept)
        );
        // The quarter counts MU01 by its December, and misses SA01.
        let list = run(&[
            "returns",
            "list",
            "--period",
            "2025-Q4",
            "--framework",
            "bceao-sfd",
        ])?;
        let out = stdout(&list);
        assert!(list.status.success(), "{}", stderr(&list));
        assert!(
            out.lines().any(|l| l.contains("MU01")
                && l.contains("counted v1 (accepted)")
                && l.contains("(monthly reporter: its return of December 2025)")),
            "{out}"
        );
        assert!(
            out.lines()
                .any(|l| l.contains("SA01") && l.contains("missing")),
            "{out}"
        );
        // November is reminded to MU01 alone (no account has an address: nobody is written to).
        let remind = run(&[
            "remind",
            "--period",
            "2025-M11",
            "--framework",
            "bceao-sfd",
            "--dry-run",
        ])?;
        assert!(
            remind.status.success(),
            "{}{}",
            stdout(&remind),
            stderr(&remind)
        );
        let out = stdout(&remind);
        assert!(out.contains("MU01") && !out.contains("SA01"), "{out}");
        // The template of a month.
        let xlsx = dir.join("mu01-m01.xlsx");
        let template = run(&[
            "template",
            "--framework",
            "bceao-sfd",
            "--period",
            "2025-M11",
            "--institution",
            "MU01",
            "-o",
            &xlsx.display().to_string(),
        ])?;
        assert!(
            template.status.success(),
            "{}{}",
            stdout(&template),
            stderr(&template)
        );
        assert!(std::fs::metadata(&xlsx)?.len() > 0);
        Ok(())
    })
}
