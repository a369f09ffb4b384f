//! Readings of a word that depend on its neighbour (`context.py`, issue #14 kind 5).
//!
//! A past participle that is also a frequent noun (`دیده` "eye", `داده` "data") is its verb's
//! participle before an auxiliary (`دیده شد`, `دیده است`, `دیده خواهد شد`): the token's term is
//! the verb's past stem (`دید`) alone: there it is no noun. A verb form after a preverb written
//! apart takes the joined spelling's term and keeps its own at the same position (`برداشت␁داشت`).
//! Sources: hazm's Conjugation tests of «دید», shekar's verbal spacing tests, read as search expectations.

use crate::tables;

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
