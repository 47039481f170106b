//! Loan classification and provisioning, one engine for every regime: the rules are read from
//! the framework's `[classification]` table ([`ClassificationDef`]), never from code.
//!
//! What a rule file can say: classes entered when the oldest unpaid instalment is *more than* so
//! many days or calendar months late (BCEAO's RCSFD counts months: exactly three months is not
//! more than three), each with a minimum provisioning rate of a base net of reserved interest and
//! guarantee deposits; a judgmental class; a "recovery compromised" class; an irrecoverable
//! threshold; portfolio-at-risk thresholds; and the holding rules of a regime that has them (Bank
//! Al-Maghrib's C N° 5/W/2023: arrears hold, restructuring chapter with observation, raises and
//! limits). A regime without holding rules (the RCSFD) classifies each period's tape on its own.
//!
//! The stable reason codes (`dpd`, `art5_hold`, `art10_hold`, `art11`…) are those of the
//! per-loan export of `bam-mfi.md`, the first regime the platform knew; the rules behind them are
//! named here for what they do, with Bank Al-Maghrib's articles where they come from.
//!
//! [`classify_loan`] is the rule for one loan; a [`Classifier`] applies it to a whole tape, loan
//! by loan as the rows are read, checks what needs the previous period-end, and accumulates the
//! [`Portfolio`] outputs without keeping the loans.

mod portfolio;

use std::fmt;

use chrono::{Datelike, NaiveDate};
use mizan_core::framework::{ClassificationDef, LicenceDef, RestructuringDef, Span};
use mizan_core::loan::{Loan, PreviousBook, PreviousClassification};
use mizan_core::number::{cents, round_half_away};
use mizan_core::{Decimal, Issue, IssueKind, Place};

pub use portfolio::{Group, Migration, Portfolio, Totals, portfolio_items};

/// A rule that sets a loan's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Days past due (art. 3, 4).
    Dpd,
    /// Judgmental class (art. 3 second dash).
    Judgment,
    /// Recovery compromised (art. 6 last paragraph).
    Compromised,
    /// Held doubtful until every arrear, principal and interest, is repaid, arrears capitalised
    /// at a restructuring not counting as repaid (`healthy_requires_no_arrears`,
    /// `capitalised_arrears_hold`; BAM art. 5, 8). Code `art5_hold`.
    ArrearsHold,
    /// A restructured doubtful loan held in its class during the observation, or kept doubtful
    /// after it (restructuring chapter; BAM art. 10, 14). Code `art10_hold`.
    RestructuredHold,
    /// Unpaid instalment during the observation: `unpaid_raise` classes up (BAM art. 11). Code
    /// `art11`.
    UnpaidInObservation,
    /// Restructured again: `further_restructuring_raise` classes up (BAM art. 12). Code `art12`.
    RestructuredAgain,
    /// Restructured more than `max_restructurings` times (BAM art. 13). Code `art13`.
    BeyondMaxRestructurings,
    /// Imposed by the supervisor for the period (BAM art. 21), in place of the computed class.
    Imposed,
}

impl Reason {
    /// Every reason, in order.
    pub const ALL: [Reason; 9] = [
        Self::Dpd,
        Self::Judgment,
        Self::Compromised,
        Self::ArrearsHold,
        Self::RestructuredHold,
        Self::UnpaidInObservation,
        Self::RestructuredAgain,
        Self::BeyondMaxRestructurings,
        Self::Imposed,
    ];

    /// Stable code (`dpd`, `art10_hold`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Dpd => "dpd",
            Self::Judgment => "judgment",
            Self::Compromised => "compromised",
            Self::ArrearsHold => "art5_hold",
            Self::RestructuredHold => "art10_hold",
            Self::UnpaidInObservation => "art11",
            Self::RestructuredAgain => "art12",
            Self::BeyondMaxRestructurings => "art13",
            Self::Imposed => "imposed",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// The set of reasons that set a loan's class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Reasons(u16);

impl Reasons {
    /// Whether `r` is in the set.
    pub fn contains(self, r: Reason) -> bool {
        self.0 & r.bit() != 0
    }

    /// The reasons, in [`Reason::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// Reads `dpd|art10_hold` back.
    pub fn parse(text: &str) -> Option<Self> {
        let mut set = Self::default();
        for part in text.split('|').filter(|p| !p.is_empty()) {
            let r = Reason::ALL.into_iter().find(|r| r.code() == part)?;
            set.0 |= r.bit();
        }
        Some(set)
    }
}

impl fmt::Display for Reasons {
    /// Codes joined by `|` (`dpd|art10_hold`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            f.write_str(r.code())?;
        }
        Ok(())
    }
}

