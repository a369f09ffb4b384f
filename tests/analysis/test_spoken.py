"""Kind 4 of issue #14: colloquial (spoken) Persian meets the standard written forms.

Table tests both ways: spoken forms that must analyse like their standard spelling, and words
that look spoken but are words of their own and must stay apart (the lexicon guard).  Run on
the default analyzer (the compiled core when built); ``tests/analysis/test_differential.py``
checks the Python specification gives the same terms.
"""

from __future__ import annotations

import pytest

from kavosh.analysis import Analyzer
from kavosh.analysis.spoken import noun_candidates, spoken_stems, squeezed

A = Analyzer()

SPOKEN_MEETS_STANDARD = [
    # verbs: spoken present stems and endings
    ("میگه", "می‌گوید"), ("میگن", "می‌گویند"), ("نمیدونم", "نمی‌دانم"), ("میتونی", "می‌توانی"),
    ("بره", "برود"), ("میخوام", "می‌خواهم"), ("میشه", "می‌شود"), ("میکنه", "می‌کند"),
    ("میکنن", "می‌کنند"), ("میدم", "می‌دهم"), ("میخونه", "می‌خواند"), ("میدونین", "می‌دانید"),
    ("بذار", "بگذار"), ("میاد", "می‌آید"), ("نره", "نرود"), ("می گه", "می‌گوید"),
    # nouns: the vowel ون for ان, spoken clitics and plural + clitic chains
    ("خیابون", "خیابان"), ("خونه", "خانه"), ("بارون", "باران"), ("جون", "جان"), ("زمستون", "زمستان"),
    ("نشون", "نشان"), ("میدون", "میدان"), ("دوستامون", "دوستانمان"), ("دوستامون", "دوست‌هایمان"),
    ("خونه‌هاتون", "خانه‌هایتان"), ("خونه هاتون", "خانه‌هایتان"), ("خونه‌مون", "خانه‌مان"),
    ("کتابامون", "کتاب‌هایمان"),
    # letters stretched for emphasis
    ("خیلیییی", "خیلی"), ("عالیههه", "عالیه"), ("سلاااام", "سلام"),
]

SPOKEN_LOOKALIKES_APART = [
    # words of their own that the spoken rules could misread (the lexicon guard keeps them)
    ("خون", "خان"), ("بدون", "بدان"), ("قانون", "قانان"), ("میمون", "ماند"), ("کنونی", "کنانی"),
    ("همگونی", "همگانی"), ("برونی", "راند"), ("پیتون", "پی"), ("پایتون", "پا"), ("ونک", "انک"), ("ستون", "ستان"),
    ("میدان", "دوید"), ("بره", "بر"), ("خونش", "خانه"), ("کانون", "کانان"), ("گونه", "گانه"),
    ("ملل", "مل"), ("الله", "اله"),
]


@pytest.mark.parametrize("spoken,standard", SPOKEN_MEETS_STANDARD)
def test_spoken_form_meets_standard(spoken, standard):
    assert A.terms(spoken) == A.terms(standard)


@pytest.mark.parametrize("word,other", SPOKEN_LOOKALIKES_APART)
def test_spoken_lookalike_stays_apart(word, other):
    assert A.terms(word) != A.terms(other)


def test_spoken_rules_propose_spellings():
    assert spoken_stems("گو") == ["گ"]
    assert spoken_stems("دان") == ["دون"]
    assert spoken_stems("توان") == ["تون"]
    assert spoken_stems("کن") == []
    assert noun_candidates("خیابون") == [("خیابان", "")]
    assert noun_candidates("دوستامون") == [("دوست", "هایمان")]
    assert noun_candidates("خونههاتون") == [("خونه", "هایتان"), ("خانه", "هایتان")]
    assert noun_candidates("ونک") == []
    assert noun_candidates("کتاب") == []
    assert squeezed("خیلیییی") == ("خیلی", "خیلیی")
    assert squeezed("الله") is None
