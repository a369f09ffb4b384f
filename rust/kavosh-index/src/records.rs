//! JSON Lines records read in Rust: the lines whose record is *clean* — what
//! `kavosh.ingest.jsonl.record_to_document` would turn into a document with nothing to say about it —
//! parsed and mapped here, every other line handed back untouched for the Python reader (the
//! specification), so that each message about a line (file, line, field) is the one Python gives.
//!
//! A line is clean when: it is valid UTF-8 without a byte-order mark, at most `max_bytes` long, and
//! one JSON object (serde_json) whose id (the first of `id`, `_id`, `docid`, `doc_id` that is
//! neither null nor `""`) is a string without control characters or an integer; whose `title`,
//! `url` and text keys (`text`, `body`, `contents`, `content`) are absent, null or strings;
//! whose `date` is absent, null or `""`; which has no other key (metadata fields go the Python way,
//! for field inference and coercion); whose title, text and url hold none of the control
//! characters `kavosh.ingest.document` strips; whose title or text holds a character other
//! than white space; whose title and text together are at most `max_bytes` UTF-8 bytes; and whose
//! text is at most `max_text_chars` characters (a longer one gets token checkpoints in its stored
//! JSON, `kavosh.index.checkpoints`, which the Python path writes).
//! The text is the first text key whose value is neither null nor `""`, as in Python.
#![forbid(unsafe_code)]

use serde_json::Value;

/// The keys of a record's id, in the order `kavosh.ingest.jsonl.ID_KEYS` tries them.
pub const ID_KEYS: [&str; 4] = ["id", "_id", "docid", "doc_id"];
/// The keys of a record's text, in the order `kavosh.ingest.jsonl.TEXT_KEYS` tries them.
pub const TEXT_KEYS: [&str; 4] = ["text", "body", "contents", "content"];

/// One clean record of a JSON Lines file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// Its 1-based line number in the file.
    pub line: u64,
    /// The id (an integer written as its decimal digits).
    pub id: String,
    /// The title (`""` when none).
    pub title: String,
    /// The text (`""` when none).
    pub text: String,
    /// The url (`""` when none).
    pub url: String,
}

impl Record {
    /// The title's and text's length in UTF-8 bytes (`kavosh.index.update.doc_bytes`).
    pub fn doc_bytes(&self) -> usize {
        self.title.len() + self.text.len()
    }

    /// The stored JSON of this record's document as `kavosh.index.writer.prepared_from` writes it with
    /// `json.dumps(..., ensure_ascii=False)`: `{"title": …, "url": …, "date": "", "fields": {},
    /// "source": "PATH:LINE"}`.
    pub fn stored_json(&self, path: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.title.len() + self.url.len() + path.len() + 64);
        out.extend_from_slice(b"{\"title\": ");
        push_json_str(&mut out, &self.title);
        out.extend_from_slice(b", \"url\": ");
        push_json_str(&mut out, &self.url);
        out.extend_from_slice(b", \"date\": \"\", \"fields\": {}, \"source\": ");
        push_json_str(&mut out, &format!("{path}:{}", self.line));
        out.push(b'}');
        out
    }
}

/// A piece of a chunk of lines, in order: a clean record, or a line for the Python reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A clean record.
    Clean(Record),
    /// A line that is not blank and not clean: its line number and bytes (without the newline).
    Other(u64, &'a [u8]),
}

/// `s` as a JSON string the way Python's `json.dumps(s, ensure_ascii=False)` writes it: `"` and
/// `\` escaped, `\n \r \t \b \f` as such, other characters below U+0020 as `\u00xx`, the rest as is.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(esc);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether `s` holds a control character `kavosh.ingest.document` strips from text (and refuses
/// in an id): C0 other than tab, newline, form feed and carriage return, and DEL.  All are ASCII,
/// and no byte of a longer UTF-8 character is below 0x80, so the bytes tell (without decoding the
/// characters; `tests` checks every character against the char-wise rule).
/// Tested 64 bytes at a time without an exit inside a block, so that the compiler vectorises it.
fn has_stripped_control(s: &str) -> bool {
    let stripped = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c | b'\r')) | (b == 0x7f);
    s.as_bytes().chunks(64).any(|block| block.iter().fold(false, |seen, &b| seen | stripped(b)))
}

/// Bytes Python's `bytes.strip()` removes: a line of only these is blank (skipped, no message).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Whether `s` holds a character that both Python's `str.strip()` and Rust keep (not white space in
/// either's sense; the separators U+001C–U+001F are white space to Python).
fn has_content(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && !('\u{1c}'..='\u{1f}').contains(&c))
}

