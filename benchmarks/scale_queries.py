#!/usr/bin/env python3
"""Time ``benchmarks/scale.py``'s fixed queries on an index that already exists (no rebuild).

Run with the project's environment::

    python benchmarks/scale_queries.py INDEX [--queries FILE.json] [--passes 3] [--no-snippets]
        [--slowest 10] [--profile N] [--rank-in-core on|off|always] [--rescore on|off|core] [--json]

``INDEX`` is a Kavosh index, e.g. one that ``scale.py --keep`` kept (``.../n1000000/kavosh-index``);
its queries are ``FILE.json`` (a JSON list of strings; default: ``queries.json`` beside the index
when there, else :func:`scale.fixed_queries` from ``../shared/data``).  The measure is
``scale.py``'s: the index opened through the Python API (``kavosh.Index``), one untimed warm-up pass
of every query (queries Kavosh refuses are left out), then ``--passes`` timed passes, each query
alone, top 10 with snippets (``Index.search(q, limit=10, snippets=True)``; ``--no-snippets``
without).  Reported: p50 and p99 (nearest rank) of wall time, of the process's CPU time (what
``scale.py`` reports) and of the searching thread's CPU time (``time.thread_time``), the number
of segments, the machine's load average, and the slowest queries by thread CPU (median over passes).

``--profile N`` then runs the N slowest queries under cProfile (each 5 times) and prints the
functions by cumulative thread CPU time, to see where the time of the slow queries goes
(``benchmarks/scale_stages.py`` times the search's stages alone).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def pct(xs: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``xs``, as ``scale.py`` computes it."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def load_queries(index: Path, qfile: Path | None) -> list[str]:
    """The queries: ``qfile``, else ``queries.json`` beside the index, else scale.py's fixed set."""
    qfile = qfile or (index.parent / "queries.json")
    if qfile.is_file():
        qs = json.loads(qfile.read_text(encoding="utf-8"))
        if not isinstance(qs, list) or not all(isinstance(q, str) for q in qs):
            raise SystemExit(f"{qfile}: expected a JSON list of query strings")
        return qs
    import scale

    return scale.fixed_queries()


def run(index: Path, queries: list[str], passes: int, snippets: bool) -> dict:
    """Warm-up pass, then ``passes`` timed passes; returns the figures (see the module text)."""
    import kavosh

    ix = kavosh.Index(str(index), create=False)
    ok = []
    for q in queries:
        try:
            ix.search(q, limit=10)
            ok.append(q)
        except Exception:  # noqa: BLE001 - scale.py's rule: refused queries are left out
            pass
    ms, cpu, thread = [], [], []
    per: dict[str, list[float]] = {q: [] for q in ok}
    for _ in range(passes):
        for q in ok:
            t0, c0, h0 = time.perf_counter(), time.process_time(), time.thread_time()
            ix.search(q, limit=10, snippets=snippets)
            h = (time.thread_time() - h0) * 1000
            cpu.append((time.process_time() - c0) * 1000)
            ms.append((time.perf_counter() - t0) * 1000)
            thread.append(h)
            per[q].append(h)
    slow = sorted(((statistics.median(v), q) for q, v in per.items()), reverse=True)
    from kavosh.search import topk

    from kavosh.search import rescore

    return {"queries": len(ok), "passes": passes, "snippets": snippets, "rank_in_core": topk.RANK_IN_CORE,
            "rescore": rescore.RESCORE,
            "core_min_matches": topk.CORE_MIN_MATCHES,
            "segments": ix.opened.index.searcher().num_segments, "docs": ix.opened.index.searcher().num_docs,
            "p50_ms": statistics.median(ms), "p99_ms": pct(ms, 99),
            "cpu_p50_ms": statistics.median(cpu), "cpu_p99_ms": pct(cpu, 99),
            "thread_p50_ms": statistics.median(thread), "thread_p99_ms": pct(thread, 99),
            "load": os.getloadavg()[0], "slowest": [(round(t, 2), q) for t, q in slow], "_ix": ix}


def profile(ix, queries: list[str], snippets: bool, top: int = 40) -> str:
    """cProfile of ``queries`` (each 5 times), by cumulative thread CPU time (the default wall clock counts
    other processes' load: under load 15 it put the core's top-k at twice its CPU)."""
    prof = cProfile.Profile(time.thread_time)
    prof.enable()
    for _ in range(5):
        for q in queries:
            ix.search(q, limit=10, snippets=snippets)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description="time scale.py's fixed queries on an existing Kavosh index")
    p.add_argument("index", type=Path)
    p.add_argument("--queries", type=Path, default=None, help="JSON list of queries (default: beside the index)")
    p.add_argument("--passes", type=int, default=3, help="timed passes after the warm-up pass (default 3)")
    p.add_argument("--no-snippets", action="store_true")
    p.add_argument("--slowest", type=int, default=10, help="slowest queries listed (default 10)")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile the N slowest queries")
    p.add_argument("--rank-in-core", choices=("on", "off", "always"), default=None,
                   help="kavosh.search.topk.RANK_IN_CORE for this run: on (the core ranks queries of at least "
                        "CORE_MIN_MATCHES matches), off (never), always (CORE_MIN_MATCHES 0); default: the code's")
    p.add_argument("--rescore", choices=("on", "off", "core"), default=None,
                   help="kavosh.search.rescore.RESCORE for this run: the exact-phrase bonus added to the first "
                        "hits (on), only where the core ranks a phrase of six terms or more (core), or scored as a "
                        "clause over every match (off); default: the code's")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.rescore is not None:
        from kavosh.search import rescore

        rescore.RESCORE = {"on": True, "off": False, "core": "core"}[args.rescore]
    if args.rank_in_core is not None:
        from kavosh.search import topk

        topk.RANK_IN_CORE = args.rank_in_core != "off"
        if args.rank_in_core == "always":
            topk.CORE_MIN_MATCHES = 0
    if not (args.index / "meta.json").is_file():
        p.error(f"{args.index}: not an index folder (no meta.json)")
    if args.passes < 1:
        p.error("--passes must be at least 1")
    r = run(args.index, load_queries(args.index, args.queries), args.passes, not args.no_snippets)
    ix = r.pop("_ix")
    slowest = r["slowest"]
    r["slowest"] = slowest[:args.slowest]
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
    else:
        print(f"{r['docs']:,} documents, {r['segments']} segments; {r['queries']} queries x {r['passes']} passes, "
              f"top 10 {'with' if r['snippets'] else 'without'} snippets; RANK_IN_CORE {r['rank_in_core']} (from {r['core_min_matches']:,} matches); rescore {r['rescore']}; "
              f"load {r['load']:.1f}")
        print(f"wall p50 / p99 {r['p50_ms']:.1f} / {r['p99_ms']:.1f} ms; process CPU {r['cpu_p50_ms']:.1f} / "
              f"{r['cpu_p99_ms']:.1f} ms; thread CPU {r['thread_p50_ms']:.1f} / {r['thread_p99_ms']:.1f} ms")
        for t, q in r["slowest"]:
            print(f"  {t:7.2f} ms  {q}")
    if args.profile:
        print(profile(ix, [q for _, q in slowest[:args.profile]], not args.no_snippets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
