//! The template saved as an OpenDocument spreadsheet (`.ods`), as LibreOffice saves it.
//!
//! calamine reads an `.ods` whole when it opens it: every sheet of `content.xml` becomes a range,
//! with repeated rows and cells (`table:number-rows-repeated`) written out one by one and
//! repeated spaces (`text:s text:c`) spelled out. A few kB of XML can so ask for billions of
//! cells. Before calamine sees the file, the archive's directory is checked (nothing inflated),
//! then `content.xml` is streamed once with a fixed buffer: the rows, columns and cells each
//! sheet would expand to, between its first and last non-empty row, and the bytes of every
//! text, are counted against the same limits as an xlsx workbook. That pass also notes what
//! calamine does not keep: which cells are percentages, dates or spreadsheet errors.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{Ods, Reader};
use mizan_core::{Issue, WorkbookMeasure};
use quick_xml::events::{BytesStart, Event};

use super::read::{CellValue, Cells, Format, SheetCell, Sheets, check_directory, not_a_workbook};
use crate::limits::Limits;
use crate::workbook::{MAX_TOKEN_BYTES, over, unreadable};

/// The `mimetype` member of an OpenDocument spreadsheet.
const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// What calamine keeps of a cell besides its text, at most: the `Data` value and the formula's
/// `String`, per cell written out.
const BYTES_PER_CELL: u64 = 64;

/// Whether a zip archive is an OpenDocument spreadsheet (its `mimetype` member says so).
pub(super) fn is_ods(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(member) = archive.by_name("mimetype") else {
        return false;
    };
    if member.size() > 256 {
        return false;
    }
    let mut text = String::new();
    member.take(256).read_to_string(&mut text).is_ok() && text.trim() == MIMETYPE
}

/// A checked OpenDocument spreadsheet and what the check noted of its cells.
pub(super) struct OdsSheets<'a> {
    book: Ods<Cursor<&'a [u8]>>,
    notes: HashMap<String, Notes>,
}

/// What calamine does not keep of a sheet's cells.
#[derive(Debug, Default)]
struct Notes {
    formats: HashMap<(u32, u32), Format>,
    errors: HashMap<(u32, u32), String>,
}

/// Checks the archive and `content.xml` within `limits`, then opens the spreadsheet.
pub(super) fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<OdsSheets<'a>, Box<Issue>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| not_a_workbook(format!("the archive is damaged or truncated ({e})")))?;
    let members = check_directory(&mut archive, limits, "spreadsheet")?;
    if !members.iter().any(|(name, _)| name == "content.xml") {
        return Err(not_a_workbook(
            "the OpenDocument archive has no content.xml: it is not a spreadsheet",
        ));
    }
    // calamine reads content.xml whole, and the scan below holds one token at a time: its
    // declared size bounds both (the zip reader inflates no more than it declares).
    if members.iter().any(|(name, size)| {
        name.to_ascii_lowercase().ends_with(".xml") && *size > limits.max_part_bytes
    }) {
        return Err(over(WorkbookMeasure::PartBytes, limits.max_part_bytes));
    }
    let content = archive
        .by_name("content.xml")
        .map_err(|e| unreadable("content.xml", e))?;
    let notes = scan(BufReader::new(content), limits)?;
    let book = Ods::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(e.to_string()))?;
    Ok(OdsSheets { book, notes })
}

