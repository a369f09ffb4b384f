"""The band table's storage, beside the rule of :mod:`kavosh.index.groups`: its SQLite schema and insert
statement, band keys as stored (their low 62 bits, packed little-endian), the tantivy commit it matches
(:func:`index_opstamp`), and the band filter (:class:`BandFilter`) that spares most lookups of keys it does
not hold.  The compiled core's ``rust/kavosh-index/src/groups.rs`` writes the same file."""

from __future__ import annotations

import array
import json
from pathlib import Path
from typing import TYPE_CHECKING

from . import dedup

if TYPE_CHECKING:
    import numpy as np

FILTER_BITS_PER_KEY = 12
"""Bits of the band filter per band key it holds (3 bits set in one 64-bit word a key: about 1.6% of the keys
absent from the table pass it at 12 bits a key, measured, and cost the lookup they would have cost without
the filter)."""
MIN_FILTER_BITS = 1 << 20
"""The band filter's smallest size (bits); it doubles as keys are added (see :class:`BandFilter`)."""
_WORD_MUL = 0x9E3779B97F4A7C15
"""Odd multiplier choosing a key's 64-bit word: the top bits of ``key * _WORD_MUL`` modulo 2**64
(multiply-shift hashing, Dietzfelbinger et al., "A reliable randomized algorithm for the closest-pair
problem", 1997; the keys are already hashes)."""
_BIT_MUL = 0xC2B2AE3D27D4EB4F
"""Odd multiplier choosing a key's three bits in its word: three 6-bit fields of the top 18 bits of
``key * _BIT_MUL`` modulo 2**64."""
_MASK64 = (1 << 64) - 1

_KEY_MASK = (1 << 62) - 1
"""Band keys are stored as their low 62 bits (a non-negative SQLite integer); a coincidence of the
other bits only adds a candidate that the signature then rejects."""

_SCHEMA = (Path(__file__).with_name("band_table.sql")).read_text(encoding="utf-8")
"""The band table's schema (``band_table.sql``, beside this module): the Rust writer includes the same
file (``rust/kavosh-index/src/groups.rs``), so both write one schema."""

_INSERT_BANDS_SQL = "INSERT OR IGNORE INTO bands_new VALUES " + ", ".join(["(?, ?)"] * dedup.BANDS)
"""A document's band rows in one statement (one ``executemany`` row by row cost about twice as much)."""


def _keys(fp: dedup.Fingerprint) -> list[int]:
    return [b & _KEY_MASK for b in fp.bands]


def _pack_keys(keys: list[int]) -> bytes:
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    return np.asarray(keys, dtype="<i8").tobytes()


def _unpack_keys(raw: bytes) -> list[int]:
    import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

    return np.frombuffer(raw, dtype="<i8").tolist()


def index_opstamp(index_dir: Path) -> int:
    """The opstamp of the last commit of the tantivy index in ``index_dir`` (0 before any),
    read from tantivy's ``meta.json``."""
    try:
        return int(json.loads((index_dir / "meta.json").read_text(encoding="utf-8")).get("opstamp", 0))
    except FileNotFoundError:
        return 0


class BandFilter:
    """Which band keys may be in the band table: a blocked Bloom filter (Bloom, "Space/time trade-offs in
    hash coding with allowable errors", CACM 1970; one 64-bit word a key, Putze, Sanders and Singler,
    "Cache-, hash- and space-efficient Bloom filters", 2007) over every key added, so that a band key the
    table does not hold (most of them: 84% of the lookups at 30k documents of the scale corpus) costs no
    B-tree descent.

    Each key sets three bits of one word, so checking and adding a document's 16 keys is 16 word reads and
    writes in plain Python (:meth:`check_and_add`, about 10 us a document; numpy's per-call overhead on
    16-element arrays cost twice that, issue #13); :meth:`add` and :meth:`may_hold` do the same for
    numpy arrays (building the filter from the table, tests).

    It never says no for a key in the table (keys are added before their rows, never removed: a deleted
    document's keys only cost a lookup), so it changes no result, only the work.  It holds
    :data:`FILTER_BITS_PER_KEY` bits per key and doubles (rebuilt from the table, so each key is re-added
    a bounded number of times: O(1) per document over a run) until it reaches ``max_bits``, the writer's
    memory budget's share; beyond that its false positives grow and lookups tend to the unfiltered cost.

    Args:
        bits: its size in bits (a power of two, at least 128).
    """

    def __init__(self, bits: int) -> None:
        self.bits = bits
        self.shift = 64 - ((bits // 64).bit_length() - 1)
        self.words = array.array("Q", [0]) * (bits // 64)
        self.keys = 0

    def _probes(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

        k = keys.astype(np.uint64)
        word = (k * np.uint64(_WORD_MUL)) >> np.uint64(self.shift)  # wraps modulo 2**64, as meant
        h = k * np.uint64(_BIT_MUL)
        one, six = np.uint64(1), np.uint64(63)
        mask = (one << (h >> np.uint64(58))) | (one << ((h >> np.uint64(52)) & six)) | \
            (one << ((h >> np.uint64(46)) & six))
        return word.astype(np.intp), mask

    def add(self, keys: np.ndarray) -> None:
        """Add band keys (an integer array of non-negative keys)."""
        import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

        word, mask = self._probes(keys)
        np.bitwise_or.at(np.frombuffer(self.words, dtype=np.uint64), word, mask)
        self.keys += len(keys)

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """For each key (an integer array), False when the table certainly does not hold it."""
        import numpy as np  # noqa: PLC0415 - on first use: not needed by the compiled core

        word, mask = self._probes(keys)
        return (np.frombuffer(self.words, dtype=np.uint64)[word] & mask) == mask

    def check_and_add(self, keys: list[int]) -> list[bool]:
        """:meth:`may_hold` of each key (non-negative ints below 2**64), then :meth:`add` it, in plain
        Python: one word read and written a key.  A key checked after another of the same list sharing
        its word may be told "maybe" for that one's bits: a false positive, never a false negative."""
        words, shift = self.words, self.shift
        held = []
        for k in keys:
            w = ((k * _WORD_MUL) & _MASK64) >> shift
            h = (k * _BIT_MUL) & _MASK64
            m = (1 << (h >> 58)) | (1 << ((h >> 52) & 63)) | (1 << ((h >> 46) & 63))
            v = words[w]
            held.append(v & m == m)
            words[w] = v | m
        self.keys += len(keys)
        return held
