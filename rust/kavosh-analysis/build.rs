//! Prebuild the lexicon of the bundled word lists (`src/kavosh/analysis/data` of the Python
//! package) into `$OUT_DIR/lexicon.bin`, which `src/bundled.rs` compiles in: the process that
//! opens the lexicon then builds nothing.  The modules that build it are the crate's own,
//! included here, so the prebuilt lexicon is always the one this source builds.  Without the
//! word lists (a crate copied alone) the file is empty and the lexicon is built at run time.
#![allow(dead_code, unused_imports)] // the crate's modules, of which the build uses a part

#[path = "src/chars.rs"]
mod chars;
#[path = "src/compounds.rs"]
mod compounds;
#[path = "src/frozen.rs"]
mod frozen;
#[path = "src/lexicon.rs"]
mod lexicon;
#[path = "src/normalize.rs"]
mod normalize;
#[path = "src/parts.rs"]
mod parts;
#[path = "src/scan.rs"]
mod scan;
#[path = "src/segment.rs"]
mod segment;
#[path = "src/spoken.rs"]
mod spoken;
#[rustfmt::skip]
#[path = "src/tables.rs"]
mod tables;

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let data = manifest.join("../../src/kavosh/analysis/data");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build.rs");
    for name in lexicon::LISTS {
        println!("cargo:rerun-if-changed={}", data.join(name).display());
    }
    let bytes = match lexicon::digest(&data).and_then(|d| Ok((d, lexicon::Lexicon::load(&data)?))) {
        Ok((d, lex)) => frozen::write(&lex, d),
        Err(e) => {
            println!("cargo:warning=no prebuilt lexicon ({e}): it will be built at run time");
            Vec::new()
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("lexicon.bin");
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}
