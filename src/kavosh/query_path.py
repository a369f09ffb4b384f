"""The query path of the Python API: a query planned (:func:`kavosh.query.plan.make_plan`), executed
(:func:`kavosh.search.execute.execute`) and presented (:func:`kavosh.present.present`) by :func:`search`,
with the checks of its query and mode and the notes a dense or hybrid page carries.  Used by
:class:`kavosh.engine.Index` (which re-exports these names), :mod:`kavosh.cluster.serving` and the CLI.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from .analysis import Analyzer
from .index.stats import IndexStats
from .index.store import OpenedIndex
from .index.vectors import has_vectors, outdated_vectors
from .present import SearchResults, present
from .query.parse import Note, QuerySyntaxError
from .query.plan import make_plan
from .search.execute import execute
from .search.hybrid import CANDIDATES, MODES
from .search.topk import current_searcher


def check_query(query: object) -> str:
    """``query`` as :func:`search` takes it: a ``str``; ``None`` is ``""``.

    Raises:
        TypeError: anything else, naming its type (bytes: decode them; a number: ``str()`` it).
    """
    if query is None:
        return ""
    if isinstance(query, str):
        return query
    hint = (" (decode it: query.decode('utf-8'))" if isinstance(query, (bytes, bytearray)) else
            " (str() it)" if isinstance(query, (int, float)) else
            " (the query text alone; filters go in filter=, dates in date_from=/date_to=)"
            if isinstance(query, Mapping) else "")
    raise TypeError(f"search() takes the query as a str, got {type(query).__name__} {str(query)[:40]!r}{hint}")


def search(opened: OpenedIndex, analyzer: Analyzer, query: str, limit: int = 10, offset: int = 0,
           snippets: bool = True, exact: bool = False, date_from: str | None = None,
           date_to: str | None = None, collapse: bool = True, group: str | None = None,
           mode: str | None = None, filter: Mapping | None = None, facets: str | list[str] | None = None,
           sort: str | None = None, disjunctive: bool = False) -> SearchResults:
    """A query's one path: plan (:func:`kavosh.query.plan.make_plan`), execute
    (:func:`kavosh.search.execute.execute`), present (:func:`kavosh.present.present`).

    Args:
        opened: the index (see :func:`kavosh.index.store.open_index`).
        analyzer: the analyzer the index was built with.
        query: the query string (syntax in :mod:`kavosh.query.parse`); ``None`` is ``""`` (with ``filter``,
            ``date_from``/``date_to`` or ``group`` an empty query lists what they keep).
        limit: hits per page; offset: hits to skip (limits: :class:`kavosh.query.plan.Limits`).
        snippets: compute highlighted snippets (off for evaluation runs).
        exact: run the query as typed, with no keyboard-layout, Finglish or spelling rewrite.
        date_from: keep documents dated on or after this date (Jalali or Gregorian;
            a year or month means its first day), as ``date:>=…`` in the query.
        date_to: keep documents dated on or before this date (a year or month
            means its last day), as ``date:<=…``.
        collapse: show one result per near-duplicate group, its best-ranked
            matching member (:mod:`kavosh.search.collapse`); ``False`` shows every copy.
        group: only the members of this near-duplicate group (a ``Hit.group``
            value), uncollapsed: the "similar news" of a result.
        mode: ``"lexical"`` (BM25), ``"dense"`` (passage vectors) or ``"hybrid"`` (both fused:
            :mod:`kavosh.search.hybrid`); default hybrid when the index has vectors
            (``kavosh embed``), else lexical.
        filter: structured filters on declared fields, all must hold
            (``{"category": "ورزشی", "views": {"gte": 100}, "not": {"site": "فارس"}}``;
            :func:`kavosh.query.filters.filters_from_json`), besides those in the query text.
        facets: fields to count over all matches (``"category,published:month"``; docs/fields.md).
        sort: ``"relevance"`` (default), or ``"FIELD:asc"``/``"FIELD:desc"`` for a number or date
            field or ``date`` (ties by document id; no collapsing).
        disjunctive: count a facet with a selected value as if its own filter were not applied.
    Returns:
        :class:`~kavosh.present.SearchResults`; ``total`` counts results after collapsing
        (``matched`` counts matching documents); each hit's ``similar`` is the number of other
        members of its group that match the query.  ``rewritten`` is set when another
        query ran instead (typed on the wrong keyboard layout: ``jivhk`` → ``تهران``; in
        Finglish: ``tehran`` → ``تهران``, :mod:`kavosh.query.finglish`; or misspelt, the
        query as typed finds nothing and the correction does: ``ضلزله بم`` → ``زلزله بم``);
        ``suggestion`` when a word the index lacks has a likely correction that did not run
        (:mod:`kavosh.query.spelling`; a word of the word list is never replaced by another).
    Raises:
        TypeError: ``query`` is not a ``str`` (nor ``None``): bytes, a number, a dict (the message names it).
        kavosh.query.parse.QuerySyntaxError: the query cannot be run, a limit is exceeded
            (:class:`kavosh.query.plan.LimitError`), ``date_from``/``date_to`` is not a date,
            or ``group`` is not a group id; ``mode`` is unknown, or dense/hybrid on an index
            without vectors or with vectors of another model or text form (given no ``mode``, such an
            index is searched lexically, with a note saying how to re-embed: :func:`outdated_note`).
    """
    query = check_query(query)
    requested, mode = mode, check_mode(opened, mode)
    notes = outdated_note(opened, requested) if mode == "lexical" else []
    analyzer.warm()  # the one-off word-list load is not search time
    t0 = time.perf_counter()
    searcher = current_searcher(opened)  # the last commit, paired with the core's (kavosh.search.topk)
    plan = make_plan(query, analyzer, IndexStats(opened, analyzer, searcher), limit=limit, offset=offset,
                     exact=exact, date_from=date_from, date_to=date_to, collapse=collapse, group=group,
                     filter=filter, facets=facets, sort=sort, disjunctive=disjunctive)
    results = present(plan, execute(opened, plan, searcher, mode=mode, analyzer=analyzer), analyzer, snippets=snippets)
    results.mode = mode
    results.took_ms = round((time.perf_counter() - t0) * 1000, 2)
    results.notes.extend(notes + mode_notes(plan, results, mode))
    return results


def mode_notes(plan, results: SearchResults, mode: str) -> list[Note]:
    """The notes a dense or hybrid search adds to ``results`` (also :mod:`kavosh.cluster.serving`): a page
    sorted by a field or with facets is of the lexical matches only (:func:`kavosh.search.execute.execute`
    sorts and counts the documents holding the query's words, not the fused candidates), and says so
    instead of :data:`DENSE_NOTE`/:data:`MEANING_ONLY_NOTE`, which would be false of it (a new user's
    ``'بازار نفت' --sort date:desc`` in hybrid mode read "none of these results holds the query's words"
    above the 12 documents holding them, of 60 unsorted).  A plan of filters alone runs lexically in every mode
    and gets no note (its hits have no ``explain``, so :func:`meaning_only` would wrongly hold)."""
    if mode == "lexical" or not plan.positive:  # filters alone run lexically in every mode
        return []
    notes = []
    if plan.sort is not None:
        notes.append(Note(f"sorted by {results.sort}: these are the {results.total} documents holding the query's "
                          f"words only; the {mode} search by relevance also shows documents near it in meaning",
                          "sort_lexical_only", sort=results.sort, total=results.total, mode=mode))
    if plan.facets:
        notes.append(Note(f"the facet counts are of the documents holding the query's words only, not of every "
                          f"result of the {mode} search", "facets_lexical_only", mode=mode))
    if plan.sort is not None:
        return notes
    if mode == "dense":
        notes.append(DENSE_NOTE)
    elif mode == "hybrid" and meaning_only(results):
        notes.append(MEANING_ONLY_NOTE)
    return notes


DENSE_NOTE = Note(f"dense mode shows the documents nearest to the query in meaning (at most {CANDIDATES}, among "
                  "those with passage vectors): the count is of those documents, not of documents that match the "
                  "query", "dense_ranks_all", candidates=CANDIDATES)
"""The note of every ``mode="dense"`` search (docs/dense.md: dense retrieval has no notion of a match)."""

MEANING_ONLY_NOTE = Note("none of these results holds the query's words: they are the documents nearest to it in "
                         "meaning (hybrid search); --mode lexical shows only documents with the words",
                         "meaning_only")
"""The note of a hybrid page none of whose hits the lexical side found (:func:`meaning_only`): a query of
words no document holds (a typo, gibberish) still gets the nearest passages, and without the note they
read as matches (a new user's report: ``زززز`` gave 95 of 102 documents with no word of it)."""


def meaning_only(results: SearchResults) -> bool:
    """Whether ``results`` (a hybrid page) has hits and none of them was a lexical (BM25) candidate
    (``explain["lexical_rank"]`` is ``None`` for each): every hit is there by its passage vectors alone."""
    return bool(results.hits) and all((h.explain or {}).get("lexical_rank") is None for h in results.hits)


def check_mode(opened: OpenedIndex, mode: str | None) -> str:
    """The retrieval mode to use: ``mode``, or hybrid when the index has vectors this Kavosh's encoder
    can search and lexical otherwise (vectors made by another model or from another text form,
    :func:`outdated_note`, are not searched).

    Raises:
        kavosh.query.parse.QuerySyntaxError: an unknown mode, or dense/hybrid without vectors or with
            vectors of another model (the message says how to re-embed them).
    """
    if mode is None:
        return "hybrid" if has_vectors(opened.path) and outdated_vectors(opened.path) is None \
            else "lexical"
    if mode not in MODES:
        raise QuerySyntaxError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode != "lexical":
        if not has_vectors(opened.path):
            raise QuerySyntaxError(f"mode {mode} needs passage vectors: run 'kavosh embed --index {opened.path}' first")
        if (why := outdated_vectors(opened.path)) is not None:
            raise QuerySyntaxError(f"mode {mode}: {why}")
    return mode


def outdated_note(opened: OpenedIndex, mode: str | None) -> list[Note]:
    """The note of a search given no ``mode`` on an index whose vectors were made by another model or from
    another text form (an index embedded by an older Kavosh, :mod:`kavosh.dense.text`): it ran lexically
    (:func:`check_mode`), and the note says why and how to re-embed; ``[]`` otherwise."""
    if mode is not None:
        return []
    why = outdated_vectors(opened.path)
    return [] if why is None else [Note(f"searched by words only: {why}", "vectors_outdated")]
