//! Lexicon-guarded light stemming and verb lemmatization (`morphology.Stemmer`).
//!
//! The lexicon-guarded approach of Taghva et al., "A stemming algorithm for the Farsi
//! language" (ITCC 2005) and of hazm's `Lemmatizer`; see `morphology.py` for the rules
//! and their reasons.  Words are normalized, without half-spaces.

use crate::lexicon::{Entry, Lexicon};
use crate::spoken;
use crate::tables;

fn n_chars(s: &str) -> usize {
    s.chars().count()
}

/// `s` without its last `k` characters.
fn drop_last(s: &str, k: usize) -> &str {
    let mut end = s.len();
    for _ in 0..k {
        end -= s[..end].chars().next_back().map_or(0, char::len_utf8);
    }
    &s[..end]
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// `_looks_like_participle`: Arabic participles take the plural `ین` (م-initial, or فاعل).
fn looks_like_participle(word: &str) -> bool {
    let mut cs = word.chars();
    let first = cs.next();
    first == Some('م') || (n_chars(word) == 4 && cs.next() == Some('ا'))
}

/// Reduce a normalized word to its stem (`Stemmer.stem`, uncached).
pub fn stem(lex: &Lexicon, word: &str) -> String {
    let Some(first) = word.chars().next() else {
        return String::new();
    };
    if !('\u{0620}'..='\u{06ff}').contains(&first) {
        return word.to_owned();
    }
    // خیلیییی, عالیههه: squeezed when the squeezed form is a word, unless the word as written
    // stems to a word (جبههها is جبهه + ها)
    if let Some((one, two)) = spoken::squeezed(word) {
        let plain = plain_stem(lex, word);
        if plain != word && lex.entry(&plain).is_some() {
            return plain;
        }
        if lex.entry(&one).is_some() {
            return plain_stem(lex, &one);
        }
        if lex.entry(&two).is_some() {
            return plain_stem(lex, &two);
        }
        return plain;
    }
    plain_stem(lex, word)
}

/// `Stemmer._plain_stem`: [`stem`] without squeezing stretched letters.
fn plain_stem(lex: &Lexicon, word: &str) -> String {
    if n_chars(word) <= tables::MIN_STEM {
        // یه: the spoken یک
        return match lex.broken_plurals.get(word) {
            Some(short) => stem(lex, short),
            None => word.to_owned(),
        };
    }
    let canonical = lex.hamza_canonical(word);
    if let Some(singular) = lex.broken_plurals.get(canonical.as_str()) {
        return stem(lex, singular);
    }
    let s = stem_inner(lex, &canonical);
    let s = match lex.hamza_variants.get(&s) {
        Some(c) => c.clone(),
        None => s,
    };
    // پختن, گفته: an infinitive or a verbal participle is its verb's past stem
    let s = match lex.verbal_nouns.get(&s) {
        Some(p) => p.clone(),
        None => s,
    };
    match lex.broken_plurals.get(&s) {
        // a singular is never a key of the table: no loop
        Some(singular) => stem(lex, singular),
        None => s,
    }
}

fn stem_inner(lex: &Lexicon, word: &str) -> String {
    if lex.protected.contains(word) {
        return word.to_owned();
    }
    let is_noun = lex.entry(word).is_some_and(|e| e.noun());
    if !is_noun || lex.verb_first.contains(word) {
        if let Some(verb) = lex.verb(word) {
            // past stem + perfect ه‌ای is also an adjectival participle + indefinite ای (unless the
            // participle is its verb's anyway, a verbal noun)
            if word.ends_with("های")
                && verb == drop_last(word, 3)
                && lex.entry(drop_last(word, 2)).is_some_and(|e| e.adjective())
                && !lex.verbal_nouns.contains_key(drop_last(word, 2))
            {
                let noun = noun(lex, word);
                if noun != word {
                    return noun;
                }
            }
            if !function_word_clitic(lex, word) {
                return verb.to_owned();
            }
        }
        if let Some(s) = spoken_stem(lex, word) {
            return s;
        }
    }
    noun(lex, word)
}

/// `Stemmer._function_word_clitic`: a function word of `MIN_CLITIC_HOST_LETTERS` letters or more + a
/// one-letter clitic (`برایم`), read by the noun analysis, never as a verb form (`برآیم`); not when
/// the function word is a verb form itself (`نبودم` is "I was not").
fn function_word_clitic(lex: &Lexicon, word: &str) -> bool {
    let mut chars = word.chars();
    let last = chars.next_back();
    last.is_some_and(|c| tables::CLITICS.iter().any(|k| k.chars().eq(std::iter::once(c))))
        && chars.clone().count() >= tables::MIN_CLITIC_HOST_LETTERS
        && lex.stopword_keys.contains(chars.as_str())
        && lex.verb(chars.as_str()).is_none()
}

/// `Stemmer._spoken`: the stem of a spoken form of a word the word list does not tag.
fn spoken_stem(lex: &Lexicon, word: &str) -> Option<String> {
    let spoken_verb = lex.spoken_verb(word);
    let candidates = spoken::noun_candidates(word);
    if candidates.is_empty() {
        return spoken_verb
            .map(str::to_owned)
            .or_else(|| copula(lex, word))
            .or_else(|| object(lex, word))
            .or_else(|| joined_copula(lex, word));
    }
    let n = noun(lex, word);
    // تونست: a spoken verb form, not تونس + the clitic ت
    let clitic_off =
        spoken_verb.is_some() && word.strip_prefix(n.as_str()).is_some_and(|c| tables::CLITICS.contains(&c));
    if n != word && lex.entry(&n).is_some_and(|e| e.noun()) && !clitic_off {
        return None;
    }
    let f_word = lex.freq(word).unwrap_or(0);
    for (base, ending) in candidates {
        if ending.is_empty() {
            // a tagged word, or a word of the list more frequent whose noun stem is one (ایرانی)
            if !lex.entry(&base).is_some_and(|e| {
                e.noun() || (e.freq > f_word && lex.entry(&noun(lex, &base)).is_some_and(|s| s.noun()))
            }) {
                continue;
            }
        } else if n_chars(&base) < 3 || (tables::UNKNOWN_WORD_ENDINGS.contains(&ending) && lex.entry(word).is_some()) {
            continue; // ابرهام, لغویون: words of the list in هام, یون are no spoken forms
        }
        let whole = format!("{base}{ending}");
        let stem = noun(lex, &whole);
        if !ending.is_empty() && n_chars(&stem) < 3 {
            continue; // پایتون is no پای + تون (پایتان, "your feet")
        }
        let Some(e) = lex.entry(&stem) else {
            continue;
        };
        if e.noun() && e.freq > f_word && !lex.stopword_keys.contains(&stem) {
            if let Some(verb) = spoken_verb {
                if (word.starts_with("می") || word.starts_with("نمی"))
                    && lex.freq(&whole).unwrap_or(0)
                        <= tables::SPOKEN_NOUN_OVER_VERB * lex.freq(&format!("{verb}ن")).unwrap_or(0)
                {
                    return Some(verb.to_owned());
                }
            }
            return Some(stem);
        }
    }
    spoken_verb
        .map(str::to_owned)
        .or_else(|| copula(lex, word))
        .or_else(|| object(lex, word))
        .or_else(|| joined_copula(lex, word))
}

/// `Stemmer._object`: the stem of a word + the joined spoken object marker `و` (`کتابو`, `حرفشو`),
/// when the word list does not know the word and the stem of the word before it is a tagged word,
/// no stopword, seen `MIN_OBJECT_STEM_FREQ` times or more.
fn object(lex: &Lexicon, word: &str) -> Option<String> {
    let base = spoken::object_base(word, spoken::not_object())?;
    if lex.entry(word).is_some() {
        return None;
    }
    let stem = stem_inner(lex, base);
    let e = lex.entry(&stem)?;
    (e.noun() && e.freq >= tables::MIN_OBJECT_STEM_FREQ && !lex.stopword_keys.contains(&stem)).then_some(stem)
}

/// `Stemmer._joined_copula`: the stem of a word + `است` written joined after a vowel letter (`زیباست`,
/// `آرزوست`, `حاکیست`), when the word list does not know the word, the word less its `ت` is no word of
/// the non-verb lexicon (`حواست`), a base in `ی` is a tagged word (not `کمالیست`), and the stem of the
/// base is a tagged word, no stopword, seen `MIN_JOINED_COPULA_STEM_FREQ` times or more.
fn joined_copula(lex: &Lexicon, word: &str) -> Option<String> {
    let base = spoken::joined_copula_base(word)?;
    if lex.freq(word).unwrap_or(0) > 0 || lex.entry(drop_last(word, 1)).is_some_and(|e| e.noun()) {
        return None;
    }
    if base.ends_with('ی') && !lex.entry(base).is_some_and(|e| e.lemma()) {
        return None;
    }
    let stem = stem_inner(lex, base);
    let e = lex.entry(&stem)?;
    (e.lemma() && e.freq >= tables::MIN_JOINED_COPULA_STEM_FREQ && !lex.stopword_keys.contains(&stem)).then_some(stem)
}

/// `Stemmer._copula`: the stem of a word + the spoken copula `ه` (`خوبه`, `گرونه`), when the stem
/// of the word before it is a tagged word, no stopword, more frequent than the spoken spelling.
fn copula(lex: &Lexicon, word: &str) -> Option<String> {
    let base = spoken::copula_base(word, spoken::not_copula())?;
    let stem = stem_inner(lex, base);
    let e = lex.entry(&stem)?;
    (e.noun() && e.freq > lex.freq(word).unwrap_or(0) && !lex.stopword_keys.contains(&stem)).then_some(stem)
}

/// `morphology._bare_t_impossible`: `rest` ends in `T_HOST_NOT_AFTER` (`ی`) after a consonant, so `rest` + `ت`
/// is no clitic form (`شیت`); a `ی` after `ا`/`و` (`GLIDE_AFTER`) is the glide (`پایت`).
fn bare_t_impossible(rest: &str) -> bool {
    let mut back = rest.chars().rev();
    back.next() == Some(tables::T_HOST_NOT_AFTER) && !back.next().is_some_and(|c| tables::GLIDE_AFTER.contains(c))
}

/// `morphology._own_word_in_t`: a word in `ت` seen `f_word` times is a word of its own, not its
/// remainder (`f_rest`; with `ش`, `f_rest_sh`) + the clitic `ت`.
fn own_word_in_t(f_word: u64, f_rest: u64, f_rest_sh: u64) -> bool {
    f_word as f64 >= tables::T_WORD_RATIO * f_rest as f64 && f_word as f64 > tables::CLITIC_T_OVER_SH * f_rest_sh as f64
}

/// `verbs.affirmative_spellings`: the spellings of a normalized word without a negation prefix
/// (`NEGATION`) at its start or right after a preverb (`PREVERBS`); before a glide `ی` also without it
/// and with `ا` for it (`نیامد` → `یامد`, `امد`, `اامد`); none of fewer than two letters.
pub fn affirmative_spellings(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for head in std::iter::once("").chain(tables::PREVERBS.iter().copied()) {
        let Some(rest) = word.strip_prefix(head).and_then(|r| r.strip_prefix(tables::NEGATION)) else {
            continue;
        };
        let mut push = |s: String| {
            if n_chars(&s) >= 2 {
                out.push(s);
            }
        };
        push(format!("{head}{rest}"));
        if let Some(after) = rest.strip_prefix('ی') {
            push(format!("{head}{after}"));
            push(format!("{head}ا{after}"));
        }
    }
    out
}

/// `Stemmer.negated`: whether a normalized word whose term is `term` is a negated verb form — `term` is
/// a past stem of the verb list and a spelling without the negation prefix ([`affirmative_spellings`])
/// has the same term (`نمیدهد`, `نشد`; not `نشست`, `نمود`).
pub fn negated(lex: &Lexicon, word: &str, term: &str) -> bool {
    lex.is_past(term) && affirmative_spellings(word).iter().any(|s| stem(lex, s) == term)
}

/// `morphology.clitic_host`: a clitic pronoun may come off a word the word list does not tag, leaving
/// `rest` (3+ letters): a tagged word, a tagged word + `ی` (`عمویش`, `حاضریم`) or + a plural or
/// comparative ending (`CLITIC_HOST_ENDINGS`; `گان` after a silent `ه`), or seen `MIN_CLITIC_HOST_FREQ`
/// times or more (`تیمش`); never a rare name's remainder (`کیروش` is not `کیرو` + `ش`).
fn clitic_host(lex: &Lexicon, rest: &str, rest_entry: Option<Entry>) -> bool {
    if rest_entry.is_some_and(|e| e.noun() || e.freq >= tables::MIN_CLITIC_HOST_FREQ) {
        return true;
    }
    let is_noun = |w: &str| lex.entry(w).is_some_and(|e| e.noun());
    if let Some(host) = rest.strip_suffix('ی') {
        if is_noun(host) {
            return true;
        }
    }
    if let Some(host) = rest.strip_suffix("گان") {
        if is_noun(&format!("{host}ه")) {
            return true;
        }
    }
    tables::CLITIC_HOST_ENDINGS.iter().any(|ending| rest.strip_suffix(ending).is_some_and(is_noun))
}

/// `Stemmer._present_stem`: a present stem of a verb of the verb list whose infinitive the word list
/// has seen (`می` + it + `د` is a form of the verb, and the past stem + `ن` has a frequency).
fn present_stem(lex: &Lexicon, stem: &str) -> bool {
    lex.verb(&format!("می{stem}د")).is_some_and(|past| lex.freq(&format!("{past}ن")).unwrap_or(0) > 0)
}

/// `stem_rules.an_plural_rest`: whether `word` may be `rest` + the plural `ان` (kind 10 of issue #14):
/// an untagged remainder only in `ی`, frequent, long or (ending in) a present stem (`روژان` stays);
/// a remainder in `ی` tagged as a noun but not as an adjective not when the word list lists the
/// word itself, untagged and never seen (`شجریان` stays).
fn an_plural_rest(lex: &Lexicon, entry: Option<Entry>, rest: &str, rest_entry: Option<Entry>) -> bool {
    let ends_in_yeh = last_char(rest) == Some('ی');
    if !rest_entry.is_some_and(|e| e.noun()) {
        let n_rest = n_chars(rest);
        if ends_in_yeh
            || rest_entry.map_or(0, |e| e.freq) >= tables::MIN_CLITIC_HOST_FREQ
            || n_rest >= tables::MIN_UNTAGGED_PLURAL_STEM
        {
            return true;
        }
        // the rest itself or a piece of two letters or more after its first two (گلزن: زن)
        return rest
            .char_indices()
            .enumerate()
            .filter(|&(i, _)| (i == 0 || i >= 2) && i + 2 <= n_rest)
            .any(|(_, (at, _))| present_stem(lex, &rest[at..]));
    }
    if ends_in_yeh && !rest_entry.is_some_and(|e| e.adjective()) {
        return !entry.is_some_and(|e| e.freq == 0 && !e.noun());
    }
    true
}

/// `stem_rules.noun_of_its_own_in_yeh`: a word in `ی` after a consonant that the list tags as a noun lemma
/// and not as an adjective, seen, its remainder no adjective, is a noun of its own (`سلامی`, `نشانی`).
fn noun_of_its_own_in_yeh(entry: Option<Entry>, rest: &str, rest_entry: Option<Entry>) -> bool {
    entry.is_some_and(|e| e.tagged_noun() && e.lemma() && !e.adjective() && e.freq > 0)
        && !rest_entry.is_some_and(|e| e.adjective())
        && !last_char(rest).is_some_and(|c| tables::GLIDE_AFTER.contains(c))
}

/// `Stemmer._pluralizable`.
fn pluralizable(lex: &Lexicon, rest: &str) -> bool {
    match lex.entry(rest) {
        Some(e) if e.plural() => false,
        Some(e) if e.noun() => true,
        _ => !lex.stopword_keys.contains(rest),
    }
}

/// `Stemmer._people_plural_in`.
fn people_plural_in(lex: &Lexicon, word: &str, rest: &str) -> bool {
    if n_chars(rest) < tables::MIN_PEOPLE_PLURAL_STEM || !lex.entry(rest).is_some_and(|e| e.adjective()) {
        return false;
    }
    let Some(w) = lex.entry(word) else {
        return false;
    };
    if !w.tagged_noun() || w.adjective() {
        return false;
    }
    !(last_char(rest) == Some('م') && lex.entry(drop_last(rest, 1)).is_some())
}

/// `Stemmer._noun`: noun and adjective suffixes, at most three times.
fn noun(lex: &Lexicon, word: &str) -> String {
    let mut word = word.to_owned();
    for _ in 0..3 {
        if let Some(v) = lex.hamza_variants.get(&word) {
            word = v.clone();
        }
        if lex.protected.contains(&word) {
            return word;
        }
        let entry = lex.entry(&word);
        let tagged = entry.is_some_and(|e| e.noun());
        let lemma = entry.is_some_and(|e| e.lemma() && e.freq > 0);
        let n_word = n_chars(&word);
        let last = last_char(&word);
        // (f_rest, rest, ratio, score)
        let mut best: Option<(u64, String, f64, f64)> = None;
        let mut alt: Option<(u64, String, f64)> = None;
        let mut best_odd = false;
        for &(suffix, repl, ratio, after) in tables::NOUN_SUFFIXES {
            if last_char(suffix) != last || !word.ends_with(suffix) {
                continue;
            }
            let n_suffix = n_chars(suffix);
            if n_word - n_suffix < tables::MIN_STEM {
                continue;
            }
            if tagged && tables::WEAK_SUFFIXES.contains(&suffix) {
                continue;
            }
            if lemma && tables::LEMMA_KEEPS.contains(&suffix) {
                continue;
            }
            // تومان, پیمان, ایمان, متین: a tagged lemma is not a two-letter word + suffix
            if lemma && n_suffix > 1 && n_word - n_suffix + n_chars(repl) <= tables::MIN_STEM && after != "adjective" {
                continue;
            }
            let rest = format!("{}{}", &word[..word.len() - suffix.len()], repl);
            let rest_last = last_char(&rest);
            let rest_entry = lex.entry(&rest);
            // شکات, گوتش, ورش, وست: no untagged, rare or Arabic-plural two-letter remainder
            if n_word - n_suffix <= tables::MIN_STEM
                && !(suffix == "ی" && matches!(rest_last, Some('ا' | 'و')))
                && (!rest_entry.is_some_and(|e| e.noun())
                    || (n_chars(&rest) <= tables::MIN_STEM
                        && (tables::NO_SHORT_STEM_SUFFIXES.contains(&suffix)
                            || rest_entry.map_or(0, |e| e.freq) < tables::MIN_SHORT_STEM_FREQ)))
            {
                continue;
            }
            // کیروش, فولام, تورام: a name, not an unknown remainder + clitic; a spelling of the tables
            // (`broken_plurals`: زکوهش, زکوه = زکات) + clitic is one
            if !tagged
                && tables::WEAK_SUFFIXES.contains(&suffix)
                && !clitic_host(lex, &rest, rest_entry)
                && !lex.broken_plurals.contains_key(rest.as_str())
            {
                continue;
            }
            // سلامی, نشانی: a noun of its own, not سلام/نشان + ی
            if suffix == "ی" && noun_of_its_own_in_yeh(entry, &rest, rest_entry) {
                continue;
            }
            // روژان, شجریان: a word of its own, not روژ/شجری + the plural ان
            if tables::AN_PLURALS.contains(&suffix) && !an_plural_rest(lex, entry, &rest, rest_entry) {
                continue;
            }
            // پاکت, فونت, شیت: a word of its own, not پاک + "your"
            if suffix == "ت"
                && (bare_t_impossible(&rest)
                    || own_word_in_t(
                        entry.map_or(0, |e| e.freq),
                        rest_entry.map_or(0, |e| e.freq),
                        lex.freq(&format!("{rest}ش")).unwrap_or(0),
                    ))
            {
                continue;
            }
            match after {
                "adjective" => {
                    let ok = rest_entry.is_some_and(|e| e.adjective())
                        || entry.is_none()
                        || (rest_last == Some('ی') && n_chars(&rest) >= 4);
                    if !ok {
                        continue;
                    }
                }
                "participle" => {
                    if !(looks_like_participle(&rest) || people_plural_in(lex, &word, &rest)) {
                        continue;
                    }
                }
                "noun-vowel" => {
                    if !matches!(rest_last, Some('ا' | 'و')) || !rest_entry.is_some_and(|e| e.tagged_noun()) {
                        continue;
                    }
                }
                "" => {}
                _ => {
                    if !rest_last.is_some_and(|c| after.contains(c)) {
                        continue;
                    }
                }
            }
            let Some(re) = rest_entry else {
                continue;
            };
            let f_rest = re.freq;
            let odd = tables::PLURAL_SUFFIXES.contains(&suffix) && !pluralizable(lex, &rest);
            let score =
                if suffix == "ای" { f_rest as f64 * tables::INDEFINITE_AFTER_HEH_PRIOR } else { f_rest as f64 };
            if best.as_ref().is_none_or(|b| score > b.3) {
                best = Some((f_rest, rest.clone(), ratio, score));
                best_odd = odd;
            }
            if !odd && re.noun() && alt.as_ref().is_none_or(|a| f_rest > a.0) {
                alt = Some((f_rest, rest, ratio));
            }
        }
        let Some(b) = best else {
            let plural = tables::PLURAL_SUFFIXES.iter().find(|x| word.ends_with(**x) && n_word - n_chars(x) >= 3);
            match plural {
                Some(p) if entry.is_none() => {
                    word.truncate(word.len() - p.len());
                    continue;
                }
                _ => return word,
            }
        };
        let (f_rest, rest, mut ratio) = match (best_odd, alt) {
            (true, Some(a)) => a,
            _ => (b.0, b.1, b.2),
        };
        let f_word = entry.map_or(0, |e| e.freq);
        if !tagged {
            ratio *= tables::UNTAGGED_RATIO_FACTOR;
        }
        if !entry.is_some_and(|e| e.plural()) && f_word > 0 && f_word as f64 >= ratio * f_rest as f64 {
            return word;
        }
        word = rest;
    }
    word
}
