#!/usr/bin/env python3
"""The completion table's memory as a corpus grows: distinct words counted, and the cost of deriving the table.

    python benchmarks/scale_vocab.py CORPUS_DIR [--every 50000]    # a corpus written by scale_corpus.py
    python benchmarks/scale_vocab.py --synthetic 300000             # N distinct made-up words

A run of ``kavosh index`` counts every word of the documents it adds
(:class:`kavosh.index.completions.Counts`) and its last commit derives the completion table from
those counts (issue #13 asked whether this is the 1M build's memory peak).  With ``CORPUS_DIR``,
the documents of its ``*.jsonl`` files (in name order, as ``kavosh index`` reads them) are counted
as the writer counts a document without the compiled core (:meth:`Counts.add`: the same counts);
printed every ``--every`` documents: distinct text words, title words and titles, and this
process's resident memory.  At the end, and with ``--synthetic N`` (N random Persian-letter words
of 3 to 10 letters, Zipf-like counts, and N/10 titles), the table is derived
(:meth:`Counts.table`) and the memory before, after and at the peak printed: what the run's last
commit adds to the writer's memory.  Memory is ``/proc/self/statm``'s resident size (MB = 10**6
bytes) and the peak ``getrusage``'s (MiB).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

from kavosh.analysis import Analyzer
from kavosh.index.completions import Counts

_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def rss_mb() -> float:
    """This process's resident memory in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


def count_corpus(folder: Path, every: int) -> Counts:
    """:class:`Counts` of every document of ``folder``'s JSON Lines files, printing the growth."""
    counts, n = Counts(), 0
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                counts.add(d.get("title", ""), d.get("text", ""))
                n += 1
                if n % every == 0:
                    print(f"{n:,} documents: {len(counts.words):,} words, {len(counts.title_words):,} title words, "
                          f"{len(counts.titles):,} titles, RSS {rss_mb():.0f} MB", flush=True)
    return counts


def synthetic(n: int) -> Counts:
    """``n`` distinct random words with Zipf-like counts (count ``10**6 / rank``, at least 1) and
    ``n // 10`` six-word titles seen once."""
    rnd = random.Random(5)
    counts = Counts()
    for i in range(n):
        counts.words["".join(rnd.choice(_LETTERS) for _ in range(rnd.randint(3, 10)))] = max(1, 10**6 // (i + 1))
    for _ in range(n // 10):
        counts.titles[" ".join("".join(rnd.choice(_LETTERS) for _ in range(6)) for _ in range(6))] = 1
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path, nargs="?", help="a folder of JSON Lines files (scale_corpus.py's)")
    p.add_argument("--every", type=int, default=50_000, help="print every this many documents")
    p.add_argument("--synthetic", type=int, default=0, help="count N made-up distinct words instead")
    args = p.parse_args(argv)
    if (args.corpus is None) == (not args.synthetic):
        p.error("give a corpus folder or --synthetic N")
    analyzer = Analyzer()
    analyzer.normalize_term("کتاب")  # the analyzer's word lists loaded before the memory is read
    start = rss_mb()
    counts = count_corpus(args.corpus, args.every) if args.corpus else synthetic(args.synthetic)
    before, t = rss_mb(), time.process_time()
    table = counts.table(analyzer)
    after, peak = rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"counts: {len(counts.words):,} words, {len(counts.title_words):,} title words, {len(counts.titles):,} "
          f"titles, {before - start:.0f} MB; table: {len(table.words):,} words, {len(table.titles):,} titles, "
          f"derived in {time.process_time() - t:.1f} CPU s; RSS {before:.0f} MB before, {after:.0f} MB after, "
          f"peak {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
