//! The document path of indexing in the core: `prepare_batch` analyses a batch of documents
//! (terms, near-duplicate fingerprint, words for the completion table, stored text bytes)
//! with the GIL released, so `kavosh index --jobs N` runs N threads in one process
//! (`kavosh.index.pipeline`).  The Python specification is `kavosh.index.prepare.prepare`,
//! `kavosh.index.dedup.fingerprint` and `kavosh.index.completions.Counts.add`;
//! `tests/test_index_core.py` checks that both give the same values.
#![deny(unsafe_code)] // one exception, allowed where it is: `minhash::min_hashes`

mod groups;
mod minhash;
mod records;
mod table;
mod tally;
mod words;
mod writer;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use kavosh_analysis::chars::is_space;
use kavosh_analysis::tables::{STACK_MARK, STOP_MARK};
use kavosh_analysis::{Analyzer as RsAnalyzer, LexiconError};
use kavosh_index::Terms;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
pub(crate) use tally::{DocWords, WordTally};
use writer::CoreDoc;

thread_local! {
    /// Each thread's analyzer (its own surface cache, so threads never wait on each other's
    /// lock), for the data folder and stemming setting it was built with.
    static ANALYZER: RefCell<Option<(PathBuf, bool, Rc<RsAnalyzer>)>> = const { RefCell::new(None) };
}

/// This thread's analyzer for `data_dir` and `stem` (the lexicon is loaded once per process).
pub(crate) fn thread_analyzer(data_dir: &PathBuf, stem: bool) -> Result<Rc<RsAnalyzer>, LexiconError> {
    ANALYZER.with(|cell| {
        if let Some((d, s, a)) = &*cell.borrow() {
            if d == data_dir && *s == stem {
                return Ok(a.clone());
            }
        }
        let lex = if stem { Some(crate::lexicon(data_dir.clone())?) } else { None };
        let a = Rc::new(RsAnalyzer::new(lex));
        *cell.borrow_mut() = Some((data_dir.clone(), stem, a.clone()));
        Ok(a)
    })
}

/// One document's analysed half, before conversion to Python objects.
struct Prepared {
    title_terms: String,
    body_terms: String,
    fingerprint: Option<minhash::Fingerprint>,
    words: DocWords,
}

/// One document's analysed half for the Rust writer: its terms as tantivy tokens.
pub(crate) struct PreparedCore {
    pub(crate) analysed: writer::Analysed,
    pub(crate) fingerprint: Option<minhash::Fingerprint>,
}

/// The title's and text's joined terms, and the fingerprint of the text's (the title's when there
/// is no text), as `kavosh.index.writer.prepare` computes them.
fn analyse(an: &RsAnalyzer, title: &str, text: &str) -> (String, String, Option<minhash::Fingerprint>) {
    let title_terms = an.joined_terms(title, true);
    let text_terms = an.joined_terms(text, true);
    let fp_terms = if text_terms.is_empty() { &title_terms } else { &text_terms };
    let fingerprint =
        minhash::fingerprint(fp_terms.split(is_space).filter(|t| !t.is_empty() && !t.starts_with(STOP_MARK)).map(
            |t| t.split(STACK_MARK).next().unwrap_or(t), // an entry with two readings: the first
        ));
    (title_terms, text_terms, fingerprint)
}

/// A document's terms and fingerprint for the Rust writer; its `analysed.text` is a copy of `text`
/// when `copy_text` (else empty: the caller keeps the text).
pub(crate) fn prepare_core(an: &RsAnalyzer, title_gap: &str, title: &str, text: &str, copy_text: bool) -> PreparedCore {
    let (title_terms, text_terms, fingerprint) = analyse(an, title, text);
    // the body: the title's terms, the gap, the text's (`Terms::push_joined` of each), in one block
    let mut body = String::with_capacity(title_terms.len() + title_gap.len() + text_terms.len() + 2);
    body.push_str(&title_terms);
    body.push(' ');
    body.push_str(title_gap);
    body.push(' ');
    body.push_str(&text_terms);
    PreparedCore {
        analysed: writer::Analysed {
            title: Terms::from_string(title_terms),
            body: Terms::from_string(body),
            text: if copy_text { text.to_owned() } else { String::new() },
        },
        fingerprint,
    }
}

fn prepare(an: &RsAnalyzer, title_gap: &str, title: &str, text: &str) -> Prepared {
    let (title_terms, text_terms, fingerprint) = analyse(an, title, text);
    let mut body_terms = String::with_capacity(title_terms.len() + title_gap.len() + text_terms.len() + 2);
    body_terms.push_str(&title_terms);
    body_terms.push(' ');
    body_terms.push_str(title_gap);
    body_terms.push(' ');
    body_terms.push_str(&text_terms);
    Prepared { title_terms, body_terms, fingerprint, words: DocWords::new(title, text) }
}

type PreparedTuple<'py> = (String, String, Option<(Vec<u64>, Bound<'py, PyBytes>)>, Bound<'py, PyBytes>, DocWords);

