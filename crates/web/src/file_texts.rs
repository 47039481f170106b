//! The own texts of the files the platform writes, in a language, from the interface
//! messages: the Excel return template (`xlsx-*` in `space.ftl`; `mizan_ingest` writes it and
//! words none of it) and the bulletin workbook (`table-xlsx-*` in `main.ftl`; written by
//! `mizan_service::export`).

use mizan_core::Lang;
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
    method: mizan_ratios::Method,
) -> mizan_service::export::TableTexts<'_> {
    let method_id = match method {
        mizan_ratios::Method::Published => "table-xlsx-method-published",
        mizan_ratios::Method::Pooled => "table-xlsx-method-pooled",
        mizan_ratios::Method::Median => "table-xlsx-method-median",
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
