"""Facet counts over all matches of a query, with tantivy's aggregations over fast fields.

One ``searcher.aggregate`` call counts every requested facet (Elasticsearch's
``terms``/``range`` aggregations, as tantivy implements them): keyword, keyword[] and
bool fields by their top values, numbers by ranges, dates by Jalali year or month
(ranges whose edges are the first days of Jalali years/months, converted with
``jdatetime``).  Automatic edges (numbers: powers of ten; dates: every year or month)
span the field's values over the whole index, read once per index generation
(a ``stats`` aggregation) and kept.

"Disjunctive" facets (Algolia, Typesense): a field with a selected value is also
counted as if its own filters were not applied, so the sidebar shows what choosing
another value would give.

Every facet also counts the matches with no value in the field (:attr:`Facet.missing`, Elasticsearch's
``missing`` bucket): a value ``""``, ``null`` or ``[]`` is not indexed, so without it the buckets of a
field most documents leave empty add up to a small part of the matches.  It is one count per facet
(the query without the documents tantivy's ``exists_query`` finds), and its filter is ``NAME:""``.

A number range is labelled as the query syntax reads it: ``100..<1000`` is ``[100, 1000)`` (``..``
alone includes both ends), ``..<1`` below 1, ``1000..`` from 1000 on; the label is the filter's value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import jdatetime
import tantivy

from ..index import schema as S
from ..index.fields import Kind, tantivy_name
from ..ingest.dates import from_days, to_days

MAX_DATE_BUCKETS = 240
"""Date buckets one facet may span; a month facet wider than this is counted by year.  The span is the
index's dates within the query's own ranges on the field (``published:1403``), and, when that is still
wider, the dates of the matches (one ``stats`` aggregation over them); a facet still wider is counted by
year and says so (:attr:`Facet.months`; :func:`kavosh.present.format.by_year_note`)."""

MAX_SELECTED_COUNTED = 100
"""Selected values of one keyword facet that no segment listed, counted one by one to be shown (the
alternatives of one filter: :data:`kavosh.query.filters.MAX_FILTER_VALUES`); any further ones are not shown."""


@dataclass
class Bucket:
    """One facet value with its count.

    Attributes:
        value: the value as a user types it (``ورزشی``, ``true``, ``1403``, ``1403-09``, ``100..<1000``: a
            number range ``[100, 1000)``); ``""`` for the documents with no value (:attr:`Facet.missing`).
        count: matching documents with this value.
        filter: the query-syntax filter that selects these documents (``category:"ورزشی"``,
            ``views:100..<1000``, ``category:""``).
        selected: a filter of the query selects this value.
        start: a range's lower edge (numbers; days for dates), else ``None``.
        end: a range's upper edge, excluded, else ``None``.
    """

    value: str
    count: int
    filter: str
    selected: bool = False
    start: float | None = None
    end: float | None = None

    def to_dict(self) -> dict:
        """JSON form."""
        d = {"value": self.value, "count": self.count, "filter": self.filter, "selected": self.selected}
        if self.start is not None or self.end is not None:
            d["from"], d["to"] = self.start, self.end
        return d


@dataclass
class Facet:
    """The counts of one field.

    Attributes:
        field: the field name.
        kind: its kind.
        buckets: values with their counts (top values by count, or ranges in order).
        other: matching documents with a value not shown (keyword fields beyond the top ``size``).
        disjunctive: counts ignore this field's own filters (set when it has a selected value).
        missing: the matching documents with no value in the field (``""``, ``null``, ``[]`` or none):
            a :class:`Bucket` with value ``""`` and filter ``NAME:""``, its count possibly 0; ``None``
            only when it was not counted.  The buckets, ``other`` and ``missing`` of a one-value field
            add up to the matches.
        months: a month facet counted by year (its span needs more than :data:`MAX_DATE_BUCKETS`
            months): the months it spans; else 0.
    """

    field: str
    kind: str
    buckets: list[Bucket] = field(default_factory=list)
    other: int = 0
    disjunctive: bool = False
    missing: Bucket | None = None
    months: int = 0

    def to_dict(self) -> dict:
        """JSON form (``missing``: a bucket's form, or ``null``)."""
        return {"field": self.field, "kind": self.kind, "buckets": [b.to_dict() for b in self.buckets],
                "other": self.other, "missing": self.missing.to_dict() if self.missing is not None else None,
                "disjunctive": self.disjunctive}


def _fast(name: str) -> str:
    return S.DATE_DAYS if name == "date" else tantivy_name(name)


def _quote(value: str) -> str:
    return f'"{value}"' if any(c.isspace() or c in '"():' for c in value) or not value else value


_BOUNDS: dict[tuple, tuple[float, float] | None] = {}


def _bounds(opened, searcher: tantivy.Searcher, name: str) -> tuple[float, float] | None:
    """``(min, max)`` of a fast field over the whole index, kept per index generation."""
    key = (str(opened.path), name, searcher.num_docs, searcher.num_segments, id(opened.index))
    if key not in _BOUNDS:
        if len(_BOUNDS) > 256:
            _BOUNDS.clear()
        stats = searcher.aggregate(tantivy.Query.all_query(), {"s": {"stats": {"field": _fast(name)}}})["s"]
        _BOUNDS[key] = (stats["min"], stats["max"]) if stats.get("count") else None
    return _BOUNDS[key]


def _decades(lo: float, hi: float) -> list[float]:
    """Edges at 0 and at powers of ten (1, 10, 100…) covering ``[lo, hi]``, mirrored below 0."""
    n = math.ceil(math.log10(max(abs(lo), abs(hi), 1.0))) + 1
    powers = [float(10 ** k) for k in range(n)]
    return sorted({0.0, *(powers if hi > 0 else ()), *(-p for p in powers if lo < 0)})


def _jalali_edges(lo_days: int, hi_days: int, month: bool) -> list[tuple[str, int]]:
    """``[(label, first day)]`` of the Jalali years (or months) from ``lo_days`` to ``hi_days``, then the end."""
    j = jdatetime.date.fromgregorian(date=from_days(lo_days))
    y, m = j.year, (j.month if month else 1)
    out = []
    while True:
        start = to_days(jdatetime.date(y, m, 1).togregorian())
        if start > hi_days:
            out.append(("", start))
            return out
        out.append((f"{y:04d}-{m:02d}" if month else f"{y:04d}", start))
        if month:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            y += 1


def _month_count(lo_days: int, hi_days: int) -> int:
    """Jalali months from the one of day ``lo_days`` to the one of day ``hi_days``, both counted."""
    a = jdatetime.date.fromgregorian(date=from_days(lo_days))
    b = jdatetime.date.fromgregorian(date=from_days(hi_days))
    return (b.year - a.year) * 12 + b.month - a.month + 1


def _span(searcher, query, name: str, bounds: tuple[float, float], clip: tuple[int | None, int | None],
          matches: bool) -> tuple[int, int]:
    """The days ``(first, last)`` a month facet spans: ``bounds`` (the index's) within ``clip`` (the
    query's own ranges on the field: first and last day), then, when ``matches`` and that is more than
    :data:`MAX_DATE_BUCKETS` months, the dates of ``query``'s matches (one ``stats`` aggregation)."""
    lo, hi = int(bounds[0]), int(bounds[1])
    if clip[0] is not None:
        lo = max(lo, int(clip[0]))
    if clip[1] is not None:
        hi = min(hi, int(clip[1]))
    if hi < lo:  # nothing within the ranges: no counts anyway
        return int(bounds[0]), int(bounds[0])
    if matches and _month_count(lo, hi) > MAX_DATE_BUCKETS:
        stats = searcher.aggregate(query, {"s": {"stats": {"field": _fast(name)}}})["s"]
        if stats.get("count"):
            lo, hi = int(stats["min"]), int(stats["max"])
    return lo, hi


def candidates(size: int) -> int:
    """Values listed for a keyword or bool facet that shows ``size`` (Elasticsearch's ``shard_size``
    default, ``1.5 × size + 10``): the candidates :func:`_top` chooses the shown values from."""
    return math.ceil(size * 1.5) + 10


def _top(opened, searcher, query, req, buckets: list[Bucket], other: int, cut: bool,
         selected: set = frozenset()) -> tuple[list[Bucket], int]:
    """The ``req.size`` values shown of a keyword, keyword[] or bool facet's listed candidates, and the
    count of the rest (exact: everything counted minus what is shown).

    tantivy sums the segments' own top lists (each cut at its ``segment_size``, as Elasticsearch cuts each
    shard's), so when a segment's list was cut (``cut``: tantivy's ``doc_count_error_upper_bound`` > 0) a
    listed value may lack that segment's count: a facet ``author:3`` showed 16 for a value 17 matches
    hold.  Then each candidate is counted exactly (a term query within ``query``: at most
    :func:`candidates` counts, only for a field with many values) and the top ``size`` by exact count are
    shown, equal counts by value.  A value missing from every segment's list can still be left out, as
    with Elasticsearch; a count shown is always the true count.

    Each value in ``selected`` (the values the query's filters select) is shown too, after the top values
    when it is not among them (counted exactly when no segment listed it, at most
    :data:`MAX_SELECTED_COUNTED` of them), as Algolia and Typesense keep a
    selected refinement in view: the count says what it gives, and a page can unselect it."""
    total = other + sum(b.count for b in buckets)
    keyword = req.kind in (Kind.KEYWORD, Kind.KEYWORDS)

    def exact(value: str) -> int:
        term = tantivy.Query.term_query(opened.schema, tantivy_name(req.field), value)
        return searcher.search(tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, term)]), limit=1, count=True).count or 0

    if cut and keyword:
        for b in buckets:
            b.count = exact(b.value)
        buckets = sorted((b for b in buckets if b.count), key=lambda b: (-b.count, b.value))
    shown = buckets[:req.size]
    # A selected value is always shown, with its count, after the top values when it is not among them (a
    # disjunctive facet's rare selected value was cut off: the sidebar could not show or unselect it).
    listed = {b.value for b in shown}
    extra = [b for b in buckets[req.size:] if b.selected]
    listed |= {b.value for b in extra}
    if keyword:  # one term count for each selected value no segment listed (bounded: MAX_SELECTED_COUNTED)
        extra += [Bucket(v, exact(v), f"{req.field}:{_quote(v)}", True)
                  for v in sorted(selected - listed)[:MAX_SELECTED_COUNTED]]
    shown += sorted(extra, key=lambda b: (-b.count, b.value))
    return shown, max(0, total - sum(b.count for b in shown))