/// prepare_batch(data_dir: str, stem: bool, title_gap: str, docs: list[tuple[str, str]])
/// -> list[tuple[str, str, tuple[list[int], bytes] | None, bytes, DocWords] | None]
///
/// For each ``(title, text)``: the title's index terms joined by spaces, the body terms
/// (title terms, ``title_gap``, text terms), the near-duplicate fingerprint (band keys and
/// 128 signature bytes; ``None`` for a text too short) as ``kavosh.index.dedup.fingerprint``
/// computes it, the text as UTF-8 bytes, and its words for the completion table; ``None``
/// for a document that is not valid Unicode (a lone surrogate: the caller's Python path
/// reports it).  The GIL is released while the batch is analysed, on the calling thread.
/// Raises ``TypeError`` naming the position of an item that is not two strings, and
/// ``OSError``/``ValueError`` naming the word list that cannot be loaded.
#[pyfunction]
fn prepare_batch<'py>(
    py: Python<'py>,
    data_dir: PathBuf,
    stem: bool,
    title_gap: &str,
    docs: &Bound<'py, PyList>,
) -> PyResult<Vec<Option<PreparedTuple<'py>>>> {
    let owned = batch_strings("prepare_batch", docs)?;
    let texts = batch_texts(&owned);
    let prepared = analyse_batch(py, &data_dir, stem, &texts, |an, title, text| prepare(an, title_gap, title, text))?;
    Ok(prepared
        .into_iter()
        .zip(&texts)
        .map(|(p, d)| {
            let (p, (_, text)) = (p?, (*d)?);
            let fp = p.fingerprint.map(|f| (f.bands.to_vec(), PyBytes::new(py, &f.signature)));
            Some((p.title_terms, p.body_terms, fp, PyBytes::new(py, text.as_bytes()), p.words))
        })
        .collect())
}

type StrPair<'py> = (Bound<'py, PyString>, Bound<'py, PyString>);

/// The ``(title, text)`` pairs of a batch, as Python strings; a ``TypeError`` naming the function
/// and the position of an item that is not two strings.
fn batch_strings<'py>(function: &str, docs: &Bound<'py, PyList>) -> PyResult<Vec<StrPair<'py>>> {
    docs.iter()
        .enumerate()
        .map(|(i, item)| {
            item.extract().map_err(|e: PyErr| {
                PyTypeError::new_err(format!(
                    "{function}: document {i} of the batch is not (title: str, text: str): {e}"
                ))
            })
        })
        .collect()
}

/// Each pair as UTF-8 `&str`s, `None` for one that is not valid Unicode (a lone surrogate).
fn batch_texts<'a>(owned: &'a [StrPair<'_>]) -> Vec<Option<(&'a str, &'a str)>> {
    owned.iter().map(|(t, x)| Some((t.to_str().ok()?, x.to_str().ok()?))).collect()
}

/// `f` of each valid pair of `texts` with this thread's analyzer for `data_dir` and `stem`, the GIL
/// released (`None` for a pair that is not valid Unicode): the one batch loop of `prepare_batch` and
/// `prepare_core_batch`.
fn analyse_batch<T: Send>(
    py: Python<'_>,
    data_dir: &PathBuf,
    stem: bool,
    texts: &[Option<(&str, &str)>],
    f: impl Fn(&RsAnalyzer, &str, &str) -> T + Sync,
) -> PyResult<Vec<Option<T>>> {
    py.detach(|| {
        let an = thread_analyzer(data_dir, stem)?;
        Ok(texts.iter().map(|d| d.map(|(title, text)| f(&an, title, text))).collect())
    })
    .map_err(crate::lexicon_error)
}

type CoreTuple = (CoreDoc, DocWords);

/// prepare_core_batch(data_dir: str, stem: bool, title_gap: str, docs: list[tuple[str, str]])
/// -> list[tuple[CoreDoc, DocWords] | None]
///
/// ``prepare_batch`` for the Rust writer (``IndexWriter.add``): for each ``(title, text)`` the
/// title's and body's terms as tantivy tokens with the text and the near-duplicate fingerprint (a
/// ``CoreDoc``, never converted to Python objects), and the words; ``None`` for a document that
/// is not valid Unicode.  The body's tokens are the title's, ``title_gap``'s positions, then the text's, at
/// the positions the registered term analyzer gives ``prepare_batch``'s body string.  Same
/// errors as ``prepare_batch``.
#[pyfunction]
fn prepare_core_batch<'py>(
    py: Python<'py>,
    data_dir: PathBuf,
    stem: bool,
    title_gap: &str,
    docs: &Bound<'py, PyList>,
) -> PyResult<Vec<Option<CoreTuple>>> {
    let owned = batch_strings("prepare_core_batch", docs)?;
    let texts = batch_texts(&owned);
    let prepared = analyse_batch(py, &data_dir, stem, &texts, |an, title, text| {
        (prepare_core(an, title_gap, title, text, true), DocWords::new(title, text))
    })?;
    Ok(prepared.into_iter().map(|p| p.map(|(p, words)| (CoreDoc::new(p.analysed, p.fingerprint), words))).collect())
}

/// id_key_ascii(doc_id: str) -> tuple[int, int, int, int] | None: ``kavosh.index.id_key.id_key`` of
/// an ASCII id as the Rust writer computes it, ``None`` for an id holding another character.
#[pyfunction]
fn id_key_ascii(doc_id: &str) -> Option<(u64, u64, u64, u64)> {
    kavosh_index::id_key(doc_id).map(|[a, b, c, d]| (a, b, c, d))
}

/// Adds the indexing functions and classes to `kavosh._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(prepare_batch, m)?)?;
    m.add_function(wrap_pyfunction!(prepare_core_batch, m)?)?;
    m.add_function(wrap_pyfunction!(id_key_ascii, m)?)?;
    m.add_function(wrap_pyfunction!(records::read_json_lines, m)?)?;
    m.add_function(wrap_pyfunction!(records::prepare_records, m)?)?;
    m.add_function(wrap_pyfunction!(table::completion_rows, m)?)?;
    m.add_class::<records::Records>()?;
    m.add_class::<CoreDoc>()?;
    m.add_class::<writer::PyIndexWriter>()?;
    m.add_class::<groups::PyGrouper>()?;
    m.add("GROUP_TABLE_VERSION", kavosh_index::groups::VERSION)?;
    m.add_class::<DocWords>()?;
    m.add_class::<WordTally>()?;
    Ok(())
}
