//! The completion table's counts in the core (`kavosh.index.completions.Counts`): one document's words
//! (`DocWords`, made on an analysis thread by `prepare_batch`) and the tally of a run's documents
//! (`WordTally`, read at commit), each word counted in order of first occurrence as a
//! `collections.Counter` keeps them.

use std::hash::Hasher;

use hashbrown::HashTable;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rustc_hash::FxHashMap;

use super::{records, words};

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
    /// The words of a document's title and text.
    pub(super) fn new(title: &str, text: &str) -> Self {
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
