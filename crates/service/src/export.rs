//! Files the platform writes: the consolidated table as CSV (the interchange format), JSON and
//! a spreadsheet laid out like the published bulletin; per-institution indicators (staff only).
//!
//! Spreadsheet values are written as numbers: the only place where exact decimals become
//! binary floating point, deliberately, after rounding for display (a spreadsheet cell has no
//! other number type). Text cells that a spreadsheet would take for a formula (`= + - @`) are
//! neutralised.

use mizan_core::{Framework, Lang};
use mizan_ratios::{ConsolidatedTable, ExportRow, Method, RowKind, display_value};

use crate::publication::{PublicExportRow, PublicTable};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, XlsxError,
};
use serde::Serialize;

use crate::bulletin::{Line, lines, row_label, row_norm};
use crate::consolidation::InstitutionIndicators;
use crate::error::{ServiceError, ServiceResult};

/// Neutralises a text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, and the
/// tab and carriage return tricks) by prefixing an apostrophe.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// CSV written in memory with the `csv` crate (fields quoted where they need it, `\n` after
/// each record).
struct CsvOut(csv::Writer<Vec<u8>>);

fn csv_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Write {
        what: "CSV",
        message: e.to_string(),
    }
}

impl CsvOut {
    fn new(header: &[&str]) -> ServiceResult<Self> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(header).map_err(csv_err)?;
        Ok(Self(w))
    }

    fn row<S: AsRef<[u8]>>(&mut self, fields: impl IntoIterator<Item = S>) -> ServiceResult<()> {
        self.0.write_record(fields).map_err(csv_err)
    }

    fn finish(self) -> ServiceResult<Vec<u8>> {
        self.0.into_inner().map_err(csv_err)
    }
}

/// The interchange CSV of a table (`period,indicator,group,value,n,n_compliant`): exact
/// decimals, not rounded.
pub fn consolidated_csv(rows: &[ExportRow]) -> ServiceResult<Vec<u8>> {
    let mut out = CsvOut::new(&ExportRow::HEADER)?;
    for row in rows {
        out.row(row.fields())?;
    }
    out.finish()
}

#[derive(Serialize)]
struct JsonTable<'a> {
    framework: &'a str,
    framework_version: &'a str,
    period: String,
    method: &'static str,
    rows: &'a [ExportRow],
}

/// The same rows as JSON, with the table's framework and method.
pub fn consolidated_json(
    table: &ConsolidatedTable,
    method: Method,
    rows: &[ExportRow],
) -> ServiceResult<Vec<u8>> {
    serde_json::to_vec_pretty(&JsonTable {
        framework: &table.framework,
        framework_version: &table.framework_version,
        period: table.period.to_string(),
        method: method.code(),
        rows,
    })
    .map_err(|e| ServiceError::Write {
        what: "JSON",
        message: e.to_string(),
    })
}

pub(crate) fn xlsx_err(e: XlsxError) -> ServiceError {
    ServiceError::Write {
        what: "spreadsheet",
        message: e.to_string(),
    }
}

/// A workbook whose creation date is `at` (the table's publication), so that the same table
/// gives the same bytes; its author is Mizan.
pub(crate) fn dated_workbook(
    at: chrono::NaiveDateTime,
    title: Option<&str>,
) -> ServiceResult<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_timestamp(at.and_utc().timestamp()).map_err(xlsx_err)?;
    let mut properties = DocProperties::new()
        .set_creation_datetime(&created)
        .set_author("Mizan");
    if let Some(t) = title {
        properties = properties.set_title(t);
    }
    wb.set_properties(&properties);
    Ok(wb)
}

/// The cell formats both bulletin workbooks share (the colours of the association's table).
pub(crate) struct TableFormats {
    pub(crate) title: Format,
    pub(crate) head: Format,
    pub(crate) section: Format,
    pub(crate) heading: Format,
    pub(crate) text: Format,
}

impl TableFormats {
    pub(crate) fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(13),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin)
                .set_background_color("#DCE6F1"),
            section: Format::new()
                .set_bold()
                .set_background_color("#B8CCE4")
                .set_border(FormatBorder::Thin),
            heading: Format::new().set_bold().set_border(FormatBorder::Thin),
            text: Format::new().set_text_wrap().set_border(FormatBorder::Thin),
        }
    }
}

/// The public CSV of a published table for `method`:
/// `period,indicator,group,value,n,n_compliant,suppressed` (figures at public precision, as
/// the bulletin shows them, in the row's unit; a suppressed cell has an empty value and
/// `suppressed` = `true`).
pub fn public_csv(table: &PublicTable, method: Method) -> ServiceResult<Vec<u8>> {
    let mut out = CsvOut::new(&PublicExportRow::HEADER)?;
    for row in table.export_rows(method) {
        out.row(row.fields())?;
    }
    out.finish()
}

