//! Near-duplicate groups at index time: the LSH band table beside the index, in Rust.
//!
//! The specification is `kavosh.index.groups` (its module docstring gives the rule, the cost per
//! document and the commit protocol); [`GroupTable`] is the same rule over the same SQLite file
//! (`kavosh-groups.sqlite`, the same schema, meta keys and undo log), so an index written with one
//! can be continued with the other, and `tests/test_groups.py` checks that both give the
//! same groups, rows and work counts.  What moves here is the per-document work: the band filter
//! ([`BandFilter`]), the candidate lookup, the signature comparison and the inserts, with no
//! Python object per document.  The batch's new rows wait in memory ([`crate::band_batch`]) and are
//! written in one pass at [`GroupTable::prepare_commit`] (or when [`MAX_BATCH_DOCS`] are held), so
//! a document costs no SQLite statement unless its band keys may be in the table on disk; the
//! [`Work`] counters still count the rule's statements and lookups as the specification runs them.
//!
//! The rule, in short (Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*, ch. 3.4): for
//! each band key, the [`MAX_PER_BAND`] most recent live documents holding it; those found in at
//! least [`MIN_SHARED_BANDS`] bands are candidates; the [`MAX_CANDIDATES`] sharing the most (ties:
//! the most recent) have their signatures compared; the document joins the group of the most
//! similar (ties: the oldest) when its estimated Jaccard similarity is at least [`THRESHOLD`], else
//! starts a group of its own ([`new_group_id`]).
//!
//! The parts: `band_filter.rs` ([`BandFilter`]), `rows.rs` (the rows and statements read),
//! `assign.rs` (the rule: a document's group, forgetting), `commit.rs` (the commit protocol:
//! the batch written, the undo log, recovery); this module holds the table's constants, errors,
//! opening and the signature functions.

mod assign;
mod band_filter;
mod commit;
mod rows;

pub use band_filter::BandFilter;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use blake2::digest::{Update, VariableOutput};
use blake2::Blake2bVar;
use rusqlite::{params, Connection};

use crate::band_batch::BandBatch;
pub use crate::band_batch::MAX_BATCH_DOCS;
use rows::candidates_sql;

/// The band table's file in the index folder (`groups.TABLE_FILE`).
pub const TABLE_FILE: &str = "kavosh-groups.sqlite";
/// The fingerprint version the table is written with (`groups._VERSION`: algorithm, seed,
/// permutations, bands x rows, shingle).
pub const VERSION: &str = "kavosh-minhash-1:1403:128:16x2:4";
/// Band keys of a document (`dedup.BANDS`).
pub const BANDS: usize = 16;
/// Documents looked up per band (`groups.MAX_PER_BAND`).
pub const MAX_PER_BAND: usize = 8;
/// Candidates compared per document, at most (`groups.MAX_CANDIDATES`).
pub const MAX_CANDIDATES: usize = 8;
/// Bands a document must share to be a candidate (`groups.MIN_SHARED_BANDS`).
pub const MIN_SHARED_BANDS: u32 = 2;
/// Estimated Jaccard similarity from which two documents are near-duplicates (`dedup.THRESHOLD`).
pub const THRESHOLD: f64 = 0.5;
/// Bits of the band filter per key (`groups.FILTER_BITS_PER_KEY`).
pub const FILTER_BITS_PER_KEY: u64 = 12;
/// The band filter's smallest size in bits (`groups.MIN_FILTER_BITS`).
pub const MIN_FILTER_BITS: u64 = 1 << 20;
/// Rows of `bands_new` from which it is merged into `bands` (`groups._MERGE_MIN_ROWS`).
pub const MERGE_MIN_ROWS: u64 = 1 << 18;
const CACHED_ROW_BYTES: u64 = 48;
const KEY_MASK: u64 = (1 << 62) - 1;
const CHANCE: f64 = 1.0 / 256.0;

