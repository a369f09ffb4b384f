"""What one query may cost: the documented limits (:class:`Limits`) and their checks.

:func:`kavosh.query.plan.make_plan` checks the page (:func:`check_page`) and the query's length
first, then the parse of the query as typed and of any rewrite (:func:`check_parsed`); a request
over a limit is refused with a :class:`LimitError` naming it (CLI: one line; HTTP: 400 with the
limit in the JSON body).  The caps at the end of :class:`Limits` bound work silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import QuerySyntaxError
from .parse import MAX_QUERY_CHARS, ParsedQuery
from .spelling import MAX_WORDS_CORRECTED


class LimitError(QuerySyntaxError):
    """The request is over one of the documented limits (:class:`Limits`).

    Attributes:
        limit: the limit's name (a :class:`Limits` field, e.g. ``"query_chars"``).
        value: the request's value.
        maximum: the limit.
    """

    def __init__(self, limit: str, value: int, maximum: int, message: str) -> None:
        super().__init__(message, "limit", limit=limit, value=value, maximum=maximum)
        self.limit, self.value, self.maximum = limit, value, maximum


@dataclass(frozen=True)
class Limits:
    """What one query may cost (documented in ``docs/http.md`` and the README).

    A request over one of the first seven is refused with a :class:`LimitError` naming it;
    the last three are caps that bound work silently (documented, not errors).

    Attributes:
        query_chars: characters of the query text.
        terms: terms after analysis, over all clauses (each phrase term counts, stopwords
            included; a plain query's optional stopwords, which are not clauses, do not).
        word_chars: characters of one word after normalization.
        phrase_terms: terms in one quoted phrase.
        prefixes: ``prefix*`` clauses.
        depth: brackets inside brackets, ``((…))`` (each group is one nested boolean query to run).
        page: hits per page (``limit``).
        offset: hits skipped (``offset``).
        prefix_expansions: index terms one ``prefix*`` expands to, per field (a cap; search
            reads it from the plan).
        spelling_words: words of one query spelling correction considers, each of at most
            :data:`kavosh.query.spelling.MAX_WORD_LETTERS` letters (a cap).
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
        long = next((w for w in c.words if len(w) > limits.word_chars), None)
        if long is not None:
            raise LimitError("word_chars", len(long), limits.word_chars,
                             f"a word of the query is {len(long)} characters long ({long[:20]}…); the limit is "
                             f"{limits.word_chars} (word_chars)")
        if c.kind == "phrase" and len(c.terms) > limits.phrase_terms:
            raise LimitError("phrase_terms", len(c.terms), limits.phrase_terms,
                             f"the phrase {c.text[:40]} has {len(c.terms)} terms; the limit is "
                             f"{limits.phrase_terms} (phrase_terms)")
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
