"""Add, replace and delete documents; commits are atomic (tantivy's meta swap).  A document is analysed into
the half the writer takes by :mod:`kavosh.index.prepare` (re-exported here)."""

from __future__ import annotations

import json
import os
import weakref

import tantivy

from ..analysis import Analyzer
from ..analysis.normalize import compiled_extension
from ..ingest.document import Document, IngestError
from . import dedup
from . import schema as S
from .budget import DEFAULT_MEMORY_MB, capped_heap, filter_mb, memory_split, merge_max_docs
from .completions import Counts, generation
from .groups import Grouper, open_grouper
from .id_key import id_key
from .prepare import (  # noqa: F401 (re-exported: pipeline.py, cluster/, tests and benchmarks read them here)
    TITLE_GAP,
    TITLE_GAP_POSITIONS,
    Prepared,
    build,
    check_fields,
    prepare,
    prepared_from,
    to_tantivy,
)
from .store import IndexLockedError, OpenedIndex, index_writer, load_stored
from .table_update import TableUpdate
from .vectors import has_vectors


_LIVE: weakref.WeakValueDictionary[str, Writer] = weakref.WeakValueDictionary()
"""The writers open in this process, by the real path of their index (to tell a second writer of one
index in the same process from another process's)."""


def _rust_writer_class():
    """``kavosh._core.IndexWriter`` (the Rust writer, ``rust/kavosh-index``), or ``None`` when the
    compiled core is not built, is an older build without it, or ``KAVOSH_PURE_PYTHON`` is set."""
    core = compiled_extension()
    return getattr(core, "IndexWriter", None) if core is not None else None