/// The band table's schema, one file shared with the Python writer (`kavosh.index.band_table`), which
/// writes the same table for sharded indexes and the pure-Python path.
const SCHEMA: &str = include_str!("../../../src/kavosh/index/band_table.sql");

/// Why the band table cannot be used; each names its file.
#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    /// The index has commits but no band table.
    #[error("{} is missing (the index's near-duplicate table); delete {} and index again", path.display(), index_dir.display())]
    Missing {
        /// The table's file.
        path: PathBuf,
        /// The index folder.
        index_dir: PathBuf,
    },
    /// The table was written with other fingerprints.
    #[error("{} was written with near-duplicate fingerprints {found}, this Kavosh uses {VERSION}; delete {} and index again", path.display(), index_dir.display())]
    Version {
        /// The table's file.
        path: PathBuf,
        /// The version it records (`None` when it records none).
        found: String,
        /// The index folder.
        index_dir: PathBuf,
    },
    /// SQLite failed (the file is unreadable, locked, or the disk is full).
    #[error("the near-duplicate table {} failed: {source}", path.display())]
    Sql {
        /// The table's file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

trait At<T> {
    fn at(self, path: &Path) -> Result<T, GroupError>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T, GroupError> {
        self.map_err(|source| GroupError::Sql { path: path.to_owned(), source })
    }
}
/// The work of grouping so far (`groups.Grouper`'s attributes of the same names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// SQLite statements run.
    pub statements: u64,
    /// Band lookups (B-tree descents: two a key the filter lets through).
    pub lookups: u64,
    /// Candidate signatures compared.
    pub candidates: u64,
    /// Documents given to [`GroupTable::assign`].
    pub documents: u64,
}

/// A fresh group id: 63 bits of BLAKE2b (8-byte digest) over the id, a zero byte and the stored
/// signature (`dedup.new_group_id`).
pub fn new_group_id(doc_id: &str, signature: Option<&[u8]>) -> u64 {
    let mut h = Blake2bVar::new(8).expect("8 is a valid BLAKE2b digest size");
    h.update(doc_id.as_bytes());
    h.update(&[0]);
    h.update(signature.unwrap_or(&[]));
    let mut out = [0u8; 8];
    h.finalize_variable(&mut out).expect("the buffer has the digest's size");
    u64::from_le_bytes(out) >> 1
}

/// Estimated Jaccard similarity of two stored signatures (`dedup.similarity`: equal 8-bit values
/// corrected for chance agreement).
pub fn similarity(a: &[u8], b: &[u8]) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    let m = equal as f64 / a.len() as f64;
    ((m - CHANCE) / (1.0 - CHANCE)).max(0.0)
}
/// The band table of one index folder, assigning each added document to a near-duplicate group
/// (`groups.Grouper`, method for method).
pub struct GroupTable {
    db: Connection,
    path: PathBuf,
    cache_rows: u64,
    base_rows: u64,
    new_rows: u64,
    next_seq: i64,
    batch_start: i64,
    in_tx: bool,
    sources: HashMap<String, i64>,
    filter: Option<BandFilter>,
    filter_max_bits: u64,
    rows_at_open: u64,
    rows_added: u64,
    candidates_sql: Vec<String>,
    insert_bands_sql: String,
    /// This batch's rows not yet written to SQLite (all newer than any row on disk).
    batch: BandBatch,
    /// Which band keys the file may hold, when it held none at opening (`None`: any may be there).
    disk_filter: Option<BandFilter>,
    /// Whether the band filter is used (tests turn it off: every key is then looked up).
    pub use_filter: bool,
    /// Rows of `bands_new` from which it is merged into `bands` (tests lower it).
    pub merge_min_rows: u64,
    /// Documents held in memory before they are written into the open transaction
    /// ([`MAX_BATCH_DOCS`]; tests lower it).
    pub max_batch_docs: usize,
    /// The work done so far.
    pub work: Work,
}

