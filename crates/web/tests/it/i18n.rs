//! Messages in every language, framework labels translated, numbers per locale.

use std::collections::BTreeSet;

use mizan_core::{IssueKind, Lang, Place, WorkbookMeasure};
use mizan_web::i18n::{I18n, SOURCES, accept_language, message_ids};
use mizan_web::issue_text;

use crate::{TestResult, root};

#[test]
fn every_message_exists_in_all_three_languages() -> TestResult {
    let mut sets = Vec::new();
    for (lang, source) in SOURCES {
        let ids = message_ids(source).map_err(|e| format!("{lang}: {e}"))?;
        assert!(ids.len() > 100, "{lang}: {}", ids.len());
        sets.push((lang, ids));
    }
    let all: BTreeSet<&String> = sets.iter().flat_map(|(_, s)| s.iter()).collect();
    for (lang, ids) in &sets {
        let missing: Vec<_> = all.iter().filter(|id| !ids.contains(**id)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
    }
    // The bundles load, and a message with arguments is formatted without isolation marks.
    let i18n = I18n::load()?;
    assert_eq!(
        i18n.message(
            Lang::Fr,
            "group-footnote",
            &[
                ("group", "Sociétés anonymes".into()),
                ("received", "10".into()),
                ("expected", "11".into())
            ]
        ),
        "Au niveau des Sociétés anonymes (10 reçus / 11 attendus) :"
    );
    Ok(())
}

/// Every message the code and the templates ask for is defined (a missing one would show its
/// id): the ids are found in the sources by their quoting.
#[test]
fn every_message_used_is_defined() -> TestResult {
    let defined = message_ids(SOURCES[0].1)?;
    // Every source file of the crate, in its modules' folders too.
    let mut sources = Vec::new();
    let mut folders = vec![root().join("crates/web/src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push(path);
            }
        }
    }
    assert!(
        sources.iter().any(|p| p.ends_with("staff/accounts.rs")),
        "{sources:?}"
    );
    let mut used = BTreeSet::new();
    for path in sources {
        let text = std::fs::read_to_string(&path)?;
        // Calls `t("id")`, `text(lang, "id")`, `message(lang, "id", …)`: the literal after the
        // opening parenthesis and an optional `lang,` argument.
        for call in ["t(", "text(", "message("] {
            for (i, _) in text.match_indices(call) {
                let prev = text[..i].chars().next_back().unwrap_or(' ');
                if prev.is_alphanumeric() || prev == '_' {
                    continue;
                }
                let mut rest = text[i + call.len()..].trim_start();
                if let Some(after) = rest
                    .strip_prefix("lang,")
                    .or_else(|| rest.strip_prefix("l,"))
                {
                    rest = after.trim_start();
                }
                if let Some(id) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                    used.insert(id.to_owned());
                }
            }
        }
    }
    assert!(used.len() > 30, "{used:?}");
    let undefined: Vec<_> = used.iter().filter(|id| !defined.contains(*id)).collect();
    assert!(undefined.is_empty(), "{undefined:?}");
    Ok(())
}

#[test]
fn the_framework_is_translated_completely() -> TestResult {
    let fw = mizan_core::Framework::from_file(&root().join("config/frameworks/apsfd-ci.toml"))?;
    assert_eq!(fw.untranslated(), Vec::<String>::new());
    for ind in &fw.indicators {
        assert_ne!(ind.label.get(Lang::Ar), ind.label.fr, "{}", ind.code);
    }
    Ok(())
}

