"""The cost of ranking a quoted phrase's words as written first (kavosh.search.exact).

Runs each Hamshahri topic's first two words quoted (``"a b"``) and plain, three passes, through
``kavosh.Index.search`` with snippets, and prints the thread CPU time per query (p50, p90).

Usage::

    python benchmarks/quoted.py INDEX [--queries ../shared/data/hamshahri/queries.jsonl]
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
    args = p.parse_args()
    ix = kavosh.Index(args.index, create=False)
    texts = [json.loads(line)["text"] for line in open(args.queries, encoding="utf-8")]
    quoted = ['"' + " ".join(t.split()[:2]) + '"' for t in texts if len(t.split()) >= 2]
    for q in quoted[:3]:
        ix.search(q)
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


if __name__ == "__main__":
    main()
