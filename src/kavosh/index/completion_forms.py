"""What a completion shows: one clean written form of a counted word or title (issue #14 kind 12, "clean text
out"), for the completion table (:mod:`kavosh.index.completions`, which re-exports every name here).  The
compiled core's ``completion_rows`` computes the same for the strings it takes
(``rust/kavosh-py/src/index/table.rs``)."""

from __future__ import annotations

import re
import unicodedata

from ..analysis.display import display_form

_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", " ": "\u200c"})
"""Shown forms: Persian yeh and kaf; a prefix or suffix written apart gets a half-space."""
_TITLE_DISPLAY = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_NON_JOINING = frozenset("اآأإٱدذرزژوؤۀةء")
"""Letters that never join the letter after them: a half-space after one changes nothing in the text."""


_UNSHOWN_MARKS = re.compile("[\u0610-\u061a\u064b-\u0653\u0656-\u065f\u0670\u06d6-\u06ed\u0640]")
"""What a completion does not show: the harakat and other Arabic marks (U+064B–U+0653, U+0656–U+065F; not the
hamza above/below U+0654/U+0655, part of ئ ۀ and the like), the superscript alef (U+0670), the honorific and
Quranic marks (U+0610–U+061A, U+06D6–U+06ED) and tatweel (U+0640): a document writes them, a user does not
type them, and the same word with and without them is one word (its key drops them).  Here, not in
:mod:`kavosh.analysis.display`, whose source the analyzer's version hashes (an index is not the older for it)."""
_WASLA = str.maketrans({"\u0671": "\u0627"})


def completion_form(text: str) -> str:
    """``text`` as a completion shows it (issue #14 kind 12, new user 19 #2): :func:`display_form` (no bidi
    controls or presentation forms, NFC, Persian yeh and kaf) with the marks of :data:`_UNSHOWN_MARKS` and
    tatweel dropped and alef wasla (ٱ) written ا.  ``الرَّحْمَٰنِ`` → ``الرحمن``, ``کـــتابخانه`` → ``کتابخانه``;
    ZWNJ is kept.  The compiled core's ``completion_rows`` computes the same for the strings it takes
    (``rust/kavosh-py/src/index/table.rs``).

    >>> completion_form("الرَّحْمَٰنِ"), completion_form("کـــتابخانه مـــلی"), completion_form("ٱلرَّحِيمِ")
    ('الرحمن', 'کتابخانه ملی', 'الرحیم')
    """
    return _UNSHOWN_MARKS.sub("", display_form(text)).translate(_WASLA)


def shown_spelling(word: str) -> str:
    """``word`` without the half-spaces (U+200C) that change nothing: one after a letter that never joins
    the next (:data:`_NON_JOINING`), at a word's edge, beside a non-letter or doubled.  A stray one typed
    inside a word (``استقلا‌ل‌پسند`` → ``استقلال‌پسند``, the new user's finding of 2026-12-04b) is not shown
    to a user; one that keeps two letters apart (``می‌رود``, ``کتاب‌ها``) stays.  Marks (harakat) are read
    through: the letter before them decides.

    >>> shown_spelling("استقلا\u200cل\u200cپسند") == "استقلال\u200cپسند"
    True
    """
    if "\u200c" not in word:
        return word
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == "\u200c":
            k = len(out) - 1
            while k >= 0 and unicodedata.category(out[k]) == "Mn":
                k -= 1
            before = out[k] if k >= 0 else ""
            after = word[i + 1] if i + 1 < len(word) else ""
            if not (before.isalpha() or before == "\u0640") or before in _NON_JOINING or not after.isalpha():
                continue
        out.append(ch)
    return "".join(out)



def _shown_form(word: str) -> str:
    """A counted word as the table shows it: Persian yeh and kaf, a prefix or suffix written apart
    with a half-space (:data:`_DISPLAY`), :func:`completion_form` (no marks or
    tatweel: ``الرَّحْمَٰنِ`` and ``الرحمن`` are one entry, their counts added), :func:`shown_spelling`."""
    return shown_spelling(completion_form(word.translate(_DISPLAY)))
