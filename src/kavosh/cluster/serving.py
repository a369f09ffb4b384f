"""Serving a sharded index from Ray actors: fan out, merge, collapse, and snippets for the final page only.

:class:`ClusterIndex` is a :class:`kavosh.Index` over a sharded index (:mod:`kavosh.index.shards`) whose
:meth:`~ClusterIndex.search` runs on the cluster:

1. the query is planned here, with the index's statistics (the view: every shard's segments);
2. each shard actor (:class:`kavosh.cluster.shard.ShardServer`; one per shard, ``max_restarts`` and
   ``max_task_retries`` so a killed actor is restarted and its call retried) ranks its own documents
   with those statistics and returns its ``k`` best hits — the *query* phase of Elasticsearch's
   query-then-fetch;
3. the lists are merged by score, equal scores by document id as one index orders them (each shard's
   list completes a tie at its end: :meth:`~kavosh.cluster.shard.ShardServer.top`), near-duplicates
   collapsed (a group may span shards: its id is index-wide), a quoted phrase's exact occurrences
   preferred among the first 100 (as :mod:`kavosh.search.collapse` and :mod:`kavosh.search.exact` do on
   one index); if collapsing left the page short, the shards are asked again four times as deep;
4. only the final page's documents are read and given snippets (:func:`kavosh.present.present`).

Facets are counted by every shard and summed, and a sort by a field merges the shards' sorted lists
(:mod:`kavosh.cluster.merge`): the same answers as one index.

With ``replicas`` ≥ 2 each shard has that many actors on different nodes; the queries are spread over
them, a shard whose replica is slow or gone is asked on another within ``failover`` seconds, and a
replica lost with its node is re-created on another node while serving (:mod:`kavosh.cluster.replicas`).
A shard that has not answered within ``timeout`` seconds is left out: the results are those of the other
shards, with a note naming the missing shards (code ``missing_shards``) and the total marked inexact —
an incomplete answer, not an error.

Dense and hybrid modes (:meth:`ClusterIndex._fused`): the coordinator embeds the query once, each shard
actor searches its shard's passage vectors (and, for hybrid, ranks its lexical candidates) in the same
round trip, and the merged lists are fused as on one index, with the same answers.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping
from pathlib import Path

import tantivy

from ..engine import Index, check_mode, mode_notes, outdated_note
from ..index.store import IndexShardsError, StoredReader
from ..query.parse import Note
from ..query.plan import make_plan
from ..index.stats import IndexStats
from ..present import SearchResults, present
from ..search.collapse import first_window, group_counts, query_total  # page()'s parts
from ..search.exact import WINDOW, exact_preference, reorder
from ..search.proximity import WINDOW as BONUS_WINDOW, add_bonus, by_score_then_id, proximity_bonus
from ..search.rescore import WINDOW as RESCORE_WINDOW, add_rescore, phrase_rescorer, window_size
from ..search.execute import RankedHit, Retrieved
from .merge import facet_candidates, merge_facets, raw_value, shard_size, sort_key
from .replicas import DEFAULT_FAILOVER, ClusterError, Shards
from .shard import current_searcher, shard_query

DEFAULT_TIMEOUT = 10.0
"""Seconds a search waits for the shards (``timeout``), restarts of killed actors included."""


def connect(address: str | None) -> None:
    """Connect this process to a Ray cluster, once: ``"auto"`` (the cluster started on this machine with
    ``ray start``), ``"ray://HOST:PORT"`` (Ray Client) or ``"HOST:PORT"`` of a head node; ``"local"``
    starts a one-machine cluster inside this process.

    Raises:
        ClusterError: Ray is not installed (``pip install 'kavosh[cluster]'``) or no cluster answers (nothing
            listening at the address is found out within :data:`CONNECT_TIMEOUT` seconds).
    """
    try:
        import ray
    except ImportError as e:
        raise ClusterError("a cluster needs Ray: pip install 'kavosh[cluster]'") from e
    if ray.is_initialized():
        return
    _answers(address)
    for attempt in range(1, CLIENT_ATTEMPTS + 1):
        try:
            if address == "local":
                ray.init(include_dashboard=False, logging_level="ERROR", log_to_driver=False)
            else:
                ray.init(address=address, logging_level="ERROR", log_to_driver=False)
            return
        except (ConnectionError, RuntimeError, ValueError) as e:
            # Ray Client's proxy starts one server process per connection; its start fails now and then (a
            # race in Ray's proxier: psutil.ZombieProcess on the starting process, seen in our CI) and the
            # failed connection is cleaned up by Ray, so a new one is tried
            transient = isinstance(e, ConnectionAbortedError) and "Initialization failure from server" in str(e)
            if not transient or attempt == CLIENT_ATTEMPTS:
                raise ClusterError(f"cannot reach a Ray cluster at {address!r}: {e}") from e
            time.sleep(1.0)


CLIENT_ATTEMPTS = 3
"""Connections :func:`connect` tries to a ``ray://`` address whose Ray Client server fails to start the
connection's own server process (Ray's "Initialization failure from server")."""


CONNECT_TIMEOUT = 5.0
"""Seconds :func:`connect` waits for a TCP connection to the cluster's address before calling Ray (which
retries an address where nothing listens for minutes)."""
CURRENT_CLUSTER = Path("/tmp/ray/ray_current_cluster")
"""Where ``ray start`` records the address of the cluster last started on this machine (Ray's ``auto``)."""


def _answers(address: str | None) -> None:
    """Raise :class:`ClusterError` at once when nothing listens at ``address`` (``HOST:PORT``,
    ``ray://HOST:PORT``, or ``auto``: ``RAY_ADDRESS`` or the cluster last started here); other forms are
    left to Ray."""
    if address in (None, "local"):
        return
    where, hint = address, ""
    if address == "auto":
        where = os.environ.get("RAY_ADDRESS") or (CURRENT_CLUSTER.read_text(encoding="utf-8").strip()
                                                  if CURRENT_CLUSTER.exists() else "")
        if not where:
            raise ClusterError("no Ray cluster runs on this machine (--cluster auto): start one with "
                               "`ray start --head`, give a head node's HOST:PORT, or use --cluster local")
        hint = f"auto found {where} ({'RAY_ADDRESS' if os.environ.get('RAY_ADDRESS') else CURRENT_CLUSTER}), " \
               "a cluster stopped since; start one with `ray start --head` or use --cluster local"
    host, _, port = where.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # Ray names what is wrong with the form
    hint = hint or f"start its head node there (`ray start --head --port {port}`) or use --cluster local"
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as e:
        raise ClusterError(f"cannot reach a Ray cluster at {address!r}: nothing answers at {host}:{port} "
                           f"({e.strerror or e}); {hint}") from e


class ClusterIndex(Index):
    """A sharded index served by Ray actors; see the module text.  Everything but :meth:`search` (get,
    suggest, highlight, group_of, len) reads the index's view directly, as :class:`kavosh.Index` does.

    Args:
        path: a sharded index folder readable by every node (``kavosh index --shards N``).
        address: the cluster (:func:`connect`); ignored when this process is already connected.
        timeout: seconds a search waits for the shards; the ones missing then are reported.
        replicas: actors per shard; 2 or more are placed on different nodes (the cluster needs that many).
        failover: with replicas, seconds before a shard is asked on its next replica.
        actor_options: more Ray options for the shard actors (``{"num_cpus": 1}``, ...).
    Raises:
        kavosh.index.store.IndexShardsError: the index is not sharded.
        kavosh.index.store.IndexError_: no index at ``path``.
        ClusterError: no Ray, no cluster, or fewer nodes than ``replicas``.
        ValueError: ``timeout`` or ``failover`` not above 0.
    """

    def __init__(self, path: str | os.PathLike, address: str | None = "auto", timeout: float = DEFAULT_TIMEOUT,
                 replicas: int = 1, failover: float = DEFAULT_FAILOVER,
                 actor_options: Mapping | None = None) -> None:
        super().__init__(path, create=False)
        manifest = self._opened.manifest
        if manifest is None:
            raise IndexShardsError(f"{self.path} is not a sharded index; create one with `kavosh index PATH "
                                   f"--index DIR --shards N` to serve it from a cluster")
        if not (timeout > 0 and failover > 0):
            raise ValueError(f"timeout and failover must be above 0 seconds, got {timeout} and {failover}")
        connect(address)
        import ray

        self._ray = ray
        self.timeout = float(timeout)
        self.servers = Shards(ray, self.path.resolve(), manifest["shards"], replicas, failover, actor_options)
        self.actors = [row[0] for row in self.servers.actors]
        ray.get([a.pid.remote() for a in self.servers.all()])  # every actor is up before the first search

    def close(self) -> None:
        """Stop re-creating lost replicas (:meth:`kavosh.cluster.replicas.Shards.close`) and release the writer lock."""
        self.servers.close()
        super().close()

    def search(self, query: str, limit: int = 10, offset: int = 0, snippets: bool = True,
               exact: bool = False, date_from: str | None = None, date_to: str | None = None,
               collapse: bool = True, group: str | None = None, mode: str | None = None,
               filter: Mapping | None = None, facets: str | list[str] | None = None, sort: str | None = None,
               disjunctive: bool = False) -> SearchResults:
        """Search on the cluster; the arguments and errors are :func:`kavosh.engine.search`'s.

        Raises:
            kavosh.query.parse.QuerySyntaxError: as :func:`kavosh.engine.search` (dense or hybrid on an index
                without vectors too).
        """
        requested, mode = mode, check_mode(self._opened, mode)
        notes = outdated_note(self._opened, requested) if mode == "lexical" else []
        self.analyzer.warm()
        t0 = time.perf_counter()
        deadline = time.monotonic() + self.timeout
        searcher, commit = current_searcher(self)  # the shards search the same commit, or say they did not
        plan = make_plan(query, self.analyzer, IndexStats(self._opened, self.analyzer, searcher), limit=limit,
                         offset=offset, exact=exact, date_from=date_from, date_to=date_to, collapse=collapse,
                         group=group, filter=filter, facets=facets, sort=sort, disjunctive=disjunctive)
        sizes = [shard_size(r.size) for r in plan.facets] if plan.facets else None  # asked with the hits
        if plan.sort is not None:
            found, missing, first, who = self._sorted(plan, searcher, commit, deadline, sizes)
        elif mode != "lexical" and plan.positive:  # as kavosh.search.execute.execute: filters alone stay lexical
            found, missing, first, who = self._fused(plan, searcher, commit, mode, deadline, sizes)
        else:
            found, missing, first, who = self._retrieve(plan, searcher, commit, deadline, sizes)
        if plan.facets:
            found.facets, more = self._facets(plan, first, who, deadline)
            missing = sorted(set(missing) | set(more))
        results = present(plan, found, self.analyzer, snippets=snippets)
        if missing:
            rest = "these results are from the other shards" if len(missing) < len(self.actors) else \
                "no shard answered, so there are no results"
            results.notes.append(Note(f"shard(s) {', '.join(map(str, missing))} did not answer within "
                                      f"{self.timeout:g} s: {rest}", "missing_shards",
                                      shards=list(missing), timeout=float(self.timeout)))
            results.total_exact = False
        results.mode = mode
        results.took_ms = round((time.perf_counter() - t0) * 1000, 2)
        results.notes.extend(notes + mode_notes(plan, results, mode))  # as kavosh.engine.search
        return results

    # ------------------------------------------------------------------ the query phase
    def _retrieve(self, plan, searcher: tantivy.Searcher, commit, deadline: float, sizes: list[int] | None) -> tuple:
        """The plan's page from the shards: ``(Retrieved over this process's view, shards missing, the first
        round's answers, the actors that gave them)``; the first round brings the shards' facets when
        ``sizes`` is given (:meth:`kavosh.cluster.shard.ShardServer.top`)."""
        need = plan.offset + plan.limit
        stored = StoredReader(searcher)
        prefer = exact_preference(stored, plan)
        collapse = plan.collapse and plan.group is None
        schema = self._opened.schema
        tq = shard_query(self, plan, searcher, None)
        bonus = proximity_bonus(searcher, schema, plan, self.analyzer, tq, stored)
        rescore = phrase_rescorer(searcher, schema, plan, stored)  # as execute: the first hits get the phrase
        floor = RESCORE_WINDOW if rescore is not None else 0
        k = first_window(searcher, need) if collapse else need
        k = max(k, BONUS_WINDOW) if bonus is not None else k  # as ranked: the bonus re-ranks the first 10
        k = max(k, floor + 1 if floor else 0)  # the rescore window's end: the WINDOW + 1-th score
        k = max(k, WINDOW) if prefer is not None else k
        first = None
        while True:  # as kavosh.search.collapse.page, over the shards' merged lists
            answers, who, missing = self.servers.gather("top", (plan, k, sizes if first is None else None, None,
                                                                commit, rescore is not None), deadline)
            first = first or (answers, who)
            window = self._window(answers, k, searcher, commit, stored, shorter=collapse)
            head = window_size(window) if rescore is not None else 0
            hits = add_bonus(stored, add_rescore(stored, window, rescore, head), bonus)
            if prefer is not None:
                hits = reorder(hits, [h[1] for h in hits], prefer)
            matched = sum(a["matched"] for a in answers.values())
            complete = matched <= k
            kept, seen = [], set()
            for score, addr, g in hits:
                if collapse and g is not None:
                    if g in seen:
                        continue
                    seen.add(g)
                kept.append((score, addr, g))
            if len(kept) >= need or complete or missing:
                break
            k *= 4
        page = kept[plan.offset:need]
        window_groups = [g for _, _, g in hits]
        counts = group_counts(searcher, schema, tq, sorted({g for g in window_groups if g is not None}))
        ranked = [RankedHit(plan.offset + i + 1, score, addr, g, counts.get(g, 1) - 1 if g is not None else 0)
                  for i, (score, addr, g) in enumerate(page)]
        bound = False
        if not collapse:
            total, exact = matched, True
        else:  # as one index's: a function of the query, the same on every page
            total, exact, bound = query_total(searcher, schema, tq, matched, len(kept) if complete else None)
        exact = exact and not missing
        return (Retrieved(ranked, total, matched, collapse, searcher, [], exact, stored, bound), missing,
                *first)

    def _window(self, answers: dict[int, dict], k: int, searcher: tantivy.Searcher, commit,
                stored: StoredReader, shorter: bool = False) -> list[tuple]:
        """The ``k`` best ``(score, address, group)`` of the whole index from the shards' :meth:`top` answers,
        equal scores by document id as :func:`kavosh.search.proximity.ranked` orders them: every hit scoring
        at least the ``k``-th (its tie included), ids read for equal scores only, then cut.  ``shorter``: as
        ``ranked(..., shorter=True)`` (a window to collapse), a tie crossing the ``k``-th hit is left out
        whole when at least ``max(k // 2, WINDOW)`` hits score above it (the shards' lists hold the whole
        tie, so the union shows it exactly when one index's search does)."""
        if k == 0:
            return []
        merged = sorted(((score, s, seg, doc, g) for s, a in answers.items() for score, seg, doc, g in a["hits"]),
                        key=lambda m: -m[0])
        if len(merged) > k:  # below the k-th score nothing can enter the window
            cut = merged[k - 1][0]
            above = [m for m in merged if m[0] > cut]
            tied_past = merged[k][0] == cut
            merged = above if shorter and tied_past and len(above) >= max(k // 2, BONUS_WINDOW) else \
                [m for m in merged if m[0] >= cut]
        hits = self._local_addresses(answers, merged, searcher, commit)
        return by_score_then_id(stored, hits)[:k]

    def _fused(self, plan, searcher: tantivy.Searcher, commit, mode: str, deadline: float,
               sizes: list[int] | None) -> tuple:
        """The plan's page in dense or hybrid mode (:func:`kavosh.search.hybrid.execute_fused` over the shards):
        one round trip brings each shard's lexical candidates (hybrid), its nearest passage windows to the
        query's embedding (made here, once) and its facets; the coordinator merges each as one index would
        (:meth:`_window`; :func:`kavosh.index.vectors.best_documents`, exact below
        :data:`kavosh.index.vectors.EXACT_BELOW` windows in all), checks the dense hits against this
        process's view (:func:`kavosh.search.dense.live_candidates`: filters, deleted or changed documents)
        and fuses (:func:`kavosh.search.hybrid.fused_page`).  Returns as :meth:`_retrieve`."""
        from ..dense.encoder import shared_encoder
        from ..index.vectors import EXACT_BELOW, best_documents, search_stores, wanted_windows
        from ..search.collapse import GroupMatches
        from ..search.dense import live_candidates, stores_for
        from ..search.hybrid import CANDIDATES, FusedPage, dense_text, fused_page, hybrid_page, restrict_query

        schema = self._opened.schema
        stores = stores_for(self._opened)  # their tables only: window counts, the stale check
        text = dense_text(plan)
        wanted = wanted_windows(CANDIDATES)
        near = None
        if stores and text.strip():
            near = (shared_encoder().query(text), wanted, sum(st.size() for st in stores) < EXACT_BELOW)
        k = 0 if mode == "dense" else CANDIDATES
        # vectors an earlier version kept in the index folder (one store, not the shards'): searched here
        # until the next sync moves them into the shards
        here = near is not None and len(stores) != self._opened.manifest["shards"]
        answers, who, missing = self.servers.gather("top", (plan, k, sizes, None if here else near, commit),
                                                    deadline)
        lexical = [(score, addr) for score, addr, _ in
                   self._window(answers, k, searcher, commit, StoredReader(searcher))] if k else []
        dense = []
        if near is not None:
            found = search_stores(stores, near[0], CANDIDATES) if here else \
                best_documents([w for a in answers.values() for w in a["windows"]], CANDIDATES, wanted)
            dense = live_candidates(self._opened, searcher, found, restrict_query(schema, plan, searcher), stores)
        tq = shard_query(self, plan, searcher, None)
        counts = GroupMatches(searcher, schema, tq)
        if mode == "dense":
            fused = FusedPage(*fused_page(plan, searcher, mode, lexical, dense, counts))
        else:  # past the fused candidates, the shards' merged lexical lists, deeper (as one index's hybrid_page)
            def deeper(n: int) -> list:
                more, _, _ = self.servers.gather("top", (plan, n, None, None, commit), deadline)
                return [(score, addr) for score, addr, _ in self._window(more, n, searcher, commit, stored)]

            stored = StoredReader(searcher)
            matched = sum(a["matched"] for a in answers.values())
            fused = hybrid_page(plan, searcher, schema, tq, lexical, matched, dense, counts, deeper=deeper)
        hits = [RankedHit(plan.offset + i + 1, float(h["score"]), h["address"], h["group"], h["similar"],
                          h["explain"]) for i, h in enumerate(fused.page)]
        collapse = plan.collapse and plan.group is None
        return (Retrieved(hits, fused.total, fused.matched, collapse, searcher, [], fused.exact and not missing,
                          total_lower_bound=fused.bound), missing, answers, who)

    def _sorted(self, plan, searcher: tantivy.Searcher, commit, deadline: float, sizes: list[int] | None) -> tuple:
        """The plan's page in a field's order (:mod:`kavosh.cluster.merge`): each shard's first
        ``offset + limit``, merged by value then id; not collapsed, as on one index.  Returns as
        :meth:`_retrieve`."""
        k = plan.offset + plan.limit
        answers, who, missing = self.servers.gather("sorted_top", (plan, k, sizes, commit), deadline)
        key = sort_key(plan.sort.descending)
        rows = sorted(((h, s) for s, a in answers.items() for h in a["hits"]), key=lambda row: key(row[0]))[plan.offset:k]
        hits = self._local_addresses(answers, [(0.0, s, h[1], h[2], h[4]) for h, s in rows], searcher, commit)
        matched = sum(a["matched"] for a in answers.values())
        ranked = [RankedHit(plan.offset + i + 1, 0.0, addr, g, 0) for i, (_, addr, g) in enumerate(hits)]
        return Retrieved(ranked, matched, matched, False, searcher, [], not missing), missing, answers, who

    def _facets(self, plan, first: dict[int, dict], who: dict[int, object], deadline: float) -> tuple[list, list[int]]:
        """The plan's facets summed over the shards' (``first``: the answers that brought them;
        :mod:`kavosh.cluster.merge`), and the shards missing: those that did not answer the exact counts
        asked of them in time either."""
        answers = {s: a["facets"] for s, a in first.items()}
        exact: dict[int, dict[int, dict]] = {}
        missing = set()
        for s, wanted in facet_candidates(plan.facets, answers).items():
            calls = {i: who[s].facet_counts.remote(plan, plan.facets[i].field,
                                                   [raw_value(plan.facets[i].kind, v) for v in values],
                                                   answers[s][i][0].disjunctive) for i, values in wanted.items()}
            try:
                exact[s] = {i: dict(zip(wanted[i], self._ray.get(ref, timeout=max(0.1, deadline - time.monotonic())),
                                        strict=True)) for i, ref in calls.items()}
            except self._ray.exceptions.RayError:  # gone since its first answer (or too slow): left out
                missing.add(s)
        answers = {s: a for s, a in answers.items() if s not in missing}
        return merge_facets(plan.facets, answers, exact), sorted(missing)

    def _local_addresses(self, answers: dict[int, dict], merged: list, searcher: tantivy.Searcher,
                         commit) -> list:
        """The ``merged`` hits ``(score, shard, segment_ord, doc, group)`` as ``(score, address, group)``
        with addresses valid in this process's view: as given by a shard that searched this process's
        commit (``commit``, :func:`kavosh.cluster.shard.current_searcher`'s token); else found by the
        document id the shard sent with them (a commit in between: a document deleted since is dropped)."""
        ids: dict[tuple[int, int, int], str] = {}
        for s, a in answers.items():
            if a.get("ids") is not None:
                ids.update({(s, h[1], h[2]): i for h, i in zip(a["hits"], a["ids"], strict=True)})
        out = []
        for score, s, seg, doc, g in merged:
            doc_id = ids.get((s, seg, doc))
            if doc_id is None:
                out.append((score, tantivy.DocAddress(seg, doc), g))
                continue
            res = searcher.search(tantivy.Query.term_query(self._opened.schema, "id", doc_id), limit=1)
            if res.hits:  # deleted since: dropped
                out.append((score, res.hits[0][1], g))
        return out
