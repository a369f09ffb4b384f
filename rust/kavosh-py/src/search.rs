//! `kavosh._core.TopSearcher` and `TopSnapshot`: the ranked page's top-k search with tantivy's block-max WAND
//! (`kavosh-index`'s `search` module), for `kavosh.search.topk`.  The tantivy-py search of
//! `kavosh.search.proximity.ranked` is the specification (`tests/test_topk.py` compares them).

use std::path::PathBuf;

use kavosh_index::{Commit, GroupCounts, Leaf, SearchError, Shape, Snapshot, Spec, StoredValue, TopSearcher};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// Search errors as Python exceptions: a malformed query (a field the index lacks, a leaf
/// without terms) is a `ValueError`; an index that cannot be opened or read an `OSError`.
fn search_error(e: SearchError) -> PyErr {
    match e {
        SearchError::NoField { .. } | SearchError::Leaf { .. } => PyValueError::new_err(e.to_string()),
        _ => PyOSError::new_err(e.to_string()),
    }
}

/// A leaf as Python gives it: ``(field, [(offset, term), ...], [boost, ...])``.
type PyLeaf = (String, Vec<(usize, String)>, Vec<f32>);

fn spec(leaves: Vec<PyLeaf>) -> Spec {
    Spec { leaves: leaves.into_iter().map(|(field, terms, boosts)| Leaf { field, terms, boosts }).collect() }
}

/// TopSearcher(path: str): one index folder's reader, kept open, which moves to a new commit only
/// when told (``reload``); ``snapshot()`` hands out the commit loaded last.  Raises ``OSError``
/// when the folder holds no readable index.
#[pyclass(name = "TopSearcher", frozen)]
pub(crate) struct PyTopSearcher {
    inner: TopSearcher,
}

#[pymethods]
impl PyTopSearcher {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py.detach(|| TopSearcher::open(&path)).map_err(search_error)?;
        Ok(Self { inner })
    }

    /// reload() -> None: load the index's latest commit (snapshots already taken keep theirs).
    /// GIL released.  Raises ``OSError`` when the commit cannot be read.
    fn reload(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.inner.reload()).map_err(search_error)
    }

    /// snapshot() -> TopSnapshot: the commit loaded last, kept for as long as the snapshot lives.
    fn snapshot(&self) -> PySnapshot {
        PySnapshot { inner: self.inner.snapshot() }
    }
}

/// TopSnapshot: one commit of the index (from ``TopSearcher.snapshot()``), searched by ``top`` and
/// counted by ``count``; ``commit()`` and ``shape`` say which commit it is.
#[pyclass(name = "TopSnapshot", frozen)]
pub(crate) struct PySnapshot {
    inner: Snapshot,
}

#[pymethods]
impl PySnapshot {
    /// commit() -> list[tuple[str, int | None]]: each segment's id (32 hex digits, ``meta.json``'s
    /// ``segment_id`` without hyphens) and its deletes' opstamp (``None``: none), in segment order.
    fn commit(&self) -> Commit {
        self.inner.commit()
    }

    /// ``(segments, live documents)`` of this commit.
    #[getter]
    fn shape(&self) -> Shape {
        self.inner.shape()
    }

    /// top(leaves, k) -> list[tuple[float, int, int]]: the first ``k`` hits ``(score, segment_ord,
    /// doc)`` of the union of ``leaves`` (each ``(field, [(offset, term)], [boost])``: a term for one
    /// term, an exact phrase for more, boosts innermost first), best first, ties by address.  GIL
    /// released.  Raises ``ValueError`` (a field the index lacks, a leaf without terms) or ``OSError``.
    fn top(&self, py: Python<'_>, leaves: Vec<PyLeaf>, k: usize) -> PyResult<Vec<(f32, u32, u32)>> {
        let spec = spec(leaves);
        py.detach(|| self.inner.top(&spec, k)).map_err(search_error)
    }

    /// count(leaves, group, limit, stop=None) -> tuple[int, int, bool, bool]: ``(matches, distinct results
    /// among the first limit matches in index order, every match looked at, matches exact)`` of the
    /// union of ``leaves``, results being the distinct values of the u64 fast field ``group`` plus the
    /// matches without one.  With ``stop``, counting stops once ``stop`` matches are counted and more
    /// may follow (as Elasticsearch's ``track_total_hits``): matches is then a lower bound (the largest
    /// of the count and a term leaf's document frequency less the deleted documents) and both flags are
    /// false.  With ``enough`` too, when that document frequency bound is at least ``enough`` and
    /// ``stop``, nothing is walked: matches is the bound and results 0 (not counted).  No scoring; GIL
    /// released.  Raises as ``top``; ``ValueError`` when ``group`` is not a u64 fast field.
    #[pyo3(signature = (leaves, group, limit, stop=None, enough=None))]
    fn count(
        &self,
        py: Python<'_>,
        leaves: Vec<PyLeaf>,
        group: String,
        limit: u64,
        stop: Option<u64>,
        enough: Option<u64>,
    ) -> PyResult<(u64, u64, bool, bool)> {
        let spec = spec(leaves);
        let (stop, enough) = (stop.unwrap_or(u64::MAX), enough.unwrap_or(u64::MAX));
        py.detach(|| self.inner.count_upto(&spec, &group, limit, stop, enough))
            .map(|c| (c.matched, c.results, c.complete, c.exact))
            .map_err(search_error)
    }

