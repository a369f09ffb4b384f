#!/usr/bin/env python3
"""Where the HTTP load's p99 comes from: ``http_load.py``'s closed loop simulated with this machine's
measured per-query server CPU, to separate what the queue itself gives from what the machine adds.

The model: ``--clients`` connections (wrk's, spread over ``--threads`` threads that each rotate through the
query list as ``http_load.py``'s Lua script does) always busy, each held by one of ``--workers`` server
workers; a worker answers its requests one at a time in arrival order (asyncio's loop running each search
to its end), each taking the CPU its query took in process (``GET /api/search`` through the ASGI app,
thread CPU, median of ``--rounds``; the queries of ``http_load.py``), scaled so that the mean is
``--cpu-ms`` (the server CPU a request ``http_load.py`` reports, sockets and uvicorn included); a worker has
a core of its own; the client sends its next request ``--think-ms`` after an answer.  How the kernel
spreads connections over the workers' ``SO_REUSEPORT`` sockets (a hash of each connection: 25/25 or 29/21
by chance) is drawn ``--splits`` times.

Printed: requests/s and p50 / p90 / p99 of the latency for connections spread evenly (also with every
request the same CPU, and with a worker's pause now and then: ``--stall-ms``, ``--stall-every``) and for the drawn
spreads (median and 90th percentile of their p99), each spread 25/25 … 33/17, and the CPU ms a request
at which the p99 reaches ``--target`` ms (bisection) evenly spread and at the drawn spreads' median.
What the model leaves out — garbage-collector pauses, the load generator and the server sharing two
cores, another process's work — is what a measured p99 above the model's is made of.

Usage::

    python benchmarks/http_tail_model.py --index /tmp/ham [--cpu-ms 2.1] [--workers 2] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import heapq
import json
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(index: Path, queries: int, rounds: int) -> list[float]:
    """Each ``http_load.py`` query's CPU ms through the ASGI app (the median of ``rounds``), warm, the heap
    frozen as a warmed server's is, in rotation order."""
    import bench_corpora as bc  # noqa: PLC0415
    import http_ab as ab  # noqa: PLC0415
    import http_load as load  # noqa: PLC0415
    docs = bc.load_beir(load.DATA / "corpus.jsonl.gz")
    chosen = bc.choose_queries(bc.load_topics(load.DATA / "queries.jsonl"), docs, queries, load.kavosh_accepts(index))
    paths = ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in chosen]
    asyncio.set_event_loop(asyncio.new_event_loop())
    app = ab.make_app("kavosh", index)
    for path in paths:
        ab.asgi_get(app, path)
    gc.collect()
    gc.freeze()
    times: list[list[float]] = [[] for _ in paths]
    for _ in range(rounds):
        for i, path in enumerate(paths):
            c0 = time.thread_time()
            ab.asgi_get(app, path)
            times[i].append((time.thread_time() - c0) * 1000)
    return [statistics.median(t) for t in times]


def simulate(service_ms: list[float], split: list[int], seconds: float = 60.0, threads: int = 2,
             think_ms: float = 0.05, seed: int = 0, stall_ms: float = 0.0,
             stall_every: int = 0) -> tuple[float, float, float, float]:
    """The closed loop of the module text with ``split[w]`` connections on worker ``w``; requests/s and
    the p50 / p90 / p99 latency in ms.  ``stall_ms`` every ``stall_every`` requests of a worker: a pause
    of the worker (a full garbage collection of an unfrozen heap: 40–55 ms every ~1,500 searches)."""
    rnd = random.Random(seed)
    worker_of = [w for w, n in enumerate(split) for _ in range(n)]
    rnd.shuffle(worker_of)
    clients = len(worker_of)
    position = [t * 7919 for t in range(threads)]  # http_load.py's Lua: init(args) i = id * 7919
    free = [0.0] * len(split)
    served = [0] * len(split)
    events = [(rnd.random() * 1e-3, c) for c in range(clients)]
    heapq.heapify(events)
    latencies = []
    while events:
        sent, c = heapq.heappop(events)
        if sent > seconds:
            break
        t = c % threads
        position[t] = position[t] % len(service_ms) + 1
        w = worker_of[c]
        free[w] = max(sent, free[w]) + service_ms[position[t] - 1] / 1000
        served[w] += 1
        if stall_every and served[w] % stall_every == 0:
            free[w] += stall_ms / 1000
        latencies.append(free[w] - sent)
        heapq.heappush(events, (free[w] + think_ms / 1000, c))
    latencies.sort()
    n = len(latencies)
    return n / seconds, *(latencies[min(n - 1, int(n * q))] * 1000 for q in (0.5, 0.9, 0.99))


