//! The attacker test: the real `apsfd-ci` framework, random subsets of the Q1 2016 returns with
//! amounts in cents, owner groups and revisions; the attacker takes everything the public can
//! see for a quarter — every method at once, across its revisions, at the precision it is
//! published — and tries to recover any single institution's (or owner group's) value of any
//! row.
//!
//! The attacker is deliberately strong: besides the public rows of every method and revision
//! (with their n and compliance counts), it knows the registry (peer groups, owner groups,
//! the attributes that choose each institution's norm), exactly which institutions are behind
//! each figure, and which values were corrected between revisions. It writes its own system
//! of linear constraints, at the level of single institutions, where a published figure shown
//! rounded is an interval (the shown value ± half a unit of its last decimal):
//! - every published mean (× n), total, and A or B row;
//! - pooled ratios over any number of institutions: `scale × Σ numerators − r × Σ denominators`
//!   between the bounds of `r` (denominators of known sign), on the numerators and
//!   denominators themselves — which are the same unknowns as the rows that publish those
//!   items, and the A and B rows of a prudential ratio; a pooled ratio of one institution is
//!   its ratio;
//! - medians of one or two values (a median of 2 is their mean);
//! - compliance counts: when no one, or everyone, judged in a cell meets a threshold norm, every
//!   judged institution's value is on that side of the bound;
//! - totals of parts for each institution (clients = persons + legal entities + groups…), and
//!   signs from the framework (amounts and counts not marked ±),
//!
//! then bounds each target exactly with the simplex. Every constraint is checked against the
//! truth before it is used, so a wrong constraint cannot hide a leak (nor invent one). A leak
//! is a bound closer to the true value than the protection level (10 % of the value).
//!
//! What it does not use: that a median of three or more values is one of them (a disjunction,
//! not a linear constraint), nor the link between an institution's ratio and its numerator and
//! denominator (a product).
//!
//! Negative controls: with disclosure control off (figures still rounded), each method alone
//! leaks in most scenarios; with it on, all methods together never do.

use std::collections::{BTreeMap, BTreeSet};

use mizan_core::framework::{Cmp, Consolidation, Expr, Formula, NormTest, Unit};
use mizan_core::institution::CountryCode;
use mizan_core::rng::XorShift64Star;
use mizan_core::{Attributes, Code, Decimal, Framework, InstitutionCode, ItemValues};
use mizan_ratios::disclosure::{Exact, LinearSystem};
use mizan_ratios::{
    ConsolidatedTable, DisclosureResult, InstitutionReturn, Method, PublicRow, Publication,
    RowKind, consolidate, protect,
};

use super::{inst, mini, q1};
use crate::TestResult;
use crate::fixture::{apsfd, returns};

// ---------------------------------------------------------------------------------------------
// Scenarios

/// Whether an item is an amount without parts (a leaf the generator may perturb).
fn leaf_amount(fw: &Framework, code: &Code) -> bool {
    fw.item(code.as_str())
        .is_some_and(|i| i.unit == Unit::Amount && i.parts.is_none())
}

/// Adds `delta` to a leaf item and to every total it is part of (recursively), where reported.
fn shift(fw: &Framework, values: &mut ItemValues, leaf: &Code, delta: Decimal) {
    let mut todo = vec![leaf.clone()];
    let mut seen = BTreeSet::new();
    while let Some(code) = todo.pop() {
        if !seen.insert(code.clone()) {
            continue;
        }
        if let Some(v) = values.get_mut(&code) {
            *v += delta;
        }
        for item in &fw.items {
            if item.parts.as_ref().is_some_and(|p| p.contains(&code)) {
                todo.push(item.code.clone());
            }
        }
    }
}

/// A random amount in cents between 0.01 and `max` (whole units).
fn cents(rng: &mut XorShift64Star, max: u64) -> Decimal {
    Decimal::new((1 + rng.below(max * 100)) as i64, 2)
}

/// The returns of each revision of one quarter: a random subset of the Q1 2016 institutions
/// (so that groups are small), owner groups, every amount moved to cents (totals kept equal to
/// their parts), late returns and corrections in later revisions.
fn scenario(base: &[InstitutionReturn], fw: &Framework, seed: u64) -> Vec<Vec<InstitutionReturn>> {
    let mut rng = XorShift64Star::new(seed | 1);
    let keep = 10 + rng.below(80);
    let mut all: Vec<InstitutionReturn> = base
        .iter()
        .filter(|_| rng.chance(keep, 100))
        .cloned()
        .collect();
    if all.is_empty()
        && let Some(first) = base.first()
    {
        all.push(first.clone());
    }
    for r in &mut all {
        let leaves: Vec<Code> = r
            .values
            .keys()
            .filter(|c| leaf_amount(fw, c))
            .cloned()
            .collect();
        for leaf in leaves {
            if r.values.get(&leaf).is_some_and(|v| !v.is_zero()) {
                let delta = cents(&mut rng, 1);
                shift(fw, &mut r.values, &leaf, delta);
            }
        }
    }
    if rng.chance(50, 100) {
        for g in 0..1 + rng.below(2) {
            for _ in 0..2 + rng.below(2) {
                let i = rng.below(all.len() as u64) as usize;
                if let Some(r) = all.get_mut(i) {
                    r.attributes.owner_group = Some(format!("G{g}"));
                }
            }
        }
    }
    let revisions = 1 + rng.below(2);
    let mut reported: BTreeSet<usize> = (0..all.len()).filter(|_| rng.chance(80, 100)).collect();
    let mut out = Vec::new();
    for rev in 0..revisions {
        if rev > 0 {
            for (i, r) in all.iter_mut().enumerate() {
                if !reported.contains(&i) && rng.chance(50, 100) {
                    reported.insert(i);
                } else if reported.contains(&i) && rng.chance(20, 100) {
                    // A correction: one amount changes.
                    let leaves: Vec<Code> = r
                        .values
                        .keys()
                        .filter(|c| leaf_amount(fw, c))
                        .cloned()
                        .collect();
                    if let Some(leaf) = rng.pick(&leaves).cloned() {
                        let delta = cents(&mut rng, 5000);
                        shift(fw, &mut r.values, &leaf, delta);
                    }
                }
            }
        }
        out.push(
            all.iter()
                .enumerate()
                .filter(|(i, _)| reported.contains(i))
                .map(|(_, r)| r.clone())
                .collect(),
        );
    }
    out
}

