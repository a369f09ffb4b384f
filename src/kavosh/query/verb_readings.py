"""Verb forms a Finglish word may be read as, spoken ones first among them: ``mikham`` (میخوام, «I want»),
``miram`` (میرم), ``nemidoonam`` (نمیدونم), ``mikhay`` (میخوای).

The index's words (its completion table) and the word list hold few spoken verb forms (a news index has no
``میخوام``; hazm's list has ``میرم`` but not ``نمیدونم``), so :func:`kavosh.query.finglish.transliterate_query`
found no reading of such a word, or only a far one (``mikham`` → ``مخم``, ``miram`` → ``مرام``).  This module
gives it a third source: every verb form made of a prefix (``می``, ``نمی``, ``ب``, ``ن``), a stem of the
analyzer's verb list (present stems with their spoken spellings, :func:`kavosh.analysis.spoken.spoken_stems`;
past stems after ``می``/``نمی``/``ن``, with theirs, :func:`kavosh.analysis.spoken.spoken_past_stems`) and a
personal ending, standard or spoken (``ه``, ``ن``, ``ین``) — about 54,000 keys (0.1 s), built once per word list
(:func:`verb_vocabulary`).  A Latin word is read over them by the letter rules
(:func:`kavosh.query.readings.spellings`: ``mi`` is ``می`` like any other ``m`` + ``i``), and a reading is kept
only when the analyzer itself reads it as one verb (its one term a past stem of the verb list:
:func:`verb_readings`): the analyzer, not this table, says what a form is.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from importlib import resources

from ..analysis.lexicon import read_verbs
from ..analysis.normalize import compiled_extension
from ..analysis.spoken import spoken_past_stems, spoken_stems
from ..analysis.verbs import prefixed
from .readings import spellings
from .vocabulary import Vocabulary

PRESENT_PREFIXES = ("می", "نمی", "ب", "ن")
"""Prefixes of a present stem (``میرم``, ``نمیدونم``, ``برم``, ``نرم``)."""
PAST_PREFIXES = ("می", "نمی", "ن")
"""Prefixes of a past stem (``میرفتم``, ``نرفتم``)."""
PRESENT_ENDINGS = ("م", "ی", "د", "ه", "یم", "ید", "ین", "ند", "ن")
"""Personal endings of the present: standard and spoken (``ه`` for ``د``, ``ین`` for ``ید``, ``ن`` for ``ند``,
:data:`kavosh.analysis.spoken.SPOKEN_ENDINGS`); none after ``می``/``نمی`` is no form."""
PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ین", "ند", "ن")
"""Personal endings of the past (the third person singular has none)."""
VERB_COST = 0.2
"""Added to the letter rules' cost of a reading from this table: a word of the index's table reads the same
letters more surely.  At 0.1 (and a form counted as one document, not none) verb forms took nouns the table holds
rarely in a small index (ParsiNLU: ``nazam`` «نزام» over «نظام», ``bayaban`` «بیابن», ``mayare`` «میره» over «میر»;
its Finglish sample 0.982 → 0.975 of the original's nDCG@10); at 0.2, 0.980, and 0.7635 → 0.7644 over its 1,295
questions (``docs/benchmarks.md``, "Query forms, session p")."""

_VOCABS: dict[str, Vocabulary] = {}
_LOCK = threading.Lock()


def verb_keys(past: frozenset[str] | set[str], past_of_present) -> list[str]:
    """The verb forms of :data:`PRESENT_PREFIXES` + present stem + :data:`PRESENT_ENDINGS` (``ب`` + the stem
    alone too: the imperative ``برو``) and :data:`PAST_PREFIXES` + past stem + :data:`PAST_ENDINGS`, each stem
    also in its spoken spellings; word list keys (normalized, no half-space), sorted and distinct.

    Args:
        past: the verb list's past stems; past_of_present: ``{present stem: (past stem, ...)}`` (both of
            :class:`kavosh.analysis.lexicon.Lexicon`).
    """
    keys: set[str] = set()
    for present in past_of_present:
        if not present or " " in present:
            continue
        for stem in (present, *spoken_stems(present)):
            for prefix in PRESENT_PREFIXES:
                for head in prefixed(prefix, stem):
                    keys.update(head + e for e in PRESENT_ENDINGS)
                    if prefix == "ب":
                        keys.add(head)
    for stem0 in past:
        if not stem0 or " " in stem0:
            continue
        for stem in (stem0, *spoken_past_stems(stem0)):
            for prefix in PAST_PREFIXES:
                for head in prefixed(prefix, stem):
                    keys.update(head + e for e in PAST_ENDINGS)
    return sorted(keys)


def verb_list(analyzer) -> tuple[frozenset[str], dict[str, tuple[str, ...]]] | None:
    """``(past stems, {present stem: (past stem, ...)})`` of ``analyzer``'s verb list: its stemmer's own lexicon
    when it was given one, else the bundled ``data/verbs.tsv`` read as :meth:`kavosh.analysis.lexicon.Lexicon.load`
    reads it (a millisecond: the whole lexicon, loaded for nothing else by a Finglish query of the index's words,
    takes 1.5 s); None when ``analyzer`` has no stemmer (not :class:`kavosh.analysis.Analyzer`'s)."""
    stemmer = getattr(analyzer, "_stemmer", None)
    if stemmer is None:
        return None
    own = getattr(stemmer, "_lexicon", None)
    if own is not None:
        return own.past, own.past_of_present
    return _bundled_verbs()


@functools.cache
def _bundled_verbs() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The bundled verb list (``data/verbs.tsv``: past stem, tab, present stem), as word list keys
    (:func:`kavosh.analysis.lexicon.read_verbs`, as the lexicon reads it)."""
    return read_verbs((resources.files("kavosh.analysis") / "data" / "verbs.tsv").read_text(encoding="utf-8"))


def verb_vocabulary(analyzer, core: bool = True) -> Vocabulary | None:
    """The :func:`verb_keys` of ``analyzer``'s verb list as a :class:`Vocabulary` (``lookup`` gives ``(key,
    0)``: no counts), built once per process and word list (keyed by ``analyzer.version``); None when the
    analyzer has no verb list (not :class:`kavosh.analysis.Analyzer`'s stemmer).  With ``core`` and the
    compiled core built, its readings search runs there."""
    key = f"{analyzer.version}-{bool(core)}"
    with _LOCK:
        vocab = _VOCABS.get(key)
        if vocab is None:
            verbs = verb_list(analyzer)
            if verbs is None:
                return None
            keys = verb_keys(*verbs)
            members = frozenset(keys)
            ext = compiled_extension() if core else None
            vocab = _VOCABS[key] = Vocabulary(keys, lambda k: (k, 0) if k in members else None,
                                              readings=ext.Readings(keys) if ext else None)
        return vocab


def verb_readings(word: str, analyzer, vocab: Vocabulary | None = None,
                  doc_freq: Callable[[str], int] | None = None) -> dict[str, float]:
    """The verb forms the Latin ``word`` (:func:`kavosh.query.readings.fold`-ed) may spell: ``{key: cost}``, the
    letter rules' cost + :data:`VERB_COST`, only keys the analyzer reads as one verb (one term, a past stem of
    its verb list: ``میخوام`` → ``خواست``, ``نمیدونم`` → ``دانست``).  ``mikham`` → ``{میخام: 0.4, میخوام:
    0.5}``; ``tehran`` → ``{}``.  ``vocab``: :func:`verb_vocabulary` (default: built or taken from the cache);
    ``doc_freq``: the document frequency of a term, when given only verbs some document holds are kept."""
    vocab = vocab if vocab is not None else verb_vocabulary(analyzer)
    if vocab is None:
        return {}
    past = verb_list(analyzer)[0]
    out = {}
    for key, cost in spellings(word, vocab).items():
        terms = analyzer.terms(key)
        if len(terms) == 1 and terms[0] in past and (doc_freq is None or doc_freq(terms[0]) > 0):
            out[key] = cost + VERB_COST
    return out
