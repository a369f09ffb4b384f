//! The pruning top-k over a union of term leaves, one cursor per query word: MaxScore (Turtle &
//! Flood, "Query evaluation: strategies and optimizations", Information Processing & Management
//! 31(6), 1995), with block-max bounds (Ding & Suel, "Faster top-k document retrieval using block-max
//! indexes", SIGIR 2011) to skip whole windows of documents and to skip scoring a document.
//!
//! Why not tantivy's own block-max WAND (`Weight::for_each_pruning`): it takes one cursor per term
//! leaf, and Kavosh's plain words are two leaves each, the word in `body_terms` and the word in
//! `title_terms` (boosted).  The body field holds the title's terms too (`kavosh.index.writer`: title
//! terms, the gap, the text's terms, one string, one tokenizer), so every document of a word's title
//! postings is in its body postings: the union of the two is the body postings.  A [`Clause`] walks
//! the body postings (its *lead*) and adds the title leaf's score (a *rider*) where the title postings
//! hold that document: half the cursors to move and compare, and a document is found once per word.
//!
//! MaxScore: the clauses sorted by their largest possible score; the longest prefix whose summed
//! maxima cannot exceed the running k-th score is *non-essential*: a document matched by those alone
//! cannot enter the top k, so documents are drawn only from the other clauses' postings, and a
//! non-essential clause is looked up (a skip-list seek) at a drawn document only while the score so
//! far plus the maxima left could still exceed the threshold.  As the threshold rises, the common
//! words (low idf, low maximum) become non-essential and only the rarer words' postings are walked.
//! Block-max: the essential clauses' current blocks bound every score in the window up to the first
//! of their block ends; a window whose bound cannot exceed the threshold is skipped whole.
//!
//! Scores are tantivy's: each leaf's BM25 weight is the one its `TermQuery` makes (statistics of the
//! whole searcher, boosts multiplied in `BoostWeight`'s order), each document scored with its field
//! norm and term frequency as `TermScorer` scores it.  A block's maximum is tantivy's own
//! (`BlockSegmentPostings::block_max_score`, as its block-max WAND uses).  Only the order of a
//! document's additions may differ from tantivy's union (the last bits; the caller rescores its hits).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::Bm25Weight;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term, TERMINATED};

/// The documents of a decoded postings block (tantivy's `COMPRESSION_BLOCK_SIZE`, fixed by its file
/// format; the last block of a list is padded with [`TERMINATED`]).
const BLOCK: usize = 128;

/// Lists of at most this many documents are walked block by block when opened, for their largest score
/// (their blocks' largest): tantivy's `Bm25Weight::max_score` is that of an infinite term frequency, twice
/// the true largest of a title's list, which loosens every bound of MaxScore.  A walk decodes each block once
/// (about 0.1 µs each; 0.1 ms for the longest lists walked).
const WALKED_DOCS: u32 = 128 * 1024;

/// One term leaf of a query: its term and its BM25 weight (boosted).
#[derive(Clone)]
pub(crate) struct TermLeaf {
    pub(crate) term: Term,
    pub(crate) bm25: Bm25Weight,
}

/// A word's leaves: the lead (the body's term leaf, or any leaf standing alone) and the riders,
/// leaves whose postings are within the lead's (the same word's title leaf, a repeat of the lead).
pub(crate) struct Word {
    pub(crate) lead: TermLeaf,
    pub(crate) riders: Vec<TermLeaf>,
}

/// One term's postings in one segment, a cursor scored as tantivy's `TermScorer`.
struct Postings {
    block: BlockSegmentPostings,
    /// The cursor's place in the decoded block.
    at: usize,
    doc: DocId,
    norms: FieldNormReader,
    bm25: Bm25Weight,
    /// The leaf's largest possible score.
    max: Score,
}

