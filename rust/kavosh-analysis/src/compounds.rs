//! Compounds from the word list, and which way each is usually written (`tokenize.Compounds`).
//!
//! A compound usually written as one word (`همچنین`) is joined when written with a space or
//! half-space; one usually written with a half-space (`تصمیم‌گیری`) is split into its parts
//! when written joined.  A noun followed by a derivational suffix written apart (`قلم چی`)
//! is joined too.
//!
//! This module holds the tables and the lookups of a word's parts; `compounds/make.rs` makes the
//! tables, `compounds/join.rs` joins surfaces, `compounds/pair_hash.rs` holds the hashes of its
//! pair test.

// `#[path]`: build.rs includes this file with `#[path = "src/compounds.rs"]`, and a module so
// included looks for its submodules beside it, not in `compounds/`; the paths below hold in both.
#[path = "compounds/join.rs"]
mod join;
#[path = "compounds/make.rs"]
mod make;
#[path = "compounds/pair_hash.rs"]
mod pair_hash;

pub use join::{Surface, DERIVATIONAL, FIRST_SEP, NO_ID, WAW_FIRST, WAW_MID};
pub use pair_hash::PairKey;

use fst::Set;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon::Bytes;
pub use crate::parts::Parts;
use crate::segment::Segmenter;
use crate::tables;

/// The compound tables (`Compounds.parts`, `.join`, `.first`, `._first_sep`, `._hosts`).
#[derive(Debug, Clone)]
pub struct Compounds {
    /// `{joined spelling: [part, ...]}` for compounds that are split.
    pub parts: Parts,
    /// Joined spellings of the compounds that are joined (two parts only), with their suffixes.
    pub join: FxHashSet<Vec<char>>,
    /// First parts of the compounds in `join`.
    pub first: FxHashSet<Vec<char>>,
    /// A filter of the entries of `join` (made with it in [`Compounds::assemble`]): two bits
    /// ([`hash_mask`]) in word `h >> join_shift >> 6` set for the [`key_hash`] `h` of each.  The
    /// pair test of [`Compounds::join_tokens`] turns away a pair whose key's bits are not both
    /// set before the key is copied out and hashed for `join` (most pairs of a first part and a
    /// next word).  A bitmap of 8–16 bits a key (64 KB for the 40,561 keys of the bundled lists:
    /// 13 bits a key), where a set of the 64-bit hashes took ~0.6 MB.
    join_bits: Vec<u64>,
    /// `64 - log2(bits of join_bits)`: a hash's top bits number its bit.
    join_shift: u32,
    first_sep: FxHashSet<Vec<char>>,
    /// Shortest and longest entry of `first_sep` (a cheap test before hashing).
    first_sep_len: (usize, usize),
    /// `Compounds._hosts` without their separators: the nouns a derivational suffix written apart
    /// joins (an fst set: built with the lexicon, or read from the prebuilt one).
    pub(crate) hosts: Set<Bytes>,
    derivational: Vec<Vec<char>>,
    heads: FxHashSet<Vec<char>>,
    /// `Compounds.waw_join`: the spellings of `WAW_COMPOUNDS` (first + `و` + second, with suffixes).
    waw_join: FxHashSet<Vec<char>>,
    /// `Compounds._waw_first_sep`: their first parts, each with a separator.
    waw_first_sep: FxHashSet<Vec<char>>,
    /// `Compounds.glued`: `GLUED_PARTS` as `{glued word: lengths of its parts}`.
    glued: FxHashMap<Vec<char>, Vec<usize>>,
    /// `Compounds.segmenter`: splits glued runs of known words (its pieces are read from the word
    /// list once, on first use).
    pub segmenter: Segmenter,
}

/// The conjunction of the compounds of `WAW_COMPOUNDS`.
const WAW: char = '\u{648}';
impl Default for Compounds {
    fn default() -> Self {
        let hosts = Set::from_iter(std::iter::empty::<&str>()).expect("empty").into_fst().into_inner();
        Compounds::assemble(
            Parts::default(),
            FxHashSet::default(),
            FxHashSet::default(),
            Set::new(Bytes::Owned(hosts)).expect("an fst just built"),
        )
    }
}
impl Compounds {
    /// The lengths of the parts of a word of `GLUED_PARTS` (`Compounds.glued`), or `None`.
    pub fn glued_table(&self, word: &[char]) -> Option<&[usize]> {
        self.glued.get(word).map(Vec::as_slice)
    }

