//! The Persian analyzer: char filters → tokenizer → token filters (`analyzer.Analyzer`).

use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{is_sep, ZWNJ};
use crate::compounds::{PairKey, Surface, NO_ID};
use crate::lexicon::{key, Lexicon};
use crate::normalize::{needs_context, normalize, normalize_with_offsets};
use crate::scan::Scanner;
use crate::stem::stem;
use crate::surface_cache::SurfaceCache;
use crate::surface_words::Split;
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

/// The Persian analyzer.  Cheap to share between threads (`&self` everywhere); each
/// distinct surface is analysed once and kept in a cache (emptied beyond
/// `MAX_CACHE` entries, like the Python one).
///
/// Its methods are in the modules of its parts (as `analyzer.py`'s are): the index path's walks in
/// `index_path.rs`, a surface's words in `surface_words.rs`, a word's index terms (stopword, negation,
/// surface and spaced-suffix readings) in `index_term.rs`, the readings a neighbour decides in
/// `context.rs`, the vocalised Arabic article's in `arabic.rs`.
pub struct Analyzer {
    pub(crate) lexicon: Option<Arc<Lexicon>>,
    pub(crate) scanner: Scanner,
    pub(crate) stopwords: FxHashSet<String>,
    /// The longest stopword's length in UTF-8 bytes.
    pub(crate) stopword_bytes: usize,
    plurals: Vec<Vec<char>>,
    ezafe_indefinite: Vec<Vec<char>>,
    pub(crate) surfaces: Mutex<SurfaceCache>,
    terms: Mutex<FxHashMap<Box<[char]>, Box<str>>>,
    /// A surface's words ([`Analyzer::split`]) and their terms for the offset path
    /// ([`Analyzer::analyze`], [`Analyzer::marks`]): one lookup per surface, under one lock
    /// per call (the split looks its candidate cuts up in the word list, each with a `String`
    /// made for the lookup; the term is the stemmer's).
    words: Mutex<FxHashMap<Box<[char]>, Split>>,
}

/// `surface` without its trailing separators (the one word of most surfaces).
pub(crate) fn stripped(surface: &[char]) -> &[char] {
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
            pair: self.pair_key(&d[start..end]),
            id: NO_ID,
        }));
        if let Some(lex) = &self.lexicon {
            lex.compounds.join_tokens(d, out);
        }
    }

    /// [`Compounds::surface_flags`](crate::compounds::Compounds::surface_flags), none without a lexicon.
    pub(crate) fn surface_flags(&self, s: &[char]) -> u8 {
        self.lexicon.as_ref().map_or(0, |lex| lex.compounds.surface_flags(s))
    }

    /// [`Compounds::pair_key`](crate::compounds::Compounds::pair_key), the default without a lexicon.
    pub(crate) fn pair_key(&self, s: &[char]) -> PairKey {
        self.lexicon.as_ref().map_or_else(PairKey::default, |lex| lex.compounds.pair_key(s))
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

    pub(crate) fn cached_term(&self, surface: &[char]) -> Box<str> {
        self.with_term(surface, |t| Box::from(t))
    }

    /// `f` applied to the term of `surface`, from the cache (filled on a miss) without copying it.
    pub(crate) fn with_term<R>(&self, surface: &[char], f: impl FnOnce(&str) -> R) -> R {
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

    /// `Analyzer.terms`: the terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let joined = self.joined_terms(text, false);
        if joined.is_empty() {
            Vec::new()
        } else {
            joined.split(' ').map(str::to_owned).collect()
        }
    }

    /// Walk the tokens of `text`: `f(surface, term, article, start, end)` for each, in order, where
    /// `surface` is the token's normalized surface (one compound part), `term` its term, `article` its
    /// reading without the vocalised Arabic article ([`Analyzer::article_reading`], with stemming) and
    /// `start`/`end` its offsets in `text` (code points).  The one tokenizing loop of
    /// [`Analyzer::analyze`] and [`Analyzer::marks`].  A piece of a split word whose original
    /// slice holds a character the context char filter reads by its place in the word gets its
    /// slice's own spelling (`Analyzer._analyze`: `بةحٰک` is `به` + `حک`, not `به` + `حاک`).
    ///
    /// The words cache is locked once for the whole text (a surface's words and terms are one
    /// lookup), and `f` runs under that lock: it must not call back into this path.
    pub(crate) fn each_token_alone(
        &self,
        text: &str,
        mut f: impl FnMut(&[char], &str, Option<crate::arabic::Article>, usize, usize),
    ) {
        let n = normalize_with_offsets(text);
        let d = &n.chars;
        let article = self.lexicon.is_some() && crate::arabic::has_article(text);
        let original: Vec<char> = if article || needs_context(text) { text.chars().collect() } else { Vec::new() };
        let reading = |w: &[char], start: usize, end: usize| {
            if article {
                self.article_reading(&original[start..end], w)
            } else {
                None
            }
        };
        let mut buf = Vec::new();
        let (mut spans, mut surfaces) = (Vec::new(), Vec::new());
        self.surfaces(d, &mut spans, &mut surfaces);
        let mut emit = |w: &[char], t: &str, a: &mut usize| {
            let b = *a + w.len();
            let (start, end) = (n.starts[*a], n.ends[b - 1]);
            match Self::own_slice(&original, start, end, w) {
                Some(own) => {
                    let second = reading(&own, start, end);
                    self.with_term(&own, |t| f(&own, t, second, start, end))
                }
                None => f(w, t, reading(w, start, end), start, end),
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

    /// The normalized spelling of `original[start..end]` when it holds a context character and
    /// its word differs from the surface `w`'s, else `None` (`original` is empty when the text
    /// holds none).
    pub(crate) fn own_slice(original: &[char], start: usize, end: usize, w: &[char]) -> Option<Vec<char>> {
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
        self.each_token(text, |w, term, _second, _article, start, end| {
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
        self.each_token(text, |w, t, second, article, start, end| {
            out.starts.push(start);
            out.ends.push(end);
            // a token matches by its term, or by its second reading's (never both a preverb's and an article's)
            let second = second.map(|s| s.term).or(article.as_ref().map(|a| &*a.term));
            let hit = if matches(t, w) { Some(t) } else { second.filter(|&n| matches(n, w)) };
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

/// The stopwords as word-list keys (for tools).
pub fn stopword_keys() -> Vec<String> {
    tables::STOPWORDS.iter().map(|w| key(w)).collect()
}
