//! A published bulletin as its reader sees it, in one language — every text already written
//! (by the caller, from its translations), every figure with its value as shown — and the
//! files written from it: the bulletin workbook and the spreadsheet CSV.
//!
//! The web builds one [`BulletinSheet`] per request and lays out from it the bulletin page,
//! the workbook ([`bulletin_xlsx`]) and the spreadsheet CSV ([`sheet_csv`]): the three read the
//! same texts and figures and cannot drift apart. This crate words nothing of it.
//!
//! Figures stay exact decimals ([`SheetCell::figure`], rounded as the page shows them); the
//! workbook turns each into a binary number once, as it writes the cell (a spreadsheet has no
//! other number type). A percentage is written as the fraction it stands for (`4.41` % is the
//! number `0.0441`, the division done in decimals) with the format `0.00%`.

use chrono::NaiveDateTime;
use mizan_core::framework::DisplayKind;
use mizan_core::{Decimal, Lang};
use mizan_ratios::RowKind;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Worksheet};

use crate::error::{ServiceError, ServiceResult};
use crate::export::{TableFormats, col, dated_workbook, neutralise, xlsx_err};

/// A bulletin in one language, ready to be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulletinSheet {
    /// The reader's language (right to left in Arabic).
    pub lang: Lang,
    /// The page's heading, with the quarter in words.
    pub title: String,
    /// The quarter in words (`T4 2025`).
    pub period: String,
    /// When and which revision (`Publié le … (révision 2)`).
    pub published: String,
    /// The method of the figures, in words.
    pub method: String,
    /// The revision's note with its label, if any.
    pub revision_note: Option<String>,
    /// Column headings.
    pub headers: SheetHeaders,
    /// The figure columns: peer groups, then the sector.
    pub columns: Vec<SheetColumn>,
    /// Sections in bulletin order.
    pub sections: Vec<SheetSection>,
    /// The notes the rows refer to, numbered in order.
    pub notes: Vec<SheetNote>,
    /// The legend (n, compliance count, not applicable, the withheld symbol).
    pub legend: Vec<String>,
    /// Introduction of the list of reporting institutions.
    pub groups_intro: String,
    /// Who reported, per group, in order of reception.
    pub groups: Vec<SheetGroup>,
    /// The symbol of a withheld figure (`c`).
    pub suppressed_symbol: String,
    /// What the symbol means.
    pub suppressed_title: String,
    /// The name of the workbook's sheet of reporting institutions.
    pub reporting_sheet: String,
    /// When the bulletin was published (the workbook's date: same bulletin, same bytes).
    pub published_at: NaiveDateTime,
}

/// The column headings of a bulletin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetHeaders {
    /// `N°`.
    pub number: String,
    /// `Indicateur`.
    pub indicator: String,
    /// `Normes`.
    pub norms: String,
    /// `Catégorie` (a figure's column, in the CSV).
    pub group: String,
    /// `Valeur`.
    pub value: String,
    /// `Unité`.
    pub unit: String,
    /// `n`.
    pub n: String,
    /// `Conformes`.
    pub compliant: String,
    /// `Remarque`.
    pub remark: String,
}

/// A figure column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetColumn {
    /// `sa`, `mutual`, …, `sector`.
    pub code: String,
    /// Its label.
    pub label: String,
}

/// A section (`I. Indicateurs financiers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSection {
    /// `I`.
    pub number: String,
    /// Title.
    pub label: String,
    /// Whether a row of it has a norm.
    pub has_norms: bool,
    /// Headings and rows.
    pub lines: Vec<SheetLine>,
}

/// A heading or a row of figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    /// The row's kind; `None` for a heading.
    pub kind: Option<RowKind>,
    /// The row's export code (`fin.par30`); empty for a heading.
    pub code: String,
    /// `1.1`.
    pub number: String,
    /// Label.
    pub label: String,
    /// The norm in words.
    pub norm: String,
    /// The number of the row's note.
    pub note: Option<usize>,
    /// How the figures are shown (a heading: [`DisplayKind::Integer`]).
    pub display: DisplayKind,
    /// The figures' unit in words (`%`, `milliers`; empty for a count).
    pub unit: String,
    /// One cell per column.
    pub cells: Vec<SheetCell>,
}

impl SheetLine {
    /// Whether it is a heading (no figures).
    pub fn is_heading(&self) -> bool {
        self.kind.is_none()
    }
}

