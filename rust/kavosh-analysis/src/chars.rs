//! Character classes as Python's `re` and `str` define them, and the char filters' table.
//!
//! Every class comes from `tables.rs`, generated from the Python specification, so a code
//! point is a letter, a digit (`\d`), a word character (`\w`) or a space exactly when it is
//! one for Python 3.11 (Unicode 14.0) — not for Rust's newer Unicode tables.

use crate::tables;

/// ZERO WIDTH NON-JOINER: the Persian half-space.
pub const ZWNJ: char = '\u{200c}';
/// WORD JOINER: between the parts of a compound joined by the tokenizer.
pub const JOINER: char = tables::COMPOUND_JOINER;

const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const WORD: u8 = 4;
const SPACE: u8 = 8;
const CHANGES: u8 = 16;

/// Flags of each code point of the Basic Multilingual Plane, built at compile time (the
/// scan and the char filters ask them of every character: a static array costs one bounds
/// test and one load, where a table built on first use added a check of its lock each call).
static BMP: [u8; 0x10000] = bmp_flags();

const fn mark(mut bmp: [u8; 0x10000], table: &[(u32, u32)], flag: u8) -> [u8; 0x10000] {
    let mut i = 0;
    while i < table.len() {
        let (lo, hi) = table[i];
        let mut c = lo;
        while c <= hi && c < 0x10000 {
            bmp[c as usize] |= flag;
            c += 1;
        }
        i += 1;
    }
    bmp
}

const fn bmp_flags() -> [u8; 0x10000] {
    let mut bmp = [0u8; 0x10000];
    bmp = mark(bmp, tables::LETTER, LETTER);
    bmp = mark(bmp, tables::DECIMAL, DIGIT);
    bmp = mark(bmp, tables::ALNUM, WORD);
    bmp = mark(bmp, tables::SPACE, SPACE);
    bmp['_' as usize] |= WORD;
    let mut i = 0;
    while i < tables::CHAR_TABLE.len() {
        // every entry is in the BMP (checked by the test below and by the generator's source)
        bmp[tables::CHAR_TABLE[i].0 as usize] |= CHANGES;
        i += 1;
    }
    bmp
}

/// For each BMP code point that a char filter changes: 1 + its index in `CHAR_TABLE`
/// (asked only of the characters whose flags say they change), built at compile time like
/// [`BMP`] (a table built on first use checked its lock at every changed character).
static REPLACEMENT_INDEX: [u16; 0x10000] = replacement_index();

const fn replacement_index() -> [u16; 0x10000] {
    assert!(tables::CHAR_TABLE.len() < u16::MAX as usize, "fewer than 65535 char-filter entries");
    let mut map = [0u16; 0x10000];
    let mut i = 0;
    while i < tables::CHAR_TABLE.len() {
        map[tables::CHAR_TABLE[i].0 as usize] = (i + 1) as u16;
        i += 1;
    }
    map
}

/// What [`short_char`] gives for a code point whose char filter is not one character for one
/// (deleted, several characters, or read in context): the caller takes [`replacement`]'s way.
pub(crate) const SHORT_SPECIAL: char = '\u{10ffff}';

/// For each code point below U+0800 (the one- and two-byte UTF-8 sequences: ASCII and the
/// Arabic block): the character the char filters make of it when that is one character
/// (itself when it stays), else [`SHORT_SPECIAL`]; built at compile time from `CHAR_TABLE`.
static SHORT: [char; 0x800] = short_table();

/// The first code point of UTF-8 `s` when it is all of `s`, else `None` (a `const fn` decode).
const fn only_char(s: &str) -> Option<char> {
    let b = s.as_bytes();
    let cp = match b.len() {
        1 if b[0] < 0x80 => b[0] as u32,
        2 => ((b[0] as u32 & 0x1f) << 6) | (b[1] as u32 & 0x3f),
        3 => ((b[0] as u32 & 0x0f) << 12) | ((b[1] as u32 & 0x3f) << 6) | (b[2] as u32 & 0x3f),
        4 => {
            ((b[0] as u32 & 0x07) << 18)
                | ((b[1] as u32 & 0x3f) << 12)
                | ((b[2] as u32 & 0x3f) << 6)
                | (b[3] as u32 & 0x3f)
        }
        _ => return None,
    };
    char::from_u32(cp)
}

