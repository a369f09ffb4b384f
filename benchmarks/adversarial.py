#!/usr/bin/env python3
"""The adversarial query battery as a benchmark: CPU time and peak extra memory of each hostile query.

Each query kind runs in a fresh process (this script with ``--child``) that opens
the index, warms up (a common word, a misspelt word, a prefix, Finglish and a
wrong-keyboard word: the lexicon, speller and completion tables are built then,
not charged to the query), then lowers its own address-space rlimit to what it
uses plus ``--mem-mb`` (default 1,024 MB), resets its peak-RSS mark
(``/proc/self/clear_refs``) and runs the query once through
``kavosh.Index.search`` (top 10, snippets, as a user's search).  It reports the
outcome, the process CPU time of the search (all threads), and the peak RSS
above the RSS before it.  The parent kills a child after ``--timeout`` seconds.

Outcomes: ``ok`` (results), ``refused`` (a ``ValueError`` with a message, e.g. a
limit), ``error`` (any other exception), ``MemoryError``, ``killed`` (a signal:
SIGABRT when Rust's allocator fails under the rlimit, SIGKILL from the kernel),
``timeout``.  The issue's target (#12): at most 100 ms CPU and 100 MB extra, or refused.

Usage::

    python benchmarks/adversarial.py [--index DIR] [--kinds ...] [--mem-mb 1024] [--timeout 60] [--json]

Without ``--index`` the Hamshahri corpus is indexed into a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "hamshahri"
WARM = ["تهران", "تهرانن", "تهر*", "tehran", "ktvhk", '"زلزله بم"']
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def battery(seed: int = 5) -> dict[str, str]:
    """Query kind → query text (deterministic)."""
    rng = random.Random(seed)

    def word(n: int) -> str:
        return "".join(rng.choice(LETTERS) for _ in range(n))

    words = [word(5) for _ in range(400)]
    def nesting(depth: int) -> str:
        nest = "تهران"
        for i in range(depth):
            nest = f"({nest} {'OR' if i % 2 else 'AND'} {words[i]})"
        return nest

    nest, nest60 = nesting(70), nesting(60)
    return {  # each under the 1,000-character query limit of today's main, but the last
        "repeated word ×40": " ".join(["تهران"] * 40),
        "repeated word ×160": " ".join(["ایران"] * 160),
        "repeated phrase word ×40": '"' + " ".join(["ایران"] * 40) + '"',
        "one 60-letter word": word(60),
        "one 990-letter word": word(990),
        "160 distinct words": " ".join(words[:160]),
        "60 quoted phrases": " ".join(f'"{words[2 * i]} {words[2 * i + 1]}"' for i in range(60)),
        "nesting depth 70": nest,
        "one-letter prefix ا*": "ا*",
        # just under the limits of the plan (#12: 64 terms, 64 letters a word, 16 terms a phrase, 4 prefixes)
        "repeated word ×64": " ".join(["تهران"] * 64),
        "64 distinct words": " ".join(words[:64]),
        "4 phrases of 16 words": " ".join('"' + " ".join(words[16 * i:16 * i + 16]) + '"' for i in range(4)),
        "nesting depth 60": nest60,
        "one 64-letter word": word(64),
        "4 one-letter prefixes": "ا* ب* م* ک*",
        "bidi controls": "\u202eتهران\u202c \u2067ایران\u2069 \u200fبم\u200e",
        "lone combining marks": "\u064b\u0651 \u0300\u0301 \u0670",
        "escaped lone surrogate": json.loads('"\\ud800\u062a\u0647\u0631\u0627\u0646 \\udfff"'),
        "NUL": "تهران\x00ایران\x00",
        "only operators": "()\"*+-:^~!?",
        "a 5,000-character query": " ".join(words * 3)[:5000],
    }


def _status(*keys: str) -> dict[str, int]:
    """``/proc/self/status`` values in kB."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            k, _, v = line.partition(":")
            if k in keys:
                out[k] = int(v.split()[0])
    return out


