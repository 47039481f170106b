//! Reporting frameworks as configuration: items, totals, derived values, peer groups,
//! validation rules, indicators with their formulas and norms, and the bulletin layout.
//!
//! A framework is read from a TOML file (`config/frameworks/apsfd-ci.toml`) and checked as a
//! whole when it is loaded: a duplicate code, a formula naming an unknown item, a cycle among
//! totals or a heading that does not exist is an error naming the file and the entry, at start
//! rather than as a wrong figure later. A new circular is a new file (same `id`, later
//! `effective_from`), not a release.

mod classification;
mod expr;
mod norm;
mod raw;
mod rules;
mod solvency;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::codes::Code;
use crate::institution::{Attributes, LegalForm};
use crate::labels::Labels;
use crate::period::Period;

pub use classification::{
    ClassDef, ClassificationDef, CompromisedDef, LicenceDef, RestructuringDef, Span,
};
pub use expr::{Expr, ExprError, Func, Op};
pub use norm::{Cmp, Compliance, Condition, Norm, NormRule, NormTest, NormTestError, Trend};
pub use rules::{Lookup, RuleCheck, RuleDef, RuleFinding};
pub use solvency::{SolvencyDef, SolvencyItem, SolvencyRole};

/// The unit of a return item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Currency units, exact decimal.
    Amount,
    /// A whole number, never negative.
    Count,
    /// A percentage, decimal.
    Rate,
}

impl Unit {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Amount => "amount",
            Self::Count => "count",
            Self::Rate => "rate",
        }
    }
}

/// A section of the return (one sheet of the Excel template).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnSection {
    /// Stable code.
    pub code: String,
    /// The template's sheet name in each language (`Financier`, `Financial`, `مالي`).
    pub sheet: Labels,
    /// Title.
    pub label: Labels,
}

/// A return item, or a total of items that a return may also state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDef {
    /// Stable code (`loans.par30`).
    pub code: Code,
    /// Unit.
    pub unit: Unit,
    /// Whether the value may be negative (amounts marked ± in the spec).
    pub signed: bool,
    /// The return section it belongs to.
    pub section: String,
    /// Label.
    pub label: Labels,
    /// For a total: the items it sums (a total may be given in a file, and is then checked).
    pub parts: Option<Vec<Code>>,
}

impl ItemDef {
    /// Whether this is a total of other items.
    pub fn is_total(&self) -> bool {
        self.parts.is_some()
    }
}

/// A value derived from items by a formula, usable in indicator formulas (`avg_outstanding`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerivedDef {
    /// Stable code.
    pub code: Code,
    /// Formula.
    pub formula: Expr,
    /// Label.
    pub label: Labels,
}

/// A peer group of the consolidated tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeerGroup {
    /// Stable code (`sa`, `mutual`).
    pub code: String,
    /// The legal forms that belong to it.
    pub legal_forms: Vec<LegalForm>,
    /// Label (`Sociétés anonymes`).
    pub label: Labels,
}

/// A heading of the bulletin (`1 Indicateurs de qualité du portefeuille`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// Stable code.
    pub code: String,
    /// Number as printed (`1`).
    pub number: String,
    /// Title.
    pub label: Labels,
}

/// A section of the bulletin (`I. Indicateurs financiers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BulletinSection {
    /// Stable code.
    pub code: String,
    /// Number as printed (`I`).
    pub number: String,
    /// Title.
    pub label: Labels,
    /// Headings in order.
    pub headings: Vec<Heading>,
}

/// How an indicator's value is computed for one institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// A value (an item, a total or any formula).
    Value(Expr),
    /// `numerator ÷ denominator × scale`, which also allows the pooled ratio Σ num ÷ Σ den.
    Ratio {
        /// Numerator.
        numerator: Expr,
        /// Denominator.
        denominator: Expr,
        /// Multiplier (100 for percentages).
        scale: Decimal,
    },
}

