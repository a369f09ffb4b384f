//! Joining surfaces (`tokenize.Compounds.join_tokens`, `_join_waw`): what joining asks of one
//! surface ([`Compounds::surface_flags`], [`Compounds::pair_key`]), whether a surface joins the
//! next, and the joins made in place over the tokenizer's [`Surface`]s; used by the analyzer's
//! token walk and its surface cache.

use super::pair_hash::{combine, hash_mask, key_hash, poly, poly_pow, PairKey};
use super::{Compounds, WAW};
use crate::chars::{JOINER, ZWNJ};
use crate::scan::lead_letters;

impl Compounds {
    /// What joining asks of one surface alone: [`FIRST_SEP`], [`WAW_FIRST`] and [`DERIVATIONAL`]
    /// bits.  A function of the surface's text only, so a cache of surfaces can keep it and a
    /// cached surface is not hashed again for the pair tests.
    pub fn surface_flags(&self, s: &[char]) -> u8 {
        let mut flags = 0;
        // every first_sep and waw_first_sep entry ends with its separator
        if s.last().is_some_and(|&c| c == ' ' || c == ZWNJ) {
            let (lo, hi) = self.first_sep_len;
            if (lo..=hi).contains(&s.len()) && self.first_sep.contains(s) {
                flags |= FIRST_SEP;
            }
            if self.waw_first_sep.contains(s) {
                flags |= WAW_FIRST;
            }
        }
        let lead = &s[..lead_letters(s)];
        if self.derivational.iter().any(|d| d.as_slice() == lead) {
            flags |= DERIVATIONAL;
        }
        if s.len() == 2 && s[0] == WAW && (s[1] == ' ' || s[1] == ZWNJ) {
            flags |= WAW_MID;
        }
        flags
    }

    /// The [`PairKey`] of surface `s`.
    pub fn pair_key(&self, s: &[char]) -> PairKey {
        let lead = &s[..lead_letters(s)];
        PairKey { head: poly(&s[..s.len().saturating_sub(1)]), lead: poly(lead), pow: poly_pow(lead.len()) }
    }

    /// `Compounds._join_hits` with the derivational joins of `join_tokens`: the `i` whose
    /// surface joins the next one, ascending (`surfaces` are `SCAN_RE` surfaces).
    pub fn join_hits(&self, surfaces: &[&[char]]) -> Vec<usize> {
        let flags: Vec<u8> = surfaces.iter().map(|s| self.surface_flags(s)).collect();
        let mut key = Vec::new();
        (0..surfaces.len().saturating_sub(1))
            .filter(|&i| self.joins_next(surfaces[i], flags[i], surfaces[i + 1], flags[i + 1], &mut key))
            .collect()
    }

    /// Whether surface `first` joins the next one, `nxt` (`f`, `g`: their
    /// [`Compounds::surface_flags`], which turn away most pairs before any hash of a key is
    /// made); `key`: a buffer for the compound's key.
    #[inline]
    fn joins_next(&self, first: &[char], f: u8, nxt: &[char], g: u8, key: &mut Vec<char>) -> bool {
        if f & FIRST_SEP == 0 && g & DERIVATIONAL == 0 {
            return false;
        }
        // every first_sep and hosts entry ends with its separator
        if !first.last().is_some_and(|&c| c == ' ' || c == ZWNJ) {
            return false;
        }
        if f & FIRST_SEP != 0 {
            let lead = lead_letters(nxt);
            if lead > 0 && self.may_join(key_hash(&first[..first.len() - 1], &nxt[..lead])) {
                key.clear();
                key.extend_from_slice(&first[..first.len() - 1]);
                key.extend_from_slice(&nxt[..lead]);
                if self.join.contains(key) {
                    return true;
                }
            }
        }
        // a noun, then a derivational suffix written apart (قلم چی, قلم چی‌ها)
        g & DERIVATIONAL != 0
            && !self.hosts.is_empty()
            && self.hosts.contains(first[..first.len() - 1].iter().collect::<String>())
    }

    /// Whether a key whose [`key_hash`] is `h` may be in `join` (its bit in `join_bits` is set).
    #[inline]
    pub(super) fn may_join(&self, h: u64) -> bool {
        let m = hash_mask(h, self.join_shift);
        self.join_bits[(h >> self.join_shift >> 6) as usize] & m == m
    }

