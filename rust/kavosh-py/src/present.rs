//! Snippet placement and title highlighting in the compiled core: the port of
//! `kavosh.present.highlight.snippet` and `highlight_all` (the Python module is the
//! specification; `tests/test_highlight_core.py` checks identical segments).
//!
//! Offsets are Python `str` indices (code points) wherever the specification uses them: the
//! anchor scan's places, the regions and the tokens' offsets (`Analyzer::marks`).  A snippet's
//! text is taken as the store holds it, UTF-8 bytes (a `str` is encoded first): the scan runs on
//! the bytes, code points are counted only up to the places it finds, and only the analysed
//! regions (and the few characters around a region's ends) are decoded, so a 50,000-character
//! text is neither converted nor validated whole.
//!
//! The anchor pattern is the specification's regular expression without its first-letter
//! look-ahead (which changes no match), one pattern per group compiled together by
//! `regex-automata`'s meta engine (a match's pattern is its group: no capture pass), whose
//! leftmost-first matches are those of Python's `re` for these patterns (literal characters,
//! classes, `?`, `*`, groups; checked against `re` in `tests/test_highlight_core.py`).

use rustc_hash::{FxHashMap, FxHashSet};
use std::str::Utf8Error;

use kavosh_analysis::Analyzer as RsAnalyzer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use regex_automata::meta;
use regex_automata::util::syntax;

use crate::{starts_with_prefix, PyAnalyzer};

/// Anchors(groups: list[str]): the anchor pattern of a query, one source per group
/// (``highlight.AnchorPattern.groups``: each group's alternation, those with strings only: a
/// group without is ``(?!)`` in the specification's pattern, neither a match nor a capturing
/// group), compiled case-insensitively; a match of ``groups[i]`` is in group ``i + 1`` (``re``'s
/// ``lastindex``).  ``preferred``: how many of the first groups are words wanted as written
/// (``AnchorPattern.preferred``).  Raises ``ValueError`` naming the pattern when it does not
/// compile or there is no group.
#[pyclass(name = "Anchors", frozen)]
pub struct PyAnchors {
    scan: meta::Regex,
    preferred: usize,
}

#[pymethods]
impl PyAnchors {
    #[new]
    #[pyo3(signature = (groups, preferred = 0))]
    fn new(py: Python<'_>, groups: Vec<String>, preferred: usize) -> PyResult<Self> {
        if groups.is_empty() {
            return Err(PyValueError::new_err("anchor pattern without a group to find"));
        }
        let built = py.detach(|| {
            meta::Builder::new()
                .syntax(syntax::Config::new().case_insensitive(true))
                .configure(meta::Config::new().nfa_size_limit(Some(64 << 20)))
                .build_many(&groups)
                .map_err(|e| e.to_string())
        });
        match built {
            Ok(scan) => Ok(PyAnchors { scan, preferred }),
            Err(e) => {
                let shown: String = groups.join("|").chars().take(80).collect();
                Err(PyValueError::new_err(format!("anchor pattern {shown:?}…: {e}")))
            }
        }
    }

    /// places(text: str | bytes, end: int, limit: int) -> list[tuple[int, int]]: ``(start,
    /// group)`` of the first ``limit`` matches in ``text[:end]`` (``text`` a ``str`` or its
    /// UTF-8 bytes; ``start`` and ``end`` in code points; ``group`` 1-based, ``re``'s ``lastindex``).
    fn places(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        end: usize,
        limit: usize,
    ) -> PyResult<Vec<(usize, usize)>> {
        let text = utf8_of(text)?;
        Ok(py.detach(|| places(&self.scan, prefix(text, end), limit).into_iter().map(|(c, _b, g)| (c, g)).collect()))
    }
}

/// The UTF-8 bytes of ``text``: a ``bytes`` object as it is (not validated here: only the parts
/// decoded are), a ``str`` encoded (``UnicodeEncodeError`` for lone surrogates).
fn utf8_of<'a>(text: &'a Bound<'_, PyAny>) -> PyResult<&'a [u8]> {
    match text.cast::<PyBytes>() {
        Ok(b) => Ok(b.as_bytes()),
        Err(_) => Ok(text.extract::<&str>()?.as_bytes()),
    }
}

