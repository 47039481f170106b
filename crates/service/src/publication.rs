//! Publication: freezing a quarter's tables as an immutable snapshot that the public reads.
//!
//! The public never sees live data nor one institution's figures: it reads [`PublicTable`]s,
//! which hold, for each cell, the published, pooled and median figures with their n — and
//! nothing per institution. The full consolidation is kept beside it for staff. Publishing a
//! quarter again (a late or corrected return) makes a new revision with its dated note; earlier
//! revisions stay readable and are marked superseded.

use chrono::NaiveDateTime;
use mizan_core::framework::DisplayKind;
use mizan_core::{Code, Decimal, Framework, Period};
use mizan_ratios::disclosure::Reason;
use mizan_ratios::{
    ConsolidatedTable, DisclosureResult, Method, Publication, RowKind, protect, public_value,
};
use mizan_storage::publications::{
    NewPublication, PublicationRecord, disclosure, insert_publication, list_publications,
    public_table, publication_submissions, revisions, staff_table,
};
use serde::{Deserialize, Serialize};

use crate::app::{Actor, App};
use crate::collection::{Collection, collection_of};
use crate::consolidation::returns_of_period;
use crate::digest::sha256_hex;
use crate::error::{ServiceError, ServiceResult};
use crate::refusal::PublishRefusal;

/// Why a figure is withheld, as the public is told (the detail — which contributor, what
/// share — is for staff only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// Fewer than the minimum number of contributors.
    Threshold,
    /// One contributor makes most of the total.
    Dominance,
    /// A contributor could estimate another's value too closely (p % rule).
    PRule,
    /// A median of too few institutions (it is one institution's value).
    Median,
    /// Withheld so that another withheld figure cannot be recomputed.
    Secondary,
    /// Withheld in an earlier revision, or its change since then is due to too few institutions.
    Revision,
}

impl Withheld {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Threshold => "threshold",
            Self::Dominance => "dominance",
            Self::PRule => "p_rule",
            Self::Median => "median",
            Self::Secondary => "secondary",
            Self::Revision => "revision",
        }
    }

    /// The public category of a disclosure-control decision (its first primary reason, else
    /// its first reason).
    pub fn of(reasons: &[Reason]) -> Option<Self> {
        let pick = reasons
            .iter()
            .find(|r| r.is_primary())
            .or_else(|| reasons.first())?;
        Some(match pick {
            Reason::Threshold { .. } => Self::Threshold,
            Reason::Dominance { .. } => Self::Dominance,
            Reason::PRule { .. } => Self::PRule,
            Reason::MedianThreshold { .. } => Self::Median,
            Reason::Secondary { .. }
            | Reason::Complement { .. }
            | Reason::Linked { .. }
            | Reason::SameCell { .. } => Self::Secondary,
            Reason::CarriedForward { .. } | Reason::RevisionDifference { .. } => Self::Revision,
        })
    }
}

/// One figure of a public cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFigure {
    /// The figure; `None` when there is none (n = 0, "S/O") or when it is suppressed.
    pub value: Option<Decimal>,
    /// Institutions behind it.
    pub n: usize,
    /// Withheld by disclosure control (shown as a symbol, exported empty with a flag).
    pub suppressed: bool,
    /// Why it is withheld (public category).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<Withheld>,
}

/// A cell of the public table: one row, one column, every method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCell {
    /// The column (`sa`, `mutual`, `sector`).
    pub group: String,
    /// The published method's figure.
    pub published: PublicFigure,
    /// The pooled figure (Σ numerators ÷ Σ denominators, or the total).
    pub pooled: PublicFigure,
    /// The median of the institution values.
    pub median: PublicFigure,
    /// Institutions meeting their norm (`None` where the row has no norm, where nobody could
    /// be judged — no value, or for a trend no previous quarter —, or where the cell is
    /// suppressed; publications made before this rule may hold 0 for nobody judged).
    pub n_compliant: Option<usize>,
}

impl PublicCell {
    /// The figure of a method.
    pub fn figure(&self, method: Method) -> PublicFigure {
        match method {
            Method::Published => self.published,
            Method::Pooled => self.pooled,
            Method::Median => self.median,
        }
    }
}

/// A row of the public table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRow {
    /// Export code (`fin.par30`, `prud.capitalization.a`).
    pub code: String,
    /// The indicator (for A and B rows: their ratio).
    pub indicator: Code,
    /// Indicator, A row or B row.
    pub kind: RowKind,
    /// How figures are shown.
    pub display: DisplayKind,
    /// One cell per column.
    pub cells: Vec<PublicCell>,
}

