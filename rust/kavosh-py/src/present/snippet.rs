//! Choosing and cutting a snippet's passage (``highlight.snippet``'s steps): the tokens of a
//! text marked for a query ([`mark`]), the best window of tokens ([`best_window`]), the regions
//! around the anchor places tried in turn, the chunked analysis of a text without anchors, and
//! the segments a passage is shown as.  The methods here are those of the Snippets class
//! (`present.rs`) that Python does not call.

use rustc_hash::{FxHashMap, FxHashSet};
use std::str::Utf8Error;

use kavosh_analysis::Analyzer as RsAnalyzer;

use super::anchors::{places, PyAnchors};
use super::text::{count_chars, find, prefix, py_space, Doc};
use super::{Limits, Marked, Matcher, PySnippets, Seg};
use crate::starts_with_prefix;

/// ``_mark``: ``text`` analysed, the tokens ``m`` matches marked, stopwords joined (``_join_stops``).
pub(super) fn mark(an: &RsAnalyzer, text: &str, m: &Matcher) -> Marked {
    let marks = an.marks(text, |term, surface| {
        m.terms.contains(term) || m.stops.contains(term) || starts_with_prefix(term, surface, &m.prefixes)
    });
    let mut terms = marks.terms;
    let is_stop = |x: &Option<String>| x.as_ref().is_some_and(|t| m.stops.contains(t));
    if !m.stops.is_empty() && terms.iter().any(is_stop) {
        let last = terms.len() - 1;
        let keep: Vec<bool> = (0..terms.len())
            .map(|i| !is_stop(&terms[i]) || (i > 0 && terms[i - 1].is_some()) || (i < last && terms[i + 1].is_some()))
            .collect();
        for (t, k) in terms.iter_mut().zip(keep) {
            if !k {
                *t = None;
            }
        }
    }
    Marked { starts: marks.starts, ends: marks.ends, terms }
}

/// ``_best_window``: ``(first, last)`` token indices (inclusive) of the passage to show;
/// ``prefer[i]``: the preferred group whose written form starts in marked token ``i``
/// (``_preferred_tokens``; empty: none).
pub(super) fn best_window(terms: &[Option<String>], window: usize, prefer: &[Option<usize>]) -> (usize, usize) {
    let n = terms.len();
    let pref = |i: usize| prefer.get(i).copied().flatten();
    let (mut best, mut best_score) = (0usize, (-1i64, -1i64, -1i64));
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    let mut held: FxHashMap<usize, usize> = FxHashMap::default();
    let mut matches = 0i64;
    for (j, term) in terms.iter().enumerate() {
        if let Some(t) = term {
            *counts.entry(t.as_str()).or_insert(0) += 1;
            matches += 1;
        }
        if let Some(g) = pref(j) {
            *held.entry(g).or_insert(0) += 1;
        }
        if j >= window {
            if let Some(gone) = &terms[j - window] {
                let c = counts.get_mut(gone.as_str()).expect("counted when it entered");
                *c -= 1;
                if *c == 0 {
                    counts.remove(gone.as_str());
                }
                matches -= 1;
            }
            if let Some(g) = pref(j - window) {
                let c = held.get_mut(&g).expect("counted when it entered");
                *c -= 1;
                if *c == 0 {
                    held.remove(&g);
                }
            }
        }
        let score = (held.len() as i64, counts.len() as i64, matches);
        if score > best_score {
            best_score = score;
            best = (j + 1).saturating_sub(window);
        }
    }
    // centred on the first preferred place, else on the first match
    let shown = |i: usize| if best_score.0 > 0 { pref(i).is_some() } else { terms[i].is_some() };
    let first = (best..(best + window).min(n)).find(|&i| shown(i)).unwrap_or(best);
    let lo = (first as i64 - 5).min(n as i64 - window as i64).max(0) as usize;
    (lo, (lo + window).min(n) - 1)
}

/// ``_preferred_tokens``: for each token of ``marked`` (``text`` analysed), the preferred group of a
/// place of ``anchors`` in ``text`` that starts in it (the first token ending after the place) when
/// that token is marked; empty when ``anchors`` has no preferred group.
pub(super) fn preferred_tokens(
    text: &str,
    marked: &Marked,
    anchors: Option<&PyAnchors>,
    l: &Limits,
) -> Vec<Option<usize>> {
    let Some(anchors) = anchors.filter(|a| a.preferred > 0) else {
        return Vec::new();
    };
    let mut out = vec![None; marked.terms.len()];
    let mut i = 0;
    for (place, _b, group) in places(&anchors.scan, prefix(text.as_bytes(), l.scan), l.max_places) {
        if group > anchors.preferred {
            continue;
        }
        while i < marked.ends.len() && marked.ends[i] <= place {
            i += 1;
        }
        if i < marked.terms.len() && marked.terms[i].is_some() && out[i].is_none() {
            out[i] = Some(group);
        }
    }
    out
}

