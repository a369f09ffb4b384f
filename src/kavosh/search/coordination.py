"""Coordination: in a plain query of several words, a document holding every word is not ranked below one
holding only one of them.

A plain query is a BM25 OR of its words (:mod:`kavosh.search.ranking`), and BM25 normalises each word's weight
by the document's length: a long article holding all four words of «بهره برداری از تونل رسالت» scored 1.37
in a small index where two-word documents holding one of them scored up to 3.87, and ranked 20th
(``tests/test_coordination.py``).  Lucene's classic similarity had a coordination factor (the share of the
query's terms a document holds) and Elasticsearch users get "every word first" with ``minimum_should_match``;
both were measured against the dev sets (``docs/benchmarks.md``, "Coordination, measured") and cost relevance:
Lucene's factor −0.043 nDCG@10 on Hamshahri and −0.029 on ParsiNLU, every word required first for queries of
2–4 words −0.047 on Hamshahri (relevant articles often leave out a common word such as «ایران»).  What is kept
is the weakest rule that gives the user what the finding asks, measured neutral on every dev set:

for a plain query of at least :data:`MIN_WORDS` content words (stopwords are not words here: they are
never clauses, so never required), the first :data:`WINDOW` ranked hits are re-ordered, stably, so that every
hit holding all the words comes before the first hit holding at most one of them; nothing else moves.  A
word counts as held when the document matches its leaf (any of its spellings: the alternatives OR'ed into
it) or a rewrite's joined or synonym clause covering it (``بهره برداری`` held as ``بهره‌برداری``).

Matching, counting and scores are unchanged (a hit keeps its score; the page's order is no longer by score
alone, as with a quoted phrase's preference, :mod:`kavosh.search.exact`, whose re-ordering mechanism this
uses: :func:`kavosh.search.exact.reorder` with this function's :data:`WINDOW`).  Queries with operators
(``OR``, ``AND``, ``+``, ``-``, ``NOT``, brackets), quoted phrases, fields, filters, prefixes or boosts are
left as they are, and so are plans whose words got a quoted or grammar-only preference (that re-ordering
takes precedence).  With 2 or 3 words the rule cost Hamshahri 0.005 nDCG@10 (two topics where a one-word
relevant document at rank 10 gave way), so it starts at 4.

Cost: for a query it applies to, first the hits up to the page's last are checked (``moves``: the words in
query order, each at the hits not yet seen to hold two): the order above the first hit holding at most one
word never changes, so when there is none the page is as BM25 ranked it and nothing more is done
(:func:`kavosh.search.collapse.page`); else the first :data:`WINDOW` hits are fetched and each word checked at
all of them (``keys``).  A word is checked in the core (``TopSnapshot.scores`` at those documents: about 13 µs
for 100) when the search has the core's snapshot, else by one tantivy-py search restricted to the hits'
near-duplicate groups (:func:`kavosh.search.rescore.group_restriction`).  Measured in thread CPU on the dev
sets' indexes: ``docs/benchmarks.md``, "Coordination, measured".
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tantivy

from ..index import schema as S
from ..index.store import StoredReader
from .ranking import clause_query
from .rescore import group_restriction
from .topk import clause_flat_leaves

MIN_WORDS = 4
"""The fewest content words of a plain query re-ordered (measured: 2–4 and 3+ cost Hamshahri 0.005 nDCG@10)."""
WINDOW = 100
"""Ranked hits re-ordered (the rest keep their rank)."""
MAX_WORDS = 64
"""At most this many words (and covering clauses) checked: the plan's terms limit."""

_OR = re.compile(r"(?<![^\s(])OR(?![^\s)])")
"""``OR`` as the parser reads the operator (:mod:`kavosh.query.parse`): ``a OR b c d`` plans as four optional
words, as ``a b c d`` does, but asks for any of them."""


def plain_words(plan) -> tuple[list, list[list[int]]] | None:
    """``(words, covers)`` of a plain query's plan: its typed content words' clauses in query order (optional
    single terms on the default fields, boost 1, not added by a rewrite) and, for each of its other clauses
    (a rewrite's joined or synonym clause: optional, on the default fields), the indexes of the typed words it
    covers (its text is theirs joined by spaces; ``[]`` when it is not found).  ``None`` when the plan is not a
    plain query of at least :data:`MIN_WORDS` words: an operator, bracketed group, quoted phrase, field,
    filter, prefix, boost or excluded word, or a word wanted as written (``surface``)."""
    if (getattr(plan, "groups", ()) or plan.date_filters or getattr(plan, "filters", ())
            or getattr(plan, "sort", None) is not None or _OR.search(plan.query or "")
            or (getattr(plan, "rewritten", None) and _OR.search(plan.rewritten))):
        return None
    words, others = [], []
    for c in plan.clauses:
        if (c.occur != "should" or c.field is not None or getattr(c, "boost", 1.0) != 1.0
                or getattr(c, "surface", ()) or getattr(c, "group", None) is not None):
            return None
        if c.derived:
            others.append(c)
        elif c.kind == "term":
            words.append(c)
        else:  # a typed phrase or prefix: not a plain query
            return None
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    texts = [c.text for c in words]
    covers = []
    for c in others[:MAX_WORDS]:
        parts = c.text.split(" ")
        at = next((i for i in range(len(texts) - len(parts) + 1) if texts[i:i + len(parts)] == parts), None)
        covers.append(list(range(at, at + len(parts))) if at is not None else [])
    return words, covers


