//! The word lists (`morphology.Lexicon`): frequencies, tags, verb stems, hamza spellings, compounds.
//!
//! Built from the bundled lists (`data/words.tsv.gz`, `data/verbs.tsv`, `data/compounds.txt`
//! in the Python package) in about a quarter of a second, into immutable structures: the
//! words with their frequency and tags in one `fst::Map` (a minimal acyclic automaton: the
//! field's standard for large word sets), the verb forms in two more.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use fst::Map;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{strip, ZWNJ};
use crate::compounds::Compounds;
use crate::normalize::normalize;
use crate::scan::Scanner;
use crate::spoken::{spoken_past, spoken_past_heads, spoken_past_stems, spoken_stems, Shortened};
use crate::tables;

/// Why the word lists could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A list could not be read.
    #[error("cannot read the word list {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A line is not in the list's format.
    #[error("{path}, line {line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The bytes of an fst: borrowed from the prebuilt lexicon compiled into the crate
/// ([`crate::bundled`]), or owned when built from the word lists.
pub type Bytes = Cow<'static, [u8]>;

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

const LEMMA: u64 = 1;
const PLURAL: u64 = 2;
const ADJECTIVE: u64 = 4;
const TAGGED_NOUN: u64 = 8;
const FLAG_BITS: u32 = 4;

/// `_key`: a word as a word-list key (normalized, no ZWNJ).
pub fn key(word: &str) -> String {
    normalize(word).replace(ZWNJ, "")
}

/// What the word list says of one word (see [`Lexicon::entry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Corpus frequency.
    pub freq: u64,
    flags: u64,
}

impl Entry {
    /// Tagged as a lemma by hazm's list (`Lexicon.lemmas`).
    pub fn lemma(self) -> bool {
        self.flags & LEMMA != 0
    }
    /// Tagged as a plural and not as a lemma (`Lexicon.plurals`).
    pub fn plural(self) -> bool {
        self.flags & PLURAL != 0
    }
    /// Tagged as an adjective (`Lexicon.adjectives`).
    pub fn adjective(self) -> bool {
        self.flags & ADJECTIVE != 0
    }
    /// Tagged as a noun (`Lexicon.tagged_nouns`).
    pub fn tagged_noun(self) -> bool {
        self.flags & TAGGED_NOUN != 0
    }
    /// In the non-verb lexicon (`Lexicon.nouns`: lemmas and plurals).
    pub fn noun(self) -> bool {
        self.flags & (LEMMA | PLURAL) != 0
    }
}

/// The lexicon (`morphology.Lexicon`) and the stemmer's derived tables.
pub struct Lexicon {
    pub(crate) words: Map<Bytes>,
    /// `Stemmer._verb_forms`: `{past form: index into past_stems}` and the same for present forms.
    pub(crate) past_forms: Map<Bytes>,
    pub(crate) present_forms: Map<Bytes>,
    /// `Stemmer._verb_forms[2]`: `{spoken present form: index into past_stems}`.
    pub(crate) spoken_forms: Map<Bytes>,
    pub(crate) past_stems: Vec<String>,
    /// `{normalized spelling: canonical}` of words spelled with different hamza seats.
    pub hamza_variants: FxHashMap<String, String>,
    /// The compounds of the word lists.
    pub compounds: Compounds,
    /// `morphology._stopword_keys()`: the function words (the stopwords but the auxiliaries).
    pub stopword_keys: FxHashSet<String>,
    /// `PROTECTED`, normalized.
    pub protected: FxHashSet<String>,
    /// `VERB_FIRST`, normalized.
    pub verb_first: FxHashSet<String>,
    /// `Lexicon.past`: the past stems of the verb list.
    pub(crate) past: FxHashSet<String>,
    /// `Stemmer._broken`: `{plural: singular}` of `morphology.BROKEN_PLURALS`, `morphology.VOCATIVES`,
    /// `morphology.CLASSICAL_SPELLINGS`, `stopwords.SPOKEN_FUNCTION_WORDS`, `spoken.TAGGED_COPULA` and
    /// `spoken.JOINED_COPULA_WORDS`, normalized.
    pub broken_plurals: FxHashMap<String, String>,
    /// `Stemmer._verbal_nouns`: `{infinitive or verbal past participle: past stem}`.
    pub verbal_nouns: FxHashMap<String, String>,
    /// Read from the prebuilt lexicon compiled into the crate (not built from the lists).
    pub(crate) prebuilt: bool,
    /// This lexicon's number among those made in this process (the key of [`MEMO`]).
    id: u64,
}