/// One issue of every kind, with values as the readers and validators give them.
fn every_issue_kind() -> Vec<IssueKind> {
    let s = |t: &str| t.to_owned();
    let v = |items: &[&str]| items.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    vec![
        IssueKind::EmptyFile,
        IssueKind::HeaderOnly,
        IssueKind::NotUtf8,
        IssueKind::FileTooLarge {
            size: 12_345_678,
            limit: 10_485_760,
        },
        IssueKind::UnknownFormat,
        IssueKind::NotAWorkbook {
            reason: s("invalid zip header"),
        },
        IssueKind::NotATemplate {
            missing_sheets: v(&["Financier", "Non financier"]),
        },
        IssueKind::TooLarge {
            what: s("the number of lines"),
            limit: 100_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::SharedStrings,
            limit: 100_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::SharedStringsBytes,
            limit: 16_000_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::Styles,
            limit: 100_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::PartBytes,
            limit: 8_000_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::Rows,
            limit: 2_000_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::Columns,
            limit: 200,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::Cells,
            limit: 1_000_000,
        },
        IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::CellBytes,
            limit: 2_097_152,
        },
        IssueKind::MissingColumns {
            missing: v(&["item", "value"]),
            found: v(&["institution", "period"]),
        },
        IssueKind::UnknownColumn { column: s("note") },
        IssueKind::DuplicateColumn { column: s("value") },
        IssueKind::FieldCount {
            expected: 4,
            found: 5,
        },
        IssueKind::Syntax {
            reason: s("unclosed quote"),
        },
        IssueKind::MissingValue { field: s("code") },
        IssueKind::NotANumber { value: s("12,5,0") },
        IssueKind::AmbiguousNumber { value: s("1,250") },
        IssueKind::BadGrouping { value: s("12 34") },
        IssueKind::NumberOutOfRange { value: s("1e400") },
        IssueKind::EmptyValue,
        IssueKind::FormulaWithoutValue,
        IssueKind::ExcelError {
            error: s("#DIV/0!"),
        },
        IssueKind::NegativeCount { value: s("-3") },
        IssueKind::FractionalCount { value: s("2.5") },
        IssueKind::NegativeAmount {
            value: s("-1500000"),
        },
        IssueKind::NotABoolean {
            field: s("network_affiliated"),
            value: s("peut-être"),
        },
        IssueKind::ClassOutOfRange {
            field: s("unlikely_to_pay_class"),
            value: s("5"),
            max: 4,
        },
        IssueKind::NotUtf8Text {
            field: s("loan_id"),
        },
        IssueKind::BadCountry {
            field: s("country"),
            value: s("CIV"),
        },
        IssueKind::MissingCountry {
            field: s("country"),
            framework: s("bceao-sfd"),
        },
        IssueKind::InvalidValue {
            field: s("legal_form"),
            value: s("SARL"),
            expected: s("sa, mutual or association"),
        },
        IssueKind::InvalidCode {
            value: s("CI 01"),
            reason: s("spaces are not allowed"),
        },
        IssueKind::UnknownItem {
            item: s("loans.par3O"),
        },
        IssueKind::DuplicateItem {
            first: Place::cell("Financier", 13, 3),
        },
        IssueKind::UnknownInstitution {
            institution: s("CI-999"),
        },
        IssueKind::BadPeriod {
            period: s("2016-Q5"),
        },
        IssueKind::PeriodNotEnded {
            period: s("2026-Q4"),
            ends: s("2026-12-31"),
        },
        IssueKind::ReportsMonthly {
            institution: s("BF01"),
            period: s("2024-Q1"),
            instead: s("2024-M03"),
        },
        IssueKind::ReportsQuarterly {
            institution: s("BF02"),
            period: s("2024-M02"),
            instead: s("2024-Q1"),
        },
        IssueKind::ValidFromMonth {
            period: s("2024-M02"),
            quarter: s("2024-Q1"),
        },
        IssueKind::NotRegisteredFor {
            institution: s("SA01"),
            period: s("2015-Q4"),
            from: s("2016-Q1"),
        },
        IssueKind::NoFrameworkFor {
            framework: s("bam-mfi"),
            period: s("2022-Q4"),
            versions: vec![],
        },
        IssueKind::NoFrameworkFor {
            framework: s("bceao-sfd"),
            period: s("2009-Q4"),
            versions: vec![
                mizan_core::framework::VersionSpan {
                    version: s("2010.1"),
                    from: Some(s("2010-Q1")),
                    until: Some(s("2023-Q4")),
                },
                mizan_core::framework::VersionSpan {
                    version: s("2024.1"),
                    from: Some(s("2024-Q1")),
                    until: None,
                },
            ],
        },
        IssueKind::UnknownPeriod {
            period: s("2016-Q5"),
            reason: s("not a quarter"),
        },
        IssueKind::ContextMismatch {
            field: s("institution"),
            in_file: s("CI-002"),
            expected: s("CI-001"),
        },
        IssueKind::TotalMismatch {
            supplied: s("1850679.4"),
            sum_of_parts: s("1850000"),
            parts: v(&["loans.individual", "loans.group"]),
        },
        IssueKind::EmptyReturn,
        IssueKind::TotalWithoutParts {
            parts: v(&["clients.women", "clients.men"]),
        },
        IssueKind::DuplicateInstitution {
            first: Place::line(7),
        },
        IssueKind::InvalidDate {
            field: s("disbursed_on"),
            value: s("31/02/2016"),
        },
        IssueKind::DateAfterAsOf {
            field: s("disbursed_on"),
            date: s("2016-04-02"),
            as_of: s("2016-03-31"),
        },
        IssueKind::DuplicateLoan {
            loan_id: s("L-0042"),
            first_line: 12,
        },
        IssueKind::ReservedAboveReceivable {
            reserved: s("1200"),
            receivable: s("1000.50"),
        },
        IssueKind::RestructureCountDecreased {
            previous: 2,
            current: 1,
        },
        IssueKind::InterestDueWithoutUnpaidDate {
            interest: s("105.5"),
        },
        IssueKind::RefinancingNotCounted {
            refinanced: s("L-0042"),
            least: 2,
            current: 0,
        },
        IssueKind::IrrecoverableNotWrittenOff {
            loan: s("L-0007"),
            year_end: s("2022-12-31"),
            due: s("2021-11-30"),
        },
        IssueKind::NoRuleForColumn {
            column: s("recovery_compromised"),
            source: s("RCSFD"),
        },
        IssueKind::RulesNotInForce {
            source: s("C N° 5/W/2023"),
            period: s("2022-Q4"),
            from: s("2023-02-01"),
        },
        IssueKind::ReservedAboveAccrued {
            reserved: s("120"),
            accrued: s("100.5"),
        },
        IssueKind::OutstandingAboveDisbursed {
            outstanding: s("5000"),
            disbursed: s("4000"),
        },
        IssueKind::GivenWithoutRestructuring {
            field: s("first_due_after_restructure"),
        },
        IssueKind::Inconsistent {
            field: s("outstanding_principal"),
            reason: s("outstanding principal 500 exceeds the principal disbursed 400"),
        },
        IssueKind::DiffersFromTape {
            value: s("1000"),
            tape_value: s("1200"),
            tape_version: 3,
        },
        IssueKind::Rule {
            rule: s("par30-below-loans"),
            message: s("PAR 30 exceeds the gross loan portfolio"),
            text: None,
            args: std::collections::BTreeMap::new(),
        },
        IssueKind::Rule {
            rule: s("quarter_jump"),
            message: s("loans.outstanding moves from 1130 last quarter to 4381"),
            text: Some(Box::new(mizan_core::Labels {
                fr: s("{item} passe de {previous} à {current}"),
                en: Some(s("{item} moves from {previous} to {current}")),
                ar: Some(s("ينتقل {item} من {previous} إلى {current}")),
            })),
            args: [
                (s("item"), s("loans.outstanding")),
                (s("previous"), s("1130")),
                (s("current"), s("4381.5")),
            ]
            .into_iter()
            .collect(),
        },
    ]
}

