//! The verb tables of the lexicon, built by [`Lexicon::load`](super::Lexicon::load) (the port of
//! `kavosh.analysis.verbs`): every spelled form of every verb of the verb list with its past stem
//! (`verbs.verb_forms`, `Stemmer._verb_forms`), the infinitives and participles read as their
//! verb (`verbs.verbal_nouns`), and the rules on a verb's spellings that the compounds of the
//! word list also need (`prefixed`, `written_apart_infinitive`, `preverb_verb_compound`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::key;
use crate::chars::ZWNJ;
use crate::spoken::{spoken_past, spoken_past_heads, spoken_past_stems, spoken_stems, Shortened};
use crate::tables;

/// The word list as [`Lexicon::load`](super::Lexicon::load) reads it: `{key: (frequency, tag flags)}`.
pub(super) type Freq = FxHashMap<String, (u64, u64)>;

/// The three verb-form tables, `(form, index into past_stems)`, and the past stems they index.
pub(super) struct VerbForms {
    /// `{past form: stem}` (`Stemmer._verb_forms[0]`).
    pub(super) past: Vec<(String, u64)>,
    /// `{present form: stem}` (`Stemmer._verb_forms[1]`).
    pub(super) present: Vec<(String, u64)>,
    /// `{spoken form: stem}` (`Stemmer._verb_forms[2]`).
    pub(super) spoken: Vec<(String, u64)>,
    /// The past stems the tables' values index.
    pub(super) past_stems: Vec<String>,
}

/// `verbs.prefixed`: the spellings of `prefix + stem`; `ب`/`ن` before a stem in `ا` take the glide
/// `ی` instead (بیاورد, نیامد; both spellings before a stem in ای: بایستد), and a short `ا` before
/// `ف`/`ن` may drop (بیفتد, بیندازد).
pub(super) fn prefixed(prefix: &str, stem: &str) -> Vec<String> {
    let glide = (prefix == "ب" || prefix == "ن") && stem.starts_with('ا');
    // without the glide only before a stem in ای (بایستد): elsewhere archaic, and nouns (باوری)
    let mut out = if glide && !stem.starts_with("ای") { Vec::new() } else { vec![format!("{prefix}{stem}")] };
    if glide {
        out.push(format!("{prefix}ی{stem}"));
        let rest = &stem['ا'.len_utf8()..];
        if stem.chars().count() >= 3 && rest.starts_with(['ف', 'ن']) {
            out.push(format!("{prefix}ی{rest}"));
        }
    }
    out
}

/// `verbs.written_apart_infinitive`: whether a compound of the word list (normalized, with its
/// half-space) is a preverb written apart + an infinitive of the verb list (`پس‌دادن`): such a
/// compound is neither joined nor split, like the verb's finite forms (`پس داد`).
pub(super) fn written_apart_infinitive(compound: &str, past: &FxHashSet<&str>) -> bool {
    let Some((head, rest)) = compound.split_once(ZWNJ) else {
        return false;
    };
    tables::PREVERBS_WRITTEN_APART.contains(&head) && rest.strip_suffix('ن').is_some_and(|stem| past.contains(stem))
}

/// `verbs.preverb_verb_compound`: whether a compound of the word list (normalized, its parts apart
/// by a half-space or the list's `#`) is a preverb written joined + the rest of a verb of the verb
/// list (past stem, infinitive or participle: `فرو#نشاندن`); such a compound is always joined.
pub(super) fn preverb_verb_compound(compound: &str, past: &FxHashSet<&str>) -> bool {
    let Some((head, sep, rest)) =
        [ZWNJ, '#'].iter().find_map(|&sep| compound.split_once(sep).map(|(h, r)| (h, sep, r)))
    else {
        return false;
    };
    if !tables::PREVERBS.contains(&head) || tables::PREVERBS_WRITTEN_APART.contains(&head) || rest.contains(sep) {
        return false;
    }
    let joined = format!("{head}{rest}");
    past.contains(joined.as_str())
        || joined.strip_suffix('ن').or_else(|| joined.strip_suffix('ه')).is_some_and(|stem| past.contains(stem))
}

