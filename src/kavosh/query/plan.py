"""The query stage's product: text in, an immutable :class:`QueryPlan` out.

:func:`make_plan` is the whole query stage, in this order:

1. limits on the request (:class:`kavosh.query.limits.Limits`: page size, offset, query length) are checked;
2. the text is parsed (:func:`kavosh.query.parse.parse`, every leaf analysed);
3. unless ``exact``, a rewrite may replace the query (:mod:`kavosh.query.choose` decides) — a wrong keyboard layout
   (:mod:`kavosh.query.layout`), Finglish (:mod:`kavosh.query.finglish`), or a spelling
   correction (:mod:`kavosh.query.spelling`) — each with the notice shown to the user;
4. a name's spelling in the other script is added as an alternative (:mod:`kavosh.query.names`:
   ``google``/``گوگل``), compound variants are added (:mod:`kavosh.query.rewrite`) and date bounds
   attached.

Every decision that needs the index's words goes through
:class:`kavosh.index.stats.IndexStats`.  The plan is then executed by
:func:`kavosh.search.execute.execute`, which never imports this package: it reads the
plan's attributes only (``Occur`` values are strings).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..analysis import Analyzer
from ..analysis.analyzer import is_stop_term
from ..analysis.display import display_form
from ..index.dedup import parse_group
from ..index.stats import IndexStats
from .alternatives import add_spelling_alternatives, reading_pairs
from .choose import (PlanAnalyzer, PlanStats, choose_spelling, included_note, index_vocabulary, notices, once,
                     rewrite_layout, shown_word)
from .facets import FacetRequest, parse_facets
from .filters import MAX_FILTERS, Filter, FilterError, filters_from_json
from .groups import excluded_group
from .limits import LIMITS, LimitError, Limits, check_page, check_parsed, shorten, shortened_note
from .memo import Memo, word_memo
from .names import add_script_variants, script_note, script_spellings
from .unheld import english_offer, unheld_latin_note
from .operators import read_operators
from .parse import (Clause, DateFilter, DateFilterError, Note, Occur, ParsedQuery, QuerySyntaxError, date_filter,
                    empty_message, parse, plain_quotes)
from .rewrite import add_compound_variants, add_negation, add_surface
from .spelling import corrected
from .sort import SortSpec, parse_sort
from .synonyms import expand, index_synonyms

__all__ = ["LIMITS", "LimitError", "Limits", "PlanClause", "PlanGroup", "QueryPlan", "check_page", "check_parsed",
           "grammar_only", "make_plan", "plain_sequence", "ranked_sequence", "surface_words"]


@dataclass(frozen=True)
class PlanClause:
    """One leaf of a plan (an immutable :class:`kavosh.query.parse.Clause`).

    Attributes:
        kind: ``"term"``, ``"phrase"`` or ``"prefix"``.
        terms: analysed terms (one for term and prefix; the prefix is normalized, not stemmed).
        words: normalized words before stemming, parallel to ``terms``.
        text: the user's text of the leaf.
        occur: ``"should"``, ``"must"`` or ``"must_not"`` (:class:`kavosh.query.parse.Occur`).
        field: ``None`` (title and body), ``"title"`` or ``"body"``.
        alternatives: other spellings of the leaf, each a tuple of terms (a phrase when several).
        derived: added by a rewrite, not typed as such.
        offsets: for a phrase, each term's position in it (``None``: consecutive).
        boost: the leaf's weight (``title:ایران^2``), 1 by default.
        surface: for a quoted leaf (``"…"``) as typed, its words after the char filters, stopwords
            included (:func:`surface_words`): search ranks documents that hold these words as
            written above those that match only their analysed terms; ``()`` otherwise.
        group: the index in :attr:`QueryPlan.groups` of the innermost bracketed group it is a member
            of (``occur`` is then its part in the group), or ``None`` (:mod:`kavosh.query.groups`).
    """

    kind: str
    terms: tuple[str, ...]
    words: tuple[str, ...]
    text: str
    occur: str
    field: str | None
    alternatives: tuple[tuple[str, ...], ...]
    derived: bool
    offsets: tuple[int, ...] | None
    boost: float = 1.0
    surface: tuple[str, ...] = ()
    group: int | None = None

    @classmethod
    def of(cls, c: Clause, analyzer: Analyzer | None = None, as_written: bool = False) -> PlanClause:
        """Freeze a parsed :class:`kavosh.query.parse.Clause` (``surface`` needs the ``analyzer``);
        ``as_written``: a typed word's ``surface`` is set as a quoted leaf's (:func:`grammar_only`)."""
        quoted = analyzer is not None and not c.derived and c.text.startswith('"') and c.text.endswith('"')
        written = (analyzer is not None and as_written and not quoted and not c.derived and c.kind == "term"
                   and str(c.occur) != "must_not")
        return cls(c.kind, tuple(c.terms), tuple(c.words), c.text, str(c.occur), c.field,
                   tuple(map(tuple, c.alternatives)), c.derived,
                   tuple(c.offsets) if c.offsets is not None else None, c.boost,
                   surface_words(c.text[1:-1], analyzer) if quoted else
                   surface_words(c.text, analyzer) if written else (), c.group)


@dataclass(frozen=True)
class PlanGroup:
    """A bracketed group of a plan (an immutable :class:`kavosh.query.groups.Group`): search matches its
    members (the clauses and groups naming it) as one boolean query that takes ``occur`` in its parent.

    Attributes:
        occur: ``"should"``, ``"must"`` or ``"must_not"``: its part in its parent.
        parent: the index in :attr:`QueryPlan.groups` of the group it is in, or ``None`` (the query).
        text: the user's text of the group, brackets included.
    """

    occur: str
    parent: int | None
    text: str


def grammar_only(parsed: ParsedQuery) -> bool:
    """Whether every word a query asks for is a grammar word (a stopword's marked term:
    ``میشوند``, ``می شوند``, ``اما چرا``).  Such a word's term stands for all its forms (``␀شد`` for
    ``شد``, ``شدند``, ``می‌شود``…), so its clauses match every form; typed so, the user wants the form
    they typed: each typed word of the query gets its ``surface``, and search ranks documents that
    hold it as written first, as for a quoted phrase (:mod:`kavosh.search.exact`; the new user's
    finding 2 of 2026-12-04)."""
    asked = [c for c in parsed.clauses if not c.derived and str(c.occur) != "must_not"]
    return bool(asked) and all(c.kind == "term" and all(map(is_stop_term, c.terms)) for c in asked)


def surface_words(text: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The words of ``text`` as written, after the char filters and without half-spaces or the
    spaces the tokenizer joins (``می رود`` → ``میرود``), stopwords included, in order: one per
    token of :meth:`Analyzer.analyze` (tokens sharing their characters, as a ligature's do, once).

    >>> surface_words("به مدرسه نمي رود", Analyzer())
    ('به', 'مدرسه', 'نمیرود')
    """
    out, last = [], None
    for t in analyzer.analyze(text):
        if (t.start, t.end) == last:
            continue
        last = (t.start, t.end)
        word = analyzer.normalize_term(text[t.start:t.end]).replace(" ", "")
        if word:
            out.append(word)
    return tuple(out)


