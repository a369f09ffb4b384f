//! Profile helper: analyse a JSON Lines corpus `passes` times with one analyzer.
//! `cargo run --release --example throughput -- CORPUS.jsonl.gz DATA_DIR [passes]`
use std::io::Read;
use std::sync::Arc;

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().expect("a corpus");
    let data = args.next().expect("the data folder");
    let passes: usize = args.next().map_or(5, |p| p.parse().expect("a number"));
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
    let lex = Arc::new(kavosh_analysis::Lexicon::open(std::path::Path::new(&data)).expect("lists"));
    let a = kavosh_analysis::Analyzer::new(Some(lex));
    let mut n = 0;
    for _ in 0..passes {
        for d in &docs {
            n += a.joined_terms(d, true).len();
        }
    }
    println!("{n}");
}
