//! A word's index term(s) ([`Analyzer`]'s index path, `Analyzer._word_term`): a stopword's term marked
//! (`STOP_MARK`), a negated verb form's second term (`NEG_MARK`), an inflected word's surface reading
//! (`SURFACE_MARK`), the second reading of a suffix written after a space (`خانه ای`), each stacked after
//! `STACK_MARK`; and the stopword tests they need.

use crate::analyzer::{surface_to_word, Analyzer};
use crate::chars::{dropped, is_sep};
use crate::tables;

impl Analyzer {
    /// Whether the normalized word is a stopword (`Analyzer.stopwords`).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word) || self.stretched_stopword(word)
    }

    /// `Analyzer.is_stop_word`'s second test: a word with a letter stretched for emphasis whose
    /// squeezed spelling ([`crate::spoken::squeezed`]: every run one letter, else two) is a stopword
    /// (`خیلیییی` is `خیلی`).
    fn stretched_stopword(&self, word: &str) -> bool {
        crate::spoken::squeezed(word)
            .is_some_and(|(one, two)| self.stopwords.contains(&one) || self.stopwords.contains(&two))
    }

    /// `Analyzer._word_term` with `mark_stopwords`: push onto `out` the index term of a word's
    /// surface `w` whose term is `term` — marked (`STOP_MARK`) when the word is a stopword, then
    /// the second reading ([`Analyzer::free_reading`]) after `STACK_MARK`, if any.
    pub(crate) fn push_index_term(&self, w: &[char], term: &str, out: &mut String) {
        let stop = self.surface_is_stopword(w);
        if stop {
            out.push_str(tables::STOP_MARK); // a stopword's term is marked, not dropped
        }
        out.push_str(term);
        if self.surface_is_negated(w, term) {
            out.push(tables::STACK_MARK); // نمی‌دهد: also ␕داد at its position (NEG_MARK)
            if stop {
                out.push_str(tables::STOP_MARK);
            }
            out.push_str(tables::NEG_MARK);
            out.push_str(term);
        }
        if !stop && self.surface_differs(w, term) {
            out.push(tables::STACK_MARK); // می‌رسم: also ␖میرسم at its position (SURFACE_MARK)
            out.push_str(tables::SURFACE_MARK);
            out.extend(w.iter().filter(|&&c| !dropped(c)));
        }
        if let Some((_, suffix)) = self.spaced_suffix(w) {
            out.push(tables::STACK_MARK);
            self.push_index_word(suffix, out);
        }
    }

    /// `Analyzer.surface_reading` for a word not a stopword: whether the word of a surface `w`
    /// ([`surface_to_word`], compared without being made) differs from its term `term`; never
    /// without stemming.
    fn surface_differs(&self, w: &[char], term: &str) -> bool {
        self.lexicon().is_some() && !w.iter().copied().filter(|&c| !dropped(c)).eq(term.chars())
    }

    /// `Analyzer.surface_reading`: the surface reading's index term (`␖میرسم`) of a normalized
    /// word whose term is `term`, or `None` (the word is its term, a stopword, or no stemming).
    pub fn surface_reading(&self, word: &str, term: &str) -> Option<String> {
        let w: Vec<char> = word.chars().collect();
        (!self.is_stopword(word) && self.surface_differs(&w, term)).then(|| format!("{}{word}", tables::SURFACE_MARK))
    }

    /// Whether the word of a surface `w` whose term is `term` is a negated verb form
    /// ([`crate::stem::negated`]); only a word whose term is a past stem and with a `ن` among its
    /// first four letters (after a preverb of three letters at most) is looked at, both tested before
    /// the word is made (every token passes here).
    fn surface_is_negated(&self, w: &[char], term: &str) -> bool {
        let Some(lex) = self.lexicon() else {
            return false;
        };
        if !lex.is_past(term) || !w.iter().filter(|&&c| !dropped(c)).take(4).any(|&c| c == tables::NEGATION) {
            return false;
        }
        crate::stem::negated(lex, &surface_to_word(w), term)
    }

    /// `Analyzer.is_negated`: whether a normalized word whose term is `term` is a negated verb form.
    pub fn negated(&self, word: &str, term: &str) -> bool {
        self.lexicon().is_some_and(|lex| crate::stem::negated(lex, word, term))
    }

    /// Whether the word of a surface `w` ([`surface_to_word`]) is a stopword, found without
    /// making the word: its UTF-8 on the stack, and none longer than the longest stopword.
    fn surface_is_stopword(&self, w: &[char]) -> bool {
        self.surface_is_listed_stopword(w) || (has_run_of_three(w) && self.stretched_stopword(&surface_to_word(w)))
    }

    /// Whether the word of a surface `w` is one of the stopwords as listed.
    fn surface_is_listed_stopword(&self, w: &[char]) -> bool {
        let mut buf = [0u8; 64];
        if self.stopword_bytes > buf.len() {
            return self.stopwords.contains(&surface_to_word(w));
        }
        let mut n = 0;
        for &c in w.iter().filter(|&&c| !dropped(c)) {
            if n + c.len_utf8() > self.stopword_bytes {
                return false;
            }
            n += c.encode_utf8(&mut buf[n..]).len();
        }
        std::str::from_utf8(&buf[..n]).is_ok_and(|word| self.stopwords.contains(word))
    }

    /// The index term of one normalized word: its term, marked when it is a stopword.
    pub(crate) fn push_index_word(&self, word: &str, out: &mut String) {
        if self.is_stopword(word) {
            out.push_str(tables::STOP_MARK);
        }
        let chars: Vec<char> = word.chars().collect();
        self.with_term(&chars, |t| out.push_str(t));
    }

    /// `Analyzer._spaced_suffix`: `(host, suffix)` when `w` ends in a suffix of
    /// `SPACED_SUFFIX_HOSTS` written after a space, after a word ending in one of its letters
    /// (`خانه ای`: the indefinite, or `خانه` + the vocative `ای`, kind 3 of issue #14); else `None`.
    fn spaced_suffix<'w>(&self, w: &'w [char]) -> Option<(&'w [char], &'static str)> {
        for &(suffix, hosts) in tables::SPACED_SUFFIX_HOSTS {
            let n = suffix.chars().count();
            if w.len() <= n + 1 || w[w.len() - n - 1] != ' ' || !w[w.len() - n..].iter().copied().eq(suffix.chars()) {
                continue;
            }
            let mut host = &w[..w.len() - n];
            while let Some((&last, rest)) = host.split_last() {
                if !is_sep(last) {
                    break;
                }
                host = rest;
            }
            if host.last().is_some_and(|&c| hosts.contains(c)) {
                return Some((host, suffix));
            }
        }
        None
    }

    /// `Analyzer.free_reading`: the index term of the second reading of a surface with a spaced
    /// suffix ([`Analyzer::spaced_suffix`]): the suffix as a word of its own (`␀ای`), stacked at
    /// the token's position in the index text after `STACK_MARK`; else `None`.
    pub fn free_reading(&self, w: &[char]) -> Option<String> {
        let (_, suffix) = self.spaced_suffix(w)?;
        let mut out = String::new();
        self.push_index_word(suffix, &mut out);
        Some(out)
    }
}

/// Whether the word of a surface `w` (its letters but the ones [`surface_to_word`] drops) holds a
/// letter three times in a row (the test before [`crate::spoken::squeezed`], without allocating).
fn has_run_of_three(w: &[char]) -> bool {
    let (mut last, mut run) = ('\0', 0);
    for &c in w.iter().filter(|&&c| !dropped(c)) {
        run = if c == last { run + 1 } else { 1 };
        if run >= 3 {
            return true;
        }
        last = c;
    }
    false
}
