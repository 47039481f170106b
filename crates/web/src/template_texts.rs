//! The Excel return template's own texts in a language, from the interface messages
//! (`xlsx-*` in `space.ftl`): `mizan_ingest` writes the template and words none of it.

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