impl Postings {
    /// The leaf's postings in `reader` (`None`: the segment lacks the term), at their first document.
    fn open(reader: &SegmentReader, leaf: &TermLeaf) -> tantivy::Result<Option<Self>> {
        let field = leaf.term.field();
        let Some(block) =
            reader.inverted_index(field)?.read_block_postings(&leaf.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        let norms = match reader.fieldnorms_readers().get_field(field)? {
            Some(n) => n,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let doc = block.doc(0);
        let mut max = leaf.bm25.max_score();
        if block.doc_freq() <= WALKED_DOCS {
            // the list's true largest score: the largest of its blocks' (a second reader of the list)
            if let Some(mut walk) =
                reader.inverted_index(field)?.read_block_postings(&leaf.term, IndexRecordOption::WithFreqs)?
            {
                let mut most: Score = 0.0;
                while walk.block_len() > 0 {
                    most = most.max(walk.block_max_score(&norms, &leaf.bm25));
                    walk.advance();
                }
                max = max.min(most);
            }
        }
        Ok(Some(Self { block, at: 0, doc, norms, max, bm25: leaf.bm25.clone() }))
    }

    fn advance(&mut self) -> DocId {
        if self.at == BLOCK - 1 {
            self.at = 0;
            self.block.advance();
        } else {
            self.at += 1;
        }
        self.doc = self.block.doc(self.at);
        self.doc
    }

    /// Moves to the first document at or after `target` (never back).
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if self.at + 1 < BLOCK && self.block.doc(self.at + 1) >= target {
            self.at += 1;
        } else {
            self.at = self.block.seek(target);
        }
        self.doc = self.block.doc(self.at);
        self.doc
    }

    /// The score at the current document.
    fn score(&self) -> Score {
        self.bm25.score(self.norms.fieldnorm_id(self.doc), self.block.freq(self.at))
    }

    /// The last document of the decoded block (or [`TERMINATED`] in the list's last block).
    fn block_end(&self) -> DocId {
        self.block.doc(BLOCK - 1)
    }

    /// The largest score in the decoded block (tantivy's block maximum).
    fn block_max(&mut self) -> Score {
        self.block.block_max_score(&self.norms, &self.bm25)
    }

    /// An upper bound of the score at any document in `[from, to]` at or after the cursor.
    fn bound(&mut self, from: DocId, to: DocId) -> Score {
        if self.doc > to {
            0.0
        } else if to <= self.block_end() && from <= to {
            self.block_max()
        } else {
            self.max
        }
    }
}

/// A word's cursor in one segment: its lead's postings, and its riders' (each a subset of the lead's,
/// so the clause matches where the lead does).
struct Clause {
    lead: Postings,
    riders: Vec<Postings>,
    /// The clause's largest possible score: the sum of its leaves'.
    max: Score,
}

impl Clause {
    fn doc(&self) -> DocId {
        self.lead.doc
    }

    /// The clause's score at its lead's document: the lead's, plus each rider's that holds it.
    fn score(&mut self) -> Score {
        let d = self.lead.doc;
        let mut s = self.lead.score();
        for r in &mut self.riders {
            if r.seek(d) == d {
                s += r.score();
            }
        }
        s
    }

    /// An upper bound of the clause's score at any document in `[from, to]`, `to` within the lead's
    /// decoded block; 0 when the lead has no document there.  Riders are moved to `from` first when
    /// `seek_riders` (their blocks are then the ones that matter).
    fn bound(&mut self, from: DocId, to: DocId, seek_riders: bool) -> Score {
        if self.lead.doc > to {
            return 0.0;
        }
        let mut b = self.lead.bound(from, to);
        for r in &mut self.riders {
            if seek_riders {
                r.seek(from);
            }
            b += r.bound(from, to);
        }
        b
    }
}

/// The words' cursors in `reader`: a word whose lead the segment lacks has none (its riders hold no
/// document either); a rider the segment lacks is left out; a rider whose list is longer than its
/// lead's (the property broken: an index whose body lacks the title) becomes a clause of its own.
fn clauses(reader: &SegmentReader, words: &[Word]) -> tantivy::Result<Vec<Clause>> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let lead = Postings::open(reader, &w.lead)?;
        let mut riders = Vec::new();
        for leaf in &w.riders {
            let Some(r) = Postings::open(reader, leaf)? else { continue };
            match &lead {
                Some(l) if r.block.doc_freq() <= l.block.doc_freq() => riders.push(r),
                _ => out.push(Clause { max: r.max, lead: r, riders: Vec::new() }),
            }
        }
        if let Some(lead) = lead {
            let max = riders.iter().fold(lead.max, |m, r| m + r.max);
            out.push(Clause { lead, riders, max });
        }
    }
    Ok(out)
}

