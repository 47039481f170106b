//! Finding loan ids given twice, in a stream of a million rows.
//!
//! Tapes usually come sorted by loan id: while every id is greater than the one before, none
//! can repeat an earlier one and the ids are only appended to a buffer (sequential memory, no
//! hashing). At the first id out of order, a hash index is built from the buffer and every
//! later id goes through it.

use mizan_core::loan::IdIndex;

#[derive(Debug, Default)]
pub(super) struct Duplicates {
    arena: Vec<u8>,
    ends: Vec<u32>,
    lines: Vec<u32>,
    index: Option<IdIndex>,
}

impl Duplicates {
    pub(super) fn with_capacity(n: usize) -> Self {
        Self {
            arena: Vec::with_capacity(n * 10),
            ends: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
            index: None,
        }
    }

    fn last(&self) -> &[u8] {
        let n = self.ends.len();
        let start = if n < 2 { 0 } else { self.ends[n - 2] as usize };
        let end = self.ends.last().map_or(0, |e| *e as usize);
        &self.arena[start..end]
    }

    /// Notes `id` read at `line`; the line where it was first given if it is a repeat.
    pub(super) fn check(&mut self, id: &[u8], line: u64) -> Option<u64> {
        let line32 = u32::try_from(line).unwrap_or(u32::MAX);
        if self.index.is_none() {
            if (self.ends.is_empty() || id > self.last())
                && let Ok(end) = u32::try_from(self.arena.len() + id.len())
            {
                self.arena.extend_from_slice(id);
                self.ends.push(end);
                self.lines.push(line32);
                return None;
            }
            // Out of order (or a huge tape): index what was read so far (all distinct).
            let mut index = IdIndex::with_capacity(self.lines.len() * 2);
            let mut start = 0;
            for &end in &self.ends {
                let _ = index.insert_bytes(&self.arena[start..end as usize]);
                start = end as usize;
            }
            self.arena = Vec::new();
            self.ends = Vec::new();
            self.index = Some(index);
        }
        let index = self.index.as_mut()?;
        match index.insert_bytes(id) {
            Ok(_) => {
                self.lines.push(line32);
                None
            }
            Err(Some(i)) => Some(self.lines.get(i as usize).map_or(0, |l| u64::from(*l))),
            Err(None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_then_unsorted_ids() {
        let mut d = Duplicates::with_capacity(4);
        assert_eq!(d.check(b"A1", 2), None);
        assert_eq!(d.check(b"A2", 3), None);
        assert_eq!(d.check(b"A3", 4), None);
        assert!(d.index.is_none());
        assert_eq!(d.check(b"A2", 5), Some(3));
        assert!(d.index.is_some());
        assert_eq!(d.check(b"A0", 6), None);
        assert_eq!(d.check(b"A0", 7), Some(6));
        assert_eq!(d.check(b"A3", 8), Some(4));
    }
}
