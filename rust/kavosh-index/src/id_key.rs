//! [`id_key`]: a document id's sort key, the Rust half of `kavosh.index.id_key.id_key` for ids of
//! ASCII characters (nearly all ids: corpus ids, URLs, paths), computed where the document is
//! written instead of in Python for each one.
//!
//! The encoding is the Python module's (its docstring is the specification; the differential test
//! `tests/test_id_key.py` compares both): the id cut into runs of digits and of other characters;
//! a text run is 6 bits a character (the 57 characters `-./:`, `A`-`Z`, `_`, `a`-`z` have codes of
//! their own, in code-point order; any other character the code of the gap it falls in, then its
//! code point in 21 bits), then the code 0 as its end; a number is an order-preserving
//! Elias-delta code; a number of more than [`MAX_NUMBER_BITS`] bits fills the rest of the key with
//! ones.  The bit string is cut or padded with zeros to [`KEY_BITS`].

/// Bits of the key (four u64 fields).
pub const KEY_BITS: usize = 256;

/// A run of digits worth more than `2**128` saturates the key.
pub const MAX_NUMBER_BITS: u32 = 128;

const ALPHABET: &[u8] = b"-./:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// The 6-bit code of each ASCII character, and whether it is an escape (the code of its gap,
/// followed by the code point in 21 bits): `_CODE` and `_GAPS` of the Python module.
fn ascii_codes() -> [(u8, bool); 128] {
    let mut gaps: Vec<(u32, u8)> = Vec::new(); // (first code point of the gap, its code)
    let mut codes = [(0u8, true); 128];
    let (mut next, mut prev) = (1u8, -1i32);
    for &ch in ALPHABET {
        let cp = i32::from(ch);
        if cp > prev + 1 && !((prev + 1)..cp).all(|c| (0x30..=0x39).contains(&c)) {
            gaps.push(((prev + 1) as u32, next));
            next += 1;
        }
        codes[usize::from(ch)] = (next, false);
        next += 1;
        prev = cp;
    }
    gaps.push(((prev + 1) as u32, next));
    for (cp, entry) in codes.iter_mut().enumerate() {
        if entry.1 {
            let cp = cp as u32;
            let gap = gaps.iter().take_while(|(start, _)| *start <= cp).last().map_or(gaps[0].1, |g| g.1);
            *entry = (gap, true);
        }
    }
    codes
}

/// The first [`KEY_BITS`] bits pushed, most significant first (later ones are dropped).
struct Bits {
    words: [u64; 4],
    used: usize,
}

impl Bits {
    fn push(&mut self, value: u128, width: u32) {
        for i in (0..width).rev() {
            if self.used >= KEY_BITS {
                self.used += 1;
                continue;
            }
            if (value >> i) & 1 == 1 {
                self.words[self.used / 64] |= 1 << (63 - self.used % 64);
            }
            self.used += 1;
        }
    }

    fn fill_ones(&mut self) {
        while self.used < KEY_BITS {
            self.push(1, 1);
        }
    }
}

/// The value of a run of ASCII digits, `None` when it has more than [`MAX_NUMBER_BITS`] bits.
fn number(digits: &[u8]) -> Option<u128> {
    let start = digits.iter().take(digits.len() - 1).take_while(|&&d| d == b'0').count();
    let digits = &digits[start..];
    if digits.len() > 40 {
        return None; // 10**39 < 2**128 < 10**40
    }
    // a u128 holds MAX_NUMBER_BITS bits: a value that does not fit is saturated
    digits
        .iter()
        .try_fold(0u128, |v, &d| v.checked_mul(10)?.checked_add(u128::from(d - b'0')))
        .filter(|&v| bit_length(v) <= MAX_NUMBER_BITS)
}

fn bit_length(v: u128) -> u32 {
    128 - v.leading_zeros()
}

/// The sort key of `doc_id` as four u64 (most significant first), as `kavosh.index.id_key.id_key`
/// computes it; `None` for an id holding a character outside ASCII (Python computes those:
/// their digits may be of any script).
pub fn id_key(doc_id: &str) -> Option<[u64; 4]> {
    if !doc_id.is_ascii() {
        return None;
    }
    thread_local! {
        static CODES: [(u8, bool); 128] = ascii_codes();
    }
    let bytes = doc_id.as_bytes();
    let mut bits = Bits { words: [0; 4], used: 0 };
    CODES.with(|codes| {
        let mut i = 0;
        let mut text = true; // parts alternate: text (possibly empty), digits, text, ...
        while bits.used < KEY_BITS {
            let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit() != text).count();
            let part = &bytes[i..end];
            if text {
                for &ch in part {
                    let (code, escaped) = codes[usize::from(ch)];
                    bits.push(u128::from(code), 6);
                    if escaped {
                        bits.push(u128::from(ch), 21);
                    }
                    if bits.used >= KEY_BITS {
                        break;
                    }
                }
                bits.push(0, 6); // the end of the text
            } else {
                match number(part) {
                    None => {
                        bits.fill_ones();
                        break;
                    }
                    Some(v) => {
                        let n = bit_length(v);
                        let m = bit_length(u128::from(n));
                        bits.push((1u128 << m) - 1, m);
                        bits.push(0, 1);
                        if m > 1 {
                            bits.push(u128::from(n) & ((1 << (m - 1)) - 1), m - 1);
                        }
                        if n > 1 {
                            bits.push(v & ((1u128 << (n - 1)) - 1), n - 1);
                        }
                    }
                }
            }
            if end == bytes.len() && text {
                break; // the last part is text (empty after an id ending in digits, as re.split gives)
            }
            i = end;
            text = !text;
        }
    });
    Some(bits.words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_as_the_python_doctest() {
        let k = |s: &str| id_key(s).unwrap();
        assert!(k("p9") < k("p10") && k("p10") < k("q1"));
        assert!(k("p09") <= k("p9"));
        let (n60, n70) = (format!("p{}", "9".repeat(60)), format!("p{}", "9".repeat(70)));
        assert!(k("p10") < k(&n60) && k(&n60) == k(&n70) && k(&n70) < k("q"));
        assert_eq!(id_key("۱۲"), None);
    }
}
