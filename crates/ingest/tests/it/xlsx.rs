//! Test helpers that act on a workbook the way a person's spreadsheet program would: open the
//! xlsx archive, change the XML of a sheet, zip it again.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use calamine::{Data, Reader, Xlsx};
use zip::write::SimpleFileOptions;

pub type Members = Vec<(String, Vec<u8>)>;
type Error = Box<dyn std::error::Error>;

/// The members of an archive, in order.
pub fn unzip(bytes: &[u8]) -> Result<Members, Error> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive.by_index(i)?;
        let name = member.name()?.into_owned();
        let mut data = Vec::new();
        member.read_to_end(&mut data)?;
        out.push((name, data));
    }
    Ok(out)
}

/// An archive of these members, deflated.
pub fn zip(members: &Members) -> Result<Vec<u8>, Error> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(data)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The archive path of a sheet, from the workbook's sheet order (`xl/worksheets/sheetN.xml`).
pub fn sheet_path(bytes: &[u8], sheet: &str) -> Result<String, Error> {
    let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))?;
    let index = book
        .sheet_names()
        .iter()
        .position(|n| n == sheet)
        .ok_or_else(|| format!("no sheet {sheet}"))?;
    Ok(format!("xl/worksheets/sheet{}.xml", index + 1))
}

/// The row (1-based, as in `D14`) of each item code in column A of a sheet.
pub fn rows_by_code(bytes: &[u8], sheet: &str) -> Result<HashMap<String, u32>, Error> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))?;
    let range = book.worksheet_range(sheet)?;
    let mut out = HashMap::new();
    let start = range.start().unwrap_or((0, 0)).0;
    for (i, row) in range.rows().enumerate() {
        if let Some(Data::String(code)) = row.first() {
            out.insert(code.clone(), start + u32::try_from(i)? + 1);
        }
    }
    Ok(out)
}

/// What to put in a cell.
#[derive(Debug, Clone)]
pub enum Put {
    /// A number as the spreadsheet writes it in `<v>`.
    Number(String),
    /// Text typed in the cell.
    Text(String),
    /// An error value (`#DIV/0!`).
    Error(String),
    /// The computed result of the cell's existing formula.
    Result(String),
    /// An error as the computed result of the cell's existing formula (`#VALUE!`).
    ErrorResult(String),
    /// A number in a cell of the given style (an index of `cellXfs`, see [`add_style`]).
    Styled(String, u32),
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Rewrites cell `cell` (`D14`) of a sheet's XML; the cell must exist (the template writes
/// every input cell, blank, with its format).
pub fn put(xml: &str, cell: &str, what: &Put) -> Result<String, Error> {
    let open = format!("<c r=\"{cell}\"");
    let start = xml.find(&open).ok_or_else(|| format!("no cell {cell}"))?;
    let tag_end = start + xml[start..].find('>').ok_or("unclosed cell")?;
    let self_closing = xml[..tag_end].ends_with('/');
    let end = if self_closing {
        tag_end + 1
    } else {
        tag_end + xml[tag_end..].find("</c>").ok_or("unclosed cell")? + 4
    };
    let attrs_end = if self_closing { tag_end - 1 } else { tag_end };
    let attrs: String = xml[start + open.len()..attrs_end]
        .split_whitespace()
        .filter(|a| a.starts_with("s="))
        .map(|a| format!(" {a}"))
        .collect();
    let formula = xml[tag_end..end]
        .find("<f>")
        .and_then(|f| {
            let from = tag_end + f;
            xml[from..end]
                .find("</f>")
                .map(|t| &xml[from..from + t + 4])
        })
        .unwrap_or("");
    let element = match what {
        Put::Number(v) => format!("<c r=\"{cell}\"{attrs}><v>{v}</v></c>"),
        Put::Text(t) => format!(
            "<c r=\"{cell}\"{attrs} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            escape(t)
        ),
        Put::Error(e) => format!("<c r=\"{cell}\"{attrs} t=\"e\"><v>{}</v></c>", escape(e)),
        Put::Result(v) => format!("<c r=\"{cell}\"{attrs}>{formula}<v>{v}</v></c>"),
        Put::ErrorResult(e) => format!(
            "<c r=\"{cell}\"{attrs} t=\"e\">{formula}<v>{}</v></c>",
            escape(e)
        ),
        Put::Styled(v, style) => format!("<c r=\"{cell}\" s=\"{style}\"><v>{v}</v></c>"),
    };
    Ok(format!("{}{element}{}", &xml[..start], &xml[end..]))
}

/// Applies edits to the sheets of a workbook: `(sheet name, cell, what)`.
pub fn fill(bytes: &[u8], edits: &[(&str, String, Put)]) -> Result<Vec<u8>, Error> {
    let mut members = unzip(bytes)?;
    for (sheet, cell, what) in edits {
        let path = sheet_path(bytes, sheet)?;
        let member = members
            .iter_mut()
            .find(|(n, _)| *n == path)
            .ok_or_else(|| format!("no member {path}"))?;
        let xml = String::from_utf8(member.1.clone())?;
        member.1 = put(&xml, cell, what)?.into_bytes();
    }
    zip(&members)
}

/// Replaces a member's content.
pub fn replace_member(bytes: &[u8], path: &str, content: Vec<u8>) -> Result<Vec<u8>, Error> {
    let mut members = unzip(bytes)?;
    let member = members
        .iter_mut()
        .find(|(n, _)| n == path)
        .ok_or_else(|| format!("no member {path}"))?;
    member.1 = content;
    zip(&members)
}

/// A worksheet's XML with the given dimension and `<sheetData>` content.
pub fn sheet_xml(dimension: &str, sheet_data: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <dimension ref=\"{dimension}\"/><sheetData>{sheet_data}</sheetData></worksheet>"
    )
    .into_bytes()
}

/// Adds a cell style with a number format to a workbook, as a spreadsheet does when a person
/// formats a cell: a built-in format (`10` is `0.00%`) or a format code of its own (`numFmtId`
/// 200 with `code`). Returns the workbook and the new style's index.
pub fn add_style(
    bytes: &[u8],
    num_fmt_id: u32,
    code: Option<&str>,
) -> Result<(Vec<u8>, u32), Error> {
    let mut members = unzip(bytes)?;
    let member = members
        .iter_mut()
        .find(|(n, _)| n == "xl/styles.xml")
        .ok_or("no styles")?;
    let mut xml = String::from_utf8(member.1.clone())?;
    if let Some(code) = code {
        let numfmt = format!(
            "<numFmt numFmtId=\"{num_fmt_id}\" formatCode=\"{}\"/>",
            escape(code)
        );
        if let Some(end) = xml.find("</numFmts>") {
            xml.insert_str(end, &numfmt);
        } else {
            let open = xml.find("<styleSheet").ok_or("no styleSheet")?;
            let after = open + xml[open..].find('>').ok_or("unclosed styleSheet")? + 1;
            xml.insert_str(after, &format!("<numFmts count=\"1\">{numfmt}</numFmts>"));
        }
    }
    let start = xml.find("<cellXfs").ok_or("no cellXfs")?;
    let end = xml.find("</cellXfs>").ok_or("no cellXfs end")?;
    let count = xml[start..end].matches("<xf ").count();
    xml.insert_str(
        end,
        &format!(
            "<xf numFmtId=\"{num_fmt_id}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        ),
    );
    member.1 = xml.into_bytes();
    Ok((zip(&members)?, u32::try_from(count)?))
}
