"""Request and response models of the HTTP API (they also make its OpenAPI schema)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from ..ingest.document import id_problem

LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
"""Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits → ASCII ones."""

_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*", re.ASCII)


def latin_digits(value: Any) -> Any:
    """A query parameter's integer ``۱۰`` or ``١٠`` as ``10`` (a ``str``), for pydantic to read; any other
    value as it came (so that the 400 quotes what was sent: ``limit must be an integer, got 'ده'``)."""
    if isinstance(value, str):
        latin = value.translate(LATIN_DIGITS)
        if latin != value and _INTEGER.fullmatch(latin):
            return latin
    return value


ANY_DIGITS = BeforeValidator(latin_digits)
"""The mark of every integer query parameter of the HTTP API, after its ``Query``:
``limit: Annotated[int, Query(ge=1), ANY_DIGITS] = 10`` reads ``10``, ``۱۰`` and ``١٠`` (as filters and the
CLI read them), the schema unchanged.  The parameter's field validates it on every path (FastAPI's,
:class:`kavosh.api.route.QueryRoute`, :mod:`kavosh.api.fast`)."""


class Segment(BaseModel):
    """A piece of original text; ``match`` is true where it matched the query."""

    text: str
    match: bool


class HitOut(BaseModel):
    """One search result."""

    rank: int = Field(description="1-based rank in the whole result list (offset included)")
    id: str = Field(description="the document id")
    score: float = Field(description="ranking score; larger is better")
    title: str
    url: str = Field(description='the document URL or path ("" if none)')
    date: str = Field(description='the date as stored ("" if none)')
    title_segments: list[Segment] = Field(description="the whole title, split for highlighting")
    snippet: list[Segment] = Field(description="the best passage of the text, split for highlighting")
    fields: dict[str, Any] = Field(default_factory=dict, description="stored metadata")
    date_display: str = Field("", description='the date in Jalali with the Gregorian beside, '
                                               '"۱ آذر ۱۴۰۳ (2024-11-21)" ("" if none)')
    group: str = Field("", description="the document's near-duplicate group (16 hex digits); send it as "
                                       "group= to list the group's members")
    similar: int = Field(0, description="how many other members of this document's near-duplicate group "
                                        "match the query (collapsed into this hit; listed with group=)")
    explain: dict[str, Any] | None = Field(
        None, description="dense and hybrid modes: the lexical and dense rank and score that gave the hit its "
                          "place (lexical_rank, lexical_score, dense_rank, dense_score: null where it was not a "
                          "candidate) and window, its best passage [start, end] in characters; null in lexical mode")


class BucketOut(BaseModel):
    """One value of a facet with its count."""

    value: str = Field(description='the value as typed in a query: "ورزشی", "true", "1403", "1403-09", '
                                   '"100..<1000" (a number range [from, to): ..< leaves out the upper end), '
                                   '"..<1", "1000.."; "" for the documents with no value (a facet\'s missing)')
    count: int = Field(description="matching documents with this value")
    filter: str = Field(description='the query-syntax filter selecting these documents, to add to q: '
                                    'category:ورزشی, views:100..<1000, category:"" (no value)')
    selected: bool = Field(description="a filter of the query selects this value")
    from_: float | None = Field(None, alias="from", description="a range's lower edge (days since 1970 for dates)")
    to: float | None = Field(None, description="a range's upper edge, excluded")


class FacetOut(BaseModel):
    """The counts of one field over all matching documents (every near-duplicate copy counted)."""

    field: str
    kind: str = Field(description="keyword, keyword[], bool, number or date")
    buckets: list[BucketOut] = Field(description="top values by count (keyword, bool), or ranges in order "
                                                 "(number; date by Jalali year or month)")
    other: int = Field(0, description="matching documents with a value not among the buckets")
    missing: BucketOut | None = Field(None, description='matching documents with no value in the field ("", null, '
                                      '[] or none; Elasticsearch\'s missing bucket): value "", filter NAME:"" '
                                      '(count 0 when every match has a value); buckets, other and missing of a '
                                      'one-value field add up to the matches')
    disjunctive: bool = Field(False, description="counted without this field's own filters (disjunctive=1)")


class SearchOut(BaseModel):
    """The answer to ``GET /api/search``."""

    query: str = Field(description="the query as sent")
    rewritten: str | None = Field(
        None, description="the query that actually ran, when Kavosh changed it (typed on the wrong "
                          "keyboard layout: jivhk → تهران; Finglish: tehran → تهران; misspelt, nothing found as typed "
                          "and the correction finds some: طهران → تهران; send exact=1 to run the query as typed); else null")
    suggestion: str | None = Field(None, description='a "did you mean" query to offer the user, or null')
    rewrite_kind: str | None = Field(None, description='why "rewritten" ran: "finglish", "spelling", or the '
                                     'keyboard layout ("isiri-9147", "windows-legacy", "latin"); null when the '
                                     'query ran as typed')
    notes: list[str] = Field(default_factory=list,
                             description='what query processing did, e.g. "ignored common words: از"')
    total: int = Field(description="number of results: matching documents with each near-duplicate group "
                                   "counted once when collapsed (pages run over these)")
    total_exact: bool = Field(True, description="total is exact; false when it is an estimate (a collapsed "
                                               "total whose exact count would visit every match), shown as "
                                               "'about N', or a lower bound (total_lower_bound)")
    total_lower_bound: bool = Field(False, description="total is a lower bound, shown as 'at least N': a "
                                    "collapsed total over more than 10,000 matches is not counted, and "
                                    "matches past 20,000 may not be counted (then matched is a lower bound too)")
    matched: int = Field(0, description="number of matching documents, every near-duplicate copy counted "
                                        "(at least this many when total_lower_bound)")
    collapsed: bool = Field(True, description="near-duplicates were collapsed to their best-ranked member")
    group: str | None = Field(None, description="the near-duplicate group the results were limited to, or null")
    took_ms: float = Field(description="search time in milliseconds, snippets included")
    mode: str = Field("lexical", description='how documents were found: "lexical" (BM25), "dense" (passage '
                                             'vectors) or "hybrid" (both, fused)')
    offset: int
    limit: int
    hits: list[HitOut]
    facets: list[FacetOut] = Field(default_factory=list, description="the counts asked for with facets=")
    filters: list[str] = Field(default_factory=list,
                               description="the filters that ran (from q, filter=, date_from and date_to)")
    sort: str | None = Field(None, description='the sort order ("date:desc"), or null for relevance')


class DocumentOut(BaseModel):
    """A stored document, as returned by ``GET /api/documents/{id}``."""

    id: str
    title: str
    text: str
    url: str
    date: str
    fields: dict[str, Any] = Field(default_factory=dict)


MAX_ID_CHARS = 512
"""Longest document id accepted over HTTP."""
MAX_BATCH = 10_000
"""Most documents in one ``POST /api/documents``."""


class DocumentIn(BaseModel):
    """A document to add or replace (a document with the same id is replaced)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS,
                    description="the document's own id (a whole number is taken as its digits, as JSON Lines and "
                                "Index.add take it)")
    title: str = ""
    text: str = ""
    url: str = ""
    date: str = Field("", description="ISO 8601 preferred")
    fields: dict[str, Any] = Field(default_factory=dict, description="other metadata: stored, not searched")

    @field_validator("id", mode="before")
    @classmethod
    def _number_id(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("id")
    @classmethod
    def _id_without_controls(cls, value: str) -> str:
        if (problem := id_problem(value)) is not None:
            raise ValueError(problem)
        return value


class DocumentsIn(BaseModel):
    """The body of ``POST /api/documents``: a batch added and committed at once."""

    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1, max_length=MAX_BATCH,
                                        description=f"1 to {MAX_BATCH:,} documents, committed at once")


