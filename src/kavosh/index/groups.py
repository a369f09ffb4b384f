"""Near-duplicate groups at index time: an LSH band table beside the index, O(1) work per document.

Each document with a fingerprint (:func:`kavosh.index.dedup.fingerprint`) gets a
*sequence number* in the order documents are given to the writer.  The band table
maps each of its :data:`~kavosh.index.dedup.BANDS` LSH band keys to the documents
holding it (Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*, ch. 3.4),
and keeps each document's group, signature, id and source file.  It is a SQLite
database, ``kavosh-groups.sqlite`` in the index folder (SQLite is the well-kept
library for a persistent, incrementally updated table with deletions; the tantivy
index itself holds only each document's group id and joined flag).

**The rule** (a pure function of the sequence of adds and deletes, so the same input
gives the same groups whatever the commit batches, ``--jobs`` or process restarts):
for each of its bands, the :data:`MAX_PER_BAND` live documents with the highest sequence
numbers holding that band are looked up; a document found in at least
:data:`MIN_SHARED_BANDS` of the bands is a *candidate*, and only the
:data:`MAX_CANDIDATES` candidates sharing the most bands (ties: the highest sequence
number) have their signatures read and compared.  The document joins the group of the
compared candidate with the highest estimated Jaccard similarity, if at least
:data:`~kavosh.index.dedup.THRESHOLD` (ties: the lowest sequence number), else starts
a new group (:func:`~kavosh.index.dedup.new_group_id`).  Two documents of Jaccard
similarity ``J`` agree on a band with probability ``J**2`` (two MinHash rows), so the
number of shared bands estimates ``J`` before any signature is read: a copy with small
edits (``J`` about 0.8) shares about 10 of the 16, while an unrelated document that
shares a paragraph (``J`` about 0.1) shares one band with probability 0.14 and two or more
with probability 0.01 (issue #13: on the generated scale corpus, where
such coincidences grow with the index, candidates compared per document went from 13.0
to 3.4 at 200k documents).  The price is at the threshold: a pair of ``J = 0.5`` is a
candidate with probability 0.94 instead of 0.99 (0.99 either way at ``J = 0.6``).  A
deleted or replaced document leaves the table at once (before the commit), so it is
nobody's candidate afterwards; the groups of documents that joined it earlier are labels
and stay as they are (single-link groups are not split by a deletion).  A replaced
document is a new document at the end of the sequence.

**Cost per document** (counted in :attr:`Grouper.statements`, tested for linearity):
one lookup of its id, one statement for the candidates of all its bands (each a
``LIMIT`` on a primary-key range of each of the two band tables, see
:meth:`Grouper.prepare_commit`), one for at most :data:`MAX_CANDIDATES` signatures, one insert of the
document and one of its band rows; no query to the tantivy index.

**Atomicity with tantivy's commits.**  The table's changes since the last commit are
one SQLite transaction.  :meth:`Grouper.prepare_commit` commits it together with an
undo log (the rows deleted since the last commit, and the first sequence number of
the batch) *before* tantivy commits, and :meth:`Grouper.committed` records tantivy's
new opstamp and drops the log *after*.  On opening, a table whose recorded opstamp
differs from the index's last commit finished the batch and only needs the opstamp;
a table with an undo log and the same opstamp prepared a commit that never happened,
and the log undoes it.  So after ``kill -9`` at any point the table matches the index.

**The compiled core** (``rust/kavosh-index/src/groups.rs``, ``kavosh._core.Grouper``) implements this
module's rule over the same file, schema and commit protocol, method for method; :func:`open_grouper`
chooses it when the core is built, and the Rust writer then assigns a document's group with no Python
per document.  It holds the batch's new rows in memory (``rust/kavosh-index/src/band_batch.rs``) and writes them
into the batch's transaction at :meth:`Grouper.prepare_commit` (or every 16,384 documents), so a document added
to a new index costs no SQLite statement unless its band keys may be in the file; its work counters count the
statements of this module's rule all the same.  :class:`Grouper` here is the specification
(``KAVOSH_PURE_PYTHON=1``); ``tests/test_groups.py`` (``test_the_compiled_band_table_is_the_specification``)
checks that both give the same groups, table rows and work counts.
The table's storage (schema, packed band keys, the band filter) is :mod:`kavosh.index.band_table`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..analysis.normalize import compiled_extension
from . import dedup
from .band_table import (
    _INSERT_BANDS_SQL,
    _SCHEMA,
    FILTER_BITS_PER_KEY,
    MIN_FILTER_BITS,
    BandFilter,
    _keys,
    _pack_keys,
    _unpack_keys,
    index_opstamp,
)

__all__ = ["FILTER_BITS_PER_KEY", "MIN_FILTER_BITS", "BandFilter", "GroupTableError", "Grouper", "index_opstamp",
           "open_grouper"]

TABLE_FILE = "kavosh-groups.sqlite"
"""The band table's file in the index folder."""

