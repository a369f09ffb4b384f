"""Table tests, both ways, for kind 10 of issue #14 (over-stemming into another word) in round 3r: the
plural ``ان`` off a remainder the word list does not know as a plural's noun (``stem_rules.an_plural_rest``;
Rust ``stem.rs`` ``an_plural_rest``), a compound of the word list with a part of one letter, numerals side by
side (``compounds.numeral_run``; Rust ``compounds/make.rs``) and the future's auxiliary glued before its verb
(``compounds.FUTURE_AUXILIARIES``; Rust ``compounds.rs`` ``glued_parts``).  Both the analyzer the package uses
(the compiled core when it is built) and the Python specification.
"""

from __future__ import annotations

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer
from kavosh.analysis.morphology import MIN_CLITIC_HOST_FREQ, MIN_UNTAGGED_PLURAL_STEM, Stemmer, an_plural_rest
from kavosh.analysis.tokenize import numeral_run

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}

# (a word of its own in ان, the other word the plural rule made of it): names and places of the corpora
# (news, Hamshahri) and of a new user's finding (شجریان, the singer; روژان)
NAMES_KEPT = [
    ("شجریان", "شجری"), ("حیدریان", "حیدری"), ("روژان", "روژ"), ("تایوان", "تایو"), ("کازان", "کاز"),
    ("لنجان", "لنج"), ("هاکان", "هاک"), ("کنگان", "کنگ"), ("هومان", "هوم"), ("دیلان", "دیل"), ("جیلان", "جیل"),
]

# (a plural in ان, its noun): tagged nouns and adjectives, seen or not; untagged relational adjectives in ی;
# untagged agent nouns (a present stem, or a long remainder)
PLURALS_FOLD = [
    ("مردان", "مرد"), ("درختان", "درخت"), ("سخنان", "سخن"), ("کارکنان", "کارکن"), ("مشتریان", "مشتری"),
    ("دوستان", "دوست"), ("بازیکنان", "بازیکن"), ("حامیان", "حامی"), ("یهودیان", "یهودی"),
    ("ایرانیان", "ایرانی"), ("علاقمندان", "علاقمند"), ("گلزنان", "گلزن"), ("پژوهان", "پژوه"),
    ("دانشجویان", "دانشجو"), ("آقایان", "آقا"), ("پرندگان", "پرنده"),
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("name,wrong", NAMES_KEPT)
def test_a_word_in_an_keeps_its_ending(analyzer, name, wrong):
    a = ANALYZERS[analyzer]
    assert a.terms(name) == [name] and a.terms(name) != a.terms(wrong), (name, a.terms(name))


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("plural,noun", PLURALS_FOLD)
def test_a_plural_in_an_still_folds(analyzer, plural, noun):
    a = ANALYZERS[analyzer]
    assert a.terms(plural) == a.terms(noun), (plural, a.terms(plural), noun, a.terms(noun))


def test_an_plural_rest_reads_the_word_list():
    s = Stemmer()
    lex = s.lexicon

    def rest_ok(word: str) -> bool:
        rest = word[:-2]
        return an_plural_rest(word, rest, lex.freq.get(word, 0), word in lex.freq, word in lex.nouns,
                              (rest in lex.nouns, rest in lex.adjectives), lex.freq.get(rest, 0), s._present_stem)

    assert "روژ" not in lex.nouns and lex.freq["روژ"] < MIN_CLITIC_HOST_FREQ  # untagged, rare, short
    assert not s._present_stem("روژ")  # روژیدن: a verb of the list, its infinitive never seen
    assert not rest_ok("روژان")
    assert "شجری" in lex.nouns and "شجری" not in lex.adjectives and lex.freq["شجریان"] == 0
    assert not rest_ok("شجریان")
    assert rest_ok("مشتریان")  # the plural seen 28M times
    assert rest_ok("کارکنان")  # a tagged remainder not in ی
    assert rest_ok("ایرانیان")  # untagged, in ی
    assert rest_ok("پژوهان") and s._present_stem("پژوه")
    assert rest_ok("گلزنان")  # ends with the present stem زن
    assert len("علاقمند") >= MIN_UNTAGGED_PLURAL_STEM and rest_ok("علاقمندان")


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_a_compound_with_a_one_letter_part_is_one_word(analyzer):
    a = ANALYZERS[analyzer]
    assert a.terms("پانته‌آ") == a.terms("پانتهآ") == ["پانتها"]  # the name Panthea, not پان + ا
    assert a.terms("پانته‌آ") != a.terms("پان")
    assert len(a.analyze("پانته‌آ")) == 1
    assert a.terms("تصمیم‌گیری") == a.terms("تصمیم گیری")  # compounds of words split as before


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_numerals_side_by_side_are_two_numbers(analyzer):
    a = ANALYZERS[analyzer]
    assert [t.word for t in a.analyze("یک دو")] == ["یک", "دو"]
    assert [t.word for t in a.analyze("یک‌دو سه")] == ["یک", "دو", "سه"]
    assert "یکدو" not in a.terms("یک دو سال")
    assert [t.word for t in a.analyze("هفت هشت")] == ["هفت", "هشت"]


def test_numeral_run():
    assert numeral_run(["یک", "دو"]) and numeral_run(["هفت", "هشت"]) and numeral_run(["ده", "ده"])
    assert not numeral_run(["ده", "هزار"]) and not numeral_run(["پنج", "صد"])  # one number
    assert not numeral_run(["یک", "دوم"])  # a fraction: دوم is an ordinal
    assert not numeral_run(["کاروان", "سرا"])


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("glued,apart", [
    ("خواهدشد", "خواهد شد"), ("او بر خواهدگشت", "او بر خواهد گشت"), ("نخواهندکرد", "نخواهند کرد"),
    ("خواهیمرفت", "خواهیم رفت"), ("خواهدبود", "خواهد بود"),
])
def test_the_future_auxiliary_glued_before_its_verb(analyzer, glued, apart):
    a = ANALYZERS[analyzer]
    assert a.index_terms(glued) == a.index_terms(apart), (glued, a.index_terms(glued))


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("word", ["خواهران", "خواهرزاده", "خواهشمند", "خواهندگان", "خواهان"])
def test_words_in_khah_are_not_split(analyzer, word):
    a = ANALYZERS[analyzer]
    assert len(a.analyze(word)) == 1, (word, a.analyze(word))
