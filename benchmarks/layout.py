"""Keyboard-layout benchmark: queries typed on the wrong layout find the intended document.

The test set ``tests/data/layout_queries.tsv`` (columns ``kind``, ``typed``, ``intended``,
``doc_id``) is built mechanically from real Hamshahri titles (``build``):

* ``isiri`` — the first 2–3 words of a title, typed with the US layout active while
  meaning the ISIRI 9147 Persian layout (``تهران`` → ``jivhk``);
* ``legacy`` — the same for titles holding ``پ``, ``ژ`` or ``ئ``, the letters the legacy
  Windows layout puts on other keys (``پ`` on the grave key);
* ``latin`` — a Latin word of a title or text (``google``, ``WTO``) typed with the Persian
  layout active (``google`` → ``لخخلمث``);
* ``genuine`` — Latin queries (``ICT``, ``BRICS``, ``python``) that must run as typed.

A Persian query is kept only if, typed correctly, it finds its title's document within the
top 10 (so the benchmark measures the layout rewrite, not retrieval).  ``run`` measures
success@10 (the intended document among the first 10 hits of the query as typed), the share
rewritten to exactly the intended query, and for ``genuine`` the share left unconverted.

Usage::

    kavosh index ../shared/data/seed ../shared/data/hamshahri/corpus.jsonl.gz --index /tmp/ham
    python benchmarks/layout.py run --index /tmp/ham [--tsv tests/data/layout_queries.tsv]
    python benchmarks/layout.py build --index /tmp/ham --out tests/data/layout_queries.tsv   # regenerate
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
from pathlib import Path

import kavosh
from kavosh.query.layout import ISIRI_9147, LEGACY_WINDOWS

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "tests" / "data" / "layout_queries.tsv"
HAMSHAHRI = ROOT / ".." / "shared" / "data" / "hamshahri" / "corpus.jsonl.gz"
TOP = 10
GENUINE = ["ICT", "BRICS", "python", "Google", "WTO", "HIV", "DNA", "NGO", "yahoo", "BBC", "CNN", "GPS", "SMS",
           "DVD", "OECD", "NPT", "microsoft", "gmail", "oxford", "IBM", "eBay", "online", "FIFA", "covid",
           "linux", "iPhone", "NASA", "UNESCO"]
"""Genuinely Latin queries (acronyms, names, English words): never to be converted."""
LATIN_WORDS = ["hiv", "wto", "dna", "ngo", "google", "yahoo", "dvd", "gps", "bbc", "cnn", "sms", "aids", "npt",
               "oecd", "microsoft", "gmail", "tamiflu", "oxford", "dawkins", "ebay", "ibm", "clone", "cocaine",
               "icu", "unesco", "health", "selfish", "computer"]
"""Latin words of Hamshahri titles and texts, to be typed with the Persian layout active."""

_PERSIAN_WORD = re.compile(r"^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+$")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "ؤ": "و"})


def inverse(layout: dict[str, str]) -> dict[str, str]:
    """Persian character → the US key that types it on ``layout`` (an unshifted key preferred)."""
    out: dict[str, str] = {}
    for key, char in sorted(layout.items(), key=lambda kv: kv[0].isupper()):
        out.setdefault(char, key)
    return out


def type_on(text: str, inv: dict[str, str]) -> str | None:
    """``text`` typed with the US layout active while meaning the layout of ``inv``; None if a
    character has no key."""
    out = []
    for ch in text:
        if ch == " ":
            out.append(ch)
        elif ch in inv:
            out.append(inv[ch])
        else:
            return None
    return "".join(out)


def titles(path: Path) -> list[tuple[str, str, str]]:
    """``(doc id, title, text)`` of the corpus."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append((d["_id"], d.get("title", ""), d.get("text", "")))
    return out


def top_ids(ix: kavosh.Index, query: str, exact: bool = True) -> list[str]:
    return [h.id for h in ix.search(query, limit=TOP, snippets=False, exact=exact).hits]


