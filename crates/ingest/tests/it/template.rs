//! The Excel template: its layout, and values that round-trip exactly through it, whether the
//! platform pre-fills them or a person types them.

use std::collections::HashMap;
use std::str::FromStr;

use mizan_core::{
    Checked, Code, Decimal, Framework, Frameworks, InstitutionCode, ItemValues, Lang, Period,
};
use mizan_ingest::{
    COVER_SHEET, Limits, RawReturn, TemplateError, read_template, validate_return, write_template,
};

use crate::xlsx::{Put, fill, rows_by_code, sheet_path, unzip};
use crate::{TestResult, apsfd, apsfd_exact, codes, render};

type Error = Box<dyn std::error::Error>;

/// Values over the three sheets: amounts with cents, tiny and huge, signed and negative,
/// counts, rates.
const VALUES: [(&str, &str); 20] = [
    ("loans.outstanding", "1850679.25"),
    ("loans.outstanding_open", "12345678901234.56"),
    ("loans.par30", "0.1"),
    ("income.net", "-32.83"),
    ("equity", "1563708430"),
    ("borrowers.active", "791"),
    ("expenses.provisions", "-1038991.5"),
    ("clients.persons.men", "1200"),
    ("clients.persons.women", "1350"),
    ("clients.legal_entities", "17"),
    ("staff.managers", "3"),
    ("staff.others", "42"),
    ("loans.purpose.housing", "19570000.75"),
    ("pricing.lending_rate_max", "24"),
    ("pricing.lending_rate_min", "0.5"),
    ("supervision.recommendations_rate", "87.35"),
    ("prud.capitalization.a", "1563708430"),
    ("prud.capitalization.b", "10556448531"),
    ("prud.liquidity.a", "-0.01"),
    ("prud.liquidity.b", "999999999999.99"),
];

fn item_values(pairs: &[(&str, &str)]) -> Result<ItemValues, Error> {
    pairs
        .iter()
        .map(|(c, v)| Ok((Code::parse(c)?, Decimal::from_str(v)?)))
        .collect()
}

pub(crate) fn set_of(fw: &Framework) -> Frameworks {
    let mut set = Frameworks::default();
    set.insert(fw.clone());
    set
}

fn q1() -> Result<Period, Error> {
    Ok(Period::parse("2016-Q1")?)
}

fn read_back(bytes: &[u8], fw: &Framework) -> (Checked<RawReturn>, Checked<ItemValues>) {
    let read = read_template(bytes, &set_of(fw), &Limits::default());
    let checked = validate_return(&read.data, fw, None);
    (read, checked)
}

#[test]
fn amounts_with_centimes_of_francs_cfa_are_warned_about_at_their_cell() -> TestResult {
    let fw = apsfd()?;
    let values = item_values(&[
        ("loans.outstanding", "1850679.25"),
        ("loans.par30", "125000"),
        ("staff.loan_officers", "12"),
    ])?;
    let code = InstitutionCode::parse("SA01")?;
    let bytes = write_template(
        &fw,
        q1()?,
        Some((&code, "Crédit SA")),
        Some(&values),
        &crate::french(),
    )?;
    let (_, checked) = read_back(&bytes, &fw);
    assert_eq!(
        render(&checked.issues),
        [
            "warning Financier!D5: item loans.outstanding: the amount 1850679.25 has decimals, but XOF has no subunit: check the decimal separator and the unit (amounts are in XOF, not thousands)"
        ]
    );
    // A warning: the value is kept exactly as sent.
    assert_eq!(checked.data, values);
    Ok(())
}

