#!/usr/bin/env python3
"""Query latency: Kavosh against Lucene set up as Elasticsearch is by default, same queries, same run.

Run with the project's environment (Kavosh runs in this process; Lucene in a worker
process of the Lucene venv, ``benchmarks/lucene_latency.py``, which says what
"as Elasticsearch by default" means: positions + stored source, BM25, the unified
highlighter re-analysing the stored text)::

    python benchmarks/latency.py [--corpus hamshahri news10] [--queries 500] [--rounds 3] \\
        [--lucene-python /work/lucene-venv/bin/python | --no-lucene] [--workdir DIR] [--json] \\
        [--lucene-cache DIR] [--kavosh-cache DIR]

Corpora: ``hamshahri`` (5,375 documents) and ``news10`` (``news/articles.jsonl.gz``
ten times, 40,000 documents, 90% of them lightly edited copies:
:func:`bench_corpora.news_x10`), each indexed here by ``kavosh index`` (near-duplicate
grouping on, as always; searches collapse, as by default) and by Anserini
(``-storePositions -storeRaw``).  ``--corpus FILE.jsonl`` runs any other corpus (the
smoke test uses 50 documents; its queries are only sampled ones).

Queries: the 30 Hamshahri topics, then word runs of 2–4 words sampled from the
corpus's documents (seed 7; every other one quoted, a phrase) up to ``--queries``;
a sampled query Kavosh refuses (only stopwords) is replaced by the next sample.

Measure: warm (one untimed pass of every query in every mode first), in-process, top
10, one query at a time; per round and system: every query with highlighted snippets
(Kavosh ``snippets=True``, Lucene's highlighter on each hit), then without; the
systems alternate within each round and which goes first alternates between rounds.
Reported: the median over rounds of each round's p50 / p90 / p99 (ms), and
Kavosh ÷ Lucene of those medians; the same for the CPU time of the thread that
searched (``time.thread_time``: on a loaded machine it is far steadier than the wall
time, which includes waiting for a core).  ``--json`` prints everything, with Kavosh's ten
slowest queries (median over rounds).
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_corpora as bc

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
MODES = (("snippets", True), ("no snippets", False))


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile ``p`` (0–100] of ``xs``."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))]


KEYS = ("p50", "p90", "p99", "mean", "cpu_p50", "cpu_p90", "cpu_p99", "cpu_mean")


def summary(ms: list[float], cpu: list[float]) -> dict:
    """p50, p90, p99 and mean of one round's wall and thread-CPU times (ms)."""
    out = {}
    for prefix, xs in (("", ms), ("cpu_", cpu)):
        out.update({f"{prefix}p50": percentile(xs, 50), f"{prefix}p90": percentile(xs, 90),
                    f"{prefix}p99": percentile(xs, 99), f"{prefix}mean": statistics.fmean(xs)})
    return out


# ---------------------------------------------------------------- Kavosh (a small adapter over the public API)


class KavoshSide:
    """``kavosh.Index(path).search(q, limit=10, snippets=...)``, whatever else main's signature has."""

    def __init__(self, index_dir: Path):
        import kavosh

        self.index = kavosh.Index(index_dir, create=False)
        self.params = inspect.signature(self.index.search).parameters
        if "snippets" not in self.params:
            raise SystemExit("latency: kavosh.Index.search has no snippets= switch; adapt KavoshSide")

    def one(self, q: str, snippets: bool) -> int:
        """Run ``q``; the number of hits returned."""
        return len(self.index.search(q, limit=10, snippets=snippets).hits)

    def accepts(self, q: str) -> bool:
        """Whether Kavosh runs ``q`` (a query of stopwords only is refused with a ValueError)."""
        try:
            self.one(q, False)
            return True
        except ValueError:
            return False

    def run(self, queries: list[str], snippets: bool) -> tuple[list[float], list[float], int]:
        """Wall and thread-CPU milliseconds per query, and the total of hits."""
        ms, cpu, hits = [], [], 0
        for q in queries:
            t0, c0 = time.perf_counter(), time.thread_time()
            hits += self.one(q, snippets)
            ms.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
        return ms, cpu, hits


# ---------------------------------------------------------------- Lucene (a worker process)