/// A string value of an optional key: `Some("")` when absent or null, `None` when not a string.
fn text_of<'v>(obj: &'v serde_json::Map<String, Value>, key: &str) -> Option<&'v str> {
    match obj.get(key) {
        None | Some(Value::Null) => Some(""),
        Some(Value::String(s)) => Some(s),
        Some(_) => None,
    }
}

/// The record of one line if it is clean (see the module's documentation), else `None`.
pub fn clean_record(raw: &[u8], line: u64, max_bytes: usize, max_text_chars: usize) -> Option<Record> {
    if raw.len() > max_bytes || raw.starts_with(b"\xef\xbb\xbf") {
        return None;
    }
    let text = simdutf8::basic::from_utf8(raw).ok()?; // std's check, with SIMD where the CPU has it
    let Value::Object(mut obj) = serde_json::from_str::<Value>(text).ok()? else {
        return None;
    };
    for key in obj.keys() {
        let known = ID_KEYS.contains(&key.as_str())
            || TEXT_KEYS.contains(&key.as_str())
            || matches!(key.as_str(), "title" | "url" | "date");
        if !known {
            return None;
        }
    }
    let id = match ID_KEYS.iter().find_map(|k| obj.get(*k).filter(|v| !v.is_null() && v.as_str() != Some(""))) {
        Some(Value::String(s)) if !has_stripped_control(s) => s.clone(),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        _ => return None,
    };
    if !matches!(obj.get("date"), None | Some(Value::Null)) && obj.get("date").and_then(Value::as_str) != Some("") {
        return None;
    }
    let title = text_of(&obj, "title")?;
    let url = text_of(&obj, "url")?;
    let mut body = "";
    let mut body_key = None;
    for key in TEXT_KEYS {
        let v = text_of(&obj, key)?;
        if body.is_empty() && !v.is_empty() {
            (body, body_key) = (v, Some(key));
        }
    }
    if [title, body, url].iter().any(|s| has_stripped_control(s))
        || !(has_content(title) || has_content(body))
        || title.len() + body.len() > max_bytes
        || body.len() > max_text_chars && body.chars().count() > max_text_chars
    {
        return None;
    }
    // the strings move out of the parsed object (no copy of the text)
    let mut take = |key: Option<&str>| match key.and_then(|k| obj.remove(k)) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    Some(Record { line, id, title: take(Some("title")), text: take(body_key), url: take(Some("url")) })
}

