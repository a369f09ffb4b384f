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

The core always counts (the collapsed total, :func:`kavosh.search.collapse.query_total`); it ranks
the page too when the query matches at least :data:`CORE_MIN_MATCHES` documents (that count is made
anyway), else tantivy-py ranks, except when the leaves' document frequencies already say the query
matches fewer: then one scoring pass in the core (``TopSnapshot.ranked_count``) ranks exhaustively as
tantivy-py would (the same scores, bit for bit), counts, and counts every matching group's documents
(the shown groups' "N similar", :func:`kavosh.search.collapse.shown_counts`), walking the matches once
instead of three times.  Exhaustive scoring costs in proportion to the matches; block-max
WAND skips most of them but pays a fixed cost per segment and for each phrase leaf, so it wins only
on long posting lists.  Measured (thread CPU, top 60, the 200 queries of ``benchmarks/scale.py``,
``docs/benchmarks.md``): on 100k generated documents tantivy-py won below 20,000 matches (5,000–20,000:
p50 0.32 against 0.36 ms), they were even at 20,000–50,000 (0.74 against 0.65) and the core won above
(50,000–100,000: 1.63 against 1.23); on 1M documents the core won from 5,000 matches and halved the
cost above 300,000 (14.4 against 7.0 ms).  On Hamshahri (5,375 documents) and news x10 (40,000) it
had lost at every query measured (0.26–0.41 against 0.21 ms).

The core's reader and tantivy-py's see the same commit, exactly (:func:`current_searcher`): both
reload only when told (tantivy-py's reader is switched to manual reloads), and both are reloaded
together when tantivy's ``meta.json`` (which every commit and every merge replaces) differs from the
one they last loaded, between two reads of that file that agree; the core's snapshot is then checked
against the file's segments and delete opstamps.  A search gets the core only with the searcher it
was pinned with; any other searcher runs on tantivy-py.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import tantivy

from ..analysis.marks import is_surface_term
from ..analysis.normalize import compiled_extension
from ..index import schema as S
from .ranking import EXACT_PHRASE_BOOST, SURFACE_BOOST, _fields, proximity_terms

RANK_IN_CORE = True
"""Whether :meth:`FastSearch.search` may rank in the core (off: it returns ``None`` and tantivy-py
ranks every query).  Tests run it both ways."""
CORE_MIN_MATCHES = 20_000
"""A query matching fewer documents than this is ranked by tantivy-py, which is cheaper there (see
the module text); tests set it to 0 to rank every covered query in the core."""

STOP_COUNT = True
"""Whether :meth:`FastSearch.counts` stops counting once ``max(TRACK_TOTAL, CORE_MIN_MATCHES)`` matches are
counted (``TopSnapshot.count``'s ``stop``), as Elasticsearch counts only up to ``track_total_hits``: the
collapsed total is reported as a lower bound past :data:`kavosh.search.collapse.TRACK_TOTAL` matches anyway,
and the ranking needs to know only whether :data:`CORE_MIN_MATCHES` are reached.  The matches are then a
lower bound too (the count so far or a term's document frequency, less deleted documents); a 10-word
question of common words matched 550k-950k of 1M documents, 5-8 ms of thread CPU counted in full.  Off:
every match counted (the totals of the earlier releases)."""

_LOCK = threading.Lock()
RETRIES = 5
"""Reloads tried while commits keep replacing ``meta.json`` before :func:`current_searcher` gives up
pinning (it then returns tantivy-py's latest searcher, searched without the core)."""


class _Pinned:
    """The readers of one opened index and the commit they were last loaded at (see the module text)."""

    def __init__(self, opened) -> None:
        opened.index.config_reader("manual")  # reloaded by current_searcher and the writer's commit only
        self.meta = os.path.join(str(opened.path), "meta.json")
        """tantivy's ``meta.json`` of the index (its path as a string)."""
        self.lock = threading.Lock()
        self.current: tuple[bytes, tantivy.Searcher, object] | None = None
        """``(meta.json's bytes, tantivy-py's searcher, the core's TopSnapshot or None)`` of the commit
        pinned last, replaced whole (read without the lock)."""
        self.core = None
        if getattr(opened, "manifest", None) is not None:
            return  # a sharded index's view: tantivy-py alone (the core does not search it)
        core = compiled_extension()
        cls = getattr(core, "TopSearcher", None) if core is not None else None
        if cls is not None:
            try:
                self.core = cls(str(Path(opened.path).resolve()))
            except OSError:  # not readable by the tantivy crate: tantivy-py only
                self.core = None


def _pinned(opened) -> _Pinned:
    pin = opened.__dict__.get("_pinned")
    if pin is not None:
        return pin
    with _LOCK:
        pin = opened.__dict__.get("_pinned")
        if pin is None:
            pin = opened.__dict__["_pinned"] = _Pinned(opened)
    return pin


def _read(meta: str) -> bytes | None:
    """The bytes of the file ``meta`` (``None`` when it cannot be read): plain system calls, as this
    runs on every search (about a third of ``Path.read_bytes``'s cost)."""
    try:
        fd = os.open(meta, os.O_RDONLY)
    except OSError:
        return None
    try:
        parts = []
        while chunk := os.read(fd, 1 << 16):
            parts.append(chunk)
        return b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def commit_of(meta: bytes) -> list[tuple[str, int | None]]:
    """The segments of tantivy's ``meta.json`` (its bytes) as ``TopSnapshot.commit()`` lists them:
    ``[(segment id without hyphens, deletes' opstamp or None)]``."""
    return [(seg["segment_id"].replace("-", ""), (seg.get("deletes") or {}).get("opstamp"))
            for seg in json.loads(meta)["segments"]]


def current_searcher(opened) -> tantivy.Searcher:
    """The searcher of the last commit of ``opened`` (a :class:`kavosh.index.store.OpenedIndex`): the same
    object while no commit or merge lands, so that :func:`fast_search` knows the core's snapshot of it.

    Reads tantivy's ``meta.json`` (a few KB) on every call; when it differs from the one loaded last,
    reloads tantivy-py's reader and the core's, and keeps them when a second read of the file agrees
    with the first (the file is replaced whole, and never twice the same: new segment ids or a higher
    opstamp).  After the first call the index's tantivy-py reader reloads only when told.  When commits
    keep landing (or a reload fails) :data:`RETRIES` times, tantivy-py's latest searcher is returned
    unpinned (searched without the core).  A sharded index's view (its own ``meta.json``, replaced by every
    commit: :func:`kavosh.index.shards.write_view`) is followed in the same way, without the core (which
    does not search it)."""
    pin = _pinned(opened)
    meta = pin.meta
    now = _read(meta)
    with pin.lock:
        for _ in range(RETRIES):
            if now is not None and pin.current is not None and now == pin.current[0]:
                return pin.current[1]
            try:
                opened.index.reload()
                if pin.core is not None:
                    pin.core.reload()
            except (ValueError, OSError):  # a writer in another process removed a merged segment's files
                now = _read(meta)
                continue
            searcher = opened.index.searcher()
            snapshot = pin.core.snapshot() if pin.core is not None else None
            after = _read(meta)
            if now is not None and after == now:
                if snapshot is not None and (snapshot.commit() != commit_of(now)
                                             or snapshot.shape != (searcher.num_segments, searcher.num_docs)):
                    snapshot = None  # never expected: tantivy-py only for this commit
                pin.current = (now, searcher, snapshot)
                return searcher
            now = after
        pin.current = None
        return opened.index.searcher()


def _boosts(*boosts: float) -> list[float]:
    """Boosts as :func:`kavosh.search.ranking._boosted` applies them (1.0 is no boost query at all)."""
    return [b for b in boosts if b != 1.0]


def flat_leaves(plan, phrase: bool = True) -> list[tuple[str, list[tuple[int, str]], list[float]]] | None:
    """The leaves of :func:`kavosh.search.ranking.build_query`'s query for ``plan``, as
    ``(field, [(offset, term)], [boost, ...])`` (a term for one term, an exact phrase for more; boosts
    innermost first), when that query is one flat union of term and phrase leaves: every clause
    optional and a term or phrase, no date filter, no field filter, no bracketed group.  ``None``
    otherwise (the caller runs tantivy-py).  ``phrase=False``: without the exact-phrase bonus's leaf
    (``build_query(..., bonus=False)``'s query: the bonus is rescored, :mod:`kavosh.search.rescore`)."""
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
                own = SURFACE_BOOST if is_surface_term(str(terms[0][1])) else 1.0  # ␖میرسم: add_surface
                out.append((fld, [(int(o), str(t)) for o, t in terms], _boosts(own, boost, cboost)))
    seq = proximity_terms(plan)
    if phrase and len(seq) >= 2:
        out.append((S.BODY_TERMS, list(enumerate(seq)), [EXACT_PHRASE_BOOST]))
    return out


class FastSearch:
    """The top-k search and counts of one flat plan on one commit (see the module text).

    ``search`` returns ``None`` when :data:`RANK_IN_CORE` is off or the plan matches fewer than
    :data:`CORE_MIN_MATCHES` documents; the caller then ranks on tantivy-py.
    Made only for a searcher paired with the core's snapshot (:func:`fast_search`)."""

    def __init__(self, snapshot, leaves: list, bare: list | None = None,
                 searcher: tantivy.Searcher | None = None) -> None:
        self._core = snapshot
        self._leaves = leaves
        self._bare = bare  # the leaves without the exact-phrase bonus's (flat_leaves(plan, False)), or None
        self._searcher = searcher  # for the index's joiners (the collapsed total's bound), or None
        self._counts: tuple[int, int, bool] | None = None
        self._exact = True  # the matches of _counts counted to the end (not stopped: STOP_COUNT)
        self._all: int | None = None  # every match counted, when asked after a stopped count
        self._groups = None  # the core's GroupCounts of every matching group, when the one pass ran

    def search(self, limit: int, count: bool = False) -> tuple[list[tuple[float, tantivy.DocAddress]], int | None] | None:
        """The first ``limit`` hits ``[(score, address)]`` (ties by address) and, with ``count``, the
        number of matches; ``None`` when :data:`RANK_IN_CORE` is off or the plan matches fewer than
        :data:`CORE_MIN_MATCHES` documents (tantivy-py ranks).  Counts the matches first (once:
        :meth:`counts`, which the collapsed total needs anyway).

        When the plan surely matches fewer than :data:`CORE_MIN_MATCHES` documents (its leaves' document
        frequencies say so), the first call ranks, counts and counts every matching group in one scoring
        pass instead (``TopSnapshot.ranked_count``: tantivy's scores for the same leaves, so the hits
        tantivy-py's search gives, to the last bit of each score): the matches are walked once, not three
        times (tantivy-py's search, :meth:`counts`, and the shown groups' aggregation,
        :func:`kavosh.search.collapse.group_counts`; news x10: ``docs/benchmarks.md``)."""
        if not RANK_IN_CORE:
            return None
        if self._counts is None and CORE_MIN_MATCHES > 0:
            from .collapse import TRACK_TOTAL  # collapse imports this module's callers

            got = self._core.ranked_count(self._leaves, limit, S.DUP_GROUP, TRACK_TOTAL, CORE_MIN_MATCHES - 1)
            if got is not None:
                found, self._counts, self._groups = got
                hits = [(score, tantivy.DocAddress(seg, doc)) for score, seg, doc in found]
                return hits, (self._counts[0] if count else None)
        matched = self.counts()[0]
        if matched < CORE_MIN_MATCHES:
            return None
        got = self._core.top(self._leaves, limit)
        hits = [(score, tantivy.DocAddress(seg, doc)) for score, seg, doc in got]
        return hits, (matched if count else None)

    def counts(self, limit: int | None = None) -> tuple[int, int, bool] | None:
        """``(matches, distinct results among the first limit matches in index order, every match
        looked at)``; a result is a near-duplicate group, or a match without one.  ``limit`` defaults to
        :data:`kavosh.search.collapse.TRACK_TOTAL`.  Counted once (no scoring); with :data:`STOP_COUNT`
        the count stops past ``max(limit, CORE_MIN_MATCHES)`` matches, and then the matches are a lower
        bound (:attr:`matched_exact` false; the third value is false too).  When a term's document
        frequency (less deleted documents) already reaches that and ``limit`` plus the index's joiners
        (so that :func:`kavosh.search.collapse.lower_bound` of the matches is at least ``limit``, more than
        any count of the first ``limit`` matches' groups), nothing is walked: the matches are that
        frequency and the distinct results 0 (not counted)."""
        if self._counts is None:
            from .collapse import TRACK_TOTAL  # collapse imports this module's callers

            limit = TRACK_TOTAL if limit is None else limit
            stop = max(limit, CORE_MIN_MATCHES) if STOP_COUNT else None
            # the total's bound (matches less the index's joiners) beats any count of the first `limit`:
            # then a term's document frequency is enough, and nothing is walked
            enough = (max(stop, limit + self._searcher.doc_freq(S.DUP_JOINED, 1))
                      if stop is not None and self._searcher is not None else None)
            matched, results, every, self._exact = self._core.count(self._leaves, S.DUP_GROUP, limit, stop, enough)
            self._counts = (matched, results, every)
        return self._counts

    @property
    def matched_exact(self) -> bool:
        """Whether the matches :meth:`counts` gave (and :meth:`search` returned) are exact, not a lower
        bound of a count that stopped early (:data:`STOP_COUNT`)."""
        return self._exact

    def exact_matches(self) -> int:
        """The matches counted to the end (counted again, without stopping, when :meth:`counts` stopped:
        a collapsing window as deep as the lower bound needs to know whether it saw every match); what
        :meth:`counts` reports does not change, so the total stays the same on every page."""
        if self._exact:
            return self.counts()[0]
        if self._all is None:
            self._all = self._core.count(self._leaves, S.DUP_GROUP, 0, None)[0]
        return self._all

    def ranks_in_core(self, searcher: tantivy.Searcher) -> bool:
        """Whether :meth:`search` ranks by block-max WAND in the core (``TopSnapshot.top``): :data:`RANK_IN_CORE`
        on and the plan matches at least :data:`CORE_MIN_MATCHES` documents.  Counts (:meth:`counts`, which
        :meth:`search` then reuses) only when the leaves' document frequencies (:func:`match_bound`, read
        through ``searcher``, the snapshot's commit) allow that many; else :meth:`search`'s one scoring pass
        is left as it was."""
        if not RANK_IN_CORE:
            return False
        if CORE_MIN_MATCHES > 0 and match_bound(searcher, self._leaves) < CORE_MIN_MATCHES:
            return False
        return self.counts()[0] >= CORE_MIN_MATCHES

    def without_bonus(self) -> FastSearch | None:
        """The same search without the exact-phrase bonus's leaf (the same matches: its counts are shared),
        or ``None`` when it was made without those leaves (:func:`fast_search`)."""
        if self._bare is None:
            return None
        bare = FastSearch(self._core, self._bare, None, self._searcher)
        bare._counts = self._counts
        if bare._counts is None:  # counted by whichever asks first, for both
            bare._counts = self.counts()
        bare._exact = self._exact  # a count that stopped (STOP_COUNT) is a bound for both
        return bare

    def group_matches(self, groups: list[int]) -> list[int]:
        """The matching live documents of each of ``groups`` (``TopSnapshot.group_matches``: each group's
        documents read from its postings, the leaves checked at those only; the same counts as
        :func:`kavosh.search.collapse.group_counts`'s aggregation, whose cost is a seek of the whole union
        of the leaves to each of those documents)."""
        return self._core.group_matches(self._leaves, S.DUP_GROUP, groups)

    def group_counts(self, groups: list[int]) -> dict[int, int] | None:
        """Each of ``groups``' matching documents (``{group: count}``), when :meth:`search` ran the one
        pass (which counted every matching group), else ``None``."""
        if self._groups is None:
            return None
        return dict(zip(groups, self._groups.get(groups), strict=True))


def match_bound(searcher: tantivy.Searcher, leaves: list) -> int:
    """An upper bound of the documents ``leaves`` (:func:`flat_leaves`) match, as the core's
    ``Snapshot::match_bound`` computes it (``rust/kavosh-index/src/pass.rs``): the sum of a term leaf's
    document frequency and, for a phrase leaf none of whose terms is a term leaf of its field, the smallest
    of its terms' (deleted documents included)."""
    single = {(f, ts[0][1]) for f, ts, _ in leaves if len(ts) == 1}
    bound = 0
    for f, ts, _ in leaves:
        if len(ts) > 1 and any((f, t) in single for _, t in ts):
            continue
        bound += min((searcher.doc_freq(f, t) for _, t in ts), default=0)
    return bound


def pinned_snapshot(opened, searcher: tantivy.Searcher):
    """The core's ``TopSnapshot`` of ``searcher``'s commit when ``searcher`` is the one :func:`current_searcher`
    pinned last with one, else ``None`` (a sharded view, an older searcher, no core)."""
    if getattr(opened, "manifest", None) is not None:
        return None
    pin = opened.__dict__.get("_pinned")
    current = pin.current if pin is not None else None
    return current[2] if current is not None and current[1] is searcher else None


def fast_search(opened, plan, searcher: tantivy.Searcher, phrase: bool = True) -> FastSearch | None:
    """A :class:`FastSearch` of ``plan`` on ``searcher`` when the core covers it and ``searcher`` is the one
    :func:`current_searcher` pinned last (the core's snapshot is of its commit), else ``None``; ``phrase``:
    as :func:`flat_leaves`'s."""
    if getattr(opened, "manifest", None) is not None or getattr(plan, "group", None) is not None:
        return None
    pin = opened.__dict__.get("_pinned")
    current = pin.current if pin is not None else None
    if current is None or current[1] is not searcher or current[2] is None:
        return None  # a searcher not from current_searcher (or an older one): tantivy-py
    snapshot = current[2]
    leaves = flat_leaves(plan, phrase)
    if leaves is None:
        return None
    bare = flat_leaves(plan, False) if phrase and len(proximity_terms(plan)) >= 2 else None
    return FastSearch(snapshot, leaves, bare, searcher)
