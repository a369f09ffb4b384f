"""Coordination (kavosh.search.coordination): in a plain query of four or more words, a document holding every
word is not ranked below one holding only one of them; matching, counting and scores unchanged, and queries
with operators, quotes, fields or fewer words left as they are.

The index is the shape of the finding (Hamshahri topic 10, tests/test_determinism.py): a long article holding
the four content words of «بهره برداری از تونل رسالت», and two-word documents holding one word each, which
BM25's length normalisation ranked above it (the article was 20th)."""

from __future__ import annotations

import importlib

import pytest

import kavosh
from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer
from kavosh.search import coordination
from kavosh.search.coordination import lifted, plain_words

WORDS = ["بهره", "برداری", "تونل", "رسالت"]
FILLER = ("شهر", "ساختمان", "کارگران", "مهندسان", "خیابان", "پروژه", "هفته", "مسیر", "کوه", "شمال", "جنوب",
          "ترافیک", "شهرداری", "عملیات", "حفاری", "بتن", "طول", "متر", "هزینه", "میلیارد")
ARTICLE = {"id": "article", "title": "گزارش پروژه",
           "text": " ".join([*FILLER * 4, "تونل", "رسالت", *FILLER[:6], "بهره", "برداری", *FILLER * 3])}
"""Every word of the query but the stopword «از», far into a text of about 150 words."""


def _fillers() -> list[dict]:
    counts = [1, 5, 3, 7]
    return [{"id": f"f{k}-{w}", "text": f"{w} گزارش"} for w, n in zip(WORDS, counts, strict=True) for k in range(n)]


DOCS = [ARTICLE, *_fillers(), {"id": "other", "text": "گزارش هفته"}]
QUERY = "بهره برداري از تونل رسالت"


@pytest.fixture(scope="module", params=["rust", "python"])
def index(request, build_index):
    analyzer = Analyzer() if request.param == "rust" else PythonAnalyzer()
    return build_index(f"coord-{request.param}", DOCS, analyzer)


@pytest.fixture(params=["core", "tantivy-py"])
def path(request, monkeypatch):
    """The words' check at the hits in the core (the search's snapshot) or on tantivy-py."""
    if request.param == "tantivy-py":
        monkeypatch.setattr(importlib.import_module("kavosh.search.execute"), "pinned_snapshot", lambda *a: None)
    return request.param


def _hits(ix, query, **kw):
    res = ix.search(query, snippets=False, **{"limit": 50, "collapse": False, **kw})
    return [(h.id, h.score) for h in res.hits], res.total


def _off(monkeypatch):
    monkeypatch.setattr(coordination, "MIN_WORDS", 10 ** 6)


def test_the_document_with_every_word_comes_first(index, path, monkeypatch):
    with kavosh.Index(index, create=False) as ix:
        on, total_on = _hits(ix, QUERY)
        _off(monkeypatch)
        off, total_off = _hits(ix, QUERY)
    assert [i for i, _ in off].index("article") > 10  # BM25 alone: below the one-word documents
    assert on[0][0] == "article"
    assert total_on == total_off == 17  # every document holding a word, and only those: the OR's matches
    assert sorted(on) == sorted(off)  # the same hits, each with its own score
    assert [h for h in on if h[0] != "article"] == [h for h in off if h[0] != "article"]  # nothing else moves


def test_pages_line_up_and_collapsing_keeps_the_order(index, path):
    with kavosh.Index(index, create=False) as ix:
        whole, _ = _hits(ix, QUERY)
        paged = [h for off in range(0, 20, 3) for h in _hits(ix, QUERY, limit=3, offset=off)[0]]
        collapsed, _ = _hits(ix, QUERY, collapse=True)
    assert paged == whole
    assert [i for i, _ in collapsed][:1] == ["article"]


@pytest.mark.parametrize("query", [
    "بهره OR برداری OR تونل OR رسالت",  # OR asks for any word: BM25's order
    "بهره OR برداری تونل رسالت",
    "+بهره برداری تونل رسالت",  # a required word
    "بهره برداری تونل رسالت -هفته",  # an excluded word
    "بهره برداری تونل رسالت NOT هفته",
    '"بهره برداری" تونل رسالت',  # a quoted phrase
    "title:بهره برداری تونل رسالت",  # a field
    "بهره^2 برداری تونل رسالت",  # a boost
    "برداری از تونل رسالت",  # three words
    "(بهره برداری) AND (تونل OR رسالت)",
])
def test_other_queries_are_left_as_they_are(index, path, monkeypatch, query):
    with kavosh.Index(index, create=False) as ix:
        on = _hits(ix, query)
        _off(monkeypatch)
        assert _hits(ix, query) == on


def test_stopwords_are_never_required(index, path):
    """«از» is in the query, not in the article: it still holds every word."""
    assert " از " not in f" {ARTICLE['text']} "
    with kavosh.Index(index, create=False) as ix:
        assert _hits(ix, QUERY)[0][0][0] == "article"
        assert _hits(ix, "بهره برداری تونل رسالت")[0][0][0] == "article"


def test_lifted_moves_only_the_hits_holding_every_word_above_the_first_holding_one():
    assert lifted([3, 4, 1, 2, 4, 1, 4], 4) == [1, 1, 0, 0, 1, 0, 1]
    assert lifted([4, 2, 3, 2], 4) == [1, 1, 1, 1]  # no hit holding one word: nothing moves
    assert lifted([1, 1, 4], 4) == [0, 0, 1]
    assert lifted([], 4) == []
    order = sorted(range(7), key=lambda i: -lifted([3, 4, 1, 2, 4, 1, 4], 4)[i])
    assert order == [0, 1, 4, 6, 2, 3, 5]


def test_plain_words_and_what_a_joined_clause_covers(build_index):
    """A word held as part of the joined spelling the index holds («جلوگیری» for «جلو گیری», a rewrite's derived
    clause) counts as held: the long document holding it and the other two words holds every word."""
    from kavosh.index.stats import IndexStats
    from kavosh.query.plan import make_plan
    from kavosh.search.topk import current_searcher

    words4 = ["جلو", "گیری", "ابتلا", "دیابت"]
    docs = [{"id": "joined", "text": " ".join([*FILLER * 4, "جلوگیری", "از", "ابتلا", "به", "دیابت", *FILLER * 4])},
            *({"id": f"f{k}-{w}", "text": f"{w} گزارش"} for w in words4 for k in range(3))]
    with kavosh.Index(build_index("coord-joined", docs), create=False) as ix:
        def plan(q):
            return make_plan(q, ix.analyzer, IndexStats(ix._opened, ix.analyzer, current_searcher(ix._opened)))

        words, covers = plain_words(plan("جلو گیری ابتلا دیابت"))
        assert [c.text for c in words] == words4
        assert covers == [[0, 1]]
        assert plain_words(plan("گیری ابتلا دیابت")) is None  # three words
        assert plain_words(plan("جلو OR گیری ابتلا دیابت")) is None
        hits, total = _hits(ix, "جلو گیری از ابتلا به دیابت")
        assert hits[0][0] == "joined" and total == 13
