//! A term field's tokens: what the registered term analyzer ([`terms_analyzer`]) makes of the
//! terms joined by spaces, made without joining them.

use kavosh_analysis::tables::{STACK_MARK, STOP_MARK};
use tantivy::tokenizer::{
    PreTokenizedString, RemoveLongFilter, StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
    WhitespaceTokenizer,
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

/// The tokens of one term field of one document: pieces of joined terms and gaps, kept as one
/// text that [`index_terms_analyzer`] (registered by the [`Writer`](crate::Writer)) splits on
/// tantivy's indexing thread, without a heap block per token.
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
    text: String,
    /// Whether a space goes before the next piece.
    open: bool,
}

impl Terms {
    /// No tokens.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tokens of `joined` (terms separated by ASCII whitespace).
    pub fn from_joined(joined: &str) -> Self {
        Self::from_string(joined.to_owned())
    }

    /// [`Terms::from_joined`] of a string it keeps (no copy).
    pub fn from_string(joined: String) -> Self {
        Terms { text: joined, open: true }
    }

    /// Append the terms of `joined` (separated by ASCII whitespace), as if after one more space.
    pub fn push_joined(&mut self, joined: &str) {
        if self.open {
            self.text.push(' ');
        }
        self.text.push_str(joined);
        self.open = true;
    }

    /// Append `n` empty positions (as `n` bare stop marks would take).
    pub fn push_gap(&mut self, n: usize) {
        for _ in 0..n {
            self.push_joined(STOP_MARK);
        }
    }

    /// The pieces joined: the text [`index_terms_analyzer`] tokenizes into these tokens.
    pub fn joined(&self) -> &str {
        &self.text
    }

    /// The joined pieces, for tantivy's document (a term field's value).
    pub fn into_joined(self) -> String {
        self.text
    }

    /// The tokens, in order (made on each call: for tests and checks, not the indexing path).
    pub fn tokens(&self) -> Vec<Token> {
        let mut out = Vec::new();
        let mut tok = TermsTokenizer::default();
        let mut s = tok.token_stream(&self.text);
        while s.advance() {
            out.push(s.token().clone());
        }
        out
    }

    /// Number of positions taken (kept and dropped tokens, and gaps).
    pub fn positions(&self) -> usize {
        self.text.split(|c: char| c.is_ascii_whitespace()).filter(|p| !p.is_empty()).count()
    }

    /// As tantivy's pre-tokenized text (its text left empty: term fields are not stored).
    pub fn into_pre_tokenized(self) -> PreTokenizedString {
        PreTokenizedString { text: String::new(), tokens: self.tokens() }
    }
}

/// The analyzer the [`Writer`](crate::Writer) registers under [`TERMS_TOKENIZER`]: on text
/// without [`STACK_MARK`] the tokens of [`terms_analyzer`] (the Python registration), and a
/// stacked piece's terms at the piece's one position, as [`Terms`] describes.  One token buffer
/// is reused for every token.
pub fn index_terms_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(TermsTokenizer::default())
}

/// The tokenizer of [`index_terms_analyzer`].
#[derive(Clone, Default)]
pub struct TermsTokenizer {
    token: Token,
}

/// The token stream of [`TermsTokenizer`] over one text.
pub struct TermsStream<'a> {
    text: &'a str,
    /// Where the next piece is looked for.
    at: usize,
    /// The current piece's span and what of it is left to split at [`STACK_MARK`].
    piece: (usize, usize),
    rest: Option<&'a str>,
    /// Positions taken so far (the next piece's position).
    pieces: usize,
    token: &'a mut Token,
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = TermsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermsStream<'a> {
        self.token.reset();
        TermsStream { text, at: 0, piece: (0, 0), rest: None, pieces: 0, token: &mut self.token }
    }
}

impl<'a> TermsStream<'a> {
    /// The next term of the current piece, split at [`STACK_MARK`]; `None` when it has none left.
    fn next_term(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.find(STACK_MARK) {
            Some(i) => {
                self.rest = Some(&rest[i + STACK_MARK.len_utf8()..]);
                Some(&rest[..i])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }

    /// Move to the next whitespace-separated piece; `false` at the end of the text.
    fn next_piece(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == bytes.len() {
            self.at = i;
            return false;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        // ASCII bytes never occur inside a multi-byte UTF-8 character: `start..i` is on char bounds
        self.at = i;
        self.piece = (start, i);
        self.rest = Some(&self.text[start..i]);
        self.pieces += 1;
        true
    }
}

impl TokenStream for TermsStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            while let Some(term) = self.next_term() {
                if term == STOP_MARK || term.len() >= MAX_TERM_BYTES {
                    continue;
                }
                let (from, to, position) = (self.piece.0, self.piece.1, self.pieces - 1);
                let t = &mut *self.token;
                t.text.clear();
                t.text.push_str(term);
                t.offset_from = from;
                t.offset_to = to;
                t.position = position;
                t.position_length = 1;
                return true;
            }
            if !self.next_piece() {
                return false;
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
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

    /// The tokens as the pre-tokenized `Terms` of before made them (one `Token` per term, pushed
    /// piece by piece): the reference for the tokenizer.
    fn reference(joined: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        let mut position = 0;
        for (i, c) in joined.char_indices().chain(std::iter::once((joined.len(), ' '))) {
            match (start, c.is_ascii_whitespace()) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    for term in joined[s..i].split(STACK_MARK) {
                        if term != STOP_MARK && term.len() < MAX_TERM_BYTES {
                            out.push(Token {
                                offset_from: s,
                                offset_to: i,
                                position,
                                text: term.to_owned(),
                                position_length: 1,
                            });
                        }
                    }
                    position += 1;
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn the_tokenizer_gives_the_pre_tokenized_tokens() {
        let long = "ب".repeat(130);
        let parts = [
            "کتاب",
            "a",
            "ب",
            " ",
            "  ",
            "\t",
            "\n",
            "\r",
            "\u{c}",
            "\u{a0}",
            STOP_MARK,
            "\u{2401}",
            "خانه\u{2401}␀ای",
            &long,
            "x\u{2401}",
            "\u{2401}\u{2401}",
            "é",
            "😀",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3000 {
            let mut text = String::new();
            let n = (state % 12) as usize;
            for _ in 0..n {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(parts[(state % parts.len() as u64) as usize]);
            }
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let t = Terms::from_joined(&text);
            assert_eq!(t.tokens(), reference(&text), "{text:?}");
            let pieces = text.split(|c: char| c.is_ascii_whitespace()).filter(|p| !p.is_empty()).count();
            assert_eq!(t.positions(), pieces);
        }
    }

    #[test]
    fn the_token_buffer_is_reused_across_texts() {
        let mut tok = TermsTokenizer::default();
        for text in ["a bb ccc", "", "dd\u{2401}e f", STOP_MARK] {
            let mut got = Vec::new();
            let mut s = tok.token_stream(text);
            while s.advance() {
                got.push(s.token().clone());
            }
            assert_eq!(got, reference(text), "{text:?}");
        }
    }

    #[test]
    fn offsets_point_into_the_joined_text() {
        let t = Terms::from_joined("ab  cd");
        let spans: Vec<_> = t.tokens().iter().map(|k| (k.offset_from, k.offset_to)).collect();
        assert_eq!(spans, [(0, 2), (4, 6)]);
        assert_eq!(t.positions(), 2);
    }
}
