//! The columns of a loan tape and the reading of one row, with fast paths for plain ASCII
//! numbers and dates (the general readers of `mizan_core::number` handle everything else).

use chrono::NaiveDate;
use mizan_core::loan::{BorrowerKind, Loan, Zone};
use mizan_core::number::{DecimalMark, NumberError, cents, parse_decimal};
use mizan_core::{Decimal, Issue, IssueKind, Place};

use super::split::Record;

/// A column of the tape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    LoanId,
    BorrowerId,
    BorrowerKind,
    Zone,
    DisbursementDate,
    PrincipalDisbursed,
    OutstandingPrincipal,
    AccruedInterest,
    ReservedInterest,
    GuaranteeCovered,
    OldestUnpaidDueDate,
    RestructureCount,
    FirstDueAfterRestructure,
    UnpaidDuringObservation,
    DifficultiesResolved,
    UnlikelyToPayClass,
    RecoveryCompromised,
    RefinancesLoanId,
}

impl Col {
    pub(super) const NAMES: [&'static str; 18] = [
        "loan_id",
        "borrower_id",
        "borrower_kind",
        "zone",
        "disbursement_date",
        "principal_disbursed",
        "outstanding_principal",
        "accrued_interest",
        "reserved_interest",
        "guarantee_covered",
        "oldest_unpaid_due_date",
        "restructure_count",
        "first_due_after_restructure",
        "unpaid_during_observation",
        "difficulties_resolved",
        "unlikely_to_pay_class",
        "recovery_compromised",
        "refinances_loan_id",
    ];

    const ALL: [Col; 18] = [
        Self::LoanId,
        Self::BorrowerId,
        Self::BorrowerKind,
        Self::Zone,
        Self::DisbursementDate,
        Self::PrincipalDisbursed,
        Self::OutstandingPrincipal,
        Self::AccruedInterest,
        Self::ReservedInterest,
        Self::GuaranteeCovered,
        Self::OldestUnpaidDueDate,
        Self::RestructureCount,
        Self::FirstDueAfterRestructure,
        Self::UnpaidDuringObservation,
        Self::DifficultiesResolved,
        Self::UnlikelyToPayClass,
        Self::RecoveryCompromised,
        Self::RefinancesLoanId,
    ];

    fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Only the zone and refinancing columns may be left out of the header.
    fn optional(self) -> bool {
        matches!(self, Self::Zone | Self::RefinancesLoanId)
    }
}

/// Where each column is in the rows.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    at: [Option<usize>; 18],
    width: usize,
}

/// The field without surrounding ASCII blanks.
pub(super) fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

impl Columns {
    /// Where the loan id is.
    pub(super) fn loan_id(&self) -> Option<usize> {
        self.at[Col::LoanId as usize]
    }

    /// Reads the header; `None` (after reporting) when required columns are missing or named
    /// twice.
    pub(super) fn from_header(header: &Record, report: &mut dyn FnMut(Issue)) -> Option<Self> {
        let mut at = [None; 18];
        let mut ok = true;
        let mut found = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(trim(raw)).to_ascii_lowercase();
            found.push(name.clone());
            match Col::NAMES.iter().position(|n| *n == name) {
                Some(c) if at[c].is_some() => {
                    report(Issue::blocking(
                        Place::line_column(1, name.clone()),
                        IssueKind::DuplicateColumn { column: name },
                    ));
                    ok = false;
                }
                Some(c) => at[c] = Some(i),
                None => report(Issue::warning(
                    Place::line_column(1, name.clone()),
                    IssueKind::UnknownColumn { column: name },
                )),
            }
        }
        let missing: Vec<String> = Col::NAMES
            .iter()
            .enumerate()
            .filter(|(c, _)| at[*c].is_none() && !Col::ALL[*c].optional())
            .map(|(_, n)| (*n).to_owned())
            .collect();
        if !missing.is_empty() {
            report(Issue::blocking(
                Place::File,
                IssueKind::MissingColumns { missing, found },
            ));
            ok = false;
        }
        ok.then_some(Self {
            at,
            width: header.len(),
        })
    }
}

/// Reads rows into [`Loan`]s.
#[derive(Debug)]
pub(super) struct RowParser {
    cols: Columns,
    as_of: NaiveDate,
    max_class: u8,
    mark: DecimalMark,
}

/// The outcome of reading one field.
enum Field<T> {
    Value(T),
    Empty,
    Bad(IssueKind),
}

