"""Finglish readings beyond the index's completion table (issue #14 kind 13), and a Latin word the index holds.

The word list (kavosh.query.vocabulary.word_list_vocabulary) is a second source of readings for a Latin word
no document holds as typed; a reading from it must still be found in the index.  A Latin word the index holds
(``ict`` in a news index) is kept as typed unless a cheap reading exists, its far-fetched readings only
alternatives.
"""

from __future__ import annotations

from collections import Counter

import pytest

from kavosh.analysis import Analyzer
from kavosh.analysis.analyzer import piece_terms
from kavosh.query.finglish import (
    WORD_LIST_COST,
    Vocabulary,
    choose_finglish,
    transliterate_query,
    word_list_readings,
)
from kavosh.query.readings import join_ending, word_candidates
from kavosh.query.vocabulary import word_list_vocabulary

TABLE = Vocabulary.from_words({"در": 90, "چه": 80, "وجود": 30, "دارد": 40, "سریال": 10, "روستا": 20})
"""The index's completion table: words seen twice or more (عطاری, هیولا are not)."""
WORD_LIST = Vocabulary.from_words({"عطاری": 491_422, "اتری": 8_528, "عطری": 853_623, "هیولا": 2_583_342,
                                   "جا": 55_002_489, "یاخته": 511_537, "روستایی": 15_299_602, "است": 10**9,
                                   "ایست": 3_661_230, "کتاب": 10**7, "سریال": 10**6})


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _df(analyzer: Analyzer, text: str):
    counts = Counter(t for w in text.split() for e in analyzer.index_terms(w) for t in piece_terms(e))
    return lambda t: counts[t]


@pytest.mark.parametrize("word,key", [
    ("atari", "عطاری"), ("hayoola", "هیولا"),
    ("jahayi", "جاهایی"),  # a word of the list with an ending the list does not hold joined
    ("yakhtegan", "یاختگان"),  # گان replaces the silent ه of یاخته
])
def test_the_word_list_reads_words_the_table_lacks(word, key):
    assert word_candidates(word, TABLE) == {}
    got = word_list_readings(word, WORD_LIST, {})
    assert key in got and got[key] >= WORD_LIST_COST


def test_endings_join_only_a_word_of_the_list():
    assert word_candidates("jahayi", WORD_LIST) == {}  # without open endings the joined word must be listed
    assert "جاهایی" in word_candidates("jahayi", WORD_LIST, open_endings=True)
    assert word_candidates("ketabgan", WORD_LIST, open_endings=True) == {}  # گان follows only a silent ه
    assert (join_ending("ستاره", "گان"), join_ending("کتاب", "گان"), join_ending("کتاب", "ها")) == (
        "ستارگان", None, "کتابها")


def test_the_list_is_not_asked_for_a_word_the_table_reads(analyzer):
    table = Vocabulary.from_words({"میزان": 50, "رشد": 40})
    word_list = Vocabulary.from_words({"میزن": 10**6, "میزان": 10**7, "رشد": 10**7})
    alternatives: dict = {}
    df = _df(analyzer, "میزان رشد " * 5 + "میزن")
    got = transliterate_query(["mizan", "rashd"], table, analyzer, df, alternatives=alternatives, word_list=word_list)
    assert got == (["میزان", "رشد"], []) and alternatives == {}  # not also میزن


def test_a_table_reading_is_not_read_again_from_the_list():
    assert "سریال" not in word_list_readings("serial", WORD_LIST, {"سریال": 0.35})


def test_a_reading_from_the_list_must_be_in_the_index(analyzer):
    df = _df(analyzer, "در عطاری چه چیزی وجود دارد")
    got = transliterate_query(["dar", "atari", "che", "vajood", "dard"], TABLE, analyzer, df, word_list=WORD_LIST)
    assert got == (["در", "عطاری", "چه", "وجود", "دارد"], [])
    df = _df(analyzer, "در چه چیزی وجود دارد")  # no document holds عطار: the word stays as typed
    got = transliterate_query(["dar", "atari", "che", "vajood", "dard"], TABLE, analyzer, df, word_list=WORD_LIST)
    assert got == (["در", "atari", "چه", "وجود", "دارد"], ["atari"])
    assert transliterate_query(["dar", "atari"], TABLE, analyzer, _df(analyzer, "در عطاری"))[1] == ["atari"]


def test_readings_the_letters_cannot_tell_apart_stay_alternatives(analyzer):
    df = _df(analyzer, "در اتری و عطاری و عطری")
    alternatives: dict = {}
    got = transliterate_query(["atari"], TABLE, analyzer, df, alternatives=alternatives, word_list=WORD_LIST)
    assert got[0] == ["اتری"] and sorted(map(tuple, alternatives["اتری"])) == [("عطار",), ("عطر",)]