impl GroupTable {
    /// Open (or create) the table of the index in `index_dir`, whose last commit has `opstamp`
    /// (0 before any), with a page cache of `cache_mb` MB and a band filter of at most
    /// `filter_mb` MB; an interrupted commit is finished or undone (`groups.Grouper._recover`).
    ///
    /// # Errors
    /// [`GroupError::Missing`] when the index has commits but no table, [`GroupError::Version`]
    /// for a table of other fingerprints, [`GroupError::Sql`].
    pub fn open(index_dir: &Path, opstamp: u64, cache_mb: u64, filter_mb: u64) -> Result<Self, GroupError> {
        let path = index_dir.join(TABLE_FILE);
        let fresh = !path.exists();
        if fresh && opstamp > 0 {
            return Err(GroupError::Missing { path, index_dir: index_dir.to_owned() });
        }
        let db = Connection::open(&path).at(&path)?;
        db.set_prepared_statement_cache_capacity(64);
        db.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)).at(&path)?;
        db.pragma_update(None, "synchronous", "FULL").at(&path)?;
        db.pragma_update(None, "cache_size", -((cache_mb * 1024) as i64)).at(&path)?;
        db.execute_batch(SCHEMA).at(&path)?;
        let mut meta: HashMap<String, String> = {
            let mut st = db.prepare("SELECT key, value FROM meta").at(&path)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).at(&path)?;
            rows.collect::<rusqlite::Result<_>>().at(&path)?
        };
        if fresh || meta.is_empty() {
            meta = [("version", VERSION.to_owned()), ("opstamp", opstamp.to_string())]
                .into_iter()
                .chain([("next_seq", "1".to_owned()), ("batch_start", "1".to_owned())])
                .map(|(k, v)| (k.to_owned(), v))
                .collect();
            for key in ["version", "opstamp", "next_seq", "batch_start"] {
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", params![key, meta[key]]).at(&path)?;
            }
        } else if meta.get("version").map(String::as_str) != Some(VERSION) {
            let found = meta.get("version").cloned().unwrap_or_else(|| "None".to_owned());
            return Err(GroupError::Version { path, found, index_dir: index_dir.to_owned() });
        }
        let int = |key: &str| meta.get(key).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        let filter_bytes = filter_mb * 8 * 1024 * 1024;
        let filter_max_bits = if filter_bytes == 0 { 0 } else { 1u64 << filter_bytes.ilog2() };
        let (base_rows, new_rows) = (int("base_rows") as u64, int("new_rows") as u64);
        let mut table = GroupTable {
            db,
            path,
            cache_rows: cache_mb * 1024 * 1024 / CACHED_ROW_BYTES,
            base_rows,
            new_rows,
            next_seq: int("next_seq"),
            batch_start: int("batch_start"),
            in_tx: false,
            sources: HashMap::new(),
            filter: None,
            filter_max_bits: filter_max_bits.max(MIN_FILTER_BITS),
            rows_at_open: base_rows + new_rows,
            rows_added: 0,
            candidates_sql: (0..=BANDS).map(candidates_sql).collect(),
            insert_bands_sql: format!("INSERT OR IGNORE INTO bands_new VALUES {}", vec!["(?, ?)"; BANDS].join(", ")),
            batch: BandBatch::default(),
            disk_filter: None,
            use_filter: true,
            merge_min_rows: MERGE_MIN_ROWS,
            max_batch_docs: MAX_BATCH_DOCS,
            work: Work::default(),
        };
        table.recover(int("opstamp") as u64, opstamp)?;
        let held: bool = table
            .db
            .query_row("SELECT EXISTS (SELECT 1 FROM bands) OR EXISTS (SELECT 1 FROM bands_new)", [], |r| r.get(0))
            .at(&table.path)?;
        if !held {
            table.disk_filter = Some(BandFilter::new(MIN_FILTER_BITS));
        }
        Ok(table)
    }

    /// The table's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn set_meta(&self, items: &[(&str, i64)]) -> Result<(), GroupError> {
        for (k, v) in items {
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", params![k, v.to_string()]).at(&self.path)?;
        }
        Ok(())
    }

    pub(super) fn exec(&self, sql: &str) -> Result<(), GroupError> {
        self.db.execute_batch(sql).at(&self.path)
    }

    pub(super) fn delete_bands(&self, keys: &[i64], seq: i64) -> Result<(), GroupError> {
        for table in ["bands", "bands_new"] {
            let mut st =
                self.db.prepare_cached(&format!("DELETE FROM {table} WHERE band = ? AND seq = ?")).at(&self.path)?;
            for k in keys {
                st.execute(params![k, seq]).at(&self.path)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(dir: &Path) -> GroupTable {
        GroupTable::open(dir, 0, 8, 1).unwrap()
    }

    #[test]
    fn a_copy_joins_its_original_and_a_stranger_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = table(dir.path());
        let bands: Vec<u64> = (1000..1000 + BANDS as u64).collect();
        let sig: Vec<u8> = (0..128).map(|i| (i * 7) as u8).collect();
        let (g, joined) = t.assign("a", Some((&bands, &sig)), "f").unwrap();
        assert!(!joined);
        assert_eq!(g, new_group_id("a", Some(&sig)));
        assert_eq!(t.assign("b", Some((&bands, &sig)), "f").unwrap(), (g, true));
        let other: Vec<u64> = (5000..5000 + BANDS as u64).collect();
        assert!(!t.assign("c", Some((&other, &sig)), "").unwrap().1);
        t.forget_source("f").unwrap();
        assert!(!t.assign("d", Some((&bands, &sig)), "").unwrap().1);
        assert_eq!(t.groups().unwrap().len(), 2);
    }

    #[test]
    fn the_batch_reaches_the_file_at_prepare_commit_and_a_crash_before_it_loses_only_the_batch() {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = || {
            let db = Connection::open(dir.path().join(TABLE_FILE)).unwrap();
            db.query_row("SELECT count(*) FROM docs", [], |r| r.get::<_, i64>(0)).unwrap()
        };
        let mut t = table(dir.path());
        let bands: Vec<u64> = (1000..1000 + BANDS as u64).collect();
        let sig: Vec<u8> = (0..128).map(|i| (i * 7) as u8).collect();
        let (g, _) = t.assign("a", Some((&bands, &sig)), "f").unwrap();
        assert_eq!(t.groups().unwrap(), [("a".to_owned(), g)]);
        assert_eq!(on_disk(), 0);
        t.prepare_commit().unwrap();
        assert_eq!(on_disk(), 1);
        t.committed(1).unwrap();
        assert_eq!(t.assign("b", Some((&bands, &sig)), "f").unwrap(), (g, true));
        drop(t); // the process dies before its next commit
        let mut t = GroupTable::open(dir.path(), 1, 8, 1).unwrap();
        assert_eq!(t.groups().unwrap(), [("a".to_owned(), g)]);
        // Copies join the original on disk and those held in memory; "c" is written when the band
        // filter is built (at "d"), "d" and "e" stay in memory.
        t.max_batch_docs = 3;
        for id in ["c", "d", "e"] {
            assert_eq!(t.assign(id, Some((&bands, &sig)), "").unwrap(), (g, true));
        }
        assert!(t.assign("e", Some((&bands, &sig)), "").is_err()); // an id held twice, as SQLite says
        t.forget("e").unwrap(); // held in memory
        t.forget("c").unwrap(); // on disk
        let ids: Vec<String> = t.groups().unwrap().into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["a", "d"]);
    }

    #[test]
    fn the_filter_never_says_no_for_a_key_added() {
        let mut f = BandFilter::new(1 << 14);
        let keys: Vec<u64> = (0..5000u64).map(|i| i.wrapping_mul(0x2545_F491_4F6C_DD1D) & KEY_MASK).collect();
        f.check_and_add(&keys);
        assert!(keys.iter().all(|&k| f.may_hold(k)));
    }
}
