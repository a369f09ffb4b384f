"""The words a Latin query may be read as: the index's own (its completion table) and the word list's.

A :class:`Vocabulary` holds normalized keys (:meth:`kavosh.analysis.Analyzer.normalize_term`) sorted
for the beam searches of :func:`kavosh.query.readings.spellings` and
:func:`kavosh.query.names.latin_spellings`, which keep only prefixes of its words.

Two vocabularies serve a Finglish query (:func:`kavosh.query.finglish.transliterate_query`):

* the index's words, the completion table (:func:`kavosh.query.choose.index_vocabulary`): words seen
  :data:`kavosh.index.completions.MIN_COUNT`+ times; its readings come first;
* the analyzer's word list (:func:`word_list_vocabulary`: hazm's and shekar's words with their
  corpus frequencies, ``Analyzer.lexicon_freq``), for a word the corpus holds only once or only in
  another form (``atari`` → ``عطاری``, ``hayoola`` → ``هیولا`` on ParsiNLU, where neither is in the
  table).  A reading from it must still be found in the index (its analysed terms in some document).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Sequence

from ..analysis.normalize import compiled_extension


class Vocabulary:
    """The index's words as normalized keys (see :meth:`Analyzer.normalize_term`), for the beam search.

    Args:
        keys: the normalized keys, sorted.
        lookup: ``key → (written form, weighted count)`` or None
            (:meth:`kavosh.index.completions.CompletionTable.lookup`; for the word list, its frequency).
        names: the compiled search of Latin spellings over the same words
            (:func:`kavosh.query.names.core_latin_names`), or None: Python runs it.
        readings: the compiled search of :func:`kavosh.query.readings.spellings` over the same words
            (:func:`kavosh.query.readings.core_readings`), or None: Python runs it.
        held: the index's own terms (:class:`HeldVocabulary`), where a name's spelling the table lacks is looked
            for (:func:`kavosh.query.names.other_script`), or None.
    """

    def __init__(self, keys: Sequence[str], lookup: Callable[[str], tuple[str, int] | None], names=None,
                 readings=None, held: Vocabulary | None = None) -> None:
        self.keys = keys
        self.lookup = lookup
        self.names = names
        self.readings = readings
        self.held = held

    @classmethod
    def from_words(cls, words: dict[str, int]) -> Vocabulary:
        """A vocabulary from ``{key: count}`` (the key is also the written form); for tests and tools."""
        keys = sorted(words)
        return cls(keys, lambda k: (k, words[k]) if k in words else None)

    def has_prefix(self, prefix: str) -> bool:
        """True when some key starts with ``prefix`` (the empty prefix included)."""
        i = bisect.bisect_left(self.keys, prefix)
        return i < len(self.keys) and self.keys[i].startswith(prefix)

    def has(self, key: str) -> bool:
        """True when ``key`` is a word of the index."""
        i = bisect.bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i] == key


WORD_LIST_LETTERS = re.compile(r"[ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ]{2,}")
"""A word of the list that a Finglish word may be read as: two or more Persian letters (the list also holds
affixes written with a hyphen, ``-ان``, which are no reading)."""

_WORD_LISTS: dict[str, Vocabulary] = {}
_WORD_LISTS_LOCK = threading.Lock()


def word_list_vocabulary(analyzer, core: bool = True) -> Vocabulary:
    """The analyzer's word list (``analyzer.lexicon_freq``: normalized word → corpus frequency) as a
    :class:`Vocabulary` of its words of :data:`WORD_LIST_LETTERS` (about 195,000), ``lookup`` giving
    ``(word, frequency)``.  Built once per process and word list (keyed by ``analyzer.version``, which
    hashes the word lists): about 0.5 s and 15 MB, at the first Latin query that needs it.  With ``core``
    and the compiled core built, its readings search runs there (``kavosh._core.Readings``)."""
    key = f"{analyzer.version}-{bool(core)}"
    with _WORD_LISTS_LOCK:
        vocab = _WORD_LISTS.get(key)
        if vocab is None:
            freq = analyzer.lexicon_freq
            keys = sorted(k for k in freq if WORD_LIST_LETTERS.fullmatch(k))
            ext = compiled_extension() if core else None

            def lookup(k: str) -> tuple[str, int] | None:
                f = freq.get(k)
                return None if f is None or not WORD_LIST_LETTERS.fullmatch(k) else (k, f)

            vocab = _WORD_LISTS[key] = Vocabulary(keys, lookup, readings=ext.Readings(keys) if ext else None)
        return vocab


HELD_PREFIX_LETTERS = 3
"""A prefix shorter than this is taken as held without asking (:meth:`HeldVocabulary.has_prefix`): nearly every
one- and two-letter start is, and the term dictionary's walk over the terms so beginning is long (thousands)."""


class HeldVocabulary(Vocabulary):
    """The index's own terms (its term dictionary), as a :class:`Vocabulary` the beam searches of
    :func:`kavosh.query.readings.spellings` and :func:`kavosh.query.names.latin_spellings` can read: a word the
    completion table leaves out, written fewer than :data:`kavosh.index.completions.MIN_COUNT` times (a name held
    once: ``نوکیا``, ``nokia``), is a word of it.  Its keys are not listed (``keys`` is empty): ``has_prefix`` asks
    the index (:meth:`kavosh.index.stats.IndexStats.holds_prefix`, once per prefix of :data:`HELD_PREFIX_LETTERS`+
    letters; a shorter one is taken as held), ``has`` and ``lookup`` its document frequency (``(key, documents)``).
    The compiled searches do not run over it (``names``, ``readings`` None): Python's do, asked only for a word the
    table gives no spelling (issue #14 kind 9).

    Args:
        holds_prefix: whether some index term begins with a prefix.
        doc_freq: documents holding an analysed term.
        count_all: documents holding every leaf of a list (:meth:`kavosh.index.stats.IndexStats.count_all`), for
            :meth:`meet`; None: no two terms meet.
    """

    def __init__(self, holds_prefix: Callable[[str], bool], doc_freq: Callable[[str], int],
                 count_all: Callable[[list[list[str]]], int] | None = None) -> None:
        super().__init__((), self._lookup)
        self._holds = holds_prefix
        self._doc_freq = doc_freq
        self._count_all = count_all
        self._prefixes: dict[str, bool] = {}

    def meet(self, a: str, b: str) -> bool:
        """Whether some document holds both terms ``a`` and ``b`` (a name and its spelling: ``ناپروکسن (naproxen)``)."""
        return self._count_all is not None and self._count_all([[a], [b]]) > 0

    def _lookup(self, key: str) -> tuple[str, int] | None:
        n = self._doc_freq(key)
        return (key, n) if n > 0 else None

    def has_prefix(self, prefix: str) -> bool:
        """True when some index term begins with ``prefix`` (one shorter than :data:`HELD_PREFIX_LETTERS`: True)."""
        if len(prefix) < HELD_PREFIX_LETTERS:
            return True
        found = self._prefixes.get(prefix)
        if found is None:
            found = self._prefixes[prefix] = self._holds(prefix)
        return found

    def has(self, key: str) -> bool:
        """True when some document holds the term ``key``."""
        return self._doc_freq(key) > 0
