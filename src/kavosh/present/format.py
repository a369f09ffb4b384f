"""Turn retrieved hits into displayed results: stored fields, highlighted titles and snippets.

Fed by :func:`kavosh.search.execute.execute`'s :class:`~kavosh.search.execute.Retrieved`
and the :class:`~kavosh.query.plan.QueryPlan` that produced it (its terms decide what is
highlighted).
"""

from __future__ import annotations

from ..analysis import Analyzer
from ..analysis.analyzer import is_stop_term, is_surface_term, unmarked_negation
from ..index import schema as S
from ..index.dedup import format_group
from ..ingest.dates import shown_date
from ..query.parse import Note, Occur
from ..query.plan import QueryPlan
from ..search.execute import Retrieved
from ..search.facets import MAX_DATE_BUCKETS, Facet
from ..search.written import first_leaves
from .anchors import anchor_pattern
from .highlight import TermMatcher, compile_anchors, display_text, highlight_all, snippet
from .placed import hit_positions, snippet_placed, terms_of
from .results import Hit, SearchResults, Segment
from .words import whole_words

TITLE_HIGHLIGHT_CHARS = 1_000
"""Only this many leading characters of a title are analysed for highlighting (the rest is shown unmarked)."""


def _title_segments(title: str, analyzer: Analyzer, is_match) -> list[Segment]:
    if len(title) <= TITLE_HIGHLIGHT_CHARS:
        return whole_words(highlight_all(title, analyzer, is_match))
    cut = title.rfind(" ", 0, TITLE_HIGHLIGHT_CHARS) + 1 or TITLE_HIGHLIGHT_CHARS
    return whole_words(highlight_all(title[:cut], analyzer, is_match)) + [Segment(title[cut:], False)]


def matcher(plan: QueryPlan) -> TermMatcher:
    """Whether a token of a document matched ``plan``: its term is one of the plan's positive
    terms (every spelling variant included), or its term or word starts with one of its prefixes.
    Stopwords (marked terms: in a phrase, in a query of stopwords, or optional in
    :attr:`QueryPlan.sequence`) are marked only next to another mark (``او نیز آمد`` whole), except
    the one word of a query that has nothing else (``او``).  So are the words of an alternative spelled in
    several words (``کتابخونه``'s ``کتاب خانه``): only side by side are they that spelling, not each
    ``کتاب`` and ``خانه`` of the text (a new user's stray highlights)."""
    terms: set[str] = set()
    apart: set[str] = set()  # the words of a several-word alternative
    prefixes: list[str] = []
    for c in plan.positive:
        if c.kind == "prefix":
            prefixes.append(c.terms[0])
        else:  # a negated reading (␕داد) marks its word's every form: tokens carry the one term
            terms.update(map(unmarked_negation, c.terms))
            for alt in c.alternatives:  # a surface reading (␖میرسم) is no token's term: its word's term marks it
                if not (alt and is_surface_term(alt[0])):
                    (apart if len(alt) > 1 else terms).update(map(unmarked_negation, alt))
    apart -= terms
    stops = {t[1:] for t in terms.union(getattr(plan, "sequence", ()), apart) if is_stop_term(t)}
    stops |= {t for t in apart if not is_stop_term(t)}
    terms = {t for t in terms if not is_stop_term(t)}
    if not terms and not prefixes and len(stops) == 1:
        terms, stops = stops, set()
    return TermMatcher(terms, prefixes, stops)


def anchors(plan: QueryPlan):
    """:func:`kavosh.present.highlight.anchor_pattern` of the plan's positive clauses: for each term,
    the term and the normalized words it was typed as (every spelling variant's terms too); for each
    prefix, the prefix; each clause's words wanted as written (its ``surface``: a quoted leaf, a
    grammar-only query's word) preferred, so the snippet shows the form as typed where the text has
    it (``میشوند``, not ``شد``), every form still marked."""
    groups: dict[str, set[str]] = {}
    content = any(not is_stop_term(t) for c in plan.positive for t in c.terms)
    for c in plan.positive:
        for i, term in enumerate(map(unmarked_negation, c.terms)):
            if is_stop_term(term):  # a stopword is found next to the other words, or is the query
                if content:
                    continue
                term = term[1:]
            group = groups.setdefault(term, set())
            group.add(term.split("#")[0])
            if i < len(c.words):
                group.add(c.words[i])
        for alt in c.alternatives:
            if alt and is_surface_term(alt[0]):  # no text spells a surface reading: the typed word is in its group
                continue
            for term in map(unmarked_negation, alt):
                groups.setdefault(term, set()).add(term.split("#")[0])
    return anchor_pattern(groups.values(),  # the first quoted leaves only: bounded compiling (first_leaves)
                          first_leaves([c.surface for c in plan.positive if getattr(c, "surface", ())], lambda s: s))


