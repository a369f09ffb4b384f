"""Collapse near-duplicates in a ranked result list to their best-ranked member.

Each document carries a near-duplicate group id (:mod:`kavosh.index.dedup`).
A query's collapsed result list is its ranked list with every document removed
whose group already appeared higher up, the way web search engines show one
copy of a syndicated story ("field collapsing" in Elasticsearch and Solr).  The
shown member carries the number of *other* members of its group that match the
query.

The work is bounded whatever the size of the index: one ranked search of the
first :data:`COLLAPSE_WINDOW` results (or twice the page depth, if more), whose
group ids are read from the fast field, and collapsing within them.  When the
query matches no more documents than that window, everything is exact.  When it
matches more, copies ranked beyond the window are not seen: the total is then
``matched`` minus the copies hidden within the window (an over-estimate by the
copies beyond it, as Elasticsearch's collapsed ``hits.total`` counts every match),
and the count of other members shown with each result is made exact by one small
search per shown group (the group's postings, intersected with the query).
Before, every matching document that had joined a group was fetched, which grew
with the index (issue #13).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import tantivy

from ..index import schema as S

COLLAPSE_WINDOW = 1000
"""Ranked results examined for collapsing (at least twice the page depth)."""


def _key(addr: tantivy.DocAddress) -> tuple[int, int]:
    return addr.segment_ord, addr.doc


def restrict_to_group(schema: tantivy.Schema, query: tantivy.Query, group: int) -> tantivy.Query:
    """``query`` limited to the members of ``group``; scores are unchanged."""
    only = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, S.DUP_GROUP, group), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])


@dataclass
class GroupCounts:
    """The groups with two or more documents among a query's first ranked results.

    Attributes:
        matching: group id -> number of matching documents in the window, for those groups only.
        member_group: (segment, doc) address -> group id of every windowed document in them.
        hits: the window, ``[(score, address)]`` in rank order.
        groups: the group id of each hit in ``hits``.
        matched: documents matching the query (all of them, not only the window).
        exact: the window holds every matching document, so every count is exact.
        count_group: when not ``exact``, counts a group's matching documents (one small search).
    """

    matching: dict[int, int] = field(default_factory=dict)
    member_group: dict[tuple[int, int], int] = field(default_factory=dict)
    hits: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    matched: int = 0
    exact: bool = True
    count_group: Callable[[int], int] | None = None
    _exact_counts: dict[int, int] = field(default_factory=dict)

    @property
    def hidden(self) -> int:
        """Documents collapse removes within the window: all but one matching member of each group."""
        return sum(n - 1 for n in self.matching.values())

    def others(self, group: int | None) -> int:
        """Other matching members of ``group`` (0 for a group with one matching member); exact even
        when the window does not hold every match (then one small search per group, remembered)."""
        if group is None:
            return 0
        if self.exact or self.count_group is None:
            return self.matching.get(group, 1) - 1
        if group not in self._exact_counts:
            self._exact_counts[group] = self.count_group(group)
        return max(1, self._exact_counts[group]) - 1


def group_counts(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query,
                 depth: int = 10) -> GroupCounts:
    """Rank the first results of ``query`` and find the near-duplicate groups among them (see the module text).

    Args:
        searcher: the searcher of the commit being searched.
        schema: the index schema.
        query: the full query (filters included).
        depth: ``offset + limit`` of the page wanted: the window is at least twice as deep.
    Returns:
        :class:`GroupCounts`.
    """
    window = max(COLLAPSE_WINDOW, 2 * depth)
    res = searcher.search(query, limit=window, count=True)
    matched = res.count or 0
    addrs = [a for _, a in res.hits]
    groups = searcher.fast_field_values(S.DUP_GROUP, addrs) if addrs else []
    counts = Counter(g for g in groups if g is not None)
    keep = {g for g, n in counts.items() if n > 1}
    exact = matched <= len(res.hits)

    def count_group(group: int) -> int:
        return searcher.search(restrict_to_group(schema, query, group), limit=1, count=True).count or 0

    return GroupCounts({g: counts[g] for g in keep},
                       {_key(a): g for a, g in zip(addrs, groups, strict=True) if g in keep},
                       list(res.hits), list(groups), matched, exact, None if exact else count_group)


def collapse(searcher: tantivy.Searcher, query: tantivy.Query, counts: GroupCounts, limit: int,
             offset: int) -> tuple[list[tuple[float, tantivy.DocAddress]], int]:
    """One page of the collapsed ranked list, and the number of matching documents.

    Args:
        searcher: the searcher.
        query: the query ranked.
        counts: :func:`group_counts` of the same query (its window is the ranked list collapsed).
        limit: results wanted.
        offset: collapsed results to skip.
    Returns:
        ``([(score, address)] in rank order, at most limit; matching documents, uncollapsed)``.
    """
    hits, groups = counts.hits, counts.groups
    while True:
        tally = Counter(g for g in groups if g is not None)
        seen: set[int] = set()
        kept = []
        for hit, group in zip(hits, groups, strict=True):
            if group is not None and tally[group] > 1:
                if group in seen:
                    continue
                seen.add(group)
            kept.append(hit)
        if len(kept) >= offset + limit or len(hits) >= counts.matched:
            return kept[offset:offset + limit], counts.matched
        # Copies filled the window: look four times deeper (rare; bounded by the page depth).
        hits = searcher.search(query, limit=4 * len(hits), count=False).hits
        groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in hits])


def member_group(counts: GroupCounts, addr: tantivy.DocAddress) -> int | None:
    """The group of a matching document, if its group has several matching members."""
    return counts.member_group.get(_key(addr))
