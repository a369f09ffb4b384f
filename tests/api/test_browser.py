"""The real page in headless Chromium (Debian's, driven by Playwright): search, highlight, pages, documents.

Saves ``tests/artifacts/results-page.png`` (desktop) and ``results-page-mobile.png`` (phone).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from apisupport import XSS_ID, XSS_TEXT, XSS_TITLE

CHROMIUM = Path(os.environ.get("KAVOSH_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa_page():
    """A Persian-locale page (1280×900) in Debian's headless Chromium, for a module fixture to yield
    from; skips the test when Chromium or Playwright is absent."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) for browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR").new_page()
        pg.set_default_timeout(10_000)
        yield pg
        browser.close()


def fa(n: int) -> str:
    return str(n).translate(PERSIAN_DIGITS)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) for browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Recorder:
    """Every request a page makes, and every JavaScript dialog it opens."""

    def __init__(self, page):
        self.urls: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def foreign(self, base: str) -> list[str]:
        return [u for u in self.urls if not (u == base or u.startswith(base + "/"))]


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.rec = Recorder(pg)
    yield pg
    assert pg.rec.foreign(server.url) == [], "the page made requests outside the server"
    assert pg.rec.dialogs == [], "a script ran"
    context.close()


def search(page, base: str, query: str) -> None:
    page.goto(base + "/")
    box = page.locator("input[name=q]")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))


def test_search_highlight_page_and_open_a_document(page, server, api):
    expected = api.get("/api/search", params={"q": "تهران", "limit": 100}).json()
    search(page, server.url, "تهران")
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa" and html.get_attribute("dir") == "rtl"
    assert page.locator("input[name=q]").input_value() == "تهران"
    assert page.title().startswith("تهران")

    stats = page.locator("#stats").inner_text()
    assert f"{fa(expected['total'])} نتیجه" in stats and "میلی‌ثانیه" in stats and f"{fa(1)} تا {fa(10)}" in stats
    marks = page.locator("#results mark").all_inner_texts()
    assert len(marks) >= 10 and all("تهران" in m for m in marks), marks
    page1 = page.locator("#results > li").evaluate_all("els => els.map(e => e.dataset.id)")
    assert page1 == [h["id"] for h in expected["hits"][:10]]
    # The rendered snippet is exactly the API's segments, marks where match is true.
    first = page.locator("#results > li").first
    api_hit = expected["hits"][0]
    assert first.locator(".snippet").inner_text().split() == "".join(s["text"] for s in api_hit["snippet"]).split()
    assert first.locator(".snippet mark").all_inner_texts() == [s["text"] for s in api_hit["snippet"] if s["match"]]
    assert page.locator("#did-you-mean").inner_text() == ""  # the slot is there, empty without a rewrite

    # The font is our own Vazirmatn, loaded from this server.
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    page.evaluate("document.fonts.ready")
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert any(re.search(r"/static/fonts/vazirmatn-arabic-\d+-normal\.woff2$", u) for u in page.rec.urls)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "results-page.png"), full_page=True)

    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert f"{fa(11)} تا {fa(20)}" in page.locator("#stats").inner_text()
    page2 = page.locator("#results > li").evaluate_all("els => els.map(e => e.dataset.id)")
    assert len(page2) == 10 and not set(page2) & set(page1)
    assert page2 == [h["id"] for h in expected["hits"][10:20]]
    assert page.locator("nav.pager [aria-current=page]").inner_text() == fa(2)
    assert page.locator("input[name=q]").input_value() == "تهران"

    target = page2[0]
    page.locator("#results > li").first.locator("a.title").click()
    page.wait_for_url(re.compile(r"/doc\?"))
    doc = api.get(f"/api/documents/{target}").json()
    assert page.locator("#document").get_attribute("data-id") == target
    assert page.locator("#document h1").inner_text() == doc["title"]
    assert page.locator("#text").inner_text().split() == doc["text"].split()
    page.locator(".back a").click()  # back to the results of the same query
    page.wait_for_url(re.compile(r"\?q="))
    assert page.locator("input[name=q]").input_value() == "تهران"


