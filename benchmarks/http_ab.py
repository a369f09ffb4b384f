#!/usr/bin/env python3
"""Server CPU per ``/api/search`` request of two commits side by side in one process: a paired
before/after of the HTTP path that a loaded machine does not blur.

Each commit's ``src/kavosh`` is unpacked from git as a package of its own name (``kavosh_<commit>``,
:func:`plan_ab._package`, this checkout's compiled core beside it) and its FastAPI app built over the same
index (:func:`kavosh.api.app.create_app`, the app ``kavosh serve`` runs: middlewares, dependencies,
parameter validation, response model).  Every request is an ASGI call of the app (``GET /api/search?q=…``,
the API's defaults: top 10, snippets, collapsing) on an event loop, without sockets or uvicorn's HTTP
parsing (the same for both), timed with the calling thread's CPU time (``thread_time``); the body is
read back and checked to be 200.  Queries: those of ``benchmarks/http_load.py`` (the 30 Hamshahri topics
plus phrases sampled from the corpus, seed 7, every other one quoted).  Both apps are warmed on the whole
rotation first (the server answers it over and over under load), then every query is sent to both back
to back, the order alternating from query to query and round to round.

Reported (JSON): each commit's per-request CPU p50 / p90 / p99 / mean (ms) over all rounds, the median
over queries of the per-query ratio after ÷ before, the machine's load, the cyclic garbage collector's
pauses during the rounds (thread CPU per generation: count, largest, total; both apps share the heap, and
``--freeze`` freezes it after the warm-up as a warmed server does), and ``--slowest N`` queries of the
after commit by their median CPU.  ``--profile FILE`` writes a cProfile of the after commit's
requests (one extra round) for ``python -m pstats``.

Usage::

    kavosh index ../shared/data/hamshahri/corpus.jsonl.gz --index /tmp/ham
    python benchmarks/http_ab.py BEFORE AFTER --index /tmp/ham [--queries 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_app(package: str, index: Path):
    """The FastAPI app of ``package`` (a kavosh package name) over ``index``, its lifespan not run (no
    reload thread: nothing writes the index)."""
    app_mod = importlib.import_module(package + ".api.app")
    service_mod = importlib.import_module(package + ".api.service")
    return app_mod.create_app(service_mod.IndexService(index, reload_interval=0))


def asgi_get(app, path: str) -> tuple[int, bytes]:
    """``GET path`` through the ASGI app, no sockets; the status and body."""
    raw_path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": urllib.parse.unquote(raw_path),
             "raw_path": raw_path.encode(), "root_path": "", "query_string": query.encode(),
             "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"http_ab"), (b"accept", b"*/*")],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}
    out: dict = {"status": 0, "body": []}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"].append(message.get("body", b""))

    asyncio.get_event_loop().run_until_complete(app(scope, receive, send))
    return out["status"], b"".join(out["body"])


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile of ``xs``."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Run the paired comparison; print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--index", type=Path, required=True, help="a Kavosh index of Hamshahri")
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--slowest", type=int, default=10)
    p.add_argument("--profile", metavar="FILE", help="cProfile of one more round of the after commit")
    p.add_argument("--freeze", action="store_true",
                   help="gc.freeze() after the warm-up, as a server does once warm (kavosh.api.service.freeze_heap; "
                        "the process's one heap holds both apps, so it applies to both)")
    args = p.parse_args(argv)
    import bench_corpora as bc  # noqa: PLC0415
    import http_load as load  # noqa: PLC0415
    import plan_ab  # noqa: PLC0415
    asyncio.set_event_loop(asyncio.new_event_loop())
    with tempfile.TemporaryDirectory(prefix="http-ab-") as tmp:
        for i in range(2):
            (Path(tmp) / str(i)).mkdir()
            sys.path.insert(0, str(Path(tmp) / str(i)))
        names = [plan_ab._package(c, Path(tmp) / str(i)) for i, c in enumerate((args.before, args.after))]
        if names[0] == names[1]:  # the same commit twice (a check of the noise): one package, one app each
            names[1] += "#2"
        docs = bc.load_beir(load.DATA / "corpus.jsonl.gz")
        queries = bc.choose_queries(bc.load_topics(load.DATA / "queries.jsonl"), docs, args.queries,
                                    load.kavosh_accepts(args.index))
        paths = ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries]
        apps = {n: make_app(n.partition("#")[0], args.index) for n in names}
        for n in names:
            for path in paths:
                status, body = asgi_get(apps[n], path)
                if status != 200:
                    raise SystemExit(f"http_ab: {n} answered {status} to {path}: {body[:300]!r}")
        if args.freeze:
            gc.collect()
            gc.freeze()
        pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        started: list[float] = []

        def gc_timer(phase: str, info: dict) -> None:
            if phase == "start":
                started[:] = [time.thread_time()]
            elif started:
                pauses[info["generation"]].append(time.thread_time() - started[0])

        gc.callbacks.append(gc_timer)
        load_before = os.getloadavg()[0]
        cpu: dict[str, list[list[float]]] = {n: [[] for _ in paths] for n in names}
        for r in range(args.rounds):
            for i, path in enumerate(paths):
                for n in (names if (i + r) % 2 == 0 else names[::-1]):
                    c0 = time.thread_time()
                    asgi_get(apps[n], path)
                    cpu[n][i].append(time.thread_time() - c0)
        load_after = os.getloadavg()[0]
        gc.callbacks.remove(gc_timer)
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
            for path in paths:
                asgi_get(apps[names[1]], path)
            prof.disable()
            prof.dump_stats(args.profile)
    out: dict = {"requests": len(paths), "rounds": args.rounds, "load": [load_before, load_after]}
    labels = (args.before, args.after if args.after != args.before else args.after + " (again)")
    for commit, n in zip(labels, names, strict=True):
        xs = [x for per in cpu[n] for x in per]
        out[commit] = {"cpu_ms": {"p50": statistics.median(xs) * 1000, "p90": percentile(xs, 90) * 1000,
                                  "p99": percentile(xs, 99) * 1000, "mean": statistics.mean(xs) * 1000}}
    out["gc pauses (both apps, one heap)"] = {
        f"gen{g}": {"collections": len(xs), "max_ms": max(xs, default=0) * 1000, "total_ms": sum(xs) * 1000}
        for g, xs in pauses.items()}
    a, b = ([statistics.median(per) for per in cpu[n]] for n in names)
    out["after / before, median per query"] = statistics.median(y / x for x, y in zip(a, b, strict=True) if x > 0)
    worst = sorted(range(len(paths)), key=lambda i: -b[i])[:args.slowest]
    out["slowest (after)"] = [{"q": queries[i], "after_ms": b[i] * 1000, "before_ms": a[i] * 1000} for i in worst]
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
