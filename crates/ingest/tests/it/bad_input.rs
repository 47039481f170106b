//! Bad input of every kind: refused with the right issue, at the right place, never a panic.

use mizan_core::{Framework, InstitutionCode, IssueKind, Period};
use mizan_ingest::{
    Limits, RegistryDefaults, read_registry, read_returns, read_returns_csv, read_template,
    validate_return, write_template,
};

use crate::xlsx::{replace_member, sheet_path, sheet_xml, unzip, zip};
use crate::{TestResult, apsfd, codes, frameworks, render};

type Error = Box<dyn std::error::Error>;

/// File-level issues of the returns reader, as `code@place`.
#[track_caller]
fn returns_csv(input: &[u8], expected: &[&str]) {
    let read = read_returns_csv(input, &Limits::default());
    assert_eq!(
        codes(&read.issues),
        expected,
        "{:?}",
        String::from_utf8_lossy(input)
    );
}

/// Every issue of one return of SA01, 2016-Q1 whose lines (after the header) are `body`.
fn validated(body: &str) -> Result<Vec<String>, Error> {
    let csv = format!("institution,period,item,value\n{body}");
    let read = read_returns_csv(csv.as_bytes(), &Limits::default());
    let raw = read.data.first().ok_or("no return")?;
    Ok(render(&validate_return(raw, &apsfd()?, None).issues))
}

fn template() -> Result<(Framework, Vec<u8>), Error> {
    let fw = apsfd()?;
    let code = InstitutionCode::parse("MU03")?;
    let bytes = write_template(
        &fw,
        Period::parse("2016-Q1")?,
        Some((&code, "Mutuelle")),
        None,
        &crate::french(),
    )?;
    Ok((fw, bytes))
}

