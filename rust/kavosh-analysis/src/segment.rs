//! Glued runs: several words written without any space, split by word frequencies
//! (`segment.Segmenter`, kind 8 of issue #14).
//!
//! The most probable segmentation into words of the word list, by a unigram Viterbi search
//! (P. Norvig, "Natural Language Corpus Data", *Beautiful Data*, O'Reilly 2009; the PyPI
//! package `wordsegment`), every piece a known word above a frequency floor (or, not last,
//! one plus the ezafe as a noun phrase writes it: `segment.EZAFE_FORMS`).  The guards, the
//! tables and the bound on the cost are those of the Python specification
//! (`src/kavosh/analysis/segment.py`); the scores are `f64` sums in the same order, so both
//! pick the same pieces.

use std::sync::OnceLock;

use fst::raw::Output;
use fst::Map;

use crate::chars::is_letter;
use crate::lexicon::{Bytes, Lexicon};
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
    /// `segment.EZAFE_FORMS`: `(ending, letters the piece must end in)`, longest ending first.
    ezafe_forms: Vec<(Vec<char>, Vec<char>)>,
    /// `{allowed piece: ln(freq) - ln(total)}` (`Segmenter._pieces`) as an fst map whose values
    /// are the `f64`s' bits: read from the prebuilt lexicon ([`Segmenter::set_pieces`]), else
    /// built from the word list on first use.
    pieces: OnceLock<Map<Bytes>>,
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
            ezafe_forms: tables::SEGMENT_EZAFE_FORMS.iter().map(|(e, a)| (chars(e), chars(a))).collect(),
            pieces: OnceLock::new(),
        }
    }

    /// `Segmenter._inflected`: `w.chars[..k]` is a known word, or one + at most `3 - depth` endings;
    /// `freqs[k]`: the word list's frequency of `w.chars[..k]` (0 when unknown).
    fn inflected(&self, w: &Word, k: usize, depth: u32, freqs: &[u64]) -> bool {
        let floor = if depth > 0 { tables::SEGMENT_MIN_BASE_FREQ } else { 1 };
        if freqs[k] >= floor {
            return true;
        }
        if depth == 3 {
            return false;
        }
        let head = &w.chars[..k];
        self.endings
            .iter()
            .any(|e| head.ends_with(e) && k - e.len() >= 2 && self.inflected(w, k - e.len(), depth + 1, freqs))
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

    /// `Segmenter.candidate`: the guards that need no search; `lex`: the word list (its
    /// frequencies and past stems).
    pub fn candidate(&self, w: &Word, lex: &Lexicon) -> bool {
        let n = w.chars.len();
        if !(tables::SEGMENT_MIN_LETTERS..=tables::SEGMENT_MAX_LETTERS).contains(&n)
            || !w.chars.iter().all(|&c| is_letter(c))
            || w.chars.starts_with(&self.article)
        {
            return false;
        }
        // every frequency `inflected` asks is of a beginning of the word: all of them from one
        // walk of the word list's automaton (one lookup's cost) instead of a lookup each
        let freqs = lex.prefix_freqs(&w.text, &w.offsets);
        !self.inflected(w, n, 0, &freqs) && !self.preverb_verb(w, &|x: &str| lex.is_past(x))
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

    /// `Segmenter._pieces`: `{allowed piece (UTF-8): (ln(freq) - ln(total)).to_bits()}` as an
    /// fst map, built on first use from `lex` unless the prebuilt lexicon gave it
    /// ([`Segmenter::set_pieces`]).
    pub(crate) fn pieces(&self, lex: &Lexicon) -> &Map<Bytes> {
        self.pieces.get_or_init(|| {
            let mut total = 0u64;
            let mut kept: Vec<(String, u64)> = Vec::new();
            let mut cs = Vec::new();
            lex.for_each_freq(|w, f| {
                total += f;
                if f >= 1 && w.len() <= 4 * tables::SEGMENT_MAX_PIECE_LETTERS {
                    cs.clear();
                    cs.extend(w.chars());
                    if self.allowed(&cs, f) {
                        kept.push((w.to_owned(), f));
                    }
                }
            });
            #[allow(clippy::cast_precision_loss)] // as Python's math.log(int)
            let log_total = if total > 0 { (total as f64).ln() } else { 0.0 };
            kept.sort_unstable(); // the word list's byte order already: kept for a list built otherwise
            #[allow(clippy::cast_precision_loss)]
            let entries = kept.into_iter().map(|(w, f)| (w, ((f as f64).ln() - log_total).to_bits()));
            let map = Map::from_iter(entries).expect("sorted, unique keys").into_fst().into_inner();
            Map::new(Bytes::Owned(map)).expect("an fst just built")
        })
    }

    /// Use `pieces` (as [`Segmenter::pieces`] builds them from the same word list: the prebuilt
    /// lexicon's) instead of building them on first use; ignored if they are built already.
    pub(crate) fn set_pieces(&self, pieces: Map<Bytes>) {
        let _ = self.pieces.set(pieces);
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
        let pieces = self.pieces(lex).as_fst();
        let mut score: Vec<Option<f64>> = vec![None; n + 1];
        score[0] = Some(0.0);
        let mut back = vec![0usize; n + 1];
        // the letters of the `ezafe_forms` ending of the best piece ending at `j` (`ending[j]`)
        let mut ending = vec![0usize; n + 1];
        // Python's loop takes each end `j` and its starts `i` ascending; here each reached start
        // `i`, ascending, walks the automaton along the word once and offers every piece it
        // spells to its end `j`.  Every `score[i]` is final when it is read (pieces end after
        // their start), and each `j` hears its starts in the same ascending order with the same
        // sums, so the strict `>` keeps the same first best (the allowed pieces have 2 to
        // `SEGMENT_MAX_PIECE_LETTERS` letters: the Python window).  A piece + an ending of
        // `ezafe_forms` is offered to its end `j + k` when the walk reaches `j`: before the piece
        // `i..j + k` itself, and a longer ending before a shorter one — Python's order.
        let bytes = w.text.as_bytes();
        for i in 0..n {
            let Some(prev) = score[i] else { continue };
            let mut node = pieces.root();
            let mut out = Output::zero();
            'walk: for j in i + 1..=n.min(i + tables::SEGMENT_MAX_PIECE_LETTERS) {
                for &b in &bytes[w.offsets[j - 1]..w.offsets[j]] {
                    let Some(t) = node.find_input(b) else { break 'walk };
                    let t = node.transition(t);
                    out = out.cat(t.out);
                    node = pieces.node(t.addr);
                }
                if node.is_final() {
                    let s = prev + f64::from_bits(out.cat(node.final_output()).value());
                    if score[j].is_none_or(|b| s > b) {
                        score[j] = Some(s);
                        back[j] = i;
                        ending[j] = 0;
                    }
                    if j - i >= tables::SEGMENT_MIN_EZAFE_BASE {
                        for (e, after) in &self.ezafe_forms {
                            let k = j + e.len();
                            if k < n
                                && word[j..].starts_with(e)
                                && (after.is_empty() || after.contains(&word[j - 1]))
                                && score[k].is_none_or(|b| s > b)
                            {
                                score[k] = Some(s);
                                back[k] = i;
                                ending[k] = e.len();
                            }
                        }
                    }
                }
            }
        }
        score[n]?;
        let mut lens = Vec::new();
        let mut ends = Vec::new();
        let mut j = n;
        while j > 0 {
            lens.push(j - back[j]);
            ends.push(j);
            j = back[j];
        }
        lens.reverse();
        ends.reverse();
        if lens.len() < 2 {
            return None;
        }
        let last = &word[n - lens[lens.len() - 1]..];
        if last.len() == 2 && !self.short_last.iter().any(|s| s.as_slice() == last) {
            return None;
        }
        // a piece of two letters follows neither another such piece nor an ezafe (اشنایدر)
        if (1..lens.len()).any(|p| lens[p] == 2 && (lens[p - 1] == 2 || ending[ends[p - 1]] > 0)) {
            return None;
        }
        for p in 1..lens.len() {
            let piece = &word[ends[p] - lens[p]..ends[p]];
            let base = &piece[..piece.len() - ending[ends[p]]];
            if self.heads.iter().any(|h| h.as_slice() == piece || h.as_slice() == base) {
                return None; // a compound written solid (همسرداری, اصلاحگرای)
            }
        }
        Some(lens)
    }
}
