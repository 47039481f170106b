//! The solvency coefficient as configuration (`[solvency]`): which return item plays which part
//! in own funds and risk-weighted assets, the article it comes from, and the caps.
//!
//! Bank Al-Maghrib's circular 4/G/2001 is one such table: core funds (art. 2, profit net of
//! planned dividends art. 7), supplementary funds (art. 3) with the revaluation reserve on
//! participations counted at 35 % (art. 9), public and special guarantee funds capped at 8 % of
//! the risks they cover (art. 10), general provisions capped at 1.25 % of risk-weighted assets
//! (art. 11), fixed-term subordinated debt counted by remaining maturity and capped at 50 % of
//! supplementary funds (art. 14), supplementary at most core (art. 6), deductions (art. 4), and
//! exposures weighted 0/20/50/100 % on the balance sheet and 0/4/20/50/100 % off it (art. 15).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codes::Code;

/// The part an item plays in the coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolvencyRole {
    /// Added to core funds (art. 2 a).
    Core,
    /// Deducted from core funds (art. 2 b).
    CoreDeduction,
    /// Profit, counted net of planned dividends (art. 2 a, 7).
    Profit,
    /// Dividends the institution plans to distribute (art. 7).
    PlannedDividends,
    /// Supplementary funds counted at `count_pct` (art. 3; 35 % for the revaluation reserve on
    /// participations, art. 9).
    Supplementary,
    /// Public funds and special guarantee funds, capped together (art. 10).
    GuaranteeFunds,
    /// The risks those funds cover (the base of the art. 10 cap).
    CoveredRisks,
    /// General risk provisions, capped on risk-weighted assets (art. 11).
    GeneralProvisions,
    /// Fixed-term subordinated debt of one remaining-maturity band, counted at `count_pct`
    /// (art. 14).
    Subordinated,
    /// Deducted from own funds (art. 4).
    Deduction,
    /// An exposure weighted at `weight_pct` (art. 15, net per art. 22).
    Exposure,
}

/// One item of the solvency return and its part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SolvencyItem {
    /// The return item.
    pub item: Code,
    /// Its part.
    pub role: SolvencyRole,
    /// The share counted, in percent (supplementary and subordinated items).
    pub count_pct: Decimal,
    /// Risk weight in percent (exposures).
    pub weight_pct: Decimal,
    /// Whether an exposure is off the balance sheet.
    pub off_balance: bool,
    /// Where the rule comes from (`art. 2 a)`).
    pub article: String,
}