class Writer:
    """The single writer of an index (tantivy holds a lock while it lives).

    With the compiled core (:func:`_rust_writer_class`) an unsharded index is written by tantivy's
    ``IndexWriter`` in Rust (``rust/kavosh-index``): documents analysed by the core
    (``Prepared.core``, :attr:`core_docs`) go in without their terms ever becoming Python strings,
    and those analysed in Python are split exactly as the registered term analyzer splits them.
    Otherwise (``KAVOSH_PURE_PYTHON=1``, no core, a sharded index) tantivy-py's writer is used
    with :func:`build`, the specification; ``tests/test_index_rust_writer.py`` compares the two.

    Args:
        opened: the index.
        analyzer: its analyzer.
        memory_mb: the writer's memory budget in MB, shared as :func:`kavosh.index.budget.memory_split` says.
        threads: tantivy indexing threads (0: tantivy's default).
    Raises:
        ValueError: ``memory_mb`` is below :data:`kavosh.index.budget.MIN_MEMORY_MB`.
        IndexLockedError: another process, or another writer of this process (a second ``kavosh.Index``
            of the same folder), is writing to this index; the message says which.
        kavosh.index.groups.GroupTableError: the index's band table is missing or of another version.
    """

    def __init__(self, opened: OpenedIndex, analyzer: Analyzer, memory_mb: int = DEFAULT_MEMORY_MB,
                 threads: int = 0) -> None:
        self.opened = opened
        self.analyzer = analyzer
        heap_size, group_cache_mb = memory_split(memory_mb)
        heap_size = capped_heap(heap_size, threads)
        rust = _rust_writer_class() if opened.manifest is None else None
        self.core_docs = rust is not None
        """Whether :meth:`add_prepared` takes documents analysed for the Rust writer (``Prepared.core``;
        :func:`kavosh.index.pipeline.analysed` with ``core_docs=True``)."""
        try:
            self._w = (rust(str(opened.path), heap_size, threads, merge_max_docs(memory_mb)) if rust else
                       index_writer(opened, heap_size, threads))
        except ValueError as e:
            if "LockBusy" in str(e) or "lock" in str(e).lower():
                if _LIVE.get(os.path.realpath(opened.path)) is not None:
                    raise IndexLockedError(
                        f"another writer of this process holds the index at {opened.path} (a second kavosh.Index "
                        "of the same folder: add through the first one, or close() it first)") from e
                raise IndexLockedError(f"another process is writing to the index at {opened.path}; "
                                       "wait for it to finish") from e
            raise
        _LIVE[os.path.realpath(opened.path)] = self
        self.pending = 0
        try:
            self.grouper = open_grouper(opened.path, cache_mb=group_cache_mb, filter_mb=filter_mb(memory_mb))
        except BaseException:
            del self._w  # release tantivy's lock
            raise
        self._completions = Counts()  # the uncommitted batch's words, added and removed
        self._untabled = Counts()  # words committed since the completion table's commit, added and removed
        self._removed: set[tuple[int, int]] = set()  # committed documents already counted out
        self._generation = generation(opened)  # the commit the completion table is of
        self._was_empty = opened.index.searcher().num_docs == 0  # that commit held no document
        self._searcher: tantivy.Searcher | None = None  # the last commit's (_committed_searcher)
        self._batch_ids: set[str] = set()  # ids added since the last commit
        self.duplicates = 0  # documents added that replaced one of this writer's run or of another file
        self.duplicate_ids: list[str] = []  # the first few of their ids, for the report

    @property
    def batch_ids(self) -> set[str]:
        """The ids added since the last commit (read only)."""
        return self._batch_ids

    def check_fields(self, doc: Document) -> Document | IngestError:
        """:func:`check_fields` with this index's field configuration."""
        return check_fields(doc, self.opened.fields)

    def add(self, doc: Document) -> None:
        """Add ``doc``, replacing any document with the same id (visible after commit).

        Raises:
            ValueError: a declared field's value does not fit its kind (file, line and field named).
        """
        if doc.typed is None:
            checked = self.check_fields(doc)
            if isinstance(checked, IngestError):
                raise ValueError(str(checked))
        self.add_prepared(doc.id, prepare(doc, self.analyzer))

    def add_prepared(self, doc_id: str, prepared: Prepared) -> None:
        """Add a document analysed elsewhere (:func:`prepare`), replacing any with the same id.

        The document joins the near-duplicate group of the most similar document
        already indexed or added in this batch, or starts its own
        (:func:`kavosh.index.groups.open_grouper`; for a document analysed for the Rust writer the
        group is assigned in Rust, from the fingerprint its ``core`` holds)."""
        committed = self._count_out(S.ID, doc_id)
        if committed == 2 or doc_id in self._batch_ids:
            self._duplicate(doc_id)
        if prepared.words is not None:
            self._completions.add_words(prepared.words)
        else:
            self._completions.add(json.loads(prepared.stored).get("title", ""), prepared.stored_text.decode("utf-8"))
        if committed or doc_id in self._batch_ids:  # else no document has this id: nothing to replace
            self._w.delete_documents_by_term(S.ID, doc_id)
            self.grouper.forget(doc_id)
        self._batch_ids.add(doc_id)
        p = prepared
        key = None if doc_id.isascii() else id_key(doc_id)  # the Rust writer computes an ASCII id's key
        if p.core is not None:  # the Rust writer, its band table assigning the group from the CoreDoc
            self._w.add(doc_id, key, p.core, p.stored, p.days, (p.source_key, p.source_hash),
                        p.typed, self.grouper)
        elif self.core_docs:  # the Rust writer, a document analysed in Python
            group = self.grouper.assign(doc_id, p.fingerprint, p.source_key)
            self._w.add(doc_id, key, (p.title_terms, p.body_terms, p.stored_text), p.stored, p.days,
                        (p.source_key, p.source_hash), p.typed, group)
        else:
            tdoc = build(doc_id, p)
            dedup.add_fields(tdoc, *self.grouper.assign(doc_id, p.fingerprint, p.source_key))
            self._w.add_document(tdoc)
        self.pending += 1

    def add_records(self, records) -> None:
        """Add a run of clean JSON Lines records analysed by the compiled core (``kavosh._core.Records``
        after ``prepare_records``: :mod:`kavosh.index.pipeline`), each as :meth:`add_prepared` adds a
        document, with one call into the Rust writer for the run (only with :attr:`core_docs`).

        Raises:
            TypeError: this writer is not the Rust writer (:attr:`core_docs` is false).
        """
        if not self.core_docs:
            raise TypeError("add_records needs the Rust writer (an unsharded index and the compiled core)")
        new_index = self._committed_searcher().num_docs == 0  # nothing committed to replace or count out
        plan = []
        for doc_id in records.ids():
            committed = 0 if new_index else self._count_out(S.ID, doc_id)
            if committed == 2 or doc_id in self._batch_ids:
                self._duplicate(doc_id)
            replace = bool(committed) or doc_id in self._batch_ids
            self._batch_ids.add(doc_id)
            plan.append((replace, None if doc_id.isascii() else id_key(doc_id)))
        self._completions.add_records(records)
        self._w.add_records(records, plan, self.grouper)
        self.pending += len(plan)

    def _duplicate(self, doc_id: str) -> None:
        self.duplicates += 1
        if len(self.duplicate_ids) < 5 and doc_id not in self.duplicate_ids:
            self.duplicate_ids.append(doc_id)

    def delete(self, doc_id: str) -> bool:
        """Delete the document with this id, if any (visible after commit).

        Returns:
            Whether there was one: in the last commit (not already deleted in this batch) or added since.
        """
        found = self._count_out(S.ID, doc_id) == 2 or doc_id in self._batch_ids
        self._w.delete_documents_by_term(S.ID, doc_id)
        self._batch_ids.discard(doc_id)
        self.grouper.forget(doc_id)
        self.pending += 1
        return found

    def delete_source(self, source_key: str) -> None:
        """Delete every document read from the source file with this key, including ones added
        earlier in this uncommitted batch (tantivy applies a delete to all documents added before it)."""
        self._count_out(S.SOURCE_KEY, source_key)
        self._w.delete_documents_by_term(S.SOURCE_KEY, source_key)
        self.grouper.forget_source(source_key)
        self.pending += 1

    def _committed_searcher(self) -> tantivy.Searcher:
        """The searcher of the last commit, made once per commit, not once per document (with a
        term query per document the check of a new id cost 5.1 us against 0.6 us for this one's
        ``doc_freq`` on the 300k-document scale index of 8 segments; issue #13)."""
        if self._searcher is None:
            self._searcher = self.opened.index.searcher()
        return self._searcher

    def _count_out(self, field: str, value: str) -> int:
        """Count the committed documents whose ``field`` is ``value`` out of the completion table
        (they are being replaced or deleted).  Documents added and replaced within one uncommitted
        batch stay counted (a rare over-count, gone at the next full build).

        Returns:
            0 when the last commit holds no live document whose ``field`` is ``value``; 1 when it holds
            some, all counted out already (their source file is being read again: :meth:`delete_source`);
            2 when one was not (for an id: a document of another file, or of this run before a commit).
        """
        searcher = self._committed_searcher()
        if not searcher.doc_freq(field, value):  # a new id (the usual case): no search (issue #13)
            return 0
        query = tantivy.Query.term_query(self.opened.schema, field, value)
        n = searcher.search(query, limit=1, count=True).count or 0
        if not n:
            return 0
        live = 1
        for _score, addr in searcher.search(query, limit=n).hits:
            key = (addr.segment_ord, addr.doc)
            if key not in self._removed:
                live = 2
                self._removed.add(key)
                stored = load_stored(searcher.doc(addr))
                self._completions.add(stored.get("title", ""), stored.get("text", ""), -1)
        return live

    def commit(self, table: bool = True) -> None:
        """Make all changes durable and visible, atomically; then, unless ``table`` is false, bring
        the completion table (:mod:`kavosh.index.completions`) up to date with what was added and
        removed since its commit; and, when the index has passage vectors, the vectors
        (:func:`kavosh.index.embedding.sync_vectors`).

        Args:
            table: False for a commit in the middle of a run (``kavosh index`` commits every
                ``--commit-mb``): the table then waits for the run's last commit, so its cost
                (time in the vocabulary's size) is paid once per run, not once per commit (issue
                #13). Queries in between see the table of the earlier commit.

        With a table, it is derived on a thread while the commit runs (:class:`~kavosh.index.table_update.TableUpdate`);
        with the Rust writer the band table's rows are written while tantivy writes the segments
        (:meth:`_commit_index`).  If the commit fails, nothing of the table is saved and its counts wait for the
        next commit.
        """
        upcoming = TableUpdate(self.opened, self.analyzer, self._generation, (self._untabled, self._completions),
                               self._was_empty) if table else None
        try:
            opstamp = self._commit_index()
        except BaseException:
            if upcoming is not None:
                upcoming.cancel()
            raise
        self.pending = 0
        self.opened.index.reload()
        self._searcher = None
        self._batch_ids = set()
        self.grouper.committed(opstamp)
        if upcoming is not None:
            try:
                upcoming.finish()
            except BaseException:  # the counts wait for the next commit's table, as without a table
                self._untabled.merge(self._completions, keep_negative=True)
                self._completions, self._removed = Counts(), set()
                raise
            self._untabled = Counts()
            self._generation = generation(self.opened)
            self._was_empty = self.opened.index.searcher().num_docs == 0
        else:
            self._untabled.merge(self._completions, keep_negative=True)
        self._completions, self._removed = Counts(), set()  # what was counted out is deleted now
        if has_vectors(self.opened.path):
            from .embedding import sync_vectors  # noqa: PLC0415 - loads the encoder only for dense indexes

            sync_vectors(self.opened)

    def _commit_index(self) -> int:
        """The band table's commit, then tantivy's; returns tantivy's opstamp.  With the Rust writer and
        the core's band table, in one call (``IndexWriter.commit_after``): the band table's rows are
        written while tantivy writes the segments, its commit still made first."""
        commit_after = getattr(self._w, "commit_after", None)
        if commit_after is not None and not isinstance(self.grouper, Grouper):
            return commit_after(self.grouper)
        self.grouper.prepare_commit()
        try:
            return self._w.commit()
        except BaseException:
            self.grouper.abort_commit()
            raise

    def rollback(self) -> None:
        """Drop uncommitted changes."""
        self._w.rollback()
        self.pending = 0
        self.grouper.rolled_back()
        self._completions, self._removed, self._batch_ids = Counts(), set(), set()

    def close(self) -> None:
        """Wait for merges and release the lock (uncommitted changes are dropped)."""
        if _LIVE.get(os.path.realpath(self.opened.path)) is self:
            del _LIVE[os.path.realpath(self.opened.path)]
        self.grouper.close()
        try:
            self._w.wait_merging_threads()
        except Exception:  # the writer is consumed by wait_merging_threads
            pass
