#!/usr/bin/env python3
"""Joined ``Xهای``: which reading, ``X`` + plural ``های`` or ``Xه`` + ``ای``, the corpora use.

A joined ``حرفهای`` is ``حرف‌های`` ("words") or ``حرفه‌ای`` ("professional"); written
with a half-space, the corpora say which.  For every ``X`` where both ``X`` and ``Xه`` are
words of the analyzer's word list, this counts the half-spaced occurrences of ``X‌های``
and ``Xه‌ای`` in ``../shared/data`` and how many of them the analyzer's reading of the
joined ``Xهای`` agrees with, for each value of ``morphology.INDEFINITE_AFTER_HEH_PRIOR``
(the weight of the ``ای`` reading), beside the two variant kinds the prior trades
between (``spacing:suffix:joined`` and ``inflection:plural-haye``, from
``benchmarks/variants``).

Usage::

    python benchmarks/joined_haye.py [--data ../shared/data] [--priors 1 2 3]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from kavosh.analysis import Analyzer, morphology, normalize  # noqa: E402

_HALF_SPACED = re.compile(r"([\u0600-\u06ff]+)\u200c(های|ای)(?![\u0600-\u06ff\u200c])")


def texts(data: Path):
    """Title and text of every document of the four corpora."""
    for name in ("hamshahri/corpus.jsonl.gz", "news/articles.jsonl.gz",
                 "pquad_validation/corpus.jsonl", "parsinlu_rc/corpus.jsonl"):
        path = data / name
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                yield doc.get("title", "") + " " + doc.get("text", "")


def count_readings(data: Path, freq: dict[str, int]) -> list[tuple[str, int, int]]:
    """``[(X, occurrences of X‌های, occurrences of Xه‌ای)]`` for X and Xه both in ``freq``."""
    seen: collections.Counter = collections.Counter()
    for text in texts(data):
        for m in _HALF_SPACED.finditer(normalize(text)):
            seen[m.group(1), m.group(2)] += 1
    bases = set()
    for (word, suffix), _n in seen.items():
        base = word if suffix == "های" and not word.endswith("ه") else (
            word[:-1] if suffix == "ای" and word.endswith("ه") else None)
        if base and base in freq and base + "ه" in freq:
            bases.add(base)
    return [(x, seen[x, "های"], seen[x + "ه", "ای"]) for x in sorted(bases)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    p.add_argument("--priors", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    args = p.parse_args(argv)
    import analysis as bench  # benchmarks/analysis.py: the variant tables

    rows = count_readings(args.data, Analyzer().lexicon_freq)
    total = sum(a + b for _, a, b in rows)
    tables = bench.load_tables()
    kinds = ("spacing:suffix:joined", "inflection:plural-haye")
    print(f"{len(rows)} words X with both readings; {total} half-spaced occurrences\n")
    print("| prior | occurrences read as written | " + " | ".join(kinds) + " |")
    print("|---:|---:|" + "---:|" * len(kinds))
    default = morphology.INDEFINITE_AFTER_HEH_PRIOR
    try:
        for prior in args.priors:
            morphology.INDEFINITE_AFTER_HEH_PRIOR = prior
            a = Analyzer()
            agree = 0
            for x, n_plural, n_indef in rows:
                terms = a.terms(x + "های")
                agree += n_plural if terms == [x] else n_indef if terms == [x + "ه"] else 0
            res = bench.measure(tables, a.terms)
            shares = " | ".join(f"{100 * res[k]['matched'] / res[k]['pairs']:.2f} "
                                f"({res[k]['matched']}/{res[k]['pairs']})" for k in kinds)
            name = f"{prior:g}" + (" (default)" if prior == default else "")
            print(f"| {name} | {agree} ({100 * agree / total:.1f}%) | {shares} |")
    finally:
        morphology.INDEFINITE_AFTER_HEH_PRIOR = default
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
