"""Kind 8 of issue #14: glued runs of words split by word frequencies (``analysis/segment.py``,
``Compounds.segment``; Rust ``segment.rs``), both ways: runs that must split like their spelling
with spaces (the same terms at the same positions), and words that must stay whole (unknown
names, loanwords, rare words, inflected forms the word list does not hold).  Both analyzers: the
package's (the compiled core when it is built) and the Python specification.

The glued runs are real: unknown words of the corpora in ``../shared/data`` (Hamshahri, the
news articles, ParsiNLU, PQuAD) that are runs of words (``کهبرای`` 1229 times, ``باتوجه`` 222,
``یکهزار`` 123, ``اظهارداشت`` 92, ``امورخارجه`` 38); so are the words that stay whole.
"""

from __future__ import annotations

import time

import pytest

from kavosh.analysis import segment
from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}


def _terms(name: str, text: str) -> list[str]:
    return ANALYZERS[name].terms(text)


GLUED_RUNS = [
    ("کتابخانهملیایران", "کتابخانه ملی ایران"), ("کهبرای", "که برای"), ("باتوجه", "با توجه"),
    ("یکهزار", "یک هزار"), ("اظهارداشت", "اظهار داشت"), ("درصورت", "در صورت"), ("سیدمحمد", "سید محمد"),
    ("امورخارجه", "امور خارجه"), ("شهرخودرو", "شهر خودرو"), ("هزینهبرای", "هزینه برای"),
    ("منحصربه", "منحصر به"), ("قرارگرفت", "قرار گرفت"), ("اینصورت", "این صورت"), ("درتهران", "در تهران"),
    ("میلیاردریال", "میلیارد ریال"), ("فولادخوزستان", "فولاد خوزستان"), ("طوریکه", "طوری که"),
    ("زمانیکه", "زمانی که"), ("داردکه", "دارد که"), ("درمجموع", "در مجموع"), ("چندسال", "چند سال"),
    ("غیروابسته", "غیر وابسته"), ("ازطریق", "از طریق"), ("وزیرخارجه", "وزیر خارجه"),
    ("درنظرگرفتن", "در نظر گرفتن"), ("کروناویروس", "کرونا ویروس"), ("افکارعمومی", "افکار عمومی"),
    ("سیدمحمدخاتمی", "سید محمد خاتمی"), ("دوکشور", "دو کشور"),
]
"""``(glued, spaced)``: unknown words of the corpora that are runs of words."""

EZAFE_RUNS = [
    ("مجلسشورایاسلامی", "مجلس شورای اسلامی"), ("شورایشهر", "شورای شهر"), ("سینمایایران", "سینمای ایران"),
    ("اجرایطرح", "اجرای طرح"), ("شورایامنیت", "شورای امنیت"), ("اعضایهیات", "اعضای هیات"),
    ("افریقایجنوبی", "افریقای جنوبی"), ("ابتدایسال", "ابتدای سال"), ("ایفاینقش", "ایفای نقش"),
    ("مترویتهران", "متروی تهران"), ("دانشجویدانشگاه", "دانشجوی دانشگاه"), ("اروپایشرقی", "اروپای شرقی"),
    # the plural + ezafe
    ("نیروهایمسلح", "نیروهای مسلح"), ("کشورهایجهان", "کشورهای جهان"), ("شهرهایبزرگ", "شهرهای بزرگ"),
    ("سالهایاخیر", "سالهای اخیر"), ("سینماهایایالات", "سینماهای ایالات"),
]
"""``(glued, spaced)``: noun phrases whose first words carry the ezafe (``segment.EZAFE_FORMS``:
``شورا`` + ``ی``, ``کشور`` + ``های``), the most frequent such spaced pairs of the corpora glued
(``شورای اسلامی`` 792 times, ``شورای شهر`` 406, ``نیروهای مسلح`` 204); ``سینماهایایالات`` is
glued in the news articles, ``مجلسشورایاسلامی`` is a new user's query."""

STAY_WHOLE = [
    # foreign names and loanwords: their letters fall into short, rarer pieces (گو|ار|دی|ولا)
    "گواردیولا", "تاتنهام", "مورینیو", "اتلتیکو", "کریستیانو", "مکانیزاسیون", "تکنولوژیک", "ریدیوهد",
    "اورتون", "نیلسون", "برایتون", "هلووین", "استانفورد", "واتفورد", "ماتیاس", "ناکامورا", "مارسیال",
    "اینچیون", "اوباما", "مارادونا", "موراتا", "ماریتا", "ارماندو", "کیستیک", "دیابتیک", "کوینسه",
    # Persian surnames: never a part such as پور, زاده, نژاد
    "علیپور", "محمدزاده", "افشارزاده", "پورحیدری", "رستمزاد", "مرادنیا", "مرادخانی",
    # compounds written solid: a second element that makes one word (COMPOUND_HEADS)
    "همسرداری", "برندسازی", "نیازشناسی", "جهانگردی",
    # inflected forms the word list does not hold: a known word + endings
    "بازیکنانی", "معتقدند", "سالهاست", "اینجاست", "بازیکنانم", "کودکانی", "همکارانش", "مناسبتری",
    # verbs: a preverb + a past stem, or what the stemmer reads as a known verb
    "برگزید", "فرارسید", "درگرفت", "میزنیم", "میخرند", "میترسم", "میشدیم", "بیامیزند",
    # Arabic article words (kind 7's business) and a typo of بهراحتی
    "الاهلی", "القاسم", "الهلال", "براحتی",
]
"""Unknown words of the corpora that must stay one term."""


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("glued,spaced", GLUED_RUNS)
def test_a_glued_run_gives_the_terms_of_its_spaced_spelling(analyzer, glued, spaced):
    tg, ts = _terms(analyzer, glued), _terms(analyzer, spaced)
    assert len(tg) >= 2 and tg == ts, (glued, tg, spaced, ts)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("glued,spaced", EZAFE_RUNS)
