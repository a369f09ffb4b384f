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
