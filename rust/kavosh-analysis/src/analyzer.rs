//! The Persian analyzer: char filters → tokenizer → token filters (`analyzer.Analyzer`).

use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{is_sep, ZWNJ};
use crate::compounds::{Surface, NO_ID};
use crate::context::{
    self, Second, FIRST_AUXILIARY, FIRST_IMPERFECTIVE, INNER_PREVERB, LAST_PARTICIPLE, LAST_PREPOSITION,
};
use crate::lexicon::{key, Lexicon};
use crate::normalize::{needs_context, normalize, normalize_with_offsets, table_chars, Normalized};
use crate::scan::Scanner;
use crate::segment::Word;
use crate::stem::stem;
use crate::tables;

/// One analysed token (`analyzer.Token`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The indexed term (normalized, half-spaces joined, stemmed).
    pub term: String,
    /// The normalized word before stemming.
    pub word: String,
    /// Start in the original text (code points: a Python `str` index).
    pub start: usize,
    /// End (exclusive) in the original text.
    pub end: usize,
    /// 0-based token position (stopwords included).
    pub position: usize,
}

/// What [`Analyzer::marks`] returns: one entry per token in each vector.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Marks {
    /// Start of each token in the original text (code points).
    pub starts: Vec<usize>,
    /// End (exclusive) of each token.
    pub ends: Vec<usize>,
    /// The token's term when it matched, else `None`.
    pub terms: Vec<Option<String>>,
}

/// `surface_to_word`: drop spaces, ZWNJ, `,` and the compound joiner.
pub fn surface_to_word(surface: &[char]) -> String {
    // room for two bytes a character (Persian letters) at once: collecting a filter grows the
    // string a character at a time
    let mut word = String::with_capacity(2 * surface.len());
    word.extend(surface.iter().filter(|&&c| !dropped(c)));
    word
}

pub(crate) use crate::chars::dropped;

/// Buffers reused by the calls of one thread (no allocation per document but the output).
#[derive(Default)]
struct Scratch {
    d: Vec<char>,
    spans: Vec<(usize, usize)>,
    surfaces: Vec<Surface>,
    buf: Vec<char>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// What a surface of the index path's cache gives: its terms joined by single spaces, and the
/// same with stopwords marked (`Analyzer.index_text`), as byte ranges of [`SurfaceCache::text`].
#[derive(Clone, Copy)]
struct Cached {
    terms: (u32, u32),
    marked: (u32, u32),
}

/// A surface of the index path's cache: where its text is in [`SurfaceCache::keys`], its
/// [`Compounds::surface_flags`] and, once a document needed them, where its terms are.
///
/// [`Compounds::surface_flags`]: crate::compounds::Compounds::surface_flags
struct SurfaceEntry {
    /// Start of the surface in [`SurfaceCache::keys`] (code points).
    key_start: u32,
    /// Its length (code points).
    key_len: u32,
    flags: u8,
    /// The surface's role in a pair read together ([`context::LAST_PARTICIPLE`], [`context::FIRST_AUXILIARY`],
    /// [`context::FIRST_IMPERFECTIVE`], [`context::INNER_PREVERB`], [`context::preverb_role`]), set with `cached`
    /// (beside `flags`: the entry stays 32 bytes).
    role: u8,
    /// `None` until the surface is output (a surface that is only ever joined to its
    /// neighbour is not analysed alone).
    cached: Option<Cached>,
}

/// The index path's cache of surfaces: each distinct surface once, numbered, so a document
/// hashes each of its surfaces once — for the pair tests of the compounds (the flags) and for
/// its terms (the number).  The surfaces' texts and their terms are kept end to end in two
/// arenas (one allocation each, in the order the surfaces were first met), not a box each: a
/// warm pass reads a surface's key and its terms from a few compact megabytes.
#[derive(Default)]
struct SurfaceCache {
    table: hashbrown::HashTable<u32>,
    entries: Vec<SurfaceEntry>,
    /// The surfaces' texts, end to end.
    keys: Vec<char>,
    /// The surfaces' terms (both forms of [`Cached`]), end to end.
    text: String,
}

/// A [`SurfaceCache`] whose arena holds more than this many code points or bytes is emptied
/// before the next text (as beyond `MAX_CACHE`), so that every range fits in `u32`.
const ARENA_LIMIT: usize = 1 << 31;

/// A hash of a surface: two code points a multiply (FxHash's step on their 64 bits), then a
/// folded 128-bit multiply so that the low bits (the table's bucket) depend on every code point.
fn hash_chars(s: &[char]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = s.len() as u64;
    let mut pairs = s.chunks_exact(2);
    for p in &mut pairs {
        h = (h.rotate_left(26) ^ (u64::from(p[0]) | u64::from(p[1]) << 32)).wrapping_mul(K);
    }
    if let [c] = pairs.remainder() {
        h = (h.rotate_left(26) ^ u64::from(*c)).wrapping_mul(K);
    }
    let m = u128::from(h) * u128::from(0x9e37_79b9_7f4a_7c15_u64);
    (m as u64) ^ ((m >> 64) as u64)
}

/// `arena[range]` for a `(start, len)` range of a [`SurfaceCache`] arena.
fn span<T>(arena: &[T], start: u32, len: u32) -> &[T] {
    &arena[start as usize..start as usize + len as usize]
}

impl SurfaceCache {
    /// The text of surface `id`.
    fn key(&self, id: usize) -> &[char] {
        let e = &self.entries[id];
        span(&self.keys, e.key_start, e.key_len)
    }

