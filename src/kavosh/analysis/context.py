"""Readings of a word that depend on its neighbour (issue #14 kind 5: the Persian verb system).

Every other rule of the analyzer reads one word at a time.  This one reads two: a past
participle that is also a frequent noun of its own (``دیده`` "eye", ``داده`` "data":
:data:`.verbs.NOT_VERBAL_NOUNS`, kept apart from its verb when it stands alone) is its verb's
participle when the next word is an auxiliary — the passive (``دیده شد``, ``داده می‌شود``), the
perfect written apart (``دیده است``, ``دیده ام``), the past perfect (``دیده بودم``), the subjunctive
perfect (``دیده باشم``) and the future of the passive (``دیده خواهد شد``).  Such a token's term is
the verb's (its past stem: ``دید``) alone: there it is no noun, and a query for the noun (``داده‌ها``
"data") does not find the verb phrase (``داده شد``; a new user's finding: the noun indexed beside it
had ranked «داده شد» above «داده‌ها»).  And a preverb written apart from its verb (``بر می‌دارد``) is
read with it, as its joined spelling ``برمی‌دارد`` is (:func:`preverb_apart`), its own term kept at
its position too (:data:`.analyzer.STACK_MARK`: ``برداشت␁داشت``).

Sources: hazm's Conjugation tests (``tests/test_lemmatizer.py``, the 54 tenses of «دید») and shekar's
verbal spacing normalizer tests, read as search expectations (``benchmarks/variants/peer_suites.tsv``):
every compound tense of a verb meets its infinitive, as the perfect and passive of every other verb
already did, and a verb meets itself however its preverb is spaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .stem_rules import MAX_CACHE
from .tokenize import surface_to_word
from .verbs import PREVERBS, PREVERBS_WRITTEN_APART

PARTICIPLE_NOUNS = frozenset({"داده", "دیده", "برده", "بسته", "خواسته", "سپرده"})
"""The participles of :data:`.verbs.NOT_VERBAL_NOUNS` read as their verb before an auxiliary
(normalized words).  ``مرده`` is not among them: its past stem ``مرد`` is above all "man", and
``مرده است`` ("is dead") would then be indexed as "man"."""

PARTICIPLE_TERM = re.compile("(?:^| )(?:" + "|".join(sorted(PARTICIPLE_NOUNS)) + ")(?= |$)")
"""A participle noun's term among a text's terms joined by spaces: the analyzer's fast path then reads
the text token by token (:meth:`.analyzer.Analyzer._token_terms`)."""

AUXILIARY_TERMS = frozenset({"شد", "بود", "است", "خواست"})
"""The terms of the auxiliaries after a participle (a stopword's term: ``شد``, ``می‌شود``, ``نشده``
are ``شد``; ``بودم``, ``باشم``, ``بوده`` are ``بود``; the future's ``خواهد`` is ``خواست``, and only the
stopword is: ``می‌خواهم`` "want" is content)."""

AUXILIARY_WORDS = frozenset({"ام", "ایم", "اید", "اند"})
"""The perfect's personal endings written apart after a participle (``دیده ام``), by their word."""

PARTICIPLE_ENDING = "ه"
"""What a past participle adds to its past stem (``دید`` + ``ه``)."""


def is_participle_noun(word: str, term: str) -> bool:
    """Whether a token (its normalized ``word`` and its ``term``) is one of :data:`PARTICIPLE_NOUNS`
    read as the noun (its term is its word)."""
    return term == word and word in PARTICIPLE_NOUNS


def is_auxiliary(word: str, term: str, is_stop: Callable[[str], bool]) -> bool:
    """Whether a token is an auxiliary after a participle: a stopword (``is_stop(word)``) whose
    term is one of :data:`AUXILIARY_TERMS` or whose word is one of :data:`AUXILIARY_WORDS`."""
    return (term in AUXILIARY_TERMS or word in AUXILIARY_WORDS) and is_stop(word)


def participle_verb(term: str) -> str:
    """The verb's term of a participle noun's term: its past stem (``دیده`` → ``دید``)."""
    return term[:-len(PARTICIPLE_ENDING)]