impl Sheets for OdsSheets<'_> {
    fn names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    fn cells(
        &mut self,
        sheet: &str,
        _limits: &Limits,
        keep: &dyn Fn(u32, u32) -> bool,
    ) -> Result<Cells, Box<Issue>> {
        let unreadable = |e: calamine::OdsError| not_a_workbook(format!("sheet {sheet}: {e}"));
        let values = self.book.worksheet_range(sheet).map_err(unreadable)?;
        let formulas = self.book.worksheet_formula(sheet).map_err(unreadable)?;
        let notes = self.notes.get(sheet);
        let mut cells: Cells = BTreeMap::new();
        let (r0, c0) = values.start().unwrap_or((0, 0));
        for (r, c, data) in values.used_cells() {
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                continue;
            };
            let pos = (r0 + r, c0 + c);
            if !keep(pos.0, pos.1) {
                continue;
            }
            let error = notes.and_then(|n| n.errors.get(&pos));
            cells.insert(
                pos,
                SheetCell {
                    value: match error {
                        Some(e) => CellValue::Error(e.clone()),
                        None => CellValue::from_data(data),
                    },
                    formula: false,
                    format: notes.and_then(|n| n.formats.get(&pos)).cloned(),
                },
            );
        }
        let (f0, g0) = formulas.start().unwrap_or((0, 0));
        for (r, c, formula) in formulas.used_cells() {
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                continue;
            };
            let pos = (f0 + r, g0 + c);
            if formula.is_empty() || !keep(pos.0, pos.1) {
                continue;
            }
            cells
                .entry(pos)
                .or_insert_with(|| SheetCell {
                    value: CellValue::Empty,
                    formula: true,
                    format: None,
                })
                .formula = true;
        }
        Ok(cells)
    }
}

/// The state of one sheet while `content.xml` streams by.
#[derive(Debug, Default)]
struct Table {
    name: String,
    /// The next row's index, repeats counted.
    row: u64,
    first_filled: Option<u64>,
    last_filled: u64,
    width: u64,
    notes: Notes,
}

/// The cell being read.
#[derive(Debug, Default)]
struct CellState {
    col: u64,
    repeats: u64,
    filled: bool,
    text: u64,
    kind: Option<Format>,
    error: bool,
    error_text: String,
}

/// The row being read.
#[derive(Debug, Default)]
struct RowState {
    repeats: u64,
    col: u64,
    width: u64,
    bytes: u64,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, Box<Issue>> {
    for a in e.attributes() {
        let a = a.map_err(|e| unreadable("content.xml", e))?;
        if a.key.as_ref() == name {
            return Ok(Some(a.value.into_owned()));
        }
    }
    Ok(None)
}

fn repeats(e: &BytesStart<'_>, name: &str) -> Result<u64, Box<Issue>> {
    match attr(e, name)? {
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| unreadable("content.xml", format!("a repeat count \"{v}\""))),
        None => Ok(1),
    }
}

