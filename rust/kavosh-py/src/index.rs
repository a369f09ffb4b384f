//! The document path of indexing in the core: `prepare_batch` analyses a batch of documents
//! (terms, near-duplicate fingerprint, words for the completion table, stored text bytes)
//! with the GIL released, so `kavosh index --jobs N` runs N threads in one process
//! (`kavosh.index.pipeline`).  The Python specification is `kavosh.index.writer.prepare`,
//! `kavosh.index.dedup.fingerprint` and `kavosh.index.completions.Counts.add`;
//! `tests/test_index_core.py` checks that both give the same values.
#![deny(unsafe_code)] // one exception, allowed where it is: `minhash::min_hashes`

mod groups;
mod minhash;
mod records;
mod table;
mod words;
mod writer;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use hashbrown::HashTable;
use kavosh_analysis::chars::is_space;
use kavosh_analysis::tables::{STACK_MARK, STOP_MARK};
use kavosh_analysis::{Analyzer as RsAnalyzer, LexiconError};
use kavosh_index::Terms;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use rustc_hash::FxHashMap;
use std::hash::Hasher;
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

/// DocWords: one document's words for the completion table (opaque; add it to a `WordTally`).
/// Equal when the title and the counts are equal in the same order (the order is a function of
/// the text).
#[pyclass(frozen, eq)]
#[derive(PartialEq, Eq)]
pub(crate) struct DocWords {
    title: String,
    title_words: Vec<(String, u32)>,
    words: Vec<(String, u32)>,
}

/// Each distinct word of `text` with its number of occurrences, in order of first occurrence
/// (the order `collections.Counter` keeps, which decides ties between written forms).
fn count_words(text: &str) -> Vec<(String, u32)> {
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    let mut counts: Vec<(&str, u32)> = Vec::new();
    words::find_words(text, |w| match at.get(w) {
        Some(&i) => counts[i].1 += 1,
        None => {
            at.insert(w, counts.len());
            counts.push((w, 1));
        }
    });
    counts.into_iter().map(|(w, n)| (w.to_owned(), n)).collect()
}

impl DocWords {
    fn new(title: &str, text: &str) -> Self {
        let title = words::display_title(title);
        DocWords { title_words: count_words(&title), words: count_words(text), title }
    }
}

/// Counts by key in order of first insertion, as a `collections.Counter` keeps them.
///
/// The keys live side by side in one `String` (no allocation per key) and the hash table holds
/// only row numbers (`hashbrown::HashTable`), each row keeping its key's hash: counting a
/// batch's words is one hash and one comparison per occurrence, and merging a batch's tally
/// into the run's hashes nothing again.
#[derive(Default)]
struct Ordered {
    index: HashTable<u32>,
    keys: String,
    /// `(start, end, hash, count)` of each key, in order of first insertion.
    rows: Vec<(u32, u32, u64, i64)>,
}

/// The hash of a key in [`Ordered`].
#[inline]
fn key_hash(key: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

impl Ordered {
    #[inline]
    fn add(&mut self, key: &str, n: i64) {
        self.add_hashed(key, key_hash(key), n);
    }

    fn add_hashed(&mut self, key: &str, hash: u64, n: i64) {
        let (keys, rows) = (&self.keys, &mut self.rows);
        let found = self.index.find(hash, |&i| {
            let (s, e, h, _) = rows[i as usize];
            h == hash && &keys[s as usize..e as usize] == key
        });
        match found {
            Some(&i) => rows[i as usize].3 += n,
            None => {
                let start = self.keys.len();
                self.keys.push_str(key);
                let (start, end) = (offset(start), offset(self.keys.len()));
                let row = offset(rows.len());
                rows.push((start, end, hash, n));
                self.index.insert_unique(hash, row, |&i| rows[i as usize].2);
            }
        }
    }

    /// Each key with its count, in order of first insertion.
    fn iter(&self) -> impl Iterator<Item = (&str, u64, i64)> {
        self.rows.iter().map(|&(s, e, h, n)| (&self.keys[s as usize..e as usize], h, n))
    }

    fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let d = PyDict::new(py);
        for (k, _, n) in self.iter() {
            d.set_item(k, n)?;
        }
        Ok(d)
    }
}

/// A position in [`Ordered`]'s key bytes or rows (beyond 4 GB of distinct words: a bug to report).
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("the completion tally holds less than 4 GB of distinct words")
}

