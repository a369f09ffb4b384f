"""Building a sharded index with Ray tasks on two real nodes: the same documents and near-duplicate groups
as an in-process build, each document exactly once even when a task's worker is SIGKILLed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import tantivy

import kavosh
from kavosh.index import schema as S
from kavosh.index.shards import read_manifest, shard_of, shard_paths


def ids_and_groups(index: Path) -> tuple[Counter, dict[str, int]]:
    """Every live id (with how often it occurs) and its group, read shard by shard."""
    ids, groups = Counter(), {}
    for p in shard_paths(index, read_manifest(index)):
        searcher = tantivy.Index.open(str(p)).searcher()
        hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
        gids = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in hits]) if hits else []
        for (_, a), g in zip(hits, gids, strict=True):
            doc_id = searcher.doc(a).get_first(S.ID)
            assert shard_of(doc_id, 4) == int(p.name[-3:])
            ids[doc_id] += 1
            groups[doc_id] = g
    return ids, groups


@pytest.mark.slow
def test_cluster_build_equals_the_in_process_build_despite_a_killed_task(cluster, run_kavosh, shared_data: Path,
                                                                       tmp_path: Path):
    news = shared_data / "news" / "articles.jsonl.gz"
    local, remote = tmp_path / "local", tmp_path / "remote"
    # build_on_cluster, called directly by the driver, takes the field configuration as given (None: none
    # declared; `kavosh index --cluster` passes the one it infers): the in-process build here infers none
    # either, so both index the same fields (since 64db541 an inferred long-text field such as `abstract`
    # is searched)
    proc = run_kavosh("index", news, "--index", local, "--shards", "4", "-q", "--no-infer")
    assert proc.returncode == 0, proc.stderr
    out = cluster.run("build", {"paths": [str(news)], "index": str(remote), "shards": 4, "kill": True},
                      timeout=600)
    assert "error" not in out, out
    assert out["killed"] is not None and out["documents"] == 4000 and out["nodes"] == 2, out
    assert len([line for line in out["progress"] if "analysed" in line]) == 4
    ids, groups = ids_and_groups(remote)
    want_ids, want_groups = ids_and_groups(local)
    assert ids == want_ids and set(ids.values()) == {1}
    assert groups == want_groups
    assert not (remote / ".build").exists()
    a, b = kavosh.Index(local, create=False), kavosh.Index(remote, create=False)
    assert len(b) == 4000
    for q in ("پرسپولیس", "مجلس", "استقلال"):
        ra, rb = a.search(q, snippets=False), b.search(q, snippets=False)
        assert ra.total == rb.total and ra.total > 0
        assert sorted((round(h.score, 4), h.group or h.id) for h in ra.hits) == \
            sorted((round(h.score, 4), h.group or h.id) for h in rb.hits)
    # served by shard actors: the collapsed totals are one index's, the same on every page and page size
    # (news holds near-duplicates, so a total estimated from the first window moved with the page)
    pages = [[q, limit, offset] for q in ("ایران", "مجلس", "استقلال")
             for limit, offset in ((1, 0), (10, 0), (10, 20), (3, 100))]
    served = cluster.run("serve", {"index": str(remote), "queries": ["ایران"], "pages": pages})
    assert "error" not in served, served
    for q, limit, offset, total, exact, bound in served["pages"]:
        want = b.search(q, limit=limit, offset=offset, snippets=False)
        assert [total, exact, bound] == [want.total, want.total_exact, want.total_lower_bound], (q, limit, offset)
    for q in ("ایران", "مجلس", "استقلال"):
        assert len({tuple(p[3:]) for p in served["pages"] if p[0] == q}) == 1, q
