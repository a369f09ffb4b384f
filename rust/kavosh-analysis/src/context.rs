//! Readings of a word that depend on its neighbour (`context.py`, issue #14 kind 5).
//!
//! A past participle that is also a frequent noun (`دیده` "eye", `داده` "data") is its verb's
//! participle before an auxiliary (`دیده شد`, `دیده است`, `دیده خواهد شد`): the token's term is
//! the verb's past stem (`دید`) alone: there it is no noun. A verb form after a preverb written
//! apart takes the joined spelling's term and keeps its own at the same position (`برداشت␁داشت`).
//! Sources: hazm's Conjugation tests of «دید», shekar's verbal spacing tests, read as search expectations.

use crate::analyzer::surface_to_word;
use crate::arabic::Article;
use crate::{tables, Analyzer};

/// A surface's role in a pair ([`crate::Analyzer`]'s index path): its last word is a participle
/// noun ([`is_participle_noun`]).
pub const LAST_PARTICIPLE: u8 = 1;
/// A surface's role in a pair: its first word is an auxiliary ([`is_auxiliary`], stopword test included).
pub const FIRST_AUXILIARY: u8 = 2;

/// `context.is_participle_noun`: a token (surface `w`, `term`) that is one of `PARTICIPLE_NOUNS` read as
/// the noun (its term is its word: [`crate::surface_to_word`] of `w`, compared without making it).
pub fn is_participle_noun(w: &[char], term: &str) -> bool {
    is_participle_term(term) && term.chars().eq(w.iter().copied().filter(|&c| !crate::chars::dropped(c)))
}

/// Whether `term` is one of `PARTICIPLE_NOUNS` (the cheap test: length and last letter first).
pub fn is_participle_term(term: &str) -> bool {
    term.ends_with(tables::PARTICIPLE_ENDING) && tables::PARTICIPLE_NOUNS.contains(&term)
}

/// `context.is_auxiliary` without its stopword test: the term is one of `AUXILIARY_TERMS` or the
/// word one of `AUXILIARY_WORDS` (the caller asks whether the word is a stopword).
pub fn is_auxiliary(word: &str, term: &str) -> bool {
    tables::AUXILIARY_TERMS.contains(&term) || tables::AUXILIARY_WORDS.contains(&word)
}

/// `context.participle_verb`: the verb's term of a participle noun's term (`دیده` → `دید`).
pub fn participle_verb(term: &str) -> &str {
    term.strip_suffix(tables::PARTICIPLE_ENDING).unwrap_or(term)
}

/// `context.noun_reading`: the noun a token holds at its position besides `term` when it is a
/// participle read as its verb (`term` is [`participle_verb`] of `word`), else `None`.
pub fn noun_reading<'w>(term: &str, word: &'w str) -> Option<&'w str> {
    (is_participle_term(word) && participle_verb(word) == term).then_some(word)
}

/// A surface's role in a pair: its first word begins with `IMPERFECTIVE_PREFIXES` and its term is a
/// past stem (a verb form a preverb written apart before it may take).
pub const FIRST_IMPERFECTIVE: u8 = 4;
/// A surface's role: a preverb then such a verb form inside the surface (split words).
pub const INNER_PREVERB: u8 = 8;
/// A surface's role in a pair: its last word is one of `PREPOSITIONS_BEFORE_PREVERB` (a preverb after it
/// is a word of its own: [`is_preposition`]).
pub const LAST_PREPOSITION: u8 = 16;
/// A surface's role in a pair: when its last word is one of `PREVERBS_APART`, that one's index + 1
/// in the role's bits from this one up ([`preverb_role`], [`role_preverb`]).
const PREVERB_SHIFT: u32 = 5;

/// The role bits of a surface whose last word is `PREVERBS_APART[index]`.
pub fn preverb_role(index: usize) -> u8 {
    u8::try_from(index + 1).expect("few preverbs") << PREVERB_SHIFT
}

/// The preverb a surface's last word is, from its role ([`preverb_role`]), if any.
pub fn role_preverb(role: u8) -> Option<&'static str> {
    match role >> PREVERB_SHIFT {
        0 => None,
        k => tables::PREVERBS_APART.get(usize::from(k) - 1).copied(),
    }
}