def participles_before_auxiliaries(words: Sequence[str], terms: Sequence[str],
                                   is_stop: Callable[[str], bool]) -> list[int]:
    """The positions of the tokens read as their verb (:func:`is_participle_noun` followed by an
    :func:`is_auxiliary`), given each token's normalized word and term, in order."""
    return [i for i in range(len(words) - 1)
            if is_participle_noun(words[i], terms[i]) and is_auxiliary(words[i + 1], terms[i + 1], is_stop)]




# A preverb written apart from its verb (shekar's verbal spacing normalizer tests: «بر می دارد»)

PREVERBS_APART = tuple(p for p in PREVERBS if p not in PREVERBS_WRITTEN_APART)
"""The preverbs a verb written apart is read with (:func:`preverb_apart`)."""

LAST_PREVERB, FIRST_IMPERFECTIVE, INNER_PREVERB = 1, 2, 4
"""A fast-path surface's role in a preverb pair (:func:`surface_role`): its last word is one of
:data:`PREVERBS_APART`; its first word begins with ``می``/``نمی`` and its term is a past stem; such a pair
inside it."""

PAIR_ROLES = re.compile(b"[\\x04-\\x07]|[\\x01\\x03\\x05\\x07][\\x02\\x03\\x06\\x07]")
"""A pair in the roles of consecutive surfaces, one byte each: a pair inside a surface, or a surface
ending in a preverb before one beginning with a verb form in ``می``/``نمی``."""

IMPERFECTIVE_PREFIXES = ("می", "نمی")
"""The word after a preverb written apart is read with it only when it begins so (``بر می‌دارد``,
``بر نمی گردد``): the imperfective marks a verb form, where ``بر گشت`` may be "on patrol"."""


PREPOSITIONS_BEFORE_PREVERB = frozenset({"از", "به", "با", "بی", "تا", "برای", "سوی", "جز", "در"})
"""Prepositions (normalized words) after which a preverb written apart is a word of its own, its verb's
term kept: ``از در می‌آید`` "comes in through the door" (not ``درآمد``), ``جان به در می‌برد`` "escapes"
(``به در`` "out"), ``در بر می‌گیرد`` "includes" (``در بر`` "in the embrace", not ``برگرفت``).  In the
corpora of ``../shared/data`` every preverb + ``می`` verb written apart after a preposition is so: ``در بر
می`` 59 times (all «includes»), ``به در می`` 4 (all «out»); ``از``/``با``/``بی``/``تا``/``برای``/``سوی``/``جز``
+ ``در``/``بر`` + ``می`` never occur there (see ``docs/analysis.md``)."""


def preposition_before(words: Sequence[str], i: int) -> bool:
    """Whether the word before the preverb ``words[i - 1]`` (so ``words[i - 2]``) is one of
    :data:`PREPOSITIONS_BEFORE_PREVERB`: then the token ``words[i]`` is not read with the preverb."""
    return i >= 2 and words[i - 2] in PREPOSITIONS_BEFORE_PREVERB


def preverb_apart(preverb: str, term: str, joined_term: str, is_past: Callable[[str], bool]) -> bool:
    """Whether a token whose term is ``term``, after the word ``preverb`` (one of
    :data:`PREVERBS_APART`) and beginning with one of :data:`IMPERFECTIVE_PREFIXES` (both the
    caller's tests, made before the joined word is stemmed), is the preverb's verb written apart: ``term``
    is a past stem (``is_past``: a verb form, not ``میان`` nor ``میدان``), and the joined word's term
    (``joined_term``, the term of ``preverb + word``) is the preverb + ``term`` and a past stem too
    (``برداشت`` = ``بر`` + ``داشت``: the same verb with its preverb, as the stemmer reads the joined
    spelling ``برمی‌دارد``).  Such a token's term is ``joined_term``, and the index keeps its own reading at
    its position too; highlighting matches either."""
    return joined_term == preverb + term and is_past(term) and is_past(joined_term)


def surface_role(words: Sequence[str], verbs: Sequence[bool]) -> int:
    """A fast-path surface's role in a preverb pair (:data:`LAST_PREVERB`, :data:`FIRST_IMPERFECTIVE`,
    :data:`INNER_PREVERB`), given its normalized ``words`` (one or more) and, for each, whether it begins
    with one of :data:`IMPERFECTIVE_PREFIXES` and its term is a past stem."""
    role = (LAST_PREVERB if words[-1] in PREVERBS_APART else 0) | (FIRST_IMPERFECTIVE if verbs[0] else 0)
    if any(words[i - 1] in PREVERBS_APART and verbs[i] for i in range(1, len(words))):
        role |= INNER_PREVERB
    return role