#[track_caller]
fn template_issues(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, Error> {
    let read = read_template(bytes, &frameworks()?, limits);
    Ok(codes(&read.issues))
}

#[test]
fn empty_file() -> TestResult {
    returns_csv(b"", &["empty_file@file"]);
    returns_csv(b" \r\n\n\t\n", &["empty_file@file"]);
    returns_csv(b"\xEF\xBB\xBF", &["empty_file@file"]);
    let registry = read_registry(b"", &RegistryDefaults::new("apsfd-ci"), &Limits::default());
    assert_eq!(codes(&registry.issues), ["empty_file@file"]);
    assert_eq!(
        template_issues(b"", &Limits::default())?,
        ["not_a_workbook@file"]
    );
    Ok(())
}

#[test]
fn header_only() {
    returns_csv(b"institution,period,item,value\n", &["header_only@file"]);
    returns_csv(
        b"institution;period;item;value\r\n\r\n;;;\r\n",
        &["header_only@file"],
    );
    let registry = read_registry(
        b"code,name,legal_form,structure,network_affiliated,collects_deposits",
        &RegistryDefaults::new("apsfd-ci"),
        &Limits::default(),
    );
    assert_eq!(codes(&registry.issues), ["header_only@file"]);
}

#[test]
fn wrong_columns() {
    returns_csv(
        b"institution,period,item\nSA01,2016-Q1,a\n",
        &["missing_columns@line 1"],
    );
    returns_csv(
        b"institution,period,code,amount\nSA01,2016-Q1,a,1\n",
        &[
            "missing_columns@line 1",
            "unknown_column@line 1, column code",
            "unknown_column@line 1, column amount",
        ],
    );
    returns_csv(
        b"institution,period,item,value,item\nSA01,2016-Q1,a,1,b\n",
        &["duplicate_column@line 1, column item"],
    );
    let read = read_returns_csv(
        b"institution,period,item\nSA01,2016-Q1,a\n",
        &Limits::default(),
    );
    assert_eq!(
        read.issues.first().map(|i| i.kind.clone()),
        Some(IssueKind::MissingColumns {
            missing: vec!["value".into()],
            found: vec!["institution".into(), "period".into(), "item".into()],
        })
    );
    // A registry sent as returns, and the other way round.
    returns_csv(
        b"code,name,legal_form,structure,network_affiliated,collects_deposits\nMU01,M,mutual,savings_credit,true,true\n",
        &[
            "missing_columns@line 1",
            "unknown_column@line 1, column code",
            "unknown_column@line 1, column name",
            "unknown_column@line 1, column legal_form",
            "unknown_column@line 1, column structure",
            "unknown_column@line 1, column network_affiliated",
            "unknown_column@line 1, column collects_deposits",
        ],
    );
    let registry = read_registry(
        b"institution,period,item,value\nSA01,2016-Q1,a,1\n",
        &RegistryDefaults::new("apsfd-ci"),
        &Limits::default(),
    );
    assert!(registry.is_blocked());
    assert!(registry.data.is_empty());
}

#[test]
fn wrong_number_of_fields() -> TestResult {
    let read = read_returns_csv(
        b"institution,period,item,value\nSA01,2016-Q1,loans.par30,1,5\nSA01,2016-Q1,loans.par90\n",
        &Limits::default(),
    );
    let raw = read.data.first().ok_or("no return")?;
    assert_eq!(
        render(&raw.issues),
        [
            "blocking line 2: item loans.par30: 5 field(s) where the header has 4",
            "blocking line 3: item loans.par90: 3 field(s) where the header has 4",
        ]
    );
    Ok(())
}

#[test]
fn not_utf8() {
    // Latin-1 "Crédit" on line 3.
    returns_csv(
        b"institution,period,item,value\nSA01,2016-Q1,a,1\nSA02,2016-Q1,Cr\xE9dit,1\n",
        &["not_utf8@line 3"],
    );
    // UTF-16 with its byte-order mark, as "Unicode text" exports are.
    returns_csv(b"\xFF\xFEi\x00n\x00", &["not_utf8@line 1"]);
    // A workbook sent as CSV.
    returns_csv(b"PK\x03\x04\x14\x00\x00\x00", &["not_utf8@file"]);
    // Binary.
    returns_csv(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        &["unknown_format@file"],
    );
}

#[test]
fn a_text_in_a_number() -> TestResult {
    assert_eq!(
        validated("SA01,2016-Q1,loans.par30,douze\n")?,
        ["blocking line 2, column value: item loans.par30: value \"douze\" is not a number"]
    );
    Ok(())
}

#[test]
fn ambiguous_thousands_and_decimals() -> TestResult {
    let ambiguous = |line: u32, value: &str| {
        format!(
            "blocking line {line}, column value: item loans.par30: value \"{value}\" is ambiguous \
             (decimal mark or thousands separator?); write it without thousands separators, \
             with the file's decimal mark"
        )
    };
    assert_eq!(
        validated("SA01,2016-Q1,loans.par30,\"1,234.56\"\n")?,
        [ambiguous(2, "1,234.56")]
    );
    let french = "institution;period;item;value\nSA01;2016-Q1;loans.par30;1.234,56\n";
    let read = read_returns_csv(french.as_bytes(), &Limits::default());
    let raw = read.data.first().ok_or("no return")?;
    assert_eq!(
        render(&validate_return(raw, &apsfd()?, None).issues),
        [ambiguous(2, "1.234,56")]
    );
    Ok(())
}

#[test]
fn negative_and_fractional_counts() -> TestResult {
    assert_eq!(
        validated("SA01,2016-Q1,staff.loan_officers,-3\nSA01,2016-Q1,borrowers.active,790.5\n")?,
        [
            "blocking line 2, column value: item staff.loan_officers: a count cannot be negative (found -3)",
            "blocking line 3, column value: item borrowers.active: a count must be a whole number (found 790.5)",
        ]
    );
    Ok(())
}

#[test]
fn duplicated_and_unknown_items() -> TestResult {
    assert_eq!(
        validated(
            "SA01,2016-Q1,loans.par30,1\nSA01,2016-Q1,loans.par30,1\nSA01,2016-Q1,loans.par365,1\n"
        )?,
        [
            "blocking line 3, column item: item loans.par30: the item is given twice in this return (first at line 2, column item)",
            "blocking line 4, column item: item loans.par365: item \"loans.par365\" is not part of the framework",
        ]
    );
    Ok(())
}

#[test]
fn a_total_that_disagrees_with_its_parts() -> TestResult {
    assert_eq!(
        validated(
            "SA01,2016-Q1,depositors.persons.men,10\nSA01,2016-Q1,depositors.persons.women,20\n\
             SA01,2016-Q1,depositors.legal_entities,5\nSA01,2016-Q1,depositors.total,36\n"
        )?,
        [
            "blocking line 5, column value: item depositors.total: the total 36 differs from the sum of its parts 35 (depositors.persons + depositors.legal_entities)"
        ]
    );
    Ok(())
}

#[test]
fn truncated_workbook() -> TestResult {
    let (_, bytes) = template()?;
    for len in [bytes.len() / 2, bytes.len() - 10, 100, 4] {
        let truncated = bytes.get(..len).ok_or("short")?;
        assert_eq!(
            template_issues(truncated, &Limits::default())?,
            ["not_a_workbook@file"],
            "{len} bytes"
        );
    }
    Ok(())
}

#[test]
fn not_a_workbook_named_xlsx() -> TestResult {
    for bytes in [
        &b"institution,period,item,value\nSA01,2016-Q1,a,1\n"[..],
        &b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"[..],
        &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..], // an old .xls or a password-protected workbook
    ] {
        assert_eq!(
            template_issues(bytes, &Limits::default())?,
            ["not_a_workbook@file"]
        );
    }
    // A zip archive that is not a workbook.
    let archive = zip(&vec![("notes.txt".to_owned(), b"hello".to_vec())])?;
    let read = read_template(&archive, &frameworks()?, &Limits::default());
    assert_eq!(
        render(&read.issues),
        [
            "blocking file: the file is not a readable Excel workbook (.xlsx): the archive has no xl/workbook.xml: it is not an Excel workbook"
        ]
    );
    // The dispatcher says what it is.
    let read = read_returns(
        b"\x89PNG\r\n\x1a\n\x00\x00",
        &frameworks()?,
        &Limits::default(),
    );
    assert_eq!(codes(&read.issues), ["unknown_format@file"]);
    Ok(())
}

