//! The BCEAO statements return (`bceao-sfd`): the interchange CSV of the test data validates,
//! the generated Excel template has every poste on its sheet, the template filled by a person
//! (or pre-filled by the platform) reads back the same values, and a template whose E90 and
//! L90 differ is refused at the E90 cell.

use mizan_core::framework::FrameworkError;
use mizan_core::{Code, Framework, InstitutionCode, ItemValues, Lang, Period};
use mizan_ingest::{Limits, read_returns_csv, validate_return, write_template};

use crate::template::{fill_by_hand_in, set_of};
use crate::xlsx::rows_by_code;
use crate::{TestResult, codes, render, repo_path};

type Error = Box<dyn std::error::Error>;

fn bceao() -> Result<Framework, FrameworkError> {
    Framework::from_file(&repo_path("config/frameworks/bceao-sfd.toml"))
}

fn q4() -> Result<Period, Error> {
    Ok(Period::parse("2025-Q4")?)
}

/// SA01's statements from the test data's CSV, validated: (every value as sent, the values
/// without the two totals — what a person types into the template, whose totals are formulas).
fn sa01(fw: &Framework) -> Result<(ItemValues, ItemValues), Error> {
    let bytes = std::fs::read(repo_path("tests/data/bceao-sfd/returns-2025q4.csv"))?;
    let read = read_returns_csv(&bytes, &Limits::default());
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    let raw = read
        .data
        .iter()
        .find(|r| r.institution == "SA01")
        .ok_or("no SA01")?;
    let checked = validate_return(raw, fw, None);
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    // 82 postes, 2 "other postes", E90, L90 and 5 declared amounts.
    assert_eq!(checked.data.len(), 91);
    let mut typed = checked.data.clone();
    for total in ["bilan.e90", "bilan.l90"] {
        typed.remove(&Code::parse(total)?);
    }
    Ok((checked.data, typed))
}

#[test]
fn the_template_has_every_poste_on_its_sheet() -> TestResult {
    let fw = bceao()?;
    let code = InstitutionCode::parse("SA01")?;
    for lang in Lang::ALL {
        let blank = write_template(
            &fw,
            q4()?,
            Some((&code, "Crédit Solidaire")),
            None,
            &crate::texts(lang),
        )?;
        for section in &fw.sections {
            let rows = rows_by_code(&blank, section.sheet.get(lang))?;
            // Every item of the section on its sheet, and no other item.
            for item in &fw.items {
                assert_eq!(
                    rows.contains_key(item.code.as_str()),
                    item.section == section.code,
                    "{lang}: {} on sheet {}",
                    item.code,
                    section.sheet.get(lang)
                );
            }
        }
    }
    let blank = write_template(
        &fw,
        q4()?,
        Some((&code, "Crédit Solidaire")),
        None,
        &crate::french(),
    )?;
    let actif = rows_by_code(&blank, "Bilan actif")?;
    let passif = rows_by_code(&blank, "Bilan passif")?;
    assert!(actif.contains_key("bilan.a10") && actif.contains_key("bilan.e90"));
    assert!(passif.contains_key("bilan.l80") && passif.contains_key("bilan.l90"));
    assert!(rows_by_code(&blank, "Hors bilan")?.contains_key("hb.n1a"));
    assert!(rows_by_code(&blank, "Déclarations")?.contains_key("declared.supervisor_provisions"));
    Ok(())
}

#[test]
fn the_filled_template_reads_back_the_statements_of_the_csv() -> TestResult {
    let fw = bceao()?;
    let (_, typed) = sa01(&fw)?;
    let code = InstitutionCode::parse("SA01")?;
    let set = set_of(&fw);
    // Typed by a person, in French and in Arabic.
    for lang in [Lang::Fr, Lang::Ar] {
        let texts = crate::texts(lang);
        let blank = write_template(&fw, q4()?, Some((&code, "Crédit Solidaire")), None, &texts)?;
        let pairs: Vec<(String, String)> = typed
            .iter()
            .map(|(c, v)| (c.to_string(), v.to_string()))
            .collect();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(c, v)| (c.as_str(), v.as_str()))
            .collect();
        let filled = fill_by_hand_in(&blank, &fw, lang, &pairs, vec![])?;
        let read = mizan_ingest::read_template(&filled, &set, &Limits::default());
        assert_eq!(codes(&read.issues), Vec::<String>::new(), "{lang}");
        assert_eq!(read.data.institution, "SA01");
        assert_eq!(read.data.framework.as_deref(), Some("bceao-sfd"));
        let checked = validate_return(&read.data, &fw, None);
        assert_eq!(render(&checked.issues), Vec::<String>::new(), "{lang}");
        assert_eq!(checked.data, typed, "{lang}");
    }
    // Pre-filled by the platform (the institution's last return).
    let prefilled = write_template(
        &fw,
        q4()?,
        Some((&code, "Crédit Solidaire")),
        Some(&typed),
        &crate::french(),
    )?;
    let read = mizan_ingest::read_template(&prefilled, &set, &Limits::default());
    let checked = validate_return(&read.data, &fw, None);
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    assert_eq!(checked.data, typed);
    Ok(())
}

#[test]
fn a_template_whose_assets_and_liabilities_differ_is_refused_at_the_e90_cell() -> TestResult {
    let fw = bceao()?;
    let (_, mut typed) = sa01(&fw)?;
    // Cash 41 000 000 instead of 40 000 000: E90 = 1 161 000 000, L90 = 1 160 000 000.
    typed.insert(Code::parse("bilan.a10")?, 41_000_000.into());
    let code = InstitutionCode::parse("SA01")?;
    let blank = write_template(
        &fw,
        q4()?,
        Some((&code, "Crédit Solidaire")),
        None,
        &crate::french(),
    )?;
    let pairs: Vec<(String, String)> = typed
        .iter()
        .map(|(c, v)| (c.to_string(), v.to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(c, v)| (c.as_str(), v.as_str()))
        .collect();
    let filled = fill_by_hand_in(&blank, &fw, Lang::Fr, &pairs, vec![])?;
    let read = mizan_ingest::read_template(&filled, &set_of(&fw), &Limits::default());
    let checked = validate_return(&read.data, &fw, None);
    let e90_row = rows_by_code(&blank, "Bilan actif")?
        .get("bilan.e90")
        .copied()
        .ok_or("no E90 row")?;
    assert_eq!(
        render(&checked.issues),
        [format!(
            "blocking 'Bilan actif'!D{e90_row}: item bilan.e90: Total assets E90 (1161000000) differ from total liabilities L90 (1160000000): the balance sheet does not balance. [balance_identity]"
        )]
    );
    Ok(())
}
