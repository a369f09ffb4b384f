"""Incremental indexing benchmark: a full ``kavosh index`` of N files against re-runs that skip them.

Writes N ``.txt`` files (title + text of the first N documents of a JSONL corpus) to a
temporary folder, then, R times on a fresh index, times with the real ``kavosh`` command
(wall clock, process start included):

* ``full``      — the first run (every file new);
* ``unchanged`` — the same command again (every file skipped by its content hash);
* ``touched``   — after changing the modification time of every file (still skipped);
* ``one edit``  — after appending a sentence to one file (one file re-indexed).

Also times hashing every file in-process (:func:`kavosh.ingest.sources.content_hash`),
the part of a skipped run that grows with the collection's bytes.  Reports medians and
each re-run's ratio to the full run measured in the same repetition.

Usage::

    python benchmarks/incremental.py [--corpus ../shared/data/hamshahri/corpus.jsonl.gz] [--files 2000]
        [--repeat 3] [--json OUT]
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

from kavosh.ingest.sources import content_hash

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "hamshahri" / "corpus.jsonl.gz"


def kavosh_command() -> list[str]:
    script = Path(sys.executable).parent / "kavosh"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]


def write_files(corpus: Path, folder: Path, n: int) -> int:
    """Write the first ``n`` records of ``corpus`` as text files; returns their total size in bytes."""
    opener = gzip.open if corpus.name.endswith(".gz") else open
    total = 0
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                break
            rec = json.loads(line)
            body = f"{rec.get('title', '')}\n\n{rec.get('text') or rec.get('contents') or ''}\n"
            path = folder / f"d{i:06d}.txt"
            path.write_text(body, encoding="utf-8")
            total += path.stat().st_size
    return total


def timed_index(folder: Path, index: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([*kavosh_command(), "index", str(folder), "--index", str(index)],
                          capture_output=True, text=True, encoding="utf-8")
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"kavosh index failed: {proc.stderr}")
    summary = next((ln for ln in proc.stderr.splitlines() if ln.startswith("files:")), "")
    return dt, summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"corpus not found: {args.corpus}")
    work = Path(tempfile.mkdtemp(prefix="kavosh-incr-"))
    try:
        folder = work / "files"
        folder.mkdir()
        size = write_files(args.corpus, folder, args.files)
        files = sorted(folder.iterdir())
        times: dict[str, list[float]] = {"full": [], "unchanged": [], "touched": [], "one edit": [], "hash all": []}
        summaries: dict[str, str] = {}
        for r in range(args.repeat):
            index = work / f"index{r}"
            for name in ("full", "unchanged", "touched", "one edit"):
                if name == "touched":
                    now = time.time() + 60 * (r + 1)
                    for f in files:
                        os.utime(f, (now, now))
                elif name == "one edit":
                    with open(files[r], "a", encoding="utf-8") as fh:
                        fh.write("\nجمله‌ای تازه برای آزمون به‌روزرسانی.\n")
                dt, summary = timed_index(folder, index)
                times[name].append(dt)
                summaries[name] = summary
            t0 = time.perf_counter()
            for f in files:
                content_hash(f)
            times["hash all"].append(time.perf_counter() - t0)
            shutil.rmtree(index)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(files):,} files, {size / 1e6:.1f} MB, {args.repeat} repetitions (median wall seconds, "
          f"process start included)")
    print(f"{'run':<11} {'median s':>9} {'vs full':>8}   summary of the last repetition")
    for name in ("full", "unchanged", "touched", "one edit", "hash all"):
        ratio = statistics.median(t / f for t, f in zip(times[name], times["full"], strict=True))
        print(f"{name:<11} {med[name]:>9.2f} {ratio:>8.3f}   {summaries.get(name, '(in-process, no index)')}")
    if args.json:
        args.json.write_text(json.dumps({"files": len(files), "bytes": size, "times": times, "median": med},
                                        indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
