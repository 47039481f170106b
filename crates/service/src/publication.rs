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
use crate::consolidation::accepted_returns_of_period;
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
    /// The first and third quartiles of the institution values, at public precision, where
    /// disclosure control allows them ([`mizan_ratios::disclosure::quartile_min_contributors`]
    /// contributors and no figure of the cell withheld); `None` otherwise, and in every
    /// snapshot published before quartiles were (the field is then absent from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quartiles: Option<Quartiles>,
}

/// The interquartile range of a cell's institution values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quartiles {
    /// First quartile (type 7, [`mizan_ratios::Distribution`]).
    pub q1: Decimal,
    /// Third quartile.
    pub q3: Decimal,
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
    /// `sa`, `mutual`, …, `sector`, and for a framework of several countries a country (`BF`)
    /// or a peer group in a country (`BF.sa`) ([`mizan_ratios::GroupSummary`]).
    pub code: String,
    /// The country of a country's column (absent otherwise, and from snapshots published
    /// before issue 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<mizan_core::institution::CountryCode>,
    /// The peer group of a peer group in a country (`BF.sa` → `sa`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_group: Option<String>,
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
    /// Columns: peer groups, then the sector; for a framework of several countries, then each
    /// country's total and its peer groups (as [`ConsolidatedTable::groups`]).
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
                            quartiles: None,
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
                // The column's institutions, by the table's membership rule: its peer group
                // (every group of the collection, `other` too, when none) and its country.
                let membership = g.membership();
                let members: Vec<&crate::collection::InstitutionStatus> = collection
                    .groups
                    .iter()
                    .filter(|c| membership.peer_group.is_none_or(|p| p == c.code))
                    .flat_map(|c| c.institutions.iter())
                    .filter(|i| membership.country.is_none_or(|k| i.country == Some(k)))
                    .collect();
                let mut reporting: Vec<(NaiveDateTime, i64, String)> = members
                    .iter()
                    .filter_map(|i| {
                        let first = i.versions.first()?;
                        i.effective.as_ref()?;
                        Some((first.received_at, first.id, i.name.clone()))
                    })
                    .collect();
                reporting.sort();
                PublicGroup {
                    code: g.code.clone(),
                    country: g.country,
                    peer_group: g.peer_group.clone(),
                    received: members.iter().filter(|i| i.received()).count(),
                    expected: members.len(),
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

    /// The table as one view shows it: the columns of `country` (its total and its peer
    /// groups), or with `None` the zone's own (peer groups and sector) — every column of a
    /// one-country framework's table. Only columns are dropped: every figure kept is the
    /// public one, withheld ones stay withheld.
    pub fn for_country(&self, country: Option<mizan_core::institution::CountryCode>) -> Self {
        let kept: Vec<&str> = self
            .groups
            .iter()
            .filter(|g| g.country == country)
            .map(|g| g.code.as_str())
            .collect();
        let mut out = self.clone();
        for row in &mut out.rows {
            row.cells.retain(|c| kept.contains(&c.group.as_str()));
        }
        out.groups.retain(|g| g.country == country);
        out
    }

    /// The countries with columns in the table, in column order (none for a one-country
    /// framework).
    pub fn countries(&self) -> Vec<mizan_core::institution::CountryCode> {
        let mut out = Vec::new();
        for c in self.groups.iter().filter_map(|g| g.country) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
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
                if let Some(q) = &mut cell.quartiles {
                    q.q1 = public_value(display, q.q1);
                    q.q3 = public_value(display, q.q3);
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
                cell.quartiles = None;
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

    /// Adds the first and third quartiles of `table`'s cells where disclosure control allows
    /// them: at least `min_contributors` institutions behind the median
    /// ([`mizan_ratios::disclosure::quartile_min_contributors`]) and no figure of the cell
    /// withheld. Call it after every figure of the table is decided; the quartiles are at
    /// public precision ([`public_value`]), like every figure.
    fn add_quartiles(&mut self, table: &ConsolidatedTable, min_contributors: usize) {
        for (row, consolidated) in self.rows.iter_mut().zip(&table.rows) {
            if row.code != consolidated.code() {
                continue;
            }
            let display = row.display;
            for cell in &mut row.cells {
                let Some(dist) = consolidated
                    .cells
                    .iter()
                    .find(|c| c.group == cell.group)
                    .and_then(|c| c.distribution)
                else {
                    continue;
                };
                let open = [&cell.published, &cell.pooled, &cell.median]
                    .into_iter()
                    .all(|f| !f.suppressed)
                    && cell.median.n >= min_contributors
                    && dist.n >= min_contributors;
                if !open {
                    continue;
                }
                cell.quartiles = Some(Quartiles {
                    q1: public_value(display, dist.q1),
                    q3: public_value(display, dist.q3),
                });
            }
        }
    }

    /// The row with this export code.
    pub fn row(&self, code: &str) -> Option<&PublicRow> {
        self.rows.iter().find(|r| r.code == code)
    }

    /// The export rows of a method, in table order, every figure at public precision
    /// ([`public_value`], idempotent: never finer than the bulletin shows it, whatever the
    /// table was built with).
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
                        value: f.value.map(|v| public_value(row.display, v)),
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

/// Whether staff confirmed a publication the guard would refuse (coverage below the
/// framework's `publication.min_coverage`, or returns still awaiting review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Refuse when the guard trips ([`PublishRefusal::NeedsConfirmation`]).
    Check,
    /// Staff confirmed explicitly: publish anyway; a note saying why is then required, and the
    /// audit entry records the confirmation (`publish.confirmed`).
    Confirmed,
}

/// The coverage of one column: expected institutions and those with an accepted return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Peer group code, `other` (institutions of no group), or `sector`.
    pub group: String,
    /// Institutions expected.
    pub expected: usize,
    /// Institutions with a return accepted by staff.
    pub accepted: usize,
    /// Below the framework's minimum coverage (never for `other`, which is no column).
    pub below: bool,
}

impl Coverage {
    /// The share of expected institutions with an accepted return (`None` when none expected).
    pub fn share(&self) -> Option<Decimal> {
        (self.expected > 0).then(|| Decimal::from(self.accepted) / Decimal::from(self.expected))
    }

    /// `accepted/expected` as the refusal names it (`sa 1/4`).
    fn label(&self) -> String {
        format!("{} {}/{}", self.group, self.accepted, self.expected)
    }
}

/// An institution whose latest version awaits staff's review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaiting {
    /// The institution.
    pub code: mizan_core::InstitutionCode,
    /// Its name.
    pub name: String,
    /// Its column.
    pub group: String,
    /// The version awaiting review.
    pub submission: mizan_storage::submissions::SubmissionRecord,
}

