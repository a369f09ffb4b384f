"""Serving a sharded index from real Ray actors on two nodes: the same answers as in-process, and a
shard actor SIGKILLed under query load costs no query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kavosh


@pytest.fixture(scope="module")
def sharded(run_kavosh, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hamshahri as 4 shards, built with `kavosh index --shards 4`."""
    index = tmp_path_factory.mktemp("cluster") / "sharded"
    proc = run_kavosh("index", shared_data / "hamshahri" / "corpus.jsonl.gz", "--index", index, "--shards", "4", "-q")
    assert proc.returncode == 0, proc.stderr
    return index


def dev_queries(shared_data: Path) -> list[str]:
    return [json.loads(line)["text"] for line in open(shared_data / "hamshahri" / "queries.jsonl", encoding="utf-8")]


@pytest.mark.slow
def test_cluster_answers_equal_one_process_and_survive_a_killed_shard(cluster, sharded: Path, shared_data: Path):
    index, queries = sharded, dev_queries(shared_data)
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
    assert identical >= 25
    assert out["snippet"] and all(out["snippet"])
    # SIGKILL of a shard actor during 30 s of queries from two threads: restarted, no query failed or incomplete.
    assert out["queries"] > 50 and out["failed"] == 0, out["errors"]
    assert out["missing"] == 0
    assert out["new_pid"] != out["killed_pid"]


@pytest.mark.slow
def test_kavosh_serve_cluster_answers_over_http(cluster, sharded: Path, shared_data: Path):
    queries = dev_queries(shared_data)[:8]
    out = cluster.run("http", {"index": str(sharded), "queries": queries})
    assert "error" not in out, out
    assert "serving" in out["banner"] and "5,375 documents" in out["banner"]
    local = kavosh.Index(sharded, create=False)
    for q, got in zip(queries, out["answers"], strict=True):
        want = local.search(q, limit=10, snippets=False)
        assert got["total"] == want.total, q
        assert sorted((round(s, 3), g) for _, s, g in got["hits"]) == \
            sorted((round(h.score, 3), h.group or h.id) for h in want.hits)
