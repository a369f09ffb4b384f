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


def evaluate(qrels: dict[str, dict[str, int]], run: dict[str, list[tuple[str, float]]]) -> dict[str, float]:
    """Mean metrics over the queries that have judgments.

    Args:
        qrels: ``{qid: {docid: relevance}}``.
        run: ``{qid: [(docid, score)]}``, best first.  Queries with judgments but
            no results count as zero.
    Returns:
        ``{"nDCG@10": float, "MRR@10": float, "Recall@100": float, "MAP": float}``.
    """
    q = [ir_measures.Qrel(qid, doc, rel) for qid, docs in qrels.items() for doc, rel in docs.items()]
    r = [ir_measures.ScoredDoc(qid, doc, float(len(docs) - i))  # rank order, ties impossible
         for qid, docs in run.items() if qid in qrels for i, (doc, _s) in enumerate(docs)]
    others = [m for name, m in MEASURES.items() if name != "MRR@10"]
    agg = dict(ir_measures.pytrec_eval.calc_aggregate(others, q, r)) if r else {}
    agg.update(ir_measures.msmarco.calc_aggregate([RR @ 10], q, r) if r else {})
    # ir-measures averages over every judged query (a query missing from the run scores 0).
    return {name: float(agg.get(m, 0.0)) for name, m in MEASURES.items()}
