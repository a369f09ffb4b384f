"""Typed search results."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Segment:
    """A piece of original text; ``match`` is true where it matched the query."""

    text: str
    match: bool


@dataclass
class Hit:
    """One result.

    Attributes:
        rank: 1-based rank in the whole result list (offset included).
        id: the document id.
        score: the ranking score (BM25 plus boosts; larger is better).
        title: the original title.
        url: the document URL or file path.
        date: the date as stored.
        title_segments: the title split into :class:`Segment` for highlighting.
        snippet: the best passage of the original text as :class:`Segment` list.
        fields: stored metadata.
        date_display: the date in Jalali with the Gregorian beside,
            ``"۱ آذر ۱۴۰۳ (2024-11-21)"`` ("" when the document has no date Kavosh reads).
        group: the document's near-duplicate group id (16 hex digits; pass it as
            ``group=`` to list the group's members).
        similar: how many *other* members of its group match the query (hidden
            by collapsing, listed with ``group=``).
        explain: in dense and hybrid modes, the lexical and dense ranks and scores that gave the
            hit its place (``lexical_rank``, ``lexical_score``, ``dense_rank``, ``dense_score``; ``None``
            where it was not a candidate) and ``window``, its best passage ``[start, end]``; else ``None``.
    """

    rank: int
    id: str
    score: float
    title: str
    url: str
    date: str
    title_segments: list[Segment]
    snippet: list[Segment]
    fields: dict[str, Any] = field(default_factory=dict)
    date_display: str = ""
    group: str = ""
    similar: int = 0
    explain: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (segments as ``{"text", "match"}``): every attribute, by name; built by hand,
        since ``dataclasses.asdict`` deep-copies each value (a tenth of an HTTP search's time)."""
        return {"rank": self.rank, "id": self.id, "score": self.score, "title": self.title, "url": self.url,
                "date": self.date,
                "title_segments": [{"text": s.text, "match": s.match} for s in self.title_segments],
                "snippet": [{"text": s.text, "match": s.match} for s in self.snippet],
                "fields": dict(self.fields), "date_display": self.date_display, "group": self.group,
                "similar": self.similar, "explain": dict(self.explain) if self.explain is not None else None}


@dataclass
class SearchResults:
    """The answer to one query.

    Attributes:
        query: the query as typed.
        total: number of results: matching documents, each near-duplicate group
            counted once when ``collapsed`` (what paging runs over).
        matched: number of matching documents, every copy counted; with ``total_lower_bound`` it may be
            a lower bound too (counting stops early, as Elasticsearch's ``track_total_hits``).
        hits: the requested page of :class:`Hit`.
        took_ms: time taken, in milliseconds.
        notes: human-readable notes about query processing (dropped stopwords...).
        offset: the offset asked for.
        limit: the page size asked for.
        rewritten: the query that actually ran when Kavosh changed it (typed on the
            wrong keyboard layout: ``jivhk`` → ``تهران``; Finglish: ``tehran`` → ``تهران``); ``None`` when
            the query ran as typed.
        suggestion: a "did you mean" query the user may want to run instead, or ``None``.
        rewrite_kind: why ``rewritten`` ran: ``"finglish"``, ``"spelling"``, or the keyboard layout
            (``"isiri-9147"``, ``"windows-legacy"``, ``"latin"`` for Persian keys meant as Latin);
            ``None`` when the query ran as typed.
        collapsed: near-duplicates were collapsed to their best-ranked member.
        group: the group the results were limited to (``group=``), or ``None``.
        mode: how documents were found: ``"lexical"``, ``"dense"`` or ``"hybrid"``.
        facets: facet counts over all matching documents (every copy counted), one dict per
            requested field: ``{"field", "kind", "buckets": [{"value", "count", "filter",
            "selected", ("from", "to")}], "other", "missing", "disjunctive"}`` (:mod:`kavosh.search.facets`;
            ``missing``: a bucket of the matches with no value in the field, filter ``NAME:""``).
        filters: the field filters that ran, as typed (``["category:ورزشی", "views:>1000"]``).
        sort: the sort order (``"date:desc"``), or ``None`` for relevance.
        total_exact: ``total`` is exact; ``False`` when it is an estimate (a collapsed total
            whose exact count would visit every match: :mod:`kavosh.search.collapse`), shown as "about",
            or a lower bound (``total_lower_bound``).
        total_lower_bound: ``total`` is a lower bound, shown as "at least": a collapsed total over more
            matches than :data:`kavosh.search.collapse.TRACK_TOTAL`, not counted.
    """

    query: str
    total: int
    hits: list[Hit]
    took_ms: float
    notes: list[str] = field(default_factory=list)
    offset: int = 0
    limit: int = 10
    rewritten: str | None = None
    suggestion: str | None = None
    rewrite_kind: str | None = None
    matched: int = 0
    collapsed: bool = True
    group: str | None = None
    mode: str = "lexical"
    facets: list[dict[str, Any]] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    sort: str | None = None
    total_exact: bool = True
    total_lower_bound: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: every attribute by name, hits as :meth:`Hit.to_dict`."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["hits"] = [h.to_dict() for h in self.hits]
        out["notes"], out["facets"], out["filters"] = list(self.notes), list(self.facets), list(self.filters)
        return out
