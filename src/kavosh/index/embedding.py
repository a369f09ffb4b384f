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

from collections.abc import Callable

from .store import OpenedIndex
from .vectors import VectorStore, has_vectors, tantivy_opstamp

__all__ = ["has_vectors", "sync_vectors"]


def sync_vectors(opened: OpenedIndex, create: bool = False,
                 progress: Callable[[int, int, float], None] | None = None,
                 checkpoint_s: float = 60.0) -> dict[str, int]:
    """Embed the committed documents that lack vectors and drop vectors of documents gone.

    Args:
        opened: the index (its writer lock held by the caller).
        create: start vectors for an index that has none.
        progress: ``progress(done, todo, elapsed_s)`` after each batch.
        checkpoint_s: save progress at least this often (a killed run resumes from it).
    Returns:
        counts from :meth:`kavosh.index.vectors.VectorStore.sync`.
    Raises:
        kavosh.dense.encoder.EncoderError: the model cannot be loaded.
        kavosh.index.vectors.VectorStoreError: vectors of another model.
    """
    from ..dense.encoder import shared_encoder  # noqa: PLC0415 - loads onnxruntime

    encoder = shared_encoder()
    opened.index.reload()
    store = VectorStore(opened.path, create=create, model=encoder.name, dim=encoder.dim)
    try:
        return store.sync(opened.index.searcher(), encoder.passages, tantivy_opstamp(opened.path),
                          progress=progress, checkpoint_s=checkpoint_s)
    finally:
        store.close()
