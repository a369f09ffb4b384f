"""The vocalised Arabic definite article (issue #14 kinds 2 and 7): where a word's ORIGINAL text shows
it is Arabic with the article, the index holds, at the word's position, the term of the word without it.

Stripping ``ال`` from unvocalised text was measured and decided against (``docs/analysis.md`` kind 7:
``الاهلی`` is no ``اهلی``, ``البته``, ``الگو``, the fixed phrases ``فوق العاده``).  A word written with its
vowel marks is another matter: ``الرَّحِيمِ``, ``ٱلْحَمْدُ``, ``وَالْأَرْضِ`` are a Quran verse's or an Arabic
phrase's, and Persian never writes its own words so.  The signal is in the original slice of the token,
before the char filters delete the marks (:func:`article_letters`):

* an alef ``ا`` or alef wasla ``ٱ`` (U+0671), with at most a fatha (:data:`ALEF_VOWEL`: the article's alef
  is a hamzat al-wasl, read with a fatha where it is read at all; a kasra or damma there is a verb's or a
  noun's own alef: ``اِلْتِزام``), then ``ل``;
* then a sukun on the lam (U+0652, or the Quranic small high dotless head of khah U+06E1) before a moon
  letter: ``الْحَمْدُ``; or, before a sun letter (:data:`SUN_LETTERS`), a bare lam and that letter carrying a
  shadda (U+0651, a harakah before or after it): ``الرَّحِيمِ``, ``والسّلام``.  The article's lam is never
  written with a sukun before a sun letter (it is assimilated to it), so ``الْتَقَی``, a form VIII verb whose
  lam carries a sukun before ``ت``, has no article;
* optionally after one proclitic letter (:data:`PROCLITICS`: ``و``, ``ف``, ``ب``, ``ک``) with an optional
  harakah: ``وَالْأَرْضِ``, ``بِالْحَقِّ``.

The reading is kept only when the rest of the word is a word of the word list of at least
:data:`MIN_REST_LETTERS` letters (:meth:`.analyzer.Analyzer.article_reading`): ``بِالْحَقِّ`` → ``حق``,
``ٱلْآنَ`` → ``آن``.  ``اللّه``/``ٱللَّٰهِ`` (Allah, ``ا`` ``ل`` then ``لّ``) is the name's conventional spelling,
not the article and ``له``: a rest that begins with the assimilated lam needs :data:`MIN_LAM_REST_LETTERS`
letters (``اللَّیْل`` → ``لیل``).

Only the index path reads it (:meth:`.analyzer.Analyzer.index_text`): :meth:`.analyzer.Analyzer.terms` and
:meth:`.analyzer.Analyzer.analyze` keep one reading a position, so unvocalised ``الرحمن`` and ``رحمان`` stay
apart.  The Rust core implements this module in ``rust/kavosh-analysis/src/arabic.rs``.
"""

from __future__ import annotations

import re

from . import chars as C
from .tokenize import surface_to_word

ALEFS = C.ALEF + C.ALEF_WASLA
"""The article's first letter: ``ا`` or ``ٱ`` (U+0671)."""
HARAKAT = "\u064b-\u0650"
"""The harakat a letter of the article may carry (tanwin, fatha, damma, kasra: U+064B–U+0650), as a
character class range."""
ALEF_VOWEL = "\u064e"
"""The one harakah the article's alef may carry: a fatha (U+064E)."""
SHADDA = "\u0651"
SUKUNS = "\u0652\u06e1"
"""A sukun: Arabic U+0652, Quranic U+06E1 (SMALL HIGH DOTLESS HEAD OF KHAH)."""
SUN_LETTERS = "تثدذرزسشصضطظلن"
"""The sun letters: the article's lam is assimilated to them, unmarked, and they carry a shadda."""
PROCLITICS = "وفبک" + C.ARABIC_KAF
"""The one-letter proclitics that may come before the article (``و``, ``ف``, ``ب``, ``ک``/``ك``)."""
MIN_REST_LETTERS = 2
"""The rest of the word (after the proclitic and the article) needs this many letters at least (``حق`` of
``بِالْحَقِّ``) ..."""
MIN_LAM_REST_LETTERS = 3
"""... and this many when it begins with the lam the article's lam is assimilated to (``لیل`` of ``اللَّیْل``):
``له`` of ``اللّه`` (Allah) is no rest."""
ARTICLE_MARKS = SHADDA + SUKUNS
"""Every vocalised article holds one of these (a sukun or a shadda): a text that holds none has no
article, and takes the fast path (:func:`may_hold_article`)."""

