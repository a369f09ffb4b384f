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
//! A query of [`MAXSCORE_WORDS`] words or more runs MaxScore over one cursor per word instead of
//! tantivy's block-max WAND over one cursor per term leaf ([`crate::maxscore`]): the same hits.
//!
//! Ties: equal scores are ordered by (segment, document), lower first, as tantivy's `TopDocs`.
//! Deleted documents never match.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

use tantivy::query::{
    Bm25Weight, BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query, Scorer, TermQuery, Weight,
};

use crate::maxscore;

/// The fewest words (distinct cursors of [`Snapshot::words`]) for which [`Snapshot::top`] runs MaxScore
/// over one cursor per word ([`maxscore`]); a query of fewer words runs tantivy's block-max WAND over one
/// cursor per term leaf.  Measured on 100k generated documents (docs/benchmarks.md, "Query cost at 1M,
/// session j"): MaxScore over merged cursors wins on questions of many words (the slowest ones) and
/// loses on short ones, where a common word's title leaf (short field, high idf) makes its whole body
/// list essential, while block-max WAND leaves such a body list behind the pivot.
const MAXSCORE_WORDS: usize = 5;

/// How many words [`Snapshot::words`] makes of the term leaves `terms`: one per distinct `body_terms`
/// term, plus each other leaf that is not the `title_terms` leaf of one of those.
fn word_count(terms: &[&Leaf]) -> usize {
    let body: HashSet<&str> = terms.iter().filter(|l| l.field == BODY).map(|l| l.terms[0].1.as_str()).collect();
    body.len()
        + terms
            .iter()
            .filter(|l| l.field != BODY && !(l.field == TITLE && body.contains(l.terms[0].1.as_str())))
            .count()
}

