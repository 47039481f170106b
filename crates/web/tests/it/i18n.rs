//! Messages in every language, framework labels translated, numbers per locale.

use std::collections::BTreeSet;

use mizan_core::Lang;
use mizan_web::i18n::{I18n, SOURCES, accept_language, message_ids};

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
    let src = root().join("crates/web/src");
    let mut used = BTreeSet::new();
    for entry in std::fs::read_dir(&src)?.chain(std::fs::read_dir(src.join("api"))?) {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
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