/// The framework as a zone's (no `[framework] country`: tables per country) and a scenario
/// whose institutions are spread over two to four countries (one of them often holding a
/// single institution, or a peer group through one institution).
fn zone_scenario(
    base: &[InstitutionReturn],
    fw: &Framework,
    seed: u64,
) -> Result<Vec<Vec<InstitutionReturn>>, String> {
    const COUNTRIES: [&str; 4] = ["BF", "CI", "SN", "TG"];
    let mut rng = XorShift64Star::new(seed.rotate_left(17) | 1);
    let used = 2 + rng.below(3) as usize;
    let mut country: BTreeMap<InstitutionCode, CountryCode> = BTreeMap::new();
    let mut revisions = scenario(base, fw, seed);
    for r in revisions.iter().flatten() {
        if country.contains_key(&r.code) {
            continue;
        }
        // The last country is a small one: about one institution in eight.
        let k = if rng.chance(1, 8) {
            used - 1
        } else {
            rng.below(used as u64 - 1) as usize
        };
        let c = CountryCode::parse(COUNTRIES[k]).map_err(|e| e.to_string())?;
        country.insert(r.code.clone(), c);
    }
    for r in revisions.iter_mut().flatten() {
        r.attributes.country = country.get(&r.code).copied();
    }
    Ok(revisions)
}

fn zone_framework() -> Result<Framework, crate::fixture::Error> {
    let mut fw = apsfd()?;
    fw.country = None;
    Ok(fw)
}

// ---------------------------------------------------------------------------------------------
// What the public sees

/// What the public sees of one revision: the public rows of the methods seen, and the table
/// (only for who is behind each figure, and for the truth to check and score the attacker).
struct Seen<'a> {
    table: &'a ConsolidatedTable,
    rows: BTreeMap<(String, String, Method), PublicRow>,
}

fn seen<'a>(
    table: &'a ConsolidatedTable,
    result: Option<&DisclosureResult>,
    methods: &[Method],
) -> Seen<'a> {
    let mut rows = BTreeMap::new();
    for method in methods {
        let public: Vec<PublicRow> = match result {
            Some(r) => r.public_rows(table, *method),
            // Without disclosure control: every figure, still at public precision.
            None => table
                .public_precision_rows(*method)
                .into_iter()
                .map(|row| PublicRow {
                    row,
                    suppressed: false,
                })
                .collect(),
        };
        for p in public {
            rows.insert((p.row.indicator.clone(), p.row.group.clone(), *method), p);
        }
    }
    Seen { table, rows }
}

// ---------------------------------------------------------------------------------------------
// The attacker

/// Which unknown of an institution: its value of a row, or the numerator or denominator of a
/// row's ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Value,
    Numerator,
    Denominator,
}

type VarKey = (String, Part, InstitutionCode, Decimal);

struct Constraint {
    terms: Vec<(usize, Exact)>,
    lower: Option<Exact>,
    upper: Option<Exact>,
}

#[derive(Default)]
pub struct Stats {
    /// Public figures read (not withheld, n > 0), by method.
    pub seen: BTreeMap<&'static str, usize>,
    /// Public figures turned into constraints, by method (a median of three or more values is
    /// used afterwards, to pin a value when only one institution can be it).
    pub cells: BTreeMap<&'static str, usize>,
    /// Compliance counts used.
    pub compliance: usize,
    /// Values attacked.
    pub targets: usize,
    /// Public figures read in a column of a country (its total or a peer group in it).
    pub country_cells: usize,
    pub leaks: Vec<String>,
}

struct Attacker<'f> {
    fw: &'f Framework,
    registry: BTreeMap<InstitutionCode, Attributes>,
    vars: BTreeMap<VarKey, usize>,
    truth: Vec<Decimal>,
    nonneg: Vec<bool>,
    constraints: Vec<Constraint>,
    /// Item code → the row publishing exactly that item.
    item_rows: BTreeMap<String, String>,
    /// Medians of an odd number of values: one of the members is within the bounds.
    medians: Vec<(String, Vec<usize>, Decimal, Decimal)>,
}

/// Half a unit of the last decimal shown, in the row's unit, widened by a hair so that the
/// 28-digit arithmetic of the consolidation stays inside.
fn half_unit(display: mizan_core::framework::DisplayKind, shown: Decimal) -> Decimal {
    let unit = display.divisor() / Decimal::from(10u64.pow(display.decimals()));
    let hair = Decimal::new(1, 18) * shown.abs().max(Decimal::ONE);
    unit / Decimal::TWO + hair
}

fn ex(d: Decimal) -> Exact {
    Exact::from(d)
}

impl<'f> Attacker<'f> {
    fn new(fw: &'f Framework, registry: BTreeMap<InstitutionCode, Attributes>) -> Self {
        let item_rows = fw
            .indicators
            .iter()
            .filter_map(|i| match &i.formula {
                Formula::Value(Expr::Ref(c)) => Some((c.to_string(), i.code.to_string())),
                _ => None,
            })
            .collect();
        Self {
            fw,
            registry,
            vars: BTreeMap::new(),
            truth: Vec::new(),
            nonneg: Vec::new(),
            constraints: Vec::new(),
            item_rows,
            medians: Vec::new(),
        }
    }

