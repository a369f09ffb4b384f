//! The anchor scan of snippet placement (``highlight.AnchorPattern``): the class ``Anchors``
//! (a query's anchor pattern compiled by `regex-automata`) and [`places`], its matches in a
//! text; used by the snippet code (`snippet.rs`) and the Snippets class (`present.rs`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use regex_automata::meta;
use regex_automata::util::syntax;

use super::text::{count_chars, prefix, utf8_of};

/// Anchors(groups: list[str]): the anchor pattern of a query, one source per group
/// (``highlight.AnchorPattern.groups``: each group's alternation, those with strings only: a
/// group without is ``(?!)`` in the specification's pattern, neither a match nor a capturing
/// group), compiled case-insensitively; a match of ``groups[i]`` is in group ``i + 1`` (``re``'s
/// ``lastindex``).  ``preferred``: how many of the first groups are words wanted as written
/// (``AnchorPattern.preferred``).  Raises ``ValueError`` naming the pattern when it does not
/// compile or there is no group.
#[pyclass(name = "Anchors", frozen)]
pub struct PyAnchors {
    pub(super) scan: meta::Regex,
    pub(super) preferred: usize,
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

/// The first `limit` matches of `scan` in `text`: (start in code points, start in bytes, 1-based group).
pub(super) fn places(scan: &meta::Regex, text: &[u8], limit: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in scan.find_iter(text).take(limit) {
        chars += count_chars(&text[byte..m.start()]);
        byte = m.start();
        out.push((chars, byte, m.pattern().as_usize() + 1));
    }
    out
}
