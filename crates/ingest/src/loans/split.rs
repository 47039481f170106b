//! Splitting CSV text into records, for loan tapes.
//!
//! RFC 4180 with the usual tolerance: `,` or `;` separators, `\n`, `\r\n` or `\r` line ends,
//! blank lines skipped, quoted fields with `""` for a quote and line breaks inside, a quote in
//! the middle of an unquoted field read as a quote. Lines without any quote — nearly all of a
//! loan tape — are cut with `memchr` and never looked at byte by byte; the reader also counts
//! lines exactly (for issues) and bytes (for progress).

use std::io::{self, Read};

/// One record: its fields one after the other, each followed by one separator byte, and
/// where each ends (a line without quotes is copied in one go).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Record {
    pub(super) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    pub(super) fn push_field(&mut self, field: &[u8]) {
        if !self.ends.is_empty() {
            self.bytes.push(b',');
        }
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }

    /// Appends to the last field.
    fn extend_last(&mut self, part: &[u8]) {
        self.bytes.extend_from_slice(part);
        if let Some(last) = self.ends.last_mut() {
            *last = self.bytes.len();
        }
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        Some(&self.bytes[start..end])
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.ends.len()).filter_map(|i| self.get(i))
    }
}

/// Reads records from a byte stream.
#[derive(Debug)]
pub(super) struct Splitter<R> {
    reader: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Bytes dropped from the front of `buf` so far.
    dropped: u64,
    /// Line of the next byte at `start`.
    line: u64,
    delimiter: u8,
}

const CHUNK: usize = 1 << 20;

/// The longest record (a loan is a few hundred bytes): beyond, the tape is refused rather than
/// the buffer grown (and the record scanned again at each read).
const MAX_RECORD_BYTES: usize = 1 << 20;

impl<R: Read> Splitter<R> {
    pub(super) fn new(reader: R) -> Self {
        Self {
            reader,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            dropped: 0,
            line: 1,
            delimiter: b',',
        }
    }

    pub(super) fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    /// Bytes read up to the end of the last record.
    pub(super) fn position(&self) -> u64 {
        self.dropped + self.start as u64
    }

    /// Reads more, keeping the unread bytes; `false` at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.dropped += self.start as u64;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            let grown = self.buf.len() * 2;
            self.buf.resize(grown, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The first bytes of the input (for sniffing), without consuming them.
    pub(super) fn peek(&mut self) -> io::Result<&[u8]> {
        while self.end - self.start < 4096 && self.refill()? {}
        Ok(&self.buf[self.start..self.end])
    }

    /// Skips `n` bytes (a byte-order mark) at the very start.
    pub(super) fn skip(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// The next record into `rec`, with the line it starts on; `None` at the end.
    pub(super) fn next(&mut self, rec: &mut Record) -> io::Result<Option<u64>> {
        // Blank lines.
        loop {
            if self.start == self.end && !self.refill()? {
                return Ok(None);
            }
            match self.buf[self.start] {
                b'\n' => {
                    self.start += 1;
                    self.line += 1;
                }
                b'\r' => {
                    if self.start + 1 == self.end && !self.eof {
                        self.refill()?;
                        continue;
                    }
                    self.start += 1;
                    if self.start < self.end && self.buf[self.start] == b'\n' {
                        self.start += 1;
                    }
                    self.line += 1;
                }
                _ => break,
            }
        }
        loop {
            let data = &self.buf[self.start..self.end];
            let line = self.line;
            // Fast path: a whole line without quotes or bare carriage returns inside.
            if let Some(nl) = memchr::memchr(b'\n', data) {
                let mut body = &data[..nl];
                if body.last() == Some(&b'\r') {
                    body = &body[..body.len() - 1];
                }
                if split_plain(body, self.delimiter, rec) {
                    self.start += nl + 1;
                    self.line += 1;
                    return Ok(Some(line));
                }
            } else if self.eof && split_plain(data, self.delimiter, rec) {
                self.start = self.end;
                return Ok(Some(line));
            }
            // General path: quotes, line breaks inside fields, or a record not yet whole.
            match split_quoted(data, self.delimiter, self.eof, rec) {
                Some((used, breaks)) => {
                    self.start += used;
                    self.line += breaks;
                    return Ok(Some(line));
                }
                None => {
                    if self.end - self.start > MAX_RECORD_BYTES {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("a line is longer than {MAX_RECORD_BYTES} bytes"),
                        ));
                    }
                    if !self.refill()? && !self.eof {
                        return Ok(None);
                    }
                }
            }
        }
    }
}

/// Splits a line at its separators, in one pass that also makes sure the line has no quote
/// and no carriage return (`false`: use the general path).
fn split_plain(body: &[u8], delimiter: u8, rec: &mut Record) -> bool {
    rec.ends.clear();
    // Eight bytes at a time (SWAR): a word's bytes equal to the separator, a quote or a
    // carriage return are found with a few integer operations rather than eight comparisons.
    let (sep, quote, cr) = (splat(delimiter), splat(b'"'), splat(b'\r'));
    let mut words = body.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        if zero_bytes(w ^ quote) | zero_bytes(w ^ cr) != 0 {
            return false;
        }
        let mut found = zero_bytes(w ^ sep);
        while found != 0 {
            rec.ends.push(at + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
        at += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            rec.ends.push(at + i);
        } else if b == b'"' || b == b'\r' {
            return false;
        }
    }
    rec.ends.push(body.len());
    rec.bytes.clear();
    rec.bytes.extend_from_slice(body);
    true
}

/// `b` in each byte of a word.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The high bit of each byte of `w` that is zero, and nothing else (exact: no carry crosses
/// from one byte into the next, unlike the shorter `(w - 0x01…) & !w & 0x80…`).
const fn zero_bytes(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((w & LOW7) + LOW7) | w | LOW7)
}

