"""Tokenizer over normalized text, with half-space/space affix joining.

Runs on the output of :func:`kavosh.analysis.normalize.normalize`.  One regular
expression (:data:`TOKEN_RE`) finds three kinds of token:

* Persian words: runs of Arabic-script letters, with ZWNJ allowed between runs
  (``کتاب‌ها`` is one token).  A verbal prefix ``می``/``نمی`` written with a
  space, and inflectional suffixes written as separate words (``کتاب ها``,
  ``بزرگ تر``, ``خانه ای``, ``رفته اند``), are taken into the same token, so the
  three ways of writing a half-space (ZWNJ, nothing, a space) give one term.
  A suffix is joined only when it stands as a whole word after a Persian word,
  separated only by spaces or ZWNJ (never across punctuation or a line break).
* Numbers: ASCII digits with internal ``.``/``/``/``:`` separators (``12.5``,
  ``1402/05/12``) or ``,`` thousands groups (``200,000``).
* Other words: Latin and other-script letters and digits (``ict``, ``3d``).

The design mirrors Lucene's ``StandardTokenizer`` + ``PersianCharFilter`` (which
turns ZWNJ into a space), but keeps half-space words whole instead of splitting them.
"""

from __future__ import annotations

import re
from typing import Iterator

from .chars import ZWNJ

# Arabic-script letters left after normalization (U+0620–U+064A, U+066E–U+06D3,
# U+06FA–U+06FF, U+0750–U+077F supplement); digits and punctuation excluded.
LETTER = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff\u0750-\u077f"
"""Character-class body for Arabic-script letters (used inside ``[...]``)."""

PREFIXES = ("نمی", "می")
"""Verbal prefixes joined to the following word when written with a space."""

SUFFIXES = (
    "هایمان", "هایتان", "هایشان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
    "ترین", "تری", "تر",
    "اند", "ایم", "اید", "ای", "ام", "اش", "ی",
)
"""Suffixes joined to the preceding word when written as a separate word.

Plural ``ها`` with its clitic forms, comparative/superlative ``تر``/``ترین``,
the copula endings after a past participle (``رفته اند``), indefinite ``ای``,
clitic pronouns ``ام``/``اش`` and ezafe ``ی`` (``خانه ی``).  Words that are also
free-standing words (``شان`` "dignity", ``تن``) are not listed.
"""

_SEP = f"[ {ZWNJ}]+"
_SUFFIX_ALT = "|".join(sorted(SUFFIXES, key=len, reverse=True))
_PREFIX_ALT = "|".join(PREFIXES)

_PERSIAN_WORD = (
    f"(?<![{LETTER}{ZWNJ}])"
    f"(?:(?:{_PREFIX_ALT}){_SEP}(?=[{LETTER}]))?"
    f"[{LETTER}]+(?:{ZWNJ}+[{LETTER}]+)*"
    f"(?:{_SEP}(?:{_SUFFIX_ALT})(?![{LETTER}{ZWNJ}]))*"
)
_OTHER_WORD = rf"\d*[^\W\d_{LETTER}][^\W_{LETTER}]*"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[./:]\d+)*"

TOKEN_RE = re.compile(f"{_PERSIAN_WORD}|{_OTHER_WORD}|{_NUMBER}")
"""The tokenizer.  ``findall`` gives surfaces (fast path); ``finditer`` spans."""

_JOINERS = str.maketrans({" ": None, ZWNJ: None, ",": None})


def surface_to_word(surface: str) -> str:
    """Turn a matched token surface into its word: drop spaces, ZWNJ and ``,``.

    ``"کتاب ها"`` → ``"کتابها"``; ``"200,000"`` → ``"200000"``.
    """
    return surface.translate(_JOINERS)


def tokenize(normalized: str) -> list[str]:
    """Return the token surfaces of already-normalized text, in order (fast path)."""
    return TOKEN_RE.findall(normalized)


def tokenize_spans(normalized: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(surface, start, end)`` for each token of normalized text.

    ``start``/``end`` index ``normalized``; map them to the original text with
    the offset lists of :func:`kavosh.analysis.normalize.normalize_with_offsets`.
    """
    for m in TOKEN_RE.finditer(normalized):
        yield m.group(), m.start(), m.end()