/// An institution late with its return (received after the deadline, or still missing past it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Late {
    /// The institution.
    pub code: mizan_core::InstitutionCode,
    /// Its name.
    pub name: String,
    /// Its column.
    pub group: String,
    /// How late (in the unit of the framework's deadline).
    pub late: mizan_core::calendar::Lateness,
    /// Whether nothing was received yet.
    pub missing: bool,
}

/// A figure the publication would withhold, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithheldFigure {
    /// Row code (`fin.par30`).
    pub row: String,
    /// The row's indicator.
    pub indicator: Code,
    /// Column.
    pub group: String,
    /// Method.
    pub method: Method,
    /// The public category.
    pub withheld: Withheld,
    /// Disclosure control's reasons, in full (staff only: they may name a contributor's share).
    pub reasons: Vec<Reason>,
}

/// What publishing a quarter now would give, nothing stored: for staff before they freeze it.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The framework.
    pub framework: String,
    /// The quarter.
    pub period: Period,
    /// The public table exactly as [`publish`] would store it (its revision, the figures at
    /// public precision, disclosure control applied); `None` when no return is accepted or
    /// disclosure control cannot protect the quarter.
    pub table: Option<PublicTable>,
    /// Every figure withheld, with its reason, in table order.
    pub withheld: Vec<WithheldFigure>,
    /// Coverage per column (peer groups, `other` if any, then the sector).
    pub coverage: Vec<Coverage>,
    /// The framework's minimum coverage.
    pub min_coverage: Decimal,
    /// Returns awaiting review (not in the publication).
    pub awaiting: Vec<Awaiting>,
    /// Institutions late or missing.
    pub late: Vec<Late>,
    /// Why [`publish`] would refuse without confirmation (`None`: it would publish).
    pub refusal: Option<crate::Refusal>,
    /// Whether the guard would refuse and staff may override it ([`Guard::Confirmed`], with a
    /// note): the guard's refusal, or a revision's missing note with the guard tripping too.
    pub confirmable: bool,
}