#[test]
fn pre_filled_template_reads_back_exactly() -> TestResult {
    let fw = apsfd_exact()?;
    let values = item_values(&VALUES)?;
    let code = InstitutionCode::parse("SA01")?;
    let bytes = write_template(
        &fw,
        q1()?,
        Some((&code, "Crédit SA")),
        Some(&values),
        &crate::french(),
    )?;
    let (read, checked) = read_back(&bytes, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(read.data.institution, "SA01");
    assert_eq!(read.data.period, "2016-Q1");
    assert_eq!(read.data.framework.as_deref(), Some("apsfd-ci"));
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    assert_eq!(checked.data, values);
    Ok(())
}

/// The cached result a spreadsheet computes for a total: binary doubles added, empty cells 0.
fn excel_sum(fw: &Framework, code: &str, typed: &HashMap<&str, f64>) -> f64 {
    match fw.item(code).and_then(|i| i.parts.as_ref()) {
        Some(parts) => parts.iter().map(|p| excel_sum(fw, p.as_str(), typed)).sum(),
        None => typed.get(code).copied().unwrap_or(0.0),
    }
}

/// The sheet and value cell (`D14`) of an item.
fn cell_of<'a>(
    fw: &'a Framework,
    lang: Lang,
    rows: &HashMap<&str, HashMap<String, u32>>,
    code: &str,
) -> Result<(&'a str, String), Error> {
    let item = fw.item(code).ok_or("unknown item")?;
    let section = fw.section(&item.section).ok_or("unknown section")?;
    let row = rows
        .get(item.section.as_str())
        .and_then(|r| r.get(code))
        .ok_or_else(|| format!("{code} is not in sheet {}", section.sheet.get(lang)))?;
    Ok((section.sheet.get(lang), format!("D{row}")))
}

/// Fills a blank template as a person would: numbers typed into column D, the spreadsheet's
/// cached results of the total formulas updated, the archive saved again. Half of the numbers
/// are written with 17 significant digits in scientific notation, as some programs write them.
fn fill_by_hand<'a>(
    blank: &[u8],
    fw: &'a Framework,
    pairs: &[(&str, &str)],
    extra: Vec<(&'a str, String, Put)>,
) -> Result<Vec<u8>, Error> {
    fill_by_hand_in(blank, fw, Lang::Fr, pairs, extra)
}

/// [`fill_by_hand`] of a template in `lang`.
pub(crate) fn fill_by_hand_in<'a>(
    blank: &[u8],
    fw: &'a Framework,
    lang: Lang,
    pairs: &[(&str, &str)],
    extra: Vec<(&'a str, String, Put)>,
) -> Result<Vec<u8>, Error> {
    let mut typed: HashMap<&str, f64> = HashMap::new();
    let mut edits = Vec::new();
    let mut rows = HashMap::new();
    for section in &fw.sections {
        rows.insert(
            section.code.as_str(),
            rows_by_code(blank, section.sheet.get(lang))?,
        );
    }
    let cell_of = |code: &str| cell_of(fw, lang, &rows, code);
    for (i, (code, text)) in pairs.iter().enumerate() {
        let f = f64::from_str(text)?;
        typed.insert(code, f);
        let written = if i % 2 == 0 {
            text.to_string()
        } else {
            format!("{f:.16e}")
        };
        let (sheet, cell) = cell_of(code)?;
        edits.push((sheet, cell, Put::Number(written)));
    }
    for item in fw.items.iter().filter(|i| i.is_total()) {
        let (sheet, cell) = cell_of(item.code.as_str())?;
        let sum = excel_sum(fw, item.code.as_str(), &typed);
        edits.push((sheet, cell, Put::Result(format!("{sum}"))));
    }
    edits.extend(extra);
    fill(blank, &edits)
}