class WriteOut(BaseModel):
    """The answer to a write: what changed and the index size after the commit."""

    added: list[str] = Field(default_factory=list, description="ids added or replaced")
    deleted: list[str] = Field(default_factory=list, description="ids deleted")
    documents: int = Field(description="documents in the index after the commit")


class CompletionOut(BaseModel):
    """One completion of ``GET /api/suggest``."""

    text: str = Field(description="the completed query (the words before the last one kept as typed)")
    kind: str = Field(description='"word" (a word of the index) or "title" (a whole document title)')
    count: int = Field(description="how often the word occurs (title words count more), or the title's documents")


class SuggestOut(BaseModel):
    """The answer to ``GET /api/suggest``."""

    query: str = Field(description="the prefix as sent")
    completions: list[CompletionOut]


class HealthOut(BaseModel):
    """The answer to ``GET /healthz``."""

    status: str = "ok"
    documents: int
    version: str
    analyzer_version: str | None = None
    writes_enabled: bool


class LimitOut(BaseModel):
    """The search limit a request went over (see docs/http.md, "Limits")."""

    name: str = Field(description='the limit: "terms", "word_chars", "phrase_terms" or "prefixes"')
    maximum: int = Field(description="the largest value allowed")
    value: int = Field(description="the request's value")


class ErrorDetail(BaseModel):
    """What went wrong: the parameter at fault (``null`` if none) and a one-line message."""

    parameter: str | None = Field(
        description='the parameter at fault: "q", "limit", "offset", "id", "body", "documents[2].id", '
                    '"Authorization"… or null')
    message: str
    limit: LimitOut | None = Field(None, description="present when the query is over a search limit")


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer of the API has this shape."""

    error: ErrorDetail
