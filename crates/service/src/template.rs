//! The Excel return template, generated from the framework (optionally for one institution).

use mizan_core::{InstitutionCode, Period};
use mizan_storage::registry::load_registry;

pub use mizan_ingest::{Column, CoverField, TemplateText, TemplateTexts};

use crate::app::App;
use crate::error::{ServiceError, ServiceResult};
use crate::refusal::TemplateRefusal;

/// A template of `framework_id` for `period` in the language of `texts`, which words the
/// template's own texts (the framework gives its labels); for one institution its cover carries
/// the institution's code and name (and the framework must be the institution's).
pub fn template(
    app: &App,
    framework_id: &str,
    period: Period,
    institution: Option<&InstitutionCode>,
    texts: &TemplateTexts<'_>,
) -> ServiceResult<Vec<u8>> {
    let fw = app.reporting_framework(framework_id, period)?;
    let named = match institution {
        Some(code) => {
            let mut conn = app.conn()?;
            let registry = load_registry(&mut conn)?;
            let inst = registry.iter().find(|i| &i.code == code).ok_or_else(|| {
                ServiceError::NotFound(format!("institution {code} is not in the registry"))
            })?;
            let attrs = inst.attributes_at(period).ok_or_else(|| {
                ServiceError::Invalid(
                    TemplateRefusal::NotRegistered {
                        institution: code.to_string(),
                        period,
                    }
                    .into(),
                )
            })?;
            if attrs.framework != fw.id {
                return Err(ServiceError::Invalid(
                    TemplateRefusal::OtherFramework {
                        institution: code.to_string(),
                        framework: attrs.framework.clone(),
                        asked: fw.id.clone(),
                    }
                    .into(),
                ));
            }
            // Its template is for the kind of period it sends: months for an art. 44 SFD.
            if !attrs.reports_for(period) {
                let instead = if attrs.art44 {
                    period.quarter_end_month()
                } else {
                    period.quarter_of()
                };
                return Err(ServiceError::Invalid(
                    TemplateRefusal::OtherPeriodKind {
                        institution: code.to_string(),
                        period,
                        instead,
                    }
                    .into(),
                ));
            }
            Some((code.clone(), attrs.name.clone()))
        }
        None => None,
    };
    mizan_ingest::write_template(
        fw,
        period,
        named.as_ref().map(|(c, n)| (c, n.as_str())),
        None,
        texts,
    )
    .map_err(|e| ServiceError::Write {
        what: "template",
        message: e.to_string(),
    })
}
