"""Which query words are written correctly, and which corrections change a word into another.

The word list (``Analyzer.lexicon_freq``: hazm's and shekar's words with corpus frequencies) and the
index decide: :func:`is_known` (a word of the list, or one with a clitic joined), :func:`trusted_word`
(issue #14 kind 11: a word the index holds or the list knows well is corrected only as a real word),
:func:`changes_a_word` and :func:`keeps_words` (may a correction act on the search),
:func:`offered_for_held_word` (may it be offered).  Used by :mod:`kavosh.query.spelling`,
:mod:`kavosh.query.speller` and the rewrites of :mod:`kavosh.query.choose` and
:mod:`kavosh.query.alternatives`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .edits import one_edit, slight_change, sound_alike

CLITICS = ("م", "ت", "ش", "مان", "تان", "شان", "ی", "ای", "ام", "ات", "اش", "ها", "های", "هایی", "هایم", "هایت",
           "هایش", "هایمان", "هایتان", "هایشان", "تر", "ترین")
"""Endings that may follow a noun or adjective (pronoun clitics, indefinite ی, plural ها, comparative)."""
MIN_STEM_LEN = 3
KNOWN_LEXICON_FREQ = 300_000
"""A word-list word counts as known from this corpus frequency on (hazm's list also holds frequent misspellings,
``پروش`` 255,347, beside rare real words such as ``طلعت`` 166,480: this is the measured compromise)."""
WORD_LIST_FREQ = 10_000
"""When the query as typed finds documents, a word of the word list seen this often is not offered a
correction either (issue #14 kind 11: a correctly written rare word is searched as typed and gets no
"did you mean"; a misspelling frequent enough in hazm's list to pass, ``پروش``, then gets none
while documents hold it)."""
VOWEL_COPULA = "ست"
"""``است`` joined to a word that ends in a vowel (``کجاست``, ``آمریکاست``, ``اوست``, ``کشوریست``)."""
SPOKEN_COPULA = "ه"
"""Spoken ``است`` after a word that ends in a consonant or ``ی`` (``خوبه``, ``صافه``, ``جنسیه``)."""


def is_known(key: str, lexicon: dict[str, int], min_freq: int = KNOWN_LEXICON_FREQ) -> bool:
    """True when ``key`` (normalized) is a word of the word list ``lexicon`` (hazm/shekar's, see
    :mod:`kavosh.analysis`) seen ``min_freq``+ times, or one of its words of
    :data:`MIN_STEM_LEN`+ letters followed by one of :data:`CLITICS` (``ابلاغش``, ``سرنوشتم``,
    ``پناهم``, ``مزایای`` with its ezafe), by :data:`VOWEL_COPULA` after a vowel (``کجاست``) or by
    :data:`SPOKEN_COPULA` after a consonant or ``ی`` (``خوبه``)."""
    if lexicon.get(key, 0) >= min_freq:
        return True
    if key.endswith(VOWEL_COPULA) and key[-3:-2] in ("ا", "و", "ی") and len(key) - 2 >= MIN_STEM_LEN - 1 \
            and lexicon.get(key[:-2], 0) >= min_freq:
        return True
    if key.endswith(SPOKEN_COPULA) and key[-2:-1] not in ("", "ا", "و", "ه") and len(key) - 1 >= MIN_STEM_LEN \
            and lexicon.get(key[:-1], 0) >= min_freq:
        return True
    return any(key.endswith(c) and len(key) - len(c) >= MIN_STEM_LEN
               and lexicon.get(key[:-len(c)], 0) >= min_freq
               and not (c in "متش" and key[-2] in "او")  # after a vowel these are یم/یت/یش: ابات is not ابا + ت
               and not (c[0] == "ی" and key[-len(c) - 1] == "ی")  # ی after ی is written ‌ای: اتفاقیی is a typo
               for c in CLITICS)


ONE_EDIT_MORE_LIKELY = 10.0
"""A word the word list holds :data:`WORD_LIST_FREQ`+ times is corrected into a word one edit away only when the
list holds that word this many times as often (:func:`keeps_words`): ``پروش`` (255,347, a misspelling hazm's list
holds) → ``پرورش`` (45.4M, 178 times) runs, and ``زدای`` (109,180) → ``زدایی`` (2.5M, 23 times) is searched beside
it; the name ``ژینا`` (99,244) → ``ژیان`` (304,697, 3 times) is only offered (a new user's finding: the name,
missing from the index, was searched as the car ``ژیان``).  100 (:data:`FAR_MORE_LIKELY`) dropped the second, a
slip of ``بیابان زدایی`` in the query forms of ``tests/test_plan_memo.py``."""


def keeps_words(typed: str, fixed: str, normalize: Callable[[str], str], lexicon: dict[str, int],
                terms: Callable[[str], list[str]] | None = None) -> bool:
    """Whether correcting ``typed`` to ``fixed`` may act on the search (run, or be OR'ed in as an
    alternative): it turns no word of the word list into another word (:func:`changes_a_word`, by spelling
    or term), and a word the list holds :data:`WORD_LIST_FREQ`+ times only into one a :func:`one_edit` away
    that the list holds :data:`ONE_EDIT_MORE_LIKELY` times as often or more (:meth:`Correction.runs_for`)."""
    if changes_a_word(typed, fixed, normalize, lexicon, terms=terms):
        return False
    if not changes_a_word(typed, fixed, normalize, lexicon, WORD_LIST_FREQ, terms):
        return True
    key, fix = normalize(typed), normalize(fixed)
    return one_edit(key, fix) and lexicon.get(fix, 0) >= ONE_EDIT_MORE_LIKELY * lexicon.get(key, 0)


def term_keys(word: str, key: str, terms: Callable[[str], list[str]] | None) -> list[str]:
    """``key`` (the word normalized) and the analyzer's term of ``word`` when it is one term that spells
    the word another way (``زکوة`` → ``زکات``), not its stem (``پروش`` → ``پرو`` + ``ش`` is a typo of
    ``پرورش``, not a form of ``پرو``: the stem is judged by :func:`is_known`'s own clitic rules)."""
    if terms is None:
        return [key]
    found = terms(word)
    return [key] + ([found[0]] if len(found) == 1 and not key.startswith(found[0]) else [])


def changes_a_word(typed: str, fixed: str, normalize: Callable[[str], str], lexicon: dict[str, int],
                   min_freq: int | None = None, terms: Callable[[str], list[str]] | None = None) -> bool:
    """True when correcting ``typed`` to ``fixed`` turns a word of the word list seen ``min_freq``+
    times (default :data:`KNOWN_LEXICON_FREQ`; :func:`is_known`) into another word, not merely into
    its spelling with sound-alike letters (:func:`sound_alike`: ``طهران`` → ``تهران``).  With the
    analyzer's ``terms``, ``typed`` is a word of the list also when its one term is (``زکوة`` analyses
    to ``زکات``: a classical spelling, not a typo of ``کوه``), unless ``fixed`` has that term too."""
    key = normalize(typed)
    min_freq = KNOWN_LEXICON_FREQ if min_freq is None else min_freq
    keys = term_keys(typed, key, terms)
    if len(keys) > 1 and terms is not None and terms(fixed) == [keys[1]]:
        keys = keys[:1]  # the correction is the same word as the term: no other word
    return any(is_known(k, lexicon, min_freq) for k in keys) and not sound_alike(key, normalize(fixed))


def offered_for_held_word(typed: str, fixed: str, normalize: Callable[[str], str], held: bool) -> bool:
    """Whether a correction that does not run is offered ("did you mean") for a word of a query that
    finds documents (issue #14 kind 11): always for a word no document holds; for a word the index
    holds (``held``: a rare name or word written correctly, ``پولو``, ``اورخان``, ``فوکر``, ``بالتا``,
    which the speller took for ``پولس``, ``مورخان``, ``فکر``, ``بالا``) only when the correction is a
    :func:`slight_change` (a word the index holds once, ``ضلزله``, is still offered ``زلزله``)."""
    return not held or slight_change(normalize(typed), normalize(fixed))


TRUSTED_LEXICON_FREQ = 100_000
"""A query word the analyzer reads whole (its one term is its own spelling) and the word list holds this often
is written correctly (issue #14 kind 11: ``پیزا``, ``سرخک``, ``شوکر``, ``استهلال``, ``رحمن``, all 130,000–
250,000 times): :func:`trusted_word`.  A misspelling frequent in hazm's list (``پروش`` 255,347) is not read
whole (its term is ``پرو``), so it stays correctable."""
FAR_MORE_LIKELY = 100.0
"""A trusted word no document holds may still be spelt with sound-alike letters (``طهران`` → ``تهران``) when
the word list holds that spelling this many times as often (:func:`suggest_query`)."""


def trusted_word(word: str, term: str, doc_freq: Callable[[str], int], normalize: Callable[[str], str],
                 lexicon: dict[str, int], terms: Callable[[str], list[str]],
                 seen: Callable[[str], bool] | None = None) -> str | None:
    """Why a query ``word`` (analysed to ``term``) is taken as written correctly, or None: ``"held"`` when some
    document holds its term (a rare name or word of the index: ``پولو``, ``اورخان``, ``فوکر``) or, read with a
    clitic or ``است`` joined (:func:`_clitic_bases`: ``خوبه``, ``گوشم``, ``معناست``, ``داروهاست``), the word
    before it (``"base"``), ``"known"``
    when the analyzer reads it whole (``terms(word) == [normalized word]``) and the word list holds it
    :data:`TRUSTED_LEXICON_FREQ`+ times (``پیزا``, ``سرخک``; this first).  Such a word is corrected as a real
    word (:meth:`Speller.correct_words`' ``real``: a cheap slip the context supports far better); otherwise a
    ``"known"`` one only into a far more frequent sound-alike spelling (:data:`FAR_MORE_LIKELY`), its other
    correction only offered, a ``"base"`` one only by a :func:`slight_change` (``کارکردانی`` → ``کارگردانی``,
    not ``خوبه`` → ``خوبی``), and a ``"held"`` one only into its spelling with sound-alike letters (``ضلزله`` →
    ``زلزله``) or without a doubled letter: a name held once (``رومن``, ``تدر``, ``اسکای``) is not the frequent
    word its dots make (``رومی``, ``پدر``, ``اسکان``).

    With ``seen`` (normalized word → whether the index's completion table holds it: written so in documents),
    a word held only through the ending the analyzer took off it (its term a shorter prefix of it), which the
    table lacks as written and the word list does not know (:func:`is_known`), is ``"stem"``: the held word is the
    analyzer's guess, not the documents' (``ورش`` read as ``ور``+``ش``, ``گوتش`` as ``گو``, ``شکات`` as ``شک``+``ات``:
    ``ورزش``, ``گوشت``, ``شکایت`` with a letter left out or two swapped); such a word is corrected as a real word
    first, else by a slip that keeps its letters (:func:`kavosh.query.edits.letters_kept`), OR'ed in beside it.
    Else a word the analyzer changed (its term is not its spelling), which the table lacks as written and the word
    list does not hold whole (or holds with no frequency), is ``"form"``: the word list's clitic rules read it as a
    form (``اطلاعت`` as ``اطلاع``+``ت``, ``رسیه`` as ``رسی``+``ه``, ``ایاتی`` as ``آیات``+``ی``), which no document
    writes; such a word is looked at however many documents hold its term, and mended as a ``"stem"`` one is, or by
    a slip the table holds far more often (:func:`kavosh.query.spelling.suggest_query`)."""
    key = normalize(word)
    if lexicon.get(key, 0) >= TRUSTED_LEXICON_FREQ and terms(word) == [key]:
        return "known"
    if doc_freq(term) > 0:
        if seen is not None and len(term) < len(key) and key.startswith(term) and not seen(key) \
                and not is_known(key, lexicon) and not _copula_taken_off(key, term, lexicon, seen, terms):
            return "stem"
        if seen is not None and term != key and not seen(key) and not lexicon.get(key) \
                and not _copula_taken_off(key, term, lexicon, seen, terms):  # معناست: معنا + است, held as written
            return "form"
        return "held"
    for base in _clitic_bases(key):  # خوبه, معناست, گوشم: a word the index holds with a clitic or است joined
        found = terms(base)
        if len(found) == 1 and doc_freq(found[0]) > 0 and _written_base(base, found[0], lexicon, seen):
            return "base"
    return None


def _copula_taken_off(key: str, term: str, lexicon: dict[str, int], seen: Callable[[str], bool] | None,
                      terms: Callable[[str], list[str]]) -> bool:
    """Whether ``key`` (normalized) is a written word + :data:`VOWEL_COPULA` that the analyzer reads as that word's
    ``term`` (``داروهاست``: ``داروها`` + ``است``, issue #14 round 3e): a held word, not the analyzer's guess."""
    base = key[: -len(VOWEL_COPULA)]
    return key.endswith(VOWEL_COPULA) and terms(base) == [term] and _written_base(base, term, lexicon, seen)


def _written_base(base: str, term: str, lexicon: dict[str, int], seen: Callable[[str], bool] | None) -> bool:
    """Whether the word ``base`` (normalized) before a joined ending is a word as written, not only a guess of the
    analyzer's: it is its own term, the word list holds it, or (with ``seen``) documents write it so (the index's
    completion table).  ``کوچکتریت`` read as ``کوچکتری``+``ت`` is not a held word + clitic: ``کوچکتری`` is itself
    only ``کوچکتر``+``ی`` (its term ``کوچک``), two guesses deep; its slip ``کوچکترین`` is."""
    return seen is None or term == base or lexicon.get(base, 0) > 0 or seen(base)


def clitic_bases(key: str) -> Iterator[str]:
    """The words ``key`` (normalized) may be with one ending joined, as :func:`trusted_word`'s ``"base"`` reads them
    (:func:`_clitic_bases`: ``است`` joined first, then the clitics in the order of :data:`CLITICS`)."""
    return _clitic_bases(key)


def _clitic_bases(key: str) -> Iterator[str]:
    """The words ``key`` (normalized) may be with one ending joined, read as :func:`is_known` reads them: a
    clitic of :data:`CLITICS` after :data:`MIN_STEM_LEN`+ letters, :data:`VOWEL_COPULA` after a vowel
    (``معناست``), :data:`SPOKEN_COPULA` after a consonant or ``ی`` (``خوبه``)."""
    if key.endswith(VOWEL_COPULA) and key[-3:-2] in ("ا", "و", "ی") and len(key) - 2 >= MIN_STEM_LEN:
        yield key[:-2]
    if key.endswith(SPOKEN_COPULA) and key[-2:-1] not in ("", "ا", "و", "ه") and len(key) - 1 >= MIN_STEM_LEN:
        yield key[:-1]
    for c in CLITICS:
        if key.endswith(c) and len(key) - len(c) >= MIN_STEM_LEN and not (c in "متش" and key[-2] in "او") \
                and not (c[0] == "ی" and key[-len(c) - 1] == "ی"):
            yield key[:-len(c)]



def short_stem_inflection(fix: str, normalize: Callable[[str], str], terms: Callable[[str], list[str]],
                          count: Callable[[str], int], doc_freq: Callable[[str], int], ratio: float) -> bool:
    """Whether the correction ``fix`` is a rare inflected form of a short word, weak evidence for what a search of it
    finds: the analyzer reads it as one term shorter than :data:`MIN_STEM_LEN` letters that it begins with (a stem +
    a clitic or plural ending), the index's completion table holds it as written (``count`` of its normalized key,
    1+: a fix the speller built from a longer stem and an ending it put back is judged by that stem), and the
    documents of that term (``doc_freq``) are ``ratio`` times as many as ``fix`` is seen, or more
    (:data:`FAR_MORE_LIKELY` in :func:`kavosh.query.alternatives.query_correction`: of Hamshahri + news's table words
    seen 5+ times, 26 are such fixes at 100, each seen 16 times or fewer, ``شدی``, ``سرت``, ``پایتان``; at 20, 82,
    with ``سرش`` 58 times, ``جاهای`` 39, ``پاها`` 20, which a slip of them means).

    The speller's evidence is the written form (``پایتان``, "your feet", seen 5 times on Hamshahri + news), but the
    search runs its term: every document of the far more common ``پا`` (725).  ``پایتون`` (Python) shares two
    letters with it, the rest is an ending two letters from another ending.  A correction into a common form
    of a short word (``جایی`` 21 times beside ``جا`` in 60 documents, ``کمترین`` 7 beside ``کم`` in 66, ParsiNLU's
    typos) is what it finds.  Such a fix is offered, never searched
    (:func:`kavosh.query.alternatives.query_correction`; a new user's finding, session q)."""
    key = normalize(fix)
    if " " in key:
        return False
    found = terms(fix)
    if len(found) != 1 or len(found[0]) >= MIN_STEM_LEN or found[0] == key or not key.startswith(found[0]):
        return False
    seen = count(key)
    return seen > 0 and doc_freq(found[0]) >= ratio * seen
