"""Execute a query plan: retrieval, ranking, collapsing and paging.

:func:`execute` takes a :class:`kavosh.query.plan.QueryPlan` (read by its attributes
only: this package never imports ``kavosh.query``) and returns the page of ranked
document addresses (:class:`Retrieved`); turning them into displayed results is the
presentation stage's work (:mod:`kavosh.present`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tantivy

from ..analysis.analyzer import Analyzer, default_analyzer
from ..index import schema as S
from ..index.fields import Kind, tantivy_name
from ..index.store import OpenedIndex, StoredReader
from ..index.vectors import has_vectors
from .collapse import GroupMatches, page, restrict_to_group
from .facets import Facet, compute_facets
from .filtering import apply_filters
from .exact import exact_preference
from .hybrid import MODES, execute_fused
from .proximity import proximity_bonus
from .rescore import phrase_rescorer, rescored_in_core
from .ranking import bonus_adds_no_match, build_query
from .sorting import sorted_page
from .topk import fast_search, pinned_snapshot


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
        matched: matching documents, every copy counted; a lower bound when ``total_lower_bound`` and
            the count stopped early (:data:`kavosh.search.topk.STOP_COUNT`).
        collapsed: whether near-duplicates were collapsed.
        searcher: the searcher the addresses belong to (for loading stored documents).
        facets: the counts of the plan's facets over all matches (:mod:`kavosh.search.facets`).
        total_exact: ``total`` is exact, not an estimate or a lower bound (:mod:`kavosh.search.collapse`).
        total_lower_bound: ``total`` is a lower bound: there are at least that many results
            (:func:`kavosh.search.collapse.lower_bound`).
        stored: the search's stored documents, each read once (the quoted-phrase check and
            presentation share them); a new reader over ``searcher`` when not given.
        core: the compiled core's ``TopSnapshot`` of ``searcher``'s commit (:func:`kavosh.search.topk.pinned_snapshot`:
            presentation reads the hits' term positions from it), or ``None``.
    """

    hits: list[RankedHit]
    total: int
    matched: int
    collapsed: bool
    searcher: tantivy.Searcher
    facets: list[Facet] = field(default_factory=list)
    total_exact: bool = True
    stored: StoredReader | None = None
    total_lower_bound: bool = False
    core: object = None

    def __post_init__(self) -> None:
        if self.stored is None:
            self.stored = StoredReader(self.searcher)


def execute(opened: OpenedIndex, plan, searcher: tantivy.Searcher | None = None, mode: str = "lexical",
            analyzer: Analyzer | None = None) -> Retrieved:
    """Run ``plan`` (a :class:`kavosh.query.plan.QueryPlan`) on ``opened``.

    Args:
        opened: the index.
        plan: the plan: clauses, date filters, field filters (unscored: :mod:`kavosh.search.filtering`),
            ``limit``, ``offset``, ``collapse``, ``group``, ``sort`` (by a field, ties by id:
            :mod:`kavosh.search.sorting`), ``facets`` (:mod:`kavosh.search.facets`).
        searcher: the commit to search (default: the current one; pass the one the plan's
            statistics came from to see one commit throughout).
        mode: ``"lexical"`` (BM25), ``"dense"`` (passage vectors) or ``"hybrid"`` (both, fused:
            :mod:`kavosh.search.hybrid`); the last two need an index with vectors.
        analyzer: the index's analyzer, for the proximity bonus of the first hits
            (:mod:`kavosh.search.proximity`; default: the default analyzer).
    Returns:
        :class:`Retrieved`.
    Raises:
        ValueError: an unknown mode, or dense/hybrid on an index without vectors.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    searcher = searcher if searcher is not None else opened.index.searcher()
    base = build_query(opened.schema, plan, searcher)
    bare = build_query(opened.schema, plan, searcher, bonus=False) if bonus_adds_no_match(plan) else None
    collapse = plan.collapse
    if plan.group is not None:
        base = restrict_to_group(opened.schema, base, plan.group)
        bare = restrict_to_group(opened.schema, bare, plan.group) if bare is not None else None
        collapse = False
    filters = getattr(plan, "filters", ())
    tq = apply_filters(opened.schema, base, filters)
    matching = apply_filters(opened.schema, bare, filters) if bare is not None else None  # the same matches
    facets = []
    if getattr(plan, "facets", ()):
        def without(name: str) -> tantivy.Query:
            return apply_filters(opened.schema, base, [f for f in filters if f.field != name])

        facets = compute_facets(opened, searcher, tq, plan.facets, filters,
                                without if plan.disjunctive else None)
    order = getattr(plan, "sort", None)
    if order is not None:
        fld = S.DATE_DAYS if order.field == "date" else tantivy_name(order.field)
        ordered, matched = sorted_page(searcher, opened.schema, tq, fld, order.kind == Kind.NUMBER,
                                       order.descending, plan.limit, plan.offset)
        groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in ordered]) if ordered else []
        hits = [RankedHit(plan.offset + i + 1, 0.0, addr, gid, 0)
                for i, ((_, addr), gid) in enumerate(zip(ordered, groups, strict=True))]
        return Retrieved(hits, matched, matched, False, searcher, facets)
    if mode != "lexical" and plan.positive:  # filters alone: no words to embed, the lexical order
        if not has_vectors(opened.path):
            raise ValueError(f"mode {mode!r} needs passage vectors: run 'kavosh embed --index {opened.path}'")
        counts = GroupMatches(searcher, opened.schema, tq)
        fused = execute_fused(opened, plan, searcher, mode, tq, counts)
        hits = [RankedHit(plan.offset + i + 1, float(h["score"]), h["address"], h["group"], h["similar"],
                          h["explain"]) for i, h in enumerate(fused.page)]
        return Retrieved(hits, fused.total, fused.matched, collapse, searcher, facets, fused.exact,
                         total_lower_bound=fused.bound)
    core = pinned_snapshot(opened, searcher)
    stored = StoredReader(searcher, core)
    bonus = proximity_bonus(searcher, opened.schema, plan, analyzer or default_analyzer(), tq, stored)
    # the exact-phrase bonus rescores the first hits of the query without it (the same matches) when it can
    rescore = phrase_rescorer(searcher, opened.schema, plan, stored, core)
    first_pass = matching if rescore is not None and matching is not None else tq
    rescore = rescore if first_pass is matching else None
    fast = fast_search(opened, plan, searcher, rescore is None) if not filters else None
    if (rescore is None and fast is not None and matching is not None and rescored_in_core(plan)
            and fast.ranks_in_core(searcher)):  # rescored where the core ranks (rescore.RESCORE "core")
        bare = fast.without_bonus()
        rescore = phrase_rescorer(searcher, opened.schema, plan, stored, core, force=True) if bare else None
        if rescore is not None:
            first_pass, fast = matching, bare
    found = page(searcher, opened.schema, first_pass, plan.limit, plan.offset, collapse,
                 exact_preference(stored, plan), bonus, stored, fast, matching, rescore)
    hits = [RankedHit(plan.offset + i + 1, float(score), addr, gid, found.others(gid))
            for i, (score, addr, gid) in enumerate(found.hits)]
    return Retrieved(hits, found.total, found.matched, collapse, searcher, facets, found.exact, stored, found.bound,
                     core)
