"""Choose the fusion of lexical and dense rankings: RRF and convex combinations, measured on dev sets.

For each collection, the lexical run (Kavosh's BM25 ranking, top 100) and the dense run
(the index's vectors, top 100 documents by best window) are computed once; then every
fusion variant is evaluated on them with the same metrics as ``kavosh eval``.  The
indexes must have vectors (``kavosh index FILE --index DIR --dense`` or ``kavosh embed``).

Usage::

    python benchmarks/fusion.py --index parsinlu_rc=/tmp/prc --index pquad_validation=/tmp/pq [--json OUT]
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


def runs(index: Path, coll: Path, depth: int = 100):
    """``(lexical run, dense run)`` as ``{qid: [(doc_id, score)]}`` for the collection's queries."""
    from kavosh.cli import run_topics
    from kavosh.dense.encoder import shared_encoder
    from kavosh.engine import Index
    from kavosh.eval import read_topics
    from kavosh.index.vectors import VectorStore

    ix = Index(index, create=False)
    topics = read_topics(coll / "queries.jsonl")
    lexical, _ = run_topics(ix, topics, depth, mode="lexical")
    enc = shared_encoder()
    store = VectorStore(index)
    dense = {}
    t0 = time.perf_counter()
    qv = enc.queries([q for _, q in topics])
    for (qid, _), v in zip(topics, qv, strict=True):
        dense[qid] = [(h.doc_id, h.score) for h in store.search(v, depth)]
    print(f"{coll.name}: {len(topics)} dense queries in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return lexical, dense


def main(argv: list[str] | None = None) -> int:
    """Print a Markdown table of nDCG@10 (and MRR@10, Recall@100) per fusion variant and collection."""
    from kavosh.eval import evaluate, read_qrels
    from kavosh.search.hybrid import fuse

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", action="append", required=True, metavar="COLLECTION=DIR")
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--json", metavar="OUT")
    args = p.parse_args(argv)
    rows = []
    for spec in args.index:
        name, _, path = spec.partition("=")
        coll = Path(args.data) / name
        qrels = read_qrels(coll / "qrels.tsv")
        lexical, dense = runs(Path(path), coll)
        variants = {"lexical": lexical, "dense": dense}
        variants["rrf k=60"] = {q: [(f.key, f.score) for f in fuse(lexical[q], dense.get(q, []), "rrf")]
                                for q in lexical}
        for w in WEIGHTS:
            variants[f"convex w={w}"] = {q: [(f.key, f.score) for f in fuse(lexical[q], dense.get(q, []), "convex", w)]
                                         for q in lexical}
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
