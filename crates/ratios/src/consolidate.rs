//! Consolidation of one period: every indicator per peer group and for the whole sector, and
//! for a framework of several countries (no `[framework] country`, such as the BCEAO's zone)
//! per country and per peer group in each country.
//!
//! Column codes: a peer group's own code (`sa`, lower case), [`SECTOR`] (the whole set of
//! institutions: the zone of a zone framework), a country's ISO code (`BF`, two upper-case
//! letters: the country's total), and `<country>.<peer group>` (`BF.sa`: the peer group in the
//! country). Which institutions a column holds is decided by one function,
//! [`GroupSummary::membership`] (through [`ConsolidatedTable::membership`]).

use std::collections::BTreeSet;

use mizan_core::framework::{Compliance, Consolidation, DisplayKind, Formula, IndicatorDef};
use mizan_core::institution::CountryCode;
use mizan_core::{Code, Decimal, Framework, InstitutionCode, Period, Values};
use serde::{Deserialize, Serialize};

use crate::indicators::{IndicatorValue, InstitutionReturn, indicator_value, ratio};
use crate::stats::Distribution;

/// The code of the whole-sector column (reserved: no peer group may use it).
pub const SECTOR: &str = "sector";

/// Returns that cannot be consolidated together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsolidateError {
    /// Two returns of the same institution (the caller must pick one version).
    #[error("{period}: institution {institution} has more than one return")]
    DuplicateInstitution {
        /// The period.
        period: Period,
        /// The institution.
        institution: InstitutionCode,
    },
    /// An institution reporting under another framework.
    #[error(
        "{period}: institution {institution} reports under framework \"{its}\", \
         not \"{framework}\""
    )]
    WrongFramework {
        /// The period.
        period: Period,
        /// The institution.
        institution: InstitutionCode,
        /// The framework in its attributes.
        its: String,
        /// The framework consolidated.
        framework: String,
    },
}

/// A column of the table: a peer group, the sector, a country or a peer group in a country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// `sa`, `mutual`, …, [`SECTOR`], a country (`BF`) or a peer group in a country (`BF.sa`).
    pub code: String,
    /// Number of institutions with a return in the column.
    pub institutions: usize,
    /// For a column of a country (its total, or one of its peer groups): the country. Absent
    /// from the peer-group columns, the sector, and every table stored before issue 16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// For a peer group in a country (`BF.sa`): the peer group. A peer-group column is named by
    /// its code alone (so a one-country framework's table is the same as before issue 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_group: Option<String>,
}

/// Which institutions a column holds: those of a peer group (any when `None`) and of a country
/// (any when `None`). The sector is `(None, None)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership<'t> {
    /// The peer group the members belong to.
    pub peer_group: Option<&'t str>,
    /// The country the members are in.
    pub country: Option<CountryCode>,
}

impl Membership<'_> {
    /// The membership of a column code alone (a column a table does not have): the sector,
    /// else a peer group of that code.
    fn of_code(code: &str) -> Membership<'_> {
        Membership {
            peer_group: (code != SECTOR).then_some(code),
            country: None,
        }
    }

    /// Whether an institution is counted in the column.
    pub fn contains(&self, e: &InstitutionEntry) -> bool {
        self.peer_group
            .is_none_or(|g| e.group.as_deref() == Some(g))
            && self.country.is_none_or(|c| e.country == Some(c))
    }

    /// Whether every member of `self` is a member of `other`.
    pub fn within(&self, other: &Membership<'_>) -> bool {
        other.peer_group.is_none_or(|g| self.peer_group == Some(g))
            && other.country.is_none_or(|c| self.country == Some(c))
    }
}

impl GroupSummary {
    /// Which institutions the column holds: the one membership rule of the table (a column
    /// without `country` is the sector or the peer group of its code).
    pub fn membership(&self) -> Membership<'_> {
        match self.country {
            Some(country) => Membership {
                peer_group: self.peer_group.as_deref(),
                country: Some(country),
            },
            None => Membership::of_code(&self.code),
        }
    }

    /// The column code of a country's total (`BF`).
    pub fn country_code(country: CountryCode) -> String {
        country.to_string()
    }

    /// The column code of a peer group in a country (`BF.sa`).
    pub fn country_group_code(country: CountryCode, group: &str) -> String {
        format!("{country}.{group}")
    }
}

