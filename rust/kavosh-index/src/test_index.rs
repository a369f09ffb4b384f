//! What the crate's unit tests share (compiled for them only): a test index in a temporary folder,
//! and the indexing Kavosh gives its term fields.

use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexWriter};
use tempfile::TempDir;

/// The indexing of Kavosh's term fields (`kavosh.index.schema`): text split on whitespace, with
/// frequencies and positions.
pub fn positions_text() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// A new index of `schema` in a fresh temporary folder, and a one-thread writer (15 MB budget).
/// The folder is removed when the returned [`TempDir`] is dropped.
pub fn new_index(schema: Schema) -> (TempDir, Index, IndexWriter) {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_in_dir(dir.path(), schema).unwrap();
    let writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    (dir, index, writer)
}
