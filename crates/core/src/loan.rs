//! Loans of a loan tape, and what is kept of a loan's classification from one quarter-end to the
//! next.
//!
//! A loan tape (one file per institution and quarter-end) lists every loan outstanding; the
//! `ingest` crate reads it into [`Loan`]s and the `ratios` crate classifies and provisions them.
//! Some rules compare a loan with its classification at the previous quarter-end: the caller
//! gives those as a [`PreviousBook`], a compact map from loan id to [`PreviousClassification`]
//! that holds a million loans in a few tens of megabytes.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Who the borrower is (for the gender statistics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BorrowerKind {
    /// A man.
    Man,
    /// A woman.
    Woman,
    /// A company, group or association.
    LegalEntity,
}

/// The zone of the agency that holds the loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Urban.
    Urban,
    /// Peri-urban.
    Periurban,
    /// Rural.
    Rural,
    /// Mobile agency.
    Mobile,
}

/// A text that is not one of an enumeration's codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not valid; expected one of: {expected}")]
pub struct LoanEnumError {
    /// The text read.
    pub value: String,
    /// The accepted codes.
    pub expected: &'static str,
}

macro_rules! codes {
    ($ty:ident, $expected:literal, $( $variant:ident => $code:literal ),+ $(,)?) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable code used in files.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }

            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// Reads an exact code (lower case, no blanks) without allocating.
            pub fn from_bytes(b: &[u8]) -> Option<Self> {
                match b {
                    $(x if x == $code.as_bytes() => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl FromStr for $ty {
            type Err = LoanEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim().to_ascii_lowercase();
                Self::from_bytes(t.as_bytes()).ok_or_else(|| LoanEnumError {
                    value: s.to_owned(),
                    expected: $expected,
                })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

codes!(BorrowerKind, "man, woman, legal_entity",
    Man => "man", Woman => "woman", LegalEntity => "legal_entity");
codes!(Zone, "urban, periurban, rural, mobile",
    Urban => "urban", Periurban => "periurban", Rural => "rural", Mobile => "mobile");

/// One row of a loan tape (spec bam-mfi §1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loan {
    /// Unique within the institution, stable across quarters.
    pub loan_id: String,
    /// The borrower.
    pub borrower_id: String,
    /// Man, woman or legal entity.
    pub borrower_kind: BorrowerKind,
    /// Agency zone, when given.
    pub zone: Option<Zone>,
    /// Disbursement date.
    pub disbursement_date: NaiveDate,
    /// Principal disbursed.
    pub principal_disbursed: Decimal,
    /// Principal outstanding.
    pub outstanding_principal: Decimal,
    /// Interest due and unpaid, part of the receivable.
    pub accrued_interest: Decimal,
    /// Reserved interest (agios réservés, art. 7, 18).
    pub reserved_interest: Decimal,
    /// Amount covered by a guarantee fund (art. 7).
    pub guarantee_covered: Decimal,
    /// Due date of the oldest instalment still unpaid.
    pub oldest_unpaid_due_date: Option<NaiveDate>,
    /// Times restructured (art. 8).
    pub restructure_count: u32,
    /// First instalment of the latest restructuring (start of the observation, art. 10).
    pub first_due_after_restructure: Option<NaiveDate>,
    /// An instalment fell unpaid during the observation period (art. 11).
    pub unpaid_during_observation: bool,
    /// The counterparty's difficulties are judged resolved (art. 14).
    pub difficulties_resolved: bool,
    /// Judgmental class (art. 3 second dash).
    pub unlikely_to_pay_class: Option<u8>,
    /// Recovery wholly or partly compromised (art. 6, 17).
    pub recovery_compromised: bool,
    /// The loan this (new) loan paid off, when it is a refinancing (art. 8 second dash: "le
    /// financement accordé a permis de rembourser une créance impayée").
    pub refinances_loan_id: Option<String>,
}

impl Default for Loan {
    fn default() -> Self {
        Self {
            loan_id: String::new(),
            borrower_id: String::new(),
            borrower_kind: BorrowerKind::Man,
            zone: None,
            disbursement_date: NaiveDate::MIN,
            principal_disbursed: Decimal::ZERO,
            outstanding_principal: Decimal::ZERO,
            accrued_interest: Decimal::ZERO,
            reserved_interest: Decimal::ZERO,
            guarantee_covered: Decimal::ZERO,
            oldest_unpaid_due_date: None,
            restructure_count: 0,
            first_due_after_restructure: None,
            unpaid_during_observation: false,
            difficulties_resolved: false,
            unlikely_to_pay_class: None,
            recovery_compromised: false,
            refinances_loan_id: None,
        }
    }
}

impl Loan {
    /// Outstanding principal plus accrued interest.
    pub fn receivable(&self) -> Decimal {
        self.outstanding_principal + self.accrued_interest
    }
}

/// What the rules of the next quarter-end need of a loan's classification; the storage layer
/// keeps it per loan and institution and quarter-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousClassification {
    /// Class at that quarter-end.
    pub class: u8,
    /// Provision at that quarter-end.
    pub provision: Decimal,
    /// `restructure_count` on that tape.
    pub restructure_count: u32,
    /// Whether art. 11 (unpaid during observation) has been applied for the restructuring in
    /// course at that quarter-end (it is applied once per restructuring).
    pub art11_applied: bool,
    /// The outstanding principal the next quarter-end compares with to see arrears capitalised
    /// at a restructuring (art. 5, 8): that quarter-end's outstanding principal or, while the
    /// loan is held for capitalised arrears ([`Self::capitalised_arrears`]), the outstanding
    /// principal before they were capitalised. `None` in a classification stored without it.
    pub principal: Option<Decimal>,
    /// The loan was held doubtful at that quarter-end because arrears were capitalised at a
    /// restructuring and not repaid (art. 5, 8); `principal` is then the level its outstanding
    /// principal must come back to.
    pub capitalised_arrears: bool,
}

/// A compact set of loan identifiers: each id gets a dense index (0, 1, 2…) in insertion order.
///
/// The ids are kept end to end in one buffer with a 32-bit hash each, and a hash table of
/// indices finds them; a million ten-character ids take about 25 MB.
///
/// Ids added in increasing order with [`IdIndex::push_sorted`] (a stored classification read
/// back in the order of a tape sorted by id) need no hash table: they are found by their
/// order, and the table is built only when an id comes out of order or [`IdIndex::insert`] is
/// called.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    arena: Vec<u8>,
    ends: Vec<u32>,
    /// (32-bit hash, index): the hash sits in the bucket, so probing and growing never read
    /// the ids. Holds every id when `hashed`; empty otherwise.
    table: HashTable<(u32, u32)>,
    /// Whether `table` holds every id (otherwise the ids are in strictly increasing order).
    hashed: bool,
    /// Room to make in the table when it is built.
    capacity: usize,
    /// Ids in order that are looked up out of order (a tape in another order than the book)
    /// are found by bisection, until there have been many such lookups: then a table of them
    /// is built once, behind a shared reference.
    lookup_table: OnceLock<HashTable<(u32, u32)>>,
    bisections: Counter,
}

/// Lookups made by bisection so far.
#[derive(Debug, Default)]
struct Counter(AtomicU32);

impl Clone for Counter {
    fn clone(&self) -> Self {
        Self(AtomicU32::new(self.0.load(Ordering::Relaxed)))
    }
}

/// Bisections after which an index of ids in order builds its lookup table.
const BISECTIONS_BEFORE_TABLE: u32 = 256;

/// A fast, well-mixed hash of an identifier (not meant to resist crafted collisions:
/// collisions only cost time, never correctness).
fn hash_id(id: &[u8]) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = (id.len() as u64).wrapping_mul(K);
    let mut chunks = id.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    (mix(h) >> 32) as u32
}