def test_the_list_is_not_asked_for_a_latin_word_the_index_holds(analyzer):
    df = _df(analyzer, "atari هیولا " + "عطاری " * 3)
    assert transliterate_query(["atari", "hayoola"], TABLE, analyzer, df, word_list=WORD_LIST)[0] == [
        "atari", "هیولا"]


@pytest.mark.parametrize("held,expected", [
    (4, (["ict", "روستایی"], ["ict"])),  # held: است (1.5 for three letters) is no reading of it
    (0, (["ایست", "روستایی"], [])),  # not held: the letters decide, as before
])
def test_a_latin_word_the_index_holds_is_kept(analyzer, held, expected):
    table = Vocabulary.from_words({"است": 100, "روستایی": 10, "ایست": 3})
    text = "روستایی است ایست " * 5 + "ict " * held
    got = transliterate_query(["ict", "rostaei"], table, analyzer, _df(analyzer, text))
    assert got == expected


def test_a_held_latin_word_keeps_a_cheap_reading(analyzer):
    table = Vocabulary.from_words({"به": 100, "ایران": 50, "سفر": 10})
    df = _df(analyzer, "be be be iran iran iran " + "سفر به ایران " * 5)
    assert transliterate_query(["safar", "be", "iran"], table, analyzer, df) == (["سفر", "به", "ایران"], [])


def test_far_fetched_readings_of_a_held_word_are_alternatives(analyzer):
    table = Vocabulary.from_words({"است": 100, "روستایی": 10, "ایست": 3})
    alternatives: dict = {}
    df = _df(analyzer, "روستایی است ایست " * 5 + "ict " * 4)
    transliterate_query(["ict", "rostaei"], table, analyzer, df, alternatives=alternatives)
    assert alternatives["ict"] == [["ایست"]]  # است, a stopword, is not even that


def test_choose_finglish_reads_with_the_word_list(analyzer):
    df = _df(analyzer, "سریال هیولا پخش شد " + "سریال " * 5)
    table = Vocabulary.from_words({"سریال": 10, "پخش": 5})
    assert choose_finglish("serial hayoola", analyzer, df, lambda: table, lambda terms: 1) == (
        "finglish", "سریال hayoola")  # the table alone: هیولا is not a word of the index's table
    assert choose_finglish("serial hayoola", analyzer, df, lambda: table, lambda terms: 1,
                           word_list=lambda: WORD_LIST) == ("finglish", "سریال هیولا")


@pytest.mark.parametrize("typed,meant", [
    ("yalti", "ایالتی"), ("yalat", "ایالات"),  # an initial ای whose alef was left unwritten
    ("yazd", "یزد"),  # ... but ی alone is the usual reading: not ایزد
])
def test_an_initial_y_may_carry_its_alef(analyzer, typed, meant):
    table = Vocabulary.from_words({"ایالتی": 5, "ایالات": 9, "یزد": 9, "ایزد": 9})
    assert transliterate_query([typed], table, analyzer, lambda t: 0 if t.isascii() else 5)[0] == [meant]


def test_the_analyzers_word_list_is_built_once(analyzer):
    vocab = word_list_vocabulary(analyzer)
    assert vocab is word_list_vocabulary(analyzer)
    assert vocab.has("عطاری") and vocab.has("هیولا") and not vocab.has("-ان")
    assert vocab.lookup("هیولا")[1] == analyzer.lexicon_freq["هیولا"] and vocab.lookup("zzz") is None
    assert len(vocab.keys) > 150_000


# ---------------------------------------------------------------- through search
DOCS = [{"id": "h1", "title": "سریال هیولا", "text": "سریال هیولا از شبکه سه پخش می‌شود."}] + [
    {"id": f"s{i}", "title": f"سریال {i}", "text": "این سریال از شبکه دو پخش می‌شود."} for i in range(4)] + [
    {"id": f"ict{i}", "title": f"ict {i}", "text": "فناوری ict در شهرها"} for i in range(3)] + [
    {"id": "r1", "title": "ict روستایی", "text": "دفاتر ict روستایی در روستاها گسترش یافت."},
    {"id": "r2", "title": "خانه روستایی", "text": "خانه روستایی و زندگی روستایی در ایران است."}]


@pytest.fixture(scope="module")
def small_index(build_index):
    return build_index("finglish-word-list", DOCS)


def test_search_reads_a_word_seen_once_and_keeps_a_held_latin_word(small_index):
    import kavosh

    with kavosh.Index(small_index, create=False) as ix:
        res = ix.search("serial hayoola")
        assert (res.rewritten, res.rewrite_kind, res.hits[0].id) == ("سریال هیولا", "finglish", "h1")
        res = ix.search("ict rostaei")
        assert (res.rewritten, res.rewrite_kind, res.hits[0].id) == ("ict روستایی", "finglish", "r1")
