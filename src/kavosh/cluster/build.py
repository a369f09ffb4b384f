"""Building a new sharded index on a Ray cluster: plain Ray tasks per shard, retried on loss, exactly once.

``kavosh index PATH... --index DIR --shards N --cluster ADDRESS`` (``DIR`` new or empty, on a file system
every node sees) runs in three steps:

1. **Analysis**, one task per shard: the task reads the inputs as ``kavosh index`` does
   (:class:`kavosh.index.update.Update`: the same ids, source keys and hashes, errors), keeps the documents
   whose id falls in its shard (:func:`kavosh.index.shards.shard_of`) and analyses them (the CPU-heavy
   part: :func:`kavosh.index.writer.prepare`), writing them to ``DIR/.build/shard-NNN.pickle`` (a temporary
   file renamed at the end) and returning their near-duplicate fingerprints.  Every task reads every
   input (cheap for JSON Lines; for HTML the extraction is repeated per task).
2. **Groups**, on the driver: the fingerprints in input order go through the index-wide band table
   (:class:`kavosh.index.groups.Grouper`), exactly as one writer would add them, so a document's group
   does not depend on its shard.
3. **Writing**, one task per shard: the shard's tantivy index is emptied (``delete_all_documents``: what a
   lost earlier attempt committed goes) and written with the groups, then committed; the driver then writes
   the view (:func:`kavosh.index.shards.write_view`), commits the band table and builds the completion table.
   With ``--dense`` the writing task then embeds its shard's passages into the shard's own vector store
   (``shard-NNN/vectors/``, :mod:`kavosh.index.vectors`): the CPU-heaviest part, spread like the rest.

A task lost with its node or worker is retried by Ray (``max_retries``); each step's output is a pure
function of the inputs and replaces any earlier attempt's, so every document is in the index exactly once.
Progress lines go to the driver as tasks finish.  Incremental updates of the index afterwards run
in-process (``kavosh index`` without ``--cluster``).
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import Index
from ..index import dedup
from ..index import schema as S
from ..index.completions import completion_table
from ..index.groups import Grouper
from ..index.shards import shard_of, shard_paths, write_view
from ..index.store import IndexShardsError
from ..index.update import Update, doc_bytes
from ..index.writer import build, check_fields, prepare
from ..ingest.document import Document, IngestError
from .serving import connect

BUILD_DIR = ".build"
"""The folder of the analysis step's files inside the index folder (removed at the end)."""
RETRIES = 3
"""Ray's ``max_retries`` of each task: how many times a task lost with its worker or node is re-run."""


@dataclass
class BuildReport:
    """What a cluster build did.

    Attributes:
        documents: documents in the index.
        bytes: bytes of text analysed.
        errors: what could not be indexed, one :class:`kavosh.ingest.document.IngestError` each (file, line, why).
        task_cpu_s: CPU seconds of the tasks (analysis and writing), summed.
        seconds: wall time of the build.
        nodes: distinct nodes the tasks ran on.
    """

    documents: int = 0
    bytes: int = 0
    errors: list[IngestError] = field(default_factory=list)
    task_cpu_s: float = 0.0
    seconds: float = 0.0
    nodes: int = 0


def _node() -> str:
    try:
        import ray

        return ray.get_runtime_context().get_node_id()
    except Exception:  # noqa: BLE001 - outside Ray (called directly)
        return "local"


class _ReadOnly:
    """What :class:`kavosh.index.update.Update` needs of a writer, for reading the inputs into a new, empty
    index: the opened index, the field check; nothing to delete."""

    def __init__(self, opened) -> None:
        self.opened = opened

    def check_fields(self, doc: Document) -> Document | IngestError:
        return check_fields(doc, self.opened.fields)

    def delete_source(self, key: str) -> None:
        pass


def analyse_shard(index_dir: str, paths: list[str], shard: int, shards: int, max_bytes: int) -> dict:
    """Step 1 for ``shard``: read every input, analyse the shard's documents, write them to the build folder.

    Returns:
        ``{"docs": [(order, id, fingerprint, source_key)], "errors": [...], "bytes", "cpu_s", "node"}``;
        ``order`` numbers every document of the inputs (all shards) in reading order.
    """
    cpu = time.process_time()
    ix = Index(index_dir, create=False)
    build_dir = Path(index_dir) / BUILD_DIR
    (build_dir / f"pid-{shard}-{os.getpid()}").touch()  # which process runs this task (for tests that kill it)
    update = Update(_ReadOnly(ix.opened), paths, max_bytes=max_bytes)
    prepared, docs, errors, size = [], [], [], 0
    order = 0
    for item in update.items():
        if isinstance(item, IngestError):
            errors.append(item)
            continue
        order += 1
        if shard_of(item.id, shards) != shard:
            continue
        p = prepare(item, ix.analyzer)
        prepared.append((item.id, p))
        docs.append((order, item.id, p.fingerprint, item.source_key))
        size += doc_bytes(item)
    tmp = build_dir / f"shard-{shard:03d}.pickle.{os.getpid()}"
    with open(tmp, "wb") as f:
        pickle.dump(prepared, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, build_dir / f"shard-{shard:03d}.pickle")
    return {"docs": docs, "errors": errors if shard == 0 else [], "bytes": size,
            "cpu_s": time.process_time() - cpu, "node": _node()}


