#!/usr/bin/env python3
"""What facet counts and filters cost: the same queries plain, with facets, and filtered, in one run.

    python benchmarks/facets.py [--queries 300] [--rounds 3] [--workdir DIR] [--json]

Corpus: news ×10 (40,000 documents: ``news/articles.jsonl.gz`` ten times,
:func:`bench_corpora.news_x10`) with the fields of the test corpus
(``tests/fields/newsfields.py``: ``category``, ``site``, ``tags`` keyword[], ``views``
number, ``published`` date, ``long_read`` bool), indexed by ``kavosh index --field …``
(kept in ``--workdir`` and reused).

Queries: word runs of 2–4 words sampled from the documents (seed 7, every other one a
phrase; :func:`bench_corpora.sample_queries`), those Kavosh accepts.

Measure: warm (one untimed pass of every query in every mode), in-process
``kavosh.engine.search`` without snippets and rewrites (``exact``), top 10, collapsed as by default; in each
round every query runs in each mode one after the other (the mode order rotating per
query), so a mode and its baseline see the same machine state:

* ``plain`` — the query;
* ``facets`` — the query with six facets (``category,site,tags,views,published,long_read``:
  top values, number ranges, Jalali years, bool);
* ``filtered`` — the query with a keyword filter (``site:"ورزش سه"``, 62% of documents kept);
* ``narrow`` — the query with a selective filter (``long_read:true``, 8% kept; these documents are
  3.9 times longer than the average, so showing them costs more);
* ``tag`` — the query with a selective filter unrelated to length (``tags:ایران``, 6% kept).

Reported per mode: median over rounds of p50 / p90 (ms, wall and the searching thread's
CPU time) and the median over queries of the per-query difference to ``plain``
(``facets − plain`` is what facet counting costs; a filter should cost ≤ 0).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_corpora as bc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "fields"))
import newsfields  # noqa: E402  (the fields of the test corpus, derived from each article)

FACETS = "category,site,tags,views,published,long_read"
MODES = {"plain": {}, "facets": {"facets": FACETS}, "filtered": {"suffix": ' site:"ورزش سه"'},
         "narrow": {"suffix": " long_read:true"}, "tag": {"suffix": " tags:ایران"}}


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile ``p`` (0–100] of ``xs``."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))]


def build(workdir: Path) -> tuple[Path, list[dict]]:
    """The news ×10 input with fields, and its index (built once with `kavosh index`)."""
    docs = bc.news_x10(newsfields.records())
    index = workdir / "index"
    if not (index / "kavosh.json").exists():
        src = workdir / "news10-fields.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kavosh", "index", str(src), "--index", str(index),
                        *newsfields.FIELDS, "-q"], check=True)
        print(f"indexed {len(docs):,} documents in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return index, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "kavosh-bench-facets")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    import kavosh
    from kavosh.engine import search
    from kavosh.query.parse import QuerySyntaxError

    index, docs = build(args.workdir)
    ix = kavosh.Index(index, create=False)
    opened, analyzer = ix.opened, ix.analyzer
    analyzer.warm()

    def run(q: str, mode: str):
        m = MODES[mode]
        return search(opened, analyzer, q + m.get("suffix", ""), snippets=False, exact=True,
                      facets=m.get("facets"))

    queries = []
    for q in bc.sample_queries(docs, 4 * args.queries):
        if len(queries) >= args.queries:
            break
        try:
            run(q, "plain")
            queries.append(q)
        except QuerySyntaxError:
            continue
    for q in queries:  # warm every mode
        for mode in MODES:
            run(q, mode)
    names = list(MODES)
    rounds = []
    for r in range(args.rounds):
        wall = {m: [] for m in names}
        cpu = {m: [] for m in names}
        for i, q in enumerate(queries):
            k = (i + r) % len(names)
            for mode in names[k:] + names[:k]:
                t, c = time.perf_counter(), time.thread_time()
                run(q, mode)
                cpu[mode].append((time.thread_time() - c) * 1000)
                wall[mode].append((time.perf_counter() - t) * 1000)
        rounds.append((wall, cpu))
    out = {"documents": len(docs), "queries": len(queries), "rounds": args.rounds, "facets": FACETS, "modes": {}}
    for mode in names:
        row = {}
        for label, idx in (("wall", 0), ("cpu", 1)):
            row[f"{label}_p50"] = statistics.median(percentile(rd[idx][mode], 50) for rd in rounds)
            row[f"{label}_p90"] = statistics.median(percentile(rd[idx][mode], 90) for rd in rounds)
            diffs = [statistics.median(rd[idx][mode][i] - rd[idx]["plain"][i] for rd in rounds)
                     for i in range(len(queries))]
            row[f"{label}_minus_plain_p50"] = statistics.median(diffs)
        out["modes"][mode] = row
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"news x10: {len(docs):,} documents, {len(queries)} queries, {args.rounds} rounds; facets {FACETS}")
    print(f"{'mode':10} {'p50 ms':>8} {'p90 ms':>8} {'cpu p50':>8} {'Δ plain p50':>12} {'Δ cpu p50':>10}")
    for mode, row in out["modes"].items():
        print(f"{mode:10} {row['wall_p50']:8.2f} {row['wall_p90']:8.2f} {row['cpu_p50']:8.2f} "
              f"{row['wall_minus_plain_p50']:12.2f} {row['cpu_minus_plain_p50']:10.2f}")


if __name__ == "__main__":
    main()