/// How an indicator is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayKind {
    /// A percentage with two decimals (`4,41 %`).
    Percent,
    /// A whole number (`1 850 679`).
    Integer,
    /// In thousands of currency units, whole (`19 570`).
    Thousands,
    /// A rate already in percent, with two decimals.
    Rate,
}

impl DisplayKind {
    /// Decimals shown.
    pub fn decimals(self) -> u32 {
        match self {
            Self::Percent | Self::Rate => 2,
            Self::Integer | Self::Thousands => 0,
        }
    }

    /// Divisor applied before rounding (1000 for thousands).
    pub fn divisor(self) -> Decimal {
        match self {
            Self::Thousands => Decimal::ONE_THOUSAND,
            _ => Decimal::ONE,
        }
    }

    /// The displayed value: divided and rounded half away from zero.
    pub fn round(self, value: Decimal) -> Decimal {
        crate::number::round_half_away(value / self.divisor(), self.decimals())
    }
}

/// The published consolidation method of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consolidation {
    /// Arithmetic mean of the institution values.
    Mean,
    /// Σ numerator ÷ Σ denominator over institutions that report both (prudential ratios).
    RatioOfSums,
}

/// Labels of the A (numerator) and B (denominator) rows shown under a prudential ratio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Components {
    /// Label of the A row.
    pub a: Labels,
    /// Label of the B row.
    pub b: Labels,
}

/// An indicator of the bulletin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorDef {
    /// Stable code (`fin.par30`).
    pub code: Code,
    /// Heading it is printed under.
    pub heading: String,
    /// Number as printed (`1.1`), if any.
    pub number: Option<String>,
    /// Label.
    pub label: Labels,
    /// Formula.
    pub formula: Formula,
    /// Display.
    pub display: DisplayKind,
    /// Published consolidation method.
    pub consolidation: Consolidation,
    /// For ratios of sums: the A and B rows shown under it.
    pub components: Option<Components>,
    /// Norm (empty when the indicator has none).
    pub norm: Norm,
    /// Norm as printed in the norms column.
    pub norm_text: Option<Labels>,
    /// A note printed with the indicator.
    pub note: Option<Labels>,
}

impl IndicatorDef {
    /// Every code the formula reads.
    pub fn inputs(&self) -> Vec<&Code> {
        match &self.formula {
            Formula::Value(e) => e.refs(),
            Formula::Ratio {
                numerator,
                denominator,
                ..
            } => {
                let mut v = numerator.refs();
                v.extend(denominator.refs());
                v
            }
        }
    }

    /// The norm column's text: the configured text, or one made from the tests.
    pub fn norm_label(&self, lang: crate::labels::Lang) -> String {
        if let Some(text) = &self.norm_text {
            return text.get(lang).to_owned();
        }
        let suffix = if self.display == DisplayKind::Percent {
            " %"
        } else {
            ""
        };
        self.norm
            .rules
            .iter()
            .map(|r| format!("{}{suffix}", r.test))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// When a period's returns are due, counted from the period's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// So many working days of the framework's calendar (`deadline_working_days`; APSFD-CI, Bank
    /// Al-Maghrib: 30).
    WorkingDays(u32),
    /// So many calendar days (`deadline_days`; BCEAO Instruction n° 020-12-2010: within 30 days
    /// of the period's end), whatever day of the week the last one is.
    Days(u32),
}

impl Deadline {
    /// The number of days.
    pub fn days(self) -> u32 {
        match self {
            Self::WorkingDays(n) | Self::Days(n) => n,
        }
    }
}

/// Collection settings: when returns are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collection {
    /// How long after the period's end.
    pub deadline: Deadline,
    /// Holiday calendar (`config/calendars/<id>.toml`).
    pub calendar: Option<String>,
    /// When institutions whose return is missing are reminded (`[reminders]`).
    pub reminders: Reminders,
}

