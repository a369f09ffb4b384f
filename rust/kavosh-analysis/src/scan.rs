//! The token scan of the tokenizer: `tokenize.SCAN_RE` / `tokenize.TOKEN_RE`, walked once per word.
//!
//! With `PERSIAN_WORD` = `(?:(?:PREFIX) SEP (?=LETTER))? LETTER+ (?:JOINER LETTER+)*
//! (?:SEP SUFFIX (?!LETTER) | ZWNJ+ ZWNJ_SUFFIX (?!LETTER) | (?<=HOSTS) SEP SPACED_SUFFIX (?!LETTER))*`
//! and `SEP` = `[ ZWNJ]+` (`SPACED_SUFFIX_HOSTS`: `ای` after a space joins a word ending in `ه`/`ی`):
//!
//! * `TOKEN_RE` = `PERSIAN_WORD | \d*[^\W\d_LETTER][^\W_LETTER]* | \d{1,3}(?:,\d{3})+(?!\d) | \d+(?:[./:]\d+)*`
//! * `SCAN_RE`: the same, but a Persian word also takes one separator that a letter follows
//!   (the first part of a compound written apart, `Compounds.join_tokens`).
//!
//! The regular expressions are the specification; tests compare them with this scan (`scan/tests.rs`, with
//! the scan as it was before the word loop for a reference).  The affix tables' sets are `scan/affixes.rs`.

use crate::chars::{is_digit, is_letter, is_sep, is_word, JOINER, ZWNJ};
use crate::tables;

// `#[path]`: build.rs includes this file with `#[path = "src/scan.rs"]`, and a module so included looks for
// its submodules beside it, not in `scan/`; the paths below hold in both.
#[path = "scan/affixes.rs"]
mod affixes;
#[cfg(test)]
#[path = "scan/tests.rs"]
mod tests;

use affixes::bit;
pub use affixes::AffixSet;

/// The tokenizer's affix tables (`PREFIXES`, `SUFFIXES`, `HALF_SPACE_SUFFIXES`).
#[derive(Debug, Clone)]
pub struct Scanner {
    prefixes: AffixSet,
    /// The length of the longest prefix.
    max_prefix: usize,
    /// Bit `c % 64` set when a prefix ends with `c`.
    prefix_lasts: u64,
    suffixes: AffixSet,
    zwnj_suffixes: AffixSet,
    /// Every suffix of the three kinds (`suffixes`, `zwnj_suffixes`, `spaced_hosts`): the one
    /// bit test that turns away most runs after a word before the three are asked.
    any_suffix: AffixSet,
    /// `SPACED_SUFFIX_HOSTS`: a suffix that joins after a space only a word ending in one of the letters.
    spaced_hosts: Vec<(Vec<char>, Vec<char>)>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            prefixes: AffixSet::new(tables::PREFIXES),
            max_prefix: tables::PREFIXES.iter().map(|p| p.chars().count()).max().unwrap_or(0),
            prefix_lasts: tables::PREFIXES.iter().filter_map(|p| p.chars().last()).fold(0, |m, c| m | bit(c)),
            suffixes: AffixSet::new(tables::SUFFIXES),
            zwnj_suffixes: AffixSet::new(tables::HALF_SPACE_SUFFIXES),
            any_suffix: AffixSet::new(
                &(tables::SUFFIXES.iter().chain(tables::HALF_SPACE_SUFFIXES))
                    .copied()
                    .chain(tables::SPACED_SUFFIX_HOSTS.iter().map(|&(s, _)| s))
                    .collect::<Vec<_>>(),
            ),
            spaced_hosts: tables::SPACED_SUFFIX_HOSTS
                .iter()
                .map(|(s, h)| (s.chars().collect(), h.chars().collect()))
                .collect(),
        }
    }
}

impl Scanner {
    /// The spans `(start, end)` (code point indices) of the tokens of normalized text `d`:
    /// `SCAN_RE` with `trailing_sep`, else `TOKEN_RE`, as `finditer` gives them.
    pub fn scan(&self, d: &[char], trailing_sep: bool, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let n = d.len();
        let mut p = 0;
        while p < n {
            let c = d[p];
            if is_letter(c) {
                p = self.persian_words(d, p, trailing_sep, out);
            } else if c == ' ' || c == '\n' || c == ZWNJ || (c.is_ascii() && !is_word(c)) {
                p += 1;
            } else {
                let e = other_or_number(d, p);
                if e == p {
                    p += 1;
                } else {
                    out.push((p, e));
                    p = e;
                }
            }
        }
    }

