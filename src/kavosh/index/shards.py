"""A sharded index: N tantivy shards in one index folder, searched as one index with its global statistics.

``kavosh index --shards N`` (or ``kavosh.Index(path, shards=N)``) creates an index folder holding

- ``shard-000/`` … ``shard-{N-1}/``: N ordinary tantivy indexes.  A document lives in shard
  :func:`shard_of` ``(id, N)``: a stable hash of its id (BLAKE2b, not Python's salted ``hash``), so
  re-indexing, replacing or deleting a document reaches the shard that holds it;
- ``kavosh-shards.json``, the manifest (:data:`MANIFEST`): the number of shards, the hash and the
  shard folders;
- the index-wide files of any Kavosh index beside them: ``kavosh.json``, the field configuration, the
  near-duplicate band table (:mod:`kavosh.index.groups`: one table for all shards, so a document's
  group never depends on the shard it lands in), the completion table;
- a tantivy ``meta.json`` of its own, the **view**: the list of every shard's committed segments
  (:func:`write_view`), whose files are hard links to the shards' files.

**Global statistics.**  BM25 needs the number of documents, each term's document frequency and the
average field length *of the whole index*; a shard scoring with its own statistics ranks differently
(89.7% top-10 overlap with one index, measured).  tantivy computes these statistics from the
segments its searcher holds, and tantivy-py offers no way to pass other statistics
(``Bm25StatisticsProvider`` is Rust-only).  The view is a tantivy index whose segments are all the
shards' segments, so opening it gives a searcher over the whole index: its scores are those of a
single index holding the same segments, bit for bit, and every search path (ranking, collapsing,
facets, sorting, the CLI and HTTP server) runs on it unchanged.  A shard is the unit of writing
(one tantivy writer per shard, :class:`ShardedWriter`; one build task per shard on a cluster) and of
the distributed search's work.

**Hard links.**  A shard's writer deletes the files of segments it merged away; the view's links
keep them readable until the next :func:`write_view` (after every commit) drops them, so a reader
of the previous view never loses a file.  (Links need the shards and the view on one file system:
they are in one folder.)

Limits: commits of the shards are not atomic together (a crash between two shards' commits leaves
the earlier ones committed; the next run of ``kavosh index`` re-reads the files whose documents are
missing); the number of shards is fixed when the index is created.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import tantivy

from .schema import ID, SHARD

MANIFEST = "kavosh-shards.json"
"""The manifest file of a sharded index."""
MAX_SHARDS = 256
"""The most shards an index may have."""
MANIFEST_VERSION = 1


class ShardError(Exception):
    """A sharded index is inconsistent or asked for an impossible shard count."""


def shard_of(doc_id: str, shards: int) -> int:
    """The shard of document ``doc_id`` among ``shards``: the first 8 bytes of BLAKE2b of its UTF-8
    bytes, big-endian, modulo ``shards`` (stable across processes, machines and Python versions).

    >>> [shard_of(i, 4) for i in ("1", "2", "doc-3")]
    [2, 0, 2]
    """
    digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def check_count(shards: int) -> None:
    """Raise :class:`ShardError` unless ``1 <= shards <=`` :data:`MAX_SHARDS`."""
    if not isinstance(shards, int) or isinstance(shards, bool) or not 1 <= shards <= MAX_SHARDS:
        raise ShardError(f"the number of shards (--shards, shards=) must be a whole number from 1 to {MAX_SHARDS}, "
                         f"not {shards!r}")


def read_manifest(path: str | os.PathLike) -> dict | None:
    """The manifest of the index at ``path`` (``{"version", "shards", "hash", "folders"}``), or ``None``
    for an index that is not sharded.

    Raises:
        ShardError: the manifest is unreadable or names missing shard folders.
    """
    p = Path(path) / MANIFEST
    if not p.exists():
        return None
    try:
        manifest = json.loads(p.read_text(encoding="utf-8"))
        folders = manifest["folders"]
        if manifest.get("version") != MANIFEST_VERSION or len(folders) != manifest["shards"]:
            raise ValueError("unknown version or wrong number of folders")
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ShardError(f"{p} is unreadable ({e}); delete {path} and index again") from e
    missing = [f for f in folders if not (Path(path) / f / "meta.json").exists()]
    if missing:
        raise ShardError(f"the sharded index at {path} lacks its shard(s) {', '.join(missing)}; "
                         f"delete {path} and index again")
    return manifest


def shard_paths(path: str | os.PathLike, manifest: dict) -> list[Path]:
    """The shard folders of the index at ``path``, in shard order."""
    return [Path(path) / f for f in manifest["folders"]]


def create(path: Path, schema: tantivy.Schema, shards: int) -> dict:
    """Create the ``shards`` empty shard indexes of a new index at ``path`` (an existing, empty folder),
    its manifest and its (empty) view; returns the manifest."""
    check_count(shards)
    folders = [f"shard-{i:03d}" for i in range(shards)]
    for f in folders:
        (path / f).mkdir()
        tantivy.Index(schema, path=str(path / f), reuse=False)
    manifest = {"version": MANIFEST_VERSION, "shards": shards, "hash": "blake2b-64-mod", "folders": folders}
    _write_json(path / MANIFEST, manifest)
    write_view(path, manifest)
    return manifest


def _write_json(path: Path, value) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def write_view(path: str | os.PathLike, manifest: dict) -> int:
    """Make the view (the index folder's own ``meta.json``) list every shard's committed segments,
    hard-linking their files into the folder, then drop the links of segments no shard has any more.

    The view's opstamp is the sum of the shards' opstamps (it grows with every commit of any shard).
    Returns that opstamp.
    """
    root = Path(path)
    metas = [json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in shard_paths(root, manifest)]
    segments, wanted = [], set()
    for folder, meta in zip(shard_paths(root, manifest), metas, strict=True):
        for seg in meta["segments"]:
            prefix = seg["segment_id"].replace("-", "")
            segments.append(seg)
            for f in folder.iterdir():
                if f.name.startswith(prefix):
                    wanted.add(f.name)
                    target = root / f.name
                    if not target.exists():
                        try:
                            os.link(f, target)
                        except FileExistsError:
                            pass
    view = dict(metas[0])
    view["segments"] = segments
    view["opstamp"] = sum(int(m.get("opstamp", 0)) for m in metas)
    _write_json(root / "meta.json", view)
    for f in root.iterdir():  # links of segments merged away or deleted since the last view
        if f.is_file() and len(f.name) > 33 and f.name[32] == "." and f.name not in wanted \
                and all(c in "0123456789abcdef" for c in f.name[:32]):
            try:
                f.unlink()
            except FileNotFoundError:
                pass
    return view["opstamp"]


class ShardedWriter:
    """The writer of a sharded index: one tantivy ``IndexWriter`` per shard, behind the methods of one
    (what :class:`kavosh.index.writer.Writer` calls), so the single-shard and sharded paths are one.

    Args:
        path: the index folder.
        manifest: its manifest (:func:`read_manifest`).
        schema: the index schema.
        register: called with each shard's ``tantivy.Index`` to register the term analyzer.
        heap_size: tantivy's indexing heap in bytes, shared equally by the shards (one indexing thread
            each; tantivy needs about 15 MB per writer).
    Raises:
        ValueError: tantivy refuses a writer (the message names a lock held by another process).
    """

    def __init__(self, path: Path, manifest: dict, schema: tantivy.Schema, register, heap_size: int) -> None:
        self.path = Path(path)
        self.manifest = manifest
        self.shards = manifest["shards"]
        per_shard = max(15_000_000, heap_size // self.shards)
        self._indexes = []
        self._writers = []
        for p in shard_paths(self.path, manifest):
            ix = tantivy.Index(schema, path=str(p), reuse=True)
            register(ix)
            self._indexes.append(ix)
            self._writers.append(ix.writer(heap_size=per_shard, num_threads=1))

    def _route(self, field: str, value) -> list:
        return [self._writers[shard_of(str(value), self.shards)]] if field == ID else self._writers

    def add_document(self, doc: tantivy.Document) -> int:
        """Add ``doc`` to the shard of its id, with its shard number (:data:`kavosh.index.schema.SHARD`)."""
        shard = shard_of(doc.get_first(ID), self.shards)
        doc.add_unsigned(SHARD, shard)
        return self._writers[shard].add_document(doc)

    def delete_documents_by_term(self, field: str, value) -> int:
        """Delete by term: the one shard of an id, every shard for any other field (a source file's
        documents are spread over the shards)."""
        stamp = 0
        for w in self._route(field, value):
            stamp = w.delete_documents_by_term(field, value)
        return stamp

    def delete_documents_by_query(self, query: tantivy.Query) -> int:
        """Delete the documents matching ``query`` in every shard."""
        stamp = 0
        for w in self._writers:
            stamp = w.delete_documents_by_query(query)
        return stamp

    def commit(self) -> int:
        """Commit every shard, then write the view (:func:`write_view`); returns the view's opstamp."""
        for w in self._writers:
            w.commit()
        return write_view(self.path, self.manifest)

    def rollback(self) -> int:
        """Drop every shard's uncommitted changes."""
        for w in self._writers:
            w.rollback()
        return 0

    def wait_merging_threads(self) -> None:
        """Wait for every shard's merges (this consumes the writers), then write the view of the merged
        segments."""
        for w in self._writers:
            try:
                w.wait_merging_threads()
            except Exception:  # noqa: BLE001 - a writer already consumed
                pass
        self._writers = []
        write_view(self.path, self.manifest)