#[test]
fn template_filled_by_a_person_round_trips_exactly() -> TestResult {
    let fw = apsfd_exact()?;
    let code = InstitutionCode::parse("MU03")?;
    let blank = write_template(
        &fw,
        q1()?,
        Some((&code, "Mutuelle des Maraîchers")),
        None,
        &crate::french(),
    )?;
    let filled = fill_by_hand(&blank, &fw, &VALUES, vec![])?;
    let (read, checked) = read_back(&filled, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(read.data.institution, "MU03");
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    assert_eq!(checked.data, item_values(&VALUES)?);
    // The totals were read as formulas, checked against their parts, and not stored.
    let formulas: Vec<&str> = read
        .data
        .entries
        .iter()
        .filter(|e| e.formula)
        .map(|e| e.item.as_str())
        .collect();
    assert_eq!(
        formulas,
        [
            "clients.total",
            "clients.persons",
            "clients.group_members",
            "staff.total",
            "depositors.total",
            "depositors.persons",
            "loans.total",
            "loans.persons",
            "doubtful.total",
            "doubtful.persons"
        ]
    );
    Ok(())
}

#[test]
fn blank_template_reads_as_nothing_reported() -> TestResult {
    let fw = apsfd()?;
    let blank = blank_mu03(&fw)?;
    let (read, checked) = read_back(&blank, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    // Nothing reported: the return is refused as empty (an empty template must never replace
    // an institution's return).
    assert_eq!(codes(&checked.issues), ["empty_return@Couverture!B6"]);
    assert!(checked.data.is_empty());
    // Only the totals' formulas (cached 0) are there; none is taken as a value.
    assert!(read.data.entries.iter().all(|e| e.formula));
    Ok(())
}

#[test]
fn text_typed_in_value_cells_is_read_in_either_locale() -> TestResult {
    let fw = apsfd_exact()?;
    let blank = blank_mu03(&fw)?;
    let rows = rows_by_code(&blank, "Financier")?;
    let at = |c: &str| rows.get(c).map(|r| format!("D{r}")).ok_or("no row");
    let filled = fill(
        &blank,
        &[
            (
                "Financier",
                at("loans.outstanding")?,
                Put::Text("1 850 679,25".into()),
            ),
            (
                "Financier",
                at("loans.outstanding_open")?,
                Put::Text("1\u{202F}850\u{202F}000.5".into()),
            ),
            ("Financier", at("loans.par30")?, Put::Text("1,234".into())),
            (
                "Financier",
                at("loans.par90")?,
                Put::Text("beaucoup".into()),
            ),
            ("Financier", at("loans.par180")?, Put::Text("   ".into())),
        ],
    )?;
    let (_, checked) = read_back(&filled, &fw);
    let par30 = rows.get("loans.par30").ok_or("no row")?;
    let par90 = rows.get("loans.par90").ok_or("no row")?;
    assert_eq!(
        render(&checked.issues),
        [
            format!(
                "blocking Financier!D{par30}: item loans.par30: value \"1,234\" is ambiguous (decimal mark or thousands separator?); write it without thousands separators, with the file's decimal mark"
            ),
            format!(
                "blocking Financier!D{par90}: item loans.par90: value \"beaucoup\" is not a number"
            ),
        ]
    );
    assert_eq!(
        checked.data,
        item_values(&[
            ("loans.outstanding", "1850679.25"),
            ("loans.outstanding_open", "1850000.5")
        ])?
    );
    Ok(())
}

#[test]
fn excel_errors_are_refused_naming_the_cell() -> TestResult {
    let fw = apsfd()?;
    let blank = blank_mu03(&fw)?;
    let rows = rows_by_code(&blank, "Financier")?;
    let row = rows.get("loans.par30").ok_or("no row")?;
    let filled = fill(
        &blank,
        &[("Financier", format!("D{row}"), Put::Error("#DIV/0!".into()))],
    )?;
    let (read, checked) = read_back(&filled, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(
        render(&checked.issues),
        [format!(
            "blocking Financier!D{row}: item loans.par30: the cell holds the Excel error #DIV/0!; correct the formula or value"
        )]
    );
    Ok(())
}

#[test]
fn a_stale_or_altered_total_is_refused() -> TestResult {
    let fw = apsfd()?;
    let blank = blank_mu03(&fw)?;
    let rows = rows_by_code(&blank, "Non financier")?;
    let total = rows.get("staff.total").ok_or("no row")?;
    let filled = fill_by_hand(
        &blank,
        &fw,
        &[("staff.managers", "3"), ("staff.others", "42")],
        vec![(
            "Non financier",
            format!("D{total}"),
            Put::Result("46".into()),
        )],
    )?;
    let (_, checked) = read_back(&filled, &fw);
    assert_eq!(
        render(&checked.issues),
        [format!(
            "blocking 'Non financier'!D{total}: item staff.total: the total 46 differs from the sum of its parts 45 (staff.managers + staff.others)"
        )]
    );
    Ok(())
}

#[test]
fn institution_typed_on_the_cover() -> TestResult {
    let fw = apsfd()?;
    let blank = write_template(&fw, q1()?, None, None, &crate::french())?;
    let (read, checked) = read_back(&blank, &fw);
    assert_eq!(
        codes(&checked.issues),
        ["missing_value@Couverture!B6"],
        "{:?}",
        read.data
    );
    let filled = fill(
        &blank,
        &[
            (COVER_SHEET, "B6".into(), Put::Text(" MU03 ".into())),
            (COVER_SHEET, "B7".into(), Put::Text("Mutuelle".into())),
        ],
    )?;
    let (read, checked) = read_back(&filled, &fw);
    assert_eq!(read.data.institution, "MU03");
    assert_eq!(read.data.institution_place.to_string(), "Couverture!B6");
    assert_eq!(read.data.period_place.to_string(), "Couverture!B5");
    assert_eq!(codes(&checked.issues), ["empty_return@Couverture!B6"]);
    assert_eq!(
        codes(
            &read
                .data
                .check_context(&InstitutionCode::parse("MU04")?, Period::parse("2016-Q2")?)
        ),
        [
            "context_mismatch@Couverture!B6",
            "context_mismatch@Couverture!B5"
        ]
    );
    assert_eq!(
        read.data.unknown_institution().to_string(),
        "Couverture!B6: institution \"MU03\" is not in the registry; import the registry first"
    );
    Ok(())
}

#[test]
fn layout_protection_validation_and_formulas() -> TestResult {
    let fw = apsfd()?;
    let bytes = write_template(&fw, q1()?, None, None, &crate::french())?;
    let members = unzip(&bytes)?;
    let xml = |sheet: &str| -> Result<String, Error> {
        let path = sheet_path(&bytes, sheet)?;
        let data = members
            .iter()
            .find(|(n, _)| *n == path)
            .map(|(_, d)| d.clone())
            .ok_or("no member")?;
        Ok(String::from_utf8(data)?)
    };
    for (sheet, section) in [
        ("Financier", "financial"),
        ("Non financier", "nonfinancial"),
        ("Prudentiel", "prudential"),
    ] {
        let text = xml(sheet)?;
        assert!(text.contains("<sheetProtection"), "{sheet} is protected");
        let rows = rows_by_code(&bytes, sheet)?;
        let items: Vec<_> = fw.section_items(section).collect();
        let item_rows = rows.keys().filter(|k| fw.item(k).is_some()).count();
        assert_eq!(item_rows, items.len(), "{sheet}: one row per item");
        for item in &items {
            let row = rows.get(item.code.as_str()).ok_or("missing row")?;
            let sqref = format!("sqref=\"D{row}\"");
            let validation = text
                .split("<dataValidation ")
                .skip(1)
                .find(|v| v.contains(&sqref));
            match &item.parts {
                Some(parts) => {
                    assert!(
                        validation.is_none(),
                        "{}: a total is not an input",
                        item.code
                    );
                    let refs: Vec<String> = parts
                        .iter()
                        .map(|p| {
                            rows.get(p.as_str())
                                .map(|r| format!("D{r}"))
                                .ok_or("part row")
                        })
                        .collect::<Result<_, _>>()?;
                    assert!(
                        text.contains(&format!("<f>{}</f>", refs.join("+"))),
                        "{}: formula over its parts",
                        item.code
                    );
                }
                None => {
                    let v = validation.ok_or_else(|| format!("{} has no validation", item.code))?;
                    let expected = match (item.unit, item.signed) {
                        (mizan_core::framework::Unit::Count, _) => {
                            "type=\"whole\" operator=\"greaterThanOrEqual\""
                        }
                        (mizan_core::framework::Unit::Amount, false) => {
                            "type=\"decimal\" operator=\"greaterThanOrEqual\""
                        }
                        _ => "type=\"decimal\"",
                    };
                    assert!(v.starts_with(expected), "{}: {v}", item.code);
                    if item.signed || item.unit == mizan_core::framework::Unit::Rate {
                        assert!(!v.contains("operator="), "{}: any decimal: {v}", item.code);
                    }
                }
            }
        }
    }
    let cover = xml(COVER_SHEET)?;
    assert!(cover.contains("<sheetProtection"));
    let styles = members
        .iter()
        .find(|(n, _)| n == "xl/styles.xml")
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .ok_or("no styles")?;
    assert!(styles.contains("locked=\"0\""), "input cells are unlocked");
    assert!(styles.contains("#,##0"), "thousands grouping");
    Ok(())
}

#[test]
fn totals_across_sheets_and_totals_without_a_cell() -> TestResult {
    let fw = Framework::from_toml(
        r#"
        [framework]
        id = "cross"
        version = "1"
        currency = "MAD"
        label.fr = "Croisé"
        label.en = "Cross"
        label.ar = "متقاطع"
        sector_label.fr = "Secteur"
        sector_label.en = "Sector"
        sector_label.ar = "القطاع"
        [[sections]]
        code = "summary"
        sheet = { fr = "Synthèse", en = "Summary", ar = "ملخص" }
        label.fr = "Synthèse"
        label.en = "Summary"
        label.ar = "ملخص"
        [[sections]]
        code = "detail"
        sheet = { fr = "Détail l'autre", en = "Detail other", ar = "تفصيل آخر" }
        label.fr = "Détail"
        label.en = "Detail"
        label.ar = "تفصيل"
        [[items]]
        code = "assets.total"
        section = "summary"
        unit = "amount"
        parts = ["assets.cash", "assets.loans"]
        label.fr = "Total"
        label.en = "Total"
        label.ar = "المجموع"
        [[items]]
        code = "assets.odd"
        section = "summary"
        unit = "amount"
        parts = ["assets.cash", "avg"]
        label.fr = "Total avec une valeur dérivée"
        label.en = "Total with a derived value"
        label.ar = "مجموع بقيمة مشتقة"
        [[items]]
        code = "assets.cash"
        section = "detail"
        unit = "amount"
        label.fr = "Caisse"
        label.en = "Cash"
        label.ar = "الصندوق"
        [[items]]
        code = "assets.loans"
        section = "detail"
        unit = "amount"
        label.fr = "Crédits"
        label.en = "Loans"
        label.ar = "القروض"
        [[derived]]
        code = "avg"
        formula = "assets.cash / 2"
        label.fr = "Moitié"
        label.en = "Half"
        label.ar = "النصف"
        "#,
        "cross.toml",
    )?;
    let values = item_values(&[("assets.cash", "0.1"), ("assets.loans", "0.2")])?;
    let code = InstitutionCode::parse("X1")?;
    let bytes = write_template(
        &fw,
        q1()?,
        Some((&code, "X")),
        Some(&values),
        &crate::french(),
    )?;
    let members = unzip(&bytes)?;
    let path = sheet_path(&bytes, "Synthèse")?;
    let summary = members
        .iter()
        .find(|(n, _)| *n == path)
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .ok_or("no sheet")?;
    // Cross-sheet references, with the quote in the sheet name doubled; the cached result is
    // the exact sum.
    assert!(
        summary.contains("<f>'Détail l''autre'!D5+'Détail l''autre'!D6</f><v>0.3</v>"),
        "{summary}"
    );
    let (read, checked) = read_back(&bytes, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    assert_eq!(checked.data, values);
    // A total with a derived part has no formula: it is an input cell, read as a given total.
    let odd = read.data.entries.iter().find(|e| e.item == "assets.odd");
    assert!(odd.is_none(), "not filled, not read");
    Ok(())
}

#[test]
fn a_total_given_without_its_parts_is_kept_in_the_template() -> TestResult {
    let fw = apsfd()?;
    let values = item_values(&[("staff.total", "45"), ("clients.persons.men", "10")])?;
    let code = InstitutionCode::parse("MU03")?;
    let bytes = write_template(
        &fw,
        q1()?,
        Some((&code, "M")),
        Some(&values),
        &crate::french(),
    )?;
    let (_, checked) = read_back(&bytes, &fw);
    assert_eq!(
        codes(&checked.issues),
        ["total_without_parts@'Non financier'!D17"]
    );
    assert_eq!(checked.data, values);
    Ok(())
}

#[test]
fn values_a_cell_cannot_hold_are_refused_by_the_writer() -> TestResult {
    let fw = apsfd()?;
    let too_precise = item_values(&[("loans.outstanding", "12345678901234567.891")])?;
    let outcome = write_template(&fw, q1()?, None, Some(&too_precise), &crate::french());
    assert!(
        matches!(outcome, Err(TemplateError::NotRepresentable { .. })),
        "{outcome:?}"
    );
    let unknown = item_values(&[("loans.nothing", "1")])?;
    let outcome = write_template(&fw, q1()?, None, Some(&unknown), &crate::french());
    assert!(
        matches!(outcome, Err(TemplateError::UnknownItem { .. })),
        "{outcome:?}"
    );
    Ok(())
}

/// The template in French, English and Arabic: sheets, headings and labels in the language, the
/// Arabic sheets right to left; filled in by a person, each reads back the same values with no
/// issue, whatever its language.
#[test]
fn the_template_in_each_language_reads_back_the_same_values() -> TestResult {
    let fw = apsfd_exact()?;
    let code = InstitutionCode::parse("MU03")?;
    let values = item_values(&VALUES)?;
    for lang in Lang::ALL {
        let texts = crate::texts(lang);
        let blank = write_template(&fw, q1()?, Some((&code, "Mutuelle")), None, &texts)?;
        let book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(&blank))?;
        let mut expected = vec![texts.text(mizan_ingest::TemplateText::CoverSheet)];
        expected.extend(fw.sections.iter().map(|s| s.sheet.get(lang).to_owned()));
        assert_eq!(calamine::Reader::sheet_names(&book), expected, "{lang}");
        let members = unzip(&blank)?;
        for name in &expected {
            let path = sheet_path(&blank, name)?;
            let xml = members
                .iter()
                .find(|(n, _)| *n == path)
                .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
                .ok_or("no sheet")?;
            assert_eq!(
                xml.contains("rightToLeft=\"1\""),
                lang == Lang::Ar,
                "{lang}: sheet {name}"
            );
        }
        // Labels, headings and the cover's texts in the language.
        let strings = members
            .iter()
            .find(|(n, _)| n == "xl/sharedStrings.xml")
            .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            .ok_or("no shared strings")?;
        let label = fw
            .item("loans.par30")
            .map(|i| i.label.get(lang))
            .ok_or("item")?;
        assert!(strings.contains(label), "{lang}: {label}");
        let section = fw.section("financial").ok_or("section")?;
        assert!(strings.contains(section.label.get(lang)), "{lang}");
        assert!(
            strings.contains(&format!("{lang}: Heading(Value)")),
            "{lang}"
        );
        assert!(
            strings.contains(&format!("{lang}: Field(Institution)")),
            "{lang}"
        );

        let filled = fill_by_hand_in(&blank, &fw, lang, &VALUES, vec![])?;
        let (read, checked) = read_back(&filled, &fw);
        assert_eq!(codes(&read.issues), Vec::<String>::new(), "{lang}");
        assert_eq!(codes(&read.data.issues), Vec::<String>::new(), "{lang}");
        assert_eq!(read.data.institution, "MU03", "{lang}");
        assert_eq!(read.data.period, "2016-Q1", "{lang}");
        assert_eq!(render(&checked.issues), Vec::<String>::new(), "{lang}");
        assert_eq!(checked.data, values, "{lang}");
        // Problems are placed on the sheets as named in the language.
        let cover = texts.text(mizan_ingest::TemplateText::CoverSheet);
        assert_eq!(
            read.data.institution_place,
            mizan_core::Place::cell(cover.as_str(), 5, 1),
            "{lang}"
        );
        let first = fw.sections.first().ok_or("no section")?;
        assert!(
            read.data
                .entries
                .iter()
                .any(|e| e.place.to_string().contains(first.sheet.get(lang))),
            "{lang}"
        );
    }
    Ok(())
}

/// Bank Al-Maghrib's framework in Arabic, pre-filled: read back exactly; a value column moved
/// is still found out in Arabic.
#[test]
fn the_bank_al_maghrib_template_in_arabic() -> TestResult {
    let set = crate::frameworks()?;
    let fw = set.latest("bam-mfi").ok_or("no bam-mfi")?.clone();
    let values = item_values(&[
        ("loans.count", "1250"),
        ("loans.outstanding", "8450000.35"),
        ("equity", "-1200.5"),
        ("solv.core.capital", "50000000"),
    ])?;
    let code = InstitutionCode::parse("AM01")?;
    let texts = crate::texts(Lang::Ar);
    let bytes = write_template(&fw, q1()?, Some((&code, "جمعية")), Some(&values), &texts)?;
    let (read, checked) = read_back(&bytes, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    assert_eq!(checked.data, values);
    let sheet = fw
        .section("financial")
        .map(|s| s.sheet.get(Lang::Ar))
        .ok_or("section")?;
    let moved = fill(&bytes, &[(sheet, "D3".into(), Put::Text("remark".into()))])?;
    let (read, _) = read_back(&moved, &fw);
    assert_eq!(
        codes(&read.data.issues),
        [format!("template_altered@sheet {sheet}")]
    );
    Ok(())
}

/// A French template written before the cover's fields and the columns carried keys (a
/// template downloaded before, sent after) is still read, by its French labels.
#[test]
fn a_french_template_written_before_the_keys_is_still_read() -> TestResult {
    let fw = apsfd_exact()?;
    let blank = blank_mu03(&fw)?;
    let mut legacy: Vec<(&str, String, Put)> = Vec::new();
    for (row, label) in [
        (3, "Référentiel"),
        (4, "Version du référentiel"),
        (5, "Période"),
        (6, "Code de l’institution"),
        (7, "Nom de l'institution"),
    ] {
        legacy.push((COVER_SHEET, format!("A{row}"), Put::Text(label.into())));
        legacy.push((COVER_SHEET, format!("C{row}"), Put::Text(String::new())));
    }
    for section in &fw.sections {
        for col in ["A", "B", "C", "D", "E"] {
            legacy.push((
                section.sheet.fr.as_str(),
                format!("{col}3"),
                Put::Text(String::new()),
            ));
        }
        legacy.push((
            section.sheet.fr.as_str(),
            "D4".into(),
            Put::Text("Valeur".into()),
        ));
    }
    let filled = fill_by_hand(&blank, &fw, &VALUES, legacy.clone())?;
    let (read, checked) = read_back(&filled, &fw);
    assert_eq!(codes(&read.issues), Vec::<String>::new());
    assert_eq!(codes(&read.data.issues), Vec::<String>::new());
    assert_eq!(read.data.institution, "MU03");
    assert_eq!(checked.data, item_values(&VALUES)?);
    // Its value column moved is found out by the French heading.
    legacy.push(("Financier", "D4".into(), Put::Text("Remarque".into())));
    let moved = fill(&blank, &legacy)?;
    let (read, _) = read_back(&moved, &fw);
    assert_eq!(
        codes(&read.data.issues),
        ["template_altered@sheet Financier"]
    );
    Ok(())
}

/// The French template of the first quarter, its cover filled for the mutual MU03.
fn blank_mu03(fw: &Framework) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let code = InstitutionCode::parse("MU03")?;
    Ok(write_template(
        fw,
        q1()?,
        Some((&code, "Mutuelle")),
        None,
        &crate::french(),
    )?)
}
