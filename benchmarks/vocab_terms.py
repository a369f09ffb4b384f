#!/usr/bin/env python3
"""Which corpus words an analysis change moves: every token's word and term over the news and Hamshahri corpora.

``dump`` analyses every document of ``../shared/data/news`` (title, abstract, text) and ``hamshahri`` (title,
text) with the analyzer on ``PYTHONPATH`` (the pure-Python specification: ``KAVOSH_PURE_PYTHON=1`` is set) and
writes ``[[word, term, occurrences], ...]`` (``Token.word``, ``Token.term``); ``diff`` prints, most frequent
first, each word whose terms differ between two dumps (occurrences, word, terms before, terms after) and the
words one dump has and the other not (a changed tokenization: glued words split, compounds joined)::

    PYTHONPATH=MAIN/src python benchmarks/vocab_terms.py dump before.json     # ~3-5 min
    PYTHONPATH=BRANCH/src python benchmarks/vocab_terms.py dump after.json
    python benchmarks/vocab_terms.py diff before.json after.json > changed.tsv
"""

from __future__ import annotations

import collections
import gzip
import json
import os
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def texts(data: Path = DATA):
    """Each document's text, news then Hamshahri."""
    with gzip.open(data / "news" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield " ".join(str(r.get(k) or "") for k in ("title", "abstract", "text"))
    with gzip.open(data / "hamshahri" / "corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield (r.get("title") or "") + "\n" + (r.get("text") or "")


def dump(out: str) -> None:
    os.environ["KAVOSH_PURE_PYTHON"] = "1"
    from kavosh.analysis import default_analyzer

    a = default_analyzer()
    counts: collections.Counter = collections.Counter()
    for t in texts():
        counts.update((tok.word, tok.term) for tok in a.analyze(t))
    Path(out).write_text(json.dumps([[w, t, c] for (w, t), c in counts.items()], ensure_ascii=False), encoding="utf-8")


def diff(before: str, after: str) -> None:
    def load(p: str) -> dict[str, collections.Counter]:
        d: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for w, t, c in json.loads(Path(p).read_text(encoding="utf-8")):
            d[w][t] += c
        return d

    a, b = load(before), load(after)
    changed = sorted(((sum(a[w].values()), w, "/".join(a[w]), "/".join(b[w])) for w in a
                      if w in b and set(a[w]) != set(b[w])), reverse=True)
    print("occurrences\tword\tterm_before\tterm_after")
    for row in changed:
        print(*row, sep="\t")
    for label, x, y in (("only before", a, b), ("only after", b, a)):
        gone = sorted(((sum(x[w].values()), w, "/".join(x[w])) for w in x if w not in y), reverse=True)
        print(f"# words {label}: {len(gone)} distinct, {sum(g[0] for g in gone)} occurrences")
        for row in gone:
            print("#", *row, sep="\t")
    print(f"# changed: {len(changed)} distinct words, {sum(r[0] for r in changed)} occurrences", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
