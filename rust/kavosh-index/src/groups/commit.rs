//! The group table's commit protocol (`groups.Grouper`'s): the open transaction, the batch
//! written into it, the undo log made durable just before tantivy commits, and the recovery,
//! abort and rollback that bring the table back to the index's last commit.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter};

use super::rows::rows_of;
use super::{At, GroupError, GroupTable, BANDS, FILTER_BITS_PER_KEY};

impl GroupTable {
    /// Bring the table to the index's last commit after an interrupted one.
    pub(super) fn recover(&mut self, recorded: u64, actual: u64) -> Result<(), GroupError> {
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

    pub(super) fn begin(&mut self) -> Result<(), GroupError> {
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

    /// Write the batch's rows into the open transaction: the `docs` rows in sequence order, the
    /// band rows sorted by key (the order of `bands_new`'s primary key).
    pub(super) fn write_batch(&mut self) -> Result<(), GroupError> {
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
