//! Building the lexicon from the bundled word lists (`data/words.tsv.gz`, `data/verbs.tsv`,
//! `data/compounds.txt` in the Python package): [`Lexicon::load`], used by `build.rs` to prebuild
//! the lexicon the crate compiles in and at run time when the lists differ from it; [`digest`]
//! tells which lists a prebuilt lexicon was built from.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;

use fst::Map;
use rustc_hash::{FxHashMap, FxHashSet};

use super::hamza::hamza_variant_map;
use super::verbs::{self, preverb_verb_compound, written_apart_infinitive};
use super::{key, Bytes, Lexicon, LexiconError, ADJECTIVE, FLAG_BITS, LEMMA, PLURAL, TAGGED_NOUN};
use crate::chars::{strip, ZWNJ};
use crate::compounds::Compounds;
use crate::normalize::normalize;
use crate::scan::Scanner;
use crate::tables;

/// The word lists of a data folder, in the order [`digest`] reads them.
pub const LISTS: [&str; 3] = ["words.tsv.gz", "verbs.tsv", "compounds.txt"];

/// A 64-bit FNV-1a hash of the word lists' bytes (each list's length, then its bytes), which
/// tells whether a prebuilt lexicon was built from these very lists.
///
/// # Errors
/// [`LexiconError::Io`] naming a list that cannot be read.
pub fn digest(data: &Path) -> Result<u64, LexiconError> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for name in LISTS {
        let raw = read(&data.join(name))?;
        eat(&(raw.len() as u64).to_le_bytes());
        eat(&raw);
    }
    Ok(h)
}

fn read(path: &Path) -> Result<Vec<u8>, LexiconError> {
    fs::read(path).map_err(|source| LexiconError::Io { path: path.to_owned(), source })
}

fn utf8(path: &Path, raw: Vec<u8>) -> Result<String, LexiconError> {
    String::from_utf8(raw).map_err(|e| LexiconError::Format {
        path: path.to_owned(),
        line: 0,
        reason: format!("not UTF-8: {e}"),
    })
}

fn fst_map(entries: impl IntoIterator<Item = (String, u64)>) -> Map<Bytes> {
    let sorted: BTreeMap<String, u64> = entries.into_iter().collect();
    let bytes = Map::from_iter(sorted).expect("sorted, unique keys").into_fst().into_inner();
    Map::new(Cow::Owned(bytes)).expect("an fst just built")
}

