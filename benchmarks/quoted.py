"""The cost of ranking a quoted phrase's words as written first (kavosh.search.exact).

Runs each Hamshahri topic's first two words quoted (``"a b"``) and plain, three passes, through
``kavosh.Index.search`` with snippets, and prints the thread CPU time per query (p50, p90).

``--windows 30 100``: the same queries with each window of the as-written re-ordering
(``kavosh.search.exact.WINDOW``), alternating window by window within each pass (a paired A/B in one
process), instead of the plain queries.

Usage::

    python benchmarks/quoted.py INDEX [--queries ../shared/data/hamshahri/queries.jsonl] [--windows 30 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import kavosh

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def main() -> None:
    """Print the thread CPU p50/p90 of quoted and plain two-word queries."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("index")
    p.add_argument("--queries", default=str(DATA / "hamshahri" / "queries.jsonl"))
    p.add_argument("--windows", type=int, nargs="+", help="compare these as-written windows (quoted queries only)")
    args = p.parse_args()
    ix = kavosh.Index(args.index, create=False)
    texts = [json.loads(line)["text"] for line in open(args.queries, encoding="utf-8")]
    quoted = ['"' + " ".join(t.split()[:2]) + '"' for t in texts if len(t.split()) >= 2]
    for q in quoted[:3]:
        ix.search(q)
    if args.windows:
        compare_windows(ix, quoted, args.windows)
        return
    for name, batch in (("quoted", quoted), ("plain", [q.strip('"') for q in quoted])):
        times = []
        for _ in range(3):
            for q in batch:
                t = time.thread_time()
                ix.search(q, snippets=True)
                times.append(time.thread_time() - t)
        times.sort()
        print(f"{name}: {len(batch)} queries x 3, thread CPU p50 {statistics.median(times) * 1e3:.2f} ms, "
              f"p90 {times[int(0.9 * len(times))] * 1e3:.2f} ms")


def compare_windows(ix, quoted: list[str], windows: list[int]) -> None:
    """Thread CPU of each quoted query under each window, the windows alternating query by query (the order
    turned each pass); prints p50/p90 per window, the median per-query ratio to the first window, and how many
    queries' first ten ids differ from the first window's."""
    from kavosh.search import collapse, exact

    def set_window(w: int) -> None:
        exact.WINDOW = collapse.WINDOW = w

    times: dict[int, list[float]] = {w: [] for w in windows}
    pairs: list[list[float]] = []
    firsts: dict[int, dict[str, list[str]]] = {w: {} for w in windows}
    for r in range(3):
        for i, q in enumerate(quoted):
            row = {}
            for w in (windows if (i + r) % 2 == 0 else windows[::-1]):
                set_window(w)
                t = time.thread_time()
                res = ix.search(q, snippets=True)
                row[w] = time.thread_time() - t
                times[w].append(row[w])
                firsts[w][q] = [h.id for h in res.hits]
            pairs.append([row[w] for w in windows])
    set_window(exact.WINDOW_DEFAULT if hasattr(exact, "WINDOW_DEFAULT") else windows[0])
    for k, w in enumerate(windows):
        xs = sorted(times[w])
        ratio = statistics.median(p[k] / p[0] for p in pairs if p[0] > 0)
        moved = sum(1 for q in quoted if firsts[w][q] != firsts[windows[0]][q])
        print(f"window {w}: {len(quoted)} quoted queries x 3, thread CPU p50 {statistics.median(xs) * 1e3:.2f} ms, "
              f"p90 {xs[int(0.9 * len(xs))] * 1e3:.2f} ms; per-query ratio to window {windows[0]} {ratio:.3f}; "
              f"first page differs for {moved} queries")


if __name__ == "__main__":
    main()
