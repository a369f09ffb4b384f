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

import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from . import arabic, context, morphology, stopwords
from . import chars as C
from .chars import ZWNJ
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
from .spoken import SPOKEN_PLURAL_CLITICS, squeezed
from .normalize import _normalize_python, compiled_extension, has_context, normalize, normalize_with_offsets
from .tokenize import SEPS, SPACED_SUFFIX_HOSTS, Compounds, surface_to_word, surfaces_unsplit, tokenize_spans

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
_OFFSET_CHARS = re.compile(f"[{C.SUPERSCRIPT_ALEF}{C.TEH_MARBUTA}{C.TEH_MARBUTA_GOAL}{arabic.ARTICLE_MARKS}]")
"""A context character (:func:`has_context`) or a vocalised article's mark (:data:`.arabic.ARTICLE_MARKS`):
the one scan that keeps a text on :meth:`Analyzer._joined_terms`' fast path when it finds none."""

def token_matches(term: str, word: str, terms: frozenset[str] | set[str], prefixes: tuple[str, ...]) -> bool:
    """Whether a token (its ``term`` and normalized ``word``) matched a query: the term is one of
    ``terms``, or the term or the word starts with one of ``prefixes`` (:meth:`Analyzer.marks`;
    the compiled core's ``marks`` applies the same test, and to a token's second reading too)."""
    return term in terms or (bool(prefixes) and (term.startswith(prefixes) or word.startswith(prefixes)))


class Analyzer:
    """The Persian analyzer.  One instance is cheap to keep; stemming is cached.

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
            if len(cache) + len(missing) > morphology.MAX_CACHE:
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

    def _preverb_pair(self, surfaces: list[str]) -> bool:
        """Whether fast-path ``surfaces`` hold a preverb word then a verb form in ``می``/``نمی``
        (:func:`.context.has_preverb_pair`: the joined word is not looked at)."""
        roles = list(map(self._roles.get, surfaces))  # each surface's role, looked up at C speed
        if None in roles:
            roles = [self._surface_role(raw) if role is None else role for raw, role in zip(surfaces, roles)]
        return context.has_preverb_pair(roles)

    def _surface_role(self, raw: str) -> int:
        """A fast-path surface's role in a preverb pair (:func:`.context.surface_role`), from its words
        (:meth:`Compounds.split`), kept in a cache."""
        if len(self._roles) > morphology.MAX_CACHE:
            self._roles.clear()
        pieces = self._surface_words(raw)
        words = [surface_to_word(p) for p in pieces]
        verbs = [w.startswith(context.IMPERFECTIVE_PREFIXES) and self._is_past(self._term(p))
                 for w, p in zip(words, pieces)]
        role = self._roles[raw] = context.surface_role(words, verbs)
        return role

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

    def _article_readings(self, text: str, spans, index: bool) -> dict[int, str]:
        """``{token index: the rest's term}`` (with ``index``, its index terms: the term and, when the rest is not
        its term, its surface reading, ``عالم␁␖عالمین``, so that a query typing the rest as written ranks the verse
        as it ranks any word written so) for each token of ``spans`` (``(surface, start, end)`` in ``text``) with
        a reading without the vocalised article (:meth:`article_reading`)."""
        out = {}
        for i, (surface, start, end) in enumerate(spans):
            rest = self.article_reading(text[start:end], surface_to_word(surface))
            if rest is not None:
                out[i] = self._word_term(rest, True) if index else self._term(rest)
        return out

    def article_reading(self, original: str, word: str) -> str | None:
        """The rest of a token's normalized ``word`` without its vocalised Arabic article (and proclitic)
        when its original slice ``original`` begins with one and the rest is a word of the word list of
        2+ letters and no stopword (:func:`.arabic.article_rest`): ``("الرَّحِيمِ", "الرحیم")`` → ``"رحیم"``,
        ``("وَالْأَرْضِ", "والارض")`` → ``"ارض"``; ``None`` for ``اللّه`` (``له``), for ``ٱلْآنَ`` (``ان``, a
        stopword: its term serves phrases, and an Arabic word's rest begins none), unvocalised text, and
        without stemming (no word list).  Kinds 2 and 7 of issue #14: the index path stacks the rest's
        index term after the word's (``الرحیم␁رحیم``), highlighting marks the word when a query met it."""
        if not self.stem_enabled:
            return None
        rest = arabic.article_rest(original, word)
        if rest is None or rest not in self._stemmer.lexicon.freq or self.is_stop_word(rest):
            return None
        return rest

    def _is_past(self, term: str) -> bool:
        """Whether ``term`` is a past stem of the verb list (a verb's term)."""
        return term in self._stemmer.lexicon.past

    def _neighbour_readings(self, words: list[str], terms: list[str]) -> dict[int, tuple[str, str, str | None]]:
        """:func:`.context.neighbour_readings` with this analyzer's terms, past stems and stopwords."""
        return context.neighbour_readings(words, terms, self._term, self._is_past, self.is_stop_word)

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

    def phrase_term(self, token: Token) -> str:
        """The term a quoted phrase asks for at ``token``: :meth:`index_term`, or its :func:`negated_term`
        when the token is a negated verb form (``"نمی دهد"`` asks for ``␕داد``, which only negated forms
        are indexed with; ``"گفته نشد"`` for ``گفت`` and ``␀␕شد``)."""
        term = self.index_term(token)
        return negated_term(term) if self.is_negated(token.word, token.term) else term


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