impl PySnippets {
    /// ``display_text``: without the bidi controls.
    pub(super) fn display(&self, s: &[char]) -> String {
        s.iter().filter(|c| !self.bidi.contains(c)).collect()
    }

    /// ``_segments``: ``chars[start:end]`` split into segments, the marks of ``m`` marked.
    pub(super) fn segments(&self, chars: &[char], m: &Marked, start: usize, end: usize) -> Vec<Seg> {
        let mut out: Vec<(Vec<char>, bool)> = Vec::new();
        let mut pos = start;
        for (i, term) in m.terms.iter().enumerate() {
            if term.is_none() {
                continue;
            }
            let (ts, te) = (m.starts[i], m.ends[i]);
            if ts < start || te > end || te <= pos {
                continue;
            }
            let begin = ts.max(pos);
            let gap = &chars[pos..begin];
            match out.last_mut() {
                Some((last, true)) if gap.iter().all(|c| self.joiners.contains(c)) => {
                    last.extend_from_slice(gap);
                    last.extend_from_slice(&chars[begin..te]);
                }
                _ => {
                    if !gap.is_empty() {
                        out.push((gap.to_vec(), false));
                    }
                    out.push((chars[begin..te].to_vec(), true));
                }
            }
            pos = te;
        }
        if pos < end {
            out.push((chars[pos..end].to_vec(), false));
        }
        out.into_iter().map(|(s, k)| (self.display(&s), k)).filter(|(s, _)| !s.is_empty()).collect()
    }

    /// The snippet's ending: the first segment without leading spaces when the passage starts the
    /// text, ``"… "`` / ``" …"`` where it is cut, empty segments dropped.
    pub(super) fn finish(mut segs: Vec<Seg>, at_start: bool, cut_before: bool, cut_after: bool) -> Vec<Seg> {
        if at_start {
            if let Some(first) = segs.first_mut() {
                first.0 = first.0.trim_start_matches(py_space).to_owned();
            }
        }
        if cut_before {
            segs.insert(0, ("… ".to_owned(), false));
        }
        if cut_after {
            segs.push((" …".to_owned(), false));
        }
        segs.retain(|s| !s.0.is_empty());
        segs
    }

    pub(super) fn place(
        &self,
        an: &RsAnalyzer,
        text: &[u8],
        anchors: Option<&PyAnchors>,
        m: &Matcher,
        window: usize,
        wanted: usize,
    ) -> Result<Vec<Seg>, Utf8Error> {
        let l = self.limits;
        let n = count_chars(text);
        if let Some(anchors) = anchors {
            if n > l.direct {
                let mut doc = Doc { text, n, known: vec![(0, 0)] };
                let found = places(&anchors.scan, prefix(doc.text, l.scan), l.max_places);
                doc.known.extend(found.iter().map(|&(c, b, _g)| (c, b)));
                let places: Vec<(usize, usize)> = found.into_iter().map(|(c, _b, g)| (c, g)).collect();
                if let Some(segs) = self.first_region_snippet(an, &doc, m, anchors, &places, window)? {
                    return Ok(segs);
                }
                let head = doc.snap(l.region as i64, true);
                return Ok(self
                    .region_snippet(an, &doc, m, Some(anchors), window, 0, head, false)?
                    .unwrap_or_default());
            }
        }
        self.chunked(an, text, n, m, anchors, window, wanted)
    }

    /// The snippet of the first of ``_regions_of`` (the best character regions around ``places``,
    /// ``(start, group)`` ascending, best first) that holds a match: each region is made only when
    /// the ones before it held none (the regions are those ``_regions_of`` lists, in its order).
    pub(super) fn first_region_snippet(
        &self,
        an: &RsAnalyzer,
        doc: &Doc<'_>,
        m: &Matcher,
        anchors: &PyAnchors,
        places: &[(usize, usize)],
        window: usize,
    ) -> Result<Option<Vec<Seg>>, Utf8Error> {
        if places.is_empty() {
            return Ok(None);
        }
        let l = self.limits;
        let span = 8 * window;
        let mut scored = Vec::with_capacity(places.len());
        let mut j = 0;
        let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
        for (i, &(start, group)) in places.iter().enumerate() {
            while j < places.len() && places[j].0 < start + span {
                *counts.entry(places[j].1).or_insert(0) += 1;
                j += 1;
            }
            let held = counts.keys().filter(|&&g| g <= anchors.preferred).count() as i64;
            scored.push((-held, -(counts.len() as i64 - held), -((j - i) as i64), start));
            let c = counts.get_mut(&group).expect("counted");
            *c -= 1;
            if *c == 0 {
                counts.remove(&group);
            }
        }
        scored.sort_unstable();
        let mut regions: Vec<(usize, usize)> = Vec::new();
        for (_p, _d, _n, start) in scored {
            if regions.iter().any(|&(a, b)| a <= start && start < b) {
                continue;
            }
            let back = (l.region as i64 - span as i64).div_euclid(2);
            let a = doc.snap(start as i64 - back, false);
            let b = doc.snap((a + l.region) as i64, true);
            regions.push((a, b));
            if let Some(segs) = self.region_snippet(an, doc, m, Some(anchors), window, a, b, true)? {
                return Ok(Some(segs));
            }
            if regions.len() == l.max_regions {
                break;
            }
        }
        Ok(None)
    }

