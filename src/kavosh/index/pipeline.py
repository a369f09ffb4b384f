"""Parallel analysis for indexing: documents are analysed on ``jobs`` threads or worker processes, written in this one.

With the compiled core (``kavosh._core``, the normal case) a batch of documents is analysed
by ``kavosh._core.prepare_batch`` — terms, near-duplicate fingerprint, the words for the
completion table and the stored text, in Rust with the GIL released — on ``jobs`` threads
of this process; the rest of :func:`kavosh.index.writer.prepare` (date, stored JSON, declared
fields) is Python on the same threads.  Without it (``KAVOSH_PURE_PYTHON=1``, or no compiled
core) analysis is pure Python and holds the GIL, so it runs in ``jobs`` worker processes.
tantivy's writer, which indexes with its own threads, stays in the calling process and is
fed in input order.  This is the split Lucene-based indexers make with one analysis chain per
indexing thread.

How it works: the stream is cut into batches (about :data:`BATCH_BYTES` of text
or :data:`BATCH_DOCS` documents); batch *k* goes to thread or worker *k* mod ``jobs`` and
results are collected in the same order, so output order is input order.  At most
:data:`IN_FLIGHT` batches per thread or worker are outstanding, which bounds memory.

Worker processes (pure Python only) each have their own warm :class:`~kavosh.analysis.Analyzer`,
and return only :class:`~kavosh.index.writer.Prepared` tuples (term strings, stored
JSON bytes, date), never the documents, which stay in this process.  They are started with the
``forkserver`` method (safe with tantivy's threads
in this process; the server loads and warms the analyzer once, before forking,
see :mod:`._forkserver_preload`) and each talks over its own pipe, so a worker whose parent is
killed (``kill -9``) reads end-of-file and exits; they ignore SIGINT, so Ctrl-C
reaches only this process, which stops them.
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import operator
import os
import pickle
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import resources
from pathlib import Path

from ..analysis import Analyzer
from ..ingest.document import Document, IngestError
from . import dedup
from .writer import TITLE_GAP, Prepared, prepare, prepared_from


BATCH_BYTES = 256_000
"""Characters of title + text per batch sent to a thread or worker (one round trip each)."""

BATCH_DOCS = 256
"""Documents per batch at most (many short documents)."""

IN_FLIGHT = 2
"""Batches outstanding per worker: one being analysed, one waiting, so a worker never idles on the pipe."""

AUTO_MIN_INPUT_BYTES = 2_000_000
"""With ``jobs=None``, inputs smaller than this (bytes on disk) are analysed in-process: starting the
workers costs about a second, the time one core takes to analyse a few megabytes."""

Item = tuple[Document, Prepared] | tuple[IngestError, None]

_DOCUMENT_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Document)))
"""A document as the tuple of all its fields, in order (``Document(*t)`` rebuilds it): what a
worker is sent.  Every field, so that none is lost on the way (the source file's key and hash
decide incremental updates)."""


class PipelineError(RuntimeError):
    """An analysis worker stopped unexpectedly (killed, out of memory); the documents sent are not indexed."""


def available_cpus() -> int:
    """CPUs this process may run on (``os.sched_getaffinity``, else ``os.cpu_count``), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def choose_jobs(requested: int | None, input_bytes: int) -> int:
    """Worker processes to use: ``requested`` if given, else :func:`available_cpus`
    (1, i.e. in-process, below :data:`AUTO_MIN_INPUT_BYTES` of input).

    Raises:
        ValueError: ``requested`` is less than 1.
    """
    if requested is not None:
        if requested < 1:
            raise ValueError(f"--jobs must be at least 1, not {requested}")
        return requested
    return available_cpus() if input_bytes >= AUTO_MIN_INPUT_BYTES else 1


def _where(doc: Document) -> tuple[str, int | None]:
    """``(file, line)`` from a document's ``source`` (``"corpus.jsonl:12"``), else its id."""
    src = doc.source or doc.id
    path, sep, line = src.rpartition(":")
    if sep and line.isdigit():
        return path, int(line)
    return src, None


