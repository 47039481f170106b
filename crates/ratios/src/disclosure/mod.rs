//! Disclosure control of the public tables: primary and secondary cell suppression, proved by
//! solving the attacker's problem exactly, and carried across revisions.
//!
//! The consolidation ([`ConsolidatedTable`]) is never changed: [`protect`] reads it and returns a
//! [`DisclosureResult`], the suppression pattern of every public figure (row × column × method)
//! with the reasons of each suppression, and [`DisclosureResult::public_rows`] gives the public
//! export, where a suppressed figure has an empty value and the `suppressed` flag. Members and
//! partners who may see peer detail read the unsuppressed table itself.
//!
//! # What is public, by method
//! - **published** and **pooled** figures that are sums of institution values (totals, means
//!   published with their n, the A and B rows of prudential ratios): public when they pass the
//!   threshold, dominance and p % rules and no institution's value can be derived from them;
//! - **pooled ratios** (Σ numerator ÷ Σ denominator, and prudential ratios Σ A ÷ Σ B): the
//!   threshold rule, and the dominance and p % rules on the numerators and on the
//!   denominators; a prudential ratio is suppressed with its A and B rows;
//! - **medians**: only with at least `median_min_contributors` contributors (the median of three
//!   values *is* one institution's value); minimum and maximum are never public; the first
//!   and third quartiles only with at least [`quartile_min_contributors`] contributors and
//!   where every figure of the cell is public (see that function);
//! - the number of institutions meeting the norm (`n_compliant`) goes with the published figure,
//!   and is withheld on its own when everyone (or no one) judged meets a threshold norm whose
//!   bound lies within the protection level of a judged institution's value.
//!
//! # Every method at once
//! A cell (row × column) whose figure fails a primary rule about its contributions under any
//! method — threshold, dominance, p % rule, revision difference — is withheld under every
//! method ([`Reason::SameCell`]): its contributors are at risk, whichever statistic shows
//! them. A median withheld only for its own threshold (`median_min_contributors`) does not
//! take the cell's other figures with it (the mean of four institutions is public, their
//! median is not). Secondary suppression then runs over the union, on the sums every method
//! publishes. Public figures are published at the precision the bulletin shows them
//! ([`crate::public_value`]); the solver here treats them as exact, which only makes the
//! attacker it defends against stronger than the real one.
//!
//! See `docs/disclosure.md` for the rules, the relations, the protection level and the solver.

mod audit;
mod cells;
mod exact;
mod public;
mod rational;

use std::collections::BTreeMap;
use std::fmt;

use mizan_core::framework::Disclosure;
use mizan_core::{Decimal, Framework, Period};
use serde::{Deserialize, Serialize};

use crate::consolidate::{ConsolidatedTable, Method};

pub use exact::{Exact, Infeasible, LinearSystem, Range};
pub use public::PublicRow;

/// Which part of a contribution a dominance or p % rule was evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The institution values summed by the figure.
    Value,
    /// The numerators of a pooled ratio.
    Numerator,
    /// The denominators of a pooled ratio.
    Denominator,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Value => "values",
            Self::Numerator => "numerators",
            Self::Denominator => "denominators",
        })
    }
}

