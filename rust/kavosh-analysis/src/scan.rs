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
//! The regular expressions are the specification; tests compare them with this scan.

use crate::chars::{is_digit, is_letter, is_sep, is_word, JOINER, ZWNJ};
use crate::tables;

/// A set of affixes as code point strings.
#[derive(Debug, Clone)]
pub struct AffixSet {
    affixes: Vec<Vec<char>>,
    /// The affixes of each length (index: the length, up to the longest).
    by_len: Vec<Vec<Vec<char>>>,
    /// For each length: bit `c % 64` set when an affix of that length begins (`.0`) or ends
    /// (`.1`) with `c`.
    ends: Vec<(u64, u64)>,
}

fn bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

impl AffixSet {
    /// The affixes of a table of `tables.rs`, in its order.
    pub fn new(words: &[&str]) -> Self {
        let affixes: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let longest = affixes.iter().map(Vec::len).max().map_or(0, |n| n + 1);
        let mut by_len = vec![Vec::new(); longest];
        let mut ends = vec![(0, 0); longest];
        for a in &affixes {
            by_len[a.len()].push(a.clone());
            if let (Some(&f), Some(&l)) = (a.first(), a.last()) {
                ends[a.len()].0 |= bit(f);
                ends[a.len()].1 |= bit(l);
            }
        }
        AffixSet { affixes, by_len, ends }
    }

    /// Whether `s` is one of the affixes.  Asked of nearly every word of a text (the run after a
    /// word may be its suffix; a short word may be a verbal prefix), so most words are turned
    /// away by the length and two bit tests (no affix of that length begins or ends with that
    /// letter) before any comparison; the rest compared with the affixes of that length only.
    #[inline]
    pub fn contains(&self, s: &[char]) -> bool {
        self.may_contain(s) && self.by_len[s.len()].iter().any(|a| a.as_slice() == s)
    }

    /// Whether `s` may be one of the affixes: some affix has its length and begins and ends
    /// with letters of `s`'s first and last letters' bits (no false negatives; the empty `s`
    /// when the set has no affix of length 0 is turned away).
    #[inline]
    pub fn may_contain(&self, s: &[char]) -> bool {
        let Some(&(firsts, lasts)) = self.ends.get(s.len()) else {
            return false;
        };
        match (s.first(), s.last()) {
            (Some(&f), Some(&l)) => firsts & bit(f) != 0 && lasts & bit(l) != 0,
            _ => !self.by_len[0].is_empty(),
        }
    }

