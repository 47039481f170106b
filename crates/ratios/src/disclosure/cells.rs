//! The figures of a table seen by disclosure control: what each public figure is made of
//! (a sum, a pooled ratio or a median), who contributes to it, and the rules that do not need
//! the solver (primary rules, revisions, links, complements of pooled ratios).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use mizan_core::framework::{
    Cmp, Compliance, Consolidation, Disclosure, Expr, Formula, IndicatorDef, NormTest,
};
use mizan_core::institution::CountryCode;
use mizan_core::{Decimal, Framework, InstitutionCode};

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use super::exact::{Exact, LinearSystem, scaled};
use super::{CellDecision, Part, Publication, Reason};
use crate::consolidate::{ConsolidatedTable, Method, RowKind};

/// What a public figure is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Stat {
    /// A sum of institution values (a total, or a mean published with its n).
    Sum,
    /// Σ numerator ÷ Σ denominator.
    PooledRatio,
    /// A median.
    Median,
}

/// A figure of the current table, independent of the method(s) that show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Key {
    pub row: usize,
    pub group: usize,
    pub stat: Stat,
}

/// A row of the table as disclosure control sees it.
#[derive(Debug, Clone)]
pub(super) struct RowInfo<'a> {
    pub code: String,
    pub kind: RowKind,
    pub indicator: Option<&'a IndicatorDef>,
    /// Whether the framework makes the summed values non-negative (amounts and counts not
    /// marked ±, rates, and ratios of such).
    pub nonneg: bool,
    /// For a mean of ratios: the rows publishing its numerator and its denominator, when they
    /// are items published in rows of their own (their sums and the pooled ratio are related).
    pub parts: Vec<usize>,
}

impl RowInfo<'_> {
    /// The statistic behind a method's figure.
    pub fn stat(&self, method: Method) -> Stat {
        if method == Method::Median {
            return Stat::Median;
        }
        match (self.kind, self.indicator) {
            (RowKind::ComponentA | RowKind::ComponentB, _) | (_, None) => Stat::Sum,
            (RowKind::Indicator, Some(ind)) => match (ind.consolidation, &ind.formula) {
                (Consolidation::RatioOfSums, _) => Stat::PooledRatio,
                (Consolidation::Mean, Formula::Value(_)) => Stat::Sum,
                (Consolidation::Mean, Formula::Ratio { .. }) => {
                    if method == Method::Published {
                        Stat::Sum
                    } else {
                        Stat::PooledRatio
                    }
                }
            },
        }
    }

    /// The statistics of the row.
    pub fn stats(&self) -> BTreeSet<Stat> {
        Method::ALL.iter().map(|m| self.stat(*m)).collect()
    }

    /// The method whose contributions are those of a statistic.
    fn method_for(&self, stat: Stat) -> Method {
        match stat {
            Stat::Median => Method::Median,
            Stat::Sum => Method::Published,
            Stat::PooledRatio => match self.indicator.map(|i| i.consolidation) {
                Some(Consolidation::RatioOfSums) => Method::Published,
                _ => Method::Pooled,
            },
        }
    }

    /// Whether the row is the indicator row of a ratio of sums (A and B rows follow it).
    pub fn ratio_of_sums(&self) -> bool {
        self.kind == RowKind::Indicator
            && self
                .indicator
                .is_some_and(|i| i.consolidation == Consolidation::RatioOfSums)
    }

    /// Whether the row is a mean of institution ratios (its pooled figure is a pooled ratio).
    pub fn ratio_mean(&self) -> bool {
        self.kind == RowKind::Indicator
            && self.indicator.is_some_and(|i| {
                i.consolidation == Consolidation::Mean && matches!(i.formula, Formula::Ratio { .. })
            })
    }
}

/// One institution's contribution to a figure, borrowed from its table (nothing is copied
/// but an owner group's name, `owner:…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Contrib<'t> {
    pub institution: &'t InstitutionCode,
    /// The owner group (`owner:…`), or the institution itself: one contributor for the rules.
    pub owner: Cow<'t, str>,
    /// Whether the institution belongs to an owner group.
    pub owned: bool,
    pub value: Option<Decimal>,
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
}

