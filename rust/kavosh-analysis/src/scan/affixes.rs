//! A set of affixes (`scan.rs`'s tables: prefixes, suffixes, half-space suffixes), asked of nearly every
//! word: a length and two bit tests turn most words away before any comparison.

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

/// The bit of `c` in a 64-bit set of letters (`c % 64`).
pub(super) fn bit(c: char) -> u64 {
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