/// The classification of one loan at the quarter-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoanResult {
    /// Class (0 = healthy).
    pub class: u8,
    /// Days past due (0 when nothing is unpaid).
    pub dpd: u32,
    /// Provisioning base: receivable net of reserved interest and guarantee, at least 0 (art. 7).
    pub provision_base: Decimal,
    /// Required provision, rounded half away from zero.
    pub provision: Decimal,
    /// To be written off at year end (art. 17).
    pub irrecoverable: bool,
    /// The rules whose minimum class is the final class.
    pub reasons: Reasons,
    /// Whether art. 11 has been applied for the restructuring in course (kept for the next
    /// quarter-end).
    pub art11_applied: bool,
    /// The class at the previous quarter-end, when the loan was classified then.
    pub previous_class: Option<u8>,
    /// Held doubtful because arrears were capitalised at a restructuring and not repaid (art. 5,
    /// 8): the outstanding principal before the capitalisation, which the loan's outstanding
    /// principal must come back to (kept for the next quarter-end).
    pub capitalised_from: Option<Decimal>,
}

impl LoanResult {
    /// What the storage layer keeps for the next quarter-end's rules.
    pub fn to_previous(&self, loan: &Loan) -> PreviousClassification {
        PreviousClassification {
            class: self.class,
            provision: self.provision,
            restructure_count: loan.restructure_count,
            art11_applied: self.art11_applied,
            principal: Some(self.capitalised_from.unwrap_or(loan.outstanding_principal)),
            capitalised_arrears: self.capitalised_from.is_some(),
        }
    }
}

/// Header of the per-loan export (`mizan export loans`).
pub const EXPORT_HEADER: &str = "loan_id,class,provision_base,provision,irrecoverable,reasons";

impl LoanResult {
    /// The loan's line of the per-loan export, without line end: amounts exact with at least
    /// two decimals, reasons joined by `|`. The id is quoted when CSV needs it.
    pub fn export_line(&self, loan_id: &str) -> String {
        let id = if loan_id.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", loan_id.replace('"', "\"\""))
        } else {
            loan_id.to_owned()
        };
        format!(
            "{id},{},{},{},{},{}",
            self.class,
            amount_text(self.provision_base),
            amount_text(self.provision),
            self.irrecoverable,
            self.reasons
        )
    }
}

/// An amount as exported: exact, with at least two decimals.
pub fn amount_text(d: Decimal) -> String {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    d.to_string()
}

/// Why a classifier cannot be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// The previous classification is not for an earlier quarter-end.
    #[error("the previous classification is at {previous}, not before {as_of}")]
    PreviousNotEarlier {
        /// Its quarter-end.
        previous: NaiveDate,
        /// This quarter-end.
        as_of: NaiveDate,
    },
    /// The licence is not one of the rule set's.
    #[error("licence {0} is not defined by the classification rules")]
    UnknownLicence(String),
}

/// A due date before the cut-off is *more than* `span` late at `as_of`.
fn cut(span: Span, as_of: NaiveDate) -> NaiveDate {
    span.exceeded_before(as_of)
}

/// A rule set made ready for one quarter-end and one licence: cut-off dates and rates computed
/// once.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    def: &'a ClassificationDef,
    restructuring: Option<&'a RestructuringDef>,
    as_of: NaiveDate,
    previous_as_of: Option<NaiveDate>,
    /// (class, cut-off): a due date before the cut-off puts the loan in at least that class.
    class_cutoffs: Vec<(u8, NaiveDate)>,
    rates: Vec<Decimal>,
    /// The compromised class and its rate, where the regime has that rule.
    compromised: Option<(u8, Decimal)>,
    irrecoverable_cutoff: Option<NaiveDate>,
    /// The last year end before the quarter-end's year (31 December) and the cut-off of
    /// `irrecoverable_after` at it (art. 17: written off at the latest at the year end).
    year_end_cutoff: Option<(NaiveDate, NaiveDate)>,
    observation_cutoff: NaiveDate,
    previous_observation_cutoff: Option<NaiveDate>,
    par_cutoffs: Vec<NaiveDate>,
    max_class: u8,
}

