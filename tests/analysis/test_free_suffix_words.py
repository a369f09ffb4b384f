"""Kind 3 of issue #14: a word that could also be a suffix, written apart (``tokenize.SPACED_SUFFIX_HOSTS``,
Rust ``scan.rs``), both ways: ``ای`` written after a space is a word of its own (the vocative
``وطن ای وطن``, ``ای کاش``, the letter E) unless the word before it ends in ``ه`` or ``ی``, where
it is the indefinite or copula suffix written apart (``خانه ای``, ``رفته ای``, ``بیماری ای``); after
a half-space it is always the suffix.  The other suffixes that are also words (``ها``, ``تر``,
``ترین``, ``ی``) keep joining: written apart in the corpora they are the suffix (every one of 50
``ها``, 100 ``تر`` and 25 ``ترین`` sampled).  Both analyzers, and the index: the vocative's word is found by its own term.
"""

from __future__ import annotations

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}


def _words(name: str, text: str) -> list[str]:
    return [t.word for t in ANALYZERS[name].analyze(text)]


def _terms(name: str, text: str) -> list[str]:
    return ANALYZERS[name].terms(text)


FREE_WORD = [
    ("وطن ای وطن", ["وطن", "ای", "وطن"]),
    ("ایران ای سرای امید", ["ایران", "ای", "سرای", "امید"]),
    ("خداحافظ ای سرزمین", ["خداحافظ", "ای", "سرزمین"]),
    ("گفت ای دوست", ["گفت", "ای", "دوست"]),
    ("کربلا ای مردم", ["کربلا", "ای", "مردم"]),
    ("ویتامین ای برای", ["ویتامین", "ای", "برای"]),
    ("فرستادن ای میل", ["فرستادن", "ای", "میل"]),
]
"""``ای`` written apart after a word that does not end in ``ه``/``ی``: a word of its own."""

SUFFIX_MEET = [
    ("خانه ای", "خانه‌ای"), ("رفته ای", "رفته‌ای"), ("حرفه ای", "حرفه‌ای"), ("بیماری ای", "بیماری‌ای"),
    ("بیماری ای", "بیماری"), ("مهمانی ای", "مهمانی"), ("کتاب ها", "کتابها"), ("بزرگ تر", "بزرگتر"),
    ("بزرگ ترین", "بزرگترین"), ("خانه ی", "خانه‌ی"),
]
"""Suffixes written apart that still join: the same terms as the suffix written joined."""


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("text,words", FREE_WORD)
def test_ai_written_apart_after_a_consonant_is_a_word(analyzer, text, words):
    assert _words(analyzer, text) == words
    assert _terms(analyzer, text)[0] == _terms(analyzer, words[0])[0]  # the word before keeps its term


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", SUFFIX_MEET)
def test_suffixes_written_apart_still_join(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert len(ta) == 1 and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_ai_after_a_half_space_is_always_the_suffix(analyzer):
    assert len(_words(analyzer, "کتاب\u200cای")) == 1
    assert _words(analyzer, "وطن\u200cای") == ["وطنای"]


def test_the_vocative_word_is_found_by_its_term(build_index):
    import kavosh

    path = build_index("free-suffix", [
        {"id": "anthem", "title": "سرود", "text": "ایران ای سرای امید بر خاکت آفتاب نوید"},
        {"id": "other", "title": "خبر", "text": "سفر به شهر امید"},
    ])
    with kavosh.Index(path, create=False) as ix:
        assert [h.id for h in ix.search("ایران").hits] == ["anthem"]
        assert [h.id for h in ix.search('"ای سرای امید"').hits] == ["anthem"]


VOCATIVE_MEET = [("خدایا", "خدا"), ("بارخدایا", "خدا"), ("پروردگارا", "پروردگار"), ("خداوندا", "خداوند"),
                 ("ساقیا", "ساقی"), ("خدایا", "ای خدا")]
VOCATIVE_APART = [("پویا", "پو"), ("گویا", "گو"), ("رویا", "رو"), ("سویا", "سو"), ("دریا", "در"), ("مزایا", "مزا"),
                  ("گویا", "گفتن")]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", VOCATIVE_MEET)
def test_a_vocative_in_a_meets_its_noun(analyzer, a, b):
    """``morphology.VOCATIVES``: the vocative suffix ``ا``/``یا`` of a curated table."""
    assert [t for t in _terms(analyzer, a) if t != "ای"] == [t for t in _terms(analyzer, b) if t != "ای"]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", VOCATIVE_APART)
def test_words_in_ya_are_no_vocatives(analyzer, a, b):
    assert not set(_terms(analyzer, a)) & set(_terms(analyzer, b))
