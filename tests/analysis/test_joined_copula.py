"""Table tests, both ways, for ``است`` written joined after a vowel letter, its alef shared with the
word before it (``زیباست`` = ``زیبا است``, ``کجاست`` = ``کجا است``: ``spoken.joined_copula_base``,
``Stemmer._joined_copula``, the table ``spoken.JOINED_COPULA_WORDS``; Rust ``spoken.rs``, ``stem.rs``).
The joined word gives the base's term at one position; its spelling apart gives the base's term and
the marked ``␀است``, so their content terms meet.  Words of the word list that end so stay theirs
(``سیاست``, ``فراست``, ``کیاست``), and so do a word + the clitic ``ت`` (``حواست``) and the ``-ist`` of
loanwords after a base in ``ی`` that is no tagged word (``کمالیست``).  Both the analyzer the package
uses (the compiled core when it is built) and the Python specification.
"""

from __future__ import annotations

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer, is_stop_term, piece_terms

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}


def _content(name: str, text: str) -> list[str]:
    """The content terms of ``text``'s index terms (stopwords and second readings left out)."""
    return [t for piece in ANALYZERS[name].index_terms(text) for t in piece_terms(piece)[:1] if not is_stop_term(t)]


JOINED_MEET = [
    ("زیباست", "زیبا است"), ("دنیاست", "دنیا است"), ("خداست", "خدا است"), ("آرزوست", "آرزو است"),
    ("خودروست", "خودرو است"), ("حاکیست", "حاکی است"), ("کافیست", "کافی است"), ("اروپاست", "اروپا است"),
    ("آنجاست", "آنجا است"), ("اینجاست", "اینجا است"), ("معناست", "معنا است"), ("سینماست", "سینما است"),
    ("تهران کجاست", "تهران کجا است"),
]

JOINED_APART = [
    ("سیاست", "سیا"), ("ریاست", "ریا"), ("فراست", "فرا"), ("کیاست", "کیا"), ("حراست", "حرا"),
    ("دوست", "دو"), ("بیست", "بی"), ("لیست", "لی"), ("حواست", "حوا"), ("کمالیست", "کمال"), ("موریست", "مور"),
    ("تروریست", "ترور"), ("پوست", "پو"),
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("joined,apart", JOINED_MEET)
def test_a_copula_written_joined_meets_its_spelling_apart(analyzer, joined, apart):
    a, b = _content(analyzer, joined), _content(analyzer, apart)
    assert a and a == b, (joined, a, apart, b)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("word,other", JOINED_APART)
def test_a_word_ending_as_a_joined_copula_stays_itself(analyzer, word, other):
    assert ANALYZERS[analyzer].terms(word) != ANALYZERS[analyzer].terms(other)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_the_question_word_is_marked_in_every_spelling(analyzer):
    a = ANALYZERS[analyzer]
    assert a.index_terms("کجاست") == ["␀کجا"]
    assert a.index_terms("کجاس") == ["␀کجا"]
    assert a.index_terms("کجا است") == ["␀کجا", "␀است"]
    assert a.terms("کجاست") == a.terms("کجا")