    /// The sign the framework gives an unknown.
    fn sign(&self, row: &str, part: Part) -> bool {
        let code = row
            .strip_suffix(".a")
            .or_else(|| row.strip_suffix(".b"))
            .unwrap_or(row);
        let Some(ind) = self.fw.indicator(code) else {
            return false;
        };
        match &ind.formula {
            Formula::Value(e) => self.fw.is_non_negative(e),
            Formula::Ratio {
                numerator,
                denominator,
                scale,
            } => {
                let (n, d) = (
                    self.fw.is_non_negative(numerator),
                    self.fw.is_non_negative(denominator),
                );
                if row.ends_with(".a") && code != row {
                    n
                } else if row.ends_with(".b") && code != row {
                    d
                } else {
                    match part {
                        Part::Value => n && d && !scale.is_sign_negative(),
                        Part::Numerator => n,
                        Part::Denominator => d,
                    }
                }
            }
        }
    }

    /// The unknown for an institution's value (one per distinct value: a corrected value is a
    /// new unknown). Numerators and denominators that are items published in a row of their
    /// own are that row's unknowns.
    fn var(&mut self, row: &str, part: Part, i: &InstitutionCode, v: Decimal) -> usize {
        let (row, part) = self.canonical(row, part);
        let key = (row.clone(), part, i.clone(), v.normalize());
        if let Some(x) = self.vars.get(&key) {
            return *x;
        }
        let x = self.truth.len();
        self.truth.push(v);
        let nonneg = self.sign(&row, part);
        self.nonneg.push(nonneg);
        self.vars.insert(key, x);
        x
    }

    fn canonical(&self, row: &str, part: Part) -> (String, Part) {
        let Some(ind) = self.fw.indicator(row) else {
            return (row.to_owned(), part);
        };
        let Formula::Ratio {
            numerator,
            denominator,
            ..
        } = &ind.formula
        else {
            return (row.to_owned(), part);
        };
        let expr = match part {
            Part::Value => return (row.to_owned(), part),
            Part::Numerator => numerator,
            Part::Denominator => denominator,
        };
        if ind.consolidation == Consolidation::RatioOfSums {
            let suffix = if part == Part::Numerator { "a" } else { "b" };
            return (format!("{row}.{suffix}"), Part::Value);
        }
        if let Expr::Ref(c) = expr
            && let Some(r) = self.item_rows.get(c.as_str())
        {
            return (r.clone(), Part::Value);
        }
        (row.to_owned(), part)
    }

    /// Adds `lower ≤ Σ terms ≤ upper` after checking it against the truth.
    fn constrain(
        &mut self,
        what: &str,
        terms: Vec<(usize, Exact)>,
        lower: Option<Exact>,
        upper: Option<Exact>,
    ) -> Result<(), String> {
        let value: Exact = terms
            .iter()
            .map(|(x, c)| c.clone() * ex(self.truth[*x]))
            .sum();
        if lower.as_ref().is_some_and(|lo| &value < lo)
            || upper.as_ref().is_some_and(|hi| &value > hi)
        {
            return Err(format!(
                "attacker constraint {what}: {value} is not within [{:?}, {:?}]",
                lower.map(|e| e.to_string()),
                upper.map(|e| e.to_string())
            ));
        }
        self.constraints.push(Constraint {
            terms,
            lower,
            upper,
        });
        Ok(())
    }