const fn short_table() -> [char; 0x800] {
    let mut t = [SHORT_SPECIAL; 0x800];
    let mut cp = 0;
    while cp < 0x800 {
        if let Some(c) = char::from_u32(cp) {
            t[cp as usize] = c;
        }
        cp += 1;
    }
    let mut i = 0;
    while i < tables::CHAR_TABLE.len() {
        let (cp, rep) = tables::CHAR_TABLE[i];
        if cp < 0x800 {
            // the characters read in context (`normalize::in_context`) stay on the slow way
            let context = cp == 0x670 || cp == 0x629 || cp == 0x6c3;
            t[cp as usize] = match only_char(rep) {
                Some(c) if !context => c,
                _ => SHORT_SPECIAL,
            };
        }
        i += 1;
    }
    t
}

/// [`SHORT`]: what the char filters make of `cp` (below U+0800) when that is one character,
/// else [`SHORT_SPECIAL`] (deleted, several characters, or read in context).
#[inline]
pub(crate) fn short_char(cp: usize) -> char {
    SHORT[cp & 0x7ff]
}

fn in_ranges(table: &[(u32, u32)], c: u32) -> bool {
    match table.binary_search_by(|&(lo, _)| lo.cmp(&c)) {
        Ok(_) => true,
        Err(0) => false,
        Err(i) => c <= table[i - 1].1,
    }
}

#[inline]
fn flags(c: char) -> u8 {
    let cp = c as u32;
    if cp < 0x10000 {
        BMP[cp as usize]
    } else {
        let mut f = 0;
        if in_ranges(tables::DECIMAL, cp) {
            f |= DIGIT;
        }
        if in_ranges(tables::ALNUM, cp) {
            f |= WORD;
        }
        if in_ranges(tables::SPACE, cp) {
            f |= SPACE;
        }
        f
    }
}

/// An Arabic-script letter of `tokenize.LETTER`.
#[inline]
pub fn is_letter(c: char) -> bool {
    flags(c) & LETTER != 0
}

/// Python's `re` `\d`: `str.isdecimal`.
#[inline]
pub fn is_digit(c: char) -> bool {
    flags(c) & DIGIT != 0
}

/// Python's `re` `\w`: `str.isalnum` or `_`.
#[inline]
pub fn is_word(c: char) -> bool {
    flags(c) & WORD != 0
}

/// `str.isspace`.
#[inline]
pub fn is_space(c: char) -> bool {
    flags(c) & SPACE != 0
}

/// A character `surface_to_word` drops: spaces, ZWNJ, `,` and the compound joiner.
#[inline]
pub fn dropped(c: char) -> bool {
    matches!(c, ' ' | ZWNJ | ',' | JOINER)
}

/// A space or a half-space: the separators affixes and compound parts are written with.
#[inline]
pub fn is_sep(c: char) -> bool {
    c == ' ' || c == ZWNJ
}

/// What the char filters make of `c`: `None` when it stays, else its replacement
/// (possibly empty: deleted).
#[inline]
pub fn replacement(c: char) -> Option<&'static str> {
    let cp = c as u32;
    if cp >= 0x10000 || BMP[cp as usize] & CHANGES == 0 {
        return None;
    }
    Some(tables::CHAR_TABLE[usize::from(REPLACEMENT_INDEX[cp as usize]) - 1].1)
}

/// Python's `str.strip()`: `s` without leading and trailing `str.isspace` characters.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_bmp_and_sorted() {
        assert!(tables::CHAR_TABLE.iter().all(|&(cp, _)| cp < 0x10000));
        assert!(tables::CHAR_TABLE.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_short_table_is_the_char_table_one_for_one() {
        for cp in 0..0x800u32 {
            let Some(c) = char::from_u32(cp) else { continue };
            let context = matches!(c, '\u{670}' | '\u{629}' | '\u{6c3}');
            let want = match replacement(c) {
                None => c,
                Some(rep) if !context && rep.chars().count() == 1 => rep.chars().next().unwrap(),
                Some(_) => SHORT_SPECIAL,
            };
            assert_eq!(short_char(cp as usize), want, "U+{cp:04X}");
        }
        assert_eq!(short_char('ي' as usize), 'ی');
        assert_eq!(short_char('A' as usize), 'a');
        assert_eq!(short_char('\u{64b}' as usize), SHORT_SPECIAL);
    }

    #[test]
    fn classes_follow_python() {
        assert!(is_letter('ک') && !is_letter('۱') && !is_letter('a'));
        assert!(is_digit('3') && is_digit('۳') && is_digit('\u{1d7d8}') && !is_digit('²'));
        assert!(is_word('_') && is_word('é') && is_word('²') && !is_word('-'));
        assert!(is_space('\u{1c}') && is_space('\u{a0}') && !is_space(ZWNJ));
        assert_eq!(replacement('ي'), Some("ی"));
        assert_eq!(replacement('\u{64b}'), Some(""));
        assert_eq!(replacement('ب'), None);
    }
}
