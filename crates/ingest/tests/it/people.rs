//! Spreadsheets as people fill them (and as LibreOffice or Excel save them again): formats put
//! on cells, dates typed where numbers go, totals the spreadsheet could not compute, columns
//! deleted, and the old `.xls` format.

use std::collections::HashMap;

use mizan_core::{Framework, InstitutionCode, Period};
use mizan_ingest::{Limits, read_returns, read_template, validate_return, write_template};

use crate::xlsx::{Put, add_style, fill, rows_by_code};
use crate::{TestResult, apsfd, frameworks, render};

type Error = Box<dyn std::error::Error>;

fn blank(fw: &Framework) -> Result<Vec<u8>, Error> {
    let code = InstitutionCode::parse("SA01")?;
    Ok(write_template(
        fw,
        Period::parse("2016-Q1")?,
        Some((&code, "Crédit SA")),
        None,
        &crate::french(),
    )?)
}

/// The value cell (`D14`) of each item of a sheet.
fn cells(bytes: &[u8], sheet: &str) -> Result<HashMap<String, String>, Error> {
    Ok(rows_by_code(bytes, sheet)?
        .into_iter()
        .map(|(code, row)| (code, format!("D{row}")))
        .collect())
}

fn read(bytes: &[u8], fw: &Framework) -> Result<(Vec<String>, mizan_core::ItemValues), Error> {
    let read = read_template(bytes, &crate::template::set_of(fw), &Limits::default());
    let mut issues = render(&read.issues);
    let checked = validate_return(&read.data, fw, None);
    issues.extend(render(&checked.issues));
    Ok((issues, checked.data))
}

#[test]
fn a_percentage_format_shows_the_rate_and_is_refused_on_an_amount() -> TestResult {
    let fw = apsfd()?;
    let (book, percent) = add_style(&blank(&fw)?, 10, None)?;
    let fin = cells(&book, "Financier")?;
    let non = cells(&book, "Non financier")?;
    let rate = non.get("pricing.lending_rate_max").ok_or("no rate row")?;
    let amount = fin.get("loans.outstanding").ok_or("no amount row")?;
    let filled = fill(
        &book,
        &[
            (
                "Non financier",
                rate.clone(),
                Put::Styled("0.1889".into(), percent),
            ),
            (
                "Financier",
                amount.clone(),
                Put::Styled("0.25".into(), percent),
            ),
        ],
    )?;
    let (issues, values) = read(&filled, &fw)?;
    assert_eq!(
        issues,
        [format!(
            "blocking Financier!{amount}: item loans.outstanding: the cell is formatted as a percentage (25 %) but the item is an amount or a count: remove the percentage format and type the figure"
        )]
    );
    // 0.1889 shown as 18,89 % is the rate 18.89, as the person sees it.
    assert_eq!(
        values
            .get(&mizan_core::Code::parse("pricing.lending_rate_max")?)
            .map(ToString::to_string),
        Some("18.89".into())
    );
    Ok(())
}

#[test]
fn a_date_where_a_number_goes_is_refused_as_the_person_sees_it() -> TestResult {
    let fw = apsfd()?;
    let (book, date) = add_style(&blank(&fw)?, 200, Some("dd/mm/yyyy"))?;
    let (book, us_date) = add_style(&book, 201, Some("m/d/yy"))?;
    let fin = cells(&book, "Financier")?;
    let a = fin.get("loans.outstanding").ok_or("no row")?;
    let b = fin.get("loans.par30").ok_or("no row")?;
    let filled = fill(
        &book,
        &[
            ("Financier", a.clone(), Put::Styled("42441".into(), date)),
            ("Financier", b.clone(), Put::Styled("42441".into(), us_date)),
        ],
    )?;
    let (issues, _) = read(&filled, &fw)?;
    assert_eq!(
        issues,
        [
            format!(
                "blocking Financier!{a}: item loans.outstanding: the cell holds a date (12/03/2016) where a number is expected: type the figure in a cell formatted as a number"
            ),
            format!(
                "blocking Financier!{b}: item loans.par30: the cell holds a date (03/12/16) where a number is expected: type the figure in a cell formatted as a number"
            ),
        ]
    );
    Ok(())
}

