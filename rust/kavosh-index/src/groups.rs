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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use blake2::digest::{Update, VariableOutput};
use blake2::Blake2bVar;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

pub use crate::band_batch::MAX_BATCH_DOCS;
use crate::band_batch::{BandBatch, BatchRow};

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
const WORD_MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const BIT_MUL: u64 = 0xC2B2_AE3D_27D4_EB4F;
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

/// Which band keys may be in the table: a blocked Bloom filter, three bits of one 64-bit word a
/// key (`groups.BandFilter`, the same words and bits: Putze, Sanders and Singler 2007).  Never
/// says no for a key added.
#[derive(Debug, Clone)]
pub struct BandFilter {
    bits: u64,
    shift: u32,
    words: Vec<u64>,
    keys: u64,
}

impl BandFilter {
    /// An empty filter of `bits` bits (a power of two, at least 64).
    pub fn new(bits: u64) -> Self {
        let n = (bits / 64).max(1);
        BandFilter { bits, shift: 64 - n.ilog2(), words: vec![0; n as usize], keys: 0 }
    }

    #[inline]
    fn probe(&self, key: u64) -> (usize, u64) {
        let w = key.wrapping_mul(WORD_MUL).checked_shr(self.shift).unwrap_or(0) as usize;
        let h = key.wrapping_mul(BIT_MUL);
        (w, (1u64 << (h >> 58)) | (1u64 << ((h >> 52) & 63)) | (1u64 << ((h >> 46) & 63)))
    }

    /// Add a key.
    pub fn add(&mut self, key: u64) {
        let (w, m) = self.probe(key);
        self.words[w] |= m;
        self.keys += 1;
    }

    /// False when the table certainly does not hold `key`.
    pub fn may_hold(&self, key: u64) -> bool {
        let (w, m) = self.probe(key);
        self.words[w] & m == m
    }

    /// [`BandFilter::may_hold`] of each key, each added right after it is checked.
    pub fn check_and_add(&mut self, keys: &[u64]) -> Vec<bool> {
        keys.iter()
            .map(|&k| {
                let (w, m) = self.probe(k);
                let v = self.words[w];
                self.words[w] = v | m;
                self.keys += 1;
                v & m == m
            })
            .collect()
    }

