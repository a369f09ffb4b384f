"""Near-duplicate fingerprints: MinHash signatures, LSH band keys, similarity, group ids.

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
and the whole signature confirms them.  The band table that finds candidates in
O(1) work per document, and the rule that makes a document's group a pure function
of the input order, are in :mod:`kavosh.index.groups`; a candidate whose estimated
Jaccard similarity is at least :data:`THRESHOLD` (chosen by measurement:
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
from dataclasses import dataclass

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
        bands: :data:`BANDS` band keys (64-bit keys of the band table, :mod:`kavosh.index.groups`): the
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
    stopwords' terms, marked by :data:`~kavosh.analysis.analyzer.STOP_MARK`, are left out), as strings."""
    ts = [t for t in terms if not t.startswith(STOP_MARK)]
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


def similarities(a: np.ndarray, others: np.ndarray) -> np.ndarray:
    """:func:`similarity` of ``a`` (``uint8[NUM_PERM]``) to each row of ``others`` (``uint8[n, NUM_PERM]``),
    as ``float64[n]``."""
    m = np.count_nonzero(others == a, axis=1) / a.shape[0]
    return np.maximum(0.0, (m - _CHANCE) / (1 - _CHANCE))


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


def add_fields(tdoc: tantivy.Document, group: int, joined: bool) -> None:
    """Write the near-duplicate fields into a tantivy document: the group id (fast) and the joined flag."""
    tdoc.add_unsigned(S.DUP_GROUP, group)
    if joined:
        tdoc.add_unsigned(S.DUP_JOINED, 1)
