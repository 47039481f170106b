//! The solvency coefficient of circular 4/G/2001 (spec bam-mfi §4) from a solvency return's
//! `solv.*` values, with every cap shown.
//!
//! Own funds = core funds (art. 2, profit net of planned dividends art. 7) + supplementary funds
//! (art. 3) after their caps − deductions (art. 4). The caps, in the order applied:
//! each supplementary item at its `count_pct` (revaluation reserve on participations 35 %,
//! art. 9); public and special guarantee funds at most 8 % of the risks they cover (art. 10);
//! general provisions at most 1.25 % of risk-weighted assets (art. 11); fixed-term subordinated
//! debt weighted by remaining maturity, then at most 50 % of the total supplementary funds
//! (art. 14 — the total including the debt counted, so at most the other supplementary funds);
//! supplementary funds at most the core funds (art. 6). Risk-weighted assets = Σ exposure ×
//! weight (art. 15; exposures reported net of provisions and guaranteed parts, art. 22).
//! Items missing from the return count as zero and are listed in
//! [`SolvencyBreakdown::missing`].

use mizan_core::framework::{SolvencyDef, SolvencyRole};
use mizan_core::{Code, Decimal, Framework, ItemValues};

/// One item as reported and as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The item.
    pub item: Code,
    /// Its article.
    pub article: String,
    /// The value reported (zero when missing).
    pub reported: Decimal,
    /// The share counted, in percent (100 unless configured), or the risk weight for exposures.
    pub pct: Decimal,
    /// The value counted (reported × pct ÷ 100).
    pub counted: Decimal,
}

/// A cap: the amount before it, the limit, and the amount counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// The article that sets it.
    pub article: &'static str,
    /// Amount before the cap.
    pub before: Decimal,
    /// The limit.
    pub limit: Decimal,
    /// Amount counted: `min(before, limit)`.
    pub after: Decimal,
}

impl Cap {
    fn new(article: &'static str, before: Decimal, limit: Decimal) -> Self {
        let limit = limit.max(Decimal::ZERO);
        Self {
            article,
            before,
            limit,
            after: before.min(limit),
        }
    }

    /// Whether the cap cut the amount.
    pub fn binding(&self) -> bool {
        self.after < self.before
    }
}

/// The coefficient and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolvencyBreakdown {
    /// Items added to core funds (art. 2 a).
    pub core_items: Vec<Line>,
    /// Profit (art. 2 a).
    pub profit: Decimal,
    /// Planned dividends (art. 7).
    pub planned_dividends: Decimal,
    /// Profit counted: net of planned dividends, at least 0 (art. 7).
    pub profit_counted: Decimal,
    /// Items deducted from core funds (art. 2 b).
    pub core_deductions: Vec<Line>,
    /// Core funds.
    pub core: Decimal,
    /// Supplementary items counted at their share (art. 3, 9).
    pub supplementary_items: Vec<Line>,
    /// Public and special guarantee funds against 8 % of the risks covered (art. 10).
    pub guarantee_funds: Cap,
    /// General provisions against 1.25 % of risk-weighted assets (art. 11).
    pub general_provisions: Cap,
    /// Subordinated debt by remaining maturity, weighted (art. 14 second paragraph).
    pub subordinated_items: Vec<Line>,
    /// Subordinated debt against 50 % of total supplementary funds (art. 14).
    pub subordinated: Cap,
    /// Supplementary funds against core funds (art. 6).
    pub supplementary: Cap,
    /// Deductions (art. 4).
    pub deductions: Vec<Line>,
    /// Total of the deductions.
    pub deducted: Decimal,
    /// Own funds = core + supplementary counted − deductions.
    pub own_funds: Decimal,
    /// Exposures and their weighted amounts (art. 15).
    pub exposures: Vec<Line>,
    /// Risk-weighted assets.
    pub rwa: Decimal,
    /// Own funds ÷ risk-weighted assets × 100 (none when there is no risk).
    pub coefficient_pct: Option<Decimal>,
    /// The minimum.
    pub minimum_pct: Decimal,
    /// Whether the coefficient reaches the minimum (none without coefficient).
    pub meets_minimum: Option<bool>,
    /// Items of the definition that the return does not give (counted as zero).
    pub missing: Vec<Code>,
}

impl SolvencyBreakdown {
    /// The breakdown as `(key, value)` rows in the order of the computation, for display and
    /// export: every item as reported and counted, each cap as before / limit / after, own
    /// funds, risk-weighted exposures, the coefficient (percent, exact) and whether it meets
    /// the minimum.
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut put = |k: String, v: Decimal| out.push((k, v.normalize().to_string()));
        for l in &self.core_items {
            put(format!("core.{}", l.item), l.counted);
        }
        put("core.profit".into(), self.profit);
        put("core.planned_dividends".into(), self.planned_dividends);
        put("core.profit_counted".into(), self.profit_counted);
        for l in &self.core_deductions {
            put(format!("core.minus.{}", l.item), l.counted);
        }
        put("core.total".into(), self.core);
        for l in self
            .supplementary_items
            .iter()
            .chain(&self.subordinated_items)
        {
            put(format!("supplementary.{}.reported", l.item), l.reported);
            put(format!("supplementary.{}.counted", l.item), l.counted);
        }
        for (name, cap) in [
            ("guarantee_funds", &self.guarantee_funds),
            ("general_provisions", &self.general_provisions),
            ("subordinated", &self.subordinated),
            ("supplementary", &self.supplementary),
        ] {
            put(format!("cap.{name}.before"), cap.before);
            put(format!("cap.{name}.limit"), cap.limit);
            put(format!("cap.{name}.after"), cap.after);
        }
        for l in &self.deductions {
            put(format!("deduction.{}", l.item), l.counted);
        }
        put("deduction.total".into(), self.deducted);
        put("own_funds".into(), self.own_funds);
        for l in &self.exposures {
            put(format!("rwa.{}", l.item), l.counted);
        }
        put("rwa.total".into(), self.rwa);
        if let Some(c) = self.coefficient_pct {
            put("coefficient_pct".into(), c);
        }
        put("minimum_pct".into(), self.minimum_pct);
        if let Some(m) = self.meets_minimum {
            out.push(("meets_minimum".into(), m.to_string()));
        }
        out
    }
}

