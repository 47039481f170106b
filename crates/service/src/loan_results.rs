//! The packed form of a tape's per-loan results: what each loan's classification leaves for the
//! per-loan export and for the next quarter-end, in about 15 bytes a loan where a text line takes
//! about 58 (a million loans: 15 MB stored instead of 58, and as much less written twice by
//! SQLite's write-ahead log and its checkpoint).
//!
//! A packed chunk ([`ResultBody::Packed`](mizan_storage::loan_tapes::ResultBody)) is its
//! layout's version (one byte, [`VERSION`]), then each loan in the order of the tape:
//!
//! | part | bytes |
//! |---|---|
//! | loan id | prefix shared with the chunk's previous id (varint, bytes), length of the rest (varint), the rest (UTF-8) |
//! | class and flags | varint `class << 3 \| capitalised_arrears << 2 \| art11_applied << 1 \| irrecoverable` |
//! | reasons | varint `k`: the chunk's `k`-th distinct reasons; `k` equal to the number seen so far introduces the next: its length (varint) and text (`dpd\|art10_hold`, codes, never bit positions) |
//! | restructure count | varint |
//! | provision base, provision, principal | each a varint `zigzag(mantissa) << 5 \| scale`, the amount exact with at least two decimals like the text (`12.5` is kept as `12.50`) |
//!
//! Varints are LEB128 (seven bits a byte, least significant first). The principal is what the
//! next quarter-end compares with ([`PreviousClassification::principal`]): the capitalised
//! arrears' principal when `capitalised_arrears`, else the outstanding principal. A chunk is
//! read only whole and exactly: a byte left over, a loan short, an id that is not UTF-8, a
//! reasons text that names no known reason — all are damage, never guessed at.

use mizan_core::Decimal;
use mizan_core::loan::{Loan, PreviousClassification};
use mizan_core::number::cents;
use mizan_ratios::classification::{LoanResult, Reasons};

/// First byte of a packed chunk.
pub(crate) const VERSION: u8 = 1;

const IRRECOVERABLE: u64 = 1;
const ART11_APPLIED: u64 = 2;
const CAPITALISED: u64 = 4;
const FLAG_BITS: u32 = 3;
const SCALE_BITS: u32 = 5;

/// Packs loans into chunks; a chunk starts when the buffer given is empty.
#[derive(Debug, Default)]
pub(crate) struct Packer {
    previous_id: Vec<u8>,
    reasons: Vec<Reasons>,
}

impl Packer {
    /// Appends a loan's results to `out`.
    pub(crate) fn push(&mut self, out: &mut Vec<u8>, loan: &Loan, r: &LoanResult) {
        if out.is_empty() {
            out.push(VERSION);
            self.previous_id.clear();
            self.reasons.clear();
        }
        let id = loan.loan_id.as_bytes();
        let shared = self
            .previous_id
            .iter()
            .zip(id)
            .take_while(|(a, b)| a == b)
            .count();
        push_varint(out, shared as u64);
        push_varint(out, (id.len() - shared) as u64);
        out.extend_from_slice(&id[shared..]);
        self.previous_id.truncate(shared);
        self.previous_id.extend_from_slice(&id[shared..]);

        let mut head = u64::from(r.class) << FLAG_BITS;
        if r.irrecoverable {
            head |= IRRECOVERABLE;
        }
        if r.art11_applied {
            head |= ART11_APPLIED;
        }
        if r.capitalised_from.is_some() {
            head |= CAPITALISED;
        }
        push_varint(out, head);
        match self.reasons.iter().position(|k| *k == r.reasons) {
            Some(k) => push_varint(out, k as u64),
            None => {
                push_varint(out, self.reasons.len() as u64);
                let text = r.reasons.to_string();
                push_varint(out, text.len() as u64);
                out.extend_from_slice(text.as_bytes());
                self.reasons.push(r.reasons);
            }
        }
        push_varint(out, u64::from(loan.restructure_count));
        push_amount(out, r.provision_base);
        push_amount(out, r.provision);
        push_amount(
            out,
            r.capitalised_from.unwrap_or(loan.outstanding_principal),
        );
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn push_varint128(out: &mut Vec<u8>, mut v: u128) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn push_amount(out: &mut Vec<u8>, d: Decimal) {
    // Nearly every amount: in cents, within 57 bits, in machine words.
    if let Some(m) = cents(d)
        && m.unsigned_abs() < 1 << 57
    {
        let z = ((m << 1) ^ (m >> 63)) as u64;
        push_varint(out, (z << SCALE_BITS) | 2);
        return;
    }
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    let m = d.mantissa();
    // Zigzag: 0, -1, 1, -2 … as 0, 1, 2, 3 … (a mantissa has at most 96 bits: no overflow).
    let z = ((m << 1) ^ (m >> 127)) as u128;
    push_varint128(out, (z << SCALE_BITS) | u128::from(d.scale()));
}

/// One loan read back from a packed chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unpacked<'a> {
    pub(crate) id: &'a str,
    pub(crate) class: u8,
    pub(crate) provision_base: Decimal,
    pub(crate) provision: Decimal,
    pub(crate) irrecoverable: bool,
    /// Codes joined by `|`, as the per-loan export writes them.
    pub(crate) reasons: &'a str,
    pub(crate) restructure_count: u32,
    pub(crate) art11_applied: bool,
    pub(crate) principal: Decimal,
    pub(crate) capitalised_arrears: bool,
}

impl Unpacked<'_> {
    /// What the next quarter-end needs of it.
    pub(crate) fn to_previous(&self) -> PreviousClassification {
        PreviousClassification {
            class: self.class,
            provision: self.provision,
            restructure_count: self.restructure_count,
            art11_applied: self.art11_applied,
            principal: Some(self.principal),
            capitalised_arrears: self.capitalised_arrears,
        }
    }
}

