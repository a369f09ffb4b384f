"""Fusing a lexical (BM25) and a dense (embedding) ranking into one.

Two methods, both over the candidates of each list (the top :data:`CANDIDATES`):

* **convex combination** of min-max normalized scores (the default,
  ``score = w * lexical' + (1 - w) * dense'``, a document missing from a list getting 0
  there), as in Bruch, Gai & Ingber, "An Analysis of Fusion Functions for Hybrid
  Retrieval" (ACM TOIS 2023), who found it more accurate than RRF when the weight is
  tuned on a few queries;
* **reciprocal-rank fusion** (Cormack, Clarke & Büttcher, SIGIR 2009):
  ``score = sum 1 / (k + rank)``, with k = 60; it needs no tuning.

The weight :data:`LEXICAL_WEIGHT` (0.5) and the choice of the convex combination were made
on ``parsinlu_rc`` and ``pquad_validation`` (``benchmarks/fusion.py``; figures and the
reason in docs/benchmarks.md, "Hybrid retrieval"): 0.5 is the one weight that improves on
lexical on both (0.4 is best on parsinlu_rc but below lexical on pquad_validation).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import tantivy

from ..index import schema as S
from ..index.store import OpenedIndex, StoredReader
from .filtering import apply_filters
from .ranking import date_query, excluded
from .exact import exact_preference, reorder
from .proximity import ranked

CANDIDATES = 100
RRF_K = 60
LEXICAL_WEIGHT = 0.5
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


# ---------------------------------------------------------------- executing a plan in dense or hybrid mode
MODES = ("lexical", "dense", "hybrid")
_SYNTAX = re.compile(r'(^|\s)[+\-]|["*:()]')


def dense_text(plan) -> str:
    """The text embedded for a plan: the query that ran (``rewritten`` or as typed) when it is plain
    words; with query syntax (fields, dates, quotes, ``+``/``-``), the text of its positive leaves."""
    text = plan.rewritten or plan.query
    if not _SYNTAX.search(text):
        return text
    return " ".join(c.text for c in plan.positive if not c.derived)


def restrict_query(schema: tantivy.Schema, plan, searcher: tantivy.Searcher) -> tantivy.Query | None:
    """What every hit must satisfy whatever found it: the plan's date filters, its declared-field
    filters (:mod:`kavosh.search.filtering`), its excluded words (``-word``) and its near-duplicate
    group; ``None`` when there is nothing to check."""
    parts = [(tantivy.Occur.Must if f.occur != "must_not" else tantivy.Occur.MustNot, date_query(schema, f))
             for f in plan.date_filters]
    parts += [(tantivy.Occur.MustNot, q) for q in excluded(schema, plan, searcher)]
    if plan.group is not None:
        parts.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, S.DUP_GROUP, plan.group)))
    filters = getattr(plan, "filters", ())
    if not parts and not filters:
        return None
    if parts and all(o == tantivy.Occur.MustNot for o, _ in parts):
        parts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    return apply_filters(schema, tantivy.Query.boolean_query(parts) if parts else None, filters)


def execute_fused(opened: OpenedIndex, plan, searcher: tantivy.Searcher, mode: str, tq: tantivy.Query,
                  counts, method: str = "convex", weight: float = LEXICAL_WEIGHT) -> tuple[list[dict], int, int]:
    """Rank a plan's documents in ``"dense"`` or ``"hybrid"`` mode.

    The lexical candidates are the top :data:`CANDIDATES` of ``tq`` (equal scores by document id:
    :func:`kavosh.search.proximity.ranked`); the dense ones the :data:`CANDIDATES` nearest documents by
    best passage window that pass :func:`restrict_query` (a fixed depth, so that scores are normalized
    as when the fusion was tuned; pages past the fused candidates are empty); hybrid fuses the two
    (:func:`fuse`), and :func:`fused_page` makes the page.

    Returns:
        as :func:`fused_page`.
    """
    from .dense import dense_candidates  # noqa: PLC0415 - onnxruntime only for dense indexes

    lexical = [] if mode == "dense" else ranked(searcher, tq, CANDIDATES)[0]
    dense = dense_candidates(opened, searcher, dense_text(plan), CANDIDATES,
                             restrict_query(opened.schema, plan, searcher))
    return fused_page(plan, searcher, mode, lexical, dense, counts, method, weight)


def fused_page(plan, searcher: tantivy.Searcher, mode: str, lexical: list, dense: list, counts,
               method: str = "convex", weight: float = LEXICAL_WEIGHT) -> tuple[list[dict], int, int]:
    """The page of a plan in ``"dense"`` or ``"hybrid"`` mode from its candidates (one index's, or those a
    cluster's shards found: the same lists give the same page).  Near-duplicates are collapsed on the
    fused order when the plan asks for it.

    Args:
        plan: the query plan.
        searcher: the commit the addresses belong to.
        mode: ``"dense"`` or ``"hybrid"``.
        lexical: ``[(score, address)]``, best first (ignored in dense mode).
        dense: :class:`kavosh.search.dense.DenseCandidate` list, best first.
        counts: the matches per group (``others(group)``), or ``None``.
        method, weight: the fusion (:func:`fuse`).
    Returns:
        ``(page, total, matched)``: the page as dicts with ``score``, ``address``, ``group``,
        ``similar`` and ``explain`` (lexical/dense rank and score, the best window); ``total``
        results after collapsing, ``matched`` candidates (every copy): at most twice the
        candidate depth, since dense and hybrid results are the best candidates, not every match.
    """
    key = lambda addr: (addr.segment_ord, addr.doc)  # noqa: E731
    lexical = [] if mode == "dense" else lexical
    addr_of = {key(a): a for _, a in lexical} | {key(c.address): c.address for c in dense}
    window = {key(c.address): (c.start, c.end) for c in dense}
    if mode == "dense":
        fused = [Fused(key(c.address), c.score, dense_rank=i, dense_score=c.score) for i, c in enumerate(dense, 1)]
    else:
        fused = fuse([(key(a), float(s)) for s, a in lexical], [(key(c.address), c.score) for c in dense],
                     method=method, weight=weight)
    prefer = exact_preference(StoredReader(searcher), plan)  # a quoted phrase as written first, as in lexical mode
    if prefer is not None:
        fused = reorder(fused, [addr_of[f.key] for f in fused], prefer)
    groups = searcher.fast_field_values(S.DUP_GROUP, [addr_of[f.key] for f in fused]) if fused else []
    ranked_ = []
    seen: set[int] = set()
    for f, gid in zip(fused, groups, strict=True):
        if plan.collapse and plan.group is None and gid is not None:
            if gid in seen:
                continue
            seen.add(gid)
        ranked_.append((f, gid))
    page = []
    for f, gid in ranked_[plan.offset:plan.offset + plan.limit]:
        page.append({"score": f.score, "address": addr_of[f.key], "group": gid,
                     "similar": counts.others(gid) if counts is not None else 0,
                     "explain": {"lexical_rank": f.lexical_rank, "lexical_score": f.lexical_score,
                                 "dense_rank": f.dense_rank, "dense_score": f.dense_score,
                                 "window": window.get(f.key)}})
    return page, len(ranked_), len(fused)
