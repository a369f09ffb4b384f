//! Colloquial (spoken) Persian as written in informal text (`spoken.py`, kind 4 of issue #14):
//! the spellings these functions propose are accepted by the stemmer only when the word list
//! says so (`stem.rs`, `Stemmer._spoken`).

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::lexicon::key;
use crate::tables;

/// `spoken.spoken_stems`: the spoken spellings of a standard present stem (a word-list key).
pub fn spoken_stems(present: &str) -> Vec<String> {
    let mut out: Vec<String> = tables::SPOKEN_PRESENT_STEMS
        .iter()
        .filter(|(standard, _)| key(standard) == present)
        .map(|(_, spoken)| key(spoken))
        .collect();
    if out.is_empty() && present.chars().count() > 2 && present.ends_with("ان") {
        // وان → ون (توان → تون), else ان → ون (دان → دون)
        let cut = if present.ends_with("وان") { "وان" } else { "ان" };
        out.push(format!("{}ون", &present[..present.len() - cut.len()]));
    }
    out
}

/// `spoken._SHORTENED`: the `(standard, spoken)` stems of `SPOKEN_PRESENT_STEMS` and
/// `SPOKEN_PAST_STEMS` as word-list keys, made once for the many forms [`Shortened::holds`] is asked
/// about while the verb tables are built.
pub struct Shortened(Vec<(String, String)>);

impl Shortened {
    /// The table's entries as word-list keys.
    pub fn new() -> Self {
        Self(
            tables::SPOKEN_PRESENT_STEMS
                .iter()
                .chain(tables::SPOKEN_PAST_STEMS)
                .map(|(a, b)| (key(a), key(b)))
                .collect(),
        )
    }

    /// `spoken.shortened`: whether `spoken` + `ending` is wholly spoken with a stem that speech
    /// shortens (the entry for the standard `stem`, word-list keys) and an ending that is no standard
    /// ending of `SPOKEN_ENDINGS`.
    pub fn holds(&self, stem: &str, spoken: &str, ending: &str) -> bool {
        !tables::SPOKEN_ENDINGS.iter().any(|(standard, _)| *standard == ending)
            && self.0.iter().any(|(standard, short)| standard == stem && short == spoken)
    }
}

impl Default for Shortened {
    fn default() -> Self {
        Self::new()
    }
}

/// `spoken.SPOKEN_PAST`: `SPOKEN_PAST_STEMS` as word-list keys.
pub fn spoken_past() -> Vec<(String, String)> {
    tables::SPOKEN_PAST_STEMS.iter().map(|(standard, spoken)| (key(standard), key(spoken))).collect()
}

/// `spoken.spoken_past_stems`: the spoken spellings of a standard past stem (a word-list key): its
/// entries of `SPOKEN_PAST_STEMS` (`spoken_past`, given), else `ون` for the `ان` of a final
/// `اند`/`انست` (`وان` → `ون`: `خواند` → `خوند`, `توانست` → `تونست`).
pub fn spoken_past_stems(past: &str, table: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> =
        table.iter().filter(|(standard, _)| standard == past).map(|(_, spoken)| spoken.clone()).collect();
    if out.is_empty() {
        for tail in ["اند", "انست"] {
            if let Some(head) = past.strip_suffix(tail) {
                if !head.is_empty() {
                    let head = head.strip_suffix('و').unwrap_or(head);
                    // the tail without its ان (2 letters of 2 bytes)
                    out.push(format!("{head}ون{}", &tail["ان".len()..]));
                }
            }
        }
    }
    out
}

/// `spoken.copula_base`: the word before a spoken copula `COPULA` (`خوبه` → `خوب`), or `None`: the
/// base has `MIN_COPULA_BASE` letters or more and ends in no `ا`/`و`/`ه`, and the word is not one
/// of `not_copula` (`spoken.NOT_COPULA` as word-list keys).
pub fn copula_base<'a>(word: &'a str, not_copula: &FxHashSet<String>) -> Option<&'a str> {
    joined_base(word, tables::COPULA, tables::MIN_COPULA_BASE, not_copula)
}