/// Where a packed chunk is damaged: the byte offset and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Damage {
    pub(crate) at: usize,
    pub(crate) what: &'static str,
}

/// Reads a packed chunk of `loans` loans, handing each to `f` in order.
pub(crate) fn for_each_unpacked<E>(
    bytes: &[u8],
    loans: u32,
    mut f: impl FnMut(&Unpacked<'_>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<Damage>,
{
    let mut r = Reader { bytes, at: 0 };
    if r.byte()? != VERSION {
        return Err(r.damage("an unknown layout version").into());
    }
    let mut id: Vec<u8> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    for _ in 0..loans {
        let shared = r.length()?;
        if shared > id.len() {
            return Err(r
                .damage("a loan id sharing more than the previous one")
                .into());
        }
        id.truncate(shared);
        let rest = r.length()?;
        id.extend_from_slice(r.take(rest)?);
        let id_text =
            std::str::from_utf8(&id).map_err(|_| r.damage("a loan id that is not UTF-8"))?;
        let head = r.varint()?;
        let class = u8::try_from(head >> FLAG_BITS).map_err(|_| r.damage("a class beyond 255"))?;
        let k = r.length()?;
        if k == reasons.len() {
            let len = r.length()?;
            let text = std::str::from_utf8(r.take(len)?)
                .ok()
                .filter(|t| Reasons::parse(t).is_some())
                .ok_or_else(|| r.damage("reasons that name no known reason"))?;
            reasons.push(text.to_owned());
        } else if k > reasons.len() {
            return Err(r.damage("reasons not introduced").into());
        }
        let restructure_count =
            u32::try_from(r.varint()?).map_err(|_| r.damage("a restructure count too large"))?;
        let provision_base = r.amount()?;
        let provision = r.amount()?;
        let principal = r.amount()?;
        f(&Unpacked {
            id: id_text,
            class,
            provision_base,
            provision,
            irrecoverable: head & IRRECOVERABLE != 0,
            reasons: &reasons[k],
            restructure_count,
            art11_applied: head & ART11_APPLIED != 0,
            principal,
            capitalised_arrears: head & CAPITALISED != 0,
        })?;
    }
    if r.at != bytes.len() {
        return Err(r.damage("bytes after the last loan").into());
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn damage(&self, what: &'static str) -> Damage {
        Damage { at: self.at, what }
    }

    fn byte(&mut self) -> Result<u8, Damage> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| self.damage("the end of the chunk inside a loan"))?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Damage> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| self.damage("the end of the chunk inside a loan"))?;
        let part = &self.bytes[self.at..end];
        self.at = end;
        Ok(part)
    }

    fn varint128(&mut self) -> Result<u128, Damage> {
        let mut v = 0u128;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift > 126 || (shift == 126 && b > 0x03) {
                return Err(self.damage("a number too long"));
            }
            v |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn varint(&mut self) -> Result<u64, Damage> {
        u64::try_from(self.varint128()?).map_err(|_| self.damage("a number too large"))
    }

    fn length(&mut self) -> Result<usize, Damage> {
        usize::try_from(self.varint()?).map_err(|_| self.damage("a length too large"))
    }

    fn amount(&mut self) -> Result<Decimal, Damage> {
        let v = self.varint128()?;
        let scale = (v & ((1 << SCALE_BITS) - 1)) as u32;
        let z = v >> SCALE_BITS;
        // Zigzag back; a mantissa beyond 96 bits or a scale beyond 28 is no decimal.
        let m = (z >> 1) as i128 ^ -((z & 1) as i128);
        Decimal::try_from_i128_with_scale(m, scale)
            .map_err(|_| self.damage("an amount that is no decimal"))
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn loan(id: &str, restructure_count: u32, outstanding: &str) -> Loan {
        Loan {
            loan_id: id.to_owned(),
            restructure_count,
            outstanding_principal: Decimal::from_str(outstanding).unwrap_or_default(),
            ..Loan::default()
        }
    }

    fn result(class: u8, base: &str, provision: &str, reasons: &str) -> LoanResult {
        LoanResult {
            class,
            dpd: 0,
            provision_base: Decimal::from_str(base).unwrap_or_default(),
            provision: Decimal::from_str(provision).unwrap_or_default(),
            irrecoverable: class == 4,
            reasons: Reasons::parse(reasons).unwrap_or_default(),
            art11_applied: false,
            previous_class: None,
            capitalised_from: None,
        }
    }

    fn unpack(bytes: &[u8], loans: u32) -> Result<Vec<String>, Damage> {
        let mut out = Vec::new();
        for_each_unpacked(bytes, loans, |u| -> Result<(), Damage> {
            out.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
                u.id,
                u.class,
                u.provision_base,
                u.provision,
                u.irrecoverable,
                u.reasons,
                u.restructure_count,
                u.art11_applied,
                u.principal,
                u.capitalised_arrears
            ));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn loans_read_back_as_they_were_packed() -> Result<(), Damage> {
        let mut art11 = result(2, "1000.025", "500.01", "dpd|art10_hold");
        art11.art11_applied = true;
        let mut capitalised = result(1, "12.5", "3.13", "dpd|judgment");
        capitalised.capitalised_from = Some(Decimal::from(700));
        let loans = [
            (loan("L0000001", 0, "8505"), result(0, "8505", "0", "")),
            (loan("L0000002", 1, "1000"), art11),
            (loan("L0000010", 2, "9"), capitalised),
            (
                loan("a,\"b\"", 3, "4500"),
                result(4, "4500.00", "4500.00", "compromised"),
            ),
            (loan("", 0, "1"), result(0, "1", "0", "")),
            (
                loan("é€😀", 0, "-0.5"),
                result(3, "98765432109876.5", "74074074082407.38", "art13"),
            ),
            (
                loan("L0000002", 9, "0"),
                result(0, "-12.345", "0", "dpd|art10_hold"),
            ),
        ];
        let mut packer = Packer::default();
        let mut bytes = Vec::new();
        for (l, r) in &loans {
            packer.push(&mut bytes, l, r);
        }
        assert_eq!(
            unpack(&bytes, 7)?,
            [
                "L0000001|0|8505.00|0.00|false||0|false|8505.00|false",
                "L0000002|2|1000.025|500.01|false|dpd|art10_hold|1|true|1000.00|false",
                "L0000010|1|12.50|3.13|false|dpd|judgment|2|false|700.00|true",
                "a,\"b\"|4|4500.00|4500.00|true|compromised|3|false|4500.00|false",
                "|0|1.00|0.00|false||0|false|1.00|false",
                "é€😀|3|98765432109876.50|74074074082407.38|false|art13|0|false|-0.50|false",
                "L0000002|0|-12.345|0.00|false|dpd|art10_hold|9|false|0.00|false",
            ]
        );
        // The layout is a storage format: its bytes are pinned (changing them needs a new
        // VERSION and a reader for the old one). The first loan: version, no prefix shared, 8
        // bytes of id, class 0 without flags, reasons 0 introduced as the empty text, count 0,
        // 8505.00 (850500 cents, zigzag 1701000, shifted by 5, with scale 2: 54432002 in four
        // bytes), 0.00 (2), 8505.00 again; the second loan shares "L000000" (7 bytes).
        assert_eq!(
            bytes[..28],
            [
                1, 0, 8, b'L', b'0', b'0', b'0', b'0', b'0', b'0', b'1', 0, 0, 0, 0, 130, 162, 250,
                25, 2, 130, 162, 250, 25, 7, 1, b'2', 18
            ]
        );
        assert_eq!(bytes.len(), 189);
        // What the next quarter-end reads equals what the classification hands it.
        let mut previous = Vec::new();
        for_each_unpacked(&bytes, 7, |u| -> Result<(), Damage> {
            previous.push(u.to_previous());
            Ok(())
        })?;
        for ((l, r), p) in loans.iter().zip(&previous) {
            assert_eq!(*p, r.to_previous(l));
        }
        // A second chunk starts afresh (no id, no reasons of the first).
        let mut second = Vec::new();
        packer.push(&mut second, &loans[1].0, &loans[1].1);
        assert_eq!(unpack(&second, 1)?.len(), 1);
        Ok(())
    }

    #[test]
    fn damaged_chunks_are_not_read() {
        let mut packer = Packer::default();
        let mut bytes = Vec::new();
        for (id, class) in [("L01", 0), ("L02", 2)] {
            packer.push(
                &mut bytes,
                &loan(id, 0, "10"),
                &result(class, "10", "5", "dpd"),
            );
        }
        assert!(unpack(&bytes, 2).is_ok());
        // Every cut short, a loan too many or too few, another version, a byte more.
        for cut in 0..bytes.len() {
            assert!(unpack(&bytes[..cut], 2).is_err(), "cut at {cut}");
        }
        assert!(unpack(&bytes, 3).is_err());
        assert!(unpack(&bytes, 1).is_err());
        let mut other = bytes.clone();
        other[0] = 2;
        assert!(unpack(&other, 2).is_err());
        let mut more = bytes.clone();
        more.push(0);
        assert!(unpack(&more, 2).is_err());
        // A reasons text that names nothing known; an id that is not UTF-8; a prefix too long.
        let mut text = bytes.clone();
        let at = text.windows(3).position(|w| w == b"dpd").unwrap_or(0);
        text[at] = b'x';
        assert_eq!(
            unpack(&text, 2).err().map(|d| d.what),
            Some("reasons that name no known reason")
        );
        let mut id = bytes.clone();
        id[3] = 0xff;
        assert_eq!(
            unpack(&id, 2).err().map(|d| d.what),
            Some("a loan id that is not UTF-8")
        );
        let mut prefix = bytes.clone();
        prefix[1] = 1;
        assert!(unpack(&prefix, 2).is_err());
        // Numbers: too long, and amounts beyond a decimal's 96 bits or 28 places.
        for tail in [
            &[0xffu8; 20][..],
            &[
                0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                0x10,
            ][..],
            &[29u8][..],
        ] {
            let mut r = Reader { bytes: tail, at: 0 };
            assert!(r.amount().is_err(), "{tail:?}");
        }
    }

    #[test]
    fn amounts_round_trip_exactly() -> Result<(), Damage> {
        // Every scale, both signs, the edges of the 96-bit mantissa.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let max = (1i128 << 96) - 1;
        for i in 0..20_000u32 {
            let m = match i % 4 {
                0 => i128::from(next() % 1_000_000_000),
                1 => (i128::from(next()) << 32 | i128::from(next() >> 32)) & max,
                2 => max - i128::from(next() % 1000),
                _ => i128::from(i),
            };
            let m = if next() % 2 == 0 { m } else { -m };
            let scale = (next() % 29) as u32;
            let d = Decimal::from_i128_with_scale(m, scale);
            let mut bytes = Vec::new();
            push_amount(&mut bytes, d);
            let mut r = Reader {
                bytes: &bytes,
                at: 0,
            };
            let back = r.amount()?;
            assert_eq!(back, d, "{d}");
            // At least two decimals, as the text writes them, where the mantissa leaves room.
            assert!(back.scale() >= 2 || m.abs() > max / 100, "{d}");
            assert_eq!(r.at, bytes.len());
        }
        Ok(())
    }
}