/// One institution's contribution to the table (kept so that disclosure control and
/// drill-downs can see who is behind each cell; never part of a public export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionEntry {
    /// The institution.
    pub code: InstitutionCode,
    /// Its peer group, `None` when its legal form belongs to none (it counts in the sector only).
    pub group: Option<String>,
    /// Institutions under one owner or network (one contributor for disclosure control).
    pub owner_group: Option<String>,
    /// Its country, in the table of a framework of several countries (`None` in a one-country
    /// framework's table, whose columns are not per country, and for an institution the
    /// registry gives no country: it counts in its peer group and the sector only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// Every indicator, in the order of [`ConsolidatedTable::rows`]' indicators (framework order).
    pub indicators: Vec<IndicatorValue>,
}

/// What a row of the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// The indicator itself.
    Indicator,
    /// The A (numerator) row under a ratio of sums, exported as `<code>.a`.
    ComponentA,
    /// The B (denominator) row under a ratio of sums, exported as `<code>.b`.
    ComponentB,
}

/// One row of the table: an indicator, or the A or B row of a prudential ratio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The indicator (for A and B rows: the ratio they belong to).
    pub indicator: Code,
    /// Indicator, A or B.
    pub kind: RowKind,
    /// How the published figure is shown (A and B rows: whole currency units).
    pub display: DisplayKind,
    /// The published method of the indicator.
    pub consolidation: Consolidation,
    /// Whether the indicator has a norm (and cells count the institutions that meet it).
    pub has_norm: bool,
    /// One cell per column, in the order of [`ConsolidatedTable::groups`].
    pub cells: Vec<Cell>,
}

impl Row {
    /// The row's code in exports: the indicator's code, with `.a` / `.b` for A and B rows.
    pub fn code(&self) -> String {
        match self.kind {
            RowKind::Indicator => self.indicator.to_string(),
            RowKind::ComponentA => format!("{}.a", self.indicator),
            RowKind::ComponentB => format!("{}.b", self.indicator),
        }
    }

    /// Whether `code` is this row's export code (without building it).
    pub fn has_code(&self, code: &str) -> bool {
        let base = match self.kind {
            RowKind::Indicator => Some(code),
            RowKind::ComponentA => code.strip_suffix(".a"),
            RowKind::ComponentB => code.strip_suffix(".b"),
        };
        base == Some(self.indicator.as_str())
    }

    /// The cell of a column.
    pub fn cell(&self, group: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.group == group)
    }
}

/// A pooled figure: Σ numerator ÷ Σ denominator × scale for ratios (over the institutions that
/// report both parts), the total Σ for values and for A and B rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pooled {
    /// Institutions pooled.
    pub n: usize,
    /// The pooled ratio or the total (`None` when `n = 0` or Σ denominator = 0).
    pub value: Option<Decimal>,
    /// For ratios: Σ numerator.
    pub numerator: Option<Decimal>,
    /// For ratios: Σ denominator.
    pub denominator: Option<Decimal>,
}

/// How many institutions of a cell meet the norm each of them is held to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormCount {
    /// Institutions that could be judged (a value, and for trends a previous value).
    pub judged: usize,
    /// Institutions that meet their norm.
    pub compliant: usize,
}

/// One figure of a cell for a method, with its n.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// The figure (`None`: no value, shown "S/O").
    pub value: Option<Decimal>,
    /// Institutions behind it.
    pub n: usize,
}

/// A cell: one indicator (or A/B row) for one column, by every method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The column (`sa`, `mutual`, `sector`).
    pub group: String,
    /// Institutions behind the published figure: those with a value (mean of values), those
    /// reporting both A and B (ratio of sums and its A and B rows).
    pub n: usize,
    /// The published figure: mean of the institution values, or Σ A ÷ Σ B × scale, or for A
    /// and B rows Σ A ÷ n and Σ B ÷ n. `None` when `n = 0` ("S/O").
    pub value: Option<Decimal>,
    /// The pooled figure.
    pub pooled: Pooled,
    /// Minimum, quartiles, median and maximum of the institution values.
    pub distribution: Option<Distribution>,
    /// Institutions judged against their norm and meeting it (`None` when the row has no
    /// norm; `judged` may be 0).
    pub norm: Option<NormCount>,
}

/// Which figure of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The published method of the indicator (mean of values, or ratio of sums).
    Published,
    /// Σ numerator ÷ Σ denominator (ratios), Σ (values).
    Pooled,
    /// The median of the institution values.
    Median,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 3] = [Method::Published, Method::Pooled, Method::Median];

    /// Stable code (`published`, `pooled`, `median`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pooled => "pooled",
            Self::Median => "median",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A method code that is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown consolidation method \"{0}\"; use published, pooled or median")]
