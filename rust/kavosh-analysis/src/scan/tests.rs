//! Tests of the scan (`scan.rs`): against its reference (the scan before the word loop, `9685691`), the
//! regular expressions' cases, and the affix sets.

use super::*;

fn surfaces(text: &str, trailing: bool) -> Vec<String> {
    let d: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    Scanner::default().scan(&d, trailing, &mut spans);
    spans.iter().map(|&(a, b)| d[a..b].iter().collect()).collect()
}

#[test]
fn letters_end_eight_at_a_time_is_the_loop_a_letter() {
    // runs of 0 to 20 letters between other characters, ending anywhere in the text
    let mut d: Vec<char> = Vec::new();
    for n in 0..=20 {
        d.extend(std::iter::repeat_n('ک', n));
        d.push([' ', ZWNJ, '1', 'a', JOINER, '\u{10000}'][n % 6]);
    }
    for end in 0..=d.len() {
        let d = &d[..end];
        for p in 0..=d.len() {
            let mut q = p;
            while q < d.len() && is_letter(d[q]) {
                q += 1;
            }
            assert_eq!(letters_end(d, p), q, "{p} of {end}");
        }
    }
}

#[test]
fn an_affix_set_holds_its_affixes_and_nothing_else() {
    for table in [tables::PREFIXES, tables::SUFFIXES, tables::HALF_SPACE_SUFFIXES] {
        let set = AffixSet::new(table);
        let affixes: Vec<Vec<char>> = table.iter().map(|a| a.chars().collect()).collect();
        for a in &affixes {
            assert!(set.contains(a), "{a:?}");
        }
        // every affix's beginnings and extensions by a letter, and other words: as a plain comparison says
        let mut others: Vec<Vec<char>> = Vec::new();
        for a in &affixes {
            for k in 0..a.len() {
                others.push(a[..k].to_vec());
            }
            for c in ['ا', 'ه', 'ی', 'ن', 'a', '\u{10000}'] {
                others.push([a.as_slice(), &[c]].concat());
                others.push([&[c], a.as_slice()].concat());
            }
        }
        others.push("کتابخانه".chars().collect());
        others.push(vec!['ه'; 70]);
        for o in &others {
            assert_eq!(set.contains(o), affixes.contains(o), "{o:?}");
        }
    }
    assert!(AffixSet::new(&["ها"]).contains(&['ه', 'ا']));
    assert!(!AffixSet::new(&["ها"]).contains(&['ه', 'ی']));
    assert!(!AffixSet::new(&[]).contains(&[]));
}

/// The scan as it was before the word loop (`9685691`): the reference of the test below.
fn reference_scan(sc: &Scanner, d: &[char], trailing_sep: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = d.len();
    let mut p = 0;
    let mut run = (usize::MAX, 0);
    while p < n {
        let c = d[p];
        let e;
        if is_letter(c) {
            e = reference_word(sc, d, p, trailing_sep, &mut run);
        } else if c == ' ' || c == '\n' || c == ZWNJ || (c.is_ascii() && !is_word(c)) {
            p += 1;
            continue;
        } else {
            e = other_or_number(d, p);
            if e == p {
                p += 1;
                continue;
            }
        }
        out.push((p, e));
        p = e;
    }
    out
}

fn reference_word(sc: &Scanner, d: &[char], p: usize, trailing_sep: bool, run: &mut (usize, usize)) -> usize {
    let n = d.len();
    let mut q = p;
    if run.0 == p {
        q = run.1;
    } else {
        while q < n && is_letter(d[q]) {
            q += 1;
        }
    }
    if q - p <= sc.max_prefix && q < n && is_sep(d[q]) && sc.prefixes.contains(&d[p..q]) {
        let mut s = q;
        while s < n && is_sep(d[s]) {
            s += 1;
        }
        if s < n && is_letter(d[s]) {
            q = s;
            while q < n && is_letter(d[q]) {
                q += 1;
            }
        }
    }
    while q + 1 < n && d[q] == JOINER && is_letter(d[q + 1]) {
        q += 1;
        while q < n && is_letter(d[q]) {
            q += 1;
        }
    }
    loop {
        let mut s = q;
        let mut all_zwnj = true;
        while s < n && is_sep(d[s]) {
            if d[s] != ZWNJ {
                all_zwnj = false;
            }
            s += 1;
        }
        if s == q {
            break;
        }
        let mut e = s;
        while e < n && is_letter(d[e]) {
            e += 1;
        }
        if e == s {
            break;
        }
        *run = (s, e);
        let run = &d[s..e];
        if sc.suffixes.contains(run)
            || (all_zwnj && sc.zwnj_suffixes.contains(run))
            || sc.spaced_hosts.iter().any(|(suffix, hosts)| {
                suffix.len() == run.len() && suffix.iter().zip(run).all(|(x, y)| x == y) && hosts.contains(&d[q - 1])
            })
        {
            q = e;
            continue;
        }
        break;
    }
    if trailing_sep && q + 1 < n && is_sep(d[q]) && is_letter(d[q + 1]) {
        q += 1;
    }
    q
}

#[test]
fn the_word_loop_scans_as_the_reference() {
    // texts of affixes, words, separators, joiners, digits and marks drawn at random (a fixed
    // linear congruential sequence), both scans, both modes
    let sc = Scanner::default();
    let mut pieces: Vec<String> = [tables::PREFIXES, tables::SUFFIXES, tables::HALF_SPACE_SUFFIXES]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect();
    for w in
        ["کتاب", "خانه", "هی", "ی", "ه", "ا", "و", "گفت", "می", "نمی", "شان", "ای", "12", "1,234", "3.5", "abc", "۳"]
    {
        pieces.push(w.to_string());
    }
    for sep in [" ", "\u{200c}", "  ", " \u{200c}", "\u{200c}\u{200c}", "\u{2060}", "\n", ",", ".", "_", "-"] {
        pieces.push(sep.to_string());
    }
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |k: usize| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) as usize % k
    };
    for _ in 0..20_000 {
        let len = 1 + next(12);
        let text: String = (0..len).map(|_| pieces[next(pieces.len())].as_str()).collect();
        let d: Vec<char> = text.chars().collect();
        for trailing in [true, false] {
            let mut spans = Vec::new();
            sc.scan(&d, trailing, &mut spans);
            assert_eq!(spans, reference_scan(&sc, &d, trailing), "{text:?} {trailing}");
        }
    }
}

#[test]
fn affixes_join_and_numbers_group() {
    assert_eq!(surfaces("می شوند کتاب ها", true), ["می شوند ", "کتاب ها"]);
    assert_eq!(surfaces("می شوند کتاب ها", false), ["می شوند", "کتاب ها"]);
    assert_eq!(surfaces("1,234,5678 12.5 abc۳کتاب", true), ["1,234", "5678", "12.5", "abc۳", "کتاب"]);
    assert_eq!(surfaces("خانه شان خانه\u{200c}شان", false), ["خانه", "شان", "خانه\u{200c}شان"]);
    assert_eq!(surfaces("وطن ای وطن خانه ای", false), ["وطن", "ای", "وطن", "خانه ای"]);
    assert_eq!(surfaces("کتاب\u{200c}ای", false), ["کتاب\u{200c}ای"]);
}