/// When the accounts of an institution whose return is missing are reminded by e-mail, in
/// calendar days counted from the period's deadline (the `[reminders]` table of a framework
/// file). Each day is one reminder; a day that was missed (the daily run did not happen) is
/// caught up by the next run, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminders {
    /// Days before the deadline, e.g. `[5, 1]`.
    pub days_before: Vec<u32>,
    /// Days after the deadline, e.g. `[1, 7]`.
    pub days_after: Vec<u32>,
}

impl Default for Reminders {
    fn default() -> Self {
        Self {
            days_before: vec![5, 1],
            days_after: vec![1, 7],
        }
    }
}

/// What a publication needs before it is made without staff's explicit confirmation (the
/// `[publication]` table of a framework file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRules {
    /// The share of expected institutions (per peer group and for the sector) that must have a
    /// return accepted by staff, above 0 and at most 1. Default 0.5.
    pub min_coverage: Decimal,
}

impl Default for PublicationRules {
    fn default() -> Self {
        Self {
            min_coverage: Decimal::new(5, 1),
        }
    }
}

/// Disclosure control of the public tables (the `[disclosure]` table of a framework file).
///
/// Every figure of a public table that is a sum of institution values (a total, or a mean
/// published with its n) is checked against the threshold, dominance and p % rules; a figure
/// that fails is suppressed, and further cells are suppressed until no institution's value can
/// be derived from what is published within the protection level. See `docs/disclosure.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    /// Threshold rule: a cell needs at least this many contributors (institutions of one
    /// owner group count as one). Default 3.
    pub min_contributors: usize,
    /// Dominance rule (n, k): the `n` largest contributors may not make more than `k` % of
    /// the cell's total (of absolute values). Default n = 1.
    pub dominance_n: usize,
    /// Dominance rule (n, k): the `k` percentage. Default 85.
    pub dominance_k: Decimal,
    /// p % rule: the contributors other than the two largest must add up to at least `p` % of
    /// the largest (the second largest cannot estimate the largest within `p` %). Default 10.
    pub p_percent: Decimal,
    /// Protection level: no institution's value may be derivable from the public figures to
    /// within this percentage of itself, above or below. Default 10.
    pub protection_percent: Decimal,
    /// A median (and any quartile) is public only for at least this many contributors (a
    /// median of an odd number of values is one institution's value). Default 5; checked at
    /// load to be at least `min_contributors`.
    pub median_min_contributors: usize,
    /// A republished cell whose change since an earlier publication is due to fewer than this
    /// many contributors is suppressed. Default 3.
    pub revision_min_contributors: usize,
}

impl Default for Disclosure {
    fn default() -> Self {
        Self {
            min_contributors: 3,
            dominance_n: 1,
            dominance_k: Decimal::from(85),
            p_percent: Decimal::TEN,
            protection_percent: Decimal::TEN,
            median_min_contributors: 5,
            revision_min_contributors: 3,
        }
    }
}

