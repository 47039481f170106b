//! Writing the Excel template of a return.

use std::collections::HashMap;

use mizan_core::framework::{CodeKind, ItemDef, ReturnSection, Unit};
use mizan_core::{Code, Framework, InstitutionCode, ItemValues, Period, Values};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::{
    CODE_COL, COVER_FIELDS, CoverField, HEADER_ROW, LABEL_COL, NOTE_COL, UNIT_COL, VALUE_COL,
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

/// Writes the Excel template of `framework` for `period`.
///
/// The workbook has a cover sheet ([`super::COVER_SHEET`]) with the framework id and version,
/// the period, the institution's code and name (left as unlocked input cells when `institution`
/// is `None`) and instructions in French; then one sheet per section of the framework, in
/// order, named after `section.sheet`: column A the item code, B the French label, C the unit,
/// D the value. Value cells are unlocked and validated (whole ≥ 0 for counts, decimal ≥ 0 for
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
    let layout = Layout::new(framework, values);
    let fmt = Formats::new();
    let mut workbook = Workbook::new();

    let cover = workbook.add_worksheet();
    write_cover(cover, framework, period, institution, &fmt).map_err(write_err)?;

    for section in &framework.sections {
        let sheet = workbook.add_worksheet();
        write_section(sheet, framework, section, period, values, &layout, &fmt)
            .map_err(write_err)?;
    }
    workbook.save_to_buffer().map_err(write_err)
}

/// Where each item is and how each row is written.
struct Layout<'a> {
    framework: &'a Framework,
    cells: HashMap<&'a str, CellAt>,
    kinds: HashMap<&'a str, RowKind>,
    values: &'a ItemValues,
}

impl<'a> Layout<'a> {
    fn new(framework: &'a Framework, values: &'a ItemValues) -> Self {
        let mut cells = HashMap::new();
        for section in &framework.sections {
            for (i, item) in framework.section_items(&section.code).enumerate() {
                let row = HEADER_ROW + 1 + u32::try_from(i).unwrap_or(u32::MAX - HEADER_ROW - 1);
                cells.insert(
                    item.code.as_str(),
                    CellAt {
                        sheet: section.sheet.fr.clone(),
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

fn unit_label(framework: &Framework, item: &ItemDef) -> String {
    match item.unit {
        Unit::Amount if item.signed => format!("{} ±", currency_label(&framework.currency)),
        Unit::Amount => currency_label(&framework.currency).to_owned(),
        Unit::Count => "nombre".into(),
        Unit::Rate => "%".into(),
    }
}

fn write_cover(
    sheet: &mut Worksheet,
    framework: &Framework,
    period: Period,
    institution: Option<(&InstitutionCode, &str)>,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(super::COVER_SHEET)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 90)?;
    sheet.write_string_with_format(
        0,
        0,
        format!("Déclaration trimestrielle — {}", framework.label.fr),
        &fmt.title,
    )?;
    for (field, label, row) in COVER_FIELDS {
        sheet.write_string_with_format(row, 0, label, &fmt.label)?;
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
    let currency = currency_label(&framework.currency);
    let sheets = framework
        .sections
        .iter()
        .map(|s| format!("« {} »", s.sheet.fr))
        .collect::<Vec<_>>()
        .join(", ");
    let instructions = [
        "Mode d'emploi".to_owned(),
        format!(
            "1. Saisissez les valeurs dans la colonne D (cellules blanches) des feuilles {sheets}. \
             Les autres cellules sont protégées (sans mot de passe) pour éviter les erreurs de saisie."
        ),
        "2. Laissez vide une valeur que vous ne déclarez pas : une cellule vide n'est jamais lue \
         comme zéro. Saisissez 0 si la valeur est nulle."
            .to_owned(),
        format!(
            "3. Montants en {currency}, sans arrondi ; ils ne peuvent être négatifs que pour les \
             postes marqués « ± ». Les nombres (clients, agents, crédits…) sont des entiers positifs. \
             Les taux sont en pour cent (24 pour 24 %)."
        ),
        "4. Les totaux (en gras, sur fond bleu) sont calculés automatiquement à partir de leurs \
         composantes : saisissez les composantes."
            .to_owned(),
        "5. Ne renommez pas les feuilles et ne modifiez pas la colonne A (codes des postes) : la \
         plateforme lit le fichier grâce à eux."
            .to_owned(),
        "6. Déposez le fichier rempli sur la plateforme. Chaque anomalie y est signalée avec sa \
         cellule (par exemple Financier!D14) ; corrigez-les toutes et déposez à nouveau le fichier."
            .to_owned(),
    ];
    let first = COVER_FIELDS.iter().map(|f| f.2).max().unwrap_or(0) + 2;
    for (i, text) in instructions.into_iter().enumerate() {
        let row = first + u32::try_from(i).unwrap_or(0);
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
    framework: &Framework,
    section: &ReturnSection,
    period: Period,
    values: &ItemValues,
    layout: &Layout<'_>,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let sheet_name = section.sheet.fr.as_str();
    sheet.set_name(sheet_name)?;
    sheet.write_string_with_format(0, 0, &section.label.fr, &fmt.title)?;
    sheet.set_column_width(CODE_COL, 30)?;
    sheet.set_column_width(LABEL_COL, 80)?;
    sheet.set_column_width(UNIT_COL, 10)?;
    sheet.set_column_width(VALUE_COL, 22)?;
    sheet.set_column_width(NOTE_COL, 40)?;
    sheet.write_string_with_format(
        1,
        0,
        format!(
            "Période {period} — référentiel {} version {}",
            framework.id, framework.version
        ),
        &fmt.note,
    )?;
    for (col, title) in [
        (CODE_COL, "Code"),
        (LABEL_COL, "Libellé"),
        (UNIT_COL, "Unité"),
        (VALUE_COL, "Valeur"),
        (NOTE_COL, "Remarque"),
    ] {
        sheet.write_string_with_format(HEADER_ROW, col, title, &fmt.header)?;
    }
    for (i, item) in framework.section_items(&section.code).enumerate() {
        let row = HEADER_ROW + 1 + u32::try_from(i).unwrap_or(0);
        let kind = layout.kind(item.code.as_str());
        let label_fmt = if item.is_total() {
            &fmt.total_label
        } else {
            &fmt.locked_text
        };
        sheet.write_string_with_format(row, CODE_COL, item.code.as_str(), label_fmt)?;
        sheet.write_string_with_format(row, LABEL_COL, &item.label.fr, label_fmt)?;
        sheet.write_string_with_format(row, UNIT_COL, unit_label(framework, item), label_fmt)?;
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
                    format!(
                        "Total calculé : {}",
                        parts
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ),
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
                sheet.add_data_validation(row, VALUE_COL, row, VALUE_COL, &validation(item)?)?;
            }
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.protect();
    Ok(())
}

fn validation(item: &ItemDef) -> Result<DataValidation, XlsxError> {
    let (rule, message) = match (item.unit, item.signed) {
        (Unit::Count, _) => (
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            "Saisissez un nombre entier positif ou nul.",
        ),
        (Unit::Amount, false) => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "Saisissez un montant positif ou nul.",
        ),
        (Unit::Amount, true) | (Unit::Rate, _) => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(
                -ANY_DECIMAL_BOUND,
                ANY_DECIMAL_BOUND,
            )),
            "Saisissez un nombre.",
        ),
    };
    rule.set_error_title("Valeur refusée")?
        .set_error_message(message)
}
