"""Letter slips and what they cost: the edit model of the speller (:mod:`kavosh.query.speller`).

Costs are per letter (Damerau–Levenshtein on letters, not bytes): letters that sound alike in Persian
(:data:`HOMOPHONES`: ``ذ ز ض ظ``, ``س ص ث``, ``ت ط``, ``ه ح``, ``ق غ``, ``ا ع``) cost :data:`HOMOPHONE_COST`,
letters that differ by their dots (:data:`DOT_GROUPS`, with ``ی ئ``) :data:`DOT_COST`, a missing space
:data:`SPACE_COST`, a left-out letter :data:`OMISSION_COST`, a doubled one :data:`DOUBLED_COST`, any other
edit :data:`EDIT_COST`.  The relations between a typed word and a correction that the rewrites judge by
(:func:`sound_alike`, :func:`slight_change`, :func:`doubled`, :func:`one_edit`) are defined here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

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
FINAL_DOT_GROUPS = ("بپتث", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "کگ", "یئ")
""":data:`DOT_GROUPS` at a word's end, where a letter stands in its final form: ``ن``, ``ی`` and ``ف``, ``ق`` share
their shape with the rest of their group only joined to a next letter (``ـنـ``/``ـیـ``/``ـبـ``), not at the end
(``ـن``, ``ـی``, ``ـب``; ``ـف``, ``ـق``): there one is not the other with its dots slipped (new user's finding 5:
``کرمن`` is ``کرمان`` with a letter left out, not ``کرمی``)."""
FINAL_DOT_ALIKE: dict[str, str] = {}
for _g in FINAL_DOT_GROUPS:
    for _c in _g:
        FINAL_DOT_ALIKE[_c] = FINAL_DOT_ALIKE.get(_c, "") + _g.replace(_c, "")


def final_shape_apart(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized, the same length) with its last letter swapped for a
    :data:`DOT_ALIKE` one of another final shape (:data:`FINAL_DOT_GROUPS`) that does not sound alike either
    (``کرمن`` → ``کرمی``): a dot slip in the middle of a word, an ordinary replacement at its end.  Not two last
    letters swapped (``بوگایت`` → ``بوگاتی``: its last letter is not replaced)."""
    if len(typed) != len(fixed) or not typed or typed[-1] == fixed[-1]:
        return False
    if len(typed) > 1 and typed[-2:] == fixed[-1] + fixed[-2]:
        return False
    a, b = typed[-1], fixed[-1]
    return b in DOT_ALIKE.get(a, "") and b not in FINAL_DOT_ALIKE.get(a, "") and b not in SOUND_ALIKE.get(a, "")



KEY_ROWS = ("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو")
"""The three letter rows of the ISIRI 9147 keyboard (under QWERTY's ``q``…``]``, ``a``…``'``, ``z``…``,``),
each row set half a key to the right of the one above (:func:`keyboard_neighbours`)."""


def _neighbour_table() -> dict[str, str]:
    out: dict[str, set[str]] = {}
    for r, row in enumerate(KEY_ROWS):
        for k, ch in enumerate(row):
            near = {row[j] for j in (k - 1, k + 1) if 0 <= j < len(row)}
            if r > 0:  # the row above: the key above and the one above-right
                near |= {KEY_ROWS[r - 1][j] for j in (k, k + 1) if j < len(KEY_ROWS[r - 1])}
            if r + 1 < len(KEY_ROWS):  # the row below: below-left and below
                near |= {KEY_ROWS[r + 1][j] for j in (k - 1, k) if 0 <= j < len(KEY_ROWS[r + 1])}
            out[ch] = near
    return {ch: "".join(sorted(v)) for ch, v in out.items()}


NEIGHBOURS: dict[str, str] = _neighbour_table()
"""Letter → the letters of the keys around it on the ISIRI 9147 keyboard (:data:`KEY_ROWS`)."""


GLUED = "وب"
"""One-letter words written joined to the next (the conjunction ``و``, ``ب`` for ``به``): a fix that drops one
at the start of a word is a space left out (:func:`likely_slip`)."""
FIRST_LEFT_OUT = "اآ"
"""The letters a slip leaves out before a word's first (:func:`likely_slip`): an alef, often unwritten at the start
of a loanword (``سکیزوفرنی`` → ``اسکیزوفرنی``).  Any other letter put before the first makes another word, not a
slip: PQuAD's «رادر» (a rudder) ran as «برادر» (a brother); the first letter is seldom the one wrong
(:func:`letters_kept`)."""
VOWEL_LETTERS = "اوی"
"""Letters that write vowels: one typed extra is a vowel written out (``شهراستان`` → ``شهرستان``)."""
_SOUND_CLASS = str.maketrans({c: g[0] for g in HOMOPHONES for c in g})
"""Each letter → the first letter of its sound-alike group (:data:`HOMOPHONES`): ``وضرش`` and ``وزرش`` read alike."""


