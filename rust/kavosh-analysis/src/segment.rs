//! Glued runs: several words written without any space, split by word frequencies
//! (`segment.Segmenter`, kind 8 of issue #14).
//!
//! The most probable segmentation into words of the word list, by a unigram Viterbi search
//! (P. Norvig, "Natural Language Corpus Data", *Beautiful Data*, O'Reilly 2009; the PyPI
//! package `wordsegment`), every piece a known word above a frequency floor.  The guards, the
//! tables and the bound on the cost are those of the Python specification
//! (`src/kavosh/analysis/segment.py`); the scores are `f64` sums in the same order, so both
//! pick the same pieces.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::chars::is_letter;
use crate::lexicon::Lexicon;
use crate::tables;

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// A word as its characters and as UTF-8 text, so that a piece `chars[i..j]` is looked up as
/// `text[offsets[i]..offsets[j]]` without a copy.
#[derive(Debug)]
pub struct Word<'a> {
    /// The word's characters.
    pub chars: &'a [char],
    text: String,
    offsets: Vec<usize>,
}

impl<'a> Word<'a> {
    /// The word `chars`.
    pub fn new(chars: &'a [char]) -> Self {
        let mut text = String::with_capacity(chars.len() * 2);
        let mut offsets = Vec::with_capacity(chars.len() + 1);
        for &c in chars {
            offsets.push(text.len());
            text.push(c);
        }
        offsets.push(text.len());
        Word { chars, text, offsets }
    }

    /// The characters `i..j` as text.
    pub fn slice(&self, i: usize, j: usize) -> &str {
        &self.text[self.offsets[i]..self.offsets[j]]
    }

    /// The whole word as text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The segmenter's tables (`segment.py`'s constants as characters) and its allowed pieces.
#[derive(Debug, Clone)]
pub struct Segmenter {
    short: Vec<Vec<char>>,
    short_last: Vec<Vec<char>>,
    never: Vec<Vec<char>>,
    heads: Vec<Vec<char>>,
    endings: Vec<Vec<char>>,
    preverbs: Vec<Vec<char>>,
    verb_prefixes: Vec<Vec<char>>,
    verb_endings: Vec<Vec<char>>,
    article: Vec<char>,
    /// `{allowed piece: ln(freq) - ln(total)}`, built on first use (`Segmenter._pieces`).
    pieces: OnceLock<FxHashMap<Box<str>, f64>>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// The tables from `tables.rs`.
    pub fn new() -> Self {
        let v = |xs: &[&str]| xs.iter().map(|s| chars(s)).collect::<Vec<_>>();
        Segmenter {
            short: v(tables::SEGMENT_SHORT_PIECES),
            short_last: v(tables::SEGMENT_SHORT_LAST_PIECES),
            never: v(tables::SEGMENT_NEVER_PIECES),
            heads: v(tables::SEGMENT_COMPOUND_HEADS),
            endings: v(tables::SEGMENT_INFLECTION_ENDINGS),
            preverbs: v(tables::PREVERBS),
            verb_prefixes: v(tables::SEGMENT_VERB_PREFIXES),
            verb_endings: v(tables::SEGMENT_VERB_ENDINGS),
            article: chars(tables::SEGMENT_ARTICLE),
            pieces: OnceLock::new(),
        }
    }

    /// `Segmenter._inflected`: `w.chars[..k]` is a known word, or one + at most `3 - depth` endings.
    fn inflected(&self, w: &Word, k: usize, depth: u32, freq: &impl Fn(&str) -> u64) -> bool {
        let floor = if depth > 0 { tables::SEGMENT_MIN_BASE_FREQ } else { 1 };
        if freq(w.slice(0, k)) >= floor {
            return true;
        }
        if depth == 3 {
            return false;
        }
        let head = &w.chars[..k];
        self.endings
            .iter()
            .any(|e| head.ends_with(e) && k - e.len() >= 2 && self.inflected(w, k - e.len(), depth + 1, freq))
    }