/// `verbs._preverb_splits`: `(preverb, rest)` of each stem that begins with a preverb (the first
/// of `PREVERBS` that matches) followed by two letters or more, or by `ا` (the present stem of
/// `آمدن`: `درآ`), in order.
fn preverb_splits<'a>(stems: impl Iterator<Item = &'a str>) -> Vec<(&'static str, &'a str)> {
    let mut out = Vec::new();
    for stem in stems {
        if let Some(p) = tables::PREVERBS.iter().find(|p| stem.starts_with(**p)) {
            let rest = &stem[p.len()..];
            if rest.chars().count() >= 2 || rest == "ا" {
                out.push((*p, rest));
            }
        }
    }
    out
}

/// `verbs.verb_forms`: the past, present and spoken forms of the verbs (`past`: the past stems,
/// sorted; `past_of_present`: `(present stem, [past stems])` in the verb list's order).
pub(super) fn verb_forms(freq: &Freq, past: &[String], past_of_present: &[(String, Vec<String>)]) -> VerbForms {
    // Stemmer._verb_forms: a form that several readings produce keeps the one of highest
    // priority (tier 2: a past stem in full at the word's beginning; then the verb whose
    // infinitive is most frequent, a spoken reading's counted SPOKEN_WEIGHT_DIVISOR times
    // rarer), the first on a tie; the three tables (past, present, spoken) then compete.
    let weight = |stem: &str| freq.get(&format!("{stem}ن")).map_or(0, |e| e.0);
    type Forms = FxHashMap<String, (String, (u8, u64))>;
    let keep = |forms: &mut Forms, form: String, stem: &str, tier: u8| {
        let w = weight(stem);
        let prio = if tier > 0 { (tier, w) } else { (1, w / tables::SPOKEN_WEIGHT_DIVISOR) };
        match forms.entry(form) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((stem.to_owned(), prio));
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                if prio > o.get().1 {
                    o.insert((stem.to_owned(), prio));
                }
            }
        }
    };
    let mut past_forms: Forms = FxHashMap::default();
    for prefix in std::iter::once("").chain(tables::VERB_PREFIXES.iter().copied()) {
        for ending in tables::PAST_ENDINGS {
            for core in past {
                if core.chars().count() >= tables::MIN_STEM {
                    // a stem that is no word, nor its infinitive, is not read in full (میزید)
                    let seen = |w: &str| freq.get(w).is_some_and(|e| e.0 > 0);
                    let word = seen(core) || seen(&format!("{core}ن"));
                    for head in prefixed(prefix, core) {
                        // tier 2: a past stem in full at the beginning, or after ب + glide (بیافتد)
                        let glided = head.strip_prefix(prefix) != Some(core.as_str());
                        let full = prefix.is_empty() || (glided && prefix == "ب");
                        let tier = if full && word { 2 } else { 1 };
                        keep(&mut past_forms, format!("{head}{ending}"), core, tier);
                    }
                }
            }
        }
    }
    let mut present_forms: Forms = FxHashMap::default();
    for prefix in tables::VERB_PREFIXES.iter().copied().chain(std::iter::once("")) {
        for ending in tables::PRESENT_ENDINGS {
            if prefix.is_empty() && !tables::PREFIXLESS_PRESENT_ENDINGS.contains(ending) {
                continue;
            }
            for (core, pasts) in past_of_present {
                if !prefix.is_empty() || core.chars().count() >= tables::MIN_STEM {
                    for head in prefixed(prefix, core) {
                        let glided = head.strip_prefix(prefix) != Some(core.as_str());
                        for p in pasts {
                            let tier = if glided && prefix == "ب" { 2 } else { 1 };
                            keep(&mut present_forms, format!("{head}{ending}"), p, tier);
                        }
                    }
                }
            }
        }
    }
    // verbs.verb_forms: a preverb, then می/نمی/ن (with the glide before a rest in ا: ورنیامد),
    // then the rest of the stem (برمیگزیند); before a present stem's rest also ب (فرابخوان),
    // only with the glide before a rest in ا (دربیاید)
    for (preverb, rest) in preverb_splits(past.iter().map(String::as_str)) {
        for prefix in tables::PREVERB_PREFIXES {
            for head in prefixed(prefix, rest) {
                for ending in tables::PAST_ENDINGS {
                    keep(&mut past_forms, format!("{preverb}{head}{ending}"), &format!("{preverb}{rest}"), 1);
                }
            }
        }
    }
    for (core, pasts) in past_of_present {
        for (preverb, rest) in preverb_splits(std::iter::once(core.as_str())) {
            for prefix in tables::PREVERB_PREFIXES.iter().copied().chain([tables::PREVERB_SUBJUNCTIVE]) {
                let heads = prefixed(prefix, rest);
                let bare = heads[0].strip_prefix(prefix) == Some(rest);
                let skip = usize::from(prefix == tables::PREVERB_SUBJUNCTIVE && bare && heads.len() > 1);
                for head in &heads[skip..] {
                    for ending in tables::PRESENT_ENDINGS {
                        for p in pasts {
                            keep(&mut present_forms, format!("{preverb}{head}{ending}"), p, 1);
                        }
                    }
                }
            }
        }
    }
    let mut spoken_forms: Forms = FxHashMap::default();
    let spoken_endings: Vec<&str> = tables::SPOKEN_ENDINGS.iter().map(|(_, s)| *s).collect();
    let all_endings: Vec<&str> =
        tables::PRESENT_ENDINGS.iter().copied().chain(spoken_endings.iter().copied()).collect();
    let shortened = Shortened::new();
    for prefix in tables::VERB_PREFIXES.iter().copied() {
        for (core, pasts) in past_of_present {
            let stems = std::iter::once((core.clone(), false)).chain(spoken_stems(core).into_iter().map(|s| (s, true)));
            for (stem, is_spoken) in stems {
                if (prefix == "ب" || prefix == "ن") && stem.starts_with('ا') {
                    continue;
                }
                for ending in if is_spoken { &all_endings } else { &spoken_endings } {
                    if !ending.is_empty() || prefix == "ب" {
                        // wholly spoken with a shortened stem (میرم, بریم): a standard reading's weight
                        let mut tier = u8::from(shortened.holds(core, &stem, ending));
                        if tier > 0 && ending.is_empty() && stem.chars().count() >= tables::MIN_BARE_IMPERATIVE {
                            tier = 2; // بشین: the imperative's stem runs to the word's end, not ش + ین
                        }
                        for p in pasts {
                            keep(&mut spoken_forms, format!("{prefix}{stem}{ending}"), p, tier);
                        }
                    }
                }
            }
        }
    }
    // a preverb's verb (برمیگرده, برنمیداره, درمیاره, برنگرده): an ending always, a stem of two
    // letters or more (not برنان, فروبری), a word the list does not see (not فرونشینی)
    for (core, pasts) in past_of_present {
        for (preverb, rest) in preverb_splits(std::iter::once(core.as_str())) {
            let stems = std::iter::once((rest.to_owned(), false))
                .chain(spoken_stems(rest).into_iter().map(|s| (s, true)))
                .filter(|(s, _)| s.chars().count() >= 2);
            for (stem, is_spoken) in stems {
                for prefix in tables::PREVERB_PREFIXES.iter().copied().chain([tables::PREVERB_SUBJUNCTIVE]) {
                    let heads = prefixed(prefix, &stem);
                    let bare = heads[0].strip_prefix(prefix) == Some(stem.as_str());
                    let skip = usize::from(prefix == tables::PREVERB_SUBJUNCTIVE && bare && heads.len() > 1);
                    for head in &heads[skip..] {
                        for ending in if is_spoken { &all_endings } else { &spoken_endings } {
                            let form = format!("{preverb}{head}{ending}");
                            if ending.is_empty() || freq.get(&form).is_some_and(|e| e.0 > 0) {
                                continue;
                            }
                            let tier = u8::from(shortened.holds(rest, &stem, ending));
                            for p in pasts {
                                keep(&mut spoken_forms, form.clone(), p, tier);
                            }
                        }
                    }
                }
            }
        }
    }
    // the spoken past stems (اومدم, میومد, نیومدن, خوندم, نتونستم)
    let past_endings: Vec<&str> = tables::PAST_ENDINGS
        .iter()
        .copied()
        .chain(spoken_endings.iter().copied().filter(|e| !tables::PAST_ENDINGS.contains(e)))
        .collect();
    let spoken_past_table = spoken_past();
    for core in past {
        for stem in spoken_past_stems(core, &spoken_past_table) {
            for prefix in std::iter::once("").chain(tables::PREVERB_PREFIXES.iter().copied()) {
                for head in spoken_past_heads(prefix, &stem) {
                    for ending in &past_endings {
                        let tier = u8::from(shortened.holds(core, &stem, ending));
                        keep(&mut spoken_forms, format!("{head}{ending}"), core, tier);
                    }
                }
            }
        }
    }
    let both: Vec<String> = past_forms.keys().filter(|f| present_forms.contains_key(*f)).cloned().collect();
    for form in both {
        let (past_stem, past_prio) = &past_forms[&form];
        if past_stem.is_empty() || present_forms[&form].1 > *past_prio {
            past_forms.remove(&form);
        } else {
            present_forms.remove(&form);
        }
    }
    let spoken_keys: Vec<String> = spoken_forms.keys().cloned().collect();
    for form in spoken_keys {
        for standard in [&mut past_forms, &mut present_forms] {
            let (Some((other, other_prio)), Some((_, spoken_prio))) = (standard.get(&form), spoken_forms.get(&form))
            else {
                continue;
            };
            if !other.is_empty() && other_prio >= spoken_prio {
                spoken_forms.remove(&form);
            } else {
                standard.remove(&form);
            }
        }
    }
    for forms in [&mut past_forms, &mut present_forms] {
        forms.retain(|form, (_, (_, w))| {
            freq.get(form).map_or(0, |e| e.0) <= tables::MAX_FORM_PER_INFINITIVE * (*w + 1)
        });
    }
    // a spoken reading passes the guard SPOKEN_WEIGHT_DIVISOR times harder
    spoken_forms.retain(|form, (stem, _)| {
        let w = weight(stem) / tables::SPOKEN_WEIGHT_DIVISOR;
        freq.get(form).map_or(0, |e| e.0) <= tables::MAX_FORM_PER_INFINITIVE * (w + 1)
    });
    let mut past_stems: Vec<String> = Vec::new();
    let mut stem_index: FxHashMap<String, u64> = FxHashMap::default();
    let mut index_of = |stem: &str| -> u64 {
        *stem_index.entry(stem.to_owned()).or_insert_with(|| {
            past_stems.push(stem.to_owned());
            (past_stems.len() - 1) as u64
        })
    };
    let past_forms: Vec<(String, u64)> = past_forms.into_iter().map(|(f, (s, _))| (f, index_of(&s))).collect();
    let present_forms: Vec<(String, u64)> = present_forms.into_iter().map(|(f, (s, _))| (f, index_of(&s))).collect();
    let spoken_forms: Vec<(String, u64)> = spoken_forms.into_iter().map(|(f, (s, _))| (f, index_of(&s))).collect();
    VerbForms { past: past_forms, present: present_forms, spoken: spoken_forms, past_stems }
}

