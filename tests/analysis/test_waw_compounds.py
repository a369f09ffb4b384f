"""Compounds in «و» (issue #14, found by a new user: ``tokenize.WAW_COMPOUNDS``), both analyzers.

Every spelling of a compound of the table is one term at one position (``گفت‌وگو`` = ``گفتوگو`` =
``گفتگو`` = ``گفت و گو``); the words of a sentence that are not the compound stay apart
(``گفت و رفت``, ``آب و نان``, ``گفت و گوش``).
"""

from __future__ import annotations

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer, without_surface
from kavosh.analysis.tokenize import WAW_COMPOUNDS

ANALYZERS = [pytest.param(PythonAnalyzer(), id="python"), pytest.param(Analyzer(), id="core")]
ZWNJ = "\u200c"

SPELLINGS = [
    ["گفت‌وگو", "گفتوگو", "گفتگو", "گفت و گو", "گفت‌و‌گو", "گفت وگو", "گفت‌و گو"],
    ["جست‌وجو", "جستوجو", "جستجو", "جست و جو", "جست‌و‌جو"],
    ["رفت‌وآمد", "رفتوآمد", "رفت و آمد", "رفت‌و‌آمد"],
    ["آب‌وهوا", "آبوهوا", "آب و هوا", "آب‌و‌هوا", "آب وهوا"],
    ["شست‌وشو", "شستوشو", "شستشو", "شست و شو"],
    ["داد و ستد", "دادوستد", "داد‌و‌ستد"],
    ["گفت و گوها", "گفت‌وگوها", "گفتگوها", "گفتوگوهای"],
]
"""Each row: spellings that give the same one term."""

APART = [
    ("گفت و گفت", 3), ("آب و نان", 3), ("گفت و گوش", 3), ("او گفت و رفت", 4), ("رفت و برگشت", 3),
    ("آب و هوای", 1), ("هوا و آب", 3), ("گفت. و گو", 3), ("گفت و\nگو", 3),
]
"""``(text, positions)``: only the first part, ``و`` and the second part written with one space or
half-space each make the compound (a suffix may follow the second part: ``آب و هوای``)."""


@pytest.mark.parametrize("analyzer", ANALYZERS)
@pytest.mark.parametrize("spellings", SPELLINGS, ids=lambda s: s[0])
def test_every_spelling_is_one_term(analyzer, spellings):
    terms = {tuple(without_surface(analyzer.index_terms(s))) for s in spellings}
    assert len(terms) == 1, terms
    (only,) = terms
    assert len(only) == 1 and not only[0].startswith("\u2400"), only


@pytest.mark.parametrize("analyzer", ANALYZERS)
@pytest.mark.parametrize("text,positions", APART)
def test_other_words_around_waw_stay_apart(analyzer, text, positions):
    terms = without_surface(analyzer.index_terms(text))
    assert len(terms) == positions, terms


@pytest.mark.parametrize("analyzer", ANALYZERS)
def test_the_compound_keeps_its_place_and_offsets(analyzer):
    text = "بحث گفت و گو با او"
    tokens = analyzer.analyze(text)
    assert [t.position for t in tokens] == [0, 1, 2, 3]
    assert text[tokens[1].start:tokens[1].end] == "گفت و گو"
    assert tokens[1].term == analyzer.terms("گفتگو")[0]
    assert analyzer.terms("نتیجه گفت و گو و جست و جو") == analyzer.terms("نتیجه گفتگو و جستجو")


def test_the_table_is_lexicon_guarded():
    """Each compound's joined spelling is a word of the word list, far more frequent than the
    phrase would suggest by chance; the second parts are no stopwords."""
    analyzer = PythonAnalyzer()
    freq = analyzer.lexicon_freq
    for head, tail, bare in WAW_COMPOUNDS:
        assert freq.get(head + "و" + tail, 0) >= 30_000 or (bare and freq.get(head + tail, 0) >= 1_000_000), (head, tail)
        assert tail not in analyzer.stopwords and head not in analyzer.stopwords
