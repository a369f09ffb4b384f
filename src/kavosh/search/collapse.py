"""Collapse near-duplicates in a ranked result list to their best-ranked member, in O(hits shown).

Each document carries a near-duplicate group id (:mod:`kavosh.index.dedup`) in a fast field.
A query's collapsed result list is its ranked list with every document removed whose group
already appeared higher up, the way web search engines show one copy of a syndicated story
("field collapsing" in Elasticsearch and Solr).  The shown member carries the number of
*other* members of its group that match the query.

The work is bounded by the page, not the index: the top hits that should fill the page after
collapsing (:func:`first_window`: ``offset + limit`` scaled by the index's share of near-duplicates)
are ranked once and collapsed in one pass over their group ids (read from the fast field
for those hits only); only when groups hid so many that the page is not full is a deeper window
fetched (as deep as the share of the window's hits that survived says the page needs, with the same
over-fetch, and at least four times as deep, until the page fills or every match was seen: one deeper
search where growing by four took two or three, each a whole search on 1M documents).  A window whose last
score is tied past its end stops before that score (:func:`kavosh.search.proximity.ranked`'s
``shorter``: any prefix of the ranked list collapses the same way) rather than fetching the whole
tie.  The shown groups' match counts come from the core's one pass when it ranked the query
(:meth:`kavosh.search.topk.FastSearch.group_counts`: every matching group counted while scoring), else from
the window when it holds every document of the group, else from one aggregation over the matches *of the
other shown groups* (only the page's groups are counted, not every group of the window).

The total (the number of collapsed results) is a function of the query and the commit alone, the same
for every page size and page (:func:`query_total`; a total estimated from the window changed while
paging).  With the core's counts (:mod:`kavosh.search.topk`: one pass over the matches without
scoring, reading their group ids) it is the number of distinct groups, exact up to :data:`TRACK_TOTAL`
matches and a lower bound above ("at least N", as Elasticsearch's ``track_total_hits``).  On tantivy-py
(plans the core does not cover) it is the window's own count when the window held every match (at most
:data:`EXACT_JOINERS` of them), else :func:`collapsed_total`'s count over the matching documents that
joined a group (exact up to :data:`EXACT_JOINERS` joiners, then tantivy's HyperLogLog estimate of the
matching groups), and above :data:`TRACK_TOTAL` matches :func:`lower_bound`'s bound.  :attr:`Page.exact`
and :attr:`Page.bound` say which it is.  (:func:`estimated_total`, the window's estimate, is left to the
cluster's merge of shard lists.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import tantivy

from ..index import schema as S
from ..index.store import StoredReader
from .exact import WINDOW, reorder
from .proximity import ranked
from .rescore import WINDOW as RESCORE_WINDOW

OVERFETCH = 1.5
"""The first window holds this many times the documents expected to fill the page (plus 10)."""
MIN_KEPT_SHARE = 0.05
"""The smallest share of documents expected to survive collapsing, when sizing the first window."""
EXACT_JOINERS = 2_000
"""Up to this many matching documents that joined a group, the collapsed total is counted exactly."""
TRACK_TOTAL = 10_000
"""Above this many matching documents, a collapsed total that the window does not give is not counted
(:func:`collapsed_total`'s searches visit every match, twice): it is reported as a lower bound instead
(:func:`lower_bound`), as Elasticsearch's ``track_total_hits`` (default 10,000) reports "at least"."""


def restrict_to_group(schema: tantivy.Schema, query: tantivy.Query, group: int) -> tantivy.Query:
    """``query`` limited to the members of ``group``; scores are unchanged."""
    only = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, S.DUP_GROUP, group), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])


def any_group(schema: tantivy.Schema, groups: list[int]) -> tantivy.Query:
    """Documents of any of ``groups``: an OR of one term query per group, whose cost is that of the
    groups' postings.  (tantivy's ``term_set_query`` walks the field's whole term dictionary: on
    Hamshahri's 5,375 groups it cost 0.29 ms against 0.016 ms for the OR of ten groups.)"""
    terms = [tantivy.Query.term_query(schema, S.DUP_GROUP, g) for g in groups]
    return terms[0] if len(terms) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])