impl RowParser {
    pub(super) fn new(cols: Columns, as_of: NaiveDate, max_class: u8, mark: DecimalMark) -> Self {
        Self {
            cols,
            as_of,
            max_class,
            mark,
        }
    }

    /// Reads one row into `loan`; `false` when it has a blocking issue (all reported).
    pub(super) fn parse(
        &mut self,
        rec: &Record,
        line: u64,
        loan: &mut Loan,
        report: &mut dyn FnMut(Issue),
    ) -> bool {
        let mut ok = true;
        if rec.len() != self.cols.width {
            report(Issue::blocking(
                Place::line(line),
                IssueKind::FieldCount {
                    expected: self.cols.width as u64,
                    found: rec.len() as u64,
                },
            ));
            return false;
        }
        let bad = |col: Col, kind: IssueKind, report: &mut dyn FnMut(Issue)| {
            report(Issue::blocking(Place::line_column(line, col.name()), kind));
        };
        macro_rules! field {
            ($col:expr) => {
                self.cols.at[$col as usize]
                    .and_then(|i| rec.get(i))
                    .map_or(&b""[..], trim)
            };
        }
        macro_rules! required {
            ($col:expr, $read:expr) => {
                match $read {
                    Field::Value(v) => Some(v),
                    Field::Empty => {
                        bad(
                            $col,
                            IssueKind::MissingValue {
                                field: $col.name().into(),
                            },
                            report,
                        );
                        ok = false;
                        None
                    }
                    Field::Bad(kind) => {
                        bad($col, kind, report);
                        ok = false;
                        None
                    }
                }
            };
        }
        macro_rules! optional {
            ($col:expr, $read:expr) => {
                match $read {
                    Field::Value(v) => Some(v),
                    Field::Empty => None,
                    Field::Bad(kind) => {
                        bad($col, kind, report);
                        ok = false;
                        None
                    }
                }
            };
        }

        // Identifiers.
        // (Duplicates are found by the reading side, which sees every row.)
        if let Some(id) = required!(Col::LoanId, text(field!(Col::LoanId), Col::LoanId)) {
            loan.loan_id.clear();
            loan.loan_id.push_str(id);
        }
        if let Some(id) = required!(
            Col::BorrowerId,
            text(field!(Col::BorrowerId), Col::BorrowerId)
        ) {
            loan.borrower_id.clear();
            loan.borrower_id.push_str(id);
        }
        if let Some(k) = required!(
            Col::BorrowerKind,
            enumeration(
                field!(Col::BorrowerKind),
                Col::BorrowerKind,
                BorrowerKind::from_bytes,
                "man, woman or legal_entity"
            )
        ) {
            loan.borrower_kind = k;
        }
        loan.zone = optional!(
            Col::Zone,
            enumeration(
                field!(Col::Zone),
                Col::Zone,
                Zone::from_bytes,
                "urban, periurban, rural, mobile or empty"
            )
        );

        loan.refinances_loan_id = optional!(
            Col::RefinancesLoanId,
            text(field!(Col::RefinancesLoanId), Col::RefinancesLoanId)
        )
        .map(str::to_owned);

        // Dates.
        let as_of = self.as_of;
        let not_after = |col: Col, d: NaiveDate, report: &mut dyn FnMut(Issue)| -> bool {
            if d > as_of {
                report(Issue::blocking(
                    Place::line_column(line, col.name()),
                    IssueKind::DateAfterAsOf {
                        field: col.name().into(),
                        date: d.to_string(),
                        as_of: as_of.to_string(),
                    },
                ));
                false
            } else {
                true
            }
        };
        if let Some(d) = required!(
            Col::DisbursementDate,
            date(field!(Col::DisbursementDate), Col::DisbursementDate)
        ) {
            ok &= not_after(Col::DisbursementDate, d, report);
            loan.disbursement_date = d;
        }
        let due = date(field!(Col::OldestUnpaidDueDate), Col::OldestUnpaidDueDate);
        let no_unpaid_date = matches!(due, Field::Empty);
        loan.oldest_unpaid_due_date = optional!(Col::OldestUnpaidDueDate, due);
        if let Some(d) = loan.oldest_unpaid_due_date {
            ok &= not_after(Col::OldestUnpaidDueDate, d, report);
        }
        // The first instalment after a restructuring may lie after the quarter-end.
        loan.first_due_after_restructure = optional!(
            Col::FirstDueAfterRestructure,
            date(
                field!(Col::FirstDueAfterRestructure),
                Col::FirstDueAfterRestructure
            )
        );

        // Amounts.
        let mark = self.mark;
        let amount = |col: Col, report: &mut dyn FnMut(Issue)| -> Option<Decimal> {
            match decimal(field!(col), mark) {
                Field::Value(v) if v.is_sign_negative() && !v.is_zero() => {
                    report(Issue::blocking(
                        Place::line_column(line, col.name()),
                        IssueKind::NegativeAmount {
                            value: v.to_string(),
                        },
                    ));
                    None
                }
                Field::Value(v) => Some(v),
                Field::Empty => {
                    report(Issue::blocking(
                        Place::line_column(line, col.name()),
                        IssueKind::MissingValue {
                            field: col.name().into(),
                        },
                    ));
                    None
                }
                Field::Bad(kind) => {
                    report(Issue::blocking(Place::line_column(line, col.name()), kind));
                    None
                }
            }
        };
        let mut amounts_ok = true;
        for (col, slot) in [
            (Col::PrincipalDisbursed, &mut loan.principal_disbursed),
            (Col::OutstandingPrincipal, &mut loan.outstanding_principal),
            (Col::AccruedInterest, &mut loan.accrued_interest),
            (Col::ReservedInterest, &mut loan.reserved_interest),
            (Col::GuaranteeCovered, &mut loan.guarantee_covered),
        ] {
            match amount(col, report) {
                Some(v) => *slot = v,
                None => amounts_ok = false,
            }
        }
        ok &= amounts_ok;
        if amounts_ok && amounts_may_need_a_word(loan, no_unpaid_date) {
            let receivable = loan.receivable();
            if loan.reserved_interest > receivable {
                bad(
                    Col::ReservedInterest,
                    IssueKind::ReservedAboveReceivable {
                        reserved: loan.reserved_interest.to_string(),
                        receivable: receivable.to_string(),
                    },
                    report,
                );
                ok = false;
            } else if loan.reserved_interest > loan.accrued_interest {
                report(Issue::warning(
                    Place::line_column(line, Col::ReservedInterest.name()),
                    IssueKind::ReservedAboveAccrued {
                        reserved: loan.reserved_interest.to_string(),
                        accrued: loan.accrued_interest.to_string(),
                    },
                ));
            }
            // Interest due and unpaid is an unpaid instalment's interest (art. 5: arrears are
            // principal and interest), so some due date is unpaid: say so, at the date's cell.
            if no_unpaid_date && loan.accrued_interest > Decimal::ZERO {
                report(Issue::warning(
                    Place::line_column(line, Col::OldestUnpaidDueDate.name()),
                    IssueKind::InterestDueWithoutUnpaidDate {
                        interest: loan.accrued_interest.to_string(),
                    },
                ));
            }
            if loan.outstanding_principal > loan.principal_disbursed {
                report(Issue::warning(
                    Place::line_column(line, Col::OutstandingPrincipal.name()),
                    IssueKind::OutstandingAboveDisbursed {
                        outstanding: loan.outstanding_principal.to_string(),
                        disbursed: loan.principal_disbursed.to_string(),
                    },
                ));
            }
        }

        // Counts, classes and flags.
        if let Some(n) = required!(
            Col::RestructureCount,
            count(field!(Col::RestructureCount), mark)
        ) {
            loan.restructure_count = n;
        }
        loan.unlikely_to_pay_class = optional!(Col::UnlikelyToPayClass, {
            let max = self.max_class;
            match count(field!(Col::UnlikelyToPayClass), mark) {
                Field::Value(k) if (1..=u32::from(max)).contains(&k) => {
                    Field::Value(u8::try_from(k).unwrap_or(max))
                }
                Field::Value(k) => Field::Bad(IssueKind::ClassOutOfRange {
                    field: Col::UnlikelyToPayClass.name().into(),
                    value: k.to_string(),
                    max,
                }),
                Field::Empty => Field::Empty,
                Field::Bad(kind) => Field::Bad(kind),
            }
        });
        for (col, slot) in [
            (
                Col::UnpaidDuringObservation,
                &mut loan.unpaid_during_observation,
            ),
            (Col::DifficultiesResolved, &mut loan.difficulties_resolved),
            (Col::RecoveryCompromised, &mut loan.recovery_compromised),
        ] {
            if let Some(b) = required!(col, boolean(field!(col), col)) {
                *slot = b;
            }
        }
        if ok && loan.restructure_count == 0 {
            let stray = [
                (
                    Col::FirstDueAfterRestructure,
                    loan.first_due_after_restructure.is_some(),
                ),
                (Col::UnpaidDuringObservation, loan.unpaid_during_observation),
            ];
            for (col, given) in stray {
                if given {
                    report(Issue::warning(
                        Place::line_column(line, col.name()),
                        IssueKind::GivenWithoutRestructuring {
                            field: col.name().into(),
                        },
                    ));
                }
            }
        }
        ok
    }
}

