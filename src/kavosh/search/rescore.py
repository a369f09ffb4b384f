"""The exact-phrase bonus as a rescoring of the first ranked hits, not a clause scored over every match.

The ranked list's score is BM25 plus, for a document holding the query's terms as one exact phrase,
that phrase's BM25 × :data:`kavosh.search.ranking.EXACT_PHRASE_BOOST` (the ordered-window feature
of the sequential dependence model: :mod:`kavosh.search.ranking`).  As a clause of the query the
phrase was evaluated over every match: its documents found by walking its terms' intersection and
reading their positions in every segment.  For the slowest queries of ``benchmarks/scale.py`` at a
million documents (questions of 8–14 common words, in 20–95% of the documents) that walk was most of
the core's top-k.

Here the first pass ranks by the query without the phrase (the same matches:
:func:`kavosh.search.ranking.bonus_adds_no_match`), and only its first :data:`WINDOW` hits get the
phrase's score added and are re-ordered, as Elasticsearch's ``rescore`` with a ``window_size``
(Lucene's ``QueryRescorer``) does; hits below keep their first-pass order and score, so every hit
of the window still ranks above them (a bonus is never negative) and pages line up.  A document in
the window gets the very score the clause gave it (the phrase's BM25 at that document; the sum's
order may differ in the last bit); a document holding the phrase below the window gets no bonus.
Relevance on the dev sets, before and after: ``docs/benchmarks.md``.

When the bonus can make a document match (no term of the phrase is a plain clause of the query) it
stays a clause (:func:`rescorable`).  Where it is rescored: :data:`RESCORE`.

Cost: the phrase checked at :data:`WINDOW` documents only: in the core (``TopSnapshot.scores``,
``seek_danger`` at each) when the search has the core's snapshot of its commit, else one tantivy-py
search of the phrase restricted to the window's near-duplicate groups (and ids, for documents in
none), which tantivy's intersection drives from those few documents.
"""

from __future__ import annotations

from collections.abc import Callable

import tantivy

from ..index import schema as S
from ..index.store import StoredReader
from .ranking import EXACT_PHRASE_BOOST, bonus_adds_no_match, phrase_bonus, proximity_terms

WINDOW = 100
"""First-pass hits that get the exact-phrase bonus (the rest keep their rank and score)."""
RESCORE: bool | str = "core"
"""Where the bonus is rescored when it can be: ``"core"`` only for a query the core ranks by block-max WAND
(at least :data:`kavosh.search.topk.CORE_MIN_MATCHES` matches, :func:`rescored_in_core`: there the phrase leaf
enumerated in the core's top-k was a third of the slowest queries' cost at a million documents), a clause
everywhere else; ``True``: wherever it can; ``False``: always a clause (for measuring).  Not everywhere: a
document holding the whole query as a phrase but ranked below the first pass's 100 loses the bonus, and on
Hamshahri the seed article of ``tests/test_cli.py::test_persian_digits_find_ascii_digits`` («۲۰۰ هزار نفر»,
2,227 matches) left the first 50 with it; ``docs/benchmarks.md``."""


def rescorable(plan) -> bool:
    """Whether ``plan``'s exact-phrase bonus (:func:`kavosh.search.ranking.phrase_bonus`: two or more terms) can
    be rescored: it adds no match (:func:`kavosh.search.ranking.bonus_adds_no_match`), so that the query without
    it matches the same documents."""
    return len(proximity_terms(plan)) >= 2 and bonus_adds_no_match(plan)


def rescored(plan) -> bool:
    """Whether ``plan``'s exact-phrase bonus is added to the first :data:`WINDOW` hits by :func:`phrase_rescorer`
    whatever its matches (:data:`RESCORE` ``True`` and :func:`rescorable`)."""
    return RESCORE is True and rescorable(plan)


MIN_TERMS_IN_CORE = 6
"""With :data:`RESCORE` ``"core"``, the fewest terms of a phrase rescored (shorter ones stay a clause).  A
whole question of six or more words is held as one phrase by few documents, and those rank high without the
bonus; a shorter one (a headline's «يازدهمين نمايشگاه بين المللي كتاب», 252,514 matches at a million documents)
can be held by hundreds ranked below the window.  Measured on the 200 queries of ``benchmarks/scale.py`` at 1M
(``docs/benchmarks.md``, "Exact-phrase bonus at 1M, session h"): from six terms no first page changed and
nearly all the saving stayed (p99 43.9 → 30.9 ms either way); from two terms 4 pages changed."""


def rescored_in_core(plan) -> bool:
    """Whether ``plan``'s exact-phrase bonus is rescored if the core ranks its page by block-max WAND
    (:data:`RESCORE` ``"core"``, :func:`rescorable`, a phrase of at least :data:`MIN_TERMS_IN_CORE` terms;
    :meth:`kavosh.search.topk.FastSearch.ranks_in_core` tells whether the core ranks)."""
    return RESCORE == "core" and len(proximity_terms(plan)) >= MIN_TERMS_IN_CORE and rescorable(plan)


