"""Near-duplicate detection: its indexing cost, the threshold, and the groups it finds.

    python benchmarks/dedup.py [--corpus ../shared/data/news/articles.jsonl.gz] [--repeats 3]
                               [--groups ../shared/data/hamshahri/corpus.jsonl.gz ...]

1. Cost: ``kavosh index CORPUS`` in a fresh process, with near-duplicate
   detection and without it (``dedup.fingerprint`` patched to return ``None``: no
   shingles, no MinHash, no candidate search, no band terms), alternating,
   ``--repeats`` times; then the same in-process with the real
   :class:`kavosh.index.writer.Writer` on documents already parsed, with the
   analyser's caches warm (the harshest ratio).  Medians of wall and CPU time.
2. Threshold: for every corpus document with a fingerprint, the estimated Jaccard
   similarity to its most similar *other* document whose text differs (all pairs,
   from the signatures), against synthetic copies of 300 documents: light edits
   (5% of the words replaced), a 40-word related-links block added, and both.
3. Groups: each ``--groups`` corpus is indexed and its groups with two or more
   members are counted and printed (the first few, for eyeballing).
4. Search: 300 queries (two title words of corpus documents), top 10 without
   snippets, collapsed as usual and with the group lookup patched out (the search
   as it was before near-duplicates); median and p99 latency.
5. Labelled pairs (``--pairs``, default ``benchmarks/data/dedup_pairs.tsv``: 200 pairs
   of the news corpus labelled by reading them): the corpus is indexed and a pair is
   predicted a near-duplicate when both are in one group; precision and recall.

``--only pairs`` (or ``cost``, ``threshold``, ``search``, ``groups``) runs one part.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import tantivy

from kavosh.analysis import default_analyzer
from kavosh.index import dedup
from kavosh.index import schema as S
from kavosh.index.store import open_index
from kavosh.index.writer import Writer
from kavosh.ingest.document import Document

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "data" / "news" / "articles.jsonl.gz"


def load(path: Path) -> list[Document]:
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            o = json.loads(line)
            docs.append(Document(id=str(o.get("id") or o.get("_id")), title=o.get("title", ""),
                                 text=o.get("text", "")))
    return docs


def index_once(docs: list[Document], analyzer, with_dedup: bool) -> tuple[float, float]:
    """Index ``docs`` into a fresh index; returns ``(wall seconds, CPU seconds of the process)``
    (CPU time includes tantivy's indexing threads and is steadier on a shared machine)."""
    saved = dedup.fingerprint
    if not with_dedup:
        dedup.fingerprint = lambda terms: None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            opened = open_index(Path(tmp) / "ix", create=True, analyzer=analyzer)
            w = Writer(opened, analyzer)
            t0, c0 = time.perf_counter(), time.process_time()
            for d in docs:
                w.add(d)
            w.commit()
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
            w.close()
            return dt, dc
    finally:
        dedup.fingerprint = saved


def cost(docs: list[Document], analyzer, repeats: int) -> None:
    index_once(docs[:200], analyzer, True)  # warm the analyzer caches
    on, off = [], []
    for _ in range(repeats):
        off.append(index_once(docs, analyzer, False))
        on.append(index_once(docs, analyzer, True))
    mb = sum(len(d.text.encode()) + len(d.title.encode()) for d in docs) / 1e6
    print(f"## cost: {len(docs):,} documents, {mb:.1f} MB, {repeats} runs each, alternating (medians)")
    for k, name in ((0, "wall"), (1, "CPU")):
        m_off = statistics.median(r[k] for r in off)
        m_on = statistics.median(r[k] for r in on)
        print(f"{name:>4}: without near-duplicates {m_off:.2f} s ({len(docs) / m_off:,.0f} docs/s, "
              f"{mb / m_off:.2f} MB/s); with {m_on:.2f} s ({len(docs) / m_on:,.0f} docs/s, {mb / m_on:.2f} MB/s); "
              f"slowdown {100 * (m_on / m_off - 1):+.1f}%")
        print(f"      runs without: {[round(r[k], 2) for r in off]}, with: {[round(r[k], 2) for r in on]}")
    print()


CLI_RUN = ("import sys, kavosh.index.dedup as D\n"
           "if sys.argv[1] == 'off': D.fingerprint = lambda terms: None\n"
           "from kavosh.cli import main\n"
           "sys.exit(main(['index', sys.argv[2], '--index', sys.argv[3], '-q']))")


def cli_once(corpus: Path, with_dedup: bool) -> tuple[float, float, float]:
    """``kavosh index CORPUS`` in a fresh process (cold caches, as users run it), with near-duplicate
    detection or with ``dedup.fingerprint`` patched out; returns ``(wall s, CPU s of the child,
    index size in MB)``."""
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", CLI_RUN, "on" if with_dedup else "off", str(corpus),
                        str(Path(tmp) / "ix")], check=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        size = sum(f.stat().st_size for f in (Path(tmp) / "ix").rglob("*") if f.is_file()) / 1e6
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), size


