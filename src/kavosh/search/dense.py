"""Dense candidates for a query: the index's passage vectors, mapped to live tantivy documents.

:func:`dense_candidates` embeds the query text (cached), takes the nearest passages from
the index's vectors (:mod:`kavosh.index.vectors`, best window per document; every shard's
store for a sharded index, merged as one store would answer), and keeps the documents that
the searcher's commit holds and that pass the request's filters (dates, near-duplicate
group: ``restrict``), in one tantivy query (:func:`live_candidates`, which a cluster's
coordinator runs on the hits its shard actors found).  When tantivy has committed since the
vectors were last synced (:meth:`VectorStore.stale`), each candidate's content hash is also
checked against the stored document, so a replaced document's old vectors never find it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import tantivy

from ..index import schema as S
from ..index.store import OpenedIndex, load_stored

from ..index.vectors import DenseHit, VectorStore, content_key, has_vectors, search_stores, vector_folders

_stores: dict[Path, VectorStore] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class DenseCandidate:
    """A dense hit in the searcher's commit: its address, cosine similarity and best window (characters)."""

    address: tantivy.DocAddress
    doc_id: str
    score: float
    start: int
    end: int


def stores_for(opened: OpenedIndex) -> list[VectorStore]:
    """The (cached) vector stores of ``opened``: one, or one per shard (:func:`kavosh.index.vectors.vector_folders`);
    ``[]`` when the index has no vectors."""
    path = Path(opened.path).resolve()
    if not has_vectors(path):
        return []
    out = []
    with _lock:
        for folder in vector_folders(path):
            store = _stores.get(folder)
            if store is None:
                store = _stores[folder] = VectorStore(folder)
            out.append(store)
    return out


def dense_candidates(opened: OpenedIndex, searcher: tantivy.Searcher, text: str, k: int,
                     restrict: tantivy.Query | None = None) -> list[DenseCandidate]:
    """The best ``k`` dense candidates for ``text`` that ``searcher`` holds and ``restrict`` admits.

    Args:
        opened: the index (must have vectors: :func:`stores_for`).
        searcher: the commit searched.
        text: the query text (embedded with the ``query:`` prefix).
        k: candidates wanted (1..1000).
        restrict: a filter query every candidate must match (dates, group), or ``None``.
    Returns:
        :class:`DenseCandidate` list, best first (equal scores by document id).
    """
    from ..dense.encoder import shared_encoder  # noqa: PLC0415 - loads onnxruntime on first use

    stores = stores_for(opened)
    if not stores or not text.strip():
        return []
    hits = search_stores(stores, shared_encoder().query(text), k)
    return live_candidates(opened, searcher, hits, restrict, stores)


def live_candidates(opened: OpenedIndex, searcher: tantivy.Searcher, hits: list[DenseHit],
                    restrict: tantivy.Query | None, stores: list[VectorStore]) -> list[DenseCandidate]:
    """``hits`` (best first) that ``searcher``'s commit holds with the content they were embedded from
    (checked when a store is :meth:`~VectorStore.stale`) and that ``restrict`` admits, as
    :class:`DenseCandidate` with their addresses; best first, equal scores by document id."""
    if not hits:
        return []
    # One query finds the live candidates: candidate i's id clause scores exactly i + 1 (a constant
    # score), so each address returned names its candidate without loading the stored document.
    ids = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.const_score_query(
            tantivy.Query.term_query(opened.schema, S.ID, h.doc_id), float(i + 1))) for i, h in enumerate(hits)])
    q = ids if restrict is None else tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, ids), (tantivy.Occur.Must, tantivy.Query.const_score_query(restrict, 0.0))])
    check = any(s.stale() for s in stores)
    out = []
    for score, addr in searcher.search(q, limit=len(hits)).hits:
        i = int(round(score)) - 1
        if not 0 <= i < len(hits):
            continue
        h = hits[i]
        if check:
            stored = load_stored(searcher.doc(addr))
            made_from = next((x for s in stores if (x := s.hash_of(h.doc_id)) is not None), None)
            if made_from != content_key(stored.get("title", ""), stored.get("text", "")):
                continue
        out.append(DenseCandidate(addr, h.doc_id, h.score, h.start, h.end))
    out.sort(key=lambda c: (-c.score, c.doc_id))
    return out
