"""The body of a shard actor: one shard of a sharded index, searched with the whole index's statistics.

A :class:`ShardServer` opens the index's view (:mod:`kavosh.index.shards`: every shard's segments,
so BM25 sees the global document counts, document frequencies and field lengths) and runs a plan's
query restricted to the documents of its shard (the :data:`kavosh.index.schema.SHARD` field, a
zero-score filter: scores are unchanged).  tantivy skips the other shards' segments at once (they
hold no posting of the shard's term), so the ranking work is the shard's.  The index folder must be
readable by every node (a shared file system).  For dense and hybrid search it also searches its
shard's passage vectors (``shard-NNN/vectors/``, memory-mapped).
"""

from __future__ import annotations

import os

import tantivy

from ..engine import Index
from ..index import schema as S
from ..index.shards import shard_paths
from ..search.collapse import restrict_to_group
from ..search.filtering import apply_filters
from ..search.proximity import ranked
from ..search.ranking import build_query


def _token(meta: "os.PathLike") -> tuple[int, int, int] | None:
    try:
        st = os.stat(meta)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def current_searcher(index: Index) -> tuple[tantivy.Searcher, tuple[int, int, int] | None]:
    """A searcher of the last commit of ``index``'s view, and that commit's token, so that the coordinator
    and the shard actors can tell whether they searched the same commit.

    The token is ``(inode, mtime_ns, size)`` of the view's ``meta.json``, which every commit replaces
    (:func:`kavosh.index.shards.write_view` writes it with ``os.replace``): a new commit, a new token.
    When the file changed since this process last loaded it the reader is reloaded first, so a commit is
    searched from the next search on (not after tantivy's reload delay; one ``stat`` per search
    otherwise).  The token is ``None`` when commits kept replacing the file while it reloaded (three
    tries): the commit searched is then unknown, and the caller treats it as another one.
    """
    meta = index.opened.path / "meta.json"
    searcher = None
    for _ in range(3):
        before = _token(meta)
        if before is None or before != getattr(index, "_view_token", None):
            index.opened.index.reload()
        searcher = index.opened.index.searcher()
        if before is not None and _token(meta) == before:
            index._view_token = before
            return searcher, before
    return searcher, None


def shard_query(index: Index, plan, searcher: tantivy.Searcher, shard: int | None,
                filters=None, bonus: bool = True) -> tantivy.Query:
    """The query of ``plan`` (a :class:`kavosh.query.plan.QueryPlan`) as :func:`kavosh.search.execute.execute`
    builds it (clauses, group, field filters: the plan's, or ``filters`` when given), limited to the
    documents of ``shard`` (``shard`` ``None``: every document); ``bonus=False``: without the exact-phrase
    bonus (the first pass of a plan whose bonus is rescored: :func:`kavosh.search.rescore.rescored`)."""
    opened = index.opened
    base = build_query(opened.schema, plan, searcher, bonus=bonus)
    if plan.group is not None:
        base = restrict_to_group(opened.schema, base, plan.group)
    tq = apply_filters(opened.schema, base, getattr(plan, "filters", ()) if filters is None else filters)
    return tq if shard is None else only_shard(opened.schema, tq, shard)