/// The numbers [`Lexicon::id`] takes, one per lexicon made.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// How many of the words' entries [`MEMO`] keeps, and the longest word it keeps (UTF-8 bytes).
const MEMO_SLOTS: usize = 8;
const MEMO_BYTES: usize = 48;

/// The last entries of the words map looked up on this thread ([`Lexicon::entry`]), for one
/// lexicon: the stemmer asks the same word's entry three or four times while reading it
/// (`hamza_canonical`, `stem_inner`, `noun`), and each lookup walks the automaton (about
/// 2,500 instructions); a hit costs a few comparisons.  Filled round-robin.
struct Memo {
    lexicon: u64,
    next: usize,
    lens: [usize; MEMO_SLOTS],
    keys: [[u8; MEMO_BYTES]; MEMO_SLOTS],
    values: [Option<u64>; MEMO_SLOTS],
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = const {
        std::cell::RefCell::new(Memo {
            lexicon: 0,
            next: 0,
            lens: [usize::MAX; MEMO_SLOTS],
            keys: [[0; MEMO_BYTES]; MEMO_SLOTS],
            values: [None; MEMO_SLOTS],
        })
    };
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("words", &self.words.len()).field("compounds", &self.compounds.len()).finish()
    }
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

/// `verbs.prefixed`: the spellings of `prefix + stem`; `ب`/`ن` before a stem in `ا` take the glide
/// `ی` instead (بیاورد, نیامد; both spellings before a stem in ای: بایستد), and a short `ا` before
/// `ف`/`ن` may drop (بیفتد, بیندازد).
fn prefixed(prefix: &str, stem: &str) -> Vec<String> {
    let glide = (prefix == "ب" || prefix == "ن") && stem.starts_with('ا');
    // without the glide only before a stem in ای (بایستد): elsewhere archaic, and nouns (باوری)
    let mut out = if glide && !stem.starts_with("ای") { Vec::new() } else { vec![format!("{prefix}{stem}")] };
    if glide {
        out.push(format!("{prefix}ی{stem}"));
        let rest = &stem['ا'.len_utf8()..];
        if stem.chars().count() >= 3 && rest.starts_with(['ف', 'ن']) {
            out.push(format!("{prefix}ی{rest}"));
        }
    }
    out
}

/// `verbs.written_apart_infinitive`: whether a compound of the word list (normalized, with its
/// half-space) is a preverb written apart + an infinitive of the verb list (`پس‌دادن`): such a
/// compound is neither joined nor split, like the verb's finite forms (`پس داد`).
fn written_apart_infinitive(compound: &str, past: &FxHashSet<&str>) -> bool {
    let Some((head, rest)) = compound.split_once(ZWNJ) else {
        return false;
    };
    tables::PREVERBS_WRITTEN_APART.contains(&head) && rest.strip_suffix('ن').is_some_and(|stem| past.contains(stem))
}

/// `verbs.preverb_verb_compound`: whether a compound of the word list (normalized, its parts apart
/// by a half-space or the list's `#`) is a preverb written joined + the rest of a verb of the verb
/// list (past stem, infinitive or participle: `فرو#نشاندن`); such a compound is always joined.
fn preverb_verb_compound(compound: &str, past: &FxHashSet<&str>) -> bool {
    let Some((head, sep, rest)) =
        [ZWNJ, '#'].iter().find_map(|&sep| compound.split_once(sep).map(|(h, r)| (h, sep, r)))
    else {
        return false;
    };
    if !tables::PREVERBS.contains(&head) || tables::PREVERBS_WRITTEN_APART.contains(&head) || rest.contains(sep) {
        return false;
    }
    let joined = format!("{head}{rest}");
    past.contains(joined.as_str())
        || joined.strip_suffix('ن').or_else(|| joined.strip_suffix('ه')).is_some_and(|stem| past.contains(stem))
}