/// The body's term field: it holds the title's terms too.
const BODY: &str = "body_terms";
/// The title's term field.
const TITLE: &str = "title_terms";
use tantivy::schema::{Field, FieldType, IndexRecordOption};
use tantivy::{
    DocId, DocSet, Index, IndexReader, ReloadPolicy, Score, Searcher, SeekDangerResult, SegmentReader, Term,
    COLLECT_BLOCK_BUFFER_LEN, TERMINATED,
};

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

    /// The first `k` hits of `spec` on this commit, best first (ties: lower address first).
    ///
    /// # Errors
    /// [`SearchError::NoField`] / [`SearchError::Leaf`] for a malformed spec,
    /// [`SearchError::Tantivy`] when reading fails.
    pub fn top(&self, spec: &Spec, k: usize) -> Result<Vec<Hit>, SearchError> {
        if k == 0 || spec.leaves.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = &self.searcher;
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let weight = |l: &Leaf| self.leaf_query(l)?.weight(scoring).map_err(SearchError::from);
        let (terms, phrases): (Vec<&Leaf>, Vec<&Leaf>) = spec.leaves.iter().partition(|l| l.terms.len() == 1);
        let phrase_weights = phrases.iter().map(|l| weight(l)).collect::<Result<Vec<_>, _>>()?;
        let all_weights = spec.leaves.iter().map(weight).collect::<Result<Vec<_>, _>>()?;
        // MaxScore over one cursor per word for a query of many words, tantivy's block-max WAND over
        // one cursor per leaf for the others (see [`MAXSCORE_WORDS`])
        let many = word_count(&terms) >= MAXSCORE_WORDS;
        let words = if many { self.words(&terms)? } else { Vec::new() };
        let union = if many || terms.is_empty() { None } else { Some(self.union(&terms)?.weight(scoring)?) };
        let mut best = Best::new(k);
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let ord = ord as u32;
            let alive = |d: DocId| reader.alive_bitset().is_none_or(|a| a.is_alive(d));
            // the documents a phrase leaf matches, each scored exactly (every leaf checked at that
            // document only: [`AtDoc`])
            let mut special = HashSet::new();
            if !phrase_weights.is_empty() {
                let docs = phrase_docs(&phrase_weights, reader)?;
                let mut scorers = all_weights.iter().map(|w| AtDoc::new(w.as_ref(), reader)).collect::<Vec<_>>();
                for &d in &docs {
                    special.insert(d);
                    if alive(d) {
                        best.push((score_at(&mut scorers, d)?, ord, d));
                    }
                }
            }
            if !words.is_empty() || union.is_some() {
                let start = best.threshold();
                let mut callback = |d: DocId, s: Score| {
                    if !special.contains(&d) && alive(d) {
                        best.push((s, ord, d));
                    }
                    best.threshold()
                };
                match &union {
                    Some(w) => w.for_each_pruning(start, reader, &mut callback)?,
                    None => maxscore::for_each_pruning(reader, &words, start, &mut callback)?,
                }
            }
        }
        // every kept hit, and those within the threshold's margin of the last, rescored with the leaves
        // summed in their order: copies of one text get the very same score (block-max WAND sums a
        // document's terms in the order their postings reach it, which varies by a last bit)
        let mut hits = best.into_candidates();
        hits.sort_unstable_by_key(|h| (h.1, h.2));
        let mut at = 0;
        while at < hits.len() {
            let ord = hits[at].1;
            let reader = searcher.segment_reader(ord);
            let mut scorers = all_weights.iter().map(|w| AtDoc::new(w.as_ref(), reader)).collect::<Vec<_>>();
            while at < hits.len() && hits[at].1 == ord {
                hits[at].0 = score_at(&mut scorers, hits[at].2)?;
                at += 1;
            }
        }
        let mut ranked: Vec<Ranked> = hits.into_iter().map(Ranked).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        ranked.truncate(k);
        Ok(ranked.into_iter().map(|r| r.0).collect())
    }

    /// The term leaves `terms` as the words of [`maxscore::for_each_pruning`]: a `body_terms` leaf
    /// leads its word, and the `title_terms` leaf of the same term (and any repeat of the body leaf)
    /// rides on it: the body field holds the title's terms (`kavosh.index.writer`, the Rust writer's
    /// `prepare_core`: the title's terms, the gap, the text's, one string for one tokenizer), so each
    /// of their documents is one of the body leaf's.  Every other leaf is a word of its own.
    fn words(&self, terms: &[&Leaf]) -> Result<Vec<maxscore::Word>, SearchError> {
        let mut out: Vec<maxscore::Word> = Vec::new();
        let mut body_word: HashMap<&str, usize> = HashMap::new();
        let mut leaves = Vec::with_capacity(terms.len());
        for l in terms {
            let term = Term::from_field_text(self.field(&l.field)?, &l.terms[0].1);
            // `BoostWeight` multiplies the boost it is given by its own, outermost first
            let boost = l.boosts.iter().rev().fold(1.0 as Score, |acc, b| acc * b);
            let bm25 = Bm25Weight::for_terms(&self.searcher, std::slice::from_ref(&term))?.boost_by(boost);
            leaves.push(maxscore::TermLeaf { term, bm25 });
        }
        for (l, leaf) in terms.iter().zip(&leaves) {
            if l.field == BODY {
                let text = l.terms[0].1.as_str();
                match body_word.get(text) {
                    Some(&at) => out[at].riders.push(leaf.clone()),
                    None => {
                        body_word.insert(text, out.len());
                        out.push(maxscore::Word { lead: leaf.clone(), riders: Vec::new() });
                    }
                }
            }
        }
        for (l, leaf) in terms.iter().zip(leaves) {
            if l.field == BODY {
                continue;
            }
            match body_word.get(l.terms[0].1.as_str()) {
                Some(&at) if l.field == TITLE => out[at].riders.push(leaf),
                _ => out.push(maxscore::Word { lead: leaf, riders: Vec::new() }),
            }
        }
        Ok(out)
    }

    /// The score of `spec` at each of `docs` (`(segment ordinal, document id)`, any order, repeats
    /// allowed): the sum of the scores of its leaves that match there, summed in their order as
    /// [`Snapshot::top`] sums a hit's, 0 where none matches (a deleted document is scored as any other).
    /// For rescoring a few ranked hits by more leaves (the exact-phrase bonus of
    /// `kavosh.search.rescore`): each leaf is checked at those documents only (`seek_danger`), never
    /// walked over the others, so the cost is that of the documents asked, whatever the leaves match.
    ///
    /// # Errors
    /// As [`Snapshot::top`]; [`SearchError::Tantivy`] when a segment ordinal is not one of this commit's.
    pub fn scores(&self, spec: &Spec, docs: &[(u32, DocId)]) -> Result<Vec<Score>, SearchError> {
        let mut out = vec![0.0; docs.len()];
        if spec.leaves.is_empty() || docs.is_empty() {
            return Ok(out);
        }
        let searcher = &self.searcher;
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let weights = spec
            .leaves
            .iter()
            .map(|l| self.leaf_query(l)?.weight(scoring).map_err(SearchError::from))
            .collect::<Result<Vec<_>, _>>()?;
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_unstable_by_key(|&i| docs[i]);
        let mut at = 0;
        while at < order.len() {
            let ord = docs[order[at]].0;
            let reader = searcher.segment_readers().get(ord as usize).ok_or_else(|| {
                SearchError::Tantivy(tantivy::TantivyError::InvalidArgument(format!("no segment {ord} in this commit")))
            })?;
            let mut scorers = weights.iter().map(|w| AtDoc::new(w.as_ref(), reader)).collect::<Vec<_>>();
            let mut last: Option<(DocId, Score)> = None;
            while at < order.len() && docs[order[at]].0 == ord {
                let d = docs[order[at]].1;
                let s = match last {
                    Some((prev, s)) if prev == d => s,
                    _ => score_at(&mut scorers, d)?,
                };
                out[order[at]] = s;
                last = Some((d, s));
                at += 1;
            }
        }
        Ok(out)
    }

    /// Counts the matches of `spec` on this commit and the distinct results among the first `limit`
    /// of them in index order (distinct values of the u64 fast field `group`, plus the matches
    /// without one).  No scoring; cost: one buffered pass over the union's matches (a phrase leaf
    /// one of whose terms is a term leaf of its field adds no match and is left out, so positions
    /// are read only for other phrases), one fast-field read for each of the first `limit`.
    ///
    /// # Errors
    /// As [`Snapshot::top`]; [`SearchError::NoField`] when `group` is not a u64 fast field.
    pub fn count(&self, spec: &Spec, group: &str, limit: u64) -> Result<Counted, SearchError> {
        self.count_upto(spec, group, limit, u64::MAX, u64::MAX)
    }

    /// [`Snapshot::count`], stopping once `stop` matches (or more) are counted and more may follow,
    /// as Elasticsearch's `track_total_hits` stops counting at 10,000: `matched` is then a lower
    /// bound, the larger of the matches counted and the largest document frequency of a term leaf
    /// less the commit's deleted documents (a dictionary look-up per term leaf), `exact` and
    /// `complete` false.  With `stop >= limit` the distinct results are those of the full count.
    /// Cost: at most about `stop` matches walked, whatever the query matches (a question of common
    /// words matched 550k–950k of 1M documents, 5–8 ms counted in full).  When that bound from the
    /// dictionary is already at least `enough` and `stop`, nothing is walked: `matched` is the bound and
    /// `results` 0 (not counted: the caller knows a better bound of the results from the matches).
    ///
    /// # Errors
    /// As [`Snapshot::count`].
    pub fn count_upto(
        &self,
        spec: &Spec,
        group: &str,
        limit: u64,
        stop: u64,
        enough: u64,
    ) -> Result<Counted, SearchError> {
        let leaves = matching_leaves(spec);
        let mut out = Counted { matched: 0, results: 0, complete: true, exact: true };
        if leaves.is_empty() {
            return Ok(out);
        }
        if enough < u64::MAX {
            let bound = self.term_bound(&leaves)?;
            if bound >= enough.max(stop) {
                return Ok(Counted { matched: bound, results: 0, complete: false, exact: false });
            }
        }
        let searcher = &self.searcher;
        let weight = self.union(&leaves)?.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut groups = FxHashSet::default();
        let mut buffer = [0 as DocId; COLLECT_BLOCK_BUFFER_LEN];
        for reader in searcher.segment_readers() {
            if out.matched >= stop {
                out.exact = false; // later segments not looked at
                break;
            }
            let column =
                reader.fast_fields().u64(group).map_err(|_| SearchError::NoField { field: group.to_string() })?;
            let alive = reader.alive_bitset();
            let mut docs = weight.scorer(reader, 1.0)?;
            loop {
                let n = docs.fill_buffer(&mut buffer);
                for &d in &buffer[..n] {
                    if alive.is_none_or(|a| a.is_alive(d)) {
                        out.matched += 1;
                        if out.matched <= limit {
                            match column.first(d) {
                                Some(g) => {
                                    groups.insert(g);
                                }
                                None => out.results += 1,
                            }
                        }
                    }
                }
                if n < buffer.len() || docs.doc() == TERMINATED {
                    break;
                }
                if out.matched >= stop {
                    out.exact = false;
                    break;
                }
            }
        }
        out.results += groups.len() as u64;
        if !out.exact {
            out.matched = out.matched.max(self.term_bound(&leaves)?);
        }
        out.complete = out.exact && out.matched <= limit;
        Ok(out)
    }

    /// A lower bound of the live documents the union of `leaves` matches, from the term dictionary:
    /// the largest document frequency of a term leaf, less the commit's deleted documents (which
    /// that frequency may include); 0 without term leaves.
    fn term_bound(&self, leaves: &[&Leaf]) -> Result<u64, SearchError> {
        let deleted: u64 = self.searcher.segment_readers().iter().map(|r| u64::from(r.num_deleted_docs())).sum();
        let mut most = 0u64;
        for leaf in leaves.iter().filter(|l| l.terms.len() == 1) {
            most = most.max(self.doc_freq(&leaf.field, &leaf.terms[0].1)?);
        }
        Ok(most.saturating_sub(deleted))
    }
}

