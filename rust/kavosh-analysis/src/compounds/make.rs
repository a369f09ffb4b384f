//! Making the compound tables (`tokenize.Compounds.__init__`): from the compounds of the word
//! list and the frequencies of their spellings, which are joined and which split
//! ([`Compounds::new`], called by `Lexicon::load`), and the rule tables added to them
//! ([`Compounds::assemble`], also called for the prebuilt lexicon).

use fst::Set;
use rustc_hash::{FxHashMap, FxHashSet};

use super::pair_hash::{hash_bits, key_hash};
use super::{Compounds, Parts, WAW};
use crate::chars::ZWNJ;
use crate::lexicon::Bytes;
use crate::scan::Scanner;
use crate::segment::Segmenter;
use crate::tables;

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn ends_with(s: &[char], suffix: &[char]) -> bool {
    s.len() >= suffix.len() && &s[s.len() - suffix.len()..] == suffix
}

fn compound_suffixes() -> Vec<Vec<char>> {
    tables::COMPOUND_SUFFIXES.iter().map(|s| chars(s)).collect()
}

/// `Compounds.waw_join` and `Compounds._waw_first_sep`: the spellings of `WAW_COMPOUNDS` (first +
/// `و` + second, with suffixes) and their first parts, each with a separator.
fn waw_tables(compound_suffixes: &[Vec<char>]) -> (FxHashSet<Vec<char>>, FxHashSet<Vec<char>>) {
    let mut waw_join: FxHashSet<Vec<char>> = FxHashSet::default();
    let mut waw_first_sep: FxHashSet<Vec<char>> = FxHashSet::default();
    for (head, tail, _bare) in tables::WAW_COMPOUNDS {
        let joined = chars(&format!("{head}{WAW}{tail}"));
        for suffix in compound_suffixes {
            waw_join.insert([joined.as_slice(), suffix].concat());
        }
        waw_join.insert(joined);
        for sep in [' ', ZWNJ] {
            let mut k = chars(head);
            k.push(sep);
            waw_first_sep.insert(k);
        }
    }
    (waw_join, waw_first_sep)
}

/// `tokenize._family_key`: the base compound an inflected compound belongs to.
fn family_key(joined: &[char], known: &FxHashSet<Vec<char>>) -> Vec<char> {
    for &(suffix, repl) in tables::FAMILY_SUFFIXES {
        let suffix = chars(suffix);
        if ends_with(joined, &suffix) {
            let mut base = joined[..joined.len() - suffix.len()].to_vec();
            base.extend(repl.chars());
            if known.contains(&base) {
                return base;
            }
        }
    }
    joined.to_vec()
}
/// `compounds.numeral_run`: a compound's parts are numerals side by side (`tables::CARDINALS`, the last
/// not a multiplier of `tables::MULTIPLIERS`): two numbers, no compound (`یک‌دو`; not `ده‌هزار`).
fn numeral_run(toks: &[Vec<char>]) -> bool {
    let is = |table: &[&str], t: &[char]| table.iter().any(|w| w.chars().eq(t.iter().copied()));
    toks.last().is_some_and(|t| is(tables::CARDINALS, t))
        && toks.iter().all(|t| is(tables::CARDINALS, t) || is(tables::MULTIPLIERS, t))
}