def likely_slip(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized) mended from one slip people make while typing: a
    :func:`slight_change` (sound-alike or dot swaps, a letter typed twice), a letter left out (``استفده`` →
    ``استفاده``), two adjacent letters swapped (``قمیت`` → ``قیمت``), a letter replaced by a key next to it
    (:data:`NEIGHBOURS`: ``کمپاتی`` → ``کمپانی``) or by the letter beside it in the word (``اففتاح`` →
    ``افتتاح``), a letter typed extra beside its twin or its neighbour, a vowel letter typed extra
    (:data:`VOWEL_LETTERS`), or a space left out (also after a glued :data:`GLUED` word); any of these
    with sound-alike letters besides (``وضرش`` → ``ورزش``: a writer unsure of the spelling slips too).
    Not a letter replaced by one far from it on the keyboard (``جاوا`` → ``جاها``, ``جنوا``): that is another
    word, not a slip (the new user's finding F19); nor the first letter by its dots alone (:func:`first_dot_slip`),
    nor a letter put before the first but an alef (:data:`FIRST_LEFT_OUT`: ``رادر`` is not ``برادر``)."""
    if typed == fixed or first_dot_slip(typed, fixed):
        return False
    if slight_change(typed, fixed):
        return True
    fixed = fixed.replace(" ", "").replace("\u200c", "")  # a space left out: its letters compared
    if typed[:1] in GLUED and typed[1:] == fixed:  # وعراق → عراق, بدست → دست: a one-letter word glued on
        return True
    t, f = typed.translate(_SOUND_CLASS), fixed.translate(_SOUND_CLASS)  # compared by sound, keys by letter
    if t == f:
        return True
    if abs(len(t) - len(f)) > 1:
        return False
    i = 0
    while i < min(len(t), len(f)) and t[i] == f[i]:
        i += 1
    if len(t) + 1 == len(f):  # a letter left out; before the first only an alef (FIRST_LEFT_OUT)
        return t[i:] == f[i + 1:] and (i > 0 or fixed[0] in FIRST_LEFT_OUT)
    if len(t) == len(f) + 1:  # a letter typed extra, next to its twin or a letter whose key it neighbours
        extra = typed[i]
        around = typed[i - 1:i] + typed[i + 1:i + 2]
        return t[i + 1:] == f[i:] and (extra in VOWEL_LETTERS or any(a == extra or a in NEIGHBOURS.get(extra, "")
                                                                    for a in around))
    if t[i + 1:] == f[i + 1:]:  # one letter replaced: by a key next to it, or by the letter beside it
        return fixed[i] in NEIGHBOURS.get(typed[i], "") or typed[i] in (typed[i - 1:i] + typed[i + 1:i + 2])
    return t[i:i + 2] == f[i:i + 2][::-1] and t[i + 2:] == f[i + 2:]


def first_dot_slip(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized, the same length) with its first letter swapped for one that
    differs by its dots only, neither sounding alike nor on a key next to it (``ژوزه`` → ``روزه``): the first letter
    is seldom the one wrong (:func:`letters_kept`), and these letters are typed on keys apart, so that is another
    word (ParsiNLU's correct «لقب ژوزه مورینیو» was OR'ed in «روزه»), not a slip (:func:`likely_slip`)."""
    if len(typed) != len(fixed) or not typed or typed[0] == fixed[0]:
        return False
    a, b = typed[0], fixed[0]
    return b in DOT_ALIKE.get(a, "") and b not in SOUND_ALIKE.get(a, "") and b not in NEIGHBOURS.get(a, "")


def letters_kept(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized) mended by a :func:`likely_slip` that replaces no letter:
    two adjacent letters swapped back (``فیتلر`` → ``فیلتر``, ``عسولیه`` → ``عسلویه``), a letter left out put
    back, a letter typed twice taken out, a space put back; the first letter kept (it is seldom the one wrong:
    in about 7% of misspellings, Pollock & Zamora's counts in Kukich's 1992 survey; ``رکدام``, from ``د رکدام``,
    is not ``هرکدام``).
    A word seen only twice is taken for a slip of these only: a letter replaced, even by its neighbour key, as
    often makes another word (``شرال`` is ``شارل``, not ``شراب``)."""
    if typed[:1] != fixed[:1] or not likely_slip(typed, fixed):
        return False
    extra = dict.fromkeys(typed, 0)
    for ch in typed:
        extra[ch] += 1
    for ch in fixed:
        if ch in extra:
            extra[ch] -= 1
    return all(n <= 0 for n in extra.values()) or doubled(typed, fixed)


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
    their dots swapped (:data:`HOMOPHONES`, :data:`DOT_GROUPS`, the last letter by :data:`FINAL_DOT_GROUPS`:
    :func:`final_shape_apart`; ``ضلزله`` → ``زلزله``, ``نقت`` → ``نفت``, not ``کرمن`` → ``کرمی``) or
    with one letter typed twice left out (``اذییت`` → ``اذیت``): the edits of at most
    :data:`REAL_WORD_MAX_COST`, which the speller also allows for a real word of the index."""
    if len(typed) == len(fixed):
        return typed != fixed and not final_shape_apart(typed, fixed) and all(
            a == b or b in SOUND_ALIKE.get(a, "") or b in DOT_ALIKE.get(a, "") for a, b in zip(typed, fixed, strict=True))
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


GLUED_WORDS = ("در", "از", "با", "که", "هر", "دو", "سه")
"""Two-letter words written joined to the next one (:func:`glued_splits`: ``دوبال`` → ``دو بال``); the speller's
candidate search splits only after a first half of three letters or more (a short one mostly makes a word by chance),
so these were corrected as another word instead (PQuAD's «پرنده دوبال», two wings, was OR'ed in «دنبال»)."""
GLUED_LIST_FREQ = 10_000
"""... and only when the word list holds the joined form this often: people write those two words joined (``دوبال``
22,368 times, ``دوتا``, ``دربین``); a slip that only looks like such a pair (``درامن`` 2,753 times, Hamshahri's typo of
``درمان``) is not split."""


def glued_splits(key: str, lookup: Callable[[str], tuple[str, int] | None], lexicon: dict[str, int], min_count: int,
                 first_min_count: int, rest_min_len: int) -> dict[str, float]:
    """Split candidates of ``key`` (normalized; ``lexicon``, the word list, holds it :data:`GLUED_LIST_FREQ`+ times)
    after one of :data:`GLUED_WORDS` seen ``first_min_count``+ times (``lookup``: key → (written, weighted count)),
    the rest of ``rest_min_len``+ letters seen ``min_count``+ times, each at :data:`SPACE_COST` (a space left out):
    ``دوبال`` → ``{"دو بال": SPACE_COST}``."""
    out: dict[str, float] = {}
    if lexicon.get(key, 0) < GLUED_LIST_FREQ:
        return out
    for left in GLUED_WORDS:
        right = key[len(left):]
        if key.startswith(left) and len(right) >= rest_min_len:
            hl, hr = lookup(left), lookup(right)
            if hl and hr and hl[1] >= first_min_count and hr[1] >= min_count:
                out[left + " " + right] = SPACE_COST
    return out


def short_doubled(key: str, lookup: Callable[[str], tuple[str, int] | None], lexicon: dict[str, int], min_count: int,
                  short_len: int) -> dict[str, float]:
    """Candidates of a ``short_len``-letter ``key`` (normalized) with a letter typed twice taken out
    (:data:`DOUBLED_COST`), each seen ``min_count``+ times (``lookup``: key → (written, weighted count)): ``متت`` →
    ``مت`` (PQuAD's «متت دیون», Matt Damon, was OR'ed in ``متن`` by its dots).  The speller's candidate search gives a
    word this short its swaps only (:data:`kavosh.query.speller.MIN_LEN_FOR_EDITS`: an ordinary edit makes another
    short word by chance); a doubled letter is a slip of its own, as a letter left out is
    (:meth:`kavosh.query.speller.Speller.short_insertions`).  None for a word the word list ``lexicon`` holds: it is
    written so (``مدد``, ``ششم``)."""
    out: dict[str, float] = {}
    if len(key) != short_len or key in lexicon:
        return out
    for i in range(len(key) - 1):
        if key[i] == key[i + 1]:
            w = key[:i] + key[i + 1:]
            hit = lookup(w)
            if hit is not None and hit[1] >= min_count:
                out[w] = DOUBLED_COST
    return out