@dataclass(frozen=True)
class QueryPlan:
    """Everything search needs to run one query, decided before it runs.

    Attributes:
        query: the query as typed.
        clauses: the leaves that run (after any rewrite), in query order; variants last.
        date_filters: date filters, all must hold (:class:`kavosh.query.parse.DateFilter`).
        limit: hits per page; offset: hits skipped.
        collapse: one hit per near-duplicate group.
        group: only this near-duplicate group's members (an id), or ``None``.
        rewritten: the query that ran instead of ``query``, or ``None``.
        rewrite_kind: ``"finglish"``, ``"spelling"`` or a keyboard layout name, or ``None``.
        suggestion: a "did you mean" query that did not run, or ``None``.
        included: the query with the other spellings OR'ed into its words' leaves (a correction or a
            sound-alike spelling: ``ضلزله بم`` → ``زلزله بم``), shown as "including results for", or ``None``
            (:func:`kavosh.query.choose.choose_spelling`); a note says it too.
        shortened: the start of the query that ran when the query was over the terms limit
            (:func:`kavosh.query.limits.shorten`), or ``None``; a note says it too.
        notes: notes on the parse (``"synonyms: آمریکا → امریکا"``).
        notices: the user-facing sentence for each rewrite or suggestion.
        limits: the :class:`Limits` it was checked against (search reads its caps).
        filters: filters on declared fields, all must hold, none scores
            (:mod:`kavosh.query.filters`: ``TermsFilter``/``RangeFilter``).
        facets: facets to count over all matches (:class:`kavosh.query.facets.FacetRequest`).
        disjunctive: count a facet with a selected value without its own filters.
        sort: order by a field (:class:`kavosh.query.sort.SortSpec`), or ``None`` for relevance.
        weights: per-field weights of plain words (``{"title": 0.25, "author": 0.5}``), from the
            index's field configuration.
        sequence: the plain words' terms in typed order, the optional stopwords' marked terms
            among them (:func:`ranked_sequence`): what the exact-phrase and proximity bonuses look
            for (:func:`kavosh.search.ranking.proximity_terms`).
        groups: the bracketed groups that change matching (:class:`PlanGroup`), indexed by the clauses'
            ``group``; a parent comes before its groups.
    """

    query: str
    clauses: tuple[PlanClause, ...]
    date_filters: tuple[DateFilter, ...]
    limit: int = 10
    offset: int = 0
    collapse: bool = True
    group: int | None = None
    rewritten: str | None = None
    rewrite_kind: str | None = None
    suggestion: str | None = None
    included: str | None = None
    shortened: str | None = None
    notes: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    limits: Limits = LIMITS
    filters: tuple[Filter, ...] = ()
    facets: tuple[FacetRequest, ...] = ()
    disjunctive: bool = False
    sort: SortSpec | None = None
    weights: tuple[tuple[str, float], ...] = ()
    sequence: tuple[str, ...] = ()
    groups: tuple[PlanGroup, ...] = ()

    @property
    def positive(self) -> tuple[PlanClause, ...]:
        """Clauses that can match (optional or required): neither excluded nor in an excluded group."""
        return tuple(c for c in self.clauses
                     if c.occur != Occur.MUST_NOT and not excluded_group(self.groups, c.group))


