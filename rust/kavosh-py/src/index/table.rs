//! The completion table's rows from its counts, in the core: `kavosh.index.completions.Counts.table`
//! (the Python specification, kept for `KAVOSH_PURE_PYTHON=1`), which a run's last commit pays in the
//! size of the vocabulary (61k surface words and 1.0 of the main thread's ~3 CPU seconds on news ×3,
//! 2026-12-04; `docs/benchmarks.md`, "The completion table in the core").
//!
//! A word's shown form (`shown_spelling(completion_form(w.translate(_DISPLAY)))`) and a title's
//! (`completion_form`) are computed here for every string made only of [`plain`] characters, whose
//! `completion_form` is the Persian yeh/kaf fold with marks and tatweel dropped and ٱ written ا (no
//! bidi control, invisible character or presentation form, and Unicode NFC leaves them as they are:
//! no character that composes; marks side by side, which canonical ordering could swap, are dropped).  Any other string is
//! handed to the Python functions given (with the GIL), so every result is the specification's.
//! The keys are `Analyzer.normalize_term` as the core computes it (the char filters of
//! `kavosh_analysis::normalize`, the surface's joiners dropped, `str.strip`).

use kavosh_analysis::chars::{strip, ZWNJ};
use kavosh_analysis::{normalize, surface_to_word};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rustc_hash::FxHashMap;

/// `completions.TITLE_WEIGHT`.
const TITLE_WEIGHT: i64 = 20;
/// `completions.MIN_COUNT`.
const MIN_COUNT: i64 = 2;
/// `completions.SPELLINGS_KEPT`.
const SPELLINGS_KEPT: usize = 3;

/// A combining mark of the plain set (Arabic harakat U+064B–U+0652 and the superscript alef
/// U+0670; Unicode category Mn, none of them composes with a letter under NFC).
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064b}'..='\u{0652}' | '\u{0670}')
}

/// Python's `str.isalpha` on a [`plain`] character: ASCII letters, the Arabic-script letters of
/// the set (category Lo) and tatweel (Lm).
#[inline]
fn is_alpha(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{0621}'..='\u{063a}' | '\u{0640}'..='\u{064a}' | '\u{0671}'..='\u{06d3}' | '\u{06d5}')
}

/// A character whose `display_form` is itself after the yeh/kaf fold (`completion_form` drops marks
/// and tatweel besides): printable ASCII, « »,
/// Arabic punctuation and digits, the Arabic-script letters of [`is_alpha`], the marks of
/// [`is_mark`], ZWNJ, dashes and curly quotes.  None is a bidi control, an invisible character
/// or a presentation form, and none has a canonical decomposition or composes under NFC
/// (U+0653–U+0655, which do, are not in the set).
#[inline]
fn plain(c: char) -> bool {
    matches!(c,
        ' '..='~' | '\u{ab}' | '\u{bb}' | '\u{060c}' | '\u{061b}' | '\u{061f}'
        | '\u{0621}'..='\u{063a}' | '\u{0640}'..='\u{0652}' | '\u{0660}'..='\u{066d}' | '\u{0670}'
        | '\u{0671}'..='\u{06d3}' | '\u{06d5}' | '\u{06f0}'..='\u{06f9}' | ZWNJ
        | '\u{2013}' | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}')
}

/// `completions.completion_form(s)` when `s` is all [`plain`] (then the result is the yeh/kaf fold of
/// `s` with its marks and tatweel dropped and alef wasla written alef), else `None`.  Marks side by
/// side are dropped both, so NFC's canonical order of them does not matter.
fn plain_display(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !plain(c) {
            return None;
        }
        if is_mark(c) || c == '\u{0640}' {
            continue; // a completion shows no harakat, superscript alef or tatweel (new user 19 #2)
        }
        out.push(match c {
            '\u{064a}' | '\u{0649}' => '\u{06cc}',
            '\u{0643}' => '\u{06a9}',
            '\u{0671}' => '\u{0627}',
            other => other,
        });
    }
    Some(out)
}

/// `completions._NON_JOINING`: letters that never join the letter after them.
#[inline]
fn non_joining(c: char) -> bool {
    "اآأإٱدذرزژوؤۀةء".contains(c)
}