pub struct MethodError(pub String);

impl std::str::FromStr for Method {
    type Err = MethodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.code() == s.trim())
            .ok_or_else(|| MethodError(s.to_owned()))
    }
}

impl Cell {
    /// The figure of a method and the number of institutions behind it.
    pub fn figure(&self, method: Method) -> Figure {
        match method {
            Method::Published => Figure {
                value: self.value,
                n: self.n,
            },
            Method::Pooled => Figure {
                value: self.pooled.value,
                n: self.pooled.n,
            },
            Method::Median => Figure {
                value: self.distribution.map(|d| d.median),
                n: self.distribution.map_or(0, |d| d.n),
            },
        }
    }

    /// Institutions meeting their norm: `None` when the row has no norm, and when nobody could
    /// be judged (no value; for a trend norm, no previous quarter's value — on a first quarter
    /// "0 compliant" would read as "nobody meets the norm"). [`Cell::norm`] keeps the count.
    pub fn n_compliant(&self) -> Option<usize> {
        self.norm.filter(|c| c.judged > 0).map(|c| c.compliant)
    }
}

/// What one institution puts into one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Contribution<'a> {
    /// The institution.
    pub institution: &'a InstitutionCode,
    /// Its owner or network, when it has one.
    pub owner_group: Option<&'a str>,
    /// Its value for the row (for A and B rows: its A or B amount).
    pub value: Option<Decimal>,
    /// For ratios: its numerator.
    pub numerator: Option<Decimal>,
    /// For ratios: its denominator.
    pub denominator: Option<Decimal>,
}

/// The consolidated table of one period: every indicator (and the A and B rows of prudential
/// ratios) for each peer group and the sector, by every method, plus the institution values
/// behind them. Serializes deterministically (same inputs, byte-identical JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsolidatedTable {
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// The period.
    pub period: Period,
    /// Columns: the framework's peer groups in order, then the sector; for a framework of
    /// several countries, then each country with institutions (in code order): its total, then
    /// its peer groups in framework order.
    pub groups: Vec<GroupSummary>,
    /// Rows in bulletin order; the A and B rows follow their ratio.
    pub rows: Vec<Row>,
    /// The institutions consolidated, by code, with their indicator values.
    pub institutions: Vec<InstitutionEntry>,
}

fn sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, Decimal::checked_add)
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    sum(values.iter().copied())?
        .checked_div(Decimal::from(values.len()))
        .map(|d| d.normalize())
}

