"""Table tests for the Arabic-script kinds of issue #14 (round 3), both ways: forms that must
meet (the same terms) and forms that must stay apart.  Each table runs through the analyzer the
package uses (the compiled core when it is built) and through the Python specification
(:class:`PythonAnalyzer`); ``test_differential.py`` compares the two on generated text.

Kind 2: Quranic and classical Arabic orthography (``normalize.respell_in_context``, the
Quranic annotation marks and the rarer letter variants of the char filters).
Kind 7: the Arabic article in joined names (``tokenize.ARABIC_NAME_HEADS``, ``Compounds.article_parts``).
Kind 6: Arabic broken plurals (``morphology.BROKEN_PLURALS``).
"""

from __future__ import annotations

import pytest

from kavosh.analysis import normalize
from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

ANALYZERS = {"default": Analyzer(), "python": PythonAnalyzer()}


def _terms(name: str, text: str) -> list[str]:
    return ANALYZERS[name].terms(text)


QURANIC_MEET = [
    # dagger alef on a waw seat is a long alef; teh marbuta after alef is teh
    ("زَکوٰة", "زکات"), ("الزَّکوٰةَ", "الزکات"), ("صلوٰة", "صلات"), ("حیوٰة", "حیات"), ("مِشْکوٰة", "مشکات"),
    ("زکاة", "زکات"), ("حیاة", "حیات"), ("نجاة", "نجات"),
    # dagger alef after a consonant is a long alef
    ("إِبْرَٰهِیمَ", "ابراهیم"), ("إِسْمَٰعِیلَ", "اسماعیل"), ("سُلَیْمَٰنَ", "سلیمان"), ("ٱلْكِتَٰبُ", "الکتاب"),
    ("ظُلُمَٰتٍ", "ظلمات"),
    # where Persian writes no alef, the dagger alef is only deleted
    ("ٱللَّهُ", "الله"), ("اللّٰهِ", "الله"), ("هٰذَا", "هذا"), ("ذٰلِکَ", "ذلک"), ("لٰکِنَّ", "لکن"), ("إِلٰهَ", "اله"),
    ("عَلیٰ", "علی"), ("موسیٰ", "موسی"),
    # annotation marks U+06D6–U+06ED (small high letters, small waw/yeh, sajdah, rub el hizb) are no part of a word
    ("بِهِۦ", "به"), ("فِیهِۦ", "فیه"), ("رَیْبَ ۛ فِیهِ", "ریب فیه"), ("ٱلْعَٰلَمِینَ ۝", "العالمین"),
    ("یَسْجُدُونَ ۩", "یسجدون"), ("۞ وَٱعْلَمُوٓا۟", "واعلموا"), ("الرَّحِیمِ\u06d6", "الرحیم"),
    # rarer letter variants fold as their common forms
    ("رحمۃ", "رحمه"), ("مدرسة", "مدرسه"), ("ہمہ", "همه"), ("ھمه", "همه"), ("علی", "على"), ("خانه\u0654", "خانه"),
    ("ٱلْحَمْدُ", "الحمد"),
]

