"""Serving a sharded index from real Ray actors on two nodes: the same answers as in-process, and a
shard actor SIGKILLed under query load costs no query."""

from __future__ import annotations

from pathlib import Path

import pytest

import kavosh


@pytest.mark.slow
def test_cluster_answers_equal_one_process_and_survive_a_killed_shard(cluster, sharded: Path, dev_queries: list[str]):
    index, queries = sharded, dev_queries
    out = cluster.run("serve", {"index": str(index), "queries": queries, "load_s": 30, "kill_after_s": 5})
    local = kavosh.Index(index, create=False)
    identical = 0
    for q, got in zip(queries, out["answers"], strict=True):
        want = local.search(q, limit=10, snippets=False)
        assert got["total"] == want.total and got["notes"] == [n.code for n in want.notes], q
        mine = [(round(s, 4), g or i, n) for i, s, g, n in got["hits"]]
        theirs = [(round(h.score, 4), h.group or h.id, h.similar) for h in want.hits]
        assert sorted(mine) == sorted(theirs), q  # equal scores may come in either order
        identical += [h[0] for h in got["hits"]] == [h.id for h in want.hits]
    assert identical == len(queries)  # equal scores in id order, as in-process
    assert out["snippet"] and all(out["snippet"])
    assert out["cluster_nodes"] == 2 and len(set(out["nodes"])) == 2, out["nodes"]  # one actor per shard, spread
    # SIGKILL of a shard actor during 30 s of queries from two threads: restarted, no query failed or incomplete.
    assert out["queries"] > 50 and out["failed"] == 0, out["errors"]
    assert out["missing"] == 0
    assert out["new_pid"] != out["killed_pid"]


@pytest.mark.slow
def test_kavosh_serve_cluster_answers_over_http(cluster, sharded: Path, dev_queries: list[str]):
    queries = dev_queries[:8]
    out = cluster.run("http", {"index": str(sharded), "queries": queries})
    assert "error" not in out, out
    assert "serving" in out["banner"] and "5,375 documents" in out["banner"]
    local = kavosh.Index(sharded, create=False)
    for q, got in zip(queries, out["answers"], strict=True):
        want = local.search(q, limit=10, snippets=False)
        assert got["total"] == want.total, q
        assert sorted((round(s, 3), g) for _, s, g in got["hits"]) == \
            sorted((round(h.score, 3), h.group or h.id) for h in want.hits)


@pytest.mark.slow
def test_a_ray_client_address_serves_the_same_answers(cluster, sharded: Path, dev_queries: list[str]):
    # ray://HOST:PORT (Ray Client, the head's client server on its default port 10001): kavosh[cluster]
    # installs ray[client], and the answers are the HOST:PORT connection's
    queries = dev_queries[:6]
    out = cluster.run("serve", {"index": str(sharded), "queries": queries}, address="ray://127.0.0.1:10001")
    assert "answers" in out, out
    local = kavosh.Index(sharded, create=False)
    for q, got in zip(queries, out["answers"], strict=True):
        want = local.search(q, limit=10, snippets=False)
        assert got["total"] == want.total, q
        assert [h[0] for h in got["hits"]] == [h.id for h in want.hits], q
