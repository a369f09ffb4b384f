//! [`IndexDoc`]: the document type the [`Writer`](crate::Writer) hands tantivy, so a term field's
//! tokens reach the indexer as they are.
//!
//! tantivy's own `TantivyDocument` keeps a pre-tokenized value serialized as JSON: every token was
//! written to JSON when the document was built and parsed again by the indexing thread (13.5% of
//! the CPU time of `kavosh index` on 32.6 MB of news, perf, issue #15).  tantivy indexes any type
//! implementing its `Document` trait in place, so this one holds the values as they are; the
//! indexer takes the same values in the same order, and the stored fields are serialized by the
//! same code, so the files written are the same.

use std::iter::Empty;

use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};
use tantivy::tokenizer::PreTokenizedString;

/// One value of an [`IndexDoc`] field.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexValue {
    /// Text, indexed by the field's tokenizer (`raw` for Kavosh's text fields).
    Str(String),
    /// Tokens already analysed (a term field).
    Tokens(PreTokenizedString),
    /// Bytes (stored only).
    Bytes(Vec<u8>),
    /// An unsigned integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
    /// A float.
    F64(f64),
}

impl<'a> Value<'a> for &'a IndexValue {
    type ArrayIter = Empty<Self>;
    type ObjectIter = Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match self {
            IndexValue::Str(s) => ReferenceValueLeaf::Str(s),
            // tantivy's leaf owns its tokens: the indexer reads this once per term field
            IndexValue::Tokens(t) => ReferenceValueLeaf::PreTokStr(Box::new(t.clone())),
            IndexValue::Bytes(b) => ReferenceValueLeaf::Bytes(b),
            IndexValue::U64(x) => ReferenceValueLeaf::U64(*x),
            IndexValue::I64(x) => ReferenceValueLeaf::I64(*x),
            IndexValue::F64(x) => ReferenceValueLeaf::F64(*x),
        })
    }
}

/// A document as a list of `(field, value)` in the order they were added (the order
/// `TantivyDocument` keeps, and in which they are stored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexDoc {
    values: Vec<(Field, IndexValue)>,
}