#[derive(Serialize)]
struct PublicJson<'a> {
    framework: &'a str,
    framework_version: &'a str,
    period: String,
    revision: i32,
    published_at: String,
    note: Option<&'a str>,
    method: &'static str,
    /// The columns of a country (`BF`, `BF.sa`) with their country and peer group; absent for a
    /// one-country framework (whose JSON is as before).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    countries: Vec<&'a crate::publication::PublicGroup>,
    rows: Vec<PublicExportRow>,
}

/// The public JSON of a published table for `method`.
pub fn public_json(table: &PublicTable, method: Method) -> ServiceResult<Vec<u8>> {
    serde_json::to_vec_pretty(&PublicJson {
        framework: &table.framework,
        framework_version: &table.framework_version,
        period: table.period.to_string(),
        revision: table.revision,
        published_at: table.published_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        note: table.note.as_deref(),
        method: method.code(),
        countries: table
            .groups
            .iter()
            .filter(|g| g.country.is_some())
            .collect(),
        rows: table.export_rows(method),
    })
    .map_err(|e| ServiceError::Write {
        what: "JSON",
        message: e.to_string(),
    })
}

/// A spreadsheet laid out like the published bulletin, in the reader's language `lang` (the
/// framework's labels and every fixed text; an Arabic sheet reads from the right): sections,
/// headings, the norms column, one column per peer group and the sector, figures rounded as
/// published (number formats are the reader's locale), `S/O` (`n/a`, `لا ينطبق`) where no
/// institution reported, suppressed cells empty with a note, and a note on each cell with its
/// n and, where the row has a norm and someone could be judged against it, how many meet it.
pub fn table_xlsx(
    fw: &Framework,
    table: &PublicTable,
    method: Method,
    texts: &TableTexts<'_>,
) -> ServiceResult<Vec<u8>> {
    let lang = texts.lang;
    let mut wb = dated_workbook(table.published_at, None)?;
    let ws = wb.add_worksheet();
    ws.set_name(table.period.to_string()).map_err(xlsx_err)?;
    let TableFormats {
        title,
        head,
        section,
        heading,
        text,
    } = TableFormats::new();
    let num_fmt = |decimals: u32| {
        let f = if decimals == 0 {
            "#,##0".to_owned()
        } else {
            format!("#,##0.{}", "0".repeat(decimals as usize))
        };
        Format::new()
            .set_num_format(f)
            .set_border(FormatBorder::Thin)
    };
    let so = Format::new()
        .set_align(FormatAlign::Right)
        .set_border(FormatBorder::Thin);

    let heading_title = format!(
        "{} — {} ({})",
        fw.label.get(lang),
        table.period,
        texts.method
    );
    ws.write_string_with_format(0, 0, neutralise(&heading_title), &title)
        .map_err(xlsx_err)?;
    ws.write_string_with_format(2, 0, &texts.number, &head)
        .map_err(xlsx_err)?;
    ws.write_string_with_format(2, 1, "", &head)
        .map_err(xlsx_err)?;
    ws.write_string_with_format(2, 2, &texts.norms, &head)
        .map_err(xlsx_err)?;
    for (i, g) in table.groups.iter().enumerate() {
        let label = fw.peer_group(&g.code).map_or_else(
            || fw.sector_label.get(lang).to_owned(),
            |p| p.label.get(lang).to_owned(),
        );
        ws.write_string_with_format(2, col(3 + i), neutralise(&label), &head)
            .map_err(xlsx_err)?;
    }
    ws.set_column_width(0, 6).map_err(xlsx_err)?;
    ws.set_column_width(1, 60).map_err(xlsx_err)?;
    ws.set_column_width(2, 26).map_err(xlsx_err)?;
    for i in 0..table.groups.len() {
        ws.set_column_width(col(3 + i), 18).map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(3, 2).map_err(xlsx_err)?;
    for (r, line) in (3_u32..).zip(lines(fw, table)) {
        match line {
            Line::Section(s) => {
                ws.merge_range(
                    r,
                    0,
                    r,
                    col(2 + table.groups.len()),
                    &neutralise(&format!("{}. {}", s.number, s.label.get(lang))),
                    &section,
                )
                .map_err(xlsx_err)?;
            }
            Line::Heading(h) => {
                ws.write_string_with_format(r, 0, &h.number, &heading)
                    .map_err(xlsx_err)?;
                ws.merge_range(
                    r,
                    1,
                    r,
                    col(2 + table.groups.len()),
                    &neutralise(h.label.get(lang)),
                    &heading,
                )
                .map_err(xlsx_err)?;
            }
            Line::Row { indicator, row } => {
                let number = if row.kind == RowKind::Indicator {
                    indicator.number.clone().unwrap_or_default()
                } else {
                    String::new()
                };
                ws.write_string_with_format(r, 0, &number, &text)
                    .map_err(xlsx_err)?;
                ws.write_string_with_format(
                    r,
                    1,
                    neutralise(&row_label(indicator, row, lang)),
                    &text,
                )
                .map_err(xlsx_err)?;
                ws.write_string_with_format(
                    r,
                    2,
                    neutralise(&row_norm(indicator, row, lang)),
                    &text,
                )
                .map_err(xlsx_err)?;
                for (i, cell) in row.cells.iter().enumerate() {
                    let figure = cell.figure(method);
                    let c = col(3 + i);
                    if figure.suppressed {
                        ws.write_string_with_format(r, c, "", &so)
                            .map_err(xlsx_err)?;
                        ws.insert_note(r, c, &Note::new(&texts.suppressed).set_author("Mizan"))
                            .map_err(xlsx_err)?;
                        continue;
                    }
                    match figure.value.filter(|_| figure.n > 0) {
                        Some(v) => {
                            let shown = display_value(row.display, v);
                            let number = shown.to_f64().ok_or_else(|| ServiceError::Write {
                                what: "spreadsheet",
                                message: format!("{} is not representable", shown),
                            })?;
                            ws.write_number_with_format(
                                r,
                                c,
                                number,
                                &num_fmt(row.display.decimals()),
                            )
                            .map_err(xlsx_err)?;
                        }
                        None => {
                            ws.write_string_with_format(r, c, &texts.not_applicable, &so)
                                .map_err(xlsx_err)?;
                        }
                    }
                    let note = (texts.cell_note)(figure.n, cell.n_compliant);
                    ws.insert_note(r, c, &Note::new(note).set_author("Mizan"))
                        .map_err(xlsx_err)?;
                }
            }
        }
    }
    // Arabic reads from the right: the sheet too (column A on the right).
    ws.set_right_to_left(lang == Lang::Ar);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    wb.save_to_buffer().map_err(xlsx_err)
}

/// A column number as the spreadsheet writer takes it.
pub(crate) fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// The fixed texts of the bulletin workbook in the reader's language, given by the caller (the
/// web and the command line take them from their translations; the framework's labels come
/// from the framework).
pub struct TableTexts<'a> {
    /// The reader's language (the framework's labels, right to left in Arabic).
    pub lang: Lang,
    /// The method of the figures, in words.
    pub method: String,
    /// Heading of the numbers column (`N°`).
    pub number: String,
    /// Heading of the norms column (`Normes`).
    pub norms: String,
    /// A figure no institution is behind (`S/O`).
    pub not_applicable: String,
    /// The note of a withheld figure.
    pub suppressed: String,
    /// The note on a figure: its n, and how many meet the norm where the row has one and
    /// someone could be judged against it.
    pub cell_note: Box<dyn Fn(usize, Option<usize>) -> String + 'a>,
}

