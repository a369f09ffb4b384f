"""What a new user met on the page (issue #17, the try of 2026-12-03), in real headless Chromium: a crawled or
archived page's percent-encoded Persian URL is shown as its letters (left to right as written), `title:` with
nothing after it and an operator at the end of the query are told in Persian; a result's web URL is a link
(2026-12-04), any other URL (``javascript:``…) text."""

from __future__ import annotations

import pytest
from apisupport import build_index, start_server
from test_browser import fa_page
from test_page_display import persian_only, x_of

ENCODED = "https://www.example.ir/news/%D9%BE%D8%B3%D8%AA%D9%87/%D8%B1%D9%81%D8%B3%D9%86%D8%AC%D8%A7%D9%86?a=1%202"
SHOWN = "https://www.example.ir/news/پسته/رفسنجان?a=1%202"
DOCS = [{"id": ENCODED, "url": ENCODED, "title": "صادرات پسته رفسنجان",
         "text": "صادرات پسته رفسنجان در نیمه نخست سال رشد چشمگیری داشته است."}]
# F12 (2026-12-04): a result's URL was plain text on the results page; a link now, for web URLs only
LINKED = {"https://www.example.ir/a?x=1&y=2": "l1", "HTTP://Example.ir/b": "l2"}
UNLINKED = {"javascript:alert(1)": "u1", " JavaScript:alert(2)": "u2", "data:text/html,<script>alert(3)</script>": "u3",
            "file:///etc/passwd": "u4", "https:alert(4)": "u5", "vbscript:msgbox(5)": "u6"}
DOCS += [{"id": i, "url": u, "title": "گزارش انگور", "text": f"گزارش انگور شماره {i}"}
         for u, i in [*LINKED.items(), *UNLINKED.items()]]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_server(build_index(tmp_path_factory.mktemp("new-user-page") / "index", DOCS))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def page(server):
    yield from fa_page()


def test_a_percent_encoded_persian_url_is_shown_as_its_letters_and_linked_as_stored(page, server):
    page.goto(server.url + "/?q=پسته")
    shown = page.locator(".hit .url").first
    assert shown.inner_text() == SHOWN  # was %D9%BE%D8%B3%D8%AA%D9%87…
    xs = [x_of(page, ".hit .url", w) for w in ("example.ir", "پسته", "رفسنجان", "1%202")]
    assert None not in xs and xs == sorted(xs), xs
    page.locator(".hit a.title").first.click()
    page.wait_for_url("**/doc?**")
    link = page.locator(".meta a").first
    assert link.inner_text() == SHOWN and link.get_attribute("href") == ENCODED


def test_a_field_with_no_value_and_a_trailing_operator_are_told_in_persian(page, server):
    page.goto(server.url + "/?q=پسته title:")
    problem = page.locator("#query-error").inner_text()
    assert "پس از «title:» چیزی نیامده است" in problem, problem
    assert persian_only(problem, ("title",)) == [], problem
    page.goto(server.url + "/?q=پسته NOT")
    assert page.locator(".hit").count() == 1
    notes = page.locator("#notes").inner_text()
    assert "NOT در پایان پرس‌وجو به چیزی نمی‌خورد" in notes and persian_only(notes, ("NOT",)) == [], notes


def test_a_results_web_url_is_a_link_and_no_other_url_is(page, server):
    page.goto(server.url + "/?q=انگور&limit=20")
    hits = page.locator(".hit")
    assert hits.count() == len(LINKED) + len(UNLINKED)
    links = {hits.nth(i).get_attribute("data-id"): hits.nth(i).locator("a.url") for i in range(hits.count())}
    for url, doc in LINKED.items():
        assert links[doc].count() == 1 and links[doc].get_attribute("href") == url, doc
        assert links[doc].get_attribute("rel") == "noopener noreferrer nofollow"
    for url, doc in UNLINKED.items():
        assert links[doc].count() == 0, doc
        shown = page.locator(f'.hit[data-id="{doc}"] span.url')
        assert shown.count() == 1 and shown.inner_text() == url.strip(), (doc, shown.inner_text())
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert not [h for h in hrefs if not h.startswith(("http://", "https://"))], hrefs
    page.goto(server.url + "/doc?id=u1")  # the document's own page shows it as text too
    assert page.locator(".meta a").count() == 0 and "javascript:alert(1)" in page.locator(".meta").inner_text()
