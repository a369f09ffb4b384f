"""Did you mean, and showing results for: spelling correction from the index's own vocabulary.

:class:`Speller` corrects the words of a text or query with the words of the
index's completion table (:mod:`kavosh.index.completions`: surface words and
weighted counts), the co-occurrence of words in the index (context) and the
analyzer's word list (to leave inflected real words alone).  Costs are per
letter (Damerau–Levenshtein on letters, not bytes); confusing letters that
sound alike in Persian (:data:`HOMOPHONES`: ``ذ ز ض ظ``, ``س ص ث``, ``ت ط``,
``ه ح``, ``ق غ``, ``ا ع``) costs :data:`HOMOPHONE_COST`, letters that differ by
their dots (:data:`DOT_GROUPS`, with ``ی ئ``) :data:`DOT_COST`, a missing
space :data:`SPACE_COST`, a left-out letter :data:`OMISSION_COST`.  A word
common in the index (:data:`COMMON_COUNT`) is never corrected.

:func:`suggest_query` corrects a query's words that (almost) no document has;
:func:`prefer_correction` decides whether search runs the correction instead
of the query (:mod:`kavosh.query.plan`): only when the query as typed finds nothing, and
never when it would turn a word of the word list into another word
(:meth:`Correction.runs_for`).  Measured on PerSpellData by
``benchmarks/spelling.py`` (figures in ``docs/benchmarks.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .cores import per_table

HOMOPHONES = ("ذزضظ", "سصث", "تط", "هح", "قغ", "اع")
"""Groups of letters that sound alike in Persian."""
HOMOPHONE_COST = 0.3
EDIT_COST = 1.0
MAX_COST = 1.6
"""Candidates cost at most this: one ordinary edit plus two homophone swaps."""
RARE_COUNT = 1
"""A word seen at most this many times (weighted) is a non-word; a query word in at most this many documents
gets a suggestion."""
MIN_COUNT = 5
"""A candidate must be seen this many times (weighted) in the index ..."""
RARE_MIN_COUNT = 2
"""... except in a second look for a query word no document has, which may only be *offered* (did you mean),
never run: a candidate this frequent (the completion table's own minimum,
:data:`kavosh.index.completions.MIN_COUNT`) at most :data:`EDIT_COST` away (``تویوتاا`` → ``تویوتا``, a brand
name seen twice)."""
RATIO = 20.0
FREQ_WEIGHT = 0.15
"""Score = cost − FREQ_WEIGHT × log10(count): ten times as frequent pays for 0.15 of an edit."""
MIN_LEN_FOR_EDITS = 4
"""Shorter words only get homophone swaps (an ordinary edit makes another common short word)."""
MAX_WORD_LETTERS = 24
"""Longer words are never corrected: the candidates of a word grow with the square of its length (two
cheap swaps), and no Persian word this long is a typo worth correcting.  Bounds a query's cost."""
MAX_WORDS_CORRECTED = 4
"""A query's rare words beyond this many are left as typed (each costs one candidate search)."""

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_SOUND_ALIKE: dict[str, str] = {c: g.replace(c, "") for g in HOMOPHONES for c in g}


OMISSION_COST = 0.7
"""A letter left out (the correction inserts it: ``اتصل`` → ``اتصال``), the commonest typing slip."""
DOUBLED_COST = 0.5
"""A letter typed twice (``اذییت`` → ``اذیت``)."""
SUFFIX_COST = 0.1
"""Added to a candidate built from a corrected stem and a suffix (a whole word wins a tie) ..."""
ONE_LETTER_SUFFIX_COST = 0.4
"""... and this for a one-letter suffix (``تهرام`` is ``تهران`` mistyped, not ``تهرا``+``م`` mistyped)."""


def _weighted_edits(word: str, letters: str) -> Iterator[tuple[str, float]]:
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
        a == b or b in _SOUND_ALIKE.get(a, "") for a, b in zip(typed, fixed, strict=True))


