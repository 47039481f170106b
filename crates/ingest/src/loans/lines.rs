//! Line numbers of CSV records.
//!
//! The csv crate's record positions miscount lines around `\r\n` terminators and blank lines,
//! so the reader counts line breaks itself as the bytes pass (`\r\n`, `\n` or `\r` each end one
//! line) and finds the line of a record from the byte offset where the record ends.

use std::collections::VecDeque;
use std::io::Read;

/// A reader that notes where the line breaks are.
#[derive(Debug)]
pub(super) struct Lines<R> {
    inner: R,
    offset: u64,
    prev_cr: bool,
    /// Offsets of line breaks not yet passed by a record.
    pending: VecDeque<u64>,
    passed: u64,
    last_passed: Option<u64>,
}

impl<R: Read> Lines<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            prev_cr: false,
            pending: VecDeque::new(),
            passed: 0,
            last_passed: None,
        }
    }

    /// The first line of a record that ends at byte `end` (after its terminator) and has
    /// `inner` line breaks inside its fields.
    pub(super) fn line_of(&mut self, end: u64, inner: u64) -> u64 {
        while let Some(&b) = self.pending.front() {
            if b >= end {
                break;
            }
            self.pending.pop_front();
            self.passed += 1;
            self.last_passed = Some(b);
        }
        let terminated = end > 0 && self.last_passed == Some(end - 1);
        let last_line = if terminated {
            self.passed
        } else {
            self.passed + 1
        };
        last_line.saturating_sub(inner).max(1)
    }
}

/// Line breaks inside the fields of a record.
pub(super) fn breaks_in(bytes: &[u8]) -> u64 {
    let mut n = 0;
    let mut prev_cr = false;
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        let cr = bytes[i] == b'\r';
        if cr || !(prev_cr && i > 0 && bytes[i - 1] == b'\r') {
            n += 1;
        }
        prev_cr = cr;
    }
    n
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let data = &buf[..n];
        for i in memchr::memchr2_iter(b'\r', b'\n', data) {
            let after_cr = if i == 0 {
                self.prev_cr
            } else {
                data[i - 1] == b'\r'
            };
            if data[i] == b'\r' || !after_cr {
                self.pending.push_back(self.offset + i as u64);
            }
        }
        if n > 0 {
            self.prev_cr = data[n - 1] == b'\r';
        }
        self.offset += n as u64;
        Ok(n)
    }
}
