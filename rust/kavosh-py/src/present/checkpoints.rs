//! A document's token checkpoints (``kavosh.index.checkpoints``): the table written at indexing
//! time ([`checkpoint_table`], in ``kavosh._core``) and read back by the Snippets class's
//! ``placed`` (``kavosh.present.placed``) to scan only the stretch of a long text around the
//! query terms' positions.

use rustc_hash::FxHashMap;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::text::count_chars;
use crate::PyAnalyzer;

/// ``binascii.a2b_base64(s, strict_mode=True)`` for canonical base64 (the standard alphabet, padded,
/// the unused bits of the last symbol zero: what ``base64.b64encode`` writes), by the `base64` crate's
/// `STANDARD` engine (canonical padding, no trailing bits); ``None`` for anything else (the caller then
/// asks Python, which may still accept it).
pub(super) fn base64_strict(s: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

/// Tokens scanned before the best stretch of positions (``kavosh.present.placed.BEFORE``).
const BEFORE: usize = 16;
/// Tokens scanned after the best stretch of positions (``kavosh.present.placed.AFTER``): about the
/// characters a stretch of anchor places spans (8 per word, ``_regions``).
const AFTER: usize = 56;

/// A document's token checkpoints (``kavosh.index.checkpoints``, the format's specification): the
/// code point and byte offsets of every ``every``-th token of its text, whose first token is at
/// body position ``base``.
pub(super) struct Table {
    pub(super) every: usize,
    pub(super) base: usize,
    pub(super) n_tokens: usize,
    pub(super) n_chars: usize,
    pub(super) n_bytes: usize,
    /// ``(code point, byte)`` offset of token ``k * every``, for each ``k``.
    pub(super) points: Vec<(usize, usize)>,
}

impl Table {
    /// Header: six little-endian u32 (version 1, every, base, tokens, code points, bytes), then per
    /// checkpoint two little-endian u16, its code point and byte offsets less the previous one's;
    /// ``None`` for another version or a length that does not fit.
    pub(super) fn decode(raw: &[u8]) -> Option<Table> {
        let word = |i: usize| raw.get(4 * i..4 * i + 4).map(|w| u32::from_le_bytes(w.try_into().expect("4")) as usize);
        let (version, every, base, n_tokens, n_chars, n_bytes) =
            (word(0)?, word(1)?, word(2)?, word(3)?, word(4)?, word(5)?);
        if version != 1 || every == 0 {
            return None;
        }
        let count = n_tokens.div_ceil(every);
        let body = raw.get(24..)?;
        if body.len() != 4 * count {
            return None;
        }
        let (mut c, mut b) = (0usize, 0usize);
        let points = body
            .chunks_exact(4)
            .map(|d| {
                c += u16::from_le_bytes([d[0], d[1]]) as usize;
                b += u16::from_le_bytes([d[2], d[3]]) as usize;
                (c, b)
            })
            .collect();
        Some(Table { every, base, n_tokens, n_chars, n_bytes, points })
    }

    /// ``placed.scan_range``: the ``(code point, byte)`` bounds of the text to scan — the stretch of
    /// ``window`` tokens holding the most distinct groups of ``positions``, then the most positions
    /// (the first such), from :data:`BEFORE` tokens before it to :data:`AFTER` after its end, widened
    /// to checkpoints; ``None`` when no position falls in the text.
    pub(super) fn range(
        &self,
        positions: &[Vec<u32>],
        window: usize,
        max_places: usize,
    ) -> Option<((usize, usize), (usize, usize))> {
        let mut places: Vec<(usize, usize)> = positions
            .iter()
            .enumerate()
            .flat_map(|(g, ps)| {
                ps.iter().filter_map(move |&p| {
                    let i = (p as usize).checked_sub(self.base)?;
                    (i < self.n_tokens).then_some((i, g))
                })
            })
            .collect();
        places.sort_unstable();
        places.truncate(max_places);
        let mut best: Option<(usize, usize, usize)> = None; // (groups, places, start): most, most, first
        let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
        let mut j = 0;
        for (i, &(start, group)) in places.iter().enumerate() {
            while j < places.len() && places[j].0 < start + window {
                *counts.entry(places[j].1).or_insert(0) += 1;
                j += 1;
            }
            if best.is_none_or(|(g, n, _)| (counts.len(), j - i) > (g, n)) {
                best = Some((counts.len(), j - i, start));
            }
            let c = counts.get_mut(&group).expect("counted");
            *c -= 1;
            if *c == 0 {
                counts.remove(&group);
            }
        }
        let (_, _, start) = best?;
        let first = start.saturating_sub(BEFORE) / self.every;
        let last = (start + window + AFTER).div_ceil(self.every);
        let end = self.points.get(last).copied().unwrap_or((self.n_chars, self.n_bytes));
        Some((self.points[first], end))
    }
}

/// checkpoint_table(analyzer, text, every, base) -> bytes | None: ``kavosh.index.checkpoints.table``
/// (the specification) in the core: the token checkpoints of ``text`` analysed by ``analyzer``, its
/// first token at body position ``base``; ``None`` when two checkpoints are 65,536 or more code
/// points or bytes apart (a delta would not fit) or ``every`` is 0.  GIL released.
#[pyfunction]
pub(super) fn checkpoint_table<'py>(
    py: Python<'py>,
    analyzer: &Bound<'_, PyAnalyzer>,
    text: &str,
    every: usize,
    base: u32,
) -> Option<Bound<'py, PyBytes>> {
    let an = &analyzer.get().inner;
    let out = py.detach(|| {
        if every == 0 {
            return None;
        }
        let starts = an.marks(text, |_, _| false).starts;
        let n_chars = count_chars(text.as_bytes());
        let header = [1, every as u32, base, starts.len() as u32, n_chars as u32, text.len() as u32];
        let mut out: Vec<u8> = header.iter().flat_map(|w| w.to_le_bytes()).collect();
        let (mut prev_c, mut prev_b) = (0usize, 0usize);
        let mut bytes = text.char_indices().map(|(b, _)| b).enumerate();
        for &c in starts.iter().step_by(every) {
            let b = bytes.find(|&(i, _)| i == c).map(|(_, b)| b)?;
            let (dc, db) = (u16::try_from(c - prev_c).ok()?, u16::try_from(b - prev_b).ok()?);
            out.extend(dc.to_le_bytes());
            out.extend(db.to_le_bytes());
            (prev_c, prev_b) = (c, b);
        }
        Some(out)
    })?;
    Some(PyBytes::new(py, &out))
}
