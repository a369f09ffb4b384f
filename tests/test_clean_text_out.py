"""Issue #14 kind 12, clean text out: what Kavosh composes (completions, did-you-mean, "showing results
for") comes in one clean spelling, whatever the documents or the query wrote; highlights of the
original text never hold a bidi control and never leave a word's combining mark outside the mark."""

from __future__ import annotations

import unicodedata

import pytest

import kavosh
from kavosh.analysis.display import BIDI_CONTROLS, PRESENTATION_FORMS, display_form


@pytest.mark.parametrize("raw, shown", [
    ("ﻛﺘﺎﺑﺨﺎﻧﻪ", "کتابخانه"),  # presentation forms (B) → letters, Arabic kaf → keheh
    ("ﷲ", "الله"),  # a ligature (presentation forms A)
    ("ﺑﺮﹾ", "برْ"),  # an isolated sukun form: the mark stays on its letter, no space
    ("\u202bایران\u202c", "ایران"),  # embedding
    ("\u2067تهران\u2069", "تهران"),  # isolate
    ("\u200fکتاب\u200e", "کتاب"),  # RLM, LRM
    ("\u061cکتاب", "کتاب"),  # ARABIC LETTER MARK
    ("\ufeffکتاب\u200b", "کتاب"),  # BOM, zero width space
    ("ي\u0654", "ئ"),  # NFC first (yeh + hamza above composes), then Persian letters
    ("علي", "علی"), ("موسى", "موسی"),
    # kept: the half-space, diacritics, Latin, digits as written
    ("کتاب\u200cها", "کتاب\u200cها"), ("کِتاب", "کِتاب"), ("iPhone ۱۵", "iPhone ۱۵"), ("", ""),
])
def test_display_form_golden_table(raw, shown):
    assert display_form(raw) == shown


@pytest.mark.parametrize("text", ["ﻛﺘﺎﺏ \u202bﻣﻠﻰ\u202c", "\u2066ﷺ\u2069", "ي\u0654 \u200f"])
def test_display_form_is_clean_and_idempotent(text):
    out = display_form(text)
    assert not BIDI_CONTROLS.search(out) and not PRESENTATION_FORMS.search(out)
    assert unicodedata.is_normalized("NFC", out) and "ي" not in out and "ك" not in out
    assert display_form(out) == out


DOCS = [
    {"id": "1", "title": "ﻛﺘﺎﺑﺨﺎﻧﻪ ملی \u202bایران\u202c",
     "text": "ﻛﺘﺎﺑﺨﺎﻧﻪ ملی در تهران است. \u200fکتابخانه\u200f بزرگ و ﻛﺘﺎﺑﺨﺎﻧﻪ دیگر."},
    {"id": "2", "title": "سلام \u2067دنیا\u2069", "text": "ﻛﺘﺎﺑﺨﺎﻧﻪ عمومی و ﻛﺘﺎﺑﺨﺎﻧﻪ شهر. ﺳﻼﻡ بر شما"},
    {"id": "3", "title": "زلزله بم", "text": "زلزله در بم. زلزله و اطلاعات آن"},
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    with kavosh.Index(tmp_path_factory.mktemp("clean") / "index") as index:
        index.add(DOCS)
        index.commit()
        yield index


def test_completions_are_shown_in_letters_without_bidi_controls(ix):
    got = [(s.text, s.kind) for s in ix.suggest("کتا", limit=5)]
    # the presentation-form spelling (4 times) and the plain one (once) are one word, shown in letters
    assert got == [("کتابخانه", "word"), ("کتابخانه ملی ایران", "title")]
    assert [s.text for s in ix.suggest("سلا", limit=5)] == ["سلام", "سلام دنیا"]


def test_a_clean_word_is_completed_as_written(ix):
    assert [s.text for s in ix.suggest("زلز", limit=5)] == ["زلزله", "زلزله بم"]


def test_showing_results_for_is_clean_whatever_the_query_held(ix):
    res = ix.search("\u202bضلزله\u202c ﺑﻢ")  # a typo between embedding controls, a word in glyph forms
    assert (res.rewritten, res.total) == ("زلزله بم", 1)
    assert res.notes == [] and res.suggestion is None
    assert ix.search("زلزله بم").rewritten is None  # nothing to rewrite: nothing shown


def test_highlights_hold_no_bidi_control_and_keep_the_words_marks(tmp_path):
    with kavosh.Index(tmp_path / "index") as index:
        index.add([{"id": "1", "title": "t", "text": "کتاب\u200fخانه بزرگ و کتاب\u061cخانه و کتابخانه\u0652 کوچک و \u202bکتابخانهٔ\u202c شهر"}])
        index.commit()
        hit = index.search("کتابخانه").hits[0]
    marked = [s.text for s in hit.snippet if s.match]
    assert marked == ["کتابخانه", "کتابخانه", "کتابخانه\u0652", "کتابخانهٔ"]
    text = "".join(s.text for s in hit.snippet)
    assert not BIDI_CONTROLS.search(text)
