//! [`Writer`]: tantivy's `IndexWriter` over an index folder that `kavosh.index.store` created,
//! adding Kavosh documents ([`NewDoc`]) field by field as `kavosh.index.writer.build` does.

use std::path::{Path, PathBuf};

use tantivy::directory::error::LockError;
use tantivy::indexer::LogMergePolicy;
use tantivy::schema::{Field, Schema};
use tantivy::{Index, IndexWriter, Opstamp, TantivyError, Term};

use crate::doc::{IndexDoc, IndexValue};
use crate::terms::{index_terms_analyzer, Terms, TERMS_TOKENIZER};

/// The u64 fast fields of the id's sort key, most significant first (`kavosh.index.id_key.ID_KEYS`).
pub const ID_KEY_FIELDS: [&str; 4] = ["id_key_0", "id_key_1", "id_key_2", "id_key_3"];

/// Why writing failed; each names the index folder, document or field concerned.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Another writer (in this or another process) holds the index's lock.
    #[error("LockBusy: another process is writing to the index at {}", path.display())]
    LockBusy {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder holds no readable tantivy index, or tantivy refused to open a writer on it.
    #[error("cannot open the index at {}: {source}", path.display())]
    Open {
        /// The index folder.
        path: PathBuf,
        /// tantivy's error.
        source: TantivyError,
    },
    /// The index's schema has no field of this name (not a Kavosh index, or an older schema).
    #[error("the index has no field {field:?} (not a Kavosh index of this version; reindex)")]
    NoField {
        /// The field's name.
        field: String,
    },
    /// A declared field's value is not of the field's kind.
    #[error("document {doc_id:?}: field {field:?} takes {expected} values, got {got}")]
    Value {
        /// The document's id.
        doc_id: String,
        /// The tantivy field's name.
        field: String,
        /// The kind of value the field takes.
        expected: &'static str,
        /// What was given.
        got: String,
    },
    /// tantivy refused the document (its indexing threads stopped).
    #[error("document {doc_id:?} could not be added to the index: {source}")]
    Add {
        /// The document's id.
        doc_id: String,
        /// tantivy's error.
        source: TantivyError,
    },
    /// A commit, rollback or the final merge failed.
    #[error("the index could not {action}: {source}")]
    Index {
        /// What was being done (`commit`, `roll back`, `finish merging`).
        action: &'static str,
        /// tantivy's error.
        source: TantivyError,
    },
}

/// A value of a declared field (`kavosh.index.fields`), as its tantivy field takes it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypedValue {
    /// A `keyword` field's value (indexed whole by the `raw` tokenizer).
    Str(String),
    /// A `text` field's terms joined by spaces, as [`Terms`] reads them (the registered term
    /// analyzer's tokens; two readings stacked at one position).
    Terms(String),
    /// A `number` field's value.
    F64(f64),
    /// A `date` field's value (days since 1970-01-01).
    I64(i64),
    /// A `bool` field's value (0 or 1).
    U64(u64),
}

/// The fields of a Kavosh schema that every document uses (`kavosh.index.schema`), looked up once.
#[derive(Debug, Clone)]
pub struct Fields {
    id: Field,
    title_terms: Field,
    body_terms: Field,
    stored: Field,
    stored_text: Field,
    date_days: Field,
    source_key: Field,
    source_hash: Field,
    dup_group: Field,
    dup_joined: Field,
    id_key: [Field; 4],
}

fn field(schema: &Schema, name: &str) -> Result<Field, WriteError> {
    schema.get_field(name).map_err(|_| WriteError::NoField { field: name.to_owned() })
}

impl Fields {
    /// Look the fields up in `schema`.
    ///
    /// # Errors
    /// [`WriteError::NoField`] naming the first one missing.
    pub fn of(schema: &Schema) -> Result<Self, WriteError> {
        let f = |name| field(schema, name);
        Ok(Fields {
            id: f("id")?,
            title_terms: f("title_terms")?,
            body_terms: f("body_terms")?,
            stored: f("stored")?,
            stored_text: f("stored_text")?,
            date_days: f("date_days")?,
            source_key: f("source_key")?,
            source_hash: f("source_hash")?,
            dup_group: f("dup_group")?,
            dup_joined: f("dup_joined")?,
            id_key: [f(ID_KEY_FIELDS[0])?, f(ID_KEY_FIELDS[1])?, f(ID_KEY_FIELDS[2])?, f(ID_KEY_FIELDS[3])?],
        })
    }
}

