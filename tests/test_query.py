"""Query parsing and rewrites."""

import pytest

from kavosh.analysis import Analyzer
from kavosh.query import Occur, QuerySyntaxError, parse
from kavosh.query.rewrite import add_compound_variants

A = Analyzer()


def kinds(q):
    return [(c.kind, c.terms, c.occur.value, c.field) for c in parse(q, A).clauses]


def test_spaced_suffix_stays_one_term():
    assert kinds("شبکه های اجتماعی") == [("term", ["شبکه"], "should", None),
                                          ("term", ["اجتماعی"], "should", None)]


def test_operators_phrases_fields_prefix():
    assert kinds('+ایران -عراق "موتور جستجو" title:کتاب كتاب*') == [
        ("term", ["ایران"], "must", None), ("term", ["عراق"], "must_not", None),
        ("phrase", ["موتور", "جستجو"], "should", None), ("term", ["کتاب"], "should", "title"),
        ("prefix", ["کتاب"], "should", None)]


def test_boolean_words():
    assert kinds("زلزله AND بم NOT تهران") == [("term", ["زلزله"], "must", None), ("term", ["بم"], "must", None),
                                              ("term", ["تهران"], "must_not", None)]
    assert [c.occur for c in parse("الف OR ب", A).clauses] == [Occur.SHOULD, Occur.SHOULD]


def test_stopwords_dropped_outside_phrases_and_reported():
    p = parse("کتاب از ایران", A)
    assert [c.terms for c in p.clauses] == [["کتاب"], ["ایران"]] and p.dropped_stopwords == ["از"]
    assert parse('"کتاب از ایران"', A).clauses[0].terms == ["کتاب", "از", "ایران"]


def test_follows_marks_adjacent_words_only():
    p = parse("آسمان خراش از بلند", A)
    assert [c.follows for c in p.clauses] == [False, True, False]


@pytest.mark.parametrize("query,message", [
    ("", "empty"), ("   ", "empty"), ("و از به", "only stopwords"), ('"کتاب', "unbalanced quotes"),
    ("-کتاب", "only excludes"), ("ا" * 1001, "limit is 1000"),
])
def test_errors_are_one_line(query, message):
    with pytest.raises(QuerySyntaxError) as e:
        parse(query, A)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_compound_variants_use_index_vocabulary():
    vocab = {"اسمانخراش": 3, "اسمان": 10, "خراش": 4}
    p = add_compound_variants(parse("آسمان خراش", A), A, lambda t: vocab.get(t, 0))
    derived = [c for c in p.clauses if c.derived]
    assert [c.terms for c in derived] == [["اسمانخراش"]]
    p = add_compound_variants(parse("آسمان‌خراش", A), A, lambda t: vocab.get(t, 0))
    assert p.clauses[0].terms == ["اسمانخراش"] and p.clauses[0].alternatives == [["اسمان", "خراش"]]
    # joined with nothing: split with the word list
    p = add_compound_variants(parse("آسمانخراش", A), A, lambda t: vocab.get(t, 0))
    assert p.clauses[0].alternatives == [["اسمان", "خراش"]]
    # nothing is added that the index does not have
    p = add_compound_variants(parse("آسمان خراش", A), A, lambda t: 0)
    assert not any(c.derived or c.alternatives for c in p.clauses)


def test_known_words_are_not_split():
    p = add_compound_variants(parse("آسمان", A), A, lambda t: 1)
    assert p.clauses[0].alternatives == []