def cli_cost(corpus: Path, repeats: int) -> None:
    off, on = [], []
    for _ in range(repeats):
        off.append(cli_once(corpus, False))
        on.append(cli_once(corpus, True))
    print(f"## cost end to end: `kavosh index {corpus.name}` in a fresh process, {repeats} runs each, "
          "alternating (medians)")
    for k, name in ((0, "wall"), (1, "CPU")):
        m_off = statistics.median(r[k] for r in off)
        m_on = statistics.median(r[k] for r in on)
        print(f"{name:>4}: without near-duplicates {m_off:.2f} s; with {m_on:.2f} s; "
              f"slowdown {100 * (m_on / m_off - 1):+.1f}%")
        print(f"      runs without: {[round(r[k], 2) for r in off]}, with: {[round(r[k], 2) for r in on]}")
    print(f"index size: without {statistics.median(r[2] for r in off):.1f} MB, "
          f"with {statistics.median(r[2] for r in on):.1f} MB")
    print()


def edit(words: list[str], rng: random.Random, share: float) -> list[str]:
    out = list(words)
    for i in rng.sample(range(len(out)), max(1, int(share * len(out)))):
        out[i] = rng.choice(words)
    return out


def threshold(docs: list[Document], analyzer) -> None:
    terms = [analyzer.index_terms(d.text) for d in docs]
    fps = [dedup.fingerprint(t) for t in terms]
    keep = [i for i, f in enumerate(fps) if f is not None]
    sigs = np.stack([fps[i].signature for i in keep])
    texts = [" ".join(terms[i]) for i in keep]
    best = []
    for a in range(len(keep)):
        sims = ((sigs == sigs[a]).mean(axis=1) - 1 / 256) / (1 - 1 / 256)
        sims[a] = -1
        for b in np.argsort(-sims)[:5]:  # the most similar document whose text is not identical
            if texts[b] != texts[a]:
                best.append(float(sims[b]))
                break
        else:
            best.append(0.0)
    best_arr = np.array(best)
    print(f"## threshold: most similar other (non-identical) document, {len(keep):,} documents with a fingerprint")
    print("percentiles 50/90/99/99.9/max: " + " / ".join(f"{np.percentile(best_arr, p):.2f}"
                                                          for p in (50, 90, 99, 99.9, 100)))
    for t in (0.3, 0.4, 0.5, 0.6, 0.7):
        print(f"  documents with another at >= {t}: {int((best_arr >= t).sum())}")
    rng = random.Random(7)
    boiler = [analyzer.index_terms(docs[i].title) for i in rng.sample(range(len(docs)), 400)]
    cases = {"5% words replaced": [], "40-word links block": [], "both": []}
    for i in rng.sample(keep, 300):
        words = docs[i].text.split()
        block = [t for b in rng.sample(boiler, 8) for t in b][:40]
        base = fps[i].signature
        for name, variant in (("5% words replaced", analyzer.index_terms(" ".join(edit(words, rng, 0.05)))),
                              ("40-word links block", terms[i] + block),
                              ("both", analyzer.index_terms(" ".join(edit(words, rng, 0.05))) + block)):
            f = dedup.fingerprint(variant)
            cases[name].append(dedup.similarity(base, f.signature) if f else 0.0)
    print("synthetic copies of 300 documents (similarity to the original): min / 1st pct / median; share >= 0.5")
    for name, vals in cases.items():
        v = np.array(vals)
        print(f"  {name:<20} {v.min():.2f} / {np.percentile(v, 1):.2f} / {np.median(v):.2f}; "
              f"{100 * (v >= dedup.THRESHOLD).mean():.1f}%")
    print()


def index_all(docs: list[Document], analyzer, folder: Path):
    """Index ``docs`` into a new index in ``folder`` (one commit) and return it opened."""
    opened = open_index(folder / "ix", create=True, analyzer=analyzer)
    w = Writer(opened, analyzer)
    for d in docs:
        w.add(d)
    w.commit()
    w.close()
    return opened


def search_cost(docs: list[Document], analyzer) -> None:
    from kavosh.engine import search
    from kavosh.query.parse import QuerySyntaxError

    rng = random.Random(3)
    queries = [" ".join(d.title.split()[:2]) for d in rng.sample(docs, 300) if len(d.title.split()) >= 2]
    with tempfile.TemporaryDirectory() as tmp:
        opened = index_all(docs, analyzer, Path(tmp))
        runnable = []
        for q in queries:
            try:
                search(opened, analyzer, q, snippets=False)
                runnable.append(q)
            except QuerySyntaxError:  # two stopwords
                pass
        queries = runnable
        times: dict[str, list[float]] = {"collapsed": [], "not collapsed": []}
        for _ in range(3):
            for name in times:
                for q in queries:
                    t0 = time.perf_counter()
                    search(opened, analyzer, q, snippets=False, collapse=name == "collapsed")
                    times[name].append(time.perf_counter() - t0)
    print(f"## search: {len(queries)} queries x 3, top 10, no snippets")
    for name, ts in times.items():
        print(f"  {name:<16} p50 {1000 * statistics.median(ts):.2f} ms, p99 {1000 * np.percentile(ts, 99):.2f} ms")
    print()


