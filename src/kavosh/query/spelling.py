"""Did you mean: spelling correction from the index's own vocabulary.

A query word is corrected only when the index (almost) does not have it: its
weighted count in the completion table (:mod:`kavosh.search.suggest`) is at
most :data:`RARE_COUNT`.  Candidates are the table's words within a small
weighted edit distance, where confusing letters that sound alike in Persian
costs :data:`HOMOPHONE_COST` instead of 1 — ``ذ ز ض ظ``, ``س ص ث``, ``ت ط``,
``ه ح``, ``ق غ``, ``ا ع`` — so ``ضلزله`` → ``زلزله`` and ``اطلاعات`` is found
from ``اتلاعات``.  The cheapest candidate wins (a much more frequent one may win
over a slightly cheaper one: :data:`FREQ_WEIGHT`), and it
must be at least :data:`MIN_COUNT` times in the index and :data:`RATIO` times
as frequent as the word typed.  A word common in the index is never corrected.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

HOMOPHONES = ("ذزضظ", "سصث", "تط", "هح", "قغ", "اع")
"""Groups of letters that sound alike in Persian."""
HOMOPHONE_COST = 0.3
EDIT_COST = 1.0
MAX_COST = 1.6
"""Candidates cost at most this: one ordinary edit plus two homophone swaps."""
RARE_COUNT = 1
"""A word seen at most this many times (weighted) may be corrected."""
MIN_COUNT = 5
RATIO = 20.0
FREQ_WEIGHT = 0.15
"""Score = cost − FREQ_WEIGHT × log10(count): ten times as frequent pays for 0.15 of an edit."""
MIN_LEN_FOR_EDITS = 4
"""Shorter words only get homophone swaps (an ordinary edit makes another common short word)."""

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_SOUND_ALIKE: dict[str, str] = {c: g.replace(c, "") for g in HOMOPHONES for c in g}


def _homophone_swaps(word: str) -> Iterator[str]:
    for i, c in enumerate(word):
        for other in _SOUND_ALIKE.get(c, ""):
            yield word[:i] + other + word[i + 1:]


def _edits(word: str, letters: str) -> Iterator[str]:
    """Every string one ordinary edit away: deletion, transposition, replacement, insertion."""
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            yield a + b[1:]
            if len(b) > 1:
                yield a + b[1] + b[0] + b[2:]
            for c in letters:
                if c != b[0]:
                    yield a + c + b[1:]
        for c in letters:
            yield a + c + b


def candidates(word: str) -> dict[str, float]:
    """Strings near ``word`` with their cost (homophone swaps cheap, other edits 1),
    up to :data:`MAX_COST`; ``word`` itself excluded."""
    letters = LATIN_LETTERS if word.isascii() else PERSIAN_LETTERS
    best: dict[str, float] = {}

    def put(w: str, cost: float) -> bool:
        if cost <= MAX_COST and w != word and cost < best.get(w, math.inf):
            best[w] = cost
            return True
        return False

    level = {word: 0.0}
    for _ in range(2):  # up to two homophone swaps
        nxt = {}
        for w, cost in level.items():
            for s in _homophone_swaps(w):
                if put(s, cost + HOMOPHONE_COST):
                    nxt[s] = cost + HOMOPHONE_COST
        level = nxt
    if len(word) >= MIN_LEN_FOR_EDITS:
        for w, cost in [(word, 0.0), *best.items()]:
            for e in _edits(w, letters):
                put(e, cost + EDIT_COST)
    return best


@dataclass
class Correction:
    """A corrected word: ``word`` → ``correction`` (its written form), with the edit ``cost``
    and the correction's ``count`` in the index."""

    word: str
    correction: str
    cost: float
    count: int


def correct(word: str, lookup: Callable[[str], tuple[str, int] | None]) -> Correction | None:
    """The correction of one normalized word, or None.

    Args:
        word: the word, normalized like the table's keys (``Analyzer.normalize_term``).
        lookup: ``key → (written form, weighted count)`` or None, over the index's words.
    Returns:
        The candidate with the lowest cost − :data:`FREQ_WEIGHT` × log10(count) that is in the index at least
        :data:`MIN_COUNT` times and :data:`RATIO` times as often as ``word``; None
        when ``word`` is seen more than :data:`RARE_COUNT` times or nothing qualifies.
    """
    if len(word) < 2 or any(ch.isdigit() for ch in word):
        return None
    seen = lookup(word)
    own = seen[1] if seen else 0
    if own > RARE_COUNT:
        return None
    best: Correction | None = None
    best_score = math.inf
    for cand, cost in candidates(word).items():
        hit = lookup(cand)
        if hit is None or hit[1] < max(MIN_COUNT, RATIO * own):
            continue
        score = cost - FREQ_WEIGHT * math.log10(hit[1])
        if best is None or score < best_score:
            best, best_score = Correction(word, hit[0], cost, hit[1]), score
    return best


def suggest_query(parsed, doc_freq: Callable[[str], int], lookup_factory: Callable[[], Callable],
                  normalize: Callable[[str], str]) -> str | None:
    """A "did you mean" query for ``parsed``, or None.

    Args:
        parsed: the :class:`~kavosh.query.parse.ParsedQuery` that ran.
        doc_freq: document frequency of an analysed term in the index.
        lookup_factory: returns the ``lookup`` of :func:`correct` (called only
            when some word is missing from the index: building it may be slow).
        normalize: the analyzer's ``normalize_term``.
    Returns:
        ``parsed.original`` with each single-word leaf whose term is in at most
        :data:`RARE_COUNT` documents replaced by its correction; None when no
        word was corrected.
    """
    from .parse import Occur

    rare = [c for c in parsed.clauses if c.kind == "term" and not c.derived and c.occur != Occur.MUST_NOT
            and doc_freq(c.terms[0]) <= RARE_COUNT]
    if not rare:
        return None
    lookup = lookup_factory()
    out, pos, changed = [], 0, False
    query = parsed.original
    for c in rare:
        at = query.find(c.text, pos)
        if at < 0 or c.text.startswith('"'):
            continue
        fix = correct(normalize(c.text), lookup)
        if fix is None:
            continue
        out.append(query[pos:at] + fix.correction)
        pos, changed = at + len(c.text), True
    return "".join(out) + query[pos:] if changed else None


class Speller:
    """Corrects a sequence of words with an index's vocabulary.

    Args:
        lookup: ``normalized key → (written form, weighted count)`` or None
            (:meth:`kavosh.search.suggest.CompletionTable.lookup`).
        normalize: the analyzer's ``normalize_term``.
    """

    def __init__(self, lookup: Callable[[str], tuple[str, int] | None], normalize: Callable[[str], str]) -> None:
        self.lookup = lookup
        self.normalize = normalize

    def correct_words(self, words: list[str]) -> list[str | None]:
        """One entry per word of ``words``: its correction (written form, may hold a
        space when a word is split) or None when the word is left as it is."""
        out: list[str | None] = []
        for w in words:
            fix = correct(self.normalize(w), self.lookup)
            out.append(fix.correction if fix else None)
        return out
