//! Secondary suppression, proved by solving the attacker's problem.
//!
//! Sums are audited by row family: rows related by totals of parts (persons = men + women)
//! form one family, every other summed row is a family of its own. For a family, the attacker
//! knows every published sum of every publication of the period (the current one and the
//! earlier revisions), that each column's sum is over known institutions (the sector is all of
//! them: sector = Σ groups + institutions outside any group; in a framework of several
//! countries the columns overlap — zone = Σ countries, a group = Σ its country cells, a
//! country = Σ its group cells — and every column is still a sum over its members, so the
//! relations need no special case), the totals-of-parts relation of
//! each institution, and the signs (non-negative amounts and counts). Unknowns are the
//! institutions' values; an institution that corrected a value has one unknown per version.
//!
//! Institutions that appear in exactly the same figures with the same versions, the same owner
//! and the same relations are merged into one unknown (their sum): any solution of the merged
//! system splits back into one for the institutions (give the whole to one of them), so the
//! bounds are exact, and a member of a merged unknown of non-negative values ranges over
//! `[0, max of the sum]`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mizan_core::framework::{Expr, Formula};
use mizan_core::{Decimal, InstitutionCode};

use super::cells::{Key, Model, Stat, add, suppressed};
use super::exact::{Exact, LinearSystem, Range};
use super::{AttackerInterval, DisclosureError, Reason};
use crate::consolidate::{ConsolidatedTable, RowKind, SECTOR};

/// When no single figure restores a contributor's protection, pairs among this many of the
/// cheapest candidates are tried.
const PAIRS_AMONG: usize = 10;

/// Rows related by totals of parts.
#[derive(Debug, Clone)]
struct Family {
    rows: Vec<usize>,
    relations: Vec<Relation>,
}

/// `total = Σ parts (+ parts that have no row of their own)`, positions in `Family::rows`.
#[derive(Debug, Clone)]
struct Relation {
    total: usize,
    parts: Vec<usize>,
    missing: bool,
    missing_nonneg: bool,
}

/// One figure of one publication.
#[derive(Debug, Clone)]
struct Obs<'a> {
    h: usize,
    fi: usize,
    key: Key,
    members: BTreeSet<&'a InstitutionCode>,
    total: Exact,
    cost: Exact,
    /// For earlier publications: whether it was published.
    published_before: bool,
    /// The unknowns it sums.
    vars: Vec<usize>,
}

/// A value the attacker must not derive: a contributor's value, or a sum that a primary rule
/// found sensitive.
#[derive(Debug, Clone)]
struct Target<'a> {
    objective: Vec<(usize, Exact)>,
    value: Exact,
    /// The protection level: the attacker's bounds must stay at least this far from the value.
    level: Exact,
    /// Only the upper bound matters: a member of a merged unknown of non-negative values
    /// (its lower bound is 0, its upper bound the merged unknown's).
    upper_only: bool,
    fi: usize,
    group: String,
    contributor: String,
    members: BTreeSet<&'a InstitutionCode>,
}

impl Target<'_> {
    fn protected(&self, range: &Range) -> bool {
        let upper = range
            .max
            .as_ref()
            .is_none_or(|hi| (hi - &self.value) >= self.level);
        let lower = self.upper_only
            || range
                .min
                .as_ref()
                .is_none_or(|lo| (&self.value - lo) >= self.level);
        upper && lower
    }
}

/// Everything about a family that does not depend on the suppression pattern.
#[derive(Debug, Clone)]
struct Data<'a> {
    nonneg: Vec<bool>,
    relations: Vec<Vec<(usize, Exact)>>,
    cells: Vec<Obs<'a>>,
    targets: Vec<Target<'a>>,
    current: usize,
}

