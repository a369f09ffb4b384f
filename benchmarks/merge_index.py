#!/usr/bin/env python3
"""The cost of merging an existing index's segments into one (``kavosh index --merge``'s step).

    python benchmarks/merge_index.py INDEX [--copy DEST] [--json]

``--copy DEST`` merges a copy instead (``DEST`` must not exist): the segment files hard-linked, the other
files copied, so the original is untouched (a merge writes new files and unlinks the old ones).  The merge
(:func:`kavosh.index.merge.merge_segments`) runs in a child process; reported: segments before and after,
wall seconds, the child's CPU seconds (user + system), its peak RSS (``ru_maxrss``: the heap and the
resident pages of the index files it maps, which is most of it), the index size before and after, and
the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

SEGMENT_SUFFIXES = (".fast", ".fieldnorm", ".idx", ".pos", ".store", ".term", ".del")


def copy_index(src: Path, dest: Path) -> None:
    """``src`` copied to ``dest``: segment files hard-linked (a merge never writes into them), others copied."""
    dest.mkdir(parents=True)
    for p in src.iterdir():
        if p.is_dir():
            shutil.copytree(p, dest / p.name)
        elif p.suffix in SEGMENT_SUFFIXES:
            os.link(p, dest / p.name)
        elif p.name != ".tantivy-writer.lock":
            shutil.copy2(p, dest / p.name)


def segments(index: Path) -> int:
    return len(json.loads((index / "meta.json").read_text())["segments"])


def dir_mb(index: Path) -> float:
    return sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description="merge an index's segments into one and measure it")
    p.add_argument("index", type=Path)
    p.add_argument("--copy", type=Path, default=None, help="merge a hard-linked copy made here instead")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not (args.index / "meta.json").is_file():
        p.error(f"{args.index}: not an index folder (no meta.json)")
    target = args.index
    if args.copy is not None:
        if args.copy.exists():
            p.error(f"{args.copy} exists")
        copy_index(args.index, args.copy)
        target = args.copy
    out = {"index": str(target), "segments_before": segments(target), "mb_before": dir_mb(target),
           "load_before": os.getloadavg()[0]}
    code = "import sys; from kavosh.index.merge import merge_segments; print(merge_segments(sys.argv[1]))"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True)
    out["seconds"] = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return 1
    out["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out["peak_rss_mb"] = after.ru_maxrss / 1024
    out["segments_after"] = segments(target)
    out["mb_after"] = dir_mb(target)
    out["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        print(f"{target}: {out['segments_before']} -> {out['segments_after']} segments in {out['seconds']:.1f} s wall, "
              f"{out['cpu_s']:.1f} s CPU, peak RSS {out['peak_rss_mb']:.0f} MB; index {out['mb_before']:.0f} -> "
              f"{out['mb_after']:.0f} MB; load {out['load_before']:.1f} -> {out['load_after']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
