//! The band table's rows and statements as the group table reads them: a row of `docs` (and of
//! `undo`), the rows a query selects, and the one statement that looks up the documents of up to
//! [`BANDS`](super::BANDS) band keys at once.

use rusqlite::Connection;

use super::MAX_PER_BAND;

/// A row of `docs` (and of `undo`).
pub(super) struct DocRow {
    pub(super) seq: i64,
    pub(super) doc_id: String,
    pub(super) src: Option<i64>,
    pub(super) grp: i64,
    pub(super) sig: Vec<u8>,
    pub(super) bands: Vec<u8>,
}

impl DocRow {
    pub(super) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(DocRow {
            seq: r.get(0)?,
            doc_id: r.get(1)?,
            src: r.get(2)?,
            grp: r.get(3)?,
            sig: r.get(4)?,
            bands: r.get(5)?,
        })
    }

    pub(super) fn keys(&self) -> Vec<i64> {
        self.bands.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes"))).collect()
    }
}

pub(super) fn rows_of(db: &Connection, sql: &str, arg: i64) -> rusqlite::Result<Vec<DocRow>> {
    let mut st = db.prepare_cached(sql)?;
    let rows = st.query_map([arg], DocRow::read)?;
    rows.collect()
}

pub(super) fn candidates_sql(n: usize) -> String {
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