def _failed(doc: Document, exc: Exception) -> IngestError:
    path, line = _where(doc)
    if isinstance(exc, UnicodeEncodeError):
        reason = (f"document {doc.id!r} is not valid Unicode (a lone surrogate "
                  f"U+{ord(exc.object[exc.start]):04X}, e.g. from a JSON \\u escape)")
    else:
        reason = f"document {doc.id!r} could not be analysed: {type(exc).__name__}: {exc}"
    return IngestError(path, line, reason)


def _prepare_safely(doc: Document, analyzer: Analyzer) -> Prepared | IngestError:
    try:
        return prepare(doc, analyzer)
    except Exception as e:  # one bad document must not stop the run: report it with its file/line
        return _failed(doc, e)


def analysed(items: Iterable[Document | IngestError], analyzer: Analyzer, jobs: int = 1,
             core_docs: bool = False) -> Iterator[Item]:
    """Analyse a stream of documents, in input order, on ``jobs`` threads (compiled core) or
    worker processes (pure Python).

    Args:
        items: documents and errors, as :func:`kavosh.ingest.files.read_paths` yields them.
        analyzer: the index's analyzer.  With the compiled core, each thread uses the core's
            analyzer of the same ``stem`` setting; without it, workers build their own
            ``Analyzer(stem=...)``.  A subclass is used in-process only (no threads, no workers).
        jobs: threads or worker processes; without the core, ``1`` analyses in this process
            (no workers).  With more, the program's main module is imported again in the
            workers (Python's ``forkserver`` start method), so a script must keep its work under
            ``if __name__ == "__main__":``.
        core_docs: with the compiled core, analyse for the Rust writer
            (:attr:`kavosh.index.writer.Writer.core_docs`): each ``Prepared`` holds its terms as
            tantivy tokens in Rust (``Prepared.core``), not as strings.
        With the compiled core (:func:`takes_records`), ``items`` may also hold runs of clean JSON
        Lines records (``kavosh._core.Records``): each is analysed where it is (``prepare_records``)
        and yielded as ``(records, None)`` in its place.
    Yields:
        ``(document, prepared)`` for each document, ``(records, None)`` for each run of records, or
        ``(error, None)`` for each input error and for each document that cannot be analysed (with its
        file and line).
    Raises:
        PipelineError: a worker process died.
    """
    if type(analyzer) is Analyzer and getattr(analyzer, "_core", None) is not None:
        threads = _Threads(jobs, analyzer, core_docs)
        try:
            yield from _in_batches(items, threads.send, threads.receive, IN_FLIGHT * jobs)
        finally:
            threads.close()
        return
    if jobs <= 1 or type(analyzer) is not Analyzer:
        for item in items:
            if isinstance(item, IngestError):
                yield item, None
            else:
                p = _prepare_safely(item, analyzer)
                yield (p, None) if isinstance(p, IngestError) else (item, p)
        return
    pool = _Pool(jobs, analyzer.stem_enabled)
    try:
        yield from _in_batches(items, pool.send, pool.receive, IN_FLIGHT * jobs)
    finally:
        pool.close()


def takes_records(analyzer: Analyzer) -> bool:
    """Whether :func:`analysed` takes runs of JSON Lines records (``kavosh._core.Records``) with this
    analyzer: it is the compiled core's (analysis on threads)."""
    return type(analyzer) is Analyzer and getattr(analyzer, "_core", None) is not None