/// Whether `b` starts a code point (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// The number of code points in UTF-8 `bytes` (the bytes that are not continuation bytes),
/// eight bytes at a time.
fn count_chars(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut continuation = 0usize;
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks of eight bytes"));
        // a continuation byte is 10xxxxxx: its bit 7 set and its bit 6 (bit 7 of w << 1) clear
        continuation += (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
    }
    continuation += words.remainder().iter().filter(|&&b| !starts_char(b)).count();
    bytes.len() - continuation
}

/// The byte offset of the code point `k` code points after byte `from` of `text` (its end when
/// there are fewer): eight bytes at a time while the code point is further on.
fn advance(text: &[u8], from: usize, k: usize) -> usize {
    let (mut at, mut k) = (from, k);
    while let Some(w) = text.get(at..at + 8) {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        let starts = 8 - (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
        if starts > k {
            break;
        }
        k -= starts;
        at += 8;
    }
    let mut seen = 0;
    for (i, &b) in text[at..].iter().enumerate() {
        if starts_char(b) {
            if seen == k {
                return at + i;
            }
            seen += 1;
        }
    }
    text.len()
}

/// `text[:n]` (code points).
fn prefix(text: &[u8], n: usize) -> &[u8] {
    if text.len() <= n {
        return text; // no more bytes than n: no more code points
    }
    &text[..advance(text, 0, n)]
}

/// The first `limit` matches of `scan` in `text`: (start in code points, start in bytes, 1-based group).
fn places(scan: &meta::Regex, text: &[u8], limit: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in scan.find_iter(text).take(limit) {
        chars += count_chars(&text[byte..m.start()]);
        byte = m.start();
        out.push((chars, byte, m.pattern().as_usize() + 1));
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
    bidi: FxHashSet<char>,
    joiners: FxHashSet<char>,
}

/// A query's matcher (``highlight.TermMatcher``).
struct Matcher {
    terms: FxHashSet<String>,
    prefixes: Vec<String>,
    stops: FxHashSet<String>,
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
    /// stops)``; ``text`` a ``str`` or its UTF-8 bytes (as stored: not converted);
    /// ``anchors`` an :class:`Anchors` or ``None``; ``window`` ≥ 1.  Raises ``ValueError``
    /// when a part of ``text`` it decodes is not UTF-8.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (analyzer, text, anchors, terms, prefixes, stops, window, wanted))]
    fn snippet(
        &self,
        py: Python<'_>,
        analyzer: &Bound<'_, PyAnalyzer>,
        text: &Bound<'_, PyAny>,
        anchors: Option<&Bound<'_, PyAnchors>>,
        terms: FxHashSet<String>,
        prefixes: Vec<String>,
        stops: FxHashSet<String>,
        window: usize,
        wanted: usize,
    ) -> PyResult<Vec<Seg>> {
        if window == 0 {
            return Err(PyValueError::new_err("window must be at least 1"));
        }
        let an = &analyzer.get().inner;
        let text = utf8_of(text)?;
        let scan = anchors.map(|a| a.get());
        let m = Matcher { terms, prefixes, stops };
        py.detach(|| self.place(an, text, scan, &m, window, wanted))
            .map_err(|e| PyValueError::new_err(format!("text is not UTF-8: {e} (in a part decoded for the snippet)")))
    }

    /// placed(analyzer, text, table, positions, anchors, terms, prefixes, stops, window) ->
    /// list[tuple[str, bool]] | None: ``kavosh.present.placed.snippet_placed_spec``: the snippet of
    /// ``text`` (``str`` or its UTF-8 bytes) placed by the query terms' ``positions`` in the index
    /// (one list per term, body-field positions) through the document's token checkpoints ``table``
    /// (``kavosh.index.checkpoints``: ``bytes``, or the ``str`` the store holds, canonical base64 decoded
    /// here, else ``ValueError``): only the stretch of text around the best window of positions
    /// is scanned with ``anchors`` (an :class:`Anchors`) and its regions analysed as ``snippet``'s;
    /// ``None`` when the table does not fit the text, no position falls in the text, or no region
    /// there holds a match (the caller then scans the whole text).  Raises ``ValueError`` as ``snippet``.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (analyzer, text, table, positions, anchors, terms, prefixes, stops, window))]
    fn placed(
        &self,
        py: Python<'_>,
        analyzer: &Bound<'_, PyAnalyzer>,
        text: &Bound<'_, PyAny>,
        table: &Bound<'_, PyAny>,
        positions: Vec<Vec<u32>>,
        anchors: &Bound<'_, PyAnchors>,
        terms: FxHashSet<String>,
        prefixes: Vec<String>,
        stops: FxHashSet<String>,
        window: usize,
    ) -> PyResult<Option<Vec<Seg>>> {
        if window == 0 {
            return Err(PyValueError::new_err("window must be at least 1"));
        }
        let an = &analyzer.get().inner;
        let text = utf8_of(text)?;
        let decoded;
        let table: &[u8] = match table.cast::<PyBytes>() {
            Ok(b) => b.as_bytes(),
            Err(_) => {
                decoded = base64_strict(table.extract::<&str>()?.as_bytes())
                    .ok_or_else(|| PyValueError::new_err("checkpoint table is not canonical base64"))?;
                &decoded
            }
        };
        let anchors = anchors.get();
        let m = Matcher { terms, prefixes, stops };
        let l = self.limits;
        py.detach(|| {
            let Some(t) = Table::decode(table).filter(|t| t.n_bytes == text.len()) else {
                return Ok(None);
            };
            let Some((a, b)) = t.range(&positions, window, l.max_places) else {
                return Ok(None);
            };
            let found: Vec<(usize, usize, usize)> = places(&anchors.scan, &text[a.1..b.1], l.max_places)
                .into_iter()
                .map(|(c, bb, g)| (c + a.0, bb + a.1, g))
                .collect();
            // the start, the checkpoints and the places, ascending (both lists are: merged, not sorted)
            let mut known: Vec<(usize, usize)> = Vec::with_capacity(1 + t.points.len() + found.len());
            known.push((0, 0));
            let mut rest = found.iter().map(|&(c, bb, _g)| (c, bb)).peekable();
            for &p in &t.points {
                while let Some(f) = rest.next_if(|&f| f < p) {
                    known.push(f);
                }
                known.push(p);
            }
            known.extend(rest);
            let doc = Doc { text, n: t.n_chars, known };
            let places: Vec<(usize, usize)> = found.into_iter().map(|(c, _b, g)| (c, g)).collect();
            self.first_region_snippet(an, &doc, &m, anchors, &places, window)
        })
        .map_err(|e: Utf8Error| {
            PyValueError::new_err(format!("text is not UTF-8: {e} (in a part decoded for the snippet)"))
        })
    }

    /// highlight_all(analyzer, text, terms, prefixes, stops) -> list[tuple[str, bool]]:
    /// ``highlight.highlight_all`` with a ``TermMatcher(terms, prefixes, stops)``.
    fn highlight_all(
        &self,
        py: Python<'_>,
        analyzer: &Bound<'_, PyAnalyzer>,
        text: &str,
        terms: FxHashSet<String>,
        prefixes: Vec<String>,
        stops: FxHashSet<String>,
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

/// ``_best_window``: ``(first, last)`` token indices (inclusive) of the passage to show;
/// ``prefer[i]``: the preferred group whose written form starts in marked token ``i``
/// (``_preferred_tokens``; empty: none).
fn best_window(terms: &[Option<String>], window: usize, prefer: &[Option<usize>]) -> (usize, usize) {
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
fn preferred_tokens(text: &str, marked: &Marked, anchors: Option<&PyAnchors>, l: &Limits) -> Vec<Option<usize>> {
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
    fn first_region_snippet(
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
    fn region_snippet(
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
    fn chunked(
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

/// ``Doc::snap`` over ``window``, the valid text of code points ``lo..`` around ``at`` (``at - lo``
/// ≥ 1; backwards, ``at`` ≥ 60 and 60 code points of ``window`` before it): the first space or line break
/// in the 60 code points from ``at`` (``forward``), else the last in the 60 before it; one past it,
/// or ``at`` when there is none.  The same answer as the ``Vec<char>`` search, without one.
fn snap_in(window: &str, lo: usize, at: usize, forward: bool) -> usize {
    let rel = at - lo;
    let is_break = |c: char| c == ' ' || c == '\n';
    if forward {
        return match window.chars().skip(rel).take(60).position(is_break) {
            Some(i) => lo + rel + i + 1,
            None => at,
        };
    }
    let from = rel - 60;
    match window.chars().skip(from).take(60).enumerate().filter(|&(_, c)| is_break(c)).last() {
        Some((i, _)) => lo + from + i + 1,
        None => at,
    }
}

/// ``binascii.a2b_base64(s, strict_mode=True)`` for canonical base64 (the standard alphabet, padded,
/// the unused bits of the last symbol zero: what ``base64.b64encode`` writes), by the `base64` crate's
/// `STANDARD` engine (canonical padding, no trailing bits); ``None`` for anything else (the caller then
/// asks Python, which may still accept it).
fn base64_strict(s: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

/// A long text (UTF-8 bytes) and its length in code points, sliced by code points; ``known``
/// holds code point offsets with their byte offsets (ascending: the start and the anchor places),
/// so a slice walks from the nearest one rather than from the start.
struct Doc<'a> {
    text: &'a [u8],
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
        advance(self.text, b, i - c)
    }

    /// ``text[a:b]`` (code points), as bytes.
    fn slice(&self, a: usize, b: usize) -> &[u8] {
        let start = self.byte(a);
        &self.text[start..advance(self.text, start, b.saturating_sub(a))]
    }

    /// ``_snap``: a region boundary near ``at`` on a space or line break (within 60 characters).
    fn snap(&self, at: i64, forward: bool) -> usize {
        if at <= 0 || at >= self.n as i64 {
            return at.clamp(0, self.n as i64) as usize;
        }
        let lo = (at - 61).max(0) as usize;
        let hi = ((at + 61) as usize).min(self.n);
        let bytes = self.slice(lo, hi);
        if forward || at >= 60 {
            if let Ok(window) = std::str::from_utf8(bytes) {
                return snap_in(window, lo, at as usize, forward);
            }
        }
        // (a text that is not UTF-8 here fails where its region is decoded)
        let window: Vec<char> = String::from_utf8_lossy(bytes).chars().collect();
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

/// Tokens scanned before the best stretch of positions (``kavosh.present.placed.BEFORE``).
const BEFORE: usize = 16;
/// Tokens scanned after the best stretch of positions (``kavosh.present.placed.AFTER``): about the
/// characters a stretch of anchor places spans (8 per word, ``_regions``).
const AFTER: usize = 56;

/// A document's token checkpoints (``kavosh.index.checkpoints``, the format's specification): the
/// code point and byte offsets of every ``every``-th token of its text, whose first token is at
/// body position ``base``.
struct Table {
    every: usize,
    base: usize,
    n_tokens: usize,
    n_chars: usize,
    n_bytes: usize,
    /// ``(code point, byte)`` offset of token ``k * every``, for each ``k``.
    points: Vec<(usize, usize)>,
}

impl Table {
    /// Header: six little-endian u32 (version 1, every, base, tokens, code points, bytes), then per
    /// checkpoint two little-endian u16, its code point and byte offsets less the previous one's;
    /// ``None`` for another version or a length that does not fit.
    fn decode(raw: &[u8]) -> Option<Table> {
        let word = |i: usize| raw.get(4 * i..4 * i + 4).map(|w| u32::from_le_bytes(w.try_into().expect("4")) as usize);
        let (version, every, base, n_tokens, n_chars, n_bytes) =
            (word(0)?, word(1)?, word(2)?, word(3)?, word(4)?, word(5)?);
        if version != 1 || every == 0 {
            return None;
        }
        let count = n_tokens.div_ceil(every);
        let body = raw.get(24..)?;
        if body.len() != 4 * count {
            return None;
        }
        let (mut c, mut b) = (0usize, 0usize);
        let points = body
            .chunks_exact(4)
            .map(|d| {
                c += u16::from_le_bytes([d[0], d[1]]) as usize;
                b += u16::from_le_bytes([d[2], d[3]]) as usize;
                (c, b)
            })
            .collect();
        Some(Table { every, base, n_tokens, n_chars, n_bytes, points })
    }

    /// ``placed.scan_range``: the ``(code point, byte)`` bounds of the text to scan — the stretch of
    /// ``window`` tokens holding the most distinct groups of ``positions``, then the most positions
    /// (the first such), from :data:`BEFORE` tokens before it to :data:`AFTER` after its end, widened
    /// to checkpoints; ``None`` when no position falls in the text.
    fn range(
        &self,
        positions: &[Vec<u32>],
        window: usize,
        max_places: usize,
    ) -> Option<((usize, usize), (usize, usize))> {
        let mut places: Vec<(usize, usize)> = positions
            .iter()
            .enumerate()
            .flat_map(|(g, ps)| {
                ps.iter().filter_map(move |&p| {
                    let i = (p as usize).checked_sub(self.base)?;
                    (i < self.n_tokens).then_some((i, g))
                })
            })
            .collect();
        places.sort_unstable();
        places.truncate(max_places);
        let mut best: Option<(usize, usize, usize)> = None; // (groups, places, start): most, most, first
        let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
        let mut j = 0;
        for (i, &(start, group)) in places.iter().enumerate() {
            while j < places.len() && places[j].0 < start + window {
                *counts.entry(places[j].1).or_insert(0) += 1;
                j += 1;
            }
            if best.is_none_or(|(g, n, _)| (counts.len(), j - i) > (g, n)) {
                best = Some((counts.len(), j - i, start));
            }
            let c = counts.get_mut(&group).expect("counted");
            *c -= 1;
            if *c == 0 {
                counts.remove(&group);
            }
        }
        let (_, _, start) = best?;
        let first = start.saturating_sub(BEFORE) / self.every;
        let last = (start + window + AFTER).div_ceil(self.every);
        let end = self.points.get(last).copied().unwrap_or((self.n_chars, self.n_bytes));
        Some((self.points[first], end))
    }
}

/// checkpoint_table(analyzer, text, every, base) -> bytes | None: ``kavosh.index.checkpoints.table``
/// (the specification) in the core: the token checkpoints of ``text`` analysed by ``analyzer``, its
/// first token at body position ``base``; ``None`` when two checkpoints are 65,536 or more code
/// points or bytes apart (a delta would not fit) or ``every`` is 0.  GIL released.
#[pyfunction]
fn checkpoint_table<'py>(
    py: Python<'py>,
    analyzer: &Bound<'_, PyAnalyzer>,
    text: &str,
    every: usize,
    base: u32,
) -> Option<Bound<'py, PyBytes>> {
    let an = &analyzer.get().inner;
    let out = py.detach(|| {
        if every == 0 {
            return None;
        }
        let starts = an.marks(text, |_, _| false).starts;
        let n_chars = count_chars(text.as_bytes());
        let header = [1, every as u32, base, starts.len() as u32, n_chars as u32, text.len() as u32];
        let mut out: Vec<u8> = header.iter().flat_map(|w| w.to_le_bytes()).collect();
        let (mut prev_c, mut prev_b) = (0usize, 0usize);
        let mut bytes = text.char_indices().map(|(b, _)| b).enumerate();
        for &c in starts.iter().step_by(every) {
            let b = bytes.find(|&(i, _)| i == c).map(|(_, b)| b)?;
            let (dc, db) = (u16::try_from(c - prev_c).ok()?, u16::try_from(b - prev_b).ok()?);
            out.extend(dc.to_le_bytes());
            out.extend(db.to_le_bytes());
            (prev_c, prev_b) = (c, b);
        }
        Some(out)
    })?;
    Some(PyBytes::new(py, &out))
}

/// Register the classes in ``kavosh._core``.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAnchors>()?;
    m.add_class::<PySnippets>()?;
    m.add_function(wrap_pyfunction!(checkpoint_table, m)?)?;
    Ok(())
}
