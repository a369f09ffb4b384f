"""Load benchmark of ``kavosh serve``: many concurrent clients sending mixed queries, with locust.

Starts ``kavosh serve`` on an index, then runs locust (a maintained load tool,
PyPI ``locust``) headless: ``--users`` clients, each sending its next request as
soon as the previous answer arrives, for ``--duration`` seconds.  The mix:

* ``api topic``   the Hamshahri topics (``queries.jsonl``), ``GET /api/search``;
* ``api word``    single words drawn from the corpus titles (frequent and rare);
* ``api words``   two corpus words;
* ``api phrase``  two adjacent title words in quotes;
* ``api prefix``  the first letters of a word and ``*``;
* ``api page 2``  a topic or word, ``offset=10``;
* ``web page``    ``GET /?q=`` — the HTML results page.

Every query is checked with Kavosh's own parser first, so a 4xx is a real error.
A warm-up of the same load (``--warmup``, not counted) comes first: the
analyzer caches stems per word, so a cold server is slower.  Prints
requests/s, p50, p99 and errors per kind and overall (locust's
percentiles are rounded to two significant digits), and the server's own
errors (tracebacks in its log).

Usage::

    pip install locust
    kavosh index ../shared/data/hamshahri/corpus.jsonl.gz --index /tmp/ham-idx
    python benchmarks/http_users.py --index /tmp/ham-idx [--users 50] [--duration 60] [--workers 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from http_load import start_server, stop_server

_HERE = Path(__file__).resolve().parent
DATA = _HERE.parent.parent / "shared" / "data" / "hamshahri"
KAVOSH = [sys.executable, "-c", "import sys; from kavosh.cli import main; sys.exit(main())"]

LOCUSTFILE = r'''
"""Locust users for benchmarks/http_users.py (written to a temporary folder by it)."""
import json
import os
import random

from locust import FastHttpUser, constant, task

Q = json.load(open(os.environ["KAVOSH_BENCH_QUERIES"], encoding="utf-8"))


class Searcher(FastHttpUser):
    wait_time = constant(0)

    def _get(self, path, params, name, expect):
        with self.client.get(path, params=params, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {(r.text or '')[:200]}")
            elif expect not in (r.text or ""):
                r.failure(f"unexpected body: {(r.text or '')[:200]}")
            else:
                r.success()

    def _api(self, kind, offset=0, name=None):
        q = random.choice(Q[kind])
        self._get("/api/search", {"q": q, "offset": offset}, name or f"api {kind}", '"total"')

    @task(30)
    def topic(self):
        self._api("topic")

    @task(20)
    def word(self):
        self._api("word")

    @task(15)
    def words(self):
        self._api("words")

    @task(10)
    def phrase(self):
        self._api("phrase")

    @task(5)
    def prefix(self):
        self._api("prefix")

    @task(10)
    def page2(self):
        self._api(random.choice(("topic", "word")), offset=10, name="api page 2")

    @task(10)
    def web(self):
        q = random.choice(Q["topic"] + Q["word"])
        self._get("/", {"q": q}, "web page", 'dir="rtl"')
'''

_WORD = re.compile(r"[\u0600-\u06ff\u200c]{3,}")


def build_queries(queries_path: Path, corpus_path: Path, seed: int = 7, n_docs: int = 3000) -> dict[str, list[str]]:
    """The query mix: topics, plus words, pairs, phrases and prefixes drawn from corpus titles."""
    from kavosh.analysis import default_analyzer
    from kavosh.query.parse import QuerySyntaxError, parse

    rng = random.Random(seed)
    topics = [json.loads(line)["text"] for line in queries_path.open(encoding="utf-8") if line.strip()]
    titles: list[list[str]] = []
    counts: Counter = Counter()
    opener = gzip.open if corpus_path.suffix == ".gz" else open
    with opener(corpus_path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n_docs:
                break
            words = _WORD.findall(json.loads(line).get("title", ""))
            titles.append(words)
            counts.update(words)
    vocab = [w for w, c in counts.most_common() if c >= 2]
    frequent, rare = vocab[:300], vocab[300:3000]
    mix = {
        "topic": topics,
        "word": rng.sample(frequent, min(150, len(frequent))) + rng.sample(rare, min(150, len(rare))),
        "words": [f"{rng.choice(vocab)} {rng.choice(vocab)}" for _ in range(300)],
        "phrase": [f'"{t[j]} {t[j + 1]}"' for t in rng.sample(titles, min(600, len(titles)))
                   if len(t) >= 2 for j in [rng.randrange(len(t) - 1)]][:300],
        "prefix": [w[:4] + "*" for w in rng.sample(vocab, min(300, len(vocab))) if len(w) >= 5][:200],
    }
    analyzer = default_analyzer()

    def runnable(q: str) -> bool:
        try:
            parse(q, analyzer)
            return True
        except QuerySyntaxError:
            return False

    return {kind: [q for q in qs if runnable(q)] for kind, qs in mix.items()}


def read_stats(csv_path: Path) -> list[dict]:
    """Rows of locust's ``*_stats.csv`` as dicts of numbers."""
    rows = []
    with csv_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append({"name": row["Name"] or row["Type"], "requests": int(row["Request Count"]),
                         "errors": int(row["Failure Count"]), "rps": float(row["Requests/s"]),
                         "p50_ms": float(row["50%"] or 0), "p99_ms": float(row["99%"] or 0),
                         "mean_ms": float(row["Average Response Time"] or 0)})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns 0 when no request failed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True, help="a Kavosh index of the Hamshahri corpus")
    ap.add_argument("--queries", default=str(DATA / "queries.jsonl"), help="BEIR queries.jsonl (the topics)")
    ap.add_argument("--corpus", default=str(DATA / "corpus.jsonl.gz"), help="corpus for words (jsonl or .gz)")
    ap.add_argument("--users", type=int, default=50, help="concurrent clients (default 50)")
    ap.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    ap.add_argument("--workers", type=int, default=1, help="kavosh serve --workers (default 1)")
    ap.add_argument("--warmup", type=int, default=15,
                    help="seconds of the same load before measuring, not counted (default 15; 0: a cold server)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    for option, path in (("--queries", args.queries), ("--corpus", args.corpus), ("--index", args.index)):
        if not Path(path).exists():
            raise SystemExit(f"http_users: {option} {path} does not exist")

    mix = build_queries(Path(args.queries), Path(args.corpus))
    print("query mix: " + ", ".join(f"{k} {len(v)}" for k, v in mix.items()), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="kavosh-http-bench-") as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "queries.json").write_text(json.dumps(mix, ensure_ascii=False), encoding="utf-8")
        locustfile = tmpdir / "kavosh_locustfile.py"
        locustfile.write_text(LOCUSTFILE, encoding="utf-8")
        proc, url, log = start_server(Path(args.index), args.workers, cmd=KAVOSH)
        try:
            with urllib.request.urlopen(url + "/healthz") as r:
                health = json.load(r)
            print(f"server: {url}, {health['documents']:,} documents, {args.workers} worker(s); "
                  f"locust: {args.users} users for {args.duration} s", file=sys.stderr)
            env = {**os.environ, "KAVOSH_BENCH_QUERIES": str(tmpdir / "queries.json")}

            def run_locust(seconds: int, prefix: str) -> subprocess.CompletedProcess:
                return subprocess.run(
                    [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "--host", url,
                     "-u", str(args.users), "-r", str(args.users), "-t", f"{seconds}s", "--stop-timeout", "30",
                     "--csv", str(tmpdir / prefix), "--only-summary", "--loglevel", "WARNING"],
                    env=env, cwd=tmp, capture_output=True, text=True)

            warmup_errors = 0
            if args.warmup > 0:
                run_locust(args.warmup, "warmup")
                warmup_errors = sum(r["errors"] for r in read_stats(tmpdir / "warmup_stats.csv")
                                    if r["name"] == "Aggregated")
            t0 = time.perf_counter()
            locust = run_locust(args.duration, "run")
            wall = time.perf_counter() - t0
            stats_csv = tmpdir / "run_stats.csv"
            if not stats_csv.exists():
                print(locust.stdout[-3000:], locust.stderr[-3000:], file=sys.stderr)
                raise SystemExit("locust produced no statistics")
            rows = read_stats(stats_csv)
            failures = (tmpdir / "run_failures.csv").read_text(encoding="utf-8")
        finally:
            stop_server(proc)
    server_errors = "".join(log).count("Traceback")
    total = next(r for r in rows if r["name"] == "Aggregated")
    print(f"\n{'request':<12} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in sorted(rows, key=lambda r: (r["name"] == "Aggregated", r["name"])):
        print(f"{r['name']:<12} {r['requests']:>9,} {r['errors']:>7,} {r['rps']:>8.1f} {r['p50_ms']:>8.0f} "
              f"{r['p99_ms']:>8.0f}")
    print(f"\n{args.users} clients, {args.duration} s after {args.warmup} s of warm-up, {args.workers} server "
          f"worker(s), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          f"(load generator on the same machine): {total['rps']:.1f} requests/s, p50 {total['p50_ms']:.0f} ms, "
          f"p99 {total['p99_ms']:.0f} ms, {total['errors']} errors of {total['requests']:,} requests; "
          f"{warmup_errors} errors during warm-up; server tracebacks: {server_errors}")
    if total["errors"]:
        print(failures, file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "users": args.users, "duration_s": args.duration, "warmup_s": args.warmup, "workers": args.workers,
            "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
            "documents": health["documents"], "wall_s": round(wall, 1), "server_tracebacks": server_errors,
            "warmup_errors": warmup_errors,
            "rows": rows}, indent=2), encoding="utf-8")
    return 0 if total["errors"] == 0 and warmup_errors == 0 and server_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