/// Calls `callback(doc, score)` for the documents of `reader` matching any of `words` whose score
/// (the sum of the matching leaves' scores) exceeds the threshold, in increasing document order;
/// the threshold starts at `threshold` and is what `callback` returns after each call (it may only
/// rise).  Documents whose score cannot exceed it are skipped unscored.  As tantivy's
/// `Weight::for_each_pruning`, deleted documents included (the callback filters them).
///
/// # Errors
/// tantivy's, when a posting list or field norms cannot be read.
pub(crate) fn for_each_pruning(
    reader: &SegmentReader,
    words: &[Word],
    mut threshold: Score,
    callback: &mut dyn FnMut(DocId, Score) -> Score,
) -> tantivy::Result<()> {
    let mut cs = clauses(reader, words)?;
    cs.sort_by(|a, b| a.max.total_cmp(&b.max));
    // prefix[i]: the summed maxima of cs[..i]
    let mut prefix = Vec::with_capacity(cs.len() + 1);
    prefix.push(0.0 as Score);
    for c in &cs {
        prefix.push(prefix[prefix.len() - 1] + c.max);
    }
    let essential_from = |threshold: Score| prefix.iter().skip(1).take_while(|&&p| p <= threshold).count();
    let mut first = essential_from(threshold);
    let mut window_end: DocId = 0; // documents up to here are in a window not skipped
    let mut window_open = false;
    loop {
        if first == cs.len() {
            return Ok(());
        }
        let d = cs[first..].iter().map(Clause::doc).min().unwrap_or(TERMINATED);
        if d == TERMINATED {
            return Ok(());
        }
        let rest = prefix[first]; // the non-essential clauses' summed maxima
        if !window_open || d > window_end {
            // a new window: up to the first block end of the essential clauses
            let to = cs[first..].iter().map(|c| c.lead.block_end()).min().unwrap_or(TERMINATED);
            let bound: Score = rest + cs[first..].iter_mut().map(|c| c.bound(d, to, true)).sum::<Score>();
            if bound <= threshold {
                if to == TERMINATED {
                    return Ok(());
                }
                for c in &mut cs[first..] {
                    c.lead.seek(to + 1);
                }
                window_open = false;
                continue;
            }
            window_end = to;
            window_open = true;
        }
        // the document's bound from the blocks of the clauses at it
        let at_d: Score =
            rest + cs[first..].iter_mut().filter(|c| c.doc() == d).map(|c| c.bound(d, d, false)).sum::<Score>();
        if at_d > threshold {
            let mut score: Score = 0.0;
            for c in cs[first..].iter_mut().filter(|c| c.doc() == d) {
                score += c.score();
            }
            let mut left = rest;
            let mut pruned = false;
            for c in cs[..first].iter_mut().rev() {
                if score + left <= threshold {
                    pruned = true;
                    break;
                }
                if c.lead.seek(d) == d {
                    score += c.score();
                }
                left -= c.max;
            }
            if !pruned && score > threshold {
                let raised = callback(d, score);
                if raised > threshold {
                    threshold = raised;
                    first = essential_from(threshold);
                }
            }
        }
        for c in cs.iter_mut().filter(|c| c.doc() == d) {
            c.lead.advance();
        }
    }
}
