//! The grouping rule (`groups.Grouper.assign`, `forget`, `forget_source`): a document's
//! candidates by band key, their signatures compared, the group it joins or starts; forgetting
//! deleted documents (with their undo rows); the band filter built and doubled as the table grows.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, OptionalExtension};

use super::band_filter::BandFilter;
use super::rows::{rows_of, DocRow};
use super::{
    new_group_id, similarity, At, GroupError, GroupTable, FILTER_BITS_PER_KEY, KEY_MASK, MAX_CANDIDATES, MAX_PER_BAND,
    MIN_FILTER_BITS, MIN_SHARED_BANDS, THRESHOLD,
};
use crate::band_batch::BatchRow;

impl GroupTable {
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
    pub(super) fn file_filter(&self, keys: u64) -> Result<BandFilter, GroupError> {
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
}
