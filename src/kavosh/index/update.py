"""Incremental updates: index only new or changed files, replace a file's documents, prune lost files.

Every document read from a file carries the file's *source key* (its resolved absolute
path) and the hash of the file's bytes (:mod:`kavosh.ingest.sources`), stored in the
tantivy index itself (fields ``source_key``/``source_hash``).  On each run, per file:

* **unchanged** — a live document has this key *and* this hash: the file is skipped
  (not parsed, not analysed);
* **new** / **changed** — no live document has this key / they have another hash: all
  documents with the key are deleted (``delete_documents_by_term``) just before the
  file's first new document is added, so lines removed from a JSONL file disappear.  A
  file that now yields no document at all (unreadable, empty, every line broken) deletes
  nothing: its errors are reported and what was indexed from it is kept.  A changed file
  read with errors (a broken line, a value that does not fit its field, a document over
  ``--max-doc-mb``, a truncated ``.gz``) keeps the earlier version of each document whose id
  none of its readable lines has (the broken line may be its new version; a published
  document is not lost to one bad write): they are added back from what the index stores,
  counted in :attr:`UpdateCounts.kept` and named in the summary, and go once the file reads
  cleanly;
* **pruned** (``prune=True``) — a key under one of the *paths given in this run*
  (equal to one, or below a folder) that no file found in this run has: its documents
  are deleted.  Keys under other folders are never touched.

**Exactly once under ``kill -9``.**  tantivy commits atomically (the new ``meta.json``
replaces the old), so a killed run leaves the last commit.  Committing when
:meth:`Update.commit_due` says so puts a file's deletions and additions in one commit,
except for a file that alone yields more text than the commit budget (a large JSONL or
WARC): it is committed in parts.  A commit made at any other moment (an interrupted run
commits what it has read) may also split a file.  A half-replaced file would look
unchanged on the next run (its new documents carry the new hash), so before any commit
that may split one, its key is written durably to a *pending list*,
``kavosh-pending.json`` in the index folder, and it is dropped only by a commit made
after the file was finished.  The next run re-reads every pending file whatever its
hash (delete by key, add again).  The list is conservative (a file in it may already be
complete, which only costs a re-read), so every kill point leaves the index readable and
the next run converges on each document exactly once.  The hash is taken just before a
file is read: a file edited while it is being read carries its earlier hash, so the next
run sees it as changed and reads it again.  Replacing one document is idempotent too:
:meth:`Writer.add` deletes its id before adding it.

**Readable ids.**  A ``.txt``/``.md``/``.html`` file's id is its path relative to the
folder given (its bare name when the file is given directly), unless a document of
another file already holds that id (a file being pruned in this run does not count, so
a moved file keeps a short id), in which case the id is the source key; a file already
in the index keeps the id it was first given.  JSON and WARC records keep their
own ids (``id`` field, URL); the same id from two files is one document (the last read).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NamedTuple

import tantivy

from ..ingest.document import Document, IngestError
from ..ingest.files import DEFAULT_MAX_DOC_BYTES, Progress, read_file
from ..ingest.sources import SourceFile, content_hash, find_sources, source_key
from . import checkpoints
from . import schema as S
from .store import load_stored
from .update_files import (  # noqa: F401 (PENDING_FILE re-exported: tests and tools read it here)
    ERRORS_FILE,
    MAX_KEPT_ERRORS,
    PENDING_FILE,
    read_json_dict,
    read_pending,
    write_json,
    write_pending,
)
from .update_report import UpdateCounts, duplicates_line  # noqa: F401 (re-exported: engine.py, cli/index.py)
from .writer import Writer


class Mark(NamedTuple):
    """A point in :meth:`Update.items`: the source being read (``None`` between sources),
    the bytes of text it has yielded so far, and how many sources were finished."""

    current: str | None
    current_bytes: int
    finished: int


def doc_bytes(doc: Document) -> int:
    """The size of a document's title and text in UTF-8 bytes (the unit of ``--max-doc-mb``).
    A lone surrogate counts as its three bytes here; analysis reports the document."""
    return len(doc.text.encode("utf-8", "surrogatepass")) + len(doc.title.encode("utf-8", "surrogatepass"))


def item_bytes(item) -> int:
    """:func:`doc_bytes` of a document, or of every record of a ``kavosh._core.Records``."""
    return doc_bytes(item) if isinstance(item, Document) else item.doc_bytes


class Update:
    """One incremental run over files and folders, feeding a :class:`Writer`.

    Use::

        up = Update(writer, ["docs/"], prune=True)
        for item in up.items():          # Documents to add, or IngestErrors to report
            if isinstance(item, Document):
                writer.add(item)
            if up.commit_due(bytes_since_last_commit, budget):
                up.commit(table=False)   # never writer.commit()
        up.commit()                      # the last commit updates the completion table
        print(up.counts.summary())

    :meth:`items` deletes a new or changed file's old documents (through the writer)
    before yielding its first document; the caller adds every yielded document in
    order.  Call :meth:`commit` only after every yielded document has been given to the
    writer (a batching caller flushes first).

    Args:
        writer: the index's writer (its lock is held, so no other run shares the pending list).
        paths: files and folders as typed by the user.
        prune: also remove documents of files no longer found under ``paths``.
        max_bytes: larger documents are reported and skipped (``--max-doc-mb``).
        progress: byte counter for progress bars (skipped files count as read).
        batch: JSON Lines' clean records come as runs (``kavosh._core.Records``, see
            :func:`kavosh.ingest.jsonl.read_json_file`) for the Rust writer's :meth:`Writer.add_records`;
            :meth:`items` then yields them beside documents and errors.
    Raises:
        OSError: the pending list exists but cannot be read (on construction).
    """

    def __init__(self, writer: Writer, paths: list[str], prune: bool = False,
                 max_bytes: int = DEFAULT_MAX_DOC_BYTES, progress: Progress | None = None,
                 batch: bool = False) -> None:
        self.writer = writer
        self.batch = batch
        self.paths = list(paths)
        self.prune = prune
        self.max_bytes = max_bytes
        self.progress = progress
        self.counts = UpdateCounts()
        self._schema = writer.opened.schema
        writer.opened.index.reload()  # the writer's lock is held: no commit can come after this one
        self._searcher = writer.opened.index.searcher()  # the last commit, as this run found it
        self._pending_path = writer.opened.path / PENDING_FILE
        self._pending_at_start = read_pending(self._pending_path)
        self._pending_on_disk = set(self._pending_at_start)
        self._current: str | None = None  # the source whose documents are being yielded (not the last one yet)
        self._current_bytes = 0  # bytes of text of the current source yielded so far
        self._finished: list[str] = []  # sources completely replaced or pruned in this run, in order
        self._finished_as: list[str] = []  # how each was counted: "new", "changed", "resumed" or "pruned"
        self._ids: dict[str, str] = {}  # readable ids given in this run -> source key
        self._stale_keys: set[str] = set()  # sources to be pruned in this run
        self._errors_path = writer.opened.path / ERRORS_FILE
        self._source_errors = read_json_dict(self._errors_path)  # key -> {"hash", "max_bytes", "errors"}
        self._errors_dirty = False

    # ------------------------------------------------------------ reading
    def items(self) -> Iterator[Document | IngestError]:
        """Yield the documents of new and changed files, and every input error; skip unchanged files.

        Errors are also collected in ``counts.errors``.  Documents carry ``source_key``
        and ``source_hash``.  With ``prune``, stale sources are deleted after the last file.
        """
        sources, errors = find_sources(self.paths, skipped=self.counts.skipped)
        for e in errors:
            yield self._error(e)
        stale = self._stale({s.key for s in sources})
        if not self.prune:  # kept, and said so (nothing is skipped silently)
            self.counts.gone, stale = len(stale), []
        self._stale_keys = set(stale)  # their readable ids are free for the files read now (moved files)
        for src in sources:
            yield from self._read_source(src)
        if self.prune:
            for key in stale:
                self.writer.delete_source(key)
                self._remember_errors(key, None, [])
                self._finished.append(key)
                self._finished_as.append("pruned")

    def _error(self, e: IngestError) -> IngestError:
        self.counts.errors.append(e)
        return e

    def _read_source(self, src: SourceFile) -> Iterator[Document | IngestError]:
        try:
            digest = content_hash(src.path)
            size = src.path.stat().st_size
        except OSError as e:
            self.counts.failed += 1
            yield self._error(IngestError(str(src.path), None, f"cannot read: {e.strerror or e}"))
            return
        state = self._state(src.key, digest)
        earlier = self._source_errors.get(src.key)
        if state == "unchanged" and earlier and earlier.get("hash") == digest \
                and earlier.get("max_bytes") != self.max_bytes:
            state = "changed"  # its errors may depend on --max-doc-mb: read it again
        # a pending source with nothing committed yet, or whose committed part carries this very hash: resumed
        resumed = src.key in self._pending_at_start and (
            state == "new" or state == "changed" and self._count((S.SOURCE_KEY, src.key), (S.SOURCE_HASH, digest)) > 0)
        if state == "unchanged":
            self.counts.unchanged += 1
            if self.progress is not None:
                self.progress.bytes_read += size
            if earlier and earlier.get("hash") == digest and earlier.get("errors"):
                self.counts.unchanged_with_errors += 1
                for path, line, reason in earlier["errors"]:
                    yield self._error(IngestError(path, line, f"{reason} (file unchanged since it was read)"))
            return
        found: list[IngestError] = []
        refused = False  # a document refused for its fields (not kept in found: it names the document)
        read_ids: set[str] | None = None if state == "new" and not resumed else set()  # ids its readable lines hold
        started = False
        held: Document | None = None  # one document of look-ahead: the last one is known to be the last
        long_text = checkpoints.MIN_CHARS if self.batch else None  # a long text's checkpoints: written in Python
        for item in read_file(src.path, src.root, self.max_bytes, self.progress, self.batch, long_text):
            if isinstance(item, IngestError):
                found.append(item)
                yield self._error(item)
                continue
            records = not isinstance(item, Document)  # clean JSON Lines records, checked in the core
            if not records:
                n = doc_bytes(item)
                if n > self.max_bytes:
                    found.append(IngestError(item.source or str(src.path), None,
                                             f"document {item.id!r} of {n / 1e6:.3g} MB is larger than the "
                                             f"{self.max_bytes / 1e6:g} MB limit (--max-doc-mb)"))
                    yield self._error(found[-1])
                    continue
                checked = self.writer.check_fields(item)  # (a record has no metadata: no declared field's value)
                if isinstance(checked, IngestError):
                    refused = True
                    yield self._error(checked)
                    continue
            if not started:
                self.writer.delete_source(src.key)
                started = True
                self._current, self._current_bytes = src.key, 0
                if src.one_document and not records:
                    item.id = self._readable_id(src, item.id, state)
            if records:
                item.set_source(src.key, digest)
                self.counts.documents += len(item)
                if read_ids is not None:
                    read_ids.update(item.ids())
            else:
                item.source_key, item.source_hash = src.key, digest
                self.counts.documents += 1
                if read_ids is not None:
                    read_ids.add(item.id)
            if held is not None:
                self._current_bytes += item_bytes(held)
                yield held
            held = item
        if started and read_ids is not None and (found or refused):
            for old in self._earlier_documents(src.key, read_ids):  # not lost to a broken line: added back
                self.counts.kept += 1
                if len(self.counts.kept_ids) < 5:
                    self.counts.kept_ids.append(old.id)
                self._current_bytes += item_bytes(held)
                yield held
                held = old
        # The source is complete once its last document is added: mark it so before yielding that document.
        self._current = None
        self._remember_errors(src.key, digest if started else None, found)
        if started:
            self._finished.append(src.key)
            self._finished_as.append("resumed" if resumed else state)  # counted when committed (_settle)
        else:
            self.counts.failed += 1
        if held is not None:
            yield held

    def _remember_errors(self, key: str, digest: str | None, found: list[IngestError]) -> None:
        """Keep ``found`` (the errors of source ``key`` read with hash ``digest``) for the next runs,
        or forget the source's errors (none found, pruned, or nothing indexed: it is read again anyway)."""
        if found and digest is not None:
            entry = {"hash": digest, "max_bytes": self.max_bytes,
                     "errors": [[e.path, e.line, e.reason] for e in found[:MAX_KEPT_ERRORS]]}
        else:
            entry = None
        if self._source_errors.get(key) != entry:
            if entry is None:
                self._source_errors.pop(key, None)
            else:
                self._source_errors[key] = entry
            self._errors_dirty = True

    def mark(self) -> Mark:
        """Where reading stands now, for a caller that analyses documents ahead of
        adding them (:mod:`kavosh.index.pipeline`): take the mark right after each
        item from :meth:`items` and give the mark of the last item added to the
        writer to :meth:`commit_due` and :meth:`commit`."""
        return Mark(self._current, self._current_bytes, len(self._finished))

    def commit_due(self, since_commit: int, budget: int, at: Mark | None = None) -> bool:
        """Whether to commit now, given the bytes of text added since the last commit.

        True when ``since_commit`` exceeds ``budget`` and either no file is half-read (so
        each file's deletions and additions land in one commit) or the file being read has
        itself yielded more than ``budget`` bytes (a large file is committed in parts,
        protected by the pending list).  Both in bytes.  ``at``: the :meth:`mark` of the
        last item added (default: now).
        """
        current, current_bytes, _ = at or self.mark()
        return since_commit > budget and (current is None or current_bytes > budget)

    # ------------------------------------------------------------ the index as this run found it
    def _count(self, *terms: tuple[str, str]) -> int:
        qs = [tantivy.Query.term_query(self._schema, f, v) for f, v in terms]
        q = qs[0] if len(qs) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, x) for x in qs])
        return self._searcher.search(q, limit=1, count=True).count

    def _earlier_documents(self, key: str, read_ids: set[str]) -> Iterator[Document]:
        """The documents of source ``key`` as this run found the index, rebuilt from what it stores
        (id, title, text, url, date, metadata, source; with their own source hash), except those whose id is
        in ``read_ids`` or that the writer took from another file since its last commit (the one read last
        is kept; a caller analysing ahead may not have given it the other file's yet)."""
        query = tantivy.Query.term_query(self._schema, S.SOURCE_KEY, key)
        n = self._searcher.search(query, limit=1, count=True).count or 0
        if not n:
            return
        for _score, addr in self._searcher.search(query, limit=n).hits:
            tdoc = self._searcher.doc(addr)
            doc_id = tdoc.get_first(S.ID)
            if not doc_id or doc_id in read_ids or doc_id in self.writer.batch_ids:
                continue
            stored = load_stored(tdoc)
            doc = Document(id=doc_id, title=stored.get("title") or "", text=stored.get("text") or "",
                           url=stored.get("url") or "", date=stored.get("date") or "",
                           fields=stored.get("fields") or {}, source=stored.get("source") or "",
                           source_key=key, source_hash=tdoc.get_first(S.SOURCE_HASH) or "")
            if isinstance(self.writer.check_fields(doc), Document):  # it fitted its fields when it was added
                yield doc

    def _state(self, key: str, digest: str) -> str:
        """``"new"``, ``"changed"`` or ``"unchanged"`` for a source with this key and content hash."""
        if key not in self._pending_at_start and self._count((S.SOURCE_KEY, key), (S.SOURCE_HASH, digest)):
            return "unchanged"
        return "changed" if self._count((S.SOURCE_KEY, key)) else "new"

    def _first_doc(self, fld: str, value: str) -> tantivy.Document | None:
        res = self._searcher.search(tantivy.Query.term_query(self._schema, fld, value), limit=1)
        return self._searcher.doc(res.hits[0][1]) if res.hits else None

    def _readable_id(self, src: SourceFile, candidate: str, state: str) -> str:
        """The id of a one-document file: the id it already has, else ``candidate`` unless another
        source holds it (one being pruned in this run does not count), else the source key."""
        if state == "changed":
            old = self._first_doc(S.SOURCE_KEY, src.key)
            if old is not None and old.get_first(S.ID):
                return old.get_first(S.ID)
        owner = self._ids.get(candidate)
        if owner is None:
            holder = self._first_doc(S.ID, candidate)
            owner = None if holder is None else (holder.get_first(S.SOURCE_KEY) or "")
        free = owner is None or owner == src.key or owner in self._stale_keys
        doc_id = candidate if free else src.key
        self._ids[doc_id] = src.key
        return doc_id

    def _stale(self, seen: set[str]) -> list[str]:
        """Keys of live documents at or under the paths given that no file found in this run has."""
        stale: set[str] = set()
        for raw in self.paths:
            root = source_key(raw)
            below = root if root.endswith(os.sep) else root + os.sep
            for key, n in self._searcher.terms_with_prefix(S.SOURCE_KEY, root,
                                                           filter_query=tantivy.Query.all_query()):
                if n > 0 and (key == root or key.startswith(below)) and key not in seen:
                    stale.add(key)
        return sorted(stale)

    # ------------------------------------------------------------ committing
    def commit(self, at: Mark | None = None, table: bool = True) -> None:
        """Commit what was given to the writer, keeping the pending list right around the commit.

        ``at``: the :meth:`mark` of the last item given to the writer (default: now, when
        every item yielded so far has been given to it).  ``table``: as :meth:`Writer.commit`'s
        (False for the commits in the middle of a run; the last one updates the completion table).

        Before: the list holds every source possibly half-replaced in the new commit (the
        one being read, and any left pending by an earlier run).  After: sources finished
        before this commit are dropped from it (the file is removed when empty).

        Raises:
            OSError: the pending list cannot be written (nothing is committed then).
        """
        cur, _, n_finished = at or self.mark()
        current = {cur} if cur else set()
        before = self._pending_on_disk | current
        if before != self._pending_on_disk:
            write_pending(self._pending_path, before)
            self._pending_on_disk = before
        if self._errors_dirty:
            # Before the commit: an entry counts only for a file whose committed hash it names, so one
            # written for a commit that then fails is never used.
            write_json(self._errors_path, self._source_errors)
            self._errors_dirty = False
        self.writer.commit(table=table)
        after = (self._pending_at_start - set(self._finished[:n_finished])) | current
        if after != self._pending_on_disk:
            write_pending(self._pending_path, after)
            self._pending_on_disk = after
        self._settle(n_finished, cur)

    def _settle(self, n_finished: int, current: str | None) -> None:
        """Count the files the commit just made holds: the first ``n_finished`` finished, and ``current``
        half-read (``partly``), not the ones read ahead of it (new user 8: an interrupted run said
        ``195 new`` of which 194 had no document in the index, and the next run said ``201 new`` again)."""
        done = self._finished_as[:n_finished]
        for kind in ("new", "changed", "resumed", "pruned"):
            setattr(self.counts, kind, done.count(kind))
        self.counts.partly = 1 if current else 0
