"""Ranking: turn a plan's clauses into one tantivy query.

Score = BM25 over the body (which holds the title too) + ``TITLE_BOOST`` × BM25
over the title alone, for every clause; plus the query's terms as an exact phrase (the ordered-window
feature of the sequential dependence model of Metzler & Croft, "A Markov random field model for term
dependencies", SIGIR 2005, over the whole query), added to the first hits of the query without it by
:mod:`kavosh.search.rescore` when it adds no match, else a clause here.  Its unordered-window feature is
added to the first hits by :mod:`kavosh.search.proximity`, computed by Kavosh: tantivy's sloppy phrase query,
which computed it before, matched depending on the segment layout.  Adjacent-pair bonuses were measured and hurt
(``docs/benchmarks.md``), so there are none.  tantivy's BM25 uses k1 = 1.2, b = 0.75.
"""

from __future__ import annotations

import re

import tantivy

from ..analysis.marks import is_surface_term, surface_term
from ..index import schema as S
from ..index.fields import FIELD_PREFIX
from ..ingest.dates import to_days

TITLE_BOOST = 0.25
EXACT_PHRASE_BOOST = 0.5
SURFACE_BOOST = 0.3
"""The weight of a typed word's surface reading OR'ed into its leaf (``␖میرسم``: :func:`kavosh.query.rewrite.add_surface`),
applied inside its field's and clause's boosts (``docs/benchmarks.md``, round 3q)."""

_OCCUR = {"should": tantivy.Occur.Should, "must": tantivy.Occur.Must, "must_not": tantivy.Occur.MustNot}
"""A plan's occur values (strings: :class:`kavosh.query.parse.Occur` is a ``StrEnum``) as tantivy's."""


