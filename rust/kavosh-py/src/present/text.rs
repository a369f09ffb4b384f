//! Text as snippet placement reads it: code point offsets over UTF-8 bytes (counted eight
//! bytes at a time, so a long stored text is neither converted nor validated whole), [`Doc`] (a
//! long text sliced by code points, with the offsets already known), and Python's `str`
//! searches and `isspace` where the specification uses them.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The UTF-8 bytes of ``text``: a ``bytes`` object as it is (not validated here: only the parts
/// decoded are), a ``str`` encoded (``UnicodeEncodeError`` for lone surrogates).
pub(super) fn utf8_of<'a>(text: &'a Bound<'_, PyAny>) -> PyResult<&'a [u8]> {
    match text.cast::<PyBytes>() {
        Ok(b) => Ok(b.as_bytes()),
        Err(_) => Ok(text.extract::<&str>()?.as_bytes()),
    }
}

/// Whether `b` starts a code point (is not a UTF-8 continuation byte).
pub(super) fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// The number of code points in UTF-8 `bytes` (the bytes that are not continuation bytes),
/// eight bytes at a time.
pub(super) fn count_chars(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut continuation = 0usize;
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks of eight bytes"));
        // a continuation byte is 10xxxxxx: its bit 7 set and its bit 6 (bit 7 of w << 1) clear
        continuation += (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
    }
    continuation += words.remainder().iter().filter(|&&b| !starts_char(b)).count();
    bytes.len() - continuation
}

/// The byte offset of the code point `k` code points after byte `from` of `text` (its end when
/// there are fewer): eight bytes at a time while the code point is further on.
pub(super) fn advance(text: &[u8], from: usize, k: usize) -> usize {
    let (mut at, mut k) = (from, k);
    while let Some(w) = text.get(at..at + 8) {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        let starts = 8 - (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
        if starts > k {
            break;
        }
        k -= starts;
        at += 8;
    }
    let mut seen = 0;
    for (i, &b) in text[at..].iter().enumerate() {
        if starts_char(b) {
            if seen == k {
                return at + i;
            }
            seen += 1;
        }
    }
    text.len()
}

/// `text[:n]` (code points).
pub(super) fn prefix(text: &[u8], n: usize) -> &[u8] {
    if text.len() <= n {
        return text; // no more bytes than n: no more code points
    }
    &text[..advance(text, 0, n)]
}

/// Python's ``str.isspace`` (Unicode White_Space and the information separators U+001C–U+001F).
pub(super) fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's ``str.find``/``rfind`` range ``[start:end]`` over ``n`` items (negative from the end, clamped).
pub(super) fn py_range(start: i64, end: i64, n: usize) -> (usize, usize) {
    let n = n as i64;
    let fix = |x: i64| if x < 0 { (x + n).max(0) } else { x.min(n) };
    (fix(start) as usize, fix(end) as usize)
}

pub(super) fn find(chars: &[char], c: char, start: i64, end: i64) -> Option<usize> {
    let (a, b) = py_range(start, end, chars.len());
    (a < b).then(|| chars[a..b].iter().position(|&x| x == c).map(|i| a + i)).flatten()
}

pub(super) fn rfind(chars: &[char], c: char, start: i64, end: i64) -> Option<usize> {
    let (a, b) = py_range(start, end, chars.len());
    (a < b).then(|| chars[a..b].iter().rposition(|&x| x == c).map(|i| a + i)).flatten()
}

/// ``Doc::snap`` over ``window``, the valid text of code points ``lo..`` around ``at`` (``at - lo``
/// ≥ 1; backwards, ``at`` ≥ 60 and 60 code points of ``window`` before it): the first space or line break
/// in the 60 code points from ``at`` (``forward``), else the last in the 60 before it; one past it,
/// or ``at`` when there is none.  The same answer as the ``Vec<char>`` search, without one.
pub(super) fn snap_in(window: &str, lo: usize, at: usize, forward: bool) -> usize {
    let rel = at - lo;
    let is_break = |c: char| c == ' ' || c == '\n';
    if forward {
        return match window.chars().skip(rel).take(60).position(is_break) {
            Some(i) => lo + rel + i + 1,
            None => at,
        };
    }
    let from = rel - 60;
    match window.chars().skip(from).take(60).enumerate().filter(|&(_, c)| is_break(c)).last() {
        Some((i, _)) => lo + from + i + 1,
        None => at,
    }
}

/// A long text (UTF-8 bytes) and its length in code points, sliced by code points; ``known``
/// holds code point offsets with their byte offsets (ascending: the start and the anchor places),
/// so a slice walks from the nearest one rather than from the start.
pub(super) struct Doc<'a> {
    pub(super) text: &'a [u8],
    pub(super) n: usize,
    pub(super) known: Vec<(usize, usize)>,
}

impl Doc<'_> {
    /// The byte offset of code point ``i`` (the end for ``i`` ≥ ``n``).
    pub(super) fn byte(&self, i: usize) -> usize {
        if i >= self.n {
            return self.text.len();
        }
        let k = self.known.partition_point(|&(c, _)| c <= i) - 1;
        let (c, b) = self.known[k];
        advance(self.text, b, i - c)
    }

    /// ``text[a:b]`` (code points), as bytes.
    pub(super) fn slice(&self, a: usize, b: usize) -> &[u8] {
        let start = self.byte(a);
        &self.text[start..advance(self.text, start, b.saturating_sub(a))]
    }

    /// ``_snap``: a region boundary near ``at`` on a space or line break (within 60 characters).
    pub(super) fn snap(&self, at: i64, forward: bool) -> usize {
        if at <= 0 || at >= self.n as i64 {
            return at.clamp(0, self.n as i64) as usize;
        }
        let lo = (at - 61).max(0) as usize;
        let hi = ((at + 61) as usize).min(self.n);
        let bytes = self.slice(lo, hi);
        if forward || at >= 60 {
            if let Ok(window) = std::str::from_utf8(bytes) {
                return snap_in(window, lo, at as usize, forward);
            }
        }
        // (a text that is not UTF-8 here fails where its region is decoded)
        let window: Vec<char> = String::from_utf8_lossy(bytes).chars().collect();
        let rel = at - lo as i64;
        let shift = |i: Option<usize>| i.map(|x| x + lo);
        if forward {
            let hits = [shift(find(&window, ' ', rel, rel + 60)), shift(find(&window, '\n', rel, rel + 60))];
            return match hits.into_iter().flatten().min() {
                Some(i) => i + 1,
                None => at as usize,
            };
        }
        // Python's rfind with a negative start counts from the end: nothing before 60 characters
        let start = at - 60;
        if start < 0 {
            let (a, b) = py_range(start, at, self.n);
            if a >= b {
                return at as usize;
            }
        }
        let hits = [shift(rfind(&window, ' ', rel - 60, rel)), shift(rfind(&window, '\n', rel - 60, rel))];
        match hits.into_iter().flatten().max() {
            Some(i) => i + 1,
            None => at as usize,
        }
    }
}
