"""The completion table in memory: one index generation's words and titles, ready for prefix lookups
(:class:`CompletionTable`; :mod:`kavosh.index.completions` derives, saves and caches it, and re-exports every name
here)."""

from __future__ import annotations

import bisect
import heapq

RANK_TITLE_WEIGHT = 280
"""For ranking completions only, a word's title occurrences count this many times more again: titles stand
in for the query log a new index lacks (people search for what headlines name), so a 2-letter prefix
completes to headline words first.  The counts the speller uses are not changed."""
PRECOMPUTED_PREFIX_LEN = 2
"""Prefixes up to this many letters have their top completions kept (computed on a prefix's first lookup)."""
PRECOMPUTED_TOP = 50
"""Completions kept per precomputed prefix (autocomplete's largest limit, :data:`kavosh.search.suggest.MAX_LIMIT`)."""


class CompletionTable:
    """Words and titles of one index generation, ready for prefix lookups.

    Args:
        words: ``[(normalized key, display form, count)]``.
        titles: ``[(normalized key, title, number of documents)]``.
        title_counts: ``{normalized key: occurrences in titles}`` (ranking: :data:`RANK_TITLE_WEIGHT`).
        spellings: ``{normalized key: [another written form, most frequent first]}`` of the words written in
            several ways (:func:`kavosh.index.completions.other_spellings`; :meth:`spelling`).
    """

    def __init__(self, words: list[tuple[str, str, int]], titles: list[tuple[str, str, int]],
                 title_counts: dict[str, int] | None = None, spellings: dict[str, list[str]] | None = None) -> None:
        self.words = sorted(words)
        self.word_keys = [w[0] for w in self.words]
        self.title_counts = title_counts or {}
        self.spellings = spellings or {}
        self._rank = [c + RANK_TITLE_WEIGHT * self.title_counts.get(k, 0) for k, _s, c in self.words]
        self.titles = sorted(titles)
        self.title_keys = [t[0] for t in self.titles]
        self._top: dict[str, list[int]] = {}  # a short prefix's best completions, on its first lookup

    def _prefix_range(self, key: str) -> tuple[int, int]:
        """``(lo, hi)``: the words whose key starts with ``key`` are ``self.words[lo:hi]`` (``key`` not
        empty; the bound is the first string after every one that starts with ``key``)."""
        keys = self.word_keys
        lo = bisect.bisect_left(keys, key)
        if key[-1] != "\U0010ffff":
            return lo, bisect.bisect_left(keys, key[:-1] + chr(ord(key[-1]) + 1), lo)
        hi = lo
        while hi < len(keys) and keys[hi].startswith(key):
            hi += 1
        return lo, hi

    def words_with_prefix(self, key: str, limit: int) -> list[tuple[str, str, int]]:
        """The ``limit`` best-ranked words whose key starts with ``key`` (weighted count, title
        occurrences :data:`RANK_TITLE_WEIGHT` times more; best first)."""
        if not key:
            return []
        if len(key) <= PRECOMPUTED_PREFIX_LEN:
            top = self._top.get(key)
            if top is None:  # once per short prefix (a table is built at each commit: not for every prefix then)
                lo, hi = self._prefix_range(key)
                top = self._top[key] = heapq.nlargest(PRECOMPUTED_TOP, range(lo, hi), key=self._rank.__getitem__)
            return [self.words[i] for i in top[:limit]]
        lo = bisect.bisect_left(self.word_keys, key)
        hi = bisect.bisect_left(self.word_keys, key + "\uffff", lo)
        return [self.words[i] for i in heapq.nlargest(limit, range(lo, hi), key=self._rank.__getitem__)]

    def titles_with_prefix(self, key: str, limit: int) -> list[tuple[str, str, int]]:
        """Up to ``limit`` titles whose key starts with ``key`` (most documents, then shortest, first)."""
        lo = bisect.bisect_left(self.title_keys, key)
        hi = bisect.bisect_left(self.title_keys, key + "\uffff", lo)
        if hi - lo > 2000:  # a very short prefix: titles would be arbitrary; words answer it
            return []
        return heapq.nsmallest(limit, self.titles[lo:hi], key=lambda t: (-t[2], len(t[0]), t[0]))

    def lookup(self, key: str) -> tuple[str, int] | None:
        """``(written form, weighted count)`` of the word with this normalized key, or None."""
        i = bisect.bisect_left(self.word_keys, key)
        if i < len(self.word_keys) and self.word_keys[i] == key:
            return self.words[i][1], self.words[i][2]
        return None

    def spelling(self, key: str, shown: str, typed: str, normalize) -> str:
        """The written form of the word ``(key, shown)`` to offer for ``typed`` (a last word as typed, through
        ``normalize``, the char filters, which keep half-spaces and hamza): ``shown`` when it continues ``typed``,
        else the most frequent of its other spellings that does (``ان‌شا``: ``ان‌شاءالله`` for the key shown
        ``انشاالله``), else ``shown``."""
        if normalize(shown).startswith(typed):
            return shown
        return next((f for f in self.spellings.get(key, ()) if normalize(f).startswith(typed)), shown)

    def to_json(self) -> dict:
        """The table as JSON-ready lists (the file's ``version`` is :func:`kavosh.index.completions._file_data`'s)."""
        return {"words": self.words, "titles": self.titles, "title_counts": self.title_counts,
                "spellings": self.spellings}