impl std::fmt::Debug for TableTexts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableTexts")
            .field("lang", &self.lang)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// Every reporting institution's indicators as CSV (staff only; never public):
/// `period,institution,name,group,indicator,value,numerator,denominator,norm,compliance`.
pub fn institutions_csv(
    period: mizan_core::Period,
    list: &[InstitutionIndicators],
) -> ServiceResult<Vec<u8>> {
    let header = [
        "period",
        "institution",
        "name",
        "group",
        "indicator",
        "value",
        "numerator",
        "denominator",
        "norm",
        "compliance",
    ];
    let mut out = CsvOut::new(&header)?;
    for inst in list {
        for v in &inst.indicators {
            let norm = v.norm.as_ref().map(ToString::to_string).unwrap_or_default();
            let compliance = match v.compliance {
                Some(mizan_core::framework::Compliance::Meets) => "meets",
                Some(mizan_core::framework::Compliance::Fails) => "fails",
                Some(mizan_core::framework::Compliance::Unknown) => "unknown",
                None => "",
            };
            out.row([
                period.to_string(),
                inst.code.to_string(),
                neutralise(&inst.name),
                inst.group.clone().unwrap_or_default(),
                v.indicator.to_string(),
                v.eval
                    .value
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_default(),
                v.eval
                    .numerator
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_default(),
                v.eval
                    .denominator
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_default(),
                norm,
                compliance.to_owned(),
            ])?;
        }
    }
    out.finish()
}
