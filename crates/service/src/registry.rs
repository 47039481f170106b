//! Importing the institution registry.

use mizan_core::{InstitutionCode, Issue, IssueKind, Place};
use mizan_storage::audit::{self, NewAudit};
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
        None => {
            mizan_ingest::read_registry(&upload.bytes()?, &app.settings.frameworks.default, &limits)
        }
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
        audit::append(
            &mut conn,
            &NewAudit {
                actor: &actor.name,
                action: "registry.refused",
                detail: &format!(
                    "{source_name}: {} blocking issue(s)",
                    issues.iter().filter(|i| i.is_blocking()).count()
                ),
                ..NewAudit::default()
            },
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
        audit::append(
            conn,
            &NewAudit {
                actor: &actor.name,
                action: "registry.imported",
                detail: &format!(
                    "{source_name}: {created} new, {changed} changed, {unchanged} unchanged"
                ),
                ..NewAudit::default()
            },
            now,
        )?;
        Ok(changes)
    })?;
    Ok(RegistryImport { issues, changes })
}

/// Records one institution's attributes from `valid_from` on (from the beginning when `None`),
/// creating the institution when the code is new: staff's form for a change of legal form,
/// name, network, framework… Earlier periods keep their attributes. Audited as
/// `registry.changed`. The framework must exist and the name must not be empty.
pub fn record_change(
    app: &App,
    actor: &Actor,
    code: &InstitutionCode,
    valid_from: Option<mizan_core::Period>,
    attributes: &mizan_core::Attributes,
) -> ServiceResult<RegistryChange> {
    actor.require_staff()?;
    if attributes.name.trim().is_empty() {
        return Err(crate::ServiceError::Invalid(format!(
            "institution {code}: the name is empty"
        )));
    }
    if mizan_core::limits::too_long(&attributes.name, mizan_core::limits::NAME_MAX_CHARS) {
        return Err(crate::ServiceError::Invalid(format!(
            "institution {code}: the name has {} characters; at most {} are accepted",
            attributes.name.chars().count(),
            mizan_core::limits::NAME_MAX_CHARS
        )));
    }
    if let Some(from) = valid_from {
        app.framework(&attributes.framework, from)?;
        app.check_horizon(from)?;
    }
    if app.frameworks.latest(&attributes.framework).is_none() {
        return Err(crate::ServiceError::Invalid(format!(
            "institution {code}: unknown framework \"{}\" (known: {})",
            attributes.framework,
            app.frameworks.ids().collect::<Vec<_>>().join(", ")
        )));
    }
    let now = app.now();
    let mut conn = app.conn()?;
    mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<RegistryChange> {
        let change = record_institution(conn, code, valid_from, attributes, &actor.name, now)?;
        if change != RegistryChange::Unchanged {
            audit::append(
                conn,
                &NewAudit {
                    actor: &actor.name,
                    action: "registry.changed",
                    institution: Some(code.as_str()),
                    period: valid_from.map(|p| p.to_string()).as_deref(),
                    detail: &format!(
                        "{change:?}: {} ({}, {}, network {}, deposits {}, {}{})",
                        attributes.name,
                        attributes.legal_form,
                        attributes.structure,
                        attributes.network_affiliated,
                        attributes.collects_deposits,
                        attributes.framework,
                        attributes
                            .owner_group
                            .as_deref()
                            .map(|g| format!(", owner group {g}"))
                            .unwrap_or_default()
                    ),
                    ..NewAudit::default()
                },
                now,
            )?;
        }
        Ok(change)
    })
}