def write_shard(index_dir: str, shard: int, groups: dict[str, tuple[int, bool]], dense: bool = False) -> dict:
    """Step 3 for ``shard``: empty its tantivy index, add its analysed documents with their ``groups``
    (id → (group, joined)), commit; with ``dense``, then sync the shard's passage vectors with that commit
    (:func:`kavosh.index.embedding.sync_folder`: a retried task keeps the vectors an earlier attempt made
    for the same documents and content, and drops any other).  Returns ``{"documents", "windows", "cpu_s",
    "node"}``."""
    import tantivy

    from ..index.store import register

    cpu = time.process_time()
    ix = Index(index_dir, create=False)
    path = shard_paths(index_dir, ix.opened.manifest)[shard]
    with open(Path(index_dir) / BUILD_DIR / f"shard-{shard:03d}.pickle", "rb") as f:
        prepared = pickle.load(f)
    index = tantivy.Index(ix.opened.schema, path=str(path), reuse=True)
    register(index)
    writer = index.writer(heap_size=64_000_000, num_threads=1)
    writer.delete_all_documents()
    for doc_id, p in prepared:
        tdoc = build(doc_id, p)
        group, joined = groups[doc_id]
        dedup.add_fields(tdoc, group, joined)
        tdoc.add_unsigned(S.SHARD, shard)
        writer.delete_documents_by_term(S.ID, doc_id)  # an id read twice: the last one stays
        writer.add_document(tdoc)
    writer.commit()
    writer.wait_merging_threads()
    windows = 0
    if dense:
        from ..index.embedding import sync_folder

        windows = sync_folder(path, tantivy.Index.open(str(path)).searcher(), create=True)["windows"]
    return {"documents": len({d for d, _ in prepared}), "windows": windows, "cpu_s": time.process_time() - cpu,
            "node": _node()}


def build_on_cluster(paths: list[str], index_dir: str | os.PathLike, shards: int, address: str | None,
                     fields=None, max_bytes: int = 10_000_000,
                     progress: Callable[[str], None] | None = None, dense: bool = False) -> BuildReport:
    """Build a new sharded index of ``paths`` at ``index_dir`` on a Ray cluster (see the module text).

    Args:
        paths: input files and folders (as ``kavosh index``), readable by every node.
        index_dir: a new or empty folder on a file system shared by the nodes.
        shards: the number of shards.
        address: the cluster (:func:`kavosh.cluster.serving.connect`).
        fields: the field configuration of the new index (``None``: none declared).
        max_bytes: larger documents are skipped and reported.
        progress: called with a line of text as each task finishes.
        dense: also compute each shard's passage vectors in its writing task (``kavosh index --dense``;
            needs the ``dense`` extra on every node).
    Returns:
        :class:`BuildReport`.
    Raises:
        kavosh.index.store.IndexShardsError: ``index_dir`` already holds documents.
        kavosh.cluster.serving.ClusterError: no Ray or no cluster.
        ray.exceptions.RayError: a task failed on every retry.
    """
    t0 = time.perf_counter()
    say = progress or (lambda line: None)
    connect(address)
    import ray

    ix = Index(index_dir, create=True, shards=shards, fields=fields)
    if len(ix):
        raise IndexShardsError(f"{ix.path} already holds documents; a cluster build makes a new index (update "
                               f"this one with `kavosh index` without --cluster)")
    index_dir = str(ix.path.resolve())
    build_dir = Path(index_dir) / BUILD_DIR
    build_dir.mkdir(exist_ok=True)
    report = BuildReport()
    nodes = set()
    analyse = ray.remote(analyse_shard).options(max_retries=RETRIES, num_cpus=1)
    calls = {analyse.remote(index_dir, [str(Path(p).resolve()) for p in paths], s, shards, max_bytes): s
             for s in range(shards)}
    found: dict[int, dict] = {}
    for s, out in _as_done(ray, calls):
        found[s] = out
        nodes.add(out["node"])
        report.task_cpu_s += out["cpu_s"]
        say(f"shard {s}: analysed {len(out['docs']):,} documents ({out['bytes'] / 1e6:.1f} MB) "
            f"[{len(found)}/{shards}]")
    report.errors = found[0]["errors"]
    report.bytes = sum(out["bytes"] for out in found.values())
    grouper = Grouper(Path(index_dir))
    groups: list[dict[str, tuple[int, bool]]] = [{} for _ in range(shards)]
    for _order, doc_id, fp, key in sorted(d for out in found.values() for d in out["docs"]):
        grouper.forget(doc_id)
        groups[shard_of(doc_id, shards)][doc_id] = grouper.assign(doc_id, fp, key)
    write = ray.remote(write_shard).options(max_retries=RETRIES, num_cpus=1)
    calls = {write.remote(index_dir, s, groups[s], dense): s for s in range(shards)}
    done = 0
    for s, out in _as_done(ray, calls):
        done += 1
        nodes.add(out["node"])
        report.task_cpu_s += out["cpu_s"]
        report.documents += out["documents"]
        say(f"shard {s}: wrote {out['documents']:,} documents"
            + (f" and {out['windows']:,} passage vectors" if dense else "") + f" [{done}/{shards}]")
    grouper.prepare_commit()
    grouper.committed(write_view(index_dir, ix.opened.manifest))
    grouper.close()
    ix.reload()
    completion_table(ix.opened, ix.analyzer)
    shutil.rmtree(build_dir, ignore_errors=True)
    report.seconds = time.perf_counter() - t0
    report.nodes = len(nodes)
    return report


def _as_done(ray, calls: dict):
    """``(shard, result)`` of each call as it finishes."""
    pending = list(calls)
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        yield calls[ready[0]], ray.get(ready[0])
