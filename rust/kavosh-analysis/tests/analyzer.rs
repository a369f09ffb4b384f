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
fn glued_runs_split_like_their_spelling_with_spaces() {
    // rows of tests/analysis/test_segment.py's GLUED_RUNS and EZAFE_RUNS: a piece + the ezafe
    // (segment.EZAFE_FORMS) is a piece that is not the last
    let a = analyzer();
    for (glued, spaced) in [
        ("کتابخانهملیایران", "کتابخانه ملی ایران"),
        ("مجلسشورایاسلامی", "مجلس شورای اسلامی"),
        ("دانشجویدانشگاه", "دانشجوی دانشگاه"),
        ("نیروهایمسلح", "نیروهای مسلح"),
        ("سینماهایایالات", "سینماهای ایالات"),
    ] {
        let terms = a.terms(glued);
        assert!(terms.len() >= 2 && terms == a.terms(spaced), "{glued}: {terms:?}");
    }
    // names and compounds written solid stay whole; the ezafe never ends a run
    for word in ["گواردیولا", "همسرداری", "اصلاحگرایمجلس", "اعضایشورای", "خانهیمن"]
    {
        assert_eq!(a.terms(word).len(), 1, "{word}");
    }
}

#[test]
fn every_stopword_is_marked_and_no_longer_word() {
    let a = analyzer();
    let mark = kavosh_analysis::tables::STOP_MARK;
    for &w in kavosh_analysis::tables::STOPWORDS {
        let plain = a.joined_terms(w, false);
        if plain.contains(' ') {
            continue; // read as two words
        }
        // its term marked; a second reading stacked at its position marked too (نباشد: ␀بود and,
        // negated, ␀␕بود)
        let got = a.joined_terms(w, true);
        let mut readings = got.split(kavosh_analysis::tables::STACK_MARK);
        assert_eq!(readings.next(), Some(format!("{mark}{plain}").as_str()), "{w}");
        for reading in readings {
            assert!(reading.starts_with(mark), "{w}: {got}");
        }
        if w.contains('\u{200c}') {
            continue; // a half-space ends a word: one longer is two
        }
        let longer = format!("{w}ثضظ"); // no word ends so: no glued run either
        assert!(!a.joined_terms(&longer, true).contains(mark), "{longer}");
    }
    // a stopword's surface holding a half-space or the joiner of a compound written apart
    assert!(a.joined_terms("هم چنین", true).starts_with(mark));
    assert!(a.joined_terms("نمی\u{200c}شود", true).starts_with(mark));
    assert!(!a.joined_terms(&"ن".repeat(40), true).contains(mark));
}

#[test]
fn a_word_not_its_term_stacks_its_surface() {
    // tests/test_surface_reading.py: the same rows through the Python specification
    let a = analyzer();
    for (text, want) in [
        ("میرسم", "رسید\u{2401}\u{2416}میرسم"),
        ("می\u{200c}رسم", "رسید\u{2401}\u{2416}میرسم"),
        ("می رسم", "رسید\u{2401}\u{2416}میرسم"),
        ("نمی\u{200c}رسم", "رسید\u{2401}\u{2415}رسید\u{2401}\u{2416}نمیرسم"),
        ("کتاب\u{200c}هایش", "کتاب\u{2401}\u{2416}کتابهایش"),
        ("اعلام می\u{200c}کنند", "اعلام کرد\u{2401}\u{2416}میکنند"),
        // a word that is its term, a stopword: no surface reading
        ("کتاب", "کتاب"),
        ("رسید", "رسید"),
        ("می\u{200c}شود", "\u{2400}شد"),
        ("نشد", "\u{2400}شد\u{2401}\u{2400}\u{2415}شد"),
    ] {
        assert_eq!(a.joined_terms(text, true), want, "{text}");
    }
    assert_eq!(a.surface_reading("میرسم", "رسید").as_deref(), Some("\u{2416}میرسم"));
    assert_eq!(a.surface_reading("کتاب", "کتاب"), None);
    assert_eq!(a.surface_reading("میشود", "شد"), None);
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

/// Random texts of Persian words, compounds (half-space, space, joined), Arabic names, glued
/// function words, context characters (ة, ٰ), Latin, digits and punctuation: 200 cases from a
/// fixed seed (xorshift).
fn random_texts() -> Vec<String> {
    const PIECES: &[&str] = &[
        "کتاب",
        "كتاب‌های",
        "کتاب ها",
        "ایران",
        "و",
        "به",
        "از",
        "که",
        "تصمیم‌گیری",
        "تصمیم گیری",
        "گفت‌وگو",
        "گفت و گو",
        "گفتوگو",
        "عبدالله",
        "عبد الله",
        "بةحٰک",
        "زکوة",
        "صلوٰة",
        "مدرسة",
        "میشوند",
        "می‌شوند",
        "دختران",
        "شبکههای",
        "بهمن",
        "بمن",
        "خانه‌ای",
        "خانه ای",
        "نامه‌ها",
        "او",
        "نیز",
        "آمد",
        "Tehran",
        "۱۴۰۲",
        "2024",
        "،",
        ".",
        "؟",
        "«",
        "»",
        "\u{200c}",
        " ",
        "\n",
        "کتابخانه",
        "فرونشاندن",
        "فرومی‌نشاند",
        "میخام",
        "رئیس‌جمهور",
        "ریيس جمهور",
    ];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..200)
        .map(|_| {
            let n = (next() % 30) as usize;
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                match next() % 4 {
                    0 => {}
                    1 => s.push('\u{200c}'),
                    _ => s.push(' '),
                }
            }
            s
        })
        .collect()
}

#[test]
fn marks_and_analyze_agree_with_a_fresh_analyzer_and_with_terms() {
    // the offset path caches each surface's words and terms: a fresh analyzer (every surface a
    // miss the first time) and a warm one (hits) must give the same tokens, `marks` the same
    // offsets and terms as `analyze`, and the terms those of the indexing path (`terms`)
    let warm = analyzer();
    let texts = random_texts();
    for t in &texts {
        warm.analyze(t);
    }
    for (i, t) in texts.iter().enumerate() {
        let fresh = Analyzer::new(Some(fresh_lexicon()));
        let first = fresh.analyze(t);
        assert_eq!(first, fresh.analyze(t), "case {i}: {t:?} (miss vs hit)");
        assert_eq!(first, warm.analyze(t), "case {i}: {t:?} (fresh vs warm)");
        let terms: Vec<String> = first.iter().map(|k| k.term.clone()).collect();
        assert_eq!(terms, warm.terms(t), "case {i}: {t:?} (analyze vs terms)");
        let picked = |term: &str| term.chars().count() % 2 == 0;
        let m = warm.marks(t, |term, _| picked(term));
        assert_eq!(m.starts, first.iter().map(|k| k.start).collect::<Vec<_>>(), "case {i}: {t:?}");
        assert_eq!(m.ends, first.iter().map(|k| k.end).collect::<Vec<_>>(), "case {i}: {t:?}");
        let expected: Vec<Option<String>> = first.iter().map(|k| picked(&k.term).then(|| k.term.clone())).collect();
        assert_eq!(m.terms, expected, "case {i}: {t:?}");
        for k in &first {
            assert!(k.start < k.end && k.end <= t.chars().count(), "case {i}: {t:?} {k:?}");
        }
    }
}

fn fresh_lexicon() -> Arc<Lexicon> {
    static L: OnceLock<Arc<Lexicon>> = OnceLock::new();
    L.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/kavosh/analysis/data");
        Arc::new(Lexicon::load(&data).expect("the bundled word lists"))
    })
    .clone()
}