impl<'a> Rules<'a> {
    /// The rules of `def` for an institution holding `licence`, at `as_of`; `previous_as_of` is
    /// the quarter-end of the stored previous classification, if any.
    pub fn new(
        def: &'a ClassificationDef,
        licence: &LicenceDef,
        as_of: NaiveDate,
        previous_as_of: Option<NaiveDate>,
    ) -> Result<Self, SetupError> {
        if def.licence(&licence.code).is_none() {
            return Err(SetupError::UnknownLicence(licence.code.clone()));
        }
        if let Some(previous) = previous_as_of
            && previous >= as_of
        {
            return Err(SetupError::PreviousNotEarlier { previous, as_of });
        }
        let restructuring = def.restructuring.as_ref().filter(|_| licence.restructuring);
        let hundred = Decimal::ONE_HUNDRED;
        let observation = restructuring.map_or(Span::Days(0), |r| r.observation);
        Ok(Self {
            def,
            restructuring,
            as_of,
            previous_as_of,
            class_cutoffs: def
                .classes
                .iter()
                .filter_map(|c| c.more_than.map(|s| (c.class, cut(s, as_of))))
                .collect(),
            rates: def
                .classes
                .iter()
                .map(|c| c.provision_pct / hundred)
                .collect(),
            compromised: def
                .compromised
                .map(|c| (c.class, c.provision_pct / hundred)),
            irrecoverable_cutoff: def.irrecoverable_after.map(|s| cut(s, as_of)),
            year_end_cutoff: def.irrecoverable_after.and_then(|s| {
                let year_end = NaiveDate::from_ymd_opt(as_of.year() - 1, 12, 31)?;
                Some((year_end, cut(s, year_end)))
            }),
            observation_cutoff: observation.elapsed_until(as_of),
            previous_observation_cutoff: previous_as_of.map(|p| observation.elapsed_until(p)),
            par_cutoffs: def
                .par_days
                .iter()
                .map(|d| cut(Span::Days(*d), as_of))
                .collect(),
            max_class: def.max_class(),
        })
    }

    /// The quarter-end.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The quarter-end of the previous classification, if any.
    pub fn previous_as_of(&self) -> Option<NaiveDate> {
        self.previous_as_of
    }

    /// The rule set.
    pub fn definition(&self) -> &'a ClassificationDef {
        self.def
    }

    /// Whether the restructuring chapter applies.
    pub fn restructuring_applies(&self) -> bool {
        self.restructuring.is_some()
    }

    fn class_by_due(&self, due: NaiveDate) -> u8 {
        // Cut-offs go back in time as classes rise: count those the due date is before.
        let mut class = 0;
        for &(c, cutoff) in &self.class_cutoffs {
            if due < cutoff {
                class = c;
            } else {
                break;
            }
        }
        class
    }

    /// The past year end (31 December of the year before the quarter-end's) at which a loan
    /// whose oldest unpaid instalment fell due on `due` was already irrecoverable by its days past
    /// due (art. 17: more than 360 days), if it was. The instalment is still unpaid now, so it was
    /// then: such a loan should have been written off at that year end. (A loan irrecoverable only
    /// because its recovery is compromised carries no date and is not told.)
    pub fn irrecoverable_at_past_year_end(&self, due: Option<NaiveDate>) -> Option<NaiveDate> {
        match (due, self.year_end_cutoff) {
            (Some(d), Some((year_end, cutoff))) if d < cutoff => Some(year_end),
            _ => None,
        }
    }

    /// Whether the PAR threshold `i` (of `par_days`) is exceeded by a loan whose oldest unpaid
    /// instalment fell due on `due`.
    pub fn par_exceeded(&self, i: usize, due: Option<NaiveDate>) -> bool {
        matches!((due, self.par_cutoffs.get(i)), (Some(d), Some(c)) if d < *c)
    }
}

const NONE: u8 = u8::MAX;

