"""Readings of a word that depend on its neighbour (issue #14 kind 5: the Persian verb system).

Every other rule of the analyzer reads one word at a time.  This one reads two: a past
participle that is also a frequent noun of its own (``دیده`` "eye", ``داده`` "data":
:data:`.verbs.NOT_VERBAL_NOUNS`, kept apart from its verb when it stands alone) is its verb's
participle when the next word is an auxiliary — the passive (``دیده شد``, ``داده می‌شود``), the
perfect written apart (``دیده است``, ``دیده ام``), the past perfect (``دیده بودم``), the subjunctive
perfect (``دیده باشم``) and the future of the passive (``دیده خواهد شد``).  Such a token's term is
the verb's (its past stem: ``دید``), and the index keeps the noun at the same position too
(:data:`.analyzer.STACK_MARK`: ``دید␁دیده``), so a query for the noun still finds the text and
highlights the word (:func:`noun_reading`).

Source: hazm's Conjugation tests (``tests/test_lemmatizer.py``, the 54 tenses of «دید») read as
search expectations (``benchmarks/variants/peer_suites.tsv``): every compound tense of a verb
meets its infinitive, as the perfect and passive of every other verb already did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

PARTICIPLE_NOUNS = frozenset({"داده", "دیده", "برده", "بسته", "خواسته", "سپرده"})
"""The participles of :data:`.verbs.NOT_VERBAL_NOUNS` read as their verb before an auxiliary
(normalized words).  ``مرده`` is not among them: its past stem ``مرد`` is above all "man", and
``مرده است`` ("is dead") would then be indexed as "man"."""

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


def noun_reading(term: str, word: str) -> str | None:
    """The second reading a token holds at its position besides ``term``: its noun (its ``word``) when
    it is a participle read as its verb (``term`` is ``participle_verb(word)``), else ``None``.
    Highlighting matches either reading."""
    if word in PARTICIPLE_NOUNS and term == participle_verb(word):
        return word
    return None