/// The `(field, term)` of every term leaf of `spec`.
fn single_terms(spec: &Spec) -> HashSet<(&str, &str)> {
    spec.leaves.iter().filter(|l| l.terms.len() == 1).map(|l| (l.field.as_str(), l.terms[0].1.as_str())).collect()
}

/// Whether a phrase leaf is covered by the term leaves `single` ([`single_terms`]): one of its terms is a
/// term leaf of the same field, so every document the phrase matches matches that term too.
fn is_covered(leaf: &Leaf, single: &HashSet<(&str, &str)>) -> bool {
    leaf.terms.iter().any(|(_, t)| single.contains(&(leaf.field.as_str(), t.as_str())))
}

/// The leaves of `spec` whose union matches what all of them match: a phrase leaf is left out when
/// it is covered ([`is_covered`]).
pub(crate) fn matching_leaves(spec: &Spec) -> Vec<&Leaf> {
    let single = single_terms(spec);
    spec.leaves.iter().filter(|l| l.terms.len() == 1 || !is_covered(l, &single)).collect()
}

/// The documents of a segment any of `weights` (phrase leaves) matches, in order, deleted ones included.
fn phrase_docs(weights: &[Box<dyn Weight>], reader: &SegmentReader) -> tantivy::Result<Vec<DocId>> {
    let mut docs = Vec::new();
    for w in weights {
        let mut s = w.scorer(reader, 1.0)?;
        let mut d = s.doc();
        while d != TERMINATED {
            docs.push(d);
            d = s.advance();
        }
    }
    docs.sort_unstable();
    docs.dedup();
    Ok(docs)
}

