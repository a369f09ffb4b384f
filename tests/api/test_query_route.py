"""GET /api/search answers through QueryRoute's handler (kavosh.api.route), not FastAPI's dependency solving,
and every answer — results and each kind of 400 — is the one FastAPI's own handler gives."""

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
]


def _answers(app) -> list[tuple[int, dict]]:
    client = TestClient(app)
    out = []
    for params in REQUESTS:
        r = client.get("/api/search", params=params)
        body = r.json()
        body.pop("took_ms", None)
        out.append((r.status_code, r.headers["content-type"], body))
    out.append(client.get("/api/search?q=%ff%fe").json())  # not UTF-8: the route checks run first
    return out


def test_query_route_answers_as_fastapi_does(index_dir, monkeypatch):
    service = IndexService(index_dir, reload_interval=0)
    solved = []
    solve = fastapi.routing.solve_dependencies

    async def counting(*a, **k):
        solved.append(k.get("dependant"))
        return await solve(*a, **k)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    fast = _answers(create_app(service))
    assert solved == []  # QueryRoute's handler answered every search
    monkeypatch.setattr(QueryRoute, "get_route_handler", APIRoute.get_route_handler)
    slow = _answers(create_app(service))
    assert len(solved) >= len(REQUESTS) - 1  # FastAPI's handler answered these (the non-UTF-8 query stops early)
    assert fast == slow
    assert [s for s, *_ in fast[:len(REQUESTS)]].count(200) == 5


@pytest.mark.parametrize("path", ["/api/suggest", "/healthz", "/api/documents/x"])
def test_other_routes_keep_fastapis_handler(path):
    from kavosh.api.app import router

    routes = [r for r in router.routes if getattr(r, "path", None) == path.replace("/x", "/{doc_id:path}")]
    assert routes and all(isinstance(r, QueryRoute) and r.handler() is None for r in routes)
