//! The index path's cache of surfaces ([`crate::Analyzer`]'s `joined_terms`): each distinct surface once,
//! numbered, its text and its terms kept end to end in two arenas.

use crate::compounds::PairKey;
use crate::tables;

/// What a surface of the index path's cache gives: its terms joined by single spaces, and the
/// same with stopwords marked (`Analyzer.index_text`), as byte ranges of [`SurfaceCache::text`].
#[derive(Clone, Copy)]
pub(crate) struct Cached {
    pub(crate) terms: (u32, u32),
    pub(crate) marked: (u32, u32),
}

/// A surface of the index path's cache: where its text is in [`SurfaceCache::keys`], its
/// [`Compounds::surface_flags`] and, once a document needed them, where its terms are.
///
/// [`Compounds::surface_flags`]: crate::compounds::Compounds::surface_flags
pub(crate) struct SurfaceEntry {
    /// Start of the surface in [`SurfaceCache::keys`] (code points).
    key_start: u32,
    /// Its length (code points).
    key_len: u32,
    pub(crate) flags: u8,
    /// [`Compounds::pair_key`](crate::compounds::Compounds::pair_key) of the surface (12 bytes:
    /// the entry is 44, was 32; the pair test of `join_tokens` then needs no loop over a text).
    pub(crate) pair: PairKey,
    /// The surface's role in a pair read together ([`crate::context::LAST_PARTICIPLE`], [`crate::context::FIRST_AUXILIARY`],
    /// [`crate::context::FIRST_IMPERFECTIVE`], [`crate::context::INNER_PREVERB`], [`crate::context::preverb_role`]), set with `cached`
    /// (beside `flags`).
    pub(crate) role: u8,
    /// `None` until the surface is output (a surface that is only ever joined to its
    /// neighbour is not analysed alone).
    pub(crate) cached: Option<Cached>,
}

/// The index path's cache of surfaces: each distinct surface once, numbered, so a document
/// hashes each of its surfaces once — for the pair tests of the compounds (the flags) and for
/// its terms (the number).  The surfaces' texts and their terms are kept end to end in two
/// arenas (one allocation each, in the order the surfaces were first met), not a box each: a
/// warm pass reads a surface's key and its terms from a few compact megabytes.
#[derive(Default)]
pub(crate) struct SurfaceCache {
    table: hashbrown::HashTable<u32>,
    pub(crate) entries: Vec<SurfaceEntry>,
    /// The surfaces' texts, end to end.
    keys: Vec<char>,
    /// The surfaces' terms (both forms of [`Cached`]), end to end.
    pub(crate) text: String,
}

/// A [`SurfaceCache`] whose arena holds more than this many code points or bytes is emptied
/// before the next text (as beyond `MAX_CACHE`), so that every range fits in `u32`.
const ARENA_LIMIT: usize = 1 << 31;

/// A hash of a surface: four code points a step (two independent multiplies of their two 64-bit
/// words), the last one to three (or none) in one more step with zeros past the end — no branch on
/// whether a remainder is left, and half the loop's turns of two a step — then a folded 128-bit
/// multiply so that the low bits (the table's bucket) depend on every code point.  Internal to
/// [`SurfaceCache`] (nothing stores it).
fn hash_chars(s: &[char]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    let word = |a: char, b: char| u64::from(a) | u64::from(b) << 32;
    let mut h = s.len() as u64;
    let mut quads = s.chunks_exact(4);
    for q in &mut quads {
        h = ((h ^ word(q[0], q[1])).wrapping_mul(K)).rotate_left(26) ^ word(q[2], q[3]).wrapping_mul(K2);
    }
    // the last one to three code points (or none), 0 past the end: a step either way
    let r = quads.remainder();
    let at = |i: usize| r.get(i).copied().unwrap_or('\0');
    h = ((h ^ word(at(0), at(1))).wrapping_mul(K)).rotate_left(26) ^ word(at(2), '\0').wrapping_mul(K2);
    let m = u128::from(h) * u128::from(0x9e37_79b9_7f4a_7c15_u64);
    (m as u64) ^ ((m >> 64) as u64)
}

/// `arena[range]` for a `(start, len)` range of a [`SurfaceCache`] arena.
fn span<T>(arena: &[T], start: u32, len: u32) -> &[T] {
    &arena[start as usize..start as usize + len as usize]
}

impl SurfaceCache {
    /// The text of surface `id`.
    pub(crate) fn key(&self, id: usize) -> &[char] {
        let e = &self.entries[id];
        span(&self.keys, e.key_start, e.key_len)
    }

    /// The number of surface `key`, added (with its flags and pair key, `flags(key)`) when it is new.
    pub(crate) fn id(&mut self, key: &[char], flags: impl FnOnce(&[char]) -> (u8, PairKey)) -> u32 {
        let hash = hash_chars(key);
        let (entries, keys) = (&self.entries, &self.keys);
        if let Some(&id) = self.table.find(hash, |&id| {
            // compared in place (a short surface: cheaper than a call to memcmp)
            let k = span(keys, entries[id as usize].key_start, entries[id as usize].key_len);
            k.len() == key.len() && k.iter().zip(key).all(|(a, b)| a == b)
        }) {
            return id;
        }
        let id = u32::try_from(self.entries.len()).expect("fewer than 2^32 surfaces (MAX_CACHE)");
        let key_start = u32::try_from(self.keys.len()).expect("arena within ARENA_LIMIT");
        let key_len = u32::try_from(key.len()).expect("a surface within ARENA_LIMIT");
        self.keys.extend_from_slice(key);
        let (flags, pair) = flags(key);
        self.entries.push(SurfaceEntry { key_start, key_len, flags, pair, role: 0, cached: None });
        let (entries, keys) = (&self.entries, &self.keys);
        self.table.insert_unique(hash, id, |&id| {
            let e = &entries[id as usize];
            hash_chars(span(keys, e.key_start, e.key_len))
        });
        id
    }

    /// Keep the terms of surface `id`: `terms` and `marked` appended to the text arena.
    pub(crate) fn fill(&mut self, id: usize, terms: &str, marked: &str, role: u8) {
        let terms = self.push_text(terms);
        // most surfaces hold no stopword nor second reading: one copy serves both
        let marked = if marked == terms_str(&self.text, terms) { terms } else { self.push_text(marked) };
        self.entries[id].cached = Some(Cached { terms, marked });
        self.entries[id].role = role;
    }

    /// `s` appended to the text arena: its `(start, len)` there.
    fn push_text(&mut self, s: &str) -> (u32, u32) {
        let start = u32::try_from(self.text.len()).expect("arena within u32 (SurfaceCache::full)");
        self.text.push_str(s);
        (start, u32::try_from(s.len()).expect("a text's terms within u32"))
    }

    /// Whether the cache is to be emptied before the next text: beyond `MAX_CACHE`
    /// surfaces, or an arena past [`ARENA_LIMIT`] (half of `u32`'s range: the ranges of the
    /// next text's surfaces still fit).
    pub(crate) fn full(&self) -> bool {
        self.entries.len() > tables::MAX_CACHE || self.keys.len() > ARENA_LIMIT || self.text.len() > ARENA_LIMIT
    }

    pub(crate) fn clear(&mut self) {
        self.table.clear();
        self.entries.clear();
        self.keys.clear();
        self.text.clear();
    }
}

/// `text[range]` for a `(start, len)` byte range of the text arena.
pub(crate) fn terms_str(text: &str, (start, len): (u32, u32)) -> &str {
    &text[start as usize..start as usize + len as usize]
}
