//! Char filters: `kavosh.analysis.normalize` (the composed table, one pass).

use crate::chars::{is_space, replacement};

/// Apply every char filter to `text` (`normalize.normalize`): idempotent.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement(c) {
            None => out.push(c),
            Some(rep) => out.push_str(rep),
        }
    }
    out
}

/// [`normalize`] as code points, for the tokenizer (which indexes characters as Python does).
pub fn normalize_chars(text: &str, out: &mut Vec<char>) {
    out.clear();
    out.reserve(text.len() / 2 + 1);
    for c in text.chars() {
        match replacement(c) {
            None => out.push(c),
            Some(rep) => out.extend(rep.chars()),
        }
    }
}

/// The normalized text as code points, with where each came from (`normalize.normalize_with_offsets`).
///
/// `starts[i]..ends[i]` is the span of the original text (code point indices, Python `str`
/// indices) that output character `i` came from; a deleted character (diacritic, tatweel,
/// control) belongs to the character before it unless that is a space.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text, one entry per code point.
    pub chars: Vec<char>,
    /// Start of each output character in the original text (code points).
    pub starts: Vec<usize>,
    /// End (exclusive) of each output character in the original text (code points).
    pub ends: Vec<usize>,
}

/// Normalize `text` keeping offsets (see [`Normalized`]).
pub fn normalize_with_offsets(text: &str) -> Normalized {
    let mut n = Normalized {
        chars: Vec::with_capacity(text.len() / 2 + 1),
        starts: Vec::with_capacity(text.len() / 2 + 1),
        ends: Vec::with_capacity(text.len() / 2 + 1),
    };
    for (i, c) in text.chars().enumerate() {
        match replacement(c) {
            None => {
                n.chars.push(c);
                n.starts.push(i);
                n.ends.push(i + 1);
            }
            Some("") => {
                if let (Some(end), Some(&last)) = (n.ends.last_mut(), n.chars.last()) {
                    if *end == i && !is_space(last) {
                        *end = i + 1;
                    }
                }
            }
            Some(rep) => {
                for r in rep.chars() {
                    n.chars.push(r);
                    n.starts.push(i);
                    n.ends.push(i + 1);
                }
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_deletes() {
        assert_eq!(normalize("كتابي"), "کتابی");
        assert_eq!(normalize("اشیاء"), "اشیا");
        assert_eq!(normalize("۱۲٫۵"), "12.5");
        assert_eq!(normalize("ABC"), "abc");
    }

    #[test]
    fn offsets_keep_deleted_marks_with_their_letter() {
        let n = normalize_with_offsets("اشیاء ب");
        assert_eq!(n.chars.iter().collect::<String>(), "اشیا ب");
        assert_eq!(n.ends[3], 5);
        assert_eq!((n.starts[4], n.ends[4]), (5, 6));
    }
}
