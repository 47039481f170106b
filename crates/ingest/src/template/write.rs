//! Writing the Excel template of a return.

use std::collections::HashMap;

use mizan_core::framework::{CodeKind, ItemDef, ReturnSection, Unit};
use mizan_core::{Code, Framework, InstitutionCode, ItemValues, Lang, Period, Values};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::{
    CODE_COL, COVER_KEY_COL, Column, CoverField, HEADER_ROW, KEY_ROW, LABEL_COL, NOTE_COL,
    TemplateText, TemplateTexts, UNIT_COL, VALUE_COL,
};
use crate::numbers::f64_from_decimal;

/// Why a template cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The spreadsheet writer failed.
    #[error("cannot write the template of {framework}: {source}")]
    Write {
        /// The framework id.
        framework: String,
        /// The writer's error.
        source: XlsxError,
    },
    /// A value to pre-fill names an item the framework does not define.
    #[error("cannot pre-fill the template of {framework}: item {item} is not part of it")]
    UnknownItem {
        /// The framework id.
        framework: String,
        /// The item.
        item: String,
    },
    /// A value to pre-fill cannot be held exactly by a spreadsheet cell (a binary double:
    /// about 15 significant digits).
    #[error(
        "cannot pre-fill item {item} with {value}: a spreadsheet cell cannot hold it exactly \
         (more than 15 significant digits)"
    )]
    NotRepresentable {
        /// The item.
        item: String,
        /// The value.
        value: String,
    },
}

/// Upper bound of the data validation of signed amounts and rates (Excel holds 15 digits).
const ANY_DECIMAL_BOUND: f64 = 999_999_999_999_999.0;

struct Formats {
    title: Format,
    label: Format,
    header: Format,
    locked_text: Format,
    total_label: Format,
    input_text: Format,
    note: Format,
    count: Format,
    amount: Format,
    rate: Format,
    total_count: Format,
    total_amount: Format,
    total_rate: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let input = Color::RGB(0xFF_FF_FF);
        let locked_fill = Color::RGB(0xF2_F2_F2);
        let total_fill = Color::RGB(0xDD_EB_F7);
        let number = |fmt: &str| {
            Format::new()
                .set_num_format(fmt)
                .set_unlocked()
                .set_background_color(input)
                .set_border(FormatBorder::Thin)
        };
        let total = |fmt: &str| {
            Format::new()
                .set_num_format(fmt)
                .set_bold()
                .set_background_color(total_fill)
                .set_border(FormatBorder::Thin)
        };
        Self {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9_D9_D9))
                .set_border(FormatBorder::Thin),
            locked_text: Format::new()
                .set_background_color(locked_fill)
                .set_border(FormatBorder::Thin),
            total_label: Format::new()
                .set_bold()
                .set_background_color(total_fill)
                .set_border(FormatBorder::Thin),
            input_text: Format::new()
                .set_unlocked()
                .set_background_color(input)
                .set_border(FormatBorder::Thin),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x59_59_59)),
            count: number("#,##0"),
            amount: number("#,##0.00"),
            rate: number("0.00"),
            total_count: total("#,##0"),
            total_amount: total("#,##0.00"),
            total_rate: total("0.00"),
            wrap: Format::new().set_text_wrap(),
        }
    }

    fn input(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Count => &self.count,
            Unit::Amount => &self.amount,
            Unit::Rate => &self.rate,
        }
    }

    fn total(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Count => &self.total_count,
            Unit::Amount => &self.total_amount,
            Unit::Rate => &self.total_rate,
        }
    }
}

/// Where an item's value cell is.
#[derive(Debug, Clone)]
struct CellAt {
    sheet: String,
    row: u32,
}

/// How a row of the template is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// An input cell, unlocked and validated.
    Input,
    /// A total computed by a formula over its parts' cells.
    Formula,
}

