"""Merging the shards' facet counts and field-sorted lists into one index's answer.

**Facets** (:mod:`kavosh.search.facets`).  Number and date facets count fixed ranges (their edges come
from the whole index's values, which every shard reads from the view; a month facet's span is those
within the query's own ranges on the field, never one shard's matches), so the merged count of a range
is the sum of the shards' counts.  Keyword and bool facets show the top ``size`` values: each shard
returns its top ``shard_size(size)`` values (Elasticsearch's ``shard_size``: ``1.5 × size + 10``) and
the sum of all its values' counts; the coordinator sums the counts, takes as candidates every value
that could reach the top ``size`` (its known count plus, for each shard whose list was cut and lacks
it, that list's smallest count), asks those shards for the candidates' exact counts
(:meth:`kavosh.cluster.shard.ShardServer.facet_counts`), and shows the top ``size`` by count, equal
counts by value.  The counts shown are exact; a value outside every shard's list can only be missed
when its count is spread so thinly that no shard lists it yet its total beats a candidate's (as with
Elasticsearch's terms aggregation; one tantivy index cuts per segment in the same way).  ``other`` is
exact: the shards' sums minus the counts shown.  A selected value beyond the top ``size`` is shown after
them, as one index shows it: every shard lists it (after its own top values) with its exact count.

**Sorting by a field** (:mod:`kavosh.search.sorting`): each shard returns its first ``offset + limit``
matches in field order with their ids; the merged order is by value (documents without one last),
equal values by id, as one index orders them.
"""

from __future__ import annotations

from ..index.fields import Kind
from ..index.id_key import id_order
from ..search.facets import Bucket, Facet
from ..search.facets import candidates as shard_size  # values a shard lists: one index's 1.5 × size + 10

TERMS = (Kind.KEYWORD, Kind.KEYWORDS, Kind.BOOL)


def raw_value(kind: Kind, value: str):
    """A bucket's value as the index holds it (bool: ``0``/``1``; keywords as they are)."""
    return int(value == "true") if kind == Kind.BOOL else value


def _lists(requests, per_shard: dict[int, list]) -> list[dict]:
    """For each request: ``{"counts": {value: {shard: count}}, "cut": {shard: smallest count listed},
    "sums": {shard: sum of all counts}}``."""
    out = []
    for i, req in enumerate(requests):
        counts: dict[str, dict[int, int]] = {}
        cut, sums = {}, {}
        for s, facets in per_shard.items():
            facet, total = facets[i]
            sums[s] = total
            for b in facet.buckets:
                counts.setdefault(b.value, {})[s] = b.count
            listed = facet.buckets[:shard_size(req.size)]  # (then the selected values beyond its top)
            if req.kind in TERMS and facet.other > 0 and listed:
                cut[s] = min(b.count for b in listed)
        out.append({"counts": counts, "cut": cut, "sums": sums})
    return out


def facet_candidates(requests, per_shard: dict[int, list]) -> dict[int, dict[int, list]]:
    """The exact counts still needed: ``{shard: {request index: [values]}}`` — values that may reach a
    keyword or bool facet's top ``size`` but are missing from that shard's cut list."""
    need: dict[int, dict[int, list]] = {}
    for i, (req, info) in enumerate(zip(requests, _lists(requests, per_shard), strict=True)):
        if req.kind not in TERMS or not info["cut"]:
            continue
        known = sorted((sum(c.values()) for c in info["counts"].values()), reverse=True)
        floor = known[req.size - 1] if len(known) >= req.size else 0
        for value, by_shard in info["counts"].items():
            lacking = [s for s in info["cut"] if s not in by_shard]
            if lacking and sum(by_shard.values()) + sum(info["cut"][s] for s in lacking) >= floor:
                for s in lacking:
                    need.setdefault(s, {}).setdefault(i, []).append(value)
    return need


def merge_facets(requests, per_shard: dict[int, list], exact: dict[int, dict[int, dict]] | None = None
                 ) -> list[Facet]:
    """One index's facets from the shards' (see the module text).

    Args:
        requests: the plan's :class:`kavosh.query.facets.FacetRequest` items.
        per_shard: ``{shard: [(Facet, sum of all its values' counts)]}``, one per request
            (:meth:`kavosh.cluster.shard.ShardServer.facets`).
        exact: ``{shard: {request index: {value: count}}}`` for the :func:`facet_candidates` asked.
    Returns:
        One :class:`kavosh.search.facets.Facet` per request.
    """
    exact = exact or {}
    out = []
    for i, (req, info) in enumerate(zip(requests, _lists(requests, per_shard), strict=True)):
        template: dict[str, Bucket] = {}
        for facets in per_shard.values():
            for b in facets[i][0].buckets:
                template.setdefault(b.value, b)
        totals = {}
        for value, by_shard in info["counts"].items():
            extra = sum(exact.get(s, {}).get(i, {}).get(value, 0) for s in info["cut"] if s not in by_shard)
            totals[value] = sum(by_shard.values()) + extra
        first = next(iter(per_shard.values()), None)
        disjunctive = bool(first and first[i][0].disjunctive)
        if req.kind in TERMS:
            shown = sorted(totals, key=lambda v: (-totals[v], v))[:req.size]
            shown += sorted((v for v in totals if template[v].selected and v not in shown),
                            key=lambda v: (-totals[v], v))  # as one index shows them (search/facets.py)
            other = sum(info["sums"].values()) - sum(totals[v] for v in shown)
        else:
            shown = sorted(totals, key=lambda v: (template[v].start is not None, template[v].start or 0))
            other = 0
        buckets = [Bucket(v, totals[v], template[v].filter, template[v].selected, template[v].start,
                          template[v].end) for v in shown]
        missing = [m for facets in per_shard.values() if (m := facets[i][0].missing) is not None]
        none = (Bucket("", sum(m.count for m in missing), missing[0].filter, missing[0].selected)
                if missing else None)  # the shards' counts of matches with no value, summed
        months = max((facets[i][0].months for facets in per_shard.values()), default=0)  # the same on every shard
        out.append(Facet(req.field, str(req.kind), buckets, other, disjunctive, none, months))
    return out


def sort_key(descending: bool):
    """The merge key of a shard's sorted hit ``(value or None, segment, doc, id, group)``: by value
    (largest first when ``descending``), documents without a value last, equal values by id
    (:func:`kavosh.index.id_key.id_order`, as :func:`kavosh.search.sorting.sorted_page` orders them)."""
    def key(hit: tuple) -> tuple:
        value = hit[0]
        if value is None:
            return (1, 0, id_order(hit[3]))
        return (0, -value if descending else value, id_order(hit[3]))

    return key