/// A figure with its n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCell {
    /// The figure as shown, in the row's display unit (`4.41` for 4,41 %, `19570` for
    /// 19 570 thousands); `None` when withheld or when nobody reported.
    pub figure: Option<Decimal>,
    /// The figure as the page writes it (`4,41 %`), the not-applicable mark, or empty when
    /// withheld.
    pub text: String,
    /// Withheld by disclosure control.
    pub suppressed: bool,
    /// Institutions behind it.
    pub n: usize,
    /// `n = 10`.
    pub n_text: String,
    /// Institutions meeting their norm, where the page shows it.
    pub compliant: Option<usize>,
    /// `3 conforme(s)`.
    pub compliant_text: Option<String>,
}

/// A numbered note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetNote {
    /// Number.
    pub number: usize,
    /// Text.
    pub text: String,
}

/// Who reported in a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetGroup {
    /// `Au niveau des Sociétés anonymes (10 reçus / 11 attendus) :`.
    pub title: String,
    /// Names in order of reception.
    pub names: Vec<String>,
}

/// A sheet's name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// Columns per group in the workbook: figure, n, compliance count.
const PER_GROUP: usize = 3;
/// The workbook's first row of figures (after the title lines and two header rows).
const FIRST_ROW: u32 = 5;

/// The value written in a figure cell and its number format: a percentage as its fraction
/// (the decimal division is exact: `4.41 / 100 = 0.0441`), other figures as shown.
fn cell_number(display: DisplayKind, figure: Decimal) -> ServiceResult<(f64, &'static str)> {
    let (value, format) = match display {
        DisplayKind::Percent | DisplayKind::Rate => (figure / Decimal::ONE_HUNDRED, "0.00%"),
        DisplayKind::Integer | DisplayKind::Thousands => (figure, "#,##0"),
    };
    let number = value.to_f64().ok_or_else(|| ServiceError::Write {
        what: "spreadsheet",
        message: format!("{figure} is not representable"),
    })?;
    Ok((number, format))
}

/// The bulletin workbook: on its first sheet the title and quarter in words, the method, the
/// table as the page shows it — sections, headings, norms, and for each group three columns:
/// the figure (a number formatted as the page: percentages as `0.00%`, amounts and counts
/// with thousands separators), its n and, where the page shows one, how many meet the norm;
/// a withheld figure is the page's symbol, with a note —, then the notes and the legend; on a
/// second sheet the reporting institutions by group, in order of reception. Printable on A4
/// landscape (one page wide, the header rows repeated); right to left in Arabic.
pub fn bulletin_xlsx(sheet: &BulletinSheet) -> ServiceResult<Vec<u8>> {
    let mut wb = dated_workbook(sheet.published_at, Some(&sheet.title))?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&sheet.period)).map_err(xlsx_err)?;
    write_table(ws, sheet)?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&sheet.reporting_sheet))
        .map_err(xlsx_err)?;
    write_reporting(ws, sheet)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

fn page_setup(ws: &mut Worksheet, lang: Lang) {
    ws.set_right_to_left(lang == Lang::Ar);
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
}