def _fields(clause, weights: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """The term fields a clause searches, with their weights: ``title:``/``body:`` one field, a declared
    text field (``author:``) its own ``f_author``; plain words the body, the title (weight
    ``weights["title"]``, default :data:`TITLE_BOOST`) and every declared text field given a weight
    above 0 in the index's configuration (:mod:`kavosh.index.fields`)."""
    weights = weights or {}
    if clause.field == "title":
        return [(S.TITLE_TERMS, 1.0)]
    if clause.field == "body":
        return [(S.BODY_TERMS, 1.0)]
    if clause.field is not None:
        return [(FIELD_PREFIX + clause.field, 1.0)]
    extra = [(FIELD_PREFIX + name, w) for name, w in weights.items() if name not in ("title", "body") and w > 0]
    return [(S.BODY_TERMS, weights.get("body", 1.0)), (S.TITLE_TERMS, weights.get("title", TITLE_BOOST)), *extra]


def _boosted(q: tantivy.Query, boost: float) -> tantivy.Query:
    return q if boost == 1.0 else tantivy.Query.boost_query(q, boost)


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def prefix_terms(searcher: tantivy.Searcher, fld: str, prefix: str, limit: int) -> list[str]:
    """The index terms of field ``fld`` a prefix ``prefix`` (a normalized word's start) expands to: the terms
    beginning with it and the surface readings beginning with it (``␖`` + the word as written, indexed beside
    the term of a word that is not its own term: :func:`kavosh.analysis.marks.surface_term`), the ``limit``
    most frequent of both (document frequency, then the term).  So ``اخبار*`` finds the documents writing
    ``اخبار`` (term ``خبر``, surface ``␖اخبار``) and ``اخباری``, and ``کتابها*`` those writing ``کتابهایش``: a
    prefix is of the text as written, and a word's term need not begin as the word does (a new user's
    finding: ``اشیا*``, ``اخبار*``, ``رفتیم*`` found nothing while ``اشیا`` found 22 documents)."""
    pairs = (searcher.terms_with_prefix(fld, prefix, limit=limit)
             + searcher.terms_with_prefix(fld, surface_term(prefix), limit=limit))
    return [t for t, _df in sorted(pairs, key=lambda p: (-p[1], p[0]))[:limit]]


def clause_leaves(schema: tantivy.Schema, clause, searcher: tantivy.Searcher,
                  max_prefix_terms: int = 200, weights: dict[str, float] | None = None) -> list[tantivy.Query]:
    """The leaves of one clause (a :class:`kavosh.query.plan.PlanClause`): for each field it targets
    (:func:`_fields`, with the index's ``weights``), a term or phrase query for its terms and one for each
    alternative, or the prefix's expansion (at most ``max_prefix_terms`` index terms per field); each
    boosted by its field's weight, then by the clause's own boost (``title:ایران^2``), in that order (a
    boost wrapped in a boost multiplies in the same order as :func:`clause_query`'s nesting, so each leaf
    scores exactly as there).  The clause matches a document when any leaf does."""
    leaves = []
    cboost = getattr(clause, "boost", 1.0)
    for fld, boost in _fields(clause, weights):
        if clause.kind in ("term", "phrase"):
            main = (list(zip(clause.offsets, clause.terms, strict=True)) if clause.offsets else list(clause.terms))
            qs = [tantivy.Query.term_query(schema, fld, terms[0]) if len(terms) == 1
                  else tantivy.Query.phrase_query(schema, fld, terms)
                  for terms in [main, *map(list, clause.alternatives)]]
        else:  # prefix: expand against the term dictionary, the terms and the surface readings (prefix_terms)
            expanded = prefix_terms(searcher, fld, clause.terms[0], max_prefix_terms)
            qs = [tantivy.Query.term_set_query(schema, fld, expanded) if expanded
                  else tantivy.Query.regex_query(schema, fld, re.escape(clause.terms[0]) + ".*")]
        if clause.kind != "prefix" and clause.alternatives and SURFACE_BOOST != 1.0:  # ␖میرسم weighs SURFACE_BOOST
            qs = qs[:1] + [_boosted(q, SURFACE_BOOST) if alt[:1] and is_surface_term(alt[0]) else q
                           for q, alt in zip(qs[1:], clause.alternatives, strict=True)]
        leaves += [_boosted(_boosted(q, boost), cboost) for q in qs]
    return leaves


def clause_query(schema: tantivy.Schema, clause, searcher: tantivy.Searcher,
                 max_prefix_terms: int = 200, weights: dict[str, float] | None = None) -> tantivy.Query:
    """The tantivy query of one clause (a :class:`kavosh.query.plan.PlanClause`): any of its
    :func:`clause_leaves`."""
    return _any(clause_leaves(schema, clause, searcher, max_prefix_terms, weights))


def date_query(schema: tantivy.Schema, f) -> tantivy.Query:
    """A range query over the date field (days since 1970) for a date filter's ``[f.start, f.end)``;
    documents without a date never match."""
    if f.start is None and f.end is None:
        return tantivy.Query.all_query()
    return tantivy.Query.range_query(
        schema, S.DATE_DAYS, tantivy.FieldType.Integer,
        to_days(f.start) if f.start is not None else None, to_days(f.end) if f.end is not None else None,
        include_lower=True, include_upper=f.end is None)


def proximity_terms(plan) -> list[str]:
    """The terms of the proximity bonuses: the plan's optional or required single terms on both
    fields, as typed (not rewrite variants), and its optional stopwords' marked terms
    (:attr:`kavosh.query.plan.QueryPlan.sequence`: they count in the exact phrase, never as clauses;
    :mod:`kavosh.search.proximity` leaves them out), each once, in query order, at most
    ``plan.limits.proximity_terms`` of them.  (A term repeated dozens of times made tantivy's sloppy
    phrase matching allocate gigabytes.)"""
    seq = dict.fromkeys(getattr(plan, "sequence", ()) or (
        c.terms[0] for c in plan.positive if c.kind == "term" and c.field is None and not c.derived))
    return list(seq)[:plan.limits.proximity_terms]


def phrase_bonus(schema: tantivy.Schema, seq: list[str]) -> list[tantivy.Query]:
    """The bonus clauses tantivy scores: the query's terms ``seq`` (:func:`proximity_terms`, stopwords
    included: ``او نیز آمد`` as typed) as one exact phrase, boosted by :data:`EXACT_PHRASE_BOOST`
    (none for fewer than two terms).  An exact
    phrase matches the same documents whatever the segment layout (its positions are intersected
    with each term's offset); the unordered-window feature is computed by
    :mod:`kavosh.search.proximity`, not by tantivy's sloppy phrase query."""
    if len(seq) < 2:
        return []
    return [tantivy.Query.boost_query(tantivy.Query.phrase_query(schema, S.BODY_TERMS, seq), EXACT_PHRASE_BOOST)]


def _members(schema: tantivy.Schema, plan, searcher: tantivy.Searcher) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """The plan's top-level parts: its clauses outside any bracketed group (an optional one as its
    leaves, side by side: :func:`build_query`) and each group (``plan.groups``:
    :class:`kavosh.query.plan.PlanGroup`) as one boolean query of its own members, nested the same way,
    with its ``occur``: ``ایران AND (زلزله OR سیل)`` is ``+ایران +(زلزله سیل)``."""
    weights = dict(getattr(plan, "weights", ()))
    groups = getattr(plan, "groups", ())
    top: list[tuple[tantivy.Occur, tantivy.Query]] = []
    inside: list[list[tuple[tantivy.Occur, tantivy.Query]]] = [[] for _ in groups]
    for c in plan.clauses:
        at = getattr(c, "group", None)
        into = top if at is None else inside[at]
        if c.occur == "should":  # its leaves side by side with the other optional clauses' (see build_query)
            into += [(tantivy.Occur.Should, q)
                     for q in clause_leaves(schema, c, searcher, plan.limits.prefix_expansions, weights)]
        else:
            into.append((_OCCUR[c.occur], clause_query(schema, c, searcher, plan.limits.prefix_expansions, weights)))
    for g in reversed(range(len(groups))):  # a group's own groups come after it: built before it
        parent = groups[g].parent
        (top if parent is None else inside[parent]).append(
            (_OCCUR[groups[g].occur], tantivy.Query.boolean_query(inside[g])))
    return top


def excluded(schema: tantivy.Schema, plan, searcher: tantivy.Searcher) -> list[tantivy.Query]:
    """What a hit must not match, however it was found: the plan's excluded words (``-word``) and
    excluded groups (``-(الف AND ب)``), each as one query."""
    return [q for occur, q in _members(schema, plan, searcher) if occur == tantivy.Occur.MustNot]


def bonus_adds_no_match(plan) -> bool:
    """Whether the exact-phrase bonus (:func:`phrase_bonus`) never makes a document match the plan: one of
    its terms is a plain term clause of the plan's top level (optional or required), so a document holding
    the phrase matches that clause anyway (a required clause or group elsewhere makes every optional
    part, the bonus too, add no match either).  Then :func:`build_query` with ``bonus=False`` matches the
    same documents, and is what counting them needs: a phrase query asked whether one document matches
    walks its terms' intersection on to its next match, reading positions all the way (on 1M generated
    documents, the shown groups' counts: p99 16.3 ms with the phrase, 7.4 without)."""
    seq = proximity_terms(plan)
    if len(seq) < 2:
        return True
    plain = {c.terms[0] for c in plan.clauses if getattr(c, "group", None) is None and c.occur in ("should", "must")
             and c.kind == "term" and c.field is None and len(c.terms) == 1}
    return any(t in plain for t in seq)


def build_query(schema: tantivy.Schema, plan, searcher: tantivy.Searcher, bonus: bool = True) -> tantivy.Query:
    """Combine a :class:`kavosh.query.plan.QueryPlan`'s clauses, date filters and the exact-phrase bonus
    (:func:`phrase_bonus`) into one query.

    Date filters only filter: with words in the query, a document must match the
    words (as without filters) *and* the dates; a query of filters alone matches
    every document in range; so does a query of declared-field filters alone (they are applied
    by :mod:`kavosh.search.filtering`).

    The optional clauses' leaves (:func:`clause_leaves`) stand side by side in one boolean query
    rather than each clause's in a boolean query of its own: the same documents match, each leaf
    scores the same, and tantivy merges one union of postings instead of a union of unions (each
    inner union buffers its own blocks of 4,096 documents and is then walked document by document:
    the nested form cost 1.22 ms a query against 0.53 on 100k generated documents, 2.3x, and the
    gap grows with the matches; ``docs/benchmarks.md``).  Only the order in which a document's leaf
    scores are summed changes (floating point: the last bit of a score may differ).  A bracketed group
    that changes matching is one nested boolean query (:func:`_members`).

    With ``bonus=False`` the exact-phrase bonus is left out: the query that *matches* the same documents
    when :func:`bonus_adds_no_match` says so (for counting them; the caller checks)."""
    subs = _members(schema, plan, searcher)
    if not plan.positive:  # filters alone (words only excluded, if any): every document is a candidate
        subs.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    if bonus:
        subs.extend((tantivy.Occur.Should, q) for q in phrase_bonus(schema, proximity_terms(plan)))
    filters = [(_OCCUR[f.occur], date_query(schema, f)) for f in plan.date_filters]
    if not filters:
        return tantivy.Query.boolean_query(subs)
    if plan.positive:  # a Must filter beside Should words would make the words optional
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.boolean_query(subs)), *filters])
    return tantivy.Query.boolean_query(subs + filters)
