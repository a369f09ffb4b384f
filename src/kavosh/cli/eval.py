"""``kavosh eval``: nDCG@10, MRR@10, Recall@100 and MAP of the index on topics and qrels."""

from __future__ import annotations

import argparse
import json
import sys
import time

from .common import index_opt, open_for_reading
from .errors import EXIT_OK, UserError
from .search import run_topics


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
    t0 = time.perf_counter()
    results, failed = run_topics(ix, topics, args.depth, mode=mode)
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
