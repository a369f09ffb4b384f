"""The page's rendering rules, in process: number formatting, paging, the "did you mean" slot, escaping."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from kavosh.api.app import create_app
from kavosh.api.pages import Pager, doc_url, fa_number, page_url
from kavosh.index.fields import FieldConfig
from kavosh.present.results import Hit, SearchResults, Segment
from kavosh.query.parse import Note


def test_fa_number():
    assert fa_number(0) == "۰"
    assert fa_number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert fa_number(12.345, 1) == "۱۲٫۳"


def test_pager_window_and_bounds():
    p = Pager.make(1, 23, max_pages=10_001)
    assert (p.pages, p.numbers, p.has_prev, p.has_next) == (3, [1, 2, 3], False, True)
    p = Pager.make(7, 1000, max_pages=10_001)
    assert p.numbers == [5, 6, 7, 8, 9] and p.has_prev and p.has_next
    assert Pager.make(3, 10**9, max_pages=5).pages == 5
    assert Pager.make(1, 0, max_pages=5).pages == 1


def test_urls_escape_ids_and_queries():
    assert page_url("", "a&b", 1) == "/?q=a%26b"
    assert page_url("/k", "تهران", 2) == "/k/?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&page=2"
    assert doc_url("", "a/../b?c", "q") == "/doc?id=a%2F..%2Fb%3Fc&q=q"


class FakeService:
    """Stands in for IndexService: answers one canned result, with a rewrite or a suggestion."""

    writes_enabled = False
    token = None
    fields = FieldConfig()

    def __init__(self, rewritten=None, suggestion=None, total=1):
        self.rewritten, self.suggestion, self.total = rewritten, suggestion, total

    def start(self):
        pass

    def stop(self):
        pass

    def __len__(self):
        return 1

    def has_dates(self):
        return True

    def health(self):
        return {"status": "ok", "documents": 1, "version": "test", "writes_enabled": False}

    def search(self, q, limit, offset, exact=False, **_filters):  # dates, collapse, group: not used here
        if exact:
            self.rewritten = None
        hits = [Hit(rank=1, id="d1", score=1.0, title="<i>کتاب</i>", url="javascript:alert(1)", date="",
                    title_segments=[Segment("<i>", False), Segment("کتاب", True), Segment("</i>", False)],
                    snippet=[Segment("متن <script>x</script> ", False), Segment("کتاب", True)])] if self.total else []
        note = Note("synonyms: <b> → <i>", "synonyms", word="<b>", alternatives=["<i>"])
        res = SearchResults(query=q, total=self.total, hits=hits, took_ms=1.5, notes=[note],
                            offset=offset, limit=limit)
        if self.rewritten:
            res.rewritten = self.rewritten
        if self.suggestion:
            res.suggestion = self.suggestion
        return res


@pytest.fixture()
def client_for():
    """Serve the app around a FakeService on uvicorn in a thread; yields a factory of clients."""
    running = []

    def make(**kw):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(create_app(FakeService(**kw)), log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        client = httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}")
        running.append((server, thread, client))
        return client

    yield make
    for server, thread, client in running:
        client.close()
        server.should_exit = True
        thread.join(10)


def test_rewritten_query_fills_the_slot_and_the_api(client_for):
    c = client_for(rewritten="کتاب")
    html = c.get("/", params={"q": "کتب"}).text
    slot = html.split('id="did-you-mean">', 1)[1].split("</div>", 1)[0]
    assert "نتیجه‌ها برای" in slot and "کتاب" in slot and "کتب" in slot
    assert "/?q=%DA%A9%D8%AA%D8%A8&amp;exact=1" in slot  # the query as typed, searched exactly
    assert c.get("/api/search", params={"q": "کتب"}).json()["rewritten"] == "کتاب"


def test_suggestion_fills_the_slot(client_for):
    html = client_for(suggestion="کتاب", total=0).get("/", params={"q": "کتب"}).text
    slot = html.split('id="did-you-mean">', 1)[1].split("</div>", 1)[0]
    assert "آیا منظورتان" in slot and "/?q=%DA%A9%D8%AA%D8%A7%D8%A8" in slot
    assert 'id="no-results"' in html


def test_no_rewrite_leaves_the_slot_empty(client_for):
    html = client_for().get("/", params={"q": "کتاب"}).text
    assert '<div class="did-you-mean" id="did-you-mean"></div>' in html
    assert client_for().get("/api/search", params={"q": "کتاب"}).json()["rewritten"] is None


def test_everything_from_the_document_is_escaped(client_for):
    html = client_for().get("/", params={"q": "<script>"}).text
    assert "&lt;i&gt;<mark>کتاب</mark>&lt;/i&gt;" in html
    assert "متن &lt;script&gt;x&lt;/script&gt; <mark>کتاب</mark>" in html
    assert "«&lt;b&gt;»" in html and "<script" not in html  # a note's details, in its Persian sentence
    assert "&lt;script&gt; – کاوش</title>" in html
    assert 'href="javascript:' not in html  # a result's url is shown, never linked


def test_head_requests(client_for):
    c = client_for()
    assert c.head("/").status_code == 200 and c.head("/healthz").status_code == 200
