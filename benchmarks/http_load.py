#!/usr/bin/env python3
"""HTTP load: ``kavosh serve`` under many concurrent clients, driven by wrk (Debian ``wrk``).

wrk (C, event loop) costs far less CPU per request than a Python load generator,
which matters when client and server share the machine's two cores.  A Lua script
rotates every client through the query list (the 30 Hamshahri topics plus word
runs sampled from the corpus, seed 7, every other one quoted: the queries of
``benchmarks/latency.py``) as ``GET /api/search?q=…`` (top 10, highlighted snippets,
collapsing on: the API's defaults), each connection sending its next request as
soon as the answer arrives (a closed loop: the offered rate is whatever the server sustains, and with
N connections always busy the mean latency is N / throughput, Little's law), or with ``--rate R`` paced
at R requests/s over all connections (each wrk thread hands out send times at a fixed period from LuaJIT's
clock; a send whose time had passed because every connection of its thread was busy is counted as late,
with the largest lateness: wrk's latency starts at the actual send, so late sends mean the rate was not
held).  A warm-up of the same load (not counted) comes first.

Reported: requests, errors (socket errors + non-2xx answers, from wrk; server
tracebacks from its log), requests/s, p50 / p90 / p99 latency (wrk's histogram),
the server's CPU use (cores, and CPU ms per request: its processes' CPU time over the requests
served; psutil; and each worker's cores and established connections, sampled mid-run), and the
machine's 1-minute load average sampled every 5 s during the run (mean and max) — the load generator
runs on the same machine.  The server listens on 127.0.0.1 only.

Usage::

    apt-get install wrk
    python benchmarks/http_load.py [--index DIR] [--clients 50] [--duration 60] [--workers 1] [--rate R] [--json]

Without ``--index`` the Hamshahri corpus is indexed into a temporary folder first.
Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import bench_corpora as bc

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "hamshahri"

LUA = r"""
-- written by benchmarks/http_load.py: rotate through the paths; print a JSON summary
local paths = {}
for line in io.lines("PATHS_FILE") do paths[#paths + 1] = line end
local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter); counter = counter + 1; table.insert(threads, thread)
end
function init(args) i = id * 7919 end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
-- with --rate: each wrk thread hands out send times at a fixed period; a connection that comes back
-- waits for the next free one.  A send time already past when taken is a late send (every connection
-- of the thread was busy): counted, with the largest lateness, since wrk's latency starts at the send.
local pacing, period = PACING, PERIOD_MS
local ffi, ts
if pacing then
  ffi = require("ffi")
  ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } kv_timespec; int clock_gettime(int, kv_timespec *); ]]
  ts = ffi.new("kv_timespec")
end
local function now_ms() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6 end
late, late_max, slot = 0, 0, nil
function delay()
  if not pacing then return 0 end
  local now = now_ms()
  if slot == nil then slot = now + (id or 0) * period / 2 end
  slot = slot + period
  local wait = slot - now
  if wait < 0 then
    if -wait > 1 then late = late + 1 end
    if -wait > late_max then late_max = -wait end
    return 0
  end
  return math.floor(wait)
