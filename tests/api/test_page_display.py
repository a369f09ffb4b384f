"""The Persian page in real headless Chromium (issue #17): URLs with Persian slugs keep their order, bidi controls
from documents do not reach titles and snippets, adjacent marks are one mark, notes and query mistakes are in
Persian (no English line), and a document's page marks the query's words."""

from __future__ import annotations

import re

import pytest
from apisupport import build_index, start_server
from test_browser import fa_page

RLO, PDF = "\u202e", "\u202c"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SLUG_URL = "https://news.example.ir/اخبار/خودروسازی-ایران/گزارش"
DOCS = [
    {"id": "car", "title": f"گزارش {RLO}ویژه{PDF} خودروسازی", "url": SLUG_URL,
     "text": f"خودروسازی ایران در سال گذشته رشد کرد. متن {RLO}معکوس{PDF} درباره زعفران و خودروسازی."},
    {"id": "saffron", "title": "زعفران قائن", "text": "زعفران قائن در پاییز برداشت می‌شود و زعفران گران است."},
]


@pytest.fixture(scope="module")
def display_server(tmp_path_factory):
    s = start_server(build_index(tmp_path_factory.mktemp("display") / "index", DOCS))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def page(display_server):
    yield from fa_page()


def x_of(page, selector: str, word: str) -> float:
    """The left edge, in pixels, of ``word`` as drawn inside the first element matching ``selector``."""
    return page.evaluate("""([sel, word]) => {
        const root = document.querySelector(sel);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const i = n.data.indexOf(word);
            if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + word.length);
                          return r.getBoundingClientRect().left; }
        }
        return null; }""", [selector, word])


def test_url_with_persian_slugs_keeps_its_order(page, display_server):
    page.goto(display_server.url + "/?q=خودروسازی")
    shown = page.locator(".hit .url").first
    assert shown.inner_text() == SLUG_URL
    # Left to right as written: host, then اخبار, then خودروسازی-ایران, then گزارش.
    xs = [x_of(page, ".hit .url", w) for w in ("news.example.ir", "اخبار", "خودروسازی-ایران", "گزارش")]
    assert xs == sorted(xs), xs
    page.locator(".hit a.title").first.click()
    page.wait_for_url(re.compile(r"/doc\?"))
    xs = [x_of(page, ".meta a", w) for w in ("news.example.ir", "اخبار", "خودروسازی-ایران", "گزارش")]
    assert xs == sorted(xs), xs


def test_bidi_controls_and_adjacent_marks(page, display_server):
    page.goto(display_server.url + "/?q=خودروسازی")
    hit = page.locator('.hit[data-id="car"]')
    assert hit.locator("a.title").inner_text() == "گزارش ویژه خودروسازی"
    assert not BIDI.search(hit.inner_text())
    marks = hit.locator("mark").all_inner_texts()
    assert marks and all(m == "خودروسازی" for m in marks), marks  # خودرو + سازی: one mark each time
    touching = page.evaluate("""[...document.querySelectorAll('.hit[data-id="car"] mark')]
        .filter(m => m.previousSibling && m.previousSibling.nodeName === 'MARK').length""")
    assert touching == 0  # no mark directly after another (no text node between them)


def test_document_page_marks_the_query_words(page, display_server):
    page.goto(display_server.url + "/?q=زعفران")
    page.locator('.hit[data-id="saffron"] a.title').click()
    page.wait_for_url(re.compile(r"/doc\?"))
    assert page.locator("#text mark").all_inner_texts() == ["زعفران", "زعفران"]
    assert page.locator("#document h1 mark").all_inner_texts() == ["زعفران"]
    assert page.locator("#text").inner_text() == DOCS[1]["text"]
    page.goto(display_server.url + "/doc?id=car&q=معکوس")
    assert page.locator("#text mark").all_inner_texts() == ["معکوس"]
    assert not BIDI.search(page.locator("#document").inner_text())


ENGLISH = re.compile(r"[A-Za-z]{3,}")


def persian_only(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English words of ``text`` other than ``allowed`` (field names, operators shown as code)."""
    return [w for w in ENGLISH.findall(text) if w not in allowed]


def test_notes_and_query_mistakes_are_in_persian(page, display_server):
    page.goto(display_server.url + "/?q=" + "زعفران و قائن")
    assert page.locator("#results").count() == 1 and page.locator("#notes").count() == 0  # و is not dropped
    for query, heading in (("foo:کتاب", "فیلد «foo:» شناخته نیست"),
                           ("title:(زعفران", "پرانتزی باز یا بسته نشده است")):
        page.goto(display_server.url + "/?q=" + query)
        problem = page.locator("#query-error").inner_text()
        assert heading in problem, problem
        assert persian_only(problem, ("foo", "title", "body", "text", "date", "AND", "OR", "NOT")) == [], problem
        assert page.locator("#query-error [lang=en]").count() == 0
    page.goto(display_server.url + "/?q=title:(زعفران")
    assert "جایگاه ۷" in page.locator("#query-error").inner_text()
    page.goto(display_server.url + "/?q=زعفران date:1403")
    notes = page.locator("#notes").inner_text()
    assert "تاریخ ندارد" in notes and persian_only(notes, ("date",)) == [], notes


def test_error_pages_have_no_english_line(page, display_server):
    resp = page.request.fetch(display_server.url + "/doc", method="DELETE")
    assert resp.status == 405 and resp.headers["allow"] == "GET"
    page.set_content(resp.text())
    assert persian_only(page.locator("#error").inner_text()) == []


@pytest.fixture(scope="module")
def dated_server(tmp_path_factory):
    docs = [{"id": "dated", "title": "انار ساوه", "date": "2003-02-05", "text": "انار ساوه در پاییز به بازار می‌آید."},
            {"id": "odd", "title": "زیتون رودبار", "date": "Q3 FY24", "text": "زیتون رودبار تلخ است."}]
    s = start_server(build_index(tmp_path_factory.mktemp("dated") / "index", docs))
    yield s
    s.stop()


def test_a_gregorian_date_beside_the_jalali_one_reads_left_to_right(page, dated_server):
    """After Persian letters the bidi algorithm reads 2003-02-05's digits as Arabic numbers, which a hyphen
    does not join: without isolation it is drawn 05-02-2003."""
    page.goto(dated_server.url + "/?q=انار")
    shown = page.locator(".hit .date").first
    assert "(2003-02-05)" in shown.inner_text()
    xs = [x_of(page, ".hit .date", part) for part in ("2003", "02", "05")]
    assert None not in xs and xs == sorted(xs), xs


def test_a_documents_page_shows_its_date_as_the_results_do(page, dated_server):
    """New user 19 #3: the results showed ``۱۶ بهمن ۱۳۸۱ (2003-02-05)`` and the document's page only
    ``2003-02-05``; both call :func:`kavosh.ingest.dates.shown_date`.  A date Kavosh does not read is shown
    as written on both."""
    page.goto(dated_server.url + "/?q=انار ساوه")
    listed = page.locator(".hit .date").first.inner_text()
    assert listed == "۱۶ بهمن ۱۳۸۱ (2003-02-05)"
    page.goto(dated_server.url + "/doc?id=dated&q=انار")
    assert page.locator(".meta dd.date").inner_text() == listed
    xs = [x_of(page, ".meta dd.date", part) for part in ("2003", "02", "05")]  # isolated left to right here too
    assert None not in xs and xs == sorted(xs), xs
    page.goto(dated_server.url + "/doc?id=odd")
    odd = page.locator(".meta dd.date")
    assert odd.inner_text() == "Q3 FY24" and odd.get_attribute("dir") == "ltr"