def child(index: str, kind: str, mem_mb: int) -> None:
    """Warm up, cap memory, run one query; print one JSON line."""
    import kavosh

    ix = kavosh.Index(index, create=False)
    t0 = time.perf_counter()
    for q in WARM:
        ix.search(q, limit=10)
    warm_s = time.perf_counter() - t0
    query = battery()[kind]
    vm = _status("VmSize")["VmSize"] * 1024
    resource.setrlimit(resource.RLIMIT_AS, (vm + mem_mb * 2**20, resource.RLIM_INFINITY))
    with open("/proc/self/clear_refs", "w") as fh:  # reset VmHWM (peak RSS) to the current RSS
        fh.write("5")
    rss0 = _status("VmRSS")["VmRSS"]
    out = {"warm_s": round(warm_s, 2), "query_chars": len(query)}
    c0, w0 = time.process_time(), time.perf_counter()
    try:
        res = ix.search(query, limit=10)
        out.update(outcome="ok", hits=len(res.hits), total=res.total)
    except MemoryError:
        out.update(outcome="MemoryError")
    except ValueError as e:
        out.update(outcome="refused", message=str(e)[:200])
    except Exception as e:  # reported as the figure
        out.update(outcome="error", message=f"{type(e).__name__}: {str(e)[:200]}")
    out.update(cpu_ms=(time.process_time() - c0) * 1000, wall_ms=(time.perf_counter() - w0) * 1000,
               peak_extra_mb=(_status("VmHWM")["VmHWM"] - rss0) / 1024)
    print("JSON " + json.dumps(out, ensure_ascii=False), flush=True)


def run_kind(index: Path, kind: str, mem_mb: int, timeout: float) -> dict:
    """One kind in a fresh process; its figures (or how it died)."""
    cmd = [sys.executable, __file__, "--child", kind, "--index", str(index), "--mem-mb", str(mem_mb)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"kind": kind, "outcome": "timeout", "message": f"killed after {timeout:g} s"}
    line = next((ln for ln in out.splitlines() if ln.startswith("JSON ")), None)
    if line is not None:
        return {"kind": kind, **json.loads(line[5:])}
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        lines = err.strip().splitlines() or [""]
        last = next((ln for ln in lines if "memory allocation" in ln or "panicked" in ln), lines[-1])
        return {"kind": kind, "outcome": "killed", "message": f"{name} after {time.perf_counter() - t0:.1f} s; "
                f"{last.strip()[:200]}"}
    return {"kind": kind, "outcome": "crashed", "message": f"exit {proc.returncode}: {err.strip()[-300:]}"}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: a Markdown table (or ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="a Kavosh index (default: Hamshahri, built in a temp folder)")
    ap.add_argument("--kinds", nargs="+", help="query kinds to run (default: all; see --list)")
    ap.add_argument("--list", action="store_true", help="print the kinds and exit")
    ap.add_argument("--mem-mb", type=int, default=1024, help="address space allowed above the warmed process's")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a child is killed (default 60)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    kinds = battery()
    if args.list:
        print("\n".join(kinds))
        return 0
    if args.child:
        child(str(args.index), args.child, args.mem_mb)
        return 0
    unknown = [k for k in args.kinds or [] if k not in kinds]
    if unknown:
        ap.error(f"unknown kind {unknown[0]!r}; see --list")
    tmp = Path(tempfile.mkdtemp(prefix="kavosh-adversarial-"))
    try:
        index = args.index
        if index is None:
            index = tmp / "index"
            script = Path(sys.executable).parent / "kavosh"
            base = [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]
            subprocess.run([*base, "index", str(DATA / "corpus.jsonl.gz"), "--index", str(index), "-q"], check=True)
        elif not index.exists():
            ap.error(f"--index {index} does not exist")
        rows = []
        for kind in args.kinds or kinds:
            rows.append(run_kind(index, kind, args.mem_mb, args.timeout))
            print(f"{kind}: {rows[-1]}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps({"mem_mb": args.mem_mb, "timeout_s": args.timeout, "rows": rows}, ensure_ascii=False,
                         indent=1))
        return 0
    print("| query | outcome | CPU ms | peak extra MB | within 100 ms / 100 MB or refused | note |")
    print("|---|---|---:|---:|---|---|")
    for r in rows:
        cpu, mem = r.get("cpu_ms"), r.get("peak_extra_mb")
        good = r["outcome"] == "refused" or (r["outcome"] == "ok" and cpu <= 100 and mem <= 100)
        note = r.get("message", "") or (f"{r.get('total', 0):,} results" if r["outcome"] == "ok" else "")
        print(f"| {r['kind']} | {r['outcome']} | {'–' if cpu is None else f'{cpu:.0f}'} | "
              f"{'–' if mem is None else f'{mem:.0f}'} | {'yes' if good else '**no**'} | {note.replace('|', '/')} |")
    print(f"\nEach query in a fresh process, address space capped at its warmed size + {args.mem_mb} MB, "
          f"killed after {args.timeout:g} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
