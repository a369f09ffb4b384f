"""``kavosh eval``: nDCG@10, MRR@10, Recall@100 and MAP of the index on topics and qrels."""

from __future__ import annotations

import argparse
import json
import sys
import time

from .common import count, index_opt, open_for_reading
from .errors import EXIT_OK, UserError, warn
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
    for warning in check_judgments(ix, topics, qrels, args.topics, args.qrels):
        warn(warning)
    t0 = time.perf_counter()
    results, failed = run_topics(ix, topics, args.depth, mode=mode, progress_every=args.progress or None)
    dt = time.perf_counter() - t0
    if args.run:
        write_run(args.run, results)
    metrics = evaluate(qrels, results)
    if not any(results.values()):
        warn(f"no query of {args.topics} ({_queries(len(topics))}) found a document in the index at "
             f"{ix.opened.path}: every figure is 0")
    if args.json:
        print(json.dumps({"metrics": metrics, "mode": mode, "queries": len(topics), "judged": len(qrels),
                          "seconds": round(dt, 2)}, indent=2))
    else:
        print(f"{_queries(len(topics))} ({len(qrels)} judged), {mode}, in {dt:.1f} s")
        for name, value in metrics.items():
            print(f"{name:<11} {value:.4f}")
    for qid, msg in failed:
        print(f"  query {qid}: {msg}", file=sys.stderr)
    return EXIT_OK


def check_judgments(ix, topics, qrels: dict[str, dict[str, int]], topics_path, qrels_path) -> list[str]:
    """Check that the qrels (read from ``qrels_path``) fit the topics (from ``topics_path``) and the index
    ``ix`` before any query runs; returns warnings (lines for stderr) about a partial fit.

    Raises :class:`UserError` (exit status 2; every figure would be 0 and mean nothing) when

    * no topic id has a judgment (the qrels of other topics, or ids written otherwise: ``q1`` / ``1``);
    * none of the documents judged for the topics is in ``ix`` (the qrels of another collection, or an
      empty index).  Documents are looked up by id until the first is found: at most one lookup each.

    Warns when some judged queries are not among the topics: the means count them as 0
    (:func:`kavosh.eval.evaluate` averages over every judged query).
    """
    wanted = {qid for qid, _ in topics}
    if not wanted & qrels.keys():
        which = f"the topic id of {topics_path} ({next(iter(wanted))}) has no" if len(wanted) == 1 \
            else f"none of the {len(wanted):,} topic ids of {topics_path} ({_some(wanted)}) has a"
        raise UserError(f"{which} judgment "
                        f"in {qrels_path} (judged query ids: {_some(qrels)}): are these the qrels of these "
                        "topics? (every figure would be 0)")
    judged = sorted({doc for qid, docs in qrels.items() if qid in wanted for doc in docs})
    if not any(ix.get(doc) is not None for doc in judged):
        which = f"the document judged in {qrels_path} for these topics ({judged[0]}) is not" if len(judged) == 1 \
            else f"none of the {len(judged):,} documents judged in {qrels_path} for these topics ({_some(judged)}) is"
        raise UserError(f"{which} in the index at {ix.opened.path} "
                        f"({count(len(ix), 'document')}): are these the qrels of this collection? "
                        "(every figure would be 0)")
    out = []
    if missing := len(qrels.keys() - wanted):
        out.append(f"{missing:,} of the {len(qrels):,} judged queries of {qrels_path} are not among the topics of "
                   f"{topics_path}: each counts as 0 in the means (give the qrels of these topics alone for "
                   "their figures)")
    return out


def _queries(n: int) -> str:
    """``"1 query"``, ``"1,203 queries"``."""
    return f"{n:,} {'query' if n == 1 else 'queries'}"


def _some(ids) -> str:
    """The first three of ``ids`` (sorted), and ``…`` when there are more: ``"q1, q2, q3, …"``."""
    ids = sorted(ids)
    return ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
