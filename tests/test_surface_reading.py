"""The surface reading beside the term (issue #14, a new user's finding 3: exact-surface ranking without quotes).

Every form of a word keeps its one term (``می‌رسم``, ``رسید``, ``رسیدند``: ``رسید``), and a word whose normalized
word differs from its term is also indexed with its surface reading at the same position (``␖میرسم``:
``analyzer.SURFACE_MARK``, ``Analyzer.surface_reading``; Rust ``index_term.rs`` ``push_index_term``).  A plain
query ORs the typed word's surface reading into its leaf (``query/rewrite.py`` ``add_surface``): every form still
matches, and among otherwise equal hits the documents holding the word as typed rank first.  Table tests both
ways, with the compiled core and with the Python specification."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.analysis.analyzer import (NEG_MARK, STOP_MARK, SURFACE_MARK, Analyzer, PythonAnalyzer, surface_term,
                                      without_surface)

N, M, S, J = NEG_MARK, STOP_MARK, SURFACE_MARK, "\u2401"
ANALYZERS = {"rust": Analyzer(), "python": PythonAnalyzer()}

WITH_SURFACE = [  # text, its index terms: a word not its term stacks its surface at its position
    ("میرسم", ["رسید" + J + S + "میرسم"]),
    ("می‌رسم", ["رسید" + J + S + "میرسم"]),  # half-space, none, or a space: one surface term
    ("می رسم", ["رسید" + J + S + "میرسم"]),
    ("نمی‌رسم", ["رسید" + J + N + "رسید" + J + S + "نمیرسم"]),  # negated: both marks, the negation first
    ("رفتیم", ["رفت" + J + S + "رفتیم"]),
    ("کتابهایش", ["کتاب" + J + S + "کتابهایش"]),
    ("کتاب‌هایش", ["کتاب" + J + S + "کتابهایش"]),
    ("کتاب ها", ["کتاب" + J + S + "کتابها"]),
    ("اعلام می‌کنند", ["اعلام", "کرد" + J + S + "میکنند"]),
    ("گفته شد", ["گفت" + J + S + "گفته", M + "شد"]),  # the auxiliary is a stopword: its term only
    ("كتابها", ["کتاب" + J + S + "کتابها"]),  # Arabic kaf folded as the analyzer folds it
]

WITHOUT_SURFACE = [  # a word that is its term, or a stopword: as before
    ("کتاب", ["کتاب"]), ("رسید", ["رسید"]), ("داد", ["داد"]), ("اعلام", ["اعلام"]), ("ایران", ["ایران"]),
    ("می‌شود", [M + "شد"]), ("در", [M + "در"]), ("است", [M + "است"]), ("نیز", [M + "نیز"]),
    ("نشد", [M + "شد" + J + M + N + "شد"]),  # a negated auxiliary: the negation mark only
    ("1403", ["1403"]),
]


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("text, terms", WITH_SURFACE + WITHOUT_SURFACE)
def test_a_word_not_its_term_is_indexed_with_its_surface(core: str, text: str, terms: list[str]):
    assert ANALYZERS[core].index_terms(text) == terms


@pytest.mark.parametrize("core", ANALYZERS)
@pytest.mark.parametrize("word, term, reading", [
    ("میرسم", "رسید", S + "میرسم"), ("کتابهایش", "کتاب", S + "کتابهایش"), ("نمیرسم", "رسید", S + "نمیرسم"),
    ("کتاب", "کتاب", None), ("میشود", "شد", None), ("در", "در", None)])
def test_surface_reading(core: str, word: str, term: str, reading: str | None):
    assert ANALYZERS[core].surface_reading(word, term) == reading


@pytest.mark.parametrize("cls", [Analyzer, PythonAnalyzer])
def test_no_surface_reading_without_stemming(cls):
    a = cls(stem=False)
    assert a.index_terms("کتابها میرسم") == ["کتابها", "میرسم"]
    assert a.surface_reading("کتابها", "کتاب") is None


@pytest.mark.parametrize("core", ANALYZERS)
def test_the_other_paths_give_one_term_a_position(core: str):
    a = ANALYZERS[core]  # terms and analyze (queries, highlighting, kavosh analyze) never see the mark
    assert a.terms("میرسم کتابهایش") == ["رسید", "کتاب"]
    assert [t.term for t in a.analyze("نمی‌رسم")] == ["رسید"]
    assert surface_term("میرسم") == S + "میرسم"
    assert without_surface(a.index_terms("نمی‌رسم در کتاب")) == ["رسید" + J + N + "رسید", M + "در", "کتاب"]


DOCS = [  # one mention each: only the form differs (a surface reading is a token of the document's length, as
    # tantivy counts them: «اعلام کرد», one token shorter than «اعلام میکنند» and its surface, would outrank it;
    # so would «اعلام کردند», whose text holds the lemma کرد, which the proximity bonus looks for as a substring)
    {"id": "rasid", "title": "سفر", "text": "او امروز به شهر رسید و ماند."},
    {"id": "rasidand", "title": "سفر", "text": "آنها امروز به شهر رسیدند و ماندند."},
    {"id": "miresam", "title": "سفر", "text": "من امروز به شهر میرسم و میمانم."},
    {"id": "miresad", "title": "سفر", "text": "او امروز به شهر می‌رسد و می‌ماند."},
    {"id": "raft", "title": "گردش", "text": "او دیروز به پارک رفت."},
    {"id": "raftim", "title": "گردش", "text": "ما دیروز به پارک رفتیم."},
    {"id": "raftand", "title": "گردش", "text": "آنها دیروز به پارک رفتند."},
    {"id": "ketab", "title": "کتابخانه", "text": "این کتاب در قفسه است."},
    {"id": "ketabhayash", "title": "کتابخانه", "text": "کتاب‌هایش در قفسه است."},
    {"id": "ketabha", "title": "کتابخانه", "text": "این کتابها در قفسه است."},
    {"id": "elam-mikonim", "title": "وزارت", "text": "وزارت نتایج را اعلام میکنیم."},
    {"id": "elam-mikonand", "title": "وزارت", "text": "وزارت نتایج را اعلام میکنند."},
    {"id": "elam-mikonad", "title": "وزارت", "text": "وزارت نتایج را اعلام می‌کند."},
] + [{"id": f"filler{i}", "title": "هوا", "text": f"گزارش {i} از هوای دریا در روز {i}."} for i in range(10)]


@pytest.fixture(scope="module", params=list(ANALYZERS))
def ix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index("surface", DOCS, analyzer), analyzer=analyzer) as index:
        yield index


SEARCHES = [  # query, the id ranked first, every id found
    ("میرسم", "miresam", {"rasid", "rasidand", "miresam", "miresad"}),
    ("می‌رسم", "miresam", {"rasid", "rasidand", "miresam", "miresad"}),
    ("می رسم", "miresam", {"rasid", "rasidand", "miresam", "miresad"}),
    ("رسیدند", "rasidand", {"rasid", "rasidand", "miresam", "miresad"}),
    ("رفتیم", "raftim", {"raft", "raftim", "raftand"}),
    ("کتابهایش", "ketabhayash", {"ketab", "ketabhayash", "ketabha"}),
    ("کتاب‌ها", "ketabha", {"ketab", "ketabhayash", "ketabha"}),
    ("اعلام می‌کنند", "elam-mikonand", {"elam-mikonim", "elam-mikonand", "elam-mikonad"}),
]


@pytest.mark.parametrize("query, first, found", SEARCHES)
def test_the_word_as_written_ranks_first(ix, query: str, first: str, found: set[str]):
    res = ix.search(query, limit=20)
    ids = [h.id for h in res.hits]
    assert set(ids) == found and res.total == len(found), ids
    assert ids[0] == first, ids


def test_a_word_that_is_its_term_ranks_as_before(ix):
    # «کتاب» is its own term: no surface reading is asked for, every form matches by its term alone
    res = ix.search("کتاب", limit=20)
    assert {h.id for h in res.hits} == {"ketab", "ketabhayash", "ketabha"}


def test_every_form_is_highlighted(ix):
    hits = {h.id: h for h in ix.search("میرسم", limit=20).hits}
    assert [s.text for s in hits["miresam"].snippet if s.match] == ["میرسم"]
    assert [s.text for s in hits["rasid"].snippet if s.match] == ["رسید"]


def test_excluding_a_word_excludes_every_form(ix):
    ids = {h.id for h in ix.search("امروز -میرسم", limit=20).hits}
    assert not ids & {"rasid", "rasidand", "miresam", "miresad"}
