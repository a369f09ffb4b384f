//! Spelling candidates in the compiled core: the port of
//! `kavosh.query.spelling.Speller.candidates` (the Python method is the specification;
//! `tests/test_spell_core.py` checks identical candidates and costs).
//!
//! A word's candidates are the strings a few cheap letter swaps and at most one ordinary
//! edit away that the index's completion table holds often enough, and its splits in two
//! (see the specification for the costs).  Each edit is one hash lookup in the table's
//! counts, loaded here once per index generation (`kavosh.query.spelling.index_speller`);
//! the letter groups, costs and limits come from the Python module, so they live in one
//! place.  Words are sequences of code points, as Python slices them.

use pyo3::prelude::*;
use rustc_hash::FxHashMap;

/// The costs and limits of the search (the constants of `kavosh.query.spelling`).
struct Costs {
    homophone: f64,
    dot: f64,
    edit: f64,
    omission: f64,
    doubled: f64,
    space: f64,
    suffix: f64,
    one_letter_suffix: f64,
    min_len_for_edits: usize,
    max_word_letters: usize,
    split_min_count: i64,
    min_stem_len: usize,
}

/// SpellCandidates(keys, counts, *, persian_letters, latin_letters, sound_alike, dot_alike,
/// suffixes, suffix_mark, homophone_cost, dot_cost, edit_cost, omission_cost, doubled_cost,
/// space_cost, suffix_cost, one_letter_suffix_cost, min_len_for_edits, max_word_letters,
/// split_min_count, min_stem_len): the candidate search of ``Speller.candidates`` over a
/// completion table (``keys[i]`` seen ``counts[i]`` times, weighted).  ``sound_alike`` and
/// ``dot_alike`` map a letter to the letters that sound alike or differ by their dots
/// (``spelling._SOUND_ALIKE``, ``spelling._DOT_ALIKE``); the rest are the module's constants.
#[pyclass(name = "SpellCandidates", frozen)]
pub struct PySpellCandidates {
    counts: FxHashMap<String, i64>,
    persian: Vec<char>,
    latin: Vec<char>,
    sound_alike: FxHashMap<char, Vec<char>>,
    /// Letters differing by their dots only, those that also sound alike left out (their
    /// swap costs the homophone cost).
    dot_only: FxHashMap<char, Vec<char>>,
    suffixes: Vec<Vec<char>>,
    suffix_mark: String,
    costs: Costs,
}

/// The search state of one call: every string looked at with its lowest cost, and the
/// candidates found (``seen`` and ``best`` of the specification).
#[derive(Default)]
struct Search {
    seen: FxHashMap<String, f64>,
    best: FxHashMap<String, f64>,
}

