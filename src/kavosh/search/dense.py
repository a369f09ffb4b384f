"""Dense candidates for a query: the index's passage vectors, mapped to live tantivy documents.

:func:`dense_candidates` embeds the query text (cached), takes the nearest passages from
the index's vectors (:mod:`kavosh.index.vectors`, best window per document), and keeps the
documents that the searcher's commit holds and that pass the request's filters (dates,
near-duplicate group: ``restrict``), in one tantivy query.  When tantivy has committed
since the vectors were last synced (:meth:`VectorStore.stale`), each candidate's content
hash is also checked against the stored document, so a replaced document's old vectors
never find it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import tantivy

from ..index import schema as S
from ..index.store import OpenedIndex, load_stored

from ..index.vectors import VectorStore, content_key, has_vectors

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


def store_for(opened: OpenedIndex) -> VectorStore | None:
    """The (cached) vector store of ``opened``, or ``None`` when the index has no vectors."""
    path = Path(opened.path).resolve()
    if not has_vectors(path):
        return None
    with _lock:
        store = _stores.get(path)
        if store is None:
            store = _stores[path] = VectorStore(path)
        return store


def dense_candidates(opened: OpenedIndex, searcher: tantivy.Searcher, text: str, k: int,
                     restrict: tantivy.Query | None = None) -> list[DenseCandidate]:
    """The best ``k`` dense candidates for ``text`` that ``searcher`` holds and ``restrict`` admits.

    Args:
        opened: the index (must have vectors: :func:`store_for`).
        searcher: the commit searched.
        text: the query text (embedded with the ``query:`` prefix).
        k: candidates wanted (1..1000).
        restrict: a filter query every candidate must match (dates, group), or ``None``.
    Returns:
        :class:`DenseCandidate` list, best first.
    """
    from ..dense.encoder import shared_encoder  # noqa: PLC0415 - loads onnxruntime on first use

    store = store_for(opened)
    if store is None or not text.strip():
        return []
    hits = store.search(shared_encoder().query(text), k)
    if not hits:
        return []
    # One query finds the live candidates: candidate i's id clause scores exactly i + 1 (a constant
    # score), so each address returned names its candidate without loading the stored document.
    ids = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.const_score_query(
            tantivy.Query.term_query(opened.schema, S.ID, h.doc_id), float(i + 1))) for i, h in enumerate(hits)])
    q = ids if restrict is None else tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, ids), (tantivy.Occur.Must, tantivy.Query.const_score_query(restrict, 0.0))])
    check = store.stale()
    out = []
    for score, addr in searcher.search(q, limit=len(hits)).hits:
        i = int(round(score)) - 1
        if not 0 <= i < len(hits):
            continue
        h = hits[i]
        if check:
            stored = load_stored(searcher.doc(addr))
            if store.hash_of(h.doc_id) != content_key(stored.get("title", ""), stored.get("text", "")):
                continue
        out.append(DenseCandidate(addr, h.doc_id, h.score, h.start, h.end))
    out.sort(key=lambda c: -c.score)
    return out
