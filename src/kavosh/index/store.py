"""Open or create a Kavosh index on disk: the one place a ``tantivy.Index`` is built.

An index folder holds tantivy's files, ``kavosh.json`` with the analyzer
version and schema version it was built with, and its field configuration
(:data:`kavosh.index.fields.CONFIG_FILE`, when it declares fields).  Opening an index built by a
different analyzer raises :class:`IndexVersionError` with what to do.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import tantivy

from ..analysis import Analyzer
from . import fields as F
from . import schema as S
from . import shards as SH
from .checkpoints import KEY as CHECKPOINTS_KEY

META_FILE = "kavosh.json"


class IndexError_(Exception):
    """Base class of index errors (named to avoid shadowing the builtin)."""


class IndexNotFoundError(IndexError_):
    """No Kavosh index at the path."""


class IndexVersionError(IndexError_):
    """The index was built by another analyzer or schema version: reindex."""


class IndexFieldsError(IndexError_):
    """The index's field configuration is unreadable or differs from the one asked for."""


class IndexLockedError(IndexError_):
    """Another process is writing to the index."""


class IndexDamagedError(IndexError_):
    """tantivy cannot read the index's own files (its ``meta.json`` or a segment file damaged or missing)."""


def tantivy_index(schema, p: Path, reuse: bool) -> tantivy.Index:
    """``tantivy.Index(schema, path=p, reuse=reuse)``, its refusal of damaged files as :class:`IndexDamagedError`
    naming the folder (tantivy raises ``ValueError`` for a corrupt ``meta.json`` or a missing segment file).

    Raises:
        IndexDamagedError: as above; the message says to delete the folder and reindex.
    """
    try:
        return tantivy.Index(schema, path=str(p), reuse=reuse)
    except ValueError as e:
        raise IndexDamagedError(f"the index at {p} is damaged: {e}; delete the folder and run `kavosh index` "
                                "again") from None


class IndexShardsError(IndexError_):
    """The shard count asked for does not fit the index, or its shards are inconsistent."""


def default_index_dir() -> Path:
    """The default index folder: ``$KAVOSH_INDEX``, else ``$XDG_DATA_HOME/kavosh/index``
    (``~/.local/share/kavosh/index``)."""
    env = os.environ.get("KAVOSH_INDEX")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "kavosh" / "index"


@dataclass
class OpenedIndex:
    """A tantivy index with our analyzer registered, plus its folder, metadata and declared fields."""

    path: Path
    index: tantivy.Index
    schema: tantivy.Schema
    meta: dict
    fields: F.FieldConfig = F.FieldConfig()
    manifest: dict | None = None
    """The manifest of a sharded index (:mod:`kavosh.index.shards`), ``None`` for one tantivy index;
    ``index`` is then the view over all shards' segments, for reading only."""


