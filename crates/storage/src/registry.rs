//! The institution registry and the history of each institution's attributes.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConnection;
use crate::error::{StorageResult, corrupt};
use crate::models::flag;
use crate::models::institution::{InstitutionRow, NewInstitutionRow, NewVersionRow, VersionRow};
use crate::schema::{institution_versions, institutions};
use mizan_core::institution::AttributeVersion;
use mizan_core::{Attributes, CountryCode, Institution, InstitutionCode, Period};

/// What recording a registry line did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryChange {
    /// A new institution.
    Created,
    /// New attributes (from a new period, or a correction of the same period).
    Changed,
    /// The same attributes were already recorded for that period.
    Unchanged,
}

/// One recorded version of an institution's attributes, including superseded corrections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    /// First period it applies to (`None`: from the beginning).
    pub valid_from: Option<Period>,
    /// The attributes.
    pub attributes: Attributes,
    /// When it was recorded.
    pub recorded_at: NaiveDateTime,
    /// Who recorded it.
    pub recorded_by: String,
}

fn to_attributes(row: &VersionRow) -> StorageResult<Attributes> {
    Ok(Attributes {
        name: row.name.clone(),
        legal_form: row
            .legal_form
            .parse()
            .map_err(|_| corrupt("legal form", &row.legal_form))?,
        structure: row
            .structure
            .parse()
            .map_err(|_| corrupt("structure", &row.structure))?,
        network_affiliated: row.network_affiliated != 0,
        collects_deposits: row.collects_deposits != 0,
        framework: row.framework.clone(),
        owner_group: row.owner_group.clone(),
        country: row
            .country
            .as_deref()
            .map(|c| CountryCode::parse(c).map_err(|_| corrupt("country", c)))
            .transpose()?,
        art44: row.art44 != 0,
    })
}

fn to_period(text: &Option<String>) -> StorageResult<Option<Period>> {
    text.as_deref()
        .map(|t| Period::parse(t).map_err(|_| corrupt("period", t)))
        .transpose()
}

/// The id of an institution.
pub fn institution_id(
    conn: &mut DbConnection,
    code: &InstitutionCode,
) -> StorageResult<Option<i64>> {
    Ok(institutions::table
        .filter(institutions::code.eq(code.as_str()))
        .select(institutions::id)
        .first::<i64>(conn)
        .optional()?)
}

/// Records the attributes of an institution from `valid_from` on, creating the institution
/// when it is new. Earlier periods keep the attributes they had; recording the same period
/// again with other attributes is a correction (kept in the history, the latest applies).
pub fn record_institution(
    conn: &mut DbConnection,
    code: &InstitutionCode,
    valid_from: Option<Period>,
    attributes: &Attributes,
    recorded_by: &str,
    now: NaiveDateTime,
) -> StorageResult<RegistryChange> {
    crate::transaction(conn, |conn| -> StorageResult<_> {
        let (id, created) = match institution_id(conn, code)? {
            Some(id) => (id, false),
            None => {
                diesel::insert_into(institutions::table)
                    .values(NewInstitutionRow {
                        code: code.as_str(),
                        created_at: now,
                    })
                    .execute(conn)?;
                let id = institution_id(conn, code)?
                    .ok_or_else(|| corrupt("institution", code.as_str()))?;
                (id, true)
            }
        };
        let from_text = valid_from.map(|p| p.to_string());
        let mut query = institution_versions::table
            .filter(institution_versions::institution_id.eq(id))
            .into_boxed();
        query = match &from_text {
            Some(t) => query.filter(institution_versions::valid_from.eq(t.clone())),
            None => query.filter(institution_versions::valid_from.is_null()),
        };
        let current = query
            .order(institution_versions::id.desc())
            .select(VersionRow::as_select())
            .first(conn)
            .optional()?;
        if let Some(row) = &current
            && to_attributes(row)? == *attributes
        {
            return Ok(RegistryChange::Unchanged);
        }
        diesel::insert_into(institution_versions::table)
            .values(NewVersionRow {
                institution_id: id,
                valid_from: from_text,
                name: &attributes.name,
                legal_form: attributes.legal_form.code(),
                structure: attributes.structure.code(),
                network_affiliated: flag(attributes.network_affiliated),
                collects_deposits: flag(attributes.collects_deposits),
                framework: &attributes.framework,
                owner_group: attributes.owner_group.as_deref(),
                recorded_at: now,
                recorded_by,
                country: attributes.country.as_ref().map(CountryCode::as_str),
                art44: flag(attributes.art44),
            })
            .execute(conn)?;
        Ok(if created {
            RegistryChange::Created
        } else {
            RegistryChange::Changed
        })
    })
}

/// The whole registry: every institution with its effective history (for each `valid_from`,
/// the latest recorded attributes), ordered by code.
pub fn load_registry(conn: &mut DbConnection) -> StorageResult<Vec<Institution>> {
    let insts: Vec<InstitutionRow> = institutions::table
        .order(institutions::code)
        .select(InstitutionRow::as_select())
        .load(conn)?;
    let versions: Vec<VersionRow> = institution_versions::table
        .order(institution_versions::id)
        .select(VersionRow::as_select())
        .load(conn)?;
    let mut by_inst: BTreeMap<i64, Vec<VersionRow>> = BTreeMap::new();
    for v in versions {
        by_inst.entry(v.institution_id).or_default().push(v);
    }
    insts
        .into_iter()
        .map(|row| {
            let code = InstitutionCode::parse(&row.code)
                .map_err(|_| corrupt("institution code", &row.code))?;
            let mut inst = Institution {
                code,
                history: Vec::new(),
            };
            for v in by_inst.remove(&row.id).unwrap_or_default() {
                inst.add_version(AttributeVersion {
                    valid_from: to_period(&v.valid_from)?,
                    attributes: to_attributes(&v)?,
                });
            }
            Ok(inst)
        })
        .collect()
}

/// Every recorded version of one institution, oldest first, corrections included.
pub fn institution_history(
    conn: &mut DbConnection,
    code: &InstitutionCode,
) -> StorageResult<Vec<VersionRecord>> {
    let Some(id) = institution_id(conn, code)? else {
        return Ok(Vec::new());
    };
    let rows: Vec<VersionRow> = institution_versions::table
        .filter(institution_versions::institution_id.eq(id))
        .order(institution_versions::id)
        .select(VersionRow::as_select())
        .load(conn)?;
    rows.iter()
        .map(|r| {
            Ok(VersionRecord {
                valid_from: to_period(&r.valid_from)?,
                attributes: to_attributes(r)?,
                recorded_at: r.recorded_at,
                recorded_by: r.recorded_by.clone(),
            })
        })
        .collect()
}

/// Codes of institutions by id (for joining records).
pub(crate) fn codes_by_id(
    conn: &mut DbConnection,
) -> StorageResult<BTreeMap<i64, InstitutionCode>> {
    let rows: Vec<(i64, String)> = institutions::table
        .select((institutions::id, institutions::code))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, code)| {
            InstitutionCode::parse(&code)
                .map(|c| (id, c))
                .map_err(|_| corrupt("institution code", code))
        })
        .collect()
}
