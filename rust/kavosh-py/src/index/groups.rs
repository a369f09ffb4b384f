//! `kavosh._core.Grouper`: the near-duplicate band table of `kavosh-index` (`GroupTable`), with
//! the methods of `kavosh.index.groups.Grouper` (the specification, over the same SQLite file).
//! `kavosh.index.groups.open_grouper` chooses it when the core is built; the Rust writer's
//! `IndexWriter.add` assigns a `CoreDoc`'s group through it with no Python per document.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use kavosh_index::groups::Work;
use kavosh_index::{GroupError, GroupTable};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// Band-table errors as Python exceptions naming the table's file: a missing table or one of
/// other fingerprints is a `ValueError` (`open_grouper` raises it as `GroupTableError`), SQLite's
/// failures are `OSError`s.
pub(crate) fn group_error(e: GroupError) -> PyErr {
    match e {
        GroupError::Sql { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// Grouper(index_dir: str, opstamp: int, cache_mb: int = 64, filter_mb: int = 32): the band
/// table of the index in ``index_dir`` whose last commit has ``opstamp`` (0 before any), with
/// ``cache_mb`` MB of SQLite page cache and at most ``filter_mb`` MB of band filter.  Methods,
/// arguments and attributes (``statements``, ``lookups``, ``candidates``, ``documents``, ``path``)
/// as ``kavosh.index.groups.Grouper``; ``use_filter``, ``merge_min_rows`` and ``max_batch_docs`` (the
/// documents whose rows wait in memory before they are written into the batch's transaction) are for tests.
/// Raises ``ValueError`` (the table is missing or of other fingerprints) or ``OSError``.  The GIL
/// is released around SQLite's work.
#[pyclass(name = "Grouper", frozen)]
pub(crate) struct PyGrouper {
    table: Mutex<Option<GroupTable>>,
    /// The table's file.
    #[pyo3(get)]
    path: PathBuf,
}

impl PyGrouper {
    /// The open table (a `ValueError` once closed).
    pub(crate) fn table(&self) -> PyResult<MutexGuard<'_, Option<GroupTable>>> {
        let guard = self.table.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.is_none() {
            return Err(PyValueError::new_err(format!("the near-duplicate table {} is closed", self.path.display())));
        }
        Ok(guard)
    }

    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut GroupTable) -> Result<T, GroupError> + Send,
    ) -> PyResult<T> {
        let mut guard = self.table()?;
        let table = guard.as_mut().expect("checked by table()");
        py.detach(|| f(table)).map_err(group_error)
    }

    fn work(&self) -> PyResult<Work> {
        Ok(self.table()?.as_ref().expect("checked by table()").work)
    }
}

/// A Python fingerprint (`kavosh.index.dedup.Fingerprint`: ``bands``, ``sig_bytes()``) or ``None``.
fn fingerprint_parts(fp: Option<&Bound<'_, PyAny>>) -> PyResult<Option<(Vec<u64>, Vec<u8>)>> {
    fp.filter(|f| !f.is_none())
        .map(|f| {
            let sig = f.call_method0("sig_bytes")?;
            Ok((f.getattr("bands")?.extract()?, sig.cast::<PyBytes>()?.as_bytes().to_vec()))
        })
        .transpose()
}

#[pymethods]
impl PyGrouper {
    #[new]
    #[pyo3(signature = (index_dir, opstamp, cache_mb = 64, filter_mb = 32))]
    fn new(py: Python<'_>, index_dir: PathBuf, opstamp: u64, cache_mb: u64, filter_mb: u64) -> PyResult<Self> {
        let table = py.detach(|| GroupTable::open(&index_dir, opstamp, cache_mb, filter_mb)).map_err(group_error)?;
        let path = table.path().to_owned();
        Ok(PyGrouper { table: Mutex::new(Some(table)), path })
    }

    /// assign(doc_id: str, fp: Fingerprint | None, source_key: str = "") -> tuple[int, bool]
    #[pyo3(signature = (doc_id, fp, source_key = ""))]
    fn assign(
        &self,
        py: Python<'_>,
        doc_id: &str,
        fp: Option<&Bound<'_, PyAny>>,
        source_key: &str,
    ) -> PyResult<(u64, bool)> {
        let parts = fingerprint_parts(fp)?;
        self.with(py, |t| t.assign(doc_id, parts.as_ref().map(|(b, s)| (b.as_slice(), s.as_slice())), source_key))
    }

    /// forget(doc_id: str) -> None
    fn forget(&self, py: Python<'_>, doc_id: &str) -> PyResult<()> {
        self.with(py, |t| t.forget(doc_id))
    }

    /// forget_source(source_key: str) -> None
    fn forget_source(&self, py: Python<'_>, source_key: &str) -> PyResult<()> {
        self.with(py, |t| t.forget_source(source_key))
    }

    /// prepare_commit() -> None
    fn prepare_commit(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, GroupTable::prepare_commit)
    }

    /// abort_commit() -> None
    fn abort_commit(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, GroupTable::abort_commit)
    }

    /// committed(opstamp: int) -> None
    fn committed(&self, py: Python<'_>, opstamp: u64) -> PyResult<()> {
        self.with(py, |t| t.committed(opstamp))
    }

    /// rolled_back() -> None
    fn rolled_back(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, GroupTable::rolled_back)
    }

    /// close() -> None: drop uncommitted changes and close the table (again: nothing).
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let table = self.table.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        match table {
            Some(t) => py.detach(|| t.close()).map_err(group_error),
            None => Ok(()),
        }
    }

    /// groups() -> dict[str, int]: every live document with a fingerprint and its group id.
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.with(py, |t| t.groups())?;
        let d = PyDict::new(py);
        for (id, g) in rows {
            d.set_item(id, g)?;
        }
        Ok(d)
    }

    #[getter]
    fn statements(&self) -> PyResult<u64> {
        Ok(self.work()?.statements)
    }

    #[getter]
    fn lookups(&self) -> PyResult<u64> {
        Ok(self.work()?.lookups)
    }

    #[getter]
    fn candidates(&self) -> PyResult<u64> {
        Ok(self.work()?.candidates)
    }

    #[getter]
    fn documents(&self) -> PyResult<u64> {
        Ok(self.work()?.documents)
    }

    #[getter]
    fn get_use_filter(&self) -> PyResult<bool> {
        Ok(self.table()?.as_ref().expect("checked by table()").use_filter)
    }

    #[setter]
    fn set_use_filter(&self, on: bool) -> PyResult<()> {
        self.table()?.as_mut().expect("checked by table()").use_filter = on;
        Ok(())
    }

    #[getter]
    fn get_merge_min_rows(&self) -> PyResult<u64> {
        Ok(self.table()?.as_ref().expect("checked by table()").merge_min_rows)
    }

    #[setter]
    fn set_merge_min_rows(&self, rows: u64) -> PyResult<()> {
        self.table()?.as_mut().expect("checked by table()").merge_min_rows = rows;
        Ok(())
    }

    #[getter]
    fn get_max_batch_docs(&self) -> PyResult<usize> {
        Ok(self.table()?.as_ref().expect("checked by table()").max_batch_docs)
    }

    #[setter]
    fn set_max_batch_docs(&self, docs: usize) -> PyResult<()> {
        self.table()?.as_mut().expect("checked by table()").max_batch_docs = docs.max(1);
        Ok(())
    }
}