/// One document to add: what `kavosh.index.writer.build` and `dedup.add_fields` put in a tantivy
/// document, with the term fields as [`Terms`] or as joined terms.
#[derive(Debug, Clone, Default)]
pub struct NewDoc {
    /// The document's id.
    pub id: String,
    /// The id's sort key (`kavosh.index.id_key.id_key`).
    pub id_key: [u64; 4],
    /// The title's terms.
    pub title: Terms,
    /// The title's terms, the title gap and the text's terms.
    pub body: Terms,
    /// The stored JSON (without the text), UTF-8.
    pub stored: Vec<u8>,
    /// The text, UTF-8.
    pub stored_text: Vec<u8>,
    /// The date as days since 1970-01-01.
    pub days: Option<i64>,
    /// The source file's key and content hash (none for a document not read from a file).
    pub source: Option<(String, String)>,
    /// Declared fields' values, by field, in order.
    pub typed: Vec<(Field, TypedValue)>,
    /// The near-duplicate group id.
    pub group: u64,
    /// Whether the document joined an existing group.
    pub joined: bool,
}

/// Why [`Writer::commit_after`] did not commit.
#[derive(Debug)]
pub enum CommitAfter<E> {
    /// What was to run before the commit failed; nothing was committed.
    Before(E),
    /// tantivy failed after it succeeded.
    Index(WriteError),
}

/// The single writer of a Kavosh index folder: tantivy's `IndexWriter` with the term analyzer
/// registered.  Holds the index's lock until dropped or [`Writer::wait_merging_threads`].
pub struct Writer {
    path: PathBuf,
    schema: Schema,
    fields: Fields,
    writer: IndexWriter<IndexDoc>,
}

