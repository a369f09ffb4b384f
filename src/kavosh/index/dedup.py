"""Near-duplicate fingerprints: MinHash signatures, LSH band keys, similarity, group ids.

Syndicated news appears on many sites with different menus, headers and footers
and small edits.  Each document's *analysed* body terms (so that ``كتابها`` and
``کتاب‌ها`` are the same word) are cut into overlapping word shingles of
:data:`SHINGLE` terms (stopwords left out), and the set of shingles is summarised
by a MinHash signature of :data:`NUM_PERM` values (Broder, "On the resemblance
and containment of documents", 1997).  The share of equal signature positions
estimates the Jaccard similarity of two shingle sets.

The algorithm (:data:`ALGORITHM`), defined here and computed identically by the
compiled core (``rust/kavosh-py/src/index/minhash.rs``, used when indexing):
each term is hashed with 64-bit XXH3 (seed 0, its UTF-8 bytes; the ``xxhash``
package here, the ``xxhash-rust`` crate in Rust); a shingle's hash is
``h1*P^3 + h2*P^2 + h3*P + h4`` modulo 2**64 (:data:`_P`), finished with
SplitMix64's mixer (Steele, Lea and Flood, OOPSLA 2014); permutation ``i`` maps a
shingle hash ``s`` to the high 32 bits of ``A[i]*s + B[i]`` modulo 2**64
(multiply-add-shift hashing, Dietzfelbinger, STACS 1996), with ``A`` (odd), ``B``
and the band salts drawn from SplitMix64 seeded with :data:`SEED`; signature value
``i`` is the minimum over the document's shingles.

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
from functools import cache
from typing import TYPE_CHECKING

import tantivy
import xxhash

from ..analysis.analyzer import STACK_MARK, STOP_MARK
from . import schema as S

if TYPE_CHECKING:
    import numpy as np

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
"""Seed of the MinHash permutations and band salts; changing it (or :data:`ALGORITHM`) changes every band key."""
ALGORITHM = "kavosh-minhash-1"
"""Name of the fingerprint algorithm (the module docstring); part of the band table's version
(:mod:`kavosh.index.groups`), so an index written with another one is rebuilt, not mixed."""

_M64 = (1 << 64) - 1
_P = 0x100000001B3
"""Multiplier combining a shingle's term hashes (FNV-1a's 64-bit prime)."""


def _splitmix64(seed: int, n: int) -> list[int]:
    """The first ``n`` outputs of SplitMix64 from state ``seed`` (Steele, Lea and Flood 2014)."""
    out, x = [], seed & _M64
    for _ in range(n):
        x = (x + 0x9E3779B97F4A7C15) & _M64
        out.append(_mix64(x))
    return out


def _mix64(z: int) -> int:
    """SplitMix64's output mixer of one 64-bit value."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


_PARAMS = _splitmix64(SEED, 2 * NUM_PERM + BANDS)