/// A checked framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Framework {
    /// Stable id (`apsfd-ci`).
    pub id: String,
    /// Version of this definition (stored with every publication).
    pub version: String,
    /// First period it applies to (`None`: from the beginning).
    pub effective_from: Option<Period>,
    /// Last period it applies to (`None`: until a later version of the same id takes over, or
    /// for good). A period after it and before any later version has no rules: its returns and
    /// tapes are refused, naming the versions there are.
    pub effective_until: Option<Period>,
    /// Name.
    pub label: Labels,
    /// Currency code (`XOF`, `MAD`).
    pub currency: String,
    /// Decimals of the currency's smallest unit (0 for the CFA franc, which has no subunit; 2
    /// for the dirham): an amount reported with more is warned about. `None`: not checked.
    pub currency_decimals: Option<u32>,
    /// The country of the institutions that report under it, unless the registry says another
    /// (`country = "CI"`); `None` for a framework of several countries (a monetary union's).
    pub country: Option<crate::institution::CountryCode>,
    /// Collection settings.
    pub collection: Collection,
    /// Return sections in template order.
    pub sections: Vec<ReturnSection>,
    /// Items and totals in template order.
    pub items: Vec<ItemDef>,
    /// Derived values.
    pub derived: Vec<DerivedDef>,
    /// Peer groups in column order.
    pub peer_groups: Vec<PeerGroup>,
    /// Label of the whole-sector column.
    pub sector_label: Labels,
    /// Validation rules beyond the built-in checks.
    pub rules: Vec<RuleDef>,
    /// Bulletin layout.
    pub bulletin: Vec<BulletinSection>,
    /// Indicators in bulletin order.
    pub indicators: Vec<IndicatorDef>,
    /// Disclosure control of the public tables.
    pub disclosure: Disclosure,
    /// What a publication needs (`[publication]`).
    pub publication: PublicationRules,
    /// Loan classification and provisioning rules (`[classification]`), for frameworks that
    /// collect loan tapes.
    pub classification: Option<ClassificationDef>,
    /// The solvency coefficient's definition (`[solvency]`), for frameworks that have one.
    pub solvency: Option<SolvencyDef>,
    #[serde(skip)]
    item_index: HashMap<Code, usize>,
    #[serde(skip)]
    derived_index: HashMap<Code, usize>,
    #[serde(skip)]
    indicator_index: HashMap<Code, usize>,
}

/// A framework file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    /// The file cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Not valid TOML, or fields of the wrong type.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// What the TOML reader said.
        message: String,
    },
    /// Valid TOML that does not make a consistent framework; every problem is listed.
    #[error("{path}: the framework is inconsistent:\n  - {}", problems.join("\n  - "))]
    Invalid {
        /// The file.
        path: String,
        /// Every problem found.
        problems: Vec<String>,
    },
    /// No framework with that id applies to the period.
    #[error("no framework \"{id}\" applies to {period}{}", in_force_text(versions))]
    NotFound {
        /// The id asked for.
        id: String,
        /// The period.
        period: String,
        /// The versions of that id there are, oldest first (empty when the id is unknown).
        versions: Vec<VersionSpan>,
    },
    /// Two versions of one framework apply to the same period.
    #[error("framework \"{id}\": {first}, after {second}")]
    Overlap {
        /// Id.
        id: String,
        /// The earlier version, its file and its last period.
        first: String,
        /// The later version, its file and its first period.
        second: String,
    },
    /// Two files define the same id and effective period.
    #[error("framework \"{id}\" effective from {from} is defined twice ({first} and {second})")]
    Duplicate {
        /// Id.
        id: String,
        /// Effective period.
        from: String,
        /// First file.
        first: String,
        /// Second file.
        second: String,
    },
}

