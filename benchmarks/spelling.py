"""Did-you-mean benchmark: how often :func:`kavosh.query.spelling.correct` recovers a misspelt word.

Words are drawn at random (seeded) from the index's completion table (5+ letters,
seen 50+ times); each is misspelt one way: a homophone swap (``ز``→``ض``), a
deleted letter, two letters transposed, or a letter replaced by a neighbour on
the Persian keyboard.  Counted: recovered (the correction is the word), another
form of it (same analysed terms: the same search), another word, none.  Also: how many common words (seen 50+
times) are wrongly "corrected" (must be 0), and the time per correction.

Usage::

    python benchmarks/spelling.py --index /tmp/ham-sug [--words 500] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

import kavosh
from kavosh.query import spelling as SP
from kavosh.search.suggest import completion_table

ROWS = ["ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو"]


def neighbours(ch: str) -> str:
    for row in ROWS:
        i = row.find(ch)
        if i >= 0:
            return row[max(0, i - 1):i] + row[i + 1:i + 2]
    return ""


def misspell(word: str, kind: str, rng: random.Random) -> str | None:
    idx = list(range(1, len(word)))
    rng.shuffle(idx)
    for i in idx:
        c = word[i]
        if kind == "homophone" and SP._SOUND_ALIKE.get(c):
            return word[:i] + rng.choice(SP._SOUND_ALIKE[c]) + word[i + 1:]
        if kind == "deletion":
            return word[:i] + word[i + 1:]
        if kind == "transposition" and i + 1 < len(word) and word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if kind == "keyboard neighbour" and neighbours(c):
            return word[:i] + rng.choice(neighbours(c)) + word[i + 1:]
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    ix = kavosh.Index(args.index, create=False)
    table = completion_table(ix.opened, ix.analyzer)
    common = [k for k, _s, c in table.words if c >= 50 and len(k) >= 5 and not k.isascii()]
    rng = random.Random(args.seed)
    sample = rng.sample(common, min(args.words, len(common)))
    times = []
    print(f"{len(sample)} words of 5+ letters seen 50+ times in {args.index}")
    for kind in ("homophone", "deletion", "transposition", "keyboard neighbour"):
        ok = stem = wrong = none = 0
        for word in sample:
            typo = misspell(word, kind, rng)
            if typo is None or table.lookup(typo):
                continue  # no such letter, or the typo is itself a word of the index
            t = time.perf_counter()
            fix = SP.correct(typo, table.lookup)
            times.append((time.perf_counter() - t) * 1000)
            if fix is None:
                none += 1
            elif ix.analyzer.normalize_term(fix.correction) == word:
                ok += 1
            elif ix.analyzer.terms(fix.correction) == ix.analyzer.terms(word):
                stem += 1
            else:
                wrong += 1
        n = ok + stem + wrong + none
        print(f"  {kind:<20} {n:4d} typos: recovered {ok / n:.1%}, another form of it {stem / n:.1%}, "
              f"another word {wrong / n:.1%}, no suggestion {none / n:.1%}")
    false = sum(SP.correct(w, table.lookup) is not None for w in sample)
    times.sort()
    print(f"  common words 'corrected': {false} of {len(sample)}")
    print(f"  time per word: p50 {statistics.median(times):.2f} ms, p99 {times[int(0.99 * (len(times) - 1))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
