//! The word lists (`morphology.Lexicon`): frequencies, tags, verb stems, hamza spellings, compounds.
//!
//! Built from the bundled lists (`data/words.tsv.gz`, `data/verbs.tsv`, `data/compounds.txt`
//! in the Python package) in about a quarter of a second, into immutable structures: the
//! words with their frequency and tags in one `fst::Map` (a minimal acyclic automaton: the
//! field's standard for large word sets), the verb forms in two more.
//!
//! This module holds the lexicon and its lookups (used by the stemmer, the segmenter and the
//! analyzer); building it is in `lexicon/`: `load.rs` reads the lists ([`Lexicon::load`],
//! [`digest`]), `verbs.rs` spells out the verbs' forms, `hamza.rs` groups the hamza spellings.

// `#[path]`: build.rs includes this file with `#[path = "src/lexicon.rs"]`, and a module so
// included looks for its submodules beside it, not in `lexicon/`; the paths below hold in both.
#[path = "lexicon/hamza.rs"]
mod hamza;
#[path = "lexicon/load.rs"]
mod load;
#[path = "lexicon/verbs.rs"]
mod verbs;

pub use hamza::hamza_variant_map;
pub use load::{digest, LISTS};

use std::borrow::Cow;
use std::path::PathBuf;

use fst::Map;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::ZWNJ;
use crate::compounds::Compounds;
use crate::normalize::normalize;
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

impl Lexicon {
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