    /// The number of surface `key`, added (with `flags(key)`) when it is new.
    fn id(&mut self, key: &[char], flags: impl FnOnce(&[char]) -> u8) -> u32 {
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
        self.entries.push(SurfaceEntry { key_start, key_len, flags: flags(key), role: 0, cached: None });
        let (entries, keys) = (&self.entries, &self.keys);
        self.table.insert_unique(hash, id, |&id| {
            let e = &entries[id as usize];
            hash_chars(span(keys, e.key_start, e.key_len))
        });
        id
    }

    /// Keep the terms of surface `id`: `terms` and `marked` appended to the text arena.
    fn fill(&mut self, id: usize, terms: &str, marked: &str, role: u8) {
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
    fn full(&self) -> bool {
        self.entries.len() > tables::MAX_CACHE || self.keys.len() > ARENA_LIMIT || self.text.len() > ARENA_LIMIT
    }

    fn clear(&mut self) {
        self.table.clear();
        self.entries.clear();
        self.keys.clear();
        self.text.clear();
    }
}

/// `text[range]` for a `(start, len)` byte range of the text arena.
fn terms_str(text: &str, (start, len): (u32, u32)) -> &str {
    &text[start as usize..start as usize + len as usize]
}

/// The Persian analyzer.  Cheap to share between threads (`&self` everywhere); each
/// distinct surface is analysed once and kept in a cache (emptied beyond
/// `MAX_CACHE` entries, like the Python one).
pub struct Analyzer {
    lexicon: Option<Arc<Lexicon>>,
    scanner: Scanner,
    stopwords: FxHashSet<String>,
    /// The longest stopword's length in UTF-8 bytes.
    stopword_bytes: usize,
    plurals: Vec<Vec<char>>,
    ezafe_indefinite: Vec<Vec<char>>,
    surfaces: Mutex<SurfaceCache>,
    terms: Mutex<FxHashMap<Box<[char]>, Box<str>>>,
    /// A surface's words ([`Analyzer::split`]) and their terms for the offset path
    /// ([`Analyzer::analyze`], [`Analyzer::marks`]): one lookup per surface, under one lock
    /// per call (the split looks its candidate cuts up in the word list, each with a `String`
    /// made for the lookup; the term is the stemmer's).
    words: Mutex<FxHashMap<Box<[char]>, Split>>,
}

/// A surface's words, as [`Analyzer::split`] gives them, and each word's term
/// ([`Analyzer::term_of`]), in the same order: few allocations to reach on a cache hit.
struct Split {
    /// The words, or `None` for the one word that is the surface without its trailing
    /// separators (most surfaces).
    words: Option<Box<[Box<[char]>]>>,
    /// The words' terms joined by single spaces (a term holds none: `surface_to_word`).
    terms: Box<str>,
}

/// `surface` without its trailing separators (the one word of most surfaces).
fn stripped(surface: &[char]) -> &[char] {
    let mut end = surface.len();
    while end > 0 && is_sep(surface[end - 1]) {
        end -= 1;
    }
    &surface[..end]
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").field("stem", &self.lexicon.is_some()).finish()
    }
}

impl Analyzer {
    /// An analyzer that stems with `lexicon` (and joins and splits its compounds), or that
    /// keeps normalized words without one (`Analyzer(stem=False)`).
    pub fn new(lexicon: Option<Arc<Lexicon>>) -> Self {
        let chars = |s: &&str| s.chars().collect::<Vec<char>>();
        let stopwords: FxHashSet<String> =
            tables::STOPWORDS.iter().map(|w| surface_to_word(&normalize(w).chars().collect::<Vec<_>>())).collect();
        Analyzer {
            lexicon,
            scanner: Scanner::default(),
            stopword_bytes: stopwords.iter().map(String::len).max().unwrap_or(0),
            stopwords,
            plurals: tables::PLURALS.iter().map(chars).collect(),
            ezafe_indefinite: tables::EZAFE_INDEFINITE.iter().map(chars).collect(),
            surfaces: Mutex::new(SurfaceCache::default()),
            terms: Mutex::new(FxHashMap::default()),
            words: Mutex::new(FxHashMap::default()),
        }
    }

    /// The lexicon, if the analyzer stems.
    pub fn lexicon(&self) -> Option<&Lexicon> {
        self.lexicon.as_deref()
    }

    /// Whether the normalized word is a stopword (`Analyzer.stopwords`).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word) || self.stretched_stopword(word)
    }