@dataclass
class Page:
    """One page of results.

    Attributes:
        hits: ``[(score, address, group or None)]`` in rank order, at most ``limit``.
        matched: matching documents, every copy counted; a lower bound when the core stopped counting
            (:data:`kavosh.search.topk.STOP_COUNT`: then ``bound`` is true).
        total: results after collapsing (``matched`` when not collapsed).
        similar: group id → number of matching documents, for the groups shown.
        exact: ``total`` is exact (else an estimate or a lower bound: see the module text).
        bound: ``total`` is a lower bound (:func:`lower_bound`): there are at least that many results.
    """

    hits: list[tuple[float, tantivy.DocAddress, int | None]]
    matched: int
    total: int
    similar: dict[int, int]
    exact: bool = True
    bound: bool = False

    def others(self, group: int | None) -> int:
        """Other matching members of ``group`` (0 for ``None`` or a group with one match)."""
        return self.similar.get(group, 1) - 1 if group is not None else 0


def group_counts(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query,
                 groups: list[int], seen: list[int | None] = (), matches=None) -> dict[int, int]:
    """Matching documents of each of ``groups``, every one of which has a matching member: 1 for a
    group with one document in the index (its term's document frequency, a dictionary look-up), the
    number of times it occurs in ``seen`` (the groups of distinct matches already in hand: a window)
    when that is all the index's documents of the group, for the others ``matches(groups)`` (the core's
    count at their documents, :meth:`kavosh.search.topk.FastSearch.group_matches`: a list of counts in
    their order) when given, else one aggregation over the matches of the others."""
    in_hand = Counter(g for g in seen if g is not None)
    counts = {g: 1 for g in groups}
    shared = []
    for g in groups:
        size = searcher.doc_freq(S.DUP_GROUP, g)  # deleted documents included: then aggregated
        if size > 1 and in_hand[g] >= size:
            counts[g] = in_hand[g]
        elif size > 1:
            shared.append(g)
    if not shared:
        return counts
    if matches is not None:
        counts.update({g: n for g, n in zip(shared, matches(shared), strict=True) if n})
        return counts
    only = tantivy.Query.const_score_query(any_group(schema, shared), 0.0)
    q = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])
    agg = searcher.aggregate(q, {"g": {"terms": {"field": S.DUP_GROUP, "size": len(shared),
                                                 "segment_size": len(shared)}}})
    counts.update({int(b["key"]): int(b["doc_count"]) for b in agg["g"]["buckets"]})
    return counts


def shown_counts(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, groups: list[int],
                 seen: list[int | None], fast) -> dict[int, int]:
    """:func:`group_counts` of ``groups``, read from ``fast``'s counts of every matching group when its one
    pass counted them (:meth:`kavosh.search.topk.FastSearch.group_counts`: no search), else counted (by
    the core at the groups' documents when ``fast`` is given: :meth:`kavosh.search.topk.FastSearch.group_matches`)."""
    got = fast.group_counts(groups) if fast is not None else None
    if got is not None:
        return got
    return group_counts(searcher, schema, query, groups, seen, fast.group_matches if fast is not None else None)