/// The word before a joined spoken `marker`, or `None`: the base has `min` letters or more and ends in no
/// `ا`/`و`/`ه`, and the word is not one of `excluded` (the rule `copula_base` and `object_base` share).
fn joined_base<'a>(word: &'a str, marker: &str, min: usize, excluded: &FxHashSet<String>) -> Option<&'a str> {
    let base = word.strip_suffix(marker)?;
    let last = base.chars().next_back()?;
    if base.chars().count() < min || "اوه".contains(last) || excluded.contains(word) {
        return None;
    }
    Some(base)
}

/// `spoken.joined_copula_base`: the word before `است` written joined after a vowel letter
/// (`JOINED_COPULA`: `زیباست` → `زیبا`), or `None`: the base has `MIN_JOINED_COPULA_BASE` letters or
/// more and ends in one of `JOINED_COPULA_HOSTS`.
pub fn joined_copula_base(word: &str) -> Option<&str> {
    let base = word.strip_suffix(tables::JOINED_COPULA)?;
    let last = base.chars().next_back()?;
    (base.chars().count() >= tables::MIN_JOINED_COPULA_BASE && tables::JOINED_COPULA_HOSTS.contains(last))
        .then_some(base)
}

/// `spoken.object_base`: the word before a joined spoken object marker `OBJECT_MARKER` (`کتابو` →
/// `کتاب`), or `None`: the base has `MIN_OBJECT_BASE` letters or more and ends in no `ا`/`و`/`ه`, and
/// the word is not one of `not_object` (`spoken.NOT_OBJECT` as word-list keys).
pub fn object_base<'a>(word: &'a str, not_object: &FxHashSet<String>) -> Option<&'a str> {
    joined_base(word, tables::OBJECT_MARKER, tables::MIN_OBJECT_BASE, not_object)
}

/// `spoken._NOT_OBJECT`: `NOT_OBJECT` as word-list keys, made once.
pub fn not_object() -> &'static FxHashSet<String> {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| tables::NOT_OBJECT.iter().map(|w| key(w)).collect())
}

/// `spoken._NOT_COPULA`: `NOT_COPULA` as word-list keys, made once.
pub fn not_copula() -> &'static FxHashSet<String> {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| tables::NOT_COPULA.iter().map(|w| key(w)).collect())
}

/// `spoken.spoken_past_heads`: `prefix` + a spoken past stem; a stem in `ا` loses it after a
/// prefix, and takes the glide `ی` after `ن` (`میومد`, `نیومد`); after `می`/`نمی` it may also keep it
/// (`میاومد`).
pub fn spoken_past_heads(prefix: &str, spoken: &str) -> Vec<String> {
    match spoken.strip_prefix('ا') {
        Some(rest) if prefix == "ن" => vec![format!("{prefix}ی{rest}")],
        Some(rest) if !prefix.is_empty() => vec![format!("{prefix}{rest}"), format!("{prefix}{spoken}")],
        _ => vec![format!("{prefix}{spoken}")],
    }
}

