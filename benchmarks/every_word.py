#!/usr/bin/env python3
"""Every word indexed (issue #14 kind 0): search CPU of two builds on one fixed query list.

``benchmarks/latency.py`` drops the sampled queries a build refuses, and a build that indexes
stopwords refuses none, so two builds there run different queries.  This script runs one fixed
list: the 30 Hamshahri topics, then latency.py's samples (``bench_corpora.sample_queries``, seed 7)
that are not stopwords alone, up to ``--queries``; and, apart, the first 40 samples of stopwords
alone (which only a build that indexes stopwords answers).  Each build runs in its own process
(``PYTHONPATH`` selects the code) on its own index; run them alternately, several times::

    python benchmarks/every_word.py queries --out Q.json
    PYTHONPATH=BUILD_A/src python benchmarks/every_word.py run --index INDEX_A --queries Q.json --out A1.json
    PYTHONPATH=BUILD_B/src python benchmarks/every_word.py run --index INDEX_B --queries Q.json --out B1.json

``run`` prints and writes, over ``--rounds`` rounds after one warm pass, the median over rounds
of each round's p50 / p99 / mean of the searching thread's CPU time (``time.thread_time``, ms;
top 10, no snippets); ``--stopwords`` runs the stopword-only list instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import bench_corpora as bc

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile ``p`` (0–100] of ``xs`` (as ``benchmarks/latency.py``)."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))]


def make_queries(n: int) -> dict:
    """``{"queries": [...], "stopwords": [...]}``: see the module text."""
    from kavosh.analysis import default_analyzer

    a = default_analyzer()

    def only_stopwords(q: str) -> bool:
        toks = a.analyze(q.strip('"'))
        return bool(toks) and all(a.is_stopword(t) for t in toks)

    topics = bc.load_topics(DATA / "hamshahri" / "queries.jsonl")
    docs = bc.load_beir(DATA / "hamshahri" / "corpus.jsonl.gz")
    samples = bc.sample_queries(docs, 4 * n)
    queries = topics[:n] + [q for q in samples if not only_stopwords(q)][:max(0, n - len(topics))]
    return {"queries": queries, "stopwords": [q for q in samples if only_stopwords(q)][:40]}


def run(index: Path, queries: list[str], rounds: int) -> dict:
    """Thread-CPU ms per query of ``kavosh.Index(index).search(q, limit=10, snippets=False)``."""
    import kavosh

    ix = kavosh.Index(index, create=False)

    def one_round() -> list[float]:
        cpu = []
        for q in queries:
            c0 = time.thread_time()
            try:
                ix.search(q, limit=10, snippets=False)
            except ValueError:  # a build that refuses a query: its refusal is timed
                pass
            cpu.append((time.thread_time() - c0) * 1000)
        return cpu

    one_round()  # warm
    res = [one_round() for _ in range(rounds)]
    return {"p50": statistics.median(percentile(r, 50) for r in res),
            "p99": statistics.median(percentile(r, 99) for r in res),
            "mean": statistics.median(statistics.mean(r) for r in res),
            "per_query": [statistics.median(r[i] for r in res) for i in range(len(queries))]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("queries", help="write the fixed query lists")
    q.add_argument("--out", type=Path, required=True)
    q.add_argument("--queries", type=int, default=500)
    r = sub.add_parser("run", help="time one build on its index")
    r.add_argument("--index", type=Path, required=True)
    r.add_argument("--queries", type=Path, required=True)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--rounds", type=int, default=3)
    r.add_argument("--stopwords", action="store_true", help="run the stopword-only list")
    args = p.parse_args()
    if args.cmd == "queries":
        lists = make_queries(args.queries)
        args.out.write_text(json.dumps(lists, ensure_ascii=False), encoding="utf-8")
        print(f"{len(lists['queries'])} queries, {len(lists['stopwords'])} of stopwords alone -> {args.out}")
        return
    lists = json.loads(args.queries.read_text(encoding="utf-8"))
    out = run(args.index, lists["stopwords" if args.stopwords else "queries"], args.rounds)
    args.out.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    print(f"{args.out}: thread CPU p50 {out['p50']:.3f} ms, p99 {out['p99']:.3f} ms, mean {out['mean']:.3f} ms",
          file=sys.stderr)


if __name__ == "__main__":
    main()
