"""Persian readings of a Latin autocomplete prefix: typed on the wrong keyboard layout, or Finglish.

Autocomplete (:func:`kavosh.search.suggest.suggest`) completes a Latin prefix that has no completion
of its own through these readings (``jivh`` → ``تهرا``, ``tehr`` → ``تهر``, ``jam jah`` → ``جام جه``);
the conversions are the query stage's own (:mod:`kavosh.query.layout`, :mod:`kavosh.query.finglish`),
here applied to the start of a word: a Finglish reading of the last word need only begin a word of the
index (``spellings(..., stems=True)``).
"""

from __future__ import annotations

from ..analysis import Analyzer
from ..index.completions import CompletionTable
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
    :data:`FINGLISH_READINGS` cheapest of each word, :data:`MAX_READINGS` in all).  Empty when no reading
    starts a word of the index."""
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
    starts = sorted(spellings(words[-1], vocab, stems=True).items(), key=lambda kv: kv[1])[:FINGLISH_READINGS]
    for _cost, text in sorted((c0 + c, " ".join([*h, k])) for c0, h in heads for k, c in starts)[:MAX_READINGS]:
        if text not in out:
            out.append(text)
    return out


