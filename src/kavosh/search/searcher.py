"""Run a query against an opened index and build :class:`SearchResults`."""

from __future__ import annotations

import json
import time

import tantivy

from ..analysis import Analyzer, Token
from ..index import schema as S
from ..index.dedup import format_group, parse_group
from ..index.store import OpenedIndex
from ..ingest.dates import display_date, parse_date
from ..query.finglish import MIN_LATIN_DOCS, Vocabulary, choose_finglish, is_english, latin_support
from ..query.layout import choose_layout, support
from ..query.parse import Occur, ParsedQuery, QuerySyntaxError, date_filter, parse
from ..query.rewrite import add_compound_variants
from ..query.spelling import index_speller, prefer_correction, suggest_query
from .collapse import collapse as collapse_hits
from .collapse import group_counts, restrict_to_group
from .highlight import highlight_all, snippet
from .ranking import build_query
from .results import Hit, SearchResults
from .suggest import completion_table

MAX_LIMIT = 1000
MAX_OFFSET = 100_000


def load_stored(doc: tantivy.Document) -> dict:
    """Decode the stored JSON blob of a tantivy document."""
    raw = doc.get_first(S.STORED)
    return json.loads(bytes(raw).decode("utf-8")) if raw is not None else {}


def _matcher(parsed: ParsedQuery):
    terms: set[str] = set()
    prefixes: list[str] = []
    for c in parsed.clauses:
        if c.occur == Occur.MUST_NOT:
            continue
        if c.kind == "prefix":
            prefixes.append(c.terms[0])
        else:
            terms.update(c.terms)
            for alt in c.alternatives:
                terms.update(alt)
    pref = tuple(prefixes)

    def is_match(tok: Token) -> bool:
        return tok.term in terms or (bool(pref) and (tok.term.startswith(pref) or tok.word.startswith(pref)))

    return is_match


def _rewrite_layout(query: str, analyzer: Analyzer, doc_freq,
                    finglish=None) -> tuple[ParsedQuery, str | None, str | None]:
    """Parse ``query``, or its keyboard-layout conversion when the index supports
    that much better (:func:`kavosh.query.layout.choose_layout`), or its Persian
    reading when it is Finglish (``finglish(query)``, see
    :func:`kavosh.query.finglish.choose_finglish`), whichever the index supports
    better; never a query whose Latin terms are all in the index as typed
    (:func:`kavosh.query.finglish.latin_in_index`) or that is common English
    (:func:`kavosh.query.finglish.is_english`).

    Returns ``(parsed, rewritten query or None, rewrite kind or None)``: the kind is
    the layout name or ``"finglish"``.  A query that does not parse as typed (only
    stopwords) is still converted if the conversion parses; otherwise the original
    error is raised.
    """
    try:
        parsed, error = parse(query, analyzer), None
    except QuerySyntaxError as e:
        parsed, error = None, e
    choice = None
    typed = latin_support(query, analyzer, doc_freq)
    if typed < MIN_LATIN_DOCS:  # ICT, python: genuinely Latin when the index has them
        # a wrong layout only when the index lacks the typed words altogether (ADSL in one document stays)
        layout = choose_layout(query, analyzer, doc_freq) if typed == 0 else None
        found = [c for c in (layout, finglish(query) if finglish else None) if c]
        if found and not is_english(query):  # both a layout and a Finglish reading: the better supported one
            choice = max(found, key=lambda c: support(c[1], analyzer, doc_freq).score)
    if choice is not None:
        try:
            return parse(choice[1], analyzer), choice[1], choice[0]
        except QuerySyntaxError:
            pass
    if error is not None:
        raise error
    return parsed, None, None


def _finglish(opened: OpenedIndex, analyzer: Analyzer, searcher: tantivy.Searcher, doc_freq):
    """``query → ("finglish", Persian query) or None`` over this index's words
    (:func:`kavosh.query.finglish.choose_finglish`); words are supported by the number
    of documents holding them all."""

    def co_freq(terms) -> int:
        return _count_all(searcher, [tantivy.Query.term_query(opened.schema, S.BODY_TERMS, t) for t in terms])

    def vocab() -> Vocabulary:
        table = completion_table(opened, analyzer)
        return Vocabulary(table.word_keys, table.lookup)

    return lambda query: choose_finglish(query, analyzer, doc_freq, vocab, co_freq)


def _all_words_count(opened: OpenedIndex, parsed: ParsedQuery, searcher) -> int:
    """Documents holding every content leaf of ``parsed`` (terms, phrases, prefixes left out)."""
    leaves = [tantivy.Query.term_query(opened.schema, S.BODY_TERMS, c.terms[0]) if c.kind == "term"
              else tantivy.Query.phrase_query(opened.schema, S.BODY_TERMS, c.terms)
              for c in parsed.positive if not c.derived and c.kind in ("term", "phrase") and c.terms]
    return _count_all(searcher, leaves) if leaves else 0


def _count_all(searcher: tantivy.Searcher, queries: list[tantivy.Query]) -> int:
    """Documents matching every one of ``queries``."""
    q = tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in queries])
    return searcher.search(q, limit=1, count=True).count or 0


