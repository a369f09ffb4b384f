//! Fuzz the analyzer: any UTF-8 input must analyse without a panic, with tokens in order,
//! offsets inside the text, the index-time path giving the same terms as the offset path,
//! and the char filters idempotent.  Run (not in CI; docs/benchmarks.md, "Analyzer fuzzing"):
//! `cargo install cargo-fuzz && cd rust/fuzz && cargo +nightly fuzz run analyzer -- -max_total_time=600`.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use kavosh_analysis::{normalize, Analyzer, Lexicon};
use libfuzzer_sys::fuzz_target;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/kavosh/analysis/data");
        Analyzer::new(Some(Arc::new(Lexicon::open(&data).expect("the bundled word lists"))))
    })
}

fuzz_target!(|text: &str| {
    let a = analyzer();
    let tokens = a.analyze(text);
    let n = text.chars().count();
    let mut last = 0;
    for (i, t) in tokens.iter().enumerate() {
        assert_eq!(t.position, i);
        assert!(last <= t.start && t.start < t.end && t.end <= n, "{t:?} in {n} characters");
        assert!(!t.term.is_empty());
        last = t.end;
    }
    let terms: Vec<String> = tokens.into_iter().map(|t| t.term).collect();
    assert_eq!(a.terms(text), terms);
    let once = normalize(text);
    assert_eq!(normalize(&once), once);
});