def only_shard(schema: tantivy.Schema, query: tantivy.Query, shard: int) -> tantivy.Query:
    """``query`` limited to the documents of ``shard`` (a zero-score filter on the ``shard`` field)."""
    only = tantivy.Query.const_score_query(tantivy.Query.term_query(schema, S.SHARD, shard), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, only)])


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
        self._vectors = None  # the shard's VectorStore, opened on the first dense search
        self.index.analyzer.warm()

    def top(self, plan, k: int, facet_sizes: list[int] | None = None, near: tuple | None = None,
            commit: tuple | None = None, first_pass: bool = False) -> dict:
        """The shard's ``k`` best hits for ``plan``, uncollapsed, equal scores in document-id order as one
        index orders them (:func:`kavosh.search.proximity.ranked`, which completes a tie crossing the
        ``k``-th hit before cutting it), and its :meth:`facets` when ``facet_sizes`` is given (one round
        trip for both).  So the shards' lists together hold the whole index's ``k`` best in that order.
        ``near`` ``(vector, wanted, exact)`` also brings the shard's nearest passage windows
        (:meth:`nearest`: dense and hybrid modes) in the same round trip.  ``commit``: the coordinator's
        :func:`current_searcher` token.  ``first_pass``: ranked without the exact-phrase bonus, which the
        coordinator adds to the merged list's first hits (:mod:`kavosh.search.rescore`; only for a plan
        whose bonus is rescored, :func:`kavosh.search.rescore.rescored`).

        Returns:
            ``{"hits": [(score, segment_ord, doc, group or None)], "matched": documents of the shard
            matching, "generation": the token of the commit searched, "ids": the hits' document ids when
            that is not ``commit`` (else ``None``), "facets": ..., "windows": ...}``; addresses are the
            view's: the coordinator reads the stored documents there when it searched the same commit,
            else it finds them by id.
        """
        searcher, mine = current_searcher(self.index)
        windows = self.nearest(*near) if near is not None else None
        query = shard_query(self.index, plan, searcher, self.shard, bonus=not first_pass)
        found, matched = ranked(searcher, query, k, count=True)
        addrs = [a for _, a in found]
        groups = searcher.fast_field_values(S.DUP_GROUP, addrs) if addrs else []
        ids = None if mine is not None and mine == commit else [searcher.doc(a).get_first(S.ID) or "" for a in addrs]
        return {"hits": [(float(s), a.segment_ord, a.doc, g) for (s, a), g in zip(found, groups, strict=True)],
                "matched": matched or 0, "generation": mine, "ids": ids,
                "facets": self.facets(plan, facet_sizes, searcher) if facet_sizes is not None else None, "windows": windows}

    def nearest(self, vector, wanted: int, exact: bool) -> list[tuple[float, str, int, int]]:
        """The ``wanted`` passage windows of this shard nearest to ``vector`` (the query's embedding, made
        once by the coordinator), by brute force when ``exact``: :meth:`kavosh.index.vectors.VectorStore.nearest`
        on the shard's own vectors (``[]`` when it has none).  The coordinator merges the shards' windows
        as one store would (:func:`kavosh.index.vectors.best_documents`)."""
        from ..index.vectors import DB_FILE, VECTOR_DIR, VectorStore

        if self._vectors is None:
            folder = shard_paths(self.index.path, self.index.opened.manifest)[self.shard]
            if not (folder / VECTOR_DIR / DB_FILE).exists():
                return []
            self._vectors = VectorStore(folder)
        return self._vectors.nearest(vector, wanted, exact)

    def facets(self, plan, sizes: list[int], searcher: tantivy.Searcher | None = None) -> list:
        """The plan's facets counted over the shard's matches (:func:`kavosh.search.facets.compute_facets`),
        keyword and bool facets with ``sizes[i]`` top values (the coordinator asks for more than it shows).

        Returns:
            ``[(Facet, values counted)]``: one per request; ``values counted`` is the sum of the counts of
            every value of the shard's matches (shown or not), so the coordinator can tell what it misses.
        """
        from dataclasses import replace

        from ..search.facets import compute_facets

        searcher = searcher or current_searcher(self.index)[0]  # top's, when it asks
        requests = [replace(r, size=n) for r, n in zip(plan.facets, sizes, strict=True)]
        filters = getattr(plan, "filters", ())

        def without(name: str) -> tantivy.Query:
            return shard_query(self.index, plan, searcher, self.shard, [f for f in filters if f.field != name])

        out = compute_facets(self.index.opened, searcher, shard_query(self.index, plan, searcher, self.shard),
                             requests, filters, without if plan.disjunctive else None,
                             match_span=False)  # one span on every shard: the view's dates within the filters
        return [(f, sum(b.count for b in f.buckets) + f.other) for f in out]

    def facet_counts(self, plan, name: str, values: list, disjunctive: bool) -> list[int]:
        """Matches of the shard holding each of ``values`` (indexed keywords, or 0/1 for a bool field)
        in field ``name``: exact counts for values its :meth:`facets` list left out.  ``disjunctive``:
        without the field's own filters."""
        from ..query.filters import TermsFilter
        from ..search.filtering import filter_query

        searcher = current_searcher(self.index)[0]
        filters = getattr(plan, "filters", ())
        if disjunctive:
            filters = [f for f in filters if f.field != name]
        tq = shard_query(self.index, plan, searcher, self.shard, filters)
        kind = next(r.kind for r in plan.facets if r.field == name)
        schema = self.index.opened.schema
        return [searcher.search(tantivy.Query.boolean_query([
                    (tantivy.Occur.Must, tq),
                    (tantivy.Occur.Must, filter_query(schema, TermsFilter(name, kind, (v,))))]),
                    limit=1, count=True).count or 0 for v in values]

    def sorted_top(self, plan, k: int, facet_sizes: list[int] | None = None, commit: tuple | None = None) -> dict:
        """The shard's first ``k`` matches in the plan's field order, ties by id
        (:func:`kavosh.search.sorting.sorted_page`), and its :meth:`facets` when ``facet_sizes`` is given.

        Returns:
            ``{"hits": [(value or None, segment_ord, doc, id, group or None)], "matched": documents of the
            shard matching, "generation" and "ids": as in :meth:`top` (the ids are in the hits too), "facets": ...}``.
        """
        from ..index.fields import Kind, tantivy_name
        from ..search.sorting import sorted_page

        searcher, mine = current_searcher(self.index)
        order = plan.sort
        fld = S.DATE_DAYS if order.field == "date" else tantivy_name(order.field)
        found, matched = sorted_page(searcher, self.index.opened.schema,
                                     shard_query(self.index, plan, searcher, self.shard), fld,
                                     order.kind == Kind.NUMBER, order.descending, k, 0)
        addrs = [a for _, a in found]
        groups = searcher.fast_field_values(S.DUP_GROUP, addrs) if addrs else []
        hits = [(v, a.segment_ord, a.doc, searcher.doc(a).get_first(S.ID) or "", g)
                for (v, a), g in zip(found, groups, strict=True)]
        return {"hits": hits, "matched": matched, "generation": mine,
                "ids": None if mine is not None and mine == commit else [h[3] for h in hits],
                "facets": self.facets(plan, facet_sizes, searcher) if facet_sizes is not None else None}

    def node(self) -> str:
        """The Ray node this server runs on (hex id)."""
        import ray

        return ray.get_runtime_context().get_node_id()

    def pid(self) -> int:
        """The process id of this server (for tests that kill it)."""
        return os.getpid()