/// The pieces of `data`, lines separated by `\n`, the first of them line `first_line`: each clean
/// record, and each other line that is not blank (Python's `bytes.strip()` leaves something).  A
/// final piece after the last newline counts as a line too (the caller gives a chunk of whole
/// lines, or the file's last bytes).
pub fn read_lines(data: &[u8], first_line: u64, max_bytes: usize, max_text_chars: usize) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    if body.is_empty() && data.len() <= 1 {
        return out;
    }
    for (i, raw) in body.split(|&b| b == b'\n').enumerate() {
        if raw.iter().all(|&b| is_ascii_space(b)) {
            continue;
        }
        let line = first_line + i as u64;
        out.push(match clean_record(raw, line, max_bytes, max_text_chars) {
            Some(r) => Piece::Clean(r),
            None => Piece::Other(line, raw),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_finds_exactly_the_stripped_controls() {
        let stripped = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}');
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("a{c}ب");
            assert_eq!(has_stripped_control(&s), stripped(c), "{c:?}");
        }
    }

    #[test]
    fn the_first_non_empty_text_key_is_the_text() {
        let r = clean(r#"{"id": "a", "text": "", "body": null, "contents": "سه", "content": "چهار"}"#).unwrap();
        assert_eq!((r.title.as_str(), r.text.as_str(), r.url.as_str()), ("", "سه", ""));
        let r = clean(r#"{"id": "a", "title": "ت", "url": "u", "content": "چهار"}"#).unwrap();
        assert_eq!((r.title.as_str(), r.text.as_str(), r.url.as_str()), ("ت", "چهار", "u"));
    }

    fn clean(line: &str) -> Option<Record> {
        clean_record(line.as_bytes(), 7, 1000, usize::MAX)
    }

    #[test]
    fn a_plain_record_is_clean_and_mapped_as_python_maps_it() {
        let r = clean(r#"{"id": "a1", "title": "عنوان", "text": "متن", "url": "http://x"}"#).unwrap();
        assert_eq!(
            (r.id.as_str(), r.title.as_str(), r.text.as_str(), r.url.as_str()),
            ("a1", "عنوان", "متن", "http://x")
        );
        // the first text key that is neither null nor "", an integer id, the first id key set
        let r = clean(r#"{"_id": null, "docid": 42, "text": "", "body": "b", "contents": "c"}"#).unwrap();
        assert_eq!((r.id.as_str(), r.text.as_str(), r.title.as_str()), ("42", "b", ""));
        let r = clean(r#"{"id": "", "_id": "z", "title": "t", "date": null}"#).unwrap();
        assert_eq!((r.id.as_str(), r.text.as_str()), ("z", ""));
    }

    #[test]
    fn anything_python_would_speak_about_or_map_otherwise_is_not_clean() {
        for line in [
            r#"{"id": "a", "text": "x", "lang": "fa"}"#,         // a metadata field
            r#"{"id": "a", "text": "x", "date": "1403-01-01"}"#, // a date to parse
            r#"{"id": "a", "title": 5, "text": "x"}"#,           // a number as the title
            r#"{"id": "a", "text": ["x", "y"]}"#,                // a list as the text
            r#"{"id": "a", "body": {"a": 1}, "text": "x"}"#,     // an object in a text key
            r#"{"id": 1.5, "text": "x"}"#,                       // an id that is not a string or an integer
            r#"{"id": true, "text": "x"}"#,
            r#"{"text": "x"}"#,                            // no id
            r#"{"id": "a\u0000", "text": "x"}"#,           // a control character in the id
            r#"{"id": "a", "text": "x\u0001y"}"#,          // one to strip from the text
            r#"{"id": "a", "text": "  \n", "title": ""}"#, // no text
            r#"{"id": "a", "text": "x"} trailing"#,        // malformed JSON
            r#"["id", "a"]"#,                              // not an object
            r#"{"id": "a", "text": NaN}"#,                 // Python reads NaN, serde does not
            r#"{"id": "a", "text": "\ud800"}"#,            // a lone surrogate
        ] {
            assert_eq!(clean(line), None, "{line}");
        }
        assert_eq!(clean_record(b"\xef\xbb\xbf{\"id\": \"a\", \"text\": \"x\"}", 1, 100, usize::MAX), None); // a BOM
        assert_eq!(clean_record(b"{\"id\": \"a\", \"text\": \"\xff\"}", 1, 100, usize::MAX), None); // not UTF-8
        assert_eq!(clean_record(br#"{"id": "a", "text": "0123456789"}"#, 1, 20, usize::MAX), None); // the line's size
        assert_eq!(clean_record(br#"{"id":"a","title":"0123","text":"0123456789"}"#, 1, 44, usize::MAX), None); // the document's
        assert!(clean_record(br#"{"id":"a","title":"0123","text":"012345678"}"#, 1, 44, usize::MAX).is_some());
        assert!(clean_record(r#"{"id":"a","text":"متنی"}"#.as_bytes(), 1, 99, 4).is_some()); // 4 characters, 8 bytes
        assert_eq!(clean_record(r#"{"id":"a","text":"متنی"}"#.as_bytes(), 1, 99, 3), None);
        // a long text
    }

    #[test]
    fn lines_are_numbered_and_blank_ones_skipped() {
        let data = b"{\"id\": \"a\", \"text\": \"x\"}\n\n  \r\n{bad\n{\"id\": \"b\", \"text\": \"y\"}\n";
        let pieces = read_lines(data, 10, 1000, usize::MAX);
        assert_eq!(pieces.len(), 3);
        assert!(matches!(&pieces[0], Piece::Clean(r) if r.line == 10 && r.id == "a"));
        assert_eq!(pieces[1], Piece::Other(13, b"{bad"));
        assert!(matches!(&pieces[2], Piece::Clean(r) if r.line == 14 && r.id == "b"));
        assert!(read_lines(b"", 1, 10, usize::MAX).is_empty());
        assert!(read_lines(b"\n", 1, 10, usize::MAX).is_empty());
        assert_eq!(read_lines(b"x", 5, 10, usize::MAX), vec![Piece::Other(5, b"x")]);
    }

    #[test]
    fn stored_json_is_what_python_json_dumps_writes() {
        let r = Record {
            line: 3,
            id: "a".into(),
            title: "ع \"q\" \\ \t\n\r\u{8}\u{c}\u{1f}\u{7f}\u{2028}".into(),
            text: String::new(),
            url: "u".into(),
        };
        // json.dumps({"title": t, "url": "u", "date": "", "fields": {}, "source": "p.jsonl:3"}, ensure_ascii=False)
        let want = "{\"title\": \"ع \\\"q\\\" \\\\ \\t\\n\\r\\b\\f\\u001f\u{7f}\u{2028}\", \"url\": \"u\", \
                    \"date\": \"\", \"fields\": {}, \"source\": \"p.jsonl:3\"}";
        assert_eq!(String::from_utf8(r.stored_json("p.jsonl")).unwrap(), want);
    }
}