/// One leaf's scorer in a segment, asked about single documents in increasing order: it is made at the
/// first document asked (tantivy's `scorer_danger`) and then only checks each document asked
/// (`seek_danger`), so a phrase's positions are read for those documents alone, never for the
/// documents between them (a phrase's `seek` walks its terms' intersection to its next match).
pub(crate) struct AtDoc<'a> {
    weight: &'a dyn Weight,
    reader: &'a SegmentReader,
    scorer: Option<Box<dyn Scorer>>,
    /// No document below this can match.
    floor: DocId,
}

impl<'a> AtDoc<'a> {
    pub(crate) fn new(weight: &'a dyn Weight, reader: &'a SegmentReader) -> Self {
        Self { weight, reader, scorer: None, floor: 0 }
    }

    /// Whether the leaf matches `doc`; `doc`s must come in increasing order (any may be skipped).
    pub(crate) fn matches(&mut self, doc: DocId) -> tantivy::Result<bool> {
        self.seek(doc)
    }

    /// The leaf's score at `doc` (`None`: it does not match); `doc`s must come in increasing order.
    fn score(&mut self, doc: DocId) -> tantivy::Result<Option<Score>> {
        Ok(match self.seek(doc)? {
            true => self.scorer.as_mut().map(|s| s.score()),
            false => None,
        })
    }