def test_html_and_script_in_a_document_show_as_text(page, server):
    search(page, server.url, "امنیت")
    hit = page.locator(f'#results > li[data-id="{XSS_ID}"]')
    assert hit.count() == 1
    assert hit.locator("a.title").inner_text() == XSS_TITLE
    snippet = hit.locator(".snippet").inner_text()
    assert '<script>alert("xss")</script>' in snippet and "<img src=x onerror=alert(2)>" in snippet
    assert hit.locator("mark").all_inner_texts() == ["امنیت", "امنیت"]
    # Nothing from the document became an element: no script, img or b anywhere in the results.
    assert page.locator("#results script, #results img, #results b").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 0

    hit.locator("a.title").click()
    page.wait_for_url(re.compile(r"/doc\?"))
    assert page.locator("#document h1").inner_text() == XSS_TITLE
    assert page.locator("#text").inner_text() == XSS_TEXT
    assert page.locator("#document script, #document img, #document b").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 0


def test_misspelt_query_shows_the_correction_and_a_link_to_the_original(page, server):
    search(page, server.url, "طهران")
    slot = page.locator("#did-you-mean")
    assert "تهران" in slot.inner_text() and "طهران" in slot.inner_text()
    assert page.locator("#results li").count() == 10
    slot.get_by_role("link", name="طهران").click()  # search instead for the query as typed
    page.wait_for_url(re.compile(r"exact=1"))
    assert page.locator("#no-results").count() == 1 and page.locator("#did-you-mean").inner_text().strip() == ""


def test_no_results_gives_persian_help(page, server):
    search(page, server.url, "زززززز")
    help_box = page.locator("#no-results")
    assert "نتیجه‌ای پیدا نشد" in help_box.inner_text() and "املای" in help_box.inner_text()
    assert page.locator("#results").count() == 0 and page.locator("nav.pager").count() == 0


def test_bad_query_explains_instead_of_failing(page, server):
    search(page, server.url, "title:(تهران")
    assert "پرانتزی باز یا بسته نشده است" in page.locator("#query-error").inner_text()
    assert page.locator("input[name=q]").input_value() == "title:(تهران"


def test_a_lone_quote_is_searched_as_words_with_a_persian_note(page, server):
    search(page, server.url, '"تهران')
    assert page.locator("#query-error").count() == 0 and page.locator("#results li").count() > 0
    assert "در جایگاه ۱ بسته نشده بود و نادیده گرفته شد" in page.locator("#notes").inner_text()
    assert page.locator("input[name=q]").input_value() == '"تهران'


def test_phone_layout_fits_the_screen(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, java_script_enabled=False)
    page = context.new_page()
    rec = Recorder(page)
    page.goto(server.url + "/?q=" + "تهران")
    assert page.locator("#results > li").count() == 10
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    box = page.locator("input[name=q]").bounding_box()
    assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.evaluate("document.fonts.ready")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "results-page-mobile.png"))
    # The layout must not depend on the web font: the fallback font (while it loads) is wider.
    fallback = context.new_page()
    fallback.route("**/*.woff2", lambda route: route.abort())
    fallback.goto(server.url + "/?q=" + "تهران")
    assert fallback.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    fallback.close()
    # Without JavaScript the form still works: it is a plain GET form.
    page.locator("input[name=q]").fill("اصفهان")
    page.locator("header button[type=submit]").click()  # the box's, not the sort menu's
    page.wait_for_url(re.compile(r"q=%D8%A7%D8%B5%D9%81%D9%87%D8%A7%D9%86"))
    assert page.locator("#results > li").first.get_attribute("data-id") == "isf-1"
    assert rec.foreign(server.url) == []
    context.close()
