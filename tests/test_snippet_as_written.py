"""A snippet shows the form the user typed where the text has it: a query of grammar words only
(``میشوند``: every form of the auxiliary شدن is one marked term, so ``شد`` matches too) and a
quoted leaf (``"نرفت"``: ``رفت`` matches its analysed term) prefer the place of the words as written
(``PlanClause.surface``) for the snippet's region and passage; every form stays marked.  Through
``kavosh search`` on a real index, and the compiled core against the specification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _highlight_helpers import limits, same
from hypothesis import given, settings, strategies as st

from kavosh.analysis import Analyzer
from kavosh.analysis.normalize import compiled_extension
from kavosh.present import highlight as H
from kavosh.present.highlight import TermMatcher, anchor_pattern

A = Analyzer()
FILLER = ("باران پاییزی در استان‌های شمالی ادامه دارد و کشاورزان از آب کافی برای مزرعه‌های برنج و باغ‌های "
          "مرکبات خبر می‌دهند؛ جاده‌های کوهستانی لغزنده است. ")
BECAME = "جلسه برگزار شد و تصمیم گرفته شد. همه راضی شدند و کار تمام شد. "
WENT = "او رفت. برادرش هم رفت و بعد خواهرش رفت. "

DOCS = [
    # long (regions): the other forms many times first, the typed form once, far after
    {"id": "long", "title": "گزارش", "text": BECAME * 6 + FILLER * 12 + "برگ‌ها در بهار چیده می‌شوند. " + FILLER * 3},
    # short (analysed whole): the other forms fill more than a passage before the typed form
    {"id": "short", "title": "خبر", "text": BECAME * 4 + "برگ‌ها چیده مي شوند."},
    # the typed form written with a no-break space (as Hamshahri writes می‌): one token, as written
    {"id": "nbsp", "title": "پاییز", "text": "اخبار ورزشی دیروز اعلام شد و بازی‌ها برگزار شدند. " * 6
     + "مربیان باشگاه‌های تهران و تبریز درباره تمرین‌های تابستانی و اردوی تیم‌ها سخن گفتند. " * 10
     + "برگ‌ها در پاییز زرد مي\u00a0شوند. " + "ورزشکاران جوان در سالن‌های شهر تمرین کردند. " * 4},
    # a quoted word whose analysed term (رفت) other forms share
    {"id": "went", "title": "سفر", "text": WENT * 5 + FILLER * 10 + "تیم ملی به جام جهانی نرفت. " + FILLER * 2},
]


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("as-written")
    (folder / "docs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS),
                                       encoding="utf-8")
    proc = run_kavosh("index", folder / "docs.jsonl", "--index", folder / "ix")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"


def marked(run_kavosh, index: Path, query: str) -> dict[str, list[str]]:
    """Each hit's marked snippet texts, by id."""
    proc = run_kavosh("search", "--index", index, "--json", "--exact", query)
    assert proc.returncode == 0, proc.stderr
    return {h["id"]: [s["text"] for s in h["snippet"] if s["match"]] for h in json.loads(proc.stdout)["hits"]}


@pytest.mark.parametrize("query", ["میشوند", "می شوند", "مي‌شوند"])
def test_a_grammar_only_query_shows_the_form_as_typed(run_kavosh, index: Path, query: str):
    """The new user's finding 2 (2026-12-04), its snippet part: the typed form's place is shown, in a
    long document (regions) and a short one (a passage of the whole text)."""
    hits = marked(run_kavosh, index, query)
    assert "می‌شوند" in hits["long"], hits["long"]
    assert "مي شوند" in hits["short"], hits["short"]
    assert "مي\u00a0شوند" in hits["nbsp"], hits["nbsp"]


def test_a_no_break_space_stands_in_a_preferred_word_as_a_space_does():
    """The char filters read U+00A0 as a space, and the tokenizer joins ``مي\u00a0شوند`` into one word:
    a preferred group's pattern finds it (the base groups' patterns keep the shared written form)."""
    assert [t.word for t in A.analyze("مي\u00a0شوند")] == ["میشوند"]
    pattern = anchor_pattern([{"شد", "میشوند"}], [("میشوند",), ("کتاب", "خوب")])
    for written in ("مي\u00a0شوند", "می شوند", "می‌شوند", "میشوند"):
        assert [m.lastindex for m in pattern.finditer(written)] == [1], written
    assert [m.lastindex for m in pattern.finditer("كتاب\u00a0خوب")] == [2]


def test_other_forms_stay_marked_and_a_form_query_shows_its_own(run_kavosh, index: Path):
    hits = marked(run_kavosh, index, "شد")  # typed شد: its own places, the other forms marked beside it
    assert "شد" in hits["long"] and "شدند" in hits["long"] and "می‌شوند" not in hits["long"]
    both = marked(run_kavosh, index, "میشوند")["short"]  # the passage around میشوند marks شد forms too
    assert "مي شوند" in both and "شد" in both


def test_a_quoted_word_shows_the_form_as_typed(run_kavosh, index: Path):
    assert "نرفت" in marked(run_kavosh, index, '"نرفت"')["went"]
    assert "نرفت" not in marked(run_kavosh, index, "نرفت")["went"]  # unquoted: any form, the best region


def test_preferred_groups_come_first_and_are_counted():
    pattern = anchor_pattern([{"شد", "میشوند"}], [("میشوند",)])
    assert pattern.preferred == 1
    text = "کار تمام شد و برگ‌ها چیده می‌شوند."
    assert [(m.start(), m.lastindex) for m in pattern.finditer(text)] == [(text.index("شد"), 2), (text.index("می‌"), 1)]
    assert anchor_pattern([{"شد"}]).preferred == 0
    assert anchor_pattern([{"شد"}]) != anchor_pattern([{"شد"}], [("شد",)])


_PIECES = ["شد", "شدند", "می‌شود", "میشوند", "مي شوند", "مي\u00a0شوند", "كتاب\u00a0خوب", "نرفت", "رفت", "کتاب", "کتاب خوب", "خوب", "و",
           "باران", "جنگل", "، ", "\n", "\u200c"]


@pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")
@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=120),
       surfaces=st.lists(st.sampled_from([("میشوند",), ("نرفت",), ("کتاب", "خوب"), ("شد",)]), min_size=1,
                         max_size=2, unique=True),
       window=st.integers(1, 12), direct=st.integers(0, 80), region=st.integers(1, 90),
       max_regions=st.integers(1, 3), wanted=st.integers(1, 3))
def test_the_core_prefers_as_the_specification(pieces, surfaces, window, direct, region, max_regions, wanted):
    """The compiled core's snippet with preferred groups is the specification's, regions and chunks
    exercised by small limits."""
    words = {w for s in surfaces for w in s}
    is_match = TermMatcher({t for w in words for t in A.terms(w)})
    places = anchor_pattern([{t, A.normalize_term(w)} for w in words for t in A.terms(w)], surfaces)
    text = " ".join(pieces)
    with limits(DIRECT_CHARS=direct, REGION_CHARS=region, MAX_REGIONS=max_regions):
        core = H.snippet(text.encode("utf-8"), A, is_match, window=window, wanted=wanted, anchors=places)
        spec = H.snippet_spec(text, A, is_match, window=window, wanted=wanted, anchors=places)
        assert same(core, spec)
