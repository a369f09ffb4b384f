//! Compounds from the word list, and which way each is usually written (`tokenize.Compounds`).
//!
//! A compound usually written as one word (`همچنین`) is joined when written with a space or
//! half-space; one usually written with a half-space (`تصمیم‌گیری`) is split into its parts
//! when written joined.  A noun followed by a derivational suffix written apart (`قلم چی`)
//! is joined too.

use fst::Set;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{JOINER, ZWNJ};
use crate::lexicon::Bytes;
pub use crate::parts::Parts;
use crate::scan::{lead_letters, Scanner};
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

/// The multiplier of [`poly`]: odd, `≡ 5 (mod 8)`, so its powers below `2^30` are not 1 mod `2^32`.
const POLY_K: u32 = 0x9e37_79b5;

/// A polynomial hash of code points, `Σ c_i · K^(n-1-i)` mod `2^32`: the hash of `a` then `b` is
/// `poly(a) · K^|b| + poly(b)`, so the pair test of [`Compounds::join_tokens`] combines two
/// surfaces' hashes kept with them ([`PairKey`]) in a multiply and an add, with no loop.
#[inline]
fn poly(s: &[char]) -> u32 {
    s.iter().fold(0, |h: u32, &c| h.wrapping_mul(POLY_K).wrapping_add(u32::from(c)))
}

/// `K^n` mod `2^32` for [`poly`].
fn poly_pow(n: usize) -> u32 {
    (0..n).fold(1, |p: u32, _| p.wrapping_mul(POLY_K))
}