#[test]
fn a_total_the_spreadsheet_could_not_compute_is_computed_from_its_parts() -> TestResult {
    let fw = apsfd()?;
    let book = blank(&fw)?;
    let non = cells(&book, "Non financier")?;
    let cell = |code: &str| non.get(code).cloned().ok_or(format!("no row {code}"));
    // "3" typed as text makes `=D10+D11` show #VALUE! in the person's spreadsheet.
    let filled = fill(
        &book,
        &[
            (
                "Non financier",
                cell("staff.managers")?,
                Put::Text("3".into()),
            ),
            (
                "Non financier",
                cell("staff.others")?,
                Put::Number("42".into()),
            ),
            (
                "Non financier",
                cell("staff.total")?,
                Put::ErrorResult("#VALUE!".into()),
            ),
        ],
    )?;
    let (issues, values) = read(&filled, &fw)?;
    assert_eq!(issues, Vec::<String>::new());
    let get = |c: &str| -> Result<Option<String>, Error> {
        Ok(values
            .get(&mizan_core::Code::parse(c)?)
            .map(ToString::to_string))
    };
    assert_eq!(get("staff.managers")?, Some("3".into()));
    assert_eq!(get("staff.others")?, Some("42".into()));
    // Another error in a total, or #VALUE! in a part, is still refused at its cell.
    let filled = fill(
        &book,
        &[(
            "Non financier",
            cell("staff.others")?,
            Put::Error("#VALUE!".into()),
        )],
    )?;
    let (issues, _) = read(&filled, &fw)?;
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].contains("#VALUE!"), "{issues:?}");
    Ok(())
}

#[test]
fn a_sheet_whose_codes_or_values_moved_is_refused_naming_it() -> TestResult {
    let fw = apsfd()?;
    let book = blank(&fw)?;
    let rows = rows_by_code(&book, "Financier")?;
    // Column A deleted: the labels moved into A, no code is left where the template put it.
    let edits: Vec<(&str, String, Put)> = rows
        .iter()
        .map(|(code, row)| {
            let label = fw
                .item(code)
                .map(|i| i.label.fr.clone())
                .unwrap_or_default();
            ("Financier", format!("A{row}"), Put::Text(label))
        })
        .collect();
    let filled = fill(&book, &edits)?;
    let (issues, _) = read(&filled, &fw)?;
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(
        issues[0].starts_with(
            "blocking sheet Financier: the item codes of this sheet are not in column A"
        ),
        "{issues:?}"
    );
    let items = fw.section_items("financial").count();
    assert!(
        issues[0].contains(&format!("{items} of {items} missing")),
        "{issues:?}"
    );
    // Column C deleted: the values moved from D to C, D holds the remarks (whose key, in the
    // hidden row above the headings, is then in D).
    let filled = fill(
        &book,
        &[("Financier", "D3".into(), Put::Text("remark".into()))],
    )?;
    let (issues, _) = read(&filled, &fw)?;
    assert_eq!(
        issues,
        [
            "blocking sheet Financier: the column of values («Valeur») is no longer column D: columns were deleted or moved; fill in a fresh template without changing its layout"
        ]
    );
    Ok(())
}

#[test]
fn an_xls_file_is_refused_with_how_to_save_it_as_xlsx() -> TestResult {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 504));
    let read = read_returns(&bytes, &frameworks()?, &Limits::default());
    assert_eq!(
        render(&read.issues),
        [
            "blocking file: this is an Excel 97-2003 workbook (.xls): open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), then send that file"
        ]
    );
    Ok(())
}

// ---------------------------------------------------------------- OpenDocument (.ods)

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn ods_archive(content: &str) -> Result<Vec<u8>, Error> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored)?;
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    w.start_file("META-INF/manifest.xml", deflated)?;
    w.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )?;
    w.start_file("content.xml", deflated)?;
    w.write_all(content.as_bytes())?;
    Ok(w.finish()?.into_inner())
}

fn ods_content(tables: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
}