    /// `Compounds.glued_parts`: the length of the first part of a function word written glued
    /// (a past participle before `است` or, when the word is not in the word list, a form of `شدن`:
    /// `GLUED_AUXILIARIES`, the longest the word ends with; or `به` before a word), or `None`; `freq(w)`: the
    /// word list's frequency (0 when unknown), `past(w)`: `w` is a past stem.
    pub fn glued_parts(
        &self,
        word: &[char],
        freq: impl Fn(&[char]) -> u64,
        past: impl Fn(&[char]) -> bool,
    ) -> Option<usize> {
        let n = word.len();
        if let Some(aux) = tables::GLUED_AUXILIARIES.iter().find(|a| ends_with_str(word, a)) {
            let len = aux.chars().count();
            if n >= len + 3 {
                let participle = &word[..n - len];
                let stem = &participle[..participle.len() - 1];
                let prefixed = |p: &str| {
                    let p: Vec<char> = p.chars().collect();
                    stem.starts_with(&p) && past(&stem[p.len()..])
                };
                let unknown = || {
                    let w: Vec<char> = word.iter().copied().filter(|&c| !crate::chars::dropped(c)).collect();
                    freq(&w) == 0
                };
                if participle[participle.len() - 1] == 'ه'
                    && tables::GLUED_PARTICIPLE_PREFIXES.iter().any(|p| prefixed(p))
                    && (*aux == tables::PERFECT_AUXILIARY || unknown())
                {
                    return Some(participle.len());
                }
            }
        }
        // خواهدشد: the future's auxiliary glued before a past stem, the glued word unknown
        for future in tables::FUTURE_AUXILIARIES {
            let len = future.chars().count();
            if n >= len + 2 && word.iter().copied().take(len).eq(future.chars()) && past(&word[len..]) {
                let w: Vec<char> = word.iter().copied().filter(|&c| !crate::chars::dropped(c)).collect();
                if freq(&w) == 0 {
                    return Some(len);
                }
            }
        }
        let prep: Vec<char> = tables::GLUED_PREPOSITION.chars().collect();
        if n >= 5
            && word.starts_with(&prep)
            && !self.join.contains(word)
            && freq(word) == 0
            && freq(&word[prep.len()..]) >= tables::MIN_GLUED_FREQ
        {
            return Some(prep.len());
        }
        None
    }

    /// `Compounds.article_parts`: where a joined Arabic name or phrase splits into a head of
    /// `ARABIC_NAME_HEADS` and an article word (`عبدالله` → `عبد` + `الله`), or `None`;
    /// `known(w)`: the word list has `w` at least `MIN_ARTICLED_FREQ` times, asked of the
    /// second part and of it without the article.  The first `ال` (from index 2) that qualifies wins.
    pub fn article_parts(&self, word: &[char], known: impl Fn(&[char]) -> bool) -> Option<usize> {
        if word.len() < 6 || self.join.contains(word) {
            return None;
        }
        (2..=word.len() - 4).find(|&i| {
            word[i] == 'ا'
                && word[i + 1] == 'ل'
                && self.heads.contains(&word[..i])
                && (known(&word[i..]) || known(&word[i + 2..]))
        })
    }

    /// `len(Compounds)`: split and joined spellings.
    pub fn len(&self) -> usize {
        self.parts.len() + self.join.len()
    }

    /// Whether there are no compounds.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether `word` ends with the characters of `suffix`.
fn ends_with_str(word: &[char], suffix: &str) -> bool {
    let mut w = word.iter().rev();
    suffix.chars().rev().all(|c| w.next() == Some(&c))
}

#[cfg(test)]
mod tests {
    use super::pair_hash::{combine, key_hash, poly, poly_pow};
    use super::*;
    use crate::chars::{JOINER, ZWNJ};
    use crate::scan::lead_letters;

    /// Words of `n` code points drawn from letters, a separator, the joiner and a digit by a
    /// linear congruential generator (no dependency).
    fn words(count: usize, seed: u64) -> Vec<Vec<char>> {
        let alphabet: Vec<char> = "ابپتجدرزسشکگلمنوهی ۱".chars().chain([ZWNJ, JOINER, 'a']).collect();
        let mut x = seed;
        let mut next = move |m: usize| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % m
        };
        (0..count).map(|_| (0..next(12)).map(|_| alphabet[next(alphabet.len())]).collect()).collect()
    }

    #[test]
    fn the_pair_keys_combine_to_the_hash_of_the_key() {
        let c = Compounds::default();
        let ws = words(400, 7);
        for pair in ws.chunks_exact(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let lead = lead_letters(b);
            let (ka, kb) = (c.pair_key(a), c.pair_key(b));
            assert_eq!(kb.pow == 1, lead == 0, "{b:?}");
            let head = &a[..a.len().saturating_sub(1)];
            assert_eq!(combine(ka.head, kb), key_hash(head, &b[..lead]), "{a:?} {b:?}");
            // the hash of a key is the same wherever it is cut
            let key = [head, &b[..lead]].concat();
            for p in 0..=key.len() {
                let rest = PairKey { head: 0, lead: poly(&key[p..]), pow: poly_pow(key.len() - p) };
                assert_eq!(combine(poly(&key[..p]), rest), key_hash(&key, &[]));
            }
        }
    }

    #[test]
    fn the_join_filter_passes_every_join_key_and_turns_away_most_others() {
        let keys: FxHashSet<Vec<char>> = words(3000, 11).into_iter().filter(|w| !w.is_empty()).collect();
        let hosts = Set::from_iter(std::iter::empty::<&str>()).expect("empty").into_fst().into_inner();
        let c = Compounds::assemble(
            Parts::default(),
            keys.clone(),
            FxHashSet::default(),
            Set::new(Bytes::Owned(hosts)).expect("an fst just built"),
        );
        for k in &keys {
            assert!(c.may_join(key_hash(k, &[])), "{k:?}");
        }
        let others = words(20_000, 13).into_iter().filter(|w| !keys.contains(w)).collect::<Vec<_>>();
        let passed = others.iter().filter(|w| c.may_join(key_hash(w, &[]))).count();
        assert!(passed * 20 < others.len(), "{passed} of {}", others.len());
    }
}
