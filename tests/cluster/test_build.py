"""Building a sharded index with Ray tasks on two real nodes: the same documents and near-duplicate groups
as an in-process build and as one (unsharded) index, each document exactly once even when a task's worker
is SIGKILLed or a node is lost; served by shard actors, every dev query ranked as one index ranks it."""

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


def single_groups(index: Path) -> dict[str, int]:
    """Every document's near-duplicate group in an index that is not sharded."""
    searcher = tantivy.Index.open(str(index)).searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    gids = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in hits])
    return {searcher.doc(a).get_first(S.ID): g for (_, a), g in zip(hits, gids, strict=True)}


@pytest.fixture(scope="module")
def news_one(run_kavosh, shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The news corpus as one index (not sharded), built in-process with ``--no-infer`` (see below)."""
    one = tmp_path_factory.mktemp("news-one") / "one"
    proc = run_kavosh("index", shared_data / "news" / "articles.jsonl.gz", "--index", one, "-q", "--no-infer")
    assert proc.returncode == 0, proc.stderr
    return one


@pytest.mark.slow
def test_cluster_build_equals_the_in_process_build_despite_a_killed_task(cluster, run_kavosh, shared_data: Path,
                                                                       news_one: Path, dev_queries: list[str],
                                                                       tmp_path: Path):
    news = shared_data / "news" / "articles.jsonl.gz"
    local, remote = tmp_path / "local", tmp_path / "remote"
    # build_on_cluster, called directly by the driver, takes the field configuration as given (None: none
    # declared; `kavosh index --cluster` passes the one it infers): the in-process builds here infer none
    # either, so all index the same fields (since 64db541 an inferred long-text field such as `abstract`
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
    # served by shard actors (one driver job for the pages and the queries below): the collapsed totals are
    # one index's, the same on every page and page size (news holds near-duplicates, so a total estimated
    # from the first window moved with the page)
    pages = [[q, limit, offset] for q in ("ایران", "مجلس", "استقلال")
             for limit, offset in ((1, 0), (10, 0), (10, 20), (3, 100))]
    assert groups == single_groups(news_one) and len(groups) == 4000
    single = kavosh.Index(news_one, create=False)
    queries = dev_queries + [single.get(d).title for d in sorted(ids)[::40]]
    served = cluster.run("serve", {"index": str(remote), "queries": queries, "pages": pages})
    assert "error" not in served, served
    for q, limit, offset, total, exact, bound in served["pages"]:
        want = b.search(q, limit=limit, offset=offset, snippets=False)
        assert [total, exact, bound] == [want.total, want.total_exact, want.total_lower_bound], (q, limit, offset)
    for q in ("ایران", "مجلس", "استقلال"):
        assert len({tuple(p[3:]) for p in served["pages"] if p[0] == q}) == 1, q
    # against one unsharded index of the same corpus: the near-duplicate groups, and every dev query
    # (Hamshahri's 30) and 100 news titles ranked by the shard actors as that index ranks them: the top 10's
    # ids and order, scores within 1e-4, groups and hidden near-duplicates, totals
    full = 0
    for q, got in zip(queries, served["answers"], strict=True):
        want = single.search(q, limit=10, snippets=False)
        assert got["total"] == want.total and got["notes"] == [n.code for n in want.notes], q
        assert [h[0] for h in got["hits"]] == [h.id for h in want.hits], q
        assert all(abs(h[1] - w.score) <= 1e-4 for h, w in zip(got["hits"], want.hits, strict=True)), q
        assert [(h[2], h[3]) for h in got["hits"]] == [(w.group, w.similar) for w in want.hits], q
        full += len(want.hits) == 10
    assert full >= 120  # nearly every query has a full page to compare


@pytest.mark.slow
def test_a_cluster_build_that_loses_a_node_indexes_every_document_once(cluster, shared_data: Path, news_one: Path,
                                                                       tmp_path: Path):
    # the node running an analysis task (its raylet and every process under it) is SIGKILLed while the task
    # runs: Ray retries the lost task on the node left, and the index is one index's documents and groups
    remote = tmp_path / "remote"
    try:
        out = cluster.run("build", {"paths": [str(shared_data / "news" / "articles.jsonl.gz")],
                                    "index": str(remote), "shards": 4, "kill": "node"}, timeout=600)
    except BaseException:
        cluster.add_worker()  # the driver may have failed after killing the node: the next tests need two
        raise
    if out["killed"] is not None:
        cluster.add_worker()
    assert "error" not in out, out
    assert out["killed"] is not None and out["killed"] >= 2 and out["lost_running_task"], out  # raylet, worker
    assert out["documents"] == 4000, out
    analysed = [line for line in out["progress"] if "analysed" in line]
    assert len(analysed) == 4 and any(line.startswith(f"shard {out['shard']}: analysed") for line in analysed)
    ids, groups = ids_and_groups(remote)
    assert len(ids) == 4000 and set(ids.values()) == {1}
    assert groups == single_groups(news_one)
    assert not (remote / ".build").exists()
    assert len(kavosh.Index(remote, create=False)) == 4000
