//! Scoring a query's leaves at single documents ([`AtDoc`], tantivy's `seek_danger`): the exact
//! score of the documents a phrase leaf matches and the rescoring of kept hits in the ranked page
//! (`top.rs`), the scores of given documents ([`Snapshot::scores`], the exact-phrase bonus of
//! `kavosh.search.rescore`), and the per-document checks of `crate::pass`.

use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::{DocId, Score, SeekDangerResult, SegmentReader};

use super::{SearchError, Snapshot, Spec};

impl Snapshot {
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
pub(super) fn score_at(scorers: &mut [AtDoc<'_>], doc: DocId) -> tantivy::Result<Score> {
    let mut total = 0.0;
    for s in scorers.iter_mut() {
        if let Some(x) = s.score(doc)? {
            total += x;
        }
    }
    Ok(total)
}