def drawn_splits(clients: int, workers: int, count: int) -> list[list[int]]:
    """``count`` spreads of ``clients`` connections over ``workers`` sockets by a uniform hash."""
    rnd = random.Random(12)
    out = []
    for _ in range(count):
        split = [0] * workers
        for _ in range(clients):
            split[rnd.randrange(workers)] += 1
        out.append(split)
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure, simulate, print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, help="a Kavosh index of Hamshahri (to measure the queries' CPU)")
    p.add_argument("--service-json", type=Path, help="per-query CPU ms (a JSON list) instead of measuring")
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cpu-ms", type=float, help="mean server CPU ms a request to scale to (default: as measured)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument("--think-ms", type=float, default=0.05)
    p.add_argument("--splits", type=int, default=100, help="connection spreads drawn (default 100)")
    p.add_argument("--target", type=float, default=100.0, help="p99 ms to solve the CPU for (default 100)")
    p.add_argument("--stall-ms", type=float, default=50.0,
                   help="a worker's pause for the 'with pauses' line (default 50: a full collection, heap not frozen)")
    p.add_argument("--stall-every", type=int, default=1500, help="requests of a worker between pauses (default 1500)")
    args = p.parse_args(argv)
    if args.service_json:
        measured = json.loads(args.service_json.read_text())
    elif args.index:
        measured = measure(args.index, args.queries, args.rounds)
    else:
        p.error("give --index (to measure) or --service-json")
    mean = statistics.fmean(measured)

    def scaled(cpu_ms: float) -> list[float]:
        return [x * cpu_ms / mean for x in measured]

    cpu = args.cpu_ms or mean
    even = [args.clients // args.workers + (w < args.clients % args.workers) for w in range(args.workers)]
    splits = drawn_splits(args.clients, args.workers, args.splits)

    def run(cpu_ms: float, split: list[int], seed: int = 0):
        return simulate(scaled(cpu_ms), split, threads=args.threads, think_ms=args.think_ms, seed=seed)

    def drawn_p99s(cpu_ms: float) -> list[float]:
        return sorted(run(cpu_ms, s, i)[3] for i, s in enumerate(splits))

    def solve(p99_of) -> float:
        lo, hi = 0.1, 20.0
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if p99_of(mid) <= args.target else (lo, mid)
        return lo

    sorted_ms = sorted(measured)
    out = {"measured per query, CPU ms": {"mean": mean, "p50": statistics.median(measured),
                                          "p90": sorted_ms[int(0.9 * len(sorted_ms))],
                                          "p99": sorted_ms[int(0.99 * len(sorted_ms))], "max": sorted_ms[-1],
                                          "cv": statistics.pstdev(measured) / mean},
           "cpu_ms a request (scaled to)": cpu, "workers": args.workers, "clients": args.clients}
    names = ("rps", "p50_ms", "p90_ms", "p99_ms")
    out["even spread " + "/".join(map(str, even))] = dict(zip(names, run(cpu, even), strict=True))
    out["same CPU for every request, even spread"] = dict(zip(names, simulate([cpu] * len(measured), even,
                                                                             threads=args.threads), strict=True))
    out[f"even spread, a {args.stall_ms:g} ms pause every {args.stall_every} requests of a worker"] = dict(zip(
        names, simulate(scaled(cpu), even, threads=args.threads, think_ms=args.think_ms, stall_ms=args.stall_ms,
                        stall_every=args.stall_every), strict=True))
    p99s = drawn_p99s(cpu)
    out[f"hashed spreads ({args.splits} drawn): p99 median / p90 / max"] = [
        p99s[len(p99s) // 2], p99s[int(0.9 * len(p99s))], p99s[-1]]
    if args.workers == 2:
        for a in range(args.clients // 2, args.clients // 2 + 9, 2):
            out[f"spread {a}/{args.clients - a}"] = dict(zip(names, run(cpu, [a, args.clients - a]), strict=True))
    out[f"cpu_ms a request for p99 <= {args.target:g} ms: even spread"] = solve(lambda c: run(c, even)[3])
    out[f"cpu_ms a request for p99 <= {args.target:g} ms: median hashed spread"] = solve(
        lambda c: statistics.median(run(c, s, i)[3] for i, s in enumerate(splits[:25])))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