def groups(path: Path, analyzer, show: int) -> None:
    docs = load(path)
    with tempfile.TemporaryDirectory() as tmp:
        opened = index_all(docs, analyzer, Path(tmp))
        searcher = opened.index.searcher()
        joined = searcher.search(tantivy.Query.term_query(opened.schema, S.DUP_JOINED, 1), limit=len(docs),
                                 count=True)
        gids = sorted(set(searcher.fast_field_values(S.DUP_GROUP, [a for _, a in joined.hits])))
        sizes = []
        for g in gids:
            res = searcher.search(tantivy.Query.term_query(opened.schema, S.DUP_GROUP, g), limit=50, count=True)
            members = [searcher.doc(a) for _, a in res.hits]
            sizes.append(res.count)
            if len(sizes) <= show:
                print(f"  group {dedup.format_group(g)} ({res.count}): "
                      + " | ".join(f"{m.get_first(S.ID)}: {json.loads(bytes(m.get_first(S.STORED)))['title'][:50]}"
                                   for m in members[:4]))
        print(f"## groups in {path}: {len(docs):,} documents, {len(gids)} groups of two or more "
              f"({sum(sizes)} documents; largest {max(sizes, default=0)})\n")


def load_pairs(path: Path) -> list[tuple[str, str, int, str]]:
    """Labelled pairs ``(id_a, id_b, label, kind)`` from a TSV with a header (``#`` lines are comments)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        a, b, label, kind, *_ = line.split("\t")
        rows.append((a, b, int(label), kind))
    return rows


def pairs(docs: list[Document], analyzer, labels: Path) -> dict:
    """Precision and recall of the groups on labelled pairs (a pair is predicted when both share a group)."""
    rows = load_pairs(labels)
    with tempfile.TemporaryDirectory() as tmp:
        opened = index_all(docs, analyzer, Path(tmp))
        searcher = opened.index.searcher()
        group = {}
        for a in {x for r in rows for x in r[:2]}:
            res = searcher.search(tantivy.Query.term_query(opened.schema, S.ID, a), limit=1)
            if not res.hits:
                raise SystemExit(f"dedup: {labels}: no document {a!r} in the corpus")
            group[a] = searcher.fast_field_values(S.DUP_GROUP, [res.hits[0][1]])[0]
    tp = sum(1 for a, b, y, _ in rows if y and group[a] == group[b])
    fp = sum(1 for a, b, y, _ in rows if not y and group[a] == group[b])
    fn = sum(1 for a, b, y, _ in rows if y and group[a] != group[b])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"## labelled pairs ({labels.name}): {len(rows)} pairs, {sum(r[2] for r in rows)} near-duplicates")
    print(f"  precision {precision:.3f} ({tp} of {tp + fp} predicted), recall {recall:.3f} ({tp} of {tp + fn})")
    for kind in sorted({r[3] for r in rows}):
        sub = [r for r in rows if r[3] == kind]
        same = sum(group[a] == group[b] for a, b, _, _ in sub)
        print(f"  {kind:<11} {len(sub):>4} pairs, labelled near-duplicate {sum(r[2] for r in sub):>3}, "
              f"grouped {same:>3}")
    print()
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--groups", type=Path, nargs="*", default=[])
    ap.add_argument("--show", type=int, default=8, help="groups to print per corpus")
    ap.add_argument("--pairs", type=Path, default=HERE / "data" / "dedup_pairs.tsv")
    ap.add_argument("--only", choices=("cost", "threshold", "search", "groups", "pairs"), default=None)
    args = ap.parse_args()
    analyzer = default_analyzer()
    docs = load(args.corpus)
    print(f"dedup: SHINGLE={dedup.SHINGLE} NUM_PERM={dedup.NUM_PERM} BANDS={dedup.BANDS}x{dedup.ROWS} "
          f"THRESHOLD={dedup.THRESHOLD}\n")
    if args.only in (None, "cost"):
        cli_cost(args.corpus, args.repeats)
        cost(docs, analyzer, args.repeats)
    if args.only in (None, "threshold"):
        threshold(docs, analyzer)
    if args.only in (None, "search"):
        search_cost(docs, analyzer)
    if args.only in (None, "groups"):
        for g in [args.corpus, *args.groups]:
            groups(g, analyzer, args.show)
    if args.only in (None, "pairs"):
        pairs(docs, analyzer, args.pairs)


if __name__ == "__main__":
    main()