/// The template as LibreOffice saves it as `.ods`: each sheet's cells (texts, numbers, the
/// totals' formulas), then the empty rows LibreOffice writes down to the sheet's last row.
/// `edit(sheet, row, col)` gives a cell's XML instead of the template's.
fn to_ods(xlsx: &[u8], edit: &dyn Fn(&str, u32, u32) -> Option<String>) -> Result<Vec<u8>, Error> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx))?;
    let mut tables = String::new();
    for name in book.sheet_names() {
        let values = book.worksheet_range(&name)?;
        let formulas = book.worksheet_formula(&name)?;
        let (end_row, end_col) = values.end().unwrap_or((0, 0));
        tables.push_str(&format!(r#"<table:table table:name="{}">"#, esc(&name)));
        for r in 0..=end_row + 2 {
            tables.push_str("<table:table-row>");
            for c in 0..=end_col.max(4) {
                if let Some(xml) = edit(&name, r, c) {
                    tables.push_str(&xml);
                    continue;
                }
                let formula = formulas.get_value((r, c)).filter(|f| !f.is_empty());
                let cell = match (formula, values.get_value((r, c))) {
                    (Some(f), _) => format!(
                        r#"<table:table-cell table:formula="of:={}" office:value-type="float" office:value="0" calcext:value-type="float"><text:p>0</text:p></table:table-cell>"#,
                        esc(f)
                    ),
                    (None, Some(Data::String(s))) => format!(
                        r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        esc(s)
                    ),
                    (None, Some(Data::Float(f))) => format!(
                        r#"<table:table-cell office:value-type="float" office:value="{f}"><text:p>{f}</text:p></table:table-cell>"#
                    ),
                    (None, Some(Data::Int(i))) => format!(
                        r#"<table:table-cell office:value-type="float" office:value="{i}"><text:p>{i}</text:p></table:table-cell>"#
                    ),
                    _ => "<table:table-cell/>".to_owned(),
                };
                tables.push_str(&cell);
            }
            tables.push_str(r#"<table:table-cell table:number-columns-repeated="1019"/>"#);
            tables.push_str("</table:table-row>");
        }
        tables.push_str(
            r#"<table:table-row table:number-rows-repeated="1048500"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
        );
    }
    ods_archive(&ods_content(&tables))
}

fn number_cell(v: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="float" office:value="{v}" calcext:value-type="float"><text:p>{v}</text:p></table:table-cell>"#
    )
}

/// (row, col) from 0 of a value cell `D14`.
fn pos(cell: &str) -> Result<(u32, u32), Error> {
    Ok((cell.trim_start_matches('D').parse::<u32>()? - 1, 3))
}

#[test]
fn an_ods_template_saved_by_libreoffice_is_read_like_an_xlsx() -> TestResult {
    let fw = apsfd()?;
    let book = blank(&fw)?;
    let fin = cells(&book, "Financier")?;
    let non = cells(&book, "Non financier")?;
    let at = |map: &HashMap<String, String>, code: &str| -> Result<(u32, u32), Error> {
        pos(map.get(code).ok_or(format!("no row {code}"))?)
    };
    let outstanding = at(&fin, "loans.outstanding")?;
    let managers = at(&non, "staff.managers")?;
    let others = at(&non, "staff.others")?;
    let total = at(&non, "staff.total")?;
    let rate = at(&non, "pricing.lending_rate_max")?;
    let ods = to_ods(&book, &|sheet, r, c| {
        match (sheet, (r, c)) {
        ("Financier", p) if p == outstanding => Some(number_cell("1850679")),
        ("Non financier", p) if p == managers => Some(
            r#"<table:table-cell office:value-type="string"><text:p>3</text:p></table:table-cell>"#.into(),
        ),
        ("Non financier", p) if p == others => Some(number_cell("42")),
        ("Non financier", p) if p == total => Some(
            r#"<table:table-cell table:formula="of:=[.D10]+[.D11]" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#VALUE!</text:p></table:table-cell>"#.into(),
        ),
        ("Non financier", p) if p == rate => Some(
            r#"<table:table-cell office:value-type="percentage" office:value="0.1889" calcext:value-type="percentage"><text:p>18,89 %</text:p></table:table-cell>"#.into(),
        ),
        _ => None,
    }
    })?;
    let read = read_returns(&ods, &crate::template::set_of(&fw), &Limits::default());
    assert_eq!(render(&read.issues), Vec::<String>::new());
    let raw = read.data.first().ok_or("no return read")?;
    assert_eq!(raw.institution, "SA01");
    assert_eq!(raw.source, mizan_ingest::SourceKind::Ods);
    let checked = validate_return(raw, &fw, None);
    assert_eq!(render(&checked.issues), Vec::<String>::new());
    let got: Vec<(String, String)> = checked
        .data
        .iter()
        .map(|(c, v)| (c.to_string(), v.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("loans.outstanding", "1850679"),
            ("pricing.lending_rate_max", "18.89"),
            ("staff.managers", "3"),
            ("staff.others", "42"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    // A date where a number goes, as LibreOffice stores it.
    let ods = to_ods(&book, &|sheet, r, c| {
        (sheet == "Financier" && (r, c) == outstanding).then(|| {
            r#"<table:table-cell office:value-type="date" office:date-value="2016-03-12" calcext:value-type="date"><text:p>12/03/2016</text:p></table:table-cell>"#.into()
        })
    })?;
    let read = read_returns(&ods, &crate::template::set_of(&fw), &Limits::default());
    let raw = read.data.first().ok_or("no return read")?;
    let checked = validate_return(raw, &fw, None);
    assert_eq!(
        render(&checked.issues),
        [format!(
            "blocking Financier!D{}: item loans.outstanding: the cell holds a date (12/03/2016) where a number is expected: type the figure in a cell formatted as a number",
            outstanding.0 + 1
        )]
    );
    Ok(())
}

#[test]
fn an_ods_that_would_expand_beyond_the_limits_is_refused_before_it_is_read() -> TestResult {
    let _alone = crate::memory::alone();
    let fw = apsfd()?;
    let set = crate::template::set_of(&fw);
    for (name, table, measure) in [
        (
            "rows beyond the limit, each small",
            r#"<table:table table:name="Couverture"><table:table-row table:number-rows-repeated="300000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#.to_owned(),
            "rows",
        ),
        (
            "a million rows of a thousand filled cells",
            r#"<table:table table:name="Couverture"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#.to_owned(),
            "cells",
        ),
        (
            "a hundred thousand rows of a hundred filled cells",
            r#"<table:table table:name="Couverture"><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row></table:table>"#.to_owned(),
            "cells",
        ),
        (
            "empty rows between two filled ones",
            r#"<table:table table:name="Couverture"><table:table-row><table:table-cell table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="9000"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#.to_owned(),
            "cells",
        ),
        (
            "a cell of a hundred million spaces",
            r#"<table:table table:name="Couverture"><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="100000000"/>b</text:p></table:table-cell></table:table-row></table:table>"#.to_owned(),
            "cell_bytes",
        ),
    ] {
        let bytes = ods_archive(&ods_content(&table))?;
        assert!(bytes.len() < 10_000, "{name}: {} bytes", bytes.len());
        let (read, used) = crate::memory::peak(|| read_returns(&bytes, &set, &Limits::default()));
        let found: Vec<String> = read
            .issues
            .iter()
            .map(|i| match &i.kind {
                mizan_core::IssueKind::WorkbookTooLarge { what, .. } => what.code().to_owned(),
                other => other.code().to_owned(),
            })
            .collect();
        println!(
            ".ods bomb ({name}, {} bytes): refused ({measure}), peak {:.1} MB",
            bytes.len(),
            used as f64 / 1e6
        );
        assert_eq!(found, [measure], "{name}");
        assert!(
            used < crate::memory::REFUSAL_BUDGET,
            "{name}: {used} bytes to refuse it"
        );
    }
    Ok(())
}

/// For the comparison in docs/benchmarks.md: what calamine alone asks to open one of the bombs
/// above (100,000 rows of 100 filled cells, 826 bytes).
#[test]
#[ignore = "allocates hundreds of megabytes, for the comparison in docs/benchmarks.md"]
fn the_ods_reader_alone_on_a_bomb() -> TestResult {
    let _alone = crate::memory::alone();
    let table = r#"<table:table table:name="Couverture"><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
    let bytes = ods_archive(&ods_content(table))?;
    let (opened, used) = crate::memory::peak(|| {
        <calamine::Ods<_> as calamine::Reader<_>>::new(std::io::Cursor::new(&bytes[..])).map(|_| ())
    });
    println!(
        "calamine alone on the .ods bomb ({} bytes): {:?}, peak {:.1} MB",
        bytes.len(),
        opened.map_err(|e| e.to_string()),
        used as f64 / 1e6
    );
    Ok(())
}