@dataclass(frozen=True)
class Correction:
    """A corrected query (:func:`suggest_query`).

    Attributes:
        text: the query with its corrected words.
        changes: ``(typed word, corrected word, rare)`` per corrected word; ``rare`` when the
            correction is seen fewer than :data:`MIN_COUNT` times (found by the second look,
            :data:`RARE_MIN_COUNT`).
        offer_only: typed words whose correction may only be offered, never searched (a word the word list
            knows, :func:`trusted_word`: ``برجام`` on an index without it is offered ``برجای``).
    """

    text: str
    changes: tuple[tuple[str, str, bool], ...]
    offer_only: frozenset[str] = frozenset()

    def runs_for(self, normalize: Callable[[str], str], lexicon: dict[str, int],
                 terms: Callable[[str], list[str]] | None = None) -> bool:
        """True when this correction may run instead of the query (:func:`prefer_correction` still decides
        on the numbers): no change is rare, none turns a word of the word list (:func:`is_known`, by its
        spelling or by the analyzer's ``terms`` of it: ``زکوة`` is ``زکات``) into another word — a known word
        the index lacks (``برجام``, ``تلگرام`` on 2003–2007 news) runs as typed and the correction is only
        offered, unless the correction is the same word spelt with sound-alike letters (:func:`sound_alike`:
        ``طهران`` → ``تهران``) — and a word the word list holds :data:`WORD_LIST_FREQ`+ times runs only into a
        correction one edit away (:func:`one_edit`: ``پروش`` → ``پرورش`` runs, ``رحمن`` → ``بهمن`` is only
        offered).  A non-word (``ضلزله``) may always run."""
        return all(not rare and typed not in self.offer_only and keeps_words(typed, fixed, normalize, lexicon, terms)
                   for typed, fixed, rare in self.changes)


def keeps_words(typed: str, fixed: str, normalize: Callable[[str], str], lexicon: dict[str, int],
                terms: Callable[[str], list[str]] | None = None) -> bool:
    """Whether correcting ``typed`` to ``fixed`` may act on the search (run, or be OR'ed in as an
    alternative): it turns no word of the word list into another word (:func:`changes_a_word`, by spelling
    or term), and a word the list holds :data:`WORD_LIST_FREQ`+ times only into one a :func:`one_edit` away
    (:meth:`Correction.runs_for`)."""
    return not changes_a_word(typed, fixed, normalize, lexicon, terms=terms) and (
        one_edit(normalize(typed), normalize(fixed))
        or not changes_a_word(typed, fixed, normalize, lexicon, WORD_LIST_FREQ, terms))


def _term_keys(word: str, key: str, terms: Callable[[str], list[str]] | None) -> list[str]:
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
    keys = _term_keys(typed, key, terms)
    if len(keys) > 1 and terms is not None and terms(fixed) == [keys[1]]:
        keys = keys[:1]  # the correction is the same word as the term: no other word
    return any(is_known(k, lexicon, min_freq) for k in keys) and not sound_alike(key, normalize(fixed))


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
        return typed != fixed and all(a == b or b in _SOUND_ALIKE.get(a, "") or b in _DOT_ALIKE.get(a, "")
                                      for a, b in zip(typed, fixed, strict=True))
    return len(typed) == len(fixed) + 1 and any(
        typed[i] == typed[i - 1] and typed[:i] + typed[i + 1:] == fixed for i in range(1, len(typed)))


