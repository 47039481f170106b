//! Portfolio outputs of a classified tape (spec bam-mfi §3, README "Portfolio outputs"): by
//! class, PAR, provisions, coverage, irrecoverable, by borrower kind and zone, and the migration
//! matrix from the previous quarter-end.

use chrono::{Datelike, NaiveDate};
use mizan_core::loan::{BorrowerKind, Loan, PreviousBook, Zone};
use mizan_core::number::round_half_away;
use mizan_core::{Code, Decimal, Framework, ItemValues};

use super::{LoanResult, Rules};

/// An exact sum that adds amounts of at most two decimals as integer cents (fast), and any
/// other amount as a decimal.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    cents: i128,
    rest: Decimal,
}

impl Sum {
    #[inline]
    fn add(&mut self, d: Decimal) {
        match d.scale() {
            0 => self.cents += d.mantissa() * 100,
            1 => self.cents += d.mantissa() * 10,
            2 => self.cents += d.mantissa(),
            _ => self.rest += d,
        }
    }

    fn value(self) -> Decimal {
        // |cents| stays far below 2^96 for any real portfolio (10^26 cents).
        Decimal::try_from_i128_with_scale(self.cents, 2).map_or(Decimal::MAX, |c| {
            c.checked_add(self.rest).unwrap_or(Decimal::MAX)
        })
    }
}

/// Count, outstanding principal and required provisions of a set of loans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Number of loans.
    pub count: u64,
    /// Outstanding principal.
    pub outstanding: Decimal,
    /// Required provisions.
    pub provision: Decimal,
}

/// A split of the portfolio (by borrower kind or zone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Group {
    /// Number of loans.
    pub count: u64,
    /// Outstanding principal.
    pub outstanding: Decimal,
    /// Outstanding of its loans past the first PAR threshold (PAR30).
    pub par: Decimal,
    /// Required provisions.
    pub provision: Decimal,
}

impl Group {
    /// PAR over outstanding, in percent.
    pub fn par_ratio_pct(&self) -> Option<Decimal> {
        pct(self.par, self.outstanding)
    }
}

/// Loans by class at the previous quarter-end (or new) and now (or gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    classes: usize,
    /// Rows: new, class 0, class 1…; columns: class 0, class 1…, exit.
    cells: Vec<u64>,
}

impl Migration {
    fn new(classes: usize) -> Self {
        Self {
            classes,
            cells: vec![0; (classes + 1) * (classes + 1)],
        }
    }

    fn index(&self, from: Option<u8>, to: Option<u8>) -> usize {
        let row = from.map_or(0, |c| usize::from(c) + 1).min(self.classes);
        let col = to.map_or(self.classes, usize::from).min(self.classes);
        row * (self.classes + 1) + col
    }

    /// Loans in class `from` at the previous quarter-end (`None`: new) and `to` now (`None`:
    /// no longer on the tape).
    pub fn get(&self, from: Option<u8>, to: Option<u8>) -> u64 {
        self.cells[self.index(from, to)]
    }

    /// Every non-zero cell: (from, to, count), new first, then by class; exit last in a row.
    pub fn cells(&self) -> Vec<(Option<u8>, Option<u8>, u64)> {
        let n = self.classes;
        let class = |i: usize| u8::try_from(i).ok();
        let mut out = Vec::new();
        for row in 0..=n {
            for col in 0..=n {
                let v = self.cells[row * (n + 1) + col];
                if v > 0 {
                    let from = if row == 0 { None } else { class(row - 1) };
                    let to = if col == n { None } else { class(col) };
                    out.push((from, to, v));
                }
            }
        }
        out
    }
}

/// Portfolio outputs of one institution at one quarter-end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portfolio {
    /// The quarter-end.
    pub as_of: NaiveDate,
    /// Every loan.
    pub total: Totals,
    /// By class (index = class).
    pub by_class: Vec<Totals>,
    /// PAR thresholds in days.
    pub par_days: Vec<u32>,
    /// Outstanding past each PAR threshold (same order).
    pub par: Vec<Decimal>,
    /// Outstanding of doubtful loans (classes 1 and above).
    pub doubtful_outstanding: Decimal,
    /// Irrecoverable loans (art. 17).
    pub irrecoverable: Totals,
    /// By borrower kind, in [`BorrowerKind::ALL`] order.
    pub by_borrower_kind: Vec<(BorrowerKind, Group)>,
    /// By zone, in [`Zone::ALL`] order, then loans without zone (`None`).
    pub by_zone: Vec<(Option<Zone>, Group)>,
    /// Migration since the previous quarter-end, when there is a stored classification.
    pub migration: Option<Migration>,
    /// Loans irrecoverable at a past year end and still on the tape (art. 17: written off at the
    /// latest at the year end; [`Rules::irrecoverable_at_past_year_end`]).
    pub not_written_off: Totals,
    /// Doubtful loans (classes 1 and above) and their provisions by year of disbursement
    /// (art. 19), oldest year first; years without doubtful loans are left out.
    pub doubtful_by_vintage: Vec<(i32, Totals)>,
}

fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        part.checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|p| p.checked_div(whole))
    }
}

use super::amount_text as amount;

/// Ratios in percent: six decimals, half away from zero.
fn ratio(d: Decimal) -> String {
    let mut d = round_half_away(d, 6);
    d.rescale(6);
    d.to_string()
}

impl Portfolio {
    /// Outstanding past PAR threshold `i`, in percent of the total outstanding.
    pub fn par_ratio_pct(&self, i: usize) -> Option<Decimal> {
        pct(*self.par.get(i)?, self.total.outstanding)
    }

    /// Total provisions over the outstanding of doubtful loans, in percent.
    pub fn coverage_pct(&self) -> Option<Decimal> {
        pct(self.total.provision, self.doubtful_outstanding)
    }

    /// The outputs as `(metric, value)` rows, named and rounded as in the
    /// `expected-summary-*.csv` files: amounts exact with two decimals, ratios in percent with
    /// six; ratios with a zero denominator and empty groups are left out, the migration matrix
    /// lists its non-zero cells.
    pub fn metrics(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut put = |k: String, v: String| out.push((k, v));
        put("count.total".into(), self.total.count.to_string());
        put("outstanding.total".into(), amount(self.total.outstanding));
        for (k, t) in self.by_class.iter().enumerate() {
            put(format!("count.class{k}"), t.count.to_string());
            put(format!("outstanding.class{k}"), amount(t.outstanding));
        }
        for (i, d) in self.par_days.iter().enumerate() {
            put(format!("par{d}.amount"), amount(self.par[i]));
            if let Some(r) = self.par_ratio_pct(i) {
                put(format!("par{d}.ratio_pct"), ratio(r));
            }
        }
        for (k, t) in self.by_class.iter().enumerate() {
            put(format!("provision.class{k}"), amount(t.provision));
        }
        put("provision.total".into(), amount(self.total.provision));
        put(
            "doubtful.outstanding".into(),
            amount(self.doubtful_outstanding),
        );
        if let Some(c) = self.coverage_pct() {
            put("coverage_pct".into(), ratio(c));
        }
        put(
            "irrecoverable.count".into(),
            self.irrecoverable.count.to_string(),
        );
        put(
            "irrecoverable.amount".into(),
            amount(self.irrecoverable.outstanding),
        );
        let par = self.par_days.first().copied().unwrap_or(30);
        let groups = self
            .by_borrower_kind
            .iter()
            .map(|(k, g)| (format!("borrower_kind.{k}"), g))
            .chain(self.by_zone.iter().map(|(z, g)| {
                let name = z.map_or("unspecified", Zone::code);
                (format!("zone.{name}"), g)
            }));
        for (name, g) in groups {
            if g.count == 0 {
                continue;
            }
            put(format!("{name}.count"), g.count.to_string());
            put(format!("{name}.outstanding"), amount(g.outstanding));
            put(format!("{name}.par{par}.amount"), amount(g.par));
            if let Some(r) = g.par_ratio_pct() {
                put(format!("{name}.par{par}.ratio_pct"), ratio(r));
            }
            put(format!("{name}.provision"), amount(g.provision));
        }
        if let Some(m) = &self.migration {
            for (from, to, n) in m.cells() {
                let from = from.map_or_else(|| "new".to_owned(), |c| c.to_string());
                let to = to.map_or_else(|| "exit".to_owned(), |c| c.to_string());
                put(format!("migration.{from}.{to}"), n.to_string());
            }
        }
        out
    }