def wanted_terms(plan: QueryPlan) -> int:
    """How many distinct terms a snippet can show at most: the typed terms and every phrase term."""
    return len({t for c in plan.positive if not c.derived for t in c.terms[:1] if c.kind != "phrase"}
               | {t for c in plan.positive if c.kind == "phrase" for t in c.terms})


def _stored_text(doc, stored: dict) -> str | bytes:
    """A hit's text for its snippet: the stored UTF-8 bytes as tantivy hands them (a copy, not a decode:
    :func:`kavosh.present.highlight.snippet` reads them as they are), ``""`` for a document without
    stored fields (as :func:`kavosh.index.store.load_stored`)."""
    if not stored:
        return ""
    raw = doc.get_first(S.STORED_TEXT)
    return bytes(raw) if raw is not None else ""


def _snippet(text: str | bytes, analyzer: Analyzer, is_match, wanted: int, window: tuple[int, int] | None,
             places=None, positioned=None):
    """:func:`_passage` with its marks over whole words (:func:`kavosh.present.words.whole_words`)."""
    return whole_words(_passage(text, analyzer, is_match, wanted, window, places, positioned))


def _passage(text: str | bytes, analyzer: Analyzer, is_match, wanted: int, window: tuple[int, int] | None,
             places=None, positioned=None):
    """The lexical snippet (bounded, placed by ``places``: :func:`anchors`, or without reading the
    whole text by ``positioned``: ``(checkpoints, positions)`` of a long hit, :mod:`kavosh.present.placed`);
    for a hit found by its vectors whose text has no query word, its best passage window instead (the
    window's text only).  ``text``: a ``str`` or the stored UTF-8 bytes (:func:`_stored_text`)."""
    segs = snippet_placed(text, *positioned, places, analyzer, is_match) if positioned is not None else None
    if segs is None:
        segs = snippet(text, analyzer, is_match, wanted=wanted, anchors=places)
    if window is None or any(s.match for s in segs):
        return segs
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    start, end = window
    part = snippet(text[start:end], analyzer, is_match, wanted=wanted) if end > start else segs
    if start > 0 and part and not part[0].text.startswith("…"):
        part[0] = Segment("…" + part[0].text, part[0].match)
    return part


MAX_DOCUMENT_HIGHLIGHT_CHARS = 200_000
"""A document page highlights the query's words in this many leading characters (the rest is shown plain)."""


def highlight_text(text: str, plan: QueryPlan, analyzer: Analyzer) -> list[Segment]:
    """All of ``text`` as segments with the words ``plan`` matches marked (a document's page);
    bidi controls dropped (:func:`kavosh.present.highlight.display_text`).  Only the first
    :data:`MAX_DOCUMENT_HIGHLIGHT_CHARS` characters are analysed."""
    head, rest = text[:MAX_DOCUMENT_HIGHLIGHT_CHARS], text[MAX_DOCUMENT_HIGHLIGHT_CHARS:]
    segs = whole_words(highlight_all(head, analyzer, matcher(plan)))
    if rest:
        segs.append(Segment(display_text(rest), False))
    return segs


def by_year_note(facet: Facet) -> Note:
    """The note of a month facet counted by year (:attr:`kavosh.search.facets.Facet.months` > 0): CLI, JSON
    ``notes``, and the page (code ``facet_by_year``)."""
    return Note(f"{facet.field}:month facet: its matches span {facet.months:,} months, more than the "
                f"{MAX_DATE_BUCKETS} buckets a facet may have, so it is counted by year; filter {facet.field} "
                f"to {MAX_DATE_BUCKETS // 12} years or less (e.g. {facet.field}:1403) to see months",
                "facet_by_year", field=facet.field, months=facet.months, limit=MAX_DATE_BUCKETS)


def facets_count_copies(matched: int, total: int, exact: bool) -> Note:
    """The note of a collapsed search with facets whose matches hold near-duplicates: a facet counts every
    matching document, as ``matched`` does, while ``total`` counts each group once (new user 8: «550 results»
    beside «farsnews 561»).  Counting groups per facet value would mean each match's group for every value,
    over every match: the facets count documents, as Elasticsearch's aggregations beside a collapsed search do,
    and say so.  ``exact``: ``total`` is exact (else the number collapsed is not known and not given)."""
    hidden = (f": {matched - total:,} of the {matched:,} matches are near-duplicates the results collapse"
              if exact else ", which the results collapse")
    return Note(f"the facet counts count every matching document, near-duplicates included{hidden} (--no-collapse, "
                "or collapse=0 over HTTP, lists them all)", "facets_count_copies",
                hidden=matched - total if exact else None, matched=matched)


NO_DATES = Note("no document in this index has a date, so date: filters match nothing", "no_dates")
"""The note of a search with a ``date:`` filter that found nothing because no document is dated."""