    /// `Analyzer.is_stop_word`'s second test: a word with a letter stretched for emphasis whose
    /// squeezed spelling ([`crate::spoken::squeezed`]: every run one letter, else two) is a stopword
    /// (`خیلیییی` is `خیلی`).
    fn stretched_stopword(&self, word: &str) -> bool {
        crate::spoken::squeezed(word)
            .is_some_and(|(one, two)| self.stopwords.contains(&one) || self.stopwords.contains(&two))
    }

    /// The scan's surfaces of normalized text `d`, compounds joined, into `out`.
    fn surfaces(&self, d: &[char], spans: &mut Vec<(usize, usize)>, out: &mut Vec<Surface>) {
        self.scanner.scan(d, true, spans);
        out.clear();
        out.extend(spans.iter().map(|&(start, end)| Surface {
            start,
            end,
            joined_at: None,
            joined_at2: None,
            flags: self.surface_flags(&d[start..end]),
            id: NO_ID,
        }));
        if let Some(lex) = &self.lexicon {
            lex.compounds.join_tokens(d, out);
        }
    }

    /// [`Compounds::surface_flags`](crate::compounds::Compounds::surface_flags), none without a lexicon.
    fn surface_flags(&self, s: &[char]) -> u8 {
        self.lexicon.as_ref().map_or(0, |lex| lex.compounds.surface_flags(s))
    }

    /// The words of a surface with its separator stripped: itself, or its compound's parts,
    /// or a joined Arabic name's (`Compounds.split`).
    fn split<'a>(&'a self, surface: &'a [char]) -> Vec<&'a [char]> {
        let mut end = surface.len();
        while end > 0 && is_sep(surface[end - 1]) {
            end -= 1;
        }
        let s = &surface[..end];
        let Some(lex) = self.lexicon.as_ref() else {
            return vec![s];
        };
        let c = &lex.compounds;
        if let Some(lens) = c.glued_table(s) {
            let mut out = Vec::with_capacity(lens.len());
            let mut a = 0;
            for &n in lens {
                out.push(&s[a..a + n]);
                a += n;
            }
            return out;
        }
        if let Some(lens) = c.parts.get(s) {
            let mut a = 0;
            return lens
                .into_iter()
                .map(|n| {
                    a += n;
                    &s[a - n..a]
                })
                .collect();
        }
        let freq = |w: &[char]| lex.freq(&w.iter().collect::<String>()).unwrap_or(0);
        let cut = c
            .article_parts(s, |w| freq(w) >= tables::MIN_ARTICLED_FREQ)
            .or_else(|| c.glued_parts(s, freq, |w| lex.is_past(&w.iter().collect::<String>())));
        match cut {
            Some(cut) => vec![&s[..cut], &s[cut..]],
            None => Self::segment(lex, s).unwrap_or_else(|| vec![s]),
        }
    }

