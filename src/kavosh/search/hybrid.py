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

Hybrid results are every document the lexical query matches and every dense candidate, each once
(:func:`hybrid_page`): the fused candidates first (the fusion's order, as tuned), then the other
lexical matches in lexical order, so every page is reachable and ``total`` counts them all (a new
user found 99 of 222 documents holding «ایران» on no hybrid page when pages stopped at the candidates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import tantivy

from ..index import schema as S
from ..index.store import OpenedIndex, StoredReader
from .collapse import any_group, first_window, query_total
from .filtering import apply_filters
from .ranking import date_query, excluded
from .exact import exact_preference, reorder
from .proximity import ranked
from .topk import fast_search, pinned_snapshot

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


@dataclass
class FusedPage:
    """A dense or hybrid page and its counts (:func:`execute_fused`).

    Attributes:
        page: the hits as dicts with ``score``, ``address``, ``group``, ``similar`` and ``explain``
            (:func:`fused_page`).
        total: results after collapsing (what paging runs over).
        matched: documents found, every copy counted.
        exact: ``total`` is exact (else an estimate or a lower bound: :func:`kavosh.search.collapse.query_total`).
        bound: ``total`` is a lower bound.
    """

    page: list[dict]
    total: int
    matched: int
    exact: bool = True
    bound: bool = False


def execute_fused(opened: OpenedIndex, plan, searcher: tantivy.Searcher, mode: str, tq: tantivy.Query,
                  counts, method: str = "convex", weight: float = LEXICAL_WEIGHT) -> FusedPage:
    """Rank a plan's documents in ``"dense"`` or ``"hybrid"`` mode.

    The lexical candidates are the top :data:`CANDIDATES` of ``tq`` (equal scores by document id:
    :func:`kavosh.search.proximity.ranked`); the dense ones the :data:`CANDIDATES` nearest documents by
    best passage window that pass :func:`restrict_query` (a fixed depth, so that scores are normalized
    as when the fusion was tuned).  Dense mode ranks the dense candidates alone (pages past them are
    empty: dense retrieval has no notion of a match).  Hybrid mode's result list is every lexical match
    and every dense candidate, each once (:func:`hybrid_page`): the fused candidates first (:func:`fuse`),
    then the rest of the lexical matches in lexical order.

    Returns:
        :class:`FusedPage`.
    """
    from .dense import dense_candidates  # noqa: PLC0415 - onnxruntime only for dense indexes

    lexical, matched = ([], 0) if mode == "dense" else ranked(searcher, tq, CANDIDATES, count=True)
    dense = dense_candidates(opened, searcher, dense_text(plan), CANDIDATES,
                             restrict_query(opened.schema, plan, searcher))
    if mode == "dense":
        return FusedPage(*fused_page(plan, searcher, mode, lexical, dense, counts, method, weight))
    fast = None
    if plan.collapse and not getattr(plan, "filters", ()):  # the collapsed total from the core's one pass
        fast = fast_search(opened, plan, searcher) if pinned_snapshot(opened, searcher) is not None else None
    return hybrid_page(plan, searcher, opened.schema, tq, lexical, matched or 0, dense, counts, method, weight,
                       fast=fast)


def _key(addr: tantivy.DocAddress) -> tuple[int, int]:
    return addr.segment_ord, addr.doc


def fused_head(plan, searcher: tantivy.Searcher, mode: str, lexical: list, dense: list,
               method: str = "convex",
               weight: float = LEXICAL_WEIGHT) -> tuple[list[tuple[Fused, int | None]], dict, set]:
    """The fused candidates of a plan in rank order, near-duplicates collapsed when the plan asks for it.

    Args:
        as :func:`fused_page`.
    Returns:
        ``([(Fused, group id or None)], {key: address}, groups seen)``: the list kept after collapsing, every
        candidate's address by its key (:attr:`Fused.key` is ``(segment_ord, doc)``), and the groups of the
        candidates (those hidden by collapsing included; empty when not collapsing).
    """
    lexical = [] if mode == "dense" else lexical
    addr_of = {_key(a): a for _, a in lexical} | {_key(c.address): c.address for c in dense}
    if mode == "dense":
        fused = [Fused(_key(c.address), c.score, dense_rank=i, dense_score=c.score) for i, c in enumerate(dense, 1)]
    else:
        fused = fuse([(_key(a), float(s)) for s, a in lexical], [(_key(c.address), c.score) for c in dense],
                     method=method, weight=weight)
    prefer = exact_preference(StoredReader(searcher), plan)  # a quoted phrase as written first, as in lexical mode
    if prefer is not None:
        fused = reorder(fused, [addr_of[f.key] for f in fused], prefer)
    groups = searcher.fast_field_values(S.DUP_GROUP, [addr_of[f.key] for f in fused]) if fused else []
    kept = []
    seen: set[int] = set()
    for f, gid in zip(fused, groups, strict=True):
        if plan.collapse and plan.group is None and gid is not None:
            if gid in seen:
                continue
            seen.add(gid)
        kept.append((f, gid))
    return kept, addr_of, seen


def _hit(f: Fused, gid: int | None, addr: tantivy.DocAddress, counts, window) -> dict:
    return {"score": f.score, "address": addr, "group": gid,
            "similar": counts.others(gid) if counts is not None else 0,
            "explain": {"lexical_rank": f.lexical_rank, "lexical_score": f.lexical_score,
                        "dense_rank": f.dense_rank, "dense_score": f.dense_score, "window": window}}


def fused_page(plan, searcher: tantivy.Searcher, mode: str, lexical: list, dense: list, counts,
               method: str = "convex", weight: float = LEXICAL_WEIGHT) -> tuple[list[dict], int, int]:
    """The page of a plan in ``"dense"`` or ``"hybrid"`` mode from its candidates alone (one index's dense
    mode, or the candidates a cluster's shards found: the same lists give the same page).  Near-duplicates
    are collapsed on the fused order when the plan asks for it.  Pages past the candidates are empty: one
    index's hybrid mode pages on through the rest of the lexical matches (:func:`hybrid_page`).

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
        candidates after collapsing, ``matched`` candidates (every copy): at most twice the
        candidate depth.
    """
    kept, addr_of, _ = fused_head(plan, searcher, mode, lexical, dense, method, weight)
    window = {_key(c.address): (c.start, c.end) for c in dense}
    page = [_hit(f, gid, addr_of[f.key], counts, window.get(f.key))
            for f, gid in kept[plan.offset:plan.offset + plan.limit]]
    return page, len(kept), len(set(addr_of))


def hybrid_page(plan, searcher: tantivy.Searcher, schema: tantivy.Schema, tq: tantivy.Query, lexical: list,
                matched: int, dense: list, counts, method: str = "convex", weight: float = LEXICAL_WEIGHT,
                deeper: Callable[[int], list] | None = None, fast=None) -> FusedPage:
    """A hybrid page of one index: the result list is every document ``tq`` matches and every dense
    candidate (those it does not match are the dense side's *additions*), each once (one per near-duplicate
    group when collapsing): first the fused candidates (:func:`fused_head`, the order the fusion was tuned
    on), then the lexical matches past :data:`CANDIDATES` that are not among them, in lexical order
    (:func:`lexical_rest`; each with score 0, the fused score of the last lexical candidate the dense
    side did not find, and its lexical rank in ``explain``).  A page past the candidates costs a lexical
    page as deep (bounded as lexical pages are: docs/http.md "Limits"); one index and a cluster's
    coordinator (whose ``deeper`` merges the shards' lists) give the same pages.

    ``total`` is the lexical total plus the additions (their groups holding no match, when collapsing):
    exact whenever the lexical total is (:func:`kavosh.search.collapse.query_total`).

    Args:
        plan, searcher, counts, method, weight: as :func:`fused_page`.
        schema: the index schema.
        tq: the plan's lexical query (filters included): what "matches" means.
        lexical: its first :data:`CANDIDATES` hits ``[(score, address)]`` (:func:`kavosh.search.proximity.ranked`).
        matched: the number of documents ``tq`` matches.
        dense: the dense candidates, best first.
        deeper: ``deeper(n)``, the first ``n`` hits of the lexical ranking ``lexical`` began (``[(score, address)]``);
            default :func:`kavosh.search.proximity.ranked` of ``tq`` on ``searcher``.
        fast: the plan's search in the core (:func:`kavosh.search.topk.fast_search`), whose one pass counts
            the collapsed lexical total, or ``None`` (then counted with tantivy:
            :func:`kavosh.search.collapse.query_total`).
    Returns:
        :class:`FusedPage` (``matched``: lexical matches plus additions, every copy).
    """
    collapse = plan.collapse and plan.group is None
    kept, addr_of, seen = fused_head(plan, searcher, "hybrid", lexical, dense, method, weight)
    window = {_key(c.address): (c.start, c.end) for c in dense}
    start, end = plan.offset, plan.offset + plan.limit
    page = [_hit(f, gid, addr_of[f.key], counts, window.get(f.key)) for f, gid in kept[start:end]]
    whole = None  # the lexical list's collapsed length when a tail search held every match
    if end > len(kept) and matched > len(lexical):
        deeper = deeper or (lambda n: ranked(searcher, tq, n)[0])
        rest, whole = lexical_rest(searcher, deeper, set(addr_of), seen if collapse else None, end - len(kept),
                                   matched)
        for rank, score, addr, gid in rest[max(0, start - len(kept)):]:
            page.append(_hit(Fused(_key(addr), 0.0, lexical_rank=rank, lexical_score=float(score)), gid, addr,
                             counts, None))
    lexical_keys = {_key(a) for _, a in lexical}
    unsure = [c for c in dense if _key(c.address) not in lexical_keys]
    found = matching(schema, searcher, tq, unsure)
    additions = [c for c in unsure if _key(c.address) not in found]
    if not collapse:
        return FusedPage(page, matched + len(additions), matched + len(additions))
    if len(lexical) >= matched:  # the candidates held every match
        groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in lexical]) if lexical else []
        whole = len({g for g in groups if g is not None}) + sum(g is None for g in groups)
    total, exact, bound = query_total(searcher, schema, tq, matched, whole, fast)
    return FusedPage(page, total + added_groups(searcher, schema, tq, additions), matched + len(additions),
                     exact, bound)


