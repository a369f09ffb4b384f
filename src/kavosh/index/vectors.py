"""Passage vectors beside the tantivy index: windows of documents, int8, with an ANN graph.

Layout (folder ``vectors/`` inside the index folder):

* ``ann-<opstamp>-<n>.usearch`` — a usearch index (HNSW, cosine, **int8** vectors; the only
  copy of the vectors), one key per passage window;
* ``vectors.sqlite`` — which document, content hash and character window each key is, and
  the state: the model, the ANN file in use and the tantivy ``opstamp`` it matches.

**Consistency with tantivy.**  tantivy is the truth; the vectors are derived from its
committed documents.  A document's vectors are kept while a committed document has the
same id *and* the same content hash (BLAKE2b of title and text, :func:`content_key`);
:meth:`VectorStore.sync` drops the rest (deleted, replaced, or never committed) and embeds
committed documents that have none.  The state records the tantivy ``opstamp`` (from
tantivy's ``meta.json``) the vectors were synced against.  A sync writes the new ANN file
under a new name, then commits the sqlite transaction that points at it (the atomic
step), then deletes the old file, so ``kill -9`` at any moment leaves either the old or
the new pair.  When the recorded opstamp differs from tantivy's (a commit made while the
vectors were not synced, or a crash between a tantivy commit and the sync), searches
check every dense candidate's hash against the committed document (:meth:`stale`) until
the next sync, and the next sync is a full reconciliation.  Near-duplicate groups need
nothing here: collapsing works on tantivy's group field for every hit, whatever found it.

**Windows.**  A long document is split into overlapping passages, each embedded with the title in
front, at most :data:`MAX_WINDOWS` per document (:mod:`kavosh.index.vector_windows`); a document's
dense score is its best window's, and that window is its snippet when no query word matches.

**Search.**  Below :data:`EXACT_BELOW` windows the search is exact (usearch brute force
over the int8 vectors); above it HNSW (connectivity 16, expansion 64).  On disk the ANN
file is about 0.35× the raw float32 vector bytes (``benchmarks/dense.py``).  A search takes
the ``3 k`` nearest windows (:meth:`VectorStore.nearest`), keeps each document's best and
returns the ``k`` best documents (:func:`best_documents`); equal scores are ordered by window
then document id, so the answer does not depend on the order usearch returns ties in.

**Shards.**  A sharded index (:mod:`kavosh.index.shards`) keeps each shard's vectors in the
shard's own folder (``shard-NNN/vectors/``), synced against that shard's commits
(:func:`vector_folders`).  A search over several stores (:func:`search_stores`: in-process, or
on a cluster where each shard actor searches its own) merges their nearest windows before
keeping the best per document, and is exact when the stores hold fewer than
:data:`EXACT_BELOW` windows *together*, so it returns what one store holding every vector
would: a window's vector is a function of its text alone (:mod:`kavosh.dense.encoder`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema as S
from .store import load_stored
from .vector_model import OtherModelError, VectorStoreError, outdated_message, store_model
from .vector_windows import (  # noqa: F401  (re-exported: the vectors' public names)
    EXACT_BELOW, MAX_DENSE_CANDIDATES, MAX_WINDOWS, WINDOW_STRIDE, WINDOW_WORDS, DenseHit, Window, WindowHit,
    best_documents, content_key, search_stores, wanted_windows, windows)

if TYPE_CHECKING:
    import numpy as np

VECTOR_DIR = "vectors"
DB_FILE = "vectors.sqlite"
CONNECTIVITY = 16
EXPANSION_SEARCH = 64


def tantivy_opstamp(index_path: Path) -> int:
    """The opstamp of tantivy's last commit (from its ``meta.json``), 0 for a new index."""
    try:
        return int(json.loads((index_path / "meta.json").read_text(encoding="utf-8")).get("opstamp", 0))
    except (OSError, ValueError):
        return 0


