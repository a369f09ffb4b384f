"""Lowercase ``and``/``or``/``not`` between Persian words (kavosh.query.operators): read as the operators, and
told; left as words in Latin text and inside quotes (a new user's finding 7)."""

from __future__ import annotations

import pytest

import kavosh
from kavosh.query.operators import read_operators


@pytest.mark.parametrize("query, read", [
    ("ایران not عراق", "ایران NOT عراق"),
    ("استقلال and پرسپولیس", "استقلال AND پرسپولیس"),
    ("استقلال or پرسپولیس", "استقلال OR پرسپولیس"),
    ("ایران Not عراق", "ایران NOT عراق"),
    ("ایران and not عراق", "ایران AND NOT عراق"),
    ("title:ایران not (عراق OR سوریه)", "title:ایران NOT (عراق OR سوریه)"),
    ('ایران not "جنگ عراق"', 'ایران NOT "جنگ عراق"'),
])
def test_a_lowercase_operator_between_persian_words_is_read_as_the_operator(query, read):
    text, notes = read_operators(query)
    assert text == read
    assert [n.code for n in notes] == ["operator_read"] * len(notes) and notes
    assert all(f'"{n.details["word"]}"' in n for n in notes)  # how to search the word itself


@pytest.mark.parametrize("query", [
    "to be or not to be", "rock and roll",  # Latin text: words (as Google reads them)
    "iran not عراق", "ایران and iraq",  # a Latin neighbour: no operator meant for sure
    '"ایران not عراق"', 'ایران "not" عراق',  # quoted
    "ایران not", "not ایران",  # nothing on one side
    "ایران NOT عراق", "ایران nOt عراق",  # already the operator; an odd mix of cases
])
def test_words_that_are_not_between_persian_words_stay_words(query):
    assert read_operators(query) == (query, [])


DOCS = [
    {"id": "iran", "title": "ایران", "text": "خبر ایران و اقتصاد ایران."},
    {"id": "iraq", "title": "عراق", "text": "خبر عراق و اقتصاد عراق."},
    {"id": "both", "title": "ایران و عراق", "text": "دیدار ایران و عراق در بغداد."},
    {"id": "esteghlal", "title": "استقلال", "text": "تمرین استقلال برگزار شد."},
    {"id": "derby", "title": "دربی", "text": "بازی استقلال و پرسپولیس مساوی شد."},
    {"id": "perspolis", "title": "پرسپولیس", "text": "تمرین پرسپولیس برگزار شد."},
] + [{"id": f"n{i}", "title": f"گزارش {i}", "text": f"گزارش شماره {i} درباره شهر است و شدی نیست."}
     for i in range(4)]


@pytest.fixture(scope="module")
def index(build_index):
    return build_index("operators", DOCS)


@pytest.mark.parametrize("query, ids, operator", [
    ("ایران not عراق", {"iran"}, "NOT"),  # before: iraq and both were added, as the optional word not found none
    ("استقلال and پرسپولیس", {"derby"}, "AND"),  # before: shown «استقلال شدی پرسپولیس» (a wrong layout)
])
def test_search_reads_the_operator_and_says_so(index, query, ids, operator):
    with kavosh.Index(index, create=False) as ix:
        res = ix.search(query, collapse=False)
        assert {h.id for h in res.hits} == ids and res.rewritten is None
        notes = [n for n in res.notes if getattr(n, "code", "") == "operator_read"]
        assert [n.details["operator"] for n in notes] == [operator]
        quoted = ix.search(query.replace(" not ", ' "not" ').replace(" and ", ' "and" '), collapse=False)
        assert not [n for n in quoted.notes if getattr(n, "code", "") == "operator_read"]
        assert quoted.rewritten is None  # and never a wrong layout
