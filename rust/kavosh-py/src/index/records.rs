//! `kavosh._core.read_json_lines` and `kavosh._core.Records`: the JSON Lines batch path of
//! `kavosh index`.  The clean records of a chunk of lines (`kavosh_index::records`) stay in Rust
//! from the file to the index: analysed on a thread (`prepare_records`), counted for the completion
//! table (`WordTally.add_records`) and written (`IndexWriter.add_records`), never becoming Python
//! documents.  Every other line goes back to `kavosh.ingest.jsonl`'s Python reader, the specification,
//! so each message about a line is the one it gives; `tests/test_json_lines_core.py` checks that both
//! readers give the same documents and messages, and the same index.

use std::path::PathBuf;

use kavosh_index::{read_lines, Piece, Record};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use super::{prepare_core, thread_analyzer, PreparedCore, WordTally};

/// Records: a run of clean records of one JSON Lines file, in order (``len()`` of them), from
/// ``read_json_lines``.  Analysed once by ``prepare_records``, then taken once by
/// ``IndexWriter.add_records``.
#[pyclass]
pub(crate) struct Records {
    pub(crate) path: String,
    pub(crate) records: Vec<Record>,
    pub(crate) prepared: Option<Vec<PreparedCore>>,
    /// The records' words for the completion table, counted with their analysis.
    pub(crate) words: Option<WordTally>,
    /// Whether ``IndexWriter.add_records`` has taken them.
    pub(crate) taken: bool,
    /// The source file's key and content hash (``set_source``; empty: none).
    pub(crate) source: (String, String),
    /// The title's and text's UTF-8 bytes, summed over the records.
    #[pyo3(get)]
    doc_bytes: usize,
    /// The number of records (``len()``, also once they are taken).
    count: usize,
    /// The first record's line number.
    #[pyo3(get)]
    first_line: u64,
    /// The last record's line number.
    #[pyo3(get)]
    last_line: u64,
}

impl Records {
    fn new(path: &str, records: Vec<Record>) -> Self {
        let first_line = records.first().map_or(0, |r| r.line);
        let last_line = records.last().map_or(0, |r| r.line);
        let doc_bytes = records.iter().map(Record::doc_bytes).sum();
        Records {
            path: path.to_owned(),
            prepared: None,
            words: None,
            taken: false,
            source: Default::default(),
            doc_bytes,
            count: records.len(),
            first_line,
            last_line,
            records,
        }
    }
}

#[pymethods]
impl Records {
    fn __len__(&self) -> usize {
        self.count
    }

    /// ids() -> list[str]: the records' ids, in order.
    fn ids(&self) -> Vec<String> {
        self.records.iter().map(|r| r.id.clone()).collect()
    }

    /// documents() -> list[tuple[str, str, str, str, str]]: ``(id, title, text, url, source)`` of each
    /// record, ``source`` as ``"PATH:LINE"`` (the fields of ``kavosh.ingest.document.Document`` that
    /// ``record_to_document`` sets for it; no date, no metadata).
    fn documents(&self) -> Vec<(String, String, String, String, String)> {
        self.records
            .iter()
            .map(|r| {
                (r.id.clone(), r.title.clone(), r.text.clone(), r.url.clone(), format!("{}:{}", self.path, r.line))
            })
            .collect()
    }

    /// set_source(key: str, hash: str) -> None: the source file's key and content hash, written with
    /// each record (``kavosh.index.update``).
    fn set_source(&mut self, key: String, hash: String) {
        self.source = (key, hash);
    }

    /// Whether ``prepare_records`` has analysed the records (and ``IndexWriter.add_records`` not yet
    /// taken them).
    #[getter]
    fn prepared(&self) -> bool {
        self.prepared.is_some()
    }
}

/// read_json_lines(data: bytes, first_line: int, path: str, max_bytes: int, run_docs: int = 256,
/// max_text_chars: int | None = None) -> list[Records | tuple[int, bytes]]
///
/// The lines of ``data`` (split at ``\n``; the first is line ``first_line`` of the file ``path``), in
/// order: each run of clean records as ``Records`` of at most ``run_docs`` records (so a file is
/// committed in parts as ``kavosh.index.update`` commits a large file), each other line that is not blank as
/// ``(line number, its bytes)`` for the Python reader.  Blank lines (white space only) are left out.
/// A line longer than ``max_bytes``, a record whose title and text exceed it, or whose text is longer
/// than ``max_text_chars`` characters (``None``: no limit), is not clean.  The
/// GIL is released while the lines are parsed.
#[pyfunction]
#[pyo3(signature = (data, first_line, path, max_bytes, run_docs = 256, max_text_chars = None))]
pub(crate) fn read_json_lines<'py>(
    py: Python<'py>,
    data: &[u8],
    first_line: u64,
    path: &str,
    max_bytes: usize,
    run_docs: usize,
    max_text_chars: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let run_docs = run_docs.max(1);
    let pieces = py.detach(|| read_lines(data, first_line, max_bytes, max_text_chars.unwrap_or(usize::MAX)));
    let out = PyList::empty(py);
    let mut run: Vec<Record> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Clean(r) => {
                run.push(r);
                if run.len() >= run_docs {
                    out.append(Records::new(path, std::mem::take(&mut run)))?;
                }
            }
            Piece::Other(line, raw) => {
                if !run.is_empty() {
                    out.append(Records::new(path, std::mem::take(&mut run)))?;
                }
                out.append((line, PyBytes::new(py, raw)))?;
            }
        }
    }
    if !run.is_empty() {
        out.append(Records::new(path, run))?;
    }
    Ok(out)
}

/// prepare_records(data_dir: str, stem: bool, title_gap: str, records: Records) -> None
///
/// ``prepare_core_batch`` of each record's ``(title, text)``, kept in ``records`` for
/// ``IndexWriter.add_records`` and ``WordTally.add_records``.  The GIL is released while they are
/// analysed.  Raises ``ValueError`` when they were analysed before, ``OSError``/``ValueError`` naming
/// a word list that cannot be loaded.
#[pyfunction]
pub(crate) fn prepare_records(
    py: Python<'_>,
    data_dir: PathBuf,
    stem: bool,
    title_gap: &str,
    records: &Bound<'_, Records>,
) -> PyResult<()> {
    let recs = {
        let mut r = records.borrow_mut();
        if r.prepared.is_some() || r.taken {
            return Err(PyValueError::new_err("these records were analysed already"));
        }
        std::mem::take(&mut r.records)
    };
    let result = py.detach(|| {
        let an = thread_analyzer(&data_dir, stem)?;
        let mut words = WordTally::default();
        let prepared = recs
            .iter()
            .map(|r| {
                words.count(&r.title, &r.text);
                prepare_core(&an, title_gap, &r.title, &r.text, false)
            })
            .collect::<Vec<_>>();
        Ok((prepared, words))
    });
    let mut r = records.borrow_mut();
    r.records = recs;
    let (prepared, words) = result.map_err(crate::lexicon_error)?;
    r.prepared = Some(prepared);
    r.words = Some(words);
    Ok(())
}