    /// ``_region_snippet``: the best passage inside ``text[a:b]`` analysed alone; ``None`` when
    /// nothing there matches and ``require_match``.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn region_snippet(
        &self,
        an: &RsAnalyzer,
        doc: &Doc<'_>,
        m: &Matcher,
        anchors: Option<&PyAnchors>,
        window: usize,
        a: usize,
        b: usize,
        require_match: bool,
    ) -> Result<Option<Vec<Seg>>, Utf8Error> {
        let region = std::str::from_utf8(doc.slice(a, b))?;
        let marked = mark(an, region, m);
        if marked.terms.is_empty() || (require_match && marked.terms.iter().all(Option::is_none)) {
            return Ok(None);
        }
        let chars: Vec<char> = region.chars().collect();
        let prefer = preferred_tokens(region, &marked, anchors, &self.limits);
        let (lo, hi) = best_window(&marked.terms, window, &prefer);
        let start = if lo == 0 { 0 } else { marked.starts[lo] };
        let end = if hi == marked.terms.len() - 1 && b >= doc.n { chars.len() } else { marked.ends[hi] };
        let segs = self.segments(&chars, &marked, start, end);
        Ok(Some(Self::finish(segs, a + start == 0, a + start > 0, a + end < doc.n)))
    }

    /// ``snippet`` without anchors (or a short text): analysed a chunk at a time up to the
    /// chunk where every wanted term has been seen.  ``n``: the code points of ``text``.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn chunked(
        &self,
        an: &RsAnalyzer,
        text: &[u8],
        n: usize,
        m: &Matcher,
        anchors: Option<&PyAnchors>,
        window: usize,
        wanted: usize,
    ) -> Result<Vec<Seg>, Utf8Error> {
        let l = self.limits;
        let limit = n.min(l.max_highlight);
        let chars: Vec<char> = std::str::from_utf8(prefix(text, limit + 401))?.chars().collect();
        let cut = |at: usize| -> usize {
            for sep in ['\n', ' '] {
                if let Some(i) = find(&chars, sep, at as i64, at as i64 + 400) {
                    return i + 1;
                }
            }
            at
        };
        let (mut starts, mut ends, mut terms) = (Vec::new(), Vec::new(), Vec::new());
        let mut seen: FxHashSet<String> = FxHashSet::default();
        let mut start = 0;
        while start < limit {
            let end = if limit - start <= l.chunk { limit } else { cut(start + l.chunk) };
            let piece: String = chars[start..end].iter().collect();
            let chunk = mark(an, &piece, m);
            starts.extend(chunk.starts.iter().map(|x| x + start));
            ends.extend(chunk.ends.iter().map(|x| x + start));
            seen.extend(chunk.terms.iter().flatten().cloned());
            terms.extend(chunk.terms);
            start = end;
            if seen.len() >= wanted {
                break;
            }
        }
        let head = &chars[..start];
        if terms.is_empty() {
            return Ok(if head.iter().all(|&c| py_space(c)) {
                Vec::new()
            } else {
                vec![(self.display(&head[..head.len().min(300)]), false)]
            });
        }
        let marked = Marked { starts, ends, terms };
        let prefer = match anchors {
            Some(anchors) if anchors.preferred > 0 => {
                let head: String = head.iter().collect();
                preferred_tokens(&head, &marked, Some(anchors), &l)
            }
            _ => Vec::new(),
        };
        let (a, b) = best_window(&marked.terms, window, &prefer);
        let s = if a == 0 { 0 } else { marked.starts[a] };
        let e = if b == marked.terms.len() - 1 && head.len() == n { head.len() } else { marked.ends[b] };
        let segs = self.segments(&chars, &marked, s, e);
        Ok(Self::finish(segs, s == 0, s > 0, e < n))
    }
}