    /// The affixes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[char]> {
        self.affixes.iter().map(Vec::as_slice)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str, trailing: bool) -> Vec<String> {
        let d: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        Scanner::default().scan(&d, trailing, &mut spans);
        spans.iter().map(|&(a, b)| d[a..b].iter().collect()).collect()
    }

    #[test]
    fn letters_end_eight_at_a_time_is_the_loop_a_letter() {
        // runs of 0 to 20 letters between other characters, ending anywhere in the text
        let mut d: Vec<char> = Vec::new();
        for n in 0..=20 {
            d.extend(std::iter::repeat_n('ک', n));
            d.push([' ', ZWNJ, '1', 'a', JOINER, '\u{10000}'][n % 6]);
        }
        for end in 0..=d.len() {
            let d = &d[..end];
            for p in 0..=d.len() {
                let mut q = p;
                while q < d.len() && is_letter(d[q]) {
                    q += 1;
                }
                assert_eq!(letters_end(d, p), q, "{p} of {end}");
            }
        }
    }

    #[test]
    fn an_affix_set_holds_its_affixes_and_nothing_else() {
        for table in [tables::PREFIXES, tables::SUFFIXES, tables::HALF_SPACE_SUFFIXES] {
            let set = AffixSet::new(table);
            let affixes: Vec<Vec<char>> = table.iter().map(|a| a.chars().collect()).collect();
            for a in &affixes {
                assert!(set.contains(a), "{a:?}");
            }
            // every affix's beginnings and extensions by a letter, and other words: as a plain comparison says
            let mut others: Vec<Vec<char>> = Vec::new();
            for a in &affixes {
                for k in 0..a.len() {
                    others.push(a[..k].to_vec());
                }
                for c in ['ا', 'ه', 'ی', 'ن', 'a', '\u{10000}'] {
                    others.push([a.as_slice(), &[c]].concat());
                    others.push([&[c], a.as_slice()].concat());
                }
            }
            others.push("کتابخانه".chars().collect());
            others.push(vec!['ه'; 70]);
            for o in &others {
                assert_eq!(set.contains(o), affixes.contains(o), "{o:?}");
            }
        }
        assert!(AffixSet::new(&["ها"]).contains(&['ه', 'ا']));
        assert!(!AffixSet::new(&["ها"]).contains(&['ه', 'ی']));
        assert!(!AffixSet::new(&[]).contains(&[]));
    }

    /// The scan as it was before the word loop (`9685691`): the reference of the test below.
    fn reference_scan(sc: &Scanner, d: &[char], trailing_sep: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let n = d.len();
        let mut p = 0;
        let mut run = (usize::MAX, 0);
        while p < n {
            let c = d[p];
            let e;
            if is_letter(c) {
                e = reference_word(sc, d, p, trailing_sep, &mut run);
            } else if c == ' ' || c == '\n' || c == ZWNJ || (c.is_ascii() && !is_word(c)) {
                p += 1;
                continue;
            } else {
                e = other_or_number(d, p);
                if e == p {
                    p += 1;
                    continue;
                }
            }
            out.push((p, e));
            p = e;
        }
        out
    }

    fn reference_word(sc: &Scanner, d: &[char], p: usize, trailing_sep: bool, run: &mut (usize, usize)) -> usize {
        let n = d.len();
        let mut q = p;
        if run.0 == p {
            q = run.1;
        } else {
            while q < n && is_letter(d[q]) {
                q += 1;
            }
        }
        if q - p <= sc.max_prefix && q < n && is_sep(d[q]) && sc.prefixes.contains(&d[p..q]) {
            let mut s = q;
            while s < n && is_sep(d[s]) {
                s += 1;
            }
            if s < n && is_letter(d[s]) {
                q = s;
                while q < n && is_letter(d[q]) {
                    q += 1;
                }
            }
        }
        while q + 1 < n && d[q] == JOINER && is_letter(d[q + 1]) {
            q += 1;
            while q < n && is_letter(d[q]) {
                q += 1;
            }
        }
        loop {
            let mut s = q;
            let mut all_zwnj = true;
            while s < n && is_sep(d[s]) {
                if d[s] != ZWNJ {
                    all_zwnj = false;
                }
                s += 1;
            }
            if s == q {
                break;
            }
            let mut e = s;
            while e < n && is_letter(d[e]) {
                e += 1;
            }
            if e == s {
                break;
            }
            *run = (s, e);
            let run = &d[s..e];
            if sc.suffixes.contains(run)
                || (all_zwnj && sc.zwnj_suffixes.contains(run))
                || sc.spaced_hosts.iter().any(|(suffix, hosts)| {
                    suffix.len() == run.len()
                        && suffix.iter().zip(run).all(|(x, y)| x == y)
                        && hosts.contains(&d[q - 1])
                })
            {
                q = e;
                continue;
            }
            break;
        }
        if trailing_sep && q + 1 < n && is_sep(d[q]) && is_letter(d[q + 1]) {
            q += 1;
        }
        q
    }

    #[test]
    fn the_word_loop_scans_as_the_reference() {
        // texts of affixes, words, separators, joiners, digits and marks drawn at random (a fixed
        // linear congruential sequence), both scans, both modes
        let sc = Scanner::default();
        let mut pieces: Vec<String> = [tables::PREFIXES, tables::SUFFIXES, tables::HALF_SPACE_SUFFIXES]
            .concat()
            .iter()
            .map(|s| s.to_string())
            .collect();
        for w in [
            "کتاب", "خانه", "هی", "ی", "ه", "ا", "و", "گفت", "می", "نمی", "شان", "ای", "12", "1,234", "3.5", "abc", "۳",
        ] {
            pieces.push(w.to_string());
        }
        for sep in [" ", "\u{200c}", "  ", " \u{200c}", "\u{200c}\u{200c}", "\u{2060}", "\n", ",", ".", "_", "-"] {
            pieces.push(sep.to_string());
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |k: usize| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % k
        };
        for _ in 0..20_000 {
            let len = 1 + next(12);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())].as_str()).collect();
            let d: Vec<char> = text.chars().collect();
            for trailing in [true, false] {
                let mut spans = Vec::new();
                sc.scan(&d, trailing, &mut spans);
                assert_eq!(spans, reference_scan(&sc, &d, trailing), "{text:?} {trailing}");
            }
        }
    }

    #[test]
    fn affixes_join_and_numbers_group() {
        assert_eq!(surfaces("می شوند کتاب ها", true), ["می شوند ", "کتاب ها"]);
        assert_eq!(surfaces("می شوند کتاب ها", false), ["می شوند", "کتاب ها"]);
        assert_eq!(surfaces("1,234,5678 12.5 abc۳کتاب", true), ["1,234", "5678", "12.5", "abc۳", "کتاب"]);
        assert_eq!(surfaces("خانه شان خانه\u{200c}شان", false), ["خانه", "شان", "خانه\u{200c}شان"]);
        assert_eq!(surfaces("وطن ای وطن خانه ای", false), ["وطن", "ای", "وطن", "خانه ای"]);
        assert_eq!(surfaces("کتاب\u{200c}ای", false), ["کتاب\u{200c}ای"]);
    }
}
