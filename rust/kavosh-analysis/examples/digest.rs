//! The analyzer's output over a JSON Lines corpus, for a digest before and after a change that
//! must not change terms: each document's `title + "\n" + text` through `joined_terms` (the
//! index path, stopwords marked), one line each, then the tokens of `analyze` (term, word,
//! start, end, position) of the first `N` documents.  From `rust/`:
//! `cargo run --release -p kavosh-analysis --example digest -- ../../shared/data/news/articles.jsonl.gz ../src/kavosh/analysis/data 300 | sha256sum`
use std::io::{Read, Write};
use std::sync::Arc;

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().expect("a corpus");
    let data = args.next().expect("the data folder");
    let analysed: usize = args.next().map_or(300, |p| p.parse().expect("a number"));
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
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for d in &docs {
        writeln!(out, "{}", a.joined_terms(d, true)).expect("stdout");
    }
    for d in docs.iter().take(analysed) {
        for t in a.analyze(d) {
            writeln!(out, "{}\t{}\t{}\t{}\t{}", t.term, t.word, t.start, t.end, t.position).expect("stdout");
        }
    }
}
