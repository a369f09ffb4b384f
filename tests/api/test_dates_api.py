"""Date filters and Jalali dates over HTTP: GET /api/search?date_from=&date_to= and the results page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from apisupport import serving  # noqa: E402

import kavosh  # noqa: E402
from kavosh.ingest.files import read_paths  # noqa: E402

DATED = Path(__file__).parents[1] / "data" / "dated"


@pytest.fixture(scope="module")
def dated_api(tmp_path_factory):
    ix = tmp_path_factory.mktemp("dated-api") / "index"
    with kavosh.Index(ix) as index:
        index.add(d for d in read_paths([str(DATED)]) if isinstance(d, kavosh.Document))
        index.commit()
    with serving(ix) as server, server.client() as client:
        yield client


@pytest.mark.parametrize("params,expected", [
    ({"date_from": "1403/09/01", "date_to": "1403/09/30"}, {"azar-report.txt", "azar-greg", "page.html"}),
    ({"date_from": "1403-09", "date_to": "1403-09"}, {"azar-report.txt", "azar-greg", "page.html"}),
    ({"date_from": "2024-12-01"}, {"azar-greg", "dey-report.txt"}),
    ({"date_to": "۱۴۰۲"}, {"old"}),
    ({"date_from": "1403-09", "q": "گزارش date:<2024-12-01"}, {"azar-report.txt", "page.html"}),
])
def test_api_date_range(dated_api, params: dict, expected: set[str]) -> None:
    r = dated_api.get("/api/search", params={"q": "گزارش", "limit": 50, **params})
    assert r.status_code == 200, r.text
    body = r.json()
    assert {h["id"] for h in body["hits"]} == expected and body["total"] == len(expected)


def test_api_hits_show_jalali_dates(dated_api) -> None:
    params = {"q": "گزارش", "date_from": "2024-11-21", "date_to": "2024-11-25"}
    body = dated_api.get("/api/search", params=params).json()
    assert {(h["id"], h["date"], h["date_display"]) for h in body["hits"]} == {
        ("azar-report.txt", "2024-11-25", "۵ آذر ۱۴۰۳ (2024-11-25)")}
    undated = dated_api.get("/api/search", params={"q": "گزارش بدون تاریخ"}).json()["hits"][0]
    assert (undated["id"], undated["date"], undated["date_display"]) == ("undated.txt", "", "")


def test_api_bad_date_is_a_400_naming_the_parameter(dated_api) -> None:
    r = dated_api.get("/api/search", params={"q": "گزارش", "date_to": "1403-13-01"})
    assert r.status_code == 400
    assert r.json()["error"]["parameter"] == "date_to"
    assert "1403-13-01" in r.json()["error"]["message"]


def test_api_date_from_after_date_to_is_a_400_not_zero_results(dated_api) -> None:
    r = dated_api.get("/api/search", params={"q": "گزارش", "date_from": "1403", "date_to": "1402"})
    assert r.status_code == 400, r.text  # it was 200 with 0 results and no note
    assert r.json()["error"]["parameter"] == "date_from"
    assert "it is after date_to=1402, so no date is in the range" in r.json()["error"]["message"]
    same = dated_api.get("/api/search", params={"q": "گزارش", "date_from": "1403-09-05", "date_to": "1403-09-05"})
    assert same.status_code == 200 and {h["id"] for h in same.json()["hits"]} == {"azar-report.txt"}


def test_results_page_shows_the_jalali_date(dated_api) -> None:
    page = dated_api.get("/", params={"q": "گزارش date:1403-09-05"}).text
    assert '<span class="date">۵ آذر ۱۴۰۳ (<bdi dir="ltr">2024-11-25</bdi>)</span>' in page