def open_index(path: str | os.PathLike, create: bool = False, analyzer: Analyzer | None = None,
               fields: F.FieldConfig | None = None, shards: int | None = None) -> OpenedIndex:
    """Open (or, with ``create=True``, create if missing) the index at ``path``.

    Args:
        path: index folder.
        create: create the folder and an empty index when none exists.
        analyzer: the analyzer whose version must match (default analyzer if None).
        fields: the field configuration to create the index with; for an existing index,
            ``None`` uses the stored one and any other must equal it.
        shards: create a sharded index of this many shards (:mod:`kavosh.index.shards`); for an
            existing index ``None`` takes it as it is and any other must equal its shard count
            (an index that is not sharded has none).
    Returns:
        :class:`OpenedIndex`.
    Raises:
        IndexNotFoundError: no index at ``path`` and ``create`` is false.
        IndexVersionError: the index was built with another analyzer/schema version.
        IndexFieldsError: ``fields`` differs from the index's configuration (the message
            says how to rebuild), or the stored configuration is unreadable.
        IndexShardsError: ``shards`` is not a count from 1 to 256, differs from the index's, or a
            shard of the index is missing.
        IndexDamagedError: tantivy cannot read the index's files (:func:`tantivy_index`).
        OSError: the folder cannot be created or read.
    """
    p = Path(path)
    analyzer = analyzer or Analyzer()
    meta_path = p / META_FILE
    if shards is not None:
        try:
            SH.check_count(shards)
        except SH.ShardError as e:
            raise IndexShardsError(str(e)) from e
    if meta_path.exists():
        try:
            config = F.load(p)
            if fields is not None:
                F.check_unchanged(p, config, fields)
                if dict(fields.weights) != dict(config.weights):  # query-time weights: kept for next searches
                    config = F.FieldConfig(config.fields, dict(fields.weights))
                    F.save(p, config)
        except F.FieldError as e:
            raise IndexFieldsError(str(e)) from e
    else:
        config = fields or F.FieldConfig()
    schema = S.build_schema(config)
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise IndexNotFoundError(f"{meta_path} is unreadable ({e}); delete the folder and reindex") from e
        if meta.get("schema_version") != S.SCHEMA_VERSION or meta.get("analyzer_version") != analyzer.version:
            raise IndexVersionError(
                f"the index at {p} was built with analyzer {meta.get('analyzer_version')} (schema "
                f"{meta.get('schema_version')}), but this Kavosh uses analyzer {analyzer.version} (schema "
                f"{S.SCHEMA_VERSION}); its terms would not match queries. Reindex: delete {p} "
                f"and run `kavosh index` again.")
        try:
            manifest = SH.read_manifest(p)
        except SH.ShardError as e:
            raise IndexShardsError(str(e)) from e
        have = manifest["shards"] if manifest else None
        if shards is not None and shards != have:
            raise IndexShardsError(
                f"the index at {p} has {f'{have} shards' if have else 'no shards'}, not {shards}; the shard count "
                f"is fixed when an index is created: index into a new folder with --shards {shards}")
        index = tantivy_index(schema, p, reuse=True)
    elif p.exists() and not p.is_dir():
        raise IndexNotFoundError(f"{p} is a file, not an index folder; give --index the folder of an index")
    elif create:
        if p.exists() and any(p.iterdir()):
            raise IndexNotFoundError(f"{p} exists and is not an empty folder or a Kavosh index; "
                                     "choose another --index")
        p.mkdir(parents=True, exist_ok=True)
        manifest = SH.create(p, schema, shards) if shards is not None else None
        index = tantivy.Index(schema, path=str(p), reuse=manifest is not None)
        F.save(p, config)
        meta = {"schema_version": S.SCHEMA_VERSION, "analyzer_version": analyzer.version}
        tmp = meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, meta_path)
    else:
        raise IndexNotFoundError(f"no Kavosh index at {p}; create one with `kavosh index PATH --index {p}` "
                                 "(or `kavosh demo` for one of a sample corpus)")
    register(index)
    return OpenedIndex(p, index, schema, meta, config, manifest)


def register(index: tantivy.Index) -> None:
    """Register Kavosh's term analyzer (:func:`kavosh.index.schema.terms_analyzer`) with ``index``."""
    index.register_tokenizer(S.TERMS_TOKENIZER, S.terms_analyzer())


def index_writer(opened: OpenedIndex, heap_size: int, num_threads: int = 0):
    """A tantivy writer of ``opened``: its ``IndexWriter``, or for a sharded index a
    :class:`kavosh.index.shards.ShardedWriter` with the same methods (``heap_size`` shared by the shards).

    Raises:
        ValueError: tantivy refuses the writer (another process holds the lock).
    """
    if opened.manifest is None:
        return opened.index.writer(heap_size=heap_size, num_threads=num_threads)
    return SH.ShardedWriter(opened.path, opened.manifest, opened.schema, register, heap_size)


def load_stored(doc: tantivy.Document, text: bool = True) -> dict:
    """Decode what a tantivy document stores: ``{"title", "text", "url", "date", "fields", "source"}``
    (the JSON of :data:`kavosh.index.schema.STORED` and, unless ``text`` is false, the text of
    :data:`kavosh.index.schema.STORED_TEXT`, the longest part, kept apart so that a hit shown without
    a snippet needs not decode it); ``{}`` when it has none."""
    return _load(doc, text)[0]


