#!/usr/bin/env python3
"""Query analysis + rewriting (``make_plan``) of two commits side by side in one process: a paired
before/after that a loaded machine does not blur.

Each commit's ``src/kavosh`` is taken from git (``git archive``) into a temporary folder as a package
of its own name (``kavosh_<commit>``), with the compiled core ``kavosh/_core.abi3.so`` of this checkout
copied beside it (so both commits must agree with the checkout's Rust API).  Both are warmed on the
same warm-up queries, then every measured query is planned by both back to back, the order alternating
from query to query and round to round, timed with the calling thread's CPU time.  Queries, forms and
indexes are those of ``benchmarks/query_path.py`` (its ``make_inputs``, ``--workdir`` reused).

Reported (JSON): each commit's p50 / p99 / mean (ms) over all rounds and per query form, the median
over queries of the per-query ratio after ÷ before, and whether the two commits made the same plans:
every plan of the first round compared by its ``repr`` (every field of the :class:`QueryPlan`, its
clauses' terms and alternatives, notes and notices; a refused query by its error's class, code and
message), the differing queries listed (``plans_differ``), so a change meant for speed can be checked
to change no plan on the same dev queries.  The exit status is 1 when a plan differs.

Usage::

    python benchmarks/plan_ab.py BEFORE AFTER [--workdir /tmp/query-path] [--sample 40] [--warm 50]
        [--rounds 2] [--seed 7] [--cold] [--http] [--loop] [--form FORM]

``--cold``: a commit that keeps per-word answers across plans (:mod:`kavosh.query.memo`) forgets them
before each plan (untimed), so each query is planned as the first query of a process would be.
``--http``: the queries of ``benchmarks/http_load.py`` (the 30 Hamshahri topics and 470 word runs
sampled from the corpus, every other one quoted: what the HTTP load and ``latency.py`` send) on the
Hamshahri index, both commits warmed on all of them first, as a server answering that rotation is.
``--loop``: both commits also plan every measured query once (untimed) before the timed rounds: a warm in-process
loop over the dev queries, each query's words already decided once (:mod:`kavosh.query.memo`).  ``--form``: only the
queries of this form (``original``: the dev questions as written, unmodified).
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _package(commit: str, into: Path) -> str:
    """Unpack ``commit``'s ``src/kavosh`` as ``into/kavosh_<commit>`` with this checkout's core; its name."""
    name = "kavosh_" + commit.replace("-", "_").replace(".", "_")
    data = subprocess.run(["git", "-C", str(REPO), "archive", commit, "src/kavosh"], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into / "tmp", filter="data")
    shutil.move(str(into / "tmp" / "src" / "kavosh"), str(into / name))
    for so in (REPO / "src" / "kavosh").glob("_core*.so"):
        shutil.copy(so, into / name / so.name)
    try:  # the core this process has loaded: a second copy of the library cannot be (static TLS), and a package
        import kavosh._core as core  # noqa: PLC0415  # whose core fails to load runs its pure-Python specification
    except ImportError:  # and retries the load at every compiled_extension() call (0.5 ms each)
        return name
    sys.modules[name + "._core"] = core
    return name


def _import(name: str, module: str):
    """``name`` (a package of :func:`_package`) + ``module`` imported, the package's ``_core`` set on it (the one
    core loaded, :func:`_package`): ``from .. import _core`` then finds it as the installed package does."""
    found = importlib.import_module(name + module)
    if name + "._core" in sys.modules:
        sys.modules[name]._core = sys.modules[name + "._core"]
    return found


def _http_queries(index: str) -> list[str]:
    """The queries of ``benchmarks/http_load.py`` (and ``latency.py``): the 30 Hamshahri topics, then word runs
    sampled from the corpus (seed 7, every other one quoted), 500 that Kavosh runs on ``index``."""
    import bench_corpora as bc  # noqa: PLC0415
    import http_load as load  # noqa: PLC0415

    return bc.choose_queries(bc.load_topics(load.DATA / "queries.jsonl"), bc.load_beir(load.DATA / "corpus.jsonl.gz"),
                             500, load.kavosh_accepts(Path(index)))


def _planner(name: str, collections: dict[str, str]):
    an = _import(name, ".analysis").default_analyzer()
    an.warm()
    engine = importlib.import_module(name + ".engine")
    stats = importlib.import_module(name + ".index.stats")
    plan = importlib.import_module(name + ".query.plan")
    error = importlib.import_module(name + ".query.parse").QuerySyntaxError
    opened = {n: engine.Index(p, create=False, analyzer=an)._opened for n, p in collections.items()}
    searchers = {n: o.index.searcher() for n, o in opened.items()}

    try:
        forget = importlib.import_module(name + ".query.memo").clear
    except ImportError:  # a commit before the per-word memo
        forget = None

    def plan_of(collection: str, query: str):
        try:
            return plan.make_plan(query, an, stats.IndexStats(opened[collection], an, searchers[collection]))
        except error as e:  # refused (only stopwords, a limit): compared by what the user is told
            return (type(e).__name__, getattr(e, "code", None), str(e))

    plan_of.forget = forget or (lambda: None)  # type: ignore[attr-defined]
    return plan_of


def main(argv: list[str] | None = None) -> int:
    """Run the paired comparison; print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    p.add_argument("--workdir", metavar="DIR", help="keep the indexes here and reuse them (default: a temporary folder)")
    p.add_argument("--sample", type=int, default=40, help="dev queries per collection, each with its forms")
    p.add_argument("--warm", type=int, default=50)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cold", action="store_true", help="forget per-word answers kept across plans before each plan")
    p.add_argument("--loop", action="store_true", help="plan every measured query once, untimed, before the rounds")
    p.add_argument("--form", help="only the queries of this form (original, layout, finglish, homophone, typo)")
    p.add_argument("--http", action="store_true",
                   help="the 500 queries of benchmarks/http_load.py on the Hamshahri index instead, both commits warmed "
                        "on all of them first (a server answering the rotation over and over)")
    args = p.parse_args(argv)
    if args.before == args.after:
        p.error("BEFORE and AFTER must be two commits")
    import query_path as qp  # noqa: PLC0415
    with tempfile.TemporaryDirectory(prefix="plan-ab-") as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp) / "indexes"
        work.mkdir(parents=True, exist_ok=True)
        if args.http:  # the index of Hamshahri only (one query drawn, none to warm on: replaced below)
            inputs = qp.make_inputs(["hamshahri"], qp.DATA, work, 1, 0, 0, args.seed)
            inputs["queries"] = [["hamshahri", "http", q] for q in _http_queries(inputs["collections"]["hamshahri"])]
            inputs["warm"] = list(inputs["queries"])  # a server answers the rotation over and over
        else:
            inputs = qp.make_inputs(args.collections, qp.DATA, work, args.sample, args.warm, 0, args.seed)
        if args.form:
            inputs["queries"] = [x for x in inputs["queries"] if x[1] == args.form]
        if args.loop:
            inputs["warm"] = list(inputs["warm"]) + list(inputs["queries"])
        sys.path.insert(0, tmp)
        names = [_package(c, Path(tmp)) for c in (args.before, args.after)]
        planners = {n: _planner(n, inputs["collections"]) for n in names}
        for n in names:
            for collection, _form, q in inputs["warm"]:
                planners[n](collection, q)
        cpu: dict[str, list[float]] = {n: [] for n in names}
        forms: list[str] = []
        differ: list[list[str]] = []
        for r in range(args.rounds):
            for i, (collection, form, q) in enumerate(inputs["queries"]):
                made = {}
                for n in (names if (i + r) % 2 == 0 else names[::-1]):
                    if args.cold:
                        planners[n].forget()
                    c0 = time.thread_time()
                    made[n] = planners[n](collection, q)
                    cpu[n].append(time.thread_time() - c0)
                forms.append(form)
                if r == 0 and len(names) == 2 and repr(made[names[0]]) != repr(made[names[1]]):
                    differ.append([collection, form, q])
    out: dict = {"queries": len(inputs["queries"]), "rounds": args.rounds, "cold": args.cold}
    for commit, n in zip((args.before, args.after), names, strict=True):
        xs = cpu[n]
        out[commit] = {"cpu_ms": {"p50": statistics.median(xs) * 1000, "p99": qp.percentile(xs, 99) * 1000,
                                  "mean": statistics.mean(xs) * 1000},
                       "cpu_ms_p50_by_form": {f: statistics.median(x for x, g in zip(xs, forms, strict=True)
                                                                   if g == f) * 1000 for f in sorted(set(forms))}}
    out["after / before, median per query"] = statistics.median(
        b / a for a, b in zip(cpu[names[0]], cpu[names[-1]], strict=True) if a > 0)
    out["plans_differ"] = differ
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