/// Every kind of validation issue has its message in the three languages, with every argument
/// given; the French reads as a supervisor writes it.
#[test]
fn issues_are_told_in_the_page_language() -> TestResult {
    let i18n = I18n::load()?;
    let kinds = every_issue_kind();
    assert_eq!(kinds.len(), 73);
    // A rule's own words in the reader's language, its figures written the language's way.
    let jump = kinds
        .iter()
        .find(|k| matches!(k, IssueKind::Rule { text: Some(_), .. }))
        .ok_or("no rule with its words")?;
    assert_eq!(
        issue_text(&i18n, Lang::Fr, jump),
        "loans.outstanding passe de 1\u{202f}130 à 4\u{202f}381,5 [quarter_jump]"
    );
    for kind in &kinds {
        // These two are only the reader's or the rule's own words after the column or code.
        let own_words = matches!(
            kind,
            IssueKind::Rule { .. } | IssueKind::Inconsistent { .. }
        );
        let mut texts = BTreeSet::new();
        for lang in [Lang::Fr, Lang::En, Lang::Ar] {
            let text = issue_text(&i18n, lang, kind);
            assert!(!text.trim().is_empty(), "{lang} {kind:?}");
            assert!(!text.contains("issue-"), "{lang} {kind:?}: {text}");
            assert!(!text.contains('{'), "{lang} {kind:?}: {text}");
            if lang == Lang::Ar && !own_words {
                assert!(
                    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{kind:?}: {text}"
                );
            }
            texts.insert(text);
        }
        if !own_words {
            assert_eq!(texts.len(), 3, "{kind:?}: {texts:?}");
        }
    }
    let fr = |kind: &IssueKind| issue_text(&i18n, Lang::Fr, kind);
    // A monthly reporter's quarter names the month to send, as people write it and as the
    // file writes it.
    assert_eq!(
        issue_text(
            &i18n,
            Lang::En,
            &IssueKind::ReportsMonthly {
                institution: "BF01".into(),
                period: "2024-Q1".into(),
                instead: "2024-M03".into(),
            }
        ),
        "BF01 reports monthly (art. 44 SFD): send the month 2024-M03 (March 2024) for the \
         quarter Q1 2024"
    );
    assert_eq!(
        fr(&IssueKind::ReportsQuarterly {
            institution: "CI01".into(),
            period: "2024-M02".into(),
            instead: "2024-Q1".into(),
        }),
        "CI01 déclare chaque trimestre : envoyez le trimestre 2024-Q1 (T1 2024), pas le mois \
         février 2024"
    );
    assert_eq!(
        fr(&IssueKind::WorkbookTooLarge {
            what: WorkbookMeasure::SharedStrings,
            limit: 100_000,
        }),
        "le classeur contient plus de 100\u{202f}000 textes distincts (chaînes partagées) ; \
         le fichier est refusé avant d'être ouvert"
    );
    assert_eq!(
        fr(&IssueKind::UnknownItem {
            item: "loans.par3O".into()
        }),
        "le poste \"loans.par3O\" n'appartient pas au cadre de déclaration"
    );
    assert_eq!(
        fr(&IssueKind::NegativeCount { value: "-3".into() }),
        "un effectif ne peut pas être négatif (trouvé -3)"
    );
    // Numbers computed by the platform take the language's separators; lists keep their names.
    assert_eq!(
        fr(&IssueKind::FileTooLarge {
            size: 12_345_678,
            limit: 10_485_760
        }),
        "le fichier fait 12\u{202F}345\u{202F}678 octets, au-delà de la limite de \
         10\u{202F}485\u{202F}760 octets"
    );
    assert_eq!(
        issue_text(
            &i18n,
            Lang::En,
            &IssueKind::NotATemplate {
                missing_sheets: vec!["Financier".into(), "Non financier".into()]
            }
        ),
        "the workbook is not the return template: sheet(s) Financier, Non financier missing; \
         download the template and fill it in"
    );
    assert_eq!(
        fr(&IssueKind::TotalMismatch {
            supplied: "1850679.4".into(),
            sum_of_parts: "1850000".into(),
            parts: vec!["loans.individual".into(), "loans.group".into()],
        }),
        "le total déclaré 1\u{202F}850\u{202F}679,4 diffère de la somme de ses composantes \
         1\u{202F}850\u{202F}000 (loans.individual + loans.group)"
    );
    // The place of the first occurrence is in the page's language too.
    assert_eq!(
        fr(&IssueKind::DuplicateInstitution {
            first: Place::line(7)
        }),
        "l'institution figure deux fois (première occurrence : ligne 7)"
    );
    assert_eq!(
        issue_text(
            &i18n,
            Lang::Ar,
            &IssueKind::ContextMismatch {
                field: "period".into(),
                in_file: "2016-Q2".into(),
                expected: "2016-Q1".into(),
            }
        ),
        // The periods are isolated left to right inside the Arabic sentence (U+2066 … U+2069).
        "الملف يخص الفترة \u{2066}2016-Q2\u{2069}، وليس \u{2066}2016-Q1\u{2069}"
    );
    // A signed figure keeps its sign before its digits; a plain number is left as it is.
    assert_eq!(
        issue_text(
            &i18n,
            Lang::Ar,
            &IssueKind::NegativeCount { value: "-3".into() }
        ),
        "لا يمكن أن يكون العدد سالبا (القيمة الموجودة: \u{2066}-3\u{2069})"
    );
    assert_eq!(mizan_web::i18n::isolate_figure("1.850.679"), "1.850.679");
    assert_eq!(
        mizan_web::i18n::isolate_figure("'Non financier'!D17"),
        "\u{2066}'Non financier'!D17\u{2069}"
    );
    assert_eq!(mizan_web::i18n::isolate_figure("القرض 5"), "القرض 5");
    assert_eq!(mizan_web::i18n::isolate_figure("MU01"), "MU01");
    Ok(())
}