/// Consolidates one period.
///
/// Every institution's indicators are computed ([`institution_indicators`](crate::institution_indicators)),
/// each institution is placed in the peer group of its legal form
/// ([`Framework::peer_group_of`]; institutions of no group count only in the sector), and every
/// cell gets its published figure, pooled figure, distribution, n and compliance count (see
/// [`Cell`]). The sector is computed over all institutions, never from the group figures.
/// The order of `returns` does not matter.
pub fn consolidate(
    fw: &Framework,
    period: Period,
    returns: &[InstitutionReturn],
) -> Result<ConsolidatedTable, ConsolidateError> {
    let mut order: Vec<&InstitutionReturn> = returns.iter().collect();
    order.sort_by(|a, b| a.code.cmp(&b.code));
    let mut seen = BTreeSet::new();
    for r in &order {
        if !seen.insert(&r.code) {
            return Err(ConsolidateError::DuplicateInstitution {
                period,
                institution: r.code.clone(),
            });
        }
        if r.attributes.framework != fw.id {
            return Err(ConsolidateError::WrongFramework {
                period,
                institution: r.code.clone(),
                its: r.attributes.framework.clone(),
                framework: fw.id.clone(),
            });
        }
    }

    let institutions: Vec<InstitutionEntry> = order
        .iter()
        .map(|r| {
            let values = Values::new(fw, &r.values);
            let previous = r.previous.as_ref().map(|p| Values::new(fw, p));
            InstitutionEntry {
                code: r.code.clone(),
                group: fw.peer_group_of(&r.attributes).map(|g| g.code.clone()),
                owner_group: r.attributes.owner_group.clone(),
                country: r.attributes.country.filter(|_| fw.country.is_none()),
                indicators: fw
                    .indicators
                    .iter()
                    .map(|ind| indicator_value(ind, &r.attributes, &values, previous.as_ref()))
                    .collect(),
            }
        })
        .collect();

    // Columns and their members (indices into `institutions`, in code order).
    let mut summaries: Vec<GroupSummary> = fw
        .peer_groups
        .iter()
        .map(|g| GroupSummary {
            code: g.code.clone(),
            institutions: 0,
            country: None,
            peer_group: None,
        })
        .collect();
    summaries.push(GroupSummary {
        code: SECTOR.to_owned(),
        institutions: 0,
        country: None,
        peer_group: None,
    });
    let countries: BTreeSet<CountryCode> = institutions.iter().filter_map(|e| e.country).collect();
    for country in countries {
        summaries.push(GroupSummary {
            code: GroupSummary::country_code(country),
            institutions: 0,
            country: Some(country),
            peer_group: None,
        });
        for g in &fw.peer_groups {
            summaries.push(GroupSummary {
                code: GroupSummary::country_group_code(country, &g.code),
                institutions: 0,
                country: Some(country),
                peer_group: Some(g.code.clone()),
            });
        }
    }
    let columns: Vec<(String, Vec<usize>)> = summaries
        .iter()
        .map(|s| {
            let membership = s.membership();
            let members = institutions
                .iter()
                .enumerate()
                .filter(|(_, e)| membership.contains(e))
                .map(|(i, _)| i)
                .collect();
            (s.code.clone(), members)
        })
        .collect();
    for (s, (_, idx)) in summaries.iter_mut().zip(&columns) {
        s.institutions = idx.len();
    }

    let mut rows = Vec::with_capacity(fw.indicators.len() + 16);
    for (i, ind) in fw.indicators.iter().enumerate() {
        // The members' values of this indicator.
        let members_of = |idx: &[usize]| -> Vec<&IndicatorValue> {
            idx.iter()
                .filter_map(|&k| institutions.get(k)?.indicators.get(i))
                .collect()
        };
        let mut main = Vec::with_capacity(columns.len());
        let mut comp_a = Vec::new();
        let mut comp_b = Vec::new();
        for (group, idx) in &columns {
            let members = members_of(idx);
            main.push(indicator_cell(ind, group, &members));
            if ind.consolidation == Consolidation::RatioOfSums && ind.components.is_some() {
                let both: Vec<&&IndicatorValue> = members
                    .iter()
                    .filter(|m| m.eval.pools(&ind.formula))
                    .collect();
                comp_a.push(component_cell(
                    group,
                    both.iter().filter_map(|m| m.eval.numerator),
                ));
                comp_b.push(component_cell(
                    group,
                    both.iter().filter_map(|m| m.eval.denominator),
                ));
            }
        }
        rows.push(Row {
            indicator: ind.code.clone(),
            kind: RowKind::Indicator,
            display: ind.display,
            consolidation: ind.consolidation,
            has_norm: !ind.norm.is_empty(),
            cells: main,
        });
        for (kind, cells) in [(RowKind::ComponentA, comp_a), (RowKind::ComponentB, comp_b)] {
            if !cells.is_empty() {
                rows.push(Row {
                    indicator: ind.code.clone(),
                    kind,
                    display: DisplayKind::Integer,
                    consolidation: Consolidation::Mean,
                    has_norm: false,
                    cells,
                });
            }
        }
    }

    Ok(ConsolidatedTable {
        framework: fw.id.clone(),
        framework_version: fw.version.clone(),
        period,
        groups: summaries,
        rows,
        institutions,
    })
}

