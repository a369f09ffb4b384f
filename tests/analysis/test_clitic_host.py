"""Table tests, both ways, for the clitic pronouns of a word the word list does not tag (issue #14 kinds 5
and 10: no lemma that is not a word).  A clitic (``ش``, ``م``, ``ت``, ``اش``, ``ام``) comes off such a word
only when the remainder is a known word (``morphology.clitic_host``, ``MIN_CLITIC_HOST_FREQ``; Rust
``stem.rs`` ``clitic_host``): a tagged word, a tagged word + ``ی`` or + a plural or comparative ending, or a
word seen 2.5M times or more.  A name or loanword keeps its last letter (``کیروش``, Carlos Queiroz's Persian
spelling, was ``کیرو``); the clitic forms of known words still fold (``کتابش``, ``دستش``, ``تیمش``).  Both the
analyzer the package uses (the compiled core when it is built) and the Python specification.
"""

from __future__ import annotations

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer
from kavosh.analysis.morphology import MIN_CLITIC_HOST_FREQ, Stemmer, clitic_host

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}

# (name or loanword, the non-word a clitic rule made of it): every one from the four corpora, not in the
# word list, its remainder untagged and seen under MIN_CLITIC_HOST_FREQ times
NAMES_KEPT = [
    ("کیروش", "کیرو"), ("فولام", "فولا"), ("فولهام", "فوله"), ("وستهام", "وسته"), ("تورام", "تورا"),
    ("ویکم", "ویک"), ("بلوم", "بلو"), ("شالوم", "شالو"), ("سورینام", "سورینا"), ("لوکاش", "لوکا"),
    ("لوفت", "لوف"), ("لاکازت", "لاکاز"), ("استیوارت", "استیوار"), ("لمبرت", "لمبر"), ("کرافت", "کراف"),
    ("هورنت", "هورن"), ("استنت", "استن"), ("پلنت", "پلن"), ("محمت", "محم"), ("گراست", "گراس"),
    ("کروش", "کرو"), ("کیوشی", "کیو"),
    # names of the word list ending so: kept before this rule too
    ("داریوش", "داریو"), ("کیانوش", "کیانو"), ("سیاوش", "سیاو"), ("کوروش", "کورو"), ("بهرام", "بهرا"),
]

# (clitic form of a known word, the word): tagged hosts, a tagged word + ی / plural / comparative, a
# frequent untagged host
CLITICS_FOLD = [
    ("کتابش", "کتاب"), ("دستش", "دست"), ("کتابم", "کتاب"), ("دستت", "دست"), ("خانه‌اش", "خانه"),
    ("تیمش", "تیم"), ("اینستاگرامش", "اینستاگرام"), ("آپارتمانش", "آپارتمان"),
    ("شاگردانش", "شاگرد"), ("فرزندانم", "فرزند"), ("کارهایم", "کار"), ("همسایگانش", "همسایه"),
    ("کوچکترش", "کوچک"), ("متحدینش", "متحد"), ("عمویش", "عمو"), ("غذایش", "غذا"),
    ("حاضریم", "حاضر"), ("مجبوریم", "مجبور"),
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("name,wrong", NAMES_KEPT)
def test_a_name_keeps_its_last_letter(analyzer, name, wrong):
    a = ANALYZERS[analyzer]
    assert a.terms(name) != a.terms(wrong), (name, a.terms(name))


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("form,word", CLITICS_FOLD)
def test_a_clitic_form_of_a_known_word_still_folds(analyzer, form, word):
    a = ANALYZERS[analyzer]
    assert a.terms(form) == a.terms(word), (form, a.terms(form), word, a.terms(word))


def test_kiroush_is_one_term_of_its_own():
    for a in ANALYZERS.values():
        assert a.terms("کیروش") == ["کیروش"]
        assert a.terms("کیروش گفت") == ["کیروش", "گفت"]


def test_clitic_host_reads_the_word_list():
    lex = Stemmer().lexicon
    assert lex.freq["کیرو"] < MIN_CLITIC_HOST_FREQ and "کیرو" not in lex.nouns
    assert not clitic_host("کیرو", lex.freq, lex.nouns)
    assert clitic_host("کتاب", lex.freq, lex.nouns)  # tagged
    assert clitic_host("تیم", lex.freq, lex.nouns) and "تیم" not in lex.nouns  # untagged, 111M
    assert clitic_host("شاگردان", lex.freq, lex.nouns)  # a tagged word + plural
    assert clitic_host("همسایگان", lex.freq, lex.nouns)  # گان after a silent ه
    assert clitic_host("حاضری", lex.freq, lex.nouns)  # a tagged word + ی