/// A checked solvency definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SolvencyDef {
    /// The text the rules come from.
    pub source: String,
    /// Minimum coefficient in percent.
    pub minimum_pct: Decimal,
    /// Supplementary funds counted at most this share of core funds (art. 6).
    pub supplementary_max_pct_of_core: Decimal,
    /// Guarantee funds counted at most this share of the risks they cover (art. 10).
    pub guarantee_funds_max_pct_of_covered: Decimal,
    /// General provisions counted at most this share of risk-weighted assets (art. 11).
    pub general_provisions_max_pct_of_rwa: Decimal,
    /// Subordinated debt counted at most this share of total supplementary funds (art. 14).
    pub subordinated_max_pct_of_supplementary: Decimal,
    /// Risk weights allowed on the balance sheet.
    pub balance_weights_pct: Vec<Decimal>,
    /// Risk weights allowed off the balance sheet.
    pub off_balance_weights_pct: Vec<Decimal>,
    /// The items in return order.
    pub items: Vec<SolvencyItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSolvencyItem {
    item: String,
    role: SolvencyRole,
    #[serde(default)]
    count_pct: Option<Decimal>,
    #[serde(default)]
    weight_pct: Option<Decimal>,
    #[serde(default)]
    off_balance: bool,
    article: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSolvency {
    source: String,
    minimum_pct: Decimal,
    supplementary_max_pct_of_core: Decimal,
    guarantee_funds_max_pct_of_covered: Decimal,
    general_provisions_max_pct_of_rwa: Decimal,
    subordinated_max_pct_of_supplementary: Decimal,
    balance_weights_pct: Vec<Decimal>,
    off_balance_weights_pct: Vec<Decimal>,
    items: Vec<RawSolvencyItem>,
}

impl RawSolvency {
    pub(super) fn build(
        self,
        known_items: &dyn Fn(&str) -> bool,
        problems: &mut Vec<String>,
    ) -> Option<SolvencyDef> {
        let start = problems.len();
        let what = "solvency";
        let pct = |name: &str, v: Decimal, problems: &mut Vec<String>| {
            if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                problems.push(format!("{what}: {name} {v} is not between 0 and 100"));
            }
        };
        pct("minimum_pct", self.minimum_pct, problems);
        pct(
            "guarantee_funds_max_pct_of_covered",
            self.guarantee_funds_max_pct_of_covered,
            problems,
        );
        pct(
            "general_provisions_max_pct_of_rwa",
            self.general_provisions_max_pct_of_rwa,
            problems,
        );
        if self.supplementary_max_pct_of_core < Decimal::ZERO {
            problems.push(format!("{what}: supplementary_max_pct_of_core is negative"));
        }
        if self.subordinated_max_pct_of_supplementary < Decimal::ZERO
            || self.subordinated_max_pct_of_supplementary >= Decimal::ONE_HUNDRED
        {
            problems.push(format!(
                "{what}: subordinated_max_pct_of_supplementary must be at least 0 and below 100"
            ));
        }
        for (name, list) in [
            ("balance_weights_pct", &self.balance_weights_pct),
            ("off_balance_weights_pct", &self.off_balance_weights_pct),
        ] {
            if list.is_empty() {
                problems.push(format!("{what}: {name} is empty"));
            }
            for w in list {
                pct(name, *w, problems);
            }
        }
        super::unique(
            self.items.iter().map(|i| i.item.as_str()),
            "solvency item",
            problems,
        );
        let mut items = Vec::new();
        for raw in self.items {
            let iw = format!("{what}: item {}", raw.item);
            let Ok(code) = Code::parse(&raw.item) else {
                problems.push(format!("{iw}: not a valid code"));
                continue;
            };
            if !known_items(code.as_str()) {
                problems.push(format!("{iw}: not an item of the framework"));
            }
            let counted = matches!(
                raw.role,
                SolvencyRole::Supplementary | SolvencyRole::Subordinated
            );
            if raw.count_pct.is_some() && !counted {
                problems.push(format!(
                    "{iw}: count_pct only goes with supplementary and subordinated items"
                ));
            }
            if raw.role == SolvencyRole::Subordinated && raw.count_pct.is_none() {
                problems.push(format!(
                    "{iw}: a subordinated debt band needs its count_pct (by remaining maturity)"
                ));
            }
            let count_pct = raw.count_pct.unwrap_or(Decimal::ONE_HUNDRED);
            pct(&format!("item {} count_pct", raw.item), count_pct, problems);
            let is_exposure = raw.role == SolvencyRole::Exposure;
            if is_exposure != raw.weight_pct.is_some() {
                problems.push(format!(
                    "{iw}: weight_pct is required for exposures and only for them"
                ));
            }
            if raw.off_balance && !is_exposure {
                problems.push(format!("{iw}: off_balance only goes with exposures"));
            }
            let weight_pct = raw.weight_pct.unwrap_or(Decimal::ZERO);
            if is_exposure {
                let allowed = if raw.off_balance {
                    &self.off_balance_weights_pct
                } else {
                    &self.balance_weights_pct
                };
                if !allowed.contains(&weight_pct) {
                    problems.push(format!(
                        "{iw}: weight {weight_pct} % is not one of the allowed weights"
                    ));
                }
            }
            items.push(SolvencyItem {
                item: code,
                role: raw.role,
                count_pct,
                weight_pct,
                off_balance: raw.off_balance,
                article: raw.article,
            });
        }
        let has = |r: SolvencyRole| items.iter().filter(|i| i.role == r).count();
        if has(SolvencyRole::GuaranteeFunds) > 0 && has(SolvencyRole::CoveredRisks) != 1 {
            problems.push(format!(
                "{what}: guarantee funds need exactly one covered_risks item (the base of their cap)"
            ));
        }
        if has(SolvencyRole::Exposure) == 0 {
            problems.push(format!(
                "{what}: no exposure item, the coefficient has no base"
            ));
        }
        if problems.len() > start {
            return None;
        }
        Some(SolvencyDef {
            source: self.source,
            minimum_pct: self.minimum_pct,
            supplementary_max_pct_of_core: self.supplementary_max_pct_of_core,
            guarantee_funds_max_pct_of_covered: self.guarantee_funds_max_pct_of_covered,
            general_provisions_max_pct_of_rwa: self.general_provisions_max_pct_of_rwa,
            subordinated_max_pct_of_supplementary: self.subordinated_max_pct_of_supplementary,
            balance_weights_pct: self.balance_weights_pct,
            off_balance_weights_pct: self.off_balance_weights_pct,
            items,
        })
    }
}
