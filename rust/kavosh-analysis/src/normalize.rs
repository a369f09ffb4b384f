//! Char filters: `kavosh.analysis.normalize` (the one filter that looks at neighbours,
//! `respell_in_context`, then the composed table, one pass).

use std::borrow::Cow;

use crate::chars::{is_letter, is_space, replacement, short_char, SHORT_SPECIAL};

const DAGGER_ALEF: char = '\u{670}';
const TEH_MARBUTA: char = '\u{629}';
const TEH_MARBUTA_GOAL: char = '\u{6c3}';

/// `normalize._folded`: `c` after the table when that is one letter, else `None`.
fn folded(c: char) -> Option<char> {
    let f = match replacement(c) {
        None => c,
        Some(rep) => {
            let mut it = rep.chars();
            match (it.next(), it.next()) {
                (Some(one), None) => one,
                _ => return None,
            }
        }
    };
    is_letter(f).then_some(f)
}

fn deleted(c: char) -> bool {
    replacement(c) == Some("")
}

/// `normalize._letter_before`: the index of the letter before `s[i]`, skipping deleted characters.
fn letter_before(s: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    while j > 0 && deleted(s[j - 1]) {
        j -= 1;
    }
    (j > 0 && folded(s[j - 1]).is_some()).then(|| j - 1)
}

fn letter_after(s: &[char], i: usize) -> bool {
    let mut j = i + 1;
    while j < s.len() && deleted(s[j]) {
        j += 1;
    }
    j < s.len() && folded(s[j]).is_some()
}

/// Whether `text` holds a character [`respell_in_context`] may change (three SIMD substring
/// scans: most texts hold none, and then the text is not copied).
pub fn needs_context(text: &str) -> bool {
    let b = text.as_bytes();
    [DAGGER_ALEF, TEH_MARBUTA, TEH_MARBUTA_GOAL].iter().any(|c| {
        let mut buf = [0u8; 4];
        memchr::memmem::find(b, c.encode_utf8(&mut buf).as_bytes()).is_some()
    })
}

/// `normalize.respell_in_context`: a dagger alef that stands for a long alef becomes `ا`
/// (after `و` the two are one `ا`), a teh marbuta after `ا` becomes `ت`.  One character for one.
pub fn respell_in_context(text: &str) -> Cow<'_, str> {
    match respelled_chars(text) {
        None => Cow::Borrowed(text),
        Some(out) => Cow::Owned(out.into_iter().collect()),
    }
}

/// [`respell_in_context`] as code points, or `None` when `text` holds no character it may
/// change ([`needs_context`]).
fn respelled_chars(text: &str) -> Option<Vec<char>> {
    if !needs_context(text) {
        return None;
    }
    let src: Vec<char> = text.chars().collect();
    let mut out = src.clone();
    for i in 0..src.len() {
        let c = src[i];
        if c == TEH_MARBUTA || c == TEH_MARBUTA_GOAL {
            if letter_before(&out, i).and_then(|p| folded(out[p])) == Some('ا') {
                out[i] = 'ت';
            }
            continue;
        }
        if c != DAGGER_ALEF {
            continue;
        }
        let Some(p) = letter_before(&src, i) else { continue };
        if !letter_after(&src, i) {
            continue;
        }
        let prev = folded(src[p]);
        if prev == Some('و') {
            // The alef takes the waw's place (its offset starts there); the dagger alef is deleted.
            out[p] = 'ا';
            out[i] = '\u{640}';
            continue;
        }
        if matches!(prev, Some('ا' | 'ی')) {
            continue;
        }
        let Some(q) = letter_before(&src, p) else { continue };
        let before = folded(src[q]);
        if prev == Some('ل') && (before == Some('ل') || (before == Some('ا') && letter_before(&src, q).is_none())) {
            continue;
        }
        out[i] = 'ا';
    }
    Some(out)
}

/// Apply every char filter to `text` (`normalize.normalize`): idempotent.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement(c) {
            None => out.push(c),
            Some(_) if in_context(c) => return table(&respell_in_context(text)),
            Some(rep) => out.push_str(rep),
        }
    }
    out
}

/// Whether `c` is one of the characters [`respell_in_context`] may change (each is also in the
/// table, so the normalizing loops test it only for characters the table changes: the first one
/// found sends the text through [`respell_in_context`], and most texts hold none).
#[inline]
fn in_context(c: char) -> bool {
    matches!(c, DAGGER_ALEF | TEH_MARBUTA | TEH_MARBUTA_GOAL)
}