fn pct_of(value: Decimal, pct: Decimal) -> Decimal {
    value * pct / Decimal::ONE_HUNDRED
}

/// Computes the coefficient of a solvency return.
pub fn solvency(def: &SolvencyDef, values: &ItemValues) -> SolvencyBreakdown {
    let mut missing = Vec::new();
    let mut lines = |role: SolvencyRole, use_weight: bool| -> Vec<Line> {
        def.items
            .iter()
            .filter(|i| i.role == role)
            .map(|i| {
                let reported = values.get(&i.item).copied().unwrap_or_else(|| {
                    missing.push(i.item.clone());
                    Decimal::ZERO
                });
                let pct = if use_weight {
                    i.weight_pct
                } else {
                    i.count_pct
                };
                Line {
                    item: i.item.clone(),
                    article: i.article.clone(),
                    reported,
                    pct,
                    counted: pct_of(reported, pct),
                }
            })
            .collect()
    };
    let sum = |l: &[Line]| l.iter().map(|x| x.counted).sum::<Decimal>();
    let core_items = lines(SolvencyRole::Core, false);
    let profit = sum(&lines(SolvencyRole::Profit, false));
    let planned_dividends = sum(&lines(SolvencyRole::PlannedDividends, false));
    let core_deductions = lines(SolvencyRole::CoreDeduction, false);
    let supplementary_items = lines(SolvencyRole::Supplementary, false);
    let guarantee = sum(&lines(SolvencyRole::GuaranteeFunds, false));
    let covered = sum(&lines(SolvencyRole::CoveredRisks, false));
    let general = sum(&lines(SolvencyRole::GeneralProvisions, false));
    let subordinated_items = lines(SolvencyRole::Subordinated, false);
    let deductions = lines(SolvencyRole::Deduction, false);
    let exposures = lines(SolvencyRole::Exposure, true);

    let profit_counted = (profit - planned_dividends).max(Decimal::ZERO);
    let core = sum(&core_items) + profit_counted - sum(&core_deductions);
    let rwa = sum(&exposures);

    let guarantee_funds = Cap::new(
        "art. 10",
        guarantee,
        pct_of(covered, def.guarantee_funds_max_pct_of_covered),
    );
    let general_provisions = Cap::new(
        "art. 11",
        general,
        pct_of(rwa, def.general_provisions_max_pct_of_rwa),
    );
    let other = sum(&supplementary_items) + guarantee_funds.after + general_provisions.after;
    // D ≤ p·(O + D)  ⇔  D ≤ p·O ÷ (1 − p)   (p < 100 % is checked at load).
    let p = def.subordinated_max_pct_of_supplementary;
    let sub_limit = if other > Decimal::ZERO {
        other * p / (Decimal::ONE_HUNDRED - p)
    } else {
        Decimal::ZERO
    };
    let subordinated = Cap::new("art. 14", sum(&subordinated_items), sub_limit);
    let supplementary = Cap::new(
        "art. 6",
        other + subordinated.after,
        pct_of(core, def.supplementary_max_pct_of_core),
    );
    let deducted = sum(&deductions);
    let own_funds = core + supplementary.after - deducted;
    let coefficient_pct = if rwa.is_zero() {
        None
    } else {
        own_funds
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|x| x.checked_div(rwa))
    };
    SolvencyBreakdown {
        core_items,
        profit,
        planned_dividends,
        profit_counted,
        core_deductions,
        core,
        supplementary_items,
        guarantee_funds,
        general_provisions,
        subordinated_items,
        subordinated,
        supplementary,
        deductions,
        deducted,
        own_funds,
        exposures,
        rwa,
        meets_minimum: coefficient_pct.map(|c| c >= def.minimum_pct),
        coefficient_pct,
        minimum_pct: def.minimum_pct,
        missing,
    }
}

/// The computed items (`solv.own_funds`, `solv.rwa`) that the framework defines, so that the
/// coefficient is consolidated as a ratio of sums like any indicator.
pub fn solvency_items(b: &SolvencyBreakdown, framework: &Framework) -> ItemValues {
    let mut v = ItemValues::new();
    for (code, value) in [("solv.own_funds", b.own_funds), ("solv.rwa", b.rwa)] {
        if framework.item(code).is_some()
            && let Ok(c) = Code::parse(code)
        {
            v.insert(c, value);
        }
    }
    v
}
