"""Standard IR metrics with ir-measures: nDCG@10, MRR@10, Recall@100, MAP.

``RR@10`` is computed with ir-measures' ``msmarco`` provider: its
``pytrec_eval`` provider ignores the cut-off (a relevant document at rank 20
would score 0.05 instead of 0; see the test with a hand-computed case).  The
others use ``pytrec_eval`` (the trec_eval definitions).
"""

from __future__ import annotations

import ir_measures
from ir_measures import AP, RR, R, nDCG

MEASURES = {"nDCG@10": nDCG @ 10, "MRR@10": RR @ 10, "Recall@100": R @ 100, "MAP": AP}
"""Reported metric names → ir-measures measures, in report order."""


def measures(depth: int | None = None) -> dict[str, object]:
    """:data:`MEASURES` for a run of at most ``depth`` results per query: the recall and reciprocal-rank
    cut-offs above the depth are cut to it and named so (``depth=50``: ``Recall@50``; ``depth=5``: ``nDCG@10``,
    ``MRR@5``, ``Recall@5``, ``MAP``), because that is what they measure on so short a run (its Recall@100
    is its Recall@5, the same number).  ``nDCG@10`` keeps its name: its ideal ranking still counts 10
    places, so a run of 5 is scored against it as any run is.  ``None``: :data:`MEASURES`."""
    if depth is None:
        return dict(MEASURES)
    out = {}
    for name, m in MEASURES.items():
        cutoff = m.params.get("cutoff")
        if cutoff is not None and depth < cutoff and not name.startswith("nDCG"):
            name, m = f"{name.split('@')[0]}@{depth}", m @ depth
        out[name] = m
    return out


def evaluate(qrels: dict[str, dict[str, int]], run: dict[str, list[tuple[str, float]]],
             depth: int | None = None) -> dict[str, float]:
    """Mean metrics over the queries that have judgments.

    Args:
        qrels: ``{qid: {docid: relevance}}``.
        run: ``{qid: [(docid, score)]}``, best first.  Queries with judgments but
            no results count as zero.
        depth: the run's results per query (``--depth``); a cut-off above it is cut to it (:func:`measures`).
    Returns:
        ``{"nDCG@10": float, "MRR@10": float, "Recall@100": float, "MAP": float}`` (names from
        :func:`measures`).
    """
    chosen = measures(depth)
    q = [ir_measures.Qrel(qid, doc, rel) for qid, docs in qrels.items() for doc, rel in docs.items()]
    r = [ir_measures.ScoredDoc(qid, doc, float(len(docs) - i))  # rank order, ties impossible
         for qid, docs in run.items() if qid in qrels for i, (doc, _s) in enumerate(docs)]
    others = [m for name, m in chosen.items() if not name.startswith("MRR@")]
    rr = [m for name, m in chosen.items() if name.startswith("MRR@")]
    agg = dict(ir_measures.pytrec_eval.calc_aggregate(others, q, r)) if r else {}
    agg.update(ir_measures.msmarco.calc_aggregate(rr, q, r) if r else {})
    # ir-measures averages over every judged query (a query missing from the run scores 0).
    return {name: float(agg.get(m, 0.0)) for name, m in chosen.items()}