#[track_caller]
fn check(header: &str, expected: Lang) {
    assert_eq!(accept_language(header), expected, "{header:?}");
}

#[test]
fn accept_language_picks_the_first_language_we_speak() {
    check("", Lang::Fr);
    check("ar-MA,ar;q=0.9", Lang::Ar);
    check("en-US,en;q=0.9", Lang::En);
    check("de-DE, en;q=0.5", Lang::En);
    check("es, it", Lang::Fr);
    check("FR-ci", Lang::Fr);
}

/// Every refusal of the use cases is said in the three languages, with its parameters, and
/// its code is its own.
#[test]
fn every_refusal_is_said_in_three_languages() -> TestResult {
    use mizan_service::Refusal;
    use mizan_web::refusal::{message_id, refusal_text};
    let i18n = I18n::load()?;
    let examples = Refusal::examples();
    let codes: BTreeSet<&str> = examples.iter().map(Refusal::code).collect();
    // Each code once, except the one shared by the fields that can be too long.
    assert_eq!(codes.len(), examples.len() - 3, "{codes:?}");
    for r in &examples {
        let mut texts = BTreeSet::new();
        for lang in [Lang::Fr, Lang::En, Lang::Ar] {
            let text = refusal_text(&i18n, lang, r);
            assert!(
                !text.contains("refusal-") && !text.contains('{') && !text.trim().is_empty(),
                "{lang} {}: {text}",
                r.code()
            );
            assert_ne!(text, message_id(r.code()));
            // Parameters that are names or codes appear as they are.
            for (name, value) in r.args() {
                if let mizan_service::refusal::Arg::Text(t) = value
                    && name != "field"
                {
                    assert!(text.contains(&t), "{lang} {}: {text} lacks {t}", r.code());
                }
            }
            texts.insert(text);
        }
        assert_eq!(texts.len(), 3, "{}: {texts:?}", r.code());
    }
    // Numbers, quarters and dates in the reader's way.
    let published = Refusal::examples()
        .into_iter()
        .find(|r| r.code() == "publish.already-published")
        .ok_or("no example")?;
    let fr = refusal_text(&i18n, Lang::Fr, &published);
    assert!(
        fr.contains("T4 2025") && fr.contains("20 janvier 2026"),
        "{fr}"
    );
    Ok(())
}