def _agg(opened, searcher, req, query=None, clip=(None, None), matches: bool = False
         ) -> tuple[dict, list, int] | None:
    """The tantivy aggregation for one request, the ranges' labels, and the months of a month facet
    counted by year (else 0); ``None``: no values at all.  ``query``, ``clip``, ``matches``: a month
    facet's span (:func:`_span`)."""
    fld = _fast(req.field)
    if req.kind in (Kind.KEYWORD, Kind.KEYWORDS, Kind.BOOL):
        return {"terms": {"field": fld, "size": candidates(req.size), "order": {"_count": "desc"}}}, [], 0
    bounds = _bounds(opened, searcher, req.field)
    if bounds is None:
        return None
    if req.kind == Kind.NUMBER:
        edges = list(req.edges) or _decades(*bounds)
        labels = [(None, edges[0])] + [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)] + [(edges[-1], None)]
        ranges = [{k: v for k, v in (("from", a), ("to", b)) if v is not None} for a, b in labels]
        return {"range": {"field": fld, "ranges": ranges}}, labels, 0
    lo, hi, months = int(bounds[0]), int(bounds[1]), 0
    if req.granularity == "month":
        lo, hi = _span(searcher, query, req.field, bounds, clip, matches)
        months = _month_count(lo, hi)
        months = months if months > MAX_DATE_BUCKETS else 0
    edges = _jalali_edges(lo, hi, req.granularity == "month" and not months)
    labels = [(edges[i][0], edges[i][1], edges[i + 1][1]) for i in range(len(edges) - 1)]
    ranges = [{"from": float(a), "to": float(b)} for _, a, b in labels]
    return {"range": {"field": fld, "ranges": ranges}}, labels, months


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def number_label(a: float | None, z: float | None) -> str:
    """The query syntax of the number range ``[a, z)``: ``100..<1000``, ``..<1``, ``1000..``."""
    return f"{_num(a) if a is not None else ''}..{'<' + _num(z) if z is not None else ''}"


