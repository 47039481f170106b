//! Importing the institution registry.

use crate::audit::{Detail, Entry, record};
use mizan_core::{InstitutionCode, Issue, IssueKind, Place};
use mizan_storage::registry::{RegistryChange, record_institution};

use crate::app::{Actor, App};
use crate::error::ServiceResult;
use crate::upload::Upload;

/// What importing a registry file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryImport {
    /// Every issue found (when any is blocking, nothing was stored).
    pub issues: Vec<Issue>,
    /// Each line stored and what it changed (empty when refused).
    pub changes: Vec<(InstitutionCode, RegistryChange)>,
}

impl RegistryImport {
    /// Whether the file was refused.
    pub fn refused(&self) -> bool {
        self.issues.iter().any(Issue::is_blocking)
    }

    /// How many lines made each kind of change: (created, changed, unchanged).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |k| self.changes.iter().filter(|(_, c)| *c == k).count();
        (
            count(RegistryChange::Created),
            count(RegistryChange::Changed),
            count(RegistryChange::Unchanged),
        )
    }
}

/// What a registry line that leaves the framework or the country empty gets: the instance's
/// default framework, and the country each known framework names (its latest version's).
fn registry_defaults(app: &App) -> mizan_ingest::RegistryDefaults {
    app.frameworks.ids().fold(
        mizan_ingest::RegistryDefaults::new(app.settings.frameworks.default.clone()),
        |defaults, id| {
            let country = app.frameworks.latest(id).and_then(|f| f.country);
            defaults.with_framework(id, country)
        },
    )
}

/// Imports a registry CSV: all or nothing. Every line is checked (format, known framework)
/// before anything is stored; the lines are then recorded in one transaction.
pub fn import_institutions<'u>(
    app: &App,
    upload: impl Into<Upload<'u>>,
    source_name: &str,
    actor: &Actor,
) -> ServiceResult<RegistryImport> {
    actor.require_staff()?;
    let limits = app.limits();
    let upload = upload.into();
    // A registry is at most `max_file_bytes`: read whole once, unless it is larger.
    let read = match limits.check_len(upload.len()?) {
        Some(issue) => mizan_core::Checked {
            data: Vec::new(),
            issues: vec![issue],
        },
        None => mizan_ingest::read_registry(&upload.bytes()?, &registry_defaults(app), &limits),
    };
    let mut issues = read.issues;
    for row in &read.data {
        if app.frameworks.latest(&row.attributes.framework).is_none() {
            issues.push(
                Issue::blocking(
                    Place::line_column(row.line, "framework"),
                    IssueKind::InvalidValue {
                        field: "framework".into(),
                        value: row.attributes.framework.clone(),
                        expected: app.frameworks.ids().collect::<Vec<_>>().join(", "),
                    },
                )
                .about(row.code.as_str()),
            );
        }
    }
    let mut conn = app.conn()?;
    let now = app.now();
    if issues.iter().any(Issue::is_blocking) {
        record(
            &mut conn,
            Entry::new(&actor.name, "registry.refused"),
            &Detail::new()
                .text("file", source_name)
                .issues(issues.iter().filter(|i| i.is_blocking()), 0),
            now,
        )?;
        return Ok(RegistryImport {
            issues,
            changes: Vec::new(),
        });
    }
    let changes = mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<_> {
        let mut changes = Vec::with_capacity(read.data.len());
        for row in &read.data {
            let change = record_institution(
                conn,
                &row.code,
                row.valid_from,
                &row.attributes,
                &actor.name,
                now,
            )?;
            changes.push((row.code.clone(), change));
        }
        let report = RegistryImport {
            issues: Vec::new(),
            changes: changes.clone(),
        };
        let (created, changed, unchanged) = report.counts();
        record(
            conn,
            Entry::new(&actor.name, "registry.imported"),
            &Detail::new()
                .text("file", source_name)
                .size("created", created)
                .size("changed", changed)
                .size("unchanged", unchanged),
            now,
        )?;
        Ok(changes)
    })?;
    Ok(RegistryImport { issues, changes })
}