def no_sort_values(sort) -> Note:
    """The note of a page sorted by a field (``sort``: a :class:`kavosh.query.sort.SortSpec`) on which no hit
    has a value: documents without one come after every valued one, in document id order, so the page is
    in id order and the sort did nothing visible (a new user's ``--sort date:desc`` over undated
    documents printed "sorted by date:desc" above hits in id order, silently)."""
    what = "a date" if sort.field == "date" else f"a {sort.field} value"
    return Note(f"sorted by {sort}: no result on this page has {what}; results without one come last, in "
                "document id order", "no_sort_values", sort=str(sort), field=sort.field)


FEW_DATED_SHARE = 0.1
"""Below this share of dated documents, a date filter that found nothing says how many are dated."""


def few_dates(dated: int, documents: int) -> Note:
    """The note of a search with a ``date:`` filter that found nothing in an index where few documents
    (``dated`` of ``documents``) have a date: the filter is not wrong, the dates are missing."""
    return Note(f"only {dated:,} of {documents:,} documents in this index have a date; date: filters "
                "look at those alone", "few_dates", dated=dated, documents=documents)


def dated_documents(searcher) -> int:
    """How many documents of the searcher's commit have a date (days since 1970 in ``DATE_DAYS``)."""
    import tantivy

    q = tantivy.Query.range_query(_SCHEMA, S.DATE_DAYS, tantivy.FieldType.Integer, -(10 ** 8), 10 ** 8)
    return searcher.search(q, limit=1, count=True).count or 0


_SCHEMA = S.build_schema()


def present(plan: QueryPlan, found: Retrieved, analyzer: Analyzer, snippets: bool = True) -> SearchResults:
    """The :class:`SearchResults` of a plan and its retrieved page.

    Args:
        plan: the plan that ran.
        found: its page (:func:`kavosh.search.execute.execute`).
        analyzer: the index's analyzer (to place highlights on the original text).
        snippets: compute highlighted titles and snippets (off for evaluation runs).
    Returns:
        :class:`SearchResults` (``took_ms`` 0: the caller times the whole path).
    """
    is_match = matcher(plan)
    n_terms = wanted_terms(plan)
    places = anchors(plan) if snippets and found.hits else None  # no hit, no snippet: nothing to compile
    compile_anchors(places, analyzer, is_match)
    core = getattr(found, "core", None)
    placing = terms_of(plan) if snippets and core is not None else None
    hits = []
    for h in found.hits:
        doc, stored = found.stored.read(h.address, text=False)
        title = stored.get("title", "")
        text = _stored_text(doc, stored) if snippets else ""
        tokens = found.stored.checkpoints(h.address) if placing else None
        positions = hit_positions(core, h.address, placing) if tokens else None
        hits.append(Hit(
            rank=h.rank, id=doc.get_first(S.ID), score=h.score, title=display_text(title),
            url=stored.get("url", ""), date=stored.get("date", ""),
            title_segments=_title_segments(title, analyzer, is_match) if snippets else [],
            snippet=_snippet(text, analyzer, is_match, n_terms, (h.explain or {}).get("window"), places,
                             (tokens, positions) if positions is not None else None)
            if snippets else [],
            fields=stored.get("fields", {}), date_display=shown_date(stored.get("date", "")),
            group=format_group(h.group) if h.group is not None else "", similar=h.similar, explain=h.explain))
    notes = list(plan.notes)
    notes += [by_year_note(f) for f in found.facets if getattr(f, "months", 0)]
    if found.facets and found.collapsed and found.matched > found.total:
        notes.append(facets_count_copies(found.matched, found.total, found.total_exact
                                         and not getattr(found, "total_lower_bound", False)))
    if plan.sort is not None and hits and not any(
            (h.date if plan.sort.field == "date" else h.fields.get(plan.sort.field) is not None) for h in hits):
        notes.append(no_sort_values(plan.sort))
    if plan.date_filters and found.total == 0:
        dated, documents = dated_documents(found.searcher), found.searcher.num_docs
        if dated == 0:
            notes.append(NO_DATES)
        elif dated < FEW_DATED_SHARE * documents:
            notes.append(few_dates(dated, documents))
    return SearchResults(query=plan.query, total=found.total, total_exact=found.total_exact,
                         total_lower_bound=getattr(found, "total_lower_bound", False),
                         matched=found.matched, collapsed=found.collapsed,
                         group=format_group(plan.group) if plan.group is not None else None, hits=hits,
                         took_ms=0.0, notes=notes, offset=plan.offset, limit=plan.limit,
                         rewritten=plan.rewritten, suggestion=plan.suggestion, rewrite_kind=plan.rewrite_kind,
                         facets=[f.to_dict() for f in found.facets],
                         filters=[("-" if f.exclude else "") + f.text for f in plan.filters]
                         + [("-" if d.occur == Occur.MUST_NOT else "") + d.text for d in plan.date_filters],
                         sort=str(plan.sort) if plan.sort is not None else None)