impl Data<'_> {
    fn published(&self, o: &Obs, state: &BTreeMap<Key, Vec<Reason>>, extra: &[Key]) -> bool {
        if o.members.is_empty() {
            return false;
        }
        if o.h == self.current {
            !suppressed(state, &o.key) && !extra.contains(&o.key)
        } else {
            o.published_before
        }
    }

    /// The published sums the attacker knows, in figure order, each distinct one once (unknowns
    /// in increasing order, total): borrowed, nothing copied.
    fn known<'d>(
        &'d self,
        state: &BTreeMap<Key, Vec<Reason>>,
        extra: &[Key],
    ) -> Vec<(&'d [usize], &'d Exact)> {
        let mut seen = BTreeSet::new();
        self.cells
            .iter()
            .filter(|o| self.published(o, state, extra))
            .map(|o| (o.vars.as_slice(), &o.total))
            .filter(|k| seen.insert(*k))
            .collect()
    }

    fn system(&self, state: &BTreeMap<Key, Vec<Reason>>, extra: &[Key]) -> LinearSystem {
        self.system_of(&self.known(state, extra))
    }

    fn system_of(&self, known: &[(&[usize], &Exact)]) -> LinearSystem {
        let mut s = LinearSystem::new();
        for &n in &self.nonneg {
            s.variable(n);
        }
        for r in &self.relations {
            s.equation(r, Exact::zero());
        }
        let one = Exact::from(1);
        for (vars, total) in known {
            let terms: Vec<(usize, Exact)> = vars.iter().map(|v| (*v, one.clone())).collect();
            s.equation(&terms, (*total).clone());
        }
        s
    }
}