/// The table, its earlier publications and the framework's settings.
pub(super) struct Model<'a> {
    pub fw: &'a Framework,
    pub settings: &'a Disclosure,
    pub table: &'a ConsolidatedTable,
    pub earlier: &'a [Publication<'a>],
    pub rows: Vec<RowInfo<'a>>,
    pub groups: Vec<String>,
    /// The columns (indices into `groups`) that are related as a whole and its parts: the
    /// peer groups and the sector; in a framework of several countries also each country with
    /// its peer groups, each peer group with its cells in the countries, and the countries
    /// with the sector (the zone). Parts do not always cover the whole (institutions of no
    /// group, or of no country), which only makes a relation weaker.
    pub relations: Vec<Vec<usize>>,
}

/// The relations between the columns of a table (see [`Model::relations`]).
fn relations(table: &ConsolidatedTable) -> Vec<Vec<usize>> {
    let cols = &table.groups;
    let index = |f: &dyn Fn(&crate::GroupSummary) -> bool| -> Vec<usize> {
        cols.iter()
            .enumerate()
            .filter(|(_, g)| f(g))
            .map(|(i, _)| i)
            .collect()
    };
    let mut out = vec![index(&|g| g.country.is_none())];
    let countries: BTreeSet<_> = cols.iter().filter_map(|g| g.country).collect();
    if countries.is_empty() {
        return out;
    }
    for c in &countries {
        out.push(index(&|g| g.country == Some(*c)));
    }
    for group in cols
        .iter()
        .filter(|g| g.country.is_none() && g.code != crate::SECTOR)
    {
        let code = group.code.as_str();
        out.push(index(&|g| {
            (g.country.is_none() && g.code == code) || g.peer_group.as_deref() == Some(code)
        }));
    }
    out.push(index(&|g| {
        g.code == crate::SECTOR || (g.country.is_some() && g.peer_group.is_none())
    }));
    out
}

/// Adds a reason to a figure once.
pub(super) fn add(state: &mut BTreeMap<Key, Vec<Reason>>, key: Key, reason: Reason) {
    let reasons = state.entry(key).or_default();
    if !reasons.contains(&reason) {
        reasons.push(reason);
    }
}

pub(super) fn suppressed(state: &BTreeMap<Key, Vec<Reason>>, key: &Key) -> bool {
    state.get(key).is_some_and(|r| !r.is_empty())
}

fn row_nonneg(fw: &Framework, kind: RowKind, ind: Option<&IndicatorDef>) -> bool {
    let Some(ind) = ind else { return false };
    match (&ind.formula, kind) {
        (Formula::Value(e), _) => fw.is_non_negative(e),
        (Formula::Ratio { numerator, .. }, RowKind::ComponentA) => fw.is_non_negative(numerator),
        (Formula::Ratio { denominator, .. }, RowKind::ComponentB) => {
            fw.is_non_negative(denominator)
        }
        (
            Formula::Ratio {
                numerator,
                denominator,
                scale,
            },
            RowKind::Indicator,
        ) => {
            !scale.is_sign_negative()
                && fw.is_non_negative(numerator)
                && fw.is_non_negative(denominator)
        }
    }
}

/// Absolute values of contributions summed by contributor, as integers of 10⁻²⁸, largest
/// first.
pub(super) fn by_contributor<'c>(
    contribs: impl Iterator<Item = (&'c str, Decimal)>,
) -> Vec<BigInt> {
    let mut sums: BTreeMap<&str, BigInt> = BTreeMap::new();
    for (owner, v) in contribs {
        *sums.entry(owner).or_default() += scaled(v);
    }
    let mut out: Vec<BigInt> = sums.into_values().map(|v| v.abs()).collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    out
}

