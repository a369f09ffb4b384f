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
//!
//! The parts: `anchors.rs` (the anchor pattern and its scan), `text.rs` (code point offsets over
//! UTF-8 bytes), `snippet.rs` (choosing and cutting the passage), `checkpoints.rs` (the token
//! checkpoint table); this module holds the Snippets class Python calls.

mod anchors;
mod checkpoints;
mod snippet;
mod text;

use rustc_hash::FxHashSet;
use std::str::Utf8Error;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::PyAnalyzer;
use anchors::places;
pub use anchors::PyAnchors;
use checkpoints::{base64_strict, checkpoint_table, Table};
use snippet::mark;
use text::{utf8_of, Doc};

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

/// Register the classes in ``kavosh._core``.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAnchors>()?;
    m.add_class::<PySnippets>()?;
    m.add_function(wrap_pyfunction!(checkpoint_table, m)?)?;
    Ok(())
}
