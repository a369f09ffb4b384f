//! `kavosh._core.IndexWriter` and `kavosh._core.CoreDoc`: documents analysed by the core written
//! by tantivy's `IndexWriter` (`kavosh-index`), their terms never turned into Python strings.
//! `kavosh.index.writer.Writer` uses them when the core is built; its tantivy-py path is the
//! specification (`tests/test_index_rust_writer.py` compares the indexes).

use std::path::PathBuf;

use kavosh_index::{CommitAfter, Field, NewDoc, Terms, TypedValue, WriteError, Writer};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use super::groups::{group_error, PyGrouper};
use super::minhash::Fingerprint;
use super::records::Records;

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

/// CoreDoc: one document's analysed title and body terms, its text and its near-duplicate
/// fingerprint, held in Rust until `IndexWriter.add` takes them (once).  ``text_bytes`` is the
/// text's UTF-8 length.
#[pyclass]
pub(crate) struct CoreDoc {
    analysed: Option<Analysed>,
    fingerprint: Option<Fingerprint>,
    /// The text's length in UTF-8 bytes.
    #[pyo3(get)]
    text_bytes: usize,
}

impl CoreDoc {
    pub(crate) fn new(analysed: Analysed, fingerprint: Option<Fingerprint>) -> Self {
        CoreDoc { text_bytes: analysed.text.len(), analysed: Some(analysed), fingerprint }
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

    /// fingerprint() -> tuple[list[int], bytes] | None: the band keys and the 128 signature bytes
    /// (``kavosh.index.dedup.fingerprint``'s values), ``None`` for a text too short to group.
    fn fingerprint(&self) -> Option<(Vec<u64>, Vec<u8>)> {
        self.fingerprint.as_ref().map(|f| (f.bands.to_vec(), f.signature.to_vec()))
    }
}

/// A document's terms for `IndexWriter.add`: analysed by the core, or joined by spaces in Python.
#[derive(FromPyObject)]
enum TermsArg<'py> {
    /// A `CoreDoc` (its terms, text and fingerprint).
    Core(Bound<'py, CoreDoc>),
    /// ``(title_terms, body_terms, stored_text)`` as `kavosh.index.writer.build` takes them.
    Joined((String, String, Bound<'py, PyBytes>)),
}

/// A document's near-duplicate group for `IndexWriter.add`.
#[derive(FromPyObject)]
enum GroupArg<'py> {
    /// ``(group id, joined)``, assigned by the caller.
    Given((u64, bool)),
    /// The band table, to assign it from the `CoreDoc`'s fingerprint.
    Table(Bound<'py, PyGrouper>),
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
                "text" => TypedValue::Terms(v.extract().map_err(|_| bad("str"))?),
                "keyword" | "keyword[]" => TypedValue::Str(v.extract().map_err(|_| bad("str"))?),
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

/// IndexWriter(path: str, heap_size: int, num_threads: int = 0, max_docs_before_merge: int = 0):
/// the single writer of the (unsharded) index in ``path``, with Kavosh's term analyzer registered
/// (``kavosh-index``).  ``heap_size`` is tantivy's indexing memory in bytes; ``num_threads`` its
/// indexing threads (0: tantivy chooses); ``max_docs_before_merge`` the size in documents from which
/// a segment is not merged again (0: tantivy's default, 10 million; see
/// ``kavosh.index.budget.merge_max_docs``).  Raises ``ValueError`` (``LockBusy: ...`` when another
/// writer holds the lock; no index in ``path``; not a Kavosh schema).  The GIL is released around
/// every call into tantivy.
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
}

#[pymethods]
impl PyIndexWriter {
    #[new]
    #[pyo3(signature = (path, heap_size, num_threads = 0, max_docs_before_merge = 0))]
    fn new(
        py: Python<'_>,
        path: PathBuf,
        heap_size: usize,
        num_threads: usize,
        max_docs_before_merge: usize,
    ) -> PyResult<Self> {
        let w =
            py.detach(|| Writer::open(&path, heap_size, num_threads, max_docs_before_merge)).map_err(write_error)?;
        Ok(PyIndexWriter { inner: Some(w) })
    }

    /// add(doc_id: str, id_key: tuple[int, int, int, int] | None, terms: CoreDoc | tuple[str, str, bytes],
    /// stored: bytes, days: int | None, source: tuple[str, str], typed: tuple, group:
    /// tuple[int, bool] | Grouper) -> int: add a document with ``kavosh.index.writer.build``'s
    /// fields; returns its opstamp.  ``id_key`` is ``kavosh.index.id_key.id_key(doc_id)``, or ``None``
    /// for an ASCII id: then it is computed here (``kavosh_index::id_key``).  ``terms`` is a ``CoreDoc`` from ``prepare_core_batch`` (taken:
    /// it cannot be added again) or, for a document analysed in Python, ``(title_terms, body_terms,
    /// stored_text)``, terms joined by spaces as tantivy-py is given them (split here exactly as the
    /// registered term analyzer splits them).  ``source`` is ``(source_key, source_hash)`` (``("",
    /// "")``: none).  ``group`` is ``(group id, joined)``, or the ``Grouper`` that assigns it from the
    /// ``CoreDoc``'s fingerprint (``Grouper.assign``'s rule, no Python on the way).  Raises
    /// ``ValueError`` naming the document and field of a declared field's value of the wrong kind,
    /// when the ``CoreDoc`` was already added, or for a ``Grouper`` with joined terms; ``OSError``
    /// when tantivy or the band table fails.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        doc_id: &str,
        id_key: Option<[u64; 4]>,
        terms: TermsArg<'_>,
        stored: &[u8],
        days: Option<i64>,
        source: (String, String),
        typed: &Bound<'_, PyTuple>,
        group: GroupArg<'_>,
    ) -> PyResult<u64> {
        let w = self.writer()?;
        let id_key = match id_key {
            Some(k) => k,
            None => kavosh_index::id_key(doc_id).ok_or_else(|| {
                PyValueError::new_err(format!("document {doc_id:?}: an id that is not ASCII needs its id_key given"))
            })?,
        };
        let typed = typed_values(w, doc_id, typed)?; // before a `CoreDoc` is taken: a refused value leaves it
        let (title, body, text, fingerprint) = match terms {
            TermsArg::Core(core) => {
                let mut core = core.borrow_mut();
                let a = core.analysed.take().ok_or_else(|| {
                    PyValueError::new_err(format!("document {doc_id:?}: its analysed terms were already added"))
                })?;
                (a.title, a.body, a.text.into_bytes(), Some(core.fingerprint.take()))
            }
            TermsArg::Joined((title, body, text)) => {
                (Terms::from_string(title), Terms::from_string(body), text.as_bytes().to_vec(), None)
            }
        };
        let (given, grouper) = match (group, &fingerprint) {
            (GroupArg::Given(g), _) => (Some(g), None),
            (GroupArg::Table(g), Some(_)) => (None, Some(g)),
            (GroupArg::Table(_), None) => {
                return Err(PyValueError::new_err(format!(
                    "document {doc_id:?}: a Grouper assigns the group of a CoreDoc only; give (group, joined)"
                )))
            }
        };
        let mut guard = grouper.as_ref().map(|g| g.get().table()).transpose()?;
        let table = guard.as_mut().map(|g| g.as_mut().expect("checked by PyGrouper::table"));
        let fp = fingerprint.flatten();
        py.detach(|| {
            let (group, joined) = match (given, table) {
                (Some(g), _) => g,
                (None, Some(t)) => {
                    let parts = fp.as_ref().map(|f| (&f.bands[..], &f.signature[..]));
                    t.assign(doc_id, parts, &source.0).map_err(group_error)?
                }
                (None, None) => unreachable!("either given or assigned by the Grouper"),
            };
            let doc = NewDoc {
                id: doc_id.to_owned(),
                id_key,
                title,
                body,
                stored: stored.to_vec(),
                stored_text: text,
                days,
                source: (!source.0.is_empty()).then(|| source.clone()),
                typed,
                group,
                joined,
            };
            w.add(doc).map_err(write_error)
        })
    }

    /// add_records(records: Records, plan: list[tuple[bool, tuple[int, int, int, int] | None]], grouper:
    /// Grouper) -> int: add every record analysed by ``prepare_records``, in order, each as ``add`` would
    /// with a ``CoreDoc`` (stored JSON from the record, no date, no declared field, the ``Records``'
    /// source), its group assigned by ``grouper``; returns the last opstamp.  ``plan`` holds, per record,
    /// whether to delete its id first (a replacement: ``delete_documents_by_term`` and
    /// ``Grouper.forget`` of the id, just before it is added) and its ``id_key`` (``None`` for an ASCII
    /// id).  The GIL is released for the whole batch.  Raises ``ValueError`` when the records were not
    /// analysed or were added already, or ``plan`` is not one entry per record; ``OSError`` when
    /// tantivy or the band table fails.
    fn add_records(
        &self,
        py: Python<'_>,
        records: &Bound<'_, Records>,
        plan: Vec<(bool, Option<[u64; 4]>)>,
        grouper: &Bound<'_, PyGrouper>,
    ) -> PyResult<u64> {
        let w = self.writer()?;
        let (recs, prepared, path, source) = {
            let mut r = records.borrow_mut();
            if plan.len() != r.records.len() {
                return Err(PyValueError::new_err(format!(
                    "add_records: {} plan entries for {} records",
                    plan.len(),
                    r.records.len()
                )));
            }
            let prepared = r.prepared.take().ok_or_else(|| {
                PyValueError::new_err(
                    "add_records: the records were not analysed (prepare_records) or were added already",
                )
            })?;
            r.taken = true;
            (std::mem::take(&mut r.records), prepared, r.path.clone(), r.source.clone())
        };
        let mut guard = grouper.get().table()?;
        let table = guard.as_mut().expect("checked by PyGrouper::table");
        py.detach(|| {
            let mut opstamp = 0;
            for ((rec, p), (replace, key)) in recs.into_iter().zip(prepared).zip(plan) {
                let id_key = match key.or_else(|| kavosh_index::id_key(&rec.id)) {
                    Some(k) => k,
                    None => {
                        return Err(PyValueError::new_err(format!(
                            "document {:?}: an id that is not ASCII needs its id_key given",
                            rec.id
                        )))
                    }
                };
                if replace {
                    w.delete_term("id", &rec.id).map_err(write_error)?;
                    table.forget(&rec.id).map_err(group_error)?;
                }
                let parts = p.fingerprint.as_ref().map(|f| (&f.bands[..], &f.signature[..]));
                let (group, joined) = table.assign(&rec.id, parts, &source.0).map_err(group_error)?;
                let stored = rec.stored_json(&path);
                let doc = NewDoc {
                    id_key,
                    title: p.analysed.title,
                    body: p.analysed.body,
                    stored,
                    stored_text: rec.text.into_bytes(), // prepare_records left the text in the record
                    days: None,
                    source: (!source.0.is_empty()).then(|| source.clone()),
                    typed: Vec::new(),
                    group,
                    joined,
                    id: rec.id,
                };
                opstamp = w.add(doc).map_err(write_error)?;
            }
            Ok(opstamp)
        })
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

    /// commit_after(grouper: Grouper) -> int: ``grouper.prepare_commit()`` then ``commit()``, with the
    /// band table's rows of the batch written and committed in SQLite while tantivy writes the batch's
    /// segments (``kavosh-index``'s ``Writer::commit_after``): tantivy's commit is made only once the
    /// grouper's has succeeded, as before, and when tantivy then fails, ``grouper.abort_commit()`` is
    /// called here before the error is raised.  Returns the commit's opstamp.  GIL released.  Raises
    /// ``OSError`` (the band table, or tantivy), ``ValueError`` when the writer or the table is closed.
    fn commit_after(&mut self, py: Python<'_>, grouper: &Bound<'_, PyGrouper>) -> PyResult<u64> {
        let g = grouper.get();
        drop(g.table()?); // closed: a ValueError before anything is written
        let w = self.writer_mut()?;
        let prepare = || match g.table()?.as_mut() {
            Some(t) => t.prepare_commit().map_err(group_error),
            None => Err(PyValueError::new_err("the near-duplicate table is closed")),
        };
        match py.detach(|| w.commit_after(prepare)) {
            Ok(opstamp) => Ok(opstamp),
            Err(CommitAfter::Before(e)) => Err(e),
            Err(CommitAfter::Index(e)) => {
                if let Some(t) = g.table()?.as_mut() {
                    py.detach(|| t.abort_commit()).map_err(group_error)?;
                }
                Err(write_error(e))
            }
        }
    }

    /// rollback() -> int: drop the changes since the last commit; returns the opstamp.
    fn rollback(&mut self, py: Python<'_>) -> PyResult<u64> {
        let w = self.writer_mut()?;
        py.detach(|| w.rollback()).map_err(write_error)
    }

    /// merge_all() -> int: merge every segment of the last commit into one, wait for it, then release
    /// the lock (the writer is closed: uncommitted changes are dropped, as ``wait_merging_threads``);
    /// returns how many segments there were (0 or 1: nothing merged).  For a writer opened for this
    /// (no commit made: no merge of the policy under way).  GIL released.  Raises ``OSError`` when the
    /// merge fails, ``ValueError`` when the writer is closed.
    fn merge_all(&mut self, py: Python<'_>) -> PyResult<usize> {
        match self.inner.take() {
            Some(w) => py.detach(|| w.merge_all()).map_err(write_error),
            None => Err(PyValueError::new_err("the index writer is closed")),
        }
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
