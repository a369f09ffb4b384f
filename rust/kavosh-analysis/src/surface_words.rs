//! A surface's words (`Compounds.split`, `Analyzer._surface_words`): itself without its separators, its
//! compound's parts, a joined Arabic name's or a glued word's two pieces, or a glued run's known words
//! (`segment.rs`); and the words cache's entry, the words with their terms.

use crate::analyzer::{stripped, Analyzer};
use crate::chars::is_sep;
use crate::lexicon::Lexicon;
use crate::segment::Word;
use crate::stem::stem;
use crate::tables;

/// A surface's words, as [`Analyzer::split`] gives them, and each word's term
/// ([`Analyzer::term_of`]), in the same order: few allocations to reach on a cache hit.
pub(crate) struct Split {
    /// The words, or `None` for the one word that is the surface without its trailing
    /// separators (most surfaces).
    pub(crate) words: Option<Box<[Box<[char]>]>>,
    /// The words' terms joined by single spaces (a term holds none: `surface_to_word`).
    pub(crate) terms: Box<str>,
}

impl Analyzer {
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

    /// The words of `surface` ([`Analyzer::split`]) and their terms (from the term cache).
    pub(crate) fn split_terms(&self, surface: &[char]) -> Split {
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
}
