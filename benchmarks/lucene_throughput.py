#!/usr/bin/env python3
"""Analysis throughput of Lucene's Persian analyzers, for ``benchmarks/analysis.py``.

Benchmark-only; runs under the Lucene venv (see ``lucene_peer.py``), never
imports ``kavosh``::

    /work/lucene-venv/bin/python benchmarks/lucene_throughput.py \\
        --corpus ../shared/data/news/articles.jsonl.gz [--runs 5] [--json]

For each analyzer (``default``: ``PersianAnalyzer``; ``stemmer``: the chain
with ``PersianStemFilter``, both built by ``lucene_peer.make_analyzer``) it
analyses every document's ``title + "\\n" + text`` in one JVM, twice per run
(first pass: cold JIT; second pass: warm), and reports UTF-8 MB/s from the
median of ``--runs`` runs.  Each document is analysed by Anserini's
``AnalyzerUtils.analyze`` inside Java (the token stream is consumed and the
terms are collected there); only the number of terms crosses back to Python,
so the per-document cost of the Python bridge is one call.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lucene_peer  # noqa: E402  (same folder; benchmark-only)

CONFIGS = ("default", "stemmer")


def read_texts(path: Path) -> list[str]:
    """``title + "\\n" + text`` of every JSON line of ``path`` (``.jsonl`` or ``.jsonl.gz``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    out = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append((d.get("title") or "") + "\n" + (d.get("text") or ""))
    return out


def measure(texts: list[str], config: str, runs: int) -> dict:
    """First- and second-pass seconds and MB/s (median of ``runs``) for one analyzer."""
    jnius = lucene_peer.start_jvm()
    utils = jnius.autoclass("io.anserini.analysis.AnalyzerUtils")
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    firsts, seconds = [], []
    n_terms = 0
    for _ in range(runs):
        analyzer = lucene_peer.make_analyzer(config)
        for passes in (firsts, seconds):
            t0 = time.perf_counter()
            n_terms = 0
            for t in texts:
                n_terms += utils.analyze(analyzer, t).size()
            passes.append(time.perf_counter() - t0)
        analyzer.close()
    return {"mb": mb, "terms": n_terms, "first_s": firsts, "second_s": seconds,
            "first_mb_s": mb / statistics.median(firsts), "second_mb_s": mb / statistics.median(seconds)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints one line per analyzer, or one JSON object with ``--json``."""
    p = argparse.ArgumentParser(description="Lucene Persian analysis throughput (MB/s)")
    p.add_argument("--corpus", type=Path, required=True, help="JSON lines with title and text (.gz ok)")
    p.add_argument("--runs", type=int, default=5, help="runs (median; default 5)")
    p.add_argument("--analyzers", nargs="+", choices=CONFIGS, default=list(CONFIGS))
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    if not args.corpus.is_file():
        print(f"lucene_throughput: error: file not found: {args.corpus}", file=sys.stderr)
        return 2
    try:
        texts = read_texts(args.corpus)
        result = {c: measure(texts, c, args.runs) for c in args.analyzers}
        result_version = lucene_peer.lucene_version()
    except lucene_peer.PeerError as exc:
        print(f"lucene_throughput: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**result, "lucene": result_version}))
    else:
        for c, r in result.items():
            print(f"Lucene {result_version} {c}: {r['mb']:.2f} MB, first pass {r['first_mb_s']:.2f} MB/s, "
                  f"second pass {r['second_mb_s']:.2f} MB/s (median of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