def has_preverb_pair(roles: Sequence[int]) -> bool:
    """Whether consecutive surfaces' roles (:func:`surface_role`, in order) hold a preverb then a verb form
    in ``می``/``نمی`` (:data:`PAIR_ROLES`; a superset of the pairs :func:`preverb_apart` reads together)."""
    return PAIR_ROLES.search(bytes(roles)) is not None


def neighbour_readings(words: Sequence[str], terms: Sequence[str], term_of: Callable[[str], str],
                       is_past: Callable[[str], bool],
                       is_stop: Callable[[str], bool]) -> dict[int, tuple[str, str, str | None]]:
    """``{token index: (its term, its own term, the joined word or None)}`` for the tokens whose neighbour
    decides their term, given every token's normalized word and own term, in order (``term_of``: the term
    of a word, for the joined spelling; ``is_past``: a past stem; ``is_stop``: a stopword): a participle
    noun before an auxiliary is its verb (``دیده شد``: ``دید``, its own ``دیده``), and a verb form in
    ``می``/``نمی`` after a preverb written apart is the preverb's verb (``بر می‌دارد``: ``برداشت``, its own
    ``داشت``, the joined word ``برمیدارد``) unless a preposition stands before the preverb (``از در
    می‌آید``: :func:`preposition_before`)."""
    out: dict[int, tuple[str, str, str | None]] = {
        i: (participle_verb(terms[i]), terms[i], None) for i in participles_before_auxiliaries(words, terms, is_stop)}
    for i in range(1, len(words)):
        preverb, word = words[i - 1], words[i]
        if (preverb in PREVERBS_APART and word.startswith(IMPERFECTIVE_PREFIXES) and i not in out
                and not preposition_before(words, i)):
            joined = term_of(preverb + word)
            if preverb_apart(preverb, terms[i], joined, is_past):
                out[i] = (joined, terms[i], preverb + word)
    return out


class NeighbourReadings:
    """The readings a neighbour decides with an analyzer's terms, past stems and stopwords, and the fast path's
    surface roles: a part of :class:`.analyzer.Analyzer` (which defines what these methods read: ``_stemmer``,
    ``_roles``, ``_term``, ``_surface_words`` and ``is_stop_word``).  Rust: the ``impl Analyzer`` of
    ``rust/kavosh-analysis/src/context.rs``."""

    def _is_past(self, term: str) -> bool:
        """Whether ``term`` is a past stem of the verb list (a verb's term)."""
        return term in self._stemmer.lexicon.past

    def _neighbour_readings(self, words: list[str], terms: list[str]) -> dict[int, tuple[str, str, str | None]]:
        """:func:`neighbour_readings` with this analyzer's terms, past stems and stopwords."""
        return neighbour_readings(words, terms, self._term, self._is_past, self.is_stop_word)

    def _preverb_pair(self, surfaces: list[str]) -> bool:
        """Whether fast-path ``surfaces`` hold a preverb word then a verb form in ``می``/``نمی``
        (:func:`has_preverb_pair`: the joined word is not looked at)."""
        roles = list(map(self._roles.get, surfaces))  # each surface's role, looked up at C speed
        if None in roles:
            roles = [self._surface_role(raw) if role is None else role for raw, role in zip(surfaces, roles)]
        return has_preverb_pair(roles)

    def _surface_role(self, raw: str) -> int:
        """A fast-path surface's role in a preverb pair (:func:`surface_role`), from its words
        (:meth:`.compounds.Compounds.split`), kept in a cache."""
        if len(self._roles) > MAX_CACHE:
            self._roles.clear()
        pieces = self._surface_words(raw)
        words = [surface_to_word(p) for p in pieces]
        verbs = [w.startswith(IMPERFECTIVE_PREFIXES) and self._is_past(self._term(p))
                 for w, p in zip(words, pieces)]
        role = self._roles[raw] = surface_role(words, verbs)
        return role