/// murmur3's 64-bit finaliser.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The table's 64-bit hash, from the stored 32-bit one (so that growing the table never reads
/// the ids again).
fn spread(h: u32) -> u64 {
    mix(u64::from(h) | (u64::from(h) << 32))
}

fn slice<'a>(arena: &'a [u8], ends: &[u32], i: u32) -> &'a [u8] {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &arena[start..ends[i] as usize]
}

impl IdIndex {
    /// An empty index with room for `n` ids.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            arena: Vec::with_capacity(n * 10),
            ends: Vec::with_capacity(n),
            table: HashTable::new(),
            hashed: false,
            capacity: n,
            lookup_table: OnceLock::new(),
            bisections: Counter::default(),
        }
    }

    /// A table of every id (built from the buffer; the ids are unique).
    fn table_of(arena: &[u8], ends: &[u32], capacity: usize) -> HashTable<(u32, u32)> {
        let mut table = HashTable::with_capacity(capacity.max(ends.len()));
        for i in 0..ends.len() {
            let Ok(i) = u32::try_from(i) else {
                break;
            };
            let h = hash_id(slice(arena, ends, i));
            table.insert_unique(spread(h), (h, i), |&(hh, _)| spread(hh));
        }
        table
    }

    /// Builds the hash table of the ids added in order so far (they are unique: strictly
    /// increasing).
    fn build_table(&mut self) {
        if self.hashed {
            return;
        }
        self.table = match self.lookup_table.take() {
            Some(table) => table,
            None => Self::table_of(&self.arena, &self.ends, self.capacity),
        };
        self.hashed = true;
    }

    /// Adds `id` without hashing it when it sorts after every id already there (byte order) and
    /// no id was hashed yet: `Ok(new index)`. Otherwise it is added as by
    /// [`IdIndex::insert_bytes`] (`Err(Some(existing index))` for an id already there).
    pub fn push_sorted(&mut self, id: &[u8]) -> Result<u32, Option<u32>> {
        let n = self.ends.len();
        let after_last = n == 0 || self.id_bytes_at(n - 1) < id;
        if self.hashed || !after_last {
            return self.insert_bytes(id);
        }
        let next = u32::try_from(n).map_err(|_| None)?;
        let end = u32::try_from(self.arena.len() + id.len()).map_err(|_| None)?;
        self.arena.extend_from_slice(id);
        self.ends.push(end);
        self.lookup_table.take();
        Ok(next)
    }

    fn id_bytes_at(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// The index of `id` among ids in increasing order (no table yet), by bisection.
    fn find_sorted(&self, id: &[u8]) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.id_bytes_at(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return u32::try_from(mid).ok(),
            }
        }
        None
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of index `i` (empty if it was not UTF-8).
    pub fn id(&self, i: u32) -> &str {
        std::str::from_utf8(self.id_bytes(i)).unwrap_or_default()
    }

    /// The id of index `i`, as bytes.
    pub fn id_bytes(&self, i: u32) -> &[u8] {
        slice(&self.arena, &self.ends, i)
    }

    /// The index of `id`, if present.
    pub fn get(&self, id: &str) -> Option<u32> {
        self.get_bytes(id.as_bytes())
    }

    /// The index of `id`, trying first the index after `after` (lookups made in the order the
    /// ids were inserted — a tape in the same order as the previous quarter's — then touch
    /// memory sequentially and skip the hash table).
    pub fn get_after(&self, id: &[u8], after: Option<u32>) -> Option<u32> {
        let next = after.map_or(0, |i| i.saturating_add(1));
        if (next as usize) < self.ends.len() {
            let candidate = self.id_bytes(next);
            if candidate == id {
                return Some(next);
            }
            // Ids in increasing order: one between the last found and the next is not there
            // (a new loan), without searching.
            if !self.hashed && id < candidate && after.is_none_or(|a| self.id_bytes(a) < id) {
                return None;
            }
        }
        self.get_bytes(id)
    }

    /// The index of `id`, if present.
    pub fn get_bytes(&self, id: &[u8]) -> Option<u32> {
        let table = if self.hashed {
            &self.table
        } else if let Some(table) = self.lookup_table.get() {
            table
        } else if self.bisections.0.fetch_add(1, Ordering::Relaxed) < BISECTIONS_BEFORE_TABLE {
            return self.find_sorted(id);
        } else {
            self.lookup_table
                .get_or_init(|| Self::table_of(&self.arena, &self.ends, self.capacity))
        };
        let h = hash_id(id);
        table
            .find(spread(h), |&(hh, i)| {
                hh == h && slice(&self.arena, &self.ends, i) == id
            })
            .map(|&(_, i)| i)
    }

    /// Adds `id`: `Ok(new index)`, or `Err(Some(existing index))` when it is already there
    /// (`Err(None)` when the index is full: 4 GiB of ids or 4 billion of them).
    pub fn insert(&mut self, id: &str) -> Result<u32, Option<u32>> {
        self.insert_bytes(id.as_bytes())
    }

    /// [`IdIndex::insert`] for an id given as bytes.
    pub fn insert_bytes(&mut self, id: &[u8]) -> Result<u32, Option<u32>> {
        self.build_table();
        let h = hash_id(id);
        let Self {
            arena, ends, table, ..
        } = self;
        match table.entry(
            spread(h),
            |&(hh, i)| hh == h && slice(arena, ends, i) == id,
            |&(hh, _)| spread(hh),
        ) {
            Entry::Occupied(e) => Err(Some(e.get().1)),
            Entry::Vacant(v) => {
                let next = u32::try_from(ends.len()).map_err(|_| None)?;
                let end = u32::try_from(arena.len() + id.len()).map_err(|_| None)?;
                arena.extend_from_slice(id);
                ends.push(end);
                v.insert((h, next));
                Ok(next)
            }
        }
    }

    /// Bytes held (approximately), for memory budgets.
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.ends.capacity() * 4
            + self.table.allocation_size()
            + self
                .lookup_table
                .get()
                .map_or(0, HashTable::allocation_size)
    }

    #[cfg(test)]
    fn rehash_check(&self) -> bool {
        (0..self.ends.len()).all(|i| {
            let i = u32::try_from(i).unwrap_or(0);
            self.get(self.id(i)) == Some(i)
        })
    }
}

