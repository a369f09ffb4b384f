//! Profile helper: `Analyzer::marks` vs `joined_terms` on ~500-character regions of a corpus
//! (warm analyzer: the snippet path).  Thread CPU time from `/proc/thread-self/schedstat`.
//! `cargo run --release --example marks -- CORPUS.jsonl.gz DATA_DIR [passes]`
use std::collections::HashSet;
use std::io::Read;
use std::sync::Arc;

fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").expect("schedstat");
    s.split_whitespace().next().expect("a field").parse().expect("ns")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().expect("a corpus");
    let data = args.next().expect("the data folder");
    let passes: usize = args.next().map_or(5, |p| p.parse().expect("a number"));
    let raw = std::fs::read(corpus).expect("the corpus");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text).expect("gzip of UTF-8");
    let mut regions = Vec::new();
    for l in text.lines().take(400) {
        let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
        let t: Vec<char> = v["text"].as_str().unwrap_or("").chars().collect();
        for c in t.chunks(500) {
            regions.push(c.iter().collect::<String>());
        }
    }
    let lex = Arc::new(kavosh_analysis::Lexicon::load(std::path::Path::new(&data)).expect("lists"));
    let a = kavosh_analysis::Analyzer::new(Some(lex));
    let terms: HashSet<String> = ["ایران", "کتاب", "دولت"].iter().map(|s| a.joined_terms(s, false)).collect();
    let mut n = 0;
    for r in &regions {
        n += a.marks(r, |t, _| terms.contains(t)).starts.len();
        n += a.joined_terms(r, true).len();
    }
    let (mut tm, mut tj) = (0u64, 0u64);
    let mut marked = 0usize;
    for _ in 0..passes {
        let t0 = cpu_ns();
        for r in &regions {
            marked += a.marks(r, |t, _| terms.contains(t)).terms.iter().flatten().count();
        }
        let t1 = cpu_ns();
        for r in &regions {
            n += a.joined_terms(r, true).len();
        }
        let t2 = cpu_ns();
        tm += t1 - t0;
        tj += t2 - t1;
    }
    let k = (passes * regions.len()) as f64;
    println!(
        "{} regions x {passes}: marks {:.2} us/region, joined_terms {:.2} us/region ({marked} marked, {n})",
        regions.len(),
        tm as f64 / k / 1e3,
        tj as f64 / k / 1e3
    );
}
