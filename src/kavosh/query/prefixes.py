"""Persian readings of a Latin autocomplete prefix: typed on the wrong keyboard layout, or Finglish.

Autocomplete (:func:`kavosh.search.suggest.suggest`) completes a Latin prefix that has no completion
of its own through these readings (``jivh`` → ``تهرا``, ``tehr`` → ``تهر``, ``jam jah`` → ``جام جه``);
the conversions are the query stage's own (:mod:`kavosh.query.layout`, :mod:`kavosh.query.finglish`),
here applied to the start of a word: a Finglish reading of the last word need only begin a word of the
index (``spellings(..., stems=True)``).
"""

from __future__ import annotations

import math

from ..analysis import Analyzer
from ..index.completions import CompletionTable
from .finglish import FREQ_WEIGHT
from .readings import core_readings, fold, spellings
from .vocabulary import Vocabulary
from .layout import LAYOUTS, latin_to_persian

FINGLISH_READINGS = 2
"""A Latin prefix read as Finglish: the cheapest readings of its last word (and of each word before it, as a
whole word of the index) that are tried."""
MAX_READINGS = 4
"""Finglish readings of a Latin prefix, at most (cheapest first); with one per keyboard layout, the bound of
a Latin request's cost."""


def latin_readings(prefix: str, table: CompletionTable, analyzer: Analyzer) -> list[str]:
    """Persian prefixes a Latin ``prefix`` may stand for: typed on a Persian keyboard layout with the
    US one active (each layout of :data:`kavosh.query.layout.LAYOUTS`), then read as Finglish (every
    word but the last as a whole word of the index, the last as the start of one; the
    :data:`FINGLISH_READINGS` cheapest of each word, :data:`MAX_READINGS` in all), the Finglish readings ordered
    as :class:`kavosh.query.finglish.Candidate` scores a word: letter-rule cost less
    :data:`~kavosh.query.finglish.FREQ_WEIGHT` × ln(count + 1) of the table's best word the reading's last word
    starts (``ketab``: ``کتاب``, its best word کتاب 2,539 times, before the cheaper ``کتب``, 132 — a new user's
    finding: «کتب» was offered first; ``mikh``: ``میخ`` still before ``مخ``, the dropped ``i`` costing more than
    مخدر's count gives).  A last word ending in the first letter of a digraph is also read with its ``h``
    (:func:`_last_word_starts`: ``esteg`` → ``استق`` before ``ایستگ``, استقلال's count deciding).  Empty when no
    reading starts a word of the index."""
    out: list[str] = []
    for layout in LAYOUTS.values():
        conv = latin_to_persian(prefix, layout)
        if conv not in out and table.words_with_prefix(analyzer.normalize_term(conv.split(" ")[-1]), 1):
            out.append(conv)
    vocab = Vocabulary(table.word_keys, table.lookup, readings=core_readings(table))
    words = [fold(w) for w in prefix.lower().split()]
    heads: list[tuple[float, list[str]]] = [(0.0, [])]  # the head words' cheapest whole-word readings
    for w in words[:-1]:
        whole = sorted(spellings(w, vocab).items(), key=lambda kv: kv[1])[:2]
        heads = sorted(((c0 + c, [*h, table.lookup(k)[0]]) for c0, h in heads for k, c in whole),
                       key=lambda x: x[0])[:2]
    starts = _last_word_starts(words[-1], vocab)
    kept = sorted((c0 + c, " ".join([*h, k]), k) for c0, h in heads for k, c in starts)[:MAX_READINGS]
    for _score, text in sorted((cost - FREQ_WEIGHT * math.log(_best_count(table, k) + 1), text)
                               for cost, text, k in kept):
        if text not in out:
            out.append(text)
    return out


DIGRAPH_STARTS = frozenset("gkszc")
"""Letters that begin a Finglish digraph with ``h`` (``gh`` ق/غ, ``kh`` خ, ``sh`` ش, ``zh`` ژ, ``ch`` چ): a prefix
ending in one may be a word typed up to the digraph's first letter, so its last word is also read with the ``h``
that would follow (:func:`_last_word_starts`; a new user's finding: ``esteg``, the start of ``esteghlal``, was
read ``ایستگ`` alone and offered ``ایستگاه``, never ``استقلال``)."""
DIGRAPH_COST = 0.1
"""Added to the cost of a reading of the last word with the ``h`` of a digraph it may begin (:data:`DIGRAPH_STARTS`),
which the user has not typed."""


def _last_word_starts(word: str, vocab: Vocabulary) -> list[tuple[str, float]]:
    """The :data:`FINGLISH_READINGS` cheapest readings of a prefix's last ``word`` (each the start of a word of
    ``vocab``) as typed and, when it ends in a letter of :data:`DIGRAPH_STARTS`, as many with the digraph's ``h``
    after it (its cost :data:`DIGRAPH_COST` more): ``esteg`` → ``ایستگ`` (0.9), ``استق`` and ``استغ`` (0.1 + 0.1).
    ``[(key, cost)]``, cheapest first, each key once; :func:`latin_readings` orders them by the counts too."""
    found = dict(_cheapest_starts(word, vocab))
    if word[-1:] in DIGRAPH_STARTS:
        for key, cost in _cheapest_starts(word + "h", vocab):
            if cost + DIGRAPH_COST < found.get(key, math.inf):
                found[key] = cost + DIGRAPH_COST
    return sorted(found.items(), key=lambda kv: (kv[1], kv[0]))


def _cheapest_starts(word: str, vocab: Vocabulary) -> list[tuple[str, float]]:
    """The :data:`FINGLISH_READINGS` cheapest readings of ``word`` that begin a word of ``vocab``."""
    return sorted(spellings(word, vocab, stems=True).items(), key=lambda kv: kv[1])[:FINGLISH_READINGS]


def _best_count(table: CompletionTable, key: str) -> int:
    """The weighted count of the table's best word starting with ``key`` (0 with none)."""
    best = table.words_with_prefix(key, 1)
    return best[0][2] if best else 0


