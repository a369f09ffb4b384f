"""Named Unicode code points used by the Persian analysis chain.

Every code point that the analysis logic refers to is named here, so the rules
read as ``ARABIC_YEH -> FARSI_YEH`` rather than as bare literals.  Names follow
the Unicode character names (Unicode 15, Arabic block U+0600–U+06FF).
"""

# Joiners, spaces and invisible controls
ZWNJ = "\u200c"  # ZERO WIDTH NON-JOINER: the Persian half-space
ZWJ = "\u200d"  # ZERO WIDTH JOINER
ZWSP = "\u200b"  # ZERO WIDTH SPACE
NBSP = "\u00a0"  # NO-BREAK SPACE
NNBSP = "\u202f"  # NARROW NO-BREAK SPACE (used as a half-space by some keyboards)
SOFT_HYPHEN = "\u00ad"
BOM = "\ufeff"  # ZERO WIDTH NO-BREAK SPACE / byte order mark
LRM = "\u200e"
RLM = "\u200f"
ALM = "\u061c"  # ARABIC LETTER MARK
BIDI_EMBEDDINGS = tuple(chr(c) for c in range(0x202A, 0x202F))  # LRE RLE PDF LRO RLO
BIDI_ISOLATES = tuple(chr(c) for c in range(0x2066, 0x206A))  # LRI RLI FSI PDI
WORD_JOINER = "\u2060"

# Letters
ARABIC_HAMZA = "\u0621"  # ء
ALEF_MADDA = "\u0622"  # آ
ALEF_HAMZA_ABOVE = "\u0623"  # أ
WAW_HAMZA_ABOVE = "\u0624"  # ؤ
ALEF_HAMZA_BELOW = "\u0625"  # إ
YEH_HAMZA_ABOVE = "\u0626"  # ئ
ALEF = "\u0627"  # ا
TEH = "\u062a"  # ت
TEH_MARBUTA = "\u0629"  # ة
TATWEEL = "\u0640"  # ـ (kashida)
ARABIC_KAF = "\u0643"  # ك
LAM = "\u0644"  # ل
HEH = "\u0647"  # ه
WAW = "\u0648"  # و
ALEF_MAKSURA = "\u0649"  # ى
ARABIC_YEH = "\u064a"  # ي
ALEF_WASLA = "\u0671"  # ٱ
KEHEH = "\u06a9"  # ک  (Persian kaf)
SWASH_KAF = "\u06aa"  # ڪ
HEH_DOACHASHMEE = "\u06be"  # ھ
HEH_YEH_ABOVE = "\u06c0"  # ۀ  (heh with ezafe yeh)
HEH_GOAL = "\u06c1"  # ہ
HEH_GOAL_HAMZA = "\u06c2"  # ۂ
TEH_MARBUTA_GOAL = "\u06c3"  # ۃ
FARSI_YEH = "\u06cc"  # ی
YEH_TAIL = "\u06cd"  # ۍ
E_YEH = "\u06d0"  # ې
YEH_BARREE = "\u06d2"  # ے
YEH_BARREE_HAMZA = "\u06d3"  # ۓ
AE = "\u06d5"  # ە
LOOKALIKE_LETTERS = {
    "\u06ce": "\u06cc",  # ێ YEH WITH SMALL V (Kurdish) -> ی
    "\u06ff": "\u0647",  # ۿ HEH WITH INVERTED V -> ه
    "\u063b": "\u06a9",  # ػ KEHEH WITH TWO DOTS ABOVE -> ک
    "\u06ab": "\u06a9",  # ګ KAF WITH RING -> ک (its shape; shekar reads «ػمګ» as «کمک»)
    "\u06b1": "\u06af",  # ڱ NGOE -> گ
    "\u0689": "\u062f",  # ډ DAL WITH RING -> د
    "\u0695": "\u0631",  # ڕ REH WITH SMALL V BELOW -> ر
    "\u069a": "\u0633",  # ښ SEEN WITH DOT BELOW AND DOT ABOVE -> س
    "\u067c": "\u062a",  # ټ TEH WITH RING -> ت
}
"""Letters of other Arabic-script languages (Kurdish, Pashto, Sindhi) that look like a Persian letter
with a mark, written for it in Persian text by keyboards and converters (shekar's alphabet normalizer
folds them, ``tests/unit/preprocessing/test_preprocessors.py``: «ۿدف ما ػمګ بۃ ێڪډيڱڕ إښټ» = «هدف ما
کمک به یکدیگر است»).  Folding costs Kurdish and Pashto text their own letters (ێ/ی, ڕ/ر)."""
BASMALA_LIGATURE = "\ufdfd"  # ﷽ ARABIC LIGATURE BISMILLAH AR-RAHMAN AR-RAHEEM (no NFKC decomposition)
BASMALA = "بسم الله الرحمن الرحیم"

# Diacritics (harakat, tanwin, shadda, sukun, hamza marks) and Quranic marks
HARAKAT = tuple(chr(c) for c in range(0x064B, 0x0660))  # fathatan .. hamza below, wavy hamza
SUPERSCRIPT_ALEF = "\u0670"
QURANIC_MARKS = tuple(chr(c) for c in range(0x06D6, 0x06EE))
"""Quranic annotation marks U+06D6–U+06ED: small high letters and ligatures, end of ayah, rub el
hizb, sajdah, small waw and yeh (U+06E5/U+06E6, which Unicode calls letters), small high and low
meem: never part of a word as Persian writes it."""
ARABIC_SMALL_MARKS = tuple(chr(c) for c in range(0x0610, 0x061B))  # honorifics etc. (U+0610–U+061A)
HAMZA_ABOVE = "\u0654"
HAMZA_BELOW = "\u0655"

# Digits and separators
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0–U+06F9 EXTENDED ARABIC-INDIC
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660–U+0669
ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
ARABIC_PERCENT = "\u066a"  # ٪
