"""GET /api/search answers through QueryRoute's handler (kavosh.api.route), not FastAPI's dependency solving,
and every answer — results and each kind of 400 — is the one FastAPI's own handler gives; and from the top of
the app (kavosh.api.fast), outside the middleware stack, with the same answers, headers included."""

from __future__ import annotations

import fastapi.routing
import pytest
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from kavosh.api.app import create_app
from kavosh.api.route import QueryRoute
from kavosh.api.service import IndexService
from kavosh.query.parse import MAX_QUERY_CHARS

REQUESTS = [
    {"q": "تهران"}, {"q": "تهران", "limit": 3, "offset": 2}, {"q": "\"گزارش شماره\"", "collapse": 0},
    {"q": "تهران", "exact": "true", "disjunctive": "1", "mode": "lexical"}, {"q": "تهران", "limit": "3"},
    {}, {"q": ""}, {"q": "ا" * (MAX_QUERY_CHARS + 1)}, {"q": "تهران", "limit": 0}, {"q": "تهران", "limit": "ten"},
    {"q": "تهران", "limit": "ten", "offset": -1, "exact": "maybe"},  # several problems: the first, and a count
    {"q": "تهران", "collapse": "ja"}, {"q": "تهران", "mode": "vectors"}, {"q": "تهران", "limt": 5},
    {"q": "تهران", "date_from": "x" * 41}, {"q": "تهران", "date_from": "دیروز"}, {"q": "تهران", "facets": "foo"},
    {"q": "تهران", "sort": "views:up"}, {"q": "تهران", "filter": "[1]"}, {"q": "تهران", "group": "zz"},
    {"q": "تهران", "limit": ""},
    {"q": "تهران", "limit": "۳", "offset": "٢"}, {"q": "تهران", "limit": "۱۰x"},  # Persian/Arabic digits (H1)
]


def _answers(app, headers: bool = False) -> list[tuple[int, dict]]:
    client = TestClient(app)
    out = []
    for params in REQUESTS:
        r = client.get("/api/search", params=params)
        body = r.json()
        body.pop("took_ms", None)
        out.append((r.status_code, _headers(r) if headers else r.headers["content-type"], body))
    out.append(client.get("/api/search?q=%ff%fe").json())  # not UTF-8: the route checks run first
    return out


MORE_REQUESTS = [
    "/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&q=%DA%A9%D8%AA%D8%A7%D8%A8",  # repeated: the app's 400 (errors.reject_unknown_query)
    "/api/search?q=%EF%BF%BD%D8%AA%D9%87%D8%B1%D8%A7%D9%86",  # U+FFFD itself, sent as UTF-8
    "/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&limit=2&limit=%ff",  # not UTF-8 in a repeated parameter
    "/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&%ff=1",  # nor in a name
    "/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86;limit=2", "/api/search?q=+%D8%AA%D9%87%D8%B1%D8%A7%D9%86+&x",
    "/api/search?q=%D8%A7%D8%B2", "/api/search?q=" + "%D8%A7" * (MAX_QUERY_CHARS + 1),  # stopword only; long
    "/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&limit=1000", "/api/search?q=a*+b*+c*+d*+e*+f*",
    "/api/search/?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86", "/api/search", "/api/search?",
]


def _headers(r) -> dict:
    return {k: v for k, v in r.headers.items() if k not in ("content-length", "date")}


def _raw_answers(app) -> list[tuple]:
    client = TestClient(app)
    out = []
    for url in MORE_REQUESTS:
        for method in ("GET", "HEAD", "POST"):
            r = client.request(method, url, follow_redirects=False)
            body = r.json() if r.content and "json" in r.headers.get("content-type", "") else r.text
            if isinstance(body, dict):
                body.pop("took_ms", None)
            out.append((url, method, r.status_code, _headers(r), body))
    return out


def test_searches_answered_before_the_middlewares_as_through_them(index_dir, monkeypatch):
    from kavosh.api.fast import SearchApp

    service = IndexService(index_dir, reload_interval=0)
    answered = []
    answer = SearchApp._answer

    async def counting(self, scope):
        response = await answer(self, scope)
        answered.append(response is not None)
        return response

    monkeypatch.setattr(SearchApp, "_answer", counting)
    fast, fast_raw = _answers(create_app(service), headers=True), _raw_answers(create_app(service))
    # the shortcut answered the 200s and the endpoint's own 400s (an empty query, a date, facets, sort, filter,
    # group, too many prefixes); the app answered the others (missing, invalid, unknown or non-UTF-8 parameters)
    assert answered.count(True) == 15 and len(answered) == len(REQUESTS) + 1 + len(MORE_REQUESTS) - 1
    answered.clear()
    slow = _answers(create_app(service, fast=False), headers=True)
    slow_raw = _raw_answers(create_app(service, fast=False))
    assert answered == []
    assert fast == slow
    assert fast_raw == slow_raw
    assert fast[0][1]["content-security-policy"] and fast[0][1]["content-type"] == "application/json"
    assert [s for _, _, s, *_ in fast_raw if s == 200]


def test_query_route_answers_as_fastapi_does(index_dir, monkeypatch):
    service = IndexService(index_dir, reload_interval=0)
    solved = []
    solve = fastapi.routing.solve_dependencies

    async def counting(*a, **k):
        solved.append(k.get("dependant"))
        return await solve(*a, **k)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    fast = _answers(create_app(service, fast=False))  # through the middlewares: QueryRoute's handler
    assert solved == []  # QueryRoute's handler answered every search
    monkeypatch.setattr(QueryRoute, "get_route_handler", APIRoute.get_route_handler)
    slow = _answers(create_app(service, fast=False))
    assert len(solved) >= len(REQUESTS) - 1  # FastAPI's handler answered these (the non-UTF-8 query stops early)
    assert fast == slow
    assert [s for s, *_ in fast[:len(REQUESTS)]].count(200) == 6


@pytest.mark.parametrize("path", ["/api/suggest", "/healthz", "/api/documents/x"])
def test_other_routes_keep_fastapis_handler(path):
    from kavosh.api.app import router

    routes = [r for r in router.routes if getattr(r, "path", None) == path.replace("/x", "/{doc_id:path}")]
    assert routes and all(isinstance(r, QueryRoute) and r.handler() is None for r in routes)