/// A column of the public table, with the footnote of who reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicGroup {
    /// `sa`, `mutual`, …, or `sector`.
    pub code: String,
    /// Institutions whose return counts ("N reçus").
    pub received: usize,
    /// Institutions expected ("M attendus").
    pub expected: usize,
    /// Names of the reporting institutions in order of reception (the bulletin lists them, as
    /// the association's does; their figures are never published).
    pub reporting: Vec<String>,
}

/// The public view of a published quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTable {
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// The quarter.
    pub period: Period,
    /// Revision (1, 2, …).
    pub revision: i32,
    /// When it was published.
    pub published_at: NaiveDateTime,
    /// The revision's note.
    pub note: Option<String>,
    /// Columns: peer groups, then the sector.
    pub groups: Vec<PublicGroup>,
    /// Rows in bulletin order.
    pub rows: Vec<PublicRow>,
    /// Number of cells withheld by disclosure control (all methods).
    pub suppressed_cells: usize,
}

/// One line of a public export (`period,indicator,group,value,n,n_compliant,suppressed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicExportRow {
    /// The quarter.
    pub period: Period,
    /// Row code.
    pub indicator: String,
    /// Column.
    pub group: String,
    /// The figure at public precision (as the bulletin shows it); empty when none or
    /// suppressed.
    pub value: Option<Decimal>,
    /// Institutions behind it.
    pub n: usize,
    /// Institutions meeting their norm (empty where no norm, nobody judged, or suppressed).
    pub n_compliant: Option<usize>,
    /// Withheld by disclosure control.
    pub suppressed: bool,
}

impl PublicExportRow {
    /// The CSV header.
    pub const HEADER: [&'static str; 7] = [
        "period",
        "indicator",
        "group",
        "value",
        "n",
        "n_compliant",
        "suppressed",
    ];

    /// The fields as CSV text.
    pub fn fields(&self) -> [String; 7] {
        [
            self.period.to_string(),
            self.indicator.clone(),
            self.group.clone(),
            self.value
                .map(|v| v.normalize().to_string())
                .unwrap_or_default(),
            self.n.to_string(),
            self.n_compliant.map(|c| c.to_string()).unwrap_or_default(),
            self.suppressed.to_string(),
        ]
    }
}

/// Decides which figures are withheld: `(row code, column, method) → why`, `None` when public.
pub type Suppression<'a> = &'a dyn Fn(&str, &str, Method) -> Option<Withheld>;

/// Whether a table's figures are public (rounded as the bulletin shows them) or staff's (exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Public,
    Staff,
}

impl PublicTable {
    /// Builds the public view of `table`: every figure of every method at public precision
    /// ([`public_value`]: as the bulletin shows it, never the exact value) with its n, the
    /// footnote of each column from `collection`, and the figures `suppress` withholds emptied.
    pub fn build(
        table: &ConsolidatedTable,
        collection: &Collection,
        revision: i32,
        published_at: NaiveDateTime,
        note: Option<String>,
        suppress: Suppression<'_>,
    ) -> Self {
        Self::build_with(
            table,
            collection,
            revision,
            published_at,
            note,
            suppress,
            Precision::Public,
        )
    }

    fn build_with(
        table: &ConsolidatedTable,
        collection: &Collection,
        revision: i32,
        published_at: NaiveDateTime,
        note: Option<String>,
        suppress: Suppression<'_>,
        precision: Precision,
    ) -> Self {
        let mut suppressed_cells = 0;
        let rows = table
            .rows
            .iter()
            .map(|row| {
                let code = row.code();
                let cells = row
                    .cells
                    .iter()
                    .map(|cell| {
                        let mut fig = |m: Method| {
                            let f = cell.figure(m);
                            let withheld = suppress(&code, &cell.group, m);
                            let hidden = withheld.is_some();
                            if hidden {
                                suppressed_cells += 1;
                            }
                            PublicFigure {
                                value: if hidden {
                                    None
                                } else {
                                    f.value.filter(|_| f.n > 0).map(|v| match precision {
                                        Precision::Public => public_value(row.display, v),
                                        Precision::Staff => v,
                                    })
                                },
                                n: f.n,
                                suppressed: hidden,
                                withheld,
                            }
                        };
                        let published = fig(Method::Published);
                        let pooled = fig(Method::Pooled);
                        let median = fig(Method::Median);
                        PublicCell {
                            group: cell.group.clone(),
                            n_compliant: cell.n_compliant().filter(|_| !published.suppressed),
                            published,
                            pooled,
                            median,
                        }
                    })
                    .collect();
                PublicRow {
                    code,
                    indicator: row.indicator.clone(),
                    kind: row.kind,
                    display: row.display,
                    cells,
                }
            })
            .collect();
        let groups: Vec<PublicGroup> = table
            .groups
            .iter()
            .map(|g| {
                let cols: Vec<_> = if g.code == mizan_ratios::SECTOR {
                    collection.groups.iter().collect()
                } else {
                    collection
                        .groups
                        .iter()
                        .filter(|c| c.code == g.code)
                        .collect()
                };
                let mut reporting: Vec<(NaiveDateTime, i64, String)> = cols
                    .iter()
                    .flat_map(|c| c.institutions.iter())
                    .filter_map(|i| {
                        let first = i.versions.first()?;
                        i.effective.as_ref()?;
                        Some((first.received_at, first.id, i.name.clone()))
                    })
                    .collect();
                reporting.sort();
                PublicGroup {
                    code: g.code.clone(),
                    received: cols.iter().map(|c| c.received()).sum(),
                    expected: cols.iter().map(|c| c.expected()).sum(),
                    reporting: reporting.into_iter().map(|(_, _, n)| n).collect(),
                }
            })
            .collect();
        Self {
            framework: table.framework.clone(),
            framework_version: table.framework_version.clone(),
            period: table.period,
            revision,
            published_at,
            note,
            groups,
            rows,
            suppressed_cells,
        }
    }

