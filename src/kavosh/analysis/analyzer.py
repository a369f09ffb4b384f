"""The Persian analyzer: char filters → tokenizer → token filters.

Three entry points over one implementation (see ``DESIGN.md``):

* :meth:`Analyzer.analyze` — tokens with offsets into the original text (for
  highlighting, the ``kavosh analyze`` view, and query analysis);
* :meth:`Analyzer.terms` — the same terms without offsets (the index-time path);
* :meth:`Analyzer.normalize_term` — a single word normalized and joined but not
  stemmed (for prefix queries).

Both paths run the same char-filter table and the same tokenizer regex, so
``[t.term for t in analyze(x)] == terms(x)`` for every string (property-tested).

The work is done by the compiled core (``kavosh._core.Analyzer``, Rust: ``rust/kavosh-analysis``)
when it is built; this module is its specification and the fallback (``KAVOSH_PURE_PYTHON=1``,
or no compiled core): :class:`PythonAnalyzer` always runs it, and
``tests/analysis/test_differential.py`` checks both give the same terms, positions and offsets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from . import arabic, morphology, stopwords
from .arabic import ArticleReadings
from .chars import ZWNJ
from .context import NeighbourReadings
from .index_path import IndexPath
from .index_term import IndexTerms
from .marks import NEG_MARK as NEG_MARK  # re-exported (index/, query/, search/ import them from here)
from .marks import STACK_MARK as STACK_MARK
from .marks import STOP_MARK as STOP_MARK
from .marks import SURFACE_MARK as SURFACE_MARK
from .marks import is_stop_term as is_stop_term
from .marks import negated_term as negated_term
from .marks import piece_terms as piece_terms
from .marks import stop_term as stop_term
from .marks import surface_term as surface_term
from .marks import is_surface_term as is_surface_term
from .marks import unmarked_negation as unmarked_negation
from .marks import without_surface as without_surface
from .morphology import ANALYSIS_MODULES as ANALYSIS_MODULES  # re-exported: the modules the version hashes
from .morphology import Stemmer
from .spoken import SPOKEN_PLURAL_CLITICS
from .normalize import _normalize_python, compiled_extension, has_context, normalize, normalize_with_offsets
from .tokenize import Compounds, surface_to_word, tokenize_spans

EZAFE_INDEFINITE = frozenset({"ای", "ی"})
INDEFINITE_AFTER_YEH = "ای"
"""The indefinite ``ای`` written apart after a word ending in ``ی`` (``بیماری‌ای``, ``مهمانی ای``)."""
PLURALS = frozenset({"ها", "های", "هایی"}) | frozenset(SPOKEN_PLURAL_CLITICS)
"""Plural suffixes (and the spoken plural + clitic, ``کتاب‌هام``) that, written apart, show where the stem ends."""


class Token(NamedTuple):
    """One analysed token (a named tuple: cheap to build, immutable).

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
    return "fa-" + morphology.analysis_digest()[:12]


_CORE = compiled_extension()


def token_matches(term: str, word: str, terms: frozenset[str] | set[str], prefixes: tuple[str, ...]) -> bool:
    """Whether a token (its ``term`` and normalized ``word``) matched a query: the term is one of
    ``terms``, or the term or the word starts with one of ``prefixes`` (:meth:`Analyzer.marks`;
    the compiled core's ``marks`` applies the same test, and to a token's second reading too)."""
    return term in terms or (bool(prefixes) and (term.startswith(prefixes) or word.startswith(prefixes)))


