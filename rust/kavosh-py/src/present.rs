//! Snippet placement and title highlighting in the compiled core: the port of
//! `kavosh.present.highlight.snippet` and `highlight_all` (the Python module is the
//! specification; `tests/test_highlight_core.py` checks identical segments).
//!
//! Offsets are Python `str` indices (code points) wherever the specification uses them: the
//! anchor scan's places, the regions and the tokens' offsets (`Analyzer::marks`).  The anchor
//! pattern is the specification's regular expression without its first-letter look-ahead
//! (which changes no match), compiled by the `regex` crate, whose leftmost-first matches are
//! those of Python's `re` for these patterns (literal characters, classes, `?`, `*`, groups).

use std::collections::{HashMap, HashSet};

use kavosh_analysis::Analyzer as RsAnalyzer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use regex::{Regex, RegexBuilder};

use crate::{starts_with_prefix, PyAnalyzer};

/// Anchors(source: str): the anchor pattern of a query (``highlight.anchor_pattern``'s
/// alternation without its look-ahead: one capturing group per group of strings),
/// compiled case-insensitively.  Raises ``ValueError`` naming the pattern when it does not
/// compile.
#[pyclass(name = "Anchors", frozen)]
pub struct PyAnchors {
    re: Regex,
}

#[pymethods]
impl PyAnchors {
    #[new]
    fn new(py: Python<'_>, source: &str) -> PyResult<Self> {
        let built = py.detach(|| RegexBuilder::new(source).case_insensitive(true).size_limit(64 << 20).build());
        match built {
            Ok(re) => Ok(PyAnchors { re }),
            Err(e) => {
                let shown: String = source.chars().take(80).collect();
                Err(PyValueError::new_err(format!("anchor pattern {shown:?}…: {e}")))
            }
        }
    }

    /// places(text: str, end: int, limit: int) -> list[tuple[int, int]]: ``(start, group)`` of
    /// the first ``limit`` matches in ``text[:end]`` (code points; ``group`` 1-based, ``re``'s
    /// ``lastindex``).
    fn places(&self, py: Python<'_>, text: &str, end: usize, limit: usize) -> Vec<(usize, usize)> {
        py.detach(|| places(&self.re, prefix(text, end), limit).into_iter().map(|(c, _b, g)| (c, g)).collect())
    }
}

/// `text[:n]` (code points).
fn prefix(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text; // no more bytes than n: no more code points
    }
    match text.char_indices().nth(n) {
        Some((b, _)) => &text[..b],
        None => text,
    }
}

/// The first `limit` matches of `re` in `text`: (start in code points, start in bytes, 1-based group).
fn places(re: &Regex, text: &str, limit: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut locs = re.capture_locations();
    let mut at = 0;
    while out.len() < limit && at <= text.len() {
        let Some(m) = re.captures_read_at(&mut locs, text, at) else {
            break;
        };
        let (s, e) = (m.start(), m.end());
        chars += text[byte..s].chars().count();
        byte = s;
        let group = (1..locs.len()).rev().find(|&g| locs.get(g).is_some()).unwrap_or(0);
        out.push((chars, s, group));
        at = if e > s {
            e
        } else {
            match text[e..].chars().next() {
                Some(c) => e + c.len_utf8(),
                None => break,
            }
        };
    }
    out
}

/// Constants of `kavosh.present.highlight` (passed by it: Python holds them).
#[derive(Clone, Copy)]
struct Limits {
    direct: usize,
    region: usize,
    max_regions: usize,
    max_places: usize,
    scan: usize,
    max_highlight: usize,
    chunk: usize,
}

/// Snippets(direct_chars, region_chars, max_regions, max_places, scan_chars,
/// max_highlight_chars, chunk_chars, bidi: str, joiners: str): snippet placement with
/// ``kavosh.present.highlight``'s constants, ``bidi`` the characters ``display_text`` drops
/// and ``joiners`` those that join two marks into one.
#[pyclass(name = "Snippets", frozen)]
pub struct PySnippets {
    limits: Limits,
    bidi: HashSet<char>,
    joiners: HashSet<char>,
}

/// A query's matcher (``highlight.TermMatcher``).
struct Matcher {
    terms: HashSet<String>,
    prefixes: Vec<String>,
    stops: HashSet<String>,
}

/// One segment: its text and whether it is a mark.
type Seg = (String, bool);

