//! A few hits' stored fields read through the core's reader of the commit (`kavosh.index.store.StoredReader`
//! for a search paired with the core: the page's titles, links and texts, and tied hits' ids).
//!
//! tantivy-py's `Searcher.doc` turns every stored field of a document into Python objects before
//! one is asked for; here only the fields named are handed out, each as its text or bytes.

use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, TantivyDocument};

use crate::search::{SearchError, Snapshot};

/// One stored value: a text field's text or a bytes field's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredValue {
    /// A text field's value.
    Text(String),
    /// A bytes field's value.
    Bytes(Vec<u8>),
}

impl Snapshot {
    /// The first stored value of each of `fields` in document `doc` of segment `segment` (a hit's
    /// address), `None` where the document stores none (or the value is neither text nor bytes).
    ///
    /// # Errors
    /// [`SearchError::NoField`] for a field the index lacks; [`SearchError::Tantivy`] when `segment` is
    /// not one of this commit's, `doc` not one of its documents, or reading the store fails.
    pub fn stored(&self, segment: u32, doc: DocId, fields: &[String]) -> Result<Vec<Option<StoredValue>>, SearchError> {
        let searcher = self.searcher();
        let reader = searcher.segment_readers().get(segment as usize).ok_or_else(|| {
            SearchError::Tantivy(tantivy::TantivyError::InvalidArgument(format!("no segment {segment} in this commit")))
        })?;
        if doc >= reader.max_doc() {
            return Err(SearchError::Tantivy(tantivy::TantivyError::InvalidArgument(format!(
                "no document {doc} in segment {segment}"
            ))));
        }
        let wanted = fields.iter().map(|f| self.field(f)).collect::<Result<Vec<_>, _>>()?;
        let d: TantivyDocument = searcher.doc(DocAddress::new(segment, doc))?;
        Ok(wanted
            .into_iter()
            .map(|f| {
                let v = d.get_first(f)?;
                v.as_str()
                    .map(|s| StoredValue::Text(s.to_owned()))
                    .or_else(|| v.as_bytes().map(|b| StoredValue::Bytes(b.to_vec())))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::doc;
    use tantivy::schema::{SchemaBuilder, STORED, STRING};

    use super::*;
    use crate::search::TopSearcher;
    use crate::test_index::new_index;

    #[test]
    fn stored_fields_of_one_document() {
        let mut sb = SchemaBuilder::new();
        let id = sb.add_text_field("id", STRING | STORED);
        let raw = sb.add_bytes_field("stored", STORED);
        let (dir, _index, mut w) = new_index(sb.build());
        w.add_document(doc!(id => "a", raw => b"{}".to_vec())).unwrap();
        w.add_document(doc!(id => "b")).unwrap();
        w.commit().unwrap();
        let snap = TopSearcher::open(dir.path()).unwrap().snapshot();
        let fields: Vec<String> = ["id", "stored"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            snap.stored(0, 0, &fields).unwrap(),
            vec![Some(StoredValue::Text("a".into())), Some(StoredValue::Bytes(b"{}".to_vec()))]
        );
        assert_eq!(snap.stored(0, 1, &fields).unwrap(), vec![Some(StoredValue::Text("b".into())), None]);
        assert!(snap.stored(0, 2, &fields).is_err());
        assert!(snap.stored(1, 0, &fields).is_err());
        assert!(snap.stored(0, 0, &["nope".to_string()]).is_err());
    }
}