/// The dominance and p % rules on contributors' absolute totals (sorted, largest first).
fn magnitude(sorted: &[BigInt], s: &Disclosure, of: Part) -> Vec<Reason> {
    let Some(largest) = sorted.first() else {
        return Vec::new();
    };
    let total_int: BigInt = sorted.iter().sum();
    if total_int.is_zero() {
        return Vec::new();
    }
    let total = Exact::from_scaled(total_int.clone());
    let mut out = Vec::new();
    let top = Exact::from_scaled(sorted.iter().take(s.dominance_n).sum());
    if top > total.percent(s.dominance_k) {
        out.push(Reason::Dominance {
            share: ratio_decimal(&(top * Exact::from(100)), &total),
            of,
        });
    }
    let second = sorted.get(1).cloned().unwrap_or_default();
    let rest = Exact::from_scaled(&total_int - largest - second);
    let largest = Exact::from_scaled(largest.clone());
    if !largest.is_zero() && rest < largest.percent(s.p_percent) {
        out.push(Reason::PRule {
            remainder: ratio_decimal(&(rest * Exact::from(100)), &largest),
            of,
        });
    }
    out
}

/// `a ÷ b` as a decimal (for reasons shown to staff).
fn ratio_decimal(a: &Exact, b: &Exact) -> Decimal {
    match (a.to_decimal(), b.to_decimal()) {
        (Some(a), Some(b)) if !b.is_zero() => a.checked_div(b).map_or(Decimal::ZERO, |d| {
            mizan_core::number::round_half_away(d, 4).normalize()
        }),
        _ => Decimal::ZERO,
    }
}

