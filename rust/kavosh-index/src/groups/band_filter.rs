//! The band filter (`groups.BandFilter`): which band keys the table may hold, so that a key it
//! certainly does not hold costs no lookup; used by [`GroupTable`](super::GroupTable) for the
//! keys added since opening and for those of the file.

const WORD_MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const BIT_MUL: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// Which band keys may be in the table: a blocked Bloom filter, three bits of one 64-bit word a
/// key (`groups.BandFilter`, the same words and bits: Putze, Sanders and Singler 2007).  Never
/// says no for a key added.
#[derive(Debug, Clone)]
pub struct BandFilter {
    pub(super) bits: u64,
    shift: u32,
    words: Vec<u64>,
    pub(super) keys: u64,
}

impl BandFilter {
    /// An empty filter of `bits` bits (a power of two, at least 64).
    pub fn new(bits: u64) -> Self {
        let n = (bits / 64).max(1);
        BandFilter { bits, shift: 64 - n.ilog2(), words: vec![0; n as usize], keys: 0 }
    }

    #[inline]
    fn probe(&self, key: u64) -> (usize, u64) {
        let w = key.wrapping_mul(WORD_MUL).checked_shr(self.shift).unwrap_or(0) as usize;
        let h = key.wrapping_mul(BIT_MUL);
        (w, (1u64 << (h >> 58)) | (1u64 << ((h >> 52) & 63)) | (1u64 << ((h >> 46) & 63)))
    }

    /// Add a key.
    pub fn add(&mut self, key: u64) {
        let (w, m) = self.probe(key);
        self.words[w] |= m;
        self.keys += 1;
    }

    /// False when the table certainly does not hold `key`.
    pub fn may_hold(&self, key: u64) -> bool {
        let (w, m) = self.probe(key);
        self.words[w] & m == m
    }

    /// [`BandFilter::may_hold`] of each key, each added right after it is checked.
    pub fn check_and_add(&mut self, keys: &[u64]) -> Vec<bool> {
        keys.iter()
            .map(|&k| {
                let (w, m) = self.probe(k);
                let v = self.words[w];
                self.words[w] = v | m;
                self.keys += 1;
                v & m == m
            })
            .collect()
    }

    /// The filter's words (for tests against the Python filter).
    pub fn words(&self) -> &[u64] {
        &self.words
    }
}