    /// The filter's words (for tests against the Python filter).
    pub fn words(&self) -> &[u64] {
        &self.words
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

/// A row of `docs` (and of `undo`).
struct DocRow {
    seq: i64,
    doc_id: String,
    src: Option<i64>,
    grp: i64,
    sig: Vec<u8>,
    bands: Vec<u8>,
}

impl DocRow {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(DocRow {
            seq: r.get(0)?,
            doc_id: r.get(1)?,
            src: r.get(2)?,
            grp: r.get(3)?,
            sig: r.get(4)?,
            bands: r.get(5)?,
        })
    }

    fn keys(&self) -> Vec<i64> {
        self.bands.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes"))).collect()
    }
}

fn rows_of(db: &Connection, sql: &str, arg: i64) -> rusqlite::Result<Vec<DocRow>> {
    let mut st = db.prepare_cached(sql)?;
    let rows = st.query_map([arg], DocRow::read)?;
    rows.collect()
}

fn candidates_sql(n: usize) -> String {
    (0..n)
        .flat_map(|i| {
            ["bands", "bands_new"].map(|t| {
                format!(
                    "SELECT * FROM (SELECT {i}, seq FROM {t} WHERE band = ?{} ORDER BY seq DESC LIMIT {MAX_PER_BAND})",
                    i + 1
                )
            })
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
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

    fn set_meta(&self, items: &[(&str, i64)]) -> Result<(), GroupError> {
        for (k, v) in items {
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", params![k, v.to_string()]).at(&self.path)?;
        }
        Ok(())
    }

    fn exec(&self, sql: &str) -> Result<(), GroupError> {
        self.db.execute_batch(sql).at(&self.path)
    }

    fn delete_bands(&self, keys: &[i64], seq: i64) -> Result<(), GroupError> {
        for table in ["bands", "bands_new"] {
            let mut st =
                self.db.prepare_cached(&format!("DELETE FROM {table} WHERE band = ? AND seq = ?")).at(&self.path)?;
            for k in keys {
                st.execute(params![k, seq]).at(&self.path)?;
            }
        }
        Ok(())
    }

    /// Bring the table to the index's last commit after an interrupted one.
    fn recover(&mut self, recorded: u64, actual: u64) -> Result<(), GroupError> {
        self.exec("BEGIN IMMEDIATE")?;
        if recorded == actual {
            let batch = rows_of(&self.db, "SELECT * FROM docs WHERE seq >= ?", self.batch_start).at(&self.path)?;
            for row in &batch {
                self.delete_bands(&row.keys(), row.seq)?;
            }
            self.db.execute("DELETE FROM docs WHERE seq >= ?", [self.batch_start]).at(&self.path)?;
            let undo = rows_of(&self.db, "SELECT * FROM undo WHERE seq >= ?", i64::MIN).at(&self.path)?;
            for r in &undo {
                self.db
                    .execute(
                        "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                        params![r.seq, r.doc_id, r.src, r.grp, r.sig, r.bands],
                    )
                    .at(&self.path)?;
                let mut st = self.db.prepare_cached("INSERT OR IGNORE INTO bands VALUES (?, ?)").at(&self.path)?;
                for k in r.keys() {
                    st.execute(params![k, r.seq]).at(&self.path)?;
                }
            }
        }
        self.exec("DELETE FROM undo")?;
        self.set_meta(&[("opstamp", actual as i64), ("batch_start", self.next_seq)])?;
        self.exec("COMMIT")?;
        self.batch_start = self.next_seq;
        Ok(())
    }

    fn begin(&mut self) -> Result<(), GroupError> {
        if !self.in_tx {
            self.exec("BEGIN IMMEDIATE")?;
            self.in_tx = true;
        }
        Ok(())
    }

    /// Make this batch's changes durable with their undo log, just before tantivy commits
    /// (`groups.Grouper.prepare_commit`: merges `bands_new` into `bands` when it has grown).
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn prepare_commit(&mut self) -> Result<(), GroupError> {
        self.begin()?;
        self.write_batch()?;
        let limit = self.merge_min_rows.max((self.base_rows / 4).min(self.cache_rows / 2));
        if self.new_rows >= limit {
            self.exec("INSERT OR IGNORE INTO bands SELECT band, seq FROM bands_new; DELETE FROM bands_new;")?;
            self.base_rows += self.new_rows;
            self.new_rows = 0;
        }
        self.set_meta(&[
            ("next_seq", self.next_seq),
            ("batch_start", self.batch_start),
            ("base_rows", self.base_rows as i64),
            ("new_rows", self.new_rows as i64),
        ])?;
        self.exec("COMMIT")?;
        self.in_tx = false;
        Ok(())
    }

    /// tantivy's commit failed after [`GroupTable::prepare_commit`]: undo the prepared batch.
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn abort_commit(&mut self) -> Result<(), GroupError> {
        self.batch.clear();
        self.recover(0, 0)?;
        self.filter = None;
        Ok(())
    }

    /// tantivy committed with `opstamp`: drop the undo log and start the next batch.
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn committed(&mut self, opstamp: u64) -> Result<(), GroupError> {
        self.batch_start = self.next_seq;
        self.exec("BEGIN IMMEDIATE")?;
        self.exec("DELETE FROM undo")?;
        self.set_meta(&[("opstamp", opstamp as i64), ("batch_start", self.batch_start)])?;
        self.exec("COMMIT")
    }

    /// The batch was dropped: drop its changes too.
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn rolled_back(&mut self) -> Result<(), GroupError> {
        if self.in_tx {
            self.exec("ROLLBACK")?;
            self.in_tx = false;
        }
        let meta: HashMap<String, String> = {
            let mut st = self.db.prepare("SELECT key, value FROM meta").at(&self.path)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).at(&self.path)?;
            rows.collect::<rusqlite::Result<_>>().at(&self.path)?
        };
        let int = |key: &str| meta.get(key).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        self.next_seq = int("next_seq");
        self.base_rows = int("base_rows") as u64;
        self.new_rows = int("new_rows") as u64;
        self.batch_start = self.next_seq;
        self.sources.clear();
        self.filter = None;
        self.batch.clear();
        Ok(())
    }

    /// Drop uncommitted changes (the connection closes when the table is dropped).
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn close(mut self) -> Result<(), GroupError> {
        if self.in_tx {
            self.exec("ROLLBACK")?;
            self.in_tx = false;
        }
        let path = self.path.clone();
        self.db.close().map_err(|(_, source)| GroupError::Sql { path, source })
    }

    fn remove(&mut self, rows: Vec<DocRow>) -> Result<(), GroupError> {
        for r in rows {
            if r.seq < self.batch_start {
                self.db
                    .execute(
                        "INSERT OR IGNORE INTO undo VALUES (?, ?, ?, ?, ?, ?)",
                        params![r.seq, r.doc_id, r.src, r.grp, r.sig, r.bands],
                    )
                    .at(&self.path)?;
            }
            self.delete_bands(&r.keys(), r.seq)?;
            self.db.execute("DELETE FROM docs WHERE seq = ?", [r.seq]).at(&self.path)?;
            self.work.statements += 4;
        }
        Ok(())
    }

    /// `doc_id` is deleted or replaced: it is no longer anybody's candidate.
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn forget(&mut self, doc_id: &str) -> Result<(), GroupError> {
        self.begin()?;
        if self.batch.remove(doc_id).is_some() {
            // added in this batch, not yet written: no undo row, nothing on disk
            self.work.statements += 5;
            return Ok(());
        }
        let rows = {
            let mut st = self.db.prepare_cached("SELECT * FROM docs WHERE doc_id = ?").at(&self.path)?;
            let rows = st.query_map([doc_id], DocRow::read).at(&self.path)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)?
        };
        self.work.statements += 1;
        self.remove(rows)
    }

    /// Every document read from the source file `source_key` is deleted.
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn forget_source(&mut self, source_key: &str) -> Result<(), GroupError> {
        self.begin()?;
        self.write_batch()?;
        if let Some(src) = self.source_id(source_key, false)? {
            let rows = rows_of(&self.db, "SELECT * FROM docs WHERE src = ?", src).at(&self.path)?;
            self.remove(rows)?;
        }
        Ok(())
    }

    fn source_id(&mut self, key: &str, create: bool) -> Result<Option<i64>, GroupError> {
        if let Some(&id) = self.sources.get(key) {
            return Ok(Some(id));
        }
        let found: Option<i64> = self
            .db
            .prepare_cached("SELECT id FROM sources WHERE key = ?")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .at(&self.path)?;
        let id = match found {
            Some(id) => id,
            None if !create => return Ok(None),
            None => {
                self.db.execute("INSERT INTO sources (key) VALUES (?)", [key]).at(&self.path)?;
                self.db.last_insert_rowid()
            }
        };
        self.sources.insert(key.to_owned(), id);
        Ok(Some(id))
    }

    /// The band filter, built or doubled as `groups.Grouper._band_filter` says; `false` when none
    /// is used yet (every key is looked up).
    fn band_filter(&mut self) -> Result<bool, GroupError> {
        if !self.use_filter {
            return Ok(false);
        }
        match &self.filter {
            None => {
                if self.rows_added * 8 < self.rows_at_open {
                    return Ok(false);
                }
                self.build_filter(self.rows_at_open + self.rows_added)?;
            }
            Some(f) => {
                if f.keys * FILTER_BITS_PER_KEY > f.bits && f.bits < self.filter_max_bits {
                    self.build_filter(f.keys)?;
                }
            }
        }
        Ok(true)
    }

    fn build_filter(&mut self, rows: u64) -> Result<(), GroupError> {
        self.write_batch()?;
        self.filter = Some(self.file_filter(rows)?);
        Ok(())
    }

    /// A band filter of every band key the file holds (`bands` and `bands_new`), sized for `keys` keys:
    /// the smallest `MIN_FILTER_BITS` × 2ⁿ bits of at least `2 × keys × FILTER_BITS_PER_KEY`, at most
    /// `filter_max_bits`.
    fn file_filter(&self, keys: u64) -> Result<BandFilter, GroupError> {
        let mut bits = MIN_FILTER_BITS;
        while bits < 2 * keys * FILTER_BITS_PER_KEY && bits < self.filter_max_bits {
            bits *= 2;
        }
        let mut f = BandFilter::new(bits);
        for table in ["bands", "bands_new"] {
            let mut st = self.db.prepare(&format!("SELECT band FROM {table}")).at(&self.path)?;
            let mut rows = st.query([]).at(&self.path)?;
            while let Some(r) = rows.next().at(&self.path)? {
                f.add(r.get::<_, i64>(0).at(&self.path)? as u64);
            }
        }
        Ok(f)
    }

    /// The group of a document being added (call [`GroupTable::forget`] for its id first):
    /// `(group id, joined)`, `joined` when the group is an existing one.  `fingerprint` is the
    /// band keys and the stored signature (`None`: too short to group, a group of its own, not in
    /// the table); `source_key` the file it was read from (`""`: none).
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn assign(
        &mut self,
        doc_id: &str,
        fingerprint: Option<(&[u64], &[u8])>,
        source_key: &str,
    ) -> Result<(u64, bool), GroupError> {
        self.work.documents += 1;
        let Some((bands, sig)) = fingerprint else {
            return Ok((new_group_id(doc_id, None), false));
        };
        self.begin()?;
        let keys: Vec<u64> = bands.iter().map(|b| b & KEY_MASK).collect();
        let held = if self.band_filter()? {
            self.filter.as_mut().expect("built by band_filter").check_and_add(&keys)
        } else {
            vec![true; keys.len()]
        };
        let asked: Vec<i64> = keys.iter().zip(&held).filter(|(_, h)| **h).map(|(k, _)| *k as i64).collect();
        let mut per_band: Vec<Vec<i64>> = vec![Vec::new(); asked.len()];
        if !asked.is_empty() {
            self.work.lookups += 2 * asked.len() as u64;
            self.work.statements += 1;
            // The batch's rows first (all newer than the file's); the file only for the keys that
            // found fewer than MAX_PER_BAND there and that it may hold.
            let mut on_disk: Vec<usize> = Vec::new();
            for (i, &k) in asked.iter().enumerate() {
                self.batch.newest(k, MAX_PER_BAND, &mut per_band[i]);
                if per_band[i].len() < MAX_PER_BAND && self.disk_filter.as_ref().is_none_or(|f| f.may_hold(k as u64)) {
                    on_disk.push(i);
                }
            }
            if !on_disk.is_empty() {
                let args: Vec<i64> = on_disk.iter().map(|&i| asked[i]).collect();
                let mut st = self.db.prepare_cached(&self.candidates_sql[args.len()]).at(&self.path)?;
                let mut rows = st.query(params_from_iter(&args)).at(&self.path)?;
                while let Some(r) = rows.next().at(&self.path)? {
                    let band: usize = r.get(0).at(&self.path)?;
                    per_band[on_disk[band]].push(r.get(1).at(&self.path)?);
                }
            }
        }
        let mut shared: HashMap<i64, u32> = HashMap::new();
        for found in &mut per_band {
            found.sort_unstable_by(|a, b| b.cmp(a));
            for s in found.iter().take(MAX_PER_BAND) {
                *shared.entry(*s).or_default() += 1;
            }
        }
        let mut ranked: Vec<(u32, i64)> =
            shared.into_iter().filter(|(_, n)| *n >= MIN_SHARED_BANDS).map(|(s, n)| (n, s)).collect();
        ranked.sort_unstable_by(|a, b| b.cmp(a)); // most bands first, then the most recent
        let mut seqs: Vec<i64> = ranked.iter().take(MAX_CANDIDATES).map(|(_, s)| *s).collect();
        seqs.sort_unstable();
        let mut group = None;
        if !seqs.is_empty() {
            // in sequence order: the file's rows (older), then the batch's
            let (held, disk): (Vec<i64>, Vec<i64>) = seqs.iter().partition(|s| self.batch.row(**s).is_some());
            let mut rows: Vec<(i64, Vec<u8>)> = Vec::with_capacity(seqs.len());
            if !disk.is_empty() {
                let sql = format!(
                    "SELECT seq, grp, sig FROM docs WHERE seq IN ({}) ORDER BY seq",
                    vec!["?"; disk.len()].join(",")
                );
                let mut st = self.db.prepare_cached(&sql).at(&self.path)?;
                let found = st
                    .query_map(params_from_iter(&disk), |r| Ok((r.get::<_, i64>(1)?, r.get::<_, Vec<u8>>(2)?)))
                    .at(&self.path)?;
                for r in found {
                    rows.push(r.at(&self.path)?);
                }
            }
            rows.extend(held.iter().filter_map(|s| self.batch.row(*s)).map(|r| (r.grp, r.sig.clone())));
            self.work.statements += 1;
            self.work.candidates += rows.len() as u64;
            let mut best: Option<(f64, i64)> = None;
            for (grp, other) in &rows {
                let s = similarity(sig, other);
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, *grp)); // the first maximum: the lowest sequence number
                }
            }
            if let Some((s, grp)) = best {
                if s >= THRESHOLD {
                    group = Some(grp as u64);
                }
            }
        }
        let joined = group.is_some();
        let group = group.unwrap_or_else(|| new_group_id(doc_id, Some(sig)));
        let seq = self.next_seq;
        self.next_seq += 1;
        let src = if source_key.is_empty() { None } else { self.source_id(source_key, true)? };
        if self.batch.seq_of(doc_id).is_some() {
            // what the insert into `docs` says when it runs (the id was not forgotten first)
            let source = rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE),
                Some("UNIQUE constraint failed: docs.doc_id".to_owned()),
            );
            return Err(GroupError::Sql { path: self.path.clone(), source });
        }
        let packed: Vec<u8> = keys.iter().flat_map(|k| (*k as i64).to_le_bytes()).collect();
        let ikeys: Vec<i64> = keys.iter().map(|k| *k as i64).collect();
        let row = BatchRow { seq, doc_id: doc_id.to_owned(), src, grp: group as i64, sig: sig.to_vec(), bands: packed };
        self.batch.push(row, &ikeys);
        if self.batch.len() >= self.max_batch_docs {
            self.write_batch()?;
        }
        self.new_rows += keys.len() as u64;
        self.rows_added += keys.len() as u64;
        self.work.statements += 2;
        Ok((group, joined))
    }

    /// Every live document with a fingerprint and its group id, in sequence order.
    ///
    /// # Errors
    /// [`GroupError::Sql`].
    pub fn groups(&self) -> Result<Vec<(String, u64)>, GroupError> {
        let mut st = self.db.prepare("SELECT doc_id, grp FROM docs ORDER BY seq").at(&self.path)?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))).at(&self.path)?;
        let mut out = rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)?;
        out.extend(self.batch.live().map(|r| (r.doc_id.clone(), r.grp as u64)));
        Ok(out)
    }

    /// Write the batch's rows into the open transaction: the `docs` rows in sequence order, the
    /// band rows sorted by key (the order of `bands_new`'s primary key).
    fn write_batch(&mut self) -> Result<(), GroupError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.begin()?;
        {
            let mut st = self.db.prepare_cached("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)").at(&self.path)?;
            for r in self.batch.live() {
                st.execute(params![r.seq, r.doc_id, r.src, r.grp, r.sig, r.bands]).at(&self.path)?;
            }
        }
        let pairs = self.batch.band_rows();
        {
            let mut many = self.db.prepare_cached(&self.insert_bands_sql).at(&self.path)?;
            let mut chunks = pairs.chunks_exact(BANDS);
            for chunk in &mut chunks {
                many.execute(params_from_iter(chunk.iter().flat_map(|(k, s)| [*k, *s]))).at(&self.path)?;
            }
            let mut one = self.db.prepare_cached("INSERT OR IGNORE INTO bands_new VALUES (?, ?)").at(&self.path)?;
            for (k, s) in chunks.remainder() {
                one.execute(params![k, s]).at(&self.path)?;
            }
        }
        self.batch.clear();
        let mut grow = None;
        if let Some(f) = &mut self.disk_filter {
            for (k, _) in &pairs {
                f.add(*k as u64);
            }
            if f.keys * FILTER_BITS_PER_KEY > f.bits && f.bits < self.filter_max_bits {
                grow = Some(f.keys);
            }
        }
        if let Some(keys) = grow {
            self.disk_filter = Some(self.file_filter(keys)?);
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
