"""Table tests, both ways, for the compounds of ``data/compounds.txt`` that the list writes solid
(``کیفر#خواست``: its parts apart by ``#``).  A new user found the query ``میخوام`` ("I want") matching
``کیفرخواست`` ("indictment"): the compound was split into ``کیفر`` + ``خواست``, and ``خواست`` is the
term of every form of ``خواستن``.  The list's ``#`` compounds were looked up in the word list with
the mark, so counted 0 times solid and split (1,078 of 1,251); their solid spelling's frequency now
decides, like the half-spaced compounds' (``morphology._solid``, Rust ``lexicon.rs``): a compound the
word list sees solid is one term in every spelling, and none of its parts meets an unrelated verb.
Each table runs through the analyzer the package uses (the compiled core when it is built) and the
Python specification (:class:`PythonAnalyzer`).
"""

from __future__ import annotations

from importlib import resources

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer
from kavosh.analysis.morphology import _solid
from kavosh.analysis.normalize import normalize
from kavosh.analysis.tokenize import surface_to_word

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}

# every spelling of a solid compound (joined, apart, half-space, inflected) is one term
SOLID_MEET = [
    ("کیفرخواست", "کیفر خواست"), ("کیفرخواست", "کیفر‌خواست"), ("کیفرخواست", "کیفرخواست‌ها"),
    ("کیفرخواست", "کیفرخواستش"), ("پدرخوانده", "پدر خوانده"), ("فرزندخوانده", "فرزند‌خوانده"),
    ("آخرالزمان", "آخر الزمان"), ("دورافتاده", "دور افتاده"), ("آبدارخانه", "آبدار خانه"),
    ("سرماخورده", "سرما خورده"), ("خدانخواسته", "خدا نخواسته"), ("بازپرداخت", "باز پرداخت"),
]

# a solid compound's parts are no terms of it: it does not meet a verb, nor a word, that one part is
SOLID_APART = [
    ("کیفرخواست", "میخوام"), ("کیفرخواست", "می‌خواهم"), ("کیفرخواست", "خواست"), ("کیفرخواست", "کیفر"),
    ("پدرخوانده", "خواندم"), ("دخترخوانده", "می‌خواند"), ("سرماخورده", "خوردیم"), ("دورافتاده", "افتادند"),
    ("خدانخواسته", "نمی‌خواهد"), ("آخرالزمان", "زمان"), ("ازکارافتاده", "کار"), ("شعارنوشته", "نوشتن"),
]


def _terms(name: str, text: str) -> list[str]:
    return ANALYZERS[name].terms(text)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", SOLID_MEET)
def test_a_solid_compound_is_one_term_in_every_spelling(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert len(ta) == 1 and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("compound,other", SOLID_APART)
def test_a_solid_compound_shares_no_term_with_a_word_one_part_spells(analyzer, compound, other):
    tc, to = _terms(analyzer, compound), _terms(analyzer, other)
    assert not set(tc) & set(to), (compound, tc, other, to)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_a_solid_compound_the_word_list_knows_is_never_split(analyzer):
    """Every ``#`` compound of the list whose solid spelling the word list sees is one term."""
    a = ANALYZERS[analyzer]
    freq = a.lexicon_freq
    lines = (resources.files("kavosh.analysis") / "data" / "compounds.txt").read_text(encoding="utf-8").splitlines()
    solid = [_solid(surface_to_word(normalize(line))) for line in lines if "#" in line and not line.startswith("#")]
    assert len(solid) > 1200
    known = [w for w in solid if freq.get(w, 0) > 0]
    split = [(w, a.terms(w)) for w in known if len(a.terms(w)) != 1]
    assert len(known) > 1100 and split == []