/// Classifies and provisions one loan at the rules' quarter-end (spec §2–3 and the readings of
/// fixtures/bam-mfi-examples/README.md); `previous` is the same loan's stored classification at
/// the previous quarter-end, if any.
pub fn classify_loan(
    rules: &Rules<'_>,
    loan: &Loan,
    previous: Option<&PreviousClassification>,
) -> LoanResult {
    let max = rules.max_class;
    let as_of = rules.as_of;
    let due = loan.oldest_unpaid_due_date.filter(|d| *d < as_of);
    let dpd = due.map_or(0, |d| {
        u32::try_from((as_of - d).num_days()).unwrap_or(u32::MAX)
    });
    // Minimum class set by each rule (NONE when the rule does not bite).
    let mut min = [NONE; Reason::ALL.len()];
    let set = |min: &mut [u8; Reason::ALL.len()], r: Reason, class: u8| {
        min[r as usize] = class.min(max);
    };
    set(
        &mut min,
        Reason::Dpd,
        due.map_or(0, |d| rules.class_by_due(d)),
    );
    if rules.def.judgment
        && let Some(k) = loan.unlikely_to_pay_class
        && k > 0
    {
        set(&mut min, Reason::Judgment, k);
    }
    // Only where the regime has the rule (the tape's flag is warned about otherwise).
    let compromised = rules.compromised.filter(|_| loan.recovery_compromised);
    if let Some((class, _)) = compromised {
        set(&mut min, Reason::Compromised, class);
    }

    // Art. 5: the arrears are "l'intégralité des impayés, principal et intérêts": an unpaid
    // instalment, or — where the rule file says so (`arrears_include_interest`) — interest due
    // and unpaid (`accrued_interest`, by the tape's definition). Art. 14's "aucun impayé" reads
    // the same arrears.
    let interest_due = rules.def.arrears_include_interest && loan.accrued_interest > Decimal::ZERO;
    let arrears = dpd > 0 || interest_due;

    let rc = loan.restructure_count;
    let mut floor = None;
    let mut capitalised_from = None;
    let mut art11_applied = false;
    match (rules.restructuring, previous) {
        (Some(r), prev) => {
            if rc > r.max_restructurings {
                set(
                    &mut min,
                    Reason::BeyondMaxRestructurings,
                    r.beyond_max_class,
                );
            }
            if let Some(p) = prev {
                let fd = loan.first_due_after_restructure;
                let restructured_doubtful = rc >= 1 && p.class >= 1;
                // Observation: from the first instalment for `observation`; before it starts
                // (no date, or a date after the quarter-end) the loan counts as in observation.
                let elapsed = fd.is_some_and(|d| d <= rules.observation_cutoff);
                let same_restructuring = p.restructure_count == rc;
                // Art. 12: a further restructuring (the second) since the previous quarter-end.
                let mut art12_class = None;
                if rc >= 2 && rc <= r.max_restructurings && p.restructure_count < rc {
                    // Healthy: "au niveau des créances en souffrance", class 1; doubtful: "la
                    // classe de risque plus élevée", `further_restructuring_raise` classes up.
                    let c = if p.class == 0 {
                        1
                    } else {
                        p.class.saturating_add(r.further_restructuring_raise)
                    };
                    set(&mut min, Reason::RestructuredAgain, c);
                    art12_class = Some(c.min(max));
                }
                // Art. 11: once per restructuring, at the first quarter-end reporting the unpaid.
                let already = same_restructuring
                    && (p.art11_applied
                        || fd.is_some_and(|d| {
                            rules.previous_observation_cutoff.is_some_and(|c| d <= c)
                        }));
                if rc >= 1 && loan.unpaid_during_observation && !already {
                    let base = art12_class.unwrap_or(p.class);
                    set(
                        &mut min,
                        Reason::UnpaidInObservation,
                        base.saturating_add(r.unpaid_raise),
                    );
                    art11_applied = true;
                } else if rc >= 1 && same_restructuring && p.art11_applied {
                    art11_applied = true;
                }
                if restructured_doubtful {
                    if !elapsed {
                        // Art. 10: class and provision held during the observation.
                        set(&mut min, Reason::RestructuredHold, p.class);
                        let receivable =
                            (loan.receivable() - loan.reserved_interest).max(Decimal::ZERO);
                        floor = Some(p.provision.min(receivable));
                    } else {
                        // Art. 14: healthy only when everything is clean — no arrears, interest
                        // included (second dash) — reported as art10_hold.
                        let clean = !arrears
                            && !loan.unpaid_during_observation
                            && loan.difficulties_resolved
                            && min[Reason::Judgment as usize] == NONE
                            && compromised.is_none();
                        if !clean {
                            set(&mut min, Reason::RestructuredHold, 1);
                        }
                    }
                } else if rules.def.healthy_requires_no_arrears && p.class >= 1 && arrears {
                    // Art. 5: back to healthy only once every arrear, principal and interest, is
                    // repaid. (A doubtful loan restructured, its arrears capitalised or not, is
                    // held by art. 10 then art. 14 above: art. 5 second paragraph.)
                    set(&mut min, Reason::ArrearsHold, 1);
                }
            }
        }
        (None, Some(p)) => {
            // Associations (art. 22): art. 5 applies to every loan, restructured or not.
            if rules.def.healthy_requires_no_arrears && p.class >= 1 && arrears {
                set(&mut min, Reason::ArrearsHold, 1);
            }
            // Art. 5 with art. 8: arrears added to the principal at a restructuring are not
            // repaid by the counterparty (art. 8 second dash: financing that paid an unpaid
            // receivable is a restructuring, not a repayment). A loan doubtful at the previous
            // quarter-end whose outstanding principal grew at a restructuring (its count went
            // up) stays at least in class 1 until its outstanding principal is back to its level
            // before the capitalisation.
            if rules.def.capitalised_arrears_hold
                && let Some(before) = p.principal
            {
                let held = p.capitalised_arrears;
                let capitalised_now = p.class >= 1 && rc > p.restructure_count;
                if (held || capitalised_now) && loan.outstanding_principal > before {
                    set(&mut min, Reason::ArrearsHold, 1);
                    capitalised_from = Some(before);
                }
            }
        }
        (None, None) => {}
    }

    let class = min
        .iter()
        .copied()
        .filter(|c| *c != NONE)
        .max()
        .unwrap_or(0);
    let mut reasons = Reasons::default();
    for r in Reason::ALL {
        if min[r as usize] == class {
            reasons.0 |= r.bit();
        }
    }
    let base = provision_base(loan);
    let mut rate = rules
        .rates
        .get(usize::from(class))
        .copied()
        .unwrap_or(Decimal::ONE);
    if let Some((_, compromised_rate)) = compromised {
        rate = rate.max(compromised_rate);
    }
    let mut provision = provision_at(rate, base, rules.def.provision_decimals);
    if let Some(f) = floor {
        provision = provision.max(f);
    }
    let irrecoverable = (compromised.is_some()
        && rules.def.compromised.is_some_and(|c| c.irrecoverable))
        || matches!((due, rules.irrecoverable_cutoff), (Some(d), Some(c)) if d < c);
    LoanResult {
        class,
        dpd,
        provision_base: base,
        provision,
        irrecoverable,
        reasons,
        art11_applied,
        previous_class: previous.map(|p| p.class),
        capitalised_from,
    }
}