    /// Withholds the count of institutions meeting the norm of the cells `hidden` names
    /// (`(row code, column) → withheld`), where the count would pin a judged institution's
    /// value ([`DisclosureResult::compliance_public`]).
    pub fn withhold_compliance(&mut self, hidden: &dyn Fn(&str, &str) -> bool) {
        for row in &mut self.rows {
            for cell in &mut row.cells {
                if hidden(&row.code, &cell.group) {
                    cell.n_compliant = None;
                }
            }
        }
    }

    /// Brings every figure to public precision ([`public_value`]). Idempotent; applied to
    /// every stored public table as it is read, so that a snapshot stored before figures were
    /// rounded at publication (with exact values) never reaches the public finer than the
    /// bulletin shows it. The stored row is not changed.
    pub fn round_to_public_precision(&mut self) {
        for row in &mut self.rows {
            let display = row.display;
            for cell in &mut row.cells {
                for fig in [&mut cell.published, &mut cell.pooled, &mut cell.median] {
                    fig.value = fig.value.map(|v| public_value(display, v));
                }
            }
        }
    }

    /// Every method at once, for snapshots published before the rule: a cell with a figure
    /// withheld by a primary rule about its contributions (threshold, dominance, p % rule) is
    /// withheld under every method. A no-op on tables published since (disclosure control
    /// already did it); a stored snapshot is not changed, only what is served from it.
    pub fn withhold_across_methods(&mut self) {
        for row in &mut self.rows {
            for cell in &mut row.cells {
                let primary = [&cell.published, &cell.pooled, &cell.median]
                    .into_iter()
                    .any(|f| {
                        f.suppressed
                            && matches!(
                                f.withheld,
                                Some(Withheld::Threshold | Withheld::Dominance | Withheld::PRule)
                            )
                    });
                if !primary {
                    continue;
                }
                for fig in [&mut cell.published, &mut cell.pooled, &mut cell.median] {
                    if !fig.suppressed && fig.n > 0 {
                        fig.suppressed = true;
                        fig.value = None;
                        fig.withheld = Some(Withheld::Secondary);
                    }
                }
                cell.n_compliant = None;
            }
        }
        self.suppressed_cells = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .flat_map(|c| [&c.published, &c.pooled, &c.median])
            .filter(|f| f.suppressed)
            .count();
    }

    /// The row with this export code.
    pub fn row(&self, code: &str) -> Option<&PublicRow> {
        self.rows.iter().find(|r| r.code == code)
    }

    /// The export rows of a method, in table order.
    pub fn export_rows(&self, method: Method) -> Vec<PublicExportRow> {
        self.rows
            .iter()
            .flat_map(|row| {
                row.cells.iter().map(move |cell| {
                    let f = cell.figure(method);
                    PublicExportRow {
                        period: self.period,
                        indicator: row.code.clone(),
                        group: cell.group.clone(),
                        value: f.value,
                        n: f.n,
                        n_compliant: if f.suppressed { None } else { cell.n_compliant },
                        suppressed: f.suppressed,
                    }
                })
            })
            .collect()
    }
}

/// A published quarter (latest revision) as listed publicly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The latest revision.
    pub latest: PublicationRecord,
    /// Every revision, oldest first (all but the last are superseded).
    pub revisions: Vec<PublicationRecord>,
}