def doubled(typed: str, fixed: str) -> bool:
    """True when ``fixed`` is ``typed`` (both normalized) with one letter typed twice left out
    (``اذییت`` → ``اذیت``)."""
    return len(typed) == len(fixed) + 1 and any(
        typed[i] == typed[i - 1] and typed[:i] + typed[i + 1:] == fixed for i in range(1, len(typed)))


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
                 lexicon: dict[str, int], terms: Callable[[str], list[str]]) -> str | None:
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
    word its dots make (``رومی``, ``پدر``, ``اسکان``)."""
    key = normalize(word)
    if lexicon.get(key, 0) >= TRUSTED_LEXICON_FREQ and terms(word) == [key]:
        return "known"
    if doc_freq(term) > 0:
        return "held"
    for base in _clitic_bases(key):  # خوبه, معناست, گوشم: a word the index holds with a clitic or است joined
        found = terms(base)
        if len(found) == 1 and doc_freq(found[0]) > 0:
            return "base"
    return None


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


def suggest_query(parsed, doc_freq: Callable[[str], int], speller_factory: Callable[[], Speller],
                  trusted: Callable[[str, str], str | None] | None = None,
                  lexicon: dict[str, int] | None = None) -> Correction | None:
    """A "did you mean" query for ``parsed``, or None.

    Args:
        parsed: the :class:`~kavosh.query.parse.ParsedQuery` that ran.
        doc_freq: document frequency of an analysed term in the index.
        speller_factory: returns the index's :class:`Speller` (called only when some word is
            missing from the index: building it may be slow).
        trusted: ``trusted(word, term)``, why a word is taken as written correctly or None
            (:func:`trusted_word`); ``None``: no word is.  A trusted word is corrected only as a real word
            (``Speller.correct_words``' ``real``: a cheap slip its context supports far better), or, when
            ``"known"`` and no document holds it, into a sound-alike spelling the ``lexicon`` (normalized word →
            frequency) holds :data:`FAR_MORE_LIKELY` times as often (``طهران`` → ``تهران``).
    Returns:
        A :class:`Correction`: ``parsed.original`` with each single-word leaf whose term is in at
        most :data:`RARE_COUNT` documents (the first :data:`MAX_WORDS_CORRECTED` of them, each of at
        most :data:`MAX_WORD_LETTERS` letters) replaced by its correction (chosen with the other
        words of the query as context, :meth:`Speller.correct_words`); a word in no document
        and not in the word list (``Speller.known``) that gets none is looked at again with
        candidates seen :data:`RARE_MIN_COUNT`+ times at most :data:`EDIT_COST` away (marked rare).  None when no word was corrected.  Phrases and
        excluded words are left alone.
    """
    from .parse import Occur

    rare = [c for c in parsed.clauses if c.kind == "term" and not c.derived and c.occur != Occur.MUST_NOT
            and not c.text.startswith('"') and len(c.words[0]) <= MAX_WORD_LETTERS
            and doc_freq(c.terms[0]) <= RARE_COUNT][:MAX_WORDS_CORRECTED]
    if not rare:
        return None
    speller = speller_factory()
    leaves = [c for c in parsed.clauses if c.kind in ("term", "phrase") and not c.derived]
    words = [w for c in leaves for w in c.text.strip('"').split()]
    # the word of a leaf to correct: the leaf, or in one written with a space (گرربه ها, می رود) its longest word
    focus = {c.text: max(c.text.split(), key=len) if " " in c.text else c.text for c in rare}
    wanted = set(focus.values())
    trust = {focus[c.text]: trusted(focus[c.text], c.terms[0]) for c in rare} if trusted is not None else {}
    real = {w for w, why in trust.items() if why}
    fixes = dict(zip(words, speller.correct_words(words, use_known=False, only=wanted, real=real), strict=True))
    again = {w for w in real if fixes.get(w) is None}
    offer_only = set()
    if again:  # no real-word slip: the correction a non-word would get, judged by why the word is trusted
        norm = speller.normalize
        for w, fix in zip(words, speller.correct_words(words, use_known=False, only=again), strict=True):
            if fix is None or w not in again:
                continue
            if trust[w] == "held":  # ضلزله held once: sound-alike letters or a doubled one only (a name held
                if sound_alike(norm(w), norm(fix)) or doubled(norm(w), norm(fix)):  # once, رومن, تدر, is not
                    fixes[w] = fix  # رومی, پدر by its dots)
            elif trust[w] == "base":  # کارکردانی (کارکرد+ان+ی?) → کارگردانی: a slight change; خوبه stays
                if slight_change(norm(w), norm(fix)):
                    fixes[w] = fix
            elif sound_alike(norm(w), norm(fix)) and lexicon is not None \
                    and lexicon.get(norm(fix), 0) >= FAR_MORE_LIKELY * lexicon.get(norm(w), 0):
                fixes[w] = fix  # طهران: the same word, spelt as the word list far more often has it
            else:
                fixes[w] = fix  # برجام on an index without it: offered, never searched
                offer_only.add(w)
    unseen = {focus[c.text] for c in rare if fixes.get(focus[c.text]) is None and doc_freq(c.terms[0]) == 0
              and not speller.known(focus[c.text]) and focus[c.text] not in real}
    rare_fixes = {}
    if unseen:  # a brand name seen twice, typed with one letter too many: offered, never run
        found = speller.correct_words(words, use_known=False, only=unseen, min_count=RARE_MIN_COUNT,
                                      max_cost=EDIT_COST)
        rare_fixes = {w: f for w, f in zip(words, found, strict=True) if f is not None and w in unseen}
    changes = []
    for c in rare:
        w = focus[c.text]
        fix = fixes.get(w) or rare_fixes.get(w)
        if fix is not None:
            changes.append((c.text, c.text.replace(w, fix, 1), w in rare_fixes))
    found = corrected(parsed.original, changes)
    offer_only = {c.text for c in rare if focus[c.text] in offer_only}
    if found is None or not offer_only:
        return found
    return Correction(found.text, found.changes, frozenset(offer_only))


def corrected(query: str, changes: list[tuple[str, str, bool]]) -> Correction | None:
    """``query`` with each change's typed word replaced by its correction, in order from the left
    (a typed word not found after the previous change is skipped); None when nothing changed."""
    out, pos, done = [], 0, []
    for typed, fix, rare in changes:
        at = query.find(typed, pos)
        if at < 0:
            continue
        out.append(query[pos:at] + fix)
        pos = at + len(typed)
        done.append((typed, fix, rare))
    return Correction("".join(out) + query[pos:], tuple(done)) if done else None


def prefer_correction(n_original: int, n_corrected: int) -> bool:
    """True when a correction should run instead of the query as typed.

    Args:
        n_original: documents holding every content word of the query as typed.
        n_corrected: the same for the corrected query.
    Returns:
        True when the original finds no such document and the correction does.  A
        correction never hides a document that holds the words as typed: when there are
        some, it is only offered (did you mean), however much more the correction finds.
    """
    return n_corrected > 0 and n_original == 0


SUFFIXES = ("هایمان", "هایتان", "هایشان", "هایم", "هایت", "هایش", "هایی", "های", "ها", "ترین", "تر", "مان", "تان",
            "شان", "ای", "ی", "م", "ت", "ش")
"""Endings put back on a corrected stem (plural, comparative, pronoun clitics, indefinite ی), longest first."""
SUFFIX_MARK = "|"
ZWNJ = "\u200c"

DOT_GROUPS = ("بپتثنی", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "فق", "کگ", "یئ")
"""Letters written with the same shape and different dots (and ی/ئ): a dot slip (``نقت`` for ``نفت``)."""
DOT_COST = 0.5
SPACE_COST = 0.3
"""A missing space (``بعنوان`` → ``به عنوان``, ``وزارتکشور`` → ``وزارت کشور``)."""
COMMON_COUNT = 30
"""A word seen this many times (weighted) or more is never corrected, whatever the context."""
SPLIT_MIN_COUNT = 50
"""Both halves of a split word must be seen this many times."""
CONTEXT_WEIGHT = 0.25
"""Score bonus per log(1 + neighbour co-occurrences) of a candidate (natural log)."""
CONTEXT_SLOP = 2
"""A neighbour co-occurs with a candidate when their terms are within this many positions, in order."""
TOP_FOR_CONTEXT = 6
"""Candidates (cheapest first) whose context is looked up."""
REAL_WORD_MAX_COST = 0.6
REAL_WORD_CONTEXT_RATIO = 5.0
"""A word of the index (seen more than :data:`RARE_COUNT`, less than :data:`COMMON_COUNT` times) is replaced only by a
candidate at most :data:`REAL_WORD_MAX_COST` away, :data:`RATIO` times as frequent, and this many times as
often next to the word's neighbours."""

_DOT_ALIKE: dict[str, str] = {}
for _g in DOT_GROUPS:
    for _c in _g:
        _DOT_ALIKE[_c] = _DOT_ALIKE.get(_c, "") + _g.replace(_c, "")


def _cheap_swaps(word: str) -> Iterator[tuple[str, float]]:
    """Every one-letter homophone or dot swap of ``word`` with its cost."""
    for i, c in enumerate(word):
        for other in _SOUND_ALIKE.get(c, ""):
            yield word[:i] + other + word[i + 1:], HOMOPHONE_COST
        for other in _DOT_ALIKE.get(c, ""):
            if other not in _SOUND_ALIKE.get(c, ""):
                yield word[:i] + other + word[i + 1:], DOT_COST


class Speller:
    """Corrects the words of a text or query with an index's vocabulary, frequencies and co-occurrences.

    Candidates for a word (normalized key, :meth:`Analyzer.normalize_term`) are, with a cost:
    up to two homophone swaps (:data:`HOMOPHONE_COST`) or dot slips (:data:`DOT_COST`), one
    ordinary letter edit (insertion, deletion, replacement, transposition of adjacent letters:
    Damerau–Levenshtein on letters, cost 1; words of :data:`MIN_LEN_FOR_EDITS`+ letters) alone or
    after one cheap swap, and a missing space (:data:`SPACE_COST`: both halves seen
    :data:`SPLIT_MIN_COUNT`+ times; ``ب`` glued to a word is read as ``به``).  Candidates must be in
    the vocabulary :data:`MIN_COUNT`+ times and :data:`RATIO` times as often as the word.

    Among them the lowest ``cost − FREQ_WEIGHT·log10(count) − CONTEXT_WEIGHT·Σ ln(1 + near)`` wins,
    where ``near`` counts documents in which a neighbouring content word of the text and the
    candidate stand within :data:`CONTEXT_SLOP` positions in order (the noisy-channel choice of
    Kernighan, Church & Gale 1990, with document co-occurrence standing in for the language
    model, as in Mays, Damerau & Mercer 1991 for real-word errors).

    Which words are corrected:

    * seen at most :data:`RARE_COUNT` times and not ``known`` (a non-word): the best candidate;
    * seen less than :data:`COMMON_COUNT` times (a rare real word): only a cheap candidate
      (cost ≤ :data:`REAL_WORD_MAX_COST`) that the context supports :data:`REAL_WORD_CONTEXT_RATIO`
      times better than the word itself;
    * seen :data:`COMMON_COUNT`+ times, or with digits, Latin letters or under two letters: never.

    Args:
        lookup: ``normalized key → (written form, weighted count)`` or None
            (:meth:`kavosh.index.completions.CompletionTable.lookup`).
        normalize: the analyzer's ``normalize_term``.
        known: ``word → bool``: an inflected form of an indexed word (its analysed terms are in the
            index); such words are never treated as non-words.  None: none is.
        near: ``(left word, right word) → number of documents`` where the two stand close; None: no context.
        is_stopword: ``normalized key → bool``; stopwords are skipped as context.
        core: the compiled candidate search over the same vocabulary (:func:`core_candidates`), or
            None: :meth:`candidates` then runs in Python (its specification).
    """

    def __init__(self, lookup: Callable[[str], tuple[str, int] | None], normalize: Callable[[str], str],
                 known: Callable[[str], bool] | None = None, near: Callable[[str, str], int] | None = None,
                 is_stopword: Callable[[str], bool] | None = None, core=None) -> None:
        self.lookup = lookup
        self.normalize = normalize
        self.known = known or (lambda w: False)
        self.near = near
        self.is_stopword = is_stopword or (lambda k: False)
        self.core = core

    def candidates(self, key: str, max_cost: float = MAX_COST, with_suffixes: bool = True,
                   min_count: int = MIN_COUNT) -> dict[str, float]:
        """Candidates of ``key`` in the vocabulary (``min_count``+ times) with their cost; a
        split candidate holds a space.  ``key`` itself is left out.  With ``with_suffixes``, a
        key ending in one of :data:`SUFFIXES` also gets its stem's candidates with the suffix
        put back (``احساسانشان`` → ``احساسات`` + ``شان``), joined by :data:`SUFFIX_MARK`.  A key of
        more than :data:`MAX_WORD_LETTERS` letters has none (the count grows with its length squared).

        With a compiled ``core`` (:func:`core_candidates`) the same search runs there (about 1,400
        lookups for a word of eight letters); this method's code is its specification."""
        if len(key) > MAX_WORD_LETTERS:
            return {}
        if self.core is not None and not _has_surrogate(key):
            return self.core.candidates(key, max_cost, with_suffixes, min_count)
        lookup = self.lookup
        letters = LATIN_LETTERS if key.isascii() else PERSIAN_LETTERS
        best: dict[str, float] = {}
        seen: dict[str, float] = {}

        def put(w: str, cost: float) -> None:
            if cost > max_cost or w == key or seen.get(w, math.inf) <= cost:
                return
            seen[w] = cost
            hit = lookup(w)
            if hit is not None and hit[1] >= min_count:
                best[w] = cost

        level = [(key, 0.0)]
        for _ in range(2):
            nxt = []
            for w, cost in level:
                for s, c in _cheap_swaps(w):
                    if cost + c <= max_cost and seen.get(s, math.inf) > cost + c:
                        put(s, cost + c)
                        nxt.append((s, cost + c))
            level = nxt
        if len(key) >= MIN_LEN_FOR_EDITS and max_cost >= EDIT_COST:
            bases = [(key, 0.0)] + [(w, c) for w, c in seen.items() if c <= max_cost - EDIT_COST and c < 0.4]
            for w, cost in bases:
                for e, c in _weighted_edits(w, letters):
                    put(e, cost + c)
        if max_cost >= SPACE_COST:
            for i in range(1, len(key)):
                left, right = key[:i], key[i:]
                if left == "ب":
                    left = "به"
                elif len(left) < 3:
                    continue
                if len(right) < 3:
                    continue
                hl, hr = lookup(left), lookup(right)
                if hl and hr and min(hl[1], hr[1]) >= SPLIT_MIN_COUNT:
                    best[left + " " + right] = min(best.get(left + " " + right, math.inf), SPACE_COST)
        if with_suffixes:
            for suffix in SUFFIXES:
                stem = key[:-len(suffix)]
                if key.endswith(suffix) and len(stem) >= MIN_STEM_LEN:
                    for cand, cost in self.candidates(stem, max_cost, False, min_count).items():
                        if " " not in cand:
                            best.setdefault(cand + SUFFIX_MARK + suffix,
                                           cost + (ONE_LETTER_SUFFIX_COST if len(suffix) == 1 else SUFFIX_COST))
        return best

    def _count(self, cand: str) -> int:
        counts = [(self.lookup(p.split(SUFFIX_MARK)[0]) or ("", 0))[1] for p in cand.split(" ")]
        return min(counts)

    def _written(self, cand: str) -> str:
        out = []
        for part in cand.split(" "):
            stem, _, suffix = part.partition(SUFFIX_MARK)
            written = (self.lookup(stem) or (stem, 0))[0]
            if suffix:
                glue = ZWNJ if suffix.startswith(("ها", "تر")) or (written.endswith("ه") and suffix[0] == "ی") else ""
                written += glue + suffix
            out.append(written)
        return " ".join(out)

    def _key(self, cand: str) -> str:
        return cand.replace(SUFFIX_MARK, "")

    def _context(self, cand: str, left: str | None, right: str | None) -> float:
        if self.near is None:
            return 0.0
        parts = self._key(cand).split(" ")
        total = 0.0
        if left:
            total += math.log1p(self.near(left, parts[0]))
        if right:
            total += math.log1p(self.near(parts[-1], right))
        return total

    def correct_words(self, words: list[str], use_known: bool = True, only: set[str] | None = None,
                      min_count: int = MIN_COUNT, max_cost: float = MAX_COST,
                      real: set[str] | None = None) -> list[str | None]:
        """One entry per word of ``words``: its correction (written form; holds a space when a
        word was split) or None when the word is left as it is.

        ``use_known=False`` treats a word the index lacks as a non-word even when ``known``
        holds (for queries: a query word no document has is worth correcting).  ``only``: correct
        only these words (the others are context).  ``min_count``: the weighted count a
        candidate needs (at least); ``max_cost``: the most a non-word's candidate may cost; ``real``: words
        corrected as real words whatever their count (:func:`trusted_word`).  Words over
        :data:`MAX_WORD_LETTERS` letters are left as they are."""
        keys = [self.normalize(w) for w in words]
        content = [bool(k) and not self.is_stopword(k) for k in keys]
        out: list[str | None] = []
        for i, (w, key) in enumerate(zip(words, keys, strict=True)):
            skip = (only is not None and w not in only) or len(key) > MAX_WORD_LETTERS
            out.append(None if skip else self._correct_one(w, key, i, keys, content, use_known, min_count, max_cost,
                                                           real is not None and w in real))
        return out

    def _neighbour(self, keys: list[str], content: list[bool], i: int, step: int) -> str | None:
        j = i + step
        while 0 <= j < len(keys):
            if content[j]:
                hit = self.lookup(keys[j])
                return keys[j] if hit and hit[1] >= MIN_COUNT else None
            j += step
            if abs(j - i) > 2:
                return None
        return None

    def _correct_one(self, word: str, key: str, i: int, keys: list[str], content: list[bool],
                     use_known: bool = True, min_count: int = MIN_COUNT, max_cost: float = MAX_COST,
                     real: bool = False) -> str | None:
        if len(key) < 2 or not content[i] or any(ch.isdigit() for ch in key) or key.isascii():
            return None
        hit = self.lookup(key)
        own = hit[1] if hit else 0
        if own >= COMMON_COUNT:
            return None
        real_word = real or own > RARE_COUNT or (use_known and self.known(word))
        cands = self.candidates(key, REAL_WORD_MAX_COST if real_word else max_cost, min_count=min_count)
        if not cands:
            return None
        need = max(min_count, RATIO * own)
        scored = []
        for cand, cost in cands.items():
            count = self._count(cand)
            if count >= need:
                scored.append((cost - FREQ_WEIGHT * math.log10(count), cand, cost))
        if not scored:
            return None
        scored.sort()
        left = self._neighbour(keys, content, i, -1)
        right = self._neighbour(keys, content, i, 1)
        # a stopword candidate has no terms in the index, hence no context: then frequency decides
        if self.near is not None and (left or right) and not any(
                self.is_stopword(p) for _s, c, _c in scored[:TOP_FOR_CONTEXT] for p in self._key(c).split(" ")):
            rescored = [(s - CONTEXT_WEIGHT * self._context(c, left, right), c, cost)
                        for s, c, cost in scored[:TOP_FOR_CONTEXT]]
            rescored.sort()
            scored = rescored
        _score, cand, _cost = scored[0]
        if real_word:
            if self.near is None or not (left or right):
                return None
            own_ctx = self._context(key, left, right)
            if self._context(cand, left, right) < own_ctx + math.log(REAL_WORD_CONTEXT_RATIO):
                return None
        return self._written(cand)


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


def _has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (not valid UTF-8: the core cannot take it)."""
    return not text.isascii() and any("\ud800" <= ch <= "\udfff" for ch in text)


@per_table
def core_candidates(ext, table):
    """The compiled candidate search (``kavosh._core.SpellCandidates``: :meth:`Speller.candidates` in
    Rust) over a completion table (:class:`kavosh.index.completions.CompletionTable`):
    ``core_candidates(table)``, built once per table (an index generation,
    :func:`kavosh.query.cores.per_table`) with this module's letters, costs and limits; None when the
    core is not built or ``KAVOSH_PURE_PYTHON=1``."""
    words = [w for w in table.words if not _has_surrogate(w[0])]
    return ext.SpellCandidates(
        [w[0] for w in words], [w[2] for w in words], persian_letters=PERSIAN_LETTERS,
        latin_letters=LATIN_LETTERS, sound_alike=_SOUND_ALIKE, dot_alike=_DOT_ALIKE, suffixes=list(SUFFIXES),
        suffix_mark=SUFFIX_MARK, homophone_cost=HOMOPHONE_COST, dot_cost=DOT_COST, edit_cost=EDIT_COST,
        omission_cost=OMISSION_COST, doubled_cost=DOUBLED_COST, space_cost=SPACE_COST,
        suffix_cost=SUFFIX_COST, one_letter_suffix_cost=ONE_LETTER_SUFFIX_COST,
        min_len_for_edits=MIN_LEN_FOR_EDITS, max_word_letters=MAX_WORD_LETTERS,
        split_min_count=SPLIT_MIN_COUNT, min_stem_len=MIN_STEM_LEN)


def index_speller(stats, analyzer) -> Speller:
    """A :class:`Speller` over an index: its completion table (surface words and counts),
    known = :func:`is_known` with the analyzer's word list, near = documents where the two
    words' terms stand within :data:`CONTEXT_SLOP` positions in order, cached per pair.

    Args:
        stats: the index's :class:`kavosh.index.stats.IndexStats`.
        analyzer: the analyzer the index was built with.
    """
    import functools

    table = stats.completions()

    @functools.lru_cache(maxsize=65536)
    def terms(word: str) -> tuple[str, ...]:
        return tuple(analyzer.terms(word))

    lexicon = analyzer.lexicon_freq

    def known(word: str) -> bool:  # by its spelling or by its term (زکوة analyses to زکات)
        key = analyzer.normalize_term(word)
        return any(is_known(k, lexicon) for k in _term_keys(word, key, lambda w: list(terms(w))))

    @functools.lru_cache(maxsize=65536)
    def near(a: str, b: str) -> int:
        ta, tb = terms(a), terms(b)
        if not ta or not tb:
            return 0
        return stats.near(ta[-1], tb[0], CONTEXT_SLOP)

    stop = analyzer.stopwords
    return Speller(table.lookup, analyzer.normalize_term, known=known, near=near, is_stopword=stop.__contains__,
                   core=core_candidates(table))
