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
    assert kinds('+ایران -عراق "موتور قوی" title:کتاب كتاب*') == [
        ("term", ["ایران"], "must", None), ("term", ["عراق"], "must_not", None),
        ("phrase", ["موتور", "قوی"], "should", None), ("term", ["کتاب"], "should", "title"),
        ("prefix", ["کتاب"], "should", None)]


def test_boolean_words():
    assert kinds("زلزله AND بم NOT تهران") == [("term", ["زلزله"], "must", None), ("term", ["بم"], "must", None),
                                              ("term", ["تهران"], "must_not", None)]
    assert [c.occur for c in parse("الف OR ب", A).clauses] == [Occur.SHOULD, Occur.SHOULD]


def test_stopwords_are_never_required_but_are_words_of_a_phrase():
    p = parse("کتاب از ایران +و", A)  # issue #14 kind 0: optional stopwords are not clauses; +و was asked for
    assert [(c.terms, c.occur) for c in p.clauses] == [(["کتاب"], Occur.SHOULD), (["ایران"], Occur.SHOULD),
                                                       (["\u2400و"], Occur.MUST)]
    assert p.stops == [(1, "\u2400از", "از", "از")]
    c = parse('"کتاب از ایران"', A).clauses[0]
    assert (c.kind, c.terms, c.offsets) == ("phrase", ["کتاب", "\u2400از", "ایران"], None)
    assert parse('"از کتاب"', A).clauses[0].terms == ["\u2400از", "کتاب"]


def test_follows_marks_adjacent_words_only():
    p = parse("کتاب ایران از بلند", A)
    assert [c.follows for c in p.clauses] == [False, True, False]


@pytest.mark.parametrize("query,message", [
    ("", "the query is empty"), ("   ", "the query is empty"), ('"کتاب', "unbalanced quotes"),
    ("-کتاب", "only excludes"), ("ا" * 1001, "limit is 1000"),
    ("!!!،؛؟...", "the query «!!!،؛؟...» has no word to search for, only punctuation, operators or marks"),
    ("AND", "the query «AND» has no word"), ("*", "the query «*» has no word"), ("-", "the query «-» has no word"),
    ("؟" * 60, f"the query «{'؟' * 39}…» has no word"),
    ("\u200c", "the query holds only invisible characters"), ("\u200f\u200c\u2067", "only invisible characters"),
])
def test_errors_are_one_line(query, message):
    with pytest.raises(QuerySyntaxError) as e:
        parse(query, A)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_compound_variants_use_index_vocabulary():
    # تک‌یاختگان is not in the compound list: documents that wrote it joined have one term
    vocab = {"تکیاخته": 3, "تک": 10, "یاخته": 4}
    for query in ("تک یاختگان", "تک‌یاختگان"):
        p = add_compound_variants(parse(query, A), A, lambda t: vocab.get(t, 0))
        assert [c.terms for c in p.clauses] == [["تک"], ["یاخته"], ["تکیاخته"]]
        assert [c.derived for c in p.clauses] == [False, False, True]
    # joined with nothing: split with the word list
    vocab = {"قلم": 5, "چیز": 5, "قلمچیز": 0}
    p = add_compound_variants(parse("قلمچیز", A), A, lambda t: vocab.get(t, 0))
    assert p.clauses[0].alternatives == [["قلم", "چیز"]]
    # nothing is added that the index does not have
    p = add_compound_variants(parse("تک یاختگان", A), A, lambda t: 0)
    assert not any(c.derived or c.alternatives for c in p.clauses)


def test_every_spelling_of_a_known_compound_gives_the_same_terms():
    # usually written joined: joined
    for q in ("آسمان خراش", "آسمان‌خراش", "آسمانخراش"):
        assert [c.terms for c in parse(q, A).clauses] == [["اسمانخراش"]]
    # usually written with a half-space: split
    for q in ("تصمیم گیری", "تصمیم‌گیری", "تصمیمگیری"):
        assert [c.terms for c in parse(q, A).clauses] == [["تصمیم"], ["گیری"]]


def test_known_words_are_not_split():
    p = add_compound_variants(parse("آسمان", A), A, lambda t: 1)
    assert p.clauses[0].alternatives == []


@pytest.mark.parametrize("typed", ["«کتاب ایران»", "“کتاب ایران”", "„کتاب ایران“", "«کتاب ایران\""])
def test_typographic_quotation_marks_make_a_phrase(typed):
    # Persian guillemets and curly quotes are quotation marks as " is (a new user's «جام جهانی» had been two
    # plain words: 1,013 results against the phrase's 88)
    got, want = parse(typed, A), parse('"کتاب ایران"', A)
    assert [(c.kind, c.terms) for c in got.clauses] == [(c.kind, c.terms) for c in want.clauses] == \
        [("phrase", [t for c in want.clauses for t in c.terms])]


def test_a_lone_quotation_mark_is_dropped_with_a_note_naming_it():
    from kavosh.query.plan import drop_lone_quote

    assert drop_lone_quote("«کتاب ایران") == (" کتاب ایران", drop_lone_quote("«کتاب ایران")[1])
    text, note = drop_lone_quote("«کتاب» ایران»")
    assert text == '"کتاب" ایران ' and str(note) == "the » at position 13 is never closed: it was ignored"
    assert note.code == "quote_ignored" and note.details == {"position": 13, "mark": "»"}
    assert drop_lone_quote('"کتاب ایران"') == ('"کتاب ایران"', None)
    assert drop_lone_quote("«کتاب ایران»") == ('"کتاب ایران"', None)