impl Lexicon {
    /// Build the lexicon from the word lists in `data` (the folder `kavosh/analysis/data`).
    ///
    /// # Errors
    /// [`LexiconError`] naming the file (and line) that is missing or malformed.
    pub fn load(data: &Path) -> Result<Lexicon, LexiconError> {
        let mut freq: FxHashMap<String, (u64, u64)> = FxHashMap::default();
        let mut compounds: FxHashSet<String> = FxHashSet::default();
        let mut raw_freq: FxHashMap<String, u64> = FxHashMap::default();
        let mut spelled: FxHashMap<String, u64> = FxHashMap::default();
        let mut lemmas: FxHashSet<String> = FxHashSet::default();
        let mut plurals: FxHashSet<String> = FxHashSet::default();
        let mut nouns: FxHashSet<String> = FxHashSet::default();

        let path = data.join("words.tsv.gz");
        let file = fs::File::open(&path).map_err(|source| LexiconError::Io { path: path.clone(), source })?;
        let reader = BufReader::new(flate2::read::GzDecoder::new(file));
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|source| LexiconError::Io { path: path.clone(), source })?;
            if line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| LexiconError::Format { path: path.clone(), line: i + 1, reason: reason.into() };
            let mut fields = line.split('\t');
            let (Some(word), Some(f), Some(kind), None) = (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad("three tab-separated fields expected (word, frequency, tags)"));
            };
            let f: u64 = f.parse().map_err(|_| bad("the frequency is not a whole number"))?;
            spelled.insert(word.to_owned(), f);
            let k = key(word);
            let e = freq.entry(k.clone()).or_insert((0, 0));
            e.0 = e.0.max(f);
            if word.contains(ZWNJ) {
                let nw = normalize(word);
                let r = raw_freq.entry(nw.clone()).or_insert(0);
                *r = (*r).max(f);
                compounds.insert(nw);
            }
            let mut flags = 0;
            if kind.contains('P') {
                plurals.insert(k.clone());
            } else if kind != "0" {
                lemmas.insert(k.clone());
            }
            if kind.contains('A') {
                flags |= ADJECTIVE;
            }
            if kind.contains('N') {
                flags |= TAGGED_NOUN;
                nouns.insert(k.clone());
            }
            freq.get_mut(&k).expect("inserted above").1 |= flags;
        }
        for (k, e) in &mut freq {
            if lemmas.contains(k) {
                e.1 |= LEMMA;
            } else if plurals.contains(k) {
                e.1 |= PLURAL;
            }
        }

        // `Lexicon.past_of_present`: `(present stem, [past stems])`, in the list's order.
        let mut past_of_present: Vec<(String, Vec<String>)> = Vec::new();
        let mut present_index: FxHashMap<String, usize> = FxHashMap::default();
        let mut past: Vec<String> = Vec::new();
        let mut seen_past: FxHashSet<String> = FxHashSet::default();
        let path = data.join("verbs.tsv");
        let text = utf8(&path, read(&path)?)?;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || strip(line).is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [p, s] = fields[..] else {
                return Err(LexiconError::Format {
                    path,
                    line: i + 1,
                    reason: "two tab-separated fields expected (past stem, present stem)".into(),
                });
            };
            let (p, s) = (key(p), key(s));
            if seen_past.insert(p.clone()) {
                past.push(p.clone());
            }
            let at = *present_index.entry(s.clone()).or_insert_with(|| {
                past_of_present.push((s, Vec::new()));
                past_of_present.len() - 1
            });
            if !past_of_present[at].1.contains(&p) {
                past_of_present[at].1.push(p);
            }
        }
        let path = data.join("compounds.txt");
        let text = utf8(&path, read(&path)?)?;
        for line in text.lines() {
            if !line.is_empty() && !line.starts_with('#') {
                compounds.insert(normalize(strip(line)));
            }
        }

        let hamza_variants = hamza_variant_map(&spelled);
        let stopword_keys: FxHashSet<String> = tables::FUNCTION_WORDS.iter().map(|w| key(w)).collect();
        let mut sorted: Vec<String> = compounds.into_iter().collect();
        sorted.sort_unstable();
        let past_set: FxHashSet<&str> = past.iter().map(String::as_str).collect();
        let entries: Vec<(String, u64, u64)> = sorted
            .into_iter()
            .filter(|w| !written_apart_infinitive(w, &past_set))
            .map(|w| {
                let half = if w.contains(ZWNJ) { raw_freq.get(&w).copied().unwrap_or(0) } else { 0 };
                // `morphology._solid`: the list's `#` compounds are looked up without the mark
                let joined = freq.get(&w.replace([ZWNJ, '#'], "")).map_or(0, |e| e.0);
                let joined = if preverb_verb_compound(&w, &past_set) { joined.max(half + 1) } else { joined };
                (w, half, joined)
            })
            .collect();
        let compounds = Compounds::new(&entries, &stopword_keys, &nouns, &Scanner::default());

        past.sort_unstable();
        let verbs::VerbForms { past: past_forms, present: present_forms, spoken: spoken_forms, past_stems } =
            verbs::verb_forms(&freq, &past, &past_of_present);
        let verbal_nouns = verbs::verbal_nouns(&freq, &past);
        // Stemmer._broken: the tables, then morphology.waw_spellings (each compound in و read as
        // its spelling the word list sees most often)
        let mut broken_plurals: FxHashMap<String, String> = tables::BROKEN_PLURALS
            .iter()
            .chain(tables::VOCATIVES)
            .chain(tables::CLASSICAL_SPELLINGS)
            .chain(tables::SPOKEN_FUNCTION_WORDS)
            .chain(tables::TAGGED_COPULA)
            .chain(tables::JOINED_COPULA_WORDS)
            .map(|(p, s)| (key(p), key(s)))
            .collect();
        for (head, tail, bare) in tables::WAW_COMPOUNDS {
            let mut spellings = vec![format!("{head}\u{648}{tail}")];
            if *bare {
                spellings.push(format!("{head}{tail}"));
            }
            let term = spellings
                .iter()
                .max_by_key(|w| (freq.get(w.as_str()).map_or(0, |e| e.0), w.as_str()))
                .cloned()
                .unwrap_or_default();
            for w in spellings {
                if w != term {
                    broken_plurals.insert(w, term.clone());
                }
            }
        }
        Ok(Lexicon::assemble(
            [
                fst_map(freq.into_iter().map(|(k, (f, flags))| (k, (f << FLAG_BITS) | flags))),
                fst_map(past_forms),
                fst_map(present_forms),
                fst_map(spoken_forms),
            ],
            past_stems,
            hamza_variants,
            compounds,
            past.into_iter().collect(),
            broken_plurals,
            verbal_nouns,
        ))
    }
}
