"""The anchor pattern of a query: one regular expression finding the places in an original text where
the query's words or terms may be written, without analysing the text (:mod:`kavosh.present.highlight`
analyses only the regions around the best places).  Each letter matches every character the char filters
fold into it, and between letters the characters they delete, half-spaces and spaces may stand
(:mod:`kavosh.search.written`); words wanted as written come first (*preferred* groups)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..search.written import BETWEEN, letter_pattern, written_pattern


def anchor_pattern(groups: Iterable[Iterable[str]], preferred: Iterable[Iterable[str]] = ()) -> AnchorPattern | None:
    """A regular expression finding the places in an original text where one of the normalized
    strings of ``groups`` may be written; a match's ``lastindex`` is its group (1-based).

    ``preferred``: word sequences wanted as written (each a quoted leaf's or a grammar-only word's
    ``surface``), each one more group placed *first* (groups ``1..len(preferred)``, so where one
    starts it wins over a shorter form of the same term): its words in a row, spaces, half-spaces,
    no-break spaces or deleted characters between them (:data:`AnchorPattern.preferred` counts them).

    Each letter matches every character the char filters fold into it (``ي`` for ``ی``, ``ك``
    for ``ک``, Arabic and ASCII digits...), and between letters deleted characters, half-spaces
    and spaces may stand.  Returns ``None`` when no group has a string.  Built once per distinct
    ``groups`` (the last :data:`PATTERNS_KEPT`), and compiled once, by the scan that uses it
    (:func:`kavosh.present.highlight.compile_anchors`): compiling costs more CPU than the search (each class of non-Latin
    characters is a 64K-entry table to ``re``; about 0.8 ms for the compiled core's ``regex``)."""
    return _anchor_pattern(tuple(tuple(sorted(set(strings))) for strings in groups),
                           tuple(dict.fromkeys(tuple(w for w in words if w) for words in preferred if any(words))))


PATTERNS_KEPT = 1024
"""Compiled anchor patterns kept by :func:`anchor_pattern` (least recently used dropped); about 26 MB
when full (1,024 patterns of three groups of two 3–8-letter words, measured)."""


assert BETWEEN.endswith("]*")
_SPACED = BETWEEN[:-2] + "\u00a0]*"
"""Between two letters of a preferred word: :data:`~kavosh.search.written.BETWEEN` and the no-break space,
which the char filters read as a space (Hamshahri writes ``مي\u00a0شوند``, one token ``میشوند``).  Only
there: a short term's written form (``نک``) would find many more false places across words."""


def _preferred_pattern(words: tuple[str, ...]) -> str:
    """The written form of ``words`` in a row (:func:`anchor_pattern`'s ``preferred``)."""
    return _SPACED.join(written_pattern(w).replace(BETWEEN, _SPACED) for w in words)


@lru_cache(maxsize=PATTERNS_KEPT)
def _anchor_pattern(groups: tuple[tuple[str, ...], ...], preferred: tuple[tuple[str, ...], ...] = ()
                    ) -> AnchorPattern | None:
    alts = ["(" + _preferred_pattern(words) + ")" for words in preferred]
    firsts: set[str] = {words[0][0] for words in preferred}
    for strings in groups:
        pats = sorted({written_pattern(s) for s in strings if s}, key=len, reverse=True)
        alts.append("(" + "|".join(pats) + ")" if pats else "(?!)")
        firsts.update(s[0] for s in strings if s)
    if not any(a != "(?!)" for a in alts[len(preferred):]):
        return None
    return AnchorPattern(_starts_with_one_of(firsts) + "(?:" + "|".join(alts) + ")",
                         tuple(None if a == "(?!)" else a for a in alts), len(preferred))


class AnchorPattern:
    """An anchor pattern (:func:`anchor_pattern`): its source, ``re`` syntax matched case-insensitively
    (:attr:`pattern`), compiled by ``re`` (:attr:`re`: the specification's scan) or by the compiled core
    (:func:`kavosh.present.highlight._core_anchors`) only when that one is used: compiling costs more than scanning.

    :attr:`groups` holds each group's alternation as it stands in :attr:`pattern` (``None`` for a
    group without strings: ``(?!)`` there, which never matches and is no capturing group): the
    compiled core compiles one pattern per group that has strings, so a match's pattern is its
    group (``lastindex``) without a capture pass.

    :attr:`preferred`: how many of the first groups are words wanted as written
    (:func:`anchor_pattern`'s ``preferred``); a place in one of them is a *preferred place*."""

    __slots__ = ("pattern", "groups", "preferred", "_re")
    flags = re.IGNORECASE

    def __init__(self, pattern: str, groups: tuple[str | None, ...] = (), preferred: int = 0) -> None:
        self.pattern = pattern
        self.groups = groups
        self.preferred = preferred
        self._re: re.Pattern | None = None

    @property
    def re(self) -> re.Pattern:
        """The pattern compiled by ``re`` (on first use)."""
        if self._re is None:
            self._re = re.compile(self.pattern, self.flags)
        return self._re

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        """``re.Pattern.finditer``."""
        return self.re.finditer(string, pos, endpos)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnchorPattern) and (other.pattern, other.preferred) == (self.pattern, self.preferred)

    def __hash__(self) -> int:
        return hash((self.pattern, self.preferred))

    def __repr__(self) -> str:
        return f"AnchorPattern({self.pattern[:60]!r}…)"


def _starts_with_one_of(letters: Iterable[str]) -> str:
    """A look-ahead that holds where a written form of one of ``letters`` may begin: a class of every
    character in their :func:`letter_pattern` sources (a superset: the patterns are built of literal
    characters, so none is missed).  It changes no match of a pattern it precedes; it lets ``re``
    reject most places with one class test, 2.4-4 times faster over Hamshahri's texts."""
    chars = {c for ch in letters for c in letter_pattern(ch)}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"