/// Every published quarter of a framework, newest first.
pub fn published_quarters(app: &App, framework: &str) -> ServiceResult<Vec<Published>> {
    let mut conn = app.conn()?;
    let all = list_publications(&mut conn)?;
    let mut out: Vec<Published> = Vec::new();
    for rec in all.into_iter().filter(|r| r.framework == framework) {
        match out.iter_mut().find(|p| p.latest.period == rec.period) {
            Some(p) => {
                p.revisions.push(rec.clone());
                if rec.revision > p.latest.revision {
                    p.latest = rec;
                }
            }
            None => out.push(Published {
                latest: rec.clone(),
                revisions: vec![rec],
            }),
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.latest.period));
    Ok(out)
}

/// The public table of a publication.
pub fn load_public_table(app: &App, publication_id: i64) -> ServiceResult<PublicTable> {
    let mut conn = app.conn()?;
    let json = public_table(&mut conn, publication_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("publication {publication_id}")))?;
    let mut table: PublicTable = serde_json::from_str(&json).map_err(|e| {
        ServiceError::Internal(format!("stored public table {publication_id}: {e}"))
    })?;
    // Snapshots published before figures were rounded at publication hold exact values, and
    // may show under one method a cell withheld under another.
    table.round_to_public_precision();
    table.withhold_across_methods();
    Ok(table)
}

/// No suppression: the staff view, which sees every figure.
fn no_suppression(_: &str, _: &str, _: Method) -> Option<Withheld> {
    None
}

/// The live (unpublished, unsuppressed) view of a quarter, laid out like a public table: for
/// staff, who see every figure before publication, at full precision. Revision 0 marks it as not published.
/// Staff only.
pub fn staff_view(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
) -> ServiceResult<PublicTable> {
    let table = crate::consolidation::consolidated_table(app, actor, framework_id, period)?;
    let coll = collection_of(app, framework_id, period)?;
    Ok(PublicTable::build_with(
        &table,
        &coll,
        0,
        app.now(),
        None,
        &no_suppression,
        Precision::Staff,
    ))
}

/// Publishes a quarter: consolidates the returns that count now, builds the public view, and
/// stores both as the next revision with the list of contributing submissions. Refused when no
/// return counts, or when the latest revision was made from exactly the same submissions.
pub fn publish(
    app: &App,
    framework_id: &str,
    period: Period,
    note: Option<&str>,
    actor: &Actor,
) -> ServiceResult<PublicationRecord> {
    actor.require_staff()?;
    let fw: &Framework = app.framework(framework_id, period)?;
    let returns = returns_of_period(app, framework_id, period)?;
    if returns.is_empty() {
        return Err(ServiceError::Invalid(
            PublishRefusal::Nothing {
                framework: framework_id.to_owned(),
                period,
            }
            .into(),
        ));
    }
    let mut submission_ids: Vec<i64> = returns.iter().map(|(s, _)| s.id).collect();
    submission_ids.sort_unstable();
    // Read before taking this function's connection: a one-shot command has only one.
    let coll = collection_of(app, framework_id, period)?;
    let mut conn = app.conn()?;
    let earlier = revisions(&mut conn, framework_id, period)?;
    if let Some(last) = earlier.last()
        && publication_submissions(&mut conn, last.id)? == submission_ids
    {
        return Err(ServiceError::Invalid(
            PublishRefusal::AlreadyPublished {
                framework: framework_id.to_owned(),
                period,
                revision: last.revision,
                at: last.published_at,
            }
            .into(),
        ));
    }
    if let Some(n) = note
        && mizan_core::limits::too_long(n.trim(), mizan_core::limits::COMMENT_MAX_CHARS)
    {
        return Err(ServiceError::Invalid(crate::Refusal::TooLong {
            field: crate::refusal::Field::Note,
            chars: n.trim().chars().count(),
            max: mizan_core::limits::COMMENT_MAX_CHARS,
        }));
    }
    if !earlier.is_empty() && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(ServiceError::Invalid(
            PublishRefusal::RevisionNeedsNote {
                framework: framework_id.to_owned(),
                period,
            }
            .into(),
        ));
    }
    let inputs: Vec<_> = returns.into_iter().map(|(_, r)| r).collect();
    let table = mizan_ratios::consolidate(fw, period, &inputs)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    // Disclosure control against everything published before for this quarter.
    let mut earlier_tables: Vec<(ConsolidatedTable, DisclosureResult)> = Vec::new();
    for rec in &earlier {
        earlier_tables.push(load_staff(&mut conn, rec.id)?);
    }
    let earlier_pubs: Vec<Publication<'_>> = earlier_tables
        .iter()
        .map(|(table, result)| Publication { table, result })
        .collect();
    let decisions = protect(fw, &table, &earlier_pubs)
        .map_err(|e| ServiceError::Internal(format!("disclosure control: {e}")))?;
    if !decisions.unprotected.is_empty() {
        return Err(ServiceError::Invalid(
            PublishRefusal::CannotProtect {
                cells: decisions.unprotected.clone(),
            }
            .into(),
        ));
    }
    let now = app.now();
    let revision = earlier.last().map_or(1, |r| r.revision + 1);
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let withheld = |row: &str, group: &str, m: Method| {
        decisions
            .cell(row, group, m)
            .and_then(|d| Withheld::of(&d.reasons))
    };
    let mut public = PublicTable::build(
        &table,
        &coll,
        revision,
        now,
        note.map(str::to_owned),
        &withheld,
    );
    public.withhold_compliance(&|row, group| !decisions.compliance_public(row, group));
    let disclosure_json = serde_json::to_string(&decisions).map_err(|e| ServiceError::Write {
        what: "disclosure decisions",
        message: e.to_string(),
    })?;
    let public_json = serde_json::to_string(&public).map_err(|e| ServiceError::Write {
        what: "public table",
        message: e.to_string(),
    })?;
    let staff_json = serde_json::to_string(&table).map_err(|e| ServiceError::Write {
        what: "staff table",
        message: e.to_string(),
    })?;
    let sha = sha256_hex(public_json.as_bytes());
    mizan_storage::transaction(&mut conn, |conn| -> ServiceResult<PublicationRecord> {
        let rec = insert_publication(
            conn,
            &NewPublication {
                framework: framework_id,
                period,
                framework_version: &fw.version,
                published_at: now,
                published_by: &actor.name,
                note,
                public_table: &public_json,
                staff_table: &staff_json,
                disclosure: &disclosure_json,
                public_sha256: &sha,
                submissions: &submission_ids,
            },
        )?;
        if rec.revision != revision {
            return Err(ServiceError::Invalid(
                PublishRefusal::PublishedMeanwhile {
                    framework: framework_id.to_owned(),
                    period,
                }
                .into(),
            ));
        }
        let mut detail = crate::audit::Detail::new()
            .text("framework", framework_id)
            .count("revision", rec.revision)
            .size("submissions", submission_ids.len());
        if let Some(n) = note {
            detail = detail.text("note", n);
        }
        crate::audit::record(
            conn,
            crate::audit::Entry {
                period: Some(&period.to_string()),
                ..crate::audit::Entry::new(&actor.name, "publish")
            },
            &detail,
            now,
        )?;
        Ok(rec)
    })
}