/// The table alone.
fn table(text: &str) -> String {
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
/// Returns whether [`respell_in_context`] ran: whether `text` holds a character it may change
/// ([`needs_context`]).
pub fn normalize_chars(text: &str, out: &mut Vec<char>) -> bool {
    if table_chars(text, out) != Table::Context {
        return false;
    }
    out.clear();
    out.extend(table(&respell_in_context(text)).chars());
    true
}

/// Whether `c` is one of the marks every vocalised Arabic article holds (`arabic.ARTICLE_MARKS`: a sukun
/// or a shadda; `arabic.rs`); the char table's slow way sees each (they are deleted) and tells its caller
/// ([`Table::Marked`]).
#[inline]
pub fn is_article_mark(c: char) -> bool {
    c == crate::tables::SHADDA || crate::tables::SUKUNS.chars().any(|s| s == c)
}

/// What [`table_chars`] saw in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    /// Neither a character [`respell_in_context`] may change nor a mark of the vocalised article.
    Plain,
    /// A mark of the vocalised article ([`is_article_mark`]: a sukun or a shadda), no
    /// character read in context.
    Marked,
    /// A character [`respell_in_context`] may change (the scan stopped there).
    Context,
}

/// The table alone as code points into `out`, and [`Table::Plain`] or [`Table::Marked`], when `text`
/// holds no character [`respell_in_context`] may change; else [`Table::Context`] (`out` then holds a part
/// of the text): the first pass of [`normalize_chars`], for a caller that makes the offsets of such a
/// text anyway ([`normalize_with_offsets`], whose characters are the same).  Whether the text holds a
/// mark of the vocalised article ([`is_article_mark`]) is seen on the slow way those
/// (deleted) characters take anyway: the index path reads only such texts token by token for the
/// article (`Analyzer._needs_offsets`).
///
/// Over the UTF-8 bytes: a one- or two-byte sequence (ASCII and the Arabic block, ~99% of the
/// characters of Persian news) is decoded by hand and mapped by [`short_char`] in one load when
/// it stays or becomes one other character; the others (deleted, several characters, read in
/// context, three- and four-byte sequences) take [`replacement`]'s way.  Same output as
/// `text.chars()` through [`replacement`] (tested); ~12% fewer instructions (callgrind).
pub(crate) fn table_chars(text: &str, out: &mut Vec<char>) -> Table {
    out.clear();
    out.reserve(text.len() / 2 + 1);
    // the output goes through a buffer on the stack, copied out when nearly full: a store and
    // an increment a character, where a push loads and stores the vector's length
    let mut buf = ['\0'; CHUNK];
    let mut k = 0;
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut marked = false;
    while i < n {
        if k >= CHUNK - MAX_REPLACEMENT {
            out.extend_from_slice(&buf[..k]);
            k = 0;
        }
        let x = b[i];
        if x < 0xe0 {
            // one byte or two (a two-byte sequence of a `str`: its continuation byte follows),
            // decoded without a branch on which: a Persian text changes between the two at
            // every space, a mispredicted branch each time
            let y = b.get(i + 1).copied().unwrap_or(0);
            let two = x >= 0x80;
            let one = usize::from(x);
            let both = (usize::from(x & 0x1f) << 6) | usize::from(y & 0x3f);
            let c = short_char(if two { both } else { one });
            if c != SHORT_SPECIAL {
                buf[k] = c;
                k += 1;
                i += 1 + usize::from(two);
                continue;
            }
        }
        // the slow way: the character that starts at `i`
        let c = text[i..].chars().next().expect("a character at a boundary");
        i += c.len_utf8();
        match replacement(c) {
            None => {
                buf[k] = c;
                k += 1;
            }
            Some(_) if in_context(c) => {
                out.extend_from_slice(&buf[..k]);
                return Table::Context;
            }
            Some(rep) => {
                marked |= is_article_mark(c);
                out.extend_from_slice(&buf[..k]);
                k = 0;
                out.extend(rep.chars());
            }
        }
    }
    out.extend_from_slice(&buf[..k]);
    if marked {
        Table::Marked
    } else {
        Table::Plain
    }
}

/// The index in [`table_chars`]' output of the character at each byte offset of `at` (ascending, each at
/// a character of `text`) of a text without a character read in context ([`Table::Context`]): the
/// normalized position of a place found in the original, without the offsets of every character
/// ([`normalize_with_offsets`]); the count stops at the last offset.
pub(crate) fn table_indices(text: &str, at: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(at.len());
    let mut count = 0;
    for (b, c) in text.char_indices() {
        if out.len() == at.len() {
            break;
        }
        if b == at[out.len()] {
            out.push(count);
        }
        let cp = c as usize;
        count += if cp < 0x800 && short_char(cp) != SHORT_SPECIAL {
            1
        } else {
            replacement(c).map_or(1, |r| r.chars().count())
        };
    }
    out
}

