"""Wrong keyboard layout: a query typed on the Latin layout while meaning Persian
(``dhkn;s`` → ``یاندکس``, ``jivhk`` → ``تهران``), or on the Persian layout while
meaning Latin (``حغفاخد`` → ``python``).

Two Persian layouts are known, each a table from the key's US-QWERTY character
to the Persian character it types:

* :data:`ISIRI_9147` — the Iranian national standard (ISIRI 9147:2007; Windows
  "Persian (Standard)", Linux/macOS Persian).  Source: the standard's key table
  as reproduced on https://en.wikipedia.org/wiki/ISIRI_9147 (first and second
  levels of the letter keys).
* :data:`LEGACY_WINDOWS` — the older Windows "Persian" layout (KBDFA): the same
  letters except ``پ`` on the grave key, ``ژ`` on the backslash key and ``ئ`` on
  ``m``.

Whether to convert is decided by the index, not by guessing the language:
:func:`choose_layout` keeps the original unless a conversion's analysed terms
are much better supported (document frequencies) than the original's, so
genuinely Latin queries (``ICT``, ``BRICS``, ``python``) stay as typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..analysis import Analyzer

ZWNJ = "\u200c"

_ISIRI_LOWER = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ", "p": "ح",
    "[": "ج", "]": "چ",
    "a": "ش", "s": "س", "d": "ی", "f": "ب", "g": "ل", "h": "ا", "j": "ت", "k": "ن", "l": "م", ";": "ک",
    "'": "گ",
    "z": "ظ", "x": "ط", "c": "ز", "v": "ر", "b": "ذ", "n": "د", "m": "پ", ",": "و",
    "`": "\u200d",
}
_ISIRI_SHIFT = {  # second level: only the keys that give letters (the rest give diacritics or signs)
    "A": "ؤ", "S": "ئ", "D": "ي", "F": "إ", "G": "أ", "H": "آ", "J": "ة", "Z": "ك", "C": "ژ", "M": "ء",
    "B": ZWNJ, "?": "؟",
}
ISIRI_9147: dict[str, str] = {**_ISIRI_LOWER, **_ISIRI_SHIFT}
"""ISIRI 9147: US key character → Persian character (letters; digits are left alone)."""

LEGACY_WINDOWS: dict[str, str] = {**_ISIRI_LOWER, "`": "پ", "\\": "ژ", "m": "ئ", "H": "آ", "?": "؟"}
"""The legacy Windows Persian layout (KBDFA): US key character → Persian character."""

LAYOUTS: dict[str, dict[str, str]] = {"isiri-9147": ISIRI_9147, "windows-legacy": LEGACY_WINDOWS}
"""Persian layouts by name, tried in this order."""

PERSIAN_TO_LATIN: dict[str, str] = {}
"""Persian character → the lowercase US key that types it (on either layout)."""
for _shifted in (True, False):  # an unshifted key wins over a shifted one (ئ: m before Shift+S)
    for _layout in (LEGACY_WINDOWS, ISIRI_9147):  # then ISIRI wins where the two differ
        for _key, _char in _layout.items():
            if (_key.isalpha() or _key in ",;'[]") and _key.isupper() == _shifted:
                PERSIAN_TO_LATIN[_char] = _key.lower()
PERSIAN_TO_LATIN.update({"ي": "d", "ك": ";", "ە": "i"})  # Arabic yeh/kaf typed on Arabic layouts

_TO_LATIN = str.maketrans({**PERSIAN_TO_LATIN, **{chr(0x06F0 + i): str(i) for i in range(10)},
                          **{chr(0x0660 + i): str(i) for i in range(10)}})
""":func:`persian_to_latin` as a ``str.translate`` table: :data:`PERSIAN_TO_LATIN`, and Persian and
Arabic-Indic digits to ASCII digits."""

KEPT_MARKS = "\u060c\u061b\u00ab\u00bb\u0654"
"""Marks no key of the US layout gives, left as they are in a word typed on it (``،`` ``؛`` ``«`` ``»`` and the
hamza above of ``مقالهٔ``): pasted from a Persian text, or put in by an input method beside the typed keys.  A word
of Latin keys with one of them (``,sxd،``, ``«d,kdst»``, ``lrhgiٔ``) is still a word typed on the wrong layout
(``وسطی،``, ``«یونیسف»``, ``مقالهٔ``); it had been left unconverted, and its query with it (PQuAD questions with a
comma or ``«»`` retyped by ``benchmarks/query_forms.py``: 5 of the 7 wrong-keyboard losses of seed 11)."""
_KEYS = r"[A-Za-z;',\[\]`\\?" + KEPT_MARKS + "]"
_LATIN_WORD = re.compile(f"^{_KEYS}+(?:\\.{_KEYS}+)*\\.?$")
"""A word of keys (and :data:`KEPT_MARKS`) of the US layout, dots inside or after it: an abbreviation typed on the
wrong layout, ``hk.fd.hd`` (``ان.بی.ای``, the NBA), ``Hv.hg.Hd.``; the dot is the dot on both layouts."""
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]")
_ARABIC_LETTERS = frozenset(map(chr, [*range(0x0621, 0x064B), 0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06CC, 0x200C]))
"""The characters of :data:`_ARABIC_LETTER`, for a test of one character (a set lookup, not a match)."""
_QUERY_SYNTAX = re.compile(r'(?<!\S)[+-]|(?<!\S)(?:title|body|text):|["*]|(?<!\S)(?:AND|OR|NOT)(?!\S)')
_SYNTAX = re.compile(r'^([+-]?(?:(?:title|body|text):)?"?)(.*?)("?\*?"?)$', re.S)
_SYNTAX_FIRST = frozenset('+-"tb')
"""The characters :data:`_SYNTAX`'s head can start with (``+``, ``-``, ``"``, ``title:``, ``text:``, ``body:``)."""
_SYNTAX_LAST = frozenset('"*')
"""The characters its tail can end with."""
_SYNTAX_CHARS = re.compile('[-+"*]')
"""A character :data:`_SYNTAX`'s head or tail holds in a word without a Latin letter."""
_OPERATORS = frozenset({"AND", "OR", "NOT"})
ENGLISH_FUNCTION_WORDS = frozenset({"and", "or", "not", "the", "of", "for", "with", "from", "to", "in", "on", "at",
                                    "by", "is", "are", "was", "an", "a", "vs"})
