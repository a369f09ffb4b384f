//! A Latin word's Persian readings in the compiled core: the port of
//! `kavosh.query.finglish.spellings` (the Python function is the specification;
//! `tests/test_finglish_core.py` checks identical readings and costs).
//!
//! A beam search over the Latin letters: every letter rule whose chunk starts at a position
//! extends each kept Persian prefix, prefixes no word of the index starts with are dropped,
//! and the cheapest states are kept (ties in insertion order).  The index's words are held
//! here sorted once per index generation (`Readings`); a rule table (`RuleTable`:
//! `finglish.RULES`, `names.NAME_RULES`) is converted once and passed to each search.

use pyo3::prelude::*;
use rustc_hash::FxHashMap;

use crate::names::{positions, SortedKeys, States, AT_F, AT_I, AT_M};

/// RuleTable(rules: dict[str, list[tuple[str, str, float]]]): a letter rule table (Latin chunk →
/// ``[(positions, Persian, cost)]``, positions a string of ``I``/``M``/``F``), for
/// ``Readings.spellings``.
#[pyclass(name = "RuleTable", frozen)]
pub struct PyRuleTable {
    rules: FxHashMap<Vec<char>, Vec<(u8, String, f64)>>,
    max_chunk: usize,
}

#[pymethods]
impl PyRuleTable {
    #[new]
    fn new(rules: FxHashMap<String, Vec<(String, String, f64)>>) -> Self {
        let rules: FxHashMap<Vec<char>, Vec<(u8, String, f64)>> = rules
            .into_iter()
            .map(|(k, v)| (k.chars().collect(), v.into_iter().map(|(w, p, c)| (positions(&w), p, c)).collect()))
            .collect();
        let max_chunk = rules.keys().map(Vec::len).max().unwrap_or(0);
        PyRuleTable { rules, max_chunk }
    }
}

/// Readings(keys: list[str]): the index's words (normalized keys) sorted for the beam search of
/// ``finglish.spellings``.
#[pyclass(name = "Readings", frozen)]
pub struct PyReadings {
    keys: SortedKeys,
}

#[pymethods]
impl PyReadings {
    #[new]
    fn new(keys: Vec<String>) -> Self {
        PyReadings { keys: SortedKeys::new(keys) }
    }

    /// spellings(word: str, rules: RuleTable, beam: int, max_cost: float, stems: bool) ->
    /// list[tuple[str, float]]: ``finglish.spellings`` (its dict's items, in its order).
    fn spellings(
        &self,
        py: Python<'_>,
        word: &str,
        rules: &PyRuleTable,
        beam: usize,
        max_cost: f64,
        stems: bool,
    ) -> Vec<(String, f64)> {
        let word: Vec<char> = word.chars().collect();
        py.detach(|| self.search(&word, rules, beam, max_cost, stems))
    }

    /// __len__() -> int: the words held.
    fn __len__(&self) -> usize {
        self.keys.len()
    }
}

impl PyReadings {
    fn search(
        &self,
        word: &[char],
        table: &PyRuleTable,
        beam: usize,
        max_cost: f64,
        stems: bool,
    ) -> Vec<(String, f64)> {
        let n = word.len();
        if n == 0 {
            return Vec::new();
        }
        let mut states: Vec<States> = vec![States::default(); n + 1];
        states[0].set(String::new(), 0.0);
        // each candidate is built in this buffer and copied only when the index's words keep it
        let mut buf = String::new();
        for pos in 0..n {
            let here = states[pos].cheapest(beam);
            if here.len() == 0 {
                continue;
            }
            for size in 1..=table.max_chunk.min(n - pos) {
                let end = pos + size;
                let Some(rules) = table.rules.get(&word[pos..end]) else { continue };
                if rules.is_empty() {
                    continue;
                }
                let at = match (pos == 0, end == n) {
                    (true, true) => AT_I | AT_F,
                    (true, false) => AT_I,
                    (false, true) => AT_F,
                    (false, false) => AT_M,
                };
                for (allowed, persian, cost) in rules {
                    if allowed & at == 0 {
                        continue;
                    }
                    for (prefix, &c0) in here.keys.iter().zip(&here.costs) {
                        let total = c0 + cost;
                        if total > max_cost {
                            continue;
                        }
                        buf.clear();
                        buf.push_str(prefix);
                        buf.push_str(persian);
                        if !persian.is_empty() && !self.keys.has_prefix(&buf) {
                            continue;
                        }
                        if total < states[end].get(&buf) {
                            states[end].set(buf.clone(), total);
                        }
                    }
                }
            }
        }
        let last = std::mem::take(&mut states[n]);
        last.keys.into_iter().zip(last.costs).filter(|(k, _)| !k.is_empty() && (stems || self.keys.has(k))).collect()
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRuleTable>()?;
    m.add_class::<PyReadings>()
}