/// `verbs.verbal_nouns`: `{infinitive, verbal past participle or negated infinitive: past stem}`
/// (`Stemmer._verbal_nouns`; `past`: the past stems, sorted).
pub(super) fn verbal_nouns(freq: &Freq, past: &[String]) -> FxHashMap<String, String> {
    // verbs.verbal_nouns: the infinitive and the participle, but NOT_VERBAL_NOUNS and a participle
    // far more frequent than the infinitive
    let not_verbal_nouns: FxHashSet<String> = tables::NOT_VERBAL_NOUNS.iter().map(|w| key(w)).collect();
    let mut verbal_nouns: FxHashMap<String, String> = FxHashMap::default();
    for stem in past.iter().filter(|p| p.chars().count() >= tables::MIN_STEM) {
        let infinitive = format!("{stem}ن");
        let participle = format!("{stem}ه");
        let f_inf = freq.get(&infinitive).map_or(0, |e| e.0);
        let f_part = freq.get(&participle).map_or(0, |e| e.0);
        if !not_verbal_nouns.contains(&participle) && f_part as f64 <= tables::MAX_PARTICIPLE_RATIO * (f_inf + 1) as f64
        {
            verbal_nouns.entry(participle).or_insert_with(|| stem.clone());
        }
        if !not_verbal_nouns.contains(&infinitive) {
            verbal_nouns.entry(infinitive).or_insert_with(|| stem.clone());
        }
    }
    // the negated infinitive (نرفتن), unless a past stem spells it (نشستن)
    // (verbs.negated_infinitives: before a stem in ا also with the glide, the ا kept or not: نیامدن, نیفتادن)
    for stem in past.iter().filter(|p| p.chars().count() >= tables::MIN_STEM) {
        let mut spellings = vec![format!("ن{stem}ن")];
        if let Some(rest) = stem.strip_prefix('ا') {
            spellings.push(format!("نی{stem}ن"));
            spellings.push(format!("نی{rest}ن"));
        }
        for negated in spellings {
            if !not_verbal_nouns.contains(&negated) {
                verbal_nouns.entry(negated).or_insert_with(|| stem.clone());
            }
        }
    }
    verbal_nouns
}