    /// Reads one revision's public figures into constraints.
    fn read(&mut self, s: &Seen<'_>, stats: &mut Stats) -> Result<(), String> {
        let table = s.table;
        for row in &table.rows {
            let code = row.code();
            let ind = self.fw.indicator(row.indicator.as_str());
            let ratio_of_sums =
                row.kind == RowKind::Indicator && row.consolidation == Consolidation::RatioOfSums;
            let scale = match ind.map(|i| &i.formula) {
                Some(Formula::Ratio { scale, .. }) => Some(*scale),
                _ => None,
            };
            for group in table.groups.iter().map(|g| g.code.as_str()) {
                for method in Method::ALL {
                    let Some(p) = s.rows.get(&(code.clone(), group.to_owned(), method)) else {
                        continue;
                    };
                    let Some(shown) = p.row.value else { continue };
                    if p.suppressed || p.row.n == 0 {
                        continue;
                    }
                    let half = half_unit(row.display, shown);
                    let (lo, hi) = (shown - half, shown + half);
                    let what = format!("{code} {group} {method}");
                    let contribs = table.contributions(&code, group, method);
                    let used = match (method, scale) {
                        // A pooled ratio (the published figure of a prudential ratio).
                        (Method::Published | Method::Pooled, Some(scale))
                            if row.kind == RowKind::Indicator
                                && (ratio_of_sums || method == Method::Pooled) =>
                        {
                            self.pooled_ratio(&what, &code, &contribs, scale, lo, hi)?
                        }
                        (Method::Published, _) => {
                            let n = Decimal::from(contribs.len());
                            let terms = self.values(&code, &contribs)?;
                            self.constrain(&what, terms, Some(ex(lo * n)), Some(ex(hi * n)))?;
                            true
                        }
                        (Method::Pooled, _) => {
                            let terms = self.values(&code, &contribs)?;
                            self.constrain(&what, terms, Some(ex(lo)), Some(ex(hi)))?;
                            true
                        }
                        (Method::Median, _) if contribs.len() <= 2 => {
                            let n = Decimal::from(contribs.len());
                            let terms = self.values(&code, &contribs)?;
                            self.constrain(&what, terms, Some(ex(lo * n)), Some(ex(hi * n)))?;
                            true
                        }
                        (Method::Median, _) => {
                            if contribs.len() % 2 == 1 {
                                let members = contribs
                                    .iter()
                                    .filter_map(|c| {
                                        Some(self.var(&code, Part::Value, c.institution, c.value?))
                                    })
                                    .collect();
                                self.medians.push((what.clone(), members, lo, hi));
                            }
                            false
                        }
                    };
                    *stats.seen.entry(method.code()).or_default() += 1;
                    if table
                        .groups
                        .iter()
                        .any(|g| g.code == group && g.country.is_some())
                    {
                        stats.country_cells += 1;
                    }
                    if used {
                        *stats.cells.entry(method.code()).or_default() += 1;
                    }
                    if method == Method::Published
                        && let (Some(k), Some(ind)) = (p.row.n_compliant, ind)
                        && row.kind == RowKind::Indicator
                    {
                        let members = table.contributions(&code, group, Method::Median);
                        if self.compliance(&what, &code, ind, &members, k)? {
                            stats.compliance += 1;
                        }
                    }
                }
            }
            // Totals of parts, for each institution.
            if let (Some(ind), RowKind::Indicator) = (ind, row.kind)
                && let Formula::Value(Expr::Ref(total)) = &ind.formula
                && let Some(parts) = self.fw.item(total.as_str()).and_then(|i| i.parts.clone())
            {
                let part_rows: Option<Vec<String>> = parts
                    .iter()
                    .map(|p| self.item_rows.get(p.as_str()).cloned())
                    .collect();
                let Some(part_rows) = part_rows else { continue };
                let value_of = |r: &str| -> BTreeMap<InstitutionCode, Decimal> {
                    table
                        .contributions(r, mizan_ratios::SECTOR, Method::Median)
                        .into_iter()
                        .filter_map(|c| Some((c.institution.clone(), c.value?)))
                        .collect()
                };
                let totals = value_of(&code);
                let parts_values: Vec<_> = part_rows.iter().map(|r| value_of(r)).collect();
                for (i, t) in &totals {
                    let Some(vs) = parts_values
                        .iter()
                        .map(|m| m.get(i).copied())
                        .collect::<Option<Vec<Decimal>>>()
                    else {
                        continue;
                    };
                    if vs.iter().copied().sum::<Decimal>() != *t {
                        continue; // not a relation of these values
                    }
                    let mut terms = vec![(self.var(&code, Part::Value, i, *t), ex(Decimal::ONE))];
                    for (r, v) in part_rows.iter().zip(vs) {
                        terms.push((self.var(r, Part::Value, i, v), ex(Decimal::NEGATIVE_ONE)));
                    }
                    let zero = Some(Exact::zero());
                    self.constrain(&format!("{code} {i} parts"), terms, zero.clone(), zero)?;
                }
            }
        }
        Ok(())
    }

