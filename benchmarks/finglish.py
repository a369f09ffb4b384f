"""Finglish benchmark: success@10 of Finglish queries, and Latin queries left alone.

The queries are ``tests/data/finglish_queries.tsv``, written by hand from real
titles of ``../shared/data`` (several spellings per title: ``tehran``,
``tehraan``, ``tehrân``, ``teheran``).  For each collection named there, the
benchmark builds an index with the real ``kavosh index`` command (in a temporary
folder, unless ``--index-dir`` keeps them), then runs every query through
``kavosh.Index.search`` (the code path of ``kavosh search``):

* success@10: the share of ``finglish`` rows whose intended document (any of
  its ``doc_ids``) is among the top 10; beside it the same queries run as typed
  (``exact=True``, what Kavosh gave before Finglish), as the peer;
* converted: the share of ``finglish`` rows that were rewritten at all;
* Latin left alone: the share of ``latin`` rows (``ICT``, ``BRICS``, ``iPhone``,
  ``python``...) that ran as typed (not rewritten);
* per split: ``dev`` rows are those the letter rules were tuned on, ``heldout``
  rows were written after the tuning and run once;
* latency: median time of one search with and without the rewrite (warm).

Usage::

    python benchmarks/finglish.py [--data ../shared/data] [--index-dir DIR] [--failures] [--json OUT]

Exit status 1 when success@10 is under 80% or a Latin query was rewritten.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kavosh

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "finglish_queries.tsv"
SOURCES = {"pquad_validation": "pquad_validation/corpus.jsonl", "news": "news/articles.jsonl.gz"}
TARGET = 0.80
TOP = 10


def read_queries(path: Path = QUERIES) -> list[dict]:
    """The rows of the query file: ``{"query", "doc_ids" (list), "collection", "kind", "intended"}``."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        row["doc_ids"] = [d for d in row["doc_ids"].split(",") if d]
        rows.append(row)
    return rows


def build_index(data: Path, collection: str, folder: Path) -> Path:
    """Index one collection with the real ``kavosh index`` command (kept if already built)."""
    path = folder / collection
    if not (path / "meta.json").exists():
        script = Path(sys.executable).parent / "kavosh"
        cmd = [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]
        subprocess.run([*cmd, "index", str(data / SOURCES[collection]), "--index", str(path), "-q"], check=True)
    return path


def run(data: Path, folder: Path, rows: list[dict]) -> dict:
    """Run every query; return the figures (overall and per collection) and the failures."""
    per: dict[str, dict] = {}
    splits: dict[str, dict] = {}
    failures = []
    times_rw: list[float] = []
    times_exact: list[float] = []
    for collection in sorted({r["collection"] for r in rows}):
        ix = kavosh.Index(build_index(data, collection, folder), create=False)
        ix.search("warm up", limit=TOP, snippets=False)
        ix.search("tehran", limit=TOP, snippets=False)  # loads the word table once
        stats = per.setdefault(collection, {"finglish": 0, "found": 0, "found_exact": 0, "converted": 0,
                                            "latin": 0, "latin_kept": 0})
        for r in rows:
            if r["collection"] != collection:
                continue
            t0 = time.perf_counter()
            res = ix.search(r["query"], limit=TOP, snippets=False)
            t1 = time.perf_counter()
            exact = ix.search(r["query"], limit=TOP, snippets=False, exact=True)
            t2 = time.perf_counter()
            split = splits.setdefault(r.get("split") or "dev", {"finglish": 0, "found": 0, "found_exact": 0,
                                                                 "converted": 0, "latin": 0, "latin_kept": 0})
            times_rw.append(t1 - t0)
            times_exact.append(t2 - t1)
            if r["kind"] == "latin":
                stats["latin"] += 1
                split["latin"] += 1
                if res.rewritten is None:
                    stats["latin_kept"] += 1
                    split["latin_kept"] += 1
                else:
                    failures.append({**r, "rewritten": res.rewritten, "why": "Latin query rewritten"})
                continue
            stats["finglish"] += 1
            wanted = set(r["doc_ids"])
            hit = any(h.id in wanted for h in res.hits)
            stats["found"] += hit
            stats["found_exact"] += any(h.id in wanted for h in exact.hits)
            stats["converted"] += res.rewritten is not None
            for key, val in (("finglish", 1), ("found", hit), ("converted", res.rewritten is not None),
                             ("found_exact", any(h.id in wanted for h in exact.hits))):
                split[key] += val
            if not hit:
                failures.append({**r, "rewritten": res.rewritten, "why": "not in top 10",
                                 "top": [h.title for h in res.hits[:3]]})
        ix.close()
    total = {k: sum(s[k] for s in per.values()) for k in next(iter(per.values()))}
    return {"per_collection": per, "per_split": splits, "total": total, "failures": failures,
            "median_ms_with_rewrite": round(statistics.median(times_rw) * 1000, 2),
            "median_ms_exact": round(statistics.median(times_exact) * 1000, 2)}


def _pct(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "n/a"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--queries", default=str(QUERIES))
    ap.add_argument("--index-dir", help="keep the indexes here (reused when present)")
    ap.add_argument("--failures", action="store_true", help="list the queries that failed")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    rows = read_queries(Path(args.queries))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.index_dir) if args.index_dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        out = run(Path(args.data), folder, rows)
    print("| collection | Finglish queries | success@10 | as typed (exact) | rewritten | Latin queries | "
          "Latin left alone |")
    print("|---|---|---|---|---|---|---|")
    for name, s in [*out["per_collection"].items(), *((f"split: {k}", v) for k, v in out["per_split"].items()),
                    ("**all**", out["total"])]:
        print(f"| {name} | {s['finglish']} | {_pct(s['found'], s['finglish'])} | "
              f"{_pct(s['found_exact'], s['finglish'])} | {_pct(s['converted'], s['finglish'])} | "
              f"{s['latin']} | {_pct(s['latin_kept'], s['latin'])} |")
    print(f"\nmedian search time: {out['median_ms_with_rewrite']} ms with the rewrite, "
          f"{out['median_ms_exact']} ms as typed (exact)")
    if args.failures:
        for f in out["failures"]:
            print(f"  {f['why']}: {f['query']!r} → {f['rewritten']!r} (wanted {f['intended']}; "
                  f"top: {f.get('top', [])})")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    t = out["total"]
    ok = t["finglish"] and t["found"] / t["finglish"] >= TARGET and t["latin_kept"] == t["latin"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
