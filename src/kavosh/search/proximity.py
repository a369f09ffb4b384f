"""The ranked list as a pure function of the corpus and the query: a proximity bonus computed
by Kavosh for the first hits, and equal scores ordered by document id.

**Proximity.**  Documents where the query's terms stand close together rank higher: the
unordered-window feature of the sequential dependence model (Metzler & Croft, "A Markov random
field model for term dependencies", SIGIR 2005), here over all of the query's distinct terms
(:func:`kavosh.search.ranking.proximity_terms`) at once: the number of *minimal covers* — spans of
positions holding every term, no shorter span inside holding them all (Clarke, Cormack &
Tudhope, "Relevance ranking for one to three term queries", IPM 36(2), 2000) — at most
``WIDTH_PER_TERM × n`` positions wide for ``n`` terms, counted in the title and in the text
(never across the two).  A document with ``f`` such covers gets
``BOOST × Σ idf(t) × f (k1 + 1) / (f + k1)`` (BM25's idf and saturation, k1 = 1.2, as tantivy
scores a phrase) added to its score.

tantivy's sloppy phrase query, which computed this before, matches depending on the order of
the terms' posting lists, which tantivy sorts by their length *in each segment* (tantivy issues
#1934 and #2580): the same corpus indexed with other threads or commit sizes gave a document
the bonus in one build and not in another.  Here the positions come from analysing the stored
title and text with the index's analyzer (:meth:`kavosh.analysis.analyzer.Analyzer.index_text`:
the very terms and positions the index holds), so the bonus depends on the document and the query
alone.

Only the first :data:`WINDOW` ranked hits are re-ranked: measured on the dev sets, adding the
bonus to the top 10 gives the relevance of adding it to every match (``docs/benchmarks.md``),
and hits below keep their order, so pages line up.

**Ties.**  tantivy orders equal scores by segment and address, which change with the segment
layout; :func:`ranked` orders them by our document id (:func:`kavosh.index.id_key.id_order`, read from the
id's key columns: :mod:`kavosh.index.id_key`), completing a tie that crosses the end of
the fetched window first (up to :data:`MAX_TIES` documents).

Bounded cost: at most :data:`WINDOW` stored documents read and at most :data:`SCAN_CHARS`
characters of each analysed, and only for queries with two or more distinct terms; document ids
are read only for tied hits whose id keys are equal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import tantivy

from ..analysis.analyzer import STACK_MARK, Analyzer, is_stop_term, piece_terms
from ..index import schema as S
from ..analysis.normalize import TABLE
from ..index.id_key import id_order, in_id_order, read_keys  # noqa: F401 (id_order: this module's name for it)
from ..index.store import StoredReader
from .ranking import proximity_terms
from .rescore import WINDOW as RESCORE_WINDOW, add_rescore, group_restriction, window_size

WINDOW = 10
"""Ranked hits that get the proximity bonus (the rest keep their rank)."""
SCAN_CHARS = 20_000
"""Characters of a document's title and of its text looked at."""
CHARS_PER_POSITION = 12
"""Characters allowed per position when finding the stretches to analyse (:func:`regions`); a
Persian word and its space take about 6."""
MAX_OCCURRENCES = 2_000
"""Occurrences of the terms looked at in one field."""
WIDTH_PER_TERM = 3
"""A cover of ``n`` terms counts when it spans at most this many positions per term."""
BOOST = 0.25
"""Weight of the proximity bonus against BM25 (measured: ``docs/benchmarks.md``)."""
K1 = 1.2
"""BM25's term-frequency saturation, applied to the number of covers."""
MAX_TIES = 1_000
"""Documents sharing the score at the end of the fetched window that are put in id order;
beyond this, the rest of the tie keeps tantivy's order."""

Hit = tuple[float, tantivy.DocAddress]


