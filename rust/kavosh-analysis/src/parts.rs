//! `Compounds.parts` as an fst map: the 360,000 spellings of the compounds that are split, used
//! in place over the prebuilt lexicon's bytes (`frozen.rs`) or built with the lexicon.

use fst::Map;
use rustc_hash::FxHashMap;

use crate::lexicon::Bytes;

/// `Compounds.parts` as an fst map (read from the prebuilt lexicon without a copy, or built with the
/// lexicon): `{joined spelling, UTF-8: where its parts begin}`.  A part's characters are consecutive in
/// the joined spelling, so a value is a bit mask of the character positions (1..64) where a part
/// begins; a spelling longer than 64 characters keeps its part lengths in `long` (the value is then
/// `LONG | index`).  `filter` is a Bloom filter of the keys (B. H. Bloom, "Space/time trade-offs in
/// hash coding with allowable errors", CACM 13(7), 1970): [`Parts::get`] is asked of every
/// distinct surface, most are no key, and the filter says so for all but a few percent of them
/// without walking the map.
#[derive(Clone)]
pub struct Parts {
    pub(crate) map: Map<Bytes>,
    pub(crate) long: Vec<Vec<usize>>,
    /// `FILTER_BITS` bits, bit `i` in byte `i / 8`: set at the [`probes`] of every key.
    pub(crate) filter: Bytes,
}

const LONG: u64 = 1 << 63;

/// The filter's size in bits (256 KB) and the bits a key sets: for the ~360,000 keys, about 6%
/// of the surfaces that are no key pass it (`(1 - e^(-3 * 360,000 / 2^21))^3`).
pub(crate) const FILTER_BITS: usize = 1 << 21;
const FILTER_PROBES: u32 = 3;

/// The filter's bits for `key`: FNV-1a over its code points, finished by MurmurHash3's 64-bit
/// mix, split into two 32-bit halves for double hashing (Kirsch and Mitzenmacher, "Less
/// hashing, same performance", ESA 2006).
fn probes(key: &[char]) -> impl Iterator<Item = usize> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in key {
        h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    #[allow(clippy::cast_possible_truncation)] // the two halves of the hash
    let (a, b) = (h as u32, (h >> 32) as u32 | 1);
    (0..FILTER_PROBES).map(move |i| a.wrapping_add(i.wrapping_mul(b)) as usize & (FILTER_BITS - 1))
}

impl Default for Parts {
    fn default() -> Self {
        Parts::build(FxHashMap::default())
    }
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts").field("len", &self.len()).finish()
    }
}

impl Parts {
    /// From `{joined spelling: [part, ...]}` (the parts' concatenation is the spelling).
    pub(crate) fn build(parts: FxHashMap<Vec<char>, Vec<Vec<char>>>) -> Self {
        let mut long = Vec::new();
        let mut filter = vec![0u8; FILTER_BITS / 8];
        for k in parts.keys() {
            for i in probes(k) {
                filter[i / 8] |= 1 << (i % 8);
            }
        }
        let mut entries: Vec<(String, u64)> = parts
            .into_iter()
            .map(|(k, ps)| {
                let lens: Vec<usize> = ps.iter().map(Vec::len).collect();
                debug_assert_eq!(ps.concat(), k, "the parts spell the compound");
                let value = if k.len() <= 64 {
                    let mut at = 0;
                    let mut mask = 0u64;
                    for n in &lens[..lens.len() - 1] {
                        at += n;
                        mask |= 1 << (at - 1);
                    }
                    mask
                } else {
                    long.push(lens);
                    LONG | (long.len() - 1) as u64
                };
                (k.into_iter().collect(), value)
            })
            .collect();
        entries.sort_unstable();
        let map = Map::from_iter(entries).expect("sorted, unique keys").into_fst().into_inner();
        Parts { map: Map::new(Bytes::Owned(map)).expect("an fst just built"), long, filter: Bytes::Owned(filter) }
    }

    fn lens(&self, n: usize, value: u64) -> Vec<usize> {
        if value & LONG != 0 {
            return self.long[usize::try_from(value & !LONG).expect("an index")].clone();
        }
        let mut out = Vec::with_capacity(value.count_ones() as usize + 1);
        let mut last = 0;
        for at in 1..n {
            if value & (1 << (at - 1)) != 0 {
                out.push(at - last);
                last = at;
            }
        }
        out.push(n - last);
        out
    }

    /// Whether `joined` passes the filter: `false` when it is no key (a Bloom filter has no false
    /// negatives), `true` for every key and a few percent of the other words.
    pub fn may_hold(&self, joined: &[char]) -> bool {
        probes(joined).all(|i| self.filter[i / 8] & (1 << (i % 8)) != 0)
    }

    /// The lengths (in characters) of the parts of a compound that is split, or `None`.
    pub fn get(&self, joined: &[char]) -> Option<Vec<usize>> {
        if !self.may_hold(joined) {
            return None;
        }
        // the key's UTF-8 in a buffer on the stack (asked of every distinct surface: no allocation)
        let mut buf = [0u8; 256];
        let mut len = 0;
        for &c in joined {
            if len + c.len_utf8() > buf.len() {
                let key: String = joined.iter().collect();
                return self.map.get(key).map(|v| self.lens(joined.len(), v));
            }
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        self.map.get(&buf[..len]).map(|v| self.lens(joined.len(), v))
    }

    /// Every compound that is split with its parts, in byte order (for tests and tools).
    pub fn entries(&self) -> Vec<(String, Vec<String>)> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.map.len());
        let mut stream = self.map.stream();
        while let Some((k, v)) = stream.next() {
            let cs: Vec<char> = String::from_utf8_lossy(k).chars().collect();
            let mut at = 0;
            let parts = self
                .lens(cs.len(), v)
                .into_iter()
                .map(|n| {
                    at += n;
                    cs[at - n..at].iter().collect()
                })
                .collect();
            out.push((cs.into_iter().collect(), parts));
        }
        out
    }

    /// The number of compounds that are split.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
