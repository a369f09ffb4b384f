"""Fusing a lexical (BM25) and a dense (embedding) ranking into one.

Two methods, both over the candidates of each list (the top :data:`CANDIDATES`):

* **convex combination** of min-max normalized scores (the default,
  ``score = w * lexical' + (1 - w) * dense'``, a document missing from a list getting 0
  there), as in Bruch, Gai & Ingber, "An Analysis of Fusion Functions for Hybrid
  Retrieval" (ACM TOIS 2023), who found it more accurate than RRF when the weight is
  tuned on a few queries;
* **reciprocal-rank fusion** (Cormack, Clarke & Büttcher, SIGIR 2009):
  ``score = sum 1 / (k + rank)``, with k = 60; it needs no tuning.

The weight :data:`LEXICAL_WEIGHT` and the choice of the convex combination were made on
``parsinlu_rc`` and ``pquad_validation`` (``benchmarks/fusion.py``; figures and the
reason in docs/benchmarks.md, "Hybrid retrieval").
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

CANDIDATES = 100
RRF_K = 60
LEXICAL_WEIGHT = 0.3
METHODS = ("convex", "rrf")


@dataclass
class Fused:
    """One fused candidate: its key, fused score and where each list had it (rank 1-based, or ``None``).

    Attributes:
        key: the document key (our id).
        score: the fused score (larger is better).
        lexical_rank, lexical_score: BM25 rank and score, ``None`` when not a lexical candidate.
        dense_rank, dense_score: embedding rank and cosine similarity, ``None`` when not a dense candidate.
    """

    key: Hashable
    score: float
    lexical_rank: int | None = None
    lexical_score: float | None = None
    dense_rank: int | None = None
    dense_score: float | None = None


def _minmax(scores: Sequence[float]) -> list[float]:
    if not scores:
        return []
    lo, hi = min(scores), max(scores)
    if hi - lo <= 1e-12:
        return [1.0] * len(scores)
    return [(s - lo) / (hi - lo) for s in scores]


def fuse(lexical: Sequence[tuple[Hashable, float]], dense: Sequence[tuple[Hashable, float]],
         method: str = "convex", weight: float = LEXICAL_WEIGHT, k: int = RRF_K) -> list[Fused]:
    """Fuse two rankings.

    Args:
        lexical: ``(key, BM25 score)`` best first.
        dense: ``(key, cosine)`` best first.
        method: ``"convex"`` or ``"rrf"``.
        weight: the lexical weight of the convex combination, in [0, 1].
        k: the RRF constant.
    Returns:
        :class:`Fused` list, best first (ties broken by lexical rank, then dense rank).
    Raises:
        ValueError: unknown method or weight outside [0, 1].
    """
    if method not in METHODS:
        raise ValueError(f"fusion method must be one of {', '.join(METHODS)}, got {method!r}")
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"fusion weight must be between 0 and 1, got {weight}")
    out: dict[Hashable, Fused] = {}
    lex_norm = _minmax([s for _, s in lexical])
    dense_norm = _minmax([s for _, s in dense])
    for rank, ((key, s), n) in enumerate(zip(lexical, lex_norm, strict=True), 1):
        f = out.setdefault(key, Fused(key, 0.0))
        f.lexical_rank, f.lexical_score = rank, float(s)
        f.score += weight * n if method == "convex" else 1.0 / (k + rank)
    for rank, ((key, s), n) in enumerate(zip(dense, dense_norm, strict=True), 1):
        f = out.setdefault(key, Fused(key, 0.0))
        if f.dense_rank is not None:
            continue  # a key listed twice keeps its best place
        f.dense_rank, f.dense_score = rank, float(s)
        f.score += (1.0 - weight) * n if method == "convex" else 1.0 / (k + rank)
    big = 10**9
    return sorted(out.values(), key=lambda f: (-f.score, f.lexical_rank or big, f.dense_rank or big))