/// Writes the Excel template of `framework` for `period` in the language of `texts`.
///
/// The workbook has a cover sheet (named [`TemplateText::CoverSheet`]) with the framework id and
/// version, the period, the institution's code and name (left as unlocked input cells when
/// `institution` is `None`), each field's key in a hidden column, and the instructions; then one
/// sheet per section of the framework, in order, named after `section.sheet` in the language:
/// column A the item code, B the label, C the unit, D the value. Every text for people is
/// either the framework's label in the language or one of `texts`; in Arabic every sheet runs
/// right to left. Value cells are unlocked and validated (whole ≥ 0 for counts, decimal ≥ 0 for
/// amounts that may not be negative, any decimal for signed amounts and rates); everything else
/// is locked, and every sheet is protected **without a password** (protection prevents slips,
/// it is not a security boundary: the platform checks every value it reads). Totals (items with
/// `parts`) are formulas adding their parts' cells, across sheets when needed, with the result
/// a spreadsheet would compute cached in the file; a total is an input cell instead when one of
/// its parts is not an item (a derived value has no cell), or when `values` gives the total
/// without all of its parts (the figure is kept rather than replaced by a partial sum).
///
/// `values` pre-fills the input cells (an institution's last return, tests). A value that a
/// spreadsheet cell cannot hold exactly (its binary double does not read back as the same
/// decimal) is refused ([`TemplateError::NotRepresentable`]). Values of 16 or 17 significant
/// digits (`12345678901234.56`) do read back exactly from the file as written, but spreadsheet
/// programs promise 15 digits: LibreOffice 7.4 saves that value as `12345678901234.6` when the
/// person saves the workbook again.
pub fn write_template(
    framework: &Framework,
    period: Period,
    institution: Option<(&InstitutionCode, &str)>,
    values: Option<&ItemValues>,
    texts: &TemplateTexts<'_>,
) -> Result<Vec<u8>, TemplateError> {
    let write_err = |source| TemplateError::Write {
        framework: framework.id.clone(),
        source,
    };
    let empty = ItemValues::new();
    let values = values.unwrap_or(&empty);
    for (code, value) in values {
        if framework.item(code.as_str()).is_none() {
            return Err(TemplateError::UnknownItem {
                framework: framework.id.clone(),
                item: code.to_string(),
            });
        }
        if !f64_from_decimal(*value).1 {
            return Err(TemplateError::NotRepresentable {
                item: code.to_string(),
                value: value.to_string(),
            });
        }
    }
    let lang = texts.lang();
    let layout = Layout::new(framework, values, lang);
    let fmt = Formats::new();
    let mut workbook = Workbook::new();

    let cover = workbook.add_worksheet();
    write_cover(cover, framework, period, institution, texts, &fmt).map_err(write_err)?;

    for section in &framework.sections {
        let sheet = workbook.add_worksheet();
        write_section(sheet, section, period, &layout, texts, &fmt).map_err(write_err)?;
    }
    workbook.save_to_buffer().map_err(write_err)
}

/// Where each item is and how each row is written.
struct Layout<'a> {
    framework: &'a Framework,
    cells: HashMap<&'a str, CellAt>,
    kinds: HashMap<&'a str, RowKind>,
    values: &'a ItemValues,
    lang: Lang,
}

impl<'a> Layout<'a> {
    fn new(framework: &'a Framework, values: &'a ItemValues, lang: Lang) -> Self {
        let mut cells = HashMap::new();
        for section in &framework.sections {
            for (i, item) in framework.section_items(&section.code).enumerate() {
                let row = HEADER_ROW + 1 + u32::try_from(i).unwrap_or(u32::MAX - HEADER_ROW - 1);
                cells.insert(
                    item.code.as_str(),
                    CellAt {
                        sheet: section.sheet.get(lang).to_owned(),
                        row,
                    },
                );
            }
        }
        let current = Values::new(framework, values);
        let kinds = framework
            .items
            .iter()
            .map(|item| {
                let kind = match &item.parts {
                    Some(parts)
                        if parts.iter().all(|p| {
                            matches!(framework.lookup(p.as_str()), Some(CodeKind::Item(_)))
                                && cells.contains_key(p.as_str())
                        }) && !(values.contains_key(&item.code)
                            && current.parts_sum(parts).1 < parts.len()) =>
                    {
                        RowKind::Formula
                    }
                    _ => RowKind::Input,
                };
                (item.code.as_str(), kind)
            })
            .collect();
        Self {
            framework,
            cells,
            kinds,
            values,
            lang,
        }
    }

    fn kind(&self, code: &str) -> RowKind {
        self.kinds.get(code).copied().unwrap_or(RowKind::Input)
    }