/// The stored classification of one institution's loans at the previous quarter-end, by loan id.
///
/// A million loans are held for the lookups of the next quarter-end, so each classification is
/// kept in 24 bytes ([`BookEntry`]) rather than the 44 of a [`PreviousClassification`], which is
/// given back by value; amounts whose mantissa does not fit 64 bits are kept whole aside.
#[derive(Debug, Clone)]
pub struct PreviousBook {
    as_of: NaiveDate,
    ids: IdIndex,
    entries: Vec<BookEntry>,
    /// (provision, principal) of the entries flagged [`BookEntry::WIDE`], in order.
    wide: Vec<(Decimal, Option<Decimal>)>,
}

/// A previous classification in 24 bytes: the two amounts as 64-bit mantissas with their scales
/// (exact: an amount whose mantissa does not fit is kept in [`PreviousBook::wide`], this entry
/// then holding its index).
#[derive(Debug, Clone, Copy)]
struct BookEntry {
    provision: i64,
    principal: i64,
    restructure_count: u32,
    class: u8,
    provision_scale: u8,
    principal_scale: u8,
    flags: u8,
}

impl BookEntry {
    const ART11_APPLIED: u8 = 1;
    const CAPITALISED: u8 = 2;
    const HAS_PRINCIPAL: u8 = 4;
    const WIDE: u8 = 8;

