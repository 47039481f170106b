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
    // Column C deleted: the values moved from D to C, D holds the remarks.
    let filled = fill(
        &book,
        &[("Financier", "D4".into(), Put::Text("Remarque".into()))],
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
