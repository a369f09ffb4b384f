//! A Persian word's Latin spellings in the compiled core: the port of
//! `kavosh.query.names.latin_spellings` (the Python function is the specification;
//! `tests/test_names_core.py` checks identical spellings and costs).
//!
//! A beam search over the Persian letters that emits Latin chunks by the letter rules run
//! backwards (`names.REVERSE`, given by the Python module so the rules live in one place) and
//! keeps only prefixes of the index's Latin words, held here sorted once per index
//! generation.  States keep their insertion order, and the beam keeps the cheapest with ties
//! in that order, as the specification's dicts and stable sort do.

use pyo3::prelude::*;
use rustc_hash::FxHashMap;

/// Positions a rule applies at, as bits: ``I`` (starts the word), ``M`` (inside), ``F`` (ends it).
pub(crate) const AT_I: u8 = 1;
pub(crate) const AT_M: u8 = 2;
pub(crate) const AT_F: u8 = 4;

pub(crate) fn positions(s: &str) -> u8 {
    s.chars().fold(0, |m, c| {
        m | match c {
            'I' => AT_I,
            'M' => AT_M,
            'F' => AT_F,
            _ => 0,
        }
    })
}

/// Beam states in insertion order (``{prefix: cost}`` of the specification; an update keeps the
/// place).
#[derive(Default, Clone)]
pub(crate) struct States {
    pub(crate) keys: Vec<String>,
    pub(crate) costs: Vec<f64>,
    index: FxHashMap<String, usize>,
}

impl States {
    pub(crate) fn get(&self, k: &str) -> f64 {
        self.index.get(k).map_or(f64::INFINITY, |&i| self.costs[i])
    }