/// The provisioning base, max(0, outstanding + accrued − reserved − guaranteed): in cents for
/// the amounts of nearly every tape (two decimals), in `Decimal` otherwise. The same value and
/// scale either way — a zero or negative sum takes the `Decimal` path, which decides the scale
/// and sign of a zero (test `the_fast_paths_answer_as_decimal`).
fn provision_base(loan: &Loan) -> Decimal {
    if let (Some(o), Some(a), Some(r), Some(g)) = (
        cents(loan.outstanding_principal),
        cents(loan.accrued_interest),
        cents(loan.reserved_interest),
        cents(loan.guarantee_covered),
    ) {
        let sum = o + a - r - g;
        if sum > 0 {
            return Decimal::new(sum, 2);
        }
        if sum < 0 {
            return Decimal::ZERO;
        }
    }
    (loan.receivable() - loan.reserved_interest - loan.guarantee_covered).max(Decimal::ZERO)
}

/// `rate × base`, rounded half away from zero to `decimals` places (only when it has more):
/// in machine integers when the product is exact in an `i128` of under 96 bits, in `Decimal`
/// otherwise, with the same value and scale.
fn provision_at(rate: Decimal, base: Decimal, decimals: u32) -> Decimal {
    if rate.is_zero() || base.is_zero() {
        return Decimal::ZERO;
    }
    let (r, b) = (rate.mantissa(), base.mantissa());
    let scale = rate.scale() + base.scale();
    // Below 2³² × 2⁶² = 2⁹⁴: the product is exact, as `Decimal`'s is.
    if (1..1 << 32).contains(&r) && (1..1 << 62).contains(&b) && scale <= 28 {
        let product = r * b;
        if scale <= decimals {
            if let Ok(d) = Decimal::try_from_i128_with_scale(product, scale) {
                return d;
            }
        } else {
            let unit = 10_i128.pow(scale - decimals);
            let (q, rest) = (product / unit, product % unit);
            let q = if 2 * rest >= unit { q + 1 } else { q };
            if let Ok(d) = Decimal::try_from_i128_with_scale(q, decimals) {
                return d;
            }
        }
    }
    round_half_away(rate * base, decimals)
}

