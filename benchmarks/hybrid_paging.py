"""Hybrid paging: totals, what paging through every hybrid page reaches, and the cost of a deep page.

For each query: the lexical and hybrid totals; every hybrid page (limit 100, rising offsets) against every
lexical page (how many documents holding the query's words no hybrid page shows); then the searching
thread's CPU time (median of ``--runs`` runs after one warm-up, the query vector cached, no snippets) of a
hybrid page at each ``--offsets`` offset, of a lexical page as deep and of the first hybrid page, with
their ratios (same process).  docs/benchmarks.md, "Hybrid paging (session q)".

Usage::

    kavosh index src/kavosh/data/sample/pquad_paragraphs.jsonl.gz --index /tmp/pq --dense
    python benchmarks/hybrid_paging.py --index /tmp/pq [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# benchmarks/http.py would shadow the standard library's http (imported by usearch)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

QUERIES = ["فراموش کردن چتر در روز بارانی", "کردن", "ایران", "ایران جمعیت"]


def every_id(ix, query: str, mode: str) -> tuple[list[str], int]:
    """Ids of every page of ``query`` in ``mode`` (limit 100, rising offsets) and the last page's total."""
    ids, offset = [], 0
    while True:
        res = ix.search(query, limit=100, offset=offset, mode=mode, snippets=False)
        if not res.hits:
            return ids, res.total
        ids += [h.id for h in res.hits]
        offset += 100


def cpu_ms(ix, runs: int, **kw) -> float:
    """Median thread CPU (ms) of ``ix.search(**kw)`` over ``runs`` runs after one warm-up."""
    ix.search(**kw)
    times = []
    for _ in range(runs):
        t = time.thread_time()
        ix.search(**kw)
        times.append(time.thread_time() - t)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    import kavosh

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", required=True, help="an index with passage vectors")
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--offsets", type=int, nargs="+", default=[0, 200, 700, 100_000])
    args = p.parse_args(argv)
    ix = kavosh.Index(args.index, create=False)
    print("| query | lexical total | hybrid total (exact) | hybrid pages: ids (distinct) | lexical ids on no hybrid page |")
    print("|---|---|---|---|---|")
    for q in QUERIES:
        lexical, lexical_total = every_id(ix, q, "lexical")
        hybrid, _ = every_id(ix, q, "hybrid")
        first = ix.search(q, limit=10, mode="hybrid", snippets=False)
        print(f"| {q} | {lexical_total} | {first.total} ({str(first.total_exact).lower()}) | {len(hybrid)} "
              f"({len(set(hybrid))}) | {len(set(lexical) - set(hybrid))} |")
    print()
    print("| query | offset | hybrid hits | hybrid CPU ms | lexical CPU ms | hybrid / lexical | hybrid / its first page |")
    print("|---|---|---|---|---|---|---|")
    q = "کردن"
    first = cpu_ms(ix, args.runs, query=q, limit=100, mode="hybrid", snippets=False)
    for offset in args.offsets:
        kw = {"query": q, "limit": 100, "offset": offset, "snippets": False}
        hy, lx = cpu_ms(ix, args.runs, mode="hybrid", **kw), cpu_ms(ix, args.runs, mode="lexical", **kw)
        hits = len(ix.search(mode="hybrid", **kw).hits)
        print(f"| {q} | {offset:,} | {hits} | {hy:.2f} | {lx:.2f} | {hy / lx:.2f} | {hy / first:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