fn write_table(ws: &mut Worksheet, sheet: &BulletinSheet) -> ServiceResult<()> {
    let groups = sheet.columns.len();
    let last = col(2 + PER_GROUP * groups);
    let TableFormats {
        title,
        head,
        section,
        heading,
        text,
    } = TableFormats::new();
    let head = head.set_align(FormatAlign::VerticalCenter);
    let mark = Format::new()
        .set_align(FormatAlign::Right)
        .set_border(FormatBorder::Thin);
    let count = Format::new()
        .set_num_format("#,##0")
        .set_font_color("#595959")
        .set_border(FormatBorder::Thin);
    let number = |format: &str| {
        Format::new()
            .set_num_format(format)
            .set_border(FormatBorder::Thin)
    };

    ws.write_string_with_format(0, 0, neutralise(&sheet.title), &title)
        .map_err(xlsx_err)?;
    ws.write_string(
        1,
        0,
        neutralise(&format!("{} — {}", sheet.published, sheet.method)),
    )
    .map_err(xlsx_err)?;
    if let Some(note) = &sheet.revision_note {
        ws.write_string(2, 0, neutralise(note)).map_err(xlsx_err)?;
    }
    // Two header rows: the group over its three columns, then the quarter, n and the count.
    let h = &sheet.headers;
    for (c, label) in [(0, &h.number), (1, &h.indicator), (2, &h.norms)] {
        ws.merge_range(3, c, 4, c, &neutralise(label), &head)
            .map_err(xlsx_err)?;
    }
    for (i, g) in sheet.columns.iter().enumerate() {
        let first = col(3 + PER_GROUP * i);
        ws.merge_range(3, first, 3, first + 2, &neutralise(&g.label), &head)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(4, first, neutralise(&sheet.period), &head)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(4, first + 1, neutralise(&h.n), &head)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(4, first + 2, neutralise(&h.compliant), &head)
            .map_err(xlsx_err)?;
        ws.set_column_width(first, 13).map_err(xlsx_err)?;
        ws.set_column_width(first + 1, 6).map_err(xlsx_err)?;
        ws.set_column_width(first + 2, 10).map_err(xlsx_err)?;
    }
    ws.set_column_width(0, 6).map_err(xlsx_err)?;
    ws.set_column_width(1, 55).map_err(xlsx_err)?;
    ws.set_column_width(2, 22).map_err(xlsx_err)?;
    ws.set_freeze_panes(FIRST_ROW, 2).map_err(xlsx_err)?;
    ws.set_repeat_rows(3, 4).map_err(xlsx_err)?;

    let mut r = FIRST_ROW;
    for s in &sheet.sections {
        ws.merge_range(
            r,
            0,
            r,
            last,
            &neutralise(&format!("{}. {}", s.number, s.label)),
            &section,
        )
        .map_err(xlsx_err)?;
        r += 1;
        for line in &s.lines {
            if line.is_heading() {
                ws.write_string_with_format(r, 0, &line.number, &heading)
                    .map_err(xlsx_err)?;
                ws.merge_range(r, 1, r, last, &neutralise(&line.label), &heading)
                    .map_err(xlsx_err)?;
                r += 1;
                continue;
            }
            let label = match line.note {
                Some(n) => format!("{} [{n}]", line.label),
                None => line.label.clone(),
            };
            ws.write_string_with_format(r, 0, &line.number, &text)
                .map_err(xlsx_err)?;
            ws.write_string_with_format(r, 1, neutralise(&label), &text)
                .map_err(xlsx_err)?;
            ws.write_string_with_format(r, 2, neutralise(&line.norm), &text)
                .map_err(xlsx_err)?;
            for (i, cell) in line.cells.iter().enumerate() {
                let c = col(3 + PER_GROUP * i);
                if cell.suppressed {
                    ws.write_string_with_format(r, c, &sheet.suppressed_symbol, &mark)
                        .map_err(xlsx_err)?;
                    ws.insert_note(
                        r,
                        c,
                        &Note::new(&sheet.suppressed_title).set_author("Mizan"),
                    )
                    .map_err(xlsx_err)?;
                } else if let Some(figure) = cell.figure {
                    let (value, format) = cell_number(line.display, figure)?;
                    ws.write_number_with_format(r, c, value, &number(format))
                        .map_err(xlsx_err)?;
                } else {
                    ws.write_string_with_format(r, c, neutralise(&cell.text), &mark)
                        .map_err(xlsx_err)?;
                }
                ws.write_number_with_format(r, c + 1, cell.n as f64, &count)
                    .map_err(xlsx_err)?;
                match cell.compliant {
                    Some(k) => ws.write_number_with_format(r, c + 2, k as f64, &count),
                    None => ws.write_blank(r, c + 2, &count),
                }
                .map_err(xlsx_err)?;
            }
            r += 1;
        }
    }
    r += 1;
    for n in &sheet.notes {
        ws.write_string(r, 0, neutralise(&format!("[{}] {}", n.number, n.text)))
            .map_err(xlsx_err)?;
        r += 1;
    }
    if !sheet.notes.is_empty() {
        r += 1;
    }
    for l in &sheet.legend {
        ws.write_string(r, 0, neutralise(l)).map_err(xlsx_err)?;
        r += 1;
    }
    page_setup(ws, sheet.lang);
    Ok(())
}

