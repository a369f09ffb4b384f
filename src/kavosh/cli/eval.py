"""``kavosh eval``: nDCG@10, MRR@10, Recall@100 and MAP of the index on topics and qrels."""

from __future__ import annotations

import argparse
import json
import sys
import time

from .common import index_opt, open_for_reading
from .errors import EXIT_OK, UserError
from .search import progress_opt, run_topics


def add_parser(sub) -> None:
    """Add the ``eval`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("eval", help="evaluate: nDCG@10, MRR@10, Recall@100, MAP")
    index_opt(sp)
    sp.add_argument("--topics", required=True, metavar="FILE")
    sp.add_argument("--qrels", required=True, metavar="FILE")
    sp.add_argument("--run", metavar="RUN", help="also write the TREC run file")
    sp.add_argument("--depth", type=int, default=1000)
    sp.add_argument("--mode", choices=("lexical", "dense", "hybrid"), default=None,
                    help="retrieval mode (default hybrid when the index has vectors, else lexical)")
    sp.add_argument("--json", action="store_true")
    progress_opt(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the topics against the index and print the metrics (or JSON with ``--json``)."""
    from ..eval import evaluate
    from ..engine import check_mode
    from ..eval.trec import EvalInputError, read_qrels, read_topics, write_run
    from ..query.parse import QuerySyntaxError

    try:
        topics = read_topics(args.topics)
        qrels = read_qrels(args.qrels)
    except EvalInputError as e:
        raise UserError(str(e)) from e
    ix = open_for_reading(args.index)
    try:
        mode = check_mode(ix.opened, args.mode)
    except QuerySyntaxError as e:
        raise UserError(str(e)) from e
    for warning in judged_warnings(ix, topics, qrels):
        print(warning, file=sys.stderr)
    t0 = time.perf_counter()
    results, failed = run_topics(ix, topics, args.depth, mode=mode, progress_every=args.progress or None)
    dt = time.perf_counter() - t0
    if args.run:
        write_run(args.run, results)
    metrics = evaluate(qrels, results)
    if args.json:
        print(json.dumps({"metrics": metrics, "mode": mode, "queries": len(topics), "judged": len(qrels),
                          "seconds": round(dt, 2)}, indent=2))
    else:
        print(f"{len(topics)} queries ({len(qrels)} judged), {mode}, in {dt:.1f} s")
        for name, value in metrics.items():
            print(f"{name:<11} {value:.4f}")
    for qid, msg in failed:
        print(f"  query {qid}: {msg}", file=sys.stderr)
    return EXIT_OK


def judged_warnings(ix, topics, qrels: dict[str, dict[str, int]]) -> list[str]:
    """Warnings (lines for stderr) about qrels that do not fit the topics or the index, each of which makes
    the figures silently wrong:

    * no topic id has a judgment (the qrels of other topics): every figure is 0;
    * none of the documents judged for the topics is in ``ix`` (the qrels of another collection): every
      figure is 0.  Documents are looked up by id until the first is found: at most one lookup each;
    * some judged queries are not among the topics: the means count them as 0
      (:func:`kavosh.eval.evaluate` averages over every judged query).
    """
    wanted = {qid for qid, _ in topics}
    if wanted and not wanted & qrels.keys():
        return [f"kavosh: warning: none of the {len(wanted):,} topic ids has a judgment in the qrels "
                f"({len(qrels):,} judged queries): are these the qrels of these topics? (every figure will be 0)"]
    out = []
    judged = sorted({doc for qid, docs in qrels.items() if qid in wanted for doc in docs})
    if judged and not any(ix.get(doc) is not None for doc in judged):
        out.append(f"kavosh: warning: none of the {len(judged):,} documents judged for these topics is in the "
                   f"index ({len(ix):,} documents): are these the qrels of this collection? "
                   "(every figure will be 0)")
    if missing := len(qrels.keys() - wanted):
        out.append(f"kavosh: warning: {missing:,} of the {len(qrels):,} judged queries are not among the topics: "
                   "each counts as 0 in the means (give the qrels of these topics alone for their figures)")
    return out