/// Whether one of the checks of a row's amounts (reserved interest above the receivable or
/// the accrued, interest without an unpaid date, outstanding above disbursed) may speak: decided
/// in cents when the amounts have two decimals, as nearly every row's do, where `false` means
/// none of them would; `true` (or other amounts) sends the row to the checks in `Decimal`,
/// which decide and word the issue.
fn amounts_may_need_a_word(loan: &Loan, no_unpaid_date: bool) -> bool {
    match (
        cents(loan.outstanding_principal),
        cents(loan.accrued_interest),
        cents(loan.reserved_interest),
        cents(loan.principal_disbursed),
    ) {
        (Some(o), Some(a), Some(r), Some(d)) => {
            r > o + a || r > a || (no_unpaid_date && a > 0) || o > d
        }
        _ => true,
    }
}

fn text(b: &[u8], col: Col) -> Field<&str> {
    if b.is_empty() {
        return Field::Empty;
    }
    match std::str::from_utf8(b) {
        Ok(s) => Field::Value(s),
        Err(_) => Field::Bad(IssueKind::NotUtf8Text {
            field: col.name().into(),
        }),
    }
}

fn enumeration<T>(b: &[u8], col: Col, read: fn(&[u8]) -> Option<T>, expected: &str) -> Field<T> {
    if b.is_empty() {
        return Field::Empty;
    }
    if let Some(v) = read(b) {
        return Field::Value(v);
    }
    let lower = b.to_ascii_lowercase();
    match read(&lower) {
        Some(v) => Field::Value(v),
        None => Field::Bad(IssueKind::InvalidValue {
            field: col.name().into(),
            value: String::from_utf8_lossy(b).into_owned(),
            expected: expected.into(),
        }),
    }
}