#[test]
fn workbook_without_the_template_sheets() -> TestResult {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Feuil1")?
        .write_string(0, 0, "Bonjour")?;
    let bytes = book.save_to_buffer()?;
    let read = read_template(&bytes, &frameworks()?, &Limits::default());
    assert_eq!(
        read.issues.first().map(|i| i.kind.clone()),
        Some(IssueKind::NotATemplate {
            missing_sheets: vec![
                "Couverture".into(),
                "Financier".into(),
                "Non financier".into(),
                "Prudentiel".into()
            ]
        })
    );
    // The template with one sheet renamed.
    let (_, template) = template()?;
    let members = unzip(&template)?;
    let workbook = members
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .map(|(_, d)| {
            String::from_utf8_lossy(d).replace("name=\"Prudentiel\"", "name=\"Prudential\"")
        })
        .ok_or("no workbook.xml")?;
    let renamed = replace_member(&template, "xl/workbook.xml", workbook.into_bytes())?;
    let read = read_template(&renamed, &frameworks()?, &Limits::default());
    assert_eq!(
        render(&read.issues),
        [
            "blocking file: the workbook is not the return template: sheet(s) Prudentiel missing; download the template and fill it in"
        ]
    );
    Ok(())
}

#[test]
fn file_over_the_size_limit() -> TestResult {
    let small = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    let csv = format!(
        "institution,period,item,value\n{}",
        "SA01,2016-Q1,a,1\n".repeat(100)
    );
    let read = read_returns_csv(csv.as_bytes(), &small);
    assert_eq!(
        read.issues.first().map(|i| i.kind.clone()),
        Some(IssueKind::FileTooLarge {
            size: 1730,
            limit: 1000
        })
    );
    assert!(read.data.is_empty());
    let registry = read_registry(csv.as_bytes(), &RegistryDefaults::new("apsfd-ci"), &small);
    assert_eq!(codes(&registry.issues), ["file_too_large@file"]);
    let (_, bytes) = template()?;
    assert_eq!(template_issues(&bytes, &small)?, ["file_too_large@file"]);
    let read = read_returns(&bytes, &frameworks()?, &small);
    assert_eq!(codes(&read.issues), ["file_too_large@file"]);
    Ok(())
}

#[test]
fn csv_beyond_the_row_or_column_limit() {
    let limits = Limits {
        max_rows: 10,
        max_columns: 5,
        ..Limits::default()
    };
    let csv = format!(
        "institution,period,item,value\n{}",
        "SA01,2016-Q1,a,1\n".repeat(11)
    );
    let read = read_returns_csv(csv.as_bytes(), &limits);
    assert_eq!(codes(&read.issues), ["too_large@line 12"]);
    assert!(read.data.is_empty());
    let wide = "institution,period,item,value,a,b\nSA01,2016-Q1,a,1,2,3\n";
    let read = read_returns_csv(wide.as_bytes(), &limits);
    assert_eq!(codes(&read.issues), ["too_large@line 1"]);
}

/// The template with its Financier sheet replaced by `xml`.
fn with_financier(xml: Vec<u8>) -> Result<Vec<u8>, Error> {
    let (_, bytes) = template()?;
    let path = sheet_path(&bytes, "Financier")?;
    replace_member(&bytes, &path, xml)
}

