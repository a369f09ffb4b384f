#!/usr/bin/env python3
"""Where a ``kavosh index`` run spends CPU and memory, phase by phase, as the index grows.

    python benchmarks/scale_phases.py CORPUS_DIR INDEX_DIR [--block 20000] [--out phases.json] [-- kavosh index args]

Runs ``kavosh index CORPUS_DIR --index INDEX_DIR -q`` *in this process* (the real CLI,
``kavosh.cli.main``) with the writer's steps wrapped, and a sampler thread that reads, every
:data:`SAMPLE_S` seconds, the process's resident memory (``/proc/self/statm``) and each thread's
CPU time (``/proc/self/task/*/stat``).  Reported:

* **main-thread CPU per phase** (``time.thread_time`` around each step), per block of
  ``--block`` documents, in microseconds per document, so that a phase whose cost per document
  grows with the index shows up: ``group`` (the band table: ``Grouper.forget`` + ``assign``),
  ``count_out`` (the completion table's check for a replaced id: a term query on the index),
  ``delete`` (tantivy's ``delete_documents_by_term`` call), ``words`` (the completion words counted
  in), ``build`` (the tantivy document), ``add`` (``add_document``), ``group_commit``
  (``Grouper.prepare_commit``/``committed``), ``tantivy_commit``, ``reload``, ``words_merge``
  (the batch's words into the run's counts), ``table`` (the completion table derived and saved, at
  the run's last commit), ``close`` (waiting for tantivy's merges);
* **CPU of the other threads** by name: tantivy's indexing threads (``thrd-tantivy-ix*``), its merge
  threads (``merge_thread*``), its segment updater, and the analysis threads (this process's other
  Python threads), cumulative at the end of each block;
* **peak resident memory per phase** (the sampler attributes each sample to the main thread's phase
  at that moment; ``other`` is the time spent outside the wrapped steps: reading, waiting for the
  analysis threads) and the run's peak.

Phases are the same whatever the size, so run it on the scale corpus's 100k and 300k documents
(``python benchmarks/scale_corpus.py 300000 DIR``) and compare the per-block figures: flat is linear.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

SAMPLE_S = 0.25
"""Seconds between two samples of memory and thread CPU."""

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


class Phases:
    """The main thread's current phase, its CPU per phase, and the sampler's memory per phase."""

    def __init__(self, block: int) -> None:
        self.block = block
        self.current = "other"
        self.cpu: dict[str, float] = defaultdict(float)  # phase -> main-thread CPU seconds (this block)
        self.peak: dict[str, float] = defaultdict(float)  # phase -> peak RSS MB (whole run)
        self.peak_anon: dict[str, float] = defaultdict(float)  # phase -> peak RSS minus file-backed MB
        self.docs = 0
        self.blocks: list[dict] = []
        self.t0 = time.perf_counter()
        self.main_tid = threading.get_native_id()
        self.threads: dict[int, tuple[str, float]] = {}  # tid -> (name, CPU s) as last seen
        self.lock = threading.Lock()
        self.stop = False
        self.timeline: list[tuple] = []  # (s, docs, phase, RSS MB, RSS minus file-backed MB) every ~2 s

    def wrap(self, name: str, fn):
        """``fn`` with its main-thread CPU time counted as phase ``name``."""

        def wrapped(*a, **k):
            outer = self.current
            self.current = name
            c0 = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                dt = time.thread_time() - c0
                self.cpu[name] += dt
                if outer != "other":  # nested: the outer phase does not count this time twice
                    self.cpu[outer] -= dt
                self.current = outer

        return wrapped

    def doc_done(self) -> None:
        self.docs += 1
        if self.docs % self.block == 0:
            self.close_block()

    def close_block(self) -> None:
        with self.lock:
            threads = self._thread_cpu()
        self.blocks.append({"docs": self.docs, "wall_s": round(time.perf_counter() - self.t0, 1),
                            "main_cpu_s": {k: round(v, 3) for k, v in sorted(self.cpu.items())},
                            "threads_cpu_s": threads, "rss_mb": round(rss_mb(), 1),
                            "anon_mb": round(rss_mb() - memory_mb()[1], 1),
                            "load": round(os.getloadavg()[0], 1)})
        self.cpu = defaultdict(float)
        print(f"{self.docs:,} docs, {self.blocks[-1]['wall_s']:.0f} s, RSS {self.blocks[-1]['rss_mb']:.0f} MB, "
              f"load {self.blocks[-1]['load']}", file=sys.stderr, flush=True)

    def _thread_cpu(self) -> dict[str, float]:
        """Cumulative CPU seconds by thread kind (dead threads keep their last reading)."""
        for tid in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{tid}/stat") as f:
                    raw = f.read()
                with open(f"/proc/self/task/{tid}/comm") as f:
                    comm = f.read().strip()
            except OSError:
                continue
            fields = raw[raw.rindex(")") + 2:].split()
            self.threads[int(tid)] = (comm, (int(fields[11]) + int(fields[12])) / _TICK)
        out: dict[str, float] = defaultdict(float)
        for tid, (comm, cpu) in self.threads.items():
            if tid == self.main_tid:
                kind = "main"
            elif comm.startswith("thrd-tantivy-ix") or comm.startswith("thrd-tantivy-in"):
                kind = "tantivy_index"
            elif "merge" in comm:
                kind = "tantivy_merge"
            elif "segment" in comm or "updater" in comm:
                kind = "tantivy_segment_updater"
            elif comm.startswith("python") or comm.startswith("ThreadPool"):
                kind = "analysis_and_sampler"
            else:
                kind = comm
            out[kind] += cpu
        return {k: round(v, 2) for k, v in sorted(out.items())}

    def sample(self) -> None:
        n = 0
        while not self.stop:
            m, shared = memory_mb()
            ph = self.current
            if m > self.peak[ph]:
                self.peak[ph] = m
            if m - shared > self.peak_anon[ph]:
                self.peak_anon[ph] = m - shared
            n += 1
            if n % 8 == 0:
                with self.lock:
                    self._thread_cpu()
                self.timeline.append((round(time.perf_counter() - self.t0, 1), self.docs, ph, round(m, 1),
                                      round(m - shared, 1)))
            time.sleep(SAMPLE_S)


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    return memory_mb()[0]


def memory_mb() -> tuple[float, float]:
    """``(resident, of which file-backed or shared)`` in MB (``/proc/self/statm``): the second part is
    mostly the index files tantivy maps (pages the kernel can drop), the rest is the heap."""
    with open("/proc/self/statm") as f:
        fields = f.read().split()
    return int(fields[1]) * _PAGE / 1e6, int(fields[2]) * _PAGE / 1e6


def install(ph: Phases, merge_docs: int | None = None) -> None:
    """Wrap the writer's steps (class attributes, so every Writer of the run is measured); with
    ``merge_docs``, the Rust writer's ``max_docs_before_merge`` (0: tantivy's default policy) instead of
    :func:`kavosh.index.budget.merge_max_docs`'s."""
    from kavosh.index import completions, groups, writer

    W, G = writer.Writer, groups.Grouper
    for name in ("forget", "assign"):
        setattr(G, name, ph.wrap("group", getattr(G, name)))
    G.prepare_commit = ph.wrap("group_commit", G.prepare_commit)
    G.committed = ph.wrap("group_commit", G.committed)
    open_grouper = writer.open_grouper
    writer.open_grouper = lambda *a, **k: _WrappedGrouper(open_grouper(*a, **k), ph)
    if merge_docs is not None:
        writer.merge_max_docs = lambda memory_mb: merge_docs
    W._count_out = ph.wrap("count_out", W._count_out)
    writer.build = ph.wrap("build", writer.build)
    completions.Counts.add_words = ph.wrap("words", completions.Counts.add_words)
    completions.Counts.merge = ph.wrap("words_merge", completions.Counts.merge)
    writer.update_table = ph.wrap("table", writer.update_table)
    original_add = W.add_prepared

    def add_prepared(self, doc_id, prepared):
        if not hasattr(self._w, "_kavosh_wrapped"):
            self._w = _WrappedWriter(self._w, ph)
        original_add(self, doc_id, prepared)
        ph.doc_done()

    W.add_prepared = add_prepared
    W.commit = ph.wrap("commit_other", W.commit)
    W.close = ph.wrap("close", W.close)


