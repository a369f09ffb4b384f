"""Keep an index's passage vectors in step with its committed documents.

:func:`sync_vectors` is what ``kavosh embed`` and ``kavosh index --dense`` run, and what
:meth:`kavosh.index.writer.Writer.commit` runs after every commit of an index that has
vectors, so adds, replacements, deletions and pruning reach the vectors too (see
:mod:`kavosh.index.vectors` for the consistency argument).  The caller must hold the
index's writer lock (the :class:`~kavosh.index.writer.Writer`), so that no commit happens
while the vectors are being synced.

Cost: a sync reads every committed document's stored title and text once to compare
content hashes (about 20 µs per document), then embeds only the documents whose vectors
are missing or stale (about 50 passages per second on 2 cores: docs/benchmarks.md).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import tantivy

from .shards import shard_paths
from .store import OpenedIndex
from .vector_model import OtherModelError
from .vectors import VECTOR_DIR, VectorStore, has_vectors, other_model, tantivy_opstamp

__all__ = ["has_vectors", "sync_vectors", "sync_folder"]


def sync_vectors(opened: OpenedIndex, create: bool = False,
                 progress: Callable[[int, int, float], None] | None = None,
                 checkpoint_s: float = 60.0) -> dict[str, int]:
    """Embed the committed documents that lack vectors and drop vectors of documents gone.

    A sharded index (``opened.manifest``) keeps each shard's vectors in the shard's folder, synced
    against that shard's commits one shard after another (:mod:`kavosh.index.vectors`, "Shards"); vectors
    an older version kept in the index folder of a sharded index are re-made in the shards, then removed.

    Vectors of another model or text form (:mod:`kavosh.dense.text`; an index embedded by an older Kavosh)
    cannot be mixed with this encoder's: with ``create`` (``kavosh embed``, ``kavosh index --dense``,
    :meth:`kavosh.engine.Index.embed`) they are dropped and every document is embedded again (resumable
    as any sync; ``removed`` counts them); without it (the sync after each commit) the store is left as
    it is, unsynced, and the counts hold ``outdated`` — searches then run lexically and say why
    (:func:`kavosh.index.vectors.outdated_vectors`).

    Args:
        opened: the index (its writer lock held by the caller).
        create: start vectors for an index that has none, or re-embed vectors of another model.
        progress: ``progress(done, todo, elapsed_s)`` after each batch (for a sharded index: per shard).
        checkpoint_s: save progress at least this often (a killed run resumes from it).
    Returns:
        counts from :meth:`kavosh.index.vectors.VectorStore.sync`, summed over the shards.
    Raises:
        kavosh.dense.encoder.EncoderError: the model cannot be loaded.
        kavosh.index.vectors.VectorStoreError: the vector files are damaged.
    """
    if opened.manifest is None:
        opened.index.reload()
        return sync_folder(opened.path, opened.index.searcher(), create, progress, checkpoint_s, replace=create)
    old = opened.path / VECTOR_DIR
    counts: dict[str, int] = {}
    for shard in shard_paths(opened.path, opened.manifest):
        # the shards' own commits (the writer lock of the index covers every shard)
        one = sync_folder(shard, tantivy.Index.open(str(shard)).searcher(), True, progress, checkpoint_s,
                          replace=create)
        for k, v in one.items():
            counts[k] = counts.get(k, 0) + v
    if old.exists():  # the layout before shards kept their own vectors: replaced by the shards' stores
        shutil.rmtree(old)
    return counts


def sync_folder(folder, searcher: tantivy.Searcher, create: bool = False,
                progress: Callable[[int, int, float], None] | None = None,
                checkpoint_s: float = 60.0, replace: bool = False) -> dict[str, int]:
    """Sync the vectors in ``folder`` (an index, or one shard of a sharded index) with the committed
    documents of ``searcher`` (that folder's tantivy index, opened after its last commit); the caller holds
    the writer lock.  Returns :meth:`kavosh.index.vectors.VectorStore.sync`'s counts, the windows of
    another model's vectors dropped counted in ``removed`` (``replace``), or ``{"outdated": 1}`` when the
    store holds another model's vectors and ``replace`` is false (nothing is changed)."""
    from ..dense.encoder import shared_encoder  # noqa: PLC0415 - loads onnxruntime

    if not replace and other_model(folder) is not None:  # before loading the encoder (seconds) for nothing
        return {"outdated": 1}
    encoder = shared_encoder()
    try:
        store = VectorStore(folder, create=create, model=encoder.name, dim=encoder.dim, replace=replace)
    except OtherModelError:
        return {"outdated": 1}
    try:
        counts = store.sync(searcher, encoder.passages, tantivy_opstamp(folder),
                            progress=progress, checkpoint_s=checkpoint_s)
        counts["removed"] += store.replaced
        return counts
    finally:
        store.close()
