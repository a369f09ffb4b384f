//! Top-k ranked search over a Kavosh index with tantivy's block-max WAND (the ranked page of
//! `kavosh.search`, when its query is a flat union of optional leaves).
//!
//! tantivy-py's `Searcher.search` always collects through a `MultiCollector`, so tantivy's pruning
//! top-k (`Weight::for_each_pruning`: block-max WAND, Ding & Suel, "Faster top-k document retrieval
//! using block-max indexes", SIGIR 2011) never runs there and every match is scored.  Here the
//! same query is built from a [`Spec`] (the leaves `kavosh.search.ranking.build_query` makes: term
//! and phrase queries, each boosted as there, all optional) and collected by a top-k that prunes.
//!
//! tantivy's block-max WAND needs a union of *term* scorers only.  A phrase leaf (the exact-phrase
//! bonus, a multi-word alternative) is therefore scored apart: its matching documents are found
//! first (a phrase walks the intersection of its terms' postings, not their union) and each gets
//! its exact score, every leaf checked at that document only (tantivy's `seek_danger`: a phrase's
//! `seek` would walk its intersection on to its next match, reading positions all the way: checking
//! the document only took a 10-term question's top-k on 1M generated documents from 63 to 37 ms); then the terms' union runs under
//! block-max WAND with the running k-th score as threshold, skipping those documents.  (Checking the
//! phrases inside the WAND instead, at each document it yields, with its threshold lowered by their
//! largest possible score, was measured and lost: that bound is loose, so little was pruned, 91 ms.)  Every document's score is the
//! sum of its leaves' BM25 scores, as in tantivy's own union; only the order of the additions may
//! differ (the last bits of a score).
//!
//! A query of [`MAXSCORE_WORDS`](top::MAXSCORE_WORDS) words or more runs MaxScore over one cursor per word instead of
//! tantivy's block-max WAND over one cursor per term leaf ([`crate::maxscore`]): the same hits.
//!
//! Ties: equal scores are ordered by (segment, document), lower first, as tantivy's `TopDocs`.
//! Deleted documents never match.
//!
//! The parts: `top.rs` (the ranked page), `at_doc.rs` (scoring leaves at single documents),
//! `count.rs` (counting matches); this module holds the query's types, the reader and the
//! leaves' tantivy queries.

mod at_doc;
mod count;
mod top;

pub(crate) use at_doc::AtDoc;
pub(crate) use count::matching_leaves;
pub(crate) use top::Ranked;

use std::path::{Path, PathBuf};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, FieldType, IndexRecordOption};
use tantivy::{DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, Term};

/// An error of the top-k search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The folder holds no readable tantivy index.
    #[error("cannot open the index at {}: {source}", path.display())]
    Open {
        /// The index folder.
        path: PathBuf,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
    /// A leaf names a field the index does not have, or one that is not a text field.
    #[error("the index has no text field {field:?}")]
    NoField {
        /// The field's name.
        field: String,
    },
    /// A leaf has no terms, or a phrase leaf only one.
    #[error("a {kind} leaf needs {need} terms, got {got}")]
    Leaf {
        /// `"term"` or `"phrase"`.
        kind: &'static str,
        /// How many it needs.
        need: &'static str,
        /// How many it has.
        got: usize,
    },
    /// tantivy failed while searching (an I/O error reading the index).
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// One optional leaf of a query: a term (one term) or an exact phrase (terms with their offsets),
/// in one text field, its score multiplied by each of `boosts` (innermost first, as
/// `kavosh.search.ranking.clause_leaves` nests its boost queries).
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The tantivy field's name (`body_terms`, `title_terms`, `f_<name>`).
    pub field: String,
    /// `(offset, term)`: one for a term query, two or more for a phrase.
    pub terms: Vec<(usize, String)>,
    /// Boosts applied in order (each wraps the previous query); empty for none.
    pub boosts: Vec<f32>,
}

/// A query: the union of its leaves (a document matches when any leaf does; its score is the sum of
/// the matching leaves' scores).
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// The leaves, in the order `build_query` adds them.
    pub leaves: Vec<Leaf>,
}

/// A ranked hit: `(score, segment ordinal, document id in the segment)`.
pub type Hit = (Score, u32, DocId);

/// The shape of the commit a searcher sees: `(segments, live documents)`.
pub type Shape = (usize, u64);

