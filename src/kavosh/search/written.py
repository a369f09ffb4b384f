"""How a normalized string may be written: a regular expression over original text.

The char filters (:mod:`kavosh.analysis.normalize`) fold many characters into one (``ي`` and
``ى`` into ``ی``, Arabic and ASCII digits into Persian ones) and delete others (diacritics,
tatweel, controls); the tokenizer joins a word written with a half-space, a space or nothing.
:func:`written_pattern` turns a normalized string back into a pattern that finds every such
spelling in an original text without analysing it: the exact-phrase check
(:mod:`kavosh.search.exact`) and the snippet scan (:mod:`kavosh.present.highlight`) use it.
It decides no term, so it lives here rather than in ``kavosh.analysis`` (whose every module is
hashed into the analyzer's version); it reads the char filters' table, which is hashed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..analysis import chars as C
from ..analysis.normalize import TABLE

_FOLDED: dict[str, set[str]] = {}
for _code, _rep in TABLE.items():
    if len(_rep) == 1:
        _FOLDED.setdefault(_rep, {_rep}).add(chr(_code))

_IN_CONTEXT = {C.ALEF: f"{C.WAW}?{C.SUPERSCRIPT_ALEF}", C.TEH: f"[{C.TEH_MARBUTA}{C.TEH_MARBUTA_GOAL}]"}
"""What ``respell_in_context`` (the char filter that looks at neighbours) may also have read as a
letter: a dagger alef, on its waw seat or not, as ``ا`` (``زکوٰة``), a teh marbuta as ``ت``."""

BETWEEN = "[" + "".join(re.escape(chr(c)) for c, rep in sorted(TABLE.items()) if rep == "") + "\u200c ]*"
"""What may stand between two letters of a word as written: characters the char filters delete
(diacritics, tatweel, controls), a half-space, a space."""


PATTERN_WORDS = 24
"""Words of quoted leaves sought as written in a query (the exact-phrase preference, the snippet's preferred
places), in the query's order: compiling a leaf's pattern costs about 1 ms of CPU a word (``re``; the
core's regex about as much), so a query of four quoted 14-word phrases spent over 40 ms on them."""


def first_leaves(surfaces: list, words_of=lambda s: s[0]) -> list:
    """The first of ``surfaces`` (quoted leaves in the query's order; ``words_of(item)`` its words: by default
    the item's first element) whose words number :data:`PATTERN_WORDS` at most in all; the first always (one
    phrase has at most 16 words, :mod:`kavosh.query.limits`)."""
    out, words = [], 0
    for item in surfaces:
        words += len(words_of(item))
        if out and words > PATTERN_WORDS:
            break
        out.append(item)
    return out


@lru_cache(maxsize=4096)
def letter_pattern(ch: str) -> str:
    """A regular expression (source) for one normalized character: it and every character the
    char filters fold into it (``[یيى]`` for ``ی``)."""
    chars = _FOLDED.get(ch, {ch}) | {ch}
    pattern = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if len(chars) > 1 else re.escape(ch)
    return f"(?:{pattern}|{_IN_CONTEXT[ch]})" if ch in _IN_CONTEXT else pattern


def written_pattern(normalized: str) -> str:
    """A regular expression (source) matching every way ``normalized`` (a string after the char
    filters) may be written: each letter as :func:`letter_pattern`, :data:`BETWEEN` between letters.

    >>> re.fullmatch(written_pattern("کتابها"), "كتاب‌ها") is not None
    True
    """
    return BETWEEN.join(letter_pattern(ch) for ch in normalized)