QURANIC_APART = [
    ("قوة", "قات"), ("ذروة", "ذرات"),  # a waw seat is read as alef only with the dagger alef or in CLASSICAL_SPELLINGS
    ("کتاب", "کاتب"), ("ابراهیم", "ابرهیم"),
    ("مدرسة", "مدرست"), ("رحمة", "رحمت"),  # teh marbuta becomes teh only after alef, elsewhere heh
    ("الله", "اللاه"), ("هذا", "هاذا"),
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", QURANIC_MEET)
def test_quranic_spellings_meet_persian_ones(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert ta and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", QURANIC_APART)
def test_quranic_rules_keep_other_words_apart(analyzer, a, b):
    assert _terms(analyzer, a) != _terms(analyzer, b)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_annotation_marks_are_never_terms(analyzer):
    marks = "".join(chr(c) for c in range(0x06D6, 0x06EE))
    assert _terms(analyzer, marks) == []
    for c in range(0x06D6, 0x06EE):
        assert _terms(analyzer, f"کتاب {chr(c)} قلم") == _terms(analyzer, "کتاب قلم"), hex(c)
    assert _terms(analyzer, "\u0671") == _terms(analyzer, "ا")


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_a_highlight_covers_the_marks_of_its_word(analyzer):
    """Offsets: a token of Quranic text spans its diacritics, dagger alef, waw seat and the
    annotation marks written right after it, and the alef wasla that starts it."""
    text = "ٱلصَّلوٰةَ بِهِۦ ذٰلِکَ ۩"
    tokens = ANALYZERS[analyzer].analyze(text)
    assert [text[t.start:t.end] for t in tokens] == ["ٱلصَّلوٰةَ", "بِهِۦ", "ذٰلِکَ"]
    assert [t.word for t in tokens] == ["الصلات", "به", "ذلک"]


def test_respelling_keeps_the_length_and_is_idempotent():
    from kavosh.analysis.normalize import respell_in_context

    for a, _b in QURANIC_MEET:
        assert len(respell_in_context(a)) == len(a)
        assert normalize(normalize(a)) == normalize(a)


def test_the_snippet_scan_finds_quranic_spellings():
    """``search.written`` turns a normalized word back into every way it may be written, the
    context rule's spellings included, so a snippet of Quranic text is found and highlighted."""
    import re

    from kavosh.search.written import written_pattern

    for word, text in [("زکوٰة", "وَآتُوا الزَّکوٰةَ"), ("ابراهیم", "إِبْرَٰهِیمَ"), ("رحمة", "رحمۃ")]:
        assert re.search(written_pattern(normalize(word)), text), word


# Kind 7: the Arabic article and joined Arabic names (tokenize.ARABIC_NAME_HEADS, Compounds.article_parts)

ARTICLE_MEET = [
    ("عبدالله", "عبد الله"), ("عبدالله", "عبد‌الله"), ("ابوالفضل", "ابو الفضل"),
    ("ذوالحجه", "ذو الحجه"), ("حقالناس", "حق الناس"), ("عبدالرحیم", "عبد الرحیم"), ("نورالدین", "نور الدین"), ("ابوالحسن", "ابو الحسن"),
    ("علیالخصوص", "علی الخصوص"), ("صدرالدین", "صدر الدین"), ("نصرالله", "نصر الله"), ("عبدالحسین", "عبد‌الحسین"),
    ("دارالسلام", "دار السلام"),
]

ARTICLE_APART = [
    ("الان", "لان"), ("البته", "بته"), ("الگو", "گو"), ("الهام", "هام"), ("الماس", "ماس"),  # Persian words in ال
    ("عبدالله", "عبد"), ("ابوالفضل", "فضل"),
    ("بینالود", "بین الود"),  # a mountain range, no Arabic name: بین is no head
    ("کمالات", "کم الات"), ("ایتالیا", "ایت الیا"),  # ال inside a word that is no joined name
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", ARTICLE_MEET)
def test_joined_arabic_names_meet_their_spelling_apart(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert len(ta) == 2 and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", [("دارالترجمه", "دار الترجمه"), ("دارالترجمه", "دار‌الترجمه"), ("دارالفنون", "دار الفنون"),
                                 ("امیرالمومنین", "امیر المؤمنین")])
def test_a_name_the_compound_list_writes_solid_is_one_term_in_every_spelling(analyzer, a, b):
    # the list's دار#الترجمه: joined, as its solid spelling is what the word list sees (morphology._solid)
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert len(ta) == 1 and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", ARTICLE_APART)
def test_the_article_rule_keeps_other_words_apart(analyzer, a, b):
    assert _terms(analyzer, a) != _terms(analyzer, b)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_persian_words_beginning_with_al_stay_whole(analyzer):
    for word in ("الان", "البته", "الگو", "الهام", "الماس", "البرز", "الکترونیک", "الف"):
        assert _terms(analyzer, word) == [ANALYZERS[analyzer].normalize_term(word)] or len(_terms(analyzer, word)) == 1


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_a_joined_name_takes_two_positions_and_keeps_its_offsets(analyzer):
    text = "کتاب عبدالله و ابو الفضل"
    tokens = ANALYZERS[analyzer].analyze(text)
    assert [(t.word, t.position, text[t.start:t.end]) for t in tokens][1:3] == [
        ("عبد", 1, "عبد"), ("الله", 2, "الله")]
    assert [t.term for t in tokens][-2:] == _terms(analyzer, "ابوالفضل")


def test_the_heads_are_normalized():
    from kavosh.analysis.tokenize import ARABIC_NAME_HEADS

    assert all(normalize(h) == h for h in ARABIC_NAME_HEADS)


# Kind 2: the classical spellings in وة written without the dagger alef (morphology.CLASSICAL_SPELLINGS)

CLASSICAL_MEET = [
    ("زکوة", "زکات"), ("زکوة", "زکوٰة"), ("زکوه", "زکات"), ("صلوة", "صلات"), ("صلوة", "صلوٰة"), ("حیوة", "حیات"),
    ("حیوة", "حیوٰة"), ("نجوة", "نجات"), ("مشکوة", "مشکات"), ("منوة", "منات"), ("زکوةش", "زکاتش"),
    ("صلوة و زکوة", "صلات و زکات"),
    # the basmala as a Quran site writes it (the dagger alef) and as Persian types it (a new user's finding)
    ("الرَّحْمَٰنِ", "الرحمن"), ("بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ", "بسم الله الرحمن الرحیم"),
    ("عبدالرحمٰن", "عبدالرحمن"), ("عبدالرحمان", "عبدالرحمن"), ("رحمن", "رحمان"),
    # Arabic phrases Persian writes its own way (session q, a new user's finding): لله = الله, حجة = حجت
    ("لله", "الله"), ("الحمد لله", "الحمد الله"),
]

CLASSICAL_APART = [
    ("قوة", "قات"), ("قوة", "زکات"), ("ذروة", "ذرات"), ("عروة", "عرات"), ("ثروة", "ثرات"),  # no general وة → ات
    ("زکوة", "کوه"), ("صلوة", "صلوات"), ("حیوة", "حیوان"),
    ("رحمان", "رحمت"), ("الرحمن", "رحمان"), ("بسم", "بس"), ("بسم الله", "بس الله"),  # no article stripped; بسم no بس + م
    ("ذی‌الحجه", "حجت"), ("ذیحجه", "ذی حجت"), ("له", "الله"),  # the month is no حجت; له is no لله
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", CLASSICAL_MEET)
def test_classical_spellings_meet_persian_ones(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert ta and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", CLASSICAL_APART)
def test_classical_spellings_keep_other_words_apart(analyzer, a, b):
    assert _terms(analyzer, a) != _terms(analyzer, b)


def test_the_classical_table_is_lexicon_guarded():
    """Every Persian spelling is a word of the word list; no classical spelling (normalized) is a
    word of its own as frequent as it (the list holds the classical spellings themselves: ``مشکوه``)."""
    from kavosh.analysis.morphology import CLASSICAL_SPELLINGS, _key

    freq = ANALYZERS["python"].lexicon_freq
    for classical, persian in CLASSICAL_SPELLINGS:
        assert freq.get(_key(persian), 0) > 50_000, persian
        assert freq.get(_key(classical), 0) < freq[_key(persian)] / 3, classical


# Kind 6: Arabic broken plurals (morphology.BROKEN_PLURALS)

BROKEN_MEET = [
    ("ادیان", "دین"), ("قواعد", "قاعده"), ("علوم", "علم"), ("اشخاص", "شخص"), ("مسائل", "مسئله"), ("مسائل", "مساله"),
    ("معانی", "معنی"), ("نکات", "نکته"), ("ارکان", "رکن"), ("کتب", "کتاب"), ("مناطق", "منطقه"), ("قوانین", "قانون"),
    ("اقالیم", "اقلیم"), ("قواعدش", "قاعده"),
]

BROKEN_APART = [
    ("اخلاق", "خلق"), ("اطراف", "طرف"), ("اصول", "اصل"), ("مواد", "ماده"), ("حروف", "حرف"), ("ملل", "ملت"),
    ("ادیان", "اد"), ("معانی", "مع"), ("اسامی", "اسا"),  # no longer over-stemmed into other words
    ("علوم", "علامت"), ("دین", "دینار"),
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", BROKEN_MEET)
def test_broken_plurals_meet_their_singulars(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert ta and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", BROKEN_APART)
def test_plurals_that_are_words_of_their_own_stay_apart(analyzer, a, b):
    assert _terms(analyzer, a) != _terms(analyzer, b)


def test_the_broken_plural_table_is_lexicon_guarded():
    """Both words of every pair are in the word list, no singular is a plural of the table
    (the stemmer would loop), and no singular is a stopword."""
    from kavosh.analysis.morphology import BROKEN_PLURALS, _key

    analyzer = ANALYZERS["python"]
    freq = analyzer.lexicon_freq
    plurals = {_key(p) for p, _s in BROKEN_PLURALS}
    for p, s in BROKEN_PLURALS:
        assert freq.get(_key(p), 0) > 10_000 and freq.get(_key(s), 0) > 10_000, (p, s)
        assert _key(s) not in plurals and _key(s) not in analyzer.stopwords, s


# Kind 1: glued auxiliaries and prepositions (tokenize.GLUED_PARTS, Compounds.glued_parts)

GLUED_MEET = [
    ("رفتهاست", "رفته است"), ("رفتهاست", "رفته‌است"), ("نرفتهاست", "نرفته است"), ("گفتهاست", "گفته است"),
    ("شدهاست", "شده است"), ("بهراحتی", "به راحتی"), ("بهراحتی", "به‌راحتی"), ("بهدست", "به دست"),
    ("بهعنوان", "به عنوان"), ("بهعنوان", "به‌عنوان"), ("بهطور", "به طور"), ("بهصورت", "به صورت"),
    ("درحالیکه", "در حالی که"), ("درحالیکه", "در حالیکه"), ("درحالیکه", "در حالی‌که"), ("علاوهبر", "علاوه بر"),
    ("علاوهبر", "علاوه‌بر"), ("ازجمله", "از جمله"), ("درحالی‌که", "درحالیکه"), ("درحالی‌که", "در حالی که"),
    # Arabic phrases written as one word (session q, a new user's finding)
    ("ان‌شاءالله", "ان شاء الله"), ("انشاءالله", "ان شاء الله"), ("انشالله", "ان شاء الله"), ("انشاالله", "ان‌شاالله"),
    ("ان‌شا‌ء‌الله", "انشالله"), ("ماشاءالله", "ما شاء الله"), ("ماشالله", "ما‌شاءالله"), ("الحمدلله", "الحمد لله"),
    ("الحمدلله", "الحمد للّه"),
    # the past progressive perfect, می (and نمی) before the participle (Lucene's TestPersianAnalyzer)
    ("میخوردهاست", "می‌خورده است"), ("میشدهاست", "می‌شده است"), ("نمیرفتهاست", "نمی‌رفته است"),
    ("خورده میشدهاست", "خورده می‌شده است"),
    # the passive: a participle glued to a form of شدن (tokenize.PASSIVE_AUXILIARIES; a new user's finding)
    ("دیدهشد", "دیده شد"), ("دادهشد", "داده شد"), ("گفتهشده", "گفته شده"), ("نوشتهمیشود", "نوشته می‌شود"),
    ("دادهنشد", "داده نشد"), ("خواندهشدند", "خوانده شدند"), ("ساختهنمیشود", "ساخته نمی‌شود"),
    ("ساختهشود", "ساخته شود"), ("او دیروز دیدهشد", "او دیروز دیده شد"),
]

GLUED_APART = [
    ("بهنام", "به نام"), ("بهداشت", "به داشت"), ("بهمن", "به من"), ("بهار", "به ار"),
    ("کوتاهاست", "کوتاه"),  # not a participle: no split, no meeting کوتاه
    ("رفتهاست", "رفت"), ("بهراحتی", "راحت"),
    ("دیدهشد", "دیده"), ("دادهشده", "داده‌ها"),  # the passive is the verb, not the noun
    ("خانهشد", "خانه شد"), ("کوتاهشد", "کوتاه شد"),  # no participle before شد: one word
    ("انشالله", "انشا"), ("ماشالله", "ماشا"),  # the phrase is not the word انشا "composition"
]


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", GLUED_MEET)
def test_glued_function_words_meet_their_spelling_apart(analyzer, a, b):
    ta, tb = _terms(analyzer, a), _terms(analyzer, b)
    assert ta and ta == tb, (a, ta, b, tb)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
@pytest.mark.parametrize("a,b", GLUED_APART)
def test_words_that_begin_or_end_like_a_function_word_stay_whole(analyzer, a, b):
    assert _terms(analyzer, a) != _terms(analyzer, b)


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_words_in_beh_that_the_word_list_knows_stay_one_term(analyzer):
    for word in ("بهروز", "بهنام", "بهداشت", "بهمن", "بهبود", "بهینه", "بهرام", "بهشت", "بهانه"):
        assert len(_terms(analyzer, word)) == 1, word


def test_a_glued_passive_in_the_word_list_stays_whole():
    """A participle glued to a form of شدن splits only when the glued word is not in the word list."""
    from kavosh.analysis.tokenize import Compounds

    assert Compounds([], freq={}, past={"دید"}).glued_parts("دیدهشد") == ["دیده", "شد"]
    assert Compounds([], freq={}, past={"دید"}).glued_parts("دیدهمیشود") == ["دیده", "میشود"]
    assert Compounds([], freq={"دیدهشد": 3}, past={"دید"}).glued_parts("دیدهشد") is None
    assert Compounds([], freq={"رفتهاست": 3}, past={"رفت"}).glued_parts("رفتهاست") == ["رفته", "است"]  # as before
    assert Compounds([], freq={}, past={"دید"}).glued_parts("خانهشد") is None


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_a_glued_split_keeps_positions_and_offsets(analyzer):
    text = "او رفتهاست و بهراحتی"
    tokens = ANALYZERS[analyzer].analyze(text)
    assert [(text[t.start:t.end], t.position) for t in tokens] == [
        ("او", 0), ("رفته", 1), ("است", 2), ("و", 3), ("به", 4), ("راحتی", 5)]