def covers(positions: Sequence[int | None], n: int, width: int) -> int:
    """The number of minimal covers of ``n`` terms at most ``width`` positions wide.

    Args:
        positions: one entry per position of a field: the index (``0 .. n-1``) of the query term
            found there, or ``None``.
        n: the number of terms a cover must hold (fewer than 2: no covers).
        width: the widest span counted, in positions (first to last, inclusive).
    Returns:
        How many spans ``[i, j]`` hold every term such that no shorter span inside holds them
        all, with ``j - i + 1 <= width``.

    >>> covers([0, None, 1, 0, 1], 2, 3)  # [0..2] "0 _ 1", [2..3] "1 0", [3..4] "0 1"
    3
    """
    if n < 2:
        return 0
    occ = [(p, t) for p, t in enumerate(positions) if t is not None]
    seen = [0] * n
    have = left = found = 0
    for pos, term in occ:
        seen[term] += 1
        have += seen[term] == 1
        if have < n:
            continue
        while seen[occ[left][1]] > 1:  # shrink from the left while the span still holds every term
            seen[occ[left][1]] -= 1
            left += 1
        if seen[term] == 1 and pos - occ[left][0] + 1 <= width:  # minimal: both ends occur once
            found += 1
    return found


_SOURCES: dict[str, tuple[str, ...]] = {}
for _code, _rep in TABLE.items():
    if len(_rep) == 1:
        _SOURCES[_rep] = (*_SOURCES.get(_rep, ()), chr(_code))
"""For each character, the characters the char filters fold into it one for one (``ی``: ``ي``, ``ى``…)."""


def fold_for(text: str, seq: list[str]) -> str:
    """``text`` with every character the char filters fold one for one into a character of ``seq``'s
    terms replaced by it (``ي`` → ``ی`` when a term has ``ی``): the terms' spellings become
    findable, and offsets stay those of ``text`` (characters the filters delete are left alone)."""
    for ch in set("".join(seq)):
        for src in _SOURCES.get(ch, ()):
            if src in text:
                text = text.replace(src, ch)
    return text


def _positions(analyzer: Analyzer, text: str, index: dict[str, int]) -> list[int | None]:
    """``text``'s positions as the index holds them (:meth:`Analyzer.index_text`: stopwords as their
    marked terms), each the index of its term in ``index`` or ``None``."""
    terms = analyzer.index_text(text)
    if STACK_MARK in terms:  # two readings at one position (kind 3 of #14): the first the query has
        return [next((index[t] for t in piece_terms(p) if t in index), None) for p in terms.split(" ")]
    return [index.get(t) for t in terms.split(" ")] if terms else []


def regions(folded: str, seq: list[str], span: int) -> list[tuple[int, int]]:
    """Stretches of ``folded`` (a text through :func:`fold_for`; character offsets) that may hold a
    cover of every term of ``seq``: where each term occurs as a substring (a term is a word's stem
    or lemma, which its surface forms nearly always contain) within ``span`` characters, widened
    by ``span`` on both sides and merged; ``[]`` when a term does not occur at all.  Only these
    stretches are analysed, so the cost hardly grows with the document.  (A word written with a
    deleted character inside its stem, a diacritic or a half-space, is not found: its covers are
    not counted.)"""
    hits = []
    for i, term in enumerate(seq):
        at = folded.find(term)
        if at < 0:
            return []
        while at >= 0 and len(hits) < MAX_OCCURRENCES:
            hits.append((at, i))
            at = folded.find(term, at + 1)
    hits.sort()
    seen = [0] * len(seq)
    have = left = 0
    out: list[tuple[int, int]] = []
    for at, i in hits:
        seen[i] += 1
        have += seen[i] == 1
        while have == len(seq) and seen[hits[left][1]] > 1:
            seen[hits[left][1]] -= 1
            left += 1
        if have == len(seq) and at - hits[left][0] <= span:
            start, end = max(0, hits[left][0] - span), at + span
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
    return out


