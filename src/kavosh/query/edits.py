"""Letter slips and what they cost: the edit model of the speller (:mod:`kavosh.query.speller`).

Costs are per letter (Damerau–Levenshtein on letters, not bytes): letters that sound alike in Persian
(:data:`HOMOPHONES`: ``ذ ز ض ظ``, ``س ص ث``, ``ت ط``, ``ه ح``, ``ق غ``, ``ا ع``) cost :data:`HOMOPHONE_COST`,
letters that differ by their dots (:data:`DOT_GROUPS`, with ``ی ئ``) :data:`DOT_COST`, a missing space
:data:`SPACE_COST`, a left-out letter :data:`OMISSION_COST`, a doubled one :data:`DOUBLED_COST`, any other
edit :data:`EDIT_COST`.  The relations between a typed word and a correction that the rewrites judge by
(:func:`sound_alike`, :func:`slight_change`, :func:`doubled`, :func:`one_edit`) are defined here too.
"""

from __future__ import annotations

from collections.abc import Iterator

HOMOPHONES = ("ذزضظ", "سصث", "تط", "هح", "قغ", "اع")
"""Groups of letters that sound alike in Persian."""
HOMOPHONE_COST = 0.3
EDIT_COST = 1.0

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

SOUND_ALIKE: dict[str, str] = {c: g.replace(c, "") for g in HOMOPHONES for c in g}

OMISSION_COST = 0.7
"""A letter left out (the correction inserts it: ``اتصل`` → ``اتصال``), the commonest typing slip."""
DOUBLED_COST = 0.5
"""A letter typed twice (``اذییت`` → ``اذیت``)."""
DOT_GROUPS = ("بپتثنی", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "فق", "کگ", "یئ")
"""Letters written with the same shape and different dots (and ی/ئ): a dot slip (``نقت`` for ``نفت``)."""
DOT_COST = 0.5
SPACE_COST = 0.3
"""A missing space (``بعنوان`` → ``به عنوان``, ``وزارتکشور`` → ``وزارت کشور``)."""
DOT_ALIKE: dict[str, str] = {}
for _g in DOT_GROUPS:
    for _c in _g:
        DOT_ALIKE[_c] = DOT_ALIKE.get(_c, "") + _g.replace(_c, "")



def weighted_edits(word: str, letters: str) -> Iterator[tuple[str, float]]:
    """Every string one letter edit away with its cost: deletion (:data:`DOUBLED_COST` for a
    doubled letter, else :data:`EDIT_COST`), transposition and replacement (:data:`EDIT_COST`),
    insertion (:data:`OMISSION_COST`)."""
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            yield a + b[1:], DOUBLED_COST if (a and a[-1] == b[0]) else EDIT_COST
            if len(b) > 1:
                yield a + b[1] + b[0] + b[2:], EDIT_COST
            for c in letters:
                if c != b[0]:
                    yield a + c + b[1:], EDIT_COST
        for c in letters:
            yield a + c + b, OMISSION_COST


def sound_alike(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` with only letters that sound alike swapped (:data:`HOMOPHONES`):
    the same spoken word in another (older or variant) spelling, ``طهران`` / ``تهران``, ``اطاق`` / ``اتاق``.
    Both normalized; words of different lengths are not."""
    return len(typed) == len(fixed) and typed != fixed and all(
        a == b or b in SOUND_ALIKE.get(a, "") for a, b in zip(typed, fixed, strict=True))


def one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter inserted, deleted, replaced, or two adjacent letters
    swapped (Damerau–Levenshtein distance 1), or a :func:`slight_change` of it."""
    if a == b:
        return False
    if slight_change(a, b):
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def slight_change(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized) with letters that sound alike or differ by
    their dots swapped (:data:`HOMOPHONES`, :data:`DOT_GROUPS`; ``ضلزله`` → ``زلزله``, ``نقت`` → ``نفت``) or
    with one letter typed twice left out (``اذییت`` → ``اذیت``): the edits of at most
    :data:`REAL_WORD_MAX_COST`, which the speller also allows for a real word of the index."""
    if len(typed) == len(fixed):
        return typed != fixed and all(a == b or b in SOUND_ALIKE.get(a, "") or b in DOT_ALIKE.get(a, "")
                                      for a, b in zip(typed, fixed, strict=True))
    return len(typed) == len(fixed) + 1 and any(
        typed[i] == typed[i - 1] and typed[:i] + typed[i + 1:] == fixed for i in range(1, len(typed)))


def doubled(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized) with one letter typed twice left out
    (``اذییت`` → ``اذیت``)."""
    return len(typed) == len(fixed) + 1 and any(
        typed[i] == typed[i - 1] and typed[:i] + typed[i + 1:] == fixed for i in range(1, len(typed)))


def cheap_swaps(word: str) -> Iterator[tuple[str, float]]:
    """Every one-letter homophone or dot swap of ``word`` with its cost."""
    for i, c in enumerate(word):
        for other in SOUND_ALIKE.get(c, ""):
            yield word[:i] + other + word[i + 1:], HOMOPHONE_COST
        for other in DOT_ALIKE.get(c, ""):
            if other not in SOUND_ALIKE.get(c, ""):
                yield word[:i] + other + word[i + 1:], DOT_COST