class Analyzer(IndexPath, IndexTerms, NeighbourReadings, ArticleReadings):
    """The Persian analyzer.  One instance is cheap to keep; stemming is cached.

    Its parts, one module each (the Rust core's modules of the same names hold their port): the index
    path's two walks (:class:`.index_path.IndexPath`), a word's index terms — stopword, negation, surface
    and spaced-suffix readings — (:class:`.index_term.IndexTerms`), the readings a neighbour decides
    (:class:`.context.NeighbourReadings`) and the vocalised Arabic article's (:class:`.arabic.ArticleReadings`).

    The compiled core does the work when it is built (see the module docstring); the word
    lists are then read from the lexicon prebuilt into the core when it was compiled (about
    10 ms, once per process; edited lists are built from the files, about a second).

    Args:
        stem: reduce words to stems (default).  ``False`` keeps normalized words.
    Raises (on first use): ``OSError`` when the bundled word lists are missing, ``ValueError``
    naming the file and line when one is malformed.
    """

    _use_core = True

    def __init__(self, stem: bool = True) -> None:
        self.stem_enabled = stem
        self._stemmer = Stemmer()
        self._cache: dict[str, str] = {}
        self._terms_cache: dict[str, str] = {}  # fast-path surface -> terms joined by spaces
        self._index_cache: dict[str, str] = {}  # the same with stopwords' terms marked (stop_term)
        self._roles: dict[str, int] = {}  # fast-path surface -> its role in a preverb pair

    @cached_property
    def _core(self):
        """The compiled analyzer (``kavosh._core.Analyzer``), or ``None``: then this module runs."""
        if _CORE is None or not self._use_core:
            return None
        return _CORE.Analyzer(str(Path(str(resources.files("kavosh.analysis") / "data"))), self.stem_enabled)

    @cached_property
    def version(self) -> str:
        """A hash of the analysis source and word lists (:func:`~kavosh.analysis.lexicon.analysis_digest`),
        e.g. ``"fa-3f2a9c1b0d4e"``."""
        return _version() + ("" if self.stem_enabled else "-nostem")

    @cached_property
    def compounds(self) -> Compounds | None:
        """Known compounds, joined when written with a space (``None`` without stemming); their
        glued-run guard reads words with this analyzer's stemmer."""
        if not self.stem_enabled:
            return None
        compounds = self._stemmer.lexicon.compounds
        if compounds.stem is None:
            compounds.stem = self._stemmer
        return compounds

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
            if self.stem_enabled:
                # A plural written apart, or ``ای``/``ی`` written apart after a silent
                # ``ه`` (``ای`` also after ``ی``: بیماری‌ای), shows where the stem ends: نام‌های
                # is نام + های and ساله‌ای is ساله + ای, where the joined نامهای and سالهای are ambiguous.
                cut = max(surface.rfind(" "), surface.rfind(ZWNJ))
                if cut > 0 and word not in self._stemmer.protected:
                    suffix = surface[cut + 1:]
                    if suffix in PLURALS or (suffix in EZAFE_INDEFINITE and surface[cut - 1] == "ه") or (
                            suffix == INDEFINITE_AFTER_YEH and surface[cut - 1] == "ی"):
                        word = surface_to_word(surface[:cut])
                term = self._stemmer(word)
            else:
                term = word
            self._cache[surface] = term
        return term

    def terms(self, text: str) -> list[str]:
        """Index-time analysis: the terms of ``text``, in order, without offsets.

        Args:
            text: any string.
        Returns:
            ``list[str]`` of terms; equal to ``[t.term for t in self.analyze(text)]``.
        """
        core = self._core
        if core is not None:
            try:
                return core.terms(text)
            except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the Python path takes them
                pass
        joined = self._joined_terms(text, self._terms_cache, False)
        return joined.split(" ") if joined else []

    def index_text(self, text: str) -> str:
        """The terms of :meth:`index_terms` joined by single spaces (what the
        index's whitespace tokenizer reads); the fastest path, used by the writer."""
        core = self._core
        if core is not None:
            try:
                return core.index_text(text)
            except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the Python path takes them
                pass
        return self._joined_terms(text, self._index_cache, True)

    def index_terms(self, text: str) -> list[str]:
        """Like :meth:`terms`, but each stopword's term is marked (:func:`stop_term`: ``␀در``).

        Every word is indexed at its position (issue #14 kind 0): a stopword's term is kept apart
        from the content terms by its mark, so phrases (``"او نیز آمد"``), the proximity bonus and
        queries of stopwords alone use it, while plain queries never require it (as Lucene's
        ``CommonGrams`` and Elasticsearch's ``common`` terms query intend; see ``docs/analysis.md``).
        An entry may hold two terms at its one position, joined by :data:`STACK_MARK` (:meth:`free_reading`;
        :func:`piece_terms` splits it).
        """
        joined = self.index_text(text)
        return joined.split(" ") if joined else []

    def analyze(self, text: str) -> list[Token]:
        """Analyse ``text`` into tokens that keep offsets into the original.

        Args:
            text: any string.
        Returns:
            ``list[Token]``; ``text[tok.start:tok.end]`` is the original slice
            each token came from (diacritics, tatweel and ZWNJ inside it included).
        """
        core = self._core
        if core is not None:
            try:
                return list(map(Token._make, core.analyze(text)))
            except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the Python path takes them
                pass
        return self._analyze(text)

    def _analyze(self, text: str) -> list[Token]:
        """:meth:`analyze` in Python (the specification).

        A token's word is the normalized word of its own slice of ``text``.  That is the
        token's surface, except for a piece of a word split in two or more (a glued ``به``, a
        compound, a glued run) whose slice holds a character the context char filter
        (:func:`~kavosh.analysis.normalize.respell_in_context`) reads by its place in the word:
        ``بةحٰک`` is ``بهحاک`` whole (a dagger alef after the word's third letter is ``ا``) and
        splits into ``به`` + ``حٰک``, which alone is ``حک`` (after a word's first letter it is
        deleted), and so is the piece.  Only texts that hold such a character are concerned,
        and :meth:`terms`/:meth:`index_text` read those through this path."""
        return self._analyze_readings(text)[0]

    def _analyze_readings(self, text: str) -> tuple[list[Token], dict[int, str]]:
        """:meth:`_analyze`'s tokens and ``{token index: its second reading's term}`` for the tokens a preverb
        written apart before them gave the joined word's term (:meth:`_neighbour_readings`), and for the words
        written with the vocalised Arabic article (:meth:`article_reading`'s term; never both: a verb form in
        ``می`` does not begin with an alef nor a proclitic and an alef)."""
        spans = list(self._surface_spans(text))
        tokens = [Token(self._term(surface), surface_to_word(surface), start, end, pos)
                  for pos, (surface, start, end) in enumerate(spans)]
        if not self.stem_enabled:
            return tokens, {}
        readings = self._neighbour_readings([t.word for t in tokens], [t.term for t in tokens])
        for i, (term, _own, _joined) in readings.items():
            tokens[i] = tokens[i]._replace(term=term)
        seconds = self._article_readings(text, spans, False) if arabic.has_article(text) else {}
        seconds.update((i, own) for i, (_term, own, joined) in readings.items() if joined is not None)
        return tokens, seconds

    def _surface_spans(self, text: str) -> Iterator[tuple[str, int, int]]:
        """``(surface, start, end)`` of each token of :meth:`_analyze`: its normalized surface (its
        own slice's spelling when that holds a context character) and its offsets in ``text``."""
        norm, starts, ends = normalize_with_offsets(text)
        context = has_context(text)
        for surface, a, b in tokenize_spans(norm, self.compounds):
            start, end = starts[a], ends[b - 1]
            if context and has_context(text[start:end]):
                own = _normalize_python(text[start:end]).strip()
                if surface_to_word(own) != surface_to_word(surface):
                    surface = own
            yield surface, start, end

    def marks(self, text: str, terms: frozenset[str] | set[str],
              prefixes: tuple[str, ...] = ()) -> tuple[list[int], list[int], list[str | None]]:
        """Analyse ``text`` and mark the tokens a query matched, without building tokens (highlighting's path).

        Args:
            text: any string.
            terms: a token matches when its term is one of these...
            prefixes: ...or when its term or its word starts with one of these.
        Returns:
            ``(starts, ends, marked)``, one entry per token of :meth:`analyze`: its offsets into
            ``text`` and its term when it matched, else ``None``.
        """
        core = self._core
        if core is not None:
            try:
                return core.marks(text, terms, list(prefixes))
            except UnicodeEncodeError:  # lone surrogates (no UTF-8 for Rust): the Python path takes them
                pass
        tokens, seconds = self._analyze_readings(text)
        pref = tuple(prefixes)
        marked: list[str | None] = []
        for i, t in enumerate(tokens):  # a token matches by its term, or by its second reading's
            second = seconds.get(i)
            if token_matches(t.term, t.word, terms, pref):
                marked.append(t.term)
            else:
                marked.append(second if second is not None and token_matches(second, t.word, terms, pref) else None)
        return [t.start for t in tokens], [t.end for t in tokens], marked

    def normalize_term(self, text: str) -> str:
        """Normalize a single word without stemming: ``"كتاب‌ها"`` → ``"کتابها"``."""
        return surface_to_word(normalize(text)).strip()

    def warm(self) -> None:
        """Load the word lists now (about 10 ms with the compiled core's prebuilt lexicon, 0.5–0.8 s
        in Python from its cache) rather than on the first word analysed."""
        if self._core is None:
            self._stemmer.lexicon  # noqa: B018 (a cached property: loading is the point)

    @property
    def lexicon_freq(self) -> Mapping[str, int]:
        """Word-list frequencies ``{normalized word: count}`` (for query rewrites): read from the
        compiled core's lexicon when it is built, so the Python lexicon is not loaded too."""
        core = self._core
        if core is not None and self.stem_enabled:
            return _CoreFreq(core)
        return self._stemmer.lexicon.freq

class _CoreFreq(Mapping):
    """``{normalized word: frequency}`` of the compiled core's word list (read-only)."""

    def __init__(self, core) -> None:
        self._core = core

    def __getitem__(self, word: str) -> int:
        f = self._core.freq(word) if isinstance(word, str) else None
        if f is None:
            raise KeyError(word)
        return f

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._core.freq(word) is not None

    def __iter__(self) -> Iterator[str]:
        return (w for w, *_ in self._core.words())

    def __len__(self) -> int:
        return self._core.word_count()


class PythonAnalyzer(Analyzer):
    """:class:`Analyzer` run by this package's Python modules even when the compiled core is
    built: the specification, for differential tests and measurements."""

    _use_core = False


_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    """The shared default :class:`Analyzer` (created on first use)."""
    global _default
    if _default is None:
        _default = Analyzer()
    return _default