def phrase_rescorer(searcher: tantivy.Searcher, schema: tantivy.Schema, plan, stored: StoredReader,
                    snapshot=None,
                    force: bool = False) -> Callable[[list[tantivy.DocAddress]], list[float]] | None:
    """For a plan whose bonus is rescored (:func:`rescored`, or ``force`` and :func:`rescorable`: the caller
    decided, :func:`rescored_in_core`), a function giving each of a list of addresses (of ``searcher``) its
    exact-phrase bonus (0.0 when it does not hold the phrase); ``None`` otherwise.

    ``snapshot`` is the core's ``TopSnapshot`` of ``searcher``'s commit
    (:func:`kavosh.search.topk.pinned_snapshot`) or ``None``; without it the phrase is searched on tantivy-py,
    restricted to the addresses' groups (:func:`restricted_scores`)."""
    if not (rescorable(plan) if force else rescored(plan)):
        return None
    seq = proximity_terms(plan)
    if snapshot is not None:
        leaf = [(S.BODY_TERMS, list(enumerate(seq)), [EXACT_PHRASE_BOOST])]

        def in_core(addresses: list[tantivy.DocAddress]) -> list[float]:
            if not addresses:
                return []
            return snapshot.scores(leaf, [(a.segment_ord, a.doc) for a in addresses])

        return in_core
    phrase = phrase_bonus(schema, seq)[0]

    def on_tantivy_py(addresses: list[tantivy.DocAddress]) -> list[float]:
        got = restricted_scores(searcher, schema, stored, addresses, phrase)
        return [got.get((a.segment_ord, a.doc), 0.0) for a in addresses]

    return on_tantivy_py


def group_restriction(searcher: tantivy.Searcher, schema: tantivy.Schema, stored: StoredReader,
                      addresses: list[tantivy.DocAddress]) -> tuple[tantivy.Query, int] | None:
    """A query matching the near-duplicate groups of ``addresses`` (read from the group fast field) and the
    documents among them in no group (by id, read through ``stored``), and how many documents it matches
    (a search limit that sees them all); ``None`` when there is nothing to match.  Searching a few documents'
    clauses within it keeps tantivy on their postings (:func:`restricted_scores`,
    :func:`kavosh.search.proximity.holding_every`)."""
    groups = searcher.fast_field_values(S.DUP_GROUP, addresses) if addresses else []
    kept = sorted({g for g in groups if g is not None})
    ids = sorted({stored.document(a).get_first(S.ID) for a, g in zip(addresses, groups, strict=True)
                  if g is None} - {None})
    only = ([tantivy.Query.term_query(schema, S.DUP_GROUP, g) for g in kept]
            + [tantivy.Query.term_query(schema, S.ID, i) for i in ids])
    if not only:
        return None
    within = only[0] if len(only) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in only])
    return within, sum(searcher.doc_freq(S.DUP_GROUP, g) for g in kept) + len(ids)


def restricted_scores(searcher: tantivy.Searcher, schema: tantivy.Schema, stored: StoredReader,
                      addresses: list[tantivy.DocAddress], query: tantivy.Query) -> dict[tuple[int, int], float]:
    """``query``'s score at each of ``addresses`` it matches, as ``{(segment_ord, doc): score}``: one search of
    ``query`` restricted (a zero-score filter) to the addresses' near-duplicate groups, read from the group
    fast field, and to the ids of those in no group, read through ``stored``.  The restriction's few
    documents drive tantivy's intersection (each checked by the query at that document)."""
    restriction = group_restriction(searcher, schema, stored, addresses)
    if restriction is None:
        return {}
    within, limit = restriction
    q = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                     (tantivy.Occur.Must, tantivy.Query.const_score_query(within, 0.0))])
    wanted = {(a.segment_ord, a.doc) for a in addresses}
    return {(a.segment_ord, a.doc): s for s, a in searcher.search(q, limit=max(limit, 1)).hits
            if (a.segment_ord, a.doc) in wanted}


def window_size(hits: list[tuple]) -> int:
    """How many of ``hits`` (tuples ``(score, address, ...)``, the first-pass list's head ordered by score,
    largest first, at least :data:`WINDOW` + 1 of them unless the query has fewer matches) are rescored:
    those scoring above the ``WINDOW + 1``-th score (at most :data:`WINDOW`; fewer when a tie crosses the
    window's end: the tie is left out whole, so the window never depends on the order of equal scores
    and no tie past it need be fetched), or every hit when there are at most :data:`WINDOW`."""
    if len(hits) <= WINDOW:
        return len(hits)
    below = hits[WINDOW][0]
    return sum(1 for h in hits[:WINDOW] if h[0] > below)


def add_rescore(stored: StoredReader, hits: list[tuple],
                rescore: Callable[[list], list[float]] | None, size: int) -> list[tuple]:
    """``hits`` (tuples ``(score, address, ...)``, the first-pass list's head ordered by score) with
    ``rescore``'s bonus (:func:`phrase_rescorer`'s function, or ``None``: unchanged) added to the first
    ``size`` scores (:func:`window_size`), those re-ordered by score then id
    (:func:`kavosh.search.proximity.by_score_then_id`); the rest keep their place (each scores less than every
    rescored hit's first-pass score, and a bonus is never negative)."""
    if rescore is None or not hits or size <= 0:
        return hits
    from .proximity import by_score_then_id  # proximity imports this module

    head = hits[:size]
    extra = rescore([h[1] for h in head])
    return by_score_then_id(stored, [(h[0] + b, *h[1:]) for h, b in zip(head, extra, strict=True)]) + hits[size:]
