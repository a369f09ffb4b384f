//! `kavosh._core.IndexWriter` and `kavosh._core.CoreDoc`: documents analysed by the core written
//! by tantivy's `IndexWriter` (`kavosh-index`), their terms never turned into Python strings.
//! `kavosh.index.writer.Writer` uses them when the core is built; its tantivy-py path is the
//! specification (`tests/test_index_rust_writer.py` compares the indexes).

use std::path::PathBuf;

use kavosh_index::{Field, NewDoc, Terms, TypedValue, WriteError, Writer};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

/// Writing errors as Python exceptions naming the index, document or field: refusals of the
/// index or of a value (`LockBusy`, no such field, a value of the wrong kind) are `ValueError`s,
/// as tantivy-py raises them; failures of tantivy's threads or files are `OSError`s.
fn write_error(e: WriteError) -> PyErr {
    match e {
        WriteError::Add { .. } | WriteError::Index { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// The analysed terms of one document's title and body, and its text (what
/// `kavosh.index.writer.build` needs of the analysis).
pub(crate) struct Analysed {
    pub(crate) title: Terms,
    pub(crate) body: Terms,
    pub(crate) text: String,
}

/// CoreDoc: one document's analysed title and body terms and its text, held in Rust until
/// `IndexWriter.add_core` takes them (once).  ``text_bytes`` is the text's UTF-8 length.
#[pyclass]
pub(crate) struct CoreDoc {
    analysed: Option<Analysed>,
    /// The text's length in UTF-8 bytes.
    #[pyo3(get)]
    text_bytes: usize,
}

impl CoreDoc {
    pub(crate) fn new(analysed: Analysed) -> Self {
        CoreDoc { text_bytes: analysed.text.len(), analysed: Some(analysed) }
    }
}

#[pymethods]
impl CoreDoc {
    /// terms() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]: the title's and the body's
    /// indexed terms with their positions (for tests; raises ``ValueError`` once added).
    #[allow(clippy::type_complexity)]
    fn terms(&self) -> PyResult<(Vec<(String, usize)>, Vec<(String, usize)>)> {
        let a = self.analysed.as_ref().ok_or_else(|| PyValueError::new_err("this document was already added"))?;
        let list = |t: &Terms| t.tokens().iter().map(|k| (k.text.clone(), k.position)).collect();
        Ok((list(&a.title), list(&a.body)))
    }
}

/// The declared fields' values of `doc_id` as `kavosh.index.writer.Prepared.typed` holds them:
/// ``(tantivy field name, kind, values)`` for each field.
fn typed_values(writer: &Writer, doc_id: &str, typed: &Bound<'_, PyTuple>) -> PyResult<Vec<(Field, TypedValue)>> {
    let mut out = Vec::new();
    for item in typed.iter() {
        let (name, kind, values): (String, String, Bound<'_, PyList>) = item.extract()?;
        let field = writer.field(&name).map_err(write_error)?;
        for v in values.iter() {
            let bad = |expected: &'static str| {
                write_error(WriteError::Value {
                    doc_id: doc_id.to_owned(),
                    field: name.clone(),
                    expected,
                    got: format!("{v:?}"),
                })
            };
            let value = match kind.as_str() {
                "text" | "keyword" | "keyword[]" => TypedValue::Str(v.extract().map_err(|_| bad("str"))?),
                "number" => TypedValue::F64(v.extract().map_err(|_| bad("float"))?),
                "date" => TypedValue::I64(v.extract().map_err(|_| bad("int (days)"))?),
                "bool" => TypedValue::U64(v.extract().map_err(|_| bad("0 or 1"))?),
                _ => return Err(bad("text, keyword, keyword[], number, date or bool")),
            };
            out.push((field, value));
        }
    }
    Ok(out)
}

/// IndexWriter(path: str, heap_size: int, num_threads: int = 0): the single writer of the
/// (unsharded) index in ``path``, with Kavosh's term analyzer registered (``kavosh-index``).
/// ``heap_size`` is tantivy's indexing memory in bytes; ``num_threads`` its indexing threads (0:
/// tantivy chooses).  Raises ``ValueError`` (``LockBusy: ...`` when another writer holds the
/// lock; no index in ``path``; not a Kavosh schema).  The GIL is released around every call
/// into tantivy.
#[pyclass(name = "IndexWriter")]
pub(crate) struct PyIndexWriter {
    inner: Option<Writer>,
}

impl PyIndexWriter {
    fn writer(&self) -> PyResult<&Writer> {
        self.inner.as_ref().ok_or_else(|| PyValueError::new_err("the index writer is closed"))
    }

    fn writer_mut(&mut self) -> PyResult<&mut Writer> {
        self.inner.as_mut().ok_or_else(|| PyValueError::new_err("the index writer is closed"))
    }

    /// Add one document built from its parts (the GIL released while tantivy takes it).
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        doc_id: &str,
        id_key: [u64; 4],
        (title, body, text): (Terms, Terms, Vec<u8>),
        stored: &[u8],
        days: Option<i64>,
        source: (&str, &str),
        typed: Vec<(Field, TypedValue)>,
        group: (u64, bool),
    ) -> PyResult<u64> {
        let w = self.writer()?;
        let doc = NewDoc {
            id: doc_id.to_owned(),
            id_key,
            title,
            body,
            stored: stored.to_vec(),
            stored_text: text,
            days,
            source: (!source.0.is_empty()).then(|| (source.0.to_owned(), source.1.to_owned())),
            typed,
            group: group.0,
            joined: group.1,
        };
        py.detach(|| w.add(doc)).map_err(write_error)
    }
}

#[pymethods]
impl PyIndexWriter {
    #[new]
    #[pyo3(signature = (path, heap_size, num_threads = 0))]
    fn new(py: Python<'_>, path: PathBuf, heap_size: usize, num_threads: usize) -> PyResult<Self> {
        let w = py.detach(|| Writer::open(&path, heap_size, num_threads)).map_err(write_error)?;
        Ok(PyIndexWriter { inner: Some(w) })
    }

    /// add_core(doc_id: str, id_key: tuple[int, int, int, int], core: CoreDoc, stored: bytes,
    /// days: int | None, source_key: str, source_hash: str, typed: tuple, group: int, joined: bool)
    /// -> int: add a document analysed by ``prepare_core_batch`` (its terms taken from ``core``,
    /// which cannot be added again), with the rest of ``kavosh.index.writer.build``'s fields;
    /// returns its opstamp.  Raises ``ValueError`` naming the document and field of a declared
    /// field's value of the wrong kind, or when ``core`` was already added.
    #[allow(clippy::too_many_arguments)]
    fn add_core(
        &self,
        py: Python<'_>,
        doc_id: &str,
        id_key: [u64; 4],
        core: &Bound<'_, CoreDoc>,
        stored: &[u8],
        days: Option<i64>,
        source_key: &str,
        source_hash: &str,
        typed: &Bound<'_, PyTuple>,
        group: u64,
        joined: bool,
    ) -> PyResult<u64> {
        let typed = typed_values(self.writer()?, doc_id, typed)?; // before `core` is taken: a refused value leaves it
        let a = core.borrow_mut().analysed.take().ok_or_else(|| {
            PyValueError::new_err(format!("document {doc_id:?}: its analysed terms were already added"))
        })?;
        let parts = (a.title, a.body, a.text.into_bytes());
        self.add(py, doc_id, id_key, parts, stored, days, (source_key, source_hash), typed, (group, joined))
    }

    /// add_terms(doc_id, id_key, title_terms: str, body_terms: str, stored: bytes, stored_text:
    /// bytes, days, source_key, source_hash, typed, group, joined) -> int: as ``add_core`` for a
    /// document analysed in Python, its term fields given as terms joined by spaces (as tantivy-py
    /// is given them; split here exactly as the registered term analyzer splits them).
    #[allow(clippy::too_many_arguments)]
    fn add_terms(
        &self,
        py: Python<'_>,
        doc_id: &str,
        id_key: [u64; 4],
        title_terms: &str,
        body_terms: &str,
        stored: &[u8],
        stored_text: &[u8],
        days: Option<i64>,
        source_key: &str,
        source_hash: &str,
        typed: &Bound<'_, PyTuple>,
        group: u64,
        joined: bool,
    ) -> PyResult<u64> {
        let typed = typed_values(self.writer()?, doc_id, typed)?;
        let parts = (Terms::from_joined(title_terms), Terms::from_joined(body_terms), stored_text.to_vec());
        self.add(py, doc_id, id_key, parts, stored, days, (source_key, source_hash), typed, (group, joined))
    }

    /// delete_documents_by_term(field: str, value: str) -> int: delete the documents whose raw
    /// field ``field`` (``id``, ``source_key``) is ``value``, including ones added earlier in this
    /// batch; returns the opstamp.  Raises ``ValueError`` for a field the index lacks.
    fn delete_documents_by_term(&self, field: &str, value: &str) -> PyResult<u64> {
        self.writer()?.delete_term(field, value).map_err(write_error)
    }

    /// commit() -> int: make every change durable and visible; returns the commit's opstamp.
    fn commit(&mut self, py: Python<'_>) -> PyResult<u64> {
        let w = self.writer_mut()?;
        py.detach(|| w.commit()).map_err(write_error)
    }

    /// rollback() -> int: drop the changes since the last commit; returns the opstamp.
    fn rollback(&mut self, py: Python<'_>) -> PyResult<u64> {
        let w = self.writer_mut()?;
        py.detach(|| w.rollback()).map_err(write_error)
    }

    /// wait_merging_threads() -> None: wait for merges, then release the lock (the writer is
    /// closed: uncommitted changes are dropped).
    fn wait_merging_threads(&mut self, py: Python<'_>) -> PyResult<()> {
        match self.inner.take() {
            Some(w) => py.detach(|| w.wait_merging_threads()).map_err(write_error),
            None => Ok(()),
        }
    }
}
