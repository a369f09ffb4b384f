//! `kavosh._core`: the compiled analysis core of Kavosh (PyO3 bindings of `kavosh-analysis`).
//!
//! Thin: each function converts its arguments, releases the GIL around the work and
//! converts the result.  The Python modules of `kavosh.analysis` are the specification
//! and the fallback (`KAVOSH_PURE_PYTHON=1`, or when this module is not built).
//!
//! No `unsafe` but one measured exception: the MinHash loop's calls of its AVX2 and AVX-512
//! compilations after the CPU was checked for them (`index/minhash.rs`, `min_hashes`).
#![deny(unsafe_code)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use kavosh_analysis::{normalize as norm, surface_to_word, Analyzer as RsAnalyzer, Lexicon, LexiconError};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

/// The extension's allocator: mimalloc instead of glibc's malloc, whose `malloc`/`free` (with its
/// chunk consolidation) were 17% of all the CPU of `kavosh index --jobs 2` on news ×3 (perf, 2026-12-04):
/// the analysis threads and tantivy's indexing threads allocate a `String` per token and free them
/// on other threads.  Python's own objects keep Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod finglish;
mod index;
mod names;
mod present;
mod search;
mod spell;

/// A token whose term or word (``surface`` as ``Token.word``) starts with one of ``prefixes``: the
/// prefix half of ``token_matches`` (``Analyzer.marks``, the snippets of ``present``).
pub(crate) fn starts_with_prefix(term: &str, surface: &[char], prefixes: &[String]) -> bool {
    !prefixes.is_empty() && {
        let word = surface_to_word(surface);
        prefixes.iter().any(|p| term.starts_with(p.as_str()) || word.starts_with(p.as_str()))
    }
}

/// Word-list errors as Python exceptions naming the file (and line): a missing or
/// unreadable list is an `OSError`, a malformed line a `ValueError`.
fn lexicon_error(e: LexiconError) -> PyErr {
    match e {
        LexiconError::Io { .. } => PyOSError::new_err(e.to_string()),
        LexiconError::Format { .. } => PyValueError::new_err(e.to_string()),
    }
}

/// The lexicon of a data folder, loaded once per process and shared by every analyzer.
fn lexicon(data: PathBuf) -> Result<Arc<Lexicon>, LexiconError> {
    static LEXICONS: OnceLock<Mutex<HashMap<PathBuf, Arc<Lexicon>>>> = OnceLock::new();
    let mut loaded = LEXICONS.get_or_init(Default::default).lock().expect("not poisoned");
    if let Some(l) = loaded.get(&data) {
        return Ok(l.clone());
    }
    let l = Arc::new(Lexicon::open(&data)?);
    loaded.insert(data, l.clone());
    Ok(l)
}

/// Analyzer(data_dir: str, stem: bool = True): the Persian analyzer in Rust
/// (``kavosh.analysis.Analyzer`` delegates to it).  ``data_dir`` is the folder of the word
/// lists (``kavosh/analysis/data``).  Raises ``OSError`` (a list is missing) or
/// ``ValueError`` (a malformed line), naming the file and line.
#[pyclass(name = "Analyzer", frozen)]
struct PyAnalyzer {
    inner: RsAnalyzer,
}

#[pymethods]
impl PyAnalyzer {
    #[new]
    #[pyo3(signature = (data_dir, stem = true))]
    fn new(py: Python<'_>, data_dir: PathBuf, stem: bool) -> PyResult<Self> {
        let lex = if stem { Some(py.detach(|| lexicon(data_dir)).map_err(lexicon_error)?) } else { None };
        Ok(PyAnalyzer { inner: RsAnalyzer::new(lex) })
    }

    /// index_text(text: str) -> str: the terms joined by single spaces, each stopword's term prefixed by STOP_MARK, a second reading joined to its token's term by STACK_MARK.
    fn index_text(&self, py: Python<'_>, text: &str) -> String {
        py.detach(|| self.inner.joined_terms(text, true))
    }

    /// terms(text: str) -> list[str]: the terms, in order.
    fn terms(&self, py: Python<'_>, text: &str) -> Vec<String> {
        py.detach(|| self.inner.terms(text))
    }

    /// analyze(text: str) -> list[tuple[str, str, int, int, int]]: (term, word, start, end,
    /// position) per token; start/end are ``str`` indices into ``text``.
    fn analyze(&self, py: Python<'_>, text: &str) -> Vec<(String, String, usize, usize, usize)> {
        py.detach(|| {
            self.inner.analyze(text).into_iter().map(|t| (t.term, t.word, t.start, t.end, t.position)).collect()
        })
    }

