//! The vocalised Arabic definite article (`arabic.py`, issue #14 kinds 2 and 7): a word whose original
//! slice begins with it (`الرَّحِيمِ`, `ٱلْحَمْدُ`, `وَالْأَرْضِ`) is indexed with the term of its rest too,
//! at its position (`الرحیم␁رحیم`); unvocalised text is never read so (`الاهلی`, `البته`).

use crate::analyzer::{stripped, surface_to_word, Analyzer};
use crate::compounds::Surface;
use crate::normalize::{table_indices, Normalized};
use crate::surface_cache::{terms_str, SurfaceCache};
use crate::tables;

/// The first bytes shared by the UTF-8 of the article's marks (U+0651 shadda, U+0652 sukun: `D9 91`,
/// `D9 92`; U+06E1 small high dotless head of khah: `DB A1`).
const MARKS_UTF8: [[u8; 2]; 3] = [[0xd9, 0x91], [0xd9, 0x92], [0xdb, 0xa1]];

pub use crate::normalize::is_article_mark;

/// `arabic.may_hold_article`: whether `text` holds a sukun or a shadda (a byte search).
pub fn may_hold_article(text: &str) -> bool {
    let b = text.as_bytes();
    MARKS_UTF8.iter().any(|m| memchr::memmem::find(b, m).is_some())
}

/// The most bytes of an article before its last mark (a sukun or a shadda): a proclitic, the alef and the
/// sun letter each with a harakah, and the lam, every one two bytes in UTF-8 (U+0600–U+06FF).
const BEFORE_MARK: usize = 14;

/// The most characters an article takes (a proclitic, the alef, the lam, a sun letter, their harakat and
/// the mark): [`article_letters`] looks at no more.
pub const ARTICLE_CHARS: usize = 8;

/// `arabic.has_article`: whether the vocalised article occurs anywhere in `text` ([`article_starts`]).
pub fn has_article(text: &str) -> bool {
    !article_starts(text).is_empty()
}