def matching(schema: tantivy.Schema, searcher: tantivy.Searcher, tq: tantivy.Query, candidates: list) -> set:
    """The keys of ``candidates`` (dense candidates) that ``tq`` matches: one search of ``tq`` and their ids."""
    if not candidates:
        return set()
    ids = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, S.ID, c.doc_id))
                                       for c in candidates])
    q = tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.const_score_query(tq, 0.0)),
                                     (tantivy.Occur.Must, ids)])
    return {_key(a) for _, a in searcher.search(q, limit=len(candidates)).hits}


def added_groups(searcher: tantivy.Searcher, schema: tantivy.Schema, tq: tantivy.Query, additions: list) -> int:
    """How many collapsed results ``additions`` (dense candidates ``tq`` does not match) add to the lexical
    ones: each without a group, and each of their groups that holds no match of ``tq``."""
    groups = searcher.fast_field_values(S.DUP_GROUP, [c.address for c in additions]) if additions else []
    distinct = sorted({g for g in groups if g is not None})
    held: set[int] = set()
    if distinct:
        only = tantivy.Query.const_score_query(any_group(schema, distinct), 0.0)
        q = tantivy.Query.boolean_query([(tantivy.Occur.Must, tq), (tantivy.Occur.Must, only)])
        agg = searcher.aggregate(q, {"g": {"terms": {"field": S.DUP_GROUP, "size": len(distinct),
                                                     "segment_size": len(distinct)}}})
        held = {int(b["key"]) for b in agg["g"]["buckets"]}
    return sum(g is None for g in groups) + len(set(distinct) - held)