/// What a publication is made of, read before anything is decided.
struct Draft<'a> {
    fw: &'a Framework,
    coll: Collection,
    live: Collection,
    submission_ids: Vec<i64>,
    inputs: Vec<mizan_ratios::InstitutionReturn>,
    earlier: Vec<PublicationRecord>,
    same_as_last: bool,
}

fn draft<'a>(app: &'a App, framework_id: &str, period: Period) -> ServiceResult<Draft<'a>> {
    App::require_quarter(period)?;
    let fw: &Framework = app.framework(framework_id, period)?;
    let returns = accepted_returns_of_period(app, framework_id, period)?;
    let mut submission_ids: Vec<i64> = returns.iter().map(|(s, _)| s.id).collect();
    submission_ids.sort_unstable();
    // Read before taking this function's connection: a one-shot command has only one.
    let live = collection_of(app, framework_id, period)?;
    let coll = live.accepted_only();
    let mut conn = app.conn()?;
    let earlier = revisions(&mut conn, framework_id, period)?;
    let same_as_last = match earlier.last() {
        Some(last) => publication_submissions(&mut conn, last.id)? == submission_ids,
        None => false,
    };
    Ok(Draft {
        fw,
        coll,
        live,
        submission_ids,
        inputs: returns.into_iter().map(|(_, r)| r).collect(),
        earlier,
        same_as_last,
    })
}