/// Every action of the audit log has its sentence in the three languages, for each way it
/// can come; a stored entry is said with its parameters in the reader's way, and an entry
/// stored as a sentence before parameters were kept is shown as it is.
#[test]
fn every_audit_action_is_said_in_three_languages() -> TestResult {
    use mizan_service::audit::{ACTIONS, Detail};
    use mizan_web::audit::{detail_text, message_id};
    let i18n = I18n::load()?;
    let fr = message_ids(SOURCES[0].1)?;
    for (action, ways) in ACTIONS {
        let mut details = vec![Detail::new()];
        details.extend(ways.iter().map(|w| Detail::new().text("via", w)));
        for d in details {
            let id = message_id(action, &d);
            assert!(fr.contains(&id), "{action}: no message {id}");
        }
    }
    let stored = Detail::new()
        .text("file", "DSA01-2025-Q4.csv")
        .count("version", 2)
        .size("values", 1234)
        .size("warnings", 3)
        .to_json();
    assert_eq!(
        detail_text(&i18n, Lang::Fr, "import.stored", &stored),
        "DSA01-2025-Q4.csv : version 2 avec 1\u{202f}234 valeur(s) et 3 avertissement(s)"
    );
    let granted = Detail::new()
        .text("username", "bailleur")
        .text("framework", "apsfd-ci")
        .text("period", "2025-Q3")
        .to_json();
    let ar = detail_text(&i18n, Lang::Ar, "grant", &granted);
    assert!(ar.contains("bailleur") && !ar.contains("2025-Q3"), "{ar}");
    assert_eq!(
        detail_text(
            &i18n,
            Lang::Fr,
            "import.stored",
            "old.csv: version 1 with 3 value(s)"
        ),
        "old.csv: version 1 with 3 value(s)"
    );
    Ok(())
}