    /// marks(text: str, terms: set[str], prefixes: list[str]) -> tuple[list[int], list[int],
    /// list[str | None]]: ``Analyzer.marks`` — each token's start and end (``str`` indices) and
    /// its term when it is one of ``terms`` or its term or word starts with one of
    /// ``prefixes``, else ``None``; no per-token objects are built (highlighting's path).
    #[allow(clippy::type_complexity)]
    fn marks(
        &self,
        py: Python<'_>,
        text: &str,
        terms: HashSet<String>,
        prefixes: Vec<String>,
    ) -> (Vec<usize>, Vec<usize>, Vec<Option<String>>) {
        py.detach(|| {
            let m = self
                .inner
                .marks(text, |term, surface| terms.contains(term) || starts_with_prefix(term, surface, &prefixes));
            (m.starts, m.ends, m.terms)
        })
    }

    /// negated(word: str, term: str) -> bool: whether a normalized word whose term is ``term`` is a
    /// negated verb form (``Analyzer.is_negated``; False without stemming).
    fn negated(&self, py: Python<'_>, word: &str, term: &str) -> bool {
        py.detach(|| self.inner.negated(word, term))
    }

    /// surface_reading(word: str, term: str) -> str | None: the surface reading's index term of a
    /// normalized word whose term is ``term`` (``Analyzer.surface_reading``: ``␖میرسم``), or None.
    fn surface_reading(&self, py: Python<'_>, word: &str, term: &str) -> Option<String> {
        py.detach(|| self.inner.surface_reading(word, term))
    }

    /// stem(word: str) -> str: the stem of one normalized word (``Stemmer.stem``).
    fn stem(&self, py: Python<'_>, word: &str) -> String {
        py.detach(|| match self.inner.lexicon() {
            Some(lex) => kavosh_analysis::stem::stem(lex, word),
            None => word.to_owned(),
        })
    }

    /// freq(word: str) -> int | None: the word list's frequency of a normalized word.
    fn freq(&self, word: &str) -> Option<u64> {
        self.inner.lexicon().and_then(|l| l.freq(word))
    }

    /// word_count() -> int: the number of words in the word list (0 without stemming).
    fn word_count(&self) -> usize {
        self.inner.lexicon().map_or(0, Lexicon::len)
    }

    /// hamza_variants() -> dict[str, str]: ``Lexicon.hamza_variants``.
    fn hamza_variants(&self) -> HashMap<String, String> {
        self.inner
            .lexicon()
            .map(|l| l.hamza_variants.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// compound_parts() -> dict[str, list[str]]: ``Compounds.parts``.
    fn compound_parts(&self) -> HashMap<String, Vec<String>> {
        self.inner.lexicon().map(|l| l.compounds.parts.entries().into_iter().collect()).unwrap_or_default()
    }

    /// prebuilt() -> bool: the word lists were read from the prebuilt lexicon compiled into the
    /// core (they are the lists it was built from), not built at start-up.
    fn prebuilt(&self) -> bool {
        self.inner.lexicon().is_some_and(Lexicon::is_prebuilt)
    }

    /// compound_join() -> set[str]: ``Compounds.join``.
    fn compound_join(&self) -> Vec<String> {
        self.inner.lexicon().map(|l| l.compounds.join.iter().map(|k| k.iter().collect()).collect()).unwrap_or_default()
    }

    /// words() -> list[tuple[str, int, bool, bool, bool, bool]]: every word with its frequency
    /// and tags (lemma, plural, adjective, tagged noun).
    fn words(&self) -> Vec<(String, u64, bool, bool, bool, bool)> {
        self.inner
            .lexicon()
            .map(|l| {
                l.words()
                    .into_iter()
                    .map(|(w, e)| (w, e.freq, e.lemma(), e.plural(), e.adjective(), e.tagged_noun()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// normalize(text: str) -> str: every char filter applied (``normalize.normalize``).
#[pyfunction]
fn normalize(py: Python<'_>, text: &str) -> String {
    py.detach(|| norm::normalize(text))
}

/// normalize_with_offsets(text: str) -> (str, list[int], list[int]): ``normalize.normalize_with_offsets``.
#[pyfunction]
fn normalize_with_offsets(py: Python<'_>, text: &str) -> (String, Vec<usize>, Vec<usize>) {
    py.detach(|| {
        let n = norm::normalize_with_offsets(text);
        (n.chars.into_iter().collect(), n.starts, n.ends)
    })
}

/// The compiled analysis core (see the crate documentation).
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_with_offsets, m)?)?;
    m.add_class::<PyAnalyzer>()?;
    index::register(m)?;
    search::register(m)?;
    present::register(m)?;
    spell::register(m)?;
    names::register(m)?;
    finglish::register(m)?;
    Ok(())
}