MAX_PER_BAND = 8
"""Documents looked up per band: the most recent live documents holding it (band table rows, not
signatures: a bounded read however many documents share a band)."""

MAX_CANDIDATES = 8
"""Candidates whose signatures are read and compared, at most: those sharing the most bands with the
document.  Bounds the signature reads per document whatever the size of the index (before issue #13's
change up to ``BANDS * MAX_PER_BAND`` = 128, and on average growing with the index)."""

MIN_SHARED_BANDS = 2
"""Bands a document must share with the one being added to be a candidate (one shared band is what an
unrelated document sharing a paragraph often has; see the module docstring for the price)."""

DEFAULT_CACHE_MB = 64
"""SQLite page cache of the band table (MB): the table's share of the indexing memory budget."""
DEFAULT_FILTER_MB = 32
"""The band filter's largest size (MB; :class:`BandFilter`): 2**28 bits, 12 bits a key for 22 million
band keys (1.4 million documents)."""

_VERSION = f"{dedup.ALGORITHM}:{dedup.SEED}:{dedup.NUM_PERM}:{dedup.BANDS}x{dedup.ROWS}:{dedup.SHINGLE}"

_CANDIDATES_SQL = [" UNION ALL ".join(
    f"SELECT * FROM (SELECT {i}, seq FROM {table} WHERE band = ?{i + 1} ORDER BY seq DESC LIMIT {MAX_PER_BAND})"
    for i in range(n) for table in ("bands", "bands_new")) for n in range(dedup.BANDS + 1)]
"""``_CANDIDATES_SQL[n]``, one statement for ``n`` band keys (those the band filter lets through): the
:data:`MAX_PER_BAND` most recent documents of each key's band in each of the two tables, as ``(the key's
place among the n, seq)``.  (One statement for all 16 keys with the others bound to NULL cost about twice
as much: SQLite opens each subquery's cursor anyway.)"""

_MERGE_MIN_ROWS = 1 << 18
"""``bands_new`` is merged into ``bands`` when it holds this many rows or a quarter of ``bands``
(whichever is more, up to half the page cache): see :meth:`Grouper.prepare_commit`."""
_CACHED_ROW_BYTES = 48
"""Page-cache bytes a band row takes, about (for the merge threshold)."""


class GroupTableError(Exception):
    """The band table is missing or does not belong to this index (delete the index folder and reindex)."""


def open_grouper(index_dir: Path, cache_mb: int = DEFAULT_CACHE_MB, filter_mb: int = DEFAULT_FILTER_MB):
    """The band table of the index in ``index_dir``: the compiled core's ``Grouper`` (same rule, same
    file; see the module docstring) when it is built, else :class:`Grouper`.  Arguments and errors as
    :class:`Grouper`'s (an SQLite failure in the core's is an ``OSError`` naming the file)."""
    core = compiled_extension()
    if core is None or getattr(core, "GROUP_TABLE_VERSION", None) != _VERSION:
        return Grouper(index_dir, cache_mb, filter_mb)
    try:
        return core.Grouper(str(index_dir), index_opstamp(Path(index_dir)), cache_mb, filter_mb)
    except ValueError as e:  # missing, or of other fingerprints
        raise GroupTableError(str(e)) from None