impl Writer {
    /// Open a writer on the index in `path` (its schema read from its `meta.json`).
    ///
    /// # Arguments
    /// * `heap_bytes` - tantivy's indexing memory budget, in bytes, shared by its threads.
    /// * `threads` - tantivy's indexing threads; 0 lets tantivy choose (as tantivy-py's `writer`).
    /// * `max_docs_before_merge` - segments of more documents are never merged again (tantivy's
    ///   `LogMergePolicy`, otherwise its defaults: a merge takes 8 segments of a similar size), so a
    ///   merge reads at most about 8 times this many documents' files; 0 keeps tantivy's default
    ///   policy (10 million, as tantivy-py's writer).
    ///
    /// # Errors
    /// [`WriteError::LockBusy`] when another writer holds the lock, [`WriteError::Open`] when
    /// the folder holds no index or tantivy refuses the budget, [`WriteError::NoField`] when the
    /// schema is not a Kavosh schema.
    pub fn open(
        path: &Path,
        heap_bytes: usize,
        threads: usize,
        max_docs_before_merge: usize,
    ) -> Result<Self, WriteError> {
        let open_err = |source| WriteError::Open { path: path.to_owned(), source };
        let index = Index::open_in_dir(path).map_err(open_err)?;
        index.tokenizers().register(TERMS_TOKENIZER, index_terms_analyzer());
        let schema = index.schema();
        let fields = Fields::of(&schema)?;
        let writer = match threads {
            0 => index.writer(heap_bytes),
            n => index.writer_with_num_threads(n, heap_bytes),
        }
        .map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => WriteError::LockBusy { path: path.to_owned() },
            e => open_err(e),
        })?;
        if max_docs_before_merge > 0 {
            let mut policy = LogMergePolicy::default();
            policy.set_max_docs_before_merge(max_docs_before_merge);
            writer.set_merge_policy(Box::new(policy));
        }
        Ok(Writer { path: path.to_owned(), schema, fields, writer })
    }

    /// The index folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The index's field named `name`.
    ///
    /// # Errors
    /// [`WriteError::NoField`].
    pub fn field(&self, name: &str) -> Result<Field, WriteError> {
        field(&self.schema, name)
    }

    /// The tantivy document of `doc`, its values in the order `kavosh.index.writer.build` adds them.
    pub fn document(&self, doc: NewDoc) -> IndexDoc {
        let f = &self.fields;
        let mut d = IndexDoc::new();
        d.add(f.id, IndexValue::Str(doc.id));
        d.add(f.title_terms, IndexValue::Str(doc.title.into_joined()));
        d.add(f.body_terms, IndexValue::Str(doc.body.into_joined()));
        d.add(f.stored, IndexValue::Bytes(doc.stored));
        d.add(f.stored_text, IndexValue::Bytes(doc.stored_text));
        for (field, part) in f.id_key.iter().zip(doc.id_key) {
            d.add(*field, IndexValue::U64(part));
        }
        if let Some(days) = doc.days {
            d.add(f.date_days, IndexValue::I64(days));
        }
        if let Some((key, hash)) = doc.source {
            d.add(f.source_key, IndexValue::Str(key));
            d.add(f.source_hash, IndexValue::Str(hash));
        }
        for (field, v) in doc.typed {
            d.add(
                field,
                match v {
                    TypedValue::Str(s) => IndexValue::Str(s),
                    TypedValue::Terms(s) => IndexValue::Str(s),
                    TypedValue::F64(x) => IndexValue::F64(x),
                    TypedValue::I64(x) => IndexValue::I64(x),
                    TypedValue::U64(x) => IndexValue::U64(x),
                },
            );
        }
        d.add(f.dup_group, IndexValue::U64(doc.group));
        if doc.joined {
            d.add(f.dup_joined, IndexValue::U64(1));
        }
        d
    }

    /// Add `doc` (visible after [`Writer::commit`]); returns its opstamp.  Blocks while tantivy's
    /// indexing threads are behind (its queue is bounded).
    ///
    /// # Errors
    /// [`WriteError::Add`] naming the document when tantivy's indexing threads have stopped.
    pub fn add(&self, doc: NewDoc) -> Result<Opstamp, WriteError> {
        let doc_id = doc.id.clone();
        self.writer.add_document(self.document(doc)).map_err(|source| WriteError::Add { doc_id, source })
    }

    /// Delete every document whose text field `field` holds `value` whole (the `raw` fields: id,
    /// source key), including ones added before in this uncommitted batch; returns the opstamp.
    ///
    /// # Errors
    /// [`WriteError::NoField`].
    pub fn delete_term(&self, field: &str, value: &str) -> Result<Opstamp, WriteError> {
        let f = self.field(field)?;
        Ok(self.writer.delete_term(Term::from_field_text(f, value)))
    }

    /// Make every change durable and visible, atomically; returns the commit's opstamp.
    ///
    /// # Errors
    /// [`WriteError::Index`].
    pub fn commit(&mut self) -> Result<Opstamp, WriteError> {
        self.writer.commit().map_err(|source| WriteError::Index { action: "commit", source })
    }

    /// [`Writer::commit`], with `before` run on another thread while tantivy flushes the segments of
    /// the changes (its `prepare_commit`: the indexing threads finish their queue and write their
    /// segments); the commit itself (tantivy's `meta.json`) is made only once `before` has succeeded.
    /// So what must be durable before the index's commit (the band table's rows of the batch) is
    /// written while the segments are, and the order of the two commits is that of
    /// `before(); commit()`.
    ///
    /// # Errors
    /// [`CommitAfter::Before`] when `before` failed: nothing is committed, and the changes stay
    /// pending for the next commit (their segments are written already, as a failed `commit` may
    /// leave them); [`CommitAfter::Index`] when tantivy failed after `before` succeeded.
    pub fn commit_after<E: Send>(
        &mut self,
        before: impl FnOnce() -> Result<(), E> + Send,
    ) -> Result<Opstamp, CommitAfter<E>> {
        let index_err = |source| CommitAfter::Index(WriteError::Index { action: "commit", source });
        std::thread::scope(|s| {
            let side = s.spawn(before);
            let prepared = self.writer.prepare_commit();
            let before = side.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            before.map_err(CommitAfter::Before)?;
            prepared.map_err(index_err)?.commit().map_err(index_err)
        })
    }

    /// Drop every change since the last commit; returns the opstamp.
    ///
    /// # Errors
    /// [`WriteError::Index`].
    pub fn rollback(&mut self) -> Result<Opstamp, WriteError> {
        self.writer.rollback().map_err(|source| WriteError::Index { action: "roll back", source })
    }

    /// Merge every segment of the last commit into one (tantivy's `IndexWriter::merge`), then wait
    /// for the merge and release the lock, as [`Writer::wait_merging_threads`] (uncommitted changes
    /// are dropped).  Returns how many segments there were (0 or 1: nothing merged).  The merge
    /// policy is switched off first, so no other merge starts meanwhile: call it on a writer that made
    /// no commit (one opened for this), so that no merge of the policy is under way.  Documents
    /// keep their order (segment after segment) and their scores (BM25's statistics are the
    /// index's, whatever its segments); deleted documents are dropped.  Cost: the index's files read
    /// once and written once (mapped while read: their pages are resident, as for any merge).
    ///
    /// # Errors
    /// [`WriteError::Index`] when the segments cannot be listed or the merge fails.
    pub fn merge_all(self) -> Result<usize, WriteError> {
        let Writer { mut writer, .. } = self;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let ids = writer
            .index()
            .searchable_segment_ids()
            .map_err(|source| WriteError::Index { action: "list its segments", source })?;
        if ids.len() > 1 {
            writer.merge(&ids).wait().map_err(|source| WriteError::Index { action: "merge its segments", source })?;
        }
        writer.wait_merging_threads().map_err(|source| WriteError::Index { action: "finish merging", source })?;
        Ok(ids.len())
    }

    /// Wait for the merges under way, then release the lock (uncommitted changes are dropped).
    ///
    /// # Errors
    /// [`WriteError::Index`].
    pub fn wait_merging_threads(self) -> Result<(), WriteError> {
        self.writer.wait_merging_threads().map_err(|source| WriteError::Index { action: "finish merging", source })
    }
}
