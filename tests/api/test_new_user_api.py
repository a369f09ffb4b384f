"""What a new user met over HTTP with curl (issue #17, the try of 2026-12-03), through a real `kavosh serve`:
a `date` that is not a date, a body sent with curl's default form content type, percent-encoded bytes that
are not UTF-8, and pydantic's wording for a bad `mode`."""

from __future__ import annotations

import httpx
import pytest
from apisupport import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def w(write_server):
    with write_server.client() as c:
        yield c


def test_a_date_that_is_not_a_date_is_a_422_naming_it_and_nothing_is_written(w):
    docs = [{"id": "nu-ok", "text": "سند درست درباره آلو", "date": "Mon, 04 Nov 2024 10:00:00 GMT"},
            {"id": "nu-bad", "text": "سند درباره آلو", "date": "فردا"}]
    r = w.post("/api/documents", json={"documents": docs}, headers=AUTH)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["parameter"] == "documents[1].date"
    assert "'فردا' is not a date" in err["message"] and "nu-bad" in err["message"]
    assert w.get("/api/documents/nu-ok").status_code == 404  # the whole batch is refused
    r = w.post("/api/documents", json={"documents": docs[:1]}, headers=AUTH)  # an RFC 2822 date is a date
    assert r.status_code == 200, r.text
    assert w.get("/api/documents/nu-ok").json()["date"] == "2024-11-04"
    w.delete("/api/documents/nu-ok", headers=AUTH)


def test_a_json_body_sent_as_a_form_is_told_its_content_type(w):
    body = '{"documents": [{"id": "nu-form", "text": "متن"}]}'
    r = w.post("/api/documents", content=body.encode(), headers={
        **AUTH, "Content-Type": "application/x-www-form-urlencoded"})  # what `curl -d` sends
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["parameter"] == "body"
    assert "application/x-www-form-urlencoded" in err["message"] and "application/json" in err["message"]
    r = w.post("/api/documents", content=b"[1, 2]", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["message"] == "body must be a JSON object"


def test_query_bytes_that_are_not_utf8_are_named_not_called_an_empty_query(server):
    # httpx would re-encode the query: send the raw bytes' percent-encoding as a raw URL.
    with server.client() as c:
        r = c.get("/api/search?q=%ff%fe")
        assert r.status_code == 400
        assert r.json()["error"] == {"parameter": "q", "message":
                                     "q is not UTF-8 text (byte 1 of its value); percent-encode the value's UTF-8 bytes"}
        r = c.get("/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&date_from=%ff")
        assert r.status_code == 400 and r.json()["error"]["parameter"] == "date_from"
        r = c.get("/?q=%ff%fe")  # the page says it in its own way, not "no results"
        assert r.status_code == 400 and "نویسه‌هایی دارد که UTF-8 نیستند" in r.text
        assert c.get("/api/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86").status_code == 200


def test_a_bad_mode_is_answered_in_our_words(api):
    r = api.get("/api/search", params={"q": "تهران", "mode": "fast"})
    assert r.status_code == 400
    assert r.json()["error"] == {"parameter": "mode",
                                 "message": "mode must be 'lexical', 'dense' or 'hybrid', got 'fast'"}
