"""Near-duplicate detection at index time: MinHash signatures, LSH bands kept in the index, groups.

Syndicated news appears on many sites with different menus, headers and footers
and small edits.  Each document's *analysed* body terms (so that ``كتابها`` and
``کتاب‌ها`` are the same word) are cut into overlapping word shingles of
:data:`SHINGLE` terms (stopwords left out), and the set of shingles is summarised
by a MinHash signature of :data:`NUM_PERM` values (Broder, "On the resemblance
and containment of documents", 1997), computed by the maintained Rust library
``rensa`` (``RMinHash``).  The share of equal signature positions estimates the
Jaccard similarity of two shingle sets.

Candidates are found with locality-sensitive hashing (Leskovec, Rajaraman and
Ullman, *Mining of Massive Datasets*, ch. 3.4): the first ``BANDS * ROWS`` values
of the signature are cut into :data:`BANDS` bands of :data:`ROWS` values; two
documents that agree on a whole band are candidates (the probability is
``1 - (1 - J**ROWS)**BANDS``: 0.80 at Jaccard 0.3, 0.94 at 0.4, 0.99 at 0.5),
and the whole signature confirms them.  The band keys are indexed as 64-bit
terms of the field ``dup_bands`` of the tantivy index itself and the signature
is stored beside them, so the LSH state commits (and survives a crash)
atomically with the documents; nothing else is kept on disk.

On :meth:`Grouper.assign`, the committed index and the not-yet-committed batch
are searched for documents sharing a band; a candidate whose estimated Jaccard
similarity is at least :data:`THRESHOLD` (chosen by measurement:
``benchmarks/dedup.py``, ``docs/benchmarks.md``) gives its group to the new
document (the most similar one wins); otherwise the document starts a new group.
The group id is a 64-bit number in the fast field ``dup_group``; documents that
joined an existing group carry ``dup_joined = 1``, which lets search find the
groups with several matching members cheaply (:mod:`kavosh.search.collapse`).
Groups are single-link: a document joins the group of its most similar earlier
document, so a chain of small edits stays in one group.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np
import rensa
import tantivy

from ..analysis.analyzer import STOP_MARK
from . import schema as S

SHINGLE = 4
"""Terms per shingle (stopwords left out)."""
NUM_PERM = 128
"""MinHash signature length."""
BANDS, ROWS = 16, 2
"""LSH banding of the first ``BANDS * ROWS`` signature values (a band of two 32-bit values is one
64-bit index term; 16 terms a document keep tantivy's share of the cost small)."""
THRESHOLD = 0.5
"""Estimated Jaccard similarity (of shingle sets) from which two documents are near-duplicates."""
MIN_SHINGLES = 8
"""Documents with fewer distinct shingles (about a dozen words) are never grouped: too
little text to tell a copy from a coincidence."""
SEED = 1403
"""Seed of the MinHash permutations; changing it (or ``rensa``'s algorithm) changes every band key."""
MAX_CANDIDATES = 32
"""Committed documents fetched per band lookup (the best-scoring ones share the most bands)."""

_BAND_SALTS = np.frombuffer(b"".join(
    hashlib.blake2b(f"rensa-{rensa.RMinHash.ALGORITHM_VERSION}:{SEED}:{band}".encode(), digest_size=8).digest()
    for band in range(BANDS)), dtype="<u8").astype(np.uint64)
"""Each band's key is XORed with a salt from its number, rensa's algorithm version and the seed:
bands never collide with each other, and an index written with another version simply finds
no candidates instead of wrong ones."""

assert ROWS == 2 and BANDS * ROWS <= NUM_PERM


@dataclass(eq=False)
class Fingerprint:
    """A document's near-duplicate fingerprint.

    Attributes:
        bands: :data:`BANDS` band keys (64-bit index terms of ``dup_bands``): the
            band's two 32-bit MinHash values side by side, XOR its salt.
        signature: the MinHash signature's low 8 bits, ``uint8[NUM_PERM]``: the
            stored form, 128 bytes (b-bit minwise hashing, Li and König, WWW 2010;
            :func:`similarity` corrects for the 1/256 chance agreement).
    """

    bands: list[int]
    signature: np.ndarray

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Fingerprint) and list(self.bands) == list(other.bands)
                and self.sig_bytes() == other.sig_bytes())

    __hash__ = None  # mutable (a numpy array inside)

    def sig_bytes(self) -> bytes:
        """The signature as bytes (``NUM_PERM`` bytes)."""
        return self.signature.tobytes()