"""English function words never converted to the Persian layout in a query that holds Persian letters
(``استقلال and پرسپولیس`` is not ``استقلال شدی پرسپولیس``: the user typed the Persian words on the Persian
layout, and the Latin word on purpose).  In a query typed wholly on the wrong layout they are converted
(``an`` is ``شد``)."""

RATIO = 10.0
"""A conversion must be this many times better supported than the original."""
MIN_SUPPORT = 2
"""... and every one of its terms but one must be in at least this many documents, that one in at
least one (a title's own typo, ``ازسیاست``, is still found); a one-term conversion needs this many
unless no term of the original is in the index at all (``زمخدث`` → ``clone``, in one document)."""
MIN_TERM_LEN = 2
"""A conversion whose terms are shorter (``IBM`` → ``ه‌ء``: a single letter) is not taken."""
LONG_QUERY_TERMS = 3
"""From this many terms on, a conversion may hold a few terms the index lacks (a question's own rare
word or typo: ``داروهاست``, the one-letter ``خ`` of a title): :data:`MISSING_SHARE` of them."""
MISSING_SHARE = 0.25
"""In a conversion of :data:`LONG_QUERY_TERMS`+ terms, at most this share of them (at least one) may be
missing from the index or shorter than :data:`MIN_TERM_LEN`; at least half must be in
:data:`MIN_SUPPORT`+ documents.  Measured on the dev questions retyped on the wrong keyboard
(``benchmarks/query_forms.py``): with every term required, a question with one rare word stayed
unconverted (ParsiNLU 0.86, PQuAD 0.57 of the original's nDCG@10)."""


