"""Coordination candidates measured on the dev sets by re-ranking each query's run (docs/benchmarks.md,
"Coordination, measured").

For each collection this runs every dev query as ``kavosh eval`` does (plain words, top 1,000, not collapsed)
with coordination off (:data:`kavosh.search.coordination.MIN_WORDS` out of reach), and records for each hit which
of the query's typed content words it holds (a word's clause, or a rewrite's joined or synonym clause covering
it, as :func:`kavosh.search.coordination.plain_words` reads them: one tantivy-py search per clause over the
index), and each word's document frequency.  Each candidate is then a re-ordering of that run, evaluated with
:func:`kavosh.eval.evaluate` (nDCG@10, MAP, Recall@100); the ``base`` row is the run itself and reproduces
``benchmarks/retrieval.py``'s figures.  Candidates (``n``: the query's content words, ``m``: those a hit holds):

* ``lucene-coord pP``: score × (m/n)^P (Lucene's classic coordination factor for P = 1);
* ``add A``: score + A × (first score) × m/n;
* ``idf-coord``: score × (Σ idf of the words held / Σ idf of all);
* ``bm25+ D``: score + D × Σ idf of the words held (BM25+, Lv & Zhai, CIKM 2011: a lower bound per word held);
* ``all-first nA-B``: for n in A..B, the hits holding every word first (``minimum_should_match`` 100% ranked
  before the OR's other matches: every match still found and counted);
* ``n-1-first``: the hits holding n−1 words or more first, for n in 3..4;
* ``rare-first C``: the hits holding every word in at most C of the documents first (at least two such words);
* ``by-count``: by m, then score;
* ``lift nA+``: every hit holding all n ≥ A words moved up just above the first holding at most one (what
  :mod:`kavosh.search.coordination` does, for A = 4).

Usage::

    python benchmarks/coordination.py --workdir DIR [--collections hamshahri parsinlu_rc pquad_validation]

``DIR`` holds the indexes ``benchmarks/retrieval.py --workdir DIR`` built (built here when absent).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"


def harvest(coll: Path, workdir: Path) -> tuple[int, dict]:
    """``(documents, {qid: row})``: each dev query's run with coordination off and, per hit, the bitmask of
    the typed words it holds (``row["hits"]``: ``[(id, score, mask)]``), ``row["n"]`` and ``row["df"]``."""
    import tantivy

    from kavosh.engine import Index
    from kavosh.eval import read_topics
    from kavosh.eval.topics import topic_words
    from kavosh.index import schema as S
    from kavosh.index.stats import IndexStats
    from kavosh.query.parse import QuerySyntaxError
    from kavosh.query.plan import make_plan
    from kavosh.search import coordination
    from kavosh.search.ranking import clause_query
    from kavosh.search.topk import current_searcher

    sys.path.insert(0, str(HERE))
    from retrieval import build_index

    coordination.MIN_WORDS = 10 ** 6  # off: the runs are BM25's order
    ix = Index(build_index(coll, workdir), create=False)
    op = ix._opened
    searcher = current_searcher(op)
    n_docs = searcher.num_docs
    ids = {(a.segment_ord, a.doc): searcher.doc(a)[S.ID][0]
           for _s, a in searcher.search(tantivy.Query.all_query(), limit=n_docs).hits}
    rows = {}
    for qid, query in read_topics(coll / "queries.jsonl"):
        words = topic_words(query)[0]
        try:
            res = ix.search(words, limit=1000, snippets=False, collapse=False)
            plan = make_plan(words, ix.analyzer, IndexStats(op, ix.analyzer, searcher))
        except QuerySyntaxError:
            rows[qid] = None
            continue
        typed = [c for c in plan.clauses if not c.derived and c.occur != "must_not"]
        derived = [c for c in plan.clauses if c.derived]
        texts = [c.text for c in typed]
        covers = []
        for c in derived:
            parts = c.text.split(" ")
            at = next((i for i in range(len(texts) - len(parts) + 1) if texts[i:i + len(parts)] == parts), None)
            covers.append(range(at, at + len(parts)) if at is not None else range(0))
        held = [{ids[(a.segment_ord, a.doc)] for _s, a in searcher.search(
            clause_query(op.schema, c, searcher, plan.limits.prefix_expansions, dict(plan.weights)),
            limit=n_docs).hits} for c in typed + derived]

        def mask(d: str, typed=typed, held=held, covers=covers) -> int:
            m = sum(1 << i for i in range(len(typed)) if d in held[i])
            for j, cov in enumerate(covers):
                if d in held[len(typed) + j]:
                    m |= sum(1 << i for i in cov)
            return m

        rows[qid] = {"n": len(typed), "hits": [(h.id, h.score, mask(h.id)) for h in res.hits],
                     "df": [searcher.doc_freq(S.BODY_TERMS, c.terms[0]) if c.kind == "term" else None
                            for c in typed]}
    return n_docs, rows


def _bits(m: int) -> int:
    return bin(m).count("1")


def _idf(df: int, n_docs: int) -> float:
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


def candidates(n_docs: int) -> dict:
    """``{name: function(row) -> the row's hits re-ordered}``."""
    def keyed(key, lo=1, hi=10 ** 6):
        return lambda r: sorted(r["hits"], key=lambda h: key(r, h)) if lo <= r["n"] <= hi else r["hits"]

    def weights(r):
        return [_idf(df, n_docs) if df is not None else 0.0 for df in r["df"]]

    def idf_share(r, h):
        w = weights(r)
        return sum(w[i] for i in range(r["n"]) if h[2] >> i & 1) / (sum(w) or 1.0)

    def rare(r, cutoff):
        return sum(1 << i for i, df in enumerate(r["df"]) if df is None or df / n_docs <= cutoff)

    def lift(lo):
        def f(r):
            if r["n"] < lo:
                return r["hits"]
            first = next((i for i, h in enumerate(r["hits"]) if _bits(h[2]) <= 1), len(r["hits"]))
            keep = [h for i, h in enumerate(r["hits"]) if i < first or _bits(h[2]) == r["n"]]
            return keep + [h for h in r["hits"] if h not in keep]
        return f

    out = {"base": lambda r: r["hits"]}
    for p in (0.5, 1, 2):
        out[f"lucene-coord p{p}"] = keyed(lambda r, h, p=p: -h[1] * (_bits(h[2]) / r["n"]) ** p)
    for a in (0.1, 0.4):
        out[f"add {a}"] = keyed(lambda r, h, a=a: -(h[1] + a * r["hits"][0][1] * _bits(h[2]) / r["n"]))
    out["idf-coord"] = keyed(lambda r, h: -h[1] * idf_share(r, h))
    for d in (0.25, 1.0):
        out[f"bm25+ {d}"] = keyed(lambda r, h, d=d: -(h[1] + d * sum(
            w for i, w in enumerate(weights(r)) if h[2] >> i & 1)))
    for lo, hi in ((2, 4), (2, 2), (3, 3), (4, 4)):
        out[f"all-first n{lo}-{hi}"] = keyed(lambda r, h: (_bits(h[2]) < r["n"], -h[1]), lo, hi)
    out["n-1-first n3-4"] = keyed(lambda r, h: (_bits(h[2]) < r["n"] - 1, -h[1]), 3, 4)
    for c in (0.02, 0.1, 0.25):
        out[f"rare-first {c}"] = keyed(lambda r, h, c=c: (
            _bits(rare(r, c)) >= 2 and h[2] & rare(r, c) != rare(r, c), -h[1]), 2, 4)
    out["by-count n2-4"] = keyed(lambda r, h: (-_bits(h[2]), -h[1]), 2, 4)
    for lo in (2, 3, 4):
        out[f"lift n{lo}+"] = lift(lo)
    return out


def main(argv: list[str] | None = None) -> int:
    from kavosh.eval import evaluate, read_qrels

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--workdir", required=True, metavar="DIR")
    args = p.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    table: dict[str, list[str]] = {}
    for name in args.collections:
        coll = Path(args.data) / name
        n_docs, rows = harvest(coll, work)
        qrels = read_qrels(coll / "qrels.tsv")
        for cand, fn in candidates(n_docs).items():
            run = {q: [(h[0], h[1]) for h in fn(r)] if r else [] for q, r in rows.items()}
            m = evaluate(qrels, run)
            table.setdefault(cand, []).append(f"{m['nDCG@10']:.4f} / {m['MAP']:.4f} / {m['Recall@100']:.4f}")
        print(f"{name}: done", file=sys.stderr, flush=True)
    print("| candidate | " + " | ".join(f"{c} nDCG@10 / MAP / R@100" for c in args.collections) + " |")
    print("|---|" + "---|" * len(args.collections))
    for cand, cells in table.items():
        print(f"| {cand} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
