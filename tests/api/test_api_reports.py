"""The HTTP API against a real `kavosh serve` (issue #17): `--access-log` logs requests, 405 answers list every
allowed method, a body that is not UTF-8 gets a 400 naming the body, and the request limits are in the OpenAPI
schema and docs/http.md."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from apisupport import TOKEN, start_server

DOCS_MD = Path(__file__).resolve().parents[2] / "docs" / "http.md"


def test_access_log_logs_every_request(index_dir):
    server = start_server(index_dir, "--access-log")
    try:
        with server.client() as c:
            assert c.get("/api/search", params={"q": "تهران"}).status_code == 200
            assert c.get("/api/documents/no-such-id").status_code == 404
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "no-such-id" not in "".join(server.log):
            time.sleep(0.1)
    finally:
        server.stop()
    log = "".join(server.log)
    assert re.search(r'"GET /api/search\?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86 HTTP/1\.1" 200', log), log
    assert re.search(r'"GET /api/documents/no-such-id HTTP/1\.1" 404', log), log


def test_without_access_log_requests_are_not_logged(server, api):
    assert api.get("/api/search", params={"q": "اصفهان"}).status_code == 200
    time.sleep(0.5)
    assert "GET /api/search" not in "".join(server.log)


@pytest.mark.parametrize("method, path, allow", [
    ("PUT", "/api/documents/teh-01", "DELETE, GET"),
    ("POST", "/healthz", "GET, HEAD"),
    ("GET", "/api/documents", "POST"),
    ("POST", "/api/search", "GET"),
    ("PATCH", "/", "GET, HEAD"),
])
def test_405_lists_every_allowed_method(api, method, path, allow):
    r = api.request(method, path)
    assert r.status_code == 405
    assert r.headers["allow"] == allow
    for m in allow.split(", "):  # and each of them is really served
        assert api.request(m, path).status_code != 405, m
    if path.startswith(("/api", "/healthz")):
        assert r.json()["error"]["message"].endswith(f"; allowed: {allow}")


def test_body_that_is_not_utf8_gets_400_naming_the_body(write_server):
    with write_server.client() as c:
        r = c.post("/api/documents", content=b'{"documents": [{"id": "x", "text": "\xff\xfe"}]}',
                   headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"error": {"parameter": "body",
                                  "message": "the body is not UTF-8 text; send JSON encoded as UTF-8"}}


def test_limits_are_in_the_openapi_schema_and_the_docs(write_server):
    with write_server.client() as c:
        spec = c.get("/openapi.json").json()
    max_body = int(0.0625 * 1024 * 1024)  # the fixture's --max-body-mb
    add = spec["paths"]["/api/documents"]["post"]
    assert add["requestBody"]["x-max-bytes"] == max_body
    assert f"at most {max_body:,} bytes" in add["requestBody"]["description"]
    assert {"400", "413", "422"} <= set(add["responses"])
    limits = spec["info"]["description"]
    for words in ("at most 1,000 characters", "`limit` 1 to 100", "`offset` 0 to 100,000", "at most 200 characters",
                  "`limit` 1 to 50", f"at most {max_body:,} bytes", "1 to 10,000 documents",
                  "each id 1 to 512 characters", "other bytes get 400"):
        assert words in limits, words
    batch = spec["components"]["schemas"]["DocumentsIn"]["properties"]["documents"]
    assert (batch["minItems"], batch["maxItems"]) == (1, 10_000)
    docs = DOCS_MD.read_text(encoding="utf-8")
    assert "| 400 | the body is not UTF-8 text" in docs
    for words in ("## Limits", "| request body | `--max-body-mb`, default 10 MiB | 413 |",
                  "| documents per `POST /api/documents` | 1 to 10,000 | 422 |",
                  "| document id | 1 to 512 characters | 422 |"):
        assert words in docs, words

