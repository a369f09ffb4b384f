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
        let Some(same) = self.by_len.get(s.len()) else {
            return false;
        };
        if let (Some(&f), Some(&l)) = (s.first(), s.last()) {
            let (firsts, lasts) = self.ends[s.len()];
            if firsts & bit(f) == 0 || lasts & bit(l) == 0 {
                return false;
            }
        }
        same.iter().any(|a| a.as_slice() == s)
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
    suffixes: AffixSet,
    zwnj_suffixes: AffixSet,
    /// `SPACED_SUFFIX_HOSTS`: a suffix that joins after a space only a word ending in one of the letters.
    spaced_hosts: Vec<(Vec<char>, Vec<char>)>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            prefixes: AffixSet::new(tables::PREFIXES),
            max_prefix: tables::PREFIXES.iter().map(|p| p.chars().count()).max().unwrap_or(0),
            suffixes: AffixSet::new(tables::SUFFIXES),
            zwnj_suffixes: AffixSet::new(tables::HALF_SPACE_SUFFIXES),
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
        // the last run of letters measured (start, end): a word's suffix test measures the next
        // word's letters, which then need not be measured again when it begins a token
        let mut run = (usize::MAX, 0);
        while p < n {
            let c = d[p];
            let e;
            if is_letter(c) {
                e = self.persian_word(d, p, trailing_sep, &mut run);
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
    }

    /// End of the Persian word that starts at `p` (a letter).
    /// `run`: the last run of letters measured, `(start, end)`, read and updated.
    fn persian_word(&self, d: &[char], p: usize, trailing_sep: bool, run: &mut (usize, usize)) -> usize {
        let n = d.len();
        // LETTER+ from p: a verbal prefix is such a run, all of it, followed by separators
        let mut q = p;
        if run.0 == p {
            q = run.1;
        } else {
            while q < n && is_letter(d[q]) {
                q += 1;
            }
        }
        // a verbal prefix and separators, when a letter follows them (the run is compared with the
        // prefixes only when it is short enough to be one and a separator follows it)
        if q - p <= self.max_prefix && q < n && is_sep(d[q]) && self.prefixes.contains(&d[p..q]) {
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
        // (JOINER LETTER+)*
        while q + 1 < n && d[q] == JOINER && is_letter(d[q + 1]) {
            q += 1;
            while q < n && is_letter(d[q]) {
                q += 1;
            }
        }
        // suffixes written after separators
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
            if self.suffixes.contains(run)
                || (all_zwnj && self.zwnj_suffixes.contains(run))
                || self.spaced_hosts.iter().any(|(suffix, hosts)| {
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
        // one separator before a letter (a compound's first part written apart)
        if trailing_sep && q + 1 < n && is_sep(d[q]) && is_letter(d[q + 1]) {
            q += 1;
        }
        q
    }
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
    s.iter().take_while(|&&c| is_letter(c)).count()
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
