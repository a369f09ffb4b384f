"""Autocomplete benchmark: latency (p50/p99 per request) and quality of ``Index.suggest``.

Quality: for titles drawn at random (seeded) from the index, take the title's
first word (3 letters or more) and type a prefix of it; the completion counts
as found when the word itself (or the whole title) is among the top 5.
Prefix lengths: 2 letters, 3 letters, half the word (at least 3 letters) and
all but its last letter; typing variants: Arabic ``ي``/``ك`` and no half-spaces.

Latency: every prefix above, called in-process after the table is loaded
(warm); the one-off table build and the load from disk are printed separately.

Usage::

    kavosh index ../shared/data/hamshahri/corpus.jsonl.gz --index /tmp/ham-sug
    python benchmarks/suggest.py --index /tmp/ham-sug [--titles 1000] [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

import tantivy

import kavosh
from kavosh.index import completions as SG
from kavosh.index.store import load_stored

TOP = 5
TARGET = 0.90


def first_words(ix: kavosh.Index, n: int, seed: int) -> list[tuple[str, str]]:
    """``(title, first word)`` for ``n`` random titles whose first word has 3+ letters."""
    searcher = ix.opened.index.searcher()
    res = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs)
    pairs = []
    for _score, addr in res.hits:
        title = " ".join(load_stored(searcher.doc(addr)).get("title", "").split())
        words = SG._WORD.findall(title)
        if words and len(ix.analyzer.normalize_term(words[0])) >= 3:
            pairs.append((title, words[0]))
    random.Random(seed).shuffle(pairs)
    return pairs[:n]


def found(ix: kavosh.Index, completions, word: str, title: str) -> bool:
    key = ix.analyzer.normalize_term(word.translate(SG._DISPLAY))
    tkey = SG.completion_key(title, ix.analyzer)
    return any((c.kind == "word" and ix.analyzer.normalize_term(c.text) == key)
               or (c.kind == "title" and SG.completion_key(c.text, ix.analyzer) == tkey) for c in completions[:TOP])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--titles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", metavar="OUT")
    args = ap.parse_args(argv)

    ix = kavosh.Index(args.index, create=False)
    ix.analyzer.warm()
    t = time.perf_counter()
    SG.build_table(ix.opened, ix.analyzer)
    build_s = time.perf_counter() - t
    ix.suggest("ا")  # build or read the saved table
    SG._cache.clear()
    t = time.perf_counter()
    table = SG.completion_table(ix.opened, ix.analyzer)
    load_s = time.perf_counter() - t

    pairs = first_words(ix, args.titles, args.seed)
    variants = {
        "2 letters": lambda w: w[:2],
        "3 letters": lambda w: w[:3],
        "half word (3+ letters)": lambda w: w[:max(3, len(w) // 2)],
        "all but the last letter": lambda w: w[:-1] if len(w) > 3 else w[:3],
        "3 letters, Arabic ي ك": lambda w: w[:3].replace("ی", "ي").replace("ک", "ك"),
        "all but last, no ZWNJ": lambda w: (w[:-1] if len(w) > 3 else w[:3]).replace("\u200c", ""),
    }
    report = {"index": args.index, "documents": len(ix), "titles": len(pairs), "table_words": len(table.words),
              "table_titles": len(table.titles), "build_s": round(build_s, 2), "load_s": round(load_s, 3),
              "quality": {}, "latency_ms": {}}
    times = []
    for name, make in variants.items():
        ok = 0
        for title, word in pairs:
            prefix = make(word)
            t = time.perf_counter()
            got = ix.suggest(prefix, limit=10)
            times.append((time.perf_counter() - t) * 1000)
            ok += found(ix, got, word, title)
        report["quality"][name] = round(ok / len(pairs), 3) if pairs else None
    times.sort()
    report["latency_ms"] = {"requests": len(times), "p50": round(statistics.median(times), 3),
                            "p99": round(times[int(0.99 * (len(times) - 1))], 3), "max": round(times[-1], 3)}

    print(f"index {args.index}: {report['documents']:,} documents; table {report['table_words']:,} words, "
          f"{report['table_titles']:,} titles; build {report['build_s']} s, load from disk {report['load_s']} s")
    print(f"quality: first word of {len(pairs)} random titles in the top {TOP} (target {TARGET:.0%})")
    for name, q in report["quality"].items():
        print(f"  {name:<26} {q:.1%}" + ("" if q >= TARGET else "  (below target)"))
    lat = report["latency_ms"]
    print(f"latency over {lat['requests']:,} requests, warm, in-process: p50 {lat['p50']} ms, "
          f"p99 {lat['p99']} ms, max {lat['max']} ms (target p99 < 20 ms)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