/// Tokens as highlighting needs them (``highlight.Marked``), offsets in code points.
struct Marked {
    starts: Vec<usize>,
    ends: Vec<usize>,
    terms: Vec<Option<String>>,
}

#[pymethods]
impl PySnippets {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        direct_chars: usize,
        region_chars: usize,
        max_regions: usize,
        max_places: usize,
        scan_chars: usize,
        max_highlight_chars: usize,
        chunk_chars: usize,
        bidi: &str,
        joiners: &str,
    ) -> Self {
        PySnippets {
            limits: Limits {
                direct: direct_chars,
                region: region_chars,
                max_regions,
                max_places,
                scan: scan_chars,
                max_highlight: max_highlight_chars,
                chunk: chunk_chars,
            },
            bidi: bidi.chars().collect(),
            joiners: joiners.chars().collect(),
        }
    }

    /// snippet(analyzer, text, anchors, terms, prefixes, stops, window, wanted) ->
    /// list[tuple[str, bool]]: ``highlight.snippet`` with a ``TermMatcher(terms, prefixes,
    /// stops)``; ``anchors`` an :class:`Anchors` or ``None``; ``window`` ≥ 1.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (analyzer, text, anchors, terms, prefixes, stops, window, wanted))]
    fn snippet(
        &self,
        py: Python<'_>,
        analyzer: &Bound<'_, PyAnalyzer>,
        text: &str,
        anchors: Option<&Bound<'_, PyAnchors>>,
        terms: HashSet<String>,
        prefixes: Vec<String>,
        stops: HashSet<String>,
        window: usize,
        wanted: usize,
    ) -> PyResult<Vec<Seg>> {
        if window == 0 {
            return Err(PyValueError::new_err("window must be at least 1"));
        }
        let an = &analyzer.get().inner;
        let re = anchors.map(|a| &a.get().re);
        let m = Matcher { terms, prefixes, stops };
        Ok(py.detach(|| self.place(an, text, re, &m, window, wanted)))
    }

    /// highlight_all(analyzer, text, terms, prefixes, stops) -> list[tuple[str, bool]]:
    /// ``highlight.highlight_all`` with a ``TermMatcher(terms, prefixes, stops)``.
    fn highlight_all(
        &self,
        py: Python<'_>,
        analyzer: &Bound<'_, PyAnalyzer>,
        text: &str,
        terms: HashSet<String>,
        prefixes: Vec<String>,
        stops: HashSet<String>,
    ) -> Vec<Seg> {
        let an = &analyzer.get().inner;
        let m = Matcher { terms, prefixes, stops };
        py.detach(|| {
            let chars: Vec<char> = text.chars().collect();
            let marked = mark(an, text, &m);
            self.segments(&chars, &marked, 0, chars.len())
        })
    }
}

