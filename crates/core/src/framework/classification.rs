//! Loan classification and provisioning rules as configuration (`[classification]`).
//!
//! A rule set is generic: classes numbered from 0 (healthy) upwards, each entered when the oldest
//! unpaid instalment is *more than* some number of days (or months) late, each with a minimum
//! provisioning rate; a judgmental class, a "recovery compromised" class, an irrecoverable
//! threshold, the portfolio-at-risk thresholds, and — switchable per licence — the
//! restructuring chapter (observation period, hold, raise on unpaid, second restructuring, limit
//! on restructurings). Bank Al-Maghrib's circular C N° 5/W/2023 is one such file; the UEMOA
//! rules (arrears of more than 3, 6 and 12 months at 40, 80 and 100 %, written off after 24
//! months, no restructuring chapter) are another, with no code change.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::institution::LegalForm;
use crate::labels::Labels;

/// A length of time counted back from the quarter-end: so many days, or so many calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// Calendar days (29 February counts).
    Days(u32),
    /// Calendar months (the day is clamped to the end of shorter months).
    Months(u32),
}

impl Span {
    /// `date` plus the span. Calendar months go "from a day of one month to the same day of
    /// another" (RCSFD), the day clamped to the end of a shorter month: 31 August + 6 months is
    /// 28 or 29 February. `None` past the calendar's end.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Days(d) => date.checked_add_days(chrono::Days::new(u64::from(d))),
            Self::Months(m) => date.checked_add_months(Months::new(m)),
        }
    }

    /// Whether `date` is *more than* the span before `as_of`: `date + span < as_of` (exactly
    /// three months is not more than three).
    pub fn exceeded(self, date: NaiveDate, as_of: NaiveDate) -> bool {
        self.after(date).is_some_and(|end| end < as_of)
    }

    /// Whether at least the span has elapsed since `date` at `as_of`: `date + span ≤ as_of`.
    pub fn elapsed(self, date: NaiveDate, as_of: NaiveDate) -> bool {
        self.after(date).is_some_and(|end| end <= as_of)
    }

    /// The first date that is *not* more than the span before `as_of`: every earlier date is
    /// ([`Span::exceeded`]), so a tape of a million loans compares dates, never adds months.
    /// `NaiveDate::MIN` when the span reaches before the calendar.
    pub fn exceeded_before(self, as_of: NaiveDate) -> NaiveDate {
        // `as_of − span` comes back to `as_of` or, clamped, a little before it; adding months
        // is monotone, so step forward until `date + span` reaches `as_of` (at most three days).
        let mut d = self.back(as_of);
        while self.exceeded(d, as_of) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        d
    }

    /// The last date at which the span has elapsed at `as_of` ([`Span::elapsed`]): every later
    /// date has not. `NaiveDate::MIN` when the span reaches before the calendar.
    pub fn elapsed_until(self, as_of: NaiveDate) -> NaiveDate {
        let mut d = self.back(as_of);
        while let Some(next) = d.succ_opt()
            && self.elapsed(next, as_of)
        {
            d = next;
        }
        d
    }

    /// `as_of` minus the span, clamped: the start of the searches above.
    fn back(self, as_of: NaiveDate) -> NaiveDate {
        match self {
            Self::Days(d) => as_of.checked_sub_days(chrono::Days::new(u64::from(d))),
            Self::Months(m) => as_of.checked_sub_months(Months::new(m)),
        }
        .unwrap_or(NaiveDate::MIN)
    }

    fn unit(self) -> &'static str {
        match self {
            Self::Days(_) => "days",
            Self::Months(_) => "months",
        }
    }

    fn amount(self) -> u32 {
        match self {
            Self::Days(n) | Self::Months(n) => n,
        }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount(), self.unit())
    }
}

/// One risk class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassDef {
    /// Number (0 = healthy, then upwards by risk).
    pub class: u8,
    /// Stable code (`healthy`, `watch`, `doubtful`…).
    pub code: String,
    /// Label.
    pub label: Labels,
    /// Entered when the oldest unpaid instalment is more than this late (`None` for class 0, and
    /// for a class that is only reached by judgment).
    pub more_than: Option<Span>,
    /// Minimum provision, in percent of the provisioning base.
    pub provision_pct: Decimal,
    /// Where the rule comes from (`art. 4, 6`).
    pub article: Option<String>,
}

/// The rule for a loan whose recovery is compromised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CompromisedDef {
    /// Its class (BAM art. 6 last paragraph).
    pub class: u8,
    /// Its provision, in percent of the base.
    pub provision_pct: Decimal,
    /// Whether it is irrecoverable (BAM art. 17).
    pub irrecoverable: bool,
}