/// The hash of the key `poly_a` then `b` ([`poly`] of the two as if concatenated) spread over 64
/// bits: a multiply, its high half folded down, a multiply again (one multiply left the two
/// 6-bit fields that [`hash_mask`] reads correlated: with the joiner in the keys two bits let
/// more through than one).
#[inline]
fn combine(poly_a: u32, b: PairKey) -> u64 {
    let h = u64::from(poly_a.wrapping_mul(b.pow).wrapping_add(b.lead)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A hash of the key `a` then `b` (code points, as if concatenated), computed without making it
/// ([`combine`] of their [`poly`] hashes).
#[inline]
fn key_hash(a: &[char], b: &[char]) -> u64 {
    combine(poly(a), PairKey { head: 0, lead: poly(b), pow: poly_pow(b.len()) })
}

/// What the pair test of [`Compounds::join_tokens`] asks of a surface, kept with it so a pair is
/// turned away without a loop over either text: the [`poly`] hash of the surface without its last
/// code point (a first part's separator), and of its leading letters with `K^` their count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairKey {
    /// [`poly`] of the surface without its last code point.
    pub head: u32,
    /// [`poly`] of its leading letters.
    pub lead: u32,
    /// `K^` the number of its leading letters: 1 when it has none.
    pub pow: u32,
}

/// A bitmap of `n` hashes (8–16 bits each, a power of two, at least 64): the words and the shift
/// that takes a hash to its bit ([`Compounds::may_join`]).
fn hash_bits(hashes: impl Iterator<Item = u64>, n: usize) -> (Vec<u64>, u32) {
    let bits = n.saturating_mul(8).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    let mut words = vec![0u64; bits / 64];
    for h in hashes {
        words[(h >> shift >> 6) as usize] |= hash_mask(h, shift);
    }
    (words, shift)
}

/// The two bits of hash `h` in its word of a [`hash_bits`] bitmap: the one its top bits number
/// and the one the six bits below them do (two bits a key: 3.7% of the other pairs of news pass
/// where one bit let 9.9% through).
#[inline]
fn hash_mask(h: u64, shift: u32) -> u64 {
    (1 << ((h >> shift) & 63)) | (1 << ((h >> (shift - 6)) & 63))
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn ends_with(s: &[char], suffix: &[char]) -> bool {
    s.len() >= suffix.len() && &s[s.len() - suffix.len()..] == suffix
}

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

fn compound_suffixes() -> Vec<Vec<char>> {
    tables::COMPOUND_SUFFIXES.iter().map(|s| chars(s)).collect()
}

/// `Compounds.waw_join` and `Compounds._waw_first_sep`: the spellings of `WAW_COMPOUNDS` (first +
/// `و` + second, with suffixes) and their first parts, each with a separator.
fn waw_tables(compound_suffixes: &[Vec<char>]) -> (FxHashSet<Vec<char>>, FxHashSet<Vec<char>>) {
    let mut waw_join: FxHashSet<Vec<char>> = FxHashSet::default();
    let mut waw_first_sep: FxHashSet<Vec<char>> = FxHashSet::default();
    for (head, tail, _bare) in tables::WAW_COMPOUNDS {
        let joined = chars(&format!("{head}{WAW}{tail}"));
        for suffix in compound_suffixes {
            waw_join.insert([joined.as_slice(), suffix].concat());
        }
        waw_join.insert(joined);
        for sep in [' ', ZWNJ] {
            let mut k = chars(head);
            k.push(sep);
            waw_first_sep.insert(k);
        }
    }
    (waw_join, waw_first_sep)
}

/// `tokenize._family_key`: the base compound an inflected compound belongs to.
fn family_key(joined: &[char], known: &FxHashSet<Vec<char>>) -> Vec<char> {
    for &(suffix, repl) in tables::FAMILY_SUFFIXES {
        let suffix = chars(suffix);
        if ends_with(joined, &suffix) {
            let mut base = joined[..joined.len() - suffix.len()].to_vec();
            base.extend(repl.chars());
            if known.contains(&base) {
                return base;
            }
        }
    }
    joined.to_vec()
}

impl Compounds {
    /// Build the tables from `(compound as written with half-spaces, normalized;
    /// frequency of that spelling; frequency of the joined spelling)`, in the word list's
    /// sorted order; `never_split`: words that are never a part of their own (the
    /// stopwords' keys); `nouns`: the nouns a derivational suffix written apart joins.
    pub fn new(
        words: &[(String, u64, u64)],
        never_split: &FxHashSet<String>,
        nouns: &FxHashSet<String>,
        scanner: &Scanner,
    ) -> Self {
        struct Entry {
            joined: Vec<char>,
            toks: Vec<Vec<char>>,
            f_half: u64,
            f_joined: u64,
        }
        let mut entries = Vec::new();
        let mut spans = Vec::new();
        for (w, f_half, f_joined) in words {
            let d = chars(w);
            scanner.scan(&d, false, &mut spans);
            let toks: Vec<Vec<char>> = spans.iter().map(|&(a, b)| d[a..b].to_vec()).collect();
            if toks.len() >= 2 && !toks.iter().any(|t| t.contains(&ZWNJ) || t.contains(&' ')) {
                entries.push(Entry { joined: toks.concat(), toks, f_half: *f_half, f_joined: *f_joined });
            }
        }
        let known: FxHashSet<Vec<char>> = entries.iter().map(|e| e.joined.clone()).collect();
        let mut family: FxHashMap<Vec<char>, (u64, u64)> = FxHashMap::default();
        let mut keys = Vec::with_capacity(entries.len());
        for e in &entries {
            let key = family_key(&e.joined, &known);
            let sums = family.entry(key.clone()).or_insert((0, 0));
            sums.0 += e.f_half;
            sums.1 += e.f_joined;
            keys.push(key);
        }
        let compound_suffixes = compound_suffixes();
        let mut parts: FxHashMap<Vec<char>, Vec<Vec<char>>> = FxHashMap::default();
        let mut join: FxHashSet<Vec<char>> = FxHashSet::default();
        let mut first: FxHashSet<Vec<char>> = FxHashSet::default();
        for (e, key) in entries.iter().zip(&keys) {
            let (f_half, f_joined) = family[key];
            let stop_part = e.toks.iter().any(|t| never_split.contains(&t.iter().collect::<String>()));
            if f_joined > f_half || stop_part {
                if e.toks.len() == 2 {
                    first.insert(e.toks[0].clone());
                    join.insert(e.joined.clone());
                    for suffix in &compound_suffixes {
                        // not when the second part + the suffix is a stopword (هزینه‌بر + ای is not هزینه برای)
                        let second: String = e.toks[1].iter().chain(suffix).collect();
                        if !never_split.contains(&second) {
                            join.insert([e.joined.as_slice(), suffix].concat());
                        }
                    }
                }
            } else {
                parts.insert(e.joined.clone(), e.toks.clone());
                for suffix in &compound_suffixes {
                    for sep in [None, Some(ZWNJ), Some(' ')] {
                        let mut key = e.joined.clone();
                        let mut last = e.toks[e.toks.len() - 1].clone();
                        if let Some(sep) = sep {
                            key.push(sep);
                            last.push(sep);
                        }
                        key.extend(suffix);
                        last.extend(suffix);
                        parts.entry(key).or_insert_with(|| {
                            let mut p = e.toks[..e.toks.len() - 1].to_vec();
                            p.push(last);
                            p
                        });
                    }
                }
            }
        }
        // گفت‌وگو, گفت وگو: two surfaces, as a compound; گفت و گو: three (join_waw)
        let (waw_join, _) = waw_tables(&compound_suffixes);
        for (head, _, _) in tables::WAW_COMPOUNDS {
            first.insert(chars(head));
        }
        join.extend(waw_join.iter().cloned());
        for j in &join {
            parts.remove(j);
        }
        let glued: FxHashSet<Vec<char>> = tables::GLUED_PARTS.iter().map(|(w, _)| chars(w)).collect();
        join.retain(|j| !glued.contains(j));
        let mut hosts: Vec<&str> = nouns.iter().map(String::as_str).filter(|h| !never_split.contains(*h)).collect();
        hosts.sort_unstable();
        let hosts = Set::new(Bytes::Owned(Set::from_iter(hosts).expect("sorted, unique").into_fst().into_inner()))
            .expect("an fst just built");
        Self::assemble(Parts::build(parts), join, first, hosts)
    }

    /// The tables from the data-dependent ones (`parts`, `join`, `first`, `hosts`, as [`Compounds::new`]
    /// builds them or the prebuilt lexicon holds them) and the rule tables of `tables.rs`.
    pub(crate) fn assemble(
        parts: Parts,
        join: FxHashSet<Vec<char>>,
        first: FxHashSet<Vec<char>>,
        hosts: Set<Bytes>,
    ) -> Self {
        let (waw_join, waw_first_sep) = waw_tables(&compound_suffixes());
        let glued: FxHashMap<Vec<char>, Vec<usize>> = tables::GLUED_PARTS
            .iter()
            .map(|(w, p)| (chars(w), p.iter().map(|x| x.chars().count()).collect()))
            .collect();
        let mut first_sep = FxHashSet::default();
        for f in &first {
            for sep in [' ', ZWNJ] {
                let mut k = f.clone();
                k.push(sep);
                first_sep.insert(k);
            }
        }
        let derivational = tables::DERIVATIONAL_SUFFIXES.iter().map(|s| chars(s)).collect();
        let first_sep_len = (
            first_sep.iter().map(Vec::len).min().unwrap_or(usize::MAX),
            first_sep.iter().map(Vec::len).max().unwrap_or(0),
        );
        let heads = tables::ARABIC_NAME_HEADS.iter().map(|s| chars(s)).collect();
        let (join_bits, join_shift) = hash_bits(join.iter().map(|j| key_hash(j, &[])), join.len());
        Compounds {
            parts,
            join,
            join_bits,
            join_shift,
            first,
            first_sep,
            first_sep_len,
            hosts,
            derivational,
            heads,
            waw_join,
            waw_first_sep,
            glued,
            segmenter: Segmenter::new(),
        }
    }

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

    /// What joining asks of one surface alone: [`FIRST_SEP`], [`WAW_FIRST`] and [`DERIVATIONAL`]
    /// bits.  A function of the surface's text only, so a cache of surfaces can keep it and a
    /// cached surface is not hashed again for the pair tests.
    pub fn surface_flags(&self, s: &[char]) -> u8 {
        let mut flags = 0;
        // every first_sep and waw_first_sep entry ends with its separator
        if s.last().is_some_and(|&c| c == ' ' || c == ZWNJ) {
            let (lo, hi) = self.first_sep_len;
            if (lo..=hi).contains(&s.len()) && self.first_sep.contains(s) {
                flags |= FIRST_SEP;
            }
            if self.waw_first_sep.contains(s) {
                flags |= WAW_FIRST;
            }
        }
        let lead = &s[..lead_letters(s)];
        if self.derivational.iter().any(|d| d.as_slice() == lead) {
            flags |= DERIVATIONAL;
        }
        if s.len() == 2 && s[0] == WAW && (s[1] == ' ' || s[1] == ZWNJ) {
            flags |= WAW_MID;
        }
        flags
    }

    /// The [`PairKey`] of surface `s`.
    pub fn pair_key(&self, s: &[char]) -> PairKey {
        let lead = &s[..lead_letters(s)];
        PairKey { head: poly(&s[..s.len().saturating_sub(1)]), lead: poly(lead), pow: poly_pow(lead.len()) }
    }

    /// `Compounds._join_hits` with the derivational joins of `join_tokens`: the `i` whose
    /// surface joins the next one, ascending (`surfaces` are `SCAN_RE` surfaces).
    pub fn join_hits(&self, surfaces: &[&[char]]) -> Vec<usize> {
        let flags: Vec<u8> = surfaces.iter().map(|s| self.surface_flags(s)).collect();
        let mut key = Vec::new();
        (0..surfaces.len().saturating_sub(1))
            .filter(|&i| self.joins_next(surfaces[i], flags[i], surfaces[i + 1], flags[i + 1], &mut key))
            .collect()
    }

    /// Whether surface `first` joins the next one, `nxt` (`f`, `g`: their
    /// [`Compounds::surface_flags`], which turn away most pairs before any hash of a key is
    /// made); `key`: a buffer for the compound's key.
    #[inline]
    fn joins_next(&self, first: &[char], f: u8, nxt: &[char], g: u8, key: &mut Vec<char>) -> bool {
        if f & FIRST_SEP == 0 && g & DERIVATIONAL == 0 {
            return false;
        }
        // every first_sep and hosts entry ends with its separator
        if !first.last().is_some_and(|&c| c == ' ' || c == ZWNJ) {
            return false;
        }
        if f & FIRST_SEP != 0 {
            let lead = lead_letters(nxt);
            if lead > 0 && self.may_join(key_hash(&first[..first.len() - 1], &nxt[..lead])) {
                key.clear();
                key.extend_from_slice(&first[..first.len() - 1]);
                key.extend_from_slice(&nxt[..lead]);
                if self.join.contains(key) {
                    return true;
                }
            }
        }
        // a noun, then a derivational suffix written apart (قلم چی, قلم چی‌ها)
        g & DERIVATIONAL != 0
            && !self.hosts.is_empty()
            && self.hosts.contains(first[..first.len() - 1].iter().collect::<String>())
    }

    /// Whether a key whose [`key_hash`] is `h` may be in `join` (its bit in `join_bits` is set).
    #[inline]
    fn may_join(&self, h: u64) -> bool {
        let m = hash_mask(h, self.join_shift);
        self.join_bits[(h >> self.join_shift >> 6) as usize] & m == m
    }

    /// `Compounds.join_tokens`: join, in place, surfaces written with one separator between
    /// them (see [`Compounds::join_hits`]); left to right, a part joined as second is not a
    /// first part again.  Each surface is `(start, end, joined_at)` over `d`, the normalized
    /// text: `joined_at` is the separator that the joined surface shows as [`JOINER`].  Each
    /// surface's `flags` must be its text's [`Compounds::surface_flags`]; a joined surface gets
    /// its own, and the `id` [`NO_ID`].
    pub fn join_tokens(&self, d: &[char], surfaces: &mut Vec<Surface>) {
        // most texts have no surface that can begin a join (one pass over the flags)
        let mut any = surfaces.iter().fold(0, |a, s| a | s.flags);
        // the flags again only when a `و` compound was joined (its surface has flags of its own)
        if any & WAW_FIRST != 0 && any & WAW_MID != 0 && self.join_waw(d, surfaces) {
            any = surfaces.iter().fold(0, |a, s| a | s.flags);
        }
        if surfaces.len() < 2 || any & (FIRST_SEP | DERIVATIONAL) == 0 {
            return;
        }
        let (mut hits, mut key) = (Vec::new(), Vec::new());
        for (i, pair) in surfaces.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            // the flags' and the filter's tests without a branch (a first part is ~30% of the
            // surfaces, in no order a predictor learns): most pairs end here.  `pow != 1`: the
            // next surface has leading letters.
            let may_join = (a.flags & FIRST_SEP != 0) & (b.pair.pow != 1) & self.may_join(combine(a.pair.head, b.pair));
            if (may_join | (b.flags & DERIVATIONAL != 0))
                && self.joins_next(&d[a.start..a.end], a.flags, &d[b.start..b.end], b.flags, &mut key)
            {
                hits.push(i);
            }
        }
        if hits.is_empty() {
            return;
        }
        let mut taken = usize::MAX;
        let mut drop = vec![false; surfaces.len()];
        for i in hits {
            if i != taken {
                let (start, end) = (surfaces[i].start, surfaces[i + 1].end);
                surfaces[i] = Surface {
                    start,
                    end,
                    joined_at: Some(surfaces[i].end - 1),
                    joined_at2: None,
                    flags: self.surface_flags(&d[start..end]),
                    pair: self.pair_key(&d[start..end]),
                    id: NO_ID,
                };
                drop[i + 1] = true;
                taken = i + 1;
            }
        }
        let mut k = 0;
        surfaces.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

impl Compounds {
    /// `Compounds._join_waw`: join, in place, three surfaces `first`, `و`, `second` of a compound
    /// of `WAW_COMPOUNDS` written apart (`گفت و گو`, `گفت‌و‌گو`) into one, both separators shown as
    /// [`JOINER`]; right to left over the middles, as the specification.
    /// Returns whether it joined any.
    fn join_waw(&self, d: &[char], surfaces: &mut Vec<Surface>) -> bool {
        let mut joined = false;
        if surfaces.len() < 3 {
            return false;
        }
        let mut key = Vec::new();
        let mut k = surfaces.len() - 2;
        while k >= 1 {
            // the middle is `و` and a separator
            if surfaces[k].flags & WAW_MID != 0 && surfaces[k - 1].flags & WAW_FIRST != 0 {
                let first = &d[surfaces[k - 1].start..surfaces[k - 1].end];
                let nxt = &d[surfaces[k + 1].start..surfaces[k + 1].end];
                let lead = lead_letters(nxt);
                key.clear();
                key.extend_from_slice(&first[..first.len() - 1]);
                key.push(WAW);
                key.extend_from_slice(&nxt[..lead]);
                if lead > 0 && self.waw_join.contains(&key) {
                    let (start, end) = (surfaces[k - 1].start, surfaces[k + 1].end);
                    surfaces[k - 1] = Surface {
                        start,
                        end,
                        joined_at: Some(surfaces[k - 1].end - 1),
                        joined_at2: Some(surfaces[k].end - 1),
                        flags: self.surface_flags(&d[start..end]),
                        pair: self.pair_key(&d[start..end]),
                        id: NO_ID,
                    };
                    surfaces.drain(k..k + 2);
                    joined = true;
                }
            }
            k -= 1;
        }
        joined
    }
}

/// The conjunction of the compounds of `WAW_COMPOUNDS`.
const WAW: char = '\u{648}';

/// A token surface of the scan over normalized text `d`: `d[start..end]`, with the separator
/// at `joined_at` shown as [`JOINER`] when two surfaces were joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surface {
    /// Start in the normalized text (code points).
    pub start: usize,
    /// End (exclusive) in the normalized text.
    pub end: usize,
    /// The separator shown as [`JOINER`], if joined.
    pub joined_at: Option<usize>,
    /// The second separator shown as [`JOINER`], when three surfaces were joined (`گفت و گو`).
    pub joined_at2: Option<usize>,
    /// [`Compounds::surface_flags`] of `d[start..end]` (what [`Compounds::join_tokens`] reads).
    pub flags: u8,
    /// [`Compounds::pair_key`] of `d[start..end]` (what [`Compounds::join_tokens`] reads).
    pub pair: PairKey,
    /// The caller's number for the surface, kept through [`Compounds::join_tokens`]; [`NO_ID`]
    /// for a joined surface.
    pub id: u32,
}

/// [`Surface::id`] of a surface that [`Compounds::join_tokens`] joined.
pub const NO_ID: u32 = u32::MAX;
/// [`Compounds::surface_flags`]: the surface is a first part of a compound usually written
/// joined, with its separator (`Compounds._first_sep`).
pub const FIRST_SEP: u8 = 1;
/// [`Compounds::surface_flags`]: the surface is a first part of a compound of `WAW_COMPOUNDS`,
/// with its separator (`Compounds._waw_first_sep`).
pub const WAW_FIRST: u8 = 2;
/// [`Compounds::surface_flags`]: the surface's leading letters are a derivational suffix.
pub const DERIVATIONAL: u8 = 4;
/// [`Compounds::surface_flags`]: the surface is `و` and a separator (the middle of `گفت و گو`).
pub const WAW_MID: u8 = 8;

impl Surface {
    /// The surface's text into `out` (cleared first).
    pub fn text_into(&self, d: &[char], out: &mut Vec<char>) {
        out.clear();
        out.extend_from_slice(&d[self.start..self.end]);
        for j in [self.joined_at, self.joined_at2].into_iter().flatten() {
            out[j - self.start] = JOINER;
        }
    }
}

/// Whether `word` ends with the characters of `suffix`.
fn ends_with_str(word: &[char], suffix: &str) -> bool {
    let mut w = word.iter().rev();
    suffix.chars().rev().all(|c| w.next() == Some(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

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