@cache
def _arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(A, B, band salts)`` as ``uint64`` arrays: the permutations' multipliers (odd) and addends, and
    the salt each band's key is XORed with (bands never collide with each other).  Built on first use,
    so that importing this module does not import numpy (the compiled core computes fingerprints)."""
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    return (np.array([a | 1 for a in _PARAMS[:NUM_PERM]], dtype=np.uint64),
            np.array(_PARAMS[NUM_PERM:2 * NUM_PERM], dtype=np.uint64),
            np.array(_PARAMS[2 * NUM_PERM:], dtype=np.uint64))


_CHUNK = 4096
"""Shingles per step of the vectorized minimum (bounds the ``NUM_PERM x _CHUNK`` scratch array, 4 MB)."""

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


def shingle_hashes(terms: list[str]) -> np.ndarray:
    """The 64-bit hashes of the :data:`SHINGLE`-term shingles of ``terms`` (stopwords' terms, marked by
    :data:`~kavosh.analysis.analyzer.STOP_MARK`, left out; of an entry holding two readings, the first:
    :data:`~kavosh.analysis.analyzer.STACK_MARK`), in order, as ``uint64[n]`` (the module docstring
    gives the hash)."""
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    ts = [t.partition(STACK_MARK)[0] for t in terms if not t.startswith(STOP_MARK)]
    n = len(ts) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((xxhash.xxh3_64_intdigest(t.encode("utf-8")) for t in ts), dtype=np.uint64, count=len(ts))
    s = h[:n].copy()
    for k in range(1, SHINGLE):
        s = s * np.uint64(_P) + h[k:k + n]  # uint64 arrays wrap modulo 2**64
    s ^= s >> np.uint64(30)
    s *= np.uint64(0xBF58476D1CE4E5B9)
    s ^= s >> np.uint64(27)
    s *= np.uint64(0x94D049BB133111EB)
    s ^= s >> np.uint64(31)
    return s


def fingerprint(terms: list[str]) -> Fingerprint | None:
    """The fingerprint of a document's analysed terms, or ``None`` when it has fewer
    than :data:`MIN_SHINGLES` distinct shingles (never grouped).

    This is the specification; indexing computes the same values in the compiled core
    (``kavosh._core.prepare_batch``) when it is built.

    Args:
        terms: the document's terms as :meth:`kavosh.analysis.Analyzer.index_terms` gives them.
    """
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    sh = shingle_hashes(terms)
    if len(sh) < MIN_SHINGLES or (len(sh) < 4 * MIN_SHINGLES and len(np.unique(sh)) < MIN_SHINGLES):
        return None  # distinct shingles are counted for short texts only: the set costs time
    a, b, _salts = _arrays()
    digest = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint64)
    for i in range(0, len(sh), _CHUNK):
        v = (a[:, None] * sh[None, i:i + _CHUNK] + b[:, None]) >> np.uint64(32)
        np.minimum(digest, v.min(axis=1), out=digest)
    return from_digest(digest.astype(np.uint32))


def from_digest(digest: np.ndarray) -> Fingerprint:
    """The :class:`Fingerprint` of a MinHash signature (``uint32[NUM_PERM]``): band keys and stored bytes."""
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    pairs = digest[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    bands = ((pairs[:, 0] << np.uint64(32)) | pairs[:, 1]) ^ _arrays()[2]
    return Fingerprint(bands.tolist(), (digest & 0xFF).astype(np.uint8))


_CHANCE = 1 / 256
"""Probability that two different 32-bit MinHash values agree in their low 8 bits."""


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two stored signatures, 0 to 1: the share ``m`` of equal
    positions corrected for chance agreement of 8-bit values, ``(m - 1/256) / (1 - 1/256)``."""
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    m = float(np.count_nonzero(a == b)) / len(a)
    return max(0.0, (m - _CHANCE) / (1 - _CHANCE))


def similarities(a: np.ndarray, others: np.ndarray) -> np.ndarray:
    """:func:`similarity` of ``a`` (``uint8[NUM_PERM]``) to each row of ``others`` (``uint8[n, NUM_PERM]``),
    as ``float64[n]``."""
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    m = np.count_nonzero(others == a, axis=1) / a.shape[0]
    return np.maximum(0.0, (m - _CHANCE) / (1 - _CHANCE))


def signature_from_bytes(raw: bytes) -> np.ndarray:
    """A stored signature (see :meth:`Fingerprint.sig_bytes`) back as ``uint8[NUM_PERM]``."""
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

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
        ValueError: not 16 hex digits (as :func:`format_group` writes every id: a shorter one, ``abc``, is
            a mistake, not group ``0000000000000abc``).
    """
    t = text.strip().lower()
    if len(t) != 16 or any(c not in "0123456789abcdef" for c in t):
        raise ValueError(f"a group id is 16 hex digits (as in search results), got {text!r}")
    return int(t, 16)


def add_fields(tdoc: tantivy.Document, group: int, joined: bool) -> None:
    """Write the near-duplicate fields into a tantivy document: the group id (fast) and the joined flag."""
    tdoc.add_unsigned(S.DUP_GROUP, group)
    if joined:
        tdoc.add_unsigned(S.DUP_JOINED, 1)