def latin_to_persian(text: str, layout: dict[str, str] = ISIRI_9147) -> str:
    """What ``text`` would have been with the Persian ``layout`` active.

    Uppercase letters without a second-level letter are read as lowercase (Caps
    Lock); digits, spaces and other characters are kept.  ``"jivhk"`` → ``"تهران"``.
    A run of two or more capitals (:data:`_CAPS_RUN`: ``JIVHK``) is Caps Lock, not Shift: each of its letters
    reads as its key's first level (``JIVHK`` → ``تهران``, not ``ةهرآن``; a new user's finding 6), while a
    single capital is Shift's second level (``Hlvd;h`` → ``آمریکا``).
    """
    if _CAPS_RUN.search(text):
        text = _CAPS_RUN.sub(lambda m: m.group().lower(), text)
    if text.isascii():  # a typed word's keys: one str.translate over the layout's ASCII table
        table = _ASCII_TABLES.get(id(layout))
        if table is None or table[0] is not layout:
            table = _ASCII_TABLES[id(layout)] = (layout, {c: layout.get(chr(c)) or layout.get(chr(c).lower(), chr(c))
                                                         for c in range(128)})
        return text.translate(table[1])
    return "".join(layout.get(ch) or layout.get(ch.lower(), ch) for ch in text)


_CAPS_RUN = re.compile(r"(?<![A-Za-z])[A-Z](?:[^\sa-z]*[A-Z])(?![a-z])")
"""Two or more capitals (with other key characters between them, ``;``, ``,``…) and no lowercase letter beside:
a word typed with Caps Lock on."""
_ASCII_TABLES: dict[int, tuple[dict[str, str], dict[int, str]]] = {}
""":func:`latin_to_persian`'s translation of each ASCII character, per layout (by identity)."""


def persian_to_latin(text: str) -> str:
    """What ``text`` would have been with the US layout active: ``"حغفاخد"`` → ``"python"``.

    Persian and Arabic-Indic digits become ASCII digits; other characters are kept.
    """
    return text.translate(_TO_LATIN)


def _convert_words(query: str, convert: Callable[[str], str], wrong: Callable[[str], bool]) -> str:
    """Convert each whitespace-separated word for which ``wrong(word)`` holds,
    keeping query syntax (``+``/``-``, ``title:``, quotes, a trailing ``*``, operators)."""
    out = []
    for word in query.split(" "):
        if not word or (word[0] not in _SYNTAX_FIRST and word[-1] not in _SYNTAX_LAST):
            head, core, tail = "", word, ""  # what _SYNTAX gives a word that neither starts nor ends with syntax
        else:
            m = _SYNTAX.match(word)
            head, core, tail = m.groups() if m else ("", word, "")
        if core and core not in _OPERATORS and wrong(core):
            word = head + convert(core) + tail
        out.append(word)
    return " ".join(out)


def _persian_word(word: str) -> bool:
    """A word :func:`candidates` converts to Latin: Persian letters (and digits) only, one letter at least."""
    return ((_ARABIC_LETTERS.issuperset(word) or all(c in _ARABIC_LETTERS or c.isdigit() for c in word))
            and not _ARABIC_LETTERS.isdisjoint(word))


def candidates(query: str) -> list[tuple[str, str]]:
    """The conversions of ``query`` worth checking, as ``(layout name, converted query)``.

    Latin words are converted with each Persian layout (distinct results only; beside Persian words, not
    an English function word, :data:`ENGLISH_FUNCTION_WORDS`); Persian words are converted to Latin
    (``"latin"``).  Empty when no word is in
    a convertible script.
    """
    out: list[tuple[str, str]] = []
    seen = {query}
    # a word converts only when it holds a letter of the script converted from: a query without one
    # is left as it is by that conversion (the words are not even looked at)
    mixed = bool(_ARABIC_LETTER.search(query))  # Persian words typed on the Persian layout beside Latin ones
    latin = bool(_ASCII_LETTER.search(query))
    for name, layout in LAYOUTS.items() if latin else ():
        conv = _convert_words(query, lambda w, lay=layout: latin_to_persian(w, lay),
                              lambda w: bool(_LATIN_WORD.match(w)) and any(c.isalpha() for c in w)
                              and not (mixed and w.lower() in ENGLISH_FUNCTION_WORDS))
        if "\u200d" in conv:  # ISIRI's grave key gives a zero-width joiner, which nobody types in a word:
            continue  # the grave key meant پ (legacy layout)
        if conv not in seen:
            seen.add(conv)
            out.append((name, conv))
    if not mixed:
        return out
    if not latin and not _SYNTAX_CHARS.search(query):
        # no Latin letter and none of +-"*: no word holds syntax (a field name and an operator are Latin), so
        # _convert_words would take each word whole: the same conversion, without its per-word split
        conv = " ".join([w.translate(_TO_LATIN) if (_ARABIC_LETTERS.issuperset(w) and not _ARABIC_LETTERS.isdisjoint(w))
                         or _persian_word(w) else w for w in query.split(" ")])  # (letters alone: no call)
    else:
        conv = _convert_words(query, persian_to_latin, _persian_word)
    if conv not in seen:
        out.append(("latin", conv))
    return out