class Grouper:
    """Assigns each added document to a near-duplicate group (used by the index writer).

    Call :meth:`forget` / :meth:`forget_source` when documents are deleted or replaced,
    :meth:`assign` for each added document in order, and around each tantivy commit
    :meth:`prepare_commit` then :meth:`committed` (or :meth:`rolled_back`).

    Args:
        index_dir: the index folder (the table lives there as :data:`TABLE_FILE`).
        cache_mb: SQLite page cache in MB (part of the writer's memory budget).
        filter_mb: the band filter's largest size in MB (part of the writer's memory budget).
    Raises:
        GroupTableError: the index has commits but no band table, or one of another
            fingerprint version.

    Attributes:
        statements: SQLite statements run so far (the index work of grouping).
        lookups: band lookups in the table so far (B-tree descents, two a band key the filter lets
            through: one in each of the two band tables).
        candidates: candidate signatures compared so far.
        documents: documents given to :meth:`assign` so far.
    """

    def __init__(self, index_dir: Path, cache_mb: int = DEFAULT_CACHE_MB, filter_mb: int = DEFAULT_FILTER_MB) -> None:
        path = Path(index_dir) / TABLE_FILE
        opstamp = index_opstamp(Path(index_dir))
        fresh = not path.exists()
        if fresh and opstamp > 0:
            raise GroupTableError(f"{path} is missing (the index's near-duplicate table); "
                                  f"delete {index_dir} and index again")
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
        self._db.executescript(_SCHEMA)
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        if fresh or not meta:
            meta = {"version": _VERSION, "opstamp": str(opstamp), "next_seq": "1", "batch_start": "1"}
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        elif meta.get("version") != _VERSION:
            self._db.close()
            raise GroupTableError(f"{path} was written with near-duplicate fingerprints {meta.get('version')}, "
                                  f"this Kavosh uses {_VERSION}; delete {index_dir} and index again")
        self.path = path
        self._cache_rows = int(cache_mb) * 1024 * 1024 // _CACHED_ROW_BYTES
        self._base_rows = int(meta.get("base_rows", 0))
        self._new_rows = int(meta.get("new_rows", 0))
        self._next_seq = int(meta["next_seq"])
        self._batch_start = int(meta["batch_start"])
        self._recover(int(meta["opstamp"]), opstamp)
        self._in_tx = False
        self._sources: dict[str, int] = {}
        self._filter: BandFilter | None = None
        self._filter_max_bits = max(MIN_FILTER_BITS, 1 << (int(filter_mb) * 8 * 1024 * 1024).bit_length() - 1)
        self._rows_at_open = self._base_rows + self._new_rows
        self._rows_added = 0
        self._merge_min_rows = _MERGE_MIN_ROWS
        self.statements = 0
        self.lookups = 0
        self.candidates = 0
        self.documents = 0

    # ------------------------------------------------------------ transactions
    def _recover(self, recorded: int, actual: int) -> None:
        """Bring the table to the index's last commit after an interrupted one (see the module docstring)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        if recorded == actual:  # a prepared commit that tantivy never made: undo it
            for seq, _doc_id, _src, _grp, _sig, raw in db.execute(
                    "SELECT * FROM docs WHERE seq >= ?", (self._batch_start,)).fetchall():
                for table in ("bands", "bands_new"):
                    db.executemany(f"DELETE FROM {table} WHERE band = ? AND seq = ?",
                                   ((k, seq) for k in _unpack_keys(raw)))
            db.execute("DELETE FROM docs WHERE seq >= ?", (self._batch_start,))
            for row in db.execute("SELECT * FROM undo").fetchall():
                db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", row)
                db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", ((k, row[0]) for k in _unpack_keys(row[5])))
        db.execute("DELETE FROM undo")
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       [("opstamp", str(actual)), ("batch_start", str(self._next_seq))])
        db.execute("COMMIT")
        self._batch_start = self._next_seq

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def prepare_commit(self) -> None:
        """Make this batch's changes durable with their undo log, just before tantivy commits.

        New band rows go to the small table ``bands_new``, which stays in the page cache; here it is
        merged into ``bands`` (in key order, so each page of ``bands`` is written once) when it holds
        a quarter as many rows (at least :data:`_MERGE_MIN_ROWS`, at most half the cache).  Inserting
        random keys straight into a B-tree larger than the cache would write a page per row; merging
        geometrically writes each row a bounded number of times (a log-structured merge, O'Neil et
        al., "The log-structured merge-tree", 1996).  Where a row is does not change any result."""
        self._begin()
        limit = max(self._merge_min_rows, min(self._base_rows // 4, self._cache_rows // 2))
        if self._new_rows >= limit:
            self._db.execute("INSERT OR IGNORE INTO bands SELECT band, seq FROM bands_new")
            self._db.execute("DELETE FROM bands_new")
            self._base_rows += self._new_rows
            self._new_rows = 0
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                             [("next_seq", str(self._next_seq)), ("batch_start", str(self._batch_start)),
                              ("base_rows", str(self._base_rows)), ("new_rows", str(self._new_rows))])
        self._db.execute("COMMIT")
        self._in_tx = False

    def abort_commit(self) -> None:
        """tantivy's commit failed after :meth:`prepare_commit`: undo the prepared batch."""
        self._recover(0, 0)
        self._filter = None  # the undo may bring back rows of documents deleted before it was built

    def committed(self, opstamp: int) -> None:
        """tantivy committed with ``opstamp``: drop the undo log and start the next batch."""
        self._batch_start = self._next_seq
        self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("DELETE FROM undo")
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                             [("opstamp", str(opstamp)), ("batch_start", str(self._batch_start))])
        self._db.execute("COMMIT")

    def rolled_back(self) -> None:
        """The batch was dropped: drop its changes too."""
        if self._in_tx:
            self._db.execute("ROLLBACK")
            self._in_tx = False
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        self._next_seq = int(meta["next_seq"])
        self._base_rows, self._new_rows = int(meta.get("base_rows", 0)), int(meta.get("new_rows", 0))
        self._batch_start = self._next_seq
        self._sources.clear()
        self._filter = None  # the rollback may bring back rows of documents deleted before it was built

    def close(self) -> None:
        """Drop uncommitted changes and close the table."""
        if self._in_tx:
            self._db.execute("ROLLBACK")
            self._in_tx = False
        self._db.close()

    # ------------------------------------------------------------ deletions
    def _remove(self, rows: list[tuple]) -> None:
        db = self._db
        for row in rows:
            seq = row[0]
            if seq < self._batch_start:  # committed: keep it in the undo log until tantivy has committed
                db.execute("INSERT OR IGNORE INTO undo VALUES (?, ?, ?, ?, ?, ?)", row)
            keys = _unpack_keys(row[5])
            db.executemany("DELETE FROM bands WHERE band = ? AND seq = ?", ((k, seq) for k in keys))
            db.executemany("DELETE FROM bands_new WHERE band = ? AND seq = ?", ((k, seq) for k in keys))
            db.execute("DELETE FROM docs WHERE seq = ?", (seq,))
            self.statements += 4

    def forget(self, doc_id: str) -> None:
        """``doc_id`` is deleted or replaced: it is no longer anybody's candidate (from now on)."""
        self._begin()
        rows = self._db.execute("SELECT * FROM docs WHERE doc_id = ?", (doc_id,)).fetchall()
        self.statements += 1
        self._remove(rows)

    def forget_source(self, source_key: str) -> None:
        """Every document read from the source file ``source_key`` is deleted (including ones added
        earlier in this batch, as tantivy's delete by term does)."""
        self._begin()
        src = self._source_id(source_key, create=False)
        if src is not None:
            self._remove(self._db.execute("SELECT * FROM docs WHERE src = ?", (src,)).fetchall())

    def _source_id(self, key: str, create: bool = True) -> int | None:
        if key in self._sources:
            return self._sources[key]
        row = self._db.execute("SELECT id FROM sources WHERE key = ?", (key,)).fetchone()
        if row is None:
            if not create:
                return None
            row = (self._db.execute("INSERT INTO sources (key) VALUES (?)", (key,)).lastrowid,)
        self._sources[key] = row[0]
        return row[0]

    # ------------------------------------------------------------ the band filter
    def _band_filter(self) -> BandFilter | None:
        """The filter, built from the table once this run has added an eighth as many rows as the table
        held when opened (at once for a new table), so that building it costs O(1) per document added;
        ``None`` before (every key is looked up)."""
        f = self._filter
        if f is None:
            if self._rows_added * 8 < self._rows_at_open:
                return None
            f = self._build_filter(self._rows_at_open + self._rows_added)
        elif f.keys * FILTER_BITS_PER_KEY > f.bits and f.bits < self._filter_max_bits:
            f = self._build_filter(f.keys)  # doubled: each row is re-read a bounded number of times
        return f

    def _build_filter(self, rows: int) -> BandFilter:
        import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

        bits = MIN_FILTER_BITS
        while bits < 2 * rows * FILTER_BITS_PER_KEY and bits < self._filter_max_bits:
            bits *= 2
        f = BandFilter(bits)
        for table in ("bands", "bands_new"):
            cur = self._db.execute(f"SELECT band FROM {table}")
            while chunk := cur.fetchmany(1 << 16):
                f.add(np.array(chunk, dtype=np.uint64).ravel())
        self._filter = f
        return f

    # ------------------------------------------------------------ adding
    def assign(self, doc_id: str, fp: dedup.Fingerprint | None, source_key: str = "") -> tuple[int, bool]:
        """The group of a document being added (call :meth:`forget` for its id first).

        Args:
            doc_id: the document's id.
            fp: its fingerprint (``None``: too short to group; a group of its own, not in the table).
            source_key: the source file it was read from (``""``: none), for :meth:`forget_source`.
        Returns:
            ``(group id, joined)``: ``joined`` is true when the group is an existing one.
        """
        import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

        self.documents += 1
        if fp is None:
            return dedup.new_group_id(doc_id, None), False
        self._begin()
        db = self._db
        keys = _keys(fp)
        band_filter = self._band_filter()
        held = band_filter.check_and_add(keys) if band_filter is not None else [True] * len(keys)
        per_band: dict[int, list[int]] = {}
        if any(held):  # a key bound as NULL matches nothing and costs no descent
            self.lookups += 2 * sum(held)
            self.statements += 1
            asked = [k for k, h in zip(keys, held, strict=True) if h]
            for band, s in db.execute(_CANDIDATES_SQL[len(asked)], asked):
                per_band.setdefault(band, []).append(s)
        shared: dict[int, int] = {}
        for found in per_band.values():
            for s in sorted(found, reverse=True)[:MAX_PER_BAND]:
                shared[s] = shared.get(s, 0) + 1
        # the documents sharing the most bands (ties: the most recent), at least MIN_SHARED_BANDS
        ranked = sorted((s for s, k in shared.items() if k >= MIN_SHARED_BANDS), key=lambda s: (-shared[s], -s))
        seqs = sorted(ranked[:MAX_CANDIDATES])
        group, joined = None, False
        if seqs:
            rows = db.execute(f"SELECT seq, grp, sig FROM docs WHERE seq IN ({','.join('?' * len(seqs))}) "
                              "ORDER BY seq", seqs).fetchall()
            self.statements += 1
            self.candidates += len(rows)
            sigs = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.uint8).reshape(len(rows), -1)
            sims = dedup.similarities(fp.signature, sigs)
            best = int(np.argmax(sims))  # the first maximum: the lowest sequence number
            if sims[best] >= dedup.THRESHOLD:
                group, joined = rows[best][1], True
        if group is None:
            group = dedup.new_group_id(doc_id, fp)
        seq = self._next_seq
        self._next_seq += 1
        src = self._source_id(source_key) if source_key else None
        db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                   (seq, doc_id, src, group, fp.sig_bytes(), _pack_keys(keys)))
        if len(keys) == dedup.BANDS:
            db.execute(_INSERT_BANDS_SQL, [x for k in keys for x in (k, seq)])
        else:
            db.executemany("INSERT OR IGNORE INTO bands_new VALUES (?, ?)", ((k, seq) for k in keys))
        self._new_rows += len(keys)
        self._rows_added += len(keys)
        self.statements += 2
        return group, joined

    def groups(self) -> dict[str, int]:
        """Every live document with a fingerprint and its group id (for tests and benchmarks)."""
        return dict(self._db.execute("SELECT doc_id, grp FROM docs"))
