"""Adversarial: the first search of four quoted 14-word phrases that find documents.

For each of the first 12 documents matching «تهران» (of 56 words or more), its first 56 words as four
quoted phrases of 14 words, searched once (a fresh query: its as-written and anchor patterns are compiled
then); one warm-up quoted query first.  Prints the median and the largest thread CPU time in ms
(docs/benchmarks.md, "Many quoted words that find documents").

Usage: ``python benchmarks/quoted_words.py INDEX [LABEL]``
"""

from __future__ import annotations

import statistics
import sys
import time

import kavosh


def main(index: str, label: str = "") -> None:
    """Time the queries on ``index`` and print one line, prefixed by ``label``."""
    ix = kavosh.Index(index, create=False)
    texts = [ix.get(h.id).text.split() for h in ix.search("تهران", limit=12).hits]
    ix.search('"باران شدید" تهران', limit=10)
    firsts = []
    for words in texts:
        if len(words) < 56:
            continue
        q = " ".join('"' + " ".join(words[i * 14:(i + 1) * 14]) + '"' for i in range(4))
        t = time.thread_time()
        ix.search(q, limit=10)
        firsts.append((time.thread_time() - t) * 1000)
    print(f"{label} first search of 4 quoted 14-word phrases, thread CPU ms: median "
          f"{statistics.median(firsts):.1f} max {max(firsts):.1f} n={len(firsts)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
