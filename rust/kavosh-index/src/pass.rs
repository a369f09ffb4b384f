//! One pass over a query's matches that ranks them, counts them and counts each near-duplicate
//! group's matches (the ranked page, the collapsed total and the shown groups' "N similar" of
//! `kavosh.search.collapse`, for a query that matches few documents).
//!
//! A query matching few documents is ranked cheapest by scoring every match (block-max WAND, the
//! [`Snapshot::top`] path, pays a fixed cost per segment and per phrase leaf that only long
//! posting lists repay), and it must be counted anyway: its collapsed total is the number of
//! distinct groups among its matches.  Done apart, the ranking (tantivy-py's exhaustive search),
//! the count ([`Snapshot::count`]) and the shown groups' counts (a terms aggregation over the
//! matches of those groups) each walked the matches again; a phrase leaf read its positions three
//! times.  [`Snapshot::ranked_count`] walks them once.
//!
//! Its scores are tantivy's own for the union of the leaves (`Weight::for_each`, the path
//! tantivy-py's `Searcher.search` collects through, over the same leaves in the same order), so
//! its hits are tantivy-py's, to the last bit of each score; ties are ordered by address, lower
//! first, as tantivy's `TopDocs`.

use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Term, TERMINATED};

use crate::search::{matching_leaves, AtDoc, Counted, Hit, Leaf, Ranked, SearchError, Snapshot, Spec};

/// Each near-duplicate group's number of matching live documents.
pub type GroupCounts = FxHashMap<u64, u32>;

/// What [`Snapshot::ranked_count`] found.
#[derive(Debug, Clone)]
pub struct RankedCount {
    /// The first `k` hits, best first (ties: lower address first).
    pub hits: Vec<Hit>,
    /// The matches counted, as [`Snapshot::count`] counts them.
    pub counted: Counted,
    /// Every matching group's number of matching live documents (all matches, whatever `limit`).
    pub groups: GroupCounts,
}

impl Snapshot {
    /// An upper bound of the documents `spec` matches, from the term dictionary alone: the sum over
    /// its matching leaves ([`matching_leaves`]) of a term's document frequency, or for a phrase the
    /// smallest of its terms' (deleted documents included).
    ///
    /// # Errors
    /// [`SearchError::NoField`] for a leaf naming a field the index lacks; [`SearchError::Tantivy`]
    /// when a term dictionary cannot be read.
    pub fn match_bound(&self, spec: &Spec) -> Result<u64, SearchError> {
        let mut bound = 0u64;
        for leaf in matching_leaves(spec) {
            let mut least = u64::MAX;
            for (_, t) in &leaf.terms {
                least = least.min(self.doc_freq(&leaf.field, t)?);
            }
            bound = bound.saturating_add(if leaf.terms.is_empty() { 0 } else { least });
        }
        Ok(bound)
    }

