//! Readings of a word that depend on its neighbour (`context.py`, issue #14 kind 5).
//!
//! A past participle that is also a frequent noun (`دیده` "eye", `داده` "data") is its verb's
//! participle before an auxiliary (`دیده شد`, `دیده است`, `دیده خواهد شد`): the token's term is
//! the verb's past stem (`دید`), and the index keeps the noun at the same position
//! (`دید␁دیده`). Source: hazm's Conjugation tests of «دید», read as search expectations.

use crate::tables;

/// A surface's role in a pair ([`crate::Analyzer`]'s index path): its last word is a participle
/// noun ([`is_participle_noun`]).
pub const LAST_PARTICIPLE: u8 = 1;
/// A surface's role in a pair: its first word is an auxiliary ([`is_auxiliary`], stopword test included).
pub const FIRST_AUXILIARY: u8 = 2;

/// `context.is_participle_noun`: a token (normalized `word`, `term`) that is one of
/// `PARTICIPLE_NOUNS` read as the noun (its term is its word).
pub fn is_participle_noun(word: &str, term: &str) -> bool {
    term == word && is_participle_term(term)
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
