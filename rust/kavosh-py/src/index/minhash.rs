//! Near-duplicate fingerprints: the MinHash of a document's 4-term shingles.
//!
//! The specification is `kavosh.index.dedup` (its module docstring defines the algorithm,
//! `kavosh-minhash-1`): XXH3-64 of each term's UTF-8 bytes; a shingle's hash is
//! `h1*P^3 + h2*P^2 + h3*P + h4` (mod 2^64) finished with SplitMix64's mixer; permutation
//! `i` is the high 32 bits of `A[i]*s + B[i]` (mod 2^64, multiply-add-shift hashing,
//! Dietzfelbinger 1996) with `A`, `B` and the band salts drawn from SplitMix64 (Steele, Lea
//! and Flood 2014) seeded with [`SEED`].  `tests/test_index_core.py` checks the values are
//! the Python ones bit for bit.

use std::sync::LazyLock;

use xxhash_rust::xxh3::xxh3_64;

/// Terms per shingle (`dedup.SHINGLE`).
pub const SHINGLE: usize = 4;
/// Signature length (`dedup.NUM_PERM`).
pub const NUM_PERM: usize = 128;
/// LSH bands of two 32-bit values each (`dedup.BANDS`, `dedup.ROWS` = 2).
pub const BANDS: usize = 16;
/// Fewer distinct shingles than this: no fingerprint (`dedup.MIN_SHINGLES`).
pub const MIN_SHINGLES: usize = 8;
/// Seed of the permutations and salts (`dedup.SEED`).
pub const SEED: u64 = 1403;
/// Multiplier combining a shingle's term hashes (`dedup._P`).
const P: u64 = 0x0000_0100_0000_01B3;

/// A document's fingerprint: band keys (two 32-bit MinHash values side by side, XOR the
/// band's salt) and the low 8 bits of each signature value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub bands: [u64; BANDS],
    pub signature: [u8; NUM_PERM],
}

struct Params {
    a: [u64; NUM_PERM],
    b: [u64; NUM_PERM],
    salts: [u64; BANDS],
}

/// SplitMix64's output mixer.
#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| {
    let mut x = SEED;
    let mut next = || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(x)
    };
    let a = std::array::from_fn(|_| next() | 1);
    let b = std::array::from_fn(|_| next());
    let salts = std::array::from_fn(|_| next());
    Params { a, b, salts }
});

/// The shingle hashes of `terms` (already without stopword marks), in order.
pub fn shingle_hashes<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let h: Vec<u64> = terms.map(|t| xxh3_64(t.as_bytes())).collect();
    h.windows(SHINGLE).map(|w| mix64(w.iter().fold(0u64, |s, &x| s.wrapping_mul(P).wrapping_add(x)))).collect()
}

/// The fingerprint of a document's terms (stopword marks already left out), or `None` when
/// it has fewer than [`MIN_SHINGLES`] distinct shingles.
pub fn fingerprint<'a>(terms: impl Iterator<Item = &'a str>) -> Option<Fingerprint> {
    let sh = shingle_hashes(terms);
    if sh.len() < MIN_SHINGLES {
        return None;
    }
    if sh.len() < 4 * MIN_SHINGLES {
        let mut distinct = sh.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < MIN_SHINGLES {
            return None;
        }
    }
    let p = &*PARAMS;
    let mins = min_hashes(&sh, p);
    let bands = std::array::from_fn(|k| ((u64::from(mins[2 * k]) << 32) | u64::from(mins[2 * k + 1])) ^ p.salts[k]);
    let signature = std::array::from_fn(|i| (mins[i] & 0xFF) as u8);
    Some(Fingerprint { bands, signature })
}

/// The signature: for each permutation `i`, the least `(A[i]*s + B[i]) >> 32` over the shingle
/// hashes `s` (about 70% of [`fingerprint`]'s time).  On x86-64 the same loop is compiled a second
/// and a third time with AVX2 and with AVX-512 enabled and the widest the CPU has is run (the
/// project's build targets the x86-64 baseline, SSE2, whose 64-bit products are emulated two lanes
/// at a time); the values are the same integers whichever runs (`tests::every_loop_agrees`).
fn min_hashes(sh: &[u64], p: &Params) -> [u32; NUM_PERM] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512vl")
        {
            // SAFETY: the CPU has the features `min_hashes_avx512` is compiled for (checked above).
            #[allow(unsafe_code)]
            return unsafe { min_hashes_avx512(sh, p) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, which `min_hashes_avx2` is compiled for (checked above).
            #[allow(unsafe_code)]
            return unsafe { min_hashes_avx2(sh, p) };
        }
    }
    min_hashes_portable(sh, p)
}

/// [`min_hashes`]' loop, inlined into each of its compilations.
#[inline(always)]
fn min_hashes_portable(sh: &[u64], p: &Params) -> [u32; NUM_PERM] {
    let mut mins = [u32::MAX; NUM_PERM];
    for &s in sh {
        for ((m, &a), &b) in mins.iter_mut().zip(&p.a).zip(&p.b) {
            let v = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(v);
        }
    }
    mins
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn min_hashes_avx2(sh: &[u64], p: &Params) -> [u32; NUM_PERM] {
    min_hashes_portable(sh, p)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn min_hashes_avx512(sh: &[u64], p: &Params) -> [u32; NUM_PERM] {
    min_hashes_portable(sh, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_loop_agrees() {
        let p = &*PARAMS;
        let mut x = 7u64;
        for n in [0, 1, 5, 8, 31, 200, 1000] {
            let sh: Vec<u64> = (0..n)
                .map(|_| {
                    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
                    mix64(x)
                })
                .collect();
            let want = min_hashes_portable(&sh, p);
            assert_eq!(min_hashes(&sh, p), want);
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2 (checked).
                    #[allow(unsafe_code)]
                    let got = unsafe { min_hashes_avx2(&sh, p) };
                    assert_eq!(got, want);
                }
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                    && std::arch::is_x86_feature_detected!("avx512vl")
                {
                    // SAFETY: the CPU has the features (checked).
                    #[allow(unsafe_code)]
                    let got = unsafe { min_hashes_avx512(&sh, p) };
                    assert_eq!(got, want);
                }
            }
        }
    }

    #[test]
    fn short_and_repetitive_texts_have_none() {
        assert!(fingerprint("a b c d e f g h i j".split(' ')).is_none()); // 7 shingles
        assert!(fingerprint(std::iter::repeat_n("x", 30)).is_none()); // 27 shingles, 1 distinct
        assert!(fingerprint("a b c d e f g h i j k".split(' ')).is_some()); // 8 distinct
    }

    #[test]
    fn similar_texts_share_signature_values() {
        let a: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let mut b = a.clone();
        b[100] = "changed".into();
        let fa = fingerprint(a.iter().map(String::as_str)).unwrap();
        let fb = fingerprint(b.iter().map(String::as_str)).unwrap();
        let same = fa.signature.iter().zip(&fb.signature).filter(|(x, y)| x == y).count();
        assert!(same > 100, "{same} of 128 equal");
        let c: Vec<String> = (0..200).map(|i| format!("v{i}")).collect();
        let fc = fingerprint(c.iter().map(String::as_str)).unwrap();
        let same = fa.signature.iter().zip(&fc.signature).filter(|(x, y)| x == y).count();
        assert!(same < 10, "{same} of 128 equal");
    }
}
