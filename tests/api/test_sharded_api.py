"""`kavosh serve` over a sharded index (issue 19, "the same interfaces"): the HTTP API answers exactly as over
one index of the same documents (searches and their pages, documents, suggestions); served from a Ray
cluster it is tests/cluster/test_serving.py."""

from __future__ import annotations

from pathlib import Path

from apisupport import build_index, corpus, serving

import kavosh

SEARCHES = [{"q": "تهران"}, {"q": "تهران", "limit": 5, "offset": 10}, {"q": "میدان"}, {"q": "حافظ شیراز"},
            {"q": "\"شهر تهران\""}, {"q": "کتاب"}, {"q": "تهران", "collapse": "false", "limit": 20}]


def without_timing(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "took_ms"}


def test_a_sharded_index_serves_what_one_index_serves(tmp_path: Path):
    docs = corpus()
    one = build_index(tmp_path / "one", docs)
    with kavosh.Index(tmp_path / "four", shards=4) as ix:
        ix.add(docs)
        ix.commit()
    with serving(one) as a, serving(tmp_path / "four") as b, a.client() as ca, b.client() as cb:
        for params in SEARCHES:
            ra, rb = ca.get("/api/search", params=params), cb.get("/api/search", params=params)
            assert ra.status_code == rb.status_code == 200, (params, rb.text)
            assert without_timing(rb.json()) == without_timing(ra.json()), params
            assert rb.json()["hits"], params  # "تهران": 23 hits with 2-3 distinct scores, ties by id across shards
        for doc_id in ("teh-00", "isf-1", "shz-1"):
            ra, rb = ca.get(f"/api/documents/{doc_id}"), cb.get(f"/api/documents/{doc_id}")
            assert ra.status_code == rb.status_code == 200 and rb.json() == ra.json(), doc_id
        ra, rb = ca.get("/api/suggest", params={"q": "تهر"}), cb.get("/api/suggest", params={"q": "تهر"})
        assert ra.status_code == rb.status_code == 200 and rb.json() == ra.json() and ra.json()