class _WrappedGrouper:
    """The compiled core's band table (a class that cannot be patched) with its calls counted as phases;
    the Python one is measured through its class (``install``)."""

    def __init__(self, g, ph: Phases) -> None:
        self._inner = g
        if not isinstance(g, _python_grouper()):
            self.forget = ph.wrap("group", g.forget)
            self.assign = ph.wrap("group", g.assign)
            self.prepare_commit = ph.wrap("group_commit", g.prepare_commit)
            self.committed = ph.wrap("group_commit", g.committed)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _python_grouper():
    from kavosh.index.groups import Grouper

    return Grouper


class _WrappedWriter:
    """tantivy's IndexWriter (tantivy-py's or the Rust writer's) with its calls counted as phases; the Rust
    writer's ``add`` (``add``) includes assigning a core-analysed document's group in Rust."""

    _kavosh_wrapped = True

    def __init__(self, w, ph: Phases) -> None:
        self._inner = w
        if hasattr(w, "add_document"):
            self.add_document = ph.wrap("add", w.add_document)
        else:
            add = ph.wrap("add", w.add)

            def add_unwrapped(*args):  # the Rust writer takes the core's Grouper itself, not the wrapper
                return add(*(a._inner if isinstance(a, _WrappedGrouper) else a for a in args))

            self.add = add_unwrapped
        self.delete_documents_by_term = ph.wrap("delete", w.delete_documents_by_term)
        self.commit = ph.wrap("tantivy_commit", w.commit)
        self.wait_merging_threads = ph.wrap("close", w.wait_merging_threads)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("index", type=Path)
    p.add_argument("--block", type=int, default=20_000)
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--merge-docs", type=int, default=None,
                   help="the Rust writer's max_docs_before_merge (0: tantivy's default policy); default: "
                        "kavosh.index.budget.merge_max_docs of the run's --memory")
    p.add_argument("rest", nargs="*", help="more arguments for kavosh index (after --)")
    args = p.parse_args(argv)
    ph = Phases(args.block)
    install(ph, args.merge_docs)
    sampler = threading.Thread(target=ph.sample, daemon=True)
    sampler.start()
    from kavosh.cli import main as kavosh_main

    c0 = time.process_time()
    status = kavosh_main(["index", str(args.corpus), "--index", str(args.index), "-q", *args.rest])
    ph.close_block()
    ph.stop = True
    sampler.join()
    res = {"status": status, "docs": ph.docs, "process_cpu_s": round(time.process_time() - c0, 1),
           "wall_s": round(time.perf_counter() - ph.t0, 1), "peak_rss_mb_by_phase": dict(ph.peak),
           "peak_anon_mb_by_phase": dict(ph.peak_anon),
           "blocks": ph.blocks, "timeline": ph.timeline,
           "segments": len(json.loads((args.index / "meta.json").read_text(encoding="utf-8"))["segments"])}
    text = json.dumps(res, indent=1)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    # per-block table: main-thread µs/doc per phase, and other threads' CPU ms/doc
    prev_threads: dict[str, float] = {}
    prev_docs = 0
    phases = sorted({k for b in ph.blocks for k in b["main_cpu_s"]})
    kinds = sorted({k for b in ph.blocks for k in b["threads_cpu_s"] if k != "main"})
    print("docs | " + " | ".join(phases) + " | " + " | ".join(kinds) + " | RSS MB | load")
    for b in ph.blocks:
        n = b["docs"] - prev_docs
        if n <= 0:
            n = 1
        cells = [f"{1e6 * b['main_cpu_s'].get(k, 0) / n:.0f}" for k in phases]
        cells += [f"{1e6 * (b['threads_cpu_s'].get(k, 0) - prev_threads.get(k, 0)) / n:.0f}" for k in kinds]
        print(f"{b['docs']:,} | " + " | ".join(cells) + f" | {b['rss_mb']:.0f} | {b['load']}")
        prev_threads, prev_docs = b["threads_cpu_s"], b["docs"]
    print("peak RSS MB by phase:", {k: round(v) for k, v in sorted(ph.peak.items())})
    print("peak RSS minus file-backed MB by phase:", {k: round(v) for k, v in sorted(ph.peak_anon.items())})
    print(f"process CPU {res['process_cpu_s']} s, wall {res['wall_s']} s, {res['segments']} segments, status {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