#[test]
fn sheet_declaring_a_huge_dimension() -> TestResult {
    let bomb = with_financier(sheet_xml(
        "A1:XFD1048576",
        "<row r=\"1\"><c r=\"A1\"/></row>",
    ))?;
    let read = read_template(&bomb, &frameworks()?, &Limits::default());
    assert_eq!(
        render(&read.issues),
        [
            "blocking file: sheet Financier declares a size at Financier!XFD1048576: the number of rows exceeds the limit of 100000; the file is refused"
        ]
    );
    Ok(())
}

#[test]
fn zip_bomb_of_rows_behind_a_small_dimension() -> TestResult {
    // 150 000 rows (positions implied, as the format allows) that compress several hundredfold,
    // behind a dimension that claims A1:D5.
    let rows = "<row><c><v>1</v></c></row>".repeat(150_000);
    let uncompressed = rows.len();
    let bomb = with_financier(sheet_xml("A1:D5", &rows))?;
    assert!(
        bomb.len() * 100 < uncompressed,
        "{} → {uncompressed}",
        bomb.len()
    );
    let read = read_template(&bomb, &frameworks()?, &Limits::default());
    assert_eq!(
        render(&read.issues),
        [
            "blocking file: sheet Financier has a cell at Financier!A100001: the number of rows exceeds the limit of 100000; the file is refused"
        ]
    );
    // A far cell alone is refused the same way, before any range is allocated.
    let far = with_financier(sheet_xml(
        "A1:D5",
        "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>",
    ))?;
    assert_eq!(
        template_issues(&far, &Limits::default())?,
        ["too_large@file"]
    );
    Ok(())
}

#[test]
fn zip_bomb_of_cells() -> TestResult {
    let limits = Limits {
        max_cells: 10_000,
        ..Limits::default()
    };
    let rows: String = (1..=200)
        .map(|r| {
            let cells: String = (0..100).map(|_| "<c><v>7</v></c>").collect();
            format!("<row r=\"{r}\">{cells}</row>")
        })
        .collect();
    let bomb = with_financier(sheet_xml("A1:CV200", &rows))?;
    let read = read_template(&bomb, &frameworks()?, &limits);
    assert_eq!(
        render(&read.issues),
        [
            "blocking file: the number of cells of sheet Financier exceeds the limit of 10000; the file is refused"
        ]
    );
    Ok(())
}

/// Sets the uncompressed size declared for member `name`, in its local header and in the
/// central directory.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) -> Result<(), Error> {
    let size = size.to_le_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= bytes.len() {
        let (sig, name_at, size_at, name_len_at) = match bytes.get(i..i + 4) {
            Some(b"PK\x01\x02") => (true, 46, 24, 28),
            Some(b"PK\x03\x04") => (true, 30, 22, 26),
            _ => (false, 0, 0, 0),
        };
        if sig {
            let len = usize::from(u16::from_le_bytes([
                bytes[i + name_len_at],
                bytes[i + name_len_at + 1],
            ]));
            if bytes.get(i + name_at..i + name_at + len) == Some(name.as_bytes()) {
                bytes[i + size_at..i + size_at + 4].copy_from_slice(&size);
                patched += 1;
            }
        }
        i += 1;
    }
    if patched == 2 {
        Ok(())
    } else {
        Err(format!("{name} patched {patched} times").into())
    }
}

#[test]
fn zip_bomb_declaring_a_huge_member() -> TestResult {
    let (_, bytes) = template()?;
    let path = sheet_path(&bytes, "Financier")?;
    let mut bomb = bytes.clone();
    declare_size(&mut bomb, &path, 300_000_000)?;
    let read = read_template(&bomb, &frameworks()?, &Limits::default());
    assert_eq!(
        render(&read.issues),
        [format!(
            "blocking file: member {path} of the archive (300000000 bytes uncompressed) exceeds the limit of 209715200; the file is refused"
        )]
    );
    Ok(())
}

#[test]
fn zip_bomb_lying_about_its_size() -> TestResult {
    // The member inflates beyond what it declares: the zip reader stops at the declared size.
    let (_, bytes) = template()?;
    let path = sheet_path(&bytes, "Financier")?;
    let mut bomb = bytes.clone();
    declare_size(&mut bomb, &path, 100)?;
    let read = read_template(&bomb, &frameworks()?, &Limits::default());
    assert!(read.is_blocked());
    assert_eq!(codes(&read.issues), ["not_a_workbook@file"]);
    Ok(())
}

#[test]
fn too_many_archive_members() -> TestResult {
    let (_, bytes) = template()?;
    let limits = Limits {
        max_zip_entries: 5,
        ..Limits::default()
    };
    assert_eq!(template_issues(&bytes, &limits)?, ["too_large@file"]);
    Ok(())
}
