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
        },
    ]
}

/// Every kind of validation issue has its message in the three languages, with every argument
/// given; the French reads as a supervisor writes it.
#[test]
fn issues_are_told_in_the_page_language() -> TestResult {
    let i18n = I18n::load()?;
    let kinds = every_issue_kind();
    assert_eq!(kinds.len(), 51);
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
        "الملف يخص الفترة 2016-Q2، وليس 2016-Q1"
    );
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