    /// `Compounds.join_tokens`: join, in place, surfaces written with one separator between
    /// them (see [`Compounds::join_hits`]); left to right, a part joined as second is not a
    /// first part again.  Each surface is `(start, end, joined_at)` over `d`, the normalized
    /// text: `joined_at` is the separator that the joined surface shows as [`JOINER`].  Each
    /// surface's `flags` must be its text's [`Compounds::surface_flags`]; a joined surface gets
    /// its own, and the `id` [`NO_ID`].
    pub fn join_tokens(&self, d: &[char], surfaces: &mut Vec<Surface>) {
        // most texts have no surface that can begin a join (one pass over the flags)
        let mut any = surfaces.iter().fold(0, |a, s| a | s.flags);
        // the flags again only when a `و` compound was joined (its surface has flags of its own)
        if any & WAW_FIRST != 0 && any & WAW_MID != 0 && self.join_waw(d, surfaces) {
            any = surfaces.iter().fold(0, |a, s| a | s.flags);
        }
        if surfaces.len() < 2 || any & (FIRST_SEP | DERIVATIONAL) == 0 {
            return;
        }
        let (mut hits, mut key) = (Vec::new(), Vec::new());
        for (i, pair) in surfaces.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            // the flags' and the filter's tests without a branch (a first part is ~30% of the
            // surfaces, in no order a predictor learns): most pairs end here.  `pow != 1`: the
            // next surface has leading letters.
            let may_join = (a.flags & FIRST_SEP != 0) & (b.pair.pow != 1) & self.may_join(combine(a.pair.head, b.pair));
            if (may_join | (b.flags & DERIVATIONAL != 0))
                && self.joins_next(&d[a.start..a.end], a.flags, &d[b.start..b.end], b.flags, &mut key)
            {
                hits.push(i);
            }
        }
        if hits.is_empty() {
            return;
        }
        let mut taken = usize::MAX;
        let mut drop = vec![false; surfaces.len()];
        for i in hits {
            if i != taken {
                let (start, end) = (surfaces[i].start, surfaces[i + 1].end);
                surfaces[i] = Surface {
                    start,
                    end,
                    joined_at: Some(surfaces[i].end - 1),
                    joined_at2: None,
                    flags: self.surface_flags(&d[start..end]),
                    pair: self.pair_key(&d[start..end]),
                    id: NO_ID,
                };
                drop[i + 1] = true;
                taken = i + 1;
            }
        }
        let mut k = 0;
        surfaces.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

impl Compounds {
    /// `Compounds._join_waw`: join, in place, three surfaces `first`, `و`, `second` of a compound
    /// of `WAW_COMPOUNDS` written apart (`گفت و گو`, `گفت‌و‌گو`) into one, both separators shown as
    /// [`JOINER`]; right to left over the middles, as the specification.
    /// Returns whether it joined any.
    fn join_waw(&self, d: &[char], surfaces: &mut Vec<Surface>) -> bool {
        let mut joined = false;
        if surfaces.len() < 3 {
            return false;
        }
        let mut key = Vec::new();
        let mut k = surfaces.len() - 2;
        while k >= 1 {
            // the middle is `و` and a separator
            if surfaces[k].flags & WAW_MID != 0 && surfaces[k - 1].flags & WAW_FIRST != 0 {
                let first = &d[surfaces[k - 1].start..surfaces[k - 1].end];
                let nxt = &d[surfaces[k + 1].start..surfaces[k + 1].end];
                let lead = lead_letters(nxt);
                key.clear();
                key.extend_from_slice(&first[..first.len() - 1]);
                key.push(WAW);
                key.extend_from_slice(&nxt[..lead]);
                if lead > 0 && self.waw_join.contains(&key) {
                    let (start, end) = (surfaces[k - 1].start, surfaces[k + 1].end);
                    surfaces[k - 1] = Surface {
                        start,
                        end,
                        joined_at: Some(surfaces[k - 1].end - 1),
                        joined_at2: Some(surfaces[k].end - 1),
                        flags: self.surface_flags(&d[start..end]),
                        pair: self.pair_key(&d[start..end]),
                        id: NO_ID,
                    };
                    surfaces.drain(k..k + 2);
                    joined = true;
                }
            }
            k -= 1;
        }
        joined
    }
}

/// A token surface of the scan over normalized text `d`: `d[start..end]`, with the separator
/// at `joined_at` shown as [`JOINER`] when two surfaces were joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surface {
    /// Start in the normalized text (code points).
    pub start: usize,
    /// End (exclusive) in the normalized text.
    pub end: usize,
    /// The separator shown as [`JOINER`], if joined.
    pub joined_at: Option<usize>,
    /// The second separator shown as [`JOINER`], when three surfaces were joined (`گفت و گو`).
    pub joined_at2: Option<usize>,
    /// [`Compounds::surface_flags`] of `d[start..end]` (what [`Compounds::join_tokens`] reads).
    pub flags: u8,
    /// [`Compounds::pair_key`] of `d[start..end]` (what [`Compounds::join_tokens`] reads).
    pub pair: PairKey,
    /// The caller's number for the surface, kept through [`Compounds::join_tokens`]; [`NO_ID`]
    /// for a joined surface.
    pub id: u32,
}

/// [`Surface::id`] of a surface that [`Compounds::join_tokens`] joined.
pub const NO_ID: u32 = u32::MAX;
/// [`Compounds::surface_flags`]: the surface is a first part of a compound usually written
/// joined, with its separator (`Compounds._first_sep`).
pub const FIRST_SEP: u8 = 1;
/// [`Compounds::surface_flags`]: the surface is a first part of a compound of `WAW_COMPOUNDS`,
/// with its separator (`Compounds._waw_first_sep`).
pub const WAW_FIRST: u8 = 2;
/// [`Compounds::surface_flags`]: the surface's leading letters are a derivational suffix.
pub const DERIVATIONAL: u8 = 4;
/// [`Compounds::surface_flags`]: the surface is `و` and a separator (the middle of `گفت و گو`).
pub const WAW_MID: u8 = 8;

impl Surface {
    /// The surface's text into `out` (cleared first).
    pub fn text_into(&self, d: &[char], out: &mut Vec<char>) {
        out.clear();
        out.extend_from_slice(&d[self.start..self.end]);
        for j in [self.joined_at, self.joined_at2].into_iter().flatten() {
            out[j - self.start] = JOINER;
        }
    }
}