#[pymethods]
impl PySpellCandidates {
    #[new]
    #[pyo3(signature = (keys, counts, *, persian_letters, latin_letters, sound_alike, dot_alike, suffixes,
                        suffix_mark, homophone_cost, dot_cost, edit_cost, omission_cost, doubled_cost,
                        space_cost, suffix_cost, one_letter_suffix_cost, min_len_for_edits, max_word_letters,
                        split_min_count, min_stem_len))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        keys: Vec<String>,
        counts: Vec<i64>,
        persian_letters: &str,
        latin_letters: &str,
        sound_alike: FxHashMap<char, String>,
        dot_alike: FxHashMap<char, String>,
        suffixes: Vec<String>,
        suffix_mark: String,
        homophone_cost: f64,
        dot_cost: f64,
        edit_cost: f64,
        omission_cost: f64,
        doubled_cost: f64,
        space_cost: f64,
        suffix_cost: f64,
        one_letter_suffix_cost: f64,
        min_len_for_edits: usize,
        max_word_letters: usize,
        split_min_count: i64,
        min_stem_len: usize,
    ) -> PyResult<Self> {
        if keys.len() != counts.len() {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "SpellCandidates: {} keys but {} counts",
                keys.len(),
                counts.len()
            )));
        }
        let sound: FxHashMap<char, Vec<char>> =
            sound_alike.into_iter().map(|(c, s)| (c, s.chars().collect())).collect();
        let dot_only = dot_alike
            .into_iter()
            .map(|(c, s)| {
                let same = sound.get(&c);
                (c, s.chars().filter(|o| same.is_none_or(|v| !v.contains(o))).collect())
            })
            .collect();
        Ok(PySpellCandidates {
            counts: keys.into_iter().zip(counts).collect(),
            persian: persian_letters.chars().collect(),
            latin: latin_letters.chars().collect(),
            sound_alike: sound,
            dot_only,
            suffixes: suffixes.iter().map(|s| s.chars().collect()).collect(),
            suffix_mark,
            costs: Costs {
                homophone: homophone_cost,
                dot: dot_cost,
                edit: edit_cost,
                omission: omission_cost,
                doubled: doubled_cost,
                space: space_cost,
                suffix: suffix_cost,
                one_letter_suffix: one_letter_suffix_cost,
                min_len_for_edits,
                max_word_letters,
                split_min_count,
                min_stem_len,
            },
        })
    }

    /// candidates(key: str, max_cost: float, with_suffixes: bool, min_count: int) ->
    /// dict[str, float]: ``Speller.candidates`` (the same candidates with the same costs).
    fn candidates(
        &self,
        py: Python<'_>,
        key: &str,
        max_cost: f64,
        with_suffixes: bool,
        min_count: i64,
    ) -> FxHashMap<String, f64> {
        let key: Vec<char> = key.chars().collect();
        py.detach(|| self.search(&key, max_cost, with_suffixes, min_count))
    }

    /// __len__() -> int: the words of the table.
    fn __len__(&self) -> usize {
        self.counts.len()
    }
}

impl PySpellCandidates {
    fn count(&self, w: &str) -> Option<i64> {
        self.counts.get(w).copied()
    }

    /// ``put`` of the specification: look ``w`` up unless it was already seen as cheaply.
    fn put(&self, s: &mut Search, key: &str, w: String, cost: f64, max_cost: f64, min_count: i64) {
        if cost > max_cost || w == key || s.seen.get(&w).is_some_and(|&c| c <= cost) {
            return;
        }
        let found = self.count(&w).is_some_and(|n| n >= min_count);
        if found {
            s.best.insert(w.clone(), cost);
        }
        s.seen.insert(w, cost);
    }

    /// Every one-letter homophone or dot swap of ``word`` with its cost (``_cheap_swaps``).
    fn cheap_swaps(&self, word: &[char], out: &mut Vec<(Vec<char>, f64)>) {
        out.clear();
        for (i, c) in word.iter().enumerate() {
            for (others, cost) in
                [(self.sound_alike.get(c), self.costs.homophone), (self.dot_only.get(c), self.costs.dot)]
            {
                for &o in others.into_iter().flatten() {
                    let mut v = word.to_vec();
                    v[i] = o;
                    out.push((v, cost));
                }
            }
        }
    }

    /// Every string one letter edit away from ``word`` with its cost (``_weighted_edits``),
    /// each built in one reused buffer and passed to ``f``.
    fn weighted_edits(&self, word: &[char], letters: &[char], mut f: impl FnMut(&str, f64)) {
        let c = &self.costs;
        let mut buf = String::with_capacity(4 * (word.len() + 1));
        let mut emit = |parts: &[&[char]], cost: f64, f: &mut dyn FnMut(&str, f64)| {
            buf.clear();
            buf.extend(parts.iter().flat_map(|p| p.iter()));
            f(&buf, cost);
        };
        for i in 0..=word.len() {
            let (a, b) = word.split_at(i);
            if let Some(&b0) = b.first() {
                let cost = if a.last() == Some(&b0) { c.doubled } else { c.edit };
                emit(&[a, &b[1..]], cost, &mut f);
                if b.len() > 1 {
                    emit(&[a, &[b[1], b[0]], &b[2..]], c.edit, &mut f);
                }
                for &l in letters {
                    if l != b0 {
                        emit(&[a, &[l], &b[1..]], c.edit, &mut f);
                    }
                }
            }
            for &l in letters {
                emit(&[a, &[l], b], c.omission, &mut f);
            }
        }
    }