class GroupMatches:
    """``others(group)``: the other matching members of any group, counted when first asked (one
    aggregation over that group's matches); for result lists ranked elsewhere (fused modes)."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query) -> None:
        self._args = (searcher, schema, query)
        self._counts: dict[int, int] = {}

    def others(self, group: int | None) -> int:
        """Other matching members of ``group`` (0 for ``None``)."""
        if group is None:
            return 0
        if group not in self._counts:
            self._counts[group] = group_counts(*self._args, [group]).get(group, 1)
        return self._counts[group] - 1


def collapsed_total(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, matched: int,
                    seen: int) -> tuple[int, bool]:
    """The number of collapsed results of ``query`` when the window did not hold every match.

    Only a document that joined an existing group (``dup_joined``) can share its group with
    another match, so: no matching joiner, no hidden document (``matched``, exact); up to
    :data:`EXACT_JOINERS` of them, exact from two aggregations over the joiners' groups;
    more, tantivy's HyperLogLog estimate of the matching groups, kept in ``[seen, matched]``.
    Returns ``(total, exact)``."""
    joined = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, S.DUP_JOINED, 1), 0.0)
    joiners_q = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, joined)])
    joiners = searcher.search(joiners_q, limit=1, count=True).count or 0
    if joiners == 0:
        return matched, True
    if joiners <= EXACT_JOINERS:
        agg = searcher.aggregate(joiners_q, {"g": {"terms": {"field": S.DUP_GROUP, "size": joiners,
                                                             "segment_size": joiners}}})
        groups = sorted(int(b["key"]) for b in agg["g"]["buckets"])
        return matched - sum(n - 1 for n in group_counts(searcher, schema, query, groups).values()), True
    return max(seen, min(matched, round(searcher.cardinality(query, S.DUP_GROUP)))), False


def first_window(searcher: tantivy.Searcher, need: int) -> int:
    """How many ranked hits to fetch first so that ``need`` survive collapsing: ``need`` divided by
    the share of the index's documents that head their group (1 − the share that joined one,
    from one term's document frequency, at least :data:`MIN_KEPT_SHARE`), times
    :data:`OVERFETCH`, plus 10.  An index without near-duplicates fetches about the page; one whose
    stories come in tens (syndicated news) fetches ten times as deep at once rather than twice."""
    n = searcher.num_docs
    joined = searcher.doc_freq(S.DUP_JOINED, 1) if n else 0
    kept = max(MIN_KEPT_SHARE, 1.0 - joined / n) if n else 1.0
    return math.ceil(need * OVERFETCH / kept) + 10


def page(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, limit: int, offset: int,
         collapse: bool = True, prefer: Callable[..., list[int]] | None = None,
         bonus: Callable[[list[tantivy.DocAddress]], list[float]] | None = None,
         stored: StoredReader | None = None, fast=None, matching: tantivy.Query | None = None,
         rescore: Callable[[list[tantivy.DocAddress]], list[float]] | None = None) -> Page:
    """One page of ``query``'s ranked list, collapsed or not (see the module text).

    Args:
        searcher: the searcher of the commit being searched.
        schema: the index schema.
        query: the full query (filters included).
        limit: results wanted.
        offset: results to skip (collapsed results when collapsing).
        collapse: one result per near-duplicate group.
        prefer: re-orders the first :data:`kavosh.search.exact.WINDOW` ranked hits, before
            collapsing (:func:`kavosh.search.exact.exact_preference`), or ``None``.
        bonus: the proximity bonus of the first ranked hits (:func:`kavosh.search.proximity.proximity_bonus`),
            or ``None``; ties are ordered by document id either way (:func:`kavosh.search.proximity.ranked`).
        stored: the search's stored documents (:class:`kavosh.index.store.StoredReader`), or ``None``.
        fast: the same query's top-k search and counts in the core (:func:`kavosh.search.topk.fast_search`),
            or ``None``.
        matching: a query matching exactly the documents ``query`` matches, cheaper to ask about single
            documents (``query`` without its exact-phrase bonus: :func:`kavosh.search.ranking.bonus_adds_no_match`),
            used to count the shown groups' matches and the total; ``None``: ``query`` itself.
        rescore: the exact-phrase bonus of the first ranked hits (:func:`kavosh.search.rescore.phrase_rescorer`)
            when ``query`` is ranked without it, or ``None``.
    Returns:
        :class:`Page`: its total is the same for every ``limit`` and ``offset`` (:func:`query_total`).
    """
    counting = matching if matching is not None else query
    if not collapse and (prefer is None or offset >= WINDOW):
        found, matched = ranked(searcher, query, offset + limit, count=True, bonus=bonus, stored=stored, fast=fast,
                                rescore=rescore)
        found = found[offset:]
        addrs = [a for _, a in found]
        groups = searcher.fast_field_values(S.DUP_GROUP, addrs) if addrs else []
        hits = [(s, a, g) for (s, a), g in zip(found, groups, strict=True)]
        bound = fast is not None and not fast.matched_exact  # the core stopped counting: at least matched
        return Page(hits, matched, matched,
                    shown_counts(searcher, schema, counting, sorted({g for g in groups if g is not None}), groups,
                                 fast), not bound, bound)
    need = offset + limit
    window = first_window(searcher, need)
    window = max(window, WINDOW) if prefer is not None else window
    # ranked() fetches the rescore window whatever the depth asked: collapse all of it (fewer deeper searches)
    window = max(window, RESCORE_WINDOW) if rescore is not None else window
    matched = -1
    while True:
        found, count = ranked(searcher, query, window, count=matched < 0, bonus=bonus,  # deeper: count known
                              stored=stored, shorter=collapse, fast=fast, rescore=rescore)
        if matched < 0:
            matched = count or 0
        addrs = [a for _, a in found]
        groups = searcher.fast_field_values(S.DUP_GROUP, addrs) if addrs else []
        in_order = [(s, a, g) for (s, a), g in zip(found, groups, strict=True)]
        if prefer is not None:
            in_order = reorder(in_order, addrs, prefer, groups if collapse else None, need)
        groups = [g for _, _, g in in_order]
        if not collapse:
            hits = in_order[offset:need]
            bound = fast is not None and not fast.matched_exact  # the core stopped counting: at least matched
            return Page(hits, matched, matched,
                        shown_counts(searcher, schema, counting, sorted({g for _, _, g in hits if g is not None}),
                                     groups, fast), not bound, bound)
        seen: set[int] = set()
        kept = []
        for score, addr, group in in_order:
            if group is not None:
                if group in seen:
                    continue
                seen.add(group)
            kept.append((score, addr, group))
        complete = len(found) >= matched
        if complete and fast is not None and not fast.matched_exact:  # a lower bound reached: count them all
            complete = len(found) >= fast.exact_matches()
        if len(kept) >= need or complete:
            break
        # deeper: as deep as this query's own share of surviving hits says the page needs, at least 4x
        window = max(window * 4, math.ceil(need * len(found) / max(1, len(kept)) * OVERFETCH) + 10)
    hits = kept[offset:need]
    counts = shown_counts(searcher, schema, counting, sorted({g for _, _, g in hits if g is not None}), groups, fast)
    total, exact, bound = query_total(searcher, schema, counting, matched, len(kept) if complete else None, fast)
    return Page(hits, matched, total, {g: counts[g] for _, _, g in hits if g in counts}, exact, bound)


def query_total(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, matched: int,
                complete: int | None, fast=None) -> tuple[int, bool, bool]:
    """The collapsed total of ``query``: a function of the query and the commit alone, the same on every
    page and for every page size (a total estimated from the window changed with both: 456/462/478/488
    results for limits 1/2/10/100 of one query).

    With ``fast`` (the core's counts, :meth:`kavosh.search.topk.FastSearch.counts`): the distinct groups
    of the matches, exact up to :data:`TRACK_TOTAL` matches; above, a lower bound, the larger of those
    among the first :data:`TRACK_TOTAL` matches in index order and :func:`lower_bound`'s.  Without it:
    the window's own count when the window held every match (``complete``: its collapsed length) and
    there are at most :data:`EXACT_JOINERS` matches (then :func:`collapsed_total` is exact too); above
    :data:`TRACK_TOTAL` matches :func:`lower_bound`'s; else :func:`collapsed_total` (exact, or
    tantivy's HyperLogLog estimate of the matching groups, itself a function of the query).
    Returns ``(total, exact, lower bound)``."""
    counted = fast.counts() if fast is not None else None
    if counted is not None:
        _, results, every = counted
        if every:
            return results, True, False
        return max(results, lower_bound(searcher, matched, 0)), False, True
    if complete is not None and matched <= EXACT_JOINERS:
        return complete, True, False
    if matched > TRACK_TOTAL:  # counting would visit every match: at least this many
        return lower_bound(searcher, matched, 0), False, True
    total, exact = collapsed_total(searcher, schema, query, matched, 0)
    return total, exact, False


def lower_bound(searcher: tantivy.Searcher, matched: int, seen: int) -> int:
    """A lower bound of the collapsed total without visiting the matches: only a document that joined a
    group (``dup_joined``) can be hidden behind another match of its group, and at most one per joiner,
    so there are at least ``matched`` minus the index's joiners (one term's document frequency, deleted
    documents included: a smaller bound, still a bound) results, and at least the ``seen`` groups of the
    window.  Cost: one dictionary look-up."""
    return max(seen, matched - searcher.doc_freq(S.DUP_JOINED, 1))


def estimated_total(groups: list[int | None], counts: dict[int, int], matched: int, seen: int) -> int:
    """The collapsed total estimated from the window: each matching document stands for 1/n of a
    result when its group has n matching members, so the total is the number of matches times the
    mean of 1/n over the window's documents (the Horvitz–Thompson estimator of a number of
    classes, with the window as the sample); kept in ``[seen, matched]``."""
    share = sum(1.0 / counts.get(g, 1) if g is not None else 1.0 for g in groups) / len(groups)
    return max(seen, min(matched, round(matched * share)))