/// What a code names in a framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind<'a> {
    /// A return item or a total.
    Item(&'a ItemDef),
    /// A derived value.
    Derived(&'a DerivedDef),
}

impl Framework {
    /// Reads and checks a framework from TOML text; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &str) -> Result<Self, FrameworkError> {
        let raw: raw::RawFramework = toml::from_str(text).map_err(|e| FrameworkError::Syntax {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        raw.build().map_err(|problems| FrameworkError::Invalid {
            path: path.to_owned(),
            problems,
        })
    }

    /// Reads and checks a framework file.
    pub fn from_file(path: &Path) -> Result<Self, FrameworkError> {
        let text = std::fs::read_to_string(path).map_err(|source| FrameworkError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// The item or total with this code.
    pub fn item(&self, code: &str) -> Option<&ItemDef> {
        self.item_index.get(code).map(|&i| &self.items[i])
    }

    /// The derived value with this code.
    pub fn derived(&self, code: &str) -> Option<&DerivedDef> {
        self.derived_index.get(code).map(|&i| &self.derived[i])
    }

    /// Whether `expr` can only take non-negative values under this framework: numbers that are
    /// not negative, items not marked ± and totals of such, derived values of such, combined by
    /// `+`, `×` and `÷` (what disclosure control, and an attacker, know of every value's sign).
    pub fn is_non_negative(&self, expr: &Expr) -> bool {
        self.non_negative(expr, 0)
    }

    fn non_negative(&self, expr: &Expr, depth: u32) -> bool {
        if depth > 32 {
            return false;
        }
        match expr {
            Expr::Num(d) => !d.is_sign_negative(),
            Expr::Ref(code) => match self.lookup(code.as_str()) {
                Some(CodeKind::Item(item)) => {
                    !item.signed
                        && item.parts.as_ref().is_none_or(|parts| {
                            parts
                                .iter()
                                .all(|p| self.non_negative(&Expr::Ref(p.clone()), depth + 1))
                        })
                }
                Some(CodeKind::Derived(d)) => self.non_negative(&d.formula, depth + 1),
                None => false,
            },
            Expr::Neg(_) => false,
            Expr::Bin(op, a, b) => {
                *op != Op::Sub && self.non_negative(a, depth + 1) && self.non_negative(b, depth + 1)
            }
            // The larger of two values is not negative when one of them is not; the smaller
            // when both are not.
            Expr::Call(Func::Max, a, b) => {
                self.non_negative(a, depth + 1) || self.non_negative(b, depth + 1)
            }
            Expr::Call(Func::Min, a, b) => {
                self.non_negative(a, depth + 1) && self.non_negative(b, depth + 1)
            }
        }
    }

    /// What `code` names among items, totals and derived values.
    pub fn lookup(&self, code: &str) -> Option<CodeKind<'_>> {
        self.item(code)
            .map(CodeKind::Item)
            .or_else(|| self.derived(code).map(CodeKind::Derived))
    }

    /// The indicator with this code.
    pub fn indicator(&self, code: &str) -> Option<&IndicatorDef> {
        self.indicator_index.get(code).map(|&i| &self.indicators[i])
    }

    /// The section with this code.
    pub fn section(&self, code: &str) -> Option<&ReturnSection> {
        self.sections.iter().find(|s| s.code == code)
    }

    /// The items (and totals) of a section, in template order.
    pub fn section_items<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a ItemDef> + 'a {
        self.items.iter().filter(move |i| i.section == section)
    }

    /// The peer group of an institution with `attrs`, if its legal form belongs to one.
    pub fn peer_group_of(&self, attrs: &Attributes) -> Option<&PeerGroup> {
        self.peer_groups
            .iter()
            .find(|g| g.legal_forms.contains(&attrs.legal_form))
    }

    /// The peer group with this code.
    pub fn peer_group(&self, code: &str) -> Option<&PeerGroup> {
        self.peer_groups.iter().find(|g| g.code == code)
    }

    /// The heading with this code and its section.
    pub fn heading(&self, code: &str) -> Option<(&BulletinSection, &Heading)> {
        self.bulletin
            .iter()
            .find_map(|s| s.headings.iter().find(|h| h.code == code).map(|h| (s, h)))
    }

    /// The indicators printed under a heading, in order.
    pub fn heading_indicators<'a>(
        &'a self,
        heading: &'a str,
    ) -> impl Iterator<Item = &'a IndicatorDef> + 'a {
        self.indicators.iter().filter(move |i| i.heading == heading)
    }

    /// Every label of the framework that lacks an English or Arabic text, by where it is.
    pub fn untranslated(&self) -> Vec<String> {
        self.labelled()
            .into_iter()
            .filter(|(_, l)| !l.is_complete())
            .map(|(what, _)| what)
            .collect()
    }

    /// Every text of the framework given in the three languages, with where it is (`item
    /// loans.par30`, `sheet of section financial`, `message of rule r1`…).
    pub fn labelled(&self) -> Vec<(String, &Labels)> {
        let mut out: Vec<(String, &Labels)> = vec![
            ("framework label".into(), &self.label),
            ("sector label".into(), &self.sector_label),
        ];
        for s in &self.sections {
            out.push((format!("section {}", s.code), &s.label));
            out.push((format!("sheet of section {}", s.code), &s.sheet));
        }
        out.extend(
            self.items
                .iter()
                .map(|i| (format!("item {}", i.code), &i.label)),
        );
        out.extend(
            self.derived
                .iter()
                .map(|d| (format!("derived {}", d.code), &d.label)),
        );
        out.extend(
            self.peer_groups
                .iter()
                .map(|g| (format!("peer group {}", g.code), &g.label)),
        );
        for s in &self.bulletin {
            out.push((format!("bulletin section {}", s.code), &s.label));
            out.extend(
                s.headings
                    .iter()
                    .map(|h| (format!("heading {}", h.code), &h.label)),
            );
        }
        for i in &self.indicators {
            out.push((format!("indicator {}", i.code), &i.label));
            if let Some(t) = &i.norm_text {
                out.push((format!("norm of {}", i.code), t));
            }
            if let Some(n) = &i.note {
                out.push((format!("note of {}", i.code), n));
            }
            if let Some(c) = &i.components {
                out.push((format!("A row of {}", i.code), &c.a));
                out.push((format!("B row of {}", i.code), &c.b));
            }
        }
        out.extend(
            self.rules
                .iter()
                .map(|r| (format!("message of rule {}", r.code), &r.message)),
        );
        if let Some(c) = &self.classification {
            out.extend(
                c.classes
                    .iter()
                    .map(|k| (format!("loan class {}", k.code), &k.label)),
            );
            out.extend(
                c.licences
                    .iter()
                    .map(|l| (format!("licence {}", l.code), &l.label)),
            );
        }
        out
    }
}

/// The periods one version of a framework applies to, as said to someone whose return or tape
/// falls outside every version (`IssueKind::NoFrameworkFor`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct VersionSpan {
    /// The version (`2016.1`).
    pub version: String,
    /// Its first period (`2016-Q1`), if it has one.
    pub from: Option<String>,
    /// Its last period, if it has one: where a later version starts, the period before it.
    pub until: Option<String>,
}

