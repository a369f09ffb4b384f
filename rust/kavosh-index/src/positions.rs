//! The positions of a query's terms in one document, read from the index's postings (snippet
//! placement: `kavosh.present`, which maps them to the stored text through the document's token
//! checkpoints instead of scanning the whole text).

use tantivy::postings::Postings;
use tantivy::schema::{FieldType, IndexRecordOption};
use tantivy::{DocId, DocSet, Term};

use crate::search::{SearchError, Snapshot};

impl Snapshot {
    /// For each of `terms`, its positions (ascending) in document `doc` of segment `segment` in the
    /// text field `field`; empty for a term the document does not hold (or the index lacks), and at
    /// most `limit` positions in all (the first of each term, in order of `terms`): a bounded cost
    /// per hit whatever the document's length.
    ///
    /// # Errors
    /// [`SearchError::NoField`] when `field` is not a text field of the index; [`SearchError::Tantivy`]
    /// when `segment` is not one of this commit's or reading the postings fails.
    pub fn positions(
        &self,
        field: &str,
        terms: &[String],
        segment: u32,
        doc: DocId,
        limit: usize,
    ) -> Result<Vec<Vec<u32>>, SearchError> {
        let searcher = self.searcher();
        let schema = searcher.schema();
        let no_field = || SearchError::NoField { field: field.to_owned() };
        let f = schema.get_field(field).map_err(|_| no_field())?;
        if !matches!(schema.get_field_entry(f).field_type(), FieldType::Str(_)) {
            return Err(no_field());
        }
        let reader = searcher.segment_readers().get(segment as usize).ok_or_else(|| {
            SearchError::Tantivy(tantivy::TantivyError::InvalidArgument(format!("no segment {segment} in this commit")))
        })?;
        let inverted = reader.inverted_index(f)?;
        let mut left = limit;
        let mut out = Vec::with_capacity(terms.len());
        for t in terms {
            let mut found = Vec::new();
            if left > 0 {
                let postings =
                    inverted.read_postings(&Term::from_field_text(f, t), IndexRecordOption::WithFreqsAndPositions);
                if let Some(mut p) = postings.map_err(tantivy::TantivyError::from)? {
                    if p.seek(doc) == doc {
                        p.positions(&mut found);
                        found.truncate(left);
                        left -= found.len();
                    }
                }
            }
            out.push(found);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::doc;
    use tantivy::schema::SchemaBuilder;

    use crate::search::TopSearcher;
    use crate::test_index::{new_index, positions_text};

    #[test]
    fn positions_of_terms_in_one_document() {
        let mut sb = SchemaBuilder::new();
        let body = sb.add_text_field("body_terms", positions_text());
        let (dir, _index, mut w) = new_index(sb.build());
        w.add_document(doc!(body => "a b c a")).unwrap();
        w.add_document(doc!(body => "c c x a b")).unwrap();
        w.commit().unwrap();
        let snap = TopSearcher::open(dir.path()).unwrap().snapshot();
        let terms: Vec<String> = ["a", "c", "zzz"].iter().map(|s| s.to_string()).collect();
        assert_eq!(snap.positions("body_terms", &terms, 0, 0, 100).unwrap(), vec![vec![0, 3], vec![2], vec![]]);
        assert_eq!(snap.positions("body_terms", &terms, 0, 1, 100).unwrap(), vec![vec![3], vec![0, 1], vec![]]);
        assert_eq!(snap.positions("body_terms", &terms, 0, 1, 2).unwrap(), vec![vec![3], vec![0], vec![]]);
        assert!(snap.positions("nope", &terms, 0, 0, 10).is_err());
        assert!(snap.positions("body_terms", &terms, 5, 0, 10).is_err());
    }
}
