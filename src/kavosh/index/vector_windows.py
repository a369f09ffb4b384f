"""Passage windows and the merge of window hits into documents: the pure part of :mod:`kavosh.index.vectors`.

A long document is split into overlapping windows of :data:`WINDOW_WORDS` words (stride
:data:`WINDOW_STRIDE`), each embedded with the title in front; at most :data:`MAX_WINDOWS` per
document.  A search's nearest windows become documents scored by their best window
(:func:`best_documents`), ties ordered by window then document id, so the answer does not depend on
the order a store (or several, a sharded index's) returns them in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from .vectors import VectorStore

WINDOW_WORDS = 160
WINDOW_STRIDE = 128
MAX_WINDOWS = 16
EXACT_BELOW = 20_000
"""Below this many windows (over every store searched together) a search is exact."""
MAX_DENSE_CANDIDATES = 1000

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Window:
    """A passage of a document: characters ``start:end`` of its text (``end`` 0 for the title alone)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DenseHit:
    """A document found by vector search: its id, best window's cosine similarity and that window."""

    doc_id: str
    score: float
    start: int
    end: int


def content_key(title: str, text: str) -> str:
    """The content hash that ties vectors to a document version: BLAKE2b-64 of title and text, hex."""
    return hashlib.blake2b(f"{title}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def windows(title: str, text: str) -> list[Window]:
    """Split a document into passages to embed.

    Args:
        title: the title (put in front of every window).
        text: the body text.
    Returns:
        Up to :data:`MAX_WINDOWS` windows of :data:`WINDOW_WORDS` words every
        :data:`WINDOW_STRIDE` words (one window for a short text; the title alone for an
        empty text), offsets being character positions in ``text``.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    head = f"{title}\n" if title else ""
    if not words:
        return [Window(0, 0, title)] if title.strip() else []
    out = []
    first = 0
    while first < len(words) and len(out) < MAX_WINDOWS:
        last = min(first + WINDOW_WORDS, len(words)) - 1
        s, e = words[first][0], words[last][1]
        out.append(Window(s, e, head + text[s:e]))
        if last == len(words) - 1:
            break
        first += WINDOW_STRIDE
    return out


WindowHit = tuple[float, str, int, int]
"""A window found by :meth:`VectorStore.nearest`: ``(cosine similarity, document id, start, end)``."""


def wanted_windows(k: int) -> int:
    """Windows taken to find ``k`` documents (several windows of one document may come first)."""
    return k * 3


def best_documents(found: Iterable[WindowHit], k: int, wanted: int) -> list[DenseHit]:
    """The ``k`` best documents among the ``wanted`` nearest of ``found`` windows (from one or several
    stores): windows ordered by score, then document id and start (ties do not depend on the store),
    each document scored by its best window.

    Raises:
        ValueError: ``k`` outside 1..:data:`MAX_DENSE_CANDIDATES`.
    """
    if not 1 <= k <= MAX_DENSE_CANDIDATES:
        raise ValueError(f"k must be between 1 and {MAX_DENSE_CANDIDATES}, got {k}")
    best: dict[str, DenseHit] = {}
    for score, doc_id, s, e in sorted(found, key=lambda w: (-w[0], w[1], w[2]))[:wanted]:
        if doc_id not in best:
            best[doc_id] = DenseHit(doc_id, score, s, e)
    return list(best.values())[:k]


def search_stores(stores: list[VectorStore], query: np.ndarray, k: int = 100) -> list[DenseHit]:
    """The ``k`` documents whose best window is nearest to ``query`` over ``stores`` (a sharded index's),
    as one store holding all their vectors answers: each store's :func:`wanted_windows` nearest, merged
    (:func:`best_documents`), exact when the stores hold fewer than :data:`EXACT_BELOW` windows together.

    Raises:
        ValueError: as :meth:`VectorStore.search`.
    """
    if not 1 <= k <= MAX_DENSE_CANDIDATES:
        raise ValueError(f"k must be between 1 and {MAX_DENSE_CANDIDATES}, got {k}")
    exact = sum(s.size() for s in stores) < EXACT_BELOW
    wanted = wanted_windows(k)
    return best_documents([w for s in stores for w in s.nearest(query, wanted, exact)], k, wanted)
