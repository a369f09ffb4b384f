//! Throughput of `Analyzer::joined_terms` (the index path) on a JSON Lines corpus, one thread:
//! the first pass (fresh analyzer, every surface analysed once) and warm passes (surfaces
//! cached), in MB/s of UTF-8 text per CPU second of this thread.
//! From `rust/`: `cargo run --release -p kavosh-analysis --example throughput --
//! ../../shared/data/news/articles.jsonl.gz ../src/kavosh/analysis/data [warm passes]` (default 3).
use std::io::Read;
use std::sync::Arc;

/// This thread's CPU time in seconds (`/proc/thread-self/schedstat`, Linux).
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
    let ns: f64 = s.split_whitespace().next().and_then(|x| x.parse().ok()).expect("a number");
    ns / 1e9
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().expect("a corpus");
    let data = args.next().expect("the data folder");
    let passes: usize = args.next().map_or(3, |p| p.parse().expect("a number"));
    let raw = std::fs::read(corpus).expect("the corpus");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text).expect("gzip of UTF-8");
    let docs: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            format!("{}\n{}", v["title"].as_str().unwrap_or(""), v["text"].as_str().unwrap_or(""))
        })
        .collect();
    let mb = docs.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let lex = Arc::new(kavosh_analysis::Lexicon::open(std::path::Path::new(&data)).expect("lists"));
    let a = kavosh_analysis::Analyzer::new(Some(lex));
    a.joined_terms("کتابها", true);
    let mut n = 0;
    let c0 = cpu();
    for d in &docs {
        n += a.joined_terms(d, true).len();
    }
    let c1 = cpu();
    for _ in 0..passes {
        for d in &docs {
            n += a.joined_terms(d, true).len();
        }
    }
    let c2 = cpu();
    let warm = (c2 - c1) / passes as f64;
    println!(
        "{mb:.2} MB: first {:.3} s ({:.1} MB/s), warm {:.3} s/pass ({:.1} MB/s) [{n}]",
        c1 - c0,
        mb / (c1 - c0),
        warm,
        mb / warm
    );
}
