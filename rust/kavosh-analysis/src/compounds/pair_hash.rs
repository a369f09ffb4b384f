//! The hashes of the join test (what [`Compounds::join_tokens`](super::Compounds::join_tokens)
//! asks of a pair of surfaces before it copies out and looks up their key): a polynomial hash of
//! code points that two surfaces' hashes combine into ([`PairKey`], kept with each surface), and
//! the bitmap of the join keys' hashes that turns most pairs away.

/// The multiplier of [`poly`]: odd, `≡ 5 (mod 8)`, so its powers below `2^30` are not 1 mod `2^32`.
const POLY_K: u32 = 0x9e37_79b5;

/// A polynomial hash of code points, `Σ c_i · K^(n-1-i)` mod `2^32`: the hash of `a` then `b` is
/// `poly(a) · K^|b| + poly(b)`, so the pair test of [`Compounds::join_tokens`] combines two
/// surfaces' hashes kept with them ([`PairKey`]) in a multiply and an add, with no loop.
#[inline]
pub(super) fn poly(s: &[char]) -> u32 {
    s.iter().fold(0, |h: u32, &c| h.wrapping_mul(POLY_K).wrapping_add(u32::from(c)))
}

/// `K^n` mod `2^32` for [`poly`].
pub(super) fn poly_pow(n: usize) -> u32 {
    (0..n).fold(1, |p: u32, _| p.wrapping_mul(POLY_K))
}

/// The hash of the key `poly_a` then `b` ([`poly`] of the two as if concatenated) spread over 64
/// bits: a multiply, its high half folded down, a multiply again (one multiply left the two
/// 6-bit fields that [`hash_mask`] reads correlated: with the joiner in the keys two bits let
/// more through than one).
#[inline]
pub(super) fn combine(poly_a: u32, b: PairKey) -> u64 {
    let h = u64::from(poly_a.wrapping_mul(b.pow).wrapping_add(b.lead)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A hash of the key `a` then `b` (code points, as if concatenated), computed without making it
/// ([`combine`] of their [`poly`] hashes).
#[inline]
pub(super) fn key_hash(a: &[char], b: &[char]) -> u64 {
    combine(poly(a), PairKey { head: 0, lead: poly(b), pow: poly_pow(b.len()) })
}

/// What the pair test of [`Compounds::join_tokens`] asks of a surface, kept with it so a pair is
/// turned away without a loop over either text: the [`poly`] hash of the surface without its last
/// code point (a first part's separator), and of its leading letters with `K^` their count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairKey {
    /// [`poly`] of the surface without its last code point.
    pub head: u32,
    /// [`poly`] of its leading letters.
    pub lead: u32,
    /// `K^` the number of its leading letters: 1 when it has none.
    pub pow: u32,
}

/// A bitmap of `n` hashes (8–16 bits each, a power of two, at least 64): the words and the shift
/// that takes a hash to its bit ([`Compounds::may_join`]).
pub(super) fn hash_bits(hashes: impl Iterator<Item = u64>, n: usize) -> (Vec<u64>, u32) {
    let bits = n.saturating_mul(8).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    let mut words = vec![0u64; bits / 64];
    for h in hashes {
        words[(h >> shift >> 6) as usize] |= hash_mask(h, shift);
    }
    (words, shift)
}

/// The two bits of hash `h` in its word of a [`hash_bits`] bitmap: the one its top bits number
/// and the one the six bits below them do (two bits a key: 3.7% of the other pairs of news pass
/// where one bit let 9.9% through).
#[inline]
pub(super) fn hash_mask(h: u64, shift: u32) -> u64 {
    (1 << ((h >> shift) & 63)) | (1 << ((h >> (shift - 6)) & 63))
}
