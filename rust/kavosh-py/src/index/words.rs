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

/// The char at byte `b` of `text` (`None` at its end).
#[inline]
fn char_at(text: &str, b: usize) -> Option<char> {
    text.get(b..).and_then(|rest| rest.chars().next())
}

/// The end of a verb prefix `م[یي][ \u200c]` starting at byte `j`, when a letter follows it: the
/// letter's byte offset.
fn prefix_end(text: &str, j: usize) -> Option<usize> {
    let rest = text.get(j..)?;
    let rest = rest.strip_prefix('م')?;
    let rest = rest.strip_prefix('ی').or_else(|| rest.strip_prefix('ي'))?;
    let after = rest.strip_prefix(' ').or_else(|| rest.strip_prefix(ZWNJ))?;
    after.chars().next().filter(|&x| is_letter(x)).map(|_| text.len() - after.len())
}

/// Calls `emit` with each word of `text`, in order, as `re.findall` finds them (walking the
/// text's bytes once, without copying it into chars).
pub fn find_words<'t>(text: &'t str, mut emit: impl FnMut(&'t str)) {
    let n = text.len();
    let mut i = 0;
    let mut after_letter = false; // the char before byte `i` is a letter
    while let Some(c) = char_at(text, i) {
        let mut start = None;
        if !after_letter {
            start = if c == 'ن' { prefix_end(text, i + 'ن'.len_utf8()) } else { None }.or_else(|| prefix_end(text, i));
        }
        let Some(first) = start.or_else(|| is_letter(c).then_some(i)) else {
            i += c.len_utf8();
            after_letter = false; // not a letter, or a word would start here
            continue;
        };
        let mut j = first + char_at(text, first).map_or(0, char::len_utf8);
        while let Some(x) = char_at(text, j).filter(|&x| continues(x)) {
            j += x.len_utf8();
        }
        if let Some(sep) = char_at(text, j).filter(|&x| x == ' ' || x == ZWNJ) {
            let after = j + sep.len_utf8();
            for sfx in SUFFIXES {
                if text[after..].starts_with(sfx) {
                    let k = after + sfx.len();
                    if !char_at(text, k).is_some_and(|x| is_word(x) || x == ZWNJ) {
                        j = k;
                        break;
                    }
                }
            }
        }
        emit(&text[i..j]);
        after_letter = text[..j].chars().next_back().is_some_and(is_letter);
        i = j;
    }
    debug_assert!(i >= n);
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

    /// The earlier implementation over a `Vec<char>` (the reference the byte walk is checked against).
    fn reference(text: &str) -> Vec<&str> {
        fn prefix_end(c: &[char], j: usize) -> Option<usize> {
            let ok = c.get(j) == Some(&'م')
                && matches!(c.get(j + 1).copied(), Some('ی' | 'ي'))
                && matches!(c.get(j + 2).copied(), Some(' ' | ZWNJ))
                && c.get(j + 3).is_some_and(|&x| is_letter(x));
            ok.then_some(j + 3)
        }
        let mut out = Vec::new();
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
                    if k <= n
                        && c[j + 1..k].iter().copied().eq(sfx.chars())
                        && !(k < n && (is_word(c[k]) || c[k] == ZWNJ))
                    {
                        j = k;
                        break;
                    }
                }
            }
            out.push(&text[at[i]..at[j]]);
            i = j;
        }
        out
    }

    #[test]
    fn the_byte_walk_finds_the_words_the_char_walk_found() {
        let alphabet: Vec<char> = "نمیي \u{200c}هاترینشکتابa_2۲\u{064b}\u{0640}\u{0670}،.x".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..4000 {
            let text: String = (0..len % 40)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(words(&text), reference(&text), "{text:?}");
        }
        for text in ["نمی خواهد", "می‌روند ها", "ن می شود", "کتاب های", "کتاب هایی‌", "بزرگ ترین x", "م", "می ", "نمی"]
        {
            assert_eq!(words(text), reference(text), "{text:?}");
        }
    }

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