SURROGATES = re.compile("[\ud800-\udfff]")
"""A lone surrogate code point (a valid ``str`` holds no paired ones: they are one character)."""

COMMON_CUTOFF = 0.25
"""A plain query's optional stopwords count in its exact-phrase bonus only when one of its other
words is in at most this share of the documents (:func:`ranked_sequence`)."""


def ranked_sequence(parsed: ParsedQuery, stats: IndexStats) -> tuple[str, ...]:
    """:func:`plain_sequence`, without the optional stopwords when every other word of it is common
    (in more than :data:`COMMON_CUTOFF` of the documents): as in Elasticsearch's ``common`` terms
    query, a high-frequency term scores only within the matches of a low-frequency one; with none,
    the exact phrase (``شد با``, ``ایران در``) would read two posting lists that cover most of the
    corpus (measured: ``docs/benchmarks.md``, "Every word indexed")."""
    seq = plain_sequence(parsed)
    if not parsed.stops:
        return seq
    content = [t for t in seq if not is_stop_term(t)]
    if content and min(map(stats.doc_freq, content)) > COMMON_CUTOFF * stats.num_docs:
        optional = {s[1] for s in parsed.stops}
        return tuple(t for t in seq if t not in optional)
    return seq


def plain_sequence(parsed: ParsedQuery) -> tuple[str, ...]:
    """The terms of ``parsed``'s plain words in typed order: each single-term leaf that can match,
    on both fields, typed (not a rewrite's variant), and each optional stopword's marked term
    (:attr:`kavosh.query.parse.ParsedQuery.stops`, not a clause) where it stood.

    >>> from kavosh.query.parse import parse
    >>> plain_sequence(parse("او نیز آمد -رفت", Analyzer()))
    ('␀او', '␀نیز', 'امد')
    """
    stops = list(parsed.stops)
    out: list[str] = []
    for k, c in enumerate(parsed.clauses):
        while stops and stops[0][0] <= k:
            out.append(stops.pop(0)[1])
        if c.kind == "term" and c.field is None and not c.derived and c.occur != Occur.MUST_NOT:
            out.append(c.terms[0])
    out.extend(s[1] for s in stops)
    return tuple(out)