    /// The supervisory outputs beyond the spec's summary, as `(metric, value)` rows: loans
    /// irrecoverable at a past year end still on the tape (`not_written_off.count`,
    /// `not_written_off.amount`, art. 17), then doubtful loans by year of disbursement
    /// (`vintage.YYYY.doubtful.count`, `.outstanding`, `.provision`, art. 19).
    pub fn supervisory_metrics(&self) -> Vec<(String, String)> {
        let mut out = vec![
            (
                "not_written_off.count".to_owned(),
                self.not_written_off.count.to_string(),
            ),
            (
                "not_written_off.amount".to_owned(),
                amount(self.not_written_off.outstanding),
            ),
        ];
        for (year, t) in &self.doubtful_by_vintage {
            out.push((
                format!("vintage.{year}.doubtful.count"),
                t.count.to_string(),
            ));
            out.push((
                format!("vintage.{year}.doubtful.outstanding"),
                amount(t.outstanding),
            ));
            out.push((
                format!("vintage.{year}.doubtful.provision"),
                amount(t.provision),
            ));
        }
        out
    }

    /// The outputs as CSV text (`metric,value`): [`Portfolio::metrics`], as in the
    /// `expected-summary-*.csv` files.
    pub fn metrics_csv(&self) -> String {
        csv(self.metrics())
    }

    /// Every output as CSV text (`metric,value`): [`Portfolio::metrics`] then
    /// [`Portfolio::supervisory_metrics`] (what `mizan export portfolio` and the portfolio page
    /// show).
    pub fn outputs_csv(&self) -> String {
        let mut rows = self.metrics();
        rows.extend(self.supervisory_metrics());
        csv(rows)
    }
}

fn csv(rows: Vec<(String, String)>) -> String {
    let mut s = String::from("metric,value\n");
    for (k, v) in rows {
        s.push_str(&k);
        s.push(',');
        s.push_str(&v);
        s.push('\n');
    }
    s
}

/// The return items a classified tape feeds (`loans.outstanding`, `loans.par30`,
/// `loans.class2.provisions`, `loans.women.count`…), only those the framework defines, so that
/// the platform consolidates PAR and provisioning per peer group and sector like any item.
pub fn portfolio_items(p: &Portfolio, framework: &Framework) -> ItemValues {
    let mut v = ItemValues::new();
    let mut put = |code: String, value: Decimal| {
        if framework.item(&code).is_some()
            && let Ok(c) = Code::parse(&code)
        {
            v.insert(c, value);
        }
    };
    let n = |c: u64| Decimal::from(c);
    put("loans.count".into(), n(p.total.count));
    put("loans.outstanding".into(), p.total.outstanding);
    for (d, a) in p.par_days.iter().zip(&p.par) {
        put(format!("loans.par{d}"), *a);
    }
    for (k, t) in p.by_class.iter().enumerate() {
        put(format!("loans.class{k}.count"), n(t.count));
        put(format!("loans.class{k}.outstanding"), t.outstanding);
        put(format!("loans.class{k}.provisions"), t.provision);
    }
    put("loans.doubtful".into(), p.doubtful_outstanding);
    put("loans.provisions".into(), p.total.provision);
    put("loans.irrecoverable.count".into(), n(p.irrecoverable.count));
    put("loans.irrecoverable".into(), p.irrecoverable.outstanding);
    let par = p.par_days.first().copied().unwrap_or(30);
    for (kind, g) in &p.by_borrower_kind {
        let name = match kind {
            BorrowerKind::Man => "men",
            BorrowerKind::Woman => "women",
            BorrowerKind::LegalEntity => "legal_entities",
        };
        put(format!("loans.{name}.count"), n(g.count));
        put(format!("loans.{name}.outstanding"), g.outstanding);
        put(format!("loans.{name}.par{par}"), g.par);
    }
    for (zone, g) in &p.by_zone {
        if let Some(z) = zone {
            put(format!("loans.zone.{z}.outstanding"), g.outstanding);
            put(format!("loans.zone.{z}.par{par}"), g.par);
        }
    }
    v
}

#[derive(Debug, Clone, Copy, Default)]
struct GroupSum {
    count: u64,
    outstanding: Sum,
    par: Sum,
    provision: Sum,
}

