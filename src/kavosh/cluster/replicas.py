"""Shard actors on a Ray cluster, with optional replicas on distinct nodes, and calls that fail over.

:class:`Shards` creates one :class:`kavosh.cluster.shard.ShardServer` actor per shard and replica
(``max_restarts=-1``, ``max_task_retries=-1``: a killed actor is restarted by Ray and the calls in
flight are retried).  Replica r of shard s (r = 0 without replicas) is pinned to node ``(s + r) mod K``
of the K alive nodes (sorted by id) with Ray's node-affinity scheduling, so the shards are spread over
the nodes and the R replicas of a shard (``replicas`` R ≥ 2) are on R different nodes.  The affinity is
strict: Ray's ``SPREAD`` put zero-CPU actors all on one node, and its *soft* affinity placed some (in
one CI run all four) on another node when their node was busy starting workers.  So Ray never moves an
actor to another node: a thread of ours does (:meth:`Shards.repair`, every :data:`REPAIR_S` seconds).
An actor whose node Ray has declared dead is re-created on an alive node holding no replica of its
shard (the one with fewest shard actors), and put in service once it answers; until then, or while
every alive node already holds a replica of that shard (as Elasticsearch leaves a replica unassigned
rather than put it beside its primary), the shard is served by its other replicas (without replicas it
answers nothing, as when Ray's own restart waits for the node's death).  A node that joins later
receives the missing replicas.  An ``actor_options`` with its own ``scheduling_strategy`` turns the
pinning and the repair off for ``replicas`` = 1: Ray then places and moves the actors.

:meth:`Shards.gather` asks each shard once and waits for the answers until a deadline:

- the replica asked is chosen round-robin (the queries are spread over the replicas), skipping
  replicas that recently failed or were slow;
- a shard whose replica has not answered within ``failover`` seconds (or whose call failed) is asked
  again on its next replica, and the first answer wins; the slow replica is avoided for
  :data:`SUSPECT_S` seconds.  A lost node thus costs the queries in flight at most ``failover``
  seconds, and later queries nothing, long before Ray notices the node is gone (its health check
  takes 15 s or more);
- a shard with no answer by the deadline is reported missing (the caller names it in the results).
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from .shard import ShardServer

MAX_RESTARTS = -1
"""Restarts of a shard actor (Ray's ``max_restarts``; -1: always), on its node; a lost node's actors are
re-created elsewhere by :meth:`Shards.repair`."""
DEFAULT_FAILOVER = 1.0
"""Seconds a shard's replica may take before the shard is asked on its next replica (``failover``)."""
SUSPECT_S = 10.0
"""Seconds a replica that failed or was slower than ``failover`` is not asked first."""
REPAIR_S = 1.0
"""Seconds between two checks for replicas lost with their node (:meth:`Shards.repair`)."""
START_S = 120.0
"""Seconds a re-created replica may take to start before the attempt is given up (and made again)."""


class ClusterError(Exception):
    """Ray is missing, the cluster cannot be reached, or it cannot place the replicas."""


class Shards:
    """The shard actors of the sharded index at ``path``: ``actors[shard][replica]``.

    Args:
        ray: the imported ``ray`` module (connected).
        path: the index folder, as every node sees it.
        shards: the index's number of shards.
        replicas: actors per shard (1: no replicas; ≥ 2: on that many different nodes).
        failover: seconds before a shard is asked on its next replica (replicas ≥ 2 only).
        actor_options: more Ray options for the actors.
    Raises:
        ClusterError: ``replicas`` is below 1 or above the number of alive nodes.
    """

    def __init__(self, ray, path: Path, shards: int, replicas: int = 1, failover: float = DEFAULT_FAILOVER,
                 actor_options: Mapping | None = None) -> None:
        if replicas < 1:
            raise ClusterError(f"replicas must be at least 1, got {replicas}")
        self._ray = ray
        self.failover = float(failover)
        nodes = sorted(n["NodeID"] for n in ray.nodes() if n.get("Alive"))
        if replicas > 1 and replicas > len(nodes):
            raise ClusterError(f"{replicas} replicas of each shard need {replicas} nodes; the cluster has "
                               f"{len(nodes)} alive")
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        base = {"max_restarts": MAX_RESTARTS, "max_task_retries": -1, "num_cpus": 0,
                "scheduling_strategy": "SPREAD", **(actor_options or {})}
        self._affinity = NodeAffinitySchedulingStrategy
        self._base, self._path = base, str(path)
        self._actor = ray.remote(ShardServer)
        self._tag = hashlib.blake2b(str(path).encode(), digest_size=4).hexdigest()
        self.actors: list[list] = []
        self.nodes: list[list[str | None]] = []
        """The node each actor was placed on (``None``: Ray places it, a caller's ``scheduling_strategy``)."""
        pinned = replicas > 1 or "scheduling_strategy" not in (actor_options or {})
        for s in range(shards):
            row, where = [], []
            for r in range(replicas):
                options = dict(base)
                name = f"kavosh-{self._tag}-shard-{s}" + (f"-replica-{r}" if replicas > 1 else "")
                node = nodes[(s + r) % len(nodes)] if pinned and nodes else None
                if node is not None:
                    options["scheduling_strategy"] = NodeAffinitySchedulingStrategy(node, soft=False)
                row.append(self._actor.options(name=name, get_if_exists=True, **options).remote(self._path, s))
                where.append(node)
            self.actors.append(row)
            self.nodes.append(where)
        self._turn = [itertools.count(s) for s in range(shards)]
        self._suspect: dict[tuple[int, int], float] = {}
        self._lock = threading.Lock()
        self.recreated = 0
        """Actors (replicas, or shards without replicas) re-created on another node since the start."""
        self._generation = itertools.count(1)
        self._stop = threading.Event()
        self._repairer = None
        if any(n is not None for row in self.nodes for n in row):
            self._repairer = threading.Thread(target=self._repair_loop, name="kavosh-replica-repair", daemon=True)
            self._repairer.start()

    # ------------------------------------------------------------------ re-creating lost replicas
    def _repair_loop(self) -> None:
        while not self._stop.wait(REPAIR_S):
            try:
                self.repair()
            except Exception:  # noqa: BLE001 - the cluster is unreachable for a moment: try again later
                pass

    def repair(self) -> int:
        """Re-create every replica whose node is no longer alive on an alive node that holds no replica of its
        shard (the one with fewest shard actors, then by id); the new actors start together and each serves
        once it answers (an actor not up within :data:`START_S` seconds is dropped, to be tried again).
        Called every :data:`REPAIR_S` seconds by a thread.

        Returns:
            How many replicas were re-created.
        """
        ray = self._ray
        alive = sorted(n["NodeID"] for n in ray.nodes() if n.get("Alive"))
        placed = [list(row) for row in self.nodes]  # as it will be: two lost replicas of a shard never share a node
        started = []
        for s, where in enumerate(placed):
            for r, node in enumerate(where):
                if node is None or node in alive:
                    continue
                free = [n for n in alive if n not in where]
                if not free:
                    continue  # every alive node holds a replica of this shard: wait for a node to join
                load = {n: sum(row.count(n) for row in placed) for n in free}
                target = min(free, key=lambda n: (load[n], n))
                where[r] = target
                options = dict(self._base, scheduling_strategy=self._affinity(target, soft=False))
                name = f"kavosh-{self._tag}-shard-{s}-replica-{r}-{next(self._generation)}"
                actor = self._actor.options(name=name, **options).remote(self._path, s)
                started.append((s, r, target, actor, actor.pid.remote()))
        deadline = time.monotonic() + START_S
        done = 0
        for s, r, target, actor, up in started:
            try:
                ray.get(up, timeout=max(0.1, deadline - time.monotonic()))
            except ray.exceptions.RayError:
                ray.kill(actor)
                continue
            with self._lock:
                self.actors[s][r] = actor
                self.nodes[s][r] = target
                self._suspect.pop((s, r), None)
                self.recreated += 1
            done += 1
        return done

    def placement(self) -> list[list[str | None]]:
        """The node of each shard's replicas (as placed; ``None`` where Ray places it)."""
        with self._lock:
            return [list(row) for row in self.nodes]

    def close(self) -> None:
        """Stop re-creating lost replicas (the actors end with this process's Ray connection)."""
        self._stop.set()

    @property
    def replicas(self) -> int:
        """Actors per shard."""
        return len(self.actors[0]) if self.actors else 1

    def all(self) -> list:
        """Every actor, shard by shard."""
        return [a for row in self.actors for a in row]

    def _pick(self, shard: int, tried: list[int]) -> int | None:
        """The replica of ``shard`` to ask next: round-robin over those not tried yet, healthy ones
        first; ``None`` when every replica was tried."""
        left = [r for r in range(len(self.actors[shard])) if r not in tried]
        if not left:
            return None
        now = time.monotonic()
        with self._lock:
            start = next(self._turn[shard])
            order = sorted(left, key=lambda r: ((r - start) % len(self.actors[shard])))
            healthy = [r for r in order if self._suspect.get((shard, r), 0.0) <= now]
        return (healthy or order)[0]

    def _mark(self, shard: int, replica: int, bad: bool) -> None:
        with self._lock:
            if bad:
                self._suspect[(shard, replica)] = time.monotonic() + SUSPECT_S
            else:
                self._suspect.pop((shard, replica), None)

    def gather(self, method: str, args: tuple, deadline: float,
               shards: list[int] | None = None) -> tuple[dict[int, object], dict[int, object], list[int]]:
        """Call ``method(*args)`` on one replica of each of ``shards`` (default all), failing over (see the
        module text), until ``deadline`` (``time.monotonic()`` seconds).

        Returns:
            ``(answers by shard, the actor that answered by shard, shards missing at the deadline)``.
        """
        ray = self._ray
        shards = list(range(len(self.actors))) if shards is None else shards
        pending: dict = {}
        tried: dict[int, list[int]] = {s: [] for s in shards}
        asked_at: dict[int, float] = {}
        answers: dict[int, object] = {}
        who: dict[int, object] = {}

        def ask(s: int) -> None:
            r = self._pick(s, tried[s])
            if r is None:
                return
            tried[s].append(r)
            asked_at[s] = time.monotonic()
            pending[getattr(self.actors[s][r], method).remote(*args)] = (s, r)

        for s in shards:
            ask(s)
        while pending and len(answers) < len(shards):
            now = time.monotonic()
            if now >= deadline:
                break
            waiting = [s for s in shards if s not in answers and len(tried[s]) < len(self.actors[s])]
            until = min([deadline] + [asked_at[s] + self.failover for s in waiting])
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=max(0.0, until - now))
            for ref in ready:
                s, r = pending.pop(ref)
                try:
                    answer = ray.get(ref)
                except ray.exceptions.RayError:  # the actor died for good, or its node is gone
                    self._mark(s, r, True)
                    if s not in answers:
                        ask(s)
                    continue
                self._mark(s, r, False)
                if s not in answers:
                    answers[s], who[s] = answer, self.actors[s][r]
            now = time.monotonic()
            for s in waiting:
                if s not in answers and now >= asked_at[s] + self.failover:
                    self._mark(s, tried[s][-1], True)  # slow or gone: ask the next replica
                    ask(s)
        return answers, who, sorted(set(shards) - set(answers))