def _load(doc: tantivy.Document, text: bool) -> tuple[dict, str | None]:
    """:func:`load_stored`'s dict and the document's token checkpoints (:mod:`kavosh.index.checkpoints`:
    base64, ``None`` when it has none), taken out of the dict."""
    raw = doc.get_first(S.STORED)
    stored = json.loads(bytes(raw).decode("utf-8")) if raw is not None else {}
    tokens = stored.pop(CHECKPOINTS_KEY, None)
    if text and stored:
        stored["text"] = _text(doc)
    return stored, tokens


def _text(doc: tantivy.Document) -> str:
    raw = doc.get_first(S.STORED_TEXT)
    return bytes(raw).decode("utf-8") if raw is not None else ""


CORE_FIELDS = (S.ID, S.STORED, S.STORED_TEXT)
"""The stored fields a search reads (:class:`StoredReader`): the id, the JSON and the text."""


class CoreDocument:
    """A document's :data:`CORE_FIELDS` as the compiled core read them (``TopSnapshot.stored``): the one
    method of ``tantivy.Document`` a search uses, ``get_first``."""

    __slots__ = ("_values",)

    def __init__(self, values: list) -> None:
        self._values = dict(zip(CORE_FIELDS, values, strict=True))

    def get_first(self, field: str):
        """The field's first value (``str`` for the id, ``bytes`` for the others), ``None`` when it has none
        or is not one of :data:`CORE_FIELDS`."""
        return self._values.get(field)


class StoredReader:
    """The stored documents of one search, each read and decoded once.

    A search reads some stored documents twice: the quoted-phrase check reads its window's
    (:mod:`kavosh.search.exact`) and presentation reads the page's again.  Decoding a long
    document's JSON costs about as much as the search itself, so both go through one reader.
    Holds at most the documents asked for (a window: at most :data:`kavosh.search.exact.WINDOW` documents
    and :data:`kavosh.search.exact.SCAN_BUDGET` characters of them).

    Args:
        searcher: the searcher the addresses belong to.
        core: the compiled core's ``TopSnapshot`` of ``searcher``'s commit
            (:func:`kavosh.search.topk.pinned_snapshot`), or ``None``: with it a document's
            :data:`CORE_FIELDS` are read by the core (:class:`CoreDocument`; tantivy-py's ``Searcher.doc``
            turns every stored field into Python objects first: 3x the cost on news x10), else by tantivy-py.
    """

    def __init__(self, searcher: tantivy.Searcher, core=None):
        self.searcher = searcher
        self._core = core
        self._read: dict[tuple[int, int], tuple[tantivy.Document, dict]] = {}
        self._docs: dict[tuple[int, int], tantivy.Document] = {}
        self._tokens: dict[tuple[int, int], str | None] = {}

    def document(self, address: tantivy.DocAddress) -> tantivy.Document | CoreDocument:
        """The tantivy document at ``address``, fetched once, nothing decoded (for its id alone: ties
        are ordered by id, and decoding the stored JSON cost a fifth of reading the document)."""
        key = (address.segment_ord, address.doc)
        doc = self._docs.get(key)
        if doc is None:
            doc = self._docs[key] = (CoreDocument(self._core.stored(key[0], key[1], list(CORE_FIELDS)))
                                     if self._core is not None else self.searcher.doc(address))
        return doc

    def read(self, address: tantivy.DocAddress, text: bool = True) -> tuple[tantivy.Document | CoreDocument, dict]:
        """``(document, stored)``: the tantivy document at ``address`` and its :func:`load_stored` dict
        (with ``"text"`` unless ``text`` is false: then it is decoded when a later read asks for it)."""
        key = (address.segment_ord, address.doc)
        got = self._read.get(key)
        if got is None:
            doc = self.document(address)
            stored, self._tokens[key] = _load(doc, text)
            got = self._read[key] = (doc, stored)
        elif text and got[1] and "text" not in got[1]:
            got[1]["text"] = _text(got[0])
        return got

    def checkpoints(self, address: tantivy.DocAddress) -> str | None:
        """The token checkpoints of the document at ``address`` (:mod:`kavosh.index.checkpoints`: base64;
        ``None`` when it has none), once :meth:`read` has read it."""
        return self._tokens.get((address.segment_ord, address.doc))