/// The audit of every family of a table.
pub(super) struct Audit<'m, 'a> {
    model: &'m Model<'a>,
    families: Vec<(Family, Data<'a>)>,
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    parent[x] = r;
    r
}

/// The item a row shows when it is an item (or total) itself.
fn item_of<'r>(model: &'r Model<'_>, row: usize) -> Option<&'r str> {
    let info = model.rows.get(row)?;
    if info.kind != RowKind::Indicator {
        return None;
    }
    match &info.indicator?.formula {
        Formula::Value(Expr::Ref(code)) => Some(code.as_str()),
        _ => None,
    }
}

impl<'m, 'a> Audit<'m, 'a> {
    pub fn new(model: &'m Model<'a>) -> Self {
        let sum_rows: Vec<usize> = (0..model.rows.len())
            .filter(|r| model.rows[*r].stats().contains(&Stat::Sum))
            .collect();
        let by_item: HashMap<&str, usize> = sum_rows
            .iter()
            .filter_map(|r| Some((item_of(model, *r)?, *r)))
            .collect();
        let mut parent: Vec<usize> = (0..model.rows.len()).collect();
        let mut relations = Vec::new();
        for &r in &sum_rows {
            let Some(item) = item_of(model, r).and_then(|c| model.fw.item(c)) else {
                continue;
            };
            let Some(parts) = &item.parts else { continue };
            let rows: Vec<usize> = parts
                .iter()
                .filter_map(|p| by_item.get(p.as_str()).copied())
                .collect();
            if rows.is_empty() {
                continue;
            }
            let missing: Vec<_> = parts
                .iter()
                .filter(|p| !by_item.contains_key(p.as_str()))
                .collect();
            for &p in &rows {
                let (a, b) = (find(&mut parent, r), find(&mut parent, p));
                parent[a] = b;
            }
            relations.push((
                r,
                rows,
                !missing.is_empty(),
                missing
                    .iter()
                    .all(|p| model.fw.is_non_negative(&Expr::Ref((*p).clone()))),
            ));
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &r in &sum_rows {
            groups.entry(find(&mut parent, r)).or_default().push(r);
        }
        let families = groups
            .into_values()
            .map(|rows| {
                let pos = |r: usize| rows.iter().position(|x| *x == r);
                let relations = relations
                    .iter()
                    .filter_map(|(t, parts, missing, missing_nonneg)| {
                        Some(Relation {
                            total: pos(*t)?,
                            parts: parts.iter().map(|p| pos(*p)).collect::<Option<Vec<_>>>()?,
                            missing: *missing,
                            missing_nonneg: *missing_nonneg,
                        })
                    })
                    .collect();
                Family { rows, relations }
            })
            .collect::<Vec<_>>();
        let mut audit = Self {
            model,
            families: Vec::new(),
        };
        audit.families = families
            .into_iter()
            .map(|f| {
                let data = audit.data(&f);
                (f, data)
            })
            .collect();
        audit
    }

    fn data(&self, fam: &Family) -> Data<'a> {
        let m = self.model;
        let percent = m.settings.protection_percent;
        let mut tables: Vec<(&'a ConsolidatedTable, Option<&'a super::Publication<'a>>)> =
            m.earlier.iter().map(|p| (p.table, Some(p))).collect();
        tables.push((m.table, None));
        let current = tables.len() - 1;
        let sector = m.groups.iter().position(|g| g == SECTOR);
        let nf = fam.rows.len();

        // Observations and values.
        let mut cells = Vec::new();
        // Looked up by institution, never iterated in their order: hashed.
        let mut values: Vec<Vec<HashMap<&'a InstitutionCode, Decimal>>> =
            vec![vec![HashMap::new(); nf]; tables.len()];
        // Each institution's columns other than the sector (its peer group first, then, in a
        // framework of several countries, its country and its group in the country): institutions
        // are merged only when they share every column.
        let mut column: Vec<Vec<HashMap<&'a InstitutionCode, Vec<usize>>>> =
            vec![vec![HashMap::new(); nf]; tables.len()];
        let mut owner: HashMap<&'a InstitutionCode, Option<String>> = HashMap::new();
        for (h, (table, publication)) in tables.iter().enumerate() {
            for (fi, &row) in fam.rows.iter().enumerate() {
                for g in 0..m.groups.len() {
                    let key = Key {
                        row,
                        group: g,
                        stat: Stat::Sum,
                    };
                    let contribs = m.contributions(table, &key);
                    let total =
                        Exact::sum_decimals(contribs.iter().map(|c| c.value.unwrap_or_default()));
                    let cost = Exact::sum_decimals(
                        contribs.iter().map(|c| c.value.unwrap_or_default().abs()),
                    );
                    for c in &contribs {
                        owner.insert(c.institution, c.owned.then(|| c.owner.to_string()));
                        if Some(g) == sector {
                            values[h][fi].insert(c.institution, c.value.unwrap_or_default());
                        } else {
                            column[h][fi].entry(c.institution).or_default().push(g);
                        }
                    }
                    cells.push(Obs {
                        h,
                        fi,
                        key,
                        members: contribs.iter().map(|c| c.institution).collect(),
                        total,
                        cost,
                        published_before: publication
                            .is_some_and(|p| !m.earlier_suppressed(p, &key)),
                        vars: Vec::new(),
                    });
                }
            }
        }
        let nonneg_row: Vec<bool> = (0..nf)
            .map(|fi| {
                m.rows.get(fam.rows[fi]).is_some_and(|r| r.nonneg)
                    && values
                        .iter()
                        .all(|v| v[fi].values().all(|x| !x.is_sign_negative()))
            })
            .collect();

        // Versions of each institution's value in each row.
        let mut distinct: Vec<HashMap<&InstitutionCode, Vec<Decimal>>> = vec![HashMap::new(); nf];
        for per_h in &values {
            for (fi, vals) in per_h.iter().enumerate() {
                for (i, v) in vals {
                    let list = distinct[fi].entry(*i).or_default();
                    if !list.contains(v) {
                        list.push(*v);
                    }
                }
            }
        }
        let version = |h: usize, fi: usize, i: &InstitutionCode| -> Option<usize> {
            let v = values[h][fi].get(i)?;
            distinct.get(fi)?.get(i)?.iter().position(|x| x == v)
        };
        // The shape of each institution's relations: which parts are present (None: no
        // relation holds for it).
        let shape = |h: usize, rel: &Relation, i: &InstitutionCode| -> Option<Vec<bool>> {
            let t = values[h][rel.total].get(i)?;
            let present: Vec<Option<&Decimal>> =
                rel.parts.iter().map(|p| values[h][*p].get(i)).collect();
            let sum = Exact::sum_decimals(present.iter().flatten().map(|v| **v));
            let bits: Vec<bool> = present.iter().map(Option::is_some).collect();
            let absent = rel.missing || bits.iter().any(|b| !b);
            let slack = &Exact::from(*t) - &sum;
            if !absent {
                return slack.is_zero().then_some(bits);
            }
            let slack_nonneg = rel.missing_nonneg
                && rel
                    .parts
                    .iter()
                    .zip(&bits)
                    .all(|(p, b)| *b || nonneg_row[*p]);
            (!(slack_nonneg && slack.is_negative())).then_some(bits)
        };
        let slack_nonneg = |rel: &Relation, bits: &[bool]| {
            rel.missing_nonneg
                && rel
                    .parts
                    .iter()
                    .zip(bits)
                    .all(|(p, b)| *b || nonneg_row[*p])
        };

        // Profiles and merged unknowns.
        type Profile = (
            Option<String>,
            Vec<Option<Vec<usize>>>,
            Vec<Option<usize>>,
            Vec<Option<Vec<bool>>>,
        );
        let institutions: BTreeSet<&InstitutionCode> = values
            .iter()
            .flat_map(|v| v.iter().flat_map(|m| m.keys().copied()))
            .collect();
        let mut atoms: HashMap<Profile, Vec<&InstitutionCode>> = HashMap::new();
        for i in &institutions {
            let mut cols = Vec::new();
            let mut versions = Vec::new();
            let mut shapes = Vec::new();
            for (h, per_h) in column.iter().enumerate() {
                for (fi, col) in per_h.iter().enumerate() {
                    cols.push(col.get(i).cloned());
                    versions.push(version(h, fi, i));
                }
                for rel in &fam.relations {
                    shapes.push(shape(h, rel, i));
                }
            }
            let profile = (owner.get(i).cloned().flatten(), cols, versions, shapes);
            atoms.entry(profile).or_default().push(i);
        }
        let mut atoms: Vec<(Profile, Vec<&InstitutionCode>)> = atoms.into_iter().collect();
        atoms.sort_by(|a, b| a.1.cmp(&b.1));
        let mut atom_of: HashMap<&InstitutionCode, usize> = HashMap::new();
        for (a, (_, members)) in atoms.iter().enumerate() {
            for i in members {
                atom_of.insert(i, a);
            }
        }

        // Unknowns: one per merged group, row and version.
        let mut nonneg = Vec::new();
        let mut var: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
        let mut var_value: Vec<Exact> = Vec::new();
        for (a, (_, members)) in atoms.iter().enumerate() {
            for fi in 0..nf {
                for (h, per_h) in values.iter().enumerate() {
                    let Some(first) = members.first() else {
                        continue;
                    };
                    let Some(v) = version(h, fi, first) else {
                        continue;
                    };
                    if var.contains_key(&(a, fi, v)) {
                        continue;
                    }
                    var.insert((a, fi, v), nonneg.len());
                    nonneg.push(nonneg_row[fi]);
                    var_value.push(Exact::sum_decimals(
                        members.iter().filter_map(|i| per_h[fi].get(i)).copied(),
                    ));
                }
            }
        }
        let var_at = |a: usize, h: usize, fi: usize| -> Option<usize> {
            let first = atoms.get(a)?.1.first()?;
            var.get(&(a, fi, version(h, fi, first)?)).copied()
        };

        // Relations of each merged group (one per distinct set of unknowns).
        let one = Exact::from(1);
        let minus = Exact::from(-1);
        let mut relations = Vec::new();
        let mut seen: BTreeSet<Vec<(usize, bool)>> = BTreeSet::new();
        let mut slack: BTreeMap<Vec<(usize, bool)>, usize> = BTreeMap::new();
        for (a, (_, members)) in atoms.iter().enumerate() {
            let Some(first) = members.first() else {
                continue;
            };
            for h in 0..tables.len() {
                for rel in &fam.relations {
                    let Some(bits) = shape(h, rel, first) else {
                        continue;
                    };
                    let Some(total) = var_at(a, h, rel.total) else {
                        continue;
                    };
                    let mut sig = vec![(total, true)];
                    let mut terms = vec![(total, one.clone())];
                    for (p, present) in rel.parts.iter().zip(&bits) {
                        if *present && let Some(v) = var_at(a, h, *p) {
                            sig.push((v, false));
                            terms.push((v, minus.clone()));
                        }
                    }
                    if rel.missing || bits.iter().any(|b| !b) {
                        let next = nonneg.len();
                        let s = *slack.entry(sig.clone()).or_insert(next);
                        if s == next {
                            nonneg.push(slack_nonneg(rel, &bits));
                            var_value.push(Exact::zero());
                        }
                        terms.push((s, minus.clone()));
                    }
                    if seen.insert(sig) {
                        relations.push(terms);
                    }
                }
            }
        }

        // Each figure's unknowns.
        for o in &mut cells {
            let mut vars = BTreeSet::new();
            for i in &o.members {
                if let Some(v) = atom_of.get(i).and_then(|a| var_at(*a, o.h, o.fi)) {
                    vars.insert(v);
                }
            }
            o.vars = vars.into_iter().collect();
        }

        // Targets: every contributor's value, by version.
        let mut targets = Vec::new();
        let group_of = |i: &InstitutionCode, fi: usize| -> String {
            (0..tables.len())
                .rev()
                .find_map(|h| column[h][fi].get(i))
                // The column that names a target: its first, the peer group (the columns of a
                // country, which also hold it, come after).
                .and_then(|g| g.first())
                .and_then(|g| m.groups.get(*g).cloned())
                .unwrap_or_else(|| SECTOR.to_owned())
        };
        let mut done: BTreeSet<Vec<usize>> = BTreeSet::new();
        for (&(a, fi, v), &x) in &var {
            let Some((profile, members)) = atoms.get(a) else {
                continue;
            };
            // Decimals compare exactly: only the value a target needs becomes a fraction.
            let member_values: Vec<(&InstitutionCode, Decimal)> = members
                .iter()
                .filter_map(|i| {
                    let h = (0..tables.len()).find(|h| version(*h, fi, i) == Some(v))?;
                    Some((*i, *values[h][fi].get(*i)?))
                })
                .collect();
            let objective = vec![(x, one.clone())];
            if let [(i, value)] = member_values.as_slice() {
                let value = Exact::from(*value);
                done.insert(vec![x]);
                targets.push(Target {
                    objective,
                    level: value.abs().percent(percent),
                    value: value.clone(),
                    upper_only: false,
                    fi,
                    group: group_of(i, fi),
                    contributor: i.to_string(),
                    members: BTreeSet::from([*i]),
                });
                continue;
            }
            if nonneg_row[fi]
                && let Some((i, value)) = member_values.iter().max_by(|a, b| a.1.cmp(&b.1))
            {
                let value = Exact::from(*value);
                targets.push(Target {
                    objective: objective.clone(),
                    level: value.abs().percent(percent),
                    value: value.clone(),
                    upper_only: true,
                    fi,
                    group: group_of(i, fi),
                    contributor: i.to_string(),
                    members: BTreeSet::from([*i]),
                });
            }
            if let Some(owner) = &profile.0
                && let Some(value) = var_value.get(x)
                && done.insert(vec![x])
            {
                let first = members.first().cloned();
                targets.push(Target {
                    objective,
                    level: value.abs().percent(percent),
                    value: value.clone(),
                    upper_only: false,
                    fi,
                    group: first.map_or_else(|| SECTOR.to_owned(), |i| group_of(i, fi)),
                    contributor: owner.trim_start_matches("owner:").to_owned(),
                    members: members.iter().cloned().collect(),
                });
            }
        }
        // Owner groups whose institutions in one figure are in several merged unknowns.
        for o in &cells {
            let mut by_owner: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
            for i in &o.members {
                if let (Some(Some(ow)), Some(a)) = (owner.get(i), atom_of.get(i)) {
                    by_owner.entry(ow.as_str()).or_default().insert(*a);
                }
            }
            for (ow, set) in by_owner {
                if set.len() < 2 {
                    continue;
                }
                let vars: Vec<usize> = set.iter().filter_map(|a| var_at(*a, o.h, o.fi)).collect();
                if !done.insert(vars.clone()) {
                    continue;
                }
                let value: Exact = vars.iter().filter_map(|v| var_value.get(*v).cloned()).sum();
                let members = o
                    .members
                    .iter()
                    .filter(|i| owner.get(*i).is_some_and(|x| x.as_deref() == Some(ow)))
                    .cloned()
                    .collect();
                targets.push(Target {
                    objective: vars.into_iter().map(|v| (v, one.clone())).collect(),
                    level: value.abs().percent(percent),
                    value,
                    upper_only: false,
                    fi: o.fi,
                    group: m.groups.get(o.key.group).cloned().unwrap_or_default(),
                    contributor: ow.trim_start_matches("owner:").to_owned(),
                    members,
                });
            }
        }
        Data {
            nonneg,
            relations,
            cells,
            targets,
            current,
        }
    }

    /// Suppresses complementary figures until every contributor is protected; returns the
    /// contributors that could not be (already disclosed by earlier publications).
    pub fn protect(
        &self,
        state: &mut BTreeMap<Key, Vec<Reason>>,
    ) -> Result<Vec<String>, DisclosureError> {
        // A family reads and suppresses the figures of its own rows only, so families are
        // audited independently: on up to two threads (the machines this runs on have two
        // cores or more), each on its copy of the pattern, merged back in family order — the
        // same pattern as one family after the other, whatever the threads' timing.
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .min(2)
            .min(self.families.len());
        if threads <= 1 {
            let mut unprotected = Vec::new();
            for (fam, data) in &self.families {
                unprotected.extend(self.protect_family(fam, data, state)?);
            }
            return Ok(unprotected);
        }
        type Done = (usize, Vec<(Key, Vec<Reason>)>, Vec<String>);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let start: &BTreeMap<Key, Vec<Reason>> = state;
        let work = || -> Result<Vec<Done>, DisclosureError> {
            let mut local = start.clone();
            let mut done = Vec::new();
            loop {
                let f = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((fam, data)) = self.families.get(f) else {
                    return Ok(done);
                };
                let unprotected = self.protect_family(fam, data, &mut local)?;
                let rows: BTreeSet<usize> = fam.rows.iter().copied().collect();
                let figures = local
                    .iter()
                    .filter(|(k, _)| rows.contains(&k.row))
                    .map(|(k, r)| (*k, r.clone()))
                    .collect();
                done.push((f, figures, unprotected));
            }
        };
        let mut all: Vec<Done> = Vec::new();
        let outcomes: Vec<Result<Vec<Done>, DisclosureError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for outcome in outcomes {
            all.extend(outcome?);
        }
        all.sort_by_key(|(f, ..)| *f);
        let mut unprotected = Vec::new();
        for (_, figures, lost) in all {
            state.extend(figures);
            unprotected.extend(lost);
        }
        Ok(unprotected)
    }

    /// Secondary suppression of one family (see [`Self::protect`]).
    fn protect_family(
        &self,
        fam: &Family,
        data: &Data<'a>,
        state: &mut BTreeMap<Key, Vec<Reason>>,
    ) -> Result<Vec<String>, DisclosureError> {
        let mut unprotected = Vec::new();
        let mut targets = self.sensitive_sums(data, state);
        targets.extend(data.targets.iter().cloned());
        let inconsistent = || DisclosureError::Inconsistent {
            row: fam
                .rows
                .first()
                .and_then(|r| self.model.rows.get(*r))
                .map(|r| r.code.clone())
                .unwrap_or_default(),
        };
        let mut given_up: BTreeSet<usize> = BTreeSet::new();
        // Suppressing a figure only removes equations from the attacker's system, so a
        // target found protected stays protected: each search resumes at the target that
        // failed last (the same first failing target as a search from the start).
        let mut from = 0;
        loop {
            let system = data.system(state, &[]);
            let solver = system.prepare().map_err(|_| inconsistent())?;
            let failing = targets.iter().enumerate().skip(from).find(|(t, target)| {
                if given_up.contains(t) {
                    return false;
                }
                let range = if target.upper_only {
                    Range {
                        min: None,
                        max: solver.max(&target.objective),
                    }
                } else {
                    solver.range(&target.objective)
                };
                !target.protected(&range)
            });
            let Some((t, target)) = failing else { break };
            from = t;
            let mut candidates: Vec<&Obs> = data
                .cells
                .iter()
                .filter(|o| o.h == data.current && data.published(o, state, &[]))
                .collect();
            candidates.sort_by(|a, b| {
                (&a.cost, a.members.len(), a.key).cmp(&(&b.cost, b.members.len(), b.key))
            });
            if candidates.is_empty() {
                given_up.insert(t);
                let row = self.row_code(fam, target.fi);
                unprotected.push(format!("{row} ({}): {}", target.group, target.contributor));
                continue;
            }
            // The cheapest single figure that restores the protection; else the cheapest
            // pair among the cheapest few; else the cheapest figure over the same
            // institutions, and try again.
            let known = data.known(state, &[]).len();
            let works = |extra: &[Key]| -> Result<bool, DisclosureError> {
                let trial = data.known(state, extra);
                if trial.len() == known {
                    // Another published figure (of this or an earlier publication) says
                    // the same sum: the attacker's system is the one that failed.
                    return Ok(false);
                }
                let trial = data.system_of(&trial);
                let solver = trial.prepare().map_err(|_| inconsistent())?;
                Ok(target.protected(&solver.range(&target.objective)))
            };
            let mut chosen: Vec<Key> = Vec::new();
            for c in &candidates {
                if works(&[c.key])? {
                    chosen = vec![c.key];
                    break;
                }
            }
            if chosen.is_empty() {
                let few = &candidates[..candidates.len().min(PAIRS_AMONG)];
                let mut pairs: Vec<(Exact, Key, Key)> = Vec::new();
                for (i, a) in few.iter().enumerate() {
                    for b in &few[i + 1..] {
                        pairs.push((&a.cost + &b.cost, a.key, b.key));
                    }
                }
                pairs.sort();
                for (_, a, b) in pairs {
                    if works(&[a, b])? {
                        chosen = vec![a, b];
                        break;
                    }
                }
            }
            if chosen.is_empty() {
                chosen.extend(
                    candidates
                        .iter()
                        .find(|c| !c.members.is_disjoint(&target.members))
                        .or(candidates.first())
                        .map(|c| c.key),
                );
            }
            for key in chosen {
                add(
                    state,
                    key,
                    Reason::Secondary {
                        row: self.row_code(fam, target.fi),
                        group: target.group.clone(),
                        contributor: target.contributor.clone(),
                    },
                );
            }
        }
        Ok(unprotected)
    }

    /// The sums of the current publication that a primary rule found sensitive, as targets:
    /// the attacker's bounds on the total must stay `protection_percent` % of the largest
    /// contributor away from it, above and below (for non-negative values the lower bound 0
    /// always does, since the total is at least the largest contributor).
    fn sensitive_sums(
        &self,
        data: &Data<'a>,
        state: &BTreeMap<Key, Vec<Reason>>,
    ) -> Vec<Target<'a>> {
        let m = self.model;
        let mut out = Vec::new();
        for o in data.cells.iter().filter(|o| o.h == data.current) {
            let primary = state.get(&o.key).is_some_and(|reasons| {
                reasons.iter().any(|r| {
                    matches!(
                        r,
                        Reason::Threshold { .. } | Reason::Dominance { .. } | Reason::PRule { .. }
                    )
                })
            });
            if !primary || o.members.is_empty() {
                continue;
            }
            let contribs = m.contributions(m.table, &o.key);
            let mut by_owner: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
            for c in &contribs {
                by_owner
                    .entry(c.owner.as_ref())
                    .or_default()
                    .push(c.value.unwrap_or_default());
            }
            let Some((largest, x1)) = by_owner
                .into_iter()
                .map(|(o, v)| (o, Exact::sum_decimals(v).abs()))
                .max_by(|a, b| a.1.cmp(&b.1))
            else {
                continue;
            };
            out.push(Target {
                objective: o.vars.iter().map(|v| (*v, Exact::from(1))).collect(),
                value: o.total.clone(),
                level: x1.percent(m.settings.protection_percent),
                upper_only: false,
                fi: o.fi,
                group: m.groups.get(o.key.group).cloned().unwrap_or_default(),
                contributor: largest.trim_start_matches("owner:").to_owned(),
                members: o.members.clone(),
            });
        }
        out
    }