@dataclass
class Support:
    """How well the index supports a query's terms.

    Attributes:
        terms: the analysed content terms (stopwords left out).
        dfs: each term's document frequency.
    """

    terms: list[str]
    dfs: list[int]

    @property
    def weakest(self) -> int:
        """The smallest document frequency (0 when a term is missing or there are none)."""
        return min(self.dfs) if self.dfs else 0

    @property
    def score(self) -> float:
        """Mean log document frequency, a missing term counting −1 (comparable across candidates)."""
        if not self.dfs:
            return -1.0
        return sum(math.log(d) if d else -1.0 for d in self.dfs) / len(self.dfs)


JOINED_COPULA = "ست"
"""``است`` written joined to a word that ends in a vowel (``کجاست``, ``کیست``)."""


def is_grammar(token, analyzer: Analyzer) -> bool:
    """True when ``token`` (:class:`~kavosh.analysis.analyzer.Token`) is grammar, not content: a
    stopword, or a stopword ending in a vowel with ``است`` joined (:data:`JOINED_COPULA`: ``کجاست``
    is ``کجا`` + ``است``, a question word; ``داروهاست`` is content).  A question's question word says
    nothing of the passages (``کجاست`` is in no PQuAD passage: ``مکران کجاست؟`` typed on the wrong
    keyboard was left unconverted, its conversion "missing" one of two terms)."""
    word = token.word
    return analyzer.is_stopword(token) or (
        word.endswith(JOINED_COPULA) and word[-3:-2] in ("ا", "و", "ی") and word[:-2] in analyzer.stopwords)