/// The stack buffer of [`table_chars`], in characters.
const CHUNK: usize = 256;
/// Room kept free in it: more than one character's output (a replacement is copied straight out).
const MAX_REPLACEMENT: usize = 2;

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
    // the respelled text's code points as they are (not collected into a string and decoded again)
    match respelled_chars(text) {
        Some(chars) => with_offsets(chars.into_iter(), text.len()),
        None => with_offsets(text.chars(), text.len()),
    }
}

/// [`normalize_with_offsets`] of the code points `chars` (respelled), `len`: a size hint.
fn with_offsets(chars: impl Iterator<Item = char>, len: usize) -> Normalized {
    let mut n = Normalized {
        chars: Vec::with_capacity(len / 2 + 1),
        starts: Vec::with_capacity(len / 2 + 1),
        ends: Vec::with_capacity(len / 2 + 1),
    };
    for (i, c) in chars.enumerate() {
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

    /// `table_chars` as it was written before its byte loop: `str::chars` and the table.
    fn table_chars_by_chars(text: &str) -> Option<Vec<char>> {
        let mut out = Vec::new();
        for c in text.chars() {
            match replacement(c) {
                None => out.push(c),
                Some(_) if in_context(c) => return None,
                Some(rep) => out.extend(rep.chars()),
            }
        }
        Some(out)
    }

    #[test]
    fn the_byte_loop_is_the_char_loop() {
        // every code point below U+0900 (one, two and three bytes), then astral ones and ZWNJ
        let all: String = (0..0x900u32).filter_map(char::from_u32).filter(|&c| !in_context(c)).collect();
        let texts = [
            all.as_str(),
            "كتابي\u{200c}ها ABC ۱۲٫۵ اشیاء 😀x\u{10ffff}\u{feff}ﻻ",
            "",
            "a",
            "زَکوٰة",
            "مدرسة ها",
            "\u{6c3}",
        ];
        for t in texts {
            let mut out = vec!['x'];
            let done = table_chars(t, &mut out);
            match table_chars_by_chars(t) {
                Some(want) => {
                    let marked = t.chars().any(is_article_mark);
                    assert_eq!(done, if marked { Table::Marked } else { Table::Plain }, "{t:?}");
                    assert_eq!(out, want, "{t:?}");
                }
                None => assert_eq!(done, Table::Context, "{t:?}"),
            }
        }
        // a place in the original and its index in the output
        let t = "كتابِ ٱلرَّحِيمِ ــ﷽ والسّلام ﻻ x";
        let at: Vec<usize> = t.char_indices().map(|(b, _)| b).collect();
        let n = normalize_with_offsets(t);
        let want: Vec<usize> = t
            .char_indices()
            .enumerate()
            .map(|(k, _)| n.starts.iter().position(|&s| s >= k).unwrap_or(n.chars.len()))
            .collect();
        assert_eq!(table_indices(t, &at), want);
        // the article's marks are seen wherever they are
        for (t, want) in
            [("الرَّحِيمِ", Table::Marked), ("ٱلْحَمْدُ", Table::Marked), ("الۡحَمۡدُ", Table::Marked), ("ٱلحمد", Table::Plain)]
        {
            assert_eq!(table_chars(t, &mut Vec::new()), want, "{t:?}");
        }
    }

    #[test]
    fn folds_and_deletes() {
        assert_eq!(normalize("كتابي"), "کتابی");
        assert_eq!(normalize("اشیاء"), "اشیا");
        assert_eq!(normalize("۱۲٫۵"), "12.5");
        assert_eq!(normalize("ABC"), "abc");
    }

    #[test]
    fn dagger_alef_and_teh_marbuta_in_context() {
        assert_eq!(normalize("زَکوٰة"), "زکات");
        assert_eq!(normalize("إِبْرَٰهِیمَ"), "ابراهیم");
        assert_eq!(normalize("اللّٰهِ"), "الله");
        assert_eq!(normalize("هٰذَا"), "هذا");
        assert_eq!(normalize("إِلٰهَ"), "اله");
        assert_eq!(normalize("مدرسة"), "مدرسه");
        let n = normalize_with_offsets("الصَّلوٰةَ");
        assert_eq!(n.chars.iter().collect::<String>(), "الصلات");
        assert_eq!(*n.ends.last().unwrap(), 10);
    }

    #[test]
    fn offsets_keep_deleted_marks_with_their_letter() {
        let n = normalize_with_offsets("اشیاء ب");
        assert_eq!(n.chars.iter().collect::<String>(), "اشیا ب");
        assert_eq!(n.ends[3], 5);
        assert_eq!((n.starts[4], n.ends[4]), (5, 6));
    }
}