impl<'a> Model<'a> {
    pub fn new(
        fw: &'a Framework,
        table: &'a ConsolidatedTable,
        earlier: &'a [Publication<'a>],
    ) -> Self {
        let item_row = |item: &str| {
            table.rows.iter().position(|r| {
                r.kind == RowKind::Indicator
                    && fw.indicator(r.indicator.as_str()).is_some_and(|i| {
                        matches!(&i.formula, Formula::Value(Expr::Ref(c)) if c.as_str() == item)
                    })
            })
        };
        let rows = table
            .rows
            .iter()
            .map(|r| {
                let ind = fw.indicator(r.indicator.as_str());
                let parts = match ind.map(|i| &i.formula) {
                    Some(Formula::Ratio {
                        numerator,
                        denominator,
                        ..
                    }) if r.kind == RowKind::Indicator => [numerator, denominator]
                        .into_iter()
                        .filter_map(|e| match e {
                            Expr::Ref(c) => item_row(c.as_str()),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                RowInfo {
                    code: r.code(),
                    kind: r.kind,
                    indicator: ind,
                    nonneg: row_nonneg(fw, r.kind, ind),
                    parts,
                }
            })
            .collect();
        Self {
            fw,
            settings: &fw.disclosure,
            table,
            earlier,
            rows,
            groups: table.groups.iter().map(|g| g.code.clone()).collect(),
            relations: relations(table),
        }
    }

    /// Every figure key of the current table.
    pub fn keys(&self) -> Vec<Key> {
        let mut out = Vec::new();
        for (r, info) in self.rows.iter().enumerate() {
            for stat in info.stats() {
                for g in 0..self.groups.len() {
                    out.push(Key {
                        row: r,
                        group: g,
                        stat,
                    });
                }
            }
        }
        out
    }

    /// The contributions to a figure in a table (the current one or an earlier one).
    pub fn contributions<'t>(&self, table: &'t ConsolidatedTable, key: &Key) -> Vec<Contrib<'t>> {
        let (Some(info), Some(group)) = (self.rows.get(key.row), self.groups.get(key.group)) else {
            return Vec::new();
        };
        let method = info.method_for(key.stat);
        table
            .contributions(&info.code, group, method)
            .into_iter()
            .filter(|c| match key.stat {
                Stat::Sum | Stat::Median => c.value.is_some(),
                Stat::PooledRatio => c.numerator.is_some() && c.denominator.is_some(),
            })
            .map(|c| Contrib {
                institution: c.institution,
                owner: c.owner_group.map_or_else(
                    || Cow::Borrowed(c.institution.as_str()),
                    |o| Cow::Owned(format!("owner:{o}")),
                ),
                owned: c.owner_group.is_some(),
                value: c.value,
                numerator: c.numerator,
                denominator: c.denominator,
            })
            .collect()
    }

    fn contributors(contribs: &[Contrib]) -> usize {
        contribs
            .iter()
            .map(|c| c.owner.as_ref())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Primary rules on every figure of the current table.
    pub fn primary(&self, state: &mut BTreeMap<Key, Vec<Reason>>) {
        let s = self.settings;
        for key in self.keys() {
            let contribs = self.contributions(self.table, &key);
            let n = Self::contributors(&contribs);
            if n == 0 {
                continue;
            }
            let owners = |f: &dyn Fn(&Contrib) -> Option<Decimal>| {
                by_contributor(
                    contribs
                        .iter()
                        .filter_map(|c| Some((c.owner.as_ref(), f(c)?))),
                )
            };
            let reasons = match key.stat {
                Stat::Median => {
                    let min = s.median_min_contributors.max(s.min_contributors);
                    if n < min {
                        vec![Reason::MedianThreshold {
                            contributors: n,
                            min,
                        }]
                    } else {
                        vec![]
                    }
                }
                _ if n < s.min_contributors => vec![Reason::Threshold {
                    contributors: n,
                    min: s.min_contributors,
                }],
                Stat::Sum => magnitude(&owners(&|c| c.value), s, Part::Value),
                Stat::PooledRatio => {
                    let mut r = magnitude(&owners(&|c| c.numerator), s, Part::Numerator);
                    r.extend(magnitude(&owners(&|c| c.denominator), s, Part::Denominator));
                    r
                }
            };
            for reason in reasons {
                add(state, key, reason);
            }
        }
    }

    /// Whether a figure was suppressed in an earlier publication (a figure it did not have
    /// counts as suppressed).
    pub fn earlier_suppressed(&self, p: &Publication<'_>, key: &Key) -> bool {
        let (Some(info), Some(group)) = (self.rows.get(key.row), self.groups.get(key.group)) else {
            return true;
        };
        Method::ALL
            .iter()
            .filter(|m| info.stat(**m) == key.stat)
            .any(|m| p.result.is_suppressed(&info.code, group, *m))
    }

    /// Revisions: a figure suppressed before stays suppressed; a figure whose change since an
    /// earlier publication is due to too few contributors is suppressed.
    pub fn revisions(&self, state: &mut BTreeMap<Key, Vec<Reason>>) {
        /// Each contributor's institutions and their (normalised) contributions (only
        /// compared, never iterated in order: hashed).
        type Signature<'c> = HashMap<
            &'c str,
            Vec<(
                &'c InstitutionCode,
                Option<Decimal>,
                Option<Decimal>,
                Option<Decimal>,
            )>,
        >;
        fn signature<'c>(contribs: &'c [Contrib<'_>]) -> Signature<'c> {
            let mut m: Signature<'c> = HashMap::new();
            for c in contribs {
                m.entry(c.owner.as_ref()).or_default().push((
                    c.institution,
                    c.value.map(|v| v.normalize()),
                    c.numerator.map(|v| v.normalize()),
                    c.denominator.map(|v| v.normalize()),
                ));
            }
            m
        }
        for key in self.keys() {
            let now = self.contributions(self.table, &key);
            if now.is_empty() {
                continue;
            }
            let now_sig = signature(&now);
            let mut carried = false;
            for p in self.earlier {
                if self.earlier_suppressed(p, &key) {
                    if !carried {
                        add(
                            state,
                            key,
                            Reason::CarriedForward {
                                revision: p.result.revision,
                            },
                        );
                        carried = true;
                    }
                    continue;
                }
                let before_contribs = self.contributions(p.table, &key);
                let before = signature(&before_contribs);
                let changed = now_sig
                    .keys()
                    .chain(before.keys())
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .filter(|o| now_sig.get(*o) != before.get(*o))
                    .count();
                if changed > 0 && changed < self.settings.revision_min_contributors {
                    add(
                        state,
                        key,
                        Reason::RevisionDifference {
                            revision: p.result.revision,
                            contributors: changed,
                        },
                    );
                }
            }
        }
    }

    /// Every method at once: a cell (row, column) with a figure suppressed for a primary reason
    /// about its contributions (not the median's own threshold) is suppressed under every
    /// method.
    pub fn same_cell(&self, state: &mut BTreeMap<Key, Vec<Reason>>) {
        for (r, info) in self.rows.iter().enumerate() {
            for g in 0..self.groups.len() {
                let cause = Method::ALL.into_iter().find(|m| {
                    let key = Key {
                        row: r,
                        group: g,
                        stat: info.stat(*m),
                    };
                    state.get(&key).is_some_and(|reasons| {
                        reasons.iter().any(|reason| {
                            reason.is_primary() && !matches!(reason, Reason::MedianThreshold { .. })
                        })
                    })
                });
                let Some(cause) = cause else { continue };
                for stat in info.stats() {
                    let key = Key {
                        row: r,
                        group: g,
                        stat,
                    };
                    if stat != info.stat(cause)
                        && !suppressed(state, &key)
                        && !self.contributions(self.table, &key).is_empty()
                    {
                        add(state, key, Reason::SameCell { method: cause });
                    }
                }
            }
        }
    }

    /// Compliance counts that would pin a value. When everyone judged in a cell meets a
    /// threshold norm (or no one does), each judged institution's value is known to lie on one
    /// side of its norm's bound (both sides for `between`); a count strictly between says only
    /// a disjunction. For each row with a norm, the attacker's problem is solved exactly on the
    /// institutions' values of the row: the public sums of the row's cells (groups and sector),
    /// the bounds of the public counts of none or all, and the signs. While some institution's
    /// value is then bounded within the protection level, the counts of none or all of the
    /// cells it belongs to are withheld.
    pub fn compliance(&self, state: &BTreeMap<Key, Vec<Reason>>) -> Vec<super::CellRef> {
        let level = self.settings.protection_percent;
        let mut out = Vec::new();
        for (r, info) in self.rows.iter().enumerate() {
            if info.kind != RowKind::Indicator || info.indicator.is_none_or(|i| i.norm.is_empty()) {
                continue;
            }
            let Some(pos) = self.table.institutions.first().and_then(|e| {
                e.indicators
                    .iter()
                    .position(|v| Some(&v.indicator) == info.indicator.map(|i| &i.code))
            }) else {
                continue;
            };
            // The institutions with a value, and the cells (column, members, public sum?,
            // everyone meets?) whose count is one of none or all.
            let values: Vec<(usize, &crate::IndicatorValue)> = self
                .table
                .institutions
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((i, e.indicators.get(pos)?)))
                .filter(|(_, v)| v.value().is_some())
                .collect();
            let mut cells: Vec<(usize, Vec<usize>, bool, Option<bool>)> = Vec::new();
            for (g, group) in self.groups.iter().enumerate() {
                let key = Key {
                    row: r,
                    group: g,
                    stat: info.stat(Method::Published),
                };
                if suppressed(state, &key) {
                    continue;
                }
                let membership = self.table.membership(group);
                let members: Vec<usize> = values
                    .iter()
                    .enumerate()
                    .filter(|(_, (i, _))| {
                        self.table
                            .institutions
                            .get(*i)
                            .is_some_and(|e| membership.contains(e))
                    })
                    .map(|(k, _)| k)
                    .collect();
                let judged: Vec<bool> = members
                    .iter()
                    .filter_map(|k| values.get(*k))
                    .filter_map(|(_, v)| match v.compliance {
                        Some(Compliance::Meets) => Some(true),
                        Some(Compliance::Fails) => Some(false),
                        _ => None,
                    })
                    .collect();
                let all = if judged.is_empty() {
                    None
                } else if judged.iter().all(|m| *m) {
                    Some(true)
                } else if judged.iter().all(|m| !*m) {
                    Some(false)
                } else {
                    None
                };
                cells.push((g, members, key.stat == Stat::Sum, all));
            }
            let mut hidden: BTreeSet<usize> = BTreeSet::new();
            loop {
                let pinned = self.pinned_by_counts(info, &values, &cells, &hidden, level);
                let more: Vec<usize> = cells
                    .iter()
                    .filter(|(g, members, _, all)| {
                        all.is_some()
                            && !hidden.contains(g)
                            && members.iter().any(|m| pinned.contains(m))
                    })
                    .map(|(g, ..)| *g)
                    .collect();
                if more.is_empty() {
                    break;
                }
                hidden.extend(more);
            }
            for g in hidden {
                out.push(super::CellRef {
                    row: info.code.clone(),
                    group: self.groups.get(g).cloned().unwrap_or_default(),
                });
            }
        }
        out
    }

    /// The institutions (indices into `values`) whose value the public sums of the row and the
    /// public counts of none or all bound within the protection level.
    fn pinned_by_counts(
        &self,
        info: &RowInfo<'_>,
        values: &[(usize, &crate::IndicatorValue)],
        cells: &[(usize, Vec<usize>, bool, Option<bool>)],
        hidden: &BTreeSet<usize>,
        level: Decimal,
    ) -> BTreeSet<usize> {
        let mut lower: BTreeMap<usize, Exact> = BTreeMap::new();
        let mut upper: BTreeMap<usize, Exact> = BTreeMap::new();
        for (g, members, _, all) in cells {
            let Some(all) = all else { continue };
            if hidden.contains(g) {
                continue;
            }
            for k in members {
                let Some((_, v)) = values.get(*k) else {
                    continue;
                };
                if !matches!(v.compliance, Some(Compliance::Meets | Compliance::Fails)) {
                    continue;
                }
                let b = |d: &Decimal| Exact::from(*d);
                let (lo, hi) = match (&v.norm, all) {
                    (Some(NormTest::Compare(Cmp::Lt | Cmp::Le, x)), true)
                    | (Some(NormTest::Compare(Cmp::Gt | Cmp::Ge, x)), false) => (None, Some(b(x))),
                    (Some(NormTest::Compare(Cmp::Gt | Cmp::Ge, x)), true)
                    | (Some(NormTest::Compare(Cmp::Lt | Cmp::Le, x)), false) => (Some(b(x)), None),
                    (Some(NormTest::Compare(Cmp::Eq, x)), true) => (Some(b(x)), Some(b(x))),
                    (Some(NormTest::Between(x, y)), true) => (Some(b(x)), Some(b(y))),
                    _ => (None, None),
                };
                if let Some(lo) = lo {
                    lower.insert(*k, lo);
                }
                if let Some(hi) = hi {
                    upper.insert(*k, hi);
                }
            }
        }
        if lower.is_empty() && upper.is_empty() {
            return BTreeSet::new();
        }
        // Institutions with the same columns (peer group and country), the same bounds and no
        // owner group are interchangeable: one unknown for their sum (bounds × their number)
        // keeps the system small whatever the number of institutions; a member then ranges
        // over what the others' bounds leave of that sum (exact for boxes).
        type ClassKey = (
            (Option<String>, Option<CountryCode>),
            Option<Exact>,
            Option<Exact>,
            Option<usize>,
        );
        let mut classes: BTreeMap<ClassKey, Vec<usize>> = BTreeMap::new();
        for (k, (i, _)) in values.iter().enumerate() {
            let entry = self.table.institutions.get(*i);
            let owned = entry.is_some_and(|e| e.owner_group.is_some());
            let mut lo = lower.get(&k).cloned();
            if info.nonneg && lo.as_ref().is_none_or(Exact::is_negative) {
                lo = Some(Exact::zero());
            }
            let key = (
                (
                    entry.and_then(|e| e.group.clone()),
                    entry.and_then(|e| e.country),
                ),
                lo,
                upper.get(&k).cloned(),
                owned.then_some(k),
            );
            classes.entry(key).or_default().push(k);
        }
        let mut system = LinearSystem::new();
        let mut class_of: BTreeMap<usize, usize> = BTreeMap::new();
        let mut class_vars: Vec<(usize, &ClassKey, usize)> = Vec::new();
        for (key, members) in &classes {
            let x = system.variable(info.nonneg);
            let c = Exact::from(Decimal::from(members.len()));
            let (_, lo, hi, _) = key;
            system.interval(
                &[(x, Exact::from(1))],
                lo.clone().map(|l| l * c.clone()),
                hi.clone().map(|h| h * c.clone()),
            );
            for k in members {
                class_of.insert(*k, class_vars.len());
            }
            class_vars.push((x, key, members.len()));
        }
        for (_, members, sum_public, _) in cells {
            if !*sum_public {
                continue;
            }
            let total: Decimal = members
                .iter()
                .filter_map(|k| values.get(*k).and_then(|(_, v)| v.value()))
                .sum();
            let in_cell: BTreeSet<usize> = members
                .iter()
                .filter_map(|k| class_of.get(k).copied())
                .collect();
            let terms: Vec<(usize, Exact)> = in_cell
                .iter()
                .filter_map(|c| class_vars.get(*c).map(|(x, _, _)| (*x, Exact::from(1))))
                .collect();
            system.equation(&terms, Exact::from(total));
        }
        let Ok(solver) = system.prepare() else {
            // Cannot happen with true values; be safe: every bounded one is pinned.
            return lower.keys().chain(upper.keys()).copied().collect();
        };
        let lvl = |v: &Exact| v.abs().percent(level);
        let mut pinned = BTreeSet::new();
        // Each institution: through its class.
        for (x, (_, lo, hi, _), size) in &class_vars {
            let range = solver.range(&[(*x, Exact::from(1))]);
            let others = Exact::from(Decimal::from(size.saturating_sub(1)));
            let alone = *size == 1;
            let max = match (&range.max, lo) {
                (Some(m), _) if alone => Some(m.clone()),
                (Some(m), Some(l)) => Some(m - &(l.clone() * others.clone())),
                _ => None,
            };
            let max = match (max, hi) {
                (Some(a), Some(b)) => Some(a.min(b.clone())),
                (a, b) => a.or_else(|| b.clone()),
            };
            let min = match (&range.min, hi) {
                (Some(m), _) if alone => Some(m.clone()),
                (Some(m), Some(h)) => Some(m - &(h.clone() * others.clone())),
                _ => None,
            };
            let min = match (min, lo) {
                (Some(a), Some(b)) => Some(a.max(b.clone())),
                (a, b) => a.or_else(|| b.clone()),
            };
            for (k, c) in &class_of {
                if class_vars.get(*c).is_none_or(|(y, _, _)| y != x) {
                    continue;
                }
                let Some(value) = values.get(*k).and_then(|(_, v)| v.value()) else {
                    continue;
                };
                if value.is_zero() {
                    continue;
                }
                let v = Exact::from(value);
                if max.as_ref().is_some_and(|hi| hi - &v < lvl(&v))
                    || min.as_ref().is_some_and(|lo| &v - lo < lvl(&v))
                {
                    pinned.insert(*k);
                }
            }
        }
        // Each owner group (one contributor for the rules): its members are classes of one.
        let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (k, (i, _)) in values.iter().enumerate() {
            if let Some(o) = self
                .table
                .institutions
                .get(*i)
                .and_then(|e| e.owner_group.as_deref())
            {
                owners.entry(o).or_default().push(k);
            }
        }
        for members in owners.into_values().filter(|m| m.len() >= 2) {
            let value: Decimal = members
                .iter()
                .filter_map(|k| values.get(*k).and_then(|(_, v)| v.value()))
                .sum();
            if value.is_zero() {
                continue;
            }
            let objective: Vec<(usize, Exact)> = members
                .iter()
                .filter_map(|k| class_of.get(k).and_then(|c| class_vars.get(*c)))
                .map(|(x, _, _)| (*x, Exact::from(1)))
                .collect();
            let v = Exact::from(value);
            let range = solver.range(&objective);
            if range.max.is_some_and(|hi| &hi - &v < lvl(&v))
                || range.min.is_some_and(|lo| &v - &lo < lvl(&v))
            {
                pinned.extend(members);
            }
        }
        pinned
    }

    /// Links and complements, to a fixed point: a prudential ratio, its A row and its B row are
    /// suppressed together; a pooled ratio of a mean-of-ratios row is never the only
    /// suppressed figure among its groups and the sector (nor, per country, along any relation
    /// of [`Model::relations`]).
    pub fn closures(&self, state: &mut BTreeMap<Key, Vec<Reason>>) {
        loop {
            let before: usize = state.values().map(Vec::len).sum();
            for (r, info) in self.rows.iter().enumerate() {
                if info.ratio_of_sums() {
                    let linked = [
                        (r, Stat::PooledRatio),
                        (r + 1, Stat::Sum),
                        (r + 2, Stat::Sum),
                    ];
                    let present = linked.iter().all(|(row, _)| {
                        self.rows
                            .get(*row)
                            .is_some_and(|i| i.indicator == info.indicator)
                    });
                    if !present {
                        continue;
                    }
                    for g in 0..self.groups.len() {
                        let keys = linked.map(|(row, stat)| Key {
                            row,
                            group: g,
                            stat,
                        });
                        let Some(cause) = keys.iter().find(|k| suppressed(state, k)).copied()
                        else {
                            continue;
                        };
                        let code = self
                            .rows
                            .get(cause.row)
                            .map(|i| i.code.clone())
                            .unwrap_or_default();
                        for k in keys {
                            if !suppressed(state, &k) {
                                add(state, k, Reason::Linked { row: code.clone() });
                            }
                        }
                    }
                }
                if info.ratio_mean() {
                    self.pooled_with_parts(state, r, info);
                    self.complement(state, r);
                }
            }
            let after: usize = state.values().map(Vec::len).sum();
            if after == before {
                break;
            }
        }
    }

    /// A pooled ratio whose numerator or denominator is published as a row of its own goes
    /// with that row's sum: Σ numerator = ratio × Σ denominator ÷ scale, so a withheld sum
    /// would come back from the pooled ratio and the other sum.
    fn pooled_with_parts(
        &self,
        state: &mut BTreeMap<Key, Vec<Reason>>,
        row: usize,
        info: &RowInfo<'_>,
    ) {
        for g in 0..self.groups.len() {
            let key = Key {
                row,
                group: g,
                stat: Stat::PooledRatio,
            };
            if suppressed(state, &key) {
                continue;
            }
            let cause = info.parts.iter().find(|p| {
                suppressed(
                    state,
                    &Key {
                        row: **p,
                        group: g,
                        stat: Stat::Sum,
                    },
                )
            });
            if let Some(p) = cause
                && !self.contributions(self.table, &key).is_empty()
            {
                let code = self
                    .rows
                    .get(*p)
                    .map(|i| i.code.clone())
                    .unwrap_or_default();
                add(state, key, Reason::Linked { row: code });
            }
        }
    }

    /// A pooled ratio is never the only suppressed figure of a relation between columns
    /// (the whole is a weighted mean of its parts): along every relation of
    /// [`Model::relations`], the other cell with fewest contributors goes with it.
    fn complement(&self, state: &mut BTreeMap<Key, Vec<Reason>>, row: usize) {
        for relation in &self.relations {
            let cells: Vec<(Key, usize)> = relation
                .iter()
                .map(|g| Key {
                    row,
                    group: *g,
                    stat: Stat::PooledRatio,
                })
                .map(|k| (k, Self::contributors(&self.contributions(self.table, &k))))
                .filter(|(_, n)| *n > 0)
                .collect();
            let hidden: Vec<&Key> = cells
                .iter()
                .map(|(k, _)| k)
                .filter(|k| suppressed(state, k))
                .collect();
            let [only] = hidden.as_slice() else { continue };
            let only = **only;
            let pick = cells
                .iter()
                .filter(|(k, _)| !suppressed(state, k))
                .min_by_key(|(k, n)| (*n, k.group));
            if let Some((k, _)) = pick {
                let group = self.groups.get(only.group).cloned().unwrap_or_default();
                add(state, *k, Reason::Complement { group });
            }
        }
    }

    /// Every figure's decision, in table order, then columns, then methods.
    pub fn decisions(&self, state: &BTreeMap<Key, Vec<Reason>>) -> Vec<CellDecision> {
        let mut out = Vec::new();
        for (r, info) in self.rows.iter().enumerate() {
            for (g, group) in self.groups.iter().enumerate() {
                for method in Method::ALL {
                    let key = Key {
                        row: r,
                        group: g,
                        stat: info.stat(method),
                    };
                    let mut reasons = state.get(&key).cloned().unwrap_or_default();
                    reasons.sort_by_key(|r| !r.is_primary());
                    out.push(CellDecision {
                        row: info.code.clone(),
                        group: group.clone(),
                        method,
                        reasons,
                    });
                }
            }
        }
        out
    }
}
