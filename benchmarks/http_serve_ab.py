#!/usr/bin/env python3
"""Server CPU per ``/api/search`` request of two commits' ``kavosh serve``, side by side, over real sockets:
the whole HTTP path (uvicorn's protocol, asyncio, the socket calls, the app) that ``http_ab.py`` (the ASGI
app alone, in process) leaves out, paired so that a loaded machine does not blur it.

Each commit's ``src/kavosh`` is unpacked from git as a package named ``kavosh`` in a folder of its own
(this checkout's compiled core beside it) and served by its own ``python -m kavosh serve --workers 1`` on
127.0.0.1 over the same index, both running at once.  wrk (Debian ``wrk``) drives one server at a time
with ``--connections`` keep-alive connections in a closed loop (each sends its next request when the
answer arrives), rotating through the queries of ``benchmarks/http_load.py`` (the 30 Hamshahri topics
plus phrases sampled from the corpus, seed 7, every other one quoted) as ``GET /api/search?q=…``.  Each
server is warmed first (``--warmup`` seconds of the same load), then ``--rounds`` rounds of ``--seconds``
each alternate the two, the order swapped every round.  A round's figure is the server process's CPU
time (user + system, its reload thread included: /proc through psutil) over the requests wrk counted.

Reported (JSON): per commit the median over rounds of CPU ms per request, requests/s and wrk's
p50 / p99 latency (ms; under a loaded machine these measure the wait for a core as much as the server),
the median of the per-round ratios after ÷ before, errors (socket errors and non-2xx answers; none is
expected), and the machine's load average.

Usage::

    kavosh index ../shared/data/hamshahri/corpus.jsonl.gz --index /tmp/ham
    python benchmarks/http_serve_ab.py BEFORE AFTER --index /tmp/ham [--rounds 6] [--seconds 5] [--connections 8]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def unpack(commit: str, into: Path) -> Path:
    """``commit``'s ``src/kavosh`` as ``into/kavosh`` with this checkout's compiled core; ``into``."""
    data = subprocess.run(["git", "-C", str(REPO), "archive", commit, "src/kavosh"], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into / "tmp", filter="data")
    shutil.move(str(into / "tmp" / "src" / "kavosh"), str(into / "kavosh"))
    for so in (REPO / "src" / "kavosh").glob("_core*.so"):
        shutil.copy(so, into / "kavosh" / so.name)
    return into


def serve(path: Path, index: Path) -> tuple[subprocess.Popen, str]:
    """``python -m kavosh serve`` of the package in ``path`` on a free port (one worker); the process and its
    URL (:func:`http_load.start_server`)."""
    import http_load  # noqa: PLC0415

    proc, url, _log = http_load.start_server(index, 1, cmd=[sys.executable, "-m", "kavosh"],
                                             env={**os.environ, "PYTHONPATH": str(path)}, cwd=path)
    return proc, url


def main(argv: list[str] | None = None) -> int:
    """Run the paired comparison; print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--index", type=Path, required=True, help="a Kavosh index of Hamshahri")
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--seconds", type=int, default=5, help="seconds of load a round (default 5)")
    p.add_argument("--warmup", type=int, default=10, help="seconds of load on each server first (default 10)")
    p.add_argument("--connections", type=int, default=8, help="wrk's connections (default 8)")
    args = p.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("http_serve_ab: wrk not found: apt-get install wrk")
    import psutil

    import bench_corpora as bc  # noqa: PLC0415
    import http_load as load  # noqa: PLC0415
    docs = bc.load_beir(load.DATA / "corpus.jsonl.gz")
    queries = bc.choose_queries(bc.load_topics(load.DATA / "queries.jsonl"), docs, args.queries,
                                load.kavosh_accepts(args.index))
    labels = (args.before, args.after if args.after != args.before else args.after + " (again)")
    with tempfile.TemporaryDirectory(prefix="http-serve-ab-") as tmp:
        paths = Path(tmp) / "paths.txt"
        paths.write_text("".join("/api/search?" + urllib.parse.urlencode({"q": q}) + "\n" for q in queries),
                         encoding="utf-8")
        script = Path(tmp) / "rotate.lua"
        script.write_text(load.LUA.replace("PATHS_FILE", str(paths)).replace("PACING", "false")
                          .replace("PERIOD_MS", "0.0"), encoding="utf-8")
        servers = {}
        try:
            for i, (label, commit) in enumerate(zip(labels, (args.before, args.after), strict=True)):
                servers[label] = serve(unpack(commit, Path(tmp) / str(i)), args.index)
            for label, (proc, url) in servers.items():
                load.run_wrk(url, script, args.connections, args.warmup, 1)
            rounds: dict[str, list[dict]] = {label: [] for label in labels}
            load_before = os.getloadavg()[0]
            for r in range(args.rounds):
                for label in (labels if r % 2 == 0 else labels[::-1]):
                    proc, url = servers[label]
                    server = psutil.Process(proc.pid)
                    cpu0 = sum(server.cpu_times()[:2])
                    res = load.run_wrk(url, script, args.connections, args.seconds, 1)
                    cpu1 = sum(server.cpu_times()[:2])
                    n = max(res["requests"], 1)
                    rounds[label].append({"cpu_ms": (cpu1 - cpu0) * 1000 / n, "rps": n / (res["duration_us"] / 1e6),
                                          "p50_ms": res["p50_us"] / 1000, "p99_ms": res["p99_us"] / 1000,
                                          "errors": sum(res[k] for k in ("connect", "read", "write", "status",
                                                                         "timeout"))})
            load_after = os.getloadavg()[0]
        finally:
            for proc, _ in servers.values():
                http_load.stop_server(proc)
    out: dict = {"rounds": args.rounds, "seconds": args.seconds, "connections": args.connections,
                 "queries": len(queries), "load": [load_before, load_after]}
    for label in labels:
        rs = rounds[label]
        out[label] = {k: statistics.median(x[k] for x in rs) for k in ("cpu_ms", "rps", "p50_ms", "p99_ms")}
        out[label]["errors"] = sum(x["errors"] for x in rs)
        out[label]["cpu_ms, each round"] = [round(x["cpu_ms"], 3) for x in rs]
    out["after / before, median of rounds"] = statistics.median(
        b["cpu_ms"] / a["cpu_ms"] for a, b in zip(rounds[labels[0]], rounds[labels[1]], strict=True))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
