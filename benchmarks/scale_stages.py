#!/usr/bin/env python3
"""Where a slow query's CPU goes: thread CPU per stage of ``Index.search``, and the core's top-k alone.

Run with the project's environment on an index that exists (``benchmarks/scale_corpus.py`` + ``kavosh index``)::

    python benchmarks/scale_stages.py INDEX [--queries FILE.json] [--passes 3] [--slowest 20]

The queries are ``scale_queries.py``'s (``FILE.json``, else ``queries.json`` beside the index, else
:func:`scale.fixed_queries`).  Two parts, both in thread CPU (``time.thread_time``, so other processes'
load does not count; cProfile's default wall clock does under load):

1. **Stages**: every query searched ``--passes`` times (top 10 with snippets, after a warm-up pass), each
   stage timed by wrapping the function that does it: the plan (``make_plan``), the core's count
   (``TopSnapshot.count``) and top-k (``TopSnapshot.top``), the exact-phrase rescoring
   (``add_rescore``), the proximity bonus (``add_bonus``), the shown groups' counts (``group_counts``),
   the collapsed total (``query_total``) and presentation (``present``: snippets, stored fields).  Printed:
   the median per stage of the ``--slowest`` queries by total, and their sums.
2. **The core's top-k alone**, for the queries the core ranks (at least ``CORE_MIN_MATCHES`` matches), best
   of 3 each, p50 / p90 / p99 / sum over those queries: ``top`` at the depth the rescoring window needs
   (``WINDOW + 1``), at the collapsing window's usual depth (34), over the body's leaves only (not a ranking
   Kavosh uses: the share of the title's leaves in the block-max WAND), and ``count``, in full and as a
   search makes it (:data:`kavosh.search.topk.STOP_COUNT`: stopped past ``max(10,000, CORE_MIN_MATCHES)``
   matches, or not walked when a term's document frequency suffices; a core without the stop counts in
   full on both rows).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STAGES = ("total", "plan", "count", "top", "rescore", "proximity", "group_counts", "query_total", "stored", "present")


def pct(xs: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``xs``."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def instrument(acc: dict[str, float]) -> None:
    """Wrap the stages' functions so that each adds its thread CPU (ms) to ``acc[stage]``."""
    from kavosh import engine
    from kavosh.index import store
    from kavosh.search import collapse, proximity, topk

    def wrap(mod, name: str, label: str) -> None:
        f = getattr(mod, name)

        def timed(*a, **k):
            t = time.thread_time()
            try:
                return f(*a, **k)
            finally:
                acc[label] = acc.get(label, 0.0) + (time.thread_time() - t) * 1000

        setattr(mod, name, timed)

    wrap(engine, "make_plan", "plan")
    wrap(engine, "present", "present")
    wrap(collapse, "group_counts", "group_counts")
    wrap(store.StoredReader, "document", "stored")
    wrap(collapse, "query_total", "query_total")
    wrap(proximity, "add_bonus", "proximity")
    wrap(proximity, "add_rescore", "rescore")
    search, counts = topk.FastSearch.search, topk.FastSearch.counts

    def timed_counts(self, limit=None):
        t, fresh = time.thread_time(), self._counts is None
        try:
            return counts(self, limit)
        finally:
            if fresh:
                acc["count"] = acc.get("count", 0.0) + (time.thread_time() - t) * 1000

    def timed_search(self, limit, count=False):
        t, counted = time.thread_time(), acc.get("count", 0.0)
        try:
            return search(self, limit, count)
        finally:  # a count made inside is timed apart; the one pass (ranked_count) counts as top
            inner = acc.get("count", 0.0) - counted
            acc["top"] = acc.get("top", 0.0) + (time.thread_time() - t) * 1000 - inner

    topk.FastSearch.counts, topk.FastSearch.search = timed_counts, timed_search


