"""Negation kept beside the lemma (issue #14 kind 5, a new user's finding): every form of a verb has one term
(``نمی‌دهد``, ``نمی دهد``, ``می‌دهد``: ``داد``), and a negated form is also indexed with its negated reading
at the same position (``␕داد``: ``analyzer.NEG_MARK``, ``Stemmer.negated``; Rust ``stem.rs`` ``negated``,
``analyzer.rs`` ``push_index_term``).  A quoted phrase asks for the negated reading (``"نمی دهد"`` finds only
documents saying it negated), a plain query matches every form and ranks the documents saying it negated
first (``query/rewrite.py`` ``add_negation``).  Table tests both ways, with the compiled core and with the
Python specification."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.analysis.analyzer import NEG_MARK, STOP_MARK, SURFACE_MARK, Analyzer, PythonAnalyzer, negated_term

N, M, W = NEG_MARK, STOP_MARK, "\u2401" + SURFACE_MARK  # W: a word's surface reading follows (test_surface_reading.py)
ANALYZERS = {"rust": Analyzer(), "python": PythonAnalyzer()}

INDEX_TERMS = [  # text, its index terms: a negated form stacks its negated reading at its position
    ("نمی‌دهد", ["داد\u2401" + N + "داد" + W + "نمیدهد"]),
    ("نمی دهد", ["داد\u2401" + N + "داد" + W + "نمیدهد"]),
    ("نمیدهد", ["داد\u2401" + N + "داد" + W + "نمیدهد"]),
    ("می‌دهد", ["داد" + W + "میدهد"]),
    ("نداد", ["داد\u2401" + N + "داد" + W + "نداد"]),
    ("نیامد", ["امد\u2401" + N + "امد" + W + "نیامد"]),  # the glide before a stem in ا
    ("نیفتاد", ["افتاد\u2401" + N + "افتاد" + W + "نیفتاد"]),
    ("برنگشتند", ["برگشت\u2401" + N + "برگشت" + W + "برنگشتند"]),  # after a preverb
    ("درنمی‌یابد", ["دریافت\u2401" + N + "دریافت" + W + "درنمییابد"]),
    ("نرفتن", ["رفت\u2401" + N + "رفت" + W + "نرفتن"]),  # the negated infinitive
    ("نمیدونم", ["دانست\u2401" + N + "دانست" + W + "نمیدونم"]),  # spoken
    ("گفته نشد", ["گفت" + W + "گفته", M + "شد\u2401" + M + N + "شد"]),  # a negated auxiliary: marked after the stopword's mark
    ("نخواهد رفت", [M + "خواست\u2401" + M + N + "خواست", "رفت"]),
    ("نمی‌دهد ای", ["داد\u2401" + N + "داد" + W + "نمیدهد", M + "ای"]),
]

NOT_NEGATED = [  # words in ن that are no negated form: one term, as before
    ("نشست", ["نشست"]), ("نوشت", ["نوشت"]), ("نمود", ["نمود"]), ("نامید", ["نامید"]), ("نهاد", ["نهاد"]),
    ("نگاه", ["نگاه"]), ("نشان", ["نشان"]), ("نمایش", ["نمایش"]), ("نیز", [M + "نیز"]), ("نه", [M + "نه"]),
    ("داد", ["داد"]), ("گفته شد", ["گفت" + W + "گفته", M + "شد"]), ("نیست", [M + "نیست"]), ("نگریست", ["نگریست"]),
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text, terms", INDEX_TERMS + NOT_NEGATED)
def test_a_negated_form_is_indexed_with_its_negated_reading(core: str, text: str, terms: list[str]):
    assert ANALYZERS[core].index_terms(text) == terms


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("a, b", [("نمی‌دهد", "می‌دهد"), ("نمی دهد", "داد"), ("نرفت", "رفت"), ("نیامد", "آمد"),
                                  ("برنگشتند", "برگشت"), ("گفته نشد", "گفته شد")])
def test_every_form_keeps_its_one_term(core: str, a: str, b: str):
    assert ANALYZERS[core].terms(a) == ANALYZERS[core].terms(b)


@pytest.mark.parametrize("core", ANALYZERS)
def test_a_phrase_asks_for_the_negated_reading(core: str):
    a = ANALYZERS[core]
    assert [a.phrase_term(t) for t in a.analyze("نمی دهد")] == [N + "داد"]
    assert [a.phrase_term(t) for t in a.analyze("پول نمی‌دهد")] == ["پول", N + "داد"]
    assert [a.phrase_term(t) for t in a.analyze("می‌دهد")] == ["داد"]
    assert [a.phrase_term(t) for t in a.analyze("گفته نشد")] == ["گفت", M + N + "شد"]
    assert negated_term("داد") == N + "داد" and negated_term(M + "شد") == M + N + "شد"


DOCS = [
    {"id": "gives", "title": "بانک", "text": "بانک به مشتریان وام می‌دهد و بانک وام می‌دهد."},
    {"id": "gives2", "title": "دولت", "text": "دولت یارانه می دهد. دولت یارانه میدهد."},
    {"id": "not-gives", "title": "شرکت", "text": "شرکت به کارگران حقوق نمی‌دهد و مردم ناراضی هستند و در خیابان جمع شدند."},
    {"id": "not-gives2", "title": "بیمه", "text": "بیمه هزینه درمان را نمی دهد."},
    {"id": "came", "title": "مهمان", "text": "مهمان دیروز آمد."},
    {"id": "not-came", "title": "قطار", "text": "قطار دیروز نیامد و مسافران ماندند و منتظر ماندند تا شب شد."},
    {"id": "said", "title": "خبر", "text": "این خبر گفته شد."},
    {"id": "not-said", "title": "راز", "text": "این راز هرگز گفته نشد و پنهان ماند."},
] + [{"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(10)]


@pytest.fixture(scope="module", params=list(ANALYZERS))
def ix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index("negation", DOCS, analyzer), analyzer=analyzer) as index:
        yield index


SEARCHES = [  # query, the ids ranked first (any order among them), every id found
    ('"نمی دهد"', {"not-gives", "not-gives2"}, {"not-gives", "not-gives2"}),  # only the negated form
    ('"نمی‌دهد"', {"not-gives", "not-gives2"}, {"not-gives", "not-gives2"}),
    ('"حقوق نمی‌دهد"', {"not-gives"}, {"not-gives"}),
    ('"نیامد"', {"not-came"}, {"not-came"}),
    ('"گفته نشد"', {"not-said"}, {"not-said"}),
    ('"می‌دهد"', {"gives", "gives2"}, {"gives", "gives2", "not-gives", "not-gives2"}),  # the form as written first
    ("نمی دهد", {"not-gives", "not-gives2"}, {"gives", "gives2", "not-gives", "not-gives2"}),  # all, negated first
    ("نمی‌دهد", {"not-gives", "not-gives2"}, {"gives", "gives2", "not-gives", "not-gives2"}),
    ("نیامد", {"not-came"}, {"came", "not-came"}),
    ("می‌دهد", None, {"gives", "gives2", "not-gives", "not-gives2"}),  # no negation typed: every form
    ("آمد", None, {"came", "not-came"}),
    ('"گفته شد"', {"said"}, {"said", "not-said"}),
]


@pytest.mark.parametrize("query, first, found", SEARCHES)
def test_search_with_negation(ix, query: str, first: set[str] | None, found: set[str]):
    res = ix.search(query, limit=20)
    ids = [h.id for h in res.hits]
    assert set(ids) == found and res.total == len(found), ids
    if first is not None:
        assert set(ids[:len(first)]) == first, ids


def test_a_plain_negated_word_ranks_the_negated_documents_first_against_shorter_ones(ix):
    # the two documents saying «می‌دهد» twice in short texts win on BM25 alone (the query «دهد» ranks them first)
    assert {h.id for h in ix.search("دهد", limit=2).hits} == {"gives", "gives2"}
    assert {h.id for h in ix.search("نمی‌دهد", limit=2).hits} == {"not-gives", "not-gives2"}


def test_a_negated_phrase_is_highlighted(ix):
    hit = ix.search('"نمی دهد"', limit=5).hits[0]
    assert [s.text for s in hit.snippet if s.match] in (["نمی‌دهد"], ["نمی دهد"])


def test_excluding_a_negated_word_excludes_every_form(ix):
    ids = {h.id for h in ix.search("گزارش -نمی‌دهد", limit=20).hits}
    assert ids and not ids & {"gives", "gives2", "not-gives", "not-gives2"}


def test_kavosh_analyze_says_which_words_are_negated(run_kavosh):
    proc = run_kavosh("analyze", "او پول نمی دهد و گفته نشد")
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()
    assert rows[2].endswith("→ داد  (negated: also ␕داد)  (as written: also ␖نمیدهد)")
    assert rows[1].endswith("→ پول") and rows[0].endswith("(stopword)")
    assert rows[5].endswith("→ شد  (stopword)  (negated: also ␀␕شد)")
    import json
    out = json.loads(run_kavosh("analyze", "--json", "نمی دهد می‌دهد").stdout)
    assert [t["negated"] for t in out] == [True, False]
