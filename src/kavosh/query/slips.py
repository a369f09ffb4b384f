"""Typing slips of a query word looked for beyond the speller's first choice (:mod:`kavosh.query.spelling`).

The speller (:class:`~kavosh.query.speller.Speller`) chooses a fix by cost and frequency among words its table holds
:data:`~kavosh.query.speller.MIN_COUNT`+ times, with the query's neighbours as context.  These looks find what that
choice misses, each used by :func:`kavosh.query.spelling.suggest_query` for a word no document holds (or one):

* :func:`context_slip` — the slip the query's other words meet most in documents, against the frequency's choice
  (``رزوی``: ``رضوی`` by frequency, ``روزی`` by «چند روزی»);
* :func:`cheaper_slip` — a cheaper slip that keeps the letters, below the speller's minimum (``تنلب``: ``تنبل``);
* :func:`close_slip` — another slip almost as cheap as the first fix and seen more often (``قطعع``: ``قطع`` by a
  letter typed twice, ``قطعه`` by the key beside ``ه``);
* :func:`held_once` — a term one document holds (the table lacks it).

Their fixes are searched beside the word typed or the first fix, never instead of a word some document holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .edits import EDIT_COST, HOMOPHONE_COST, NEIGHBOURS, PERSIAN_LETTERS, cheap_swaps, letters_kept, likely_slip
from .speller import MIN_COUNT, SHORT_LEN, Speller

RARE_MIN_COUNT = 2
"""A correction must be seen :data:`~kavosh.query.speller.MIN_COUNT` times (weighted) in the index, except in a
second look for a query word no document has, whose fix is OR'ed in or offered, never run: a candidate this
frequent (the completion table's own minimum, :data:`kavosh.index.completions.MIN_COUNT`) at most
:data:`~kavosh.query.edits.EDIT_COST` away and mended from a typing slip (:func:`likely_slip`: ``تویوتاا`` →
``تویوتا``, a brand name seen twice; not ``بکینگ`` → ``برینگ``, ``ک`` and ``ر`` far apart on the keyboard)."""
RUNNER_UP_CONTEXT_RATIO = 2.0
"""A non-word's second candidate is also searched (:func:`kavosh.query.spelling.suggest_query`) when the query's
neighbouring words stand near it in this many times as many documents as near the chosen fix (``1 + n`` each)."""


def cheaper_slip(speller: Speller, words: list[str], word: str, first: str) -> str | None:
    """The speller's choice (:meth:`Speller.correct_words`) among the slips of ``word`` that keep its letters
    (:func:`letters_kept`), seen :data:`RARE_MIN_COUNT`+ times, when it costs less than ``first`` (the speller's fix
    among words seen :data:`~kavosh.query.speller.MIN_COUNT`+ times), else None: the speller's minimum kept it out
    (``تنلب`` → ``طناب``, 12 times, a sound-alike letter and a key next to another, cost 1.3; ``تنبل``, two letters
    swapped, cost 1.0, is seen twice; ``نویا`` → ``نوع`` and ``نوکیا``).  Searched beside ``first``, never instead."""
    norm = speller.normalize
    key, first_key = norm(word), norm(first)
    cands = speller.candidates(key, min_count=RARE_MIN_COUNT)
    if len(key) == SHORT_LEN:
        cands.update(speller.short_insertions(key, RARE_MIN_COUNT))
    first_cost = min((c for k, c in cands.items() if speller._key(k) == first_key), default=None)
    if first_cost is None:
        return None
    found = speller.correct_words(words, use_known=False, only={word}, min_count=RARE_MIN_COUNT,
                                  max_cost=first_cost, accept=lambda k, c: c != first_key and letters_kept(k, c))
    second = found[words.index(word)]
    if second is None:
        return None
    cost = min((c for k, c in cands.items() if speller._key(k) == norm(second)), default=None)
    return second if cost is not None and cost < first_cost else None


CLOSE_COST = 0.5
"""A second slip costs at most this much more than the first fix for :func:`close_slip` (a letter typed twice,
0.5, against a key next to another, 1.0)."""


def close_slip(speller: Speller, word: str, first: str) -> str | None:
    """Another typing slip (:func:`likely_slip`) of ``word`` among the speller's candidates seen
    :data:`~kavosh.query.speller.MIN_COUNT`+ times, at most :data:`CLOSE_COST` dearer than ``first`` (the speller's
    fix) and one slip (cost at most :data:`~kavosh.query.edits.EDIT_COST`: ``اسلاک`` → ``اسلام``, not also ``اصلاح``,
    a far key and a sound-alike letter), seen more often than it — the most often seen, as the index writes it — else None.  The letters cannot
    tell them apart and frequency only just chose (``قطعع``: ``قطع``, 11 times, a letter typed twice, cost 0.5;
    ``قطعه``, 16 times, the key beside ``ه``, cost 1.0): searched beside ``first``, never instead."""
    norm = speller.normalize
    key, first_key = norm(word), norm(first)
    cands = speller.candidates(key, min_count=MIN_COUNT)
    first_cost = min((c for k, c in cands.items() if speller._key(k) == first_key), default=None)
    if first_cost is None:
        return None
    least = (speller.lookup(first_key) or ("", 0))[1] + 1
    best, best_count = None, 0
    for cand, cost in sorted(cands.items()):
        k = speller._key(cand)
        if k == first_key or cost > min(first_cost + CLOSE_COST, EDIT_COST) or not likely_slip(key, k) \
                or not speller._ending_fits(key, cand, MIN_COUNT):
            continue
        count = speller._count(cand)
        if count >= least and count > best_count:
            best, best_count = cand, count
    return speller._written(best) if best is not None else None


CONTEXT_SLIPS = 12
"""Typing slips of a word (cheapest first) whose neighbours :func:`context_slip` counts."""


def context_slip(speller: Speller, words: list[str], word: str, against: str | None,
                 accept: Callable[[str, str], bool] = likely_slip, min_count: int = RARE_MIN_COUNT) -> str | None:
    """The typing slip of ``word`` (``accept``: :func:`likely_slip` of the normalized word and candidate) that the
    query's other ``words`` meet most in documents (:meth:`Speller.context_of`), among its :data:`CONTEXT_SLIPS`
    cheapest candidates seen ``min_count``+ times in the index's table, when they meet it at least once
    and :data:`RUNNER_UP_CONTEXT_RATIO` times as often as ``against`` (the fix chosen by frequency, or None: the
    word as typed); written as the index writes it, else None.  Frequency alone picks ``رضوی`` for ``رزوی``,
    ``تکمیلی`` for ``تمیلی``; «چند روزی», «جنگ تحمیلی» say otherwise; a rare word below the speller's minimum
    (``عروس`` in 4 ParsiNLU documents, beside «دریایی») is reached only so."""
    norm = speller.normalize
    key = norm(word)
    skip = {key, norm(against)} if against is not None else {key}
    cands = speller.candidates(key, min_count=min_count)
    if len(key) == SHORT_LEN:
        cands.update(speller.short_insertions(key, min_count))
    ranked = sorted((cost, cand) for cand, cost in cands.items()
                    if speller._key(cand) not in skip and accept(key, speller._key(cand))
                    and speller._ending_fits(key, cand, min_count))[:CONTEXT_SLIPS]
    if not ranked:
        return None
    floor = speller.context_of(words, word, against if against is not None else word) \
        + math.log(RUNNER_UP_CONTEXT_RATIO)
    best, best_ctx = None, 0.0
    for _cost, cand in ranked:
        written = speller._written(cand)
        ctx = speller.context_of(words, word, written)
        if ctx > best_ctx and ctx >= floor:
            best, best_ctx = written, ctx
    return best


HELD_ONCE_MIN_LETTERS = 5
"""A word this long or longer may be mended into a term one document holds (:func:`held_once`)."""


def held_once(key: str, doc_freq: Callable[[str], int], swaps: bool = True) -> str | None:
    """A term of the index (``doc_freq`` 1+) that ``key`` (normalized, :data:`HELD_ONCE_MIN_LETTERS`+ letters) is
    mended into by one typing slip that keeps the first letter — a letter swapped for a sound-alike one
    (``نقاشیخت`` → ``نقاشیخط``, PQuAD's one document) or, with ``swaps`` (a word the speller found no fix for), one that
    differs by its dots (``انقلاپ`` → ``انقلاب``, on a small index that holds the word once; not ``قبلنا`` →
    ``قبلیا`` over the table's ``قبلا``), two adjacent letters
    swapped back or a letter typed twice taken out, else a letter left out put back, else a letter replaced by a key
    next to it
    (:data:`~kavosh.query.edits.NEIGHBOURS`) — the one in most documents, the cheaper slip on a tie; else None (about
    40 look-ups a letter).  The completion table, which the speller reads, lacks a word seen once: ParsiNLU's
    ``هاترگام`` (an app, ``هاتگرام``, in one document), PQuAD's ``رحینی`` (``رحیمی``) and ``نقایخط`` (``نقاشیخط``) met
    nothing."""
    if len(key) < HELD_ONCE_MIN_LETTERS:
        return None
    found: dict[str, int] = {}
    for swapped, cost in cheap_swaps(key):  # نقاشیخت → نقاشیخط: a sound-alike slip; انقلاپ → انقلاب: a dot slip
        if swapped[:1] == key[:1] and (swaps or cost == HOMOPHONE_COST):
            found.setdefault(swapped, 0)
    for i in range(1, len(key)):
        if i + 1 < len(key) and key[i] != key[i + 1]:
            found.setdefault(key[:i] + key[i + 1] + key[i] + key[i + 2:], 0)
        if key[i] == key[i - 1]:
            found.setdefault(key[:i] + key[i + 1:], 0)
    for i in range(1, len(key) + 1):
        for c in PERSIAN_LETTERS:
            found.setdefault(key[:i] + c + key[i:], 1)
    for i in range(1, len(key)):
        for c in NEIGHBOURS.get(key[i], ""):
            found.setdefault(key[:i] + c + key[i + 1:], 2)
    best = min(found, key=lambda w: (-doc_freq(w), found[w], w), default=None)
    return best if best is not None and doc_freq(best) > 0 else None
