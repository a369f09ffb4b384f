//! Analyzer throughput per MB of Persian news (one core).
//!
//! `cargo bench -p kavosh-analysis --bench analyzer` (from `rust/`).  Input: the titles and
//! texts of `../shared/data/news/articles.jsonl.gz` (or the file named by
//! `KAVOSH_BENCH_CORPUS`, JSON Lines with `title`/`text`, gzipped or not).  Measured:
//! `index_text` (the writer's path) on a fresh analyzer (every surface analysed once: the
//! first pass over a corpus) and on a warm one (surfaces cached), and `analyze` (tokens
//! with offsets: highlighting and queries).
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kavosh_analysis::{Analyzer, Lexicon};

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let path = std::env::var_os("KAVOSH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("shared/data/news/articles.jsonl.gz"));
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text).expect("gzip of UTF-8");
    } else {
        text = String::from_utf8(raw).expect("UTF-8");
    }
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
        for field in ["title", "text"] {
            if let Some(s) = v.get(field).and_then(|s| s.as_str()) {
                docs.push(s.to_owned());
            }
        }
    }
    docs
}

fn bench(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/kavosh/analysis/data");
    let lexicon = Arc::new(Lexicon::open(&data).expect("the bundled word lists"));
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("persian-news");
    g.throughput(Throughput::Bytes(bytes as u64)).sample_size(10);
    g.bench_function("index_text, first pass (fresh analyzer)", |b| {
        b.iter_batched(
            || Analyzer::new(Some(lexicon.clone())),
            |a| docs.iter().map(|d| a.joined_terms(d, true).len()).sum::<usize>(),
            BatchSize::PerIteration,
        )
    });
    let warm = Analyzer::new(Some(lexicon.clone()));
    for d in &docs {
        warm.joined_terms(d, true);
    }
    g.bench_function("index_text, warm", |b| {
        b.iter(|| docs.iter().map(|d| warm.joined_terms(d, true).len()).sum::<usize>())
    });
    g.bench_function("analyze (offsets), warm", |b| {
        b.iter(|| docs.iter().map(|d| warm.analyze(d).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
