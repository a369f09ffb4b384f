"""``kavosh eval``: nDCG@10, MRR@10, Recall@100 and MAP of the index on topics and qrels."""

from __future__ import annotations

import argparse
import json
import sys
import time

from .common import check_depth, check_writable, count, index_opt, open_for_reading, written_whole
from .errors import EXIT_OK, EXIT_PARTIAL, UserError, warn
from .search import progress_opt, run_topics, warn_cut

MAX_DEPTH = 1000
"""``--depth``'s limit, for the help without importing the engine: the engine's page limit
(:attr:`kavosh.query.limits.Limits.page`, which :func:`~kavosh.cli.common.check_depth` enforces), which a test
checks it equals."""


def add_parser(sub) -> None:
    """Add the ``eval`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("eval", help="evaluate: nDCG@10, MRR@10, Recall@100, MAP",
                        description="Search each topic in the index (as plain words: topics are text, not "
                                    "query syntax) and score the results against the judgments. Exit status "
                                    "0, or 1 when a topic could not be searched (its figures count as 0; "
                                    "the summary says how many), 2 for a usage error.")
    index_opt(sp)
    sp.add_argument("--topics", required=True, metavar="FILE",
                    help="the queries: TSV qid<TAB>text, BEIR queries.jsonl (_id, text), or classic TREC "
                         "topics (<top> <num> <title>; the title is searched)")
    sp.add_argument("--qrels", required=True, metavar="FILE",
                    help="the judgments: BEIR qrels.tsv (query-id corpus-id score) or TREC qrels (qid 0 docid rel)")
    sp.add_argument("--run", metavar="OUT",
                    help="also write the results searched here to OUT as a TREC run (qid Q0 docid rank score tag)")
    sp.add_argument("--depth", type=int, default=MAX_DEPTH, metavar="N",
                    help=f"results per query, 1 to {MAX_DEPTH} (default {MAX_DEPTH}); below 100, Recall@100 "
                         "is reported as Recall@N (and MRR@10 as MRR@N below 10)")
    sp.add_argument("--mode", choices=("lexical", "dense", "hybrid"), default=None,
                    help="retrieval mode (default hybrid when the index has vectors, else lexical)")
    sp.add_argument("--json", action="store_true",
                    help="print the figures as JSON (metrics, mode, queries, judged, failed, failures, seconds)")
    progress_opt(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the topics against the index and print the metrics (or JSON with ``--json``); returns
    :data:`EXIT_PARTIAL` when a topic could not be searched, else :data:`EXIT_OK`."""
    from ..eval import evaluate
    from ..engine import check_mode
    from ..eval.trec import EvalInputError, read_qrels, read_topics, write_run
    from ..query.parse import QuerySyntaxError

    check_depth(args.depth)
    if args.run:
        check_writable(args.run, "--run")
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
    results, failed, cut = run_topics(ix, topics, args.depth, mode=mode, progress_every=args.progress or None)
    dt = time.perf_counter() - t0
    if args.run:
        with written_whole(args.run) as tmp:
            write_run(tmp, results)
    metrics = evaluate(qrels, results, depth=args.depth)
    if not any(results.values()):
        warn(f"no query of {args.topics} ({_queries(len(topics))}) found a document in the index at "
             f"{ix.opened.path}: every figure is 0")
    if args.json:
        print(json.dumps({"metrics": metrics, "mode": mode, "queries": len(topics), "judged": len(qrels),
                          "failed": len(failed), "failures": [{"id": qid, "error": msg} for qid, msg in failed],
                          "seconds": round(dt, 2)}, indent=2, ensure_ascii=False))
    else:
        print(f"{_queries(len(topics))} ({len(qrels)} judged), {mode}, in {dt:.1f} s; failed: {len(failed)}")
        for name, value in metrics.items():
            print(f"{name:<11} {value:.4f}")
    warn_cut(cut, args.topics)
    for qid, msg in failed:
        print(f"  query {qid}: {msg}", file=sys.stderr)
    if failed:
        warn(f"{_queries(len(failed))} of {args.topics} could not be searched (listed above): each counts as 0 "
             "in the means")
        return EXIT_PARTIAL
    return EXIT_OK


MAX_CHECKED = 100_000
"""Relevant documents of the qrels looked up in the index to warn about those it lacks (a bounded cost:
about 20 µs each)."""


def check_judgments(ix, topics, qrels: dict[str, dict[str, int]], topics_path, qrels_path) -> list[str]:
    """Check that the qrels (read from ``qrels_path``) fit the topics (from ``topics_path``) and the index
    ``ix`` before any query runs; returns warnings (lines for stderr) about a partial fit.

    Raises :class:`UserError` (exit status 2; every figure would be 0 and mean nothing) when

    * no topic id has a judgment (the qrels of other topics, or ids written otherwise: ``q1`` / ``1``);
    * none of the documents judged for the topics is in ``ix`` (the qrels of another collection, or an
      empty index).  Documents are looked up by id until the first is found: at most one lookup each.

    Warns when some judged queries are not among the topics: the means count them as 0
    (:func:`kavosh.eval.evaluate` averages over every judged query); and when some relevant documents
    judged for the topics are not in ``ix`` (naming them and the queries left with none): the first
    :data:`MAX_CHECKED` relevant ids are looked up, one lookup each.
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
    relevant = sorted({doc for qid, docs in qrels.items() if qid in wanted for doc, rel in docs.items() if rel > 0})
    checked = relevant[:MAX_CHECKED]
    absent = [doc for doc in checked if ix.get(doc) is None]
    if absent:
        gone = set(absent)
        lost = sorted(qid for qid, docs in qrels.items() if qid in wanted
                      and all(doc in gone for doc, rel in docs.items() if rel > 0)
                      and any(rel > 0 for rel in docs.values()))
        of = f"the first {len(checked):,} of {len(relevant):,}" if len(relevant) > len(checked) else f"{len(relevant):,}"
        out.append(f"{len(absent):,} of {of} relevant documents judged in {qrels_path} for these topics are not in "
                   f"the index ({_some(absent)}): no run can retrieve them"
                   + (f"; {_queries(len(lost))} ({_some(lost)}) can only score 0" if lost else ""))
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