def stages(ix, queries: list[str], passes: int, slowest: int) -> None:
    """Part 1 (see the module text)."""
    acc: dict[str, float] = {}
    instrument(acc)
    per: dict[str, list[dict[str, float]]] = {}
    for _ in range(passes):
        for q in queries:
            acc.clear()
            t = time.thread_time()
            ix.search(q, limit=10, snippets=True)
            per.setdefault(q, []).append({**acc, "total": (time.thread_time() - t) * 1000})
    rows = sorted(((statistics.median(d["total"] for d in ds), q,
                    {s: statistics.median(d.get(s, 0.0) for d in ds) for s in STAGES}) for q, ds in per.items()),
                  reverse=True)
    totals = [r[0] for r in rows]
    print(f"{len(rows)} queries x {passes} passes, thread CPU ms: p50 {statistics.median(totals):.2f}, "
          f"p99 {pct(totals, 99):.2f}; the {slowest} slowest by stage (medians over passes):")
    print(" ".join(f"{s:>12}" for s in STAGES))
    for _, q, med in rows[:slowest]:
        print(" ".join(f"{med[s]:12.2f}" for s in STAGES), q[:50])
    sums = {s: sum(r[2][s] for r in rows[:slowest]) for s in STAGES}
    print(" ".join(f"{sums[s]:12.1f}" for s in STAGES), "sum")
    print(" ".join(f"{100 * sums[s] / sums['total']:11.0f}%" for s in STAGES), "share")


def core_alone(ix, queries: list[str]) -> None:
    """Part 2 (see the module text)."""
    from kavosh.analysis import default_analyzer
    from kavosh.index import schema as S
    from kavosh.index.stats import IndexStats
    from kavosh.query.plan import make_plan
    from kavosh.search import rescore, topk

    opened, analyzer = ix.opened, default_analyzer()
    rows = []
    for q in queries:
        searcher = topk.current_searcher(opened)
        snap = topk.pinned_snapshot(opened, searcher)
        plan = make_plan(q, analyzer, IndexStats(opened, analyzer, searcher), limit=10)
        leaves = topk.flat_leaves(plan, not rescore.rescored(plan))
        if snap is None or not leaves or snap.count(leaves, S.DUP_GROUP, 1)[0] < topk.CORE_MIN_MATCHES:
            continue
        body = [leaf for leaf in leaves if leaf[0] != S.TITLE_TERMS]

        def best(f) -> float:
            times = []
            for _ in range(3):
                t = time.thread_time()
                f()
                times.append((time.thread_time() - t) * 1000)
            return min(times)

        # the count a search makes (FastSearch.counts); a core without the stop or the skip: what it has
        stop = [max(10_000, topk.CORE_MIN_MATCHES)]
        stop.append(max(stop[0], 10_000 + searcher.doc_freq(S.DUP_JOINED, 1)))
        while stop:
            try:
                snap.count(leaves, S.DUP_GROUP, 10_000, *stop)
                break
            except TypeError:
                stop.pop()
        rows.append((best(lambda: snap.top(leaves, rescore.WINDOW + 1)), best(lambda: snap.top(leaves, 34)),
                     best(lambda: snap.top(body, rescore.WINDOW + 1)),
                     best(lambda: snap.count(leaves, S.DUP_GROUP, 10_000)),
                     best(lambda: snap.count(leaves, S.DUP_GROUP, 10_000, *stop))))
    print(f"the core alone, {len(rows)} queries of {topk.CORE_MIN_MATCHES:,} matches or more, best of 3, "
          "thread CPU ms p50 / p90 / p99 / sum:")
    for i, name in enumerate((f"top {rescore.WINDOW + 1}", "top 34", f"top {rescore.WINDOW + 1}, body leaves only",
                              "count", "count as a search makes it")):
        xs = [r[i] for r in rows]
        print(f"  {name:28s} {pct(xs, 50):6.2f} {pct(xs, 90):6.2f} {pct(xs, 99):6.2f} {sum(xs):8.1f}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description="thread CPU per stage of the scale queries, and the core's top-k alone")
    p.add_argument("index", type=Path)
    p.add_argument("--queries", type=Path, default=None, help="JSON list of queries (default: beside the index)")
    p.add_argument("--passes", type=int, default=3, help="timed passes after the warm-up pass (default 3)")
    p.add_argument("--slowest", type=int, default=20, help="slowest queries shown by stage (default 20)")
    args = p.parse_args(argv)
    import kavosh
    from scale_queries import load_queries

    ix = kavosh.Index(str(args.index), create=False)
    ok = []
    for q in load_queries(args.index, args.queries):
        try:
            ix.search(q, limit=10)
            ok.append(q)
        except Exception:  # noqa: BLE001 - scale.py's rule: refused queries are left out
            pass
    print(f"{args.index}: {ix.opened.index.searcher().num_docs:,} documents, "
          f"{ix.opened.index.searcher().num_segments} segments")
    core_alone(ix, ok)
    stages(ix, ok, args.passes, args.slowest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
