//! `kavosh._core.TopSearcher`: the ranked page's top-k search with tantivy's block-max WAND
//! (`kavosh-index`'s `search` module), for `kavosh.search.topk`.  The tantivy-py search of
//! `kavosh.search.proximity.ranked` is the specification (`tests/test_topk.py` compares them).

use std::path::PathBuf;

use kavosh_index::{Leaf, SearchError, Searcher, Shape, Spec, TopSearcher};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

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

/// TopSearcher(path: str): one index folder's reader, kept open; reloaded when a search's
/// ``shape`` (``(segments, live documents)`` of the caller's tantivy-py searcher) differs from its
/// commit's.  Raises ``OSError`` when the folder holds no readable index.
#[pyclass(name = "TopSearcher", frozen)]
pub(crate) struct PyTopSearcher {
    inner: TopSearcher,
}

impl PyTopSearcher {
    /// The searcher whose commit has `shape` (reloading once), or `None`.
    fn matching(&self, shape: Shape) -> Result<Option<Searcher>, SearchError> {
        let (s, now) = self.inner.searcher();
        if now == shape {
            return Ok(Some(s));
        }
        self.inner.reload()?;
        let (s, now) = self.inner.searcher();
        Ok((now == shape).then_some(s))
    }
}

#[pymethods]
impl PyTopSearcher {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py.detach(|| TopSearcher::open(&path)).map_err(search_error)?;
        Ok(Self { inner })
    }

    /// top(leaves, k, shape) -> list[tuple[float, int, int]] | None: the first ``k`` hits
    /// ``(score, segment_ord, doc)`` of the union of ``leaves`` (each ``(field, [(offset, term)],
    /// [boost])``: a term for one term, an exact phrase for more, boosts innermost first), best
    /// first, ties by address; ``None`` when no commit of the index has ``shape``.  GIL released.
    /// Raises ``ValueError`` (a field the index lacks, a leaf without terms) or ``OSError``.
    fn top(
        &self,
        py: Python<'_>,
        leaves: Vec<PyLeaf>,
        k: usize,
        shape: Shape,
    ) -> PyResult<Option<Vec<(f32, u32, u32)>>> {
        let spec = spec(leaves);
        py.detach(|| match self.matching(shape)? {
            Some(s) => self.inner.top(&s, &spec, k).map(Some),
            None => Ok(None),
        })
        .map_err(search_error)
    }

    /// count(leaves, group, limit, shape) -> tuple[int, int, bool] | None: ``(matches, distinct
    /// results among the first limit matches in index order, every match looked at)`` of the union
    /// of ``leaves``, results being the distinct values of the u64 fast field ``group`` plus the
    /// matches without one; ``None`` when no commit has ``shape``.  No scoring; GIL released.
    fn count(
        &self,
        py: Python<'_>,
        leaves: Vec<PyLeaf>,
        group: String,
        limit: u64,
        shape: Shape,
    ) -> PyResult<Option<(u64, u64, bool)>> {
        let spec = spec(leaves);
        py.detach(|| match self.matching(shape)? {
            Some(s) => self.inner.count(&s, &spec, &group, limit).map(|c| Some((c.matched, c.results, c.complete))),
            None => Ok(None),
        })
        .map_err(search_error)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTopSearcher>()
}