/// Art. 21: the class the supervisor imposed on a loan for the quarter replaces the computed one
/// (capped at the highest class). The provision is the imposed class's rate of the same base
/// (the computed raises and the art. 10 floor no longer apply: the supervisor decided); the
/// reasons say `imposed` alone; the rest (days past due, irrecoverable, what the next
/// quarter-end needs) is the computed result's. The next quarter-end starts from the imposed
/// class.
pub fn impose_class(rules: &Rules<'_>, result: LoanResult, class: u8) -> LoanResult {
    let class = class.min(rules.max_class);
    let rate = rules
        .rates
        .get(usize::from(class))
        .copied()
        .unwrap_or(Decimal::ONE);
    let provision = provision_at(rate, result.provision_base, rules.def.provision_decimals);
    LoanResult {
        class,
        provision,
        reasons: Reasons(Reason::Imposed.bit()),
        ..result
    }
}

/// Classes imposed by the supervisor for one quarter-end (art. 21), by loan id.
pub type ImposedClasses = std::collections::HashMap<String, u8>;

/// Classifies a tape loan by loan and accumulates its portfolio outputs.
///
/// Feed it every loan of the tape with [`Classifier::add`] (typically from the tape reader's
/// sink), then take the [`Portfolio`] with [`Classifier::finish`]. Nothing of the loans is kept.
///
/// What `mizan import loans` does, end to end (the reader is `mizan_ingest::loans`):
///
/// ```
/// use mizan_core::loan::PreviousBook;
/// use mizan_core::{Framework, LegalForm};
/// use mizan_ingest::loans::{TapeOptions, read_tape};
/// use mizan_ratios::classification::{Classifier, EXPORT_HEADER};
///
/// let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
/// let fw = Framework::from_file(&root.join("config/frameworks/bam-mfi.toml"))?;
/// let rules = fw.classification.as_ref().ok_or("no [classification]")?;
/// // The institution's legal form in the registry gives its licence (art. 22).
/// let licence = rules.licence_for(LegalForm::Sa).ok_or("no licence for sa")?;
/// let as_of = chrono::NaiveDate::from_ymd_opt(2023, 3, 31).ok_or("date")?;
/// // From storage: the same institution's classification at the previous quarter-end.
/// let previous: Option<PreviousBook> = None;
///
/// let mut classifier = Classifier::new(rules, licence, as_of, previous.as_ref())?;
/// let mut to_store = PreviousBook::new(as_of); // what the next quarter-end will need
/// let mut export = String::from(EXPORT_HEADER); // `mizan export loans`
/// let tape = std::fs::File::open(root.join("tests/data/bam-mfi-examples/tape-2023q1.csv"))?;
/// let options = TapeOptions::new(as_of, rules.max_class());
/// let checked = read_tape(tape, &options, |_bytes_read| {}, |line, loan, issues| {
///     let result = classifier.add(line, loan, issues);
///     to_store.insert(&loan.loan_id, result.to_previous(loan));
///     export.push('\n');
///     export.push_str(&result.export_line(&loan.loan_id));
/// });
/// let portfolio = classifier.finish();
/// // All or nothing: with a blocking issue, store nothing and show `checked.issues`.
/// assert!(!checked.is_blocked());
/// assert_eq!((portfolio.total.count, to_store.len()), (27, 27));
/// assert!(export.contains("\nEX11,1,1000.02,250.01,false,dpd"));
/// assert!(portfolio.metrics_csv().contains("\nprovision.total,117737.51\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Classifier<'a> {
    rules: Rules<'a>,
    previous: Option<&'a PreviousBook>,
    imposed: Option<&'a ImposedClasses>,
    cursor: Option<u32>,
    portfolio: portfolio::Builder,
}

impl<'a> Classifier<'a> {
    /// A classifier for an institution holding `licence`, at `as_of`, with the institution's
    /// stored classification of the previous quarter-end (`None` for its first quarter-end on
    /// the platform).
    pub fn new(
        def: &'a ClassificationDef,
        licence: &LicenceDef,
        as_of: NaiveDate,
        previous: Option<&'a PreviousBook>,
    ) -> Result<Self, SetupError> {
        let rules = Rules::new(def, licence, as_of, previous.map(PreviousBook::as_of))?;
        let portfolio = portfolio::Builder::new(&rules, previous);
        Ok(Self {
            rules,
            previous,
            imposed: None,
            cursor: None,
            portfolio,
        })
    }