/// `verbs._preverb_splits`: `(preverb, rest)` of each stem that begins with a preverb (the first
/// of `PREVERBS` that matches) followed by two letters or more, or by `ا` (the present stem of
/// `آمدن`: `درآ`), in order.
fn preverb_splits<'a>(stems: impl Iterator<Item = &'a str>) -> Vec<(&'static str, &'a str)> {
    let mut out = Vec::new();
    for stem in stems {
        if let Some(p) = tables::PREVERBS.iter().find(|p| stem.starts_with(**p)) {
            let rest = &stem[p.len()..];
            if rest.chars().count() >= 2 || rest == "ا" {
                out.push((*p, rest));
            }
        }
    }
    out
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

        // Stemmer._verb_forms: a form that several readings produce keeps the one of highest
        // priority (tier 2: a past stem in full at the word's beginning; then the verb whose
        // infinitive is most frequent, a spoken reading's counted SPOKEN_WEIGHT_DIVISOR times
        // rarer), the first on a tie; the three tables (past, present, spoken) then compete.
        let weight = |stem: &str| freq.get(&format!("{stem}ن")).map_or(0, |e| e.0);
        type Forms = FxHashMap<String, (String, (u8, u64))>;
        let keep = |forms: &mut Forms, form: String, stem: &str, tier: u8| {
            let w = weight(stem);
            let prio = if tier > 0 { (tier, w) } else { (1, w / tables::SPOKEN_WEIGHT_DIVISOR) };
            match forms.entry(form) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert((stem.to_owned(), prio));
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    if prio > o.get().1 {
                        o.insert((stem.to_owned(), prio));
                    }
                }
            }
        };
        past.sort_unstable();
        let mut past_forms: Forms = FxHashMap::default();
        for prefix in std::iter::once("").chain(tables::VERB_PREFIXES.iter().copied()) {
            for ending in tables::PAST_ENDINGS {
                for core in &past {
                    if core.chars().count() >= tables::MIN_STEM {
                        // a stem that is no word, nor its infinitive, is not read in full (میزید)
                        let seen = |w: &str| freq.get(w).is_some_and(|e| e.0 > 0);
                        let word = seen(core) || seen(&format!("{core}ن"));
                        for head in prefixed(prefix, core) {
                            // tier 2: a past stem in full at the beginning, or after ب + glide (بیافتد)
                            let glided = head.strip_prefix(prefix) != Some(core.as_str());
                            let full = prefix.is_empty() || (glided && prefix == "ب");
                            let tier = if full && word { 2 } else { 1 };
                            keep(&mut past_forms, format!("{head}{ending}"), core, tier);
                        }
                    }
                }
            }
        }
        let mut present_forms: Forms = FxHashMap::default();
        for prefix in tables::VERB_PREFIXES.iter().copied().chain(std::iter::once("")) {
            for ending in tables::PRESENT_ENDINGS {
                if prefix.is_empty() && !tables::PREFIXLESS_PRESENT_ENDINGS.contains(ending) {
                    continue;
                }
                for (core, pasts) in &past_of_present {
                    if !prefix.is_empty() || core.chars().count() >= tables::MIN_STEM {
                        for head in prefixed(prefix, core) {
                            let glided = head.strip_prefix(prefix) != Some(core.as_str());
                            for p in pasts {
                                let tier = if glided && prefix == "ب" { 2 } else { 1 };
                                keep(&mut present_forms, format!("{head}{ending}"), p, tier);
                            }
                        }
                    }
                }
            }
        }
        // verbs.verb_forms: a preverb, then می/نمی/ن (with the glide before a rest in ا: ورنیامد),
        // then the rest of the stem (برمیگزیند); before a present stem's rest also ب (فرابخوان),
        // only with the glide before a rest in ا (دربیاید)
        for (preverb, rest) in preverb_splits(past.iter().map(String::as_str)) {
            for prefix in tables::PREVERB_PREFIXES {
                for head in prefixed(prefix, rest) {
                    for ending in tables::PAST_ENDINGS {
                        keep(&mut past_forms, format!("{preverb}{head}{ending}"), &format!("{preverb}{rest}"), 1);
                    }
                }
            }
        }
        for (core, pasts) in &past_of_present {
            for (preverb, rest) in preverb_splits(std::iter::once(core.as_str())) {
                for prefix in tables::PREVERB_PREFIXES.iter().copied().chain([tables::PREVERB_SUBJUNCTIVE]) {
                    let heads = prefixed(prefix, rest);
                    let bare = heads[0].strip_prefix(prefix) == Some(rest);
                    let skip = usize::from(prefix == tables::PREVERB_SUBJUNCTIVE && bare && heads.len() > 1);
                    for head in &heads[skip..] {
                        for ending in tables::PRESENT_ENDINGS {
                            for p in pasts {
                                keep(&mut present_forms, format!("{preverb}{head}{ending}"), p, 1);
                            }
                        }
                    }
                }
            }
        }
        let mut spoken_forms: Forms = FxHashMap::default();
        let spoken_endings: Vec<&str> = tables::SPOKEN_ENDINGS.iter().map(|(_, s)| *s).collect();
        let all_endings: Vec<&str> =
            tables::PRESENT_ENDINGS.iter().copied().chain(spoken_endings.iter().copied()).collect();
        let shortened = Shortened::new();
        for prefix in tables::VERB_PREFIXES.iter().copied() {
            for (core, pasts) in &past_of_present {
                let stems =
                    std::iter::once((core.clone(), false)).chain(spoken_stems(core).into_iter().map(|s| (s, true)));
                for (stem, is_spoken) in stems {
                    if (prefix == "ب" || prefix == "ن") && stem.starts_with('ا') {
                        continue;
                    }
                    for ending in if is_spoken { &all_endings } else { &spoken_endings } {
                        if !ending.is_empty() || prefix == "ب" {
                            // wholly spoken with a shortened stem (میرم, بریم): a standard reading's weight
                            let mut tier = u8::from(shortened.holds(core, &stem, ending));
                            if tier > 0 && ending.is_empty() && stem.chars().count() >= tables::MIN_BARE_IMPERATIVE {
                                tier = 2; // بشین: the imperative's stem runs to the word's end, not ش + ین
                            }
                            for p in pasts {
                                keep(&mut spoken_forms, format!("{prefix}{stem}{ending}"), p, tier);
                            }
                        }
                    }
                }
            }
        }
        // a preverb's verb (برمیگرده, برنمیداره, درمیاره, برنگرده): an ending always, a stem of two
        // letters or more (not برنان, فروبری), a word the list does not see (not فرونشینی)
        for (core, pasts) in &past_of_present {
            for (preverb, rest) in preverb_splits(std::iter::once(core.as_str())) {
                let stems = std::iter::once((rest.to_owned(), false))
                    .chain(spoken_stems(rest).into_iter().map(|s| (s, true)))
                    .filter(|(s, _)| s.chars().count() >= 2);
                for (stem, is_spoken) in stems {
                    for prefix in tables::PREVERB_PREFIXES.iter().copied().chain([tables::PREVERB_SUBJUNCTIVE]) {
                        let heads = prefixed(prefix, &stem);
                        let bare = heads[0].strip_prefix(prefix) == Some(stem.as_str());
                        let skip = usize::from(prefix == tables::PREVERB_SUBJUNCTIVE && bare && heads.len() > 1);
                        for head in &heads[skip..] {
                            for ending in if is_spoken { &all_endings } else { &spoken_endings } {
                                let form = format!("{preverb}{head}{ending}");
                                if ending.is_empty() || freq.get(&form).is_some_and(|e| e.0 > 0) {
                                    continue;
                                }
                                let tier = u8::from(shortened.holds(rest, &stem, ending));
                                for p in pasts {
                                    keep(&mut spoken_forms, form.clone(), p, tier);
                                }
                            }
                        }
                    }
                }
            }
        }
        // the spoken past stems (اومدم, میومد, نیومدن, خوندم, نتونستم)
        let past_endings: Vec<&str> = tables::PAST_ENDINGS
            .iter()
            .copied()
            .chain(spoken_endings.iter().copied().filter(|e| !tables::PAST_ENDINGS.contains(e)))
            .collect();
        let spoken_past_table = spoken_past();
        for core in &past {
            for stem in spoken_past_stems(core, &spoken_past_table) {
                for prefix in std::iter::once("").chain(tables::PREVERB_PREFIXES.iter().copied()) {
                    for head in spoken_past_heads(prefix, &stem) {
                        for ending in &past_endings {
                            let tier = u8::from(shortened.holds(core, &stem, ending));
                            keep(&mut spoken_forms, format!("{head}{ending}"), core, tier);
                        }
                    }
                }
            }
        }
        let both: Vec<String> = past_forms.keys().filter(|f| present_forms.contains_key(*f)).cloned().collect();
        for form in both {
            let (past_stem, past_prio) = &past_forms[&form];
            if past_stem.is_empty() || present_forms[&form].1 > *past_prio {
                past_forms.remove(&form);
            } else {
                present_forms.remove(&form);
            }
        }
        let spoken_keys: Vec<String> = spoken_forms.keys().cloned().collect();
        for form in spoken_keys {
            for standard in [&mut past_forms, &mut present_forms] {
                let (Some((other, other_prio)), Some((_, spoken_prio))) =
                    (standard.get(&form), spoken_forms.get(&form))
                else {
                    continue;
                };
                if !other.is_empty() && other_prio >= spoken_prio {
                    spoken_forms.remove(&form);
                } else {
                    standard.remove(&form);
                }
            }
        }
        for forms in [&mut past_forms, &mut present_forms] {
            forms.retain(|form, (_, (_, w))| {
                freq.get(form).map_or(0, |e| e.0) <= tables::MAX_FORM_PER_INFINITIVE * (*w + 1)
            });
        }
        // a spoken reading passes the guard SPOKEN_WEIGHT_DIVISOR times harder
        spoken_forms.retain(|form, (stem, _)| {
            let w = weight(stem) / tables::SPOKEN_WEIGHT_DIVISOR;
            freq.get(form).map_or(0, |e| e.0) <= tables::MAX_FORM_PER_INFINITIVE * (w + 1)
        });
        // verbs.verbal_nouns: the infinitive and the participle, but NOT_VERBAL_NOUNS and a participle
        // far more frequent than the infinitive
        let not_verbal_nouns: FxHashSet<String> = tables::NOT_VERBAL_NOUNS.iter().map(|w| key(w)).collect();
        let mut verbal_nouns: FxHashMap<String, String> = FxHashMap::default();
        for stem in past.iter().filter(|p| p.chars().count() >= tables::MIN_STEM) {
            let infinitive = format!("{stem}ن");
            let participle = format!("{stem}ه");
            let f_inf = freq.get(&infinitive).map_or(0, |e| e.0);
            let f_part = freq.get(&participle).map_or(0, |e| e.0);
            if !not_verbal_nouns.contains(&participle)
                && f_part as f64 <= tables::MAX_PARTICIPLE_RATIO * (f_inf + 1) as f64
            {
                verbal_nouns.entry(participle).or_insert_with(|| stem.clone());
            }
            if !not_verbal_nouns.contains(&infinitive) {
                verbal_nouns.entry(infinitive).or_insert_with(|| stem.clone());
            }
        }
        // the negated infinitive (نرفتن), unless a past stem spells it (نشستن)
        // (verbs.negated_infinitives: before a stem in ا also with the glide, the ا kept or not: نیامدن, نیفتادن)
        for stem in past.iter().filter(|p| p.chars().count() >= tables::MIN_STEM) {
            let mut spellings = vec![format!("ن{stem}ن")];
            if let Some(rest) = stem.strip_prefix('ا') {
                spellings.push(format!("نی{stem}ن"));
                spellings.push(format!("نی{rest}ن"));
            }
            for negated in spellings {
                if !not_verbal_nouns.contains(&negated) {
                    verbal_nouns.entry(negated).or_insert_with(|| stem.clone());
                }
            }
        }
        let mut past_stems: Vec<String> = Vec::new();
        let mut stem_index: FxHashMap<String, u64> = FxHashMap::default();
        let mut index_of = |stem: &str| -> u64 {
            *stem_index.entry(stem.to_owned()).or_insert_with(|| {
                past_stems.push(stem.to_owned());
                (past_stems.len() - 1) as u64
            })
        };
        let past_forms: Vec<(String, u64)> = past_forms.into_iter().map(|(f, (s, _))| (f, index_of(&s))).collect();
        let present_forms: Vec<(String, u64)> =
            present_forms.into_iter().map(|(f, (s, _))| (f, index_of(&s))).collect();
        let spoken_forms: Vec<(String, u64)> = spoken_forms.into_iter().map(|(f, (s, _))| (f, index_of(&s))).collect();
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

    /// The lexicon from its data-dependent tables (as [`Lexicon::load`] builds them or the
    /// prebuilt lexicon holds them: `[words, past forms, present forms, spoken forms]` and the
    /// rest) and the rule tables of `tables.rs`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        [words, past_forms, present_forms, spoken_forms]: [Map<Bytes>; 4],
        past_stems: Vec<String>,
        hamza_variants: FxHashMap<String, String>,
        compounds: Compounds,
        past: FxHashSet<String>,
        broken_plurals: FxHashMap<String, String>,
        verbal_nouns: FxHashMap<String, String>,
    ) -> Lexicon {
        Lexicon {
            words,
            past_forms,
            present_forms,
            spoken_forms,
            past_stems,
            hamza_variants,
            compounds,
            protected: tables::PROTECTED.iter().map(|w| key(w)).collect(),
            verb_first: tables::VERB_FIRST.iter().map(|w| key(w)).collect(),
            past,
            broken_plurals,
            verbal_nouns,
            stopword_keys: tables::FUNCTION_WORDS.iter().map(|w| key(w)).collect(),
            prebuilt: false,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Whether this lexicon was read from the prebuilt one compiled into the crate
    /// ([`Lexicon::open`]) rather than built from the word lists.
    pub fn is_prebuilt(&self) -> bool {
        self.prebuilt
    }

    /// The word list's entry for a normalized word (`None`: not in `Lexicon.freq`).
    #[inline]
    pub fn entry(&self, word: &str) -> Option<Entry> {
        self.word_value(word).map(|v| Entry { freq: v >> FLAG_BITS, flags: v & ((1 << FLAG_BITS) - 1) })
    }

    /// The words map's value for `word`, from this thread's [`MEMO`] when it was asked lately.
    fn word_value(&self, word: &str) -> Option<u64> {
        let b = word.as_bytes();
        let n = b.len();
        if n > MEMO_BYTES {
            return self.words.get(b);
        }
        MEMO.with(|m| {
            let Ok(mut m) = m.try_borrow_mut() else {
                return self.words.get(b);
            };
            if m.lexicon != self.id {
                m.lexicon = self.id;
                m.lens = [usize::MAX; MEMO_SLOTS];
            }
            if let Some(i) = (0..MEMO_SLOTS).find(|&i| m.lens[i] == n && m.keys[i][..n] == *b) {
                return m.values[i];
            }
            let v = self.words.get(b);
            let i = m.next;
            m.next = (i + 1) % MEMO_SLOTS;
            m.lens[i] = n;
            m.keys[i][..n].copy_from_slice(b);
            m.values[i] = v;
            v
        })
    }

    /// The frequency (0 when unknown) of every beginning of `text`: `out[k]` is that of
    /// `text[..ends[k]]`, for byte offsets `ends` ascending (a word's character boundaries).
    /// One walk of the automaton along `text`: the cost of one lookup, not of `ends.len()`.
    pub fn prefix_freqs(&self, text: &str, ends: &[usize]) -> Vec<u64> {
        let fst = self.words.as_fst();
        let bytes = text.as_bytes();
        let mut out = vec![0; ends.len()];
        let mut node = fst.root();
        let mut value = fst::raw::Output::zero();
        let mut at = 0;
        for (k, &end) in ends.iter().enumerate() {
            while at < end {
                let Some(i) = node.find_input(bytes[at]) else {
                    return out; // no word begins so: nor with anything longer
                };
                let t = node.transition(i);
                value = value.cat(t.out);
                node = fst.node(t.addr);
                at += 1;
            }
            if node.is_final() {
                out[k] = value.cat(node.final_output()).value() >> FLAG_BITS;
            }
        }
        out
    }

    /// Whether `word` is a past stem of the verb list (`word in Lexicon.past`).
    pub fn is_past(&self, word: &str) -> bool {
        self.past.contains(word)
    }

    /// `Lexicon.freq.get(word)`.
    pub fn freq(&self, word: &str) -> Option<u64> {
        self.entry(word).map(|e| e.freq)
    }

    /// Number of words in the word list (`len(Lexicon.freq)`).
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the word list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `Stemmer._verb`: the canonical past stem of a verb form.  As in Python's
    /// `past.get(w) or present.get(w)`, an empty stem (a list line whose past stem
    /// normalizes to nothing) counts as none.
    pub fn verb(&self, word: &str) -> Option<&str> {
        let stem = |m: &Map<Bytes>| {
            m.get(word)
                .map(|i| self.past_stems[usize::try_from(i).expect("an index")].as_str())
                .filter(|s| !s.is_empty())
        };
        stem(&self.past_forms).or_else(|| stem(&self.present_forms))
    }

    /// `Stemmer._verb_forms[2].get(word)`: the past stem of a spoken verb form (an empty stem
    /// counts as none, as in Python's `spoken_verb or None`).
    pub fn spoken_verb(&self, word: &str) -> Option<&str> {
        self.spoken_forms
            .get(word)
            .map(|i| self.past_stems[usize::try_from(i).expect("an index")].as_str())
            .filter(|s| !s.is_empty())
    }

    /// `Lexicon.hamza_canonical`: the canonical hamza spelling of a normalized word, or of
    /// its beginning when the word is unknown.
    pub fn hamza_canonical(&self, word: &str) -> String {
        if let Some(c) = self.hamza_variants.get(word) {
            return c.clone();
        }
        if self.entry(word).is_some() {
            return word.to_owned();
        }
        // the heads without their last 1..=MAX_HAMZA_REMAINDER characters, as slices of `word`
        let n = word.chars().count();
        let mut ends = word.char_indices().rev().map(|(at, _)| at);
        for cut in 1..=tables::MAX_HAMZA_REMAINDER {
            if n < cut + tables::MIN_HAMZA_PREFIX {
                break;
            }
            let Some(at) = ends.next() else { break };
            if let Some(c) = self.hamza_variants.get(&word[..at]) {
                return format!("{c}{}", &word[at..]);
            }
        }
        word.to_owned()
    }

    /// `f(word, frequency)` for every word of the list, in byte order, without copying the words.
    pub fn for_each_freq(&self, mut f: impl FnMut(&str, u64)) {
        use fst::Streamer;
        let mut stream = self.words.stream();
        while let Some((k, v)) = stream.next() {
            if let Ok(word) = std::str::from_utf8(k) {
                f(word, v >> FLAG_BITS);
            }
        }
    }

    /// Every word with its entry, in byte order (for tests and tools).
    pub fn words(&self) -> Vec<(String, Entry)> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.words.len());
        let mut stream = self.words.stream();
        while let Some((k, v)) = stream.next() {
            out.push((
                String::from_utf8_lossy(k).into_owned(),
                Entry { freq: v >> FLAG_BITS, flags: v & ((1 << FLAG_BITS) - 1) },
            ));
        }
        out
    }
}