class LuceneSide:
    """The Lucene worker (``lucene_latency.py`` under ``python``), spoken to over pipes."""

    def __init__(self, python: str, log: Path):
        self.log = log
        with open(log, "w") as err:
            self.proc = subprocess.Popen([python, str(HERE / "lucene_latency.py")], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8")

    def ask(self, **req) -> dict:
        """Send one command; its answer (a worker error stops the benchmark with its message)."""
        self.proc.stdin.write(json.dumps(req, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise SystemExit(f"latency: the Lucene worker exited ({self.proc.wait()}):\n{tail}")
        ans = json.loads(line)
        if "error" in ans:
            raise SystemExit(f"latency: Lucene worker: {ans['error']}")
        return ans

    def run(self, queries: list[str], snippets: bool) -> tuple[list[float], list[float], int]:
        """Wall and thread-CPU milliseconds per query, and the total of hits."""
        ans = self.ask(cmd="run", queries=queries, highlight=snippets)
        return ans["ms"], ans["cpu_ms"], ans["hits"]

    def close(self) -> None:
        """Stop the worker."""
        if self.proc.poll() is None:
            self.proc.stdin.write('{"cmd": "quit"}\n')
            self.proc.stdin.flush()
            self.proc.wait(30)


# ---------------------------------------------------------------- one corpus


def corpus_docs(name: str) -> tuple[list[dict], list[str]]:
    """Documents and topics of ``hamshahri``, ``news10`` (Hamshahri's topics) or a JSON Lines file (none)."""
    if name in ("hamshahri", "news10"):
        topics = bc.load_topics(DATA / "hamshahri" / "queries.jsonl")
        if name == "hamshahri":
            return bc.load_beir(DATA / "hamshahri" / "corpus.jsonl.gz"), topics
        return bc.news_x10(bc.load_beir(DATA / "news" / "articles.jsonl.gz")), topics
    path = Path(name)
    if not path.is_file():
        raise SystemExit(f"latency: --corpus {name}: not hamshahri, news10 or a file")
    return bc.load_beir(path), []


def kavosh_index(inp: Path, out: Path) -> float:
    """``kavosh index`` of the installed package; seconds."""
    script = Path(sys.executable).parent / "kavosh"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]
    t0 = time.perf_counter()
    r = subprocess.run([*cmd, "index", str(inp), "--index", str(out), "-q"], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"latency: kavosh index failed: {r.stderr[-2000:]}")
    return time.perf_counter() - t0


def bench_corpus(name: str, args, work: Path, lucene: LuceneSide | None) -> dict:
    """Build both indexes of one corpus, choose the queries, measure; the figures as a dict."""
    docs, topics = corpus_docs(name)
    base = work / Path(name).stem
    shutil.rmtree(base, ignore_errors=True)
    bc.write_inputs(docs, base)
    kavosh_dir = base / "kavosh"
    if args.kavosh_cache:  # Kavosh's index depends on the input and the analyzer: keyed by both
        from kavosh.analysis import default_analyzer

        digest = hashlib.sha256((base / "kavosh.jsonl").read_bytes())
        digest.update(str(default_analyzer().version).encode())
        kavosh_dir = args.kavosh_cache / f"{Path(name).stem}-{digest.hexdigest()[:16]}"
    if kavosh_dir.is_dir():
        info = {"docs": len(docs), "kavosh_index_s": "reused"}
    else:
        info = {"docs": len(docs), "kavosh_index_s": round(kavosh_index(base / "kavosh.jsonl", kavosh_dir), 1)}
    print(f"{name}: {len(docs):,} documents; kavosh index {info['kavosh_index_s']} s", file=sys.stderr)
    if lucene:
        lucene_index = base / "lucene-index"
        if args.lucene_cache:  # Lucene's index depends only on the input: keyed by its hash
            digest = hashlib.sha256()
            for f in sorted((base / "lucene").iterdir()):
                digest.update(f.read_bytes())
            lucene_index = args.lucene_cache / f"{Path(name).stem}-{digest.hexdigest()[:16]}"
        if lucene_index.is_dir():
            info["lucene_index_s"] = "reused"
        else:
            info["lucene_index_s"] = round(lucene.ask(cmd="index", input=str(base / "lucene"),
                                                      index=str(lucene_index), threads=2)["seconds"], 1)
        info["lucene"] = lucene.ask(cmd="open", index=str(lucene_index))["lucene"]
    kv = KavoshSide(kavosh_dir)
    t0 = time.perf_counter()
    queries = bc.choose_queries(topics, docs, args.queries, kv.accepts)
    info.update(queries=len(queries), phrases=sum(q.startswith('"') for q in queries),
                kavosh_first_pass_s=round(time.perf_counter() - t0, 1))
    systems = {"kavosh": kv, **({"lucene": lucene} if lucene else {})}
    for side in systems.values():  # warm: every query, every mode, untimed
        for _, flag in MODES:
            side.run(queries, flag)
    rounds: dict = {m: {s: [] for s in systems} for m, _ in MODES}
    per_query: dict = {m: [] for m, _ in MODES}
    hits: dict = {}
    for r in range(args.rounds):
        order = list(systems) if r % 2 == 0 else list(reversed(systems))
        for mode, flag in MODES:
            for sname in order:
                ms, cpu, n = systems[sname].run(queries, flag)
                rounds[mode][sname].append(summary(ms, cpu))
                hits[sname] = n
                if sname == "kavosh":
                    per_query[mode].append(ms)
            print(f"  round {r + 1} {mode}: " + ", ".join(
                f"{s} p50 {rounds[mode][s][-1]['p50']:.2f} p99 {rounds[mode][s][-1]['p99']:.2f} ms"
                for s in systems), file=sys.stderr, flush=True)
    kv.index.close()
    result = {**info, "hits_returned": hits, "modes": {}}
    for mode, _ in MODES:
        med = {s: {k: statistics.median(x[k] for x in rounds[mode][s]) for k in KEYS} for s in systems}
        entry = {**med, "rounds": rounds[mode]}
        if lucene:
            entry["ratio"] = {k: med["kavosh"][k] / med["lucene"][k] for k in KEYS}
        by_query = [statistics.median(ms[i] for ms in per_query[mode]) for i in range(len(queries))]
        entry["kavosh_slowest"] = sorted(zip(by_query, queries, strict=True), reverse=True)[:10]
        result["modes"][mode] = entry
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return result


def table(results: dict, cpu: bool = False) -> str:
    """The Markdown table of the medians and ratios (``cpu``: of the searching thread's CPU time)."""
    keys = ("cpu_p50", "cpu_p90", "cpu_p99") if cpu else ("p50", "p90", "p99")
    what = "thread CPU" if cpu else "wall"
    rows = [f"| corpus | snippets | Lucene p50 / p90 / p99 ms ({what}) | Kavosh p50 / p90 / p99 ms ({what}) "
            "| Kavosh ÷ Lucene |", "|---|---|---|---|---|"]
    for name, r in results["corpora"].items():
        for mode, e in r["modes"].items():
            def cell(s, e=e):
                return " / ".join(f"{e[s][k]:.2f}" for k in keys) if s in e else "–"
            ratio = " / ".join(f"{e['ratio'][k]:.1f}×" for k in keys) if "ratio" in e else "–"
            rows.append(f"| {name} ({r['docs']:,} docs, {r['queries']} queries) | {mode} | {cell('lucene')} | "
                        f"{cell('kavosh')} | {ratio} |")
    return "\n".join(rows)


def footer(results: dict) -> str:
    """The line under the table: rounds, commit, machine load."""
    return (f"\nMedians of {results['rounds']} rounds at commit {results['commit'] or '?'}; {results['cpus']} CPUs; "
            f"load average {results['load_average_start']:.1f} → {results['load_average_end']:.1f}.")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: prints the Markdown table (or ``--json``)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", nargs="+", default=["hamshahri", "news10"],
                   help="hamshahri, news10 or a JSON Lines file (default: hamshahri news10)")
    p.add_argument("--queries", type=int, default=500, help="queries per corpus (default 500)")
    p.add_argument("--rounds", type=int, default=3, help="measured rounds (default 3)")
    p.add_argument("--lucene-python", default="/work/lucene-venv/bin/python",
                   help="Python of the Lucene venv (default /work/lucene-venv/bin/python)")
    p.add_argument("--no-lucene", action="store_true", help="Kavosh only")
    p.add_argument("--workdir", type=Path, default=None, help="where inputs and indexes go (default: temp)")
    p.add_argument("--keep", action="store_true", help="keep the inputs and indexes in --workdir")
    p.add_argument("--lucene-cache", type=Path, default=None,
                   help="keep Lucene's indexes here and reuse them for the same input (default: rebuilt)")
    p.add_argument("--kavosh-cache", type=Path, default=None,
                   help="keep Kavosh's indexes here and reuse them for the same input and analyzer version "
                        "(to compare two trees of the same index format on one index; default: rebuilt)")
    p.add_argument("--json", action="store_true", help="print every figure as JSON")
    args = p.parse_args(argv)
    if args.queries < 1 or args.rounds < 1:
        p.error("--queries and --rounds must be at least 1")
    if not args.no_lucene and not Path(args.lucene_python).exists():
        p.error(f"--lucene-python {args.lucene_python} not found (or give --no-lucene)")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kavosh-latency-", dir=args.workdir))
    lucene = None if args.no_lucene else LuceneSide(args.lucene_python, work / "lucene.log")
    import kavosh  # the commit of the Kavosh measured (its source folder's, not this script's)

    commit = subprocess.run(["git", "-C", str(Path(kavosh.__file__).parent), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    results: dict = {"commit": commit, "cpus": os.cpu_count(), "load_average_start": os.getloadavg()[0],
                     "rounds": args.rounds, "corpora": {}}
    try:
        for name in args.corpus:
            results["corpora"][name] = bench_corpus(name, args, work, lucene)
    finally:
        if lucene:
            lucene.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_average_end"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        print(table(results))
        print(footer(results))
        print()
        print(table(results, cpu=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
