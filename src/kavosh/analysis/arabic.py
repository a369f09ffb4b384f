"""The vocalised Arabic definite article (issue #14 kinds 2 and 7): where a word's ORIGINAL text shows
it is Arabic with the article, the index holds, at the word's position, the term of the word without it.

Stripping ``ال`` from unvocalised text was measured and decided against (``docs/analysis.md`` kind 7:
``الاهلی`` is no ``اهلی``, ``البته``, ``الگو``, the fixed phrases ``فوق العاده``).  A word written with its
vowel marks is another matter: ``الرَّحِيمِ``, ``ٱلْحَمْدُ``, ``وَالْأَرْضِ`` are a Quran verse's or an Arabic
phrase's, and Persian never writes its own words so.  The signal is in the original slice of the token,
before the char filters delete the marks (:func:`article_letters`):

* an alef ``ا`` or alef wasla ``ٱ`` (U+0671) with an optional harakah (U+064B–U+0650), then ``ل``;
* then a sukun on the lam (U+0652, or the Quranic small high dotless head of khah U+06E1): ``الْحَمْدُ``;
  or, before a sun letter (:data:`SUN_LETTERS`), a bare lam and that letter carrying a shadda
  (U+0651, a harakah before or after it): ``الرَّحِيمِ``, ``والسّلام``;
* optionally after one proclitic letter (:data:`PROCLITICS`: ``و``, ``ف``, ``ب``, ``ک``) with an optional
  harakah: ``وَالْأَرْضِ``, ``بِالْحَقِّ``.

The reading is kept only when the rest of the word is a word of the word list of at least
:data:`MIN_REST_LETTERS` letters (:meth:`.analyzer.Analyzer.article_reading`): ``اللّه``/``ٱللَّٰهِ`` (Allah,
``ا`` ``ل`` then ``لّ``) would leave ``له``, two letters: no second reading.  The form VIII verb
``الْتَقَی`` has the same letters and marks as an article (the marks of its first alef, a kasra, are seldom
written): its rest ``تقی`` is a word of the list (the name), so it is indexed with ``تقی`` too (a rare, harmless
extra term; the lexicon guard decides).

Only the index path reads it (:meth:`.analyzer.Analyzer.index_text`): :meth:`.analyzer.Analyzer.terms` and
:meth:`.analyzer.Analyzer.analyze` keep one reading a position, so unvocalised ``الرحمن`` and ``رحمان`` stay
apart.  The Rust core implements this module in ``rust/kavosh-analysis/src/arabic.rs``.
"""

from __future__ import annotations

import re

from . import chars as C

ALEFS = C.ALEF + C.ALEF_WASLA
"""The article's first letter: ``ا`` or ``ٱ`` (U+0671)."""
HARAKAT = "\u064b-\u0650"
"""The harakat a letter of the article may carry (tanwin, fatha, damma, kasra: U+064B–U+0650), as a
character class range."""
SHADDA = "\u0651"
SUKUNS = "\u0652\u06e1"
"""A sukun: Arabic U+0652, Quranic U+06E1 (SMALL HIGH DOTLESS HEAD OF KHAH)."""
SUN_LETTERS = "تثدذرزسشصضطظلن"
"""The sun letters: the article's lam is assimilated to them, unmarked, and they carry a shadda."""
PROCLITICS = "وفبک" + C.ARABIC_KAF
"""The one-letter proclitics that may come before the article (``و``, ``ف``, ``ب``, ``ک``/``ك``)."""
MIN_REST_LETTERS = 3
"""The rest of the word (after the proclitic and the article) needs this many letters at least: ``له``
of ``اللّه`` has two."""
ARTICLE_MARKS = SHADDA + SUKUNS
"""Every vocalised article holds one of these (a sukun or a shadda): a text that holds none has no
article, and takes the fast path (:func:`may_hold_article`)."""

_ARTICLE = re.compile(
    f"([{PROCLITICS}][{HARAKAT}]?)?[{ALEFS}][{HARAKAT}]?{C.LAM}(?:[{SUKUNS}]|[{SUN_LETTERS}][{HARAKAT}]?{SHADDA})"
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
    :data:`MIN_REST_LETTERS` letters, else ``None``: ``("الرَّحِيمِ", "الرحیم")`` → ``"رحیم"``;
    ``("اللّه", "الله")`` → ``None``.  Whether the rest is a word of the list is the caller's test."""
    n = article_letters(original)
    if n == 0 or word[n - 2:n] != "ال":  # the normalized letters are those the slice began with
        return None
    rest = word[n:]
    return rest if len(rest) >= MIN_REST_LETTERS else None
