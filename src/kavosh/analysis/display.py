"""Text shown back to users that Kavosh itself composed: suggestions, corrections, completions.

A document's own text is shown as written (only its bidi controls are dropped, see
:func:`kavosh.present.highlight.display_text`); but a completion, a did-you-mean or a
"showing results for" query is Kavosh's word, so it is given in one clean spelling whatever the
sources wrote: no bidi controls, no Arabic presentation forms, Persian yeh and kaf, NFC.  Issue
#14 kind 12 ("clean text out"); the same cleaning as Unicode's NFKC on the presentation-form
blocks only (UAX #15), since NFKC elsewhere would fold digits and letters the user meant.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Directional marks, embeddings, overrides and isolates: ALM (U+061C), LRM, RLM, U+202A–E, U+2066–9.  Taken
from a document into a page or a terminal they reorder what follows them (U+202E shows the rest of a line
backwards) or leak out of their segment, so displayed text drops them
(:func:`kavosh.present.highlight.display_text`); the stored original keeps them."""

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
"""Arabic Presentation Forms-A (U+FB50–U+FDFF) and -B (U+FE70–U+FEFE): contextual glyph forms and
ligatures that old PDFs and fonts put into text instead of letters."""

_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")
"""Byte order mark / zero width no-break space, zero width space, word joiner, soft hyphen."""

_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
"""Arabic yeh and alef maksura → Persian yeh (ی), Arabic kaf → keheh (ک)."""


_SPACED_MARK = re.compile(" (?=[\u064b-\u065f])")


def _letters(m: re.Match) -> str:
    """The letters of a run of presentation forms (NFKC gives an isolated haraka form, U+FE70–U+FE7F,
    as a space and the mark: the mark is kept on the letter before it)."""
    return _SPACED_MARK.sub("", unicodedata.normalize("NFKC", m.group()))


def display_form(text: str) -> str:
    """``text`` in the one spelling Kavosh shows for words it composes.

    Bidi controls and invisible characters removed; presentation forms replaced by their letters
    (NFKC of those characters: ``ﻛﺘﺎﺏ`` → ``كتاب``, ``ﷲ`` → ``الله``); Arabic yeh/kaf as Persian
    letters after NFC (``ي`` + U+0654 → ``ئ``).  ZWNJ (the half-space) and diacritics are kept.
    Pure function of ``text``; the result's length may differ, so it is never used for offsets.
    """
    if not text:
        return text
    text = BIDI_CONTROLS.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = PRESENTATION_FORMS.sub(_letters, text)
    return unicodedata.normalize("NFC", text).translate(_PERSIAN_LETTERS)