/// What a token read with the preverb before it holds at its position besides the joined word's term
/// ([`crate::Analyzer`]'s token walk): its own term, and the joined spelling (preverb + word) whose index
/// term comes first.
#[derive(Debug, Clone, Copy)]
pub struct Second<'a> {
    /// The token's own term (`داشت`).
    pub term: &'a str,
    /// The preverb + the token's word (`برمیدارد`).
    pub joined: &'a [char],
}

/// A participle noun's token waiting for the next one ([`Analyzer::each_token`]): its surface, term, reading
/// without the vocalised Arabic article, start and end.
type Waiting = (Vec<char>, String, Option<Article>, usize, usize);

/// Whether a normalized word begins with one of `IMPERFECTIVE_PREFIXES`.
pub fn is_imperfective(word: &str) -> bool {
    tables::IMPERFECTIVE_PREFIXES.iter().any(|p| word.starts_with(p))
}

/// The preverb of `PREVERBS_APART` that the word of surface `w` is (its characters but spaces,
/// ZWNJ, `,` and the compound joiner, compared without making the word), if any.
pub fn preverb_of(w: &[char]) -> Option<&'static str> {
    preverb_index(w).map(|k| tables::PREVERBS_APART[k])
}

/// The index in `PREVERBS_APART` of the preverb the word of surface `w` is ([`preverb_of`]).
pub fn preverb_index(w: &[char]) -> Option<usize> {
    if w.len() > 6 {
        return None;
    }
    let letters = || w.iter().copied().filter(|&c| !crate::chars::dropped(c));
    tables::PREVERBS_APART.iter().position(|p| letters().eq(p.chars()))
}

/// Whether the word of surface `w` is one of `PREPOSITIONS_BEFORE_PREVERB` (`context.preposition_before`'s
/// test of the word before the preverb: `از در می‌آید` keeps `آمد`), compared without making the word.
pub fn is_preposition(w: &[char]) -> bool {
    if w.len() > 6 {
        return false;
    }
    let letters = || w.iter().copied().filter(|&c| !crate::chars::dropped(c));
    tables::PREPOSITIONS_BEFORE_PREVERB.iter().any(|p| letters().eq(p.chars()))
}

/// `context.preverb_apart` (its preverb and prefix tests are the caller's: [`preverb_of`],
/// [`is_imperfective`]): the token's term is a past stem and the joined word's term is the preverb +
/// it, a past stem too.
pub fn preverb_apart(preverb: &str, term: &str, joined_term: &str, is_past: impl Fn(&str) -> bool) -> bool {
    joined_term.len() == preverb.len() + term.len()
        && joined_term.starts_with(preverb)
        && joined_term.ends_with(term)
        && is_past(term)
        && is_past(joined_term)
}

/// The readings a neighbour decides, in [`Analyzer`]'s two paths: the index path's surfaces ([`Analyzer::push_words`]
/// gives a surface's role in a pair) and the token walk ([`Analyzer::each_token`]).
impl Analyzer {
    /// The participle noun whose term ends `out` read as its verb (`context.py`): its ending dropped,
    /// `دیده` becomes `دید` (the verb only: before an auxiliary it is no noun).
    pub(crate) fn read_as_verb(out: &mut String) {
        out.truncate(out.len() - tables::PARTICIPLE_ENDING.len());
    }