def _buckets(req, raw: dict, labels: list, selected: set, ranges: set = frozenset()) -> tuple[list[Bucket], int]:
    name = req.field
    if req.kind in (Kind.KEYWORD, Kind.KEYWORDS, Kind.BOOL):
        out = []
        for b in raw.get("buckets", []):
            key = b["key"]
            if req.kind == Kind.BOOL:
                value = "true" if int(key) else "false"
                sel = int(key) in selected
            else:
                value, sel = str(key), str(key) in selected
            out.append(Bucket(value, int(b["doc_count"]), f"{name}:{_quote(value)}", sel))
        return out, int(raw.get("sum_other_doc_count", 0))
    # tantivy adds buckets for the gaps below and above the ranges asked for: match ranges by their edges
    counts = {(b.get("from"), b.get("to")): int(b["doc_count"]) for b in raw.get("buckets", [])}
    out = []
    for label in labels:
        a, z = label[-2:]
        n = counts.get((None if a is None else float(a), None if z is None else float(z)), 0)
        if not n:
            continue
        if req.kind == Kind.NUMBER:
            value = number_label(a, z)
            out.append(Bucket(value, n, f"{name}:{value}", (a, z) in ranges, a, z))
        else:
            out.append(Bucket(label[0], n, f"{name}:{label[0]}", label[0] in selected, a, z))
    return out, 0


