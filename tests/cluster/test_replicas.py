"""Replicas of every shard on different nodes: the queries are spread over them, when a node dies
(its raylet and every process under it SIGKILLed) a query load goes on with no failed or incomplete
query, each slowed at most by the fail-over time, and when a node joins the lost replicas are
re-created on it while serving.  Without replicas, a search while a lost node's shards are gone answers
from the other shards within its timeout, naming the missing ones, until they are re-created."""

from __future__ import annotations

from pathlib import Path

import pytest

import kavosh
from kavosh.index.shards import shard_of

FAILOVER = 1.0
TIMEOUT = 10.0


@pytest.mark.slow
def test_replicas_on_two_nodes_survive_the_loss_of_a_node(cluster, sharded: Path, dev_queries: list[str]):
    out = cluster.run("replicas", {"index": str(sharded), "queries": dev_queries, "timeout": TIMEOUT,
                                   "failover": FAILOVER, "load_s": 12, "kill_after_s": 4,
                                   "add_worker": cluster.worker_command()}, timeout=600)
    try:
        # Each shard's two replicas are on the two different nodes.
        assert len(out["placement"]) == 4
        assert all(len(set(nodes)) == 2 for nodes in out["placement"]), out["placement"]
        local = kavosh.Index(sharded, create=False)
        for q, got in zip(dev_queries, out["answers"], strict=True):
            want = local.search(q, limit=10, snippets=False)
            assert got["total"] == want.total, q
            assert sorted((round(s, 4), i) for i, s in got["hits"]) == \
                sorted((round(h.score, 4), h.id) for h in want.hits), q
        # The worker node killed under load: no query failed or lacked a shard, and none waited much
        # longer than the fail-over time (never the 10 s timeout).
        assert out["killed"] >= 3 and out["dead_after_s"] is not None, out  # the raylet, the actors there
        assert out["after_kill"] > 20, out
        assert out["failed"] == 0 and out["missing"] == 0, out
        assert out["slowest_after_kill"] < FAILOVER + 3, out
        # A new node joined while serving: every lost replica was re-created there, so each shard has two
        # replicas on two alive nodes again, with the same answers.
        assert out["lost"] == 4 and out["recreated"] == 4, out
        assert out["all_alive_after"] and all(len(set(nodes)) == 2 for nodes in out["placement_after"]), out
        assert out["answers_after"] == [{"hits": a["hits"], "total": a["total"]} for a in out["answers"]]
    except BaseException:
        cluster.add_worker()  # the driver may have failed before adding the node the next tests need
        raise


@pytest.mark.slow
def test_a_shard_without_replicas_is_recreated_on_another_node_when_its_node_dies(cluster, sharded: Path,
                                                                                dev_queries: list[str]):
    queries = dev_queries[:10]
    try:
        out = cluster.run("lose_node", {"index": str(sharded), "queries": queries, "timeout": TIMEOUT},
                          timeout=400)
        # Four shards pinned over the two nodes, two on each (shard s on node s mod 2).
        assert len(out["placement"]) == 4 and out["placement"].count(out["head"]) == 2, out["placement"]
        assert out["lost"] == 2 and out["killed"] >= 3, out
        # A search right after the loss, with a 3 s per-query timeout: not an error, but the other shards'
        # results with a note naming the two missing shards, the total marked inexact.
        lost = [s for s, n in enumerate(out["placement"]) if n != out["head"]]
        partial = out["partial"]
        assert "error" not in partial, partial
        assert [code for code, _ in partial["notes"]] == ["missing_shards"], partial
        assert partial["notes"][0][1].startswith(f"shard(s) {lost[0]}, {lost[1]} did not answer within 3 s"), partial
        assert partial["exact"] is False and partial["ids"] and partial["snippets"], partial
        assert all(shard_of(i, 4) not in lost for i in partial["ids"]), partial
        assert partial["seconds"] < 3 + 5, partial  # the timeout, not Ray's wait for the node
        # The worker's two shards re-created on the head, the only node left, with the same answers.
        assert out["recreated"] == 2, out
        assert out["placement_after"] == [out["head"]] * 4, out["placement_after"]
        assert out["answers_after"] == out["answers"]
        local = kavosh.Index(sharded, create=False)
        for q, got in zip(queries, out["answers"], strict=True):
            want = local.search(q, limit=10, snippets=False)
            assert got["total"] == want.total, q
    finally:
        cluster.add_worker()  # the next tests need two nodes
