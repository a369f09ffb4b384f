"""The index path's two walks (:class:`IndexPath`, a part of :class:`.analyzer.Analyzer`): the fast path over
cached surfaces (:meth:`IndexPath._joined_terms`: each distinct surface analysed once, then a document joined at
C speed) and the token walk (:meth:`IndexPath._token_terms`) for a text where a word's own slice or its neighbour
decides a reading.  :meth:`.analyzer.Analyzer.terms` and :meth:`~.analyzer.Analyzer.index_text` run them.
Rust: ``rust/kavosh-analysis/src/index_path.rs``.
"""

from __future__ import annotations

import re

from . import arabic, context
from .stem_rules import MAX_CACHE
from . import chars as C
from .marks import STACK_MARK, piece_terms
from .normalize import _normalize_python, has_context
from .tokenize import SEPS, surface_to_word, surfaces_unsplit

_OFFSET_CHARS = re.compile(f"[{C.SUPERSCRIPT_ALEF}{C.TEH_MARBUTA}{C.TEH_MARBUTA_GOAL}{arabic.ARTICLE_MARKS}]")
"""A context character (:func:`has_context`) or a vocalised article's mark (:data:`.arabic.ARTICLE_MARKS`):
the one scan that keeps a text on :meth:`IndexPath._joined_terms`' fast path when it finds none."""


class IndexPath:
    """The index path, a part of :class:`.analyzer.Analyzer` (which defines what these methods read:
    ``stem_enabled``, ``compounds``, ``_term``, ``_surface_spans``, and the readings of
    :class:`.index_term.IndexTerms`, :class:`.context.NeighbourReadings` and :class:`.arabic.ArticleReadings`)."""

    def _joined_terms(self, text: str, cache: dict[str, str], mark_stopwords: bool) -> str:
        """The terms of ``text`` joined by single spaces, through ``cache``
        (``{fast-path surface: its terms joined by spaces}``).  Each distinct surface
        not yet in the cache is analysed once; then the document is joined at C speed."""
        if self._needs_offsets(text, mark_stopwords):  # a word's own slice may decide: see _analyze
            return self._token_terms(text, mark_stopwords)
        surfaces = surfaces_unsplit(_normalize_python(text), self.compounds)  # the specification's char filters
        try:
            joined = " ".join(map(cache.__getitem__, surfaces))
        except KeyError:  # new surfaces: analyse each distinct one once, then join
            missing = set(surfaces).difference(cache)
            if len(cache) + len(missing) > MAX_CACHE:
                cache.clear()
                missing = set(surfaces)
            for raw in missing:
                cache[raw] = self._surface_terms(raw, mark_stopwords)
            joined = " ".join(map(cache.__getitem__, surfaces))
        if self.stem_enabled and (context.PARTICIPLE_TERM.search(joined) or self._preverb_pair(surfaces)):
            return self._token_terms(text, mark_stopwords)  # a word whose neighbour may decide its term
        return joined

    def _needs_offsets(self, text: str, mark_stopwords: bool) -> bool:
        """Whether the index path reads ``text`` token by token with offsets: it holds a context character
        (:func:`has_context`) or, with ``mark_stopwords`` and stemming, a vocalised Arabic article
        (:func:`.arabic.has_article`); one scan (:data:`_OFFSET_CHARS`) for a text holding neither mark."""
        if _OFFSET_CHARS.search(text) is None:
            return False
        return has_context(text) or (mark_stopwords and self.stem_enabled and arabic.has_article(text))

    def _token_terms(self, text: str, mark_stopwords: bool) -> str:
        """:meth:`_joined_terms` token by token, with the readings a neighbour decides (:meth:`_neighbour_readings`:
        ``دیده شد`` is ``دید``, ``بر می‌دارد`` ``برداشت``; with ``mark_stopwords`` a verb after a preverb keeps its
        own reading at its position too, :data:`STACK_MARK`).  The tokens are :meth:`_surface_spans`' for a text holding a
        context character or (the index path) a vocalised article, else the fast path's surfaces split into their
        words (the same, without offsets).  With ``mark_stopwords``, a word whose own slice begins with the vocalised
        article is followed at its position by the rest's index term (:meth:`article_reading`: ``الرحیم␁رحیم``)."""
        articles: dict[int, str] = {}
        if self._needs_offsets(text, mark_stopwords):
            spans = list(self._surface_spans(text))
            surfaces = [s for s, _a, _b in spans]
            if mark_stopwords and self.stem_enabled and arabic.has_article(text):
                articles = self._article_readings(text, spans, True)
        else:
            surfaces = [w for raw in surfaces_unsplit(_normalize_python(text), self.compounds)
                        for w in self._surface_words(raw)]
        parts = [self._word_term(s, mark_stopwords) for s in surfaces]
        if self.stem_enabled:
            words = [surface_to_word(s) for s in surfaces]
            for i, (term, _own, joined) in self._neighbour_readings(words, [self._term(s) for s in surfaces]).items():
                if mark_stopwords and joined is not None:  # the joined spelling's index term(s), then its own
                    parts[i] = self._word_term(joined, True) + STACK_MARK + parts[i]
                else:  # one term: a participle read as its verb has no second reading
                    parts[i] = term
        for i, second in articles.items():
            for t in piece_terms(second):  # the rest's term, then its surface reading (``␖عالمین``)
                if t not in piece_terms(parts[i]):
                    parts[i] += STACK_MARK + t
        return " ".join(parts)

    def _surface_words(self, raw: str) -> list[str]:
        """The words of one fast-path surface (:func:`surfaces_unsplit`): itself without its separator, or its
        compound's or glued run's pieces (:meth:`Compounds.split`), as :meth:`_surface_terms` reads them."""
        surface = raw.rstrip(SEPS)
        words = self.compounds.split(surface) if self.compounds is not None else None
        return [surface] if words is None else words

    def _surface_terms(self, raw: str, mark_stopwords: bool) -> str:
        """The terms of one fast-path surface (:func:`surfaces_unsplit`: it may end with
        its separator, and a compound usually written apart is still whole), joined by
        spaces; each stopword's term is marked (:func:`stop_term`) with ``mark_stopwords``."""
        surface = raw.rstrip(SEPS)
        words = self.compounds.split(surface) if self.compounds is not None else None
        if words is None:  # the usual case: one word
            return self._word_term(surface, mark_stopwords)
        return " ".join(self._word_term(w, mark_stopwords) for w in words)