    pub(crate) fn set(&mut self, k: String, cost: f64) {
        match self.index.get(&k) {
            Some(&i) => self.costs[i] = cost,
            None => {
                self.index.insert(k.clone(), self.keys.len());
                self.keys.push(k);
                self.costs.push(cost);
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// ``finglish.cheapest``: the ``beam`` cheapest, ties in insertion order.
    pub(crate) fn cheapest(&self, beam: usize) -> States {
        if self.len() <= beam {
            return self.clone();
        }
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|&a, &b| self.costs[a].partial_cmp(&self.costs[b]).unwrap_or(std::cmp::Ordering::Equal));
        let mut out = States::default();
        for i in order.into_iter().take(beam) {
            out.set(self.keys[i].clone(), self.costs[i]);
        }
        out
    }
}

/// An index's words sorted once (per index generation), for the beam searches' checks: is a word
/// held, does some word start with a prefix.  Shared by `LatinNames` and `finglish::Readings`.
pub(crate) struct SortedKeys(Vec<String>);

impl SortedKeys {
    pub(crate) fn new(mut keys: Vec<String>) -> Self {
        keys.sort_unstable();
        keys.dedup();
        SortedKeys(keys)
    }

    /// True when some word starts with ``prefix`` (``Vocabulary.has_prefix``).
    pub(crate) fn has_prefix(&self, prefix: &str) -> bool {
        let i = self.0.partition_point(|k| k.as_str() < prefix);
        i < self.0.len() && self.0[i].starts_with(prefix)
    }

    /// True when ``key`` is one of the words (``Vocabulary.has``).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.0.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// LatinNames(keys, reverse, *, max_cost_per_letter, budget_slack): ``names.latin_spellings`` over
/// the index's words ``keys`` (normalized; only those starting with a Latin letter are kept).
/// ``reverse`` is ``names.REVERSE`` (Persian chunk → ``[(Latin chunk, positions, cost)]``, the empty
/// chunk holding the unwritten vowels); the budget of a word of ``n`` letters is
/// ``max_cost_per_letter * 2 * n + budget_slack``.
#[pyclass(name = "LatinNames", frozen)]
pub struct PyLatinNames {
    keys: SortedKeys,
    rules: FxHashMap<Vec<char>, Vec<(String, u8, f64)>>,
    vowels: Vec<(String, u8, f64)>,
    max_chunk: usize,
    per_letter: f64,
    slack: f64,
}

#[pymethods]
impl PyLatinNames {
    #[new]
    #[pyo3(signature = (keys, reverse, *, max_cost_per_letter, budget_slack))]
    fn new(
        keys: Vec<String>,
        reverse: FxHashMap<String, Vec<(String, String, f64)>>,
        max_cost_per_letter: f64,
        budget_slack: f64,
    ) -> Self {
        let keys = SortedKeys::new(
            keys.into_iter().filter(|k| k.chars().next().is_some_and(|c| c.is_ascii_lowercase())).collect(),
        );
        let conv = |v: Vec<(String, String, f64)>| -> Vec<(String, u8, f64)> {
            v.into_iter().map(|(l, w, c)| (l, positions(&w), c)).collect()
        };
        let mut rules = FxHashMap::default();
        let mut vowels = Vec::new();
        let mut max_chunk = 0;
        for (k, v) in reverse {
            let k: Vec<char> = k.chars().collect();
            max_chunk = max_chunk.max(k.len());
            if k.is_empty() {
                vowels = conv(v);
            } else {
                rules.insert(k, conv(v));
            }
        }
        PyLatinNames { keys, rules, vowels, max_chunk, per_letter: max_cost_per_letter, slack: budget_slack }
    }

    /// latin_spellings(word: str, beam: int) -> dict[str, float]: ``names.latin_spellings``.
    fn latin_spellings(&self, py: Python<'_>, word: &str, beam: usize) -> Vec<(String, f64)> {
        let word: Vec<char> = word.chars().collect();
        py.detach(|| self.search(&word, beam))
    }

    /// __len__() -> int: the Latin words held.
    fn __len__(&self) -> usize {
        self.keys.len()
    }
}

impl PyLatinNames {
    fn search(&self, word: &[char], beam: usize) -> Vec<(String, f64)> {
        let n = word.len();
        let mut states: Vec<States> = vec![States::default(); n + 1];
        states[0].set(String::new(), 0.0);
        let budget = self.per_letter * 2.0 * n as f64 + self.slack;
        // each candidate is built in this buffer and copied only when the index's words keep it
        let mut buf = String::new();
        for pos in 0..n {
            let here = states[pos].cheapest(beam);
            if here.len() == 0 {
                continue;
            }
            let mut extended = here.clone();
            for (prefix, &c0) in here.keys.iter().zip(&here.costs) {
                if prefix.is_empty() {
                    continue;
                }
                for (latin, where_, cost) in &self.vowels {
                    let total = c0 + cost;
                    if where_ & AT_M != 0 && total <= budget {
                        buf.clear();
                        buf.push_str(prefix);
                        buf.push_str(latin);
                        if self.keys.has_prefix(&buf) && total < extended.get(&buf) {
                            extended.set(buf.clone(), total);
                        }
                    }
                }
            }
            for size in 1..=self.max_chunk.min(n - pos) {
                let end = pos + size;
                let Some(rules) = self.rules.get(&word[pos..end]) else { continue };
                for (latin, where_, cost) in rules {
                    for (prefix, &c0) in extended.keys.iter().zip(&extended.costs) {
                        let at = if prefix.is_empty() {
                            if end == n {
                                AT_I | AT_F
                            } else {
                                AT_I
                            }
                        } else if end == n {
                            AT_F
                        } else {
                            AT_M
                        };
                        let total = c0 + cost;
                        if where_ & at == 0 || total > budget {
                            continue;
                        }
                        buf.clear();
                        buf.push_str(prefix);
                        buf.push_str(latin);
                        if !self.keys.has_prefix(&buf) {
                            continue;
                        }
                        if total < states[end].get(&buf) {
                            states[end].set(buf.clone(), total);
                        }
                    }
                }
            }
        }
        let last = &states[n];
        let mut fin = last.clone();
        for (prefix, &c0) in last.keys.iter().zip(&last.costs) {
            for (latin, where_, cost) in &self.vowels {
                if prefix.is_empty() || where_ & AT_F == 0 {
                    continue;
                }
                buf.clear();
                buf.push_str(prefix);
                buf.push_str(latin);
                if self.keys.has(&buf) {
                    let total = c0 + cost;
                    let best = fin.get(&buf).min(total);
                    fin.set(buf.clone(), best);
                }
            }
        }
        fin.keys
            .into_iter()
            .zip(fin.costs)
            .filter(|(k, c)| !k.is_empty() && self.keys.has(k) && *c <= self.per_letter * k.chars().count() as f64)
            .collect()
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLatinNames>()
}
