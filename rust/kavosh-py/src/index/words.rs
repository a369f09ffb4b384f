//! The words of a document for the completion table (`kavosh.index.completions.Counts.add`).
//!
//! [`find_words`] is `completions._WORD.findall` without a regex engine: a run of letters
//! (`[^\W\d_]`, then letters, ZWNJ, Arabic diacritics U+064B–U+065F, U+0670 and tatweel),
//! with a verb prefix written apart before it (`ن?م[یي][ \u200c]`, not after a letter) and
//! a plural or comparative suffix written apart after it (`[ \u200c](ها|های|…)` not followed
//! by a word character or ZWNJ).  Character classes are Python's (`kavosh_analysis::chars`,
//! generated from `str.isalnum` and `str.isdecimal`).

use kavosh_analysis::chars::{is_digit, is_space, is_word, ZWNJ};

/// Suffixes written apart that join the word before them (`completions._WORD`).
const SUFFIXES: [&str; 10] = ["ها", "هاي", "های", "هايي", "هایی", "هايش", "هایش", "تر", "ترين", "ترین"];

/// Python's `[^\W\d_]`: a word character that is neither a decimal digit nor `_`.
#[inline]
fn is_letter(c: char) -> bool {
    c != '_' && is_word(c) && !is_digit(c)
}

/// What may follow the first letter of a word: a letter, ZWNJ, a diacritic or tatweel.
#[inline]
fn continues(c: char) -> bool {
    is_letter(c) || c == ZWNJ || ('\u{064b}'..='\u{065f}').contains(&c) || c == '\u{0670}' || c == '\u{0640}'
}

/// The end of a verb prefix `م[یي][ \u200c]` starting at `j`, when a letter follows it.
fn prefix_end(c: &[char], j: usize) -> Option<usize> {
    let ok = c.get(j) == Some(&'م')
        && matches!(c.get(j + 1).copied(), Some('ی' | 'ي'))
        && matches!(c.get(j + 2).copied(), Some(' ' | ZWNJ))
        && c.get(j + 3).is_some_and(|&x| is_letter(x));
    ok.then_some(j + 3)
}

/// Calls `emit` with each word of `text`, in order, as `re.findall` finds them.
pub fn find_words<'t>(text: &'t str, mut emit: impl FnMut(&'t str)) {
    let c: Vec<char> = text.chars().collect();
    let mut at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    at.push(text.len());
    let n = c.len();
    let mut i = 0;
    while i < n {
        let mut start = None;
        if i == 0 || !is_letter(c[i - 1]) {
            start = if c[i] == 'ن' { prefix_end(&c, i + 1) } else { None }.or_else(|| prefix_end(&c, i));
        }
        let Some(first) = start.or_else(|| is_letter(c[i]).then_some(i)) else {
            i += 1;
            continue;
        };
        let mut j = first + 1;
        while j < n && continues(c[j]) {
            j += 1;
        }
        if j < n && (c[j] == ' ' || c[j] == ZWNJ) {
            for sfx in SUFFIXES {
                let k = j + 1 + sfx.chars().count();
                if k <= n && c[j + 1..k].iter().copied().eq(sfx.chars()) && !(k < n && (is_word(c[k]) || c[k] == ZWNJ))
                {
                    j = k;
                    break;
                }
            }
        }
        emit(&text[at[i]..at[j]]);
        i = j;
    }
}

/// A title as the completion table counts it: whitespace runs (`str.split`) folded to one
/// space, Arabic yeh and kaf as Persian ones (`completions._TITLE_DISPLAY`).
pub fn display_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for part in title.split(is_space).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(part.chars().map(|ch| match ch {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            other => other,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_words(text, |w| out.push(w));
        out
    }

    #[test]
    fn prefixes_and_suffixes_written_apart_join_the_word() {
        assert_eq!(words("او مي شود، كتاب ها را 12 بار"), ["او", "مي شود", "كتاب ها", "را", "بار"]);
        assert_eq!(words("نمی‌خواهد خانه‌ای بزرگ تر"), ["نمی‌خواهد", "خانه‌ای", "بزرگ تر"]);
        assert_eq!(words("کتاب هادی"), ["کتاب", "هادی"]); // not a suffix: a word follows
        assert_eq!(words("a_b x2y"), ["a", "b", "x", "y"]);
    }

    #[test]
    fn titles_are_folded() {
        assert_eq!(display_title("  علي\tو  كتاب \n"), "علی و کتاب");
    }
}