    /// `Compounds.segment`: the pieces of a glued run of known words (`segment.rs`), unless it is
    /// a compound written joined (`Compounds.join`) or the stemmer reads it as a known word.
    fn segment<'a>(lex: &Lexicon, s: &'a [char]) -> Option<Vec<&'a [char]>> {
        let seg = &lex.compounds.segmenter;
        // the length guard first: a short word or a 10,000-letter run costs no hash nor copy
        if !(tables::SEGMENT_MIN_LETTERS..=tables::SEGMENT_MAX_LETTERS).contains(&s.len())
            || lex.compounds.join.contains(s)
        {
            return None;
        }
        let w = Word::new(s);
        if !seg.candidate(&w, lex) {
            return None;
        }
        let lens = seg.best(&w, lex)?;
        let term = stem(lex, w.text());
        if term != w.text() && lex.freq(&term).is_some() {
            return None;
        }
        let mut out = Vec::with_capacity(lens.len());
        let mut a = 0;
        for n in lens {
            out.push(&s[a..a + n]);
            a += n;
        }
        Some(out)
    }

    /// `Analyzer._term`: the term of one word's surface (uncached).
    pub fn term_of(&self, surface: &[char]) -> String {
        let word = surface_to_word(surface);
        let Some(lex) = &self.lexicon else {
            return word;
        };
        let mut word = word;
        // A plural written apart, or ای/ی written apart after a silent ه (ای also after ی), shows where the stem ends.
        if let Some(cut) = surface.iter().rposition(|&c| c == ' ' || c == ZWNJ) {
            if cut > 0 && !lex.protected.contains(&word) {
                let suffix = &surface[cut + 1..];
                if self.plurals.iter().any(|p| p.as_slice() == suffix)
                    || (self.ezafe_indefinite.iter().any(|p| p.as_slice() == suffix) && surface[cut - 1] == 'ه')
                    || (suffix.iter().copied().eq(tables::INDEFINITE_AFTER_YEH.chars()) && surface[cut - 1] == 'ی')
                {
                    word = surface_to_word(&surface[..cut]);
                }
            }
        }
        stem(lex, &word)
    }

    fn cached_term(&self, surface: &[char]) -> Box<str> {
        self.with_term(surface, |t| Box::from(t))
    }

    /// `f` applied to the term of `surface`, from the cache (filled on a miss) without copying it.
    fn with_term<R>(&self, surface: &[char], f: impl FnOnce(&str) -> R) -> R {
        let mut cache = self.terms.lock().expect("not poisoned");
        if let Some(t) = cache.get(surface) {
            return f(t);
        }
        drop(cache);
        let term: Box<str> = self.term_of(surface).into();
        let out = f(&term);
        cache = self.terms.lock().expect("not poisoned");
        if cache.len() > tables::MAX_CACHE {
            cache.clear();
        }
        cache.insert(surface.into(), term);
        out
    }

    /// The terms of a surface of the index path joined by single spaces, and the same with
    /// stopwords marked ([`Analyzer::push_index_term`]).
    fn analyse_surface(&self, raw: &[char]) -> (String, String, u8) {
        let words = self.split(raw);
        let terms_of: Vec<Box<str>> = words.iter().map(|w| self.cached_term(w)).collect();
        let (mut terms, mut marked) = (String::new(), String::new());
        self.push_words(&words, &terms_of, false, &mut terms);
        let role = self.push_words(&words, &terms_of, true, &mut marked);
        (terms, marked, role)
    }

    /// `Analyzer._word_term` with `mark_stopwords`: push onto `out` the index term of a word's
    /// surface `w` whose term is `term` — marked (`STOP_MARK`) when the word is a stopword, then
    /// the second reading ([`Analyzer::free_reading`]) after `STACK_MARK`, if any.
    fn push_index_term(&self, w: &[char], term: &str, out: &mut String) {
        let stop = self.surface_is_stopword(w);
        if stop {
            out.push_str(tables::STOP_MARK); // a stopword's term is marked, not dropped
        }
        out.push_str(term);
        if self.surface_is_negated(w, term) {
            out.push(tables::STACK_MARK); // نمی‌دهد: also ␕داد at its position (NEG_MARK)
            if stop {
                out.push_str(tables::STOP_MARK);
            }
            out.push_str(tables::NEG_MARK);
            out.push_str(term);
        }
        if let Some((_, suffix)) = self.spaced_suffix(w) {
            out.push(tables::STACK_MARK);
            self.push_index_word(suffix, out);
        }
    }

    /// Whether the word of a surface `w` whose term is `term` is a negated verb form
    /// ([`crate::stem::negated`]); only a word whose term is a past stem and with a `ن` among its
    /// first four letters (after a preverb of three letters at most) is looked at, both tested before
    /// the word is made (every token passes here).
    fn surface_is_negated(&self, w: &[char], term: &str) -> bool {
        let Some(lex) = self.lexicon() else {
            return false;
        };
        if !lex.is_past(term) || !w.iter().filter(|&&c| !dropped(c)).take(4).any(|&c| c == tables::NEGATION) {
            return false;
        }
        crate::stem::negated(lex, &surface_to_word(w), term)
    }

    /// `Analyzer.is_negated`: whether a normalized word whose term is `term` is a negated verb form.
    pub fn negated(&self, word: &str, term: &str) -> bool {
        self.lexicon().is_some_and(|lex| crate::stem::negated(lex, word, term))
    }

    /// Whether the word of a surface `w` ([`surface_to_word`]) is a stopword, found without
    /// making the word: its UTF-8 on the stack, and none longer than the longest stopword.
    fn surface_is_stopword(&self, w: &[char]) -> bool {
        self.surface_is_listed_stopword(w) || (has_run_of_three(w) && self.stretched_stopword(&surface_to_word(w)))
    }

    /// Whether the word of a surface `w` is one of the stopwords as listed.
    fn surface_is_listed_stopword(&self, w: &[char]) -> bool {
        let mut buf = [0u8; 64];
        if self.stopword_bytes > buf.len() {
            return self.stopwords.contains(&surface_to_word(w));
        }
        let mut n = 0;
        for &c in w.iter().filter(|&&c| !dropped(c)) {
            if n + c.len_utf8() > self.stopword_bytes {
                return false;
            }
            n += c.encode_utf8(&mut buf[n..]).len();
        }
        std::str::from_utf8(&buf[..n]).is_ok_and(|word| self.stopwords.contains(word))
    }

    /// The index term of one normalized word: its term, marked when it is a stopword.
    fn push_index_word(&self, word: &str, out: &mut String) {
        if self.is_stopword(word) {
            out.push_str(tables::STOP_MARK);
        }
        let chars: Vec<char> = word.chars().collect();
        self.with_term(&chars, |t| out.push_str(t));
    }

    /// `Analyzer._spaced_suffix`: `(host, suffix)` when `w` ends in a suffix of
    /// `SPACED_SUFFIX_HOSTS` written after a space, after a word ending in one of its letters
    /// (`خانه ای`: the indefinite, or `خانه` + the vocative `ای`, kind 3 of issue #14); else `None`.
    fn spaced_suffix<'w>(&self, w: &'w [char]) -> Option<(&'w [char], &'static str)> {
        for &(suffix, hosts) in tables::SPACED_SUFFIX_HOSTS {
            let n = suffix.chars().count();
            if w.len() <= n + 1 || w[w.len() - n - 1] != ' ' || !w[w.len() - n..].iter().copied().eq(suffix.chars()) {
                continue;
            }
            let mut host = &w[..w.len() - n];
            while let Some((&last, rest)) = host.split_last() {
                if !is_sep(last) {
                    break;
                }
                host = rest;
            }
            if host.last().is_some_and(|&c| hosts.contains(c)) {
                return Some((host, suffix));
            }
        }
        None
    }

    /// `Analyzer.free_reading`: the index term of the second reading of a surface with a spaced
    /// suffix ([`Analyzer::spaced_suffix`]): the suffix as a word of its own (`␀ای`), stacked at
    /// the token's position in the index text after `STACK_MARK`; else `None`.
    pub fn free_reading(&self, w: &[char]) -> Option<String> {
        let (_, suffix) = self.spaced_suffix(w)?;
        let mut out = String::new();
        self.push_index_word(suffix, &mut out);
        Some(out)
    }

    /// The terms of `text` joined by single spaces (`Analyzer.index_text` with
    /// `mark_stopwords`, each stopword's term then prefixed by `STOP_MARK`; else the terms of
    /// `Analyzer.terms`).
    pub fn joined_terms(&self, text: &str, mark_stopwords: bool) -> String {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut s) => self.joined_terms_in(text, mark_stopwords, &mut s),
            Err(_) => self.joined_terms_in(text, mark_stopwords, &mut Scratch::default()),
        })
    }

    fn joined_terms_in(&self, text: &str, mark_stopwords: bool, scratch: &mut Scratch) -> String {
        let Scratch { d, spans, surfaces, buf } = scratch;
        // a text holding a context character: a split word's pieces may take their own slice's
        // spelling (`each_token`), which needs the offsets and the original
        let context = if table_chars(text, d) {
            None
        } else {
            // the offsets' characters are the normalized text: the text normalized once, not twice
            let n = normalize_with_offsets(text);
            d.clear();
            d.extend_from_slice(&n.chars);
            Some((n, text.chars().collect::<Vec<_>>()))
        };
        self.scanner.scan(d, true, spans);
        let mut cache = self.surfaces.lock().expect("not poisoned");
        if cache.full() {
            cache.clear();
        }
        // each surface hashed once: its number in the cache and its flags for the pair tests
        surfaces.clear();
        for &(start, end) in spans.iter() {
            let id = cache.id(&d[start..end], |s| self.surface_flags(s));
            let flags = cache.entries[id as usize].flags;
            surfaces.push(Surface { start, end, joined_at: None, joined_at2: None, flags, id });
        }
        if let Some(lex) = &self.lexicon {
            lex.compounds.join_tokens(d, surfaces);
        }
        let mut out = String::with_capacity(text.len());
        // whether `out` ends with the previous surface's last term, a participle noun
        let mut participle = false;
        // the preverb the previous surface ends with, if any
        let mut after_preverb: Option<&'static str> = None;
        // whether the previous surface ends with a preposition (a preverb after it is a word of its own)
        let mut after_preposition = false;
        for (i, s) in surfaces.iter().enumerate() {
            let id = if s.id == NO_ID {
                s.text_into(d, buf);
                cache.id(buf, |s| self.surface_flags(s))
            } else {
                s.id
            } as usize;
            let c = match cache.entries[id].cached {
                Some(c) => c,
                None => {
                    let (terms, marked, role) = self.analyse_surface(cache.key(id));
                    cache.fill(id, &terms, &marked, role);
                    cache.entries[id].cached.expect("filled")
                }
            };
            let mut own = None;
            let mut pieces = String::new();
            if let Some((n, original)) = &context {
                if terms_str(&cache.text, c.terms).contains(' ') {
                    own = self.own_pieces(cache.key(id), s.start, n, original, mark_stopwords, &mut pieces);
                }
            }
            let role = own.unwrap_or(cache.entries[id].role);
            let before_preposition = std::mem::replace(&mut after_preposition, role & LAST_PREPOSITION != 0);
            if role & !LAST_PREPOSITION == 0 && own.is_none() && !participle && after_preverb.is_none() {
                // most surfaces: no neighbour to read with
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(terms_str(&cache.text, if mark_stopwords { c.marked } else { c.terms }));
                continue;
            }
            let preverb = after_preverb.take().filter(|_| role & FIRST_IMPERFECTIVE != 0);
            if role & INNER_PREVERB != 0 || (preverb.is_some() && own.is_some()) {
                // a preverb pair inside a split surface: the token walk reads it (rare)
                drop(cache);
                return self.token_terms(text, mark_stopwords);
            }
            // a preverb after a preposition (`از در می‌آید`) is a word of its own: the word before it is the
            // previous surface's last when it is one word (else its own: `push_words` looked)
            let alone = || !terms_str(&cache.text, c.terms).contains(' ');
            after_preverb = context::role_preverb(role).filter(|_| !(before_preposition && alone()));
            if std::mem::take(&mut participle) && role & FIRST_AUXILIARY != 0 {
                Self::read_as_verb(&mut out);
            }
            if i > 0 {
                out.push(' ');
            }
            let own_out = match own {
                Some(_) => &pieces,
                None => terms_str(&cache.text, if mark_stopwords { c.marked } else { c.terms }),
            };
            // a verb form after a preverb written apart (`بر می‌دارد`): the joined word's reading first
            let joined = preverb.and_then(|p| {
                let terms = terms_str(&cache.text, c.terms);
                let first = terms.split(' ').next().unwrap_or(terms);
                let reading = self.preverb_reading(p, self.split(cache.key(id))[0], first)?;
                Some((reading, &terms[first.len()..]))
            });
            match joined {
                Some(((w, term), _)) if mark_stopwords => {
                    self.push_index_term(&w, &term, &mut out);
                    out.push(tables::STACK_MARK);
                    out.push_str(own_out);
                }
                Some(((_, term), rest)) => {
                    out.push_str(&term);
                    out.push_str(rest);
                }
                None => out.push_str(own_out),
            }
            participle = role & LAST_PARTICIPLE != 0;
        }
        out
    }

    /// The participle noun whose term ends `out` read as its verb (`context.py`): its ending dropped,
    /// `دیده` becomes `دید` (the verb only: before an auxiliary it is no noun).
    fn read_as_verb(out: &mut String) {
        out.truncate(out.len() - tables::PARTICIPLE_ENDING.len());
    }

    /// The terms of consecutive `words` of one surface (`terms`: each one's term) pushed onto `out`
    /// joined by single spaces, a participle noun before an auxiliary read as its verb
    /// (`Analyzer._token_terms`), stopwords' terms marked and second readings stacked with
    /// `mark_stopwords`; returns the surface's role in a pair with its neighbours
    /// ([`context::LAST_PARTICIPLE`], [`context::FIRST_AUXILIARY`]).
    fn push_words(&self, words: &[&[char]], terms: &[Box<str>], mark_stopwords: bool, out: &mut String) -> u8 {
        // without stemming no reading depends on a neighbour
        let participle = |i: usize| self.lexicon.is_some() && context::is_participle_noun(words[i], &terms[i]);
        let auxiliary = |i: usize| {
            let word = surface_to_word(words[i]);
            context::is_auxiliary(&word, &terms[i]) && self.is_stopword(&word)
        };
        for (i, (w, term)) in words.iter().zip(terms).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if i + 1 < words.len() && participle(i) && auxiliary(i + 1) {
                out.push_str(context::participle_verb(term));
            } else if mark_stopwords {
                self.push_index_term(w, term, out);
            } else {
                out.push_str(term);
            }
        }
        let Some(last) = words.len().checked_sub(1) else {
            return 0;
        };
        let imperfective = |i: usize| self.imperfective_verb(words[i], &terms[i]);
        let preverb = |i: usize| self.lexicon.as_ref().and(context::preverb_index(words[i]));
        let mut role = 0;
        if participle(last) {
            role |= LAST_PARTICIPLE;
        }
        if auxiliary(0) {
            role |= FIRST_AUXILIARY;
        }
        if imperfective(0) {
            role |= FIRST_IMPERFECTIVE;
        }
        if let Some(k) = preverb(last).filter(|_| last == 0 || !context::is_preposition(words[last - 1])) {
            role |= context::preverb_role(k);
        }
        if (1..words.len()).any(|i| preverb(i - 1).is_some() && imperfective(i)) {
            role |= INNER_PREVERB;
        }
        if self.lexicon.is_some() && context::is_preposition(words[last]) {
            role |= LAST_PREPOSITION;
        }
        role
    }

    /// Whether a word (surface `w`, term `term`) is a verb form a preverb written apart before it may
    /// take: it begins with `IMPERFECTIVE_PREFIXES` and its term is a past stem (`context.preverb_apart`'s
    /// tests on the word alone).
    fn imperfective_verb(&self, w: &[char], term: &str) -> bool {
        self.lexicon().is_some_and(|lex| lex.is_past(term) && context::is_imperfective(&surface_to_word(w)))
    }

    /// The reading of a token (surface `w`, term `term`) after the preverb `preverb` written apart
    /// (`Analyzer._neighbour_readings`): the joined word (preverb + word) and its term, when
    /// [`context::preverb_apart`] holds; else `None`.
    fn preverb_reading(&self, preverb: &str, w: &[char], term: &str) -> Option<(Vec<char>, Box<str>)> {
        let lex = self.lexicon()?;
        let word = surface_to_word(w);
        if !context::is_imperfective(&word) {
            return None;
        }
        let joined: Vec<char> = preverb.chars().chain(word.chars()).collect();
        let joined_term = self.cached_term(&joined);
        context::preverb_apart(preverb, term, &joined_term, |t| lex.is_past(t)).then_some((joined, joined_term))
    }

    /// The terms of a split surface `raw` (normalized, starting at `start` in `n`) when one of
    /// its pieces takes its own slice's spelling ([`Analyzer::own_slice`]): pushed onto `out`
    /// (stopwords' terms marked with `mark_stopwords`), and `true`; else `false`, `out` untouched.
    fn own_pieces(
        &self,
        raw: &[char],
        start: usize,
        n: &Normalized,
        original: &[char],
        mark_stopwords: bool,
        out: &mut String,
    ) -> Option<u8> {
        let mut a = start;
        let mut pieces: Vec<std::borrow::Cow<'_, [char]>> = Vec::new();
        let mut changed = false;
        for w in self.split(raw) {
            let b = a + w.len();
            match Self::own_slice(original, n.starts[a], n.ends[b - 1], w) {
                Some(own) => {
                    changed = true;
                    pieces.push(std::borrow::Cow::Owned(own));
                }
                None => pieces.push(std::borrow::Cow::Borrowed(w)),
            }
            a = b;
        }
        if !changed {
            return None;
        }
        let words: Vec<&[char]> = pieces.iter().map(|w| w.as_ref()).collect();
        let terms: Vec<Box<str>> = words.iter().map(|w| self.cached_term(w)).collect();
        Some(self.push_words(&words, &terms, mark_stopwords, out))
    }

    /// `Analyzer.terms`: the terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let joined = self.joined_terms(text, false);
        if joined.is_empty() {
            Vec::new()
        } else {
            joined.split(' ').map(str::to_owned).collect()
        }
    }

    /// Walk the tokens of `text`: `f(surface, term, start, end)` for each, in order, where
    /// `surface` is the token's normalized surface (one compound part), `term` its term and
    /// `start`/`end` its offsets in `text` (code points).  The one tokenizing loop of
    /// [`Analyzer::analyze`] and [`Analyzer::marks`].  A piece of a split word whose original
    /// slice holds a character the context char filter reads by its place in the word gets its
    /// slice's own spelling (`Analyzer._analyze`: `بةحٰک` is `به` + `حک`, not `به` + `حاک`).
    ///
    /// The words cache is locked once for the whole text (a surface's words and terms are one
    /// lookup), and `f` runs under that lock: it must not call back into this path.
    fn each_token_alone(&self, text: &str, mut f: impl FnMut(&[char], &str, usize, usize)) {
        let n = normalize_with_offsets(text);
        let d = &n.chars;
        let original: Vec<char> = if needs_context(text) { text.chars().collect() } else { Vec::new() };
        let mut buf = Vec::new();
        let (mut spans, mut surfaces) = (Vec::new(), Vec::new());
        self.surfaces(d, &mut spans, &mut surfaces);
        let mut emit = |w: &[char], t: &str, a: &mut usize| {
            let b = *a + w.len();
            let (start, end) = (n.starts[*a], n.ends[b - 1]);
            match Self::own_slice(&original, start, end, w) {
                Some(own) => self.with_term(&own, |t| f(&own, t, start, end)),
                None => f(w, t, start, end),
            }
            *a = b;
        };
        let mut cache = self.words.lock().expect("not poisoned");
        for s in surfaces {
            s.text_into(d, &mut buf);
            // one probe when cached (the common case); a second only after an insert
            let split = match cache.get(buf.as_slice()) {
                Some(split) => split,
                None => {
                    let split = self.split_terms(&buf);
                    if cache.len() > tables::MAX_CACHE {
                        cache.clear();
                    }
                    cache.insert(buf.as_slice().into(), split);
                    &cache[buf.as_slice()]
                }
            };
            let mut a = s.start;
            match &split.words {
                None => emit(stripped(&buf), &split.terms, &mut a),
                Some(words) => {
                    for (w, t) in words.iter().zip(split.terms.split(' ')) {
                        emit(w, t, &mut a);
                    }
                }
            }
        }
    }

    /// [`Analyzer::each_token_alone`] with the readings that depend on the next token
    /// (`context.py`): `f(surface, term, second, start, end)`, where a participle noun before an
    /// auxiliary (`دیده شد`) has its verb's term (`دید`), and a verb form after a preverb written apart
    /// the joined word's term with its own reading as `second` (else `None`).
    /// A participle noun's token waits for the next one (copied: the only allocation).
    fn each_token(&self, text: &str, mut f: impl FnMut(&[char], &str, Option<Second<'_>>, usize, usize)) {
        let stem = self.lexicon.is_some();
        let mut waiting: Option<(Vec<char>, String, usize, usize)> = None;
        let mut preverb: Option<&'static str> = None;
        // whether the token before is a preposition (a preverb after it is a word of its own)
        let mut preposition = false;
        self.each_token_alone(text, |w, t, start, end| {
            if let Some((pw, pt, ps, pe)) = waiting.take() {
                let word = surface_to_word(w);
                if context::is_auxiliary(&word, t) && self.is_stopword(&word) {
                    f(&pw, context::participle_verb(&pt), None, ps, pe);
                } else {
                    f(&pw, &pt, None, ps, pe);
                }
            }
            let after = preverb.take();
            if stem {
                preverb = context::preverb_of(w).filter(|_| !preposition);
                preposition = context::is_preposition(w);
            }
            if let Some((joined, jt)) = after.and_then(|p| self.preverb_reading(p, w, t)) {
                f(w, &jt, Some(Second { term: t, joined: &joined }), start, end);
            } else if stem && context::is_participle_noun(w, t) {
                waiting = Some((w.to_vec(), t.to_owned(), start, end));
            } else {
                f(w, t, None, start, end);
            }
        });
        if let Some((pw, pt, ps, pe)) = waiting {
            f(&pw, &pt, None, ps, pe);
        }
    }

    /// `Analyzer._token_terms`: the index path token by token ([`Analyzer::each_token`], the readings a
    /// neighbour decides included), for a text where a verb form follows a preverb written apart:
    /// the terms joined by single spaces, with `mark_stopwords` each stopword's term marked and a
    /// second reading stacked after the first (`برداشت␁داشت`).
    fn token_terms(&self, text: &str, mark_stopwords: bool) -> String {
        let mut out = String::with_capacity(text.len());
        let mut first = true;
        self.each_token(text, |w, t, second, _, _| {
            if !first {
                out.push(' ');
            }
            first = false;
            match (mark_stopwords, second) {
                (false, _) => out.push_str(t),
                (true, None) => self.push_index_term(w, t, &mut out),
                (true, Some(Second { term, joined })) => {
                    self.push_index_term(joined, t, &mut out);
                    out.push(tables::STACK_MARK);
                    self.push_index_term(w, term, &mut out);
                }
            }
        });
        out
    }

    /// The words of `surface` ([`Analyzer::split`]) and their terms (from the term cache).
    fn split_terms(&self, surface: &[char]) -> Split {
        let words = self.split(surface);
        let mut terms = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                terms.push(' ');
            }
            self.with_term(w, |t| terms.push_str(t));
        }
        let one = words.len() == 1 && words[0] == stripped(surface);
        let words = (!one).then(|| words.into_iter().map(Box::from).collect());
        Split { words, terms: terms.into() }
    }

    /// The normalized spelling of `original[start..end]` when it holds a context character and
    /// its word differs from the surface `w`'s, else `None` (`original` is empty when the text
    /// holds none).
    fn own_slice(original: &[char], start: usize, end: usize, w: &[char]) -> Option<Vec<char>> {
        if original.is_empty() {
            return None;
        }
        let slice: String = original[start..end].iter().collect();
        if !needs_context(&slice) {
            return None;
        }
        let own: Vec<char> = crate::chars::strip(&normalize(&slice)).chars().collect();
        (surface_to_word(&own) != surface_to_word(w)).then_some(own)
    }

    /// `Analyzer.analyze`: tokens with offsets into the original text (code points).
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.each_token(text, |w, term, _second, start, end| {
            tokens.push(Token { term: term.to_owned(), word: surface_to_word(w), start, end, position: tokens.len() })
        });
        tokens
    }

    /// `Analyzer.marks`: the tokens of [`Analyzer::analyze`] as highlighting needs them —
    /// each one's start and end in `text` (code points) and its term when
    /// `matches(term, surface)` holds (`surface`: the token's normalized surface, whose
    /// [`surface_to_word`] is its word), else `None`.  Only the marked tokens' terms are copied out.
    pub fn marks(&self, text: &str, mut matches: impl FnMut(&str, &[char]) -> bool) -> Marks {
        let mut out = Marks::default();
        self.each_token(text, |w, t, second, start, end| {
            out.starts.push(start);
            out.ends.push(end);
            let hit = if matches(t, w) { Some(t) } else { second.map(|s| s.term).filter(|&n| matches(n, w)) };
            out.terms.push(hit.map(str::to_owned));
        });
        out
    }

    /// `Analyzer.normalize_term`: a single word normalized and joined, not stemmed.
    pub fn normalize_term(&self, text: &str) -> String {
        let d: Vec<char> = normalize(text).chars().collect();
        crate::chars::strip(&surface_to_word(&d)).to_owned()
    }
}

/// Whether the word of a surface `w` (its letters but the ones [`surface_to_word`] drops) holds a
/// letter three times in a row (the test before [`crate::spoken::squeezed`], without allocating).
fn has_run_of_three(w: &[char]) -> bool {
    let (mut last, mut run) = ('\0', 0);
    for &c in w.iter().filter(|&&c| !dropped(c)) {
        run = if c == last { run + 1 } else { 1 };
        if run >= 3 {
            return true;
        }
        last = c;
    }
    false
}

/// The stopwords as word-list keys (for tools).
pub fn stopword_keys() -> Vec<String> {
    tables::STOPWORDS.iter().map(|w| key(w)).collect()
}