def _in_batches(items: Iterable, send: Callable, receive: Callable, max_pending: int) -> Iterator[Item]:
    """Cut ``items`` into batches, ``send(k, documents)`` batch ``k`` (a handle back), and yield
    ``receive(handle, batch)`` in input order, with at most ``max_pending`` batches outstanding
    (see the module docstring).  Input errors keep their place between the documents around them.
    A run of records (``kavosh._core.Records``) is a batch of its own: ``send(k, records)``."""
    pending: deque[tuple[object, list[Document | IngestError]]] = deque()
    batch: list[Document | IngestError] = []
    docs: list[Document] = []
    size = 0
    k = 0
    for item in items:
        if isinstance(item, IngestError):
            if not pending and not batch:
                yield item, None
            else:
                batch.append(item)
            continue
        if not isinstance(item, Document):  # records: the documents before them go first
            if batch:
                pending.append((send(k, docs) if docs else None, batch))
                k += 1
                batch, docs, size = [], [], 0
            pending.append((send(k, item), item))
            k += 1
            while len(pending) >= max_pending:
                yield from _received(receive, *pending.popleft())
            continue
        batch.append(item)
        docs.append(item)
        size += len(item.text) + len(item.title)
        if size >= BATCH_BYTES or len(docs) >= BATCH_DOCS:
            pending.append((send(k, docs), batch))
            k += 1
            batch, docs, size = [], [], 0
            while len(pending) >= max_pending:
                yield from _received(receive, *pending.popleft())
    if docs:
        pending.append((send(k, docs), batch))
    elif batch:
        pending.append((None, batch))  # errors only: nothing to receive
    while pending:
        yield from _received(receive, *pending.popleft())


def _received(receive: Callable, handle: object, batch) -> Iterator[Item]:
    """``receive(handle, batch)``, or a batch's errors when nothing was sent (``handle`` is ``None``)."""
    if handle is None:
        return ((e, None) for e in batch)
    return receive(handle, batch)


def _merge(batch: list[Document | IngestError], results: Iterable) -> Iterator[Item]:
    """Pair each document of ``batch`` with its result (``Prepared``, an :class:`IngestError` or
    its ``(path, line, reason)``), in order; input errors pass through."""
    it = iter(results)
    for item in batch:
        if isinstance(item, IngestError):
            yield item, None
            continue
        r = next(it)
        if isinstance(r, Prepared):
            yield item, r
        elif isinstance(r, IngestError):
            yield r, None
        else:
            yield IngestError(*r), None


# ---------------------------------------------------------------- threads (compiled core)


def _data_dir() -> str:
    """The folder of the analyzer's word lists (what ``Analyzer`` gives the compiled core)."""
    return str(Path(str(resources.files("kavosh.analysis") / "data")))


class _Threads:
    """``jobs`` threads, each analysing whole batches in the compiled core with the GIL released."""

    def __init__(self, jobs: int, analyzer: Analyzer, core_docs: bool = False) -> None:
        from .. import _core  # noqa: PLC0415 - present: the analyzer has its compiled core

        self.core_docs = core_docs
        self._core = _core
        self._prepare_batch = _core.prepare_core_batch if core_docs else _core.prepare_batch
        self.analyzer = analyzer
        self.args = (_data_dir(), analyzer.stem_enabled, TITLE_GAP)
        self.pool = ThreadPoolExecutor(max(1, jobs), thread_name_prefix="kavosh-analysis")

    def send(self, _k: int, docs) -> Future:
        if not isinstance(docs, list):  # records: analysed where they are, for the Rust writer
            return self.pool.submit(self._core.prepare_records, *self.args, docs)
        return self.pool.submit(self.prepare, docs)

    def receive(self, future: Future, batch) -> Iterator[Item]:
        if not isinstance(batch, list):
            future.result()
            return iter([(batch, None)])
        return _merge(batch, future.result())

    def prepare(self, docs: list[Document]) -> list[Prepared | IngestError]:
        """:func:`kavosh.index.writer.prepare` of each document, the analysis done by
        ``kavosh._core.prepare_batch`` (``prepare_core_batch`` for the Rust writer: then the terms
        stay in Rust, ``Prepared.core``); a document it cannot take (not valid Unicode) goes the
        Python way, which reports it."""
        try:
            results = self._prepare_batch(*self.args, [(d.title, d.text) for d in docs])
        except TypeError:  # a title or text that is not a string: each document is reported on its own
            results = [None] * len(docs)
        out: list[Prepared | IngestError] = []
        for doc, r in zip(docs, results, strict=True):
            if r is None:
                out.append(_prepare_safely(doc, self.analyzer))
                continue
            if self.core_docs:  # the fingerprint stays in the CoreDoc for the Rust writer's band table
                (core_doc, words), fingerprint = r, None
                title, body, text_bytes = "", "", b""
            else:
                title, body, fp, text_bytes, words = r
                core_doc = None
                fingerprint = None if fp is None else dedup.Fingerprint(fp[0], dedup.signature_from_bytes(fp[1]))
            try:
                out.append(prepared_from(doc, self.analyzer, title, body, fingerprint, text_bytes, words, core_doc))
            except Exception as e:  # one bad document must not stop the run: report it with its file/line
                out.append(_failed(doc, e))
        return out

    def close(self) -> None:
        """Stop the threads (batches not yet started are dropped; running ones finish)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- worker side


def _worker(conn, stem: bool) -> None:
    """Worker process: receive pickled batches of document tuples, send back ``Prepared`` or errors."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from . import _forkserver_preload  # already imported (and warm) in the forkserver

    analyzer = _forkserver_preload.WARM
    if analyzer.stem_enabled != stem:
        analyzer = Analyzer(stem=stem)
        analyzer.warm()
    try:
        while True:
            try:
                batch = pickle.loads(conn.recv_bytes())
            except EOFError:  # the parent closed the pipe, or died
                return
            out = []
            for fields in batch:
                p = _prepare_safely(Document(*fields), analyzer)
                out.append((p.path, p.line, p.reason) if isinstance(p, IngestError) else p)
            conn.send_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, KeyboardInterrupt):  # the parent is gone
        return