def _snap(text: str, start: int, end: int) -> str:
    """``text[start:end]`` widened to whole whitespace-separated words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def field_covers(analyzer: Analyzer, text: str, seq: list[str], width: int) -> int:
    """The minimal covers of ``seq`` at most ``width`` positions wide in ``text`` (its first
    :data:`SCAN_CHARS` characters), analysing only the :func:`regions` that may hold one."""
    text = text[:SCAN_CHARS]
    index = {t: i for i, t in enumerate(seq)}
    return sum(covers(_positions(analyzer, _snap(text, a, b), index), len(seq), width)
               for a, b in regions(fold_for(text, seq), seq, width * CHARS_PER_POSITION))


def proximity_bonus(searcher: tantivy.Searcher, schema: tantivy.Schema, plan, analyzer: Analyzer,
                    query: tantivy.Query,
                    stored: StoredReader | None = None) -> Callable[[list], list[float]] | None:
    """For a plan (:class:`kavosh.query.plan.QueryPlan`) with two or more distinct terms, a function
    giving each of a list of document addresses its proximity bonus (see the module text);
    ``None`` for other plans (nothing to add).

    The terms must be all of the plan's required and optional plain terms
    (:func:`kavosh.search.ranking.proximity_terms`, stopwords left out); each document's title and text are read from
    the stored document (through ``stored``, default a new reader) and analysed with
    ``analyzer`` (the index's), at most :data:`SCAN_CHARS` characters of each, only where
    :func:`regions` finds the terms close together, and only for documents that hold every term
    (:func:`holding_every`: one search of every term restricted to the addresses' groups).

    Args:
        searcher: the searcher.
        schema: the index schema.
        plan: the plan.
        analyzer: the index's analyzer.
        query: the full query the addresses were ranked by (unused since the hits holding every term
            are found by group; kept for callers).
        stored: the search's stored documents (:class:`kavosh.index.store.StoredReader`: read once and
            shared with the quoted-phrase check and presentation), or ``None`` for a new reader."""
    # stopwords count in the exact-phrase bonus (:func:`kavosh.search.ranking.phrase_bonus`), not
    # here: with them, a query of one word and a stopword read ten stored documents (p99 +30%)
    seq = [t for t in proximity_terms(plan) if not is_stop_term(t)]
    if len(seq) < 2:
        return None
    stored = stored or StoredReader(searcher)
    n_docs = max(searcher.num_docs, 1)
    idf = sum(math.log1p((n_docs - df + 0.5) / (df + 0.5))
              for df in (searcher.doc_freq(S.BODY_TERMS, t) for t in seq))
    width = WIDTH_PER_TERM * len(seq)

    every = [(tantivy.Occur.Must, tantivy.Query.term_query(schema, S.BODY_TERMS, t)) for t in seq]

    def bonus(addresses: list[tantivy.DocAddress]) -> list[float]:
        full = holding_every(searcher, schema, stored, addresses, every)
        out = []
        for addr in addresses:
            if (addr.segment_ord, addr.doc) not in full:  # a term is missing: no cover
                out.append(0.0)
                continue
            fields = stored.read(addr)[1]
            f = sum(field_covers(analyzer, fields.get(k) or "", seq, width) for k in ("title", "text"))
            out.append(BOOST * idf * f * (K1 + 1) / (f + K1) if f else 0.0)
        return out

    return bonus


def holding_every(searcher: tantivy.Searcher, schema: tantivy.Schema, stored: StoredReader,
                  addresses: list[tantivy.DocAddress], every: list[tuple]) -> set[tuple[int, int]]:
    """Which of ``addresses`` (a few: the hits to re-rank) match every clause of ``every`` (``Must``
    clauses: the terms of the bonus), as ``(segment_ord, doc)`` pairs: one search of those clauses
    restricted to the documents' near-duplicate groups (read from the group fast field; a document
    without a group by its id, read through ``stored``).  Restricting to a few groups keeps the search
    on their postings; the ranked query itself in the search (as before) built its union of every
    term's postings, the cost of a whole search (0.2 ms on Hamshahri, 0.7 ms on news ×10, per query),
    and saw only its first ``2 × len(addresses)`` hits, so a document of a longer tie could miss the
    bonus."""
    restriction = group_restriction(searcher, schema, stored, addresses)
    if restriction is None:
        return set()
    within, limit = restriction
    q = tantivy.Query.const_score_query(tantivy.Query.boolean_query([(tantivy.Occur.Must, within), *every]), 0.0)
    wanted = {(a.segment_ord, a.doc) for a in addresses}
    return {(a.segment_ord, a.doc) for _, a in searcher.search(q, limit=max(limit, 1)).hits} & wanted


def by_score_then_id(stored: StoredReader, hits: list[tuple]) -> list[tuple]:
    """``hits`` (tuples ``(score, address, ...)``: :data:`Hit` or longer) ordered by score, largest first,
    equal scores by document id (:func:`kavosh.index.id_key.id_order`), from the id's key columns
    (:func:`kavosh.index.id_key.read_keys`, one batch for every tied hit), reading a stored id only
    where two tied keys are equal.  When every tied key is distinct (ids within the key's bits), one sort by
    (score, key) gives that order (0.14 → 0.10 ms a call on news ×10's windows of copies)."""
    hits = sorted(hits, key=lambda h: -h[0])
    n = len(hits)
    tied = [k for k in range(n)
            if (k and hits[k][0] == hits[k - 1][0]) or (k + 1 < n and hits[k][0] == hits[k + 1][0])]
    if not tied:
        return hits
    keys = read_keys(stored.searcher, [hits[k][1] for k in tied])
    if None not in keys and len(set(keys)) == len(keys):  # every tied key distinct: one sort by (score, key)
        at = dict(zip(tied, keys, strict=True))
        return [hits[k] for k in sorted(range(n), key=lambda k: (-hits[k][0], at.get(k, ())))]
    runs, i = [], 0
    while i < len(hits):
        j = i + 1
        while j < len(hits) and hits[j][0] == hits[i][0]:
            j += 1
        runs.append((i, j))
        i = j
    keys = dict(zip(tied, keys, strict=True))
    out = []
    for a, b in runs:
        if b - a == 1:
            out.append(hits[a])
        else:
            out.extend(hits[k] for k in in_id_order(list(range(a, b)), [keys[k] for k in range(a, b)],
                                                    lambda k: stored.document(hits[k][1]).get_first(S.ID) or ""))
    return out


def add_bonus(stored: StoredReader, hits: list[tuple], bonus: Callable[[list], list[float]] | None) -> list[tuple]:
    """``hits`` (tuples ``(score, address, ...)`` already in :func:`by_score_then_id` order) with ``bonus``
    (:func:`proximity_bonus`'s function, or ``None``: unchanged) added to the first :data:`WINDOW` scores and
    those re-ordered by score then id; the rest keep their rank.  The tail of :func:`ranked`, shared with
    the cluster's merge of shard lists (:mod:`kavosh.cluster.serving`), whose tuples carry a group too.
    Cost: one :func:`proximity_bonus` call for at most :data:`WINDOW` addresses."""
    if bonus is None or not hits:
        return hits
    head = hits[:WINDOW]
    extra = bonus([h[1] for h in head])
    return by_score_then_id(stored, [(h[0] + b, *h[1:]) for h, b in zip(head, extra, strict=True)]) + hits[WINDOW:]


def _top(searcher: tantivy.Searcher, query: tantivy.Query, limit: int, count: bool, fast) -> tuple[list[Hit], int | None]:
    """The first ``limit`` hits of ``query`` (and the number of matches, with ``count``): through ``fast``
    (:class:`kavosh.search.topk.FastSearch`, block-max WAND) when given and it sees the commit, else tantivy-py."""
    got = fast.search(limit, count) if fast is not None else None
    if got is not None:
        return got
    if count and fast is not None:  # the core counts the matches anyway (for the collapsed total)
        res = searcher.search(query, limit=limit, count=False)
        return list(res.hits), fast.counts()[0]
    res = searcher.search(query, limit=limit, count=count)
    return list(res.hits), ((res.count or 0) if count else None)


def ranked(searcher: tantivy.Searcher, query: tantivy.Query, n: int, count: bool = False,
           bonus: Callable[[list], list[float]] | None = None,
           stored: StoredReader | None = None, shorter: bool = False, fast=None,
           rescore: Callable[[list], list[float]] | None = None) -> tuple[list[Hit], int | None]:
    """The first ``n`` hits of ``query``, equal scores in document-id order, the first
    :data:`kavosh.search.rescore.WINDOW` with ``rescore`` added and re-ordered, then the first
    :data:`WINDOW` with ``bonus`` added and re-ordered.

    Args:
        searcher: the searcher.
        query: the full query.
        n: hits wanted (at least 0).
        count: also count the matches.
        bonus: :func:`proximity_bonus`'s function, or ``None``.
        stored: where tied hits' ids are read (:class:`kavosh.index.store.StoredReader`; default a new one).
        shorter: the caller takes any prefix of the ranked list (a window to collapse: it fetches
            deeper when the prefix is too short): when the ``n``-th score is tied past ``n``, return
            the hits scored above it instead of completing the tie, if they are at least ``n // 2``
            (and :data:`WINDOW`).
        fast: the same query's top-k search in the core (:func:`kavosh.search.topk.fast_search`), or ``None``.
        rescore: the exact-phrase bonus of the first hits (:func:`kavosh.search.rescore.phrase_rescorer`'s
            function), or ``None``: the hits scoring above the first pass's ``WINDOW + 1``-th score
            (:func:`kavosh.search.rescore.window_size`) get it, whatever ``n``; when they are all the ``n``
            asked for, no tie past them is fetched.
    Returns:
        ``([(score, address)], number of matches or None)``: the same list for the same corpus and
        query, whatever its segments.
    Cost:
        one search for ``max(n, WINDOW, the rescore window) + 1`` hits; when the last score is tied past ``n`` (and
        the list is not cut short), searches twice as deep until the tie ends (at most
        :data:`MAX_TIES` more hits); one fast-field read per key column for the tied hits, a stored
        read only for tied hits with equal keys, one per re-ranked hit; ``rescore`` once for the
        rescore window's hits.
    """
    k = max(n, WINDOW if bonus is not None else 0)
    stored = stored or StoredReader(searcher)
    if k == 0:
        return [], _top(searcher, query, 1, count, fast)[1]
    floor = RESCORE_WINDOW if rescore is not None else 0  # the rescore window is the same for every n
    hits, total = _top(searcher, query, max(k, floor) + 1, count, fast)
    head = window_size(hits) if rescore is not None else 0
    if head >= k:  # every hit asked for is in the rescore window: its order is the rescored one
        return add_bonus(stored, add_rescore(stored, hits[:head], rescore, head), bonus)[:n], total
    k = max(k, floor)
    if shorter and len(hits) > k and hits[k][0] == hits[k - 1][0]:
        above = [h for h in hits if h[0] > hits[k - 1][0]]
        if len(above) >= max(k // 2, WINDOW):  # the tie crossing the end is left out whole
            hits = above
    depth = k + 1
    while len(hits) == depth and hits[-1][0] == hits[k - 1][0] and depth < k + MAX_TIES:
        depth = min(2 * depth, k + MAX_TIES)  # a tie crosses the window: fetch until it ends
        hits = _top(searcher, query, depth, False, fast)[0]
    if len(hits) > k:
        hits = [h for h in hits if h[0] >= hits[k - 1][0]]
    hits = add_bonus(stored, add_rescore(stored, by_score_then_id(stored, hits)[:k], rescore, head), bonus)
    return hits[:n], total