impl VersionSpan {
    /// The versions one after the other, in English (`version 1 from 2016-Q1 until 2019-Q4;
    /// version 2 from 2021-Q1`): the logs' and the error chain's wording.
    pub fn list(versions: &[VersionSpan]) -> String {
        let list: Vec<String> = versions.iter().map(ToString::to_string).collect();
        list.join("; ")
    }
}

impl std::fmt::Display for VersionSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "version {}", self.version)?;
        match (&self.from, &self.until) {
            (Some(a), Some(b)) => write!(f, " from {a} until {b}"),
            (Some(a), None) => write!(f, " from {a}"),
            (None, Some(b)) => write!(f, " until {b}"),
            (None, None) => write!(f, " for every period"),
        }
    }
}

fn in_force_text(versions: &[VersionSpan]) -> String {
    if versions.is_empty() {
        return String::new();
    }
    format!(" (its rules: {})", VersionSpan::list(versions))
}

/// Every framework the instance knows, by id and effective period.
#[derive(Debug, Clone, Default)]
pub struct Frameworks {
    by_id: BTreeMap<String, Vec<Framework>>,
}

impl Frameworks {
    /// Loads every `*.toml` file of a directory; every file must be a valid framework.
    pub fn load_dir(dir: &Path) -> Result<Self, FrameworkError> {
        let io = |source| FrameworkError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        let mut set = Self::default();
        let mut origins: HashMap<(String, Option<Period>), String> = HashMap::new();
        for path in paths {
            let fw = Framework::from_file(&path)?;
            let key = (fw.id.clone(), fw.effective_from);
            if let Some(first) = origins.insert(key, path.display().to_string()) {
                return Err(FrameworkError::Duplicate {
                    id: fw.id,
                    from: fw
                        .effective_from
                        .map_or_else(|| "the beginning".into(), |p| p.to_string()),
                    first,
                    second: path.display().to_string(),
                });
            }
            set.insert(fw);
        }
        // Versions of one id follow each other: one that says until when it applies must end
        // before the next starts (otherwise two sets of rules would claim the same period).
        for list in set.by_id.values() {
            for pair in list.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if let (Some(until), Some(from)) = (a.effective_until, b.effective_from)
                    && until >= from
                {
                    let file = |f: &Framework| {
                        origins
                            .get(&(f.id.clone(), f.effective_from))
                            .cloned()
                            .unwrap_or_default()
                    };
                    return Err(FrameworkError::Overlap {
                        id: a.id.clone(),
                        first: format!("version {} ({}) runs until {until}", a.version, file(a)),
                        second: format!("version {} ({}) starts at {from}", b.version, file(b)),
                    });
                }
            }
        }
        Ok(set)
    }

    /// Adds a framework (tests and embedded defaults).
    pub fn insert(&mut self, framework: Framework) {
        let list = self.by_id.entry(framework.id.clone()).or_default();
        list.push(framework);
        list.sort_by_key(|f| f.effective_from);
    }

    /// The version of framework `id` in force at `period`: the latest that starts at or before
    /// it, unless that one ended before it (`effective_until`). Outside every version, the error
    /// lists the versions there are, to name the rules in force. A month is compared by its days
    /// (2024-M01 lies within a version effective from 2024-Q1).
    pub fn get(&self, id: &str, period: Period) -> Result<&Framework, FrameworkError> {
        self.by_id
            .get(id)
            .and_then(|list| {
                list.iter().rev().find(|f| {
                    f.effective_from
                        .is_none_or(|from| period.starts_at_or_after(from))
                })
            })
            .filter(|f| {
                f.effective_until
                    .is_none_or(|until| period.ends_at_or_before(until))
            })
            .ok_or_else(|| FrameworkError::NotFound {
                id: id.to_owned(),
                period: period.to_string(),
                versions: self.spans(id),
            })
    }

    /// The periods each version of framework `id` applies to, oldest first: a version without
    /// `effective_until` runs until the period before the next version starts.
    pub fn spans(&self, id: &str) -> Vec<VersionSpan> {
        let list = self.versions(id);
        list.iter()
            .enumerate()
            .map(|(i, f)| VersionSpan {
                version: f.version.clone(),
                from: f.effective_from.map(|p| p.to_string()),
                until: f
                    .effective_until
                    .or_else(|| {
                        list.get(i + 1)
                            .and_then(|next| next.effective_from)
                            .map(Period::previous)
                    })
                    .map(|p| p.to_string()),
            })
            .collect()
    }

    /// The latest version of framework `id`.
    pub fn latest(&self, id: &str) -> Option<&Framework> {
        self.by_id.get(id).and_then(|l| l.last())
    }

    /// Every version of framework `id`, oldest first (empty when unknown).
    pub fn versions(&self, id: &str) -> &[Framework] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// The ids of the known frameworks.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}

pub(crate) fn find_cycles<'a>(edges: &HashMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    fn visit<'a>(
        node: &'a str,
        edges: &HashMap<&'a str, Vec<&'a str>>,
        state: &mut HashMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let start = stack.iter().position(|n| *n == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node);
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node, 1);
        stack.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(node, 2);
        None
    }
    let mut state = HashMap::new();
    let mut keys: Vec<_> = edges.keys().copied().collect();
    keys.sort_unstable();
    let mut stack = Vec::new();
    keys.into_iter()
        .find_map(|k| visit(k, edges, &mut state, &mut stack))
}

pub(crate) fn unique<'a>(
    codes: impl Iterator<Item = &'a str>,
    what: &str,
    problems: &mut Vec<String>,
) {
    let mut seen = HashSet::new();
    for c in codes {
        if !seen.insert(c) {
            problems.push(format!("{what} \"{c}\" is defined twice"));
        }
    }
}
