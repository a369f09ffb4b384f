"""A new user's H1 (newuser4.md): ``GET /api/search?limit=۱۰`` was a 400 ``limit must be an integer, got '۱۰'``
while the CLI's ``--limit ۵`` and every filter read Persian digits.  Every integer query parameter (``limit``,
``offset``, the suggest ``limit``, the page's ``page``) now reads ASCII, Persian and Arabic-Indic digits
(:data:`kavosh.api.models.Integer`), through FastAPI's handler, :mod:`kavosh.api.route` and :mod:`kavosh.api.fast`
alike."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from kavosh.api.app import create_app
from kavosh.api.models import ANY_DIGITS, latin_digits
from kavosh.api.service import IndexService


@pytest.fixture(scope="module")
def service(index_dir):
    return IndexService(index_dir, reload_interval=0)


@pytest.mark.parametrize("fast", [True, False])
def test_limit_and_offset_read_persian_and_arabic_digits(service, fast):
    client = TestClient(create_app(service, fast=fast))
    want = client.get("/api/search", params={"q": "تهران", "limit": 3, "offset": 2}).json()
    assert len(want["hits"]) == 3 and want["hits"][0]["rank"] == 3
    for limit, offset in [("۳", "۲"), ("٣", "٢"), ("۳", "2"), (" ۳", "+۲")]:
        r = client.get("/api/search", params={"q": "تهران", "limit": limit, "offset": offset})
        assert r.status_code == 200, r.text
        got = r.json()
        assert (got["limit"], got["offset"]) == (3, 2)
        assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]]
    bad = client.get("/api/search", params={"q": "تهران", "limit": "۱۰x"})
    assert bad.status_code == 400
    assert bad.json() == {"error": {"parameter": "limit", "message": "limit must be an integer, got '۱۰x'"}}
    over = client.get("/api/search", params={"q": "تهران", "limit": "۵۰۰"})
    assert over.status_code == 400
    assert over.json()["error"] == {"parameter": "limit", "message": "limit must be at most 100, got 500"}


def test_suggest_limit_and_page_read_persian_digits(service):
    client = TestClient(create_app(service))
    ascii_, persian = (client.get("/api/suggest", params={"q": "تهر", "limit": n}) for n in ("1", "۱"))
    assert persian.status_code == 200 and persian.json() == ascii_.json()
    assert len(persian.json()["completions"]) == 1
    for page, start in [("۲", 11), ("٢", 11), ("2", 11), ("1", 1), ("۱x", 1)]:  # (not a number: the first)
        assert f'<ol class="results" id="results" start="{start}">' in client.get(
            "/", params={"q": "تهران", "page": page}).text


def test_latin_digits():
    assert [latin_digits(v) for v in ("۱۰", "١٠", "-۵", " ۱۲ ", "10", "ده", "۱۰x", "۱.۵", 7)] \
        == ["10", "10", "-5", " 12 ", "10", "ده", "۱۰x", "۱.۵", 7]


def test_every_integer_query_parameter_reads_any_digits():
    from kavosh.api.app import router

    ints = {(r.path, p.alias): ANY_DIGITS in p.field_info.metadata for r in router.routes
            if hasattr(r, "dependant") for p in r.dependant.query_params if p.field_info.annotation is int}
    assert ints == {("/api/search", "limit"): True, ("/api/search", "offset"): True,
                    ("/api/suggest", "limit"): True}