    /// The classes the supervisor imposed for this quarter-end (art. 21): each takes the place
    /// of the loan's computed class ([`impose_class`]), in the results, the provisions and the
    /// portfolio outputs (so in the return's items).
    #[must_use]
    pub fn with_imposed(mut self, imposed: &'a ImposedClasses) -> Self {
        self.imposed = Some(imposed);
        self
    }

    /// The rules in use.
    pub fn rules(&self) -> &Rules<'a> {
        &self.rules
    }

    /// Classifies the loan read at `line`, adds it to the portfolio, and pushes to `issues`
    /// what only the previous quarter-end shows (a restructure count that went down, a
    /// refinancing of a doubtful loan not counted as a restructuring: blocking where the
    /// restructuring chapter applies, a warning where it is ignored).
    ///
    /// Where the rule file says so (`refinancing_is_restructuring`), a new loan (none of its own
    /// at the previous quarter-end) whose `refinances_loan_id` names
    /// a loan doubtful at the previous quarter-end is a restructuring of it (art. 8 second dash:
    /// "le financement accordé a permis de rembourser une créance impayée"): it is classified
    /// with that loan's previous classification — class, provision, restructure count, art. 11,
    /// principal — for art. 5 and 10 to 14, with at least one restructuring more than it had.
    pub fn add(&mut self, line: u64, loan: &Loan, issues: &mut Vec<Issue>) -> LoanResult {
        let previous = self
            .previous
            .and_then(|b| b.get_next(&loan.loan_id, &mut self.cursor));
        let severity = |place, kind| {
            if self.rules.restructuring_applies() {
                Issue::blocking(place, kind)
            } else {
                Issue::warning(place, kind)
            }
        };
        if let Some(p) = previous
            && loan.restructure_count < p.restructure_count
        {
            let kind = IssueKind::RestructureCountDecreased {
                previous: p.restructure_count,
                current: loan.restructure_count,
            };
            issues.push(severity(
                Place::line_column(line, "restructure_count"),
                kind,
            ));
        }
        // Art. 8 second dash: refinancing a doubtful loan is restructuring it.
        let mut refinanced = None;
        if previous.is_none()
            && self.rules.def.refinancing_is_restructuring
            && let (Some(book), Some(old)) = (self.previous, loan.refinances_loan_id.as_deref())
            && let Some(p) = book.get(old).filter(|p| p.class >= 1)
        {
            let least = p.restructure_count.saturating_add(1);
            if loan.restructure_count < least {
                let kind = IssueKind::RefinancingNotCounted {
                    refinanced: old.to_owned(),
                    least,
                    current: loan.restructure_count,
                };
                issues.push(severity(
                    Place::line_column(line, "restructure_count"),
                    kind,
                ));
            }
            refinanced = Some((p, least));
        }
        // A column the regime has no rule for is said, never silently used or dropped.
        let def = self.rules.def;
        if loan.recovery_compromised && def.compromised.is_none() {
            issues.push(Issue::warning(
                Place::line_column(line, "recovery_compromised"),
                IssueKind::NoRuleForColumn {
                    column: "recovery_compromised".into(),
                    source: def.source.clone(),
                },
            ));
        }
        if !def.judgment && loan.unlikely_to_pay_class.is_some_and(|k| k > 0) {
            issues.push(Issue::warning(
                Place::line_column(line, "unlikely_to_pay_class"),
                IssueKind::NoRuleForColumn {
                    column: "unlikely_to_pay_class".into(),
                    source: def.source.clone(),
                },
            ));
        }
        let result = match refinanced {
            Some((p, least)) if loan.restructure_count < least => {
                let counted = Loan {
                    restructure_count: least,
                    ..loan.clone()
                };
                classify_loan(&self.rules, &counted, Some(&p))
            }
            Some((p, _)) => classify_loan(&self.rules, loan, Some(&p)),
            None => classify_loan(&self.rules, loan, previous.as_ref()),
        };
        // Art. 21: the supervisor's class takes precedence.
        let result = match self.imposed.and_then(|m| m.get(&loan.loan_id)) {
            Some(&class) => impose_class(&self.rules, result, class),
            None => result,
        };
        // Art. 17: irrecoverable at a past year end, so to be written off then, and still here.
        if let Some(year_end) = self
            .rules
            .irrecoverable_at_past_year_end(loan.oldest_unpaid_due_date)
            && let Some(due) = loan.oldest_unpaid_due_date
        {
            issues.push(Issue::warning(
                Place::line_column(line, "oldest_unpaid_due_date"),
                IssueKind::IrrecoverableNotWrittenOff {
                    loan: loan.loan_id.clone(),
                    year_end: year_end.to_string(),
                    due: due.to_string(),
                },
            ));
        }
        self.portfolio.add(&self.rules, loan, &result);
        result
    }

    /// The portfolio outputs of every loan added.
    pub fn finish(self) -> Portfolio {
        self.portfolio.finish(&self.rules, self.previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers of the `Decimal` formulas the fast paths stand for.
    fn base_by_decimal(loan: &Loan) -> Decimal {
        (loan.receivable() - loan.reserved_interest - loan.guarantee_covered).max(Decimal::ZERO)
    }

    fn provision_by_decimal(rate: Decimal, base: Decimal, decimals: u32) -> Decimal {
        if rate.is_zero() || base.is_zero() {
            Decimal::ZERO
        } else {
            round_half_away(rate * base, decimals)
        }
    }

    /// Same value, scale and sign as the `Decimal` formulas for random amounts of every scale
    /// (two decimals most often, as tapes have them), zeros of both signs, sums that are
    /// negative or zero, mantissas around the fast paths' limits, and the rates of the rule
    /// files and odd ones, rounded to 0 to 4 places.
    #[test]
    fn the_fast_paths_answer_as_decimal() -> Result<(), rust_decimal::Error> {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let edges: [i64; 8] = [
            0,
            1,
            99,
            (1 << 60) - 1,
            1 << 60,
            i64::MAX / 4,
            4_999_999,
            5_000_000,
        ];
        let amount = |next: &mut dyn FnMut() -> u64| -> Decimal {
            let pick = next() % 16;
            let scale = match pick {
                0 => 0,
                1 => 1,
                2 => 3,
                3 => (next() % 29) as u32,
                _ => 2,
            };
            let m = match next() % 10 {
                0 => edges[(next() % 8) as usize],
                1 => (next() % 1_000) as i64,
                _ => (next() % 100_000_000_000) as i64,
            };
            let mut d = Decimal::new(m, scale);
            if next().is_multiple_of(50) {
                d.set_sign_negative(true);
            }
            d
        };
        let rates: Vec<Decimal> = [
            "0",
            "0.05",
            "0.2",
            "0.20",
            "0.5",
            "1",
            "1.00",
            "0.333333",
            "0.0000001",
            "4294967295",
            "4294967296",
            "0.25",
        ]
        .iter()
        .map(|t| t.parse())
        .collect::<Result<_, _>>()?;
        let mut loan = Loan::default();
        let mut fast = 0;
        for round in 0..200_000 {
            loan.outstanding_principal = amount(&mut next);
            loan.accrued_interest = amount(&mut next);
            loan.reserved_interest = if round % 3 == 0 {
                Decimal::new(0, 2)
            } else {
                amount(&mut next)
            };
            loan.guarantee_covered = if round % 4 == 0 {
                loan.outstanding_principal + loan.accrued_interest - loan.reserved_interest
            } else {
                amount(&mut next)
            };
            let base = provision_base(&loan);
            let expected = base_by_decimal(&loan);
            assert_eq!(
                (base, base.scale(), base.is_sign_negative()),
                (expected, expected.scale(), expected.is_sign_negative()),
                "{loan:?}"
            );
            fast += usize::from(cents(loan.outstanding_principal).is_some());
            let rate = rates[(next() % rates.len() as u64) as usize];
            let decimals = (next() % 5) as u32;
            let p = provision_at(rate, base, decimals);
            let q = provision_by_decimal(rate, base, decimals);
            assert_eq!(
                (p, p.scale(), p.is_sign_negative()),
                (q, q.scale(), q.is_sign_negative()),
                "{rate} × {base} to {decimals} places"
            );
        }
        // Most cases went the fast way (two decimals), not only the fallback.
        assert!(fast > 100_000, "{fast}");
        Ok(())
    }
}