def vector_folders(index_path: str | os.PathLike) -> list[Path]:
    """The folders whose ``vectors/`` hold the index's vectors: the index folder, or for a sharded index
    (:mod:`kavosh.index.shards`) its shard folders in shard order (unless vectors made before shards kept
    their own are still in the index folder: that one store then serves until the next sync moves them).
    """
    root = Path(index_path)
    if (root / VECTOR_DIR / DB_FILE).exists():
        return [root]
    from .shards import read_manifest, shard_paths  # noqa: PLC0415

    manifest = read_manifest(root)
    return [root] if manifest is None else shard_paths(root, manifest)


def has_vectors(index_path: str | os.PathLike) -> bool:
    """Whether the index holds vectors (``kavosh embed`` or ``index --dense`` was run): in its folder, or in
    its first shard's for a sharded index (a sync gives every shard a store).  Asked on every search (the
    default mode): string paths and ``os.stat``, not pathlib's objects (a third of the cost)."""
    root = os.fspath(index_path)
    if os.path.exists(os.path.join(root, VECTOR_DIR, DB_FILE)):
        return True
    from .shards import MANIFEST  # noqa: PLC0415

    return (os.path.exists(os.path.join(root, MANIFEST))
            and os.path.exists(os.path.join(root, "shard-000", VECTOR_DIR, DB_FILE)))


def other_model(index_path: str | os.PathLike, wanted: str | None = None) -> str | None:
    """The model name recorded by a store of the index (every shard's for a sharded index) that is not
    ``wanted`` (default: the encoder's, :data:`kavosh.dense.text.ENCODER_NAME`), or ``None`` when every store
    is ``wanted``'s or the index has no vectors.  Cheap enough for every search (:func:`store_model`)."""
    wanted = wanted or encoder_name()
    db = os.path.join(os.fspath(index_path), VECTOR_DIR, DB_FILE)
    if os.path.exists(db):  # one store (vector_folders' first case, without pathlib: asked per search)
        dbs = [db]
    elif has_vectors(index_path):
        dbs = [os.path.join(os.fspath(f), VECTOR_DIR, DB_FILE) for f in vector_folders(index_path)]
    else:
        return None
    for db in dbs:
        made_by = store_model(db)
        if made_by is not None and made_by != wanted:
            return made_by
    return None


def outdated_vectors(index_path: str | os.PathLike, wanted: str | None = None) -> str | None:
    """When :func:`other_model` names a model, the sentence saying so and how to re-embed
    (:func:`~kavosh.index.vector_model.outdated_message`); else ``None``."""
    made_by = other_model(index_path, wanted)
    if made_by is None:
        return None
    return outdated_message(Path(index_path), made_by, wanted or encoder_name())


def encoder_name() -> str:
    """The model name this Kavosh's encoder gives its vectors (:data:`kavosh.dense.text.ENCODER_NAME`; imported
    on first use: the analyzer's tables, no numpy or onnxruntime)."""
    from ..dense.text import ENCODER_NAME  # noqa: PLC0415

    return ENCODER_NAME


