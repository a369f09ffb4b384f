//! The analyzer on the bundled word lists: a few rows of the Python suite's golden tables
//! (`tests/analysis/test_morphology.py`, `test_tokenize.py`); the differential tests of the
//! Python suite compare everything else with the specification.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use kavosh_analysis::{normalize, Analyzer, Lexicon};

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/kavosh/analysis/data");
        Analyzer::new(Some(Arc::new(Lexicon::open(&data).expect("the bundled word lists"))))
    })
}

fn stem(word: &str) -> String {
    let terms = analyzer().terms(word);
    assert_eq!(terms.len(), 1, "{word}: {terms:?}");
    terms[0].clone()
}

#[test]
fn stems_nouns_and_verbs() {
    for (word, expected) in [
        ("دختران", "دختر"),
        ("کتاب‌هایی", "کتاب"),
        ("کتاب ها", "کتاب"),
        ("شبکههای", "شبکه"),
        ("پرندگان", "پرنده"),
        ("معلمین", "معلم"),
        ("بزرگترین", "بزرگ"),
        ("خانه‌ای", "خانه"),
        ("می‌روم", "رفت"),
        ("نمی‌دانم", "دانست"),
        ("رفته‌اند", "رفت"),
    ] {
        assert_eq!(stem(word), normalize(expected), "{word}");
    }
}

#[test]
fn keeps_words_in_their_own_right() {
    for word in ["ایران", "تنها", "میدان", "دفتر", "اطلاعات", "شاهین", "چهارمین", "دوبلین"]
    {
        assert_eq!(stem(word), normalize(word), "{word}");
    }
}

#[test]
fn compounds_meet_and_stopwords_are_marked() {
    let a = analyzer();
    assert_eq!(a.terms("هم چنین"), a.terms("همچنین"));
    assert_eq!(a.terms("تصمیمگیری"), ["تصمیم", "گیری"]);
    assert_eq!(a.joined_terms("کتاب در خانه", true), "کتاب \u{2400}در خانه"); // every word indexed, the stopword marked
    assert_eq!(a.joined_terms("کتاب در خانه", false), "کتاب در خانه");
    assert!(a.is_stopword("در"));
}

#[test]
fn offsets_are_code_points_into_the_original() {
    let text = "ABC كتاب‌هاي اشیاء";
    let tokens = analyzer().analyze(text);
    let chars: Vec<char> = text.chars().collect();
    let slices: Vec<String> = tokens.iter().map(|t| chars[t.start..t.end].iter().collect()).collect();
    assert_eq!(slices, ["ABC", "كتاب‌هاي", "اشیاء"]);
    assert_eq!(tokens.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(tokens[1].term, "کتاب");
}

#[test]
fn a_missing_list_is_an_error_naming_it() {
    let err = Lexicon::load(Path::new("/nonexistent")).expect_err("no lists there");
    assert!(err.to_string().contains("words.tsv.gz"), "{err}");
}

#[test]
fn marks_are_the_analysed_tokens_that_match() {
    let text = "كتاب‌های ایران و کتابخانه";
    let tokens = analyzer().analyze(text);
    let m = analyzer().marks(text, |term, _| term == "کتاب");
    assert_eq!(m.starts, tokens.iter().map(|t| t.start).collect::<Vec<_>>());
    assert_eq!(m.ends, tokens.iter().map(|t| t.end).collect::<Vec<_>>());
    assert_eq!(m.terms, vec![Some("کتاب".to_owned()), None, None, None]);
}
