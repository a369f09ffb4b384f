"""Golden tables for each char-filter rule (one table per rule, as in charabia)."""

import pytest

from kavosh.analysis import CHAR_RULES, normalize, normalize_with_offsets
from kavosh.analysis import chars as C

GOLDEN = {
    "delete_invisible_controls": [
        ("کتاب\u200dها", "کتابها"), ("\ufeffسلام", "سلام"), ("ایران\u200f", "ایران"),
        ("a\u00adb", "ab"), ("\u202bمتن\u202c", "متن"), ("\u2067x\u2069", "x"), ("x\u200by", "xy"),
    ],
    "map_narrow_nbsp_to_zwnj": [("می\u202fروم", "می\u200cروم")],
    "map_nbsp_to_space": [("دو\u00a0کلمه", "دو کلمه")],
    "strip_diacritics": [
        ("اِعلام", "اعلام"), ("کِتاب", "کتاب"), ("مُحَمَّد", "محمد"), ("کاملاً", "کاملا"),
        ("اللّٰه", "الله"), ("عَلیٰ", "علی"), ("خانهٔ", "خانه"), ("دعا\u0655", "دعا"),
    ],
    "strip_tatweel": [("بادبــــادک", "بادبادک"), ("ســلام", "سلام")],
    "fold_arabic_yeh": [("ايران", "ایران"), ("على", "علی"), ("ے", "ی"), ("ۍ", "ی"), ("ې", "ی")],
    "fold_yeh_hamza": [("رئیس", "رییس"), ("مسئله", "مسیله")],
    "fold_arabic_kaf": [("كتاب", "کتاب"), ("ڪ", "ک")],
    "fold_heh_variants": [("خانۀ", "خانه"), ("مدرسة", "مدرسه"), ("ہ", "ه"), ("ھ", "ه"), ("ە", "ه"), ("ۂ", "ه")],
    "fold_alef_variants": [("آسمان", "اسمان"), ("أحمد", "احمد"), ("إسلام", "اسلام"), ("ٱلله", "الله"),
                           ("مسأله", "مساله")],
    "fold_waw_hamza": [("مؤمن", "مومن"), ("رؤیا", "رویا")],
    "fold_lookalike_letters": [("ۿدف", "هدف"), ("ػمګ", "کمک"), ("ێڪډيڱڕ", "یکدیگر"), ("إښټ", "است"),
                               ("آمێزی", "امیزی"), ("آغازڱر", "اغازگر")],
    "expand_basmala_ligature": [("﷽", "بسم الله الرحمن الرحیم"), ("«﷽»", "«بسم الله الرحمن الرحیم»")],
    "delete_hamza": [("اشیاء", "اشیا"), ("جزء", "جز"), ("ء", "")],
    "map_digits_to_ascii": [("۲۰۰", "200"), ("٢٠٠", "200"), ("۱۴۰۲", "1402"), ("٣", "3"), ("۰۹", "09")],
    "map_arabic_decimal_separator": [("۱۲٫۵", "12.5")],
    "delete_arabic_thousands_separator": [("۱٬۰۰۰", "1000")],
    "map_arabic_percent": [("۵٪", "5%")],
    "lowercase": [("ICT", "ict"), ("3D", "3d"), ("Écoute", "écoute"), ("ПРИВЕТ", "привет")],
}


CONTEXT_GOLDEN = [  # respell_in_context, before the table
    ("زکوٰة", "زکات"), ("رحمٰن", "رحمان"), ("هٰذا", "هذا"), ("حیاة", "حیات"), ("مدرسة", "مدرسه"), ("کهٰ", "که"),
    ("ۃ", "ه"),
]


@pytest.mark.parametrize("src,expected", CONTEXT_GOLDEN)
def test_context_rule(src, expected):
    assert normalize(src) == expected


def test_every_rule_has_a_golden_table():
    assert {r.name for r in CHAR_RULES} == set(GOLDEN)


@pytest.mark.parametrize("rule,src,expected", [(r, s, e) for r, rows in GOLDEN.items() for s, e in rows])
def test_rule(rule, src, expected):
    assert normalize(src) == expected


def test_every_mapping_entry_changes_its_character():
    for rule in CHAR_RULES:
        for src in rule.mapping:
            assert len(src) == 1 and normalize(src) != src, (rule.name, hex(ord(src)))


def test_presentation_forms_fold_to_persian_letters():
    assert normalize("\ufee9") == C.HEH  # ARABIC LETTER HEH ISOLATED FORM
    assert normalize("\ufef1") == C.FARSI_YEH  # ARABIC LETTER YEH ISOLATED FORM -> Persian yeh
    assert normalize("\ufedb") == C.KEHEH  # ARABIC LETTER KAF INITIAL FORM -> keheh
    assert normalize("\ufefb") == "لا"  # LAM-ALEF ligature expands to two letters
    assert normalize("ＡＢＣ１２") == "abc12"


def test_zwnj_is_kept_by_char_filters():
    assert normalize("می\u200cروم") == "می\u200cروم"


def test_offsets_cover_deleted_characters():
    text = "اشیاء و بادبــادک"
    norm, starts, ends = normalize_with_offsets(text)
    assert norm == "اشیا و بادبادک"
    # the final hamza belongs to the word before it
    assert text[starts[0]:ends[3]] == "اشیاء"
    i = norm.index("بادبادک")
    assert text[starts[i]:ends[i + 6]] == "بادبــادک"


def test_expansion_maps_every_output_char_to_its_source():
    norm, starts, ends = normalize_with_offsets("x\ufefby")
    assert norm == "xلاy"
    assert starts == [0, 1, 1, 2] and ends == [1, 2, 2, 3]


def test_lookalike_letters_leave_the_persian_letters_apart():
    """The other languages' letters fold (shekar's alphabet normalizer tests); Persian's own letters,
    which differ from them by a mark, stay as they are and apart from each other."""
    for ch in "پچژگکیهدرستش":
        assert normalize(ch) == ch
    assert normalize("ګ") != normalize("گ") and normalize("ڱ") != normalize("ک")


def test_the_basmala_ligature_keeps_its_offsets():
    """The one code point gives four words, each spanning the ligature (as NFKC expansions do)."""
    normalized, starts, ends = normalize_with_offsets("و ﷽")
    assert normalized == "و بسم الله الرحمن الرحیم"
    assert (starts[2], ends[-1]) == (2, 3)