fn load_staff(
    conn: &mut mizan_storage::DbConnection,
    id: i64,
) -> ServiceResult<(ConsolidatedTable, DisclosureResult)> {
    let bad = |what: &str, e: serde_json::Error| {
        ServiceError::Internal(format!("stored {what} of publication {id}: {e}"))
    };
    let table = staff_table(conn, id)?
        .ok_or_else(|| ServiceError::NotFound(format!("publication {id}")))?;
    let result =
        disclosure(conn, id)?.ok_or_else(|| ServiceError::NotFound(format!("publication {id}")))?;
    Ok((
        serde_json::from_str(&table).map_err(|e| bad("table", e))?,
        serde_json::from_str(&result).map_err(|e| bad("disclosure decisions", e))?,
    ))
}

/// The full table of a publication and its disclosure-control decisions, with the reason of
/// every withheld figure: staff only.
pub fn staff_publication(
    app: &App,
    actor: &Actor,
    publication_id: i64,
) -> ServiceResult<(ConsolidatedTable, DisclosureResult)> {
    actor.require_staff()?;
    let mut conn = app.conn()?;
    load_staff(&mut conn, publication_id)
}

/// A point of an indicator's time series: one published quarter (its latest revision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesPoint {
    /// The quarter.
    pub period: Period,
    /// The revision the figures come from.
    pub revision: i32,
    /// The row's cells (one per column).
    pub cells: Vec<PublicCell>,
}

/// The time series of a row (`fin.par30`) over every published quarter, oldest first.
pub fn series(app: &App, framework: &str, code: &str) -> ServiceResult<Vec<SeriesPoint>> {
    let mut points = Vec::new();
    for p in published_quarters(app, framework)? {
        let table = load_public_table(app, p.latest.id)?;
        if let Some(row) = table.row(code) {
            points.push(SeriesPoint {
                period: p.latest.period,
                revision: p.latest.revision,
                cells: row.cells.clone(),
            });
        }
    }
    points.sort_by_key(|p| p.period);
    Ok(points)
}
