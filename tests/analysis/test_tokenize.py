"""Golden tables for the tokenizer: half-space joining, numbers, mixed script."""

import pytest

from kavosh.analysis import normalize
from kavosh.analysis.tokenize import surface_to_word, tokenize

CASES = [
    # half-space variants all become one token
    ("کتاب‌ها", ["کتابها"]), ("کتابها", ["کتابها"]), ("کتاب ها", ["کتابها"]),
    ("می‌شوند", ["میشوند"]), ("میشوند", ["میشوند"]), ("می شوند", ["میشوند"]),
    ("نمی دانم", ["نمیدانم"]), ("شبکه های اجتماعی", ["شبکههای", "اجتماعی"]),
    ("بزرگ تر", ["بزرگتر"]), ("بزرگ ترین", ["بزرگترین"]), ("خانه ای", ["خانهای"]),
    ("رفته اند", ["رفتهاند"]), ("کتاب های من", ["کتابهای", "من"]),
    # no joining across punctuation or line breaks, or of words that merely start like a suffix
    ("کتاب، ها", ["کتاب", "ها"]), ("کتاب\nها", ["کتاب", "ها"]), ("میز و صندلی", ["میز", "و", "صندلی"]),
    ("می", ["می"]), ("هایده خواند", ["هایده", "خواند"]), ("کتاب هاشمی", ["کتاب", "هاشمی"]),
    # numbers
    ("۱۲٫۵ درصد", ["12.5", "درصد"]), ("۱۴۰۲/۰۵/۱۲", ["1402/05/12"]), ("200,000 نفر", ["200000", "نفر"]),
    ("ساعت ۱۰:۳۰", ["ساعت", "10:30"]), ("۲۰۰ هزار", ["200", "هزار"]),
    # mixed script
    ("ICT و 3D", ["ict", "و", "3d"]), ("ویندوز۱۰", ["ویندوز", "10"]), ("mp3", ["mp3"]),
    ("iPhone ۱۵", ["iphone", "15"]), ("東京 и Москва", ["東京", "и", "москва"]),
    # punctuation only
    ("«»،؛؟!", []), ("", []),
]


@pytest.mark.parametrize("text,words", CASES)
def test_tokenize(text, words):
    assert [surface_to_word(s) for s in tokenize(normalize(text))] == words


# Compounds (word list decides the usual spelling) and derivational suffixes written apart:
# every spelling gives the same words; stopwords and verbs never host a suffix.
COMPOUND_CASES = [
    ("هم چنین", ["همچنین"]), ("هم‌چنین", ["همچنین"]), ("همچنین", ["همچنین"]),
    ("این که", ["اینکه"]), ("اینکه", ["اینکه"]),
    ("تصمیم گیری", ["تصمیم", "گیری"]), ("تصمیم‌گیری", ["تصمیم", "گیری"]), ("تصمیمگیری", ["تصمیم", "گیری"]),
    ("قلم چی", ["قلمچی"]), ("قلم‌چی", ["قلمچی"]), ("قلمچی", ["قلمچی"]),
    ("توپ چی", ["توپچی"]), ("قلم چی ها", ["قلمچیها"]), ("قاچاق‌چی‌ها", ["قاچاقچیها"]),
    ("همه چی", ["همه", "چی"]), ("هر چی", ["هر", "چی"]), ("گفتی چی", ["گفتی", "چی"]),
    ("قلم، چی", ["قلم", "چی"]), ("کتاب چیز", ["کتاب", "چیز"]), ("قلم چین", ["قلم", "چین"]),
]


@pytest.mark.parametrize("text,words", COMPOUND_CASES)
def test_compounds_and_derivational_suffixes(text, words):
    from kavosh.analysis.analyzer import default_analyzer

    compounds = default_analyzer().compounds
    assert [surface_to_word(s) for s in tokenize(normalize(text), compounds)] == words
