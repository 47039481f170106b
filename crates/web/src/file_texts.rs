//! The own texts of the files the platform writes, in a language, from the interface
//! messages: the Excel return template (`xlsx-*` in `space.ftl`; `mizan_ingest` writes it and
//! words none of it), the staff workbook (`table-xlsx-*` in `main.ftl`; written by
//! `mizan_service::export`) and a published bulletin as a page and as files
//! ([`bulletin_sheet`], laid out by the page and by `mizan_service::sheet`).

use mizan_core::framework::DisplayKind;
use mizan_core::{Framework, Lang};
use mizan_ratios::{Method, RowKind, SECTOR};
use mizan_service::bulletin::{Line, lines, row_label, row_norm};
use mizan_service::publication::{PublicCell, PublicTable};
use mizan_service::sheet::{
    BulletinSheet, SheetCell, SheetColumn, SheetGroup, SheetHeaders, SheetLine, SheetNote,
    SheetSection,
};
use mizan_service::template::{Column, CoverField, TemplateText, TemplateTexts};

use crate::i18n::I18n;

/// The texts of a template in `lang`, for [`mizan_service::template::template`].
pub fn template_texts(i18n: &I18n, lang: Lang) -> TemplateTexts<'_> {
    TemplateTexts::new(lang, move |which| text(i18n, lang, which))
}

fn text(i18n: &I18n, lang: Lang, which: TemplateText<'_>) -> String {
    let arg = |name: &'static str, value: &str| [(name, value.to_owned())];
    match which {
        TemplateText::CoverSheet => i18n.text(lang, "xlsx-cover-sheet"),
        TemplateText::Title { framework } => {
            i18n.message(lang, "xlsx-title", &arg("framework", framework))
        }
        TemplateText::Field(CoverField::Framework) => i18n.text(lang, "xlsx-field-framework"),
        TemplateText::Field(CoverField::Version) => i18n.text(lang, "xlsx-field-version"),
        TemplateText::Field(CoverField::Period) => i18n.text(lang, "xlsx-field-period"),
        TemplateText::Field(CoverField::Institution) => i18n.text(lang, "xlsx-field-institution"),
        TemplateText::Field(CoverField::Name) => i18n.text(lang, "xlsx-field-name"),
        TemplateText::HowTo => i18n.text(lang, "xlsx-how-to"),
        TemplateText::StepFill { sheets } => {
            i18n.message(lang, "xlsx-step-fill", &arg("sheets", sheets))
        }
        TemplateText::StepBlank => i18n.text(lang, "xlsx-step-blank"),
        TemplateText::StepUnits { currency } => {
            i18n.message(lang, "xlsx-step-units", &arg("currency", currency))
        }
        TemplateText::StepTotals => i18n.text(lang, "xlsx-step-totals"),
        TemplateText::StepLayout => i18n.text(lang, "xlsx-step-layout"),
        TemplateText::StepUpload { example } => {
            i18n.message(lang, "xlsx-step-upload", &arg("example", example))
        }
        TemplateText::Context {
            period,
            framework,
            version,
        } => i18n.message(
            lang,
            "xlsx-context",
            &[
                ("period", period.to_owned()),
                ("framework", framework.to_owned()),
                ("version", version.to_owned()),
            ],
        ),
        TemplateText::Heading(Column::Code) => i18n.text(lang, "xlsx-heading-code"),
        TemplateText::Heading(Column::Label) => i18n.text(lang, "xlsx-heading-label"),
        TemplateText::Heading(Column::Unit) => i18n.text(lang, "xlsx-heading-unit"),
        TemplateText::Heading(Column::Value) => i18n.text(lang, "xlsx-heading-value"),
        TemplateText::Heading(Column::Remark) => i18n.text(lang, "xlsx-heading-remark"),
        TemplateText::TotalOf { parts } => {
            i18n.message(lang, "xlsx-total-of", &arg("parts", parts))
        }
        TemplateText::UnitCount => i18n.text(lang, "xlsx-unit-count"),
        TemplateText::Refused => i18n.text(lang, "xlsx-refused"),
        TemplateText::EnterWhole => i18n.text(lang, "xlsx-enter-whole"),
        TemplateText::EnterNonNegative => i18n.text(lang, "xlsx-enter-non-negative"),
        TemplateText::EnterNumber => i18n.text(lang, "xlsx-enter-number"),
    }
}

