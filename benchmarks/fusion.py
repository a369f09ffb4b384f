"""Choose the fusion of lexical and dense rankings: RRF and convex combinations, measured on dev sets.

For each collection, the lexical run (Kavosh's BM25 ranking, top 100) and the dense run
(the index's vectors, top 100 documents by best window) are computed once; then every
fusion variant is evaluated on them with the same metrics as ``kavosh eval``.  The
indexes must have vectors (``kavosh index FILE --index DIR --dense`` or ``kavosh embed``).

Usage::

    python benchmarks/fusion.py --index parsinlu_rc=/tmp/prc --index pquad_validation=/tmp/pq [--json OUT] [--more]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# benchmarks/http.py would shadow the standard library's http (imported by usearch)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
DATA = HERE.parent.parent / "shared" / "data"
WEIGHTS = [0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7]


def runs(index: Path, coll: Path, depth: int = 100, vectors: dict | None = None):
    """``(lexical run, dense run)`` as ``{qid: [(doc_id, score)]}`` for the collection's queries;
    each query's vector is put in ``vectors`` (``{qid: unit vector}``) when it is given."""
    from kavosh.cli import run_topics
    from kavosh.dense.encoder import shared_encoder
    from kavosh.engine import Index
    from kavosh.eval import read_topics
    from kavosh.index.vectors import VectorStore

    ix = Index(index, create=False)
    topics = read_topics(coll / "queries.jsonl")
    lexical, *_ = run_topics(ix, topics, depth, mode="lexical")
    enc = shared_encoder()
    store = VectorStore(index)
    dense = {}
    t0 = time.perf_counter()
    qv = enc.queries([q for _, q in topics])
    for (qid, _), v in zip(topics, qv, strict=True):
        dense[qid] = [(h.doc_id, h.score) for h in store.search(v, depth)]
        if vectors is not None:
            vectors[qid] = v
    print(f"{coll.name}: {len(topics)} dense queries in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return lexical, dense


def adaptive_weight(lexical: list, dense: list, a: float, b: float) -> float:
    """A per-query lexical weight from each list's confidence: ``a`` plus ``b`` times the lexical
    list's relative gap between its first two scores, minus ``b`` times the dense list's gap,
    kept in [0.1, 0.9]."""
    def gap(run, relative):
        if len(run) < 2:
            return 1.0
        return (run[0][1] - run[1][1]) / max(run[0][1], 1e-9) if relative else run[0][1] - run[1][1]
    return min(0.9, max(0.1, a + b * (gap(lexical, True) - 0.1) - b * gap(dense, False)))


def dense_feedback(index: Path, fused: dict, vectors: dict, k: int, beta: float, depth: int = 100) -> dict:
    """The dense run again with pseudo-relevance feedback (Rocchio): each query vector plus ``beta``
    times the mean (weights 1/rank) of the best windows of its top ``k`` fused documents,
    normalized.  Reads the window vectors from the index's ANN file (the store's internals:
    a benchmark only)."""
    import numpy as np

    from kavosh.index.vectors import VectorStore

    store = VectorStore(index)
    ann, rows = store._load(), store._row_map()
    windows: dict[str, list[int]] = {}
    for key, (doc_id, *_rest) in rows.items():
        windows.setdefault(doc_id, []).append(key)
    out = {}
    for qid, q in vectors.items():
        acc, total = np.zeros_like(q), 0.0
        for rank, (doc_id, _score) in enumerate(fused[qid][:k], 1):
            vs = np.array([ann.get(key) for key in windows.get(doc_id, [])], dtype=np.float32)
            if len(vs):
                vs /= np.linalg.norm(vs, axis=1, keepdims=True)
                acc += vs[int(np.argmax(vs @ q))] / rank
                total += 1.0 / rank
        v = q + beta * acc / total if total else q
        out[qid] = [(h.doc_id, h.score) for h in store.search((v / np.linalg.norm(v)).astype(np.float32), depth)]
    return out


def main(argv: list[str] | None = None) -> int:
    """Print a Markdown table of nDCG@10 (and MRR@10, Recall@100) per fusion variant and collection."""
    from kavosh.eval import evaluate, read_qrels
    from kavosh.search.hybrid import fuse

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", action="append", required=True, metavar="COLLECTION=DIR")
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--more", action="store_true",
                   help="also per-query adaptive weights and dense pseudo-relevance feedback (tried, not used)")
    args = p.parse_args(argv)
    rows = []
    for spec in args.index:
        name, _, path = spec.partition("=")
        coll = Path(args.data) / name
        qrels = read_qrels(coll / "qrels.tsv")
        vectors: dict = {}
        lexical, dense = runs(Path(path), coll, vectors=vectors)
        variants = {"lexical": lexical, "dense": dense}
        variants["rrf k=60"] = {q: [(f.key, f.score) for f in fuse(lexical[q], dense.get(q, []), "rrf")]
                                for q in lexical}
        for w in WEIGHTS:
            variants[f"convex w={w}"] = {q: [(f.key, f.score) for f in fuse(lexical[q], dense.get(q, []), "convex", w)]
                                         for q in lexical}
        if args.more:
            for a, b in ((0.2, 1.0), (0.4, 0.5), (0.4, 1.0)):
                variants[f"adaptive a={a} b={b}"] = {
                    q: [(f.key, f.score) for f in fuse(lexical[q], dense.get(q, []), "convex",
                                                        adaptive_weight(lexical[q], dense.get(q, []), a, b))]
                    for q in lexical}
            base = variants["convex w=0.4"]
            for k, beta in ((1, 0.3), (3, 0.3), (3, 0.6)):
                fb = dense_feedback(Path(path), base, vectors, k, beta)
                variants[f"dense PRF k={k} beta={beta}"] = fb
                for w in (0.3, 0.4, 0.5):
                    variants[f"convex w={w}, dense PRF k={k} beta={beta}"] = {
                        q: [(f.key, f.score) for f in fuse(lexical[q], fb.get(q, []), "convex", w)] for q in lexical}
        for label, run in variants.items():
            m = evaluate(qrels, run)
            rows.append({"collection": name, "variant": label, **m})
    metrics = ("nDCG@10", "MRR@10", "Recall@100")
    print("| collection | variant | " + " | ".join(metrics) + " |")
    print("|---|---|" + "---|" * len(metrics))
    for r in rows:
        print(f"| {r['collection']} | {r['variant']} | " + " | ".join(f"{r[m]:.4f}" for m in metrics) + " |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