impl GroupSum {
    fn value(self) -> Group {
        Group {
            count: self.count,
            outstanding: self.outstanding.value(),
            par: self.par.value(),
            provision: self.provision.value(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct TotalSum {
    count: u64,
    outstanding: Sum,
    provision: Sum,
}

impl TotalSum {
    fn value(self) -> Totals {
        Totals {
            count: self.count,
            outstanding: self.outstanding.value(),
            provision: self.provision.value(),
        }
    }
}

/// Accumulates the outputs loan by loan.
#[derive(Debug)]
pub(super) struct Builder {
    total: TotalSum,
    by_class: Vec<TotalSum>,
    par: Vec<Sum>,
    irrecoverable: TotalSum,
    not_written_off: TotalSum,
    vintages: std::collections::BTreeMap<i32, TotalSum>,
    kinds: [GroupSum; 3],
    zones: [GroupSum; 5],
    migration: Option<Migration>,
}

impl Builder {
    pub(super) fn new(rules: &Rules<'_>, previous: Option<&PreviousBook>) -> Self {
        let classes = usize::from(rules.max_class) + 1;
        Self {
            total: TotalSum::default(),
            by_class: vec![TotalSum::default(); classes],
            par: vec![Sum::default(); rules.par_cutoffs.len()],
            irrecoverable: TotalSum::default(),
            not_written_off: TotalSum::default(),
            vintages: std::collections::BTreeMap::new(),
            kinds: [GroupSum::default(); 3],
            zones: [GroupSum::default(); 5],
            migration: previous.map(|_| Migration::new(classes)),
        }
    }

    #[inline]
    pub(super) fn add(&mut self, rules: &Rules<'_>, loan: &Loan, r: &LoanResult) {
        let out = loan.outstanding_principal;
        let prov = r.provision;
        let add = |t: &mut TotalSum| {
            t.count += 1;
            t.outstanding.add(out);
            if !prov.is_zero() {
                t.provision.add(prov);
            }
        };
        add(&mut self.total);
        if let Some(t) = self.by_class.get_mut(usize::from(r.class)) {
            add(t);
        }
        if r.irrecoverable {
            add(&mut self.irrecoverable);
        }
        let due = loan.oldest_unpaid_due_date;
        if rules.irrecoverable_at_past_year_end(due).is_some() {
            add(&mut self.not_written_off);
        }
        if r.class >= 1 {
            add(self
                .vintages
                .entry(loan.disbursement_date.year())
                .or_default());
        }
        let mut first_par = false;
        if due.is_some() {
            for (i, s) in self.par.iter_mut().enumerate() {
                if rules.par_exceeded(i, due) {
                    s.add(out);
                    first_par |= i == 0;
                } else {
                    break;
                }
            }
        }
        let zone = loan.zone.map_or(4, Zone::index);
        for g in [
            &mut self.kinds[loan.borrower_kind.index()],
            &mut self.zones[zone],
        ] {
            g.count += 1;
            g.outstanding.add(out);
            if first_par {
                g.par.add(out);
            }
            if !prov.is_zero() {
                g.provision.add(prov);
            }
        }
        if let Some(m) = &mut self.migration {
            let i = m.index(r.previous_class, Some(r.class));
            m.cells[i] += 1;
        }
    }

    pub(super) fn finish(self, rules: &Rules<'_>, previous: Option<&PreviousBook>) -> Portfolio {
        let by_class: Vec<Totals> = self.by_class.iter().map(|t| t.value()).collect();
        let doubtful_outstanding = self
            .by_class
            .iter()
            .skip(1)
            .fold(Sum::default(), |mut s, t| {
                s.cents += t.outstanding.cents;
                s.rest += t.outstanding.rest;
                s
            })
            .value();
        let mut migration = self.migration;
        if let (Some(m), Some(book)) = (&mut migration, previous) {
            // Loans of the previous quarter-end not seen now have left the tape.
            for (class, n) in book.class_counts().into_iter().enumerate() {
                let Ok(class) = u8::try_from(class) else {
                    continue;
                };
                let seen: u64 = (0..m.classes)
                    .map(|to| m.get(Some(class), u8::try_from(to).ok()))
                    .sum();
                let i = m.index(Some(class), None);
                m.cells[i] = n.saturating_sub(seen);
            }
        }
        Portfolio {
            as_of: rules.as_of,
            total: self.total.value(),
            by_class,
            par_days: rules.def.par_days.clone(),
            par: self.par.iter().map(|s| s.value()).collect(),
            doubtful_outstanding,
            irrecoverable: self.irrecoverable.value(),
            by_borrower_kind: BorrowerKind::ALL
                .iter()
                .map(|k| (*k, self.kinds[k.index()].value()))
                .collect(),
            by_zone: Zone::ALL
                .iter()
                .map(|z| Some(*z))
                .chain([None])
                .map(|z| (z, self.zones[z.map_or(4, Zone::index)].value()))
                .collect(),
            migration,
            not_written_off: self.not_written_off.value(),
            doubtful_by_vintage: self.vintages.iter().map(|(y, t)| (*y, t.value())).collect(),
        }
    }
}