    /// ranked_count(leaves, k, group, limit, most) -> tuple[list[tuple[float, int, int]], tuple[int, int, bool],
    /// GroupCounts] | None: ``top``'s first ``k`` hits, ``count``'s triple and every matching group's matches
    /// (a ``GroupCounts``), in one scoring pass over the matches, the hits scored as tantivy-py's search of
    /// the same leaves scores them; ``None``, without searching, when the leaves' document frequencies say
    /// they may match more than ``most`` documents.  GIL released.  Raises as ``count``.
    #[allow(clippy::type_complexity)]
    fn ranked_count(
        &self,
        py: Python<'_>,
        leaves: Vec<PyLeaf>,
        k: usize,
        group: String,
        limit: u64,
        most: u64,
    ) -> PyResult<Option<(Vec<(f32, u32, u32)>, (u64, u64, bool), PyGroupCounts)>> {
        let spec = spec(leaves);
        let got = py.detach(|| self.inner.ranked_count(&spec, k, &group, limit, most)).map_err(search_error)?;
        Ok(got.map(|r| {
            let c = r.counted;
            (r.hits, (c.matched, c.results, c.complete), PyGroupCounts { counts: r.groups })
        }))
    }

    /// group_matches(leaves, group, groups) -> list[int]: the live documents the union of ``leaves``
    /// matches in each of ``groups`` (values of the indexed u64 field ``group``), each group's documents
    /// read from its postings and the leaves checked at those only.  GIL released.  Raises as ``count``.
    fn group_matches(
        &self,
        py: Python<'_>,
        leaves: Vec<PyLeaf>,
        group: String,
        groups: Vec<u64>,
    ) -> PyResult<Vec<u64>> {
        let spec = spec(leaves);
        py.detach(|| self.inner.group_matches(&spec, &group, &groups)).map_err(search_error)
    }

    /// scores(leaves, docs) -> list[float]: the score of the union of ``leaves`` (as ``top``) at each of
    /// ``docs`` (``(segment_ord, doc)`` addresses), 0.0 where no leaf matches; each leaf checked at those
    /// documents only.  GIL released.  Raises as ``top``; ``OSError`` for a segment not in this commit.
    fn scores(&self, py: Python<'_>, leaves: Vec<PyLeaf>, docs: Vec<(u32, u32)>) -> PyResult<Vec<f32>> {
        let spec = spec(leaves);
        py.detach(|| self.inner.scores(&spec, &docs)).map_err(search_error)
    }

    /// stored(segment, doc, fields) -> list[str | bytes | None]: the first stored value of each of ``fields``
    /// (a text field's ``str``, a bytes field's ``bytes``; ``None`` where the document stores none) of
    /// document ``doc`` of segment ``segment`` (a hit's address).  Raises ``ValueError`` (a field the index
    /// lacks) or ``OSError`` (no such segment or document, a read error).
    fn stored<'py>(
        &self,
        py: Python<'py>,
        segment: u32,
        doc: u32,
        fields: Vec<String>,
    ) -> PyResult<Vec<Option<Bound<'py, PyAny>>>> {
        let got = py.detach(|| self.inner.stored(segment, doc, &fields)).map_err(search_error)?;
        Ok(got
            .into_iter()
            .map(|v| {
                v.map(|v| match v {
                    StoredValue::Text(s) => PyString::new(py, &s).into_any(),
                    StoredValue::Bytes(b) => PyBytes::new(py, &b).into_any(),
                })
            })
            .collect())
    }

    /// positions(field, terms, segment, doc, limit) -> list[list[int]]: for each of ``terms``, its
    /// positions in document ``doc`` of segment ``segment`` (a hit's address) in the text field
    /// ``field``, ascending; at most ``limit`` in all (the first of each term, in order of ``terms``).
    /// GIL released.  Raises ``ValueError`` (a field the index lacks) or ``OSError`` (no such
    /// segment, a read error).
    fn positions(
        &self,
        py: Python<'_>,
        field: String,
        terms: Vec<String>,
        segment: u32,
        doc: u32,
        limit: usize,
    ) -> PyResult<Vec<Vec<u32>>> {
        py.detach(|| self.inner.positions(&field, &terms, segment, doc, limit)).map_err(search_error)
    }
}

/// GroupCounts: the matches of each near-duplicate group of one query (from ``TopSnapshot.ranked_count``).
#[pyclass(name = "GroupCounts", frozen)]
pub(crate) struct PyGroupCounts {
    counts: GroupCounts,
}

#[pymethods]
impl PyGroupCounts {
    /// get(groups: list[int]) -> list[int]: the matches of each of ``groups`` (0 for a group none of
    /// whose documents matched).
    fn get(&self, groups: Vec<u64>) -> Vec<u32> {
        groups.iter().map(|g| self.counts.get(g).copied().unwrap_or(0)).collect()
    }

    /// The number of groups with a match.
    fn __len__(&self) -> usize {
        self.counts.len()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTopSearcher>()?;
    m.add_class::<PyGroupCounts>()?;
    m.add_class::<PySnapshot>()
}
