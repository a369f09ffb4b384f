"""Autocomplete: complete a typed prefix with words, phrases and titles the index holds.

Completions come from the index's completion table (:mod:`kavosh.index.completions`:
surface words and titles with their counts).  A prefix is normalized like the
table's keys, so ``شبكه`` (Arabic kaf) and ``شبکهها`` (no half-space) complete too.

With several words typed (``جام جه``), the last word is completed only into phrases the
index holds: each candidate (``جام جهانی``) is counted as a phrase in the index's titles and
texts, and kept when some document holds it (``جام جهت`` is not offered because ``جهت`` is a
word of the index).  A Latin prefix that completes to nothing is read again as typed on
the wrong keyboard layout (``jivh`` → ``تهرا``) and as Finglish (``tehr`` → ``تهر``) by the
``readings`` the caller passes (:func:`kavosh.query.prefixes.latin_readings`).

A prefix with query syntax (``title:تهر``, ``+ایر``, ``-"جام``, ``(تهران OR شیر``) completes its last
word alone into words of the index, and each completion keeps everything typed before that word
(``title:تهران``): the syntax is the query language's (the README's search section), read here only as far as
telling it from the word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass

import tantivy

from ..analysis import Analyzer
from ..analysis.analyzer import is_stop_term, piece_terms
from ..analysis.chars import ZWNJ
from ..analysis.display import BIDI_CONTROLS, PRESENTATION_FORMS
from ..analysis.spoken import SPOKEN_VOWEL
from ..index import schema as S
from ..index.completions import _UNSHOWN_MARKS, CompletionTable, completion_form, completion_key, completion_table
from ..analysis.normalize import normalize
from ..index.store import OpenedIndex, load_stored

MAX_LIMIT = 50
MAX_PREFIX_CHARS = 200
PHRASE_CANDIDATES = 30
"""With several words typed: the best-ranked words of the table that start with the last word, at most
this many, are checked as phrases in the index (one count query each: the bound of a request's cost)."""

FOLLOW_DOCS = 20
FOLLOW_CHARS = 20_000
FOLLOW_CANDIDATES = 10
"""With several words typed, the table's best words for the last word miss a frequent pair whose word is not
among the best of its first letters (``سازمان م``: ``ملل`` is not among the 30 best words in ``م``; ``وزارت ا``:
the best words in ``ا`` are function words).  So the words that follow the typed words are also read from the
documents: the first :data:`FOLLOW_DOCS` hits of the typed words as a phrase, the first :data:`FOLLOW_CHARS`
characters of each (title and text), and the :data:`FOLLOW_CANDIDATES` words seen there most often after them
that start with the last word and that the table holds are checked as phrases too (the bound of this step's
cost: one search, 20 stored documents read, 10 more counts)."""

STOPWORD_SLACK = 24
"""One word typed: the table's best words are read this many beyond ``limit``, so that the stopwords among
them (``از``, ``به``, ``برای``: words nobody completes to) can be left out and ``limit`` remain."""

STOPWORD_MIN_PREFIX = 4
"""One word typed of at least this many letters (half-spaces not counted): its stopword completions are offered
after the other words instead of left out.  A short prefix does not call for a function word (``از``, ``که``,
``ب`` → ``به``, ``بر`` → ``برای``: the new user's F16), but ``می‌شو`` is typed towards ``می‌شود``/``می‌شوند``,
forms of the auxiliary ``شدن`` that the analyzer marks as stopwords; left out, the prefix completed to nothing
but a rare spoken ``میشو`` (a new user's finding, page21)."""

_LATIN = re.compile(r"^[A-Za-z'\- ]+$")
_LAST_WORD = re.compile(r'(?P<lead>[+\-]?(?:[A-Za-z][A-Za-z0-9_]*:)?[("«]*)(?P<word>[^\s()"«»:+\-][^\s()"«»:]*)')
"""The last typed token: its syntax (``+``/``-``, ``FIELD:``, opening quotes and brackets) and its word."""
_SYNTAX = re.compile(r'[:"«»()+]|(?:^|\s)-|\b(?:AND|OR|NOT)\b')
"""Query syntax anywhere in a prefix (operators, fields, quotes, brackets)."""


@dataclass
class Completion:
    """One completion.

    Attributes:
        text: the completed query (what typed text before the last word is kept as typed).
        kind: ``"word"`` (a word of the index), ``"phrase"`` (the words typed and a completed last
            word, as the index holds them) or ``"title"`` (a whole document title).
        count: a word's weighted count in the index (a title occurrence counts
            :data:`kavosh.index.completions.TITLE_WEIGHT` times); a phrase's number of documents
            holding it; a title's number of documents.
    """

    text: str
    kind: str
    count: int

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


def suggest(opened: OpenedIndex, analyzer: Analyzer, prefix: str, limit: int = 10,
            readings: Callable[[str, CompletionTable, Analyzer], list[str]] | None = None) -> list[Completion]:
    """Complete ``prefix`` with the index's titles, phrases and words.

    Args:
        opened: the index.
        analyzer: the analyzer the index was built with.
        prefix: what the user has typed so far; the last word is completed, the
            words before it are kept as typed (with query syntax, the last word alone
            is completed into words: the module's docstring).  A prefix ending in a space gives
            no completions.
        limit: completions wanted, 1 to :data:`MAX_LIMIT`.
        readings: ``readings(prefix, table, analyzer)``, the Persian prefixes a Latin prefix may stand for
            (:func:`kavosh.query.prefixes.latin_readings`; :class:`kavosh.Index` passes it: this stage does
            not import the query stage); ``None``: a Latin prefix is completed as typed only.
    Returns:
        Up to ``limit`` :class:`Completion`, no duplicates, each text clean (:func:`_shown`); a word in the
        spelling typed when the index writes it so too (``ان‌شا`` → ``ان‌شاءالله``,
        :meth:`~kavosh.index.completions.CompletionTable.spelling`).  One word typed: words of the index
        that start with it, stopwords (function words: ``از``, ``که``, ``این``) left out, or last after a prefix of
        :data:`STOPWORD_MIN_PREFIX` letters or more (``می‌شو`` → ``می‌شود``), best first (ranked by weighted count, a title occurrence weighing
        :data:`kavosh.index.completions.RANK_TITLE_WEIGHT` more again: headlines stand in for a
        query log), then titles that start with it (at most a third of ``limit``).  Several words
        typed: titles that start with the whole prefix, then phrases the index holds (the words
        typed, the last completed, or joined to the word before it: ``کتاب ها`` → ``کتاب‌ها``), most
        documents first.  A Latin prefix with no completion: the completions of its wrong-layout
        readings, then of its Finglish readings (cheapest first).
    Raises:
        ValueError: ``limit`` out of range or a prefix longer than :data:`MAX_PREFIX_CHARS`.

    Cost: a few table lookups; with several words typed, one phrase search whose first :data:`FOLLOW_DOCS` hits
    are read (:data:`FOLLOW_CHARS` characters each), and at most :data:`PHRASE_CANDIDATES` + :data:`FOLLOW_CANDIDATES` + 2 phrase
    counts in the index.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise ValueError(f"the prefix is {len(prefix)} characters long; the limit is {MAX_PREFIX_CHARS}")
    if not prefix.strip() or prefix[-1].isspace():
        return []
    typed = prefix.strip()
    kept = ""
    if _SYNTAX.search(typed):  # complete the last word alone; keep what was typed before it
        m = _LAST_WORD.fullmatch(typed.rpartition(" ")[2])
        if m is None:  # the last token is syntax only (``title:``, ``"``, ``)``): nothing to complete yet
            return []
        kept, typed = typed[:len(typed) - len(m["word"])], m["word"]
    table = completion_table(opened, analyzer)
    out = _complete(opened, analyzer, table, typed, limit, words_only=bool(kept))
    if not out and not _LATIN.match(typed):
        standard = spoken_prefix(typed)
        if standard is not None:  # نمیدو (spoken نمیدونم) completes as نمیدا: نمی‌دانم
            out = _complete(opened, analyzer, table, standard, limit, words_only=bool(kept))
    if not out and readings is not None and _LATIN.match(typed):
        seen = set()
        for reading in readings(typed, table, analyzer):
            for c in _complete(opened, analyzer, table, reading, limit, words_only=bool(kept)):
                if c.text not in seen and len(out) < limit:
                    seen.add(c.text)
                    out.append(c)
    return _shown([Completion(kept + c.text, c.kind, c.count) for c in out] if kept else out)


_UNCLEAN = re.compile("|".join([BIDI_CONTROLS.pattern, PRESENTATION_FORMS.pattern, _UNSHOWN_MARKS.pattern,
                                 "[\u064a\u0649\u0643\u0671\ufeff\u200b\u2060\u00ad]"]))
"""What :func:`kavosh.index.completions.completion_form` changes besides NFC: bidi controls, presentation forms,
harakat and tatweel, Arabic yeh/kaf, alef wasla, invisible characters (a text without them is shown as it is)."""


def _shown(out: list[Completion]) -> list[Completion]:
    """``out`` as completions are shown (issue #14 kind 12, clean text out): each text in its completion form
    (:func:`kavosh.index.completions.completion_form`: NFC, Persian yeh and kaf, no bidi controls, presentation
    forms, harakat or tatweel), runs of white space made one space — the words typed before the last one included
    (``کتـــاب ت`` offered ``کتـــاب تهران``, the typed tatweel repeated) and a title whose tatweel stood between
    spaces (``کتاب ـ تاریخ`` was offered ``کتاب  تاریخ``); a text met again is left out (a new user's findings)."""
    seen: set[str] = set()
    shown = []
    for c in out:
        text = c.text
        if _UNCLEAN.search(text) or "  " in text or text != text.strip() or not unicodedata.is_normalized("NFC", text):
            text = " ".join(completion_form(text).split())  # a table's word is clean already: only what is not
        if text and text not in seen:
            seen.add(text)
            shown.append(Completion(text, c.kind, c.count))
    return shown


SPOKEN_PREFIX_MIN = 4
"""The shortest last word :func:`spoken_prefix` reads back (a shorter one completes to something anyway, or is too
short to say it was spoken)."""


def spoken_prefix(typed: str) -> str | None:
    """``typed`` with the spoken vowel at the end of its last word read back as written Persian spells it: ``ون``
    or a final ``و`` (the start of ``ون``) as ``ان``/``ا`` (:data:`kavosh.analysis.spoken.SPOKEN_VOWEL`: ``نمیدونم`` =
    ``نمی‌دانم``, ``خیابون`` = ``خیابان``).  Completions are prefixes of the index's words, which a news index holds
    in their written spelling: ``نمیدو`` completed to nothing, ``میخوا`` did (a new user's finding).  None when the
    last word is shorter than :data:`SPOKEN_PREFIX_MIN` or ends otherwise."""
    head, sep, last = typed.rpartition(" ")
    if len(last) < SPOKEN_PREFIX_MIN:
        return None
    for spoken, written in (SPOKEN_VOWEL, (SPOKEN_VOWEL[0][0], SPOKEN_VOWEL[1][0])):
        if last.endswith(spoken):
            return head + sep + last[:-len(spoken)] + written
    return None


def _complete(opened: OpenedIndex, analyzer: Analyzer, table: CompletionTable, prefix: str,
              limit: int, words_only: bool = False) -> list[Completion]:
    """Completions of ``prefix`` (no syntax); ``words_only``: one word's completions, no titles."""
    head, _, last = prefix.rpartition(" ")
    out: list[Completion] = []
    seen: set[str] = set()

    def add(text: str, kind: str, count: int) -> None:
        k = completion_key(text, analyzer)
        if k not in seen and len(out) < limit:
            seen.add(k)
            out.append(Completion(text, kind, count))

    full_key = completion_key(prefix, analyzer)
    titles = table.titles_with_prefix(full_key, max(1, limit // 3)) if len(full_key) >= 3 and not words_only else []
    last_key = analyzer.normalize_term(last)
    if not head:  # one word: its best words (stopwords left out), then titles
        typed = normalize(last)
        found = table.words_with_prefix(last_key, limit + STOPWORD_SLACK)
        stop = [all(is_stop_term(t) for t in analyzer.index_terms(w[1])) for w in found]
        words = [w for w, s in zip(found, stop) if not s]
        if len(last_key.replace(ZWNJ, "")) >= STOPWORD_MIN_PREFIX:  # می‌شو: می‌شود, after the other words
            words += [w for w, s in zip(found, stop) if s]
        words = words[:limit]
        words = [(k, table.spelling(k, surface, typed, normalize), c)  # the spelling typed: ان‌شا → ان‌شاءالله
                 if k in table.spellings else (k, surface, c) for k, surface, c in words]
        if ZWNJ in last:  # a half-space typed says where the word breaks: می‌ش is می‌شکند before میش
            words.sort(key=lambda w: not normalize(w[1]).startswith(typed))  # stable: by count within each
        for _k, surface, count in words[:limit - len(titles)]:
            add(surface, "word", count)
        for _k, title, count in titles:
            add(title, "title", count)
        for _k, surface, count in words:
            add(surface, "word", count)
        return out
    # several words: titles that start with them are the most specific answers, then phrases the index holds
    for _k, title, count in titles:
        add(title, "title", count)
    searcher = opened.index.searcher()
    phrases: list[tuple[int, int, str]] = []
    before, _, prev = head.rpartition(" ")
    for _k, surface, _c in table.words_with_prefix(analyzer.normalize_term(prev) + last_key, 2):
        text = (before + " " if before else "") + surface  # a half-space typed as a space: کتاب ها → کتاب‌ها
        phrases.append((-_documents(opened, analyzer, searcher, text), len(phrases), text))
    best = table.words_with_prefix(last_key, PHRASE_CANDIDATES)
    taken = {k for k, _s, _c in best}
    followers = [w for w in _following(opened, analyzer, table, searcher, head, last) if w[0] not in taken]
    for _k, surface, _c in best + followers:
        text = head + " " + surface
        phrases.append((-_documents(opened, analyzer, searcher, text), len(phrases), text))
    searched: set[tuple[str, ...]] = set()  # phrases that search alike (جام جهانیان, جام‌جهانی): the first only
    for neg, _i, text in sorted(phrases):
        terms = tuple(_own_terms(analyzer, text))  # the terms searched (_phrase)
        if neg < 0 and terms not in searched:
            searched.add(terms)
            add(text, "phrase", -neg)
    return out


def _following(opened: OpenedIndex, analyzer: Analyzer, table: CompletionTable, searcher: tantivy.Searcher,
               head: str, last: str) -> list[tuple[str, str, int]]:
    """The table's words (``(key, surface, count)``) that the documents write right after ``head``'s last word
    and that start with ``last``, most often seen there first, at most :data:`FOLLOW_CANDIDATES`: read from the
    first :data:`FOLLOW_DOCS` hits of ``head`` as a phrase, :data:`FOLLOW_CHARS` characters of each, both
    normalized by the char filters (``ملل`` after ``سازمان``)."""
    query = _phrase(opened, analyzer, head)
    prev = normalize(head.rpartition(" ")[2])
    start = normalize(last)
    if query is None or not prev or not start:
        return []
    after = re.compile(rf"(?<![^\s\u200c]){re.escape(prev)}[\s\u200c]+({re.escape(start)}[^\s{_WORD_END}]*)")
    seen: dict[str, int] = {}
    for _score, address in searcher.search(query, limit=FOLLOW_DOCS).hits:
        stored = load_stored(searcher.doc(address))
        text = normalize((stored.get("title") or "") + "\n" + (stored.get("text") or "")[:FOLLOW_CHARS])
        for m in after.finditer(text):
            key = completion_key(m[1], analyzer)
            seen[key] = seen.get(key, 0) + 1
    out = []
    for key, _n in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0])):
        held = [w for w in table.words_with_prefix(key, 3) if w[0] == key]
        if held:
            out.append(held[0])
            if len(out) == FOLLOW_CANDIDATES:
                break
    return out


_WORD_END = re.escape(".,،؛;:!?؟«»()[]{}\"'…-–—/\\|")
"""Characters that end a word read after the typed words (besides white space)."""


def _documents(opened: OpenedIndex, analyzer: Analyzer, searcher: tantivy.Searcher, text: str) -> int:
    """Documents whose title or text holds ``text``'s terms in a row (a phrase query, as ``"text"``)."""
    query = _phrase(opened, analyzer, text)
    return 0 if query is None else searcher.search(query, limit=1, count=True).count


def _own_terms(analyzer: Analyzer, text: str) -> list[str]:
    """Each word's own index term in ``text``, the first of its piece (:func:`piece_terms`): the readings stacked
    after it (a surface reading ``␖آزادی``, a negated form's ``␕داد``) are terms of the index of their own, not
    one term joined by ``STACK_MARK``."""
    return [piece_terms(e)[0] for e in analyzer.index_terms(text)]


def _phrase(opened: OpenedIndex, analyzer: Analyzer, text: str) -> tantivy.Query | None:
    """The query for ``text``'s terms in a row (:func:`_own_terms`) in the title or the text; ``None`` when it has
    no term."""
    terms = _own_terms(analyzer, text)
    if not terms:
        return None
    queries = [tantivy.Query.term_query(opened.schema, fld, terms[0]) if len(terms) == 1
               else tantivy.Query.phrase_query(opened.schema, fld, terms) for fld in (S.BODY_TERMS, S.TITLE_TERMS)]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