# ---------------------------------------------------------------- parent side


class _Pool:
    """``jobs`` worker processes, each with its own duplex pipe, and a thread that feeds them.

    Sending happens on the feeder thread so that this process never blocks writing a
    batch to a worker that is itself blocked writing results back (pipes hold ~200 KB).
    """

    def __init__(self, jobs: int, stem: bool) -> None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, f"{__package__}._forkserver_preload"])
        self.conns = []
        self.procs = []
        self._outbox: queue.Queue = queue.Queue()
        try:
            for _ in range(jobs):
                parent, child = ctx.Pipe(duplex=True)
                proc = ctx.Process(target=_worker, args=(child, stem), daemon=True, name="kavosh-analysis")
                proc.start()
                child.close()
                self.conns.append(parent)
                self.procs.append(proc)
        except BaseException:
            self.close()
            raise
        self._feeder = threading.Thread(target=self._feed, name="kavosh-feeder", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        while True:
            job = self._outbox.get()
            if job is None:
                return
            conn, data = job
            try:
                conn.send_bytes(data)
            except (OSError, ValueError, TypeError):  # the worker died or the pipe was closed: the reader reports it
                pass

    def send(self, k: int, docs: list[Document]) -> int:
        payload = list(map(_DOCUMENT_FIELDS, docs))
        self._outbox.put((self.conns[k % len(self.conns)], pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)))
        return k

    def receive(self, k: int, batch: list[Document | IngestError]) -> Iterator[Item]:
        w = k % len(self.conns)
        try:
            results = pickle.loads(self.conns[w].recv_bytes())
        except (EOFError, OSError) as e:
            proc = self.procs[w]
            proc.join(timeout=1)
            raise PipelineError(f"analysis worker {proc.pid} stopped (exit code {proc.exitcode}); "
                                "documents sent to it were not indexed") from e
        yield from _merge(batch, results)

    def close(self) -> None:
        """Stop the workers and the feeder (at once: results not yet read are dropped)."""
        self._outbox.put(None)
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()  # a send blocked on it now fails, so the feeder reaches the None
        feeder = getattr(self, "_feeder", None)
        if feeder is not None:
            feeder.join(timeout=5)
        for conn in self.conns:
            conn.close()
        for proc in self.procs:
            proc.join(timeout=5)
