"""Near-duplicates over HTTP and on the page: ``collapse``/``group`` of ``/api/search``, the «خبر مشابه» link.

The index is ``tests/data/dups`` (one story on four sites, two unrelated stories;
see ``tests/test_dedup.py``) built with the real ``kavosh index`` command, served
by a real ``kavosh serve``; the page is checked in Debian's Chromium.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from apisupport import serving

DUPS = Path(__file__).resolve().parents[1] / "data" / "dups"
COPIES = {"ava/ahvaz-dust.html", "sepehr/society-4471.html", "khabaran/p-88213.html", "parsi/edited-copy.html"}
QUERY = "ریزگرد اهواز"
CHROMIUM = Path(os.environ.get("KAVOSH_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def dups_server(run_kavosh, tmp_path_factory):
    index = tmp_path_factory.mktemp("dups-api") / "index"
    proc = run_kavosh("index", DUPS, "--index", index)
    assert proc.returncode == 0, proc.stderr
    with serving(index) as s:
        yield s


@pytest.fixture()
def client(dups_server):
    with dups_server.client() as c:
        yield c


def test_search_collapses_near_duplicates_and_group_lists_them(client):
    res = client.get("/api/search", params={"q": QUERY}).json()
    assert (res["total"], res["matched"], res["collapsed"], res["group"]) == (1, 4, True, None)
    [hit] = res["hits"]
    assert hit["id"] in COPIES and hit["similar"] == 3 and re.fullmatch(r"[0-9a-f]{16}", hit["group"])

    members = client.get("/api/search", params={"q": QUERY, "group": hit["group"]}).json()
    assert {h["id"] for h in members["hits"]} == COPIES
    assert (members["total"], members["group"], members["collapsed"]) == (4, hit["group"], False)
    assert members["hits"][0]["id"] == hit["id"]

    every = client.get("/api/search", params={"q": QUERY, "collapse": "0"}).json()
    assert {h["id"] for h in every["hits"]} == COPIES and every["total"] == 4
    assert [h["id"] for h in every["hits"]] == [h["id"] for h in members["hits"]]


def test_a_bad_group_is_a_400_naming_the_parameter(client):
    r = client.get("/api/search", params={"q": QUERY, "group": "not-hex"})
    assert r.status_code == 400
    assert r.json()["error"]["parameter"] == "group" and "16 hex digits" in r.json()["error"]["message"]
    r = client.get("/api/search", params={"q": QUERY, "group": "0" * 17})
    assert r.status_code == 400 and r.json()["error"]["parameter"] == "group"
    assert client.get("/api/search", params={"q": QUERY, "group": "0" * 16}).json()["total"] == 0


def test_the_similar_news_link_shows_the_members(dups_server, client):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) for browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    expected = client.get("/api/search", params={"q": QUERY}).json()["hits"][0]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(locale="fa-IR")
            page.set_default_timeout(10_000)
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(dups_server.url + "/")
            page.locator("input[name=q]").fill(QUERY)
            page.locator("input[name=q]").press("Enter")
            page.wait_for_url(re.compile(r"[?&]q="))
            hits = page.locator("#results li.hit")
            assert hits.count() == 1 and hits.first.get_attribute("data-id") == expected["id"]
            link = hits.first.locator("a.similar-link")
            assert link.inner_text() == "۳ خبر مشابه"
            link.click()
            page.wait_for_url(re.compile(r"[?&]group=" + expected["group"]))
            shown = set(page.locator("#results li.hit").evaluate_all("els => els.map(e => e.dataset.id)"))
            assert shown == COPIES
            assert "۴ نسخه از یک خبر" in page.locator("#group-note").inner_text()
            assert page.locator("#results a.similar-link").count() == 0
            page.locator("#group-note a").click()
            page.wait_for_url(re.compile(r"/\?q=[^&]*$"))
            assert page.locator("#results li.hit").count() == 1
            assert all(u.startswith(dups_server.url) for u in requests), requests
        finally:
            browser.close()
