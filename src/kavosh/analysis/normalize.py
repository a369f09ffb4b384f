"""Char filters: per-code-point normalization of Persian and Arabic-script text.

The char filters are an ordered list of named rules (:data:`CHAR_RULES`).  Each
rule maps single code points to a replacement string (possibly empty).  The
rules are composed into one translation table, applied with :meth:`str.translate`
on the fast (index-time) path, and code point by code point with an offset map
on the highlighting path, so both paths produce the same normalized text.

Design follows Lucene's ``PersianCharFilter``/``PersianNormalizationFilter`` and
charabia's per-script normalizers, but folds towards *Persian* letters (``ی``,
``ک``), where Lucene folds towards Arabic ones.  Unicode compatibility
decomposition (NFKD) is deliberately not used: it maps ``ۀ`` to ``ه`` + hamza
and would need a second pass; NFKC is used only to build table entries for the
Arabic presentation forms and full-width Latin, each folded again by the rules.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from . import chars as C
from .tokenize import LETTER, _letter_ranges

_LETTER_RANGES = _letter_ranges(LETTER)


def _is_letter(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _LETTER_RANGES)


@dataclass(frozen=True)
class CharRule:
    """One named char-filter rule: a map from single code points to strings.

    Attributes:
        name: a verb phrase naming what the rule does, e.g. ``fold_arabic_yeh``.
        mapping: ``{source_char: replacement}``; the replacement may be ``""``
            (delete) or several characters.
    """

    name: str
    mapping: Mapping[str, str]


def _same(chars_: str | tuple[str, ...], to: str) -> dict[str, str]:
    return {c: to for c in chars_}


CHAR_RULES: tuple[CharRule, ...] = (
    CharRule("delete_invisible_controls", _same(
        (C.ZWJ, C.ZWSP, C.SOFT_HYPHEN, C.BOM, C.LRM, C.RLM, C.ALM, C.WORD_JOINER)
        + C.BIDI_EMBEDDINGS + C.BIDI_ISOLATES, "")),
    CharRule("map_narrow_nbsp_to_zwnj", {C.NNBSP: C.ZWNJ}),
    CharRule("map_nbsp_to_space", {C.NBSP: " "}),
    CharRule("strip_diacritics", _same(C.HARAKAT + (C.SUPERSCRIPT_ALEF,) + C.QURANIC_MARKS
                                       + C.ARABIC_SMALL_MARKS, "")),
    CharRule("strip_tatweel", {C.TATWEEL: ""}),
    CharRule("fold_arabic_yeh", _same((C.ARABIC_YEH, C.ALEF_MAKSURA, C.YEH_BARREE, C.YEH_BARREE_HAMZA,
                                       C.YEH_TAIL, C.E_YEH), C.FARSI_YEH)),
    CharRule("fold_yeh_hamza", {C.YEH_HAMZA_ABOVE: C.FARSI_YEH}),
    CharRule("fold_arabic_kaf", _same((C.ARABIC_KAF, C.SWASH_KAF), C.KEHEH)),
    CharRule("fold_heh_variants", _same((C.HEH_YEH_ABOVE, C.TEH_MARBUTA, C.TEH_MARBUTA_GOAL, C.HEH_GOAL,
                                         C.HEH_GOAL_HAMZA, C.HEH_DOACHASHMEE, C.AE), C.HEH)),
    CharRule("fold_alef_variants", _same((C.ALEF_MADDA, C.ALEF_HAMZA_ABOVE, C.ALEF_HAMZA_BELOW,
                                          C.ALEF_WASLA), C.ALEF)),
    CharRule("fold_waw_hamza", {C.WAW_HAMZA_ABOVE: C.WAW}),
    CharRule("fold_lookalike_letters", dict(C.LOOKALIKE_LETTERS)),
    CharRule("expand_basmala_ligature", {C.BASMALA_LIGATURE: C.BASMALA}),
    CharRule("delete_hamza", {C.ARABIC_HAMZA: ""}),
    CharRule("map_digits_to_ascii", {d: str(i) for i, d in enumerate(C.PERSIAN_DIGITS)}
             | {d: str(i) for i, d in enumerate(C.ARABIC_INDIC_DIGITS)}),
    CharRule("map_arabic_decimal_separator", {C.ARABIC_DECIMAL_SEPARATOR: "."}),
    CharRule("delete_arabic_thousands_separator", {C.ARABIC_THOUSANDS_SEPARATOR: ""}),
    CharRule("map_arabic_percent", {C.ARABIC_PERCENT: "%"}),
    CharRule("lowercase", {chr(c): chr(c).lower() for c in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250))
                           + list(range(0x370, 0x400)) + list(range(0x400, 0x530))
                           if chr(c).lower() != chr(c) and len(chr(c).lower()) == 1}),
)
"""The char filters, in order.  Later rules see the output of earlier ones."""


def _compose(rules: tuple[CharRule, ...]) -> dict[int, str]:
    """Compose the rules into one ``str.translate`` table.

    A replacement produced by one rule is passed through the later rules, so the
    table is equivalent to applying the rules one after another.
    """
    table: dict[int, str] = {}

    def run_from(text: str, start: int) -> str:
        for rule in rules[start:]:
            text = "".join(rule.mapping.get(ch, ch) for ch in text)
        return text

    for i, rule in enumerate(rules):
        for src in rule.mapping:
            if ord(src) not in table:
                table[ord(src)] = run_from(src, i)
    # Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and full-width
    # ASCII (U+FF01–U+FF5E): NFKC gives the base letters, which the rules fold.
    for lo, hi in ((0xFB50, 0xFE00), (0xFE70, 0xFEFF), (0xFF01, 0xFF5F)):
        for cp in range(lo, hi):
            ch = chr(cp)
            if cp in table or unicodedata.category(ch) == "Cn":
                continue
            decomposed = unicodedata.normalize("NFKC", ch)
            if decomposed != ch:
                table[cp] = run_from(decomposed.strip() or decomposed, 0)
    return table


TABLE: dict[int, str] = _compose(CHAR_RULES)
"""``{code point: replacement}``, the composition of :data:`CHAR_RULES`."""

_CHANGED_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(TABLE)) + "]+")
_RESIZED_RE = re.compile("[" + "".join(re.escape(chr(c)) for c, rep in sorted(TABLE.items()) if len(rep) != 1)
                         + "]+")
"""Runs of characters whose replacement is not exactly one character (deleted or expanded): only these
need per-character work in :func:`normalize_with_offsets`; one-for-one replacements keep offsets."""


def _translate_run(m: re.Match) -> str:
    return m.group().translate(TABLE)


CONTEXT_RULE = "respell_in_context"
"""The name of the one char filter that looks at neighbours (:func:`respell_in_context`); it runs
before :data:`CHAR_RULES`."""

_CONTEXT_RE = re.compile(f"[{C.SUPERSCRIPT_ALEF}{C.TEH_MARBUTA}{C.TEH_MARBUTA_GOAL}]")
"""The characters :func:`respell_in_context` may change: the first test is this scan."""


def has_context(text: str) -> bool:
    """Whether ``text`` holds a character :func:`respell_in_context` may change (a dagger alef
    or a teh marbuta): only then can a piece of a word normalize differently alone than inside
    the word (see ``Analyzer.analyze``)."""
    return _CONTEXT_RE.search(text) is not None


def _folded(ch: str) -> str:
    """``ch`` after the table when that is one letter of :data:`~kavosh.analysis.tokenize.LETTER`
    (``ك`` → ``ک``, ``ٱ`` → ``ا``), else ``""``."""
    rep = TABLE.get(ord(ch), ch)
    return rep if len(rep) == 1 and _is_letter(rep) else ""


def _letter_before(seq, i: int) -> int:
    """The index of the letter before ``seq[i]``, skipping what the table deletes (diacritics,
    tatweel, controls), or -1 when a non-letter or the start comes first."""
    j = i - 1
    while j >= 0 and TABLE.get(ord(seq[j])) == "":
        j -= 1
    return j if j >= 0 and _folded(seq[j]) else -1


def _letter_after(seq, i: int) -> bool:
    j = i + 1
    while j < len(seq) and TABLE.get(ord(seq[j])) == "":
        j += 1
    return j < len(seq) and bool(_folded(seq[j]))


def respell_in_context(text: str) -> str:
    """The char filter that looks at neighbours: Quranic and classical Arabic spellings of a long
    alef as Persian writes them.  Length-preserving (one character for one), so offsets are kept.

    * A superscript (dagger) alef U+0670 inside a word stands for a long alef: after ``و`` (the
      Quranic waw seat) the two are one ``ا`` (``زکوٰة`` → ``زکاة``, ``صلوٰة``, ``حیوٰة``; the
      ``و`` becomes the ``ا`` and the dagger alef a tatweel, deleted by the table, so that a
      token's offsets start at the waw and its original slice normalizes alone to the same word), after any other letter it is an ``ا``
      (``ابرٰهیم`` → ``ابراهیم``, ``رحمٰن`` → ``رحمان``, ``کتٰب`` → ``کتاب``).  It stays (and is
      deleted by the table) where Persian writes no alef: after ``ا``/``ی``/``ى`` (``علیٰ``),
      after a word's first letter (``هٰذا``, ``ذٰلک``, ``لٰکن``), after ``لل`` (``اللّٰه``), after
      a word-initial ``ال`` (``إلٰه``) and at the end of a word.
    * A teh marbuta (``ة``, ``ۃ``) after ``ا`` is ``ت``, as Persian spells such words
      (``زکاة``/``زکات``, ``حیاة``/``حیات``, ``نجاة``/``نجات``); elsewhere the table folds it to ``ه``.

    Args:
        text: any string (the raw text: this runs before :data:`CHAR_RULES`).
    Returns:
        ``text`` with those characters replaced, the same length.
    """
    if not _CONTEXT_RE.search(text):
        return text
    out = list(text)
    for m in _CONTEXT_RE.finditer(text):
        i = m.start()
        if text[i] != C.SUPERSCRIPT_ALEF:  # teh marbuta: after the (already respelled) alef?
            p = _letter_before(out, i)
            if p >= 0 and _folded(out[p]) == C.ALEF:
                out[i] = C.TEH
            continue
        p = _letter_before(text, i)
        if p < 0 or not _letter_after(text, i):
            continue
        prev = _folded(text[p])
        if prev == C.WAW:  # the alef takes the waw's place, so its offset starts at the waw
            out[p], out[i] = C.ALEF, C.TATWEEL
            continue
        if prev in (C.ALEF, C.FARSI_YEH):
            continue
        q = _letter_before(text, p)
        if q < 0 or (prev == C.LAM and _folded(text[q]) in (C.LAM,)):
            continue
        if prev == C.LAM and _folded(text[q]) == C.ALEF and _letter_before(text, q) < 0:
            continue
        out[i] = C.ALEF
    return "".join(out)


def _normalize_python(text: str) -> str:
    # Only runs of characters that change are translated: ``str.translate`` with a
    # dict costs ~25 ns a character on non-ASCII text, and most characters stay.
    return _CHANGED_RE.sub(_translate_run, respell_in_context(text))


def compiled_extension():
    """The compiled analysis core ``kavosh._core`` (Rust, ``rust/``; built by ``pip install``), or
    ``None`` when it is not built or ``KAVOSH_PURE_PYTHON=1`` is in the environment: then the
    Python modules of this package, which are its specification, do all the work."""
    if os.environ.get("KAVOSH_PURE_PYTHON"):
        return None
    try:
        from .. import _core
    except ImportError:
        return None
    return _core


def _compiled_normalize():
    """``text.translate(TABLE)`` in Rust (``_core.normalize``), or ``None`` (see :func:`compiled_extension`)."""
    ext = compiled_extension()
    return None if ext is None else ext.normalize


_normalize = _compiled_normalize() or _normalize_python


def normalize(text: str) -> str:
    """Apply every char filter to ``text``; the fast path (one pass in the compiled core when
    it is built, else a regex over the runs of characters that change).

    Args:
        text: any Unicode string.

    Returns:
        The normalized string.  Idempotent: ``normalize(normalize(t)) == normalize(t)``.

    Raises:
        TypeError: ``text`` is not a ``str``.
    """
    try:
        return _normalize(text)
    except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the Python path takes them
        return _normalize_python(text)


def normalize_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Normalize ``text`` and keep, for each output character, where it came from.

    Args:
        text: any Unicode string.

    Returns:
        ``(normalized, starts, ends)``, where ``normalized == normalize(text)`` and
        output character ``i`` came from ``text[starts[i]:ends[i]]`` (Python string
        indices into the original); characters deleted right after it are
        included in its span.  A token ``normalized[a:b]`` therefore covers
        ``text[starts[a]:ends[b - 1]]``, deleted characters inside it included.
    """
    text = respell_in_context(text)  # one for one: the offsets below are the original's
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    get = TABLE.get
    pos = 0
    for m in _RESIZED_RE.finditer(text):
        a, b = m.span()
        if a > pos:  # one-for-one replacements only: translated and indexed at C speed
            out.append(normalize(text[pos:a]))
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        for i in range(a, b):
            rep = get(ord(text[i]), text[i])
            if rep:
                out.append(rep)
                n = len(rep)
                starts.extend([i] * n)
                ends.extend([i + 1] * n)
            elif ends and ends[-1] == i and not out[-1][-1].isspace():
                # A deleted character (diacritic, tatweel, final hamza, control)
                # belongs to the character before it: ``اشیاء`` highlights whole.
                ends[-1] = i + 1
        pos = b
    if pos < len(text):
        out.append(normalize(text[pos:]))
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    return "".join(out), starts, ends
