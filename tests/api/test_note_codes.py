"""Every note the search gives (the JSON ``notes``, the CLI) reaches the web page in Persian.

A new user's finding (page21): ``/?q=نوکیا`` showed only «یادداشتی دربارهٔ این جست‌وجو هست.» while the API said
``including results for «nokia» (the same word in the other script); search only for «نوکیا» as typed with
exact``: the code ``script_included`` had no Persian sentence.  The codes are read here from the source (every
``Note(text, "code", detail=...)`` in ``src/kavosh``), so a new note without a Persian sentence fails this test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import httpx
import kavosh
import pytest
from kavosh.api.pages import FACET_NOTES, PERSIAN_NOTE_VARIANTS, PERSIAN_NOTES, fa_note
from kavosh.query.parse import Note

from apisupport import build_index, serving
from test_browser import fa_page

SRC = Path(kavosh.__file__).parent
FALLBACK = "یادداشتی دربارهٔ این جست‌وجو هست."


def note_calls() -> list[tuple[str, str, frozenset[str]]]:
    """``(where, code, detail names)`` of every ``Note(...)`` made with a literal code in the package."""
    calls = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Note" and len(node.args) > 1 \
                    and isinstance(node.args[1], ast.Constant):
                calls.append((f"{path.relative_to(SRC)}:{node.lineno}", node.args[1].value,
                              frozenset(k.arg for k in node.keywords)))
    return calls


def test_the_source_is_read():
    codes = {code for _w, code, _d in note_calls()}
    assert {"script_included", "spelling_included", "latin_unheld", "missing_shards", "vectors_outdated",
            "facets_count_copies", "synonyms"} <= codes and len(codes) >= 19, codes


def test_every_note_code_has_a_persian_sentence_with_its_details():
    for where, code, details in note_calls():
        assert code in PERSIAN_NOTES, f"{where}: note code {code!r} has no Persian sentence in kavosh.api.pages"
        templates = [PERSIAN_NOTES[code]] + [t for (c, extra), t in PERSIAN_NOTE_VARIANTS.items()
                                             if c == code and extra in details]
        for template in templates:
            wanted = set(re.findall(r"\{(\w+)\}", template)) - {"as_typed"}
            assert wanted <= details, f"{where}: {code!r} is made without {wanted - details}"
            if "{as_typed}" in template:
                assert "query" in details, where


def test_each_note_renders_in_persian():
    sample = {"word": "nokia", "persian": "نوکیا", "included": "nokia", "query": "نوکیا", "shards": [1, 3],
              "timeout": 2.5}
    for where, code, details in note_calls():
        note = Note("english text", code, **{k: sample.get(k, 7) for k in details})
        html = str(fa_note(note, "/?q=x&exact=1"))
        assert FALLBACK not in html and "english" not in html and "{" not in html, (where, html)
        assert re.search("[\u0600-\u06ff]", html), (where, html)
    html = str(fa_note(Note("x", "script_included", included="nokia", query="نوکیا"), "/?q=%D9&exact=1"))
    assert html == ('نتیجه‌های «<bdi>nokia</bdi>» (همین واژه به خطی دیگر) هم آمده است؛ جست‌وجوی تنها '
                    '<a class="as-typed" href="/?q=%D9&amp;exact=1">«<bdi>نوکیا</bdi>»</a> همان‌گونه که نوشته شده.')
    assert str(fa_note(Note("x", "missing_shards", shards=[1, 3], timeout=2.5))).startswith(
        "بخش(های) ۱، ۳ نمایه در ۲٫۵ ثانیه پاسخ ندادند")
    assert str(fa_note(Note("x", "latin_unheld", word="ldai"))) == "هیچ سندی «<bdi>ldai</bdi>» را ندارد."


@pytest.fixture(scope="module")
def pg():
    """A page of headless Chromium (the browser tests' :func:`test_browser.fa_page`)."""
    yield from fa_page()


def _notes(html: str) -> list[str]:
    m = re.search(r'<ul class="notes" id="notes">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", m.group(1), re.S) if m else []


def test_the_page_says_a_script_note_in_persian_and_links_the_search_as_typed(tmp_path, pg):
    index = build_index(tmp_path / "ix", [
        {"id": "n1", "title": "Phone", "text": "Nokia makes phones."},
        {"id": "n2", "title": "گوشی", "text": "نوکیا گوشی می‌سازد و گوشی‌های نوکیا ارزان‌اند."},
        {"id": "n3", "title": "باران", "text": "باران پاییزی در شمال کشور ادامه دارد."}])
    with serving(index) as s, httpx.Client(base_url=s.url, timeout=30) as c:
        api = c.get("/api/search", params={"q": "نوکیا"}).json()
        assert (api["total"], api["notes"]) == (2, ["including results for «nokia» (the same word in the other "
                                                    "script); search only for «نوکیا» as typed with exact"])
        page = c.get("/", params={"q": "نوکیا"}).text
        assert _notes(page) == ['نتیجه‌های «<bdi>nokia</bdi>» (همین واژه به خطی دیگر) هم آمده است؛ جست‌وجوی تنها '
                                '<a class="as-typed" href="/?q=%D9%86%D9%88%DA%A9%DB%8C%D8%A7&amp;exact=1">'
                                '«<bdi>نوکیا</bdi>»</a> همان‌گونه که نوشته شده.'], page
        typed = c.get("/?q=%D9%86%D9%88%DA%A9%DB%8C%D8%A7&exact=1").text  # the link: as typed, no note
        assert _notes(typed) == [] and "۱ نتیجه" in typed and FALLBACK not in page + typed
        pg.goto(f"{s.url}/?q=نوکیا")  # in the browser: read, then follow the link
        assert pg.locator("#notes").inner_text().strip() == ("نتیجه‌های «nokia» (همین واژه به خطی دیگر) هم آمده است؛ "
                                                             "جست‌وجوی تنها «نوکیا» همان‌گونه که نوشته شده.")
        pg.locator("#notes").get_by_role("link", name="نوکیا").click()
        pg.wait_for_url(re.compile(r"exact=1"))
        assert pg.locator("#notes").count() == 0 and pg.locator("#results li").count() == 1


BODY = ("تیم ملی فوتبال ایران امروز در ورزشگاه آزادی با تیم کره جنوبی دیدار می‌کند و مربی تیم از آمادگی "
        "بازیکنان خبر داد. هواداران از صبح در اطراف ورزشگاه جمع شده بودند و بلیت‌ها پیش از ظهر تمام شد.")


def test_the_facet_count_note_is_a_help_under_the_facets_not_a_line_above_the_results(tmp_path, pg):
    assert FACET_NOTES == {"facets_count_copies"}
    path = tmp_path / "ix"
    with kavosh.Index(path, fields={"source": "keyword"}) as ix:
        ix.add([{"id": f"copy-{i}", "title": "دیدار تیم ملی", "text": BODY, "source": "farsnews"} for i in range(3)]
               + [{"id": "other", "title": "باران", "text": "باران پاییزی ادامه دارد و تیم امداد آماده است.",
                   "source": "irna"}])
        ix.commit()
    with serving(path) as s, httpx.Client(base_url=s.url, timeout=30) as c:
        page = c.get("/", params={"q": "تیم"}).text
        assert _notes(page) == [] and 'id="facets"' in page
        help_ = re.findall(r'<details class="facet-help"><summary>(.*?)</summary><p>(.*?)</p></details>', page)
        assert help_ == [("دربارهٔ این شمارش‌ها", PERSIAN_NOTES["facets_count_copies"])]
        assert page.index('id="facets"') < page.index("facet-help")  # inside the sidebar
        pg.goto(f"{s.url}/?q=تیم")  # in the browser: closed until asked for, then read
        help_box = pg.locator("#facets details.facet-help")
        assert not help_box.locator("p").is_visible()
        help_box.locator("summary").click()
        assert help_box.locator("p").inner_text().startswith("شمارش‌های پالایه‌ها همهٔ سندهای جور را می‌شمارند")
        page = c.get("/", params={"q": "باران"}).text  # nothing collapsed: no help either
        assert "facet-help" not in page and _notes(page) == []