/// The Excel template in each language with the platform's own texts: every text found (none
/// falls back on its message id), the cover named in the language, the Arabic sheets right to
/// left, and each reads back with no issue.
#[test]
fn the_template_is_written_in_each_language() -> TestResult {
    use std::io::{Cursor, Read};

    use mizan_ingest::{Limits, TemplateText, read_template};
    let i18n = I18n::load()?;
    let mut set = mizan_core::Frameworks::default();
    let fw = mizan_core::Framework::from_file(&root().join("config/frameworks/bam-mfi.toml"))?;
    set.insert(fw.clone());
    let code = mizan_core::InstitutionCode::parse("AM01")?;
    let period = mizan_core::Period::parse("2024-Q1")?;
    for lang in Lang::ALL {
        let texts = mizan_web::file_texts::template_texts(&i18n, lang);
        let cover = texts.text(TemplateText::CoverSheet);
        assert_eq!(cover, i18n.text(lang, "xlsx-cover-sheet"));
        let bytes = mizan_ingest::write_template(&fw, period, Some((&code, "IMF")), None, &texts)?;
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes))?;
        let mut workbook = String::new();
        archive
            .by_name("xl/workbook.xml")?
            .read_to_string(&mut workbook)?;
        assert!(workbook.contains(&format!("name=\"{cover}\"")), "{lang}");
        for s in &fw.sections {
            assert!(
                workbook.contains(&format!("name=\"{}\"", s.sheet.get(lang))),
                "{lang}"
            );
        }
        let mut strings = String::new();
        archive
            .by_name("xl/sharedStrings.xml")?
            .read_to_string(&mut strings)?;
        assert!(!strings.contains("xlsx-"), "{lang}: a message is missing");
        assert!(strings.contains(fw.label.get(lang)), "{lang}");
        let mut sheet = String::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")?
            .read_to_string(&mut sheet)?;
        assert_eq!(
            sheet.contains("rightToLeft=\"1\""),
            lang == Lang::Ar,
            "{lang}"
        );
        let read = read_template(&bytes, &set, &Limits::default());
        assert!(read.issues.is_empty(), "{lang}: {:?}", read.issues);
        assert!(
            read.data.issues.is_empty(),
            "{lang}: {:?}",
            read.data.issues
        );
        assert_eq!(read.data.institution, "AM01");
    }
    Ok(())
}

/// The bulletin workbook's own texts come from the translations, in each language, for each
/// method.
#[test]
fn the_bulletin_workbook_texts_are_translated() -> TestResult {
    use mizan_ratios::Method;
    use mizan_web::file_texts::table_texts;
    let i18n = I18n::load()?;
    let mut seen = BTreeSet::new();
    for lang in [Lang::Fr, Lang::En, Lang::Ar] {
        for method in [Method::Published, Method::Pooled, Method::Median] {
            let t = table_texts(&i18n, lang, method);
            let all = [
                &t.method,
                &t.number,
                &t.norms,
                &t.not_applicable,
                &t.suppressed,
            ];
            assert!(
                all.iter()
                    .all(|s| !s.is_empty() && !s.contains("table-xlsx")),
                "{lang} {method:?}: {all:?}"
            );
            seen.insert(t.method.clone());
            let note = (t.cell_note)(1234, Some(5));
            assert!(note.contains('5') && !note.contains("table-xlsx"), "{note}");
        }
    }
    assert_eq!(seen.len(), 9, "{seen:?}");
    let fr = table_texts(&i18n, Lang::Fr, Method::Published);
    assert_eq!(
        (fr.cell_note)(1234, Some(5)),
        "n = 1\u{202f}234 ; 5 conforme(s) à la norme"
    );
    Ok(())
}