/// The byte offsets in `text` where the vocalised article begins ([`article_letters`] is non-zero there),
/// ascending.  Every article ends with its mark, so only the few characters before each mark are looked at
/// (a text with marks but no article, `اوّل`, `محمّد`, costs a byte search and a few tests a mark).
pub fn article_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut buf: Vec<(usize, char)> = Vec::with_capacity(BEFORE_MARK + 1);
    let mut chars: Vec<char> = Vec::with_capacity(BEFORE_MARK + 1);
    for m in &MARKS_UTF8 {
        for at in memchr::memmem::find_iter(b, m) {
            // the character before the mark: a lam for a sukun; a sun letter or a harakah for a shadda
            // (most marks of Persian text are a shadda on another letter: `اوّل`, `محمّد`)
            let before = text[..at].chars().next_back();
            let sukun = m != &MARKS_UTF8[0];
            if !before
                .is_some_and(|p| if sukun { p == 'ل' } else { harakah(Some(p)) || one_of(tables::SUN_LETTERS, p) })
            {
                continue;
            }
            let mut from = at.saturating_sub(BEFORE_MARK);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            buf.clear();
            buf.extend(text[from..at + m.len()].char_indices().map(|(i, c)| (from + i, c)));
            chars.clear();
            chars.extend(buf.iter().map(|&(_, c)| c));
            out.extend((0..chars.len()).filter(|&i| article_letters(&chars[i..]) > 0).map(|i| buf[i].0));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn harakah(c: Option<char>) -> bool {
    c.is_some_and(|c| (tables::HARAKAT.0..=tables::HARAKAT.1).contains(&c))
}

/// Whether `c` is one of the characters of `set` (a few: faster than `str::contains`'s search).
fn one_of(set: &str, c: char) -> bool {
    set.chars().any(|x| x == c)
}

/// `arabic.article_letters`: how many letters of a token's word are the proclitic and the article when
/// its original slice `s` begins with the vocalised article (3 with a proclitic, else 2), else 0.
pub fn article_letters(s: &[char]) -> usize {
    let at = |i: usize| s.get(i).copied();
    let (mut i, mut n) = (0, 2);
    if at(0).is_some_and(|c| one_of(tables::ARTICLE_PROCLITICS, c)) {
        i = 1 + usize::from(harakah(at(1)));
        n = 3;
    }
    if !at(i).is_some_and(|c| one_of(tables::ARTICLE_ALEFS, c)) {
        return 0;
    }
    i += 1 + usize::from(at(i + 1) == Some(tables::ALEF_VOWEL));
    if at(i) != Some('ل') {
        return 0;
    }
    match at(i + 1) {
        // the article's lam takes no sukun before a sun letter (it is assimilated): `الْتَقَی` is a verb
        Some(c) if one_of(tables::SUKUNS, c) => {
            if at(i + 2).is_some_and(|c| one_of(tables::SUN_LETTERS, c)) {
                0
            } else {
                n
            }
        }
        Some(c) if one_of(tables::SUN_LETTERS, c) => {
            let j = i + 2 + usize::from(harakah(at(i + 2)));
            if at(j) == Some(tables::SHADDA) {
                n
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// `arabic.article_rest`: the rest of the normalized `word` after its proclitic and article when its
/// original slice `original` begins with the vocalised article and the rest has `MIN_REST_LETTERS`
/// letters (`MIN_LAM_REST_LETTERS` when it begins with the assimilated lam: no `له` of `اللّه`), else
/// `None`.
pub fn article_rest(original: &[char], word: &[char]) -> Option<Vec<char>> {
    let n = article_letters(original);
    if n == 0 || word.len() < n || word[n - 2..n] != ['ا', 'ل'] {
        return None;
    }
    let rest = &word[n..];
    let least = if rest.first() == Some(&'ل') { tables::MIN_LAM_REST_LETTERS } else { tables::MIN_REST_LETTERS };
    (rest.len() >= least).then(|| rest.to_vec())
}

/// A token's reading without the vocalised article: the rest of its word and the rest's term.
#[derive(Debug, Clone)]
pub struct Article {
    /// The rest of the word (`رحیم` of `الرحیم`), normalized.
    pub word: String,
    /// Its term.
    pub term: Box<str>,
}

impl Analyzer {
    /// `Analyzer.article_reading`: the reading of a token (surface `w`, original slice `original`) without
    /// its vocalised article when the rest ([`article_rest`]) is a word of the word list and no stopword;
    /// `None` without stemming.
    pub(crate) fn article_reading(&self, original: &[char], w: &[char]) -> Option<Article> {
        let lex = self.lexicon()?;
        let word: Vec<char> = surface_to_word(w).chars().collect();
        let rest = article_rest(original, &word)?;
        let rest_word: String = rest.iter().collect();
        lex.freq(&rest_word)?;
        if self.is_stopword(&rest_word) {
            return None;
        }
        Some(Article { term: self.cached_term(&rest), word: rest_word })
    }

    /// Add to `out` (the index text of the surfaces `surfaces` of the normalized text `d`, one space-separated
    /// piece a word) the index term of the reading without the vocalised Arabic article of each word that begins
    /// at one of `places` ([`Analyzer::article_places`]), after its piece's terms (`Analyzer._token_terms`:
    /// `الرحیم␁رحیم`).  Each surface's words are counted from its terms in the surface cache, filled by the walk.
    #[cold]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add_articles(
        &self,
        out: &mut String,
        surfaces: &[Surface],
        d: &[char],
        buf: &mut Vec<char>,
        cache: &mut SurfaceCache,
        places: &[(usize, Vec<char>)],
        context: Option<&(Normalized, Vec<char>)>,
    ) {
        let mut readings: Vec<(usize, Article)> = Vec::new();
        let (mut token, mut place) = (0, 0);
        for s in surfaces {
            let id = self.surface_id(cache, s, d, buf);
            let Some(c) = cache.entries[id].cached else {
                return; // not analysed by the walk (cannot happen: it analyses every surface)
            };
            let terms = terms_str(&cache.text, c.terms);
            while places.get(place).is_some_and(|a| a.0 < s.start) {
                place += 1;
            }
            if places.get(place).is_some_and(|a| a.0 < s.end) {
                let found = self.surface_articles(cache.key(id), terms, s, &places[place..], context);
                readings.extend(found.into_iter().flatten().map(|(j, a)| (token + j, a)));
            }
            token += 1 + terms.matches(' ').count();
        }
        if readings.is_empty() {
            return;
        }
        let tail = std::mem::take(out);
        let mut next = readings.iter().peekable();
        for (j, piece) in tail.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            let at = out.len();
            out.push_str(piece);
            while let Some((_, a)) = next.next_if(|r| r.0 == j) {
                self.push_article(a, at, out);
            }
        }
    }

    /// The readings without the vocalised Arabic article of the words of surface `s` (`raw`, its terms `terms`)
    /// that begin at one of `places` ([`Analyzer::article_places`], the first at or after the surface's start):
    /// `(word index, reading)`, or `None` for none.
    fn surface_articles(
        &self,
        raw: &[char],
        terms: &str,
        s: &Surface,
        places: &[(usize, Vec<char>)],
        context: Option<&(Normalized, Vec<char>)>,
    ) -> Option<Vec<(usize, Article)>> {
        let out = if !terms.contains(' ') {
            // one word (not split): its slice runs to the next separator, where the pattern stops too
            let reading = (places[0].0 == s.start).then(|| self.article_reading(&places[0].1, stripped(raw)));
            reading.flatten().map(|a| vec![(0, a)]).unwrap_or_default()
        } else {
            self.piece_articles(raw, s.start, places, context)
        };
        (!out.is_empty()).then_some(out)
    }

    /// The readings without the vocalised Arabic article of the pieces of the split surface `raw` (normalized,
    /// starting at `start` in the normalized text) that begin at one of `places` ([`Analyzer::article_places`]):
    /// `(piece index, reading)`, each piece read as its own slice's spelling when that holds a context character
    /// (`context`: the offsets and the original, [`Analyzer::own_slice`]).  The pattern read from a piece's start
    /// is not stopped at its end, but a reading needs 3+ letters after the article inside the piece, past every
    /// character the pattern reads.
    fn piece_articles(
        &self,
        raw: &[char],
        start: usize,
        places: &[(usize, Vec<char>)],
        context: Option<&(Normalized, Vec<char>)>,
    ) -> Vec<(usize, Article)> {
        let mut a = start;
        let mut out = Vec::new();
        for (j, w) in self.split(raw).into_iter().enumerate() {
            let b = a + w.len();
            if let Ok(k) = places.binary_search_by_key(&a, |p| p.0) {
                let own = context.and_then(|(n, original)| Self::own_slice(original, n.starts[a], n.ends[b - 1], w));
                out.extend(self.article_reading(&places[k].1, own.as_deref().unwrap_or(w)).map(|r| (j, r)));
            }
            a = b;
        }
        out
    }

    /// Each place in `text` where the vocalised Arabic article begins (`starts`: byte offsets,
    /// [`crate::arabic::article_starts`]) as its index in the normalized text and the original's characters
    /// from there (as many as the pattern reads), ascending: through `context`'s offsets when the text holds a
    /// character read in context, else counted through the char table ([`table_indices`]).
    pub(crate) fn article_places(
        &self,
        text: &str,
        starts: &[usize],
        context: Option<&(Normalized, Vec<char>)>,
    ) -> Vec<(usize, Vec<char>)> {
        if starts.is_empty() {
            return Vec::new();
        }
        let window = |b: usize| text[b..].chars().take(crate::arabic::ARTICLE_CHARS).collect::<Vec<char>>();
        match context {
            None => table_indices(text, starts).into_iter().zip(starts).map(|(i, &b)| (i, window(b))).collect(),
            Some((n, _)) => {
                // the original's character index of each byte offset (counted on from the one before), then
                // the output character it starts
                let mut last = (0, 0);
                let mut chars = starts.iter().map(|&b| {
                    last = (last.0 + text[last.1..b].chars().count(), b);
                    last
                });
                let mut out = Vec::with_capacity(starts.len());
                let mut next = chars.next();
                for (i, &from) in n.starts.iter().enumerate() {
                    while let Some((k, b)) = next.filter(|&(k, _)| k <= from) {
                        if k == from {
                            out.push((i, window(b)));
                        }
                        next = chars.next();
                    }
                }
                out.dedup_by_key(|p| p.0);
                out
            }
        }
    }

    /// Push `article`'s index terms (the rest's term and, when the rest is not its term, its surface reading:
    /// [`Analyzer::push_index_term`]) each after `STACK_MARK` onto `out`, unless the piece of `out` from
    /// `piece_start` already holds it (`Analyzer._article_readings`, `index_text`).
    pub(crate) fn push_article(&self, article: &Article, piece_start: usize, out: &mut String) {
        let mut second = String::new();
        let w: Vec<char> = article.word.chars().collect();
        self.push_index_term(&w, &article.term, &mut second);
        // the rest's term, then its surface reading (`␖عالمین`), each unless the piece holds it
        for t in second.split(tables::STACK_MARK) {
            if !out[piece_start..].split(tables::STACK_MARK).any(|have| have == t) {
                out.push(tables::STACK_MARK);
                out.push_str(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(s: &str) -> usize {
        article_letters(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn the_vocalised_article() {
        for (s, n) in [
            ("الرَّحِيمِ", 2),
            ("ٱلرَّحْمَٰنِ", 2),
            ("ٱلْحَمْدُ", 2),
            ("الۡحَمۡدُ", 2),
            ("وَالْأَرْضِ", 3),
            ("والسّلام", 3),
            ("بِالْحَقِّ", 3),
            ("السَّبیلِ", 2),
            ("اللّه", 2),
            ("الرحیم", 0),
            ("اوّل", 0),
            ("محمّد", 0),
            ("الّا", 0),
            ("الکّ", 0),
            ("", 0),
            ("ال", 0),
        ] {
            assert_eq!(letters(s), n, "{s}");
        }
        assert!(has_article("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ"));
        assert!(!has_article("اوّل محمّد الرحیم"));
    }
}