def shingles(terms: list[str]) -> list[str]:
    """The overlapping :data:`SHINGLE`-term shingles of ``terms`` (analyser output;
    :data:`~kavosh.analysis.analyzer.STOP_MARK` entries are left out), as strings."""
    ts = list(filter(STOP_MARK.__ne__, terms))
    return list(map(" ".join, zip(*(ts[i:] for i in range(SHINGLE)), strict=False)))


def fingerprint(terms: list[str]) -> Fingerprint | None:
    """The fingerprint of a document's analysed terms, or ``None`` when it has fewer
    than :data:`MIN_SHINGLES` distinct shingles (never grouped).

    Args:
        terms: the document's terms as :meth:`kavosh.analysis.Analyzer.index_terms` gives them.
    """
    sh = shingles(terms)
    if len(sh) < MIN_SHINGLES or (len(sh) < 4 * MIN_SHINGLES and len(set(sh)) < MIN_SHINGLES):
        return None  # distinct shingles are counted for short texts only: the set costs time
    m = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
    m.update(sh)
    digest = np.asarray(m.digest(), dtype=np.uint32)
    pairs = digest[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    bands = ((pairs[:, 0] << np.uint64(32)) | pairs[:, 1]) ^ _BAND_SALTS
    return Fingerprint(bands.tolist(), (digest & 0xFF).astype(np.uint8))


_CHANCE = 1 / 256
"""Probability that two different 32-bit MinHash values agree in their low 8 bits."""


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two stored signatures, 0 to 1: the share ``m`` of equal
    positions corrected for chance agreement of 8-bit values, ``(m - 1/256) / (1 - 1/256)``."""
    m = float(np.count_nonzero(a == b)) / len(a)
    return max(0.0, (m - _CHANCE) / (1 - _CHANCE))


def signature_from_bytes(raw: bytes) -> np.ndarray:
    """A stored signature (see :meth:`Fingerprint.sig_bytes`) back as ``uint8[NUM_PERM]``."""
    return np.frombuffer(bytes(raw), dtype=np.uint8)


def new_group_id(doc_id: str, fp: Fingerprint | None) -> int:
    """A fresh group id: 63 bits of BLAKE2b over the document id and signature, so a
    replaced document with other text never reuses the group of its earlier version."""
    h = hashlib.blake2b(doc_id.encode("utf-8") + b"\0" + (fp.sig_bytes() if fp else b""), digest_size=8)
    return int.from_bytes(h.digest(), "little") >> 1


def format_group(group: int) -> str:
    """A group id as shown to users and accepted by searches: 16 hex digits."""
    return f"{group:016x}"


def parse_group(text: str) -> int:
    """Parse a group id written by :func:`format_group`.

    Raises:
        ValueError: not 1 to 16 hex digits.
    """
    t = text.strip().lower()
    if not 1 <= len(t) <= 16 or any(c not in "0123456789abcdef" for c in t):
        raise ValueError(f"a group id is 16 hex digits (as in search results), got {text!r}")
    return int(t, 16)


@dataclass
class _Entry:
    doc_id: str
    group: int
    signature: np.ndarray


class Grouper:
    """Assigns each added document to a near-duplicate group (used by the index writer).

    It searches the last commit of the index for documents sharing a band key and
    keeps the documents added since that commit in memory; call :meth:`forget`
    when a document is deleted or replaced, :meth:`committed` after a commit and
    :meth:`rolled_back` after a rollback.

    Args:
        index: the tantivy index being written.
        schema: its schema (:func:`kavosh.index.schema.build_schema`).
    """

    def __init__(self, index: tantivy.Index, schema: tantivy.Schema) -> None:
        self.index = index
        self.schema = schema
        self._searcher: tantivy.Searcher | None = None
        self._pending_bands: dict[int, list[_Entry]] = {}
        self._pending: dict[str, _Entry] = {}
        self._stale: set[str] = set()

    def forget(self, doc_id: str) -> None:
        """``doc_id`` is deleted or replaced: its committed or pending version is no group's member any more."""
        self._stale.add(doc_id)
        self._pending.pop(doc_id, None)

    def committed(self) -> None:
        """The batch is committed: it is searchable now."""
        self._searcher = None
        self._pending_bands.clear()
        self._pending.clear()
        self._stale.clear()

    rolled_back = committed
    """The batch was dropped: forget it (same bookkeeping as a commit)."""

    def _committed_candidates(self, fp: Fingerprint) -> Iterator[_Entry]:
        """Committed documents sharing a band with ``fp``, read one at a time (the
        caller stops at an exact duplicate, so the rest are never loaded)."""
        if self._searcher is None:
            self.index.reload()  # the writer lock is ours: the last commit (of any process) is the latest
            self._searcher = self.index.searcher()
        searcher = self._searcher
        if searcher.num_docs == 0:
            return
        q = tantivy.Query.term_set_query(self.schema, S.DUP_BANDS, fp.bands)
        hits = searcher.search(q, limit=MAX_CANDIDATES).hits
        if not hits:
            return
        addrs = [a for _, a in hits]
        groups = searcher.fast_field_values(S.DUP_GROUP, addrs)
        for addr, group in zip(addrs, groups, strict=True):
            doc = searcher.doc(addr)
            doc_id = doc.get_first(S.ID)
            raw = doc.get_first(S.DUP_SIG)
            if doc_id in self._stale or raw is None or group is None:
                continue
            yield _Entry(doc_id, group, signature_from_bytes(raw))

    def assign(self, doc_id: str, fp: Fingerprint | None) -> tuple[int, bool]:
        """The group of a document being added (call :meth:`forget` for its id first).

        Args:
            doc_id: the document's id.
            fp: its fingerprint (``None``: too short to group; a group of its own).
        Returns:
            ``(group id, joined)``: ``joined`` is true when the group is an existing one.
        """
        if fp is None:
            return new_group_id(doc_id, None), False
        best: _Entry | None = None
        best_sim = THRESHOLD
        seen: set[int] = set()
        pending = [e for band in fp.bands for e in self._pending_bands.get(band, ())
                   if self._pending.get(e.doc_id) is e]
        for e in chain(pending, self._committed_candidates(fp)):
            if id(e) in seen or e.doc_id == doc_id:
                continue
            seen.add(id(e))
            sim = similarity(fp.signature, e.signature)
            if sim >= best_sim and (best is None or sim > best_sim):
                best, best_sim = e, sim
                if sim >= 1.0:
                    break  # an exact copy: no later candidate can be more similar
        group, joined = (best.group, True) if best is not None else (new_group_id(doc_id, fp), False)
        entry = _Entry(doc_id, group, fp.signature)
        self._pending[doc_id] = entry
        for band in fp.bands:
            self._pending_bands.setdefault(band, []).append(entry)
        return group, joined


def add_fields(tdoc: tantivy.Document, fp: Fingerprint | None, group: int, joined: bool) -> None:
    """Write the near-duplicate fields into a tantivy document: band keys, stored
    signature, group id (fast) and the joined flag."""
    if fp is not None:
        for band in fp.bands:
            tdoc.add_unsigned(S.DUP_BANDS, band)
        tdoc.add_bytes(S.DUP_SIG, fp.sig_bytes())
    tdoc.add_unsigned(S.DUP_GROUP, group)
    if joined:
        tdoc.add_unsigned(S.DUP_JOINED, 1)
