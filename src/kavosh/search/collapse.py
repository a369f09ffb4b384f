"""Collapse near-duplicates in a ranked result list to their best-ranked member.

Each document carries a near-duplicate group id (:mod:`kavosh.index.dedup`).
A query's collapsed result list is its ranked list with every document removed
whose group already appeared higher up, the way web search engines show one
copy of a syndicated story ("field collapsing" in Elasticsearch and Solr).  The
shown member carries the number of *other* members of its group that match the
query.

Only groups with a member that joined an existing group (``dup_joined = 1``) can
have two matching members, so the work is three searches: the query's matching
joiners, the matching members of their groups, and the ranked list itself, deep
enough to fill the page after removing those hidden members.  The total (the
number of collapsed results) is exact: matching documents minus hidden members.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import tantivy

from ..index import schema as S

JOINED_FETCH = 10_000
"""Matching joiners fetched in one go (more are fetched in a second search)."""


def _key(addr: tantivy.DocAddress) -> tuple[int, int]:
    return addr.segment_ord, addr.doc


def restrict_to_group(schema: tantivy.Schema, query: tantivy.Query, group: int) -> tantivy.Query:
    """``query`` limited to the members of ``group``; scores are unchanged."""
    only = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, S.DUP_GROUP, group), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])


@dataclass
class GroupCounts:
    """The groups with two or more documents matching a query.

    Attributes:
        matching: group id -> number of matching documents, for those groups only.
        member_group: (segment, doc) address -> group id of every matching document in them.
    """

    matching: dict[int, int] = field(default_factory=dict)
    member_group: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def hidden(self) -> int:
        """Documents collapse removes: all but one matching member of each group."""
        return sum(n - 1 for n in self.matching.values())

    def others(self, group: int | None) -> int:
        """Other matching members of ``group`` (0 for a group with one matching member)."""
        return self.matching.get(group, 1) - 1 if group is not None else 0


def _all_hits(searcher: tantivy.Searcher, query: tantivy.Query) -> list[tantivy.DocAddress]:
    res = searcher.search(query, limit=JOINED_FETCH, count=True)
    if (res.count or 0) > JOINED_FETCH:
        res = searcher.search(query, limit=res.count, count=False)
    return [a for _, a in res.hits]


def group_counts(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query) -> GroupCounts:
    """Find the groups with two or more documents matching ``query`` (see the module text).

    Args:
        searcher: the searcher of the commit being searched.
        schema: the index schema.
        query: the full query (filters included).
    Returns:
        :class:`GroupCounts` (empty when no near-duplicate matches the query).
    """
    joined = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, S.DUP_JOINED, 1), 0.0)
    joiners = _all_hits(searcher, tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, query), (tantivy.Occur.Must, joined)]))
    if not joiners:
        return GroupCounts()
    groups = sorted({g for g in searcher.fast_field_values(S.DUP_GROUP, joiners) if g is not None})
    in_groups = tantivy.Query.const_score_query(tantivy.Query.term_set_query(schema, S.DUP_GROUP, groups), 0.0)
    members = _all_hits(searcher, tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, query), (tantivy.Occur.Must, in_groups)]))
    member_groups = searcher.fast_field_values(S.DUP_GROUP, members)
    counts = Counter(g for g in member_groups if g is not None)
    keep = {g for g, n in counts.items() if n > 1}
    return GroupCounts({g: counts[g] for g in keep},
                       {_key(a): g for a, g in zip(members, member_groups, strict=True) if g in keep})


def collapse(searcher: tantivy.Searcher, query: tantivy.Query, counts: GroupCounts, limit: int,
             offset: int) -> tuple[list[tuple[float, tantivy.DocAddress]], int]:
    """One page of the collapsed ranked list, and the number of matching documents.

    Args:
        searcher: the searcher.
        query: the query ranked.
        counts: :func:`group_counts` of the same query.
        limit: results wanted.
        offset: collapsed results to skip.
    Returns:
        ``([(score, address)] in rank order, at most limit; matching documents, uncollapsed)``.
    """
    if not counts.matching:
        res = searcher.search(query, limit=limit, offset=offset, count=True)
        return res.hits, res.count or 0
    res = searcher.search(query, limit=offset + limit + counts.hidden, count=True)
    seen: set[int] = set()
    kept = []
    for score, addr in res.hits:
        group = counts.member_group.get(_key(addr))
        if group is not None:
            if group in seen:
                continue
            seen.add(group)
        kept.append((score, addr))
    return kept[offset:offset + limit], res.count or 0


def member_group(counts: GroupCounts, addr: tantivy.DocAddress) -> int | None:
    """The group of a matching document, if its group has several matching members."""
    return counts.member_group.get(_key(addr))