type Pairs<'a> =
    std::iter::Map<std::slice::Iter<'a, (Field, IndexValue)>, fn(&'a (Field, IndexValue)) -> (Field, &'a IndexValue)>;

fn pair(fv: &(Field, IndexValue)) -> (Field, &IndexValue) {
    (fv.0, &fv.1)
}

impl IndexDoc {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `value` to `field`.
    pub fn add(&mut self, field: Field, value: IndexValue) {
        self.values.push((field, value));
    }

    /// The values, in the order added.
    pub fn values(&self) -> &[(Field, IndexValue)] {
        &self.values
    }
}

impl Document for IndexDoc {
    type Value<'a> = &'a IndexValue;
    type FieldsValuesIter<'a> = Pairs<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.values.iter().map(pair as fn(&(Field, IndexValue)) -> (Field, &IndexValue))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;
    use crate::{index_terms_analyzer, terms_analyzer, Terms, TERMS_TOKENIZER};

    fn schema() -> Schema {
        let mut b = Schema::builder();
        b.add_text_field("id", STRING | STORED);
        let terms = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        b.add_text_field("body", terms);
        b.add_bytes_field("stored", STORED);
        b.add_u64_field("key", FAST | INDEXED);
        b.add_i64_field("days", FAST | INDEXED);
        b.add_f64_field("score", FAST);
        b.build()
    }

    fn docs(schema: &Schema) -> Vec<IndexDoc> {
        let f = |n| schema.get_field(n).unwrap();
        (0..300u64)
            .map(|i| {
                let mut d = IndexDoc::new();
                d.add(f("id"), IndexValue::Str(format!("doc-{i}")));
                let text = format!("ک{} خانه{} a b{} {}", i % 7, i % 3, i, "متن ".repeat((i % 11) as usize));
                d.add(f("body"), IndexValue::Tokens(Terms::from_joined(&text).into_pre_tokenized()));
                d.add(f("body"), IndexValue::Tokens(Terms::from_joined("دوم").into_pre_tokenized()));
                d.add(f("stored"), IndexValue::Bytes(format!("{{\"title\": \"عنوان {i}\"}}").into_bytes()));
                d.add(f("key"), IndexValue::U64(i * 31));
                if i % 4 != 0 {
                    d.add(f("days"), IndexValue::I64(i as i64 - 100));
                }
                d.add(f("score"), IndexValue::F64(i as f64 / 3.0));
                d
            })
            .collect()
    }

    fn tantivy_doc(d: &IndexDoc) -> TantivyDocument {
        let mut t = TantivyDocument::new();
        for (field, v) in d.values() {
            match v {
                IndexValue::Str(s) => t.add_text(*field, s),
                IndexValue::Tokens(p) => t.add_pre_tokenized_text(*field, p.clone()),
                IndexValue::Bytes(b) => t.add_bytes(*field, b),
                IndexValue::U64(x) => t.add_u64(*field, *x),
                IndexValue::I64(x) => t.add_i64(*field, *x),
                IndexValue::F64(x) => t.add_f64(*field, *x),
            }
        }
        t
    }

    /// Each segment file's bytes by extension (the segment ids in the names differ).
    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_stem().is_some_and(|s| s.len() == 32))
            .map(|p| (p.extension().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect()
    }

    fn build<D: Document>(dir: &Path, docs: Vec<D>) {
        build_with(dir, docs, terms_analyzer());
    }

    fn build_with<D: Document>(dir: &Path, docs: Vec<D>, analyzer: tantivy::tokenizer::TextAnalyzer) {
        let index = Index::create_in_dir(dir, schema()).unwrap();
        index.tokenizers().register(TERMS_TOKENIZER, analyzer);
        let mut w: IndexWriter<D> = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for d in docs {
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        w.wait_merging_threads().unwrap();
    }

    #[test]
    fn the_files_written_are_those_of_tantivys_own_document() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let ours = docs(&schema());
        let theirs: Vec<TantivyDocument> = ours.iter().map(tantivy_doc).collect();
        build(a.path(), ours);
        build(b.path(), theirs);
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert!(fa.len() >= 5, "{:?}", fa.keys().collect::<Vec<_>>());
        assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
        for (ext, bytes) in &fa {
            assert!(bytes == &fb[ext], "the .{ext} files differ");
        }
    }

    #[test]
    fn joined_terms_through_the_writers_tokenizer_write_the_pre_tokenized_files() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let stacked: Vec<IndexDoc> = docs(&schema())
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let mut out = IndexDoc::new();
                for (field, v) in d.values() {
                    match v {
                        IndexValue::Tokens(_) => {
                            let joined = format!("خانه{}␀ای {i} a\u{2401}b ␀ {}", '\u{2401}', "ک".repeat(i % 140));
                            out.add(*field, IndexValue::Str(joined));
                        }
                        v => out.add(*field, v.clone()),
                    }
                }
                out
            })
            .collect();
        let tokens: Vec<IndexDoc> = stacked
            .iter()
            .map(|d| {
                let mut out = IndexDoc::new();
                for (field, v) in d.values() {
                    match v {
                        IndexValue::Str(s) if s.contains('␀') => {
                            out.add(*field, IndexValue::Tokens(Terms::from_joined(s).into_pre_tokenized()))
                        }
                        v => out.add(*field, v.clone()),
                    }
                }
                out
            })
            .collect();
        build_with(a.path(), stacked, index_terms_analyzer());
        build(b.path(), tokens);
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert!(fa.len() >= 5);
        assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
        for (ext, bytes) in &fa {
            assert!(bytes == &fb[ext], "the .{ext} files differ");
        }
    }
}
