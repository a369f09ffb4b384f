"""The Python API: :class:`Index`, an embedded Persian search index on disk.

Example (run by the test suite)::

    >>> import tempfile, kavosh
    >>> with kavosh.Index(tempfile.mkdtemp() + "/idx") as ix:
    ...     ix.add([{"id": "1", "title": "شبکه‌های اجتماعی", "text": "کاربران شبکههای اجتماعی در ایران"},
    ...             {"id": "2", "title": "زلزله بم", "text": "بازسازي شهر زلزله زده بم"}])
    ...     ix.commit()
    ...     results = ix.search("شبکه های اجتماعی")
    ...     [h.id for h in results.hits]
    2
    ['1']
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .analysis import Analyzer, default_analyzer
from .index import schema as S
from .index.budget import DEFAULT_MEMORY_MB
from .index.field_warnings import count_fields, field_warnings
from .index.fields import FieldConfig
from .index.stats import IndexStats
from .index.store import META_FILE, OpenedIndex, default_index_dir, load_stored, open_index
from .index.update import Update, UpdateCounts, doc_bytes
from .index.vectors import has_vectors
from .index.writer import Writer
from .ingest.dates import date_problem
from .ingest.document import Document, IngestError
from .ingest.files import DATE_KEPT, KNOWN_KEYS, record_to_document
from .present import SearchResults, Segment, present
from .present.format import highlight_text
from .query.plan import make_plan
from .query_path import (  # noqa: F401 (re-exported: the CLI, the cluster, tests and benchmarks import them here)
    DENSE_NOTE,
    MEANING_ONLY_NOTE,
    check_mode,
    check_query,
    meaning_only,
    mode_notes,
    outdated_note,
    search,
)
from .search.suggest import Completion
from .search.suggest import suggest as _suggest
from .search.topk import current_searcher


def flat_fields(record: Mapping[str, Any], number: int) -> dict[str, Any]:
    """``record`` with its metadata in one level: a ``fields`` mapping (the HTTP API's document shape,
    :class:`kavosh.api.models.DocumentIn`) merged into the record, so both shapes index the same (a new
    user's ``"fields": {"views": "۱٬۲۰۰"}`` was stored as one unsearched field named ``fields``).

    Raises:
        ValueError: ``document NUMBER: …`` naming a key found both inside ``fields`` and beside it, or a
            document key (:data:`kavosh.ingest.files.KNOWN_KEYS`) inside ``fields``.
    """
    out = dict(record)
    nested = out.get("fields")
    if not isinstance(nested, Mapping):
        return out
    del out["fields"]
    for key in nested:
        if key in KNOWN_KEYS:
            raise ValueError(f"document {number}: fields.{key}: {key} belongs beside fields, not inside it")
        if key in out:
            raise ValueError(f"document {number}: field {key} is given twice, in fields and beside it")
    out.update(nested)
    return out


def path_list(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    """``paths`` as a list of path strings: one ``str`` or :class:`os.PathLike` is one path (a string is
    not read as its characters: ``add_paths("site/")`` once indexed ``s``, ``i``, ``t``, ``e`` and ``/``,
    the whole file system), an iterable gives one path per item.  Raises :class:`TypeError` for
    ``bytes`` or an item that is not a path, naming it."""
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    if isinstance(paths, (bytes, bytearray)):
        raise TypeError(f"paths must be a path (str or os.PathLike) or a list of them, not {type(paths).__name__}")
    try:
        items = list(paths)
    except TypeError:
        raise TypeError(f"paths must be a path (str or os.PathLike) or a list of them, "
                        f"not {type(paths).__name__}") from None
    out = []
    for i, p in enumerate(items):
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"paths[{i}] must be a path (str or os.PathLike), not {type(p).__name__}: {p!r:.60}")
        out.append(os.fspath(p))
    return out


class Index:
    """An on-disk Kavosh index: add, delete, commit and search.

    Args:
        path: the index folder (default: :func:`kavosh.index.store.default_index_dir`).
        create: whether to create the index when it does not exist.  By default it is created, as
            ``sqlite3.connect`` creates a database, so a mistyped path gives a new, empty index: its first
            :meth:`search` warns so while it is empty.  ``True`` creates it without that warning;
            ``False`` opens an existing index only (:class:`~kavosh.index.store.IndexNotFoundError`
            otherwise), as ``kavosh search`` and the other reading commands do.
        fields: declared fields for a new index, ``{"category": "keyword", "views": "number"}``
            or a :class:`~kavosh.index.fields.FieldConfig` (see :mod:`kavosh.index.fields`); for an
            existing index ``None`` uses its own, anything else must equal it.
        memory_mb: the writer's memory budget in MB (:func:`kavosh.index.budget.memory_split`).
        shards: create the index as this many shards (:mod:`kavosh.index.shards`: documents spread by a
            hash of their id, searched with the whole index's statistics); for an existing index ``None``
            opens it as it is and any other number must equal its shard count.
    Raises:
        kavosh.index.store.IndexNotFoundError: no index and ``create=False``.
        kavosh.index.store.IndexVersionError: the index was built by another analyzer version.
        kavosh.index.store.IndexFieldsError: ``fields`` differs from the existing index's.
        kavosh.index.store.IndexShardsError: ``shards`` is out of range or differs from the index's.
        kavosh.index.fields.FieldError: ``fields`` names an unknown kind or a built-in field.

    Writes take the index's single-writer lock on first use and keep it until
    :meth:`close`; searches never block and see the last commit.

    Attributes:
        created: this call created the index (there was none at ``path``).
    """

    def __init__(self, path: str | os.PathLike | None = None, create: bool | None = None,
                 analyzer: Analyzer | None = None,
                 fields: FieldConfig | Mapping[str, str] | None = None, memory_mb: int = DEFAULT_MEMORY_MB,
                 shards: int | None = None) -> None:
        self.analyzer = analyzer or default_analyzer()
        self.memory_mb = memory_mb
        self.path = Path(path) if path is not None else default_index_dir()
        if fields is not None and not isinstance(fields, FieldConfig):
            fields = FieldConfig.from_json({"fields": dict(fields)}, "fields")
        existed = (self.path / META_FILE).exists()
        self._opened: OpenedIndex = open_index(self.path, create=create is not False, analyzer=self.analyzer, fields=fields,
                                               shards=shards)
        self._writer: Writer | None = None
        self.created = not existed
        self._warn_empty = self.created and create is None  # created without being asked to

    @property
    def writer(self) -> Writer:
        """The writer (created, and the lock taken, on first use)."""
        if self._writer is None:
            current_searcher(self._opened)  # the reader at the last commit (reloaded only when told)
            self._writer = Writer(self._opened, self.analyzer, memory_mb=self.memory_mb)
        return self._writer

    def add(self, docs: Document | Mapping[str, Any] | Iterable[Document | Mapping[str, Any]]) -> int:
        """Add or replace documents (visible after :meth:`commit`).

        Args:
            docs: one document or an iterable of them: :class:`~kavosh.ingest.document.Document`
                objects or mappings (dicts) with ``id``/``_id``, ``title``, ``text``/``body``/``contents``,
                ``url``, ``date``; metadata as other keys (``"views": 5``) or, as ``POST /api/documents``
                takes it, in a ``fields`` mapping (``"fields": {"views": 5}``).
        Returns:
            The number of documents added.
        Raises:
            ValueError: a mapping that cannot be a document (no id, no text; a metadata name both in
                ``fields`` and beside it; ``id``/``title``/``text``/… inside ``fields``), naming it.
            TypeError: ``docs`` (or one of its items) is neither a document nor a mapping, naming it.
        Warns:
            UserWarning: a document whose ``date`` is not a date (it is added, undated), naming it; a field
                the index does not declare (stored and shown, not searched, filtered or counted), once per
                call with the number of documents holding it, as ``kavosh index`` warns
                (:func:`kavosh.index.field_warnings.field_warnings`).
        """
        if isinstance(docs, (Document, Mapping)):
            docs = [docs]
        elif isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
            raise TypeError(f"add() expects a document (a Document or a dict with id and text) or an iterable "
                            f"of them, got {type(docs).__name__}")
        n = 0
        held: Counter[str] = Counter()  # field name → documents holding a value (field_warnings)
        present: Counter[str] = Counter()
        for d in docs:
            if not isinstance(d, Document):
                if not isinstance(d, Mapping):
                    raise TypeError(f"document {n + 1}: expected a Document or a dict with id and text, "
                                    f"got {type(d).__name__} {str(d)[:40]!r}")
                doc = record_to_document(flat_fields(d, n + 1), Path("<python>"), n + 1)
                if isinstance(doc, IngestError):
                    raise ValueError(f"document {n + 1}: {doc.reason}")
                d = doc
            if (problem := date_problem(d.date)) is not None:
                warnings.warn(f"document {n + 1} ({d.id!r}): {problem}; {DATE_KEPT}", UserWarning, stacklevel=2)
            self.writer.add(d)
            count_fields(d, held, present)
            n += 1
        for line in field_warnings(held, n, self._opened.fields, [], False, present, python=True):
            warnings.warn(line.removeprefix("warning: "), UserWarning, stacklevel=2)
        return n

    def add_paths(self, paths: str | os.PathLike | Iterable[str | os.PathLike], prune: bool = False,
                  max_doc_mb: float = 10.0,
                  commit_mb: float = 64.0) -> UpdateCounts:
        """Index files and folders incrementally and commit, like ``kavosh index``.

        Only new or changed files are read (decided by a hash of their bytes); a changed
        file's old documents are replaced; see :mod:`kavosh.index.update` for identity,
        pruning and crash safety.  Also commits anything added before.

        Args:
            paths: files and folders (.txt .md .html .json .jsonl .warc, .gz): one path (``str`` or
                :class:`os.PathLike`) or an iterable of them.
            prune: remove documents of files no longer found under ``paths`` (only under them).
            max_doc_mb: skip (and report) larger documents, in MB of UTF-8 text.
            commit_mb: commit after about this much text, in MB.
        Returns:
            :class:`~kavosh.index.update.UpdateCounts`: files new, changed, unchanged, pruned,
            failed; documents added; ``errors`` naming each input that could not be indexed.
        Raises:
            kavosh.index.store.IndexLockedError: another process is writing to the index.
            OSError: the index folder cannot be written.
            TypeError: ``paths`` is neither a path nor an iterable of paths (e.g. ``bytes``), naming the item.
        Warns:
            UserWarning: a field the index does not declare (stored and shown, not searched, filtered or
                counted), once per call with the number of documents holding it, as :meth:`add` and
                ``kavosh index`` warn.
        """
        update = Update(self.writer, path_list(paths), prune=prune, max_bytes=int(max_doc_mb * 1_000_000))
        since_commit = n = 0
        held: Counter[str] = Counter()  # field name → documents holding a value (field_warnings)
        present: Counter[str] = Counter()
        for item in update.items():
            if isinstance(item, Document):
                self.writer.add(item)
                count_fields(item, held, present)
                n += 1
                since_commit += doc_bytes(item)
                if update.commit_due(since_commit, commit_mb * 1_000_000):
                    update.commit(table=False)  # the last commit updates the completion table
                    since_commit = 0
        update.commit()
        for line in field_warnings(held, n, self._opened.fields, [], False, present, python=True):
            warnings.warn(line.removeprefix("warning: "), UserWarning, stacklevel=2)
        return update.counts

    def delete(self, doc_id: str) -> bool:
        """Delete a document by id (visible after :meth:`commit`).

        Returns:
            Whether the index had a document with this id (committed, or added since); ``False`` is what
            ``DELETE /api/documents/{id}`` answers with 404.
        """
        return self.writer.delete(str(doc_id))

    def commit(self) -> None:
        """Make changes durable and visible, atomically."""
        if self._writer is not None:
            self._writer.commit()

    def search(self, query: str, limit: int = 10, offset: int = 0, snippets: bool = True,
               exact: bool = False, date_from: str | None = None, date_to: str | None = None,
               collapse: bool = True, group: str | None = None, mode: str | None = None,
               filter: Mapping | None = None, facets: str | list[str] | None = None, sort: str | None = None,
               disjunctive: bool = False) -> SearchResults:
        """Search; see :func:`kavosh.engine.search` for the arguments and errors
        (``exact=True``: no keyboard-layout rewrite; ``date_from``/``date_to``: date range, either calendar;
        ``collapse=False``: every near-duplicate shown; ``group=``: only that group's members;
        ``mode=``: ``"lexical"``, ``"dense"`` or ``"hybrid"``, default hybrid when the index has vectors;
        ``filter=``/``facets=``/``sort=``: declared fields, docs/fields.md).

        Warns:
            UserWarning: the first search of an index this object created (:attr:`created`) when it is
                still empty and nothing was added: the path was perhaps mistyped (``kavosh.Index("typo")`` creates ``typo/``).
        """
        if self._warn_empty:
            self._warn_empty = False
            if self._writer is None and len(self) == 0:  # (nothing added yet: a search before any add)
                warnings.warn(f"the index at {self.path} did not exist: kavosh.Index() created it, empty, so this "
                              "search finds nothing (a mistyped path? create=False opens an existing index "
                              "only, create=True creates one without this warning; add() and commit() fill "
                              "it)", UserWarning, stacklevel=2)
        return search(self._opened, self.analyzer, query, limit=limit, offset=offset, snippets=snippets,
                       exact=exact, date_from=date_from, date_to=date_to, collapse=collapse, group=group,
                       mode=mode, filter=filter, facets=facets, sort=sort, disjunctive=disjunctive)

    def embed(self, progress=None) -> dict[str, int]:
        """Compute passage vectors for every committed document that has none (and drop stale ones),
        like ``kavosh embed``; from then on every :meth:`commit` keeps them in step and searches are
        hybrid by default.  Vectors made by another model or from another text form (an older Kavosh:
        :mod:`kavosh.dense.text`) are dropped and every document embedded again.  Takes the writer lock.
        Returns the counts of :func:`kavosh.index.embedding.sync_vectors`."""
        from .index.embedding import sync_vectors

        self.writer  # the lock: no commit may happen while the vectors are synced
        return sync_vectors(self._opened, create=True, progress=progress)

    @property
    def has_vectors(self) -> bool:
        """Whether the index has passage vectors (searches default to hybrid)."""
        return has_vectors(self.path)

    def highlight(self, text: str, query: str) -> list[Segment]:
        """``text`` (a document's, for its page) as segments with the words of ``query`` marked,
        as the query's results mark them; bidi controls are dropped from the display.

        Raises:
            kavosh.query.parse.QuerySyntaxError: the query cannot be run.
        """
        searcher = current_searcher(self._opened)
        plan = make_plan(query, self.analyzer, IndexStats(self._opened, self.analyzer, searcher))
        return highlight_text(text, plan, self.analyzer)

    def set_synonyms(self, text: str) -> None:
        """Install synonym rules for this index (used by the next search; no reindex); ``""`` removes them.

        Raises:
            kavosh.query.synonyms.SynonymError: the text does not parse (the message names the line).
        """
        from .query.synonyms import install

        install(self.path, text, self.analyzer)

    def group_of(self, doc_id: str) -> str | None:
        """The near-duplicate group id of a document (for ``search(group=...)``), or ``None``
        when there is no document with this id."""
        import tantivy

        from .index.dedup import format_group

        searcher = current_searcher(self._opened)
        res = searcher.search(tantivy.Query.term_query(self._opened.schema, S.ID, str(doc_id)), limit=1)
        if not res.hits:
            return None
        group = searcher.fast_field_values(S.DUP_GROUP, [res.hits[0][1]])[0]
        return format_group(group) if group is not None else None

    def suggest(self, prefix: str, limit: int = 10) -> list[Completion]:
        """Autocomplete ``prefix`` with the index's words, phrases and titles (a Latin prefix also through its
        wrong-layout and Finglish readings, :func:`kavosh.query.prefixes.latin_readings`); see
        :func:`kavosh.search.suggest.suggest` for the ranking and errors."""
        from .query.prefixes import latin_readings

        current_searcher(self._opened)  # the reader at the last commit
        return _suggest(self._opened, self.analyzer, prefix, limit=limit, readings=latin_readings)

    def speller(self):
        """The :class:`kavosh.query.spelling.Speller` of the index's current vocabulary
        (see :func:`kavosh.query.spelling.index_speller`)."""
        from .query.spelling import index_speller

        return index_speller(IndexStats(self._opened, self.analyzer, current_searcher(self._opened)), self.analyzer)

    def get(self, doc_id: str) -> Document | None:
        """The stored document with this id, or ``None``."""
        import tantivy

        searcher = current_searcher(self._opened)
        res = searcher.search(tantivy.Query.term_query(self._opened.schema, S.ID, str(doc_id)), limit=1)
        if not res.hits:
            return None
        doc = searcher.doc(res.hits[0][1])
        stored = load_stored(doc)
        return Document(id=str(doc_id), title=stored.get("title", ""), text=stored.get("text", ""),
                        url=stored.get("url", ""), date=stored.get("date", ""),
                        fields=stored.get("fields", {}), source=stored.get("source", ""),
                        source_key=doc.get_first(S.SOURCE_KEY) or "", source_hash=doc.get_first(S.SOURCE_HASH) or "")

    def reload(self) -> None:
        """See commits made by other processes now (every search and read also does, when ``meta.json``
        changed: :func:`kavosh.search.topk.current_searcher`)."""
        current_searcher(self._opened)

    def __len__(self) -> int:
        return current_searcher(self._opened).num_docs

    @property
    def opened(self) -> OpenedIndex:
        """The underlying opened index (for the CLI and the HTTP API)."""
        return self._opened

    def close(self) -> None:
        """Release the writer lock (uncommitted changes are dropped)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