/// Why a public figure is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// Primary: fewer contributors than the threshold (an owner group counts once).
    Threshold {
        /// Contributors behind the figure.
        contributors: usize,
        /// The threshold.
        min: usize,
    },
    /// Primary: the largest contributor(s) make more than k % of the total.
    Dominance {
        /// Share of the `dominance_n` largest contributors, in percent.
        share: Decimal,
        /// What was summed.
        of: Part,
    },
    /// Primary: the contributors other than the two largest make less than p % of the largest,
    /// so the second largest could estimate the largest within p %.
    PRule {
        /// The others' total as a percentage of the largest.
        remainder: Decimal,
        /// What was summed.
        of: Part,
    },
    /// Primary: a median with fewer contributors than `median_min_contributors`.
    MedianThreshold {
        /// Contributors behind the median.
        contributors: usize,
        /// The threshold.
        min: usize,
    },
    /// Secondary: suppressed so that a contributor's value in a row cannot be derived from the
    /// published figures (found by solving the attacker's problem).
    Secondary {
        /// The row whose value is protected (`nf.clients.total`).
        row: String,
        /// The column of the figure that was at risk (`sa`, `sector`).
        group: String,
        /// The institution, or the owner group, protected.
        contributor: String,
    },
    /// Secondary: a pooled ratio is never the only suppressed figure of a relation between
    /// its row's columns (the sector is a weighted mean of the groups; in a zone also a country
    /// of its groups, a group of its country cells, the zone of its countries).
    Complement {
        /// The suppressed column it accompanies.
        group: String,
    },
    /// The same cell (row and column) is withheld under another method for a primary reason
    /// about its contributions (threshold, dominance, p % rule, revision difference): the cell
    /// is at risk whatever the method, so it is withheld under every method.
    SameCell {
        /// The method whose figure failed a primary rule.
        method: Method,
    },
    /// Suppressed with a linked figure: a prudential ratio and its A and B rows go together.
    Linked {
        /// The export code of the linked row.
        row: String,
    },
    /// Suppressed in an earlier publication of the same period, so suppressed again.
    CarriedForward {
        /// The earlier revision.
        revision: u32,
    },
    /// The change since an earlier publication is due to fewer than
    /// `revision_min_contributors` contributors (a late or corrected return).
    RevisionDifference {
        /// The earlier revision.
        revision: u32,
        /// Contributors whose contribution changed.
        contributors: usize,
    },
}

impl Reason {
    /// Whether this is a primary reason (the figure itself is at risk).
    pub fn is_primary(&self) -> bool {
        matches!(
            self,
            Self::Threshold { .. }
                | Self::Dominance { .. }
                | Self::PRule { .. }
                | Self::MedianThreshold { .. }
                | Self::RevisionDifference { .. }
        )
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |d: &Decimal| mizan_core::number::round_half_away(*d, 2);
        match self {
            Self::Threshold { contributors, min } => {
                write!(
                    f,
                    "threshold: n = {contributors} contributors (minimum {min})"
                )
            }
            Self::Dominance { share, of } => {
                write!(
                    f,
                    "dominance: the largest contributor makes {} % of the {of}",
                    pct(share)
                )
            }
            Self::PRule { remainder, of } => write!(
                f,
                "p % rule: the other contributors make {} % of the largest ({of})",
                pct(remainder)
            ),
            Self::MedianThreshold { contributors, min } => {
                write!(f, "median: n = {contributors} contributors (minimum {min})")
            }
            Self::Secondary {
                row,
                group,
                contributor,
            } => write!(f, "secondary: protects {contributor} in {row} ({group})"),
            Self::Complement { group } => {
                write!(f, "secondary: complement of the suppressed {group} ratio")
            }
            Self::SameCell { method } => {
                write!(f, "same cell: withheld under the {method} method")
            }
            Self::Linked { row } => write!(f, "linked: suppressed with {row}"),
            Self::CarriedForward { revision } => {
                write!(f, "carried forward from revision {revision}")
            }
            Self::RevisionDifference {
                revision,
                contributors,
            } => write!(
                f,
                "revision difference: the change since revision {revision} is due to \
                 {contributors} contributor(s)"
            ),
        }
    }
}

/// The decision for one public figure: a row (`fin.par30`, `prud.liquidity.a`), a column and
/// a method; public when `reasons` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellDecision {
    /// The row's export code.
    pub row: String,
    /// The column (`sa`, `mutual`, `sector`).
    pub group: String,
    /// The method.
    pub method: Method,
    /// Why it is suppressed (primary reasons first); empty when public.
    pub reasons: Vec<Reason>,
}

