"""The language of an HTML page: as the page declares it, else detected from its text.

Order, after the WHATWG HTML standard (§3.2.6.2 "The lang and xml:lang
attributes"): the root element's ``lang`` (or ``xml:lang``); then the
"pragma-set default language" ``<meta http-equiv="content-language">``; then
the HTTP ``Content-Language`` header.  Open Graph's ``og:locale`` is read after
those (a widely used declaration the standard does not name).  A declaration is
reduced to its primary language subtag, lower-cased (BCP 47 / RFC 5646 §2.2.1:
``fa-IR`` → ``fa``, ``fa_IR`` → ``fa``); ``und``, ``mul``, ``zxx``, private-use
and malformed values count as no declaration.

When nothing is declared, the language is identified from the text with
py3langid (PyPI; a maintained fork of langid.py, Lui & Baldwin 2012, "langid.py:
An Off-the-shelf Language Identification Tool"; its model ships inside the
package, nothing is downloaded).  Codes are ISO 639-1 where one exists
(``fa``, ``en``, ``ar``).  Two Persian corrections are made to the sample it
reads (the first :data:`SAMPLE_CHARS` characters): Arabic presentation forms
are folded (NFKC), and in text that has a sign only Persian writes (پ چ ژ گ
or a half-space) Arabic yeh and kaf (ي ك, common in older Persian web text)
become Persian ی ک.  On the first 1,000 articles of ``../shared/data/news``
(Persian, many written with ي ك), py3langid alone on the whole text says
``fa`` for 956 and ``ar`` for 29 (``arz`` 4, ``ps`` 3, others 8); with the
corrections all 993 articles that have letters are ``fa``.

The language is metadata only: Persian analysis is applied to all Arabic-script
text whatever the language says (``../shared/DESIGN.md``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..analysis.chars import ARABIC_KAF, ARABIC_YEH, FARSI_YEH, KEHEH, ZWNJ

PERSIAN_SIGNS = "\u067e\u0686\u0698\u06af" + ZWNJ
"""پ چ ژ گ and the half-space (ZWNJ): written in Persian, not in Arabic."""
_PERSIAN_KAF_YEH = str.maketrans({ARABIC_YEH: FARSI_YEH, ARABIC_KAF: KEHEH})
SAMPLE_CHARS = 2000
"""Characters of the text read by the language identifier (its accuracy on news stops growing well before)."""

_PRIMARY = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_NOT_A_LANGUAGE = {"und", "mul", "zxx", "mis"}
MIN_LETTERS = 3
"""Texts with fewer letters than this get no detected language."""


def primary_subtag(tag: str | None) -> str:
    """The primary language subtag of a BCP 47 tag, lower-cased; ``""`` if ``tag`` is not one.

    The first item of a comma-separated list (``Content-Language: fa, en``) is used.

    >>> primary_subtag("fa-IR"), primary_subtag("EN_us"), primary_subtag("fa, en"), primary_subtag("x-klingon")
    ('fa', 'en', 'fa', '')
    """
    if not tag:
        return ""
    m = _PRIMARY.match(tag.split(",")[0])
    if not m:
        return ""
    code = m.group(1).lower()
    return "" if code in _NOT_A_LANGUAGE else code


def declared_language(tree: Any, http_content_language: str = "") -> str:
    """The language an HTML page declares, or ``""``.

    Args:
        tree: the page parsed by lxml (an ``lxml.html.HtmlElement``, the root or any element of it).
        http_content_language: the HTTP ``Content-Language`` header the page came with, if any.
    Returns:
        An ISO 639 code (``"fa"``), or ``""`` when the page declares none (or only ``und``...).
    """
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        if code := primary_subtag(root.get(attr)):
            return code
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "content-language":
            if code := primary_subtag(meta.get("content")):
                return code
    if code := primary_subtag(http_content_language):
        return code
    for meta in root.iter("meta"):
        if (meta.get("property") or "").strip().lower() == "og:locale":
            if code := primary_subtag(meta.get("content")):
                return code
    return ""


def detect_language(text: str) -> str:
    """Identify the language of ``text`` with py3langid (sample corrected as the module says).

    Args:
        text: plain text (a page's title and main text).
    Returns:
        An ISO 639-1 code such as ``"fa"`` or ``"en"`` (one of py3langid's 97 languages), or ``""``
        when ``text`` has fewer than :data:`MIN_LETTERS` letters or py3langid cannot be imported.

    >>> detect_language("کاربران شبکه‌های اجتماعی در ایران هر روز بیشتر می‌شوند")
    'fa'
    >>> detect_language("The users of social networks grow every day")
    'en'
    >>> detect_language("۱۴۰۳ - 2024")
    ''
    """
    sample = unicodedata.normalize("NFKC", text[:SAMPLE_CHARS])
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return ""
    if any(c in sample for c in PERSIAN_SIGNS):
        sample = sample.translate(_PERSIAN_KAF_YEH)
    try:
        import py3langid
    except ImportError:  # a broken install: the page is still indexed, without a language
        return ""
    code, _score = py3langid.classify(sample)
    return str(code)


def page_language(tree: Any, text: str, http_content_language: str = "") -> str:
    """The page's declared language (:func:`declared_language`), else the one detected in ``text``."""
    return declared_language(tree, http_content_language) or detect_language(text)