/// Records one institution's attributes from `valid_from` on (from the beginning when `None`),
/// creating the institution when the code is new: staff's form for a change of legal form,
/// name, network, framework… Earlier periods keep their attributes. Audited as
/// `registry.changed`. The framework must exist and the name must not be empty; without a
/// country the framework's default country applies, and a framework without one is refused.
pub fn record_change(
    app: &App,
    actor: &Actor,
    code: &InstitutionCode,
    valid_from: Option<mizan_core::Period>,
    attributes: &mizan_core::Attributes,
) -> ServiceResult<RegistryChange> {
    actor.require_staff()?;
    if attributes.name.trim().is_empty() {
        return Err(crate::ServiceError::Invalid(
            crate::refusal::RegistryRefusal::NameEmpty {
                institution: code.to_string(),
            }
            .into(),
        ));
    }
    if mizan_core::limits::too_long(&attributes.name, mizan_core::limits::NAME_MAX_CHARS) {
        return Err(crate::ServiceError::Invalid(crate::Refusal::TooLong {
            field: crate::refusal::Field::InstitutionName,
            chars: attributes.name.chars().count(),
            max: mizan_core::limits::NAME_MAX_CHARS,
        }));
    }
    if let Some(from) = valid_from.filter(|p| p.is_month()) {
        return Err(crate::ServiceError::Invalid(
            crate::refusal::RegistryRefusal::ValidFromMonth {
                institution: code.to_string(),
                period: from,
                quarter: from.quarter_of(),
            }
            .into(),
        ));
    }
    if let Some(from) = valid_from {
        app.framework(&attributes.framework, from)?;
        app.check_horizon(from)?;
    }
    if app.frameworks.latest(&attributes.framework).is_none() {
        return Err(crate::ServiceError::Invalid(
            crate::refusal::RegistryRefusal::UnknownFramework {
                institution: code.to_string(),
                framework: attributes.framework.clone(),
                known: app.frameworks.ids().map(str::to_owned).collect(),
            }
            .into(),
        ));
    }
    // No country given: the framework's, and none is a refusal (a framework of several countries).
    let mut attributes = attributes.clone();
    if attributes.country.is_none() {
        attributes.country = app
            .frameworks
            .latest(&attributes.framework)
            .and_then(|f| f.country);
    }
    if attributes.country.is_none() {
        return Err(crate::ServiceError::Invalid(
            crate::refusal::RegistryRefusal::NoCountry {
                institution: code.to_string(),
                framework: attributes.framework.clone(),
            }
            .into(),
        ));
    }
    let attributes = &attributes;
    let now = app.now();
    let mut conn = app.conn()?;
    mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<RegistryChange> {
        let change = record_institution(conn, code, valid_from, attributes, &actor.name, now)?;
        if change != RegistryChange::Unchanged {
            let mut detail = Detail::new()
                .text(
                    "change",
                    match change {
                        RegistryChange::Created => "created",
                        _ => "changed",
                    },
                )
                .text("name", &attributes.name)
                .text("legal_form", attributes.legal_form)
                .text("structure", attributes.structure)
                .text("network", attributes.network_affiliated)
                .text("deposits", attributes.collects_deposits)
                .text("framework", &attributes.framework);
            if let Some(c) = attributes.country {
                detail = detail.text("country", c);
            }
            if let Some(g) = &attributes.owner_group {
                detail = detail.text("owner_group", g);
            }
            record(
                conn,
                Entry {
                    institution: Some(code.as_str()),
                    period: valid_from.map(|p| p.to_string()).as_deref(),
                    ..Entry::new(&actor.name, "registry.changed")
                },
                &detail,
                now,
            )?;
        }
        Ok(change)
    })
}