    /// Moves the leaf's scorer to `doc` (made there on first use, `seek_danger` after) and says whether
    /// it matches; what the scorer reports as its next possible match raises [`AtDoc::floor`].
    fn seek(&mut self, doc: DocId) -> tantivy::Result<bool> {
        if doc < self.floor {
            return Ok(false);
        }
        let found = match &mut self.scorer {
            Some(s) => s.seek_danger(doc),
            None => {
                let (found, s) = self.weight.scorer_danger(self.reader, doc, 1.0)?;
                self.scorer = Some(s);
                found
            }
        };
        Ok(match found {
            SeekDangerResult::Found => {
                self.floor = doc + 1;
                self.scorer.is_some()
            }
            SeekDangerResult::SeekLowerBound(lower) => {
                self.floor = lower.max(doc + 1);
                false
            }
        })
    }
}

/// The sum of the scores of the `scorers` that match `doc`, summed in their order (`doc`s must come
/// in increasing order).
fn score_at(scorers: &mut [AtDoc<'_>], doc: DocId) -> tantivy::Result<Score> {
    let mut total = 0.0;
    for s in scorers.iter_mut() {
        if let Some(x) = s.score(doc)? {
            total += x;
        }
    }
    Ok(total)
}

/// A hit in the heap of the best `k`: the heap's top is the worst kept hit.
#[derive(PartialEq)]
pub(crate) struct Ranked(pub(crate) Hit);

impl Eq for Ranked {}

impl Ord for Ranked {
    /// Better is greater: a higher score, then a lower address.
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.0, other.0);
        a.0.total_cmp(&b.0).then_with(|| (b.1, b.2).cmp(&(a.1, a.2)))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `k` hits seen so far (a min-heap by [`Ranked`]), and the others seen that scored within
/// the threshold's margin of the worst kept one (the last bits of a sum: [`Snapshot::top`] rescores them).
struct Best {
    k: usize,
    heap: BinaryHeap<std::cmp::Reverse<Ranked>>,
    near: Vec<Hit>,
}

impl Best {
    fn new(k: usize) -> Self {
        Self { k, heap: BinaryHeap::with_capacity(k + 1), near: Vec::new() }
    }

    fn push(&mut self, hit: Hit) {
        if self.heap.len() < self.k {
            self.heap.push(std::cmp::Reverse(Ranked(hit)));
            return;
        }
        let dropped = match self.heap.peek() {
            Some(worst) if Ranked(hit) > worst.0 => {
                let out = self.heap.pop().map(|r| r.0 .0);
                self.heap.push(std::cmp::Reverse(Ranked(hit)));
                out
            }
            _ => Some(hit),
        };
        let floor = self.threshold();
        if let Some(d) = dropped.filter(|d| d.0 > floor) {
            self.near.push(d);
            if self.near.len() > 2 * self.k + 64 {
                self.near.retain(|h| h.0 > floor);
            }
        }
    }

    /// The kept hits and the near ones still within the margin of the worst kept score.
    fn into_candidates(self) -> Vec<Hit> {
        let floor = self.threshold();
        let mut out: Vec<Hit> = self.heap.into_iter().map(|r| r.0 .0).collect();
        out.extend(self.near.into_iter().filter(|h| h.0 > floor));
        out
    }

    /// The score a new document must exceed to be worth scoring: just below the worst kept score
    /// when `k` are kept (so that a document tied with it, which may come earlier, still arrives),
    /// else nothing.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(w) if self.heap.len() >= self.k => {
                let s = w.0 .0 .0;
                s - s.abs() * 1e-6 - f32::MIN_POSITIVE
            }
            _ => f32::MIN,
        }
    }
}
