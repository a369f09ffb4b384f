"""The read-only HTTP API against a real `kavosh serve`: search, documents, errors, schema, docs page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from apisupport import SLASH_ID, XSS_ID, XSS_TITLE

from kavosh.query.parse import MAX_QUERY_CHARS
from kavosh.query.plan import LIMITS

HIT_KEYS = {"rank", "id", "title", "url", "date", "score", "title_segments", "snippet", "fields"}


def test_robots_txt_keeps_crawlers_off_the_result_and_document_pages(api):
    from protego import Protego  # the RFC 9309 parser `kavosh crawl` reads robots.txt with

    r = api.get("/robots.txt")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    rules = Protego.parse(r.text)
    allowed = {path: rules.can_fetch("http://127.0.0.1" + path, "kavosh")
               for path in ["/", "/?q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86&page=2", "/doc?id=x", "/api/search?q=x",
                            "/healthz"]}
    assert allowed == {"/": True, "/?q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86&page=2": False, "/doc?id=x": False,
                       "/api/search?q=x": False, "/healthz": True}


def test_healthz(api):
    r = api.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["documents"] == 27 and body["writes_enabled"] is False


def test_search_gives_totals_time_and_highlighted_hits(api):
    r = api.get("/api/search", params={"q": "تهران"})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "تهران" and body["rewritten"] is None and isinstance(body["notes"], list)
    assert body["total"] == 23 and body["offset"] == 0 and body["limit"] == 10
    assert isinstance(body["took_ms"], float) and body["took_ms"] >= 0
    assert len(body["hits"]) == 10
    for rank, hit in enumerate(body["hits"], 1):
        assert set(hit) >= HIT_KEYS and hit["rank"] == rank and hit["id"].startswith("teh-")
        matched = [s["text"] for s in hit["snippet"] + hit["title_segments"] if s["match"]]
        assert matched and all("تهران" in m for m in matched)
        assert "".join(s["text"] for s in hit["title_segments"]) == hit["title"]
    assert [h["score"] for h in body["hits"]] == sorted((h["score"] for h in body["hits"]), reverse=True)


def test_search_rewrites_a_wrong_keyboard_layout_unless_exact(api):
    body = api.get("/api/search", params={"q": "jivhk"}).json()
    assert (body["query"], body["rewritten"], body["suggestion"], body["total"]) == ("jivhk", "تهران", None, 23)
    body = api.get("/api/search", params={"q": "jivhk", "exact": 1}).json()
    assert (body["rewritten"], body["total"]) == (None, 0)
    page = api.get("/", params={"q": "jivhk"}).text
    assert "<bdi>تهران</bdi>" in page and "exact=1" in page


def test_search_rewrites_finglish_unless_exact(api):
    body = api.get("/api/search", params={"q": "tehran"}).json()
    assert (body["query"], body["rewritten"], body["rewrite_kind"]) == ("tehran", "تهران", "finglish")
    assert body["total"] == 23
    body = api.get("/api/search", params={"q": "tehran", "exact": 1}).json()
    assert (body["rewritten"], body["total"]) == (None, 0)
    page = api.get("/", params={"q": "tehran"}).text
    assert "<bdi>تهران</bdi>" in page and "/?q=tehran&amp;exact=1" in page


def test_search_runs_the_spelling_correction_when_the_query_finds_nothing(api):
    body = api.get("/api/search", params={"q": "طهران"}).json()  # ط for ت: no document has طهران
    assert (body["query"], body["rewritten"], body["suggestion"], body["total"]) == ("طهران", "تهران", None, 23)
    assert all("تهران" in h["title"] for h in body["hits"])
    body = api.get("/api/search", params={"q": "طهران", "exact": 1}).json()
    assert (body["rewritten"], body["suggestion"], body["total"]) == (None, None, 0)
    page = api.get("/", params={"q": "طهران"}).text
    assert "<bdi>تهران</bdi>" in page and "<bdi>طهران</bdi>" in page and "exact=1" in page


def test_suggest_completes_words_and_titles(api):
    body = api.get("/api/suggest", params={"q": "تهر", "limit": 3}).json()
    assert body["query"] == "تهر"
    assert body["completions"][0] == {"text": "تهران", "kind": "word", "count": body["completions"][0]["count"]}
    assert body["completions"][0]["count"] > 23 and len(body["completions"]) <= 3
    assert api.get("/api/suggest", params={"q": "میدان نق"}).json()["completions"] == [
        {"text": "میدان نقش جهان اصفهان", "kind": "title", "count": 1},
        {"text": "میدان نقش", "kind": "phrase", "count": 1}]  # one document holds the phrase
    r = api.get("/api/suggest", params={"q": "ته", "limit": 0})
    assert r.status_code == 400 and r.json()["error"]["parameter"] == "limit"
    # an empty prefix is a 400 naming q, as an empty search is; a prefix ending in a space has no completions
    for q in ("", "  "):
        r = api.get("/api/suggest", params={"q": q})
        assert r.status_code == 400 and r.json()["error"]["parameter"] == "q", r.text
        assert "empty" in r.json()["error"]["message"]
    assert api.get("/api/suggest", params={"q": "تهران "}).json()["completions"] == []
    r = api.get("/api/suggest", params={"q": "ته", "limt": 3})
    assert r.status_code == 400 and r.json()["error"] == {
        "parameter": "limt", "message": "unknown parameter 'limt' (did you mean limit?); the known parameters are "
                                        "q, limit"}


def test_the_pages_ignore_parameters_they_do_not_know(api):
    # the page is reached by links and hand-edited URLs; only the JSON API is strict about names
    r = api.get("/", params={"q": "تهران", "utm_source": "x"})
    assert r.status_code == 200 and 'id="results"' in r.text
    assert api.get("/healthz", params={"verbose": 1}).status_code == 400  # a JSON endpoint: strict


def test_search_pages_do_not_overlap(api):
    ids = []
    for offset in (0, 10, 20):
        body = api.get("/api/search", params={"q": "تهران", "offset": offset}).json()
        ids.append([h["id"] for h in body["hits"]])
        assert [h["rank"] for h in body["hits"]] == list(range(offset + 1, offset + 1 + len(body["hits"])))
    assert [len(x) for x in ids] == [10, 10, 3]
    assert len({i for page in ids for i in page}) == 23


def test_search_never_requires_a_stopword(api):
    body = api.get("/api/search", params={"q": "در تهران"}).json()
    assert body["total"] == api.get("/api/search", params={"q": "تهران"}).json()["total"] == 23


def test_search_past_the_end_is_empty_not_an_error(api):
    body = api.get("/api/search", params={"q": "تهران", "offset": 100}).json()
    assert body["total"] == 23 and body["hits"] == []


@pytest.mark.parametrize("params, parameter, words", [
    ({}, "q", "required"),
    ({"q": ""}, "q", "empty"),
    ({"q": "   "}, "q", "empty"),
    ({"q": "؟!،"}, "q", "the query «؟!،» has no word to search for, only punctuation, operators or marks"),
    ({"q": "ا" * (MAX_QUERY_CHARS + 1)}, "q", str(MAX_QUERY_CHARS)),
    ({"q": "تهران", "offset": -1}, "offset", "at least 0"),
    ({"q": "تهران", "offset": LIMITS.offset + 1}, "offset", f"at most {LIMITS.offset}"),
    ({"q": "تهران", "limit": 101}, "limit", "at most 100"),
    ({"q": "تهران", "limit": 0}, "limit", "at least 1"),
    ({"q": "تهران", "limit": "ten"}, "limit", "integer"),
    ({"q": "تهران", "exact": 2}, "exact", "got '2'"),
    ({"q": "تهران", "disjunctive": "maybe"}, "disjunctive", "got 'maybe'"),
    ({"q": "تهران", "collapse": "ja"}, "collapse", "must be 1 or 0"),
    ({"q": "تهران", "limt": 5}, "limt", "unknown parameter 'limt' (did you mean limit?)"),
    ({"q": "تهران", "unknown": 1}, "unknown", "the known parameters are q, limit, offset, exact, date_from"),
    ({"q": "تهران", "limt": "ten"}, "limt", "unknown parameter"),  # the name is wrong before the value
    ([("q", "تهران"), ("q", "شیراز")], "q", "q is given 2 times; give it once"),  # it ran شیراز alone
    ([("q", "تهران"), ("limit", "5"), ("limit", "6")], "limit", "limit is given 2 times"),
])
def test_search_errors_are_400_json_naming_the_parameter(api, params, parameter, words):
    r = api.get("/api/search", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert set(err) == {"parameter", "message"}
    assert err["parameter"] == parameter
    assert words in err["message"], err["message"]
    assert "Traceback" not in r.text


def test_get_document_returns_full_text(api):
    r = api.get(f"/api/documents/{XSS_ID}")
    assert r.status_code == 200
    assert r.json() == {"id": XSS_ID, "title": XSS_TITLE, "text": r.json()["text"], "url": "", "date": "",
                        "fields": {}}
    assert "<script>alert(\"xss\")</script>" in r.json()["text"]


def test_get_document_with_slashes_and_dots_in_its_id(api):
    r = api.get("/api/documents/" + quote(SLASH_ID, safe=""))
    assert r.status_code == 200 and r.json()["id"] == SLASH_ID


def test_unknown_document_is_404_json(api):
    r = api.get("/api/documents/no-such-doc")
    assert r.status_code == 404
    assert r.json() == {"error": {"parameter": "id", "message": "no document with id 'no-such-doc'"}}


@pytest.mark.parametrize("method, path, status", [("GET", "/api/nothing", 404), ("POST", "/api/search", 405),
                                                  ("PUT", "/api/documents/x", 405)])
def test_unknown_endpoints_answer_json(api, method, path, status):
    r = api.request(method, path)
    assert r.status_code == status
    assert r.json()["error"]["parameter"] is None and r.json()["error"]["message"]


def test_unknown_page_is_a_persian_html_404(api):
    r = api.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert 'lang="fa" dir="rtl"' in r.text and "پیدا نشد" in r.text


def test_openapi_schema_documents_endpoints_and_error_shape(api):
    spec = api.get("/openapi.json").json()
    assert {"/api/search", "/api/documents/{doc_id}", "/api/documents", "/healthz"} <= set(spec["paths"])
    search = spec["paths"]["/api/search"]["get"]
    assert {p["name"] for p in search["parameters"]} == {"q", "limit", "offset", "exact", "date_from", "date_to",
                                                       "collapse", "group", "mode", "facets", "disjunctive", "sort",
                                                       "filter"}
    assert search["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert "422" not in search["responses"]
    post = spec["paths"]["/api/documents"]["post"]
    assert {"401", "403", "413", "422"} <= set(post["responses"]) and post["security"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_docs_page_is_self_contained(api):
    r = api.get("/docs")
    assert r.status_code == 200
    assert "/api/search" in r.text and "ErrorOut" in r.text and "/openapi.json" in r.text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', r.text), "the docs page must load nothing from elsewhere"


def test_security_headers(api):
    r = api.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_static_font_and_licence_are_served(api):
    css = api.get("/static/style.css")
    assert css.status_code == 200
    fonts = re.findall(r'url\("(fonts/[^"]+\.woff2)"\)', css.text)
    assert len(fonts) == 4
    for f in fonts:
        r = api.get("/static/" + f)
        assert r.status_code == 200 and r.content[:4] == b"wOF2"
    assert "SIL Open Font License" in api.get("/static/fonts/OFL.txt").text


@pytest.mark.parametrize("q, words", [
    ("؟!", "واژه‌ای ندارد"),
    ("-تهران", "کنار گذاشته نشده باشد"),
    ("تهران date:1403-13", "تاریخ این پرس‌وجو خوانده نشد"),
    ("AND", "نگارش پرس‌وجو را بررسی کنید"),
    ("ا" * (MAX_QUERY_CHARS + 1), "بیش از اندازه بلند"),
])
def test_page_explains_query_problems_in_persian(api, q, words):
    r = api.get("/", params={"q": q})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert words in r.text and 'id="query-error"' in r.text and "Traceback" not in r.text


def test_a_lone_quote_is_searched_as_words_with_a_note(api):
    # a pasted sentence with one quote mark: searched, not refused (new user 2026-12-04d)
    body, plain = (api.get("/api/search", params={"q": q}).json() for q in ('"تهران', "تهران"))
    assert body["notes"] == ['the " at position 1 is never closed: it was ignored']
    assert body["total"] == plain["total"] > 0 and [h["id"] for h in body["hits"]] == [h["id"] for h in plain["hits"]]
    r = api.get("/", params={"q": '"تهران'})
    assert r.status_code == 200 and 'id="query-error"' not in r.text and "نادیده گرفته شد" in r.text


def test_a_query_of_stopwords_alone_answers(api):
    r = api.get("/", params={"q": "در از"})  # refused before every word was indexed (issue #14 kind 0)
    assert r.status_code == 200 and 'id="query-error"' not in r.text
    body = api.get("/api/search", params={"q": "در از"}).json()
    assert 0 < body["total"] <= api.get("/api/search", params={"q": "در"}).json()["total"]


def test_page_tolerates_odd_page_numbers(api):
    for page in ("abc", "-3", "0", "99999999999"):
        r = api.get("/", params={"q": "تهران", "page": page})
        assert r.status_code == 200
    assert "نتیجهٔ دیگری نیست" in api.get("/", params={"q": "تهران", "page": 50}).text


def test_openapi_schema_builds_without_warnings(tmp_path):
    """Every route has its own operation id (``/healthz`` answers GET and HEAD: one operation)."""
    import warnings

    import kavosh
    from kavosh.api.app import create_app
    from kavosh.api.service import IndexService

    kavosh.Index(tmp_path / "index").close()
    app = create_app(IndexService(tmp_path / "index"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = app.openapi()
    assert list(spec["paths"]["/healthz"]) == ["get"]
