"""Execute a query plan: retrieval, ranking, collapsing and paging.

:func:`execute` takes a :class:`kavosh.query.plan.QueryPlan` (read by its attributes
only: this package never imports ``kavosh.query``) and returns the page of ranked
document addresses (:class:`Retrieved`); turning them into displayed results is the
presentation stage's work (:mod:`kavosh.present`).
"""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from ..index import schema as S
from ..index.store import OpenedIndex
from ..index.vectors import has_vectors
from .collapse import collapse as collapse_hits
from .collapse import group_counts, restrict_to_group
from .hybrid import MODES, execute_fused
from .ranking import build_query


@dataclass(frozen=True)
class RankedHit:
    """One retrieved document.

    Attributes:
        rank: 1-based rank in the whole (collapsed) result list.
        score: the ranking score (larger is better).
        address: the document's tantivy address in the searcher that found it.
        group: its near-duplicate group id, or ``None``.
        similar: other members of its group that match the query (hidden by collapsing).
        explain: in dense and hybrid modes, where the lexical and dense rankings had it:
            ``lexical_rank``, ``lexical_score``, ``dense_rank``, ``dense_score`` (``None`` where it was
            not a candidate) and ``window``, its best passage as ``(start, end)`` characters of the text.
    """

    rank: int
    score: float
    address: tantivy.DocAddress
    group: int | None
    similar: int
    explain: dict | None = None


@dataclass
class Retrieved:
    """The page of a plan's results.

    Attributes:
        hits: the page, in rank order.
        total: results, each near-duplicate group once when collapsed (what paging runs over).
        matched: matching documents, every copy counted.
        collapsed: whether near-duplicates were collapsed.
        searcher: the searcher the addresses belong to (for loading stored documents).
    """

    hits: list[RankedHit]
    total: int
    matched: int
    collapsed: bool
    searcher: tantivy.Searcher


def execute(opened: OpenedIndex, plan, searcher: tantivy.Searcher | None = None, mode: str = "lexical") -> Retrieved:
    """Run ``plan`` (a :class:`kavosh.query.plan.QueryPlan`) on ``opened``.

    Args:
        opened: the index.
        plan: the plan: clauses, date filters, ``limit``, ``offset``, ``collapse``, ``group``.
        searcher: the commit to search (default: the current one; pass the one the plan's
            statistics came from to see one commit throughout).
        mode: ``"lexical"`` (BM25), ``"dense"`` (passage vectors) or ``"hybrid"`` (both, fused:
            :mod:`kavosh.search.hybrid`); the last two need an index with vectors.
    Returns:
        :class:`Retrieved`.
    Raises:
        ValueError: an unknown mode, or dense/hybrid on an index without vectors.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    searcher = searcher if searcher is not None else opened.index.searcher()
    tq = build_query(opened.schema, plan, searcher)
    collapse = plan.collapse
    if plan.group is not None:
        tq = restrict_to_group(opened.schema, tq, plan.group)
        collapse = False
    counts = group_counts(searcher, opened.schema, tq, depth=plan.offset + plan.limit)
    if mode != "lexical":
        if not has_vectors(opened.path):
            raise ValueError(f"mode {mode!r} needs passage vectors: run 'kavosh embed --index {opened.path}'")
        page, total, matched = execute_fused(opened, plan, searcher, mode, tq, counts)
        hits = [RankedHit(plan.offset + i + 1, float(h["score"]), h["address"], h["group"], h["similar"],
                          h["explain"]) for i, h in enumerate(page)]
        return Retrieved(hits, total, matched, collapse, searcher)
    if collapse:
        page, matched = collapse_hits(searcher, tq, counts, plan.limit, plan.offset)
        total = matched - counts.hidden
    else:
        result = searcher.search(tq, limit=plan.limit, offset=plan.offset, count=True)
        page, matched = result.hits, result.count or 0
        total = matched
    groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in page]) if page else []
    hits = [RankedHit(plan.offset + i + 1, float(score), addr, gid, counts.others(gid))
            for i, ((score, addr), gid) in enumerate(zip(page, groups, strict=True))]
    return Retrieved(hits, total, matched, collapse, searcher)
