//! The TOML shape of a framework file and its conversion into a checked [`Framework`].

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    BulletinSection, Cmp, Collection, Components, Condition, Consolidation, DerivedDef, Disclosure,
    DisplayKind, Expr, Formula, Framework, Heading, IndicatorDef, ItemDef, Norm, NormRule,
    NormTest, PeerGroup, ReturnSection, RuleCheck, RuleDef, Unit, find_cycles, unique,
};
use crate::codes::Code;
use crate::institution::{CountryCode, LegalForm};
use crate::issue::Severity;
use crate::labels::{Labels, Lang};
use crate::period::Period;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFramework {
    framework: RawHeader,
    #[serde(default)]
    sections: Vec<RawSection>,
    #[serde(default)]
    items: Vec<RawItem>,
    #[serde(default)]
    derived: Vec<RawDerived>,
    #[serde(default)]
    peer_groups: Vec<RawPeerGroup>,
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    bulletin: Vec<RawBulletinSection>,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    #[serde(default)]
    disclosure: RawDisclosure,
    #[serde(default)]
    publication: RawPublication,
    #[serde(default)]
    reminders: RawReminders,
    #[serde(default)]
    classification: Option<super::classification::RawClassification>,
    #[serde(default)]
    solvency: Option<super::solvency::RawSolvency>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublication {
    #[serde(default)]
    min_coverage: Option<Decimal>,
}

impl RawPublication {
    fn build(self, problems: &mut Vec<String>) -> super::PublicationRules {
        let d = super::PublicationRules::default();
        let out = super::PublicationRules {
            min_coverage: self.min_coverage.unwrap_or(d.min_coverage),
        };
        if out.min_coverage <= Decimal::ZERO || out.min_coverage > Decimal::ONE {
            problems.push(format!(
                "publication: min_coverage ({}) must be a share above 0 and at most 1",
                out.min_coverage
            ));
        }
        out
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReminders {
    #[serde(default)]
    days_before: Option<Vec<u32>>,
    #[serde(default)]
    days_after: Option<Vec<u32>>,
}

impl RawReminders {
    fn build(self, problems: &mut Vec<String>) -> super::Reminders {
        let d = super::Reminders::default();
        let mut out = super::Reminders {
            days_before: self.days_before.unwrap_or(d.days_before),
            days_after: self.days_after.unwrap_or(d.days_after),
        };
        for (name, days) in [
            ("days_before", &mut out.days_before),
            ("days_after", &mut out.days_after),
        ] {
            if days.iter().any(|&d| d > 366) {
                problems.push(format!(
                    "reminders: {name} ({days:?}) must count days up to 366"
                ));
            }
            days.sort_unstable();
            days.dedup();
        }
        out
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisclosure {
    #[serde(default)]
    min_contributors: Option<usize>,
    #[serde(default)]
    dominance_n: Option<usize>,
    #[serde(default)]
    dominance_k: Option<Decimal>,
    #[serde(default)]
    p_percent: Option<Decimal>,
    #[serde(default)]
    protection_percent: Option<Decimal>,
    #[serde(default)]
    median_min_contributors: Option<usize>,
    #[serde(default)]
    revision_min_contributors: Option<usize>,
}

impl RawDisclosure {
    fn build(self, problems: &mut Vec<String>) -> Disclosure {
        let d = Disclosure::default();
        let out = Disclosure {
            min_contributors: self.min_contributors.unwrap_or(d.min_contributors),
            dominance_n: self.dominance_n.unwrap_or(d.dominance_n),
            dominance_k: self.dominance_k.unwrap_or(d.dominance_k),
            p_percent: self.p_percent.unwrap_or(d.p_percent),
            protection_percent: self.protection_percent.unwrap_or(d.protection_percent),
            median_min_contributors: self
                .median_min_contributors
                .unwrap_or(d.median_min_contributors),
            revision_min_contributors: self
                .revision_min_contributors
                .unwrap_or(d.revision_min_contributors),
        };
        let hundred = Decimal::ONE_HUNDRED;
        for (key, value) in [
            ("min_contributors", out.min_contributors),
            ("dominance_n", out.dominance_n),
            ("median_min_contributors", out.median_min_contributors),
            ("revision_min_contributors", out.revision_min_contributors),
        ] {
            if value == 0 {
                problems.push(format!("disclosure: {key} must be at least 1"));
            }
        }
        if out.median_min_contributors < out.min_contributors {
            problems.push(format!(
                "disclosure: median_min_contributors ({}) must be at least min_contributors ({}): \
                 a median (or a quartile) is one institution's value",
                out.median_min_contributors, out.min_contributors
            ));
        }
        if out.dominance_k <= Decimal::ZERO || out.dominance_k > hundred {
            problems.push(format!(
                "disclosure: dominance_k ({}) must be a percentage above 0 and at most 100",
                out.dominance_k
            ));
        }
        for (key, value) in [
            ("p_percent", out.p_percent),
            ("protection_percent", out.protection_percent),
        ] {
            if value < Decimal::ZERO || value >= hundred {
                problems.push(format!(
                    "disclosure: {key} ({value}) must be a percentage from 0 to below 100"
                ));
            }
        }
        out
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    version: String,
    #[serde(default)]
    effective_from: Option<Period>,
    #[serde(default)]
    effective_until: Option<Period>,
    label: Labels,
    currency: String,
    #[serde(default)]
    currency_decimals: Option<u32>,
    #[serde(default)]
    country: Option<CountryCode>,
    #[serde(default)]
    deadline_working_days: Option<u32>,
    #[serde(default)]
    deadline_days: Option<u32>,
    #[serde(default)]
    calendar: Option<String>,
    sector_label: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    code: String,
    sheet: Labels,
    label: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: String,
    #[serde(default)]
    unit: Option<Unit>,
    #[serde(default)]
    signed: bool,
    section: String,
    label: Labels,
    #[serde(default)]
    parts: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerived {
    code: String,
    formula: String,
    label: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeerGroup {
    code: String,
    legal_forms: Vec<LegalForm>,
    label: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    code: String,
    severity: Severity,
    message: Labels,
    /// `left <op> right`
    #[serde(default)]
    check: Option<String>,
    #[serde(default)]
    not_all_negative: Option<Vec<String>>,
    #[serde(default)]
    all_equal: Option<Vec<String>>,
    /// Factor of a quarter-on-quarter jump.
    #[serde(default)]
    jump_factor: Option<Decimal>,
    #[serde(default)]
    units: Option<Vec<Unit>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBulletinSection {
    code: String,
    number: String,
    label: Labels,
    #[serde(default)]
    headings: Vec<RawHeading>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeading {
    code: String,
    number: String,
    label: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: String,
    heading: String,
    #[serde(default)]
    number: Option<String>,
    label: Labels,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    numerator: Option<String>,
    #[serde(default)]
    denominator: Option<String>,
    #[serde(default)]
    scale: Option<Decimal>,
    display: DisplayKind,
    #[serde(default)]
    consolidation: Option<Consolidation>,
    #[serde(default)]
    components: Option<RawComponents>,
    #[serde(default)]
    norm: Vec<RawNorm>,
    #[serde(default)]
    norm_text: Option<Labels>,
    #[serde(default)]
    note: Option<Labels>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponents {
    a: Labels,
    b: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNorm {
    #[serde(default)]
    when: Condition,
    test: String,
}

struct Ctx {
    problems: Vec<String>,
}

impl Ctx {
    fn code(&mut self, text: &str, what: &str) -> Option<Code> {
        Code::parse(text)
            .map_err(|e| self.problems.push(format!("{what}: {e}")))
            .ok()
    }

    fn expr(&mut self, text: &str, what: &str) -> Option<Expr> {
        Expr::parse(text)
            .map_err(|e| self.problems.push(format!("{what}: {e}")))
            .ok()
    }
}

impl RawFramework {
    pub(super) fn build(self) -> Result<Framework, Vec<String>> {
        let mut cx = Ctx { problems: vec![] };
        let h = self.framework;
        if h.id.trim().is_empty()
            || !h
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            cx.problems.push(format!(
                "framework id \"{}\" must be lower-case letters, digits and '-'",
                h.id
            ));
        }

        // Sections.
        unique(
            self.sections.iter().map(|s| s.code.as_str()),
            "section",
            &mut cx.problems,
        );
        for lang in Lang::ALL {
            // Excel compares sheet names without case.
            unique(
                self.sections
                    .iter()
                    .map(|s| s.sheet.get(lang).trim().to_lowercase())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
                &format!("sheet name ({lang})"),
                &mut cx.problems,
            );
            for s in &self.sections {
                let name = s.sheet.get(lang);
                if name.trim().is_empty() {
                    continue;
                }
                if name.chars().count() > 31
                    || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
                    || name.starts_with('\'')
                    || name.ends_with('\'')
                {
                    cx.problems.push(format!(
                        "section {}: sheet name \"{name}\" ({lang}) is not a valid Excel sheet name",
                        s.code
                    ));
                }
            }
        }
        let sections: Vec<ReturnSection> = self
            .sections
            .into_iter()
            .map(|s| ReturnSection {
                code: s.code,
                sheet: s.sheet,
                label: s.label,
            })
            .collect();
        let section_codes: HashSet<&str> = sections.iter().map(|s| s.code.as_str()).collect();

        // Items and totals.
        let mut items = Vec::new();
        for raw in self.items {
            let what = format!("item {}", raw.code);
            let Some(code) = cx.code(&raw.code, &what) else {
                continue;
            };
            if !section_codes.contains(raw.section.as_str()) {
                cx.problems
                    .push(format!("{what}: unknown section \"{}\"", raw.section));
            }
            let parts = match raw.parts {
                Some(parts) if parts.is_empty() => {
                    cx.problems
                        .push(format!("{what}: a total needs at least one part"));
                    None
                }
                Some(parts) => Some(parts.iter().filter_map(|p| cx.code(p, &what)).collect()),
                None => None,
            };
            let unit = match (raw.unit, &parts) {
                (Some(u), _) => u,
                (None, Some(_)) => Unit::Count,
                (None, None) => {
                    cx.problems.push(format!(
                        "{what}: a unit is required (amount, count or rate)"
                    ));
                    Unit::Amount
                }
            };
            if raw.signed && unit == Unit::Count {
                cx.problems
                    .push(format!("{what}: a count cannot be signed"));
            }
            items.push(ItemDef {
                code,
                unit,
                signed: raw.signed,
                section: raw.section,
                label: raw.label,
                parts,
            });
        }
        let derived: Vec<DerivedDef> = self
            .derived
            .into_iter()
            .filter_map(|d| {
                let what = format!("derived {}", d.code);
                let code = cx.code(&d.code, &what)?;
                let formula = cx.expr(&d.formula, &what)?;
                Some(DerivedDef {
                    code,
                    formula,
                    label: d.label,
                })
            })
            .collect();
        unique(
            items
                .iter()
                .map(|i| i.code.as_str())
                .chain(derived.iter().map(|d| d.code.as_str())),
            "item or derived value",
            &mut cx.problems,
        );
        let known: HashSet<&str> = items
            .iter()
            .map(|i| i.code.as_str())
            .chain(derived.iter().map(|d| d.code.as_str()))
            .collect();
        let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
        for item in &items {
            if let Some(parts) = &item.parts {
                for p in parts {
                    if !known.contains(p.as_str()) {
                        cx.problems
                            .push(format!("total {}: unknown part \"{p}\"", item.code));
                    } else if items.iter().any(|i| &i.code == p && i.unit != item.unit) {
                        cx.problems.push(format!(
                            "total {}: part \"{p}\" has another unit than the total",
                            item.code
                        ));
                    }
                }
                edges.insert(item.code.as_str(), parts.iter().map(Code::as_str).collect());
            }
        }
        for d in &derived {
            for r in d.formula.refs() {
                if !known.contains(r.as_str()) {
                    cx.problems
                        .push(format!("derived {}: unknown code \"{r}\"", d.code));
                }
            }
            edges.insert(
                d.code.as_str(),
                d.formula.refs().into_iter().map(Code::as_str).collect(),
            );
        }
        if let Some(cycle) = find_cycles(&edges) {
            cx.problems.push(format!(
                "totals and derived values form a cycle: {}",
                cycle.join(" → ")
            ));
        }

        // Peer groups.
        unique(
            self.peer_groups.iter().map(|g| g.code.as_str()),
            "peer group",
            &mut cx.problems,
        );
        let mut seen_forms: HashMap<LegalForm, &str> = HashMap::new();
        for g in &self.peer_groups {
            if g.code == "sector" {
                cx.problems
                    .push("peer group code \"sector\" is reserved for the whole sector".into());
            }
            for f in &g.legal_forms {
                if let Some(other) = seen_forms.insert(*f, &g.code) {
                    cx.problems.push(format!(
                        "legal form {f} is in two peer groups ({other} and {})",
                        g.code
                    ));
                }
            }
        }
        let peer_groups: Vec<PeerGroup> = self
            .peer_groups
            .into_iter()
            .map(|g| PeerGroup {
                code: g.code,
                legal_forms: g.legal_forms,
                label: g.label,
            })
            .collect();

        // Rules.
        unique(
            self.rules.iter().map(|r| r.code.as_str()),
            "rule",
            &mut cx.problems,
        );
        let mut rules = Vec::new();
        for r in self.rules {
            let what = format!("rule {}", r.code);
            let given = [
                r.check.is_some(),
                r.not_all_negative.is_some(),
                r.all_equal.is_some(),
                r.jump_factor.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if given != 1 {
                cx.problems.push(format!(
                    "{what}: give exactly one of check, not_all_negative, all_equal, jump_factor"
                ));
                continue;
            }
            if r.units.is_some() && r.jump_factor.is_none() {
                cx.problems
                    .push(format!("{what}: units only go with jump_factor"));
            }
            let check = if let Some(text) = &r.check {
                let Some((l, cmp, rt)) = Cmp::split(text) else {
                    cx.problems.push(format!(
                        "{what}: check \"{text}\" has no comparison (<, <=, >, >=, =)"
                    ));
                    continue;
                };
                let (Some(left), Some(right)) = (cx.expr(l, &what), cx.expr(rt, &what)) else {
                    continue;
                };
                RuleCheck::Compare { left, cmp, right }
            } else if let Some(list) = r.not_all_negative.as_ref().or(r.all_equal.as_ref()) {
                let codes: Vec<Code> = list.iter().filter_map(|c| cx.code(c, &what)).collect();
                if codes.len() < 2 {
                    cx.problems.push(format!("{what}: list at least two items"));
                }
                if r.not_all_negative.is_some() {
                    RuleCheck::NotAllNegative { items: codes }
                } else {
                    RuleCheck::AllEqual { items: codes }
                }
            } else {
                let factor = r.jump_factor.unwrap_or(Decimal::ONE);
                if factor <= Decimal::ONE {
                    cx.problems
                        .push(format!("{what}: jump_factor must be above 1"));
                }
                RuleCheck::Jump {
                    factor,
                    units: r
                        .units
                        .clone()
                        .unwrap_or_else(|| vec![Unit::Amount, Unit::Count]),
                }
            };
            let rule = RuleDef {
                code: r.code,
                severity: r.severity,
                message: r.message,
                check,
            };
            for input in rule.inputs() {
                if !known.contains(input.as_str()) {
                    cx.problems
                        .push(format!("{what}: unknown item \"{input}\""));
                }
            }
            rules.push(rule);
        }

        // Bulletin and indicators.
        let bulletin: Vec<BulletinSection> = self
            .bulletin
            .into_iter()
            .map(|s| BulletinSection {
                code: s.code,
                number: s.number,
                label: s.label,
                headings: s
                    .headings
                    .into_iter()
                    .map(|h| Heading {
                        code: h.code,
                        number: h.number,
                        label: h.label,
                    })
                    .collect(),
            })
            .collect();
        unique(
            bulletin.iter().map(|s| s.code.as_str()),
            "bulletin section",
            &mut cx.problems,
        );
        unique(
            bulletin
                .iter()
                .flat_map(|s| s.headings.iter().map(|h| h.code.as_str())),
            "heading",
            &mut cx.problems,
        );
        let headings: HashSet<&str> = bulletin
            .iter()
            .flat_map(|s| s.headings.iter().map(|h| h.code.as_str()))
            .collect();
        let mut indicators = Vec::new();
        for raw in self.indicators {
            let what = format!("indicator {}", raw.code);
            let Some(code) = cx.code(&raw.code, &what) else {
                continue;
            };
            if !headings.contains(raw.heading.as_str()) {
                cx.problems
                    .push(format!("{what}: unknown heading \"{}\"", raw.heading));
            }
            let formula = match (&raw.value, &raw.numerator, &raw.denominator) {
                (Some(v), None, None) => {
                    if raw.scale.is_some() {
                        cx.problems
                            .push(format!("{what}: scale only goes with a ratio"));
                    }
                    cx.expr(v, &what).map(Formula::Value)
                }
                (None, Some(n), Some(d)) => match (cx.expr(n, &what), cx.expr(d, &what)) {
                    (Some(numerator), Some(denominator)) => Some(Formula::Ratio {
                        numerator,
                        denominator,
                        scale: raw.scale.unwrap_or(Decimal::ONE),
                    }),
                    _ => None,
                },
                _ => {
                    cx.problems.push(format!(
                        "{what}: give either value, or numerator and denominator"
                    ));
                    None
                }
            };
            let Some(formula) = formula else { continue };
            let consolidation = raw.consolidation.unwrap_or(Consolidation::Mean);
            if consolidation == Consolidation::RatioOfSums
                && !matches!(formula, Formula::Ratio { .. })
            {
                cx.problems.push(format!(
                    "{what}: ratio_of_sums needs a numerator and a denominator"
                ));
            }
            if raw.components.is_some() && consolidation != Consolidation::RatioOfSums {
                cx.problems.push(format!(
                    "{what}: components (A and B rows) go with ratio_of_sums"
                ));
            }
            let mut norm = Norm::default();
            for n in raw.norm {
                match n.test.parse::<NormTest>() {
                    Ok(test) => norm.rules.push(NormRule { when: n.when, test }),
                    Err(e) => cx.problems.push(format!("{what}: {e}")),
                }
            }
            if let Some(pos) = norm.rules.iter().position(|r| r.when.is_empty())
                && pos + 1 != norm.rules.len()
            {
                cx.problems.push(format!(
                    "{what}: a norm without condition must come last (it matches everyone)"
                ));
            }
            let ind = IndicatorDef {
                code,
                heading: raw.heading,
                number: raw.number,
                label: raw.label,
                formula,
                display: raw.display,
                consolidation,
                components: raw.components.map(|c| Components { a: c.a, b: c.b }),
                norm,
                norm_text: raw.norm_text,
                note: raw.note,
            };
            for input in ind.inputs() {
                if !known.contains(input.as_str()) {
                    cx.problems
                        .push(format!("{what}: unknown code \"{input}\""));
                }
            }
            indicators.push(ind);
        }
        unique(
            indicators.iter().map(|i| i.code.as_str()),
            "indicator",
            &mut cx.problems,
        );
        for i in &indicators {
            if known.contains(i.code.as_str()) {
                cx.problems.push(format!(
                    "indicator {} has the code of an item or derived value",
                    i.code
                ));
            }
        }

        let deadline = match (h.deadline_working_days, h.deadline_days) {
            (Some(n), None) => super::Deadline::WorkingDays(n),
            (None, Some(n)) => super::Deadline::Days(n),
            (None, None) => super::Deadline::WorkingDays(30),
            (Some(_), Some(_)) => {
                cx.problems.push(
                    "framework: give deadline_working_days or deadline_days, not both".into(),
                );
                super::Deadline::WorkingDays(30)
            }
        };
        if let (Some(from), Some(until)) = (h.effective_from, h.effective_until)
            && until < from
        {
            cx.problems.push(format!(
                "framework: effective_until {until} is before effective_from {from}"
            ));
        }
        let disclosure = self.disclosure.build(&mut cx.problems);
        let publication = self.publication.build(&mut cx.problems);
        let reminders = self.reminders.build(&mut cx.problems);
        // Loan classification and solvency tables.
        let classification = self.classification.and_then(|c| c.build(&mut cx.problems));
        let item_codes: HashSet<&str> = items.iter().map(|i| i.code.as_str()).collect();
        let solvency = self
            .solvency
            .and_then(|s| s.build(&|c| item_codes.contains(c), &mut cx.problems));

        let item_index = items
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        let derived_index = derived
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        let indicator_index = indicators
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        let framework = Framework {
            id: h.id,
            version: h.version,
            effective_from: h.effective_from,
            effective_until: h.effective_until,
            label: h.label,
            currency: h.currency,
            currency_decimals: h.currency_decimals,
            country: h.country,
            collection: Collection {
                deadline,
                calendar: h.calendar,
                reminders,
            },
            sections,
            items,
            derived,
            peer_groups,
            sector_label: h.sector_label,
            rules,
            bulletin,
            indicators,
            disclosure,
            publication,
            classification,
            solvency,
            item_index,
            derived_index,
            indicator_index,
        };
        // Every text in the three languages: a template, a page or a bulletin in a language
        // never falls back on another.
        for (what, labels) in framework.labelled() {
            let missing = labels.missing();
            if !missing.is_empty() {
                cx.problems.push(format!(
                    "{what}: no text in {}",
                    missing
                        .iter()
                        .map(|l| format!("{l} ({})", l.english_name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if cx.problems.is_empty() {
            Ok(framework)
        } else {
            Err(cx.problems)
        }
    }
}