def lexical_rest(searcher: tantivy.Searcher, deeper: Callable[[int], list], skip: set, seen: set[int] | None,
                 need: int, matched: int) -> tuple[list[tuple[int, float, tantivy.DocAddress, int | None]], int | None]:
    """The first ``need`` lexical matches past the :data:`CANDIDATES` fused ones, in lexical order
    (``deeper(n)``: the lexical ranking's first ``n``, whose first :data:`CANDIDATES` were the lexical
    candidates), leaving out the documents of ``skip`` (keys of the fused candidates) and, when collapsing
    (``seen`` given: the fused candidates' groups), any document whose group came before.

    Cost: one lexical search ``CANDIDATES + len(skip) + need`` deep (times the index's near-duplicate share
    when collapsing: :func:`kavosh.search.collapse.first_window`), deeper (four times) only while groups hid
    so many that ``need`` are not reached and matches remain.
    Returns:
        ``([(lexical rank, BM25 score, address, group)], collapsed length of the whole lexical list or None)``:
        the second when the search held every match (for :func:`kavosh.search.collapse.query_total`).
    """
    depth = CANDIDATES + len(skip) + (first_window(searcher, need) if seen is not None else need)
    while True:
        found = deeper(min(depth, matched))
        rest = found[CANDIDATES:]
        groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in found]) if found else []
        taken = set(seen) if seen is not None else None
        out = []
        for i, ((score, addr), gid) in enumerate(zip(rest, groups[CANDIDATES:], strict=True)):
            if _key(addr) in skip or (taken is not None and gid is not None and gid in taken):
                continue
            if taken is not None and gid is not None:
                taken.add(gid)
            out.append((CANDIDATES + i + 1, score, addr, gid))
            if len(out) == need:
                break
        complete = len(found) >= matched
        if len(out) >= need or complete:
            whole = None
            if complete and seen is not None:
                whole = len({g for g in groups if g is not None}) + sum(g is None for g in groups)
            return out, whole
        depth *= 4
