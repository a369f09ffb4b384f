"""What one query may cost: the documented limits (:class:`Limits`) and their checks.

:func:`kavosh.query.plan.make_plan` checks the page (:func:`check_page`) and the query's length
first, then the parse of the query as typed and of any rewrite (:func:`check_parsed`); a request
over a limit is refused with a :class:`LimitError` naming it (CLI: one line; HTTP: 400 with the
limit in the JSON body).  The caps at the end of :class:`Limits` bound work silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import QuerySyntaxError
from .groups import closing
from .parse import MAX_QUERY_CHARS, Note, ParsedQuery
from .spelling import MAX_WORDS_CORRECTED


class LimitError(QuerySyntaxError):
    """The request is over one of the documented limits (:class:`Limits`).

    Attributes:
        limit: the limit's name (a :class:`Limits` field, e.g. ``"query_chars"``).
        value: the request's value.
        maximum: the limit.
    """

    def __init__(self, limit: str, value: int, maximum: int, message: str, **more) -> None:
        super().__init__(message, "limit", limit=limit, value=value, maximum=maximum, **more)
        self.limit, self.value, self.maximum = limit, value, maximum


def excerpt(text: str, limit: int = 40) -> str:
    """``text`` as a limit's message quotes it (without the «guillemets» :func:`shown_text` adds): runs of white
    space made one space and, when longer than ``limit`` characters, cut after its last whole word within
    ``limit - 1`` characters with ``…`` (a new user's finding: the phrase was quoted ``«کتاب خوب … کتاب خوب کتا…»``,
    cut inside a word); a text with no space there (one long word) is cut at ``limit - 1``.

    >>> excerpt("کتاب خوب " * 10, 20)
    'کتاب خوب کتاب خوب…'
    >>> excerpt("ب" * 30, 10) == "ب" * 9 + "…"
    True
    """
    shown = " ".join(text.split())
    if len(shown) <= limit:
        return shown
    cut = limit - 1
    if shown[cut] != " ":  # the cut falls inside a word: back to the space before it, when there is one
        space = shown.rfind(" ", 0, cut)
        cut = space if space > 0 else cut
    return shown[:cut] + "…"


def _quoted(text: str, limit: int = 40) -> str:
    """:func:`excerpt` between «guillemets», as :func:`shown_text` quotes."""
    return "«" + excerpt(text, limit) + "»"


@dataclass(frozen=True)
class Limits:
    """What one query may cost (documented in ``docs/http.md`` and the README).

    A request over one of the first seven is refused with a :class:`LimitError` naming it — except a
    query over :attr:`terms`, which is shortened to its first words within the limit, with a note
    (:func:`shorten`: a pasted paragraph is searched by its start, as web engines do); the last
    three are caps that bound work silently (documented, not errors).

    Attributes:
        query_chars: characters of the query text.
        terms: terms after analysis, over all clauses (each phrase term counts, stopwords
            included; a plain query's optional stopwords, which are not clauses, do not); a longer
            query is shortened to it (:func:`shorten`).
        word_chars: characters of one word after normalization.
        phrase_terms: terms in one quoted phrase.
        prefixes: ``prefix*`` clauses.
        depth: brackets inside brackets, ``((…))`` (each group is one nested boolean query to run).
        page: hits per page (``limit``).
        offset: hits skipped (``offset``).
        prefix_expansions: index terms one ``prefix*`` expands to, per field (a cap; search
            reads it from the plan).
        spelling_words: words of one query spelling correction considers, each of at most
            :data:`kavosh.query.speller.MAX_WORD_LETTERS` letters (a cap).
        proximity_terms: distinct terms the proximity bonus looks at, in query order (a cap;
            search reads it from the plan).
    """

    query_chars: int = MAX_QUERY_CHARS
    terms: int = 64
    word_chars: int = 64
    phrase_terms: int = 16
    prefixes: int = 4
    depth: int = 32
    page: int = 1000
    offset: int = 100_000
    prefix_expansions: int = 200
    spelling_words: int = MAX_WORDS_CORRECTED
    proximity_terms: int = 32


LIMITS = Limits()
"""The limits every search runs under."""




def check_parsed(parsed: ParsedQuery, limits: Limits = LIMITS) -> None:
    """Raise :class:`LimitError` when the parse of a query is over :attr:`Limits.terms`,
    :attr:`Limits.word_chars`, :attr:`Limits.phrase_terms`, :attr:`Limits.depth` or :attr:`Limits.prefixes`."""
    n_terms = sum(len(c.terms) for c in parsed.clauses)
    if n_terms > limits.terms:
        raise LimitError("terms", n_terms, limits.terms, f"the query has {n_terms} terms after analysis; "
                         f"the limit is {limits.terms} (terms)")
    for c in parsed.clauses:
        long = next((w for w in c.words if len(w) > limits.word_chars), None) \
            if max(map(len, c.words), default=0) > limits.word_chars else None
        if long is not None:
            raise LimitError("word_chars", len(long), limits.word_chars,
                             f"a word of the query is {len(long)} characters long ({_quoted(long, 20)}); the limit is "
                             f"{limits.word_chars} (word_chars)", text=excerpt(long, 20))
        if c.kind == "phrase" and len(c.terms) > limits.phrase_terms:
            phrase = c.text.strip('"')  # the words, without the typed quotes
            raise LimitError("phrase_terms", len(c.terms), limits.phrase_terms,
                             f"the phrase {_quoted(phrase)} has {len(c.terms)} terms; the limit is "
                             f"{limits.phrase_terms} (phrase_terms)", text=excerpt(phrase))
    if parsed.depth > limits.depth:
        raise LimitError("depth", parsed.depth, limits.depth, f"the query nests brackets {parsed.depth} deep; "
                         f"the limit is {limits.depth} (depth)")
    n_prefixes = sum(c.kind == "prefix" for c in parsed.clauses)
    if n_prefixes > limits.prefixes:
        raise LimitError("prefixes", n_prefixes, limits.prefixes, f"the query has {n_prefixes} prefix* words; "
                         f"the limit is {limits.prefixes} (prefixes)")


def check_page(limit: int, offset: int, limits: Limits = LIMITS) -> None:
    """Raise :class:`LimitError` unless ``1 <= limit <= limits.page`` and ``0 <= offset <= limits.offset``."""
    if not 1 <= limit <= limits.page:
        raise LimitError("page", limit, limits.page, f"limit must be between 1 and {limits.page}, got {limit}")
    if not 0 <= offset <= limits.offset:
        raise LimitError("offset", offset, limits.offset,
                         f"offset must be between 0 and {limits.offset}, got {offset}")


def shorten(parsed: ParsedQuery, limits: Limits = LIMITS) -> str | None:
    """The start of ``parsed``'s text that holds at most :attr:`Limits.terms` terms, or ``None`` when the
    query is within the limit: the text up to the end of the last whole clause (a word, a ``"phrase"``, a
    ``prefix*``) that fits, with any bracket still open there closed.  A pasted paragraph of 114 terms is
    searched by its first 64 (Google keeps 32 words); the query's ``:attr:`Limits.query_chars`` bound its
    text first, so this costs one pass over at most that many characters.  Which text ran is told to
    the user (:func:`shortened_note`)."""
    total = sum(len(c.terms) for c in parsed.clauses)
    if total <= limits.terms:
        return None
    text, pos, used = parsed.original, 0, 0
    for c in parsed.clauses:
        used += len(c.terms)
        if used > limits.terms:
            break
        at = text.find(c.text, pos)
        if at >= 0:
            pos = at + len(c.text)
    cut = text[:pos].rstrip()
    return cut + ")" * _open_brackets(cut)


def _open_brackets(text: str) -> int:
    """How many ``(`` of ``text`` (outside quotes) are not closed in it."""
    depth, k = 0, 0
    while k < len(text):
        ch = text[k]
        if ch == '"':
            end = text.find('"', k + 1)
            k = len(text) if end < 0 else end + 1
            continue
        if ch == "(":
            end = closing(text, k)
            if end >= len(text):
                depth += 1
            else:
                k = end
        k += 1
    return depth


def shortened_note(typed_terms: int, searched: str, limits: Limits = LIMITS, typed_words: int | None = None) -> Note:
    """The note for a shortened query (code ``"shortened"``, details ``terms``, ``limit``, ``searched``):
    shown in the CLI, the JSON ``notes`` and the page.  ``typed_words`` (words between spaces as typed), when
    fewer than the terms, is named too: «واژه0» is two terms, a word and a number."""
    words = (f" (from {typed_words} words: a word of letters and digits, or of parts joined by a hyphen, gives "
             "several terms)") if typed_words is not None and typed_words < typed_terms else ""
    return Note(f"the query has {typed_terms} terms after analysis{words}; only its first {limits.terms} were searched "
                f"(the limit is {limits.terms}: terms): «{searched}»", "shortened", terms=typed_terms,
                limit=limits.terms, searched=searched)
