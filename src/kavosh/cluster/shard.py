"""The body of a shard actor: one shard of a sharded index, searched with the whole index's statistics.

A :class:`ShardServer` opens the index's view (:mod:`kavosh.index.shards`: every shard's segments,
so BM25 sees the global document counts, document frequencies and field lengths) and runs a plan's
query restricted to the documents of its shard (the :data:`kavosh.index.schema.SHARD` field, a
zero-score filter: scores are unchanged).  tantivy skips the other shards' segments at once (they
hold no posting of the shard's term), so the ranking work is the shard's.  The index folder must be
readable by every node (a shared file system).
"""

from __future__ import annotations

import os

import tantivy

from ..engine import Index
from ..index import schema as S
from ..search.collapse import restrict_to_group
from ..search.filtering import apply_filters
from ..search.ranking import build_query


def shard_query(index: Index, plan, searcher: tantivy.Searcher, shard: int) -> tantivy.Query:
    """The query of ``plan`` (a :class:`kavosh.query.plan.QueryPlan`) as :func:`kavosh.search.execute.execute`
    builds it (clauses, group, field filters), limited to the documents of ``shard`` (``shard`` ``None``:
    every document)."""
    opened = index.opened
    base = build_query(opened.schema, plan, searcher)
    if plan.group is not None:
        base = restrict_to_group(opened.schema, base, plan.group)
    tq = apply_filters(opened.schema, base, getattr(plan, "filters", ()))
    if shard is None:
        return tq
    only = tantivy.Query.const_score_query(tantivy.Query.term_query(opened.schema, S.SHARD, shard), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, tq), (tantivy.Occur.Must, only)])


class ShardServer:
    """Serves shard ``shard`` of the sharded index at ``path`` (run as a Ray actor by
    :class:`kavosh.cluster.serving.ClusterIndex`).

    Raises:
        kavosh.index.store.IndexError_: no sharded index at ``path`` (or an outdated one).
        ValueError: ``shard`` is not one of the index's shards.
    """

    def __init__(self, path: str, shard: int) -> None:
        self.index = Index(path, create=False)
        manifest = self.index.opened.manifest
        if manifest is None or not 0 <= shard < manifest["shards"]:
            raise ValueError(f"{path} has no shard {shard}")
        self.shard = shard
        self.index.analyzer.warm()

    def top(self, plan, k: int) -> dict:
        """The shard's ``k`` best hits for ``plan``, uncollapsed.

        Returns:
            ``{"hits": [(score, segment_ord, doc, group or None)], "matched": documents of the shard
            matching, "generation": (documents, segments) of the view searched}``; addresses are
            the view's (the coordinator reads the stored documents there).
        """
        searcher = self.index.opened.index.searcher()
        res = searcher.search(shard_query(self.index, plan, searcher, self.shard), limit=k, count=True)
        addrs = [a for _, a in res.hits]
        groups = searcher.fast_field_values(S.DUP_GROUP, addrs) if addrs else []
        return {"hits": [(float(s), a.segment_ord, a.doc, g) for (s, a), g in zip(res.hits, groups, strict=True)],
                "matched": res.count or 0, "generation": (searcher.num_docs, searcher.num_segments)}

    def ids(self, addresses: list[tuple[int, int]]) -> list[str]:
        """The document ids at view ``addresses`` ``[(segment_ord, doc)]``."""
        searcher = self.index.opened.index.searcher()
        return [searcher.doc(tantivy.DocAddress(s, d)).get_first(S.ID) for s, d in addresses]

    def reload(self) -> None:
        """See the index's last commit now."""
        self.index.reload()

    def pid(self) -> int:
        """The process id of this server (for tests that kill it)."""
        return os.getpid()