/// Reads one record from `data`: the bytes used (terminator included) and the line breaks
/// passed; `None` when the record may continue past the data and more can be read.
fn split_quoted(data: &[u8], delimiter: u8, eof: bool, rec: &mut Record) -> Option<(usize, u64)> {
    rec.clear();
    rec.push_field(b"");
    let mut i = 0;
    let mut breaks = 0;
    let mut at_field_start = true;
    while i < data.len() {
        let c = data[i];
        if at_field_start && c == b'"' {
            // Quoted: up to the closing quote; `""` is a quote.
            i += 1;
            loop {
                let Some(q) = memchr::memchr(b'"', &data[i..]) else {
                    if !eof {
                        return None;
                    }
                    // Unclosed quote at the end of the input: the rest is the field.
                    breaks += count_breaks(&data[i..]);
                    rec.extend_last(&data[i..]);
                    return Some((data.len(), breaks));
                };
                breaks += count_breaks(&data[i..i + q]);
                rec.extend_last(&data[i..i + q]);
                i += q + 1;
                if i < data.len() && data[i] == b'"' {
                    rec.extend_last(b"\"");
                    i += 1;
                } else if i == data.len() && !eof {
                    return None;
                } else {
                    break;
                }
            }
            at_field_start = false;
            continue;
        }
        at_field_start = false;
        match c {
            _ if c == delimiter => {
                rec.push_field(b"");
                at_field_start = true;
                i += 1;
            }
            b'\n' => return Some((i + 1, breaks + 1)),
            b'\r' => {
                if i + 1 == data.len() && !eof {
                    return None;
                }
                let used = if data.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                return Some((used, breaks + 1));
            }
            _ => {
                rec.extend_last(&data[i..=i]);
                i += 1;
            }
        }
    }
    if eof {
        Some((data.len(), breaks))
    } else {
        None
    }
}

/// Line breaks in a piece of text (`\r\n` counts once).
fn count_breaks(text: &[u8]) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\r', b'\n', text) {
        if text[i] == b'\r' || i == 0 || text[i - 1] != b'\r' {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &[u8], chunk: usize) -> Vec<(u64, Vec<String>)> {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(self.1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut s = Splitter::new(Chunks(text, chunk));
        let mut rec = Record::default();
        let mut out = Vec::new();
        while let Ok(Some(line)) = s.next(&mut rec) {
            out.push((
                line,
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            ));
        }
        assert_eq!(s.position(), text.len() as u64);
        out
    }

    fn csv_crate(text: &[u8]) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while let Ok(true) = r.read_byte_record(&mut rec) {
            out.push(
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn records_and_lines() {
        let text = b"a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n\n5,\"q\"\"q\",\n6";
        let got = split(text, 3);
        let want: Vec<(u64, Vec<String>)> = vec![
            (1, vec!["a".into(), "b".into()]),
            (2, vec!["1".into(), "2".into()]),
            (4, vec!["3".into(), "x\r\ny".into()]),
            (7, vec!["5".into(), "q\"q".into(), String::new()]),
            (8, vec!["6".into()]),
        ];
        assert_eq!(got, want);
        assert_eq!(split(b"", 5), vec![]);
        assert_eq!(split(b"\n\n", 1), vec![]);
        assert_eq!(
            split(b"x\ry", 1),
            vec![(1, vec!["x".into()]), (2, vec!["y".into()])]
        );
    }

    /// The word-at-a-time split finds exactly what a byte-at-a-time loop finds, on random lines
    /// of the bytes next to the separators, quotes and carriage returns in value (where a
    /// borrow or carry between bytes would show).
    #[test]
    fn words_find_what_bytes_find() {
        fn bytewise(body: &[u8], delimiter: u8) -> Option<Vec<usize>> {
            let mut ends = Vec::new();
            for (i, &b) in body.iter().enumerate() {
                if b == delimiter {
                    ends.push(i);
                } else if b == b'"' || b == b'\r' {
                    return None;
                }
            }
            ends.push(body.len());
            Some(ends)
        }
        let mut r = mizan_core::rng::XorShift64Star::new(7);
        let alphabet = [
            b',', b';', b'"', b'\r', b'a', 0, 1, 0x7f, 0x80, 0xff, b'+', b'-', b':', b'<', b'!',
            b'#', 0x0c, 0x0e, 0xac, 0xbb,
        ];
        for _ in 0..200_000 {
            let len = r.below(41) as usize;
            let body: Vec<u8> = (0..len)
                .map(|_| alphabet[r.below(alphabet.len() as u64) as usize])
                .collect();
            for delimiter in [b',', b';'] {
                let mut rec = Record::default();
                let got = split_plain(&body, delimiter, &mut rec).then(|| rec.ends.clone());
                assert_eq!(got, bytewise(&body, delimiter), "{body:?}");
                if got.is_some() {
                    assert_eq!(rec.bytes, body);
                }
            }
        }
    }

    /// Property: on random texts of the troublesome characters, every chunking gives the
    /// csv crate's records.
    #[test]
    fn agrees_with_the_csv_crate() {
        let mut r = mizan_core::rng::XorShift64Star::new(11);
        let alphabet = b"ab,\"\r\n ;";
        for _ in 0..8_000 {
            let len = r.below(60) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[r.below(alphabet.len() as u64) as usize])
                .collect();
            let want = csv_crate(&text);
            for chunk in [1, 2, 7, 64] {
                let got: Vec<Vec<String>> = split(&text, chunk).into_iter().map(|x| x.1).collect();
                assert_eq!(
                    got,
                    want,
                    "{:?} in chunks of {chunk}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }
}