    /// The mantissa and scale of `d` when the mantissa fits 64 bits (scales are at most 28).
    fn narrow(d: Decimal) -> Option<(i64, u8)> {
        Some((
            i64::try_from(d.mantissa()).ok()?,
            u8::try_from(d.scale()).ok()?,
        ))
    }

    fn pack(p: &PreviousClassification, wide: &mut Vec<(Decimal, Option<Decimal>)>) -> Self {
        let mut flags = 0;
        if p.art11_applied {
            flags |= Self::ART11_APPLIED;
        }
        if p.capitalised_arrears {
            flags |= Self::CAPITALISED;
        }
        if p.principal.is_some() {
            flags |= Self::HAS_PRINCIPAL;
        }
        let provision = Self::narrow(p.provision);
        let principal = p.principal.map(Self::narrow);
        let (provision, principal) = match (provision, principal) {
            (Some(a), None) => (a, (0, 0)),
            (Some(a), Some(Some(b))) => (a, b),
            _ => {
                flags |= Self::WIDE;
                wide.push((p.provision, p.principal));
                (
                    (i64::try_from(wide.len() - 1).unwrap_or(i64::MAX), 0),
                    (0, 0),
                )
            }
        };
        Self {
            provision: provision.0,
            principal: principal.0,
            restructure_count: p.restructure_count,
            class: p.class,
            provision_scale: provision.1,
            principal_scale: principal.1,
            flags,
        }
    }

