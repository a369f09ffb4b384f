//! The lexicon of the bundled word lists, prebuilt when the crate is compiled.
//!
//! `build.rs` runs [`Lexicon::load`] over the word lists beside the Python package
//! (`src/kavosh/analysis/data`) and writes the result with [`crate::frozen::write`]; the bytes
//! are compiled into the crate, so opening the lexicon builds nothing: its large tables are fst
//! automata used in place (no file to find, no memory map, no cache to go stale).  Cargo runs
//! the build script again whenever a word list or a source file of the crate changes, and
//! [`Lexicon::open`] compares the digest of the lists it is given with the one the prebuilt
//! lexicon was built from: lists edited after the crate was compiled are loaded from the files.

use std::path::Path;

use crate::frozen;
use crate::lexicon::{digest, Lexicon, LexiconError};

/// The prebuilt lexicon's bytes (empty when the build script found no word lists).
pub static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

/// The digest of the word lists the prebuilt lexicon was built from, if there is one.
pub fn prebuilt_digest() -> Option<u64> {
    frozen::digest_of(PREBUILT)
}

impl Lexicon {
    /// The lexicon of the word lists in `data`: the prebuilt one when the lists are those it was
    /// built from (a few milliseconds: the lists are read once to compare their digest), else
    /// [`Lexicon::load`] (about a second).
    ///
    /// # Errors
    /// [`LexiconError`] naming the file (and line) that is missing or malformed.
    pub fn open(data: &Path) -> Result<Lexicon, LexiconError> {
        // a list that cannot be read is reported by `load`, as it reads the lists
        if prebuilt_digest().is_some_and(|p| digest(data).is_ok_and(|d| d == p)) {
            if let Some(mut lex) = frozen::read(PREBUILT) {
                lex.prebuilt = true;
                return Ok(lex);
            }
        }
        Lexicon::load(data)
    }
}