_ARTICLE = re.compile(
    f"([{PROCLITICS}][{HARAKAT}]?)?[{ALEFS}]{ALEF_VOWEL}?{C.LAM}"
    f"(?:[{SUKUNS}](?![{SUN_LETTERS}])|[{SUN_LETTERS}][{HARAKAT}]?{SHADDA})"
)
_MARKS = re.compile(f"[{ARTICLE_MARKS}]")


def may_hold_article(text: str) -> bool:
    """Whether ``text`` holds a sukun or a shadda (:data:`ARTICLE_MARKS`): the cheap first test."""
    return _MARKS.search(text) is not None


def has_article(text: str) -> bool:
    """Whether the vocalised article occurs anywhere in ``text`` (not only at a word's start: the
    test that sends a text to the token path, where each token's own slice is read by
    :func:`article_letters`)."""
    return may_hold_article(text) and _ARTICLE.search(text) is not None


def article_letters(original: str) -> int:
    """How many letters of a token's word are the proclitic and the article when the token's original
    slice ``original`` begins with the vocalised article (3 with a proclitic, else 2), else 0.

    ``"الرَّحِيمِ"`` → 2, ``"وَالْأَرْضِ"`` → 3, ``"الرحیم"`` → 0, ``"اوّل"`` → 0."""
    m = _ARTICLE.match(original)
    if m is None:
        return 0
    return 3 if m.group(1) else 2


def article_rest(original: str, word: str) -> str | None:
    """The rest of the normalized ``word`` after its proclitic and article when its original slice
    ``original`` begins with the vocalised article (:func:`article_letters`) and the rest has
    :data:`MIN_REST_LETTERS` letters (:data:`MIN_LAM_REST_LETTERS` when it begins with ``ل``, the assimilated
    lam), else ``None``: ``("الرَّحِيمِ", "الرحیم")`` → ``"رحیم"``; ``("بِالْحَقِّ", "بالحق")`` → ``"حق"``;
    ``("اللّه", "الله")`` → ``None``.  Whether the rest is a word of the list is the caller's test."""
    n = article_letters(original)
    if n == 0 or word[n - 2:n] != "ال":  # the normalized letters are those the slice began with
        return None
    rest = word[n:]
    least = MIN_LAM_REST_LETTERS if rest[:1] == C.LAM else MIN_REST_LETTERS
    return rest if len(rest) >= least else None


class ArticleReadings:
    """A word's reading without the vocalised article, a part of :class:`.analyzer.Analyzer` (which defines what
    these methods read: ``stem_enabled``, ``_stemmer``, ``_term``, ``_word_term`` and ``is_stop_word``).  Rust:
    the ``impl Analyzer`` of ``rust/kavosh-analysis/src/arabic.rs``."""

    def article_reading(self, original: str, word: str) -> str | None:
        """The rest of a token's normalized ``word`` without its vocalised Arabic article (and proclitic)
        when its original slice ``original`` begins with one and the rest is a word of the word list of
        2+ letters and no stopword (:func:`article_rest`): ``("الرَّحِيمِ", "الرحیم")`` → ``"رحیم"``,
        ``("وَالْأَرْضِ", "والارض")`` → ``"ارض"``; ``None`` for ``اللّه`` (``له``), for ``ٱلْآنَ`` (``ان``, a
        stopword: its term serves phrases, and an Arabic word's rest begins none), unvocalised text, and
        without stemming (no word list).  Kinds 2 and 7 of issue #14: the index path stacks the rest's
        index term after the word's (``الرحیم␁رحیم``), highlighting marks the word when a query met it."""
        if not self.stem_enabled:
            return None
        rest = article_rest(original, word)
        if rest is None or rest not in self._stemmer.lexicon.freq or self.is_stop_word(rest):
            return None
        return rest

    def _article_readings(self, text: str, spans, index: bool) -> dict[int, str]:
        """``{token index: the rest's term}`` (with ``index``, its index terms: the term and, when the rest is not
        its term, its surface reading, ``عالم␁␖عالمین``, so that a query typing the rest as written ranks the verse
        as it ranks any word written so) for each token of ``spans`` (``(surface, start, end)`` in ``text``) with
        a reading without the vocalised article (:meth:`article_reading`)."""
        out = {}
        for i, (surface, start, end) in enumerate(spans):
            rest = self.article_reading(text[start:end], surface_to_word(surface))
            if rest is not None:
                out[i] = self._word_term(rest, True) if index else self._term(rest)
        return out