def lifted(held: list[int], n: int) -> list[int]:
    """The re-ordering keys of hits in rank order holding ``held[i]`` of the query's ``n`` words: 1 for the hits
    ranked before the first holding at most one word and for every hit holding all ``n``, 0 for the rest, so
    that a stable sort by key, largest first, moves each hit holding every word up to just above the first
    hit holding at most one, and nothing else.

    >>> lifted([3, 4, 1, 2, 4, 1, 4], 4)
    [1, 1, 0, 0, 1, 0, 1]
    >>> lifted([4, 2, 3], 4)
    [1, 1, 1]
    """
    first = next((i for i, h in enumerate(held) if h <= 1), len(held))
    return [1 if i < first or h == n else 0 for i, h in enumerate(held)]


def coordination(searcher: tantivy.Searcher, schema: tantivy.Schema, plan, stored: StoredReader,
                 snapshot=None) -> Callable[..., list[int]] | None:
    """For a plain query of at least :data:`MIN_WORDS` words (:func:`plain_words`), a function giving each of a
    list of addresses (of ``searcher``, the first-pass hits in rank order) its re-ordering key (:func:`lifted`),
    to be applied by :func:`kavosh.search.exact.reorder` to the first :data:`WINDOW` hits (its ``window``
    attribute); ``None`` for any other plan.  ``snapshot``: the core's ``TopSnapshot`` of ``searcher``'s commit
    (:func:`kavosh.search.topk.pinned_snapshot`) or ``None`` (then tantivy-py, restricted to the hits' groups).

    ``keys`` checks the words rarest first, each at every hit (one call to the core each: about 13 µs for 100
    hits, 8 for one); once no hit holds every word checked so far, nothing moves and the rest are not checked.
    Its ``moves`` attribute tells whether a page can change (see the module text)."""
    found = plain_words(plan)
    if found is None:
        return None
    words, covers = found
    derived = [c for c in plan.clauses if c.derived][:len(covers)]
    weights = dict(getattr(plan, "weights", ()))
    n = len(words)
    order: list[int] = []  # the words rarest first (document frequency), read when keys first runs

    def rarest() -> list[int]:
        if not order:
            order.extend(sorted(range(n), key=lambda k: (searcher.doc_freq(S.BODY_TERMS, words[k].terms[0]), k)))
        return order

    leaves: dict[int, list] = {}  # a clause's leaves in the core's form, made once (id of the clause)

    def held_at(clause, addresses: list[tantivy.DocAddress], docs: list[tuple[int, int]]) -> list[bool]:
        if snapshot is not None:
            if id(clause) not in leaves:
                leaves[id(clause)] = clause_flat_leaves(clause, weights)
            return [s > 0.0 for s in snapshot.scores(leaves[id(clause)], docs)]
        return _held_on_tantivy_py(searcher, schema, plan, stored, addresses, clause, weights)

    def keys(addresses: list[tantivy.DocAddress], groups=None, enough=None) -> list[int]:
        size = len(addresses)
        if not size:
            return []
        docs = [(a.segment_ord, a.doc) for a in addresses] if snapshot is not None else []
        joined = [set() for _ in range(n)]  # the hits holding word k through a covering clause
        for c, covered in zip(derived, covers, strict=True):
            if covered:
                at = {i for i, h in enumerate(held_at(c, addresses, docs)) if h}
                for k in covered:
                    joined[k] |= at
        held = [0] * size
        every = range(size)
        for k in rarest():  # each word at every hit: one call costs about the same for 10 hits as for 100
            has = held_at(words[k], addresses, docs)
            if joined[k]:
                has = [h or i in joined[k] for i, h in enumerate(has)]
            held = [a + b for a, b in zip(held, has, strict=True)]
            every = [i for i in every if has[i]]
            if not every:
                return [0] * size  # no hit holds every word: nothing moves
        if len(every) == every[-1] + 1:
            return [0] * size  # the hits holding every word come first already
        return lifted(held, n)

    def moves(addresses: list[tantivy.DocAddress]) -> bool:
        """Whether any of ``addresses`` (the hits up to a page's last, in rank order) holds at most one word:
        only then can :func:`lifted` move a hit of the page (the hits above the first such hit stay)."""
        size = len(addresses)
        if not size:
            return False
        docs = [(a.segment_ord, a.doc) for a in addresses] if snapshot is not None else []
        held = [0] * size
        for c, covered in zip(derived, covers, strict=True):
            if len(covered) >= 2:
                held = [h + 2 * g for h, g in zip(held, held_at(c, addresses, docs), strict=True)]
        open_ = [i for i in range(size) if held[i] < 2]
        for k in range(n):  # in query order (no document frequency read): a hit is settled at two words
            if not open_:
                return False
            has = held_at(words[k], [addresses[i] for i in open_], [docs[i] for i in open_] if docs else [])
            for i, h in zip(open_, has, strict=True):
                held[i] += h
            open_ = [i for i in open_ if held[i] < 2]
        return bool(open_)

    keys.window = WINDOW
    keys.moves = moves
    return keys


def _held_on_tantivy_py(searcher: tantivy.Searcher, schema: tantivy.Schema, plan, stored: StoredReader,
                        addresses: list[tantivy.DocAddress], clause, weights: dict) -> list[bool]:
    """Whether each of ``addresses`` matches ``clause``: one search of the clause restricted (a zero-score
    filter) to the addresses' near-duplicate groups and ids (:func:`kavosh.search.rescore.group_restriction`)."""
    restriction = group_restriction(searcher, schema, stored, addresses)
    if restriction is None:
        return [False] * len(addresses)
    within, limit = restriction
    q = tantivy.Query.boolean_query([
        (tantivy.Occur.Must, clause_query(schema, clause, searcher, plan.limits.prefix_expansions, weights)),
        (tantivy.Occur.Must, tantivy.Query.const_score_query(within, 0.0))])
    got = {(a.segment_ord, a.doc) for _s, a in searcher.search(q, limit=max(limit, 1)).hits}
    return [(a.segment_ord, a.doc) in got for a in addresses]
