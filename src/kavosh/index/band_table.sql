-- The near-duplicate band table's schema: one source for the Python writer (kavosh.index.band_table)
-- and the Rust writer (rust/kavosh-index/src/groups.rs includes this file), which write the same file.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS docs (seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, src INTEGER,
                                 grp INTEGER NOT NULL, sig BLOB NOT NULL, bands BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS docs_src ON docs (src);
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (band, seq))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bands_new (band INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (band, seq))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS undo (seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, src INTEGER,
                                 grp INTEGER NOT NULL, sig BLOB NOT NULL, bands BLOB NOT NULL);
