"""Write endpoints: off without a token, token-protected with one; body limits; searches see writes."""

from __future__ import annotations

import json

import httpx
import pytest
from apisupport import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW = [{"id": "new-1", "title": "کشف سیارک تازه", "text": "ستاره‌شناسان یک سیارک تازه را در مدار مریخ یافتند."},
       {"id": "new-2", "title": "سیارک و زمین", "text": "سیارک‌ها گاهی از نزدیکی زمین می‌گذرند.",
        "url": "https://example.org/a", "date": "2024-05-01", "fields": {"lang": "fa"}}]


def test_without_token_writes_are_403(api):
    r = api.post("/api/documents", json={"documents": NEW}, headers=AUTH)
    assert r.status_code == 403 and "--token" in r.json()["error"]["message"]
    r = api.delete("/api/documents/teh-00", headers=AUTH)
    assert r.status_code == 403
    assert api.get("/api/documents/teh-00").status_code == 200


@pytest.fixture()
def w(write_server):
    with write_server.client() as c:
        yield c


def test_missing_or_wrong_token(w):
    r = w.post("/api/documents", json={"documents": NEW})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"]["parameter"] == "Authorization"
    r = w.post("/api/documents", json={"documents": NEW}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403 and r.json()["error"]["parameter"] == "Authorization"
    r = w.delete("/api/documents/teh-00", headers={"Authorization": "Basic abc"})
    assert r.status_code == 401
    assert w.get("/api/search", params={"q": "سیارک"}).json()["total"] == 0


def test_add_replace_delete_and_search_sees_each_change(w):
    assert w.get("/healthz").json()["writes_enabled"] is True
    n0 = w.get("/healthz").json()["documents"]
    r = w.post("/api/documents", json={"documents": NEW}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json() == {"added": ["new-1", "new-2"], "deleted": [], "documents": n0 + 2}
    body = w.get("/api/search", params={"q": "سیارک"}).json()
    assert {h["id"] for h in body["hits"]} == {"new-1", "new-2"}
    doc = w.get("/api/documents/new-2").json()
    assert doc == {**NEW[1]}

    r = w.post("/api/documents", json={"documents": [{"id": "new-1", "title": "خبر ورزشی", "text": "فوتبال"}]},
               headers=AUTH)
    assert r.status_code == 200 and r.json()["documents"] == n0 + 2
    assert {h["id"] for h in w.get("/api/search", params={"q": "سیارک"}).json()["hits"]} == {"new-2"}
    assert w.get("/api/documents/new-1").json()["title"] == "خبر ورزشی"

    r = w.delete("/api/documents/new-2", headers=AUTH)
    assert r.status_code == 200 and r.json() == {"added": [], "deleted": ["new-2"], "documents": n0 + 1}
    assert w.get("/api/search", params={"q": "سیارک"}).json()["total"] == 0
    assert w.get("/api/documents/new-2").status_code == 404
    r = w.delete("/api/documents/new-2", headers=AUTH)
    assert r.status_code == 404 and r.json()["error"]["parameter"] == "id"
    assert w.delete("/api/documents/new-1", headers=AUTH).status_code == 200


@pytest.mark.parametrize("body, parameter", [
    (b"{not json", "body"),
    (json.dumps({}).encode(), "documents"),
    (json.dumps({"documents": []}).encode(), "documents"),
    (json.dumps({"documents": [{"title": "بی‌شناسه", "text": "متن"}]}).encode(), "documents[0].id"),
    (json.dumps({"documents": [NEW[0], {"id": "x"}]}).encode(), "documents[1].text"),
    (json.dumps({"documents": [{"id": "x", "text": "متن", "colour": "red"}]}).encode(), "documents[0].colour"),
    (json.dumps({"documents": [{"id": 7.5, "text": "متن"}]}).encode(), "documents[0].id"),
    (json.dumps({"documents": [{"id": True, "text": "متن"}]}).encode(), "documents[0].id"),
    (json.dumps({"documents": [NEW[0], {"id": "a\u0000b", "text": "متن"}]}).encode(), "documents[1].id"),
    (json.dumps([NEW[0]]).encode(), "body"),
])
def test_invalid_bodies_are_422_naming_the_field(w, body, parameter):
    r = w.post("/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["parameter"] == parameter, r.json()
    assert r.json()["error"]["message"]
    assert w.get("/api/documents/x").status_code == 404


def test_a_whole_number_id_is_taken_as_its_digits_as_json_lines_and_index_add_take_it(w):
    r = w.post("/api/documents", json={"documents": [{"id": 7, "text": "متن شماره هفت"}]}, headers=AUTH)
    assert r.status_code == 200 and r.json()["added"] == ["7"], r.text  # it was 422 "must be a string, got 7"
    assert w.get("/api/documents/7").json()["text"] == "متن شماره هفت"
    assert w.delete("/api/documents/7", headers=AUTH).status_code == 200


def test_an_id_with_a_control_character_is_refused_not_cleaned(w):
    body = {"documents": [{"id": "x\u0000", "text": "متن"}]}
    r = w.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 422 and "U+0000 at character 2" in r.json()["error"]["message"], r.text
    assert w.get("/api/documents/x").status_code == 404  # not indexed as "x" either


def test_body_over_the_limit_is_413(w):
    big = {"documents": [{"id": "big", "text": "واژه " * 20_000}]}  # about 200 KB; the limit is 64 KiB
    r = w.post("/api/documents", json=big, headers=AUTH)
    assert r.status_code == 413 and r.json()["error"]["parameter"] == "body"

    def chunks():  # no Content-Length: the limit holds while streaming too
        data = json.dumps(big).encode()
        for i in range(0, len(data), 8192):
            yield data[i:i + 8192]

    r = w.post("/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert w.get("/api/documents/big").status_code == 404


def test_auth_is_checked_before_the_body(w):
    r = w.post("/api/documents", content=b"garbage")
    assert r.status_code == 401


def test_search_errors_on_the_write_server_too(w):
    r = w.get("/api/search", params={"q": "x", "limit": 1000})
    assert r.status_code == 400 and r.json()["error"]["parameter"] == "limit"
    with pytest.raises(httpx.HTTPStatusError):
        r.raise_for_status()