    /// `Segmenter._preverb_verb`: a preverb + a verbal prefix + a past stem (+ one ending).
    fn preverb_verb(&self, w: &Word, past: &impl Fn(&str) -> bool) -> bool {
        let n = w.chars.len();
        for pv in &self.preverbs {
            if !w.chars.starts_with(pv) {
                continue;
            }
            let r = pv.len();
            for pre in &self.verb_prefixes {
                if w.chars[r..].starts_with(pre) {
                    let q = r + pre.len();
                    if past(w.slice(q, n))
                        || self.verb_endings.iter().any(|e| w.chars[q..].ends_with(e) && past(w.slice(q, n - e.len())))
                    {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// `Segmenter.candidate`: the guards that need no search.
    pub fn candidate(&self, w: &Word, freq: &impl Fn(&str) -> u64, past: &impl Fn(&str) -> bool) -> bool {
        let n = w.chars.len();
        (tables::SEGMENT_MIN_LETTERS..=tables::SEGMENT_MAX_LETTERS).contains(&n)
            && w.chars.iter().all(|&c| is_letter(c))
            && !w.chars.starts_with(&self.article)
            && !self.inflected(w, n, 0, freq)
            && !self.preverb_verb(w, past)
    }

    /// `_allowed`: whether a word of the list seen `f` times may be a piece.
    fn allowed(&self, piece: &[char], f: u64) -> bool {
        let n = piece.len();
        if n == 2 {
            return f >= 1 && self.short.iter().any(|s| s.as_slice() == piece);
        }
        if !(3..=tables::SEGMENT_MAX_PIECE_LETTERS).contains(&n) || self.never.iter().any(|s| s.as_slice() == piece) {
            return false;
        }
        f >= if n == 3 { tables::SEGMENT_MIN_PIECE_FREQ_3 } else { tables::SEGMENT_MIN_PIECE_FREQ }
    }

    /// `Segmenter._pieces`: `{allowed piece: ln(freq) - ln(total)}`, built on first use from `lex`.
    fn pieces(&self, lex: &Lexicon) -> &FxHashMap<Box<str>, f64> {
        self.pieces.get_or_init(|| {
            let mut total = 0u64;
            let mut kept: Vec<(Box<str>, u64)> = Vec::new();
            let mut cs = Vec::new();
            lex.for_each_freq(|w, f| {
                total += f;
                if f >= 1 && w.len() <= 4 * tables::SEGMENT_MAX_PIECE_LETTERS {
                    cs.clear();
                    cs.extend(w.chars());
                    if self.allowed(&cs, f) {
                        kept.push((w.into(), f));
                    }
                }
            });
            #[allow(clippy::cast_precision_loss)] // as Python's math.log(int)
            let log_total = if total > 0 { (total as f64).ln() } else { 0.0 };
            #[allow(clippy::cast_precision_loss)]
            kept.into_iter().map(|(w, f)| (w, (f as f64).ln() - log_total)).collect()
        })
    }

    /// `Segmenter.best`: the lengths of the pieces of the most probable segmentation (at least
    /// two), or `None`; `lex`: the word list (its allowed pieces are read once).
    #[allow(clippy::needless_range_loop)] // `i` is a piece boundary, as in the Python loop
    pub fn best(&self, w: &Word, lex: &Lexicon) -> Option<Vec<usize>> {
        let word = w.chars;
        let n = word.len();
        if n > tables::SEGMENT_MAX_LETTERS {
            return None;
        }
        let pieces = self.pieces(lex);
        let mut score: Vec<Option<f64>> = vec![None; n + 1];
        score[0] = Some(0.0);
        let mut back = vec![0usize; n + 1];
        for j in 2..=n {
            let mut best_j: Option<f64> = None;
            for i in j.saturating_sub(tables::SEGMENT_MAX_PIECE_LETTERS)..j - 1 {
                let Some(prev) = score[i] else { continue };
                if let Some(&lp) = pieces.get(w.slice(i, j)) {
                    let s = prev + lp;
                    if best_j.is_none_or(|b| s > b) {
                        best_j = Some(s);
                        back[j] = i;
                    }
                }
            }
            score[j] = best_j;
        }
        score[n]?;
        let mut lens = Vec::new();
        let mut j = n;
        while j > 0 {
            lens.push(j - back[j]);
            j = back[j];
        }
        lens.reverse();
        if lens.len() < 2 {
            return None;
        }
        let last = &word[n - lens[lens.len() - 1]..];
        if last.len() == 2 && !self.short_last.iter().any(|s| s.as_slice() == last) {
            return None;
        }
        if lens.windows(2).any(|w| w[0] == 2 && w[1] == 2) {
            return None;
        }
        let mut a = lens[0];
        for &l in &lens[1..] {
            let piece = &word[a..a + l];
            if self.heads.iter().any(|h| h.as_slice() == piece) {
                return None; // a compound written solid (همسرداری)
            }
            a += l;
        }
        Some(lens)
    }
}
