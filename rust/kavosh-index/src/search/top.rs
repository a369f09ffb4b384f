//! The ranked page ([`Snapshot::top`]): the phrase leaves' documents scored exactly, the term
//! leaves' union under tantivy's block-max WAND or, for a query of many words, MaxScore over one
//! cursor per word ([`crate::maxscore`]); the best `k` kept in a heap ([`Ranked`]) and rescored
//! in the leaves' order.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use tantivy::query::{Bm25Weight, EnableScoring, Query, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::at_doc::{score_at, AtDoc};
use super::{Hit, Leaf, SearchError, Snapshot, Spec};
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

impl Snapshot {
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
