//! `kavosh-index`: the writing half of a Kavosh index, in Rust.
//!
//! A Kavosh index is a tantivy index whose schema is made by `kavosh.index.schema` (Python) and
//! whose term fields hold the terms of Kavosh's analyzer (`kavosh-analysis`).  The Python writer
//! (`kavosh.index.writer`, the specification) joins a document's terms with spaces and lets a
//! registered whitespace analyzer, [`TERMS_TOKENIZER`], split them again.  Here the terms stay
//! joined too ([`Terms`]), and the writer registers [`index_terms_analyzer`] under that name: the
//! tokens and positions of that analyzer, plus a stacked reading's terms at one position (which
//! the Python writer hands over pre-tokenized), split on tantivy's indexing thread into one reused
//! token, so no token of a document analysed in Rust is a heap block of its own; it is written
//! by tantivy's own `IndexWriter` ([`Writer`]).  (Pre-tokenized `Token`s, one `String` each,
//! cloned twice by tantivy's indexer, were 8–10% of the CPU of `kavosh index`.)
//!
//! The files written are the files tantivy-py reads: the `tantivy` crate is pinned to the version
//! the tantivy Python package is built with, and [`terms_analyzer`] is registered under the same
//! name, so the same index can be searched from Python.
//!
//! Beside the index, [`GroupTable`] assigns each added document to a near-duplicate group (the
//! LSH band table of `kavosh.index.groups`, same rule, same SQLite file).
#![forbid(unsafe_code)]

mod band_batch;
mod doc;
pub mod groups;
mod id_key;
mod maxscore;
mod pass;
mod positions;
pub mod records;
mod search;
mod stored;
mod terms;
#[cfg(test)]
mod test_index;
mod writer;

pub use doc::{IndexDoc, IndexValue};
pub use groups::{GroupError, GroupTable};
pub use id_key::id_key;
pub use pass::{GroupCounts, RankedCount};
pub use records::{read_lines, Piece, Record};
pub use search::{Commit, Counted, Hit, Leaf, SearchError, Shape, Snapshot, Spec, TopSearcher};
pub use stored::StoredValue;
pub use tantivy::schema::Field;
pub use tantivy::Searcher;
pub use terms::{index_terms_analyzer, terms_analyzer, Terms, TermsTokenizer, MAX_TERM_BYTES, TERMS_TOKENIZER};
pub use writer::{CommitAfter, Fields, NewDoc, TypedValue, WriteError, Writer, ID_KEY_FIELDS};