class VectorStore:
    """The vectors of one index folder.

    Args:
        index_path: the index folder.
        create: create an empty store when none exists (else :class:`VectorStoreError`).
        model: the encoder name the vectors must come from (``""``: any, for reading).
        dim: the vector dimension.
        replace: a store of another model is emptied and made ``model``'s (its vectors cannot answer this
            model's queries: ``kavosh embed`` re-embeds them); :attr:`replaced` then counts the windows dropped.
    Raises:
        VectorStoreError: no store and ``create`` is false.
        OtherModelError: the store holds another model's vectors and ``replace`` is false.
    """

    def __init__(self, index_path: str | os.PathLike, create: bool = False, model: str = "", dim: int = 384,
                 replace: bool = False) -> None:
        _import_onnxruntime_first()
        from usearch.index import Index  # noqa: PLC0415 - optional dependency

        self._Index = Index
        self.index_path = Path(index_path)
        self.folder = self.index_path / VECTOR_DIR
        db_path = self.folder / DB_FILE
        if not db_path.exists() and not create:
            raise VectorStoreError(f"{self.index_path}: no vectors (run 'kavosh embed --index {self.index_path}')")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(db_path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS windows (key INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, "
            "hash TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);"
            "CREATE INDEX IF NOT EXISTS windows_doc ON windows(doc_id);"
            "CREATE TABLE IF NOT EXISTS state (k TEXT PRIMARY KEY, v TEXT NOT NULL);")
        st = self.state()
        if not st:
            self._set_state({"model": model, "dim": str(dim), "opstamp": "-1", "ann": "", "next_key": "0"})
            st = self.state()
        self.replaced = 0
        if model and st["model"] != model:
            if not replace:
                self.db.close()
                raise OtherModelError(self.index_path, st["model"], model)
            self.replaced = self._start_over(model, dim)
            st = self.state()
        self.model, self.dim = st["model"], int(st["dim"])
        self._ann = None
        self._ann_name = None
        self._rows: dict[int, tuple[str, str, int, int]] | None = None
        self._size: tuple[str, int] | None = None

    def _start_over(self, model: str, dim: int) -> int:
        """Empty the store and record ``model`` in one sqlite transaction (the atomic step: a kill before
        it leaves the old store whole, after it an empty one of ``model`` that a sync fills and resumes),
        then remove the ANN files; returns the windows dropped."""
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            (n,) = cur.execute("SELECT COUNT(*) FROM windows").fetchone()
            cur.execute("DELETE FROM windows")
            cur.executemany("INSERT OR REPLACE INTO state (k, v) VALUES (?, ?)",
                            [("model", model), ("dim", str(dim)), ("opstamp", "-1"), ("ann", ""),
                             ("next_key", "0")])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        self.clean()
        return n

    # -- state --------------------------------------------------------------------
    def state(self) -> dict[str, str]:
        """The stored state: model, dim, opstamp, ann (file name), next_key."""
        return dict(self.db.execute("SELECT k, v FROM state").fetchall())

    def _set_state(self, values: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO state (k, v) VALUES (?, ?)", list(values.items()))

    @property
    def opstamp(self) -> int:
        """The tantivy opstamp the vectors were last synced against."""
        return int(self.state()["opstamp"])

    def stale(self) -> bool:
        """True when tantivy has committed since the last sync (dense hits must then be checked)."""
        return self.opstamp != tantivy_opstamp(self.index_path)

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM windows").fetchone()[0]

    def size(self) -> int:
        """Windows in the store (as :func:`len`, counted once per ANN file: cheap to ask per search)."""
        name = self.state()["ann"]
        if self._size is None or self._size[0] != name:
            self._size = (name, len(self))
        return self._size[1]

    def documents(self) -> int:
        """Documents with at least one vector."""
        return self.db.execute("SELECT COUNT(DISTINCT doc_id) FROM windows").fetchone()[0]

    # -- reading ------------------------------------------------------------------
    def _load(self, writable: bool = False):
        name = self.state()["ann"]
        if self._ann is not None and name == self._ann_name and (not writable or not self._ann_view):
            return self._ann
        path = self.folder / name if name else None
        if path is not None and path.exists():
            ann = self._Index.restore(str(path), view=not writable)
            if ann is None:
                raise VectorStoreError(f"{path}: not a usearch index")
        else:
            ann = self._new_ann()
        self._ann, self._ann_name, self._ann_view = ann, name, not writable
        self._rows = None
        return ann

    def _new_ann(self):
        return self._Index(ndim=self.dim, metric="cos", dtype="i8", connectivity=CONNECTIVITY,
                           expansion_search=EXPANSION_SEARCH)

    def _row_map(self) -> dict[int, tuple[str, str, int, int]]:
        if self._rows is None:
            self._rows = {k: (d, h, s, e) for k, d, h, s, e in
                          self.db.execute("SELECT key, doc_id, hash, start, end FROM windows")}
        return self._rows

    def search(self, query: np.ndarray, k: int = 100) -> list[DenseHit]:
        """The ``k`` documents whose best window is nearest to ``query`` (a unit vector).

        Returns:
            :class:`DenseHit` list, best first (equal scores by document id); scores are cosine
            similarities in [-1, 1].
        Raises:
            ValueError: ``k`` outside 1..:data:`MAX_DENSE_CANDIDATES` or a vector of another dimension.
        """
        return search_stores([self], query, k)

    def nearest(self, query: np.ndarray, wanted: int, exact: bool) -> list[WindowHit]:
        """The ``wanted`` windows nearest to ``query`` (a unit vector), by brute force when ``exact``, else
        through the HNSW graph; windows whose row is missing (a sync killed mid-way) are left out.

        Raises:
            ValueError: a vector of another dimension, or ``wanted`` below 1.
        """
        import numpy as np  # noqa: PLC0415 - on first use: a writer without vectors never needs it

        if query.shape != (self.dim,):
            raise ValueError(f"query vector of shape {query.shape}, expected ({self.dim},)")
        if wanted < 1:
            raise ValueError(f"wanted must be at least 1, got {wanted}")
        ann = self._load()
        rows = self._row_map()
        n = len(ann)
        if n == 0:
            return []
        m = ann.search(query.astype(np.float32), min(n, wanted), exact=exact)
        out = []
        for key, dist in zip(m.keys.tolist(), m.distances.tolist(), strict=True):
            row = rows.get(int(key))
            if row is not None:
                out.append((1.0 - float(dist), row[0], row[2], row[3]))
        return out

    def hash_of(self, doc_id: str) -> str | None:
        """The content hash the vectors of ``doc_id`` were made from, or ``None``."""
        r = self.db.execute("SELECT hash FROM windows WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone()
        return r[0] if r else None

    def disk_bytes(self) -> int:
        """Bytes of the ANN file (vectors and graph) and the sqlite window table."""
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    # -- writing ------------------------------------------------------------------
    def sync(self, searcher, embed: Callable[[list[str]], np.ndarray], opstamp: int,
             progress: Callable[[int, int, float], None] | None = None, checkpoint_s: float = 60.0,
             batch: int = 256) -> dict[str, int]:
        """Make the vectors match the committed documents of ``searcher``.

        The caller holds the index's writer lock, so ``searcher`` (opened after the last
        commit, whose opstamp is ``opstamp``) stays the committed state throughout.  Vectors
        of documents that are gone or changed are removed; documents without vectors are
        embedded in batches of ``batch`` windows, saving a checkpoint at least every
        ``checkpoint_s`` seconds (so a killed ``kavosh embed`` resumes where it was).

        Args:
            searcher: a tantivy searcher of the committed state.
            embed: ``texts -> (n, dim)`` unit vectors (:meth:`kavosh.dense.encoder.Encoder.passages`).
            opstamp: tantivy's opstamp of that state (:func:`tantivy_opstamp`).
            progress: called as ``progress(done_documents, todo_documents, elapsed_s)``.
        Returns:
            counts: ``removed`` windows, ``embedded`` documents, ``windows`` added, ``documents`` total.
        """
        import numpy as np  # noqa: PLC0415 - on first use: a writer without vectors never needs it

        import tantivy  # noqa: PLC0415

        self.clean()
        committed: dict[str, tuple[str, int]] = {}  # doc_id -> (hash, address)
        n_docs = searcher.num_docs
        if n_docs:
            res = searcher.search(tantivy.Query.all_query(), limit=n_docs)
            for _score, addr in res.hits:
                doc = searcher.doc(addr)
                stored = load_stored(doc)
                committed[doc.get_first(S.ID)] = (content_key(stored.get("title", ""), stored.get("text", "")),
                                                  addr)
        have: dict[str, str] = dict(self.db.execute("SELECT doc_id, hash FROM windows GROUP BY doc_id"))
        dead_docs = [d for d, h in have.items() if committed.get(d, ("",))[0] != h]
        ann = self._load(writable=True)
        removed = 0
        if dead_docs:
            keys: list[int] = []
            for chunk in _chunks(dead_docs, 500):
                keys += [k for (k,) in self.db.execute(
                    f"SELECT key FROM windows WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk)]
            if keys:
                ann.remove(np.asarray(keys, dtype=np.uint64))
            removed = len(keys)
        todo = [d for d in committed if have.get(d) != committed[d][0]]
        # the deletions are recorded with the first checkpoint (or alone when nothing is to embed)
        pending_delete = dead_docs
        next_key = int(self.state()["next_key"])
        old_opstamp = int(self.state()["opstamp"])
        t0 = last = time.monotonic()
        done = added = 0
        unrecorded: list[tuple[int, str, str, int, int]] = []  # in the ANN, not yet in sqlite
        brows: list[tuple[int, str, str, int, int]] = []
        btexts: list[str] = []
        if progress:
            progress(0, len(todo), 0.0)

        def embed_batch() -> None:
            nonlocal added
            if btexts:
                vecs = embed(btexts)
                ann.add(np.asarray([r[0] for r in brows], dtype=np.uint64), vecs.astype(np.float32))
                added += len(brows)
                unrecorded.extend(brows)
                brows.clear()
                btexts.clear()

        def checkpoint(final: bool) -> None:
            nonlocal pending_delete
            embed_batch()
            self._commit(ann, unrecorded, pending_delete, opstamp if final else old_opstamp, next_key)
            unrecorded.clear()
            pending_delete = []

        for doc_id in todo:
            h, addr = committed[doc_id]
            stored = load_stored(searcher.doc(addr))
            for w in windows(stored.get("title", ""), stored.get("text", "")):
                brows.append((next_key, doc_id, h, w.start, w.end))
                btexts.append(w.text)
                next_key += 1
            done += 1
            if len(btexts) >= batch:
                embed_batch()
                now = time.monotonic()
                if now - last >= checkpoint_s:
                    checkpoint(final=False)
                    last = now
                if progress:
                    progress(done, len(todo), now - t0)
        checkpoint(final=True)
        if progress:
            progress(done, len(todo), time.monotonic() - t0)
        return {"removed": removed, "embedded": len(todo), "windows": added, "documents": self.documents()}

    def _commit(self, ann, rows, dead_docs: Iterable[str], opstamp: int, next_key: int) -> None:
        """Write the ANN under a new name, then point the state at it in one sqlite transaction."""
        name = f"ann-{opstamp}-{next_key}-{time.time_ns() % 10**9}.usearch"
        tmp = self.folder / (name + ".tmp")
        ann.save(str(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.folder / name)
        _fsync_dir(self.folder)
        old = self.state()["ann"]
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            dead = list(dead_docs)
            for chunk in _chunks(dead, 500):
                cur.execute(f"DELETE FROM windows WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk)
            cur.executemany("INSERT OR REPLACE INTO windows (key, doc_id, hash, start, end) VALUES (?, ?, ?, ?, ?)",
                            rows)
            cur.executemany("INSERT OR REPLACE INTO state (k, v) VALUES (?, ?)",
                            [("opstamp", str(opstamp)), ("ann", name), ("next_key", str(next_key))])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        self._ann_name = name
        self._rows = None
        if old and old != name:
            (self.folder / old).unlink(missing_ok=True)
        self.clean()

    def clean(self) -> None:
        """Remove ANN files the state does not point at (left by a killed sync)."""
        current = self.state()["ann"]
        for p in self.folder.glob("ann-*.usearch*"):
            if p.name != current:
                p.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the sqlite connection and drop the memory map."""
        self._ann = None
        self.db.close()


def _import_onnxruntime_first() -> None:
    """Import onnxruntime before usearch: the other order crashes the process (segmentation fault in
    onnxruntime's import, seen with usearch 2.26 and onnxruntime 1.32 here)."""
    try:
        import onnxruntime  # noqa: F401, PLC0415
    except ImportError:
        pass


def _chunks(items: list, n: int) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _fsync_dir(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