/// `completions.shown_spelling` of a [`plain`] word: its half-spaces that change nothing dropped
/// (after a letter that never joins, at an edge, beside a non-letter, doubled; marks are read through).
fn shown_spelling(word: &str) -> String {
    if !word.contains(ZWNJ) {
        return word.to_owned();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    for (i, &ch) in chars.iter().enumerate() {
        if ch == ZWNJ {
            let before = out.iter().rev().copied().find(|&c| !is_mark(c));
            let after = chars.get(i + 1).copied();
            let joins = before.is_some_and(|b| is_alpha(b) && !non_joining(b));
            if !joins || !after.is_some_and(is_alpha) {
                continue;
            }
        }
        out.push(ch);
    }
    out.into_iter().collect()
}

/// A word's shown form (`shown_spelling(completion_form(w.translate(_DISPLAY)))`) when the word is
/// plain, else `None`.  `_DISPLAY` folds yeh and kaf and writes a space as a half-space.
fn plain_shown(word: &str) -> Option<String> {
    let spaced: String = word.chars().map(|c| if c == ' ' { ZWNJ } else { c }).collect();
    plain_display(&spaced).map(|d| shown_spelling(&d))
}

/// `Analyzer.normalize_term` as the core computes it.
fn normalize_term(text: &str) -> String {
    let d: Vec<char> = normalize(text).chars().collect();
    strip(&surface_to_word(&d)).to_owned()
}

/// Counts by key in order of first insertion (a `collections.Counter`'s order).
#[derive(Default)]
struct Ordered {
    at: FxHashMap<String, usize>,
    rows: Vec<(String, i64)>,
}

impl Ordered {
    fn add(&mut self, key: String, n: i64) {
        match self.at.get(&key) {
            Some(&i) => self.rows[i].1 += n,
            None => {
                self.at.insert(key.clone(), self.rows.len());
                self.rows.push((key, n));
            }
        }
    }
}

/// A counter's entries in order: the string, its shown (words) or displayed (titles) form when
/// Python computed it (the string is not plain), its count.
type Entries = Vec<(String, Option<String>, i64)>;

/// One table's input: each counter's [`Entries`].
struct Input {
    words: Entries,
    title_words: Entries,
    titles: Entries,
}

/// The table's rows: words `(key, shown form, count)` and titles `(key, title, documents)`, each
/// sorted by key (keys are unique, so as `CompletionTable` sorts them), the title occurrences
/// of the kept words' keys in order of first insertion, and the other spellings of the kept words
/// (`completions.other_spellings`: `(key, [form])` sorted by key).
type Rows = (Vec<(String, String, i64)>, Vec<(String, String, i64)>, Vec<(String, i64)>, Vec<(String, Vec<String>)>);

/// `completions.other_spellings` of one key: the forms other than `shown` seen at least `MIN_COUNT`
/// times, most frequent first (ties by the form), at most `SPELLINGS_KEPT`.
fn other_spellings(forms: &[(String, i64)], shown: &str) -> Vec<String> {
    let mut other: Vec<&(String, i64)> = forms.iter().filter(|(f, c)| f != shown && *c >= MIN_COUNT).collect();
    other.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    other.into_iter().take(SPELLINGS_KEPT).map(|(f, _)| f.clone()).collect()
}

/// `Counts.table`'s arithmetic on the shown forms.
fn rows(input: Input) -> Rows {
    let shown = |(w, py, c): (String, Option<String>, i64)| (py.unwrap_or_else(|| plain_shown(&w).unwrap_or(w)), c);
    let mut words = Ordered::default();
    for (w, c) in input.words.into_iter().map(shown) {
        words.add(w, c);
    }
    let mut title_counts = Ordered::default();
    for (w, c) in input.title_words.into_iter().map(shown) {
        let key = normalize_term(&w);
        words.add(w, TITLE_WEIGHT * c);
        if !key.is_empty() {
            title_counts.add(key, c);
        }
    }
    // key -> (shown form, total, the shown form's own count, every form and its count): the most frequent
    // form is shown
    type Entry = (String, i64, i64, Vec<(String, i64)>);
    let mut by_key: FxHashMap<String, Entry> = FxHashMap::default();
    for (surface, count) in words.rows {
        let key = normalize_term(&surface);
        if key.is_empty() {
            continue;
        }
        match by_key.get_mut(&key) {
            None => {
                by_key.insert(key, (surface.clone(), count, count, vec![(surface, count)]));
            }
            Some(entry) => {
                if count > entry.2 {
                    entry.0.clone_from(&surface);
                    entry.2 = count;
                }
                entry.1 += count;
                entry.3.push((surface, count));
            }
        }
    }
    let mut word_rows: Vec<(String, String, i64)> = Vec::with_capacity(by_key.len());
    let mut spellings: Vec<(String, Vec<String>)> = Vec::new();
    for (k, (s, c, _, forms)) in by_key {
        if c < MIN_COUNT {
            continue;
        }
        if forms.len() > 1 {
            let other = other_spellings(&forms, &s);
            if !other.is_empty() {
                spellings.push((k.clone(), other));
            }
        }
        word_rows.push((k, s, c));
    }
    word_rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    spellings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut title_rows: FxHashMap<String, (String, i64)> = FxHashMap::default();
    for (title, py, count) in input.titles {
        let title = py.unwrap_or_else(|| plain_display(&title).unwrap_or(title));
        let key = normalize_term(&title).replace(' ', "");
        if !key.is_empty() {
            title_rows.entry(key).or_insert_with(|| (title, 0)).1 += count;
        }
    }
    let mut title_rows: Vec<(String, String, i64)> = title_rows.into_iter().map(|(k, (t, c))| (k, t, c)).collect();
    title_rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let kept: rustc_hash::FxHashSet<&str> = word_rows.iter().map(|r| r.0.as_str()).collect();
    let title_counts = title_counts.rows.into_iter().filter(|(k, _)| kept.contains(k.as_str())).collect();
    (word_rows, title_rows, title_counts, spellings)
}

/// A counter's entries, each string's form from `fallback` (Python) when it is not plain, or
/// `None` when an entry is not `(str, int)` of UTF-8 text and an `i64` (then Python builds the table).
fn entries(
    counter: &Bound<'_, PyDict>,
    is_plain: fn(&str) -> bool,
    fallback: &Bound<'_, PyAny>,
) -> PyResult<Option<Entries>> {
    let mut out = Vec::with_capacity(counter.len());
    for (k, v) in counter.iter() {
        let (Ok(k), Ok(v)) = (k.cast_into::<PyString>(), v.extract::<i64>()) else { return Ok(None) };
        let Ok(s) = k.to_str() else { return Ok(None) }; // a lone surrogate: no UTF-8
        let py = if is_plain(s) { None } else { Some(fallback.call1((&k,))?.extract::<String>()?) };
        out.push((s.to_owned(), py, v));
    }
    Ok(Some(out))
}

/// A word whose shown form [`plain_shown`] computes.
fn plain_word(w: &str) -> bool {
    plain_display(w).is_some()
}

/// A title whose display form [`plain_display`] computes.
fn plain_title(t: &str) -> bool {
    plain_display(t).is_some()
}

/// completion_rows(words, title_words, titles, shown, display) -> tuple[list, list, dict, dict] | None:
/// ``Counts.table``'s rows from its three counters (``{str: int}``, read in order): the words
/// ``[(normalized key, shown form, weighted count)]`` and the titles ``[(key, title, documents)]``,
/// each sorted by key, ``{key: occurrences in titles}`` of the kept words and ``{key: [other
/// spelling]}`` (``completions.other_spellings``).  ``shown(word)`` and
/// ``display(title)`` (Python: ``completions._shown_form``, ``completions.completion_form``) are called for
/// the strings outside the plain set this module computes itself.  ``None`` when a counter holds
/// anything but ``str`` keys of UTF-8 text and integer counts within ``i64`` (the Python path then
/// builds the table).  The GIL is released for the arithmetic.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub(crate) fn completion_rows<'py>(
    py: Python<'py>,
    words: &Bound<'py, PyDict>,
    title_words: &Bound<'py, PyDict>,
    titles: &Bound<'py, PyDict>,
    shown: &Bound<'py, PyAny>,
    display: &Bound<'py, PyAny>,
) -> PyResult<Option<(Bound<'py, PyList>, Bound<'py, PyList>, Bound<'py, PyDict>, Bound<'py, PyDict>)>> {
    let (Some(w), Some(tw), Some(t)) = (
        entries(words, plain_word, shown)?,
        entries(title_words, plain_word, shown)?,
        entries(titles, plain_title, display)?,
    ) else {
        return Ok(None);
    };
    let input = Input { words: w, title_words: tw, titles: t };
    let (word_rows, title_rows, title_counts, spellings) = py.detach(|| rows(input));
    let counts = PyDict::new(py);
    for (k, c) in title_counts {
        counts.set_item(k, c)?;
    }
    let other = PyDict::new(py);
    for (k, forms) in spellings {
        other.set_item(k, forms)?;
    }
    Ok(Some((PyList::new(py, word_rows)?, PyList::new(py, title_rows)?, counts, other)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_folded_and_their_idle_half_spaces_dropped() {
        assert_eq!(plain_shown("كتاب ها").as_deref(), Some("کتاب\u{200c}ها"));
        assert_eq!(plain_shown("مي\u{200c}رود").as_deref(), Some("می\u{200c}رود"));
        // after a non-joining letter, doubled, at the edges: dropped
        assert_eq!(plain_shown("استقلا\u{200c}ل\u{200c}پسند").as_deref(), Some("استقلال\u{200c}پسند"));
        assert_eq!(plain_shown("\u{200c}کتاب\u{200c}\u{200c}ها\u{200c}").as_deref(), Some("کتاب\u{200c}ها"));
        // marks and tatweel are not shown (new user 19 #2); the letter before a half-space decides
        assert_eq!(plain_shown("کِ\u{200c}تاب").as_deref(), Some("ک\u{200c}تاب"));
        assert_eq!(plain_shown("دِ\u{200c}تاب").as_deref(), Some("دتاب"));
        assert_eq!(plain_shown("الرَّحْمَٰنِ").as_deref(), Some("الرحمن"));
        assert_eq!(plain_shown("ٱلرَّحِيمِ").as_deref(), Some("الرحیم"));
        assert_eq!(plain_display("کـــتابخانه مـــلی").as_deref(), Some("کتابخانه ملی"));
    }

    #[test]
    fn strings_nfc_or_display_form_would_change_are_not_plain() {
        assert_eq!(plain_display("ا\u{0653}"), None); // NFC composes آ
        assert_eq!(plain_display("ب\u{0651}\u{064e}").as_deref(), Some("ب")); // two marks: both dropped
        assert_eq!(plain_display("\u{06d6}"), None); // a Quranic mark: Python drops it
        assert_eq!(plain_display("\u{fedb}"), None); // a presentation form
        assert_eq!(plain_display("a\u{200f}b"), None); // a bidi control
        assert_eq!(plain_display("é"), None);
        assert_eq!(plain_display("«يك» ۱۲: — ok").as_deref(), Some("«یک» ۱۲: — ok"));
    }

    fn input(words: &[(&str, i64)], title_words: &[(&str, i64)], titles: &[(&str, i64)]) -> Input {
        let own = |v: &[(&str, i64)]| v.iter().map(|&(s, c)| (s.to_owned(), None, c)).collect();
        Input { words: own(words), title_words: own(title_words), titles: own(titles) }
    }

    #[test]
    fn the_most_frequent_form_is_shown_and_rare_words_are_left_out() {
        let (w, t, tc, sp) = rows(input(
            &[("كتابها", 3), ("کتاب ها", 4), ("نادر", 1)],
            &[("کتاب", 1)],
            &[("کتاب  ها", 2), ("كتاب ها", 1)],
        ));
        assert_eq!(
            w,
            vec![("کتاب".to_owned(), "کتاب".to_owned(), 20), ("کتابها".to_owned(), "کتاب\u{200c}ها".to_owned(), 7)]
        );
        // the two spellings of the title share a key; the first one seen is shown
        assert_eq!(t, vec![("کتابها".to_owned(), "کتاب  ها".to_owned(), 3)]);
        assert_eq!(tc, vec![("کتاب".to_owned(), 1)]);
        // كتابها is shown کتابها: the other spelling of the key, seen 3 times
        assert_eq!(sp, vec![("کتابها".to_owned(), vec!["کتابها".to_owned()])]);
    }

    #[test]
    fn other_spellings_are_kept_most_frequent_first() {
        let (w, _, _, sp) = rows(input(
            &[("انشاالله", 29), ("ان\u{200c}شاءالله", 21), ("انشاءالله", 29), ("ان\u{200c}شاالله", 7), ("انشالاه", 1)],
            &[],
            &[],
        ));
        assert_eq!(w[0].1, "انشاالله"); // the most frequent form, the first seen of a tie
        let forms: Vec<&str> = sp[0].1.iter().map(String::as_str).collect();
        assert_eq!(forms, vec!["انشاءالله", "ان\u{200c}شاءالله", "ان\u{200c}شاالله"]);
    }
}