/// `spoken.noun_candidates`: `(base, standard ending)` spellings of a spoken noun form (an ending of
/// `SPOKEN_WORD_ENDINGS`, else the plural `SPOKEN_PLURAL` after a vowel letter).
pub fn noun_candidates(word: &str) -> Vec<(String, &'static str)> {
    let n = word.chars().count();
    let (mut base, mut ending) = (word, "");
    for &(spoken, standard) in tables::SPOKEN_WORD_ENDINGS {
        if word.ends_with(spoken) && n - spoken.chars().count() >= 2 {
            base = &word[..word.len() - spoken.len()];
            ending = standard;
            break;
        }
    }
    if ending.is_empty() {
        // SPOKEN_PLURAL: آقایون = آقا + یان, after a vowel letter only
        let (spoken, standard, hosts) = tables::SPOKEN_PLURAL;
        if let Some(head) = word.strip_suffix(spoken) {
            if n - spoken.chars().count() >= 2 && head.chars().next_back().is_some_and(|c| hosts.contains(c)) {
                base = head;
                ending = standard;
            }
        }
    }
    let mut out: Vec<(String, &'static str)> = Vec::new();
    if !ending.is_empty() {
        out.push((base.to_owned(), ending));
    }
    vowel_changes(base, ending, &mut out);
    if !ending.is_empty() {
        // اسمون is اسمان, not اس + مون
        vowel_changes(word, "", &mut out);
    }
    out
}

/// `spoken._vowel_changes`: push `base` with one spoken vowel made standard, rightmost first, never
/// at the word's beginning (ونگ, ونوشه, وندر).
fn vowel_changes(base: &str, ending: &'static str, out: &mut Vec<(String, &'static str)>) {
    let (vowel, standard_vowel) = tables::SPOKEN_VOWEL;
    let mut end = base.len();
    while let Some(at) = base[..end].rfind(vowel) {
        if at == 0 {
            break;
        }
        out.push((format!("{}{standard_vowel}{}", &base[..at], &base[at + vowel.len()..]), ending));
        end = at;
    }
}

/// `spoken.squeezed`: every run of three or more of one letter squeezed to one letter and to
/// two, or `None` when no letter runs three times.
pub fn squeezed(word: &str) -> Option<(String, String)> {
    // most words have no such run: found without allocating
    if !has_run_of_three(word) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut stretched = false;
    let (mut one, mut two) = (String::new(), String::new());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let run = j - i;
        if run >= 3 {
            stretched = true;
            one.push(chars[i]);
            two.push(chars[i]);
            two.push(chars[i]);
        } else {
            for _ in 0..run {
                one.push(chars[i]);
                two.push(chars[i]);
            }
        }
        i = j;
    }
    stretched.then_some((one, two))
}

/// Whether some letter of `word` occurs three or more times in a row.
fn has_run_of_three(word: &str) -> bool {
    let (mut last, mut run) = (None, 0);
    for c in word.chars() {
        run = if last == Some(c) { run + 1 } else { 1 };
        if run == 3 {
            return true;
        }
        last = Some(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{spoken_past_heads, squeezed, Shortened};

    #[test]
    fn shortened_stems_and_spoken_past_heads() {
        let shortened = |stem, spoken, ending| Shortened::new().holds(stem, spoken, ending);
        assert!(shortened("رو", "ر", "م"));
        assert!(shortened("رو", "ر", "ه"));
        assert!(shortened("امد", "اومد", "یم"));
        assert!(!shortened("رو", "ر", "ند"));
        assert!(!shortened("دان", "دون", "م"));
        assert_eq!(spoken_past_heads("", "اومد"), ["اومد"]);
        assert_eq!(spoken_past_heads("می", "اومد"), ["میومد", "میاومد"]);
        assert_eq!(spoken_past_heads("ن", "اومد"), ["نیومد"]);
    }

    #[test]
    fn squeezed_only_words_with_a_run_of_three() {
        let pair = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(squeezed("خیلیییی"), pair("خیلی", "خیلیی"));
        assert_eq!(squeezed("عالیههه"), pair("عالیه", "عالیهه"));
        assert_eq!(squeezed("ههههوا"), pair("هوا", "ههوا"));
        assert_eq!(squeezed("سسسلاممم"), pair("سلام", "سسلامم"));
        // a run of two, or none
        assert_eq!(squeezed("الله"), None);
        assert_eq!(squeezed("کتاب"), None);
        assert_eq!(squeezed("ههاهه"), None);
        assert_eq!(squeezed(""), None);
    }
}
