"""Fields through a real `kavosh serve`: filters (query syntax and JSON), facets, sorting and errors over
HTTP, and the page's facet sidebar in real headless Chromium (counts in Persian digits, links that
narrow the results, the state in the URL, the back button)."""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import newsfields
import pytest
from fieldsupport import kavosh, needs_news

from kavosh.index.fields import normalize_keyword, parse_number
from kavosh.index.id_key import id_order

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apisupport import serving, start_server  # noqa: E402
from test_browser import ARGS, CHROMIUM, fa  # noqa: E402

pytestmark = needs_news
RECORDS = newsfields.records() if newsfields.NEWS.exists() else []


@pytest.fixture(scope="module")
def server(news_index):
    with serving(news_index) as s:
        yield s


@pytest.fixture()
def api(server):
    with server.client() as c:
        yield c


def test_filters_facets_and_sort_over_http(api):
    r = api.get("/api/search", params={"q": "استقلال tags:(فوتبال OR والیبال)", "collapse": 0, "limit": 1,
                                       "facets": "site,tags,long_read", "disjunctive": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    want = [x for x in RECORDS if {"فوتبال", "والیبال"} & set(x["tags"])
            and "استقلال" in (x["title"] + x["text"]).translate(str.maketrans("يك", "یک"))]
    facets = {f["field"]: f for f in body["facets"]}
    assert body["filters"] == ["tags:(فوتبال OR والیبال)"]
    assert {b["value"]: b["count"] for b in facets["site"]["buckets"]} == dict(Counter(x["site"] for x in want))
    assert sum(b["count"] for b in facets["long_read"]["buckets"]) == body["matched"]
    assert [b["value"] for b in facets["tags"]["buckets"] if b["selected"]] == ["فوتبال", "والیبال"]

    flt = {"site": "ورزش سه", "views": {"gte": 2000}, "not": {"tags": ["پرسپولیس"]}}
    r = api.get("/api/search", params={"q": "", "filter": json.dumps(flt, ensure_ascii=False), "collapse": 0,
                                       "limit": 5, "sort": "views:desc"})
    assert r.status_code == 200, r.text
    want = sorted((x for x in RECORDS if x["site"] == "ورزش سه" and parse_number(x["views"]) >= 2000
                   and "پرسپولیس" not in x["tags"]), key=lambda x: (-parse_number(x["views"]), id_order(x["id"])))
    assert r.json()["matched"] == len(want) and r.json()["sort"] == "views:desc"
    assert [h["id"] for h in r.json()["hits"]] == [x["id"] for x in want[:5]]


@pytest.mark.parametrize("params,parameter,message", [
    ({"q": "foo:کتاب"}, "q", "unknown field foo: at position 1; the known fields are title:, body:, text:, date:, "
                             "category:, site:, tags:, views:, published:, long_read:"),
    ({"q": "ایران", "facets": "category,abstract"}, "facets", "unknown field abstract"),
    ({"q": "ایران", "sort": "views:up"}, "sort", "sort views:up: the direction is asc or desc"),
    ({"q": "ایران", "filter": '{"views": "many"}'}, "filter", "views: 'many' is not a number"),
    ({"q": "ایران", "filter": '{"tags": {"gte": 3}}'}, "filter", "a range needs a number or date field"),
    ({"q": "ایران", "filter": "[1]"}, "filter", "filter must be a JSON object"),
    ({"q": "ایران", "filter": json.dumps({"tags": [str(i) for i in range(101)]})}, "filter",
     "101 alternatives; the limit is 100"),
])
def test_field_errors_are_400_naming_the_parameter(api, params, parameter, message):
    r = api.get("/api/search", params=params)
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["parameter"] == parameter and message in err["message"], err


@pytest.mark.parametrize("q,heading,particulars", [
    ("views:بسیار ایران", "این فیلتر اجرا نشد", "views:&gt;1000"),
    ("foo:کتاب", "شناخته نیست", '<code dir="ltr">long_read:</code>'),
])
def test_page_explains_field_errors_in_persian(api, q, heading, particulars):
    r = api.get("/", params={"q": q})
    assert r.status_code == 400
    section = r.text[r.text.index('<section class="problem" id="query-error"'):]
    section = section[:section.index("</section>")]
    assert heading in section and particulars in section, section
    assert "is not a number" not in section and "known fields" not in section  # English only in JSON and the CLI


def test_page_names_a_bad_filter_value_and_its_field_kind(api):
    # a new user: f=views:abc got a generic message whose examples named a field of another index
    r = api.get("/", params={"q": "ایران", "f": "views:abc"})
    assert r.status_code == 400
    section = _problem(r.text)
    assert 'این فیلتر اجرا نشد: <bdi dir="ltr">views:abc</bdi>' in section, section
    assert "از نوعِ عدد" in section and '<code dir="ltr">views:100..500</code>' in section, section
    assert "published:" not in section and "category:" not in section  # examples for the field at fault only
    assert 'id="clear-filters" href="/?q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86"' in section
    assert "is not a number" not in section
    # typed in the query, not in the URL: no advice about the URL
    section = _problem(api.get("/", params={"q": "ایران tags:>3"}).text)
    assert '<bdi dir="ltr">tags:&gt;3</bdi>' in section and "از نوعِ برچسب" in section, section
    assert "clear-filters" not in section and '<code dir="ltr">tags:مقدار</code>' in section


def _problem(html: str) -> str:
    section = html[html.index('<section class="problem" id="query-error"'):]
    return section[:section.index("</section>")]


def test_page_names_a_bad_sort_and_an_unknown_field_in_a_link(api):
    # a new user: sort=views:up was explained as a filter that does not fit its field
    r = api.get("/", params={"q": "ایران", "sort": "views:up"})
    assert r.status_code == 400
    section = _problem(r.text)
    assert 'ترتیبِ «<bdi dir="ltr">views:up</bdi>» شناخته نیست' in section and "فیلتر" not in section, section
    assert all(f'<code dir="ltr">{n}:desc</code>' in section for n in ("date", "views", "published")), section
    assert 'id="without-sort" href="/?q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86"' in section
    assert api.get("/", params={"q": "ایران", "sort": "site"}).status_code == 400  # a keyword field: no order
    # f=nosuch:x comes from a link or a hand-edited URL: quoting the typed query would not help
    r = api.get("/", params={"q": "ایران", "f": ["site:فارس", "nosuch:x"]})
    assert r.status_code == 400
    section = _problem(r.text)
    assert '«<bdi dir="ltr">nosuch:</bdi>» در نشانی این صفحه' in section and "گیومه" not in section, section
    assert '<code dir="ltr">long_read:</code>' in section and "<code dir=\"ltr\">f=</code>" in section
    assert 'id="clear-filters" href="/?q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86"' in section
    # the same unknown field typed in the query keeps the advice to quote it
    section = _problem(api.get("/", params={"q": "nosuch:x ایران", "f": "site:فارس"}).text)
    assert "گیومه" in section and "نشانی" not in section, section


def test_openapi_documents_the_field_parameters(api):
    spec = api.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"facets", "sort", "filter", "disjunctive"} <= set(params)
    assert "FacetOut" in spec["components"]["schemas"] and "BucketOut" in spec["components"]["schemas"]


def _all(api, q: str) -> tuple[int, list[str]]:
    """``(matched, ids)`` of ``q`` as typed, every copy, in date order (ties by id): independent of scores."""
    r = api.get("/api/search", params={"q": q, "exact": 1, "collapse": 0, "limit": 100, "sort": "date:desc"})
    assert r.status_code == 200, r.text
    return r.json()["matched"], [h["id"] for h in r.json()["hits"]]


def test_synonyms_both_ways_and_one_way_over_http(api, news_index):
    # without a synonym file: the alternatives written out by hand
    group = _all(api, 'آمریکا "ایالات متحده"')
    one_way = _all(api, "سرخپوشان پرسپولیس")
    persepolis = _all(api, "پرسپولیس")
    assert group[0] > _all(api, "آمریکا")[0] > 0 and one_way[0] > _all(api, "سرخپوشان")[0] > 0
    path = news_index / "synonyms.txt"
    path.write_text("ایالات متحده، آمریکا\nسرخپوشان => پرسپولیس\n", encoding="utf-8")
    try:  # the running server reads the file at the next search: no reindex, no restart
        assert _all(api, "آمریکا") == group  # one word of the group finds the other (a phrase) ...
        assert _all(api, '"ایالات متحده"') == group  # ... and the other way round
        assert _all(api, "سرخپوشان") == one_way  # one way: the word finds the rule's target ...
        assert _all(api, "پرسپولیس") == persepolis  # ... and the target does not find the word
        body = api.get("/api/search", params={"q": "آمریکا", "exact": 1, "collapse": 0, "limit": 100}).json()
        assert "synonyms: آمریکا → ایالات متحده" in body["notes"]
        fold = str.maketrans("\u064a\u0643\u0622", "\u06cc\u06a9\u0627")  # Arabic yeh and kaf; آ as ا
        full = {x["id"]: (x["title"] + " " + x["text"]).translate(fold) for x in RECORDS}
        only_us = [h for h in body["hits"] if "امریکا" not in full[h["id"]]]  # found by the synonym alone
        assert only_us and all("متحده" in " ".join(s["text"] for s in h["snippet"] if s["match"])
                               for h in only_us)  # the synonym's matches are marked
        page = api.get("/", params={"q": "آمریکا", "exact": 1}).text
        assert "«آمریکا» با هم‌معنی‌هایش هم جست‌وجو شد: ایالات متحده." in page
    finally:
        path.unlink()
    assert _all(api, "آمریکا")[0] < group[0]


def test_a_document_whose_field_does_not_fit_is_refused_whole(tmp_path, news_jsonl):
    ix = tmp_path / "ix"
    head = news_jsonl.read_text(encoding="utf-8").splitlines()[:20]
    (tmp_path / "head.jsonl").write_text("\n".join(head) + "\n", encoding="utf-8")
    kavosh("index", str(tmp_path / "head.jsonl"), "--index", str(ix), *newsfields.FIELDS, "-q")
    s = start_server(ix, "--token", "secret")
    try:
        with s.client() as c:
            auth = {"Authorization": "Bearer secret"}
            docs = [{"id": "ok", "title": "خبر", "text": "متن خبر", "fields": {"views": "۱۲۰۰"}},
                    {"id": "bad", "title": "خبر", "text": "متن خبر", "fields": {"views": "بسیار", "site": "فارس"}}]
            r = c.post("/api/documents", json={"documents": docs}, headers=auth)
            assert r.status_code == 422, r.text
            assert r.json()["error"] == {"parameter": "documents[1].fields.views", "message":
                                         "document 'bad': field views (number): 'بسیار' is not a number"}
            health = c.get("/healthz").json()
            assert health["documents"] == 20  # the whole batch was refused: nothing added, nothing lost
            r = c.post("/api/documents", json={"documents": docs[:1]}, headers=auth)
            assert r.status_code == 200 and c.get("/healthz").json()["documents"] == 21
            r = c.get("/api/search", params={"q": "", "filter": '{"views": {"gte": 1200, "lte": 1200}}'})
            assert "ok" in [h["id"] for h in r.json()["hits"]]
    finally:
        s.stop()
    assert "Traceback" not in "".join(s.log), "".join(s.log)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium for browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _sidebar(page) -> dict[str, list[tuple[str, str, bool]]]:
    """field → [(label, count text, selected)] as the page shows them."""
    out = {}
    for sec in page.locator("#facets section.facet").all():
        out[sec.get_attribute("data-field")] = [
            (li.locator(".facet-value").inner_text(), li.locator(".facet-count").inner_text(),
             "selected" in (li.get_attribute("class") or "")) for li in sec.locator("li").all()]
    return out


def test_sidebar_counts_narrowing_url_state_and_back(browser, server, api):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(server.url + "/?q=" + "استقلال")
        side = _sidebar(page)
        expected = api.get("/api/search", params={"q": "استقلال", "facets": "tags,site", "limit": 1}).json()
        want_tags = [(b["value"], fa(b["count"])) for b in expected["facets"][0]["buckets"]]
        untagged = expected["facets"][0]["missing"]["count"]
        assert untagged > 0  # the matches with no tag come last, «بدون مقدار»
        assert [(label, n) for label, n, _ in side["tags"]] == [*want_tags, ("بدون مقدار", fa(untagged))]
        assert all(re.fullmatch(r"[۰-۹٬]+", n) for _, n, _ in side["site"])
        assert page.locator("html").get_attribute("dir") == "rtl"
        box = page.locator("#facets").bounding_box()
        results = page.locator("#results").bounding_box()
        assert box["x"] > results["x"]  # the sidebar is on the right of the results (RTL)

        # choose a tag: the URL keeps it, the results narrow to the count the sidebar showed
        label, count_text = want_tags[1]
        page.locator("#facets section[data-field=tags] a", has_text=label).click()
        page.wait_for_url(re.compile(r"[?&]f="))
        state = parse_qs(urlparse(page.url).query)
        assert state["q"] == ["استقلال"] and state["f"] == [f"tags:{label}"]
        narrowed = api.get("/api/search", params={"q": f"استقلال tags:{label}", "limit": 1, "collapse": 0}).json()
        assert fa(narrowed["matched"]) == count_text
        assert [s for s in _sidebar(page)["tags"] if s[2]] == [(label, count_text, True)]
        ids = page.locator("#results > li").evaluate_all("els => els.map(e => e.dataset.id)")
        tagged = {x["id"] for x in RECORDS if label in {normalize_keyword(t) for t in x["tags"]}}
        assert ids and set(ids) <= tagged

        # a second value of the same field: alternatives (OR), counts stay disjunctive
        second = want_tags[2][0]
        page.locator("#facets section[data-field=tags] a", has_text=second).click()
        page.wait_for_url(re.compile(r"f=.*f="))
        assert parse_qs(urlparse(page.url).query)["f"] == [f"tags:{label}", f"tags:{second}"]
        both = api.get("/api/search", params={"q": f"استقلال tags:({label} OR {second})", "limit": 10}).json()
        # the page's page size: a collapsed total may be estimated from the page's window ("about")
        assert ("" if both["total_exact"] else "حدود ") + fa(both["total"]) in page.locator("#stats").inner_text()

        # a shared link opens the same state; back restores the previous one
        shared = context.new_page()
        shared.goto(page.url)
        assert _sidebar(shared) == _sidebar(page)
        shared.close()
        page.go_back()
        page.wait_for_url(re.compile(r"f=tags"))
        assert parse_qs(urlparse(page.url).query)["f"] == [f"tags:{label}"]
        assert [s[0] for s in _sidebar(page)["tags"] if s[2]] == [label]
        page.go_back()
        page.wait_for_url(lambda u: "f=" not in u)
        assert not any(s[2] for s in _sidebar(page)["tags"])

        # the selected value unselects itself
        page.goto(server.url + "/?" + "q=استقلال&f=" + f"tags:{label}")
        page.locator("#facets section[data-field=tags] li.selected a").click()
        page.wait_for_url(lambda u: "f=" not in u)
        page.screenshot(path=str(Path(__file__).resolve().parents[1] / "artifacts" / "facets-page.png"),
                        full_page=True)
    finally:
        context.close()


def test_sidebar_no_value_link_narrows_to_the_documents_without_one(browser, server, api):
    """A new user: the facets of «استقلال» counted 48 of 511 matches, the ~460 without a category nowhere, and
    they could not be chosen.  The sidebar's «بدون مقدار» shows their count, narrows to them (f=category:""),
    combines with a value of the field as an alternative, and unselects itself."""
    expected = api.get("/api/search", params={"q": "استقلال", "facets": "category", "limit": 1}).json()
    facet = expected["facets"][0]
    none = facet["missing"]["count"]
    assert none > 0 and sum(b["count"] for b in facet["buckets"]) + facet["other"] + none == expected["matched"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(server.url + "/?q=" + "استقلال")
        assert _sidebar(page)["category"][-1] == ("بدون مقدار", fa(none), False)
        assert page.locator("#facets section[data-field=category] li").last.get_attribute("class") == "missing"
        page.locator("#facets section[data-field=category] a", has_text="بدون مقدار").click()
        page.wait_for_url(re.compile(r"[?&]f="))
        assert parse_qs(urlparse(page.url).query)["f"] == ['category:""']
        assert _sidebar(page)["category"][-1] == ("بدون مقدار", fa(none), True)  # disjunctive: same count
        narrowed = api.get("/api/search", params={"q": 'استقلال category:""', "limit": 10}).json()
        assert narrowed["matched"] == none
        assert ("" if narrowed["total_exact"] else "حدود ") + fa(narrowed["total"]) in page.locator("#stats").inner_text()
        ids = page.locator("#results > li").evaluate_all("els => els.map(e => e.dataset.id)")
        assert ids and not {x["id"] for x in RECORDS if "category" in x} & set(ids)

        # a value of the same field too: either (category:(VALUE OR ""))
        value, count = facet["buckets"][0]["value"], facet["buckets"][0]["count"]
        page.locator("#facets section[data-field=category] a", has_text=value).click()
        page.wait_for_url(re.compile(r"f=.*f="))
        both = api.get("/api/search", params={"q": f'استقلال category:({value} OR "")', "limit": 1}).json()
        assert both["matched"] == none + count
        page.locator("#facets section[data-field=category] li.missing a").click()
        page.wait_for_url(lambda u: "%22%22" not in u)
        assert parse_qs(urlparse(page.url).query)["f"] == [f"category:{value}"]
    finally:
        context.close()


def test_missing_bucket_and_no_value_filter_over_http(api):
    r = api.get("/api/search", params={"q": "site:فارس", "facets": "category,views:0;1000", "limit": 1,
                                       "collapse": 0})
    assert r.status_code == 200, r.text
    body = r.json()
    fars = [x for x in RECORDS if x["site"] == "فارس"]
    cat, views = body["facets"]
    assert cat["missing"] == {"value": "", "count": sum("category" not in x for x in fars), "filter": 'category:""',
                              "selected": False, "from": None, "to": None}
    assert views["missing"]["count"] == 0
    assert [(b["value"], b["filter"]) for b in views["buckets"]] == [("0..<1000", "views:0..<1000"),
                                                                      ("1000..", "views:1000..")]
    for params in ({"q": 'site:فارس category:""'}, {"q": "site:فارس", "filter": '{"category": null}'}):
        got = api.get("/api/search", params={**params, "limit": 1, "collapse": 0})
        assert got.status_code == 200 and got.json()["matched"] == cat["missing"]["count"], got.text
    got = api.get("/api/search", params={"q": "site:فارس", "filter": '{"not": {"category": null}}', "limit": 1,
                                         "collapse": 0})
    assert got.json()["matched"] == len(fars) - cat["missing"]["count"]
    bad = api.get("/api/search", params={"q": "category:()"})
    assert bad.status_code == 400 and bad.json()["error"] == {
        "parameter": "q", "message": "'()' has no value (for documents with none: category:\"\")"}


def _headings(html: str) -> dict[str, str]:
    """field → the heading its sidebar section shows."""
    return dict(re.findall(r'<section class="facet" data-field="([^"]+)">\s*<h2[^>]*>([^<]*)</h2>', html))


def test_sidebar_headings_are_persian_for_known_fields(api):
    html = api.get("/", params={"q": "استقلال"}).text
    got = _headings(html)
    assert got == {"category": "دسته", "site": "سایت", "tags": "برچسب‌ها", "views": "بازدید",
                   "published": "تاریخ انتشار", "long_read": "مطلب بلند"}, got
    assert 'title="category">دسته</h2>' in html  # the declared name stays at hand


def test_sidebar_heading_of_another_field_is_its_declared_name(tmp_path):
    path = tmp_path / "index"
    import kavosh as engine

    with engine.Index(path, create=True, fields={"isbn": "keyword", "ژانر": "keyword", "source": "keyword"}) as ix:
        ix.add([{"id": "1", "title": "کتاب", "text": "کتاب داستان", "isbn": "978", "ژانر": "رمان",
                 "source": "کتابخانه"}])
        ix.commit()
    with serving(path) as s, s.client() as c:
        got = _headings(c.get("/", params={"q": "کتاب"}).text)
    assert got == {"isbn": "isbn", "ژانر": "ژانر", "source": "منبع"}, got


def test_phone_shows_the_results_before_the_facet_sidebar(browser, server):
    # A new user's 360 px phone: with the sidebar first, the first result began ~1,450 px down.
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, java_script_enabled=False, locale="fa-IR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(server.url + "/?q=" + "استقلال")
        assert page.locator("#facets section.facet").count() >= 5
        first = page.locator("#results > li").first.bounding_box()
        facets = page.locator("#facets").bounding_box()
        assert first["y"] + first["height"] <= facets["y"], (first, facets)
        assert first["y"] < 740  # the first result is on the first screen
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        page.screenshot(path=str(Path(__file__).resolve().parents[1] / "artifacts" / "facets-page-mobile.png"))
        # the link above the results leads to the filters, and a filter link still works from there
        jump = page.locator("#facets-jump a")
        assert jump.is_visible() and jump.get_attribute("href") == "#facets"
        assert jump.bounding_box()["y"] < first["y"]
        page.locator("#facets section[data-field=site] a").first.click()
        page.wait_for_url(re.compile(r"[?&]f=site"))
        assert "۱ پالایهٔ برگزیده" in page.locator("#facets-jump").inner_text()
        first = page.locator("#results > li").first.bounding_box()
        assert first["y"] + first["height"] <= page.locator("#facets").bounding_box()["y"]
    finally:
        context.close()
    # on a desktop the link is hidden and the sidebar sits on the right, beside the results
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = context.new_page()
    try:
        page.goto(server.url + "/?q=" + "استقلال")
        assert not page.locator("#facets-jump").is_visible()
        facets, results = page.locator("#facets").bounding_box(), page.locator("#results").bounding_box()
        assert facets["x"] >= results["x"] + results["width"] and facets["y"] < results["y"] + results["height"]
    finally:
        context.close()


def test_sort_menu_orders_the_results_and_a_new_search_keeps_filters_and_order(browser, server, api):
    """A new user: the page had no way to sort, and a search typed in the box dropped the URL's ``sort`` and
    ``f``.  The sort menu (no script: a form) lists relevance, the document's date when one has it, and each
    number or date field both ways; the box keeps the filters and the order for the next query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR",
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(server.url + "/?q=استقلال&f=tags:فوتبال")
        menu = page.locator("#sort select option")
        assert menu.evaluate_all("os => os.map(o => [o.value, o.textContent, o.selected])") == [
            ["relevance", "مرتبط‌ترین", True],  # no document's own date (each has `published`): no «تازه‌ترین»
            ["views:desc", "بازدید: بیشترین", False], ["views:asc", "بازدید: کمترین", False],
            ["published:desc", "تاریخ انتشار: تازه‌ترین", False], ["published:asc", "تاریخ انتشار: قدیمی‌ترین", False]]
        page.locator("#sort select").select_option("views:desc")
        page.locator("#sort button").click()
        page.wait_for_url(re.compile(r"sort=views"))
        state = parse_qs(urlparse(page.url).query)
        assert (state["q"], state["f"], state["sort"]) == (["استقلال"], ["tags:فوتبال"], ["views:desc"])
        ids = page.locator("#results > li").evaluate_all("els => els.map(e => e.dataset.id)")
        want = api.get("/api/search", params={"q": "استقلال tags:فوتبال", "sort": "views:desc", "limit": 10}).json()
        assert ids == [h["id"] for h in want["hits"]] and len(ids) > 1
        # a new query from the box: the filter and the order stay (the sidebar still removes the filter)
        page.locator("input[name=q]").fill("پرسپولیس")
        page.locator("header button[type=submit]").click()
        page.wait_for_url(re.compile(r"q=%D9%BE"))
        state = parse_qs(urlparse(page.url).query)
        assert (state["q"], state["f"], state["sort"]) == (["پرسپولیس"], ["tags:فوتبال"], ["views:desc"])
        assert page.locator("#sort select").input_value() == "views:desc"
        assert [s[0] for s in _sidebar(page)["tags"] if s[2]] == ["فوتبال"]
    finally:
        context.close()


def test_sort_menu_selects_the_order_however_the_url_spells_it(api):
    html = api.get("/", params={"q": "استقلال", "sort": "-views"}).text
    assert re.search(r'<option value="views:desc" selected>', html), html[:2000]
    html = api.get("/", params={"q": "استقلال"}).text
    assert '<option value="relevance" selected>' in html
    assert html.count('name="sort"') == 1 and html.count('name="q"') == 1  # the menu belongs to the box's form


def test_sort_menu_offers_the_date_only_when_a_document_has_one(tmp_path):
    """A new user: «تازه‌ترین» and «قدیمی‌ترین» were offered over an index of undated files, and sorting by them
    changed nothing.  With no dated document the menu holds no date sort (unless the URL asks for it: then it
    stays, selected); the news index, whose documents are dated, still offers it (the other tests)."""
    path = tmp_path / "index"
    import kavosh as engine

    with engine.Index(path, create=True, fields={"views": "number"}) as ix:
        ix.add([{"id": "1", "title": "کتاب", "text": "کتاب داستان", "views": 5},
                {"id": "2", "title": "کتاب دوم", "text": "کتاب شعر", "views": 9}])
        ix.commit()
    with serving(path) as s, s.client() as c:
        options = re.findall(r'<option value="([^"]+)"', c.get("/", params={"q": "کتاب"}).text)
        assert options == ["relevance", "views:desc", "views:asc"], options
        asked = c.get("/", params={"q": "کتاب", "sort": "date:desc"}).text
        assert '<option value="date:desc" selected>' in asked
        with engine.Index(path) as ix:  # one dated document: the date sorts come back (a new commit is counted)
            ix.add([{"id": "3", "title": "کتاب سوم", "text": "کتاب تاریخ", "views": 1, "date": "2024-01-05"}])
            ix.commit()
        for _ in range(50):
            options = re.findall(r'<option value="([^"]+)"', c.get("/", params={"q": "کتاب"}).text)
            if "date:desc" in options:
                break
            time.sleep(0.1)
        assert options == ["relevance", "date:desc", "date:asc", "views:desc", "views:asc"], options