    /// The Persian word that starts at `p` (a letter) onto `out`, and the words after it as long
    /// as the next token is one (only separators between them); returns where the scan goes on.
    ///
    /// Every word of a text passes here, so the common word (letters, one space, the next word's
    /// letters, no affix) is kept short: the separators after a run of letters are measured once
    /// and serve the prefix test, the suffix test and the trailing separator; the run after them
    /// (a suffix, else the next word) is measured once; an affix is compared only when its length
    /// and first and last letters may be one's ([`AffixSet::may_contain`]).
    #[inline(never)]
    fn persian_words(&self, d: &[char], mut p: usize, trailing_sep: bool, out: &mut Vec<(usize, usize)>) -> usize {
        let n = d.len();
        // LETTER+ from p: a verbal prefix is such a run, all of it, followed by separators
        let mut q = letters_end(d, p);
        loop {
            let mut s = seps_end(d, q);
            // a verbal prefix and separators, when a letter follows them (every prefix ends with a
            // letter of `prefix_lasts`: most words are turned away by that bit)
            if s > q
                && s < n
                && self.prefix_lasts & bit(d[q - 1]) != 0
                && q - p <= self.max_prefix
                && self.prefixes.contains(&d[p..q])
                && is_letter(d[s])
            {
                q = letters_end(d, s);
                s = seps_end(d, q);
            }
            // (JOINER LETTER+)*
            while s == q && q + 1 < n && d[q] == JOINER && is_letter(d[q + 1]) {
                q = letters_end(d, q + 1);
                s = seps_end(d, q);
            }
            // suffixes written after separators: `s` ends the separators after `q`
            loop {
                if s == q {
                    out.push((p, q));
                    return q;
                }
                let e = letters_end(d, s);
                if e == s {
                    out.push((p, q));
                    return s;
                }
                let word = &d[s..e];
                if self.any_suffix.may_contain(word)
                    && (self.suffixes.contains(word)
                        || (d[q..s].iter().all(|&c| c == ZWNJ) && self.zwnj_suffixes.contains(word))
                        || self
                            .spaced_hosts
                            .iter()
                            .any(|(suffix, hosts)| suffix.as_slice() == word && hosts.contains(&d[q - 1])))
                {
                    q = e;
                    s = seps_end(d, q);
                    continue;
                }
                // the next word begins at `s`; this one takes one separator before it
                // (a compound's first part written apart)
                out.push((p, if trailing_sep && s == q + 1 { s } else { q }));
                (p, q) = (s, e);
                break;
            }
        }
    }
}

/// The end of the run of letters that starts at `p` (`p` itself when none).
///
/// Eight code points at a time: their letter bits in a mask, the run's length its trailing ones.
/// A word's end is then no mispredicted branch (a loop a letter ended at a length the predictor
/// cannot know); the loop goes on only past eight letters.
#[inline]
fn letters_end(d: &[char], p: usize) -> usize {
    let mut q = p;
    while let Some(w) = d.get(q..q + 8) {
        let m = w.iter().enumerate().fold(0u32, |m, (i, &c)| m | u32::from(is_letter(c)) << i);
        let run = m.trailing_ones() as usize;
        q += run;
        if run < 8 {
            return q;
        }
    }
    while q < d.len() && is_letter(d[q]) {
        q += 1;
    }
    q
}

/// The end of the run of separators that starts at `q` (`q` itself when none).
#[inline]
fn seps_end(d: &[char], q: usize) -> usize {
    let mut s = q;
    while s < d.len() && is_sep(d[s]) {
        s += 1;
    }
    s
}

/// End of a match of the other-word and number branches at `p`, or `p` when none matches.
fn other_or_number(d: &[char], p: usize) -> usize {
    let n = d.len();
    let mut e = p;
    while e < n && is_digit(d[e]) {
        e += 1;
    }
    // \d*[^\W\d_LETTER][^\W_LETTER]*
    if e < n {
        let c = d[e];
        if c != '_' && is_word(c) && !is_digit(c) && !is_letter(c) {
            e += 1;
            while e < n {
                let c = d[e];
                if c == '_' || !is_word(c) || is_letter(c) {
                    break;
                }
                e += 1;
            }
            return e;
        }
    }
    let digits = e - p;
    if digits == 0 {
        return p;
    }
    // \d{1,3}(?:,\d{3})+(?!\d)
    if digits <= 3 {
        let (mut q, mut groups, mut prev) = (e, 0, e);
        while q + 3 < n && d[q] == ',' && is_digit(d[q + 1]) && is_digit(d[q + 2]) && is_digit(d[q + 3]) {
            prev = q;
            q += 4;
            groups += 1;
        }
        if groups > 0 {
            if q < n && is_digit(d[q]) {
                if groups > 1 {
                    return prev; // one group fewer: a ',' follows, not a digit
                }
            } else {
                return q;
            }
        }
    }
    // \d+(?:[./:]\d+)*
    let mut q = e;
    while q + 1 < n {
        let c = d[q];
        if !matches!(c, '.' | '/' | ':') || !is_digit(d[q + 1]) {
            break;
        }
        q += 2;
        while q < n && is_digit(d[q]) {
            q += 1;
        }
    }
    q
}

/// The letters that begin `s` (`_LEAD_LETTERS.match`): their count.
pub fn lead_letters(s: &[char]) -> usize {
    letters_end(s, 0)
}
