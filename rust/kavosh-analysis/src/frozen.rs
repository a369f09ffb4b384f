//! The lexicon as bytes: what `build.rs` writes at compile time from the bundled word lists, and
//! what [`crate::bundled`] reads back at start-up without building anything.
//!
//! The large tables are fst automata (the words, the verb forms, the split compounds, the
//! derivational hosts, the glued-run segmenter's pieces): they are used in place, over the
//! compiled-in bytes, with no copy.  The small ones (a few thousand entries: hamza spellings,
//! verbal nouns, past stems, joined compounds) are rebuilt into hash tables.  Tables that follow from `tables.rs` alone are not
//! stored: they are derived as [`Lexicon::load`] derives them.
//!
//! Layout (all integers little-endian `u64`): the magic `KAVLEX03`, the digest of the word lists
//! ([`crate::lexicon::digest`]), then the sections in the order of [`write`]; a byte string is
//! its length then its bytes, a list its count then its items.  Sets and maps are written
//! sorted, so the same lexicon always gives the same bytes.

use std::borrow::Cow;

use fst::{Map, Set};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::compounds::{Compounds, Parts};
use crate::lexicon::{Bytes, Lexicon};

const MAGIC: &[u8; 8] = b"KAVLEX04";

struct Writer(Vec<u8>);

impl Writer {
    fn int(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.int(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn strs<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) {
        let mut v: Vec<&str> = items.into_iter().collect();
        v.sort_unstable();
        self.int(v.len() as u64);
        for s in v {
            self.bytes(s.as_bytes());
        }
    }
    fn char_strs<'a>(&mut self, items: impl IntoIterator<Item = &'a Vec<char>>) {
        let v: Vec<String> = items.into_iter().map(|k| k.iter().collect()).collect();
        self.strs(v.iter().map(String::as_str));
    }
    fn pairs(&mut self, map: &FxHashMap<String, String>) {
        let mut v: Vec<(&String, &String)> = map.iter().collect();
        v.sort_unstable();
        self.int(v.len() as u64);
        for (k, val) in v {
            self.bytes(k.as_bytes());
            self.bytes(val.as_bytes());
        }
    }
}

/// The bytes of `lex`, built from word lists whose [`crate::lexicon::digest`] is `digest`.
pub fn write(lex: &Lexicon, digest: u64) -> Vec<u8> {
    let mut w = Writer(MAGIC.to_vec());
    w.int(digest);
    for m in [&lex.words, &lex.past_forms, &lex.present_forms, &lex.spoken_forms] {
        w.bytes(m.as_fst().as_bytes());
    }
    // the order of past_stems is the values of the verb-form maps: kept as it is
    w.int(lex.past_stems.len() as u64);
    for s in &lex.past_stems {
        w.bytes(s.as_bytes());
    }
    w.pairs(&lex.hamza_variants);
    w.strs(lex.past.iter().map(String::as_str));
    w.pairs(&lex.broken_plurals);
    w.pairs(&lex.verbal_nouns);
    let c = &lex.compounds;
    w.bytes(c.parts.map.as_fst().as_bytes());
    w.int(c.parts.long.len() as u64);
    for lens in &c.parts.long {
        w.int(lens.len() as u64);
        for &n in lens {
            w.int(n as u64);
        }
    }
    w.bytes(&c.parts.filter);
    w.char_strs(&c.join);
    w.char_strs(&c.first);
    w.bytes(c.hosts.as_fst().as_bytes());
    // the glued-run segmenter's pieces: built here once rather than on the first long unknown word
    w.bytes(c.segmenter.pieces(lex).as_fst().as_bytes());
    w.0
}

struct Reader {
    rest: &'static [u8],
}

impl Reader {
    fn int(&mut self) -> Option<u64> {
        let (head, rest) = self.rest.split_first_chunk::<8>()?;
        self.rest = rest;
        Some(u64::from_le_bytes(*head))
    }
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.int()?).ok()
    }
    fn bytes(&mut self) -> Option<&'static [u8]> {
        let n = self.len()?;
        if n > self.rest.len() {
            return None;
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(head)
    }
    fn str(&mut self) -> Option<&'static str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.len()?;
        let mut out = Vec::with_capacity(n.min(self.rest.len()));
        for _ in 0..n {
            out.push(item(self)?);
        }
        Some(out)
    }
    fn map(&mut self) -> Option<Map<Bytes>> {
        Map::new(Cow::Borrowed(self.bytes()?)).ok()
    }
    fn pairs(&mut self) -> Option<FxHashMap<String, String>> {
        Some(self.list(|r| Some((r.str()?.to_owned(), r.str()?.to_owned())))?.into_iter().collect())
    }
    fn char_set(&mut self) -> Option<FxHashSet<Vec<char>>> {
        Some(self.list(|r| Some(r.str()?.chars().collect()))?.into_iter().collect())
    }
}

/// The digest that `bytes` were built for, or `None` when they hold no lexicon (the build
/// script found no word lists).
pub fn digest_of(bytes: &[u8]) -> Option<u64> {
    let rest = bytes.strip_prefix(MAGIC)?;
    Some(u64::from_le_bytes(*rest.first_chunk::<8>()?))
}

/// The lexicon of `bytes` (as [`write`] wrote them), or `None` when they are not a lexicon of
/// this format.
pub fn read(bytes: &'static [u8]) -> Option<Lexicon> {
    let mut r = Reader { rest: bytes.strip_prefix(MAGIC)? };
    r.int()?;
    let words = r.map()?;
    let past_forms = r.map()?;
    let present_forms = r.map()?;
    let spoken_forms = r.map()?;
    let past_stems = r.list(|r| Some(r.str()?.to_owned()))?;
    let hamza_variants = r.pairs()?;
    let past = r.list(|r| Some(r.str()?.to_owned()))?.into_iter().collect();
    let broken_plurals = r.pairs()?;
    let verbal_nouns = r.pairs()?;
    let parts = r.map()?;
    let long = r.list(|r| r.list(|r| r.len()))?;
    let filter = r.bytes()?;
    if filter.len() != crate::parts::FILTER_BITS / 8 {
        return None;
    }
    let join = r.char_set()?;
    let first = r.char_set()?;
    let hosts = Set::new(Cow::Borrowed(r.bytes()?)).ok()?;
    let pieces = r.map()?;
    if !r.rest.is_empty() {
        return None;
    }
    let compounds = Compounds::assemble(Parts { map: parts, long, filter: Cow::Borrowed(filter) }, join, first, hosts);
    compounds.segmenter.set_pieces(pieces);
    Some(Lexicon::assemble(
        [words, past_forms, present_forms, spoken_forms],
        past_stems,
        hamza_variants,
        compounds,
        past,
        broken_plurals,
        verbal_nouns,
    ))
}
