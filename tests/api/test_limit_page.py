"""A query over a limit, on the web page (a new user's finding): the page said only «این درخواست از مرزهای
جست‌وجو فراتر می‌رود. بیشترین مقدار مجاز ۱۶ است.», not what was over, while ``kavosh search`` and the JSON API
name it (``the phrase «…» has 40 terms; the limit is 16 (phrase_terms)``); and the phrase was quoted cut inside
a word (``«کتاب خوب … کتاب خوب کتا…»``).  Each limit is now named in Persian with its value, its maximum and the
phrase or word quoted up to a whole word (``query/limits.py`` ``excerpt``), in real headless Chromium, beside the
JSON API's answer for the same query."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from apisupport import build_index, start_server
from test_browser import fa, fa_page
from test_page_display import persian_only

from kavosh.query.limits import LIMITS, excerpt

DOCS = [{"id": "b1", "title": "کتاب خوب", "text": "کتاب خوب را باید خواند. کتاب خوب دوست است."}]
PHRASE = '"' + " ".join(["کتاب خوب"] * 20) + '"'
CASES = [  # query, the limit, its value, what the page says of it
    (PHRASE, "phrase_terms", 40, "عبارت بیش از اندازه بلند است"),
    ("ب" * 70, "word_chars", 70, "واژه‌ای بیش از اندازه بلند است"),
    ("الف* ب* پ* ت* ث*", "prefixes", 5, "واژه‌های پیشوندی بیش از اندازه‌اند"),
    ("(" * 33 + "کتاب" + ")" * 33, "depth", 33, "پرانتزها بیش از اندازه تو در تو هستند"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_server(build_index(tmp_path_factory.mktemp("limit-page") / "index", DOCS))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def page(server):
    yield from fa_page()


@pytest.mark.parametrize("query, limit, value, heading", CASES)
def test_the_page_names_the_limit_the_api_names(page, server, query, limit, value, heading):
    api = httpx.get(server.url + "/api/search", params={"q": query}, timeout=30)
    assert api.status_code == 400
    assert api.json()["error"]["limit"] == {"name": limit, "maximum": getattr(LIMITS, limit), "value": value}
    page.goto(server.url + "/?q=" + quote(query))
    problem = page.locator("#query-error")
    assert problem.locator("h2").inner_text() == heading
    assert problem.locator("h2").get_attribute("data-limit") == limit
    text = problem.inner_text()
    assert fa(value) in text and fa(getattr(LIMITS, limit)) in text, text  # what is over, and by how much
    assert persian_only(text) == [], text


def test_the_phrase_is_quoted_up_to_a_whole_word(page, server):
    page.goto(server.url + "/?q=" + quote(PHRASE))
    quoted = page.locator("#query-error bdi").first.inner_text()
    assert quoted == " ".join(["کتاب خوب"] * 4) + "…"  # was «کتاب خوب … کتاب خوب کتا…»
    api = httpx.get(server.url + "/api/search", params={"q": PHRASE}, timeout=30).json()
    assert api["error"]["message"] == ("the phrase «" + quoted + "» has 40 terms; the limit is 16 (phrase_terms)")


@pytest.mark.parametrize("text, limit, shown", [
    ("کتاب خوب " * 10, 40, " ".join(["کتاب خوب"] * 4) + "…"),  # the cut inside کتاب: back to the space
    (" ".join(["کتاب"] * 20), 40, " ".join(["کتاب"] * 8) + "…"),  # the cut at a word's end: kept
    ("کتاب  ملی", 40, "کتاب ملی"),  # short: whole, white space made one
    ("ب" * 70, 20, "ب" * 19 + "…"),  # one long word: cut inside it
    ("ب" * 40, 40, "ب" * 40),  # exactly at the limit: no …
])
def test_excerpt(text, limit, shown):
    assert excerpt(text, limit) == shown