def test_a_glued_noun_phrase_with_the_ezafe_gives_the_terms_of_its_spaced_spelling(analyzer, glued, spaced):
    tg, ts = _terms(analyzer, glued), _terms(analyzer, spaced)
    assert len(tg) >= 2 and tg == ts, (glued, tg, spaced, ts)


def test_the_ezafe_reading_keeps_the_guards():
    """A piece + ezafe is never the last piece, never followed by a piece of two letters, never of a
    base shorter than ``MIN_EZAFE_BASE`` nor after ``ه``, and its base is never a compound head."""
    seg = ANALYZERS["python"].compounds.segmenter
    assert seg.best("مجلسشورایاسلامی") == ["مجلس", "شورای", "اسلامی"]
    assert seg.best("کشورهایجهان") == ["کشورهای", "جهان"]
    assert seg.best("اعضایشورای") is None  # the ezafe ends the run: the next word is not there
    assert seg.best("اشنایدر") is None  # Schneider is not اشنای + در: no function word after an ezafe
    assert seg.best("اصلاحگرایمجلس") is None  # اصلاح + گرا(ی) is a compound written solid
    assert seg.best("خانهیمن") is None  # the ezafe after a silent ه is not written ی


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("word", STAY_WHOLE)
def test_names_loanwords_and_inflections_stay_whole(analyzer, word):
    assert len(_terms(analyzer, word)) == 1, (word, _terms(analyzer, word))


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_the_pieces_take_the_positions_and_offsets_of_the_spaced_spelling(analyzer):
    text = "بازدید از کتابخانهملیایران باتوجه"
    tokens = ANALYZERS[analyzer].analyze(text)
    assert [(text[t.start:t.end], t.position) for t in tokens] == [
        ("بازدید", 0), ("از", 1), ("کتابخانه", 2), ("ملی", 3), ("ایران", 4), ("با", 5), ("توجه", 6)]
    spaced = ANALYZERS[analyzer].analyze("بازدید از کتابخانه ملی ایران با توجه")
    assert [(t.term, t.position) for t in tokens] == [(t.term, t.position) for t in spaced]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_known_words_and_compounds_are_not_segmented(analyzer):
    # in the word list (some look like runs: کتابخانه = کتاب + خانه, خبرگزاری)
    for word in ("کتابخانه", "دانشگاه", "بیمارستان", "همچنین", "بنابراین", "خبرگزاری"):
        assert len(_terms(analyzer, word)) == 1, word


def test_the_search_is_bounded_by_the_length_of_the_word():
    """A run longer than ``MAX_SEGMENT_LETTERS`` is never searched, however it is made: a
    10,000-letter run of known words stays one token and costs a length test."""
    seg = ANALYZERS["python"].compounds.segmenter
    run = "کتابخانهملیایران" * 625  # 10,000 letters
    assert len(run) == 10_000
    assert seg.segment(run) is None and seg.best(run) is None
    at_cap = "کتابخانهملیایران" * 2 + "باتوجهدر"
    assert len(at_cap) == segment.MAX_SEGMENT_LETTERS
    assert seg.best(at_cap) == ["کتابخانه", "ملی", "ایران"] * 2 + ["با", "توجه", "در"]  # searched at the cap...
    assert seg.best("ما" + at_cap) is None  # ...not beyond
    for name, analyzer in ANALYZERS.items():
        start = time.perf_counter()
        terms = analyzer.terms(run + " " + "بازیکنانی" * 1000)
        assert len(terms) == 2, name
        assert time.perf_counter() - start < 5.0, name  # a coarse bound: this is not a benchmark


def test_every_piece_is_a_known_word_above_the_floor():
    """Each piece of a segmentation is a word of the list at least the floor for its length."""
    analyzer = ANALYZERS["python"]
    seg = analyzer.compounds.segmenter
    freq = analyzer.lexicon_freq
    for glued, _spaced in GLUED_RUNS + EZAFE_RUNS:
        pieces = seg.segment(glued)
        assert pieces is not None and "".join(pieces) == glued, glued
        for p in pieces:
            if freq.get(p, 0) == 0 and p != pieces[-1]:  # a piece + an ending of EZAFE_FORMS
                e, after = next((e, a) for e, a in segment.EZAFE_FORMS if p.endswith(e) and freq.get(p[:-len(e)], 0))
                p = p[:-len(e)]
                assert len(p) >= segment.MIN_EZAFE_BASE and (not after or p[-1] in after), (glued, p)
            if len(p) == 2:
                assert p in segment.SHORT_PIECES
            else:
                floor = segment.MIN_PIECE_FREQ_3 if len(p) == 3 else segment.MIN_PIECE_FREQ
                assert freq[p] >= floor and p not in segment.NEVER_PIECES, (glued, p)