def _rewrite_spelling(opened: OpenedIndex, analyzer: Analyzer, parsed: ParsedQuery, searcher,
                      doc_freq) -> tuple[ParsedQuery, str | None, str | None]:
    """Did you mean, or showing results for: ``(parsed to run, rewritten query or None, suggestion or None)``.

    A correction (:func:`kavosh.query.spelling.suggest_query`) runs instead of the query
    when :func:`kavosh.query.spelling.prefer_correction` holds for the numbers of documents
    holding all the words of each; otherwise it is only offered as a suggestion.
    """
    suggestion = suggest_query(parsed, doc_freq, lambda: index_speller(opened, analyzer))
    if suggestion is None:
        return parsed, None, None
    try:
        fixed = parse(suggestion, analyzer)
    except QuerySyntaxError:
        return parsed, None, suggestion
    if prefer_correction(_all_words_count(opened, parsed, searcher), _all_words_count(opened, fixed, searcher)):
        return fixed, suggestion, None
    return parsed, None, suggestion


def _date_display(value: str) -> str:
    day = parse_date(value)
    return display_date(day) if day else ""


def search(opened: OpenedIndex, analyzer: Analyzer, query: str, limit: int = 10, offset: int = 0,
           snippets: bool = True, exact: bool = False, date_from: str | None = None,
           date_to: str | None = None, collapse: bool = True, group: str | None = None) -> SearchResults:
    """Search the index.

    Args:
        opened: the index (see :func:`kavosh.index.store.open_index`).
        analyzer: the analyzer the index was built with.
        query: the query string (syntax in :mod:`kavosh.query.parse`).
        limit: hits per page, 1 to :data:`MAX_LIMIT`.
        offset: hits to skip, 0 to :data:`MAX_OFFSET`.
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
    Returns:
        :class:`SearchResults`; ``total`` counts results after collapsing (``matched``
        counts matching documents); each hit's ``similar`` is the number of other
        members of its group that match the query.  ``rewritten`` is set when another
        query ran instead (typed on the wrong keyboard layout: ``jivhk`` → ``تهران``; in
        Finglish: ``tehran`` → ``تهران``, :mod:`kavosh.query.finglish`; or misspelt,
        and the correction finds far more: ``ضلزله بم`` → ``زلزله بم``,
        :func:`_rewrite_spelling`); ``suggestion`` when a word the index lacks has a
        likely correction that did not run (:mod:`kavosh.query.spelling`).
    Raises:
        QuerySyntaxError: the query cannot be run, ``limit``/``offset`` out of range,
            ``date_from``/``date_to`` is not a date, or ``group`` is not a group id.
    """
    bounds = [date_filter(op + value, f"{name}={value}") for name, op, value in
              (("date_from", ">=", date_from), ("date_to", "<=", date_to)) if value]
    if not 1 <= limit <= MAX_LIMIT:
        raise QuerySyntaxError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QuerySyntaxError(f"offset must be between 0 and {MAX_OFFSET}, got {offset}")
    try:
        group_id = parse_group(group) if group is not None else None
    except ValueError as e:
        raise QuerySyntaxError(f"group: {e}") from e
    analyzer.warm()  # the one-off word-list load is not search time
    t0 = time.perf_counter()
    searcher = opened.index.searcher()

    def doc_freq(term: str) -> int:
        return searcher.doc_freq(S.BODY_TERMS, term)

    if exact:
        parsed, rewritten, kind = parse(query, analyzer), None, None
    else:
        parsed, rewritten, kind = _rewrite_layout(query, analyzer, doc_freq,
                                                  _finglish(opened, analyzer, searcher, doc_freq))
    suggestion = None
    if not exact and rewritten is None:  # did you mean / showing results for: words the index (almost) lacks
        parsed, rewritten, suggestion = _rewrite_spelling(opened, analyzer, parsed, searcher, doc_freq)
        if rewritten is not None:
            kind = "spelling"
    parsed.date_filters.extend(bounds)
    add_compound_variants(parsed, analyzer, doc_freq)
    tq = build_query(opened.schema, parsed, searcher)
    if group_id is not None:
        tq = restrict_to_group(opened.schema, tq, group_id)
        collapse = False
    counts = group_counts(searcher, opened.schema, tq)
    if collapse:
        page, matched = collapse_hits(searcher, tq, counts, limit, offset)
        total = matched - counts.hidden
    else:
        result = searcher.search(tq, limit=limit, offset=offset, count=True)
        page, matched = result.hits, result.count or 0
        total = matched
    groups = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in page]) if page else []
    is_match = _matcher(parsed)
    n_terms = len({t for c in parsed.positive if not c.derived for t in c.terms[:1] if c.kind != "phrase"}
                  | {t for c in parsed.positive if c.kind == "phrase" for t in c.terms})
    hits = []
    for i, ((score, addr), gid) in enumerate(zip(page, groups, strict=True)):
        doc = searcher.doc(addr)
        stored = load_stored(doc)
        title = stored.get("title", "")
        text = stored.get("text", "")
        hits.append(Hit(
            rank=offset + i + 1, id=doc.get_first(S.ID), score=float(score), title=title,
            url=stored.get("url", ""), date=stored.get("date", ""),
            title_segments=highlight_all(title, analyzer, is_match) if snippets else [],
            snippet=snippet(text, analyzer, is_match, wanted=n_terms) if snippets else [],
            fields=stored.get("fields", {}), date_display=_date_display(stored.get("date", "")),
            group=format_group(gid) if gid is not None else "", similar=counts.others(gid)))
    notes = []
    if parsed.dropped_stopwords:
        notes.append("ignored common words: " + " ".join(parsed.dropped_stopwords))
    return SearchResults(query=query, total=total, matched=matched, collapsed=collapse,
                         group=format_group(group_id) if group_id is not None else None, hits=hits,
                         took_ms=round((time.perf_counter() - t0) * 1000, 2), notes=notes,
                         offset=offset, limit=limit, rewritten=rewritten,
                         suggestion=suggestion, rewrite_kind=kind)
