"""Wrong keyboard layout (kavosh.query.layout): the key tables and the decision to convert."""

from __future__ import annotations

from collections import Counter

import pytest

from kavosh.analysis import Analyzer
from kavosh.query.layout import (
    ISIRI_9147,
    LEGACY_WINDOWS,
    candidates,
    choose_layout,
    latin_to_persian,
    persian_to_latin,
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


# (US key, ISIRI 9147 character, legacy Windows character): every letter key of both layouts.
KEYS = [
    ("q", "ض", "ض"), ("w", "ص", "ص"), ("e", "ث", "ث"), ("r", "ق", "ق"), ("t", "ف", "ف"), ("y", "غ", "غ"),
    ("u", "ع", "ع"), ("i", "ه", "ه"), ("o", "خ", "خ"), ("p", "ح", "ح"), ("[", "ج", "ج"), ("]", "چ", "چ"),
    ("a", "ش", "ش"), ("s", "س", "س"), ("d", "ی", "ی"), ("f", "ب", "ب"), ("g", "ل", "ل"), ("h", "ا", "ا"),
    ("j", "ت", "ت"), ("k", "ن", "ن"), ("l", "م", "م"), (";", "ک", "ک"), ("'", "گ", "گ"),
    ("z", "ظ", "ظ"), ("x", "ط", "ط"), ("c", "ز", "ز"), ("v", "ر", "ر"), ("b", "ذ", "ذ"), ("n", "د", "د"),
    ("m", "پ", "ئ"), (",", "و", "و"), ("H", "آ", "آ"), ("C", "ژ", "ز"), ("`", "\u200d", "پ"), ("\\", "\\", "ژ"),
]


@pytest.mark.parametrize("key,isiri,legacy", KEYS)
def test_layout_tables(key, isiri, legacy):
    assert latin_to_persian(key, ISIRI_9147) == isiri
    assert latin_to_persian(key, LEGACY_WINDOWS) == legacy


@pytest.mark.parametrize("typed,meant", [
    ("dhkn;s", "یاندکس"), ("jivhk", "تهران"), ("hdvhk", "ایران"), (";jhf", "کتاب"), ("Hlvd;h", "آمریکا"),
    ("fhk; lv;cd", "بانک مرکزی"), ("NVR", "درق"),  # Caps Lock: keys without a second-level letter read as lowercase
])
def test_latin_to_persian_words(typed, meant):
    assert latin_to_persian(typed) == meant


@pytest.mark.parametrize("typed,meant", [("حغفاخد", "python"), ("زخئحعفثق", "computer"), ("ه۱۲", "i12"),
                                         ("زشپثقش", "camera")])
def test_persian_to_latin(typed, meant):
    assert persian_to_latin(typed) == meant


def test_candidates_keep_query_syntax():
    assert candidates('+jivhk -hdvhk title:;jhf "fhk; lv;cd" jiv*') == [
        ("isiri-9147", '+تهران -ایران title:کتاب "بانک مرکزی" تهر*')]
    assert candidates("jivhk AND hdvhk") == [("isiri-9147", "تهران AND ایران")]
    assert candidates("m") == [("isiri-9147", "پ"), ("windows-legacy", "ئ")]
    assert candidates("۱۴۰۰") == []  # digits alone are not a wrong layout


def _doc_freq(analyzer: Analyzer, text: str):
    counts = Counter(analyzer.terms(text))
    return lambda t: counts[t] * 50


CORPUS = ("تهران ایران کتاب یاندکس بانک مرکزی آمریکا " * 3) + " python ict brics ict brics ict"


@pytest.mark.parametrize("query,expected", [
    ("jivhk", ("isiri-9147", "تهران")),
    ("dhkn;s", ("isiri-9147", "یاندکس")),
    ("fhk; lv;cd", ("isiri-9147", "بانک مرکزی")),
    ("حغفاخد", ("latin", "python")),
    ("ICT", None), ("BRICS", None), ("python", None), ("تهران", None),
    ("xyzzy", None),  # neither the original nor a conversion is in the index: keep the original
])
def test_choose_layout(analyzer, query, expected):
    assert choose_layout(query, analyzer, _doc_freq(analyzer, CORPUS)) == expected


def test_original_found_enough_is_kept(analyzer):
    # "ali" is in the index 50 times; its conversion شمه 100 times: not ten times better.
    df = _doc_freq(analyzer, "ali شمه شمه")
    assert choose_layout("ali", analyzer, df) is None
    df = _doc_freq(analyzer, "ali " + "شمه " * 10)
    assert choose_layout("ali", analyzer, df) == ("isiri-9147", "شمه")
