"""The search answer is serialized by hand (orjson, kavosh.api.answer): its JSON must be what the declared
response model, SearchOut, gives for the same result — every field, the model's defaults and types."""

from __future__ import annotations

import json

from kavosh.api.answer import search_answer
from kavosh.api.models import SearchOut
from kavosh.present.results import Hit, SearchResults, Segment
from kavosh.query.parse import Note


def _model_json(out: dict) -> dict:
    return json.loads(SearchOut.model_validate(out).model_dump_json(by_alias=True))


def _hit(rank: int, explain: dict | None, score: float) -> Hit:
    return Hit(rank=rank, id=f"d{rank}", score=score, title="کتاب\u200cها", url="https://a.example/",
               date="2024-11-21", title_segments=[Segment("کتاب\u200cها", True)],
               snippet=[Segment("… ", False), Segment("کتاب", True), Segment(" خوب \"«»\\", False)],
               fields={"tags": ["الف", "ب"], "views": 12, "ratio": 0.5, "nested": {"a": [1, None, True]}},
               date_display="۱ آذر ۱۴۰۳ (2024-11-21)", group="00000000000000ab", similar=2, explain=explain)


def _answer(res: SearchResults, rewritten: str | None = None) -> dict:
    out = res.to_dict()
    out["rewritten"] = rewritten
    out["rewrite_kind"] = out.get("rewrite_kind") if rewritten else None
    return out


def test_answer_is_the_models_json():
    res = SearchResults(
        query="کتاب", total=2, took_ms=3, notes=[Note("ignored common words: از", "stopwords", words=["از"])],
        hits=[_hit(1, None, 12.25), _hit(2, {"lexical_rank": 1, "lexical_score": 3.5, "dense_rank": None,
                                             "dense_score": None, "window": [0, 4]}, 7)],
        offset=0, limit=10, suggestion="کتب", rewrite_kind="spelling", matched=5, collapsed=True, group=None,
        mode="hybrid", filters=["tags:الف"], sort="date:desc", total_exact=False,
        facets=[{"field": "tags", "kind": "keyword[]", "other": 1, "disjunctive": False,
                 "buckets": [{"value": "الف", "count": 2, "filter": "tags:الف", "selected": True}],
                 "missing": {"value": "", "count": 4, "filter": 'tags:""', "selected": False}},
                {"field": "views", "kind": "number", "other": 0, "disjunctive": True,
                 "buckets": [{"value": "100..<1000", "count": 3, "filter": "views:100..<1000",
                              "selected": False, "from": 100, "to": 1000},
                             {"value": "1000..", "count": 1, "filter": "views:1000..", "selected": False,
                              "from": 1000.5, "to": None}], "missing": None}])
    for rewritten in (None, "کتب"):
        out = _answer(res, rewritten)
        want = _model_json(out)
        answer = search_answer(out)
        assert answer.media_type == "application/json"
        got = json.loads(answer.body)
        assert got == want
        assert set(got) == set(SearchOut.model_fields) | {"rewritten"}  # every field of the model, nothing else
        assert got["hits"][1]["score"] == 7.0 and isinstance(got["hits"][1]["score"], float)
        assert got["facets"][0]["buckets"][0]["from"] is None and got["facets"][1]["buckets"][0]["from"] == 100.0
        assert got["facets"][0]["missing"] == {"value": "", "count": 4, "filter": 'tags:""', "selected": False,
                                               "from": None, "to": None}
        assert got["facets"][1]["missing"] is None


def test_empty_answer_is_the_models_json():
    out = _answer(SearchResults(query="ناپیدا", total=0, hits=[], took_ms=0.42))
    assert json.loads(search_answer(out).body) == _model_json(out)


def test_served_answers_are_the_models_json(api):
    for params in ({"q": "تهران"}, {"q": "\"گزارش شماره\"", "limit": 3, "offset": 1}, {"q": "کتاب", "collapse": 0}):
        r = api.get("/api/search", params=params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        body = r.json()
        assert body["hits"], params
        assert body == json.loads(SearchOut.model_validate(body).model_dump_json(by_alias=True))