    /// `D12` on the same sheet, `'Non financier'!D12` on another.
    fn reference(&self, code: &Code, from_sheet: &str) -> String {
        match self.cells.get(code.as_str()) {
            Some(at) if at.sheet == from_sheet => format!("D{}", at.row + 1),
            Some(at) => format!("'{}'!D{}", at.sheet.replace('\'', "''"), at.row + 1),
            None => "0".into(),
        }
    }

    /// The value a spreadsheet computes for a cell: a formula adds its parts' cells (an empty
    /// cell counts as 0 there), an input cell holds its value.
    fn computed(&self, code: &Code, depth: u32) -> Decimal {
        if depth > 64 {
            return Decimal::ZERO;
        }
        match (self.kind(code.as_str()), self.framework.item(code.as_str())) {
            (
                RowKind::Formula,
                Some(ItemDef {
                    parts: Some(parts), ..
                }),
            ) => parts
                .iter()
                .map(|p| self.computed(p, depth + 1))
                .fold(Decimal::ZERO, |a, b| a.checked_add(b).unwrap_or(a)),
            _ => self.values.get(code).copied().unwrap_or(Decimal::ZERO),
        }
    }
}

fn currency_label(currency: &str) -> &str {
    match currency {
        "XOF" | "XAF" => "FCFA",
        other => other,
    }
}

fn unit_label(framework: &Framework, item: &ItemDef, texts: &TemplateTexts<'_>) -> String {
    match item.unit {
        Unit::Amount if item.signed => format!("{} ±", currency_label(&framework.currency)),
        Unit::Amount => currency_label(&framework.currency).to_owned(),
        Unit::Count => texts.text(TemplateText::UnitCount),
        Unit::Rate => "%".into(),
    }
}

fn write_cover(
    sheet: &mut Worksheet,
    framework: &Framework,
    period: Period,
    institution: Option<(&InstitutionCode, &str)>,
    texts: &TemplateTexts<'_>,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let lang = texts.lang();
    sheet.set_name(texts.text(TemplateText::CoverSheet))?;
    sheet.set_right_to_left(lang.is_rtl());
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 90)?;
    sheet.write_string_with_format(
        0,
        0,
        texts.text(TemplateText::Title {
            framework: framework.label.get(lang),
        }),
        &fmt.title,
    )?;
    for field in CoverField::ALL {
        let row = field.row();
        sheet.write_string_with_format(
            row,
            0,
            texts.text(TemplateText::Field(field)),
            &fmt.label,
        )?;
        sheet.write_string(row, COVER_KEY_COL, field.key())?;
        let value = match field {
            CoverField::Framework => Some(framework.id.clone()),
            CoverField::Version => Some(framework.version.clone()),
            CoverField::Period => Some(period.to_string()),
            CoverField::Institution => institution.map(|(c, _)| c.to_string()),
            CoverField::Name => institution.map(|(_, n)| n.to_owned()),
        };
        match value {
            Some(v) => sheet.write_string_with_format(row, 1, v, &fmt.locked_text)?,
            None => sheet.write_blank(row, 1, &fmt.input_text)?,
        };
    }
    sheet.set_column_hidden(COVER_KEY_COL)?;
    let currency = currency_label(&framework.currency);
    let sheets = framework
        .sections
        .iter()
        .map(|s| s.sheet.get(lang))
        .collect::<Vec<_>>()
        .join(", ");
    // The value cell of the first item, as the platform names it in its reports.
    let example = framework.sections.first().map_or_else(String::new, |s| {
        mizan_core::Place::cell(s.sheet.get(lang), HEADER_ROW + 1, u32::from(VALUE_COL)).to_string()
    });
    let instructions = [
        TemplateText::HowTo,
        TemplateText::StepFill { sheets: &sheets },
        TemplateText::StepBlank,
        TemplateText::StepUnits { currency },
        TemplateText::StepTotals,
        TemplateText::StepLayout,
        TemplateText::StepUpload { example: &example },
    ];
    let first = CoverField::ALL.iter().map(|f| f.row()).max().unwrap_or(0) + 2;
    for (i, which) in instructions.into_iter().enumerate() {
        let row = first + u32::try_from(i).unwrap_or(0);
        let text = texts.text(which);
        if i == 0 {
            sheet.write_string_with_format(row, 0, text, &fmt.label)?;
        } else {
            sheet.merge_range(row, 0, row, 1, &text, &fmt.wrap)?;
            sheet.set_row_height(row, 32)?;
        }
    }
    sheet.protect();
    sheet.set_active(true);
    Ok(())
}

