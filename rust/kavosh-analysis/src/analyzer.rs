//! The Persian analyzer: char filters → tokenizer → token filters (`analyzer.Analyzer`).

use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{is_sep, ZWNJ};
use crate::compounds::{PairKey, Surface, NO_ID};
use crate::context::{self, FIRST_AUXILIARY, FIRST_IMPERFECTIVE, INNER_PREVERB, LAST_PARTICIPLE, LAST_PREPOSITION};
use crate::lexicon::{key, Lexicon};
use crate::normalize::{needs_context, normalize, normalize_with_offsets, table_chars, Normalized, Table};
use crate::scan::Scanner;
use crate::segment::Word;
use crate::stem::stem;
use crate::surface_cache::{terms_str, SurfaceCache};
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

/// The Persian analyzer.  Cheap to share between threads (`&self` everywhere); each
/// distinct surface is analysed once and kept in a cache (emptied beyond
/// `MAX_CACHE` entries, like the Python one).
pub struct Analyzer {
    lexicon: Option<Arc<Lexicon>>,
    scanner: Scanner,
    pub(crate) stopwords: FxHashSet<String>,
    /// The longest stopword's length in UTF-8 bytes.
    pub(crate) stopword_bytes: usize,
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

    /// The number in `cache` of the surface `chars`, added with its flags and pair key when new
    /// ([`SurfaceCache::id`]).
    #[inline]
    pub(crate) fn cache_id(&self, cache: &mut SurfaceCache, chars: &[char]) -> u32 {
        cache.id(chars, |s| (self.surface_flags(s), self.pair_key(s)))
    }

    /// The number in `cache` of the surface `s` of `d`: the one its scan gave it, or, for a surface joined
    /// since (`NO_ID`), its text's, copied into `buf` ([`Analyzer::cache_id`]).
    #[inline]
    pub(crate) fn surface_id(&self, cache: &mut SurfaceCache, s: &Surface, d: &[char], buf: &mut Vec<char>) -> usize {
        if s.id == NO_ID {
            s.text_into(d, buf);
            self.cache_id(cache, buf) as usize
        } else {
            s.id as usize
        }
    }

    /// The words of a surface with its separator stripped: itself, or its compound's parts,
    /// or a joined Arabic name's (`Compounds.split`).
    pub(crate) fn split<'a>(&'a self, surface: &'a [char]) -> Vec<&'a [char]> {
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
        let table = table_chars(text, d);
        // where a word written with the vocalised Arabic article may begin (`Analyzer._needs_offsets`; only a
        // text the char table saw a sukun or a shadda in is looked at): the places in the original
        let articles = if mark_stopwords && table != Table::Plain && self.lexicon.is_some() {
            crate::arabic::article_starts(text)
        } else {
            Vec::new()
        };
        // a text holding a context character: a split word's pieces may take their own slice's
        // spelling (`each_token`), which needs the offsets and the original
        let context = if table != Table::Context {
            None
        } else {
            // the offsets' characters are the normalized text: the text normalized once, not twice
            let n = normalize_with_offsets(text);
            d.clear();
            d.extend_from_slice(&n.chars);
            Some((n, text.chars().collect::<Vec<_>>()))
        };
        // each article's place in `d` and the original's characters from there (`arabic::article_letters` reads them)
        let articles = self.article_places(text, &articles, context.as_ref());
        self.scanner.scan(d, true, spans);
        let mut cache = self.surfaces.lock().expect("not poisoned");
        if cache.full() {
            cache.clear();
        }
        // each surface hashed once: its number in the cache and its flags for the pair tests
        surfaces.clear();
        for &(start, end) in spans.iter() {
            let id = self.cache_id(&mut cache, &d[start..end]);
            let (flags, pair) = (cache.entries[id as usize].flags, cache.entries[id as usize].pair);
            surfaces.push(Surface { start, end, joined_at: None, joined_at2: None, flags, pair, id });
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
            let id = self.surface_id(&mut cache, s, d, buf);
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
        if !articles.is_empty() {
            // the words written with the vocalised Arabic article: their readings added after the walk, which
            // keeps its loop as it is for every other text
            self.add_articles(&mut out, surfaces, d, buf, &mut cache, &articles, context.as_ref());
        }
        out
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