/// The restructuring chapter (circular 5/W/2023 chapter III, art. 8–14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestructuringDef {
    /// Observation period, from the first instalment after the restructuring (art. 10).
    pub observation: Span,
    /// More restructurings than this put the loan in `beyond_max_class` (art. 13).
    pub max_restructurings: u32,
    /// The class of a loan restructured more than `max_restructurings` times.
    pub beyond_max_class: u8,
    /// Classes added on an unpaid instalment during the observation (art. 11).
    pub unpaid_raise: u8,
    /// Classes added to a doubtful loan restructured again (art. 12).
    pub further_restructuring_raise: u8,
    /// The chapter of the text that holds these rules (`III`), matched against the chapters a
    /// licence applies.
    pub chapter: String,
}

/// A licence and the chapters its institutions apply (art. 22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceDef {
    /// Stable code (`credit_institution`, `association`).
    pub code: String,
    /// Legal forms of the registry that hold this licence.
    pub legal_forms: Vec<LegalForm>,
    /// The chapters of the text its institutions apply (art. 22: `I`…`V`).
    pub chapters: Vec<String>,
    /// Whether the restructuring chapter applies (its chapter is among `chapters`).
    pub restructuring: bool,
    /// Label.
    pub label: Labels,
}

/// A checked classification and provisioning rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassificationDef {
    /// The text the rules come from (`C N° 5/W/2023`).
    pub source: String,
    /// The day the rules came into force (C N° 5/W/2023 art. 24: on its signature, 1 February
    /// 2023): a tape whose quarter-end is before it is refused. `None`: no date.
    pub in_force_from: Option<NaiveDate>,
    /// Classes 0..=n in order.
    pub classes: Vec<ClassDef>,
    /// Whether a judgmental class (`unlikely_to_pay_class`) is accepted (art. 3 second dash).
    pub judgment: bool,
    /// The rule for a loan whose recovery is compromised (BAM art. 6 last paragraph, art. 17);
    /// `None` where the regime has none (the tape's `recovery_compromised` is then warned about,
    /// never silently used).
    pub compromised: Option<CompromisedDef>,
    /// Irrecoverable when the oldest unpaid instalment is more than this late (art. 17).
    pub irrecoverable_after: Option<Span>,
    /// A loan doubtful at the previous quarter-end returns to healthy only without any arrears
    /// (art. 5); otherwise it stays at least in class 1.
    pub healthy_requires_no_arrears: bool,
    /// Arrears are principal *and interest* (art. 5 "l'intégralité des impayés, principal et
    /// intérêts"; art. 14 "aucun impayé"): interest due and unpaid (`accrued_interest` above zero)
    /// counts as an arrear like an unpaid instalment, for the art. 5 hold and the art. 14 return
    /// to healthy. Needs `healthy_requires_no_arrears` or a restructuring chapter.
    pub arrears_include_interest: bool,
    /// Capitalised arrears are not repayment (art. 5, 8): where the restructuring chapter does not
    /// apply (associations, art. 22), a loan doubtful at the previous quarter-end whose outstanding
    /// principal grew at a restructuring stays at least in class 1 until its outstanding principal
    /// is back to its level before the capitalisation. (Where the chapter applies, the art. 10
    /// hold and art. 14 govern the same loan.) Needs `healthy_requires_no_arrears`.
    pub capitalised_arrears_hold: bool,
    /// Refinancing is restructuring (art. 8 second dash): a new loan that names in
    /// `refinances_loan_id` a loan doubtful at the previous quarter-end takes that loan's previous
    /// classification and counts one restructuring more. Needs `healthy_requires_no_arrears` or a
    /// restructuring chapter to read that classification.
    pub refinancing_is_restructuring: bool,
    /// Portfolio-at-risk thresholds in days (`par30` = more than 30 days).
    pub par_days: Vec<u32>,
    /// Decimals of a provision (rounded half away from zero).
    pub provision_decimals: u32,
    /// The restructuring chapter, when the rule set has one.
    pub restructuring: Option<RestructuringDef>,
    /// Licences and what they apply.
    pub licences: Vec<LicenceDef>,
}

impl ClassificationDef {
    /// The highest class.
    pub fn max_class(&self) -> u8 {
        self.classes.last().map_or(0, |c| c.class)
    }

    /// The class definition of `class`.
    pub fn class(&self, class: u8) -> Option<&ClassDef> {
        self.classes.get(usize::from(class))
    }

    /// The licence with this code.
    pub fn licence(&self, code: &str) -> Option<&LicenceDef> {
        self.licences.iter().find(|l| l.code == code)
    }