fn boolean(b: &[u8], col: Col) -> Field<bool> {
    match b {
        b"" => Field::Empty,
        b"false" | b"0" => Field::Value(false),
        b"true" | b"1" => Field::Value(true),
        _ => match b.to_ascii_lowercase().as_slice() {
            b"false" | b"no" | b"non" | b"faux" => Field::Value(false),
            b"true" | b"yes" | b"oui" | b"vrai" => Field::Value(true),
            _ => Field::Bad(IssueKind::NotABoolean {
                field: col.name().into(),
                value: String::from_utf8_lossy(b).into_owned(),
            }),
        },
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`.
fn date(b: &[u8], col: Col) -> Field<NaiveDate> {
    if b.is_empty() {
        return Field::Empty;
    }
    let ymd = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        digits(&b[0..4])
            .zip(digits(&b[5..7]))
            .zip(digits(&b[8..10]))
            .map(|((y, m), d)| (y, m, d))
    } else if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        digits(&b[6..10])
            .zip(digits(&b[3..5]))
            .zip(digits(&b[0..2]))
            .map(|((y, m), d)| (y, m, d))
    } else {
        None
    };
    match ymd.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)) {
        Some(d) => Field::Value(d),
        None => Field::Bad(IssueKind::InvalidDate {
            field: col.name().into(),
            value: String::from_utf8_lossy(b).into_owned(),
        }),
    }
}

/// Plain ASCII `digits[mark digits]` of at most 18 digits, read without allocating; `None`
/// sends the text to the general reader. The integer digits, then the decimals, each in a loop
/// of its own (a subtraction and one comparison a digit).
fn fast_decimal(b: &[u8], mark: u8) -> Option<Decimal> {
    if b.len() > 19 {
        return None;
    }
    // At most 19 digits: a u64 holds them.
    let mut m: u64 = 0;
    let mut i = 0;
    while let Some(d) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|d| *d <= 9) {
        m = m * 10 + u64::from(d);
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let whole = i;
    if i < b.len() {
        // The mark, then at least one decimal, and nothing but decimals after it.
        if b[i] != mark || i + 1 == b.len() {
            return None;
        }
        i += 1;
        for &c in &b[i..] {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            m = m * 10 + u64::from(d);
        }
    }
    let decimals = b.len().saturating_sub(whole + 1);
    // At most 18 digits: what an i64 always holds (19 bytes with a mark are at most 18).
    if whole + decimals > 18 {
        return None;
    }
    Some(Decimal::new(i64::try_from(m).ok()?, decimals as u32))
}

fn number_issue(e: NumberError) -> IssueKind {
    match e {
        NumberError::Empty => IssueKind::NotANumber {
            value: String::new(),
        },
        NumberError::NotANumber(value) => IssueKind::NotANumber { value },
        NumberError::Ambiguous(value) => IssueKind::AmbiguousNumber { value },
        NumberError::BadGrouping(value) => IssueKind::BadGrouping { value },
        NumberError::OutOfRange(value) => IssueKind::NumberOutOfRange { value },
    }
}

fn decimal(b: &[u8], mark: DecimalMark) -> Field<Decimal> {
    if b.is_empty() {
        return Field::Empty;
    }
    let mark_byte = match mark {
        DecimalMark::Point => b'.',
        DecimalMark::Comma => b',',
    };
    if let Some(d) = fast_decimal(b, mark_byte) {
        return Field::Value(d);
    }
    let text = String::from_utf8_lossy(b);
    match parse_decimal(&text, mark) {
        Ok(d) => Field::Value(d),
        Err(NumberError::Empty) => Field::Empty,
        Err(e) => Field::Bad(number_issue(e)),
    }
}

fn count(b: &[u8], mark: DecimalMark) -> Field<u32> {
    if b.is_empty() {
        return Field::Empty;
    }
    if b.len() <= 9
        && let Some(n) = digits(b)
    {
        return Field::Value(n);
    }
    match decimal(b, mark) {
        Field::Value(d) if d.is_sign_negative() && !d.is_zero() => {
            Field::Bad(IssueKind::NegativeCount {
                value: d.to_string(),
            })
        }
        Field::Value(d) if !d.fract().is_zero() => Field::Bad(IssueKind::FractionalCount {
            value: d.to_string(),
        }),
        Field::Value(d) => match u32::try_from(d.trunc().mantissa() / 10i128.pow(d.scale())) {
            Ok(n) => Field::Value(n),
            Err(_) => Field::Bad(IssueKind::NumberOutOfRange {
                value: d.to_string(),
            }),
        },
        Field::Empty => Field::Empty,
        Field::Bad(kind) => Field::Bad(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_decimals_agree_with_the_general_reader() {
        for t in ["0", "12", "8400.00", "1000.02", "0.5", "999999999999999999"] {
            let fast = fast_decimal(t.as_bytes(), b'.');
            assert_eq!(fast, parse_decimal(t, DecimalMark::Point).ok(), "{t}");
        }
        for t in [
            "",
            ".5",
            "5.",
            "1.2.3",
            "-1",
            "1 000",
            "1e5",
            "1234567890123456789",
        ] {
            assert_eq!(fast_decimal(t.as_bytes(), b'.'), None, "{t}");
        }
        assert_eq!(fast_decimal(b"12,5", b','), Some(Decimal::new(125, 1)));
    }

    /// The fast path as it was (a byte at a time, one loop): the same answers.
    /// Plain ASCII `digits[mark digits]` of at most 18 digits, read without allocating; `None`
    /// sends the text to the general reader.
    fn fast_decimal_before(b: &[u8], mark: u8) -> Option<Decimal> {
        if b.is_empty() || b.len() > 19 {
            return None;
        }
        let mut m: i64 = 0;
        let mut scale = None;
        let mut n = 0u32;
        for (i, &c) in b.iter().enumerate() {
            if c.is_ascii_digit() {
                if n == 18 {
                    return None; // beyond what an i64 always holds
                }
                m = m * 10 + i64::from(c - b'0');
                n += 1;
            } else if c == mark && scale.is_none() && i > 0 && i + 1 < b.len() {
                scale = Some(u32::try_from(b.len() - i - 1).ok()?);
            } else {
                return None;
            }
        }
        Some(Decimal::new(m, scale.unwrap_or(0)))
    }

    /// Property: the two loops answer as the one loop did, on random strings of digits, marks
    /// and other bytes, of every length up to the limit and beyond.
    #[test]
    fn the_fast_path_answers_as_before() {
        let mut r = mizan_core::rng::XorShift64Star::new(5);
        let others = [b'.', b',', b'-', b' ', b'/', b':', 0, 0xff];
        for _ in 0..300_000 {
            let len = r.below(23) as usize;
            let t: Vec<u8> = (0..len)
                .map(|_| {
                    if r.chance(850, 1000) {
                        b'0' + r.below(10) as u8
                    } else {
                        others[r.below(others.len() as u64) as usize]
                    }
                })
                .collect();
            for mark in [b'.', b','] {
                assert_eq!(
                    fast_decimal(&t, mark),
                    fast_decimal_before(&t, mark),
                    "{t:?}"
                );
            }
        }
    }

    /// Property: on random digit strings with or without a mark, the fast path either declines
    /// or agrees with the general reader.
    #[test]
    fn fast_path_never_disagrees() {
        let mut r = mizan_core::rng::XorShift64Star::new(7);
        for _ in 0..20_000 {
            let len = 1 + r.below(22) as usize;
            let mut t: Vec<u8> = (0..len).map(|_| b'0' + r.below(10) as u8).collect();
            if r.chance(500, 1000) {
                let at = r.below(len as u64) as usize;
                t.insert(at, if r.chance(500, 1000) { b'.' } else { b',' });
            }
            let text = String::from_utf8(t.clone()).unwrap_or_default();
            for (mark, byte) in [(DecimalMark::Point, b'.'), (DecimalMark::Comma, b',')] {
                if let Some(fast) = fast_decimal(&t, byte) {
                    assert_eq!(Some(fast), parse_decimal(&text, mark).ok(), "{text}");
                }
            }
        }
    }

    #[test]
    fn dates_in_both_forms() {
        let d = |s: &str| match date(s.as_bytes(), Col::DisbursementDate) {
            Field::Value(d) => Some(d.to_string()),
            _ => None,
        };
        assert_eq!(d("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(d("29/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(d("29/02/2023"), None);
        assert_eq!(d("2023-13-01"), None);
        assert_eq!(d("2023-1-01"), None);
        assert_eq!(d("01-02-2023"), None);
    }

    /// The cents decide as the `Decimal` comparisons would, and send anything else to them:
    /// random amounts (two decimals most often, other scales, edges of the fast path, zeros of
    /// both signs), with and without an unpaid date.
    #[test]
    fn the_amount_checks_are_skipped_only_when_silent() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut amount = |small: bool| {
            let scale = match next() % 10 {
                0 => (next() % 6) as u32,
                _ => 2,
            };
            let m = match next() % 12 {
                0 => [0, 1, (1 << 60) - 1, 1 << 60, i64::MAX][(next() % 5) as usize],
                _ if small => (next() % 1_000) as i64,
                _ => (next() % 10_000_000) as i64,
            };
            let mut d = Decimal::new(m, scale);
            d.set_sign_negative(next().is_multiple_of(40));
            d
        };
        let mut loan = Loan::default();
        let (mut fast, mut words) = (0, 0);
        for round in 0..200_000 {
            loan.principal_disbursed = amount(false);
            loan.outstanding_principal = amount(false);
            loan.accrued_interest = amount(true);
            loan.reserved_interest = amount(true);
            let no_date = round % 2 == 0;
            let by_decimal = loan.reserved_interest > loan.receivable()
                || loan.reserved_interest > loan.accrued_interest
                || (no_date && loan.accrued_interest > Decimal::ZERO)
                || loan.outstanding_principal > loan.principal_disbursed;
            let may = amounts_may_need_a_word(&loan, no_date);
            assert!(may || !by_decimal, "{loan:?}, no date: {no_date}");
            let all_cents = [
                loan.principal_disbursed,
                loan.outstanding_principal,
                loan.accrued_interest,
                loan.reserved_interest,
            ]
            .into_iter()
            .all(|d| cents(d).is_some());
            if all_cents {
                assert_eq!(may, by_decimal, "{loan:?}, no date: {no_date}");
                fast += 1;
            }
            words += usize::from(by_decimal);
        }
        // Both answers were met, most rows in cents.
        assert!(
            fast > 100_000 && words > 1_000 && words < 190_000,
            "{fast} {words}"
        );
    }
}
