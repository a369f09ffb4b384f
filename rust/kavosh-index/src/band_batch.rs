//! The band table's rows added since its last write to SQLite, held in memory (issue #15).
//!
//! [`crate::GroupTable::assign`] used to run three SQLite statements for each document (the
//! candidates of its bands, the insert of its `docs` row and of its band rows), all inside the
//! batch's open transaction, which is committed only at [`crate::GroupTable::prepare_commit`].
//! Those rows are invisible to any other reader until then, so they can as well wait in memory
//! and be written in one pass at that commit (band rows sorted by key, so the B-tree is filled in
//! order): a crash loses the same rows either way (the transaction, or this memory), and the
//! table on disk still matches tantivy's last commit.  [`BandBatch`] answers the rule's
//! questions about these rows: the most recent live documents holding a band key, a document's
//! signature and group, and whether an id is among them.
//!
//! Memory: about 0.6 KB a document (its row: 128-byte signature, 128 bytes of packed keys, the
//! id; 16 links of 16 bytes; the key map), so [`MAX_BATCH_DOCS`] bounds it at about 10 MB, after
//! which the rows are written into the open transaction and the batch starts again.

use std::collections::HashMap;

/// Documents held before they are written into the open transaction (about 10 MB).
pub const MAX_BATCH_DOCS: usize = 16_384;

const NIL: u32 = u32::MAX;

/// A row of `docs` waiting to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    /// The document's sequence number.
    pub seq: i64,
    /// Its id.
    pub doc_id: String,
    /// Its source file's id in `sources` (`None`: none).
    pub src: Option<i64>,
    /// Its group id (as SQLite stores it: the 63-bit id as `i64`).
    pub grp: i64,
    /// Its stored signature.
    pub sig: Vec<u8>,
    /// Its band keys, packed as in `docs.bands` (8 bytes little-endian each, in band order).
    pub bands: Vec<u8>,
}

/// This batch's documents not yet written to SQLite, in sequence order, with a map from band key
/// to the documents holding it (newest first by a linked list in one vector: no allocation per
/// key).
#[derive(Debug, Default)]
pub struct BandBatch {
    first_seq: i64,
    rows: Vec<Option<BatchRow>>,
    ids: HashMap<String, i64>,
    heads: HashMap<i64, u32>,
    links: Vec<(i64, u32)>,
}

impl BandBatch {
    /// No rows held.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows held (deleted ones included until the batch is written).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Hold `row`, whose sequence number follows the last one held, with its band `keys`.
    ///
    /// # Panics
    /// When `row.seq` does not follow the last row held (the table's sequence numbers are
    /// consecutive between writes).
    pub fn push(&mut self, row: BatchRow, keys: &[i64]) {
        if self.rows.is_empty() {
            self.first_seq = row.seq;
        }
        assert_eq!(row.seq, self.first_seq + self.rows.len() as i64, "band batch rows are consecutive");
        for &k in keys {
            let head = self.heads.get(&k).copied().unwrap_or(NIL);
            if head != NIL && self.links[head as usize].0 == row.seq {
                continue; // a key twice in one document: one row, as `INSERT OR IGNORE` keeps
            }
            self.links.push((row.seq, head));
            self.heads.insert(k, (self.links.len() - 1) as u32);
        }
        self.ids.insert(row.doc_id.clone(), row.seq);
        self.rows.push(Some(row));
    }

    /// The live row with sequence number `seq`, if held.
    pub fn row(&self, seq: i64) -> Option<&BatchRow> {
        let i = usize::try_from(seq - self.first_seq).ok()?;
        self.rows.get(i)?.as_ref()
    }

    /// The sequence number of the live document `doc_id`, if held.
    pub fn seq_of(&self, doc_id: &str) -> Option<i64> {
        self.ids.get(doc_id).copied()
    }

    /// Drop the live row of `doc_id`, returning it (`None`: not held).
    pub fn remove(&mut self, doc_id: &str) -> Option<BatchRow> {
        let seq = self.ids.remove(doc_id)?;
        self.rows[(seq - self.first_seq) as usize].take()
    }

    /// The sequence numbers of the at most `limit` most recent live documents holding `key`,
    /// newest first.
    pub fn newest(&self, key: i64, limit: usize, out: &mut Vec<i64>) {
        let mut at = self.heads.get(&key).copied().unwrap_or(NIL);
        let mut n = 0;
        while at != NIL && n < limit {
            let (seq, next) = self.links[at as usize];
            if self.row(seq).is_some() {
                out.push(seq);
                n += 1;
            }
            at = next;
        }
    }

    /// The live rows in sequence order.
    pub fn live(&self) -> impl Iterator<Item = &BatchRow> {
        self.rows.iter().flatten()
    }

    /// Every live `(band key, sequence number)` pair, sorted (the order of the table's primary key).
    pub fn band_rows(&self) -> Vec<(i64, i64)> {
        let mut pairs: Vec<(i64, i64)> = Vec::with_capacity(self.links.len());
        for (&k, &head) in &self.heads {
            let mut at = head;
            while at != NIL {
                let (seq, next) = self.links[at as usize];
                if self.row(seq).is_some() {
                    pairs.push((k, seq));
                }
                at = next;
            }
        }
        pairs.sort_unstable();
        pairs
    }

    /// Forget everything held.
    pub fn clear(&mut self) {
        *self = BandBatch::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: i64, id: &str) -> BatchRow {
        BatchRow { seq, doc_id: id.to_owned(), src: None, grp: seq, sig: vec![0; 4], bands: Vec::new() }
    }

    #[test]
    fn newest_live_first_and_a_repeated_key_once() {
        let mut b = BandBatch::default();
        b.push(row(5, "a"), &[1, 2, 1]);
        b.push(row(6, "b"), &[1]);
        b.push(row(7, "c"), &[1, 3]);
        let mut out = Vec::new();
        b.newest(1, 8, &mut out);
        assert_eq!(out, [7, 6, 5]);
        assert_eq!(b.remove("b").map(|r| r.seq), Some(6));
        assert_eq!(b.remove("b"), None);
        out.clear();
        b.newest(1, 1, &mut out);
        b.newest(1, 8, &mut out);
        assert_eq!(out, [7, 7, 5]);
        assert_eq!(b.band_rows(), [(1, 5), (1, 7), (2, 5), (3, 7)]);
        assert_eq!(b.seq_of("c"), Some(7));
        assert!(b.row(6).is_none() && b.row(4).is_none() && b.row(8).is_none());
        assert_eq!(b.live().map(|r| r.seq).collect::<Vec<_>>(), [5, 7]);
    }
}