fn write_section(
    sheet: &mut Worksheet,
    section: &ReturnSection,
    period: Period,
    layout: &Layout<'_>,
    texts: &TemplateTexts<'_>,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let framework = layout.framework;
    let values = layout.values;
    let lang = layout.lang;
    let sheet_name = section.sheet.get(lang);
    sheet.set_name(sheet_name)?;
    sheet.set_right_to_left(lang.is_rtl());
    sheet.write_string_with_format(0, 0, section.label.get(lang), &fmt.title)?;
    sheet.set_column_width(CODE_COL, 30)?;
    sheet.set_column_width(LABEL_COL, 80)?;
    sheet.set_column_width(UNIT_COL, 10)?;
    sheet.set_column_width(VALUE_COL, 22)?;
    sheet.set_column_width(NOTE_COL, 40)?;
    sheet.write_string_with_format(
        1,
        0,
        texts.text(TemplateText::Context {
            period: &period.to_string(),
            framework: &framework.id,
            version: &framework.version,
        }),
        &fmt.note,
    )?;
    // The columns' keys, hidden: the reader checks by them that the values are still in D,
    // whatever the language of the headings.
    for column in Column::ALL {
        sheet.write_string(KEY_ROW, column.index(), column.key())?;
        sheet.write_string_with_format(
            HEADER_ROW,
            column.index(),
            texts.text(TemplateText::Heading(column)),
            &fmt.header,
        )?;
    }
    sheet.set_row_hidden(KEY_ROW)?;
    for (i, item) in framework.section_items(&section.code).enumerate() {
        let row = HEADER_ROW + 1 + u32::try_from(i).unwrap_or(0);
        let kind = layout.kind(item.code.as_str());
        let label_fmt = if item.is_total() {
            &fmt.total_label
        } else {
            &fmt.locked_text
        };
        sheet.write_string_with_format(row, CODE_COL, item.code.as_str(), label_fmt)?;
        sheet.write_string_with_format(row, LABEL_COL, item.label.get(lang), label_fmt)?;
        sheet.write_string_with_format(
            row,
            UNIT_COL,
            unit_label(framework, item, texts),
            label_fmt,
        )?;
        match kind {
            RowKind::Formula => {
                let parts = item.parts.as_deref().unwrap_or_default();
                let text = parts
                    .iter()
                    .map(|p| layout.reference(p, sheet_name))
                    .collect::<Vec<_>>()
                    .join("+");
                let result = layout.computed(&item.code, 0).normalize().to_string();
                let formula = Formula::new(format!("={text}")).set_result(result);
                sheet.write_formula_with_format(row, VALUE_COL, formula, fmt.total(item.unit))?;
                sheet.write_string_with_format(
                    row,
                    NOTE_COL,
                    texts.text(TemplateText::TotalOf {
                        parts: &parts
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" + "),
                    }),
                    &fmt.note,
                )?;
            }
            RowKind::Input => {
                let format = fmt.input(item.unit);
                match values.get(&item.code) {
                    Some(v) => sheet.write_number_with_format(
                        row,
                        VALUE_COL,
                        f64_from_decimal(*v).0,
                        format,
                    )?,
                    None => sheet.write_blank(row, VALUE_COL, format)?,
                };
                sheet.add_data_validation(
                    row,
                    VALUE_COL,
                    row,
                    VALUE_COL,
                    &validation(item, texts)?,
                )?;
            }
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.protect();
    Ok(())
}

fn validation(item: &ItemDef, texts: &TemplateTexts<'_>) -> Result<DataValidation, XlsxError> {
    let (rule, message) = match (item.unit, item.signed) {
        (Unit::Count, _) => (
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            TemplateText::EnterWhole,
        ),
        (Unit::Amount, false) => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            TemplateText::EnterNonNegative,
        ),
        (Unit::Amount, true) | (Unit::Rate, _) => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(
                -ANY_DECIMAL_BOUND,
                ANY_DECIMAL_BOUND,
            )),
            TemplateText::EnterNumber,
        ),
    };
    rule.set_error_title(texts.text(TemplateText::Refused))?
        .set_error_message(texts.text(message))
}