    fn row_code(&self, fam: &Family, fi: usize) -> String {
        fam.rows
            .get(fi)
            .and_then(|r| self.model.rows.get(*r))
            .map(|r| r.code.clone())
            .unwrap_or_default()
    }

    /// What the public can derive about each suppressed sum of the current publication.
    pub fn intervals(
        &self,
        state: &BTreeMap<Key, Vec<Reason>>,
    ) -> Result<Vec<AttackerInterval>, DisclosureError> {
        let mut out = Vec::new();
        for (fam, data) in &self.families {
            let system = data.system(state, &[]);
            let solver = system
                .prepare()
                .map_err(|_| DisclosureError::Inconsistent {
                    row: self.row_code(fam, 0),
                })?;
            for o in data.cells.iter().filter(|o| {
                o.h == data.current && !o.members.is_empty() && suppressed(state, &o.key)
            }) {
                let objective: Vec<(usize, Exact)> =
                    o.vars.iter().map(|v| (*v, Exact::from(1))).collect();
                let range = solver.range(&objective);
                out.push((
                    o.key,
                    AttackerInterval {
                        row: self.row_code(fam, o.fi),
                        group: self
                            .model
                            .groups
                            .get(o.key.group)
                            .cloned()
                            .unwrap_or_default(),
                        total: o.total.to_decimal().unwrap_or_default(),
                        lower: range.min.and_then(|v| v.to_decimal()),
                        upper: range.max.and_then(|v| v.to_decimal()),
                    },
                ));
            }
        }
        out.sort_by_key(|(k, _)| *k);
        Ok(out.into_iter().map(|(_, i)| i).collect())
    }
}
