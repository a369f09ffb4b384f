"""The ranked page's search in the compiled core: tantivy's block-max WAND instead of scoring every match.

tantivy-py's ``Searcher.search`` always collects through a ``MultiCollector`` (its ``TopDocs`` too),
so tantivy's pruning top-k never runs there: every match of a query is scored, and a query's cost
grows with its matches.  ``kavosh._core.TopSearcher`` (``rust/kavosh-index/src/search.rs``) opens
the same index folder with the tantivy crate of the same version, builds the query
:func:`kavosh.search.ranking.build_query` builds from the same leaves (:func:`flat_leaves`), and
collects the top ``k`` with block-max WAND (Ding & Suel, SIGIR 2011); it counts the matches, and
the distinct near-duplicate groups among them, without scoring.

It covers a plan whose clauses are all optional terms and phrases (the plain query, with its
spelling and compound alternatives, quoted phrases and the exact-phrase bonus), on one unsharded
index, without filters, dates, bracketed groups or a group restriction.  Everything else (required
or excluded words, prefixes, filters, sorting, sharded indexes, ``KAVOSH_PURE_PYTHON=1``) runs on
tantivy-py as before (:func:`fast_search` returns ``None``).  ``tests/test_topk.py`` checks that both
give the same pages (ids, order, scores within 1e-4).

The core's reader sees the commit the caller's tantivy-py searcher sees: each call passes that
searcher's shape (segments, live documents); the core reloads once when its own differs, and the
caller falls back to tantivy-py when they still differ.
"""

from __future__ import annotations

import threading
from pathlib import Path

import tantivy

from ..analysis.normalize import compiled_extension
from ..index import schema as S
from .ranking import EXACT_PHRASE_BOOST, _fields, proximity_terms

_SEARCHERS: dict[str, object] = {}
_LOCK = threading.Lock()


def _core_searcher(path: Path):
    """The process's ``kavosh._core.TopSearcher`` of the index at ``path`` (one per folder), or ``None``."""
    core = compiled_extension()
    cls = getattr(core, "TopSearcher", None) if core is not None else None
    if cls is None:
        return None
    key = str(Path(path).resolve())
    with _LOCK:
        found = _SEARCHERS.get(key)
        if found is None:
            try:
                found = _SEARCHERS[key] = cls(key)
            except OSError:
                return None
    return found


def _boosts(*boosts: float) -> list[float]:
    """Boosts as :func:`kavosh.search.ranking._boosted` applies them (1.0 is no boost query at all)."""
    return [b for b in boosts if b != 1.0]


def flat_leaves(plan) -> list[tuple[str, list[tuple[int, str]], list[float]]] | None:
    """The leaves of :func:`kavosh.search.ranking.build_query`'s query for ``plan``, as
    ``(field, [(offset, term)], [boost, ...])`` (a term for one term, an exact phrase for more; boosts
    innermost first), when that query is one flat union of term and phrase leaves: every clause
    optional and a term or phrase, no date filter, no field filter, no bracketed group.  ``None``
    otherwise (the caller runs tantivy-py)."""
    if (not plan.positive or plan.date_filters or getattr(plan, "filters", ()) or getattr(plan, "groups", ())
            or any(c.occur != "should" or c.kind not in ("term", "phrase") for c in plan.clauses)):
        return None
    weights = dict(getattr(plan, "weights", ()))
    out = []
    for c in plan.clauses:
        cboost = getattr(c, "boost", 1.0)
        main = list(zip(c.offsets, c.terms, strict=True)) if c.offsets else list(enumerate(c.terms))
        for fld, boost in _fields(c, weights):
            for terms in [main, *(list(enumerate(a)) for a in c.alternatives)]:
                if not terms:
                    return None
                out.append((fld, [(int(o), str(t)) for o, t in terms], _boosts(boost, cboost)))
    seq = proximity_terms(plan)
    if len(seq) >= 2:
        out.append((S.BODY_TERMS, list(enumerate(seq)), [EXACT_PHRASE_BOOST]))
    return out


class FastSearch:
    """The top-k search and counts of one flat plan on one commit (see the module text).

    ``search`` and ``counts`` return ``None`` when the core cannot see the searcher's commit; the
    caller then uses tantivy-py."""

    def __init__(self, core, leaves: list, searcher: tantivy.Searcher) -> None:
        self._core = core
        self._leaves = leaves
        self._shape = (searcher.num_segments, searcher.num_docs)
        self._counts: tuple[int, int, bool] | None = None

    def search(self, limit: int, count: bool = False) -> tuple[list[tuple[float, tantivy.DocAddress]], int | None] | None:
        """The first ``limit`` hits ``[(score, address)]`` (ties by address) and, with ``count``, the
        number of matches; ``None`` when the core does not see the searcher's commit."""
        got = self._core.top(self._leaves, limit, self._shape)
        if got is None:
            return None
        hits = [(score, tantivy.DocAddress(seg, doc)) for score, seg, doc in got]
        if not count:
            return hits, None
        counts = self.counts()
        return (hits, counts[0]) if counts is not None else None

    def counts(self, limit: int | None = None) -> tuple[int, int, bool] | None:
        """``(matches, distinct results among the first limit matches in index order, every match
        looked at)``; a result is a near-duplicate group, or a match without one.  ``limit`` defaults to
        :data:`kavosh.search.collapse.TRACK_TOTAL`.  Counted once (no scoring)."""
        if self._counts is None:
            from .collapse import TRACK_TOTAL  # collapse imports this module's callers

            self._counts = self._core.count(self._leaves, S.DUP_GROUP, TRACK_TOTAL if limit is None else limit,
                                            self._shape)
        return self._counts


def fast_search(opened, plan, searcher: tantivy.Searcher) -> FastSearch | None:
    """A :class:`FastSearch` of ``plan`` on ``searcher`` when the core covers it (see the module text),
    else ``None``."""
    if getattr(opened, "manifest", None) is not None or getattr(plan, "group", None) is not None:
        return None
    leaves = flat_leaves(plan)
    if leaves is None:
        return None
    core = _core_searcher(opened.path)
    return FastSearch(core, leaves, searcher) if core is not None else None
