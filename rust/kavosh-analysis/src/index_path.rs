//! The index path's two walks (`index_path.py`), [`Analyzer::joined_terms`]: the fast path over the
//! surfaces of a text, each distinct surface analysed once and kept in the index path's cache
//! ([`SurfaceCache`]), the readings a neighbour decides read at the surfaces' seams; and the token walk
//! ([`Analyzer::token_terms`]) for a text where a preverb pair falls inside a split surface.

use std::cell::RefCell;

use crate::analyzer::Analyzer;
use crate::compounds::{Surface, NO_ID};
use crate::context::{
    self, Second, FIRST_AUXILIARY, FIRST_IMPERFECTIVE, INNER_PREVERB, LAST_PARTICIPLE, LAST_PREPOSITION,
};
use crate::normalize::{normalize_with_offsets, table_chars, Normalized, Table};
use crate::surface_cache::{terms_str, SurfaceCache};
use crate::tables;

/// Buffers reused by the calls of one thread (no allocation per document but the output).
#[derive(Default)]
struct Scratch {
    d: Vec<char>,
    spans: Vec<(usize, usize)>,
    surfaces: Vec<Surface>,
    buf: Vec<char>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Analyzer {
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

    /// `Analyzer._token_terms`: the index path token by token ([`Analyzer::each_token`], the readings a
    /// neighbour decides included), for a text where a verb form follows a preverb written apart:
    /// the terms joined by single spaces, with `mark_stopwords` each stopword's term marked and a
    /// second reading stacked after the first (`برداشت␁داشت`).
    pub(crate) fn token_terms(&self, text: &str, mark_stopwords: bool) -> String {
        let mut out = String::with_capacity(text.len());
        let mut first = true;
        self.each_token(text, |w, t, second, article, _, _| {
            if !first {
                out.push(' ');
            }
            first = false;
            let piece = out.len();
            match (mark_stopwords, second) {
                (false, _) => out.push_str(t),
                (true, None) => self.push_index_term(w, t, &mut out),
                (true, Some(Second { term, joined })) => {
                    self.push_index_term(joined, t, &mut out);
                    out.push(tables::STACK_MARK);
                    self.push_index_term(w, term, &mut out);
                }
            }
            // a word written with the vocalised Arabic article: the rest's index term at its position too
            if let Some(a) = article.filter(|_| mark_stopwords) {
                self.push_article(&a, piece, &mut out);
            }
        });
        out
    }
}