end
function done(summary, latency, requests)
  local e = summary.errors
  local late_all, late_max_all = 0, 0
  for _, t in ipairs(threads) do
    late_all = late_all + (t:get("late") or 0)
    late_max_all = math.max(late_max_all, t:get("late_max") or 0)
  end
  io.write(string.format('JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"late_sends": %d, "late_max_ms": %.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, late_all, late_max_all))
end
"""


def kavosh_cmd() -> list[str]:
    """The installed ``kavosh`` command (next to this Python, else ``python -m kavosh``)."""
    script = Path(sys.executable).parent / "kavosh"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]


def kavosh_accepts(index: Path):
    """``query → bool``: whether Kavosh runs it (a query of stopwords only is a 400, not a server error)."""
    import kavosh

    ix = kavosh.Index(index, create=False)

    def accepts(q: str) -> bool:
        try:
            ix.search(q, limit=1, snippets=False)
            return True
        except ValueError:
            return False

    return accepts


def start_server(index: Path, workers: int, cmd: list[str] | None = None, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> tuple[subprocess.Popen, str, list[str]]:
    """``kavosh serve`` on 127.0.0.1, a free port, once it answers ``/healthz``; the process, its URL and its
    (growing) log.  ``cmd``: the command that runs kavosh (default :func:`kavosh_cmd`); ``env``, ``cwd``: the
    process's (another tree's package: ``benchmarks/http_serve_ab.py``).  Exits with the log if it never
    answers."""
    proc = subprocess.Popen([*(cmd or kavosh_cmd()), "serve", "--index", str(index), "--host", "127.0.0.1",
                             "--port", "0", "--workers", str(workers)], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, env=env, cwd=cwd)
    log: list[str] = []
    url = None
    for line in proc.stderr:
        log.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            url = f"http://127.0.0.1:{m.group(1)}"
            break
    if url is None:
        raise SystemExit("http_load: kavosh serve did not start:\n" + "".join(log))
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    for _ in range(600):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc, url, log
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("http_load: kavosh serve never answered /healthz:\n" + "".join(log))


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server :func:`start_server` started: SIGTERM, then SIGKILL if it has not exited in 15 s."""
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_wrk(url: str, script: Path, clients: int, seconds: int, threads: int) -> dict:
    """One wrk run; its JSON summary (latencies in µs)."""
    r = subprocess.run(["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
                        "-s", str(script), url], capture_output=True, text=True)
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("JSON ")), None)
    if r.returncode or line is None:
        raise SystemExit(f"http_load: wrk failed ({r.returncode}): {r.stdout[-1500:]} {r.stderr[-1500:]}")
    return json.loads(line[5:])


def workers_of(server) -> list:
    """The processes of ``kavosh serve`` that answer requests: its workers (uvicorn's spawned processes, not
    multiprocessing's resource tracker), or the server itself when it has none."""
    workers = []
    for p in server.children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(p.cmdline()):
                workers.append(p)
        except Exception:  # ended meanwhile
            pass
    return workers or [server]


