"""Add, replace and delete documents; commits are atomic (tantivy's meta swap)."""

from __future__ import annotations

import json

import tantivy

from ..analysis import Analyzer
from ..analysis.analyzer import STOP_MARK
from ..ingest.dates import parse_date, to_days
from ..ingest.document import Document
from . import schema as S
from .store import IndexLockedError, OpenedIndex

DEFAULT_HEAP = 256 * 1024 * 1024
TITLE_GAP = " ".join([STOP_MARK] * 50)
"""Empty positions between the title and the text in the body field, so that no
phrase or proximity window joins the end of the title to the start of the text."""


def to_tantivy(doc: Document, analyzer: Analyzer) -> tantivy.Document:
    """Analyse a :class:`Document` into a tantivy document (terms + stored JSON).

    The body field holds the title too (measured better than title and body
    apart: ``docs/benchmarks.md``); the title field is for the title boost.
    A date that :func:`kavosh.ingest.dates.parse_date` reads (Jalali or Gregorian,
    any digits) is stored as ISO ``YYYY-MM-DD`` and indexed as days since
    1970-01-01 for date filters; any other date text is stored as given."""
    day = parse_date(doc.date)
    stored = {"title": doc.title, "text": doc.text, "url": doc.url,
              "date": day.isoformat() if day else doc.date, "fields": doc.fields, "source": doc.source}
    title = analyzer.index_text(doc.title)
    tdoc = tantivy.Document(**{
        S.ID: doc.id,
        S.TITLE_TERMS: title,
        S.BODY_TERMS: " ".join((title, TITLE_GAP, analyzer.index_text(doc.text))),
        S.STORED: json.dumps(stored, ensure_ascii=False, default=str).encode("utf-8"),
    })
    if day is not None:
        tdoc.add_integer(S.DATE_DAYS, to_days(day))
    if doc.source_key:
        tdoc.add_text(S.SOURCE_KEY, doc.source_key)
        tdoc.add_text(S.SOURCE_HASH, doc.source_hash)
    return tdoc


class Writer:
    """The single writer of an index (tantivy holds a lock while it lives).

    Args:
        opened: the index.
        analyzer: its analyzer.
        heap_size: tantivy writer memory budget in bytes.
        threads: tantivy indexing threads (0: tantivy's default).
    Raises:
        IndexLockedError: another process is writing to this index.
    """

    def __init__(self, opened: OpenedIndex, analyzer: Analyzer, heap_size: int = DEFAULT_HEAP,
                 threads: int = 0) -> None:
        self.opened = opened
        self.analyzer = analyzer
        try:
            self._w = opened.index.writer(heap_size=heap_size, num_threads=threads)
        except ValueError as e:
            if "LockBusy" in str(e) or "lock" in str(e).lower():
                raise IndexLockedError(f"another process is writing to the index at {opened.path}; "
                                       "wait for it to finish") from e
            raise
        self.pending = 0

    def add(self, doc: Document) -> None:
        """Add ``doc``, replacing any document with the same id (visible after commit)."""
        self._w.delete_documents_by_term(S.ID, doc.id)
        self._w.add_document(to_tantivy(doc, self.analyzer))
        self.pending += 1

    def delete(self, doc_id: str) -> None:
        """Delete the document with this id, if any (visible after commit)."""
        self._w.delete_documents_by_term(S.ID, doc_id)
        self.pending += 1

    def delete_source(self, source_key: str) -> None:
        """Delete every document read from the source file with this key, including ones added
        earlier in this uncommitted batch (tantivy applies a delete to all documents added before it)."""
        self._w.delete_documents_by_term(S.SOURCE_KEY, source_key)
        self.pending += 1

    def commit(self) -> None:
        """Make all changes durable and visible, atomically."""
        self._w.commit()
        self.pending = 0
        self.opened.index.reload()

    def rollback(self) -> None:
        """Drop uncommitted changes."""
        self._w.rollback()
        self.pending = 0

    def close(self) -> None:
        """Wait for merges and release the lock (uncommitted changes are dropped)."""
        try:
            self._w.wait_merging_threads()
        except Exception:  # the writer is consumed by wait_merging_threads
            pass
