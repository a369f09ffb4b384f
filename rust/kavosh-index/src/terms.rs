//! A term field's tokens: what the registered term analyzer ([`terms_analyzer`]) makes of the
//! terms joined by spaces, made without joining them.

use kavosh_analysis::tables::{STACK_MARK, STOP_MARK};
use tantivy::tokenizer::{
    PreTokenizedString, RemoveLongFilter, StopWordFilter, TextAnalyzer, Token, WhitespaceTokenizer,
};

/// Name under which the term analyzer is registered: the tokenizer of every term field in the
/// schema (`kavosh.index.schema.TERMS_TOKENIZER`).
pub const TERMS_TOKENIZER: &str = "kavosh_terms";

/// Terms of this many UTF-8 bytes or more are not indexed (tantivy's `RemoveLongFilter` with
/// this limit, as `kavosh.index.schema.terms_analyzer` registers it).
pub const MAX_TERM_BYTES: usize = 255;

/// The analyzer of term fields, the same as `kavosh.index.schema.terms_analyzer` builds in
/// Python: split at ASCII whitespace, drop the bare stop mark (an empty position) and terms of
/// [`MAX_TERM_BYTES`] bytes or more.  Dropped tokens keep their position, so they leave a gap.
pub fn terms_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WhitespaceTokenizer::default())
        .filter(StopWordFilter::remove([STOP_MARK.to_owned()]))
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .build()
}

/// The tokens of one term field of one document, built from pieces of joined terms and gaps.
///
/// Positions and kept tokens are exactly those of [`terms_analyzer`] over the pieces joined by
/// single spaces (`tests` checks it): every whitespace-separated piece takes a position; the bare
/// stop mark and over-long terms are not emitted.  One exception: a piece holding
/// [`STACK_MARK`] (`خانه\u{2401}␀ای`: two readings of a word, kind 3 of issue #14) gives each of
/// its terms, in order, the piece's one position (`kavosh.index.schema.add_terms` in Python).
/// Offsets are byte offsets into that joined text (tantivy does not store them for Kavosh's
/// fields); a stacked term has its piece's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    tokens: Vec<Token>,
    position: usize,
    offset: usize,
}

impl Terms {
    /// No tokens.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tokens of `joined` (terms separated by ASCII whitespace).
    pub fn from_joined(joined: &str) -> Self {
        let mut t = Self::new();
        t.push_joined(joined);
        t
    }

    /// Append the terms of `joined` (separated by ASCII whitespace), as if after one more space.
    pub fn push_joined(&mut self, joined: &str) {
        let base = self.offset;
        let mut start = None;
        for (i, c) in joined.char_indices().chain(std::iter::once((joined.len(), ' '))) {
            match (start, c.is_ascii_whitespace()) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    self.push(&joined[s..i], base + s, base + i);
                    start = None;
                }
                _ => {}
            }
        }
        self.offset = base + joined.len() + 1;
    }

    /// Append `n` empty positions (as `n` bare stop marks would take).
    pub fn push_gap(&mut self, n: usize) {
        self.position += n;
        self.offset += n * (STOP_MARK.len() + 1);
    }

    fn push(&mut self, piece: &str, from: usize, to: usize) {
        let position = self.position;
        self.position += 1;
        for term in piece.split(STACK_MARK) {
            if term == STOP_MARK || term.len() >= MAX_TERM_BYTES {
                continue;
            }
            self.tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: term.to_owned(),
                position_length: 1,
            });
        }
    }

    /// The tokens, in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Number of positions taken (kept and dropped tokens, and gaps).
    pub fn positions(&self) -> usize {
        self.position
    }

    /// As tantivy's pre-tokenized text (its text left empty: term fields are not stored).
    pub fn into_pre_tokenized(self) -> PreTokenizedString {
        PreTokenizedString { text: String::new(), tokens: self.tokens }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenStream;

    use super::*;

    fn analyzed(text: &str) -> Vec<(String, usize)> {
        let mut a = terms_analyzer();
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    fn ours(t: &Terms) -> Vec<(String, usize)> {
        t.tokens().iter().map(|k| (k.text.clone(), k.position)).collect()
    }

    #[test]
    fn same_tokens_and_positions_as_the_registered_analyzer() {
        let long = "ب".repeat(128); // 256 bytes: dropped
        let edge = format!("{}a", "ب".repeat(127)); // 255 bytes: dropped
        let kept = "ب".repeat(127); // 254 bytes: kept
        let cases = [
            String::new(),
            " ".into(),
            "کتاب".into(),
            "a  b\tc\nd".into(),
            format!("a {STOP_MARK} b {STOP_MARK}{STOP_MARK} c"),
            format!("{STOP_MARK}در {STOP_MARK} x"),
            format!("x {long} {edge} {kept} y"),
            " lead trail ".into(),
            "a\u{a0}b c\u{2009}d".into(), // no-break and thin spaces are not ASCII whitespace
        ];
        for c in &cases {
            assert_eq!(ours(&Terms::from_joined(c)), analyzed(c), "{c:?}");
        }
    }

    #[test]
    fn pieces_and_gaps_equal_the_joined_text() {
        let gap = [STOP_MARK; 50].join(" ");
        for (title, text) in [("عنوان خبر", "متن  خبر اینجا"), ("", "فقط متن"), ("فقط عنوان", ""), ("", "")]
        {
            let mut t = Terms::from_joined(title);
            t.push_gap(50);
            t.push_joined(text);
            let joined = format!("{title} {gap} {text}");
            assert_eq!(ours(&t), analyzed(&joined), "{title:?} {text:?}");
        }
    }

    #[test]
    fn stacked_terms_share_their_piece_position() {
        let t = Terms::from_joined(&format!("a خانه{STACK_MARK}{STOP_MARK}ای وطن {STOP_MARK}{STACK_MARK}x"));
        let expected: Vec<(String, usize)> = [("a", 0), ("خانه", 1), ("\u{2400}ای", 1), ("وطن", 2), ("x", 3)]
            .iter()
            .map(|&(s, p)| (s.to_owned(), p))
            .collect();
        assert_eq!(ours(&t), expected);
        assert_eq!(t.positions(), 4);
        // without the mark: the registered analyzer's tokens, as before
        assert_eq!(ours(&Terms::from_joined("a خانه وطن")), analyzed("a خانه وطن"));
    }

    #[test]
    fn offsets_point_into_the_joined_text() {
        let t = Terms::from_joined("ab  cd");
        let spans: Vec<_> = t.tokens().iter().map(|k| (k.offset_from, k.offset_to)).collect();
        assert_eq!(spans, [(0, 2), (4, 6)]);
        assert_eq!(t.positions(), 2);
    }
}
