//! The prebuilt lexicon (`build.rs`, `bundled.rs`) is exactly what the word lists build, and lists
//! edited after the crate was compiled are never read from it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use kavosh_analysis::lexicon::{digest, LISTS};
use kavosh_analysis::{bundled, frozen, Lexicon};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/kavosh/analysis/data")
}

#[test]
fn the_prebuilt_lexicon_is_what_the_lists_build() {
    let data = data();
    let built = Lexicon::load(&data).expect("the bundled word lists");
    assert!(!built.is_prebuilt());
    let d = digest(&data).expect("the lists");
    assert_eq!(bundled::prebuilt_digest(), Some(d), "the prebuilt lexicon was built from other lists");
    // byte for byte: every table the lists build is in the prebuilt lexicon as it is
    assert!(frozen::write(&built, d) == bundled::PREBUILT, "the prebuilt lexicon differs from a fresh build");
    // and reading it loses nothing
    let opened = Lexicon::open(&data).expect("the bundled word lists");
    assert!(opened.is_prebuilt());
    assert!(frozen::write(&opened, d) == bundled::PREBUILT, "reading the prebuilt lexicon lost a table");
    assert_eq!(opened.freq("کتاب"), built.freq("کتاب"));
    assert!(opened.freq("کتاب").is_some_and(|f| f > 1000));
    assert_eq!(opened.verb("میرفتم"), Some("رفت"));
    assert_eq!(opened.compounds.parts.get(&"تصمیمگیری".chars().collect::<Vec<_>>()), Some(vec![5, 4]));
}

fn copy_lists(to: &Path) {
    std::fs::create_dir_all(to).expect("a temporary folder");
    for name in LISTS {
        std::fs::copy(data().join(name), to.join(name)).expect("copy a list");
    }
}

#[test]
fn edited_lists_are_built_not_read_from_the_prebuilt_lexicon() {
    let dir = std::env::temp_dir().join(format!("kavosh-prebuilt-test-{}", std::process::id()));
    copy_lists(&dir);
    let copy = Lexicon::open(&dir).expect("the copied lists");
    assert!(copy.is_prebuilt(), "the same lists elsewhere are the prebuilt lexicon's");

    // a word added to the word list
    let path = dir.join("words.tsv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).expect("the list"))
        .read_to_string(&mut text)
        .expect("gzip");
    text.push_str("زرپلنگ\t7\tN\n");
    let mut gz =
        flate2::write::GzEncoder::new(std::fs::File::create(&path).expect("write"), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).expect("write");
    gz.finish().expect("write");
    let edited = Lexicon::open(&dir).expect("the edited lists");
    assert!(!edited.is_prebuilt());
    assert_eq!(edited.freq("زرپلنگ"), Some(7));
    assert_eq!(Lexicon::open(&data()).expect("the bundled lists").freq("زرپلنگ"), None);
    // asked in turn, each lexicon gives its own answer (the entries kept per thread are per lexicon)
    assert_eq!(edited.freq("زرپلنگ"), Some(7));

    // a compound added to the compounds list (a change of the last list read)
    let compounds = dir.join("compounds.txt");
    let mut list = std::fs::read_to_string(&compounds).expect("the list");
    list.push_str("\nزرپلنگ\u{200c}پرور\n"); // the file may not end with a newline
    std::fs::write(&compounds, list).expect("write");
    let edited = Lexicon::open(&dir).expect("the edited lists");
    assert!(!edited.is_prebuilt());
    let got = edited.compounds.parts.get(&"زرپلنگپرور".chars().collect::<Vec<_>>());
    assert_eq!(got, Some(vec![6, 4]));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_missing_list_is_an_error_naming_it() {
    let err = Lexicon::open(Path::new("/nonexistent")).expect_err("no lists there");
    assert!(err.to_string().contains("words.tsv.gz"), "{err}");
}

#[test]
fn one_walk_gives_the_frequency_of_every_beginning_of_a_word() {
    let lex = Lexicon::open(&data()).expect("the bundled word lists");
    for word in ["کتابخانهملیایران", "کتابها", "باتوجهبه", "زرپلنگستان", "ا", "", "abc"]
    {
        let mut ends: Vec<usize> = word.char_indices().map(|(at, _)| at).collect();
        ends.push(word.len());
        let walked = lex.prefix_freqs(word, &ends);
        let looked_up: Vec<u64> = ends.iter().map(|&e| lex.freq(&word[..e]).unwrap_or(0)).collect();
        assert_eq!(walked, looked_up, "{word}");
    }
    // the beginnings of a glued run: known words where they end
    let w = "کتابخانهملی";
    let ends: Vec<usize> =
        (0..=w.chars().count()).map(|k| w.char_indices().nth(k).map_or(w.len(), |(at, _)| at)).collect();
    let f = lex.prefix_freqs(w, &ends);
    assert!(f[4] > 1000 && f[8] > 1000, "کتاب and کتابخانه are words: {f:?}");
    assert_eq!(f[11], lex.freq(w).unwrap_or(0));
}

#[test]
fn an_entry_asked_again_is_the_word_lists_entry() {
    // Lexicon::entry keeps the last answers per thread: asked again at once, after a few other
    // words and after many, absent words and words too long to keep among them
    let lex = Lexicon::open(&data()).expect("the bundled word lists");
    let words = lex.words();
    let mut asked: Vec<&str> = Vec::new();
    for (w, _) in words.iter().step_by(97) {
        asked.extend([w.as_str(), "زرپلنگ", w.as_str()]);
    }
    let long = "ا".repeat(30);
    asked.extend([long.as_str(), long.as_str(), "کتاب", "کتابخانهملیایران", "کتاب"]);
    for (i, w) in asked.iter().enumerate() {
        let want = words.binary_search_by(|(k, _)| k.as_str().cmp(w)).ok().map(|at| words[at].1);
        assert_eq!(lex.entry(w), want, "{w}");
        for back in [3, 9, 40] {
            if let Some(earlier) = i.checked_sub(back).map(|j| asked[j]) {
                let want = words.binary_search_by(|(k, _)| k.as_str().cmp(earlier)).ok().map(|at| words[at].1);
                assert_eq!(lex.entry(earlier), want, "{earlier}");
            }
        }
    }
}

#[test]
fn the_split_compounds_filter_passes_every_key_and_few_other_words() {
    let lex = Lexicon::open(&data()).expect("the bundled word lists");
    let parts = &lex.compounds.parts;
    let entries = parts.entries();
    assert!(entries.len() > 100_000, "{}", entries.len());
    for (key, ps) in &entries {
        let lens: Vec<usize> = ps.iter().map(|p| p.chars().count()).collect();
        assert_eq!(parts.get(&key.chars().collect::<Vec<_>>()), Some(lens), "{key}");
    }
    // the words of the list that are no key: the filter turns most away (Parts::get is then None
    // either way; a word it passes is looked up in the map)
    let keys: std::collections::HashSet<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let others: Vec<Vec<char>> =
        lex.words().into_iter().filter(|(w, _)| !keys.contains(w.as_str())).map(|(w, _)| w.chars().collect()).collect();
    assert!(others.iter().all(|w| parts.get(w).is_none()));
    let passed = others.iter().filter(|w| parts.may_hold(w)).count();
    assert!(passed * 10 < others.len(), "{passed} of {} words that are no key pass the filter", others.len());
}
