//! Time the lexicon load: `cargo run --release --example load -- src/kavosh/analysis/data`.
fn main() {
    let dir = std::env::args().nth(1).expect("the data folder");
    let t = std::time::Instant::now();
    let lex = kavosh_analysis::Lexicon::load(std::path::Path::new(&dir)).expect("the word lists");
    println!("{lex:?} loaded in {:?}", t.elapsed());
}