impl CellDecision {
    /// Whether the figure is suppressed.
    pub fn suppressed(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// What the public can derive about a suppressed sum: the range of the total (Σ of the
/// institution values, that is the mean × n) over every solution of the published figures, the
/// relations and the signs. `None`: unbounded on that side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackerInterval {
    /// The row's export code.
    pub row: String,
    /// The column.
    pub group: String,
    /// The true total (staff only).
    pub total: Decimal,
    /// The smallest total consistent with the public figures (truncated to 12 decimals).
    pub lower: Option<Decimal>,
    /// The largest total consistent with the public figures (truncated to 12 decimals).
    pub upper: Option<Decimal>,
}

/// The suppression pattern of one publication of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureResult {
    /// Framework id.
    pub framework: String,
    /// The period.
    pub period: Period,
    /// The publication's revision of the period (1 for the first).
    pub revision: u32,
    /// The settings applied.
    pub settings: DisclosureSettings,
    /// Every figure of the table: rows in table order, then columns, then methods
    /// (published, pooled, median).
    pub cells: Vec<CellDecision>,
    /// For every suppressed sum of this revision: what the public can derive about it.
    pub intervals: Vec<AttackerInterval>,
    /// Contributors whose value remained derivable within the protection level even with every
    /// figure of its rows suppressed (possible only when an earlier publication already
    /// disclosed it); empty in a sound publication.
    pub unprotected: Vec<String>,
    /// Cells whose count of institutions meeting the norm is withheld although their figure is
    /// public: everyone (or no one) judged meets a threshold norm, and the norm's bound is
    /// within the protection level of a judged institution's value (so "all meet `< 2`" would
    /// say that a value of 1.83 lies in [0, 2]). Published before this rule: empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compliance_withheld: Vec<CellRef>,
}

/// A cell of the table (row × column), independent of the method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellRef {
    /// The row's export code.
    pub row: String,
    /// The column.
    pub group: String,
}

/// The settings a result was computed with (a copy of the framework's `[disclosure]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureSettings {
    /// Threshold rule.
    pub min_contributors: usize,
    /// Dominance rule n.
    pub dominance_n: usize,
    /// Dominance rule k (percent).
    pub dominance_k: Decimal,
    /// p % rule.
    pub p_percent: Decimal,
    /// Protection level (percent of the contributor's own value).
    pub protection_percent: Decimal,
    /// Median threshold.
    pub median_min_contributors: usize,
    /// Revision-difference threshold.
    pub revision_min_contributors: usize,
}

impl From<&Disclosure> for DisclosureSettings {
    fn from(d: &Disclosure) -> Self {
        Self {
            min_contributors: d.min_contributors,
            dominance_n: d.dominance_n,
            dominance_k: d.dominance_k,
            p_percent: d.p_percent,
            protection_percent: d.protection_percent,
            median_min_contributors: d.median_min_contributors,
            revision_min_contributors: d.revision_min_contributors,
        }
    }
}

/// The fewest contributors for which a cell's first and third quartiles may be published:
/// twice the median's threshold (`median_min_contributors`, itself at least
/// `min_contributors`).
///
/// A quartile, like a median, is an order statistic: with few values it *is* one
/// institution's value, and fewer institutions lie beyond it than beyond the median. The
/// median of `m` values has `⌊(m − 1) / 2⌋` values strictly on each side; a type-7 quartile
/// of `2m` values has `⌊(2m − 1) / 4⌋` values strictly below the first (above the third),
/// which is never fewer. So with at least `2m` contributors a quartile is hidden among as
/// many institutions as the smallest public median — the same protection, not a weaker one.
/// Quartiles are published only where, besides, no figure of the cell is withheld (the
/// attacker of secondary suppression works on sums and is not told the quartiles, so a cell
/// whose figures it had to protect shows none).
pub fn quartile_min_contributors(settings: &Disclosure) -> usize {
    settings
        .median_min_contributors
        .max(settings.min_contributors)
        .saturating_mul(2)
}

/// An earlier publication of the same period: its (unsuppressed) table and its pattern.
#[derive(Debug, Clone, Copy)]
pub struct Publication<'a> {
    /// The table as consolidated then (its contributors and values).
    pub table: &'a ConsolidatedTable,
    /// Its disclosure result.
    pub result: &'a DisclosureResult,
}