    fn search(&self, key: &[char], max_cost: f64, with_suffixes: bool, min_count: i64) -> FxHashMap<String, f64> {
        let c = &self.costs;
        if key.len() > c.max_word_letters {
            return FxHashMap::default();
        }
        let key_s: String = key.iter().collect();
        let letters = if key_s.is_ascii() { &self.latin } else { &self.persian };
        let mut s = Search::default();
        let mut level: Vec<(Vec<char>, f64)> = vec![(key.to_vec(), 0.0)];
        let mut swaps = Vec::new();
        for _ in 0..2 {
            let mut nxt = Vec::new();
            for (w, cost) in &level {
                self.cheap_swaps(w, &mut swaps);
                for (v, sc) in swaps.drain(..) {
                    let total = cost + sc;
                    let vs: String = v.iter().collect();
                    if total <= max_cost && s.seen.get(&vs).is_none_or(|&x| x > total) {
                        self.put(&mut s, &key_s, vs, total, max_cost, min_count);
                        nxt.push((v, total));
                    }
                }
            }
            level = nxt;
        }
        if key.len() >= c.min_len_for_edits && max_cost >= c.edit {
            let mut bases: Vec<(Vec<char>, f64)> = vec![(key.to_vec(), 0.0)];
            bases.extend(
                s.seen
                    .iter()
                    .filter(|(_, &x)| x <= max_cost - c.edit && x < 0.4)
                    .map(|(w, &x)| (w.chars().collect(), x)),
            );
            // ``put`` of the edits: only the lowest cost of each string found ``min_count``+ times
            // matters (``seen`` merely spares the specification a second lookup, and the bases
            // above are already taken), so a string is looked up, not remembered.
            let mut best = std::mem::take(&mut s.best);
            for (w, cost) in &bases {
                self.weighted_edits(w, letters, |e, ec| {
                    let total = cost + ec;
                    if total <= max_cost && e != key_s && self.count(e).is_some_and(|n| n >= min_count) {
                        match best.get_mut(e) {
                            Some(b) => *b = b.min(total),
                            None => {
                                best.insert(e.to_owned(), total);
                            }
                        }
                    }
                });
            }
            s.best = best;
        }
        let mut best = s.best;
        if max_cost >= c.space {
            for i in 1..key.len() {
                let (l, r) = key.split_at(i);
                let left: String = if l == ['ب'] {
                    "به".to_owned()
                } else if l.len() < 3 {
                    continue;
                } else {
                    l.iter().collect()
                };
                if r.len() < 3 {
                    continue;
                }
                let right: String = r.iter().collect();
                if let (Some(hl), Some(hr)) = (self.count(&left), self.count(&right)) {
                    if hl.min(hr) >= c.split_min_count {
                        let e = best.entry(format!("{left} {right}")).or_insert(f64::INFINITY);
                        *e = e.min(c.space);
                    }
                }
            }
        }
        if with_suffixes {
            for suffix in &self.suffixes {
                if key.len() < suffix.len() || !key.ends_with(suffix) {
                    continue;
                }
                let stem = &key[..key.len() - suffix.len()];
                if stem.len() < c.min_stem_len {
                    continue;
                }
                let extra = if suffix.len() == 1 { c.one_letter_suffix } else { c.suffix };
                let suffix_s: String = suffix.iter().collect();
                for (cand, cost) in self.search(stem, max_cost, false, min_count) {
                    if !cand.contains(' ') {
                        best.entry(format!("{cand}{}{suffix_s}", self.suffix_mark)).or_insert(cost + extra);
                    }
                }
            }
        }
        best
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySpellCandidates>()
}