/// Streams `content.xml`, refusing a sheet that would expand beyond the limits; returns what it
/// noted of each sheet's cells.
fn scan(reader: impl BufRead, limits: &Limits) -> Result<HashMap<String, Notes>, Box<Issue>> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::with_capacity(4096);
    let mut out = HashMap::new();
    let mut table: Option<Table> = None;
    let mut row: Option<RowState> = None;
    let mut cell: Option<CellState> = None;
    // The whole file's text written out, repeats counted.
    let mut written: u64 = 0;
    let budget = limits.max_cells.saturating_mul(BYTES_PER_CELL);
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| unreadable("content.xml", e))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => {
                    table = Some(Table {
                        name: attr(&e, "table:name")?.unwrap_or_default(),
                        ..Table::default()
                    });
                }
                "table:table-row" if table.is_some() => {
                    let r = RowState {
                        repeats: repeats(&e, "table:number-rows-repeated")?,
                        ..RowState::default()
                    };
                    if empty {
                        if let Some(t) = table.as_mut() {
                            t.row = t.row.saturating_add(r.repeats);
                        }
                    } else {
                        row = Some(r);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if row.is_some() => {
                    let value_type = attr(&e, "office:value-type")?;
                    let mut c = CellState {
                        col: row.as_ref().map_or(0, |r| r.col),
                        repeats: repeats(&e, "table:number-columns-repeated")?,
                        kind: match value_type.as_deref() {
                            Some("percentage") => Some(Format::Percent),
                            Some("date") => Some(Format::Date(None)),
                            _ => None,
                        },
                        error: attr(&e, "calcext:value-type")?.as_deref() == Some("error"),
                        ..CellState::default()
                    };
                    c.filled = value_type.is_some() || attr(&e, "table:formula")?.is_some();
                    for key in [
                        "office:string-value",
                        "office:date-value",
                        "office:time-value",
                        "office:value",
                        "table:formula",
                    ] {
                        c.text = c
                            .text
                            .saturating_add(attr(&e, key)?.map_or(0, |v| v.len() as u64));
                    }
                    if empty {
                        end_cell(c, &mut row, &mut table)?;
                    } else {
                        cell = Some(c);
                    }
                }
                "text:s" => {
                    if let Some(c) = cell.as_mut() {
                        c.text = c.text.saturating_add(repeats(&e, "text:c")?);
                        c.filled = true;
                    }
                }
                _ => {}
            }
            if let Some(c) = cell.as_ref()
                && c.text > MAX_TOKEN_BYTES
            {
                return Err(over(WorkbookMeasure::CellBytes, MAX_TOKEN_BYTES));
            }
            continue;
        }
        match event {
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    let len = t.len() as u64;
                    c.text = c.text.saturating_add(len);
                    if len > 0 {
                        c.filled = true;
                    }
                    if c.error && c.error_text.len() < 32 {
                        c.error_text.push_str(&t);
                    }
                    if c.text > MAX_TOKEN_BYTES {
                        return Err(over(WorkbookMeasure::CellBytes, MAX_TOKEN_BYTES));
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(c) = cell.take() {
                        end_cell(c, &mut row, &mut table)?;
                    }
                }
                "table:table-row" => {
                    if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                        if r.width > 0 {
                            t.first_filled.get_or_insert(t.row);
                            t.last_filled = t.row.saturating_add(r.repeats - 1);
                            t.width = t.width.max(r.width);
                            written = written.saturating_add(r.repeats.saturating_mul(r.bytes));
                            if written > budget {
                                return Err(over(WorkbookMeasure::Cells, limits.max_cells));
                            }
                        }
                        t.row = t.row.saturating_add(r.repeats);
                        check_table(t, limits)?;
                    }
                }
                "table:table" => {
                    if let Some(t) = table.take() {
                        check_table(&t, limits)?;
                        out.insert(t.name, t.notes);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A cell read: it widens its row when it holds something, and its notes are kept.
fn end_cell(
    c: CellState,
    row: &mut Option<RowState>,
    table: &mut Option<Table>,
) -> Result<(), Box<Issue>> {
    let (Some(r), Some(t)) = (row.as_mut(), table.as_mut()) else {
        return Ok(());
    };
    r.col = r.col.saturating_add(c.repeats);
    if !c.filled {
        return Ok(());
    }
    r.width = r.col;
    r.bytes = r.bytes.saturating_add(
        c.repeats
            .saturating_mul(c.text.saturating_add(BYTES_PER_CELL)),
    );
    // Notes only for cells written once (a template's cells are): a repeated cell is noted at
    // its first place.
    if let (Ok(row_at), Ok(col_at)) = (u32::try_from(t.row), u32::try_from(c.col)) {
        if let Some(kind) = c.kind {
            t.notes.formats.insert((row_at, col_at), kind);
        }
        if c.error {
            t.notes
                .errors
                .insert((row_at, col_at), c.error_text.trim().to_owned());
        }
    }
    Ok(())
}

/// A sheet may not expand, between its first and last non-empty rows, beyond the limits.
fn check_table(t: &Table, limits: &Limits) -> Result<(), Box<Issue>> {
    let Some(first) = t.first_filled else {
        return Ok(());
    };
    let rows = t.last_filled.saturating_sub(first).saturating_add(1);
    if t.last_filled >= limits.max_rows {
        return Err(over(WorkbookMeasure::Rows, limits.max_rows));
    }
    if t.width > limits.max_columns {
        return Err(over(WorkbookMeasure::Columns, limits.max_columns));
    }
    if rows.saturating_mul(t.width) > limits.max_cells {
        return Err(over(WorkbookMeasure::Cells, limits.max_cells));
    }
    Ok(())
}
