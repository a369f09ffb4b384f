"""A prefix query (``word*``) is of the text as written: it expands over the index terms beginning with it and
over the surface readings (``␖`` + a word as written, beside a term the word does not begin with:
:func:`kavosh.search.ranking.prefix_terms`).  A new user's finding: ``اخبار*``, ``اشیا*``, ``کتابها*``,
``رفتیم*`` found nothing (their terms are ``خبر``, ``شی``, ``کتاب``, ``رفت``) while the words alone found
documents.  Both analyzers, through a real index."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}

DOCS = [
    {"id": "news", "title": "اخبار", "text": "اخبار فوق العاده امروز"},
    {"id": "one", "title": "خبر", "text": "یک خبر کوتاه"},
    {"id": "things", "title": "موزه", "text": "اشیاء تاریخی موزه"},
    {"id": "books", "title": "کتاب", "text": "کتابهایش را خواند و به خانه رفتیم"},
    {"id": "tea", "title": "چای", "text": "چای لاهیجان"},
]


@pytest.fixture(scope="module", params=sorted(ANALYZERS))
def ix(request, build_index):
    analyzer = ANALYZERS[request.param]
    with kavosh.Index(build_index(f"prefix-{request.param}", DOCS, analyzer), analyzer=analyzer) as index:
        yield index


@pytest.mark.parametrize("query, expected", [
    ("اخبار*", ["news"]),  # اخبار (term خبر) as written; not یک خبر
    ("اخبا*", ["news"]),
    ("اشیا*", ["things"]), ("اشیاء*", ["things"]),  # اشیاء's term is شی
    ("کتابها*", ["books"]), ("رفتیم*", ["books"]),
    ("خب*", ["news", "one"]),  # a term's prefix still expands: خبر
    ("لاهی*", ["tea"]), ("زمست*", []),
])
def test_a_prefix_finds_the_words_written_so(ix, query, expected):
    assert sorted(h.id for h in ix.search(query).hits) == expected