/// ``_mark``: ``text`` analysed, the tokens ``m`` matches marked, stopwords joined (``_join_stops``).
fn mark(an: &RsAnalyzer, text: &str, m: &Matcher) -> Marked {
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

/// Python's ``str.isspace`` (Unicode White_Space and the information separators U+001C–U+001F).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's ``str.find``/``rfind`` range ``[start:end]`` over ``n`` items (negative from the end, clamped).
fn py_range(start: i64, end: i64, n: usize) -> (usize, usize) {
    let n = n as i64;
    let fix = |x: i64| if x < 0 { (x + n).max(0) } else { x.min(n) };
    (fix(start) as usize, fix(end) as usize)
}

fn find(chars: &[char], c: char, start: i64, end: i64) -> Option<usize> {
    let (a, b) = py_range(start, end, chars.len());
    (a < b).then(|| chars[a..b].iter().position(|&x| x == c).map(|i| a + i)).flatten()
}

fn rfind(chars: &[char], c: char, start: i64, end: i64) -> Option<usize> {
    let (a, b) = py_range(start, end, chars.len());
    (a < b).then(|| chars[a..b].iter().rposition(|&x| x == c).map(|i| a + i)).flatten()
}

/// ``_best_window``: ``(first, last)`` token indices (inclusive) of the passage to show.
fn best_window(terms: &[Option<String>], window: usize) -> (usize, usize) {
    let n = terms.len();
    let (mut best, mut best_score) = (0usize, (-1i64, -1i64));
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut matches = 0i64;
    for (j, term) in terms.iter().enumerate() {
        if let Some(t) = term {
            *counts.entry(t.as_str()).or_insert(0) += 1;
            matches += 1;
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
        }
        let score = (counts.len() as i64, matches);
        if score > best_score {
            best_score = score;
            best = (j + 1).saturating_sub(window);
        }
    }
    let first = (best..(best + window).min(n)).find(|&i| terms[i].is_some()).unwrap_or(best);
    let lo = (first as i64 - 5).min(n as i64 - window as i64).max(0) as usize;
    (lo, (lo + window).min(n) - 1)
}

impl PySnippets {
    /// ``display_text``: without the bidi controls.
    fn display(&self, s: &[char]) -> String {
        s.iter().filter(|c| !self.bidi.contains(c)).collect()
    }

    /// ``_segments``: ``chars[start:end]`` split into segments, the marks of ``m`` marked.
    fn segments(&self, chars: &[char], m: &Marked, start: usize, end: usize) -> Vec<Seg> {
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
    fn finish(mut segs: Vec<Seg>, at_start: bool, cut_before: bool, cut_after: bool) -> Vec<Seg> {
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

    fn place(
        &self,
        an: &RsAnalyzer,
        text: &str,
        re: Option<&Regex>,
        m: &Matcher,
        window: usize,
        wanted: usize,
    ) -> Vec<Seg> {
        let l = self.limits;
        if let Some(re) = re {
            let n = text.chars().count();
            if n > l.direct {
                let mut doc = Doc { text, n, known: vec![(0, 0)] };
                for (a, b) in self.regions(&mut doc, re, window) {
                    if let Some(segs) = self.region_snippet(an, &doc, m, window, a, b, true) {
                        return segs;
                    }
                }
                let head = doc.snap(l.region as i64, true);
                return self.region_snippet(an, &doc, m, window, 0, head, false).unwrap_or_default();
            }
        }
        self.chunked(an, text, m, window, wanted)
    }

    /// ``_regions``: the best character regions to analyse, best first.
    fn regions(&self, doc: &mut Doc<'_>, re: &Regex, window: usize) -> Vec<(usize, usize)> {
        let l = self.limits;
        let found = places(re, prefix(doc.text, l.scan), l.max_places);
        if found.is_empty() {
            return Vec::new();
        }
        doc.known.extend(found.iter().map(|&(c, b, _g)| (c, b)));
        let places: Vec<(usize, usize)> = found.into_iter().map(|(c, _b, g)| (c, g)).collect();
        let span = 8 * window;
        let mut scored = Vec::with_capacity(places.len());
        let mut j = 0;
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for (i, &(start, group)) in places.iter().enumerate() {
            while j < places.len() && places[j].0 < start + span {
                *counts.entry(places[j].1).or_insert(0) += 1;
                j += 1;
            }
            scored.push((-(counts.len() as i64), -((j - i) as i64), start));
            let c = counts.get_mut(&group).expect("counted");
            *c -= 1;
            if *c == 0 {
                counts.remove(&group);
            }
        }
        scored.sort_unstable();
        let mut regions: Vec<(usize, usize)> = Vec::new();
        for (_d, _n, start) in scored {
            if regions.iter().any(|&(a, b)| a <= start && start < b) {
                continue;
            }
            let back = (l.region as i64 - span as i64).div_euclid(2);
            let a = doc.snap(start as i64 - back, false);
            regions.push((a, doc.snap((a + l.region) as i64, true)));
            if regions.len() == l.max_regions {
                break;
            }
        }
        regions
    }

    /// ``_region_snippet``: the best passage inside ``text[a:b]`` analysed alone; ``None`` when
    /// nothing there matches and ``require_match``.
    #[allow(clippy::too_many_arguments)]
    fn region_snippet(
        &self,
        an: &RsAnalyzer,
        doc: &Doc<'_>,
        m: &Matcher,
        window: usize,
        a: usize,
        b: usize,
        require_match: bool,
    ) -> Option<Vec<Seg>> {
        let region = doc.slice(a, b);
        let marked = mark(an, region, m);
        if marked.terms.is_empty() || (require_match && marked.terms.iter().all(Option::is_none)) {
            return None;
        }
        let chars: Vec<char> = region.chars().collect();
        let (lo, hi) = best_window(&marked.terms, window);
        let start = if lo == 0 { 0 } else { marked.starts[lo] };
        let end = if hi == marked.terms.len() - 1 && b >= doc.n { chars.len() } else { marked.ends[hi] };
        let segs = self.segments(&chars, &marked, start, end);
        Some(Self::finish(segs, a + start == 0, a + start > 0, a + end < doc.n))
    }

    /// ``snippet`` without anchors (or a short text): analysed a chunk at a time up to the
    /// chunk where every wanted term has been seen.
    fn chunked(&self, an: &RsAnalyzer, text: &str, m: &Matcher, window: usize, wanted: usize) -> Vec<Seg> {
        let l = self.limits;
        let n = text.chars().count();
        let limit = n.min(l.max_highlight);
        let chars: Vec<char> = text.chars().take(limit + 401).collect();
        let cut = |at: usize| -> usize {
            for sep in ['\n', ' '] {
                if let Some(i) = find(&chars, sep, at as i64, at as i64 + 400) {
                    return i + 1;
                }
            }
            at
        };
        let (mut starts, mut ends, mut terms) = (Vec::new(), Vec::new(), Vec::new());
        let mut seen: HashSet<String> = HashSet::new();
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
            return if head.iter().all(|&c| py_space(c)) {
                Vec::new()
            } else {
                vec![(self.display(&head[..head.len().min(300)]), false)]
            };
        }
        let marked = Marked { starts, ends, terms };
        let (a, b) = best_window(&marked.terms, window);
        let s = if a == 0 { 0 } else { marked.starts[a] };
        let e = if b == marked.terms.len() - 1 && head.len() == n { head.len() } else { marked.ends[b] };
        let segs = self.segments(&chars, &marked, s, e);
        Self::finish(segs, s == 0, s > 0, e < n)
    }
}

/// A long text and its length in code points, sliced by code points; ``known`` holds code point
/// offsets with their byte offsets (ascending: the start and the anchor places), so a slice walks
/// from the nearest one rather than from the start.
struct Doc<'a> {
    text: &'a str,
    n: usize,
    known: Vec<(usize, usize)>,
}

impl Doc<'_> {
    /// The byte offset of code point ``i`` (the end for ``i`` ≥ ``n``).
    fn byte(&self, i: usize) -> usize {
        if i >= self.n {
            return self.text.len();
        }
        let k = self.known.partition_point(|&(c, _)| c <= i) - 1;
        let (c, b) = self.known[k];
        self.text[b..].char_indices().nth(i - c).map_or(self.text.len(), |(x, _)| b + x)
    }

    /// ``text[a:b]`` (code points).
    fn slice(&self, a: usize, b: usize) -> &str {
        let start = self.byte(a);
        let rest = &self.text[start..];
        let len = rest.char_indices().nth(b.saturating_sub(a)).map_or(rest.len(), |(x, _)| x);
        &rest[..len]
    }

    /// ``_snap``: a region boundary near ``at`` on a space or line break (within 60 characters).
    fn snap(&self, at: i64, forward: bool) -> usize {
        if at <= 0 || at >= self.n as i64 {
            return at.clamp(0, self.n as i64) as usize;
        }
        let lo = (at - 61).max(0) as usize;
        let hi = ((at + 61) as usize).min(self.n);
        let window: Vec<char> = self.slice(lo, hi).chars().collect();
        let rel = at - lo as i64;
        let shift = |i: Option<usize>| i.map(|x| x + lo);
        if forward {
            let hits = [shift(find(&window, ' ', rel, rel + 60)), shift(find(&window, '\n', rel, rel + 60))];
            return match hits.into_iter().flatten().min() {
                Some(i) => i + 1,
                None => at as usize,
            };
        }
        // Python's rfind with a negative start counts from the end: nothing before 60 characters
        let start = at - 60;
        if start < 0 {
            let (a, b) = py_range(start, at, self.n);
            if a >= b {
                return at as usize;
            }
        }
        let hits = [shift(rfind(&window, ' ', rel - 60, rel)), shift(rfind(&window, '\n', rel - 60, rel))];
        match hits.into_iter().flatten().max() {
            Some(i) => i + 1,
            None => at as usize,
        }
    }
}

/// Register the classes in ``kavosh._core``.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAnchors>()?;
    m.add_class::<PySnippets>()?;
    Ok(())
}