def drop_lone_quote(query: str) -> tuple[str, Note | None]:
    """``query`` with its quotation marks as ``"`` (:data:`kavosh.query.parse.QUOTE_MARKS`: ``«»`` and curly
    quotes too) and an unclosed one (the last of an odd number) replaced by a space, and the note saying so
    (code ``"quote_ignored"``, details ``position``, 1-based, and ``mark``), or ``(query, None)``.  A pasted
    question or sentence holding one quote mark is searched as words rather than refused, as Elasticsearch's
    ``simple_query_string`` (the query syntax it recommends for user input) and web engines do (a PQuAD
    question beginning with a stray ``"`` had not been searched at all)."""
    marks = plain_quotes(query)
    if not marks.count('"') % 2:
        return marks, None
    at = marks.rfind('"')
    return (marks[:at] + " " + marks[at + 1:],
            Note(f"the {query[at]} at position {at + 1} is never closed: it was ignored", "quote_ignored",
                 position=at + 1, mark=query[at]))


def make_plan(query: str, analyzer: Analyzer, stats: IndexStats, *, limit: int = 10, offset: int = 0,
              exact: bool = False, date_from: str | None = None, date_to: str | None = None,
              collapse: bool = True, group: str | None = None, limits: Limits = LIMITS,
              filter: Mapping | None = None, facets: str | list[str] | None = None, sort: str | None = None,
              disjunctive: bool = False) -> QueryPlan:
    """Turn a query into a :class:`QueryPlan` (the steps are in the module text).

    Args:
        query: the query string (syntax in :mod:`kavosh.query.parse`).
        analyzer: the analyzer the index was built with.
        stats: the index's statistics (:class:`kavosh.index.stats.IndexStats`), for rewrites.
        limit: hits per page, 1 to ``limits.page``.
        offset: hits to skip, 0 to ``limits.offset``.
        exact: run the query as typed, with no keyboard-layout, Finglish or spelling rewrite.
        date_from: keep documents dated on or after this date (Jalali or Gregorian; a year or
            month means its first day), as ``date:>=…`` in the query.
        date_to: keep documents dated on or before this date (a year or month means its last day).
        collapse: one hit per near-duplicate group (off when ``group`` is given).
        group: only this near-duplicate group's members (16 hex digits, ``Hit.group``).
        limits: the limits to enforce.
        filter: structured filters (:func:`kavosh.query.filters.filters_from_json`), added to the query's own.
        facets: facets to count (:func:`kavosh.query.facets.parse_facets`: ``"category,published:month"``).
        sort: ``None``/``"relevance"``, or a field order (:func:`kavosh.query.sort.parse_sort`: ``"date:desc"``);
            sorting turns collapsing off.
        disjunctive: facets of fields with a selected value are counted without that field's filters.
    Returns:
        The :class:`QueryPlan`.
    Raises:
        LimitError: a limit is exceeded (its message names the limit).
        QuerySyntaxError: the query cannot be run, a date is not a date, ``group`` is not a group id;
            :class:`kavosh.query.filters.UnknownFieldError` (a field the index lacks, listing the known
            ones) and :class:`kavosh.query.filters.FilterError` (a value that does not fit its field,
            a bad facet or sort) are kinds of it.
        kavosh.query.synonyms.SynonymError: the index's synonym file is broken (names file and line).
    """
    check_page(limit, offset, limits)
    if len(query) > limits.query_chars:
        raise LimitError("query_chars", len(query), limits.query_chars,
                         f"the query is {len(query)} characters long; the limit is {limits.query_chars}")
    # a lone surrogate (an escaped \ud800 in JSON, bad bytes in a URL) is no character: U+FFFD, which every
    # analyzer path reads as the same separator, keeps the query on the compiled core (else the Python
    # specification analyses it, loading its lexicon in a process that never needed it: 0.5 s and 200 MB)
    query = SURROGATES.sub("\ufffd", query)
    config = stats.opened.fields
    searcher, base_analyzer = stats.searcher, analyzer  # the commit and analyzer a word's memo is of (memo.py)
    # each distinct document frequency, count and table asked once; a term's frequency and a pair's count once a commit
    stats = PlanStats(stats, lambda stage: word_memo(searcher, base_analyzer, stage))
    analyzer = PlanAnalyzer(analyzer)  # type: ignore[assignment]  # each distinct text analysed once

    def memo(stage: str, table: bool = False) -> Callable[[], Memo]:  # a word's answers, once per commit (memo.py)
        return lambda: word_memo(searcher, base_analyzer, stage, stats.completions() if table else None)

    extra = filters_from_json(filter, config) if filter is not None else []
    facet_requests = parse_facets(facets, config)
    order = parse_sort(sort, config)
    text, shortened = query, None  # the text that runs: the query, or its start within the terms limit
    text, unquoted = drop_lone_quote(query)
    text, read = read_operators(text)  # ایران not عراق: lowercase not between Persian words is NOT, and told
    if not query.strip() and extra:  # structured filters alone (HTTP filter=, Index.search(filter=...))
        typed, error, exact = ParsedQuery(query), None, True
    else:
        try:  # the typed query is checked before any rewrite spends time on it
            typed, error = parse(text, analyzer, config), None
            cut = shorten(typed, limits)
            if cut is not None:  # a pasted paragraph: its first words within the terms limit, said in a note
                shortened = shortened_note(sum(len(c.terms) for c in typed.clauses), cut, limits, len(text.split()))
                text, typed = cut, parse(cut, analyzer, config)
            check_parsed(typed, limits)
        except (LimitError, FilterError):  # over a limit, or a field or filter mistake: no rewrite fixes it
            raise
        except QuerySyntaxError as e:  # e.g. only stopwords as typed: a rewrite may still read it
            if e.code == "field_value":  # title: with nothing after it: no rewrite fixes that either
                raise
            if e.code == "empty" and text != query:  # shown as typed: «», not the "" it was read as
                e = QuerySyntaxError(empty_message(query), "empty", **e.details)
            typed, error = None, e
    bounds = [date_filter(op + value, f"{name}={value}") for name, op, value in
              (("date_from", ">=", date_from), ("date_to", "<=", date_to)) if value]
    if len(bounds) == 2 and bounds[0].start >= bounds[1].end:  # no day is in the range: said, not 0 results
        raise DateFilterError(f"date filter date_from={date_from}: it is after date_to={date_to}, so no date is "
                              "in the range (were they swapped?)", value=f"date_from={date_from}")
    try:
        group_id = parse_group(group) if group is not None else None
    except ValueError as e:
        raise QuerySyntaxError(f"group: {e}") from e
    rewritten = kind = suggestion = included = None
    synonyms = index_synonyms(stats.opened.path, analyzer)  # read once: spelling counts them, expand adds them
    vocabulary = once(lambda: index_vocabulary(stats))  # Finglish and names read one table: looked up once
    if exact:
        if error is not None:
            raise error
        parsed = typed
    else:
        parsed, rewritten, kind = rewrite_layout(text, typed, error, analyzer, stats, config, vocabulary)
        if rewritten is None:  # showing results for / including results for / did you mean (choose.py)
            choice = choose_spelling(parsed, analyzer, stats, config, synonyms, script_spellings(
                analyzer, stats.doc_freq, vocabulary, memo("names", table=True)))
            parsed = choice.parsed
            if choice.action == "rewrite":
                rewritten, kind = choice.text, "spelling"
            elif choice.action == "alternative":
                included = choice.text
            elif choice.action == "offer":
                suggestion = choice.text
        else:  # the other layout or the Finglish reading may still hold a slip: its fixes as alternatives
            also_read = dict(reading_pairs(parsed, stats) if kind == "finglish" else [])  # tim meli: مالی too
            added = add_spelling_alternatives(parsed, analyzer, stats)
            also_read.update((t, shown_word(w, analyzer, stats)) for t, w in reversed(added))  # a fix first
            found = corrected(rewritten, sorted(((t, w, False) for t, w in also_read.items()),
                                                key=lambda ch: rewritten.find(ch[0])))
            included = found.text if found else None
        if parsed is not typed:  # a rewrite reads as many words, but may analyse to more terms
            check_parsed(parsed, limits)  # (alternatives added to the typed parse change nothing checked)
        # shown to the user as Kavosh's words: one clean spelling (no bidi controls or presentation forms)
        rewritten, suggestion, included = (None if t is None else display_form(t)
                                           for t in (rewritten, suggestion, included))
    # another layout, Finglish or a spelling correction rewrites words: the typed query's filters still hold
    filters = list((typed or parsed).filters) + extra
    if len(filters) > MAX_FILTERS:
        raise LimitError("filters", len(filters), MAX_FILTERS,
                         f"{len(filters)} filters; the limit is {MAX_FILTERS}")
    # a name in the other script, when the index holds it: google / گوگل (issue #14 kind 9), and told (F5)
    also = [] if exact else add_script_variants(parsed, analyzer, stats.doc_freq, vocabulary, memo("names", table=True))
    script = script_note(rewritten or text, [(t, display_form(w)) for t, w in also]) if also else None
    add_compound_variants(parsed, analyzer, stats.doc_freq, memo("split"))
    notes = tuple(Note(f"ignored {op} at the end of the query: it applies to nothing", "operator_dropped",
                        operator=op) for op in (typed or parsed).dropped_operators)
    if included is not None:  # other spellings OR'ed in: the user is told which (choose.py)
        notes += (included_note(rewritten or text, included),)
    if script is not None:
        notes += (script,)
    elif not exact and rewritten is None and included is None and suggestion is None:  # google: nothing, told why
        offer = english_offer(parsed, analyzer, stats.doc_freq, vocabulary)  # film: did you mean فیلم?
        suggestion = None if offer is None else display_form(offer)
        if suggestion is None:
            notes += tuple(n for n in (unheld_latin_note(parsed, analyzer, stats.doc_freq),) if n is not None)
    told = (str(shortened),) if shortened is not None else ()  # the shortened query first, then any rewrite
    if shortened is not None:
        notes = (shortened, *notes)
    notes = (*read, *notes)
    if unquoted is not None:
        notes = (unquoted, *notes)
    notes += tuple(expand(parsed, synonyms))
    add_negation(parsed, analyzer)  # نمی‌دهد: documents saying it negated first (kind 5 of #14)
    add_surface(parsed, analyzer)  # میرسم: documents holding the word as typed first (#14, finding 3)
    written = grammar_only(parsed)
    return QueryPlan(query=query, clauses=tuple(PlanClause.of(c, analyzer, written) for c in parsed.clauses),
                     date_filters=tuple(parsed.date_filters) + tuple(bounds), limit=limit, offset=offset,
                     collapse=collapse and group_id is None and order is None, group=group_id,
                     rewritten=rewritten, rewrite_kind=kind, suggestion=suggestion, notes=notes,
                     included=included, shortened=text if shortened is not None else None,
                     notices=told + notices(text, rewritten, kind, suggestion, included)
                     + ((str(script),) if script is not None else ()), limits=limits,
                     filters=tuple(filters),
                     facets=tuple(facet_requests), disjunctive=disjunctive, sort=order,
                     weights=tuple(config.weights.items()), sequence=ranked_sequence(parsed, stats),
                     groups=tuple(PlanGroup(str(g.occur), g.parent, g.text) for g in parsed.groups))