    /// The terms of consecutive `words` of one surface (`terms`: each one's term) pushed onto `out`
    /// joined by single spaces, a participle noun before an auxiliary read as its verb
    /// (`Analyzer._token_terms`), stopwords' terms marked and second readings stacked with
    /// `mark_stopwords`; returns the surface's role in a pair with its neighbours
    /// ([`LAST_PARTICIPLE`], [`FIRST_AUXILIARY`]).
    pub(crate) fn push_words(
        &self,
        words: &[&[char]],
        terms: &[Box<str>],
        mark_stopwords: bool,
        out: &mut String,
    ) -> u8 {
        // without stemming no reading depends on a neighbour
        let participle = |i: usize| self.lexicon().is_some() && is_participle_noun(words[i], &terms[i]);
        let auxiliary = |i: usize| {
            let word = surface_to_word(words[i]);
            is_auxiliary(&word, &terms[i]) && self.is_stopword(&word)
        };
        for (i, (w, term)) in words.iter().zip(terms).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if i + 1 < words.len() && participle(i) && auxiliary(i + 1) {
                out.push_str(participle_verb(term));
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
        let preverb = |i: usize| self.lexicon().and(preverb_index(words[i]));
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
        if let Some(k) = preverb(last).filter(|_| last == 0 || !is_preposition(words[last - 1])) {
            role |= preverb_role(k);
        }
        if (1..words.len()).any(|i| preverb(i - 1).is_some() && imperfective(i)) {
            role |= INNER_PREVERB;
        }
        if self.lexicon().is_some() && is_preposition(words[last]) {
            role |= LAST_PREPOSITION;
        }
        role
    }

    /// Whether a word (surface `w`, term `term`) is a verb form a preverb written apart before it may
    /// take: it begins with `IMPERFECTIVE_PREFIXES` and its term is a past stem (`context.preverb_apart`'s
    /// tests on the word alone).
    fn imperfective_verb(&self, w: &[char], term: &str) -> bool {
        self.lexicon().is_some_and(|lex| lex.is_past(term) && is_imperfective(&surface_to_word(w)))
    }

    /// The reading of a token (surface `w`, term `term`) after the preverb `preverb` written apart
    /// (`Analyzer._neighbour_readings`): the joined word (preverb + word) and its term, when
    /// [`preverb_apart`] holds; else `None`.
    pub(crate) fn preverb_reading(&self, preverb: &str, w: &[char], term: &str) -> Option<(Vec<char>, Box<str>)> {
        let lex = self.lexicon()?;
        let word = surface_to_word(w);
        if !is_imperfective(&word) {
            return None;
        }
        let joined: Vec<char> = preverb.chars().chain(word.chars()).collect();
        let joined_term = self.cached_term(&joined);
        preverb_apart(preverb, term, &joined_term, |t| lex.is_past(t)).then_some((joined, joined_term))
    }

    /// [`Analyzer::each_token_alone`] with the readings that depend on the next token
    /// (`context.py`): `f(surface, term, second, start, end)`, where a participle noun before an
    /// auxiliary (`دیده شد`) has its verb's term (`دید`), and a verb form after a preverb written apart
    /// the joined word's term with its own reading as `second` (else `None`).
    /// A participle noun's token waits for the next one (copied: the only allocation).
    pub(crate) fn each_token(
        &self,
        text: &str,
        mut f: impl FnMut(&[char], &str, Option<Second<'_>>, Option<Article>, usize, usize),
    ) {
        let stem = self.lexicon().is_some();
        let mut waiting: Option<Waiting> = None;
        let mut preverb: Option<&'static str> = None;
        // whether the token before is a preposition (a preverb after it is a word of its own)
        let mut preposition = false;
        self.each_token_alone(text, |w, t, article, start, end| {
            if let Some((pw, pt, pa, ps, pe)) = waiting.take() {
                let word = surface_to_word(w);
                if is_auxiliary(&word, t) && self.is_stopword(&word) {
                    f(&pw, participle_verb(&pt), None, pa, ps, pe);
                } else {
                    f(&pw, &pt, None, pa, ps, pe);
                }
            }
            let after = preverb.take();
            if stem {
                preverb = preverb_of(w).filter(|_| !preposition);
                preposition = is_preposition(w);
            }
            if let Some((joined, jt)) = after.and_then(|p| self.preverb_reading(p, w, t)) {
                f(w, &jt, Some(Second { term: t, joined: &joined }), article, start, end);
            } else if stem && is_participle_noun(w, t) {
                waiting = Some((w.to_vec(), t.to_owned(), article, start, end));
            } else {
                f(w, t, None, article, start, end);
            }
        });
        if let Some((pw, pt, pa, ps, pe)) = waiting {
            f(&pw, &pt, None, pa, ps, pe);
        }
    }
}