/// `morphology.hamza_variant_map`: group the spellings of a word that differ only in its
/// hamza seat; `{normalized spelling: normalized most frequent spelling}`.
pub fn hamza_variant_map(spelled: &FxHashMap<String, u64>) -> FxHashMap<String, String> {
    let seats: Vec<char> = tables::HAMZA_SEATS.chars().collect();
    let has_seat = |w: &str| w.chars().any(|c| seats.contains(&c));
    let get = |w: &str| spelled.get(w).copied().unwrap_or(0);
    let dominated = |w: &str, f: u64| get(&key(w)) as f64 > tables::MAX_VARIANT_RATIO * f as f64;

    // parent, in insertion order (the groups' order decides which group a form ends in)
    let mut parent: FxHashMap<String, String> = FxHashMap::default();
    let mut order: Vec<String> = Vec::new();
    let mut plain: FxHashMap<String, String> = FxHashMap::default();
    fn find(parent: &FxHashMap<String, String>, w: &str) -> String {
        let mut w = w;
        while let Some(p) = parent.get(w) {
            if p == w {
                break;
            }
            w = p;
        }
        w.to_owned()
    }

    let mut seated: Vec<(&String, u64)> =
        spelled.iter().filter(|(w, &f)| f >= tables::MIN_VARIANT_FREQ && has_seat(w)).map(|(w, &f)| (w, f)).collect();
    seated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (word, f) in seated {
        if dominated(word, f) {
            continue;
        }
        let cs: Vec<char> = word.chars().collect();
        for i in 1..cs.len() {
            let Some(&(_, variants)) = tables::SEAT_VARIANTS.iter().find(|(s, _)| *s == cs[i]) else {
                continue;
            };
            for seat in variants.chars() {
                let mut o = cs.clone();
                o[i] = seat;
                let other: String = o.iter().collect();
                let fo = get(&other);
                if other != *word
                    && tables::MIN_VARIANT_FREQ <= fo
                    && fo as f64 <= tables::MAX_VARIANT_RATIO * f as f64
                    && !dominated(&other, fo)
                {
                    // union(word, other)
                    let (ra, rb) = (find(&parent, word), find(&parent, &other));
                    if ra == rb {
                        continue;
                    }
                    let pa = plain.get(&ra).cloned().unwrap_or_else(|| {
                        if has_seat(word) {
                            String::new()
                        } else {
                            word.clone()
                        }
                    });
                    let pb = plain.get(&rb).cloned().unwrap_or_else(|| {
                        if has_seat(&other) {
                            String::new()
                        } else {
                            other.clone()
                        }
                    });
                    if !pa.is_empty() && !pb.is_empty() && pa != pb {
                        continue;
                    }
                    parent.insert(rb.clone(), ra.clone());
                    order.push(rb);
                    plain.insert(ra, if pa.is_empty() { pb } else { pa });
                }
            }
        }
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut group_of: FxHashMap<String, usize> = FxHashMap::default();
    for w in &order {
        let root = find(&parent, w);
        let ix = *group_of.entry(root.clone()).or_insert_with(|| {
            groups.push((root.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[ix].1.push(w.clone());
    }
    let mut out = FxHashMap::default();
    for (root, mut members) in groups {
        members.push(root);
        members.sort();
        members.dedup();
        // the most frequent spelling (ties: the first in code point order)
        let best = members.iter().max_by(|a, b| get(a).cmp(&get(b)).then_with(|| b.cmp(a))).expect("a member");
        let best = key(best);
        let forms: FxHashSet<String> = members.iter().map(|m| key(m)).collect();
        if forms.len() > 1 {
            for form in forms {
                out.insert(form, best.clone());
            }
        }
    }
    out
}