impl Draft<'_> {
    fn coverage(&self) -> Vec<Coverage> {
        let min = self.fw.publication.min_coverage;
        let below = |c: &Coverage| {
            c.group != "other" && c.expected > 0 && c.share().is_some_and(|share| share < min)
        };
        let mut out: Vec<Coverage> = self
            .coll
            .groups
            .iter()
            .map(|g| Coverage {
                group: g.code.clone(),
                expected: g.expected(),
                accepted: g.received(),
                below: false,
            })
            .collect();
        let (accepted, expected) = self.coll.totals();
        out.push(Coverage {
            group: mizan_ratios::SECTOR.to_owned(),
            expected,
            accepted,
            below: false,
        });
        // A zone framework's table has a column per country and per peer group in each
        // country: each is guarded like the others.
        if self.fw.country.is_none() {
            let countries: std::collections::BTreeSet<_> = self
                .coll
                .groups
                .iter()
                .flat_map(|g| g.institutions.iter().filter_map(|i| i.country))
                .collect();
            for country in countries {
                // (accepted, expected) of the group's institutions in the country.
                let count = |g: &crate::collection::GroupCollection| {
                    g.institutions
                        .iter()
                        .filter(|i| i.country == Some(country))
                        .fold((0, 0), |(a, e), i| (a + usize::from(i.received()), e + 1))
                };
                let (accepted, expected) = self
                    .coll
                    .groups
                    .iter()
                    .map(count)
                    .fold((0, 0), |(a, e), (x, y)| (a + x, e + y));
                out.push(Coverage {
                    group: mizan_ratios::GroupSummary::country_code(country),
                    expected,
                    accepted,
                    below: false,
                });
                for g in self.coll.groups.iter().filter(|g| g.code != "other") {
                    let (accepted, expected) = count(g);
                    if expected > 0 {
                        out.push(Coverage {
                            group: mizan_ratios::GroupSummary::country_group_code(country, &g.code),
                            expected,
                            accepted,
                            below: false,
                        });
                    }
                }
            }
        }
        for c in &mut out {
            c.below = below(c);
        }
        out
    }

    fn awaiting(&self) -> Vec<Awaiting> {
        self.live
            .groups
            .iter()
            .flat_map(|g| g.institutions.iter().map(move |i| (g, i)))
            .filter(|(_, i)| i.awaiting_review())
            .filter_map(|(g, i)| {
                Some(Awaiting {
                    code: i.code.clone(),
                    name: i.name.clone(),
                    group: g.code.clone(),
                    submission: i.versions.last()?.clone(),
                })
            })
            .collect()
    }

    fn late(&self) -> Vec<Late> {
        self.live
            .groups
            .iter()
            .flat_map(|g| g.institutions.iter().map(move |i| (g, i)))
            .filter(|(_, i)| i.late.is_late())
            .map(|(g, i)| Late {
                code: i.code.clone(),
                name: i.name.clone(),
                group: g.code.clone(),
                late: i.late,
                missing: i.versions.is_empty(),
            })
            .collect()
    }

    /// The refusals that come before the guard's (nothing accepted, the same returns as the
    /// latest revision, a note too long, a revision without a note).
    fn refusal(
        &self,
        framework_id: &str,
        period: Period,
        note: Option<&str>,
    ) -> Option<crate::Refusal> {
        if self.inputs.is_empty() {
            return Some(
                PublishRefusal::Nothing {
                    framework: framework_id.to_owned(),
                    period,
                }
                .into(),
            );
        }
        if self.same_as_last
            && let Some(last) = self.earlier.last()
        {
            return Some(
                PublishRefusal::AlreadyPublished {
                    framework: framework_id.to_owned(),
                    period,
                    revision: last.revision,
                    at: last.published_at,
                }
                .into(),
            );
        }
        if let Some(n) = note
            && mizan_core::limits::too_long(n.trim(), mizan_core::limits::COMMENT_MAX_CHARS)
        {
            return Some(crate::Refusal::TooLong {
                field: crate::refusal::Field::Note,
                chars: n.trim().chars().count(),
                max: mizan_core::limits::COMMENT_MAX_CHARS,
            });
        }
        if !self.earlier.is_empty() && note.is_none_or(|n| n.trim().is_empty()) {
            return Some(
                PublishRefusal::RevisionNeedsNote {
                    framework: framework_id.to_owned(),
                    period,
                }
                .into(),
            );
        }
        None
    }

    /// The guard: coverage below the minimum, or returns awaiting review.
    fn guard(&self, framework_id: &str, period: Period) -> Option<PublishRefusal> {
        let awaiting: Vec<String> = self
            .awaiting()
            .into_iter()
            .map(|a| a.code.to_string())
            .collect();
        let below: Vec<String> = self
            .coverage()
            .iter()
            .filter(|c| c.below)
            .map(Coverage::label)
            .collect();
        if awaiting.is_empty() && below.is_empty() {
            return None;
        }
        Some(PublishRefusal::NeedsConfirmation {
            framework: framework_id.to_owned(),
            period,
            awaiting,
            below,
            min_percent: (self.fw.publication.min_coverage * Decimal::ONE_HUNDRED)
                .normalize()
                .to_string(),
        })
    }

    /// Consolidation, disclosure control against the earlier revisions, and the public table.
    fn compose(
        &self,
        conn: &mut mizan_storage::DbConnection,
        period: Period,
        revision: i32,
        now: NaiveDateTime,
        note: Option<&str>,
    ) -> ServiceResult<(ConsolidatedTable, DisclosureResult, PublicTable)> {
        let table = mizan_ratios::consolidate(self.fw, period, &self.inputs)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let mut earlier_tables: Vec<(ConsolidatedTable, DisclosureResult)> = Vec::new();
        for rec in &self.earlier {
            earlier_tables.push(load_staff(conn, rec.id)?);
        }
        let earlier_pubs: Vec<Publication<'_>> = earlier_tables
            .iter()
            .map(|(table, result)| Publication { table, result })
            .collect();
        let decisions = protect(self.fw, &table, &earlier_pubs)
            .map_err(|e| ServiceError::Internal(format!("disclosure control: {e}")))?;
        if !decisions.unprotected.is_empty() {
            return Err(ServiceError::Invalid(
                PublishRefusal::CannotProtect {
                    cells: decisions.unprotected.clone(),
                }
                .into(),
            ));
        }
        let withheld = |row: &str, group: &str, m: Method| {
            decisions
                .cell(row, group, m)
                .and_then(|d| Withheld::of(&d.reasons))
        };
        let mut public = PublicTable::build(
            &table,
            &self.coll,
            revision,
            now,
            note.map(str::to_owned),
            &withheld,
        );
        public.withhold_compliance(&|row, group| !decisions.compliance_public(row, group));
        public.add_quartiles(
            &table,
            mizan_ratios::disclosure::quartile_min_contributors(&self.fw.disclosure),
        );
        Ok((table, decisions, public))
    }

    fn next_revision(&self) -> i32 {
        self.earlier.last().map_or(1, |r| r.revision + 1)
    }
}