/// The bulletin workbook's own texts in `lang` for the figures of `method`, for
/// [`mizan_service::export::table_xlsx`] (`table-xlsx-*` in `main.ftl`).
pub fn table_texts(
    i18n: &I18n,
    lang: Lang,
    method: Method,
) -> mizan_service::export::TableTexts<'_> {
    let method_id = match method {
        Method::Published => "table-xlsx-method-published",
        Method::Pooled => "table-xlsx-method-pooled",
        Method::Median => "table-xlsx-method-median",
    };
    mizan_service::export::TableTexts {
        lang,
        method: i18n.text(lang, method_id),
        number: i18n.text(lang, "table-xlsx-number"),
        norms: i18n.text(lang, "table-xlsx-norms"),
        not_applicable: i18n.text(lang, "table-xlsx-not-applicable"),
        suppressed: i18n.text(lang, "table-xlsx-suppressed"),
        cell_note: Box::new(move |n, compliant| {
            let n = crate::format::count(n, lang);
            match compliant {
                Some(k) => i18n.message(
                    lang,
                    "table-xlsx-note-compliant",
                    &[("n", n), ("compliant", crate::format::count(k, lang))],
                ),
                None => i18n.message(lang, "table-xlsx-note", &[("n", n)]),
            }
        }),
    }
}

/// A published bulletin as its reader sees it in `lang` for the figures of `method`: the
/// texts of the bulletin page (its heading, column headings, sections, rows, figures with
/// their n and count of compliance, notes, legend and reporting institutions), from which the
/// page, the workbook ([`mizan_service::sheet::bulletin_xlsx`]) and the spreadsheet CSV
/// ([`mizan_service::sheet::sheet_csv`]) are laid out, so that they say the same.
pub fn bulletin_sheet(
    i18n: &I18n,
    lang: Lang,
    fw: &Framework,
    table: &PublicTable,
    method: Method,
) -> BulletinSheet {
    let t = |id: &str| i18n.text(lang, id);
    let period = crate::format::period(table.period, lang, i18n);
    let (sections, notes) = sheet_sections(i18n, lang, fw, table, method);
    BulletinSheet {
        lang,
        title: i18n.message(lang, "bulletin-title", &[("period", period.clone())]),
        published: i18n.message(
            lang,
            "published-revision",
            &[
                (
                    "date",
                    crate::format::datetime(table.published_at, lang, i18n),
                ),
                ("n", table.revision.to_string()),
            ],
        ),
        period,
        method: t(crate::pages::method_key(method)),
        revision_note: table
            .note
            .as_ref()
            .map(|n| format!("{} {n}", t("revision-note"))),
        headers: SheetHeaders {
            number: t("col-number"),
            indicator: t("col-indicator"),
            norms: t("col-norms"),
            group: t("sheet-col-group"),
            value: t("sheet-col-value"),
            unit: t("sheet-col-unit"),
            n: t("sheet-col-n"),
            compliant: t("sheet-col-compliant"),
            remark: t("sheet-col-remark"),
        },
        columns: table
            .groups
            .iter()
            .map(|g| SheetColumn {
                code: g.code.clone(),
                label: crate::pages::group_label(i18n, fw, &g.code, lang),
            })
            .collect(),
        sections,
        notes,
        legend: legend(i18n, lang, table),
        groups_intro: t("reporting-intro"),
        groups: sheet_groups(i18n, lang, fw, table),
        suppressed_symbol: t("suppressed-symbol"),
        suppressed_title: t("table-xlsx-suppressed"),
        reporting_sheet: t("sheet-reporting"),
        published_at: table.published_at,
    }
}

/// A figure of a cell for `method` as the page shows it in `lang`.
pub(crate) fn sheet_cell(
    i18n: &I18n,
    cell: &PublicCell,
    method: Method,
    display: DisplayKind,
    lang: Lang,
) -> SheetCell {
    let f = cell.figure(method);
    let figure = f
        .value
        .filter(|_| f.n > 0 && !f.suppressed)
        .map(|v| mizan_ratios::display_value(display, v));
    let text = if f.suppressed {
        String::new()
    } else {
        match f.value.filter(|_| f.n > 0) {
            Some(v) => crate::format::figure(display, v, lang),
            None => i18n.text(lang, "not-applicable"),
        }
    };
    let compliant = cell.n_compliant.filter(|_| !f.suppressed);
    SheetCell {
        figure,
        text,
        suppressed: f.suppressed,
        n: f.n,
        n_text: i18n.message(lang, "cell-n", &[("n", crate::format::count(f.n, lang))]),
        compliant,
        compliant_text: compliant.map(|k| {
            i18n.message(
                lang,
                "cell-compliant",
                &[("k", crate::format::count(k, lang))],
            )
        }),
    }
}