/// WordTally(): the completion table's counts of the documents added since the last
/// `take()`, kept in Rust (``kavosh.index.completions.Counts`` reads them at commit).
#[pyclass]
#[derive(Default)]
pub(crate) struct WordTally {
    titles: Ordered,
    title_words: Ordered,
    words: Ordered,
}

impl WordTally {
    /// Count in one document's title and text as ``add`` of its ``DocWords`` would, without
    /// making them (a batch's tally: ``prepare_records``).
    pub(crate) fn count(&mut self, title: &str, text: &str) {
        let title = words::display_title(title);
        if !title.is_empty() {
            self.titles.add(&title, 1);
        }
        words::find_words(&title, |w| self.title_words.add(w, 1));
        words::find_words(text, |w| self.words.add(w, 1));
    }

    /// Add the counts of `other` (of the documents after this tally's): the same counts, in the
    /// same order of first occurrence, as adding its documents one by one.
    fn merge(&mut self, other: &WordTally) {
        for (mine, theirs) in [
            (&mut self.titles, &other.titles),
            (&mut self.title_words, &other.title_words),
            (&mut self.words, &other.words),
        ] {
            for (k, h, n) in theirs.iter() {
                mine.add_hashed(k, h, n);
            }
        }
    }
}

#[pymethods]
impl WordTally {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// add(words: DocWords) -> None: count one document in.
    fn add(&mut self, words: &DocWords) {
        if !words.title.is_empty() {
            self.titles.add(&words.title, 1);
        }
        for (w, n) in &words.title_words {
            self.title_words.add(w, i64::from(*n));
        }
        for (w, n) in &words.words {
            self.words.add(w, i64::from(*n));
        }
    }

    /// add_records(records: Records) -> None: count in each record analysed by ``prepare_records``
    /// (as ``add`` of its ``DocWords``), in order.  Raises ``ValueError`` when they were not analysed.
    fn add_records(&mut self, records: &Bound<'_, records::Records>) -> PyResult<()> {
        let r = records.borrow();
        let words = r.words.as_ref().filter(|_| r.prepared.is_some()).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err("add_records: the records were not analysed (prepare_records)")
        })?;
        self.merge(words);
        Ok(())
    }

    /// take() -> tuple[dict[str, int], dict[str, int], dict[str, int]]: the counts of titles,
    /// title words and words, each in order of first occurrence, emptying the tally.
    #[allow(clippy::type_complexity)]
    fn take<'py>(&mut self, py: Python<'py>) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>, Bound<'py, PyDict>)> {
        let t = std::mem::take(self);
        Ok((t.titles.into_dict(py)?, t.title_words.into_dict(py)?, t.words.into_dict(py)?))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts of `keys` as a `collections.Counter` keeps them: in order of first occurrence.
    fn counter(keys: &[String]) -> Vec<(String, i64)> {
        let mut out: Vec<(String, i64)> = Vec::new();
        for k in keys {
            match out.iter_mut().find(|(w, _)| w == k) {
                Some(e) => e.1 += 1,
                None => out.push((k.clone(), 1)),
            }
        }
        out
    }

    fn rows(o: &Ordered) -> Vec<(String, i64)> {
        o.iter().map(|(k, _, n)| (k.to_owned(), n)).collect()
    }

    #[test]
    fn ordered_counts_in_order_of_first_insertion_and_merges_as_one_tally() {
        // enough distinct keys to grow the table several times, keys that are prefixes of others
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let keys: Vec<String> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                "کتاب".chars().cycle().take((x % 7) as usize).collect::<String>() + &(x % 900).to_string()
            })
            .collect();
        let mut whole = Ordered::default();
        for k in &keys {
            whole.add(k, 1);
        }
        assert_eq!(rows(&whole), counter(&keys));
        // batches counted apart, then merged in order: the same rows
        let mut merged = Ordered::default();
        for part in keys.chunks(777) {
            let mut batch = Ordered::default();
            for k in part {
                batch.add(k, 1);
            }
            for (k, h, n) in batch.iter() {
                merged.add_hashed(k, h, n);
            }
        }
        assert_eq!(rows(&merged), counter(&keys));
        assert_eq!(rows(&Ordered::default()), []);
    }
}
