"""Writes through a cluster-served sharded index: the next search sees each commit at once, on every
shard actor, with no failed search (the coordinator and the actors once searched different commits and
a search could fail with 'Failed to lookup Doc' or show the old answers for a moment)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.mark.slow
def test_each_commit_is_searched_at_once_by_the_cluster(cluster, sharded: Path, tmp_path: Path):
    index = tmp_path / "index"
    shutil.copytree(sharded, index)
    out = cluster.run("writes", {"index": str(index), "rounds": 30, "word": "کاوشیارک", "query": "فوتبال ایران"})
    assert "error" not in out, out
    assert out["errors"] == [] and out["searches"] > 12
    assert len(out["rounds"]) == 30
    for r in out["rounds"]:
        assert r["found"] == r["live"] and r["total"] == len(r["live"]), r  # the commit just made, no other
        assert r["common"] == r["want"], r  # as a reader of the folder
        # the reader of the folder sees the same commit (it once lagged behind: docs/scale-out.md)
        assert r["common_total"] == r["want_total"], r
        assert r["snippets"], r
    assert len(out["rounds"][-1]["live"]) == 20  # 30 added, 10 deleted