def support(text: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> Support:
    """Document frequencies of the content terms of ``text`` (syntax characters ignored; grammar,
    :func:`is_grammar`, left out).  A plan's analyzer (:class:`kavosh.query.choose.PlanAnalyzer`, its
    ``supports``) keeps each ``(text, doc_freq)``'s for the plan: the typed query's is asked by the layout and
    Finglish checks, a chosen reading's again to pick between them (about 3.7 a plan, 1.2 of them repeats);
    the :class:`Support` returned is shared then, and read only."""
    kept = getattr(analyzer, "supports", None)
    found = kept.get((text, doc_freq)) if kept is not None else None
    if found is not None:
        return found
    terms = _content_terms(text, analyzer)
    found = Support(terms, [doc_freq(t) for t in terms])
    if kept is not None:
        kept[(text, doc_freq)] = found
    return found


def _content_terms(text: str, analyzer: Analyzer) -> list[str]:
    """The content terms of ``text`` in order (:func:`support`'s, before their document frequencies).  A token of
    ASCII characters is not asked :func:`is_grammar` when the analyzer's stopword test is :class:`Analyzer`'s and
    none of its stopwords is ASCII (:func:`_ascii_is_content`): a Persian question's Latin-key reading is ASCII."""
    tokens = analyzer.analyze(_QUERY_SYNTAX.sub(" ", text))
    if _ascii_is_content(analyzer):
        return [t.term for t in tokens if t.word.isascii() or not is_grammar(t, analyzer)]
    return [t.term for t in tokens if not is_grammar(t, analyzer)]


_ASCII_FREE: dict[int, tuple[frozenset[str], bool]] = {}
"""Whether a set of stopwords (by identity, held) has no ASCII word (:func:`_ascii_is_content`)."""


def _ascii_is_content(analyzer: Analyzer) -> bool:
    """Whether no ASCII word is grammar to ``analyzer`` (or the plan's view of it,
    :class:`kavosh.query.choose.PlanAnalyzer`): its ``is_stopword`` is :meth:`Analyzer.is_stopword` over
    :meth:`Analyzer.is_stop_word` (a stopword, or a squeezed spelling of a word,
    :func:`~kavosh.analysis.spoken.squeezed`, which is ASCII when the word is) and none of its stopwords is ASCII;
    :func:`is_grammar`'s other reading, a joined ``ست``, is Persian."""
    test = analyzer.is_stopword
    base = getattr(test, "__self__", None)
    if getattr(test, "__func__", None) is not Analyzer.is_stopword or \
            type(base).is_stop_word is not Analyzer.is_stop_word:
        return False
    words = base.stopwords
    found = _ASCII_FREE.get(id(words))
    if found is None or found[0] is not words:
        found = _ASCII_FREE[id(words)] = (words, not any(w.isascii() for w in words))
    return found[1]


def _shaped_support(text: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> Support | None:
    """:func:`support` of a conversion ``text`` when :func:`_long_shape` or :func:`_short_shape` may hold for it,
    else None: the same answer as testing both on :func:`support`'s, but the terms' document frequencies are
    asked only until neither can hold (a Persian question's Latin-key reading, ``mhdjoj hdvhk``, fails at its
    first or second term: its other terms are not counted).  A support worked out whole is kept as
    :func:`support` keeps it; one cut short is not kept."""
    kept = getattr(analyzer, "supports", None)
    found = kept.get((text, doc_freq)) if kept is not None else None
    if found is not None:
        return found if _long_shape(found) or _short_shape(found) else None
    terms = _content_terms(text, analyzer)
    n = len(terms)
    short = sum(len(t) < MIN_TERM_LEN for t in terms)
    short_may = n > 0 and short == 0  # _short_shape: every term long, held; all but one in MIN_SUPPORT+
    bad_most = max(1, int(MISSING_SHARE * n))  # _long_shape: LONG_QUERY_TERMS+ terms, at most this many missing
    long_may = n >= LONG_QUERY_TERMS and short <= bad_most  # or short, at most n // 2 under MIN_SUPPORT
    bad, weak = short, 0
    dfs = []
    for t in terms:
        if not (short_may or long_may):
            return None
        d = doc_freq(t)
        dfs.append(d)
        if d < MIN_SUPPORT:
            weak += 1
            if d < 1:
                short_may = False
                if len(t) >= MIN_TERM_LEN:
                    bad += 1
        short_may = short_may and weak <= 1
        long_may = long_may and bad <= bad_most and weak <= n // 2
    found = Support(terms, dfs)
    if kept is not None:
        kept[(text, doc_freq)] = found
    return found if _long_shape(found) or _short_shape(found) else None


def choose_layout(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int],
                  accept: Callable[[str, str, Support], bool] | None = None) -> tuple[str, str] | None:
    """Decide whether ``query`` was typed on the wrong keyboard layout.

    Args:
        query: the query as typed.
        analyzer: the index's analyzer.
        doc_freq: document frequency of a term in the body field.
        accept: ``(layout name, conversion, its support) → bool``, a further test of a conversion that passed
            these (:func:`kavosh.query.layout_evidence.latin_reading_evidence` for the ``"latin"`` reading); None:
            none.
    Returns:
        ``(layout name, converted query)`` for the best-supported conversion when
        its terms have :data:`MIN_TERM_LEN`+ letters and are in at least :data:`MIN_SUPPORT`
        documents (all but one in a query of several terms, that one in 1+) and
        its weakest term is at least :data:`RATIO` times as frequent as the
        original's weakest term (and its mean log frequency is higher); else None.
        A conversion of :data:`LONG_QUERY_TERMS`+ terms may instead have up to
        :data:`MISSING_SHARE` of them missing or short (:func:`long_supported`), when none
        of the original's is in the index.
    """
    cands = candidates(query)
    if not cands:
        return None
    orig = None  # the query's own support: asked only for a conversion that may pass (most fail on their own)
    best, best_support = None, None
    for name, conv in cands:
        s = _shaped_support(conv, analyzer, doc_freq)
        if s is None:
            continue  # neither test below can take it, whatever the query's own support
        if orig is None:
            orig = _worded(support(query, analyzer, doc_freq))
        if long_supported(s, orig):
            if s.score <= orig.score:
                continue
        else:
            if not s.terms or s.weakest < 1 or any(len(t) < MIN_TERM_LEN for t in s.terms):
                continue
            if sum(d >= MIN_SUPPORT for d in s.dfs) < len(s.dfs) - 1 or \
                    (len(s.dfs) == 1 and s.weakest < MIN_SUPPORT and orig.score > -1.0):
                continue
            if s.weakest < RATIO * orig.weakest or s.score <= orig.score:
                continue
        if accept is not None and not accept(name, conv, s):
            continue
        if best_support is None or s.score > best_support.score:
            best, best_support = (name, conv), s
    return best


def _worded(orig: Support) -> Support:
    """The typed query's support without its terms shorter than :data:`MIN_TERM_LEN`: a single Latin letter says
    nothing of what was meant.  ``dhkn;s`` (``یاندکس``, the ``;`` being ``ک``) analyses to ``dhkn`` and ``s``; an
    index holding ``s`` somewhere (``U.S.``, ``'s``) made the typed query "found" and its conversion, in one
    document, was refused (a new user's finding: the guide's own example)."""
    if all(len(t) >= MIN_TERM_LEN for t in orig.terms):
        return orig
    kept = [(t, d) for t, d in zip(orig.terms, orig.dfs, strict=True) if len(t) >= MIN_TERM_LEN]
    return Support([t for t, _ in kept], [d for _, d in kept])


def worded_support(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> int:
    """Documents of the rarest content term of :data:`MIN_TERM_LEN`+ letters of a query with a Latin letter, as
    typed (:func:`_worded`); 0 when one is missing, when there is none, or when the query has no Latin letter.
    ``'g`` (``گل`` typed on the US layout: the apostrophe is ``گ``) analyses to the single letter ``g``, which 13
    documents of a news index hold (``c g``, CNG): the query was taken as found as typed and never converted (a
    new user's finding); here it has no word at all, and :func:`choose_layout` decides.  The Finglish reading
    keeps the plain count (:func:`kavosh.query.finglish.latin_support`)."""
    if not _ASCII_LETTER.search(query):
        return 0
    s = _worded(support(query, analyzer, doc_freq))
    return s.weakest if s.terms else 0


def long_supported(conv: Support, orig: Support) -> bool:
    """True when a conversion of :data:`LONG_QUERY_TERMS`+ terms is supported despite a few missing or
    short terms: fewer than half the original's terms of :data:`MIN_TERM_LEN`+ letters are in the index
    (``k,k`` → ``k``, ``k``: single Latin letters say nothing; ``nhl`` in one document is chance), at most :data:`MISSING_SHARE` of the
    conversion's terms (at least one) are missing or shorter than :data:`MIN_TERM_LEN`, and at least half
    are in :data:`MIN_SUPPORT`+ documents."""
    typed = [d for t, d in zip(orig.terms, orig.dfs, strict=True) if len(t) >= MIN_TERM_LEN]
    return 2 * sum(d > 0 for d in typed) < len(typed) and _long_shape(conv)


def _long_shape(conv: Support) -> bool:
    """The conversion's own part of :func:`long_supported`: :data:`LONG_QUERY_TERMS`+ terms, at most
    :data:`MISSING_SHARE` of them (at least one) missing or short, at least half in :data:`MIN_SUPPORT`+ documents."""
    n = len(conv.terms)
    if n < LONG_QUERY_TERMS:
        return False
    bad = sum(d < 1 or len(t) < MIN_TERM_LEN for t, d in zip(conv.terms, conv.dfs, strict=True))
    return bad <= max(1, int(MISSING_SHARE * n)) and 2 * sum(d >= MIN_SUPPORT for d in conv.dfs) >= n


def _short_shape(conv: Support) -> bool:
    """The conversion's own part of :func:`choose_layout`'s test of a conversion that is not
    :func:`long_supported`: some terms, each of :data:`MIN_TERM_LEN`+ letters in a document or more, all but one
    in :data:`MIN_SUPPORT`+."""
    return (bool(conv.terms) and conv.weakest >= 1 and all(len(t) >= MIN_TERM_LEN for t in conv.terms)
            and sum(d >= MIN_SUPPORT for d in conv.dfs) >= len(conv.dfs) - 1)