/// The commit a searcher sees, exactly: each segment's id (32 hex digits, as `meta.json` names it
/// without its hyphens) and the opstamp of its deletes (`None`: no deletes), in the searcher's
/// segment order (a document's address is its segment's place in this list).
pub type Commit = Vec<(String, Option<u64>)>;

/// The matches of a query counted, and their near-duplicate groups (for a collapsed total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// Matching live documents.
    pub matched: u64,
    /// Distinct results among the first `limit` matches in index order: distinct group ids plus
    /// the matches without a group.
    pub results: u64,
    /// Whether every match was looked at (`matched <= limit`, counted to the end): `results` is then
    /// the exact collapsed total.
    pub complete: bool,
    /// Whether `matched` is exact: the count ran to the end (else it stopped early,
    /// [`Snapshot::count_upto`], and `matched` is a lower bound).
    pub exact: bool,
}

/// A reader of one index kept open between searches; it moves to a new commit only when told
/// ([`TopSearcher::reload`]), so that its caller can pair it with another reader of the same commit.
pub struct TopSearcher {
    reader: IndexReader,
}

impl TopSearcher {
    /// Opens the index at `path` with a reader that reloads only when told ([`TopSearcher::reload`]).
    ///
    /// # Errors
    /// [`SearchError::Open`] when the folder holds no readable index.
    pub fn open(path: &Path) -> Result<Self, SearchError> {
        let open = |source| SearchError::Open { path: path.to_path_buf(), source };
        let index = Index::open_in_dir(path).map_err(open)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(open)?;
        Ok(Self { reader })
    }

    /// Loads the index's latest commit (snapshots already taken keep theirs).
    ///
    /// # Errors
    /// [`SearchError::Tantivy`] when the commit cannot be read.
    pub fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// The commit loaded last, as a [`Snapshot`] that keeps it for as long as it lives.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot { searcher: self.reader.searcher() }
    }
}

/// One commit of an index, searched by [`Snapshot::top`] and counted by [`Snapshot::count`].
#[derive(Clone)]
pub struct Snapshot {
    searcher: Searcher,
}

impl Snapshot {
    /// The tantivy searcher of this commit.
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// This commit's [`Shape`].
    pub fn shape(&self) -> Shape {
        (self.searcher.segment_readers().len(), self.searcher.num_docs())
    }

    /// This commit's [`Commit`]: its segments and their delete opstamps.
    pub fn commit(&self) -> Commit {
        self.searcher.segment_readers().iter().map(|r| (r.segment_id().uuid_string(), r.delete_opstamp())).collect()
    }

    /// The index's field named `name`.
    ///
    /// # Errors
    /// [`SearchError::NoField`] when the index lacks it.
    pub(crate) fn field(&self, name: &str) -> Result<Field, SearchError> {
        self.searcher.schema().get_field(name).map_err(|_| SearchError::NoField { field: name.to_string() })
    }

    /// The document frequency of the text `term` in the field named `name` (deleted documents included).
    ///
    /// # Errors
    /// As [`Snapshot::field`]; [`SearchError::Tantivy`] when the term dictionary cannot be read.
    pub(crate) fn doc_freq(&self, name: &str, term: &str) -> Result<u64, SearchError> {
        Ok(self.searcher.doc_freq(&Term::from_field_text(self.field(name)?, term))?)
    }

    pub(crate) fn leaf_query(&self, leaf: &Leaf) -> Result<Box<dyn Query>, SearchError> {
        let field = self.field(&leaf.field)?;
        if !matches!(self.searcher.schema().get_field_entry(field).field_type(), FieldType::Str(_)) {
            return Err(SearchError::NoField { field: leaf.field.clone() });
        }
        let mut q: Box<dyn Query> = match leaf.terms.as_slice() {
            [] => return Err(SearchError::Leaf { kind: "term", need: "1", got: 0 }),
            [(_, t)] => {
                Box::new(TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::WithFreqsAndPositions))
            }
            many => Box::new(PhraseQuery::new_with_offset(
                many.iter().map(|(o, t)| (*o, Term::from_field_text(field, t))).collect(),
            )),
        };
        for &b in &leaf.boosts {
            q = Box::new(BoostQuery::new(q, b));
        }
        Ok(q)
    }

    pub(crate) fn union(&self, leaves: &[&Leaf]) -> Result<BooleanQuery, SearchError> {
        let subs =
            leaves.iter().map(|l| Ok((Occur::Should, self.leaf_query(l)?))).collect::<Result<_, SearchError>>()?;
        Ok(BooleanQuery::new(subs))
    }
}