/// A table that cannot be protected as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisclosureError {
    /// The table was consolidated under another framework.
    #[error("the table is of framework \"{table}\", not \"{framework}\"")]
    WrongFramework {
        /// The table's framework.
        table: String,
        /// The framework given.
        framework: String,
    },
    /// An earlier publication of another period or framework.
    #[error("earlier publication {revision} is of {period}, not {expected}")]
    WrongPublication {
        /// Its revision.
        revision: u32,
        /// Its period and framework.
        period: String,
        /// The period and framework expected.
        expected: String,
    },
    /// The published figures contradict their own relations (inconsistent data).
    #[error("row {row}: the published figures and the relations have no common solution")]
    Inconsistent {
        /// A row of the family concerned.
        row: String,
    },
}

/// Decides which figures of `table` are public.
///
/// `earlier` are the earlier publications of the same period, oldest first (empty for a first
/// publication); the result's revision follows the last of them. The table is not changed.
///
/// Steps: primary rules on every figure (threshold, dominance and p % rules, median
/// threshold); revisions (carried forward, revision differences); a cell failing a primary
/// rule under one method is withheld under every method; links (a prudential ratio
/// with its A and B rows) and complements of pooled ratios; then, row family by row family
/// (rows related by totals of parts), the attacker's problem is solved exactly for every
/// contributor, and complementary figures are suppressed — the cheapest that restores the
/// protection first — until no contributor's value can be derived within the protection level.
pub fn protect(
    fw: &Framework,
    table: &ConsolidatedTable,
    earlier: &[Publication<'_>],
) -> Result<DisclosureResult, DisclosureError> {
    if table.framework != fw.id {
        return Err(DisclosureError::WrongFramework {
            table: table.framework.clone(),
            framework: fw.id.clone(),
        });
    }
    for p in earlier {
        if p.table.period != table.period
            || p.result.period != table.period
            || p.table.framework != fw.id
        {
            return Err(DisclosureError::WrongPublication {
                revision: p.result.revision,
                period: format!("{} {}", p.table.framework, p.table.period),
                expected: format!("{} {}", fw.id, table.period),
            });
        }
    }
    let revision = earlier.last().map_or(1, |p| p.result.revision + 1);
    let model = cells::Model::new(fw, table, earlier);
    let mut state: BTreeMap<cells::Key, Vec<Reason>> = BTreeMap::new();
    model.primary(&mut state);
    model.revisions(&mut state);
    model.same_cell(&mut state);
    model.closures(&mut state);
    let audit = audit::Audit::new(&model);
    let unprotected = audit.protect(&mut state)?;
    model.closures(&mut state);
    let intervals = audit.intervals(&state)?;
    let compliance_withheld = model.compliance(&state);
    Ok(DisclosureResult {
        framework: fw.id.clone(),
        period: table.period,
        revision,
        settings: (&fw.disclosure).into(),
        cells: model.decisions(&state),
        intervals,
        unprotected,
        compliance_withheld,
    })
}

impl DisclosureResult {
    /// The decision for a figure.
    pub fn cell(&self, row: &str, group: &str, method: Method) -> Option<&CellDecision> {
        self.cells
            .iter()
            .find(|c| c.row == row && c.group == group && c.method == method)
    }

    /// Whether a figure is suppressed (an unknown figure counts as suppressed).
    pub fn is_suppressed(&self, row: &str, group: &str, method: Method) -> bool {
        self.cell(row, group, method)
            .is_none_or(CellDecision::suppressed)
    }

    /// Whether the count of institutions meeting the norm of a cell is public: its published
    /// figure is, and the count does not pin a judged institution's value
    /// ([`Self::compliance_withheld`]).
    pub fn compliance_public(&self, row: &str, group: &str) -> bool {
        !self.is_suppressed(row, group, Method::Published)
            && !self
                .compliance_withheld
                .iter()
                .any(|c| c.row == row && c.group == group)
    }

    /// The suppressed figures, in table order.
    pub fn suppressed(&self) -> impl Iterator<Item = &CellDecision> {
        self.cells.iter().filter(|c| c.suppressed())
    }
}