    fn unpack(&self, wide: &[(Decimal, Option<Decimal>)]) -> PreviousClassification {
        let amount = |m: i64, scale: u8| Decimal::new(m, u32::from(scale));
        let (provision, principal) = if self.flags & Self::WIDE != 0 {
            usize::try_from(self.provision)
                .ok()
                .and_then(|i| wide.get(i).copied())
                .unwrap_or_default()
        } else {
            (
                amount(self.provision, self.provision_scale),
                (self.flags & Self::HAS_PRINCIPAL != 0)
                    .then(|| amount(self.principal, self.principal_scale)),
            )
        };
        PreviousClassification {
            class: self.class,
            provision,
            restructure_count: self.restructure_count,
            art11_applied: self.flags & Self::ART11_APPLIED != 0,
            principal,
            capitalised_arrears: self.flags & Self::CAPITALISED != 0,
        }
    }
}

impl PreviousBook {
    /// An empty book for the quarter-end `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        Self::with_capacity(as_of, 0)
    }

    /// An empty book with room for `n` loans.
    pub fn with_capacity(as_of: NaiveDate, n: usize) -> Self {
        Self {
            as_of,
            ids: IdIndex::with_capacity(n),
            entries: Vec::with_capacity(n),
            wide: Vec::new(),
        }
    }

    /// The previous quarter-end.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Adds a loan's classification; `false` (and nothing changed) when the id is already there.
    pub fn insert(&mut self, loan_id: &str, previous: PreviousClassification) -> bool {
        match self.ids.insert(loan_id) {
            Ok(_) => {
                self.entries
                    .push(BookEntry::pack(&previous, &mut self.wide));
                true
            }
            Err(_) => false,
        }
    }

    /// [`PreviousBook::insert`] for loans given in increasing order of id (byte order), as a
    /// stored classification of a tape sorted by id is read back: such a book is built and
    /// searched without hashing (a loan out of order is still accepted, and then every id is
    /// hashed). `false` (and nothing changed) when the id is already there.
    pub fn insert_sorted(&mut self, loan_id: &str, previous: PreviousClassification) -> bool {
        match self.ids.push_sorted(loan_id.as_bytes()) {
            Ok(_) => {
                self.entries
                    .push(BookEntry::pack(&previous, &mut self.wide));
                true
            }
            Err(_) => false,
        }
    }

    /// The classification of `loan_id`, if it was classified then.
    pub fn get(&self, loan_id: &str) -> Option<PreviousClassification> {
        self.ids.get(loan_id).map(|i| self.at(i))
    }

    fn at(&self, i: u32) -> PreviousClassification {
        self.entries[i as usize].unpack(&self.wide)
    }

    /// [`PreviousBook::get`] for lookups made in book order: `cursor` is the position of the
    /// last loan found, kept by the caller between calls (start with `None`).
    pub fn get_next(
        &self,
        loan_id: &str,
        cursor: &mut Option<u32>,
    ) -> Option<PreviousClassification> {
        let i = self.ids.get_after(loan_id.as_bytes(), *cursor)?;
        *cursor = Some(i);
        Some(self.at(i))
    }

    /// Number of loans.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every (loan id, classification), in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, PreviousClassification)> {
        self.entries.iter().enumerate().map(|(i, p)| {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            (self.ids.id(i), p.unpack(&self.wide))
        })
    }

    /// How many loans were in each class (index = class).
    pub fn class_counts(&self) -> Vec<u64> {
        let mut counts = Vec::new();
        for p in &self.entries {
            let c = usize::from(p.class);
            if counts.len() <= c {
                counts.resize(c + 1, 0);
            }
            counts[c] += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book gives back exactly what it was given, in 24 bytes a loan: amounts of every scale
    /// and sign, mantissas beyond 64 bits (kept aside), no principal, every flag.
    #[test]
    fn the_book_keeps_classifications_exactly() {
        assert_eq!(size_of::<BookEntry>(), 24);
        let d = |m: i128, s: u32| Decimal::from_i128_with_scale(m, s);
        let huge = (1i128 << 95) + 12_345;
        let mut given = Vec::new();
        for (i, (provision, principal)) in [
            (d(0, 2), Some(d(840_000, 2))),
            (d(245_000, 2), None),
            (d(-1, 28), Some(d(7, 0))),
            (d(huge, 2), Some(d(1, 2))),
            (d(5, 2), Some(d(-huge, 28))),
            (d(i128::from(i64::MAX), 0), Some(d(i128::from(i64::MIN), 3))),
            (d(i128::from(i64::MAX) + 1, 0), None),
        ]
        .into_iter()
        .enumerate()
        {
            given.push((
                format!("L{i}"),
                PreviousClassification {
                    class: u8::try_from(i).unwrap_or(0),
                    provision,
                    restructure_count: u32::MAX - u32::try_from(i).unwrap_or(0),
                    art11_applied: i % 2 == 0,
                    principal,
                    capitalised_arrears: i % 3 == 0,
                },
            ));
        }
        let mut book = PreviousBook::new(NaiveDate::default());
        for (id, p) in &given {
            assert!(book.insert_sorted(id, *p));
        }
        assert_eq!(book.wide.len(), 3);
        for (id, p) in &given {
            let back = book.get(id);
            assert_eq!(back, Some(*p), "{id}");
            // The same decimal, scale included (its text is the same).
            assert_eq!(
                back.map(|b| b.provision.to_string()),
                Some(p.provision.to_string())
            );
            assert_eq!(
                back.and_then(|b| b.principal).map(|x| x.to_string()),
                p.principal.map(|x| x.to_string())
            );
        }
        let all: Vec<(String, PreviousClassification)> =
            book.iter().map(|(id, p)| (id.to_owned(), p)).collect();
        assert_eq!(all, given);
    }

    #[test]
    fn ids_are_found_and_duplicates_refused() {
        let mut idx = IdIndex::default();
        for i in 0..5000 {
            assert_eq!(idx.insert(&format!("L{i:07}")), Ok(i));
        }
        assert_eq!(idx.insert("L0000042"), Err(Some(42)));
        assert_eq!(idx.get("L0004999"), Some(4999));
        assert_eq!(idx.get("L0005000"), None);
        assert_eq!(idx.insert(""), Ok(5000));
        assert_eq!(idx.get(""), Some(5000));
        assert_eq!(idx.id(5000), "");
        assert_eq!(idx.get_after(b"L0000043", Some(42)), Some(43));
        assert_eq!(idx.get_after(b"L0000010", Some(42)), Some(10));
        assert_eq!(idx.get_after(b"L0000000", None), Some(0));
        assert_eq!(idx.get_after(b"nope", Some(4999)), None);
        assert!(idx.rehash_check());
    }

    #[test]
    fn ids_in_order_are_found_without_a_table_until_one_comes_out_of_order() {
        let mut idx = IdIndex::with_capacity(10);
        for (i, id) in ["A1", "A3", "B", "B0", "C"].iter().enumerate() {
            assert_eq!(idx.push_sorted(id.as_bytes()), Ok(i as u32));
        }
        assert!(!idx.hashed);
        assert_eq!(idx.get("B0"), Some(3));
        assert_eq!(idx.get("A2"), None);
        assert_eq!(idx.get(""), None);
        assert_eq!(idx.get("D"), None);
        // Sequential lookups, with a loan that is not there (between two that are) and exits.
        assert_eq!(idx.get_after(b"A1", None), Some(0));
        assert_eq!(idx.get_after(b"A2", Some(0)), None);
        assert_eq!(idx.get_after(b"A3", Some(0)), Some(1));
        assert_eq!(idx.get_after(b"C", Some(1)), Some(4));
        assert_eq!(idx.get_after(b"A0", None), None);
        assert_eq!(idx.get_after(b"B", Some(4)), Some(2));
        // The same id again, or one out of order: hashed from then on, nothing lost.
        assert_eq!(idx.push_sorted(b"C"), Err(Some(4)));
        assert_eq!(idx.push_sorted(b"A2"), Ok(5));
        assert!(idx.hashed);
        assert_eq!(idx.push_sorted(b"Z"), Ok(6));
        assert_eq!(idx.insert("B"), Err(Some(2)));
        for (i, id) in ["A1", "A3", "B", "B0", "C", "A2", "Z"].iter().enumerate() {
            assert_eq!(idx.get(id), Some(i as u32), "{id}");
        }
        assert!(idx.rehash_check());
    }

    #[test]
    fn many_lookups_out_of_order_build_the_table_once() {
        let mut idx = IdIndex::with_capacity(0);
        for i in 0..2000u32 {
            assert_eq!(idx.push_sorted(format!("L{i:05}").as_bytes()), Ok(i));
        }
        for round in 0..2 {
            for i in (0..2100u32).rev() {
                let want = (i < 2000).then_some(i);
                assert_eq!(idx.get(&format!("L{i:05}")), want, "round {round}");
            }
        }
        assert!(idx.lookup_table.get().is_some());
        // Adding an id drops the table; lookups stay right.
        assert_eq!(idx.push_sorted(b"M"), Ok(2000));
        assert!(idx.lookup_table.get().is_none());
        assert_eq!(idx.get("M"), Some(2000));
        assert_eq!(idx.get("L01999"), Some(1999));
        assert!(idx.rehash_check());
    }

    #[test]
    fn a_sorted_book_and_a_hashed_one_answer_alike() {
        let p = |class| PreviousClassification {
            class,
            provision: Decimal::ZERO,
            restructure_count: 0,
            art11_applied: false,
            principal: None,
            capitalised_arrears: false,
        };
        let mut sorted = PreviousBook::new(NaiveDate::MIN);
        let mut hashed = PreviousBook::new(NaiveDate::MIN);
        for i in 0..500u32 {
            let id = format!("L{:05}", i * 2);
            assert!(sorted.insert_sorted(&id, p((i % 5) as u8)));
            assert!(hashed.insert(&id, p((i % 5) as u8)));
        }
        assert!(!sorted.insert_sorted("L00010", p(0)));
        let (mut c1, mut c2) = (None, None);
        for i in 0..1001u32 {
            let id = format!("L{i:05}");
            assert_eq!(
                sorted.get_next(&id, &mut c1),
                hashed.get_next(&id, &mut c2),
                "{id}"
            );
            assert_eq!(sorted.get(&id), hashed.get(&id), "{id}");
        }
        assert_eq!(sorted.len(), 500);
    }

    #[test]
    fn enum_codes() {
        assert_eq!(
            " Woman".parse::<BorrowerKind>().ok(),
            Some(BorrowerKind::Woman)
        );
        assert_eq!(
            BorrowerKind::from_bytes(b"legal_entity"),
            Some(BorrowerKind::LegalEntity)
        );
        assert_eq!(Zone::from_bytes(b"Rural"), None);
        assert!("bank".parse::<Zone>().is_err());
    }
}
