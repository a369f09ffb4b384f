#!/usr/bin/env python3
"""Where ``make_plan``'s time goes, stage by stage and by query form: each stage's own thread CPU time
(its callees' time taken out), per query.

The stages are the functions :func:`kavosh.query.plan.make_plan` and :mod:`kavosh.query.choose` call
(parsing, the layout and Finglish choices, spelling, names, compound variants, synonyms, …) and the
index and analyzer calls under them (``IndexStats.doc_freq``, ``count_all``, ``completions``,
``Analyzer.analyze``), each wrapped by a timer; what no wrapped stage holds is reported as
``make_plan`` itself.  The wrappers cost time too (a few µs a call): the totals are above
``plan_ab.py``'s, the shares are what to read.  Queries, forms, indexes and warm-up are those of
``benchmarks/query_path.py`` (its ``make_inputs``; ``--workdir`` reused).  ``--cold`` forgets the
per-word answers kept across plans (:mod:`kavosh.query.memo`) before each plan.

Usage::

    python benchmarks/plan_stages.py [--workdir /tmp/query-path] [--sample 40] [--warm 50] [--seed 7] [--cold]
"""

from __future__ import annotations

import argparse
import collections
import functools
import importlib.util
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http

PLAN_STAGES = ("parse", "rewrite_layout", "choose_spelling", "add_spelling_alternatives", "add_script_variants",
               "add_compound_variants", "expand", "index_synonyms", "ranked_sequence", "grammar_only",
               "filters_from_json", "parse_facets", "parse_sort", "PlanStats", "PlanAnalyzer", "check_parsed",
               "shorten", "display_form", "notices", "drop_lone_quote")
CHOOSE_STAGES = ("latin_support", "choose_layout", "choose_finglish", "support", "query_correction",
                 "add_sound_alike", "add_corrections", "_offered", "shown_word", "index_vocabulary",
                 "word_list_vocabulary", "is_english", "add_readings", "prefer_correction", "_all_words_count")


class Timers:
    """Exclusive thread CPU time and calls per label, over nested wrapped calls."""

    def __init__(self) -> None:
        self.own: collections.Counter = collections.Counter()
        self.calls: collections.Counter = collections.Counter()
        self._stack: list[float] = []

    def wrap(self, owner, name: str, label: str) -> None:
        """Replace ``owner.name`` by a timed wrapper (its time less its wrapped callees', under ``label``)."""
        f = getattr(owner, name)

        @functools.wraps(f)
        def timed(*a, **k):
            t0 = time.thread_time()
            self._stack.append(0.0)
            try:
                return f(*a, **k)
            finally:
                dt = time.thread_time() - t0
                self.own[label] += dt - self._stack.pop()
                self.calls[label] += 1
                if self._stack:
                    self._stack[-1] += dt

        setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> int:
    """Plan the queries once each with every stage timed; print the table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    p.add_argument("--workdir", metavar="DIR", required=True, help="the indexes (built there when missing)")
    p.add_argument("--sample", type=int, default=40)
    p.add_argument("--warm", type=int, default=50)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cold", action="store_true", help="forget per-word answers kept across plans before each plan")
    args = p.parse_args(argv)
    spec = importlib.util.spec_from_file_location("query_path", HERE / "query_path.py")
    qp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qp)

    from kavosh.analysis import Analyzer, default_analyzer
    from kavosh.engine import Index
    from kavosh.index.stats import IndexStats
    from kavosh.query import alternatives, choose
    from kavosh.query import plan as P
    from kavosh.query.parse import QuerySyntaxError

    try:  # a checkout before the per-word memo has none to forget (its code can be profiled too: PYTHONPATH)
        from kavosh.query.memo import clear as forget
    except ImportError:
        forget = None
    timers = Timers()
    for n in PLAN_STAGES:
        timers.wrap(P, n, n)
    for n in CHOOSE_STAGES:
        timers.wrap(choose, n, n)
    choose.parse = P.parse  # one label for every parse
    timers.wrap(alternatives, "suggest_query", "suggest_query")
    timers.wrap(Analyzer, "analyze", "Analyzer.analyze")
    for n in ("doc_freq", "count_all", "completions"):
        timers.wrap(IndexStats, n, f"IndexStats.{n}")

    an = default_analyzer()
    an.warm()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    inputs = qp.make_inputs(args.collections, qp.DATA, work, args.sample, args.warm, 0, args.seed)
    opened = {n: Index(path, create=False, analyzer=an)._opened for n, path in inputs["collections"].items()}
    searchers = {n: o.index.searcher() for n, o in opened.items()}

    def plan(collection: str, query: str) -> None:
        try:
            P.make_plan(query, an, IndexStats(opened[collection], an, searchers[collection]))
        except QuerySyntaxError:
            pass

    for collection, _form, q in inputs["warm"]:
        plan(collection, q)
    timers.own.clear()
    timers.calls.clear()
    cpu: dict[str, list[float]] = collections.defaultdict(list)
    own_by_form: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for collection, form, q in inputs["queries"]:
        if args.cold and forget is not None:
            forget()
        before = timers.own.copy()
        t0 = time.thread_time()
        plan(collection, q)
        cpu[form].append(time.thread_time() - t0)
        spent = timers.own.copy()
        spent.subtract(before)
        own_by_form[form].update(spent)
        own_by_form["all"].update(spent)
    cpu["all"] = [x for f, xs in cpu.items() for x in xs]
    print(f"{len(cpu['all'])} queries, thread CPU ms per query (timed stages included), cold={args.cold}")
    print("form        n     p50    mean")
    for form in sorted(cpu):
        print(f"{form:10s} {len(cpu[form]):4d} {statistics.median(cpu[form]) * 1000:7.3f} "
              f"{statistics.mean(cpu[form]) * 1000:7.3f}")
    forms = ["all", "original"] + sorted(f for f in cpu if f not in ("all", "original"))
    print("\nstage's own CPU, ms per query of the form (calls per query of all forms)")
    print(f"{'stage':28s}" + "".join(f"{f:>10s}" for f in forms) + "   calls")
    for form in forms:  # what no wrapped stage holds
        own_by_form[form]["rest (make_plan, timers)"] = sum(cpu[form]) - sum(own_by_form[form].values())
    for label, _v in sorted(own_by_form["all"].items(), key=lambda kv: -kv[1]):
        row = "".join(f"{own_by_form[f][label] / len(cpu[f]) * 1000:10.3f}" for f in forms)
        print(f"{label:28s}{row}   {timers.calls[label] / len(cpu['all']):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
