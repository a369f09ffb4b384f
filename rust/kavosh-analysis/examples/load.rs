//! Time the lexicon load: `cargo run --release --example load -- src/kavosh/analysis/data`
//! (`Lexicon::open`: the prebuilt lexicon; `--build`: `Lexicon::load`, from the word lists).
fn main() {
    let dir = std::env::args().nth(1).expect("the data folder");
    let build = std::env::args().any(|a| a == "--build");
    let t = std::time::Instant::now();
    let path = std::path::Path::new(&dir);
    let lex = if build { kavosh_analysis::Lexicon::load(path) } else { kavosh_analysis::Lexicon::open(path) };
    let lex = lex.expect("the word lists");
    println!("{lex:?} (prebuilt: {}) loaded in {:?}", lex.is_prebuilt(), t.elapsed());
}