/// The bulletin's sections with their headings and rows, and the notes the rows refer to
/// (numbered in order).
fn sheet_sections(
    i18n: &I18n,
    lang: Lang,
    fw: &Framework,
    table: &PublicTable,
    method: Method,
) -> (Vec<SheetSection>, Vec<SheetNote>) {
    let mut sections: Vec<SheetSection> = Vec::new();
    let mut notes: Vec<SheetNote> = Vec::new();
    let heading_line = |number: &str, label: &str| SheetLine {
        kind: None,
        code: String::new(),
        number: number.to_owned(),
        label: label.to_owned(),
        norm: String::new(),
        note: None,
        display: DisplayKind::Integer,
        unit: String::new(),
        cells: Vec::new(),
    };
    for line in lines(fw, table) {
        match line {
            Line::Section(s) => sections.push(SheetSection {
                number: s.number.clone(),
                label: s.label.get(lang).to_owned(),
                has_norms: false,
                lines: Vec::new(),
            }),
            Line::Heading(h) => {
                if let Some(s) = sections.last_mut() {
                    s.lines.push(heading_line(&h.number, h.label.get(lang)));
                }
            }
            Line::Row { indicator, row } => {
                let is_indicator = row.kind == RowKind::Indicator;
                let note = match &indicator.note {
                    Some(n) if is_indicator => {
                        let number = notes.len() + 1;
                        notes.push(SheetNote {
                            number,
                            text: n.get(lang).to_owned(),
                        });
                        Some(number)
                    }
                    _ => None,
                };
                let unit = match row.display {
                    DisplayKind::Percent | DisplayKind::Rate => {
                        i18n.text(lang, "sheet-unit-percent")
                    }
                    DisplayKind::Thousands => i18n.message(
                        lang,
                        "sheet-unit-thousands",
                        &[("currency", fw.currency.clone())],
                    ),
                    DisplayKind::Integer => String::new(),
                };
                let line = SheetLine {
                    kind: Some(row.kind),
                    code: row.code.clone(),
                    number: if is_indicator {
                        indicator.number.clone().unwrap_or_default()
                    } else {
                        String::new()
                    },
                    label: row_label(indicator, row, lang),
                    norm: row_norm(indicator, row, lang),
                    note,
                    display: row.display,
                    unit,
                    cells: row
                        .cells
                        .iter()
                        .map(|c| sheet_cell(i18n, c, method, row.display, lang))
                        .collect(),
                };
                if let Some(s) = sections.last_mut() {
                    s.has_norms |= !line.norm.is_empty();
                    s.lines.push(line);
                }
            }
        }
    }
    (sections, notes)
}

/// Who reported, per peer group and for the sector; the institutions of no peer group (counted
/// in the sector only) are named apart, before the sector's count.
fn sheet_groups(i18n: &I18n, lang: Lang, fw: &Framework, table: &PublicTable) -> Vec<SheetGroup> {
    let mut views = Vec::new();
    for g in &table.groups {
        let args = [
            ("group", crate::pages::group_label(i18n, fw, &g.code, lang)),
            ("received", crate::format::count(g.received, lang)),
            ("expected", crate::format::count(g.expected, lang)),
        ];
        if g.code != SECTOR {
            views.push(SheetGroup {
                title: i18n.message(lang, "group-footnote", &args),
                names: g.reporting.clone(),
            });
            continue;
        }
        let outside: Vec<String> = g
            .reporting
            .iter()
            .filter(|name| {
                !table
                    .groups
                    .iter()
                    .any(|o| o.code != SECTOR && o.reporting.contains(name))
            })
            .cloned()
            .collect();
        if !outside.is_empty() {
            views.push(SheetGroup {
                title: i18n.message(
                    lang,
                    "group-footnote-outside",
                    &[("count", crate::format::count(outside.len(), lang))],
                ),
                names: outside,
            });
        }
        views.push(SheetGroup {
            title: i18n.message(lang, "group-footnote-sector", &args),
            names: Vec::new(),
        });
    }
    views
}

/// The legend of the bulletin (the withheld-figure symbol when some are withheld).
fn legend(i18n: &I18n, lang: Lang, table: &PublicTable) -> Vec<String> {
    let t = |id: &str| i18n.text(lang, id);
    let mut legend = vec![t("legend-n"), t("legend-compliant"), t("legend-na")];
    if table.suppressed_cells > 0 {
        legend.push(format!(
            "{} : {}",
            t("suppressed-symbol"),
            t("table-xlsx-suppressed")
        ));
    }
    legend
}
