"""Approximate dense search over shards: recall of each shard's HNSW graph, merged, against one graph.

Below :data:`kavosh.index.vectors.EXACT_BELOW` windows (together) a sharded index's dense search is
exact, so it equals one index's (``tests/test_shards_dense.py``). Above it every shard searches its own
HNSW graph (usearch, the store's parameters: cosine, int8, connectivity
:data:`~kavosh.index.vectors.CONNECTIVITY`, expansion :data:`~kavosh.index.vectors.EXPANSION_SEARCH`)
for :func:`~kavosh.index.vectors.wanted_windows` windows and the lists are merged
(:func:`~kavosh.index.vectors.search_stores`). Both are approximations of the exact answer, and they
need not be the same approximation. This benchmark measures how far each is from exact: recall@k of
the merged shards' windows and of one graph's, against brute force over the same int8 vectors.

The vectors are synthetic (no encoder run: embedding tens of thousands of passages costs minutes of CPU
here): unit vectors of ``--dim`` dimensions drawn around ``--topics`` random centres (a von Mises-like
spread set by ``--spread``), which gives the clustered neighbourhoods of real passage embeddings;
queries are drawn the same way. Windows go to shards by :func:`kavosh.index.shards.shard_of` of their
number, as documents go by their id.

Usage::

    python benchmarks/dense_shards.py [--windows 40000] [--shards 4] [--queries 300] [--k 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http

from usearch.index import Index  # noqa: E402

from kavosh.index.shards import shard_of  # noqa: E402
from kavosh.index.vectors import CONNECTIVITY, EXACT_BELOW, EXPANSION_SEARCH, wanted_windows  # noqa: E402


def clustered(n: int, dim: int, centres: np.ndarray, spread: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` unit vectors, each a random centre plus Gaussian noise of norm about ``spread``.

    Returns:
        float32 array of shape ``(n, dim)``, rows of unit length.
    """
    picks = rng.integers(0, len(centres), size=n)
    v = centres[picks] + rng.normal(0.0, spread / np.sqrt(dim), size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def graph(vectors: np.ndarray, keys: np.ndarray, dim: int) -> Index:
    """A usearch index with the store's parameters holding ``vectors`` under ``keys``."""
    ix = Index(ndim=dim, metric="cos", dtype="i8", connectivity=CONNECTIVITY, expansion_search=EXPANSION_SEARCH)
    ix.add(keys, vectors)
    return ix


def nearest(ix: Index, q: np.ndarray, wanted: int, exact: bool) -> list[tuple[float, int]]:
    """``wanted`` (score, key) pairs, best first; ties by key, as the store orders them."""
    m = ix.search(q, min(len(ix), wanted), exact=exact)
    return sorted(((1.0 - float(d), int(k)) for k, d in zip(m.keys.tolist(), m.distances.tolist(), strict=True)),
                  key=lambda p: (-p[0], p[1]))


def main() -> None:
    """Build the graphs, run the queries and print recall@k and query time of each way."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--windows", type=int, default=40_000, help="vectors in all (default 40,000)")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--k", type=int, default=10, help="windows counted for recall (default 10)")
    ap.add_argument("--dim", type=int, default=384, help="dimension (384: multilingual-e5-small)")
    ap.add_argument("--topics", type=int, default=400)
    ap.add_argument("--spread", type=float, default=1.2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.windows < EXACT_BELOW:
        ap.error(f"--windows must be at least {EXACT_BELOW} (below it the search is exact)")
    rng = np.random.default_rng(args.seed)
    centres = rng.normal(size=(args.topics, args.dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = clustered(args.windows, args.dim, centres, args.spread, rng)
    queries = clustered(args.queries, args.dim, centres, args.spread, rng)
    keys = np.arange(args.windows, dtype=np.uint64)
    shard = np.array([shard_of(str(int(k)), args.shards) for k in keys])  # as a document's id

    t0 = time.process_time()
    one = graph(vectors, keys, args.dim)
    one_cpu = time.process_time() - t0
    t0 = time.process_time()
    parts = [graph(vectors[shard == s], keys[shard == s], args.dim) for s in range(args.shards)]
    parts_cpu = time.process_time() - t0

    wanted = wanted_windows(args.k)
    recall_one, recall_shards, same, t_one, t_shards = [], [], 0, [], []
    for q in queries:
        exact = {k for _, k in nearest(one, q, args.k, exact=True)}
        t0 = time.perf_counter()
        a = [k for _, k in nearest(one, q, wanted, exact=False)][: args.k]
        t_one.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        merged = sorted((p for ix in parts for p in nearest(ix, q, wanted, exact=False)), key=lambda p: (-p[0], p[1]))
        b = [k for _, k in merged][: args.k]
        t_shards.append(time.perf_counter() - t0)
        recall_one.append(len(exact.intersection(a)) / args.k)
        recall_shards.append(len(exact.intersection(b)) / args.k)
        same += a == b

    print(f"{args.windows:,} windows, {args.shards} shards, {args.queries} queries, dim {args.dim}, "
          f"{args.topics} topics, spread {args.spread}, k {args.k} (each graph asked for {wanted})")
    print(f"build CPU s: one graph {one_cpu:.1f}, {args.shards} graphs {parts_cpu:.1f}")
    print("| search | recall@k against exact, mean | queries with recall 1 | p50 ms |")
    print("|---|---:|---:|---:|")
    for name, rec, t in (("one HNSW graph", recall_one, t_one), (f"{args.shards} shards' graphs, merged", recall_shards, t_shards)):
        full = sum(r == 1.0 for r in rec)
        print(f"| {name} | {statistics.fmean(rec):.4f} | {full}/{len(rec)} | {statistics.median(t) * 1000:.2f} |")
    print(f"same top {args.k} (keys and order) from both: {same}/{args.queries}")


if __name__ == "__main__":
    main()