    /// The licence of an institution of this legal form.
    pub fn licence_for(&self, form: LegalForm) -> Option<&LicenceDef> {
        self.licences.iter().find(|l| l.legal_forms.contains(&form))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpan {
    #[serde(default)]
    days: Option<u32>,
    #[serde(default)]
    months: Option<u32>,
}

impl RawSpan {
    fn check(&self, what: &str, problems: &mut Vec<String>) -> Option<Span> {
        match (self.days, self.months) {
            (Some(d), None) => Some(Span::Days(d)),
            (None, Some(m)) => Some(Span::Months(m)),
            _ => {
                problems.push(format!("{what}: give either days or months"));
                None
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    class: u8,
    code: String,
    label: Labels,
    #[serde(default)]
    more_than: Option<RawSpan>,
    provision_pct: Decimal,
    #[serde(default)]
    article: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRestructuring {
    chapter: String,
    observation: RawSpan,
    max_restructurings: u32,
    beyond_max_class: u8,
    #[serde(default = "one")]
    unpaid_raise: u8,
    #[serde(default = "one")]
    further_restructuring_raise: u8,
}

fn one() -> u8 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicence {
    code: String,
    legal_forms: Vec<LegalForm>,
    #[serde(default)]
    chapters: Vec<String>,
    label: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClassification {
    source: String,
    #[serde(default)]
    in_force_from: Option<NaiveDate>,
    classes: Vec<RawClass>,
    #[serde(default)]
    judgment: bool,
    #[serde(default)]
    compromised_class: Option<u8>,
    #[serde(default)]
    compromised_provision_pct: Option<Decimal>,
    #[serde(default)]
    irrecoverable_after: Option<RawSpan>,
    #[serde(default)]
    compromised_irrecoverable: bool,
    #[serde(default)]
    healthy_requires_no_arrears: bool,
    #[serde(default)]
    arrears_include_interest: bool,
    #[serde(default)]
    capitalised_arrears_hold: bool,
    #[serde(default)]
    refinancing_is_restructuring: bool,
    par_days: Vec<u32>,
    #[serde(default = "two")]
    provision_decimals: u32,
    #[serde(default)]
    restructuring: Option<RawRestructuring>,
    licences: Vec<RawLicence>,
}

fn two() -> u32 {
    2
}

fn pct_ok(p: Decimal) -> bool {
    p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED
}

impl RawClassification {
    pub(super) fn build(self, problems: &mut Vec<String>) -> Option<ClassificationDef> {
        let start = problems.len();
        let what = "classification";
        if self.classes.is_empty() {
            problems.push(format!("{what}: at least the healthy class 0 is needed"));
        }
        let mut classes: Vec<ClassDef> = Vec::new();
        for (i, c) in self.classes.into_iter().enumerate() {
            let cw = format!("{what}: class {}", c.class);
            if usize::from(c.class) != i {
                problems.push(format!(
                    "{cw}: classes must be numbered 0, 1, 2… in order (found {} at position {})",
                    c.class,
                    i + 1
                ));
            }
            if !pct_ok(c.provision_pct) {
                problems.push(format!(
                    "{cw}: provision_pct {} is not between 0 and 100",
                    c.provision_pct
                ));
            }
            let more_than = c.more_than.as_ref().and_then(|s| s.check(&cw, problems));
            if i == 0 && more_than.is_some() {
                problems.push(format!("{cw}: the healthy class has no days past due"));
            }
            if let Some(prev) = classes.last() {
                if c.provision_pct < prev.provision_pct {
                    problems.push(format!(
                        "{cw}: provision_pct {} is below class {}'s {}",
                        c.provision_pct, prev.class, prev.provision_pct
                    ));
                }
                let last_span = classes.iter().rev().find_map(|p| p.more_than);
                if let (Some(a), Some(b)) = (last_span, more_than)
                    && (a.unit() != b.unit() || b.amount() <= a.amount())
                {
                    problems.push(format!(
                        "{cw}: more_than {b} must be in the same unit as, and longer than, {a}"
                    ));
                }
            }
            classes.push(ClassDef {
                class: c.class,
                code: c.code,
                label: c.label,
                more_than,
                provision_pct: c.provision_pct,
                article: c.article,
            });
        }
        super::unique(
            classes.iter().map(|c| c.code.as_str()),
            "classification class code",
            problems,
        );
        let max = classes.last().map_or(0, |c| c.class);
        let compromised = match (self.compromised_class, self.compromised_provision_pct) {
            (Some(class), Some(pct)) => {
                if class > max {
                    problems.push(format!(
                        "{what}: compromised_class {class} is not a class (0–{max})"
                    ));
                }
                if !pct_ok(pct) {
                    problems.push(format!(
                        "{what}: compromised_provision_pct {pct} is not between 0 and 100"
                    ));
                }
                Some(CompromisedDef {
                    class,
                    provision_pct: pct,
                    irrecoverable: self.compromised_irrecoverable,
                })
            }
            (None, None) => {
                if self.compromised_irrecoverable {
                    problems.push(format!(
                        "{what}: compromised_irrecoverable needs a compromised_class and \
                         compromised_provision_pct to apply to"
                    ));
                }
                None
            }
            _ => {
                problems.push(format!(
                    "{what}: give both compromised_class and compromised_provision_pct, or \
                     neither (no rule for compromised recovery)"
                ));
                None
            }
        };
        let irrecoverable_after = self
            .irrecoverable_after
            .as_ref()
            .and_then(|s| s.check(&format!("{what}: irrecoverable_after"), problems));
        if self.par_days.is_empty() || self.par_days.windows(2).any(|w| w[0] >= w[1]) {
            problems.push(format!(
                "{what}: par_days must list increasing thresholds (e.g. [30, 90, 180])"
            ));
        }
        if self.provision_decimals > 6 {
            problems.push(format!("{what}: provision_decimals above 6"));
        }
        let restructuring = self.restructuring.and_then(|r| {
            let rw = format!("{what}: restructuring");
            let observation = r
                .observation
                .check(&format!("{rw}: observation"), problems)?;
            if r.beyond_max_class > max || r.beyond_max_class == 0 {
                problems.push(format!(
                    "{rw}: beyond_max_class {} is not a doubtful class (1–{max})",
                    r.beyond_max_class
                ));
            }
            if r.max_restructurings == 0 {
                problems.push(format!("{rw}: max_restructurings must be at least 1"));
            }
            if r.unpaid_raise == 0 || r.further_restructuring_raise == 0 {
                problems.push(format!(
                    "{rw}: unpaid_raise and further_restructuring_raise must be at least 1"
                ));
            }
            Some(RestructuringDef {
                observation,
                max_restructurings: r.max_restructurings,
                beyond_max_class: r.beyond_max_class,
                unpaid_raise: r.unpaid_raise,
                further_restructuring_raise: r.further_restructuring_raise,
                chapter: r.chapter,
            })
        });
        if self.arrears_include_interest
            && !self.healthy_requires_no_arrears
            && restructuring.is_none()
        {
            problems.push(format!(
                "{what}: arrears_include_interest needs healthy_requires_no_arrears (art. 5) or a \
                 restructuring chapter (art. 14) to apply to"
            ));
        }
        if self.refinancing_is_restructuring
            && !self.healthy_requires_no_arrears
            && restructuring.is_none()
        {
            problems.push(format!(
                "{what}: refinancing_is_restructuring needs healthy_requires_no_arrears (art. 5) \
                 or a restructuring chapter (art. 10–14) to apply to"
            ));
        }
        if self.capitalised_arrears_hold && !self.healthy_requires_no_arrears {
            problems.push(format!(
                "{what}: capitalised_arrears_hold is a reading of healthy_requires_no_arrears \
                 (art. 5), which is not set"
            ));
        }
        if self.licences.is_empty() {
            problems.push(format!("{what}: list at least one licence"));
        }
        super::unique(
            self.licences.iter().map(|l| l.code.as_str()),
            "licence",
            problems,
        );
        let mut seen = std::collections::HashMap::new();
        for l in &self.licences {
            if l.chapters.is_empty() && restructuring.is_some() {
                problems.push(format!(
                    "{what}: licence {} applies no chapter; list them (e.g. [\"I\", \"II\"])",
                    l.code
                ));
            }
            for f in &l.legal_forms {
                if let Some(other) = seen.insert(*f, l.code.as_str()) {
                    problems.push(format!(
                        "{what}: legal form {f} is in two licences ({other} and {})",
                        l.code
                    ));
                }
            }
        }
        let licences = self
            .licences
            .into_iter()
            .map(|l| LicenceDef {
                restructuring: restructuring
                    .as_ref()
                    .is_some_and(|r| l.chapters.contains(&r.chapter)),
                code: l.code,
                legal_forms: l.legal_forms,
                chapters: l.chapters,
                label: l.label,
            })
            .collect();
        if problems.len() > start {
            return None;
        }
        Some(ClassificationDef {
            source: self.source,
            in_force_from: self.in_force_from,
            classes,
            judgment: self.judgment,
            compromised,
            irrecoverable_after,
            healthy_requires_no_arrears: self.healthy_requires_no_arrears,
            arrears_include_interest: self.arrears_include_interest,
            capitalised_arrears_hold: self.capitalised_arrears_hold,
            refinancing_is_restructuring: self.refinancing_is_restructuring,
            par_days: self.par_days,
            provision_decimals: self.provision_decimals,
            restructuring,
            licences,
        })
    }
}