    fn values(
        &mut self,
        code: &str,
        contribs: &[mizan_ratios::Contribution<'_>],
    ) -> Result<Vec<(usize, Exact)>, String> {
        contribs
            .iter()
            .map(|c| {
                let v = c
                    .value
                    .ok_or_else(|| format!("{code}: {} has no value", c.institution))?;
                Ok((
                    self.var(code, Part::Value, c.institution, v),
                    ex(Decimal::ONE),
                ))
            })
            .collect()
    }

    /// `lo ≤ scale × Σ num ÷ Σ den ≤ hi`, linear when the sign of Σ den is known; one
    /// institution's pooled ratio is its ratio.
    fn pooled_ratio(
        &mut self,
        what: &str,
        code: &str,
        contribs: &[mizan_ratios::Contribution<'_>],
        scale: Decimal,
        lo: Decimal,
        hi: Decimal,
    ) -> Result<bool, String> {
        let mut num = Vec::new();
        let mut den = Vec::new();
        for c in contribs {
            let (Some(n), Some(d)) = (c.numerator, c.denominator) else {
                return Err(format!(
                    "{what}: {} has no numerator or denominator",
                    c.institution
                ));
            };
            num.push(self.var(code, Part::Numerator, c.institution, n));
            den.push(self.var(code, Part::Denominator, c.institution, d));
        }
        let mut used = false;
        if let [only] = contribs
            && let Some(v) = only.value
        {
            let x = self.var(code, Part::Value, only.institution, v);
            self.constrain(
                what,
                vec![(x, ex(Decimal::ONE))],
                Some(ex(lo)),
                Some(ex(hi)),
            )?;
            used = true;
        }
        if den.iter().all(|x| self.nonneg[*x]) {
            let terms = |r: Decimal| -> Vec<(usize, Exact)> {
                num.iter()
                    .map(|x| (*x, ex(scale)))
                    .chain(den.iter().map(|x| (*x, -ex(r))))
                    .collect()
            };
            // Σ den ≥ 0: scale × Σ num − lo × Σ den ≥ 0 and scale × Σ num − hi × Σ den ≤ 0.
            self.constrain(what, terms(lo), Some(Exact::zero()), None)?;
            self.constrain(what, terms(hi), None, Some(Exact::zero()))?;
            used = true;
        }
        Ok(used)
    }

    /// No one, or everyone, judged meets a threshold norm: every judged value is on one side.
    fn compliance(
        &mut self,
        what: &str,
        code: &str,
        ind: &mizan_core::framework::IndicatorDef,
        members: &[mizan_ratios::Contribution<'_>],
        compliant: usize,
    ) -> Result<bool, String> {
        let mut judged = Vec::new();
        for c in members {
            let Some(v) = c.value else { continue };
            let Some(attrs) = self.registry.get(c.institution) else {
                return Ok(false);
            };
            match ind.norm.for_institution(attrs) {
                Some(t @ (NormTest::Compare(..) | NormTest::Between(..))) => {
                    judged.push((c.institution.clone(), v, t.clone()));
                }
                Some(NormTest::Trend(_)) => return Ok(false),
                None => {}
            }
        }
        let meets = if compliant == judged.len() {
            true
        } else if compliant == 0 {
            false
        } else {
            return Ok(false);
        };
        let mut used = false;
        for (i, v, test) in judged {
            let x = self.var(code, Part::Value, &i, v);
            let (lower, upper) = match (&test, meets) {
                (NormTest::Compare(Cmp::Lt | Cmp::Le, b), true)
                | (NormTest::Compare(Cmp::Gt | Cmp::Ge, b), false) => (None, Some(ex(*b))),
                (NormTest::Compare(Cmp::Gt | Cmp::Ge, b), true)
                | (NormTest::Compare(Cmp::Lt | Cmp::Le, b), false) => (Some(ex(*b)), None),
                (NormTest::Compare(Cmp::Eq, b), true) => (Some(ex(*b)), Some(ex(*b))),
                (NormTest::Between(a, b), true) => (Some(ex(*a)), Some(ex(*b))),
                _ => continue,
            };
            self.constrain(
                &format!("{what} compliance {i}"),
                vec![(x, ex(Decimal::ONE))],
                lower,
                upper,
            )?;
            used = true;
        }
        Ok(used)
    }

    /// Bounds every target (each unknown, and each owner group's total of a row in a revision)
    /// over the components of the system.
    fn solve(
        &self,
        owners: &BTreeMap<(usize, String, String), BTreeSet<usize>>,
        protection: Decimal,
        stats: &mut Stats,
    ) -> Result<(), String> {
        // Components: unknowns linked by constraints.
        let n = self.truth.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], x: usize) -> usize {
            let mut r = x;
            while p[r] != r {
                r = p[r];
            }
            p[x] = r;
            r
        }
        for c in &self.constraints {
            if let Some((first, _)) = c.terms.first() {
                for (x, _) in &c.terms {
                    let (a, b) = (find(&mut parent, *first), find(&mut parent, *x));
                    parent[a] = b;
                }
            }
        }
        let comp: Vec<usize> = (0..n).map(|x| find(&mut parent, x)).collect();
        let mut systems: BTreeMap<usize, (LinearSystem, BTreeMap<usize, usize>)> = BTreeMap::new();
        for (x, (root, nonneg)) in comp.iter().zip(&self.nonneg).enumerate() {
            let (sys, local) = systems
                .entry(*root)
                .or_insert_with(|| (LinearSystem::new(), BTreeMap::new()));
            local.insert(x, sys.variable(*nonneg));
        }
        let mut constrained = BTreeSet::new();
        for c in &self.constraints {
            let Some((first, _)) = c.terms.first() else {
                continue;
            };
            constrained.insert(comp[*first]);
            let Some((sys, local)) = systems.get_mut(&comp[*first]) else {
                continue;
            };
            let terms: Vec<(usize, Exact)> = c
                .terms
                .iter()
                .filter_map(|(x, k)| Some((*local.get(x)?, k.clone())))
                .collect();
            sys.interval(&terms, c.lower.clone(), c.upper.clone());
        }
        let mut prepared = BTreeMap::new();
        for (root, (sys, _)) in &systems {
            if constrained.contains(root) {
                let p = sys
                    .prepare()
                    .map_err(|_| "the attacker's system has no solution".to_owned())?;
                prepared.insert(*root, p);
            }
        }
        let mut targets: Vec<(String, BTreeSet<usize>)> = self
            .vars
            .iter()
            .map(|((row, part, i, v), x)| {
                (format!("{row} {part:?} {i} = {v}"), BTreeSet::from([*x]))
            })
            .collect();
        for ((h, row, owner), xs) in owners {
            if xs.len() >= 2 {
                targets.push((
                    format!("{row} owner {owner} (revision {})", h + 1),
                    xs.clone(),
                ));
            }
        }
        let mut single: BTreeMap<usize, (Option<Exact>, Option<Exact>)> = BTreeMap::new();
        for (what, xs) in targets {
            let value: Decimal = xs.iter().map(|x| self.truth[*x]).sum();
            if !xs.iter().any(|x| constrained.contains(&comp[*x])) {
                continue;
            }
            let counted = !value.is_zero();
            if counted {
                stats.targets += 1;
            }
            // The range of a sum over components is the sum of the ranges.
            let mut by_comp: BTreeMap<usize, Vec<(usize, Exact)>> = BTreeMap::new();
            for x in &xs {
                if let Some((_, local)) = systems.get(&comp[*x])
                    && let Some(l) = local.get(x)
                {
                    by_comp
                        .entry(comp[*x])
                        .or_default()
                        .push((*l, Exact::from(1)));
                }
            }
            let mut min = Some(Exact::zero());
            let mut max = Some(Exact::zero());
            for (root, objective) in by_comp {
                let (lo, hi) = match prepared.get(&root) {
                    Some(p) => {
                        let r = p.range(&objective);
                        (r.min, r.max)
                    }
                    // Unconstrained: [0, ∞) for non-negative unknowns, else unbounded.
                    None => {
                        let all_nonneg = objective.len() == 1 && xs.iter().all(|x| self.nonneg[*x]);
                        (all_nonneg.then(Exact::zero), None)
                    }
                };
                min = min.zip(lo).map(|(a, b)| a + b);
                max = max.zip(hi).map(|(a, b)| a + b);
            }
            if let [x] = xs.iter().copied().collect::<Vec<_>>().as_slice() {
                single.insert(*x, (min.clone(), max.clone()));
            }
            if !counted {
                continue;
            }
            let value = ex(value);
            let level = value.abs().percent(protection);
            let above = max.as_ref().is_some_and(|hi| (hi - &value) < level);
            let below = min.as_ref().is_some_and(|lo| (&value - lo) < level);
            if above || below {
                let show =
                    |b: &Option<Exact>| b.as_ref().map_or("∞".to_owned(), ToString::to_string);
                stats.leaks.push(format!(
                    "{what}: derived within [{}, {}]",
                    show(&min),
                    show(&max)
                ));
            }
        }
        // A median of an odd number of values is one of them: when every member but one is
        // known to lie outside its bounds, that one is pinned to them.
        for (what, members, lo, hi) in &self.medians {
            let (lo_x, hi_x) = (ex(*lo), ex(*hi));
            let possible: Vec<usize> = members
                .iter()
                .copied()
                .filter(|x| match single.get(x) {
                    Some((min, max)) => {
                        min.as_ref().is_none_or(|m| *m <= hi_x)
                            && max.as_ref().is_none_or(|m| *m >= lo_x)
                    }
                    None => true,
                })
                .collect();
            let [only] = possible.as_slice() else {
                continue;
            };
            let value = self.truth[*only];
            if value.is_zero() {
                continue;
            }
            stats.targets += 1;
            let v = ex(value);
            let level = v.abs().percent(protection);
            if (&hi_x - &v) < level || (&v - &lo_x) < level {
                stats.leaks.push(format!(
                    "{what}: the median can only be institution #{only} = {value}, within [{lo}, {hi}]"
                ));
            }
        }
        Ok(())
    }
}

/// Attacks what the public saw of every revision of a quarter.
fn attack(
    fw: &Framework,
    registry: BTreeMap<InstitutionCode, Attributes>,
    seen: &[Seen<'_>],
    stats: &mut Stats,
) -> Result<(), String> {
    let mut attacker = Attacker::new(fw, registry);
    let mut owners: BTreeMap<(usize, String, String), BTreeSet<usize>> = BTreeMap::new();
    for (h, s) in seen.iter().enumerate() {
        attacker.read(s, stats)?;
        // Owner groups: the total of their members' values of a row, in each revision.
        for row in &s.table.rows {
            let code = row.code();
            for c in s
                .table
                .contributions(&code, mizan_ratios::SECTOR, Method::Median)
            {
                if let (Some(o), Some(v)) = (c.owner_group, c.value) {
                    let x = attacker.var(&code, Part::Value, c.institution, v);
                    owners
                        .entry((h, code.clone(), o.to_owned()))
                        .or_default()
                        .insert(x);
                }
            }
        }
    }
    attacker.solve(&owners, fw.disclosure.protection_percent, stats)
}

/// Publishes every revision of a scenario (with or without disclosure control) and attacks
/// what the public sees of `methods`.
fn run(
    fw: &Framework,
    revisions: &[Vec<InstitutionReturn>],
    suppress: bool,
    methods: &[Method],
    stats: &mut Stats,
) -> Result<(), String> {
    let period = q1().map_err(|e| e.to_string())?;
    let tables: Vec<ConsolidatedTable> = revisions
        .iter()
        .map(|r| consolidate(fw, period, r))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut results: Vec<DisclosureResult> = Vec::new();
    if suppress {
        for t in &tables {
            let earlier: Vec<Publication<'_>> = tables
                .iter()
                .zip(&results)
                .map(|(table, result)| Publication { table, result })
                .collect();
            let r = protect(fw, t, &earlier).map_err(|e| e.to_string())?;
            if !r.unprotected.is_empty() {
                return Err(format!("unprotected: {:?}", r.unprotected));
            }
            results.push(r);
        }
    }
    let seen: Vec<Seen<'_>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| seen(t, results.get(i), methods))
        .collect();
    let registry = revisions
        .iter()
        .flatten()
        .map(|r| (r.code.clone(), r.attributes.clone()))
        .collect();
    attack(fw, registry, &seen, stats)
}

fn cases(default: u64) -> u64 {
    std::env::var("MIZAN_ATTACKER_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Seeds: deterministic in CI; `MIZAN_ATTACKER_RANDOM=1` explores other scenarios.
fn seeds(n: u64) -> Vec<u64> {
    if let Some(seed) = std::env::var("MIZAN_ATTACKER_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return vec![seed];
    }
    let start = if std::env::var_os("MIZAN_ATTACKER_RANDOM").is_some() {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    } else {
        0x5eed_2016_0001
    };
    let mut rng = XorShift64Star::new(start | 1);
    (0..n).map(|_| rng.below(u64::MAX)).collect()
}

/// With disclosure control, the attacker — every method at once, rounded figures as
/// intervals, pooled ratios, compliance counts — never gets within the protection level of any
/// institution's value on the real framework.
#[test]
fn the_attacker_never_recovers_a_value() -> TestResult {
    let fw = apsfd()?;
    let base = returns(q1()?)?;
    let started = std::time::Instant::now();
    let mut total = Stats::default();
    let seeds = seeds(cases(12));
    for seed in &seeds {
        let rs = scenario(&base, &fw, *seed);
        let mut s = Stats::default();
        run(&fw, &rs, true, &Method::ALL, &mut s).map_err(|e| format!("seed {seed}: {e}"))?;
        assert!(s.leaks.is_empty(), "seed {seed}: leaks: {:#?}", s.leaks);
        for (m, k) in s.cells {
            *total.cells.entry(m).or_default() += k;
        }
        for (m, k) in s.seen {
            *total.seen.entry(m).or_default() += k;
        }
        total.compliance += s.compliance;
        total.targets += s.targets;
    }
    println!(
        "attacker (protection on, every method at once): {} scenarios, public figures read \
         {:?}, turned into constraints {:?}, {} compliance counts, {} values attacked, no leak, \
         in {:.1} s",
        seeds.len(),
        total.seen,
        total.cells,
        total.compliance,
        total.targets,
        started.elapsed().as_secs_f64()
    );
    for m in Method::ALL {
        assert!(
            total.seen.get(m.code()).is_some_and(|k| *k > 0),
            "no {m} figure attacked"
        );
    }
    assert!(total.compliance > 0 && total.targets > seeds.len() * 100);
    Ok(())
}

/// Negative controls: published without disclosure control (but rounded), each method alone
/// leaks in most scenarios — the attacker is strong enough, method by method, to be worth
/// passing.
#[test]
fn without_protection_the_attacker_finds_each_methods_leaks() -> TestResult {
    let fw = apsfd()?;
    let base = returns(q1()?)?;
    let seeds = seeds(cases(12));
    let mut report = Vec::new();
    for method in Method::ALL {
        let mut leaky = 0;
        let mut leaks = 0;
        let mut example = None;
        for seed in &seeds {
            let rs = scenario(&base, &fw, *seed);
            let mut s = Stats::default();
            run(&fw, &rs, false, &[method], &mut s).map_err(|e| format!("seed {seed}: {e}"))?;
            if !s.leaks.is_empty() {
                leaky += 1;
                leaks += s.leaks.len();
                example = example.or_else(|| s.leaks.first().cloned());
            }
        }
        println!(
            "without protection, {method} alone: leaks in {leaky} of {} scenarios ({leaks} values), e.g. {example:?}",
            seeds.len()
        );
        report.push((method, leaky));
    }
    for (method, leaky) in report {
        assert!(
            leaky * 2 > seeds.len(),
            "{method}: only {leaky} of {} scenarios leak without protection",
            seeds.len()
        );
    }
    Ok(())
}

/// A hand case on the small framework: one SA, two mutuals; published without control, the
/// sector minus the mutual total gives the SA's loans, and a late mutual return gives that
/// mutual's by difference — even rounded to whole units.
#[test]
fn the_attacker_finds_the_textbook_leaks() -> TestResult {
    let fw = mini()?;
    let r1 = vec![
        inst("SA01", None, "loans=700.25")?,
        inst("MU01", None, "loans=100.10")?,
        inst("MU02", None, "loans=200.20")?,
        inst("MU03", None, "loans=300.30")?,
    ];
    let mut r2 = r1.clone();
    r2.push(inst("MU04", None, "loans=450.45")?);
    let mut s = Stats::default();
    run(&fw, &[r1.clone(), r2.clone()], false, &Method::ALL, &mut s)?;
    let leaks: Vec<&str> = s.leaks.iter().map(String::as_str).collect();
    assert!(
        leaks
            .iter()
            .any(|l| l.starts_with("nf.loans Value SA01 = 700.25: derived within")),
        "{leaks:?}"
    );
    assert!(
        leaks
            .iter()
            .any(|l| l.starts_with("nf.loans Value MU04 = 450.45: derived within")),
        "{leaks:?}"
    );
    let mut s = Stats::default();
    run(&fw, &[r1, r2], true, &Method::ALL, &mut s)?;
    assert!(s.leaks.is_empty(), "{:?}", s.leaks);
    Ok(())
}

/// The case: a median of one institution's ratio, published to 28 digits, gave back
/// its numerator and denominator; at public precision and under disclosure control the median
/// of too few institutions is withheld, and what is left is an interval.
#[test]
fn a_single_institution_median_is_withheld_and_rounded() -> TestResult {
    let fw = mini()?;
    let rs = vec![
        inst("SA01", None, "late=1 book=3")?,
        inst("MU01", None, "late=2 book=7")?,
        inst("MU02", None, "late=3 book=11")?,
        inst("MU03", None, "late=5 book=13")?,
    ];
    let table = super::table(&fw, &rs)?;
    let result = protect(&fw, &table, &[])?;
    for method in Method::ALL {
        for p in result.public_rows(&table, method) {
            if let Some(v) = p.row.value {
                assert!(
                    v.scale() <= 2,
                    "{} {} {method}: {v}",
                    p.row.indicator,
                    p.row.group
                );
            }
        }
        // Without protection, still rounded.
        for r in table.public_precision_rows(method) {
            if let Some(v) = r.value {
                assert!(v.scale() <= 2, "{} {} {method}: {v}", r.indicator, r.group);
            }
        }
    }
    assert!(result.is_suppressed("fin.par", "sa", Method::Median));
    assert!(result.is_suppressed("fin.par", "mutual", Method::Median));
    let unprotected: Vec<_> = table
        .public_precision_rows(Method::Median)
        .into_iter()
        .filter(|r| r.indicator == "fin.par" && r.group == "sa")
        .filter_map(|r| r.value)
        .collect();
    assert_eq!(unprotected, vec![Decimal::new(3333, 2)]);
    let mut s = Stats::default();
    run(
        &fw,
        std::slice::from_ref(&rs),
        false,
        &[Method::Median],
        &mut s,
    )?;
    assert!(
        s.leaks
            .iter()
            .any(|l| l.starts_with("fin.par Value SA01 = 33.33")),
        "{:?}",
        s.leaks
    );
    let mut s = Stats::default();
    run(&fw, &[rs], true, &Method::ALL, &mut s)?;
    assert!(s.leaks.is_empty(), "{:?}", s.leaks);
    Ok(())
}

/// A framework of several countries: the table has a column per country and per peer group in
/// each, overlapping the peer groups and the zone (zone = Σ countries, a group = Σ its country
/// cells, a country = Σ its group cells). The attacker reads every column of every method and
/// revision; with disclosure control it never gets within the protection level.
#[test]
fn the_attacker_never_recovers_a_value_in_a_zone() -> TestResult {
    let fw = zone_framework()?;
    let base = returns(q1()?)?;
    let seeds = seeds(cases(6));
    let mut total = Stats::default();
    for seed in &seeds {
        let rs = zone_scenario(&base, &fw, *seed)?;
        let mut s = Stats::default();
        run(&fw, &rs, true, &Method::ALL, &mut s).map_err(|e| format!("seed {seed}: {e}"))?;
        assert!(
            s.leaks.is_empty(),
            "seed {seed} (zone): leaks: {:#?}",
            s.leaks
        );
        total.country_cells += s.country_cells;
        total.targets += s.targets;
        total.compliance += s.compliance;
    }
    println!(
        "attacker (zone, protection on): {} scenarios, {} public figures of country columns \
         read, {} compliance counts, {} values attacked, no leak",
        seeds.len(),
        total.country_cells,
        total.compliance,
        total.targets
    );
    assert!(total.country_cells > 0 && total.targets > seeds.len() * 100);
    Ok(())
}

/// The negative control of the zone: published without control (rounded), the country columns
/// leak (a column of one, and differences between overlapping columns).
#[test]
fn without_protection_a_zone_table_leaks() -> TestResult {
    let fw = zone_framework()?;
    let base = returns(q1()?)?;
    let seeds = seeds(cases(6));
    let mut leaky = 0;
    for seed in &seeds {
        let rs = zone_scenario(&base, &fw, *seed)?;
        let mut s = Stats::default();
        run(&fw, &rs, false, &[Method::Published], &mut s)
            .map_err(|e| format!("seed {seed}: {e}"))?;
        if !s.leaks.is_empty() {
            leaky += 1;
        }
    }
    assert!(
        leaky * 2 > seeds.len(),
        "only {leaky} of {} leak",
        seeds.len()
    );
    Ok(())
}

/// Hand cases of a zone (the mini framework has no country: it is a zone framework):
/// - Burkina Faso: one SA (SA01) and two mutuals: BF − BF.mutual would give SA01, and the
///   peer group `sa` is present in BF only through SA01;
/// - Côte d'Ivoire: one institution (SA05): zone − BF − SN, and sa − BF.sa − SN.sa, give it;
/// - Senegal: three SA and three mutuals, public on their own.
///
/// Without control the attacker finds SA01, the two BF mutuals and SA05; with it, nothing, on
/// every method and through a late return (MU02 reports in the second revision).
#[test]
fn the_attacker_differences_countries_and_the_zone() -> TestResult {
    use crate::zone::in_country;
    let fw = mini()?;
    assert!(fw.country.is_none());
    let r = |code: &str, c: &str, loans: &str, late: &str, book: &str| {
        in_country(
            code,
            Some(c),
            &format!("loans={loans} late={late} book={book} men=3 women=4 persons=7"),
        )
    };
    let r2 = vec![
        r("SA01", "BF", "700.25", "7.01", "140.03")?,
        r("MU01", "BF", "100.10", "1.11", "30.07")?,
        r("MU02", "BF", "200.20", "2.22", "50.05")?,
        r("SA02", "SN", "150.15", "1.51", "40.01")?,
        r("SA03", "SN", "250.25", "2.53", "60.02")?,
        r("SA04", "SN", "350.35", "3.54", "80.04")?,
        r("MU03", "SN", "120.12", "1.21", "20.02")?,
        r("MU04", "SN", "130.13", "1.31", "25.03")?,
        r("MU05", "SN", "140.14", "1.41", "28.04")?,
        r("SA05", "CI", "500.50", "5.05", "90.09")?,
    ];
    let r1: Vec<InstitutionReturn> = r2
        .iter()
        .filter(|x| x.code.as_str() != "MU02")
        .cloned()
        .collect();
    let revisions = [r1, r2];
    let mut s = Stats::default();
    run(&fw, &revisions, false, &Method::ALL, &mut s)?;
    for code in ["SA01", "MU01", "MU02", "SA05"] {
        assert!(
            s.leaks
                .iter()
                .any(|l| l.starts_with(&format!("nf.loans Value {code} ="))),
            "{code}: {:#?}",
            s.leaks
        );
    }
    let mut s = Stats::default();
    run(&fw, &revisions, true, &Method::ALL, &mut s)?;
    assert!(s.leaks.is_empty(), "{:#?}", s.leaks);
    assert!(s.country_cells > 0);

    // What is withheld: CI (one institution) and BF.sa (one SA) by the threshold, and enough
    // around them that neither comes back by difference.
    let period = q1()?;
    let t2 = consolidate(&fw, period, &revisions[1])?;
    let result = protect(&fw, &t2, &[])?;
    for col in ["CI", "CI.sa", "BF.sa", "BF.mutual"] {
        assert!(
            result.is_suppressed("nf.loans", col, Method::Pooled),
            "{col}"
        );
    }
    let public = |col: &str| !result.is_suppressed("nf.loans", col, Method::Pooled);
    assert!(
        !(public("sector") && public("BF") && public("SN")),
        "zone − BF − SN would give CI"
    );
    assert!(
        !public("BF") || !(public("BF.mutual") || public("BF.sa")),
        "BF − one of its groups would give the other"
    );
    Ok(())
}