def worker_connections(server, port: int) -> list[int]:
    """The established connections to ``port`` each server process holds (the supervisor left out when it
    has workers): with ``--workers 2`` the kernel hashes connections over the workers' sockets, and a worker
    holding more connections keeps each of them waiting longer."""
    out = []
    for p in workers_of(server):
        try:
            conns = p.net_connections(kind="tcp") if hasattr(p, "net_connections") else p.connections(kind="tcp")
        except Exception:  # the process ended, or no permission: not counted
            conns = []
        out.append(sum(1 for c in conns if c.status == "ESTABLISHED" and c.laddr and c.laddr.port == port))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when no request failed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="a Kavosh index of Hamshahri (default: built in a temp folder)")
    ap.add_argument("--corpus", type=Path, default=DATA / "corpus.jsonl.gz", help="corpus for sampled queries")
    ap.add_argument("--queries", type=int, default=500, help="queries in the rotation (default 500)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent connections (default 50)")
    ap.add_argument("--duration", type=int, default=60, help="seconds measured (default 60)")
    ap.add_argument("--warmup", type=int, default=10, help="seconds of load before, not counted (default 10)")
    ap.add_argument("--workers", type=int, default=1, help="kavosh serve --workers (default 1)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--rate", type=float, default=None,
                    help="offered requests/s over all connections, paced (default: none, each connection sends "
                         "its next request as soon as the answer arrives: a closed loop)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if args.rate is not None and args.rate <= 0:
        ap.error(f"--rate must be above 0, got {args.rate}")
    if shutil.which("wrk") is None:
        raise SystemExit("http_load: wrk not found: apt-get install wrk")
    import psutil

    tmp = Path(tempfile.mkdtemp(prefix="kavosh-http-load-"))
    try:
        index = args.index
        if index is None:
            index = tmp / "index"
            subprocess.run([*kavosh_cmd(), "index", str(args.corpus), "--index", str(index), "-q"], check=True)
        elif not index.exists():
            raise SystemExit(f"http_load: --index {index} does not exist")
        docs = bc.load_beir(args.corpus)
        queries = bc.choose_queries(bc.load_topics(DATA / "queries.jsonl"), docs, args.queries,
                                    kavosh_accepts(index))
        paths = tmp / "paths.txt"
        paths.write_text("".join("/api/search?" + urllib.parse.urlencode({"q": q}) + "\n" for q in queries),
                         encoding="utf-8")
        script = tmp / "rotate.lua"
        period = args.threads * 1000.0 / args.rate if args.rate else 0.0  # each thread's share of the rate
        script.write_text(LUA.replace("PATHS_FILE", str(paths)).replace("PACING", "true" if args.rate else "false")
                          .replace("PERIOD_MS", repr(period)), encoding="utf-8")
        proc, url, log = start_server(index, args.workers)
        try:
            server = psutil.Process(proc.pid)
            warm = run_wrk(url, script, args.clients, args.warmup, args.threads) if args.warmup else None
            loads: list[float] = []
            stop = threading.Event()

            port = int(url.rsplit(":", 1)[1])
            splits: list[list[int]] = []

            def sample() -> None:
                while not stop.wait(5):
                    loads.append(os.getloadavg()[0])
                    splits.append(worker_connections(server, port))

            sampler = threading.Thread(target=sample, daemon=True)
            load_before = os.getloadavg()[0]
            procs, workers = [server, *server.children(recursive=True)], workers_of(server)
            each0 = [sum(p.cpu_times()[:2]) for p in procs]
            sampler.start()
            res = run_wrk(url, script, args.clients, args.duration, args.threads)
            stop.set()
            each1 = [sum(p.cpu_times()[:2]) for p in procs]
            cpu0, cpu1 = sum(each0), sum(each1)
        finally:
            stop_server(proc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    errors = sum(res[k] for k in ("connect", "read", "write", "status", "timeout"))
    secs = res["duration_us"] / 1e6
    out = {"tool": "wrk", "clients": args.clients, "duration_s": round(secs, 1), "warmup_s": args.warmup,
           "offered_rps": args.rate, "late_sends": res["late_sends"], "late_max_ms": res["late_max_ms"],
           "server_workers": args.workers, "wrk_threads": args.threads, "cpus": os.cpu_count(),
           "queries": len(queries), "requests": res["requests"], "errors": errors,
           "error_kinds": {k: res[k] for k in ("connect", "read", "write", "status", "timeout")},
           "warmup_errors": None if warm is None else sum(warm[k] for k in ("connect", "read", "write", "status",
                                                                           "timeout")),
           "server_tracebacks": "".join(log).count("Traceback"),
           "rps": res["requests"] / secs, "p50_ms": res["p50_us"] / 1000, "p90_ms": res["p90_us"] / 1000,
           "p99_ms": res["p99_us"] / 1000, "max_ms": res["max_us"] / 1000,
           "server_cpu_cores": (cpu1 - cpu0) / secs,
           "server_cpu_ms_per_request": (cpu1 - cpu0) * 1000 / max(res["requests"], 1),
           "worker_cpu_cores": [round((b - a) / secs, 2) for a, b, p in zip(each0, each1, procs, strict=True)
                                if p in workers],
           "worker_connections": splits[len(splits) // 2] if splits else None, "load_before": load_before,
           "load_mean": statistics.fmean(loads) if loads else None, "load_max": max(loads) if loads else None}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        paced = (f"paced at {args.rate:g} req/s offered ({out['late_sends']} sends late, the latest by "
                 f"{out['late_max_ms']:.0f} ms)" if args.rate else "closed loop")
        print(f"wrk, {out['clients']} connections, {paced}, {out['duration_s']} s after {args.warmup} s warm-up, "
              f"{args.workers} server worker(s), {out['queries']} queries rotating:\n"
              f"  {out['requests']:,} requests, {errors} errors ({out['error_kinds']}), warm-up errors "
              f"{out['warmup_errors']}, server tracebacks {out['server_tracebacks']}\n"
              f"  {out['rps']:.1f} req/s, p50 {out['p50_ms']:.0f} ms, p90 {out['p90_ms']:.0f} ms, "
              f"p99 {out['p99_ms']:.0f} ms, max {out['max_ms']:.0f} ms\n"
              f"  server CPU {out['server_cpu_cores']:.2f} cores, {out['server_cpu_ms_per_request']:.2f} ms a request "
              f"(workers: {out['worker_cpu_cores']} cores, {out['worker_connections']} connections); "
              f"load average before {load_before:.1f}, "
              f"during mean {out['load_mean'] or 0:.1f} max {out['load_max'] or 0:.1f} ({os.cpu_count()} CPUs)")
    return 0 if errors == 0 and out["server_tracebacks"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