def build(ix: kavosh.Index, corpus: Path, seed: int, n_isiri: int, n_legacy: int) -> list[dict]:
    """The test set's rows (see the module docstring)."""
    docs = titles(corpus)
    rng = random.Random(seed)
    rng.shuffle(docs)
    inv_isiri, inv_legacy = inverse(ISIRI_9147), inverse(LEGACY_WINDOWS)
    rows: list[dict] = []
    seen: set[str] = set()
    counts = {"isiri": 0, "legacy": 0}
    for doc_id, title, _text in docs:
        words = [w.translate(_FOLD) for w in title.split()]
        words = [w for w in words if _PERSIAN_WORD.match(w)]
        if len(words) < 2:
            continue
        query = " ".join(words[:rng.choice((2, 3))])
        kind = "legacy" if any(c in query for c in "پژئ") and counts["legacy"] < n_legacy else "isiri"
        if counts[kind] >= (n_legacy if kind == "legacy" else n_isiri) or query in seen:
            continue
        typed = type_on(query, inv_legacy if kind == "legacy" else inv_isiri)
        if typed is None or doc_id not in top_ids(ix, query):
            continue
        seen.add(query)
        counts[kind] += 1
        rows.append({"kind": kind, "typed": typed, "intended": query, "doc_id": doc_id})
        if counts["isiri"] >= n_isiri and counts["legacy"] >= n_legacy:
            break
    by_word: dict[str, str] = {}
    for doc_id, title, _text in sorted(docs):
        for word in LATIN_WORDS:
            if word not in by_word and re.search(rf"\b{word}\b", title, re.I):
                by_word[word] = doc_id
    for doc_id, _title, text in sorted(docs):
        for word in LATIN_WORDS:
            if word not in by_word and re.search(rf"\b{word}\b", text, re.I):
                by_word[word] = doc_id
    for word in LATIN_WORDS:
        doc_id = by_word.get(word)
        if doc_id is None or doc_id not in top_ids(ix, word):
            continue
        rows.append({"kind": "latin", "typed": "".join(ISIRI_9147[c] for c in word), "intended": word,
                     "doc_id": doc_id})
    for word in GENUINE:
        rows.append({"kind": "genuine", "typed": word, "intended": word, "doc_id": ""})
    return rows


def run(ix: kavosh.Index, rows: list[dict]) -> dict:
    """Per kind: ``n``, ``success`` (intended document in the top 10), ``rewritten_as_intended``;
    for ``genuine``: ``kept`` (not converted)."""
    out: dict[str, dict] = {}
    for row in rows:
        r = out.setdefault(row["kind"], {"n": 0, "success": 0, "rewritten_as_intended": 0, "kept": 0,
                                         "failures": []})
        res = ix.search(row["typed"], limit=TOP, snippets=False)
        r["n"] += 1
        r["kept"] += res.rewritten is None
        r["rewritten_as_intended"] += res.rewritten == row["intended"]
        if row["doc_id"]:
            ok = row["doc_id"] in [h.id for h in res.hits]
            r["success"] += ok
            if not ok:
                r["failures"].append((row["typed"], row["intended"], res.rewritten))
    return out


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--index", required=True)
    b.add_argument("--corpus", default=str(HAMSHAHRI))
    b.add_argument("--out", default=str(TSV))
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--isiri", type=int, default=160)
    b.add_argument("--legacy", type=int, default=60)
    r = sub.add_parser("run")
    r.add_argument("--index", required=True)
    r.add_argument("--tsv", default=str(TSV))
    r.add_argument("--json")
    args = ap.parse_args(argv)
    ix = kavosh.Index(args.index, create=False)
    if args.cmd == "build":
        rows = build(ix, Path(args.corpus), args.seed, args.isiri, args.legacy)
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, ["kind", "typed", "intended", "doc_id"], delimiter="\t", quoting=csv.QUOTE_NONE,
                               escapechar=None, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"{len(rows)} rows written to {args.out}")
        return 0
    report = run(ix, read_tsv(Path(args.tsv)))
    for kind, r in report.items():
        if kind == "genuine":
            print(f"{kind:8} {r['n']:4d} queries: left as typed {r['kept'] / r['n']:.1%}")
        else:
            print(f"{kind:8} {r['n']:4d} queries: success@{TOP} {r['success'] / r['n']:.1%}, "
                  f"rewritten to the intended query {r['rewritten_as_intended'] / r['n']:.1%}")
        for f in r["failures"][:10]:
            print("    failed:", " | ".join(str(x) for x in f))
    persian = [r for k, r in report.items() if k != "genuine"]
    total = sum(r["n"] for r in persian)
    print(f"all wrong-layout queries: {total}, success@{TOP} {sum(r['success'] for r in persian) / total:.1%}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