/// What publishing `period` now would give — the public table exactly as [`publish`] would
/// store it, every withheld figure with its reason, coverage per column, the returns awaiting
/// review and the late institutions, and why publishing would be refused — storing nothing.
/// Staff only.
pub fn preview(
    app: &App,
    actor: &Actor,
    framework_id: &str,
    period: Period,
    note: Option<&str>,
) -> ServiceResult<Preview> {
    actor.require_staff()?;
    let d = draft(app, framework_id, period)?;
    let mut refusal = d.refusal(framework_id, period, note);
    let guard = d.guard(framework_id, period);
    // The guard can be confirmed when nothing else refuses, or only the missing note of a
    // revision (which the confirmation's note answers).
    let only_the_note = matches!(
        refusal,
        None | Some(crate::Refusal::Publish(
            PublishRefusal::RevisionNeedsNote { .. }
        ))
    );
    let mut confirmable = guard.is_some() && only_the_note;
    if refusal.is_none() {
        refusal = guard.map(Into::into);
    }
    let mut withheld = Vec::new();
    let table = if d.inputs.is_empty() {
        None
    } else {
        let mut conn = app.conn()?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        match d.compose(&mut conn, period, d.next_revision(), app.now(), note) {
            Ok((_, decisions, public)) => {
                for row in &public.rows {
                    for cell in &row.cells {
                        for m in [Method::Published, Method::Pooled, Method::Median] {
                            if let Some(w) = cell.figure(m).withheld {
                                withheld.push(WithheldFigure {
                                    row: row.code.clone(),
                                    indicator: row.indicator.clone(),
                                    group: cell.group.clone(),
                                    method: m,
                                    withheld: w,
                                    reasons: decisions
                                        .cell(&row.code, &cell.group, m)
                                        .map(|c| c.reasons.clone())
                                        .unwrap_or_default(),
                                });
                            }
                        }
                    }
                }
                Some(public)
            }
            Err(ServiceError::Invalid(r)) => {
                if refusal.is_none() || confirmable {
                    refusal = Some(r);
                    confirmable = false;
                }
                None
            }
            Err(e) => return Err(e),
        }
    };
    Ok(Preview {
        framework: framework_id.to_owned(),
        period,
        table,
        withheld,
        coverage: d.coverage(),
        min_coverage: d.fw.publication.min_coverage,
        awaiting: d.awaiting(),
        late: d.late(),
        refusal,
        confirmable,
    })
}

/// Publishes a quarter: consolidates the returns staff **accepted** (returns awaiting review do
/// not count), builds the public view, and stores both as the next revision with the list of
/// contributing submissions. Refused when no return is accepted, when the latest revision was
/// made from exactly the same submissions, when a revision has no note, and — unless staff
/// confirmed ([`Guard::Confirmed`], with a note) — when a column's coverage is below the
/// framework's `publication.min_coverage` or returns still await review.
pub fn publish(
    app: &App,
    framework_id: &str,
    period: Period,
    note: Option<&str>,
    guard: Guard,
    actor: &Actor,
) -> ServiceResult<PublicationRecord> {
    actor.require_staff()?;
    let d = draft(app, framework_id, period)?;
    if let Some(r) = d.refusal(framework_id, period, note) {
        return Err(ServiceError::Invalid(r));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let confirmed = match (d.guard(framework_id, period), guard) {
        (None, _) => None,
        (Some(r), Guard::Check) => return Err(ServiceError::Invalid(r.into())),
        (Some(_), Guard::Confirmed) if note.is_none() => {
            return Err(ServiceError::Invalid(
                PublishRefusal::ConfirmationNeedsNote {
                    framework: framework_id.to_owned(),
                    period,
                }
                .into(),
            ));
        }
        (Some(r), Guard::Confirmed) => Some(r),
    };
    let now = app.now();
    let revision = d.next_revision();
    let mut conn = app.conn()?;
    let (table, decisions, public) = d.compose(&mut conn, period, revision, now, note)?;
    let submission_ids = &d.submission_ids;
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
    let fw = d.fw;
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
                submissions: submission_ids,
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
        let mut action = "publish";
        if let Some(PublishRefusal::NeedsConfirmation {
            awaiting,
            below,
            min_percent,
            ..
        }) = &confirmed
        {
            action = "publish.confirmed";
            detail = detail
                .size("awaiting", awaiting.len())
                .text(
                    "below",
                    if below.is_empty() {
                        "-".to_owned()
                    } else {
                        below.join(", ")
                    },
                )
                .text("min", min_percent);
        }
        if let Some(n) = note {
            detail = detail.text("note", n);
        }
        crate::audit::record(
            conn,
            crate::audit::Entry {
                period: Some(&period.to_string()),
                ..crate::audit::Entry::new(&actor.name, action)
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