impl Compounds {
    /// Build the tables from `(compound as written with half-spaces, normalized;
    /// frequency of that spelling; frequency of the joined spelling)`, in the word list's
    /// sorted order; `never_split`: words that are never a part of their own (the
    /// stopwords' keys); `nouns`: the nouns a derivational suffix written apart joins.
    pub fn new(
        words: &[(String, u64, u64)],
        never_split: &FxHashSet<String>,
        nouns: &FxHashSet<String>,
        scanner: &Scanner,
    ) -> Self {
        struct Entry {
            joined: Vec<char>,
            toks: Vec<Vec<char>>,
            f_half: u64,
            f_joined: u64,
        }
        let mut entries = Vec::new();
        let mut spans = Vec::new();
        for (w, f_half, f_joined) in words {
            let d = chars(w);
            scanner.scan(&d, false, &mut spans);
            let toks: Vec<Vec<char>> = spans.iter().map(|&(a, b)| d[a..b].to_vec()).collect();
            if toks.len() >= 2 && !toks.iter().any(|t| t.contains(&ZWNJ) || t.contains(&' ')) {
                entries.push(Entry { joined: toks.concat(), toks, f_half: *f_half, f_joined: *f_joined });
            }
        }
        let known: FxHashSet<Vec<char>> = entries.iter().map(|e| e.joined.clone()).collect();
        let mut family: FxHashMap<Vec<char>, (u64, u64)> = FxHashMap::default();
        let mut keys = Vec::with_capacity(entries.len());
        for e in &entries {
            let key = family_key(&e.joined, &known);
            let sums = family.entry(key.clone()).or_insert((0, 0));
            sums.0 += e.f_half;
            sums.1 += e.f_joined;
            keys.push(key);
        }
        let compound_suffixes = compound_suffixes();
        let mut parts: FxHashMap<Vec<char>, Vec<Vec<char>>> = FxHashMap::default();
        let mut join: FxHashSet<Vec<char>> = FxHashSet::default();
        let mut first: FxHashSet<Vec<char>> = FxHashSet::default();
        for (e, key) in entries.iter().zip(&keys) {
            let (f_half, f_joined) = family[key];
            if numeral_run(&e.toks) {
                continue; // یک‌دو, هفت‌هشت: two numbers
            }
            let stop_part = e.toks.iter().any(|t| never_split.contains(&t.iter().collect::<String>()));
            // a part of one letter is no word: پانته‌آ is one word however written
            let letter_part = e.toks.iter().any(|t| t.len() < 2);
            if f_joined > f_half || stop_part || letter_part {
                if e.toks.len() == 2 {
                    first.insert(e.toks[0].clone());
                    join.insert(e.joined.clone());
                    for suffix in &compound_suffixes {
                        // not when the second part + the suffix is a stopword (هزینه‌بر + ای is not هزینه برای)
                        let second: String = e.toks[1].iter().chain(suffix).collect();
                        if !never_split.contains(&second) {
                            join.insert([e.joined.as_slice(), suffix].concat());
                        }
                    }
                }
            } else {
                parts.insert(e.joined.clone(), e.toks.clone());
                for suffix in &compound_suffixes {
                    for sep in [None, Some(ZWNJ), Some(' ')] {
                        let mut key = e.joined.clone();
                        let mut last = e.toks[e.toks.len() - 1].clone();
                        if let Some(sep) = sep {
                            key.push(sep);
                            last.push(sep);
                        }
                        key.extend(suffix);
                        last.extend(suffix);
                        parts.entry(key).or_insert_with(|| {
                            let mut p = e.toks[..e.toks.len() - 1].to_vec();
                            p.push(last);
                            p
                        });
                    }
                }
            }
        }
        // گفت‌وگو, گفت وگو: two surfaces, as a compound; گفت و گو: three (join_waw)
        let (waw_join, _) = waw_tables(&compound_suffixes);
        for (head, _, _) in tables::WAW_COMPOUNDS {
            first.insert(chars(head));
        }
        join.extend(waw_join.iter().cloned());
        for j in &join {
            parts.remove(j);
        }
        let glued: FxHashSet<Vec<char>> = tables::GLUED_PARTS.iter().map(|(w, _)| chars(w)).collect();
        join.retain(|j| !glued.contains(j));
        let mut hosts: Vec<&str> = nouns.iter().map(String::as_str).filter(|h| !never_split.contains(*h)).collect();
        hosts.sort_unstable();
        let hosts = Set::new(Bytes::Owned(Set::from_iter(hosts).expect("sorted, unique").into_fst().into_inner()))
            .expect("an fst just built");
        Self::assemble(Parts::build(parts), join, first, hosts)
    }

    /// The tables from the data-dependent ones (`parts`, `join`, `first`, `hosts`, as [`Compounds::new`]
    /// builds them or the prebuilt lexicon holds them) and the rule tables of `tables.rs`.
    pub(crate) fn assemble(
        parts: Parts,
        join: FxHashSet<Vec<char>>,
        first: FxHashSet<Vec<char>>,
        hosts: Set<Bytes>,
    ) -> Self {
        let (waw_join, waw_first_sep) = waw_tables(&compound_suffixes());
        let glued: FxHashMap<Vec<char>, Vec<usize>> = tables::GLUED_PARTS
            .iter()
            .map(|(w, p)| (chars(w), p.iter().map(|x| x.chars().count()).collect()))
            .collect();
        let mut first_sep = FxHashSet::default();
        for f in &first {
            for sep in [' ', ZWNJ] {
                let mut k = f.clone();
                k.push(sep);
                first_sep.insert(k);
            }
        }
        let derivational = tables::DERIVATIONAL_SUFFIXES.iter().map(|s| chars(s)).collect();
        let first_sep_len = (
            first_sep.iter().map(Vec::len).min().unwrap_or(usize::MAX),
            first_sep.iter().map(Vec::len).max().unwrap_or(0),
        );
        let heads = tables::ARABIC_NAME_HEADS.iter().map(|s| chars(s)).collect();
        let (join_bits, join_shift) = hash_bits(join.iter().map(|j| key_hash(j, &[])), join.len());
        Compounds {
            parts,
            join,
            join_bits,
            join_shift,
            first,
            first_sep,
            first_sep_len,
            hosts,
            derivational,
            heads,
            waw_join,
            waw_first_sep,
            glued,
            segmenter: Segmenter::new(),
        }
    }
}