def compute_facets(opened, searcher: tantivy.Searcher, query: tantivy.Query, requests, filters=(),
                   query_without=None, match_span: bool = True) -> list[Facet]:
    """Count ``requests`` over every document ``query`` matches.

    Args:
        opened: the :class:`~kavosh.index.store.OpenedIndex` (for the kept field bounds).
        searcher: a searcher of it.
        query: the full query, filters applied.
        requests: :class:`~kavosh.query.facets.FacetRequest` items.
        filters: the query's filters (values they select are marked ``selected``).
        query_without: ``field → tantivy.Query`` without that field's own filters; when
            given, a field with a selected value is counted disjunctively with it.
        match_span: a month facet wider than :data:`MAX_DATE_BUCKETS` months (over the index's dates
            within the query's ranges on the field) may be narrowed to its matches' dates (one ``stats``
            pass); ``False`` for a shard, whose matches are not the whole index's.
    Returns:
        One :class:`Facet` per request, in order.  Cost: one aggregation pass over the
        matches, plus one per disjunctive field, plus one count of the matches without a value per facet,
        plus one ``stats`` pass per month facet whose filtered span is over :data:`MAX_DATE_BUCKETS` months.
    """
    requests = list(requests)
    if not requests:
        return []
    selected: dict[str, set] = {}
    ranges: dict[str, set] = {}  # number ranges [lo, hi) a filter selects (marked, not counted disjunctively)
    no_value: set[str] = set()  # fields whose "no value" is selected (category:"")
    for f in filters:
        if not f.exclude and hasattr(f, "values"):
            selected.setdefault(f.field, set()).update(f.values)
            if f.missing:
                no_value.add(f.field)
        elif not f.exclude and f.kind == Kind.DATE and f.lo is not None and f.hi is not None:
            selected.setdefault(f.field, set()).add(_date_label(f.lo, f.hi))
        elif not f.exclude and (f.lo is None or f.lo_inclusive) and (f.hi is None or not f.hi_inclusive):
            ranges.setdefault(f.field, set()).add((f.lo, f.hi))
    aggs, labels, separate, months, own = {}, {}, {}, {}, {}
    for i, req in enumerate(requests):
        apart = query_without is not None and req.field in selected
        if apart:
            own[i] = query_without(req.field)
        built = _agg(opened, searcher, req, own.get(i, query),
                     (None, None) if apart else _own_range(filters, req.field), match_span)
        if built is None:
            continue
        months[i] = built[2]
        if apart:
            separate[i] = built[:2]
        else:
            aggs[f"f{i}"], labels[i] = built[:2]
    raw = searcher.aggregate(query, aggs) if aggs else {}
    out = []
    for i, req in enumerate(requests):
        q = query
        if i in separate:
            agg, labels[i] = separate[i]
            q = own[i]
            r = searcher.aggregate(q, {"x": agg})["x"]
        else:
            r = raw.get(f"f{i}", {})
        buckets, other = _buckets(req, r, labels.get(i, []), selected.get(req.field, set()),
                                  ranges.get(req.field, set()))
        if req.kind in (Kind.KEYWORD, Kind.KEYWORDS, Kind.BOOL):
            buckets, other = _top(opened, searcher, q, req, buckets, other,
                                  bool(r.get("doc_count_error_upper_bound")), selected.get(req.field, set()))
        none = tantivy.Query.boolean_query([(tantivy.Occur.Must, q), (tantivy.Occur.MustNot,
                                                                       tantivy.Query.exists_query(_fast(req.field)))])
        missing = Bucket("", searcher.search(none, limit=1, count=True).count or 0, f'{req.field}:""',
                         req.field in no_value)
        out.append(Facet(req.field, str(req.kind), buckets, other, i in separate, missing, months.get(i, 0)))
    return out


def _own_range(filters, name: str) -> tuple[int | None, int | None]:
    """The first and last day (both included; ``None``: unbounded) every document matching ``filters`` can
    have in date field ``name``, as far as its own ranges say."""
    lo = hi = None
    for f in filters:
        if f.field == name and not f.exclude and getattr(f, "kind", None) == Kind.DATE and hasattr(f, "lo"):
            if f.lo is not None:
                a = int(f.lo) + (0 if f.lo_inclusive else 1)
                lo = a if lo is None else max(lo, a)
            if f.hi is not None:
                z = int(f.hi) - (0 if f.hi_inclusive else 1)
                hi = z if hi is None else min(hi, z)
    return lo, hi


def _date_label(lo: int, hi: int) -> str:
    """The Jalali year or month label of the day range ``[lo, hi)`` when it is exactly one, else ``""``."""
    a = jdatetime.date.fromgregorian(date=from_days(lo))
    b = jdatetime.date.fromgregorian(date=from_days(hi))
    if a.day != 1 or b.day != 1:
        return ""
    if a.month == 1 and b.month == 1 and b.year == a.year + 1:
        return f"{a.year:04d}"
    nxt = (a.year + 1, 1) if a.month == 12 else (a.year, a.month + 1)
    return f"{a.year:04d}-{a.month:02d}" if (b.year, b.month) == nxt else ""