fn write_reporting(ws: &mut Worksheet, sheet: &BulletinSheet) -> ServiceResult<()> {
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, neutralise(&sheet.title), &bold)
        .map_err(xlsx_err)?;
    ws.write_string(1, 0, neutralise(&sheet.groups_intro))
        .map_err(xlsx_err)?;
    let mut r = 3;
    for g in &sheet.groups {
        ws.write_string_with_format(r, 0, neutralise(&g.title), &bold)
            .map_err(xlsx_err)?;
        r += 1;
        for (i, name) in g.names.iter().enumerate() {
            ws.write_number(r, 0, (i + 1) as f64).map_err(xlsx_err)?;
            ws.write_string(r, 1, neutralise(name)).map_err(xlsx_err)?;
            r += 1;
        }
        r += 1;
    }
    ws.set_column_width(0, 6).map_err(xlsx_err)?;
    ws.set_column_width(1, 60).map_err(xlsx_err)?;
    page_setup(ws, sheet.lang);
    Ok(())
}

/// How a spreadsheet of a language reads a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvDialect {
    /// The field separator.
    pub delimiter: u8,
    /// The decimal mark.
    pub decimal: char,
}

impl CsvDialect {
    /// The dialect of a language's spreadsheets. French: `;` and a decimal comma (the comma
    /// is the decimal mark, so the list separator is `;`, as French Excel and LibreOffice
    /// expect). English: `,` and a decimal point. Arabic: as French — the bulletin's Arabic
    /// follows the Maghreb (`ar-MA`, `ar-DZ`, `ar-TN`), whose spreadsheets take the decimal
    /// comma and therefore `;` between fields; the page writes Arabic figures with a decimal
    /// comma too, so the file reads as the page.
    pub fn of(lang: Lang) -> Self {
        match lang {
            Lang::Fr | Lang::Ar => Self {
                delimiter: b';',
                decimal: ',',
            },
            Lang::En => Self {
                delimiter: b',',
                decimal: '.',
            },
        }
    }

    /// A figure with this dialect's decimal mark, without digit grouping (a spreadsheet
    /// reads `1850679` and `-69,60` as numbers).
    fn figure(self, figure: Decimal) -> String {
        let text = figure.to_string();
        if self.decimal == '.' {
            text
        } else {
            text.replace('.', &self.decimal.to_string())
        }
    }
}

/// The spreadsheet CSV of a bulletin, for people: UTF-8 with a byte-order mark (so that a
/// spreadsheet reads the accents and Arabic right), the reader's separator and decimal mark
/// ([`CsvDialect::of`]), headings and labels in the reader's language, one line per row and
/// column of the bulletin: `N°, indicator, norm, group, value, unit, n, compliant, remark`.
/// The value is the figure as the page shows it, in the unit of the unit column (a percentage
/// is `5,24` with the unit `%`; an amount in thousands is the thousands), without digit
/// grouping; a withheld figure is the page's symbol with its meaning as the remark, a figure
/// nobody is behind the page's not-applicable mark.
pub fn sheet_csv(sheet: &BulletinSheet) -> ServiceResult<Vec<u8>> {
    let dialect = CsvDialect::of(sheet.lang);
    let err = |e: csv::Error| ServiceError::Write {
        what: "CSV",
        message: e.to_string(),
    };
    let mut out = Vec::from(*b"\xEF\xBB\xBF");
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter)
            .from_writer(&mut out);
        let h = &sheet.headers;
        w.write_record([
            &h.number,
            &h.indicator,
            &h.norms,
            &h.group,
            &h.value,
            &h.unit,
            &h.n,
            &h.compliant,
            &h.remark,
        ])
        .map_err(err)?;
        for line in sheet
            .sections
            .iter()
            .flat_map(|s| &s.lines)
            .filter(|l| !l.is_heading())
        {
            for (cell, column) in line.cells.iter().zip(&sheet.columns) {
                let (value, remark) = if cell.suppressed {
                    (
                        sheet.suppressed_symbol.clone(),
                        sheet.suppressed_title.clone(),
                    )
                } else {
                    match cell.figure {
                        Some(f) => (dialect.figure(f), String::new()),
                        None => (cell.text.clone(), String::new()),
                    }
                };
                w.write_record([
                    line.number.clone(),
                    neutralise(&line.label),
                    neutralise(&line.norm),
                    neutralise(&column.label),
                    value,
                    line.unit.clone(),
                    cell.n.to_string(),
                    cell.compliant.map(|k| k.to_string()).unwrap_or_default(),
                    neutralise(&remark),
                ])
                .map_err(err)?;
            }
        }
        w.flush().map_err(|e| ServiceError::Write {
            what: "CSV",
            message: e.to_string(),
        })?;
    }
    Ok(out)
}
