"""The completion table's cost at a commit (issue #13): count the titles and texts of the first N MB of a
JSON Lines corpus (``Counts.add``), then time, in process CPU seconds, deriving the table
(``Counts.table``: the part ``update_table`` repeats at a run's last commit; in the compiled core when it
is built), the same in Python (``Counts.table_python``, its specification), saving it (``_save``) and
reading it back (``_load``), twice each.

Run: ``python benchmarks/completion_table.py --mb 10 --corpus ../shared/data/hamshahri/corpus.jsonl.gz``
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

from kavosh.analysis import Analyzer
from kavosh.index import completions as C


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="text megabytes to count (default 10)")
    ap.add_argument("--corpus", default="../shared/data/hamshahri/corpus.jsonl.gz", help="JSON Lines (.gz) with title/text")
    args = ap.parse_args()
    analyzer = Analyzer()
    analyzer.warm()
    counts = C.Counts()
    mb = 0.0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            text = doc.get("text") or doc.get("body") or ""
            counts.add(doc.get("title") or "", text)
            mb += len(text.encode()) / 1e6
            if mb >= args.mb:
                break
    print(f"{mb:.1f} MB, {len(counts.words):,} surfaces, {len(counts.titles):,} titles")
    folder = Path(tempfile.mkdtemp())
    for _ in range(2):
        t0 = time.process_time()
        table = counts.table(analyzer)
        t1 = time.process_time()
        tc = t1 - t0
        python = counts.table_python(analyzer)
        tp = time.process_time() - t1
        assert python.words == table.words and python.titles == table.titles
        t1 = time.process_time()
        C._save(folder / C.TABLE_FILE, {**table.to_json(), "counts": counts.to_json(), "generation": "g",
                                        "analyzer_version": analyzer.version})
        t2 = time.process_time()
        C._load(folder / C.TABLE_FILE, None, analyzer)
        t3 = time.process_time()
        print(f"table {tc:.3f} s (Python {tp:.3f} s), save {t2 - t1:.3f} s, load {t3 - t2:.3f} s "
              f"({len(table.words):,} words)")


if __name__ == "__main__":
    main()
