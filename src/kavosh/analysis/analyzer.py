"""The Persian analyzer: char filters → tokenizer → token filters.

Three entry points over one implementation (see ``DESIGN.md``):

* :meth:`Analyzer.analyze` — tokens with offsets into the original text (for
  highlighting, the ``kavosh analyze`` view, and query analysis);
* :meth:`Analyzer.terms` — the same terms without offsets, at C speed where it
  can be (the index-time path);
* :meth:`Analyzer.normalize_term` — a single word normalized and joined but not
  stemmed (for prefix queries).

Both paths run the same char-filter table and the same tokenizer regex, so
``[t.term for t in analyze(x)] == terms(x)`` for every string (property-tested).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

from . import morphology, normalize as _normalize, stopwords, tokenize as _tokenize
from .morphology import Stemmer
from .normalize import CHAR_RULES, normalize, normalize_with_offsets
from .tokenize import TOKEN_RE, surface_to_word


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed token.

    Attributes:
        term: the indexed term (normalized, half-spaces joined, stemmed).
        word: the normalized word before stemming (``"کتابها"``).
        start: start of the token in the original text (Python ``str`` index).
        end: end (exclusive) in the original text.
        position: 0-based token position (one per token, stopwords included).
    """

    term: str
    word: str
    start: int
    end: int
    position: int


def _version() -> str:
    h = hashlib.sha256()
    for rule in CHAR_RULES:
        h.update(rule.name.encode())
        h.update(repr(sorted(rule.mapping.items())).encode())
    h.update(TOKEN_RE.pattern.encode())
    h.update(repr((morphology.NOUN_SUFFIXES, sorted(morphology.PROTECTED), morphology.VERB_PREFIXES,
                   morphology.PAST_ENDINGS, morphology.PRESENT_ENDINGS, morphology.PREFIXLESS_PRESENT_ENDINGS, morphology.UNTAGGED_RATIO_FACTOR,
                   morphology.MIN_STEM)).encode())
    data = resources.files("kavosh.analysis") / "data"
    for name in ("words.tsv.gz", "verbs.tsv"):
        h.update(data.joinpath(name).read_bytes())
    return "fa-" + h.hexdigest()[:12]


class Analyzer:
    """The Persian analyzer.  One instance is cheap to keep; stemming is cached.

    Args:
        stem: reduce words to stems (default).  ``False`` keeps normalized words.
    """

    def __init__(self, stem: bool = True) -> None:
        self.stem_enabled = stem
        self._stemmer = Stemmer()
        self._cache: dict[str, str] = {}

    @cached_property
    def version(self) -> str:
        """A hash of the rules and word lists, e.g. ``"fa-3f2a9c1b0d4e"``."""
        return _version() + ("" if self.stem_enabled else "-nostem")

    @cached_property
    def stopwords(self) -> frozenset[str]:
        """Stopwords as normalized words (compare with :attr:`Token.word`)."""
        return frozenset(surface_to_word(normalize(w)) for w in stopwords.STOPWORDS)

    def _term(self, surface: str) -> str:
        term = self._cache.get(surface)
        if term is None:
            if len(self._cache) > morphology.MAX_CACHE:
                self._cache.clear()
            word = surface_to_word(surface)
            term = self._stemmer(word) if self.stem_enabled else word
            self._cache[surface] = term
        return term

    def terms(self, text: str) -> list[str]:
        """Index-time analysis: the terms of ``text``, in order, without offsets.

        Args:
            text: any string.
        Returns:
            ``list[str]`` of terms; equal to ``[t.term for t in self.analyze(text)]``.
        """
        get = self._cache.get
        out = []
        append = out.append
        for s in TOKEN_RE.findall(normalize(text)):
            t = get(s)
            append(t if t is not None else self._term(s))
        return out

    def analyze(self, text: str) -> list[Token]:
        """Analyse ``text`` into tokens that keep offsets into the original.

        Args:
            text: any string.
        Returns:
            ``list[Token]``; ``text[tok.start:tok.end]`` is the original slice
            each token came from (diacritics, tatweel and ZWNJ inside it included).
        """
        norm, starts, ends = normalize_with_offsets(text)
        tokens = []
        for pos, m in enumerate(TOKEN_RE.finditer(norm)):
            surface = m.group()
            tokens.append(Token(self._term(surface), surface_to_word(surface),
                                starts[m.start()], ends[m.end() - 1], pos))
        return tokens

    def normalize_term(self, text: str) -> str:
        """Normalize a single word without stemming: ``"كتاب‌ها"`` → ``"کتابها"``."""
        return surface_to_word(normalize(text)).strip()

    @property
    def lexicon_freq(self) -> dict[str, int]:
        """Word-list frequencies ``{normalized word: count}`` (for query rewrites)."""
        return self._stemmer.lexicon.freq

    def is_stopword(self, token: Token) -> bool:
        """True if the token's normalized word is a stopword."""
        return token.word in self.stopwords


_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    """The shared default :class:`Analyzer` (created on first use)."""
    global _default
    if _default is None:
        _default = Analyzer()
    return _default