    /// The live documents `spec` matches in each of `groups` (values of the indexed u64 field `group`,
    /// a near-duplicate group each): the shown groups' "N similar" of `kavosh.search.collapse` when the
    /// one pass did not count them.  Each group's documents are read from the field's postings and each
    /// matching leaf ([`matching_leaves`]) checked at those documents only (tantivy's `seek_danger`,
    /// stopping at the first leaf that matches), so the cost is that of the groups' documents, whatever
    /// the query matches (an aggregation over the query ANDed with the groups' union seeks the whole
    /// union of its leaves to each of them).
    ///
    /// # Errors
    /// As [`Snapshot::top`]; [`SearchError::NoField`] when `group` is not a field of the index.
    pub fn group_matches(&self, spec: &Spec, group: &str, groups: &[u64]) -> Result<Vec<u64>, SearchError> {
        let mut out = vec![0u64; groups.len()];
        let leaves = matching_leaves(spec);
        if leaves.is_empty() || groups.is_empty() {
            return Ok(out);
        }
        let searcher = self.searcher();
        let field = self.field(group)?;
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        let weights = leaves
            .iter()
            .map(|l| self.leaf_query(l)?.weight(scoring).map_err(SearchError::from))
            .collect::<Result<Vec<_>, _>>()?;
        let mut docs: Vec<(DocId, usize)> = Vec::new();
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(field)?;
            docs.clear();
            for (i, &g) in groups.iter().enumerate() {
                if let Some(mut postings) = inverted
                    .read_postings(&Term::from_field_u64(field, g), IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?
                {
                    while postings.doc() != TERMINATED {
                        docs.push((postings.doc(), i));
                        postings.advance();
                    }
                }
            }
            docs.sort_unstable();
            let alive = reader.alive_bitset();
            let mut at: Vec<AtDoc<'_>> = weights.iter().map(|w| AtDoc::new(w.as_ref(), reader)).collect();
            for &(d, i) in &docs {
                if alive.is_none_or(|a| a.is_alive(d)) {
                    for leaf in at.iter_mut() {
                        if leaf.matches(d)? {
                            out[i] += 1;
                            break;
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The first `k` hits of `spec` (as tantivy-py's search of the same leaves ranks them), its
    /// matches counted as [`Snapshot::count`] counts them (distinct values of the u64 fast field
    /// `group` among the first `limit` matches in index order), and every matching group's matches,
    /// in one scoring pass over the matches; `None` without searching when [`Snapshot::match_bound`]
    /// exceeds `most` (scoring every match would cost more than counting and block-max WAND).
    ///
    /// # Errors
    /// As [`Snapshot::top`]; [`SearchError::NoField`] when `group` is not a u64 fast field.
    pub fn ranked_count(
        &self,
        spec: &Spec,
        k: usize,
        group: &str,
        limit: u64,
        most: u64,
    ) -> Result<Option<RankedCount>, SearchError> {
        if self.match_bound(spec)? > most {
            return Ok(None);
        }
        let mut out = RankedCount {
            hits: Vec::new(),
            counted: Counted { matched: 0, results: 0, complete: true, exact: true },
            groups: GroupCounts::default(),
        };
        if spec.leaves.is_empty() {
            return Ok(Some(out));
        }
        let searcher = self.searcher();
        let leaves: Vec<&Leaf> = spec.leaves.iter().collect();
        let weight = self.union(&leaves)?.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut best: BinaryHeap<std::cmp::Reverse<Ranked>> = BinaryHeap::with_capacity(k + 1);
        let (mut lone, mut at_limit) = (0u64, None);
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let ord = ord as u32;
            let column =
                reader.fast_fields().u64(group).map_err(|_| SearchError::NoField { field: group.to_string() })?;
            let alive = reader.alive_bitset();
            weight.for_each(reader, &mut |d: DocId, score| {
                if !alive.is_none_or(|a| a.is_alive(d)) {
                    return;
                }
                let matched = &mut out.counted.matched;
                *matched += 1;
                match column.first(d) {
                    Some(g) => *out.groups.entry(g).or_insert(0) += 1,
                    None if *matched <= limit => lone += 1,
                    None => {}
                }
                if *matched == limit {
                    at_limit = Some(out.groups.len() as u64 + lone);
                }
                if k > 0 {
                    let hit = Ranked((score, ord, d));
                    if best.len() < k {
                        best.push(std::cmp::Reverse(hit));
                    } else if let Some(mut worst) = best.peek_mut().filter(|w| hit > w.0) {
                        *worst = std::cmp::Reverse(hit); // sifted down when dropped
                    }
                }
            })?;
        }
        let c = &mut out.counted;
        c.complete = c.matched <= limit;
        c.results = if c.complete { out.groups.len() as u64 + lone } else { at_limit.unwrap_or(0) };
        let mut ranked: Vec<Ranked> = best.into_iter().map(|r| r.0).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        out.hits = ranked.into_iter().map(|r| r.0).collect();
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{SchemaBuilder, FAST, INDEXED};
    use tantivy::{doc, TantivyDocument};

    use super::*;
    use crate::search::TopSearcher;
    use crate::test_index::{new_index, positions_text};

    fn leaf(terms: &[&str], boosts: &[f32]) -> Leaf {
        Leaf {
            field: "body_terms".into(),
            terms: terms.iter().enumerate().map(|(i, t)| (i, t.to_string())).collect(),
            boosts: boosts.to_vec(),
        }
    }

    #[test]
    fn one_pass_ranks_counts_and_counts_groups_as_the_separate_calls() {
        let mut sb = SchemaBuilder::new();
        let body = sb.add_text_field("body_terms", positions_text());
        let group = sb.add_u64_field("dup_group", INDEXED | FAST);
        let (dir, _index, mut w) = new_index(sb.build());
        let texts = ["a b c", "a b c", "b c d", "a x", "x y", "a b", "c a b", "a b c"];
        let groups = [Some(1u64), Some(1), None, Some(2), None, Some(3), Some(2), Some(1)];
        for (i, (t, g)) in texts.iter().zip(groups).enumerate() {
            let mut d: TantivyDocument = doc!(body => *t);
            if let Some(g) = g {
                d.add_u64(group, g);
            }
            w.add_document(d).unwrap();
            if i == 3 {
                w.commit().unwrap(); // two segments
            }
        }
        w.commit().unwrap();
        let snap = TopSearcher::open(dir.path()).unwrap().snapshot();
        let spec = Spec { leaves: vec![leaf(&["a"], &[]), leaf(&["b"], &[2.0]), leaf(&["a", "b"], &[3.0])] };
        assert_eq!(snap.match_bound(&spec).unwrap(), 6 + 6); // the phrase is covered by a term leaf
        assert!(snap.ranked_count(&spec, 3, "dup_group", 100, 11).unwrap().is_none());
        let got = snap.ranked_count(&spec, 3, "dup_group", 100, 12).unwrap().unwrap();
        assert_eq!(got.hits, snap.top(&spec, 3).unwrap());
        assert_eq!(got.counted, snap.count(&spec, "dup_group", 100).unwrap());
        assert_eq!(got.counted, Counted { matched: 7, results: 4, complete: true, exact: true });
        // stopped after the first segment's 4 matches: at least the largest term's 6 documents
        let stopped = snap.count_upto(&spec, "dup_group", 100, 2, u64::MAX).unwrap();
        assert_eq!(stopped, Counted { matched: 6, results: 3, complete: false, exact: false });
        // the largest term's 6 documents are enough: nothing walked; 7 are not: counted as before
        let skipped = Counted { matched: 6, results: 0, complete: false, exact: false };
        assert_eq!(snap.count_upto(&spec, "dup_group", 100, 2, 6).unwrap(), skipped);
        assert_eq!(snap.count_upto(&spec, "dup_group", 100, 2, 7).unwrap(), stopped);
        // 7 matches in all: never stopped
        assert_eq!(snap.count_upto(&spec, "dup_group", 100, 7, u64::MAX).unwrap(), got.counted);
        // the results among the first 3 matches in index order, whether the count stopped or not
        assert_eq!(
            snap.count_upto(&spec, "dup_group", 3, 4, u64::MAX).unwrap().results,
            snap.count(&spec, "dup_group", 3).unwrap().results
        );
        let mut counts: Vec<(u64, u32)> = got.groups.into_iter().collect();
        counts.sort_unstable();
        assert_eq!(counts, vec![(1, 3), (2, 2), (3, 1)]);
        for limit in 0..8 {
            let one = snap.ranked_count(&spec, 0, "dup_group", limit, 100).unwrap().unwrap();
            assert_eq!(one.counted, snap.count(&spec, "dup_group", limit).unwrap(), "limit {limit}");
            assert!(one.hits.is_empty());
        }
        assert!(snap.ranked_count(&spec, 3, "nope", 100, 100).is_err());
        // each group's matches checked at its documents: as the one pass counted them (9: no document)
        assert_eq!(snap.group_matches(&spec, "dup_group", &[2, 9, 1, 3]).unwrap(), vec![2, 0, 3, 1]);
        let only_x = Spec { leaves: vec![leaf(&["x"], &[])] };
        assert_eq!(snap.group_matches(&only_x, "dup_group", &[1, 2]).unwrap(), vec![0, 1]);
        assert!(snap.group_matches(&spec, "nope", &[1]).is_err());
    }
}
