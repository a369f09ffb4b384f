"""A word's index term(s) on the index path (:class:`IndexTerms`, a part of :class:`.analyzer.Analyzer`).

A stopword's term is marked (:data:`~.marks.STOP_MARK`: ``␀در``), a negated verb form is indexed with its
:func:`~.marks.negated_term` too (:data:`~.marks.NEG_MARK`: ``␕داد``), an inflected word with its surface
reading (:data:`~.marks.SURFACE_MARK`: ``␖میرسم``), and a suffix written after a space with its second reading
(``خانه ای``: ``␀ای``), each stacked after :data:`~.marks.STACK_MARK` at the word's one position; and the
stopword tests they need.  Rust: ``rust/kavosh-analysis/src/index_term.rs``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .marks import STACK_MARK, STOP_MARK, negated_term, surface_term
from .spoken import squeezed
from .tokenize import SEPS, SPACED_SUFFIX_HOSTS, surface_to_word

if TYPE_CHECKING:
    from .analyzer import Token


class IndexTerms:
    """The index terms of a word, a part of :class:`.analyzer.Analyzer` (which defines what these methods
    read: ``stem_enabled``, ``stopwords``, ``_core``, ``_stemmer`` and ``_term``)."""

    def is_stopword(self, token: Token) -> bool:
        """True if the token's normalized word is a stopword."""
        return self.is_stop_word(token.word)

    def is_stop_word(self, word: str) -> bool:
        """Whether a normalized word is a stopword: one of :attr:`stopwords`, or one with a letter
        stretched for emphasis whose squeezed spelling (:func:`.spoken.squeezed`: every run one letter,
        else two) is one (``خیلیییی`` is ``خیلی``, ``ازززز`` is ``از``; kind 4 of issue #14)."""
        if word in self.stopwords:
            return True
        stretched = squeezed(word)
        return stretched is not None and any(w in self.stopwords for w in stretched)

    def index_term(self, token: Token) -> str:
        """The term the index holds for ``token``: its term, marked when it is a stopword
        (:func:`stop_term`), as :meth:`index_terms` gives it."""
        return STOP_MARK + token.term if self.is_stop_word(token.word) else token.term

    def phrase_term(self, token: Token) -> str:
        """The term a quoted phrase asks for at ``token``: :meth:`index_term`, or its :func:`negated_term`
        when the token is a negated verb form (``"نمی دهد"`` asks for ``␕داد``, which only negated forms
        are indexed with; ``"گفته نشد"`` for ``گفت`` and ``␀␕شد``)."""
        term = self.index_term(token)
        return negated_term(term) if self.is_negated(token.word, token.term) else term

    def is_negated(self, word: str, term: str) -> bool:
        """Whether a normalized ``word`` whose term is ``term`` is a negated verb form, indexed with its
        :func:`negated_term` too (:meth:`.morphology.Stemmer.negated`: ``نمیدهد``, ``نشد``; not ``نشست``);
        ``False`` without stemming."""
        if not self.stem_enabled:
            return False
        core = self._core
        if core is not None:
            try:
                return core.negated(word, term)
            except UnicodeEncodeError:
                pass
        return self._stemmer.negated(word, term)

    def surface_reading(self, word: str, term: str) -> str | None:
        """The surface reading's index term (:func:`surface_term`) of a normalized ``word`` whose term is ``term``,
        indexed at its position beside the term (:data:`SURFACE_MARK`): ``("میرسم", "رسید")`` → ``"␖میرسم"``,
        ``("کتابهایش", "کتاب")`` → ``"␖کتابهایش"``; ``None`` when the word is its term (``کتاب``), a stopword
        (``می‌شود``: its term is marked already), or without stemming.  Every such word, nouns too: verbs
        alone (+1.7% index size against +7%) were measured and dropped (``docs/benchmarks.md``, "Analysis round 3q")."""
        if not self.stem_enabled or word == term:
            return None
        core = self._core
        if core is not None:
            try:
                return core.surface_reading(word, term)
            except UnicodeEncodeError:
                pass
        return None if self.is_stop_word(word) else surface_term(word)

    def free_reading(self, surface: str) -> str | None:
        """The index term of the second reading of a word's surface ending in a suffix that, written
        after a space, joins only a word ending in certain letters (:data:`~.tokenize.SPACED_SUFFIX_HOSTS`,
        kind 3 of issue #14): ``خانه ای`` is the indefinite ``خانه‌ای`` or ``خانه`` + the vocative
        ``ای`` (``ساقی ای ساقی``, ``که ای دوست``).  The joined reading's term stays the token's
        term (:meth:`analyze`'s, so queries meet it); this reading's second word (``␀ای``) is indexed at the same position (:data:`STACK_MARK`), so a phrase or proximity
        over ``ای`` and the next word finds the text either way.  ``None`` for every other surface
        (and for a suffix after a half-space: never ambiguous)."""
        apart = self._spaced_suffix(surface)
        return None if apart is None else self._index_word(apart[1])

    def _word_term(self, surface: str, mark_stopwords: bool) -> str:
        """The term of one word's surface; with ``mark_stopwords`` (the index path) a stopword's
        term is marked (:func:`stop_term`) and a second reading is stacked at its position
        (:meth:`free_reading`)."""
        if not mark_stopwords:
            return self._term(surface)
        word, own = surface_to_word(surface), self._term(surface)
        stop = self.is_stop_word(word)
        term = STOP_MARK + own if stop else own
        if self.stem_enabled and self._stemmer.negated(word, own):  # نمی‌دهد: also ␕داد
            term += STACK_MARK + negated_term(term)
        if self.stem_enabled and not stop and word != own:  # می‌رسم: also ␖میرسم
            term += STACK_MARK + surface_term(word)
        apart = self._spaced_suffix(surface)
        return term if apart is None else term + STACK_MARK + self._index_word(apart[1])

    def _index_word(self, word: str) -> str:
        """The index term of one normalized word: its term, marked when it is a stopword."""
        return STOP_MARK + self._term(word) if self.is_stop_word(word) else self._term(word)

    @staticmethod
    def _spaced_suffix(surface: str) -> tuple[str, str] | None:
        """``(host, suffix)`` when ``surface`` ends in a suffix of :data:`~.tokenize.SPACED_SUFFIX_HOSTS`
        written after a space, after a word ending in one of its letters (``خانه ای`` → ``("خانه",
        "ای")``); else ``None``."""
        for suffix, hosts in SPACED_SUFFIX_HOSTS.items():
            n = len(suffix)
            if len(surface) > n + 1 and surface.endswith(suffix) and surface[-n - 1] == " ":
                host = surface[:-n].rstrip(SEPS)
                if host and host[-1] in hosts:
                    return host, suffix
        return None