fn indicator_cell(ind: &IndicatorDef, group: &str, members: &[&IndicatorValue]) -> Cell {
    let mut values: Vec<Decimal> = members.iter().filter_map(|m| m.value()).collect();
    let pooling: Vec<&IndicatorValue> = members
        .iter()
        .copied()
        .filter(|m| m.eval.pools(&ind.formula))
        .collect();
    let pooled = match &ind.formula {
        Formula::Value(_) => Pooled {
            n: values.len(),
            value: if values.is_empty() {
                None
            } else {
                sum(values.iter().copied()).map(|d| d.normalize())
            },
            numerator: None,
            denominator: None,
        },
        Formula::Ratio { scale, .. } => {
            let num = sum(pooling.iter().filter_map(|m| m.eval.numerator));
            let den = sum(pooling.iter().filter_map(|m| m.eval.denominator));
            Pooled {
                n: pooling.len(),
                value: if pooling.is_empty() {
                    None
                } else {
                    num.zip(den)
                        .and_then(|(a, b)| ratio(a, b, *scale))
                        .map(|d| d.normalize())
                },
                numerator: num.filter(|_| !pooling.is_empty()),
                denominator: den.filter(|_| !pooling.is_empty()),
            }
        }
    };
    let (n, value) = match ind.consolidation {
        Consolidation::Mean => (values.len(), mean(&values)),
        Consolidation::RatioOfSums => (pooled.n, pooled.value),
    };
    let norm = (!ind.norm.is_empty()).then(|| {
        members
            .iter()
            .fold(NormCount::default(), |mut c, m| match m.compliance {
                Some(Compliance::Meets) => {
                    c.judged += 1;
                    c.compliant += 1;
                    c
                }
                Some(Compliance::Fails) => {
                    c.judged += 1;
                    c
                }
                _ => c,
            })
    });
    Cell {
        group: group.to_owned(),
        n,
        value,
        pooled,
        distribution: Distribution::of(&mut values),
        norm,
    }
}

fn component_cell(group: &str, parts: impl Iterator<Item = Decimal>) -> Cell {
    let mut values: Vec<Decimal> = parts.collect();
    let total = if values.is_empty() {
        None
    } else {
        sum(values.iter().copied()).map(|d| d.normalize())
    };
    Cell {
        group: group.to_owned(),
        n: values.len(),
        value: mean(&values),
        pooled: Pooled {
            n: values.len(),
            value: total,
            numerator: None,
            denominator: None,
        },
        distribution: Distribution::of(&mut values),
        norm: None,
    }
}

impl ConsolidatedTable {
    /// The row with this export code (`fin.par30`, `prud.capitalization.a`).
    pub fn row(&self, code: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.has_code(code))
    }

    /// The cell of a row (by export code) and a column.
    pub fn cell(&self, code: &str, group: &str) -> Option<&Cell> {
        self.row(code)?.cell(group)
    }

    /// Which institutions a column holds ([`GroupSummary::membership`]; a code the table has no
    /// column for is read as the sector or a peer group).
    pub fn membership<'t>(&'t self, code: &'t str) -> Membership<'t> {
        self.groups
            .iter()
            .find(|g| g.code == code)
            .map_or_else(|| Membership::of_code(code), GroupSummary::membership)
    }

    /// The institutions behind a cell's figure for `method`, and what each contributes.
    ///
    /// - published: those with a value (mean of values), or reporting both A and B (ratio of
    ///   sums and its A and B rows);
    /// - pooled: those reporting both parts of a ratio (a zero denominator included), or with
    ///   a value for values and A and B rows;
    /// - median: those with a value (A and B rows: reporting both).
    ///
    /// For A and B rows `value` is the institution's A or B amount. This is recomputed from
    /// [`Self::institutions`] on demand (linear in the number of institutions) rather than
    /// stored per cell, so the table holds each institution value once.
    pub fn contributions(&self, code: &str, group: &str, method: Method) -> Vec<Contribution<'_>> {
        let Some(row) = self.row(code) else {
            return Vec::new();
        };
        let Some(pos) = self.institutions.first().and_then(|e| {
            e.indicators
                .iter()
                .position(|v| v.indicator == row.indicator)
        }) else {
            return Vec::new();
        };
        let membership = self.membership(group);
        self.institutions
            .iter()
            .filter(|e| membership.contains(e))
            .filter_map(|e| {
                let v = e.indicators.get(pos)?;
                let both = v.eval.numerator.is_some() && v.eval.denominator.is_some();
                let has_value = v.value().is_some();
                let (counted, value) = match row.kind {
                    RowKind::Indicator => {
                        let counted = match (method, row.consolidation) {
                            (Method::Published, Consolidation::RatioOfSums) => both,
                            // A ratio's value implies both parts; a plain value has no parts.
                            (Method::Pooled, _) => both || has_value,
                            _ => has_value,
                        };
                        (counted, v.value())
                    }
                    RowKind::ComponentA => (both, v.eval.numerator),
                    RowKind::ComponentB => (both, v.eval.denominator),
                };
                counted.then_some(Contribution {
                    institution: &e.code,
                    owner_group: e.owner_group.as_deref(),
                    value,
                    numerator: v.eval.numerator,
                    denominator: v.eval.denominator,
                })
            })
            .collect()
    }
}
