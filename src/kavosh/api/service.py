"""The index behind the server: searches, reads, serialized writes and reloads.

One :class:`IndexService` lives as long as the server.  It never holds the
index's writer lock between requests, so a separate ``kavosh index`` run can
write while the server answers; a background thread reloads the reader every
``reload_interval`` seconds so those commits become visible.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..engine import Index
from ..index.completions import completion_table
from ..index.store import IndexLockedError
from ..ingest.document import Document
from ..present.format import dated_documents
from ..present.results import SearchResults
from ..search.topk import current_searcher

log = logging.getLogger("kavosh.api")

WRITE_LOCK_WAIT_S = 5.0
"""How long a write request waits for another process's writer lock before giving up."""


WARMUP_TEXT = "کتاب‌های خوانده‌شده را می‌خواندند"


_frozen = False


def freeze_heap() -> None:
    """Move every object alive now (the word lists, lexicons, completion table: the warmed server) out of the
    cyclic garbage collector's reach (``gc.freeze``), once a process.

    A full collection walks every tracked object and container entry; in a warmed server process that was
    40–55 ms of CPU (thread time, 72k tracked objects and the word tables' large dicts and lists) about once
    every 1,500 searches, a pause in which every request queued on that worker waits: with 50 busy
    connections over two workers, about 2% of requests (docs/benchmarks.md, "HTTP load").  Frozen objects are
    never collected (their reference counts still free them); what the requests allocate later is
    collected as before.  Only the first call freezes: objects alive at a later call (an old reader a
    reload replaced, still in a cycle) would be kept for good."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


class WriteConflictError(Exception):
    """Another process (e.g. ``kavosh index``) holds the writer lock for longer than we waited."""


@dataclass
class WriteReport:
    """What one write did: ids added or replaced, ids deleted, documents after the commit."""

    added: list[str]
    deleted: list[str]
    documents: int


class IndexService:
    """An opened index shared by all requests of one server process.

    Args:
        path: the index folder.
        token: the bearer token that enables writes (``None``: writes disabled).
        reload_interval: seconds between reader reloads (0 or less: no reload thread).
        create: create an empty index if there is none at ``path``.
        index: serve this opened index instead of opening ``path`` (a
            :class:`kavosh.cluster.serving.ClusterIndex`: ``kavosh serve --cluster``).
    Raises:
        kavosh.index.store.IndexError_: no index at ``path`` (and not ``create``), or an outdated one.
    """

    def __init__(self, path: str | Path | None, token: str | None = None, reload_interval: float = 1.0,
                 create: bool = False, index: Index | None = None) -> None:
        self.index = index if index is not None else Index(path, create=create)
        self.search_inline = index is None
        """Searches are CPU work in this process (not waits on a cluster's shards): the API runs them on
        the event loop instead of a worker thread (:func:`kavosh.api.app.api_search`)."""
        self.token = token or None
        self.reload_interval = reload_interval
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reload_errors = 0
        self._dated: tuple[object, bool] = (None, True)  # (the searcher counted, whether it holds a dated document)
        self.index.analyzer.analyze(WARMUP_TEXT)  # loads the word lists now, not on the first request
        if self.index.has_vectors:  # and the embedding model (about a second), before /healthz answers
            from ..dense.encoder import shared_encoder

            shared_encoder().query(WARMUP_TEXT)

    # ------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start the reload thread (idempotent); it warms the completion table, then :func:`freeze_heap`.
        Without a reload thread the heap is frozen here."""
        if self.reload_interval <= 0:
            freeze_heap()
        if self.reload_interval > 0 and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._reload_loop, name="kavosh-reload", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the reload thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _reload_loop(self) -> None:
        self.warm_completions()
        freeze_heap()
        while not self._stop.wait(self.reload_interval):
            self.reload()
            self.warm_completions()

    def warm_completions(self) -> None:
        """Build the autocomplete table of the current commit now (in the reload
        thread), so that no request waits for it; a no-op when it is up to date."""
        try:
            completion_table(self.index.opened, self.index.analyzer)
        except Exception as e:  # a commit in progress in another process: retry on the next tick
            log.debug("completion table not built (will retry): %s", e)

    def reload(self) -> None:
        """Reload the reader; a failure (a writer in another process mid-merge) keeps the old one."""
        try:
            self.index.reload()
        except Exception as e:  # never let a concurrent writer break the server
            self.reload_errors += 1
            log.debug("reload failed (will retry): %s", e)

    # ------------------------------------------------------------ reads
    @property
    def writes_enabled(self) -> bool:
        """True when the server was started with a token."""
        return self.token is not None

    def __len__(self) -> int:
        return len(self.index)

    @property
    def fields(self):
        """The index's declared fields (:class:`kavosh.index.fields.FieldConfig`)."""
        return self.index.opened.fields

    def search(self, q: str, limit: int, offset: int, exact: bool = False, date_from: str | None = None,
               date_to: str | None = None, collapse: bool = True, group: str | None = None,
               mode: str | None = None, **fields) -> SearchResults:
        """Search (see :meth:`kavosh.Index.search`; ``fields``: its ``filter``, ``facets``, ``sort``,
        ``disjunctive``)."""
        return self.index.search(q, limit=limit, offset=offset, exact=exact, date_from=date_from, date_to=date_to,
                                 collapse=collapse, group=group, mode=mode, **fields)

    def has_dates(self) -> bool:
        """Whether a document of the current commit has a date: the search page offers the date sorts only then (a
        new user saw «تازه‌ترین» on an index of undated files).  Counted once per commit (a range query's count;
        :func:`kavosh.present.format.dated_documents`); True for an index spread over a cluster's shards."""
        if not self.search_inline:
            return True
        searcher = current_searcher(self.index.opened)
        if self._dated[0] is not searcher:
            self._dated = (searcher, dated_documents(searcher) > 0)
        return self._dated[1]

    def suggest(self, prefix: str, limit: int) -> list:
        """Completions of ``prefix`` (see :meth:`kavosh.Index.suggest`)."""
        return self.index.suggest(prefix, limit=limit)

    def highlight(self, text: str, query: str) -> list:
        """``text`` with the words of ``query`` marked (see :meth:`kavosh.Index.highlight`)."""
        return self.index.highlight(text, query)

    def get(self, doc_id: str) -> Document | None:
        """The stored document with this id, or ``None``."""
        return self.index.get(doc_id)

    def health(self) -> dict:
        """Status for ``/healthz``."""
        return {"status": "ok", "documents": len(self.index), "version": __version__,
                "analyzer_version": self.index.opened.meta.get("analyzer_version"),
                "writes_enabled": self.writes_enabled}

    # ------------------------------------------------------------ writes
    def write(self, add: list[Document] = (), delete: list[str] = ()) -> WriteReport:
        """Add/replace and delete documents, commit, and release the writer lock.

        Writes of this process run one at a time; if another process holds the
        writer lock, wait up to :data:`WRITE_LOCK_WAIT_S` seconds for it.

        Raises:
            WriteConflictError: the lock stayed busy.
        """
        with self._write_lock:
            deadline = time.monotonic() + WRITE_LOCK_WAIT_S
            while True:
                try:
                    self.index.writer  # noqa: B018  (takes the lock)
                    break
                except IndexLockedError as e:
                    if time.monotonic() >= deadline:
                        raise WriteConflictError(str(e)) from e
                    time.sleep(0.1)
            try:
                if add:
                    self.index.add(add)
                for doc_id in delete:
                    self.index.delete(doc_id)
                self.index.commit()
            finally:
                self.index.close()  # uncommitted changes (after an error) are dropped
            self.reload()
            return WriteReport([d.id for d in add], list(delete), len(self.index))
